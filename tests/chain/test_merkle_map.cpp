// The persistent Merkle map (chain/state/merkle_map.h): its roots against the
// known-answer vectors of docs/STATE.md and against a from-scratch reference
// written here separately, persistence, diff, proofs and what each costs.
#include "state/merkle_map.h"

#include <QtTest>

#include <map>
#include <random>
#include <set>
#include <thread>

// Heap figures come from glibc's allocator statistics, which a sanitizer's
// allocator does not keep.
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define MERKLE_TEST_MEASURES_HEAP 1
#include <malloc.h>
#endif

using namespace chain;
using namespace chain::state;

namespace {

// --- The from-scratch reference ---------------------------------------------
// Written from the definition in docs/STATE.md without the map's code: a
// recursive split of the sorted entries.

using Entries = std::map<Bytes, Bytes>; // sorted by key bytes

Bytes to_bytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

Bytes hex(std::string_view text) {
    Bytes out;
    if (!codec::from_hex(text, out)) qFatal("bad hex in a test");
    return out;
}

std::string hex_of(const Hash256& hash) { return codec::to_hex(hash); }

bool reference_bit(const Bytes& key, std::size_t bit) { return (key[bit / 8] & (0x80 >> (bit % 8))) != 0; }

Hash256 reference_leaf_from_value_hash(const Bytes& key, const Hash256& value_hash) {
    Bytes preimage{0x00, static_cast<std::uint8_t>(key.size())};
    preimage.insert(preimage.end(), key.begin(), key.end());
    preimage.insert(preimage.end(), value_hash.begin(), value_hash.end());
    return crypto::sha256(preimage);
}

Hash256 reference_interior(std::size_t bit, const Hash256& left, const Hash256& right) {
    Bytes preimage{0x01, static_cast<std::uint8_t>(bit >> 8), static_cast<std::uint8_t>(bit & 0xFF)};
    preimage.insert(preimage.end(), left.begin(), left.end());
    preimage.insert(preimage.end(), right.begin(), right.end());
    return crypto::sha256(preimage);
}

using SortedEntries = std::vector<std::pair<Bytes, Bytes>>;

Hash256 reference_subtree(SortedEntries::const_iterator first, SortedEntries::const_iterator last) {
    if (last - first == 1) return reference_leaf_from_value_hash(first->first, crypto::sha256(first->second));
    // Sorted: the bits every key shares are those the first and last share.
    const Bytes& low = first->first;
    const Bytes& high = (last - 1)->first;
    std::size_t bit = 0;
    while (reference_bit(low, bit) == reference_bit(high, bit)) ++bit;
    const auto split = std::find_if(first, last, [bit](const auto& entry) { return reference_bit(entry.first, bit); });
    return reference_interior(bit, reference_subtree(first, split), reference_subtree(split, last));
}

Hash256 reference_root(const Entries& entries) {
    if (entries.empty()) return Hash256{};
    const SortedEntries sorted(entries.begin(), entries.end());
    return reference_subtree(sorted.begin(), sorted.end());
}

// --- Maps under test ----------------------------------------------------------

std::array<std::uint8_t, 8> big_endian(std::uint64_t value) {
    std::array<std::uint8_t, 8> out{};
    for (std::size_t i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(value >> (56 - 8 * i));
    return out;
}

// A typed table: u64 keys and values, both big-endian on the wire.
struct U64Traits {
    using Key = std::uint64_t;
    using Value = std::uint64_t;
    static constexpr std::size_t kKeyBytes = 8;
    static std::array<std::uint8_t, 8> key_bytes(std::uint64_t key) { return big_endian(key); }
    static std::array<std::uint8_t, 8> value_bytes(std::uint64_t value) { return big_endian(value); }
};
using U64Map = MerkleMap<U64Traits>;
static_assert(std::forward_iterator<U64Map::const_iterator>);

// A value type without operator==: the map compares encodings instead.
struct Note {
    std::string text;
};
struct NoteTraits {
    using Key = std::uint64_t;
    using Value = Note;
    static constexpr std::size_t kKeyBytes = 8;
    static std::array<std::uint8_t, 8> key_bytes(std::uint64_t key) { return big_endian(key); }
    static Bytes value_bytes(const Note& note) { return to_bytes(note.text); }
};

template <std::size_t N>
std::array<std::uint8_t, N> key_array(const Bytes& key) {
    std::array<std::uint8_t, N> out{};
    if (key.size() != N) qFatal("key length");
    std::copy(key.begin(), key.end(), out.begin());
    return out;
}

template <std::size_t N>
BytesMap<N> map_of(const Entries& entries) {
    BytesMap<N> map;
    for (const auto& [key, value] : entries) map.set(key_array<N>(key), value);
    return map;
}

template <std::size_t N>
Entries entries_of(const BytesMap<N>& map) {
    Entries out;
    for (const auto& [key, value] : map) out.emplace(Bytes(key.begin(), key.end()), value);
    return out;
}

// The known-answer vectors of docs/STATE.md.
struct Vector {
    const char* name;
    std::size_t key_bytes;
    std::vector<std::pair<const char*, const char*>> entries; // hex key, text value
    const char* root;
};

std::vector<Vector> known_answer_vectors() {
    return {
        {"empty", 4, {}, "0000000000000000000000000000000000000000000000000000000000000000"},
        {"one entry", 4, {{"01020304", "rateio"}},
         "5ed6c39e7596e8d193e7a31bd3d046aa92de2c330e4a8ec9557e3b509fbbadfa"},
        {"split at the first bit", 2, {{"0000", "left"}, {"8000", "right"}},
         "e16f9a69d6a9d03018711ae4cff83fbbb7951acc2835e42d23f6043cfa543d78"},
        {"split at the last bit", 2, {{"0000", "left"}, {"0001", "right"}},
         "46326889b61ea8b38ef884c27ab666f45c39dc5266fa473281d1056f43b598be"},
        {"five entries", 4,
         {{"00000000", ""}, {"00000001", "one"}, {"40000000", "two"}, {"7fffffff", "three"}, {"ff000000", "four"}},
         "cc19a9e8834529861af976fd8e2dd03a97b3cb02632b0e1ffc11974199ff9005"},
    };
}
// Keys big-endian u64 1..1000, values the big-endian u64 key * 7.
constexpr const char* kThousandRoot = "4fa920258c3ee1bb17b3a5c515daea714d7f699fb3e1958bf4c98002b6938477";

Entries vector_entries(const Vector& vector) {
    Entries out;
    for (const auto& [key, value] : vector.entries) out.emplace(hex(key), to_bytes(value));
    return out;
}

template <std::size_t N>
Hash256 bytes_map_root(const Entries& entries) {
    return map_of<N>(entries).root();
}

// Random keys of N bytes that share long prefixes often (so that splits fall
// at every depth) and values of 0 to 40 bytes.
template <std::size_t N>
Entries random_entries(std::mt19937_64& rng, std::size_t count) {
    Entries out;
    std::uniform_int_distribution<std::size_t> varying_bytes(1, N);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<std::size_t> value_length(0, 40);
    const std::size_t varying = varying_bytes(rng); // only the last bytes vary
    while (out.size() < count) {
        Bytes key(N, 0x5A);
        for (std::size_t i = N - varying; i < N; ++i) key[i] = static_cast<std::uint8_t>(byte(rng) & byte(rng));
        Bytes value(value_length(rng));
        for (std::uint8_t& b : value) b = static_cast<std::uint8_t>(byte(rng));
        out[key] = value;
        if (varying == 1 && out.size() >= 150) break; // few distinct one-byte suffixes
    }
    return out;
}

// The root a proof claims, computed without any of verify_proof's checks,
// taking each step's side from `right_sides`: forged proofs built with it pass
// the hash comparison, so only the structural checks can refuse them.
Hash256 implied_root(const MerkleProofLeaf& leaf, const std::vector<MerkleProofStep>& steps,
                     const std::vector<bool>& right_sides) {
    Hash256 hash = reference_leaf_from_value_hash(leaf.key, leaf.value_hash);
    for (std::size_t i = steps.size(); i-- > 0;)
        hash = right_sides[i] ? reference_interior(steps[i].bit, steps[i].sibling, hash)
                              : reference_interior(steps[i].bit, hash, steps[i].sibling);
    return hash;
}

std::optional<MerkleProof> decode_proof(ByteView bytes) {
    codec::Reader r(bytes);
    MerkleProof proof;
    codec::decode(r, proof);
    if (!r.finished()) return std::nullopt;
    return proof;
}

Bytes encode_proof(const MerkleProof& proof) {
    codec::Writer w;
    codec::encode(w, proof);
    return w.take();
}

U64Map thousand_map() {
    U64Map map;
    for (std::uint64_t key = 1; key <= 1000; ++key) map.set(key, key * 7);
    return map;
}

std::size_t max_depth(const U64Map& map) {
    std::size_t depth = 0;
    for (const auto& entry : map) depth = std::max(depth, map.prove(entry.first).steps.size());
    return depth;
}

struct Change {
    std::uint64_t key;
    std::optional<std::uint64_t> before;
    std::optional<std::uint64_t> after;
    bool operator==(const Change&) const = default;
};

std::vector<Change> changes_between(const U64Map& before, const U64Map& after) {
    std::vector<Change> out;
    U64Map::diff(before, after, [&out](std::uint64_t key, const std::uint64_t* old_value, const std::uint64_t* new_value) {
        out.push_back({key, old_value ? std::optional(*old_value) : std::nullopt,
                       new_value ? std::optional(*new_value) : std::nullopt});
    });
    return out;
}

// The changes by brute force: both versions walked whole.
std::vector<Change> changes_by_walking(const U64Map& before, const U64Map& after) {
    std::map<std::uint64_t, Change> by_key;
    for (const auto& [key, value] : before) by_key[key] = {key, value, std::nullopt};
    for (const auto& [key, value] : after) {
        auto [it, inserted] = by_key.try_emplace(key, Change{key, std::nullopt, value});
        if (!inserted) it->second.after = value;
    }
    std::vector<Change> out;
    for (const auto& [key, change] : by_key)
        if (change.before != change.after) out.push_back(change);
    return out;
}

std::uint64_t hashes_during(const std::function<void()>& work) {
    const std::uint64_t before = merkle_counters().nodes_hashed;
    work();
    return merkle_counters().nodes_hashed - before;
}

std::uint64_t diff_visits_during(const std::function<void()>& work) {
    const std::uint64_t before = merkle_counters().diff_nodes_visited;
    work();
    return merkle_counters().diff_nodes_visited - before;
}

} // namespace

class TestMerkleMap : public QObject {
    Q_OBJECT

