#include "rules/state.h"

#include "state/state_tables.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace chain {

const std::string& QuotaTrack::utility_on_day(std::int64_t day) const {
    static const std::string none;
    if (utility_by_day.empty()) return none;
    // The entry in force on `day` (the last one up to it), else the first.
    const auto* in_force = day == INT64_MAX ? utility_by_day.last() : utility_by_day.last_below(day + 1);
    return in_force ? in_force->second : utility_by_day.begin()->second;
}

namespace {

// Bounds on decoded state sizes: far above any real group, low enough that a
// damaged snapshot cannot make the decoder allocate without limit.
constexpr std::uint32_t kMembersMax = 1'000'000;
constexpr std::uint32_t kRecordsMax = 10'000'000;

} // namespace

std::uint64_t Referendum::yes_count() const {
    std::uint64_t count = 0;
    for (const auto& [account, yes] : ballots) count += yes ? 1 : 0;
    return count;
}

std::uint64_t Referendum::no_count() const { return ballots.size() - yes_count(); }

std::uint64_t Referendum::yes_needed() const { return electorate.size() / 2 + 1; }

bool Referendum::passes() const {
    const std::uint64_t yes = yes_count();
    const std::uint64_t no = no_count();
    if (approval_rule == ApprovalRule::MajorityOfElectorate) return yes >= yes_needed();
    const std::uint64_t cast = yes + no;
    return yes > no && cast * 100 >= static_cast<std::uint64_t>(quorum_percent) * electorate.size();
}

Electorate MemberMap::electorate() {
    if (electorate_.empty() && !empty()) {
        std::vector<AccountId> accounts;
        accounts.reserve(size());
        for (const auto& [account, member] : as_map()) accounts.push_back(account);
        electorate_ = Electorate::from_sorted(std::move(accounts));
    }
    return electorate_;
}

const Member* State::member(const AccountId& account) const { return members.get(account); }

// Makes the member's entry this state's own (copy on write): call the const
// overload to read.
Member* State::member(const AccountId& account) {
    return members.contains(account) ? &members.at(account) : nullptr;
}

bool EnergyLedger::in_use() const { return !(*this == EnergyLedger{}); }

AccountId plant_operator(const State& state, const Plant& plant) {
    const auto it = state.energy.plant_operators.find(plant.id);
    return it == state.energy.plant_operators.end() ? plant.proposer : it->second;
}

const char* event_name(EventKind kind) {
    static constexpr const char* names[] = {
        "group_founded",     "admission_requested", "member_admitted",     "admission_rejected",
        "vote_cast",         "referendum_opened",   "referendum_closed",   "plant_proposed",
        "plant_rejected",    "campaign_opened",     "pledge_placed",       "pledge_withdrawn",
        "campaign_succeeded", "campaign_failed",    "plant_operating",     "quota_allocated",
        "tokens_issued",     "offer_made",          "offer_accepted",      "offer_declined",
        "offer_cancelled",   "offer_expired",       "quota_gifted",        "tokens_gifted",
        "profile_updated",   "quota_moved",         "tokens_moved",        "member_removed",
        "tokens_burned",     "plant_utility_changed", "plant_removed",     "params_changed",
        "validator_added",   "validator_removed",   "data_key_shared",     "data_key_rotated",
        "consumption_recorded", "generation_recorded", "plant_operator_changed", "energy_params_changed",
        "protocol_upgraded"};
    static_assert(std::size(names) == kEventKindLast);
    const auto index = static_cast<std::size_t>(kind);
    return index >= 1 && index <= std::size(names) ? names[index - 1] : "unknown";
}

