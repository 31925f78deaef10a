// How the table models go from one snapshot to the next, on hand-made
// snapshots: which rows are removed, kept and added, with which signals, and
// that the rows shown are the snapshot's afterwards. Every model runs under
// QAbstractItemModelTester.

#include "models/event_model.h"
#include "models/member_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace models;

Q_DECLARE_METATYPE(std::vector<chain::Event>)

namespace {

chain::AccountId account(std::uint32_t n) {
    chain::AccountId id{};
    for (std::size_t i = 0; i < 4; ++i) id[i] = std::uint8_t(n >> (8 * (3 - i)));
    return id;
}

chain::Member member(std::uint32_t n, std::uint64_t quota_w = 1000) {
    chain::Member m;
    m.account = account(n);
    m.utility = "CEMIG";
    m.quota_w = quota_w;
    return m;
}

SnapshotPtr withMembers(std::vector<chain::Member> members) {
    auto s = std::make_shared<Snapshot>();
    s->members = std::move(members);
    return s;
}

std::vector<chain::Member> members(std::uint32_t first, std::uint32_t last) {
    std::vector<chain::Member> out;
    for (std::uint32_t n = first; n <= last; ++n) out.push_back(member(n));
    return out;
}

// The n-th event of a made-up history: blocks of three events each.
chain::Event historyEvent(std::uint64_t n) {
    chain::Event e;
    e.kind = chain::EventKind::VoteCast;
    e.height = 1 + n / 3;
    e.time_s = 1'700'000'000 + std::int64_t(n) * 60;
    e.actor = account(std::uint32_t(n % 7));
    e.object_id = n;
    return e;
}

std::vector<chain::Event> historyEvents(std::uint64_t first, std::uint64_t last) {
    std::vector<chain::Event> out;
    for (std::uint64_t n = first; n <= last; ++n) out.push_back(historyEvent(n));
    return out;
}

SnapshotPtr withEvents(std::vector<chain::Event> list) {
    auto s = std::make_shared<Snapshot>();
    s->events = std::move(list);
    return s;
}

std::vector<chain::AccountId> accountsShown(const MemberModel& model) {
    std::vector<chain::AccountId> out;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QByteArray bytes = model.index(row, 0).data(MemberModel::AccountRole).toByteArray();
        chain::AccountId id{};
        std::copy(bytes.begin(), bytes.end(), id.begin());
        out.push_back(id);
    }
    return out;
}

std::vector<chain::AccountId> accountsOf(const std::vector<chain::Member>& list) {
    std::vector<chain::AccountId> out;
    for (const chain::Member& m : list) out.push_back(m.account);
    return out;
}

// (first, last) of each rowsRemoved / rowsInserted signal, in order.
std::vector<std::pair<int, int>> ranges(const QSignalSpy& spy) {
    std::vector<std::pair<int, int>> out;
    for (const QList<QVariant>& call : spy) out.emplace_back(call.at(1).toInt(), call.at(2).toInt());
    return out;
}

using Ranges = std::vector<std::pair<int, int>>;

bool showsEvents(const EventModel& model, const std::vector<chain::Event>& expected) {
    if (model.rowCount() != int(expected.size())) return false;
    for (int row = 0; row < model.rowCount(); ++row) {
        const chain::Event* shown = model.eventAt(row);
        if (!shown || !(*shown == expected[std::size_t(row)])) return false;
        if (model.index(row, EventModel::HeightColumn).data().toULongLong() != expected[std::size_t(row)].height) return false;
        if (model.index(row, 0).data(EventModel::TimeRole).toLongLong() != expected[std::size_t(row)].time_s) return false;
    }
    return true;
}

// A model under QAbstractItemModelTester, showing its first snapshot, with
// spies on the signals of the next ones.
template <class Model>
struct Watched {
    explicit Watched(SnapshotPtr first) {
        model.setSnapshot(std::move(first));
        removed.clear();
        inserted.clear();
    }
    Model model;
    QAbstractItemModelTester tester{&model, QAbstractItemModelTester::FailureReportingMode::QtTest};
    QSignalSpy removed{&model, &QAbstractItemModel::rowsRemoved};
    QSignalSpy inserted{&model, &QAbstractItemModel::rowsInserted};
};

} // namespace

class TestRowModels : public QObject {
    Q_OBJECT

private slots:
    void membersGoneComeAndChange() {
        Watched<MemberModel> w(withMembers(members(1, 5)));
        MemberModel& model = w.model;
        QSignalSpy& removed = w.removed;
        QSignalSpy& inserted = w.inserted;
        std::vector<chain::Member> next{member(2), member(4, 7000), member(5), member(6), member(7)};
        model.setSnapshot(withMembers(next));
        // 3 then 1 go, bottom up; 2, 4 and 5 keep their order; 6 and 7 come in one insertion.
        QCOMPARE(ranges(removed), (Ranges{{2, 2}, {0, 0}}));
        QCOMPARE(ranges(inserted), (Ranges{{3, 4}}));
        QVERIFY(accountsShown(model) == accountsOf(next));
        QCOMPARE(model.index(model.rowOf(account(4)), 0).data(MemberModel::QuotaWRole).toULongLong(), 7000u);
        QCOMPARE(model.rowOf(account(1)), -1);
    }