    // Order independence for one key length: shuffled insertion orders and
    // erase / re-insert histories all give the reference root.
    template <std::size_t N>
    void check_order_independence(std::uint64_t seed) {
        std::mt19937_64 rng(seed);
        for (int round = 0; round < 12; ++round) {
            std::uniform_int_distribution<std::size_t> count(0, 300);
            const Entries entries = random_entries<N>(rng, count(rng));
            const Hash256 expected = reference_root(entries);
            std::vector<std::pair<Bytes, Bytes>> order(entries.begin(), entries.end());
            for (int shuffle = 0; shuffle < 3; ++shuffle) {
                std::shuffle(order.begin(), order.end(), rng);
                BytesMap<N> map;
                for (const auto& [key, value] : order) map.set(key_array<N>(key), value);
                QCOMPARE(map.size(), entries.size());
                QCOMPARE(hex_of(map.root()), hex_of(expected));
                QVERIFY(entries_of(map) == entries); // iteration in key order
            }
            // Built in one pass from the sorted entries (a store's bulk load):
            // the same map, and it takes later changes like any other.
            std::vector<std::pair<std::array<std::uint8_t, N>, Bytes>> sorted;
            for (const auto& [key, value] : entries) sorted.emplace_back(key_array<N>(key), value);
            BytesMap<N> bulk = BytesMap<N>::from_sorted(std::move(sorted));
            QCOMPARE(bulk.size(), entries.size());
            QCOMPARE(hex_of(bulk.root()), hex_of(expected));
            QVERIFY(entries_of(bulk) == entries);
            // Built in two halves by the keys' first bit, each hashed on its
            // own (a large group opened on two threads), then joined: the
            // same map, with either half empty too.
            std::vector<std::pair<std::array<std::uint8_t, N>, Bytes>> low;
            std::vector<std::pair<std::array<std::uint8_t, N>, Bytes>> high;
            for (const auto& [key, value] : entries) ((key[0] & 0x80) ? high : low).emplace_back(key_array<N>(key), value);
            BytesMap<N> low_map = BytesMap<N>::from_sorted(std::move(low));
            BytesMap<N> high_map = BytesMap<N>::from_sorted(std::move(high));
            (void)low_map.root();
            (void)high_map.root();
            const BytesMap<N> joined = BytesMap<N>::join_halves(std::move(low_map), std::move(high_map));
            QCOMPARE(joined.size(), entries.size());
            QCOMPARE(hex_of(joined.root()), hex_of(expected));
            QVERIFY(entries_of(joined) == entries);
            // Held by the values' hashes only: the same root.
            HashedBytesMap<N> hashed;
            for (const auto& [key, value] : order) hashed.set(key_array<N>(key), crypto::sha256(value));
            QCOMPARE(hashed.size(), entries.size());
            QCOMPARE(hex_of(hashed.root()), hex_of(expected));
            if (!entries.empty()) {
                const auto first = key_array<N>(entries.begin()->first);
                BytesMap<N> edited = bulk;
                QVERIFY(edited.erase(first));
                edited.set(first, entries.begin()->second);
                QCOMPARE(hex_of(edited.root()), hex_of(expected));
                QCOMPARE(hex_of(bulk.root()), hex_of(expected));
            }
            // A history: extra keys inserted then erased, values overwritten
            // and restored, some keys erased and inserted again, with root()
            // called in between so that cached hashes meet new paths.
            const Entries extra = random_entries<N>(rng, 60);
            BytesMap<N> map;
            for (const auto& [key, value] : order) map.set(key_array<N>(key), Bytes{0xEE});
            for (const auto& [key, value] : extra) map.set(key_array<N>(key), value);
            (void)map.root();
            for (const auto& [key, value] : extra)
                if (!entries.contains(key)) QVERIFY(map.erase(key_array<N>(key)));
            for (std::size_t i = 0; i < order.size(); ++i) {
                const auto key = key_array<N>(order[i].first);
                map.set(key, order[i].second);
                if (i % 3 == 0) {
                    QVERIFY(map.erase(key));
                    (void)map.root();
                    map.set(key, order[i].second);
                }
            }
            QCOMPARE(map.size(), entries.size());
            QCOMPARE(hex_of(map.root()), hex_of(expected));
            QVERIFY(entries_of(map) == entries);
        }
    }

