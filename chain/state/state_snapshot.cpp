#include "state/state_snapshot.h"

#include "codec/codec.h"
#include "state/merkle_map.h"
#include "state/state_proof.h"

#include <algorithm>

namespace chain::state {

namespace {

bool bit_of(ByteView bytes, std::size_t bit) { return detail::key_bit(bytes, bit); }

std::size_t prefix_bytes(std::size_t bits) { return (bits + 7) / 8; }

// The first `bits` bits of `key`, the rest of the last byte cleared.
Bytes prefix_of(const Bytes& key, std::size_t bits) {
    Bytes prefix(key.begin(), key.begin() + static_cast<std::ptrdiff_t>(prefix_bytes(bits)));
    if (bits % 8 != 0) prefix.back() &= static_cast<std::uint8_t>(0xFF << (8 - bits % 8));
    return prefix;
}

bool starts_with(const Bytes& key, const SnapshotChunkRef& ref) {
    return key.size() * 8 >= ref.prefix_bits && prefix_of(key, ref.prefix_bits) == ref.prefix;
}

std::string table_words(TableId table) { return std::string("the ") + table_name(table) + " table"; }

// --- Cutting a table into chunks ---------------------------------------------------

class Cutter {
public:
    Cutter(TableId table, const std::vector<Entry>& sorted, std::vector<SnapshotChunkRef>& out)
        : table_(table), key_bytes_(table_key_bytes(table)), sorted_(sorted), out_(out) {
        bytes_before_.reserve(sorted.size() + 1);
        bytes_before_.push_back(0);
        for (const Entry& entry : sorted) bytes_before_.push_back(bytes_before_.back() + entry.key.size() + entry.value.size());
    }

    // The node over [first, last) as one chunk when it fits, else its two
    // children: a chunk is always a node of the trie.
    void cut(std::size_t first, std::size_t last) {
        const std::size_t count = last - first;
        const std::size_t bytes = bytes_before_[last] - bytes_before_[first];
        if (count == 1) return emit(first, last, key_bytes_ * 8);
        const std::size_t split = detail::first_different_bit(sorted_[first].key, sorted_[last - 1].key);
        if (count <= kSnapshotChunkEntriesMax && bytes <= kSnapshotChunkBytesMax) return emit(first, last, split);
        const auto right = std::partition_point(sorted_.begin() + static_cast<std::ptrdiff_t>(first),
                                                sorted_.begin() + static_cast<std::ptrdiff_t>(last),
                                                [&](const Entry& e) { return !bit_of(e.key, split); });
        const auto middle = static_cast<std::size_t>(right - sorted_.begin());
        cut(first, middle);
        cut(middle, last);
    }

private:
    void emit(std::size_t first, std::size_t last, std::size_t bits) {
        SnapshotChunkRef ref;
        ref.table = table_;
        ref.prefix_bits = static_cast<std::uint16_t>(bits);
        ref.prefix = prefix_of(sorted_[first].key, bits);
        ref.hash = table_root_of_range(key_bytes_, sorted_, first, last);
        ref.entries = static_cast<std::uint32_t>(last - first);
        out_.push_back(std::move(ref));
    }

