// A validator whose disk fails (issue: fail-stop). Four NetworkNodes in one
// process over real TCP on 127.0.0.1, each with its own SQLite file; one of
// them opens its store through a VFS shim (tests/support/faulty_vfs.h) that
// fails real writes, syncs or reads, so SQLite reports what a full or failing
// disk reports (SQLITE_FULL, SQLITE_IOERR_FSYNC) on the Store's real paths.
//
// What a peer receives is watched by an observer: a bare PeerNetwork in the
// group, connected to the faulty validator, that records every consensus
// message that validator signed. The rule checked there: while its storage
// fails (so it could save nothing), no message signed by it for a height it
// had not yet signed anything in may reach a peer; and it never signs two
// different votes or proposals for one slot, before or after its restart.

#include "cluster.h"

#include "../support/faulty_vfs.h"
#include "consensus/messages.h"
#include "net/peer_network.h"
#include "store/store.h"

#include <QTest>

#include <map>
#include <set>
#include <tuple>

using namespace chain;
using namespace chain::testing;
using testing_support::FaultyVfs;

namespace {

constexpr std::size_t kFaulty = 3; // the validator whose storage fails

using Slot = std::tuple<std::uint64_t, std::uint32_t, int>; // height, round, kind (0 proposal, 1/2 vote type)
using Signed = std::map<Slot, Hash256>;                       // what was signed in each slot

QString slot_text(const Slot& slot) {
    const auto [height, round, kind] = slot;
    return QStringLiteral("%1 of height %2, round %3")
        .arg(kind == 0 ? QStringLiteral("proposal") : kind == 1 ? QStringLiteral("prevote") : QStringLiteral("precommit"))
        .arg(height)
        .arg(round);
}

// The slot and value of a message `signer` signed, if it did.
std::optional<std::pair<Slot, Hash256>> signed_slot(const consensus::Message& message, const Hash256& group_id,
                                                   const PublicKey& signer) {
    if (const auto* vote = std::get_if<consensus::Vote>(&message)) {
        if (vote->validator != signer) return std::nullopt;
        return std::pair{Slot{vote->height, vote->round, static_cast<int>(vote->type)}, vote->block_hash.value_or(Hash256{})};
    }
    const auto& proposal = std::get<consensus::Proposal>(message);
    if (!proposal.signature_valid(group_id, signer)) return std::nullopt;
    return std::pair{Slot{proposal.height, proposal.round, 0}, proposal.block.header.hash()};
}

// Every consensus message one validator signed, as a peer received them.
class Observer : public QObject {
public:
    Observer(const Genesis& genesis, const PublicKey& watched)
        : group_id_(genesis.group_id()), watched_(watched),
          network_(crypto::KeyPair::generate(), genesis.group_id(), fast_network_tuning().network, this) {
        connect(&network_, &net::PeerNetwork::messageReceived, this,
                [this](const QString&, const net::Message& message) { on_message(message); });
    }
    void watch(quint16 port) { network_.add_peer(QStringLiteral("127.0.0.1:%1").arg(port)); }

    // Any message for heights >= `from_height` is a violation from now on
    // (the validator can have saved nothing there), until closed.
    void open_unsaved_window(std::uint64_t from_height) { unsaved_from_height_ = from_height; }
    void close_unsaved_window() { unsaved_from_height_.reset(); }

    const Signed& received() const { return signed_; }
    std::vector<QString> violations;
    std::uint64_t seen = 0;
    std::uint64_t highest_height_signed = 0;

private:
    void on_message(const net::Message& message) {
        const auto* wrapped = std::get_if<net::ConsensusMessage>(&message);
        if (!wrapped) return;
        const std::optional<consensus::Message> decoded = consensus::decode_message(wrapped->payload);
        if (!decoded) return;
        const std::optional<std::pair<Slot, Hash256>> slot = signed_slot(*decoded, group_id_, watched_);
        if (!slot) return;
        ++seen;
        highest_height_signed = std::max(highest_height_signed, std::get<0>(slot->first));
        if (unsaved_from_height_ && std::get<0>(slot->first) >= *unsaved_from_height_)
            violations.push_back(QStringLiteral("an unsaved %1 reached a peer").arg(slot_text(slot->first)));
        const auto [it, inserted] = signed_.emplace(slot->first, slot->second);
        if (!inserted && it->second != slot->second)
            violations.push_back(QStringLiteral("two different %1s signed").arg(slot_text(slot->first)));
    }