namespace codec {

namespace {

template <class Map, class EncodeKey, class EncodeValue>
void encode_map(Writer& w, const Map& map, EncodeKey encode_key, EncodeValue encode_value) {
    w.u32(static_cast<std::uint32_t>(map.size()));
    for (const auto& [key, value] : map) {
        encode_key(key);
        encode_value(value);
    }
}

template <class Map, class DecodeKey, class DecodeValue>
void decode_map(Reader& r, Map& map, std::uint32_t count_max, DecodeKey decode_key, DecodeValue decode_value) {
    map.clear();
    const std::uint32_t count = r.count(count_max);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        typename Map::key_type key = decode_key();
        typename Map::mapped_type value = decode_value();
        // Keys must be strictly increasing: one encoding per state.
        if (!map.empty() && !(map.last()->first < key)) {
            r.fail();
            return;
        }
        map.emplace_hint(map.end(), std::move(key), std::move(value));
    }
}

void encode_accounts_u64(Writer& w, const StateMap<AccountId, std::uint64_t>& map) {
    encode_map(w, map, [&](const AccountId& a) { w.fixed(a); }, [&](std::uint64_t v) { w.u64(v); });
}

void decode_accounts_u64(Reader& r, StateMap<AccountId, std::uint64_t>& map) {
    decode_map(r, map, kMembersMax, [&] { return r.fixed<20>(); }, [&] { return r.u64(); });
}

void encode_member(Writer& w, const Member& m) {
    w.fixed(m.account);
    w.fixed(m.public_key);
    w.str(m.utility);
    w.fixed(m.profile_commitment);
    encode(w, m.profile);
    w.u64(m.quota_w);
    w.u64(m.tokens_msb);
    w.i64(m.admitted_at_s);
    w.u32(m.key_epoch);
    w.bytes(m.sealed_keys);
}

Member decode_member(Reader& r) {
    Member m;
    m.account = r.fixed<20>();
    m.public_key = r.fixed<33>();
    m.utility = r.str(kNameLengthMax);
    m.profile_commitment = r.fixed<32>();
    decode(r, m.profile);
    m.quota_w = r.u64();
    m.tokens_msb = r.u64();
    m.admitted_at_s = r.i64();
    m.key_epoch = r.u32();
    m.sealed_keys = r.bytes(kSealedKeysLengthMax);
    return m;
}

void encode_applicant(Writer& w, const Applicant& a) {
    w.fixed(a.account);
    w.fixed(a.public_key);
    w.str(a.utility);
    w.fixed(a.profile_commitment);
    encode(w, a.profile);
    w.u64(a.referendum_id);
    w.i64(a.requested_at_s);
}

Applicant decode_applicant(Reader& r) {
    Applicant a;
    a.account = r.fixed<20>();
    a.public_key = r.fixed<33>();
    a.utility = r.str(kNameLengthMax);
    a.profile_commitment = r.fixed<32>();
    decode(r, a.profile);
    a.referendum_id = r.u64();
    a.requested_at_s = r.i64();
    return a;
}

void encode_plant(Writer& w, const Plant& p) {
    w.u64(p.id);
    w.str(p.name);
    w.u8(static_cast<std::uint8_t>(p.source));
    w.u64(p.capacity_w);
    w.u64(p.cost_cents);
    w.str(p.utility);
    w.str(p.location);
    w.u64(p.time_to_market_s);
    w.fixed(p.proposer);
    w.u8(static_cast<std::uint8_t>(p.status));
    w.u64(p.referendum_id);
    w.i64(p.proposed_at_s);
    w.i64(p.campaign_opened_at_s);
    w.i64(p.campaign_deadline_s);
    w.i64(p.funded_at_s);
    w.i64(p.operating_at_s);
    w.i64(p.closed_at_s);
    encode_accounts_u64(w, p.pledges_cents);
    w.u64(p.pledged_cents);
    encode_accounts_u64(w, p.allocated_quota_w);
    encode_accounts_u64(w, p.allocated_tokens_msb);
}

Plant decode_plant(Reader& r) {
    Plant p;
    p.id = r.u64();
    p.name = r.str(kNameLengthMax);
    const std::uint8_t source = r.u8();
    if (source < 1 || source > kPlantSourceLast) r.fail();
    p.source = static_cast<PlantSource>(source);
    p.capacity_w = r.u64();
    p.cost_cents = r.u64();
    p.utility = r.str(kNameLengthMax);
    p.location = r.str(kNameLengthMax);
    p.time_to_market_s = r.u64();
    p.proposer = r.fixed<20>();
    const std::uint8_t status = r.u8();
    if (status < 1 || status > kPlantStatusLast) r.fail();
    p.status = static_cast<PlantStatus>(status);
    p.referendum_id = r.u64();
    p.proposed_at_s = r.i64();
    p.campaign_opened_at_s = r.i64();
    p.campaign_deadline_s = r.i64();
    p.funded_at_s = r.i64();
    p.operating_at_s = r.i64();
    p.closed_at_s = r.i64();
    decode_accounts_u64(r, p.pledges_cents);
    p.pledged_cents = r.u64();
    decode_accounts_u64(r, p.allocated_quota_w);
    decode_accounts_u64(r, p.allocated_tokens_msb);
    return p;
}

void encode_referendum(Writer& w, const Referendum& v) {
    w.u64(v.id);
    w.u8(static_cast<std::uint8_t>(v.kind));
    w.fixed(v.proposer);
    w.i64(v.opened_at_s);
    w.i64(v.deadline_s);
    w.u32(static_cast<std::uint32_t>(v.electorate.size()));
    w.fixed(v.electorate.bytes()); // every account's 20 bytes, in order
    encode_map(w, v.ballots, [&](const AccountId& a) { w.fixed(a); }, [&](bool yes) { w.boolean(yes); });
    w.u8(static_cast<std::uint8_t>(v.approval_rule));
    w.u32(v.quorum_percent);
    w.u8(static_cast<std::uint8_t>(v.outcome));
    w.i64(v.closed_at_s);
    w.u16(static_cast<std::uint16_t>(v.void_reason));
    w.fixed(v.applicant);
    w.u64(v.plant_id);
    w.boolean(v.change.has_value());
    if (v.change) encode(w, *v.change);
    w.str(v.reason);
}

Referendum decode_referendum(Reader& r) {
    Referendum v;
    v.id = r.u64();
    const std::uint8_t kind = r.u8();
    if (kind < 1 || kind > kReferendumKindLast) r.fail();
    v.kind = static_cast<ReferendumKind>(kind);
    v.proposer = r.fixed<20>();
    v.opened_at_s = r.i64();
    v.deadline_s = r.i64();
    const std::uint32_t electorate_count = r.count(kMembersMax);
    std::vector<AccountId> electorate;
    // Bounded by what is left to read, not by the claimed count.
    electorate.reserve(std::min<std::size_t>(electorate_count, r.remaining() / sizeof(AccountId)));
    for (std::uint32_t i = 0; i < electorate_count && r.ok(); ++i) {
        const AccountId account = r.fixed<20>();
        if (!electorate.empty() && !(electorate.back() < account)) r.fail();
        electorate.push_back(account);
    }
    v.electorate = Electorate::from_sorted(std::move(electorate));
    decode_map(r, v.ballots, kMembersMax, [&] { return r.fixed<20>(); }, [&] { return r.boolean(); });
    const std::uint8_t rule = r.u8();
    if (rule < 1 || rule > kApprovalRuleLast) r.fail();
    v.approval_rule = static_cast<ApprovalRule>(rule);
    v.quorum_percent = r.u32();
    const std::uint8_t outcome = r.u8();
    if (outcome > kOutcomeLast) r.fail();
    v.outcome = static_cast<Outcome>(outcome);
    v.closed_at_s = r.i64();
    v.void_reason = static_cast<ErrorCode>(r.u16());
    v.applicant = r.fixed<20>();
    v.plant_id = r.u64();
    if (r.boolean()) {
        Change change;
        decode(r, change);
        v.change = std::move(change);
    }
    v.reason = r.str(kReasonLengthMax);
    return v;
}

// Referendums opened one after the other under one membership held one
// electorate before the state was encoded: let them share one list again.
void share_equal_electorates(StateMap<std::uint64_t, Referendum>& referendums) {
    std::vector<std::uint64_t> ids;
    ids.reserve(referendums.size());
    for (const auto& entry : referendums) ids.push_back(entry.first);
    const auto& read = std::as_const(referendums);
    for (std::size_t i = 1; i < ids.size(); ++i) {
        const Electorate& previous = read.at(ids[i - 1]).electorate;
        const Electorate& electorate = read.at(ids[i]).electorate;
        if (electorate == previous && !electorate.shares_list_with(previous))
            referendums.at(ids[i]).electorate = Electorate(previous);
    }
}

void encode_offer(Writer& w, const Offer& o) {
    w.u64(o.id);
    w.fixed(o.maker);
    w.fixed(o.counterparty);
    w.u8(static_cast<std::uint8_t>(o.side));
    w.u64(o.quota_w);
    w.u64(o.price_msb);
    w.i64(o.created_at_s);
    w.i64(o.expires_at_s);
    w.u8(static_cast<std::uint8_t>(o.status));
    w.i64(o.closed_at_s);
}

Offer decode_offer(Reader& r) {
    Offer o;
    o.id = r.u64();
    o.maker = r.fixed<20>();
    o.counterparty = r.fixed<20>();
    const std::uint8_t side = r.u8();
    if (side < 1 || side > kOfferSideLast) r.fail();
    o.side = static_cast<OfferSide>(side);
    o.quota_w = r.u64();
    o.price_msb = r.u64();
    o.created_at_s = r.i64();
    o.expires_at_s = r.i64();
    const std::uint8_t status = r.u8();
    if (status < 1 || status > kOfferStatusLast) r.fail();
    o.status = static_cast<OfferStatus>(status);
    o.closed_at_s = r.i64();
    return o;
}

// Versions of the state's encoding (not the group's protocol version, which
// is one of the fields). Layout 1 is the one before energy readings; layout 2
// appends the energy section; layout 3 appends the energy section and then
// the protocol section. Each state has one layout: 3 when its protocol fields
// differ from a group that never upgraded (version 1, nothing pending), else
// 2 when it uses energy readings, else 1 -- byte for byte as before, so that
// the roots of groups founded earlier do not change.
constexpr std::uint16_t kStateVersionBase = 1;
constexpr std::uint16_t kStateVersionEnergy = 2;
constexpr std::uint16_t kStateVersionProtocol = 3;

bool protocol_in_use(const State& s) { return s.protocol_version != kProtocolVersionLegacy || s.pending_upgrade.has_value(); }

void encode_protocol(Writer& w, const State& s) {
    w.u32(s.protocol_version);
    w.boolean(s.pending_upgrade.has_value());
    if (s.pending_upgrade) {
        w.u32(s.pending_upgrade->version);
        w.u64(s.pending_upgrade->effective_height);
    }
}

void decode_protocol(Reader& r, State& s) {
    s.protocol_version = r.u32();
    if (!protocol_version_supported(s.protocol_version)) r.fail();
    s.pending_upgrade.reset();
    if (r.boolean()) {
        PendingUpgrade pending;
        pending.version = r.u32();
        pending.effective_height = r.u64();
        // What the rules let a referendum approve: a later version this software runs.
        if (pending.version <= s.protocol_version || !protocol_version_supported(pending.version)) r.fail();
        s.pending_upgrade = pending;
    }
    // One encoding per state: a group that never upgraded is written without the section.
    if (!protocol_in_use(s)) r.fail();
}

void encode_energy(Writer& w, const EnergyLedger& e) {
    encode(w, e.params);
    encode_map(
        w, e.consumption,
        [&](const std::pair<AccountId, std::uint32_t>& key) { w.fixed(key.first); w.u32(key.second); },
        [&](const ConsumptionReading& v) {
            w.u64(v.consumption_wh); w.i64(v.read_at_s); w.u8(static_cast<std::uint8_t>(v.connection));
            w.i64(v.recorded_at_s); w.u32(v.revision);
        });
    encode_map(
        w, e.generation,
        [&](const std::pair<std::uint64_t, std::uint32_t>& key) { w.u64(key.first); w.u32(key.second); },
        [&](const GenerationReading& v) {
            w.u64(v.generation_wh); w.fixed(v.recorded_by); w.i64(v.recorded_at_s); w.u32(v.revision);
        });
    encode_map(w, e.plant_operators, [&](std::uint64_t id) { w.u64(id); }, [&](const AccountId& a) { w.fixed(a); });
    w.boolean(e.tracking);
    w.i64(e.tracking_since_day);
    encode_map(w, e.quota_tracks, [&](const AccountId& a) { w.fixed(a); }, [&](const QuotaTrack& t) {
        encode_map(w, t.utility_by_day, [&](std::int64_t day) { w.i64(day); }, [&](const std::string& u) { w.str(u); });
        encode_map(w, t.quota_w_by_day, [&](std::int64_t day) { w.i64(day); }, [&](std::uint64_t q) { w.u64(q); });
    });
}

void decode_energy(Reader& r, EnergyLedger& e) {
    decode(r, e.params);
    decode_map(
        r, e.consumption, kRecordsMax,
        [&] { const AccountId a = r.fixed<20>(); return std::pair<AccountId, std::uint32_t>(a, r.u32()); },
        [&] {
            ConsumptionReading v;
            v.consumption_wh = r.u64();
            v.read_at_s = r.i64();
            const std::uint8_t connection = r.u8();
            if (connection < 1 || connection > kConnectionLast) r.fail();
            v.connection = static_cast<Connection>(connection);
            v.recorded_at_s = r.i64();
            v.revision = r.u32();
            return v;
        });
    decode_map(
        r, e.generation, kRecordsMax,
        [&] { const std::uint64_t id = r.u64(); return std::pair<std::uint64_t, std::uint32_t>(id, r.u32()); },
        [&] {
            GenerationReading v;
            v.generation_wh = r.u64();
            v.recorded_by = r.fixed<20>();
            v.recorded_at_s = r.i64();
            v.revision = r.u32();
            return v;
        });
    decode_map(r, e.plant_operators, kRecordsMax, [&] { return r.u64(); }, [&] { return r.fixed<20>(); });
    e.tracking = r.boolean();
    e.tracking_since_day = r.i64();
    decode_map(r, e.quota_tracks, kMembersMax, [&] { return r.fixed<20>(); }, [&] {
        QuotaTrack t;
        decode_map(r, t.utility_by_day, kRecordsMax, [&] { return r.i64(); }, [&] { return r.str(kNameLengthMax); });
        decode_map(r, t.quota_w_by_day, kRecordsMax, [&] { return r.i64(); }, [&] { return r.u64(); });
        return t;
    });
}

} // namespace

