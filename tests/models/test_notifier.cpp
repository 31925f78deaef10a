// Notifier: which news a new snapshot is worth, for one account. Snapshots
// are built by hand so that each rule is seen alone.

#include "models/notifier.h"

#include "ui/language.h"
#include "ui/resources.h"

#include <QTest>

using namespace models;
using Kind = Notification::Kind;

namespace {

constexpr std::int64_t kNow_s = 1'750'000'000;

chain::AccountId account(std::uint8_t seed) {
    chain::AccountId id{};
    id.fill(seed);
    return id;
}

const chain::AccountId kMe = account(1);
const chain::AccountId kOther = account(2);

Snapshot base() {
    Snapshot s;
    s.summary.name = "Cooperativa Sol";
    s.summary.height = 10;
    s.now_s = kNow_s;
    s.has_identity = true;
    s.me = kMe;
    chain::Member me;
    me.account = kMe;
    chain::Member other;
    other.account = kOther;
    s.members = {me, other};
    return s;
}

chain::Referendum openVote(std::uint64_t id, std::int64_t deadline_s) {
    chain::Referendum r;
    r.id = id;
    r.kind = chain::ReferendumKind::Admission;
    r.applicant = account(9);
    r.deadline_s = deadline_s;
    r.electorate = {kMe, kOther};
    return r;
}

chain::Plant campaign(std::uint64_t id, bool pledged) {
    chain::Plant p;
    p.id = id;
    p.name = "Usina do Morro";
    p.status = chain::PlantStatus::Campaign;
    if (pledged) p.pledges_cents[kMe] = 100'00;
    return p;
}

std::vector<Kind> kinds(const std::vector<Notification>& news) {
    std::vector<Kind> out;
    for (const Notification& n : news) out.push_back(n.kind);
    return out;
}

} // namespace

class TestNotifier : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
    }

    void aNewVoteAwaitingMeIsNewsOnce() {
        const Snapshot before = base();
        Snapshot after = base();
        after.referendums = {openVote(4, kNow_s + 20 * 86400)};
        const std::vector<Notification> news = Notifier::news(&before, after);
        QCOMPARE(kinds(news), std::vector<Kind>{Kind::NewVote});
        QCOMPARE(news[0].id, std::uint64_t{4});
        QCOMPARE(news[0].title, QStringLiteral("New vote"));
        QVERIFY(!news[0].text.isEmpty());
        // The next snapshot tells nothing new.
        QVERIFY(Notifier::news(&after, after).empty());
        // Nor once I voted.
        Snapshot voted = after;
        voted.referendums[0].ballots[kMe] = true;
        QVERIFY(Notifier::news(&before, voted).empty());
        // Nor a vote I am not in the electorate of.
        Snapshot outside = after;
        outside.referendums[0].electorate = {kOther};
        QVERIFY(Notifier::news(&before, outside).empty());
    }

    void aVoteClosingSoonIsAReminderOnce() {
        Snapshot before = base();
        before.referendums = {openVote(4, kNow_s + 3 * 86400)};
        Snapshot after = before;
        after.now_s = kNow_s + 2 * 86400; // one day left
        const std::vector<Notification> news = Notifier::news(&before, after);
        QCOMPARE(kinds(news), std::vector<Kind>{Kind::VoteClosingSoon});
        QCOMPARE(news[0].title, QStringLiteral("Vote closing soon"));
        QVERIFY(Notifier::news(&after, after).empty());
        // At start-up (no previous snapshot) only the reminders are given.
        QCOMPARE(kinds(Notifier::news(nullptr, after)), std::vector<Kind>{Kind::VoteClosingSoon});
        QVERIFY(Notifier::news(nullptr, before).empty());
    }

    void campaignResultsForMyPledgesOnly() {
        Snapshot before = base();
        before.plants = {campaign(1, true), campaign(2, true), campaign(3, false)};
        Snapshot after = before;
        after.plants[0].status = chain::PlantStatus::Building;
        after.plants[1].status = chain::PlantStatus::Failed;
        after.plants[1].pledges_cents.clear(); // released
        after.plants[2].status = chain::PlantStatus::Building;
        const std::vector<Notification> news = Notifier::news(&before, after);
        QCOMPARE(kinds(news), (std::vector<Kind>{Kind::CampaignFunded, Kind::CampaignFailed}));
        QCOMPARE(news[0].text, QStringLiteral("Usina do Morro is fully funded"));
        QCOMPARE(news[1].text, QStringLiteral("Usina do Morro did not reach its cost"));
        QVERIFY(Notifier::news(&after, after).empty());
    }

    void anIncomingOfferIsNews() {
        const Snapshot before = base();
        Snapshot after = base();
        chain::Offer incoming;
        incoming.id = 7;
        incoming.status = chain::OfferStatus::Open;
        incoming.maker = kOther;
        incoming.counterparty = kMe;
        chain::Offer mine = incoming;
        mine.id = 8;
        mine.maker = kMe;
        mine.counterparty = kOther;
        after.offers = {incoming, mine};
        const std::vector<Notification> news = Notifier::news(&before, after);
        QCOMPARE(kinds(news), std::vector<Kind>{Kind::IncomingOffer});
        QCOMPARE(news[0].id, std::uint64_t{7});
        QVERIFY(news[0].text.endsWith(QStringLiteral("made you an offer")));
    }

    void myAdmissionIsNews() {
        Snapshot before = base();
        before.members.erase(before.members.begin()); // not a member yet
        const Snapshot after = base();
        const std::vector<Notification> news = Notifier::news(&before, after);
        QCOMPARE(kinds(news), std::vector<Kind>{Kind::Admitted});
        QCOMPARE(news[0].text, QStringLiteral("The members admitted you to Cooperativa Sol."));
    }

    void aReaderIsToldNothing() {
        const Snapshot before = base();
        Snapshot after = base();
        after.referendums = {openVote(4, kNow_s + 86400)};
        after.has_identity = false;
        QVERIFY(Notifier::news(&before, after).empty());
        QVERIFY(Notifier::news(nullptr, after).empty());
    }

    void newsAreBoundedAndTranslated() {
        const Snapshot before = base();
        Snapshot after = base();
        for (std::uint64_t id = 1; id <= Notifier::kNotificationsMax + 5; ++id) after.referendums.push_back(openVote(id, kNow_s + 20 * 86400));
        QCOMPARE(Notifier::news(&before, after).size(), Notifier::kNotificationsMax);
        ui::applyLanguage(QStringLiteral("pt_BR"));
        const std::vector<Notification> news = Notifier::news(&before, after);
        ui::applyLanguage(QStringLiteral("en"));
        QCOMPARE(news[0].title, QStringLiteral("Nova votação"));
    }
};

QTEST_MAIN(TestNotifier)
#include "test_notifier.moc"
