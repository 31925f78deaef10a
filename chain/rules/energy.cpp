#include "rules/energy.h"

#include "rules/internal.h"

#include <algorithm>

namespace chain {

using namespace rules_internal;

namespace {

bool leap_year(std::uint32_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

// Leap years in [1, year).
std::int64_t leap_years_before(std::int64_t year) {
    const std::int64_t y = year - 1;
    return y / 4 - y / 100 + y / 400;
}

// Days from 1970-01-01 to the first day of `year`.
std::int64_t year_first_day(std::int64_t year) {
    return 365 * (year - 1970) + leap_years_before(year) - leap_years_before(1970);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t month_index(std::uint32_t yyyymm) { return static_cast<std::int64_t>(yyyymm / 100) * 12 + (yyyymm % 100) - 1; }

std::uint32_t month_from_index(std::int64_t index) {
    return static_cast<std::uint32_t>(floor_div(index, 12) * 100 + (index - floor_div(index, 12) * 12) + 1);
}

std::uint64_t round_half_up(u128 numerator, u128 denominator) {
    return static_cast<std::uint64_t>((numerator + denominator / 2) / denominator);
}

} // namespace

// --- Calendar ---------------------------------------------------------------------

bool valid_month(std::uint32_t yyyymm) {
    const std::uint32_t year = yyyymm / 100;
    const std::uint32_t month = yyyymm % 100;
    return year >= kMonthYearMin && year <= kMonthYearMax && month >= 1 && month <= 12;
}

std::uint32_t month_year(std::uint32_t yyyymm) { return yyyymm / 100; }

std::uint32_t add_months(std::uint32_t yyyymm, std::int64_t count) { return month_from_index(month_index(yyyymm) + count); }

std::int64_t months_between(std::uint32_t from, std::uint32_t to) { return month_index(to) - month_index(from); }

std::uint32_t days_in_month(std::uint32_t yyyymm) {
    static constexpr std::uint32_t days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const std::uint32_t month = yyyymm % 100;
    return days[month - 1] + (month == 2 && leap_year(yyyymm / 100) ? 1 : 0);
}

std::int64_t brasilia_day(std::int64_t time_s) {
    return floor_div(time_s + kBrasiliaOffsetS, static_cast<std::int64_t>(kSecondsPerDay));
}

std::int64_t month_first_day(std::uint32_t yyyymm) {
    const std::uint32_t year = yyyymm / 100;
    std::int64_t day = year_first_day(year);
    for (std::uint32_t m = 1; m < yyyymm % 100; ++m) day += days_in_month(year * 100 + m);
    return day;
}

std::int64_t brasilia_day_start_s(std::int64_t day) {
    return day * static_cast<std::int64_t>(kSecondsPerDay) - kBrasiliaOffsetS;
}

std::int64_t month_start_s(std::uint32_t yyyymm) { return brasilia_day_start_s(month_first_day(yyyymm)); }

std::uint32_t month_of(std::int64_t time_s) {
    const std::int64_t day = brasilia_day(time_s);
    // Years have at least 365 days: start from an estimate at or after the
    // true year and step back.
    std::int64_t year = 1970 + floor_div(day, 365);
    while (year_first_day(year) > day) --year;
    std::uint32_t month = static_cast<std::uint32_t>(year) * 100 + 12;
    while (month_first_day(month) > day) --month;
    return month;
}

// --- Plant classes -----------------------------------------------------------------

bool dispatchable(PlantSource source) {
    return source == PlantSource::Hydro || source == PlantSource::Biomass || source == PlantSource::Biogas;
}

std::uint64_t source_capacity_max_w(const EnergyParams& params, PlantSource source) {
    return dispatchable(source) ? params.dispatchable_max_w : params.non_dispatchable_max_w;
}

PlantClass plant_class(const EnergyParams& params, std::uint64_t capacity_w) {
    return capacity_w <= params.microgeneration_max_w ? PlantClass::Microgeneration : PlantClass::Minigeneration;
}

const char* plant_class_name(PlantClass plant_class) {
    return plant_class == PlantClass::Microgeneration ? "microgeneration" : "minigeneration";
}

std::optional<Rejection> validate_energy_params(const EnergyParams& p) {
    const auto bad = [](std::string message) { return rejection(ErrorCode::InvalidParams, std::move(message)); };
    if (p.microgeneration_max_w < 1 || p.microgeneration_max_w > kPlantCapacityLimitW)
        return bad("the microgeneration limit must be between 1 W and 5 MW");
    if (p.dispatchable_max_w < p.microgeneration_max_w || p.dispatchable_max_w > kPlantCapacityLimitW)
        return bad("the dispatchable-source limit must be between the microgeneration limit and 5 MW");
    if (p.non_dispatchable_max_w < p.microgeneration_max_w || p.non_dispatchable_max_w > kPlantCapacityLimitW)
        return bad("the non-dispatchable-source limit must be between the microgeneration limit and 5 MW");
    return std::nullopt;
}

// --- Minimum billing and Fio B -------------------------------------------------------

std::uint64_t minimum_billing_wh(Connection connection) {
    switch (connection) {
    case Connection::SinglePhase: return 30'000;
    case Connection::TwoPhase: return 50'000;
    case Connection::ThreePhase: return 100'000;
    }
    return 100'000;
}

std::uint64_t minimum_billing_wh(Connection connection, bool low_income, std::uint32_t yyyymm, std::uint64_t consumption_wh) {
    std::uint64_t wh = minimum_billing_wh(connection);
    if (!low_income) return wh;
    // Art. 291 III (REN 1.147/2025): three-phase low income consuming 80 kWh or less.
    constexpr std::uint64_t kLowIncomeThreePhaseMinimumWh = 80'000;
    if (yyyymm >= kLowIncomeFree80FirstMonth && connection == Connection::ThreePhase && consumption_wh <= kLowIncomeThreePhaseMinimumWh)
        wh = kLowIncomeThreePhaseMinimumWh;
    // Art. 291 sole paragraph (REN 1.098/2024): half, in the SCEE, for families in the CadÚnico.
    if (yyyymm >= kLowIncomeHalfMinimumFirstMonth) wh /= 2;
    return wh;
}

const char* connection_name(Connection connection) {
    switch (connection) {
    case Connection::SinglePhase: return "single_phase";
    case Connection::TwoPhase: return "two_phase";
    case Connection::ThreePhase: return "three_phase";
    }
    return "unknown";
}

std::uint32_t fio_b_percent(bool new_regime, std::uint32_t yyyymm) {
    const std::uint32_t year = month_year(yyyymm);
    // Grandfathered plants: full compensation through 2045; afterwards the
    // law leaves the rule to ANEEL, and we assume the final transition level.
    if (!new_regime) return year <= 2045 ? 0 : 90;
    if (year <= 2022) return 0;
    if (year >= 2028) return 90;
    return 15 * (year - 2022); // 2023: 15 %, 2024: 30 % ... 2027: 75 %
}

bool fio_b_new_regime(const Plant& plant) { return plant.operating_at_s >= kFioBCutoffS; }

// --- Allocation ------------------------------------------------------------------------

std::uint64_t quota_on_day(const State& state, const AccountId& account, std::int64_t day) {
    const EnergyLedger& energy = state.energy;
    if (!energy.tracking) {
        const Member* member = state.member(account);
        return member ? member->quota_w : 0;
    }
    const auto track = energy.quota_tracks.find(account);
    if (track == energy.quota_tracks.end()) return 0;
    const std::int64_t effective_day = std::max(day, energy.tracking_since_day);
    const auto& by_day = track->second.quota_w_by_day;
    // The quota in force on the day: the last change up to it.
    const auto* in_force = by_day.last_below(effective_day + 1);
    return in_force ? in_force->second : 0;
}

namespace {

// Every account that may have held quota in the plant's utility at some time.
std::vector<AccountId> utility_accounts(const State& state, const std::string& utility) {
    std::vector<AccountId> accounts;
    if (state.energy.tracking) {
        for (const auto& [account, track] : state.energy.quota_tracks)
            for (const auto& [day, u] : track.utility_by_day)
                if (u == utility) {
                    accounts.push_back(account);
                    break;
                }
    } else {
        for (const auto& [account, member] : state.members)
            if (member.utility == utility) accounts.push_back(account);
    }
    return accounts; // ordered by address: both maps are
}

bool on_utility_day(const State& state, const AccountId& account, const std::string& utility, std::int64_t day) {
    if (!state.energy.tracking) return true; // utility_accounts already chose by the member's utility
    const auto track = state.energy.quota_tracks.find(account);
    return track != state.energy.quota_tracks.end() &&
           track->second.utility_on_day(std::max(day, state.energy.tracking_since_day)) == utility;
}

} // namespace

std::map<AccountId, std::uint64_t> allocate_generation(const State& state, const Plant& plant, std::uint32_t yyyymm,
                                                       std::uint64_t generation_wh) {
    // Each account's weight is the sum over the month's days of its share of
    // the utility's quota that day, in units of 2^-32 (truncated). Days on
    // which nobody there held quota (before the first plant started) add
    // nothing, so the month's generation goes to the days that had holders.
    constexpr std::uint32_t kShareBits = 32;
    const std::vector<AccountId> accounts = utility_accounts(state, plant.utility);
    std::vector<std::uint64_t> weights(accounts.size(), 0);
    const std::int64_t first_day = month_first_day(yyyymm);
    std::vector<std::uint64_t> quotas(accounts.size(), 0);
    for (std::uint32_t d = 0; d < days_in_month(yyyymm); ++d) {
        u128 utility_quota_w = 0;
        for (std::size_t i = 0; i < accounts.size(); ++i) {
            // Quota counts in the plant's utility only on days its holder was connected there.
            quotas[i] = on_utility_day(state, accounts[i], plant.utility, first_day + d) ? quota_on_day(state, accounts[i], first_day + d) : 0;
            utility_quota_w += quotas[i];
        }
        if (utility_quota_w == 0) continue;
        for (std::size_t i = 0; i < accounts.size(); ++i)
            weights[i] += static_cast<std::uint64_t>((static_cast<u128>(quotas[i]) << kShareBits) / utility_quota_w);
    }
    // One largest-remainder rounding for the whole month (ties to the lower
    // address), so no account gains a rounding unit every day.
    const std::vector<std::uint64_t> shares = share_by_largest_remainder(generation_wh, weights);
    std::map<AccountId, std::uint64_t> allocated;
    for (std::size_t i = 0; i < accounts.size(); ++i)
        if (shares[i] > 0) allocated[accounts[i]] = shares[i];
    return allocated;
}

// --- Compensation classes ------------------------------------------------------------

const char* gd_class_name(GdClass gd_class) {
    switch (gd_class) {
    case GdClass::GdI: return "GD I";
    case GdClass::GdII: return "GD II";
    case GdClass::GdIII: return "GD III";
    }
    return "GD ?";
}

GdClass plant_gd_class(const Plant& plant, std::uint64_t largest_share_wh, std::uint64_t generation_wh) {
    if (!fio_b_new_regime(plant)) return GdClass::GdI;
    // A group is shared generation (a consortium, cooperative or condominium
    // of units in one utility), so size, source and concentration decide.
    const bool large = plant.capacity_w > kGdIIICapacityAboveW && !dispatchable(plant.source);
    const bool concentrated = generation_wh > 0 && static_cast<u128>(largest_share_wh) * 100 >=
                                                       static_cast<u128>(generation_wh) * kGdIIIBeneficiaryPercentMin;
    return large && concentrated ? GdClass::GdIII : GdClass::GdII;
}

// --- Tariffs ------------------------------------------------------------------------

std::uint64_t flag_microbrl_per_kwh(TariffFlag flag) {
    // ANEEL's additional charge per kWh of each flag (R$ per 100 kWh / 100).
    switch (flag) {
    case TariffFlag::Green: return 0;
    case TariffFlag::Yellow: return 18'850;
    case TariffFlag::Red1: return 44'630;
    case TariffFlag::Red2: return 78'770;
    }
    return 0;
}

Tariff light_default_tariff() {
    // Light's residential B1 tariff without taxes as ANEEL homologated it
    // (REH 2.523/2019), the latest table the search could read; the Fio B
    // and GD III's extra are estimates from national average shares.
    // docs/ENERGY.md has the sources and where to find the current figures.
    return Tariff{283'680, 341'970, 175'182, 18'770};
}

std::optional<Rejection> validate_tariff(const Tariff& t) {
    constexpr std::uint64_t kTariffMaxMicrobrlPerKwh = 100'000'000; // R$ 100/kWh
    for (const std::uint64_t component :
         {t.te_microbrl_per_kwh, t.tusd_microbrl_per_kwh, t.fio_b_microbrl_per_kwh, t.gd3_extra_microbrl_per_kwh})
        if (component > kTariffMaxMicrobrlPerKwh)
            return rejection(ErrorCode::InvalidArgument, "a tariff component must be at most R$ 100 per kWh");
    if (t.fio_b_microbrl_per_kwh + t.gd3_extra_microbrl_per_kwh > t.tusd_microbrl_per_kwh)
        return rejection(ErrorCode::InvalidArgument,
                         "the Fio B and GD III's extra are parts of the TUSD and together cannot exceed it");
    return std::nullopt;
}

TariffFlag BillingSetup::flag_for(std::uint32_t yyyymm) const {
    const auto it = flag_by_month.find(yyyymm);
    return it == flag_by_month.end() ? TariffFlag::Green : it->second;
}

std::uint64_t scee_price_centimicrobrl_per_kwh(const Tariff& t, GdClass gd_class, std::uint32_t yyyymm) {
    switch (gd_class) {
    case GdClass::GdI: return fio_b_percent(false, yyyymm) * t.fio_b_microbrl_per_kwh;
    case GdClass::GdII: return fio_b_percent(true, yyyymm) * t.fio_b_microbrl_per_kwh;
    case GdClass::GdIII:
        return 100 * (t.fio_b_microbrl_per_kwh + t.gd3_extra_microbrl_per_kwh);
    }
    return 0;
}

// --- The compensation account ----------------------------------------------------------

namespace {

// The member's allocation, by class, in every month with generation on record.
std::map<std::uint32_t, ClassEnergy> member_allocations(const State& state, const AccountId& member) {
    std::map<std::uint32_t, ClassEnergy> out;
    for (const auto& [key, reading] : state.energy.generation) {
        const auto plant = state.plants.find(key.first);
        if (plant == state.plants.end()) continue;
        const std::map<AccountId, std::uint64_t> shares =
            allocate_generation(state, plant->second, key.second, reading.generation_wh);
        const auto mine = shares.find(member);
        if (mine == shares.end()) continue;
        std::uint64_t largest_wh = 0;
        for (const auto& [account, wh] : shares) largest_wh = std::max(largest_wh, wh);
        out[key.second].of(plant_gd_class(plant->second, largest_wh, reading.generation_wh)) += mine->second;
    }
    return out;
}

// 1 Wh at 1 micro-real per kWh costs 10^-3 × 10^-6 reais = 10^-7 centavos.
constexpr std::uint64_t kWhMicrobrlPerCent = 10'000'000;

// One month's compensation: how much more may be offset, and by what.
struct Compensation {
    std::uint64_t need_wh = 0;     // consumption that may still be offset
    u128 headroom = 0;             // consumed part above the minimum, in Wh × centimicro-reais per kWh
    u128 full_price_x100 = 0;      // TE + TUSD + flag, in centimicro-reais per kWh
    std::uint64_t scee_price[kGdClassCount] = {};
    ClassEnergy offset;
    bool stopped = false; // the minimum was reached

    // Takes what it may from `source`, GD I first; returns the Wh taken.
    std::uint64_t take(ClassEnergy& source) {
        std::uint64_t taken_wh = 0;
        for (const GdClass c : kGdClasses) {
            const std::size_t k = static_cast<std::size_t>(c);
            // Each Wh compensated lowers the consumed part by the full price less its class's price.
            const u128 drop = full_price_x100 > scee_price[k] ? full_price_x100 - scee_price[k] : 0;
            if (stopped) break;
            std::uint64_t x = std::min(source.wh[k], need_wh);
            if (drop > 0 && headroom / drop < x) {
                // The bill reached the minimum: compensation ends here, even if a
                // later class's smaller drop would still fit a Wh (§2º, in whole Wh).
                x = static_cast<std::uint64_t>(headroom / drop);
                stopped = true;
            }
            source.wh[k] -= x;
            offset.wh[k] += x;
            need_wh -= x;
            headroom -= x * drop;
            taken_wh += x;
        }
        return taken_wh;
    }
};

void bill_month(MonthAccount& m, const Compensation& c, std::uint64_t full_price) {
    m.offset = c.offset;
    const std::uint64_t offset_wh = c.offset.total_wh();
    u128 scee = 0;
    for (std::size_t k = 0; k < kGdClassCount; ++k) scee += static_cast<u128>(c.offset.wh[k]) * c.scee_price[k];
    m.scee_cents = round_half_up(scee, static_cast<u128>(kWhMicrobrlPerCent) * 100);
    m.gross_savings_cents = round_half_up(static_cast<u128>(offset_wh) * full_price, kWhMicrobrlPerCent);
    m.net_savings_cents = m.gross_savings_cents > m.scee_cents ? m.gross_savings_cents - m.scee_cents : 0;
    if (!m.has_consumption) return;
    m.billed_wh = m.consumption_wh - offset_wh;
    // The tarifa social's free kWh go to the energy not compensated first (art. 655-G §8º).
    const std::uint64_t free_wh = m.low_income && m.month >= kLowIncomeFree80FirstMonth ? kLowIncomeFreeWh : 0;
    m.social_free_wh = std::min(m.billed_wh, free_wh);
    m.full_tariff_cents = round_half_up(static_cast<u128>(m.billed_wh - m.social_free_wh) * full_price, kWhMicrobrlPerCent);
    const std::uint64_t minimum_charged_wh = m.minimum_billing_wh > free_wh ? m.minimum_billing_wh - free_wh : 0;
    m.minimum_cents = round_half_up(static_cast<u128>(minimum_charged_wh) * full_price, kWhMicrobrlPerCent);
    const std::uint64_t charged = m.full_tariff_cents + m.scee_cents;
    m.minimum_applies = m.minimum_cents > charged;
    m.consumed_part_cents = std::max(m.minimum_cents, charged);
}

void settle_month(MonthAccount& m, const MonthFacts& f, const BillingSetup& billing, std::vector<CreditLot>& lots) {
    m.has_consumption = f.has_consumption;
    m.consumption_wh = f.consumption_wh;
    m.connection = f.connection;
    m.low_income = billing.low_income;
    m.flag = billing.flag_for(m.month);
    m.allocated = f.allocated;
    m.allocated_wh = f.allocated.total_wh();
    const std::uint64_t full_price =
        billing.tariff.te_microbrl_per_kwh + billing.tariff.tusd_microbrl_per_kwh + flag_microbrl_per_kwh(m.flag);
    Compensation c;
    c.full_price_x100 = static_cast<u128>(full_price) * 100;
    for (const GdClass k : kGdClasses)
        c.scee_price[static_cast<std::size_t>(k)] = scee_price_centimicrobrl_per_kwh(billing.tariff, k, m.month);
    if (m.has_consumption) {
        m.minimum_billing_wh = minimum_billing_wh(m.connection, m.low_income, m.month, m.consumption_wh);
        if (m.low_income && m.month >= kLowIncomeFree80FirstMonth) {
            // Art. 655-I §5º: only the consumption above 80 kWh, and §2º does not apply.
            c.need_wh = m.consumption_wh > kLowIncomeFreeWh ? m.consumption_wh - kLowIncomeFreeWh : 0;
            c.headroom = ~u128{0};
        } else {
            // §2º: up to the consumption, and while the bill stays at or above the minimum.
            c.need_wh = m.consumption_wh;
            if (m.consumption_wh > m.minimum_billing_wh) c.headroom = (m.consumption_wh - m.minimum_billing_wh) * c.full_price_x100;
        }
    }
    const std::uint64_t need_wh = c.need_wh;
    // 1. This month's allocation, then 2. banked credit, oldest first.
    ClassEnergy left = f.allocated;
    m.compensated_wh = c.take(left);
    for (CreditLot& lot : lots) m.credit_used_wh += c.take(lot.energy);
    // Compensation stopped short while energy was left: say which limit stopped it.
    std::uint64_t still_available_wh = left.total_wh();
    for (const CreditLot& lot : lots) still_available_wh += lot.total_wh();
    if (m.has_consumption && still_available_wh > 0 && c.offset.total_wh() < m.consumption_wh) {
        m.capped_by_minimum = c.stopped;
        m.capped_by_low_income = !c.stopped && need_wh < m.consumption_wh;
    }
    // 3. The surplus is banked.
    m.credit_banked_wh = left.total_wh();
    if (m.credit_banked_wh > 0) lots.push_back(CreditLot{m.month, left});
    // 4. Credit whose last month this is, is lost.
    for (CreditLot& lot : lots) {
        if (lot.last_month() != m.month) continue;
        m.credit_expired_wh += lot.total_wh();
        lot.energy = ClassEnergy{};
    }
    lots.erase(std::remove_if(lots.begin(), lots.end(), [](const CreditLot& lot) { return lot.total_wh() == 0; }),
               lots.end());
    for (const CreditLot& lot : lots) {
        m.credit_balance_wh += lot.total_wh();
        if (months_between(m.month, lot.last_month()) <= 12) m.credit_expiring_next_12_wh += lot.total_wh();
    }
    bill_month(m, c, full_price);
}

} // namespace

EnergyFacts energy_facts(const State& state, const AccountId& member, std::uint32_t to) {
    EnergyFacts facts;
    facts.member = member;
    const std::map<std::uint32_t, ClassEnergy> allocations = member_allocations(state, member);
    std::optional<std::uint32_t> first;
    if (!allocations.empty()) first = allocations.begin()->first;
    const auto consumption_begin = state.energy.consumption.lower_bound({member, 0});
    if (consumption_begin != state.energy.consumption.end() && consumption_begin->first.first == member)
        first = first ? std::min(*first, consumption_begin->first.second) : consumption_begin->first.second;
    if (!first || !valid_month(to) || *first > to) return facts;

    for (std::uint32_t month = *first; month <= to; month = add_months(month, 1)) {
        MonthFacts f;
        f.month = month;
        if (const auto it = state.energy.consumption.find({member, month}); it != state.energy.consumption.end()) {
            f.has_consumption = true;
            f.consumption_wh = it->second.consumption_wh;
            f.connection = it->second.connection;
        }
        if (const auto allocation = allocations.find(month); allocation != allocations.end()) f.allocated = allocation->second;
        facts.months.push_back(f);
    }
    return facts;
}

EnergyAccount settle_account(const EnergyFacts& facts, const BillingSetup& billing) {
    EnergyAccount account;
    account.member = facts.member;
    for (const MonthFacts& f : facts.months) {
        MonthAccount m;
        m.month = f.month;
        settle_month(m, f, billing, account.open_lots);
        account.months.push_back(m);
    }
    return account;
}

EnergyAccount energy_account(const State& state, const AccountId& member, std::uint32_t to, const BillingSetup& billing) {
    return settle_account(energy_facts(state, member, to), billing);
}

// --- Savings ------------------------------------------------------------------------------

MonthSavings month_savings(const MonthAccount& m) { return MonthSavings{m.gross_savings_cents, m.scee_cents, m.net_savings_cents}; }

} // namespace chain
