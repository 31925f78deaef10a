#pragma once
// chain::Node: the only door from the GUI, the CLI and the daemon into a node.
//
// Queries return value types; submit() answers at once whether the node took
// the transaction, and the outcome (committed at a height, or rejected with a
// code and message) arrives as a signal. Signals are emitted on the node's
// thread; connect with Qt::QueuedConnection from the GUI thread.

#include "ledger/ledger.h"
#include "node/reachability.h"
#include "rules/profile.h"
#include "rules/state.h"
#include "state/state_proof.h"
#include "state/verified_headers.h"

#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace chain {

struct GroupSummary {
    Hash256 group_id{};
    std::string name;
    std::string token_symbol;
    bool dev_group = false;
    std::uint64_t height = 0;
    std::int64_t time_s = 0;
    std::int64_t founded_at_s = 0; // the genesis time
    Hash256 state_root{};
    std::uint64_t member_count = 0;
    std::uint64_t applicant_count = 0;
    std::uint64_t plant_count = 0;
    std::uint64_t operating_plant_count = 0;
    std::uint64_t capacity_w = 0;
    // Limits on a single plant's capacity: above 0 W, at most this.
    std::uint64_t plant_capacity_max_w = 0;
    std::uint64_t tokens_in_circulation_msb = 0;
    std::uint64_t tokens_issued_msb = 0;
    std::uint64_t tokens_burned_msb = 0;
    std::uint64_t open_referendum_count = 0;
    std::uint64_t open_campaign_count = 0;
    std::uint64_t open_offer_count = 0;
    std::vector<PublicKey> validators;
    GroupParams params;
    std::uint32_t data_key_epoch = 0;
    // The group data public key of that epoch: new profiles are sealed to it.
    PublicKey data_public_key{};
    // The protocol version the group runs, and the upgrade it approved, if any.
    std::uint32_t protocol_version = kProtocolVersionLegacy;
    std::optional<PendingUpgrade> pending_upgrade;
};

struct SubmitResult {
    Hash256 transaction_id{};
    // Set when the node refused the transaction outright.
    std::optional<Rejection> rejection;
    bool accepted() const { return !rejection.has_value(); }
};

// How far this node's ledger is from the best height its peers announced.
struct SyncStatus {
    std::uint64_t height = 0; // the last block this node has committed
    std::uint64_t target = 0; // the highest block a peer says it has (>= height)
    bool syncing = false;     // blocks are being fetched to reach target
};

// What this computer's part in the group costs it: the records on its disk,
// and the traffic since the node started (0 for a node without peers).
struct NodeCosts {
    std::uint64_t disk_bytes = 0;
    std::uint64_t received_bytes = 0;
    std::uint64_t sent_bytes = 0;
};

// A connected peer, for the status screens.
// What the node's newest block is vouched for by: its commit certificate,
// checked when the block was committed (or, for a state-synced start, when
// its header was verified from the genesis).
struct CertifiedTip {
    std::uint64_t height = 0;
    std::size_t signers = 0;    // distinct validators whose signatures it carries
    std::size_t validators = 0; // the group's validators now
};

struct PeerSummary {
    QString address;  // host:port of the remote end
    PublicKey node_key{};
    std::uint64_t height = 0; // as the peer last announced it
    bool validator = false;   // as the peer last announced it
};

// What a node reports when it cannot save, or read back, what it must keep
// (docs/HARDENING.md, "A disk that fails"). A validator stops signing until it
// is restarted; any other node pauses and retries by itself.
// Why this node stopped taking what its peers serve (docs/STATE.md,
// "Verified headers"): the member is told in plain words.
struct SyncHalt {
    enum class Kind : std::uint8_t {
        // Two certified headers of one height: more than a third of the
        // validators signed both. Nothing from the group is trusted.
        ConflictingHeaders,
        // The peers serve another block at the invitation's checkpoint than
        // the one it names; held until this node passes that height.
        NotTheInvitedHistory,
    };
    Kind kind = Kind::ConflictingHeaders;
    std::uint64_t height = 0; // the height concerned
    QString detail;           // English, for logs and tooltips
};

