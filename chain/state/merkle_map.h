#pragma once
// The persistent Merkle map: a binary Patricia (crit-bit) trie whose root is a
// Merkle commitment to its entries, the container of the group state's tables.
//
// The hashing is normative and written in docs/STATE.md ("The Merkle map"):
// the root depends only on the set of (key, value) entries, never on the order
// they were inserted in or on what was erased before, so every node recomputes
// the same root from the same entries.
//
// Persistent: a copy shares every node with the original and costs O(1); set()
// and erase() copy the path from the root to the entry (O(depth) nodes) and
// never change a node another version may see. A node is freed when the last
// version using it goes.
//
// Hash caching: every node caches its hash once root() (or prove()) computed
// it, so after a change root() hashes only the nodes created since, the path of
// each changed entry. Nodes are immutable after creation except for that cache,
// which is filled without a lock. Hence the threading contract: call root() on
// a map before copies of it are handed to another thread; afterwards every
// node those copies share is hashed and nothing shared is written again. Two
// threads hashing the same unhashed node would race.
//
// Recursion: the functions that walk the tree recurse once per level; the
// depth is bounded by the key length (at most 8 * kKeyBytes + 1 <= 513 levels),
// so the stack use is bounded too.

#include "codec/codec.h"
#include "crypto/crypto.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <utility>
#include <vector>

namespace chain::state {

// Keys are byte strings of one fixed length per map, 1 to 64 bytes.
inline constexpr std::size_t kMerkleKeyBytesMax = 64;
// A proof has at most one step per key bit.
inline constexpr std::uint32_t kMerkleProofStepsMax = 8 * kMerkleKeyBytesMax;
// The root of a map without entries.
inline constexpr Hash256 kEmptyMerkleRoot{};

// --- Normative hashes (docs/STATE.md) ---------------------------------------
// H(0x00 || u8(L) || key || value_hash), L = key.size().
Hash256 merkle_leaf_hash(ByteView key, const Hash256& value_hash);
// H(0x01 || u16_be(bit) || left || right).
Hash256 merkle_interior_hash(std::uint16_t bit, const Hash256& left, const Hash256& right);

// --- Checkpoints (docs/STATE.md, "Checkpoints") -------------------------------
// The node of a map that holds exactly its keys starting with one byte: the
// keys sharing any prefix are the leaves of one node of the trie, so its hash
// is the root of a map of those entries alone.
struct FirstByteNode {
    std::uint8_t first_byte = 0;
    Hash256 hash{};
    bool operator==(const FirstByteNode&) const = default;
};
// The map's root from its first-byte nodes, strictly increasing by first
// byte (the interior nodes above them split at bits 0 to 7); nullopt when
// they are not.
std::optional<Hash256> merkle_root_from_first_byte_nodes(const std::vector<FirstByteNode>& nodes);

// --- Proofs ------------------------------------------------------------------
struct MerkleProofStep {
    std::uint16_t bit = 0; // the split bit of the node on the path
    Hash256 sibling{};     // the hash of the subtree the key's bit does not lead to
    bool operator==(const MerkleProofStep&) const = default;
};

struct MerkleProofLeaf {
    Bytes key;
    Hash256 value_hash{};
    bool operator==(const MerkleProofLeaf&) const = default;
};

// The path from the root to the leaf a key's bits lead to. That leaf is the
// key's own (the key is present) or another one (the key is absent: had it been
// present, its bits would have led to it). No leaf: the map is empty.
struct MerkleProof {
    std::vector<MerkleProofStep> steps; // root first
    std::optional<MerkleProofLeaf> leaf;
    bool operator==(const MerkleProof&) const = default;
};

// True if `proof` shows that, in the map of L-byte keys (L = key_bytes) whose
// root is `root`, `key` holds `value` (given) or is absent (nullopt). Checks
// the shape too: split bits strictly increase down the path and lie inside the
// key, and the reached leaf agrees with the key's bits at every split.
bool verify_proof(const Hash256& root, std::uint8_t key_bytes, ByteView key, std::optional<ByteView> value,
                  const MerkleProof& proof);

// --- Work counters -----------------------------------------------------------
// Per thread, only ever incremented: tests and benchmarks read the difference
// around an operation to check what it cost.
struct MerkleCounters {
    std::uint64_t nodes_hashed = 0;       // leaf and interior hashes computed
    std::uint64_t diff_nodes_visited = 0; // node pairs diff() compared
};
MerkleCounters& merkle_counters();

// --- Traits ------------------------------------------------------------------
// Key: what the map is keyed by; key_bytes(key) its fixed-length encoding, in
// the same order as Key's operator< (iteration follows the bytes). Value: what
// is stored; value_bytes(value) its canonical encoding, which is what is hashed.
// A map whose traits give only the keys (MerkleKeyTraits) is a persistent
// ordered container and nothing more: root() and prove() need value_bytes.
template <class T>
concept MerkleKeyTraits = requires(const typename T::Key& key) {
    requires T::kKeyBytes >= 1 && T::kKeyBytes <= kMerkleKeyBytesMax;
    { T::key_bytes(key) } -> std::convertible_to<std::array<std::uint8_t, T::kKeyBytes>>;
};
template <class T>
concept MerkleTraits = MerkleKeyTraits<T> && requires(const typename T::Value& value) {
    { T::value_bytes(value) } -> std::convertible_to<ByteView>;
};

namespace detail {

// The first bit (MSB first) where a and b (of equal length) differ, or 8 * size
// when they are equal.
std::size_t first_different_bit(ByteView a, ByteView b);

inline bool key_bit(ByteView key, std::size_t bit) {
    return ((key[bit >> 3] >> (7 - (bit & 7))) & 1) != 0;
}

[[noreturn]] void merkle_precondition_failed(const char* what);

// A leaf's "bit", above every split bit: walks stop at the first node whose bit
// is at least some bound, and a leaf always qualifies.
inline constexpr std::uint16_t kLeafBit = 0xFFFF;

// What every node starts with. The reference count is intrusive (4 bytes, no
// separate control block, 8-byte child pointers): per entry a map holds one
// leaf and one interior node, and std::shared_ptr would add 48 bytes to them.
struct NodeHeader {
    explicit NodeHeader(std::uint16_t split_bit) : bit(split_bit) {}
    NodeHeader(const NodeHeader&) = delete;
    NodeHeader& operator=(const NodeHeader&) = delete;

