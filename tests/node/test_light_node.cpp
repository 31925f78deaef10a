// chain::LightNode against real NetworkNodes over TCP (docs/PROTOCOL.md,
// "Light mode"): from the genesis, through a change of validators and the
// invitation's checkpoint, it shows the group's figures, members and plants
// exactly as the validators hold them, with nothing executed and no history;
// it keeps the verified tip across a restart and starts from it; it follows
// the group's new blocks at each check; a wrong checkpoint stops it with the
// reason the desktop shows; it sends no transaction and proves nothing.

#include "cluster.h"
#include "node/light_node.h"
#include "rules/rules.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace chain;
using chain::testing::Cluster;

namespace {

constexpr int kWaitMs = 60'000;

bool same_members(const std::vector<Member>& a, const std::vector<Member>& b) {
    if (a.size() != b.size()) return false;
    std::map<AccountId, Member> by_account;
    for (const Member& m : b) by_account.emplace(m.account, m);
    for (const Member& m : a) {
        const auto it = by_account.find(m.account);
        if (it == by_account.end() || !(it->second == m)) return false;
    }
    return true;
}

// Copies a stopped node's folder (its database and what lies beside it).
bool copy_folder(const QString& from, const QString& to) {
    if (!QDir().mkpath(to)) return false;
    for (const QFileInfo& entry : QDir(from).entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString target = QDir(to).filePath(entry.fileName());
        if (entry.isDir() ? !copy_folder(entry.filePath(), target) : !QFile::copy(entry.filePath(), target)) return false;
    }
    return true;
}

} // namespace

class TestLightNode : public QObject {
    Q_OBJECT

    std::unique_ptr<Cluster> cluster_;
    std::optional<state::HeaderCheckpoint> checkpoint_;
    QTemporaryDir dir_;

