#pragma once
// Workspace: what the first-run assistant and the start-up need outside the
// running node: the data directory, its wallets, founding a group, opening
// the node, and seeding the demo group. Everything here runs before a
// NodeClient exists, on the thread that calls it.

#include "node/light_node.h"
#include "node/local_node.h"
#include "node/network_node.h"
#include "node/wallets.h"
#include "rules/profile.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace models {

// How this desktop takes part in a group on the network (joined with an
// invitation or followed watch-only). Kept in <data dir>/network.ini.
struct NetworkSettings {
    static constexpr quint16 kDefaultListenPort = 26656;
    bool watch_only = false;
    // Light mode (chain::LightNode): the tables the screens show, proven
    // by the validators' signatures; nothing executed, no history kept.
    // Only for a watch-only follower: a member's computer checks every
    // change so that it can vote and trade. network.ini's mode=light.
    bool light = false;
    QStringList peers; // host:port
    quint16 listen_port = kDefaultListenPort;
    // Addresses invitations give besides those found by the node: a name or
    // address with a port forwarded on the router ("casa.example.net:26656").
    QStringList advertised;
    // Whether invitations give this computer's own interface addresses
    // (LAN, IPv6). Off only where they must not be dialed: tests, which may
    // reach no address but loopback.
    bool advertise_interfaces = true;
    // What the admission request needs until the node has sent it: it must
    // wait until the node has caught up with the group (the profile is
    // sealed to the group's current data key). Cleared once it is sent.
    bool admission_pending = false;
    QString utility;
    QString full_name;
    QString consumer_unit;
    // The invitation's checkpoint, for a group joined or followed from one:
    // given to the node when the folder is created, which keeps it in its
    // database (chain::Store::trust_checkpoint); not written here.
    std::optional<chain::state::HeaderCheckpoint> trust_checkpoint;
};

// What a founder tells the assistant. The periods are checked by
// chain::validate_params (a referendum lasts 1 hour to 365 days, a
// crowdfunding campaign 1 to 730 days).
struct FoundingDetails {
    QString group_name;
    QString utility;
    QString full_name;
    QString consumer_unit;
    chain::GroupParams params;
    bool dev_group = false;
};

struct OpenedNode {
    std::unique_ptr<chain::Node> node;
    // The node's clock; NodeClient calls it on the worker thread.
    std::function<std::int64_t()> clock;
    std::optional<chain::crypto::KeyPair> identity; // set for the demo group
    QString error;                                  // English, for logs; the UI shows its own sentence
    // For a networked node: started on the node's thread once NodeClient
    // moved it there (its sockets and timers must live on that thread).
    std::function<bool(chain::Node&, QString*)> start;
    std::optional<NetworkSettings> network;
};

class Workspace {
public:
    // The demo group's wallet, so that a demo opened again unlocks without asking.
    static constexpr const char* kDemoWalletName = "demo";
    static constexpr const char* kDemoPassphrase = "rateio demo group";

    static constexpr std::size_t kPassphraseLengthMin = chain::WalletStore::kPassphraseLengthMin;

    explicit Workspace(QString data_dir);

    const QString& dataDir() const { return data_dir_; }
    bool holdsGroup() const { return holdsNetworkGroup() || chain::LocalNode::holds_group(data_dir_); }
    bool holdsNetworkGroup() const;
    QString networkSettingsPath() const;
    std::optional<NetworkSettings> networkSettings() const;
    bool saveNetworkSettings(const NetworkSettings& settings) const;
    chain::WalletStore wallets() const { return chain::WalletStore(chain::LocalNode::wallets_path(data_dir_)); }

    // Wallet operations for the screens; each returns an English reason on
    // failure (empty on success, for logs), the ledger-wide code, and the
    // problem the UI says in its own words (models::Describe::walletProblem):
    // chain's English never reaches a member.
    enum class WalletProblem : std::uint8_t {
        None,
        NameEmpty,
        NameTooLong,
        NameBadCharacter,
        NameTaken,
        PassphraseTooShort,
        NotFound,
        WrongPassphrase,
        Damaged,        // the file at `path` is damaged or not a wallet
        NewerFormat,    // the file at `path` was written by a newer Rateio
        CannotWriteWallet,
        DestinationExists,
        DestinationUnwritable,
        FileUnreadable, // the file at `path` (a backup) cannot be read
        BackupOfAnotherWallet,
        CannotRemove,
    };
    struct WalletOutcome {
        std::optional<chain::crypto::KeyPair> key;
        chain::ErrorCode code = chain::ErrorCode::None;
        QString error;
        WalletProblem problem = WalletProblem::None;
        QString name;                 // the wallet's name as stored (chain::WalletStore::normalized_name)
        QString path;                 // the file the problem is about, when there is one
        char32_t bad_character = 0;   // NameBadCharacter
        bool ok() const { return code == chain::ErrorCode::None; }
    };
    WalletOutcome createWallet(const QString& name, const QString& passphrase);
    WalletOutcome restoreWallet(const QString& name, const QString& backup_path, const QString& passphrase);
    WalletOutcome unlockWallet(const QString& name, const QString& passphrase) const;
    WalletOutcome exportWallet(const QString& name, const QString& destination_path) const;
    WalletOutcome changePassphrase(const QString& name, const QString& old_passphrase, const QString& new_passphrase);
    // Reads a backup back from where it was saved and decrypts it with the
    // passphrase: ok only if it opens and holds the key of wallet `name`.
    WalletOutcome verifyBackup(const QString& name, const QString& backup_path, const QString& passphrase) const;
    // Deletes a wallet the caller created and abandoned (the assistant left
    // half-way); never for a wallet someone else made.
    WalletOutcome removeWallet(const QString& name);
    bool walletExists(const QString& name) const { return wallets().exists(name); }
    QStringList walletNames() const;

