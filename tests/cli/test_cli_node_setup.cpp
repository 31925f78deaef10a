// rateio-cli node-setup end to end, everything on 127.0.0.1: a one-validator
// group runs as a real rateio-node; node-setup fetches its genesis from an
// invitation and writes the key and the config; the config is read by
// rateio-node's own parser, and a real rateio-node started with it syncs the
// group's height and stops cleanly on SIGTERM. Then the refusals: files that
// exist, a bad invitation, nobody listening, a computer of another group —
// each exit 1 with a message, leaving the folders as they were.

#include "../node/cluster.h"
#include "node/control.h"
#include "node/invitation.h"
#include "node/node_files.h"
#include "node_config.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

#include <pwd.h>
#include <unistd.h>

using namespace chain;

namespace {

constexpr int kProcessTimeoutMs = 90'000;
constexpr int kSyncWaitMs = 120'000;
constexpr int kControlTimeoutMs = 5'000;
// Blocks the group has made before a node is set up, so that "synced" means
// fetching blocks, not only the genesis.
constexpr std::uint64_t kGroupHeightMin = 2;
const QString kSpacedName = QStringLiteral("sol, casa; 1");

struct CliRun {
    int exit_code = -1;
    QJsonObject json;
    QString message; // error.message on failure
};

QByteArray file_bytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The package's service account is used only by root, when it exists.
bool runs_with_service_account() { return ::geteuid() == 0 && ::getpwnam("rateio-node") != nullptr; }

constexpr QFile::Permissions kGroupAndOthers = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup | QFile::ReadOther |
                                               QFile::WriteOther | QFile::ExeOther;

} // namespace

class TestNodeSetup : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void sets_up_a_node_that_syncs_the_group();
    void refuses_to_overwrite_a_setup();
    void replaces_only_the_packaged_example_config();
    void refuses_a_bad_invitation();
    void refuses_when_nobody_answers();
    // Last: the group's node bans 127.0.0.1 for a while after it.
    void refuses_a_computer_of_another_group();
    void cleanupTestCase();

private:
    QString path(const QString& name) const { return dir_.filePath(name); }
    CliRun setup(const QString& invitation, const QString& name, const QStringList& extra = {});
    std::optional<QJsonObject> status(const QString& data_dir);
    std::uint64_t height(const QString& data_dir);
    std::unique_ptr<QProcess> start_node(const QString& config, const QString& log);
    void stop_node(std::unique_ptr<QProcess>& process);
    Invitation invitation() const { return Invitation{genesis_.group_id(), {QStringLiteral("127.0.0.1:%1").arg(port_)}, {}}; }

    QTemporaryDir dir_;
    Genesis genesis_;
    quint16 port_ = 0;
    std::unique_ptr<QProcess> group_node_;
};

