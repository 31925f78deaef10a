#include "state/state_tables.h"

#include "state/state_entries.h"

#include "crypto/crypto.h"

#include <algorithm>
#include <cassert>
#include <map>
#include <set>

namespace chain::state {

namespace {

constexpr std::size_t kAccountBytes = sizeof(AccountId);
constexpr std::size_t kIdBytes = 8;
constexpr std::size_t kMonthBytes = 4;
constexpr std::size_t kDayBytes = 8;

void add(Tables& tables, TableId table, Bytes key, Bytes value) {
    assert(key.size() == table_key_bytes(table));
    tables[table_index(table)].push_back(Entry{std::move(key), std::move(value)});
}

void add_group(Tables& t, const State& s) {
    for (const GroupField field : kGroupFields) add(t, TableId::Group, group_key(field), group_value(s, field));
}

void add_members(Tables& t, const State& s) {
    for (const auto& [account, m] : s.members) add(t, TableId::Members, account_key(account), member_value(m));
    for (const auto& [account, a] : s.applicants) add(t, TableId::Applicants, account_key(account), applicant_value(a));
    for (const auto& [account, nonce] : s.nonces) add(t, TableId::Nonces, account_key(account), u64_value(nonce));
}

void add_plants(Tables& t, const State& s) {
    for (const auto& [id, p] : s.plants) {
        add(t, TableId::Plants, id_key(id), plant_value(p));
        for (const auto& [account, cents] : p.pledges_cents)
            add(t, TableId::Pledges, id_account_key(id, account), u64_value(cents));
        for (const auto& [account, w] : p.allocated_quota_w)
            add(t, TableId::QuotaAllocations, id_account_key(id, account), u64_value(w));
        for (const auto& [account, msb] : p.allocated_tokens_msb)
            add(t, TableId::TokenAllocations, id_account_key(id, account), u64_value(msb));
    }
}

void add_referendums(Tables& t, const State& s) {
    // Electorates by id: each distinct list once, however many referendums hold it.
    std::vector<std::pair<Hash256, const Electorate*>> electorates;
    for (const auto& [id, r] : s.referendums) {
        electorates.emplace_back(r.electorate.id(), &r.electorate);
        add(t, TableId::Referendums, id_key(id), referendum_value(r));
        for (const auto& [account, yes] : r.ballots) add(t, TableId::Ballots, id_account_key(id, account), ballot_value(yes));
    }
    std::sort(electorates.begin(), electorates.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < electorates.size(); ++i) {
        if (i > 0 && electorates[i].first == electorates[i - 1].first) continue;
        add(t, TableId::Electorates, electorate_key(electorates[i].first), electorate_value(*electorates[i].second));
    }
}

void add_offers_and_keys(Tables& t, const State& s) {
    for (const auto& [id, o] : s.offers) add(t, TableId::Offers, id_key(id), offer_value(o));
    for (const PublicKey& validator : s.validators) add(t, TableId::Validators, validator_key(validator), {});
    for (std::size_t epoch = 0; epoch < s.data_public_keys.size(); ++epoch)
        add(t, TableId::DataKeys, epoch_key(static_cast<std::uint32_t>(epoch)), data_key_value(s.data_public_keys[epoch]));
}

void add_energy(Tables& t, const State& s) {
    const EnergyLedger& e = s.energy;
    for (const auto& [key, v] : e.consumption)
        add(t, TableId::Consumption, account_month_key(key.first, key.second), consumption_value(v));
    for (const auto& [key, v] : e.generation)
        add(t, TableId::Generation, id_month_key(key.first, key.second), generation_value(v));
    for (const auto& [id, account] : e.plant_operators) add(t, TableId::PlantOperators, id_key(id), operator_value(account));
    for (const auto& [account, track] : e.quota_tracks) {
        for (const auto& [day, utility] : track.utility_by_day)
            add(t, TableId::UtilityByDay, account_day_key(account, day), utility_value(utility));
        for (const auto& [day, quota_w] : track.quota_w_by_day)
            add(t, TableId::QuotaByDay, account_day_key(account, day), u64_value(quota_w));
    }
}

// --- The Merkle definition (docs/STATE.md, "The Merkle map") ---------------

constexpr std::uint8_t kLeafPrefix = 0x00;
constexpr std::uint8_t kInteriorPrefix = 0x01;

bool bit_at(const Bytes& key, std::size_t bit) { return (key[bit / 8] >> (7 - bit % 8)) & 1; }

// Leading bits shared by two different keys of equal length.
std::size_t common_prefix_bits(const Bytes& a, const Bytes& b) {
    std::size_t byte = 0;
    while (a[byte] == b[byte]) ++byte;
    std::size_t bit = byte * 8;
    while (bit_at(a, bit) == bit_at(b, bit)) ++bit;
    return bit;
}

// The preimages are built on the stack: a root from scratch hashes two or
// three of them per entry.
constexpr std::size_t kKeyBytesMax = 64;

Hash256 leaf_hash(std::size_t key_bytes, const Entry& entry) {
    std::array<std::uint8_t, 2 + kKeyBytesMax + sizeof(Hash256)> preimage{};
    preimage[0] = kLeafPrefix;
    preimage[1] = static_cast<std::uint8_t>(key_bytes);
    std::copy(entry.key.begin(), entry.key.end(), preimage.begin() + 2);
    const Hash256 value_hash = crypto::sha256(entry.value);
    std::copy(value_hash.begin(), value_hash.end(), preimage.begin() + 2 + static_cast<std::ptrdiff_t>(key_bytes));
    return crypto::sha256(ByteView(preimage.data(), 2 + key_bytes + value_hash.size()));
}

Hash256 interior_hash(std::size_t split_bit, const Hash256& left, const Hash256& right) {
    std::array<std::uint8_t, 3 + 2 * sizeof(Hash256)> preimage{};
    preimage[0] = kInteriorPrefix;
    preimage[1] = static_cast<std::uint8_t>(split_bit >> 8);
    preimage[2] = static_cast<std::uint8_t>(split_bit);
    std::copy(left.begin(), left.end(), preimage.begin() + 3);
    std::copy(right.begin(), right.end(), preimage.begin() + 3 + static_cast<std::ptrdiff_t>(left.size()));
    return crypto::sha256(preimage);
}

// The subtree of the sorted entries [first, last): all of them share the bits
// before the first bit where the first and the last entry differ.
Hash256 subtree_root(std::size_t key_bytes, const std::vector<Entry>& sorted, std::size_t first, std::size_t last) {
    if (last - first == 1) return leaf_hash(key_bytes, sorted[first]);
    const std::size_t split = common_prefix_bits(sorted[first].key, sorted[last - 1].key);
    const auto right = std::partition_point(sorted.begin() + static_cast<std::ptrdiff_t>(first),
                                            sorted.begin() + static_cast<std::ptrdiff_t>(last),
                                            [&](const Entry& e) { return !bit_at(e.key, split); });
    const auto middle = static_cast<std::size_t>(right - sorted.begin());
    return interior_hash(split, subtree_root(key_bytes, sorted, first, middle),
                         subtree_root(key_bytes, sorted, middle, last));
}

// --- Rebuilding a state from its entries --------------------------------------

bool refuse(std::string* problem, std::string message) {
    if (problem) *problem = std::move(message);
    return false;
}

std::string entry_name(TableId table, ByteView key) {
    return std::string("the ") + table_name(table) + " entry " + codec::to_hex(key);
}

// The fields of a key, at a byte offset (its length is checked first).
std::uint64_t key_uint(ByteView key, std::size_t offset, std::size_t bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) value = (value << 8) | key[offset + i];
    return value;
}
template <std::size_t N>
std::array<std::uint8_t, N> key_fixed(ByteView key, std::size_t offset) {
    std::array<std::uint8_t, N> out{};
    std::copy_n(key.begin() + static_cast<std::ptrdiff_t>(offset), N, out.begin());
    return out;
}
std::int64_t key_day(ByteView key, std::size_t offset) {
    return static_cast<std::int64_t>(key_uint(key, offset, kDayBytes) ^ (std::uint64_t{1} << 63));
}

// Reads one entry's value field by field and keeps, in words, the first
// thing wrong with it, so that a refusal says what it found.
class ValueReader {
public:
    ValueReader(TableId table, const Entry& entry) : ValueReader(table, entry.key, entry.value) {}
    ValueReader(TableId table, ByteView key, ByteView value)
        : table_(table), key_(key), value_bytes_(value.size()), reader_(value) {}