    TableId table_;
    std::size_t key_bytes_;
    const std::vector<Entry>& sorted_;
    std::vector<SnapshotChunkRef>& out_;
    std::vector<std::size_t> bytes_before_;
};

// --- Checking a manifest -------------------------------------------------------------

// Leading bits two prefixes share, at most the shorter one's length.
std::size_t shared_bits(const SnapshotChunkRef& a, const SnapshotChunkRef& b) {
    const std::size_t limit = std::min(a.prefix_bits, b.prefix_bits);
    std::size_t bit = 0;
    while (bit < limit && bit_of(a.prefix, bit) == bit_of(b.prefix, bit)) ++bit;
    return bit;
}

// The hash of the node over the chunks [first, last) of one table, placed by
// their prefixes as the Patricia trie places keys (docs/STATE.md): nullopt,
// and *problem, when they do not make such a trie (a prefix that contains
// another, chunks out of order).
std::optional<Hash256> fold(const std::vector<SnapshotChunkRef>& chunks, std::size_t first, std::size_t last,
                            std::string* problem) {
    if (last - first == 1) return chunks[first].hash;
    const std::size_t split = shared_bits(chunks[first], chunks[last - 1]);
    std::size_t middle = last;
    for (std::size_t i = first; i < last; ++i) {
        const SnapshotChunkRef& chunk = chunks[i];
        // Every chunk of the range shares the bits above the split and has
        // one at it: else one chunk's keys would include another's.
        if (chunk.prefix_bits <= split || shared_bits(chunk, chunks[first]) < split) {
            *problem = "two chunks of " + table_words(chunk.table) + " overlap";
            return std::nullopt;
        }
        const bool one = bit_of(chunk.prefix, split);
        if (one && middle == last) middle = i;
        if (!one && middle != last) {
            *problem = "the chunks of " + table_words(chunk.table) + " are not in key order";
            return std::nullopt;
        }
    }
    if (middle == first || middle == last) {
        *problem = "the chunks of " + table_words(chunks[first].table) + " are not in key order";
        return std::nullopt;
    }
    const std::optional<Hash256> left = fold(chunks, first, middle, problem);
    if (!left) return std::nullopt;
    const std::optional<Hash256> right = fold(chunks, middle, last, problem);
    if (!right) return std::nullopt;
    return merkle_interior_hash(static_cast<std::uint16_t>(split), *left, *right);
}

// Empty when the line is well formed on its own.
std::string line_problem(const SnapshotChunkRef& ref, std::size_t index) {
    const std::string where = "line " + std::to_string(index + 1) + " of the manifest";
    if (!is_table_id(static_cast<std::uint16_t>(ref.table))) return where + " names no table of the state";
    const std::size_t key_bits = table_key_bytes(ref.table) * 8;
    if (ref.prefix_bits > key_bits)
        return where + " has a prefix longer than the keys of " + table_words(ref.table);
    if (ref.prefix.size() != prefix_bytes(ref.prefix_bits) || prefix_of(ref.prefix, ref.prefix_bits) != ref.prefix)
        return where + " has a malformed prefix";
    if (ref.entries == 0 || ref.entries > kSnapshotChunkEntriesMax)
        return where + " counts " + std::to_string(ref.entries) + " entries; a chunk holds 1 to " +
               std::to_string(kSnapshotChunkEntriesMax);
    // A node of one entry is its leaf, under the whole key; a node of two or
    // more splits inside the key.
    if ((ref.entries == 1) != (ref.prefix_bits == key_bits))
        return where + " counts " + std::to_string(ref.entries) + " entries under a prefix of " +
               std::to_string(ref.prefix_bits) + " bits";
    return {};
}

} // namespace

SnapshotManifest make_manifest(const Tables& tables, std::uint64_t height) {
    SnapshotManifest manifest;
    manifest.height = height;
    for (std::size_t i = 0; i < kTableCount; ++i) {
        if (tables[i].empty()) continue;
        Cutter(static_cast<TableId>(i + 1), tables[i], manifest.chunks).cut(0, tables[i].size());
    }
    return manifest;
}

std::vector<Entry> chunk_entries(const Tables& tables, const SnapshotManifest& manifest, std::uint32_t index) {
    if (index >= manifest.chunks.size()) return {};
    const SnapshotChunkRef& ref = manifest.chunks[index];
    if (!is_table_id(static_cast<std::uint16_t>(ref.table))) return {};
    const std::vector<Entry>& table = tables[table_index(ref.table)];
    // The first key at or after the prefix followed by zero bits.
    Bytes lowest = ref.prefix;
    lowest.resize(table_key_bytes(ref.table), 0);
    auto it = std::lower_bound(table.begin(), table.end(), lowest,
                               [](const Entry& entry, const Bytes& key) { return entry.key < key; });
    std::vector<Entry> out;
    for (; it != table.end() && starts_with(it->key, ref) && out.size() < kSnapshotChunkEntriesMax; ++it)
        out.push_back(*it);
    return out;
}

std::string manifest_problem(const SnapshotManifest& manifest, const Hash256& state_root) {
    const std::vector<SnapshotChunkRef>& chunks = manifest.chunks;
    if (chunks.size() > kSnapshotManifestChunksMax) return "the manifest lists too many chunks";
    for (std::size_t i = 0; i < chunks.size(); ++i)
        if (std::string problem = line_problem(chunks[i], i); !problem.empty()) return problem;
    std::array<Hash256, kTableCount> roots{};
    for (std::size_t first = 0, last = 0; first < chunks.size(); first = last) {
        const TableId table = chunks[first].table;
        if (first > 0 && !(chunks[first - 1].table < table))
            return "the manifest's chunks are not grouped by table in order";
        for (last = first + 1; last < chunks.size() && chunks[last].table == table;) ++last;
        std::string problem;
        const std::optional<Hash256> root = fold(chunks, first, last, &problem);
        if (!root) return problem;
        roots[table_index(table)] = *root;
    }
    if (state_root_from_table_roots(roots) != state_root)
        return "the manifest's chunks do not make the state root of the verified header at block " +
               std::to_string(manifest.height);
    return {};
}

std::string chunk_problem(const SnapshotChunkRef& ref, const std::vector<Entry>& entries) {
    const std::string what = "the chunk of " + table_words(ref.table);
    if (entries.size() != ref.entries)
        return what + " holds " + std::to_string(entries.size()) + " entries; its manifest says " +
               std::to_string(ref.entries);
    const std::size_t key_bytes = table_key_bytes(ref.table);
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const Entry& entry = entries[i];
        if (entry.key.size() != key_bytes) return what + " holds a key of the wrong length";
        if (i > 0 && !(entries[i - 1].key < entry.key)) return what + " is not in key order";
        if (!starts_with(entry.key, ref)) return what + " holds a key outside its prefix";
        bytes += entry.key.size() + entry.value.size();
    }
    if (entries.size() > 1 && bytes > kSnapshotChunkBytesMax) return what + " is larger than a chunk may be";
    if (entries.size() > 1 && detail::first_different_bit(entries.front().key, entries.back().key) != ref.prefix_bits)
        return what + " does not split where its manifest says";
    if (table_root_of_range(key_bytes, entries, 0, entries.size()) != ref.hash)
        return what + " does not hash to the hash its manifest gives";
    return {};
}

