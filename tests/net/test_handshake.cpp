// The handshake and the frame layer as pure functions: no sockets.
#include "net/frame.h"
#include "net/handshake.h"
#include "net/messages.h"

#include <QTest>

using namespace chain;
using namespace chain::net;

namespace {

Hash256 group_of(std::uint8_t seed) {
    Hash256 id{};
    id.fill(seed);
    return id;
}

ByteView body_of(const Bytes& frame) { return ByteView(frame).subspan(kLengthPrefixBytes); }

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

// Runs both sides of a handshake in memory and returns their errors.
struct Pair {
    Pair(Handshake first, Handshake second) : a(std::move(first)), b(std::move(second)) {}

    Handshake a;
    Handshake b;
    HandshakeError a_error = HandshakeError::None;
    HandshakeError b_error = HandshakeError::None;
    Bytes a_auth;
    Bytes b_auth;

    void run(const PeerFilter& a_filter = {}, const PeerFilter& b_filter = {}) {
        Handshake::HelloResult a_hello = a.on_peer_hello(b.hello());
        Handshake::HelloResult b_hello = b.on_peer_hello(a.hello());
        QCOMPARE(a_hello.error, HandshakeError::None);
        QCOMPARE(b_hello.error, HandshakeError::None);
        a_auth = a_hello.auth_frame;
        b_auth = b_hello.auth_frame;
        a_error = a.on_peer_auth(body_of(b_auth), a_filter);
        b_error = b.on_peer_auth(body_of(a_auth), b_filter);
    }
};

// An attacker that speaks the protocol by hand, so that it can lie.
struct Forger {
    crypto::KeyPair node_key = crypto::KeyPair::generate();
    crypto::KeyPair ephemeral = crypto::KeyPair::generate();
    Hash256 group{};
    SessionKeys keys;
    PublicKey victim_ephemeral{};

    Bytes hello() const { return encode_hello(Hello{kProtocolVersion, ephemeral.public_key()}); }

    void learn(const Handshake& victim) {
        victim_ephemeral = decode_hello(victim.hello())->ephemeral_key;
        const auto shared = crypto::ecdh(ephemeral, victim_ephemeral);
        QVERIFY(shared.has_value());
        keys = derive_session_keys(*shared, ephemeral.public_key(), victim_ephemeral);
    }

    AuthPayload honest_auth() const {
        AuthPayload auth{node_key.public_key(), group, {}};
        auth.signature = node_key.sign(auth_digest(ephemeral.public_key(), victim_ephemeral,
                                                   keys.challenge, group, auth.node_key));
        return auth;
    }

    Bytes seal(const AuthPayload& auth) const {
        FrameSealer sealer(keys.send_key);
        return *sealer.seal(encode_auth(auth));
    }
};

} // namespace

class TestHandshake : public QObject {
    Q_OBJECT

private slots:
    void hello_layout() {
        const auto node = crypto::KeyPair::generate();
        const auto ephemeral = crypto::KeyPair::generate();
        Handshake h(node, group_of(1), ephemeral);
        const Bytes& hello = h.hello();
        QCOMPARE(hello.size(), kHelloBytes);
        QCOMPARE(hello.size(), std::size_t(39));
        QVERIFY(std::equal(kHelloMagic.begin(), kHelloMagic.end(), hello.begin()));
        QCOMPARE(hello[4], std::uint8_t(0));
        QCOMPARE(hello[5], std::uint8_t(kProtocolVersion));
        QVERIFY(std::equal(ephemeral.public_key().begin(), ephemeral.public_key().end(),
                           hello.begin() + 6));
    }

