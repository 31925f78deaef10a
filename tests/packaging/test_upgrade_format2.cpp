// Upgrades keep data: a data dir written by Rateio at commit 8214cf7, the last
// commit before protocol versions (tests/data/format2/, made by
// make_format2_datadir.sh: data format 3, protocol version 1, energy readings
// and a plant operator named by referendum), opens with the current code,
// passes the check `rateio-cli verify` makes, holds everything the old CLI
// printed (tests/data/format2/expected/), readings and event feed included,
// and moves to protocol version 2 by referendum, its members signing with the
// fixture's wallets. The shared checks are in tests/support/old_data_dir.h.

#include "../support/old_data_dir.h"
#include "rules/energy.h"

using namespace chain;

namespace {

const QString kFixtureDir = QStringLiteral(RATEIO_FORMAT2_DIR);
constexpr const char* kPassphrase = "format two passphrase";

QJsonObject expected(const QString& name) { return testing_support::expected_json(kFixtureDir, name); }

// The machine's time when the readings were recorded, so that the node's dev
// clock (this plus the offset the store keeps) reads what it read then and
// nothing falls due on opening.
LocalNode::Clock fixtureClock() {
    const QJsonObject readings = expected(QStringLiteral("readings"));
    const std::int64_t written_at_s = testing_support::json_i64(readings[QStringLiteral("dev_clock_s")]) -
                                      testing_support::json_i64(readings[QStringLiteral("dev_clock_offset_s")]);
    return [written_at_s] { return written_at_s; };
}

// "2027-04" -> 202704.
std::uint32_t monthNumber(const QString& text) { return QString(text).remove(QLatin1Char('-')).toUInt(); }

// An address as the old CLI's JSON gives it: empty for no account (an
// end-of-block effect has no actor).
QString addressText(const AccountId& account) {
    return account == AccountId{} ? QString() : QString::fromStdString(crypto::address(account));
}

} // namespace

class TestUpgradeFormat2 : public QObject {
    Q_OBJECT

private:
    testing_support::FixtureCopies fixture_{kFixtureDir};

    std::unique_ptr<LocalNode> openCopy() {
        QString error;
        std::unique_ptr<LocalNode> node = LocalNode::open(fixture_.copy(), fixtureClock(), &error);
        if (!node) qWarning("%s", qPrintable(error));
        return node;
    }

private slots:
    void initTestCase() { fixture_.check_ready(); }

    void cleanupTestCase() { fixture_.check_untouched(); }