// What a light node (chain::LightNode) last managed: it executes nothing,
// and shows what the validators' signatures and proofs vouch for.
struct LightStatus {
    // The block whose proven tables the queries answer from; 0 until the
    // first check after start (the queries then answer from the state the
    // folder holds: the genesis, or what a full node had kept).
    std::uint64_t verified_height = 0;
    bool checked = false;            // a check succeeded since start
    bool last_check_failed = false;  // the latest check found no peer that proved everything
    std::uint32_t check_interval_s = 0; // how often it asks again
    // A second peer held the same block at the height verified last (false
    // when there was none to ask, or the tip had not moved).
    bool second_peer_agreed = false;
};

struct StorageProblem {
    enum class Kind : std::uint8_t {
        VotesNotSaved, // a vote or proposal of this validator could not be saved
        VotesNotRead,  // at a restart, the saved votes could not be read back
        BlocksNotSaved // a decided or fetched block could not be saved
    };
    Kind kind = Kind::BlocksNotSaved;
    bool validator_stopped = false; // stopped until restarted (else paused, retrying)
    std::uint64_t height = 0;       // the height concerned
    std::uint64_t failures = 1;     // how many times it failed in a row
    QString detail;                 // the store's own words (English), for logs and tooltips
};

// A proof of the committed state (chain/state/state_proof.h, docs/STATE.md
// "Proofs of the state"), against the state root in the header of the block
// the node holds the state after (height 0: the genesis state's root).
// The height a proof is asked at for the committed state, whatever its
// height (the genesis state has no header to prove it against: a client
// holding the genesis computes its root).
inline constexpr std::uint64_t kProofOfCommittedState = 0;
struct StateProofAnswer {
    std::uint64_t height = 0;
    Hash256 state_root{};
    state::StateProof proof;
};
struct TableProofAnswer {
    std::uint64_t height = 0;
    Hash256 state_root{};
    state::TableProof proof;
};