    void both_sides_complete_with_matching_keys() {
        const auto key_a = crypto::KeyPair::generate();
        const auto key_b = crypto::KeyPair::generate();
        Pair p{Handshake(key_a, group_of(7)), Handshake(key_b, group_of(7))};
        p.run();
        QCOMPARE(p.a_error, HandshakeError::None);
        QCOMPARE(p.b_error, HandshakeError::None);
        QCOMPARE(p.a_auth.size(), kLengthPrefixBytes + kAuthFrameBytes);

        std::optional<Session> a = p.a.take_session();
        std::optional<Session> b = p.b.take_session();
        QVERIFY(a && b);
        QVERIFY(a->peer_key == key_b.public_key());
        QVERIFY(b->peer_key == key_a.public_key());
        QVERIFY(!p.a.take_session()); // taken once

        // Each direction's key works one way only.
        const Bytes a_to_b = *a->sealer.seal(text("from a"));
        const Bytes b_to_a = *b->sealer.seal(text("from b"));
        QCOMPARE(*b->opener.open(body_of(a_to_b)), text("from a"));
        QCOMPARE(*a->opener.open(body_of(b_to_a)), text("from b"));
    }

    void key_schedule_is_symmetric() {
        const auto a = crypto::KeyPair::generate();
        const auto b = crypto::KeyPair::generate();
        const SymmetricKey shared_a = *crypto::ecdh(a, b.public_key());
        const SymmetricKey shared_b = *crypto::ecdh(b, a.public_key());
        QVERIFY(shared_a == shared_b);
        const SessionKeys ka = derive_session_keys(shared_a, a.public_key(), b.public_key());
        const SessionKeys kb = derive_session_keys(shared_b, b.public_key(), a.public_key());
        QVERIFY(ka.send_key == kb.receive_key);
        QVERIFY(ka.receive_key == kb.send_key);
        QVERIFY(ka.challenge == kb.challenge);
        QVERIFY(ka.send_key != ka.receive_key);
        QVERIFY(ka.challenge != Hash256{});
    }

    void wrong_group_is_rejected_with_that_reason() {
        Pair p{Handshake(crypto::KeyPair::generate(), group_of(1)),
               Handshake(crypto::KeyPair::generate(), group_of(2))};
        p.run();
        QCOMPARE(p.a_error, HandshakeError::WrongGroup);
        QCOMPARE(p.b_error, HandshakeError::WrongGroup);
        QCOMPARE(handshake_error_text(p.a_error), std::string_view("wrong group"));
        QVERIFY(!p.a.take_session());
    }

    void forged_auth_control_is_accepted() {
        // The forger's honest path must pass, so the failures below are
        // caused by the tampering and nothing else.
        Handshake victim(crypto::KeyPair::generate(), group_of(3));
        Forger forger;
        forger.group = group_of(3);
        forger.learn(victim);
        QCOMPARE(victim.on_peer_hello(forger.hello()).error, HandshakeError::None);
        const Bytes frame = forger.seal(forger.honest_auth());
        QCOMPARE(victim.on_peer_auth(body_of(frame)), HandshakeError::None);
        QVERIFY(victim.take_session()->peer_key == forger.node_key.public_key());
    }

    void tampered_signature_is_rejected() {
        for (std::size_t byte : {std::size_t(0), std::size_t(31), std::size_t(63)}) {
            Handshake victim(crypto::KeyPair::generate(), group_of(3));
            Forger forger;
            forger.group = group_of(3);
            forger.learn(victim);
            QCOMPARE(victim.on_peer_hello(forger.hello()).error, HandshakeError::None);
            AuthPayload auth = forger.honest_auth();
            auth.signature[byte] ^= 0x01;
            QCOMPARE(victim.on_peer_auth(body_of(forger.seal(auth))), HandshakeError::BadSignature);
        }
    }

    void signature_by_another_key_is_rejected() {
        Handshake victim(crypto::KeyPair::generate(), group_of(3));
        Forger forger;
        forger.group = group_of(3);
        forger.learn(victim);
        QCOMPARE(victim.on_peer_hello(forger.hello()).error, HandshakeError::None);
        AuthPayload auth = forger.honest_auth();
        auth.node_key = crypto::KeyPair::generate().public_key(); // claims someone else's identity
        QCOMPARE(victim.on_peer_auth(body_of(forger.seal(auth))), HandshakeError::BadSignature);
    }

