// The invariants of MISSION.md, checked after every block by the randomized
// tests and by a node before it commits.
#include "rules/energy.h"
#include "rules/internal.h"

namespace chain {

using namespace rules_internal;

namespace {

void check_quota_and_tokens(const State& state, std::vector<std::string>& problems) {
    u128 quota_sum = 0;
    u128 token_sum = 0;
    for (const auto& [account, member] : state.members) {
        quota_sum += member.quota_w;
        token_sum += member.tokens_msb;
        if (member.account != account) problems.push_back("a member is filed under another account");
    }
    u128 operating_w = 0;
    for (const auto& [id, plant] : state.plants)
        if (plant.status == PlantStatus::Operating) operating_w += plant.capacity_w;
    if (operating_w != state.capacity_w) problems.push_back("capacity differs from the operating plants' capacity");
    if (quota_sum != state.capacity_w) problems.push_back("members' quotas do not add up to the capacity");
    if (state.tokens_burned_msb > state.tokens_issued_msb) problems.push_back("more tokens burned than issued");
    else if (token_sum != state.tokens_issued_msb - state.tokens_burned_msb)
        problems.push_back("tokens held differ from tokens issued minus burned");
}

void check_campaigns(const State& state, std::vector<std::string>& problems) {
    for (const auto& [id, plant] : state.plants) {
        const std::string which = "plant " + std::to_string(id) + ": ";
        u128 sum = 0;
        for (const auto& [account, amount] : plant.pledges_cents) {
            sum += amount;
            if (amount == 0) problems.push_back(which + "a pledge of zero is on record");
        }
        if (sum != plant.pledged_cents) problems.push_back(which + "campaign total differs from the sum of its pledges");
        if (plant.pledged_cents > plant.cost_cents) problems.push_back(which + "pledges exceed the cost");
        const bool funded = plant.status == PlantStatus::Building || plant.status == PlantStatus::Operating;
        if (funded && plant.pledged_cents != plant.cost_cents) problems.push_back(which + "funded without full pledges");
        const bool released = plant.status == PlantStatus::Failed || plant.status == PlantStatus::Rejected;
        if (released && !plant.pledges_cents.empty()) problems.push_back(which + "pledges of a closed campaign kept");
        if (plant.capacity_w == 0 || plant.capacity_w > kPlantCapacityLimitW)
            problems.push_back(which + "capacity out of range");
    }
}

void check_referendums(const State& state, std::vector<std::string>& problems) {
    for (const auto& [id, referendum] : state.referendums) {
        const std::string which = "referendum " + std::to_string(id) + ": ";
        const bool pending = referendum.outcome == Outcome::Pending;
        if (pending && referendum.closed_at_s != 0) problems.push_back(which + "pending but has a closing time");
        if (!pending && referendum.deadline_s > referendum.closed_at_s)
            problems.push_back(which + "closed before its deadline");
        if (pending && referendum.deadline_s < state.time_s && state.height > 0)
            problems.push_back(which + "deadline passed without an outcome");
        for (const auto& [account, yes] : referendum.ballots)
            if (referendum.electorate.count(account) == 0) problems.push_back(which + "ballot from outside the electorate");
    }
}

void check_membership(const State& state, std::vector<std::string>& problems) {
    if (state.members.empty()) problems.push_back("the group has no member");
    if (state.validators.empty()) problems.push_back("the group has no validator");
    for (const auto& [account, applicant] : state.applicants)
        if (state.member(account)) problems.push_back("a member is also an applicant");
    for (const auto& [id, offer] : state.offers)
        if (offer.status == OfferStatus::Open && (!state.member(offer.maker) || !state.member(offer.counterparty)))
            problems.push_back("offer " + std::to_string(id) + " is open between non-members");
}

// What the energy ledger holds is what record_consumption, record_generation
// and change_plant_operator can put there. Linear in the readings, and true
// after any transaction, not only at block ends (tests check mid-block).
void check_energy(const State& state, std::vector<std::string>& problems) {
    const EnergyLedger& energy = state.energy;
    for (const auto& [key, reading] : energy.consumption) {
        const std::string which = "consumption of month " + std::to_string(key.second) + ": ";
        if (!valid_month(key.second)) {
            problems.push_back(which + "not a valid month");
            continue;
        }
        if (reading.revision == 0) problems.push_back(which + "revision 0");
        if (reading.consumption_wh > kConsumptionMaxWh) problems.push_back(which + "above the consumption limit");
        if (static_cast<std::uint8_t>(reading.connection) < 1 || static_cast<std::uint8_t>(reading.connection) > kConnectionLast)
            problems.push_back(which + "unknown connection type");
        if (reading.read_at_s < month_start_s(key.second) || reading.read_at_s > reading.recorded_at_s)
            problems.push_back(which + "read before its month began or after it was recorded");
    }
    for (const auto& [key, reading] : energy.generation) {
        const std::string which = "generation of plant " + std::to_string(key.first) + ", month " + std::to_string(key.second) + ": ";
        const auto plant = state.plants.find(key.first);
        if (plant == state.plants.end()) {
            problems.push_back(which + "no such plant");
            continue;
        }
        if (!valid_month(key.second)) {
            problems.push_back(which + "not a valid month");
            continue;
        }
        const Plant& p = plant->second;
        if (reading.revision == 0) problems.push_back(which + "revision 0");
        if (p.status != PlantStatus::Operating && p.status != PlantStatus::Removed)
            problems.push_back(which + "the plant never operated");
        else if (p.operating_at_s >= month_start_s(add_months(key.second, 1)))
            problems.push_back(which + "the plant started after the month");
        if (static_cast<u128>(reading.generation_wh) > static_cast<u128>(p.capacity_w) * days_in_month(key.second) * 24)
            problems.push_back(which + "more than the plant's capacity over the month");
        if (reading.recorded_at_s < month_start_s(key.second)) problems.push_back(which + "recorded before the month began");
    }
    for (const auto& [id, account] : energy.plant_operators) {
        const auto plant = state.plants.find(id);
        if (plant == state.plants.end()) problems.push_back("an operator is named for plant " + std::to_string(id) + ", which does not exist");
        else if (plant->second.proposer == account)
            problems.push_back("plant " + std::to_string(id) + ": its proposer is named operator (the default needs no entry)");
    }
    if (!energy.tracking && (!energy.quota_tracks.empty() || energy.tracking_since_day != 0))
        problems.push_back("quota tracks kept while quota tracking has not started");
    for (const auto& [account, track] : energy.quota_tracks)
        if (track.quota_w_by_day.empty() || track.quota_w_by_day.begin()->first < energy.tracking_since_day)
            problems.push_back("a quota track is empty or starts before tracking did");
}

} // namespace

std::vector<std::string> check_invariants(const State& state) {
    std::vector<std::string> problems;
    check_quota_and_tokens(state, problems);
    check_campaigns(state, problems);
    check_referendums(state, problems);
    check_membership(state, problems);
    check_energy(state, problems);
    return problems;
}

} // namespace chain
