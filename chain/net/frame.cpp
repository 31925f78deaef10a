#include "net/frame.h"

#include <algorithm>

namespace chain::net {

namespace {

// Keys must not outlive their connection in memory; volatile keeps the
// compiler from dropping stores to an object about to die.
void wipe(SymmetricKey& key) {
    volatile std::uint8_t* bytes = key.data();
    for (std::size_t i = 0; i < key.size(); ++i) bytes[i] = 0;
}

std::array<std::uint8_t, kLengthPrefixBytes> length_prefix(std::size_t length) {
    return {static_cast<std::uint8_t>(length >> 24), static_cast<std::uint8_t>(length >> 16),
            static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length)};
}

} // namespace

std::array<std::uint8_t, kNonceBytes> frame_nonce(std::uint64_t counter) {
    std::array<std::uint8_t, kNonceBytes> nonce{};
    for (std::size_t i = 0; i < 8; ++i)
        nonce[kNonceBytes - 1 - i] = static_cast<std::uint8_t>(counter >> (8 * i));
    return nonce;
}

// --- DirectionKey -----------------------------------------------------------

DirectionKey::DirectionKey(const SymmetricKey& key, std::uint64_t counter_first)
    : key_(key), counter_next_(counter_first) {}

DirectionKey::DirectionKey(DirectionKey&& other) noexcept { take(other); }

DirectionKey& DirectionKey::operator=(DirectionKey&& other) noexcept {
    if (this != &other) take(other);
    return *this;
}

DirectionKey::~DirectionKey() { wipe(key_); }

void DirectionKey::take(DirectionKey& other) noexcept {
    key_ = other.key_;
    counter_next_ = other.counter_next_;
    wipe(other.key_);
    other.counter_next_ = kFrameCounterLast;
}

// --- FrameSealer ------------------------------------------------------------

std::optional<Bytes> FrameSealer::seal(ByteView plaintext) {
    if (plaintext.empty() || plaintext.size() > kMessageBytesMax || exhausted())
        return std::nullopt;
    const auto prefix = length_prefix(plaintext.size() + kTagBytes);
    const auto nonce = frame_nonce(key_.counter_next());
    const Bytes sealed = crypto::aes256gcm_seal(key_.key(), nonce, prefix, plaintext);
    key_.advance();
    Bytes frame;
    frame.reserve(prefix.size() + sealed.size());
    frame.insert(frame.end(), prefix.begin(), prefix.end());
    frame.insert(frame.end(), sealed.begin(), sealed.end());
    return frame;
}

// --- FrameOpener ------------------------------------------------------------

std::optional<Bytes> FrameOpener::open(ByteView body) {
    // The sender never seals with the last counter, so a frame claiming it
    // is forged or the stream is out of step.
    if (body.size() < kFrameBytesMin || body.size() > kFrameBytesMax || key_.exhausted())
        return std::nullopt;
    const auto prefix = length_prefix(body.size());
    const auto nonce = frame_nonce(key_.counter_next());
    std::optional<Bytes> plaintext = crypto::aes256gcm_open(key_.key(), nonce, prefix, body);
    if (plaintext) key_.advance();
    return plaintext;
}

// --- FrameAssembler ---------------------------------------------------------

FrameAssembler::FrameAssembler(std::size_t frame_bytes_max) : frame_bytes_max_(frame_bytes_max) {}

void FrameAssembler::set_frame_bytes_max(std::size_t frame_bytes_max) {
    frame_bytes_max_ = frame_bytes_max;
}

std::size_t FrameAssembler::bytes_wanted() const {
    if (prefix_filled_ < kLengthPrefixBytes) return kLengthPrefixBytes - prefix_filled_;
    return body_length_ - body_.size();
}

FrameAssembler::Feed FrameAssembler::feed(ByteView data) {
    if (ready_ || data.size() > bytes_wanted()) return Feed::TooLarge; // caller bug; fail closed
    if (prefix_filled_ < kLengthPrefixBytes) {
        std::copy(data.begin(), data.end(), prefix_.begin() + prefix_filled_);
        prefix_filled_ += data.size();
        if (prefix_filled_ < kLengthPrefixBytes) return Feed::NeedMore;
        body_length_ = (std::size_t(prefix_[0]) << 24) | (std::size_t(prefix_[1]) << 16) |
                       (std::size_t(prefix_[2]) << 8) | std::size_t(prefix_[3]);
        if (body_length_ > frame_bytes_max_) return Feed::TooLarge;
        if (body_length_ < kFrameBytesMin) return Feed::TooSmall;
        return Feed::NeedMore;
    }
    // The body grows with what actually arrived, not with what was declared,
    // so a peer that announces a large frame and stalls costs little.
    body_.insert(body_.end(), data.begin(), data.end());
    if (body_.size() < body_length_) return Feed::NeedMore;
    ready_ = true;
    return Feed::FrameReady;
}

Bytes FrameAssembler::take_body() {
    Bytes body = std::move(body_);
    body_.clear();
    prefix_filled_ = 0;
    body_length_ = 0;
    ready_ = false;
    return body;
}

} // namespace chain::net
