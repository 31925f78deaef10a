// The documents a member exports — the monthly statement and the lista de
// rateio as PDF — read back with pdftotext; the member's tariff kept in the
// settings; the kWh and R$/kWh fields the energy forms parse.

#include "models/bill_check.h"
#include "models/energy.h"
#include "models/format.h"

#include "crypto/crypto.h"
#include "pdf_text.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace chain;

namespace {

AccountId account(std::uint8_t n) {
    AccountId a{};
    a[0] = n;
    return a;
}

// Three members with a third each of the quota in Light since January 2026,
// one operating plant, and a year of readings for member 1.
State threeThirds() {
    State s;
    s.group_name = "Condomínio Sol Nascente";
    s.group_id[0] = 0xcd;
    s.time_s = month_start_s(202603) + 86400;
    s.energy.params = EnergyParams{};
    s.energy.tracking = true;
    s.energy.tracking_since_day = month_first_day(202601);
    s.data_public_keys = {PublicKey{}};
    for (std::uint8_t n = 1; n <= 3; ++n) {
        Member& m = s.members[account(n)];
        m.account = account(n);
        m.utility = "Light";
        m.quota_w = 1000;
        QuotaTrack& track = s.energy.quota_tracks[account(n)];
        track.utility_by_day[month_first_day(202601)] = "Light";
        track.quota_w_by_day[month_first_day(202601)] = 1000;
    }
    Plant& plant = s.plants[1];
    plant.id = 1;
    plant.name = "Usina Telhado Bloco A";
    plant.capacity_w = 3000;
    plant.utility = "Light";
    plant.location = "Niterói, RJ";
    plant.status = PlantStatus::Operating;
    plant.operating_at_s = month_start_s(202601);
    // 900 kWh generated: 300 kWh each, GD II (the plant started in 2026).
    // Member 1 consumes 200 kWh (two-phase, 50 kWh minimum).
    s.energy.generation[{1, 202602}] = GenerationReading{900'000, account(1), 0, 1};
    s.energy.consumption[{account(1), 202602}] = ConsumptionReading{200'000, 0, Connection::TwoPhase, 0, 1};
    return s;
}

} // namespace

class TestEnergyReports : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    void lista_de_rateio_pdf_reads_back_in_portuguese() {
        const State s = threeThirds();
        const std::map<AccountId, std::string> units = {{account(1), "4101234567"}, {account(3), "4107654321"}};
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("lista.pdf"));
        QString error;
        QVERIFY(models::EnergyReports::writePdf(models::EnergyReports::listaDeRateioHtml(s, "Light", units),
                                                QStringLiteral("Lista de rateio"), path, &error));
        const QString text = test_pdf::pdfText(path);
        QVERIFY2(text.contains(QString::fromUtf8("Lista de rateio — Light")), qPrintable(text));
        QVERIFY(text.contains(QString::fromUtf8("Condomínio Sol Nascente")));
        QVERIFY(text.contains(QStringLiteral("Identificador do grupo:")));
        QVERIFY(text.contains(QStringLiteral("cd00")));
        QVERIFY(text.contains(QString::fromUtf8("Usina Telhado")));
        QVERIFY(text.contains(QString::fromUtf8("microgeração")));
        QVERIFY(text.contains(QStringLiteral("3,000 kW")));
        // Each consumer unit on the line of its own address and share: the
        // lowest address takes the hundredth left over.
        const QStringList lines = text.split(QLatin1Char('\n'));
        const auto lineOf = [&lines](const AccountId& who) {
            const QString address = QString::fromStdString(crypto::address(who));
            for (const QString& line : lines)
                if (line.contains(address)) return line;
            return QString();
        };
        QVERIFY(lineOf(account(1)).contains(QStringLiteral("4101234567")));
        QVERIFY(lineOf(account(1)).contains(QStringLiteral("33,34 %")));
        QVERIFY(lineOf(account(2)).contains(QStringLiteral("33,33 %")));
        QVERIFY(lineOf(account(3)).contains(QStringLiteral("4107654321")));
        QVERIFY(lineOf(account(3)).contains(QStringLiteral("33,33 %")));
        QVERIFY(text.contains(QStringLiteral("100,00 %")));
    }

