#pragma once
// NetworkNode: a node of a group with several validators, on the network.
//
// It runs the consensus state machine (consensus/consensus.h) for its key:
// a validator of the current height votes and proposes, any other node only
// follows (it counts the votes it receives and commits what they decide).
// Peers are reached through net::PeerNetwork; see docs/PROTOCOL.md for what
// is sent when. In short:
//   - transactions submitted here or received from a peer are checked against
//     the state (as the next block would apply them), kept in a bounded
//     mempool and gossiped to every other peer;
//   - consensus messages are persisted before they are sent: every record the
//     machine asks for is written to the Store (one SQLite transaction,
//     synchronous=FULL) and only then are its messages broadcast. After a
//     restart the records of the next height are handed to Machine::restore,
//     so the validator re-sends what it signed and never signs anything else;
//   - a decided block is applied with apply_block (the same code as replay),
//     written with its certificate in one SQLite transaction, and the records
//     of finished heights are pruned;
//   - a node behind its peers (their status messages say their heights) asks
//     one of them for blocks, checks each block's certificate against the
//     validator set of that height, re-executes it, checks its state root and
//     commits it; a peer that serves a bad block is banned. Whom to ask and
//     when (timeouts, pauses, the retry after a failed commit) is decided by
//     the pure machine consensus::BlockSync, whose outputs this executes.
//
// Validator set of height h: state(h-1).validators, the set after the
// previous block. A referendum that adds or removes a validator closes in
// some block h (in a transaction or in end_block); the new set signs from
// block h+1 on. Every node computes it from its own replayed state, so a
// syncing node follows the changes.
//
// Heights start lazily: a height begins when there is something to decide (a
// transaction waits, a deadline is due) or a peer already sent a consensus
// message for it, so an idle group makes no empty blocks.
//
// Time comes only from the clock given to open() (Unix milliseconds); the
// consensus machine gets it as a parameter. A networked group follows real
// time: advance_clock is refused.
//
// Everything runs on the thread that owns the node; queries from another
// thread take the mutex. Signals are emitted with the mutex released.

#include "consensus/block_sync.h"
#include "consensus/state_sync.h"
#include "consensus/consensus.h"
#include "consensus/driver.h"
#include "net/peer_network.h"
#include "node/ledger_node.h"
#include "node/history_replay.h"
#include "node/reachability.h"
#include "node/serve_budget.h"
#include "node/snapshot_server.h"
#include "node/result.h"
#include "rules/block_apply.h"
#include "store/store.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QThreadPool>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <variant>

class QTimer;