    bool is_leaf() const { return bit == kLeafBit; }

    mutable std::atomic<std::uint32_t> references{0};
    const std::uint16_t bit;
    // The hash cache, the only thing written after creation (see the threading
    // contract at the top of this file).
    mutable bool hashed = false;
    mutable Hash256 hash{};
};

template <class Traits>
struct Interior;
template <class Traits>
struct Leaf;

// An owning reference to an immutable node.
template <class Traits>
class NodeRef {
public:
    NodeRef() = default;
    // Takes a node just created with new.
    explicit NodeRef(const NodeHeader* node) : node_(node) { retain(); }
    NodeRef(const NodeRef& other) : node_(other.node_) { retain(); }
    NodeRef(NodeRef&& other) noexcept : node_(std::exchange(other.node_, nullptr)) {}
    NodeRef& operator=(NodeRef other) noexcept {
        std::swap(node_, other.node_);
        return *this;
    }
    ~NodeRef() { release(); }

    const NodeHeader* get() const { return node_; }
    const NodeHeader* operator->() const { return node_; }
    explicit operator bool() const { return node_ != nullptr; }

private:
    void retain() {
        if (node_) node_->references.fetch_add(1, std::memory_order_relaxed);
    }
    void release() {
        if (!node_ || node_->references.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
        // The last reference: the node, and with an interior node the
        // references it holds to its children.
        if (node_->is_leaf())
            delete static_cast<const Leaf<Traits>*>(node_);
        else
            delete static_cast<const Interior<Traits>*>(node_);
    }

    const NodeHeader* node_ = nullptr;
};

template <class Traits>
struct Interior : NodeHeader {
    Interior(std::uint16_t split_bit, NodeRef<Traits> l, NodeRef<Traits> r)
        : NodeHeader(split_bit), left(std::move(l)), right(std::move(r)) {}
    // Keys whose split bit is 0, then 1.
    NodeRef<Traits> left;
    NodeRef<Traits> right;
};

template <class Traits>
struct Leaf : NodeHeader {
    Leaf(const typename Traits::Key& key, typename Traits::Value value)
        : NodeHeader(kLeafBit), entry(key, std::move(value)) {}
    std::pair<const typename Traits::Key, typename Traits::Value> entry;
};

} // namespace detail

template <MerkleKeyTraits Traits>
class MerkleMap {
public:
    using Key = typename Traits::Key;
    using Value = typename Traits::Value;
    using Entry = std::pair<const Key, Value>;
    static constexpr std::size_t kKeyBytes = Traits::kKeyBytes;
    static constexpr std::size_t kKeyBits = 8 * kKeyBytes;
    using KeyBytes = std::array<std::uint8_t, kKeyBytes>;

private:
    using NodeHeader = detail::NodeHeader;
    using Ref = detail::NodeRef<Traits>;
    using InteriorNode = detail::Interior<Traits>;
    using LeafNode = detail::Leaf<Traits>;

public:
    // Walks the entries in key order. Like a std::map iterator, it is
    // invalidated by set() and erase() on the map it came from (a copy of the
    // map taken before keeps it valid).
    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = Entry;
        using difference_type = std::ptrdiff_t;
        using pointer = const Entry*;
        using reference = const Entry&;

