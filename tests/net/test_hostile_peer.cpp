// A hostile peer against a whole NetworkNode over real TCP on 127.0.0.1:
// oversized frames, garbage, a wrong group id, a replayed handshake, a
// transaction, a vote and a proposal with forged signatures, a block whose
// certificate no validator signed, and a flood of valid transactions larger
// than the mempool and the inbound queue.
//
// For each the node stays up, keeps its queues within their named limits and
// keeps committing (a legitimate transaction submitted afterwards commits).
// Every misbehaviour also drops the peer and bans it: the peer disappears
// from the node's peer list and a new connection from its address is closed
// at once, before the node says hello. A ban covers the address, so the
// hostile peer connects from 127.0.0.2 and the group's nodes use 127.0.0.1;
// each case still gets a fresh node, so that no ban outlives its case. Each
// case first completes a genuine handshake, so the refusal that follows is
// the ban's doing. The flood of
// valid transactions is not misbehaviour and bans nobody: what it must not
// do is grow the node's queues.
//
// The forged consensus messages are the regression test of a weakness this
// test found: a vote or proposal whose signature did not verify was only
// dropped, so a peer could make a node verify forged signatures without end.

#include "../node/cluster.h"
#include "consensus/messages.h"
#include "net/peer_network.h"
#include "node/serve_budget.h"
#include "raw_peer.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace chain;
using namespace chain::net;
using namespace chain::net::testing;

namespace {

constexpr int kWaitMs = 60'000;

// Every hostile peer connects from here; the group's own nodes talk over
// 127.0.0.1, which no ban touches.
const QHostAddress kHostileAddress(QStringLiteral("127.0.0.2"));

struct HostilePeer : RawPeer {
    HostilePeer() { source_address = kHostileAddress; }
};

// A group whose validator 0 runs in this process. With one validator it
// commits on its own; with two it starts a height on the first transaction
// and waits there for the second validator (start_second()), so that a
// consensus message reaches a machine in the middle of that height.
struct Target {
    chain::testing::Cluster cluster;
    NetworkNode* node = nullptr;
    quint16 port = 0;

    explicit Target(std::size_t validators = 1) : cluster(validators, 1) {
        node = cluster.start(0);
        port = node->listening_port();
    }
    // Leaves the node in the middle of height 1 (two validators only).
    void stall_in_a_height() {
        const Transaction tx = cluster.admission();
        QVERIFY(node->submit(tx).accepted());
        QVERIFY(QTest::qWaitFor([&] { return node->consensus_height() == 1; }, kWaitMs));
    }
    Hash256 group_id() const { return cluster.genesis.group_id(); }

    bool lists_peer(const RawPeer& peer) const {
        for (const PeerSummary& p : node->peers())
            if (p.node_key == peer.key.public_key()) return true;
        return false;
    }
};

// The queues a peer can fill, against their named limits.
void check_queues_bounded(const NetworkNode& node) {
    QVERIFY(node.queued_count() <= LedgerNode::kMempoolTransactionsMax);
    QVERIFY(node.inbound_pending() <= NetworkConfig{}.inbound_messages_max);
}

// A new connection from the banned address is accepted by the kernel and
// closed by the node at once, before it sends a byte of its hello.
bool refused(quint16 port) {
    QTcpSocket again;
    if (!again.bind(kHostileAddress)) return false;
    again.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return again.state() == QAbstractSocket::UnconnectedState; }, kWaitMs)) return false;
    return again.error() == QAbstractSocket::RemoteHostClosedError && again.bytesAvailable() == 0;
}

