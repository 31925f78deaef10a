#include "models/workspace.h"

#include "models/demo_seeder.h"
#include "node/node_files.h"
#include "rules/profile.h"
#include "rules/rules.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

namespace models {

std::int64_t systemClock_s() { return QDateTime::currentSecsSinceEpoch(); }

Workspace::Workspace(QString data_dir) : data_dir_(std::move(data_dir)) {
    // A desktop maps a port on the home router and finds neighbours on the
    // LAN; tests and the screenshot tool replace the tuning (off by default).
    network_tuning_.reachability_enabled = true;
}

namespace {

constexpr const char* kNetworkSettingsFile = "network.ini";
constexpr const char* kNodeKeyFile = "node.key";

using WalletProblem = Workspace::WalletProblem;

Workspace::WalletOutcome failed(const chain::Rejection& rejection, WalletProblem problem, const QString& path = {}) {
    Workspace::WalletOutcome outcome;
    outcome.code = rejection.code == chain::ErrorCode::None ? chain::ErrorCode::WalletError : rejection.code;
    outcome.error = QString::fromStdString(rejection.message);
    outcome.problem = problem;
    outcome.path = path;
    return outcome;
}

// A name chain::WalletStore refuses, as the problem the UI words; nullopt if valid.
std::optional<Workspace::WalletOutcome> nameRefused(const QString& name) {
    const chain::WalletStore::NameCheck check = chain::WalletStore::check_name(name);
    if (check.problem == chain::WalletStore::NameProblem::None) return std::nullopt;
    const chain::Rejection rejection{chain::ErrorCode::InvalidArgument, chain::WalletStore::name_problem(name)};
    switch (check.problem) {
    case chain::WalletStore::NameProblem::Empty: return failed(rejection, WalletProblem::NameEmpty);
    case chain::WalletStore::NameProblem::TooLong: return failed(rejection, WalletProblem::NameTooLong);
    case chain::WalletStore::NameProblem::BadCharacter:
    case chain::WalletStore::NameProblem::None: break;
    }
    Workspace::WalletOutcome outcome = failed(rejection, WalletProblem::NameBadCharacter);
    outcome.bad_character = check.character;
    return outcome;
}

// Why a key store file that exists did not open: the passphrase when its
// header reads, else a newer format or damage.
WalletProblem unopenedFileProblem(const QString& path) {
    if (chain::WalletStore::is_newer_format(path)) return WalletProblem::NewerFormat;
    return chain::WalletStore::public_key_of_file(path) ? WalletProblem::WrongPassphrase : WalletProblem::Damaged;
}

} // namespace

Workspace::WalletOutcome Workspace::createWallet(const QString& name, const QString& passphrase) {
    if (std::optional<WalletOutcome> refused = nameRefused(name)) return *refused;
    chain::WalletStore store = wallets();
    const chain::Result<std::string> created = store.create(name, passphrase.toStdString());
    if (!created.ok()) {
        const WalletProblem problem = store.exists(name) ? WalletProblem::NameTaken
                                      : created.error().code == chain::ErrorCode::InvalidArgument ? WalletProblem::PassphraseTooShort
                                                                                                  : WalletProblem::CannotWriteWallet;
        WalletOutcome outcome = failed(created.error(), problem);
        outcome.name = chain::WalletStore::normalized_name(name);
        return outcome;
    }
    return unlockWallet(name, passphrase);
}

Workspace::WalletOutcome Workspace::restoreWallet(const QString& name, const QString& backup_path, const QString& passphrase) {
    if (std::optional<WalletOutcome> refused = nameRefused(name)) return *refused;
    chain::WalletStore store = wallets();
    const chain::Result<std::string> imported = store.import_wallet(name, backup_path);
    if (!imported.ok()) {
        WalletOutcome outcome = failed(imported.error(), store.exists(name)           ? WalletProblem::NameTaken
                                                         : !QFileInfo(backup_path).isFile() ? WalletProblem::FileUnreadable
                                                                                        : unopenedFileProblem(backup_path),
                                       backup_path);
        outcome.name = chain::WalletStore::normalized_name(name);
        return outcome;
    }
    WalletOutcome unlocked = unlockWallet(name, passphrase);
    // A backup that does not open with this passphrase is not kept.
    if (!unlocked.ok()) QFile::remove(store.path(name));
    return unlocked;
}

Workspace::WalletOutcome Workspace::unlockWallet(const QString& name, const QString& passphrase) const {
    if (std::optional<WalletOutcome> refused = nameRefused(name)) return *refused;
    const chain::WalletStore store = wallets();
    const chain::Result<chain::crypto::KeyPair> key = store.unlock(name, passphrase.toStdString());
    if (!key.ok()) {
        WalletOutcome outcome = failed(key.error(), !store.exists(name) ? WalletProblem::NotFound : unopenedFileProblem(store.path(name)),
                                       store.path(name));
        outcome.name = chain::WalletStore::normalized_name(name);
        return outcome;
    }
    WalletOutcome outcome;
    outcome.key = key.value();
    outcome.name = chain::WalletStore::normalized_name(name);
    return outcome;
}

Workspace::WalletOutcome Workspace::exportWallet(const QString& name, const QString& destination_path) const {
    const chain::WalletStore store = wallets();
    if (const chain::Failure failure = store.export_wallet(name, destination_path)) {
        const WalletProblem problem = !store.exists(name)                  ? WalletProblem::NotFound
                                      : QFileInfo::exists(destination_path) ? WalletProblem::DestinationExists
                                                                            : WalletProblem::DestinationUnwritable;
        return failed(*failure, problem, destination_path);
    }
    return {};
}

Workspace::WalletOutcome Workspace::changePassphrase(const QString& name, const QString& old_passphrase, const QString& new_passphrase) {
    chain::WalletStore store = wallets();
    if (const chain::Failure failure = store.change_passphrase(name, old_passphrase.toStdString(), new_passphrase.toStdString())) {
        // The old passphrase opens it: then it was the writing that failed.
        const WalletProblem problem = failure->code == chain::ErrorCode::InvalidArgument ? WalletProblem::PassphraseTooShort
                                      : !store.exists(name)                             ? WalletProblem::NotFound
                                      : store.unlock(name, old_passphrase.toStdString()).ok() ? WalletProblem::CannotWriteWallet
                                                                                              : unopenedFileProblem(store.path(name));
        return failed(*failure, problem, store.path(name));
    }
    return {};
}

Workspace::WalletOutcome Workspace::verifyBackup(const QString& name, const QString& backup_path, const QString& passphrase) const {
    const chain::Result<chain::crypto::KeyPair> opened = chain::WalletStore::unlock_file(backup_path, passphrase.toStdString());
    if (!opened.ok())
        return failed(opened.error(), !QFileInfo(backup_path).isFile() ? WalletProblem::FileUnreadable : unopenedFileProblem(backup_path),
                      backup_path);
    const chain::Result<chain::WalletInfo> wallet = wallets().info(name);
    if (!wallet.ok()) return failed(wallet.error(), WalletProblem::NotFound);
    if (wallet.value().public_key != opened.value().public_key())
        return failed(chain::Rejection{chain::ErrorCode::WalletError, backup_path.toStdString() + " holds another wallet"},
                      WalletProblem::BackupOfAnotherWallet, backup_path);
    WalletOutcome outcome;
    outcome.key = opened.value();
    outcome.name = wallet.value().name;
    return outcome;
}

Workspace::WalletOutcome Workspace::removeWallet(const QString& name) {
    chain::WalletStore store = wallets();
    if (const chain::Failure failure = store.remove(name)) return failed(*failure, WalletProblem::CannotRemove, store.path(name));
    return {};
}

QStringList Workspace::walletNames() const {
    QStringList names;
    for (const chain::WalletInfo& info : wallets().list()) names << info.name;
    return names;
}

OpenedNode Workspace::createGroup(const FoundingDetails& details, const chain::crypto::KeyPair& founder) {
    OpenedNode failed;
    if (holdsGroup()) {
        failed.error = QStringLiteral("%1 already holds a group").arg(data_dir_);
        return failed;
    }
    chain::FoundingInput input;
    input.group_name = details.group_name.trimmed().toStdString();
    input.dev_group = details.dev_group;
    input.time_s = details.dev_group ? systemClock_s() : network_clock_ms_() / 1000;
    input.params = details.params;
    input.founder_utility = details.utility.trimmed().toStdString();
    input.founder_profile =
        chain::make_profile(details.full_name.trimmed().toStdString(), details.consumer_unit.trimmed().toStdString());
    if (const std::optional<chain::Rejection> bad = chain::validate_params(input.params)) {
        failed.error = QString::fromStdString(bad->message);
        return failed;
    }
    const chain::crypto::KeyPair node_key = chain::crypto::KeyPair::generate();
    const chain::Founding founding = chain::found_group(input, founder, node_key.public_key());
    QDir().mkpath(data_dir_);
    if (details.dev_group) return createEmbeddedGroup(founding.genesis, node_key, founder);

    const QString key_path = QDir(data_dir_).filePath(QLatin1String(kNodeKeyFile));
    if (!chain::write_node_key_file(key_path, node_key, &failed.error)) return failed;
    NetworkSettings settings;
    settings.listen_port = default_listen_port_;
    OpenedNode opened = openNetwork(founding.genesis, settings);
    // Written last: its presence is what marks the folder as a network group.
    if (opened.node && !saveNetworkSettings(settings)) {
        opened = {};
        opened.error = QStringLiteral("cannot write %1").arg(networkSettingsPath());
    }
    if (!opened.node) {
        // Nothing half-made is left behind: the assistant can be run again.
        for (const char* file : {"chain.sqlite", "chain.sqlite-wal", "chain.sqlite-shm", kNodeKeyFile, kNetworkSettingsFile})
            QFile::remove(QDir(data_dir_).filePath(QLatin1String(file)));
        return opened;
    }
    opened.identity = founder;
    return opened;
}

OpenedNode Workspace::createEmbeddedGroup(const chain::Genesis& genesis, const chain::crypto::KeyPair& node_key,
                                          const chain::crypto::KeyPair& founder) {
    OpenedNode opened;
    opened.clock = systemClock_s;
    std::unique_ptr<chain::LocalNode> node = chain::LocalNode::create(data_dir_, genesis, node_key, systemClock_s, &opened.error);
    if (!node) return opened;
    opened.identity = founder;
    chain::LocalNode* raw = node.get();
    opened.clock = [raw] { return raw->now(); };
    opened.node = std::move(node);
    return opened;
}

Workspace::OpenUpOutcome Workspace::openUpGroup(std::int64_t group_time_s) const {
    OpenUpOutcome outcome;
    if (holdsNetworkGroup() || !chain::LocalNode::holds_group(data_dir_)) {
        outcome.problem = OpenUpOutcome::Problem::NoEmbeddedGroup;
        outcome.error = QStringLiteral("%1 holds no embedded group").arg(data_dir_);
        return outcome;
    }
    if (group_time_s > network_clock_ms_() / 1000 + kOpenUpClockAheadMax_s) {
        outcome.problem = OpenUpOutcome::Problem::ClockAhead;
        outcome.error = QStringLiteral("the group's clock is ahead of the real one");
        return outcome;
    }
    NetworkSettings settings;
    settings.listen_port = default_listen_port_;
    if (!saveNetworkSettings(settings)) {
        QFile::remove(networkSettingsPath());
        outcome.problem = OpenUpOutcome::Problem::CannotWrite;
        outcome.error = QStringLiteral("cannot write %1").arg(networkSettingsPath());
    }
    return outcome;
}

OpenedNode Workspace::open() {
    if (holdsNetworkGroup()) {
        OpenedNode failed;
        const std::optional<NetworkSettings> settings = networkSettings();
        const std::optional<chain::Genesis> genesis =
            chain::NetworkNode::stored_genesis(data_dir_, &failed.error);
        if (!settings) failed.error = QStringLiteral("%1 is unreadable").arg(networkSettingsPath());
        if (!settings || !genesis) return failed;
        return openNetwork(*genesis, *settings);
    }
    OpenedNode opened;
    opened.clock = systemClock_s;
    std::unique_ptr<chain::LocalNode> node = chain::LocalNode::open(data_dir_, systemClock_s, &opened.error);
    if (!node) return opened;
    chain::LocalNode* raw = node.get();
    opened.clock = [raw] { return raw->now(); };
    opened.node = std::move(node);
    return opened;
}

// --- Groups on the network -----------------------------------------------------------

QString Workspace::networkSettingsPath() const { return QDir(data_dir_).filePath(QLatin1String(kNetworkSettingsFile)); }

bool Workspace::holdsNetworkGroup() const { return QFileInfo::exists(networkSettingsPath()); }

std::optional<NetworkSettings> Workspace::networkSettings() const {
    if (!holdsNetworkGroup()) return std::nullopt;
    QSettings ini(networkSettingsPath(), QSettings::IniFormat);
    if (ini.status() != QSettings::NoError) return std::nullopt;
    NetworkSettings settings;
    settings.watch_only = ini.value(QStringLiteral("watch_only"), false).toBool();
    settings.light = settings.watch_only && ini.value(QStringLiteral("mode")).toString() == QLatin1String("light");
    settings.peers = ini.value(QStringLiteral("peers")).toStringList();
    bool port_ok = false;
    const uint port = ini.value(QStringLiteral("listen_port"), NetworkSettings::kDefaultListenPort).toUInt(&port_ok);
    settings.listen_port = port_ok && port <= 65535 ? quint16(port) : NetworkSettings::kDefaultListenPort;
    settings.advertised = ini.value(QStringLiteral("advertised")).toStringList();
    settings.advertise_interfaces = ini.value(QStringLiteral("advertise_interfaces"), true).toBool();
    settings.admission_pending = ini.value(QStringLiteral("admission/pending"), false).toBool();
    settings.utility = ini.value(QStringLiteral("admission/utility")).toString();
    settings.full_name = ini.value(QStringLiteral("admission/full_name")).toString();
    settings.consumer_unit = ini.value(QStringLiteral("admission/consumer_unit")).toString();
    return settings;
}

bool Workspace::saveNetworkSettings(const NetworkSettings& settings) const {
    QDir().mkpath(data_dir_);
    QSettings ini(networkSettingsPath(), QSettings::IniFormat);
    ini.setValue(QStringLiteral("watch_only"), settings.watch_only);
    ini.setValue(QStringLiteral("mode"), settings.watch_only && settings.light ? QStringLiteral("light") : QStringLiteral("full"));
    ini.setValue(QStringLiteral("peers"), settings.peers);
    ini.setValue(QStringLiteral("listen_port"), settings.listen_port);
    ini.setValue(QStringLiteral("advertised"), settings.advertised);
    ini.setValue(QStringLiteral("advertise_interfaces"), settings.advertise_interfaces);
    ini.setValue(QStringLiteral("admission/pending"), settings.admission_pending);
    // The profile stays on this computer only until the request is sent.
    if (settings.admission_pending) {
        ini.setValue(QStringLiteral("admission/utility"), settings.utility);
        ini.setValue(QStringLiteral("admission/full_name"), settings.full_name);
        ini.setValue(QStringLiteral("admission/consumer_unit"), settings.consumer_unit);
    } else {
        ini.remove(QStringLiteral("admission"));
        ini.setValue(QStringLiteral("admission/pending"), false);
    }
    ini.sync();
    return ini.status() == QSettings::NoError;
}

OpenedNode Workspace::openFetchedGroup(const chain::Genesis& genesis, const NetworkSettings& settings) {
    OpenedNode failed;
    if (holdsGroup()) {
        failed.error = QStringLiteral("%1 already holds a group").arg(data_dir_);
        return failed;
    }
    QDir().mkpath(data_dir_);
    const QString key_path = QDir(data_dir_).filePath(QLatin1String(kNodeKeyFile));
    if (!chain::write_node_key_file(key_path, chain::crypto::KeyPair::generate(), &failed.error)) return failed;
    OpenedNode opened = openNetwork(genesis, settings);
    // Written last: its presence is what marks the folder as a network group.
    if (opened.node && !saveNetworkSettings(settings)) {
        failed.error = QStringLiteral("cannot write %1").arg(networkSettingsPath());
        return failed;
    }
    return opened;
}

OpenedNode Workspace::openNetwork(const chain::Genesis& genesis, const NetworkSettings& settings) {
    OpenedNode opened;
    opened.clock = systemClock_s;
    const std::optional<chain::crypto::KeyPair> key =
        chain::read_node_key_file(QDir(data_dir_).filePath(QLatin1String(kNodeKeyFile)), &opened.error);
    if (!key) return opened;
    if (settings.watch_only && settings.light) return openLight(genesis, settings, *key);
    chain::NetworkNodeConfig config = network_tuning_;
    config.data_dir = data_dir_;
    config.listen_address = QHostAddress::Any;
    config.listen_port = settings.listen_port;
    config.listen_optional = true;
    config.peers = settings.peers;
    config.trust_checkpoint = settings.trust_checkpoint;
    std::unique_ptr<chain::NetworkNode> node =
        chain::NetworkNode::open(config, genesis, *key, network_clock_ms_, &opened.error);
    if (!node) return opened;
    chain::NetworkNode* raw = node.get();
    opened.clock = [raw] { return raw->now_ms() / 1000; };
    opened.start = [](chain::Node& n, QString* error) { return static_cast<chain::NetworkNode&>(n).start(error); };
    opened.network = settings;
    opened.node = std::move(node);
    return opened;
}

OpenedNode Workspace::openLight(const chain::Genesis& genesis, const NetworkSettings& settings,
                                const chain::crypto::KeyPair& key) {
    OpenedNode opened;
    opened.clock = systemClock_s;
    chain::LightNodeConfig config;
    config.data_dir = data_dir_;
    config.peers = settings.peers;
    config.trust_checkpoint = settings.trust_checkpoint;
    config.check_interval_ms = light_check_interval_ms_;
    config.check_timeout_ms = network_tuning_.sync_request_timeout_ms * 3;
    config.network = network_tuning_.network;
    std::unique_ptr<chain::LightNode> node = chain::LightNode::open(config, genesis, key, &opened.error);
    if (!node) return opened;
    opened.start = [](chain::Node& n, QString* error) { return static_cast<chain::LightNode&>(n).start(error); };
    opened.network = settings;
    opened.node = std::move(node);
    return opened;
}

OpenedNode Workspace::seedDemo(const QByteArray& seed_json) {
    return DemoSeeder(data_dir_).run(seed_json);
}

} // namespace models