        const_iterator() = default;
        reference operator*() const { return as_leaf(current())->entry; }
        pointer operator->() const { return &**this; }
        const_iterator& operator++() {
            walk_to_leaf();
            skip_subtree();
            return *this;
        }
        const_iterator operator++(int) {
            const_iterator before = *this;
            ++*this;
            return before;
        }
        bool operator==(const const_iterator& other) const { return current() == other.current(); }

    private:
        friend class MerkleMap;

        const NodeHeader* current() const { return leaf_ ? leaf_ : path_.empty() ? nullptr : path_.back(); }
        // An iterator from find() knows its leaf only: the path from the
        // root, which moving on needs, is walked the first time it moves
        // (a lookup allocates nothing).
        void walk_to_leaf() {
            if (!leaf_) return;
            const KeyBytes wanted = key_of(as_leaf(leaf_));
            for (const NodeHeader* node = root_; node != leaf_;
                 node = child(node, detail::key_bit(wanted, node->bit)).get())
                path_.push_back(node);
            path_.push_back(leaf_);
            leaf_ = nullptr;
        }
        void descend_leftmost(const NodeHeader* node) {
            for (; !node->is_leaf(); node = as_interior(node)->left.get()) path_.push_back(node);
            path_.push_back(node);
        }
        // Moves to the first leaf after the subtree the path ends at (a leaf
        // or not), or to the end.
        void skip_subtree() {
            while (path_.size() > 1) {
                const NodeHeader* child = path_.back();
                path_.pop_back();
                const InteriorNode* parent = as_interior(path_.back());
                if (parent->left.get() == child) {
                    descend_leftmost(parent->right.get());
                    return;
                }
            }
            path_.clear();
        }

        // From the root to the current leaf; empty at the end. The two
        // children of a node never share a node (their keys differ at the
        // split), so a child's pointer says which side it is.
        std::vector<const NodeHeader*> path_;
        // Set instead of path_ by find_position: the leaf, and the root to walk from.
        const NodeHeader* leaf_ = nullptr;
        const NodeHeader* root_ = nullptr;
    };

    MerkleMap() = default;

