#pragma once
// ServeBudget: how much serving work each peer may ask of this node
// (docs/NETWORK.md, "Serving budget"). Proofs, header chains and snapshot
// chunks are answered for any peer of the group, and a whole table's proof
// costs the node a walk over the table: without a bound, one peer on a fast
// link could keep the node's thread busy answering it while consensus waits.
//
// Each peer has a bucket of work units that refills at a steady rate up to a
// burst; a request takes its cost from it. A request the bucket cannot pay
// is not answered (the asker's own timeout sends it to another peer), and
// is counted. An honest client never comes near: a light client asks for
// one header chain and at most 64 entries; state sync for at most 4 chunks
// at a time.
//
// Pure: integers only, the time is a parameter.

#include <QString>

#include <cstdint>
#include <map>

namespace chain {

// Costs, in work units, of what a peer may ask.
inline constexpr std::uint32_t kServeCostHeaderChain = 1;
inline constexpr std::uint32_t kServeCostEntryProof = 1;
inline constexpr std::uint32_t kServeCostTableProof = 64; // a walk over a whole table
inline constexpr std::uint32_t kServeCostSnapshotOffer = 1;
inline constexpr std::uint32_t kServeCostChunk = 4; // up to 1 MiB encoded
// A peer may ask this much at once, and this much more each second.
inline constexpr std::uint32_t kServeBurstUnits = 512;
inline constexpr std::uint32_t kServeRefillUnitsPerS = 256;

class ServeBudget {
public:
    explicit ServeBudget(std::uint32_t burst_units = kServeBurstUnits,
                         std::uint32_t refill_units_per_s = kServeRefillUnitsPerS);

    // Takes `units` from the peer's bucket; false (and nothing taken) when it
    // holds fewer. A peer not seen yet starts with a full bucket.
    bool take(const QString& peer_id, std::uint32_t units, std::int64_t now_ms);
    // A peer that left: its bucket goes (one per connected peer at most).
    void forget(const QString& peer_id);
    // Requests refused since the start, over every peer.
    std::uint64_t refused() const { return refused_; }

private:
    struct Bucket {
        std::uint64_t milli_units = 0; // thousandths of a unit, so refills stay exact
        std::int64_t at_ms = 0;
    };
    const std::uint64_t burst_milli_units_;
    const std::uint64_t refill_milli_units_per_ms_;
    std::map<QString, Bucket> buckets_;
    std::uint64_t refused_ = 0;
};

} // namespace chain
