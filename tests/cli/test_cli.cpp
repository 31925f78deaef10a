// rateio-cli end to end: real processes scripting a dev group's whole life
// with --json in a temporary data folder, checking the exact figures.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDateTime>
#include <QLockFile>
#include <QTimeZone>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int kProcessTimeout_ms = 60'000;
const QString kPassphrase = QStringLiteral("sol nascente 2026");

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void a_group_from_founding_to_trading();
    void energy_readings_account_and_lista_de_rateio();
    void passphrase_from_stdin();
    void usage_errors_exit_2();
    void normal_group_refuses_the_dev_clock();
    void a_data_dir_in_use_is_refused();
    void propose_upgrade_on_a_group_at_the_latest_version();

private:
    struct Finished {
        int exit_code = 0;
        QByteArray out, err;
        QString context; // the command and what it printed, for failure messages
    };
    // Runs rateio-cli in `data_dir` with `arguments` as given (text output
    // unless they hold --json) and returns once it ended normally.
    Finished execute(const QString& data_dir, const QStringList& arguments, const QByteArray& input = {});
    // Runs rateio-cli --json in `data_dir`, checks the exit status, and
    // returns the one JSON object it printed.
    QJsonObject run(const QString& data_dir, const QStringList& arguments, int expected_exit = 0,
                    const QByteArray& input = {});
    QJsonObject ok(const QStringList& arguments) { return run(dir_.path(), arguments); }
    QJsonObject member(const QString& wallet);

    QTemporaryDir dir_;
};

void TestCli::initTestCase() {
    QVERIFY(dir_.isValid());
    QVERIFY2(QFile::exists(RATEIO_CLI_PATH), RATEIO_CLI_PATH);
}

TestCli::Finished TestCli::execute(const QString& data_dir, const QStringList& arguments, const QByteArray& input) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (input.isEmpty()) environment.insert(QStringLiteral("RATEIO_PASSPHRASE"), kPassphrase);
    else environment.remove(QStringLiteral("RATEIO_PASSPHRASE"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RATEIO_CLI_PATH), QStringList{"--datadir", data_dir} + arguments);
    if (!process.waitForStarted(kProcessTimeout_ms)) qFatal("rateio-cli did not start");
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(kProcessTimeout_ms)) qFatal("rateio-cli did not finish");
    Finished finished{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError(), {}};
    finished.context = arguments.join(' ') + "\nstdout: " + finished.out + "\nstderr: " + finished.err;
    if (process.exitStatus() != QProcess::NormalExit) qFatal("rateio-cli %s: crashed", qPrintable(finished.context));
    return finished;
}

QJsonObject TestCli::run(const QString& data_dir, const QStringList& arguments, int expected_exit,
                         const QByteArray& input) {
    const Finished finished = execute(data_dir, QStringList{"--json"} + arguments, input);
    const QString& context = finished.context;
    if (finished.exit_code != expected_exit)
        qFatal("rateio-cli %s: exit %d, expected %d", qPrintable(context), finished.exit_code, expected_exit);
    QJsonParseError parse_error;
    const QJsonDocument document = QJsonDocument::fromJson(finished.out, &parse_error);
    if (!document.isObject()) qFatal("not one JSON object: %s", qPrintable(context));
    const QJsonObject object = document.object();
    if (object.value("ok").toBool() != (expected_exit == 0)) qFatal("\"ok\" is wrong: %s", qPrintable(context));
    return object;
}

QJsonObject TestCli::member(const QString& wallet) {
    return ok({"member", wallet}).value("member").toObject();
}