    // The first-byte nodes of random maps: in order, each the root of the
    // entries with its first byte alone, and together the map's root.
    template <std::size_t N>
    void check_first_byte_nodes(std::uint64_t seed) {
        std::mt19937_64 rng(seed);
        std::uniform_int_distribution<int> byte(0, 255);
        for (int round = 0; round < 12; ++round) {
            std::uniform_int_distribution<std::size_t> count(0, 300);
            Entries entries = random_entries<N>(rng, count(rng));
            if (round % 2 == 1) { // keys whose first bytes vary too
                Entries spread;
                for (const auto& [key, value] : entries) {
                    Bytes moved = key;
                    moved[0] = static_cast<std::uint8_t>(byte(rng) & byte(rng));
                    spread[moved] = value;
                }
                entries = std::move(spread);
            }
            const BytesMap<N> map = map_of<N>(entries);
            const std::vector<FirstByteNode> nodes = map.first_byte_nodes();
            std::map<std::uint8_t, Entries> by_first_byte;
            for (const auto& [key, value] : entries) by_first_byte[key[0]].emplace(key, value);
            QCOMPARE(nodes.size(), by_first_byte.size());
            std::size_t i = 0;
            for (const auto& [first, part] : by_first_byte) {
                QCOMPARE(int(nodes[i].first_byte), int(first));
                QCOMPARE(hex_of(nodes[i].hash), hex_of(reference_root(part)));
                ++i;
            }
            const std::optional<Hash256> root = merkle_root_from_first_byte_nodes(nodes);
            QVERIFY(root);
            QCOMPARE(hex_of(*root), hex_of(map.root()));
        }
    }

    // lower_bound against std::set for every possible one- and two-byte key.
    template <std::size_t N>
    void check_lower_bound_exhaustively(std::uint64_t seed) {
        static_assert(N <= 2);
        std::mt19937_64 rng(seed);
        for (int round = 0; round < 20; ++round) {
            BytesMap<N> map;
            std::set<std::array<std::uint8_t, N>> keys;
            std::uniform_int_distribution<int> byte(0, 255);
            std::uniform_int_distribution<int> count(0, 40);
            for (int i = count(rng); i > 0; --i) {
                std::array<std::uint8_t, N> key{};
                for (auto& b : key) b = static_cast<std::uint8_t>(byte(rng));
                keys.insert(key);
                map.set(key, Bytes{key[0]});
            }
            for (std::uint32_t probe = 0; probe < (1u << (8 * N)); ++probe) {
                std::array<std::uint8_t, N> key{};
                for (std::size_t i = 0; i < N; ++i) key[i] = static_cast<std::uint8_t>(probe >> (8 * (N - 1 - i)));
                const auto expected = keys.lower_bound(key);
                const auto found = map.lower_bound(key);
                if (expected == keys.end()) {
                    QVERIFY(found == map.end());
                } else {
                    QVERIFY(found != map.end());
                    QVERIFY(found->first == *expected);
                }
            }
        }
    }

private slots:
    void knownAnswerVectors() {
        for (const Vector& vector : known_answer_vectors()) {
            const Entries entries = vector_entries(vector);
            QCOMPARE(hex_of(reference_root(entries)), std::string(vector.root));
            const Hash256 root = vector.key_bytes == 2 ? bytes_map_root<2>(entries) : bytes_map_root<4>(entries);
            QCOMPARE(hex_of(root), std::string(vector.root));
        }
        QCOMPARE(hex_of(BytesMap<4>().root()), hex_of(kEmptyMerkleRoot));
    }

