#pragma once
// The group state that the rules engine transforms, and the events it emits.
// Ordered containers only, so that iteration order, and with it the state
// root, is the same on every node. The maps are copy-on-write (StateMap,
// chain/state/cow_map.h): a copy of the state costs O(1) per map, and a block
// applied to a copy copies only the entries it changes.

#include "ledger/ledger.h"
#include "rules/electorate.h"
#include "rules/errors.h"
#include "state/cow_map.h"

#include <atomic>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace chain {

template <class K, class V>
using StateMap = state::CowMap<K, V>;

inline constexpr std::uint32_t kNoKeyEpoch = 0xffffffffu;
// A group rotates its data key once per member removal; this bounds the key ring.
inline constexpr std::uint32_t kDataKeyEpochsMax = 1000;

struct Member {
    AccountId account{};
    PublicKey public_key{};
    std::string utility;
    Hash256 profile_commitment{};
    SealedProfile profile;
    std::uint64_t quota_w = 0;
    std::uint64_t tokens_msb = 0;
    std::int64_t admitted_at_s = 0;
    // The latest group data key epoch this member holds a share of.
    std::uint32_t key_epoch = kNoKeyEpoch;
    Bytes sealed_keys;

    bool operator==(const Member&) const = default;
};

// The members by account: a StateMap that also keeps the electorate of a
// referendum opened now (every member's account), built at the first opening
// and shared by every referendum opened until an account is added or removed.
// Only the operations that may add or remove a key drop it; a member's fields
// may change freely (a map's keys are const), so whoever changes the map,
// the electorate cannot go stale. It is not part of the state: not encoded,
// not compared, and a decoded or default state starts without one.
class MemberMap : private StateMap<AccountId, Member> {
    using Map = StateMap<AccountId, Member>;

public:
    using Map::const_iterator;
    using Map::iterator;
    using Map::key_type;
    using Map::mapped_type;
    using Map::size_type;
    using Map::value_type;

    MemberMap() = default;
    MemberMap(std::initializer_list<value_type> members) : Map(members) {}
    // Accounts strictly increasing: built in one pass (a store's bulk load).
    static MemberMap from_sorted(std::vector<std::pair<AccountId, Member>> members) {
        MemberMap map;
        static_cast<Map&>(map) = Map::from_sorted(std::move(members));
        return map;
    }
    // Two halves split at the accounts' first bit (MerkleMap::join_halves).
    static MemberMap join_halves(MemberMap low, MemberMap high) {
        MemberMap map;
        static_cast<Map&>(map) = Map::join_halves(std::move(low), std::move(high));
        return map;
    }

    using Map::at;
    using Map::begin;
    using Map::cbegin;
    using Map::cend;
    using Map::contains;
    using Map::count;
    using Map::empty;
    using Map::end;
    using Map::find;
    using Map::get;
    using Map::last;
    using Map::lower_bound;
    using Map::size;
    using Map::upper_bound;

    // The operations that may add or remove an account.
    Member& operator[](const AccountId& account) {
        if (!contains(account)) electorate_ = {};
        return Map::operator[](account);
    }
    template <class Value>
    std::pair<iterator, bool> emplace(const AccountId& account, Value&& member) {
        electorate_ = {};
        return Map::emplace(account, std::forward<Value>(member));
    }
    template <class Value>
    iterator emplace_hint(const_iterator hint, const AccountId& account, Value&& member) {
        electorate_ = {};
        return Map::emplace_hint(hint, account, std::forward<Value>(member));
    }
    std::pair<iterator, bool> insert(const value_type& member) {
        electorate_ = {};
        return Map::insert(member);
    }
    size_type erase(const AccountId& account) {
        electorate_ = {};
        return Map::erase(account);
    }
    iterator erase(const iterator& it) {
        electorate_ = {};
        return Map::erase(it);
    }
    void clear() {
        electorate_ = {};
        Map::clear();
    }

    // Every member's account: the electorate of a referendum opened now.
    // Not const: the first call after a change builds it (in N), later ones
    // hand out the same list (in 1).
    Electorate electorate();

    bool operator==(const MemberMap& other) const { return as_map() == other.as_map(); }
    const Map& as_map() const { return *this; }

private:
    // Empty when not built yet (or when there are no members).
    Electorate electorate_;
};