    // The map of `entries`, whose keys must be strictly increasing (bytewise):
    // built in one pass, O(n), with no search and no node copied, where n
    // calls of set() would walk from the root each time. For bulk loads (a
    // store's rows come sorted by key). In a crit-bit trie of sorted keys the
    // split between two neighbours is at their first different bit, and the
    // trie is the tree of those splits with the smallest on top; the splits
    // still open on the rightmost path are kept on a stack, deepest last.
    static MerkleMap from_sorted(std::vector<std::pair<Key, Value>> entries) {
        MerkleMap map;
        if (entries.empty()) return map;
        struct Open {
            std::size_t bit;
            Ref left;
        };
        std::vector<Open> open; // at most kKeyBits deep: the splits grow downward
        KeyBytes previous = Traits::key_bytes(entries.front().first);
        Ref current(new LeafNode(entries.front().first, std::move(entries.front().second)));
        for (std::size_t i = 1; i < entries.size(); ++i) {
            const KeyBytes key = Traits::key_bytes(entries[i].first);
            if (!(previous < key)) detail::merkle_precondition_failed("MerkleMap::from_sorted: keys not strictly increasing");
            const std::size_t difference = detail::first_different_bit(previous, key);
            while (!open.empty() && open.back().bit > difference) {
                current = make_interior(open.back().bit, std::move(open.back().left), std::move(current));
                open.pop_back();
            }
            open.push_back(Open{difference, std::move(current)});
            current = Ref(new LeafNode(entries[i].first, std::move(entries[i].second)));
            previous = key;
        }
        while (!open.empty()) {
            current = make_interior(open.back().bit, std::move(open.back().left), std::move(current));
            open.pop_back();
        }
        map.root_ = std::move(current);
        map.size_ = entries.size();
        return map;
    }

