#include "node/network_node.h"

#include "node/node_helpers.h"
#include "node/node_state.h"
#include "rules/block_apply.h"
#include "rules/profile.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QTimer>

#include <algorithm>
#include <chrono>

Q_LOGGING_CATEGORY(lcNetworkNode, "rateio.node")

namespace chain {

namespace {

using node_helpers::qs;
using node_helpers::steady_ms;

QString short_hex(const Hash256& hash) { return qs(codec::to_hex(hash).substr(0, 16)); }

// Unix milliseconds to whole seconds, rounding down also before 1970.
std::int64_t floor_seconds(std::int64_t ms) { return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000); }

consensus::Config consensus_config(const NetworkNodeConfig& config, const Hash256& group_id) {
    consensus::Config c;
    c.group_id = group_id;
    c.timeouts = config.timeouts;
    c.clock_drift_max_ms = config.clock_drift_max_ms;
    c.message_delay_max_ms = config.message_delay_max_ms;
    return c;
}

static_assert(net::kBlocksPerRequestMax == consensus::kBlockSyncBlocksPerRequestMax);

consensus::BlockSyncConfig block_sync_config(const NetworkNodeConfig& config) {
    consensus::BlockSyncConfig c;
    c.request_timeout_ms = config.sync_request_timeout_ms;
    c.blocks_per_request_max = net::kBlocksPerRequestMax;
    return c;
}

// The state the store holds, proven to be the one its last block committed
// to; *last_block_hash is the hash the next block builds on.
std::optional<State> load_checked_state(const Store& store, const Genesis& genesis, Hash256* last_block_hash, QString* error) {
    std::string load_problem;
    std::optional<State> state = store.load_state(&load_problem);
    if (!state) {
        *error = load_problem.empty() ? QStringLiteral("the database holds no readable state")
                                      : QStringLiteral("cannot open the group's state: %1").arg(qs(load_problem));
        return std::nullopt;
    }
    const std::uint64_t height = store.height();
    const std::optional<LedgerNode::LastCommit> last = LedgerNode::last_commit(store, genesis, error);
    if (!last) return std::nullopt;
    if (state->height != height || state_root(*state) != last->state_root) {
        *error = QStringLiteral("the saved state does not match the state root of block %1: the database is "
                                "damaged; remove it to sync again from the peers")
                     .arg(height);
        return std::nullopt;
    }
    *last_block_hash = last->block_hash;
    return state;
}

// Whether a consensus message's signature verifies against the key that the
// message itself names: a vote's validator, a fresh proposal's block
// proposer. This needs no validator set, so it can be checked on messages of
// later heights too (the machine buffers those unchecked). Every node checks
// it before relaying, so a message that fails it was forged by the peer that
// sent it, never passed on by an honest relay, and the peer is banned.
// (Whether the signer is a validator of that height, or a re-proposal's
// signer its round's proposer, a relay that is behind cannot know: those
// refusals ban nobody.)
bool signed_by_claimed_signer(const consensus::Message& message, const Hash256& group_id) {
    if (const auto* vote = std::get_if<consensus::Vote>(&message)) return vote->signature_valid(group_id);
    const auto& proposal = std::get<consensus::Proposal>(message);
    return proposal.pol_round != consensus::kNoRound ||
           proposal.signature_valid(group_id, proposal.block.header.proposer);
}


} // namespace

// --- Opening -----------------------------------------------------------------------

QString NetworkNode::store_path(const QString& data_dir) {
    return QDir(data_dir).filePath(QStringLiteral("chain.sqlite"));
}

std::unique_ptr<Store> NetworkNode::open_store_with_genesis(const QString& path, const std::string& vfs_name,
                                                           const Genesis& genesis, QString* error) {
    std::string store_error;
    std::unique_ptr<Store> store = Store::open(path.toStdString(), &store_error, vfs_name);
    if (!store) {
        *error = QStringLiteral("cannot open the database: %1").arg(qs(store_error));
        return nullptr;
    }
    if (!store->has_genesis()) {
        std::vector<Event> events;
        const State state = genesis_state(genesis, &events);
        if (!store->write_genesis(genesis, state, events, &store_error)) {
            *error = QStringLiteral("cannot write the genesis: %1").arg(qs(store_error));
            return nullptr;
        }
        return store;
    }
    const std::optional<Genesis> stored = store->genesis();
    if (!stored || stored->group_id() != genesis.group_id()) {
        *error = QStringLiteral("the data dir holds another group (%1) than the genesis file (%2)")
                     .arg(stored ? short_hex(stored->group_id()) : QStringLiteral("unreadable"),
                          short_hex(genesis.group_id()));
        return nullptr;
    }
    return store;
}

std::optional<Genesis> NetworkNode::stored_genesis(const QString& data_dir, QString* error) {
    if (!QFileInfo::exists(store_path(data_dir))) {
        *error = QStringLiteral("%1 holds no group").arg(data_dir);
        return std::nullopt;
    }
    std::string store_error;
    const std::unique_ptr<Store> store = Store::open(store_path(data_dir).toStdString(), &store_error);
    if (!store) {
        *error = QStringLiteral("cannot open the database: %1").arg(qs(store_error));
        return std::nullopt;
    }
    std::optional<Genesis> genesis = store->has_genesis() ? store->genesis() : std::nullopt;
    if (!genesis) *error = QStringLiteral("the database in %1 holds no readable genesis").arg(data_dir);
    return genesis;
}

std::unique_ptr<NetworkNode> NetworkNode::open(const NetworkNodeConfig& config, const Genesis& genesis,
                                               const crypto::KeyPair& node_key, ClockMs clock_ms, QString* error) {
    if (genesis.validators.empty()) {
        *error = QStringLiteral("the genesis names no validator");
        return nullptr;
    }
    if (!QDir().mkpath(config.data_dir)) {
        *error = QStringLiteral("cannot create the data folder %1").arg(config.data_dir);
        return nullptr;
    }
    std::unique_ptr<QLockFile> lock = lock_data_dir(config.data_dir, error);
    if (!lock) return nullptr;
    std::unique_ptr<Store> store = open_store_with_genesis(store_path(config.data_dir), config.store_vfs, genesis, error);
    if (!store) return nullptr;
    store->set_checkpoint_interval_blocks(config.state_checkpoint_blocks);
    if (config.trust_checkpoint && store->height() == 0 && store->trust_checkpoint() != config.trust_checkpoint) {
        std::string checkpoint_error;
        if (!store->set_trust_checkpoint(*config.trust_checkpoint, &checkpoint_error)) {
            *error = QStringLiteral("cannot record the invitation's checkpoint: %1").arg(qs(checkpoint_error));
            return nullptr;
        }
    }
    Hash256 last_hash{};
    std::optional<State> state = load_checked_state(*store, genesis, &last_hash, error);
    if (!state) return nullptr;
    // Records of committed heights are of no use any more (a crash can fall
    // between a commit and its pruning).
    std::string prune_error;
    if (!store->prune_consensus_records(state->height + 1, &prune_error)) {
        *error = QStringLiteral("cannot prune old consensus records: %1").arg(qs(prune_error));
        return nullptr;
    }
    return std::unique_ptr<NetworkNode>(new NetworkNode(std::move(lock), config, std::move(store), genesis, node_key,
                                                        std::move(clock_ms), std::move(*state), last_hash));
}