    Hash256 group_id_;
    PublicKey watched_;
    net::PeerNetwork network_;
    std::optional<std::uint64_t> unsaved_from_height_;
    Signed signed_;
};

// A node's database, opened as a second reader on healthy storage.
std::unique_ptr<Store> open_store(const Cluster& cluster, std::size_t index) {
    std::string error;
    std::unique_ptr<Store> store =
        Store::open(NetworkNode::store_path(cluster.config(index).data_dir).toStdString(), &error);
    if (!store) qFatal("cannot open node %zu's database: %s", index, error.c_str());
    return store;
}

// What a stopped validator's store holds for heights it has not committed:
// the slots it saved (read on healthy storage, after it stopped).
Signed saved_slots(const Cluster& cluster, std::size_t index, std::uint64_t from_height, std::uint64_t to_height,
                   QString* error) {
    Signed saved;
    std::string store_error;
    const std::unique_ptr<Store> store = open_store(cluster, index);
    const PublicKey signer = cluster.keys[index].public_key();
    for (std::uint64_t h = from_height; h <= to_height; ++h) {
        const std::optional<std::vector<Bytes>> rows = store->consensus_records(h, &store_error);
        if (!rows) *error = QString::fromStdString(store_error);
        for (const Bytes& row : rows.value_or(std::vector<Bytes>{})) {
            const std::optional<consensus::Record> record = consensus::decode_record(row);
            if (!record || std::holds_alternative<consensus::LockRecord>(*record)) continue;
            const consensus::Message message = std::holds_alternative<consensus::Vote>(*record)
                                                   ? consensus::Message{std::get<consensus::Vote>(*record)}
                                                   : consensus::Message{std::get<consensus::Proposal>(*record)};
            if (const auto slot = signed_slot(message, cluster.genesis.group_id(), signer)) saved.insert(*slot);
        }
    }
    return saved;
}

QString joined(const std::vector<QString>& lines) {
    QStringList list(lines.begin(), lines.end());
    return list.join(QStringLiteral("; "));
}

} // namespace

class TestStorageFaults : public QObject {
    Q_OBJECT
private slots:
    void a_store_read_failure_is_not_an_empty_list();
    void a_validator_that_cannot_save_stops_and_sends_nothing_unsaved_data();
    void a_validator_that_cannot_save_stops_and_sends_nothing_unsaved();
    void unreadable_records_at_a_restart_stop_the_validator();
    void a_follower_that_cannot_save_pauses_and_resumes();
};

// Store level: a failed read of the records ends like their end today; it
// must be told apart.
void TestStorageFaults::a_store_read_failure_is_not_an_empty_list() {
    FaultyVfs vfs("rateio-test-reads");
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("chain.sqlite")).toStdString();
    std::string error;
    {
        std::unique_ptr<Store> store = Store::open(path, &error);
        QVERIFY2(store, error.c_str());
        QVERIFY(store->append_consensus_records({{1, Bytes{1, 2, 3}}, {1, Bytes{4, 5}}}, &error));
    }
    std::unique_ptr<Store> store = Store::open(path, &error, vfs.name());
    QVERIFY2(store, error.c_str());
    vfs.fail_reads_after(0);
    error.clear();
    const std::optional<std::vector<Bytes>> records = store->consensus_records(1, &error);
    QVERIFY2(!records, "a failed read came back as a list");
    QVERIFY2(!error.empty(), "a failed read gave no reason");
    QVERIFY(vfs.reads_failed() > 0);
    vfs.heal();
    const std::optional<std::vector<Bytes>> healed = store->consensus_records(1, &error);
    QVERIFY(healed);
    QCOMPARE(healed->size(), std::size_t{2});
}

void TestStorageFaults::a_validator_that_cannot_save_stops_and_sends_nothing_unsaved_data() {
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("ok_calls");
    QTest::newRow("full disk at the first vote") << QStringLiteral("write") << 0;
    QTest::newRow("failed fsync at the first vote") << QStringLiteral("sync") << 0;
    QTest::newRow("failed fsync at the second save") << QStringLiteral("sync") << 1;
    QTest::newRow("failed fsync at the third save") << QStringLiteral("sync") << 2;
}

