// State sync between real NetworkNodes over TCP (docs/STATE.md, "Snapshots"):
// a node that holds only the genesis takes a verified snapshot of the state
// from its peers, keeps only headers below it, syncs the blocks after it,
// ends at the validators' root, serves its own snapshot, and opens again. A
// node stopped in the middle has written nothing and finishes the next time.
// With state sync off, or no snapshot on offer, it executes every block. An
// invitation's checkpoint is trusted instead of the genesis, and a wrong one
// stops the node below it.

#include "cluster.h"

#include <QTest>

using namespace chain;
using chain::testing::Cluster;

namespace {

constexpr int kWaitMs = 60'000;
constexpr std::uint64_t kSnapshotBlocks = 5;

bool same_tip(const NetworkNode& a, const NetworkNode& b) {
    return a.summary().height == b.summary().height && a.summary().state_root == b.summary().state_root;
}

} // namespace

class TestStateSyncNode : public QObject {
    Q_OBJECT

    std::unique_ptr<Cluster> cluster_;

    // One validator at about 3 snapshot intervals, then the follower (index 1).
    // The backfill of the history is off unless a case says otherwise: what
    // is checked first is what a node holds right after the snapshot.
    void grow(Cluster& cluster) {
        cluster.adjust_config = [](std::size_t, NetworkNodeConfig& c) {
            c.state_snapshot_blocks = kSnapshotBlocks;
            c.backfill_history = false;
        };
        cluster.start(0);
        QVERIFY(cluster.commit_admissions(int(3 * kSnapshotBlocks + 2)));
        QVERIFY(cluster.node(0)->snapshot_height().has_value());
    }

private slots:
    void aFreshNodeStartsFromAVerifiedSnapshot() {
        Cluster cluster(1, 1);
        grow(cluster);
        const std::uint64_t snapshot = *cluster.node(0)->snapshot_height();
        QCOMPARE(snapshot % kSnapshotBlocks, std::uint64_t{0});
        NetworkNode* follower = cluster.start(1);
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *follower); }, kWaitMs));
        QCOMPARE(follower->state_sync_progress().phase, consensus::StateSyncProgress::Phase::Done);
        // What `rateio-cli verify` runs: headers from the genesis, then blocks.
        const Result<std::uint64_t> verified = follower->verify_chain();
        QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
        QCOMPARE(verified.value(), follower->summary().height - snapshot);
        QCOMPARE(follower->state_sync_progress().height, snapshot);
        QVERIFY(!follower->state_syncing());
        // Blocks after the snapshot were executed here; below it only headers.
        QCOMPARE(follower->history_from_height(), snapshot + 1);
        QVERIFY(!follower->members().empty());
        // It serves what it holds: a third node can sync from it alone.
        QVERIFY(follower->snapshot_height().has_value());
        // More blocks reach both.
        QVERIFY(cluster.commit_admissions(3));
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *follower); }, kWaitMs));
        // Below the snapshot its store holds headers, not blocks.
        cluster.stop(1);
        {
            std::string error;
            const std::unique_ptr<Store> store =
                Store::open(NetworkNode::store_path(cluster.config(1).data_dir).toStdString(), &error);
            QVERIFY2(store, error.c_str());
            QVERIFY(!store->block(1));
            QVERIFY(!store->block(snapshot));
            QVERIFY(store->block_header(snapshot));
            QVERIFY(store->certificate(snapshot));
            QVERIFY(store->block(snapshot + 1));
        }
        // It opens again from its store: the base header checks the rows.
        follower = cluster.start(1);
        QVERIFY(!follower->state_syncing());
        QCOMPARE(follower->history_from_height(), snapshot + 1);
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *follower); }, kWaitMs));
    }

    void aNodeStoppedMidSyncHasWrittenNothingAndFinishesLater() {
        Cluster cluster(1, 1);
        grow(cluster);
        NetworkNode* follower = cluster.start(1);
        // Stopped once it fetches chunks (or, on a fast machine, once it has
        // finished): what it wrote is nothing, or the whole verified state.
        using Phase = consensus::StateSyncProgress::Phase;
        QVERIFY(QTest::qWaitFor([&] { return follower->state_sync_progress().phase == Phase::Fetching || !follower->state_syncing(); },
                                kWaitMs));
        qInfo("stopped with %zu of %zu chunks held", follower->state_sync_progress().chunks_held,
              follower->state_sync_progress().chunks_total);
        cluster.stop(1);
        {
            std::string error;
            const std::unique_ptr<Store> store =
                Store::open(NetworkNode::store_path(cluster.config(1).data_dir).toStdString(), &error);
            QVERIFY2(store, error.c_str());
            // Either nothing at all, or the whole verified state: never half.
            QVERIFY(store->height() == 0 || store->history_from_height() > 1);
        }
        follower = cluster.start(1);
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *follower); }, kWaitMs));
    }

    // An invitation's checkpoint (docs/PROTOCOL.md, "Invitations as a link
    // and as a file"): the block where the validators last changed. A node
    // given it state-syncs from it and invites with the same one; a node
    // given another hash for that height refuses the group's block there.
    void anInvitationsCheckpointIsTrustedAndAWrongOneRefused() {
        GroupParams params;
        params.referendum_period_s = 3600; // the shortest the rules allow
        Cluster cluster(1, 3, params);
        cluster.adjust_config = [](std::size_t, NetworkNodeConfig& c) { c.state_snapshot_blocks = kSnapshotBlocks; };
        cluster.start(0);
        QVERIFY(!cluster.node(0)->invitation_checkpoint()); // the validators never changed: the group id is enough
        cluster.start(1); // becomes the second validator
        const Transaction propose = cluster.make_tx(
            cluster.founder, 1, ProposeChange{AddValidator{cluster.keys[1].public_key()}, "a second machine"});
        QVERIFY(cluster.node(0)->submit(propose).accepted());
        QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(propose.id()); }, kWaitMs));
        const Transaction vote = cluster.make_tx(cluster.founder, 2, CastVote{cluster.node(0)->referendums().back().id, true});
        QVERIFY(cluster.node(0)->submit(vote).accepted());
        QVERIFY(QTest::qWaitFor([&] { return cluster.committed_everywhere(vote.id()); }, kWaitMs));
        cluster.advance_clock_s(3601);
        QVERIFY(QTest::qWaitFor([&] { return cluster.node(1)->is_validator() && cluster.node(0)->summary().validators.size() == 2; },
                                kWaitMs));
        QVERIFY(cluster.commit_admissions(int(2 * kSnapshotBlocks + 1)));
        const std::optional<state::HeaderCheckpoint> checkpoint = cluster.node(0)->invitation_checkpoint();
        QVERIFY(checkpoint);
        QCOMPARE(cluster.node(1)->invitation_checkpoint(), checkpoint);
        QVERIFY(*cluster.node(0)->snapshot_height() > checkpoint->height);

        cluster.adjust_config = [&](std::size_t index, NetworkNodeConfig& c) {
            c.state_snapshot_blocks = kSnapshotBlocks;
            c.backfill_history = false;
            if (index == 2) c.trust_checkpoint = checkpoint;
            if (index == 3) {
                c.trust_checkpoint = state::HeaderCheckpoint{checkpoint->height, cluster.genesis.group_id()};
                c.state_sync = false; // its block sync is what is checked here
            }
        };
        NetworkNode* invited = cluster.start(2);
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *invited); }, kWaitMs));
        QCOMPARE(invited->state_sync_progress().phase, consensus::StateSyncProgress::Phase::Done);
        QVERIFY(invited->history_from_height() > checkpoint->height + 1);
        QCOMPARE(invited->invitation_checkpoint(), checkpoint); // it invites as its inviter did
        QVERIFY(invited->verify_chain().ok());
        QVERIFY(!invited->sync_halt());

        NetworkNode* misled = cluster.start(3);
        QVERIFY(QTest::qWaitFor([&] { return misled->summary().height + 1 >= checkpoint->height; }, kWaitMs));
        QTest::qWait(2'000); // time enough to be offered the block at the checkpoint, and refuse it
        QCOMPARE(misled->summary().height, checkpoint->height - 1);
        // And it says why, for the desktop to tell the member.
        const std::optional<SyncHalt> halt = misled->sync_halt();
        QVERIFY(halt);
        QCOMPARE(halt->kind, SyncHalt::Kind::NotTheInvitedHistory);
        QCOMPARE(halt->height, checkpoint->height);
        QVERIFY2(halt->detail.contains(QStringLiteral("not the one the invitation's checkpoint names")), qPrintable(halt->detail));
        cluster.stop(2);
        cluster.stop(3);
        // Each kept what it was told in its database, for its next start.
        for (std::size_t index : {std::size_t{2}, std::size_t{3}}) {
            std::string error;
            const std::unique_ptr<Store> store =
                Store::open(NetworkNode::store_path(cluster.config(index).data_dir).toStdString(), &error);
            QVERIFY2(store, error.c_str());
            QVERIFY(store->trust_checkpoint());
            QCOMPARE(store->trust_checkpoint()->height, checkpoint->height);
        }
    }

    // Usable at once from the snapshot, a node then fetches the blocks before
    // it and replays them from the genesis: it ends with the whole history —
    // the events of block 1, every block in full, a verify that replays from
    // the genesis — and serves it, so that a node with state sync off can
    // sync every block from it alone.
    void aSyncedNodeBackfillsItsHistoryAndServesIt() {
        Cluster cluster(1, 2);
        grow(cluster);
        const std::uint64_t snapshot = *cluster.node(0)->snapshot_height();
        cluster.adjust_config = [](std::size_t index, NetworkNodeConfig& c) {
            c.state_snapshot_blocks = kSnapshotBlocks;
            if (index == 2) c.state_sync = false;
        };
        NetworkNode* follower = cluster.start(1);
        using Phase = consensus::StateSyncProgress::Phase;
        QVERIFY(QTest::qWaitFor([&] { return follower->state_sync_progress().phase == Phase::Done; }, kWaitMs));
        QCOMPARE(follower->state_sync_progress().height, snapshot);
        QVERIFY(QTest::qWaitFor([&] { return follower->history_from_height() == 1; }, kWaitMs));
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *follower); }, kWaitMs));
        const std::vector<Event> first = follower->events_since(1, 1000);
        QVERIFY(!first.empty());
        QCOMPARE(first.front().height, std::uint64_t{1});
        QCOMPARE(first, cluster.node(0)->events_since(1, 1000));
        const Result<std::uint64_t> verified = follower->verify_chain();
        QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
        QCOMPARE(verified.value(), follower->summary().height); // every block, from the genesis
        cluster.stop(0);
        NetworkNode* late = cluster.start(2); // dials the follower alone
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*follower, *late); }, kWaitMs));
        QCOMPARE(late->history_from_height(), std::uint64_t{1});
        QVERIFY(late->verify_chain().ok());
    }

    // The replay refuses what a peer could forge: a block whose link,
    // certificate or content was altered, and a last block other than the
    // snapshot's verified one. What passed before a bad block is kept.
    void theReplayRefusesAlteredHistory() {
        Cluster cluster(1, 0);
        cluster.start(0);
        QVERIFY(cluster.commit_admissions(4));
        const NetworkNode& node = *cluster.node(0);
        using Entry = std::pair<std::optional<Block>, std::optional<CommitCertificate>>;
        std::vector<Entry> history;
        std::string error;
        const std::unique_ptr<Store> store = Store::open(NetworkNode::store_path(cluster.config(0).data_dir).toStdString(), &error);
        QVERIFY2(store, error.c_str());
        for (std::uint64_t h = 1; h <= node.summary().height; ++h) history.emplace_back(store->block(h), store->certificate(h));
        // A block with a transaction to take out.
        std::size_t with_tx = 1;
        while (with_tx < history.size() && history[with_tx].first->transactions.empty()) ++with_tx;
        QVERIFY(with_tx + 1 < history.size());
        const std::uint64_t base = history.size();
        const Hash256 base_hash = history.back().first->header.hash();
        {
            HistoryReplay replay(cluster.genesis, base, base_hash);
            const HistoryReplay::Outcome outcome = replay.take(history);
            QVERIFY2(outcome.problem.empty(), outcome.problem.c_str());
            QCOMPARE(outcome.blocks.size(), history.size());
            QVERIFY(replay.done());
        }
        const auto refused = [&](std::vector<Entry> altered, std::size_t kept, const char* why) {
            HistoryReplay replay(cluster.genesis, base, base_hash);
            const HistoryReplay::Outcome outcome = replay.take(altered);
            QVERIFY2(outcome.problem.find(why) != std::string::npos, outcome.problem.c_str());
            QCOMPARE(outcome.blocks.size(), kept);
            QCOMPARE(replay.next_height(), kept + 1);
        };
        std::vector<Entry> altered = history;
        altered[with_tx].first->transactions.pop_back(); // the header (and its certificate) no longer match the content
        refused(altered, with_tx, "does not replay: the transactions do not match");
        altered = history;
        altered[1].second->signatures.clear(); // no signature of the validators
        refused(altered, 1, "no valid commit certificate");
        altered = history;
        std::swap(altered[1], altered[2]); // out of order
        refused(altered, 1, "not block 2");
        altered = history;
        altered[0].first.reset(); // undecodable
        refused(altered, 0, "undecodable");
        // A whole other history that ends elsewhere than the verified snapshot.
        HistoryReplay elsewhere(cluster.genesis, base, Hash256{});
        const HistoryReplay::Outcome outcome = elsewhere.take(history);
        QCOMPARE(outcome.blocks.size(), history.size() - 1);
        QVERIFY2(outcome.problem.find("not the snapshot's block") != std::string::npos, outcome.problem.c_str());
    }

    void withStateSyncOffEveryBlockIsExecuted() {
        Cluster cluster(1, 1);
        grow(cluster);
        cluster.adjust_config = [](std::size_t index, NetworkNodeConfig& c) {
            c.state_snapshot_blocks = kSnapshotBlocks;
            if (index == 1) c.state_sync = false;
        };
        NetworkNode* follower = cluster.start(1);
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *follower); }, kWaitMs));
        QCOMPARE(follower->history_from_height(), std::uint64_t{1});
    }

    void withNoSnapshotOnOfferBlocksAreSynced() {
        Cluster cluster(1, 1);
        cluster.adjust_config = [](std::size_t, NetworkNodeConfig& c) { c.state_snapshot_blocks = 1'000; };
        cluster.start(0);
        QVERIFY(cluster.commit_admissions(3)); // no multiple of 1,000: nothing pinned
        QVERIFY(!cluster.node(0)->snapshot_height().has_value());
        NetworkNode* follower = cluster.start(1);
        QVERIFY(QTest::qWaitFor([&] { return same_tip(*cluster.node(0), *follower); }, kWaitMs));
        QCOMPARE(follower->state_sync_progress().phase, consensus::StateSyncProgress::Phase::GaveUp);
        QCOMPARE(follower->history_from_height(), std::uint64_t{1});
    }
};

QTEST_MAIN(TestStateSyncNode)
#include "test_state_sync_node.moc"
