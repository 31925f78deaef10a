#pragma once
// The application side of a simulated node: a real chain::State from the
// group's genesis, blocks built and re-executed through the rules engine
// (apply_transaction + end_block, state roots), plus the caches and the
// transaction pool that all nodes of one run share.

#include "consensus/consensus.h"
#include "rules/rules.h"
#include "state/state_tables.h"
#include "state/table_trees.h"

#include <array>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sim {

using chain::Block;
using chain::CommitCertificate;
using chain::Hash256;
using chain::PublicKey;
using chain::Signature;
using chain::State;
using chain::Transaction;

// Each distinct signature, transaction and certificate of a run is verified
// once with the real OpenSSL code and remembered: ECDSA verification is by
// far the most expensive thing the simulator does, and every node would
// otherwise check the same signatures again. The answers are the same.
class VerifyCache {
public:
    bool verify(const PublicKey& key, const Hash256& digest, const Signature& signature);
    bool transaction_valid(const Transaction& tx);
    bool certificate_valid(const CommitCertificate& certificate, const Hash256& group_id,
                           const std::vector<PublicKey>& validators);

private:
    static constexpr std::size_t kEntriesMax = 200'000;
    using SignatureKey = std::array<std::uint8_t, 33 + 32 + 64>;
    std::map<SignatureKey, bool> signatures_;
    std::map<Hash256, bool> transactions_;
    std::map<Hash256, bool> certificates_;
};

// Transactions waiting for a block, in submission order. Shared by all the
// nodes: mempool gossip is not what the simulator tests.
class TransactionPool {
public:
    explicit TransactionPool(std::size_t size_max) : size_max_(size_max) {}
    bool full() const { return pending_.size() >= size_max_; }
    void add(Transaction tx);
    void remove_committed(const Block& block);
    const std::vector<Transaction>& pending() const { return pending_; }

private:
    std::size_t size_max_;
    std::vector<Transaction> pending_;
};

// Makes the transactions: admission requests from fresh applicant keys and
// the founder's votes on the latest referendum (flipping YES/NO), so that the
// state, and with it the state root, changes from block to block. All keys
// come from the seed.
class TransactionSource {
public:
    TransactionSource(std::uint64_t seed, const chain::Genesis& genesis, const chain::crypto::KeyPair& founder,
                      std::uint32_t applicants_max);
    // Adds at most one transaction to the pool, judged against `reference`
    // (the most advanced committed state).
    void tick(std::mt19937_64& rng, const State& reference, TransactionPool& pool);

private:
    Transaction sign(const chain::crypto::KeyPair& key, std::uint64_t nonce, chain::Operation op) const;

    std::uint64_t seed_;
    Hash256 group_id_{};
    std::int64_t valid_until_s_ = 0;
    chain::crypto::KeyPair founder_;
    std::uint32_t applicants_made_ = 0;
    std::uint32_t applicants_max_;
    std::uint64_t founder_nonce_sent_ = 0;
};

// A key derived from the seed and a label, so that every run of a seed has
// the same validators, founder and applicants.
chain::crypto::KeyPair derived_key(std::uint64_t seed, const char* label, std::uint64_t index);

struct CommittedBlock {
    Block block;
    CommitCertificate certificate;
    Hash256 state_root{}; // as this node computed it
};

class Replica : public chain::consensus::Application {
public:
    Replica(const chain::Genesis& genesis, const State& genesis_state, std::optional<PublicKey> proposer,
            TransactionPool& pool, VerifyCache& cache, std::uint32_t block_transactions_max);

    Block build_block(std::uint64_t height, std::uint32_t round, std::int64_t now_ms) override;
    bool validate_block(const Block& block) override;

    // Applies a block that validate_block accepts; false (and no change) if not.
    bool apply(const Block& block);
    // A valid block for the next height other than `proposed`: one
    // transaction fewer, or (if it had none) another time.
    Block other_block(const Block& proposed, std::int64_t time_s);

    const State& state() const { return state_; }
    std::uint64_t height() const { return state_.height; }
    // Empty while the version-2 state root kept incrementally (the tables'
    // Merkle maps brought along by the entries each block changed) equals
    // the one computed from scratch after every applied block; else what
    // differed, at which height.
    const std::string& root_problem() const { return root_problem_; }
    chain::consensus::HeightStart next_height_start() const;

private:
    // The state after `block`, or nullopt if a transaction is rejected or a
    // root does not match. Remembered per block hash until the next apply.
    const State* execute(const Block& block);
    Block seal(State& next, std::int64_t time_s, std::vector<Transaction> transactions) const;
    // Brings trees_ to state_ and checks their root (root_problem).
    void follow_tables();

    static constexpr std::size_t kExecutedMax = 16;
    Hash256 group_id_{};
    State state_;
    Hash256 last_hash_{};
    std::optional<PublicKey> proposer_;
    TransactionPool& pool_;
    VerifyCache& cache_;
    std::uint32_t block_transactions_max_;
    std::map<Hash256, std::optional<State>> executed_;
    chain::state::Tables tables_;
    chain::state::TableTrees trees_;
    std::string root_problem_;
};

} // namespace sim