void TestCli::a_group_from_founding_to_trading() {
    // Wallets and the group.
    for (const char* name : {"alice", "bob", "carol"})
        QVERIFY(!ok({"wallet", "create", name}).value("address").toString().isEmpty());
    QCOMPARE(ok({"wallet", "list"}).value("wallets").toArray().size(), 3);
    const QJsonObject group = ok({"create-group", "--dev", "--name", "Condomínio Sol Nascente", "--wallet", "alice",
                                  "--utility", "CEMIG", "--full-name", "Alice Souza", "--consumer-unit", "123.456-7"});
    QCOMPARE(group.value("group_id").toString().size(), 64);
    QCOMPARE(group.value("address").toString(), ok({"wallet", "address", "alice"}).value("address").toString());

    // Two admissions, approved by the founder, closed by the dev clock.
    const QJsonObject bob_join = ok({"join", "--wallet", "bob", "--utility", "CEMIG", "--full-name", "Bob Lima",
                                     "--consumer-unit", "555-1"});
    const QJsonObject carol_join = ok({"join", "--wallet", "carol", "--utility", "CEMIG", "--full-name", "Carol Dias",
                                       "--consumer-unit", "777/2"});
    QCOMPARE(bob_join.value("height").toInt(), 1);
    const QString bob_vote = QString::number(bob_join.value("referendum_id").toInt());
    const QString carol_vote = QString::number(carol_join.value("referendum_id").toInt());
    QCOMPARE(ok({"applicants"}).value("applicants").toArray().size(), 2);
    ok({"vote", "--wallet", "alice", bob_vote, "yes"});
    ok({"vote", "--wallet", "alice", carol_vote, "yes"});
    QCOMPARE(ok({"referendum", bob_vote}).value("referendum").toObject().value("yes").toInt(), 1);
    ok({"advance-clock", "--days", "31"});
    QCOMPARE(ok({"referendum", bob_vote}).value("referendum").toObject().value("outcome").toString(), QString("approved"));
    QCOMPARE(ok({"summary"}).value("summary").toObject().value("member_count").toInt(), 3);

    // A plant: proposed, approved by two of three, funded in full.
    const QJsonObject proposal = ok({"propose-plant", "--wallet", "alice", "--name", "Usina Telhado", "--source", "solar",
                                     "--capacity-kw", "75", "--cost", "150000.00", "--utility", "CEMIG", "--location",
                                     "Bloco A", "--time-to-market-days", "30"});
    const QString plant = QString::number(proposal.value("plant_id").toInt());
    const QString plant_vote = QString::number(proposal.value("referendum_id").toInt());
    QCOMPARE(plant, QString("1"));
    ok({"vote", "--wallet", "alice", plant_vote, "yes"});
    ok({"vote", "--wallet", "bob", plant_vote, "yes"});
    ok({"advance-clock", "--days", "31"});
    QCOMPARE(ok({"plant", plant}).value("plant").toObject().value("status").toString(), QString("campaign"));

    const QJsonObject too_small = run(dir_.path(), {"pledge", "--wallet", "carol", plant, "50.00"}, 1);
    QCOMPARE(too_small.value("error").toObject().value("code").toInt(), 42);
    QCOMPARE(too_small.value("error").toObject().value("name").toString(), QString("bid_below_minimum"));

    ok({"pledge", "--wallet", "alice", plant, "75000.00"});
    ok({"pledge", "--wallet", "bob", plant, "50000"});
    QCOMPARE(ok({"pledge", "--wallet", "carol", plant, "25000,00"}).value("plant_status").toString(), QString("building"));
    ok({"advance-clock", "--days", "31"});

    // Quotas in exact proportion to the pledges; tokens = welcome grant + quota.
    const QJsonObject summary = ok({"summary"}).value("summary").toObject();
    QCOMPARE(summary.value("capacity_w").toInteger(), 75'000);
    QCOMPARE(summary.value("operating_plant_count").toInt(), 1);
    QCOMPARE(member("alice").value("quota_w").toInteger(), 37'500);
    QCOMPARE(member("bob").value("quota_w").toInteger(), 25'000);
    QCOMPARE(member("carol").value("quota_w").toInteger(), 12'500);
    QCOMPARE(member("alice").value("quota_percent").toString(), QString("50.00 %"));
    QCOMPARE(member("alice").value("tokens_msb").toInteger(), 38'500);
    QCOMPARE(summary.value("tokens_in_circulation_msb").toInteger(), 78'000);

    // A trade: Alice sells Bob 5 kW for 5 SEB.
    const QJsonObject offer = ok({"offer", "--wallet", "alice", "--to", "bob", "--quota-w", "5000", "--price-seb", "5",
                                  "--expires-in-days", "7"});
    ok({"accept-offer", "--wallet", "bob", QString::number(offer.value("offer_id").toInt())});
    QCOMPARE(member("alice").value("quota_w").toInteger(), 32'500);
    QCOMPARE(member("bob").value("quota_w").toInteger(), 30'000);
    QCOMPARE(member("alice").value("tokens_msb").toInteger(), 43'500);
    QCOMPARE(member("bob").value("tokens_msb").toInteger(), 21'000);

    // A gift of tokens, to an address this time.
    const QString carol_address = ok({"wallet", "address", "carol"}).value("address").toString();
    ok({"gift-tokens", "--wallet", "bob", "--to", carol_address, "--seb", "1.5"});
    QCOMPARE(member("bob").value("tokens_msb").toInteger(), 19'500);
    QCOMPARE(member("carol").value("tokens_msb").toInteger(), 15'000);
    QCOMPARE(ok({"summary"}).value("summary").toObject().value("tokens_in_circulation_msb").toInteger(), 78'000);

    // Alice's node shared the data key when her wallet was next used, so Bob reads her profile.
    const QJsonObject profile = ok({"profile", "--wallet", "bob", "alice"});
    QCOMPARE(profile.value("full_name").toString(), QString("Alice Souza"));
    QCOMPARE(profile.value("consumer_unit").toString(), QString("123.456-7"));

    const QJsonArray events = ok({"events", "--limit", "1000"}).value("events").toArray();
    QVERIFY(std::any_of(events.begin(), events.end(),
                        [](const QJsonValue& e) { return e.toObject().value("kind").toString() == "plant_operating"; }));

    // The whole chain replays from its genesis to the same height and state root.
    const QJsonObject verified = ok({"verify"});
    const QJsonObject final_summary = ok({"summary"}).value("summary").toObject();
    QVERIFY(verified.value("height").toInteger() > 10);
    QCOMPARE(verified.value("height").toInteger(), final_summary.value("height").toInteger());
    QCOMPARE(verified.value("state_root").toString(), final_summary.value("state_root").toString());
}

void TestCli::passphrase_from_stdin() {
    QTemporaryDir dir;
    const QByteArray typed = kPassphrase.toUtf8() + '\n';
    run(dir.path(), {"wallet", "create", "dora"}, 0, typed);
    run(dir.path(), {"wallet", "passwd", "dora"}, 0, typed + "a brand new one\n");
    // The old passphrase no longer opens it (the wallet is checked before the group).
    const QJsonObject refused =
        run(dir.path(), {"create-group", "--name", "G", "--wallet", "dora", "--utility", "Light", "--full-name", "Dora",
                         "--consumer-unit", "1"},
            1, typed);
    QCOMPARE(refused.value("error").toObject().value("name").toString(), QString("wallet_error"));
}

void TestCli::usage_errors_exit_2() {
    QTemporaryDir dir;
    const QJsonObject unknown = run(dir.path(), {"frobnicate"}, 2);
    QCOMPARE(unknown.value("error").toObject().value("code").toInt(), 105);
    run(dir.path(), {"vote", "--wallet", "alice", "1"}, 2);                           // missing yes|no
    run(dir.path(), {"summary", "--wallet", "alice"}, 2);                             // option of another command
    run(dir.path(), {"summary", "--no-such-option"}, 2);                              // unknown option
    const QJsonObject no_price = run(dir.path(), {"offer", "--wallet", "a", "--to", "b", "--quota-w", "1"}, 2);
    QVERIFY(no_price.value("error").toObject().value("message").toString().contains("--price-seb"));
    const QJsonObject too_precise =
        run(dir.path(), {"gift-tokens", "--wallet", "a", "--to", "b", "--seb", "1.2345"}, 2);
    QVERIFY(too_precise.value("error").toObject().value("message").toString().contains("more than 3 decimals"));
    // A well-formed command on a folder without a group fails with exit 1.
    run(dir.path(), {"summary"}, 1);
}

void TestCli::normal_group_refuses_the_dev_clock() {
    QTemporaryDir dir;
    run(dir.path(), {"wallet", "create", "erin"});
    run(dir.path(), {"create-group", "--name", "Cooperativa", "--wallet", "erin", "--utility", "Light", "--full-name",
                     "Erin Prado", "--consumer-unit", "42"});
    const QJsonObject refused = run(dir.path(), {"advance-clock", "--days", "1"}, 1);
    QCOMPARE(refused.value("error").toObject().value("code").toInt(), 100);
    QCOMPARE(refused.value("error").toObject().value("name").toString(), QString("dev_clock_refused"));
}

QTEST_GUILESS_MAIN(TestCli)
// Continues the group of a_group_from_founding_to_trading (alice 32.5 kW,
// bob 30 kW, carol 12.5 kW of one operating 75 kW plant that alice proposed,
// so she is its operator).
void TestCli::energy_readings_account_and_lista_de_rateio() {
    const QJsonObject summary = ok({"summary"}).value("summary").toObject();
    // The group's month, in Brasília time (UTC-3) as the rules count it.
    const QDateTime now = QDateTime::fromSecsSinceEpoch(summary.value("time_s").toInteger(), QTimeZone(-3 * 3600));
    const QString month = now.toString(QStringLiteral("yyyy-MM"));
    const QString next_month = now.addMonths(1).toString(QStringLiteral("yyyy-MM"));
    const QString read_on = now.toString(QStringLiteral("yyyy-MM-dd"));

    ok({"energy", "generation", "1", "--wallet", "alice", "--month", month, "--kwh", "9000"});
    ok({"energy", "consumption", "--wallet", "bob", "--month", month, "--kwh", "3000", "--read-on", read_on,
        "--connection", "three"});

    // Only the operator records generation; a month not begun is refused; bad input is a usage error.
    const QJsonObject not_operator =
        run(dir_.path(), {"energy", "generation", "1", "--wallet", "carol", "--month", month, "--kwh", "1"}, 1);
    QCOMPARE(not_operator.value("error").toObject().value("name").toString(), QString("not_plant_operator"));
    const QJsonObject not_begun =
        run(dir_.path(), {"energy", "generation", "1", "--wallet", "alice", "--month", next_month, "--kwh", "1"}, 1);
    QCOMPARE(not_begun.value("error").toObject().value("name").toString(), QString("invalid_month"));
    run(dir_.path(), {"energy", "consumption", "--wallet", "bob", "--month", "2026-13", "--kwh", "1", "--read-on",
                      read_on, "--connection", "three"}, 2);
    // A meter cannot have been read on a day still to come.
    const QString next_year = now.addYears(1).toString(QStringLiteral("yyyy-MM-dd"));
    const QJsonObject future = run(dir_.path(), {"energy", "consumption", "--wallet", "bob", "--month", month, "--kwh",
                                                 "1", "--read-on", next_year, "--connection", "three"}, 2);
    QVERIFY2(future.value("error").toObject().value("message").toString().contains(next_year + " is after today"),
             qPrintable(QJsonDocument(future).toJson()));

    // The month's 9,000 kWh are shared out to the last Wh.
    auto month_of = [&](const QString& wallet, const QStringList& billing = {}) {
        const QJsonArray months = ok(QStringList{"energy", "account", wallet, "--month", month} + billing).value("months").toArray();
        for (const QJsonValue& m : months)
            if (m.toObject().value("month").toString() == month) return m.toObject();
        return QJsonObject{};
    };
    const QJsonObject alice = month_of("alice"), bob = month_of("bob"), carol = month_of("carol");
    const qint64 allocated_bob = bob.value("allocated_wh").toInteger();
    QCOMPARE(alice.value("allocated_wh").toInteger() + allocated_bob + carol.value("allocated_wh").toInteger(),
             qint64{9'000'000});
    // Bob (about 40 %, some 3,600 kWh) consumes 3,000 kWh three-phase. The
    // plant is GD II: a compensated kWh pays at most 90 % of the Fio B
    // (R$ 0,157664 at the default tariff), so the R$ 1.814,39 above the
    // 100 kWh minimum cover all 3,000 kWh (REN 1.000 art. 655-I §2º): the bill
    // is the compensated energy's price, above the minimum.
    QVERIFY(allocated_bob > 3'000'000);
    QCOMPARE(bob.value("minimum_billing_wh").toInteger(), qint64{100'000});
    QCOMPARE(bob.value("compensated_wh").toInteger(), qint64{3'000'000});
    QCOMPARE(bob.value("offset_gd2_wh").toInteger(), qint64{3'000'000});
    QCOMPARE(bob.value("billed_wh").toInteger(), qint64{0});
    QCOMPARE(bob.value("consumed_part_cents").toInteger(), bob.value("scee_cents").toInteger());
    QVERIFY(!bob.value("minimum_applies").toBool());
    QCOMPARE(bob.value("credit_banked_wh").toInteger(), allocated_bob - 3'000'000);
    QCOMPARE(bob.value("credit_balance_wh").toInteger(), allocated_bob - 3'000'000);
    // As a low-income unit (art. 655-I §5º) only the 2,920 kWh above 80 kWh are compensated.
    const QJsonObject low = month_of("bob", {"--low-income"});
    QCOMPARE(low.value("compensated_wh").toInteger(), qint64{2'920'000});
    QVERIFY(low.value("capped_by_low_income").toBool());
    // At a tariff of its own: TE 0,50 + TUSD 0,50 with no Fio B, the compensated energy pays nothing,
    // so exactly the 2,900 kWh above the minimum are compensated and the bill is the minimum.
    const QJsonObject own = month_of("bob", {"--te", "0.5", "--tusd", "0.5", "--fio-b", "0", "--gd3-extra", "0"});
    QCOMPARE(own.value("scee_cents").toInteger(), qint64{0});
    QCOMPARE(own.value("compensated_wh").toInteger(), qint64{2'900'000});
    QCOMPARE(own.value("consumed_part_cents").toInteger(), qint64{100'00}); // 100 kWh × R$ 1,00
    // A flag raises the full tariff of the month: 100 kWh × (1,00 + 0,01885).
    const QJsonObject yellow = month_of("bob", {"--te", "0.5", "--tusd", "0.5", "--fio-b", "0", "--gd3-extra", "0",
                                                "--flag", month + "=yellow"});
    QCOMPARE(yellow.value("minimum_cents").toInteger(), qint64{101'89});
    // Bad tariffs are refused with what is wrong.
    const auto refused = [&](const QStringList& options) {
        return run(dir_.path(), QStringList{"energy", "account", "bob"} + options, 2).value("error").toObject().value("message").toString();
    };
    QCOMPARE(refused({"--fio-b", "0.9"}),
             QStringLiteral("the Fio B and GD III's extra are parts of the TUSD and together cannot exceed it"));
    QVERIFY(refused({"--te", "0,5"}).contains(QStringLiteral("--te: a price in R$ per kWh")));
    QVERIFY(refused({"--te", "0.1234567"}).contains(QStringLiteral("at most six decimals")));
    QVERIFY(refused({"--flag", "2026-13=yellow"}).contains(QStringLiteral("--flag: a month and its flag")));
    QVERIFY(refused({"--flag", month + "=purple"}).contains(QStringLiteral("--flag: a month and its flag")));

    // The lista de rateio: 43,33 + 40,00 + 16,67 = 100,00 %, with the consumer
    // units alice's wallet can read.
    const QString csv_path = QDir(dir_.path()).filePath(QStringLiteral("lista.csv"));
    const QJsonArray entries =
        ok({"lista-rateio", "--out", csv_path, "--wallet", "alice"}).value("entries").toArray();
    QStringList shares;
    for (const QJsonValue& e : entries) shares << e.toObject().value("share").toString();
    shares.sort();
    QCOMPARE(shares, (QStringList{"16,67", "40,00", "43,33"}));
    QFile csv(csv_path);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(csv.readAll());
    QVERIFY2(text.contains(QStringLiteral("123.456-7")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Total;;75000;100,00")), qPrintable(text));
}

// Another program holding the data dir (here this test process, as the
// desktop app would) makes rateio-cli refuse it rather than make blocks
// beside it; once released, the same command works.
void TestCli::a_data_dir_in_use_is_refused() {
    QTemporaryDir dir;
    run(dir.path(), {"wallet", "create", "fay"});
    run(dir.path(), {"create-group", "--name", "Grupo Ocupado", "--wallet", "fay", "--utility", "Light",
                     "--full-name", "Fay Moreira", "--consumer-unit", "0412", "--dev"});
    const QString summary_before = run(dir.path(), {"summary"}).value("summary").toObject().value("state_root").toString();
    {
        QLockFile held(QDir(dir.path()).filePath(QStringLiteral("node.lock")));
        QVERIFY(held.tryLock(0));
        const QJsonObject refused = run(dir.path(), {"summary"}, 1);
        const QString message = refused.value("error").toObject().value("message").toString();
        QVERIFY2(message.contains(QStringLiteral("in use by another Rateio program")), qPrintable(message));
    }
    const QString summary_after = run(dir.path(), {"summary"}).value("summary").toObject().value("state_root").toString();
    QCOMPARE(summary_after, summary_before);
}

// A group rateio-cli founds starts at the latest protocol version, 2, and the
// CLI cannot found one at version 1 to upgrade (the version-1 data dir of
// tests/data/format1 holds no node key, so nothing could make its blocks; the
// upgrade itself is tested in test_protocol_versions, test_upgrade and
// test_random): so propose-upgrade is refused by the rules (exit 1) with a
// message that says why, before any referendum opens, and a missing or
// garbage version is a usage error (exit 2). The summary shows the version,
// in JSON and in text.
void TestCli::propose_upgrade_on_a_group_at_the_latest_version() {
    QTemporaryDir dir;
    run(dir.path(), {"wallet", "create", "gil"});
    run(dir.path(), {"create-group", "--dev", "--name", "Grupo Versão", "--wallet", "gil", "--utility", "Light",
                     "--full-name", "Gil Barros", "--consumer-unit", "2026"});
    const QJsonObject before = run(dir.path(), {"summary"}).value("summary").toObject();
    QCOMPARE(before.value("protocol_version").toInt(), 2);
    QVERIFY(before.contains("pending_upgrade") && before.value("pending_upgrade").isNull());
    const Finished text = execute(dir.path(), {"summary"});
    QCOMPARE(text.exit_code, 0);
    QVERIFY2(text.out.contains("\n  protocol      version 2\n"), qPrintable(text.context));
    const QString ahead = QString::number(before.value("height").toInteger() + 5);

    // The version in force or an earlier one, with or without a height: not newer.
    const QString not_newer = QStringLiteral("the group already runs protocol version 2; an upgrade must name a later one");
    for (const QStringList& arguments :
         {QStringList{"2", "--at-height", ahead}, QStringList{"2"}, QStringList{"1", "--at-height", ahead}}) {
        const QJsonObject refused = run(dir.path(), QStringList{"propose-upgrade", "--wallet", "gil"} + arguments, 1);
        const QJsonObject error = refused.value("error").toObject();
        QCOMPARE(error.value("code").toInt(), 64);
        QCOMPARE(error.value("name").toString(), QStringLiteral("protocol_version_not_newer"));
        QCOMPARE(error.value("message").toString(), not_newer);
    }
    // In text, the same refusal on stderr and nothing on stdout.
    const Finished plain = execute(dir.path(), {"propose-upgrade", "2", "--at-height", ahead, "--wallet", "gil"});
    QCOMPARE(plain.exit_code, 1);
    QVERIFY2(plain.err.contains("error 64 protocol_version_not_newer: " + not_newer.toUtf8()), qPrintable(plain.context));
    QVERIFY2(plain.out.isEmpty(), qPrintable(plain.context));
    // A later version than this Rateio runs: every member must update first.
    const QJsonObject unsupported = run(dir.path(), {"propose-upgrade", "3", "--at-height", ahead, "--wallet", "gil"}, 1);
    QCOMPARE(unsupported.value("error").toObject().value("name").toString(), QStringLiteral("protocol_version_unsupported"));
    QCOMPARE(unsupported.value("error").toObject().value("message").toString(),
             QStringLiteral("this Rateio runs protocol versions 1 to 2; version 3 needs a newer Rateio on every "
                            "member's computer first"));

    // Usage errors, each with a message naming what is wrong.
    const std::pair<QStringList, QString> usage[] = {
        {{"propose-upgrade", "--wallet", "gil"}, "usage: rateio-cli propose-upgrade VERSION"},
        {{"propose-upgrade", "two", "--wallet", "gil"}, "version: 'two' is not a number"},
        {{"propose-upgrade", "0", "--wallet", "gil"}, "the protocol version must be between 1 and 4294967295"},
        {{"propose-upgrade", "-1", "--wallet", "gil"},
         "'-1' is a negative number: amounts, ids, heights and versions are 0 or more"},
        {{"propose-upgrade", "-1.5", "--wallet", "gil"},
         "'-1.5' is a negative number: amounts, ids, heights and versions are 0 or more"},
        {{"propose-upgrade", "3", "--at-height", "-20", "--wallet", "gil"}, "--at-height: the number cannot be negative"},
        {{"propose-upgrade", "3", "-x", "--wallet", "gil"}, "Unknown option 'x'"},
        {{"propose-upgrade", "4294967296", "--wallet", "gil"}, "the protocol version must be between 1 and 4294967295"},
        {{"propose-upgrade", "3", "--at-height", "soon", "--wallet", "gil"}, "--at-height: 'soon' is not a number"},
        {{"propose-upgrade", "3", "--at-height", ahead}, "missing --wallet"},
    };
    for (const auto& [arguments, message] : usage) {
        const QJsonObject error = run(dir.path(), arguments, 2).value("error").toObject();
        QCOMPARE(error.value("code").toInt(), 105);
        QVERIFY2(error.value("message").toString().startsWith(message), qPrintable(error.value("message").toString()));
    }

    // Nothing was proposed: no block, no referendum, nothing pending.
    const QJsonObject after = run(dir.path(), {"summary"}).value("summary").toObject();
    QCOMPARE(after.value("height").toInteger(), before.value("height").toInteger());
    QCOMPARE(after.value("open_referendum_count").toInt(), 0);
    QVERIFY(after.value("pending_upgrade").isNull());
    QCOMPARE(after.value("state_root").toString(), before.value("state_root").toString());
}

#include "test_cli.moc"
