// The invariants of MISSION.md, checked after every block by the randomized
// tests and by a node before it commits.
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

} // namespace

std::vector<std::string> check_invariants(const State& state) {
    std::vector<std::string> problems;
    check_quota_and_tokens(state, problems);
    check_campaigns(state, problems);
    check_referendums(state, problems);
    check_membership(state, problems);
    return problems;
}

} // namespace chain