void encode(Writer& w, const Member& v) { encode_member(w, v); }
void decode(Reader& r, Member& v) { v = decode_member(r); }
void encode(Writer& w, const Applicant& v) { encode_applicant(w, v); }
void decode(Reader& r, Applicant& v) { v = decode_applicant(r); }
void encode(Writer& w, const Plant& v) { encode_plant(w, v); }
void decode(Reader& r, Plant& v) { v = decode_plant(r); }
void encode(Writer& w, const Referendum& v) { encode_referendum(w, v); }
void decode(Reader& r, Referendum& v) { v = decode_referendum(r); }
void encode(Writer& w, const Offer& v) { encode_offer(w, v); }
void decode(Reader& r, Offer& v) { v = decode_offer(r); }

void encode(Writer& w, const State& s) {
    const bool energy = s.energy.in_use();
    const bool protocol = protocol_in_use(s);
    w.u16(protocol ? kStateVersionProtocol : energy ? kStateVersionEnergy : kStateVersionBase);
    w.fixed(s.group_id);
    w.str(s.group_name);
    w.str(s.token_symbol);
    w.boolean(s.dev_group);
    w.i64(s.genesis_time_s);
    encode(w, s.params);
    w.u64(s.height);
    w.i64(s.time_s);
    encode_map(w, s.members, [&](const AccountId& a) { w.fixed(a); }, [&](const Member& m) { encode_member(w, m); });
    encode_map(w, s.applicants, [&](const AccountId& a) { w.fixed(a); }, [&](const Applicant& a) { encode_applicant(w, a); });
    encode_accounts_u64(w, s.nonces);
    encode_map(w, s.plants, [&](std::uint64_t id) { w.u64(id); }, [&](const Plant& p) { encode_plant(w, p); });
    encode_map(w, s.referendums, [&](std::uint64_t id) { w.u64(id); }, [&](const Referendum& v) { encode_referendum(w, v); });
    encode_map(w, s.offers, [&](std::uint64_t id) { w.u64(id); }, [&](const Offer& o) { encode_offer(w, o); });
    w.u32(static_cast<std::uint32_t>(s.validators.size()));
    for (const PublicKey& key : s.validators) w.fixed(key);
    w.u32(static_cast<std::uint32_t>(s.data_public_keys.size()));
    for (const PublicKey& key : s.data_public_keys) w.fixed(key);
    w.boolean(s.key_rotation_pending);
    w.u64(s.capacity_w);
    w.u64(s.tokens_issued_msb);
    w.u64(s.tokens_burned_msb);
    w.u64(s.next_plant_id);
    w.u64(s.next_referendum_id);
    w.u64(s.next_offer_id);
    if (energy || protocol) encode_energy(w, s.energy);
    if (protocol) encode_protocol(w, s);
}

