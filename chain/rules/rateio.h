#pragma once
// The lista de rateio the group hands its utility: each consumer unit with
// its percentage of the group's generation, summing to exactly 100,00 %.

#include "rules/state.h"

#include <map>
#include <string>
#include <vector>

namespace chain {

// Percentages carry two decimals: 10000 hundredths of a percent make 100,00 %.
inline constexpr std::uint32_t kRateioWhole = 10'000;

struct RateioEntry {
    AccountId account{};
    std::uint64_t quota_w = 0;
    std::uint32_t share_hundredths = 0; // 3333 = 33,33 %
};

// Members of `utility` holding quota, in address order, with their share of
// the quota held in that utility: exact proportion, rounded by largest
// remainder on the last digit (ties to the lower address), so the shares add
// up to exactly 100,00 %. Empty when nobody there holds quota.
std::vector<RateioEntry> lista_de_rateio(const State& state, const std::string& utility);

// "33,34": a share in hundredths of a percent, Brazilian decimal comma.
std::string format_share_ptbr(std::uint32_t share_hundredths);

// The list as CSV in Portuguese (';' separates fields, as Brazilian
// spreadsheets expect with the decimal comma): a heading block with the group
// and the utility, the utility's operating plants, then one row per consumer
// unit and a total row. `consumer_units` maps accounts to the numbers on
// their bills when the caller could read the profiles; others stay blank.
std::string lista_de_rateio_csv(const State& state, const std::string& utility,
                                const std::map<AccountId, std::string>& consumer_units);

} // namespace chain
