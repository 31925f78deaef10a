#pragma once
// Encrypted frames of a peer connection.
//
// After the handshake every byte on the wire belongs to a frame:
//
//   u32 length (big-endian)  ||  AES-256-GCM ciphertext || 16-byte tag
//
// where length counts the ciphertext and the tag. The 96-bit nonce is four
// zero bytes followed by a per-direction u64 frame counter (big-endian); the
// two directions use different keys, so equal counters never share a key.
// The length prefix is the associated data, so it is authenticated too.
// A counter is never reused: the sender refuses to seal once it reaches
// kFrameCounterLast, and the connection is then closed (at one frame per
// microsecond that takes 584,000 years, but the rule costs nothing).

#include "codec/codec.h"
#include "crypto/crypto.h"
#include "ledger/ledger.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace chain::net {

inline constexpr std::size_t kLengthPrefixBytes = 4;
inline constexpr std::size_t kTagBytes = 16;
inline constexpr std::size_t kNonceBytes = 12;

// A commit certificate of kValidatorsMax signatures takes about 10 KB; the
// rest is room for a larger validator set without a protocol change.
inline constexpr std::size_t kCertificateBytesMax = 64 * 1024;
// Room for a message's type tag, counts and length prefixes around its payload.
inline constexpr std::size_t kMessageHeaderBytesMax = 4 * 1024;
// The largest plaintext message: one maximal block with its certificate must
// fit, so that a node can always sync block by block.
inline constexpr std::size_t kMessageBytesMax =
    kBlockBytesMax + kCertificateBytesMax + kMessageHeaderBytesMax;
// The largest frame body (ciphertext and tag); a larger length prefix closes
// the connection before a byte of the body is read.
inline constexpr std::size_t kFrameBytesMax = kMessageBytesMax + kTagBytes;
static_assert(kFrameBytesMax >= kBlockBytesMax);
static_assert(kFrameBytesMax <= 0xffffffffu, "length prefix is a u32");
// The smallest frame body: every message has at least its type tag.
inline constexpr std::size_t kFrameBytesMin = 1 + kTagBytes;

inline constexpr std::uint64_t kFrameCounterLast = 0xffffffffffffffffu;

// The 12-byte nonce of the frame with this counter.
std::array<std::uint8_t, kNonceBytes> frame_nonce(std::uint64_t counter);

// One direction's key and the counter of its next frame. Moving it wipes
// the source's key and leaves the source exhausted, so that a key can never
// be used twice with one counter.
class DirectionKey {
public:
    DirectionKey(const SymmetricKey& key, std::uint64_t counter_first);
    DirectionKey(const DirectionKey&) = delete;
    DirectionKey& operator=(const DirectionKey&) = delete;
    DirectionKey(DirectionKey&& other) noexcept;
    DirectionKey& operator=(DirectionKey&& other) noexcept;
    ~DirectionKey();

    const SymmetricKey& key() const { return key_; }
    std::uint64_t counter_next() const { return counter_next_; }
    bool exhausted() const { return counter_next_ == kFrameCounterLast; }
    void advance() { ++counter_next_; }

private:
    void take(DirectionKey& other) noexcept;

    SymmetricKey key_{};
    std::uint64_t counter_next_ = 0;
};

// Seals outgoing frames of one direction; owns its counter.
class FrameSealer {
public:
    // counter_first exists for tests of the counter limit; a connection
    // always starts at 0.
    explicit FrameSealer(const SymmetricKey& key, std::uint64_t counter_first = 0)
        : key_(key, counter_first) {}

    // The whole wire frame (length prefix included). nullopt when the
    // plaintext is empty or longer than kMessageBytesMax, or when the counter
    // is spent (exhausted() is then true and the connection must close).
    std::optional<Bytes> seal(ByteView plaintext);
    std::uint64_t counter_next() const { return key_.counter_next(); }
    bool exhausted() const { return key_.exhausted(); }

private:
    DirectionKey key_;
};

// Opens incoming frames of one direction, strictly in order: a frame that
// is replayed, reordered, truncated or altered fails to open.
class FrameOpener {
public:
    explicit FrameOpener(const SymmetricKey& key, std::uint64_t counter_first = 0)
        : key_(key, counter_first) {}

    // body is the frame after its length prefix. The counter advances only
    // on success; any failure means the connection must close.
    std::optional<Bytes> open(ByteView body);
    std::uint64_t counter_next() const { return key_.counter_next(); }

private:
    DirectionKey key_;
};

// Cuts a byte stream into frame bodies without ever holding more than one
// frame. The caller reads at most bytes_wanted() bytes from the socket and
// feeds them; the declared length is checked against frame_bytes_max as soon
// as the prefix is complete, before any of the body is accepted.
class FrameAssembler {
public:
    enum class Feed : std::uint8_t { NeedMore, FrameReady, TooLarge, TooSmall };

    explicit FrameAssembler(std::size_t frame_bytes_max = kFrameBytesMax);

    // The handshake lowers the limit to the size of its one frame, so an
    // unauthenticated peer cannot make us buffer a large body.
    void set_frame_bytes_max(std::size_t frame_bytes_max);
    // Bytes still missing from the current prefix or body; 0 only between
    // FrameReady and take_body().
    std::size_t bytes_wanted() const;
    // data.size() must not exceed bytes_wanted(). After TooLarge or
    // TooSmall the stream is unusable and the connection must close.
    Feed feed(ByteView data);
    // The completed body after FrameReady; resets for the next frame.
    Bytes take_body();
    // Bytes buffered for the frame in progress (for memory accounting).
    std::size_t bytes_buffered() const { return prefix_filled_ + body_.size(); }

private:
    std::size_t frame_bytes_max_;
    std::array<std::uint8_t, kLengthPrefixBytes> prefix_{};
    std::size_t prefix_filled_ = 0;
    std::size_t body_length_ = 0;
    Bytes body_;
    bool ready_ = false;
};

} // namespace chain::net