    void knownAnswerThousandEntries() {
        Entries entries;
        for (std::uint64_t key = 1; key <= 1000; ++key) {
            const auto k = big_endian(key);
            const auto v = big_endian(key * 7);
            entries.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
        }
        QCOMPARE(hex_of(reference_root(entries)), std::string(kThousandRoot));
        const U64Map map = thousand_map();
        QCOMPARE(map.size(), std::size_t{1000});
        QCOMPARE(hex_of(map.root()), std::string(kThousandRoot));
        // The typed map and the untyped one over the same bytes agree.
        QCOMPARE(hex_of(map_of<8>(entries).root()), std::string(kThousandRoot));
    }

    // Leaves and interior nodes hash exactly as docs/STATE.md says.
    void hashFunctionsMatchTheDefinition() {
        const Bytes key = hex("0102");
        const Hash256 value_hash = crypto::sha256(to_bytes("v"));
        QCOMPARE(hex_of(merkle_leaf_hash(key, value_hash)), hex_of(reference_leaf_from_value_hash(key, value_hash)));
        const Hash256 left = crypto::sha256(to_bytes("l"));
        const Hash256 right = crypto::sha256(to_bytes("r"));
        QCOMPARE(hex_of(merkle_interior_hash(300, left, right)), hex_of(reference_interior(300, left, right)));
        QVERIFY(merkle_interior_hash(300, left, right) != merkle_interior_hash(300, right, left));
        QVERIFY(merkle_interior_hash(300, left, right) != merkle_interior_hash(301, left, right));
    }

    void orderIndependence() {
        check_order_independence<1>(101);
        check_order_independence<4>(202);
        check_order_independence<4>(203);
        check_order_independence<64>(404);
    }

    // docs/STATE.md, "Checkpoints": the top of a trie down to the nodes of
    // one first byte commits to the same root, whatever the key length.
    void firstByteNodesCommitToTheRoot() {
        check_first_byte_nodes<1>(31);
        check_first_byte_nodes<2>(32);
        check_first_byte_nodes<8>(33);
        check_first_byte_nodes<20>(34);
        QCOMPARE(hex_of(*merkle_root_from_first_byte_nodes({})), hex_of(kEmptyMerkleRoot));
        QVERIFY(BytesMap<4>().first_byte_nodes().empty());
    }

    // Nodes out of order, or two of one first byte, commit to nothing.
    void firstByteNodesOutOfOrderAreRefused() {
        const FirstByteNode a{0x10, Hash256{1}};
        const FirstByteNode b{0x20, Hash256{2}};
        QVERIFY(merkle_root_from_first_byte_nodes({a, b}));
        QVERIFY(!merkle_root_from_first_byte_nodes({b, a}));
        QVERIFY(!merkle_root_from_first_byte_nodes({a, a}));
        // Two nodes split at the first bit where their bytes differ (bit 2 here).
        QCOMPARE(hex_of(*merkle_root_from_first_byte_nodes({a, b})),
                 hex_of(reference_interior(2, a.hash, b.hash)));
    }

    void persistence() {
        U64Map original = thousand_map();
        const Hash256 original_root = original.root();
        U64Map changed = original;
        changed.set(5, 1);
        changed.set(5000, 2);
        QVERIFY(changed.erase(17));
        changed.edit(18, [](std::uint64_t& value) { value += 1; });
        // The original keeps its entries and root.
        QCOMPARE(original.size(), std::size_t{1000});
        QCOMPARE(*original.find(5), std::uint64_t{35});
        QVERIFY(!original.contains(5000));
        QCOMPARE(*original.find(17), std::uint64_t{119});
        QCOMPARE(*original.find(18), std::uint64_t{126});
        QCOMPARE(hex_of(original.root()), hex_of(original_root));
        QCOMPARE(hex_of(original.root()), std::string(kThousandRoot));
        // The changed one has the changes.
        QCOMPARE(changed.size(), std::size_t{1000});
        QCOMPARE(*changed.find(5), std::uint64_t{1});
        QCOMPARE(*changed.find(5000), std::uint64_t{2});
        QVERIFY(!changed.contains(17));
        QCOMPARE(*changed.find(18), std::uint64_t{127});
        QVERIFY(changed.root() != original_root);
        // Changing the original afterwards leaves the copy alone as well.
        original.set(5000, 3);
        QCOMPARE(*changed.find(5000), std::uint64_t{2});
        // Undoing the changes gives the original root back.
        changed.set(5, 35);
        QVERIFY(changed.erase(5000));
        changed.set(17, 119);
        changed.set(18, 126);
        QCOMPARE(hex_of(changed.root()), std::string(kThousandRoot));
    }

    void equality() {
        const U64Map a = thousand_map();
        U64Map b = thousand_map(); // built separately: no shared nodes
        QVERIFY(a == b);           // by walking (neither hashed)
        (void)a.root();
        (void)b.root();
        QVERIFY(a == b); // by roots
        b.set(1, 8);
        QVERIFY(!(a == b));
        (void)b.root();
        QVERIFY(!(a == b));
        U64Map c = a;
        QVERIFY(c == a);
        c.erase(1000);
        QVERIFY(!(c == a)); // sizes differ
        QVERIFY(U64Map() == U64Map());
        QVERIFY(!(U64Map() == a));
    }