    codec::Reader& reader() { return reader_; }
    ValueReader& get(std::uint64_t& out) { out = reader_.u64(); return *this; }
    ValueReader& get(std::int64_t& out) { out = reader_.i64(); return *this; }
    ValueReader& get(std::uint32_t& out) { out = reader_.u32(); return *this; }
    ValueReader& get(std::uint16_t& out) { out = reader_.u16(); return *this; }
    ValueReader& get(bool& out) { out = reader_.boolean(); return *this; }
    template <std::size_t N>
    ValueReader& get(std::array<std::uint8_t, N>& out) {
        out = reader_.template fixed<N>();
        return *this;
    }
    ValueReader& get(std::string& out, std::size_t length_max) {
        out = reader_.str(length_max);
        return *this;
    }
    // An enumerator written as one byte, valid from `first` to `last`.
    template <class Enum>
    ValueReader& get_enum(Enum& out, const char* what, std::uint8_t first, std::uint8_t last) {
        const std::uint8_t value = reader_.u8();
        if (reader_.ok() && (value < first || value > last))
            refuse_value(std::string(what) + " " + std::to_string(value) + " is out of range (" + std::to_string(first) +
                         " to " + std::to_string(last) + ")");
        out = static_cast<Enum>(value);
        return *this;
    }
    // Marks the value wrong for a reason the codec cannot see.
    void refuse_value(std::string why) {
        if (why_.empty()) why_ = std::move(why);
        reader_.fail();
    }
    // Whether the value was read exactly: nothing wrong, missing or left over.
    bool finish(std::string* problem) const {
        if (why_.empty() && reader_.ok() && reader_.at_end()) return true;
        // Named only when refused: a name costs a hex encoding, and opening a
        // large group finishes a million values.
        const std::string name = entry_name(table_, key_);
        if (!why_.empty()) return refuse(problem, name + ": " + why_);
        if (!reader_.ok())
            return refuse(problem, name + ": its value (" + std::to_string(value_bytes_) +
                                       " bytes) is cut short or holds a field out of its bounds");
        if (!reader_.at_end())
            return refuse(problem, name + ": its value has " + std::to_string(reader_.remaining()) + " trailing bytes");
        return true;
    }

private:
    TableId table_;
    ByteView key_;
    std::size_t value_bytes_;
    codec::Reader reader_;
    std::string why_;
};

// Members, applicants and offers: a value is the record's canonical encoding
// (rules/state.h) less its leading key, so the one decoder of each type reads
// the key and the value together.
template <class Record>
std::optional<Record> decode_record(TableId table, ByteView key, ByteView value, std::string* problem) {
    // One buffer per thread: no allocation per record when a large group opens.
    thread_local Bytes whole;
    whole.assign(key.begin(), key.end());
    whole.insert(whole.end(), value.begin(), value.end());
    codec::Reader reader(whole);
    Record record{};
    codec::decode(reader, record);
    if (reader.ok() && reader.at_end()) return record;
    const std::string name = entry_name(table, key);
    if (!reader.ok())
        refuse(problem, name + ": its value (" + std::to_string(value.size()) +
                            " bytes) is cut short or holds a field out of its bounds or range");
    else
        refuse(problem, name + ": its value has " + std::to_string(reader.remaining()) + " trailing bytes");
    return std::nullopt;
}

template <class Record>
std::optional<Record> decode_record(TableId table, const Entry& entry, std::string* problem) {
    return decode_record<Record>(table, entry.key, entry.value, problem);
}

const std::vector<Entry>& entries_of(const Tables& tables, TableId table) { return tables[table_index(table)]; }

bool check_table_keys(TableId table, const std::vector<Entry>& entries, std::string* problem) {
    for (std::size_t e = 0; e < entries.size(); ++e) {
        const Bytes& key = entries[e].key;
        if (key.size() != table_key_bytes(table))
            return refuse(problem, entry_name(table, key) + ": its key has " + std::to_string(key.size()) +
                                       " bytes, and every key of " + table_name(table) + " has " +
                                       std::to_string(table_key_bytes(table)));
        if (e > 0 && !(entries[e - 1].key < key))
            return refuse(problem, entry_name(table, key) + " comes after the entry " +
                                       codec::to_hex(entries[e - 1].key) + ": out of key order, or twice");
    }
    return true;
}

// Every table but members and nonces, which decode_accounts checks.
bool check_keys(const Tables& tables, std::string* problem) {
    for (std::size_t i = 0; i < kTableCount; ++i) {
        const auto table = static_cast<TableId>(i + 1);
        if (table == TableId::Members || table == TableId::Nonces) continue;
        if (!check_table_keys(table, tables[i], problem)) return false;
    }
    return true;
}

const char* group_field_name(GroupField field) {
    switch (field) {
    case GroupField::Identity: return "identity";
    case GroupField::Params: return "params";
    case GroupField::Clock: return "clock";
    case GroupField::Totals: return "totals";
    case GroupField::Counters: return "counters";
    case GroupField::KeyRotation: return "key rotation";
    case GroupField::EnergyParams: return "energy params";
    case GroupField::Tracking: return "tracking";
    case GroupField::Protocol: return "protocol";
    }
    return "unknown";
}

void read_protocol(ValueReader& v, State& s) {
    bool pending = false;
    v.get(s.protocol_version).get(pending);
    if (v.reader().ok() && !protocol_version_supported(s.protocol_version))
        v.refuse_value("protocol version " + std::to_string(s.protocol_version) + " is not one this Rateio runs");
    if (!pending) return;
    PendingUpgrade upgrade;
    v.get(upgrade.version).get(upgrade.effective_height);
    // What the rules let a referendum approve: a later version this software runs.
    if (v.reader().ok() && (upgrade.version <= s.protocol_version || !protocol_version_supported(upgrade.version)))
        v.refuse_value("the pending upgrade to version " + std::to_string(upgrade.version) +
                       " is not to a later version this Rateio runs");
    s.pending_upgrade = upgrade;
}

void read_group_field(ValueReader& v, GroupField field, State& s) {
    switch (field) {
    case GroupField::Identity:
        v.get(s.group_id).get(s.group_name, kNameLengthMax).get(s.token_symbol, kSymbolLengthMax);
        v.get(s.dev_group).get(s.genesis_time_s);
        return;
    case GroupField::Params: codec::decode(v.reader(), s.params); return;
    case GroupField::Clock: v.get(s.height).get(s.time_s); return;
    case GroupField::Totals: v.get(s.capacity_w).get(s.tokens_issued_msb).get(s.tokens_burned_msb); return;
    case GroupField::Counters: v.get(s.next_plant_id).get(s.next_referendum_id).get(s.next_offer_id); return;
    case GroupField::KeyRotation: v.get(s.key_rotation_pending); return;
    case GroupField::EnergyParams: codec::decode(v.reader(), s.energy.params); return;
    case GroupField::Tracking: v.get(s.energy.tracking).get(s.energy.tracking_since_day); return;
    case GroupField::Protocol: read_protocol(v, s); return;
    }
}

bool read_group(const Tables& tables, State& s, std::string* problem) {
    std::array<bool, kGroupFieldLast> seen{};
    for (const Entry& entry : entries_of(tables, TableId::Group)) {
        const std::uint8_t number = entry.key[0];
        if (number < 1 || number > kGroupFieldLast)
            return refuse(problem, entry_name(TableId::Group, entry.key) + ": no group field has the number " +
                                       std::to_string(number));
        ValueReader v(TableId::Group, entry);
        read_group_field(v, static_cast<GroupField>(number), s);
        if (!v.finish(problem)) return false;
        seen[number - 1] = true;
    }
    for (std::uint8_t number = 1; number <= kGroupFieldLast; ++number)
        if (!seen[number - 1])
            return refuse(problem, std::string("the group table has no entry ") + codec::to_hex(group_key(static_cast<GroupField>(number))) +
                                       " (the group's " + group_field_name(static_cast<GroupField>(number)) + ")");
    return true;
}

bool read_applicants(const Tables& tables, State& s, std::string* problem) {
    for (const Entry& entry : entries_of(tables, TableId::Applicants)) {
        std::optional<Applicant> applicant = decode_record<Applicant>(TableId::Applicants, entry, problem);
        if (!applicant) return false;
        const AccountId account = applicant->account;
        s.applicants.emplace(account, std::move(*applicant));
    }
    return true;
}

// The entries of a table keyed by (u64 record id, account), each into the
// map `children` of its record, which must be there.
template <class Record, class Value>
bool attach_children(const Tables& tables, TableId table, std::map<std::uint64_t, Record>& records, TableId records_table,
                     const char* record_noun, StateMap<AccountId, Value> Record::*children, std::string* problem) {
    for (const Entry& entry : entries_of(tables, table)) {
        const std::uint64_t id = key_uint(entry.key, 0, kIdBytes);
        const auto record = records.find(id);
        if (record == records.end())
            return refuse(problem, entry_name(table, entry.key) + " names " + record_noun + " " + std::to_string(id) +
                                       ", which is not in the " + table_name(records_table) + " table");
        ValueReader v(table, entry);
        Value value{};
        if (!v.get(value).finish(problem)) return false;
        (record->second.*children).emplace(key_fixed<kAccountBytes>(entry.key, kIdBytes), value);
    }
    return true;
}

std::optional<Plant> read_plant(const Entry& entry, std::string* problem) {
    ValueReader v(TableId::Plants, entry);
    Plant p;
    p.id = key_uint(entry.key, 0, kIdBytes);
    v.get(p.name, kNameLengthMax).get_enum(p.source, "plant source", 1, kPlantSourceLast);
    v.get(p.capacity_w).get(p.cost_cents).get(p.utility, kNameLengthMax).get(p.location, kNameLengthMax);
    v.get(p.time_to_market_s).get(p.proposer).get_enum(p.status, "plant status", 1, kPlantStatusLast);
    v.get(p.referendum_id).get(p.proposed_at_s).get(p.campaign_opened_at_s).get(p.campaign_deadline_s);
    v.get(p.funded_at_s).get(p.operating_at_s).get(p.closed_at_s).get(p.pledged_cents);
    if (!v.finish(problem)) return std::nullopt;
    return p;
}

bool read_plants(const Tables& tables, State& s, std::string* problem) {
    std::map<std::uint64_t, Plant> plants;
    for (const Entry& entry : entries_of(tables, TableId::Plants)) {
        std::optional<Plant> plant = read_plant(entry, problem);
        if (!plant) return false;
        plants.emplace(plant->id, std::move(*plant));
    }
    if (!attach_children(tables, TableId::Pledges, plants, TableId::Plants, "plant", &Plant::pledges_cents, problem) ||
        !attach_children(tables, TableId::QuotaAllocations, plants, TableId::Plants, "plant", &Plant::allocated_quota_w,
                         problem) ||
        !attach_children(tables, TableId::TokenAllocations, plants, TableId::Plants, "plant",
                         &Plant::allocated_tokens_msb, problem))
        return false;
    for (auto& [id, plant] : plants) s.plants.emplace(id, std::move(plant));
    return true;
}

// Every electorate by its id, each list held once: the referendums that name
// it get copies that share it.
bool read_electorates(const Tables& tables, std::map<Hash256, Electorate>& electorates, std::string* problem) {
    for (const Entry& entry : entries_of(tables, TableId::Electorates)) {
        ValueReader v(TableId::Electorates, entry);
        const std::uint32_t count = v.reader().count(kElectorateAccountsMax);
        std::vector<AccountId> accounts;
        // Bounded by what is left to read, not by the claimed count.
        accounts.reserve(std::min<std::size_t>(count, v.reader().remaining() / sizeof(AccountId)));
        for (std::uint32_t i = 0; i < count && v.reader().ok(); ++i) {
            AccountId account{};
            v.get(account);
            if (v.reader().ok() && !accounts.empty() && !(accounts.back() < account))
                v.refuse_value("its accounts are not in increasing order");
            accounts.push_back(account);
        }
        if (!v.finish(problem)) return false;
        Electorate electorate = Electorate::from_sorted(std::move(accounts));
        const Hash256 id = key_fixed<sizeof(Hash256)>(entry.key, 0);
        if (electorate_id(electorate) != id)
            return refuse(problem, entry_name(TableId::Electorates, entry.key) + ": its key is not the hash of its " +
                                       std::to_string(electorate.size()) + " accounts");
        electorates.emplace(id, std::move(electorate));
    }
    return true;
}

std::optional<Referendum> read_referendum(const Entry& entry, const std::map<Hash256, Electorate>& electorates,
                                          std::set<Hash256>& named, std::string* problem) {
    ValueReader v(TableId::Referendums, entry);
    Referendum r;
    r.id = key_uint(entry.key, 0, kIdBytes);
    Hash256 electorate{};
    std::uint16_t void_reason = 0;
    bool has_change = false;
    v.get_enum(r.kind, "referendum kind", 1, kReferendumKindLast).get(r.proposer).get(r.opened_at_s).get(r.deadline_s);
    v.get(electorate).get_enum(r.approval_rule, "approval rule", 1, kApprovalRuleLast).get(r.quorum_percent);
    v.get_enum(r.outcome, "outcome", 0, kOutcomeLast).get(r.closed_at_s).get(void_reason).get(r.applicant);
    v.get(r.plant_id).get(has_change);
    r.void_reason = static_cast<ErrorCode>(void_reason);
    if (has_change) {
        Change change;
        codec::decode(v.reader(), change);
        r.change = std::move(change);
    }
    v.get(r.reason, kReasonLengthMax);
    if (!v.finish(problem)) return std::nullopt;
    const auto list = electorates.find(electorate);
    if (list == electorates.end()) {
        refuse(problem, entry_name(TableId::Referendums, entry.key) + ": its electorate " + codec::to_hex(electorate) +
                            " is not in the electorates table");
        return std::nullopt;
    }
    r.electorate = list->second;
    named.insert(electorate);
    return r;
}

bool read_referendums(const Tables& tables, State& s, std::string* problem) {
    std::map<Hash256, Electorate> electorates;
    if (!read_electorates(tables, electorates, problem)) return false;
    std::set<Hash256> named;
    std::map<std::uint64_t, Referendum> referendums;
    for (const Entry& entry : entries_of(tables, TableId::Referendums)) {
        std::optional<Referendum> referendum = read_referendum(entry, electorates, named, problem);
        if (!referendum) return false;
        referendums.emplace(referendum->id, std::move(*referendum));
    }
    // A list no referendum names would be dropped here, and the state built
    // from these entries would not be the one they commit to.
    for (const Entry& entry : entries_of(tables, TableId::Electorates))
        if (!named.contains(key_fixed<sizeof(Hash256)>(entry.key, 0)))
            return refuse(problem, entry_name(TableId::Electorates, entry.key) + " is named by no referendum");
    if (!attach_children(tables, TableId::Ballots, referendums, TableId::Referendums, "referendum", &Referendum::ballots,
                         problem))
        return false;
    for (auto& [id, referendum] : referendums) s.referendums.emplace(id, std::move(referendum));
    return true;
}

bool read_offers_and_keys(const Tables& tables, State& s, std::string* problem) {
    for (const Entry& entry : entries_of(tables, TableId::Offers)) {
        std::optional<Offer> offer = decode_record<Offer>(TableId::Offers, entry, problem);
        if (!offer) return false;
        const std::uint64_t id = offer->id;
        s.offers.emplace(id, std::move(*offer));
    }
    const std::vector<Entry>& validators = entries_of(tables, TableId::Validators);
    if (validators.size() > kValidatorsMax)
        return refuse(problem, "the validators table holds " + std::to_string(validators.size()) + " entries, more than the " +
                                   std::to_string(kValidatorsMax) + " a group may have");
    for (const Entry& entry : validators) {
        if (!ValueReader(TableId::Validators, entry).finish(problem)) return false; // the value is empty
        s.validators.push_back(key_fixed<sizeof(PublicKey)>(entry.key, 0));
    }
    const std::vector<Entry>& data_keys = entries_of(tables, TableId::DataKeys);
    if (data_keys.empty() || data_keys.size() > kDataKeyEpochsMax)
        return refuse(problem, "the data_keys table holds " + std::to_string(data_keys.size()) +
                                   " entries; a group has from 1 (epoch 0) to " + std::to_string(kDataKeyEpochsMax));
    for (const Entry& entry : data_keys) {
        const std::uint64_t epoch = key_uint(entry.key, 0, 4);
        if (epoch != s.data_public_keys.size())
            return refuse(problem, entry_name(TableId::DataKeys, entry.key) + " is epoch " + std::to_string(epoch) +
                                       " where epoch " + std::to_string(s.data_public_keys.size()) +
                                       " comes next: the epochs run from 0 without a gap");
        ValueReader v(TableId::DataKeys, entry);
        PublicKey key{};
        if (!v.get(key).finish(problem)) return false;
        s.data_public_keys.push_back(key);
    }
    return true;
}

bool read_readings(const Tables& tables, EnergyLedger& e, std::string* problem) {
    for (const Entry& entry : entries_of(tables, TableId::Consumption)) {
        ValueReader v(TableId::Consumption, entry);
        ConsumptionReading c;
        v.get(c.consumption_wh).get(c.read_at_s).get_enum(c.connection, "connection", 1, kConnectionLast);
        if (!v.get(c.recorded_at_s).get(c.revision).finish(problem)) return false;
        const auto month = static_cast<std::uint32_t>(key_uint(entry.key, kAccountBytes, kMonthBytes));
        e.consumption.emplace(std::pair(key_fixed<kAccountBytes>(entry.key, 0), month), c);
    }
    for (const Entry& entry : entries_of(tables, TableId::Generation)) {
        ValueReader v(TableId::Generation, entry);
        GenerationReading g;
        if (!v.get(g.generation_wh).get(g.recorded_by).get(g.recorded_at_s).get(g.revision).finish(problem)) return false;
        const auto month = static_cast<std::uint32_t>(key_uint(entry.key, kIdBytes, kMonthBytes));
        e.generation.emplace(std::pair(key_uint(entry.key, 0, kIdBytes), month), g);
    }
    for (const Entry& entry : entries_of(tables, TableId::PlantOperators)) {
        ValueReader v(TableId::PlantOperators, entry);
        AccountId account{};
        if (!v.get(account).finish(problem)) return false;
        e.plant_operators.emplace(key_uint(entry.key, 0, kIdBytes), account);
    }
    return true;
}

bool read_quota_tracks(const Tables& tables, EnergyLedger& e, std::string* problem) {
    std::map<AccountId, QuotaTrack> tracks;
    for (const Entry& entry : entries_of(tables, TableId::UtilityByDay)) {
        ValueReader v(TableId::UtilityByDay, entry);
        std::string utility;
        if (!v.get(utility, kNameLengthMax).finish(problem)) return false;
        tracks[key_fixed<kAccountBytes>(entry.key, 0)].utility_by_day.emplace(key_day(entry.key, kAccountBytes), utility);
    }
    for (const Entry& entry : entries_of(tables, TableId::QuotaByDay)) {
        ValueReader v(TableId::QuotaByDay, entry);
        std::uint64_t quota_w = 0;
        if (!v.get(quota_w).finish(problem)) return false;
        tracks[key_fixed<kAccountBytes>(entry.key, 0)].quota_w_by_day.emplace(key_day(entry.key, kAccountBytes), quota_w);
    }
    for (auto& [account, track] : tracks) e.quota_tracks.emplace(account, std::move(track));
    return true;
}

} // namespace

