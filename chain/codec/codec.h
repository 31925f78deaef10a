#pragma once
// The canonical binary encoding of everything Rateio hashes or signs.
//
// One encoding, one decoder: integers are big-endian and explicitly sized,
// variable-length fields carry a u32 length prefix and every decode names the
// maximum length it accepts. The Reader never throws: the first malformed or
// over-long field puts it into a failed state, every later read returns a
// zero value, and the caller checks ok() once at the end.

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chain {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

namespace codec {

class Writer {
public:
    Writer() = default;
    // A writer that hands its bytes to `sink` in pieces, in order, instead of
    // keeping them all (to hash a large encoding without holding it whole);
    // flush() hands over the rest. data() and take() then hold nothing useful.
    explicit Writer(std::function<void(ByteView)> sink);

    void u8(std::uint8_t value);
    void u16(std::uint16_t value);
    void u32(std::uint32_t value);
    void u64(std::uint64_t value);
    void i64(std::int64_t value);
    void boolean(bool value);
    // Fixed-size field: no length prefix (hashes, keys, signatures).
    void fixed(ByteView data);
    template <std::size_t N>
    void fixed(const std::array<std::uint8_t, N>& data) { fixed(ByteView(data.data(), N)); }
    // Variable-size fields: u32 length prefix.
    void bytes(ByteView data);
    void str(std::string_view text);

    const Bytes& data() const { return buffer_; }
    Bytes take() { return std::move(buffer_); }
    void flush();

private:
    // What a sink writer keeps before handing it over; larger fixed fields go
    // to the sink directly.
    static constexpr std::size_t kSinkChunkBytes = 64 * 1024;

    void append(const std::uint8_t* data, std::size_t size);

    Bytes buffer_;
    std::function<void(ByteView)> sink_;
};

class Reader {
public:
    explicit Reader(ByteView data) : data_(data) {}

    std::uint8_t u8();
    std::uint16_t u16();
    std::uint32_t u32();
    std::uint64_t u64();
    std::int64_t i64();
    // Only 0 and 1 are accepted, so that every value has one encoding.
    bool boolean();
    template <std::size_t N>
    std::array<std::uint8_t, N> fixed() {
        std::array<std::uint8_t, N> out{};
        read_into(out.data(), N);
        return out;
    }
    Bytes bytes(std::size_t length_max);
    std::string str(std::size_t length_max);
    // A count of following items, bounded like a length.
    std::uint32_t count(std::uint32_t count_max);

    // Marks the reader failed (used by decoders for invalid enum values etc.).
    void fail() { ok_ = false; }
    bool ok() const { return ok_; }
    bool at_end() const { return position_ == data_.size(); }
    // True when everything was read and nothing was malformed.
    bool finished() const { return ok_ && at_end(); }
    std::size_t remaining() const { return ok_ ? data_.size() - position_ : 0; }

private:
    bool read_into(std::uint8_t* out, std::size_t length);

    ByteView data_;
    std::size_t position_ = 0;
    bool ok_ = true;
};

// Hex helpers for display and tests.
std::string to_hex(ByteView data);
bool from_hex(std::string_view hex, Bytes& out);

} // namespace codec
} // namespace chain
