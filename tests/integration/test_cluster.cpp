// Four validators and one follower as real rateio-node processes on
// 127.0.0.1: transactions commit; with one validator killed (SIGKILL) blocks
// continue; with two killed nothing commits and nothing forks; restarted,
// the chain resumes and every node reaches one height and state root; a node
// started from nothing syncs to the tip. Every wait is generous; nothing
// asserts on speed.

#include "../node/cluster.h"
#include "node/control.h"
#include "node/node_files.h"
#include "rules/profile.h"
#include "store/store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace chain;

namespace {

constexpr int kNodes = 6; // 4 validators, 1 follower, 1 started late
constexpr int kValidators = 4;
constexpr int kWaitMs = 120'000;
constexpr int kControlTimeoutMs = 5'000;
const char* const kPassphrase = "integration-pass";

} // namespace

class TestCluster : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void daemon_refuses_bad_configs();
    void cluster_survives_crashes_and_syncs();
    void cleanupTestCase();

private:
    QString path(const QString& name) const { return dir_.filePath(name); }
    QString data_dir(int i) const { return path(QStringLiteral("node%1").arg(i)); }
    QJsonObject cli(const QStringList& arguments);
    void write_config(int i);
    void start(int i);
    void kill(int i);
    std::optional<QJsonObject> call(int i, const QJsonObject& request);
    std::optional<QJsonObject> status(int i) { return call(i, {{"method", "status"}}); }
    std::uint64_t height(int i);
    Hash256 submit(int i);
    bool committed_at(int i, const Hash256& id);
    bool wait_committed(const std::vector<int>& nodes, const Hash256& id);
    bool wait_converged(const std::vector<int>& nodes);

    QTemporaryDir dir_;
    std::vector<QString> validator_keys_;
    std::vector<quint16> ports_;
    Genesis genesis_;
    std::unique_ptr<QProcess> processes_[kNodes];
};