std::size_t table_key_bytes(TableId table) {
    switch (table) {
    case TableId::Group: return 1;
    case TableId::Members:
    case TableId::Applicants:
    case TableId::Nonces: return kAccountBytes;
    case TableId::Plants:
    case TableId::Referendums:
    case TableId::Offers:
    case TableId::PlantOperators: return kIdBytes;
    case TableId::Pledges:
    case TableId::QuotaAllocations:
    case TableId::TokenAllocations:
    case TableId::Ballots: return kIdBytes + kAccountBytes;
    case TableId::Electorates: return sizeof(Hash256);
    case TableId::Validators: return sizeof(PublicKey);
    case TableId::DataKeys: return 4;
    case TableId::Consumption: return kAccountBytes + kMonthBytes;
    case TableId::Generation: return kIdBytes + kMonthBytes;
    case TableId::UtilityByDay:
    case TableId::QuotaByDay: return kAccountBytes + kDayBytes;
    }
    return 0;
}

const char* table_name(TableId table) {
    switch (table) {
    case TableId::Group: return "group";
    case TableId::Members: return "members";
    case TableId::Applicants: return "applicants";
    case TableId::Nonces: return "nonces";
    case TableId::Plants: return "plants";
    case TableId::Pledges: return "pledges";
    case TableId::QuotaAllocations: return "quota_allocations";
    case TableId::TokenAllocations: return "token_allocations";
    case TableId::Referendums: return "referendums";
    case TableId::Ballots: return "ballots";
    case TableId::Electorates: return "electorates";
    case TableId::Offers: return "offers";
    case TableId::Validators: return "validators";
    case TableId::DataKeys: return "data_keys";
    case TableId::Consumption: return "consumption";
    case TableId::Generation: return "generation";
    case TableId::PlantOperators: return "plant_operators";
    case TableId::UtilityByDay: return "utility_by_day";
    case TableId::QuotaByDay: return "quota_by_day";
    }
    return "unknown";
}