namespace chain {

// A snapshot every 1,000 blocks: a joining node executes at most that many
// blocks after it.
inline constexpr std::uint64_t kStateSnapshotBlocksDefault = 1'000;

struct NetworkNodeConfig {
    QString data_dir;
    QHostAddress listen_address = QHostAddress::LocalHost;
    quint16 listen_port = 0; // 0 = any free port (tests)
    QStringList peers;       // host:port of the peers to stay connected to
    consensus::Timeouts timeouts;
    std::int64_t clock_drift_max_ms = 1000;
    std::int64_t message_delay_max_ms = 2000;
    // Status is re-announced this often, and due deadlines are looked for.
    std::int64_t status_interval_ms = 1000;
    // A block request unanswered for this long is sent to another peer.
    std::int64_t sync_request_timeout_ms = 10'000;
    // After a commit with several transactions in play (committed or left
    // waiting), the next height starts at most this much later: sooner when
    // as many transactions wait as were in play, or when a peer's message
    // for it comes first. The clients told of the commit can so send their
    // next transactions into its block (CometBFT's timeout_commit, much
    // shorter). Without it, under a steady load, a block held only what
    // arrived in the instant after the commit and the rest waited a whole
    // height. 0: start at once.
    std::int64_t gather_after_commit_ms = 20;
    // The store saves the checkpoint of the state's tries with every this
    // many blocks (Store::set_checkpoint_interval_blocks), and at shutdown.
    std::uint64_t state_checkpoint_blocks = Store::kCheckpointIntervalBlocksDefault;
    // The node keeps the state after every this many blocks (the last two,
    // in memory) for nodes that join by state sync (node/snapshot_server.h).
    std::uint64_t state_snapshot_blocks = kStateSnapshotBlocksDefault;
    // A node whose store holds only the genesis first fetches a verified
    // snapshot of the state from its peers (consensus/state_sync.h) and syncs
    // the blocks after it; false: it executes every block since the genesis.
    bool state_sync = true;
    // A node that started from a snapshot then fetches the blocks before it
    // from its peers and replays them from the genesis on a worker thread,
    // to keep the whole history (docs/PROTOCOL.md, "History backfill").
    bool backfill_history = true;
    // It starts once the node has been caught up this long: what the member
    // looks at first (the desktop reads the whole new state) goes first.
    std::int64_t backfill_start_delay_ms = 3'000;
    // An invitation's checkpoint (state::HeaderCheckpoint). Taken when the
    // data dir holds no block yet and kept in its database; after that the
    // database's is used. State sync then trusts it instead of the genesis,
    // and block sync refuses a block of its height with another hash.
    std::optional<state::HeaderCheckpoint> trust_checkpoint;
    net::NetworkConfig network;
    // A desktop node whose port is taken still follows the group through the
    // connections it dials; a daemon must listen or fail.
    bool listen_optional = false;
    // Ask the router for a port mapping and find neighbours on the LAN
    // (node/reachability.h); off by default so tests and daemons on servers
    // do not touch the router. `reachability` overrides the router (tests).
    bool reachability_enabled = false;
    ReachabilityConfig reachability;
    // Tests only: the SQLite VFS the store is opened with (a registered name,
    // e.g. tests/support/faulty_vfs.h's); empty is SQLite's default.
    std::string store_vfs;
};

class NetworkNode : public LedgerNode, private consensus::Application {
    Q_OBJECT
public:
    using ClockMs = std::function<std::int64_t()>;

    // Rejections kept so that a control client can ask about its transaction.
    static constexpr std::size_t kRecentRejectionsMax = 4096;
    // Neighbours found on the LAN that are added as peers, at most.
    static constexpr std::size_t kLanPeersAddedMax = 32;
    // Waiting transactions gossiped again after each block (a peer may have
    // refused one that arrived before the transaction it depends on).
    static constexpr std::size_t kRegossipPerBlockMax = 256;
    // Executed candidate blocks kept (by hash) until the next commit.
    static constexpr std::size_t kExecutedBlocksMax = 16;
    // Blocks of a peer's answer committed in one store transaction: they
    // share index pages, one snapshot and one fsync (at blocks of 1,000
    // transactions, 8 halved the time this thread spends per block).
    static constexpr std::size_t kSyncBlocksPerCommit = 8;
    // Blocks after the one being applied whose signatures are checked
    // meanwhile. A commit of kSyncBlocksPerCommit blocks, with its fsync,
    // outlasts several blocks' checks: with 1 or 3 ahead a core sat idle
    // through each commit. Each check has its own threads (one per core).
    static constexpr std::size_t kSyncBlocksCheckedAhead = 8;

    static QString store_path(const QString& data_dir);
    // The store at `path`, created with the genesis (and the state it makes)
    // when new; nullptr and *error when it cannot be opened or holds another group.
    static std::unique_ptr<Store> open_store_with_genesis(const QString& path, const std::string& vfs_name,
                                                          const Genesis& genesis, QString* error);
    // The genesis an earlier open() wrote into the data dir, so that a node
    // that fetched it from a peer can be opened again without the network.
    static std::optional<Genesis> stored_genesis(const QString& data_dir, QString* error);

    // Opens the data dir, writing the genesis if it is empty (a node started
    // from nothing), or checking that it holds this genesis. Does not touch
    // the network yet: call start().
    static std::unique_ptr<NetworkNode> open(const NetworkNodeConfig& config, const Genesis& genesis,
                                             const crypto::KeyPair& node_key, ClockMs clock_ms, QString* error);
    ~NetworkNode() override;

    // Listens, dials the peers, and resumes consensus from the persisted records.
    bool start(QString* error);
    // Stops the network; the data on disk stays consistent at every moment,
    // so this is only for a tidy exit.
    void stop();
    quint16 listening_port() const override;
    // Also dialed and kept (tests add peers once the ports are known).
    bool add_peer(const QString& host_port);

