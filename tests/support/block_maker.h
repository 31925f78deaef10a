#pragma once
// Extends a chain with blocks made as a proposer makes them, for tests that
// need real blocks without a node (tests/chain/test_protocol_versions.cpp,
// tests/packaging/test_upgrade.cpp): the transactions and the end of the
// block run on a copy of the state, the header carries the root of the
// result, and apply_block (the path of every node, replay included) must
// accept the block before it is appended. No commit certificates: whoever
// checks these blocks replays them (replay_chain), as `verify` does.

#include "rules/block_apply.h"

#include <QtGlobal>

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

namespace testing_support {

class BlockMaker {
public:
    // Continues after `state` (the state after the block whose hash is `previous_hash`).
    BlockMaker(chain::State state, const chain::Hash256& previous_hash)
        : state_(std::move(state)), previous_hash_(previous_hash) {}
    // Starts at the genesis.
    explicit BlockMaker(const chain::Genesis& genesis) : BlockMaker(chain::genesis_state(genesis), genesis.group_id()) {}

    const chain::State& state() const { return state_; }
    // The blocks this maker appended, in order.
    const std::vector<chain::Block>& blocks() const { return blocks_; }

    // A transaction signed by `key` with its next nonce (counting the ones
    // signed here and not yet in a block), valid for a year of block time.
    chain::Transaction sign(const chain::crypto::KeyPair& key, chain::Operation op) {
        const chain::AccountId author = chain::crypto::account_id(key.public_key());
        std::uint64_t& last = nonces_[author];
        if (const auto it = state_.nonces.find(author); it != state_.nonces.end()) last = std::max(last, it->second);
        chain::Transaction tx;
        tx.group_id = state_.group_id;
        tx.nonce = ++last;
        tx.valid_until_s = state_.time_s + 400 * static_cast<std::int64_t>(chain::kSecondsPerDay);
        tx.op = std::move(op);
        tx.sign(key);
        return tx;
    }

    // Appends the next block at `time_s`; every event it emitted.
    std::vector<chain::Event> append(std::int64_t time_s, std::vector<chain::Transaction> txs = {}) {
        chain::Block block;
        block.header.group_id = state_.group_id;
        block.header.height = state_.height + 1;
        block.header.previous_hash = previous_hash_;
        block.header.time_s = time_s;
        std::vector<chain::Hash256> ids;
        for (const chain::Transaction& tx : txs) ids.push_back(tx.id());
        block.header.transactions_root = chain::merkle_root(ids);
        chain::State after = state_;
        const chain::BlockContext context{block.header.height, time_s};
        for (const chain::Transaction& tx : txs) {
            const chain::ApplyResult applied = chain::apply_transaction(after, tx, context);
            if (!applied.ok()) qFatal("a transaction of the test's block was rejected: %s", applied.rejection->message.c_str());
        }
        (void)chain::end_block(after, context);
        block.header.state_root = chain::state_root(after);
        block.transactions = std::move(txs);
        chain::BlockApplication applied = chain::apply_block(state_, previous_hash_, block);
        if (!applied.ok()) qFatal("the test's block was refused: %s", applied.problem.c_str());
        state_ = std::move(applied.state_after);
        previous_hash_ = block.header.hash();
        blocks_.push_back(std::move(block));
        return std::move(applied.events);
    }

private:
    chain::State state_;
    chain::Hash256 previous_hash_{};
    std::map<chain::AccountId, std::uint64_t> nonces_;
    std::vector<chain::Block> blocks_;
};

} // namespace testing_support