    void diffReportsExactlyTheChanges() {
        const U64Map before = thousand_map();
        U64Map after = before;
        after.set(2000, 1);                // inserted
        after.set(0, 2);                   // inserted, below every key
        QVERIFY(after.erase(500));         // erased
        QVERIFY(after.erase(1000));        // erased, the highest key
        after.set(7, 3);                   // replaced
        after.set(8, 56);                  // set to the value it had: no change
        after.set(9, 4);                   // changed, then back
        after.set(9, 63);
        const std::vector<Change> expected = {
            {0, std::nullopt, 2}, {7, 49, 3}, {500, 3500, std::nullopt}, {1000, 7000, std::nullopt}, {2000, std::nullopt, 1},
        };
        QVERIFY(changes_between(before, after) == expected);
        QVERIFY(changes_by_walking(before, after) == expected);
        // And the other way round.
        const std::vector<Change> reverse = changes_between(after, before);
        QCOMPARE(reverse.size(), expected.size());
        for (std::size_t i = 0; i < reverse.size(); ++i) {
            QCOMPARE(reverse[i].key, expected[i].key);
            QVERIFY(reverse[i].before == expected[i].after && reverse[i].after == expected[i].before);
        }
        // Nothing between a version and itself, or a copy.
        QVERIFY(changes_between(before, before).empty());
        QVERIFY(changes_between(before, U64Map(before)).empty());
        // From and to the empty map: every entry.
        QCOMPARE(changes_between(U64Map(), before).size(), std::size_t{1000});
        QCOMPARE(changes_between(before, U64Map()).size(), std::size_t{1000});
    }

    void diffOfUnrelatedVersions() {
        // Versions built separately share no node: diff still finds exactly
        // the differences, however the shapes differ.
        std::mt19937_64 rng(77);
        std::uniform_int_distribution<std::uint64_t> key(0, 400);
        for (int round = 0; round < 50; ++round) {
            U64Map a;
            U64Map b;
            for (int i = 0; i < 150; ++i) a.set(key(rng), key(rng) % 3);
            for (int i = 0; i < 150; ++i) b.set(key(rng), key(rng) % 3);
            QVERIFY(changes_between(a, b) == changes_by_walking(a, b));
            QCOMPARE(a == b, changes_by_walking(a, b).empty());
        }
        // Subtrees of one shape over other prefixes: {0, 1} against {4, 5},
        // both split at the last bit, still come out in key order.
        U64Map low;
        low.set(0, 0);
        low.set(1, 1);
        U64Map high = low;
        high.erase(0);
        high.erase(1);
        high.set(4, 4);
        high.set(5, 5);
        const std::vector<Change> expected = {
            {0, 0, std::nullopt}, {1, 1, std::nullopt}, {4, std::nullopt, 4}, {5, std::nullopt, 5}};
        QVERIFY(changes_between(low, high) == expected);
        U64Map same_a;
        U64Map same_b;
        for (std::uint64_t k = 0; k < 100; ++k) same_a.set(k, k);
        for (std::uint64_t k = 100; k-- > 0;) same_b.set(k, k);
        QVERIFY(changes_between(same_a, same_b).empty());
    }

    void diffComparesEncodingsWithoutOperatorEquals() {
        MerkleMap<NoteTraits> before;
        before.set(1, Note{"one"});
        before.set(2, Note{"two"});
        MerkleMap<NoteTraits> after = before;
        after.set(1, Note{"one"}); // a new leaf, the same encoding
        after.set(2, Note{"deux"});
        std::vector<std::uint64_t> changed;
        MerkleMap<NoteTraits>::diff(before, after, [&changed](std::uint64_t key, const Note* old_note, const Note* new_note) {
            QVERIFY(old_note && new_note);
            QCOMPARE(old_note->text, std::string("two"));
            QCOMPARE(new_note->text, std::string("deux"));
            changed.push_back(key);
        });
        QCOMPARE(changed, std::vector<std::uint64_t>{2});
        QVERIFY(!(before == after));
        after.set(2, Note{"two"});
        QVERIFY(before == after);
    }

    void diffCostIsProportionalToTheChanges() {
        const U64Map before = thousand_map();
        const std::size_t depth = max_depth(before);
        QVERIFY(depth >= 10); // 1000 keys need at least 10 levels
        QCOMPARE(diff_visits_during([&] { (void)changes_between(before, before); }), std::uint64_t{1});
        std::mt19937_64 rng(5);
        std::uniform_int_distribution<std::uint64_t> key(1, 1200);
        for (std::size_t change_count : {1, 2, 5, 20}) {
            U64Map after = before;
            for (std::size_t i = 0; i < change_count; ++i) {
                const std::uint64_t k = key(rng);
                if (i % 3 == 2)
                    after.erase(k);
                else
                    after.set(k, k + 1); // a new key above 1000, a replacement below
            }
            std::vector<Change> changes;
            const std::uint64_t visits = diff_visits_during([&] { changes = changes_between(before, after); });
            QVERIFY(changes == changes_by_walking(before, after));
            // Along each changed path: the pair at each level and its shared
            // sibling, plus a leaf pair or a new split at the bottom.
            const std::uint64_t bound = 1 + 2 * change_count * (depth + 2);
            QVERIFY2(visits <= bound, qPrintable(QStringLiteral("%1 visits for %2 changes, bound %3")
                                                     .arg(visits).arg(change_count).arg(bound)));
        }
    }