void decode(Reader& r, State& s) {
    const std::uint16_t version = r.u16();
    if (version != kStateVersionBase && version != kStateVersionEnergy && version != kStateVersionProtocol) r.fail();
    s.group_id = r.fixed<32>();
    s.group_name = r.str(kNameLengthMax);
    s.token_symbol = r.str(kSymbolLengthMax);
    s.dev_group = r.boolean();
    s.genesis_time_s = r.i64();
    decode(r, s.params);
    s.height = r.u64();
    s.time_s = r.i64();
    decode_map(r, s.members, kMembersMax, [&] { return r.fixed<20>(); }, [&] { return decode_member(r); });
    decode_map(r, s.applicants, kMembersMax, [&] { return r.fixed<20>(); }, [&] { return decode_applicant(r); });
    decode_accounts_u64(r, s.nonces);
    decode_map(r, s.plants, kRecordsMax, [&] { return r.u64(); }, [&] { return decode_plant(r); });
    decode_map(r, s.referendums, kRecordsMax, [&] { return r.u64(); }, [&] { return decode_referendum(r); });
    share_equal_electorates(s.referendums);
    decode_map(r, s.offers, kRecordsMax, [&] { return r.u64(); }, [&] { return decode_offer(r); });
    const std::uint32_t validator_count = r.count(kValidatorsMax);
    s.validators.clear();
    for (std::uint32_t i = 0; i < validator_count && r.ok(); ++i) s.validators.push_back(r.fixed<33>());
    const std::uint32_t epoch_count = r.count(kDataKeyEpochsMax);
    s.data_public_keys.clear();
    for (std::uint32_t i = 0; i < epoch_count && r.ok(); ++i) s.data_public_keys.push_back(r.fixed<33>());
    if (s.data_public_keys.empty()) r.fail();
    s.key_rotation_pending = r.boolean();
    s.capacity_w = r.u64();
    s.tokens_issued_msb = r.u64();
    s.tokens_burned_msb = r.u64();
    s.next_plant_id = r.u64();
    s.next_referendum_id = r.u64();
    s.next_offer_id = r.u64();
    s.energy = EnergyLedger{};
    if (version == kStateVersionEnergy) {
        decode_energy(r, s.energy);
        // One encoding per state: an unused energy ledger is written as version 1.
        if (!s.energy.in_use()) r.fail();
    }
    s.protocol_version = kProtocolVersionLegacy;
    s.pending_upgrade.reset();
    if (version == kStateVersionProtocol) {
        decode_energy(r, s.energy); // in use or not: layout 3 always has it
        decode_protocol(r, s);
    }
}

