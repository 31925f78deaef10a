#pragma once
// Applies a whole block to a state and checks everything its header claims:
// the group, the height, the link to the previous block, time never going
// backwards, the transactions' signatures and Merkle root, every transaction
// accepted by the rules, the invariants, and finally the state root.
//
// Used when a block is committed (the embedded node checks the block it made
// before it is written) and to replay a chain from its genesis.

#include "rules/rules.h"

#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace chain {

struct BlockApplication {
    // Empty when the block is valid; otherwise the first problem, in English.
    std::string problem;
    State state_after;
    std::vector<Event> events;
    bool ok() const { return problem.empty(); }
};

// The check of a block's signatures, started ahead on its own thread (which
// spreads it over all cores), so that it runs while the block before it is
// still being applied and committed: a node catching up keeps its cores busy
// checking signatures instead of leaving them idle during each commit.
// The block must outlive the check; destroying the check waits for it.
// `already_checked`, when not empty, has one flag per transaction of the
// block: true where this node has checked that signature itself, say on the
// transaction's way into its mempool. Those are not checked again.
class SignatureCheckAhead {
public:
    explicit SignatureCheckAhead(const Block& block, const std::vector<bool>& already_checked = {});
    SignatureCheckAhead(const SignatureCheckAhead&) = delete;
    SignatureCheckAhead& operator=(const SignatureCheckAhead&) = delete;
    ~SignatureCheckAhead();

    bool checks(const Block& block) const { return &block == block_; }
    // Waits for the check: the index of the first transaction whose signature is invalid.
    std::optional<std::size_t> first_invalid();

private:
    const Block* block_;
    // With already_checked: the transactions left to check and their positions in the block.
    std::vector<Transaction> unchecked_;
    std::vector<std::size_t> positions_;
    std::optional<std::size_t> first_invalid_;
    std::thread thread_;
};

// `previous_hash` is the hash of the block before (the group id for height 1).
// `signatures`, when given, is the check already started on this very block.
BlockApplication apply_block(const State& before, const Hash256& previous_hash, const Block& block,
                             SignatureCheckAhead* signatures = nullptr);

// Replays blocks 1..n from the genesis through apply_block; the problem names
// the first height that fails.
struct ChainReplay {
    std::string problem;
    std::uint64_t height = 0;
    Hash256 state_root{};
};
ChainReplay replay_chain(const Genesis& genesis, const std::vector<Block>& blocks);

} // namespace chain