// A non-member waiting for their admission referendum.
struct Applicant {
    AccountId account{};
    PublicKey public_key{};
    std::string utility;
    Hash256 profile_commitment{};
    SealedProfile profile;
    std::uint64_t referendum_id = 0;
    std::int64_t requested_at_s = 0;

    bool operator==(const Applicant&) const = default;
};

enum class PlantStatus : std::uint8_t {
    Proposed = 1,  // referendum open
    Rejected = 2,  // referendum lost
    Campaign = 3,  // crowdfunding open
    Failed = 4,    // campaign deadline passed short of the cost
    Building = 5,  // fully funded, waiting for its start
    Operating = 6, // adds to the group capacity
    Removed = 7,   // removed by referendum
};
// The highest status: decoding refuses any above it (enumerators_span
// fails to compile when an enumerator is added and this does not move).
inline constexpr std::uint8_t kPlantStatusLast = static_cast<std::uint8_t>(PlantStatus::Removed);
constexpr bool is_enumerator(PlantStatus status) {
    switch (status) {
    case PlantStatus::Proposed:
    case PlantStatus::Rejected:
    case PlantStatus::Campaign:
    case PlantStatus::Failed:
    case PlantStatus::Building:
    case PlantStatus::Operating:
    case PlantStatus::Removed: return true;
    }
    return false;
}
static_assert(enumerators_span<PlantStatus>(1, kPlantStatusLast));

struct Plant {
    std::uint64_t id = 0;
    std::string name;
    PlantSource source = PlantSource::Solar;
    std::uint64_t capacity_w = 0;
    std::uint64_t cost_cents = 0;
    std::string utility;
    std::string location;
    std::uint64_t time_to_market_s = 0;
    AccountId proposer{};
    PlantStatus status = PlantStatus::Proposed;
    std::uint64_t referendum_id = 0;
    std::int64_t proposed_at_s = 0;
    std::int64_t campaign_opened_at_s = 0;
    std::int64_t campaign_deadline_s = 0;
    std::int64_t funded_at_s = 0;
    std::int64_t operating_at_s = 0; // planned start while Building, actual once Operating
    std::int64_t closed_at_s = 0;    // rejected, failed or removed
    StateMap<AccountId, std::uint64_t> pledges_cents;
    std::uint64_t pledged_cents = 0;
    // Quota and tokens each funder received when the plant started.
    StateMap<AccountId, std::uint64_t> allocated_quota_w;
    StateMap<AccountId, std::uint64_t> allocated_tokens_msb;

    bool operator==(const Plant&) const = default;
};

enum class ReferendumKind : std::uint8_t { Admission = 1, Plant = 2, Change = 3 };
inline constexpr std::uint8_t kReferendumKindLast = static_cast<std::uint8_t>(ReferendumKind::Change);
constexpr bool is_enumerator(ReferendumKind kind) {
    switch (kind) {
    case ReferendumKind::Admission:
    case ReferendumKind::Plant:
    case ReferendumKind::Change: return true;
    }
    return false;
}
static_assert(enumerators_span<ReferendumKind>(1, kReferendumKindLast));
enum class Outcome : std::uint8_t {
    Pending = 0,
    Approved = 1,
    Rejected = 2,
    // Approved, but the change could no longer be carried out when it closed
    // (say, the member to move quota from no longer holds it).
    Void = 3,
};
inline constexpr std::uint8_t kOutcomeLast = static_cast<std::uint8_t>(Outcome::Void);
constexpr bool is_enumerator(Outcome outcome) {
    switch (outcome) {
    case Outcome::Pending:
    case Outcome::Approved:
    case Outcome::Rejected:
    case Outcome::Void: return true;
    }
    return false;
}
static_assert(enumerators_span<Outcome>(0, kOutcomeLast));

struct Referendum {
    std::uint64_t id = 0;
    ReferendumKind kind = ReferendumKind::Admission;
    AccountId proposer{};
    std::int64_t opened_at_s = 0;
    std::int64_t deadline_s = 0;
    Electorate electorate; // the members when it opened, less those removed since while it is pending
    StateMap<AccountId, bool> ballots;
    ApprovalRule approval_rule = ApprovalRule::MajorityOfElectorate;
    std::uint32_t quorum_percent = 0;
    Outcome outcome = Outcome::Pending;
    std::int64_t closed_at_s = 0;
    ErrorCode void_reason = ErrorCode::None;
    AccountId applicant{};           // Admission
    std::uint64_t plant_id = 0;      // Plant
    std::optional<Change> change;    // Change
    std::string reason;

