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

// The tariff of the hand computations: TE 0,30, TUSD 0,50, Fio B 0,20, GD III's extra 0,03.
const Tariff kTestTariff{300'000, 500'000, 200'000, 30'000};
const BillingSetup kTestBilling{kTestTariff, {}, false};

// One month of `consumption_wh` with `allocated_wh` of one class, settled alone.
MonthAccount one_month(std::uint32_t month, std::uint64_t consumption_wh, Connection connection, GdClass gd_class,
                       std::uint64_t allocated_wh, const BillingSetup& billing = kTestBilling) {
    MonthFacts f{month, true, consumption_wh, connection, {}};
    f.allocated.of(gd_class) = allocated_wh;
    return settle_account(EnergyFacts{account(1), {f}}, billing).months.at(0);
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
        // REN 1.000 art. 291: 30, 50 and 100 kWh.
        EQ(minimum_billing_wh(Connection::SinglePhase), 30 * kKwh);
        EQ(minimum_billing_wh(Connection::TwoPhase), 50 * kKwh);
        EQ(minimum_billing_wh(Connection::ThreePhase), 100 * kKwh);
        // Low income: half in the SCEE from August 2024 (sole paragraph),
        // and 80 kWh three-phase under 80 kWh of consumption from 2026 (III).
        EQ(minimum_billing_wh(Connection::ThreePhase, true, 202407, 300 * kKwh), 100 * kKwh);
        EQ(minimum_billing_wh(Connection::ThreePhase, true, 202408, 300 * kKwh), 50 * kKwh);
        EQ(minimum_billing_wh(Connection::ThreePhase, true, 202512, 70 * kKwh), 50 * kKwh);
        EQ(minimum_billing_wh(Connection::ThreePhase, true, 202601, 70 * kKwh), 40 * kKwh);
        EQ(minimum_billing_wh(Connection::ThreePhase, true, 202601, 81 * kKwh), 50 * kKwh);
        EQ(minimum_billing_wh(Connection::SinglePhase, true, 202601, 70 * kKwh), 15 * kKwh);
        EQ(minimum_billing_wh(Connection::SinglePhase, false, 202601, 70 * kKwh), 30 * kKwh);
    }

    void gd_classes() {
        // Art. 655-O/P/Q: GD I before the cutoff; GD III a non-dispatchable
        // plant above 500 kW with a beneficiary at 25 % or more; GD II the rest.
        Plant p;
        p.capacity_w = 600'000;
        p.source = PlantSource::Solar;
        p.operating_at_s = kFioBCutoffS - 1;
        QVERIFY(plant_gd_class(p, 400, 1000) == GdClass::GdI);
        p.operating_at_s = kFioBCutoffS;
        QVERIFY(plant_gd_class(p, 250, 1000) == GdClass::GdIII);
        QVERIFY(plant_gd_class(p, 249, 1000) == GdClass::GdII);
        p.capacity_w = 500'000; // not above 500 kW
        QVERIFY(plant_gd_class(p, 1000, 1000) == GdClass::GdII);
        p.capacity_w = 600'000;
        p.source = PlantSource::Hydro; // dispatchable
        QVERIFY(plant_gd_class(p, 1000, 1000) == GdClass::GdII);
        QCOMPARE(std::string(gd_class_name(GdClass::GdIII)), std::string("GD III"));
    }

    // Hand computations below use this tariff: TE R$ 0,30 + TUSD R$ 0,50 =
    // R$ 0,80/kWh; Fio B R$ 0,20, GD III's extra (40 % of a Fio A of R$ 0,05 and
    // R$ 0,01 of charges) R$ 0,03. In 2026 a
    // compensated kWh pays nothing (GD I), 60 % × 0,20 = R$ 0,12 (GD II) or
    // 0,20 + 0,03 = R$ 0,23 (GD III). Each kWh compensated
    // lowers the consumed part by 0,80, 0,68 or 0,57, and compensation stops
    // where the part reaches the minimum (art. 655-I §2º) or the consumption.
    void scee_prices() {
        EQ(scee_price_centimicrobrl_per_kwh(kTestTariff, GdClass::GdI, 202606), 0);
        EQ(scee_price_centimicrobrl_per_kwh(kTestTariff, GdClass::GdII, 202606), 12'000'000);
        EQ(scee_price_centimicrobrl_per_kwh(kTestTariff, GdClass::GdII, 202506), 9'000'000); // 45 %
        EQ(scee_price_centimicrobrl_per_kwh(kTestTariff, GdClass::GdIII, 202606), 23'000'000);
        EQ(scee_price_centimicrobrl_per_kwh(kTestTariff, GdClass::GdI, 204601), 18'000'000); // assumed 90 % after 2045
    }

    // One June 2026 month of 120 kWh with 500 kWh allocated of one class, in each connection.
    void one_month_by_class_and_connection() {
        struct Case {
            GdClass gd_class;
            Connection connection;
            std::uint64_t compensated_wh, billed_wh, full_tariff_cents, scee_cents, consumed_part_cents;
            bool capped_by_minimum;
        };
        const Case cases[] = {
            // GD I: drop 0,80, so exactly the consumption above the minimum; the bill is the minimum.
            {GdClass::GdI, Connection::SinglePhase, 90'000, 30'000, 24'00, 0, 24'00, true},
            {GdClass::GdI, Connection::TwoPhase, 70'000, 50'000, 40'00, 0, 40'00, true},
            {GdClass::GdI, Connection::ThreePhase, 20'000, 100'000, 80'00, 0, 80'00, true},
            // GD II, single-phase: (120 − 30) × 0,80 = R$ 72,00 of room; 72 / 0,68 = 105,882 kWh.
            // Billed 14,118 kWh × 0,80 = 11,2944 → 11,29; 105,882 × 0,12 = 12,70584 → 12,71; sum 24,00.
            {GdClass::GdII, Connection::SinglePhase, 105'882, 14'118, 11'29, 12'71, 24'00, true},
            // Two-phase: 56 / 0,68 = 82,352; 37,648 × 0,80 = 30,1184 → 30,12; 82,352 × 0,12 = 9,88224 → 9,88.
            {GdClass::GdII, Connection::TwoPhase, 82'352, 37'648, 30'12, 9'88, 40'00, true},
            // Three-phase: 16 / 0,68 = 23,529; 96,471 × 0,80 = 77,1768 → 77,18; 23,529 × 0,12 = 2,82348 → 2,82.
            {GdClass::GdII, Connection::ThreePhase, 23'529, 96'471, 77'18, 2'82, 80'00, true},
            // GD III, single-phase: 72 / 0,57 = 126,3 > 120: all of it; 120 × 0,23 = R$ 27,60, above the minimum.
            {GdClass::GdIII, Connection::SinglePhase, 120'000, 0, 0, 27'60, 27'60, false},
            // Two-phase: 56 / 0,57 = 98,245; 21,755 × 0,80 = 17,404 → 17,40; 98,245 × 0,23 = 22,59635 → 22,60.
            {GdClass::GdIII, Connection::TwoPhase, 98'245, 21'755, 17'40, 22'60, 40'00, true},
            // Three-phase: 16 / 0,57 = 28,070; 91,930 × 0,80 = 73,544 → 73,54; 28,070 × 0,23 = 6,4561 → 6,46.
            {GdClass::GdIII, Connection::ThreePhase, 28'070, 91'930, 73'54, 6'46, 80'00, true},
        };
        for (const Case& c : cases) {
            const MonthAccount m = one_month(202606, 120 * kKwh, c.connection, c.gd_class, 500 * kKwh);
            const QByteArray which = QByteArray(gd_class_name(c.gd_class)) + " " + connection_name(c.connection);
            QVERIFY2(m.compensated_wh == c.compensated_wh, which);
            QVERIFY2(m.billed_wh == c.billed_wh, which);
            QVERIFY2(m.full_tariff_cents == c.full_tariff_cents, which);
            QVERIFY2(m.scee_cents == c.scee_cents, which);
            QVERIFY2(m.consumed_part_cents == c.consumed_part_cents, which);
            QVERIFY2(m.capped_by_minimum == c.capped_by_minimum, which);
            QVERIFY2(!m.minimum_applies, which);
            QVERIFY2(m.offset.of(c.gd_class) == c.compensated_wh, which);
            QVERIFY2(m.credit_banked_wh == 500 * kKwh - c.compensated_wh, which);
        }
    }

    void at_and_below_the_minimum() {
        for (const GdClass gd_class : kGdClasses) {
            // At the minimum (30 kWh single-phase): nothing compensated, R$ 24,00.
            MonthAccount m = one_month(202606, 30 * kKwh, Connection::SinglePhase, gd_class, 500 * kKwh);
            EQ(m.compensated_wh, 0);
            EQ(m.consumed_part_cents, 24'00);
            QVERIFY(!m.minimum_applies);
            EQ(m.credit_banked_wh, 500 * kKwh);
            // Below it (20 kWh): nothing compensated; 16,00 at the full tariff, so the minimum, 24,00, is charged.
            m = one_month(202606, 20 * kKwh, Connection::SinglePhase, gd_class, 500 * kKwh);
            EQ(m.compensated_wh, 0);
            EQ(m.billed_wh, 20 * kKwh);
            EQ(m.full_tariff_cents, 16'00);
            EQ(m.minimum_cents, 24'00);
            EQ(m.consumed_part_cents, 24'00);
            QVERIFY(m.minimum_applies);
            QVERIFY(m.capped_by_minimum); // §2º leaves nothing to compensate
        }
        // Above the minimum but with little energy: all of it is compensated, the bill is above the minimum.
        const MonthAccount m = one_month(202606, 120 * kKwh, Connection::SinglePhase, GdClass::GdII, 10 * kKwh);
        EQ(m.compensated_wh, 10 * kKwh);
        EQ(m.consumed_part_cents, 110 * 80 + 10 * 12); // 110 × 0,80 + 10 × 0,12 = R$ 89,20
        QVERIFY(!m.capped_by_minimum);
    }

    // The example: Light's default tariff, 2026, a three-phase member
    // consuming 300 kWh with plenty of GD II energy. Room (300 − 100) × 0,62565
    // = R$ 125,13; each kWh lowers the bill by 0,62565 − 60 % × 0,175182 =
    // 0,5205408: 240,384 kWh, not the 200 of "consumption above the minimum".
    // The old rule billed 100 × 0,62565 + 200 × 0,1051092 = R$ 83,59; this
    // one the minimum, R$ 62,57 (62,565 rounded): R$ 21,02 less.
    void default_tariff_gd2_three_phase_300_kwh() {
        MonthFacts f{202606, true, 300 * kKwh, Connection::ThreePhase, {}};
        f.allocated.of(GdClass::GdII) = 400 * kKwh;
        const MonthAccount m = settle_account(EnergyFacts{account(1), {f}}, BillingSetup{}).months.at(0);
        EQ(m.compensated_wh, 240'384);
        EQ(m.credit_banked_wh, 159'616);
        EQ(m.minimum_cents, 62'57);
        EQ(m.consumed_part_cents, 62'57);
        // 59,616 kWh × 0,62565 = 37,29875 → 37,30; 240,384 × 0,1051092 = 25,26657 → 25,27; sum 62,57.
        EQ(m.full_tariff_cents, 37'30);
        EQ(m.scee_cents, 25'27);
        QVERIFY(m.capped_by_minimum);
        // A yellow flag raises the full tariff and with it the room: 200 × 0,6445 / (0,6445 − 0,1051092) = 238,973 kWh.
        BillingSetup yellow;
        yellow.flag_by_month[202606] = TariffFlag::Yellow;
        const MonthAccount y = settle_account(EnergyFacts{account(1), {f}}, yellow).months.at(0);
        EQ(y.compensated_wh, 238'973);
        QVERIFY(y.flag == TariffFlag::Yellow);
        EQ(y.minimum_cents, 64'45); // 100 × 0,64450
    }

    // Low income (art. 655-I §5º, from 2026): only the consumption above
    // 80 kWh is compensated, whatever the minimum, and the first 80 kWh are
    // free (tarifa social, art. 179 §1º I).
    void low_income() {
        BillingSetup low = kTestBilling;
        low.low_income = true;
        // Single-phase, 120 kWh, GD II: 40 kWh compensated (× 0,12 = R$ 4,80); 80 kWh billed and free; minimum 15 kWh, free.
        MonthAccount m = one_month(202606, 120 * kKwh, Connection::SinglePhase, GdClass::GdII, 500 * kKwh, low);
        EQ(m.compensated_wh, 40 * kKwh);
        EQ(m.billed_wh, 80 * kKwh);
        EQ(m.social_free_wh, 80 * kKwh);
        EQ(m.full_tariff_cents, 0);
        EQ(m.scee_cents, 4'80);
        EQ(m.minimum_billing_wh, 15 * kKwh);
        EQ(m.minimum_cents, 0);
        EQ(m.consumed_part_cents, 4'80);
        QVERIFY(m.capped_by_low_income);
        QVERIFY(!m.capped_by_minimum);
        // Three-phase, 300 kWh: 220 kWh compensated (the §2º limit would have stopped at 235 for others).
        m = one_month(202606, 300 * kKwh, Connection::ThreePhase, GdClass::GdII, 500 * kKwh, low);
        EQ(m.compensated_wh, 220 * kKwh);
        EQ(m.consumed_part_cents, 26'40); // 220 × 0,12
        // At or under 80 kWh: nothing compensated, nothing charged.
        m = one_month(202606, 80 * kKwh, Connection::ThreePhase, GdClass::GdII, 500 * kKwh, low);
        EQ(m.compensated_wh, 0);
        EQ(m.minimum_billing_wh, 40 * kKwh); // art. 291 III, halved
        EQ(m.consumed_part_cents, 0);
        QVERIFY(m.capped_by_low_income); // the energy stays as credit
        // Not enough energy: all of it is used, no cap reported.
        m = one_month(202606, 120 * kKwh, Connection::SinglePhase, GdClass::GdI, 25 * kKwh, low);
        EQ(m.compensated_wh, 25 * kKwh);
        EQ(m.full_tariff_cents, 12'00); // 95 billed, 80 free: 15 × 0,80
        QVERIFY(!m.capped_by_low_income);
        // Before 2026 the §2º limit applies, with the halved minimum from August 2024:
        // GD I single-phase in June 2025: 120 − 15 = 105 kWh.
        m = one_month(202506, 120 * kKwh, Connection::SinglePhase, GdClass::GdI, 500 * kKwh, low);
        EQ(m.compensated_wh, 105 * kKwh);
        EQ(m.social_free_wh, 0);
        EQ(m.consumed_part_cents, 12'00); // 15 × 0,80
        QVERIFY(m.capped_by_minimum);
    }

    // Alice holds 750 W and Bob 250 W of a 1 kW plant (GD I: started in
    // 2022) for all of 2026. The plant makes 40 kWh a day, so Alice gets
    // 30 kWh a day: 930 kWh in 31-day months, 900 in 30-day ones, 840 in
    // February. Two-phase: 50 kWh minimum. GD I pays nothing on compensated
    // energy, so exactly the consumption above the minimum is compensated.
    void hand_computed_year() {
        State s = energy_state(202601);
        const std::int64_t day = month_first_day(202601);
        const AccountId alice = account(1);
        const AccountId bob = account(2);
        hold(s, alice, 750, day);
        hold(s, bob, 250, day);
        add_plant(s, 1, 1000, month_start_s(202206));
        const std::uint64_t consumption_kwh[] = {500, 600, 1000, 1200, 950, 400, 1000, 980, 2000, 700, 960, 1500};
        for (std::uint32_t i = 0; i < 12; ++i) {
            const std::uint32_t month = 202601 + i;
            generate(s, 1, month, days_in_month(month) * 40 * kKwh);
            consume(s, alice, month, consumption_kwh[i] * kKwh);
        }
        // TE 0,33 + TUSD 0,48 = R$ 0,81/kWh.
        BillingSetup billing;
        billing.tariff = Tariff{330'000, 480'000, 250'000, 0};
        const EnergyAccount a = energy_account(s, alice, 202612, billing);
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
            EQ(m.allocated.of(GdClass::GdI), r.allocated * kKwh);
            EQ(m.compensated_wh, r.compensated * kKwh);
            EQ(m.credit_used_wh, r.used * kKwh);
            EQ(m.credit_banked_wh, r.banked * kKwh);
            EQ(m.credit_balance_wh, r.balance * kKwh);
            EQ(m.billed_wh, r.billed * kKwh);
            EQ(m.credit_expired_wh, 0);
            EQ(m.scee_cents, 0);
            EQ(m.consumed_part_cents, r.billed * 81); // R$ 0,81 a kWh billed
        }
        QVERIFY(a.open_lots.empty());
        // Bob's quarter: 10 kWh a day, 310 kWh in January; he records no
        // consumption, so it is all banked.
        const EnergyAccount b = energy_account(s, bob, 202601, billing);
        EQ(b.months[0].allocated_wh, 310 * kKwh);
        QVERIFY(!b.months[0].has_consumption);
        EQ(b.months[0].credit_banked_wh, 310 * kKwh);

        // January: 450 kWh offset = R$ 364,50, all of it saved (GD I).
        MonthSavings jan = month_savings(a.months[0]);
        EQ(jan.gross_cents, 364'50);
        EQ(jan.scee_cents, 0);
        EQ(jan.net_cents, 364'50);
        // December: 1210 kWh = R$ 980,10.
        EQ(month_savings(a.months[11]).net_cents, 980'10);
        // Red flag 2 adds R$ 0,07877/kWh to what is offset: 450 × 0,88877 = R$ 399,9465 → R$ 399,95.
        billing.flag_by_month[202601] = TariffFlag::Red2;
        jan = month_savings(energy_account(s, alice, 202612, billing).months[0]);
        EQ(jan.gross_cents, 399'95);
    }

    // GD II over two months: the minimum stops compensation, the rest is
    // banked, and the next month draws on it under the same limit.
    void gd2_credit_across_months() {
        MonthFacts july{202607, true, 200 * kKwh, Connection::TwoPhase, {}};
        july.allocated.of(GdClass::GdII) = 300 * kKwh;
        const MonthFacts august{202608, true, 100 * kKwh, Connection::TwoPhase, {}};
        const EnergyAccount a = settle_account(EnergyFacts{account(1), {july, august}}, kTestBilling);
        // July: (200 − 50) × 0,80 = R$ 120 of room, / 0,68 = 176,470 kWh; 123,530 banked.
        EQ(a.months[0].compensated_wh, 176'470);
        EQ(a.months[0].credit_banked_wh, 123'530);
        EQ(a.months[0].consumed_part_cents, 40'00); // 23,530 × 0,80 = 18,82 + 176,470 × 0,12 = 21,18
        // August: (100 − 50) × 0,80 = R$ 40, / 0,68 = 58,823 kWh of the July credit.
        EQ(a.months[1].credit_used_wh, 58'823);
        EQ(a.months[1].credit_balance_wh, 123'530 - 58'823);
        EQ(a.months[1].offset.of(GdClass::GdII), 58'823);
        EQ(a.months[1].consumed_part_cents, 40'00); // 41,177 × 0,80 = 32,94 + 58,823 × 0,12 = 7,06
        QCOMPARE(a.open_lots.size(), std::size_t{1});
        EQ(a.open_lots[0].energy.of(GdClass::GdII), 64'707);
    }
    void credit_expires_after_60_months() {
        // 100 kWh banked in January 2026 and never used: still there in
        // January 2031's last day of use, lost at its end.
        State s = energy_state(202601);
        const AccountId alice = account(1);
        hold(s, alice, 1000, month_first_day(202601));
        add_plant(s, 1, 1000, month_start_s(202601));
        generate(s, 1, 202601, 100 * kKwh);
        const EnergyAccount a = energy_account(s, alice, 203102, kTestBilling);
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
        add_plant(s, 1, 1000, month_start_s(202206)); // GD I: exactly the consumption above the minimum
        generate(s, 1, 202601, 100 * kKwh);
        generate(s, 1, 202602, 200 * kKwh);
        consume(s, alice, 202603, 200 * kKwh, Connection::SinglePhase); // need 170; March makes nothing
        const EnergyAccount a = energy_account(s, alice, 202603, kTestBilling);
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

        // A member of a plant started in 2022 (GD I) and one started in 2024
        // (GD II), 100 kWh of each in July 2025; 200 kWh two-phase consumption.
        // Room (200 − 50) × 0,80 = R$ 120: GD I first, 100 kWh, lowers it by
        // R$ 80; the R$ 40 left take 40 / (0,80 − 45 % × 0,20) = 56,338 kWh of GD II.
        State s = energy_state(202201);
        const AccountId alice = account(1);
        hold(s, alice, 1000, month_first_day(202201));
        add_plant(s, 1, 500, month_start_s(202206));
        add_plant(s, 2, 500, month_start_s(202403));
        generate(s, 1, 202507, 100 * kKwh);
        generate(s, 2, 202507, 100 * kKwh);
        consume(s, alice, 202507, 200 * kKwh);
        const EnergyAccount a = energy_account(s, alice, 202507, kTestBilling);
        const MonthAccount& m = a.months.back();
        EQ(m.allocated_wh, 200 * kKwh);
        EQ(m.allocated.of(GdClass::GdII), 100 * kKwh);
        EQ(m.offset.of(GdClass::GdI), 100 * kKwh);
        EQ(m.offset.of(GdClass::GdII), 56'338);
        EQ(m.compensated_wh, 156'338);
        // 43,662 × 0,80 = 34,9296 → 34,93; 56,338 × 0,09 = 5,07042 → 5,07: R$ 40,00.
        EQ(m.consumed_part_cents, 40'00);
        // The 43,662 kWh banked are GD II energy.
        EQ(a.open_lots.at(0).energy.of(GdClass::GdII), 43'662);
        EQ(a.open_lots.at(0).energy.of(GdClass::GdI), 0);
    }

    // A plant above 500 kW where each of three members holds a third (≥ 25 %): GD III.
    void gd3_from_the_ledger() {
        State s = energy_state(202601);
        for (std::uint8_t n = 1; n <= 3; ++n) hold(s, account(n), 200'000, month_first_day(202601));
        add_plant(s, 1, 600'000, month_start_s(202601));
        generate(s, 1, 202606, 1500 * kKwh);
        consume(s, account(1), 202606, 120 * kKwh, Connection::ThreePhase);
        const MonthAccount m = energy_account(s, account(1), 202606, kTestBilling).months.back();
        EQ(m.allocated.of(GdClass::GdIII), 500 * kKwh);
        EQ(m.compensated_wh, 28'070);
        // With five members of a fifth each (20 %), the same plant is GD II.
        for (std::uint8_t n = 4; n <= 5; ++n) hold(s, account(n), 200'000, month_first_day(202601));
        EQ(energy_account(s, account(1), 202606, kTestBilling).months.back().allocated.of(GdClass::GdII), 300 * kKwh);
    }

    void savings_rounding_and_tariff_checks() {
        // 7 Wh of GD I at R$ 0,62565/kWh = R$ 0,0043796: rounds to 0; 8 Wh, R$ 0,0050052, to R$ 0,01.
        MonthFacts f{202601, true, 1000 * kKwh, Connection::ThreePhase, {}};
        f.allocated.of(GdClass::GdI) = 7;
        EQ(settle_account(EnergyFacts{account(1), {f}}, BillingSetup{}).months[0].gross_savings_cents, 0);
        f.allocated.of(GdClass::GdI) = 8;
        EQ(settle_account(EnergyFacts{account(1), {f}}, BillingSetup{}).months[0].gross_savings_cents, 1);
        QVERIFY(!validate_tariff(light_default_tariff()));
        QVERIFY(!validate_tariff(kTestTariff));
        QVERIFY(validate_tariff(Tariff{1, 1, 2, 0}));
        QVERIFY(!validate_tariff(Tariff{0, 10, 5, 5}));
        QVERIFY(validate_tariff(Tariff{0, 10, 5, 6})); // Fio B + GD III's extra above the TUSD
        QVERIFY(validate_tariff(Tariff{100'000'001, 0, 0, 0}));
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
