#pragma once
// Snapshots of the version-2 group state for state sync (docs/STATE.md,
// "Snapshots"): a new node fetches the state at a height whose header it has
// verified, in chunks it checks one by one as they arrive, instead of
// executing every block since the genesis.
//
// A chunk is a node of a table's trie: every entry whose key starts with the
// node's prefix (the bits all its keys share). The manifest lists the chunks
// of every table, each with its prefix, its node's hash and its entry count.
// The manifest is checked first, against the state root of the verified
// header: the chunks' hashes, placed by their prefixes, fold up to every
// table's root and those to the state root. Each chunk is then checked alone,
// against its line of the manifest: its entries, in key order and under its
// prefix, hash to that node's hash. A chunk that passes is exactly that part of
// the state (a different one would be a SHA-256 collision), so a bad peer
// costs a request, never a wrong entry.

#include "state/state_tables.h"

#include <optional>
#include <string>
#include <vector>

namespace chain::state {

// A chunk holds at most this many entries, and at most this many bytes of
// keys and values unless it is a single entry: small enough to check and
// write as it arrives, large enough that a group of 10,000 members is a few
// dozen chunks.
inline constexpr std::uint32_t kSnapshotChunkEntriesMax = 4096;
inline constexpr std::size_t kSnapshotChunkBytesMax = 1024 * 1024;
// A manifest lists at most this many chunks: 2^28 entries at the entry bound.
inline constexpr std::uint32_t kSnapshotManifestChunksMax = 65'536;

// One line of a manifest: the node of `table`'s trie over the keys that
// start with the first `prefix_bits` bits of `prefix`.
struct SnapshotChunkRef {
    TableId table = TableId::Group;
    // The bits every key of the chunk shares: its node's split bit, or the
    // whole key (8 × the table's key length) for a chunk of one entry.
    std::uint16_t prefix_bits = 0;
    // ceil(prefix_bits / 8) bytes; the bits after prefix_bits are zero.
    Bytes prefix;
    Hash256 hash{};           // the node's hash (docs/STATE.md, "The Merkle map")
    std::uint32_t entries = 0; // 1 to kSnapshotChunkEntriesMax
    bool operator==(const SnapshotChunkRef&) const = default;
};

struct SnapshotManifest {
    std::uint64_t height = 0; // the block after which the state is this
    // By table id, then by prefix: the order of the keys they hold.
    std::vector<SnapshotChunkRef> chunks;
    bool operator==(const SnapshotManifest&) const = default;
};

// The entries of one chunk, by key.
struct SnapshotChunk {
    std::uint64_t height = 0;
    std::uint32_t index = 0; // its line in the manifest
    std::vector<Entry> entries;
    bool operator==(const SnapshotChunk&) const = default;
};

// The manifest of the state whose entries are `tables` (each sorted by key,
// as state_tables gives them), at `height`. Hashes every entry once.
SnapshotManifest make_manifest(const Tables& tables, std::uint64_t height);
// The entries of chunk `index` of that manifest; empty when there is none.
std::vector<Entry> chunk_entries(const Tables& tables, const SnapshotManifest& manifest, std::uint32_t index);

// Empty when the manifest's chunks fold up to `state_root` (the root in the
// verified header of its height) and each line is well formed; else why
// not, in a sentence. Nothing else about a manifest needs trusting.
std::string manifest_problem(const SnapshotManifest& manifest, const Hash256& state_root);
// Empty when `entries` are exactly the chunk `ref` names (of a manifest
// manifest_problem accepted); else why not, in a sentence.
std::string chunk_problem(const SnapshotChunkRef& ref, const std::vector<Entry>& entries);

// Collects the chunks of a checked manifest as they arrive, each checked
// before it is kept, in any order, and gives the tables once all are in.
class SnapshotAssembly {
public:
    // `manifest` must have passed manifest_problem.
    explicit SnapshotAssembly(SnapshotManifest manifest);

    const SnapshotManifest& manifest() const { return manifest_; }
    // Checks and keeps a chunk; empty when kept (or already held), else why
    // it was refused (nothing is kept then).
    std::string add(std::uint32_t index, std::vector<Entry> entries);
    bool has(std::uint32_t index) const { return index < held_.size() && held_[index]; }
    // The chunks not held yet, in manifest order.
    std::vector<std::uint32_t> missing() const;
    std::size_t held_count() const { return held_count_; }
    bool complete() const { return held_count_ == held_.size(); }
    // Once complete: every table's entries in key order (the chunks of a
    // table in manifest order are in key order), moved out; what
    // state_from_tables and a store take. Empty tables before that.
    Tables take_tables();

private:
    SnapshotManifest manifest_;
    std::vector<bool> held_;
    std::size_t held_count_ = 0;
    std::vector<std::vector<Entry>> chunks_; // by manifest index
};

} // namespace chain::state

namespace chain::codec {
// SnapshotManifest: u64 height, u32 chunk count (at most
// kSnapshotManifestChunksMax), each chunk as u16 table, u16 prefix bits, the
// prefix's ceil(bits / 8) bytes, the 32-byte hash and u32 entry count.
void encode(Writer& w, const state::SnapshotManifest& v);
void decode(Reader& r, state::SnapshotManifest& v);
// SnapshotChunk: u64 height, u32 index, u32 entry count (at most
// kSnapshotChunkEntriesMax), each key (u32 length, at most 64) and value
// (u32 length, at most kEntryValueBytesMax).
void encode(Writer& w, const state::SnapshotChunk& v);
void decode(Reader& r, state::SnapshotChunk& v);
} // namespace chain::codec
