// Crash safety with real processes: nodes killed with SIGKILL at random
// moments while they commit blocks, then restarted, again and again.
//
// Part 1: four validators as rateio-node processes on 127.0.0.1. A client
// keeps submitting transactions over the control sockets, so the nodes are
// committing a block at almost every moment; a random validator is killed
// after a random delay (now and then two at once, which leaves no quorum)
// and restarted. Part 2: the desktop's embedded node (LocalNode, in the
// crash_embedded_node process, which keeps making blocks) killed and
// restarted the same way; every fifth time while it is still opening its
// data dir (that found a data dir locked for good by an empty node.lock).
// Part 3: a follower (a fifth rateio-node, no validator) joining by state
// sync and then backfilling the history, killed at random moments of it;
// after each kill its data dir holds nothing, or the whole verified state of
// a certified block (and what the backfill replayed), never a part.
//
// After every kill the dead node's data dir is checked before it restarts:
//   - PRAGMA integrity_check is ok;
//   - no committed block is lost: the store still holds every block the node
//     announced as committed before it died (a node announces a height only
//     after the SQLite commit: Status messages for rateio-node, the
//     "committed" lines for the embedded node), with the same hash / state
//     root;
//   - the state root equals a replay from the genesis: every stored block is
//     checked against a chain replayed once from the genesis with
//     apply_block (certificates, re-execution, header state roots), and the
//     saved state must have the replayed state root of its height; both
//     groups run protocol version 2, so the saved state is rebuilt from its
//     rows, which Store::load_state checks against the last header's root,
//     and the root recomputed from the rows alone must match as well;
// and then it must restart (its control socket answers / it says "ready").
//
// No double signing. A validator's votes cannot be read back from its disk
// after the fact (the records of a committed height are pruned), so the test
// watches the wire instead: an observer node (a PeerNetwork in this process,
// with its own key, in every validator's peer list and dialing every
// validator) receives every proposal and vote each validator broadcasts,
// directly and relayed by the others (they relay what they accepted, and a
// conflicting second vote is relayed as evidence). It checks each signature
// and fails if one validator signed two different block ids (nil counts as
// one) for one (height, round, vote type), or two blocks for one proposal
// slot. A vote that a validator signed and persisted but could not send
// before the kill is not seen, and cannot conflict with anything anyone saw;
// the restarted validator re-sends it from its records. The validators' own
// logs are checked too: none may report evidence of a double vote.
//
// The seed is printed; RATEIO_CRASH_SEED=<n> reruns one sequence of kills
// (the moments still differ with the machine's timing). Nothing asserts on
// speed: the figures are printed.

#include "../node/cluster.h"
#include "consensus/messages.h"
#include "net/peer_network.h"
#include "node/control.h"
#include "node/local_node.h"
#include "node/network_node.h"
#include "node/node_files.h"
#include "rules/block_apply.h"
#include "rules/profile.h"
#include "store/store.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QThread>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <csignal>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <tuple>

using namespace chain;

namespace {

constexpr int kValidators = 4;
// Part 3: a fifth rateio-node, a follower that joins by state sync and then
// backfills the history, killed this many times at a random moment of it.
constexpr int kFollower = kValidators;
constexpr int kFollowerKills = 12;
constexpr int kFollowerKillDelayMaxMs = 6'000;
// Every other kill falls in the first moments: the wait for snapshot offers
// (1.5 s), the chunks and the write of the state.
constexpr int kFollowerEarlyKillDelayMaxMs = 2'500;
// Kills of part 1 (validators) and part 2 (embedded node): 200 and more in all.
constexpr int kValidatorKills = 120;
constexpr int kEmbeddedKills = 100;
// Every this many validator kills, two validators die at once (no quorum).
constexpr int kDoubleKillEvery = 15;
// Every this many rounds, the victim is told to stop and killed 0-20 ms
// later: while it stops and saves the checkpoint of its state's tries.
constexpr int kKillWhileStoppingEvery = 4;
constexpr int kKillWhileStoppingDelayMaxMs = 20;
// The random delay between a node being up and its kill.
constexpr int kValidatorKillDelayMaxMs = 400;
constexpr int kEmbeddedKillDelayMaxMs = 250;
// Every this many embedded kills, the node dies while it opens (0-40 ms
// after its start: the lock, the store, the state check), before it says ready.
constexpr int kEarlyKillEvery = 5;
constexpr int kEarlyKillDelayMaxMs = 40;
// The client submits a transaction this often.
constexpr int kSubmitIntervalMs = 20;
constexpr int kWaitMs = 60'000;
constexpr int kControlTimeoutMs = 2'000;
const char* const kPassphrase = "crash-pass";

QString hex(const Hash256& hash) { return QString::fromStdString(codec::to_hex(hash)); }

// What a refused restart found: the data dir's lock files, their contents,
// and the state of each process they name (for a failure to explain itself).
QString lock_files(const QString& data_dir) {
    QString text;
    for (const QString& name : QDir(data_dir).entryList({QStringLiteral("node.lock*")}, QDir::Files | QDir::Hidden)) {
        QFile file(QDir(data_dir).filePath(name));
        const QByteArray contents = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
        text += QStringLiteral("%1: %2\n").arg(name, QString::fromUtf8(contents).replace('\n', QLatin1String(" | ")));
        const qint64 pid = contents.split('\n').value(0).toLongLong();
        if (pid <= 0) continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        text += QStringLiteral("  process %1: %2\n")
                    .arg(pid)
                    .arg(stat.open(QIODevice::ReadOnly) ? QString::fromUtf8(stat.readAll().left(120)) : QStringLiteral("not running"));
    }
    return text;
}

// One group's chain, replayed once from its genesis and extended as stores
// show new blocks. Every block is replayed exactly once; a store is then
// checked against it block by block, so checking a data dir after each kill
// costs a read of its blocks, not a replay.
class ReplayedChain {
public:
    explicit ReplayedChain(Genesis genesis) : genesis_(std::move(genesis)), state_(genesis_state(genesis_)) {
        roots_.push_back(state_root(state_));
    }

