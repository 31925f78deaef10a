// The compensation account (SCEE), savings, plant classes and the lista de
// rateio, as pure functions of a State built by hand here (the readings that
// fill it through transactions are tested in test_readings.cpp). Expected
// figures are worked out by hand in the comments; docs/ENERGY.md has the rules.

#include "rules/energy.h"
#include "rules/rateio.h"
#include "rules/rules.h"

#include <QtTest>

#include <sstream>
#include <string>
#include <vector>

using namespace chain;

namespace {

#define EQ(actual, expected) \
    QCOMPARE(static_cast<unsigned long long>(actual), static_cast<unsigned long long>(expected))

constexpr std::uint64_t kKwh = 1000; // Wh

AccountId account(std::uint8_t n) {
    AccountId a{};
    a[0] = n;
    return a;
}

// A group using energy readings, with quota tracking since `since_month`.
State energy_state(std::uint32_t since_month) {
    State s;
    s.group_name = "Condomínio Sol Nascente";
    s.energy.params = EnergyParams{};
    s.energy.tracking = true;
    s.energy.tracking_since_day = month_first_day(since_month);
    s.data_public_keys = {PublicKey{}};
    return s;
}

// `who` holds `quota_w` in `utility` from `day` on.
void hold(State& s, const AccountId& who, std::uint64_t quota_w, std::int64_t day, const std::string& utility = "Light") {
    Member& m = s.members[who];
    m.account = who;
    m.utility = utility;
    m.quota_w = quota_w;
    QuotaTrack& track = s.energy.quota_tracks[who];
    track.utility_by_day.emplace(day, utility);
    track.quota_w_by_day[day] = quota_w;
}

Plant& add_plant(State& s, std::uint64_t id, std::uint64_t capacity_w, std::int64_t operating_at_s,
                 const std::string& utility = "Light") {
    Plant& p = s.plants[id];
    p.id = id;
    p.name = "Usina " + std::to_string(id);
    p.capacity_w = capacity_w;
    p.utility = utility;
    p.location = "Niterói, RJ";
    p.status = PlantStatus::Operating;
    p.operating_at_s = operating_at_s;
    return p;
}

void consume(State& s, const AccountId& who, std::uint32_t month, std::uint64_t wh,
             Connection connection = Connection::TwoPhase) {
    ConsumptionReading r;
    r.consumption_wh = wh;
    r.connection = connection;
    s.energy.consumption[{who, month}] = r;
}

void generate(State& s, std::uint64_t plant_id, std::uint32_t month, std::uint64_t wh) {
    GenerationReading r;
    r.generation_wh = wh;
    s.energy.generation[{plant_id, month}] = r;
}

const MonthAccount& month_of_account(const EnergyAccount& account, std::uint32_t month) {
    for (const MonthAccount& m : account.months)
        if (m.month == month) return m;
    static const MonthAccount none;
    QTest::qFail("month not in the account", __FILE__, __LINE__);
    return none;
}

// Splits a CSV line on ';' (the export quotes nothing in these tests).
QStringList fields(const QString& line) { return line.split(QLatin1Char(';')); }

} // namespace

