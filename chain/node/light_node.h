#pragma once
// LightNode: a node that executes nothing (docs/PROTOCOL.md, "Light mode").
// Every check_interval_ms it runs a LightClient from the header it trusts —
// the genesis the group id names, then the newest tip it verified, kept in
// its database across restarts — and has the group's identity and counters,
// the members, the plants and the validators proven under the verified
// tip's state root. Its queries answer from those tables alone: the quota
// table, balances and plants are shown as the validators signed them; votes,
// offers, applicants, energy readings and the activity are not held, and
// the screens say so (light_status()). Each new tip is compared with a
// second peer's block of its height; two certified blocks of one height stop
// the checks with SyncHalt::ConflictingHeaders until a restart.
//
// It is watch-only: it holds no member key and sends no transaction. Its
// database keeps the genesis and the trusted tip only (a few kilobytes),
// so a folder switched to full mode later state-syncs from it as a new node.
// It lives on the thread that owns it (its client's sockets and timers);
// queries from other threads are guarded by a mutex.

#include "node/light_client.h"
#include "node/node.h"
#include "store/store.h"

#include <QLockFile>
#include <QTimer>

#include <memory>
#include <mutex>

namespace chain {

struct LightNodeConfig {
    QString data_dir;
    QStringList peers; // host:port
    // An invitation's checkpoint, taken when the folder holds none yet and
    // kept in its database (Store::trust_checkpoint), as a full node does.
    std::optional<state::HeaderCheckpoint> trust_checkpoint;
    // How often the node asks the peers again; a failed check is retried
    // after the same interval.
    std::int64_t check_interval_ms = 60'000;
    std::int64_t check_timeout_ms = 30'000;
    net::NetworkConfig network;
};

// The tables a light node has proven: what the Overview, Members and Plants
// screens show, and the data keys a state cannot be read without
// (kLightClientTablesMax at most). The validators come with the verified
// header itself (state::TrustedHeader::next_validators, proven at its root).
inline constexpr std::array<state::TableId, 4> kLightNodeTables{state::TableId::Group, state::TableId::Members,
                                                                 state::TableId::Plants, state::TableId::DataKeys};

class LightNode : public Node {
    Q_OBJECT
public:
    // Opens (or creates, with the genesis) the folder's database; nullptr and
    // *error when it cannot, holds another group, or the group runs protocol
    // version 1 (its state root is no Merkle root: nothing can be proven).
    static std::unique_ptr<LightNode> open(const LightNodeConfig& config, const Genesis& genesis,
                                           const crypto::KeyPair& node_key, QString* error);
    ~LightNode() override;

    // Starts the first check; the next ones follow by themselves.
    bool start(QString* error);
    // Asks the peers now instead of at the next interval.
    void check_now();

    GroupSummary summary() const override;
    std::vector<Member> members() const override;
    std::optional<Member> member(const AccountId& account) const override;
    std::vector<Applicant> applicants() const override { return {}; }
    std::vector<Plant> plants() const override;
    std::optional<Plant> plant(std::uint64_t id) const override;
    std::vector<Referendum> referendums() const override { return {}; }
    std::optional<Referendum> referendum(std::uint64_t) const override { return std::nullopt; }
    std::vector<Offer> offers() const override { return {}; }
    std::vector<Event> events_since(std::uint64_t, std::size_t) const override { return {}; }
    std::vector<Event> latest_events(std::size_t) const override { return {}; }
    std::uint64_t next_nonce(const AccountId&) const override { return 0; }
    std::optional<std::uint64_t> transaction_height(const Hash256&) const override { return std::nullopt; }
    // Refused: a light node is watch-only.
    SubmitResult submit(const Transaction& tx) override;
    void add_member_key(const crypto::KeyPair&) override {}
    std::optional<Profile> profile(const AccountId&) const override { return std::nullopt; }
    // The proven tables as a State; every other table is empty.
    State committed_state() const override;
    std::optional<StateProofAnswer> state_proof(std::uint64_t height, state::TableId table, ByteView key,
                                                QString* error) const override;
    std::optional<TableProofAnswer> table_proof(std::uint64_t height, state::TableId table,
                                                QString* error) const override;
    std::vector<state::HeaderStep> header_chain(std::uint64_t, std::size_t) const override { return {}; }
    // It holds no block: the activity starts after the verified tip.
    std::uint64_t history_from_height() const override;
    std::optional<CertifiedTip> certified_tip() const override;
    NodeCosts costs() const override;
    SyncStatus sync_status() const override;
    bool networked() const override { return true; }
    PublicKey node_key() const override { return node_key_.public_key(); }
    std::optional<SyncHalt> sync_halt() const override;
    std::optional<LightStatus> light_status() const override;

    // The header the next check starts from.
    state::TrustedHeader trusted_header() const;

private:
    LightNode(std::unique_ptr<QLockFile> lock, std::unique_ptr<Store> store, LightNodeConfig config, Genesis genesis,
              const crypto::KeyPair& node_key, State state, state::TrustedHeader trusted);
    void on_verified(const LightVerified& result);
    void on_unchanged();
    void on_failed(const QString& reason);
    // Adds the finished check's traffic to the costs; mutex_ held.
    void count_traffic_locked();
    void finish_check(std::uint64_t height);
    void schedule_next_check();
    bool stopped_by_conflict() const;

    const std::unique_ptr<QLockFile> lock_;
    const std::unique_ptr<Store> store_;
    const LightNodeConfig config_;
    const Genesis genesis_;
    const crypto::KeyPair node_key_;
    QTimer* check_timer_; // a child: it moves with the node to the node's thread
    LightClient* client_ = nullptr; // the check under way, if any

    mutable std::mutex mutex_;
    State state_;
    Hash256 state_root_{};
    state::TrustedHeader trusted_;
    std::optional<CertifiedTip> certified_;
    std::optional<SyncHalt> halt_;
    bool checked_ = false;
    bool last_check_failed_ = false;
    bool second_peer_agreed_ = false;
    std::uint64_t received_bytes_ = 0; // by finished checks
    std::uint64_t sent_bytes_ = 0;
};

} // namespace chain