    std::uint64_t yes_count() const;
    std::uint64_t no_count() const;
    bool operator==(const Referendum&) const = default;
    // Whether the votes cast so far meet the approval rule fixed at opening.
    bool passes() const;
    // YES votes needed under MajorityOfElectorate.
    std::uint64_t yes_needed() const;
};

enum class OfferStatus : std::uint8_t { Open = 1, Accepted = 2, Declined = 3, Cancelled = 4, Expired = 5 };
inline constexpr std::uint8_t kOfferStatusLast = static_cast<std::uint8_t>(OfferStatus::Expired);
constexpr bool is_enumerator(OfferStatus status) {
    switch (status) {
    case OfferStatus::Open:
    case OfferStatus::Accepted:
    case OfferStatus::Declined:
    case OfferStatus::Cancelled:
    case OfferStatus::Expired: return true;
    }
    return false;
}
static_assert(enumerators_span<OfferStatus>(1, kOfferStatusLast));

struct Offer {
    std::uint64_t id = 0;
    AccountId maker{};
    AccountId counterparty{};
    OfferSide side = OfferSide::SellQuota;
    std::uint64_t quota_w = 0;
    std::uint64_t price_msb = 0;
    std::int64_t created_at_s = 0;
    std::int64_t expires_at_s = 0;
    OfferStatus status = OfferStatus::Open;
    std::int64_t closed_at_s = 0;

    bool operator==(const Offer&) const = default;
};

// --- Energy readings ---------------------------------------------------------

// The latest consumption recorded for one member and month.
struct ConsumptionReading {
    std::uint64_t consumption_wh = 0;
    std::int64_t read_at_s = 0;
    Connection connection = Connection::SinglePhase;
    std::int64_t recorded_at_s = 0;
    std::uint32_t revision = 1; // 1 for the first record, +1 for each correction

    bool operator==(const ConsumptionReading&) const = default;
};

// The latest generation recorded for one plant and month.
struct GenerationReading {
    std::uint64_t generation_wh = 0;
    AccountId recorded_by{};
    std::int64_t recorded_at_s = 0;
    std::uint32_t revision = 1;

    bool operator==(const GenerationReading&) const = default;
};

// One account's quota over time, by day (see energy.h for the day), so that a
// month's generation can be shared by the quotas of each of its days.
struct QuotaTrack {
    // The member's utility from that day on: a member removed and admitted
    // again under another utility keeps the earlier months on the earlier one.
    StateMap<std::int64_t, std::string> utility_by_day;
    // Quota from that day on (the quota at the end of the day's last block).
    StateMap<std::int64_t, std::uint64_t> quota_w_by_day;

    // The utility on a day (the first one for days before the track began).
    const std::string& utility_on_day(std::int64_t day) const;
    const std::string& current_utility() const { return utility_on_day(INT64_MAX); }

    bool operator==(const QuotaTrack&) const = default;
};

// Everything the energy-credit rules keep. A group founded before these
// rules holds none of it (legacy limits, no readings, no tracking), and then
// the state encodes exactly as it did before, so old state roots still match.
struct EnergyLedger {
    EnergyParams params = kLegacyEnergyParams;
    StateMap<std::pair<AccountId, std::uint32_t>, ConsumptionReading> consumption; // (member, YYYYMM)
    StateMap<std::pair<std::uint64_t, std::uint32_t>, GenerationReading> generation; // (plant, YYYYMM)
    // Operators named by referendum; a plant without an entry is operated by its proposer.
    StateMap<std::uint64_t, AccountId> plant_operators;
    // Quota tracking starts at the first block end once the group uses any of
    // the above; days before it count at the quotas of its first day.
    bool tracking = false;
    std::int64_t tracking_since_day = 0;
    StateMap<AccountId, QuotaTrack> quota_tracks;

    bool operator==(const EnergyLedger&) const = default;
    // Whether anything differs from a group that never used energy readings.
    bool in_use() const;
};

// A protocol upgrade the group approved that has not taken effect yet.
struct PendingUpgrade {
    std::uint32_t version = 0;
    std::uint64_t effective_height = 0;

    bool operator==(const PendingUpgrade&) const = default;
};

namespace state {
struct RootCache;
}