    // --- Node --------------------------------------------------------------
    SubmitResult submit(const Transaction& tx) override;
    SyncStatus sync_status() const override;
    std::vector<PeerSummary> peers() const override;
    NodeCosts costs() const override;
    ReachabilityStatus reachability() const override;
    std::optional<StorageProblem> storage_problem() const override;
    std::optional<SyncHalt> sync_halt() const override;

    // --- Networked node ------------------------------------------------------
    // Always refused: the group's time is the validators' real clocks.
    Result<std::uint64_t> advance_clock(std::int64_t seconds);
    std::int64_t now_ms() const { return clock_ms_(); }
    const PublicKey& node_public_key() const { return node_key_.public_key(); }
    PublicKey node_key() const override { return node_key_.public_key(); }
    bool is_validator() const override;
    bool networked() const override { return true; }
    // Why a transaction was refused after it was queued (or at gossip), if it was.
    std::optional<Rejection> transaction_rejection(const Hash256& id) const;
    bool is_queued(const Hash256& id) const;
    Genesis genesis() const { return genesis_; }
    // For tests: the consensus machine's height, round and lock.
    std::uint64_t consensus_height() const { return machine_.height(); }
    std::uint32_t consensus_round() const { return machine_.round(); }
    std::int32_t consensus_locked_round() const { return machine_.locked_round(); }
    // Block sync as its machine last saw it: a storage pause, its retry time.
    consensus::BlockSyncStatus block_sync_status() const;
    // State sync as its machine last saw it (Discovering also when none runs:
    // see state_syncing()).
    consensus::StateSyncProgress state_sync_progress() const;
    bool state_syncing() const;
    // The newest snapshot this node serves, if any.
    std::optional<std::uint64_t> snapshot_height() const;
    // Requests of proofs, header chains and chunks left unanswered because
    // their peer was over its budget (node-thread only).
    std::uint64_t serve_refused() const { return serve_budget_.refused(); }
    // The invitation's checkpoint this data dir trusts (Store::trust_checkpoint).
    const std::optional<state::HeaderCheckpoint>& trusted_checkpoint() const { return trust_checkpoint_; }
    // For tests: peer messages decoded but not yet handled (at most
    // config.network.inbound_messages_max).
    std::size_t inbound_pending() const { return network_->inbound_pending(); }

private:
    struct PeerState {
        QString address;
        PublicKey node_key{};
        bool has_status = false;
        net::StatusMessage status;
    };

    NetworkNode(std::unique_ptr<QLockFile> data_dir_lock, NetworkNodeConfig config, std::unique_ptr<Store> store,
                Genesis genesis, const crypto::KeyPair& node_key, ClockMs clock_ms, State state,
                Hash256 last_block_hash);

    // consensus::Application
    Block build_block(std::uint64_t height, std::uint32_t round, std::int64_t now_ms) override;
    bool validate_block(const Block& block) override;
    void remember_own_block(const Block& block, BlockApplication built);
    const BlockApplication* execute(const Block& block);

    // Consensus driving.
    consensus::HeightStart next_height_start() const;
    void resume_consensus();
    void maybe_start_height();
    void start_gathering(std::size_t in_play);
    bool gathered() const;
    bool has_work() const;
    void handle(consensus::Output output);
    // The machine's records in the Store (one SQLite transaction each,
    // synchronous=FULL), for the consensus driver.
    struct StoreRecords final : consensus::RecordStorage {
        explicit StoreRecords(Store& s) : store(s) {}
        std::optional<std::string> save(const std::vector<consensus::Record>& records) override;
        std::optional<std::vector<Bytes>> load(std::uint64_t height, std::string* error) override;
        Store& store;
    };
    // The driver stopped itself (a save or a read-back failed).
    void on_driver_stopped();
    // A validator that cannot save, or read back, what it signs stops taking
    // part in consensus until it is restarted (docs/CONSENSUS.md, "Fail-stop").
    void stop_validating(StorageProblem::Kind kind, std::uint64_t height, const QString& detail);
    // A block commit failed or worked again (validators stop; others pause).
    void on_commit_failed(std::uint64_t first_height, const QString& detail);
    void on_commit_saved();
    void schedule_timer(const consensus::Timer& timer);
    void on_consensus_message(const QString& peer_id, const Bytes& payload);
    void on_decision(const consensus::Decision& decision);