// The peer is dropped, refused, and the node still commits a transaction.
void check_banned_and_committing(Target& target, RawPeer& peer) {
    QVERIFY(QTest::qWaitFor([&] { return peer.closed(); }, kWaitMs));
    QVERIFY(QTest::qWaitFor([&] { return !target.lists_peer(peer); }, kWaitMs));
    QVERIFY(refused(target.port));
    // Up and serving everyone else: a peer from another address connects.
    RawPeer honest;
    QCOMPARE(honest.handshake(target.port, target.group_id()), HandshakeError::None);
    QVERIFY(QTest::qWaitFor([&] { return target.lists_peer(honest); }, kWaitMs));
    check_queues_bounded(*target.node);
    for (std::size_t i = 1; i < target.cluster.validator_count; ++i)
        if (!target.cluster.node(i)) target.cluster.start(i);
    const Transaction tx = target.cluster.admission();
    QVERIFY(target.node->submit(tx).accepted());
    QVERIFY(QTest::qWaitFor([&] { return target.node->transaction_height(tx.id()).has_value(); }, kWaitMs));
}

// A genuine session, listed by the node.
void connect_genuinely(Target& target, RawPeer& peer) {
    QCOMPARE(peer.handshake(target.port, target.group_id()), HandshakeError::None);
    QVERIFY(QTest::qWaitFor([&] { return target.lists_peer(peer); }, kWaitMs));
}

Signature forged_signature() {
    Signature signature{};
    signature.fill(0x5a);
    return signature;
}

// The block a proposer would put forward at the node's next height (its
// transactions do not matter: the signature is judged first).
Block next_block(const Target& target, const PublicKey& proposer) {
    const GroupSummary summary = target.node->summary();
    Block block;
    block.header.group_id = summary.group_id;
    block.header.height = summary.height + 1;
    block.header.time_s = target.cluster.now_ms() / 1000;
    block.header.state_root = summary.state_root;
    block.header.proposer = proposer;
    return block;
}

// A vote in the name of the group's validator 0, for the node's next height
// plus `heights_ahead`, with a signature nobody made.
consensus::Vote forged_vote(const Target& target, consensus::VoteType type, std::uint64_t heights_ahead) {
    consensus::Vote vote;
    vote.type = type;
    vote.height = target.node->summary().height + 1 + heights_ahead;
    vote.block_hash = next_block(target, target.cluster.keys[0].public_key()).header.hash();
    vote.validator = target.cluster.keys[0].public_key();
    vote.signature = forged_signature();
    return vote;
}

// Sent inside a genuine session: the node must ban the peer and commit on.
void check_consensus_message_banned(Target& target, const consensus::Message& message) {
    HostilePeer peer;
    connect_genuinely(target, peer);
    QVERIFY(peer.send(ConsensusMessage{consensus::encode_message(message)}));
    check_banned_and_committing(target, peer);
}

// The hash of the last block of a response.
Hash256 validator_tip(const BlockResponse& response) {
    return codec::from_bytes<Block>(response.blocks.back().block)->header.hash();
}

} // namespace

class TestHostilePeer : public QObject {
    Q_OBJECT
private slots:
    void oversized_frame_is_refused_and_banned() {
        Target target;
        HostilePeer peer;
        connect_genuinely(target, peer);
        // A length prefix past the cap: the node closes before reading a body.
        QVERIFY(peer.write(length_prefix(kFrameBytesMax + 1)));
        check_banned_and_committing(target, peer);
    }

    void garbage_is_refused_and_banned() {
        Target target;
        HostilePeer peer;
        QVERIFY(peer.connect_to(target.port));
        Bytes garbage(512);
        for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<std::uint8_t>(i * 37 + 11);
        QVERIFY(peer.write(garbage));
        check_banned_and_committing(target, peer);
    }

    void wrong_group_is_refused_and_banned() {
        Target target;
        Hash256 other_group = target.group_id();
        other_group[0] ^= 0xff;
        HostilePeer peer;
        // Our side already sees the node's group differ; the node sees ours.
        QCOMPARE(peer.handshake(target.port, other_group), HandshakeError::WrongGroup);
        check_banned_and_committing(target, peer);
    }

