// Unit tests of chain::consensus::Machine, driven input by input with real
// P-256 keys: one machine under test ("us"), the other validators' messages
// signed by the test with their keys. Every output goes through an
// OutputLog, which checks the persist-before-broadcast contract on the spot.

#include "consensus/consensus.h"

#include <QtTest>

#include <algorithm>
#include <deque>
#include <memory>
#include <set>
#include <string>

using namespace chain;
using namespace chain::consensus;

namespace {

constexpr std::int64_t kGenesisTimeS = 1'767'225'600; // 2026-01-01T00:00:00Z
// Half a second into a whole second, so that block times (whole seconds)
// sit strictly inside the timeliness window.
constexpr std::int64_t kNowMs = (kGenesisTimeS + 3'600) * 1000 + 500;

Hash256 test_group_id() {
    const Bytes label{'t', 'e', 's', 't'};
    return crypto::tagged_hash("rateio-test/consensus-group", label);
}

crypto::KeyPair test_key(std::uint64_t index) {
    for (std::uint64_t attempt = 0;; ++attempt) {
        codec::Writer w;
        w.u64(index);
        w.u64(attempt);
        if (auto key = crypto::KeyPair::from_private(crypto::tagged_hash("rateio-test/consensus-key", w.data())))
            return *key;
    }
}

// A block with no transactions; `tag` makes blocks of one height differ.
Block make_block(std::uint64_t height, const Hash256& previous_hash, std::int64_t time_s, const PublicKey& proposer,
                 std::uint64_t tag) {
    Block block;
    block.header.group_id = test_group_id();
    block.header.height = height;
    block.header.previous_hash = previous_hash;
    block.header.time_s = time_s;
    block.header.transactions_root = merkle_root({});
    codec::Writer w;
    w.u64(height);
    w.u64(tag);
    block.header.state_root = crypto::tagged_hash("rateio-test/state", w.data());
    block.header.proposer = proposer;
    return block;
}

// The application: blocks are empty, each build a different one; validity
// is "not in the invalid set". It also checks that the machine only ever asks
// about the height it was told about.
class FakeApp final : public Application {
public:
    explicit FakeApp(const PublicKey& proposer) : proposer_(proposer) {}

    Block build_block(std::uint64_t height, std::uint32_t round, std::int64_t now_ms) override {
        ++built;
        const std::int64_t time_s = std::max(previous_time_s, now_ms / 1000);
        return make_block(height, previous_hash, time_s, proposer_, 1'000'000 + built * 1'000 + round);
    }
    bool validate_block(const Block& block) override {
        ++validated;
        return invalid.count(block.header.hash()) == 0;
    }

    Hash256 previous_hash = test_group_id();
    std::int64_t previous_time_s = kGenesisTimeS;
    std::set<Hash256> invalid;
    int built = 0;
    int validated = 0;

private:
    PublicKey proposer_;
};

// Every output a machine produced, and the contract of Output checked on
// each: a message signed with the machine's key is broadcast only if it was
// persisted in this output or an earlier one, and a lock is persisted before
// the precommit for its block.
class OutputLog {
public:
    explicit OutputLog(const PublicKey& own) : own_(own) {}

    void add(const Output& out) {
        std::set<Hash256> locked_here;
        for (const Record& record : out.persist) {
            persisted.push_back(record);
            if (const Vote* v = std::get_if<Vote>(&record)) {
                signatures_.insert(v->signature);
                if (v->type == VoteType::Precommit && v->block_hash && !locked_here.count(*v->block_hash))
                    violation = "a precommit for a block was persisted before its lock";
            } else if (const Proposal* p = std::get_if<Proposal>(&record)) {
                signatures_.insert(p->signature);
            } else {
                locked_here.insert(std::get<LockRecord>(record).block.header.hash());
            }
        }
        for (const Message& message : out.broadcast) {
            const Vote* v = std::get_if<Vote>(&message);
            if (v && v->validator != own_) continue;
            const Signature& signature = v ? v->signature : std::get<Proposal>(message).signature;
            if (!signatures_.count(signature)) violation = "a signed message was broadcast before it was persisted";
        }
    }

    std::vector<Record> persisted;
    std::string violation;

private:
    PublicKey own_;
    std::set<Signature> signatures_;
};

// The validator set of the tests, sorted as the machine sorts it, with
// helpers to sign the other validators' messages.
struct Group {
    explicit Group(std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) keys.push_back(test_key(i));
        std::sort(keys.begin(), keys.end(),
                  [](const crypto::KeyPair& a, const crypto::KeyPair& b) { return a.public_key() < b.public_key(); });
    }

    std::vector<PublicKey> validators() const {
        std::vector<PublicKey> out;
        for (const auto& key : keys) out.push_back(key.public_key());
        return out;
    }
    HeightStart start(std::uint64_t height, const Hash256& previous_hash = test_group_id(),
                      std::int64_t previous_time_s = kGenesisTimeS) const {
        return HeightStart{height, validators(), previous_hash, previous_time_s};
    }
    std::size_t proposer_index(std::uint64_t height, std::uint32_t round) const {
        return (height + round) % keys.size();
    }
    const crypto::KeyPair& proposer(std::uint64_t height, std::uint32_t round) const {
        return keys[proposer_index(height, round)];
    }
    // A fresh block of the round's proposer at the given time.
    Block block(std::uint64_t height, std::uint32_t round, std::uint64_t tag,
                std::int64_t time_s = kNowMs / 1000) const {
        return make_block(height, test_group_id(), time_s, proposer(height, round).public_key(), tag);
    }
    Proposal proposal(std::uint64_t height, std::uint32_t round, const Block& block, std::int32_t pol_round = kNoRound,
                      const std::vector<std::size_t>& pol_signers = {}) const {
        return proposal_by(proposer(height, round), height, round, block, pol_round, pol_signers);
    }
    Proposal proposal_by(const crypto::KeyPair& signer, std::uint64_t height, std::uint32_t round, const Block& block,
                         std::int32_t pol_round = kNoRound, const std::vector<std::size_t>& pol_signers = {}) const {
        Proposal p;
        p.height = height;
        p.round = round;
        p.pol_round = pol_round;
        p.block = block;
        for (std::size_t i : pol_signers) {
            const Vote prevote = vote(i, VoteType::Prevote, height, static_cast<std::uint32_t>(pol_round),
                                      block.header.hash());
            p.pol_signatures.push_back(CommitSignature{prevote.validator, prevote.signature});
        }
        p.sign(test_group_id(), signer);
        return p;
    }
    Vote vote(std::size_t signer, VoteType type, std::uint64_t height, std::uint32_t round,
              const std::optional<Hash256>& hash) const {
        Vote v;
        v.type = type;
        v.height = height;
        v.round = round;
        v.block_hash = hash;
        v.sign(test_group_id(), keys[signer]);
        return v;
    }

    std::vector<crypto::KeyPair> keys;
};

// One machine under test, with its application and output log.
struct Validator {
    Validator(const Group& group, std::size_t index, Config config = Config{})
        : key(group.keys[index]), app(key.public_key()), log(key.public_key()),
          machine(with_group(std::move(config)), key, app) {}

    static Config with_group(Config config) {
        config.group_id = test_group_id();
        return config;
    }
    Output take(Output out) {
        log.add(out);
        return out;
    }
    Output start(const HeightStart& start, std::int64_t now_ms = kNowMs) {
        return take(machine.start_height(start, now_ms));
    }
    Output proposal(const Proposal& p, std::int64_t now_ms = kNowMs) { return take(machine.on_proposal(p, now_ms)); }
    Output vote(const Vote& v, std::int64_t now_ms = kNowMs) { return take(machine.on_vote(v, now_ms)); }
    // A restart: the log first learns what was on disk (as the driver
    // would have it), then takes the output of restore().
    Output restore(const HeightStart& start, const std::vector<Record>& records, std::int64_t now_ms) {
        Output disk;
        disk.persist = records;
        log.add(disk);
        log.persisted.clear();
        return take(machine.restore(start, records, now_ms));
    }
    Output timeout(TimeoutKind kind, std::uint32_t round, std::int64_t now_ms = kNowMs) {
        return take(machine.on_timeout(Timer{machine.height(), round, kind, 0}, now_ms));
    }
    // Votes of the same kind from several validators; the outputs merged.
    Output votes(const Group& group, const std::vector<std::size_t>& signers, VoteType type, std::uint32_t round,
                 const std::optional<Hash256>& hash) {
        Output all;
        for (std::size_t i : signers) {
            Output out = vote(group.vote(i, type, machine.height(), round, hash));
            all.persist.insert(all.persist.end(), out.persist.begin(), out.persist.end());
            all.broadcast.insert(all.broadcast.end(), out.broadcast.begin(), out.broadcast.end());
            all.timers.insert(all.timers.end(), out.timers.begin(), out.timers.end());
            all.evidence.insert(all.evidence.end(), out.evidence.begin(), out.evidence.end());
            if (out.decision) all.decision = out.decision;
        }
        return all;
    }

    crypto::KeyPair key;
    FakeApp app;
    OutputLog log;
    Machine machine;
};

// The votes `out` broadcasts under `key` of one type and round.
std::vector<Vote> sent_votes(const Output& out, const PublicKey& key, VoteType type, std::uint32_t round) {
    std::vector<Vote> votes;
    for (const Message& m : out.broadcast)
        if (const Vote* v = std::get_if<Vote>(&m); v && v->validator == key && v->type == type && v->round == round)
            votes.push_back(*v);
    return votes;
}

std::vector<Proposal> sent_proposals(const Output& out) {
    std::vector<Proposal> proposals;
    for (const Message& m : out.broadcast)
        if (const Proposal* p = std::get_if<Proposal>(&m)) proposals.push_back(*p);
    return proposals;
}

std::optional<Timer> find_timer(const Output& out, TimeoutKind kind, std::uint32_t round) {
    for (const Timer& t : out.timers)
        if (t.kind == kind && t.round == round) return t;
    return std::nullopt;
}

// The index of a validator that is not the proposer of (height, round).
std::size_t non_proposer(const Group& group, std::uint64_t height, std::uint32_t round, std::size_t skip = 0) {
    for (std::size_t i = 0; i < group.keys.size(); ++i)
        if (i != group.proposer_index(height, round) && skip-- == 0) return i;
    return 0;
}

// The other validators than `self`, in order.
std::vector<std::size_t> others(const Group& group, std::size_t self) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < group.keys.size(); ++i)
        if (i != self) out.push_back(i);
    return out;
}

} // namespace