// Computed when the list is made (rules/electorate.cpp) and kept with it.
Hash256 electorate_id(const Electorate& electorate) { return electorate.id(); }

Tables state_tables(const State& state) {
    Tables tables;
    add_group(tables, state);
    add_members(tables, state);
    add_plants(tables, state);
    add_referendums(tables, state);
    add_offers_and_keys(tables, state);
    add_energy(tables, state);
    // The maps iterate in key order, but a table fed by nested maps (pledges
    // of plant 1, then of plant 2) is only sorted once merged: sort them all.
    const auto by_key = [](const Entry& a, const Entry& b) { return a.key < b.key; };
    for (std::vector<Entry>& table : tables)
        if (!std::is_sorted(table.begin(), table.end(), by_key)) std::sort(table.begin(), table.end(), by_key);
    return tables;
}

Hash256 table_root_from_sorted(std::size_t key_bytes, const std::vector<Entry>& sorted) {
    if (sorted.empty()) return Hash256{};
    return subtree_root(key_bytes, sorted, 0, sorted.size());
}

Hash256 table_root_of_range(std::size_t key_bytes, const std::vector<Entry>& sorted, std::size_t first, std::size_t last) {
    if (first >= last || last > sorted.size()) return Hash256{};
    return subtree_root(key_bytes, sorted, first, last);
}