// The group is idle (heights start lazily), so the faulty validator has
// signed nothing for the next height when its storage starts failing; a
// transaction then starts that height.
void TestStorageFaults::a_validator_that_cannot_save_stops_and_sends_nothing_unsaved() {
    QFETCH(QString, fault);
    QFETCH(int, ok_calls);
    FaultyVfs vfs("rateio-test-validator");
    Cluster cluster(4, 0);
    cluster.adjust_config = [&](std::size_t index, NetworkNodeConfig& c) {
        if (index == kFaulty) c.store_vfs = vfs.name();
    };
    Observer observer(cluster.genesis, cluster.keys[kFaulty].public_key());
    for (std::size_t i = 0; i < 4; ++i) cluster.start(i);
    observer.watch(cluster.node(kFaulty)->listening_port());
    QVERIFY(cluster.commit_admissions(2));
    QVERIFY(QTest::qWaitFor([&] { return cluster.converged(); }, kWaitMs));
    QVERIFY2(observer.seen > 0, "the observer saw nothing of the faulty validator before the fault");

    const std::uint64_t height_before = cluster.node(kFaulty)->summary().height;
    if (fault == QLatin1String("write")) vfs.fail_writes_after(static_cast<std::uint64_t>(ok_calls));
    else vfs.fail_syncs_after(static_cast<std::uint64_t>(ok_calls));
    // With no save let through, nothing at all may go out from the next height on.
    if (ok_calls == 0) observer.open_unsaved_window(height_before + 1);

    // The others keep committing: three more blocks, each with a request to join.
    const std::uint64_t others_before = cluster.node(0)->summary().height;
    for (int i = 0; i < 3; ++i) {
        const Transaction tx = cluster.admission();
        QVERIFY(cluster.node(0)->submit(tx).accepted());
        QVERIFY2(QTest::qWaitFor([&] { return cluster.node(0)->transaction_height(tx.id()).has_value(); }, kWaitMs),
                 "the three healthy validators stopped committing");
    }
    QVERIFY(cluster.node(0)->summary().height >= others_before + 3);
    // Long enough for several resend intervals of the stopped validator.
    QTest::qWait(static_cast<int>(3 * fast_network_tuning().timeouts.resend_interval_ms));

    const std::optional<StorageProblem> problem = cluster.node(kFaulty)->storage_problem();
    QVERIFY2(observer.violations.empty(), qPrintable(joined(observer.violations)));
    const std::uint64_t stopped_at = cluster.node(kFaulty)->summary().height;
    QVERIFY(stopped_at <= height_before + 1);

    // Everything it sent for a height it did not commit is on its disk.
    cluster.stop(kFaulty);
    vfs.heal();
    QString read_error;
    const std::uint64_t committed_on_disk = std::max(stopped_at, open_store(cluster, kFaulty)->height());
    const Signed saved = saved_slots(cluster, kFaulty, committed_on_disk + 1, observer.highest_height_signed, &read_error);
    QVERIFY2(read_error.isEmpty(), qPrintable(read_error));
    for (const auto& [slot, value] : observer.received()) {
        // Committed heights' records are pruned (they were saved before the
        // commit). A commit whose fsync failed may still have reached the
        // disk: the height on disk counts, not the one the node believed.
        if (std::get<0>(slot) <= committed_on_disk) continue;
        const auto it = saved.find(slot);
        QVERIFY2(it != saved.end() && it->second == value,
                 qPrintable(QStringLiteral("an unsaved %1 reached a peer").arg(slot_text(slot))));
    }

    QVERIFY2(problem, "the validator whose disk fails says nothing");
    QVERIFY(problem->validator_stopped);
    QVERIFY2(!problem->detail.isEmpty(), "no reason given");

    // Restarted on healthy storage: it catches up and signs again, never
    // anything that conflicts with what it signed before.
    observer.close_unsaved_window();
    cluster.start(kFaulty);
    observer.watch(cluster.node(kFaulty)->listening_port());
    QVERIFY2(!cluster.node(kFaulty)->storage_problem(), "a healthy restart still reports a problem");
    QVERIFY2(QTest::qWaitFor([&] { return cluster.node(kFaulty)->summary().height >= cluster.node(0)->summary().height; },
                             kWaitMs),
             "the restarted validator did not catch up");
    const std::uint64_t signed_before = observer.highest_height_signed;
    QVERIFY(cluster.commit_admissions(2));
    QVERIFY2(QTest::qWaitFor([&] { return observer.highest_height_signed > signed_before; }, kWaitMs),
             "the restarted validator does not sign again");
    QVERIFY2(observer.violations.empty(), qPrintable(joined(observer.violations)));
}

