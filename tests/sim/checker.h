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
    void on_output(std::size_t node, const PublicKey& key, const chain::consensus::Output& output,
                   const std::vector<chain::consensus::Record>& records);

    void fail(std::string what);
    const std::optional<std::string>& violation() const { return violation_; }
    std::optional<std::uint32_t> committed_round(std::uint64_t height) const;

private:
    struct Committed {
        Hash256 hash{};
        Hash256 state_root{};
        std::size_t node = 0;
        std::uint32_t round = 0;
    };
    void check_vote(std::size_t node, const chain::consensus::Vote& vote);
    void check_proposal(std::size_t node, const PublicKey& key, const chain::consensus::Proposal& proposal);

    Hash256 group_id_{};
    std::int64_t clock_skew_max_ms_;
    std::int64_t clock_drift_max_ms_;
    VerifyCache& cache_;
    std::map<std::uint64_t, Committed> committed_;
    std::map<std::tuple<PublicKey, std::uint64_t, std::uint32_t, std::uint8_t>, std::optional<Hash256>> votes_;
    std::map<std::tuple<PublicKey, std::uint64_t, std::uint32_t>, Hash256> proposals_;
    std::optional<std::string> violation_;
};

std::string short_hex(const Hash256& hash);

} // namespace sim