NetworkNode::NetworkNode(std::unique_ptr<QLockFile> data_dir_lock, NetworkNodeConfig config, std::unique_ptr<Store> store, Genesis genesis,
                         const crypto::KeyPair& node_key, ClockMs clock_ms, State state, Hash256 last_block_hash)
    : LedgerNode(std::move(data_dir_lock), std::move(store), std::move(state), last_block_hash),
      config_(std::move(config)),
      genesis_(std::move(genesis)),
      node_key_(node_key),
      clock_ms_(std::move(clock_ms)),
      machine_(consensus_config(config_, genesis_.group_id()), node_key_, *this),
      store_records_(*store_),
      driver_(store_records_),
      block_sync_(block_sync_config(config_), state_.height),
      trust_checkpoint_(store_->trust_checkpoint()),
      snapshots_(config_.state_snapshot_blocks) {
    // The network keeps its own (system) clock unless told otherwise: its
    // timeouts are local matters, not the group's time.
    network_ = new net::PeerNetwork(node_key_, genesis_.group_id(), config_.network, this);
    connect(network_, &net::PeerNetwork::messageReceived, this, &NetworkNode::on_message);
    connect(network_, &net::PeerNetwork::peerConnected, this, &NetworkNode::on_peer_connected);
    connect(network_, &net::PeerNetwork::peerDisconnected, this,
            [this](const QString& peer_id, net::DropReason) { on_peer_disconnected(peer_id); });
    connect(network_, &net::PeerNetwork::peerBanned, this,
            [](const QString& address, const QString& peer_id, net::DropReason reason) {
                qCWarning(lcNetworkNode).noquote() << "banned peer" << address << peer_id.left(16) << "-"
                                                   << qs(std::string(net::drop_reason_text(reason)));
            });
    tick_timer_ = new QTimer(this);
    connect(tick_timer_, &QTimer::timeout, this, &NetworkNode::on_tick);
    last_reported_sync_ = SyncStatus{state_.height, state_.height, false};
    block_sync_status_ = block_sync_.status(steady_ms());
}

NetworkNode::~NetworkNode() {
    stop();
    // A replay still running holds its own copy of what it needs; its result, queued to this object, is dropped.
    backfill_pool_.waitForDone();
}

bool NetworkNode::start(QString* error) {
    if (!network_->listen(config_.listen_address, config_.listen_port)) {
        const QString problem =
            QStringLiteral("cannot listen on %1:%2").arg(config_.listen_address.toString()).arg(config_.listen_port);
        if (!config_.listen_optional) {
            *error = problem;
            return false;
        }
        qCWarning(lcNetworkNode).noquote() << problem << "- following the group through outgoing connections only";
    }
    for (const QString& peer : config_.peers) {
        if (!network_->add_peer(peer)) {
            *error = QStringLiteral("the peer address '%1' is not host:port").arg(peer);
            network_->close();
            return false;
        }
    }
    running_ = true;
    pin_snapshot();
    start_state_sync();
    start_reachability();
    tick_timer_->start(static_cast<int>(config_.status_interval_ms));
    qCInfo(lcNetworkNode).noquote() << "node" << network_->node_id().left(16)
                                    << "listening on port" << network_->listening_port() << "at height"
                                    << state_.height << (own_status().validator ? "(validator)" : "(follower)");
    resume_consensus();
    return true;
}

void NetworkNode::stop() {
    if (!running_) return;
    running_ = false;
    tick_timer_->stop();
    // Deletes the router's port mapping while the port is still ours.
    if (reachability_) reachability_->stop();
    network_->close();
    lan_peers_added_.clear(); // close() forgot them with the other peers
}

quint16 NetworkNode::listening_port() const { return network_->listening_port(); }

bool NetworkNode::add_peer(const QString& host_port) { return network_->add_peer(host_port); }

// --- Reachability ------------------------------------------------------------------------

void NetworkNode::start_reachability() {
    const quint16 port = network_->listening_port();
    if (!config_.reachability_enabled || port == 0) {
        set_reachability(unchecked_reachability(port));
        return;
    }
    if (!reachability_) {
        reachability_ = new Reachability(port, genesis_.group_id(), config_.reachability, this);
        connect(reachability_, &Reachability::changed, this, [this] { set_reachability(reachability_->status()); });
        connect(reachability_, &Reachability::lanPeerFound, this, &NetworkNode::on_lan_peer_found);
    }
    reachability_->start();
}

void NetworkNode::set_reachability(const ReachabilityStatus& status) {
    {
        std::lock_guard lock(mutex_);
        reachability_status_ = status;
    }
    emit reachabilityChanged();
}

// A neighbour of the group on this home network: dialed like a configured
// peer (PeerNetwork drops a second connection to a node already connected).
void NetworkNode::on_lan_peer_found(const QString& host_port) {
    if (!running_ || lan_peers_added_.count(host_port) != 0 || config_.peers.contains(host_port)) return;
    if (lan_peers_added_.size() >= kLanPeersAddedMax) {
        qCDebug(lcNetworkNode).noquote() << "LAN neighbour" << host_port << "not added: already" << kLanPeersAddedMax;
        return;
    }
    if (network_->add_peer(host_port)) lan_peers_added_.insert(host_port);
}

// The network's counters are atomics: read without the node's lock.
NodeCosts NetworkNode::costs() const {
    NodeCosts costs = LedgerNode::costs();
    costs.received_bytes = network_->bytes_received_total();
    costs.sent_bytes = network_->bytes_sent_total();
    return costs;
}

ReachabilityStatus NetworkNode::reachability() const {
    std::lock_guard lock(mutex_);
    return reachability_status_;
}

// --- Consensus driving ---------------------------------------------------------------

consensus::HeightStart NetworkNode::next_height_start() const {
    return consensus::HeightStart{state_.height + 1, state_.validators, last_block_hash_, state_.time_s};
}

// After a restart: if this validator signed anything for the next height, it
// must take that height up again with those signatures, whatever else waits.
// Records that cannot be read back are the same failure as records that
// could not be saved: starting the height afresh would let this validator
// sign a vote that conflicts with one it already sent.
void NetworkNode::resume_consensus() {
    const std::optional<std::vector<consensus::Record>> records = driver_.load_records(state_.height + 1);
    if (!records) return on_driver_stopped();
    if (records->empty()) {
        maybe_start_height();
        return;
    }
    qCInfo(lcNetworkNode) << "restoring height" << state_.height + 1 << "from" << records->size() << "records";
    height_started_ = true;
    next_height_requested_ = false;
    handle(machine_.restore(next_height_start(), *records, clock_ms_()));
}