    void proofsOfPresentAndAbsentKeysVerify() {
        std::mt19937_64 rng(9);
        const Entries entries = random_entries<4>(rng, 200);
        const BytesMap<4> map = map_of<4>(entries);
        const Hash256 root = map.root();
        for (const auto& [key, value] : entries) {
            const MerkleProof proof = map.prove(key_array<4>(key));
            QVERIFY(proof.leaf && proof.leaf->key == key);
            QVERIFY(verify_proof(root, 4, key, ByteView(value), proof));
            QVERIFY(!verify_proof(root, 4, key, std::nullopt, proof)); // present: not absent
        }
        std::uniform_int_distribution<int> byte(0, 255);
        int absent_checked = 0;
        while (absent_checked < 200) {
            Bytes key(4);
            for (std::uint8_t& b : key) b = static_cast<std::uint8_t>(byte(rng));
            if (entries.contains(key)) continue;
            const MerkleProof proof = map.prove(key_array<4>(key));
            QVERIFY(verify_proof(root, 4, key, std::nullopt, proof));
            QVERIFY(!verify_proof(root, 4, key, ByteView(Bytes{1}), proof));
            ++absent_checked;
        }
        // One entry: the proof is the leaf alone.
        BytesMap<4> single;
        single.set(key_array<4>(hex("01020304")), to_bytes("rateio"));
        const MerkleProof present = single.prove(key_array<4>(hex("01020304")));
        QVERIFY(present.steps.empty());
        QVERIFY(verify_proof(single.root(), 4, hex("01020304"), ByteView(to_bytes("rateio")), present));
        QVERIFY(verify_proof(single.root(), 4, hex("01020305"), std::nullopt, single.prove(key_array<4>(hex("01020305")))));
        // The empty map proves every key absent, and nothing present.
        const MerkleProof empty = BytesMap<4>().prove(key_array<4>(hex("01020304")));
        QVERIFY(!empty.leaf && empty.steps.empty());
        QVERIFY(verify_proof(kEmptyMerkleRoot, 4, hex("01020304"), std::nullopt, empty));
        QVERIFY(!verify_proof(kEmptyMerkleRoot, 4, hex("01020304"), ByteView(Bytes{}), empty));
        QVERIFY(!verify_proof(root, 4, hex("01020304"), std::nullopt, empty));
    }

    void tamperedProofsFail() {
        const Vector five = known_answer_vectors()[4];
        const Entries entries = vector_entries(five);
        const BytesMap<4> map = map_of<4>(entries);
        const Hash256 root = map.root();
        const Bytes key = hex("00000001");
        const Bytes value = to_bytes("one");
        const MerkleProof proof = map.prove(key_array<4>(key));
        QCOMPARE(proof.steps.size(), std::size_t{3}); // splits at bits 0, 1 and 31
        QVERIFY(verify_proof(root, 4, key, ByteView(value), proof));

        QVERIFY(!verify_proof(root, 4, key, ByteView(to_bytes("onE")), proof)); // value
        for (std::size_t i = 0; i < proof.steps.size(); ++i) {
            MerkleProof sibling = proof;
            sibling.steps[i].sibling[7] ^= 0x01;
            QVERIFY(!verify_proof(root, 4, key, ByteView(value), sibling));
            MerkleProof bit = proof;
            bit.steps[i].bit = static_cast<std::uint16_t>(bit.steps[i].bit ^ 0x04);
            QVERIFY(!verify_proof(root, 4, key, ByteView(value), bit));
        }
        MerkleProof dropped = proof;
        dropped.steps.erase(dropped.steps.begin());
        QVERIFY(!verify_proof(root, 4, key, ByteView(value), dropped));
        MerkleProof value_hash = proof;
        value_hash.leaf->value_hash[0] ^= 0x80;
        QVERIFY(!verify_proof(root, 4, key, ByteView(value), value_hash));
        // Another root: another version of the map.
        BytesMap<4> other = map;
        other.set(key_array<4>(hex("00000002")), to_bytes("x"));
        QVERIFY(!verify_proof(other.root(), 4, key, ByteView(value), proof));
        // A proof for another key: neither its value nor its absence.
        for (const auto& [other_key, other_value] : entries) {
            if (other_key == key) continue;
            QVERIFY(!verify_proof(root, 4, other_key, ByteView(other_value), proof));
            QVERIFY(!verify_proof(root, 4, other_key, std::nullopt, proof));
            QVERIFY(!verify_proof(root, 4, other_key, ByteView(value), proof));
        }
        // Lengths: the map's key length and the key's must agree with the proof.
        QVERIFY(!verify_proof(root, 5, key, ByteView(value), proof));
        QVERIFY(!verify_proof(root, 4, hex("0000000100"), ByteView(value), proof));
        QVERIFY(!verify_proof(root, 0, Bytes{}, ByteView(value), proof));
        MerkleProof long_leaf = proof;
        long_leaf.leaf->key.push_back(0);
        QVERIFY(!verify_proof(root, 4, key, ByteView(value), long_leaf));
    }

    // Forged proofs whose hashes are consistent with the root they claim:
    // only the shape checks can refuse them.
    void forgedShapesFail() {
        const MerkleProofLeaf leaf{hex("40"), crypto::sha256(to_bytes("v"))};
        const Hash256 sibling_a = crypto::sha256(to_bytes("a"));
        const Hash256 sibling_b = crypto::sha256(to_bytes("b"));
        const Bytes key = hex("00"); // absent: bits 0 and 1 are 0 and 0; the leaf's 0 and 1

        // The control: splits at bits 0 then 2, the leaf agreeing with the key.
        MerkleProof honest{{{0, sibling_a}, {2, sibling_b}}, leaf};
        QVERIFY(verify_proof(implied_root(leaf, honest.steps, {false, false}), 1, key, std::nullopt, honest));

        MerkleProof decreasing{{{2, sibling_a}, {0, sibling_b}}, leaf};
        QVERIFY(!verify_proof(implied_root(leaf, decreasing.steps, {false, false}), 1, key, std::nullopt, decreasing));
        MerkleProof repeated{{{2, sibling_a}, {2, sibling_b}}, leaf};
        QVERIFY(!verify_proof(implied_root(leaf, repeated.steps, {false, false}), 1, key, std::nullopt, repeated));
        MerkleProof beyond_key{{{0, sibling_a}, {8, sibling_b}}, leaf};
        QVERIFY(!verify_proof(implied_root(leaf, beyond_key.steps, {false, false}), 1, key, std::nullopt, beyond_key));
        // The leaf's key has a 1 at bit 1 where the key has a 0: that leaf is
        // not where the key's bits lead.
        MerkleProof disagreeing{{{0, sibling_a}, {1, sibling_b}}, leaf};
        QVERIFY(!verify_proof(implied_root(leaf, disagreeing.steps, {false, false}), 1, key, std::nullopt, disagreeing));
        // The sides must follow the key's bits, not the prover's choice.
        QVERIFY(!verify_proof(implied_root(leaf, honest.steps, {true, false}), 1, key, std::nullopt, honest));
        // The key's own leaf does not prove it absent, nor another leaf present.
        const MerkleProofLeaf own{key, crypto::sha256(to_bytes("v"))};
        const MerkleProof own_proof{{}, own};
        QVERIFY(!verify_proof(implied_root(own, {}, {}), 1, key, std::nullopt, own_proof));
        QVERIFY(verify_proof(implied_root(own, {}, {}), 1, key, ByteView(to_bytes("v")), own_proof));
        QVERIFY(!verify_proof(implied_root(leaf, {}, {}), 1, key, ByteView(to_bytes("v")), MerkleProof{{}, leaf}));
        // Steps without a leaf are not an empty map.
        QVERIFY(!verify_proof(kEmptyMerkleRoot, 1, key, std::nullopt, MerkleProof{{{0, sibling_a}}, std::nullopt}));
    }

