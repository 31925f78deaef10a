#pragma once
// The group state as keyed entries in tables, and the state root of protocol
// version 2: a Merkle commitment over those entries (docs/STATE.md).
//
// Version 1 hashes the state's whole encoding, so every block costs as much
// as the state is large. Version 2 commits to each entry on its own: a
// binary Patricia Merkle trie per table (chain/state/merkle_map.h), under a
// small trie of the table roots. The root depends only on the entries, never
// on the order they were written in or on the state's history, and a block
// that changes k entries changes k leaves.
//
// Nested collections of the state become tables of their own, so that a
// change of one element rehashes one entry and not the whole collection: a
// referendum's ballots, a plant's pledges and allocations, a member's quota
// by day. A referendum's electorate is stored once per distinct list of
// accounts and named by its hash, so that the referendums opened under one
// membership share one entry.

#include "rules/state.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chain::state {

// The tables of protocol version 2, by the id that goes into the hashing.
// Appending one is a protocol change (docs/STATE.md, "Protocol versions").
enum class TableId : std::uint16_t {
    Group = 1,         // singletons, key: u8 GroupField
    Members,           // key: account
    Applicants,        // key: account
    Nonces,            // key: account
    Plants,            // key: u64 plant id
    Pledges,           // key: u64 plant id, account
    QuotaAllocations,  // key: u64 plant id, account
    TokenAllocations,  // key: u64 plant id, account
    Referendums,       // key: u64 referendum id
    Ballots,           // key: u64 referendum id, account
    Electorates,       // key: the electorate's hash (electorate_id)
    Offers,            // key: u64 offer id
    Validators,        // key: the validator's public key; value: empty
    DataKeys,          // key: u32 epoch
    Consumption,       // key: account, u32 YYYYMM
    Generation,        // key: u64 plant id, u32 YYYYMM
    PlantOperators,    // key: u64 plant id
    UtilityByDay,      // key: account, day (order-preserving i64)
    QuotaByDay,        // key: account, day (order-preserving i64)
};
inline constexpr std::uint16_t kTableIdLast = static_cast<std::uint16_t>(TableId::QuotaByDay);
inline constexpr std::size_t kTableCount = kTableIdLast;

// The accounts of one electorate at most: the members of the largest group
// whose state decodes (rules/state.cpp bounds the members alike).
inline constexpr std::uint32_t kElectorateAccountsMax = 1'000'000;
// The longest value of any table: an electorate at that bound (a u32 count
// and 20 bytes per account). Members' sealed keys (64 KiB) come next.
inline constexpr std::size_t kEntryValueBytesMax = 4 + 20 * std::size_t{kElectorateAccountsMax};

// The keys of TableId::Group.
enum class GroupField : std::uint8_t {
    Identity = 1,     // group id, name, token symbol, dev flag, genesis time
    Params = 2,       // GroupParams
    Clock = 3,        // height, time
    Totals = 4,       // capacity, tokens issued, tokens burned
    Counters = 5,     // next plant, referendum and offer ids
    KeyRotation = 6,  // whether a data-key rotation is pending
    EnergyParams = 7, // EnergyParams
    Tracking = 8,     // whether quota tracking runs, and since which day
    Protocol = 9,     // the protocol version, and the upgrade pending if any
};
inline constexpr std::uint8_t kGroupFieldLast = static_cast<std::uint8_t>(GroupField::Protocol);

// Every key of a table has the same length (the tries are prefix-free).
std::size_t table_key_bytes(TableId table);
// The table's name in docs/STATE.md and in messages.
const char* table_name(TableId table);
constexpr std::size_t table_index(TableId table) { return static_cast<std::size_t>(table) - 1; }

struct Entry {
    Bytes key;
    Bytes value;
    bool operator==(const Entry&) const = default;
};
using Tables = std::array<std::vector<Entry>, kTableCount>;

// Every entry of the state, each table sorted by key. In N, for the
// from-scratch root and the equivalence checks; the node keeps its tables
// up to date instead of calling this per block.
Tables state_tables(const State& state);

// The name of an electorate in TableId::Electorates and in its referendums:
// H(u32 count || the accounts in order).
Hash256 electorate_id(const Electorate& electorate);