bool NetworkNode::has_work() const {
    if (!mempool_.empty()) return true;
    const std::optional<std::int64_t> deadline_s = next_deadline(state_);
    return deadline_s && *deadline_s <= floor_seconds(clock_ms_());
}

void NetworkNode::start_gathering(std::size_t in_play) {
    gathering_ = true;
    gather_until_waiting_ = in_play;
    const std::uint64_t generation = ++gather_generation_;
    QTimer::singleShot(static_cast<int>(config_.gather_after_commit_ms), this, [this, generation] {
        // A later commit started a gathering of its own.
        if (generation != gather_generation_) return;
        gathering_ = false;
        maybe_start_height();
    });
}

bool NetworkNode::gathered() const {
    std::lock_guard lock(mutex_);
    return mempool_.size() >= gather_until_waiting_;
}

void NetworkNode::maybe_start_height() {
    if (!running_ || height_started_ || driver_.stopped()) return;
    // As many transactions wait as were in play at the commit: the clients
    // told of it have all sent their next one, and the pause can end.
    if (gathering_ && gathered()) gathering_ = false;
    if (!next_height_requested_ && (gathering_ || !has_work())) return;
    height_started_ = true;
    next_height_requested_ = false;
    handle(machine_.start_height(next_height_start(), clock_ms_()));
}

// The order is the safety rule: records on disk, then messages on the wire.
// consensus::Driver keeps it (and stops for good when the disk fails): the
// same code runs under the simulator, on storage with faults.
void NetworkNode::handle(consensus::Output output) {
    if (driver_.stopped()) return;
    consensus::Driver::Actions actions = driver_.handle(std::move(output), machine_.height());
    if (driver_.stopped()) return on_driver_stopped();
    for (const consensus::Message& message : actions.broadcast)
        network_->broadcast(net::ConsensusMessage{consensus::encode_message(message)});
    for (const consensus::Timer& timer : actions.timers) schedule_timer(timer);
    for (const consensus::Evidence& evidence : actions.evidence) {
        const auto* vote = std::get_if<consensus::DoubleVote>(&evidence);
        const PublicKey& signer = vote ? vote->first.validator : std::get<consensus::DoubleProposal>(evidence).proposer;
        qCWarning(lcNetworkNode).noquote() << "evidence: validator" << net::peer_id_of(signer).left(16) << "signed two"
                                           << (vote ? "votes" : "proposals") << "for one slot at height" << machine_.height();
    }
    if (actions.decision) on_decision(*actions.decision);
}

std::optional<std::string> NetworkNode::StoreRecords::save(const std::vector<consensus::Record>& records) {
    std::vector<Store::ConsensusRecordRow> rows;
    rows.reserve(records.size());
    for (const consensus::Record& record : records)
        rows.push_back(Store::ConsensusRecordRow{consensus::record_height(record), consensus::encode_record(record)});
    std::string error;
    if (store.append_consensus_records(rows, &error)) return std::nullopt;
    return error;
}

std::optional<std::vector<Bytes>> NetworkNode::StoreRecords::load(std::uint64_t height, std::string* error) {
    return store.consensus_records(height, error);
}

void NetworkNode::on_driver_stopped() {
    const consensus::DriverFailure& failure = *driver_.failure();
    const StorageProblem::Kind kind = failure.why == consensus::DriverStop::RecordsNotSaved ? StorageProblem::Kind::VotesNotSaved
                                      : failure.why == consensus::DriverStop::RecordsNotRead
                                          ? StorageProblem::Kind::VotesNotRead
                                          : StorageProblem::Kind::BlocksNotSaved;
    stop_validating(kind, failure.height, qs(failure.detail));
}

// Fail-stop: the safety rule ("on disk, then on the wire") cannot be kept
// without a disk, and a validator that goes on without it could sign twice
// after a crash. It keeps serving the blocks it has and answering status.
void NetworkNode::stop_validating(StorageProblem::Kind kind, std::uint64_t height, const QString& detail) {
    driver_.stop(consensus::DriverStop::Told, height, detail.toStdString()); // no-op when it stopped itself
    // It commits nothing more until it is restarted, so it does not sync either.
    stop_block_sync();
    bool first = false;
    {
        std::lock_guard lock(mutex_);
        first = !storage_problem_ || !storage_problem_->validator_stopped;
        const std::uint64_t failures = storage_problem_ ? storage_problem_->failures + 1 : 1;
        storage_problem_ = StorageProblem{kind, true, height, failures, detail};
    }
    if (first) {
        const char* what = kind == StorageProblem::Kind::VotesNotSaved ? "cannot save its votes"
                           : kind == StorageProblem::Kind::VotesNotRead ? "cannot read back its saved votes"
                                                                         : "cannot save blocks";
        qCCritical(lcNetworkNode).noquote()
            << "validator stopped at height" << height << "-" << what << "(" + detail + ");"
            << "nothing unsaved was sent. It keeps serving its blocks; restart it once the disk is fixed.";
    }
    emit storageProblemChanged();
}

// Block sync logs a follower's failures, once per interval with a count.
void NetworkNode::on_commit_failed(std::uint64_t first_height, const QString& detail) {
    // A validator must not fall behind silently: it stops, like a failed vote save.
    if (is_validator()) return stop_validating(StorageProblem::Kind::BlocksNotSaved, first_height, detail);
    std::uint64_t failures = 1;
    {
        std::lock_guard lock(mutex_);
        if (storage_problem_) failures = storage_problem_->failures + 1;
        storage_problem_ = StorageProblem{StorageProblem::Kind::BlocksNotSaved, false, first_height, failures, detail};
    }
    if (failures == 1) emit storageProblemChanged();
}

void NetworkNode::on_commit_saved() {
    {
        std::lock_guard lock(mutex_);
        if (!storage_problem_ || storage_problem_->validator_stopped) return;
        storage_problem_.reset();
    }
    emit storageProblemChanged();
}

std::optional<StorageProblem> NetworkNode::storage_problem() const {
    std::lock_guard lock(mutex_);
    return storage_problem_;
}

// A wrong history at the checkpoint matters only until this node is past it
// (an honest peer served the invited block after all).
std::optional<SyncHalt> NetworkNode::sync_halt() const {
    std::lock_guard lock(mutex_);
    if (sync_halt_ && sync_halt_->kind == SyncHalt::Kind::NotTheInvitedHistory && state_.height >= sync_halt_->height)
        return std::nullopt;
    return sync_halt_;
}

