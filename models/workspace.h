#pragma once
// Workspace: what the first-run assistant and the start-up need outside the
// running node: the data directory, its wallets, founding a group, opening
// the node, and seeding the demo group. Everything here runs before a
// NodeClient exists, on the thread that calls it.

#include "node/local_node.h"
#include "node/wallets.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace models {

struct OpenedNode {
    std::unique_ptr<chain::LocalNode> node;
    // The node's clock; NodeClient calls it on the worker thread.
    std::function<std::int64_t()> clock;
    std::optional<chain::crypto::KeyPair> identity; // set for the demo group
    QString error;                                  // English, for logs; the UI shows its own sentence
};

class Workspace {
public:
    // The demo group's wallet, so that a demo opened again unlocks without asking.
    static constexpr const char* kDemoWalletName = "demo";
    static constexpr const char* kDemoPassphrase = "rateio demo group";

    static constexpr std::size_t kPassphraseLengthMin = chain::WalletStore::kPassphraseLengthMin;

    explicit Workspace(QString data_dir);

    const QString& dataDir() const { return data_dir_; }
    bool holdsGroup() const { return chain::LocalNode::holds_group(data_dir_); }
    chain::WalletStore wallets() const { return chain::WalletStore(chain::LocalNode::wallets_path(data_dir_)); }

    // Wallet operations for the screens; each returns an English reason on
    // failure (empty on success) and the code the UI translates.
    struct WalletOutcome {
        std::optional<chain::crypto::KeyPair> key;
        chain::ErrorCode code = chain::ErrorCode::None;
        QString error;
        bool ok() const { return code == chain::ErrorCode::None; }
    };
    WalletOutcome createWallet(const QString& name, const QString& passphrase);
    WalletOutcome restoreWallet(const QString& name, const QString& backup_path, const QString& passphrase);
    WalletOutcome unlockWallet(const QString& name, const QString& passphrase) const;
    WalletOutcome exportWallet(const QString& name, const QString& destination_path) const;
    WalletOutcome changePassphrase(const QString& name, const QString& old_passphrase, const QString& new_passphrase);
    QStringList walletNames() const;

    // Founds a group on this machine, the wallet's key as founder and the
    // new node key as the only validator.
    OpenedNode createGroup(const QString& group_name, const QString& utility, const QString& full_name,
                           const QString& consumer_unit, const chain::crypto::KeyPair& founder, bool dev_group);
    OpenedNode open();

    // Builds the demo group in this (empty) directory from the seed file
    // (resources/demo/demo_group.json): members admitted by vote, plants in
    // every state, open votes, campaigns and offers, all through the rules on
    // a clock that starts in the past and catches up with the present.
    OpenedNode seedDemo(const QByteArray& seed_json);

private:
    QString data_dir_;
};

// The real clock in Unix seconds.
std::int64_t systemClock_s();

} // namespace models
