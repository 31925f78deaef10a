// The two handshake messages an unauthenticated peer sends: its hello (the
// first kHelloBytes of the input) and the body of its frame 0 (the rest).
// Both sides use fixed node and ephemeral keys, so a seed written by
// make_corpus completes the handshake and the fuzzer starts from there.
#include "fuzz_support.h"
#include "net/handshake.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const ByteView input(data, size);
    // The stand-alone decoders, on the whole input.
    if (const std::optional<net::Hello> hello = net::decode_hello(input))
        fuzz::require_same_bytes(input, net::encode_hello(*hello), "hello re-encodes differently");
    if (const std::optional<net::AuthPayload> auth = net::decode_auth(input))
        fuzz::require_same_bytes(input, net::encode_auth(*auth), "auth payload re-encodes differently");

    static const crypto::KeyPair node_key = fuzz::fixed_key(10);
    static const crypto::KeyPair ephemeral_key = fuzz::fixed_key(11);
    net::Handshake handshake(node_key, fuzz::fixed_group_id(), ephemeral_key);
    const std::size_t hello_bytes = std::min(size, net::kHelloBytes);
    const net::Handshake::HelloResult hello = handshake.on_peer_hello(input.first(hello_bytes));
    if (hello.error != net::HandshakeError::None) {
        fuzz::require(!handshake.take_session(), "a session after a refused hello");
        return 0;
    }
    const net::HandshakeError auth = handshake.on_peer_auth(input.subspan(hello_bytes));
    const std::optional<net::Session> session = handshake.take_session();
    fuzz::require(session.has_value() == (auth == net::HandshakeError::None), "session without a good auth, or none after one");
    if (session) {
        fuzz::require(handshake.proven_peer_key() && *handshake.proven_peer_key() == session->peer_key,
                      "the session's peer is not the proven key");
        fuzz::require(session->peer_key != node_key.public_key(), "a session with our own node key");
    }
    return 0;
}