void encode(Writer& w, const Event& e) {
    w.u16(static_cast<std::uint16_t>(e.kind));
    w.u64(e.height);
    w.i64(e.time_s);
    w.fixed(e.actor);
    w.fixed(e.subject);
    w.u64(e.object_id);
    w.u64(e.amount);
    w.u64(e.amount2);
    w.str(e.text);
}

void decode(Reader& r, Event& e) {
    const std::uint16_t kind = r.u16();
    if (kind < 1 || kind > kEventKindLast) r.fail();
    e.kind = static_cast<EventKind>(kind);
    e.height = r.u64();
    e.time_s = r.i64();
    e.actor = r.fixed<20>();
    e.subject = r.fixed<20>();
    e.object_id = r.u64();
    e.amount = r.u64();
    e.amount2 = r.u64();
    e.text = r.str(kReasonLengthMax);
}

} // namespace codec

// The encoding goes to the hash in pieces as it is written: a state with many
// referendums encodes to tens of megabytes, and building that buffer (its
// growth, the fresh pages) cost more than hashing it.
Hash256 state_root_v1(const State& state) {
    crypto::TaggedHasher hasher("rateio/state");
    codec::Writer writer([&](ByteView piece) { hasher.update(piece); });
    codec::encode(writer, state);
    writer.flush();
    return hasher.finish();
}

// A block's root follows the version in force when the block ends, so every
// node replays each block under the version it was made with. No input can
// bring another version here (the codec refuses it and the rules never
// approve it): reaching the end means this code is wrong, and a node must
// stop rather than sign or accept a root it cannot define.
Hash256 state_root(const State& state) {
    if (state.protocol_version == kProtocolVersionLegacy) return state_root_v1(state);
    if (state.protocol_version == kProtocolVersionStateTables) return state_root_v2(state);
    std::fprintf(stderr, "state_root: protocol version %u is not one this software runs\n",
                 static_cast<unsigned>(state.protocol_version));
    std::abort();
}

} // namespace chain