class TestEnergy : public QObject {
    Q_OBJECT

private slots:
    void calendar() {
        QVERIFY(valid_month(202601));
        QVERIFY(!valid_month(202600));
        QVERIFY(!valid_month(202613));
        QVERIFY(!valid_month(199912));
        EQ(add_months(202611, 3), 202702);
        EQ(add_months(202601, -1), 202512);
        EQ(add_months(202601, 60), 203101);
        EQ(months_between(202601, 203101), 60);
        EQ(days_in_month(202402), 29);
        EQ(days_in_month(202602), 28);
        EQ(days_in_month(210002), 28);
        EQ(days_in_month(200002), 29);
        // 2026-01-01 00:00 in Brasília is 03:00 UTC: Unix 1767236400.
        QCOMPARE(month_start_s(202601), std::int64_t{1'767'236'400});
        EQ(month_of(month_start_s(202601)), 202601);
        EQ(month_of(month_start_s(202601) - 1), 202512);
        EQ(month_of(month_start_s(202403) + 40 * 86400), 202404);
        QCOMPARE(brasilia_day(month_start_s(202601)), month_first_day(202601));
        // A day's start is 03:00 UTC, and it is the inverse of brasilia_day.
        QCOMPARE(brasilia_day_start_s(month_first_day(202601)), month_start_s(202601));
        QCOMPARE(brasilia_day_start_s(0), std::int64_t{3 * 3600});
        QCOMPARE(brasilia_day(brasilia_day_start_s(20'000)), std::int64_t{20'000});
        QCOMPARE(brasilia_day(brasilia_day_start_s(20'000) - 1), std::int64_t{19'999});
        QCOMPARE(brasilia_day(brasilia_day_start_s(-5)), std::int64_t{-5});
        QCOMPARE(kFioBCutoffS, month_start_s(202301) + 7 * 86400);
    }

    void plant_classes_and_limits() {
        const EnergyParams p;
        QVERIFY(plant_class(p, 75'000) == PlantClass::Microgeneration);
        QVERIFY(plant_class(p, 75'001) == PlantClass::Minigeneration);
        EQ(source_capacity_max_w(p, PlantSource::Solar), 3'000'000);
        EQ(source_capacity_max_w(p, PlantSource::Wind), 3'000'000);
        EQ(source_capacity_max_w(p, PlantSource::Other), 3'000'000);
        EQ(source_capacity_max_w(p, PlantSource::Hydro), 5'000'000);
        EQ(source_capacity_max_w(p, PlantSource::Biomass), 5'000'000);
        EQ(source_capacity_max_w(p, PlantSource::Biogas), 5'000'000);
        QVERIFY(!validate_energy_params(p));
        QVERIFY(!validate_energy_params(kLegacyEnergyParams));
        QVERIFY(validate_energy_params(EnergyParams{0, 5'000'000, 3'000'000}));
        QVERIFY(validate_energy_params(EnergyParams{75'000, 50'000, 3'000'000}));
        QVERIFY(validate_energy_params(EnergyParams{75'000, 5'000'001, 3'000'000}));
        QVERIFY(validate_energy_params(EnergyParams{75'000, 5'000'000, 5'000'001}));
        EQ(validate_energy_params(EnergyParams{0, 1, 1})->code, ErrorCode::InvalidParams);
    }

    void minimum_billing_by_connection() {
        EQ(minimum_billing_wh(Connection::SinglePhase), 30 * kKwh);
        EQ(minimum_billing_wh(Connection::TwoPhase), 50 * kKwh);
        EQ(minimum_billing_wh(Connection::ThreePhase), 100 * kKwh);
        // Three members (one per connection type), each with a third of a
        // plant making 1500 kWh in a 30-day month: 500 kWh each. Each
        // consumes 120 kWh: only what is above the minimum is offset.
        State s = energy_state(202606);
        const std::int64_t day = month_first_day(202606);
        for (std::uint8_t n = 1; n <= 3; ++n) hold(s, account(n), 1000, day);
        add_plant(s, 1, 3000, month_start_s(202606));
        generate(s, 1, 202606, 1500 * kKwh);
        consume(s, account(1), 202606, 120 * kKwh, Connection::SinglePhase);
        consume(s, account(2), 202606, 120 * kKwh, Connection::TwoPhase);
        consume(s, account(3), 202606, 120 * kKwh, Connection::ThreePhase);
        const std::uint64_t expected_offset[] = {90, 70, 20};   // 120 - 30, 120 - 50, 120 - 100
        const std::uint64_t expected_billed[] = {30, 50, 100};  // the minimum
        const std::uint64_t expected_banked[] = {410, 430, 480}; // 500 - offset
        for (std::uint8_t n = 1; n <= 3; ++n) {
            const EnergyAccount a = energy_account(s, account(n), 202606);
            QCOMPARE(a.months.size(), std::size_t{1});
            const MonthAccount& m = a.months[0];
            EQ(m.allocated_wh, 500 * kKwh);
            EQ(m.compensated_wh, expected_offset[n - 1] * kKwh);
            EQ(m.billed_wh, expected_billed[n - 1] * kKwh);
            EQ(m.credit_banked_wh, expected_banked[n - 1] * kKwh);
            EQ(m.credit_balance_wh, expected_banked[n - 1] * kKwh);
        }
        // Consumption below the minimum: nothing offset, the minimum billed.
        consume(s, account(1), 202606, 20 * kKwh, Connection::SinglePhase);
        const MonthAccount m = energy_account(s, account(1), 202606).months[0];
        EQ(m.compensated_wh, 0);
        EQ(m.billed_wh, 30 * kKwh);
        EQ(m.credit_banked_wh, 500 * kKwh);
    }

    // Alice holds 750 W and Bob 250 W of a 1 kW plant (new regime, started
    // 2026-01-01) for all of 2026. The plant makes 40 kWh a day, so Alice gets
    // 30 kWh a day: 930 kWh in 31-day months, 900 in 30-day ones, 840 in
    // February. Two-phase: 50 kWh minimum.
    void hand_computed_year() {
        State s = energy_state(202601);
        const std::int64_t day = month_first_day(202601);
        const AccountId alice = account(1);
        const AccountId bob = account(2);
        hold(s, alice, 750, day);
        hold(s, bob, 250, day);
        add_plant(s, 1, 1000, month_start_s(202601));
        const std::uint64_t consumption_kwh[] = {500, 600, 1000, 1200, 950, 400, 1000, 980, 2000, 700, 960, 1500};
        for (std::uint32_t i = 0; i < 12; ++i) {
            const std::uint32_t month = 202601 + i;
            generate(s, 1, month, days_in_month(month) * 40 * kKwh);
            consume(s, alice, month, consumption_kwh[i] * kKwh);
        }
        const EnergyAccount a = energy_account(s, alice, 202612);
        QCOMPARE(a.months.size(), std::size_t{12});
        struct Row {
            std::uint64_t allocated, compensated, used, banked, balance, billed;
        };
        // need = consumption - 50; this month's allocation first, then the
        // oldest credit; the surplus is banked (lots named by month).
        const Row rows[] = {
            // Jan: need 450 of 930; banks 480 (Jan 480).
            {930, 450, 0, 480, 480, 50},
            // Feb: need 550 of 840; banks 290 (Jan 480, Feb 290).
            {840, 550, 0, 290, 770, 50},
            // Mar: need 950: 930 + 20 from Jan (Jan 460, Feb 290).
            {930, 930, 20, 0, 750, 50},
            // Apr: need 1150: 900 + 250 from Jan (Jan 210, Feb 290).
            {900, 900, 250, 0, 500, 50},
            // May: need 900 of 930; banks 30 (Jan 210, Feb 290, May 30).
            {930, 900, 0, 30, 530, 50},
            // Jun: need 350 of 900; banks 550 (+ Jun 550).
            {900, 350, 0, 550, 1080, 50},
            // Jul: need 950: 930 + 20 from Jan (Jan 190).
            {930, 930, 20, 0, 1060, 50},
            // Aug: need 930 of 930: nothing banked, nothing used.
            {930, 930, 0, 0, 1060, 50},
            // Sep: need 1950: 900 + Jan 190 + Feb 290 + May 30 + Jun 540 = 1950 (Jun 10 left).
            {900, 900, 1050, 0, 10, 50},
            // Oct: need 650 of 930; banks 280 (Jun 10, Oct 280).
            {930, 650, 0, 280, 290, 50},
            // Nov: need 910: 900 + Jun 10 (Oct 280).
            {900, 900, 10, 0, 280, 50},
            // Dec: need 1450: 930 + Oct 280 = 1210; 240 short: billed 50 + 240 = 290.
            {930, 930, 280, 0, 0, 290},
        };
        for (std::uint32_t i = 0; i < 12; ++i) {
            const MonthAccount& m = a.months[i];
            const Row& r = rows[i];
            QCOMPARE(m.month, 202601 + i);
            QVERIFY(m.has_consumption);
            EQ(m.minimum_billing_wh, 50 * kKwh);
            EQ(m.allocated_wh, r.allocated * kKwh);
            EQ(m.allocated_new_regime_wh, r.allocated * kKwh);
            EQ(m.compensated_wh, r.compensated * kKwh);
            EQ(m.credit_used_wh, r.used * kKwh);
            EQ(m.credit_banked_wh, r.banked * kKwh);
            EQ(m.credit_balance_wh, r.balance * kKwh);
            EQ(m.billed_wh, r.billed * kKwh);
            EQ(m.credit_expired_wh, 0);
            // 2026: the Fio B is paid on 60 % of the offset energy.
            EQ(m.fio_b_charged_wh, (r.compensated + r.used) * kKwh * 60 / 100);
        }
        QVERIFY(a.open_lots.empty());
        // Bob's quarter: 10 kWh a day, 310 kWh in January; he records no
        // consumption, so it is all banked.
        const EnergyAccount b = energy_account(s, bob, 202601);
        EQ(b.months[0].allocated_wh, 310 * kKwh);
        QVERIFY(!b.months[0].has_consumption);
        EQ(b.months[0].credit_banked_wh, 310 * kKwh);

        // Savings at TE 0.33 + TUSD 0.48 = R$ 0.81/kWh, Fio B R$ 0.25/kWh.
        const Tariff tariff{330'000, 480'000, 250'000};
        // January: 450 kWh offset = R$ 364.50; Fio B on 270 kWh = R$ 67.50; net R$ 297.00.
        MonthSavings jan = month_savings(a.months[0], tariff, TariffFlag::Green);
        EQ(jan.gross_cents, 364'50);
        EQ(jan.fio_b_cents, 67'50);
        EQ(jan.net_cents, 297'00);
        // December: 1210 kWh = R$ 980.10; Fio B on 726 kWh = R$ 181.50; net R$ 798.60.
        const MonthSavings dec = month_savings(a.months[11], tariff, TariffFlag::Green);
        EQ(dec.gross_cents, 980'10);
        EQ(dec.fio_b_cents, 181'50);
        EQ(dec.net_cents, 798'60);
        // Red flag 2 adds R$ 0.07877/kWh to what is offset: 450 × 0.88877 = R$ 399.9465 → R$ 399.95.
        jan = month_savings(a.months[0], tariff, TariffFlag::Red2);
        EQ(jan.gross_cents, 399'95);
        EQ(jan.net_cents, 399'95 - 67'50);
    }

    void credit_expires_after_60_months() {
        // 100 kWh banked in January 2026 and never used: still there in
        // January 2031's last day of use, lost at its end.
        State s = energy_state(202601);
        const AccountId alice = account(1);
        hold(s, alice, 1000, month_first_day(202601));
        add_plant(s, 1, 1000, month_start_s(202601));
        generate(s, 1, 202601, 100 * kKwh);
        const EnergyAccount a = energy_account(s, alice, 203102);
        QCOMPARE(a.months.size(), std::size_t{62});
        EQ(month_of_account(a, 202601).credit_banked_wh, 100 * kKwh);
        EQ(month_of_account(a, 203012).credit_balance_wh, 100 * kKwh);
        EQ(month_of_account(a, 203012).credit_expired_wh, 0);
        // Counted as expiring within 12 months from January 2030 on.
        EQ(month_of_account(a, 203001).credit_expiring_next_12_wh, 100 * kKwh);
        EQ(month_of_account(a, 202912).credit_expiring_next_12_wh, 0);
        EQ(month_of_account(a, 203101).credit_expired_wh, 100 * kKwh);
        EQ(month_of_account(a, 203101).credit_balance_wh, 0);
        EQ(month_of_account(a, 203102).credit_expired_wh, 0);
        QVERIFY(a.open_lots.empty());
    }

    void credit_used_oldest_first() {
        // January banks 100 kWh, February 200; March needs 150 beyond its own
        // allocation: all of January's, then 50 of February's.
        State s = energy_state(202601);
        const AccountId alice = account(1);
        hold(s, alice, 1000, month_first_day(202601));
        add_plant(s, 1, 1000, month_start_s(202601));
        generate(s, 1, 202601, 100 * kKwh);
        generate(s, 1, 202602, 200 * kKwh);
        consume(s, alice, 202603, 200 * kKwh, Connection::SinglePhase); // need 170; March makes nothing
        const EnergyAccount a = energy_account(s, alice, 202603);
        EQ(month_of_account(a, 202603).credit_used_wh, 170 * kKwh);
        QCOMPARE(a.open_lots.size(), std::size_t{1});
        EQ(a.open_lots[0].banked_month, 202602);
        EQ(a.open_lots[0].total_wh(), 130 * kKwh);
        // The January lot, used up, would have expired in 203101; February's expires after 203102.
        EQ(a.open_lots[0].last_month(), 203102);
    }

    void quota_change_mid_month() {
        // June (30 days), 30 kWh of generation: 1 kWh a day. Alice holds all
        // 1000 W until she gives Bob 500 W on the 16th: days 1-15 are hers
        // (15 kWh), days 16-30 are split evenly (7.5 kWh each).
        // Alice 22.5 kWh, Bob 7.5 kWh. July, at 50/50 all month: 15 kWh each of 30.
        State s = energy_state(202601);
        const AccountId alice = account(1);
        const AccountId bob = account(2);
        hold(s, alice, 1000, month_first_day(202601));
        hold(s, alice, 500, month_first_day(202606) + 15);
        hold(s, bob, 500, month_first_day(202606) + 15);
        const Plant& plant = add_plant(s, 1, 1000, month_start_s(202601));
        const auto june = allocate_generation(s, plant, 202606, 30 * kKwh);
        EQ(june.at(alice), 22'500);
        EQ(june.at(bob), 7'500);
        const auto july = allocate_generation(s, plant, 202607, 30 * kKwh);
        EQ(july.at(alice), 15'000);
        EQ(july.at(bob), 15'000);
        // The parts always add up to the generation, even when it does not
        // divide evenly: 31 Wh in June with the split from the 16th.
        const auto odd = allocate_generation(s, plant, 202606, 31);
        EQ(odd.at(alice) + odd.at(bob), 31);
        // Another utility's members receive nothing of a Light plant.
        hold(s, account(3), 1000, month_first_day(202601), "Enel");
        QVERIFY(allocate_generation(s, plant, 202607, 30 * kKwh).count(account(3)) == 0);
        // Before tracking began, days count at the first tracked day's quotas.
        State late = energy_state(202606);
        hold(late, alice, 1000, month_first_day(202606));
        const auto may = allocate_generation(late, plant, 202605, 31 * kKwh);
        EQ(may.at(alice), 31 * kKwh);
    }

    // A member removed and admitted again under another utility: the months
    // before keep the first utility, the months after count on the new one.
    void utility_change_keeps_earlier_months() {
        State s = energy_state(202601);
        hold(s, account(1), 1000, month_first_day(202601));
        hold(s, account(2), 1000, month_first_day(202601));
        // From March, member 1 is on Enel with 500 W (its Light quota gone with the removal).
        QuotaTrack& track = s.energy.quota_tracks[account(1)];
        track.utility_by_day[month_first_day(202603)] = "Enel";
        track.quota_w_by_day[month_first_day(202603)] = 500;
        s.members[account(1)].utility = "Enel";
        s.members[account(1)].quota_w = 500;
        const Plant& light = add_plant(s, 1, 2000, month_start_s(202601));
        const Plant& enel = add_plant(s, 2, 500, month_start_s(202601), "Enel");
        // February on Light: shared 1:1, as it was before the change.
        const auto february = allocate_generation(s, light, 202602, 200 * kKwh);
        EQ(february.at(account(1)), 100 * kKwh);
        EQ(february.at(account(2)), 100 * kKwh);
        QCOMPARE(QuotaTrack(track).utility_on_day(month_first_day(202602)), std::string("Light"));
        // March on Light: member 2 alone; on Enel: member 1 alone.
        const auto march_light = allocate_generation(s, light, 202603, 200 * kKwh);
        QCOMPARE(march_light.size(), std::size_t{1});
        EQ(march_light.at(account(2)), 200 * kKwh);
        const auto march_enel = allocate_generation(s, enel, 202603, 50 * kKwh);
        EQ(march_enel.at(account(1)), 50 * kKwh);
        // Enel's February went to nobody: member 1 was not on Enel then.
        QVERIFY(allocate_generation(s, enel, 202602, 50 * kKwh).empty());
    }

    void fio_b_years() {
        // Lei 14.300/2022, art. 27: 15 % in 2023 rising 15 points a year to 90 % in 2028.
        const std::pair<std::uint32_t, std::uint32_t> phase[] = {
            {202212, 0}, {202301, 15}, {202412, 30}, {202506, 45}, {202601, 60}, {202707, 75}, {202801, 90}, {203001, 90}};
        for (const auto& [month, percent] : phase) EQ(fio_b_percent(true, month), percent);
        // Plants protected by art. 26 keep full compensation through 2045.
        EQ(fio_b_percent(false, 202601), 0);
        EQ(fio_b_percent(false, 204512), 0);
        EQ(fio_b_percent(false, 204601), 90);
        Plant p;
        p.operating_at_s = kFioBCutoffS - 1;
        QVERIFY(!fio_b_new_regime(p));
        p.operating_at_s = kFioBCutoffS;
        QVERIFY(fio_b_new_regime(p));

        // A member of a plant started in 2022 (legacy) and one started in 2024
        // (new regime), 100 kWh of each in July 2025; 200 kWh two-phase
        // consumption: need 150, legacy first: 100 legacy + 50 new.
        // Fio B in 2025 = 45 % of 50 kWh = 22.5 kWh.
        State s = energy_state(202201);
        const AccountId alice = account(1);
        hold(s, alice, 1000, month_first_day(202201));
        add_plant(s, 1, 500, month_start_s(202206));
        add_plant(s, 2, 500, month_start_s(202403));
        generate(s, 1, 202507, 100 * kKwh);
        generate(s, 2, 202507, 100 * kKwh);
        consume(s, alice, 202507, 200 * kKwh);
        const MonthAccount m = energy_account(s, alice, 202507).months.back();
        EQ(m.allocated_wh, 200 * kKwh);
        EQ(m.allocated_new_regime_wh, 100 * kKwh);
        EQ(m.compensated_wh, 150 * kKwh);
        EQ(m.fio_b_charged_wh, 22'500);
        // The 50 kWh banked are new-regime energy.
        const EnergyAccount a = energy_account(s, alice, 202507);
        EQ(a.open_lots.at(0).new_regime_wh, 50 * kKwh);
        EQ(a.open_lots.at(0).legacy_wh, 0);
    }

    void savings_rounding_and_tariff_checks() {
        MonthAccount m;
        m.compensated_wh = 7; // 7 Wh at R$ 0.62565/kWh = R$ 0.0043796: rounds to 0
        EQ(month_savings(m, light_default_tariff(), TariffFlag::Green).gross_cents, 0);
        m.compensated_wh = 8; // R$ 0.0050052 rounds half up to R$ 0.01
        EQ(month_savings(m, light_default_tariff(), TariffFlag::Green).gross_cents, 1);
        QVERIFY(!validate_tariff(light_default_tariff()));
        QVERIFY(validate_tariff(Tariff{1, 1, 2}));
        EQ(flag_microbrl_per_kwh(TariffFlag::Green), 0);
        EQ(flag_microbrl_per_kwh(TariffFlag::Yellow), 18'850);
        EQ(flag_microbrl_per_kwh(TariffFlag::Red2), 78'770);
    }

    void rateio_three_thirds() {
        State s = energy_state(202601);
        for (std::uint8_t n = 1; n <= 3; ++n) hold(s, account(n), 1000, month_first_day(202601));
        hold(s, account(4), 0, month_first_day(202601)); // no quota: not listed
        hold(s, account(5), 500, month_first_day(202601), "Enel"); // another utility
        const std::vector<RateioEntry> list = lista_de_rateio(s, "Light");
        QCOMPARE(list.size(), std::size_t{3});
        // 10000 / 3 = 3333 r 1 each: the one hundredth left goes to the lowest address.
        EQ(list[0].share_hundredths, 3334);
        EQ(list[1].share_hundredths, 3333);
        EQ(list[2].share_hundredths, 3333);
        QCOMPARE(list[0].account, account(1));
        QCOMPARE(format_share_ptbr(list[0].share_hundredths), std::string("33,34"));
        QCOMPARE(format_share_ptbr(10000), std::string("100,00"));
        QCOMPARE(format_share_ptbr(5), std::string("0,05"));
        EQ(lista_de_rateio(s, "Enel").at(0).share_hundredths, 10000);
        QVERIFY(lista_de_rateio(s, "Cemig").empty());
    }

    void rateio_random_sums_are_exact() {
        State s = energy_state(202601);
        std::uint64_t seed = 12345;
        for (std::uint8_t n = 1; n <= 130; ++n) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            hold(s, account(n), 1 + (seed >> 33) % 100'000, month_first_day(202601));
        }
        std::uint64_t sum = 0;
        for (const RateioEntry& e : lista_de_rateio(s, "Light")) sum += e.share_hundredths;
        EQ(sum, kRateioWhole);
    }

    void rateio_csv_read_back() {
        State s = energy_state(202601);
        s.group_id[0] = 0xab;
        s.time_s = month_start_s(202603) + 86400; // 2026-03-02
        for (std::uint8_t n = 1; n <= 3; ++n) hold(s, account(n), 1000, month_first_day(202601));
        Plant& p = add_plant(s, 1, 3000, month_start_s(202602));
        p.name = "Usina Sol; Telhado"; // the separator must be quoted
        add_plant(s, 2, 60'000, month_start_s(202602), "Enel");
        const std::map<AccountId, std::string> units = {{account(1), "4101234567"}, {account(3), "4107654321"}};
        const std::string csv = lista_de_rateio_csv(s, "Light", units);

        const QStringList lines = QString::fromStdString(csv).split(QStringLiteral("\r\n"));
        QCOMPARE(lines.at(0), QString::fromUtf8("Lista de rateio;Condomínio Sol Nascente"));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("Identificador do grupo;ab00")));
        QCOMPARE(lines.at(2), QStringLiteral("Distribuidora;Light"));
        QCOMPARE(lines.at(3), QStringLiteral("Data;2026-03-02"));
        QCOMPARE(lines.at(4), QString());
        QCOMPARE(fields(lines.at(5)).at(0), QStringLiteral("Usina"));
        // Only Light's plant; its name quoted because of the ';'.
        QVERIFY(lines.at(6).startsWith(QStringLiteral("1;\"Usina Sol; Telhado\";solar fotovoltaica;3,000;")));
        QVERIFY(lines.at(6).contains(QString::fromUtf8(";microgeração;")));
        QVERIFY(lines.at(6).endsWith(QStringLiteral(";2026-02-01")));
        QCOMPARE(lines.at(7), QString());
        QCOMPARE(lines.at(8), QStringLiteral("Unidade consumidora;Membro (endereço);Cota (W);Percentual (%)"));
        QCOMPARE(fields(lines.at(9)).at(0), QStringLiteral("4101234567"));
        QCOMPARE(fields(lines.at(9)).at(1), QString::fromStdString(crypto::address(account(1))));
        QCOMPARE(fields(lines.at(9)).at(3), QStringLiteral("33,34"));
        QCOMPARE(fields(lines.at(10)).at(0), QString());
        QCOMPARE(fields(lines.at(10)).at(3), QStringLiteral("33,33"));
        QCOMPARE(fields(lines.at(11)).at(0), QStringLiteral("4107654321"));
        QCOMPARE(lines.at(12), QStringLiteral("Total;;3000;100,00"));
        QCOMPARE(lines.at(13), QString()); // the file ends with a line break
        QCOMPARE(lines.size(), 14);
        // The percentages read back add up to exactly 100,00.
        int hundredths = 0;
        for (int i = 9; i <= 11; ++i) hundredths += QString(fields(lines.at(i)).at(3)).remove(QLatin1Char(',')).toInt();
        QCOMPARE(hundredths, 10000);
    }
};

QTEST_APPLESS_MAIN(TestEnergy)
#include "test_energy.moc"
