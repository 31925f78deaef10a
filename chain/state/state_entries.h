#pragma once
// One entry of the version-2 state tables (docs/STATE.md): the encodings of
// its key and value. Shared by state_tables, which lists every entry, and by
// the per-block changes (state_diff.h), which encode only the entries a block
// changed, so that both produce the very same bytes.

#include "state/state_tables.h"

namespace chain::state {

inline constexpr GroupField kGroupFields[] = {
    GroupField::Identity, GroupField::Params,       GroupField::Clock,    GroupField::Totals,   GroupField::Counters,
    GroupField::KeyRotation, GroupField::EnergyParams, GroupField::Tracking, GroupField::Protocol,
};

// --- Keys (big-endian, so that byte order is the order of the state's maps) --
// A table's key in the trie of table roots: its id, u16.
Bytes table_key(TableId table);
Bytes group_key(GroupField field);
Bytes account_key(const AccountId& account);
Bytes id_key(std::uint64_t id);
Bytes id_account_key(std::uint64_t id, const AccountId& account);
Bytes account_month_key(const AccountId& account, std::uint32_t month);
Bytes id_month_key(std::uint64_t id, std::uint32_t month);
// A day may be negative: the sign bit is flipped to keep signed order.
Bytes account_day_key(const AccountId& account, std::int64_t day);
Bytes electorate_key(const Hash256& electorate);
Bytes validator_key(const PublicKey& validator);
Bytes epoch_key(std::uint32_t epoch);

// --- Values ---------------------------------------------------------------
Bytes group_value(const State& state, GroupField field);
Bytes u64_value(std::uint64_t value);
Bytes member_value(const Member& member);
Bytes applicant_value(const Applicant& applicant);
Bytes plant_value(const Plant& plant);
// Names its electorate by Electorate::id().
Bytes referendum_value(const Referendum& referendum);
Bytes ballot_value(bool yes);
Bytes electorate_value(const Electorate& electorate);
Bytes offer_value(const Offer& offer);
Bytes data_key_value(const PublicKey& key);
Bytes consumption_value(const ConsumptionReading& reading);
Bytes generation_value(const GenerationReading& reading);
Bytes operator_value(const AccountId& account);
Bytes utility_value(const std::string& utility);

} // namespace chain::state