// Not part of the state: what end_block needs to find the deadlines due and
// the quotas that changed without reading every referendum, plant, offer and
// member the group ever had (rules/changes.cpp). It is brought up to date
// from the maps' differences since it last was (StateMap::diff), so its cost
// follows the changes; a state without one (decoded, or new) builds it once.
// Not encoded, not compared; a copy of the state shares it.
struct BlockIndex {
    // By (time, id): what falls due at that time.
    using Due = StateMap<std::pair<std::int64_t, std::uint64_t>, bool>;

    bool built = false;
    StateMap<std::uint64_t, Referendum> referendums_seen;
    StateMap<std::uint64_t, Plant> plants_seen;
    StateMap<std::uint64_t, Offer> offers_seen;
    Due referendum_deadlines; // pending referendums
    Due campaign_deadlines;   // plants in campaign
    Due plant_starts;         // plants building
    Due offer_expiries;       // open offers

    // The members when quotas were last tracked (track_quotas).
    bool tracked = false;
    StateMap<AccountId, Member> members_tracked;
};

// Where a State keeps the root it was last hashed to, with what computing the
// next one from it needs (state/state_diff.h). Not part of the state: not
// encoded, not compared. A copy of the state shares it, which is what makes
// the copy's root cost only what changed since. Atomic, since a const State
// fills it and a node's threads may read one State together.
class RootCacheSlot {
public:
    RootCacheSlot() = default;
    RootCacheSlot(const RootCacheSlot& other) : cache_(other.load()) {}
    RootCacheSlot& operator=(const RootCacheSlot& other) {
        cache_.store(other.load());
        return *this;
    }
    std::shared_ptr<const state::RootCache> load() const { return cache_.load(std::memory_order_acquire); }
    void store(std::shared_ptr<const state::RootCache> cache) const {
        cache_.store(std::move(cache), std::memory_order_release);
    }

private:
    mutable std::atomic<std::shared_ptr<const state::RootCache>> cache_;
};

struct State {
    Hash256 group_id{};
    std::string group_name;
    std::string token_symbol;
    bool dev_group = false;
    std::int64_t genesis_time_s = 0;
    GroupParams params;

    std::uint64_t height = 0;
    std::int64_t time_s = 0;

    MemberMap members;
    StateMap<AccountId, Applicant> applicants;
    // Last nonce used by every account that ever signed a transaction.
    StateMap<AccountId, std::uint64_t> nonces;
    StateMap<std::uint64_t, Plant> plants;
    StateMap<std::uint64_t, Referendum> referendums;
    StateMap<std::uint64_t, Offer> offers;
    std::vector<PublicKey> validators; // sorted

    // Group data key: one public key per epoch; index = epoch.
    std::vector<PublicKey> data_public_keys;
    bool key_rotation_pending = false;

    std::uint64_t capacity_w = 0; // operating plants
    std::uint64_t tokens_issued_msb = 0;
    std::uint64_t tokens_burned_msb = 0;

    std::uint64_t next_plant_id = 1;
    std::uint64_t next_referendum_id = 1;
    std::uint64_t next_offer_id = 1;

    EnergyLedger energy;

    // The protocol version the group runs (ledger.h), and the upgrade it
    // approved, if any: at most one at a time. A state at version 1 with no
    // upgrade pending is encoded exactly as before versions existed.
    std::uint32_t protocol_version = kProtocolVersionLegacy;
    std::optional<PendingUpgrade> pending_upgrade;

    // Not part of the state (see RootCacheSlot and BlockIndex).
    RootCacheSlot root_cache;
    BlockIndex index;

    std::uint32_t data_key_epoch() const { return static_cast<std::uint32_t>(data_public_keys.size() - 1); }
    const Member* member(const AccountId& account) const;
    Member* member(const AccountId& account);
};

