// NetworkNode: several nodes in one process over real TCP on 127.0.0.1, each
// with its own SQLite file. Consensus, gossip, submission outcomes, restart
// with persisted records, sync, validator-set changes and a lying peer.
// Waits are generous and nothing asserts on speed.

#include "cluster.h"

#include "net/peer_network.h"
#include "node/local_node.h"
#include "store/store.h"

#include <QSignalSpy>

#include <algorithm>
#include <QTest>

#include <map>
#include <set>
#include <tuple>

using namespace chain;
using namespace chain::testing;

namespace {

// Opens a node's database as a second reader (SQLite WAL allows it).
std::unique_ptr<Store> open_store(const Cluster& cluster, std::size_t index) {
    std::string error;
    std::unique_ptr<Store> store =
        Store::open(NetworkNode::store_path(cluster.config(index).data_dir).toStdString(), &error);
    if (!store) qFatal("cannot open the store: %s", error.c_str());
    return store;
}

// A bare network endpoint of the group that watches consensus messages.
struct Observer {
    explicit Observer(const Hash256& group_id) : network(crypto::KeyPair::generate(), group_id) {
        QObject::connect(&network, &net::PeerNetwork::messageReceived, &network,
                         [this](const QString&, const net::Message& message) { on_message(message); });
    }
    void on_message(const net::Message& message) {
        const auto* consensus_message = std::get_if<net::ConsensusMessage>(&message);
        if (!consensus_message) return;
        const std::optional<consensus::Message> decoded = consensus::decode_message(consensus_message->payload);
        if (!decoded) return;
        if (const auto* vote = std::get_if<consensus::Vote>(&*decoded))
            votes[{vote->validator, vote->height, vote->round, static_cast<int>(vote->type)}].insert(
                vote->block_hash ? codec::to_hex(*vote->block_hash) : std::string("nil"));
    }
    std::size_t votes_by(const PublicKey& validator) const {
        std::size_t count = 0;
        for (const auto& [slot, values] : votes) count += std::get<0>(slot) == validator ? 1 : 0;
        return count;
    }
    bool conflict_by(const PublicKey& validator) const {
        for (const auto& [slot, values] : votes)
            if (std::get<0>(slot) == validator && values.size() > 1) return true;
        return false;
    }
    bool saw(const PublicKey& validator, std::uint32_t round, consensus::VoteType type, const Hash256& hash) const {
        const auto it = votes.find({validator, 1, round, static_cast<int>(type)});
        return it != votes.end() && it->second.contains(codec::to_hex(hash));
    }
    bool any_conflict() const {
        for (const auto& [slot, values] : votes)
            if (values.size() > 1) return true;
        return false;
    }
    net::PeerNetwork network;
    std::map<std::tuple<PublicKey, std::uint64_t, std::uint32_t, int>, std::set<std::string>> votes;
};

} // namespace

class TestNetworkNode : public QObject {
    Q_OBJECT
private slots:
    void four_validators_and_a_follower_commit();
    void submission_at_the_follower_reaches_its_author();
    void rejected_transaction_reports_code_and_message();
    void transactions_sent_after_a_busy_commit_share_a_block();
    void restarted_validator_keeps_its_votes();
    void restarted_validator_keeps_its_lock();
    void late_node_syncs_to_the_tip();
    void validator_set_change_takes_effect_at_the_next_height();
    void peer_serving_a_bad_certificate_is_banned();
    void good_blocks_before_a_bad_one_are_kept();
    void peer_gossiping_a_forged_transaction_is_banned();
    void dev_clock_is_refused();
    void embedded_dev_group_with_several_validators_keeps_real_time();
};

