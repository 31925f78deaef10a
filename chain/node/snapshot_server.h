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
// for its chunks or for a proof at its height (every entry encoded and
// hashed once), and dropped with the snapshot.
//
// Thread-safe: the node's thread pins and serves, and a proof may be asked
// for from the thread of whoever holds the Node (node/node.h).

#include "net/messages.h"
#include "node/node.h"
#include "rules/state.h"
#include "state/state_snapshot.h"
#include "state/verified_headers.h"

#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

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
    // The heights of the snapshots kept, oldest first.
    std::vector<std::uint64_t> heights() const;
    // The newest snapshot's height, step and manifest; height 0 when none.
    net::SnapshotResponse snapshot_response();
    // The chunk `index` of the snapshot of `height`; empty when not kept.
    net::ChunkResponse chunk_response(const net::ChunkRequest& request);

    // Proofs of the state kept at `height` (docs/STATE.md, "Proofs of the
    // state"), against the state root in that block's header; nullopt when
    // no snapshot of that height is kept. The key must have its table's
    // length (the caller checks it).
    std::optional<StateProofAnswer> entry_proof(std::uint64_t height, state::TableId table, ByteView key) const;
    std::optional<TableProofAnswer> table_proof(std::uint64_t height, state::TableId table) const;

private:
    struct Served {
        state::Tables tables;
        state::SnapshotManifest manifest;
        Bytes manifest_bytes;
    };
    struct Pinned {
        State state;
        state::HeaderStep step;
        // Built on the first request, under the mutex.
        mutable std::shared_ptr<const Served> served;
    };
    const Served& served(const Pinned& pinned) const;
    const Pinned* pinned_at(std::uint64_t height) const;

    std::uint64_t interval_blocks_;
    mutable std::mutex mutex_;
    std::deque<Pinned> pinned_; // oldest first
};

} // namespace chain