    // Committing, from a decision (one block) or from sync (the blocks of a
    // peer's answer that applied, in one store transaction).
    struct AppliedBlock {
        const Block& block;
        const CommitCertificate& certificate;
        std::vector<Event> events;
    };
    bool commit(const Block& block, const CommitCertificate& certificate, BlockApplication applied);
    bool commit_blocks(const std::vector<AppliedBlock>& blocks, State state_after);
    std::vector<std::pair<Hash256, Rejection>> recheck_mempool_locked();

    // Transactions.
    std::int64_t next_block_time_s_locked() const override;
    void remember_rejection_locked(const Hash256& id, const Rejection& why);
    // Sends the key shares the held member keys owe, once the node is caught up.
    void post_key_shares() override;
    void on_transaction_message(const QString& peer_id, const Bytes& bytes);
    // To every peer, or to one (a peer that just connected).
    void regossip(const QString& only_peer_id = {});

    // Network and sync.
    void on_message(const QString& peer_id, const net::Message& message);
    void on_peer_connected(const QString& peer_id, const QString& address);
    void on_peer_disconnected(const QString& peer_id);
    void on_status(const QString& peer_id, const net::StatusMessage& status);
    void on_block_request(const QString& peer_id, const net::BlockRequest& request);
    void on_block_response(const QString& peer_id, const net::BlockResponse& response);
    void on_genesis_request(const QString& peer_id, const net::GenesisRequest& request);
    // Proves an entry or a table of the committed state (docs/STATE.md,
    // "Proofs of the state"), or answers with an empty proof.
    void on_proof_request(const QString& peer_id, const net::ProofRequest& request);
    // The headers a client follows from its trusted block to this node's tip.
    void on_header_chain_request(const QString& peer_id, const net::HeaderChainRequest& request);
    // A block of a peer's answer, decoded (nullopt where it does not decode).
    struct SyncedBlock {
        std::optional<Block> block;
        std::optional<CommitCertificate> certificate;
    };
    // The block applied to `before` (the state after `previous_hash`), or why
    // the peer that served it is refused.
    std::variant<BlockApplication, Rejection> apply_synced(const SyncedBlock& entry, std::uint64_t height,
                                                           const State& before, const Hash256& previous_hash,
                                                           SignatureCheckAhead* signatures) const;
    // Applies and commits a response block_sync_ took, telling it how that went.
    void apply_block_response(const QString& peer_id, const net::BlockResponse& response);
    // commit_blocks for every commit (decided or synced), its result told to
    // block_sync_, which so always knows the node's height.
    bool commit_and_tell_sync(const std::vector<AppliedBlock>& blocks, State state_after);
    // Lets block_sync_ expire a request or ask for blocks (a tick, or a sign
    // that the group is ahead).
    void maybe_request_blocks();
    // Executes block_sync_'s output: sends its request, bans, logs.
    void execute_sync(const consensus::BlockSyncOutput& output);
    void send_sync_request(std::optional<consensus::SyncRequest> request);
    // Stops block_sync_ for good (a validator that cannot save: docs/CONSENSUS.md, "Fail-stop").
    void stop_block_sync();
    net::StatusMessage own_status() const;
    void announce_status();
    void on_tick();
    void report_sync_progress();

    // State sync (node/network_node_state_sync.cpp).
    void start_state_sync();
    void execute_state_sync(consensus::StateSyncOutput output);
    // Stores the verified state and continues from it; false if it could not be stored.
    bool adopt_synced_state(consensus::StateSyncResult result);
    // Block sync from the node's height again, told of every connected peer.
    void restart_block_sync();
    void pin_snapshot();
    std::vector<std::uint64_t> snapshot_heights() const override;
    std::optional<StateProofAnswer> snapshot_entry_proof(std::uint64_t height, state::TableId table,
                                                         ByteView key) const override;
    std::optional<TableProofAnswer> snapshot_table_proof(std::uint64_t height, state::TableId table) const override;
    bool may_serve(const QString& peer_id, std::uint32_t units);
    // Records why sync stopped trusting its peers (Node::sync_halt).
    void halt_sync(SyncHalt halt);
    // A block of the invitation's checkpoint height with another hash.
    bool contradicts_checkpoint(const Block& block) const;
    void on_snapshot_request(const QString& peer_id);
    void on_chunk_request(const QString& peer_id, const net::ChunkRequest& request);

