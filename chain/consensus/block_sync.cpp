#include "consensus/block_sync.h"

#include "consensus/internal.h"

#include <algorithm>

namespace chain::consensus {

BlockSync::BlockSync(BlockSyncConfig config, std::uint64_t height) : config_(config), height_(height) {
    CONSENSUS_ASSERT(config_.request_timeout_ms > 0);
    CONSENSUS_ASSERT(config_.peer_pause_ms >= 0);
    CONSENSUS_ASSERT(config_.blocks_per_request_max >= 1);
    CONSENSUS_ASSERT(config_.peers_max >= 1);
    CONSENSUS_ASSERT(config_.storage_retry_first_ms > 0);
    CONSENSUS_ASSERT(config_.storage_retry_max_ms >= config_.storage_retry_first_ms);
    CONSENSUS_ASSERT(config_.storage_report_interval_ms > 0);
}

std::optional<SyncRequest> BlockSync::in_flight() const {
    if (!in_flight_) return std::nullopt;
    return in_flight_->request;
}

// A peer past peers_max is not kept: the ones known are enough to sync from,
// and the table stays bounded whatever connects.
BlockSync::Peer* BlockSync::find_or_add(const SyncPeerId& peer) {
    if (const auto it = peers_.find(peer); it != peers_.end()) return &it->second;
    if (peers_.size() >= config_.peers_max) return nullptr;
    return &peers_[peer];
}

bool BlockSync::storage_paused(std::int64_t now_ms) const {
    return storage_failures_ > 0 && now_ms < storage_retry_at_ms_;
}

// --- Peers ------------------------------------------------------------------------------

BlockSyncOutput BlockSync::on_peer_connected(const SyncPeerId& peer, std::int64_t /*now_ms*/) {
    (void)find_or_add(peer);
    return {};
}

BlockSyncOutput BlockSync::on_peer_status(const SyncPeerId& peer, std::uint64_t height, std::int64_t now_ms) {
    BlockSyncOutput out;
    if (Peer* known = find_or_add(peer)) {
        known->has_status = true;
        known->height = height;
    }
    maybe_request(now_ms, height_, out);
    return out;
}

BlockSyncOutput BlockSync::on_peer_disconnected(const SyncPeerId& peer, std::int64_t now_ms) {
    BlockSyncOutput out;
    peers_.erase(peer);
    if (in_flight_ && in_flight_->request.peer == peer) in_flight_.reset();
    if (expired_ && expired_->request.peer == peer) expired_.reset();
    maybe_request(now_ms, height_, out);
    return out;
}

// --- Responses ------------------------------------------------------------------------

BlockSyncOutput BlockSync::on_block_response(const SyncPeerId& peer, std::uint64_t from_height,
                                             std::uint64_t block_count, std::int64_t now_ms) {
    BlockSyncOutput out;
    if (in_flight_ && in_flight_->request.peer == peer) {
        in_flight_.reset();
    } else if (expired_ && expired_->request.peer == peer && expired_->request.from_height == from_height) {
        // A late answer is still an answer. It is usually late because this
        // node was busy (a backlog of gossip queued ahead of it, here or in
        // the peer's send queue), which is no reason to ignore the peer.
        expired_.reset();
        if (const auto it = peers_.find(peer); it != peers_.end()) it->second.paused_until_ms = 0;
    } else {
        return out; // unasked, or asked of another
    }
    // Nothing is applied while stopped, while a commit failure's pause runs
    // (the commit would fail again), or while another answer is applied.
    const bool usable = !stopped_ && !storage_paused(now_ms) && !applying_ && from_height == height_ + 1;
    if (usable && block_count > 0) {
        applying_ = Applying{peer, from_height};
        out.apply = true;
        return out;
    }
    if (usable) {
        // The peer has nothing past our height: ask the others for a while.
        if (const auto it = peers_.find(peer); it != peers_.end()) {
            it->second.height = std::min(it->second.height, height_);
            it->second.paused_until_ms = now_ms + config_.peer_pause_ms;
        }
    }
    maybe_request(now_ms, height_, out);
    return out;
}

BlockSyncOutput BlockSync::on_response_applied(const ResponseApplied& applied, std::int64_t now_ms) {
    BlockSyncOutput out;
    CONSENSUS_ASSERT(applying_ && applying_->peer == applied.peer && applying_->from_height == applied.from_height);
    applying_.reset();
    // The height the node reaches once the blocks applied are committed.
    const std::uint64_t have_height = applied.from_height + applied.blocks_applied - 1;
    if (applied.bad_block) {
        // Forgotten at once, so that it is not asked again before the ban
        // drops its connection. What applied before the bad block is still
        // committed, and another peer is asked after that commit (or now,
        // when nothing is left to commit).
        peers_.erase(applied.peer);
        if (in_flight_ && in_flight_->request.peer == applied.peer) in_flight_.reset();
        if (expired_ && expired_->request.peer == applied.peer) expired_.reset();
        out.ban = applied.peer;
        if (have_height <= height_) maybe_request(now_ms, height_, out);
        return out;
    }
    // The next answer is asked for before this one's last run is committed,
    // so that it travels while the commit runs; its blocks follow the ones
    // applied, which the commit makes the node's.
    if (applied.blocks_applied > 0) maybe_request(now_ms, std::max(have_height, height_), out);
    return out;
}

// --- Commits ----------------------------------------------------------------------------------

BlockSyncOutput BlockSync::on_commit_result(const CommitResult& result, std::int64_t now_ms) {
    BlockSyncOutput out;
    if (!result.saved) {
        note_failure(result.error, now_ms, out);
        return out;
    }
    height_ = std::max(height_, result.height);
    if (storage_failures_ > 0) {
        out.storage_recovered_after = storage_failures_;
        storage_failures_ = 0;
        storage_retry_ms_ = 0;
        storage_retry_at_ms_ = 0;
        storage_error_.clear();
        unreported_failures_ = 0;
    }
    maybe_request(now_ms, height_, out);
    return out;
}

// The delay doubles with each failure in a row, up to storage_retry_max_ms:
// a full disk is freed by a person, which takes minutes, not milliseconds.
void BlockSync::note_failure(const std::string& error, std::int64_t now_ms, BlockSyncOutput& out) {
    // A request asked ahead of the commit that failed would be answered from
    // a height this node does not reach, and one unanswered through the
    // pause would be held against its peer: both are given up.
    in_flight_.reset();
    expired_.reset();
    ++storage_failures_;
    storage_retry_ms_ = storage_failures_ == 1
                            ? config_.storage_retry_first_ms
                            : std::min(storage_retry_ms_ * 2, config_.storage_retry_max_ms);
    storage_retry_at_ms_ = now_ms + storage_retry_ms_;
    storage_error_ = error.substr(0, kBlockSyncErrorBytesMax);
    if (unreported_failures_ == 0) first_unreported_ms_ = now_ms;
    ++unreported_failures_;
    maybe_report(now_ms, out);
}

// The first failure is reported at once; later ones are counted and
// reported together once storage_report_interval_ms has passed since the
// previous report, so a failing disk writes a line a minute, not a flood.
void BlockSync::maybe_report(std::int64_t now_ms, BlockSyncOutput& out) {
    if (unreported_failures_ == 0) return;
    if (last_report_ms_ && now_ms - *last_report_ms_ < config_.storage_report_interval_ms) return;
    out.storage_failures =
        StorageFailureReport{unreported_failures_, now_ms - first_unreported_ms_, storage_error_, storage_retry_at_ms_};
    last_report_ms_ = now_ms;
    unreported_failures_ = 0;
}

// --- Requests ---------------------------------------------------------------------------------

BlockSyncOutput BlockSync::on_tick(std::int64_t now_ms) {
    BlockSyncOutput out;
    maybe_report(now_ms, out);
    maybe_request(now_ms, height_, out);
    return out;
}

void BlockSync::stop() {
    stopped_ = true;
    in_flight_.reset();
    expired_.reset();
}

void BlockSync::expire_request(std::int64_t now_ms, BlockSyncOutput& out) {
    if (!in_flight_ || in_flight_->deadline_ms > now_ms) return;
    // Unanswered: ask the others for a while, so that a peer announcing
    // blocks it never serves cannot hold sync up.
    if (const auto it = peers_.find(in_flight_->request.peer); it != peers_.end())
        it->second.paused_until_ms = now_ms + config_.peer_pause_ms;
    out.timed_out = in_flight_->request.peer;
    expired_ = std::move(in_flight_);
    in_flight_.reset();
}

void BlockSync::maybe_request(std::int64_t now_ms, std::uint64_t have_height, BlockSyncOutput& out) {
    if (stopped_ || storage_paused(now_ms)) return;
    expire_request(now_ms, out);
    // One answer at a time: on_response_applied asks for the next one.
    if (in_flight_ || applying_) return;
    const SyncPeerId* best_peer = nullptr;
    std::uint64_t best_height = have_height;
    for (const auto& [peer_id, peer] : peers_) {
        if (peer.paused_until_ms > now_ms) continue;
        if (!peer.has_status || peer.height <= best_height) continue;
        best_height = peer.height;
        best_peer = &peer_id;
    }
    if (!best_peer) return;
    const std::uint64_t missing = best_height - have_height;
    const auto count = static_cast<std::uint32_t>(std::min<std::uint64_t>(missing, config_.blocks_per_request_max));
    const SyncRequest request{*best_peer, have_height + 1, count};
    in_flight_ = Request{request, now_ms + config_.request_timeout_ms};
    out.request = request;
}

// --- Status ---------------------------------------------------------------------------------

BlockSyncStatus BlockSync::status(std::int64_t now_ms) const {
    BlockSyncStatus status;
    status.height = height_;
    status.target = height_;
    for (const auto& [peer_id, peer] : peers_)
        if (peer.has_status) status.target = std::max(status.target, peer.height);
    status.syncing = status.target > status.height;
    status.storage_paused = storage_paused(now_ms);
    status.retry_at_ms = storage_failures_ > 0 ? storage_retry_at_ms_ : 0;
    status.storage_failures = storage_failures_;
    status.storage_error = storage_error_;
    status.stopped = stopped_;
    return status;
}

} // namespace chain::consensus
