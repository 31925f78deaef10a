// Unit tests of chain::consensus::BlockSync, the block-sync machine that
// NetworkNode drives: inputs in, outputs checked, no network, no store, no
// clock (the test's `now` is a number it moves by hand). The node-level
// behaviour (real peers, real blocks) stays in test_network_node and
// test_hostile_peer.

#include "consensus/block_sync.h"

#include <QtTest>

#include <string>

using namespace chain::consensus;

namespace {

constexpr std::int64_t kStartMs = 1'000'000; // any steady-clock reading

BlockSyncConfig test_config() {
    BlockSyncConfig config;
    config.request_timeout_ms = 10'000;
    config.peer_pause_ms = 30'000;
    config.blocks_per_request_max = 64;
    config.peers_max = 8;
    config.storage_retry_first_ms = 1'000;
    config.storage_retry_max_ms = 300'000;
    config.storage_report_interval_ms = 60'000;
    return config;
}

bool asks(const BlockSyncOutput& out, const SyncPeerId& peer, std::uint64_t from_height, std::uint32_t count) {
    return out.request && out.request->peer == peer && out.request->from_height == from_height &&
           out.request->count == count;
}

// Applies a whole response from `peer` and commits it: the driver's part.
BlockSyncOutput apply_all(BlockSync& sync, const SyncPeerId& peer, std::uint64_t from_height, std::uint64_t count,
                          std::int64_t now_ms, BlockSyncOutput* after_apply = nullptr) {
    const BlockSyncOutput taken = sync.on_block_response(peer, from_height, count, now_ms);
    if (!taken.apply) return taken;
    const BlockSyncOutput applied = sync.on_response_applied({peer, from_height, count, false}, now_ms);
    if (after_apply) *after_apply = applied;
    return sync.on_commit_result(CommitResult::ok(from_height + count - 1), now_ms);
}

} // namespace

class TestBlockSync : public QObject {
    Q_OBJECT
private slots:
    // --- Choosing a peer -------------------------------------------------------------
    void asks_the_highest_peer_for_the_next_blocks() {
        BlockSync sync(test_config(), 10);
        QVERIFY(asks(sync.on_peer_status("a", 30, kStartMs), "a", 11, 20));
        QVERIFY(!sync.on_peer_status("c", 100, kStartMs).request); // one request in flight
        QVERIFY(!sync.on_peer_status("b", 500, kStartMs).request);
        // After a's answer the highest peer is asked, for at most 64 blocks.
        BlockSyncOutput ahead;
        apply_all(sync, "a", 11, 20, kStartMs + 1, &ahead);
        QVERIFY(asks(ahead, "b", 31, 64));
        QCOMPARE(sync.height(), std::uint64_t(30));
        const BlockSyncStatus status = sync.status(kStartMs + 1);
        QCOMPARE(status.target, std::uint64_t(500));
        QVERIFY(status.syncing);
    }

    void does_not_ask_peers_that_are_not_ahead() {
        BlockSync sync(test_config(), 10);
        QVERIFY(!sync.on_peer_status("a", 10, kStartMs).request);
        QVERIFY(!sync.on_peer_status("b", 3, kStartMs).request);
        sync.on_peer_connected("c", kStartMs); // no status yet
        QVERIFY(!sync.on_tick(kStartMs).request);
        const BlockSyncStatus status = sync.status(kStartMs);
        QCOMPARE(status.target, std::uint64_t(10));
        QVERIFY(!status.syncing);
    }

    void ties_go_to_the_first_peer_in_id_order() {
        BlockSync sync(test_config(), 0);
        QVERIFY(asks(sync.on_peer_status("z", 1, kStartMs), "z", 1, 1));
        // Statuses that arrive while a request is in flight wait for the next pick.
        sync.on_peer_status("b", 5, kStartMs);
        sync.on_peer_status("a", 5, kStartMs);
        QVERIFY(asks(sync.on_peer_disconnected("z", kStartMs), "a", 1, 5));
    }

