// Amount parsing and formatting: exact integers, no rounding, no floating point.

#include "node/units.h"

#include <QTest>

#include <limits>

using namespace chain::units;

class TestUnits : public QObject {
    Q_OBJECT

private slots:
    void parses_kilowatts_data();
    void parses_kilowatts();
    void parses_reais_data();
    void parses_reais();
    void parses_seb_data();
    void parses_seb();
    void refuses_bad_text_data();
    void refuses_bad_text();
    void refuses_overflow();
    void parses_integers();
    void formats_amounts();
    void formats_percentages();
};

void TestUnits::parses_kilowatts_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint64>("power_w");
    QTest::newRow("whole") << "75" << quint64(75'000);
    QTest::newRow("half") << "1.5" << quint64(1'500);
    QTest::newRow("comma") << "1,5" << quint64(1'500);
    QTest::newRow("one watt") << "0.001" << quint64(1);
    QTest::newRow("five megawatts") << "5000" << quint64(5'000'000);
    QTest::newRow("zero") << "0" << quint64(0);
    QTest::newRow("spaces") << "  2.25 " << quint64(2'250);
}

void TestUnits::parses_kilowatts() {
    QFETCH(QString, text);
    QFETCH(quint64, power_w);
    const Parsed parsed = parse_kw(text.toStdString());
    QVERIFY2(parsed.ok(), parsed.error.c_str());
    QCOMPARE(*parsed.value, power_w);
}

void TestUnits::parses_reais_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint64>("amount_cents");
    QTest::newRow("plant cost") << "150000.00" << quint64(15'000'000);
    QTest::newRow("no decimals") << "100" << quint64(10'000);
    QTest::newRow("one decimal") << "0.5" << quint64(50);
    QTest::newRow("comma") << "1234,56" << quint64(123'456);
}

void TestUnits::parses_reais() {
    QFETCH(QString, text);
    QFETCH(quint64, amount_cents);
    const Parsed parsed = parse_brl(text.toStdString());
    QVERIFY2(parsed.ok(), parsed.error.c_str());
    QCOMPARE(*parsed.value, amount_cents);
}

void TestUnits::parses_seb_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<quint64>("amount_msb");
    QTest::newRow("one") << "1" << quint64(1'000);
    QTest::newRow("three decimals") << "2.125" << quint64(2'125);
    QTest::newRow("milli") << "0.001" << quint64(1);
}

void TestUnits::parses_seb() {
    QFETCH(QString, text);
    QFETCH(quint64, amount_msb);
    const Parsed parsed = parse_seb(text.toStdString());
    QVERIFY2(parsed.ok(), parsed.error.c_str());
    QCOMPARE(*parsed.value, amount_msb);
}

void TestUnits::refuses_bad_text_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("why");
    QTest::newRow("too many SEB decimals") << "1.2345" << "more than 3 decimals";
    QTest::newRow("negative") << "-1" << "negative";
    QTest::newRow("negative decimal") << "-0.5" << "negative";
    QTest::newRow("letters") << "abc" << "not a number";
    QTest::newRow("trailing letters") << "12kW" << "not a number";
    QTest::newRow("empty") << "" << "no amount";
    QTest::newRow("blank") << "   " << "no amount";
    QTest::newRow("two separators") << "1.000,5" << "not a number";
    QTest::newRow("no whole part") << ".5" << "not a number";
    QTest::newRow("no fraction") << "5." << "not a number";
    QTest::newRow("plus sign") << "+5" << "not a number";
    QTest::newRow("exponent") << "1e3" << "not a number";
}

void TestUnits::refuses_bad_text() {
    QFETCH(QString, text);
    QFETCH(QString, why);
    const Parsed parsed = parse_seb(text.toStdString());
    QVERIFY(!parsed.ok());
    QVERIFY2(QString::fromStdString(parsed.error).contains(why), parsed.error.c_str());
}

void TestUnits::refuses_overflow() {
    // 2^64 - 1 milli-SEB is the largest amount; one more does not fit.
    QCOMPARE(*parse_seb("18446744073709551.615").value, std::numeric_limits<std::uint64_t>::max());
    QVERIFY(!parse_seb("18446744073709551.616").ok());
    QVERIFY(QString::fromStdString(parse_seb("18446744073709551.616").error).contains("too large"));
    QVERIFY(!parse_kw("99999999999999999999").ok());
    QVERIFY(!parse_brl("999999999999999999").ok());
    QVERIFY(!parse_integer(std::string(80, '9')).ok());
}

void TestUnits::parses_integers() {
    QCOMPARE(*parse_integer("5000").value, quint64(5000));
    QVERIFY(!parse_integer("1.5").ok());
    QCOMPARE(QString::fromStdString(parse_integer("1.5").error), QStringLiteral("'1.5' is not a whole number"));
    QCOMPARE(QString::fromStdString(parse_integer(" 2,0 ").error), QStringLiteral("'2,0' is not a whole number"));
    QVERIFY(!parse_integer("-3").ok());
    QCOMPARE(QString::fromStdString(parse_integer("-3").error), QStringLiteral("the number cannot be negative"));
    QVERIFY(QString::fromStdString(parse_integer("1.x").error).contains("is not a number"));
}

void TestUnits::formats_amounts() {
    QCOMPARE(format_brl(123'456), std::string("R$ 1.234,56"));
    QCOMPARE(format_brl(5), std::string("R$ 0,05"));
    QCOMPARE(format_brl(15'000'000), std::string("R$ 150.000,00"));
    QCOMPARE(format_brl(100'000'000'00), std::string("R$ 100.000.000,00"));
    QCOMPARE(format_seb(1'000), std::string("1.000 SEB"));
    QCOMPARE(format_seb(1), std::string("0.001 SEB"));
    QCOMPARE(format_seb(12'345, "SOL"), std::string("12.345 SOL"));
    QCOMPARE(format_kw(75'000), std::string("75 kW"));
    QCOMPARE(format_kw(1'500), std::string("1.5 kW"));
    QCOMPARE(format_kw(1), std::string("0.001 kW"));
    QCOMPARE(format_kw(0), std::string("0 kW"));
    // What is formatted parses back to the same integer.
    for (std::uint64_t power_w : {0ull, 1ull, 999ull, 1'500ull, 37'500ull, 5'000'000ull}) {
        std::string text = format_kw(power_w);
        text.resize(text.size() - 3); // " kW"
        QCOMPARE(*parse_kw(text).value, power_w);
    }
}

void TestUnits::formats_percentages() {
    QCOMPARE(format_percent(1, 3), std::string("33.33 %"));
    QCOMPARE(format_percent(2, 3), std::string("66.67 %")); // rounded half up
    QCOMPARE(format_percent(37'500, 75'000), std::string("50.00 %"));
    QCOMPARE(format_percent(0, 0), std::string("0.00 %"));
    QCOMPARE(format_percent(75'000, 75'000), std::string("100.00 %"));
    // No overflow for parts far above what 64-bit part * 10000 could hold.
    const std::uint64_t big = std::numeric_limits<std::uint64_t>::max();
    QCOMPARE(basis_points(big / 2, big), quint64(5'000));
}

QTEST_GUILESS_MAIN(TestUnits)
#include "test_units.moc"