void NetworkNode::halt_sync(SyncHalt halt) {
    std::lock_guard lock(mutex_);
    // A conflict of signed headers outranks anything else.
    if (!sync_halt_ || sync_halt_->kind != SyncHalt::Kind::ConflictingHeaders) sync_halt_ = std::move(halt);
}

bool NetworkNode::contradicts_checkpoint(const Block& block) const {
    return trust_checkpoint_ && trust_checkpoint_->height == block.header.height &&
           trust_checkpoint_->block_hash != block.header.hash();
}

void NetworkNode::schedule_timer(const consensus::Timer& timer) {
    const int duration_ms = static_cast<int>(std::clamp<std::int64_t>(timer.duration_ms, 0, 24 * 3600 * 1000));
    // The machine ignores a timer of a height or round it has left, so
    // timers are never cancelled.
    QTimer::singleShot(duration_ms, this, [this, timer] {
        if (!running_ || driver_.stopped()) return;
        handle(machine_.on_timeout(timer, clock_ms_()));
        maybe_start_height();
    });
}

void NetworkNode::on_consensus_message(const QString& peer_id, const Bytes& payload) {
    if (driver_.stopped()) return;
    const std::optional<consensus::Message> message = consensus::decode_message(payload);
    if (!message) {
        qCWarning(lcNetworkNode) << "undecodable consensus message from" << peer_id.left(16);
        network_->ban_peer(peer_id);
        return;
    }
    const std::uint64_t height = std::visit([](const auto& m) { return m.height; }, *message);
    const std::int64_t now = clock_ms_();
    consensus::Output output = std::holds_alternative<consensus::Proposal>(*message)
                                   ? machine_.on_proposal(std::get<consensus::Proposal>(*message), now)
                                   : machine_.on_vote(std::get<consensus::Vote>(*message), now);
    // A forged signature is the sender's misbehaviour even when it relays:
    // nothing is relayed unchecked (see signed_by_claimed_signer).
    const consensus::Verdict verdict = output.verdict;
    if ((verdict == consensus::Verdict::Invalid || verdict == consensus::Verdict::Buffered) &&
        !signed_by_claimed_signer(*message, genesis_.group_id())) {
        qCWarning(lcNetworkNode) << "peer" << peer_id.left(16) << "sent a consensus message with a forged signature";
        network_->ban_peer(peer_id);
        return;
    }
    // Only what the machine took as new is passed on, so a message crosses
    // each connection at most once per node and gossip ends.
    if (verdict == consensus::Verdict::Accepted || verdict == consensus::Verdict::Buffered ||
        verdict == consensus::Verdict::Evidence)
        network_->broadcast(net::ConsensusMessage{payload}, peer_id);
    handle(std::move(output));
    if (height == state_.height + 1 && !height_started_) next_height_requested_ = true;
    maybe_start_height();
    if (height > state_.height + 1) maybe_request_blocks();
}

void NetworkNode::on_decision(const consensus::Decision& decision) {
    const Block& block = decision.block;
    if (block.header.height != state_.height + 1) return; // committed already, through sync
    const BlockApplication* applied = execute(block);
    if (!applied || !applied->ok()) {
        // More than 2/3 of the validators accepted a block this node cannot
        // apply: its rules differ from theirs. Continuing would fork it.
        qCCritical(lcNetworkNode) << "the group decided block" << block.header.height
                                  << "which this node cannot apply; it stops following the chain";
        return;
    }
    (void)commit(block, decision.certificate, *applied);
}

// --- Application ------------------------------------------------------------------------

Block NetworkNode::build_block(std::uint64_t height, std::uint32_t /*round*/, std::int64_t now_ms) {
    const BlockContext context{height, std::max(state_.time_s, floor_seconds(now_ms))};
    BlockApplication result;
    result.state_after = state_;
    Block block;
    for (const Transaction& tx : mempool_) {
        if (block.transactions.size() >= kBlockTransactionsMax) break;
        ApplyResult applied = apply_transaction(result.state_after, tx, context);
        if (!applied.ok()) continue; // refused for good after the next commit's recheck
        block.transactions.push_back(tx);
        result.events.insert(result.events.end(), applied.events.begin(), applied.events.end());
    }
    const std::vector<Event> deadline_events = end_block(result.state_after, context);
    result.events.insert(result.events.end(), deadline_events.begin(), deadline_events.end());

    std::vector<Hash256> ids;
    ids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions) ids.push_back(tx.id());
    BlockHeader& header = block.header;
    header.group_id = state_.group_id;
    header.height = height;
    header.previous_hash = last_block_hash_;
    header.time_s = context.time_s;
    header.transactions_root = merkle_root(ids);
    header.state_root = state_root(result.state_after);
    header.proposer = node_key_.public_key();
    remember_own_block(block, std::move(result));
    return block;
}

// When the machine asks whether the proposal it just made is valid, it need
// not run the same rules on the same state a second time (every transaction
// of the block, and the state root): the result is kept as apply_block's would be,
// with the invariants apply_block checks. The header is this node's own and
// every signature was checked on its way into the mempool. A block that
// breaks an invariant is not kept, so apply_block runs and reports it.
void NetworkNode::remember_own_block(const Block& block, BlockApplication built) {
    if (!check_invariants_since(state_, built.state_after).empty()) return;
    if (executed_.size() >= kExecutedBlocksMax) executed_.clear();
    executed_.insert_or_assign(block.header.hash(), std::move(built));
}

bool NetworkNode::validate_block(const Block& block) {
    const BlockApplication* applied = execute(block);
    return applied && applied->ok();
}

const BlockApplication* NetworkNode::execute(const Block& block) {
    if (block.header.height != state_.height + 1) return nullptr;
    const Hash256 hash = block.header.hash();
    if (const auto it = executed_.find(hash); it != executed_.end()) return &it->second;
    if (executed_.size() >= kExecutedBlocksMax) executed_.clear();
    // The transactions in the mempool had their signatures checked on their
    // way in: a block of them is not checked again (about half of each
    // transaction's checks on a validator). Ids are hashed outside the lock.
    std::vector<Hash256> ids;
    ids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions) ids.push_back(tx.id());
    std::vector<bool> already_checked(ids.size());
    {
        std::lock_guard lock(mutex_);
        for (std::size_t i = 0; i < ids.size(); ++i) already_checked[i] = queued_ids_.contains(ids[i]);
    }
    SignatureCheckAhead signatures(block, already_checked);
    return &executed_.emplace(hash, apply_block(state_, last_block_hash_, block, &signatures)).first->second;
}

// --- Committing ------------------------------------------------------------------------------

bool NetworkNode::commit(const Block& block, const CommitCertificate& certificate, BlockApplication applied) {
    std::vector<AppliedBlock> one;
    one.push_back({block, certificate, std::move(applied.events)});
    return commit_and_tell_sync(one, std::move(applied.state_after));
}