    void replayed_handshake_is_refused_and_banned() {
        Target target;
        HostilePeer recorded;
        connect_genuinely(target, recorded);
        QCOMPARE(recorded.written.size(), std::size_t(2)); // hello, auth frame
        HostilePeer replayer;
        QVERIFY(replayer.connect_to(target.port));
        for (const Bytes& bytes : recorded.written) QVERIFY(replayer.write(bytes));
        // The replayed auth frame was sealed for another session: it does not open.
        QVERIFY(QTest::qWaitFor([&] { return replayer.closed(); }, kWaitMs));
        QVERIFY(refused(target.port));
        // The ban refuses new connections only: the genuine session stays.
        QVERIFY(target.lists_peer(recorded));
        QVERIFY(!recorded.closed());
        const Transaction tx = target.cluster.admission();
        QVERIFY(target.node->submit(tx).accepted());
        QVERIFY(QTest::qWaitFor([&] { return target.node->transaction_height(tx.id()).has_value(); }, kWaitMs));
    }

    void forged_transaction_is_refused_and_banned() {
        Target target;
        HostilePeer peer;
        connect_genuinely(target, peer);
        Transaction tx = target.cluster.admission();
        tx.signature[10] ^= 0x01;
        QVERIFY(peer.send(TransactionMessage{codec::to_bytes(tx)}));
        check_banned_and_committing(target, peer);
        QVERIFY(!target.node->is_queued(tx.id()));
        QVERIFY(!target.node->transaction_height(tx.id()));
    }

    // At the height the node's machine is deciding.
    void forged_vote_is_refused_and_banned() {
        Target target(2);
        target.stall_in_a_height();
        const consensus::Vote vote = forged_vote(target, consensus::VoteType::Prevote, 0);
        check_consensus_message_banned(target, vote);
    }

    // A height the node has not reached is buffered unchecked by the
    // consensus machine; the node still judges the signature before it could
    // relay the vote.
    void forged_vote_for_a_later_height_is_refused_and_banned() {
        Target target;
        check_consensus_message_banned(target, forged_vote(target, consensus::VoteType::Precommit, 2));
    }

    void forged_proposal_is_refused_and_banned() {
        Target target(2);
        target.stall_in_a_height();
        consensus::Proposal proposal;
        proposal.height = target.node->summary().height + 1;
        proposal.block = next_block(target, target.cluster.keys[0].public_key());
        proposal.signature = forged_signature();
        check_consensus_message_banned(target, proposal);
    }

    // The peer says it is ahead; the node asks it for blocks and gets one
    // whose certificate only the peer signed.
    void block_with_a_bad_certificate_is_refused_and_banned() {
        Target target;
        HostilePeer peer;
        connect_genuinely(target, peer);
        const std::uint64_t height = target.node->summary().height;
        Hash256 tip{};
        tip.fill(0x77);
        QVERIFY(peer.send(StatusMessage{height + 3, tip, true}));
        std::optional<BlockRequest> request;
        while (!request) {
            const std::optional<Message> message = peer.receive();
            QVERIFY2(message, "the node did not ask the peer for blocks");
            if (const auto* asked = std::get_if<BlockRequest>(&*message)) request = *asked;
        }
        QCOMPARE(request->from_height, height + 1);
        const Block block = next_block(target, peer.key.public_key());
        CommitCertificate certificate;
        certificate.height = block.header.height;
        certificate.block_hash = block.header.hash();
        certificate.signatures.push_back(CommitSignature{
            peer.key.public_key(),
            peer.key.sign(CommitCertificate::vote_digest(target.group_id(), certificate.height, 0, certificate.block_hash))});
        QVERIFY(peer.send(BlockResponse{request->from_height,
                                        {BlockWithCertificate{codec::to_bytes(block), codec::to_bytes(certificate)}}}));
        check_banned_and_committing(target, peer);
        // Its own blocks since, not the peer's.
        QVERIFY(target.node->summary().height > height);
        QVERIFY(target.node->verify_chain().ok());
    }