class TestConsensus : public QObject {
    Q_OBJECT

private slots:
    void single_validator_decides_at_round_zero();
    void four_validators_decide_heights_in_turn();
    void proposer_rotates_by_height_and_round();
    void quorum_is_more_than_two_thirds();
    void prevote_nil_on_propose_timeout();
    void prevote_nil_for_an_invalid_block();
    void locked_validator_refuses_a_different_fresh_block();
    void locked_validator_accepts_a_reproposal_from_its_lock_round_or_later();
    void locked_validator_refuses_a_reproposal_older_than_its_lock();
    void round_skip_on_f_plus_one_higher_round_messages();
    void timeouts_grow_with_the_round();
    void untimely_fresh_proposal_gets_prevote_nil();
    void reproposal_keeps_its_time_and_is_exempt_from_timeliness();
    void double_vote_is_evidence();
    void double_proposal_is_evidence_and_second_block_can_still_decide();
    void invalid_messages_are_refused();
    void future_height_messages_are_buffered_and_replayed();
    void future_height_buffers_are_bounded();
    void finished_height_messages_are_stale();
    void restore_resends_persisted_votes_and_never_signs_a_conflicting_one();
    void restore_keeps_a_nil_precommit_against_a_later_quorum();
    void restore_restores_the_lock_and_reproposes_the_locked_block();
    void restore_resends_the_same_proposal();
    void resend_timer_repeats_own_messages();
    void messages_round_trip_through_the_codec();
};

void TestConsensus::single_validator_decides_at_round_zero() {
    Group group(1);
    Validator us(group, 0);
    const Output out = us.start(group.start(1));
    QCOMPARE(out.verdict, Verdict::Accepted);
    QVERIFY(out.decision.has_value());
    QCOMPARE(out.decision->block.header.height, std::uint64_t{1});
    QCOMPARE(out.decision->block.header.proposer, us.key.public_key());
    QCOMPARE(out.decision->certificate.round, std::uint32_t{0});
    QCOMPARE(out.decision->certificate.block_hash, out.decision->block.header.hash());
    QVERIFY(certificate_valid(out.decision->certificate, test_group_id(), group.validators()));
    // Proposal, prevote, lock and precommit, all persisted, all in one output.
    QCOMPARE(out.persist.size(), std::size_t{4});
    QVERIFY(std::holds_alternative<Proposal>(out.persist[0]));
    QVERIFY(std::holds_alternative<LockRecord>(out.persist[2]));
    QCOMPARE(sent_proposals(out).size(), std::size_t{1});
    QCOMPARE(sent_votes(out, us.key.public_key(), VoteType::Precommit, 0).size(), std::size_t{1});
    QVERIFY(us.machine.decided());
    QCOMPARE(us.machine.locked_round(), 0);
    QVERIFY2(us.log.violation.empty(), us.log.violation.c_str());

    // A decided height ignores further input, and the next height starts afresh.
    QCOMPARE(us.vote(group.vote(0, VoteType::Prevote, 1, 1, std::nullopt)).verdict, Verdict::Stale);
    const Hash256 previous = out.decision->block.header.hash();
    us.app.previous_hash = previous;
    const Output next = us.start(group.start(2, previous, out.decision->block.header.time_s));
    QVERIFY(next.decision.has_value());
    QCOMPARE(next.decision->block.header.previous_hash, previous);
    QCOMPARE(us.machine.height(), std::uint64_t{2});
}

