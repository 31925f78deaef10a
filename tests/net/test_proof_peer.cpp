// Proofs of the state and verified headers over the peer protocol
// (docs/NETWORK.md, section 4):
// a peer of the group, over real TCP, asks a running NetworkNode for an
// entry, a missing key and a whole table, and checks each proof against the
// state root of the block the node is at, whose header it fetches and whose
// certificate it checks against the group's validators. What cannot be
// proved gets an empty proof, never a wrong one.

#include "../node/cluster.h"
#include "net/peer_network.h"
#include "raw_peer.h"
#include "state/state_proof.h"
#include "state/verified_headers.h"

#include <QTest>

using namespace chain;
using namespace chain::net;
using namespace chain::net::testing;

namespace {

constexpr int kWaitMs = 60'000;

// The next message of `kind` the peer receives (skipping status and gossip).
template <class T>
std::optional<T> next(RawPeer& peer) {
    for (int skipped = 0; skipped < 100; ++skipped) {
        std::optional<Message> message = peer.receive();
        if (!message) return std::nullopt;
        if (auto* wanted = std::get_if<T>(&*message)) return std::move(*wanted);
    }
    return std::nullopt;
}

} // namespace

class TestProofPeer : public QObject {
    Q_OBJECT

    std::unique_ptr<chain::testing::Cluster> cluster_;
    NetworkNode* node_ = nullptr;
    RawPeer peer_;

    // The state root in the certified header of block `height`, fetched from
    // the node and checked against the group's validators.
    std::optional<Hash256> certified_root(std::uint64_t height) {
        if (!peer_.send(BlockRequest{height, 1})) return std::nullopt;
        const std::optional<BlockResponse> response = next<BlockResponse>(peer_);
        if (!response || response->blocks.size() != 1) return std::nullopt;
        const std::optional<Block> block = codec::from_bytes<Block>(response->blocks[0].block);
        const std::optional<CommitCertificate> certificate =
            codec::from_bytes<CommitCertificate>(response->blocks[0].certificate);
        if (!block || !certificate || block->header.height != height || certificate->block_hash != block->header.hash())
            return std::nullopt;
        if (!certificate_valid(*certificate, cluster_->genesis.group_id(), cluster_->genesis.validators))
            return std::nullopt;
        return block->header.state_root;
    }

    ProofResponse ask(ProofRequest request) {
        if (!peer_.send(request)) qFatal("cannot send the proof request");
        const std::optional<ProofResponse> response = next<ProofResponse>(peer_);
        if (!response) qFatal("no proof response");
        return *response;
    }

private slots:
    void initTestCase() {
        cluster_ = std::make_unique<chain::testing::Cluster>(1, 1);
        // A snapshot after every block (the last two kept): proofs at an
        // earlier height.
        cluster_->adjust_config = [](std::size_t, NetworkNodeConfig& config) { config.state_snapshot_blocks = 1; };
        node_ = cluster_->start(0);
        const Transaction tx = cluster_->admission();
        QVERIFY(node_->submit(tx).accepted());
        QVERIFY(QTest::qWaitFor([&] { return node_->transaction_height(tx.id()).has_value(); }, kWaitMs));
        QCOMPARE(peer_.handshake(node_->listening_port(), cluster_->genesis.group_id()), HandshakeError::None);
    }

    void provesAnEntryAgainstACertifiedHeader() {
        const AccountId founder = crypto::account_id(cluster_->founder.public_key());
        const ProofResponse response =
            ask({ProofKind::Entry, std::uint16_t(state::TableId::Members), Bytes(founder.begin(), founder.end())});
        QCOMPARE(response.kind, ProofKind::Entry);
        QCOMPARE(response.table, std::uint16_t(state::TableId::Members));
        QVERIFY(response.height >= 1);
        const std::optional<Hash256> root = certified_root(response.height);
        QVERIFY(root);
        QVERIFY(*root == response.state_root);
        const std::optional<state::StateProof> proof = codec::from_bytes<state::StateProof>(response.proof);
        QVERIFY(proof);
        QVERIFY(proof->value.has_value());
        QCOMPARE(state::state_proof_problem(*root, *proof), std::string());
        // The genesis header's root (another height) does not take it.
        QVERIFY(!state::state_proof_problem(state_root(genesis_state(cluster_->genesis)), *proof).empty());
    }

    void provesAMissingKey() {
        const ProofResponse response = ask({ProofKind::Entry, std::uint16_t(state::TableId::Members), Bytes(20, 0xee)});
        const std::optional<state::StateProof> proof = codec::from_bytes<state::StateProof>(response.proof);
        QVERIFY(proof);
        QVERIFY(!proof->value);
        const std::optional<Hash256> root = certified_root(response.height);
        QVERIFY(root);
        QCOMPARE(state::state_proof_problem(*root, *proof), std::string());
    }

    void provesAWholeTable() {
        const ProofResponse response = ask({ProofKind::Table, std::uint16_t(state::TableId::Applicants), {}});
        const std::optional<state::TableProof> proof = codec::from_bytes<state::TableProof>(response.proof);
        QVERIFY(proof);
        QCOMPARE(proof->entries.size(), std::size_t{1}); // the applicant of initTestCase
        const std::optional<Hash256> root = certified_root(response.height);
        QVERIFY(root);
        QCOMPARE(state::table_proof_problem(*root, *proof), std::string());
    }