bool NetworkNode::commit_blocks(const std::vector<AppliedBlock>& blocks, State state_after) {
    std::vector<Store::BlockToCommit> to_store;
    to_store.reserve(blocks.size());
    for (const AppliedBlock& entry : blocks) to_store.push_back({entry.block, entry.certificate, entry.events});
    const BlockHeader& last = blocks.back().block.header;
    std::string error;
    // state_ is what the store holds: only this thread changes it, after the commit.
    if (!store_->commit_blocks(to_store, state_after, &error, &state_)) {
        on_commit_failed(blocks.front().block.header.height, qs(error));
        return false;
    }
    on_commit_saved();
    std::vector<BlockOutcome> outcomes(blocks.size());
    // Several transactions in play (committed or waiting): several clients
    // are active, and the next height waits a little for them. A client
    // alone, one transaction at a time, gets its next block at once.
    std::size_t in_play = 0;
    {
        std::lock_guard lock(mutex_);
        state_ = std::move(state_after);
        state_root_ = last.state_root;
        last_block_hash_ = last.hash();
        std::set<Hash256> in_blocks;
        for (std::size_t b = 0; b < blocks.size(); ++b) {
            outcomes[b].height = blocks[b].block.header.height;
            for (const Transaction& tx : blocks[b].block.transactions) {
                outcomes[b].committed.push_back(tx.id());
                queued_ids_.erase(outcomes[b].committed.back());
                in_blocks.insert(outcomes[b].committed.back());
            }
        }
        std::erase_if(mempool_, [&](const Transaction& tx) { return in_blocks.contains(tx.id()); });
        // Judged once, on the state after the last block.
        outcomes.back().rejected = recheck_mempool_locked();
        std::size_t committed = 0;
        for (const BlockOutcome& outcome : outcomes) committed += outcome.committed.size();
        in_play = committed + mempool_.size();
    }
    executed_.clear();
    height_started_ = false;
    next_height_requested_ = false;
    // A commit of several synced blocks that reaches a multiple of the
    // interval pins the state after its last block: a snapshot is of a
    // block's state.
    if (snapshots_.due_between(blocks.front().block.header.height - 1, last.height)) pin_snapshot();
    if (in_play > 1 && config_.gather_after_commit_ms > 0) start_gathering(in_play);
    // commit_blocks dropped the consensus records of these heights and below.
    for (std::size_t b = 0; b < blocks.size(); ++b) {
        qCInfo(lcNetworkNode).noquote() << "committed block" << outcomes[b].height << "with"
                                        << outcomes[b].committed.size() << "transactions, state root"
                                        << short_hex(blocks[b].block.header.state_root);
        emit_block_outcome(outcomes[b]);
    }
    announce_status();
    regossip();
    report_sync_progress();
    // Later, so that a burst of synced blocks does not start a height per
    // block (and key shares are judged on the newest state).
    QTimer::singleShot(0, this, [this] {
        post_key_shares();
        maybe_start_height();
    });
    return true;
}

// Every waiting transaction checked again on the new state: the ones it
// no longer admits are refused for good (their nonce was used, a deadline
// passed), and the author hears why.
std::vector<std::pair<Hash256, Rejection>> NetworkNode::recheck_mempool_locked() {
    std::vector<std::pair<Hash256, Rejection>> rejected;
    pending_state_ = state_;
    const BlockContext context{state_.height + 1, next_block_time_s_locked()};
    std::deque<Transaction> kept;
    for (Transaction& tx : mempool_) {
        ApplyResult applied = apply_transaction(*pending_state_, tx, context);
        if (applied.ok()) {
            kept.push_back(std::move(tx));
            continue;
        }
        const Hash256 id = tx.id();
        queued_ids_.erase(id);
        remember_rejection_locked(id, *applied.rejection);
        rejected.emplace_back(id, *applied.rejection);
    }
    mempool_ = std::move(kept);
    return rejected;
}

// A node still syncing would judge on an old state and post shares that
// later blocks make redundant; it waits until it has caught up.
void NetworkNode::post_key_shares() {
    if (sync_status().syncing) return;
    std::vector<Transaction> shares;
    {
        std::lock_guard lock(mutex_);
        shares = key_share_transactions_locked();
    }
    for (const Transaction& tx : shares) submit(tx);
}

// --- Transactions ---------------------------------------------------------------------------

std::int64_t NetworkNode::next_block_time_s_locked() const {
    return std::max(state_.time_s, floor_seconds(clock_ms_()));
}

void NetworkNode::remember_rejection_locked(const Hash256& id, const Rejection& why) {
    if (recent_rejections_.insert_or_assign(id, why).second) recent_rejection_order_.push_back(id);
    while (recent_rejection_order_.size() > kRecentRejectionsMax) {
        recent_rejections_.erase(recent_rejection_order_.front());
        recent_rejection_order_.pop_front();
    }
}

SubmitResult NetworkNode::submit(const Transaction& tx) {
    SubmitResult result;
    {
        std::lock_guard lock(mutex_);
        result = submit_locked(tx);
        if (!result.accepted()) remember_rejection_locked(result.transaction_id, *result.rejection);
    }
    if (!result.accepted()) return result;
    network_->broadcast(net::TransactionMessage{codec::to_bytes(tx)});
    maybe_start_height();
    return result;
}

void NetworkNode::on_transaction_message(const QString& peer_id, const Bytes& bytes) {
    const std::optional<Transaction> tx = codec::from_bytes<Transaction>(bytes);
    // Gossip repeats itself: known transactions are dropped before the
    // (expensive) signature check.
    if (tx && (is_queued(tx->id()) || store_->find_transaction(tx->id()))) return;
    if (!tx || !tx->signature_valid()) {
        qCWarning(lcNetworkNode) << "peer" << peer_id.left(16) << "sent a malformed or unsigned transaction";
        network_->ban_peer(peer_id);
        return;
    }
    SubmitResult result;
    {
        std::lock_guard lock(mutex_);
        result = submit_locked(*tx, SignatureChecked::Yes);
    }
    // A transaction our state refuses is not misbehaviour: the peer may be
    // ahead or behind. It is simply not passed on.
    if (!result.accepted()) return;
    network_->broadcast(net::TransactionMessage{bytes}, peer_id);
    maybe_start_height();
}

void NetworkNode::regossip(const QString& only_peer_id) {
    std::vector<Bytes> waiting;
    {
        std::lock_guard lock(mutex_);
        for (const Transaction& tx : mempool_) {
            if (waiting.size() >= kRegossipPerBlockMax) break;
            waiting.push_back(codec::to_bytes(tx));
        }
    }
    for (Bytes& bytes : waiting) {
        if (only_peer_id.isEmpty()) network_->broadcast(net::TransactionMessage{std::move(bytes)});
        else network_->send(only_peer_id, net::TransactionMessage{std::move(bytes)});
    }
}

// --- Network and sync -----------------------------------------------------------------------------