    // Found by the flood below: a node busy with a backlog of gossip reads
    // a block response only after its request timed out. It used to drop
    // such a late answer and not ask that peer again for 30 s, so a flooded
    // follower whose only source of blocks was one peer stood still. Here the
    // peer answers once, after the timeout, and the node must take it.
    void late_block_response_is_still_taken() {
        chain::testing::Cluster cluster(1, 1);
        NetworkNode* validator = cluster.start(0);
        for (int i = 0; i < 2; ++i) {
            const Transaction tx = cluster.admission();
            QVERIFY(validator->submit(tx).accepted());
            QVERIFY(QTest::qWaitFor([&] { return validator->transaction_height(tx.id()).has_value(); }, kWaitMs));
        }
        const std::uint64_t top = validator->summary().height;
        // The peer fetches the real blocks, as any node may.
        HostilePeer peer;
        QCOMPARE(peer.handshake(validator->listening_port(), cluster.genesis.group_id()), HandshakeError::None);
        QVERIFY(peer.send(BlockRequest{1, static_cast<std::uint32_t>(top)}));
        std::optional<BlockResponse> blocks;
        while (!blocks) {
            const std::optional<Message> message = peer.receive();
            QVERIFY(message);
            if (const auto* response = std::get_if<BlockResponse>(&*message)) blocks = *response;
        }
        QCOMPARE(blocks->blocks.size(), std::size_t(top));
        cluster.stop(0);

        // A node from nothing whose only peer is this one.
        NetworkNode* follower = cluster.start(1);
        HostilePeer slow;
        QCOMPARE(slow.handshake(follower->listening_port(), cluster.genesis.group_id()), HandshakeError::None);
        QVERIFY(slow.send(StatusMessage{top, validator_tip(*blocks), true}));
        std::optional<BlockRequest> request;
        while (!request) {
            const std::optional<Message> message = slow.receive();
            QVERIFY2(message, "the node did not ask for blocks");
            if (const auto* asked = std::get_if<BlockRequest>(&*message)) request = *asked;
        }
        QCOMPARE(request->from_height, std::uint64_t(1));
        QTest::qWait(static_cast<int>(cluster.config(1).sync_request_timeout_ms) + 1000);
        QVERIFY(slow.send(*blocks));
        QVERIFY(QTest::qWaitFor([&] { return follower->summary().height == top; }, kWaitMs));
        QVERIFY(follower->verify_chain().ok());
    }

    // More valid transactions than the mempool holds, sent as fast as the
    // socket takes them, to a node that cannot commit them yet (a follower
    // whose validator is not running): the mempool stops at its limit, the
    // inbound queue at its own, and nothing else grows. Then the validator
    // starts and the group commits again.
    void transaction_flood_stays_within_the_limits() {
        chain::testing::Cluster cluster(1, 1);
        NetworkNode* follower = cluster.start(1);
        QVERIFY(!follower->is_validator());
        HostilePeer peer;
        QCOMPARE(peer.handshake(follower->listening_port(), cluster.genesis.group_id()), HandshakeError::None);

        const std::size_t flood = LedgerNode::kMempoolTransactionsMax + 1000;
        const std::size_t inbound_max = NetworkConfig{}.inbound_messages_max;
        std::size_t mempool_seen_max = 0;
        std::size_t inbound_seen_max = 0;
        // Sampled at every turn of the event loop, between the node's own turns.
        QTimer sampler;
        connect(&sampler, &QTimer::timeout, this, [&] {
            mempool_seen_max = std::max(mempool_seen_max, follower->queued_count());
            inbound_seen_max = std::max(inbound_seen_max, follower->inbound_pending());
        });
        sampler.start(0);
        for (std::size_t i = 0; i < flood; ++i) {
            QVERIFY(peer.send(TransactionMessage{codec::to_bytes(cluster.admission())}));
            if (i % 256 == 0) QCoreApplication::processEvents();
        }
        QVERIFY(QTest::qWaitFor(
            [&] { return peer.socket.bytesToWrite() == 0 && follower->inbound_pending() == 0 &&
                         follower->queued_count() == LedgerNode::kMempoolTransactionsMax; },
            kWaitMs));
        QTest::qWait(200);
        sampler.stop();
        qInfo("flood of %zu transactions: mempool at most %zu (limit %zu), inbound queue at most %zu (limit %zu)", flood,
              mempool_seen_max, LedgerNode::kMempoolTransactionsMax, inbound_seen_max, inbound_max);
        QCOMPARE(mempool_seen_max, LedgerNode::kMempoolTransactionsMax);
        QVERIFY(inbound_seen_max <= inbound_max);
        // Valid transactions are not misbehaviour: the peer stays.
        QVERIFY(!peer.closed());

        // A legitimate transaction, sent to the validator once it runs,
        // commits on the flooded follower too.
        NetworkNode* validator = cluster.start(0);
        const Transaction tx = cluster.admission();
        QVERIFY(validator->submit(tx).accepted());
        QVERIFY(QTest::qWaitFor([&] { return follower->transaction_height(tx.id()).has_value(); }, kWaitMs));
        check_queues_bounded(*follower);
    }