    LightNodeConfig config(const QString& name, std::optional<state::HeaderCheckpoint> checkpoint) const {
        LightNodeConfig c;
        c.data_dir = dir_.filePath(name);
        c.peers = {QStringLiteral("127.0.0.1:%1").arg(cluster_->node(0)->listening_port()),
                   QStringLiteral("127.0.0.1:%1").arg(cluster_->node(1)->listening_port())};
        c.trust_checkpoint = checkpoint;
        c.check_interval_ms = 600'000; // the tests call check_now()
        c.check_timeout_ms = 5'000;
        c.network = testing::fast_network_tuning().network;
        return c;
    }
    std::unique_ptr<LightNode> open(const LightNodeConfig& c) const {
        QString error;
        std::unique_ptr<LightNode> node = LightNode::open(c, cluster_->genesis, crypto::KeyPair::generate(), &error);
        if (!node) qFatal("cannot open the light node: %s", qPrintable(error));
        return node;
    }
    // Waits for the check under way to end; true when it verified.
    static bool check_ends(LightNode& node, QSignalSpy& progress) {
        if (!progress.wait(kWaitMs)) return false;
        return node.light_status()->checked && !node.light_status()->last_check_failed;
    }
    void commit_everywhere(const Transaction& tx) const {
        QVERIFY(cluster_->node(0)->submit(tx).accepted());
        QVERIFY(QTest::qWaitFor([&] { return cluster_->committed_everywhere(tx.id()); }, kWaitMs));
    }

private slots:
    // Two validators, the second voted in (so invitations carry a
    // checkpoint), a few members and a proposed plant.
    void initTestCase() {
        QVERIFY(dir_.isValid());
        GroupParams params;
        params.referendum_period_s = 3600; // the shortest the rules allow
        cluster_ = std::make_unique<Cluster>(1, 1, params);
        cluster_->start(0);
        cluster_->start(1);
        commit_everywhere(cluster_->make_tx(cluster_->founder, 1,
                                            ProposeChange{AddValidator{cluster_->keys[1].public_key()}, "a second machine"}));
        commit_everywhere(cluster_->make_tx(cluster_->founder, 2, CastVote{cluster_->node(0)->referendums().back().id, true}));
        cluster_->advance_clock_s(3601);
        QVERIFY(QTest::qWaitFor([&] { return cluster_->node(1)->is_validator(); }, kWaitMs));
        QVERIFY(cluster_->commit_admissions(3));
        commit_everywhere(cluster_->make_tx(
            cluster_->founder, 3,
            ProposePlant{"Usina do Telhado", PlantSource::Solar, 75'000, 300'000'00, "Light", "Bloco B", 60 * 86400}));
        checkpoint_ = cluster_->node(0)->invitation_checkpoint();
        QVERIFY(checkpoint_);
    }

    // What the Overview, Members and Plants screens show, byte for byte the
    // validators' — and nothing else.
    void showsTheProvenTablesAndNothingElse() {
        std::unique_ptr<LightNode> light = open(config(QStringLiteral("shows"), checkpoint_));
        QVERIFY(!light->light_status()->checked);
        QCOMPARE(light->summary().height, std::uint64_t{0}); // the genesis, until the first check
        QSignalSpy committed(light.get(), &Node::blockCommitted);
        QSignalSpy progress(light.get(), &Node::syncProgress);
        QString error;
        QVERIFY2(light->start(&error), qPrintable(error));
        QVERIFY(check_ends(*light, progress));
        QCOMPARE(committed.size(), 1);

        const NetworkNode& full = *cluster_->node(0);
        const GroupSummary want = full.summary();
        const GroupSummary got = light->summary();
        QCOMPARE(got.height, want.height);
        QCOMPARE(got.state_root, want.state_root);
        QCOMPARE(got.name, want.name);
        QCOMPARE(got.member_count, want.member_count);
        QCOMPARE(got.plant_count, std::uint64_t{1});
        QCOMPARE(got.capacity_w, want.capacity_w);
        QCOMPARE(got.validators, want.validators);
        QCOMPARE(got.validators.size(), std::size_t{2});
        QVERIFY(same_members(light->members(), full.members()));
        QCOMPARE(light->plants().size(), std::size_t{1});
        QCOMPARE(light->plant(1)->name, std::string("Usina do Telhado"));
        QVERIFY(light->member(crypto::account_id(cluster_->founder.public_key())));
        QCOMPARE(light->light_status()->verified_height, want.height);
        // The other validator's node holds the same block there.
        QVERIFY(light->light_status()->second_peer_agreed);
        // Vouched for by both validators of the set it trusted.
        const std::optional<CertifiedTip> tip = light->certified_tip();
        QVERIFY(tip);
        QCOMPARE(tip->height, want.height);
        QCOMPARE(tip->validators, std::size_t{2});
        QVERIFY(tip->signers >= 2);
        // Nothing executed, nothing kept: no votes, offers, events or history.
        QVERIFY(light->referendums().empty());
        QVERIFY(!full.referendums().empty());
        QVERIFY(light->latest_events(10).empty());
        QCOMPARE(light->history_from_height(), want.height + 1);
        const NodeCosts costs = light->costs();
        QVERIFY(costs.disk_bytes > 0 && costs.received_bytes > 0 && costs.sent_bytes > 0);
        qInfo("light node: %llu bytes received for block %llu; %llu bytes on disk",
              static_cast<unsigned long long>(costs.received_bytes), static_cast<unsigned long long>(want.height),
              static_cast<unsigned long long>(costs.disk_bytes));
        // It is watch-only and proves nothing to others.
        const SubmitResult refused = light->submit(cluster_->admission());
        QVERIFY(!refused.accepted());
        QVERIFY(refused.rejection->message.find("light node") != std::string::npos);
        QVERIFY(!light->state_proof(kProofOfCommittedState, state::TableId::Members, {}, &error));
        QVERIFY(!light->table_proof(kProofOfCommittedState, state::TableId::Members, &error));
        QVERIFY(light->header_chain(0, 10).empty());
        QVERIFY(!light->sync_halt());
    }

    // The tip verified before a restart is where the next check starts;
    // new blocks are followed at each check.
    void keepsItsTipAcrossARestartAndFollowsNewBlocks() {
        const LightNodeConfig c = config(QStringLiteral("restart"), checkpoint_);
        std::uint64_t first_height = 0;
        {
            std::unique_ptr<LightNode> light = open(c);
            QSignalSpy progress(light.get(), &Node::syncProgress);
            QString error;
            QVERIFY(light->start(&error));
            QVERIFY(check_ends(*light, progress));
            first_height = light->summary().height;
            QCOMPARE(light->trusted_header().height, first_height);
            // No new block: the next check asks for headers only, not the tables again.
            const std::uint64_t first_check_bytes = light->costs().received_bytes;
            light->check_now();
            QVERIFY(check_ends(*light, progress));
            const std::uint64_t idle_check_bytes = light->costs().received_bytes - first_check_bytes;
            QCOMPARE(light->summary().height, first_height);
            QVERIFY2(idle_check_bytes < first_check_bytes, qPrintable(QStringLiteral("%1 then %2 bytes").arg(first_check_bytes).arg(idle_check_bytes)));
            qInfo("a check: %llu bytes with the tables, %llu bytes when the group has no new block",
                  static_cast<unsigned long long>(first_check_bytes), static_cast<unsigned long long>(idle_check_bytes));
            QVERIFY(cluster_->commit_admissions(2));
            light->check_now();
            QVERIFY(check_ends(*light, progress));
            QCOMPARE(light->summary().height, first_height + 2);
            QCOMPARE(light->summary().member_count, cluster_->node(0)->summary().member_count);
        }
        std::unique_ptr<LightNode> reopened = open(c);
        QCOMPARE(reopened->trusted_header().height, first_height + 2);
        QCOMPARE(reopened->trusted_header().state_root, cluster_->node(0)->summary().state_root);
    }

    // Peers whose history passes the checkpoint with another block are
    // banned, and the node says it is not the invited history.
    void aWrongCheckpointStopsItWithTheReason() {
        const state::HeaderCheckpoint wrong{checkpoint_->height, cluster_->genesis.group_id()};
        std::unique_ptr<LightNode> light = open(config(QStringLiteral("wrong"), wrong));
        QSignalSpy progress(light.get(), &Node::syncProgress);
        QString error;
        QVERIFY(light->start(&error));
        QVERIFY(!check_ends(*light, progress));
        QVERIFY(light->light_status()->last_check_failed);
        QCOMPARE(light->summary().height, std::uint64_t{0});
        const std::optional<SyncHalt> halt = light->sync_halt();
        QVERIFY(halt);
        QCOMPARE(halt->kind, SyncHalt::Kind::NotTheInvitedHistory);
        QCOMPARE(halt->height, checkpoint_->height);
        QVERIFY2(halt->detail.contains(QStringLiteral("another block than the invitation's")), qPrintable(halt->detail));
    }

    // Two nodes that each hold another block 2, both signed by the group's
    // one validator (its key ran on two machines that did not talk; a
    // follower took the second block from the second machine, so that the
    // light node meets two peers of distinct keys): the light node proves
    // its tables under one, is shown the other by the second peer, stops
    // with the plain-words reason, and checks no more.
    void twoCertifiedBlocksOfOneHeightStopIt() {
        Cluster fork(1, 1);
        NetworkNode* first = fork.start(0);
        const Transaction admission = fork.admission();
        QVERIFY(first->submit(admission).accepted());
        QVERIFY(QTest::qWaitFor([&] { return first->transaction_height(admission.id()).has_value(); }, kWaitMs));
        fork.stop(0);
        QVERIFY(copy_folder(fork.config(0).data_dir, fork.config(1).data_dir));
        // Each half commits another request to join as block 2, alone.
        const auto open_half = [&](std::size_t folder) {
            QString error;
            std::unique_ptr<NetworkNode> node = NetworkNode::open(
                fork.config(folder), fork.genesis, fork.keys[0], [&fork] { return fork.now_ms(); }, &error);
            if (!node || !node->start(&error)) qFatal("cannot open half %zu: %s", folder, qPrintable(error));
            const Transaction tx = fork.admission();
            if (!node->submit(tx).accepted()) qFatal("half %zu refused its transaction", folder);
            if (!QTest::qWaitFor([&] { return node->transaction_height(tx.id()).has_value(); }, kWaitMs))
                qFatal("half %zu did not commit", folder);
            return node;
        };
        const std::unique_ptr<NetworkNode> one = open_half(0);
        const std::unique_ptr<NetworkNode> two = open_half(1);
        QCOMPARE(one->summary().height, two->summary().height);
        QVERIFY(one->summary().state_root != two->summary().state_root);
        QString error;
        const std::unique_ptr<NetworkNode> follower = NetworkNode::open(
            fork.config(2), fork.genesis, fork.keys[1], [&fork] { return fork.now_ms(); }, &error);
        QVERIFY2(follower && follower->start(&error), qPrintable(error));
        follower->add_peer(QStringLiteral("127.0.0.1:%1").arg(two->listening_port()));
        QVERIFY(QTest::qWaitFor([&] { return follower->summary().state_root == two->summary().state_root; }, kWaitMs));

        LightNodeConfig c;
        c.data_dir = dir_.filePath(QStringLiteral("forked"));
        c.peers = {QStringLiteral("127.0.0.1:%1").arg(one->listening_port()),
                   QStringLiteral("127.0.0.1:%1").arg(follower->listening_port())};
        c.check_interval_ms = 600'000;
        c.check_timeout_ms = 5'000;
        c.network = testing::fast_network_tuning().network;
        std::unique_ptr<LightNode> light = LightNode::open(c, fork.genesis, crypto::KeyPair::generate(), &error);
        QVERIFY2(light, qPrintable(error));
        QSignalSpy progress(light.get(), &Node::syncProgress);
        QVERIFY(light->start(&error));
        QVERIFY(!check_ends(*light, progress));
        QVERIFY(light->light_status()->last_check_failed);
        QCOMPARE(light->summary().height, std::uint64_t{0}); // nothing from either is shown
        const std::optional<SyncHalt> halt = light->sync_halt();
        QVERIFY(halt);
        QCOMPARE(halt->kind, SyncHalt::Kind::ConflictingHeaders);
        QCOMPARE(halt->height, one->summary().height);
        QVERIFY2(halt->detail.contains(QStringLiteral("more than a third of them signed both")), qPrintable(halt->detail));
        light->check_now();
        QVERIFY(!progress.wait(1'000)); // stopped: no further check
    }

    void withoutPeersItCannotStart() {
        LightNodeConfig c = config(QStringLiteral("alone"), std::nullopt);
        c.peers.clear();
        std::unique_ptr<LightNode> light = open(c);
        QString error;
        QVERIFY(!light->start(&error));
        QVERIFY2(error.contains(QStringLiteral("at least one peer")), qPrintable(error));
    }

    void cleanupTestCase() { cluster_.reset(); }
};

QTEST_GUILESS_MAIN(TestLightNode)
#include "test_light_node.moc"
