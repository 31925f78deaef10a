// NetworkNode: history backfill (docs/PROTOCOL.md, "History backfill"). A
// node that started from a snapshot is usable at once; then, once it has
// caught up with the group, it asks its peers for the blocks before the
// snapshot, from block 1 up, and replays them from the genesis on a worker
// thread (HistoryReplay: each certificate against the validators of its
// height, each link and state root, the last block the snapshot's verified
// one). Each batch that passes is stored with its transactions and events;
// the last one makes the history complete (Store::write_backfilled_blocks).
// A peer that serves a bad block is banned; one that holds none there (it
// started from a snapshot too) is asked again later. A restart replays from
// the genesis again: the replay's state is not kept, and what was stored is
// replaced by the same rows.

#include "node/network_node.h"

#include "node/node_helpers.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcNetworkNode)

namespace chain {

namespace {

using node_helpers::qs;
using node_helpers::steady_ms;

// Peers that held no old block are asked again after this long.
constexpr std::int64_t kBackfillRetryMs = 60'000;

} // namespace

void NetworkNode::maybe_backfill() {
    if (!running_ || !config_.backfill_history || history_complete_ || backfill_working_ || state_syncing()) return;
    std::uint64_t history_from = 1;
    std::optional<BlockHeader> base;
    {
        std::lock_guard lock(mutex_);
        history_from = store_->history_from_height();
        if (history_from > 1) base = store_->block_header(history_from - 1);
    }
    if (history_from <= 1) {
        // A full history never shrinks again: no more store reads each tick.
        history_complete_ = true;
        backfill_.reset();
        return;
    }
    if (!base) return;
    const std::int64_t now = steady_ms();
    if (sync_status().syncing) { // the group's newest blocks first
        caught_up_since_ms_ = 0;
        return;
    }
    if (caught_up_since_ms_ == 0) caught_up_since_ms_ = now;
    if (now - caught_up_since_ms_ < config_.backfill_start_delay_ms) return;
    if (!backfill_) {
        backfill_ = std::make_shared<HistoryReplay>(genesis_, base->height, base->hash());
        backfill_pool_.setMaxThreadCount(1);
        qCInfo(lcNetworkNode) << "history backfill: fetching blocks 1 to" << base->height << "to replay them from the genesis";
    }
    if (!backfill_peer_.isEmpty()) {
        if (now - backfill_asked_at_ms_ < config_.sync_request_timeout_ms) return;
        qCInfo(lcNetworkNode) << "history backfill: request to" << backfill_peer_.left(16) << "timed out";
        backfill_lacking_.insert(backfill_peer_);
        backfill_peer_.clear();
    }
    if (now - backfill_lacking_since_ms_ >= kBackfillRetryMs) {
        backfill_lacking_.clear();
        backfill_lacking_since_ms_ = now;
    }
    std::vector<QString> candidates;
    {
        std::lock_guard lock(mutex_);
        for (const auto& [peer_id, peer] : peers_)
            if (!backfill_lacking_.contains(peer_id)) candidates.push_back(peer_id);
    }
    const std::uint64_t from = backfill_->next_height();
    const std::uint32_t count =
        static_cast<std::uint32_t>(std::min<std::uint64_t>(net::kBlocksPerRequestMax, backfill_->base_height() - from + 1));
    for (const QString& peer_id : candidates) {
        if (!network_->send(peer_id, net::BlockRequest{from, count})) continue;
        backfill_peer_ = peer_id;
        backfill_from_ = from;
        backfill_asked_at_ms_ = now;
        return;
    }
}

bool NetworkNode::is_backfill_response(const QString& peer_id, const net::BlockResponse& response) const {
    return backfill_ && !backfill_peer_.isEmpty() && peer_id == backfill_peer_ && response.from_height == backfill_from_;
}

void NetworkNode::on_backfill_response(const QString& peer_id, const net::BlockResponse& response) {
    backfill_peer_.clear();
    if (response.blocks.empty()) {
        backfill_lacking_.insert(peer_id);
        return maybe_backfill(); // another peer, if one may have them
    }
    std::vector<std::pair<std::optional<Block>, std::optional<CommitCertificate>>> decoded;
    decoded.reserve(response.blocks.size());
    for (const net::BlockWithCertificate& entry : response.blocks)
        decoded.emplace_back(codec::from_bytes<Block>(entry.block), codec::from_bytes<CommitCertificate>(entry.certificate));
    backfill_working_ = true;
    // The replay runs on the worker; its outcome comes back to this thread.
    backfill_pool_.start([this, replay = backfill_, decoded = std::move(decoded), peer_id] {
        HistoryReplay::Outcome outcome = replay->take(decoded);
        QMetaObject::invokeMethod(
            this, [this, peer_id, outcome = std::move(outcome)] { finish_backfill_batch(peer_id, outcome); },
            Qt::QueuedConnection);
    });
}

void NetworkNode::finish_backfill_batch(const QString& peer_id, const HistoryReplay::Outcome& outcome) {
    backfill_working_ = false;
    if (!outcome.blocks.empty()) {
        std::vector<Store::BlockToCommit> rows;
        rows.reserve(outcome.blocks.size());
        for (const ReplayedBlock& b : outcome.blocks) rows.push_back({b.block, b.certificate, b.events});
        std::string error;
        bool saved = false;
        {
            std::lock_guard lock(mutex_);
            saved = store_->write_backfilled_blocks(rows, &error);
        }
        if (!saved) {
            // The replay went past what is stored: it starts again from the genesis at the next tick.
            qCWarning(lcNetworkNode).noquote() << "history backfill: blocks not saved, starting again later:" << qs(error);
            backfill_.reset();
            return;
        }
    }
    if (!outcome.problem.empty()) {
        qCWarning(lcNetworkNode).noquote() << "peer" << peer_id.left(16)
                                           << "was banned: it served a bad block of the history:" << qs(outcome.problem);
        network_->ban_peer(peer_id);
    }
    if (backfill_ && backfill_->done()) {
        qCInfo(lcNetworkNode) << "history backfill: complete, from block 1";
        backfill_.reset();
    }
    if (!outcome.blocks.empty()) emit blockCommitted(state_.height); // the screens show the older activity
    maybe_backfill();
}

} // namespace chain
