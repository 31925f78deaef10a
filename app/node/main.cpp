// rateio-node: runs one node of a group until SIGTERM or SIGINT.
//
//   rateio-node --config FILE
//
// Logs go to stderr, one line each with a UTC timestamp. Exit codes:
//   0  stopped by a signal, cleanly
//   1  the node could not start or failed while running (the log says why)
//   2  bad command line or config file

#include "build_info.h"
#include "node_config.h"

#include "node/control.h"
#include "node/network_node.h"
#include "node/node_files.h"
#include "node/signal_watcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>

#include <csignal>
#include <cstdio>

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int fail(int code, const QString& message) {
    qCritical().noquote() << message;
    return code;
}

std::int64_t real_clock_ms() { return QDateTime::currentMSecsSinceEpoch(); }

// The configured node key, or the data dir's own (made on the first start).
std::optional<chain::crypto::KeyPair> load_node_key(const node_app::NodeSettings& settings, QString* error) {
    if (!settings.node_key_path.isEmpty()) return chain::read_node_key_file(settings.node_key_path, error);
    const QString own = QDir(settings.network.data_dir).filePath(QStringLiteral("node.key"));
    if (QFileInfo::exists(own)) return chain::read_node_key_file(own, error);
    const chain::crypto::KeyPair key = chain::crypto::KeyPair::generate();
    if (!chain::write_node_key_file(own, key, error)) return std::nullopt;
    return key;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rateio-node"));
    QCoreApplication::setApplicationVersion(QLatin1String(build_info::kVersion));
    qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} "
                                      "%{if-debug}debug%{endif}%{if-info}info%{endif}%{if-warning}warning%{endif}"
                                      "%{if-critical}error%{endif}%{if-fatal}fatal%{endif} %{message}"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Runs a node of a Rateio group: a validator or a follower."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(QCommandLineOption(QStringLiteral("config"), QStringLiteral("The node's INI config file."),
                                        QStringLiteral("FILE")));
    if (!parser.parse(QCoreApplication::arguments())) return fail(kExitUsage, parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return kExitOk;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("rateio-node %s\n", qPrintable(QCoreApplication::applicationVersion()));
        return kExitOk;
    }
    if (!parser.isSet(QStringLiteral("config")) || !parser.positionalArguments().isEmpty())
        return fail(kExitUsage, QStringLiteral("usage: rateio-node --config FILE (see --help)"));

    QString error;
    const std::optional<node_app::NodeSettings> settings = node_app::read_settings(parser.value("config"), &error);
    if (!settings) return fail(kExitUsage, QStringLiteral("config: %1").arg(error));
    const std::optional<chain::Genesis> genesis = chain::read_genesis_file(settings->genesis_path, &error);
    if (!genesis) return fail(kExitUsage, QStringLiteral("genesis: %1").arg(error));
    if (!QDir().mkpath(settings->network.data_dir))
        return fail(kExitFailed, QStringLiteral("cannot create the data dir %1").arg(settings->network.data_dir));

    const std::optional<chain::crypto::KeyPair> key = load_node_key(*settings, &error);
    if (!key) return fail(kExitUsage, QStringLiteral("node key: %1").arg(error));

    // NetworkNode::open holds <data_dir>/node.lock: two programs on one data
    // dir would both vote with one key.
    std::unique_ptr<chain::NetworkNode> node =
        chain::NetworkNode::open(settings->network, *genesis, *key, real_clock_ms, &error);
    if (!node) return fail(kExitFailed, error);
    chain::ControlServer control(*node);
    if (!control.listen(chain::control_socket_path(settings->network.data_dir), &error)) return fail(kExitFailed, error);
    if (!node->start(&error)) return fail(kExitFailed, error);

    chain::SignalWatcher signal_watcher;
    if (!signal_watcher.install({SIGTERM, SIGINT}, &error)) return fail(kExitFailed, error);
    QObject::connect(&signal_watcher, &chain::SignalWatcher::signalReceived, &app, [&](int number) {
        qInfo().noquote() << "signal" << number << "received, shutting down";
        control.close();
        node->stop();
        QCoreApplication::quit();
    });
    qInfo().noquote() << "rateio-node" << QCoreApplication::applicationVersion() << "group"
                      << QString::fromStdString(chain::codec::to_hex(genesis->group_id())).left(16) << "data"
                      << settings->network.data_dir << "control"
                      << chain::control_socket_path(settings->network.data_dir);
    const int code = app.exec();
    qInfo().noquote() << "stopped at height" << node->summary().height;
    return code == 0 ? kExitOk : kExitFailed;
}