    std::uint64_t height() const { return hashes_.size(); }
    const Hash256& hash(std::uint64_t height) const { return hashes_.at(height - 1); }
    const Hash256& root(std::uint64_t height) const { return roots_.at(height); }

    // Empty when the store at `path` is sound and agrees with the chain;
    // otherwise what is wrong. *height is the store's height.
    QString check_store(const QString& path, std::uint64_t* store_height) {
        std::string error;
        const std::unique_ptr<Store> store = Store::open(path.toStdString(), &error);
        if (!store) return QStringLiteral("the store does not open: %1").arg(QString::fromStdString(error));
        if (!store->integrity_ok()) return QStringLiteral("PRAGMA integrity_check is not ok");
        const std::optional<Genesis> stored_genesis = store->genesis();
        if (!stored_genesis || stored_genesis->group_id() != genesis_.group_id())
            return QStringLiteral("the genesis is missing or another one");
        const std::uint64_t top = store->height();
        *store_height = top;
        // A node that joined by state sync holds the blocks after its
        // snapshot (and those its backfill has replayed and stored so far,
        // which move this down to 1 once complete).
        const std::uint64_t from = store->history_from_height();
        if (from > 1 && from - 1 > height())
            return QStringLiteral("it starts from a snapshot after block %1, beyond the chain replayed so far (%2)")
                .arg(from - 1)
                .arg(height());
        for (std::uint64_t h = 1; h <= top; ++h) {
            if (h < from) {
                // Below the history it holds: any row there was written by
                // the backfill, which replayed it from the genesis first.
                if (const std::optional<Block> block = store->block(h); block && block->header.hash() != hash(h))
                    return QStringLiteral("backfilled block %1 differs from the chain").arg(h);
                continue;
            }
            const std::optional<Block> block = store->block(h);
            const std::optional<CommitCertificate> certificate = store->certificate(h);
            if (!block || !certificate) return QStringLiteral("block %1 or its certificate is missing").arg(h);
            const Hash256 block_hash = block->header.hash();
            if (certificate->block_hash != block_hash || certificate->height != h)
                return QStringLiteral("the certificate of block %1 certifies another block").arg(h);
            if (h <= height()) {
                if (block_hash != hash(h)) return QStringLiteral("block %1 differs from the chain replayed so far").arg(h);
                continue;
            }
            // New to the replay: the certificate must be valid for the
            // validator set of its height, and the block must re-execute to
            // the state root in its header.
            if (!certificate_valid(*certificate, genesis_.group_id(), state_.validators))
                return QStringLiteral("block %1 has no valid commit certificate").arg(h);
            BlockApplication applied = apply_block(state_, previous_hash(), *block);
            if (!applied.ok())
                return QStringLiteral("block %1 does not replay: %2").arg(h).arg(QString::fromStdString(applied.problem));
            state_ = std::move(applied.state_after);
            hashes_.push_back(block_hash);
            roots_.push_back(state_root(state_));
        }
        std::string load_problem;
        const std::optional<State> saved = store->load_state(&load_problem);
        if (!saved) return QStringLiteral("the saved state does not load: %1").arg(QString::fromStdString(load_problem));
        if (saved->height != top || state_root(*saved) != root(top))
            return QStringLiteral("the saved state (height %1) differs from the replay at height %2")
                .arg(saved->height)
                .arg(top);
        // A group at version 2 keeps its state as rows (docs/STATE.md,
        // "Storage"): opening rebuilt it from them and found the last header's
        // root (load_state refuses otherwise); the rows alone hash to it too.
        if (saved->protocol_version >= kProtocolVersionStateTables) {
            ++version_two_checks_;
            // load_state checked the checkpoint against its block's header.
            last_checkpoint_height_ = store->checkpoint_height();
            if (last_checkpoint_height_) ++checkpoint_checks_;
            const std::optional<Hash256> from_rows = store->state_root_from_rows(&load_problem);
            if (from_rows != root(top))
                return QStringLiteral("the root of the stored rows differs from the replay at height %1 %2")
                    .arg(top)
                    .arg(QString::fromStdString(load_problem));
        }
        return {};
    }

    // How many checks found a group at protocol version 2, its state in rows.
    std::size_t version_two_checks() const { return version_two_checks_; }
    // How many of those found a checkpoint of the state's tries (and checked
    // it), and the block the last store checked had its checkpoint of.
    std::size_t checkpoint_checks() const { return checkpoint_checks_; }
    std::optional<std::uint64_t> last_checkpoint_height() const { return last_checkpoint_height_; }

private:
    Hash256 previous_hash() const { return hashes_.empty() ? genesis_.group_id() : hashes_.back(); }

    Genesis genesis_;
    State state_;
    std::vector<Hash256> hashes_; // block h at index h - 1
    std::vector<Hash256> roots_;  // state root after block h at index h (0 = genesis)
    std::size_t version_two_checks_ = 0;
    std::size_t checkpoint_checks_ = 0;
    std::optional<std::uint64_t> last_checkpoint_height_;
};

// A peer in the group that only listens: it records every tip the
// validators announce and every proposal and vote it sees, and reports a
// fork or a double signature. (See the file comment.)
class Observer : public QObject {
public:
    Observer(const Genesis& genesis, quint16 port) : genesis_(genesis) {
        net::NetworkConfig config;
        config.reconnect_delay_first_ms = 100;
        config.reconnect_delay_max_ms = 500;
        config.tick_interval_ms = 50;
        network_ = new net::PeerNetwork(crypto::KeyPair::generate(), genesis.group_id(), config, this);
        if (!network_->listen(QHostAddress::LocalHost, port)) qFatal("the observer cannot listen on %u", port);
        connect(network_, &net::PeerNetwork::messageReceived, this, &Observer::on_message);
    }
    void add_peer(quint16 port) { network_->add_peer(QStringLiteral("127.0.0.1:%1").arg(port)); }