void NetworkNode::on_message(const QString& peer_id, const net::Message& message) {
    if (!running_) return;
    if (const auto* status = std::get_if<net::StatusMessage>(&message)) return on_status(peer_id, *status);
    if (const auto* tx = std::get_if<net::TransactionMessage>(&message))
        return on_transaction_message(peer_id, tx->transaction);
    if (const auto* consensus = std::get_if<net::ConsensusMessage>(&message))
        return on_consensus_message(peer_id, consensus->payload);
    if (const auto* request = std::get_if<net::BlockRequest>(&message)) return on_block_request(peer_id, *request);
    if (const auto* response = std::get_if<net::BlockResponse>(&message)) return on_block_response(peer_id, *response);
    if (const auto* request = std::get_if<net::GenesisRequest>(&message)) return on_genesis_request(peer_id, *request);
    if (const auto* request = std::get_if<net::ProofRequest>(&message)) {
        const bool table = request->kind == net::ProofKind::Table;
        if (may_serve(peer_id, table ? kServeCostTableProof : kServeCostEntryProof)) on_proof_request(peer_id, *request);
        return;
    }
    if (const auto* request = std::get_if<net::HeaderChainRequest>(&message)) {
        if (may_serve(peer_id, kServeCostHeaderChain)) on_header_chain_request(peer_id, *request);
        return;
    }
    if (std::holds_alternative<net::SnapshotRequest>(message)) {
        if (may_serve(peer_id, kServeCostSnapshotOffer)) on_snapshot_request(peer_id);
        return;
    }
    if (const auto* request = std::get_if<net::ChunkRequest>(&message)) {
        if (may_serve(peer_id, kServeCostChunk)) on_chunk_request(peer_id, *request);
        return;
    }
    if (state_sync_ && !state_sync_->finished()) {
        const std::string peer = peer_id.toStdString();
        if (const auto* r = std::get_if<net::SnapshotResponse>(&message))
            return execute_state_sync(state_sync_->on_snapshot(peer, r->height, r->step, r->manifest, steady_ms()));
        if (const auto* r = std::get_if<net::HeaderChainResponse>(&message))
            return execute_state_sync(state_sync_->on_header_chain(peer, r->trusted_height, r->steps, steady_ms()));
        if (const auto* r = std::get_if<net::ChunkResponse>(&message))
            return execute_state_sync(state_sync_->on_chunk(peer, r->height, r->index, r->chunk, steady_ms()));
    }
    // A GenesisResponse is only asked for by a GenesisFetcher, and a
    // ProofResponse by a client of proofs; here they are ignored, as are
    // state sync's answers when no state sync runs.
}

// Within the peer's serving budget (node/serve_budget.h); a request over it
// is not answered, and the first of a peer is logged.
bool NetworkNode::may_serve(const QString& peer_id, std::uint32_t units) {
    if (serve_budget_.take(peer_id, units, steady_ms())) return true;
    if (serve_refusal_logged_.insert(peer_id).second)
        qCInfo(lcNetworkNode) << "peer" << peer_id.left(16)
                              << "asks for more proofs and snapshot chunks than it may; those requests are not answered";
    return false;
}

void NetworkNode::on_header_chain_request(const QString& peer_id, const net::HeaderChainRequest& request) {
    net::HeaderChainResponse response{request.trusted_height, {}};
    for (const state::HeaderStep& step : header_chain(request.trusted_height, net::kHeaderStepsPerResponseMax)) {
        Bytes bytes = codec::to_bytes(step);
        if (bytes.size() > net::kHeaderStepBytesMax) break; // cannot happen with kValidatorsMax validators
        response.steps.push_back(std::move(bytes));
    }
    network_->send(peer_id, response);
}

// Any peer of the group may ask: the state is what every block already
// carries to it.
void NetworkNode::on_proof_request(const QString& peer_id, const net::ProofRequest& request) {
    net::ProofResponse response{request.kind, request.table, request.key, 0, Hash256{}, {}};
    QString error;
    if (state::is_table_id(request.table)) {
        const auto table = static_cast<state::TableId>(request.table);
        if (request.kind == net::ProofKind::Entry) {
            if (const std::optional<StateProofAnswer> answer = state_proof(request.height, table, request.key, &error)) {
                response.height = answer->height;
                response.state_root = answer->state_root;
                response.proof = codec::to_bytes(answer->proof);
            }
        } else if (const std::optional<TableProofAnswer> answer = table_proof(request.height, table, &error)) {
            response.height = answer->height;
            response.state_root = answer->state_root;
            response.proof = codec::to_bytes(answer->proof);
        }
    }
    // Too large for one message: the asker is told nothing can be proved here.
    if (response.proof.size() > net::kProofBytesMax) response.proof.clear();
    network_->send(peer_id, response);
}

// Any peer may ask: the genesis is what the handshake's group id is the hash
// of, and it holds nothing a member of another group could not see.
void NetworkNode::on_genesis_request(const QString& peer_id, const net::GenesisRequest& request) {
    net::GenesisResponse response;
    if (request.group_id == genesis_.group_id()) response.genesis = codec::to_bytes(genesis_);
    network_->send(peer_id, response);
}

void NetworkNode::on_peer_connected(const QString& peer_id, const QString& address) {
    {
        std::lock_guard lock(mutex_);
        PeerState& peer = peers_[peer_id];
        peer.address = address;
        Bytes key;
        if (codec::from_hex(peer_id.toStdString(), key) && key.size() == peer.node_key.size()) std::copy(key.begin(), key.end(), peer.node_key.begin());
    }
    execute_sync(block_sync_.on_peer_connected(peer_id.toStdString(), steady_ms()));
    if (state_sync_ && !state_sync_->finished())
        execute_state_sync(state_sync_->on_peer_connected(peer_id.toStdString(), steady_ms()));
    network_->send(peer_id, own_status());
    regossip(peer_id);
}

void NetworkNode::on_peer_disconnected(const QString& peer_id) {
    {
        std::lock_guard lock(mutex_);
        peers_.erase(peer_id);
    }
    serve_budget_.forget(peer_id);
    serve_refusal_logged_.erase(peer_id);
    // Asking another peer is for a running node only (stop() drops every peer).
    if (running_) {
        execute_sync(block_sync_.on_peer_disconnected(peer_id.toStdString(), steady_ms()));
        if (state_sync_ && !state_sync_->finished())
            execute_state_sync(state_sync_->on_peer_disconnected(peer_id.toStdString(), steady_ms()));
    }
    report_sync_progress();
}

net::StatusMessage NetworkNode::own_status() const {
    const bool validator = std::find(state_.validators.begin(), state_.validators.end(), node_key_.public_key()) !=
                           state_.validators.end();
    return net::StatusMessage{state_.height, last_block_hash_, validator};
}

void NetworkNode::announce_status() { network_->broadcast(own_status()); }

