#pragma once
// Proofs of the version-2 group state (docs/STATE.md, "Proofs of the
// state"): that a table holds an entry, or does not, or that a whole table is
// what it is, under a state root a client already trusts (the root in a
// header it verified). A proof is two Merkle proofs: the entry's in its
// table's trie, and the table's root in the trie of table roots whose root is
// the state root. A client checks one with nothing but this file.

#include "state/state_tables.h"
#include "state/table_trees.h"

#include <optional>
#include <string>
#include <vector>

namespace chain::state {

// A whole table in one proof: the members table of a group of a million
// members is the largest (docs/STATE.md, "Tables").
inline constexpr std::uint32_t kTableProofEntriesMax = kElectorateAccountsMax;

struct StateProof {
    TableId table = TableId::Group;
    Bytes key;
    std::optional<Bytes> value; // the entry's value; nullopt: the key is absent
    MerkleProof entry;          // the key in its table's trie
    Hash256 table_root{};
    MerkleProof root_path;      // the table's root in the trie of table roots
    bool operator==(const StateProof&) const = default;
};

struct TableProof {
    TableId table = TableId::Group;
    std::vector<Entry> entries; // every entry of the table, by key
    MerkleProof root_path;      // the table's root in the trie of table roots
    bool operator==(const TableProof&) const = default;
};

// Whether `id` names a table of protocol version 2.
bool is_table_id(std::uint16_t id);
// The table named `name` in docs/STATE.md ("members", "quota_by_day", ...).
std::optional<TableId> table_by_name(std::string_view name);

// The proof of `key` in `table` of the state whose tries are `trees`; `value`
// must be the entry's value when the key is present (the tries hold only its
// hash), nullopt when it is absent.
StateProof prove_entry(const TableTrees& trees, TableId table, ByteView key, std::optional<Bytes> value);
// The proof of a whole table; `entries` must be every entry of it, by key.
TableProof prove_table(const TableTrees& trees, TableId table, std::vector<Entry> entries);

// Empty when `proof` shows its entry (or the key's absence) in the state
// whose root is `state_root`; else why not, in a sentence.
std::string state_proof_problem(const Hash256& state_root, const StateProof& proof);
// The same for a whole table: the entries must be in key order, of the
// table's key length, and hash to the table root the proof shows.
std::string table_proof_problem(const Hash256& state_root, const TableProof& proof);

} // namespace chain::state

namespace chain::codec {
// A list of entries: u32 count (at most count_max), then each key (u32
// length, at most 64 bytes) and value (u32 length, at most
// kEntryValueBytesMax). TableProof and state sync's chunks carry one.
void encode_entries(Writer& w, const std::vector<state::Entry>& entries);
std::vector<state::Entry> decode_entries(Reader& r, std::uint32_t count_max);
// StateProof: u16 table, the key (u32 length, at most 64 bytes), boolean (a
// value follows) and the value (u32 length, at most kEntryValueBytesMax), the
// entry's MerkleProof, the 32-byte table root, the table's MerkleProof.
void encode(Writer& w, const state::StateProof& v);
void decode(Reader& r, state::StateProof& v);
// TableProof: u16 table, u32 entry count (at most kTableProofEntriesMax),
// each key and value as above, then the table's MerkleProof.
void encode(Writer& w, const state::TableProof& v);
void decode(Reader& r, state::TableProof& v);
} // namespace chain::codec
