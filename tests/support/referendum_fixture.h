#pragma once
// Referendums with a chosen electorate and ballots, for the tests of what
// the screens say about a vote (tests/models/test_input.cpp,
// tests/gui/test_gui_words.cpp). Accounts are 1..n in their first byte.

#include "rules/state.h"

#include <cstdint>
#include <set>

namespace testing_support {

inline chain::AccountId account(std::uint8_t n) {
    chain::AccountId id{};
    id[0] = n;
    return id;
}

// A referendum of `electorate_size` members with `yes` Yes and `no` No ballots.
inline chain::Referendum referendum(std::uint64_t id, std::uint8_t electorate_size, std::uint8_t yes, std::uint8_t no) {
    chain::Referendum r;
    r.id = id;
    std::set<chain::AccountId> members;
    for (std::uint8_t i = 1; i <= electorate_size; ++i) members.insert(account(i));
    r.electorate = chain::Electorate(members);
    for (std::uint8_t i = 1; i <= yes; ++i) r.ballots[account(i)] = true;
    for (std::uint8_t i = yes + 1; i <= yes + no; ++i) r.ballots[account(i)] = false;
    r.deadline_s = 1'800'000'000;
    return r;
}

} // namespace testing_support
