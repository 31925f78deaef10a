// chain::LightClient against real NetworkNodes over TCP: from the genesis, or
// from a tip it verified before, it follows the headers where the validators
// changed and has entries and whole tables proven under the verified tip's
// root, present or absent, byte for byte what the validators hold. A client that trusts
// another set of validators refuses every header and bans the peer; a
// request it cannot make fails at once with the reason.

#include "../node/cluster.h"
#include "node/light_client.h"
#include "state/state_tables.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTimer>
#include <QTest>

using namespace chain;

namespace {

constexpr int kWaitMs = 60'000;

struct LightOutcome {
    std::optional<LightVerified> verified;
    QString failure;
    std::uint64_t bytes_received = 0;
};

Bytes account_key(const AccountId& account) { return Bytes(account.begin(), account.end()); }

// The value of `key` in `table` of the node's committed state, as the
// tables encode it.
std::optional<Bytes> held_value(const NetworkNode& node, state::TableId table, const Bytes& key) {
    const state::Tables tables = state::state_tables(node.committed_state());
    for (const state::Entry& entry : tables[state::table_index(table)])
        if (entry.key == key) return entry.value;
    return std::nullopt;
}

} // namespace

class TestLightClient : public QObject {
    Q_OBJECT

    std::unique_ptr<testing::Cluster> cluster_;

    LightOutcome run(const state::TrustedHeader& trusted, std::vector<LightEntryRequest> entries,
                const QStringList& peers, std::int64_t timeout_ms = 20'000, std::vector<state::TableId> tables = {}) {
        LightClientConfig config;
        config.trusted = trusted;
        config.entries = std::move(entries);
        config.tables = std::move(tables);
        config.timeout_ms = timeout_ms;
        LightClient client(cluster_->genesis.group_id(), peers, crypto::KeyPair::generate(), config);
        LightOutcome outcome;
        bool done = false;
        connect(&client, &LightClient::verified, this, [&](const LightVerified& v) {
            outcome.verified = v;
            done = true;
        });
        connect(&client, &LightClient::failed, this, [&](const QString& why) {
            outcome.failure = why;
            done = true;
        });
        client.start();
        if (!QTest::qWaitFor([&] { return done; }, kWaitMs)) outcome.failure = QStringLiteral("no answer from the client");
        outcome.bytes_received = client.bytes_received();
        return outcome;
    }
    QStringList founder_peer() const {
        return {QStringLiteral("127.0.0.1:%1").arg(cluster_->node(0)->listening_port())};
    }
    state::TrustedHeader genesis_trust() const {
        return state::trust_genesis(cluster_->genesis, state_root(genesis_state(cluster_->genesis)));
    }
    std::vector<LightEntryRequest> founder_and_stranger() const {
        AccountId stranger{};
        stranger.fill(0x77);
        return {{state::TableId::Members, account_key(crypto::account_id(cluster_->founder.public_key()))},
                {state::TableId::Members, account_key(stranger)}};
    }

private slots:
    void initTestCase() {
        cluster_ = std::make_unique<testing::Cluster>(1, 0);
        QVERIFY(cluster_->start(0));
        QVERIFY(cluster_->commit_admissions(3));
    }

    void provesAMemberAndAnAbsentKeyFromTheGenesis() {
        const LightOutcome outcome = run(genesis_trust(), founder_and_stranger(), founder_peer());
        QVERIFY2(outcome.verified, qPrintable(outcome.failure));
        const LightVerified& v = *outcome.verified;
        const NetworkNode& node = *cluster_->node(0);
        QCOMPARE(v.tip.height, node.summary().height);
        QCOMPARE(v.tip.state_root, node.summary().state_root);
        QCOMPARE(v.header_steps, std::size_t{1}); // the validators never changed: the tip alone
        const Bytes founder = account_key(crypto::account_id(cluster_->founder.public_key()));
        QCOMPARE(v.values[0], held_value(node, state::TableId::Members, founder));
        QVERIFY(v.values[0]);
        QVERIFY(!v.values[1]); // proven absent
        QVERIFY(v.proof_bytes[0] > 0 && v.proof_bytes[1] > 0);
        qInfo("proof of a member: %zu bytes; of an absent key: %zu bytes; received %llu bytes in all", v.proof_bytes[0],
              v.proof_bytes[1], static_cast<unsigned long long>(outcome.bytes_received));
    }

