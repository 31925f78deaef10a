// The embedded single-validator node: blocks, persistence, refusals, the dev
// clock, automatic key shares, and that profiles stay private on disk.

#include "node/local_node.h"
#include "node/wallets.h"
#include "rules/profile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QProcess>
#include <QElapsedTimer>
#include <QSysInfo>
#include <QTest>

#include <sqlite3.h>

using namespace chain;

namespace {

constexpr std::int64_t kGenesisTime = 1'767'225'600; // 2026-01-01T00:00:00Z
constexpr std::int64_t kDay = 86'400;
const std::string kFounderName = "Maria Aparecida Quintino";
const std::string kBobName = "Bartolomeu Xavier Pinto";

// A group founded in a temporary data folder, with a clock the test moves.
class NodeFixture {
public:
    explicit NodeFixture(bool dev_group = true, std::optional<PublicKey> validator = std::nullopt)
        : founder(crypto::KeyPair::generate()), bob(crypto::KeyPair::generate()), node_key(crypto::KeyPair::generate()) {
        FoundingInput input;
        input.group_name = "Condomínio Sol Nascente";
        input.dev_group = dev_group;
        input.time_s = kGenesisTime;
        input.founder_utility = "Light";
        input.founder_profile = make_profile(kFounderName, "1234567-8");
        const Founding founding = found_group(input, founder, validator.value_or(node_key.public_key()));
        genesis = founding.genesis;
        QString error;
        node = LocalNode::create(dir.path(), genesis, node_key, clock(), &error);
        if (!node) qFatal("cannot create the node: %s", qPrintable(error));
    }

    LocalNode::Clock clock() {
        return [this] { return now_s; };
    }

    void reopen() {
        node.reset();
        QString error;
        node = LocalNode::open(dir.path(), clock(), &error);
        if (!node) qFatal("cannot reopen the node: %s", qPrintable(error));
    }

    Transaction make_tx(const crypto::KeyPair& author, Operation op) const {
        Transaction tx;
        tx.group_id = genesis.group_id();
        tx.author = author.public_key();
        tx.nonce = node->next_nonce(crypto::account_id(author.public_key()));
        tx.valid_until_s = node->now() + kDay;
        tx.op = std::move(op);
        tx.sign(author);
        return tx;
    }

    ProposePlant plant() const {
        return ProposePlant{"Usina Telhado", PlantSource::Solar, 75'000, 15'000'000, "Light", "Niterói, RJ",
                            static_cast<std::uint64_t>(30 * kDay)};
    }

    // Submits and commits a transaction that must be accepted.
    void commit(const crypto::KeyPair& author, Operation op) {
        const SubmitResult submitted = node->submit(make_tx(author, std::move(op)));
        if (!submitted.accepted()) qFatal("refused: %s", submitted.rejection->message.c_str());
        if (!node->produce_until_idle().ok()) qFatal("no block");
    }

    // `who` asks to join with a real sealed profile; returns the referendum id.
    std::uint64_t asks_to_join(const crypto::KeyPair& who, const std::string& full_name) {
        const Profile profile = make_profile(full_name, "7654321-0");
        commit(who, RequestAdmission{"Light", profile_commitment(profile),
                                     seal_profile(profile, node->summary().data_key_epoch, node->data_public_key())});
        return node->referendums().back().id;
    }
    std::uint64_t bob_asks_to_join() { return asks_to_join(bob, kBobName); }

    // The founder votes yes and the dev clock moves past the deadline.
    void founder_admits_bob() {
        const std::uint64_t referendum_id = bob_asks_to_join();
        if (!node->submit(make_tx(founder, CastVote{referendum_id, true})).accepted()) qFatal("vote refused");
        (void)node->produce_until_idle();
        if (!node->advance_clock(31 * kDay).ok()) qFatal("the dev clock did not move");
    }

    AccountId account(const crypto::KeyPair& key) const { return crypto::account_id(key.public_key()); }