    void signature_over_another_challenge_is_rejected() {
        Handshake victim(crypto::KeyPair::generate(), group_of(3));
        Forger forger;
        forger.group = group_of(3);
        forger.learn(victim);
        QCOMPARE(victim.on_peer_hello(forger.hello()).error, HandshakeError::None);
        AuthPayload auth = forger.honest_auth();
        Hash256 stale = forger.keys.challenge;
        stale[0] ^= 0xff;
        auth.signature =
            forger.node_key.sign(auth_digest(forger.ephemeral.public_key(), forger.victim_ephemeral,
                                             stale, forger.group, auth.node_key));
        QCOMPARE(victim.on_peer_auth(body_of(forger.seal(auth))), HandshakeError::BadSignature);
    }

    void reflected_auth_frame_is_rejected() {
        // A man in the middle re-seals the victim's own frame 0 as its own:
        // the signature names the victim's ephemeral key, not the forger's.
        const auto victim_key = crypto::KeyPair::generate();
        Handshake victim(victim_key, group_of(4));
        Forger forger;
        forger.group = group_of(4);
        forger.learn(victim);
        const Handshake::HelloResult sent = victim.on_peer_hello(forger.hello());
        QCOMPARE(sent.error, HandshakeError::None);
        FrameOpener opener(forger.keys.receive_key);
        const std::optional<Bytes> victim_auth = opener.open(body_of(sent.auth_frame));
        QVERIFY(victim_auth.has_value());
        const AuthPayload reflected = *decode_auth(*victim_auth);
        QVERIFY(reflected.node_key == victim_key.public_key());
        QCOMPARE(victim.on_peer_auth(body_of(forger.seal(reflected))),
                 HandshakeError::BadSignature);
    }

    void replayed_handshake_against_fresh_responder_fails() {
        const auto key_a = crypto::KeyPair::generate();
        const auto key_b = crypto::KeyPair::generate();
        Pair recorded{Handshake(key_a, group_of(5)), Handshake(key_b, group_of(5))};
        recorded.run();
        QCOMPARE(recorded.b_error, HandshakeError::None);
        const Bytes a_hello = recorded.a.hello();
        const Bytes a_auth = recorded.a_auth;

        // Same node key and group as the recorded responder: only the fresh
        // ephemeral key differs, and that is enough.
        Handshake fresh(key_b, group_of(5));
        QVERIFY(fresh.hello() != recorded.b.hello());
        QCOMPARE(fresh.on_peer_hello(a_hello).error, HandshakeError::None);
        QCOMPARE(fresh.on_peer_auth(body_of(a_auth)), HandshakeError::BadAuthFrame);
        QVERIFY(!fresh.take_session());
    }

    void reflected_hello_is_rejected() {
        Handshake h(crypto::KeyPair::generate(), group_of(1));
        QCOMPARE(h.on_peer_hello(h.hello()).error, HandshakeError::ReflectedKey);
    }

    void malformed_hellos_are_rejected() {
        const Bytes good = Handshake(crypto::KeyPair::generate(), group_of(1)).hello();
        auto answer = [](const Bytes& hello) {
            return Handshake(crypto::KeyPair::generate(), group_of(1)).on_peer_hello(hello).error;
        };
        Bytes magic = good;
        magic[0] = 'X';
        QCOMPARE(answer(magic), HandshakeError::BadHello);
        Bytes version = good;
        version[5] = 2;
        QCOMPARE(answer(version), HandshakeError::WrongVersion);
        Bytes short_hello(good.begin(), good.end() - 1);
        QCOMPARE(answer(short_hello), HandshakeError::BadHello);
        Bytes long_hello = good;
        long_hello.push_back(0);
        QCOMPARE(answer(long_hello), HandshakeError::BadHello);
        Bytes off_curve = good;
        off_curve[6] = 0x05; // not a compressed-point prefix
        QCOMPARE(answer(off_curve), HandshakeError::BadEphemeralKey);
    }

    void self_connection_is_rejected() {
        const auto key = crypto::KeyPair::generate();
        Pair p{Handshake(key, group_of(1)), Handshake(key, group_of(1))};
        p.run();
        QCOMPARE(p.a_error, HandshakeError::SelfConnection);
    }

