#include "node/snapshot_server.h"

#include "codec/codec.h"
#include "ledger/ledger.h"

#include <algorithm>

namespace chain {

SnapshotServer::SnapshotServer(std::uint64_t interval_blocks) : interval_blocks_(std::max<std::uint64_t>(1, interval_blocks)) {}

void SnapshotServer::pin(State state, state::HeaderStep step) {
    if (state.protocol_version < kProtocolVersionStateTables) return;
    if (!pinned_.empty() && pinned_.back().step.header.height >= step.header.height) return;
    pinned_.push_back(Pinned{std::move(state), std::move(step), nullptr});
    while (pinned_.size() > kSnapshotsKept) pinned_.pop_front();
}

std::optional<std::uint64_t> SnapshotServer::newest_height() const {
    if (pinned_.empty()) return std::nullopt;
    return pinned_.back().step.header.height;
}

const SnapshotServer::Served& SnapshotServer::served(Pinned& pinned) {
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
    net::ChunkResponse response{request.height, request.index, {}};
    const auto it = std::find_if(pinned_.begin(), pinned_.end(),
                                 [&](const Pinned& p) { return p.step.header.height == request.height; });
    if (it == pinned_.end()) return response;
    const Served& data = served(*it);
    state::SnapshotChunk chunk{request.height, request.index, state::chunk_entries(data.tables, data.manifest, request.index)};
    if (chunk.entries.empty()) return response;
    Bytes bytes = codec::to_bytes(chunk);
    // One entry larger than a message (an electorate of a million members)
    // cannot be served; the client then syncs from blocks instead.
    if (bytes.size() <= net::kProofBytesMax) response.chunk = std::move(bytes);
    return response;
}

} // namespace chain