enum class EventKind : std::uint16_t {
    GroupFounded = 1,
    AdmissionRequested,
    MemberAdmitted,
    AdmissionRejected,
    VoteCast,
    ReferendumOpened,
    ReferendumClosed,
    PlantProposed,
    PlantRejected,
    CampaignOpened,
    PledgePlaced,
    PledgeWithdrawn,
    CampaignSucceeded,
    CampaignFailed,
    PlantOperating,
    QuotaAllocated,
    TokensIssued,
    OfferMade,
    OfferAccepted,
    OfferDeclined,
    OfferCancelled,
    OfferExpired,
    QuotaGifted,
    TokensGifted,
    ProfileUpdated,
    QuotaMoved,
    TokensMoved,
    MemberRemoved,
    TokensBurned,
    PlantUtilityChanged,
    PlantRemoved,
    ParamsChanged,
    ValidatorAdded,
    ValidatorRemoved,
    DataKeyShared,
    DataKeyRotated,
    ConsumptionRecorded,  // actor: the member; object_id: YYYYMM; amount: Wh; amount2: revision
    GenerationRecorded,   // actor: the operator; object_id: plant; amount: Wh; amount2: YYYYMM; text: revision
    PlantOperatorChanged, // object_id: plant; subject: the new operator
    EnergyParamsChanged,
    ProtocolUpgraded, // amount: the new protocol version; amount2: the one before
};
inline constexpr std::uint16_t kEventKindLast = static_cast<std::uint16_t>(EventKind::ProtocolUpgraded);
constexpr bool is_enumerator(EventKind kind) {
    switch (kind) {
    case EventKind::GroupFounded:
    case EventKind::AdmissionRequested:
    case EventKind::MemberAdmitted:
    case EventKind::AdmissionRejected:
    case EventKind::VoteCast:
    case EventKind::ReferendumOpened:
    case EventKind::ReferendumClosed:
    case EventKind::PlantProposed:
    case EventKind::PlantRejected:
    case EventKind::CampaignOpened:
    case EventKind::PledgePlaced:
    case EventKind::PledgeWithdrawn:
    case EventKind::CampaignSucceeded:
    case EventKind::CampaignFailed:
    case EventKind::PlantOperating:
    case EventKind::QuotaAllocated:
    case EventKind::TokensIssued:
    case EventKind::OfferMade:
    case EventKind::OfferAccepted:
    case EventKind::OfferDeclined:
    case EventKind::OfferCancelled:
    case EventKind::OfferExpired:
    case EventKind::QuotaGifted:
    case EventKind::TokensGifted:
    case EventKind::ProfileUpdated:
    case EventKind::QuotaMoved:
    case EventKind::TokensMoved:
    case EventKind::MemberRemoved:
    case EventKind::TokensBurned:
    case EventKind::PlantUtilityChanged:
    case EventKind::PlantRemoved:
    case EventKind::ParamsChanged:
    case EventKind::ValidatorAdded:
    case EventKind::ValidatorRemoved:
    case EventKind::DataKeyShared:
    case EventKind::DataKeyRotated:
    case EventKind::ConsumptionRecorded:
    case EventKind::GenerationRecorded:
    case EventKind::PlantOperatorChanged:
    case EventKind::EnergyParamsChanged:
    case EventKind::ProtocolUpgraded: return true;
    }
    return false;
}
static_assert(enumerators_span<EventKind>(1, kEventKindLast));

const char* event_name(EventKind kind);

// One thing that happened, with the fields its kind needs; unused ones are 0.
struct Event {
    EventKind kind = EventKind::GroupFounded;
    std::uint64_t height = 0;
    std::int64_t time_s = 0;
    AccountId actor{};   // who did it (zero for end-of-block effects)
    AccountId subject{}; // whom it concerns
    std::uint64_t object_id = 0; // plant, referendum or offer number
    std::uint64_t amount = 0;    // W, centavos or milli-SEB by kind
    std::uint64_t amount2 = 0;
    std::string text;            // a plant's name, a utility, an outcome

    bool operator==(const Event&) const = default;
};

namespace codec {
void encode(Writer& w, const Member& v);
void decode(Reader& r, Member& v);
void encode(Writer& w, const Applicant& v);
void decode(Reader& r, Applicant& v);
void encode(Writer& w, const Plant& v);
void decode(Reader& r, Plant& v);
void encode(Writer& w, const Referendum& v);
void decode(Reader& r, Referendum& v);
void encode(Writer& w, const Offer& v);
void decode(Reader& r, Offer& v);
void encode(Writer& w, const State& state);
void decode(Reader& r, State& state);
void encode(Writer& w, const Event& event);
void decode(Reader& r, Event& event);
} // namespace codec

// The member who may record a plant's generation: the one the group named by
// referendum, else the plant's proposer.
AccountId plant_operator(const State& state, const Plant& plant);

// The state root under the group's protocol version: for version 1 the
// SHA-256 (tagged) of the state's canonical encoding, for version 2 the Merkle
// commitment over its tables (state_root_v2, docs/STATE.md).
Hash256 state_root(const State& state);
// Version 1's root, whatever the state's version: the tagged SHA-256 of its encoding.
Hash256 state_root_v1(const State& state);

} // namespace chain
