#include "models/summary_model.h"

namespace models {

void SummaryModel::setSnapshot(SnapshotPtr snapshot) {
    snapshot_ = std::move(snapshot);
    emit changed();
}

QString SummaryModel::tokenSymbol() const {
    const std::string& symbol = snapshot_->summary.token_symbol;
    return symbol.empty() ? QStringLiteral("SEB") : QString::fromStdString(symbol);
}

bool SummaryModel::isMember() const { return snapshot_->has_identity && snapshot_->is_member(snapshot_->me); }

std::uint64_t SummaryModel::myQuotaW() const {
    const chain::Member* me = snapshot_->has_identity ? snapshot_->member(snapshot_->me) : nullptr;
    return me ? me->quota_w : 0;
}

std::uint64_t SummaryModel::myTokensMsb() const {
    const chain::Member* me = snapshot_->has_identity ? snapshot_->member(snapshot_->me) : nullptr;
    return me ? me->tokens_msb : 0;
}

int SummaryModel::votesAwaitingMe() const {
    if (!isMember()) return 0;
    int count = 0;
    for (const chain::Referendum& r : snapshot_->referendums)
        if (r.outcome == chain::Outcome::Pending && r.electorate.count(snapshot_->me) && !r.ballots.count(snapshot_->me))
            ++count;
    return count;
}

int SummaryModel::activeCampaigns() const {
    int count = 0;
    for (const chain::Plant& p : snapshot_->plants) count += p.status == chain::PlantStatus::Campaign ? 1 : 0;
    return count;
}

std::vector<std::pair<std::int64_t, std::uint64_t>> SummaryModel::capacityHistory() const {
    std::vector<std::pair<std::int64_t, std::uint64_t>> starts;
    for (const chain::Plant& p : snapshot_->plants)
        if (p.status == chain::PlantStatus::Operating || (p.status == chain::PlantStatus::Removed && p.operating_at_s > 0))
            starts.emplace_back(p.operating_at_s, p.capacity_w);
    std::sort(starts.begin(), starts.end());
    std::vector<std::pair<std::int64_t, std::uint64_t>> history;
    // From the founding: the snapshot's events are only the latest ones.
    history.emplace_back(snapshot_->summary.height > 0 ? snapshot_->summary.founded_at_s : snapshot_->now_s, 0);
    std::uint64_t capacity_w = 0;
    for (const auto& [time_s, plant_w] : starts) {
        capacity_w += plant_w;
        history.emplace_back(time_s, capacity_w);
    }
    history.emplace_back(std::max(snapshot_->now_s, history.back().first), snapshot_->summary.capacity_w);
    return history;
}

} // namespace models
