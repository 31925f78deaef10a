// ServeBudget (node/serve_budget.h), input by input with a clock the test
// moves: a fresh peer has the whole burst, a request it cannot pay is refused
// and takes nothing, the bucket refills at its rate up to the burst and no
// further, peers do not share a bucket, and a forgotten peer starts full.

#include "node/serve_budget.h"

#include <QTest>

#include <limits>

using namespace chain;

class TestServeBudget : public QObject {
    Q_OBJECT

private slots:
    void aFreshPeerHasTheBurst() {
        ServeBudget budget(10, 5);
        QVERIFY(budget.take(QStringLiteral("a"), 10, 0));
        QVERIFY(!budget.take(QStringLiteral("a"), 1, 0));
        QCOMPARE(budget.refused(), std::uint64_t{1});
    }

    void aRefusedRequestTakesNothing() {
        ServeBudget budget(10, 5);
        QVERIFY(budget.take(QStringLiteral("a"), 6, 0));
        QVERIFY(!budget.take(QStringLiteral("a"), 5, 0)); // 4 left
        QVERIFY(budget.take(QStringLiteral("a"), 4, 0));
        QVERIFY(!budget.take(QStringLiteral("a"), 1, 0));
    }

    void itRefillsAtItsRateUpToTheBurst() {
        ServeBudget budget(10, 5); // 5 units a second: one every 200 ms
        QVERIFY(budget.take(QStringLiteral("a"), 10, 0));
        QVERIFY(!budget.take(QStringLiteral("a"), 1, 199));
        QVERIFY(budget.take(QStringLiteral("a"), 1, 200));
        QVERIFY(!budget.take(QStringLiteral("a"), 1, 200));
        // A long idle time gives the burst back, not more.
        QVERIFY(budget.take(QStringLiteral("a"), 10, 3'600'000));
        QVERIFY(!budget.take(QStringLiteral("a"), 1, 3'600'000));
        // Years idle: no overflow, still the burst.
        QVERIFY(budget.take(QStringLiteral("a"), 10, std::numeric_limits<std::int64_t>::max()));
        QVERIFY(!budget.take(QStringLiteral("a"), 1, std::numeric_limits<std::int64_t>::max()));
        // A clock that goes back refills nothing and breaks nothing.
        QVERIFY(!budget.take(QStringLiteral("a"), 1, 0));
    }

    void peersHaveTheirOwnBuckets() {
        ServeBudget budget(4, 1);
        QVERIFY(budget.take(QStringLiteral("a"), 4, 0));
        QVERIFY(budget.take(QStringLiteral("b"), 4, 0));
        QVERIFY(!budget.take(QStringLiteral("a"), 1, 0));
        budget.forget(QStringLiteral("a")); // it left; a new connection starts full
        QVERIFY(budget.take(QStringLiteral("a"), 4, 0));
    }

    // What honest clients ask fits the default budget at once: a light
    // client's header chain and 64 entries, state sync's first chunks.
    void honestClientsFitTheDefaults() {
        ServeBudget budget;
        QVERIFY(budget.take(QStringLiteral("light"), kServeCostHeaderChain + 64 * kServeCostEntryProof, 0));
        QVERIFY(budget.take(QStringLiteral("sync"), kServeCostSnapshotOffer + kServeCostHeaderChain, 0));
        for (int chunk = 0; chunk < 100; ++chunk) QVERIFY(budget.take(QStringLiteral("sync"), kServeCostChunk, 0));
        // A flood of table proofs is not: 8 at once, then 4 a second.
        int served = 0;
        for (int i = 0; i < 100; ++i) served += budget.take(QStringLiteral("flood"), kServeCostTableProof, 0) ? 1 : 0;
        QCOMPARE(served, int(kServeBurstUnits / kServeCostTableProof));
    }
};

QTEST_APPLESS_MAIN(TestServeBudget)
#include "test_serve_budget.moc"
