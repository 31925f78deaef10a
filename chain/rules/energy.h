#pragma once
// Energy credits under the Electricity Compensation System (SCEE): the
// calendar the readings use, the plant size classes of Lei 14.300/2022, and
// the compensation account of a member, month by month.
//
// Pure and deterministic like the rest of chain/rules: integer Wh, centavos
// and micro-reais, every rounding named, no clock and no floating point.
// docs/ENERGY.md states the rules and their sources.

#include "rules/state.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace chain {

// --- Calendar ------------------------------------------------------------------
// Readings name a month as YYYYMM. Days and months are those of Brasília
// (UTC-3, no daylight saving time since 2019), where the bills are issued.
inline constexpr std::int64_t kBrasiliaOffsetS = -3 * 3600;
inline constexpr std::uint32_t kMonthYearMin = 2000;
inline constexpr std::uint32_t kMonthYearMax = 2199;
// A credit can be used in the 60 months after the month it was banked.
inline constexpr std::uint32_t kCreditValidityMonths = 60;
// Bound on one month's consumption of one consumer unit (10 GWh).
inline constexpr std::uint64_t kConsumptionMaxWh = 10'000'000'000ull;

bool valid_month(std::uint32_t yyyymm);
std::uint32_t month_year(std::uint32_t yyyymm);
// The month `count` months after `yyyymm` (count may be negative).
std::uint32_t add_months(std::uint32_t yyyymm, std::int64_t count);
// Months from `from` to `to` (negative when `to` is earlier).
std::int64_t months_between(std::uint32_t from, std::uint32_t to);
std::uint32_t days_in_month(std::uint32_t yyyymm);
// Day number (days since 1970-01-01 in Brasília) of a Unix time.
std::int64_t brasilia_day(std::int64_t time_s);
// Unix time of 00:00 in Brasília on a day number (brasilia_day's inverse).
// A meter reading is of a date, not an instant: it is recorded at this time
// of its day, so the same date always gives the same reading, and a reading
// of today is never after the block that records it.
std::int64_t brasilia_day_start_s(std::int64_t day);
// Day number of the first day of a month.
std::int64_t month_first_day(std::uint32_t yyyymm);
// Unix time of 00:00 in Brasília on the first day of the month.
std::int64_t month_start_s(std::uint32_t yyyymm);
// The month (YYYYMM) holding a Unix time, in Brasília.
std::uint32_t month_of(std::int64_t time_s);

// --- Plant classes (Lei 14.300/2022, art. 1º, XI and XIII) -----------------------
enum class PlantClass : std::uint8_t { Microgeneration = 1, Minigeneration = 2 };
// Hydro, biomass and biogas can be dispatched; solar, wind and "other" are
// treated as non-dispatchable (the stricter limit).
bool dispatchable(PlantSource source);
std::uint64_t source_capacity_max_w(const EnergyParams& params, PlantSource source);
PlantClass plant_class(const EnergyParams& params, std::uint64_t capacity_w);
const char* plant_class_name(PlantClass plant_class); // "microgeneration" / "minigeneration"
std::optional<Rejection> validate_energy_params(const EnergyParams& params);

// --- Minimum billing (custo de disponibilidade, REN ANEEL 1.000/2021) ------------
std::uint64_t minimum_billing_wh(Connection connection);
const char* connection_name(Connection connection); // "single_phase" ...

// --- Fio B (Lei 14.300/2022, arts. 26 and 27) --------------------------------------
// Plants that started on or after this time pay the Fio B phase-in; earlier
// ones keep full compensation until 2045. 2023-01-08 00:00 in Brasília: the law
// protects access requests made up to 12 months after its publication on
// 7 January 2022; the ledger knows the start date, which stands in for it.
inline constexpr std::int64_t kFioBCutoffS = 1'673'146'800;
// The percentage of the Fio B paid on energy compensated in a month's year.
std::uint32_t fio_b_percent(bool new_regime, std::uint32_t yyyymm);
bool fio_b_new_regime(const Plant& plant);