void TestNetworkNode::four_validators_and_a_follower_commit() {
    Cluster cluster(4, 1);
    for (std::size_t i = 0; i < 5; ++i) cluster.start(i);
    QVERIFY(!cluster.node(4)->is_validator());
    QVERIFY(cluster.node(0)->is_validator());

    std::vector<Hash256> ids;
    for (int i = 0; i < 3; ++i) {
        const Transaction tx = cluster.admission();
        const SubmitResult result = cluster.node(static_cast<std::size_t>(i))->submit(tx);
        QVERIFY2(result.accepted(), result.rejection ? result.rejection->message.c_str() : "");
        ids.push_back(tx.id());
    }
    for (const Hash256& id : ids) QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(id); }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return cluster.converged(); }, kWaitMs));
    QCOMPARE(cluster.node(4)->summary().applicant_count, std::uint64_t{3});
    for (std::size_t i = 0; i < 5; ++i) {
        const Result<std::uint64_t> verified = cluster.node(i)->verify_chain();
        QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
    }
}

void TestNetworkNode::submission_at_the_follower_reaches_its_author() {
    Cluster cluster(4, 1);
    for (std::size_t i = 0; i < 5; ++i) cluster.start(i);
    NetworkNode* follower = cluster.node(4);
    QSignalSpy committed(follower, &Node::transactionCommitted);
    const Transaction tx = cluster.admission();
    QVERIFY(follower->submit(tx).accepted());
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QList<QVariant>& args : committed)
                if (args.at(0).value<Hash256>() == tx.id()) return true;
            return false;
        },
        kWaitMs));
    QVERIFY(follower->transaction_height(tx.id()).has_value());
    QVERIFY(cluster.node(0)->transaction_height(tx.id()).has_value());
}

// After a commit with several transactions in play, the next height waits
// at most gather_after_commit_ms (very long here, so that the test does not
// depend on the machine's speed) for the clients told of the commit, and no
// longer than until as many transactions wait as were in play. Without the
// pause, the first transaction sent after a busy commit would start the
// height at once and the next would wait for the block after; without its
// early end, every block under load would wait the whole pause.
void TestNetworkNode::transactions_sent_after_a_busy_commit_share_a_block() {
    constexpr std::int64_t kGatherMs = 20'000;
    // Well under the pause: a block that comes within this did not wait it out.
    constexpr int kEarlyMs = 8'000;
    Cluster cluster(4, 0);
    cluster.adjust_config = [](std::size_t, NetworkNodeConfig& c) {
        c.gather_after_commit_ms = kGatherMs;
        // The proposer's block comes after the pause: the others wait for it.
        c.timeouts.timeout_propose_ms = 3 * kGatherMs;
    };
    for (std::size_t i = 0; i < 4; ++i) cluster.start(i);

    // Two in one event-loop turn: either they share a block, or the second
    // waits while the first's block commits. Either way that commit has two
    // transactions in play.
    const Transaction first = cluster.admission();
    const Transaction second = cluster.admission();
    QVERIFY(cluster.node(0)->submit(first).accepted());
    QVERIFY(cluster.node(0)->submit(second).accepted());
    QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(first.id()); }, kWaitMs));
    std::uint64_t busy_height = *cluster.node(0)->transaction_height(first.id());

    if (!cluster.node(0)->transaction_height(second.id())) {
        // The second waits; a third arrives: two wait, as many as were in
        // play, so the pause ends and both go into the next block.
        const Transaction third = cluster.admission();
        QVERIFY(cluster.node(1)->submit(third).accepted());
        QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(third.id()); }, kEarlyMs));
        QCOMPARE(*cluster.node(0)->transaction_height(second.id()), busy_height + 1);
        QCOMPARE(*cluster.node(0)->transaction_height(third.id()), busy_height + 1);
        ++busy_height;
    }
    // The block at busy_height committed two transactions and left none
    // waiting. One sent now is one of two in play, so the pause holds...
    const Transaction next = cluster.admission();
    QVERIFY(cluster.node(1)->submit(next).accepted());
    QTest::qWait(1000);
    QVERIFY(!cluster.node(1)->transaction_height(next.id()).has_value());
    // ...until another client's transaction, sent to another node, arrives.
    const Transaction other = cluster.admission();
    QVERIFY(cluster.node(2)->submit(other).accepted());
    for (const Transaction* tx : {&next, &other})
        QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(tx->id()); }, kEarlyMs));
    QCOMPARE(*cluster.node(0)->transaction_height(next.id()), busy_height + 1);
    QCOMPARE(*cluster.node(0)->transaction_height(other.id()), busy_height + 1);
}

