#include "state/state_tables.h"

#include "crypto/crypto.h"

#include <algorithm>
#include <cassert>

namespace chain::state {

namespace {

constexpr std::size_t kAccountBytes = sizeof(AccountId);
constexpr std::size_t kIdBytes = 8;
constexpr std::size_t kMonthBytes = 4;
constexpr std::size_t kDayBytes = 8;

// Keys are written big-endian so that their byte order is the order of the
// state's maps: the entries of a table come out sorted as the map iterates.
class KeyWriter {
public:
    KeyWriter& u8(std::uint8_t v) { return put(v, 1); }
    KeyWriter& u16(std::uint16_t v) { return put(v, 2); }
    KeyWriter& u32(std::uint32_t v) { return put(v, 4); }
    KeyWriter& u64(std::uint64_t v) { return put(v, 8); }
    // A day may be negative (before 1970): flipping the sign bit keeps the
    // order of signed values in the order of the unsigned bytes.
    KeyWriter& day(std::int64_t v) { return u64(static_cast<std::uint64_t>(v) ^ (std::uint64_t{1} << 63)); }
    template <std::size_t N>
    KeyWriter& fixed(const std::array<std::uint8_t, N>& bytes) {
        key_.insert(key_.end(), bytes.begin(), bytes.end());
        return *this;
    }
    Bytes take() { return std::move(key_); }

private:
    KeyWriter& put(std::uint64_t v, int bytes) {
        for (int i = bytes - 1; i >= 0; --i) key_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
        return *this;
    }
    Bytes key_;
};

template <class Encode>
Bytes value_of(Encode encode) {
    codec::Writer w;
    encode(w);
    return w.take();
}

void add(Tables& tables, TableId table, Bytes key, Bytes value) {
    assert(key.size() == table_key_bytes(table));
    tables[table_index(table)].push_back(Entry{std::move(key), std::move(value)});
}

Bytes group_key(GroupField field) { return KeyWriter().u8(static_cast<std::uint8_t>(field)).take(); }

void add_group(Tables& t, const State& s) {
    const auto put = [&](GroupField field, Bytes value) { add(t, TableId::Group, group_key(field), std::move(value)); };
    put(GroupField::Identity, value_of([&](codec::Writer& w) {
        w.fixed(s.group_id);
        w.str(s.group_name);
        w.str(s.token_symbol);
        w.boolean(s.dev_group);
        w.i64(s.genesis_time_s);
    }));
    put(GroupField::Params, value_of([&](codec::Writer& w) { codec::encode(w, s.params); }));
    put(GroupField::Clock, value_of([&](codec::Writer& w) {
        w.u64(s.height);
        w.i64(s.time_s);
    }));
    put(GroupField::Totals, value_of([&](codec::Writer& w) {
        w.u64(s.capacity_w);
        w.u64(s.tokens_issued_msb);
        w.u64(s.tokens_burned_msb);
    }));
    put(GroupField::Counters, value_of([&](codec::Writer& w) {
        w.u64(s.next_plant_id);
        w.u64(s.next_referendum_id);
        w.u64(s.next_offer_id);
    }));
    put(GroupField::KeyRotation, value_of([&](codec::Writer& w) { w.boolean(s.key_rotation_pending); }));
    put(GroupField::EnergyParams, value_of([&](codec::Writer& w) { codec::encode(w, s.energy.params); }));
    put(GroupField::Tracking, value_of([&](codec::Writer& w) {
        w.boolean(s.energy.tracking);
        w.i64(s.energy.tracking_since_day);
    }));
    put(GroupField::Protocol, value_of([&](codec::Writer& w) {
        w.u32(s.protocol_version);
        w.boolean(s.pending_upgrade.has_value());
        if (s.pending_upgrade) {
            w.u32(s.pending_upgrade->version);
            w.u64(s.pending_upgrade->effective_height);
        }
    }));
}

Bytes account_key(const AccountId& account) { return KeyWriter().fixed(account).take(); }
Bytes id_key(std::uint64_t id) { return KeyWriter().u64(id).take(); }
Bytes id_account_key(std::uint64_t id, const AccountId& account) { return KeyWriter().u64(id).fixed(account).take(); }
Bytes u64_value(std::uint64_t v) {
    return value_of([&](codec::Writer& w) { w.u64(v); });
}

void add_members(Tables& t, const State& s) {
    for (const auto& [account, m] : s.members)
        add(t, TableId::Members, account_key(account), value_of([&, &m = m](codec::Writer& w) {
                w.fixed(m.public_key);
                w.str(m.utility);
                w.fixed(m.profile_commitment);
                codec::encode(w, m.profile);
                w.u64(m.quota_w);
                w.u64(m.tokens_msb);
                w.i64(m.admitted_at_s);
                w.u32(m.key_epoch);
                w.bytes(m.sealed_keys);
            }));
    for (const auto& [account, a] : s.applicants)
        add(t, TableId::Applicants, account_key(account), value_of([&, &a = a](codec::Writer& w) {
                w.fixed(a.public_key);
                w.str(a.utility);
                w.fixed(a.profile_commitment);
                codec::encode(w, a.profile);
                w.u64(a.referendum_id);
                w.i64(a.requested_at_s);
            }));
    for (const auto& [account, nonce] : s.nonces) add(t, TableId::Nonces, account_key(account), u64_value(nonce));
}

void add_plants(Tables& t, const State& s) {
    for (const auto& [id, p] : s.plants) {
        add(t, TableId::Plants, id_key(id), value_of([&, &p = p](codec::Writer& w) {
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
                w.u64(p.pledged_cents);
            }));
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
    // Referendums opened under one membership share one list in memory
    // (MemberMap::electorate): hashing it once per list, not per referendum,
    // keeps a state with many referendums of a large group from hashing
    // members x referendums accounts. The lists seen last are checked.
    constexpr std::size_t kRecentListsMax = 8;
    std::vector<std::pair<const Electorate*, Hash256>> recent_lists;
    const auto id_of = [&](const Electorate& electorate) {
        for (const auto& [list, hash] : recent_lists)
            if (list->shares_list_with(electorate)) return hash;
        const Hash256 hash = electorate_id(electorate);
        if (recent_lists.size() == kRecentListsMax) recent_lists.erase(recent_lists.begin());
        recent_lists.emplace_back(&electorate, hash);
        return hash;
    };
    for (const auto& [id, r] : s.referendums) {
        const Hash256 electorate = id_of(r.electorate);
        electorates.emplace_back(electorate, &r.electorate);
        add(t, TableId::Referendums, id_key(id), value_of([&, &r = r](codec::Writer& w) {
                w.u8(static_cast<std::uint8_t>(r.kind));
                w.fixed(r.proposer);
                w.i64(r.opened_at_s);
                w.i64(r.deadline_s);
                w.fixed(electorate);
                w.u8(static_cast<std::uint8_t>(r.approval_rule));
                w.u32(r.quorum_percent);
                w.u8(static_cast<std::uint8_t>(r.outcome));
                w.i64(r.closed_at_s);
                w.u16(static_cast<std::uint16_t>(r.void_reason));
                w.fixed(r.applicant);
                w.u64(r.plant_id);
                w.boolean(r.change.has_value());
                if (r.change) codec::encode(w, *r.change);
                w.str(r.reason);
            }));
        for (const auto& [account, yes] : r.ballots)
            add(t, TableId::Ballots, id_account_key(id, account), value_of([&, yes = yes](codec::Writer& w) { w.boolean(yes); }));
    }
    std::sort(electorates.begin(), electorates.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < electorates.size(); ++i) {
        if (i > 0 && electorates[i].first == electorates[i - 1].first) continue;
        add(t, TableId::Electorates, KeyWriter().fixed(electorates[i].first).take(), value_of([&](codec::Writer& w) {
                const Electorate& electorate = *electorates[i].second;
                w.u32(static_cast<std::uint32_t>(electorate.size()));
                w.fixed(electorate.bytes());
            }));
    }
}

void add_offers_and_keys(Tables& t, const State& s) {
    for (const auto& [id, o] : s.offers)
        add(t, TableId::Offers, id_key(id), value_of([&, &o = o](codec::Writer& w) {
                w.fixed(o.maker);
                w.fixed(o.counterparty);
                w.u8(static_cast<std::uint8_t>(o.side));
                w.u64(o.quota_w);
                w.u64(o.price_msb);
                w.i64(o.created_at_s);
                w.i64(o.expires_at_s);
                w.u8(static_cast<std::uint8_t>(o.status));
                w.i64(o.closed_at_s);
            }));
    for (const PublicKey& validator : s.validators) add(t, TableId::Validators, KeyWriter().fixed(validator).take(), {});
    for (std::size_t epoch = 0; epoch < s.data_public_keys.size(); ++epoch)
        add(t, TableId::DataKeys, KeyWriter().u32(static_cast<std::uint32_t>(epoch)).take(),
            value_of([&](codec::Writer& w) { w.fixed(s.data_public_keys[epoch]); }));
}

void add_energy(Tables& t, const State& s) {
    const EnergyLedger& e = s.energy;
    for (const auto& [key, v] : e.consumption)
        add(t, TableId::Consumption, KeyWriter().fixed(key.first).u32(key.second).take(), value_of([&, &v = v](codec::Writer& w) {
                w.u64(v.consumption_wh);
                w.i64(v.read_at_s);
                w.u8(static_cast<std::uint8_t>(v.connection));
                w.i64(v.recorded_at_s);
                w.u32(v.revision);
            }));
    for (const auto& [key, v] : e.generation)
        add(t, TableId::Generation, KeyWriter().u64(key.first).u32(key.second).take(), value_of([&, &v = v](codec::Writer& w) {
                w.u64(v.generation_wh);
                w.fixed(v.recorded_by);
                w.i64(v.recorded_at_s);
                w.u32(v.revision);
            }));
    for (const auto& [id, account] : e.plant_operators)
        add(t, TableId::PlantOperators, id_key(id), value_of([&, &account = account](codec::Writer& w) { w.fixed(account); }));
    for (const auto& [account, track] : e.quota_tracks) {
        for (const auto& [day, utility] : track.utility_by_day)
            add(t, TableId::UtilityByDay, KeyWriter().fixed(account).day(day).take(),
                value_of([&, &utility = utility](codec::Writer& w) { w.str(utility); }));
        for (const auto& [day, quota_w] : track.quota_w_by_day)
            add(t, TableId::QuotaByDay, KeyWriter().fixed(account).day(day).take(), u64_value(quota_w));
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

Hash256 electorate_id(const Electorate& electorate) {
    codec::Writer w;
    w.u32(static_cast<std::uint32_t>(electorate.size()));
    w.fixed(electorate.bytes());
    return crypto::sha256(w.take());
}

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
        entries.push_back(Entry{KeyWriter().u16(static_cast<std::uint16_t>(i + 1)).take(),
                                Bytes(table_roots[i].begin(), table_roots[i].end())});
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

namespace chain {

Hash256 state_root_v2(const State& state) { return state::state_root_v2_from_scratch(state); }

} // namespace chain
