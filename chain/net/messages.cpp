#include "net/messages.h"

#include "consensus/messages.h"

namespace chain::net {

// The consensus module's largest message (a proposal with a maximal block and
// a full proof of lock) must fit one Consensus message.
static_assert(consensus::kMessageBytesMax <= kConsensusBytesMax);

namespace {

void encode_body(codec::Writer& w, const StatusMessage& m) {
    w.u64(m.height);
    w.fixed(m.last_block_hash);
    w.boolean(m.validator);
}
void encode_body(codec::Writer& w, const TransactionMessage& m) { w.bytes(m.transaction); }
void encode_body(codec::Writer& w, const ConsensusMessage& m) { w.bytes(m.payload); }
void encode_body(codec::Writer& w, const BlockRequest& m) {
    w.u64(m.from_height);
    w.u32(m.count);
}
void encode_body(codec::Writer& w, const BlockResponse& m) {
    w.u64(m.from_height);
    w.u32(static_cast<std::uint32_t>(m.blocks.size()));
    for (const BlockWithCertificate& entry : m.blocks) {
        w.bytes(entry.block);
        w.bytes(entry.certificate);
    }
}
void encode_body(codec::Writer& w, const Ping& m) { w.u64(m.nonce); }
void encode_body(codec::Writer& w, const Pong& m) { w.u64(m.nonce); }
void encode_body(codec::Writer& w, const GenesisRequest& m) { w.fixed(m.group_id); }
void encode_body(codec::Writer& w, const GenesisResponse& m) { w.bytes(m.genesis); }
// The kind, table and key both proof messages start with.
void encode_proof_subject(codec::Writer& w, ProofKind kind, std::uint16_t table, const Bytes& key) {
    w.u8(static_cast<std::uint8_t>(kind));
    w.u16(table);
    w.bytes(key);
}
void encode_body(codec::Writer& w, const ProofRequest& m) {
    encode_proof_subject(w, m.kind, m.table, m.key);
    w.u64(m.height);
}
void encode_body(codec::Writer& w, const ProofResponse& m) {
    encode_proof_subject(w, m.kind, m.table, m.key);
    w.u64(m.height);
    w.fixed(m.state_root);
    w.bytes(m.proof);
}

void encode_body(codec::Writer& w, const HeaderChainRequest& m) { w.u64(m.trusted_height); }
void encode_body(codec::Writer& w, const HeaderChainResponse& m) {
    w.u64(m.trusted_height);
    w.u32(static_cast<std::uint32_t>(m.steps.size()));
    for (const Bytes& step : m.steps) w.bytes(step);
}

void encode_body(codec::Writer&, const SnapshotRequest&) {}
void encode_body(codec::Writer& w, const SnapshotResponse& m) {
    w.u64(m.height);
    w.bytes(m.step);
    w.bytes(m.manifest);
}
void encode_body(codec::Writer& w, const ChunkRequest& m) {
    w.u64(m.height);
    w.u32(m.index);
}
void encode_body(codec::Writer& w, const ChunkResponse& m) {
    w.u64(m.height);
    w.u32(m.index);
    w.bytes(m.chunk);
}

SnapshotResponse decode_snapshot_response(codec::Reader& r) {
    SnapshotResponse m;
    m.height = r.u64();
    m.step = r.bytes(kHeaderStepBytesMax);
    m.manifest = r.bytes(kProofBytesMax);
    // No snapshot is said one way only.
    if (m.height == 0 && (!m.step.empty() || !m.manifest.empty())) r.fail();
    return m;
}

ChunkResponse decode_chunk_response(codec::Reader& r) {
    ChunkResponse m;
    m.height = r.u64();
    m.index = r.u32();
    m.chunk = r.bytes(kProofBytesMax);
    return m;
}

HeaderChainResponse decode_header_chain_response(codec::Reader& r) {
    HeaderChainResponse m;
    m.trusted_height = r.u64();
    const std::uint32_t count = r.count(kHeaderStepsPerResponseMax);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) m.steps.push_back(r.bytes(kHeaderStepBytesMax));
    return m;
}

// Decodes encode_proof_subject's fields. A table proof names no key; an
// entry proof names one.
void decode_proof_subject(codec::Reader& r, ProofKind& kind, std::uint16_t& table, Bytes& key) {
    const std::uint8_t raw_kind = r.u8();
    table = r.u16();
    key = r.bytes(kProofKeyBytesMax);
    kind = static_cast<ProofKind>(raw_kind);
    const bool entry = raw_kind == static_cast<std::uint8_t>(ProofKind::Entry);
    const bool whole_table = raw_kind == static_cast<std::uint8_t>(ProofKind::Table);
    if ((!entry && !whole_table) || (entry && key.empty()) || (whole_table && !key.empty())) r.fail();
}

ProofRequest decode_proof_request(codec::Reader& r) {
    ProofRequest m;
    decode_proof_subject(r, m.kind, m.table, m.key);
    m.height = r.u64();
    return m;
}

ProofResponse decode_proof_response(codec::Reader& r) {
    ProofResponse m;
    decode_proof_subject(r, m.kind, m.table, m.key);
    m.height = r.u64();
    m.state_root = r.fixed<std::tuple_size_v<Hash256>>();
    m.proof = r.bytes(kProofBytesMax);
    return m;
}

StatusMessage decode_status(codec::Reader& r) {
    StatusMessage m;
    m.height = r.u64();
    m.last_block_hash = r.fixed<std::tuple_size_v<Hash256>>();
    m.validator = r.boolean();
    return m;
}

BlockRequest decode_block_request(codec::Reader& r) {
    BlockRequest m;
    m.from_height = r.u64();
    m.count = r.u32();
    // An empty request asks for nothing; refusing it keeps one meaning per
    // encoding and spares a pointless reply.
    if (m.count == 0 || m.count > kBlocksPerRequestMax) r.fail();
    return m;
}

BlockResponse decode_block_response(codec::Reader& r) {
    BlockResponse m;
    m.from_height = r.u64();
    const std::uint32_t count = r.count(kBlocksPerRequestMax);
    m.blocks.reserve(count);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        BlockWithCertificate entry;
        entry.block = r.bytes(kBlockBytesMax);
        entry.certificate = r.bytes(kCertificateBytesMax);
        m.blocks.push_back(std::move(entry));
    }
    return m;
}