    // Founds a group on this machine, the wallet's key as founder and a new
    // node key as the only validator. A group others can join is a networked
    // group from its first block: this desktop is its first validator and
    // listens for the members' computers. A dev group (its clock can be moved
    // forward, for trying things) runs on the embedded node instead: a
    // networked group follows its validators' real clocks.
    OpenedNode createGroup(const FoundingDetails& details, const chain::crypto::KeyPair& founder);
    // Opens an embedded group to other computers: from the next open this
    // desktop is the group's validator on the network, listening on the
    // default port. Nothing in the folder but network.ini changes: the same
    // store, node key and wallets. Refused (code and English reason) for a
    // folder that does not hold an embedded group, or for a dev group whose
    // clock was moved ahead of the real one (its next block would be dated
    // before its last). `group_time_s` is the group's time as the running
    // node sees it (the embedded node holds the folder while it runs).
    struct OpenUpOutcome {
        enum class Problem : std::uint8_t { None, NoEmbeddedGroup, ClockAhead, CannotWrite };
        Problem problem = Problem::None;
        QString error;
        bool ok() const { return problem == Problem::None; }
    };
    OpenUpOutcome openUpGroup(std::int64_t group_time_s) const;
    // The group's block time may be ahead of the real clock by at most this
    // much for it to be opened up (a networked validator dates blocks by its
    // real clock, and block time never goes back).
    static constexpr std::int64_t kOpenUpClockAheadMax_s = 60;
    // The embedded node, or the networked one when this folder holds a
    // group joined or followed over the network.
    OpenedNode open();

    // The first open of a group whose genesis a GenesisFetcher brought:
    // writes the genesis, a new node key and the settings, and opens a
    // follower (not started: NodeClient starts it on its thread).
    OpenedNode openFetchedGroup(const chain::Genesis& genesis, const NetworkSettings& settings);
    // Timeouts and intervals for the networked node (tests shorten them, and
    // leave reachability off: it talks to the home router).
    void setNetworkTuning(const chain::NetworkNodeConfig& tuning) { network_tuning_ = tuning; }
    const chain::NetworkNodeConfig& networkTuning() const { return network_tuning_; }
    // The networked node's clock in Unix milliseconds (tests share one with
    // the group they join, so that moving it closes a vote everywhere).
    void setNetworkClock(std::function<std::int64_t()> clock_ms) { network_clock_ms_ = std::move(clock_ms); }
    // How often a light node asks the group's computers to prove what it shows.
    static constexpr std::int64_t kLightCheckIntervalDefault_ms = 60'000;
    void setLightCheckInterval(std::int64_t interval_ms) { light_check_interval_ms_ = interval_ms; }
    // How long the assistant waits for a peer to send the group's genesis.
    static constexpr std::int64_t kGenesisFetchTimeoutDefault_ms = 30'000;
    void setGenesisFetchTimeout(std::int64_t timeout_ms) { genesis_fetch_timeout_ms_ = timeout_ms; }
    std::int64_t genesisFetchTimeout_ms() const { return genesis_fetch_timeout_ms_; }

    // Builds the demo group in this (empty) directory from the seed file
    // (resources/demo/demo_group.json): members admitted by vote, plants in
    // every state, open votes, campaigns and offers, all through the rules on
    // a clock that starts in the past and catches up with the present.
    OpenedNode seedDemo(const QByteArray& seed_json);

    // The port a group founded or opened up here listens on (tests choose a free one).
    void setDefaultListenPort(quint16 port) { default_listen_port_ = port; }
    quint16 defaultListenPort() const { return default_listen_port_; }

private:
    OpenedNode createEmbeddedGroup(const chain::Genesis& genesis, const chain::crypto::KeyPair& node_key,
                                   const chain::crypto::KeyPair& founder);
    OpenedNode openNetwork(const chain::Genesis& genesis, const NetworkSettings& settings);
    OpenedNode openLight(const chain::Genesis& genesis, const NetworkSettings& settings, const chain::crypto::KeyPair& key);

    QString data_dir_;
    chain::NetworkNodeConfig network_tuning_;
    std::int64_t genesis_fetch_timeout_ms_ = kGenesisFetchTimeoutDefault_ms;
    std::int64_t light_check_interval_ms_ = kLightCheckIntervalDefault_ms;
    quint16 default_listen_port_ = NetworkSettings::kDefaultListenPort;
    std::function<std::int64_t()> network_clock_ms_ = [] { return QDateTime::currentMSecsSinceEpoch(); };
};

// The real clock in Unix seconds.
std::int64_t systemClock_s();

} // namespace models
