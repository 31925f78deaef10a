#pragma once
// The messages peers exchange inside frames.
//
// Each frame carries one message: a u8 type tag followed by the fields in the
// canonical codec (big-endian integers, u32 length prefixes). Decoding checks
// every length and count against a named maximum, rejects unknown tags and
// trailing bytes, and never throws. Transactions, blocks, certificates and
// consensus messages travel as opaque bytes here: their owners decode them.

#include "codec/codec.h"
#include "crypto/crypto.h"
#include "ledger/ledger.h"
#include "net/frame.h"

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

namespace chain::net {

// A sync request asks for a bounded run of blocks, so that one request
// cannot make a peer assemble an unbounded reply.
inline constexpr std::uint32_t kBlocksPerRequestMax = 64;
// A proposal may carry a whole block plus the consensus module's envelope.
inline constexpr std::size_t kConsensusBytesMax = kBlockBytesMax + kCertificateBytesMax;
static_assert(kConsensusBytesMax + kMessageHeaderBytesMax <= kMessageBytesMax);
static_assert(kTransactionBytesMax + kMessageHeaderBytesMax <= kMessageBytesMax);
// A genesis holds the founder's sealed profile and key ring and at most
// kValidatorsMax keys; this is far above what that needs (and equals the
// genesis file's limit, node/node_files.h).
inline constexpr std::size_t kGenesisBytesMax = 1024 * 1024;
static_assert(kGenesisBytesMax + kMessageHeaderBytesMax <= kMessageBytesMax);

enum class MessageType : std::uint8_t {
    Status = 1,
    Transaction = 2,
    Consensus = 3,
    BlockRequest = 4,
    BlockResponse = 5,
    Ping = 6,
    Pong = 7,
    GenesisRequest = 8,
    GenesisResponse = 9,
    ProofRequest = 10,
    ProofResponse = 11,
    HeaderChainRequest = 12,
    HeaderChainResponse = 13,
    SnapshotRequest = 14,
    SnapshotResponse = 15,
    ChunkRequest = 16,
    ChunkResponse = 17,
};
// The highest tag: decoding refuses any above it (enumerators_span
// fails to compile when an enumerator is added and this does not move).
inline constexpr std::uint8_t kMessageTypeLast = static_cast<std::uint8_t>(MessageType::ChunkResponse);
constexpr bool is_enumerator(MessageType type) {
    switch (type) {
    case MessageType::Status:
    case MessageType::Transaction:
    case MessageType::Consensus:
    case MessageType::BlockRequest:
    case MessageType::BlockResponse:
    case MessageType::Ping:
    case MessageType::Pong:
    case MessageType::GenesisRequest:
    case MessageType::GenesisResponse:
    case MessageType::ProofRequest:
    case MessageType::ProofResponse:
    case MessageType::HeaderChainRequest:
    case MessageType::HeaderChainResponse:
    case MessageType::SnapshotRequest:
    case MessageType::SnapshotResponse:
    case MessageType::ChunkRequest:
    case MessageType::ChunkResponse: return true;
    }
    return false;
}
static_assert(enumerators_span<MessageType>(1, kMessageTypeLast));

// Sent after the handshake and whenever the tip moves, so peers know whom
// to ask for blocks.
struct StatusMessage {
    std::uint64_t height = 0;
    Hash256 last_block_hash{};
    bool validator = false;
    bool operator==(const StatusMessage&) const = default;
};

struct TransactionMessage {
    Bytes transaction; // ledger encoding, at most kTransactionBytesMax
    bool operator==(const TransactionMessage&) const = default;
};

struct ConsensusMessage {
    Bytes payload; // the consensus module's encoding, at most kConsensusBytesMax
    bool operator==(const ConsensusMessage&) const = default;
};

struct BlockRequest {
    std::uint64_t from_height = 0;
    std::uint32_t count = 0; // 1..kBlocksPerRequestMax
    bool operator==(const BlockRequest&) const = default;
};

struct BlockWithCertificate {
    Bytes block;       // at most kBlockBytesMax
    Bytes certificate; // at most kCertificateBytesMax
    bool operator==(const BlockWithCertificate&) const = default;
};

// Consecutive blocks starting at from_height; fewer than requested (even
// none) when the responder has fewer or they would not fit one message.
struct BlockResponse {
    std::uint64_t from_height = 0;
    std::vector<BlockWithCertificate> blocks; // at most kBlocksPerRequestMax
    bool operator==(const BlockResponse&) const = default;
};

struct Ping {
    std::uint64_t nonce = 0;
    bool operator==(const Ping&) const = default;
};

struct Pong {
    std::uint64_t nonce = 0; // the nonce of the Ping it answers
    bool operator==(const Pong&) const = default;
};

// A node that was invited to a group knows only its id: it asks a peer for
// the genesis, and checks that the genesis hashes to that id before using it.
struct GenesisRequest {
    Hash256 group_id{}; // the group the asker was invited to
    bool operator==(const GenesisRequest&) const = default;
};

// The responder's genesis (ledger encoding), or empty when it belongs to
// another group than the one asked for.
struct GenesisResponse {
    Bytes genesis; // at most kGenesisBytesMax
    bool operator==(const GenesisResponse&) const = default;
};

// Proofs of the responder's state (docs/STATE.md, "Proofs of the state"): of
// one entry, or of a whole table, at its tip or at a snapshot's height.
enum class ProofKind : std::uint8_t { Entry = 1, Table = 2 };
// A key is at most this long (the longest key of any table is 33 bytes).
inline constexpr std::size_t kProofKeyBytesMax = 64;
// What a proof may take of one message: everything but the fields around it.
inline constexpr std::size_t kProofBytesMax = kMessageBytesMax - kMessageHeaderBytesMax;

struct ProofRequest {
    ProofKind kind = ProofKind::Entry;
    std::uint16_t table = 0; // a table id of docs/STATE.md
    Bytes key;               // Entry: the key, 1..kProofKeyBytesMax bytes; Table: empty
    // The block whose state is to be proved: the responder's tip or one of
    // the snapshots it keeps; 0 for its tip, whatever its height.
    std::uint64_t height = 0;
    bool operator==(const ProofRequest&) const = default;
};

// The request's kind, table and key again (so the asker matches it), the
// height and the state root of the header the proof is against, and the
// proof's encoding (state::StateProof or state::TableProof): empty when the
// responder cannot prove it (a group at protocol version 1, a key of the
// wrong length, a height it holds no state of, a table too large for one
// message).
struct ProofResponse {
    ProofKind kind = ProofKind::Entry;
    std::uint16_t table = 0;
    Bytes key;
    std::uint64_t height = 0;
    Hash256 state_root{};
    Bytes proof; // at most kProofBytesMax
    bool operator==(const ProofResponse&) const = default;
};

// The headers a client that trusts block `trusted_height` follows to the
// responder's tip (docs/STATE.md, "Verified headers").
inline constexpr std::uint32_t kHeaderStepsPerResponseMax = 64;
// A step is a header, a certificate and the validators' proof: far below this.
inline constexpr std::size_t kHeaderStepBytesMax = 256 * 1024;
static_assert(kHeaderStepsPerResponseMax * (kHeaderStepBytesMax + 4) + kMessageHeaderBytesMax <= kMessageBytesMax);

struct HeaderChainRequest {
    std::uint64_t trusted_height = 0;
    bool operator==(const HeaderChainRequest&) const = default;
};

// The request's height again, and the steps (each a state::HeaderStep's
// encoding), oldest first: the blocks after it where the validators changed,
// then the tip; fewer than all when there are more than
// kHeaderStepsPerResponseMax (ask again from the last one), none when the
// responder cannot prove them.
struct HeaderChainResponse {
    std::uint64_t trusted_height = 0;
    std::vector<Bytes> steps;
    bool operator==(const HeaderChainResponse&) const = default;
};

// State sync (docs/STATE.md, "Snapshots"): the newest snapshot of its state
// the responder keeps, then its chunks one by one.
struct SnapshotRequest {
    bool operator==(const SnapshotRequest&) const = default;
};

// The snapshot's height (0: the responder keeps none), the header step of
// that height (a state::HeaderStep's encoding: the header, its certificate
// and the validators' proof at its root, which a client verifies from the
// header it trusts) and the manifest (a state::SnapshotManifest's encoding).
struct SnapshotResponse {
    std::uint64_t height = 0;
    Bytes step;     // at most kHeaderStepBytesMax
    Bytes manifest; // at most kProofBytesMax
    bool operator==(const SnapshotResponse&) const = default;
};

struct ChunkRequest {
    std::uint64_t height = 0;
    std::uint32_t index = 0; // a line of that snapshot's manifest
    bool operator==(const ChunkRequest&) const = default;
};

// The request's height and index again, and the chunk (a
// state::SnapshotChunk's encoding): empty when the responder no longer keeps
// that snapshot or its manifest has no such line.
struct ChunkResponse {
    std::uint64_t height = 0;
    std::uint32_t index = 0;
    Bytes chunk; // at most kProofBytesMax
    bool operator==(const ChunkResponse&) const = default;
};

using Message = std::variant<StatusMessage, TransactionMessage, ConsensusMessage, BlockRequest,
                             BlockResponse, Ping, Pong, GenesisRequest, GenesisResponse, ProofRequest, ProofResponse,
                             HeaderChainRequest, HeaderChainResponse, SnapshotRequest, SnapshotResponse, ChunkRequest,
                             ChunkResponse>;

MessageType message_type(const Message& message);
std::string_view message_type_name(MessageType type);

// The encoding may exceed kMessageBytesMax (a BlockResponse with too many
// blocks); such a message cannot be sent and decode would refuse it.
Bytes encode_message(const Message& message);
// nullopt for anything that is not exactly one valid message.
std::optional<Message> decode_message(ByteView bytes);

// Bytes one entry adds to an encoded BlockResponse, so a responder can stop
// adding blocks before the message outgrows kMessageBytesMax.
std::size_t block_response_entry_bytes(const BlockWithCertificate& entry);
// Bytes of a BlockResponse with no entries.
inline constexpr std::size_t kBlockResponseEmptyBytes = 1 + 8 + 4;

} // namespace chain::net