    QTemporaryDir dir;
    std::int64_t now_s = kGenesisTime + 60;
    crypto::KeyPair founder;
    crypto::KeyPair bob;
    crypto::KeyPair node_key;
    Genesis genesis;
    std::unique_ptr<LocalNode> node;
};

// Every file under `path` whose bytes contain `needle`.
QStringList files_containing(const QString& path, const std::string& needle) {
    QStringList found;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString file = it.next();
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file));
        if (f.readAll().contains(QByteArray::fromStdString(needle))) found << file;
    }
    return found;
}

// Readable and writable by the owner, nothing for the group or others.
bool owner_only(const QString& path) {
    const QFileDevice::Permissions others = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                                            QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    const QFileDevice::Permissions permissions = QFile::permissions(path);
    return (permissions & others) == 0 && permissions.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace

class TestNode : public QObject {
    Q_OBJECT

private slots:
    void commits_a_transaction_with_signals();
    void reopens_at_the_same_height_and_root();
    void refuses_a_ledger_whose_last_block_is_unreadable();
    void refuses_a_damaged_state_row();
    void refuses_a_second_group_in_one_folder();
    void opens_after_a_crash_while_locking();
    void opens_after_a_crash_while_taking_over_a_lock();
    void rejects_bad_signature_duplicate_and_bad_nonce();
    void drops_a_transaction_that_fails_at_block_time();
    void dev_clock_closes_a_referendum();
    void normal_group_refuses_the_dev_clock();
    void node_that_is_not_a_validator_makes_no_block();
    void posts_key_share_after_admission();
    void rotates_the_data_key_after_a_removal();
    void profiles_stay_private_on_disk();
    void wallets_round_trip();
};

void TestNode::commits_a_transaction_with_signals() {
    NodeFixture f;
    QSignalSpy blocks(f.node.get(), &Node::blockCommitted);
    QSignalSpy committed(f.node.get(), &Node::transactionCommitted);
    const Transaction tx = f.make_tx(f.founder, f.plant());
    const SubmitResult submitted = f.node->submit(tx);
    QVERIFY(submitted.accepted());
    QCOMPARE(submitted.transaction_id, tx.id());
    QCOMPARE(f.node->queued_count(), std::size_t{1});
    QCOMPARE(f.node->next_nonce(f.account(f.founder)), std::uint64_t{2});

    const Result<std::uint64_t> made = f.node->produce_block();
    QVERIFY(made.ok());
    QCOMPARE(made.value(), std::uint64_t{1});
    QCOMPARE(blocks.count(), 1);
    QCOMPARE(blocks.at(0).at(0).value<quint64>(), quint64(1));
    QCOMPARE(committed.count(), 1);
    QCOMPARE(committed.at(0).at(0).value<Hash256>(), tx.id());
    QCOMPARE(committed.at(0).at(1).value<quint64>(), quint64(1));
    QCOMPARE(f.node->transaction_height(tx.id()), std::optional<std::uint64_t>(1));
    QCOMPARE(f.node->summary().height, std::uint64_t{1});
    QCOMPARE(f.node->summary().open_referendum_count, std::uint64_t{1});
    QCOMPARE(f.node->plants().size(), std::size_t{1});
    QCOMPARE(f.node->queued_count(), std::size_t{0});
    // Nothing left to do: no block.
    QCOMPARE(f.node->produce_block().value(), std::uint64_t{0});
}

void TestNode::reopens_at_the_same_height_and_root() {
    NodeFixture f;
    QVERIFY(f.node->submit(f.make_tx(f.founder, f.plant())).accepted());
    QCOMPARE(f.node->produce_until_idle().value(), std::uint64_t{1});
    const GroupSummary before = f.node->summary();
    f.reopen();
    const GroupSummary after = f.node->summary();
    QCOMPARE(after.height, std::uint64_t{1});
    QCOMPARE(after.state_root, before.state_root);
    QCOMPARE(after.group_id, f.genesis.group_id());
    QCOMPARE(f.node->node_public_key(), f.node_key.public_key());
    QCOMPARE(f.node->next_nonce(f.account(f.founder)), std::uint64_t{2});
    // The node key is readable by its owner only.
    QVERIFY(owner_only(LocalNode::node_key_path(f.dir.path())));
    // And the reopened node keeps building on the same chain.
    QVERIFY(f.node->submit(f.make_tx(f.founder, f.plant())).accepted());
    QCOMPARE(f.node->produce_until_idle().value(), std::uint64_t{1});
    QCOMPARE(f.node->summary().height, std::uint64_t{2});
}

// Opening reads only the last block's header; a header that cannot be read
// is named, and the node does not open on a state it cannot check.
void TestNode::refuses_a_ledger_whose_last_block_is_unreadable() {
    NodeFixture f;
    QVERIFY(f.node->submit(f.make_tx(f.founder, f.plant())).accepted());
    QCOMPARE(f.node->produce_until_idle().value(), std::uint64_t{1});
    f.node.reset();
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(LocalNode::store_path(f.dir.path()).toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, "UPDATE blocks SET header = x'00' WHERE height = 1", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    QString error;
    QVERIFY(!LocalNode::open(f.dir.path(), f.clock(), &error));
    QVERIFY2(error.contains(QStringLiteral("block 1 is missing from the database")), qPrintable(error));
}

// A group founded now keeps its state as rows (protocol version 2). A row
// changed behind the node's back is caught on opening, against the last
// block's header, and the message that reaches the user (the desktop, the
// CLI) says the data dir is damaged, where it is, and what to do.
void TestNode::refuses_a_damaged_state_row() {
    NodeFixture f;
    QCOMPARE(f.node->summary().protocol_version, kProtocolVersionStateTables);
    QVERIFY(f.node->submit(f.make_tx(f.founder, f.plant())).accepted());
    QCOMPARE(f.node->produce_until_idle().value(), std::uint64_t{1});
    f.node.reset();
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(LocalNode::store_path(f.dir.path()).toUtf8().constData(), &db), SQLITE_OK);
    // The founder's nonce (the nonces table, id 4) goes from 1 to 2.
    QCOMPARE(sqlite3_exec(db, "UPDATE state_entries SET value = x'0000000000000002' WHERE table_id = 4", nullptr, nullptr,
                          nullptr),
             SQLITE_OK);
    QCOMPARE(sqlite3_changes(db), 1);
    sqlite3_close(db);
    const auto digest = [&] {
        QFile file(LocalNode::store_path(f.dir.path()));
        return file.open(QIODevice::ReadOnly) ? QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256)
                                              : QByteArray();
    };
    const QByteArray digest_before = digest();
    QVERIFY(!digest_before.isEmpty());
    QString error;
    QVERIFY(!LocalNode::open(f.dir.path(), f.clock(), &error));
    QCOMPARE(digest(), digest_before); // refused without writing to the database
    QVERIFY2(error.startsWith(QStringLiteral("cannot open the group in %1: the data dir is damaged: the group state "
                                             "stored after block 1 has the state root ")
                                  .arg(f.dir.path())),
             qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("restore the data dir from a backup, or move its chain.sqlite files out of "
                                           "it (keep its wallets folder, which holds the keys)")),
             qPrintable(error));
    // The node saved the checkpoint of its state's tries when it closed, so
    // the refusal names the damaged rows.
    QVERIFY2(error.contains(QStringLiteral("compared with the checkpoint of the state's tries saved at block 1, the "
                                           "damage is in the nonces rows whose keys start with %1.")
                                .arg(QString::fromStdString(codec::to_hex(f.account(f.founder))).left(2))),
             qPrintable(error));
}