    void proofEncoding() {
        const Entries entries = vector_entries(known_answer_vectors()[4]);
        const BytesMap<4> map = map_of<4>(entries);
        const std::vector<MerkleProof> proofs = {map.prove(key_array<4>(hex("00000001"))),
                                                 map.prove(key_array<4>(hex("80000000"))),
                                                 BytesMap<4>().prove(key_array<4>(hex("80000000")))};
        for (const MerkleProof& proof : proofs) {
            const Bytes encoded = encode_proof(proof);
            const std::optional<MerkleProof> decoded = decode_proof(encoded);
            QVERIFY(decoded && *decoded == proof);
            for (std::size_t length = 0; length < encoded.size(); ++length)
                QVERIFY(!decode_proof(ByteView(encoded.data(), length))); // truncated
            Bytes trailing = encoded;
            trailing.push_back(0);
            QVERIFY(!decode_proof(trailing));
        }
        // A full-depth proof (a split at every bit of a 64-byte key) round-trips.
        MerkleProof deepest{{}, MerkleProofLeaf{Bytes(kMerkleKeyBytesMax, 0), Hash256{}}};
        for (std::uint32_t bit = 0; bit < kMerkleProofStepsMax; ++bit)
            deepest.steps.push_back({static_cast<std::uint16_t>(bit), Hash256{}});
        QVERIFY(decode_proof(encode_proof(deepest)) == deepest);
        // Over the named limits: one step more, one key byte more.
        MerkleProof too_many = deepest;
        too_many.steps.push_back({0, Hash256{}});
        QVERIFY(!decode_proof(encode_proof(too_many)));
        MerkleProof long_key = proofs[0];
        long_key.leaf->key.assign(kMerkleKeyBytesMax + 1, 0);
        QVERIFY(!decode_proof(encode_proof(long_key)));
        // A presence flag other than 0 or 1.
        Bytes bad_flag = encode_proof(proofs[0]);
        bad_flag[0] = 2;
        QVERIFY(!decode_proof(bad_flag));
    }

    void iterationInKeyOrder() {
        const U64Map map = thousand_map();
        std::uint64_t expected = 1;
        for (const auto& [key, value] : map) {
            QCOMPARE(key, expected);
            QCOMPARE(value, expected * 7);
            ++expected;
        }
        QCOMPARE(expected, std::uint64_t{1001});
        QCOMPARE(std::distance(map.begin(), map.end()), std::ptrdiff_t{1000});
        QVERIFY(U64Map().begin() == U64Map().end());
        // Post-increment returns the position before.
        auto it = map.begin();
        const auto first = it++;
        QCOMPARE(first->first, std::uint64_t{1});
        QCOMPARE(it->first, std::uint64_t{2});
    }

    void lowerBound() {
        U64Map map;
        for (std::uint64_t key : {10u, 20u, 30u, 1000u}) map.set(key, key);
        QCOMPARE(map.lower_bound(0)->first, std::uint64_t{10});
        QCOMPARE(map.lower_bound(10)->first, std::uint64_t{10});
        QCOMPARE(map.lower_bound(11)->first, std::uint64_t{20});
        QCOMPARE(map.lower_bound(31)->first, std::uint64_t{1000});
        QVERIFY(map.lower_bound(1001) == map.end());
        QVERIFY(U64Map().lower_bound(5) == U64Map().end());
        // A range: from lower_bound to the end walks what is left in order.
        std::vector<std::uint64_t> rest;
        for (auto it = map.lower_bound(15); it != map.end(); ++it) rest.push_back(it->first);
        QCOMPARE(rest, (std::vector<std::uint64_t>{20, 30, 1000}));
        check_lower_bound_exhaustively<1>(11);
        check_lower_bound_exhaustively<2>(12);
    }

    void findSetEraseEdit() {
        U64Map map;
        QVERIFY(map.empty());
        QVERIFY(!map.erase(1)); // absent from an empty map
        map.set(1, 10);
        map.set(2, 20);
        map.set(2, 21); // replaced, not added
        QCOMPARE(map.size(), std::size_t{2});
        QCOMPARE(*map.find(2), std::uint64_t{21});
        QVERIFY(map.find(3) == nullptr);
        QVERIFY(!map.erase(3)); // absent: nothing changes
        QCOMPARE(map.size(), std::size_t{2});
        map.edit(1, [](std::uint64_t& value) { value *= 3; });
        QCOMPARE(*map.find(1), std::uint64_t{30});
        QVERIFY(map.erase(1));
        QVERIFY(!map.contains(1));
        QVERIFY(map.erase(2));
        QVERIFY(map.empty());
        QCOMPARE(map.size(), std::size_t{0});
        QCOMPARE(hex_of(map.root()), hex_of(kEmptyMerkleRoot));
        QVERIFY(map.begin() == map.end());
        // Erasing everything of a large map, in an order unlike insertion's.
        U64Map large = thousand_map();
        (void)large.root();
        for (std::uint64_t key = 1; key <= 1000; ++key) QVERIFY(large.erase((key * 389) % 1000 + 1));
        QVERIFY(large.empty());
        QCOMPARE(hex_of(large.root()), hex_of(kEmptyMerkleRoot));
    }