// A table's Merkle root computed from scratch from its entries sorted by key
// (strictly increasing, each key `key_bytes` long), by the definition in
// docs/STATE.md. Independent of chain/state/merkle_map.h on purpose: it is
// the reference that the incremental tries are checked against.
Hash256 table_root_from_sorted(std::size_t key_bytes, const std::vector<Entry>& sorted);
// The same for the entries [first, last) of `sorted` (first < last): the hash
// of the trie's node over them when they are all the keys sharing some prefix
// (state sync's chunks, chain/state/state_snapshot.h).
Hash256 table_root_of_range(std::size_t key_bytes, const std::vector<Entry>& sorted, std::size_t first, std::size_t last);

// The state root over the table roots, by table id.
Hash256 state_root_from_table_roots(const std::array<Hash256, kTableCount>& table_roots);

// The state root over every table's from-scratch root.
Hash256 state_root_of_tables(const Tables& tables);

// The state root of protocol version 2 computed from scratch.
Hash256 state_root_v2_from_scratch(const State& state);

// What differs between two versions of one table (both sorted by key): the
// entries of `after` that are new or hold another value, and the keys of
// `before` that are gone. A merge of the two lists.
struct TableChanges {
    std::vector<Entry> set;
    std::vector<Bytes> erased;
};
TableChanges table_changes(const std::vector<Entry>& before, const std::vector<Entry>& after);

// What one block changed in every table, by table_index: the entries the
// store writes and the keys it deletes in the block's commit. This is the
// contract between the state and the store. It walks what the block touched
// (state_diff.cpp: the copy-on-write maps of `after` share the rest with
// `before`), each table's changes in key order, as table_changes gives them.
using StateChanges = std::array<TableChanges, kTableCount>;
StateChanges state_changes(const State& before, const State& after);

// The inverse of state_tables: the State whose entries are `tables` (each
// sorted by key, as state_tables writes them and the store reads them).
// Refuses every entry that does not decode to exactly one field of a state:
// a key of the wrong length or out of order, a value cut short or with
// trailing bytes, an enumerator out of range, a pledge, allocation or ballot
// whose plant or referendum is absent, a referendum whose electorate is
// absent, an electorate whose key is not its hash or that no referendum
// names, a group field missing or unknown. Then nullopt, and *problem (if
// given) a sentence naming the table and the entry's key in hex.
// Referendums that name one electorate share one Electorate in memory, as
// they did when they were opened (rules/electorate.h).
std::optional<State> state_from_tables(const Tables& tables, std::string* problem);

// The members and nonces, decoded apart from the other tables: opening a
// large group decodes each half of them on its own thread.
struct AccountMaps {
    MemberMap members;
    StateMap<AccountId, std::uint64_t> nonces;
    // Two halves split at the accounts' first bit (MerkleMap::join_halves).
    static AccountMaps join_halves(AccountMaps low, AccountMaps high);
};
// Decodes members and nonces row by row, as they are read, with no copy of
// the rows: each table's rows must come in key order.
class AccountDecoder {
public:
    void reserve(std::size_t members, std::size_t nonces) {
        members_.reserve(members);
        nonces_.reserve(nonces);
    }
    // One row of the members or nonces table; false and *problem (naming
    // the row) when it does not decode, or is out of order, as
    // state_from_tables refuses it.
    bool add(TableId table, ByteView key, ByteView value, std::string* problem);
    // The maps of every row added; the decoder is empty again.
    AccountMaps finish();

private:
    std::vector<std::pair<AccountId, Member>> members_;
    std::vector<std::pair<AccountId, std::uint64_t>> nonces_;
};
// The rows of the members and nonces tables (each in key order), refused as
// state_from_tables refuses them.
std::optional<AccountMaps> decode_accounts(const std::vector<Entry>& members, const std::vector<Entry>& nonces,
                                           std::string* problem);
// The state from the rows of every table but members and nonces (ignored
// in `tables`), whose maps `accounts` holds.
std::optional<State> state_from_tables(const Tables& tables, AccountMaps accounts, std::string* problem);

} // namespace chain::state

namespace chain {
// The state root of protocol version 2 (docs/STATE.md).
Hash256 state_root_v2(const State& state);
} // namespace chain
