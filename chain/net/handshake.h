#pragma once
// The station-to-station handshake that opens every peer connection.
//
// Both sides act alike (no initiator or responder role):
//   1. Each sends a hello: magic "RTIO", u16 protocol version, and a fresh
//      ephemeral P-256 public key (compressed, 33 bytes).
//   2. Each computes ECDH(own ephemeral, peer ephemeral) and HKDF-SHA-256
//      with salt = the two ephemeral keys in ascending byte order, giving one
//      AES-256-GCM key per direction and a 32-byte challenge.
//   3. Each sends, as frame 0 of its direction, its static node key, the
//      group id, and a signature by the node key over a tagged digest of the
//      transcript (version, both ephemeral keys, challenge, the signer's own
//      ephemeral key, group id, node key).
//   4. Each opens the peer's frame 0, verifies the signature, checks that the
//      group id is its own and asks a callback whether the node key may
//      connect.
// Fresh ephemeral keys make every challenge new, so a recorded handshake
// replayed against a node fails: its frame 0 does not even open.
// docs/NETWORK.md has the byte-by-byte description.

#include "codec/codec.h"
#include "crypto/crypto.h"
#include "net/frame.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace chain::net {

inline constexpr std::uint16_t kProtocolVersion = 1;
inline constexpr std::array<std::uint8_t, 4> kHelloMagic = {'R', 'T', 'I', 'O'};
inline constexpr std::size_t kHelloBytes = kHelloMagic.size() + 2 + std::tuple_size_v<PublicKey>;
// Node key, group id, signature.
inline constexpr std::size_t kAuthPlaintextBytes =
    std::tuple_size_v<PublicKey> + std::tuple_size_v<Hash256> + std::tuple_size_v<Signature>;
inline constexpr std::size_t kAuthFrameBytes = kAuthPlaintextBytes + kTagBytes;

// Domain tags: the HKDF info strings and the signature digest's tag. Each
// names the protocol version, so keys of two versions never coincide.
inline constexpr std::string_view kInfoKeyLowToHigh = "rateio/net/v1/key/low-to-high";
inline constexpr std::string_view kInfoKeyHighToLow = "rateio/net/v1/key/high-to-low";
inline constexpr std::string_view kInfoChallenge = "rateio/net/v1/challenge";
inline constexpr std::string_view kAuthDomain = "rateio/net/v1/auth";
static_assert(kProtocolVersion == 1, "a new version needs new domain tags");

enum class HandshakeError : std::uint8_t {
    None,
    BadHello,        // wrong magic or length
    WrongVersion,    // a peer speaking another protocol version
    BadEphemeralKey, // not a point on P-256
    ReflectedKey,    // our own ephemeral key sent back to us
    BadAuthFrame,    // frame 0 does not open or has the wrong size
    BadSignature,
    WrongGroup,
    PeerNotAllowed, // the callback refused this node key
    SelfConnection, // the peer has our own node key
    OutOfOrder,     // auth before hello, or after the end
};

// Stable English text for logs and signals ("wrong group", ...).
std::string_view handshake_error_text(HandshakeError error);

// Decides whether a node key may connect (validators, known peers...).
// An empty function allows every key.
using PeerFilter = std::function<bool(const PublicKey& node_key)>;

struct Hello {
    std::uint16_t version = kProtocolVersion;
    PublicKey ephemeral_key{};
};
Bytes encode_hello(const Hello& hello);
// Only the layout is checked here (magic and length); the caller checks the
// version so that it can report it as such.
std::optional<Hello> decode_hello(ByteView bytes);

struct AuthPayload {
    PublicKey node_key{};
    Hash256 group_id{};
    Signature signature{};
};
Bytes encode_auth(const AuthPayload& auth);
std::optional<AuthPayload> decode_auth(ByteView bytes);

struct SessionKeys {
    SymmetricKey send_key{};
    SymmetricKey receive_key{};
    Hash256 challenge{};
};
// Pure key schedule from the ECDH output and the two ephemeral keys. The
// side whose ephemeral key sorts lower sends with the low-to-high key.
SessionKeys derive_session_keys(const SymmetricKey& shared_secret, const PublicKey& own_ephemeral,
                                const PublicKey& peer_ephemeral);

// What a node signs: binding its ephemeral key stops a peer from reflecting
// our own frame 0 back to us as if it were theirs.
Hash256 auth_digest(const PublicKey& signer_ephemeral, const PublicKey& other_ephemeral,
                    const Hash256& challenge, const Hash256& group_id, const PublicKey& node_key);

// The state after a successful handshake: the authenticated peer and the
// two frame directions, with frame 0 already spent on the handshake.
struct Session {
    PublicKey peer_key{};
    FrameSealer sealer;
    FrameOpener opener;
};

class Handshake {
public:
    // Generates a fresh ephemeral key; the node key signs the transcript.
    Handshake(const crypto::KeyPair& node_key, const Hash256& group_id);
    // With a given ephemeral key, for tests that need a fixed transcript.
    Handshake(const crypto::KeyPair& node_key, const Hash256& group_id,
              const crypto::KeyPair& ephemeral_key);

    // Message 1, sent as soon as the TCP connection is up.
    const Bytes& hello() const { return hello_; }

    struct HelloResult {
        HandshakeError error = HandshakeError::None;
        // Message 2 on success: a whole frame (length prefix included).
        Bytes auth_frame;
    };
    // The peer's hello (exactly kHelloBytes).
    HelloResult on_peer_hello(ByteView peer_hello);

    // The body of the peer's frame 0 (after its length prefix).
    HandshakeError on_peer_auth(ByteView auth_body, const PeerFilter& allowed = {});

    // The session, once on_peer_auth succeeded; empty otherwise. It can be
    // taken once.
    std::optional<Session> take_session();
    // The peer's node key once its signature verified, even if the peer was
    // then refused (wrong group, not allowed): a ban can name the key.
    const std::optional<PublicKey>& proven_peer_key() const { return proven_peer_key_; }

private:
    enum class Step : std::uint8_t { AwaitHello, AwaitAuth, Done, Failed };

    HandshakeError fail(HandshakeError error);

    Step step_ = Step::AwaitHello;
    crypto::KeyPair node_key_;
    Hash256 group_id_{};
    crypto::KeyPair ephemeral_key_;
    Bytes hello_;
    PublicKey peer_ephemeral_{};
    std::optional<SessionKeys> keys_;
    std::optional<FrameSealer> sealer_;
    std::optional<FrameOpener> opener_;
    std::optional<PublicKey> proven_peer_key_;
};

} // namespace chain::net