// Four machines over an instant, lossless network (no timers needed): every
// height decides in round 0 with the proposer the rotation names, and all
// decide the same block with a valid certificate.
void TestConsensus::four_validators_decide_heights_in_turn() {
    Group group(4);
    std::vector<std::unique_ptr<Validator>> nodes;
    for (std::size_t i = 0; i < 4; ++i) nodes.push_back(std::make_unique<Validator>(group, i));
    Hash256 previous = test_group_id();
    std::int64_t previous_time_s = kGenesisTimeS;
    for (std::uint64_t height = 1; height <= 6; ++height) {
        struct Pending {
            std::size_t from;
            Message message;
        };
        std::deque<Pending> network;
        std::vector<std::optional<Decision>> decisions(4);
        const auto route = [&](std::size_t from, const Output& out) {
            for (const Message& m : out.broadcast) network.push_back({from, m});
            if (out.decision) decisions[from] = out.decision;
        };
        for (std::size_t i = 0; i < 4; ++i) {
            nodes[i]->app.previous_hash = previous;
            nodes[i]->app.previous_time_s = previous_time_s;
            route(i, nodes[i]->start(group.start(height, previous, previous_time_s)));
        }
        for (std::size_t delivered = 0; !network.empty(); ++delivered) {
            QVERIFY(delivered < 1'000);
            const Pending p = network.front();
            network.pop_front();
            for (std::size_t to = 0; to < 4; ++to) {
                if (to == p.from) continue;
                if (const Proposal* proposal = std::get_if<Proposal>(&p.message))
                    route(to, nodes[to]->proposal(*proposal));
                else
                    route(to, nodes[to]->vote(std::get<Vote>(p.message)));
            }
        }
        for (std::size_t i = 0; i < 4; ++i) {
            QVERIFY2(decisions[i].has_value(), qPrintable(QString("node %1 at height %2").arg(i).arg(height)));
            QCOMPARE(decisions[i]->block.header.hash(), decisions[0]->block.header.hash());
            QVERIFY(certificate_valid(decisions[i]->certificate, test_group_id(), group.validators()));
            QVERIFY2(nodes[i]->log.violation.empty(), nodes[i]->log.violation.c_str());
        }
        QCOMPARE(decisions[0]->certificate.round, std::uint32_t{0});
        QCOMPARE(decisions[0]->block.header.proposer, group.proposer(height, 0).public_key());
        previous = decisions[0]->block.header.hash();
        previous_time_s = decisions[0]->block.header.time_s;
    }
}

void TestConsensus::proposer_rotates_by_height_and_round() {
    Group group(4);
    Validator us(group, 0);
    for (std::uint64_t height = 1; height <= 5; ++height) {
        us.start(group.start(height));
        for (std::uint32_t round = 0; round < 9; ++round)
            QCOMPARE(us.machine.proposer(round), group.keys[(height + round) % 4].public_key());
    }
    // The machine proposes exactly when it is the round's proposer.
    for (std::size_t i = 0; i < 4; ++i) {
        Validator v(group, i);
        const Output out = v.start(group.start(7));
        QCOMPARE(sent_proposals(out).size(), std::size_t{group.proposer_index(7, 0) == i ? 1u : 0u});
    }
    // The validator set is sorted by the machine, so the order given does not matter.
    HeightStart shuffled = group.start(3);
    std::reverse(shuffled.validators.begin(), shuffled.validators.end());
    us.start(shuffled);
    QCOMPARE(us.machine.proposer(0), group.keys[3].public_key());
}

void TestConsensus::quorum_is_more_than_two_thirds() {
    QCOMPARE(commit_quorum(1), std::size_t{1});
    QCOMPARE(commit_quorum(3), std::size_t{3});
    QCOMPARE(commit_quorum(4), std::size_t{3});
    QCOMPARE(commit_quorum(6), std::size_t{5});
    QCOMPARE(commit_quorum(7), std::size_t{5});
    QCOMPARE(commit_quorum(10), std::size_t{7});

    // With 4 validators, 2 prevotes for a block are not enough to precommit
    // it, 3 are; 2 precommits do not decide, 3 do.
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    Validator us(group, self);
    us.start(group.start(1));
    QCOMPARE(us.machine.quorum(), std::size_t{3});
    const Block block = group.block(1, 0, 1);
    const Hash256 hash = block.header.hash();
    Output out = us.proposal(group.proposal(1, 0, block));
    QCOMPARE(sent_votes(out, us.key.public_key(), VoteType::Prevote, 0).size(), std::size_t{1});
    QCOMPARE(*sent_votes(out, us.key.public_key(), VoteType::Prevote, 0)[0].block_hash, hash);
    const std::vector<std::size_t> rest = others(group, self);
    out = us.vote(group.vote(rest[0], VoteType::Prevote, 1, 0, hash));
    QVERIFY(sent_votes(out, us.key.public_key(), VoteType::Precommit, 0).empty());
    QCOMPARE(us.machine.step(), Step::Prevote);
    out = us.vote(group.vote(rest[1], VoteType::Prevote, 1, 0, hash));
    const std::vector<Vote> precommits = sent_votes(out, us.key.public_key(), VoteType::Precommit, 0);
    QCOMPARE(precommits.size(), std::size_t{1});
    QCOMPARE(*precommits[0].block_hash, hash);
    QCOMPARE(us.machine.locked_round(), 0);
    out = us.vote(group.vote(rest[0], VoteType::Precommit, 1, 0, hash));
    QVERIFY(!out.decision);
    out = us.vote(group.vote(rest[1], VoteType::Precommit, 1, 0, hash));
    QVERIFY(out.decision.has_value());
    QCOMPARE(out.decision->certificate.signatures.size(), std::size_t{3});
    QVERIFY(certificate_valid(out.decision->certificate, test_group_id(), group.validators()));
    QVERIFY2(us.log.violation.empty(), us.log.violation.c_str());
}

void TestConsensus::prevote_nil_on_propose_timeout() {
    Group group(4);
    Validator us(group, non_proposer(group, 1, 0));
    const Output started = us.start(group.start(1));
    QVERIFY(sent_proposals(started).empty());
    const std::optional<Timer> timer = find_timer(started, TimeoutKind::Propose, 0);
    QVERIFY(timer.has_value());
    QCOMPARE(timer->height, std::uint64_t{1});
    QCOMPARE(timer->duration_ms, Timeouts{}.timeout_propose_ms);
    QVERIFY(find_timer(started, TimeoutKind::Resend, 0).has_value());

    const Output out = us.take(us.machine.on_timeout(*timer, kNowMs + timer->duration_ms));
    const std::vector<Vote> prevotes = sent_votes(out, us.key.public_key(), VoteType::Prevote, 0);
    QCOMPARE(prevotes.size(), std::size_t{1});
    QVERIFY(!prevotes[0].block_hash.has_value());
    QCOMPARE(us.machine.step(), Step::Prevote);
    // The same timer again, or one of another height, changes nothing.
    QCOMPARE(us.machine.on_timeout(*timer, kNowMs).verdict, Verdict::Stale);
    QCOMPARE(us.machine.on_timeout(Timer{2, 0, TimeoutKind::Propose, 0}, kNowMs).verdict, Verdict::Stale);
    // A proposal that comes late gets no second prevote.
    const Output late = us.proposal(group.proposal(1, 0, group.block(1, 0, 1)));
    QVERIFY(sent_votes(late, us.key.public_key(), VoteType::Prevote, 0).empty());

    // Prevote timeout (after a quorum of mixed prevotes) -> precommit nil;
    // precommit timeout (after a quorum of precommits) -> next round.
    const std::vector<std::size_t> rest = others(group, non_proposer(group, 1, 0));
    Output mixed = us.votes(group, {rest[0]}, VoteType::Prevote, 0, group.block(1, 0, 1).header.hash());
    QVERIFY(!find_timer(mixed, TimeoutKind::Prevote, 0));
    mixed = us.votes(group, {rest[1]}, VoteType::Prevote, 0, std::nullopt);
    QVERIFY(find_timer(mixed, TimeoutKind::Prevote, 0).has_value());
    const Output precommitted = us.timeout(TimeoutKind::Prevote, 0);
    const std::vector<Vote> precommits = sent_votes(precommitted, us.key.public_key(), VoteType::Precommit, 0);
    QCOMPARE(precommits.size(), std::size_t{1});
    QVERIFY(!precommits[0].block_hash.has_value());
    const Output quorum = us.votes(group, {rest[0], rest[1]}, VoteType::Precommit, 0, std::nullopt);
    QVERIFY(find_timer(quorum, TimeoutKind::Precommit, 0).has_value());
    us.timeout(TimeoutKind::Precommit, 0);
    QCOMPARE(us.machine.round(), std::uint32_t{1});
    QCOMPARE(us.machine.step(), Step::Propose);
    QVERIFY2(us.log.violation.empty(), us.log.violation.c_str());
}

void TestConsensus::prevote_nil_for_an_invalid_block() {
    Group group(4);
    Validator us(group, non_proposer(group, 1, 0));
    us.start(group.start(1));
    const Block block = group.block(1, 0, 1);
    us.app.invalid.insert(block.header.hash());
    const Output out = us.proposal(group.proposal(1, 0, block));
    const std::vector<Vote> prevotes = sent_votes(out, us.key.public_key(), VoteType::Prevote, 0);
    QCOMPARE(prevotes.size(), std::size_t{1});
    QVERIFY(!prevotes[0].block_hash.has_value());
    QVERIFY(us.app.validated >= 1);

    // A block that is well formed for the app but not for the height (wrong
    // previous hash) is refused without asking the app.
    Validator other(group, non_proposer(group, 1, 0));
    other.start(group.start(1));
    Block wrong = group.block(1, 0, 2);
    wrong.header.previous_hash[0] ^= 1;
    const Output out2 = other.proposal(group.proposal(1, 0, wrong));
    QVERIFY(!sent_votes(out2, other.key.public_key(), VoteType::Prevote, 0)[0].block_hash.has_value());
    QCOMPARE(other.app.validated, 0);
}

// The setting of the lock tests: we lock on block A in round 0 (proposal and
// a quorum of prevotes), then round 0 ends with nil precommits from the others.
namespace {
struct Locked {
    Group group{4};
    std::size_t self = 0;
    std::unique_ptr<Validator> us;
    Block block_a;

    Locked() {
        self = non_proposer(group, 1, 0);
        us = std::make_unique<Validator>(group, self);
        us->start(group.start(1));
        block_a = group.block(1, 0, 1);
        us->proposal(group.proposal(1, 0, block_a));
        const std::vector<std::size_t> rest = others(group, self);
        us->votes(group, {rest[0], rest[1]}, VoteType::Prevote, 0, block_a.header.hash());
        us->votes(group, {rest[0], rest[1]}, VoteType::Precommit, 0, std::nullopt);
        us->timeout(TimeoutKind::Precommit, 0);
    }
    std::vector<std::size_t> rest() const { return others(group, self); }
};
} // namespace

void TestConsensus::locked_validator_refuses_a_different_fresh_block() {
    Locked t;
    QCOMPARE(t.us->machine.locked_round(), 0);
    QCOMPARE(t.us->machine.round(), std::uint32_t{1});
    QVERIFY(t.group.proposer_index(1, 1) != t.self);
    const Block block_b = t.group.block(1, 1, 2);
    const Output out = t.us->proposal(t.group.proposal(1, 1, block_b));
    const std::vector<Vote> prevotes = sent_votes(out, t.us->key.public_key(), VoteType::Prevote, 1);
    QCOMPARE(prevotes.size(), std::size_t{1});
    QVERIFY(!prevotes[0].block_hash.has_value());
    QCOMPARE(t.us->machine.locked_round(), 0);
    QCOMPARE(t.us->machine.step(), Step::Prevote);
    QVERIFY2(t.us->log.violation.empty(), t.us->log.violation.c_str());
}

void TestConsensus::locked_validator_accepts_a_reproposal_from_its_lock_round_or_later() {
    // pol_round == locked_round: the locked block itself, re-proposed.
    {
        Locked t;
        const std::vector<std::size_t> rest = t.rest();
        const std::vector<std::size_t> pol{rest[0], rest[1], t.self};
        const Output out = t.us->proposal(t.group.proposal(1, 1, t.block_a, 0, pol));
        QCOMPARE(out.verdict, Verdict::Accepted);
        const std::vector<Vote> prevotes = sent_votes(out, t.us->key.public_key(), VoteType::Prevote, 1);
        QCOMPARE(prevotes.size(), std::size_t{1});
        QCOMPARE(*prevotes[0].block_hash, t.block_a.header.hash());
        QVERIFY2(t.us->log.violation.empty(), t.us->log.violation.c_str());
    }
    // pol_round > locked_round: a different block that won a quorum of
    // prevotes in round 1 (which we did not see), re-proposed in round 2.
    {
        Locked t;
        const std::vector<std::size_t> rest = t.rest();
        const Block block_b = t.group.block(1, 1, 2);
        // Round 1: we see block B and prevote nil (locked); then go to round 2.
        t.us->proposal(t.group.proposal(1, 1, block_b));
        const Output quorum = t.us->votes(t.group, rest, VoteType::Precommit, 1, std::nullopt);
        QVERIFY(find_timer(quorum, TimeoutKind::Precommit, 1).has_value());
        t.us->timeout(TimeoutKind::Precommit, 1);
        QCOMPARE(t.us->machine.round(), std::uint32_t{2});
        QCOMPARE(t.us->machine.locked_round(), 0);
        const Output out = t.us->proposal(t.group.proposal(1, 2, block_b, 1, rest));
        QCOMPARE(out.verdict, Verdict::Accepted);
        const std::vector<Vote> prevotes = sent_votes(out, t.us->key.public_key(), VoteType::Prevote, 2);
        QCOMPARE(prevotes.size(), std::size_t{1});
        QCOMPARE(*prevotes[0].block_hash, block_b.header.hash());
        // Its proof of lock counts as round-1 prevotes, but line 36 only
        // moves the lock and the valid block in the current round.
        QCOMPARE(t.us->machine.valid_round(), 0);
        QCOMPARE(t.us->machine.locked_round(), 0);
        // Two more prevotes for B in round 2 make the quorum: lock moves to B, round 2.
        const Output locked = t.us->votes(t.group, {rest[0], rest[1]}, VoteType::Prevote, 2, block_b.header.hash());
        const std::vector<Vote> precommits = sent_votes(locked, t.us->key.public_key(), VoteType::Precommit, 2);
        QCOMPARE(precommits.size(), std::size_t{1});
        QCOMPARE(*precommits[0].block_hash, block_b.header.hash());
        QCOMPARE(t.us->machine.locked_round(), 2);
        QVERIFY2(t.us->log.violation.empty(), t.us->log.violation.c_str());
    }
}

void TestConsensus::locked_validator_refuses_a_reproposal_older_than_its_lock() {
    // Lock on A in round 1 (after a nil round 0), then B is re-proposed in
    // round 2 with a proof of lock from round 0 (< locked round 1): nil.
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 1);
    Validator us(group, self);
    const std::vector<std::size_t> rest = others(group, self);
    us.start(group.start(1));
    us.timeout(TimeoutKind::Propose, 0);
    // Round 0: three others prevote B (we saw no proposal); we precommit nil
    // after the prevote timeout. Then move on.
    const Block block_b = group.block(1, 0, 2);
    us.votes(group, {rest[0], rest[1]}, VoteType::Prevote, 0, block_b.header.hash());
    us.timeout(TimeoutKind::Prevote, 0);
    us.votes(group, {rest[0], rest[1]}, VoteType::Precommit, 0, std::nullopt);
    us.timeout(TimeoutKind::Precommit, 0);
    QCOMPARE(us.machine.round(), std::uint32_t{1});
    // Round 1: lock on A.
    const Block block_a = group.block(1, 1, 1);
    us.proposal(group.proposal(1, 1, block_a));
    us.votes(group, {rest[0], rest[1]}, VoteType::Prevote, 1, block_a.header.hash());
    QCOMPARE(us.machine.locked_round(), 1);
    us.votes(group, {rest[0], rest[1]}, VoteType::Precommit, 1, std::nullopt);
    us.timeout(TimeoutKind::Precommit, 1);
    QCOMPARE(us.machine.round(), std::uint32_t{2});
    // Round 2: B with a (valid) round-0 proof of lock from three validators.
    // rest[0] and rest[1] prevoted B in round 0 already, so the proof
    // agrees with what we counted.
    const std::size_t third = rest[2];
    const Output out = us.proposal(group.proposal(1, 2, block_b, 0, {rest[0], rest[1], third}));
    QCOMPARE(out.verdict, Verdict::Accepted);
    const std::vector<Vote> prevotes = sent_votes(out, us.key.public_key(), VoteType::Prevote, 2);
    QCOMPARE(prevotes.size(), std::size_t{1});
    QVERIFY(!prevotes[0].block_hash.has_value());
    QCOMPARE(us.machine.locked_round(), 1);
    QVERIFY2(us.log.violation.empty(), us.log.violation.c_str());
}