    // The highest block the validator announced, nullopt if none yet.
    std::optional<std::pair<std::uint64_t, Hash256>> announced(const PublicKey& validator) const {
        const auto it = tips_.find(validator);
        if (it == tips_.end()) return std::nullopt;
        return it->second;
    }
    const std::map<std::uint64_t, Hash256>& announced_blocks() const { return blocks_; }
    const QStringList& violations() const { return violations_; }
    std::size_t votes_seen(const PublicKey& validator) const {
        const auto it = votes_per_validator_.find(validator);
        return it == votes_per_validator_.end() ? 0 : it->second;
    }
    std::size_t proposals_seen() const { return proposals_.size(); }

    // Judges one consensus message as if a peer had sent it.
    void on_consensus(const Bytes& payload) {
        // Relays repeat what was already judged.
        if (!seen_payloads_.insert(crypto::sha256(payload)).second) return;
        const std::optional<consensus::Message> decoded = consensus::decode_message(payload);
        if (!decoded) {
            violations_ << QStringLiteral("an undecodable consensus message");
            return;
        }
        if (const auto* vote = std::get_if<consensus::Vote>(&*decoded)) return on_vote(*vote);
        on_proposal(std::get<consensus::Proposal>(*decoded));
    }

private:
    void on_message(const QString& peer_id, const net::Message& message) {
        if (const auto* status = std::get_if<net::StatusMessage>(&message)) return on_status(peer_id, *status);
        if (const auto* consensus = std::get_if<net::ConsensusMessage>(&message)) on_consensus(consensus->payload);
    }

    void on_status(const QString& peer_id, const net::StatusMessage& status) {
        if (status.height == 0) return;
        Bytes key_bytes;
        PublicKey key{};
        if (!codec::from_hex(peer_id.toStdString(), key_bytes) || key_bytes.size() != key.size()) return;
        std::copy(key_bytes.begin(), key_bytes.end(), key.begin());
        const auto [it, fresh] = blocks_.emplace(status.height, status.last_block_hash);
        if (!fresh && it->second != status.last_block_hash)
            violations_ << QStringLiteral("fork: two blocks announced at height %1").arg(status.height);
        auto& tip = tips_[key];
        if (status.height < tip.first)
            violations_ << QStringLiteral("validator %1 went back from height %2 to %3 (a lost block)")
                               .arg(peer_id.left(16))
                               .arg(tip.first)
                               .arg(status.height);
        else tip = {status.height, status.last_block_hash};
    }

    void on_vote(const consensus::Vote& vote) {
        if (!is_validator(vote.validator) || !vote.signature_valid(genesis_.group_id())) {
            violations_ << QStringLiteral("a vote with a bad signature");
            return;
        }
        ++votes_per_validator_[vote.validator];
        const auto slot = std::make_tuple(vote.validator, vote.height, vote.round, vote.type);
        const auto [it, fresh] = votes_.emplace(slot, vote.block_hash);
        if (!fresh && it->second != vote.block_hash)
            violations_ << QStringLiteral("double vote: a validator signed two %1s at height %2 round %3")
                               .arg(consensus::vote_type_name(vote.type))
                               .arg(vote.height)
                               .arg(vote.round);
    }

    void on_proposal(const consensus::Proposal& proposal) {
        for (const PublicKey& validator : genesis_.validators) {
            if (!proposal.signature_valid(genesis_.group_id(), validator)) continue;
            const auto slot = std::make_tuple(validator, proposal.height, proposal.round);
            const auto [it, fresh] = proposals_.emplace(slot, proposal.block.header.hash());
            if (!fresh && it->second != proposal.block.header.hash())
                violations_ << QStringLiteral("double proposal at height %1 round %2").arg(proposal.height).arg(proposal.round);
            return;
        }
        violations_ << QStringLiteral("a proposal signed by no validator");
    }

    bool is_validator(const PublicKey& key) const {
        return std::find(genesis_.validators.begin(), genesis_.validators.end(), key) != genesis_.validators.end();
    }

    const Genesis genesis_;
    net::PeerNetwork* network_ = nullptr;
    std::map<PublicKey, std::pair<std::uint64_t, Hash256>> tips_;
    std::map<std::uint64_t, Hash256> blocks_;
    std::set<Hash256> seen_payloads_;
    std::map<std::tuple<PublicKey, std::uint64_t, std::uint32_t, consensus::VoteType>, std::optional<Hash256>> votes_;
    std::map<std::tuple<PublicKey, std::uint64_t, std::uint32_t>, Hash256> proposals_;
    std::map<PublicKey, std::size_t> votes_per_validator_;
    QStringList violations_;
};

std::uint64_t seed_from_environment() {
    bool ok = false;
    const std::uint64_t seed = qEnvironmentVariable("RATEIO_CRASH_SEED").toULongLong(&ok);
    return ok ? seed : std::random_device{}();
}

} // namespace

class TestCrash : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void observer_catches_double_signing();
    void validators_survive_sigkill_during_commits();
    void embedded_node_survives_sigkill_during_commits();
    void follower_killed_during_state_sync_keeps_only_what_it_verified();
    void cleanupTestCase();