    // History backfill (node/network_node_backfill.cpp).
    void maybe_backfill();
    bool is_backfill_response(const QString& peer_id, const net::BlockResponse& response) const;
    void on_backfill_response(const QString& peer_id, const net::BlockResponse& response);
    void finish_backfill_batch(const QString& peer_id, const HistoryReplay::Outcome& outcome);

    // Reachability (node/reachability.h): started with the network.
    void start_reachability();
    void set_reachability(const ReachabilityStatus& status);
    void on_lan_peer_found(const QString& host_port);

    const NetworkNodeConfig config_;
    const Genesis genesis_;
    const crypto::KeyPair node_key_;
    const ClockMs clock_ms_;
    net::PeerNetwork* network_ = nullptr;
    consensus::Machine machine_;
    StoreRecords store_records_;
    consensus::Driver driver_;
    QTimer* tick_timer_ = nullptr;
    Reachability* reachability_ = nullptr; // child; null unless config.reachability_enabled

    // Guarded by mutex_.
    std::map<Hash256, Rejection> recent_rejections_;
    std::deque<Hash256> recent_rejection_order_;
    std::map<QString, PeerState> peers_;
    // block_sync_.status() after its last input, for queries from other threads.
    consensus::BlockSyncStatus block_sync_status_;
    ReachabilityStatus reachability_status_ = unchecked_reachability(0);
    std::optional<StorageProblem> storage_problem_;
    std::optional<SyncHalt> sync_halt_;

    // Node-thread only.
    std::map<Hash256, BlockApplication> executed_;
    // A peer sent a consensus message for the next height: start it.
    bool next_height_requested_ = false;
    bool height_started_ = false; // the machine runs the height after state_
    // Within gather_after_commit_ms of a commit with several transactions in
    // play, until as many wait in the mempool as were in play.
    bool gathering_ = false;
    std::size_t gather_until_waiting_ = 0;
    std::uint64_t gather_generation_ = 0;
    // Which peer to ask for which blocks, and when to give up or retry
    // (consensus/block_sync.h); this node only executes what it says.
    consensus::BlockSync block_sync_;
    // Runs while a node that holds only the genesis fetches a snapshot; block
    // sync sends nothing meanwhile.
    std::optional<consensus::StateSync> state_sync_;
    // The invitation's checkpoint kept in the store (NetworkNodeConfig::
    // trust_checkpoint); read once at construction.
    const std::optional<state::HeaderCheckpoint> trust_checkpoint_;
    consensus::StateSyncProgress state_sync_progress_{}; // under mutex_
    bool state_sync_active_ = false;                    // under mutex_
    SnapshotServer snapshots_;
    // What each peer may still ask of proofs, header chains and chunks.
    ServeBudget serve_budget_;
    std::set<QString> serve_refusal_logged_; // of connected peers only
    SyncStatus last_reported_sync_{};
    bool running_ = false;
    // LAN neighbours already added as peers (at most kLanPeersAddedMax).
    std::set<QString> lan_peers_added_;

    // History backfill, node-thread only. The replay is used by one worker
    // job at a time (backfill_working_), on backfill_pool_, which the
    // destructor waits for.
    std::shared_ptr<HistoryReplay> backfill_;
    bool history_complete_ = false; // the store holds every block from 1
    bool backfill_working_ = false;
    QString backfill_peer_; // asked now; empty when nobody is
    std::uint64_t backfill_from_ = 0;
    std::int64_t backfill_asked_at_ms_ = 0;
    std::int64_t caught_up_since_ms_ = 0; // 0 while syncing
    // Peers that served no block there (they started from a snapshot too),
    // asked again after kBackfillRetryMs.
    std::set<QString> backfill_lacking_;
    std::int64_t backfill_lacking_since_ms_ = 0;
    QThreadPool backfill_pool_;
};

} // namespace chain
