#include "net/handshake.h"

#include <algorithm>

namespace chain::net {

namespace {

ByteView as_bytes(std::string_view text) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

// The salt and the transcript name the two ephemeral keys in ascending byte
// order, so both sides compute the same bytes without agreeing on roles.
Bytes sorted_pair(const PublicKey& a, const PublicKey& b) {
    const bool a_first = std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end());
    const PublicKey& low = a_first ? a : b;
    const PublicKey& high = a_first ? b : a;
    Bytes out(low.begin(), low.end());
    out.insert(out.end(), high.begin(), high.end());
    return out;
}

Hash256 to_hash(const SymmetricKey& key) {
    Hash256 out{};
    std::copy(key.begin(), key.end(), out.begin());
    return out;
}

// The filter is the caller's code; an exception from it refuses the peer
// instead of escaping into the network loop.
bool peer_allowed(const PeerFilter& allowed, const PublicKey& node_key) noexcept {
    if (!allowed) return true;
    try {
        return allowed(node_key);
    } catch (...) {
        return false;
    }
}

} // namespace

std::string_view handshake_error_text(HandshakeError error) {
    switch (error) {
    case HandshakeError::None: return "none";
    case HandshakeError::BadHello: return "bad hello";
    case HandshakeError::WrongVersion: return "wrong protocol version";
    case HandshakeError::BadEphemeralKey: return "bad ephemeral key";
    case HandshakeError::ReflectedKey: return "reflected ephemeral key";
    case HandshakeError::BadAuthFrame: return "bad handshake frame";
    case HandshakeError::BadSignature: return "bad handshake signature";
    case HandshakeError::WrongGroup: return "wrong group";
    case HandshakeError::PeerNotAllowed: return "peer not allowed";
    case HandshakeError::SelfConnection: return "self connection";
    case HandshakeError::OutOfOrder: return "handshake out of order";
    }
    return "unknown";
}

Bytes encode_hello(const Hello& hello) {
    codec::Writer w;
    w.fixed(kHelloMagic);
    w.u16(hello.version);
    w.fixed(hello.ephemeral_key);
    return w.take();
}

std::optional<Hello> decode_hello(ByteView bytes) {
    if (bytes.size() != kHelloBytes) return std::nullopt;
    codec::Reader r(bytes);
    if (r.fixed<kHelloMagic.size()>() != kHelloMagic) return std::nullopt;
    Hello hello;
    hello.version = r.u16();
    hello.ephemeral_key = r.fixed<std::tuple_size_v<PublicKey>>();
    if (!r.finished()) return std::nullopt;
    return hello;
}

Bytes encode_auth(const AuthPayload& auth) {
    codec::Writer w;
    w.fixed(auth.node_key);
    w.fixed(auth.group_id);
    w.fixed(auth.signature);
    return w.take();
}

std::optional<AuthPayload> decode_auth(ByteView bytes) {
    if (bytes.size() != kAuthPlaintextBytes) return std::nullopt;
    codec::Reader r(bytes);
    AuthPayload auth;
    auth.node_key = r.fixed<std::tuple_size_v<PublicKey>>();
    auth.group_id = r.fixed<std::tuple_size_v<Hash256>>();
    auth.signature = r.fixed<std::tuple_size_v<Signature>>();
    if (!r.finished()) return std::nullopt;
    return auth;
}

SessionKeys derive_session_keys(const SymmetricKey& shared_secret, const PublicKey& own_ephemeral,
                                const PublicKey& peer_ephemeral) {
    const Bytes salt = sorted_pair(own_ephemeral, peer_ephemeral);
    const SymmetricKey low_to_high =
        crypto::hkdf_sha256(shared_secret, salt, as_bytes(kInfoKeyLowToHigh));
    const SymmetricKey high_to_low =
        crypto::hkdf_sha256(shared_secret, salt, as_bytes(kInfoKeyHighToLow));
    const bool own_is_low = std::lexicographical_compare(
        own_ephemeral.begin(), own_ephemeral.end(), peer_ephemeral.begin(), peer_ephemeral.end());
    SessionKeys keys;
    keys.send_key = own_is_low ? low_to_high : high_to_low;
    keys.receive_key = own_is_low ? high_to_low : low_to_high;
    keys.challenge = to_hash(crypto::hkdf_sha256(shared_secret, salt, as_bytes(kInfoChallenge)));
    return keys;
}

