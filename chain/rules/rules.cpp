#include "rules/rules.h"

#include "rules/energy.h"
#include "rules/internal.h"

#include <algorithm>

namespace chain {

using namespace rules_internal;

namespace rules_internal {

Rejection rejection(ErrorCode code, std::string message) { return Rejection{code, std::move(message)}; }

std::string brl(std::uint64_t cents) {
    const std::string fraction = std::to_string(cents % 100); // 1 or 2 digits
    return "R$ " + std::to_string(cents / 100) + "." + std::string(2 - fraction.size(), '0') + fraction;
}

std::string seb(std::uint64_t msb) {
    const std::string fraction = std::to_string(msb % 1000); // 1 to 3 digits
    return std::to_string(msb / 1000) + "." + std::string(3 - fraction.size(), '0') + fraction + " SEB";
}

std::string watts(std::uint64_t w) { return std::to_string(w) + " W"; }

std::string address_of(const AccountId& account) { return crypto::address(account); }

bool valid_name(const std::string& text, std::size_t length_max) {
    return !text.empty() && text.size() <= length_max;
}

Event make_event(EventKind kind, const BlockContext& context) {
    Event event;
    event.kind = kind;
    event.height = context.height;
    event.time_s = context.time_s;
    return event;
}

Referendum& open_referendum(State& state, ReferendumKind kind, const AccountId& proposer,
                            const BlockContext& context, std::vector<Event>& events) {
    Referendum referendum;
    referendum.id = state.next_referendum_id++;
    referendum.kind = kind;
    referendum.proposer = proposer;
    referendum.opened_at_s = context.time_s;
    referendum.deadline_s = context.time_s + static_cast<std::int64_t>(state.params.referendum_period_s);
    // Shared with every referendum opened since the membership last changed.
    referendum.electorate = state.members.electorate();
    referendum.approval_rule = state.params.approval_rule;
    referendum.quorum_percent = state.params.quorum_percent;

    Event event = make_event(EventKind::ReferendumOpened, context);
    event.actor = proposer;
    event.object_id = referendum.id;
    event.amount = static_cast<std::uint64_t>(kind);
    event.amount2 = referendum.electorate.size();
    events.push_back(event);
    return state.referendums.emplace(referendum.id, std::move(referendum)).first->second;
}

void release_pledges(Plant& plant) {
    plant.pledges_cents.clear();
    plant.pledged_cents = 0;
}

} // namespace rules_internal

std::vector<std::uint64_t> share_by_largest_remainder(std::uint64_t total, const std::vector<std::uint64_t>& weights) {
    std::vector<std::uint64_t> shares(weights.size(), 0);
    u128 weight_sum = 0;
    for (std::uint64_t w : weights) weight_sum += w;
    if (weight_sum == 0 || total == 0) return shares;

    std::vector<u128> remainders(weights.size(), 0);
    u128 assigned = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const u128 product = static_cast<u128>(total) * weights[i];
        shares[i] = static_cast<std::uint64_t>(product / weight_sum);
        remainders[i] = product % weight_sum;
        assigned += shares[i];
    }
    // Hand the units left over to the largest remainders; ties go to the
    // lower index so that every node rounds alike.
    std::vector<std::size_t> order(weights.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
    u128 left = static_cast<u128>(total) - assigned;
    for (std::size_t k = 0; left > 0 && k < order.size(); ++k, --left) shares[order[k]] += 1;
    return shares;
}

std::optional<Rejection> validate_params(const GroupParams& p) {
    const auto bad = [](std::string message) { return rejection(ErrorCode::InvalidParams, std::move(message)); };
    if (p.referendum_period_s < 3600 || p.referendum_period_s > 365 * kSecondsPerDay)
        return bad("the referendum period must be between 1 hour and 365 days");
    if (p.crowdfunding_period_s < kSecondsPerDay || p.crowdfunding_period_s > 730 * kSecondsPerDay)
        return bad("the crowdfunding period must be between 1 and 730 days");
    if (p.time_to_market_min_s > kTimeToMarketMaxS)
        return bad("the minimum time to market must be at most 3650 days");
    if (p.bid_min_cents < 1 || p.bid_min_cents > 10'000'000'00ull)
        return bad("the minimum bid must be between R$ 0.01 and R$ 10000000.00");
    if (p.plant_capacity_max_w < 1 || p.plant_capacity_max_w > kPlantCapacityLimitW)
        return bad("the plant capacity limit must be between 1 W and 5 MW");
    if (p.welcome_grant_msb > 1'000'000) return bad("the welcome grant must be at most 1000 SEB");
    if (p.approval_rule == ApprovalRule::MajorityOfElectorate && p.quorum_percent != 0)
        return bad("a quorum applies only to the majority-of-votes rule");
    if (p.approval_rule == ApprovalRule::MajorityOfVotesWithQuorum && (p.quorum_percent < 1 || p.quorum_percent > 100))
        return bad("the quorum must be between 1 and 100 percent");
    if (p.approval_rule != ApprovalRule::MajorityOfElectorate &&
        p.approval_rule != ApprovalRule::MajorityOfVotesWithQuorum)
        return bad("unknown approval rule");
    return std::nullopt;
}

State genesis_state(const Genesis& genesis, std::vector<Event>* events) {
    State state;
    state.group_id = genesis.group_id();
    state.group_name = genesis.group_name;
    state.token_symbol = genesis.token_symbol;
    state.dev_group = genesis.dev_group;
    state.genesis_time_s = genesis.time_s;
    state.params = genesis.params;
    state.energy.params = genesis.energy_params;
    state.protocol_version = genesis.protocol_version;
    state.time_s = genesis.time_s;
    state.validators = genesis.validators;
    std::sort(state.validators.begin(), state.validators.end());
    state.data_public_keys = {genesis.data_public_key};

    Member founder;
    founder.public_key = genesis.founder;
    founder.account = crypto::account_id(genesis.founder);
    founder.utility = genesis.founder_utility;
    founder.profile_commitment = genesis.founder_profile_commitment;
    founder.profile = genesis.founder_profile;
    founder.tokens_msb = genesis.params.welcome_grant_msb;
    founder.admitted_at_s = genesis.time_s;
    founder.key_epoch = 0;
    founder.sealed_keys = genesis.founder_sealed_keys;
    state.tokens_issued_msb = founder.tokens_msb;
    state.members.emplace(founder.account, founder);

    if (events) {
        const BlockContext context{0, genesis.time_s};
        Event founded = make_event(EventKind::GroupFounded, context);
        founded.actor = founder.account;
        founded.text = genesis.group_name;
        events->push_back(founded);
        Event admitted = make_event(EventKind::MemberAdmitted, context);
        admitted.subject = founder.account;
        admitted.text = founder.utility;
        events->push_back(admitted);
        if (founder.tokens_msb > 0) {
            Event issued = make_event(EventKind::TokensIssued, context);
            issued.subject = founder.account;
            issued.amount = founder.tokens_msb;
            events->push_back(issued);
        }
    }
    return state;
}

namespace {

using Outcome_ = std::optional<Rejection>;

// Everything a handler needs: the state, the transaction, its author and the block.
struct Call {
    State& state;
    const Transaction& tx;
    const AccountId& author;
    const BlockContext& context;
    std::vector<Event>& events;
};

Outcome_ require_member(const State& state, const AccountId& author) {
    if (state.member(author)) return std::nullopt;
    return rejection(ErrorCode::NotAMember, "account " + address_of(author) + " is not a member of the group");
}

Outcome_ check_sealed_profile(const State& state, const SealedProfile& profile) {
    if (profile.sealed.empty()) return rejection(ErrorCode::InvalidProfile, "the sealed profile is empty");
    if (profile.key_epoch != state.data_key_epoch())
        return rejection(ErrorCode::InvalidProfile, "the profile is sealed to data key epoch " +
                                                        std::to_string(profile.key_epoch) + ", the current one is " +
                                                        std::to_string(state.data_key_epoch()));
    return std::nullopt;
}

Outcome_ check_utility(const std::string& utility) {
    if (valid_name(utility, kNameLengthMax)) return std::nullopt;
    return rejection(ErrorCode::InvalidUtility, "the utility name must have 1 to " +
                                                    std::to_string(kNameLengthMax) + " characters");
}

Outcome_ handle(Call& c, const RequestAdmission& op) {
    if (c.state.member(c.author)) return rejection(ErrorCode::AlreadyMember, "the account is already a member");
    if (const auto it = c.state.applicants.find(c.author); it != c.state.applicants.end())
        return rejection(ErrorCode::AdmissionPending,
                         "an admission vote is already under way (referendum " +
                             std::to_string(it->second.referendum_id) + ")");
    if (auto r = check_utility(op.utility)) return r;
    if (auto r = check_sealed_profile(c.state, op.profile)) return r;

    Referendum& referendum = open_referendum(c.state, ReferendumKind::Admission, c.author, c.context, c.events);
    referendum.applicant = c.author;
    Applicant applicant;
    applicant.account = c.author;
    applicant.public_key = c.tx.author;
    applicant.utility = op.utility;
    applicant.profile_commitment = op.profile_commitment;
    applicant.profile = op.profile;
    applicant.referendum_id = referendum.id;
    applicant.requested_at_s = c.context.time_s;
    c.state.applicants.emplace(c.author, std::move(applicant));

    Event event = make_event(EventKind::AdmissionRequested, c.context);
    event.actor = c.author;
    event.object_id = referendum.id;
    event.text = op.utility;
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ handle(Call& c, const CastVote& op) {
    const auto it = c.state.referendums.find(op.referendum_id);
    if (it == c.state.referendums.end())
        return rejection(ErrorCode::UnknownReferendum, "there is no referendum " + std::to_string(op.referendum_id));
    Referendum& referendum = it->second;
    if (referendum.outcome != Outcome::Pending || c.context.time_s >= referendum.deadline_s)
        return rejection(ErrorCode::ReferendumClosed,
                         "referendum " + std::to_string(op.referendum_id) + " closed at its deadline");
    if (referendum.electorate.count(c.author) == 0)
        return rejection(ErrorCode::NotInElectorate, "only the members when referendum " +
                                                         std::to_string(op.referendum_id) + " opened may vote in it");
    if (const auto ballot = referendum.ballots.find(c.author);
        ballot != referendum.ballots.end() && ballot->second == op.yes)
        return rejection(ErrorCode::VoteUnchanged, std::string("the member already voted ") + (op.yes ? "YES" : "NO"));

    referendum.ballots[c.author] = op.yes;
    Event event = make_event(EventKind::VoteCast, c.context);
    event.actor = c.author;
    event.object_id = referendum.id;
    event.amount = op.yes ? 1 : 0;
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ check_plant_proposal(const State& state, const ProposePlant& op) {
    if (!valid_name(op.name, kNameLengthMax))
        return rejection(ErrorCode::InvalidPlantName, "the plant name must have 1 to 120 characters");
    if (op.capacity_w == 0 || op.capacity_w > state.params.plant_capacity_max_w)
        return rejection(ErrorCode::InvalidCapacity, "the capacity " + watts(op.capacity_w) +
                                                         " must be above 0 W and at most " +
                                                         watts(state.params.plant_capacity_max_w));
    if (const std::uint64_t limit_w = source_capacity_max_w(state.energy.params, op.source); op.capacity_w > limit_w)
        return rejection(ErrorCode::CapacityAboveSourceLimit,
                         "the capacity " + watts(op.capacity_w) + " is above the group's limit of " + watts(limit_w) +
                             " for " + (dispatchable(op.source) ? "dispatchable" : "non-dispatchable") + " sources");
    if (op.cost_cents == 0) return rejection(ErrorCode::InvalidCost, "the plant cost must be above R$ 0.00");
    if (auto r = check_utility(op.utility)) return r;
    if (!valid_name(op.location, kNameLengthMax))
        return rejection(ErrorCode::InvalidLocation, "the location must have 1 to 120 characters");
    if (op.time_to_market_s < state.params.time_to_market_min_s)
        return rejection(ErrorCode::TimeToMarketTooShort,
                         "the time to market of " + std::to_string(op.time_to_market_s / kSecondsPerDay) +
                             " days is below the group's minimum of " +
                             std::to_string(state.params.time_to_market_min_s / kSecondsPerDay) + " days");
    if (op.time_to_market_s > kTimeToMarketMaxS)
        return rejection(ErrorCode::TimeToMarketTooLong, "the time to market of " +
                                                             std::to_string(op.time_to_market_s / kSecondsPerDay) +
                                                             " days is longer than the limit of 3650 days");
    return std::nullopt;
}

Outcome_ handle(Call& c, const ProposePlant& op) {
    if (auto r = check_plant_proposal(c.state, op)) return r;
    Referendum& referendum = open_referendum(c.state, ReferendumKind::Plant, c.author, c.context, c.events);
    Plant plant;
    plant.id = c.state.next_plant_id++;
    plant.name = op.name;
    plant.source = op.source;
    plant.capacity_w = op.capacity_w;
    plant.cost_cents = op.cost_cents;
    plant.utility = op.utility;
    plant.location = op.location;
    plant.time_to_market_s = op.time_to_market_s;
    plant.proposer = c.author;
    plant.status = PlantStatus::Proposed;
    plant.referendum_id = referendum.id;
    plant.proposed_at_s = c.context.time_s;
    referendum.plant_id = plant.id;

    Event event = make_event(EventKind::PlantProposed, c.context);
    event.actor = c.author;
    event.object_id = plant.id;
    event.amount = plant.capacity_w;
    event.amount2 = plant.cost_cents;
    event.text = plant.name;
    c.events.push_back(event);
    c.state.plants.emplace(plant.id, std::move(plant));
    return std::nullopt;
}

// The plant if its campaign is open at this block's time.
std::variant<Plant*, Rejection> open_campaign(State& state, std::uint64_t plant_id, const BlockContext& context) {
    const auto it = state.plants.find(plant_id);
    if (it == state.plants.end()) return rejection(ErrorCode::UnknownPlant, "there is no plant " + std::to_string(plant_id));
    Plant& plant = it->second;
    if (plant.status != PlantStatus::Campaign || context.time_s >= plant.campaign_deadline_s)
        return rejection(ErrorCode::CampaignNotOpen, "the crowdfunding campaign of plant " + std::to_string(plant_id) +
                                                         " (" + plant.name + ") is not open");
    return &plant;
}

void mark_funded(Call& c, Plant& plant) {
    plant.status = PlantStatus::Building;
    plant.funded_at_s = c.context.time_s;
    plant.operating_at_s = c.context.time_s + static_cast<std::int64_t>(plant.time_to_market_s);
    Event event = make_event(EventKind::CampaignSucceeded, c.context);
    event.object_id = plant.id;
    event.amount = plant.pledged_cents;
    event.text = plant.name;
    c.events.push_back(event);
}

Outcome_ handle(Call& c, const PlacePledge& op) {
    auto found = open_campaign(c.state, op.plant_id, c.context);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    Plant& plant = *std::get<Plant*>(found);
    const Member& member = *c.state.member(c.author);
    if (member.utility != plant.utility)
        return rejection(ErrorCode::WrongUtility, "plant " + plant.name + " is connected to " + plant.utility +
                                                      "; the member's utility is " + member.utility);
    const auto current_it = plant.pledges_cents.find(c.author);
    const std::uint64_t current = current_it == plant.pledges_cents.end() ? 0 : current_it->second;
    if (op.amount_cents == current)
        return rejection(ErrorCode::PledgeUnchanged, "the member already pledged " + brl(current));
    const std::uint64_t available = plant.cost_cents - plant.pledged_cents + current;
    if (op.amount_cents > available)
        return rejection(ErrorCode::BidAboveMissing,
                         "the pledge of " + brl(op.amount_cents) + " is above the " + brl(available) + " still missing");
    if (op.amount_cents < c.state.params.bid_min_cents && op.amount_cents != available)
        return rejection(ErrorCode::BidBelowMinimum, "the pledge of " + brl(op.amount_cents) +
                                                         " is below the minimum bid of " +
                                                         brl(c.state.params.bid_min_cents));

    plant.pledged_cents = plant.pledged_cents - current + op.amount_cents;
    plant.pledges_cents[c.author] = op.amount_cents;
    Event event = make_event(EventKind::PledgePlaced, c.context);
    event.actor = c.author;
    event.object_id = plant.id;
    event.amount = op.amount_cents;
    event.amount2 = current;
    c.events.push_back(event);
    if (plant.pledged_cents == plant.cost_cents) mark_funded(c, plant);
    return std::nullopt;
}

Outcome_ handle(Call& c, const WithdrawPledge& op) {
    auto found = open_campaign(c.state, op.plant_id, c.context);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    Plant& plant = *std::get<Plant*>(found);
    const auto it = plant.pledges_cents.find(c.author);
    if (it == plant.pledges_cents.end())
        return rejection(ErrorCode::NoPledge, "the member has no pledge for plant " + plant.name);
    Event event = make_event(EventKind::PledgeWithdrawn, c.context);
    event.actor = c.author;
    event.object_id = plant.id;
    event.amount = it->second;
    plant.pledged_cents -= it->second;
    plant.pledges_cents.erase(it);
    c.events.push_back(event);
    return std::nullopt;
}

// The other member of a trade or gift: a member, not the author.
std::variant<Member*, Rejection> other_member(State& state, const AccountId& author, const AccountId& other) {
    Member* member = state.member(other);
    if (!member) return rejection(ErrorCode::UnknownMember, address_of(other) + " is not a member of the group");
    if (other == author) return rejection(ErrorCode::SelfTransfer, "a member cannot trade with or give to themselves");
    return member;
}

Outcome_ same_utility(const Member& a, const Member& b) {
    if (a.utility == b.utility) return std::nullopt;
    return rejection(ErrorCode::DifferentUtility, "quota moves only within one utility (" + a.utility + " and " +
                                                      b.utility + " differ)");
}

Outcome_ has_quota(const Member& member, std::uint64_t quota_w) {
    if (member.quota_w >= quota_w) return std::nullopt;
    return rejection(ErrorCode::InsufficientQuota, address_of(member.account) + " holds " + watts(member.quota_w) +
                                                       " of quota, less than " + watts(quota_w));
}

Outcome_ has_tokens(const Member& member, std::uint64_t amount_msb) {
    if (member.tokens_msb >= amount_msb) return std::nullopt;
    return rejection(ErrorCode::InsufficientTokens, address_of(member.account) + " holds " + seb(member.tokens_msb) +
                                                        ", less than " + seb(amount_msb));
}

Outcome_ handle(Call& c, const MakeOffer& op) {
    auto found = other_member(c.state, c.author, op.counterparty);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    const Member& counterparty = *std::get<Member*>(found);
    const Member& maker = *c.state.member(c.author);
    if (auto r = same_utility(maker, counterparty)) return r;
    if (op.quota_w == 0 || op.price_msb == 0)
        return rejection(ErrorCode::ZeroAmount, "an offer needs a quota and a price above zero");
    if (op.expires_at_s <= c.context.time_s)
        return rejection(ErrorCode::InvalidExpiry, "the offer must expire after the current block time");
    if (auto r = op.side == OfferSide::SellQuota ? has_quota(maker, op.quota_w) : has_tokens(maker, op.price_msb)) return r;

    Offer offer;
    offer.id = c.state.next_offer_id++;
    offer.maker = c.author;
    offer.counterparty = op.counterparty;
    offer.side = op.side;
    offer.quota_w = op.quota_w;
    offer.price_msb = op.price_msb;
    offer.created_at_s = c.context.time_s;
    offer.expires_at_s = op.expires_at_s;
    Event event = make_event(EventKind::OfferMade, c.context);
    event.actor = c.author;
    event.subject = op.counterparty;
    event.object_id = offer.id;
    event.amount = op.quota_w;
    event.amount2 = op.price_msb;
    event.text = op.side == OfferSide::SellQuota ? "sell" : "buy";
    c.events.push_back(event);
    c.state.offers.emplace(offer.id, offer);
    return std::nullopt;
}

std::variant<Offer*, Rejection> open_offer(State& state, std::uint64_t offer_id, const BlockContext& context) {
    const auto it = state.offers.find(offer_id);
    if (it == state.offers.end()) return rejection(ErrorCode::UnknownOffer, "there is no offer " + std::to_string(offer_id));
    Offer& offer = it->second;
    if (offer.status != OfferStatus::Open || context.time_s >= offer.expires_at_s)
        return rejection(ErrorCode::OfferNotOpen, "offer " + std::to_string(offer_id) + " is no longer open");
    return &offer;
}

Event close_offer(Offer& offer, OfferStatus status, EventKind kind, const BlockContext& context, const AccountId& actor) {
    offer.status = status;
    offer.closed_at_s = context.time_s;
    Event event = make_event(kind, context);
    event.actor = actor;
    event.subject = actor == offer.maker ? offer.counterparty : offer.maker;
    event.object_id = offer.id;
    event.amount = offer.quota_w;
    event.amount2 = offer.price_msb;
    return event;
}

Outcome_ handle(Call& c, const AcceptOffer& op) {
    auto found = open_offer(c.state, op.offer_id, c.context);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    Offer& offer = *std::get<Offer*>(found);
    if (offer.counterparty != c.author)
        return rejection(ErrorCode::NotCounterparty, "only the member offer " + std::to_string(offer.id) +
                                                         " was made to may accept it");
    Member& maker = *c.state.member(offer.maker);
    Member& taker = *c.state.member(offer.counterparty);
    Member& quota_giver = offer.side == OfferSide::SellQuota ? maker : taker;
    Member& token_giver = offer.side == OfferSide::SellQuota ? taker : maker;
    if (auto r = has_quota(quota_giver, offer.quota_w)) return r;
    if (auto r = has_tokens(token_giver, offer.price_msb)) return r;

    quota_giver.quota_w -= offer.quota_w;
    token_giver.quota_w += offer.quota_w;
    token_giver.tokens_msb -= offer.price_msb;
    quota_giver.tokens_msb += offer.price_msb;
    c.events.push_back(close_offer(offer, OfferStatus::Accepted, EventKind::OfferAccepted, c.context, c.author));
    return std::nullopt;
}

Outcome_ handle(Call& c, const DeclineOffer& op) {
    auto found = open_offer(c.state, op.offer_id, c.context);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    Offer& offer = *std::get<Offer*>(found);
    if (offer.counterparty != c.author)
        return rejection(ErrorCode::NotCounterparty, "only the member offer " + std::to_string(offer.id) +
                                                         " was made to may decline it");
    c.events.push_back(close_offer(offer, OfferStatus::Declined, EventKind::OfferDeclined, c.context, c.author));
    return std::nullopt;
}

Outcome_ handle(Call& c, const CancelOffer& op) {
    auto found = open_offer(c.state, op.offer_id, c.context);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    Offer& offer = *std::get<Offer*>(found);
    if (offer.maker != c.author)
        return rejection(ErrorCode::NotOfferMaker, "only the member who made offer " + std::to_string(offer.id) +
                                                       " may cancel it");
    c.events.push_back(close_offer(offer, OfferStatus::Cancelled, EventKind::OfferCancelled, c.context, c.author));
    return std::nullopt;
}

Outcome_ handle(Call& c, const GiftQuota& op) {
    auto found = other_member(c.state, c.author, op.recipient);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    Member& recipient = *std::get<Member*>(found);
    Member& giver = *c.state.member(c.author);
    if (auto r = same_utility(giver, recipient)) return r;
    if (op.quota_w == 0) return rejection(ErrorCode::ZeroAmount, "a gift of quota must be above 0 W");
    if (auto r = has_quota(giver, op.quota_w)) return r;
    giver.quota_w -= op.quota_w;
    recipient.quota_w += op.quota_w;
    Event event = make_event(EventKind::QuotaGifted, c.context);
    event.actor = c.author;
    event.subject = op.recipient;
    event.amount = op.quota_w;
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ handle(Call& c, const GiftTokens& op) {
    auto found = other_member(c.state, c.author, op.recipient);
    if (auto* r = std::get_if<Rejection>(&found)) return *r;
    Member& recipient = *std::get<Member*>(found);
    Member& giver = *c.state.member(c.author);
    if (op.amount_msb == 0) return rejection(ErrorCode::ZeroAmount, "a gift of tokens must be above 0 SEB");
    if (auto r = has_tokens(giver, op.amount_msb)) return r;
    giver.tokens_msb -= op.amount_msb;
    recipient.tokens_msb += op.amount_msb;
    Event event = make_event(EventKind::TokensGifted, c.context);
    event.actor = c.author;
    event.subject = op.recipient;
    event.amount = op.amount_msb;
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ handle(Call& c, const UpdateProfile& op) {
    if (auto r = check_sealed_profile(c.state, op.profile)) return r;
    Member& member = *c.state.member(c.author);
    member.profile_commitment = op.profile_commitment;
    member.profile = op.profile;
    Event event = make_event(EventKind::ProfileUpdated, c.context);
    event.actor = c.author;
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ handle(Call& c, const ProposeChange& op) {
    if (op.reason.size() > kReasonLengthMax)
        return rejection(ErrorCode::Malformed, "the reason must have at most 1000 characters");
    if (auto r = check_change(c.state, op.change)) return r;
    if (const auto* upgrade = std::get_if<UpgradeProtocol>(&op.change))
        if (auto r = check_upgrade_height(*upgrade, c.context)) return r;
    Referendum& referendum = open_referendum(c.state, ReferendumKind::Change, c.author, c.context, c.events);
    referendum.change = op.change;
    referendum.reason = op.reason;
    return std::nullopt;
}

Outcome_ require_current_key(const State& state, const Member& author) {
    if (author.key_epoch == state.data_key_epoch()) return std::nullopt;
    return rejection(ErrorCode::NoDataKey, "the author does not hold group data key epoch " +
                                               std::to_string(state.data_key_epoch()));
}

Outcome_ handle(Call& c, const ShareDataKey& op) {
    const Member& author = *c.state.member(c.author);
    if (auto r = require_current_key(c.state, author)) return r;
    if (op.key_epoch != c.state.data_key_epoch())
        return rejection(ErrorCode::WrongKeyEpoch, "key epoch " + std::to_string(op.key_epoch) + " is not the current " +
                                                       std::to_string(c.state.data_key_epoch()));
    Member* member = c.state.member(op.member);
    if (!member) return rejection(ErrorCode::UnknownMember, address_of(op.member) + " is not a member of the group");
    if (member->key_epoch == c.state.data_key_epoch())
        return rejection(ErrorCode::ShareNotNeeded, address_of(op.member) + " already holds the current data key");
    if (op.sealed_keys.empty()) return rejection(ErrorCode::InvalidSealedKeys, "the sealed data key is empty");
    member->key_epoch = op.key_epoch;
    member->sealed_keys = op.sealed_keys;
    Event event = make_event(EventKind::DataKeyShared, c.context);
    event.actor = c.author;
    event.subject = op.member;
    event.amount = op.key_epoch;
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ check_rotation_shares(const State& state, const RotateDataKey& op) {
    std::set<AccountId> covered;
    for (const KeyShare& share : op.shares) {
        if (!state.member(share.member) || share.sealed_keys.empty() || !covered.insert(share.member).second)
            return rejection(ErrorCode::SharesIncomplete, "each member must get exactly one non-empty share");
    }
    if (covered.size() != state.members.size())
        return rejection(ErrorCode::SharesIncomplete, std::to_string(state.members.size() - covered.size()) +
                                                          " members are missing a share of the new key");
    return std::nullopt;
}

Outcome_ handle(Call& c, const RotateDataKey& op) {
    if (!c.state.key_rotation_pending)
        return rejection(ErrorCode::RotationNotNeeded, "no member was removed since the last key rotation");
    if (auto r = require_current_key(c.state, *c.state.member(c.author))) return r;
    if (op.new_epoch != c.state.data_key_epoch() + 1)
        return rejection(ErrorCode::WrongKeyEpoch, "the new key epoch must be " + std::to_string(c.state.data_key_epoch() + 1));
    if (c.state.data_public_keys.size() >= kDataKeyEpochsMax)
        return rejection(ErrorCode::WrongKeyEpoch, "the group reached its limit of data key epochs");
    if (!crypto::is_valid_public_key(op.data_public_key))
        return rejection(ErrorCode::InvalidPublicKey, "the new data key is not a valid P-256 public key");
    if (auto r = check_rotation_shares(c.state, op)) return r;

    c.state.data_public_keys.push_back(op.data_public_key);
    for (const KeyShare& share : op.shares) {
        Member& member = *c.state.member(share.member);
        member.key_epoch = op.new_epoch;
        member.sealed_keys = share.sealed_keys;
    }
    c.state.key_rotation_pending = false;
    Event event = make_event(EventKind::DataKeyRotated, c.context);
    event.actor = c.author;
    event.amount = op.new_epoch;
    c.events.push_back(event);
    return std::nullopt;
}

// A reading's month: valid, and already begun at the block time.
Outcome_ check_reading_month(std::uint32_t month, const BlockContext& context) {
    if (!valid_month(month))
        return rejection(ErrorCode::InvalidMonth, "month " + std::to_string(month) +
                                                      " is not a valid YYYYMM between 200001 and 219912");
    if (month_start_s(month) > context.time_s)
        return rejection(ErrorCode::InvalidMonth, "month " + std::to_string(month) + " has not begun yet");
    return std::nullopt;
}

Outcome_ handle(Call& c, const RecordConsumption& op) {
    if (auto r = check_reading_month(op.month, c.context)) return r;
    if (op.connection != Connection::SinglePhase && op.connection != Connection::TwoPhase &&
        op.connection != Connection::ThreePhase)
        return rejection(ErrorCode::Malformed, "unknown connection type");
    if (op.consumption_wh > kConsumptionMaxWh)
        return rejection(ErrorCode::ReadingTooLarge, "a consumption of " + std::to_string(op.consumption_wh) +
                                                         " Wh is above the limit of 10 GWh a month");
    if (op.read_at_s < month_start_s(op.month) || op.read_at_s > c.context.time_s)
        return rejection(ErrorCode::InvalidReadingDate, "the reading date must fall between the start of month " +
                                                            std::to_string(op.month) + " and the block time");
    const auto key = std::make_pair(c.author, op.month);
    const auto it = c.state.energy.consumption.find(key);
    if (it != c.state.energy.consumption.end() && it->second.consumption_wh == op.consumption_wh &&
        it->second.read_at_s == op.read_at_s && it->second.connection == op.connection)
        return rejection(ErrorCode::ReadingUnchanged, "this reading of month " + std::to_string(op.month) +
                                                          " is already on record");
    ConsumptionReading reading;
    reading.consumption_wh = op.consumption_wh;
    reading.read_at_s = op.read_at_s;
    reading.connection = op.connection;
    reading.recorded_at_s = c.context.time_s;
    reading.revision = it == c.state.energy.consumption.end() ? 1 : it->second.revision + 1;
    c.state.energy.consumption[key] = reading;
    Event event = make_event(EventKind::ConsumptionRecorded, c.context);
    event.actor = c.author;
    event.object_id = op.month;
    event.amount = op.consumption_wh;
    event.amount2 = reading.revision;
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ handle(Call& c, const RecordGeneration& op) {
    const auto found = c.state.plants.find(op.plant_id);
    if (found == c.state.plants.end())
        return rejection(ErrorCode::UnknownPlant, "there is no plant " + std::to_string(op.plant_id));
    const Plant& plant = found->second;
    if (plant_operator(c.state, plant) != c.author)
        return rejection(ErrorCode::NotPlantOperator, "only the operator of plant " + plant.name + " (" +
                                                          address_of(plant_operator(c.state, plant)) +
                                                          ") may record its generation");
    if (auto r = check_reading_month(op.month, c.context)) return r;
    // Operating now, and already operating before the month ended.
    if (plant.status != PlantStatus::Operating || plant.operating_at_s >= month_start_s(add_months(op.month, 1)))
        return rejection(ErrorCode::PlantNotOperating, "plant " + plant.name + " was not operating in month " +
                                                           std::to_string(op.month));
    const u128 limit_wh = static_cast<u128>(plant.capacity_w) * days_in_month(op.month) * 24;
    if (op.generation_wh > limit_wh)
        return rejection(ErrorCode::ReadingTooLarge,
                         std::to_string(op.generation_wh) + " Wh is more than plant " + plant.name +
                             " can generate in month " + std::to_string(op.month) + " at its full capacity");
    const auto key = std::make_pair(op.plant_id, op.month);
    const auto it = c.state.energy.generation.find(key);
    if (it != c.state.energy.generation.end() && it->second.generation_wh == op.generation_wh)
        return rejection(ErrorCode::ReadingUnchanged, "this generation of month " + std::to_string(op.month) +
                                                          " is already on record");
    GenerationReading reading;
    reading.generation_wh = op.generation_wh;
    reading.recorded_by = c.author;
    reading.recorded_at_s = c.context.time_s;
    reading.revision = it == c.state.energy.generation.end() ? 1 : it->second.revision + 1;
    c.state.energy.generation[key] = reading;
    Event event = make_event(EventKind::GenerationRecorded, c.context);
    event.actor = c.author;
    event.object_id = op.plant_id;
    event.amount = op.generation_wh;
    event.amount2 = op.month;
    event.text = std::to_string(reading.revision);
    c.events.push_back(event);
    return std::nullopt;
}

Outcome_ check_envelope(const State& state, const Transaction& tx, const AccountId& author, const BlockContext& context) {
    if (tx.group_id != state.group_id)
        return rejection(ErrorCode::WrongGroup, "the transaction was signed for another group");
    const auto it = state.nonces.find(author);
    const std::uint64_t expected = (it == state.nonces.end() ? 0 : it->second) + 1;
    if (tx.nonce != expected)
        return rejection(ErrorCode::BadNonce, "nonce " + std::to_string(tx.nonce) + " is not the expected " +
                                                  std::to_string(expected));
    if (tx.valid_until_s < context.time_s)
        return rejection(ErrorCode::Expired, "the transaction was valid until " + std::to_string(tx.valid_until_s) +
                                                 ", before the block time " + std::to_string(context.time_s));
    if (!std::holds_alternative<RequestAdmission>(tx.op)) return require_member(state, author);
    return std::nullopt;
}

} // namespace

ApplyResult apply_transaction(State& state, const Transaction& tx, const BlockContext& context) {
    ApplyResult result;
    const AccountId author = tx.author_account();
    if (auto r = check_envelope(state, tx, author, context)) {
        result.rejection = std::move(r);
        return result;
    }
    Call call{state, tx, author, context, result.events};
    result.rejection = std::visit([&](const auto& op) { return handle(call, op); }, tx.op);
    if (result.rejection) {
        result.events.clear();
        return result;
    }
    state.nonces[author] = tx.nonce;
    return result;
}

} // namespace chain
