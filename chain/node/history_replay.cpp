#include "node/history_replay.h"

#include "rules/block_apply.h"
#include "rules/rules.h"

namespace chain {

HistoryReplay::HistoryReplay(const Genesis& genesis, std::uint64_t base_height, const Hash256& base_hash)
    : state_(genesis_state(genesis)), previous_hash_(genesis.group_id()), base_height_(base_height), base_hash_(base_hash) {}

std::string HistoryReplay::check_and_apply(const std::optional<Block>& block,
                                           const std::optional<CommitCertificate>& certificate,
                                           std::vector<Event>* events) {
    const std::uint64_t height = next_height();
    if (height > base_height_) return "the history is complete: no block above the snapshot is taken here";
    if (!block || !certificate) return "an undecodable block or certificate at height " + std::to_string(height);
    if (block->header.height != height || certificate->height != height ||
        certificate->block_hash != block->header.hash())
        return "a block that is not block " + std::to_string(height) + " or not the one its certificate names";
    // The validators of this height are the ones after the block before,
    // computed here from the genesis: an old or made-up set's signatures are refused.
    if (!certificate_valid(*certificate, state_.group_id, state_.validators))
        return "block " + std::to_string(height) + " has no valid commit certificate";
    if (height == base_height_ && block->header.hash() != base_hash_)
        return "block " + std::to_string(height) + " is not the snapshot's block this node verified";
    BlockApplication applied = apply_block(state_, previous_hash_, *block);
    if (!applied.ok()) return "block " + std::to_string(height) + " does not replay: " + applied.problem;
    previous_hash_ = block->header.hash();
    state_ = std::move(applied.state_after);
    *events = std::move(applied.events);
    return {};
}

HistoryReplay::Outcome
HistoryReplay::take(const std::vector<std::pair<std::optional<Block>, std::optional<CommitCertificate>>>& blocks) {
    Outcome outcome;
    for (const auto& [block, certificate] : blocks) {
        std::vector<Event> events;
        outcome.problem = check_and_apply(block, certificate, &events);
        if (!outcome.problem.empty()) break;
        outcome.blocks.push_back(ReplayedBlock{*block, *certificate, std::move(events)});
    }
    return outcome;
}

} // namespace chain
