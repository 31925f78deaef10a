#pragma once
// Block sync as a pure state machine, built like consensus::Machine: a node
// behind its peers asks one of them for the blocks it lacks, takes the
// answer, and after a failure asks another. Inputs are the peers' announced
// heights, connections and disconnections, block responses and what the
// driver made of them, ticks, and the results of the driver's commits, each
// with the driver's steady clock reading `now_ms`; outputs are a block
// request to send, whether to apply a response, a peer to ban, and reports
// for the log. Nothing here reads a clock, draws a random number, or does
// I/O, so the node (chain/node/network_node.cpp) and the simulator drive the
// same machine.
//
// It lives here rather than in chain/node because chain/node is the Qt
// library: the simulator links only rateio_chain_core, and this directory
// already holds the group's other pure machine.
//
// What it does, in short (docs/PROTOCOL.md section 5 has the whole of it):
//   - one request in flight at most, to the peer that announced the highest
//     height (the first in peer-id order on a tie), for the blocks after the
//     committed height, at most blocks_per_request_max of them;
//   - a request unanswered for request_timeout_ms: the peer is not asked
//     again for peer_pause_ms and another is asked; if the late answer comes
//     after all it is still taken and the pause lifted (a late answer is
//     usually this node's own backlog, not the peer's fault);
//   - an empty answer at our next height: the peer has nothing above us, so
//     its height is lowered to ours and it is not asked for peer_pause_ms;
//   - a response the driver applied in full: the next request goes out
//     before the driver commits it (pipelining), so it travels meanwhile;
//   - a response with a bad block: the peer is banned (what applied before
//     it is still committed: the certificates vouch for it);
//   - a failed commit (disk full, a failing disk): sync pauses and retries
//     after storage_retry_first_ms, doubling up to storage_retry_max_ms, and
//     resumes by itself once a commit succeeds. It never spins: a commit is
//     only tried on an answer to a request, and no request goes out before
//     the retry time. Failures are reported at most once per
//     storage_report_interval_ms, with their count;
//   - stopped (a validator whose save failed stops until it is restarted):
//     no request, no response applied, ever again.
//
// Every container is bounded: at most peers_max peers, one request in
// flight, one expired request whose late answer is still taken, one
// response being applied.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace chain::consensus {

// The defaults of BlockSyncConfig (the node sets request_timeout_ms from its
// configuration and blocks_per_request_max from the wire format's limit).
inline constexpr std::int64_t kBlockSyncRequestTimeoutMs = 10'000;
// A peer that did not answer a block request, or answered with nothing, is
// not asked again for this long.
inline constexpr std::int64_t kBlockSyncPeerPauseMs = 30'000;
// net::kBlocksPerRequestMax; this library cannot see chain/net.
inline constexpr std::uint32_t kBlockSyncBlocksPerRequestMax = 64;
// Peers whose heights are kept; a peer past this is not asked for blocks.
// Above any network's connection limit (net::kConfiguredPeersMax is 256 and
// a node keeps net::NetworkConfig::peers_max connections, 32 by default).
inline constexpr std::size_t kBlockSyncPeersMax = 256;
// A failed commit is retried after 1 s, then 2, 4, ... up to 5 min.
inline constexpr std::int64_t kBlockSyncStorageRetryFirstMs = 1'000;
inline constexpr std::int64_t kBlockSyncStorageRetryMaxMs = 5 * 60'000;
// Repeated commit failures are reported (logged) at most once per minute.
inline constexpr std::int64_t kBlockSyncStorageReportIntervalMs = 60'000;
// A commit failure's reason is kept up to this length (it is only logged).
inline constexpr std::size_t kBlockSyncErrorBytesMax = 1024;

struct BlockSyncConfig {
    std::int64_t request_timeout_ms = kBlockSyncRequestTimeoutMs;
    std::int64_t peer_pause_ms = kBlockSyncPeerPauseMs;
    std::uint32_t blocks_per_request_max = kBlockSyncBlocksPerRequestMax;
    std::size_t peers_max = kBlockSyncPeersMax;
    std::int64_t storage_retry_first_ms = kBlockSyncStorageRetryFirstMs;
    std::int64_t storage_retry_max_ms = kBlockSyncStorageRetryMaxMs;
    std::int64_t storage_report_interval_ms = kBlockSyncStorageReportIntervalMs;
};

// A peer, as the driver names it (the node: its node key in hex).
using SyncPeerId = std::string;

struct SyncRequest {
    SyncPeerId peer;
    std::uint64_t from_height = 0;
    std::uint32_t count = 0; // 1 .. blocks_per_request_max
};

// Commits that failed since the last report: the driver logs it as one line.
struct StorageFailureReport {
    std::uint64_t failures = 0;       // since the previous report (>= 1)
    std::int64_t period_ms = 0;       // how long those failures took (0 for the first)
    std::string error;                // the last one's reason
    std::int64_t retry_at_ms = 0;     // when sync asks for blocks again
};

struct BlockSyncOutput {
    // Send this block request (at most one per input: one is in flight at a time).
    std::optional<SyncRequest> request;
    // on_block_response only: apply and commit this response, then call
    // on_response_applied and on_commit_result.
    bool apply = false;
    // Ban this peer (it served a bad block); the machine has forgotten it.
    std::optional<SyncPeerId> ban;
    // The request to this peer timed out (for the log).
    std::optional<SyncPeerId> timed_out;
    // Commit failures to log (at most once per storage_report_interval_ms).
    std::optional<StorageFailureReport> storage_failures;
    // Commits succeed again after this many failures (for the log).
    std::optional<std::uint64_t> storage_recovered_after;
};

