// Tests of chain/rules against docs/RULES.md: every operation's success with
// its exact state change and events, and every way it can fail (the exact
// error code, a message, the state root unchanged and the author's nonce
// not advanced). The group is driven through tests/chain/group_fixture.h.

#include "group_fixture.h"

#include <QtTest>

#include <algorithm>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

using namespace chain;
using namespace chain::testing;

namespace {

using F = GroupFixture;
__extension__ typedef unsigned __int128 u128;

constexpr std::uint64_t kWelcome = 1000; // default welcome grant, msb

// Numbers of any integer or enum type, compared as unsigned 64-bit values.
#define EQ(actual, expected) \
    QCOMPARE(static_cast<unsigned long long>(actual), static_cast<unsigned long long>(expected))
// Times, compared as signed 64-bit values.
#define EQ_T(actual, expected) QCOMPARE(static_cast<long long>(actual), static_cast<long long>(expected))
#define EQ_S(actual, expected) QCOMPARE(QString::fromStdString(actual), QString::fromStdString(expected))

void fail_at(const std::string& message, int line) { QTest::qFail(message.c_str(), __FILE__, line); }

std::uint64_t nonce_of(F& f, const std::string& name) {
    const auto it = f.state().nonces.find(f.account(name));
    return it == f.state().nonces.end() ? 0 : it->second;
}

// The events' kinds, as "referendum_opened admission_requested".
QString kinds(const std::vector<Event>& events) {
    QStringList names;
    for (const Event& event : events) names << QString::fromLatin1(event_name(event.kind));
    return names.join(QLatin1Char(' '));
}

std::vector<Event> of_kind(const std::vector<Event>& events, EventKind kind) {
    std::vector<Event> out;
    for (const Event& event : events)
        if (event.kind == kind) out.push_back(event);
    return out;
}

// A transaction with a chosen validity limit, re-signed.
Transaction tx_until(F& f, const std::string& name, Operation op, std::int64_t valid_until_s) {
    Transaction tx = f.make_tx(name, std::move(op));
    tx.valid_until_s = valid_until_s;
    tx.sign(f.key(name));
    return tx;
}

// Applies a transaction that must be accepted: the nonce advances by one,
// something is reported, and every invariant still holds.
ApplyResult accept_tx(F& f, const std::string& name, const Transaction& tx, int line,
                      std::optional<BlockContext> context = std::nullopt) {
    const std::uint64_t nonce = nonce_of(f, name);
    ApplyResult result = context ? apply_transaction(f.state(), tx, *context) : f.apply(tx);
    if (!result.ok()) {
        fail_at(std::string(operation_name(tx.op)) + " by " + name + " was rejected with " +
                    error_name(result.rejection->code) + ": " + result.rejection->message,
                line);
        return result;
    }
    if (nonce_of(f, name) != nonce + 1) fail_at("the author's nonce did not advance by one", line);
    if (result.events.empty()) fail_at(std::string(operation_name(tx.op)) + " emitted no event", line);
    for (const std::string& problem : check_invariants(f.state())) fail_at("invariant broken: " + problem, line);
    return result;
}

// Applies a transaction that must be rejected with `code`, a message, no
// event, the state root unchanged and the author's nonce not advanced.
void reject_tx(F& f, const std::string& name, const Transaction& tx, ErrorCode code, int line,
               std::optional<BlockContext> context = std::nullopt, const std::string& label = {}) {
    const std::string what = std::string(operation_name(tx.op)) + " by " + name + (label.empty() ? "" : " (" + label + ")");
    const Hash256 root = state_root(f.state());
    const std::uint64_t nonce = nonce_of(f, name);
    const ApplyResult result = context ? apply_transaction(f.state(), tx, *context) : f.apply(tx);
    if (result.ok()) {
        fail_at(what + " was accepted; expected " + error_name(code), line);
        return;
    }
    if (result.rejection->code != code) {
        fail_at(what + " was rejected with " + error_name(result.rejection->code) + " (" + result.rejection->message +
                    "); expected " + error_name(code),
                line);
        return;
    }
    if (result.rejection->message.empty()) fail_at(what + ": the rejection has no message", line);
    if (!result.events.empty()) fail_at(what + ": a rejected transaction emitted events", line);
    if (state_root(f.state()) != root) fail_at(what + ": a rejected transaction changed the state", line);
    if (nonce_of(f, name) != nonce) fail_at(what + ": a rejected transaction advanced the nonce", line);
}

// The checks that hold after every step: the invariants, and every
// referendum has exactly one outcome once closed (and one closing event).
void verify(F& f, int line = 0) {
    for (const std::string& problem : check_invariants(f.state())) fail_at("invariant broken: " + problem, line);
    std::map<std::uint64_t, int> closings;
    for (const Event& event : f.events())
        if (event.kind == EventKind::ReferendumClosed) ++closings[event.object_id];
    for (const auto& [id, referendum] : f.state().referendums) {
        const std::string which = "referendum " + std::to_string(id) + ": ";
        const bool pending = referendum.outcome == Outcome::Pending;
        if (pending && referendum.deadline_s <= f.state().time_s) fail_at(which + "past its deadline, still pending", line);
        if (pending != (referendum.closed_at_s == 0)) fail_at(which + "closing time and outcome disagree", line);
        if (closings[id] != (pending ? 0 : 1))
            fail_at(which + std::to_string(closings[id]) + " closing events for one referendum", line);
        if (referendum.outcome == Outcome::Void && referendum.void_reason == ErrorCode::None)
            fail_at(which + "void without a reason", line);
        if (referendum.outcome == Outcome::Approved && referendum.void_reason != ErrorCode::None)
            fail_at(which + "approved with a void reason", line);
    }
    if (f.events().size() > 0 && f.state().referendums.size() + 1 != f.state().next_referendum_id)
        fail_at("referendum numbers are not consecutive", line);
}

#define VERIFY(f) verify(f, __LINE__)

// A transaction that must be accepted (op last, so braces with commas work).
#define OK(f, name, ...)                                                       \
    do {                                                                       \
        accept_tx(f, name, (f).make_tx(name, __VA_ARGS__), __LINE__);          \
        if (QTest::currentTestFailed()) return;                                \
    } while (0)
#define OK_R(var, f, name, ...)                                                      \
    const ApplyResult var = accept_tx(f, name, (f).make_tx(name, __VA_ARGS__), __LINE__); \
    if (QTest::currentTestFailed()) return
// Accepted in a block at `time` (no end of block is run).
#define OK_AT(f, name, time, ...)                                                                              \
    do {                                                                                                       \
        accept_tx(f, name, tx_until(f, name, Operation(__VA_ARGS__), (time) + kDay), __LINE__,                \
                  BlockContext{(f).height() + 1, (time)});                                                    \
        if (QTest::currentTestFailed()) return;                                                                \
    } while (0)
// A transaction that must be rejected with `code`.
#define REJECT(f, name, code, ...)                                             \
    do {                                                                       \
        reject_tx(f, name, (f).make_tx(name, __VA_ARGS__), code, __LINE__);    \
        if (QTest::currentTestFailed()) return;                                \
    } while (0)
#define REJECT_TX(f, name, code, tx)                                           \
    do {                                                                       \
        reject_tx(f, name, tx, code, __LINE__);                                \
        if (QTest::currentTestFailed()) return;                                \
    } while (0)
// Rejected in a block at `time` (no end of block is run).
#define REJECT_AT(f, name, code, time, ...)                                                                    \
    do {                                                                                                       \
        reject_tx(f, name, tx_until(f, name, Operation(__VA_ARGS__), (time) + kDay), code, __LINE__,          \
                  BlockContext{(f).height() + 1, (time)});                                                    \
        if (QTest::currentTestFailed()) return;                                                                \
    } while (0)
// A setup step that reports its own failures.
#define SETUP(...)                                                             \
    do {                                                                       \
        __VA_ARGS__;                                                           \
        if (QTest::currentTestFailed()) return;                                \
    } while (0)

// --- Setup helpers -----------------------------------------------------------

void admit_member(F& f, const std::string& name, const std::string& utility, int line) {
    f.admit(name, utility);
    if (!f.member(name)) fail_at(name + " was not admitted", line);
    verify(f, line);
}

// founder, alice and bob on Light, carol on Enel.
void four_members(F& f, int line, const std::string& carol_utility = "Enel") {
    admit_member(f, "alice", "Light", line);
    admit_member(f, "bob", "Light", line);
    admit_member(f, "carol", carol_utility, line);
}

// A plant proposed by the founder, approved, fully funded by `pledges` (its
// cost is their sum) and started. Returns its id.
std::uint64_t operating_plant(F& f, std::uint64_t capacity_w,
                              const std::vector<std::pair<std::string, std::uint64_t>>& pledges, int line,
                              const std::string& utility = "Light") {
    std::uint64_t cost = 0;
    for (const auto& [name, amount] : pledges) cost += amount;
    const std::uint64_t id = f.approved_plant("founder", capacity_w, cost, utility);
    if (f.state().plants.at(id).status != PlantStatus::Campaign) {
        fail_at("the plant's campaign did not open", line);
        return id;
    }
    for (const auto& [name, amount] : pledges) {
        const ApplyResult r = f.apply(name, PlacePledge{id, amount});
        if (!r.ok()) {
            fail_at("pledge by " + name + " rejected: " + r.rejection->message, line);
            return id;
        }
    }
    if (f.state().plants.at(id).status != PlantStatus::Building) fail_at("the plant was not funded", line);
    f.end_block(30 * kDay);
    if (f.state().plants.at(id).status != PlantStatus::Operating) fail_at("the plant did not start", line);
    verify(f, line);
    return id;
}

// Four members; plant 1 (1000 W) operating, funded 500:300:200 by founder,
// alice and bob, who hold that many W of quota. Tokens: 1500, 1300, 1200,
// and 1000 for carol (Enel, no quota).
void quota_group(F& f, int line) {
    four_members(f, line);
    if (QTest::currentTestFailed()) return;
    operating_plant(f, 1000, {{"founder", 500'00}, {"alice", 300'00}, {"bob", 200'00}}, line);
}

ProposePlant plant_op(std::uint64_t capacity_w = 1000, std::uint64_t cost_cents = 1000'00,
                      const std::string& utility = "Light") {
    return ProposePlant{"Usina Sol", PlantSource::Solar, capacity_w, cost_cents, utility, "Niterói, RJ", 30 * kDay};
}

// Every member of the electorate votes YES, then the vote closes.
std::vector<Event> pass(F& f, std::uint64_t referendum_id) {
    f.everyone_votes(referendum_id, true);
    return f.close_votes();
}

std::uint64_t last_referendum(F& f) { return f.state().next_referendum_id - 1; }
const Referendum& referendum(F& f, std::uint64_t id) { return f.state().referendums.at(id); }
const Plant& plant(F& f, std::uint64_t id) { return f.state().plants.at(id); }
const Offer& offer(F& f, std::uint64_t id) { return f.state().offers.at(id); }

std::uint64_t quota(F& f, const std::string& name) { return f.member(name) ? f.member(name)->quota_w : 0; }
std::uint64_t tokens(F& f, const std::string& name) { return f.member(name) ? f.member(name)->tokens_msb : 0; }

std::set<AccountId> member_set(F& f) {
    std::set<AccountId> out;
    for (const auto& [account, member] : f.state().members) out.insert(account);
    return out;
}

PublicKey fresh_key() { return crypto::KeyPair::generate().public_key(); }

ProposeChange change(Change c) { return ProposeChange{std::move(c), "a correction"}; }

} // namespace

class TestRules : public QObject {
    Q_OBJECT

private slots:
    // --- Every transaction ----------------------------------------------------
    void envelope_wrong_group() {
        F f;
        Transaction tx = f.make_tx("founder", UpdateProfile{Hash256{}, F::sealed_profile(0)});
        tx.group_id[0] ^= 1;
        tx.sign(f.key("founder"));
        REJECT_TX(f, "founder", ErrorCode::WrongGroup, tx);
        // The group is checked before the nonce.
        tx.nonce = 7;
        tx.sign(f.key("founder"));
        REJECT_TX(f, "founder", ErrorCode::WrongGroup, tx);
        // A non-member's admission signed for another group.
        Transaction admission = f.make_tx("alice", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        admission.group_id = Hash256{};
        admission.sign(f.key("alice"));
        REJECT_TX(f, "alice", ErrorCode::WrongGroup, admission);
        VERIFY(f);
    }

    void envelope_bad_nonce() {
        F f;
        const Transaction first = f.make_tx("founder", UpdateProfile{Hash256{}, F::sealed_profile(0)});
        EQ(first.nonce, 1);
        accept_tx(f, "founder", first, __LINE__);
        if (QTest::currentTestFailed()) return;
        EQ(nonce_of(f, "founder"), 1);
        // Replay of a used nonce.
        REJECT_TX(f, "founder", ErrorCode::BadNonce, first);
        // A gap.
        Transaction gap = f.make_tx("founder", UpdateProfile{Hash256{}, F::sealed_profile(0)});
        gap.nonce += 1;
        gap.sign(f.key("founder"));
        REJECT_TX(f, "founder", ErrorCode::BadNonce, gap);
        // A non-member's first transaction must use nonce 1, not 0 or 2.
        Transaction zero = f.make_tx("alice", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        zero.nonce = 0;
        zero.sign(f.key("alice"));
        REJECT_TX(f, "alice", ErrorCode::BadNonce, zero);
        zero.nonce = 2;
        zero.sign(f.key("alice"));
        REJECT_TX(f, "alice", ErrorCode::BadNonce, zero);
        // The nonce comes before membership: a non-member with a bad nonce.
        Transaction stranger = f.make_tx("stranger", GiftTokens{f.account("founder"), 1});
        stranger.nonce = 5;
        stranger.sign(f.key("stranger"));
        REJECT_TX(f, "stranger", ErrorCode::BadNonce, stranger);
        // A rejected transaction leaves its nonce free for the next one.
        REJECT(f, "founder", ErrorCode::InvalidProfile, UpdateProfile{Hash256{}, SealedProfile{0, {}}});
        const Transaction next = f.make_tx("founder", UpdateProfile{Hash256{}, F::sealed_profile(0)});
        EQ(next.nonce, 2);
        accept_tx(f, "founder", next, __LINE__);
        if (QTest::currentTestFailed()) return;
        EQ(nonce_of(f, "founder"), 2);
        VERIFY(f);
    }

    void envelope_expired() {
        F f;
        REJECT_TX(f, "founder", ErrorCode::Expired,
                  tx_until(f, "founder", UpdateProfile{Hash256{}, F::sealed_profile(0)}, f.now() - 1));
        // A transaction that waited too long for its block.
        const Transaction late = f.make_tx("founder", UpdateProfile{Hash256{}, F::sealed_profile(0)});
        f.end_block(2 * kDay);
        REJECT_TX(f, "founder", ErrorCode::Expired, late);
        // Valid until exactly the block time is still valid.
        accept_tx(f, "founder", tx_until(f, "founder", UpdateProfile{Hash256{}, F::sealed_profile(0)}, f.now()),
                  __LINE__);
        if (QTest::currentTestFailed()) return;
        EQ(nonce_of(f, "founder"), 1);
        VERIFY(f);
    }

    void envelope_not_a_member() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        // Something to refer to: an open admission referendum, a campaign, an offer.
        OK(f, "bob", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        const std::uint64_t bob_referendum = last_referendum(f);
        const AccountId founder = f.account("founder");
        const std::vector<Operation> ops = {
            CastVote{bob_referendum, true},
            plant_op(),
            PlacePledge{1, 100'00},
            WithdrawPledge{1},
            MakeOffer{founder, OfferSide::BuyQuota, 1, 1, f.now() + kDay},
            AcceptOffer{1},
            DeclineOffer{1},
            CancelOffer{1},
            GiftQuota{founder, 1},
            GiftTokens{founder, 1},
            UpdateProfile{Hash256{}, F::sealed_profile(0)},
            change(MoveTokens{founder, f.account("alice"), 1}),
            ShareDataKey{f.account("alice"), 0, Bytes{1}},
            RotateDataKey{1, fresh_key(), {KeyShare{founder, Bytes{1}}}},
            RecordConsumption{202601, 1, f.now(), Connection::SinglePhase},
            RecordGeneration{1, 202601, 1},
        };
        EQ(ops.size(), std::variant_size_v<Operation> - 1);
        for (const Operation& op : ops) {
            reject_tx(f, "stranger", f.make_tx("stranger", op), ErrorCode::NotAMember, __LINE__);
            if (QTest::currentTestFailed()) return;
        }
        // An applicant is not a member yet either, even on their own vote.
        REJECT(f, "bob", ErrorCode::NotAMember, CastVote{bob_referendum, true});
        REJECT(f, "bob", ErrorCode::NotAMember, GiftTokens{founder, 1});
        EQ(nonce_of(f, "stranger"), 0);
        VERIFY(f);
    }

    void envelope_non_member_may_request_admission() {
        F f;
        QVERIFY(!f.member("stranger"));
        OK_R(r, f, "stranger", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        QCOMPARE(kinds(r.events), QString("referendum_opened admission_requested"));
        EQ(nonce_of(f, "stranger"), 1);
        QVERIFY(f.state().applicants.count(f.account("stranger")) == 1);
        VERIFY(f);
    }

    // --- Admission ------------------------------------------------------------
    void admission_success() {
        F f;
        Hash256 commitment{};
        commitment.fill(7);
        const SealedProfile profile{0, Bytes{4, 5, 6}};
        const std::int64_t t0 = f.now();
        OK_R(r, f, "alice", RequestAdmission{"Light", commitment, profile});
        QCOMPARE(kinds(r.events), QString("referendum_opened admission_requested"));
        const AccountId alice = f.account("alice");
        const AccountId founder = f.account("founder");
        EQ(r.events[0].object_id, 1);
        EQ(r.events[0].amount, ReferendumKind::Admission);
        EQ(r.events[0].amount2, 1);
        QVERIFY(r.events[0].actor == alice);
        QVERIFY(r.events[1].actor == alice);
        EQ(r.events[1].object_id, 1);
        QCOMPARE(QString::fromStdString(r.events[1].text), QString("Light"));

        const Referendum& ref = referendum(f, 1);
        EQ(ref.kind, ReferendumKind::Admission);
        QVERIFY(ref.applicant == alice);
        QVERIFY(ref.proposer == alice);
        EQ_T(ref.opened_at_s, t0);
        EQ_T(ref.deadline_s, t0 + 30 * kDay);
        QVERIFY(ref.electorate == member_set(f));
        QVERIFY(ref.electorate == std::set<AccountId>{founder});
        QVERIFY(ref.ballots.empty());
        EQ(ref.outcome, Outcome::Pending);
        EQ(ref.approval_rule, ApprovalRule::MajorityOfElectorate);

        const Applicant& applicant = f.state().applicants.at(alice);
        QVERIFY(applicant.account == alice);
        QVERIFY(applicant.public_key == f.key("alice").public_key());
        EQ_S(applicant.utility, std::string("Light"));
        QVERIFY(applicant.profile_commitment == commitment);
        QVERIFY(applicant.profile == profile);
        EQ(applicant.referendum_id, 1);
        EQ_T(applicant.requested_at_s, t0);
        QVERIFY(!f.member("alice"));
        EQ(nonce_of(f, "alice"), 1);
        VERIFY(f);

        OK(f, "founder", CastVote{1, true});
        const std::vector<Event> closed = f.close_votes();
        QCOMPARE(kinds(closed), QString("member_admitted tokens_issued referendum_closed"));
        QVERIFY(closed[0].subject == alice);
        EQ(closed[0].object_id, 1);
        QVERIFY(closed[1].subject == alice);
        EQ(closed[1].amount, kWelcome);
        EQ(closed[2].object_id, 1);
        EQ(closed[2].amount, 1);
        EQ(closed[2].amount2, 0);
        QCOMPARE(QString::fromStdString(closed[2].text), QString("approved"));

        const Member* member = f.member("alice");
        QVERIFY(member);
        QVERIFY(member->public_key == f.key("alice").public_key());
        EQ_S(member->utility, std::string("Light"));
        QVERIFY(member->profile_commitment == commitment);
        QVERIFY(member->profile == profile);
        EQ(member->quota_w, 0);
        EQ(member->tokens_msb, kWelcome);
        EQ_T(member->admitted_at_s, t0 + 30 * kDay);
        EQ(member->key_epoch, kNoKeyEpoch); // gets the data key by share_data_key
        EQ(f.state().tokens_issued_msb, 2 * kWelcome);
        QVERIFY(f.state().applicants.empty());
        EQ(referendum(f, 1).outcome, Outcome::Approved);
        EQ_T(referendum(f, 1).closed_at_s, t0 + 30 * kDay);
        VERIFY(f);

        // The next admission's electorate is every member at opening.
        OK(f, "bob", RequestAdmission{"Enel", Hash256{}, F::sealed_profile(0)});
        QVERIFY(referendum(f, 2).electorate == (std::set<AccountId>{founder, alice}));
        VERIFY(f);
    }

    void admission_already_member() {
        F f;
        REJECT(f, "founder", ErrorCode::AlreadyMember, RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        REJECT(f, "alice", ErrorCode::AlreadyMember, RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        VERIFY(f);
    }

    void admission_pending() {
        F f;
        OK(f, "alice", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        REJECT(f, "alice", ErrorCode::AdmissionPending, RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        REJECT(f, "alice", ErrorCode::AdmissionPending, RequestAdmission{"Enel", Hash256{}, F::sealed_profile(0)});
        EQ(f.state().referendums.size(), 1);
        VERIFY(f);
    }

    void admission_invalid_utility() {
        F f;
        REJECT(f, "alice", ErrorCode::InvalidUtility, RequestAdmission{"", Hash256{}, F::sealed_profile(0)});
        REJECT(f, "alice", ErrorCode::InvalidUtility,
               RequestAdmission{std::string(121, 'x'), Hash256{}, F::sealed_profile(0)});
        OK(f, "alice", RequestAdmission{std::string(120, 'x'), Hash256{}, F::sealed_profile(0)});
        VERIFY(f);
    }

    void admission_invalid_profile() {
        F f;
        REJECT(f, "alice", ErrorCode::InvalidProfile, RequestAdmission{"Light", Hash256{}, SealedProfile{0, {}}});
        REJECT(f, "alice", ErrorCode::InvalidProfile, RequestAdmission{"Light", Hash256{}, SealedProfile{1, {9}}});
        REJECT(f, "alice", ErrorCode::InvalidProfile,
               RequestAdmission{"Light", Hash256{}, SealedProfile{kNoKeyEpoch, {9}}});
        QVERIFY(f.state().applicants.empty());
        VERIFY(f);
    }

    void admission_rejected_can_ask_again() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        const std::uint64_t issued = f.state().tokens_issued_msb;
        OK(f, "bob", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        const std::uint64_t id = last_referendum(f);
        OK(f, "founder", CastVote{id, true});
        OK(f, "alice", CastVote{id, false});
        const std::vector<Event> closed = f.close_votes();
        QCOMPARE(kinds(closed), QString("admission_rejected referendum_closed"));
        QVERIFY(closed[0].subject == f.account("bob"));
        EQ(closed[0].object_id, id);
        QCOMPARE(QString::fromStdString(closed[1].text), QString("rejected"));
        EQ(closed[1].amount, 1);
        EQ(closed[1].amount2, 1);
        EQ(referendum(f, id).outcome, Outcome::Rejected);
        QVERIFY(!f.member("bob"));
        QVERIFY(f.state().applicants.empty());
        EQ(f.state().tokens_issued_msb, issued);
        VERIFY(f);
        // Bob may ask again.
        OK(f, "bob", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        EQ(nonce_of(f, "bob"), 2);
        EQ(f.state().applicants.at(f.account("bob")).referendum_id, id + 1);
        VERIFY(f);
    }

    // --- Votes ----------------------------------------------------------------
    void vote_success() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        OK(f, "founder", plant_op());
        const std::uint64_t id = last_referendum(f);
        OK_R(r, f, "alice", CastVote{id, true});
        QCOMPARE(kinds(r.events), QString("vote_cast"));
        QVERIFY(r.events[0].actor == f.account("alice"));
        EQ(r.events[0].object_id, id);
        EQ(r.events[0].amount, 1);
        EQ(referendum(f, id).ballots.size(), 1);
        QVERIFY(referendum(f, id).ballots.at(f.account("alice")));
        OK_R(no, f, "founder", CastVote{id, false});
        EQ(no.events[0].amount, 0);
        QVERIFY(!referendum(f, id).ballots.at(f.account("founder")));
        EQ(referendum(f, id).yes_count(), 1);
        EQ(referendum(f, id).no_count(), 1);
        VERIFY(f);
    }

    void vote_change_counts_once() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        OK(f, "founder", plant_op());
        const std::uint64_t id = last_referendum(f);
        OK(f, "alice", CastVote{id, true});
        OK_R(r, f, "alice", CastVote{id, false});
        EQ(r.events[0].amount, 0);
        EQ(referendum(f, id).ballots.size(), 1);
        EQ(referendum(f, id).yes_count(), 0);
        EQ(referendum(f, id).no_count(), 1);
        OK(f, "founder", CastVote{id, true});
        const std::vector<Event> closed = f.close_votes();
        const std::vector<Event> closing = of_kind(closed, EventKind::ReferendumClosed);
        QCOMPARE(closing.size(), std::size_t{1});
        EQ(closing[0].amount, 1);
        EQ(closing[0].amount2, 1);
        // 1 YES of an electorate of 2 is not more than half.
        EQ(referendum(f, id).outcome, Outcome::Rejected);
        VERIFY(f);
    }

    void vote_unchanged() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        OK(f, "founder", plant_op());
        const std::uint64_t id = last_referendum(f);
        OK(f, "alice", CastVote{id, true});
        REJECT(f, "alice", ErrorCode::VoteUnchanged, CastVote{id, true});
        OK(f, "founder", CastVote{id, false});
        REJECT(f, "founder", ErrorCode::VoteUnchanged, CastVote{id, false});
        VERIFY(f);
    }

    void vote_unknown_referendum() {
        F f;
        REJECT(f, "founder", ErrorCode::UnknownReferendum, CastVote{1, true});
        OK(f, "founder", plant_op());
        REJECT(f, "founder", ErrorCode::UnknownReferendum, CastVote{0, true});
        REJECT(f, "founder", ErrorCode::UnknownReferendum, CastVote{2, true});
        VERIFY(f);
    }

    void vote_referendum_closed() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        OK(f, "founder", plant_op());
        const std::uint64_t id = last_referendum(f);
        const std::int64_t deadline = referendum(f, id).deadline_s;
        EQ_T(deadline, f.now() + 30 * kDay);
        // In a block at the deadline, before its end closes the vote.
        REJECT_AT(f, "alice", ErrorCode::ReferendumClosed, deadline, CastVote{id, true});
        REJECT_AT(f, "alice", ErrorCode::ReferendumClosed, deadline + kDay, CastVote{id, true});
        // One second earlier is still in time.
        OK_AT(f, "alice", deadline - 1, CastVote{id, true});
        QVERIFY(referendum(f, id).ballots.at(f.account("alice")));
        // end_block at the deadline closes it; every vote after is refused.
        f.close_votes();
        EQ_T(f.now(), deadline);
        QVERIFY(referendum(f, id).outcome != Outcome::Pending);
        REJECT(f, "founder", ErrorCode::ReferendumClosed, CastVote{id, true});
        REJECT(f, "alice", ErrorCode::ReferendumClosed, CastVote{id, false});
        VERIFY(f);
    }

    void vote_not_in_electorate() {
        F f;
        const std::int64_t t0 = f.now();
        OK(f, "alice", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        OK(f, "founder", CastVote{1, true});
        f.end_block(kDay);
        OK(f, "founder", plant_op());
        const std::uint64_t plant_vote = last_referendum(f);
        EQ_T(referendum(f, plant_vote).deadline_s, t0 + 31 * kDay);
        f.end_block(29 * kDay); // alice's admission closes; the plant vote is still open
        QVERIFY(f.member("alice"));
        EQ(referendum(f, plant_vote).outcome, Outcome::Pending);
        REJECT(f, "alice", ErrorCode::NotInElectorate, CastVote{plant_vote, true});
        OK(f, "founder", CastVote{plant_vote, true});
        VERIFY(f);
    }

    // --- Referendum outcomes --------------------------------------------------
    void outcome_majority_of_electorate() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        SETUP(admit_member(f, "bob", "Light", __LINE__));
        // Electorate of 3: 2 YES is more than half.
        OK(f, "carol", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        const std::uint64_t carol_vote = last_referendum(f);
        OK(f, "founder", CastVote{carol_vote, true});
        OK(f, "alice", CastVote{carol_vote, true});
        f.close_votes();
        EQ(referendum(f, carol_vote).outcome, Outcome::Approved);
        QVERIFY(f.member("carol"));
        EQ(f.state().members.size(), 4);

        // Electorate of 4: 2 YES (abstention counts as NO) is rejected,
        // 3 YES approved, 2 YES and 2 NO rejected.
        OK(f, "founder", plant_op());
        const std::uint64_t two = last_referendum(f);
        OK(f, "founder", plant_op());
        const std::uint64_t three = last_referendum(f);
        OK(f, "founder", plant_op());
        const std::uint64_t tie = last_referendum(f);
        for (const char* name : {"founder", "alice"}) OK(f, name, CastVote{two, true});
        for (const char* name : {"founder", "alice", "bob"}) OK(f, name, CastVote{three, true});
        for (const char* name : {"founder", "alice"}) OK(f, name, CastVote{tie, true});
        for (const char* name : {"bob", "carol"}) OK(f, name, CastVote{tie, false});
        EQ(referendum(f, two).yes_needed(), 3);
        const std::vector<Event> closed = f.close_votes();
        EQ(of_kind(closed, EventKind::ReferendumClosed).size(), 3);
        EQ(referendum(f, two).outcome, Outcome::Rejected);
        EQ(referendum(f, three).outcome, Outcome::Approved);
        EQ(referendum(f, tie).outcome, Outcome::Rejected);
        EQ(plant(f, referendum(f, two).plant_id).status, PlantStatus::Rejected);
        EQ(plant(f, referendum(f, three).plant_id).status, PlantStatus::Campaign);
        EQ(plant(f, referendum(f, tie).plant_id).status, PlantStatus::Rejected);
        for (const std::uint64_t id : {two, three, tie}) EQ_T(referendum(f, id).closed_at_s, f.now());
        VERIFY(f);
    }

    void outcome_quorum_rule() {
        F f;
        SETUP(four_members(f, __LINE__, "Light"));
        GroupParams quorum;
        quorum.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
        quorum.quorum_percent = 50;
        OK(f, "founder", change(ChangeParams{quorum}));
        const std::uint64_t params_vote = last_referendum(f);
        OK(f, "founder", plant_op());
        const std::uint64_t before = last_referendum(f);
        f.everyone_votes(params_vote, true);
        for (const char* name : {"founder", "alice"}) OK(f, name, CastVote{before, true});
        const std::vector<Event> closed = f.close_votes();
        EQ(referendum(f, params_vote).outcome, Outcome::Approved);
        EQ(of_kind(closed, EventKind::ParamsChanged).size(), 1);
        QVERIFY(f.state().params == quorum);
        // The rule in force when `before` opened still applies: 2 of 4 is rejected.
        EQ(referendum(f, before).approval_rule, ApprovalRule::MajorityOfElectorate);
        EQ(referendum(f, before).outcome, Outcome::Rejected);
        VERIFY(f);

        std::vector<std::uint64_t> ids;
        for (int i = 0; i < 5; ++i) {
            OK(f, "founder", plant_op());
            ids.push_back(last_referendum(f));
            EQ(referendum(f, ids.back()).approval_rule, ApprovalRule::MajorityOfVotesWithQuorum);
            EQ(referendum(f, ids.back()).quorum_percent, 50);
        }
        // 1 YES: 1 of 4 voted, below the 50 % quorum.
        OK(f, "founder", CastVote{ids[0], true});
        // 2 YES, 0 NO: exactly the quorum (2 × 100 ≥ 50 × 4).
        for (const char* name : {"founder", "alice"}) OK(f, name, CastVote{ids[1], true});
        // 1 YES, 1 NO: not more YES than NO.
        OK(f, "founder", CastVote{ids[2], true});
        OK(f, "alice", CastVote{ids[2], false});
        // 2 YES, 1 NO.
        for (const char* name : {"founder", "alice"}) OK(f, name, CastVote{ids[3], true});
        OK(f, "bob", CastVote{ids[3], false});
        // Everyone NO.
        f.everyone_votes(ids[4], false);
        f.close_votes();
        EQ(referendum(f, ids[0]).outcome, Outcome::Rejected);
        EQ(referendum(f, ids[1]).outcome, Outcome::Approved);
        EQ(referendum(f, ids[2]).outcome, Outcome::Rejected);
        EQ(referendum(f, ids[3]).outcome, Outcome::Approved);
        EQ(referendum(f, ids[4]).outcome, Outcome::Rejected);
        EQ(plant(f, referendum(f, ids[1]).plant_id).status, PlantStatus::Campaign);
        EQ(plant(f, referendum(f, ids[0]).plant_id).status, PlantStatus::Rejected);
        VERIFY(f);
    }

    void outcome_void_move_quota() {
        F f;
        SETUP(quota_group(f, __LINE__));
        OK(f, "founder", change(MoveQuota{f.account("alice"), f.account("founder"), 300}));
        const std::uint64_t id = last_referendum(f);
        f.everyone_votes(id, true);
        // Before the vote closes alice gives 1 W away: she no longer holds 300 W.
        OK(f, "alice", GiftQuota{f.account("bob"), 1});
        const std::vector<Event> closed = f.close_votes();
        QCOMPARE(kinds(closed), QString("referendum_closed"));
        QCOMPARE(QString::fromStdString(closed[0].text), QString("void"));
        EQ(closed[0].amount, 4);
        EQ(referendum(f, id).outcome, Outcome::Void);
        EQ(referendum(f, id).void_reason, ErrorCode::InsufficientQuota);
        EQ(quota(f, "founder"), 500);
        EQ(quota(f, "alice"), 299);
        EQ(quota(f, "bob"), 201);
        VERIFY(f);
    }

    void outcome_plant_removed_during_its_vote() {
        F f;
        const std::int64_t t0 = f.now();
        GroupParams fast;
        fast.referendum_period_s = 3600;
        OK(f, "founder", change(ChangeParams{fast}));
        OK(f, "founder", CastVote{1, true});
        f.end_block(kDay);
        OK(f, "founder", plant_op());
        const std::uint64_t approve = last_referendum(f);
        OK(f, "founder", plant_op());
        const std::uint64_t reject = last_referendum(f);
        OK(f, "founder", CastVote{approve, true});
        OK(f, "founder", CastVote{reject, false});
        f.end_block(29 * kDay);
        QVERIFY(f.state().params == fast);
        // Both proposed plants are removed by quick referendums.
        for (const std::uint64_t id : {referendum(f, approve).plant_id, referendum(f, reject).plant_id}) {
            OK(f, "founder", change(RemovePlant{id}));
            OK(f, "founder", CastVote{last_referendum(f), true});
        }
        f.end_block(3600);
        EQ(plant(f, referendum(f, approve).plant_id).status, PlantStatus::Removed);
        EQ(plant(f, referendum(f, reject).plant_id).status, PlantStatus::Removed);
        VERIFY(f);
        const std::vector<Event> closed = f.end_block(kDay - 3600);
        EQ_T(f.now(), t0 + 31 * kDay);
        QCOMPARE(kinds(closed), QString("referendum_closed referendum_closed"));
        EQ(referendum(f, approve).outcome, Outcome::Void);
        EQ(referendum(f, approve).void_reason, ErrorCode::PlantNotRemovable);
        EQ(referendum(f, reject).outcome, Outcome::Rejected);
        EQ(plant(f, referendum(f, approve).plant_id).status, PlantStatus::Removed);
        EQ(plant(f, referendum(f, reject).plant_id).status, PlantStatus::Removed);
        VERIFY(f);
        // A rejection records no void reason (RULES.md: the reason is that of a void outcome).
        EQ(referendum(f, reject).void_reason, ErrorCode::None);
    }

    // --- Plants ---------------------------------------------------------------
    void propose_plant_success() {
        F f;
        const ProposePlant op{"Usina Serra", PlantSource::Wind, 75'000, 350'000'00, "Light", "Petrópolis, RJ",
                              45 * kDay};
        OK_R(r, f, "founder", op);
        QCOMPARE(kinds(r.events), QString("referendum_opened plant_proposed"));
        EQ(r.events[0].amount, ReferendumKind::Plant);
        const Event& proposed = r.events[1];
        QVERIFY(proposed.actor == f.account("founder"));
        EQ(proposed.object_id, 1);
        EQ(proposed.amount, 75'000);
        EQ(proposed.amount2, 350'000'00);
        QCOMPARE(QString::fromStdString(proposed.text), QString("Usina Serra"));
        const Plant& p = plant(f, 1);
        EQ(p.id, 1);
        EQ_S(p.name, op.name);
        EQ(p.source, PlantSource::Wind);
        EQ(p.capacity_w, 75'000);
        EQ(p.cost_cents, 350'000'00);
        EQ_S(p.utility, std::string("Light"));
        EQ_S(p.location, std::string("Petrópolis, RJ"));
        EQ(p.time_to_market_s, 45 * kDay);
        QVERIFY(p.proposer == f.account("founder"));
        EQ(p.status, PlantStatus::Proposed);
        EQ(p.referendum_id, 1);
        EQ_T(p.proposed_at_s, f.now());
        QVERIFY(p.pledges_cents.empty());
        EQ(p.pledged_cents, 0);
        EQ(referendum(f, 1).kind, ReferendumKind::Plant);
        EQ(referendum(f, 1).plant_id, 1);
        EQ(f.state().next_plant_id, 2);
        EQ(f.state().capacity_w, 0);
        VERIFY(f);
    }

    void propose_plant_failures() {
        F f;
        const auto with = [](std::function<void(ProposePlant&)> edit) {
            ProposePlant op = plant_op();
            edit(op);
            return op;
        };
        REJECT(f, "founder", ErrorCode::InvalidPlantName, with([](ProposePlant& p) { p.name = ""; }));
        REJECT(f, "founder", ErrorCode::InvalidPlantName, with([](ProposePlant& p) { p.name = std::string(121, 'n'); }));
        REJECT(f, "founder", ErrorCode::InvalidCapacity, with([](ProposePlant& p) { p.capacity_w = 0; }));
        REJECT(f, "founder", ErrorCode::InvalidCapacity,
               with([](ProposePlant& p) { p.capacity_w = kPlantCapacityLimitW + 1; }));
        REJECT(f, "founder", ErrorCode::InvalidCost, with([](ProposePlant& p) { p.cost_cents = 0; }));
        REJECT(f, "founder", ErrorCode::InvalidUtility, with([](ProposePlant& p) { p.utility = ""; }));
        REJECT(f, "founder", ErrorCode::InvalidUtility, with([](ProposePlant& p) { p.utility = std::string(121, 'u'); }));
        REJECT(f, "founder", ErrorCode::InvalidLocation, with([](ProposePlant& p) { p.location = ""; }));
        REJECT(f, "founder", ErrorCode::InvalidLocation,
               with([](ProposePlant& p) { p.location = std::string(121, 'l'); }));
        REJECT(f, "founder", ErrorCode::TimeToMarketTooShort,
               with([](ProposePlant& p) { p.time_to_market_s = 30 * kDay - 1; }));
        REJECT(f, "founder", ErrorCode::TimeToMarketTooShort, with([](ProposePlant& p) { p.time_to_market_s = 0; }));
        QVERIFY(f.state().plants.empty());
        // The limits themselves are allowed.
        OK(f, "founder", with([](ProposePlant& p) {
               p.name = std::string(120, 'n');
               p.source = PlantSource::Hydro; // dispatchable: the 5 MW limit (solar stops at 3 MW)
               p.capacity_w = kPlantCapacityLimitW;
               p.location = std::string(120, 'l');
               p.time_to_market_s = 30 * kDay;
           }));
        OK(f, "founder", with([](ProposePlant& p) { p.capacity_w = 1; }));
        EQ(f.state().plants.size(), 2);
        VERIFY(f);
    }

    // RULES.md: amount arithmetic that would overflow 64 bits is rejected with
    // amount_too_large; MISSION.md: a plant starts at close + time to market.
    void propose_plant_time_to_market_too_long() {
        F f;
        ProposePlant op = plant_op(1000, 100'00);
        op.time_to_market_s = std::numeric_limits<std::uint64_t>::max();
        REJECT(f, "founder", ErrorCode::TimeToMarketTooLong, op);
        op.time_to_market_s = kTimeToMarketMaxS + 1;
        REJECT(f, "founder", ErrorCode::TimeToMarketTooLong, op);
        // The longest allowed time to market still starts the plant only after it.
        op.time_to_market_s = kTimeToMarketMaxS;
        OK(f, "founder", op);
        const std::uint64_t id = f.state().next_plant_id - 1;
        pass(f, plant(f, id).referendum_id);
        OK(f, "founder", PlacePledge{id, 100'00});
        EQ(plant(f, id).status, PlantStatus::Building);
        QVERIFY(plant(f, id).operating_at_s == plant(f, id).funded_at_s + std::int64_t(kTimeToMarketMaxS));
        f.end_block();
        EQ(plant(f, id).status, PlantStatus::Building);
        EQ(f.state().capacity_w, 0);
        VERIFY(f);
    }

    void plant_vote_rejected() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        OK(f, "founder", plant_op());
        const std::uint64_t id = last_referendum(f);
        f.everyone_votes(id, false);
        const std::vector<Event> closed = f.close_votes();
        QCOMPARE(kinds(closed), QString("plant_rejected referendum_closed"));
        EQ(closed[0].object_id, 1);
        QCOMPARE(QString::fromStdString(closed[0].text), QString("Usina Sol"));
        EQ(plant(f, 1).status, PlantStatus::Rejected);
        EQ_T(plant(f, 1).closed_at_s, f.now());
        EQ(referendum(f, id).outcome, Outcome::Rejected);
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, PlacePledge{1, 100'00});
        VERIFY(f);
    }

    void plant_vote_approved_opens_campaign() {
        F f;
        OK(f, "founder", plant_op(2000, 5000'00));
        const std::vector<Event> closed = pass(f, last_referendum(f));
        QCOMPARE(kinds(closed), QString("campaign_opened referendum_closed"));
        EQ(closed[0].object_id, 1);
        EQ(closed[0].amount, 5000'00);
        const Plant& p = plant(f, 1);
        EQ(p.status, PlantStatus::Campaign);
        EQ_T(p.campaign_opened_at_s, f.now());
        EQ_T(p.campaign_deadline_s, f.now() + 60 * kDay);
        EQ(p.pledged_cents, 0);
        VERIFY(f);
    }

    // --- Pledges --------------------------------------------------------------
    void pledge_success_and_change() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00);
        OK_R(r, f, "alice", PlacePledge{id, 300'00});
        QCOMPARE(kinds(r.events), QString("pledge_placed"));
        QVERIFY(r.events[0].actor == f.account("alice"));
        EQ(r.events[0].object_id, id);
        EQ(r.events[0].amount, 300'00);
        EQ(r.events[0].amount2, 0);
        EQ(plant(f, id).pledged_cents, 300'00);
        EQ(plant(f, id).pledges_cents.at(f.account("alice")), 300'00);
        // A change replaces the pledge.
        OK_R(lower, f, "alice", PlacePledge{id, 200'00});
        EQ(lower.events[0].amount, 200'00);
        EQ(lower.events[0].amount2, 300'00);
        EQ(plant(f, id).pledged_cents, 200'00);
        EQ(plant(f, id).pledges_cents.size(), 1);
        OK(f, "bob", PlacePledge{id, 150'00});
        OK(f, "alice", PlacePledge{id, 500'00});
        EQ(plant(f, id).pledged_cents, 650'00);
        EQ(plant(f, id).pledges_cents.at(f.account("alice")), 500'00);
        EQ(plant(f, id).pledges_cents.at(f.account("bob")), 150'00);
        EQ(plant(f, id).status, PlantStatus::Campaign);
        VERIFY(f);
    }

    void pledge_completes_campaign() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00, "Light", 45);
        OK(f, "alice", PlacePledge{id, 600'00});
        f.end_block(kDay);
        OK_R(r, f, "bob", PlacePledge{id, 400'00});
        QCOMPARE(kinds(r.events), QString("pledge_placed campaign_succeeded"));
        EQ(r.events[1].object_id, id);
        EQ(r.events[1].amount, 1000'00);
        const Plant& p = plant(f, id);
        EQ(p.status, PlantStatus::Building);
        EQ(p.pledged_cents, 1000'00);
        EQ_T(p.funded_at_s, f.now());
        EQ_T(p.operating_at_s, f.now() + 45 * kDay);
        // Closed at once: no more pledges, changes or withdrawals.
        REJECT(f, "founder", ErrorCode::CampaignNotOpen, PlacePledge{id, 100'00});
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, PlacePledge{id, 500'00});
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, WithdrawPledge{id});
        // Its campaign deadline passing later does not fail it.
        f.end_block(60 * kDay);
        EQ(plant(f, id).status, PlantStatus::Operating);
        VERIFY(f);
    }

    void pledge_final_below_minimum() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 250'00);
        OK(f, "alice", PlacePledge{id, 200'00});
        // 50,00 is missing: less than the minimum is refused unless it is exactly that.
        REJECT(f, "bob", ErrorCode::BidBelowMinimum, PlacePledge{id, 40'00});
        OK_R(r, f, "bob", PlacePledge{id, 50'00});
        QCOMPARE(kinds(r.events), QString("pledge_placed campaign_succeeded"));
        EQ(plant(f, id).status, PlantStatus::Building);
        EQ(plant(f, id).pledges_cents.at(f.account("bob")), 50'00);
        VERIFY(f);
    }

    void pledge_failures() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00);
        REJECT(f, "alice", ErrorCode::UnknownPlant, PlacePledge{99, 100'00});
        REJECT(f, "alice", ErrorCode::UnknownPlant, PlacePledge{0, 100'00});
        REJECT(f, "carol", ErrorCode::WrongUtility, PlacePledge{id, 100'00});
        REJECT(f, "alice", ErrorCode::BidBelowMinimum, PlacePledge{id, 99'99});
        REJECT(f, "alice", ErrorCode::BidBelowMinimum, PlacePledge{id, 1});
        REJECT(f, "alice", ErrorCode::BidAboveMissing, PlacePledge{id, 1000'01});
        // A pledge of 0 with no pledge changes nothing.
        REJECT(f, "alice", ErrorCode::PledgeUnchanged, PlacePledge{id, 0});
        OK(f, "alice", PlacePledge{id, 600'00});
        REJECT(f, "alice", ErrorCode::PledgeUnchanged, PlacePledge{id, 600'00});
        REJECT(f, "bob", ErrorCode::BidAboveMissing, PlacePledge{id, 400'01});
        // A change may take up to what is missing plus the author's own pledge.
        REJECT(f, "alice", ErrorCode::BidAboveMissing, PlacePledge{id, 1000'01});
        REJECT(f, "alice", ErrorCode::BidBelowMinimum, PlacePledge{id, 50'00});
        OK(f, "alice", PlacePledge{id, 1000'00});
        EQ(plant(f, id).status, PlantStatus::Building);
        VERIFY(f);
    }

    void pledge_campaign_not_open() {
        F f;
        SETUP(four_members(f, __LINE__));
        // Before the plant is approved.
        OK(f, "founder", plant_op());
        const std::uint64_t proposed = f.state().next_plant_id - 1;
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, PlacePledge{proposed, 100'00});
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, WithdrawPledge{proposed});
        pass(f, plant(f, proposed).referendum_id);
        const std::uint64_t id = proposed;
        EQ(plant(f, id).status, PlantStatus::Campaign);
        OK(f, "alice", PlacePledge{id, 100'00});
        const std::int64_t deadline = plant(f, id).campaign_deadline_s;
        // In a block at the deadline, before its end fails the campaign.
        REJECT_AT(f, "bob", ErrorCode::CampaignNotOpen, deadline, PlacePledge{id, 100'00});
        REJECT_AT(f, "alice", ErrorCode::CampaignNotOpen, deadline, WithdrawPledge{id});
        OK_AT(f, "bob", deadline - 1, PlacePledge{id, 100'00});
        // After the deadline.
        f.end_block(deadline - f.now());
        EQ(plant(f, id).status, PlantStatus::Failed);
        REJECT(f, "bob", ErrorCode::CampaignNotOpen, PlacePledge{id, 200'00});
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, WithdrawPledge{id});
        // After funding is tested in pledge_completes_campaign.
        VERIFY(f);
    }

    void withdraw_pledge() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00);
        OK(f, "alice", PlacePledge{id, 300'00});
        OK(f, "bob", PlacePledge{id, 200'00});
        OK_R(r, f, "alice", WithdrawPledge{id});
        QCOMPARE(kinds(r.events), QString("pledge_withdrawn"));
        QVERIFY(r.events[0].actor == f.account("alice"));
        EQ(r.events[0].object_id, id);
        EQ(r.events[0].amount, 300'00);
        EQ(plant(f, id).pledged_cents, 200'00);
        QVERIFY(plant(f, id).pledges_cents.count(f.account("alice")) == 0);
        REJECT(f, "alice", ErrorCode::NoPledge, WithdrawPledge{id});
        REJECT(f, "founder", ErrorCode::NoPledge, WithdrawPledge{id});
        REJECT(f, "alice", ErrorCode::UnknownPlant, WithdrawPledge{42});
        // Pledging again after a withdrawal is allowed.
        OK(f, "alice", PlacePledge{id, 100'00});
        EQ(plant(f, id).pledged_cents, 300'00);
        VERIFY(f);
    }

    void campaign_failure_releases_pledges() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00);
        OK(f, "alice", PlacePledge{id, 300'00});
        OK(f, "bob", PlacePledge{id, 200'00});
        const std::int64_t deadline = plant(f, id).campaign_deadline_s;
        QVERIFY(f.end_block(deadline - f.now() - 1).empty());
        EQ(plant(f, id).status, PlantStatus::Campaign);
        const std::vector<Event> events = f.end_block(1);
        QCOMPARE(kinds(events), QString("campaign_failed"));
        EQ(events[0].object_id, id);
        EQ(events[0].amount, 500'00);
        EQ(events[0].amount2, 1000'00);
        const Plant& p = plant(f, id);
        EQ(p.status, PlantStatus::Failed);
        EQ(p.pledged_cents, 0);
        QVERIFY(p.pledges_cents.empty());
        EQ_T(p.closed_at_s, deadline);
        EQ(f.state().capacity_w, 0);
        VERIFY(f);
    }

    void plant_start_largest_remainder() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 300'00);
        for (const char* name : {"founder", "alice", "bob"}) OK(f, name, PlacePledge{id, 100'00});
        EQ(plant(f, id).status, PlantStatus::Building);
        const std::int64_t start = plant(f, id).operating_at_s;
        EQ_T(start, f.now() + 30 * kDay);
        const std::uint64_t issued = f.state().tokens_issued_msb;
        QVERIFY(f.end_block(start - f.now() - 1).empty());
        EQ(plant(f, id).status, PlantStatus::Building);
        EQ(f.state().capacity_w, 0);

        const std::vector<Event> events = f.end_block(1);
        QCOMPARE(kinds(events), QString("quota_allocated quota_allocated quota_allocated plant_operating"));
        // 1000 W in three equal parts: 334/333/333, the extra watt to the lowest address.
        std::vector<std::string> names = {"founder", "alice", "bob"};
        std::sort(names.begin(), names.end(),
                  [&](const std::string& a, const std::string& b) { return f.account(a) < f.account(b); });
        const std::vector<std::uint64_t> expected = {334, 333, 333};
        for (std::size_t i = 0; i < names.size(); ++i) {
            EQ(quota(f, names[i]), expected[i]);
            EQ(tokens(f, names[i]), kWelcome + expected[i]); // 1 SEB per kW: 1 msb per W
            EQ(plant(f, id).allocated_quota_w.at(f.account(names[i])), expected[i]);
            EQ(plant(f, id).allocated_tokens_msb.at(f.account(names[i])), expected[i]);
            QVERIFY(events[i].subject == f.account(names[i]));
            EQ(events[i].object_id, id);
            EQ(events[i].amount, expected[i]);
            EQ(events[i].amount2, expected[i]);
        }
        EQ(quota(f, "carol"), 0);
        EQ(events[3].object_id, id);
        EQ(events[3].amount, 1000);
        EQ(plant(f, id).status, PlantStatus::Operating);
        EQ_T(plant(f, id).operating_at_s, start);
        EQ(f.state().capacity_w, 1000);
        EQ(f.state().tokens_issued_msb, issued + 1000);
        VERIFY(f);
    }

    void plant_start_unequal_pledges() {
        F f;
        SETUP(four_members(f, __LINE__));
        // 1000 W for pledges 1:2:4 → 142.86, 285.71, 571.43 → 143, 286, 571.
        const std::uint64_t id =
            operating_plant(f, 1000, {{"founder", 100'00}, {"alice", 200'00}, {"bob", 400'00}}, __LINE__);
        if (QTest::currentTestFailed()) return;
        EQ(quota(f, "founder"), 143);
        EQ(quota(f, "alice"), 286);
        EQ(quota(f, "bob"), 571);
        EQ(tokens(f, "founder"), kWelcome + 143);
        EQ(tokens(f, "alice"), kWelcome + 286);
        EQ(tokens(f, "bob"), kWelcome + 571);
        EQ(plant(f, id).allocated_quota_w.size(), 3);
        // A second plant adds to the capacity and to the holdings.
        operating_plant(f, 500, {{"carol", 100'00}}, __LINE__, "Enel");
        if (QTest::currentTestFailed()) return;
        EQ(quota(f, "carol"), 500);
        EQ(f.state().capacity_w, 1500);
        VERIFY(f);
    }

    // --- Offers ---------------------------------------------------------------
    void offer_sell_accept() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const std::int64_t expiry = f.now() + 7 * kDay;
        OK_R(made, f, "founder", MakeOffer{f.account("alice"), OfferSide::SellQuota, 100, 50, expiry});
        QCOMPARE(kinds(made.events), QString("offer_made"));
        QVERIFY(made.events[0].actor == f.account("founder"));
        QVERIFY(made.events[0].subject == f.account("alice"));
        EQ(made.events[0].object_id, 1);
        EQ(made.events[0].amount, 100);
        EQ(made.events[0].amount2, 50);
        QCOMPARE(QString::fromStdString(made.events[0].text), QString("sell"));
        const Offer& o = offer(f, 1);
        QVERIFY(o.maker == f.account("founder"));
        QVERIFY(o.counterparty == f.account("alice"));
        EQ(o.side, OfferSide::SellQuota);
        EQ(o.quota_w, 100);
        EQ(o.price_msb, 50);
        EQ_T(o.created_at_s, f.now());
        EQ_T(o.expires_at_s, expiry);
        EQ(o.status, OfferStatus::Open);
        // Nothing is reserved.
        EQ(quota(f, "founder"), 500);
        EQ(tokens(f, "alice"), 1300);

        OK_R(accepted, f, "alice", AcceptOffer{1});
        QCOMPARE(kinds(accepted.events), QString("offer_accepted"));
        QVERIFY(accepted.events[0].actor == f.account("alice"));
        QVERIFY(accepted.events[0].subject == f.account("founder"));
        EQ(accepted.events[0].object_id, 1);
        EQ(accepted.events[0].amount, 100);
        EQ(accepted.events[0].amount2, 50);
        EQ(quota(f, "founder"), 400);
        EQ(tokens(f, "founder"), 1550);
        EQ(quota(f, "alice"), 400);
        EQ(tokens(f, "alice"), 1250);
        EQ(offer(f, 1).status, OfferStatus::Accepted);
        EQ_T(offer(f, 1).closed_at_s, f.now());
        VERIFY(f);
    }

    void offer_buy_accept() {
        F f;
        SETUP(quota_group(f, __LINE__));
        OK_R(made, f, "bob", MakeOffer{f.account("founder"), OfferSide::BuyQuota, 100, 200, f.now() + kDay});
        QCOMPARE(QString::fromStdString(made.events[0].text), QString("buy"));
        EQ(offer(f, 1).side, OfferSide::BuyQuota);
        OK(f, "founder", AcceptOffer{1});
        EQ(quota(f, "founder"), 400);
        EQ(tokens(f, "founder"), 1700);
        EQ(quota(f, "bob"), 300);
        EQ(tokens(f, "bob"), 1000);
        EQ(offer(f, 1).status, OfferStatus::Accepted);
        VERIFY(f);
    }

    void offer_decline() {
        F f;
        SETUP(quota_group(f, __LINE__));
        OK(f, "founder", MakeOffer{f.account("alice"), OfferSide::SellQuota, 100, 50, f.now() + kDay});
        OK_R(r, f, "alice", DeclineOffer{1});
        QCOMPARE(kinds(r.events), QString("offer_declined"));
        QVERIFY(r.events[0].actor == f.account("alice"));
        QVERIFY(r.events[0].subject == f.account("founder"));
        EQ(r.events[0].object_id, 1);
        EQ(offer(f, 1).status, OfferStatus::Declined);
        EQ_T(offer(f, 1).closed_at_s, f.now());
        EQ(quota(f, "founder"), 500);
        EQ(quota(f, "alice"), 300);
        EQ(tokens(f, "founder"), 1500);
        EQ(tokens(f, "alice"), 1300);
        VERIFY(f);
    }

    void offer_cancel() {
        F f;
        SETUP(quota_group(f, __LINE__));
        OK(f, "founder", MakeOffer{f.account("alice"), OfferSide::SellQuota, 100, 50, f.now() + kDay});
        OK_R(r, f, "founder", CancelOffer{1});
        QCOMPARE(kinds(r.events), QString("offer_cancelled"));
        QVERIFY(r.events[0].actor == f.account("founder"));
        QVERIFY(r.events[0].subject == f.account("alice"));
        EQ(r.events[0].object_id, 1);
        EQ(offer(f, 1).status, OfferStatus::Cancelled);
        EQ(quota(f, "founder"), 500);
        EQ(quota(f, "alice"), 300);
        VERIFY(f);
    }

    void offer_expiry() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const std::int64_t expiry = f.now() + kDay;
        OK(f, "founder", MakeOffer{f.account("alice"), OfferSide::SellQuota, 100, 50, expiry});
        OK(f, "alice", MakeOffer{f.account("bob"), OfferSide::SellQuota, 10, 5, expiry + 1});
        QVERIFY(f.end_block(kDay - 1).empty());
        EQ(offer(f, 1).status, OfferStatus::Open);
        const std::vector<Event> events = f.end_block(1);
        QCOMPARE(kinds(events), QString("offer_expired"));
        QVERIFY(events[0].actor == f.account("founder"));
        QVERIFY(events[0].subject == f.account("alice"));
        EQ(events[0].object_id, 1);
        EQ(offer(f, 1).status, OfferStatus::Expired);
        EQ_T(offer(f, 1).closed_at_s, expiry);
        EQ(offer(f, 2).status, OfferStatus::Open);
        EQ(quota(f, "founder"), 500);
        VERIFY(f);
    }

    void offer_make_failures() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const std::int64_t later = f.now() + kDay;
        const AccountId alice = f.account("alice");
        REJECT(f, "founder", ErrorCode::UnknownMember, MakeOffer{f.account("stranger"), OfferSide::SellQuota, 1, 1, later});
        REJECT(f, "founder", ErrorCode::SelfTransfer, MakeOffer{f.account("founder"), OfferSide::SellQuota, 1, 1, later});
        REJECT(f, "founder", ErrorCode::DifferentUtility, MakeOffer{f.account("carol"), OfferSide::SellQuota, 1, 1, later});
        REJECT(f, "carol", ErrorCode::DifferentUtility, MakeOffer{f.account("bob"), OfferSide::BuyQuota, 1, 1, later});
        REJECT(f, "founder", ErrorCode::ZeroAmount, MakeOffer{alice, OfferSide::SellQuota, 0, 1, later});
        REJECT(f, "founder", ErrorCode::ZeroAmount, MakeOffer{alice, OfferSide::SellQuota, 1, 0, later});
        REJECT(f, "founder", ErrorCode::ZeroAmount, MakeOffer{alice, OfferSide::BuyQuota, 0, 1, later});
        REJECT(f, "founder", ErrorCode::InvalidExpiry, MakeOffer{alice, OfferSide::SellQuota, 1, 1, f.now()});
        REJECT(f, "founder", ErrorCode::InvalidExpiry, MakeOffer{alice, OfferSide::SellQuota, 1, 1, f.now() - kDay});
        REJECT(f, "founder", ErrorCode::InsufficientQuota, MakeOffer{alice, OfferSide::SellQuota, 501, 1, later});
        REJECT(f, "founder", ErrorCode::InsufficientTokens, MakeOffer{alice, OfferSide::BuyQuota, 1, 1501, later});
        QVERIFY(f.state().offers.empty());
        // Exactly what is held is enough.
        OK(f, "founder", MakeOffer{alice, OfferSide::SellQuota, 500, 1, later});
        OK(f, "founder", MakeOffer{alice, OfferSide::BuyQuota, 1, 1500, later});
        VERIFY(f);
    }

    void offer_accept_failures() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const std::int64_t later = f.now() + 7 * kDay;
        REJECT(f, "alice", ErrorCode::UnknownOffer, AcceptOffer{99});
        REJECT(f, "alice", ErrorCode::UnknownOffer, DeclineOffer{99});
        REJECT(f, "alice", ErrorCode::UnknownOffer, CancelOffer{99});
        // Offer 1, founder → alice.
        OK(f, "founder", MakeOffer{f.account("alice"), OfferSide::SellQuota, 100, 50, later});
        REJECT(f, "bob", ErrorCode::NotCounterparty, AcceptOffer{1});
        REJECT(f, "founder", ErrorCode::NotCounterparty, AcceptOffer{1});
        REJECT(f, "bob", ErrorCode::NotCounterparty, DeclineOffer{1});
        REJECT(f, "founder", ErrorCode::NotCounterparty, DeclineOffer{1});
        REJECT(f, "alice", ErrorCode::NotOfferMaker, CancelOffer{1});
        REJECT(f, "bob", ErrorCode::NotOfferMaker, CancelOffer{1});
        // Offer 2: the maker sells 400 W, then gives 200 W away before acceptance.
        OK(f, "founder", MakeOffer{f.account("alice"), OfferSide::SellQuota, 400, 10, later});
        OK(f, "founder", GiftQuota{f.account("bob"), 200});
        REJECT(f, "alice", ErrorCode::InsufficientQuota, AcceptOffer{2});
        // Offer 3: the taker lacks the tokens of the price.
        OK(f, "founder", MakeOffer{f.account("alice"), OfferSide::SellQuota, 10, 1301, later});
        REJECT(f, "alice", ErrorCode::InsufficientTokens, AcceptOffer{3});
        // Offer 4: the buyer (maker) spends tokens before acceptance.
        OK(f, "bob", MakeOffer{f.account("founder"), OfferSide::BuyQuota, 50, 1200, later});
        OK(f, "bob", GiftTokens{f.account("alice"), 1});
        REJECT(f, "founder", ErrorCode::InsufficientTokens, AcceptOffer{4});
        // Offer 5: the seller (counterparty of a buy) lacks the quota.
        EQ(quota(f, "bob"), 400);
        OK(f, "alice", MakeOffer{f.account("bob"), OfferSide::BuyQuota, 401, 10, later});
        REJECT(f, "bob", ErrorCode::InsufficientQuota, AcceptOffer{5});
        for (std::uint64_t id = 1; id <= 5; ++id) EQ(offer(f, id).status, OfferStatus::Open);
        VERIFY(f);
    }

    void offer_not_open() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const AccountId alice = f.account("alice");
        OK(f, "founder", MakeOffer{alice, OfferSide::SellQuota, 10, 5, f.now() + 7 * kDay}); // 1: accepted
        OK(f, "founder", MakeOffer{alice, OfferSide::SellQuota, 10, 5, f.now() + 7 * kDay}); // 2: declined
        OK(f, "founder", MakeOffer{alice, OfferSide::SellQuota, 10, 5, f.now() + 7 * kDay}); // 3: cancelled
        OK(f, "founder", MakeOffer{alice, OfferSide::SellQuota, 10, 5, f.now() + kDay});     // 4: expires
        OK(f, "founder", MakeOffer{alice, OfferSide::SellQuota, 10, 5, f.now() + 7 * kDay}); // 5: open
        OK(f, "alice", AcceptOffer{1});
        OK(f, "alice", DeclineOffer{2});
        OK(f, "founder", CancelOffer{3});
        for (std::uint64_t id = 1; id <= 3; ++id) {
            REJECT(f, "alice", ErrorCode::OfferNotOpen, AcceptOffer{id});
            REJECT(f, "alice", ErrorCode::OfferNotOpen, DeclineOffer{id});
            REJECT(f, "founder", ErrorCode::OfferNotOpen, CancelOffer{id});
        }
        // At its expiry, before the end of the block marks it expired.
        const std::int64_t expiry = offer(f, 5).expires_at_s;
        REJECT_AT(f, "alice", ErrorCode::OfferNotOpen, expiry, AcceptOffer{5});
        REJECT_AT(f, "alice", ErrorCode::OfferNotOpen, expiry, DeclineOffer{5});
        REJECT_AT(f, "founder", ErrorCode::OfferNotOpen, expiry, CancelOffer{5});
        f.end_block(kDay);
        EQ(offer(f, 4).status, OfferStatus::Expired);
        REJECT(f, "alice", ErrorCode::OfferNotOpen, AcceptOffer{4});
        REJECT(f, "alice", ErrorCode::OfferNotOpen, DeclineOffer{4});
        REJECT(f, "founder", ErrorCode::OfferNotOpen, CancelOffer{4});
        EQ(offer(f, 5).status, OfferStatus::Open);
        VERIFY(f);
    }

    // --- Gifts ----------------------------------------------------------------
    void gift_quota() {
        F f;
        SETUP(quota_group(f, __LINE__));
        OK_R(r, f, "founder", GiftQuota{f.account("alice"), 100});
        QCOMPARE(kinds(r.events), QString("quota_gifted"));
        QVERIFY(r.events[0].actor == f.account("founder"));
        QVERIFY(r.events[0].subject == f.account("alice"));
        EQ(r.events[0].amount, 100);
        EQ(quota(f, "founder"), 400);
        EQ(quota(f, "alice"), 400);
        // Everything held may be given.
        OK(f, "bob", GiftQuota{f.account("alice"), 200});
        EQ(quota(f, "bob"), 0);
        EQ(quota(f, "alice"), 600);
        EQ(tokens(f, "bob"), 1200);
        VERIFY(f);
    }

    void gift_quota_failures() {
        F f;
        SETUP(quota_group(f, __LINE__));
        REJECT(f, "founder", ErrorCode::UnknownMember, GiftQuota{f.account("stranger"), 1});
        REJECT(f, "founder", ErrorCode::SelfTransfer, GiftQuota{f.account("founder"), 1});
        REJECT(f, "founder", ErrorCode::ZeroAmount, GiftQuota{f.account("alice"), 0});
        REJECT(f, "bob", ErrorCode::InsufficientQuota, GiftQuota{f.account("alice"), 201});
        REJECT(f, "founder", ErrorCode::DifferentUtility, GiftQuota{f.account("carol"), 1});
        REJECT(f, "carol", ErrorCode::DifferentUtility, GiftQuota{f.account("founder"), 1});
        VERIFY(f);
    }

    void gift_tokens() {
        F f;
        SETUP(quota_group(f, __LINE__));
        OK_R(r, f, "founder", GiftTokens{f.account("alice"), 500});
        QCOMPARE(kinds(r.events), QString("tokens_gifted"));
        QVERIFY(r.events[0].actor == f.account("founder"));
        QVERIFY(r.events[0].subject == f.account("alice"));
        EQ(r.events[0].amount, 500);
        EQ(tokens(f, "founder"), 1000);
        EQ(tokens(f, "alice"), 1800);
        // Tokens go to anyone in the group, across utilities.
        OK(f, "founder", GiftTokens{f.account("carol"), 1000});
        EQ(tokens(f, "founder"), 0);
        EQ(tokens(f, "carol"), 2000);
        OK(f, "carol", GiftTokens{f.account("bob"), 1});
        EQ(tokens(f, "bob"), 1201);
        EQ(quota(f, "founder"), 500);
        VERIFY(f);
    }

    void gift_tokens_failures() {
        F f;
        SETUP(quota_group(f, __LINE__));
        REJECT(f, "founder", ErrorCode::UnknownMember, GiftTokens{f.account("stranger"), 1});
        REJECT(f, "founder", ErrorCode::SelfTransfer, GiftTokens{f.account("founder"), 1});
        REJECT(f, "founder", ErrorCode::ZeroAmount, GiftTokens{f.account("alice"), 0});
        REJECT(f, "carol", ErrorCode::InsufficientTokens, GiftTokens{f.account("alice"), 1001});
        REJECT(f, "carol", ErrorCode::InsufficientTokens,
               GiftTokens{f.account("alice"), std::numeric_limits<std::uint64_t>::max()});
        VERIFY(f);
    }

    // --- Profiles -------------------------------------------------------------
    void update_profile() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        Hash256 commitment{};
        commitment.fill(3);
        const SealedProfile profile{0, Bytes{1, 2, 3, 4}};
        OK_R(r, f, "alice", UpdateProfile{commitment, profile});
        QCOMPARE(kinds(r.events), QString("profile_updated"));
        QVERIFY(r.events[0].actor == f.account("alice"));
        QVERIFY(f.member("alice")->profile == profile);
        QVERIFY(f.member("alice")->profile_commitment == commitment);
        EQ_S(f.member("alice")->utility, std::string("Light"));
        QVERIFY(f.member("founder")->profile == F::sealed_profile(0));
        VERIFY(f);
    }

    void update_profile_invalid() {
        F f;
        REJECT(f, "founder", ErrorCode::InvalidProfile, UpdateProfile{Hash256{}, SealedProfile{0, {}}});
        REJECT(f, "founder", ErrorCode::InvalidProfile, UpdateProfile{Hash256{}, SealedProfile{1, {1}}});
        VERIFY(f);
    }

    // --- Changes by referendum ------------------------------------------------
    void change_move_quota() {
        F f;
        SETUP(quota_group(f, __LINE__));
        OK_R(r, f, "bob", ProposeChange{MoveQuota{f.account("founder"), f.account("alice"), 100}, "court order 12"});
        QCOMPARE(kinds(r.events), QString("referendum_opened"));
        EQ(r.events[0].amount, ReferendumKind::Change);
        EQ(r.events[0].amount2, 4);
        const std::uint64_t id = last_referendum(f);
        EQ(referendum(f, id).kind, ReferendumKind::Change);
        QVERIFY(referendum(f, id).change.has_value());
        EQ_S(referendum(f, id).reason, std::string("court order 12"));
        EQ(quota(f, "founder"), 500); // nothing moves before approval
        const std::vector<Event> closed = pass(f, id);
        QCOMPARE(kinds(closed), QString("quota_moved referendum_closed"));
        QVERIFY(closed[0].actor == f.account("founder"));
        QVERIFY(closed[0].subject == f.account("alice"));
        EQ(closed[0].amount, 100);
        EQ(referendum(f, id).outcome, Outcome::Approved);
        EQ(quota(f, "founder"), 400);
        EQ(quota(f, "alice"), 400);
        EQ(f.state().capacity_w, 1000);
        VERIFY(f);
    }

    void change_move_quota_failures() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const AccountId founder = f.account("founder");
        const AccountId alice = f.account("alice");
        const AccountId stranger = f.account("stranger");
        REJECT(f, "founder", ErrorCode::UnknownMember, change(MoveQuota{stranger, alice, 1}));
        REJECT(f, "founder", ErrorCode::UnknownMember, change(MoveQuota{founder, stranger, 1}));
        REJECT(f, "founder", ErrorCode::SameAccount, change(MoveQuota{founder, founder, 1}));
        REJECT(f, "founder", ErrorCode::ZeroAmount, change(MoveQuota{founder, alice, 0}));
        REJECT(f, "founder", ErrorCode::InsufficientQuota, change(MoveQuota{f.account("bob"), alice, 201}));
        REJECT(f, "founder", ErrorCode::DifferentUtility, change(MoveQuota{founder, f.account("carol"), 1}));
        EQ(f.state().referendums.size(), 4); // the three admissions and the plant only
        VERIFY(f);
    }

    void change_move_tokens() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const std::uint64_t issued = f.state().tokens_issued_msb;
        OK(f, "alice", change(MoveTokens{f.account("founder"), f.account("carol"), 500}));
        const std::vector<Event> closed = pass(f, last_referendum(f));
        QCOMPARE(kinds(closed), QString("tokens_moved referendum_closed"));
        QVERIFY(closed[0].actor == f.account("founder"));
        QVERIFY(closed[0].subject == f.account("carol"));
        EQ(closed[0].amount, 500);
        EQ(tokens(f, "founder"), 1000);
        EQ(tokens(f, "carol"), 1500); // across utilities
        EQ(f.state().tokens_issued_msb, issued);
        VERIFY(f);
    }

    void change_move_tokens_failures() {
        F f;
        SETUP(quota_group(f, __LINE__));
        const AccountId founder = f.account("founder");
        const AccountId carol = f.account("carol");
        REJECT(f, "founder", ErrorCode::UnknownMember, change(MoveTokens{f.account("stranger"), carol, 1}));
        REJECT(f, "founder", ErrorCode::UnknownMember, change(MoveTokens{founder, f.account("stranger"), 1}));
        REJECT(f, "founder", ErrorCode::SameAccount, change(MoveTokens{carol, carol, 1}));
        REJECT(f, "founder", ErrorCode::ZeroAmount, change(MoveTokens{founder, carol, 0}));
        REJECT(f, "founder", ErrorCode::InsufficientTokens, change(MoveTokens{carol, founder, 1001}));
        VERIFY(f);
    }

    void change_reason_too_long() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        const Change c = MoveTokens{f.account("founder"), f.account("alice"), 1};
        REJECT(f, "founder", ErrorCode::Malformed, ProposeChange{c, std::string(1001, 'r')});
        OK(f, "founder", ProposeChange{c, std::string(1000, 'r')});
        VERIFY(f);
    }

    void change_remove_member() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        SETUP(admit_member(f, "bob", "Light", __LINE__));
        operating_plant(f, 1000, {{"founder", 500'00}, {"alice", 333'00}, {"bob", 167'00}}, __LINE__);
        if (QTest::currentTestFailed()) return;
        EQ(quota(f, "bob"), 167);
        EQ(tokens(f, "bob"), kWelcome + 167);
        const AccountId founder = f.account("founder");
        const AccountId alice = f.account("alice");
        const AccountId bob = f.account("bob");
        // Bob's commitments: a pledge, offers as maker and as counterparty, a ballot.
        const std::uint64_t campaign = f.approved_plant("founder", 1000, 1000'00);
        OK(f, "alice", PlacePledge{campaign, 100'00});
        OK(f, "bob", PlacePledge{campaign, 200'00});
        OK(f, "bob", MakeOffer{founder, OfferSide::SellQuota, 10, 5, f.now() + 60 * kDay});   // 1
        OK(f, "alice", MakeOffer{bob, OfferSide::SellQuota, 10, 5, f.now() + 60 * kDay});     // 2
        OK(f, "founder", MakeOffer{alice, OfferSide::SellQuota, 10, 5, f.now() + 60 * kDay}); // 3
        const std::uint64_t issued = f.state().tokens_issued_msb;

        OK(f, "founder", change(RemoveMember{bob}));
        const std::uint64_t removal = last_referendum(f);
        f.everyone_votes(removal, true);
        f.end_block(kDay);
        OK(f, "founder", plant_op());
        const std::uint64_t later_vote = last_referendum(f);
        OK(f, "bob", CastVote{later_vote, true});
        OK(f, "founder", CastVote{later_vote, true});
        EQ(referendum(f, later_vote).electorate.size(), 3);

        const std::vector<Event> closed = f.end_block(29 * kDay);
        EQ(referendum(f, removal).outcome, Outcome::Approved);
        QCOMPARE(kinds(closed), QString("quota_moved quota_moved pledge_withdrawn offer_cancelled offer_cancelled "
                                        "tokens_burned member_removed referendum_closed"));
        // 167 W to 500:333 → 100.24 and 66.76 → 100 and 67.
        std::map<AccountId, std::uint64_t> moved;
        for (const Event& e : of_kind(closed, EventKind::QuotaMoved)) {
            QVERIFY(e.actor == bob);
            moved[e.subject] = e.amount;
        }
        EQ(moved.size(), 2);
        EQ(moved[founder], 100);
        EQ(moved[alice], 67);
        EQ(quota(f, "founder"), 600);
        EQ(quota(f, "alice"), 400);
        EQ(f.state().capacity_w, 1000);
        QVERIFY(!f.member("bob"));
        // Tokens burned.
        const std::vector<Event> burned = of_kind(closed, EventKind::TokensBurned);
        QVERIFY(burned[0].subject == bob);
        EQ(burned[0].amount, kWelcome + 167);
        EQ(f.state().tokens_burned_msb, kWelcome + 167);
        EQ(f.state().tokens_issued_msb, issued);
        QVERIFY(of_kind(closed, EventKind::MemberRemoved)[0].subject == bob);
        // Pledge released.
        const Event withdrawn = of_kind(closed, EventKind::PledgeWithdrawn)[0];
        QVERIFY(withdrawn.subject == bob);
        EQ(withdrawn.object_id, campaign);
        EQ(withdrawn.amount, 200'00);
        EQ(plant(f, campaign).pledged_cents, 100'00);
        EQ(plant(f, campaign).pledges_cents.size(), 1);
        EQ(plant(f, campaign).status, PlantStatus::Campaign);
        // Open offers with bob cancelled, the others untouched.
        EQ(offer(f, 1).status, OfferStatus::Cancelled);
        EQ(offer(f, 2).status, OfferStatus::Cancelled);
        EQ(offer(f, 3).status, OfferStatus::Open);
        // Bob leaves the electorate of the open vote; his ballot is discarded.
        EQ(referendum(f, later_vote).outcome, Outcome::Pending);
        QVERIFY(referendum(f, later_vote).electorate == (std::set<AccountId>{founder, alice}));
        EQ(referendum(f, later_vote).ballots.size(), 1);
        QVERIFY(referendum(f, later_vote).ballots.count(bob) == 0);
        QVERIFY(f.state().key_rotation_pending);
        REJECT(f, "bob", ErrorCode::NotAMember, CastVote{later_vote, false});
        VERIFY(f);
        // The later vote is decided by the remaining electorate.
        OK(f, "alice", CastVote{later_vote, true});
        f.end_block(kDay);
        EQ(referendum(f, later_vote).outcome, Outcome::Approved);
        VERIFY(f);
    }

    // The removed member's own ballot on their removal stays counted: the
    // tally on record is the one that decided it (found by test_random).
    void change_remove_member_keeps_the_deciding_tally() {
        F f;
        SETUP(four_members(f, __LINE__, "Light"));
        OK(f, "founder", change(RemoveMember{f.account("bob")}));
        const std::uint64_t removal = last_referendum(f);
        f.everyone_votes(removal, true);
        const std::uint64_t yes_before = referendum(f, removal).yes_count();
        EQ(yes_before, 4);
        f.close_votes();
        QVERIFY(!f.member("bob"));
        EQ(referendum(f, removal).outcome, Outcome::Approved);
        EQ(referendum(f, removal).yes_count(), yes_before);
        EQ(referendum(f, removal).electorate.size(), 4);
        QVERIFY(referendum(f, removal).passes());
        VERIFY(f);
    }

    // Referendums opened under one membership share one electorate (opening
    // one does not copy the members); a removal gives the pending ones one
    // list without the member and leaves closed ones and copies of the state
    // as they were; a decoded state shares again and encodes the same bytes.
    void electorate_is_shared_until_the_membership_changes() {
        F f;
        SETUP(four_members(f, __LINE__, "Light"));
        const AccountId bob = f.account("bob");
        OK(f, "founder", change(RemoveMember{bob}));
        const std::uint64_t removal = last_referendum(f);
        f.everyone_votes(removal, true);
        f.end_block(kDay);
        OK(f, "founder", plant_op());
        const std::uint64_t first = last_referendum(f);
        OK(f, "alice", plant_op());
        const std::uint64_t second = last_referendum(f);
        QVERIFY(referendum(f, first).electorate == member_set(f));
        QVERIFY(referendum(f, first).electorate.shares_list_with(referendum(f, second).electorate));
        QVERIFY(referendum(f, removal).electorate.shares_list_with(referendum(f, first).electorate));
        const State before = f.state();
        QVERIFY(before.referendums.at(first).electorate.shares_list_with(referendum(f, first).electorate));

        f.end_block(29 * kDay);
        EQ(referendum(f, removal).outcome, Outcome::Approved);
        QVERIFY(!f.member("bob"));
        EQ(referendum(f, first).outcome, Outcome::Pending);
        QVERIFY(referendum(f, first).electorate == member_set(f));
        QVERIFY(referendum(f, first).electorate.shares_list_with(referendum(f, second).electorate));
        EQ(referendum(f, removal).electorate.size(), 4);
        QVERIFY(referendum(f, removal).electorate.count(bob));
        EQ(before.referendums.at(first).electorate.size(), 4);

        // The membership changed: the next opening lists the members again.
        OK(f, "founder", plant_op());
        const std::uint64_t third = last_referendum(f);
        QVERIFY(referendum(f, third).electorate == member_set(f));
        QVERIFY(!referendum(f, third).electorate.shares_list_with(referendum(f, first).electorate));
        VERIFY(f);

        const Bytes bytes = codec::to_bytes(f.state());
        const std::optional<State> decoded = codec::from_bytes<State>(bytes);
        QVERIFY(decoded.has_value());
        QVERIFY(codec::to_bytes(*decoded) == bytes);
        QVERIFY(state_root(*decoded) == state_root(f.state()));
        const auto& decoded_referendums = decoded->referendums;
        QVERIFY(decoded_referendums.at(first).electorate.shares_list_with(decoded_referendums.at(second).electorate));
        QVERIFY(decoded_referendums.at(second).electorate.shares_list_with(decoded_referendums.at(third).electorate));
        QVERIFY(!decoded_referendums.at(removal).electorate.shares_list_with(decoded_referendums.at(first).electorate));
    }

    // Adding or removing a member through any way of changing the map drops
    // the electorate it keeps; changing a member's fields does not.
    void member_map_electorate_follows_the_accounts() {
        const AccountId a{1}, b{2}, c{3};
        MemberMap members;
        QVERIFY(members.electorate().empty());
        members[a].quota_w = 1;
        members.emplace(b, Member{});
        const Electorate ab = members.electorate();
        QVERIFY(ab == (std::set<AccountId>{a, b}));
        QVERIFY(members.electorate().shares_list_with(ab));
        members[a].quota_w = 2;
        members.find(b)->second.tokens_msb = 3;
        QVERIFY(members.electorate().shares_list_with(ab));
        members[c];
        QVERIFY(members.electorate() == (std::set<AccountId>{a, b, c}));
        members.erase(b);
        QVERIFY(members.electorate() == (std::set<AccountId>{a, c}));
        members.erase(members.find(c));
        QVERIFY(members.electorate() == (std::set<AccountId>{a}));
        MemberMap copy = members;
        QVERIFY(copy.electorate().shares_list_with(members.electorate()));
        copy.insert({b, Member{}});
        QVERIFY(copy.electorate() == (std::set<AccountId>{a, b}));
        QVERIFY(members.electorate() == (std::set<AccountId>{a}));
        members.clear();
        QVERIFY(members.electorate().empty());
        QVERIFY(ab == (std::set<AccountId>{a, b})); // a list once handed out never changes
    }

    void change_remove_member_equal_split() {
        F f;
        SETUP(four_members(f, __LINE__, "Light"));
        operating_plant(f, 1000, {{"bob", 1000'00}}, __LINE__);
        if (QTest::currentTestFailed()) return;
        EQ(quota(f, "bob"), 1000);
        OK(f, "founder", change(RemoveMember{f.account("bob")}));
        pass(f, last_referendum(f));
        QVERIFY(!f.member("bob"));
        // Nobody else holds quota: equal parts, the extra watt to the lowest address.
        std::vector<std::string> names = {"founder", "alice", "carol"};
        std::sort(names.begin(), names.end(),
                  [&](const std::string& a, const std::string& b) { return f.account(a) < f.account(b); });
        EQ(quota(f, names[0]), 334);
        EQ(quota(f, names[1]), 333);
        EQ(quota(f, names[2]), 333);
        EQ(f.state().tokens_burned_msb, 2 * kWelcome);
        VERIFY(f);
    }

    void change_remove_member_failures() {
        F f;
        REJECT(f, "founder", ErrorCode::LastMember, change(RemoveMember{f.account("founder")}));
        REJECT(f, "founder", ErrorCode::UnknownMember, change(RemoveMember{f.account("stranger")}));
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        REJECT(f, "founder", ErrorCode::UnknownMember, change(RemoveMember{f.account("stranger")}));
        // Two removals proposed together: the second becomes void (last member).
        OK(f, "founder", change(RemoveMember{f.account("alice")}));
        const std::uint64_t first = last_referendum(f);
        OK(f, "alice", change(RemoveMember{f.account("founder")}));
        const std::uint64_t second = last_referendum(f);
        f.everyone_votes(first, true);
        f.everyone_votes(second, true);
        f.close_votes();
        EQ(referendum(f, first).outcome, Outcome::Approved);
        EQ(referendum(f, second).outcome, Outcome::Void);
        QVERIFY(f.member("founder"));
        QVERIFY(!f.member("alice"));
        VERIFY(f);
    }

    void change_plant_utility() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00);
        REJECT(f, "carol", ErrorCode::WrongUtility, PlacePledge{id, 100'00});
        OK(f, "founder", change(ChangePlantUtility{id, "Enel"}));
        const std::vector<Event> closed = pass(f, last_referendum(f));
        QCOMPARE(kinds(closed), QString("plant_utility_changed referendum_closed"));
        EQ(closed[0].object_id, id);
        QCOMPARE(QString::fromStdString(closed[0].text), QString("Enel"));
        EQ_S(plant(f, id).utility, std::string("Enel"));
        OK(f, "carol", PlacePledge{id, 100'00});
        REJECT(f, "alice", ErrorCode::WrongUtility, PlacePledge{id, 100'00});
        VERIFY(f);
    }

    void change_plant_utility_failures() {
        F f;
        OK(f, "founder", plant_op());
        f.everyone_votes(last_referendum(f), false);
        f.close_votes();
        const std::uint64_t rejected = 1;
        EQ(plant(f, rejected).status, PlantStatus::Rejected);
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00);
        REJECT(f, "founder", ErrorCode::UnknownPlant, change(ChangePlantUtility{99, "Enel"}));
        REJECT(f, "founder", ErrorCode::PlantNotRemovable, change(ChangePlantUtility{rejected, "Enel"}));
        REJECT(f, "founder", ErrorCode::InvalidUtility, change(ChangePlantUtility{id, ""}));
        REJECT(f, "founder", ErrorCode::InvalidUtility, change(ChangePlantUtility{id, std::string(121, 'u')}));
        REJECT(f, "founder", ErrorCode::UtilityUnchanged, change(ChangePlantUtility{id, "Light"}));
        VERIFY(f);
    }

    void change_remove_operating_plant() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t a =
            operating_plant(f, 1000, {{"founder", 500'00}, {"alice", 300'00}, {"bob", 200'00}}, __LINE__);
        if (QTest::currentTestFailed()) return;
        const std::uint64_t b = operating_plant(f, 500, {{"alice", 500'00}}, __LINE__);
        if (QTest::currentTestFailed()) return;
        EQ(quota(f, "founder"), 500);
        EQ(quota(f, "alice"), 800);
        EQ(quota(f, "bob"), 200);
        EQ(f.state().capacity_w, 1500);
        const std::map<std::string, std::uint64_t> tokens_before = {
            {"founder", tokens(f, "founder")}, {"alice", tokens(f, "alice")}, {"bob", tokens(f, "bob")}};

        OK(f, "founder", change(RemovePlant{a}));
        const std::vector<Event> closed = pass(f, last_referendum(f));
        QCOMPARE(kinds(closed), QString("plant_removed referendum_closed"));
        EQ(closed[0].object_id, a);
        EQ(closed[0].amount, 1000);
        EQ(plant(f, a).status, PlantStatus::Removed);
        EQ_T(plant(f, a).closed_at_s, f.now());
        EQ(plant(f, b).status, PlantStatus::Operating);
        EQ(f.state().capacity_w, 500);
        // 500:800:200 scaled to 500 W: 166.67, 266.67, 66.67; the remainders
        // tie, so the two lowest addresses get the two spare watts.
        std::vector<std::string> names = {"founder", "alice", "bob"};
        std::map<std::string, std::uint64_t> expected = {{"founder", 166}, {"alice", 266}, {"bob", 66}};
        std::sort(names.begin(), names.end(),
                  [&](const std::string& x, const std::string& y) { return f.account(x) < f.account(y); });
        ++expected[names[0]];
        ++expected[names[1]];
        for (const std::string& name : names) {
            EQ(quota(f, name), expected[name]);
            EQ(tokens(f, name), tokens_before.at(name)); // tokens are not touched
        }
        EQ(quota(f, "carol"), 0);
        VERIFY(f);

        // Removing the last operating plant leaves no capacity and no quota.
        OK(f, "founder", change(RemovePlant{b}));
        pass(f, last_referendum(f));
        EQ(f.state().capacity_w, 0);
        for (const std::string& name : names) EQ(quota(f, name), 0);
        VERIFY(f);
    }

    void change_remove_campaign_plant() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00);
        OK(f, "alice", PlacePledge{id, 300'00});
        OK(f, "bob", PlacePledge{id, 200'00});
        OK(f, "founder", change(RemovePlant{id}));
        const std::vector<Event> closed = pass(f, last_referendum(f));
        QCOMPARE(kinds(closed), QString("plant_removed referendum_closed"));
        EQ(plant(f, id).status, PlantStatus::Removed);
        EQ(plant(f, id).pledged_cents, 0);
        QVERIFY(plant(f, id).pledges_cents.empty());
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, PlacePledge{id, 100'00});
        REJECT(f, "alice", ErrorCode::CampaignNotOpen, WithdrawPledge{id});
        EQ(f.state().capacity_w, 0);
        VERIFY(f);
    }

    void change_remove_building_plant() {
        F f;
        SETUP(four_members(f, __LINE__));
        const std::uint64_t id = f.approved_plant("founder", 1000, 1000'00, "Light", 90);
        OK(f, "alice", PlacePledge{id, 1000'00});
        EQ(plant(f, id).status, PlantStatus::Building);
        OK(f, "founder", change(RemovePlant{id}));
        pass(f, last_referendum(f));
        EQ(plant(f, id).status, PlantStatus::Removed);
        EQ(plant(f, id).pledged_cents, 0);
        QVERIFY(plant(f, id).pledges_cents.empty());
        // Its planned start passes without effect.
        f.end_block(90 * kDay);
        EQ(plant(f, id).status, PlantStatus::Removed);
        EQ(f.state().capacity_w, 0);
        EQ(quota(f, "alice"), 0);
        VERIFY(f);
    }

    void change_remove_plant_failures() {
        F f;
        SETUP(four_members(f, __LINE__));
        REJECT(f, "founder", ErrorCode::UnknownPlant, change(RemovePlant{1}));
        // 1: rejected.
        OK(f, "founder", plant_op());
        f.everyone_votes(last_referendum(f), false);
        f.close_votes();
        // 2: failed.
        const std::uint64_t failed = f.approved_plant("founder", 1000, 1000'00);
        f.end_block(60 * kDay);
        // 3: removed.
        const std::uint64_t removed = f.approved_plant("founder", 1000, 1000'00);
        OK(f, "founder", change(RemovePlant{removed}));
        pass(f, last_referendum(f));
        EQ(plant(f, 1).status, PlantStatus::Rejected);
        EQ(plant(f, failed).status, PlantStatus::Failed);
        EQ(plant(f, removed).status, PlantStatus::Removed);
        for (const std::uint64_t id : {std::uint64_t{1}, failed, removed})
            REJECT(f, "founder", ErrorCode::PlantNotRemovable, change(RemovePlant{id}));
        REJECT(f, "founder", ErrorCode::PlantNotRemovable, change(ChangePlantUtility{failed, "Enel"}));
        REJECT(f, "founder", ErrorCode::UnknownPlant, change(RemovePlant{99}));
        VERIFY(f);
    }

    void change_params() {
        F f;
        GroupParams p;
        p.referendum_period_s = 10 * kDay;
        p.crowdfunding_period_s = 20 * kDay;
        p.time_to_market_min_s = 0;
        p.bid_min_cents = 50'00;
        p.plant_capacity_max_w = 75'000;
        p.welcome_grant_msb = 2000;
        OK(f, "founder", change(ChangeParams{p}));
        const std::uint64_t id = last_referendum(f);
        EQ(referendum(f, id).deadline_s, f.now() + 30 * kDay);
        const std::vector<Event> closed = pass(f, id);
        QCOMPARE(kinds(closed), QString("params_changed referendum_closed"));
        QVERIFY(f.state().params == p);
        VERIFY(f);
        // The new parameters apply: a 10-day vote, a 2 SEB welcome grant...
        OK(f, "alice", RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        EQ_T(referendum(f, last_referendum(f)).deadline_s, f.now() + 10 * kDay);
        OK(f, "founder", CastVote{last_referendum(f), true});
        f.end_block(10 * kDay);
        EQ(tokens(f, "alice"), 2000);
        // ...the capacity limit, no minimum time to market, a 20-day campaign and a R$ 50 minimum bid.
        ProposePlant big = plant_op(75'001);
        REJECT(f, "founder", ErrorCode::InvalidCapacity, big);
        ProposePlant quick = plant_op(75'000, 200'00);
        quick.time_to_market_s = 0;
        OK(f, "founder", quick);
        pass(f, last_referendum(f));
        const std::uint64_t plant_id = f.state().next_plant_id - 1;
        EQ_T(plant(f, plant_id).campaign_deadline_s, f.now() + 20 * kDay);
        REJECT(f, "alice", ErrorCode::BidBelowMinimum, PlacePledge{plant_id, 49'99});
        OK(f, "alice", PlacePledge{plant_id, 50'00});
        VERIFY(f);
    }

    void change_params_invalid() {
        F f;
        const std::uint64_t day = kSecondsPerDay;
        const std::vector<std::pair<const char*, std::function<void(GroupParams&)>>> bad = {
            {"referendum below 1 hour", [](GroupParams& p) { p.referendum_period_s = 3599; }},
            {"referendum above 365 days", [&](GroupParams& p) { p.referendum_period_s = 365 * day + 1; }},
            {"crowdfunding below 1 day", [&](GroupParams& p) { p.crowdfunding_period_s = day - 1; }},
            {"crowdfunding above 730 days", [&](GroupParams& p) { p.crowdfunding_period_s = 730 * day + 1; }},
            {"time to market above 3650 days", [&](GroupParams& p) { p.time_to_market_min_s = 3650 * day + 1; }},
            {"minimum bid 0", [](GroupParams& p) { p.bid_min_cents = 0; }},
            {"minimum bid above R$ 10 million", [](GroupParams& p) { p.bid_min_cents = 10'000'000'00ull + 1; }},
            {"capacity limit 0", [](GroupParams& p) { p.plant_capacity_max_w = 0; }},
            {"capacity limit above 5 MW", [](GroupParams& p) { p.plant_capacity_max_w = kPlantCapacityLimitW + 1; }},
            {"welcome grant above 1000 SEB", [](GroupParams& p) { p.welcome_grant_msb = 1'000'001; }},
            {"quorum with the electorate rule", [](GroupParams& p) { p.quorum_percent = 50; }},
            {"quorum 0 with the quorum rule",
             [](GroupParams& p) {
                 p.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
                 p.quorum_percent = 0;
             }},
            {"quorum above 100",
             [](GroupParams& p) {
                 p.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
                 p.quorum_percent = 101;
             }},
            {"unknown approval rule", [](GroupParams& p) { p.approval_rule = static_cast<ApprovalRule>(3); }},
        };
        for (const auto& [what, edit] : bad) {
            GroupParams p;
            edit(p);
            QVERIFY2(validate_params(p).has_value(), what);
            EQ(validate_params(p)->code, ErrorCode::InvalidParams);
            reject_tx(f, "founder", f.make_tx("founder", change(ChangeParams{p})), ErrorCode::InvalidParams, __LINE__,
                      std::nullopt, what);
            if (QTest::currentTestFailed()) return;
        }
        // Every limit itself is valid.
        const std::vector<std::function<void(GroupParams&)>> limits = {
            [](GroupParams& p) { p.referendum_period_s = 3600; },
            [&](GroupParams& p) { p.referendum_period_s = 365 * day; },
            [&](GroupParams& p) { p.crowdfunding_period_s = day; },
            [&](GroupParams& p) { p.crowdfunding_period_s = 730 * day; },
            [&](GroupParams& p) { p.time_to_market_min_s = 3650 * day; },
            [](GroupParams& p) { p.time_to_market_min_s = 0; },
            [](GroupParams& p) { p.bid_min_cents = 1; },
            [](GroupParams& p) { p.bid_min_cents = 10'000'000'00ull; },
            [](GroupParams& p) { p.plant_capacity_max_w = 1; },
            [](GroupParams& p) { p.plant_capacity_max_w = kPlantCapacityLimitW; },
            [](GroupParams& p) { p.welcome_grant_msb = 0; },
            [](GroupParams& p) { p.welcome_grant_msb = 1'000'000; },
            [](GroupParams& p) {
                p.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
                p.quorum_percent = 1;
            },
            [](GroupParams& p) {
                p.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
                p.quorum_percent = 100;
            },
        };
        for (std::size_t i = 0; i < limits.size(); ++i) {
            GroupParams p;
            limits[i](p);
            QVERIFY2(!validate_params(p).has_value(), qPrintable(QString("limit %1 refused").arg(i)));
        }
        QVERIFY(!validate_params(GroupParams{}).has_value());
        QVERIFY(f.state().referendums.empty());
        VERIFY(f);
    }

    void change_add_validator() {
        F f;
        const PublicKey key = fresh_key();
        OK(f, "founder", change(AddValidator{key}));
        const std::vector<Event> closed = pass(f, last_referendum(f));
        QCOMPARE(kinds(closed), QString("validator_added referendum_closed"));
        EQ_S(closed[0].text, codec::to_hex(key));
        EQ(f.state().validators.size(), 2);
        QVERIFY(std::find(f.state().validators.begin(), f.state().validators.end(), key) != f.state().validators.end());
        QVERIFY(std::is_sorted(f.state().validators.begin(), f.state().validators.end()));
        VERIFY(f);
    }

    void change_add_validator_failures() {
        F f;
        REJECT(f, "founder", ErrorCode::InvalidPublicKey, change(AddValidator{PublicKey{}}));
        PublicKey bad{};
        bad.fill(0xff);
        bad[0] = 0x02;
        REJECT(f, "founder", ErrorCode::InvalidPublicKey, change(AddValidator{bad}));
        REJECT(f, "founder", ErrorCode::ValidatorAlreadyPresent, change(AddValidator{f.genesis().validators[0]}));
        VERIFY(f);
    }

    void change_remove_validator() {
        F f;
        const PublicKey first = f.genesis().validators[0];
        const PublicKey second = fresh_key();
        OK(f, "founder", change(AddValidator{second}));
        pass(f, last_referendum(f));
        OK(f, "founder", change(RemoveValidator{first}));
        const std::vector<Event> closed = pass(f, last_referendum(f));
        QCOMPARE(kinds(closed), QString("validator_removed referendum_closed"));
        EQ_S(closed[0].text, codec::to_hex(first));
        QVERIFY(f.state().validators == std::vector<PublicKey>{second});
        VERIFY(f);
    }

    void change_remove_validator_failures() {
        F f;
        const PublicKey first = f.genesis().validators[0];
        REJECT(f, "founder", ErrorCode::LastValidator, change(RemoveValidator{first}));
        REJECT(f, "founder", ErrorCode::UnknownValidator, change(RemoveValidator{fresh_key()}));
        const PublicKey second = fresh_key();
        OK(f, "founder", change(AddValidator{second}));
        pass(f, last_referendum(f));
        // Both removals pass their checks at proposal; at closing the second would leave none.
        OK(f, "founder", change(RemoveValidator{first}));
        const std::uint64_t one = last_referendum(f);
        OK(f, "founder", change(RemoveValidator{second}));
        const std::uint64_t two = last_referendum(f);
        f.everyone_votes(one, true);
        f.everyone_votes(two, true);
        f.close_votes();
        EQ(referendum(f, one).outcome, Outcome::Approved);
        EQ(referendum(f, two).outcome, Outcome::Void);
        EQ(referendum(f, two).void_reason, ErrorCode::LastValidator);
        QVERIFY(f.state().validators == std::vector<PublicKey>{second});
        VERIFY(f);
    }

    // --- Group data key -------------------------------------------------------
    void share_data_key() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        EQ(f.member("alice")->key_epoch, kNoKeyEpoch);
        OK_R(r, f, "founder", ShareDataKey{f.account("alice"), 0, Bytes{5, 5}});
        QCOMPARE(kinds(r.events), QString("data_key_shared"));
        QVERIFY(r.events[0].actor == f.account("founder"));
        QVERIFY(r.events[0].subject == f.account("alice"));
        EQ(r.events[0].amount, 0);
        EQ(f.member("alice")->key_epoch, 0);
        QVERIFY(f.member("alice")->sealed_keys == (Bytes{5, 5}));
        // Now alice may share it in turn.
        SETUP(admit_member(f, "bob", "Light", __LINE__));
        OK(f, "alice", ShareDataKey{f.account("bob"), 0, Bytes{6}});
        EQ(f.member("bob")->key_epoch, 0);
        VERIFY(f);
    }

    void share_data_key_failures() {
        F f;
        SETUP(admit_member(f, "alice", "Light", __LINE__));
        SETUP(admit_member(f, "bob", "Light", __LINE__));
        const AccountId alice = f.account("alice");
        const AccountId bob = f.account("bob");
        // A just-admitted member holds no key to share.
        REJECT(f, "bob", ErrorCode::NoDataKey, ShareDataKey{alice, 0, Bytes{1}});
        REJECT(f, "founder", ErrorCode::WrongKeyEpoch, ShareDataKey{alice, 1, Bytes{1}});
        REJECT(f, "founder", ErrorCode::WrongKeyEpoch, ShareDataKey{alice, kNoKeyEpoch, Bytes{1}});
        REJECT(f, "founder", ErrorCode::UnknownMember, ShareDataKey{f.account("stranger"), 0, Bytes{1}});
        REJECT(f, "founder", ErrorCode::ShareNotNeeded, ShareDataKey{f.account("founder"), 0, Bytes{1}});
        REJECT(f, "founder", ErrorCode::InvalidSealedKeys, ShareDataKey{alice, 0, Bytes{}});
        OK(f, "founder", ShareDataKey{alice, 0, Bytes{1}});
        REJECT(f, "founder", ErrorCode::ShareNotNeeded, ShareDataKey{alice, 0, Bytes{2}});
        REJECT(f, "bob", ErrorCode::NoDataKey, ShareDataKey{bob, 0, Bytes{2}});
        VERIFY(f);
    }

    void rotate_data_key() {
        F f;
        SETUP(four_members(f, __LINE__, "Light"));
        for (const char* name : {"alice", "bob"}) OK(f, "founder", ShareDataKey{f.account(name), 0, Bytes{1}});
        const PublicKey new_key = fresh_key();
        const auto share = [&](const std::string& name, Bytes bytes = Bytes{7}) {
            return KeyShare{f.account(name), std::move(bytes)};
        };
        const std::vector<KeyShare> everyone = {share("founder"), share("alice"), share("bob"), share("carol")};
        REJECT(f, "founder", ErrorCode::RotationNotNeeded, RotateDataKey{1, new_key, everyone});

        OK(f, "founder", change(RemoveMember{f.account("bob")}));
        pass(f, last_referendum(f));
        QVERIFY(f.state().key_rotation_pending);

        // Carol was never given the key.
        REJECT(f, "carol", ErrorCode::NoDataKey,
               RotateDataKey{1, new_key, {share("founder"), share("alice"), share("carol")}});
        const std::vector<KeyShare> good = {share("founder", Bytes{1, 1}), share("alice", Bytes{2, 2}),
                                            share("carol", Bytes{3, 3})};
        REJECT(f, "founder", ErrorCode::WrongKeyEpoch, RotateDataKey{0, new_key, good});
        REJECT(f, "founder", ErrorCode::WrongKeyEpoch, RotateDataKey{2, new_key, good});
        REJECT(f, "founder", ErrorCode::InvalidPublicKey, RotateDataKey{1, PublicKey{}, good});
        // Shares: one missing, a duplicate, the removed member, a stranger, an empty one.
        REJECT(f, "founder", ErrorCode::SharesIncomplete, RotateDataKey{1, new_key, {share("founder"), share("alice")}});
        REJECT(f, "founder", ErrorCode::SharesIncomplete,
               RotateDataKey{1, new_key, {share("founder"), share("alice"), share("carol"), share("alice")}});
        REJECT(f, "founder", ErrorCode::SharesIncomplete,
               RotateDataKey{1, new_key, {share("founder"), share("alice"), share("carol"), share("bob")}});
        REJECT(f, "founder", ErrorCode::SharesIncomplete,
               RotateDataKey{1, new_key, {share("founder"), share("alice"), share("carol"), share("stranger")}});
        REJECT(f, "founder", ErrorCode::SharesIncomplete,
               RotateDataKey{1, new_key, {share("founder"), share("alice"), share("carol", Bytes{})}});
        REJECT(f, "founder", ErrorCode::SharesIncomplete, RotateDataKey{1, new_key, {}});

        OK_R(r, f, "alice", RotateDataKey{1, new_key, good});
        QCOMPARE(kinds(r.events), QString("data_key_rotated"));
        QVERIFY(r.events[0].actor == f.account("alice"));
        EQ(r.events[0].amount, 1);
        QVERIFY(!f.state().key_rotation_pending);
        EQ(f.state().data_key_epoch(), 1);
        EQ(f.state().data_public_keys.size(), 2);
        QVERIFY(f.state().data_public_keys[1] == new_key);
        for (const auto& [name, bytes] : std::vector<std::pair<std::string, Bytes>>{
                 {"founder", Bytes{1, 1}}, {"alice", Bytes{2, 2}}, {"carol", Bytes{3, 3}}}) {
            EQ(f.member(name)->key_epoch, 1);
            QVERIFY(f.member(name)->sealed_keys == bytes);
        }
        REJECT(f, "founder", ErrorCode::RotationNotNeeded, RotateDataKey{2, fresh_key(), good});
        // Profiles are now sealed to epoch 1.
        REJECT(f, "alice", ErrorCode::InvalidProfile, UpdateProfile{Hash256{}, F::sealed_profile(0)});
        OK(f, "alice", UpdateProfile{Hash256{}, F::sealed_profile(1)});
        REJECT(f, "dave", ErrorCode::InvalidProfile, RequestAdmission{"Light", Hash256{}, F::sealed_profile(0)});
        OK(f, "dave", RequestAdmission{"Light", Hash256{}, F::sealed_profile(1)});
        VERIFY(f);
    }

    // --- share_by_largest_remainder -------------------------------------------
    void largest_remainder_examples() {
        using V = std::vector<std::uint64_t>;
        QVERIFY(share_by_largest_remainder(1000, V{1, 1, 1}) == (V{334, 333, 333}));
        QVERIFY(share_by_largest_remainder(2, V{1, 1, 1}) == (V{1, 1, 0}));
        QVERIFY(share_by_largest_remainder(1000, V{1, 2, 4}) == (V{143, 286, 571}));
        QVERIFY(share_by_largest_remainder(500, V{500, 800, 200}) == (V{167, 267, 66}));
        QVERIFY(share_by_largest_remainder(167, V{500, 333}) == (V{100, 67}));
        QVERIFY(share_by_largest_remainder(10, V{3}) == (V{10}));
        constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
        // Weights whose sum overflows 64 bits.
        QVERIFY(share_by_largest_remainder(max, V{max, max, max}) == (V{max / 3, max / 3, max / 3}));
        QVERIFY(share_by_largest_remainder(max, V{max, 1}) == (V{max - 1, 1}));
    }

    void largest_remainder_zero_and_empty() {
        using V = std::vector<std::uint64_t>;
        QVERIFY(share_by_largest_remainder(5, V{}).empty());
        QVERIFY(share_by_largest_remainder(0, V{}).empty());
        QVERIFY(share_by_largest_remainder(7, V{0, 0}) == (V{0, 0}));
        QVERIFY(share_by_largest_remainder(0, V{3, 4}) == (V{0, 0}));
        QVERIFY(share_by_largest_remainder(10, V{0, 5, 0, 5}) == (V{0, 5, 0, 5}));
        QVERIFY(share_by_largest_remainder(3, V{0, 1, 0, 1}) == (V{0, 2, 0, 1}));
        QVERIFY(share_by_largest_remainder(1, V{0, 0, 7}) == (V{0, 0, 1}));
    }

    void largest_remainder_random_sums() {
        std::mt19937_64 rng(20260101);
        constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
        constexpr std::uint64_t two63 = std::uint64_t{1} << 63;
        for (int round = 0; round < 5000; ++round) {
            const std::size_t n = rng() % 16 + 1;
            std::vector<std::uint64_t> weights(n);
            for (std::uint64_t& w : weights) {
                switch (round % 5) {
                case 0: w = rng() % 1000; break;
                case 1: w = rng(); break;
                case 2: w = two63 - rng() % 1000; break;
                case 3: w = rng() % 3; break; // zeros and ties
                default: w = max - rng() % 4; break;
                }
            }
            std::uint64_t total = 0;
            switch (round % 4) {
            case 0: total = rng() % 10'000; break;
            case 1: total = rng(); break;
            case 2: total = two63 + rng() % 1000 - 500; break;
            default: total = max - rng() % 3; break;
            }
            const std::vector<std::uint64_t> shares = share_by_largest_remainder(total, weights);
            QCOMPARE(shares.size(), n);
            u128 weight_sum = 0;
            for (std::uint64_t w : weights) weight_sum += w;
            u128 share_sum = 0;
            for (std::uint64_t s : shares) share_sum += s;
            if (weight_sum == 0) {
                QVERIFY(share_sum == 0);
                continue;
            }
            QVERIFY2(share_sum == total, qPrintable(QString("round %1: parts do not add up").arg(round)));
            std::vector<u128> remainders(n);
            std::vector<bool> extra(n);
            for (std::size_t i = 0; i < n; ++i) {
                const u128 product = static_cast<u128>(total) * weights[i];
                const u128 floor = product / weight_sum;
                remainders[i] = product % weight_sum;
                QVERIFY2(shares[i] == floor || shares[i] == floor + 1,
                         qPrintable(QString("round %1: part %2 is not floor or floor + 1").arg(round).arg(i)));
                extra[i] = shares[i] == floor + 1;
                if (weights[i] == 0) QVERIFY(shares[i] == 0);
            }
            // The spare units went to the largest remainders, ties to the lower index.
            for (std::size_t i = 0; i < n; ++i)
                for (std::size_t j = 0; j < n; ++j)
                    if (extra[i] && !extra[j])
                        QVERIFY2(remainders[i] > remainders[j] || (remainders[i] == remainders[j] && i < j),
                                 qPrintable(QString("round %1: spare unit to the wrong part").arg(round)));
        }
    }
};

QTEST_APPLESS_MAIN(TestRules)
#include "test_rules.moc"