    // A watch-only view's quota table: the whole members table, every entry
    // as the validators hold it, proven under the verified tip.
    void provesAWholeTable() {
        const LightOutcome outcome = run(genesis_trust(), {}, founder_peer(), 20'000, {state::TableId::Members});
        QVERIFY2(outcome.verified, qPrintable(outcome.failure));
        const LightVerified& v = *outcome.verified;
        QVERIFY(v.values.empty());
        QCOMPARE(v.tables.size(), std::size_t{1});
        const state::Tables held = state::state_tables(cluster_->node(0)->committed_state());
        QVERIFY(v.tables[0] == held[state::table_index(state::TableId::Members)]);
        QVERIFY(!v.tables[0].empty());
        QVERIFY(v.table_proof_bytes[0] > 0);
        qInfo("proof of the members table (%zu members): %zu bytes", v.tables[0].size(), v.table_proof_bytes[0]);
    }

    // A member back after some time offline starts from the tip it verified
    // then, not from the genesis.
    void catchesUpFromATipVerifiedBefore() {
        const LightOutcome first = run(genesis_trust(), founder_and_stranger(), founder_peer());
        QVERIFY2(first.verified, qPrintable(first.failure));
        QVERIFY(cluster_->commit_admissions(2));
        const LightOutcome later = run(first.verified->tip, founder_and_stranger(), founder_peer());
        QVERIFY2(later.verified, qPrintable(later.failure));
        QCOMPARE(later.verified->tip.height, first.verified->tip.height + 2);
        QCOMPARE(later.verified->tip.state_root, cluster_->node(0)->summary().state_root);
        QCOMPARE(later.verified->header_steps, std::size_t{1});
    }

    // Trusting other validators than the group's, the client refuses the
    // node's headers (signed by a set it does not trust), bans it and says why.
    void headersSignedByAnUntrustedSetAreRefused() {
        state::TrustedHeader wrong = genesis_trust();
        wrong.next_validators = {crypto::KeyPair::generate().public_key()};
        const LightOutcome outcome = run(wrong, founder_and_stranger(), founder_peer(), 3'000);
        QVERIFY(!outcome.verified);
        QVERIFY2(outcome.failure.contains(QStringLiteral("was banned: its chain of headers does not verify")),
                 qPrintable(outcome.failure));
    }

    // A second peer that shows another block at the proven height, whose
    // certificate the validators did not sign (a stranger's key did), is
    // banned; the proof from the first peer stands, unconfirmed. The second
    // peer starts listening only after the client has met the first, so that
    // it is the witness and not the prover.
    void aWitnessWithAnUncertifiedBlockIsBannedAndTheProofStands() {
        const crypto::KeyPair stranger = crypto::KeyPair::generate();
        net::PeerNetwork witness(stranger, cluster_->genesis.group_id(), testing::fast_network_tuning().network);
        bool asked = false;
        connect(&witness, &net::PeerNetwork::messageReceived, this, [&](const QString& peer, const net::Message& m) {
            const auto* request = std::get_if<net::BlockRequest>(&m);
            if (!request) return;
            asked = true;
            Block forged;
            forged.header.group_id = cluster_->genesis.group_id();
            forged.header.height = request->from_height;
            forged.header.state_root.fill(0x5a);
            CommitCertificate certificate;
            certificate.height = request->from_height;
            certificate.block_hash = forged.header.hash();
            certificate.signatures.push_back(CommitSignature{
                stranger.public_key(), stranger.sign(CommitCertificate::vote_digest(cluster_->genesis.group_id(),
                                                                                   certificate.height, 0,
                                                                                   certificate.block_hash))});
            witness.send(peer, net::BlockResponse{request->from_height,
                                                  {net::BlockWithCertificate{codec::to_bytes(forged),
                                                                             codec::to_bytes(certificate)}}});
        });
        const quint16 witness_port = testing::free_port();
        QTimer::singleShot(300, &witness, [&] { QVERIFY(witness.listen(QHostAddress::LocalHost, witness_port)); });

        LightClientConfig config;
        config.trusted = genesis_trust();
        config.entries = founder_and_stranger();
        config.witness_wait_ms = 10'000;
        config.network = testing::fast_network_tuning().network;
        LightClient client(cluster_->genesis.group_id(),
                           founder_peer() << QStringLiteral("127.0.0.1:%1").arg(witness_port),
                           crypto::KeyPair::generate(), config);
        QTest::ignoreMessage(QtInfoMsg, QRegularExpression("not compared with a second peer: it was banned"));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression("was banned: it showed another block \\d+ than the one "
                                                              "verified, without the validators' signatures"));
        QSignalSpy verified(&client, &LightClient::verified);
        QSignalSpy failed(&client, &LightClient::failed);
        client.start();
        QVERIFY(QTest::qWaitFor([&] { return !verified.isEmpty() || !failed.isEmpty(); }, kWaitMs));
        QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.front().front().toString()));
        QVERIFY(asked);
        const LightVerified v = verified.front().front().value<LightVerified>();
        QCOMPARE(v.tip.height, cluster_->node(0)->summary().height);
        QVERIFY(!v.witness_agreed);
        QVERIFY(!client.conflicting_headers());
    }

    void requestsThatCannotBeMadeFailAtOnce() {
        LightOutcome outcome = run(genesis_trust(), {{state::TableId::Members, Bytes{1, 2}}}, founder_peer());
        QVERIFY2(outcome.failure.contains(QStringLiteral("a key of 2 bytes is not one of table 2")), qPrintable(outcome.failure));
        outcome = run(genesis_trust(), {}, founder_peer());
        QVERIFY2(outcome.failure.contains(QStringLiteral("1 to 64 entries and up to 4 whole tables")), qPrintable(outcome.failure));
        outcome = run(genesis_trust(), {}, founder_peer(), 20'000, {state::TableId(99)});
        QVERIFY2(outcome.failure.contains(QStringLiteral("99 is not a table id")), qPrintable(outcome.failure));
        outcome = run(genesis_trust(), founder_and_stranger(), {QStringLiteral("nowhere")});
        QVERIFY2(outcome.failure.contains(QStringLiteral("'nowhere' is not host:port")), qPrintable(outcome.failure));
        // Nobody listening: the timeout, with what was tried.
        outcome = run(genesis_trust(), founder_and_stranger(), {QStringLiteral("127.0.0.1:%1").arg(testing::free_port())}, 1'000);
        QVERIFY2(outcome.failure.contains(QStringLiteral("no peer of the group answered")), qPrintable(outcome.failure));
    }

    void cleanupTestCase() { cluster_.reset(); }
};

QTEST_GUILESS_MAIN(TestLightClient)
#include "test_light_client.moc"