    void filter_decides_who_may_connect() {
        const auto key_a = crypto::KeyPair::generate();
        const auto key_b = crypto::KeyPair::generate();
        Pair p{Handshake(key_a, group_of(1)), Handshake(key_b, group_of(1))};
        const PeerFilter only_a = [&](const PublicKey& k) { return k == key_a.public_key(); };
        p.run(/*a_filter=*/only_a, /*b_filter=*/only_a);
        QCOMPARE(p.a_error, HandshakeError::PeerNotAllowed);
        QCOMPARE(p.b_error, HandshakeError::None);

        Pair q{Handshake(key_a, group_of(1)), Handshake(key_b, group_of(1))};
        const PeerFilter throws = [](const PublicKey&) -> bool {
            throw std::runtime_error("boom");
        };
        q.run(throws, {});
        QCOMPARE(q.a_error, HandshakeError::PeerNotAllowed);
    }

    void steps_out_of_order_fail() {
        Handshake h(crypto::KeyPair::generate(), group_of(1));
        QCOMPARE(h.on_peer_auth(Bytes(kAuthFrameBytes, 0)), HandshakeError::OutOfOrder);
        QCOMPARE(h.on_peer_hello(Handshake(crypto::KeyPair::generate(), group_of(1)).hello()).error,
                 HandshakeError::OutOfOrder); // failed once, failed for good
    }

    void garbage_auth_frame_is_rejected() {
        Handshake h(crypto::KeyPair::generate(), group_of(1));
        QCOMPARE(h.on_peer_hello(Handshake(crypto::KeyPair::generate(), group_of(1)).hello()).error,
                 HandshakeError::None);
        QCOMPARE(h.on_peer_auth(crypto::random_bytes(kAuthFrameBytes)),
                 HandshakeError::BadAuthFrame);
    }

    // The vectors printed in docs/NETWORK.md, checked here so that the
    // document and the code cannot drift apart. They were cross-checked
    // against an independent implementation (Python "cryptography").
    void known_answer_vectors() {
        auto key = [](std::uint8_t fill) {
            return *crypto::KeyPair::from_private(Bytes(32, fill));
        };
        const auto node_a = key(0x11);
        const auto ephemeral_a = key(0x33);
        const auto ephemeral_b = key(0x44);
        const Hash256 group = group_of(0x55);
        auto hex = [](ByteView v) { return codec::to_hex(v); };

        QCOMPARE(hex(node_a.public_key()),
                 std::string("020217e617f0b6443928278f96999e69a23a4f2c152bdf6d6cdf66e5b80282d4ed"));
        QCOMPARE(hex(ephemeral_b.public_key()),
                 std::string("025b36890dacbd7c9a96bb74a1ee28b3d2d75b72e09a20ef25cf8e6fd8a9f0350d"));

        QCOMPARE(hex(encode_hello(Hello{kProtocolVersion, ephemeral_a.public_key()})),
                 std::string("5254494f0001"
                             "0351a7580833898ea1b183cbd7350a4099078c6ef1c1e18e970cd7683035f25e7d"));
        const SymmetricKey shared = *crypto::ecdh(ephemeral_a, ephemeral_b.public_key());
        QCOMPARE(hex(shared),
                 std::string("5238f9f956812e75918895390fa057a2063aa66d4d5eefbe6ecdcf78342d2922"));
        const SessionKeys keys =
            derive_session_keys(shared, ephemeral_a.public_key(), ephemeral_b.public_key());
        QCOMPARE(hex(keys.send_key),
                 std::string("df6a0ffb63b8a4922b2e9a79c1c55100504d749553878c3f0fa13f3843e5d5d9"));
        QCOMPARE(hex(keys.receive_key),
                 std::string("61a28cadb0b9531adc37cda61433f5a9af2ab7096429364ef143637cb8bbb7bc"));
        QCOMPARE(hex(keys.challenge),
                 std::string("d91ae48d9bfdb5bbe4bace0c664a8de5696bb838f8dd1f74c5ae75176ee12db1"));
        QCOMPARE(hex(auth_digest(ephemeral_a.public_key(), ephemeral_b.public_key(), keys.challenge,
                                 group, node_a.public_key())),
                 std::string("de6af5839234bc99d9b66ba9f6d1320ebd015fa7a768f743c75ffd981ce5d052"));
        FrameSealer sealer(keys.send_key, /*counter_first=*/1);
        QCOMPARE(hex(*sealer.seal(encode_message(Ping{1}))),
                 std::string("00000019"
                             "5c43d8e8b64693e9ad"
                             "305059960afce4421b937a7034708f6f"));

        // The Handshake class itself sends exactly this: its frame 0, opened
        // with B's receive key (A's send key), carries node A's key, the
        // group and a signature over the digest above.
        Handshake a(node_a, group, ephemeral_a);
        const Handshake::HelloResult sent =
            a.on_peer_hello(encode_hello(Hello{kProtocolVersion, ephemeral_b.public_key()}));
        QCOMPARE(sent.error, HandshakeError::None);
        QCOMPARE(sent.auth_frame.size(), std::size_t(149));
        QCOMPARE(hex(ByteView(sent.auth_frame).first(kLengthPrefixBytes)), std::string("00000091"));
        FrameOpener b_opener(keys.send_key);
        const std::optional<Bytes> plaintext = b_opener.open(body_of(sent.auth_frame));
        QVERIFY(plaintext.has_value());
        const std::optional<AuthPayload> auth = decode_auth(*plaintext);
        QVERIFY(auth.has_value());
        QVERIFY(auth->node_key == node_a.public_key());
        QVERIFY(auth->group_id == group);
        const Hash256 digest = auth_digest(ephemeral_a.public_key(), ephemeral_b.public_key(),
                                           keys.challenge, group, node_a.public_key());
        QVERIFY(crypto::verify(node_a.public_key(), digest, auth->signature));
    }

