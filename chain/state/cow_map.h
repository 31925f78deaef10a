#pragma once
// CowMap: the ordered map the group state is made of. It reads like a
// std::map (find, contains, at, iteration in key order, operator[] and
// emplace to build one), but a copy costs O(1) and shares every entry with
// the original: a change copies only the path to the entry it touches.
//
// That is what lets a node apply a block to a copy of the state without
// copying the state (the copy is thrown away if the block fails), and then
// find what the block changed by comparing the two versions (diff), which
// skips every part they still share: the work is proportional to the
// entries the block touched, never to the state's size.
//
// It is a chain::state::MerkleMap (a persistent crit-bit trie) keyed by an
// order-preserving encoding of the key; it is never hashed itself (the
// state root is computed over the tables of docs/STATE.md).
//
// Two differences from std::map keep the cost visible:
// - iteration is read-only, also on a non-const map (a loop that changed
//   every entry would copy the whole map); change an entry through find(),
//   at() or operator[], which copy its path only;
// - an iterator from find() on a non-const map is a key, and reaches its
//   entry again at each dereference (which makes the entry this map's own).

#include "state/merkle_map.h"

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>

namespace chain::state {

// The order-preserving fixed-length encoding of a key: big-endian integers
// (signed ones with the sign bit flipped), byte arrays as they are, pairs
// one after the other. Byte order is then the key type's operator< order.
template <class K>
struct CowKey;

template <std::size_t N>
struct CowKey<std::array<std::uint8_t, N>> {
    static constexpr std::size_t kBytes = N;
    static void write(const std::array<std::uint8_t, N>& key, std::uint8_t* out) {
        std::copy(key.begin(), key.end(), out);
    }
};

template <class Unsigned, std::size_t N>
struct CowKeyUnsigned {
    static constexpr std::size_t kBytes = N;
    static void write(Unsigned key, std::uint8_t* out) {
        for (std::size_t i = 0; i < N; ++i) out[i] = static_cast<std::uint8_t>(key >> (8 * (N - 1 - i)));
    }
};
template <>
struct CowKey<std::uint64_t> : CowKeyUnsigned<std::uint64_t, 8> {};
template <>
struct CowKey<std::uint32_t> : CowKeyUnsigned<std::uint32_t, 4> {};

template <>
struct CowKey<std::int64_t> {
    static constexpr std::size_t kBytes = 8;
    static void write(std::int64_t key, std::uint8_t* out) {
        CowKey<std::uint64_t>::write(static_cast<std::uint64_t>(key) ^ (std::uint64_t{1} << 63), out);
    }
};

template <class A, class B>
struct CowKey<std::pair<A, B>> {
    static constexpr std::size_t kBytes = CowKey<A>::kBytes + CowKey<B>::kBytes;
    static void write(const std::pair<A, B>& key, std::uint8_t* out) {
        CowKey<A>::write(key.first, out);
        CowKey<B>::write(key.second, out + CowKey<A>::kBytes);
    }
};

template <class K, class V>
struct CowTraits {
    using Key = K;
    using Value = V;
    static constexpr std::size_t kKeyBytes = CowKey<K>::kBytes;
    static std::array<std::uint8_t, kKeyBytes> key_bytes(const K& key) {
        std::array<std::uint8_t, kKeyBytes> bytes;
        CowKey<K>::write(key, bytes.data());
        return bytes;
    }
};

template <class K, class V>
class CowMap {
    using Map = MerkleMap<CowTraits<K, V>>;

public:
    using key_type = K;
    using mapped_type = V;
    using value_type = std::pair<const K, V>;
    using size_type = std::size_t;
    using const_iterator = typename Map::const_iterator;

    // A position by key in a non-const map: each dereference reaches the
    // entry through mutable_entry, so writing through it changes this map
    // only. The end is the position without a key.
    class iterator {
    public:
        iterator() = default;
        value_type& operator*() const { return *map_->map_.mutable_entry(*key_); }
        value_type* operator->() const { return &**this; }
        iterator& operator++() {
            const const_iterator next = map_->map_.upper_bound(*key_);
            key_ = next == map_->map_.end() ? std::nullopt : std::optional<K>(next->first);
            return *this;
        }
        bool operator==(const iterator& other) const { return key_ == other.key_; }
        bool operator==(const const_iterator& other) const {
            return other == const_iterator() ? !key_ : key_ && other->first == *key_;
        }
        operator const_iterator() const { return key_ ? map_->map_.find_position(*key_) : const_iterator(); }