void NetworkNode::on_status(const QString& peer_id, const net::StatusMessage& status) {
    {
        std::lock_guard lock(mutex_);
        PeerState& peer = peers_[peer_id];
        peer.has_status = true;
        peer.status = status;
    }
    execute_sync(block_sync_.on_peer_status(peer_id.toStdString(), status.height, steady_ms()));
    report_sync_progress();
}

void NetworkNode::on_block_request(const QString& peer_id, const net::BlockRequest& request) {
    net::BlockResponse response;
    response.from_height = request.from_height;
    std::size_t bytes = net::kBlockResponseEmptyBytes;
    const std::uint32_t count = std::min(request.count, net::kBlocksPerRequestMax);
    const std::uint64_t top = store_->height();
    for (std::uint64_t h = request.from_height; h >= 1 && h <= top && h < request.from_height + count; ++h) {
        const std::optional<Block> block = store_->block(h);
        const std::optional<CommitCertificate> certificate = store_->certificate(h);
        if (!block || !certificate) break;
        net::BlockWithCertificate entry{codec::to_bytes(*block), codec::to_bytes(*certificate)};
        const std::size_t entry_bytes = net::block_response_entry_bytes(entry);
        if (bytes + entry_bytes > net::kMessageBytesMax) break;
        bytes += entry_bytes;
        response.blocks.push_back(std::move(entry));
    }
    network_->send(peer_id, response);
}

// `signatures`, when given, is the check of this block's signatures, started
// while the block before it was applied.
std::variant<BlockApplication, Rejection> NetworkNode::apply_synced(const SyncedBlock& entry, std::uint64_t height,
                                                                    const State& before, const Hash256& previous_hash,
                                                                    SignatureCheckAhead* signatures) const {
    const std::optional<Block>& block = entry.block;
    const std::optional<CommitCertificate>& certificate = entry.certificate;
    if (!block || !certificate) return Rejection{ErrorCode::Malformed, "an undecodable block or certificate"};
    if (block->header.height != height || certificate->height != height ||
        certificate->block_hash != block->header.hash())
        return Rejection{ErrorCode::Malformed, "a block that is not the one asked for or not the one certified"};
    // The validator set of this height is the one after the previous block,
    // which this node computed itself: a certificate signed by any other set
    // (an old one, a made-up one) is refused.
    if (!certificate_valid(*certificate, before.group_id, before.validators))
        return Rejection{ErrorCode::BadSignature, "block " + std::to_string(height) + " has no valid commit certificate"};
    // The invitation named this block: a peer that serves another one of its
    // height leads to another history than the member who invited us.
    if (contradicts_checkpoint(*block))
        return Rejection{ErrorCode::Malformed,
                         "block " + std::to_string(height) + " is not the one the invitation's checkpoint names"};
    BlockApplication applied = apply_block(before, previous_hash, *block, signatures);
    if (!applied.ok()) return Rejection{ErrorCode::Malformed, applied.problem};
    return applied;
}

void NetworkNode::on_block_response(const QString& peer_id, const net::BlockResponse& response) {
    if (is_backfill_response(peer_id, response)) return on_backfill_response(peer_id, response);
    const consensus::BlockSyncOutput taken = block_sync_.on_block_response(
        peer_id.toStdString(), response.from_height, response.blocks.size(), steady_ms());
    execute_sync(taken);
    if (taken.apply) apply_block_response(peer_id, response);
    report_sync_progress();
}

void NetworkNode::apply_block_response(const QString& peer_id, const net::BlockResponse& response) {
    // Each block is decoded just before the check of its signatures starts,
    // which is while the block before it is applied (and perhaps committed)
    // on this thread: decoding the whole answer first left the other cores
    // idle meanwhile. Sized once: a check keeps its block's address.
    std::vector<SyncedBlock> blocks(response.blocks.size());
    const auto decode_and_check = [&](std::size_t i) -> std::unique_ptr<SignatureCheckAhead> {
        const net::BlockWithCertificate& entry = response.blocks[i];
        blocks[i] = {codec::from_bytes<Block>(entry.block), codec::from_bytes<CommitCertificate>(entry.certificate)};
        if (!blocks[i].block) return nullptr;
        return std::make_unique<SignatureCheckAhead>(*blocks[i].block);
    };
    // The blocks that apply are committed in runs of kSyncBlocksPerCommit,
    // one store transaction each: at a block of 1,000 transactions, most of
    // a commit is index pages that the next blocks change again.
    std::vector<AppliedBlock> applied_blocks;
    std::optional<State> state_after; // after the last block applied
    Hash256 previous_hash = last_block_hash_;
    std::optional<Rejection> refused;
    std::uint64_t blocks_applied = 0;
    bool stored = true; // false once a commit failed (the store's fault, not the peer's)
    // The checks of blocks i to i + kSyncBlocksCheckedAhead run while block
    // i is applied: enough to keep the cores busy through a commit.
    std::deque<std::unique_ptr<SignatureCheckAhead>> checks; // front: of blocks[i]
    std::size_t next_to_check = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        while (next_to_check < blocks.size() && next_to_check <= i + kSyncBlocksCheckedAhead)
            checks.push_back(decode_and_check(next_to_check++));
        const std::unique_ptr<SignatureCheckAhead> checking = std::move(checks.front());
        checks.pop_front();
        std::variant<BlockApplication, Rejection> applied = apply_synced(
            blocks[i], response.from_height + i, state_after ? *state_after : state_, previous_hash, checking.get());
        if (Rejection* why = std::get_if<Rejection>(&applied)) {
            refused = std::move(*why);
            break;
        }
        BlockApplication& application = std::get<BlockApplication>(applied);
        previous_hash = blocks[i].block->header.hash();
        applied_blocks.push_back({*blocks[i].block, *blocks[i].certificate, std::move(application.events)});
        state_after = std::move(application.state_after);
        ++blocks_applied;
        // Each run is committed while the next blocks' signatures are
        // checked on the other threads; the last one after asking ahead.
        // A block that changes the validators ends its run: the store records
        // the new set's proof from the state after it (Store::ValidatorChange).
        const bool changes_validators = Store::changes_validators(applied_blocks.back().events);
        if ((applied_blocks.size() >= kSyncBlocksPerCommit || changes_validators) && i + 1 < blocks.size()) {
            stored = commit_and_tell_sync(applied_blocks, std::move(*state_after));
            applied_blocks.clear();
            state_after.reset();
            if (!stored) break;
        }
    }
    consensus::BlockSyncOutput after = block_sync_.on_response_applied(
        consensus::ResponseApplied{peer_id.toStdString(), response.from_height, blocks_applied, refused.has_value()},
        steady_ms());
    // The next answer is asked for before this one is committed, so that it
    // travels while the commit runs.
    send_sync_request(std::move(after.request));
    after.request.reset();
    // What applied before a bad block is kept: the certificates vouch for it.
    if (stored && !applied_blocks.empty()) (void)commit_and_tell_sync(applied_blocks, std::move(*state_after));
    if (refused) {
        qCWarning(lcNetworkNode).noquote() << "peer" << peer_id.left(16) << "served a bad block:" << qs(refused->message);
        const SyncedBlock& bad = blocks[blocks_applied];
        if (bad.block && contradicts_checkpoint(*bad.block))
            halt_sync(SyncHalt{SyncHalt::Kind::NotTheInvitedHistory, trust_checkpoint_->height, qs(refused->message)});
    }
    execute_sync(after); // the ban, once the good blocks are saved
}