void TestNetworkNode::rejected_transaction_reports_code_and_message() {
    Cluster cluster(4, 1);
    for (std::size_t i = 0; i < 5; ++i) cluster.start(i);

    // Refused at once: a nonce from the future.
    const Transaction future = cluster.make_tx(cluster.founder, 7, ProposeChange{AddValidator{cluster.keys[4].public_key()}, "more"});
    const SubmitResult refused = cluster.node(4)->submit(future);
    QVERIFY(!refused.accepted());
    QCOMPARE(refused.rejection->code, ErrorCode::BadNonce);
    QVERIFY(!refused.rejection->message.empty());

    // Refused later: two transactions with one nonce, queued at two nodes in
    // the same event-loop turn; the one that loses is reported by its node.
    const Transaction a = cluster.make_tx(cluster.founder, 1, ProposeChange{AddValidator{cluster.keys[4].public_key()}, "a"});
    const Transaction b = cluster.make_tx(cluster.founder, 1, ProposeChange{AddValidator{crypto::KeyPair::generate().public_key()}, "b"});
    QSignalSpy rejected_at_0(cluster.node(0), &Node::transactionRejected);
    QSignalSpy rejected_at_4(cluster.node(4), &Node::transactionRejected);
    QVERIFY(cluster.node(0)->submit(a).accepted());
    QVERIFY(cluster.node(4)->submit(b).accepted());
    QVERIFY(QTest::qWaitFor([&] { return cluster.node(0)->transaction_height(a.id()) || cluster.node(0)->transaction_height(b.id()); }, kWaitMs));
    const bool a_won = cluster.node(0)->transaction_height(a.id()).has_value();
    const Hash256 loser = a_won ? b.id() : a.id();
    QSignalSpy& spy = a_won ? rejected_at_4 : rejected_at_0;
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (const QList<QVariant>& args : spy)
                if (args.at(0).value<Hash256>() == loser) return true;
            return false;
        },
        kWaitMs));
    for (const QList<QVariant>& args : spy) {
        if (args.at(0).value<Hash256>() != loser) continue;
        QCOMPARE(args.at(1).toInt(), static_cast<int>(ErrorCode::BadNonce));
        QVERIFY(!args.at(2).toString().isEmpty());
    }
    QVERIFY(!cluster.node(0)->transaction_height(loser));
}

void TestNetworkNode::restarted_validator_keeps_its_votes() {
    Cluster cluster(4, 0);
    Observer observer(cluster.genesis.group_id());
    QVERIFY(observer.network.listen(QHostAddress::LocalHost, 0));
    const QString observer_address = QStringLiteral("127.0.0.1:%1").arg(observer.network.listening_port());
    // Two of four validators: no quorum, so they vote and wait in height 1.
    cluster.start(0)->add_peer(observer_address);
    cluster.start(1)->add_peer(observer_address);
    const Transaction tx = cluster.admission();
    QVERIFY(cluster.node(0)->submit(tx).accepted());
    const PublicKey restarted = cluster.keys[1].public_key();
    QVERIFY(QTest::qWaitFor([&] { return observer.votes_by(restarted) >= 1; }, kWaitMs));
    const std::size_t votes_before = observer.votes_by(restarted);

    cluster.stop(1);
    const std::size_t records = open_store(cluster, 1)->consensus_records(1).value().size();
    QVERIFY(records > 0);

    NetworkNode* again = cluster.start(1);
    again->add_peer(observer_address);
    // Restored at once: back in height 1 with what it signed.
    QCOMPARE(again->consensus_height(), std::uint64_t{1});
    cluster.start(2)->add_peer(observer_address);
    cluster.start(3)->add_peer(observer_address);
    QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(tx.id()); }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return cluster.converged(); }, kWaitMs));
    QVERIFY(observer.votes_by(restarted) > votes_before);
    QVERIFY2(!observer.any_conflict(), "a validator signed two different votes for one slot");
    // Committed heights leave no records behind.
    QVERIFY(QTest::qWaitFor([&] { return open_store(cluster, 1)->consensus_records(1).value().empty(); }, kWaitMs));
}