    void statement_pdf_reads_back() {
        const State s = threeThirds();
        models::Snapshot snapshot;
        snapshot.summary.name = s.group_name;
        snapshot.summary.height = 42;
        snapshot.names[account(1)] = QStringLiteral("Marta Oliveira");
        snapshot.consumer_units[account(1)] = QStringLiteral("4101234567");
        snapshot.members = {s.members.at(account(1))};
        models::TariffSettings tariff;
        tariff.tariff = Tariff{300'000, 500'000, 200'000, 0};
        // February's bill had the yellow flag; a red January must not count in February.
        tariff.flag_by_month = {{202601, TariffFlag::Red2}, {202602, TariffFlag::Yellow}};
        const EnergyAccount energy = energy_account(s, account(1), 202602, tariff);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("statement.pdf"));
        QString error;
        QVERIFY(models::EnergyReports::writePdf(models::EnergyReports::statementHtml(snapshot, energy, 202602, tariff),
                                                QStringLiteral("Statement"), path, &error));
        const QString text = test_pdf::pdfText(path);
        QVERIFY2(text.contains(QStringLiteral("Energy statement — February 2026")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Marta Oliveira")));
        QVERIFY(text.contains(QStringLiteral("4101234567")));
        const QStringList lines = text.split(QLatin1Char('\n'));
        const auto valueOf = [&lines](const QString& what) {
            for (const QString& line : lines)
                if (line.trimmed().startsWith(what)) return line.mid(line.indexOf(what) + what.size()).trimmed();
            return QString();
        };
        QCOMPARE(valueOf(QStringLiteral("Consumption")), QStringLiteral("200 kWh"));
        QCOMPARE(valueOf(QStringLiteral("Allocated by the group's plants")), QStringLiteral("300 kWh"));
        // The full tariff is 0,30 + 0,50 + 0,01885 (yellow) = R$ 0,81885/kWh; a GD II kWh
        // pays 60 % × 0,20 = R$ 0,12 in 2026. Room above the minimum: 150 kWh × 0,81885;
        // each kWh compensated lowers the bill by 0,69885: 175,756 kWh (art. 655-I §2º),
        // shown to a tenth of a kWh.
        QCOMPARE(valueOf(QStringLiteral("Compensated with this month's allocation")), QStringLiteral("175.8 kWh"));
        QCOMPARE(valueOf(QStringLiteral("Of the energy compensated, GD II")), QStringLiteral("175.8 kWh"));
        QCOMPARE(valueOf(QStringLiteral("Credit banked")), QStringLiteral("124.2 kWh"));
        QCOMPARE(valueOf(QStringLiteral("Credit balance")), QStringLiteral("124.2 kWh"));
        QCOMPARE(valueOf(QStringLiteral("Credit expiring within 12 months")), QStringLiteral("0 kWh"));
        QCOMPARE(valueOf(QStringLiteral("Billed at the full tariff")), QStringLiteral("24.2 kWh"));
        // 24,244 × 0,81885 = 19,8522 → R$ 19,85; 175,756 × 0,12 = 21,09072 → R$ 21,09;
        // together R$ 40,94, the minimum (50 × 0,81885 = 40,9425 → R$ 40,94).
        QCOMPARE(valueOf(QStringLiteral("Energy at the full tariff")), QStringLiteral("R$ 19.85"));
        QCOMPARE(valueOf(QStringLiteral("Paid on compensated energy (Fio B and the rest of the SCEE tariff)")), QStringLiteral("R$ 21.09"));
        QCOMPARE(valueOf(QStringLiteral("Minimum billing in R$")), QStringLiteral("R$ 40.94"));
        QCOMPARE(valueOf(QStringLiteral("Expected charge for energy consumed (REN 1.000, art. 655-I)")), QStringLiteral("R$ 40.94"));
        // Savings: 175,756 × 0,81885 = 143,9178 → R$ 143,92, less R$ 21,09: R$ 122,83.
        QCOMPARE(valueOf(QStringLiteral("Estimated savings")), QStringLiteral("R$ 143.92"));
        QCOMPARE(valueOf(QStringLiteral("Estimated net savings")), QStringLiteral("R$ 122.83"));
        QVERIFY(text.contains(QStringLiteral("Compensation stopped where the bill reaches the minimum billing")));
        // The lot banked in February 2026 is usable until February 2031.
        QVERIFY(text.contains(QStringLiteral("February 2031")));
        // What happens to the credit on leaving (art. 655-M), with the balance.
        QVERIFY(text.contains(QStringLiteral("Your credit if you leave the group")));
        QVERIFY(text.contains(QStringLiteral("655-M")));
        QVERIFY(text.simplified().contains(QStringLiteral("Your banked credit, 124.2 kWh now, stays with your consumer unit")));
        // A member who left gets the same account, said in the past.
        snapshot.members.clear();
        const QString left = models::EnergyReports::statementHtml(snapshot, energy, 202602, tariff);
        QVERIFY(left.contains(QStringLiteral("You are no longer a member of the group")));
        // Read as typed: no ligature glyph stands in for "ff".
        QCOMPARE(valueOf(QStringLiteral("Tariff flag")), QStringLiteral("Yellow flag"));
        QVERIFY(!text.contains(QChar(0xfb00)));
    }

    void each_month_is_estimated_at_its_own_flag() {
        const State s = threeThirds();
        models::TariffSettings tariff;
        tariff.tariff = Tariff{300'000, 500'000, 200'000, 0};
        QCOMPARE(tariff.flag_for(202602), TariffFlag::Green); // a month nobody set was green
        const auto net_savings = [&] { return models::energyTotals(energy_account(s, account(1), 202602, tariff)).net_savings_cents; };
        const std::uint64_t green_cents = net_savings();
        // The bill stops at the minimum either way, so the savings are about
        // the 150 kWh above it at the full tariff. Green: room 150 × 0,80 =
        // R$ 120, / 0,68 = 176,470 kWh; × 0,80 = 141,18 less × 0,12 = 21,18: R$ 120,00.
        QCOMPARE(green_cents, std::uint64_t{120'00});
        // Red 2 in February: 150 × 0,87877 / 0,75877 = 173,721 kWh; × 0,87877 =
        // 152,66, less × 0,12 = 20,85: R$ 131,81 (150 × 0,87877 = 131,8155 but
        // for the Wh and centavos rounded down and half up on the way).
        tariff.flag_by_month[202602] = TariffFlag::Red2;
        QCOMPARE(net_savings(), std::uint64_t{131'81});
        // A flag for a month without compensated energy changes nothing.
        tariff.flag_by_month[202507] = TariffFlag::Red2;
        QCOMPARE(net_savings(), std::uint64_t{131'81});
    }

    void statement_of_a_month_without_data_says_so() {
        const State s = threeThirds();
        models::Snapshot snapshot;
        const EnergyAccount energy = energy_account(s, account(1), 202602, BillingSetup{});
        const QString html = models::EnergyReports::statementHtml(snapshot, energy, 202507, models::TariffSettings{});
        QVERIFY(html.contains(QStringLiteral("There is no energy data for this month.")));
    }

    void pdf_to_an_unwritable_place_is_a_clear_error() {
        QString error;
        QVERIFY(!models::EnergyReports::writePdf(QStringLiteral("<p>x</p>"), QStringLiteral("x"),
                                                 QStringLiteral("/nonexistent-folder/statement.pdf"), &error));
        QVERIFY(error.startsWith(QStringLiteral("Could not write /nonexistent-folder/statement.pdf")));
    }

    void tariff_settings_round_trip_and_reject_hand_edits() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QCOMPARE(models::loadTariffSettings(settings), models::TariffSettings{});
        models::TariffSettings mine;
        mine.tariff = Tariff{412'345, 600'000, 300'000, 40'000};
        mine.low_income = true;
        mine.flag_by_month = {{202511, TariffFlag::Yellow}, {202512, TariffFlag::Red2}};
        models::saveTariffSettings(settings, mine);
        QCOMPARE(models::loadTariffSettings(settings), mine);
        // Green months are not written: they are what a month without an entry is.
        mine.flag_by_month[202601] = TariffFlag::Green;
        models::saveTariffSettings(settings, mine);
        QVERIFY(!settings.contains(QStringLiteral("tariff/flags/202601")));
        QCOMPARE(models::loadTariffSettings(settings).flag_for(202601), TariffFlag::Green);
        QCOMPARE(models::loadTariffSettings(settings).flag_for(202512), TariffFlag::Red2);
        // A Fio B above the TUSD cannot be: the default components come back, the flags stay.
        settings.setValue(QStringLiteral("tariff/fio_b_microbrl_per_kwh"), 900'000);
        QCOMPARE(models::loadTariffSettings(settings).tariff, models::TariffSettings{}.tariff);
        QCOMPARE(models::loadTariffSettings(settings).flag_for(202512), TariffFlag::Red2);
        settings.setValue(QStringLiteral("tariff/fio_b_microbrl_per_kwh"), 300'000);
        // Hand-edited flags that are no month or no flag are skipped.
        settings.setValue(QStringLiteral("tariff/flags/202513"), QStringLiteral("red1"));
        settings.setValue(QStringLiteral("tariff/flags/march"), QStringLiteral("red1"));
        settings.setValue(QStringLiteral("tariff/flags/202510"), QStringLiteral("purple"));
        const std::map<std::uint32_t, TariffFlag> expected{{202511, TariffFlag::Yellow}, {202512, TariffFlag::Red2}};
        QCOMPARE(models::loadTariffSettings(settings).flag_by_month, expected);
        // More months than kept: the newest stay.
        for (std::uint32_t i = 0; i < models::kFlagMonthsMax + 5; ++i)
            settings.setValue(QStringLiteral("tariff/flags/%1").arg(add_months(200001, i)), QStringLiteral("yellow"));
        const models::TariffSettings many = models::loadTariffSettings(settings);
        QCOMPARE(many.flag_by_month.size(), models::kFlagMonthsMax);
        QCOMPARE(many.flag_by_month.rbegin()->first, 202512u);
    }

    // The bill check against member 1's February 2026 (threeThirds): two-phase,
    // 200 kWh consumed, 300 kWh of GD II allocated, tariff TE 0,30 + TUSD 0,50,
    // Fio B 0,20. Room above the 50 kWh minimum: 150 × 0,80 = R$ 120, / 0,68 =
    // 176,470 kWh compensated; 123,530 kWh banked; 23,530 × 0,80 = 18,82 plus
    // 176,470 × 0,12 = 21,18 is R$ 40,00, the minimum; the Fio B share paid is
    // 176,470 × 60 % × 0,20 = R$ 21,18.
    void bill_check_finds_each_difference() {
        const State s = threeThirds();
        models::TariffSettings tariff;
        tariff.tariff = Tariff{300'000, 500'000, 200'000, 0};
        const EnergyAccount energy = energy_account(s, account(1), 202602, tariff);
        models::BillFigures bill;
        bill.member = account(1);
        bill.month = 202602;
        bill.consumption_wh = 200'000;
        bill.compensated_wh = 176'000; // bills print whole kWh
        bill.credit_balance_wh = 124'000;
        bill.energy_cents = 40'00;
        bill.fio_b_cents = 21'18;
        const auto findings = [&](const models::BillFigures& b) {
            std::vector<models::BillFinding> out;
            for (const models::BillDifference& d : models::BillChecks::check(energy, b, tariff).differences) out.push_back(d.finding);
            return out;
        };
        using F = models::BillFinding;
        const models::BillCheck agrees = models::BillChecks::check(energy, bill, tariff);
        QVERIFY(agrees.agrees());
        QCOMPARE(agrees.expected_fio_b_cents, std::uint64_t{21'18});
        QCOMPARE(models::BillChecks::summary(agrees), QStringLiteral("Agrees"));

        models::BillFigures b = bill;
        b.compensated_wh = 150'000; // consumption − minimum: the GD I rule
        const models::BillCheck capped = models::BillChecks::check(energy, b, tariff);
        QCOMPARE(capped.differences.size(), std::size_t{1});
        QCOMPARE(capped.differences[0].finding, F::CompensationCappedAtKwh);
        QCOMPARE(capped.differences[0].expected, QStringLiteral("176.5 kWh"));
        QCOMPARE(capped.differences[0].billed, QStringLiteral("150 kWh"));
        QCOMPARE(capped.differences[0].article, QStringLiteral("REN 1.000, art. 655-I §2º I"));
        QVERIFY(capped.differences[0].explanation.contains(QStringLiteral("(200 kWh − 50 kWh = 150 kWh)")));
        QCOMPARE(models::BillChecks::summary(capped), QStringLiteral("1 difference(s)"));
        b.compensated_wh = 0;
        QCOMPARE(findings(b), std::vector<F>{F::CreditsNotApplied});
        b.compensated_wh = 160'000;
        QCOMPARE(findings(b), std::vector<F>{F::CompensatedTooLittle});
        b.compensated_wh = 190'000;
        QCOMPARE(findings(b), std::vector<F>{F::CompensatedTooMuch});

        b = bill;
        b.fio_b_cents = 30'00; // above 21,18 + the R$ 1,00 rounding allowance
        QCOMPARE(findings(b), std::vector<F>{F::FioBAboveShare});
        b.fio_b_cents = 22'18; // within it
        QVERIFY(findings(b).empty());
        b = bill;
        b.energy_cents = 61'00;
        QCOMPARE(findings(b), std::vector<F>{F::ChargeDiffers});
        b = bill;
        b.consumption_wh = 210'000;
        QCOMPARE(findings(b), std::vector<F>{F::ConsumptionDiffers});
        // The balance short by the whole February lot (123,530 kWh), valid to 2031: expired early.
        b = bill;
        b.credit_balance_wh = 0;
        const models::BillCheck expired = models::BillChecks::check(energy, b, tariff);
        QCOMPARE(expired.differences.size(), std::size_t{1});
        QCOMPARE(expired.differences[0].finding, F::CreditsExpiredEarly);
        QVERIFY(expired.differences[0].explanation.contains(QStringLiteral("February 2031")));
        b.credit_balance_wh = 300'000;
        QCOMPARE(findings(b), std::vector<F>{F::BalanceDiffers});
        // Optional figures left out are not compared.
        b = bill;
        b.credit_balance_wh.reset();
        b.energy_cents.reset();
        b.fio_b_cents.reset();
        QVERIFY(findings(b).empty());
        // A month without a consumption reading cannot be compared.
        b.month = 202601;
        QCOMPARE(findings(b), std::vector<F>{F::NoReading});
        QVERIFY(!models::BillChecks::check(energy, b, tariff).agrees());

        // GD I energy (a plant started in 2022) pays no Fio B until 2045.
        State legacy = threeThirds();
        legacy.plants[1].operating_at_s = month_start_s(202206);
        const EnergyAccount gd1 = energy_account(legacy, account(1), 202602, tariff);
        b = bill;
        b.compensated_wh = 150'000; // 200 − 50: all GD I can compensate
        b.credit_balance_wh = 150'000;
        b.energy_cents.reset();
        b.fio_b_cents = 5'00;
        std::vector<F> found;
        for (const models::BillDifference& d : models::BillChecks::check(gd1, b, tariff).differences) found.push_back(d.finding);
        QCOMPARE(found, std::vector<F>{F::FioBOnGdI});
    }

    void ombudsman_letter_reads_back() {
        const State s = threeThirds();
        models::Snapshot snapshot;
        snapshot.summary.name = s.group_name;
        snapshot.summary.height = 42;
        snapshot.state = std::make_shared<const State>(s);
        snapshot.names[account(1)] = QStringLiteral("Marta Oliveira");
        snapshot.consumer_units[account(1)] = QStringLiteral("4101234567");
        models::TariffSettings tariff;
        tariff.tariff = Tariff{300'000, 500'000, 200'000, 0};
        const EnergyAccount energy = energy_account(s, account(1), 202602, tariff);
        models::BillFigures bill{account(1), 202602, 200'000, 150'000, std::nullopt, std::nullopt, std::nullopt};
        const models::BillCheck check = models::BillChecks::check(energy, bill, tariff);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("letter.pdf"));
        QString error;
        QVERIFY(models::EnergyReports::writePdf(models::BillChecks::ombudsmanHtml(snapshot, check, tariff), QStringLiteral("Letter"),
                                                path, &error));
        // RATEIO_TEST_SHOTS=DIR keeps the letter to look at.
        if (const QString shots = qEnvironmentVariable("RATEIO_TEST_SHOTS"); !shots.isEmpty())
            QFile::copy(path, QDir(shots).filePath(QStringLiteral("ombudsman-letter.pdf")));
        const QString text = test_pdf::pdfText(path);
        QVERIFY2(text.contains(QStringLiteral("Bill of February 2026: differences from the")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("4101234567")));
        QVERIFY(text.contains(QStringLiteral("Marta Oliveira")));
        QVERIFY(text.contains(QStringLiteral("176.5 kWh")));
        QVERIFY(text.contains(QStringLiteral("655-I §2º I")));
        // The evidence: the consumption reading and the plant's generation with the unit's part (a third).
        QVERIFY(text.contains(QStringLiteral("Consumption of the unit (revision 1)")));
        QVERIFY(text.contains(QStringLiteral("Generation of Usina Telhado Bloco A (revision")));
        QVERIFY(text.contains(QStringLiteral("300 kWh, 33.33")));
        QVERIFY(text.contains(QStringLiteral("block 42")));
    }

    // Five Light members at 20 % each and a 600 kW solar plant started in 2026:
    // a gift that takes one of them to 25 % or more would make the plant GD III.
    void gd3_warning_before_a_beneficiary_reaches_25_percent() {
        models::Snapshot snapshot;
        for (std::uint8_t n = 1; n <= 5; ++n) {
            Member m;
            m.account = account(n);
            m.utility = "Light";
            m.quota_w = 200'000;
            snapshot.members.push_back(m);
        }
        snapshot.names[account(1)] = QStringLiteral("Marta Oliveira");
        Plant plant;
        plant.name = "Usina Solar Seropédica";
        plant.capacity_w = 600'000;
        plant.source = PlantSource::Solar;
        plant.utility = "Light";
        plant.status = PlantStatus::Operating;
        plant.operating_at_s = month_start_s(202601);
        snapshot.plants = {plant};
        // 200 + 60 = 260 kW of 1,000: 26 %.
        const QString warning = models::EnergyReports::gd3Warning(snapshot, account(1), 60'000);
        QVERIFY2(warning.startsWith(QStringLiteral("Careful: Marta Oliveira would then hold 26.00 % of the quota in Light")),
                 qPrintable(warning));
        QVERIFY(warning.contains(QStringLiteral("Usina Solar Seropédica would then be GD III")));
        QVERIFY(warning.contains(QStringLiteral("(Lei 14.300, art. 27 §1º; REN 1.000, art. 655-P)")));
        // Exactly 25 % counts; below it, nothing.
        QVERIFY(!models::EnergyReports::gd3Warning(snapshot, account(1), 50'000).isEmpty());
        QVERIFY(models::EnergyReports::gd3Warning(snapshot, account(1), 49'999).isEmpty());
        QVERIFY(models::EnergyReports::gd3Warning(snapshot, account(1), 0).isEmpty());
        // Not when the plant would not be GD III: 500 kW, dispatchable, GD I, or not yet operating.
        for (const auto& change : std::vector<std::function<void(Plant&)>>{
                 [](Plant& p) { p.capacity_w = 500'000; }, [](Plant& p) { p.source = PlantSource::Hydro; },
                 [](Plant& p) { p.operating_at_s = month_start_s(202206); }, [](Plant& p) { p.status = PlantStatus::Building; },
                 [](Plant& p) { p.utility = "Enel"; }}) {
            models::Snapshot other = snapshot;
            change(other.plants[0]);
            QVERIFY(models::EnergyReports::gd3Warning(other, account(1), 60'000).isEmpty());
        }
        // Nor for a member already at 25 % or more: the plant is GD III already.
        snapshot.members[0].quota_w = 300'000;
        QVERIFY(models::EnergyReports::gd3Warning(snapshot, account(1), 60'000).isEmpty());
    }

    void bills_round_trip_in_the_settings() {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QVERIFY(models::loadBills(settings).empty());
        const std::vector<models::BillFigures> bills{
            {account(1), 202603, 200'000, 150'000, 124'000, 40'00, std::nullopt},
            {account(2), 202602, 90'000, 0, std::nullopt, std::nullopt, 5'00}};
        models::saveBills(settings, bills);
        QCOMPARE(models::loadBills(settings), bills);
        // Hand edits that are no bill are skipped: a bad address, a bad month, a missing figure.
        settings.setValue(QStringLiteral("bills/zz_202601/consumption_wh"), 1);
        settings.setValue(QStringLiteral("bills/zz_202601/compensated_wh"), 1);
        settings.setValue(QStringLiteral("bills/%1_202613/consumption_wh").arg(QString::fromStdString(codec::to_hex(account(1)))), 1);
        settings.setValue(QStringLiteral("bills/%1_202612/consumption_wh").arg(QString::fromStdString(codec::to_hex(account(1)))), 1);
        QCOMPARE(models::loadBills(settings), bills);
    }

    void energy_and_tariff_fields_parse() {
        QCOMPARE(models::parseKwh(QStringLiteral("350")).value.value_or(0), 350'000ull);
        QCOMPARE(models::parseKwh(QStringLiteral("1,234.5 kWh")).value.value_or(0), 1'234'500ull);
        QVERIFY(!models::parseKwh(QString()).ok());
        QCOMPARE(models::parseKwh(QStringLiteral("0.0001")).error,
                 QStringLiteral("Enter an energy in kWh with at most three decimals, such as 350.5."));
        QVERIFY(!models::parseKwh(QStringLiteral("abc")).ok());
        QCOMPARE(models::parseTariff(QStringLiteral("0.33")).value.value_or(0), 330'000ull);
        QCOMPARE(models::parseTariff(QStringLiteral("R$ 0.123456")).value.value_or(0), 123'456ull);
        QVERIFY(!models::parseTariff(QStringLiteral("0.1234567")).ok());
        QLocale::setDefault(QLocale(QLocale::Portuguese, QLocale::Brazil));
        QCOMPARE(models::parseKwh(QStringLiteral("1.234,5")).value.value_or(0), 1'234'500ull);
        QCOMPARE(models::parseTariff(QStringLiteral("0,48")).value.value_or(0), 480'000ull);
        QCOMPARE(models::formatTariff(480'000), QStringLiteral("0,480000"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }
};

QTEST_MAIN(TestEnergyReports)
#include "test_energy_reports.moc"