Hash256 state_root_from_table_roots(const std::array<Hash256, kTableCount>& table_roots) {
    std::vector<Entry> entries;
    entries.reserve(kTableCount);
    for (std::size_t i = 0; i < kTableCount; ++i)
        entries.push_back(Entry{table_key(static_cast<TableId>(i + 1)), Bytes(table_roots[i].begin(), table_roots[i].end())});
    return table_root_from_sorted(2, entries);
}

Hash256 state_root_of_tables(const Tables& tables) {
    std::array<Hash256, kTableCount> roots{};
    for (std::size_t i = 0; i < kTableCount; ++i)
        roots[i] = table_root_from_sorted(table_key_bytes(static_cast<TableId>(i + 1)), tables[i]);
    return state_root_from_table_roots(roots);
}

Hash256 state_root_v2_from_scratch(const State& state) { return state_root_of_tables(state_tables(state)); }

TableChanges table_changes(const std::vector<Entry>& before, const std::vector<Entry>& after) {
    TableChanges changes;
    auto old_it = before.begin();
    auto new_it = after.begin();
    while (old_it != before.end() || new_it != after.end()) {
        if (new_it == after.end() || (old_it != before.end() && old_it->key < new_it->key)) {
            changes.erased.push_back((old_it++)->key);
        } else if (old_it == before.end() || new_it->key < old_it->key) {
            changes.set.push_back(*new_it++);
        } else {
            if (old_it->value != new_it->value) changes.set.push_back(*new_it);
            ++old_it;
            ++new_it;
        }
    }
    return changes;
}

