#include "node/serve_budget.h"

#include <algorithm>

namespace chain {

ServeBudget::ServeBudget(std::uint32_t burst_units, std::uint32_t refill_units_per_s)
    // A unit a second is a thousandth of a unit a millisecond: milli-units
    // per millisecond equal units per second.
    : burst_milli_units_(std::uint64_t(burst_units) * 1000), refill_milli_units_per_ms_(refill_units_per_s) {}

bool ServeBudget::take(const QString& peer_id, std::uint32_t units, std::int64_t now_ms) {
    auto [it, fresh] = buckets_.try_emplace(peer_id, Bucket{burst_milli_units_, now_ms});
    Bucket& bucket = it->second;
    if (!fresh && now_ms > bucket.at_ms) {
        const std::uint64_t elapsed_ms = std::uint64_t(now_ms - bucket.at_ms);
        // Capped before multiplying: a bucket idle for years must not overflow.
        const std::uint64_t refill =
            std::min(elapsed_ms, burst_milli_units_ / std::max<std::uint64_t>(refill_milli_units_per_ms_, 1) + 1) *
            refill_milli_units_per_ms_;
        bucket.milli_units = std::min(burst_milli_units_, bucket.milli_units + refill);
        bucket.at_ms = now_ms;
    }
    const std::uint64_t cost = std::uint64_t(units) * 1000;
    if (bucket.milli_units < cost) {
        ++refused_;
        return false;
    }
    bucket.milli_units -= cost;
    return true;
}

void ServeBudget::forget(const QString& peer_id) { buckets_.erase(peer_id); }

} // namespace chain
