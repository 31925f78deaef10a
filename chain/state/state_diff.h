#pragma once
// What a block changed in the version-2 state tables, found in proportion to
// the change, and the state root kept up to date with it.
//
// A block is applied to a copy of the state; the copy shares every entry the
// block does not touch (StateMap is copy-on-write). Comparing the two
// versions map by map (StateMap::diff) therefore visits only the touched
// entries and the paths to them, and yields the table entries that differ
// (docs/STATE.md), which then update the Merkle tries of the tables
// (TableTrees): no per-block work grows with the state.

#include "state/cow_map.h"
#include "state/state_tables.h"
#include "state/state_proof.h"
#include "state/table_trees.h"

#include <array>
#include <cstdint>

namespace chain::state {

// How many referendums name each electorate: an electorate's entry exists
// while one does (it is shared by every referendum opened under one membership).
using ElectorateUsers = CowMap<Hash256, std::uint32_t>;

ElectorateUsers electorate_users(const State& state);

// The table entries that differ between `before` and `after`, each table's
// changes in key order. `users` counts the electorates' users in `before`
// and is brought to `after`. Costs about the entries that differ when
// `after` was made from a copy of `before` (else up to the whole state).
StateChanges changes_between(const State& before, const State& after, ElectorateUsers& users);

// The state root of version 2, through the root cache a State carries
// (State::root_cache): the root of the state it was last computed for, its
// tries and its electorate counts. A state made from a copy of that one costs
// its changes; a state without a cache is hashed whole once.
Hash256 cached_state_root_v2(const State& state);

// Gives `state` its root cache from `trees`, which must hold exactly its
// tables (as the rows it was decoded from: state_from_tables refuses any row
// that does not decode to itself): what opening a store does, so that the
// tries built from its rows are not built a second time from the state. The
// state root, hashed (in a fresh map, once per node).
Hash256 adopt_root_cache(const State& state, TableTrees trees);

// The checkpoint of `state`'s tries (TableTrees::checkpoint), from its root
// cache: what a store saves every few blocks and at shutdown.
Checkpoint state_checkpoint(const State& state);

// Proofs of `state` (chain/state/state_proof.h) from its root cache; `value`
// and `entries` as prove_entry and prove_table take them.
StateProof state_entry_proof(const State& state, TableId table, ByteView key, std::optional<Bytes> value);
TableProof state_table_proof(const State& state, TableId table, std::vector<Entry> entries);
// The proof of the validators table of `state` (its entries are the keys of
// State::validators, with empty values).
TableProof validators_table_proof(const State& state);

} // namespace chain::state