class Node : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~Node() override = default;

    virtual GroupSummary summary() const = 0;
    virtual std::vector<Member> members() const = 0;
    virtual std::optional<Member> member(const AccountId& account) const = 0;
    virtual std::vector<Applicant> applicants() const = 0;
    virtual std::vector<Plant> plants() const = 0;
    virtual std::optional<Plant> plant(std::uint64_t id) const = 0;
    virtual std::vector<Referendum> referendums() const = 0;
    virtual std::optional<Referendum> referendum(std::uint64_t id) const = 0;
    virtual std::vector<Offer> offers() const = 0;
    virtual std::vector<Event> events_since(std::uint64_t from_height, std::size_t limit) const = 0;
    // The last `limit` events, oldest first.
    virtual std::vector<Event> latest_events(std::size_t limit) const = 0;
    // The nonce the account's next transaction must carry.
    virtual std::uint64_t next_nonce(const AccountId& account) const = 0;
    // Where a transaction was committed, if it was.
    virtual std::optional<std::uint64_t> transaction_height(const Hash256& id) const = 0;

    // Checks the transaction against the current state and queues it.
    virtual SubmitResult submit(const Transaction& tx) = 0;

    // A member's node reads profiles with the keys its unlocked wallets hold.
    // Adding a member key also lets the node post key shares automatically.
    virtual void add_member_key(const crypto::KeyPair& key) = 0;
    virtual std::optional<Profile> profile(const AccountId& account) const = 0;
    // A copy of the state after the last committed block, for computations
    // over the whole ledger (the energy account, the lista de rateio) that
    // the queries above do not offer.
    virtual State committed_state() const = 0;
    // A proof of one entry (or of its absence), or of a whole table, of the
    // state after block `height`: the committed state's height, or one of the
    // snapshots a networked node keeps (node/snapshot_server.h);
    // kProofOfCommittedState for the committed state, whatever its height.
    // nullopt and *error for a group at protocol version 1 (its root is no
    // Merkle root), a key of the wrong length, a height the node holds no
    // state of, or a store that cannot be read.
    virtual std::optional<StateProofAnswer> state_proof(std::uint64_t height, state::TableId table, ByteView key,
                                                        QString* error) const = 0;
    virtual std::optional<TableProofAnswer> table_proof(std::uint64_t height, state::TableId table,
                                                        QString* error) const = 0;
    // The headers a client trusting block `trusted_height` follows to this
    // node's tip (docs/STATE.md, "Verified headers"): each block after it
    // where the validators changed, oldest first, at most `limit`, then the
    // tip when the list reaches it; each with its certificate and the proof
    // of the validators at its state root. Empty at height 0, for a group at
    // protocol version 1, or when the tip is not after `trusted_height`.
    virtual std::vector<state::HeaderStep> header_chain(std::uint64_t trusted_height, std::size_t limit) const = 0;

    // A node without peers (the embedded one) is never syncing.
    // The first block whose transactions and events this node holds: 1, or
    // the block after the snapshot of the state it started from (state
    // sync); the activity before it is not here.
    virtual std::uint64_t history_from_height() const { return 1; }
    // The time in the header of block `height` this node holds (a block, or
    // a header below history_from_height()); nullopt when it holds none.
    virtual std::optional<std::int64_t> block_time_s(std::uint64_t /*height*/) const { return std::nullopt; }
    // The checkpoint an invitation from this node carries
    // (Store::newest_validator_change): nullopt when the validators never
    // changed, or for a node that serves no header chain.
    virtual std::optional<state::HeaderCheckpoint> invitation_checkpoint() const { return std::nullopt; }
    // nullopt at the genesis (trusted by the group id) or when the newest
    // block's certificate cannot be read.
    virtual std::optional<CertifiedTip> certified_tip() const { return std::nullopt; }
    virtual NodeCosts costs() const { return {}; }
    virtual SyncStatus sync_status() const;
    virtual std::vector<PeerSummary> peers() const { return {}; }
    // A node on the peer network (NetworkNode), as opposed to the embedded one.
    virtual bool networked() const { return false; }
    // Whether this node's key signs blocks of the current height.
    virtual bool is_validator() const { return false; }
    // The TCP port other nodes reach this one on; 0 when it does not listen.
    virtual quint16 listening_port() const { return 0; }
    // How other homes can reach this node and the addresses to invite them
    // with; the embedded node is not networked. Changes arrive as
    // reachabilityChanged().
    virtual ReachabilityStatus reachability() const { return ReachabilityStatus{}; }
    // This node's own key (the one that signs blocks when it is a
    // validator); all zeros for a node that has none.
    virtual PublicKey node_key() const { return {}; }
    // Set while this node cannot save (or read back) its records; changes
    // arrive as storageProblemChanged(). The embedded node fails its calls instead.
    virtual std::optional<StorageProblem> storage_problem() const { return std::nullopt; }
    virtual std::optional<SyncHalt> sync_halt() const { return std::nullopt; }
    // Set for a light node only: it holds the tables the screens show, as
    // proven, and nothing else (no referendums, offers, readings, events).
    virtual std::optional<LightStatus> light_status() const { return std::nullopt; }

signals:
    void blockCommitted(quint64 height);
    void transactionCommitted(chain::Hash256 id, quint64 height);
    void transactionRejected(chain::Hash256 id, int code, QString message);
    // The sync status changed (a block was fetched, a peer announced a new height).
    void syncProgress(quint64 height, quint64 target, bool syncing);
    // reachability() changed (a port mapping made or lost, an address changed).
    void reachabilityChanged();
    // storage_problem() changed (a save failed, or works again).
    void storageProblemChanged();
};

} // namespace chain

Q_DECLARE_METATYPE(chain::Hash256)