std::optional<Message> decode_body(MessageType type, codec::Reader& r) {
    switch (type) {
    case MessageType::Status: return decode_status(r);
    case MessageType::Transaction: return TransactionMessage{r.bytes(kTransactionBytesMax)};
    case MessageType::Consensus: return ConsensusMessage{r.bytes(kConsensusBytesMax)};
    case MessageType::BlockRequest: return decode_block_request(r);
    case MessageType::BlockResponse: return decode_block_response(r);
    case MessageType::Ping: return Ping{r.u64()};
    case MessageType::Pong: return Pong{r.u64()};
    case MessageType::GenesisRequest: return GenesisRequest{r.fixed<std::tuple_size_v<Hash256>>()};
    case MessageType::GenesisResponse: return GenesisResponse{r.bytes(kGenesisBytesMax)};
    case MessageType::ProofRequest: return decode_proof_request(r);
    case MessageType::ProofResponse: return decode_proof_response(r);
    case MessageType::HeaderChainRequest: return HeaderChainRequest{r.u64()};
    case MessageType::HeaderChainResponse: return decode_header_chain_response(r);
    case MessageType::SnapshotRequest: return SnapshotRequest{};
    case MessageType::SnapshotResponse: return decode_snapshot_response(r);
    case MessageType::ChunkRequest: {
        const std::uint64_t height = r.u64();
        return ChunkRequest{height, r.u32()};
    }
    case MessageType::ChunkResponse: return decode_chunk_response(r);
    }
    return std::nullopt;
}

} // namespace

MessageType message_type(const Message& message) {
    // The variant's alternatives are in tag order, starting at 1.
    return static_cast<MessageType>(message.index() + 1);
}
static_assert(std::variant_size_v<Message> == kMessageTypeLast);

std::string_view message_type_name(MessageType type) {
    switch (type) {
    case MessageType::Status: return "status";
    case MessageType::Transaction: return "transaction";
    case MessageType::Consensus: return "consensus";
    case MessageType::BlockRequest: return "block_request";
    case MessageType::BlockResponse: return "block_response";
    case MessageType::Ping: return "ping";
    case MessageType::Pong: return "pong";
    case MessageType::GenesisRequest: return "genesis_request";
    case MessageType::GenesisResponse: return "genesis_response";
    case MessageType::ProofRequest: return "proof_request";
    case MessageType::ProofResponse: return "proof_response";
    case MessageType::HeaderChainRequest: return "header_chain_request";
    case MessageType::HeaderChainResponse: return "header_chain_response";
    case MessageType::SnapshotRequest: return "snapshot_request";
    case MessageType::SnapshotResponse: return "snapshot_response";
    case MessageType::ChunkRequest: return "chunk_request";
    case MessageType::ChunkResponse: return "chunk_response";
    }
    return "unknown";
}

Bytes encode_message(const Message& message) {
    codec::Writer w;
    w.u8(static_cast<std::uint8_t>(message_type(message)));
    std::visit([&w](const auto& m) { encode_body(w, m); }, message);
    return w.take();
}

std::optional<Message> decode_message(ByteView bytes) try {
    if (bytes.empty() || bytes.size() > kMessageBytesMax) return std::nullopt;
    codec::Reader r(bytes);
    const std::uint8_t tag = r.u8();
    if (tag < static_cast<std::uint8_t>(MessageType::Status) || tag > kMessageTypeLast) return std::nullopt;
    std::optional<Message> message = decode_body(static_cast<MessageType>(tag), r);
    if (!message || !r.finished()) return std::nullopt;
    return message;
} catch (...) {
    // Only allocation can throw here; hostile input must not take the node down.
    return std::nullopt;
}

std::size_t block_response_entry_bytes(const BlockWithCertificate& entry) {
    return 4 + entry.block.size() + 4 + entry.certificate.size();
}

} // namespace chain::net