// The members and nonces, the two tables that grow with the group, are
// built in one pass each: their entries come in key order (checked here), and
// an account's key bytes are its order in the maps.
bool AccountDecoder::add(TableId table, ByteView key, ByteView value, std::string* problem) {
    const bool members = table == TableId::Members;
    if (!members && table != TableId::Nonces)
        return refuse(problem, entry_name(table, key) + ": not a row of the members or nonces table");
    if (key.size() != kAccountBytes)
        return refuse(problem, entry_name(table, key) + ": its key has " + std::to_string(key.size()) +
                                   " bytes, and every key of " + table_name(table) + " has " + std::to_string(kAccountBytes));
    const AccountId account = key_fixed<kAccountBytes>(key, 0);
    const AccountId* previous = members ? (members_.empty() ? nullptr : &members_.back().first)
                                        : (nonces_.empty() ? nullptr : &nonces_.back().first);
    if (previous != nullptr && !(*previous < account))
        return refuse(problem, entry_name(table, key) + " comes after the entry " + codec::to_hex(*previous) +
                                   ": out of key order, or twice");
    if (members) {
        std::optional<Member> member = decode_record<Member>(TableId::Members, key, value, problem);
        if (!member) return false;
        members_.emplace_back(account, std::move(*member));
        return true;
    }
    ValueReader v(TableId::Nonces, key, value);
    std::uint64_t nonce = 0;
    if (!v.get(nonce).finish(problem)) return false;
    nonces_.emplace_back(account, nonce);
    return true;
}

