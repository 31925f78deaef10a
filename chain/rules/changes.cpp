// Changes made by referendum, and the end-of-block deadlines.
#include "rules/energy.h"
#include "rules/internal.h"

#include <algorithm>
#include <tuple>

namespace chain {

using namespace rules_internal;

namespace {

using Check = std::optional<Rejection>;

Check check_two_members(const State& state, const AccountId& from, const AccountId& to, std::uint64_t amount) {
    if (!state.member(from)) return rejection(ErrorCode::UnknownMember, address_of(from) + " is not a member of the group");
    if (!state.member(to)) return rejection(ErrorCode::UnknownMember, address_of(to) + " is not a member of the group");
    if (from == to) return rejection(ErrorCode::SameAccount, "a move needs two different members");
    if (amount == 0) return rejection(ErrorCode::ZeroAmount, "the amount to move must be above zero");
    return std::nullopt;
}

Check check(const State& state, const MoveQuota& c) {
    if (auto r = check_two_members(state, c.from, c.to, c.quota_w)) return r;
    const Member& from = *state.member(c.from);
    if (from.utility != state.member(c.to)->utility)
        return rejection(ErrorCode::DifferentUtility, "quota moves only within one utility");
    if (from.quota_w < c.quota_w)
        return rejection(ErrorCode::InsufficientQuota, address_of(c.from) + " holds " + watts(from.quota_w) +
                                                           ", less than " + watts(c.quota_w));
    return std::nullopt;
}

Check check(const State& state, const MoveTokens& c) {
    if (auto r = check_two_members(state, c.from, c.to, c.amount_msb)) return r;
    const Member& from = *state.member(c.from);
    if (from.tokens_msb < c.amount_msb)
        return rejection(ErrorCode::InsufficientTokens, address_of(c.from) + " holds " + seb(from.tokens_msb) +
                                                            ", less than " + seb(c.amount_msb));
    return std::nullopt;
}

Check check(const State& state, const RemoveMember& c) {
    if (!state.member(c.member)) return rejection(ErrorCode::UnknownMember, address_of(c.member) + " is not a member of the group");
    if (state.members.size() <= 1) return rejection(ErrorCode::LastMember, "the group's last member cannot be removed");
    return std::nullopt;
}

bool plant_closed(const Plant& plant) {
    return plant.status == PlantStatus::Rejected || plant.status == PlantStatus::Failed ||
           plant.status == PlantStatus::Removed;
}

Check check(const State& state, const ChangePlantUtility& c) {
    const auto it = state.plants.find(c.plant_id);
    if (it == state.plants.end()) return rejection(ErrorCode::UnknownPlant, "there is no plant " + std::to_string(c.plant_id));
    if (plant_closed(it->second))
        return rejection(ErrorCode::PlantNotRemovable, "plant " + it->second.name + " was rejected, failed or removed");
    if (!valid_name(c.utility, kNameLengthMax))
        return rejection(ErrorCode::InvalidUtility, "the utility name must have 1 to 120 characters");
    if (it->second.utility == c.utility)
        return rejection(ErrorCode::UtilityUnchanged, "plant " + it->second.name + " already belongs to " + c.utility);
    return std::nullopt;
}

Check check(const State& state, const RemovePlant& c) {
    const auto it = state.plants.find(c.plant_id);
    if (it == state.plants.end()) return rejection(ErrorCode::UnknownPlant, "there is no plant " + std::to_string(c.plant_id));
    if (plant_closed(it->second))
        return rejection(ErrorCode::PlantNotRemovable, "plant " + it->second.name + " was already rejected, failed or removed");
    return std::nullopt;
}

Check check(const State&, const ChangeParams& c) { return validate_params(c.params); }

Check check(const State& state, const AddValidator& c) {
    if (!crypto::is_valid_public_key(c.validator))
        return rejection(ErrorCode::InvalidPublicKey, "the validator key is not a valid P-256 public key");
    if (std::find(state.validators.begin(), state.validators.end(), c.validator) != state.validators.end())
        return rejection(ErrorCode::ValidatorAlreadyPresent, "that key is already a validator");
    if (state.validators.size() >= kValidatorsMax)
        return rejection(ErrorCode::InvalidParams, "the group already has the maximum of 100 validators");
    return std::nullopt;
}

Check check(const State& state, const RemoveValidator& c) {
    if (std::find(state.validators.begin(), state.validators.end(), c.validator) == state.validators.end())
        return rejection(ErrorCode::UnknownValidator, "that key is not a validator");
    if (state.validators.size() <= 1) return rejection(ErrorCode::LastValidator, "the group's last validator cannot be removed");
    return std::nullopt;
}

Check check(const State& state, const ChangePlantOperator& c) {
    const auto it = state.plants.find(c.plant_id);
    if (it == state.plants.end()) return rejection(ErrorCode::UnknownPlant, "there is no plant " + std::to_string(c.plant_id));
    if (plant_closed(it->second))
        return rejection(ErrorCode::PlantNotRemovable, "plant " + it->second.name + " was rejected, failed or removed");
    if (!state.member(c.new_operator))
        return rejection(ErrorCode::UnknownMember, address_of(c.new_operator) + " is not a member of the group");
    if (plant_operator(state, it->second) == c.new_operator)
        return rejection(ErrorCode::OperatorUnchanged, address_of(c.new_operator) + " already operates plant " + it->second.name);
    return std::nullopt;
}

Check check(const State&, const ChangeEnergyParams& c) { return validate_energy_params(c.params); }

// One upgrade at a time: none approved and waiting, none being voted on. The
// referendum closing now is no longer pending when this runs again, so it
// does not count against itself. The effective height is checked only at
// proposal (check_upgrade_height): an approval that comes after it takes
// effect at the next block.
Check check(const State& state, const UpgradeProtocol& c) {
    if (c.version <= state.protocol_version)
        return rejection(ErrorCode::ProtocolVersionNotNewer, "the group already runs protocol version " +
                                                                 std::to_string(state.protocol_version) +
                                                                 "; an upgrade must name a later one");
    if (!protocol_version_supported(c.version))
        return rejection(ErrorCode::ProtocolVersionUnsupported,
                         "this Rateio runs protocol versions " + std::to_string(kProtocolVersionLegacy) + " to " +
                             std::to_string(kProtocolVersionLatest) + "; version " + std::to_string(c.version) +
                             " needs a newer Rateio on every member's computer first");
    if (state.pending_upgrade)
        return rejection(ErrorCode::UpgradePending, "the group already moves to protocol version " +
                                                        std::to_string(state.pending_upgrade->version) + " at block " +
                                                        std::to_string(state.pending_upgrade->effective_height));
    for (const auto& [id, referendum] : state.referendums) {
        if (referendum.outcome == Outcome::Pending && referendum.change &&
            std::holds_alternative<UpgradeProtocol>(*referendum.change))
            return rejection(ErrorCode::UpgradePending,
                             "referendum " + std::to_string(id) + " already proposes a protocol upgrade");
    }
    return std::nullopt;
}

void push_transfer_event(std::vector<Event>& events, EventKind kind, const BlockContext& context, const AccountId& from,
                         const AccountId& to, std::uint64_t amount) {
    Event event = make_event(kind, context);
    event.actor = from;
    event.subject = to;
    event.amount = amount;
    events.push_back(event);
}

// The removed member's quota goes to the others in proportion to their
// quota, or equally when nobody else holds any.
void redistribute_quota(State& state, const AccountId& removed, const BlockContext& context, std::vector<Event>& events) {
    const std::uint64_t quota_w = state.member(removed)->quota_w;
    if (quota_w == 0) return;
    std::vector<AccountId> others;
    std::vector<std::uint64_t> weights;
    bool anyone_holds_quota = false;
    for (const auto& [account, member] : state.members) {
        if (account == removed) continue;
        others.push_back(account);
        weights.push_back(member.quota_w);
        anyone_holds_quota = anyone_holds_quota || member.quota_w > 0;
    }
    if (!anyone_holds_quota) std::fill(weights.begin(), weights.end(), 1);
    const std::vector<std::uint64_t> shares = share_by_largest_remainder(quota_w, weights);
    for (std::size_t i = 0; i < others.size(); ++i) {
        if (shares[i] == 0) continue;
        state.members.at(others[i]).quota_w += shares[i];
        push_transfer_event(events, EventKind::QuotaMoved, context, removed, others[i], shares[i]);
    }
}

void release_member_commitments(State& state, const AccountId& removed, const BlockContext& context,
                                std::vector<Event>& events) {
    std::vector<std::uint64_t> pledged_to;
    for (const auto& [id, plant] : state.plants)
        if (plant.status == PlantStatus::Campaign && plant.pledges_cents.contains(removed)) pledged_to.push_back(id);
    for (const std::uint64_t id : pledged_to) {
        Plant& plant = state.plants.at(id);
        const std::uint64_t cents = plant.pledges_cents.at(removed);
        Event event = make_event(EventKind::PledgeWithdrawn, context);
        event.subject = removed;
        event.object_id = id;
        event.amount = cents;
        events.push_back(event);
        plant.pledged_cents -= cents;
        plant.pledges_cents.erase(removed);
    }
    std::vector<std::uint64_t> offers_to_cancel;
    for (const auto& [id, offer] : state.offers)
        if (offer.status == OfferStatus::Open && (offer.maker == removed || offer.counterparty == removed))
            offers_to_cancel.push_back(id);
    for (const std::uint64_t id : offers_to_cancel) {
        Offer& offer = state.offers.at(id);
        offer.status = OfferStatus::Cancelled;
        offer.closed_at_s = context.time_s;
        Event event = make_event(EventKind::OfferCancelled, context);
        event.subject = removed;
        event.object_id = id;
        events.push_back(event);
    }
    // Referendums opened under one membership share one electorate: they go
    // on sharing one without the removed member. One entry per distinct list
    // among the pending referendums, that is per membership change since the
    // oldest of them opened.
    std::vector<std::pair<Electorate, Electorate>> replaced; // (with, without)
    std::vector<std::uint64_t> pending;
    for (const auto& [id, referendum] : state.referendums)
        if (referendum.outcome == Outcome::Pending) pending.push_back(id);
    for (const std::uint64_t id : pending) {
        Referendum& referendum = state.referendums.at(id);
        const auto same = std::find_if(replaced.begin(), replaced.end(), [&](const auto& pair) {
            return pair.first.shares_list_with(referendum.electorate);
        });
        if (same != replaced.end()) {
            referendum.electorate = same->second;
        } else {
            Electorate without = referendum.electorate.without(removed);
            replaced.emplace_back(std::move(referendum.electorate), without);
            referendum.electorate = std::move(without);
        }
        referendum.ballots.erase(removed);
    }
}

void execute(State& state, const MoveQuota& c, const BlockContext& context, std::vector<Event>& events) {
    state.member(c.from)->quota_w -= c.quota_w;
    state.member(c.to)->quota_w += c.quota_w;
    push_transfer_event(events, EventKind::QuotaMoved, context, c.from, c.to, c.quota_w);
}

void execute(State& state, const MoveTokens& c, const BlockContext& context, std::vector<Event>& events) {
    state.member(c.from)->tokens_msb -= c.amount_msb;
    state.member(c.to)->tokens_msb += c.amount_msb;
    push_transfer_event(events, EventKind::TokensMoved, context, c.from, c.to, c.amount_msb);
}

void execute(State& state, const RemoveMember& c, const BlockContext& context, std::vector<Event>& events) {
    redistribute_quota(state, c.member, context, events);
    release_member_commitments(state, c.member, context, events);
    const std::uint64_t burned = state.member(c.member)->tokens_msb;
    if (burned > 0) {
        state.tokens_burned_msb += burned;
        Event event = make_event(EventKind::TokensBurned, context);
        event.subject = c.member;
        event.amount = burned;
        events.push_back(event);
    }
    state.members.erase(c.member);
    state.key_rotation_pending = true;
    Event event = make_event(EventKind::MemberRemoved, context);
    event.subject = c.member;
    events.push_back(event);
}

void execute(State& state, const ChangePlantUtility& c, const BlockContext& context, std::vector<Event>& events) {
    Plant& plant = state.plants.at(c.plant_id);
    Event event = make_event(EventKind::PlantUtilityChanged, context);
    event.object_id = plant.id;
    event.text = c.utility;
    events.push_back(event);
    plant.utility = c.utility;
}

// Every member's quota scales to the new capacity, percentages kept.
void shrink_quotas(State& state, std::uint64_t new_capacity_w) {
    std::vector<AccountId> holders;
    std::vector<std::uint64_t> weights;
    for (const auto& [account, member] : state.members) {
        holders.push_back(account);
        weights.push_back(member.quota_w);
    }
    const std::vector<std::uint64_t> shares = share_by_largest_remainder(new_capacity_w, weights);
    for (std::size_t i = 0; i < holders.size(); ++i)
        if (weights[i] != shares[i]) state.members.at(holders[i]).quota_w = shares[i];
}

void execute(State& state, const RemovePlant& c, const BlockContext& context, std::vector<Event>& events) {
    Plant& plant = state.plants.at(c.plant_id);
    if (plant.status == PlantStatus::Operating) {
        state.capacity_w -= plant.capacity_w;
        shrink_quotas(state, state.capacity_w);
    } else if (plant.status == PlantStatus::Campaign || plant.status == PlantStatus::Building) {
        release_pledges(plant);
    }
    plant.status = PlantStatus::Removed;
    plant.closed_at_s = context.time_s;
    Event event = make_event(EventKind::PlantRemoved, context);
    event.object_id = plant.id;
    event.amount = plant.capacity_w;
    event.text = plant.name;
    events.push_back(event);
}

void execute(State& state, const ChangeParams& c, const BlockContext& context, std::vector<Event>& events) {
    state.params = c.params;
    events.push_back(make_event(EventKind::ParamsChanged, context));
}

void execute(State& state, const AddValidator& c, const BlockContext& context, std::vector<Event>& events) {
    state.validators.push_back(c.validator);
    std::sort(state.validators.begin(), state.validators.end());
    Event event = make_event(EventKind::ValidatorAdded, context);
    event.text = codec::to_hex(c.validator);
    events.push_back(event);
}

void execute(State& state, const RemoveValidator& c, const BlockContext& context, std::vector<Event>& events) {
    state.validators.erase(std::find(state.validators.begin(), state.validators.end(), c.validator));
    Event event = make_event(EventKind::ValidatorRemoved, context);
    event.text = codec::to_hex(c.validator);
    events.push_back(event);
}

void execute(State& state, const ChangePlantOperator& c, const BlockContext& context, std::vector<Event>& events) {
    Plant& plant = state.plants.at(c.plant_id);
    // The proposer needs no entry: they are the default operator.
    if (c.new_operator == plant.proposer) state.energy.plant_operators.erase(plant.id);
    else state.energy.plant_operators[plant.id] = c.new_operator;
    Event event = make_event(EventKind::PlantOperatorChanged, context);
    event.object_id = plant.id;
    event.subject = c.new_operator;
    event.text = plant.name;
    events.push_back(event);
}

void execute(State& state, const ChangeEnergyParams& c, const BlockContext& context, std::vector<Event>& events) {
    state.energy.params = c.params;
    events.push_back(make_event(EventKind::EnergyParamsChanged, context));
}

// Approval only schedules the upgrade; switch_protocol_if_due carries it out.
void execute(State& state, const UpgradeProtocol& c, const BlockContext&, std::vector<Event>&) {
    state.pending_upgrade = PendingUpgrade{c.version, c.effective_height};
}

// First of the deadlines, so that an upgrade approved in this block (by a
// referendum closing below) waits for the next one: its effective height may
// have passed during the vote, and it then takes effect one block after the
// approval, never in the block that approves it. The state root of this block
// is already computed under the new version.
void switch_protocol_if_due(State& state, const BlockContext& context, std::vector<Event>& events) {
    if (!state.pending_upgrade || state.pending_upgrade->effective_height > context.height) return;
    Event event = make_event(EventKind::ProtocolUpgraded, context);
    event.amount = state.pending_upgrade->version;
    event.amount2 = state.protocol_version;
    events.push_back(event);
    state.protocol_version = state.pending_upgrade->version;
    state.pending_upgrade.reset();
}

// A member's quota by day gets today's quota, and utility, when they changed.
void track_member_quota(EnergyLedger& energy, const AccountId& account, const Member& member, std::int64_t today) {
    const QuotaTrack* track = energy.quota_tracks.get(account);
    const std::uint64_t last_w = !track || track->quota_w_by_day.empty() ? 0 : track->quota_w_by_day.last()->second;
    if (last_w == member.quota_w) return;
    QuotaTrack& changed = energy.quota_tracks[account];
    if (changed.utility_by_day.empty() || changed.current_utility() != member.utility)
        changed.utility_by_day[today] = member.utility;
    changed.quota_w_by_day[today] = member.quota_w;
}

// Removed members hold no quota from the day they left.
void track_departure(EnergyLedger& energy, const AccountId& account, std::int64_t today) {
    const QuotaTrack* track = energy.quota_tracks.get(account);
    if (!track || track->quota_w_by_day.empty() || track->quota_w_by_day.last()->second == 0) return;
    energy.quota_tracks.at(account).quota_w_by_day[today] = 0;
}

// Records every quota that changed in this block, by day, once the group
// uses energy readings (see EnergyLedger): the month's generation is later
// shared by the quotas of each day. Only the members that changed since the
// quotas were last tracked are read (BlockIndex::members_tracked), except on
// the day tracking starts, when every member's quota is the first entry.
void track_quotas(State& state, const BlockContext& context) {
    EnergyLedger& energy = state.energy;
    BlockIndex& index = state.index;
    const std::int64_t today = brasilia_day(context.time_s);
    const bool starting = !energy.tracking;
    if (starting) {
        if (!energy.in_use()) return;
        energy.tracking = true;
        energy.tracking_since_day = today;
    }
    if (starting || !index.tracked) {
        for (const auto& [account, member] : state.members) track_member_quota(energy, account, member, today);
        std::vector<AccountId> left;
        for (const auto& [account, track] : energy.quota_tracks)
            if (!state.members.contains(account)) left.push_back(account);
        for (const AccountId& account : left) track_departure(energy, account, today);
    } else {
        StateMap<AccountId, Member>::diff(index.members_tracked, state.members.as_map(),
                                          [&](const AccountId& account, const Member*, const Member* member) {
                                              if (member)
                                                  track_member_quota(energy, account, *member, today);
                                              else
                                                  track_departure(energy, account, today);
                                          });
    }
    index.tracked = true;
    index.members_tracked = state.members.as_map();
}

} // namespace

namespace rules_internal {

std::optional<Rejection> check_change(const State& state, const Change& change) {
    return std::visit([&](const auto& c) { return check(state, c); }, change);
}

std::optional<Rejection> execute_change(State& state, const Change& change, const BlockContext& context,
                                        std::vector<Event>& events) {
    if (auto r = check_change(state, change)) return r;
    std::visit([&](const auto& c) { execute(state, c, context, events); }, change);
    return std::nullopt;
}

std::optional<Rejection> check_upgrade_height(const UpgradeProtocol& upgrade, const BlockContext& context) {
    if (upgrade.effective_height <= context.height || upgrade.effective_height - context.height > kUpgradeDelayBlocksMax)
        return rejection(ErrorCode::UpgradeHeightInvalid,
                         "the upgrade must take effect after block " + std::to_string(context.height) +
                             ", which proposes it, and at most " + std::to_string(kUpgradeDelayBlocksMax) +
                             " blocks later; block " + std::to_string(upgrade.effective_height) + " is not");
    return std::nullopt;
}

} // namespace rules_internal

namespace {

const char* outcome_text(Outcome outcome) {
    switch (outcome) {
    case Outcome::Approved: return "approved";
    case Outcome::Rejected: return "rejected";
    case Outcome::Void: return "void";
    case Outcome::Pending: break;
    }
    return "pending";
}

void admit(State& state, Referendum& referendum, bool approved, const BlockContext& context, std::vector<Event>& events) {
    const auto it = state.applicants.find(referendum.applicant);
    if (it == state.applicants.end()) return;
    Applicant applicant = std::move(it->second);
    state.applicants.erase(it);
    if (!approved) {
        Event event = make_event(EventKind::AdmissionRejected, context);
        event.subject = applicant.account;
        event.object_id = referendum.id;
        events.push_back(event);
        return;
    }
    Member member;
    member.account = applicant.account;
    member.public_key = applicant.public_key;
    member.utility = applicant.utility;
    member.profile_commitment = applicant.profile_commitment;
    member.profile = applicant.profile;
    member.tokens_msb = state.params.welcome_grant_msb;
    member.admitted_at_s = context.time_s;
    state.tokens_issued_msb += member.tokens_msb;
    state.members.emplace(member.account, member);

    Event admitted = make_event(EventKind::MemberAdmitted, context);
    admitted.subject = member.account;
    admitted.object_id = referendum.id;
    admitted.text = member.utility;
    events.push_back(admitted);
    if (member.tokens_msb > 0) {
        Event issued = make_event(EventKind::TokensIssued, context);
        issued.subject = member.account;
        issued.amount = member.tokens_msb;
        events.push_back(issued);
    }
}

// Returns the outcome: a plant whose proposal was overtaken (removed while
// the vote ran) makes an approval void.
Outcome decide_plant(State& state, Referendum& referendum, bool approved, const BlockContext& context,
                     std::vector<Event>& events) {
    Plant& plant = state.plants.at(referendum.plant_id);
    if (plant.status != PlantStatus::Proposed) {
        if (!approved) return Outcome::Rejected;
        referendum.void_reason = ErrorCode::PlantNotRemovable;
        return Outcome::Void;
    }
    if (!approved) {
        plant.status = PlantStatus::Rejected;
        plant.closed_at_s = context.time_s;
        Event event = make_event(EventKind::PlantRejected, context);
        event.object_id = plant.id;
        event.text = plant.name;
        events.push_back(event);
        return Outcome::Rejected;
    }
    plant.status = PlantStatus::Campaign;
    plant.campaign_opened_at_s = context.time_s;
    plant.campaign_deadline_s = context.time_s + static_cast<std::int64_t>(state.params.crowdfunding_period_s);
    Event event = make_event(EventKind::CampaignOpened, context);
    event.object_id = plant.id;
    event.amount = plant.cost_cents;
    event.text = plant.name;
    events.push_back(event);
    return Outcome::Approved;
}

void close_referendum(State& state, Referendum& referendum, const BlockContext& context, std::vector<Event>& events) {
    const bool approved = referendum.passes();
    Outcome outcome = approved ? Outcome::Approved : Outcome::Rejected;
    // Closed before its effects run: removing a member takes them out of the
    // electorate of the referendums still pending, and this one's tally must
    // stay the one that decided it.
    referendum.outcome = outcome;
    referendum.closed_at_s = context.time_s;
    switch (referendum.kind) {
    case ReferendumKind::Admission:
        admit(state, referendum, approved, context, events);
        break;
    case ReferendumKind::Plant:
        outcome = decide_plant(state, referendum, approved, context, events);
        break;
    case ReferendumKind::Change:
        if (approved && referendum.change) {
            if (auto failure = execute_change(state, *referendum.change, context, events)) {
                outcome = Outcome::Void;
                referendum.void_reason = failure->code;
            }
        }
        break;
    }
    referendum.outcome = outcome;
    referendum.closed_at_s = context.time_s;
    Event event = make_event(EventKind::ReferendumClosed, context);
    event.object_id = referendum.id;
    event.amount = referendum.yes_count();
    event.amount2 = referendum.no_count();
    event.text = outcome_text(outcome);
    events.push_back(event);
}

// --- The deadline index (BlockIndex) ------------------------------------------

// Brings one due list from the entities `seen` to `now`: an entity leaves at
// its old time and comes back at its new one, if it still falls due.
template <class Entity, class DueAt>
void refresh_due(BlockIndex::Due& due, StateMap<std::uint64_t, Entity>& seen, const StateMap<std::uint64_t, Entity>& now,
                 DueAt due_at) {
    StateMap<std::uint64_t, Entity>::diff(seen, now, [&](std::uint64_t id, const Entity* before, const Entity* after) {
        if (before)
            if (const std::optional<std::int64_t> time_s = due_at(*before)) due.erase({*time_s, id});
        if (after)
            if (const std::optional<std::int64_t> time_s = due_at(*after)) due.emplace(std::pair{*time_s, id}, true);
    });
    seen = now;
}

std::optional<std::int64_t> referendum_due(const Referendum& referendum) {
    if (referendum.outcome != Outcome::Pending) return std::nullopt;
    return referendum.deadline_s;
}
std::optional<std::int64_t> campaign_due(const Plant& plant) {
    if (plant.status != PlantStatus::Campaign) return std::nullopt;
    return plant.campaign_deadline_s;
}
std::optional<std::int64_t> start_due(const Plant& plant) {
    if (plant.status != PlantStatus::Building) return std::nullopt;
    return plant.operating_at_s;
}
std::optional<std::int64_t> offer_due(const Offer& offer) {
    if (offer.status != OfferStatus::Open) return std::nullopt;
    return offer.expires_at_s;
}

void refresh_index(State& state) {
    BlockIndex& index = state.index;
    if (!index.built) {
        // Start from nothing seen: the first refresh lists every entity due.
        BlockIndex fresh;
        fresh.built = true;
        fresh.tracked = index.tracked;
        fresh.members_tracked = index.members_tracked;
        index = std::move(fresh);
    }
    refresh_due(index.referendum_deadlines, index.referendums_seen, state.referendums, referendum_due);
    // Both plant lists follow one `seen`: the second refresh starts from the same old version.
    StateMap<std::uint64_t, Plant> plants_seen = index.plants_seen;
    refresh_due(index.campaign_deadlines, plants_seen, state.plants, campaign_due);
    refresh_due(index.plant_starts, index.plants_seen, state.plants, start_due);
    refresh_due(index.offer_expiries, index.offers_seen, state.offers, offer_due);
}

// The ids due at `time_s` in a due list, by time then id.
std::vector<std::uint64_t> due_ids(const BlockIndex::Due& due, std::int64_t time_s) {
    std::vector<std::uint64_t> ids;
    for (const auto& [when, flag] : due) {
        if (when.first > time_s) break;
        ids.push_back(when.second);
    }
    return ids;
}

void close_due_referendums(State& state, const BlockContext& context, std::vector<Event>& events) {
    refresh_index(state);
    for (const std::uint64_t id : due_ids(state.index.referendum_deadlines, context.time_s))
        close_referendum(state, state.referendums.at(id), context, events);
}

void fail_due_campaigns(State& state, const BlockContext& context, std::vector<Event>& events) {
    refresh_index(state);
    // In id order, as the plants were once scanned.
    std::vector<std::uint64_t> due = due_ids(state.index.campaign_deadlines, context.time_s);
    std::sort(due.begin(), due.end());
    for (const std::uint64_t id : due) {
        Plant& plant = state.plants.at(id);
        Event event = make_event(EventKind::CampaignFailed, context);
        event.object_id = id;
        event.amount = plant.pledged_cents;
        event.amount2 = plant.cost_cents;
        event.text = plant.name;
        events.push_back(event);
        release_pledges(plant);
        plant.status = PlantStatus::Failed;
        plant.closed_at_s = context.time_s;
    }
}

// Funders who are still members share the plant's quota and tokens in
// proportion to their pledges; if none is left, every member shares equally.
void start_plant(State& state, Plant& plant, const BlockContext& context, std::vector<Event>& events) {
    std::vector<AccountId> receivers;
    std::vector<std::uint64_t> weights;
    for (const auto& [account, amount] : plant.pledges_cents) {
        if (std::as_const(state).member(account)) {
            receivers.push_back(account);
            weights.push_back(amount);
        }
    }
    if (receivers.empty()) {
        for (const auto& [account, member] : state.members) {
            receivers.push_back(account);
            weights.push_back(1);
        }
    }
    const std::uint64_t tokens_msb = plant.capacity_w; // 1 SEB per kW: 1 milli-SEB per W
    const std::vector<std::uint64_t> quota = share_by_largest_remainder(plant.capacity_w, weights);
    const std::vector<std::uint64_t> tokens = share_by_largest_remainder(tokens_msb, weights);
    for (std::size_t i = 0; i < receivers.size(); ++i) {
        Member& member = state.members.at(receivers[i]);
        member.quota_w += quota[i];
        member.tokens_msb += tokens[i];
        plant.allocated_quota_w[member.account] = quota[i];
        plant.allocated_tokens_msb[member.account] = tokens[i];
        Event event = make_event(EventKind::QuotaAllocated, context);
        event.subject = member.account;
        event.object_id = plant.id;
        event.amount = quota[i];
        event.amount2 = tokens[i];
        events.push_back(event);
    }
    state.capacity_w += plant.capacity_w;
    state.tokens_issued_msb += tokens_msb;
    plant.status = PlantStatus::Operating;
    plant.operating_at_s = context.time_s;
    Event event = make_event(EventKind::PlantOperating, context);
    event.object_id = plant.id;
    event.amount = plant.capacity_w;
    event.text = plant.name;
    events.push_back(event);
}

void start_due_plants(State& state, const BlockContext& context, std::vector<Event>& events) {
    refresh_index(state);
    for (const std::uint64_t id : due_ids(state.index.plant_starts, context.time_s))
        start_plant(state, state.plants.at(id), context, events);
}

void expire_due_offers(State& state, const BlockContext& context, std::vector<Event>& events) {
    refresh_index(state);
    // In id order, as the offers were once scanned.
    std::vector<std::uint64_t> due = due_ids(state.index.offer_expiries, context.time_s);
    std::sort(due.begin(), due.end());
    for (const std::uint64_t id : due) {
        Offer& offer = state.offers.at(id);
        offer.status = OfferStatus::Expired;
        offer.closed_at_s = context.time_s;
        Event event = make_event(EventKind::OfferExpired, context);
        event.actor = offer.maker;
        event.subject = offer.counterparty;
        event.object_id = id;
        events.push_back(event);
    }
}

} // namespace

std::vector<Event> end_block(State& state, const BlockContext& context) {
    std::vector<Event> events;
    state.height = context.height;
    state.time_s = context.time_s;
    switch_protocol_if_due(state, context, events);
    close_due_referendums(state, context, events);
    fail_due_campaigns(state, context, events);
    start_due_plants(state, context, events);
    expire_due_offers(state, context, events);
    track_quotas(state, context);
    refresh_index(state);
    return events;
}

std::optional<std::int64_t> next_deadline(const State& state) {
    // A copy (O(1)) whose index is brought up to date: the state's own may
    // lag behind the transactions applied since its last block end.
    State indexed = state;
    refresh_index(indexed);
    std::optional<std::int64_t> earliest;
    for (const BlockIndex::Due* due : {&indexed.index.referendum_deadlines, &indexed.index.campaign_deadlines,
                                       &indexed.index.plant_starts, &indexed.index.offer_expiries})
        if (!due->empty() && (!earliest || due->begin()->first.first < *earliest)) earliest = due->begin()->first.first;
    return earliest;
}

} // namespace chain
