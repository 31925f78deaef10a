#include "codec/codec.h"

#include <cstring>

namespace chain::codec {

Writer::Writer(std::function<void(ByteView)> sink) : sink_(std::move(sink)) {
    buffer_.reserve(kSinkChunkBytes);
}

void Writer::append(const std::uint8_t* data, std::size_t size) {
    if (sink_ && size >= kSinkChunkBytes) {
        flush();
        sink_(ByteView(data, size));
        return;
    }
    buffer_.insert(buffer_.end(), data, data + size);
    if (sink_ && buffer_.size() >= kSinkChunkBytes) flush();
}

void Writer::flush() {
    if (!sink_ || buffer_.empty()) return;
    sink_(buffer_);
    buffer_.clear();
}

void Writer::u8(std::uint8_t value) { append(&value, 1); }

void Writer::u16(std::uint16_t value) {
    const std::uint8_t bytes[2] = {static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
    append(bytes, sizeof bytes);
}

void Writer::u32(std::uint32_t value) {
    std::uint8_t bytes[4];
    for (int i = 0; i < 4; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (24 - 8 * i));
    append(bytes, sizeof bytes);
}

void Writer::u64(std::uint64_t value) {
    std::uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (56 - 8 * i));
    append(bytes, sizeof bytes);
}

void Writer::i64(std::int64_t value) { u64(static_cast<std::uint64_t>(value)); }

void Writer::boolean(bool value) { u8(value ? 1 : 0); }

void Writer::fixed(ByteView data) { append(data.data(), data.size()); }

void Writer::bytes(ByteView data) {
    u32(static_cast<std::uint32_t>(data.size()));
    fixed(data);
}

void Writer::str(std::string_view text) {
    bytes(ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

bool Reader::read_into(std::uint8_t* out, std::size_t length) {
    if (!ok_ || data_.size() - position_ < length) {
        ok_ = false;
        if (length > 0) std::memset(out, 0, length);
        return false;
    }
    if (length > 0) std::memcpy(out, data_.data() + position_, length);
    position_ += length;
    return true;
}

std::uint8_t Reader::u8() {
    std::uint8_t value = 0;
    read_into(&value, 1);
    return value;
}

std::uint16_t Reader::u16() {
    std::uint8_t raw[2];
    if (!read_into(raw, 2)) return 0;
    return static_cast<std::uint16_t>((raw[0] << 8) | raw[1]);
}

std::uint32_t Reader::u32() {
    std::uint8_t raw[4];
    if (!read_into(raw, 4)) return 0;
    std::uint32_t value = 0;
    for (std::uint8_t byte : raw) value = (value << 8) | byte;
    return value;
}

std::uint64_t Reader::u64() {
    std::uint8_t raw[8];
    if (!read_into(raw, 8)) return 0;
    std::uint64_t value = 0;
    for (std::uint8_t byte : raw) value = (value << 8) | byte;
    return value;
}

std::int64_t Reader::i64() { return static_cast<std::int64_t>(u64()); }

bool Reader::boolean() {
    const std::uint8_t value = u8();
    if (value > 1) ok_ = false;
    return value == 1;
}

Bytes Reader::bytes(std::size_t length_max) {
    const std::uint32_t length = u32();
    if (!ok_ || length > length_max || length > data_.size() - position_) {
        ok_ = false;
        return {};
    }
    Bytes out(length);
    read_into(out.data(), length);
    return out;
}

std::string Reader::str(std::size_t length_max) {
    const Bytes raw = bytes(length_max);
    return std::string(raw.begin(), raw.end());
}

std::uint32_t Reader::count(std::uint32_t count_max) {
    const std::uint32_t value = u32();
    if (value > count_max) {
        ok_ = false;
        return 0;
    }
    return value;
}

std::string to_hex(ByteView data) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(data.size() * 2);
    for (std::uint8_t byte : data) {
        out.push_back(digits[byte >> 4]);
        out.push_back(digits[byte & 0x0f]);
    }
    return out;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool from_hex(std::string_view hex, Bytes& out) {
    if (hex.size() % 2 != 0) return false;
    Bytes result;
    result.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int high = hex_value(hex[i]);
        const int low = hex_value(hex[i + 1]);
        if (high < 0 || low < 0) return false;
        result.push_back(static_cast<std::uint8_t>((high << 4) | low));
    }
    out = std::move(result);
    return true;
}

} // namespace chain::codec
