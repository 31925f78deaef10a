#include "state/state_proof.h"

#include <algorithm>
#include <cstring>

namespace chain::state {

namespace {

using RootsMap = HashedBytesMap<2>;

std::array<std::uint8_t, 2> table_key_array(TableId table) {
    const auto id = static_cast<std::uint16_t>(table);
    return {static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id)};
}

// The trie of table roots (docs/STATE.md, "The state root"): u16 table id to
// the table's 32-byte root.
RootsMap roots_map(const TableTrees& trees) {
    std::vector<std::pair<std::array<std::uint8_t, 2>, Hash256>> entries;
    entries.reserve(kTableCount);
    for (std::size_t i = 0; i < kTableCount; ++i) {
        const auto table = static_cast<TableId>(i + 1);
        const Hash256 root = trees.table_root(table);
        entries.emplace_back(table_key_array(table), crypto::sha256(ByteView(root)));
    }
    return RootsMap::from_sorted(std::move(entries));
}

MerkleProof table_root_proof(const TableTrees& trees, TableId table) {
    return roots_map(trees).prove(table_key_array(table));
}

std::string table_root_problem(const Hash256& state_root, TableId table, const Hash256& table_root,
                               const MerkleProof& proof) {
    if (!is_table_id(static_cast<std::uint16_t>(table))) return "the proof names no table of the state";
    const auto key = table_key_array(table);
    if (!verify_proof(state_root, 2, ByteView(key), ByteView(table_root), proof))
        return std::string("the root of the ") + table_name(table) + " table does not lead to the state root";
    return {};
}

} // namespace

bool is_table_id(std::uint16_t id) { return id >= 1 && id <= kTableIdLast; }

std::optional<TableId> table_by_name(std::string_view name) {
    for (std::uint16_t id = 1; id <= kTableIdLast; ++id)
        if (name == table_name(static_cast<TableId>(id))) return static_cast<TableId>(id);
    return std::nullopt;
}

StateProof prove_entry(const TableTrees& trees, TableId table, ByteView key, std::optional<Bytes> value) {
    StateProof proof;
    proof.table = table;
    proof.key.assign(key.begin(), key.end());
    proof.value = std::move(value);
    proof.entry = trees.prove(table, key);
    proof.table_root = trees.table_root(table);
    proof.root_path = table_root_proof(trees, table);
    return proof;
}

TableProof prove_table(const TableTrees& trees, TableId table, std::vector<Entry> entries) {
    return TableProof{table, std::move(entries), table_root_proof(trees, table)};
}

std::string state_proof_problem(const Hash256& state_root, const StateProof& proof) {
    if (std::string problem = table_root_problem(state_root, proof.table, proof.table_root, proof.root_path);
        !problem.empty())
        return problem;
    const std::size_t key_bytes = table_key_bytes(proof.table);
    if (proof.key.size() != key_bytes)
        return std::string("a key of the ") + table_name(proof.table) + " table has " + std::to_string(key_bytes) +
               " bytes, not " + std::to_string(proof.key.size());
    const std::optional<ByteView> value =
        proof.value ? std::optional<ByteView>(ByteView(*proof.value)) : std::optional<ByteView>();
    if (!verify_proof(proof.table_root, static_cast<std::uint8_t>(key_bytes), proof.key, value, proof.entry))
        return std::string("the ") + table_name(proof.table) + " entry " + codec::to_hex(proof.key) +
               (proof.value ? " with this value" : ", said to be absent,") + " does not lead to the table's root";
    return {};
}

std::string table_proof_problem(const Hash256& state_root, const TableProof& proof) {
    if (!is_table_id(static_cast<std::uint16_t>(proof.table))) return "the proof names no table of the state";
    const std::size_t key_bytes = table_key_bytes(proof.table);
    for (std::size_t i = 0; i < proof.entries.size(); ++i) {
        const Entry& entry = proof.entries[i];
        if (entry.key.size() != key_bytes)
            return std::string("a key of the ") + table_name(proof.table) + " table has " + std::to_string(key_bytes) +
                   " bytes, not " + std::to_string(entry.key.size());
        if (i > 0 && !(proof.entries[i - 1].key < entry.key))
            return std::string("the entries of the ") + table_name(proof.table) + " table are not in key order";
    }
    const Hash256 root = table_root_from_sorted(key_bytes, proof.entries);
    return table_root_problem(state_root, proof.table, root, proof.root_path);
}

} // namespace chain::state

namespace chain::codec {

namespace {

state::TableId decode_table(Reader& r) {
    const std::uint16_t id = r.u16();
    if (!state::is_table_id(id)) r.fail();
    return state::is_table_id(id) ? static_cast<state::TableId>(id) : state::TableId::Group;
}

} // namespace

void encode(Writer& w, const state::StateProof& v) {
    w.u16(static_cast<std::uint16_t>(v.table));
    w.bytes(v.key);
    w.boolean(v.value.has_value());
    if (v.value) w.bytes(*v.value);
    encode(w, v.entry);
    w.fixed(v.table_root);
    encode(w, v.root_path);
}

void decode(Reader& r, state::StateProof& v) {
    v = state::StateProof{};
    v.table = decode_table(r);
    v.key = r.bytes(state::kMerkleKeyBytesMax);
    if (r.boolean()) v.value = r.bytes(state::kEntryValueBytesMax);
    decode(r, v.entry);
    v.table_root = r.fixed<32>();
    decode(r, v.root_path);
}

void encode_entries(Writer& w, const std::vector<state::Entry>& entries) {
    w.u32(static_cast<std::uint32_t>(entries.size()));
    for (const state::Entry& entry : entries) {
        w.bytes(entry.key);
        w.bytes(entry.value);
    }
}

std::vector<state::Entry> decode_entries(Reader& r, std::uint32_t count_max) {
    std::vector<state::Entry> entries;
    const std::uint32_t count = r.count(count_max);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        state::Entry entry;
        entry.key = r.bytes(state::kMerkleKeyBytesMax);
        entry.value = r.bytes(state::kEntryValueBytesMax);
        entries.push_back(std::move(entry));
    }
    return entries;
}

void encode(Writer& w, const state::TableProof& v) {
    w.u16(static_cast<std::uint16_t>(v.table));
    encode_entries(w, v.entries);
    encode(w, v.root_path);
}

void decode(Reader& r, state::TableProof& v) {
    v = state::TableProof{};
    v.table = decode_table(r);
    v.entries = decode_entries(r, state::kTableProofEntriesMax);
    decode(r, v.root_path);
}

} // namespace chain::codec