AccountMaps AccountDecoder::finish() {
    AccountMaps maps{MemberMap::from_sorted(std::move(members_)),
                     StateMap<AccountId, std::uint64_t>::from_sorted(std::move(nonces_))};
    members_.clear();
    nonces_.clear();
    return maps;
}

std::optional<AccountMaps> decode_accounts(const std::vector<Entry>& members, const std::vector<Entry>& nonces,
                                           std::string* problem) {
    AccountDecoder decoder;
    decoder.reserve(members.size(), nonces.size());
    for (const Entry& entry : members)
        if (!decoder.add(TableId::Members, entry.key, entry.value, problem)) return std::nullopt;
    for (const Entry& entry : nonces)
        if (!decoder.add(TableId::Nonces, entry.key, entry.value, problem)) return std::nullopt;
    return decoder.finish();
}

AccountMaps AccountMaps::join_halves(AccountMaps low, AccountMaps high) {
    return AccountMaps{MemberMap::join_halves(std::move(low.members), std::move(high.members)),
                       StateMap<AccountId, std::uint64_t>::join_halves(std::move(low.nonces), std::move(high.nonces))};
}

std::optional<State> state_from_tables(const Tables& tables, AccountMaps accounts, std::string* problem) {
    State s;
    s.members = std::move(accounts.members);
    s.nonces = std::move(accounts.nonces);
    if (!check_keys(tables, problem) || !read_group(tables, s, problem) || !read_applicants(tables, s, problem) ||
        !read_plants(tables, s, problem) || !read_referendums(tables, s, problem) ||
        !read_offers_and_keys(tables, s, problem) || !read_readings(tables, s.energy, problem) ||
        !read_quota_tracks(tables, s.energy, problem))
        return std::nullopt;
    return s;
}

std::optional<State> state_from_tables(const Tables& tables, std::string* problem) {
    std::optional<AccountMaps> accounts =
        decode_accounts(entries_of(tables, TableId::Members), entries_of(tables, TableId::Nonces), problem);
    if (!accounts) return std::nullopt;
    return state_from_tables(tables, std::move(*accounts), problem);
}

} // namespace chain::state