void TestConsensus::round_skip_on_f_plus_one_higher_round_messages() {
    Group group(4); // f = 1: two validators ahead are enough
    const std::size_t self = non_proposer(group, 1, 0);
    const std::vector<std::size_t> rest = others(group, self);
    Validator us(group, self);
    us.start(group.start(1));
    // One validator ahead, however many messages it sends, is not enough.
    us.vote(group.vote(rest[0], VoteType::Prevote, 1, 3, std::nullopt));
    us.vote(group.vote(rest[0], VoteType::Precommit, 1, 3, std::nullopt));
    us.vote(group.vote(rest[0], VoteType::Prevote, 1, 9, std::nullopt));
    QCOMPARE(us.machine.round(), std::uint32_t{0});
    // A second one, at round 5: the second-highest round is 5 (rest[0] is at 9).
    const Output out = us.vote(group.vote(rest[1], VoteType::Prevote, 1, 5, std::nullopt));
    QCOMPARE(us.machine.round(), std::uint32_t{5});
    QCOMPARE(us.machine.step(), Step::Propose);
    QVERIFY(find_timer(out, TimeoutKind::Propose, 5).has_value());
    // A Byzantine-looking far round from one validator cannot pull us further.
    us.vote(group.vote(rest[2], VoteType::Prevote, 1, 1'000'000, std::nullopt));
    QCOMPARE(us.machine.round(), std::uint32_t{9});

    // Seven validators: f + 1 = 3.
    Group seven(7);
    Validator v(seven, 0);
    v.start(seven.start(2));
    v.vote(seven.vote(1, VoteType::Prevote, 2, 4, std::nullopt));
    v.vote(seven.vote(2, VoteType::Prevote, 2, 4, std::nullopt));
    QCOMPARE(v.machine.round(), std::uint32_t{0});
    v.vote(seven.vote(3, VoteType::Precommit, 2, 4, std::nullopt));
    QCOMPARE(v.machine.round(), std::uint32_t{4});
    QVERIFY2(us.log.violation.empty(), us.log.violation.c_str());
}