// A record that cannot be read back at a restart is a failed save too: the
// validator must not start the height afresh.
void TestStorageFaults::unreadable_records_at_a_restart_stop_the_validator() {
    Cluster cluster(4, 0);
    Observer observer(cluster.genesis, cluster.keys[kFaulty].public_key());
    for (std::size_t i = 0; i < 4; ++i) cluster.start(i);
    QVERIFY(cluster.commit_admissions(1));
    QVERIFY(QTest::qWaitFor([&] { return cluster.converged(); }, kWaitMs));
    const std::uint64_t height = cluster.node(kFaulty)->summary().height;
    cluster.stop(kFaulty);
    {
        // A damaged record of the next height, as a failing disk leaves one.
        std::string error;
        QVERIFY2(open_store(cluster, kFaulty)->append_consensus_records({{height + 1, Bytes{0xde, 0xad}}}, &error),
                 error.c_str());
    }
    cluster.start(kFaulty);
    observer.watch(cluster.node(kFaulty)->listening_port());
    observer.open_unsaved_window(height + 1);
    // The others still decide without it.
    const Transaction tx = cluster.admission();
    QVERIFY(cluster.node(0)->submit(tx).accepted());
    QVERIFY(QTest::qWaitFor([&] { return cluster.node(0)->transaction_height(tx.id()).has_value(); }, kWaitMs));
    QTest::qWait(static_cast<int>(3 * fast_network_tuning().timeouts.resend_interval_ms));
    QVERIFY2(observer.violations.empty(), qPrintable(joined(observer.violations)));
    const std::optional<StorageProblem> problem = cluster.node(kFaulty)->storage_problem();
    QVERIFY2(problem, "unreadable records were taken as none");
    QCOMPARE(problem->kind, StorageProblem::Kind::VotesNotRead);
    QVERIFY(problem->validator_stopped);
}

// A member's desktop (not a validator) pauses, retries by itself and
// resumes once space is freed; it never stops for good.
void TestStorageFaults::a_follower_that_cannot_save_pauses_and_resumes() {
    FaultyVfs vfs("rateio-test-follower");
    constexpr std::size_t kFollower = 4;
    Cluster cluster(4, 1);
    cluster.adjust_config = [&](std::size_t index, NetworkNodeConfig& c) {
        if (index == kFollower) c.store_vfs = vfs.name();
    };
    for (std::size_t i = 0; i <= kFollower; ++i) cluster.start(i);
    QVERIFY(cluster.commit_admissions(1));
    vfs.fail_writes_after(0);
    for (int i = 0; i < 2; ++i) QVERIFY(cluster.node(0)->submit(cluster.admission()).accepted());
    QVERIFY2(QTest::qWaitFor([&] { return cluster.node(kFollower)->storage_problem().has_value(); }, kWaitMs),
             "the follower does not say it cannot save");
    const StorageProblem problem = *cluster.node(kFollower)->storage_problem();
    QCOMPARE(problem.kind, StorageProblem::Kind::BlocksNotSaved);
    QVERIFY2(!problem.validator_stopped, "a follower stopped for good");
    const std::uint64_t writes_failed = vfs.writes_failed();
    vfs.heal();
    QVERIFY2(QTest::qWaitFor([&] { return !cluster.node(kFollower)->storage_problem() && cluster.converged(); }, kWaitMs),
             "the follower did not resume by itself once space was freed");
    QVERIFY(writes_failed > 0);
}

QTEST_MAIN(TestStorageFaults)
#include "test_storage_faults.moc"
