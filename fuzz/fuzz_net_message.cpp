// The plaintext of a peer frame: one network message (status, gossip, sync,
// genesis...). Canonical decode; nothing else may be accepted.
#include "fuzz_support.h"
#include "net/messages.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const ByteView input(data, size);
    const std::optional<net::Message> message = net::decode_message(input);
    if (!message) return 0;
    fuzz::require(size <= net::kMessageBytesMax, "message larger than kMessageBytesMax accepted");
    fuzz::require_same_bytes(input, net::encode_message(*message), "network message re-encodes differently");
    (void)net::message_type_name(net::message_type(*message));
    if (const auto* response = std::get_if<net::BlockResponse>(&*message)) {
        std::size_t bytes = net::kBlockResponseEmptyBytes;
        for (const net::BlockWithCertificate& entry : response->blocks) bytes += net::block_response_entry_bytes(entry);
        fuzz::require(bytes == size, "block_response_entry_bytes disagrees with the encoding");
    }
    return 0;
}