    // A peer that asks for a whole table's proof again and again gets what
    // its serving budget pays for (node/serve_budget.h) and no answer to the
    // rest; it is not banned (asking is allowed), and another peer is served
    // as before.
    void proof_flood_is_answered_within_its_budget() {
        Target target;
        QVERIFY(target.cluster.commit_admissions(2));
        HostilePeer peer;
        QCOMPARE(peer.handshake(target.port, target.group_id()), HandshakeError::None);
        constexpr int kFlood = 200;
        QElapsedTimer elapsed;
        elapsed.start();
        for (int i = 0; i < kFlood; ++i)
            QVERIFY(peer.send(ProofRequest{ProofKind::Table, std::uint16_t(state::TableId::Members), {}}));
        // Read for 3 s (status messages come every second, so receive() returns).
        int answered = 0;
        while (elapsed.elapsed() < 3'000) {
            const std::optional<Message> message = peer.receive();
            if (!message) break;
            if (const auto* proof = std::get_if<ProofResponse>(&*message); proof && !proof->proof.empty()) ++answered;
        }
        // The burst, then what the refill could have paid for meanwhile: the
        // requests came at once, so those over the burst were all refused.
        const int paid_max = int(kServeBurstUnits / kServeCostTableProof) +
                             int((elapsed.elapsed() / 1000 + 1) * kServeRefillUnitsPerS / kServeCostTableProof);
        qInfo("%d of %d table proofs answered in %lld ms; at most %d paid for", answered, kFlood,
              static_cast<long long>(elapsed.elapsed()), paid_max);
        QVERIFY(answered >= int(kServeBurstUnits / kServeCostTableProof));
        QVERIFY(answered <= paid_max);
        QCOMPARE(target.node->serve_refused(), std::uint64_t(kFlood - answered));
        QVERIFY(!peer.closed());
        // Another peer's proof is answered at once.
        RawPeer honest;
        QCOMPARE(honest.handshake(target.port, target.group_id()), HandshakeError::None);
        QVERIFY(honest.send(ProofRequest{ProofKind::Table, std::uint16_t(state::TableId::Members), {}}));
        std::optional<ProofResponse> response;
        for (std::optional<Message> message = honest.receive(); message && !response; message = honest.receive())
            if (const auto* proof = std::get_if<ProofResponse>(&*message)) response = *proof;
        QVERIFY(response && !response->proof.empty());
        check_queues_bounded(*target.node);
    }
};

QTEST_GUILESS_MAIN(TestHostilePeer)
#include "test_hostile_peer.moc"
