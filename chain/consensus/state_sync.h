#pragma once
// State sync as a pure state machine, built like BlockSync (block_sync.h): a
// node that holds only the genesis fetches a recent snapshot of the group
// state from its peers instead of executing every block since the genesis
// (docs/STATE.md, "Snapshots"; docs/PROTOCOL.md, "State sync"). Inputs are
// connections, the peers' answers (still encoded: their decoding is part of
// what is judged) and ticks, each with the driver's steady clock reading
// `now_ms`; outputs are requests to send, peers to ban, lines for the log
// and, at the end, the verified state's entries. No clock, no randomness, no
// I/O.
//
// What it trusts: the header it starts from (the genesis, or a checkpoint an
// invitation carries) and nothing else. With a checkpoint, the first header
// it follows is the one at the checkpoint's height, which must hash to the
// checkpoint's block hash (state::trust_checkpoint): a peer whose chain does
// not lead through it is banned, and only snapshots above it are fetched.
// In order:
//   1. discover: every peer is asked for its newest snapshot; the answers
//      that come within discovery_ms of the first are the offers;
//   2. verify: the best offer (the highest; of those, the one most peers
//      offer) is followed from the trusted header through the blocks where
//      the validators changed, each signed by more than 2/3 of the set before
//      it (state/verified_headers.h), to the snapshot's own header; its
//      manifest must fold up to that header's state root. A peer whose offer
//      fails is banned and the next offer is tried;
//   3. chunks: asked of every peer that offered the same snapshot (the same
//      header and manifest), at most requests_per_peer_max at a time each,
//      and checked one by one as they arrive. A peer that sends a chunk that
//      does not check is banned (it offered this manifest, so a chunk that
//      cannot satisfy it is its fault either way); a request unanswered for
//      request_timeout_ms goes to another peer;
//   4. done: the entries of every table, the header steps the snapshot was
//      verified through, and its own step. The driver rebuilds the state and
//      stores it (Store::write_synced_state), then syncs the blocks after it.
// Nothing is stored before the end: a node killed mid-sync starts over, and
// never holds an entry it did not check.
//
// Every container is bounded: peers (peers_max), offers (one per peer),
// requests in flight (requests_per_peer_max per peer), the chunks of one
// manifest (state::kSnapshotManifestChunksMax).

#include "state/state_snapshot.h"
#include "state/verified_headers.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace chain::consensus {

inline constexpr std::int64_t kStateSyncDiscoveryMs = 1'500;
inline constexpr std::int64_t kStateSyncRequestTimeoutMs = 10'000;
// No offer at all this long after starting: sync the blocks instead.
inline constexpr std::int64_t kStateSyncGiveUpMs = 30'000;
inline constexpr std::uint32_t kStateSyncRequestsPerPeerMax = 4;
inline constexpr std::size_t kStateSyncPeersMax = 256;
// Header-chain answers followed for one offer at most.
inline constexpr std::uint32_t kStateSyncHeaderRoundsMax = 64;
// Steps in a full header-chain answer (net::kHeaderStepsPerResponseMax, which
// this library cannot see; network_node.cpp checks they agree): a full one
// means there may be more.
inline constexpr std::size_t kStateSyncHeaderStepsPerAnswer = 64;

struct StateSyncConfig {
    state::TrustedHeader trusted; // the genesis's
    // An invitation's checkpoint: trusted instead of `trusted` once a peer
    // shows the header that hashes to it, with the validators proven at its
    // root.
    std::optional<state::HeaderCheckpoint> checkpoint;
    Hash256 group_id{};
    // A snapshot is only worth fetching above this height (the node's own).
    std::uint64_t own_height = 0;
    std::int64_t discovery_ms = kStateSyncDiscoveryMs;
    std::int64_t request_timeout_ms = kStateSyncRequestTimeoutMs;
    std::int64_t give_up_ms = kStateSyncGiveUpMs;
    std::uint32_t requests_per_peer_max = kStateSyncRequestsPerPeerMax;
    std::size_t peers_max = kStateSyncPeersMax;
};

using StateSyncPeer = std::string;

struct StateSyncRequest {
    enum class Kind : std::uint8_t { Snapshot, HeaderChain, Chunk };
    Kind kind = Kind::Snapshot;
    StateSyncPeer peer;
    std::uint64_t height = 0; // HeaderChain: the trusted height; Chunk: the snapshot's
    std::uint32_t index = 0;  // Chunk: the manifest line
    bool operator==(const StateSyncRequest&) const = default;
};

struct StateSyncResult {
    std::vector<state::HeaderStep> changes; // verified, before the base, in order
    state::HeaderStep base;                 // the snapshot's header step
    state::Tables tables;                   // every entry, each table in key order
};

