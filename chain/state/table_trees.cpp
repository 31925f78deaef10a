#include "state/table_trees.h"

#include <algorithm>

namespace chain::state {

namespace {

template <std::size_t N>
std::array<std::uint8_t, N> key_array(ByteView key) {
    if (key.size() != N) detail::merkle_precondition_failed("TableTrees: a key of the wrong length for its table");
    std::array<std::uint8_t, N> bytes{};
    std::copy(key.begin(), key.end(), bytes.begin());
    return bytes;
}

// The key length of a map type, at compile time.
template <class Map>
constexpr std::size_t key_length = std::tuple_size_v<typename Map::Key>;

} // namespace

TableTrees::Map TableTrees::empty_map(std::size_t key_bytes) {
    switch (key_bytes) {
    case 1: return HashedBytesMap<1>{};
    case 2: return HashedBytesMap<2>{};
    case 4: return HashedBytesMap<4>{};
    case 8: return HashedBytesMap<8>{};
    case 12: return HashedBytesMap<12>{};
    case 20: return HashedBytesMap<20>{};
    case 24: return HashedBytesMap<24>{};
    case 28: return HashedBytesMap<28>{};
    case 32: return HashedBytesMap<32>{};
    case 33: return HashedBytesMap<33>{};
    default: detail::merkle_precondition_failed("TableTrees: a table key length with no map");
    }
}

TableTrees::TableTrees() {
    for (std::size_t i = 0; i < kTableCount; ++i) maps_[i] = empty_map(table_key_bytes(static_cast<TableId>(i + 1)));
}

TableTrees TableTrees::from_tables(const Tables& tables) {
    TableTrees trees;
    for (std::size_t i = 0; i < kTableCount; ++i) {
        // Each table is sorted by key: built in one pass (MerkleMap::from_sorted).
        std::visit([&](auto& m) {
            using M = std::decay_t<decltype(m)>;
            std::vector<std::pair<typename M::Key, Hash256>> entries;
            entries.reserve(tables[i].size());
            for (const Entry& entry : tables[i])
                entries.emplace_back(key_array<key_length<M>>(entry.key), crypto::sha256(ByteView(entry.value)));
            m = M::from_sorted(std::move(entries));
        }, trees.maps_[i]);
    }
    return trees;
}

TableTrees TableTrees::join_halves(TableTrees low, TableTrees high) {
    TableTrees trees;
    for (std::size_t i = 0; i < kTableCount; ++i) {
        std::visit([&](auto& m) {
            using M = std::decay_t<decltype(m)>;
            m = M::join_halves(std::move(std::get<M>(low.maps_[i])), std::move(std::get<M>(high.maps_[i])));
        }, trees.maps_[i]);
    }
    return trees;
}

void TableTrees::set(TableId table, ByteView key, ByteView value) {
    std::visit([&](auto& m) { using M = std::decay_t<decltype(m)>;
        m.set(key_array<key_length<M>>(key), crypto::sha256(value)); }, map(table));
}

bool TableTrees::erase(TableId table, ByteView key) {
    return std::visit([&](auto& m) { using M = std::decay_t<decltype(m)>;
        return m.erase(key_array<key_length<M>>(key)); }, map(table));
}

void TableTrees::apply(TableId table, TableChanges changes) {
    for (const Bytes& key : changes.erased) erase(table, key);
    for (const Entry& entry : changes.set) set(table, entry.key, entry.value);
}

void TableTrees::apply_changes(const Tables& before, const Tables& after) {
    for (std::size_t i = 0; i < kTableCount; ++i) apply_changes(static_cast<TableId>(i + 1), before[i], after[i]);
}

std::size_t TableTrees::size(TableId table) const {
    return std::visit([](const auto& m) { return m.size(); }, map(table));
}

Hash256 TableTrees::table_root(TableId table) const {
    return std::visit([](const auto& m) { return m.root(); }, map(table));
}

Hash256 TableTrees::root() const {
    std::array<Hash256, kTableCount> roots{};
    for (std::size_t i = 0; i < kTableCount; ++i) roots[i] = table_root(static_cast<TableId>(i + 1));
    return state_root_from_table_roots(roots);
}

Checkpoint TableTrees::checkpoint() const {
    Checkpoint checkpoint;
    for (std::size_t i = 0; i < kTableCount; ++i)
        checkpoint[i] = std::visit([](const auto& m) { return m.first_byte_nodes(); }, maps_[i]);
    return checkpoint;
}

MerkleProof TableTrees::prove(TableId table, ByteView key) const {
    return std::visit(
        [&](const auto& m) {
            typename std::decay_t<decltype(m)>::Key wanted{};
            if (key.size() != wanted.size()) detail::merkle_precondition_failed("TableTrees::prove: a key of the wrong length");
            std::copy(key.begin(), key.end(), wanted.begin());
            return m.prove(wanted);
        },
        map(table));
}

std::optional<Hash256> checkpoint_root(const Checkpoint& checkpoint) {
    std::array<Hash256, kTableCount> roots{};
    for (std::size_t i = 0; i < kTableCount; ++i) {
        const std::optional<Hash256> root = merkle_root_from_first_byte_nodes(checkpoint[i]);
        if (!root) return std::nullopt;
        roots[i] = *root;
    }
    return state_root_from_table_roots(roots);
}

} // namespace chain::state
