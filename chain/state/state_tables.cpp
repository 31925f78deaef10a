#include "state/state_tables.h"

#include "state/state_entries.h"

#include "crypto/crypto.h"

#include <algorithm>
#include <cassert>

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

} // namespace chain::state