void TestNodeSetup::initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY2(QFile::exists(RATEIO_CLI_PATH), RATEIO_CLI_PATH);
    QVERIFY2(QFile::exists(RATEIO_NODE_PATH), RATEIO_NODE_PATH);

    const crypto::KeyPair founder = crypto::KeyPair::generate();
    const crypto::KeyPair validator = crypto::KeyPair::generate();
    FoundingInput input;
    input.group_name = "Cooperativa Sol da Serra";
    input.time_s = QDateTime::currentSecsSinceEpoch();
    input.founder_utility = "Light";
    input.founder_profile = make_profile("Fundadora Teste", "1234");
    genesis_ = found_group(input, founder, validator.public_key()).genesis;
    QVERIFY(QDir().mkpath(path("group")));
    QString error;
    QVERIFY2(write_genesis_file(path("group/genesis.bin"), genesis_, &error), qPrintable(error));
    QVERIFY2(write_node_key_file(path("group/validator.key"), validator, &error), qPrintable(error));

    port_ = testing::free_port();
    QFile config(path("group/node.ini"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(QStringLiteral("[node]\ngenesis = genesis.bin\ndata_dir = data\nlisten = 127.0.0.1:%1\nnode_key = validator.key\n"
                                "[consensus]\ntimeout_propose_ms = 500\ntimeout_prevote_ms = 300\ntimeout_precommit_ms = 300\n")
                     .arg(port_)
                     .toUtf8());
    config.close();
    group_node_ = start_node(path("group/node.ini"), path("group/node.log"));
    QVERIFY(group_node_);

    // A few blocks, each holding a request to join.
    for (std::uint64_t i = 0; i < kGroupHeightMin; ++i) {
        const Transaction tx = testing::admission_request(genesis_.group_id(), 0, genesis_.data_public_key,
                                                          QDateTime::currentSecsSinceEpoch() + 86400);
        QString call_error;
        const std::optional<QJsonObject> answer =
            control_call(control_socket_path(path("group/data")),
                         {{"method", "submit"}, {"transaction", QString::fromStdString(codec::to_hex(codec::to_bytes(tx)))}},
                         kControlTimeoutMs, &call_error);
        QVERIFY2(answer && answer->value("ok").toBool(), qPrintable(call_error));
        QVERIFY(QTest::qWaitFor([&] { return height(path("group/data")) >= i + 1; }, kSyncWaitMs));
    }
}

void TestNodeSetup::cleanupTestCase() { stop_node(group_node_); }

CliRun TestNodeSetup::setup(const QString& invitation, const QString& name, const QStringList& extra) {
    QProcess process;
    process.start(QStringLiteral(RATEIO_CLI_PATH),
                  QStringList{"--json", "node-setup", "--invitation", invitation, "--config-dir", path(name + "/etc"),
                              "--data-dir", path(name + "/var"), "--listen", QStringLiteral("127.0.0.1:%1").arg(testing::free_port())} +
                      extra);
    if (!process.waitForFinished(kProcessTimeoutMs)) qFatal("rateio-cli node-setup did not finish");
    CliRun run;
    run.exit_code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    run.message = run.json.value("error").toObject().value("message").toString();
    qInfo().noquote() << "node-setup exit" << run.exit_code << QJsonDocument(run.json).toJson(QJsonDocument::Compact);
    return run;
}

std::optional<QJsonObject> TestNodeSetup::status(const QString& data_dir) {
    QString error;
    std::optional<QJsonObject> answer = control_call(control_socket_path(data_dir), {{"method", "status"}}, kControlTimeoutMs, &error);
    if (!answer || !answer->value("ok").toBool()) return std::nullopt;
    return answer;
}

std::uint64_t TestNodeSetup::height(const QString& data_dir) {
    const std::optional<QJsonObject> s = status(data_dir);
    return s ? s->value("height").toString().toULongLong() : 0;
}

std::unique_ptr<QProcess> TestNodeSetup::start_node(const QString& config, const QString& log) {
    auto process = std::make_unique<QProcess>();
    process->setStandardErrorFile(log, QIODevice::Append);
    process->start(QStringLiteral(RATEIO_NODE_PATH), {"--config", config});
    if (!process->waitForStarted()) return nullptr;
    QString error;
    const std::optional<node_app::NodeSettings> settings = node_app::read_settings(config, &error);
    if (!settings) return nullptr;
    const QString data_dir = settings->network.data_dir;
    const bool up = QTest::qWaitFor([&] { return status(data_dir).has_value() || process->state() == QProcess::NotRunning; },
                                    kSyncWaitMs);
    if (!up || !status(data_dir)) {
        qWarning().noquote() << "rateio-node did not come up:" << file_bytes(log).right(2000);
        return nullptr;
    }
    return process;
}

void TestNodeSetup::stop_node(std::unique_ptr<QProcess>& process) {
    if (!process) return;
    ::kill(static_cast<pid_t>(process->processId()), SIGTERM);
    QVERIFY(process->waitForFinished(kProcessTimeoutMs));
    QCOMPARE(process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(process->exitCode(), 0);
    process.reset();
}

void TestNodeSetup::sets_up_a_node_that_syncs_the_group() {
    // A folder name with a comma, a blank and a ';', which the INI must quote.
    const CliRun run = setup(invitation().to_uri(), kSpacedName);
    QCOMPARE(run.exit_code, 0);
    const QString etc = path(kSpacedName + "/etc");
    const QString key_path = etc + "/validator.key";
    const QString genesis_path = etc + "/genesis.bin";
    const QString config_path = etc + "/rateio-node.ini";
    QCOMPARE(QDir(etc).entryList(QDir::Files | QDir::Hidden, QDir::Name),
             QStringList({"genesis.bin", "rateio-node.ini", "validator.key"}));
    QVERIFY(QFileInfo(path(kSpacedName + "/var")).isDir());

    // The key: private, and the one whose public half was printed.
    QString error;
    const std::optional<crypto::KeyPair> key = read_node_key_file(key_path, &error);
    QVERIFY2(key, qPrintable(error));
    const QString public_key = run.json.value("public_key").toString();
    QCOMPARE(public_key.size(), 66);
    QCOMPARE(public_key, QString::fromStdString(codec::to_hex(key->public_key())));
    if (runs_with_service_account()) {
        QCOMPARE(QFile::permissions(key_path) & kGroupAndOthers, QFile::ReadGroup);
        QCOMPARE(QFile::permissions(genesis_path) & kGroupAndOthers, QFile::ReadGroup);
    } else {
        QCOMPARE(QFile::permissions(key_path) & kGroupAndOthers, QFile::Permissions());
    }

    // The genesis: the group's, byte for byte.
    const std::optional<Genesis> genesis = read_genesis_file(genesis_path, &error);
    QVERIFY2(genesis, qPrintable(error));
    QCOMPARE(codec::to_bytes(*genesis), codec::to_bytes(genesis_));
    QCOMPARE(run.json.value("group_id").toString(), QString::fromStdString(codec::to_hex(genesis_.group_id())));
    QCOMPARE(run.json.value("group_name").toString(), QString("Cooperativa Sol da Serra"));

    // The config: accepted by rateio-node's parser, naming what was written.
    const std::optional<node_app::NodeSettings> settings = node_app::read_settings(config_path, &error);
    QVERIFY2(settings, qPrintable(error));
    QCOMPARE(settings->genesis_path, genesis_path);
    QCOMPARE(settings->node_key_path, key_path);
    QCOMPARE(settings->network.data_dir, path(kSpacedName + "/var"));
    QCOMPARE(settings->network.peers, invitation().peers);
    QCOMPARE(settings->network.listen_address, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(QString("127.0.0.1:%1").arg(settings->network.listen_port), run.json.value("listen").toString());

    // Started with it, the node reaches the group's height.
    std::unique_ptr<QProcess> node = start_node(config_path, path("node.log"));
    QVERIFY(node);
    const std::uint64_t group_height = height(path("group/data"));
    QVERIFY(group_height >= kGroupHeightMin);
    QVERIFY2(QTest::qWaitFor([&] { return height(path(kSpacedName + "/var")) >= group_height; }, kSyncWaitMs),
             file_bytes(path("node.log")).right(2000).constData());
    QCOMPARE(status(path(kSpacedName + "/var"))->value("group_id").toString(), run.json.value("group_id").toString());
    stop_node(node);
}

void TestNodeSetup::refuses_to_overwrite_a_setup() {
    const QString etc = path(kSpacedName + "/etc");
    const QStringList names{"genesis.bin", "rateio-node.ini", "validator.key"};
    std::map<QString, QByteArray> before;
    for (const QString& name : names) before[name] = file_bytes(etc + '/' + name);

    // The text form this time: the group id and the address.
    const CliRun again = setup(invitation().to_text(), kSpacedName);
    QCOMPARE(again.exit_code, 1);
    QVERIFY2(again.message.contains(etc + "/validator.key") && again.message.contains("already exists"), qPrintable(again.message));
    for (const QString& name : names) QCOMPARE(file_bytes(etc + '/' + name), before[name]);
    QCOMPARE(QDir(etc).entryList(QDir::Files | QDir::Hidden, QDir::Name), names);

    // A config alone (say, written by hand) is not replaced either.
    QVERIFY(QDir().mkpath(path("b/etc")));
    QVERIFY(QFile::copy(etc + "/rateio-node.ini", path("b/etc/rateio-node.ini")));
    const CliRun config_only = setup(invitation().to_text(), "b");
    QCOMPARE(config_only.exit_code, 1);
    QVERIFY2(config_only.message.contains(path("b/etc/rateio-node.ini")), qPrintable(config_only.message));
    QCOMPARE(QDir(path("b/etc")).entryList(QDir::Files | QDir::Hidden), QStringList{"rateio-node.ini"});
    QVERIFY(!QFileInfo::exists(path("b/var")));
}

// The package installs an example config in the config dir; it cannot run a
// node (its peers are under .example), so node-setup replaces it.
void TestNodeSetup::replaces_only_the_packaged_example_config() {
    QVERIFY(QDir().mkpath(path("c/etc")));
    QVERIFY(QFile::copy(QStringLiteral(RATEIO_EXAMPLE_CONFIG), path("c/etc/rateio-node.ini")));
    QFile::setPermissions(path("c/etc/rateio-node.ini"), QFile::ReadOwner | QFile::WriteOwner);
    // An invitation with a checkpoint: the config hands it to the node.
    Invitation with_checkpoint = invitation();
    with_checkpoint.checkpoint = state::HeaderCheckpoint{1, genesis_.group_id()};
    const CliRun run = setup(with_checkpoint.to_uri(), "c");
    QCOMPARE(run.exit_code, 0);
    QVERIFY(run.json.value("replaced_example_config").toBool());
    QString error;
    const std::optional<node_app::NodeSettings> settings = node_app::read_settings(path("c/etc/rateio-node.ini"), &error);
    QVERIFY2(settings, qPrintable(error));
    QCOMPARE(settings->network.peers, invitation().peers);
    QCOMPARE(settings->genesis_path, path("c/etc/genesis.bin"));
    QCOMPARE(settings->network.trust_checkpoint, with_checkpoint.checkpoint);
    // One written by hand that does not read is refused, naming the key.
    QFile config(path("c/etc/rateio-node.ini"));
    QVERIFY(config.open(QIODevice::ReadOnly));
    QByteArray text = config.readAll();
    config.close();
    // Height 0 is refused. The file's size changes too: QSettings caches a
    // file it read and rereads it only when its time or size differ, and a
    // rewrite within the same millisecond kept the old text (a flaky pass).
    text.replace("checkpoint = \"1:", "checkpoint = \"00:");
    QVERIFY(QFile::remove(path("c/etc/rateio-node.ini")) && config.open(QIODevice::WriteOnly) && config.write(text) == text.size());
    config.close();
    QVERIFY(!node_app::read_settings(path("c/etc/rateio-node.ini"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("sync/checkpoint must be <height>:<block hash")), qPrintable(error));
}

void TestNodeSetup::refuses_a_bad_invitation() {
    for (const QString& bad : {QStringLiteral("rateio:1234?peer=127.0.0.1:1"), QStringLiteral("not an invitation"),
                               path("missing.rateio-invite"), invitation().to_uri() + QStringLiteral("&checkpoint=12")}) {
        const CliRun run = setup(bad, "d");
        QCOMPARE(run.exit_code, 1);
        QVERIFY2(!run.message.isEmpty(), qPrintable(bad));
        QVERIFY(!QFileInfo::exists(path("d")));
    }
}

void TestNodeSetup::refuses_when_nobody_answers() {
    // A port nothing listens on, and a config dir that exists (empty) beforehand.
    QVERIFY(QDir().mkpath(path("e/etc")));
    const Invitation nobody{genesis_.group_id(), {QStringLiteral("127.0.0.1:%1").arg(testing::free_port())}, {}};
    const CliRun run = setup(nobody.to_text(), "e", {"--timeout", "2"});
    QCOMPARE(run.exit_code, 1);
    QVERIFY2(run.message.contains("answered within 2 s"), qPrintable(run.message));
    QVERIFY(QDir(path("e/etc")).isEmpty(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot));
    QVERIFY(!QFileInfo::exists(path("e/var")));
}

void TestNodeSetup::refuses_a_computer_of_another_group() {
    // An invitation file naming another group at the group's address.
    Invitation other = invitation();
    other.group_id = crypto::sha256(codec::to_bytes(genesis_)); // any other 32 bytes
    QVERIFY(other.group_id != genesis_.group_id());
    QString error;
    QVERIFY2(write_invitation_file(path("other.rateio-invite"), other, &error), qPrintable(error));
    // Which end notices the wrong group first is a race: this end reports it
    // at once, or, when the other end hung up first, at the timeout.
    const CliRun run = setup(path("other.rateio-invite"), "f", {"--timeout", "5"});
    QCOMPARE(run.exit_code, 1);
    QCOMPARE(run.json.value("error").toObject().value("name").toString(), QString("wrong_group"));
    QVERIFY2(run.message.contains("another group"), qPrintable(run.message));
    QVERIFY(!QFileInfo::exists(path("f")));
}

QTEST_GUILESS_MAIN(TestNodeSetup)
#include "test_cli_node_setup.moc"
