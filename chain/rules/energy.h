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

// --- Compensation classes (Lei 14.300/2022 arts. 26 and 27; REN 1.000 art. 655-P) ----
// GD I: plants whose access was requested up to 12 months after the law
// (here: that started before kFioBCutoffS) keep full compensation to 2045.
// GD II: later plants; their compensated energy pays the year's share of the
// Fio B. GD III: later non-dispatchable plants above 500 kW in shared
// generation where one beneficiary receives 25 % or more of the month's
// energy; their compensated energy pays the whole Fio B, 40 % of the Fio A
// and the TFSEE and P&D/EE charges. docs/ENERGY.md cites the articles.
enum class GdClass : std::uint8_t { GdI = 0, GdII = 1, GdIII = 2 };
inline constexpr std::size_t kGdClassCount = 3;
inline constexpr GdClass kGdClasses[kGdClassCount] = {GdClass::GdI, GdClass::GdII, GdClass::GdIII};
inline constexpr std::uint64_t kGdIIICapacityAboveW = 500'000;
inline constexpr std::uint32_t kGdIIIBeneficiaryPercentMin = 25;
const char* gd_class_name(GdClass gd_class); // "GD I", "GD II", "GD III"
// The class of a plant's energy in a month in which its largest beneficiary
// received `largest_share_wh` of `generation_wh`.
GdClass plant_gd_class(const Plant& plant, std::uint64_t largest_share_wh, std::uint64_t generation_wh);

// Energy in Wh by class, in the order compensation uses it: GD I first (it
// pays nothing), then GD II, then GD III.
struct ClassEnergy {
    std::uint64_t wh[kGdClassCount] = {};
    std::uint64_t& of(GdClass c) { return wh[static_cast<std::size_t>(c)]; }
    std::uint64_t of(GdClass c) const { return wh[static_cast<std::size_t>(c)]; }
    std::uint64_t total_wh() const { return wh[0] + wh[1] + wh[2]; }
    bool operator==(const ClassEnergy&) const = default;
};

// --- Tariffs (the member's own, not ledger state) ----------------------------------
// Tariff components without taxes, in micro-reais per kWh (R$ 0,123456 = 123456).
struct Tariff {
    std::uint64_t te_microbrl_per_kwh = 0;    // energy tariff (TE)
    std::uint64_t tusd_microbrl_per_kwh = 0;  // distribution tariff (TUSD), Fio B included
    std::uint64_t fio_b_microbrl_per_kwh = 0; // the Fio B part of the TUSD
    // What GD III energy pays besides the whole Fio B (Lei 14.300 art. 27 §1º):
    // 40 % of the Fio A (transmission) components plus the TFSEE and P&D/EE charges.
    std::uint64_t gd3_extra_microbrl_per_kwh = 0;
    bool operator==(const Tariff&) const = default;
};
enum class TariffFlag : std::uint8_t { Green = 1, Yellow = 2, Red1 = 3, Red2 = 4 };
std::uint64_t flag_microbrl_per_kwh(TariffFlag flag);
// Illustrative defaults for Light (Rio de Janeiro), residential B1; see docs/ENERGY.md.
Tariff light_default_tariff();
std::optional<Rejection> validate_tariff(const Tariff& tariff);

// What a bill depends on besides the ledger: the member's tariff, each month's
// flag, and whether the unit is in the low-income residential subclass.
struct BillingSetup {
    Tariff tariff = light_default_tariff();
    std::map<std::uint32_t, TariffFlag> flag_by_month; // YYYYMM; absent: green
    bool low_income = false;
    TariffFlag flag_for(std::uint32_t yyyymm) const;
    bool operator==(const BillingSetup&) const = default;
};

// The price per kWh of energy compensated in a month, by class (the "custo de
// transporte" of art. 655-I §1), in hundredths of a micro-real per kWh so that
// the Fio B's percentage stays exact: GD I nothing (to 2045), GD II the year's
// percentage of the Fio B, GD III the whole Fio B and its extra (40 % of the Fio A and the charges).
std::uint64_t scee_price_centimicrobrl_per_kwh(const Tariff& tariff, GdClass gd_class, std::uint32_t yyyymm);
// Low-income units (the residential low-income subclasses, families in the
// CadÚnico). REN 1.098/2024 (art. 291 sole paragraph) halves their custo de
// disponibilidade in the SCEE; REN 1.147/2025 (09.12.2025) makes their first
// 80 kWh a month free (art. 179 §1º) and, in the SCEE, compensates only the
// consumption above 80 kWh, without the §2º limit (art. 655-I §5º). The
// months from which each applies are the first whole billing month after the
// resolution; docs/ENERGY.md says so.
inline constexpr std::uint32_t kLowIncomeHalfMinimumFirstMonth = 202408;
inline constexpr std::uint32_t kLowIncomeFree80FirstMonth = 202601;
inline constexpr std::uint64_t kLowIncomeFreeWh = 80'000;
// The custo de disponibilidade of a month's bill (art. 291), in kWh.
std::uint64_t minimum_billing_wh(Connection connection, bool low_income, std::uint32_t yyyymm, std::uint64_t consumption_wh);