void TestConsensus::timeouts_grow_with_the_round() {
    const Timeouts t;
    for (std::uint32_t round = 0; round < 5; ++round) {
        QCOMPARE(t.duration_ms(TimeoutKind::Propose, round), 3000 + 500 * std::int64_t{round});
        QCOMPARE(t.duration_ms(TimeoutKind::Prevote, round), 1000 + 500 * std::int64_t{round});
        QCOMPARE(t.duration_ms(TimeoutKind::Precommit, round), 1000 + 500 * std::int64_t{round});
        QVERIFY(t.duration_ms(TimeoutKind::Propose, round + 1) > t.duration_ms(TimeoutKind::Propose, round));
    }
    QCOMPARE(t.duration_ms(TimeoutKind::Resend, 7), t.resend_interval_ms);
    const Config config;
    QVERIFY(config.message_delay_ms(3) > config.message_delay_ms(0));

    // The machine asks for exactly these durations as it moves through rounds.
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    const std::vector<std::size_t> rest = others(group, self);
    Validator us(group, self);
    const Output r0 = us.start(group.start(1));
    QCOMPARE(find_timer(r0, TimeoutKind::Propose, 0)->duration_ms, std::int64_t{3000});
    us.timeout(TimeoutKind::Propose, 0);
    const Output pv = us.votes(group, {rest[0], rest[1]}, VoteType::Prevote, 0, std::nullopt);
    const Output pc = us.votes(group, {rest[0], rest[1]}, VoteType::Precommit, 0, std::nullopt);
    QCOMPARE(find_timer(pc, TimeoutKind::Precommit, 0)->duration_ms, std::int64_t{1000});
    Q_UNUSED(pv);
    const Output r1 = us.timeout(TimeoutKind::Precommit, 0);
    QCOMPARE(find_timer(r1, TimeoutKind::Propose, 1)->duration_ms, std::int64_t{3500});
    const Output skip = us.votes(group, {rest[0], rest[1]}, VoteType::Prevote, 4, std::nullopt);
    QCOMPARE(find_timer(skip, TimeoutKind::Propose, 4)->duration_ms, std::int64_t{5000});
}

void TestConsensus::untimely_fresh_proposal_gets_prevote_nil() {
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    const std::int64_t now_s = kNowMs / 1000; // kNowMs is now_s + 0.5 s
    const HeightStart start = group.start(1, test_group_id(), now_s - 1'000);
    struct Case {
        std::int64_t time_s;
        bool timely;
    };
    // Window: time - drift (1 s) <= now <= time + drift (1 s) + delay (2 s) + granularity (1 s).
    const Case cases[] = {
        {now_s, true},       {now_s + 1, true},   {now_s + 2, false}, {now_s + 600, false},
        {now_s - 3, true},   {now_s - 4, false},  {now_s - 900, false},
    };
    for (const Case& c : cases) {
        Validator us(group, self);
        us.start(start);
        const Output out = us.proposal(group.proposal(1, 0, group.block(1, 0, 7, c.time_s)));
        QCOMPARE(out.verdict, Verdict::Accepted);
        const std::vector<Vote> prevotes = sent_votes(out, us.key.public_key(), VoteType::Prevote, 0);
        QCOMPARE(prevotes.size(), std::size_t{1});
        QVERIFY2(prevotes[0].block_hash.has_value() == c.timely,
                 qPrintable(QString("block time now%1%2 s").arg(c.time_s >= now_s ? "+" : "").arg(c.time_s - now_s)));
    }
    // Late rounds accept older proposals (the delay bound grows), never newer ones.
    const std::size_t late_self = non_proposer(group, 1, 4);
    Validator late(group, late_self);
    late.start(start);
    late.votes(group, {others(group, late_self)[0], others(group, late_self)[1]}, VoteType::Prevote, 4, std::nullopt);
    QCOMPARE(late.machine.round(), std::uint32_t{4});
    const Output old = late.proposal(group.proposal(1, 4, group.block(1, 4, 8, now_s - 5)));
    QVERIFY(sent_votes(old, late.key.public_key(), VoteType::Prevote, 4)[0].block_hash.has_value());

    // A block time before the previous block's is invalid at any clock.
    Validator back(group, self);
    back.start(group.start(1, test_group_id(), now_s + 1));
    const Output out = back.proposal(group.proposal(1, 0, group.block(1, 0, 9, now_s)));
    QVERIFY(!sent_votes(out, back.key.public_key(), VoteType::Prevote, 0)[0].block_hash.has_value());
}

void TestConsensus::reproposal_keeps_its_time_and_is_exempt_from_timeliness() {
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 1);
    const std::vector<std::size_t> rest = others(group, self);
    Validator us(group, self);
    us.start(group.start(1));
    us.votes(group, {rest[0], rest[1]}, VoteType::Prevote, 1, std::nullopt);
    QCOMPARE(us.machine.round(), std::uint32_t{1});
    // A block from round 0, a minute old, with its round-0 proof of lock.
    const Block old = group.block(1, 0, 3, kNowMs / 1000 - 60);
    const Output out = us.proposal(group.proposal(1, 1, old, 0, rest));
    QCOMPARE(out.verdict, Verdict::Accepted);
    const std::vector<Vote> prevotes = sent_votes(out, us.key.public_key(), VoteType::Prevote, 1);
    QCOMPARE(prevotes.size(), std::size_t{1});
    QCOMPARE(*prevotes[0].block_hash, old.header.hash());
}

void TestConsensus::double_vote_is_evidence() {
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    const std::size_t cheat = others(group, self)[0];
    Validator us(group, self);
    us.start(group.start(1));
    const Hash256 hash = group.block(1, 0, 1).header.hash();
    const Vote first = group.vote(cheat, VoteType::Prevote, 1, 0, hash);
    const Vote second = group.vote(cheat, VoteType::Prevote, 1, 0, std::nullopt);
    QCOMPARE(us.vote(first).verdict, Verdict::Accepted);
    QCOMPARE(us.vote(first).verdict, Verdict::Duplicate);
    const Output out = us.vote(second);
    QCOMPARE(out.verdict, Verdict::Evidence);
    QCOMPARE(out.evidence.size(), std::size_t{1});
    const DoubleVote* evidence = std::get_if<DoubleVote>(&out.evidence[0]);
    QVERIFY(evidence != nullptr);
    QVERIFY(evidence->first.same_slot(evidence->second));
    QCOMPARE(evidence->first.block_hash, first.block_hash);
    QVERIFY(!evidence->second.block_hash.has_value());
    QVERIFY(evidence->first.signature_valid(test_group_id()));
    QVERIFY(evidence->second.signature_valid(test_group_id()));
    // Evidence is reported once per slot; a third value is still Evidence.
    const Output again = us.vote(group.vote(cheat, VoteType::Prevote, 1, 0, group.block(1, 0, 2).header.hash()));
    QCOMPARE(again.verdict, Verdict::Evidence);
    QVERIFY(again.evidence.empty());
    // Precommits are a separate slot.
    QCOMPARE(us.vote(group.vote(cheat, VoteType::Precommit, 1, 0, std::nullopt)).verdict, Verdict::Accepted);
    // A forged second vote (bad signature) is not evidence.
    Vote forged = group.vote(cheat, VoteType::Precommit, 1, 0, hash);
    forged.signature[5] ^= 1;
    QCOMPARE(us.vote(forged).verdict, Verdict::Invalid);
}

