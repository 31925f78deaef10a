#include "state/state_diff.h"

#include "state/state_entries.h"

#include <algorithm>

namespace chain::state {

struct RootCache {
    State basis; // the state the root is of, without a cache of its own
    TableTrees trees;
    ElectorateUsers electorate_users;
    Hash256 root{};
};

namespace {

class ChangeWriter {
public:
    explicit ChangeWriter(StateChanges& changes) : changes_(changes) {}
    void set(TableId table, Bytes key, Bytes value) {
        changes_[table_index(table)].set.push_back(Entry{std::move(key), std::move(value)});
    }
    void erase(TableId table, Bytes key) { changes_[table_index(table)].erased.push_back(std::move(key)); }
    // The entry of something that holds nested entries (a plant its pledges,
    // a referendum its ballots): it may have changed only in those, and then
    // its own entry stays as it was.
    template <class T, class Encode>
    void holder(TableId table, Bytes key, const T* before, const T* after, Encode encode) {
        if (!after) {
            erase(table, std::move(key));
            return;
        }
        Bytes value = encode(*after);
        if (!before || encode(*before) != value) set(table, std::move(key), std::move(value));
    }

private:
    StateChanges& changes_;
};

// Entries of a nested map (a plant's pledges, a referendum's ballots, a
// member's quota by day) under the key of the entry that holds them. A null
// side is an absent holder: every entry of the other side is then new or gone.
template <class K, class V, class MakeKey, class MakeValue>
void nested_changes(ChangeWriter& out, TableId table, const CowMap<K, V>* before, const CowMap<K, V>* after,
                    MakeKey make_key, MakeValue make_value) {
    static const CowMap<K, V> none;
    CowMap<K, V>::diff(before ? *before : none, after ? *after : none, [&](const K& key, const V*, const V* value) {
        if (value)
            out.set(table, make_key(key), make_value(*value));
        else
            out.erase(table, make_key(key));
    });
}

template <class K, class V, class MakeKey, class MakeValue>
void flat_changes(ChangeWriter& out, TableId table, const CowMap<K, V>& before, const CowMap<K, V>& after,
                  MakeKey make_key, MakeValue make_value) {
    nested_changes(out, table, &before, &after, make_key, make_value);
}

void group_changes(ChangeWriter& out, const State& before, const State& after) {
    for (const GroupField field : kGroupFields) {
        Bytes value = group_value(after, field);
        if (value != group_value(before, field)) out.set(TableId::Group, group_key(field), std::move(value));
    }
}

void member_changes(ChangeWriter& out, const State& before, const State& after) {
    CowMap<AccountId, Member>::diff(before.members.as_map(), after.members.as_map(),
                                    [&](const AccountId& account, const Member*, const Member* member) {
                                        if (member)
                                            out.set(TableId::Members, account_key(account), member_value(*member));
                                        else
                                            out.erase(TableId::Members, account_key(account));
                                    });
    flat_changes(out, TableId::Applicants, before.applicants, after.applicants, account_key, applicant_value);
    flat_changes(out, TableId::Nonces, before.nonces, after.nonces, account_key, u64_value);
}

void plant_changes(ChangeWriter& out, const State& before, const State& after) {
    CowMap<std::uint64_t, Plant>::diff(before.plants, after.plants, [&](std::uint64_t id, const Plant* old_plant, const Plant* plant) {
        out.holder(TableId::Plants, id_key(id), old_plant, plant, plant_value);
        const auto key = [id](const AccountId& account) { return id_account_key(id, account); };
        nested_changes(out, TableId::Pledges, old_plant ? &old_plant->pledges_cents : nullptr,
                       plant ? &plant->pledges_cents : nullptr, key, u64_value);
        nested_changes(out, TableId::QuotaAllocations, old_plant ? &old_plant->allocated_quota_w : nullptr,
                       plant ? &plant->allocated_quota_w : nullptr, key, u64_value);
        nested_changes(out, TableId::TokenAllocations, old_plant ? &old_plant->allocated_tokens_msb : nullptr,
                       plant ? &plant->allocated_tokens_msb : nullptr, key, u64_value);
    });
}

// An electorate's entry comes with its first referendum and goes with its last.
void count_electorate(ChangeWriter& out, ElectorateUsers& users, const Electorate& electorate, bool add) {
    const Hash256& id = electorate.id();
    const std::uint32_t* count = users.get(id);
    if (add) {
        if (!count) {
            users.emplace(id, 1u);
            out.set(TableId::Electorates, electorate_key(id), electorate_value(electorate));
        } else {
            users.at(id) += 1;
        }
        return;
    }
    if (!count) detail::merkle_precondition_failed("changes_between: an electorate without a user count");
    if (*count == 1) {
        users.erase(id);
        out.erase(TableId::Electorates, electorate_key(id));
    } else {
        users.at(id) -= 1;
    }
}

void referendum_changes(ChangeWriter& out, const State& before, const State& after, ElectorateUsers& users) {
    CowMap<std::uint64_t, Referendum>::diff(
        before.referendums, after.referendums, [&](std::uint64_t id, const Referendum* old_one, const Referendum* one) {
            out.holder(TableId::Referendums, id_key(id), old_one, one, referendum_value);
            const bool same_electorate = old_one && one && old_one->electorate.id() == one->electorate.id();
            if (!same_electorate) {
                if (one) count_electorate(out, users, one->electorate, true);
                if (old_one) count_electorate(out, users, old_one->electorate, false);
            }
            nested_changes(out, TableId::Ballots, old_one ? &old_one->ballots : nullptr, one ? &one->ballots : nullptr,
                           [id](const AccountId& account) { return id_account_key(id, account); }, ballot_value);
        });
}

void offer_and_key_changes(ChangeWriter& out, const State& before, const State& after) {
    flat_changes(out, TableId::Offers, before.offers, after.offers, id_key, offer_value);
    if (before.validators != after.validators) {
        // At most kValidatorsMax each, kept sorted: a merge.
        std::vector<PublicKey> gone;
        std::vector<PublicKey> added;
        std::set_difference(before.validators.begin(), before.validators.end(), after.validators.begin(),
                            after.validators.end(), std::back_inserter(gone));
        std::set_difference(after.validators.begin(), after.validators.end(), before.validators.begin(),
                            before.validators.end(), std::back_inserter(added));
        for (const PublicKey& key : gone) out.erase(TableId::Validators, validator_key(key));
        for (const PublicKey& key : added) out.set(TableId::Validators, validator_key(key), {});
    }
    const std::vector<PublicKey>& old_keys = before.data_public_keys;
    const std::vector<PublicKey>& keys = after.data_public_keys;
    for (std::size_t epoch = 0; epoch < std::max(old_keys.size(), keys.size()); ++epoch) {
        const auto key = epoch_key(static_cast<std::uint32_t>(epoch));
        if (epoch >= keys.size())
            out.erase(TableId::DataKeys, key);
        else if (epoch >= old_keys.size() || old_keys[epoch] != keys[epoch])
            out.set(TableId::DataKeys, key, data_key_value(keys[epoch]));
    }
}

void energy_changes(ChangeWriter& out, const State& before, const State& after) {
    const EnergyLedger& old_energy = before.energy;
    const EnergyLedger& energy = after.energy;
    flat_changes(out, TableId::Consumption, old_energy.consumption, energy.consumption,
                 [](const std::pair<AccountId, std::uint32_t>& key) { return account_month_key(key.first, key.second); },
                 consumption_value);
    flat_changes(out, TableId::Generation, old_energy.generation, energy.generation,
                 [](const std::pair<std::uint64_t, std::uint32_t>& key) { return id_month_key(key.first, key.second); },
                 generation_value);
    flat_changes(out, TableId::PlantOperators, old_energy.plant_operators, energy.plant_operators, id_key, operator_value);
    CowMap<AccountId, QuotaTrack>::diff(
        old_energy.quota_tracks, energy.quota_tracks,
        [&](const AccountId& account, const QuotaTrack* old_track, const QuotaTrack* track) {
            const auto key = [&account](std::int64_t day) { return account_day_key(account, day); };
            nested_changes(out, TableId::UtilityByDay, old_track ? &old_track->utility_by_day : nullptr,
                           track ? &track->utility_by_day : nullptr, key, utility_value);
            nested_changes(out, TableId::QuotaByDay, old_track ? &old_track->quota_w_by_day : nullptr,
                           track ? &track->quota_w_by_day : nullptr, key, u64_value);
        });
}

// Each table's changes in key order, as table_changes gives them (the maps
// are diffed in key order, but a nested map's entries follow their holder's).
void sort_by_key(StateChanges& changes) {
    for (TableChanges& table : changes) {
        const auto by_key = [](const Entry& a, const Entry& b) { return a.key < b.key; };
        if (!std::is_sorted(table.set.begin(), table.set.end(), by_key))
            std::sort(table.set.begin(), table.set.end(), by_key);
        if (!std::is_sorted(table.erased.begin(), table.erased.end()))
            std::sort(table.erased.begin(), table.erased.end());
        // A key both erased and set (an electorate whose last user moved to
        // another list while a referendum moved onto it) is set: it stays.
        if (table.erased.empty() || table.set.empty()) continue;
        std::erase_if(table.erased, [&](const Bytes& key) {
            return std::binary_search(table.set.begin(), table.set.end(), Entry{key, {}},
                                      [](const Entry& a, const Entry& b) { return a.key < b.key; });
        });
    }
}

std::shared_ptr<const RootCache> make_cache(const State& state, TableTrees trees, ElectorateUsers users) {
    auto cache = std::make_shared<RootCache>();
    cache->basis = state;
    cache->basis.root_cache.store(nullptr);
    cache->trees = std::move(trees);
    cache->electorate_users = std::move(users);
    // Every node is hashed before the cache is shared (merkle_map.h's threading contract).
    cache->root = cache->trees.root();
    return cache;
}

std::shared_ptr<const RootCache> up_to_date_cache(const State& state) {
    const std::shared_ptr<const RootCache> cached = state.root_cache.load();
    if (!cached) {
        std::shared_ptr<const RootCache> fresh =
            make_cache(state, TableTrees::from_tables(state_tables(state)), electorate_users(state));
        state.root_cache.store(fresh);
        return fresh;
    }
    ElectorateUsers users = cached->electorate_users;
    StateChanges changes = changes_between(cached->basis, state, users);
    if (std::all_of(changes.begin(), changes.end(), [](const TableChanges& t) { return t.set.empty() && t.erased.empty(); }))
        return cached;
    TableTrees trees = cached->trees;
    for (std::size_t i = 0; i < kTableCount; ++i) trees.apply(static_cast<TableId>(i + 1), std::move(changes[i]));
    std::shared_ptr<const RootCache> fresh = make_cache(state, std::move(trees), std::move(users));
    state.root_cache.store(fresh);
    return fresh;
}

} // namespace

ElectorateUsers electorate_users(const State& state) {
    ElectorateUsers users;
    for (const auto& [id, referendum] : state.referendums) users[referendum.electorate.id()] += 1;
    return users;
}

StateChanges changes_between(const State& before, const State& after, ElectorateUsers& users) {
    StateChanges changes;
    ChangeWriter out(changes);
    group_changes(out, before, after);
    member_changes(out, before, after);
    plant_changes(out, before, after);
    referendum_changes(out, before, after, users);
    offer_and_key_changes(out, before, after);
    energy_changes(out, before, after);
    sort_by_key(changes);
    return changes;
}

StateChanges state_changes(const State& before, const State& after) {
    // The electorates' users in `before`, from its root cache (current when
    // its root was computed, as it is for a state a block was applied to).
    ElectorateUsers users = up_to_date_cache(before)->electorate_users;
    return changes_between(before, after, users);
}

Hash256 cached_state_root_v2(const State& state) { return up_to_date_cache(state)->root; }

Hash256 adopt_root_cache(const State& state, TableTrees trees) {
    std::shared_ptr<const RootCache> cache = make_cache(state, std::move(trees), electorate_users(state));
    state.root_cache.store(cache);
    return cache->root;
}

Checkpoint state_checkpoint(const State& state) { return up_to_date_cache(state)->trees.checkpoint(); }

StateProof state_entry_proof(const State& state, TableId table, ByteView key, std::optional<Bytes> value) {
    return prove_entry(up_to_date_cache(state)->trees, table, key, std::move(value));
}

TableProof state_table_proof(const State& state, TableId table, std::vector<Entry> entries) {
    return prove_table(up_to_date_cache(state)->trees, table, std::move(entries));
}

TableProof validators_table_proof(const State& state) {
    std::vector<Entry> entries;
    for (const PublicKey& key : state.validators) entries.push_back(Entry{Bytes(key.begin(), key.end()), Bytes{}});
    return state_table_proof(state, TableId::Validators, std::move(entries));
}

} // namespace chain::state

namespace chain {

Hash256 state_root_v2(const State& state) { return state::cached_state_root_v2(state); }

} // namespace chain