// --- The compensation account --------------------------------------------------------
struct CreditLot {
    std::uint32_t banked_month = 0;
    ClassEnergy energy;
    std::uint64_t total_wh() const { return energy.total_wh(); }
    // The last month it can be used in; what is left after it is lost.
    std::uint32_t last_month() const { return add_months(banked_month, kCreditValidityMonths); }
};

// What the ledger says of one of a member's months: the consumption on record
// and the energy the plants allocated, by class. Tariffs do not enter here.
struct MonthFacts {
    std::uint32_t month = 0;
    bool has_consumption = false;
    std::uint64_t consumption_wh = 0;
    Connection connection = Connection::SinglePhase;
    ClassEnergy allocated;
    bool operator==(const MonthFacts&) const = default;
};
struct EnergyFacts {
    AccountId member{};
    std::vector<MonthFacts> months; // consecutive, from the first month with data to `to`
    bool operator==(const EnergyFacts&) const = default;
};
// The member's facts from the first month with any reading up to `to`. This
// is the costly part (every plant's allocation); settle_account is cheap.
EnergyFacts energy_facts(const State& state, const AccountId& member, std::uint32_t to);

struct MonthAccount {
    std::uint32_t month = 0;
    bool has_consumption = false; // false until the member records the month
    std::uint64_t consumption_wh = 0;
    Connection connection = Connection::SinglePhase;
    bool low_income = false;  // the member said the unit is in the low-income subclass
    TariffFlag flag = TariffFlag::Green;
    std::uint64_t social_free_wh = 0; // of billed_wh, what the tarifa social makes free (art. 179 §1º)
    std::uint64_t minimum_billing_wh = 0;      // custo de disponibilidade (art. 291)
    std::uint64_t allocated_wh = 0;            // from every plant this month
    ClassEnergy allocated;                     // the same, by class
    std::uint64_t compensated_wh = 0;          // consumption offset by this month's allocation
    std::uint64_t credit_used_wh = 0;          // consumption offset by banked credit
    ClassEnergy offset;                        // compensated + credit used, by class
    std::uint64_t credit_banked_wh = 0;        // this month's allocation left over
    std::uint64_t credit_expired_wh = 0;       // credit lost at the end of this month
    std::uint64_t credit_balance_wh = 0;       // after this month
    std::uint64_t credit_expiring_next_12_wh = 0; // of the balance, what expires within 12 months
    std::uint64_t billed_wh = 0;               // consumption not offset: billed at the full tariff
    // Why compensation stopped short of the consumption, if it did.
    bool capped_by_minimum = false;    // art. 655-I §2: the bill reached the custo de disponibilidade
    bool capped_by_low_income = false; // art. 655-I §5º: a low-income unit compensates only above 80 kWh
    // The bill's part for energy consumed from the grid (art. 655-I §1), each
    // amount rounded half up to the centavo. Flags apply to the full tariff.
    std::uint64_t full_tariff_cents = 0; // (billed_wh − social_free_wh) × (TE + TUSD + flag)
    std::uint64_t scee_cents = 0;        // compensated energy × its class's price
    std::uint64_t minimum_cents = 0;     // minimum_billing_wh × (TE + TUSD + flag), less the tarifa social
    std::uint64_t consumed_part_cents = 0; // the greater of minimum and full tariff + SCEE
    bool minimum_applies = false;          // the bill charges the custo de disponibilidade
    // What compensation saved against the same month without it.
    std::uint64_t gross_savings_cents = 0; // offset energy × (TE + TUSD + flag)
    std::uint64_t net_savings_cents = 0;   // gross − scee_cents
};

struct EnergyAccount {
    AccountId member{};
    std::vector<MonthAccount> months; // consecutive, from the first month with data to `to`
    std::vector<CreditLot> open_lots; // after the last month, oldest first
};

// The account as the utility computes it (REN 1.000 art. 655-I): within a
// month, this month's allocation offsets first, then banked credit oldest
// first; in each, GD I before GD II before GD III. Compensation stops at the
// month's consumption (above 80 kWh for a low-income unit) or when one more
// Wh would take the consumed part below the custo de disponibilidade.
EnergyAccount settle_account(const EnergyFacts& facts, const BillingSetup& billing);
EnergyAccount energy_account(const State& state, const AccountId& member, std::uint32_t to, const BillingSetup& billing);

// --- Savings in R$ --------------------------------------------------------------------
struct MonthSavings {
    std::uint64_t gross_cents = 0; // offset energy at TE + TUSD + flag
    std::uint64_t scee_cents = 0;  // what the compensated energy still pays
    std::uint64_t net_cents = 0;   // gross - scee
};
MonthSavings month_savings(const MonthAccount& month);

} // namespace chain