    // --- Frames ---------------------------------------------------------------

    void counters_increase_and_frames_open_in_order_only() {
        const auto key_a = crypto::KeyPair::generate();
        const auto key_b = crypto::KeyPair::generate();
        Pair p{Handshake(key_a, group_of(9)), Handshake(key_b, group_of(9))};
        p.run();
        Session a = *p.a.take_session();
        Session b = *p.b.take_session();
        // Frame 0 of each direction carried the handshake.
        QCOMPARE(a.sealer.counter_next(), std::uint64_t(1));
        QCOMPARE(b.opener.counter_next(), std::uint64_t(1));

        std::vector<Bytes> frames;
        for (int i = 0; i < 3; ++i) frames.push_back(*a.sealer.seal(text("message")));
        QCOMPARE(a.sealer.counter_next(), std::uint64_t(4));
        // Equal plaintexts give different ciphertexts: the nonce moved.
        QVERIFY(frames[0] != frames[1]);

        QVERIFY(!b.opener.open(body_of(frames[1]))); // reordered
        QVERIFY(b.opener.open(body_of(frames[0])));
        QVERIFY(!b.opener.open(body_of(frames[0]))); // replayed
        QVERIFY(b.opener.open(body_of(frames[1])));
        QVERIFY(b.opener.open(body_of(frames[2])));
        QCOMPARE(b.opener.counter_next(), std::uint64_t(4));
    }

    void tampered_frame_fails_to_open() {
        SymmetricKey key{};
        key.fill(0x42);
        FrameSealer sealer(key);
        const Bytes frame = *sealer.seal(text("pay 10 to alice"));
        QCOMPARE(frame.size(), kLengthPrefixBytes + 15 + kTagBytes);
        QCOMPARE(frame[3], std::uint8_t(15 + kTagBytes)); // big-endian length of the body

        for (std::size_t i = 0; i < frame.size() - kLengthPrefixBytes; ++i) {
            Bytes body(frame.begin() + kLengthPrefixBytes, frame.end());
            body[i] ^= 0x80;
            FrameOpener opener(key);
            QVERIFY2(!opener.open(body), "a flipped bit went unnoticed");
            QCOMPARE(opener.counter_next(), std::uint64_t(0));
        }
        FrameOpener opener(key);
        const Bytes truncated(frame.begin() + kLengthPrefixBytes, frame.end() - 1);
        QVERIFY(!opener.open(truncated));
        SymmetricKey other = key;
        other[0] ^= 1;
        QVERIFY(!FrameOpener(other).open(body_of(frame)));
        QCOMPARE(*opener.open(body_of(frame)), text("pay 10 to alice"));
    }