// A validator that precommitted a block (and so locked it) crashes before the
// block is committed; after the restart it is still locked on that block,
// signs nothing that conflicts with what it signed before, and the block it
// locked is the one the group commits. Two of the four validators are played
// by the test until then: one prevotes the proposal (so the two real ones
// lock it) and precommits nil (so the round ends without a decision).
void TestNetworkNode::restarted_validator_keeps_its_lock() {
    Cluster cluster(4, 0);
    std::vector<PublicKey> sorted = cluster.genesis.validators;
    std::sort(sorted.begin(), sorted.end());
    const auto index_of = [&](const PublicKey& key) {
        for (std::size_t i = 0; i < cluster.keys.size(); ++i)
            if (cluster.keys[i].public_key() == key) return i;
        qFatal("unknown validator");
    };
    // The proposers of height 1 are sorted[(1 + round) % 4] (consensus.h).
    const std::size_t proposer = index_of(sorted[1]);
    const std::size_t restarted = index_of(sorted[2]);
    const std::size_t played = index_of(sorted[0]);
    const std::size_t absent = index_of(sorted[3]);
    const Hash256 group_id = cluster.genesis.group_id();

    Observer observer(group_id);
    QVERIFY(observer.network.listen(QHostAddress::LocalHost, 0));
    net::PeerNetwork puppet(cluster.keys[absent], group_id);
    QVERIFY(puppet.listen(QHostAddress::LocalHost, 0));
    std::optional<Hash256> proposed;
    QObject::connect(&puppet, &net::PeerNetwork::messageReceived, &puppet, [&](const QString&, const net::Message& m) {
        const auto* wrapped = std::get_if<net::ConsensusMessage>(&m);
        const std::optional<consensus::Message> decoded = wrapped ? consensus::decode_message(wrapped->payload) : std::nullopt;
        const auto* proposal = decoded ? std::get_if<consensus::Proposal>(&*decoded) : nullptr;
        if (!proposal || proposal->height != 1 || proposal->round != 0 || proposed) return;
        proposed = proposal->block.header.hash();
        consensus::Vote prevote{consensus::VoteType::Prevote, 1, 0, proposed, sorted[0], {}};
        prevote.sign(group_id, cluster.keys[played]);
        consensus::Vote precommit{consensus::VoteType::Precommit, 1, 0, std::nullopt, sorted[0], {}};
        precommit.sign(group_id, cluster.keys[played]);
        puppet.broadcast(net::ConsensusMessage{consensus::encode_message(prevote)});
        puppet.broadcast(net::ConsensusMessage{consensus::encode_message(precommit)});
    });
    const QString observer_address = QStringLiteral("127.0.0.1:%1").arg(observer.network.listening_port());
    const QString puppet_address = QStringLiteral("127.0.0.1:%1").arg(puppet.listening_port());
    for (const std::size_t i : {proposer, restarted}) {
        NetworkNode* node = cluster.start(i);
        node->add_peer(observer_address);
        node->add_peer(puppet_address);
    }
    QVERIFY(QTest::qWaitFor([&] { return cluster.node(proposer)->peers().size() == 3 && cluster.node(restarted)->peers().size() == 3; }, kWaitMs));
    const Transaction tx = cluster.admission();
    QVERIFY(cluster.node(proposer)->submit(tx).accepted());

    // The restarted-to-be validator precommits the block: it is locked.
    QVERIFY(QTest::qWaitFor([&] { return proposed && observer.saw(sorted[2], 0, consensus::VoteType::Precommit, *proposed); }, kWaitMs));
    QCOMPARE(cluster.node(restarted)->consensus_locked_round(), 0);
    cluster.stop(restarted);
    bool lock_on_disk = false;
    const std::optional<std::vector<Bytes>> kept = open_store(cluster, restarted)->consensus_records(1);
    QVERIFY(kept);
    for (const Bytes& bytes : *kept) {
        const std::optional<consensus::Record> record = consensus::decode_record(bytes);
        QVERIFY(record);
        if (const auto* lock = std::get_if<consensus::LockRecord>(&*record))
            lock_on_disk = lock->round == 0 && lock->block.header.hash() == *proposed;
    }
    QVERIFY(lock_on_disk);

    NetworkNode* again = cluster.start(restarted);
    again->add_peer(observer_address);
    QCOMPARE(again->consensus_height(), std::uint64_t{1});
    QCOMPARE(again->consensus_locked_round(), 0);

    // The played validators become real nodes; the group decides. (The real
    // node of the played one never saw what the test signed in its name, so
    // the others report it as a double signer: expected, and only it.)
    puppet.close();
    for (const std::size_t i : {played, absent}) cluster.start(i)->add_peer(observer_address);
    QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(tx.id()); }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return cluster.converged(); }, kWaitMs));
    QVERIFY(open_store(cluster, restarted)->block(1)->header.hash() == *proposed);
    QVERIFY2(!observer.conflict_by(sorted[2]), "the restarted validator signed two different votes for one slot");
    QVERIFY(!observer.conflict_by(sorted[1]));
}

