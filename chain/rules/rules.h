#pragma once
// The group rules of MISSION.md as a pure, deterministic state machine.
//
//   apply_transaction(state, tx, context) -> events, or a Rejection and the
//                                            state unchanged
//   end_block(state, context)             -> events of the deadlines due
//
// No clock, no randomness, no I/O, no floating point: the block context
// carries the time. Signatures are checked by the caller (in parallel, before
// the block is applied); everything else about a transaction is checked here.

#include "rules/state.h"

#include <optional>
#include <variant>
#include <vector>

namespace chain {

struct BlockContext {
    std::uint64_t height = 0;
    std::int64_t time_s = 0;
};

struct ApplyResult {
    std::optional<Rejection> rejection;
    std::vector<Event> events;
    bool ok() const { return !rejection.has_value(); }
};

// The state of a new group, and the GroupFounded/MemberAdmitted events.
State genesis_state(const Genesis& genesis, std::vector<Event>* events = nullptr);

// Applies one transaction; on rejection the state is left exactly as it was.
ApplyResult apply_transaction(State& state, const Transaction& tx, const BlockContext& context);

// Deadlines, in this order: referendums close (with their effects), campaigns
// fail at their deadline, plants start, offers expire. Also sets the block
// height and time in the state.
std::vector<Event> end_block(State& state, const BlockContext& context);

// The earliest deadline still pending, if any, so that a node can make a
// block when it falls due even when no transaction waits.
std::optional<std::int64_t> next_deadline(const State& state);

// Every invariant of MISSION.md; returns one line per violation (empty = ok).
// Reads the whole state: the randomized tests call it after every block.
std::vector<std::string> check_invariants(const State& state);

// The same invariants for a state made from a copy of `before`, which holds
// them, reading only what differs between the two (StateMap::diff): totals
// are checked by what changed in them, entities only where they changed.
// What a node checks before it commits a block, in proportion to the block.
std::vector<std::string> check_invariants_since(const State& before, const State& after);

// Shares `total` among weights in exact proportion, rounding by largest
// remainder (ties to the lower index), so the parts add up to total exactly.
std::vector<std::uint64_t> share_by_largest_remainder(std::uint64_t total,
                                                      const std::vector<std::uint64_t>& weights);

// Checks group parameters for a genesis or a change (nullopt = valid).
std::optional<Rejection> validate_params(const GroupParams& params);

} // namespace chain