private:
    QString path(const QString& name) const { return dir_.filePath(name); }
    QString data_dir(int i) const { return path(QStringLiteral("node%1").arg(i)); }
    QString log_path(int i) const { return path(QStringLiteral("node%1.log").arg(i)); }
    QJsonObject cli(const QStringList& arguments, const QString& datadir);
    void write_config(int i);
    void write_follower_config();
    // node<i>.ini: what every node of the test shares ([node], [network]),
    // then `sections`.
    void write_node_ini(int i, const QStringList& peers, const QString& node_key_file, const QString& sections);
    // A request to join from a new applicant, submitted to node i; true when accepted.
    bool submit_admission(int i);
    bool start(int i);
    // SIGKILL; with `while_stopping`, SIGTERM first and SIGKILL 0-20 ms later.
    void kill(int i, bool while_stopping = false);
    std::optional<QJsonObject> status(int i);
    std::uint64_t height(int i);
    int random_int(int low, int high) { return std::uniform_int_distribution<int>(low, high)(rng_); }
    // The dead node i's data dir against the replay and what it announced.
    void check_dead_validator(int i, ReplayedChain& chain, const Observer& observer, int kill_index,
                              std::uint64_t* store_height);

    QTemporaryDir dir_;
    std::uint64_t seed_ = 0;
    std::mt19937_64 rng_;
    std::vector<quint16> ports_;
    quint16 observer_port_ = 0;
    Genesis genesis_;
    std::vector<PublicKey> validator_keys_;
    std::unique_ptr<QProcess> processes_[kValidators + 1]; // the validators, then the follower
    std::unique_ptr<QProcess> embedded_;
};