QJsonObject TestCluster::cli(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(RATEIO_CLI_BIN),
                  QStringList{"--datadir", path("cli"), "--passphrase", kPassphrase, "--json"} + arguments);
    if (!process.waitForFinished(60'000) || process.exitCode() != 0)
        qFatal("rateio-cli %s failed: %s %s", qPrintable(arguments.join(' ')), process.readAllStandardOutput().constData(),
               process.readAllStandardError().constData());
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

void TestCluster::initTestCase() {
    QVERIFY(dir_.isValid());
    cli({"wallet", "create", "founder"});
    QStringList genesis_arguments{"create-genesis", "--out", path("genesis.bin"), "--name", "Cooperativa Integracao",
                                  "--wallet", "founder", "--utility", "Light", "--full-name", "Fundadora Teste",
                                  "--consumer-unit", "555"};
    for (int i = 0; i < kValidators; ++i) {
        const QString key_path = path(QStringLiteral("validator%1.key").arg(i));
        const QJsonObject key = cli({"node-key", "--out", key_path});
        QVERIFY(key.value("ok").toBool());
        const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther |
                                          QFile::WriteOther | QFile::ExeOther;
        QVERIFY((QFile::permissions(key_path) & others) == 0);
        validator_keys_.push_back(key_path);
        genesis_arguments << "--validator" << key.value("public_key").toString();
    }
    const QJsonObject created = cli(genesis_arguments);
    QCOMPARE(created.value("validator_count").toInt(), kValidators);
    QString error;
    const std::optional<Genesis> genesis = read_genesis_file(path("genesis.bin"), &error);
    QVERIFY2(genesis, qPrintable(error));
    genesis_ = *genesis;
    for (int i = 0; i < kNodes; ++i) ports_.push_back(testing::free_port());
    for (int i = 0; i < kNodes; ++i) write_config(i);
}

// rateio-node exits with 2 and says which key is wrong; --version exits 0.
void TestCluster::daemon_refuses_bad_configs() {
    const auto run = [&](const QStringList& arguments, QString* stderr_text) {
        QProcess process;
        process.setWorkingDirectory(dir_.path());
        process.start(QStringLiteral(RATEIO_NODE_BIN), arguments);
        if (!process.waitForFinished(30'000)) qFatal("rateio-node did not exit");
        *stderr_text = QString::fromUtf8(process.readAllStandardError());
        return process.exitCode();
    };
    QString text;
    QCOMPARE(run({"--version"}, &text), 0);
    QCOMPARE(run({}, &text), 2);
    QVERIFY(text.contains("--config"));
    QCOMPARE(run({"--config", path("missing.ini")}, &text), 2);
    QVERIFY(text.contains("does not exist"));

    const auto config = [&](const QString& body) {
        QFile file(path("bad.ini"));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) qFatal("cannot write bad.ini");
        file.write(body.toUtf8());
        return path("bad.ini");
    };
    QCOMPARE(run({"--config", config("[node]\ngenesis = genesis.bin\ndata_dir = bad\nlisten = 127.0.0.1:1\ntypo = 1\n")}, &text), 2);
    QVERIFY(text.contains("unknown key 'node/typo'"));
    QCOMPARE(run({"--config", config("[node]\ngenesis = genesis.bin\ndata_dir = bad\nlisten = nowhere\n")}, &text), 2);
    QVERIFY(text.contains("node/listen"));
    QCOMPARE(run({"--config", config("[node]\ngenesis = genesis.bin\ndata_dir = bad\nlisten = 127.0.0.1:1\n"
                                     "[consensus]\ntimeout_propose_ms = -5\n")}, &text), 2);
    QVERIFY(text.contains("consensus/timeout_propose_ms"));
    for (const char* blocks : {"0", "-1", "1.5", "3000001", "many"}) {
        QCOMPARE(run({"--config", config(QStringLiteral("[node]\ngenesis = genesis.bin\ndata_dir = bad\nlisten = "
                                                        "127.0.0.1:1\n[storage]\nstate_checkpoint_blocks = %1\n")
                                             .arg(blocks))},
                     &text),
                 2);
        QVERIFY2(text.contains("storage/state_checkpoint_blocks must be a whole number from 1 to 3000000"),
                 qPrintable(text));
    }
    for (const char* blocks : {"0", "3000001", "often"}) {
        QCOMPARE(run({"--config", config(QStringLiteral("[node]\ngenesis = genesis.bin\ndata_dir = bad\nlisten = "
                                                        "127.0.0.1:1\n[storage]\nstate_snapshot_blocks = %1\n")
                                             .arg(blocks))},
                     &text),
                 2);
        QVERIFY2(text.contains("storage/state_snapshot_blocks must be a whole number from 1 to 3000000"),
                 qPrintable(text));
    }
    for (const char* value : {"yes", "1", "maybe"}) {
        QCOMPARE(run({"--config", config(QStringLiteral("[node]\ngenesis = genesis.bin\ndata_dir = bad\nlisten = "
                                                        "127.0.0.1:1\n[sync]\nstate_sync = %1\n")
                                             .arg(value))},
                     &text),
                 2);
        QVERIFY2(text.contains("sync/state_sync must be true or false"), qPrintable(text));
    }
    QCOMPARE(run({"--config", config("[node]\ngenesis = validator0.key\ndata_dir = bad\nlisten = 127.0.0.1:1\n")}, &text), 2);
    QVERIFY(text.contains("not a genesis file"));
}

void TestCluster::write_config(int i) {
    QStringList peers;
    for (int j = 0; j < kNodes; ++j)
        if (j != i) peers << QStringLiteral("127.0.0.1:%1").arg(ports_[j]);
    QFile file(path(QStringLiteral("node%1.ini").arg(i)));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QString text = QStringLiteral("[node]\ngenesis = genesis.bin\ndata_dir = node%1\nlisten = 127.0.0.1:%2\npeers = \"%3\"\n")
                       .arg(i)
                       .arg(ports_[i])
                       .arg(peers.join(", "));
    if (i < kValidators) text += QStringLiteral("node_key = validator%1.key\n").arg(i);
    text += QStringLiteral("[consensus]\ntimeout_propose_ms = 1000\ntimeout_propose_delta_ms = 500\n"
                           "timeout_prevote_ms = 500\ntimeout_prevote_delta_ms = 250\n"
                           "timeout_precommit_ms = 500\ntimeout_precommit_delta_ms = 250\nresend_interval_ms = 1000\n"
                           "[network]\nstatus_interval_ms = 500\nsync_request_timeout_ms = 5000\n"
                           "reconnect_delay_max_ms = 2000\n");
    file.write(text.toUtf8());
}

void TestCluster::start(int i) {
    // A port picked at setup can be taken, before this node listens, by a
    // node of a test running beside this one (they pick from the same range):
    // the node then exits saying it cannot listen, and gets another port.
    constexpr int kListenTriesMax = 3;
    for (int attempt = 1; attempt <= kListenTriesMax; ++attempt) {
        const qint64 log_size_before = QFileInfo(path(QStringLiteral("node%1.log").arg(i))).size();
        auto process = std::make_unique<QProcess>();
        process->setStandardErrorFile(path(QStringLiteral("node%1.log").arg(i)), QIODevice::Append);
        process->setWorkingDirectory(dir_.path());
        process->start(QStringLiteral(RATEIO_NODE_BIN), {"--config", path(QStringLiteral("node%1.ini").arg(i))});
        QVERIFY(process->waitForStarted());
        processes_[i] = std::move(process);
        // Up once its control socket answers; a node that exits (it could not
        // listen, say) fails the test at once, with the end of its log.
        QVERIFY(QTest::qWaitFor(
            [&] { return status(i).has_value() || processes_[i]->state() == QProcess::NotRunning; }, kWaitMs));
        if (status(i)) return;
        QFile log(path(QStringLiteral("node%1.log").arg(i)));
        (void)log.open(QIODevice::ReadOnly);
        (void)log.seek(log_size_before);
        const QString this_run = QString::fromUtf8(log.readAll());
        if (attempt < kListenTriesMax && this_run.contains(QLatin1String("cannot listen")) && testing::port_taken(ports_[i])) {
            qWarning("node %d could not listen on port %u; it gets another", i, unsigned(ports_[i]));
            ports_[i] = testing::free_port();
            for (int j = 0; j < kNodes; ++j) write_config(j);
            continue;
        }
        QFAIL(qPrintable(QStringLiteral("node %1 did not come up: %2").arg(i).arg(this_run.right(2000))));
    }
}

void TestCluster::kill(int i) {
    ::kill(static_cast<pid_t>(processes_[i]->processId()), SIGKILL);
    QVERIFY(processes_[i]->waitForFinished(10'000));
    processes_[i].reset();
}

std::optional<QJsonObject> TestCluster::call(int i, const QJsonObject& request) {
    QString error;
    std::optional<QJsonObject> answer = control_call(control_socket_path(data_dir(i)), request, kControlTimeoutMs, &error);
    if (answer && !answer->value("ok").toBool() && request.value("method") != QLatin1String("submit")) return std::nullopt;
    return answer;
}

std::uint64_t TestCluster::height(int i) {
    const std::optional<QJsonObject> s = status(i);
    return s ? s->value("height").toString().toULongLong() : 0;
}

// A request to join from a fresh key, submitted over node i's control socket.
Hash256 TestCluster::submit(int i) {
    const Transaction tx = testing::admission_request(genesis_.group_id(), 0, genesis_.data_public_key,
                                                      QDateTime::currentSecsSinceEpoch() + 86400);
    const std::optional<QJsonObject> answer =
        call(i, {{"method", "submit"}, {"transaction", QString::fromStdString(codec::to_hex(codec::to_bytes(tx)))}});
    if (!answer || !answer->value("ok").toBool()) qFatal("node %d refused a transaction", i);
    return tx.id();
}

bool TestCluster::committed_at(int i, const Hash256& id) {
    const std::optional<QJsonObject> answer =
        call(i, {{"method", "transaction"}, {"id", QString::fromStdString(codec::to_hex(id))}});
    return answer && answer->value("status").toString() == QLatin1String("committed");
}

bool TestCluster::wait_committed(const std::vector<int>& nodes, const Hash256& id) {
    return QTest::qWaitFor(
        [&] {
            for (int i : nodes)
                if (!committed_at(i, id)) return false;
            return true;
        },
        kWaitMs);
}

bool TestCluster::wait_converged(const std::vector<int>& nodes) {
    return QTest::qWaitFor(
        [&] {
            std::optional<QJsonObject> first;
            for (int i : nodes) {
                const std::optional<QJsonObject> s = status(i);
                if (!s) return false;
                if (!first) first = s;
                if (s->value("height") != first->value("height") || s->value("state_root") != first->value("state_root"))
                    return false;
                if (s->value("sync").toObject().value("syncing").toBool()) return false;
            }
            return true;
        },
        kWaitMs);
}

void TestCluster::cluster_survives_crashes_and_syncs() {
    for (int i = 0; i < 5; ++i) start(i);
    const std::vector<int> all{0, 1, 2, 3, 4};

    // Submitted at the follower, committed everywhere.
    const Hash256 first = submit(4);
    QVERIFY(wait_committed(all, first));

    // rateio-cli talks to a running node: a signed proposal and the status.
    const QString socket = control_socket_path(data_dir(4));
    const QJsonObject proposed = cli({"--node-socket", socket, "propose-add-validator",
                                      QString::fromStdString(codec::to_hex(crypto::KeyPair::generate().public_key())),
                                      "--wallet", "founder", "--reason", "a spare machine"});
    QVERIFY(proposed.value("height").toInteger() >= 1);
    const QJsonObject node_status = cli({"--node-socket", socket, "node-status"});
    QCOMPARE(node_status.value("validators").toArray().size(), kValidators);
    QVERIFY(!node_status.value("peers").toArray().isEmpty());

    // One validator down (f = 1 of 4): blocks continue.
    kill(3);
    const Hash256 second = submit(4);
    QVERIFY(wait_committed({0, 1, 2, 4}, second));

    // Two down: no quorum. Nothing commits, and the survivors agree.
    kill(2);
    const std::uint64_t stalled_at = height(0);
    const Hash256 third = submit(0);
    QTest::qWait(8000);
    for (int i : {0, 1, 4}) {
        QVERIFY(!committed_at(i, third));
        QCOMPARE(height(i), stalled_at);
    }
    QVERIFY(wait_converged({0, 1, 4}));

    // Both back: the chain resumes, everyone reaches one height and root.
    start(2);
    start(3);
    QVERIFY(wait_committed(all, third));
    const Hash256 fourth = submit(2);
    QVERIFY(wait_committed(all, fourth));
    QVERIFY(wait_converged(all));

    // A node started from nothing syncs to the tip.
    start(5);
    QVERIFY(wait_converged({0, 1, 2, 3, 4, 5}));
    QVERIFY(height(5) >= 4);

    // A clean stop on SIGTERM.
    for (int i = 0; i < kNodes; ++i) {
        processes_[i]->terminate();
        QVERIFY(processes_[i]->waitForFinished(30'000));
        QCOMPARE(processes_[i]->exitStatus(), QProcess::NormalExit);
        QCOMPARE(processes_[i]->exitCode(), 0);
        processes_[i].reset();
    }

    // No fork anywhere: every node holds the same block at every height.
    std::string error;
    std::vector<std::unique_ptr<Store>> stores;
    for (int i = 0; i < kNodes; ++i) {
        stores.push_back(Store::open(QDir(data_dir(i)).filePath("chain.sqlite").toStdString(), &error));
        QVERIFY2(stores.back(), error.c_str());
    }
    const std::uint64_t top = stores[0]->height();
    for (int i = 1; i < kNodes; ++i) QCOMPARE(stores[static_cast<std::size_t>(i)]->height(), top);
    for (std::uint64_t h = 1; h <= top; ++h) {
        const Hash256 hash = stores[0]->block(h)->header.hash();
        for (const auto& store : stores) QVERIFY(store->block(h)->header.hash() == hash);
    }
}

void TestCluster::cleanupTestCase() {
    for (auto& process : processes_) {
        if (!process) continue;
        process->kill();
        process->waitForFinished(10'000);
    }
}

QTEST_GUILESS_MAIN(TestCluster)
#include "test_cluster.moc"
