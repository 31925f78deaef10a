// The non-template parts of the Merkle map: the normative hashes, proof
// verification and the proof's encoding (docs/STATE.md, "The Merkle map").
#include "state/merkle_map.h"

#include <bit>
#include <cstdio>
#include <cstdlib>

namespace chain::state {

namespace {

constexpr std::uint8_t kLeafTag = 0x00;
constexpr std::uint8_t kInteriorTag = 0x01;

// The split bits must strictly increase down the path and lie inside the key,
// and the leaf reached must agree with the key at every split: the proof then
// describes the walk that following the key's bits makes.
bool path_follows_key(const std::vector<MerkleProofStep>& steps, ByteView key, ByteView leaf_key) {
    const std::size_t key_bits = 8 * key.size();
    std::size_t next_bit_min = 0;
    for (const MerkleProofStep& step : steps) {
        if (step.bit < next_bit_min || step.bit >= key_bits) return false;
        if (detail::key_bit(key, step.bit) != detail::key_bit(leaf_key, step.bit)) return false;
        next_bit_min = std::size_t{step.bit} + 1;
    }
    return true;
}

} // namespace

Hash256 merkle_leaf_hash(ByteView key, const Hash256& value_hash) {
    std::array<std::uint8_t, 2 + kMerkleKeyBytesMax + 32> buffer{};
    if (key.empty() || key.size() > kMerkleKeyBytesMax) detail::merkle_precondition_failed("leaf key length");
    buffer[0] = kLeafTag;
    buffer[1] = static_cast<std::uint8_t>(key.size());
    std::copy(key.begin(), key.end(), buffer.begin() + 2);
    std::copy(value_hash.begin(), value_hash.end(), buffer.begin() + 2 + key.size());
    ++merkle_counters().nodes_hashed;
    return crypto::sha256(ByteView(buffer.data(), 2 + key.size() + value_hash.size()));
}

Hash256 merkle_interior_hash(std::uint16_t bit, const Hash256& left, const Hash256& right) {
    std::array<std::uint8_t, 3 + 32 + 32> buffer{};
    buffer[0] = kInteriorTag;
    buffer[1] = static_cast<std::uint8_t>(bit >> 8);
    buffer[2] = static_cast<std::uint8_t>(bit);
    std::copy(left.begin(), left.end(), buffer.begin() + 3);
    std::copy(right.begin(), right.end(), buffer.begin() + 3 + 32);
    ++merkle_counters().nodes_hashed;
    return crypto::sha256(buffer);
}

namespace {

// The hash of nodes[begin, end), two or more, strictly increasing: the
// interior node over them splits at the first bit where the first and the
// last byte differ, as over their keys.
Hash256 first_byte_range_hash(const std::vector<FirstByteNode>& nodes, std::size_t begin, std::size_t end) {
    if (end - begin == 1) return nodes[begin].hash;
    const auto differing = static_cast<std::uint8_t>(nodes[begin].first_byte ^ nodes[end - 1].first_byte);
    const auto bit = static_cast<std::uint16_t>(std::countl_zero(differing));
    const auto mask = static_cast<std::uint8_t>(0x80U >> bit);
    std::size_t split = begin;
    while ((nodes[split].first_byte & mask) == 0) ++split;
    return merkle_interior_hash(bit, first_byte_range_hash(nodes, begin, split),
                                first_byte_range_hash(nodes, split, end));
}

} // namespace

std::optional<Hash256> merkle_root_from_first_byte_nodes(const std::vector<FirstByteNode>& nodes) {
    if (nodes.empty()) return kEmptyMerkleRoot;
    for (std::size_t i = 1; i < nodes.size(); ++i)
        if (nodes[i].first_byte <= nodes[i - 1].first_byte) return std::nullopt;
    return first_byte_range_hash(nodes, 0, nodes.size());
}

bool verify_proof(const Hash256& root, std::uint8_t key_bytes, ByteView key, std::optional<ByteView> value,
                  const MerkleProof& proof) {
    if (key_bytes < 1 || key_bytes > kMerkleKeyBytesMax || key.size() != key_bytes) return false;
    if (!proof.leaf) return proof.steps.empty() && !value && root == kEmptyMerkleRoot;
    const MerkleProofLeaf& leaf = *proof.leaf;
    if (leaf.key.size() != key_bytes) return false;
    const bool same_key = std::ranges::equal(leaf.key, key);
    if (value) {
        if (!same_key || crypto::sha256(*value) != leaf.value_hash) return false;
    } else if (same_key) {
        return false;
    }
    if (!path_follows_key(proof.steps, key, leaf.key)) return false;
    Hash256 hash = merkle_leaf_hash(leaf.key, leaf.value_hash);
    for (auto step = proof.steps.rbegin(); step != proof.steps.rend(); ++step) {
        hash = detail::key_bit(key, step->bit) ? merkle_interior_hash(step->bit, step->sibling, hash)
                                                : merkle_interior_hash(step->bit, hash, step->sibling);
    }
    return hash == root;
}

MerkleCounters& merkle_counters() {
    thread_local MerkleCounters counters;
    return counters;
}

namespace detail {

std::size_t first_different_bit(ByteView a, ByteView b) {
    const auto [in_a, in_b] = std::ranges::mismatch(a, b);
    if (in_a == a.end()) return 8 * a.size();
    const auto different = static_cast<std::uint8_t>(*in_a ^ *in_b);
    return 8 * static_cast<std::size_t>(in_a - a.begin()) + static_cast<std::size_t>(std::countl_zero(different));
}

void merkle_precondition_failed(const char* what) {
    std::fprintf(stderr, "Merkle map precondition broken: %s\n", what);
    std::abort();
}

} // namespace detail

} // namespace chain::state

namespace chain::codec {

// Layout: boolean (a leaf follows); the leaf's key (u32 length, at most
// kMerkleKeyBytesMax) and value hash (32 bytes); u32 step count (at most
// kMerkleProofStepsMax), each step u16 bit and 32-byte sibling hash.
void encode(Writer& w, const state::MerkleProof& v) {
    w.boolean(v.leaf.has_value());
    if (v.leaf) {
        w.bytes(v.leaf->key);
        w.fixed(v.leaf->value_hash);
    }
    w.u32(static_cast<std::uint32_t>(v.steps.size()));
    for (const state::MerkleProofStep& step : v.steps) {
        w.u16(step.bit);
        w.fixed(step.sibling);
    }
}

void decode(Reader& r, state::MerkleProof& v) {
    v = state::MerkleProof{};
    if (r.boolean()) {
        state::MerkleProofLeaf leaf;
        leaf.key = r.bytes(state::kMerkleKeyBytesMax);
        leaf.value_hash = r.fixed<32>();
        v.leaf = std::move(leaf);
    }
    const std::uint32_t count = r.count(state::kMerkleProofStepsMax);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        state::MerkleProofStep step;
        step.bit = r.u16();
        step.sibling = r.fixed<32>();
        v.steps.push_back(step);
    }
}

} // namespace chain::codec
