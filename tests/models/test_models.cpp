// The item models over a real embedded node: each runs under
// QAbstractItemModelTester while the demo group's blocks and new
// transactions change it, and its figures agree with the ledger.

#include "models/event_model.h"
#include "models/format.h"
#include "models/member_model.h"
#include "models/node_client.h"
#include "models/offer_model.h"
#include "models/plant_model.h"
#include "models/referendum_model.h"
#include "models/summary_model.h"
#include "models/workspace.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace models;

class TestModels : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<NodeClient> client_;
    MemberModel members_;
    PlantModel plants_;
    ReferendumModel referendums_;
    OfferModel offers_;
    EventModel events_;
    SummaryModel summary_;

    void wire() {
        connect(client_.get(), &NodeClient::snapshotChanged, this, [this] {
            const SnapshotPtr s = client_->snapshot();
            members_.setSnapshot(s);
            plants_.setSnapshot(s);
            referendums_.setSnapshot(s);
            offers_.setSnapshot(s);
            events_.setSnapshot(s);
            summary_.setSnapshot(s);
        });
    }

    // Submits and waits for the outcome; returns the rejection code (0 = committed).
    int run(chain::Operation op) {
        QSignalSpy finished(client_.get(), &NodeClient::operationFinished);
        const quint64 request = client_->submit(std::move(op));
        for (int i = 0; i < 200; ++i) {
            for (const QList<QVariant>& call : finished)
                if (call.at(0).toULongLong() == request) return call.at(1).toInt();
            finished.wait(100);
        }
        return -1;
    }

private slots:
    void initTestCase() {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QFile seed(QStringLiteral(RATEIO_DEMO_SEED));
        QVERIFY(seed.open(QIODevice::ReadOnly));
        OpenedNode opened = Workspace(dir_.path()).seedDemo(seed.readAll());
        QVERIFY2(opened.node, qPrintable(opened.error));
        for (QAbstractItemModel* model : std::initializer_list<QAbstractItemModel*>{&members_, &plants_, &referendums_, &offers_, &events_})
            new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest, this);
        client_ = std::make_unique<NodeClient>(std::move(opened.node), opened.clock);
        client_->setIdentity(*opened.identity);
        wire();
        // The first snapshot (read before the identity was set) already has
        // the members; the tests below need the one read with the identity.
        QTRY_VERIFY_WITH_TIMEOUT(summary_.memberCount() >= 30 && client_->snapshot()->has_identity, 10000);
    }

    void demoHasEveryPlantState() {
        std::set<int> states;
        for (int row = 0; row < plants_.rowCount(); ++row)
            states.insert(plants_.index(row, 0).data(PlantModel::StatusRole).toInt());
        for (chain::PlantStatus status : {chain::PlantStatus::Proposed, chain::PlantStatus::Rejected, chain::PlantStatus::Campaign,
                                          chain::PlantStatus::Failed, chain::PlantStatus::Building, chain::PlantStatus::Operating})
            QVERIFY2(states.count(int(status)), qPrintable(QString::number(int(status))));
    }

    void memberQuotasAddUpToCapacity() {
        std::uint64_t total_w = 0;
        for (int row = 0; row < members_.rowCount(); ++row)
            total_w += members_.index(row, 0).data(MemberModel::QuotaWRole).toULongLong();
        QCOMPARE(total_w, summary_.capacityW());
        QVERIFY(summary_.capacityW() > 0);
        QVERIFY(summary_.myQuotaW() > 0);
    }

    void namesAreReadableByAMember() {
        const int row = members_.rowOf(client_->me());
        QVERIFY(row >= 0);
        QCOMPARE(members_.index(row, MemberModel::NameColumn).data().toString(), QStringLiteral("Marta Oliveira"));
    }

    void votesAwaitAndTallyMoves() {
        QVERIFY(summary_.votesAwaitingMe() > 0);
        int row = -1;
        for (int r = 0; r < referendums_.rowCount(); ++r)
            if (referendums_.index(r, 0).data(ReferendumModel::CanVoteRole).toBool() &&
                referendums_.index(r, 0).data(ReferendumModel::MyVoteRole).toInt() < 0) row = r;
        QVERIFY(row >= 0);
        const quint64 id = referendums_.index(row, 0).data(ReferendumModel::IdRole).toULongLong();
        const quint64 yes_before = referendums_.index(row, 0).data(ReferendumModel::YesCountRole).toULongLong();
        QCOMPARE(run(chain::CastVote{id, true}), 0);
        row = referendums_.rowOf(id);
        QCOMPARE(referendums_.index(row, 0).data(ReferendumModel::YesCountRole).toULongLong(), yes_before + 1);
        QCOMPARE(referendums_.index(row, 0).data(ReferendumModel::MyVoteRole).toInt(), 1);
    }

    void pledgeAboveMissingIsRefused() {
        int row = -1;
        for (int r = 0; r < plants_.rowCount(); ++r)
            if (plants_.index(r, 0).data(PlantModel::StatusRole).toInt() == int(chain::PlantStatus::Campaign)) row = r;
        QVERIFY(row >= 0);
        const quint64 id = plants_.index(row, 0).data(PlantModel::IdRole).toULongLong();
        const quint64 cost = plants_.index(row, 0).data(PlantModel::CostCentsRole).toULongLong();
        QCOMPARE(run(chain::PlacePledge{id, cost}), int(chain::ErrorCode::BidAboveMissing));
        const quint64 before = plants_.index(row, 0).data(PlantModel::PledgedCentsRole).toULongLong();
        QCOMPARE(run(chain::PlacePledge{id, 1000'00}), 0);
        QVERIFY(plants_.index(plants_.rowOf(id), 0).data(PlantModel::PledgedCentsRole).toULongLong() > before);
    }

    void offersAndEventsArePopulated() {
        bool incoming = false;
        for (int r = 0; r < offers_.rowCount(); ++r) incoming |= offers_.index(r, 0).data(OfferModel::IncomingRole).toBool();
        QVERIFY(incoming);
        QVERIFY(events_.rowCount() > 50);
        QVERIFY(!events_.index(0, EventModel::DescriptionColumn).data().toString().isEmpty());
    }

    void formatsAndParsesInTheLocale() {
        QLocale::setDefault(QLocale(QLocale::Portuguese, QLocale::Brazil));
        QCOMPARE(formatBrl(123456), QStringLiteral("R$ 1.234,56"));
        QCOMPARE(formatKw(1500), QStringLiteral("1,5 kW"));
        QCOMPARE(*parseBrl(QStringLiteral("1.234,56")).value, 123456u);
        QCOMPARE(*parseBrl(QStringLiteral("R$ 300.000")).value, 30000000u);
        QCOMPARE(*parseKw(QStringLiteral("1,2 MW")).value, 1200000u);
        QVERIFY(!parseBrl(QStringLiteral("12,345")).ok());
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        QCOMPARE(*parseBrl(QStringLiteral("1,234.56")).value, 123456u);
        QCOMPARE(formatSeb(1500), QStringLiteral("1.5 SEB"));
    }

    void cleanupTestCase() { client_.reset(); }
};

QTEST_GUILESS_MAIN(TestModels)
#include "test_models.moc"
