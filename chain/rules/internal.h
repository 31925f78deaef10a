#pragma once
// Helpers shared by the rules engine's translation units. Not a public API.

#include "rules/rules.h"

#include <string>

namespace chain::rules_internal {

__extension__ typedef unsigned __int128 u128;

Rejection rejection(ErrorCode code, std::string message);
std::string brl(std::uint64_t cents);       // "R$ 1234.56"
std::string seb(std::uint64_t msb);         // "1.500 SEB"
std::string watts(std::uint64_t w);         // "1500 W"
std::string address_of(const AccountId& account);

bool valid_name(const std::string& text, std::size_t length_max);

// Opens a referendum whose electorate is every current member.
Referendum& open_referendum(State& state, ReferendumKind kind, const AccountId& proposer,
                            const BlockContext& context, std::vector<Event>& events);

Event make_event(EventKind kind, const BlockContext& context);

// Checks a change against the state (at proposal and again at closing).
std::optional<Rejection> check_change(const State& state, const Change& change);
// Carries out an approved change; returns the rejection if it no longer can.
std::optional<Rejection> execute_change(State& state, const Change& change, const BlockContext& context,
                                        std::vector<Event>& events);

// An upgrade's effective height at proposal: after the proposing block, and
// at most kUpgradeDelayBlocksMax later. Not checked again at closing.
std::optional<Rejection> check_upgrade_height(const UpgradeProtocol& upgrade, const BlockContext& context);

// Releases every pledge of a plant's campaign.
void release_pledges(Plant& plant);

} // namespace chain::rules_internal
