// One whole group life, driven through the rules engine with exact figures
// at every stage: founding, admissions by vote, a plant proposed, approved,
// crowdfunded with unequal pledges (largest-remainder rounding) and started;
// a trade, gifts, a member removed by referendum (quota pro rata, tokens
// burned), a data key rotation, a second plant and the removal of the first
// (quotas shrink, percentages kept), a switch to the quorum rule and votes
// under it, and validators added and removed. The invariants are checked
// after every block.

#include "group_fixture.h"

#include <QtTest>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <vector>

using namespace chain;
using namespace chain::testing;

namespace {

constexpr std::int64_t kMonth = 30 * kDay;

std::string describe(const ApplyResult& result) {
    if (result.ok()) return "accepted";
    return std::string(error_name(result.rejection->code)) + ": " + result.rejection->message;
}

QString code_of(const ApplyResult& result) {
    return QString::fromLatin1(result.ok() ? "ok" : error_name(result.rejection->code));
}

QString name_of(ErrorCode code) { return QString::fromLatin1(error_name(code)); }

// Percentage of the group capacity, as the read side shows it.
double percent(std::uint64_t quota_w, std::uint64_t capacity_w) {
    return 100.0 * static_cast<double>(quota_w) / static_cast<double>(capacity_w);
}

bool near(double a, double b, double tolerance = 1e-9) { return std::abs(a - b) <= tolerance; }

std::vector<EventKind> kinds_of(const std::vector<Event>& events) {
    std::vector<EventKind> kinds;
    for (const Event& e : events) kinds.push_back(e.kind);
    return kinds;
}

// Index of the first event at or after `from` of `kind` matching `match`; -1 if none.
template <class Match>
long find_event(const std::vector<Event>& events, EventKind kind, std::size_t from, Match match) {
    for (std::size_t i = from; i < events.size(); ++i)
        if (events[i].kind == kind && match(events[i])) return static_cast<long>(i);
    return -1;
}
long find_event(const std::vector<Event>& events, EventKind kind, std::size_t from = 0) {
    return find_event(events, kind, from, [](const Event&) { return true; });
}

// True when `expected` appears in `events` in this order (other events may lie between).
bool in_order(const std::vector<Event>& events, std::initializer_list<EventKind> expected) {
    std::size_t i = 0;
    for (EventKind kind : expected) {
        while (i < events.size() && events[i].kind != kind) ++i;
        if (i == events.size()) return false;
        ++i;
    }
    return true;
}

std::uint64_t quota_sum(const State& state) {
    std::uint64_t sum = 0;
    for (const auto& [account, member] : state.members) sum += member.quota_w;
    return sum;
}

std::uint64_t token_sum(const State& state) {
    std::uint64_t sum = 0;
    for (const auto& [account, member] : state.members) sum += member.tokens_msb;
    return sum;
}

} // namespace

// The transaction must be accepted.
#define APPLY_OK(who, op)                                                                                         \
    do {                                                                                                          \
        const ApplyResult result_ = fx.apply(who, op);                                                            \
        QVERIFY2(result_.ok(), (std::string(who) + ": " + describe(result_)).c_str());                            \
    } while (0)

// The transaction must be rejected with `code`, with no events and the state unchanged.
#define APPLY_FAIL(who, op, code)                                                                                 \
    do {                                                                                                          \
        const Hash256 root_before_ = state_root(fx.state());                                                      \
        const ApplyResult result_ = fx.apply(who, op);                                                            \
        QCOMPARE(code_of(result_), name_of(code));                                                                \
        QVERIFY(!result_.rejection->message.empty());                                                             \
        QVERIFY(result_.events.empty());                                                                          \
        QVERIFY(state_root(fx.state()) == root_before_);                                                          \
    } while (0)

// Ends a block after moving the clock, then checks every invariant.
#define BLOCK(advance)                                                                                            \
    do {                                                                                                          \
        fx.end_block(advance);                                                                                    \
        const std::vector<std::string> problems_ = check_invariants(fx.state());                                  \
        QVERIFY2(problems_.empty(),                                                                               \
                 (problems_.empty() ? std::string() : problems_.front() + " at height " +                         \
                                                          std::to_string(fx.height())).c_str());                  \
    } while (0)

class TestLife : public QObject {
    Q_OBJECT

private slots:
    void groupLife();
};