// --- Allocation -------------------------------------------------------------------
// Energy (Wh) each account receives from one plant's generation in one month.
// An account's weight is the average over the month's days of its share of
// the quota held in the plant's utility that day (pro rata by days when a
// quota changes mid-month); days on which nobody there held quota are left
// out. The generation is split by these weights by largest remainder, once
// for the month (ties to the lower address), so the parts add up exactly to
// the generation whenever someone held quota on some day of the month.
std::map<AccountId, std::uint64_t> allocate_generation(const State& state, const Plant& plant, std::uint32_t yyyymm,
                                                       std::uint64_t generation_wh);
// The quota an account held on a day, from the quota tracks (current quota
// when the group never tracked quotas).
std::uint64_t quota_on_day(const State& state, const AccountId& account, std::int64_t day);

// --- The compensation account --------------------------------------------------------
struct CreditLot {
    std::uint32_t banked_month = 0;
    std::uint64_t legacy_wh = 0;     // from plants with full compensation
    std::uint64_t new_regime_wh = 0; // from plants that pay the Fio B phase-in
    std::uint64_t total_wh() const { return legacy_wh + new_regime_wh; }
    // The last month it can be used in; what is left after it is lost.
    std::uint32_t last_month() const { return add_months(banked_month, kCreditValidityMonths); }
};

struct MonthAccount {
    std::uint32_t month = 0;
    bool has_consumption = false; // false until the member records the month
    std::uint64_t consumption_wh = 0;
    Connection connection = Connection::SinglePhase;
    std::uint64_t minimum_billing_wh = 0;
    std::uint64_t allocated_wh = 0;            // from every plant this month
    std::uint64_t allocated_new_regime_wh = 0; // the part that pays the Fio B phase-in
    std::uint64_t compensated_wh = 0;          // consumption offset by this month's allocation
    std::uint64_t credit_used_wh = 0;          // consumption offset by banked credit
    std::uint64_t credit_banked_wh = 0;        // this month's surplus
    std::uint64_t credit_expired_wh = 0;       // credit lost at the end of this month
    std::uint64_t credit_balance_wh = 0;       // after this month
    std::uint64_t credit_expiring_next_12_wh = 0; // of the balance, what expires within 12 months
    std::uint64_t billed_wh = 0;               // what the bill still charges (at least the minimum)
    std::uint64_t fio_b_charged_wh = 0;        // offset energy on which the Fio B is still paid
};

struct EnergyAccount {
    AccountId member{};
    std::vector<MonthAccount> months; // consecutive, from the first month with data to `to`
    std::vector<CreditLot> open_lots; // after the last month, oldest first
};

// The member's account from the first month with any reading up to `to`.
EnergyAccount energy_account(const State& state, const AccountId& member, std::uint32_t to);

// --- Savings in R$ --------------------------------------------------------------------
// Tariff components without taxes, in micro-reais per kWh (R$ 0,123456 = 123456).
struct Tariff {
    std::uint64_t te_microbrl_per_kwh = 0;    // energy tariff (TE)
    std::uint64_t tusd_microbrl_per_kwh = 0;  // distribution tariff (TUSD), Fio B included
    std::uint64_t fio_b_microbrl_per_kwh = 0; // the Fio B part of the TUSD
    bool operator==(const Tariff&) const = default;
};
enum class TariffFlag : std::uint8_t { Green = 1, Yellow = 2, Red1 = 3, Red2 = 4 };
std::uint64_t flag_microbrl_per_kwh(TariffFlag flag);
// Illustrative defaults for Light (Rio de Janeiro), residential B1; see docs/ENERGY.md.
Tariff light_default_tariff();
std::optional<Rejection> validate_tariff(const Tariff& tariff);

struct MonthSavings {
    std::uint64_t gross_cents = 0; // offset energy at TE + TUSD + flag
    std::uint64_t fio_b_cents = 0; // the Fio B still paid on it
    std::uint64_t net_cents = 0;   // gross - Fio B
};
// Each amount rounded half up to the centavo from the exact product.
MonthSavings month_savings(const MonthAccount& month, const Tariff& tariff, TariffFlag flag);

} // namespace chain