// Found by test_crash: a process killed between creating node.lock and
// writing its pid into it leaves an empty lock file, and the data dir could
// never be opened again ("cannot lock the data folder").
void TestNode::opens_after_a_crash_while_locking() {
    NodeFixture f;
    const GroupSummary before = f.node->summary();
    f.node.reset();
    const QString lock_path = QDir(f.dir.path()).filePath(QStringLiteral("node.lock"));
    QFile lock_file(lock_path);
    QVERIFY(lock_file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    lock_file.close();
    QVERIFY(QFileInfo::exists(lock_path));
    f.reopen();
    QCOMPARE(f.node->summary().state_root, before.state_root);
    // Taken over, and held: a second program is still refused.
    QString error;
    QVERIFY(!LocalNode::open(f.dir.path(), f.clock(), &error));
    QVERIFY2(error.contains(QStringLiteral("in use by another Rateio program")), qPrintable(error));
}

// A process killed while QLockFile removed a dead process's lock leaves that
// lock and an empty node.lock.rmlock, which QLockFile alone would honour for
// 30 s (test_crash found it): the next start takes over both at once.
void TestNode::opens_after_a_crash_while_taking_over_a_lock() {
    NodeFixture f;
    const GroupSummary before = f.node->summary();
    f.node.reset();
    // A lock held by a process that has finished: a child that exits at once.
    QProcess child;
    child.start(QStringLiteral("true"));
    QVERIFY(child.waitForStarted(10'000));
    const qint64 dead_pid = child.processId();
    QVERIFY(dead_pid > 0);
    QVERIFY(child.waitForFinished(10'000));
    const QString lock_path = QDir(f.dir.path()).filePath(QStringLiteral("node.lock"));
    QFile lock_file(lock_path);
    QVERIFY(lock_file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    // QLockFile's own layout: pid, application, host, machine id, boot id.
    lock_file.write(QByteArray::number(dead_pid) + "\ntest_node\n" + QSysInfo::machineHostName().toUtf8() +
                    "\n" + QSysInfo::machineUniqueId() + "\n" + QSysInfo::bootUniqueId() + "\n");
    lock_file.close();
    QFile removal_lock(lock_path + QStringLiteral(".rmlock"));
    QVERIFY(removal_lock.open(QIODevice::WriteOnly | QIODevice::Truncate));
    removal_lock.close();
    QElapsedTimer clock;
    clock.start();
    f.reopen();
    QVERIFY2(clock.elapsed() < 10'000, "the start waited for QLockFile's 30 s");
    QCOMPARE(f.node->summary().state_root, before.state_root);
    QString error;
    QVERIFY(!LocalNode::open(f.dir.path(), f.clock(), &error));
    QVERIFY2(error.contains(QStringLiteral("in use by another Rateio program")), qPrintable(error));
}

void TestNode::refuses_a_second_group_in_one_folder() {
    NodeFixture f;
    QVERIFY(LocalNode::holds_group(f.dir.path()));
    QString error;
    const auto second = LocalNode::create(f.dir.path(), f.genesis, f.node_key, f.clock(), &error);
    QVERIFY(!second);
    QVERIFY2(error.contains("already holds a group"), qPrintable(error));
    QTemporaryDir empty;
    QVERIFY(!LocalNode::open(empty.path(), f.clock(), &error));
    QVERIFY2(error.contains("holds no group"), qPrintable(error));
}

void TestNode::rejects_bad_signature_duplicate_and_bad_nonce() {
    NodeFixture f;
    Transaction forged = f.make_tx(f.founder, f.plant());
    std::get<ProposePlant>(forged.op).cost_cents = 1; // changed after signing
    SubmitResult result = f.node->submit(forged);
    QVERIFY(!result.accepted());
    QCOMPARE(result.rejection->code, ErrorCode::BadSignature);

    const Transaction tx = f.make_tx(f.founder, f.plant());
    QVERIFY(f.node->submit(tx).accepted());
    result = f.node->submit(tx);
    QCOMPARE(result.rejection->code, ErrorCode::DuplicateTransaction); // queued
    QCOMPARE(f.node->produce_until_idle().value(), std::uint64_t{1});
    result = f.node->submit(tx);
    QCOMPARE(result.rejection->code, ErrorCode::DuplicateTransaction); // committed

    Transaction gap = f.make_tx(f.founder, f.plant());
    gap.nonce += 3;
    gap.sign(f.founder);
    result = f.node->submit(gap);
    QVERIFY(!result.accepted());
    QCOMPARE(result.rejection->code, ErrorCode::BadNonce);
    QCOMPARE(f.node->queued_count(), std::size_t{0});
}

void TestNode::drops_a_transaction_that_fails_at_block_time() {
    NodeFixture f;
    QSignalSpy rejected(f.node.get(), &Node::transactionRejected);
    QSignalSpy committed(f.node.get(), &Node::transactionCommitted);
    // Valid when submitted, expired when the block is made a day later.
    Transaction tx = f.make_tx(f.founder, f.plant());
    tx.valid_until_s = f.now_s + 10;
    tx.sign(f.founder);
    QVERIFY(f.node->submit(tx).accepted());
    f.now_s += kDay;
    QCOMPARE(f.node->produce_block().value(), std::uint64_t{1});
    QCOMPARE(committed.count(), 0);
    QCOMPARE(rejected.count(), 1);
    QCOMPARE(rejected.at(0).at(0).value<Hash256>(), tx.id());
    QCOMPARE(rejected.at(0).at(1).toInt(), static_cast<int>(ErrorCode::Expired));
    QVERIFY(!f.node->transaction_height(tx.id()));
    QCOMPARE(f.node->queued_count(), std::size_t{0});
}

void TestNode::dev_clock_closes_a_referendum() {
    NodeFixture f;
    const std::uint64_t referendum_id = f.bob_asks_to_join();
    QVERIFY(f.node->submit(f.make_tx(f.founder, CastVote{referendum_id, true})).accepted());
    QCOMPARE(f.node->produce_until_idle().value(), std::uint64_t{1});
    QCOMPARE(f.node->referendum(referendum_id)->outcome, Outcome::Pending);

    // Before the deadline nothing is due.
    QCOMPARE(f.node->produce_block().value(), std::uint64_t{0});
    const Result<std::uint64_t> zero = f.node->advance_clock(0);
    QCOMPARE(zero.error().code, ErrorCode::InvalidArgument);

    const Result<std::uint64_t> moved = f.node->advance_clock(31 * kDay);
    QVERIFY2(moved.ok(), moved.ok() ? "" : moved.error().message.c_str());
    QVERIFY(moved.value() >= 1);
    QCOMPARE(f.node->referendum(referendum_id)->outcome, Outcome::Approved);
    QVERIFY(f.node->member(f.account(f.bob)));
    QCOMPARE(f.node->dev_clock_offset_s(), 31 * kDay);
    QVERIFY(f.node->summary().time_s >= kGenesisTime + 31 * kDay);

    // The offset is saved with the group.
    f.reopen();
    QCOMPARE(f.node->dev_clock_offset_s(), 31 * kDay);
    QCOMPARE(f.node->now(), f.now_s + 31 * kDay);
}

void TestNode::normal_group_refuses_the_dev_clock() {
    NodeFixture f(/*dev_group=*/false);
    const Result<std::uint64_t> moved = f.node->advance_clock(kDay);
    QVERIFY(!moved.ok());
    QCOMPARE(moved.error().code, ErrorCode::DevClockRefused);
    QVERIFY(QString::fromStdString(moved.error().message).contains("not a dev group"));
    QCOMPARE(f.node->dev_clock_offset_s(), std::int64_t{0});
}

void TestNode::node_that_is_not_a_validator_makes_no_block() {
    NodeFixture f(/*dev_group=*/true, crypto::KeyPair::generate().public_key());
    QVERIFY(!f.node->is_validator());
    QVERIFY(f.node->submit(f.make_tx(f.founder, f.plant())).accepted());
    const Result<std::uint64_t> made = f.node->produce_block();
    QVERIFY(!made.ok());
    QVERIFY(QString::fromStdString(made.error().message).contains("not a validator"));
    QCOMPARE(f.node->summary().height, std::uint64_t{0});
}

void TestNode::posts_key_share_after_admission() {
    NodeFixture f;
    f.node->add_member_key(f.founder);
    f.founder_admits_bob();

    // The founder's node shared the key in a block after the admission.
    std::optional<Member> bob = f.node->member(f.account(f.bob));
    QVERIFY(bob);
    QCOMPARE(bob->key_epoch, std::uint32_t{0});
    QVERIFY(!bob->sealed_keys.empty());
    const std::vector<Event> events = f.node->events_since(0, 1000);
    QVERIFY(std::any_of(events.begin(), events.end(), [](const Event& e) { return e.kind == EventKind::DataKeyShared; }));

    // Bob's own ring opens his profile and the founder's.
    const std::optional<DataKeyRing> ring = open_key_ring(bob->sealed_keys, f.bob);
    QVERIFY(ring);
    QCOMPARE(ring->size(), std::size_t{1});
    const std::optional<Profile> own = open_profile(bob->profile, bob->profile_commitment, *ring);
    QVERIFY(own);
    QCOMPARE(own->full_name, kBobName);
    const std::optional<Member> founder = f.node->member(f.account(f.founder));
    const std::optional<Profile> founders = open_profile(founder->profile, founder->profile_commitment, *ring);
    QVERIFY(founders);
    QCOMPARE(founders->full_name, kFounderName);

    // Through the node, with only Bob's key held.
    f.reopen();
    QVERIFY(!f.node->profile(f.account(f.founder)));
    f.node->add_member_key(f.bob);
    QCOMPARE(f.node->profile(f.account(f.founder))->full_name, kFounderName);
    QCOMPARE(f.node->profile(f.account(f.bob))->consumer_unit, std::string("7654321-0"));
    // Nobody lacks the key now, so adding a key posts nothing.
    QCOMPARE(f.node->queued_count(), std::size_t{0});
}

void TestNode::rotates_the_data_key_after_a_removal() {
    NodeFixture f;
    f.node->add_member_key(f.founder);
    f.founder_admits_bob();
    const crypto::KeyPair carol = crypto::KeyPair::generate();
    const std::uint64_t admission = f.asks_to_join(carol, "Carolina Dias");
    f.commit(f.founder, CastVote{admission, true});
    f.commit(f.bob, CastVote{admission, true});
    QVERIFY(f.node->advance_clock(31 * kDay).ok());
    const std::optional<Member> admitted = f.node->member(f.account(carol));
    QVERIFY(admitted);
    QCOMPARE(admitted->key_epoch, std::uint32_t{0});
    const DataKeyRing carols_old_ring = *open_key_ring(admitted->sealed_keys, carol);

    f.commit(f.founder, ProposeChange{RemoveMember{f.account(carol)}, "moved away"});
    const std::uint64_t removal = f.node->referendums().back().id;
    f.commit(f.founder, CastVote{removal, true});
    f.commit(f.bob, CastVote{removal, true});
    QVERIFY(f.node->advance_clock(31 * kDay).ok());
    QVERIFY(!f.node->member(f.account(carol)));

    // The founder's node rotated the key for the remaining members.
    QCOMPARE(f.node->summary().data_key_epoch, std::uint32_t{1});
    const std::optional<Member> bob = f.node->member(f.account(f.bob));
    QCOMPARE(bob->key_epoch, std::uint32_t{1});
    const std::optional<DataKeyRing> bobs_ring = open_key_ring(bob->sealed_keys, f.bob);
    QCOMPARE(bobs_ring->size(), std::size_t{2});

    // A profile sealed after the removal is out of Carol's reach, not Bob's.
    const Profile updated = make_profile("Bartolomeu X. Pinto", "7654321-0");
    f.commit(f.bob, UpdateProfile{profile_commitment(updated), seal_profile(updated, 1, f.node->data_public_key())});
    const std::optional<Member> after = f.node->member(f.account(f.bob));
    QVERIFY(!open_profile(after->profile, after->profile_commitment, carols_old_ring));
    QCOMPARE(open_profile(after->profile, after->profile_commitment, *bobs_ring)->full_name, updated.full_name);
    QCOMPARE(f.node->profile(f.account(f.bob))->full_name, updated.full_name);
}

void TestNode::profiles_stay_private_on_disk() {
    NodeFixture f;
    f.founder_admits_bob(); // no member key was ever added to this node
    QVERIFY(f.node->member(f.account(f.bob)));
    f.node.reset(); // flushes and closes the database
    for (const std::string& name : {kFounderName, kBobName}) {
        const QStringList found = files_containing(f.dir.path(), name);
        QVERIFY2(found.isEmpty(), qPrintable(QString::fromStdString(name) + " found in " + found.join(", ")));
    }
    QVERIFY(!files_containing(f.dir.path(), "Light").isEmpty()); // the scan does see plaintext

    // A member's node reads them.
    f.reopen();
    f.node->add_member_key(f.founder);
    QCOMPARE(f.node->profile(f.account(f.founder))->full_name, kFounderName);
    QCOMPARE(f.node->profile(f.account(f.bob))->full_name, kBobName);
}

void TestNode::wallets_round_trip() {
    QTemporaryDir dir;
    WalletStore wallets(LocalNode::wallets_path(dir.path()));
    // Spaces and accents are fine in a name; a control character is not.
    QCOMPARE(wallets.create("bad\x01name", "long enough").error().code, ErrorCode::InvalidArgument);
    QCOMPARE(wallets.create("alice", "short").error().code, ErrorCode::InvalidArgument);
    const Result<std::string> address = wallets.create("alice", "long enough");
    QVERIFY(address.ok());
    QCOMPARE(wallets.create("alice", "long enough").error().code, ErrorCode::WalletError);
    QVERIFY(owner_only(wallets.path("alice")));
    QCOMPARE(wallets.list().size(), std::size_t{1});
    QCOMPARE(wallets.list().at(0).address, address.value());

    const Result<crypto::KeyPair> wrong = wallets.unlock("alice", "not the one");
    QVERIFY(!wrong.ok());
    QVERIFY(QString::fromStdString(wrong.error().message).contains("wrong passphrase"));
    QVERIFY(QString::fromStdString(wallets.unlock("nobody", "x").error().message).contains("no wallet"));
    const Result<crypto::KeyPair> key = wallets.unlock("alice", "long enough");
    QVERIFY(key.ok());
    QCOMPARE(crypto::address(crypto::account_id(key.value().public_key())), address.value());

    QVERIFY(!wallets.change_passphrase("alice", "long enough", "another one"));
    QVERIFY(wallets.unlock("alice", "another one").ok());
    const QString backup = dir.filePath("alice-backup.wallet");
    QVERIFY(!wallets.export_wallet("alice", backup));
    QCOMPARE(wallets.import_wallet("alice2", backup).value(), address.value());
    QFile damaged(dir.filePath("damaged.wallet"));
    QVERIFY(damaged.open(QIODevice::WriteOnly));
    damaged.write("not a key store");
    damaged.close();
    QCOMPARE(wallets.import_wallet("broken", damaged.fileName()).error().code, ErrorCode::WalletError);
}

QTEST_GUILESS_MAIN(TestNode)
#include "test_node.moc"