void TestLife::groupLife() {
    GroupFixture fx; // default parameters, founder of utility "Light"
    State& s = fx.state();
    const AccountId founder = fx.account("founder");
    const AccountId ana = fx.account("ana");
    const AccountId bruno = fx.account("bruno");
    const AccountId carla = fx.account("carla");
    const AccountId diego = fx.account("diego");
    const AccountId stranger = fx.account("stranger"); // never asks to join

    // --- 1. Founded ------------------------------------------------------------
    QVERIFY(check_invariants(s).empty());
    QCOMPARE(s.members.size(), std::size_t(1));
    QCOMPARE(fx.member("founder")->utility, std::string("Light"));
    QCOMPARE(fx.member("founder")->tokens_msb, std::uint64_t(1000));
    QCOMPARE(fx.member("founder")->quota_w, std::uint64_t(0));
    QCOMPARE(fx.member("founder")->key_epoch, std::uint32_t(0));
    QCOMPARE(s.capacity_w, std::uint64_t(0));
    QCOMPARE(s.tokens_issued_msb, std::uint64_t(1000));
    QCOMPARE(s.tokens_burned_msb, std::uint64_t(0));
    QCOMPARE(s.validators.size(), std::size_t(1));
    QCOMPARE(s.data_key_epoch(), std::uint32_t(0));
    QVERIFY(s.params == GroupParams{});
    QVERIFY(kinds_of(fx.events()) ==
            (std::vector<EventKind>{EventKind::GroupFounded, EventKind::MemberAdmitted, EventKind::TokensIssued}));
    QCOMPARE(fx.events()[2].amount, std::uint64_t(1000));
    const PublicKey genesis_validator = s.validators.front();

    // --- 2. Admissions by vote -------------------------------------------------
    // ana: the founder alone is the electorate.
    const std::int64_t ana_asked_at = fx.now();
    APPLY_OK("ana", (RequestAdmission{"Light", Hash256{}, GroupFixture::sealed_profile(0)}));
    const std::uint64_t ana_referendum = s.next_referendum_id - 1;
    QCOMPARE(s.referendums.at(ana_referendum).kind, ReferendumKind::Admission);
    QVERIFY(s.referendums.at(ana_referendum).electorate == std::set<AccountId>{founder});
    QCOMPARE(s.referendums.at(ana_referendum).deadline_s, ana_asked_at + kMonth);
    APPLY_FAIL("ana", (RequestAdmission{"Light", Hash256{}, GroupFixture::sealed_profile(0)}), ErrorCode::AdmissionPending);
    APPLY_FAIL("ana", (CastVote{ana_referendum, true}), ErrorCode::NotAMember);
    APPLY_FAIL("stranger", (RequestAdmission{"", Hash256{}, GroupFixture::sealed_profile(0)}), ErrorCode::InvalidUtility);
    APPLY_FAIL("stranger", (RequestAdmission{"Light", Hash256{}, GroupFixture::sealed_profile(1)}), ErrorCode::InvalidProfile);
    APPLY_FAIL("founder", (RequestAdmission{"Light", Hash256{}, GroupFixture::sealed_profile(0)}), ErrorCode::AlreadyMember);
    APPLY_OK("founder", (CastVote{ana_referendum, true}));
    APPLY_FAIL("founder", (CastVote{ana_referendum, true}), ErrorCode::VoteUnchanged);
    APPLY_FAIL("founder", (CastVote{999, true}), ErrorCode::UnknownReferendum);
    BLOCK(0);
    BLOCK(kMonth - 1); // one second before the deadline: still open
    QCOMPARE(s.referendums.at(ana_referendum).outcome, Outcome::Pending);
    QVERIFY(!fx.member("ana"));
    std::size_t mark = fx.events().size();
    BLOCK(1);
    QCOMPARE(s.referendums.at(ana_referendum).outcome, Outcome::Approved);
    QCOMPARE(s.referendums.at(ana_referendum).closed_at_s, ana_asked_at + kMonth);
    QVERIFY(fx.member("ana"));
    QCOMPARE(fx.member("ana")->tokens_msb, std::uint64_t(1000));
    QCOMPARE(fx.member("ana")->quota_w, std::uint64_t(0));
    QCOMPARE(fx.member("ana")->key_epoch, kNoKeyEpoch);
    QVERIFY(in_order(std::vector<Event>(fx.events().begin() + mark, fx.events().end()),
                     {EventKind::MemberAdmitted, EventKind::TokensIssued, EventKind::ReferendumClosed}));
    QVERIFY(s.applicants.empty());

    // bruno: electorate founder + ana; ana first says NO, then changes to YES.
    APPLY_OK("bruno", (RequestAdmission{"Light", Hash256{}, GroupFixture::sealed_profile(0)}));
    const std::uint64_t bruno_referendum = s.next_referendum_id - 1;
    QCOMPARE(s.referendums.at(bruno_referendum).electorate.size(), std::size_t(2));
    APPLY_OK("founder", (CastVote{bruno_referendum, true}));
    APPLY_OK("ana", (CastVote{bruno_referendum, false}));
    APPLY_OK("ana", (CastVote{bruno_referendum, true}));
    QCOMPARE(s.referendums.at(bruno_referendum).yes_count(), std::uint64_t(2));
    QCOMPARE(s.referendums.at(bruno_referendum).no_count(), std::uint64_t(0));
    BLOCK(0);
    APPLY_FAIL("stranger", (CastVote{ana_referendum, true}), ErrorCode::NotAMember);
    APPLY_FAIL("founder", (CastVote{ana_referendum, false}), ErrorCode::ReferendumClosed);
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(bruno_referendum).outcome, Outcome::Approved);
    QVERIFY(fx.member("bruno"));

    // carla (utility Enel): first refused (1 YES of 3, 2 needed), then admitted.
    APPLY_OK("carla", (RequestAdmission{"Enel", Hash256{}, GroupFixture::sealed_profile(0)}));
    const std::uint64_t carla_first = s.next_referendum_id - 1;
    QCOMPARE(s.referendums.at(carla_first).yes_needed(), std::uint64_t(2));
    APPLY_OK("founder", (CastVote{carla_first, true}));
    APPLY_OK("ana", (CastVote{carla_first, false}));
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(carla_first).outcome, Outcome::Rejected);
    QVERIFY(!fx.member("carla"));
    {
        const long rejected = find_event(fx.events(), EventKind::AdmissionRejected, mark);
        QVERIFY(rejected >= 0);
        QVERIFY(fx.events()[rejected].subject == carla);
        const long closed = find_event(fx.events(), EventKind::ReferendumClosed, mark);
        QVERIFY(closed > rejected);
        QCOMPARE(fx.events()[closed].amount, std::uint64_t(1));  // YES
        QCOMPARE(fx.events()[closed].amount2, std::uint64_t(1)); // NO
        QCOMPARE(fx.events()[closed].text, std::string("rejected"));
    }
    APPLY_OK("carla", (RequestAdmission{"Enel", Hash256{}, GroupFixture::sealed_profile(0)}));
    const std::uint64_t carla_second = s.next_referendum_id - 1;
    APPLY_OK("founder", (CastVote{carla_second, true}));
    APPLY_OK("ana", (CastVote{carla_second, true}));
    APPLY_OK("bruno", (CastVote{carla_second, false}));
    BLOCK(0);
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(carla_second).outcome, Outcome::Approved);
    QCOMPARE(fx.member("carla")->utility, std::string("Enel"));
    QCOMPARE(s.members.size(), std::size_t(4));
    QCOMPARE(s.tokens_issued_msb, std::uint64_t(4000));
    for (const auto& [account, member] : s.members) QCOMPARE(member.tokens_msb, std::uint64_t(1000));

    // The group data key goes round: only a holder of epoch 0 can share it.
    APPLY_FAIL("ana", (ShareDataKey{bruno, 0, Bytes{7, 7}}), ErrorCode::NoDataKey);
    APPLY_FAIL("founder", (ShareDataKey{ana, 1, Bytes{7, 7}}), ErrorCode::WrongKeyEpoch);
    APPLY_FAIL("founder", (ShareDataKey{stranger, 0, Bytes{7, 7}}), ErrorCode::UnknownMember);
    APPLY_FAIL("founder", (ShareDataKey{ana, 0, Bytes{}}), ErrorCode::InvalidSealedKeys);
    APPLY_OK("founder", (ShareDataKey{ana, 0, Bytes{7, 1}}));
    APPLY_OK("ana", (ShareDataKey{bruno, 0, Bytes{7, 2}}));
    APPLY_OK("founder", (ShareDataKey{carla, 0, Bytes{7, 3}}));
    APPLY_FAIL("ana", (ShareDataKey{carla, 0, Bytes{7, 4}}), ErrorCode::ShareNotNeeded);
    QCOMPARE(fx.member("carla")->key_epoch, std::uint32_t(0));
    QVERIFY(fx.member("carla")->sealed_keys == (Bytes{7, 3}));
    // A profile change needs no vote.
    APPLY_OK("carla", (UpdateProfile{Hash256{1}, SealedProfile{0, Bytes{4, 2}}}));
    APPLY_FAIL("carla", (UpdateProfile{Hash256{2}, SealedProfile{3, Bytes{4, 2}}}), ErrorCode::InvalidProfile);
    QVERIFY(fx.member("carla")->profile.sealed == (Bytes{4, 2}));
    BLOCK(0);

    // --- 3. A plant proposed and approved ----------------------------------------
    const ProposePlant usina1{"Usina Sol Nascente I", PlantSource::Solar, 75'000, 300'000'00, "Light", "Niterói, RJ",
                              static_cast<std::uint64_t>(kMonth)};
    {
        ProposePlant too_soon = usina1;
        too_soon.time_to_market_s = kMonth - 1;
        APPLY_FAIL("ana", too_soon, ErrorCode::TimeToMarketTooShort);
        ProposePlant too_big = usina1;
        too_big.capacity_w = 5'000'001;
        APPLY_FAIL("ana", too_big, ErrorCode::InvalidCapacity);
        ProposePlant free = usina1;
        free.cost_cents = 0;
        APPLY_FAIL("ana", free, ErrorCode::InvalidCost);
    }
    APPLY_OK("ana", usina1);
    const std::uint64_t plant1 = s.next_plant_id - 1;
    QCOMPARE(s.plants.at(plant1).status, PlantStatus::Proposed);
    const std::uint64_t plant1_referendum = s.plants.at(plant1).referendum_id;
    QCOMPARE(s.referendums.at(plant1_referendum).kind, ReferendumKind::Plant);
    QCOMPARE(s.referendums.at(plant1_referendum).yes_needed(), std::uint64_t(3));
    APPLY_FAIL("founder", (PlacePledge{plant1, 100'00}), ErrorCode::CampaignNotOpen); // not approved yet
    APPLY_OK("founder", (CastVote{plant1_referendum, true}));
    APPLY_OK("ana", (CastVote{plant1_referendum, true}));
    APPLY_OK("bruno", (CastVote{plant1_referendum, true}));
    APPLY_OK("carla", (CastVote{plant1_referendum, false}));
    BLOCK(0);
    BLOCK(kMonth);
    const std::int64_t campaign_opened = fx.now();
    QCOMPARE(s.referendums.at(plant1_referendum).outcome, Outcome::Approved);
    QCOMPARE(s.plants.at(plant1).status, PlantStatus::Campaign);
    QCOMPARE(s.plants.at(plant1).campaign_opened_at_s, campaign_opened);
    QCOMPARE(s.plants.at(plant1).campaign_deadline_s, campaign_opened + 60 * kDay);

    // --- 4. Crowdfunding with unequal pledges --------------------------------------
    // 75 000 W for R$ 300.000,00: 1 W per R$ 4,00, so each funder's share is
    // pledge / 400 W, never a whole number here:
    //   founder 12 345 678 c -> 30 864.195 W
    //   ana     10 000 050 c -> 25 000.125 W
    //   bruno    7 654 272 c -> 19 135.680 W   (largest remainder: gets the leftover watt)
    APPLY_FAIL("carla", (PlacePledge{plant1, 10'000'000}), ErrorCode::WrongUtility);
    APPLY_FAIL("founder", (PlacePledge{99, 10'000'000}), ErrorCode::UnknownPlant);
    APPLY_OK("founder", (PlacePledge{plant1, 12'345'678}));
    APPLY_OK("ana", (PlacePledge{plant1, 5'000'000}));
    APPLY_FAIL("ana", (PlacePledge{plant1, 5'000'000}), ErrorCode::PledgeUnchanged);
    APPLY_FAIL("bruno", (PlacePledge{plant1, 99'99}), ErrorCode::BidBelowMinimum);
    QCOMPARE(s.plants.at(plant1).pledged_cents, std::uint64_t(17'345'678));
    BLOCK(0);
    BLOCK(3 * kDay);
    mark = fx.events().size();
    APPLY_OK("ana", (PlacePledge{plant1, 10'000'050})); // raises her pledge
    QCOMPARE(fx.events()[mark].kind, EventKind::PledgePlaced);
    QCOMPARE(fx.events()[mark].amount, std::uint64_t(10'000'050));
    QCOMPARE(fx.events()[mark].amount2, std::uint64_t(5'000'000));
    APPLY_OK("bruno", (PlacePledge{plant1, 2'000'000}));
    APPLY_OK("bruno", (WithdrawPledge{plant1}));
    APPLY_FAIL("bruno", (WithdrawPledge{plant1}), ErrorCode::NoPledge);
    QCOMPARE(s.plants.at(plant1).pledged_cents, std::uint64_t(22'345'728));
    APPLY_FAIL("bruno", (PlacePledge{plant1, 7'654'273}), ErrorCode::BidAboveMissing);
    QCOMPARE(s.plants.at(plant1).status, PlantStatus::Campaign);
    mark = fx.events().size();
    const std::int64_t funded_at = fx.now();
    APPLY_OK("bruno", (PlacePledge{plant1, 7'654'272})); // exactly what is missing: the campaign succeeds
    {
        const Plant& p = s.plants.at(plant1);
        QCOMPARE(p.status, PlantStatus::Building);
        QCOMPARE(p.pledged_cents, std::uint64_t(300'000'00));
        QCOMPARE(p.pledges_cents.at(founder), std::uint64_t(12'345'678));
        QCOMPARE(p.pledges_cents.at(ana), std::uint64_t(10'000'050));
        QCOMPARE(p.pledges_cents.at(bruno), std::uint64_t(7'654'272));
        QCOMPARE(p.funded_at_s, funded_at);
        QCOMPARE(p.operating_at_s, funded_at + kMonth);
        const std::vector<Event> tail(fx.events().begin() + mark, fx.events().end());
        QVERIFY(kinds_of(tail) == (std::vector<EventKind>{EventKind::PledgePlaced, EventKind::CampaignSucceeded}));
        QCOMPARE(tail[1].amount, std::uint64_t(300'000'00));
        QCOMPARE(tail[1].object_id, plant1);
    }
    APPLY_FAIL("founder", (PlacePledge{plant1, 12'000'000}), ErrorCode::CampaignNotOpen);
    APPLY_FAIL("founder", (WithdrawPledge{plant1}), ErrorCode::CampaignNotOpen);
    BLOCK(0);

    // --- 5. Time to market: the plant starts -------------------------------------
    BLOCK(kMonth - 1);
    QCOMPARE(s.plants.at(plant1).status, PlantStatus::Building);
    QCOMPARE(s.capacity_w, std::uint64_t(0));
    mark = fx.events().size();
    BLOCK(1);
    QCOMPARE(s.plants.at(plant1).status, PlantStatus::Operating);
    QCOMPARE(s.plants.at(plant1).operating_at_s, funded_at + kMonth);
    QCOMPARE(s.capacity_w, std::uint64_t(75'000));
    QCOMPARE(fx.member("founder")->quota_w, std::uint64_t(30'864));
    QCOMPARE(fx.member("ana")->quota_w, std::uint64_t(25'000));
    QCOMPARE(fx.member("bruno")->quota_w, std::uint64_t(19'136));
    QCOMPARE(fx.member("carla")->quota_w, std::uint64_t(0));
    QCOMPARE(fx.member("founder")->tokens_msb, std::uint64_t(1000 + 30'864));
    QCOMPARE(fx.member("ana")->tokens_msb, std::uint64_t(1000 + 25'000));
    QCOMPARE(fx.member("bruno")->tokens_msb, std::uint64_t(1000 + 19'136));
    QCOMPARE(fx.member("carla")->tokens_msb, std::uint64_t(1000));
    QCOMPARE(s.tokens_issued_msb, std::uint64_t(4000 + 75'000));
    QCOMPARE(quota_sum(s), s.capacity_w);
    QVERIFY(near(percent(fx.member("founder")->quota_w, s.capacity_w), 41.152));
    QVERIFY(near(percent(fx.member("ana")->quota_w, s.capacity_w), 100.0 / 3.0));
    QVERIFY(near(percent(fx.member("bruno")->quota_w, s.capacity_w), 25.514666666666666));
    QCOMPARE(s.plants.at(plant1).allocated_quota_w.at(bruno), std::uint64_t(19'136));
    QCOMPARE(s.plants.at(plant1).allocated_tokens_msb.at(founder), std::uint64_t(30'864));
    QCOMPARE(s.plants.at(plant1).allocated_quota_w.size(), std::size_t(3));
    {
        const std::vector<Event> tail(fx.events().begin() + mark, fx.events().end());
        QVERIFY(kinds_of(tail) == (std::vector<EventKind>{EventKind::QuotaAllocated, EventKind::QuotaAllocated,
                                                          EventKind::QuotaAllocated, EventKind::PlantOperating}));
        std::map<AccountId, std::pair<std::uint64_t, std::uint64_t>> allocated;
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(tail[i].object_id, plant1);
            allocated[tail[i].subject] = {tail[i].amount, tail[i].amount2};
        }
        QVERIFY((allocated[founder] == std::pair<std::uint64_t, std::uint64_t>{30'864, 30'864}));
        QVERIFY((allocated[ana] == std::pair<std::uint64_t, std::uint64_t>{25'000, 25'000}));
        QVERIFY((allocated[bruno] == std::pair<std::uint64_t, std::uint64_t>{19'136, 19'136}));
        QCOMPARE(tail[3].amount, std::uint64_t(75'000));
        // The campaign closed before the plant started.
        QVERIFY(in_order(fx.events(), {EventKind::CampaignOpened, EventKind::CampaignSucceeded,
                                       EventKind::QuotaAllocated, EventKind::PlantOperating}));
    }

    // --- 6. A trade, a decline, an expiry, gifts ---------------------------------------
    APPLY_FAIL("founder", (MakeOffer{carla, OfferSide::SellQuota, 1000, 1500, fx.now() + 7 * kDay}),
               ErrorCode::DifferentUtility);
    APPLY_FAIL("founder", (MakeOffer{stranger, OfferSide::SellQuota, 1000, 1500, fx.now() + 7 * kDay}),
               ErrorCode::UnknownMember);
    APPLY_FAIL("founder", (MakeOffer{ana, OfferSide::SellQuota, 1000, 0, fx.now() + 7 * kDay}), ErrorCode::ZeroAmount);
    APPLY_FAIL("founder", (MakeOffer{ana, OfferSide::SellQuota, 1000, 1500, fx.now()}), ErrorCode::InvalidExpiry);
    APPLY_FAIL("founder", (MakeOffer{ana, OfferSide::SellQuota, 30'865, 1500, fx.now() + 7 * kDay}),
               ErrorCode::InsufficientQuota);
    APPLY_OK("founder", (MakeOffer{ana, OfferSide::SellQuota, 1000, 1500, fx.now() + 7 * kDay}));
    const std::uint64_t offer_sell = s.next_offer_id - 1;
    APPLY_FAIL("bruno", (AcceptOffer{offer_sell}), ErrorCode::NotCounterparty);
    mark = fx.events().size();
    APPLY_OK("ana", (AcceptOffer{offer_sell}));
    QCOMPARE(fx.events()[mark].kind, EventKind::OfferAccepted);
    QCOMPARE(fx.events()[mark].amount, std::uint64_t(1000));
    QCOMPARE(fx.events()[mark].amount2, std::uint64_t(1500));
    QCOMPARE(s.offers.at(offer_sell).status, OfferStatus::Accepted);
    APPLY_FAIL("ana", (AcceptOffer{offer_sell}), ErrorCode::OfferNotOpen);
    APPLY_FAIL("ana", (AcceptOffer{999}), ErrorCode::UnknownOffer);
    QCOMPARE(fx.member("founder")->quota_w, std::uint64_t(29'864));
    QCOMPARE(fx.member("founder")->tokens_msb, std::uint64_t(33'364));
    QCOMPARE(fx.member("ana")->quota_w, std::uint64_t(26'000));
    QCOMPARE(fx.member("ana")->tokens_msb, std::uint64_t(24'500));

    APPLY_FAIL("bruno", (MakeOffer{ana, OfferSide::BuyQuota, 10, 30'000, fx.now() + 7 * kDay}),
               ErrorCode::InsufficientTokens);
    APPLY_OK("bruno", (MakeOffer{ana, OfferSide::BuyQuota, 500, 800, fx.now() + 7 * kDay}));
    const std::uint64_t offer_declined = s.next_offer_id - 1;
    APPLY_OK("ana", (DeclineOffer{offer_declined}));
    QCOMPARE(s.offers.at(offer_declined).status, OfferStatus::Declined);
    APPLY_OK("founder", (MakeOffer{bruno, OfferSide::SellQuota, 100, 100, fx.now() + kDay}));
    const std::uint64_t offer_expiring = s.next_offer_id - 1;
    APPLY_OK("founder", (MakeOffer{bruno, OfferSide::SellQuota, 200, 200, fx.now() + 10 * kDay}));
    const std::uint64_t offer_cancelled = s.next_offer_id - 1;
    APPLY_FAIL("bruno", (CancelOffer{offer_cancelled}), ErrorCode::NotOfferMaker);
    APPLY_OK("founder", (CancelOffer{offer_cancelled}));
    QCOMPARE(s.offers.at(offer_cancelled).status, OfferStatus::Cancelled);
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(2 * kDay);
    QCOMPARE(s.offers.at(offer_expiring).status, OfferStatus::Expired);
    QVERIFY(find_event(fx.events(), EventKind::OfferExpired, mark,
                       [&](const Event& e) { return e.object_id == offer_expiring; }) >= 0);
    APPLY_FAIL("bruno", (AcceptOffer{offer_expiring}), ErrorCode::OfferNotOpen);

    APPLY_OK("ana", (GiftTokens{carla, 2500})); // tokens go across utilities
    APPLY_FAIL("ana", (GiftQuota{carla, 10}), ErrorCode::DifferentUtility);
    APPLY_OK("bruno", (GiftQuota{ana, 136}));
    APPLY_FAIL("bruno", (GiftQuota{ana, 0}), ErrorCode::ZeroAmount);
    APPLY_FAIL("bruno", (GiftTokens{bruno, 1}), ErrorCode::SelfTransfer);
    APPLY_FAIL("carla", (GiftTokens{ana, 3501}), ErrorCode::InsufficientTokens);
    APPLY_FAIL("bruno", (GiftQuota{ana, 19'001}), ErrorCode::InsufficientQuota);
    BLOCK(0);
    QCOMPARE(fx.member("founder")->quota_w, std::uint64_t(29'864));
    QCOMPARE(fx.member("ana")->quota_w, std::uint64_t(26'136));
    QCOMPARE(fx.member("bruno")->quota_w, std::uint64_t(19'000));
    QCOMPARE(fx.member("carla")->quota_w, std::uint64_t(0));
    QCOMPARE(fx.member("founder")->tokens_msb, std::uint64_t(33'364));
    QCOMPARE(fx.member("ana")->tokens_msb, std::uint64_t(22'000));
    QCOMPARE(fx.member("bruno")->tokens_msb, std::uint64_t(20'136));
    QCOMPARE(fx.member("carla")->tokens_msb, std::uint64_t(3'500));
    QCOMPARE(token_sum(s), std::uint64_t(79'000));

    // --- 7. bruno removed by referendum ---------------------------------------------
    // His 19 000 W go to founder and ana in proportion to 29 864 : 26 136 (carla
    // holds none): 10 132.43 and 8 867.57, so ana's larger remainder takes the
    // leftover watt: +10 132 and +8 868. His 20 136 msb are burned.
    APPLY_OK("bruno", (MakeOffer{ana, OfferSide::SellQuota, 500, 500, fx.now() + 60 * kDay}));
    const std::uint64_t offer_of_removed = s.next_offer_id - 1;
    APPLY_FAIL("founder", (ProposeChange{RemoveMember{stranger}, "?"}), ErrorCode::UnknownMember);
    APPLY_FAIL("founder", (ProposeChange{RemoveMember{bruno}, std::string(1001, 'x')}), ErrorCode::Malformed);
    APPLY_OK("founder", (ProposeChange{RemoveMember{bruno}, "Mudou-se para outra cidade"}));
    const std::uint64_t removal = s.next_referendum_id - 1;
    QCOMPARE(s.referendums.at(removal).kind, ReferendumKind::Change);
    QCOMPARE(s.referendums.at(removal).yes_needed(), std::uint64_t(3));
    APPLY_OK("founder", (CastVote{removal, true}));
    APPLY_OK("ana", (CastVote{removal, true}));
    APPLY_OK("carla", (CastVote{removal, true}));
    APPLY_OK("bruno", (CastVote{removal, false}));
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(removal).outcome, Outcome::Approved);
    QVERIFY(!fx.member("bruno"));
    QCOMPARE(s.members.size(), std::size_t(3));
    QCOMPARE(fx.member("founder")->quota_w, std::uint64_t(39'996));
    QCOMPARE(fx.member("ana")->quota_w, std::uint64_t(35'004));
    QCOMPARE(fx.member("carla")->quota_w, std::uint64_t(0));
    QCOMPARE(quota_sum(s), std::uint64_t(75'000));
    QCOMPARE(fx.member("founder")->tokens_msb, std::uint64_t(33'364));
    QCOMPARE(fx.member("ana")->tokens_msb, std::uint64_t(22'000));
    QCOMPARE(fx.member("carla")->tokens_msb, std::uint64_t(3'500));
    QCOMPARE(s.tokens_burned_msb, std::uint64_t(20'136));
    QCOMPARE(s.tokens_issued_msb, std::uint64_t(79'000));
    QCOMPARE(token_sum(s), s.tokens_issued_msb - s.tokens_burned_msb);
    QCOMPARE(token_sum(s), std::uint64_t(58'864));
    QCOMPARE(s.offers.at(offer_of_removed).status, OfferStatus::Cancelled);
    QVERIFY(s.key_rotation_pending);
    {
        const std::vector<Event> tail(fx.events().begin() + mark, fx.events().end());
        const long to_founder = find_event(tail, EventKind::QuotaMoved, 0, [&](const Event& e) { return e.subject == founder; });
        const long to_ana = find_event(tail, EventKind::QuotaMoved, 0, [&](const Event& e) { return e.subject == ana; });
        QVERIFY(to_founder >= 0 && to_ana >= 0);
        QCOMPARE(tail[to_founder].amount, std::uint64_t(10'132));
        QCOMPARE(tail[to_ana].amount, std::uint64_t(8'868));
        QVERIFY(tail[to_founder].actor == bruno);
        QVERIFY(find_event(tail, EventKind::QuotaMoved, 0, [&](const Event& e) { return e.subject == carla; }) < 0);
        const long burned = find_event(tail, EventKind::TokensBurned);
        QVERIFY(burned >= 0);
        QCOMPARE(tail[burned].amount, std::uint64_t(20'136));
        QVERIFY(tail[burned].subject == bruno);
        QVERIFY(find_event(tail, EventKind::OfferCancelled, 0,
                           [&](const Event& e) { return e.object_id == offer_of_removed; }) >= 0);
        QVERIFY(in_order(tail, {EventKind::QuotaMoved, EventKind::TokensBurned, EventKind::MemberRemoved,
                                EventKind::ReferendumClosed}));
    }
    APPLY_FAIL("bruno", (GiftTokens{ana, 1}), ErrorCode::NotAMember);
    APPLY_FAIL("ana", (AcceptOffer{offer_of_removed}), ErrorCode::OfferNotOpen);

    // The data key rotates: one share for each remaining member, no one else.
    const PublicKey data_key_1 = crypto::KeyPair::generate().public_key();
    const KeyShare share_founder{founder, Bytes{1, 1}};
    const KeyShare share_ana{ana, Bytes{1, 2}};
    const KeyShare share_carla{carla, Bytes{1, 3}};
    APPLY_FAIL("carla", (RotateDataKey{2, data_key_1, {share_founder, share_ana, share_carla}}), ErrorCode::WrongKeyEpoch);
    APPLY_FAIL("founder", (RotateDataKey{1, PublicKey{}, {share_founder, share_ana, share_carla}}),
               ErrorCode::InvalidPublicKey);
    APPLY_FAIL("founder", (RotateDataKey{1, data_key_1, {share_founder, share_ana}}), ErrorCode::SharesIncomplete);
    APPLY_FAIL("founder", (RotateDataKey{1, data_key_1, {share_founder, share_ana, share_carla, KeyShare{bruno, Bytes{1}}}}),
               ErrorCode::SharesIncomplete);
    APPLY_FAIL("founder", (RotateDataKey{1, data_key_1, {share_founder, share_ana, share_ana}}), ErrorCode::SharesIncomplete);
    APPLY_OK("carla", (RotateDataKey{1, data_key_1, {share_founder, share_ana, share_carla}}));
    QCOMPARE(s.data_key_epoch(), std::uint32_t(1));
    QVERIFY(s.data_public_keys.back() == data_key_1);
    QVERIFY(!s.key_rotation_pending);
    for (const auto& [account, member] : s.members) QCOMPARE(member.key_epoch, std::uint32_t(1));
    QVERIFY(fx.member("ana")->sealed_keys == (Bytes{1, 2}));
    APPLY_FAIL("founder", (RotateDataKey{2, data_key_1, {share_founder, share_ana, share_carla}}),
               ErrorCode::RotationNotNeeded);
    APPLY_FAIL("ana", (UpdateProfile{Hash256{}, GroupFixture::sealed_profile(0)}), ErrorCode::InvalidProfile);
    APPLY_OK("ana", (UpdateProfile{Hash256{}, GroupFixture::sealed_profile(1)}));
    BLOCK(0);

    // --- 8. A second plant (utility Enel), funded by carla alone --------------------
    APPLY_OK("carla", (ProposePlant{"Usina Serra Verde", PlantSource::Wind, 20'000, 80'000'00, "Enel", "Resende, RJ",
                                    static_cast<std::uint64_t>(45 * kDay)}));
    const std::uint64_t plant2 = s.next_plant_id - 1;
    APPLY_OK("founder", (CastVote{s.plants.at(plant2).referendum_id, true}));
    APPLY_OK("carla", (CastVote{s.plants.at(plant2).referendum_id, true}));
    BLOCK(0);
    BLOCK(kMonth);
    QCOMPARE(s.plants.at(plant2).status, PlantStatus::Campaign);
    APPLY_FAIL("founder", (PlacePledge{plant2, 1'000'000}), ErrorCode::WrongUtility);
    APPLY_OK("carla", (PlacePledge{plant2, 3'000'000}));
    BLOCK(0);
    BLOCK(kDay);
    APPLY_OK("carla", (PlacePledge{plant2, 8'000'000}));
    QCOMPARE(s.plants.at(plant2).status, PlantStatus::Building);
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(45 * kDay);
    QCOMPARE(s.plants.at(plant2).status, PlantStatus::Operating);
    QCOMPARE(s.capacity_w, std::uint64_t(95'000));
    QCOMPARE(fx.member("carla")->quota_w, std::uint64_t(20'000));
    QCOMPARE(fx.member("carla")->tokens_msb, std::uint64_t(23'500));
    QCOMPARE(s.tokens_issued_msb, std::uint64_t(99'000));
    QCOMPARE(quota_sum(s), s.capacity_w);
    {
        const std::vector<Event> tail(fx.events().begin() + mark, fx.events().end());
        QVERIFY(kinds_of(tail) == (std::vector<EventKind>{EventKind::QuotaAllocated, EventKind::PlantOperating}));
        QVERIFY(tail[0].subject == carla);
        QCOMPARE(tail[0].amount, std::uint64_t(20'000));
        QCOMPARE(tail[0].amount2, std::uint64_t(20'000));
    }

    // --- 9. The first plant removed: every quota scales to 20 000 W ----------------------
    //   founder 39 996 -> 8 420.21, ana 35 004 -> 7 369.26, carla 20 000 -> 4 210.53;
    //   carla's largest remainder takes the leftover watt.
    const double founder_before = percent(fx.member("founder")->quota_w, s.capacity_w);
    const double ana_before = percent(fx.member("ana")->quota_w, s.capacity_w);
    const double carla_before = percent(fx.member("carla")->quota_w, s.capacity_w);
    APPLY_FAIL("ana", (ProposeChange{RemovePlant{99}, "?"}), ErrorCode::UnknownPlant);
    APPLY_OK("ana", (ProposeChange{RemovePlant{plant1}, "Telhado condenado"}));
    const std::uint64_t plant_removal = s.next_referendum_id - 1;
    APPLY_OK("founder", (CastVote{plant_removal, true}));
    APPLY_OK("ana", (CastVote{plant_removal, true}));
    APPLY_OK("carla", (CastVote{plant_removal, true}));
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(plant_removal).outcome, Outcome::Approved);
    QCOMPARE(s.plants.at(plant1).status, PlantStatus::Removed);
    QCOMPARE(s.capacity_w, std::uint64_t(20'000));
    QCOMPARE(fx.member("founder")->quota_w, std::uint64_t(8'420));
    QCOMPARE(fx.member("ana")->quota_w, std::uint64_t(7'369));
    QCOMPARE(fx.member("carla")->quota_w, std::uint64_t(4'211));
    QCOMPARE(quota_sum(s), s.capacity_w);
    // Percentages kept to within one watt of the new capacity.
    const double one_watt = 100.0 / 20'000;
    QVERIFY(near(percent(fx.member("founder")->quota_w, s.capacity_w), founder_before, one_watt));
    QVERIFY(near(percent(fx.member("ana")->quota_w, s.capacity_w), ana_before, one_watt));
    QVERIFY(near(percent(fx.member("carla")->quota_w, s.capacity_w), carla_before, one_watt));
    // Tokens are not touched.
    QCOMPARE(token_sum(s), std::uint64_t(33'364 + 22'000 + 23'500));
    QCOMPARE(token_sum(s), s.tokens_issued_msb - s.tokens_burned_msb);
    {
        const long removed = find_event(fx.events(), EventKind::PlantRemoved, mark);
        QVERIFY(removed >= 0);
        QCOMPARE(fx.events()[removed].object_id, plant1);
        QCOMPARE(fx.events()[removed].amount, std::uint64_t(75'000));
    }
    APPLY_FAIL("ana", (ProposeChange{RemovePlant{plant1}, "again"}), ErrorCode::PlantNotRemovable);
    APPLY_FAIL("ana", (ProposeChange{ChangePlantUtility{plant1, "Enel"}, "?"}), ErrorCode::PlantNotRemovable);
    APPLY_FAIL("ana", (ProposeChange{ChangePlantUtility{plant2, "Enel"}, "?"}), ErrorCode::UtilityUnchanged);

    // --- 10. Switch to "majority of votes with a 50 % quorum" ----------------------------
    GroupParams quorum_params = s.params;
    quorum_params.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
    quorum_params.quorum_percent = 0;
    APPLY_FAIL("founder", (ProposeChange{ChangeParams{quorum_params}, "sem quorum"}), ErrorCode::InvalidParams);
    quorum_params.quorum_percent = 50;
    APPLY_OK("founder", (ProposeChange{ChangeParams{quorum_params}, "Pouca participação"}));
    const std::uint64_t params_change = s.next_referendum_id - 1;
    APPLY_OK("founder", (CastVote{params_change, true}));
    APPLY_OK("ana", (CastVote{params_change, true}));
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(params_change).outcome, Outcome::Approved); // 2 of 3 under the old rule
    QVERIFY(s.params == quorum_params);
    QVERIFY(find_event(fx.events(), EventKind::ParamsChanged, mark) >= 0);

    // diego asks; only the founder votes: 1 of 3 is below the 50 % quorum.
    APPLY_OK("diego", (RequestAdmission{"Light", Hash256{}, GroupFixture::sealed_profile(1)}));
    const std::uint64_t diego_first = s.next_referendum_id - 1;
    QCOMPARE(s.referendums.at(diego_first).approval_rule, ApprovalRule::MajorityOfVotesWithQuorum);
    QCOMPARE(s.referendums.at(diego_first).quorum_percent, std::uint32_t(50));
    APPLY_OK("founder", (CastVote{diego_first, true}));
    BLOCK(0);
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(diego_first).outcome, Outcome::Rejected);
    // Again: 2 YES, 1 NO of 3 voting -> more YES than NO, quorum met.
    APPLY_OK("diego", (RequestAdmission{"Light", Hash256{}, GroupFixture::sealed_profile(1)}));
    const std::uint64_t diego_second = s.next_referendum_id - 1;
    APPLY_OK("founder", (CastVote{diego_second, true}));
    APPLY_OK("ana", (CastVote{diego_second, true}));
    APPLY_OK("carla", (CastVote{diego_second, false}));
    BLOCK(0);
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(diego_second).outcome, Outcome::Approved);
    QVERIFY(fx.member("diego"));
    QCOMPARE(fx.member("diego")->tokens_msb, std::uint64_t(1000));
    QCOMPARE(s.tokens_issued_msb, std::uint64_t(100'000));
    APPLY_OK("ana", (ShareDataKey{diego, 1, Bytes{5}}));

    // --- 11. Validators, under the quorum rule ---------------------------------------
    // Electorate of 4: 2 YES and nobody else voting meets the 50 % quorum,
    // although the old rule would have needed 3 YES.
    const PublicKey validator_2 = crypto::KeyPair::generate().public_key();
    APPLY_FAIL("founder", (ProposeChange{AddValidator{PublicKey{}}, "?"}), ErrorCode::InvalidPublicKey);
    APPLY_FAIL("founder", (ProposeChange{AddValidator{genesis_validator}, "?"}), ErrorCode::ValidatorAlreadyPresent);
    APPLY_FAIL("founder", (ProposeChange{RemoveValidator{genesis_validator}, "?"}), ErrorCode::LastValidator);
    APPLY_FAIL("founder", (ProposeChange{RemoveValidator{validator_2}, "?"}), ErrorCode::UnknownValidator);
    APPLY_OK("founder", (ProposeChange{AddValidator{validator_2}, "PC da cooperativa"}));
    const std::uint64_t add_validator = s.next_referendum_id - 1;
    APPLY_OK("founder", (CastVote{add_validator, true}));
    APPLY_OK("ana", (CastVote{add_validator, true}));
    QCOMPARE(s.referendums.at(add_validator).electorate.size(), std::size_t(4));
    QVERIFY(s.referendums.at(add_validator).yes_count() < s.referendums.at(add_validator).yes_needed());
    QVERIFY(s.referendums.at(add_validator).passes());
    // A tie among the votes cast fails: YES must outnumber NO.
    APPLY_OK("founder", (ProposeChange{MoveTokens{founder, diego, 1000}, "Reembolso"}));
    const std::uint64_t tied = s.next_referendum_id - 1;
    APPLY_OK("founder", (CastVote{tied, true}));
    APPLY_OK("carla", (CastVote{tied, false}));
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(add_validator).outcome, Outcome::Approved);
    QCOMPARE(s.referendums.at(tied).outcome, Outcome::Rejected);
    QCOMPARE(fx.member("diego")->tokens_msb, std::uint64_t(1000));
    QCOMPARE(s.validators.size(), std::size_t(2));
    QVERIFY(std::is_sorted(s.validators.begin(), s.validators.end()));
    QVERIFY(std::find(s.validators.begin(), s.validators.end(), validator_2) != s.validators.end());
    QVERIFY(find_event(fx.events(), EventKind::ValidatorAdded, mark) >= 0);

    // Remove the genesis validator, and move quota by referendum.
    APPLY_OK("ana", (ProposeChange{RemoveValidator{genesis_validator}, "Máquina aposentada"}));
    const std::uint64_t remove_validator = s.next_referendum_id - 1;
    APPLY_FAIL("founder", (ProposeChange{MoveQuota{founder, carla, 420}, "?"}), ErrorCode::DifferentUtility);
    APPLY_FAIL("founder", (ProposeChange{MoveQuota{founder, founder, 420}, "?"}), ErrorCode::SameAccount);
    APPLY_FAIL("founder", (ProposeChange{MoveQuota{founder, ana, 8'421}, "?"}), ErrorCode::InsufficientQuota);
    APPLY_OK("founder", (ProposeChange{MoveQuota{founder, ana, 420}, "Erro de digitação"}));
    const std::uint64_t move_quota = s.next_referendum_id - 1;
    for (const char* who : {"founder", "ana", "diego"}) {
        APPLY_OK(who, (CastVote{remove_validator, true}));
        APPLY_OK(who, (CastVote{move_quota, true}));
    }
    BLOCK(0);
    mark = fx.events().size();
    BLOCK(kMonth);
    QCOMPARE(s.referendums.at(remove_validator).outcome, Outcome::Approved);
    QCOMPARE(s.referendums.at(move_quota).outcome, Outcome::Approved);
    QVERIFY(s.validators == std::vector<PublicKey>{validator_2});
    QVERIFY(find_event(fx.events(), EventKind::ValidatorRemoved, mark) >= 0);
    QCOMPARE(fx.member("founder")->quota_w, std::uint64_t(8'000));
    QCOMPARE(fx.member("ana")->quota_w, std::uint64_t(7'789));
    QCOMPARE(fx.member("carla")->quota_w, std::uint64_t(4'211));
    QCOMPARE(fx.member("diego")->quota_w, std::uint64_t(0));
    APPLY_FAIL("founder", (ProposeChange{RemoveValidator{validator_2}, "?"}), ErrorCode::LastValidator);
    APPLY_FAIL("founder", (ProposeChange{RemoveValidator{genesis_validator}, "?"}), ErrorCode::UnknownValidator);
    BLOCK(0);

    // --- The end: totals and the feed's milestones in order ---------------------------
    QCOMPARE(s.members.size(), std::size_t(4));
    QCOMPARE(s.capacity_w, std::uint64_t(20'000));
    QCOMPARE(quota_sum(s), std::uint64_t(20'000));
    QCOMPARE(s.tokens_issued_msb, std::uint64_t(100'000));
    QCOMPARE(s.tokens_burned_msb, std::uint64_t(20'136));
    QCOMPARE(token_sum(s), std::uint64_t(79'864));
    QVERIFY(next_deadline(s) == std::nullopt);
    QVERIFY(in_order(fx.events(),
                     {EventKind::GroupFounded, EventKind::AdmissionRequested, EventKind::MemberAdmitted,
                      EventKind::AdmissionRejected, EventKind::DataKeyShared, EventKind::PlantProposed,
                      EventKind::CampaignOpened, EventKind::PledgePlaced, EventKind::PledgeWithdrawn,
                      EventKind::CampaignSucceeded, EventKind::QuotaAllocated, EventKind::PlantOperating,
                      EventKind::OfferAccepted, EventKind::OfferDeclined, EventKind::OfferCancelled,
                      EventKind::OfferExpired, EventKind::TokensGifted, EventKind::QuotaGifted,
                      EventKind::MemberRemoved, EventKind::DataKeyRotated, EventKind::PlantOperating,
                      EventKind::PlantRemoved, EventKind::ParamsChanged, EventKind::ValidatorAdded,
                      EventKind::ValidatorRemoved}));
    // Every closed referendum has exactly one outcome; none left pending.
    for (const auto& [id, referendum] : s.referendums) QVERIFY(referendum.outcome != Outcome::Pending);
    // The state survives its canonical encoding.
    const std::optional<State> decoded = codec::from_bytes<State>(codec::to_bytes(s));
    QVERIFY(decoded.has_value());
    QVERIFY(state_root(*decoded) == state_root(s));
}

QTEST_APPLESS_MAIN(TestLife)
#include "test_life.moc"