void TestConsensus::double_proposal_is_evidence_and_second_block_can_still_decide() {
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    const std::vector<std::size_t> rest = others(group, self);
    Validator us(group, self);
    us.start(group.start(1));
    const Block block_a = group.block(1, 0, 1);
    const Block block_b = group.block(1, 0, 2);
    const Output first = us.proposal(group.proposal(1, 0, block_a));
    QCOMPARE(*sent_votes(first, us.key.public_key(), VoteType::Prevote, 0)[0].block_hash, block_a.header.hash());
    const Output second = us.proposal(group.proposal(1, 0, block_b));
    QCOMPARE(second.verdict, Verdict::Evidence);
    QCOMPARE(second.evidence.size(), std::size_t{1});
    const DoubleProposal* evidence = std::get_if<DoubleProposal>(&second.evidence[0]);
    QVERIFY(evidence != nullptr);
    QCOMPARE(evidence->proposer, group.proposer(1, 0).public_key());
    QCOMPARE(evidence->first.block_hash, block_a.header.hash());
    QCOMPARE(evidence->second.block_hash, block_b.header.hash());
    // No second prevote for the second block.
    QVERIFY(sent_votes(second, us.key.public_key(), VoteType::Prevote, 0).empty());
    // A third block is refused (the per-round bound) and reported no more.
    const Output third = us.proposal(group.proposal(1, 0, group.block(1, 0, 3)));
    QCOMPARE(third.verdict, Verdict::Evidence);
    QVERIFY(third.evidence.empty());
    // The others precommitted B: we decide B although we prevoted A.
    const Output decided = us.votes(group, rest, VoteType::Precommit, 0, block_b.header.hash());
    QVERIFY(decided.decision.has_value());
    QCOMPARE(decided.decision->block.header.hash(), block_b.header.hash());
    QVERIFY(certificate_valid(decided.decision->certificate, test_group_id(), group.validators()));
}

void TestConsensus::invalid_messages_are_refused() {
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    const std::vector<std::size_t> rest = others(group, self);
    Validator us(group, self);
    us.start(group.start(1));
    const Block block = group.block(1, 0, 1);

    Vote bad_signature = group.vote(rest[0], VoteType::Prevote, 1, 0, std::nullopt);
    bad_signature.signature[10] ^= 1;
    Output out = us.vote(bad_signature);
    QCOMPARE(out.verdict, Verdict::Invalid);
    QVERIFY(std::string(out.reason).size() > 0);

    // A vote signed for another group does not verify in this one.
    Vote other_group = group.vote(rest[0], VoteType::Prevote, 1, 0, std::nullopt);
    Hash256 other_id = test_group_id();
    other_id[0] ^= 1;
    other_group.sign(other_id, group.keys[rest[0]]);
    QCOMPARE(us.vote(other_group).verdict, Verdict::Invalid);

    const crypto::KeyPair stranger = test_key(99);
    Vote unknown;
    unknown.type = VoteType::Prevote;
    unknown.height = 1;
    unknown.sign(test_group_id(), stranger);
    QCOMPARE(us.vote(unknown).verdict, Verdict::Invalid);

    Vote far_round = group.vote(rest[0], VoteType::Prevote, 1, kRoundMax + 1, std::nullopt);
    QCOMPARE(us.vote(far_round).verdict, Verdict::Invalid);

    // Signed by a validator that is not the round's proposer.
    const std::size_t wrong = (group.proposer_index(1, 0) + 1) % 4;
    const Block by_wrong = make_block(1, test_group_id(), kNowMs / 1000, group.keys[wrong].public_key(), 5);
    QCOMPARE(us.proposal(group.proposal_by(group.keys[wrong], 1, 0, by_wrong)).verdict, Verdict::Invalid);
    QCOMPARE(us.proposal(group.proposal_by(group.keys[wrong], 1, 0, block)).verdict, Verdict::Invalid);
    // Signed by the proposer, but the fresh block names someone else.
    QCOMPARE(us.proposal(group.proposal(1, 0, by_wrong)).verdict, Verdict::Invalid);
    // A re-proposal whose proof of lock is short, repeats a signer, or is forged.
    us.votes(group, {rest[0], rest[1]}, VoteType::Prevote, 1, std::nullopt); // to round 1
    QCOMPARE(us.machine.round(), std::uint32_t{1});
    QCOMPARE(us.proposal(group.proposal(1, 1, block, 0, {rest[0], rest[1]})).verdict, Verdict::Invalid);
    QCOMPARE(us.proposal(group.proposal(1, 1, block, 0, {rest[0], rest[1], rest[1]})).verdict, Verdict::Invalid);
    Proposal forged = group.proposal(1, 1, block, 0, rest);
    forged.pol_signatures[2].signature[3] ^= 1;
    forged.sign(test_group_id(), group.proposer(1, 1));
    QCOMPARE(us.proposal(forged).verdict, Verdict::Invalid);
    // pol_round must be below the round.
    QCOMPARE(us.proposal(group.proposal(1, 1, block, 1, rest)).verdict, Verdict::Invalid);
    // None of these made us vote, and no state moved.
    QCOMPARE(us.machine.step(), Step::Propose);
    QVERIFY(sent_votes(us.proposal(group.proposal(1, 1, block, 0, rest)), us.key.public_key(), VoteType::Prevote, 1)
                .size() == 1);
}

void TestConsensus::future_height_messages_are_buffered_and_replayed() {
    Group group(4);
    const std::size_t self = non_proposer(group, 2, 0);
    Validator us(group, self);
    us.start(group.start(1));
    const Block block = make_block(2, test_group_id(), kNowMs / 1000, group.proposer(2, 0).public_key(), 4);
    const Proposal proposal = group.proposal(2, 0, block);
    QCOMPARE(us.proposal(proposal).verdict, Verdict::Buffered);
    const std::size_t voter = others(group, self)[0];
    QCOMPARE(us.vote(group.vote(voter, VoteType::Prevote, 2, 0, block.header.hash())).verdict, Verdict::Buffered);
    QCOMPARE(us.vote(group.vote(voter, VoteType::Prevote, 3, 0, std::nullopt)).verdict, Verdict::Buffered);
    // Beyond future_heights_max (2) ahead: dropped.
    QCOMPARE(us.vote(group.vote(voter, VoteType::Prevote, 4, 0, std::nullopt)).verdict, Verdict::Stale);
    QCOMPARE(us.machine.round(), std::uint32_t{0});
    QCOMPARE(us.machine.height(), std::uint64_t{1});

    // Height 2 starts: the buffered proposal gets our prevote right away.
    const Output out = us.start(group.start(2));
    const std::vector<Vote> prevotes = sent_votes(out, us.key.public_key(), VoteType::Prevote, 0);
    QCOMPARE(prevotes.size(), std::size_t{1});
    QCOMPARE(prevotes[0].height, std::uint64_t{2});
    QCOMPARE(*prevotes[0].block_hash, block.header.hash());
    // The buffered prevote was counted: one more makes the quorum.
    const Output locked = us.vote(group.vote(others(group, self)[1], VoteType::Prevote, 2, 0, block.header.hash()));
    QCOMPARE(sent_votes(locked, us.key.public_key(), VoteType::Precommit, 0).size(), std::size_t{1});
    QCOMPARE(us.machine.locked_round(), 0);
    // Messages for the height after are buffered again.
    QCOMPARE(us.vote(group.vote(voter, VoteType::Prevote, 3, 0, std::nullopt)).verdict, Verdict::Buffered);
}

