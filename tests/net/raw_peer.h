#pragma once
// A peer driven by hand over a plain socket, for the misbehaviour the real
// PeerNetwork never commits: it runs the real handshake (net/handshake.h) so
// that it can then misbehave inside an authenticated session, or forge parts
// of it. Used by tests/net/test_network.cpp (against a PeerNetwork) and
// tests/net/test_hostile_peer.cpp (against a whole NetworkNode).

#include "net/handshake.h"
#include "net/messages.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QTest>

#include <functional>
#include <optional>
#include <vector>

namespace chain::net::testing {

inline constexpr int kRawPeerWaitMs = 5000;

struct RawPeer {
    crypto::KeyPair key = crypto::KeyPair::generate();
    QTcpSocket socket;
    std::optional<Session> session;

    // The local address to connect from, if set: a node bans a misbehaving
    // peer's address, so a hostile peer on 127.0.0.2 leaves the honest nodes
    // on 127.0.0.1 alone.
    QHostAddress source_address;

    bool connect_to(quint16 port) {
        if (!source_address.isNull() && !socket.bind(source_address)) return false;
        socket.connectToHost(QHostAddress::LocalHost, port);
        return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; },
                               kRawPeerWaitMs);
    }

    bool read_exactly(std::size_t length, Bytes& out) {
        if (!QTest::qWaitFor([&] { return socket.bytesAvailable() >= qint64(length); }, kRawPeerWaitMs))
            return false;
        out.resize(length);
        return socket.read(reinterpret_cast<char*>(out.data()), qint64(length)) == qint64(length);
    }

    // Everything written, in order, so that a test can replay it.
    std::vector<Bytes> written;

    bool write(ByteView bytes) {
        written.emplace_back(bytes.begin(), bytes.end());
        return socket.write(reinterpret_cast<const char*>(bytes.data()), qint64(bytes.size())) ==
               qint64(bytes.size());
    }

    // The handshake by hand, with a chance to falsify the signed auth
    // payload before it is sealed and sent.
    bool forged_handshake(quint16 port, const Hash256& group,
                          const std::function<void(AuthPayload&)>& tamper) {
        if (!connect_to(port)) return false;
        const auto ephemeral = crypto::KeyPair::generate();
        Bytes peer_hello;
        if (!write(encode_hello(Hello{kProtocolVersion, ephemeral.public_key()})) ||
            !read_exactly(kHelloBytes, peer_hello))
            return false;
        const std::optional<Hello> hello = decode_hello(peer_hello);
        if (!hello) return false;
        const auto shared = crypto::ecdh(ephemeral, hello->ephemeral_key);
        if (!shared) return false;
        const SessionKeys keys =
            derive_session_keys(*shared, ephemeral.public_key(), hello->ephemeral_key);
        AuthPayload auth{key.public_key(), group, {}};
        auth.signature = key.sign(auth_digest(ephemeral.public_key(), hello->ephemeral_key,
                                              keys.challenge, group, auth.node_key));
        tamper(auth);
        FrameSealer sealer(keys.send_key);
        return write(*sealer.seal(encode_auth(auth)));
    }

    HandshakeError handshake(quint16 port, const Hash256& group) {
        if (!connect_to(port)) return HandshakeError::OutOfOrder;
        Handshake hs(key, group);
        Bytes peer_hello;
        if (!write(hs.hello()) || !read_exactly(kHelloBytes, peer_hello))
            return HandshakeError::OutOfOrder;
        Handshake::HelloResult sent = hs.on_peer_hello(peer_hello);
        if (sent.error != HandshakeError::None) return sent.error;
        write(sent.auth_frame);
        Bytes frame;
        if (!read_exactly(kLengthPrefixBytes + kAuthFrameBytes, frame))
            return HandshakeError::OutOfOrder;
        const HandshakeError error = hs.on_peer_auth(ByteView(frame).subspan(kLengthPrefixBytes));
        if (error == HandshakeError::None) session = hs.take_session();
        return error;
    }

    bool send(const Message& m) { return write(*session->sealer.seal(encode_message(m))); }

    // The next message of the session; nullopt when none arrives in time or
    // its frame does not open.
    std::optional<Message> receive() {
        Bytes prefix;
        if (!read_exactly(kLengthPrefixBytes, prefix)) return std::nullopt;
        const std::size_t length = (std::size_t(prefix[0]) << 24) | (std::size_t(prefix[1]) << 16) |
                                   (std::size_t(prefix[2]) << 8) | std::size_t(prefix[3]);
        Bytes body;
        if (length > kFrameBytesMax || !read_exactly(length, body)) return std::nullopt;
        const std::optional<Bytes> plaintext = session->opener.open(body);
        if (!plaintext) return std::nullopt;
        return decode_message(*plaintext);
    }

    bool closed() const { return socket.state() == QAbstractSocket::UnconnectedState; }
};

inline Bytes length_prefix(std::size_t length) {
    return {std::uint8_t(length >> 24), std::uint8_t(length >> 16), std::uint8_t(length >> 8),
            std::uint8_t(length)};
}

} // namespace chain::net::testing
