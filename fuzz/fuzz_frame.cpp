// The byte stream of an established peer connection: the frame assembler
// cuts it into bodies, the opener authenticates and decrypts them in order,
// and each plaintext is decoded as a network message. The first input byte
// bounds the size of each read (0: as much as wanted), as a socket would
// deliver the stream in pieces. Seeds are frames sealed with the fixed key,
// so the fuzzer reaches the message decoder through real ciphertext.
#include "fuzz_support.h"
#include "net/frame.h"
#include "net/messages.h"

namespace {

chain::SymmetricKey fixed_frame_key() {
    const chain::Hash256 digest = chain::fuzz::fixed_group_id();
    chain::SymmetricKey key{};
    std::copy(digest.begin(), digest.end(), key.begin());
    return key;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    if (size == 0) return 0;
    const std::size_t read_bytes_max = data[0] == 0 ? SIZE_MAX : data[0];
    ByteView stream(data + 1, size - 1);
    static const SymmetricKey key = fixed_frame_key();
    net::FrameAssembler assembler;
    net::FrameOpener opener(key);
    while (!stream.empty()) {
        const std::size_t take = std::min({assembler.bytes_wanted(), read_bytes_max, stream.size()});
        fuzz::require(take > 0, "the assembler wants no bytes before a frame is ready");
        const net::FrameAssembler::Feed feed = assembler.feed(stream.first(take));
        stream = stream.subspan(take);
        fuzz::require(assembler.bytes_buffered() <= net::kFrameBytesMax + net::kLengthPrefixBytes,
                      "the assembler buffers more than one frame");
        if (feed == net::FrameAssembler::Feed::TooLarge || feed == net::FrameAssembler::Feed::TooSmall) return 0;
        if (feed != net::FrameAssembler::Feed::FrameReady) continue;
        const Bytes body = assembler.take_body();
        const std::uint64_t counter = opener.counter_next();
        const std::optional<Bytes> plaintext = opener.open(body);
        if (!plaintext) return 0; // the connection closes at the first bad frame
        // Only the authentic frame opens: sealing the plaintext again with
        // the same key and counter must give back exactly the body.
        net::FrameSealer sealer(key, counter);
        const std::optional<Bytes> resealed = sealer.seal(*plaintext);
        fuzz::require(resealed.has_value(), "an opened frame cannot be sealed again");
        fuzz::require_same_bytes(body, ByteView(*resealed).subspan(net::kLengthPrefixBytes),
                                 "an opened frame differs from its resealed plaintext");
        if (const std::optional<net::Message> message = net::decode_message(*plaintext))
            fuzz::require_same_bytes(*plaintext, net::encode_message(*message), "framed message re-encodes differently");
    }
    return 0;
}