void TestConsensus::future_height_buffers_are_bounded() {
    Group group(4);
    Config config;
    config.buffered_votes_max = 3;
    config.buffered_proposals_max = 1;
    const std::size_t self = non_proposer(group, 2, 0);
    Validator us(group, self, config);
    us.start(group.start(1));
    const std::vector<std::size_t> rest = others(group, self);
    for (std::uint32_t i = 0; i < 3; ++i)
        QCOMPARE(us.vote(group.vote(rest[i], VoteType::Prevote, 2, 0, std::nullopt)).verdict, Verdict::Buffered);
    const Output full = us.vote(group.vote(rest[0], VoteType::Precommit, 2, 0, std::nullopt));
    QCOMPARE(full.verdict, Verdict::Stale);
    QVERIFY(std::string(full.reason).find("full") != std::string::npos);
    const Block block = make_block(2, test_group_id(), kNowMs / 1000, group.proposer(2, 0).public_key(), 4);
    QCOMPARE(us.proposal(group.proposal(2, 0, block)).verdict, Verdict::Buffered);
    QCOMPARE(us.proposal(group.proposal(2, 0, block)).verdict, Verdict::Stale);
    // Starting the height empties the buffer: we prevote the proposal, and
    // the three buffered nil prevotes are a quorum, so we precommit nil.
    const Output out = us.start(group.start(2));
    const std::vector<Vote> precommits = sent_votes(out, us.key.public_key(), VoteType::Precommit, 0);
    QCOMPARE(sent_votes(out, us.key.public_key(), VoteType::Prevote, 0).size(), std::size_t{1});
    QCOMPARE(*sent_votes(out, us.key.public_key(), VoteType::Prevote, 0)[0].block_hash, block.header.hash());
    QCOMPARE(precommits.size(), std::size_t{1});
    QVERIFY(!precommits[0].block_hash.has_value());
    QCOMPARE(us.vote(group.vote(rest[0], VoteType::Prevote, 3, 0, std::nullopt)).verdict, Verdict::Buffered);
}

void TestConsensus::finished_height_messages_are_stale() {
    Group group(4);
    const std::size_t self = non_proposer(group, 2, 0);
    Validator us(group, self);
    us.start(group.start(2));
    const std::size_t voter = others(group, self)[0];
    QCOMPARE(us.vote(group.vote(voter, VoteType::Prevote, 1, 0, std::nullopt)).verdict, Verdict::Stale);
    const Block block = group.block(1, 0, 1);
    QCOMPARE(us.proposal(group.proposal(1, 0, block)).verdict, Verdict::Stale);
    QCOMPARE(us.machine.on_timeout(Timer{1, 0, TimeoutKind::Propose, 0}, kNowMs).verdict, Verdict::Stale);
}