void TestNetworkNode::late_node_syncs_to_the_tip() {
    Cluster cluster(4, 1);
    for (std::size_t i = 0; i < 4; ++i) cluster.start(i);
    QVERIFY(cluster.commit_admissions(3));
    const std::uint64_t tip = cluster.node(0)->summary().height;
    QVERIFY(tip >= 3);

    NetworkNode* late = cluster.start(4);
    QSignalSpy progress(late, &Node::syncProgress);
    QVERIFY(QTest::qWaitFor([&] { return late->summary().height >= tip; }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return !late->sync_status().syncing; }, kWaitMs));
    const SyncStatus status = late->sync_status();
    QCOMPARE(status.height, status.target);
    QVERIFY(status.target >= tip);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.last().at(0).toULongLong(), static_cast<qulonglong>(status.height));
    QVERIFY(QTest::qWaitFor([&] { return cluster.converged(); }, kWaitMs));
    QVERIFY(late->verify_chain().ok());
    QCOMPARE(late->peers().size(), std::size_t{4});
}

void TestNetworkNode::validator_set_change_takes_effect_at_the_next_height() {
    GroupParams params;
    params.referendum_period_s = 3600; // the shortest the rules allow
    Cluster cluster(4, 2, params);
    for (std::size_t i = 0; i < 5; ++i) cluster.start(i);
    const PublicKey newcomer = cluster.keys[4].public_key();
    const std::vector<PublicKey> old_set = cluster.node(0)->summary().validators;

    const Transaction propose = cluster.make_tx(cluster.founder, 1, ProposeChange{AddValidator{newcomer}, "a fifth machine"});
    QVERIFY(cluster.node(0)->submit(propose).accepted());
    QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(propose.id()); }, kWaitMs));
    const std::uint64_t referendum_id = cluster.node(0)->referendums().back().id;
    const Transaction vote = cluster.make_tx(cluster.founder, 2, CastVote{referendum_id, true});
    QVERIFY(cluster.node(4)->submit(vote).accepted());
    QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(vote.id()); }, kWaitMs));
    QVERIFY(!cluster.node(4)->is_validator());

    // Past the deadline: the validators see a due deadline and make the block that closes it.
    cluster.advance_clock_s(3601);
    QVERIFY(QTest::qWaitFor(
        [&] {
            for (std::size_t i = 0; i < 5; ++i)
                if (cluster.node(i)->summary().validators.size() != 5) return false;
            return true;
        },
        kWaitMs));
    QVERIFY(cluster.node(4)->is_validator());
    std::uint64_t closed_at = 0;
    for (const Event& event : cluster.node(0)->events_since(0, 10'000))
        if (event.kind == EventKind::ReferendumClosed && event.object_id == referendum_id) closed_at = event.height;
    QVERIFY(closed_at > 0);

    // One more block, certified by the new set of five.
    const Transaction after = cluster.admission();
    QVERIFY(cluster.node(4)->submit(after).accepted());
    QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(after.id()); }, kWaitMs));
    const std::vector<PublicKey> new_set = cluster.node(0)->summary().validators;
    {
        const std::unique_ptr<Store> store = open_store(cluster, 0);
        const Hash256 group_id = cluster.genesis.group_id();
        QVERIFY(certificate_valid(*store->certificate(closed_at), group_id, old_set));
        const std::uint64_t top = store->height();
        QVERIFY(top > closed_at);
        for (std::uint64_t h = closed_at + 1; h <= top; ++h)
            QVERIFY(certificate_valid(*store->certificate(h), group_id, new_set));
    }

    // A node that starts now follows the change while it syncs.
    NetworkNode* late = cluster.start(5);
    QVERIFY(QTest::qWaitFor([&] { return late->summary().height >= cluster.node(0)->summary().height; }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return cluster.converged(); }, kWaitMs));
    QCOMPARE(late->summary().validators, new_set);
    QVERIFY(late->verify_chain().ok());

    // docs/STATE.md, "Verified headers": the block that closed the
    // referendum is recorded as a change of validators, by a node that
    // decided it and by one that synced it, and a client trusting only the
    // genesis follows either's headers to its tip.
    const Hash256 group_id = cluster.genesis.group_id();
    for (NetworkNode* node : {cluster.node(0), late}) {
        const std::vector<state::HeaderStep> steps = node->header_chain(0, 64);
        QVERIFY(steps.size() >= 2);
        QCOMPARE(steps.front().header.height, closed_at);
        QCOMPARE(steps.back().header.height, node->summary().height);
        state::TrustedHeader trusted =
            state::trust_genesis(cluster.genesis, state_root(genesis_state(cluster.genesis)));
        for (const state::HeaderStep& step : steps) {
            std::string why;
            std::optional<state::TrustedHeader> next = state::verify_step(group_id, trusted, step, &why);
            QVERIFY2(next, why.c_str());
            trusted = std::move(*next);
        }
        QCOMPARE(trusted.next_validators, new_set);
        QVERIFY(trusted.state_root == node->summary().state_root);
        QVERIFY(node->header_chain(closed_at, 64).size() == 1); // the tip only
    }
}