    private:
        friend class CowMap;
        iterator(CowMap* map, std::optional<K> key) : map_(map), key_(std::move(key)) {}
        CowMap* map_ = nullptr;
        std::optional<K> key_;
    };

    CowMap() = default;
    CowMap(std::initializer_list<value_type> entries) {
        for (const value_type& entry : entries) map_.set(entry.first, entry.second);
    }
    // The map of `entries`, whose keys must be strictly increasing: built in
    // one pass (MerkleMap::from_sorted), for bulk loads.
    static CowMap from_sorted(std::vector<std::pair<K, V>> entries) {
        CowMap map;
        map.map_ = Map::from_sorted(std::move(entries));
        return map;
    }
    // Two halves split at the keys' first bit (MerkleMap::join_halves).
    static CowMap join_halves(CowMap low, CowMap high) {
        CowMap map;
        map.map_ = Map::join_halves(std::move(low.map_), std::move(high.map_));
        return map;
    }

    size_type size() const { return map_.size(); }
    bool empty() const { return map_.empty(); }
    bool contains(const K& key) const { return map_.contains(key); }
    size_type count(const K& key) const { return contains(key) ? 1 : 0; }

    // The value, or null when the key is absent: a find without an iterator.
    const V* get(const K& key) const { return map_.find(key); }
    const V& at(const K& key) const {
        if (const V* value = map_.find(key)) return *value;
        throw std::out_of_range("CowMap::at: the key is absent");
    }
    V& at(const K& key) {
        if (auto* entry = map_.mutable_entry(key)) return entry->second;
        throw std::out_of_range("CowMap::at: the key is absent");
    }
    V& operator[](const K& key) {
        if (auto* entry = map_.mutable_entry(key)) return entry->second;
        map_.set(key, V{});
        return map_.mutable_entry(key)->second;
    }

    const_iterator begin() const { return map_.begin(); }
    const_iterator end() const { return map_.end(); }
    const_iterator cbegin() const { return map_.begin(); }
    const_iterator cend() const { return map_.end(); }
    const_iterator lower_bound(const K& key) const { return map_.lower_bound(key); }
    const_iterator upper_bound(const K& key) const { return map_.upper_bound(key); }
    const_iterator find(const K& key) const { return map_.find_position(key); }
    iterator find(const K& key) { return map_.contains(key) ? iterator(this, key) : iterator(this, std::nullopt); }
    // The entry with the highest key, and the one just below `key` (null: none).
    const value_type* last() const { return map_.last(); }
    const value_type* last_below(const K& key) const { return map_.last_below(key); }

    // Inserts when the key is absent; the bool says whether it did.
    template <class... Args>
    std::pair<iterator, bool> try_emplace(const K& key, Args&&... args) {
        if (map_.contains(key)) return {iterator(this, key), false};
        map_.set(key, V(std::forward<Args>(args)...));
        return {iterator(this, key), true};
    }
    template <class Value>
    std::pair<iterator, bool> emplace(const K& key, Value&& value) {
        return try_emplace(key, std::forward<Value>(value));
    }
    template <class Value>
    iterator emplace_hint(const const_iterator&, const K& key, Value&& value) {
        return try_emplace(key, std::forward<Value>(value)).first;
    }
    std::pair<iterator, bool> insert(const value_type& entry) { return try_emplace(entry.first, entry.second); }

    size_type erase(const K& key) { return map_.erase(key) ? 1 : 0; }
    // Returns the position after the erased entry.
    iterator erase(const iterator& position) {
        iterator next = position;
        ++next;
        map_.erase(*position.key_);
        return next;
    }
    void clear() { map_ = Map(); }

    // Same entries (versions that share their nodes compare in O(1)).
    bool operator==(const CowMap& other) const { return map_ == other.map_; }

    // Calls f(key, const V* before, const V* after) for every key whose value
    // differs between the versions (null: absent there), in key order, in
    // about changes x depth (MerkleMap::diff).
    template <class F>
    static void diff(const CowMap& before, const CowMap& after, F&& f) {
        Map::diff(before.map_, after.map_, std::forward<F>(f));
    }

private:
    Map map_;
};

} // namespace chain::state