    // --- Timeouts and late answers -------------------------------------------------------------
    void asks_another_peer_after_a_timeout() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 50, kStartMs);
        sync.on_peer_status("b", 40, kStartMs);
        QCOMPARE(sync.in_flight()->peer, SyncPeerId("a"));
        // Not yet at the deadline: nothing changes.
        QVERIFY(!sync.on_tick(kStartMs + 9'999).timed_out);
        const BlockSyncOutput out = sync.on_tick(kStartMs + 10'000);
        QCOMPARE(out.timed_out, std::optional<SyncPeerId>("a"));
        QVERIFY(asks(out, "b", 1, 40));
        // a stays paused for peer_pause_ms even though it is the highest.
        sync.on_peer_disconnected("b", kStartMs + 10'001);
        QVERIFY(!sync.in_flight());
        QVERIFY(!sync.on_tick(kStartMs + 10'000 + 29'999).request);
        QVERIFY(asks(sync.on_tick(kStartMs + 10'000 + 30'000), "a", 1, 50));
    }

    void takes_a_late_answer_and_lifts_the_pause() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 5, kStartMs);
        QVERIFY(sync.on_tick(kStartMs + 10'000).timed_out); // a paused, nobody else
        QVERIFY(!sync.in_flight());
        const BlockSyncOutput late = sync.on_block_response("a", 1, 5, kStartMs + 11'000);
        QVERIFY(late.apply);
        sync.on_response_applied({"a", 1, 5, false}, kStartMs + 11'000);
        sync.on_commit_result(CommitResult::ok(5), kStartMs + 11'000);
        QCOMPARE(sync.height(), std::uint64_t(5));
        // The pause is lifted: a is asked again at once when it announces more.
        QVERIFY(asks(sync.on_peer_status("a", 9, kStartMs + 11'001), "a", 6, 4));
    }

    void a_late_answer_from_another_height_is_dropped() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 5, kStartMs);
        sync.on_tick(kStartMs + 10'000);
        QVERIFY(!sync.on_block_response("a", 2, 4, kStartMs + 11'000).apply);
        // Nor is an answer nobody asked for taken.
        QVERIFY(!sync.on_block_response("z", 1, 5, kStartMs + 11'000).apply);
    }

    void an_answer_that_does_not_start_at_the_next_height_is_dropped() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 5, kStartMs);
        // Consensus committed block 1 meanwhile: the answer from 1 is stale.
        sync.on_commit_result(CommitResult::ok(1), kStartMs + 1);
        const BlockSyncOutput out = sync.on_block_response("a", 1, 5, kStartMs + 2);
        QVERIFY(!out.apply);
        QVERIFY(asks(out, "a", 2, 4)); // asked again, from the new height
    }

    // --- Empty answers ----------------------------------------------------------------------
    void pauses_a_peer_that_answers_nothing() {
        BlockSync sync(test_config(), 7);
        sync.on_peer_status("a", 20, kStartMs);
        sync.on_peer_status("b", 15, kStartMs);
        const BlockSyncOutput out = sync.on_block_response("a", 8, 0, kStartMs + 5);
        QVERIFY(!out.apply);
        QVERIFY(asks(out, "b", 8, 8)); // a's height is lowered to ours
        QCOMPARE(sync.status(kStartMs + 5).target, std::uint64_t(15));
        // Even announcing more, a waits out its pause.
        sync.on_peer_disconnected("b", kStartMs + 6);
        QVERIFY(!sync.on_peer_status("a", 30, kStartMs + 7).request);
        QVERIFY(asks(sync.on_tick(kStartMs + 5 + 30'000), "a", 8, 23));
    }

    // --- Pipelining and bad blocks ---------------------------------------------------------------
    void asks_for_the_next_blocks_before_the_commit() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 200, kStartMs);
        QVERIFY(sync.on_block_response("a", 1, 64, kStartMs).apply);
        // No other request while the answer is applied.
        QVERIFY(!sync.on_peer_status("b", 300, kStartMs).request);
        QVERIFY(!sync.on_tick(kStartMs + 20'000).request);
        const BlockSyncOutput applied = sync.on_response_applied({"a", 1, 64, false}, kStartMs + 20'000);
        QVERIFY(asks(applied, "b", 65, 64)); // before block 64 is committed
        QCOMPARE(sync.height(), std::uint64_t(0));
        QVERIFY(!sync.on_commit_result(CommitResult::ok(64), kStartMs + 20'001).request); // one in flight
        QCOMPARE(sync.height(), std::uint64_t(64));
    }

    void bans_a_peer_that_serves_a_bad_block() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 30, kStartMs);
        sync.on_peer_status("b", 20, kStartMs);
        QVERIFY(sync.on_block_response("a", 1, 30, kStartMs).apply);
        // Blocks 1..9 applied, block 10 bad: ban, and no pipelined request
        // until the good ones are committed.
        const BlockSyncOutput applied = sync.on_response_applied({"a", 1, 9, true}, kStartMs);
        QCOMPARE(applied.ban, std::optional<SyncPeerId>("a"));
        QVERIFY(!applied.request);
        QVERIFY(asks(sync.on_commit_result(CommitResult::ok(9), kStartMs), "b", 10, 11));
        QCOMPARE(sync.peer_count(), std::size_t(1)); // a is forgotten
        QCOMPARE(sync.status(kStartMs).target, std::uint64_t(20));
    }

    void a_bad_first_block_asks_another_peer_at_once() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 30, kStartMs);
        sync.on_peer_status("b", 20, kStartMs);
        QVERIFY(sync.on_block_response("a", 1, 30, kStartMs).apply);
        const BlockSyncOutput applied = sync.on_response_applied({"a", 1, 0, true}, kStartMs);
        QCOMPARE(applied.ban, std::optional<SyncPeerId>("a"));
        QVERIFY(asks(applied, "b", 1, 20)); // nothing to commit first
    }

    void a_disconnected_peer_is_not_waited_for() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 30, kStartMs);
        sync.on_peer_status("b", 20, kStartMs);
        QVERIFY(asks(sync.on_peer_disconnected("a", kStartMs + 1), "b", 1, 20));
        // A late answer from the peer that is gone is not taken.
        QVERIFY(!sync.on_block_response("a", 1, 30, kStartMs + 2).apply);
    }

    // --- Commit failures: pause, back off, resume ----------------------------------------------
    void failed_commits_back_off_doubling_to_a_bound() {
        BlockSyncConfig config = test_config();
        config.storage_retry_max_ms = 16'000;
        BlockSync sync(config, 0);
        std::int64_t now = kStartMs;
        sync.on_peer_status("a", 100, now);
        const std::int64_t expected_delays_ms[] = {1'000, 2'000, 4'000, 8'000, 16'000, 16'000, 16'000};
        for (const std::int64_t delay_ms : expected_delays_ms) {
            QVERIFY(sync.in_flight());
            QVERIFY(sync.on_block_response("a", 1, 64, now).apply);
            sync.on_commit_result(CommitResult::failed("database or disk is full"), now);
            QVERIFY(!sync.on_response_applied({"a", 1, 64, false}, now).request); // no pipelining either
            const BlockSyncStatus paused = sync.status(now);
            QVERIFY(paused.storage_paused);
            QCOMPARE(paused.retry_at_ms, now + delay_ms);
            QCOMPARE(paused.storage_error, std::string("database or disk is full"));
            // It never spins: no request before the retry time, whatever comes in.
            QVERIFY(!sync.on_tick(now + delay_ms - 1).request);
            QVERIFY(!sync.on_peer_status("a", 100, now + delay_ms - 1).request);
            now += delay_ms;
            QVERIFY(asks(sync.on_tick(now), "a", 1, 64));
        }
        QCOMPARE(sync.status(now).storage_failures, std::uint64_t(7));
    }

    void a_commit_that_succeeds_ends_the_pause_and_resets_the_delay() {
        BlockSync sync(test_config(), 0);
        std::int64_t now = kStartMs;
        sync.on_peer_status("a", 100, now);
        for (int i = 0; i < 3; ++i) {
            sync.on_block_response("a", 1, 64, now);
            sync.on_response_applied({"a", 1, 64, false}, now);
            sync.on_commit_result(CommitResult::failed("disk I/O error"), now);
            now = sync.status(now).retry_at_ms;
            QVERIFY(sync.on_tick(now).request);
        }
        BlockSyncOutput pipelined;
        const BlockSyncOutput saved = apply_all(sync, "a", 1, 64, now, &pipelined);
        QCOMPARE(saved.storage_recovered_after, std::optional<std::uint64_t>(3));
        QVERIFY(asks(pipelined, "a", 65, 36));
        const BlockSyncStatus status = sync.status(now);
        QVERIFY(!status.storage_paused);
        QCOMPARE(status.storage_failures, std::uint64_t(0));
        QVERIFY(status.storage_error.empty());
        // The next failure waits the first delay again, not the doubled one.
        sync.on_block_response("a", 65, 36, now);
        sync.on_commit_result(CommitResult::failed("disk I/O error"), now);
        QCOMPARE(sync.status(now).retry_at_ms, now + 1'000);
    }

    void a_consensus_commit_also_ends_the_pause() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 10, kStartMs);
        sync.on_block_response("a", 1, 10, kStartMs);
        sync.on_commit_result(CommitResult::failed("disk full"), kStartMs);
        sync.on_response_applied({"a", 1, 10, false}, kStartMs);
        const BlockSyncOutput out = sync.on_commit_result(CommitResult::ok(1), kStartMs + 10);
        QVERIFY(out.storage_recovered_after.has_value());
        QVERIFY(asks(out, "a", 2, 9));
    }

    void repeated_failures_are_reported_once_per_interval_with_a_count() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 100, kStartMs);
        std::int64_t now = kStartMs;
        std::vector<StorageFailureReport> reports;
        // Failures every second for five minutes (retry delays ignored: the
        // report counts whatever fails).
        for (int second = 0; second < 300; ++second, now += 1'000) {
            const BlockSyncOutput failed = sync.on_commit_result(CommitResult::failed("database or disk is full"), now);
            if (failed.storage_failures) reports.push_back(*failed.storage_failures);
            const BlockSyncOutput ticked = sync.on_tick(now + 500);
            if (ticked.storage_failures) reports.push_back(*ticked.storage_failures);
        }
        // The first at once, then one a minute.
        QCOMPARE(reports.size(), std::size_t(5));
        QCOMPARE(reports.front().failures, std::uint64_t(1));
        QCOMPARE(reports.front().period_ms, std::int64_t(0));
        std::uint64_t counted = 0;
        for (const StorageFailureReport& report : reports) {
            counted += report.failures;
            QCOMPARE(report.error, std::string("database or disk is full"));
        }
        QCOMPARE(reports[1].failures, std::uint64_t(60));
        QVERIFY(reports[1].period_ms >= 59'000 && reports[1].period_ms <= 60'000);
        // The ones of the last minute are reported on the next tick past it.
        const BlockSyncOutput later = sync.on_tick(now + 60'000);
        QVERIFY(later.storage_failures);
        counted += later.storage_failures->failures;
        QCOMPARE(counted, std::uint64_t(300));
        QVERIFY(!sync.on_tick(now + 60'001).storage_failures); // nothing new, nothing said
    }

    void a_late_answer_during_a_pause_is_not_applied() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 10, kStartMs);
        // a's request is given up with the failure (its peer is not blamed)...
        sync.on_commit_result(CommitResult::failed("disk full"), kStartMs);
        QVERIFY(!sync.in_flight());
        // ...so its answer is not applied, and a is asked again after the pause.
        QVERIFY(!sync.on_block_response("a", 1, 10, kStartMs + 10).apply);
        QVERIFY(asks(sync.on_tick(kStartMs + 1'000), "a", 1, 10));
    }

    // --- Stopped ------------------------------------------------------------------------------------
    void a_stopped_node_asks_for_nothing_and_applies_nothing() {
        BlockSync sync(test_config(), 0);
        sync.on_peer_status("a", 10, kStartMs);
        QVERIFY(sync.in_flight());
        sync.stop();
        QVERIFY(!sync.in_flight());
        QVERIFY(sync.status(kStartMs).stopped);
        QVERIFY(!sync.on_block_response("a", 1, 10, kStartMs).apply);
        QVERIFY(!sync.on_peer_status("b", 50, kStartMs).request);
        QVERIFY(!sync.on_tick(kStartMs + 3'600'000).request);
        QVERIFY(!sync.on_commit_result(CommitResult::ok(3), kStartMs).request);
        QVERIFY(!sync.on_peer_disconnected("a", kStartMs).request);
    }

    // --- Bounds --------------------------------------------------------------------------------------
    void state_stays_bounded_with_many_peers() {
        const BlockSyncConfig config = test_config();
        BlockSync sync(config, 0);
        std::int64_t now = kStartMs;
        for (int i = 0; i < 1'000; ++i) {
            const SyncPeerId peer = "peer-" + std::to_string(i);
            sync.on_peer_connected(peer, now);
            sync.on_peer_status(peer, 10 + static_cast<std::uint64_t>(i), now);
            QVERIFY(sync.peer_count() <= config.peers_max);
            now += 11'000; // every request times out: at most one in flight, one expired
            const BlockSyncOutput out = sync.on_tick(now);
            QVERIFY(!out.request || out.request->count <= config.blocks_per_request_max);
        }
        QCOMPARE(sync.peer_count(), config.peers_max);
        // A known peer still updates when the table is full; a new one is not kept.
        sync.on_peer_status("peer-0", 5'000, now);
        QCOMPARE(sync.status(now).target, std::uint64_t(5'000));
        sync.on_peer_status("newcomer", 9'000, now);
        QCOMPARE(sync.status(now).target, std::uint64_t(5'000));
        // Room again once one leaves.
        sync.on_peer_disconnected("peer-1", now);
        sync.on_peer_status("newcomer", 9'000, now);
        QCOMPARE(sync.status(now).target, std::uint64_t(9'000));
    }

    void the_error_kept_is_bounded() {
        BlockSync sync(test_config(), 0);
        sync.on_commit_result(CommitResult::failed(std::string(100'000, 'x')), kStartMs);
        QCOMPARE(sync.status(kStartMs).storage_error.size(), kBlockSyncErrorBytesMax);
    }
};

QTEST_APPLESS_MAIN(TestBlockSync)
#include "test_block_sync.moc"