QJsonObject TestCrash::cli(const QStringList& arguments, const QString& datadir) {
    QProcess process;
    process.start(QStringLiteral(RATEIO_CLI_BIN),
                  QStringList{"--datadir", datadir, "--passphrase", kPassphrase, "--json"} + arguments);
    if (!process.waitForFinished(60'000) || process.exitCode() != 0)
        qFatal("rateio-cli %s failed: %s %s", qPrintable(arguments.join(' ')), process.readAllStandardOutput().constData(),
               process.readAllStandardError().constData());
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

void TestCrash::initTestCase() {
    QVERIFY(dir_.isValid());
    seed_ = seed_from_environment();
    rng_.seed(seed_);
    qInfo("test_crash seed %llu (rerun with RATEIO_CRASH_SEED=%llu)", static_cast<unsigned long long>(seed_),
          static_cast<unsigned long long>(seed_));

    cli({"wallet", "create", "founder"}, path("cli"));
    QStringList genesis_arguments{"create-genesis", "--out", path("genesis.bin"), "--name", "Cooperativa Queda",
                                  "--wallet", "founder", "--utility", "Light", "--full-name", "Fundadora Teste",
                                  "--consumer-unit", "555"};
    for (int i = 0; i < kValidators; ++i) {
        const QJsonObject key = cli({"node-key", "--out", path(QStringLiteral("validator%1.key").arg(i))}, path("cli"));
        QVERIFY(key.value("ok").toBool());
        genesis_arguments << "--validator" << key.value("public_key").toString();
    }
    QCOMPARE(cli(genesis_arguments, path("cli")).value("validator_count").toInt(), kValidators);
    QString error;
    const std::optional<Genesis> genesis = read_genesis_file(path("genesis.bin"), &error);
    QVERIFY2(genesis, qPrintable(error));
    genesis_ = *genesis;
    // A new group runs protocol version 2: every validator keeps its state
    // as rows, which each check after a kill rebuilds and compares.
    QCOMPARE(genesis_.protocol_version, kProtocolVersionStateTables);
    for (int i = 0; i < kValidators; ++i) {
        const std::optional<crypto::KeyPair> key =
            read_node_key_file(path(QStringLiteral("validator%1.key").arg(i)), &error);
        QVERIFY2(key, qPrintable(error));
        validator_keys_.push_back(key->public_key());
    }
    for (int i = 0; i <= kValidators; ++i) ports_.push_back(testing::free_port());
    observer_port_ = testing::free_port();
    for (int i = 0; i < kValidators; ++i) write_config(i);
    QVERIFY(cli({"node-key", "--out", path(QStringLiteral("follower.key"))}, path("cli")).value("ok").toBool());
    write_follower_config();
}

void TestCrash::write_node_ini(int i, const QStringList& peers, const QString& node_key_file, const QString& sections) {
    QFile file(path(QStringLiteral("node%1.ini").arg(i)));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    const QString text = QStringLiteral("[node]\ngenesis = genesis.bin\ndata_dir = node%1\nlisten = 127.0.0.1:%2\n"
                                        "peers = \"%3\"\nnode_key = %4\n"
                                        "[network]\nstatus_interval_ms = 250\nsync_request_timeout_ms = 2000\n"
                                        "reconnect_delay_max_ms = 500\n")
                             .arg(i)
                             .arg(ports_[i])
                             .arg(peers.join(", "), node_key_file) +
                         sections;
    file.write(text.toUtf8());
}

void TestCrash::write_config(int i) {
    QStringList peers{QStringLiteral("127.0.0.1:%1").arg(observer_port_)};
    for (int j = 0; j < kValidators; ++j)
        if (j != i) peers << QStringLiteral("127.0.0.1:%1").arg(ports_[j]);
    write_node_ini(i, peers, QStringLiteral("validator%1.key").arg(i),
                   QStringLiteral("[consensus]\ntimeout_propose_ms = 500\ntimeout_propose_delta_ms = 250\n"
                                  "timeout_prevote_ms = 300\ntimeout_prevote_delta_ms = 150\n"
                                  "timeout_precommit_ms = 300\ntimeout_precommit_delta_ms = 150\n"
                                  "resend_interval_ms = 500\n"
                                  // A checkpoint of the state's tries in every commit,
                                  // so that kills fall while one is written.
                                  "[storage]\nstate_checkpoint_blocks = 1\n"));
}

// A node of no validator's key that holds only the genesis: it state-syncs
// from the validators' snapshots (each keeps the state it started with), then
// fetches and replays the blocks before it (docs/PROTOCOL.md, "History
// backfill").
void TestCrash::write_follower_config() {
    QStringList peers;
    for (int j = 0; j < kValidators; ++j) peers << QStringLiteral("127.0.0.1:%1").arg(ports_[j]);
    write_node_ini(kFollower, peers, QStringLiteral("follower.key"),
                   QStringLiteral("[sync]\nstate_sync = true\nbackfill_history = true\n"));
}

bool TestCrash::submit_admission(int i) {
    const Transaction tx = testing::admission_request(genesis_.group_id(), 0, genesis_.data_public_key,
                                                      QDateTime::currentSecsSinceEpoch() + 86400);
    QString error;
    const std::optional<QJsonObject> answer = control_call(
        control_socket_path(data_dir(i)),
        {{"method", "submit"}, {"transaction", QString::fromStdString(codec::to_hex(codec::to_bytes(tx)))}},
        kControlTimeoutMs, &error);
    return answer && answer->value("ok").toBool();
}

// Up once its control socket answers; false (with the log's tail) if the
// process exits instead: a restart that fails is a finding. A node whose port
// was taken meanwhile by a node of a test running beside this one (they pick
// from the same range) says it cannot listen, and gets another port.
bool TestCrash::start(int i) {
    constexpr int kListenTriesMax = 3;
    for (int attempt = 1; attempt <= kListenTriesMax; ++attempt) {
        const qint64 log_size_before = QFileInfo(log_path(i)).size();
        auto process = std::make_unique<QProcess>();
        process->setStandardErrorFile(log_path(i), QIODevice::Append);
        process->setWorkingDirectory(dir_.path());
        process->start(QStringLiteral(RATEIO_NODE_BIN), {"--config", path(QStringLiteral("node%1.ini").arg(i))});
        if (!process->waitForStarted()) return false;
        QProcess* raw = process.get();
        processes_[i] = std::move(process);
        const bool up = QTest::qWaitFor(
            [&] { return raw->state() != QProcess::Running || status(i).has_value(); }, kWaitMs);
        if (up && raw->state() == QProcess::Running) return true;
        QFile log(log_path(i));
        QByteArray this_run;
        if (log.open(QIODevice::ReadOnly) && log.seek(log_size_before)) this_run = log.readAll();
        if (attempt < kListenTriesMax && this_run.contains("cannot listen") && testing::port_taken(ports_[i])) {
            qWarning("node %d could not listen on port %u; it gets another", i, unsigned(ports_[i]));
            ports_[i] = testing::free_port();
            for (int j = 0; j < kValidators; ++j) write_config(j);
            write_follower_config();
            continue;
        }
        qWarning("node %d did not come up; the end of its log:\n%s", i, this_run.right(2000).constData());
        return false;
    }
    return false;
}

void TestCrash::kill(int i, bool while_stopping) {
    const auto pid = static_cast<pid_t>(processes_[i]->processId());
    if (while_stopping) {
        ::kill(pid, SIGTERM);
        QThread::msleep(static_cast<unsigned long>(random_int(0, kKillWhileStoppingDelayMaxMs)));
    }
    ::kill(pid, SIGKILL);
    QVERIFY(processes_[i]->waitForFinished(10'000));
    processes_[i].reset();
}

std::optional<QJsonObject> TestCrash::status(int i) {
    QString error;
    std::optional<QJsonObject> answer =
        control_call(control_socket_path(data_dir(i)), {{"method", "status"}}, kControlTimeoutMs, &error);
    if (!answer || !answer->value("ok").toBool()) return std::nullopt;
    return answer;
}

std::uint64_t TestCrash::height(int i) {
    const std::optional<QJsonObject> s = status(i);
    return s ? s->value("height").toString().toULongLong() : 0;
}

void TestCrash::check_dead_validator(int i, ReplayedChain& chain, const Observer& observer, int kill_index,
                                     std::uint64_t* height_out) {
    std::uint64_t store_height = 0;
    const QString problem = chain.check_store(NetworkNode::store_path(data_dir(i)), &store_height);
    *height_out = store_height;
    QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("kill %1 of validator %2 (seed %3): %4")
                                               .arg(kill_index)
                                               .arg(i)
                                               .arg(seed_)
                                               .arg(problem)));
    const auto announced = observer.announced(validator_keys_[i]);
    if (!announced) return;
    QVERIFY2(store_height >= announced->first,
             qPrintable(QStringLiteral("kill %1 of validator %2 (seed %3): it announced block %4, its store ends at %5")
                            .arg(kill_index)
                            .arg(i)
                            .arg(seed_)
                            .arg(announced->first)
                            .arg(store_height)));
    QVERIFY2(chain.hash(announced->first) == announced->second,
             qPrintable(QStringLiteral("kill %1 of validator %2: block %3 differs from the one it announced")
                            .arg(kill_index)
                            .arg(i)
                            .arg(announced->first)));
}

// The double-signing check is not vacuous: fed two votes of one validator
// for one slot, or two proposals for one round, it reports them.
void TestCrash::observer_catches_double_signing() {
    QString error;
    const std::optional<crypto::KeyPair> key = read_node_key_file(path("validator0.key"), &error);
    QVERIFY2(key, qPrintable(error));
    Observer observer(genesis_, 0);
    consensus::Vote vote;
    vote.type = consensus::VoteType::Precommit;
    vote.height = 7;
    vote.round = 2;
    vote.block_hash = Hash256{};
    vote.sign(genesis_.group_id(), *key);
    observer.on_consensus(consensus::encode_message(vote));
    observer.on_consensus(consensus::encode_message(vote)); // the same vote again: fine
    QVERIFY(observer.violations().isEmpty());
    QCOMPARE(observer.votes_seen(key->public_key()), std::size_t(1));
    vote.block_hash.reset(); // nil for the same slot
    vote.sign(genesis_.group_id(), *key);
    observer.on_consensus(consensus::encode_message(vote));
    QCOMPARE(observer.violations().size(), 1);
    QVERIFY(observer.violations().front().startsWith("double vote"));

    consensus::Proposal proposal;
    proposal.height = 7;
    proposal.block.header.height = 7;
    proposal.block.header.proposer = key->public_key();
    proposal.sign(genesis_.group_id(), *key);
    observer.on_consensus(consensus::encode_message(proposal));
    proposal.block.header.time_s = 1; // another block
    proposal.sign(genesis_.group_id(), *key);
    observer.on_consensus(consensus::encode_message(proposal));
    QCOMPARE(observer.violations().size(), 2);
    QVERIFY(observer.violations().back().startsWith("double proposal"));
}

void TestCrash::validators_survive_sigkill_during_commits() {
    Observer observer(genesis_, observer_port_);
    for (int i = 0; i < kValidators; ++i) {
        QVERIFY(start(i));
        observer.add_peer(ports_[i]);
    }
    ReplayedChain chain(genesis_);

    // The client: a request to join every kSubmitIntervalMs, to a random
    // running validator (one that is down or starting simply misses one).
    std::size_t submitted = 0;
    QTimer client;
    connect(&client, &QTimer::timeout, this, [&] {
        const int target = random_int(0, kValidators - 1);
        if (processes_[target] && submit_admission(target)) ++submitted;
    });
    client.start(kSubmitIntervalMs);
    QVERIFY(QTest::qWaitFor([&] { return height(0) >= 3; }, kWaitMs));

    QElapsedTimer clock;
    clock.start();
    const std::uint64_t start_height = height(0);
    int kills = 0;
    int kills_while_stopping = 0;
    int committed_unannounced = 0;
    // A restarted validator must catch up before another one dies, or the
    // two missing votes would stall the group until it does.
    std::vector<std::pair<int, std::uint64_t>> catching_up;
    for (int round = 0; kills < kValidatorKills; ++round) {
        std::vector<int> victims{random_int(0, kValidators - 1)};
        if (round % kDoubleKillEvery == kDoubleKillEvery - 1) victims.push_back((victims[0] + random_int(1, 3)) % kValidators);
        for (const auto& slow : catching_up) {
            const int node = slow.first;
            const std::uint64_t target = slow.second;
            if (!QTest::qWaitFor([&] { return height(node) >= target; }, kWaitMs))
                QFAIL(qPrintable(QStringLiteral("validator %1 did not catch up to %2 after its restart (seed %3)")
                                     .arg(node)
                                     .arg(target)
                                     .arg(seed_)));
        }
        QTest::qWait(random_int(0, kValidatorKillDelayMaxMs));
        const bool while_stopping = round % kKillWhileStoppingEvery == kKillWhileStoppingEvery - 1;
        for (int victim : victims) kill(victim, while_stopping);
        if (while_stopping) kills_while_stopping += static_cast<int>(victims.size());
        for (int victim : victims) {
            ++kills;
            const auto announced = observer.announced(validator_keys_[victim]);
            std::uint64_t store_height = 0;
            check_dead_validator(victim, chain, observer, kills, &store_height);
            if (QTest::currentTestFailed()) return;
            // Killed after a commit whose announcement the observer had not
            // received yet (it may also have been reconnecting).
            if (announced && store_height > announced->first) ++committed_unannounced;
        }
        for (int victim : victims) QVERIFY2(start(victim), qPrintable(QStringLiteral("restart %1 failed").arg(victim)));
        std::uint64_t target = 0;
        for (int i = 0; i < kValidators; ++i)
            if (std::find(victims.begin(), victims.end(), i) == victims.end()) target = std::max(target, height(i));
        catching_up.clear();
        for (int victim : victims) catching_up.emplace_back(victim, target);
    }
    const qint64 elapsed_ms = clock.elapsed();

    // Quiet now: every validator reaches one height and state root.
    client.stop();
    QVERIFY(QTest::qWaitFor(
        [&] {
            std::optional<QJsonObject> first;
            for (int i = 0; i < kValidators; ++i) {
                const std::optional<QJsonObject> s = status(i);
                if (!s) return false;
                if (!first) first = s;
                if (s->value("height") != first->value("height") || s->value("state_root") != first->value("state_root"))
                    return false;
            }
            return true;
        },
        kWaitMs));
    const std::uint64_t end_height = height(0);
    QVERIFY2(end_height > start_height + static_cast<std::uint64_t>(kValidatorKills) / 4,
             "the group kept committing while its validators were killed");

    // A clean stop, then every data dir against the replay once more.
    for (int i = 0; i < kValidators; ++i) {
        processes_[i]->terminate();
        QVERIFY(processes_[i]->waitForFinished(30'000));
        QCOMPARE(processes_[i]->exitCode(), 0);
        processes_[i].reset();
    }
    for (int i = 0; i < kValidators; ++i) {
        std::uint64_t store_height = 0;
        const QString problem = chain.check_store(NetworkNode::store_path(data_dir(i)), &store_height);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        // Work still due when the heights were read (a deadline, a queued
        // transaction) may make one more block before the stop reaches every
        // node, and a node stopped first may miss it: nothing below what all
        // of them had confirmed may be missing.
        QVERIFY2(store_height >= end_height,
                 qPrintable(QStringLiteral("validator %1 holds %2 blocks after the stop, %3 before").arg(i).arg(store_height).arg(end_height)));
        QVERIFY(chain.version_two_checks() > 0);
        // Saved with the last commit and again at the stop.
        QCOMPARE(chain.last_checkpoint_height(), std::optional<std::uint64_t>(store_height));
    }
    // Every block anyone announced is the replayed chain's.
    for (const auto& [h, hash] : observer.announced_blocks()) {
        QVERIFY(h <= chain.height());
        QVERIFY2(chain.hash(h) == hash, qPrintable(QStringLiteral("announced block %1 is not in the chain").arg(h)));
    }
    QVERIFY2(observer.violations().isEmpty(), qPrintable(observer.violations().join('\n')));
    // The check saw real votes from every validator, across their restarts.
    for (const PublicKey& key : validator_keys_) QVERIFY(observer.votes_seen(key) > static_cast<std::size_t>(kValidatorKills));
    int restored = 0;
    for (int i = 0; i < kValidators; ++i) {
        QFile log(log_path(i));
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray text = log.readAll();
        // A restart that found votes of an unfinished height on disk: the
        // kill fell while the validator was deciding a block.
        restored += static_cast<int>(text.count("restoring height"));
        QVERIFY2(!text.contains("evidence:"), qPrintable(QStringLiteral("node %1 saw a double signature").arg(i)));
        QVERIFY2(!text.contains("was not saved"), qPrintable(QStringLiteral("node %1 failed to save a block").arg(i)));
    }
    // Every commit saved a checkpoint, and every reopening checked one.
    QVERIFY(chain.checkpoint_checks() >= static_cast<std::size_t>(kills));
    qInfo("validators: %d kills (%d while stopping) in %lld ms, height %llu -> %llu, %zu transactions accepted, "
          "%zu proposals seen; %zu checkpoints of the state's tries checked; "
          "%d restarts resumed a height from its signed records, %d kills came after a commit the observer had not heard of yet",
          kills, kills_while_stopping, static_cast<long long>(elapsed_ms), static_cast<unsigned long long>(start_height),
          static_cast<unsigned long long>(end_height), submitted, observer.proposals_seen(), chain.checkpoint_checks(),
          restored, committed_unannounced);
}

void TestCrash::embedded_node_survives_sigkill_during_commits() {
    const QString data = path("embedded");
    std::map<std::uint64_t, QString> announced; // height -> state root, from the "committed" lines
    std::optional<ReplayedChain> chain;
    std::uint64_t last_announced = 0;
    int kills_after_new_block = 0;
    QElapsedTimer clock;
    clock.start();

    for (int kill_index = 1; kill_index <= kEmbeddedKills; ++kill_index) {
        embedded_ = std::make_unique<QProcess>();
        embedded_->setStandardErrorFile(path("embedded.log"), QIODevice::Append);
        embedded_->start(QStringLiteral(CRASH_EMBEDDED_NODE_BIN), {data});
        QVERIFY(embedded_->waitForStarted());
        QByteArray output;
        const bool early = kill_index > 1 && kill_index % kEarlyKillEvery == 0;
        const bool ready = early || QTest::qWaitFor(
            [&] {
                output += embedded_->readAllStandardOutput();
                return output.contains("ready") || embedded_->state() != QProcess::Running;
            },
            kWaitMs);
        if (!ready || (!early && !output.contains("ready"))) {
            QFile log(path("embedded.log"));
            (void)log.open(QIODevice::ReadOnly);
            QFAIL(qPrintable(QStringLiteral("restart %1 of the embedded node failed (seed %2): %3\n%4")
                                 .arg(kill_index)
                                 .arg(seed_)
                                 .arg(QString::fromUtf8(log.readAll().right(2000)), lock_files(data))));
        }
        // The first run founds the group: let it make a few blocks first.
        QTest::qWait(kill_index == 1 ? 300
                     : early     ? random_int(0, kEarlyKillDelayMaxMs)
                                 : random_int(0, kEmbeddedKillDelayMaxMs));
        ::kill(static_cast<pid_t>(embedded_->processId()), SIGKILL);
        QVERIFY(embedded_->waitForFinished(10'000));
        output += embedded_->readAllStandardOutput();
        embedded_.reset();

        const std::uint64_t before = last_announced;
        for (const QByteArray& line : output.split('\n')) {
            const QList<QByteArray> fields = line.split(' ');
            if (fields.size() != 3 || fields[0] != "committed") continue;
            const std::uint64_t h = fields[1].toULongLong();
            const QString root = QString::fromLatin1(fields[2]);
            const auto [it, fresh] = announced.emplace(h, root);
            QVERIFY2(fresh || it->second == root,
                     qPrintable(QStringLiteral("block %1 was announced twice with different state roots: one was lost "
                                               "(kill %2, seed %3)")
                                    .arg(h)
                                    .arg(kill_index)
                                    .arg(seed_)));
            last_announced = std::max(last_announced, h);
        }
        if (last_announced > before) ++kills_after_new_block;

        if (!chain) {
            QString error;
            const std::optional<Genesis> genesis = NetworkNode::stored_genesis(data, &error);
            QVERIFY2(genesis, qPrintable(error));
            chain.emplace(*genesis);
        }
        std::uint64_t store_height = 0;
        const QString problem = chain->check_store(LocalNode::store_path(data), &store_height);
        QVERIFY2(problem.isEmpty(),
                 qPrintable(QStringLiteral("kill %1 of the embedded node (seed %2): %3").arg(kill_index).arg(seed_).arg(problem)));
        QVERIFY2(store_height >= last_announced,
                 qPrintable(QStringLiteral("kill %1 (seed %2): block %3 was announced, the store ends at %4")
                                .arg(kill_index)
                                .arg(seed_)
                                .arg(last_announced)
                                .arg(store_height)));
        for (std::uint64_t h = before + 1; h <= last_announced; ++h)
            if (const auto it = announced.find(h); it != announced.end())
                QVERIFY2(hex(chain->root(h)) == it->second,
                         qPrintable(QStringLiteral("block %1 is not the one the node announced").arg(h)));
    }
    const qint64 elapsed_ms = clock.elapsed();
    QVERIFY2(kills_after_new_block >= kEmbeddedKills / 10, "kills fell while the node was making blocks");
    // Founded as the desktop founds a group: at protocol version 2, its state in rows.
    QVERIFY(chain && chain->version_two_checks() > 0);

    // The app's own check on the data dir the kills left: rateio-cli opens
    // it as the desktop does and replays the chain.
    const QJsonObject verified = cli({"verify"}, data);
    QVERIFY2(verified.value("ok").toBool(), qPrintable(QJsonDocument(verified).toJson()));
    QVERIFY(static_cast<std::uint64_t>(verified.value("height").toInteger()) >= last_announced);
    qInfo("embedded node: %d kills in %lld ms, %d of them after a new block, height %llu",
          kEmbeddedKills, static_cast<long long>(elapsed_ms), kills_after_new_block,
          static_cast<unsigned long long>(last_announced));
}

// A follower killed at random moments of its join: while it asks for
// snapshots, fetches chunks, writes the state, syncs the blocks after it, or
// replays the history before it. After each kill its data dir holds either
// nothing but the genesis, or the whole verified state of a block the
// validators certified, with its rows hashing to that block's root (the
// replayed chain of part 1 says which); never a part of it. Restarted, it
// goes on from there, and in the end it holds the validators' tip.
void TestCrash::follower_killed_during_state_sync_keeps_only_what_it_verified() {
    for (int i = 0; i < kValidators; ++i) QVERIFY(start(i));
    // A few more requests to join (the whole part runs alone too, from an empty group).
    const std::uint64_t before = height(0);
    for (int n = 0; n < 10; ++n) QVERIFY(submit_admission(0));
    QVERIFY(QTest::qWaitFor([&] { return height(0) > before && height(0) == height(1) && height(0) == height(2) &&
                                         height(0) == height(3); }, kWaitMs));
    // Restarted now, each validator offers the state it holds as a snapshot.
    for (int i = 0; i < kValidators; ++i) {
        processes_[i]->terminate();
        QVERIFY(processes_[i]->waitForFinished(30'000));
        processes_[i].reset();
        QVERIFY(start(i));
    }
    QVERIFY(QTest::qWaitFor([&] { return height(0) == height(3) && height(0) > before; }, kWaitMs));
    ReplayedChain chain(genesis_);
    std::uint64_t validator_height = 0;
    QVERIFY2(chain.check_store(NetworkNode::store_path(data_dir(0)), &validator_height).isEmpty(), "validator 0's store");
    (void)validator_height;

    int empty = 0, synced = 0, complete = 0;
    for (int kill_index = 1; kill_index <= kFollowerKills; ++kill_index) {
        QVERIFY(start(kFollower));
        QTest::qWait(random_int(0, kill_index % 2 ? kFollowerEarlyKillDelayMaxMs : kFollowerKillDelayMaxMs));
        kill(kFollower);
        // Blocks the validators made meanwhile (deadlines) join the replay first.
        std::uint64_t ignored = 0;
        QVERIFY(chain.check_store(NetworkNode::store_path(data_dir(0)), &ignored).isEmpty());
        std::uint64_t store_height = 0;
        const QString problem = chain.check_store(NetworkNode::store_path(data_dir(kFollower)), &store_height);
        QVERIFY2(problem.isEmpty(), qPrintable(QStringLiteral("kill %1 of the follower (seed %2): %3")
                                                   .arg(kill_index)
                                                   .arg(seed_)
                                                   .arg(problem)));
        std::string error;
        const std::unique_ptr<Store> store =
            Store::open(NetworkNode::store_path(data_dir(kFollower)).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        if (store_height == 0) ++empty;
        else if (store->history_from_height() > 1) ++synced;
        else ++complete;
    }
    QVERIFY(start(kFollower));
    QVERIFY(QTest::qWaitFor([&] { return height(kFollower) == height(0); }, kWaitMs));
    processes_[kFollower]->terminate();
    QVERIFY(processes_[kFollower]->waitForFinished(30'000));
    processes_[kFollower].reset();
    std::uint64_t store_height = 0;
    const QString problem = chain.check_store(NetworkNode::store_path(data_dir(kFollower)), &store_height);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(store_height > 0);
    QFile log(log_path(kFollower));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray text = log.readAll();
    QVERIFY2(text.contains("state sync: the state after block"), "the follower never joined by state sync");
    QVERIFY2(!text.contains("was not saved"), "the follower failed to save what it had verified");
    qInfo("follower: %d kills; after them its store held nothing %d times, the synced state %d times, the whole "
          "history %d times; it reached block %llu",
          kFollowerKills, empty, synced, complete, static_cast<unsigned long long>(store_height));
    for (int i = 0; i < kValidators; ++i) {
        processes_[i]->terminate();
        QVERIFY(processes_[i]->waitForFinished(30'000));
        processes_[i].reset();
    }
}

void TestCrash::cleanupTestCase() {
    for (auto& process : processes_) {
        if (!process) continue;
        process->kill();
        process->waitForFinished(10'000);
    }
    if (embedded_) {
        embedded_->kill();
        embedded_->waitForFinished(10'000);
    }
}

QTEST_GUILESS_MAIN(TestCrash)
#include "test_crash.moc"