// Crash after prevoting block A; on restart, with a different proposal B
// arriving first (an equivocating proposer), the machine re-sends the A
// prevote and signs nothing else in that slot.
void TestConsensus::restore_resends_persisted_votes_and_never_signs_a_conflicting_one() {
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    const std::vector<std::size_t> rest = others(group, self);
    Validator before(group, self);
    before.start(group.start(1));
    const Block block_a = group.block(1, 0, 1);
    const Block block_b = group.block(1, 0, 2);
    const Output voted = before.proposal(group.proposal(1, 0, block_a));
    const Vote prevote_a = sent_votes(voted, before.key.public_key(), VoteType::Prevote, 0).at(0);
    QCOMPARE(before.log.persisted.size(), std::size_t{1});

    Validator after(group, self);
    const Output restored = after.restore(group.start(1), before.log.persisted, kNowMs + 5'000);
    QCOMPARE(restored.verdict, Verdict::Accepted);
    QVERIFY(restored.persist.empty()); // nothing new was signed
    const std::vector<Vote> resent = sent_votes(restored, after.key.public_key(), VoteType::Prevote, 0);
    QCOMPARE(resent.size(), std::size_t{1});
    QCOMPARE(resent[0].signature, prevote_a.signature);
    QCOMPARE(after.machine.round(), std::uint32_t{0});

    const auto check = [&](const Output& out) {
        after.log.add(out);
        for (const Vote& v : sent_votes(out, after.key.public_key(), VoteType::Prevote, 0))
            QCOMPARE(v.block_hash, prevote_a.block_hash);
        for (const Record& r : out.persist)
            if (const Vote* v = std::get_if<Vote>(&r)) QVERIFY(!(v->round == 0 && v->type == VoteType::Prevote));
    };
    check(after.machine.on_proposal(group.proposal(1, 0, block_b), kNowMs + 5'000));
    check(after.machine.on_timeout(Timer{1, 0, TimeoutKind::Propose, 0}, kNowMs + 6'000));
    // A quorum of nil prevotes: precommit nil is new and allowed.
    Output nil_quorum;
    for (std::size_t i : rest) {
        const Output o = after.machine.on_vote(group.vote(i, VoteType::Prevote, 1, 0, std::nullopt), kNowMs + 6'000);
        check(o);
        nil_quorum.broadcast.insert(nil_quorum.broadcast.end(), o.broadcast.begin(), o.broadcast.end());
    }
    QCOMPARE(sent_votes(nil_quorum, after.key.public_key(), VoteType::Precommit, 0).size(), std::size_t{1});
    QVERIFY2(after.log.violation.empty(), after.log.violation.c_str());
}

// Crash after precommitting nil in round 0; then a quorum of prevotes for A
// in round 0 shows up: the machine must not precommit A (nor lock on it).
void TestConsensus::restore_keeps_a_nil_precommit_against_a_later_quorum() {
    Group group(4);
    const std::size_t self = non_proposer(group, 1, 0);
    const std::vector<std::size_t> rest = others(group, self);
    Validator before(group, self);
    before.start(group.start(1));
    before.timeout(TimeoutKind::Propose, 0);
    before.votes(group, {rest[0]}, VoteType::Prevote, 0, std::nullopt);
    before.votes(group, {rest[1]}, VoteType::Prevote, 0, group.block(1, 0, 1).header.hash());
    const Output nil = before.timeout(TimeoutKind::Prevote, 0);
    QCOMPARE(sent_votes(nil, before.key.public_key(), VoteType::Precommit, 0).size(), std::size_t{1});

    Validator after(group, self);
    after.restore(group.start(1), before.log.persisted, kNowMs + 1'000);
    const Block block_a = group.block(1, 0, 1);
    Output all;
    const auto merge = [&](const Output& o) {
        all.broadcast.insert(all.broadcast.end(), o.broadcast.begin(), o.broadcast.end());
        all.persist.insert(all.persist.end(), o.persist.begin(), o.persist.end());
    };
    merge(after.proposal(group.proposal(1, 0, block_a)));
    merge(after.votes(group, rest, VoteType::Prevote, 0, block_a.header.hash()));
    for (const Vote& v : sent_votes(all, after.key.public_key(), VoteType::Precommit, 0))
        QVERIFY(!v.block_hash.has_value());
    for (const Record& r : all.persist) QVERIFY(!std::holds_alternative<LockRecord>(r));
    QCOMPARE(after.machine.locked_round(), kNoRound);
    // A still became the valid block (line 36 holds for step >= prevote).
    QCOMPARE(after.machine.valid_round(), 0);
}

// Crash after locking on A in round 0. After the restart the lock is back:
// a different fresh block gets nil, and as proposer of a later round the
// machine re-proposes A with its proof of lock.
void TestConsensus::restore_restores_the_lock_and_reproposes_the_locked_block() {
    Group group(4);
    // We are the proposer of round 2 (and not of round 0 or 1).
    const std::size_t self = group.proposer_index(1, 2);
    const std::vector<std::size_t> rest = others(group, self);
    Validator before(group, self);
    before.start(group.start(1));
    const Block block_a = group.block(1, 0, 1);
    before.proposal(group.proposal(1, 0, block_a));
    before.votes(group, {rest[0], rest[1]}, VoteType::Prevote, 0, block_a.header.hash());
    QCOMPARE(before.machine.locked_round(), 0);
    bool has_lock = false;
    for (const Record& r : before.log.persisted) has_lock = has_lock || std::holds_alternative<LockRecord>(r);
    QVERIFY(has_lock);

    Validator after(group, self);
    const Output restored = after.restore(group.start(1), before.log.persisted, kNowMs + 2'000);
    QCOMPARE(after.machine.locked_round(), 0);
    QCOMPARE(sent_votes(restored, after.key.public_key(), VoteType::Precommit, 0).size(), std::size_t{1});
    // Round 1: a fresh, different block: nil.
    after.votes(group, {rest[0], rest[1]}, VoteType::Precommit, 1, std::nullopt);
    QCOMPARE(after.machine.round(), std::uint32_t{1});
    const Output r1 = after.proposal(group.proposal(1, 1, group.block(1, 1, 2)), kNowMs + 2'000);
    QVERIFY(!sent_votes(r1, after.key.public_key(), VoteType::Prevote, 1).at(0).block_hash.has_value());
    // Round 2 is ours: we re-propose A with the round-0 proof of lock.
    const Output r2 = after.votes(group, {rest[0], rest[1]}, VoteType::Precommit, 2, std::nullopt);
    QCOMPARE(after.machine.round(), std::uint32_t{2});
    const std::vector<Proposal> proposals = sent_proposals(r2);
    QCOMPARE(proposals.size(), std::size_t{1});
    QCOMPARE(proposals[0].pol_round, 0);
    QCOMPARE(proposals[0].block.header.hash(), block_a.header.hash());
    QVERIFY(proposals[0].pol_signatures.size() >= 3);
    QCOMPARE(after.app.built, 0);
    QCOMPARE(*sent_votes(r2, after.key.public_key(), VoteType::Prevote, 2).at(0).block_hash, block_a.header.hash());
    // A peer accepts that re-proposal.
    Validator peer(group, rest[2]);
    peer.start(group.start(1));
    peer.votes(group, {rest[0], rest[1]}, VoteType::Precommit, 2, std::nullopt);
    QCOMPARE(peer.proposal(proposals[0]).verdict, Verdict::Accepted);
    QVERIFY2(after.log.violation.empty(), after.log.violation.c_str());
}

void TestConsensus::restore_resends_the_same_proposal() {
    Group group(4);
    const std::size_t self = group.proposer_index(1, 0);
    Validator before(group, self);
    const Output first = before.start(group.start(1));
    const std::vector<Proposal> proposed = sent_proposals(first);
    QCOMPARE(proposed.size(), std::size_t{1});

    Validator after(group, self);
    const Output restored = after.restore(group.start(1), before.log.persisted, kNowMs + 3'000);
    const std::vector<Proposal> again = sent_proposals(restored);
    QCOMPARE(again.size(), std::size_t{1});
    QCOMPARE(again[0].signature, proposed[0].signature);
    QCOMPARE(again[0].block.header.hash(), proposed[0].block.header.hash());
    QCOMPARE(after.app.built, 0); // no new block was built for the signed slot
    QVERIFY(restored.persist.empty());
    const std::vector<Vote> prevotes = sent_votes(restored, after.key.public_key(), VoteType::Prevote, 0);
    QVERIFY(!prevotes.empty());
    for (const Vote& v : prevotes) QCOMPARE(v.signature, sent_votes(first, before.key.public_key(), VoteType::Prevote, 0).at(0).signature);
    QVERIFY2(after.log.violation.empty(), after.log.violation.c_str());

    // Another validator's records are not its own signatures: they count as
    // the peer's messages (the proposal is taken, so it prevotes it afresh).
    Validator stranger(group, (self + 1) % 4);
    const Output s = stranger.restore(group.start(1), before.log.persisted, kNowMs);
    QCOMPARE(s.persist.size(), std::size_t{1});
    const Vote* fresh = std::get_if<Vote>(&s.persist[0]);
    QVERIFY(fresh != nullptr);
    QCOMPARE(fresh->validator, stranger.key.public_key());
    QCOMPARE(*fresh->block_hash, proposed[0].block.header.hash());
    QVERIFY(sent_proposals(s).empty());
    // Records of another height are ignored.
    Validator other_height(group, self);
    const Output h2 = other_height.restore(group.start(2), before.log.persisted, kNowMs);
    QCOMPARE(other_height.machine.height(), std::uint64_t{2});
    for (const Message& m : h2.broadcast) QCOMPARE(std::visit([](const auto& x) { return x.height; }, m), std::uint64_t{2});
    for (const Record& r : h2.persist) QCOMPARE(record_height(r), std::uint64_t{2});
}

void TestConsensus::resend_timer_repeats_own_messages() {
    Group group(4);
    const std::size_t self = group.proposer_index(1, 0);
    Validator us(group, self);
    const Output started = us.start(group.start(1));
    const std::optional<Timer> resend = find_timer(started, TimeoutKind::Resend, 0);
    QVERIFY(resend.has_value());
    QCOMPARE(resend->duration_ms, Timeouts{}.resend_interval_ms);
    const Output out = us.take(us.machine.on_timeout(*resend, kNowMs + 2'000));
    QCOMPARE(sent_proposals(out).size(), std::size_t{1});
    QCOMPARE(sent_votes(out, us.key.public_key(), VoteType::Prevote, 0).size(), std::size_t{1});
    QVERIFY(out.persist.empty());
    QVERIFY(find_timer(out, TimeoutKind::Resend, 0).has_value());
    QVERIFY2(us.log.violation.empty(), us.log.violation.c_str());
}

void TestConsensus::messages_round_trip_through_the_codec() {
    Group group(4);
    const Block block = group.block(1, 1, 1);
    const Proposal p = group.proposal(1, 1, block, 0, {0, 1, 2});
    const std::optional<Message> decoded = decode_message(encode_message(p));
    QVERIFY(decoded.has_value());
    const Proposal& q = std::get<Proposal>(*decoded);
    QCOMPARE(q.signature, p.signature);
    QCOMPARE(q.pol_round, 0);
    QCOMPARE(q.pol_signatures.size(), std::size_t{3});
    QCOMPARE(q.block.header.hash(), block.header.hash());
    QVERIFY(q.signature_valid(test_group_id(), group.proposer(1, 1).public_key()));

    const Vote v = group.vote(2, VoteType::Precommit, 1, 3, block.header.hash());
    const std::optional<Message> dv = decode_message(encode_message(v));
    QVERIFY(dv.has_value());
    QVERIFY(std::get<Vote>(*dv).signature_valid(test_group_id()));
    // A precommit for a block signs the certificate's own digest.
    QCOMPARE(v.signing_digest(test_group_id()), CommitCertificate::vote_digest(test_group_id(), 1, 3, block.header.hash()));

    const Record lock = LockRecord{1, 2, block, p.pol_signatures};
    const std::optional<Record> dl = decode_record(encode_record(lock));
    QVERIFY(dl.has_value());
    QCOMPARE(std::get<LockRecord>(*dl).round, std::uint32_t{2});
    // Trailing bytes, an unknown kind, and a proof of lock on a fresh proposal are refused.
    Bytes bytes = encode_message(v);
    bytes.push_back(0);
    QVERIFY(!decode_message(bytes).has_value());
    bytes = encode_message(v);
    bytes[0] = 9;
    QVERIFY(!decode_message(bytes).has_value());
    Proposal fresh_with_pol = p;
    fresh_with_pol.pol_round = kNoRound;
    QVERIFY(!decode_message(encode_message(fresh_with_pol)).has_value());
}

QTEST_APPLESS_MAIN(TestConsensus)
#include "test_consensus.moc"