    // Commit 8214cf7 wrote data format 3. Opening migrates it to the current
    // format; the group is at protocol version 1, so its state stays one
    // snapshot (format 4 keeps only a version-2 group's state as rows), and
    // its referendums' electorates are stored once per list (format 5), and
    // it gains an empty checkpoint table (format 6); it holds every block
    // since the genesis (format 7 only marks where a synced history starts).
    void fixtureIsFormatThree() {
        const QString copy = fixture_.copy();
        QCOMPARE(testing_support::stored_format_version(copy), QByteArray("3"));
        QCOMPARE(Store::kFormatVersion, 7);
        std::string error;
        const std::unique_ptr<Store> store = Store::open(LocalNode::store_path(copy).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        QCOMPARE(store->meta("format_version"), std::optional<std::string>(std::to_string(Store::kFormatVersion)));
        const std::optional<State> state = store->load_state(&error);
        QVERIFY2(state, error.c_str());
        QCOMPARE(state->protocol_version, kProtocolVersionLegacy);
        QCOMPARE(store->history_from_height(), std::uint64_t{1});
        QCOMPARE(store->state_root_from_rows(), std::optional<Hash256>(state::state_root_of_tables(state::Tables{})));
    }

    // What `rateio-cli verify` runs: every block from the genesis, with its
    // certificate and state root, to the height and root the old verify printed.
    void verifiesAsTheOldCliDid() {
        const std::unique_ptr<LocalNode> node = openCopy();
        QVERIFY(node);
        const Result<std::uint64_t> verified = node->verify_chain();
        QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
        const QJsonObject old = expected(QStringLiteral("verify"));
        QCOMPARE(verified.value(), testing_support::json_u64(old[QStringLiteral("height")]));
        QCOMPARE(QString::fromStdString(codec::to_hex(node->summary().state_root)), old[QStringLiteral("state_root")].toString());
        QCOMPARE(node->summary().protocol_version, kProtocolVersionLegacy);
    }

    void opensWithEverything() {
        testing_support::check_copy_opens_with_everything(kFixtureDir, fixture_.copy(), fixtureClock());
    }

    // The readings themselves: three members' consumption (Pedro's corrected
    // once), plant 1's generation recorded by Lúcia, its operator by referendum.
    void readingsAndOperatorAreKept() {
        const std::unique_ptr<LocalNode> node = openCopy();
        QVERIFY(node);
        const State state = node->committed_state();
        const std::uint32_t month = monthNumber(expected(QStringLiteral("readings"))[QStringLiteral("month")].toString());
        QVERIFY(valid_month(month));
        const QJsonArray wallets = expected(QStringLiteral("wallets"))[QStringLiteral("wallets")].toArray();
        std::map<QString, AccountId> account;
        for (const QJsonValue& w : wallets)
            account[w.toObject()[QStringLiteral("name")].toString()] = testing_support::account_of(w.toObject()[QStringLiteral("address")]);

        QVERIFY(state.energy.in_use());
        QCOMPARE(state.energy.consumption.size(), std::size_t(3));
        const ConsumptionReading& marta = state.energy.consumption.at({account.at("marta"), month});
        QCOMPARE(marta.consumption_wh, std::uint64_t(412'500));
        QCOMPARE(marta.connection, Connection::TwoPhase);
        QCOMPARE(marta.revision, 1u);
        QCOMPARE(state.energy.consumption.at({account.at("joao"), month}).consumption_wh, std::uint64_t(230'000));
        const ConsumptionReading& pedro = state.energy.consumption.at({account.at("pedro"), month});
        QCOMPARE(pedro.consumption_wh, std::uint64_t(890'000));
        QCOMPARE(pedro.connection, Connection::ThreePhase);
        QCOMPARE(pedro.revision, 2u);
        QCOMPARE(state.energy.generation.size(), std::size_t(1));
        const GenerationReading& generated = state.energy.generation.at({1, month});
        QCOMPARE(generated.generation_wh, std::uint64_t(9'100'000));
        QCOMPARE(generated.recorded_by, account.at("lucia"));
        const std::optional<Plant> plant = node->plant(1);
        QVERIFY(plant);
        QVERIFY(plant->proposer != account.at("lucia"));
        QCOMPARE(plant_operator(state, *plant), account.at("lucia"));

        // Each member's compensation account, month by month: the ledger's facts
        // (consumption, allocation) as the old CLI computed them. How much of
        // them is compensated changed on purpose with art. 655-I (docs/ENERGY.md):
        // the old CLI stopped GD II energy at the consumption above the minimum.
        for (const QString& name : {QStringLiteral("marta"), QStringLiteral("joao"), QStringLiteral("lucia"), QStringLiteral("pedro")}) {
            const QJsonArray months = expected(QStringLiteral("energy-account-") + name)[QStringLiteral("months")].toArray();
            const EnergyAccount now = energy_account(state, account.at(name), month_of(state.time_s), BillingSetup{});
            QCOMPARE(now.months.size(), std::size_t(months.size()));
            QVERIFY(!now.months.empty());
            for (std::size_t i = 0; i < now.months.size(); ++i) {
                const QJsonObject m = months[int(i)].toObject();
                const MonthAccount& a = now.months[i];
                QCOMPARE(a.month, monthNumber(m[QStringLiteral("month")].toString()));
                QCOMPARE(a.has_consumption, m[QStringLiteral("has_consumption")].toBool());
                QCOMPARE(a.consumption_wh, testing_support::json_u64(m[QStringLiteral("consumption_wh")]));
                QCOMPARE(a.allocated_wh, testing_support::json_u64(m[QStringLiteral("allocated_wh")]));
                // At least as much is compensated now, and what is not compensated is banked.
                QVERIFY(a.compensated_wh >= testing_support::json_u64(m[QStringLiteral("compensated_wh")]));
                QCOMPARE(a.compensated_wh + a.credit_banked_wh, a.allocated_wh);
            }
        }
    }

    // The event feed from the genesis on, the readings' and the operator's included.
    void eventFeedIsKept() {
        const std::unique_ptr<LocalNode> node = openCopy();
        QVERIFY(node);
        const QJsonArray events = expected(QStringLiteral("events"))[QStringLiteral("events")].toArray();
        const std::vector<Event> now = node->events_since(0, 10'000);
        QCOMPARE(now.size(), std::size_t(events.size()));
        std::map<QString, int> kinds;
        for (std::size_t i = 0; i < now.size(); ++i) {
            const QJsonObject e = events[int(i)].toObject();
            const QString kind = QString::fromLatin1(event_name(now[i].kind));
            QCOMPARE(kind, e[QStringLiteral("kind")].toString());
            ++kinds[kind];
            QCOMPARE(now[i].height, testing_support::json_u64(e[QStringLiteral("height")]));
            QCOMPARE(now[i].time_s, testing_support::json_i64(e[QStringLiteral("time_s")]));
            QCOMPARE(addressText(now[i].actor), e[QStringLiteral("actor")].toString());
            QCOMPARE(addressText(now[i].subject), e[QStringLiteral("subject")].toString());
            QCOMPARE(now[i].object_id, testing_support::json_u64(e[QStringLiteral("object_id")]));
            QCOMPARE(now[i].amount, testing_support::json_u64(e[QStringLiteral("amount")]));
            QCOMPARE(now[i].amount2, testing_support::json_u64(e[QStringLiteral("amount2")]));
            QCOMPARE(QString::fromStdString(now[i].text), e[QStringLiteral("text")].toString());
        }
        QCOMPARE(kinds[QString::fromLatin1(event_name(EventKind::ConsumptionRecorded))], 4);
        QCOMPARE(kinds[QString::fromLatin1(event_name(EventKind::GenerationRecorded))], 1);
        QCOMPARE(kinds[QString::fromLatin1(event_name(EventKind::PlantOperatorChanged))], 1);
    }

    // The group, at protocol version 1 with readings and an open referendum
    // and offer, moves to version 2 by referendum.
    void movesToVersionTwoByReferendum() {
        const QString root = expected(QStringLiteral("summary"))[QStringLiteral("summary")].toObject()[QStringLiteral("state_root")].toString();
        testing_support::move_to_version_two_by_referendum(
            {fixture_.copy(), fixtureClock(), root, {"joao", "lucia", "pedro"}, "marta", "lucia", kPassphrase});
    }
};

QTEST_GUILESS_MAIN(TestUpgradeFormat2)
#include "test_upgrade_format2.moc"
