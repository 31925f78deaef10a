// NetworkNode's half of state sync (docs/STATE.md, "Snapshots"): serving the
// snapshots it keeps, and, for a node that holds only the genesis, driving
// consensus::StateSync and continuing from the state it verified.

#include "node/network_node.h"

#include "node/node_helpers.h"
#include "state/state_diff.h"

#include <QLoggingCategory>


Q_DECLARE_LOGGING_CATEGORY(lcNetworkNode)

namespace chain {

namespace {

static_assert(net::kHeaderStepsPerResponseMax == consensus::kStateSyncHeaderStepsPerAnswer);

using node_helpers::qs;
using node_helpers::steady_ms;

} // namespace

// --- Serving ----------------------------------------------------------------------------

// The state the node holds now, with the header step a client verifies it
// through. Called at start (a restarted node offers the state it has) and
// after each commit that reaches a multiple of the interval.
void NetworkNode::pin_snapshot() {
    if (state_.height == 0) return;
    std::optional<BlockHeader> header = store_->block_header(state_.height);
    std::optional<CommitCertificate> certificate = store_->certificate(state_.height);
    if (!header || !certificate || state_.protocol_version < kProtocolVersionStateTables) return;
    snapshots_.pin(state_, state::HeaderStep{std::move(*header), std::move(*certificate),
                                             state::validators_table_proof(state_)});
}

// Any peer of the group may ask: the state is what every block already
// carries to it.
void NetworkNode::on_snapshot_request(const QString& peer_id) {
    network_->send(peer_id, snapshots_.snapshot_response());
}

void NetworkNode::on_chunk_request(const QString& peer_id, const net::ChunkRequest& request) {
    network_->send(peer_id, snapshots_.chunk_response(request));
}

std::optional<std::uint64_t> NetworkNode::snapshot_height() const { return snapshots_.newest_height(); }

std::vector<std::uint64_t> NetworkNode::snapshot_heights() const { return snapshots_.heights(); }

std::optional<StateProofAnswer> NetworkNode::snapshot_entry_proof(std::uint64_t height, state::TableId table,
                                                                  ByteView key) const {
    return snapshots_.entry_proof(height, table, key);
}

std::optional<TableProofAnswer> NetworkNode::snapshot_table_proof(std::uint64_t height, state::TableId table) const {
    return snapshots_.table_proof(height, table);
}

// --- Syncing ----------------------------------------------------------------------------

void NetworkNode::start_state_sync() {
    if (!config_.state_sync || state_.height != 0 || store_->height() != 0 ||
        state_.protocol_version < kProtocolVersionStateTables)
        return;
    consensus::StateSyncConfig config;
    config.group_id = genesis_.group_id();
    config.trusted = state::trust_genesis(genesis_, state_root_);
    config.checkpoint = trust_checkpoint_;
    config.own_height = state_.height;
    config.request_timeout_ms = config_.sync_request_timeout_ms;
    state_sync_.emplace(std::move(config), steady_ms());
    {
        std::lock_guard lock(mutex_);
        state_sync_progress_ = state_sync_->progress();
        state_sync_active_ = true;
    }
    qCInfo(lcNetworkNode) << "state sync: asking the peers for a snapshot of the group's state";
}

bool NetworkNode::state_syncing() const {
    std::lock_guard lock(mutex_);
    return state_sync_active_;
}

consensus::StateSyncProgress NetworkNode::state_sync_progress() const {
    std::lock_guard lock(mutex_);
    return state_sync_progress_;
}

void NetworkNode::execute_state_sync(consensus::StateSyncOutput output) {
    for (const std::string& line : output.log) qCInfo(lcNetworkNode).noquote() << qs(line);
    for (const consensus::StateSyncRequest& request : output.requests) {
        const QString peer = qs(request.peer);
        switch (request.kind) {
        case consensus::StateSyncRequest::Kind::Snapshot: network_->send(peer, net::SnapshotRequest{}); break;
        case consensus::StateSyncRequest::Kind::HeaderChain:
            network_->send(peer, net::HeaderChainRequest{request.height});
            break;
        case consensus::StateSyncRequest::Kind::Chunk:
            network_->send(peer, net::ChunkRequest{request.height, request.index});
            break;
        }
    }
    for (const std::string& peer : output.bans) network_->ban_peer(qs(peer));
    if (output.conflict) {
        // More than a third of the validators signed two blocks of one
        // height: nothing from this group can be trusted until it is sorted.
        qCCritical(lcNetworkNode).noquote() << qs(*output.conflict);
        stop_block_sync();
        halt_sync(SyncHalt{SyncHalt::Kind::ConflictingHeaders, state_sync_->progress().height, qs(*output.conflict)});
    }
    if (output.off_checkpoint)
        halt_sync(SyncHalt{SyncHalt::Kind::NotTheInvitedHistory, *output.off_checkpoint,
                           QStringLiteral("a peer showed another block at the invitation's checkpoint")});
    bool adopted = false;
    if (output.done) adopted = adopt_synced_state(std::move(*output.done));
    {
        std::lock_guard lock(mutex_);
        state_sync_progress_ = state_sync_->progress();
        // A state that could not be stored: blocks are synced instead.
        if (output.done && !adopted) state_sync_progress_.phase = consensus::StateSyncProgress::Phase::GaveUp;
        state_sync_active_ = !state_sync_->finished();
    }
    if (output.gave_up || (output.done && !adopted)) restart_block_sync();
    report_sync_progress();
}

bool NetworkNode::adopt_synced_state(consensus::StateSyncResult result) {
    std::string problem;
    std::optional<State> state = state::state_from_tables(result.tables, &problem);
    if (!state) {
        // The validators certified these entries: this build cannot read them.
        qCCritical(lcNetworkNode).noquote() << "state sync: the verified state does not decode here:" << qs(problem);
        return false;
    }
    const BlockHeader& base = result.base.header;
    if (state_root(*state) != base.state_root) {
        qCCritical(lcNetworkNode) << "state sync: the rebuilt state's root is not the verified one";
        return false;
    }
    if (!store_->write_synced_state(result.changes, result.base, *state, &problem)) {
        qCWarning(lcNetworkNode).noquote() << "state sync: the state could not be saved:" << qs(problem);
        return false;
    }
    {
        std::lock_guard lock(mutex_);
        state_ = std::move(*state);
        state_root_ = base.state_root;
        last_block_hash_ = base.hash();
        // Judged again on the new state (a queued transaction may be void).
        (void)recheck_mempool_locked();
    }
    executed_.clear();
    height_started_ = false;
    next_height_requested_ = false;
    pin_snapshot();
    {
        std::lock_guard lock(mutex_);
        state_sync_active_ = false;
    }
    qCInfo(lcNetworkNode) << "state sync: the state after block" << base.height
                          << "is verified and saved; syncing the blocks after it";
    history_complete_ = false; // the blocks before the snapshot are to be backfilled
    restart_block_sync();
    emit blockCommitted(base.height);
    announce_status();
    maybe_start_height();
    return true;
}

} // namespace chain
