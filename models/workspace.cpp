#include "models/workspace.h"

#include "models/demo_seeder.h"
#include "rules/profile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>

namespace models {

std::int64_t systemClock_s() { return QDateTime::currentSecsSinceEpoch(); }

Workspace::Workspace(QString data_dir) : data_dir_(std::move(data_dir)) {}

namespace {

Workspace::WalletOutcome failed(const chain::Rejection& rejection) {
    Workspace::WalletOutcome outcome;
    outcome.code = rejection.code == chain::ErrorCode::None ? chain::ErrorCode::WalletError : rejection.code;
    outcome.error = QString::fromStdString(rejection.message);
    return outcome;
}

} // namespace

Workspace::WalletOutcome Workspace::createWallet(const QString& name, const QString& passphrase) {
    chain::WalletStore store = wallets();
    const chain::Result<std::string> created = store.create(name, passphrase.toStdString());
    if (!created.ok()) return failed(created.error());
    return unlockWallet(name, passphrase);
}

Workspace::WalletOutcome Workspace::restoreWallet(const QString& name, const QString& backup_path, const QString& passphrase) {
    chain::WalletStore store = wallets();
    const chain::Result<std::string> imported = store.import_wallet(name, backup_path);
    if (!imported.ok()) return failed(imported.error());
    WalletOutcome unlocked = unlockWallet(name, passphrase);
    // A backup that does not open with this passphrase is not kept.
    if (!unlocked.ok()) QFile::remove(store.path(name));
    return unlocked;
}

Workspace::WalletOutcome Workspace::unlockWallet(const QString& name, const QString& passphrase) const {
    const chain::Result<chain::crypto::KeyPair> key = wallets().unlock(name, passphrase.toStdString());
    if (!key.ok()) return failed(key.error());
    WalletOutcome outcome;
    outcome.key = key.value();
    return outcome;
}

Workspace::WalletOutcome Workspace::exportWallet(const QString& name, const QString& destination_path) const {
    if (const chain::Failure failure = wallets().export_wallet(name, destination_path)) return failed(*failure);
    return {};
}

Workspace::WalletOutcome Workspace::changePassphrase(const QString& name, const QString& old_passphrase, const QString& new_passphrase) {
    chain::WalletStore store = wallets();
    if (const chain::Failure failure = store.change_passphrase(name, old_passphrase.toStdString(), new_passphrase.toStdString()))
        return failed(*failure);
    return {};
}

QStringList Workspace::walletNames() const {
    QStringList names;
    for (const chain::WalletInfo& info : wallets().list()) names << info.name;
    return names;
}

OpenedNode Workspace::createGroup(const QString& group_name, const QString& utility, const QString& full_name,
                                  const QString& consumer_unit, const chain::crypto::KeyPair& founder, bool dev_group) {
    OpenedNode opened;
    opened.clock = systemClock_s;
    chain::FoundingInput input;
    input.group_name = group_name.trimmed().toStdString();
    input.dev_group = dev_group;
    input.time_s = systemClock_s();
    input.founder_utility = utility.trimmed().toStdString();
    input.founder_profile = chain::make_profile(full_name.trimmed().toStdString(), consumer_unit.trimmed().toStdString());
    const chain::crypto::KeyPair node_key = chain::crypto::KeyPair::generate();
    const chain::Founding founding = chain::found_group(input, founder, node_key.public_key());
    QDir().mkpath(data_dir_);
    opened.node = chain::LocalNode::create(data_dir_, founding.genesis, node_key, systemClock_s, &opened.error);
    if (!opened.node) return opened;
    opened.identity = founder;
    chain::LocalNode* node = opened.node.get();
    opened.clock = [node] { return node->now(); };
    return opened;
}

OpenedNode Workspace::open() {
    OpenedNode opened;
    opened.clock = systemClock_s;
    opened.node = chain::LocalNode::open(data_dir_, systemClock_s, &opened.error);
    if (!opened.node) return opened;
    chain::LocalNode* node = opened.node.get();
    opened.clock = [node] { return node->now(); };
    return opened;
}

OpenedNode Workspace::seedDemo(const QByteArray& seed_json) {
    return DemoSeeder(data_dir_).run(seed_json);
}

} // namespace models