    // After root(), one change rehashes only the nodes on its path.
    void hashingCostPerChange() {
        U64Map map = thousand_map();
        QCOMPARE(hashes_during([&] { (void)map.root(); }), std::uint64_t{1999}); // 1000 leaves, 999 splits
        QCOMPARE(hashes_during([&] { (void)map.root(); }), std::uint64_t{0});    // all cached
        const auto check = [&map](std::uint64_t key, const std::function<void()>& change) {
            change();
            const std::size_t depth = map.prove(key).steps.size(); // after the change
            const std::uint64_t hashed = hashes_during([&] { (void)map.root(); });
            QVERIFY2(hashed >= 1 && hashed <= depth + 1,
                     qPrintable(QStringLiteral("%1 hashes at depth %2").arg(hashed).arg(depth)));
        };
        check(500, [&] { map.set(500, 1); });         // replace
        check(5000, [&] { map.set(5000, 1); });       // insert: a new split above a subtree
        check(0, [&] { map.set(0, 1); });             // insert below every key
        check(500, [&] { QVERIFY(map.erase(500)); }); // erase: the path above, shorter by one
        check(501, [&] { QVERIFY(map.erase(501)); });
        Entries entries;
        for (const auto& [key, value] : map) {
            const auto k = big_endian(key);
            const auto v = big_endian(value);
            entries.emplace(Bytes(k.begin(), k.end()), Bytes(v.begin(), v.end()));
        }
        QCOMPARE(hex_of(map.root()), hex_of(reference_root(entries)));
    }

    // The threading contract: once root() has hashed a map, copies of it may
    // be read, hashed, proven and changed on other threads at once (each
    // thread changing its own copy), and freed there.
    void hashedCopiesAcrossThreads() {
        auto shared = std::make_unique<U64Map>(thousand_map());
        const Hash256 root = shared->root();
        std::vector<U64Map> copies(4, *shared);
        std::vector<Hash256> roots_seen(copies.size());
        std::vector<Hash256> roots_after(copies.size());
        std::vector<char> proofs_verified(copies.size(), 0); // not vector<bool>: one byte per thread
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < copies.size(); ++t) {
            threads.emplace_back([&, t] {
                U64Map& mine = copies[t];
                roots_seen[t] = mine.root();
                bool verified = true;
                for (std::uint64_t key = 1; key <= 1000; key += 37) {
                    const auto value = big_endian(key * 7);
                    verified = verified && verify_proof(root, 8, big_endian(key), ByteView(value), mine.prove(key));
                }
                proofs_verified[t] = verified;
                for (std::uint64_t key = 1; key <= 1000; key += 3) mine.set(key, t);
                for (std::uint64_t key = 2; key <= 1000; key += 5) mine.erase(key);
                roots_after[t] = mine.root();
            });
        }
        shared.reset(); // the original goes while the threads still share its nodes
        for (std::thread& thread : threads) thread.join();
        for (std::size_t t = 0; t < copies.size(); ++t) {
            QCOMPARE(hex_of(roots_seen[t]), hex_of(root));
            QVERIFY(proofs_verified[t]);
            U64Map expected = thousand_map();
            for (std::uint64_t key = 1; key <= 1000; key += 3) expected.set(key, t);
            for (std::uint64_t key = 2; key <= 1000; key += 5) expected.erase(key);
            QCOMPARE(hex_of(roots_after[t]), hex_of(expected.root()));
        }
    }

    // Figures for the lead: memory per entry and hashes per update at 100k.
    void costAtOneHundredThousandEntries() {
        constexpr std::uint64_t kEntries = 100'000;
        std::mt19937_64 rng(100);
        std::vector<std::uint64_t> keys(kEntries);
        for (std::uint64_t& key : keys) key = rng();
#ifdef MERKLE_TEST_MEASURES_HEAP
        const std::size_t heap_before = mallinfo2().uordblks;
#endif
        auto map = std::make_unique<U64Map>();
        for (std::uint64_t key : keys) map->set(key, key);
        (void)map->root();
#ifdef MERKLE_TEST_MEASURES_HEAP
        const double bytes_per_entry = double(mallinfo2().uordblks - heap_before) / double(kEntries);
        qDebug("Merkle map, u64 keys and values: %.1f bytes of heap per entry (node sizes: leaf %zu, interior %zu)",
               bytes_per_entry, sizeof(detail::Leaf<U64Traits>), sizeof(detail::Interior<U64Traits>));
        QVERIFY(bytes_per_entry < 160); // one leaf and one interior node of 64-byte allocations
#endif
        QCOMPARE(map->size(), std::size_t{kEntries});
        std::uniform_int_distribution<std::size_t> pick(0, kEntries - 1);
        std::uint64_t replace_hashes = 0;
        std::uint64_t insert_hashes = 0;
        std::size_t depth_sum = 0;
        constexpr int kUpdates = 1000;
        for (int i = 0; i < kUpdates; ++i) {
            const std::uint64_t key = keys[pick(rng)];
            map->set(key, key + 1);
            depth_sum += map->prove(key).steps.size();
            replace_hashes += hashes_during([&] { (void)map->root(); });
            map->set(rng(), 0);
            insert_hashes += hashes_during([&] { (void)map->root(); });
        }
        const double mean_depth = double(depth_sum) / kUpdates;
        qDebug("Merkle map at 100k entries: mean depth %.1f; nodes hashed per replaced value %.1f, per insert %.1f",
               mean_depth, double(replace_hashes) / kUpdates, double(insert_hashes) / kUpdates);
        QCOMPARE(replace_hashes, std::uint64_t(depth_sum + kUpdates)); // exactly the path and the leaf
        QVERIFY(insert_hashes <= std::uint64_t(kUpdates) * 40);       // depth of 100k random keys: about 17
    }
};

QTEST_GUILESS_MAIN(TestMerkleMap)
#include "test_merkle_map.moc"