struct StateSyncOutput {
    std::vector<StateSyncRequest> requests;
    std::vector<StateSyncPeer> bans;
    std::vector<std::string> log; // one line each, for the node's log
    // Nothing to fetch (no peer offers a snapshot above own_height in time):
    // the driver syncs blocks. Set once.
    bool gave_up = false;
    // Two verified headers of one height differ: stop following the group
    // and tell the member this sentence (state::conflict). Set once.
    std::optional<std::string> conflict;
    // A peer was banned for showing another block at the checkpoint than
    // the one the invitation names (its height).
    std::optional<std::uint64_t> off_checkpoint;
    std::optional<StateSyncResult> done; // set once
};

struct StateSyncProgress {
    enum class Phase : std::uint8_t { Discovering, Verifying, Fetching, Done, GaveUp, Stopped };
    Phase phase = Phase::Discovering;
    std::uint64_t height = 0; // the snapshot's, once chosen
    std::size_t chunks_held = 0;
    std::size_t chunks_total = 0;
};

class StateSync {
public:
    StateSync(StateSyncConfig config, std::int64_t now_ms);

    StateSyncOutput on_peer_connected(const StateSyncPeer& peer, std::int64_t now_ms);
    StateSyncOutput on_peer_disconnected(const StateSyncPeer& peer, std::int64_t now_ms);
    // A SnapshotResponse: height 0 means the peer keeps none.
    StateSyncOutput on_snapshot(const StateSyncPeer& peer, std::uint64_t height, const Bytes& step,
                                const Bytes& manifest, std::int64_t now_ms);
    // A HeaderChainResponse: each step still encoded.
    StateSyncOutput on_header_chain(const StateSyncPeer& peer, std::uint64_t trusted_height,
                                    const std::vector<Bytes>& steps, std::int64_t now_ms);
    // A ChunkResponse: empty when the peer no longer keeps it.
    StateSyncOutput on_chunk(const StateSyncPeer& peer, std::uint64_t height, std::uint32_t index, const Bytes& chunk,
                             std::int64_t now_ms);
    StateSyncOutput on_tick(std::int64_t now_ms);

    StateSyncProgress progress() const;
    bool finished() const;

private:
    struct Offer {
        std::uint64_t height = 0;
        state::HeaderStep step;
        state::SnapshotManifest manifest;
        Hash256 block_hash{};
        Hash256 manifest_hash{};
    };
    struct InFlight {
        StateSyncPeer peer;
        std::int64_t sent_ms = 0;
    };
    using Phase = StateSyncProgress::Phase;

    static bool same_snapshot(const Offer& a, const Offer& b);
    void ask(const StateSyncPeer& peer, StateSyncOutput& out);
    void forget(const StateSyncPeer& peer);
    void ban(const StateSyncPeer& peer, const std::string& why, StateSyncOutput& out);
    void choose(std::int64_t now_ms, StateSyncOutput& out);
    void give_up(const std::string& why, StateSyncOutput& out);
    void ask_headers(std::int64_t now_ms, StateSyncOutput& out);
    std::uint64_t headers_asked_from() const;
    bool anchor_at_checkpoint(const StateSyncPeer& peer, const Bytes& first_step, std::int64_t now_ms,
                              StateSyncOutput& out);
    std::uint64_t lowest_useful_height() const;
    void reject_candidate(std::int64_t now_ms, const std::string& why, StateSyncOutput& out);
    void restart(std::int64_t now_ms, StateSyncOutput& out);
    void verify_offer(std::int64_t now_ms, StateSyncOutput& out);
    void fill(std::int64_t now_ms, StateSyncOutput& out);
    std::size_t in_flight_to(const StateSyncPeer& peer) const;
    void finish(StateSyncOutput& out);

    StateSyncConfig config_;
    std::int64_t give_up_at_ms_ = 0; // no offer by then: sync blocks instead
    Phase phase_ = Phase::Discovering;
    std::set<StateSyncPeer> peers_;
    std::set<StateSyncPeer> asked_;            // for a snapshot, this round
    std::map<StateSyncPeer, Offer> offers_;    // answered with a snapshot
    std::set<StateSyncPeer> answered_;         // answered at all, this round
    // Peers that hold no header of the checkpoint: their offers are not
    // taken again (one of peers_ each, so bounded like it).
    std::set<StateSyncPeer> cannot_reach_checkpoint_;
    std::optional<std::int64_t> first_offer_ms_;
    // Verifying: the candidate's peer, the header it is verified up to and
    // the verified change steps so far.
    StateSyncPeer candidate_;
    state::TrustedHeader trusted_;
    bool anchored_ = false; // trusted_ is the checkpoint's header (always, without a checkpoint)
    std::vector<state::HeaderStep> changes_;
    std::uint32_t header_rounds_ = 0;
    std::int64_t header_asked_ms_ = 0;
    // Fetching.
    std::optional<Offer> chosen_;
    std::vector<StateSyncPeer> sources_;
    std::optional<state::SnapshotAssembly> assembly_;
    std::map<std::uint32_t, InFlight> in_flight_;
};

} // namespace chain::consensus
