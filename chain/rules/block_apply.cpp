#include "rules/block_apply.h"

#include <thread>

namespace chain {

namespace {

std::string check_header(const State& before, const Hash256& previous_hash, const Block& block) {
    const BlockHeader& header = block.header;
    if (header.group_id != before.group_id) return "the block belongs to another group";
    if (header.height != before.height + 1)
        return "height " + std::to_string(header.height) + " does not follow " + std::to_string(before.height);
    if (header.previous_hash != previous_hash) return "the block does not link to the previous block";
    if (header.time_s < before.time_s) return "the block time goes backwards";
    if (block.transactions.size() > kBlockTransactionsMax) return "the block holds too many transactions";
    std::vector<Hash256> ids;
    ids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions) ids.push_back(tx.id());
    if (merkle_root(ids) != header.transactions_root) return "the transactions do not match the header's Merkle root";
    return {};
}

// Built only for a problem: formatting it for every transaction cost more
// than applying some of them.
std::string where(std::size_t index, std::uint64_t height) {
    return "transaction " + std::to_string(index) + " of block " + std::to_string(height);
}

} // namespace

SignatureCheckAhead::SignatureCheckAhead(const Block& block, const std::vector<bool>& already_checked)
    : block_(&block) {
    if (already_checked.empty()) {
        thread_ = std::thread([this] { first_invalid_ = first_invalid_signature(block_->transactions); });
        return;
    }
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        if (i < already_checked.size() && already_checked[i]) continue;
        unchecked_.push_back(block.transactions[i]);
        positions_.push_back(i);
    }
    thread_ = std::thread([this] {
        if (const std::optional<std::size_t> bad = first_invalid_signature(unchecked_)) first_invalid_ = positions_[*bad];
    });
}

SignatureCheckAhead::~SignatureCheckAhead() {
    if (thread_.joinable()) thread_.join();
}

std::optional<std::size_t> SignatureCheckAhead::first_invalid() {
    if (thread_.joinable()) thread_.join();
    return first_invalid_;
}

BlockApplication apply_block(const State& before, const Hash256& previous_hash, const Block& block,
                             SignatureCheckAhead* signatures) {
    if (signatures && !signatures->checks(block)) signatures = nullptr; // another block's: checked here
    BlockApplication result;
    result.problem = check_header(before, previous_hash, block);
    if (!result.ok()) return result;
    const BlockContext context{block.header.height, block.header.time_s};
    // The signatures are checked on other threads (all cores) while this one
    // copies the state and runs the rules, which never look at signatures.
    // The problem reported is the first in transaction order, a bad signature
    // before the rules' verdict on the same transaction, as one sequential
    // pass would report it.
    std::optional<std::size_t> bad_signature;
    std::optional<std::pair<std::size_t, std::string>> refused;
    {
        std::jthread checker;
        if (signatures) {
            // Started ahead: waited for after the rules.
        } else if (block.transactions.size() >= kSignaturesPerWorkerMin) {
            checker = std::jthread([&] { bad_signature = first_invalid_signature(block.transactions); });
        } else {
            bad_signature = first_invalid_signature(block.transactions);
        }
        result.state_after = before;
        for (std::size_t i = 0; i < block.transactions.size(); ++i) {
            ApplyResult applied = apply_transaction(result.state_after, block.transactions[i], context);
            if (!applied.ok()) {
                refused.emplace(i, std::move(applied.rejection->message));
                break;
            }
            result.events.insert(result.events.end(), applied.events.begin(), applied.events.end());
        }
    } // the checker has joined
    if (signatures) bad_signature = signatures->first_invalid();
    if (bad_signature && (!refused || *bad_signature <= refused->first)) {
        result.problem = where(*bad_signature, context.height) + " has an invalid signature";
        return result;
    }
    if (refused) {
        result.problem = where(refused->first, context.height) + " is rejected by the rules: " + refused->second;
        return result;
    }
    const std::vector<Event> deadline_events = end_block(result.state_after, context);
    result.events.insert(result.events.end(), deadline_events.begin(), deadline_events.end());
    if (const std::vector<std::string> broken = check_invariants_since(before, result.state_after); !broken.empty()) {
        result.problem = "block " + std::to_string(context.height) + " breaks an invariant: " + broken.front();
        return result;
    }
    if (state_root(result.state_after) != block.header.state_root)
        result.problem = "block " + std::to_string(context.height) + ": the recomputed state root differs from the header's";
    return result;
}

ChainReplay replay_chain(const Genesis& genesis, const std::vector<Block>& blocks) {
    ChainReplay replay;
    State state = genesis_state(genesis);
    Hash256 previous_hash = state.group_id;
    for (const Block& block : blocks) {
        BlockApplication applied = apply_block(state, previous_hash, block);
        if (!applied.ok()) {
            replay.problem = applied.problem;
            break;
        }
        state = std::move(applied.state_after);
        previous_hash = block.header.hash();
        replay.height = state.height;
    }
    replay.state_root = state_root(state);
    return replay;
}

} // namespace chain