// --- SnapshotAssembly -----------------------------------------------------------------

SnapshotAssembly::SnapshotAssembly(SnapshotManifest manifest)
    : manifest_(std::move(manifest)), held_(manifest_.chunks.size(), false), chunks_(manifest_.chunks.size()) {}

std::string SnapshotAssembly::add(std::uint32_t index, std::vector<Entry> entries) {
    if (index >= held_.size()) return "the manifest has no chunk " + std::to_string(index);
    if (held_[index]) return {};
    if (std::string problem = chunk_problem(manifest_.chunks[index], entries); !problem.empty()) return problem;
    chunks_[index] = std::move(entries);
    held_[index] = true;
    ++held_count_;
    return {};
}

std::vector<std::uint32_t> SnapshotAssembly::missing() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t i = 0; i < held_.size(); ++i)
        if (!held_[i]) out.push_back(i);
    return out;
}

Tables SnapshotAssembly::take_tables() {
    Tables tables;
    if (!complete()) return tables;
    for (std::size_t i = 0; i < chunks_.size(); ++i) {
        std::vector<Entry>& table = tables[table_index(manifest_.chunks[i].table)];
        std::move(chunks_[i].begin(), chunks_[i].end(), std::back_inserter(table));
        chunks_[i] = {};
    }
    return tables;
}

} // namespace chain::state

namespace chain::codec {

void encode(Writer& w, const state::SnapshotManifest& v) {
    w.u64(v.height);
    w.u32(static_cast<std::uint32_t>(v.chunks.size()));
    for (const state::SnapshotChunkRef& chunk : v.chunks) {
        w.u16(static_cast<std::uint16_t>(chunk.table));
        w.u16(chunk.prefix_bits);
        w.fixed(chunk.prefix);
        w.fixed(chunk.hash);
        w.u32(chunk.entries);
    }
}

void decode(Reader& r, state::SnapshotManifest& v) {
    v = state::SnapshotManifest{};
    v.height = r.u64();
    const std::uint32_t count = r.count(state::kSnapshotManifestChunksMax);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        state::SnapshotChunkRef chunk;
        const std::uint16_t table = r.u16();
        if (!state::is_table_id(table)) r.fail();
        chunk.table = static_cast<state::TableId>(table);
        chunk.prefix_bits = r.u16();
        if (chunk.prefix_bits > 8 * state::kMerkleKeyBytesMax) r.fail();
        for (std::size_t b = 0; b < (chunk.prefix_bits + 7u) / 8 && r.ok(); ++b) chunk.prefix.push_back(r.u8());
        chunk.hash = r.fixed<32>();
        chunk.entries = r.u32();
        v.chunks.push_back(std::move(chunk));
    }
}

void encode(Writer& w, const state::SnapshotChunk& v) {
    w.u64(v.height);
    w.u32(v.index);
    encode_entries(w, v.entries);
}

void decode(Reader& r, state::SnapshotChunk& v) {
    v = state::SnapshotChunk{};
    v.height = r.u64();
    v.index = r.u32();
    v.entries = decode_entries(r, state::kSnapshotChunkEntriesMax);
}

} // namespace chain::codec