    // The map of every entry of `low` and of `high`, when every key of `low`
    // starts with a 0 bit and every key of `high` with a 1 bit: two halves
    // built apart (a large group opened on two threads) under one node split
    // at bit 0, which is the node the whole map would have. O(depth), for the
    // check of that split; each half's cached hashes are kept.
    static MerkleMap join_halves(MerkleMap low, MerkleMap high) {
        if (low.empty()) return high;
        if (high.empty()) return low;
        const auto first_bit = [](const Entry* entry) { return detail::key_bit(Traits::key_bytes(entry->first), 0); };
        if (first_bit(low.last()) || !first_bit(&*high.begin()))
            detail::merkle_precondition_failed("MerkleMap::join_halves: a key on the wrong side of bit 0");
        MerkleMap map;
        map.size_ = low.size_ + high.size_;
        map.root_ = make_interior(0, std::move(low.root_), std::move(high.root_));
        return map;
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    const Value* find(const Key& key) const {
        const KeyBytes wanted = Traits::key_bytes(key);
        const LeafNode* leaf = leaf_along(wanted);
        if (!leaf || key_of(leaf) != wanted) return nullptr;
        return &leaf->entry.second;
    }
    bool contains(const Key& key) const { return find(key) != nullptr; }

    // The key's position (end() when absent), like lower_bound but without
    // walking the path until the iterator moves.
    const_iterator find_position(const Key& key) const {
        const_iterator it;
        const KeyBytes wanted = Traits::key_bytes(key);
        const LeafNode* leaf = leaf_along(wanted);
        if (!leaf || key_of(leaf) != wanted) return it;
        it.leaf_ = leaf;
        it.root_ = root_.get();
        return it;
    }

    // Inserts or replaces.
    void set(const Key& key, Value value) {
        const KeyBytes wanted = Traits::key_bytes(key);
        Ref leaf(new LeafNode(key, std::move(value)));
        const LeafNode* reached = leaf_along(wanted);
        if (!reached) {
            root_ = std::move(leaf);
            size_ = 1;
            return;
        }
        const std::size_t difference = detail::first_different_bit(wanted, key_of(reached));
        if (difference != kKeyBits) ++size_;
        root_ = with_leaf(root_, wanted, difference, std::move(leaf));
    }

    // True if the key was present.
    bool erase(const Key& key) {
        const KeyBytes wanted = Traits::key_bytes(key);
        const LeafNode* reached = leaf_along(wanted);
        if (!reached || key_of(reached) != wanted) return false;
        root_ = without(root_, wanted);
        --size_;
        return true;
    }

    // Calls f(Value&) on a copy of the key's value, then stores the copy.
    // Precondition: the key is present (checked in every build).
    template <class F>
    void edit(const Key& key, F&& f) {
        const Value* present = find(key);
        if (!present) detail::merkle_precondition_failed("MerkleMap::edit of an absent key");
        Value copy = *present;
        std::forward<F>(f)(copy);
        set(key, std::move(copy));
    }

    const_iterator begin() const {
        const_iterator it;
        if (root_) it.descend_leftmost(root_.get());
        return it;
    }
    const_iterator end() const { return const_iterator(); }

    // The first entry whose key is not below `key`.
    const_iterator lower_bound(const Key& key) const {
        const_iterator it;
        const KeyBytes wanted = Traits::key_bytes(key);
        const LeafNode* reached = leaf_along(wanted);
        if (!reached) return it;
        const std::size_t difference = detail::first_different_bit(wanted, key_of(reached));
        // Down to the first node whose keys all agree with `key` before bit
        // `difference` and differ from it there: the keys of the subtrees
        // left behind on the way are below `key` (where the walk went right)
        // or above it (where it went left).
        const NodeHeader* node = root_.get();
        while (node->bit < difference) {
            it.path_.push_back(node);
            node = child(node, detail::key_bit(wanted, node->bit)).get();
        }
        if (difference == kKeyBits) {
            it.path_.push_back(node); // the key itself
        } else if (!detail::key_bit(wanted, difference)) {
            it.descend_leftmost(node); // the whole subtree is above `key`
        } else {
            it.path_.push_back(node); // the whole subtree is below `key`
            it.skip_subtree();
        }
        return it;
    }

    // The first entry whose key is above `key`.
    const_iterator upper_bound(const Key& key) const {
        const_iterator it = lower_bound(key);
        if (it != end() && key_of(as_leaf(it.current())) == Traits::key_bytes(key)) ++it;
        return it;
    }

    // The entry with the highest key (null: the map is empty).
    const Entry* last() const {
        if (!root_) return nullptr;
        return &rightmost(root_.get())->entry;
    }

    // The entry with the highest key below `key` (null: there is none).
    const Entry* last_below(const Key& key) const {
        if (!root_) return nullptr;
        const KeyBytes wanted = Traits::key_bytes(key);
        const std::size_t difference = detail::first_different_bit(wanted, key_of(leaf_along(wanted)));
        // The left side of the deepest node where the walk went right holds
        // the keys just below those of the subtree the walk reaches.
        const NodeHeader* below = nullptr;
        const NodeHeader* node = root_.get();
        while (node->bit < difference) {
            const bool right = detail::key_bit(wanted, node->bit);
            if (right) below = child(node, false).get();
            node = child(node, right).get();
        }
        // The subtree reached agrees with `key` above `difference`: wholly
        // below it when its bit there is 0 and the key's is 1.
        if (difference != kKeyBits && detail::key_bit(wanted, difference)) below = node;
        return below ? &rightmost(below)->entry : nullptr;
    }

    // The key's entry, for changing its value in place (null: absent). Every
    // node on its path that another version shares is copied first (a leaf
    // with its value), so no other version sees the change; nodes this map
    // alone holds are reused. Their hash caches are cleared. The pointer is
    // valid until the next change to the map.
    Entry* mutable_entry(const Key& key) {
        const KeyBytes wanted = Traits::key_bytes(key);
        const LeafNode* leaf = leaf_along(wanted);
        if (!leaf || key_of(leaf) != wanted) return nullptr;
        Ref* slot = &root_;
        for (;;) {
            NodeHeader* node = owned(*slot);
            node->hashed = false;
            if (node->is_leaf()) return &static_cast<LeafNode*>(node)->entry;
            InteriorNode* interior = static_cast<InteriorNode*>(node);
            slot = detail::key_bit(wanted, node->bit) ? &interior->right : &interior->left;
        }
    }

    // Hashes the nodes not hashed yet; see the threading contract above.
    Hash256 root() const
        requires MerkleTraits<Traits>
    {
        return root_ ? node_hash(root_.get()) : kEmptyMerkleRoot;
    }

    // Hashes like root() (the siblings on the key's path), then builds the proof.
    MerkleProof prove(const Key& key) const
        requires MerkleTraits<Traits>
    {
        MerkleProof proof;
        if (!root_) return proof;
        const KeyBytes wanted = Traits::key_bytes(key);
        const NodeHeader* node = root_.get();
        while (!node->is_leaf()) {
            const bool right = detail::key_bit(wanted, node->bit);
            proof.steps.push_back({node->bit, node_hash(child(node, !right).get())});
            node = child(node, right).get();
        }
        const LeafNode* leaf = as_leaf(node);
        const KeyBytes leaf_key = key_of(leaf);
        proof.leaf = MerkleProofLeaf{Bytes(leaf_key.begin(), leaf_key.end()), value_hash(leaf)};
        return proof;
    }

    // The first-byte nodes (FirstByteNode) in key order, each hashed:
    // hashes like root() what is not hashed yet.
    std::vector<FirstByteNode> first_byte_nodes() const
        requires MerkleTraits<Traits>
    {
        std::vector<FirstByteNode> nodes;
        if (root_) collect_first_byte_nodes(root_.get(), nodes);
        return nodes;
    }

    // Calls f(key, const Value* before, const Value* after) for every key
    // whose value differs between the two versions (before or after null: the
    // key is absent there), in key order. Subtrees the versions share are
    // skipped by pointer, so the cost is about the number of changes times
    // the depth.
    template <class F>
    static void diff(const MerkleMap& before, const MerkleMap& after, F&& f) {
        struct Change {
            const Key* key;
            const Value* before;
            const Value* after;
        };
        std::vector<Change> changes;
        auto collect = [&changes](const Key& key, const Value* old_value, const Value* new_value) {
            changes.push_back({&key, old_value, new_value});
            return true;
        };
        diff_nodes(before.root_.get(), after.root_.get(), collect);
        // The walk pairs subtrees by split bit, which keeps key order only
        // where the two subtrees paired hold keys of one prefix; versions
        // that differ in whole regions come out interleaved, so the changes
        // (few, and each a pointer into the versions) are put in order.
        const auto by_key = [](const Change& a, const Change& b) {
            return Traits::key_bytes(*a.key) < Traits::key_bytes(*b.key);
        };
        if (!std::is_sorted(changes.begin(), changes.end(), by_key))
            std::sort(changes.begin(), changes.end(), by_key);
        for (const Change& change : changes) f(*change.key, change.before, change.after);
    }

    // Same entries. Equal hashed roots are taken as equal entries (that is
    // what the root commits to); otherwise the first difference decides.
    bool operator==(const MerkleMap& other) const {
        if (root_.get() == other.root_.get()) return true;
        if (size_ != other.size_) return false;
        if (root_->hashed && other.root_->hashed) return root_->hash == other.root_->hash;
        bool equal = true;
        auto stop_at_first = [&equal](const Key&, const Value*, const Value*) {
            equal = false;
            return false;
        };
        diff_nodes(root_.get(), other.root_.get(), stop_at_first);
        return equal;
    }

private:
    static const LeafNode* as_leaf(const NodeHeader* node) { return static_cast<const LeafNode*>(node); }
    static const InteriorNode* as_interior(const NodeHeader* node) {
        return static_cast<const InteriorNode*>(node);
    }
    static const Ref& child(const NodeHeader* node, bool right) {
        return right ? as_interior(node)->right : as_interior(node)->left;
    }
    static KeyBytes key_of(const LeafNode* leaf) { return Traits::key_bytes(leaf->entry.first); }
    static Hash256 value_hash(const LeafNode* leaf) {
        // A map that stores its values' hashes only (HashedBytesTraits).
        if constexpr (requires { { Traits::stored_value_hash(leaf->entry.second) } -> std::convertible_to<Hash256>; })
            return Traits::stored_value_hash(leaf->entry.second);
        const auto& encoded = Traits::value_bytes(leaf->entry.second);
        return crypto::sha256(ByteView(encoded));
    }
    static bool values_equal(const Value& a, const Value& b) {
        if constexpr (std::equality_comparable<Value>) {
            return a == b;
        } else {
            const auto& encoded_a = Traits::value_bytes(a);
            const auto& encoded_b = Traits::value_bytes(b);
            return std::ranges::equal(ByteView(encoded_a), ByteView(encoded_b));
        }
    }
    static const LeafNode* rightmost(const NodeHeader* node) {
        while (!node->is_leaf()) node = child(node, true).get();
        return as_leaf(node);
    }
    // The node `slot` refers to, copied first when anyone else refers to it
    // too; writable, since only this map can reach it.
    static NodeHeader* owned(Ref& slot) {
        if (slot->references.load(std::memory_order_acquire) != 1) {
            if (slot->is_leaf()) {
                const LeafNode* leaf = as_leaf(slot.get());
                slot = Ref(new LeafNode(leaf->entry.first, leaf->entry.second));
            } else {
                const InteriorNode* interior = as_interior(slot.get());
                slot = Ref(new InteriorNode(interior->bit, interior->left, interior->right));
            }
        }
        return const_cast<NodeHeader*>(slot.get());
    }
    static Ref make_interior(std::size_t bit, Ref left, Ref right) {
        return Ref(new InteriorNode(static_cast<std::uint16_t>(bit), std::move(left), std::move(right)));
    }

    // The leaf the key's bits lead to: the key's own if it is present.
    const LeafNode* leaf_along(const KeyBytes& wanted) const {
        const NodeHeader* node = root_.get();
        if (!node) return nullptr;
        while (!node->is_leaf()) node = child(node, detail::key_bit(wanted, node->bit)).get();
        return as_leaf(node);
    }

    // A copy of `node` with `leaf` in it. `difference` is where the leaf's key
    // first differs from the leaf its bits lead to (kKeyBits: it is that
    // leaf's key, which is replaced). The new split goes above the first node
    // on the path whose split is below `difference`; only the path is copied.
    static Ref with_leaf(const Ref& node, const KeyBytes& wanted, std::size_t difference, Ref leaf) {
        if (node->bit < difference) {
            const bool right = detail::key_bit(wanted, node->bit);
            Ref below = with_leaf(child(node.get(), right), wanted, difference, std::move(leaf));
            const Ref& kept = child(node.get(), !right);
            return right ? make_interior(node->bit, kept, std::move(below))
                         : make_interior(node->bit, std::move(below), kept);
        }
        if (difference == kKeyBits) return leaf;
        return detail::key_bit(wanted, difference) ? make_interior(difference, node, std::move(leaf))
                                                   : make_interior(difference, std::move(leaf), node);
    }

    // A copy of `node` without the key (which is present in it): its leaf's
    // parent gives way to the leaf's sibling; the splits above stay, since
    // both their sides keep at least one key.
    static Ref without(const Ref& node, const KeyBytes& wanted) {
        if (node->is_leaf()) return Ref();
        const bool right = detail::key_bit(wanted, node->bit);
        Ref below = without(child(node.get(), right), wanted);
        const Ref& kept = child(node.get(), !right);
        if (!below) return kept;
        return right ? make_interior(node->bit, kept, std::move(below))
                     : make_interior(node->bit, std::move(below), kept);
    }

    static const Hash256& node_hash(const NodeHeader* node) {
        if (!node->hashed) {
            if (node->is_leaf()) {
                const KeyBytes key = key_of(as_leaf(node));
                node->hash = merkle_leaf_hash(key, value_hash(as_leaf(node)));
            } else {
                const Hash256& left = node_hash(child(node, false).get());
                const Hash256& right = node_hash(child(node, true).get());
                node->hash = merkle_interior_hash(node->bit, left, right);
            }
            node->hashed = true;
        }
        return node->hash;
    }

    // Below a split at bit 8 or more, or at a leaf, every key shares its first byte.
    static void collect_first_byte_nodes(const NodeHeader* node, std::vector<FirstByteNode>& nodes) {
        if (node->is_leaf() || node->bit >= 8) {
            nodes.push_back({key_of(rightmost(node))[0], node_hash(node)});
            return;
        }
        collect_first_byte_nodes(child(node, false).get(), nodes);
        collect_first_byte_nodes(child(node, true).get(), nodes);
    }

    // Calls visit(entry) for every entry under node (null: none) in key
    // order, until visit returns false; returns false if it did.
    template <class G>
    static bool each_entry(const NodeHeader* node, G& visit) {
        if (!node) return true;
        if (node->is_leaf()) return visit(as_leaf(node)->entry);
        return each_entry(child(node, false).get(), visit) && each_entry(child(node, true).get(), visit);
    }

    // The key bit `bit` shared by every key under node: the node's own split
    // is below it, so any of its keys says it.
    static bool shared_bit(const NodeHeader* node, std::size_t bit) {
        while (!node->is_leaf()) node = child(node, false).get();
        return detail::key_bit(key_of(as_leaf(node)), bit);
    }

    // Compares two subtrees (null: empty); stops when visit returns false and
    // returns false then. A key in both versions goes the same way at every
    // split, so its two leaves meet and it is reported once. Where their top
    // splits differ, the subtree with the higher split lies wholly
    // on one side of the other's split, so that side is compared with it and
    // the other side holds only entries of one version.
    template <class G>
    static bool diff_nodes(const NodeHeader* before, const NodeHeader* after, G& visit) {
        ++merkle_counters().diff_nodes_visited;
        if (before == after) return true;
        if (!before || !after) {
            auto report = [&visit, removed = !after](const Entry& entry) {
                return removed ? visit(entry.first, &entry.second, nullptr)
                               : visit(entry.first, nullptr, &entry.second);
            };
            return each_entry(before ? before : after, report);
        }
        if (before->is_leaf() && after->is_leaf()) return diff_leaves(as_leaf(before), as_leaf(after), visit);
        if (before->bit == after->bit)
            return diff_nodes(child(before, false).get(), child(after, false).get(), visit) &&
                   diff_nodes(child(before, true).get(), child(after, true).get(), visit);
        if (before->bit < after->bit) {
            const bool right = shared_bit(after, before->bit);
            return diff_nodes(child(before, false).get(), right ? nullptr : after, visit) &&
                   diff_nodes(child(before, true).get(), right ? after : nullptr, visit);
        }
        const bool right = shared_bit(before, after->bit);
        return diff_nodes(right ? nullptr : before, child(after, false).get(), visit) &&
               diff_nodes(right ? before : nullptr, child(after, true).get(), visit);
    }

    template <class G>
    static bool diff_leaves(const LeafNode* before, const LeafNode* after, G& visit) {
        const KeyBytes before_key = key_of(before);
        const KeyBytes after_key = key_of(after);
        if (before_key == after_key) {
            if (values_equal(before->entry.second, after->entry.second)) return true;
            return visit(after->entry.first, &before->entry.second, &after->entry.second);
        }
        if (before_key < after_key)
            return visit(before->entry.first, &before->entry.second, nullptr) &&
                   visit(after->entry.first, nullptr, &after->entry.second);
        return visit(after->entry.first, nullptr, &after->entry.second) &&
               visit(before->entry.first, &before->entry.second, nullptr);
    }

    Ref root_;
    std::size_t size_ = 0;
};

// An untyped map: fixed-length byte keys, byte-string values (tests, storage).
template <std::size_t N>
struct BytesTraits {
    using Key = std::array<std::uint8_t, N>;
    using Value = Bytes;
    static constexpr std::size_t kKeyBytes = N;
    static const Key& key_bytes(const Key& key) { return key; }
    static const Bytes& value_bytes(const Bytes& value) { return value; }
};
template <std::size_t N>
using BytesMap = MerkleMap<BytesTraits<N>>;

// The same entries held by their values' hashes (H(value), the value_hash
// of docs/STATE.md) instead of the values: the same root, for a map that is
// only hashed, never read, at 32 bytes a value. Its values compare by hash.
template <std::size_t N>
struct HashedBytesTraits {
    using Key = std::array<std::uint8_t, N>;
    using Value = Hash256;
    static constexpr std::size_t kKeyBytes = N;
    static const Key& key_bytes(const Key& key) { return key; }
    static const Hash256& value_bytes(const Hash256& value_hash) { return value_hash; }
    static const Hash256& stored_value_hash(const Hash256& value_hash) { return value_hash; }
};
template <std::size_t N>
using HashedBytesMap = MerkleMap<HashedBytesTraits<N>>;

} // namespace chain::state

namespace chain::codec {
void encode(Writer& w, const state::MerkleProof& v);
void decode(Reader& r, state::MerkleProof& v);
} // namespace chain::codec
