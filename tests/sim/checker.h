#pragma once
// The properties the simulator asserts after every step. The first violation
// is kept (with the height, node and values involved) and stops the run.

#include "consensus/consensus.h"
#include "replica.h"

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace sim {

class Checker {
public:
    Checker(const Hash256& group_id, std::int64_t clock_skew_max_ms, std::int64_t clock_drift_max_ms,
            VerifyCache& cache);

    // A node committed `block` at its next height; `state_root` is the root
    // of the state it computed by executing it.
    void on_commit(std::size_t node, const CommittedBlock& committed, const std::vector<PublicKey>& validators,
                   const Hash256& state_root, std::int64_t true_now_ms);
    // A node's machine decided (possibly a height it already committed).
    void on_decision(std::size_t node, const std::vector<CommittedBlock>& chain,
                     const chain::consensus::Decision& decision);
    // A correct validator produced `output` after persisting its records:
    // nothing it broadcasts under its own key may be missing from `records`,
    // and no slot may ever be signed with two different values.
    // Also the lock invariant itself (the "amnesia" check): once it has
    // precommitted block v in round r, it prevotes a block other than v in a
    // later round r' only for a proposal of r' whose pol_round is in [r, r')
    // and carries valid prevotes of a quorum for that block in pol_round.
    // Its two halves, as the simulator calls them on storage with faults:
    // on_saved when records of a correct validator become durable (a save
    // that failed takes no slot: nothing of it left the node), on_sent with
    // what it sends and every record durable by then ("nothing sent that
    // was not saved": a record written but not yet synced does not count).
    void on_output(std::size_t node, const PublicKey& key, const chain::consensus::Output& output,
                   const std::vector<chain::consensus::Record>& records);
    void on_saved(std::size_t node, const PublicKey& key, const std::vector<chain::consensus::Record>& saved);
    void on_sent(std::size_t node, const PublicKey& key, const std::vector<chain::consensus::Message>& sent,
                 const std::vector<chain::consensus::Record>& durable);
    // A proposal went out or reached a node (the amnesia check's evidence
    // that a re-proposal with a proof of lock existed); its proof of lock is
    // checked here against `validators`.
    void on_proposal_seen(const chain::consensus::Proposal& proposal, const std::vector<PublicKey>& validators);
    // The block-time bounds of docs/CONSENSUS.md section 6 depend on the
    // consensus' delay bound; `start_ms` is the true time before which no
    // validator starts height 1. Without this call the defaults of
    // chain::consensus::Config apply and height 1 has no "too old" bound.
    void set_block_time_bounds(const chain::consensus::Config& config, std::int64_t start_ms);
    // On by default; off only for tests that want to see a fork instead.
    void set_lock_check(bool enabled) { lock_check_ = enabled; }

    void fail(std::string what);
    const std::optional<std::string>& violation() const { return violation_; }
    std::optional<std::uint32_t> committed_round(std::uint64_t height) const;

private:
    struct Committed {
        Hash256 hash{};
        Hash256 state_root{};
        std::size_t node = 0;
        std::uint32_t round = 0;
        std::int64_t time_s = 0;
        std::int64_t first_true_ms = 0; // when a node first committed it
    };
    // A validator's lock as its precommits show it: the latest round in
    // which it precommitted a block, and that block.
    struct Lock {
        std::uint32_t round = 0;
        Hash256 hash{};
    };
    using ProposalKey = std::tuple<std::uint64_t, std::uint32_t, Hash256>; // height, round, block
    void check_vote(std::size_t node, const chain::consensus::Vote& vote);
    void check_lock(std::size_t node, const chain::consensus::Vote& vote);
    void check_block_time(const std::string& where, const CommittedBlock& committed, std::int64_t true_now_ms);
    void check_proposal(std::size_t node, const PublicKey& key, const chain::consensus::Proposal& proposal);

    Hash256 group_id_{};
    std::int64_t clock_skew_max_ms_;
    std::int64_t clock_drift_max_ms_;
    VerifyCache& cache_;
    std::map<std::uint64_t, Committed> committed_;
    std::map<std::tuple<PublicKey, std::uint64_t, std::uint32_t, std::uint8_t>, std::optional<Hash256>> votes_;
    std::map<std::tuple<PublicKey, std::uint64_t, std::uint32_t>, Hash256> proposals_;
    // Per (validator, height): its lock. Per proposal seen: the highest
    // pol_round it came with, with a valid proof of lock (kNoRound if fresh).
    std::map<std::pair<PublicKey, std::uint64_t>, Lock> locks_;
    std::map<ProposalKey, std::int32_t> pol_rounds_seen_;
    chain::consensus::Config bounds_; // delay bounds only
    std::optional<std::int64_t> start_ms_;
    bool lock_check_ = true;
    std::optional<std::string> violation_;
};

std::string short_hex(const Hash256& hash);

} // namespace sim
