#include "node/snapshot_server.h"

#include "codec/codec.h"
#include "ledger/ledger.h"
#include "state/state_diff.h"

#include <algorithm>

namespace chain {

SnapshotServer::SnapshotServer(std::uint64_t interval_blocks) : interval_blocks_(std::max<std::uint64_t>(1, interval_blocks)) {}

void SnapshotServer::pin(State state, state::HeaderStep step) {
    const std::lock_guard lock(mutex_);
    if (state.protocol_version < kProtocolVersionStateTables) return;
    if (!pinned_.empty() && pinned_.back().step.header.height >= step.header.height) return;
    pinned_.push_back(Pinned{std::move(state), std::move(step), nullptr});
    while (pinned_.size() > kSnapshotsKept) pinned_.pop_front();
}

std::optional<std::uint64_t> SnapshotServer::newest_height() const {
    const std::lock_guard lock(mutex_);
    if (pinned_.empty()) return std::nullopt;
    return pinned_.back().step.header.height;
}

std::vector<std::uint64_t> SnapshotServer::heights() const {
    const std::lock_guard lock(mutex_);
    std::vector<std::uint64_t> heights;
    for (const Pinned& pinned : pinned_) heights.push_back(pinned.step.header.height);
    return heights;
}

const SnapshotServer::Pinned* SnapshotServer::pinned_at(std::uint64_t height) const {
    const auto it =
        std::find_if(pinned_.begin(), pinned_.end(), [&](const Pinned& p) { return p.step.header.height == height; });
    return it == pinned_.end() ? nullptr : &*it;
}

const SnapshotServer::Served& SnapshotServer::served(const Pinned& pinned) const {
    if (!pinned.served) {
        auto built = std::make_shared<Served>();
        built->tables = state::state_tables(pinned.state);
        built->manifest = state::make_manifest(built->tables, pinned.step.header.height);
        built->manifest_bytes = codec::to_bytes(built->manifest);
        pinned.served = std::move(built);
    }
    return *pinned.served;
}

net::SnapshotResponse SnapshotServer::snapshot_response() {
    const std::lock_guard lock(mutex_);
    net::SnapshotResponse response;
    if (pinned_.empty()) return response;
    Pinned& newest = pinned_.back();
    const Served& data = served(newest);
    Bytes step = codec::to_bytes(newest.step);
    // Too large for one message (a validator set far beyond kValidatorsMax,
    // a manifest of a state beyond the chunk bound): nothing is offered.
    if (step.size() > net::kHeaderStepBytesMax || data.manifest_bytes.size() > net::kProofBytesMax) return response;
    response.height = newest.step.header.height;
    response.step = std::move(step);
    response.manifest = data.manifest_bytes;
    return response;
}

net::ChunkResponse SnapshotServer::chunk_response(const net::ChunkRequest& request) {
    const std::lock_guard lock(mutex_);
    net::ChunkResponse response{request.height, request.index, {}};
    const Pinned* pinned = pinned_at(request.height);
    if (!pinned) return response;
    const Served& data = served(*pinned);
    state::SnapshotChunk chunk{request.height, request.index, state::chunk_entries(data.tables, data.manifest, request.index)};
    if (chunk.entries.empty()) return response;
    Bytes bytes = codec::to_bytes(chunk);
    // One entry larger than a message (an electorate of a million members)
    // cannot be served; the client then syncs from blocks instead.
    if (bytes.size() <= net::kProofBytesMax) response.chunk = std::move(bytes);
    return response;
}

// The value comes from the snapshot's encoded entries (sorted by key), the
// path from the tries its state carries as its root cache: pinning copied
// the live state's, which were those of this very state.
std::optional<StateProofAnswer> SnapshotServer::entry_proof(std::uint64_t height, state::TableId table,
                                                            ByteView key) const {
    const std::lock_guard lock(mutex_);
    const Pinned* pinned = pinned_at(height);
    if (!pinned) return std::nullopt;
    const std::vector<state::Entry>& entries = served(*pinned).tables[state::table_index(table)];
    const Bytes wanted(key.begin(), key.end());
    const auto it = std::lower_bound(entries.begin(), entries.end(), wanted,
                                     [](const state::Entry& entry, const Bytes& k) { return entry.key < k; });
    std::optional<Bytes> value;
    if (it != entries.end() && it->key == wanted) value = it->value;
    return StateProofAnswer{height, pinned->step.header.state_root,
                            state::state_entry_proof(pinned->state, table, key, std::move(value))};
}

std::optional<TableProofAnswer> SnapshotServer::table_proof(std::uint64_t height, state::TableId table) const {
    const std::lock_guard lock(mutex_);
    const Pinned* pinned = pinned_at(height);
    if (!pinned) return std::nullopt;
    std::vector<state::Entry> entries = served(*pinned).tables[state::table_index(table)];
    return TableProofAnswer{height, pinned->step.header.state_root,
                            state::state_table_proof(pinned->state, table, std::move(entries))};
}

} // namespace chain