    void nonce_is_counter_big_endian() {
        const auto nonce = frame_nonce(0x0102030405060708u);
        const std::array<std::uint8_t, 12> expected{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        QVERIFY(nonce == expected);
    }

    void sealer_stops_before_the_counter_wraps() {
        SymmetricKey key{};
        FrameSealer sealer(key, kFrameCounterLast - 1);
        QVERIFY(sealer.seal(text("last")).has_value());
        QVERIFY(sealer.exhausted());
        QVERIFY(!sealer.seal(text("one more")).has_value());
        FrameOpener opener(key, kFrameCounterLast);
        QVERIFY(!opener.open(Bytes(kFrameBytesMin, 0)));
    }

    void sealer_refuses_empty_and_oversized_messages() {
        FrameSealer sealer(SymmetricKey{});
        QVERIFY(!sealer.seal({}).has_value());
        QVERIFY(!sealer.seal(Bytes(kMessageBytesMax + 1, 0)).has_value());
        QCOMPARE(sealer.counter_next(), std::uint64_t(0));
        static_assert(kFrameBytesMax >= kBlockBytesMax);
    }

    void moved_from_sealer_cannot_reuse_a_nonce() {
        FrameSealer first(SymmetricKey{});
        FrameSealer second(std::move(first));
        QVERIFY(first.exhausted());
        QVERIFY(!first.seal(text("x")).has_value());
        QVERIFY(second.seal(text("x")).has_value());
    }

    // --- Assembler ------------------------------------------------------------

    void assembler_rejects_large_length_before_the_body() {
        FrameAssembler assembler(1000);
        QCOMPARE(assembler.bytes_wanted(), std::size_t(4));
        const Bytes prefix{0, 0, 0x03, 0xe9}; // 1001
        QCOMPARE(assembler.feed(prefix), FrameAssembler::Feed::TooLarge);
        FrameAssembler huge;
        const Bytes max_prefix{0xff, 0xff, 0xff, 0xff};
        QCOMPARE(huge.feed(max_prefix), FrameAssembler::Feed::TooLarge);
        FrameAssembler small;
        const Bytes tiny{0, 0, 0, 16};
        QCOMPARE(small.feed(tiny), FrameAssembler::Feed::TooSmall);
    }

    void assembler_cuts_a_stream_byte_by_byte() {
        SymmetricKey key{};
        FrameSealer sealer(key);
        Bytes stream = *sealer.seal(text("one"));
        const Bytes second = *sealer.seal(text("two!"));
        stream.insert(stream.end(), second.begin(), second.end());

        FrameAssembler assembler;
        FrameOpener opener(key);
        std::vector<Bytes> got;
        for (std::uint8_t byte : stream) {
            QVERIFY(assembler.bytes_wanted() >= 1);
            const auto result = assembler.feed(ByteView(&byte, 1));
            QVERIFY(result == FrameAssembler::Feed::NeedMore ||
                    result == FrameAssembler::Feed::FrameReady);
            if (result == FrameAssembler::Feed::FrameReady)
                got.push_back(*opener.open(assembler.take_body()));
        }
        QCOMPARE(got.size(), std::size_t(2));
        QCOMPARE(got[0], text("one"));
        QCOMPARE(got[1], text("two!"));
        QCOMPARE(assembler.bytes_buffered(), std::size_t(0));
    }

    void assembler_never_accepts_more_than_wanted() {
        FrameAssembler assembler;
        const Bytes five{0, 0, 0, 20, 0};
        QCOMPARE(assembler.feed(five), FrameAssembler::Feed::TooLarge);
    }
};

QTEST_GUILESS_MAIN(TestHandshake)
#include "test_handshake.moc"