Hash256 auth_digest(const PublicKey& signer_ephemeral, const PublicKey& other_ephemeral,
                    const Hash256& challenge, const Hash256& group_id, const PublicKey& node_key) {
    codec::Writer w;
    w.u16(kProtocolVersion);
    w.fixed(sorted_pair(signer_ephemeral, other_ephemeral));
    w.fixed(challenge);
    w.fixed(signer_ephemeral);
    w.fixed(group_id);
    w.fixed(node_key);
    return crypto::tagged_hash(kAuthDomain, w.data());
}

// --- Handshake --------------------------------------------------------------

Handshake::Handshake(const crypto::KeyPair& node_key, const Hash256& group_id)
    : Handshake(node_key, group_id, crypto::KeyPair::generate()) {}

Handshake::Handshake(const crypto::KeyPair& node_key, const Hash256& group_id,
                     const crypto::KeyPair& ephemeral_key)
    : node_key_(node_key), group_id_(group_id), ephemeral_key_(ephemeral_key),
      hello_(encode_hello(Hello{kProtocolVersion, ephemeral_key.public_key()})) {}

HandshakeError Handshake::fail(HandshakeError error) {
    step_ = Step::Failed;
    keys_.reset();
    sealer_.reset();
    opener_.reset();
    return error;
}

Handshake::HelloResult Handshake::on_peer_hello(ByteView peer_hello) {
    if (step_ != Step::AwaitHello) return {fail(HandshakeError::OutOfOrder), {}};
    const std::optional<Hello> hello = decode_hello(peer_hello);
    if (!hello) return {fail(HandshakeError::BadHello), {}};
    if (hello->version != kProtocolVersion) return {fail(HandshakeError::WrongVersion), {}};
    // A peer echoing our key would make both directions share one key.
    if (hello->ephemeral_key == ephemeral_key_.public_key())
        return {fail(HandshakeError::ReflectedKey), {}};
    std::optional<SymmetricKey> shared = crypto::ecdh(ephemeral_key_, hello->ephemeral_key);
    if (!shared) return {fail(HandshakeError::BadEphemeralKey), {}};

    peer_ephemeral_ = hello->ephemeral_key;
    keys_ = derive_session_keys(*shared, ephemeral_key_.public_key(), peer_ephemeral_);
    shared->fill(0);
    sealer_.emplace(keys_->send_key);
    opener_.emplace(keys_->receive_key);

    AuthPayload auth;
    auth.node_key = node_key_.public_key();
    auth.group_id = group_id_;
    auth.signature = node_key_.sign(auth_digest(ephemeral_key_.public_key(), peer_ephemeral_,
                                                keys_->challenge, group_id_, auth.node_key));
    std::optional<Bytes> frame = sealer_->seal(encode_auth(auth));
    if (!frame) return {fail(HandshakeError::OutOfOrder), {}}; // unreachable: fresh counter
    step_ = Step::AwaitAuth;
    return {HandshakeError::None, std::move(*frame)};
}

HandshakeError Handshake::on_peer_auth(ByteView auth_body, const PeerFilter& allowed) {
    if (step_ != Step::AwaitAuth) return fail(HandshakeError::OutOfOrder);
    if (auth_body.size() != kAuthFrameBytes) return fail(HandshakeError::BadAuthFrame);
    const std::optional<Bytes> plaintext = opener_->open(auth_body);
    if (!plaintext) return fail(HandshakeError::BadAuthFrame);
    const std::optional<AuthPayload> auth = decode_auth(*plaintext);
    if (!auth) return fail(HandshakeError::BadAuthFrame);

    // The signature covers the group id the peer claims, so "wrong group"
    // is only ever reported about a peer that proved who it is.
    const Hash256 digest = auth_digest(peer_ephemeral_, ephemeral_key_.public_key(),
                                       keys_->challenge, auth->group_id, auth->node_key);
    if (!crypto::verify(auth->node_key, digest, auth->signature))
        return fail(HandshakeError::BadSignature);
    proven_peer_key_ = auth->node_key;
    if (auth->group_id != group_id_) return fail(HandshakeError::WrongGroup);
    if (auth->node_key == node_key_.public_key()) return fail(HandshakeError::SelfConnection);
    if (!peer_allowed(allowed, auth->node_key)) return fail(HandshakeError::PeerNotAllowed);

    step_ = Step::Done;
    return HandshakeError::None;
}

std::optional<Session> Handshake::take_session() {
    if (step_ != Step::Done || !sealer_ || !opener_ || !proven_peer_key_) return std::nullopt;
    Session session{*proven_peer_key_, std::move(*sealer_), std::move(*opener_)};
    sealer_.reset();
    opener_.reset();
    keys_.reset();
    return session;
}

} // namespace chain::net