    void neighboursGoInOneRemoval() {
        Watched<MemberModel> w(withMembers(members(1, 6)));
        MemberModel& model = w.model;
        QSignalSpy& removed = w.removed;
        QSignalSpy& inserted = w.inserted;
        model.setSnapshot(withMembers({member(1), member(6)}));
        QCOMPARE(ranges(removed), (Ranges{{1, 4}}));
        QVERIFY(inserted.isEmpty());
        model.setSnapshot(withMembers({}));
        QCOMPARE(ranges(removed), (Ranges{{1, 4}, {0, 1}}));
        QCOMPARE(model.rowCount(), 0);
    }

    void survivorsKeepTheirPlaceWhenTheSnapshotReorders() {
        Watched<MemberModel> w(withMembers(members(1, 3)));
        MemberModel& model = w.model;
        QSignalSpy& removed = w.removed;
        QSignalSpy& inserted = w.inserted;
        model.setSnapshot(withMembers({member(4), member(3), member(2), member(1)}));
        // Views keep their selection: nothing moves, the newcomer goes last.
        QVERIFY(removed.isEmpty());
        QCOMPARE(ranges(inserted), (Ranges{{3, 3}}));
        QVERIFY(accountsShown(model) == (std::vector<chain::AccountId>{account(1), account(2), account(3), account(4)}));
    }

    void tenThousandMembers() {
        MemberModel model;
        model.setSnapshot(withMembers(members(1, 10'000)));
        QCOMPARE(model.rowCount(), 10'000);
        // A block that admits 100 and removes the first 100.
        std::vector<chain::Member> next = members(101, 10'100);
        model.setSnapshot(withMembers(next));
        QVERIFY(accountsShown(model) == accountsOf(next));
        QCOMPARE(model.rowOf(account(100)), -1);
        QCOMPARE(model.rowOf(account(10'100)), 9'999);
    }

    void eventsDroppedFromTheTop_data() {
        QTest::addColumn<std::vector<chain::Event>>("shown");
        QTest::addColumn<std::vector<chain::Event>>("fresh");
        QTest::addColumn<int>("dropped");
        QTest::newRow("nothing shown yet") << std::vector<chain::Event>{} << historyEvents(0, 9) << 0;
        QTest::newRow("no new event") << historyEvents(0, 9) << historyEvents(0, 9) << 0;
        QTest::newRow("new events only") << historyEvents(0, 9) << historyEvents(0, 12) << 0;
        QTest::newRow("window slides") << historyEvents(0, 9) << historyEvents(3, 14) << 3;
        QTest::newRow("window slides within a block") << historyEvents(0, 9) << historyEvents(4, 14) << 4;
        QTest::newRow("more new than the window") << historyEvents(0, 9) << historyEvents(20, 29) << 10;
        QTest::newRow("no events left") << historyEvents(0, 9) << std::vector<chain::Event>{} << 10;
        QTest::newRow("history not a continuation") << historyEvents(0, 9) << historyEvents(0, 4) << 10;
        // Two equal events in one block: the rows kept must be the fresh list's first ones.
        const chain::Event a = historyEvent(0), x = historyEvent(1);
        chain::Event y = historyEvent(3);
        QTest::newRow("equal neighbours") << std::vector<chain::Event>{a, x, x} << std::vector<chain::Event>{x, x, y} << 1;
    }

    void eventsDroppedFromTheTop() {
        QFETCH(std::vector<chain::Event>, shown);
        QFETCH(std::vector<chain::Event>, fresh);
        QFETCH(int, dropped);
        QCOMPARE(int(eventsDropped(shown, fresh)), dropped);
    }

    void eventFeedSlides() {
        EventModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setSnapshot(withEvents(historyEvents(0, 9)));
        QCOMPARE(ranges(inserted), (Ranges{{0, 9}}));
        QVERIFY(showsEvents(model, historyEvents(0, 9)));

        // The next block: 3 old events fall out of the window, 2 new ones come in.
        model.setSnapshot(withEvents(historyEvents(3, 11)));
        QCOMPARE(ranges(removed), (Ranges{{0, 2}}));
        QCOMPARE(ranges(inserted), (Ranges{{0, 9}, {7, 8}}));
        QVERIFY(showsEvents(model, historyEvents(3, 11)));
        // The rows kept are told to redraw: a description can name a member whose name changed.
        QCOMPARE(changed.size(), 1);

        // A block without events moves no row.
        model.setSnapshot(withEvents(historyEvents(3, 11)));
        QCOMPARE(removed.size(), 1);
        QCOMPARE(inserted.size(), 2);
        QVERIFY(showsEvents(model, historyEvents(3, 11)));

        // More new events than the window holds: every row is replaced.
        model.setSnapshot(withEvents(historyEvents(100, 104)));
        QCOMPARE(ranges(removed), (Ranges{{0, 2}, {0, 8}}));
        QCOMPARE(ranges(inserted), (Ranges{{0, 9}, {7, 8}, {0, 4}}));
        QVERIFY(showsEvents(model, historyEvents(100, 104)));
        QVERIFY(!model.index(0, EventModel::DescriptionColumn).data().toString().isEmpty());
        QCOMPARE(model.eventAt(5), nullptr);
        QCOMPARE(model.eventAt(-1), nullptr);
    }

    void eventFeedRetranslates() {
        EventModel model;
        model.setSnapshot(withEvents(historyEvents(0, 4)));
        QSignalSpy headers(&model, &QAbstractItemModel::headerDataChanged);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.retranslate();
        QCOMPARE(headers.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(1).value<QModelIndex>().row(), 4);
    }
};

QTEST_GUILESS_MAIN(TestRowModels)
#include "test_row_models.moc"
