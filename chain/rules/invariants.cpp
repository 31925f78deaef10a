// The invariants of MISSION.md, checked after every block by the randomized
// tests and by a node before it commits.
#include "rules/energy.h"
#include "rules/internal.h"

namespace chain {

using namespace rules_internal;

namespace {

__extension__ typedef __int128 i128;

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

std::string plant_label(std::uint64_t id) { return "plant " + std::to_string(id) + ": "; }

// What holds for one plant whatever its pledges add up to.
void check_plant(std::uint64_t id, const Plant& plant, std::vector<std::string>& problems) {
    const std::string which = plant_label(id);
    if (plant.pledged_cents > plant.cost_cents) problems.push_back(which + "pledges exceed the cost");
    const bool funded = plant.status == PlantStatus::Building || plant.status == PlantStatus::Operating;
    if (funded && plant.pledged_cents != plant.cost_cents) problems.push_back(which + "funded without full pledges");
    const bool released = plant.status == PlantStatus::Failed || plant.status == PlantStatus::Rejected;
    if (released && !plant.pledges_cents.empty()) problems.push_back(which + "pledges of a closed campaign kept");
    if (plant.capacity_w == 0 || plant.capacity_w > kPlantCapacityLimitW) problems.push_back(which + "capacity out of range");
}

void check_campaigns(const State& state, std::vector<std::string>& problems) {
    for (const auto& [id, plant] : state.plants) {
        const std::string which = plant_label(id);
        u128 sum = 0;
        for (const auto& [account, amount] : plant.pledges_cents) {
            sum += amount;
            if (amount == 0) problems.push_back(which + "a pledge of zero is on record");
        }
        if (sum != plant.pledged_cents) problems.push_back(which + "campaign total differs from the sum of its pledges");
        check_plant(id, plant, problems);
    }
}

std::string referendum_label(std::uint64_t id) { return "referendum " + std::to_string(id) + ": "; }

// What holds for one referendum apart from its ballots.
void check_referendum(const State& state, std::uint64_t id, const Referendum& referendum,
                      std::vector<std::string>& problems) {
    const std::string which = referendum_label(id);
    const bool pending = referendum.outcome == Outcome::Pending;
    if (pending && referendum.closed_at_s != 0) problems.push_back(which + "pending but has a closing time");
    if (!pending && referendum.deadline_s > referendum.closed_at_s) problems.push_back(which + "closed before its deadline");
    if (pending && referendum.deadline_s < state.time_s && state.height > 0)
        problems.push_back(which + "deadline passed without an outcome");
}

void check_ballot(std::uint64_t id, const Referendum& referendum, const AccountId& account,
                  std::vector<std::string>& problems) {
    if (!referendum.electorate.contains(account)) problems.push_back(referendum_label(id) + "ballot from outside the electorate");
}

void check_referendums(const State& state, std::vector<std::string>& problems) {
    for (const auto& [id, referendum] : state.referendums) {
        check_referendum(state, id, referendum, problems);
        for (const auto& [account, yes] : referendum.ballots) check_ballot(id, referendum, account, problems);
    }
}

void check_offer(const State& state, std::uint64_t id, const Offer& offer, std::vector<std::string>& problems) {
    if (offer.status == OfferStatus::Open && (!state.member(offer.maker) || !state.member(offer.counterparty)))
        problems.push_back("offer " + std::to_string(id) + " is open between non-members");
}

void check_membership(const State& state, std::vector<std::string>& problems) {
    if (state.members.empty()) problems.push_back("the group has no member");
    if (state.validators.empty()) problems.push_back("the group has no validator");
    for (const auto& [account, applicant] : state.applicants)
        if (state.member(account)) problems.push_back("a member is also an applicant");
    for (const auto& [id, offer] : state.offers) check_offer(state, id, offer, problems);
}

// What the energy ledger holds is what record_consumption, record_generation
// and change_plant_operator can put there. Linear in the readings, and true
// after any transaction, not only at block ends (tests check mid-block).
void check_consumption(const std::pair<AccountId, std::uint32_t>& key, const ConsumptionReading& reading,
                       std::vector<std::string>& problems) {
    const std::string which = "consumption of month " + std::to_string(key.second) + ": ";
    if (!valid_month(key.second)) {
        problems.push_back(which + "not a valid month");
        return;
    }
    if (reading.revision == 0) problems.push_back(which + "revision 0");
    if (reading.consumption_wh > kConsumptionMaxWh) problems.push_back(which + "above the consumption limit");
    if (static_cast<std::uint8_t>(reading.connection) < 1 || static_cast<std::uint8_t>(reading.connection) > kConnectionLast)
        problems.push_back(which + "unknown connection type");
    if (reading.read_at_s < month_start_s(key.second) || reading.read_at_s > reading.recorded_at_s)
        problems.push_back(which + "read before its month began or after it was recorded");
}

void check_generation(const State& state, const std::pair<std::uint64_t, std::uint32_t>& key,
                      const GenerationReading& reading, std::vector<std::string>& problems) {
    const std::string which = "generation of plant " + std::to_string(key.first) + ", month " + std::to_string(key.second) + ": ";
    const Plant* plant = state.plants.get(key.first);
    if (!plant) {
        problems.push_back(which + "no such plant");
        return;
    }
    if (!valid_month(key.second)) {
        problems.push_back(which + "not a valid month");
        return;
    }
    const Plant& p = *plant;
    if (reading.revision == 0) problems.push_back(which + "revision 0");
    if (p.status != PlantStatus::Operating && p.status != PlantStatus::Removed)
        problems.push_back(which + "the plant never operated");
    else if (p.operating_at_s >= month_start_s(add_months(key.second, 1)))
        problems.push_back(which + "the plant started after the month");
    if (static_cast<u128>(reading.generation_wh) > static_cast<u128>(p.capacity_w) * days_in_month(key.second) * 24)
        problems.push_back(which + "more than the plant's capacity over the month");
    if (reading.recorded_at_s < month_start_s(key.second)) problems.push_back(which + "recorded before the month began");
}

void check_operator(const State& state, std::uint64_t id, const AccountId& account, std::vector<std::string>& problems) {
    const Plant* plant = state.plants.get(id);
    if (!plant) problems.push_back("an operator is named for plant " + std::to_string(id) + ", which does not exist");
    else if (plant->proposer == account)
        problems.push_back("plant " + std::to_string(id) + ": its proposer is named operator (the default needs no entry)");
}

void check_tracking(const EnergyLedger& energy, std::vector<std::string>& problems) {
    if (!energy.tracking && (!energy.quota_tracks.empty() || energy.tracking_since_day != 0))
        problems.push_back("quota tracks kept while quota tracking has not started");
}

void check_track(const EnergyLedger& energy, const QuotaTrack& track, std::vector<std::string>& problems) {
    if (track.quota_w_by_day.empty() || track.quota_w_by_day.begin()->first < energy.tracking_since_day)
        problems.push_back("a quota track is empty or starts before tracking did");
}

// What the energy ledger holds is what record_consumption, record_generation
// and change_plant_operator can put there. Linear in the readings, and true
// after any transaction, not only at block ends (tests check mid-block).
void check_energy(const State& state, std::vector<std::string>& problems) {
    const EnergyLedger& energy = state.energy;
    for (const auto& [key, reading] : energy.consumption) check_consumption(key, reading, problems);
    for (const auto& [key, reading] : energy.generation) check_generation(state, key, reading, problems);
    for (const auto& [id, account] : energy.plant_operators) check_operator(state, id, account, problems);
    check_tracking(energy, problems);
    for (const auto& [account, track] : energy.quota_tracks) check_track(energy, track, problems);
}

// --- Since a state that holds them ------------------------------------------------

// The totals: if quotas added up to the capacity before, they still do when
// they moved by as much as the capacity did; the same for tokens and for the
// operating plants' capacity.
void check_totals_since(const State& before, const State& after, std::vector<std::string>& problems) {
    i128 quota_change = 0;
    i128 token_change = 0;
    StateMap<AccountId, Member>::diff(before.members.as_map(), after.members.as_map(),
                                      [&](const AccountId& account, const Member* old_member, const Member* member) {
                                          if (old_member) {
                                              quota_change -= old_member->quota_w;
                                              token_change -= old_member->tokens_msb;
                                          }
                                          if (member) {
                                              quota_change += member->quota_w;
                                              token_change += member->tokens_msb;
                                              if (member->account != account)
                                                  problems.push_back("a member is filed under another account");
                                          }
                                      });
    i128 operating_change = 0;
    StateMap<std::uint64_t, Plant>::diff(before.plants, after.plants, [&](std::uint64_t, const Plant* old_plant, const Plant* plant) {
        if (old_plant && old_plant->status == PlantStatus::Operating) operating_change -= old_plant->capacity_w;
        if (plant && plant->status == PlantStatus::Operating) operating_change += plant->capacity_w;
    });
    const i128 capacity_change = static_cast<i128>(after.capacity_w) - static_cast<i128>(before.capacity_w);
    if (operating_change != capacity_change) problems.push_back("capacity differs from the operating plants' capacity");
    if (quota_change != capacity_change) problems.push_back("members' quotas do not add up to the capacity");
    const i128 circulating_change = (static_cast<i128>(after.tokens_issued_msb) - after.tokens_burned_msb) -
                                    (static_cast<i128>(before.tokens_issued_msb) - before.tokens_burned_msb);
    if (after.tokens_burned_msb > after.tokens_issued_msb) problems.push_back("more tokens burned than issued");
    else if (token_change != circulating_change) problems.push_back("tokens held differ from tokens issued minus burned");
}

void check_plants_since(const State& before, const State& after, std::vector<std::string>& problems) {
    StateMap<std::uint64_t, Plant>::diff(before.plants, after.plants, [&](std::uint64_t id, const Plant* old_plant, const Plant* plant) {
        if (!plant) return;
        static const StateMap<AccountId, std::uint64_t> none;
        i128 pledge_change = 0;
        StateMap<AccountId, std::uint64_t>::diff(old_plant ? old_plant->pledges_cents : none, plant->pledges_cents,
                                                 [&](const AccountId&, const std::uint64_t* old_cents, const std::uint64_t* cents) {
                                                     if (old_cents) pledge_change -= *old_cents;
                                                     if (cents) {
                                                         pledge_change += *cents;
                                                         if (*cents == 0)
                                                             problems.push_back(plant_label(id) + "a pledge of zero is on record");
                                                     }
                                                 });
        const i128 total_change = static_cast<i128>(plant->pledged_cents) - (old_plant ? old_plant->pledged_cents : 0);
        if (pledge_change != total_change)
            problems.push_back(plant_label(id) + "campaign total differs from the sum of its pledges");
        check_plant(id, *plant, problems);
    });
}

void check_referendums_since(const State& before, const State& after, std::vector<std::string>& problems) {
    StateMap<std::uint64_t, Referendum>::diff(
        before.referendums, after.referendums, [&](std::uint64_t id, const Referendum* old_one, const Referendum* one) {
            if (!one) return;
            check_referendum(after, id, *one, problems);
            if (!old_one || !old_one->electorate.shares_list_with(one->electorate)) {
                // A new electorate (a member removed): every ballot against it.
                for (const auto& [account, yes] : one->ballots) check_ballot(id, *one, account, problems);
                return;
            }
            StateMap<AccountId, bool>::diff(old_one->ballots, one->ballots, [&](const AccountId& account, const bool*, const bool* yes) {
                if (yes) check_ballot(id, *one, account, problems);
            });
        });
    // Pending referendums whose deadline passed: end_block closes them all, so
    // the earliest pending deadline is the one to look at.
    const BlockIndex& index = after.index;
    if (index.built && after.height > 0 && index.referendums_seen == after.referendums &&
        !index.referendum_deadlines.empty() && index.referendum_deadlines.begin()->first.first < after.time_s)
        problems.push_back(referendum_label(index.referendum_deadlines.begin()->first.second) +
                           "deadline passed without an outcome");
}

void check_membership_since(const State& before, const State& after, std::vector<std::string>& problems) {
    if (after.members.empty()) problems.push_back("the group has no member");
    if (after.validators.empty()) problems.push_back("the group has no validator");
    bool member_left = false;
    StateMap<AccountId, Member>::diff(before.members.as_map(), after.members.as_map(),
                                      [&](const AccountId& account, const Member*, const Member* member) {
                                          if (!member) member_left = true;
                                          else if (after.applicants.contains(account))
                                              problems.push_back("a member is also an applicant");
                                      });
    StateMap<AccountId, Applicant>::diff(before.applicants, after.applicants, [&](const AccountId& account, const Applicant*, const Applicant* applicant) {
        if (applicant && after.member(account)) problems.push_back("a member is also an applicant");
    });
    if (member_left) {
        // Rare (a removal): every offer still open.
        for (const auto& [id, offer] : after.offers) check_offer(after, id, offer, problems);
        return;
    }
    StateMap<std::uint64_t, Offer>::diff(before.offers, after.offers, [&](std::uint64_t id, const Offer*, const Offer* offer) {
        if (offer) check_offer(after, id, *offer, problems);
    });
}

void check_energy_since(const State& before, const State& after, std::vector<std::string>& problems) {
    const EnergyLedger& old_energy = before.energy;
    const EnergyLedger& energy = after.energy;
    StateMap<std::pair<AccountId, std::uint32_t>, ConsumptionReading>::diff(
        old_energy.consumption, energy.consumption,
        [&](const std::pair<AccountId, std::uint32_t>& key, const ConsumptionReading*, const ConsumptionReading* reading) {
            if (reading) check_consumption(key, *reading, problems);
        });
    StateMap<std::pair<std::uint64_t, std::uint32_t>, GenerationReading>::diff(
        old_energy.generation, energy.generation,
        [&](const std::pair<std::uint64_t, std::uint32_t>& key, const GenerationReading*, const GenerationReading* reading) {
            if (reading) check_generation(after, key, *reading, problems);
        });
    StateMap<std::uint64_t, AccountId>::diff(old_energy.plant_operators, energy.plant_operators,
                                             [&](std::uint64_t id, const AccountId*, const AccountId* account) {
                                                 if (account) check_operator(after, id, *account, problems);
                                             });
    check_tracking(energy, problems);
    if (energy.tracking_since_day != old_energy.tracking_since_day) {
        for (const auto& [account, track] : energy.quota_tracks) check_track(energy, track, problems);
        return;
    }
    StateMap<AccountId, QuotaTrack>::diff(old_energy.quota_tracks, energy.quota_tracks,
                                          [&](const AccountId&, const QuotaTrack*, const QuotaTrack* track) {
                                              if (track) check_track(energy, *track, problems);
                                          });
}

} // namespace

std::vector<std::string> check_invariants_since(const State& before, const State& after) {
    std::vector<std::string> problems;
    check_totals_since(before, after, problems);
    check_plants_since(before, after, problems);
    check_referendums_since(before, after, problems);
    check_membership_since(before, after, problems);
    check_energy_since(before, after, problems);
    return problems;
}

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
