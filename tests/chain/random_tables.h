#pragma once
// Random entries for the tests of the state's tables (proofs, snapshots):
// any bytes under keys of each table's length. They need not decode to a
// state; the tries and their checks do not care.

#include "state/state_tables.h"

#include <algorithm>
#include <map>
#include <random>

namespace chain::testing {

// `per_table` random entries in every table (at most 9 in the tables of
// one-byte keys), sorted by key; `big_table` also gets `big` entries with
// consecutive 8-byte ids in its last key bytes (the shape of referendums and
// ballots, which puts a whole table under one first byte).
inline state::Tables random_tables(std::mt19937_64& rng, std::size_t per_table,
                                   state::TableId big_table = state::TableId::Group, std::size_t big = 0) {
    state::Tables tables;
    std::uniform_int_distribution<int> byte(0, 255);
    for (std::size_t i = 0; i < state::kTableCount; ++i) {
        const auto table = static_cast<state::TableId>(i + 1);
        const std::size_t key_bytes = state::table_key_bytes(table);
        std::map<Bytes, Bytes> entries;
        const std::size_t wanted = key_bytes == 1 ? std::min<std::size_t>(per_table, 9) : per_table;
        while (entries.size() < wanted) {
            Bytes key(key_bytes);
            for (std::uint8_t& b : key) b = static_cast<std::uint8_t>(byte(rng));
            Bytes value(static_cast<std::size_t>(byte(rng) % 40));
            for (std::uint8_t& b : value) b = static_cast<std::uint8_t>(byte(rng));
            entries.emplace(std::move(key), std::move(value));
        }
        if (table == big_table)
            for (std::size_t id = 1; id <= big; ++id) {
                Bytes key(key_bytes, 0);
                for (std::size_t b = 0; b < 8 && b < key_bytes; ++b)
                    key[key_bytes - 1 - b] = static_cast<std::uint8_t>(id >> (8 * b));
                entries.emplace(std::move(key), Bytes(100, static_cast<std::uint8_t>(id)));
            }
        for (auto& [key, value] : entries) tables[i].push_back(state::Entry{key, value});
    }
    return tables;
}

// A test's round trip through the canonical encoding.
template <class T>
std::optional<T> round_trip(const T& value) {
    return codec::from_bytes<T>(codec::to_bytes(value));
}

} // namespace chain::testing