    // A light client's walk: it trusts the genesis only, follows the headers
    // the node sends to its tip (no change of validators here: the tip
    // alone), and then believes a proof against the tip's root.
    void followsTheHeadersFromTheGenesisThenTrustsAProof() {
        const state::TrustedHeader genesis =
            state::trust_genesis(cluster_->genesis, state_root(genesis_state(cluster_->genesis)));
        QVERIFY(peer_.send(HeaderChainRequest{0}));
        const std::optional<HeaderChainResponse> chain = next<HeaderChainResponse>(peer_);
        QVERIFY(chain);
        QCOMPARE(chain->trusted_height, std::uint64_t{0});
        QCOMPARE(chain->steps.size(), std::size_t{1});
        std::optional<state::TrustedHeader> trusted = genesis;
        for (const Bytes& bytes : chain->steps) {
            const std::optional<state::HeaderStep> step = codec::from_bytes<state::HeaderStep>(bytes);
            QVERIFY(step);
            std::string why;
            trusted = state::verify_step(cluster_->genesis.group_id(), *trusted, *step, &why);
            QVERIFY2(trusted, why.c_str());
        }
        QCOMPARE(trusted->height, node_->summary().height);
        QVERIFY(trusted->next_validators == cluster_->genesis.validators);

        const AccountId founder = crypto::account_id(cluster_->founder.public_key());
        const ProofResponse response =
            ask({ProofKind::Entry, std::uint16_t(state::TableId::Nonces), Bytes(founder.begin(), founder.end())});
        QCOMPARE(response.height, trusted->height);
        const std::optional<state::StateProof> proof = codec::from_bytes<state::StateProof>(response.proof);
        QVERIFY(proof);
        QCOMPARE(state::state_proof_problem(trusted->state_root, *proof), std::string());

        // Trusting the tip already: nothing to follow.
        QVERIFY(peer_.send(HeaderChainRequest{trusted->height}));
        const std::optional<HeaderChainResponse> none = next<HeaderChainResponse>(peer_);
        QVERIFY(none && none->steps.empty());
    }

    // A table id of no table, or a key of the wrong length: an empty proof,
    // and the session goes on.
    void whatCannotBeProvedGetsAnEmptyProof() {
        QVERIFY(ask({ProofKind::Entry, 99, Bytes{1}}).proof.empty());
        QVERIFY(ask({ProofKind::Table, 0, {}}).proof.empty());
        QVERIFY(ask({ProofKind::Entry, std::uint16_t(state::TableId::Members), Bytes{1, 2}}).proof.empty());
        QVERIFY(!ask({ProofKind::Table, std::uint16_t(state::TableId::Group), {}}).proof.empty());
    }

    // A request names the block whose state it wants: the tip by its height,
    // or the block before (a snapshot the node keeps), each proven against
    // its own certified header; a height the node holds no state of gets an
    // empty proof.
    void provesTheStateAtAnEarlierHeightItKeeps() {
        const std::uint64_t earlier = node_->summary().height;
        const Transaction tx = cluster_->admission();
        QVERIFY(node_->submit(tx).accepted());
        QVERIFY(QTest::qWaitFor([&] { return node_->transaction_height(tx.id()).has_value(); }, kWaitMs));
        const std::uint64_t tip = node_->summary().height;
        QCOMPARE(tip, earlier + 1);
        const std::optional<Hash256> earlier_root = certified_root(earlier);
        const std::optional<Hash256> tip_root = certified_root(tip);
        QVERIFY(earlier_root && tip_root && *earlier_root != *tip_root);

        const auto applicants_at = [&](std::uint64_t height) -> std::optional<std::pair<ProofResponse, state::TableProof>> {
            ProofResponse response = ask({ProofKind::Table, std::uint16_t(state::TableId::Applicants), {}, height});
            std::optional<state::TableProof> proof = codec::from_bytes<state::TableProof>(response.proof);
            if (!proof) return std::nullopt;
            return std::pair{std::move(response), std::move(*proof)};
        };
        const auto then = applicants_at(earlier);
        QVERIFY(then);
        QCOMPARE(then->first.height, earlier);
        QVERIFY(then->first.state_root == *earlier_root);
        QCOMPARE(then->second.entries.size(), std::size_t{1});
        QCOMPARE(state::table_proof_problem(*earlier_root, then->second), std::string());
        QVERIFY(!state::table_proof_problem(*tip_root, then->second).empty());
        for (const std::uint64_t height : {tip, std::uint64_t{0}}) {
            const auto now = applicants_at(height);
            QVERIFY(now);
            QCOMPARE(now->first.height, tip);
            QCOMPARE(now->second.entries.size(), std::size_t{2});
            QCOMPARE(state::table_proof_problem(*tip_root, now->second), std::string());
        }

        // The new applicant, absent at the earlier height.
        const AccountId applicant = crypto::account_id(tx.author);
        const ProofResponse absent =
            ask({ProofKind::Entry, std::uint16_t(state::TableId::Applicants), Bytes(applicant.begin(), applicant.end()), earlier});
        const std::optional<state::StateProof> absence = codec::from_bytes<state::StateProof>(absent.proof);
        QVERIFY(absence && !absence->value);
        QCOMPARE(state::state_proof_problem(*earlier_root, *absence), std::string());

        for (const std::uint64_t missing : {earlier - 1, tip + 1, std::uint64_t{1'000'000}})
            if (missing != 0)
                QVERIFY(ask({ProofKind::Table, std::uint16_t(state::TableId::Members), {}, missing}).proof.empty());
    }
};

QTEST_GUILESS_MAIN(TestProofPeer)
#include "test_proof_peer.moc"