// Every commit, decided or synced, is told to block_sync_: a failure makes a
// follower back off (a validator has stopped, sync with it, in stop_validating).
bool NetworkNode::commit_and_tell_sync(const std::vector<AppliedBlock>& blocks, State state_after) {
    const bool saved = commit_blocks(blocks, std::move(state_after));
    // commit_blocks keeps the store's reason in the storage problem it reports.
    const std::optional<StorageProblem> problem = saved ? std::nullopt : storage_problem();
    const consensus::CommitResult result =
        saved ? consensus::CommitResult::ok(state_.height)
              : consensus::CommitResult::failed(problem ? problem->detail.toStdString() : std::string("not saved"));
    execute_sync(block_sync_.on_commit_result(result, steady_ms()));
    return saved;
}

void NetworkNode::maybe_request_blocks() {
    if (!running_) return;
    execute_sync(block_sync_.on_tick(steady_ms()));
}

void NetworkNode::execute_sync(const consensus::BlockSyncOutput& output) {
    if (output.timed_out)
        qCInfo(lcNetworkNode) << "block request to" << QString::fromStdString(*output.timed_out).left(16) << "timed out";
    send_sync_request(output.request);
    if (output.ban) network_->ban_peer(QString::fromStdString(*output.ban));
    // What failed is logged by commit_blocks (once per interval, with a
    // count); this says what sync does about it, as often.
    if (const std::optional<consensus::StorageFailureReport>& report = output.storage_failures) {
        const std::int64_t retry_in_s = std::max<std::int64_t>(0, report->retry_at_ms - steady_ms()) / 1000;
        qCWarning(lcNetworkNode).noquote()
            << QStringLiteral("block sync paused: blocks not saved (x%1 in the last %2 s): %3; next try in %4 s")
                   .arg(report->failures)
                   .arg(report->period_ms / 1000)
                   .arg(qs(report->error))
                   .arg(retry_in_s);
    }
    if (output.storage_recovered_after)
        qCInfo(lcNetworkNode) << "block sync resumes: a commit succeeded after" << *output.storage_recovered_after
                              << "that failed";
    const consensus::BlockSyncStatus status = block_sync_.status(steady_ms());
    std::lock_guard lock(mutex_);
    block_sync_status_ = status;
}

// A peer that cannot be sent to is gone: block_sync_ forgets it and may name
// another, each at most once, so this ends.
void NetworkNode::send_sync_request(std::optional<consensus::SyncRequest> request) {
    // Blocks are fetched after the snapshot (restart_block_sync).
    if (state_syncing()) return;
    while (request) {
        const QString peer_id = QString::fromStdString(request->peer);
        if (network_->send(peer_id, net::BlockRequest{request->from_height, request->count})) return;
        request = block_sync_.on_peer_disconnected(request->peer, steady_ms()).request;
    }
}

void NetworkNode::restart_block_sync() {
    block_sync_ = consensus::BlockSync(block_sync_config(config_), state_.height);
    std::vector<std::pair<QString, std::optional<std::uint64_t>>> known;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [peer_id, peer] : peers_)
            known.emplace_back(peer_id, peer.has_status ? std::optional<std::uint64_t>(peer.status.height) : std::nullopt);
    }
    for (const auto& [peer_id, height] : known) {
        execute_sync(block_sync_.on_peer_connected(peer_id.toStdString(), steady_ms()));
        if (height) execute_sync(block_sync_.on_peer_status(peer_id.toStdString(), *height, steady_ms()));
    }
}

void NetworkNode::stop_block_sync() {
    block_sync_.stop();
    const consensus::BlockSyncStatus status = block_sync_.status(steady_ms());
    std::lock_guard lock(mutex_);
    block_sync_status_ = status;
}

consensus::BlockSyncStatus NetworkNode::block_sync_status() const {
    std::lock_guard lock(mutex_);
    return block_sync_status_;
}

void NetworkNode::on_tick() {
    announce_status();
    if (state_sync_ && !state_sync_->finished()) execute_state_sync(state_sync_->on_tick(steady_ms()));
    maybe_request_blocks();
    maybe_start_height();
    maybe_backfill();
}

void NetworkNode::report_sync_progress() {
    const SyncStatus now = sync_status();
    if (now.height == last_reported_sync_.height && now.target == last_reported_sync_.target &&
        now.syncing == last_reported_sync_.syncing)
        return;
    last_reported_sync_ = now;
    emit syncProgress(now.height, now.target, now.syncing);
}

SyncStatus NetworkNode::sync_status() const {
    std::lock_guard lock(mutex_);
    // block_sync_ may not have heard of a block consensus just committed.
    SyncStatus status{state_.height, std::max(state_.height, block_sync_status_.target), false};
    // A validator stopped by a failed save fetches nothing until it is restarted.
    status.syncing = status.target > status.height && !block_sync_status_.stopped;
    return status;
}

std::vector<PeerSummary> NetworkNode::peers() const {
    std::lock_guard lock(mutex_);
    std::vector<PeerSummary> out;
    out.reserve(peers_.size());
    for (const auto& [peer_id, peer] : peers_)
        out.push_back(PeerSummary{peer.address, peer.node_key, peer.status.height, peer.status.validator});
    return out;
}

// --- Clock and checks ---------------------------------------------------------------------

Result<std::uint64_t> NetworkNode::advance_clock(std::int64_t /*seconds*/) {
    return rejection(ErrorCode::DevClockRefused,
                     "a group run by networked validators follows their real clocks: its clock cannot be moved "
                     "(only the embedded single-validator dev group can do that)");
}

bool NetworkNode::is_validator() const {
    std::lock_guard lock(mutex_);
    return std::find(state_.validators.begin(), state_.validators.end(), node_key_.public_key()) !=
           state_.validators.end();
}

std::optional<Rejection> NetworkNode::transaction_rejection(const Hash256& id) const {
    std::lock_guard lock(mutex_);
    const auto it = recent_rejections_.find(id);
    if (it == recent_rejections_.end()) return std::nullopt;
    return it->second;
}

bool NetworkNode::is_queued(const Hash256& id) const {
    std::lock_guard lock(mutex_);
    return queued_ids_.contains(id);
}

// --- Queries -------------------------------------------------------------------------------

} // namespace chain