void TestNetworkNode::peer_serving_a_bad_certificate_is_banned() {
    Cluster cluster(4, 1);
    // A peer of the group that claims five blocks and serves a block 1 signed
    // by keys that are not the group's validators.
    net::PeerNetwork liar(crypto::KeyPair::generate(), cluster.genesis.group_id());
    QVERIFY(liar.listen(QHostAddress::LocalHost, 0));
    bool served = false;
    QObject::connect(&liar, &net::PeerNetwork::peerConnected, &liar, [&](const QString& peer_id, const QString&) {
        liar.send(peer_id, net::StatusMessage{5, Hash256{}, true});
    });
    QObject::connect(&liar, &net::PeerNetwork::messageReceived, &liar, [&](const QString& peer_id, const net::Message& m) {
        if (!std::holds_alternative<net::BlockRequest>(m)) return;
        Block block;
        block.header.group_id = cluster.genesis.group_id();
        block.header.height = 1;
        block.header.previous_hash = cluster.genesis.group_id();
        block.header.time_s = cluster.genesis.time_s;
        CommitCertificate certificate{1, 0, block.header.hash(), {}};
        for (int i = 0; i < 3; ++i) {
            const crypto::KeyPair stranger = crypto::KeyPair::generate();
            const Hash256 digest = CommitCertificate::vote_digest(block.header.group_id, 1, 0, certificate.block_hash);
            certificate.signatures.push_back(CommitSignature{stranger.public_key(), stranger.sign(digest)});
        }
        net::BlockResponse response{1, {net::BlockWithCertificate{codec::to_bytes(block), codec::to_bytes(certificate)}}};
        served = liar.send(peer_id, response);
    });
    QSignalSpy dropped(&liar, &net::PeerNetwork::peerDisconnected);

    NetworkNode* victim = cluster.start(4);
    victim->add_peer(QStringLiteral("127.0.0.1:%1").arg(liar.listening_port()));
    QVERIFY(QTest::qWaitFor([&] { return served && !dropped.isEmpty(); }, kWaitMs));
    QCOMPARE(victim->summary().height, std::uint64_t{0});
    QVERIFY(victim->peers().empty());
    // The ban holds: the liar's address (and key) stay refused while it lasts.
    // (Every test node shares 127.0.0.1, so the honest ones cannot be
    // brought in here; late_node_syncs_to_the_tip covers honest sync.)
    QTest::qWait(1500);
    QVERIFY(victim->peers().empty());
    QCOMPARE(victim->summary().height, std::uint64_t{0});
    QCOMPARE(victim->sync_status().target, std::uint64_t{0});
}

