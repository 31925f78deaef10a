#pragma once
// The snapshots of its state a node serves to nodes that join by state sync
// (docs/STATE.md, "Snapshots"; the messages are in docs/NETWORK.md).
//
// A snapshot is the state after a block whose height is a multiple of the
// interval (rateio-node's [storage] state_snapshot_blocks), plus the state
// the node started at. Pinning one costs nothing: the state's maps are
// copy-on-write, so the copy shares every entry with the live state and
// holds only what later blocks changed. The last kSnapshotsKept are kept.
// Its manifest and encoded entries are built the first time a peer asks
// (every entry encoded and hashed once), and dropped with the snapshot.
//
// Not thread-safe: the node's thread owns it.

#include "net/messages.h"
#include "rules/state.h"
#include "state/state_snapshot.h"
#include "state/verified_headers.h"

#include <deque>
#include <memory>
#include <optional>

namespace chain {

class SnapshotServer {
public:
    // The newest two, as docs/STATE.md promises: a client that fetched the
    // manifest just before a new snapshot still finds its chunks.
    static constexpr std::size_t kSnapshotsKept = 2;

    // A snapshot every `interval_blocks` blocks (at least 1).
    explicit SnapshotServer(std::uint64_t interval_blocks);

    std::uint64_t interval_blocks() const { return interval_blocks_; }
    // Whether a multiple of the interval lies in (after, up_to]: a commit of
    // the blocks after `after` up to `up_to` reaches a snapshot's height.
    bool due_between(std::uint64_t after, std::uint64_t up_to) const {
        return up_to / interval_blocks_ != after / interval_blocks_;
    }
    // Keeps the state after `step.header`'s block, with the step a client
    // verifies it through (its header, certificate and validators' proof).
    // A state of protocol version 1 has no entries to serve and is not kept.
    void pin(State state, state::HeaderStep step);

    std::optional<std::uint64_t> newest_height() const;
    // The newest snapshot's height, step and manifest; height 0 when none.
    net::SnapshotResponse snapshot_response();
    // The chunk `index` of the snapshot of `height`; empty when not kept.
    net::ChunkResponse chunk_response(const net::ChunkRequest& request);

private:
    struct Served {
        state::Tables tables;
        state::SnapshotManifest manifest;
        Bytes manifest_bytes;
    };
    struct Pinned {
        State state;
        state::HeaderStep step;
        std::shared_ptr<const Served> served; // built on the first request
    };
    const Served& served(Pinned& pinned);

    std::uint64_t interval_blocks_;
    std::deque<Pinned> pinned_; // oldest first
};

} // namespace chain
