// What a member types and what the screens say back (issue 16, points 7, 9,
// 10, 11 and 15): amounts refused with a specific reason, the consumer-unit
// number, a vote already settled by its ballots, energy at one decimal,
// plants and votes named instead of numbered, and the readings of a month.

#include "models/describe.h"
#include "../support/referendum_fixture.h"
#include "models/energy.h"
#include "models/format.h"

#include <QLocale>
#include <QTest>

using namespace models;

Q_DECLARE_METATYPE(ParsedAmount (*)(const QString&))

namespace {

using testing_support::account;

ParsedAmount brl(const QString& text) { return parseBrl(text); }
ParsedAmount kw(const QString& text) { return parseKw(text); }
ParsedAmount kwh(const QString& text) { return parseKwh(text); }
ParsedAmount tariff(const QString& text) { return parseTariff(text); }
ParsedAmount seb(const QString& text) { return parseSeb(text); }
using Parser = ParsedAmount (*)(const QString&);

chain::Referendum referendum(std::uint8_t electorate_size, std::uint8_t yes, std::uint8_t no) {
    return testing_support::referendum(140, electorate_size, yes, no);
}

} // namespace

class TestInput : public QObject {
    Q_OBJECT

private slots:
    void init() { QLocale::setDefault(QLocale(QLocale::Portuguese, QLocale::Brazil)); }
    void cleanup() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }

    // Every refusal has its own reason, and nothing that is not an amount is read as one.
    void amountsAreRefused_data() {
        QTest::addColumn<Parser>("parse");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason");
        const QString sign = QStringLiteral("without a sign");
        const QString letters = QStringLiteral("has letters");
        const QString not_amount = QStringLiteral("is not an amount");
        const QString separators = QStringLiteral("do not say where the decimals begin");
        QTest::newRow("pledge -200") << Parser(brl) << QStringLiteral("-200") << sign;
        QTest::newRow("pledge R$ -200,00") << Parser(brl) << QStringLiteral("R$ -200,00") << sign;
        QTest::newRow("pledge +200") << Parser(brl) << QStringLiteral("+200") << sign;
        QTest::newRow("pledge minus sign") << Parser(brl) << QStringLiteral("\u2212200") << sign;
        QTest::newRow("pledge 200-") << Parser(brl) << QStringLiteral("200-") << sign;
        QTest::newRow("pledge letters") << Parser(brl) << QStringLiteral("abc") << letters;
        QTest::newRow("pledge 200 reais") << Parser(brl) << QStringLiteral("200 reais") << letters;
        QTest::newRow("pledge 2e3") << Parser(brl) << QStringLiteral("2e3") << letters;
        QTest::newRow("pledge 1 234") << Parser(brl) << QStringLiteral("1 234") << not_amount;
        QTest::newRow("pledge 50%") << Parser(brl) << QStringLiteral("50%") << not_amount;
        QTest::newRow("pledge 1.2.3") << Parser(brl) << QStringLiteral("1.2.3") << separators;
        QTest::newRow("pledge 1,2.3,4") << Parser(brl) << QStringLiteral("1,2.3,4") << separators;
        QTest::newRow("pledge 12.34,5.6") << Parser(brl) << QStringLiteral("12.34,5.6") << separators;
        QTest::newRow("pledge 1..2") << Parser(brl) << QStringLiteral("1..2") << separators;
        QTest::newRow("pledge 12.34,56") << Parser(brl) << QStringLiteral("12.34,56") << separators;
        QTest::newRow("pledge 1,") << Parser(brl) << QStringLiteral("1,") << separators;
        QTest::newRow("pledge empty") << Parser(brl) << QStringLiteral("  ") << QStringLiteral("Enter an amount in R$.");
        QTest::newRow("pledge 3 decimals") << Parser(brl) << QStringLiteral("1,234") << QStringLiteral("at most two decimals");
        QTest::newRow("quota -1,5") << Parser(kw) << QStringLiteral("-1,5") << sign;
        QTest::newRow("quota 1,5 kWh") << Parser(kw) << QStringLiteral("1,5 kWh") << letters;
        QTest::newRow("quota 1.5.0 kW") << Parser(kw) << QStringLiteral("1.5.0 kW") << separators;
        QTest::newRow("reading -350") << Parser(kwh) << QStringLiteral("-350") << sign;
        QTest::newRow("reading 350 kW h") << Parser(kwh) << QStringLiteral("350 kW h") << letters;
        QTest::newRow("reading 3,5,0") << Parser(kwh) << QStringLiteral("3,5,0") << separators;
        QTest::newRow("tariff -0,33") << Parser(tariff) << QStringLiteral("-0,33") << sign;
        QTest::newRow("tariff 0,33 reais") << Parser(tariff) << QStringLiteral("0,33 reais") << letters;
        QTest::newRow("tokens +1") << Parser(seb) << QStringLiteral("+1") << sign;
        QTest::newRow("tokens 1 ABC") << Parser(seb) << QStringLiteral("1 ABC") << letters;
        QTest::newRow("tokens 1,0.0") << Parser(seb) << QStringLiteral("1,0.0") << separators;
    }
    void amountsAreRefused() {
        QFETCH(Parser, parse);
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const ParsedAmount parsed = parse(text);
        QVERIFY2(!parsed.ok(), qPrintable(QStringLiteral("read as %1").arg(parsed.value.value_or(0))));
        QVERIFY2(parsed.error.contains(reason), qPrintable(parsed.error));
    }

    void amountsAreRead_data() {
        QTest::addColumn<Parser>("parse");
        QTest::addColumn<QString>("text");
        QTest::addColumn<qulonglong>("value");
        QTest::newRow("R$ 1.234,56") << Parser(brl) << QStringLiteral("R$ 1.234,56") << 123456ull;
        QTest::newRow("1.234.567,8") << Parser(brl) << QStringLiteral("1.234.567,8") << 123456780ull;
        QTest::newRow("1,234.56 (English)") << Parser(brl) << QStringLiteral("1,234.56") << 123456ull;
        QTest::newRow("300.000 grouped") << Parser(brl) << QStringLiteral("300.000") << 30000000ull;
        QTest::newRow("500") << Parser(brl) << QStringLiteral(" 500 ") << 50000ull;
        QTest::newRow("1,2 MW") << Parser(kw) << QStringLiteral("1,2 MW") << 1200000ull;
        QTest::newRow("75,5 kW") << Parser(kw) << QStringLiteral("75,5 kW") << 75500ull;
        QTest::newRow("1.234,5 kWh") << Parser(kwh) << QStringLiteral("1.234,5 kWh") << 1234500ull;
        QTest::newRow("R$ 0,33/kWh") << Parser(tariff) << QStringLiteral("R$/kWh 0,33") << 330000ull;
        QTest::newRow("1,5 SEB") << Parser(seb) << QStringLiteral("1,5 SEB") << 1500ull;
    }
    void amountsAreRead() {
        QFETCH(Parser, parse);
        QFETCH(QString, text);
        QFETCH(qulonglong, value);
        const ParsedAmount parsed = parse(text);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(qulonglong(*parsed.value), value);
    }

    void tokensTakeTheGroupsSymbol() {
        QCOMPARE(parseSeb(QStringLiteral("2 SOL"), QStringLiteral("SOL")).value.value_or(0), 2000u);
        QVERIFY(!parseSeb(QStringLiteral("2 SOL")).ok());
    }

    void consumerUnits_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reason"); // empty: accepted
        QTest::newRow("abc-12") << QStringLiteral("abc-12") << QStringLiteral("is not a consumer-unit number");
        QTest::newRow("letters inside") << QStringLiteral("0412A45678") << QStringLiteral("is not a consumer-unit number");
        QTest::newRow("leading dash") << QStringLiteral("-04123456") << QStringLiteral("is not a consumer-unit number");
        QTest::newRow("double separator") << QStringLiteral("0412--3456") << QStringLiteral("is not a consumer-unit number");
        QTest::newRow("too short") << QStringLiteral("12") << QStringLiteral("at least 4 digits");
        QTest::newRow("bar code") << QStringLiteral("83620000000667801380074119002551100010601813")
                                  << QStringLiteral("at most 15 digits");
        QTest::newRow("empty") << QStringLiteral(" ") << QStringLiteral("Enter your consumer-unit number");
        QTest::newRow("Cemig") << QStringLiteral("3004123456") << QString();
        QTest::newRow("Energisa") << QStringLiteral("5/1234567-8") << QString();
        QTest::newRow("conta contrato") << QStringLiteral("007.012.345.678-9") << QString();
        QTest::newRow("spaces") << QStringLiteral(" 0412 345 678 ") << QString();
        QTest::newRow("cooperative") << QStringLiteral("4821") << QString();
    }
    void consumerUnits() {
        QFETCH(QString, text);
        QFETCH(QString, reason);
        const QString problem = consumerUnitProblem(text);
        if (reason.isEmpty()) QVERIFY2(problem.isEmpty(), qPrintable(problem));
        else QVERIFY2(problem.contains(reason), qPrintable(problem));
    }

    // At most one decimal: a meter reads whole kWh.
    void energyHasOneDecimalAtMost() {
        QCOMPARE(formatKwh(1'968'762), QStringLiteral("1.968,8 kWh"));
        QCOMPARE(formatKwh(350'000), QStringLiteral("350 kWh"));
        QCOMPARE(formatKwh(350'049), QStringLiteral("350 kWh"));
        QCOMPARE(formatKwh(350'050), QStringLiteral("350,1 kWh"));
        QCOMPARE(formatKwh(999'960), QStringLiteral("1.000 kWh"));
        QCOMPARE(formatKwh(0), QStringLiteral("0 kWh"));
    }

    void remainingTimeDropsZeroMinutes() {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QVERIFY(!formatRemaining(3 * 3600).contains(QStringLiteral("minute")));
    }

    // A vote the ballots already settle says so, and when the result takes effect.
    void settledVotesSaySo() {
        const chain::Referendum all_yes = referendum(5, 5, 0);
        const QString passing = Describe::standing(all_yes);
        QVERIFY2(passing.startsWith(QStringLiteral("Already decided: Yes has 5 vote")) && passing.contains(QStringLiteral("; it needed 3.")),
                 qPrintable(passing));
        QVERIFY2(passing.contains(QStringLiteral("takes effect when the vote closes on")), qPrintable(passing));
        QVERIFY2(passing.contains(QStringLiteral("members may change their vote until then")), qPrintable(passing));

        const chain::Referendum lost = referendum(5, 1, 3); // Yes can reach 2 of 3
        const QString failing = Describe::standing(lost);
        QVERIFY2(failing.startsWith(QStringLiteral("It can no longer pass: it needs 3 Yes vote")) &&
                     failing.contains(QStringLiteral(", and with 3 No, Yes can reach at most 2.")),
                 qPrintable(failing));
        QVERIFY(failing.contains(QStringLiteral("members may change their vote until then")));

        QVERIFY(Describe::standing(referendum(5, 2, 1)).isEmpty()); // still open either way

        chain::Referendum quorum = referendum(4, 3, 0);
        quorum.approval_rule = chain::ApprovalRule::MajorityOfVotesWithQuorum;
        quorum.quorum_percent = 50;
        QVERIFY2(Describe::standing(quorum).startsWith(QStringLiteral("Already decided: Yes leads 3 to 0")),
                 qPrintable(Describe::standing(quorum)));
        quorum.ballots[account(1)] = false; // 2 Yes, 1 No, one to vote: undecided
        QVERIFY(Describe::standing(quorum).isEmpty());

        chain::Referendum closed = all_yes;
        closed.outcome = chain::Outcome::Approved;
        QVERIFY(Describe::standing(closed).isEmpty());

        // The votes table's Result column says it too, not just "Open".
        QCOMPARE(Describe::resultCell(all_yes), QStringLiteral("Will pass at close"));
        QCOMPARE(Describe::resultCell(lost), QStringLiteral("Will fail at close"));
        QCOMPARE(Describe::resultCell(referendum(5, 2, 1)), Describe::outcome(chain::Outcome::Pending));
        QCOMPARE(Describe::resultCell(closed), Describe::outcome(chain::Outcome::Approved));
    }

    // Plants and votes by name; a name that begins with "Usina" is not preceded by "plant".
    void plantsAndVotesAreNamed() {
        Snapshot s;
        chain::Plant plant;
        plant.id = 8;
        plant.name = "Usina do Telhado";
        plant.capacity_w = 75'000;
        plant.cost_cents = 30'000'000;
        s.plants.push_back(plant);
        chain::Referendum vote = referendum(3, 0, 0);
        vote.kind = chain::ReferendumKind::Plant;
        vote.plant_id = 8;
        s.referendums.push_back(vote);
        QCOMPARE(Describe::referendumSubject(vote, s), QStringLiteral("Build: Usina do Telhado (75 kW, R$ 300.000,00)"));

        chain::Event operating;
        operating.kind = chain::EventKind::PlantOperating;
        operating.object_id = 8;
        QCOMPARE(Describe::eventText(operating, s), QStringLiteral("Started operating: Usina do Telhado"));
        chain::Event closed;
        closed.kind = chain::EventKind::ReferendumClosed;
        closed.object_id = 140;
        QCOMPARE(Describe::eventText(closed, s), QStringLiteral("Vote closed: Build: Usina do Telhado (75 kW, R$ 300.000,00)"));
        chain::Event generated;
        generated.kind = chain::EventKind::GenerationRecorded;
        generated.object_id = 8;
        generated.amount = 1'968'762;
        generated.amount2 = 202610;
        QVERIFY2(Describe::eventText(generated, s).startsWith(QStringLiteral("Usina do Telhado generated 1.968,8 kWh in ")),
                 qPrintable(Describe::eventText(generated, s)));
        chain::Event pledged;
        pledged.kind = chain::EventKind::PledgePlaced;
        pledged.object_id = 8;
        pledged.amount = 50'000;
        QVERIFY(Describe::eventText(pledged, s).endsWith(QStringLiteral("pledged R$ 500,00 to Usina do Telhado")));
        for (const QString& text : {Describe::eventText(operating, s), Describe::eventText(closed, s), Describe::eventText(generated, s)})
            QVERIFY2(!text.contains(QStringLiteral(" 8")) && !text.contains(QStringLiteral("140")), qPrintable(text));
        chain::Event gone = operating;
        gone.object_id = 9; // no longer in the snapshot: its number
        QCOMPARE(Describe::eventText(gone, s), QStringLiteral("Started operating: plant no. 9"));
    }

    // The readings of a month: the one in force, and every one the events hold.
    void readingsOfAMonthAreKept() {
        Snapshot s;
        s.has_identity = true;
        s.me = account(1);
        auto state = std::make_shared<chain::State>();
        chain::ConsumptionReading reading;
        reading.consumption_wh = 280'000;
        reading.recorded_at_s = 2'000;
        reading.revision = 2;
        state->energy.consumption[{s.me, 202610u}] = reading;
        s.state = state;
        auto recorded = [&](std::uint64_t wh, std::int64_t at_s, const chain::AccountId& who, std::uint64_t month) {
            chain::Event e;
            e.kind = chain::EventKind::ConsumptionRecorded;
            e.actor = who;
            e.object_id = month;
            e.amount = wh;
            e.time_s = at_s;
            s.events.push_back(e);
        };
        recorded(350'000, 1'000, s.me, 202610);
        recorded(120'000, 1'500, account(2), 202610); // someone else's
        recorded(300'000, 1'600, s.me, 202609);       // another month
        recorded(280'000, 2'000, s.me, 202610);
        QCOMPARE(currentReading(s, kMyConsumption, 202610), std::optional<RecordedReading>(RecordedReading{280'000, 2'000}));
        QVERIFY(!currentReading(s, kMyConsumption, 202611));
        const std::vector<RecordedReading> history = readingHistory(s, kMyConsumption, 202610);
        QCOMPARE(history.size(), std::size_t(2));
        QCOMPARE(history[0], (RecordedReading{350'000, 1'000}));
        QCOMPARE(history[1], (RecordedReading{280'000, 2'000}));
    }
};

QTEST_GUILESS_MAIN(TestInput)
#include "test_input.moc"