// A node commits a peer's answer in runs of blocks, each one store
// transaction; when a block of it is bad, the blocks before it (certified by
// the group) are still committed, and the peer is banned.
void TestNetworkNode::good_blocks_before_a_bad_one_are_kept() {
    Cluster cluster(4, 1);
    for (std::size_t i = 0; i < 4; ++i) cluster.start(i);
    // More blocks than one run of a commit: one run is committed in the
    // middle of the answer, the rest after it.
    QVERIFY(cluster.commit_admissions(int(NetworkNode::kSyncBlocksPerCommit) + 2));
    const GroupSummary honest = cluster.node(0)->summary();
    const std::uint64_t tip = honest.height;
    QVERIFY(tip > NetworkNode::kSyncBlocksPerCommit);
    for (std::size_t i = 0; i < 4; ++i) cluster.stop(i);

    // The honest chain, read from a validator's store, and a block after it
    // certified by strangers.
    std::vector<net::BlockWithCertificate> served_blocks;
    {
        std::string error;
        const std::unique_ptr<Store> store =
            Store::open(NetworkNode::store_path(cluster.config(0).data_dir).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        for (std::uint64_t h = 1; h <= tip; ++h) {
            const std::optional<Block> block = store->block(h);
            const std::optional<CommitCertificate> certificate = store->certificate(h);
            QVERIFY(block && certificate);
            served_blocks.push_back({codec::to_bytes(*block), codec::to_bytes(*certificate)});
        }
        Block bad;
        bad.header.group_id = cluster.genesis.group_id();
        bad.header.height = tip + 1;
        bad.header.previous_hash = store->block(tip)->header.hash();
        bad.header.time_s = store->block(tip)->header.time_s;
        CommitCertificate certificate{tip + 1, 0, bad.header.hash(), {}};
        for (int i = 0; i < 3; ++i) {
            const crypto::KeyPair stranger = crypto::KeyPair::generate();
            const Hash256 digest = CommitCertificate::vote_digest(bad.header.group_id, tip + 1, 0, certificate.block_hash);
            certificate.signatures.push_back(CommitSignature{stranger.public_key(), stranger.sign(digest)});
        }
        served_blocks.push_back({codec::to_bytes(bad), codec::to_bytes(certificate)});
    }

    net::PeerNetwork liar(crypto::KeyPair::generate(), cluster.genesis.group_id());
    QVERIFY(liar.listen(QHostAddress::LocalHost, 0));
    bool served = false;
    QObject::connect(&liar, &net::PeerNetwork::peerConnected, &liar, [&](const QString& peer_id, const QString&) {
        liar.send(peer_id, net::StatusMessage{tip + 1, Hash256{}, true});
    });
    QObject::connect(&liar, &net::PeerNetwork::messageReceived, &liar, [&](const QString& peer_id, const net::Message& m) {
        const auto* request = std::get_if<net::BlockRequest>(&m);
        if (!request || request->from_height != 1) return;
        served = liar.send(peer_id, net::BlockResponse{1, served_blocks});
    });
    QSignalSpy dropped(&liar, &net::PeerNetwork::peerDisconnected);

    NetworkNode* victim = cluster.start(4);
    QSignalSpy committed(victim, &Node::blockCommitted);
    victim->add_peer(QStringLiteral("127.0.0.1:%1").arg(liar.listening_port()));
    QVERIFY(QTest::qWaitFor([&] { return served && !dropped.isEmpty(); }, kWaitMs));
    QCOMPARE(victim->summary().height, tip);
    QCOMPARE(victim->summary().state_root, honest.state_root);
    QVERIFY(victim->verify_chain().ok());
    QVERIFY(victim->peers().empty());
    // One signal per block, in order.
    QCOMPARE(committed.size(), qsizetype(tip));
    for (std::uint64_t h = 1; h <= tip; ++h) QCOMPARE(committed.at(int(h - 1)).at(0).toULongLong(), qulonglong(h));
}

void TestNetworkNode::peer_gossiping_a_forged_transaction_is_banned() {
    Cluster cluster(4, 1);
    net::PeerNetwork forger(crypto::KeyPair::generate(), cluster.genesis.group_id());
    QVERIFY(forger.listen(QHostAddress::LocalHost, 0));
    Transaction forged = cluster.admission();
    forged.nonce = 2; // after signing: the signature no longer matches
    QObject::connect(&forger, &net::PeerNetwork::peerConnected, &forger, [&](const QString& peer_id, const QString&) {
        forger.send(peer_id, net::TransactionMessage{codec::to_bytes(forged)});
    });
    QSignalSpy dropped(&forger, &net::PeerNetwork::peerDisconnected);
    NetworkNode* victim = cluster.start(4);
    victim->add_peer(QStringLiteral("127.0.0.1:%1").arg(forger.listening_port()));
    QVERIFY(QTest::qWaitFor([&] { return !dropped.isEmpty(); }, kWaitMs));
    QCOMPARE(victim->queued_count(), std::size_t{0});
    QVERIFY(victim->peers().empty());
}

void TestNetworkNode::dev_clock_is_refused() {
    Cluster cluster(4, 0);
    NetworkNode* node = cluster.start(0);
    const Result<std::uint64_t> moved = node->advance_clock(86400);
    QVERIFY(!moved.ok());
    QCOMPARE(moved.error().code, ErrorCode::DevClockRefused);
    QVERIFY(QString::fromStdString(moved.error().message).contains("real clocks"));
}

void TestNetworkNode::embedded_dev_group_with_several_validators_keeps_real_time() {
    Cluster cluster(2, 0);
    Genesis genesis = cluster.genesis;
    genesis.dev_group = true;
    QString error;
    const std::unique_ptr<LocalNode> node =
        LocalNode::create(cluster.dir.filePath("embedded"), genesis, cluster.keys[0], [] { return QDateTime::currentSecsSinceEpoch(); }, &error);
    QVERIFY2(node, qPrintable(error));
    const Result<std::uint64_t> moved = node->advance_clock(86400);
    QVERIFY(!moved.ok());
    QCOMPARE(moved.error().code, ErrorCode::DevClockRefused);
    QVERIFY(QString::fromStdString(moved.error().message).contains("2 validators"));
    QCOMPARE(node->dev_clock_offset_s(), std::int64_t{0});
}

QTEST_GUILESS_MAIN(TestNetworkNode)
#include "test_network_node.moc"
