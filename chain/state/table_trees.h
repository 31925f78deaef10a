#pragma once
// The tables of the group state held as Merkle maps (chain/state/merkle_map.h),
// one per table, under the root of docs/STATE.md: what a node keeps so that a
// block's root costs the entries it changed, not the whole state.

#include "state/merkle_map.h"
#include "state/state_tables.h"

#include <array>
#include <variant>

namespace chain::state {

// Every table's first-byte nodes (MerkleMap::first_byte_nodes), by table
// index: the top of the tries down to the nodes that hold the keys of one
// first byte (docs/STATE.md, "Checkpoints"). At most 256 a table, whatever
// the state's size.
using Checkpoint = std::array<std::vector<FirstByteNode>, kTableCount>;

// The state root a checkpoint commits to; nullopt when a table's nodes are
// not strictly increasing by first byte.
std::optional<Hash256> checkpoint_root(const Checkpoint& checkpoint);

class TableTrees {
public:
    // Every table empty.
    TableTrees();
    // Every entry of `tables` (each sorted by key, as state_tables gives them).
    static TableTrees from_tables(const Tables& tables);
    // The tables of `low` and `high` together, when every key in `low` starts
    // with a 0 bit and every key in `high` with a 1 bit (MerkleMap::join_halves).
    static TableTrees join_halves(TableTrees low, TableTrees high);

    // One table from its keys, strictly increasing, and their values' hashes
    // (a bulk load that hashed the values as it read them); N must be the
    // table's key length.
    template <std::size_t N>
    void assign_sorted(TableId table, std::vector<std::pair<std::array<std::uint8_t, N>, Hash256>> entries) {
        auto* m = std::get_if<HashedBytesMap<N>>(&map(table));
        if (m == nullptr) detail::merkle_precondition_failed("TableTrees::assign_sorted: a key of the wrong length");
        *m = HashedBytesMap<N>::from_sorted(std::move(entries));
    }

    // Inserts or replaces one entry; the key must have the table's length.
    void set(TableId table, ByteView key, ByteView value);
    // Whether the entry was there.
    bool erase(TableId table, ByteView key);
    // Writes one table's changes into its map.
    void apply(TableId table, TableChanges changes);
    // Brings one table from `before` to `after` (both sorted by key), touching
    // only the entries that differ (table_changes).
    void apply_changes(TableId table, const std::vector<Entry>& before, const std::vector<Entry>& after) {
        apply(table, table_changes(before, after));
    }
    // The same for every table.
    void apply_changes(const Tables& before, const Tables& after);

    std::size_t size(TableId table) const;
    Hash256 table_root(TableId table) const;
    // The state root: hashes only the nodes changed since the last call.
    Hash256 root() const;
    // Hashes like root(), then lists every table's first-byte nodes.
    Checkpoint checkpoint() const;
    // The proof of `key` (the table's key length) in its table's trie,
    // hashing like root().
    MerkleProof prove(TableId table, ByteView key) const;

private:
    // Values by their hashes: the tries are only hashed, never read, and so
    // hold 32 bytes a value, not a second copy of the state.
    using Map = std::variant<HashedBytesMap<1>, HashedBytesMap<2>, HashedBytesMap<4>, HashedBytesMap<8>,
                             HashedBytesMap<12>, HashedBytesMap<20>, HashedBytesMap<24>, HashedBytesMap<28>,
                             HashedBytesMap<32>, HashedBytesMap<33>>;
    static Map empty_map(std::size_t key_bytes);
    Map& map(TableId table) { return maps_[table_index(table)]; }
    const Map& map(TableId table) const { return maps_[table_index(table)]; }

    std::array<Map, kTableCount> maps_;
};

} // namespace chain::state