// What the driver made of a response the machine told it to apply.
struct ResponseApplied {
    SyncPeerId peer;
    std::uint64_t from_height = 0;
    // Blocks that applied, in order from from_height (committed or about to be).
    std::uint64_t blocks_applied = 0;
    // The block after them was bad (undecodable, wrong height, a certificate
    // that does not check, a block the rules refuse): the peer's fault.
    bool bad_block = false;
};

struct CommitResult {
    bool saved = false;
    // Saved: the store's height now. Failed: ignored.
    std::uint64_t height = 0;
    // Failed: why (the store's message), e.g. "database or disk is full".
    std::string error;

    static CommitResult ok(std::uint64_t height) { return CommitResult{true, height, {}}; }
    static CommitResult failed(std::string error) { return CommitResult{false, 0, std::move(error)}; }
};

struct BlockSyncStatus {
    std::uint64_t height = 0; // committed, as the machine was told
    std::uint64_t target = 0; // max(height, the highest height a known peer announced)
    bool syncing = false;     // target > height
    // The last commit failed: no request before retry_at_ms (steady clock).
    bool storage_paused = false;
    std::int64_t retry_at_ms = 0;
    std::uint64_t storage_failures = 0; // in a row, since the last commit that succeeded
    std::string storage_error;          // the last failure's reason
    bool stopped = false;
};

class BlockSync {
public:
    // `height`: the committed height the node starts from.
    BlockSync(BlockSyncConfig config, std::uint64_t height);

    // A peer connected: known from now on, asked once it announces a height.
    BlockSyncOutput on_peer_connected(const SyncPeerId& peer, std::int64_t now_ms);
    // A peer announced its height (a status message).
    BlockSyncOutput on_peer_status(const SyncPeerId& peer, std::uint64_t height, std::int64_t now_ms);
    // A peer is gone, or cannot be sent to: forgotten, its request given up.
    BlockSyncOutput on_peer_disconnected(const SyncPeerId& peer, std::int64_t now_ms);
    // A block response with `block_count` blocks from `from_height`. If the
    // output says apply, the driver applies and commits the blocks in order
    // and then calls on_response_applied (before the last commit) and
    // on_commit_result (after each commit); a response not asked for, or
    // not starting at the next height, is dropped.
    BlockSyncOutput on_block_response(const SyncPeerId& peer, std::uint64_t from_height, std::uint64_t block_count,
                                      std::int64_t now_ms);
    // The blocks of an applied response are in memory and all but the last
    // run committed: asks for the next blocks before that commit, or bans
    // the peer that served a bad block.
    BlockSyncOutput on_response_applied(const ResponseApplied& applied, std::int64_t now_ms);
    // A commit of blocks, from sync or from consensus: a success sets the
    // height and ends a storage pause; a failure starts or lengthens one.
    BlockSyncOutput on_commit_result(const CommitResult& result, std::int64_t now_ms);
    // Called periodically (the node: every status_interval_ms, 1 s by
    // default); expiries and retries wait for it. Expires a request in
    // flight, asks again after a pause, reports failures not yet reported.
    BlockSyncOutput on_tick(std::int64_t now_ms);
    // The node stopped (a validator that could not save): nothing more is
    // asked or applied until the process restarts.
    void stop();

    BlockSyncStatus status(std::int64_t now_ms) const;
    std::uint64_t height() const { return height_; }
    bool stopped() const { return stopped_; }
    // For the tests: the peers known, the request in flight.
    std::size_t peer_count() const { return peers_.size(); }
    std::optional<SyncRequest> in_flight() const;

private:
    struct Peer {
        bool has_status = false;
        std::uint64_t height = 0;
        std::int64_t paused_until_ms = 0;
    };
    struct Request {
        SyncRequest request;
        std::int64_t deadline_ms = 0;
    };
    struct Applying {
        SyncPeerId peer;
        std::uint64_t from_height = 0;
    };

    Peer* find_or_add(const SyncPeerId& peer);
    bool storage_paused(std::int64_t now_ms) const;
    // Gives up a request past its deadline (pausing its peer), then asks the
    // best peer for the blocks after `have_height` if nothing is in flight.
    void maybe_request(std::int64_t now_ms, std::uint64_t have_height, BlockSyncOutput& out);
    void expire_request(std::int64_t now_ms, BlockSyncOutput& out);
    void note_failure(const std::string& error, std::int64_t now_ms, BlockSyncOutput& out);
    void maybe_report(std::int64_t now_ms, BlockSyncOutput& out);

    BlockSyncConfig config_;
    std::uint64_t height_ = 0;
    bool stopped_ = false;
    std::map<SyncPeerId, Peer> peers_; // at most config_.peers_max
    std::optional<Request> in_flight_;
    // The last request that timed out: its answer is still taken if it comes.
    std::optional<Request> expired_;
    // A response the driver is applying: no other request until it is done.
    std::optional<Applying> applying_;

    // Commits that failed in a row, the current delay, and when to ask again.
    std::uint64_t storage_failures_ = 0;
    std::int64_t storage_retry_ms_ = 0;
    std::int64_t storage_retry_at_ms_ = 0;
    std::string storage_error_;
    // Failures not yet reported, and when the last report went out.
    std::uint64_t unreported_failures_ = 0;
    std::int64_t first_unreported_ms_ = 0;
    std::optional<std::int64_t> last_report_ms_;
};

} // namespace chain::consensus
