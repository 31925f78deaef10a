#include "replica.h"

#include <algorithm>
#include <cstring>

namespace sim {

using chain::ApplyResult;
using chain::BlockContext;

// --- Caches ------------------------------------------------------------------

bool VerifyCache::verify(const PublicKey& key, const Hash256& digest, const Signature& signature) {
    SignatureKey entry{};
    std::copy(key.begin(), key.end(), entry.begin());
    std::copy(digest.begin(), digest.end(), entry.begin() + 33);
    std::copy(signature.begin(), signature.end(), entry.begin() + 33 + 32);
    if (const auto it = signatures_.find(entry); it != signatures_.end()) return it->second;
    if (signatures_.size() >= kEntriesMax) signatures_.clear();
    const bool valid = chain::crypto::verify(key, digest, signature);
    signatures_.emplace(entry, valid);
    return valid;
}

bool VerifyCache::transaction_valid(const Transaction& tx) {
    const Hash256 id = tx.id(); // covers the signature
    if (const auto it = transactions_.find(id); it != transactions_.end()) return it->second;
    if (transactions_.size() >= kEntriesMax) transactions_.clear();
    const bool valid = tx.signature_valid();
    transactions_.emplace(id, valid);
    return valid;
}

bool VerifyCache::certificate_valid(const CommitCertificate& certificate, const Hash256& group_id,
                                    const std::vector<PublicKey>& validators) {
    chain::codec::Writer w;
    chain::codec::encode(w, certificate);
    w.fixed(group_id);
    for (const PublicKey& key : validators) w.fixed(key);
    const Hash256 digest = chain::crypto::sha256(w.data());
    if (const auto it = certificates_.find(digest); it != certificates_.end()) return it->second;
    if (certificates_.size() >= kEntriesMax) certificates_.clear();
    // The ledger's own check, unchanged: what every node would run.
    const bool valid = chain::certificate_valid(certificate, group_id, validators);
    certificates_.emplace(digest, valid);
    return valid;
}

// --- Transactions --------------------------------------------------------------

void TransactionPool::add(Transaction tx) {
    if (!full()) pending_.push_back(std::move(tx));
}

void TransactionPool::remove_committed(const Block& block) {
    for (const Transaction& committed : block.transactions) {
        const auto same = [&](const Transaction& tx) { return tx.signature == committed.signature; };
        pending_.erase(std::remove_if(pending_.begin(), pending_.end(), same), pending_.end());
    }
}

chain::crypto::KeyPair derived_key(std::uint64_t seed, const char* label, std::uint64_t index) {
    for (std::uint64_t attempt = 0;; ++attempt) {
        chain::codec::Writer w;
        w.str(label);
        w.u64(seed);
        w.u64(index);
        w.u64(attempt);
        const Hash256 scalar = chain::crypto::tagged_hash("rateio-sim/key", w.data());
        // Almost every 32-byte string is a valid scalar; the loop is for the rest.
        if (auto key = chain::crypto::KeyPair::from_private(scalar)) return *key;
    }
}

TransactionSource::TransactionSource(std::uint64_t seed, const chain::Genesis& genesis,
                                     const chain::crypto::KeyPair& founder, std::uint32_t applicants_max)
    : seed_(seed), group_id_(genesis.group_id()), valid_until_s_(genesis.time_s + 365 * chain::kSecondsPerDay),
      founder_(founder), applicants_max_(applicants_max) {}

Transaction TransactionSource::sign(const chain::crypto::KeyPair& key, std::uint64_t nonce, chain::Operation op) const {
    Transaction tx;
    tx.group_id = group_id_;
    tx.nonce = nonce;
    tx.valid_until_s = valid_until_s_;
    tx.op = std::move(op);
    tx.sign(key);
    return tx;
}

void TransactionSource::tick(std::mt19937_64& rng, const State& reference, TransactionPool& pool) {
    if (pool.full()) return;
    const bool want_vote = rng() % 2 == 0;
    const chain::AccountId founder_account = chain::crypto::account_id(founder_.public_key());
    const auto nonce_it = reference.nonces.find(founder_account);
    const std::uint64_t founder_nonce = nonce_it == reference.nonces.end() ? 0 : nonce_it->second;
    // One founder vote at a time: the next one's nonce depends on it.
    if (want_vote && founder_nonce_sent_ == founder_nonce && !reference.referendums.empty()) {
        const chain::Referendum& latest = reference.referendums.last()->second;
        if (latest.outcome == chain::Outcome::Pending) {
            const auto ballot = latest.ballots.find(founder_account);
            const bool yes = ballot == latest.ballots.end() || !ballot->second;
            pool.add(sign(founder_, founder_nonce + 1, chain::CastVote{latest.id, yes}));
            founder_nonce_sent_ = founder_nonce + 1;
            return;
        }
    }
    if (applicants_made_ >= applicants_max_) return;
    const chain::crypto::KeyPair applicant = derived_key(seed_, "applicant", applicants_made_++);
    chain::RequestAdmission request;
    request.utility = "Light";
    request.profile = chain::SealedProfile{reference.data_key_epoch(), chain::Bytes{9, 9, 9}};
    pool.add(sign(applicant, 1, std::move(request)));
}

// --- Replica -------------------------------------------------------------------

Replica::Replica(const chain::Genesis& genesis, const State& genesis_state, std::optional<PublicKey> proposer,
                 TransactionPool& pool, VerifyCache& cache, std::uint32_t block_transactions_max)
    : group_id_(genesis.group_id()), state_(genesis_state), last_hash_(group_id_), proposer_(proposer), pool_(pool),
      cache_(cache), block_transactions_max_(block_transactions_max), tables_(chain::state::state_tables(state_)),
      trees_(chain::state::TableTrees::from_tables(tables_)) {}

chain::consensus::HeightStart Replica::next_height_start() const {
    return chain::consensus::HeightStart{state_.height + 1, state_.validators, last_hash_, state_.time_s};
}

Block Replica::seal(State& next, std::int64_t time_s, std::vector<Transaction> transactions) const {
    const BlockContext context{state_.height + 1, time_s};
    chain::end_block(next, context);
    Block block;
    std::vector<Hash256> ids;
    for (const Transaction& tx : transactions) ids.push_back(tx.id());
    block.header.group_id = group_id_;
    block.header.height = context.height;
    block.header.previous_hash = last_hash_;
    block.header.time_s = time_s;
    block.header.transactions_root = chain::merkle_root(ids);
    block.header.state_root = chain::state_root(next);
    block.header.proposer = proposer_.value_or(PublicKey{});
    block.transactions = std::move(transactions);
    return block;
}

Block Replica::build_block(std::uint64_t height, std::uint32_t /*round*/, std::int64_t now_ms) {
    // Proposer-based time: our clock in whole seconds, never before the last block.
    const std::int64_t clock_s = now_ms >= 0 ? now_ms / 1000 : -((-now_ms + 999) / 1000);
    const std::int64_t time_s = std::max(state_.time_s, clock_s);
    const BlockContext context{height, time_s};
    State next = state_;
    std::vector<Transaction> taken;
    for (const Transaction& tx : pool_.pending()) {
        if (taken.size() >= block_transactions_max_) break;
        if (!cache_.transaction_valid(tx)) continue;
        if (chain::apply_transaction(next, tx, context).ok()) taken.push_back(tx);
    }
    Block block = seal(next, time_s, std::move(taken));
    if (executed_.size() < kExecutedMax) executed_.emplace(block.header.hash(), std::move(next));
    return block;
}

Block Replica::other_block(const Block& proposed, std::int64_t time_s) {
    std::vector<Transaction> transactions = proposed.transactions;
    if (!transactions.empty()) transactions.pop_back();
    else if (time_s == proposed.header.time_s) ++time_s;
    State next = state_;
    const BlockContext context{state_.height + 1, time_s};
    std::vector<Transaction> kept;
    for (const Transaction& tx : transactions)
        if (chain::apply_transaction(next, tx, context).ok()) kept.push_back(tx);
    return seal(next, time_s, std::move(kept));
}

bool Replica::validate_block(const Block& block) {
    const chain::BlockHeader& h = block.header;
    if (h.group_id != group_id_ || h.height != state_.height + 1 || h.previous_hash != last_hash_) return false;
    if (h.time_s < state_.time_s) return false;
    for (const Transaction& tx : block.transactions)
        if (!cache_.transaction_valid(tx)) return false;
    return execute(block) != nullptr;
}

const State* Replica::execute(const Block& block) {
    const Hash256 hash = block.header.hash();
    if (const auto it = executed_.find(hash); it != executed_.end()) return it->second ? &*it->second : nullptr;
    std::optional<State> result;
    State next = state_;
    const BlockContext context{block.header.height, block.header.time_s};
    std::vector<Hash256> ids;
    bool ok = true;
    for (const Transaction& tx : block.transactions) {
        ids.push_back(tx.id());
        ok = ok && chain::apply_transaction(next, tx, context).ok();
    }
    if (ok && chain::merkle_root(ids) == block.header.transactions_root) {
        chain::end_block(next, context);
        if (chain::state_root(next) == block.header.state_root) result = std::move(next);
    }
    if (executed_.size() >= kExecutedMax) executed_.clear();
    const auto [it, inserted] = executed_.emplace(hash, std::move(result));
    return it->second ? &*it->second : nullptr;
}

bool Replica::apply(const Block& block) {
    if (!validate_block(block)) return false;
    const State* next = execute(block);
    state_ = *next;
    last_hash_ = block.header.hash();
    executed_.clear();
    follow_tables();
    return true;
}

void Replica::follow_tables() {
    namespace st = chain::state;
    st::Tables now = st::state_tables(state_);
    trees_.apply_changes(tables_, now);
    tables_ = std::move(now);
    if (root_problem_.empty() && trees_.root() != st::state_root_of_tables(tables_))
        root_problem_ = "the incremental version-2 state root differs from the one from scratch at height " +
                        std::to_string(state_.height);
}

} // namespace sim
