// PeerNetwork over real TCP on 127.0.0.1: several nodes in one process, plus
// a hand-driven "raw" peer for the misbehaviour the real class never commits.
#include "consensus/messages.h"
#include "net/peer_network.h"
#include "raw_peer.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace chain;
using namespace chain::net;
using namespace chain::net::testing;

namespace {

constexpr int kWaitMs = 5000;

Hash256 group_of(std::uint8_t seed) {
    Hash256 id{};
    id.fill(seed);
    return id;
}

// Every node of a test shares one clock that only the test moves, so bans,
// backoff and timeouts happen exactly when a test says so.
struct Clock {
    std::int64_t now_ms = 1'700'000'000'000;
};

NetworkConfig test_config(Clock& clock) {
    NetworkConfig config;
    config.clock_ms = [&clock] { return clock.now_ms; };
    config.tick_interval_ms = 5;
    config.reconnect_delay_first_ms = 100;
    config.reconnect_delay_max_ms = 800;
    return config;
}

struct TestNode {
    crypto::KeyPair key;
    std::unique_ptr<PeerNetwork> net;

    TestNode(const Hash256& group, NetworkConfig config,
             const crypto::KeyPair& node_key = crypto::KeyPair::generate())
        : key(node_key), net(std::make_unique<PeerNetwork>(key, group, std::move(config))) {}
    TestNode(Clock& clock, const Hash256& group) : TestNode(group, test_config(clock)) {}

    QString id() const { return peer_id_of(key.public_key()); }
    quint16 listen() {
        if (!net->listen(QHostAddress::LocalHost, 0)) return 0;
        return net->listening_port();
    }
    bool connected_to(const TestNode& other) const {
        for (const PeerInfo& p : net->peers())
            if (p.peer_id == other.id()) return true;
        return false;
    }
};

QString local(quint16 port) { return QStringLiteral("127.0.0.1:%1").arg(port); }

// Collects what a node receives, in order.
struct Inbox {
    std::vector<std::pair<QString, Message>> messages;
    explicit Inbox(PeerNetwork& net) {
        QObject::connect(
            &net, &PeerNetwork::messageReceived, &net,
            [this](const QString& peer, const Message& m) { messages.emplace_back(peer, m); });
    }
    bool has(const QString& from, const Message& m) const {
        return std::any_of(messages.begin(), messages.end(), [&](const auto& entry) {
            return entry.first == from && entry.second == m;
        });
    }
};

DropReason reason_at(const QSignalSpy& spy, int row, int column) {
    return spy.at(row).at(column).value<DropReason>();
}

bool spy_has_reason(const QSignalSpy& spy, int column, DropReason reason) {
    for (int i = 0; i < spy.size(); ++i)
        if (reason_at(spy, i, column) == reason) return true;
    return false;
}

Hash256 hash_of(std::uint8_t seed) {
    Hash256 h{};
    h.fill(seed);
    return h;
}

} // namespace

class TestNetwork : public QObject {
    Q_OBJECT

private slots:
    void two_nodes_exchange_messages_both_ways() {
        Clock clock;
        TestNode a(clock, group_of(1));
        TestNode b(clock, group_of(1));
        QSignalSpy a_connected(a.net.get(), &PeerNetwork::peerConnected);
        const quint16 port = a.listen();
        QVERIFY(port != 0);
        QVERIFY(b.net->add_peer(local(port)));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        QCOMPARE(a_connected.size(), 1);
        QCOMPARE(a_connected.at(0).at(0).toString(), b.id());

        Inbox a_inbox(*a.net);
        Inbox b_inbox(*b.net);
        const Message tx = TransactionMessage{Bytes{1, 2, 3, 4}};
        const Message status = StatusMessage{7, group_of(0x77), true};
        const Message request = BlockRequest{3, 2};
        QVERIFY(a.net->send(b.id(), tx));
        QVERIFY(b.net->send(a.id(), status));
        QVERIFY(b.net->send(a.id(), request));
        QTRY_VERIFY_WITH_TIMEOUT(b_inbox.has(a.id(), tx), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(a_inbox.has(b.id(), status) && a_inbox.has(b.id(), request),
                                 kWaitMs);
        QCOMPARE(a_inbox.messages.size(), std::size_t(2));
        QVERIFY(a_inbox.messages[0].second == status); // order kept

        QVERIFY(!a.net->send(QStringLiteral("00"), tx)); // not a peer

        const PeerInfo info = b.net->peers().at(0);
        QVERIFY(info.outbound);
        QCOMPARE(info.address, local(port));
        QCOMPARE(info.connected_since_ms, clock.now_ms);
        QVERIFY(info.bytes_in >= kHelloBytes + kLengthPrefixBytes + kAuthFrameBytes);
        QVERIFY(info.bytes_out > kHelloBytes + kLengthPrefixBytes + kAuthFrameBytes);
        QVERIFY(!a.net->peers().at(0).outbound);
        // Both ends send small frames at once (no Nagle wait for the peer's delayed ack),
        // the dialing end included, whose socket did not exist when it was set up.
        QVERIFY(info.low_delay);
        QVERIFY(a.net->peers().at(0).low_delay);
    }

    void large_block_response_crosses_intact() {
        Clock clock;
        TestNode a(clock, group_of(1));
        TestNode b(clock, group_of(1));
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        Inbox b_inbox(*b.net);
        Bytes block = crypto::random_bytes(3 * 1024 * 1024);
        const Message response = BlockResponse{5, {BlockWithCertificate{block, Bytes(500, 4)}}};
        QVERIFY(a.net->send(b.id(), response));
        QTRY_VERIFY_WITH_TIMEOUT(b_inbox.has(a.id(), response), kWaitMs);
    }

    void broadcast_reaches_every_peer() {
        Clock clock;
        TestNode a(clock, group_of(2));
        TestNode b(clock, group_of(2));
        TestNode c(clock, group_of(2));
        const quint16 port_a = a.listen();
        const quint16 port_b = b.listen();
        c.listen();
        b.net->add_peer(local(port_a));
        c.net->add_peer(local(port_a));
        c.net->add_peer(local(port_b));
        QTRY_VERIFY_WITH_TIMEOUT(a.net->peers().size() == 2 && b.net->peers().size() == 2 &&
                                     c.net->peers().size() == 2,
                                 kWaitMs);
        Inbox a_inbox(*a.net);
        Inbox b_inbox(*b.net);
        Inbox c_inbox(*c.net);

        const Message vote = ConsensusMessage{Bytes{0xc0, 0xfe}};
        QCOMPARE(a.net->broadcast(vote), std::size_t(2));
        QTRY_VERIFY_WITH_TIMEOUT(b_inbox.has(a.id(), vote) && c_inbox.has(a.id(), vote), kWaitMs);

        // Gossip does not echo a message back to where it came from.
        const Message tx = TransactionMessage{Bytes{5}};
        QCOMPARE(c.net->broadcast(tx, /*except_peer_id=*/b.id()), std::size_t(1));
        QTRY_VERIFY_WITH_TIMEOUT(a_inbox.has(c.id(), tx), kWaitMs);
        QTest::qWait(100);
        QVERIFY(!b_inbox.has(c.id(), tx));

        // And the other way round, from a peer that only accepted connections.
        const Message ping_free = StatusMessage{1, {}, false};
        QCOMPARE(b.net->broadcast(ping_free), std::size_t(2));
        QTRY_VERIFY_WITH_TIMEOUT(a_inbox.has(b.id(), ping_free) && c_inbox.has(b.id(), ping_free),
                                 kWaitMs);
    }

    void simultaneous_dials_leave_one_connection() {
        Clock clock;
        TestNode a(clock, group_of(3));
        TestNode b(clock, group_of(3));
        const quint16 port_a = a.listen();
        const quint16 port_b = b.listen();
        QSignalSpy a_connected(a.net.get(), &PeerNetwork::peerConnected);
        QSignalSpy a_disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        QSignalSpy b_connected(b.net.get(), &PeerNetwork::peerConnected);
        QSignalSpy b_disconnected(b.net.get(), &PeerNetwork::peerDisconnected);
        a.net->add_peer(local(port_b));
        b.net->add_peer(local(port_a));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        QTest::qWait(200);
        QCOMPARE(a.net->peers().size(), std::size_t(1));
        QCOMPARE(b.net->peers().size(), std::size_t(1));
        // Both kept the same connection: one side dialed it, the other accepted it.
        QVERIFY(a.net->peers()[0].outbound != b.net->peers()[0].outbound);
        // A side may briefly open the losing connection and see it closed by
        // the other before the winner is up; every such disconnect is then
        // followed by a connect, so the peer ends up connected once.
        QCOMPARE(a_connected.size() - a_disconnected.size(), 1);
        QCOMPARE(b_connected.size() - b_disconnected.size(), 1);
        Inbox b_inbox(*b.net);
        QVERIFY(a.net->send(b.id(), TransactionMessage{Bytes{1}}));
        QTRY_VERIFY_WITH_TIMEOUT(b_inbox.has(a.id(), TransactionMessage{Bytes{1}}), kWaitMs);
    }

    void oversized_frame_length_disconnects_and_bans() {
        Clock clock;
        TestNode a(clock, group_of(4));
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        RawPeer raw;
        QCOMPARE(raw.handshake(a.listen(), group_of(4)), HandshakeError::None);
        QTRY_COMPARE_WITH_TIMEOUT(a.net->peers().size(), std::size_t(1), kWaitMs);

        // Only the prefix is sent: the body never comes, the length alone is enough.
        const std::uint32_t length = std::uint32_t(kFrameBytesMax + 1);
        const Bytes prefix{std::uint8_t(length >> 24), std::uint8_t(length >> 16),
                           std::uint8_t(length >> 8), std::uint8_t(length)};
        raw.write(prefix);
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::FrameTooLarge);
        QCOMPARE(banned.at(0).at(1).toString(), peer_id_of(raw.key.public_key()));
        QCOMPARE(disconnected.size(), 1);
        QCOMPARE(reason_at(disconnected, 0, 1), DropReason::FrameTooLarge);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), kWaitMs);
        QVERIFY(a.net->peers().empty());
        QVERIFY(a.net->is_banned_host(QStringLiteral("127.0.0.1")));
        QVERIFY(a.net->is_banned_peer(peer_id_of(raw.key.public_key())));
    }

    void frame_failing_authentication_disconnects_and_bans() {
        Clock clock;
        TestNode a(clock, group_of(4));
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        RawPeer raw;
        QCOMPARE(raw.handshake(a.listen(), group_of(4)), HandshakeError::None);
        Bytes frame = *raw.session->sealer.seal(encode_message(Ping{3}));
        frame.back() ^= 0x01; // the tag
        raw.write(frame);
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::BadFrame);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), kWaitMs);
    }

    void undecodable_message_disconnects_and_bans() {
        Clock clock;
        TestNode a(clock, group_of(4));
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        Inbox inbox(*a.net);
        RawPeer raw;
        QCOMPARE(raw.handshake(a.listen(), group_of(4)), HandshakeError::None);
        const Message ok = TransactionMessage{Bytes{1}};
        raw.send(ok);
        const Bytes unknown_tag{0x99, 1, 2, 3};
        raw.write(*raw.session->sealer.seal(unknown_tag));
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::BadMessage);
        QCOMPARE(drop_reason_text(DropReason::BadMessage), std::string_view("undecodable message"));
        // What came before the bad message was valid and was delivered.
        QTRY_VERIFY_WITH_TIMEOUT(inbox.has(peer_id_of(raw.key.public_key()), ok), kWaitMs);
    }

    void garbage_bans_the_address_until_expiry() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        TestNode a(group_of(5), config);
        const quint16 port = a.listen();
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        QSignalSpy failed(a.net.get(), &PeerNetwork::connectionFailed);

        RawPeer garbage;
        QVERIFY(garbage.connect_to(port));
        garbage.write(Bytes(kHelloBytes, 0x41));
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::BadHello);
        QVERIFY(banned.at(0).at(1).toString().isEmpty()); // no key was ever proved
        QTRY_VERIFY_WITH_TIMEOUT(garbage.closed(), kWaitMs);
        QVERIFY(a.net->is_banned_host(QStringLiteral("127.0.0.1")));

        // An honest node on the banned address is refused at accept...
        TestNode b(clock, group_of(5));
        QSignalSpy b_failed(b.net.get(), &PeerNetwork::connectionFailed);
        failed.clear();
        QVERIFY(b.net->add_peer(local(port)));
        QTRY_VERIFY_WITH_TIMEOUT(spy_has_reason(failed, 1, DropReason::Banned), kWaitMs);
        // b schedules its redial when it sees the close, by the clock of
        // that moment: wait for it before moving the clock.
        QTRY_COMPARE_WITH_TIMEOUT(b_failed.size(), 1, kWaitMs);
        QVERIFY(a.net->peers().empty());
        QVERIFY(b.net->peers().empty());

        // ...until just before the ban ends...
        failed.clear();
        clock.now_ms += config.ban_duration_ms - 1;
        QVERIFY(a.net->is_banned_host(QStringLiteral("127.0.0.1")));
        QTRY_COMPARE_WITH_TIMEOUT(b_failed.size(), 2,
                                  kWaitMs); // b tried again and was refused again
        QVERIFY(spy_has_reason(failed, 1, DropReason::Banned));
        QVERIFY(a.net->peers().empty());

        // ...and is let in once it has ended, at b's next redial.
        clock.now_ms += 1;
        QVERIFY(!a.net->is_banned_host(QStringLiteral("127.0.0.1")));
        clock.now_ms += config.reconnect_delay_max_ms;
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
    }

    void wrong_group_is_refused() {
        Clock clock;
        TestNode a(clock, group_of(6));
        TestNode b(clock, group_of(7));
        QSignalSpy a_banned(a.net.get(), &PeerNetwork::peerBanned);
        QSignalSpy b_failed(b.net.get(), &PeerNetwork::connectionFailed);
        QSignalSpy a_connected(a.net.get(), &PeerNetwork::peerConnected);
        b.net->add_peer(local(a.listen()));
        QTRY_COMPARE_WITH_TIMEOUT(a_banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(a_banned, 0, 2), DropReason::WrongGroup);
        QCOMPARE(drop_reason_text(reason_at(a_banned, 0, 2)), std::string_view("wrong group"));
        QCOMPARE(a_banned.at(0).at(1).toString(),
                 b.id()); // b proved its key, then its group was wrong
        QTRY_VERIFY_WITH_TIMEOUT(b_failed.size() >= 1, kWaitMs);
        const DropReason b_reason = reason_at(b_failed, 0, 1);
        // b learns it either from a's signed frame 0 or from the closed socket.
        QVERIFY(b_reason == DropReason::WrongGroup || b_reason == DropReason::ClosedByPeer);
        QCOMPARE(a_connected.size(), 0);
        QVERIFY(a.net->peers().empty() && b.net->peers().empty());
        QVERIFY(a.net->is_banned_peer(b.id()));
    }

    void filter_refuses_unknown_keys() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        const auto allowed = crypto::KeyPair::generate();
        config.peer_allowed = [&](const PublicKey& k) { return k == allowed.public_key(); };
        TestNode a(group_of(8), config);
        TestNode stranger(clock, group_of(8));
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        stranger.net->add_peer(local(a.listen()));
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::PeerNotAllowed);
        QVERIFY(a.net->peers().empty());
    }

    void slow_reader_cannot_grow_the_send_queue() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        config.outbound_bytes_max_per_peer = 2 * 1024 * 1024;
        TestNode a(group_of(9), config);
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        RawPeer slow;
        QCOMPARE(slow.handshake(a.listen(), group_of(9)), HandshakeError::None);
        QTRY_COMPARE_WITH_TIMEOUT(a.net->peers().size(), std::size_t(1), kWaitMs);
        // The raw peer stops reading: Qt holds at most 4 KiB for it, then the
        // kernel buffers fill, then a's queue grows.
        slow.socket.setReadBufferSize(4096);

        const QString slow_id = peer_id_of(slow.key.public_key());
        const Message chunk = ConsensusMessage{Bytes(256 * 1024, 0x5a)};
        std::uint64_t queued_max = 0;
        std::size_t accepted = 0;
        for (int i = 0; i < 4000; ++i) {
            if (!a.net->send(slow_id, chunk)) break;
            ++accepted;
            for (const PeerInfo& p : a.net->peers())
                queued_max = std::max(queued_max, p.bytes_queued);
            QCoreApplication::processEvents();
        }
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, kWaitMs);
        QCOMPARE(reason_at(disconnected, 0, 1), DropReason::SendQueueFull);
        QVERIFY(queued_max <= config.outbound_bytes_max_per_peer);
        QVERIFY2(queued_max > config.outbound_bytes_max_per_peer / 2,
                 "the queue was never put under pressure");
        // More was accepted than the cap: the kernel took its share first.
        QVERIFY(accepted * 256 * 1024 > config.outbound_bytes_max_per_peer);
        // Slowness is not misbehaviour.
        QVERIFY(!a.net->is_banned_peer(slow_id));
        QVERIFY(!a.net->is_banned_host(QStringLiteral("127.0.0.1")));
    }

    void inbound_queue_stays_within_its_cap() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        config.inbound_messages_max = 4;
        TestNode a(group_of(10), config);
        TestNode b(clock, group_of(10));
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);

        std::vector<std::uint64_t> heights;
        std::size_t pending_max = 0;
        QObject::connect(a.net.get(), &PeerNetwork::messageReceived, a.net.get(),
                         [&](const QString&, const Message& m) {
                             pending_max = std::max(pending_max, a.net->inbound_pending());
                             heights.push_back(std::get<StatusMessage>(m).height);
                         });
        constexpr std::uint64_t kCount = 300;
        for (std::uint64_t h = 1; h <= kCount; ++h)
            QVERIFY(b.net->send(a.id(), StatusMessage{h, {}, false}));
        QTRY_COMPARE_WITH_TIMEOUT(heights.size(), std::size_t(kCount), kWaitMs);
        QVERIFY(pending_max < config.inbound_messages_max);
        for (std::uint64_t i = 0; i < kCount; ++i) QCOMPARE(heights[i], i + 1);
    }

    void handshake_timeout_drops_without_ban() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        TestNode a(group_of(11), config);
        QSignalSpy failed(a.net.get(), &PeerNetwork::connectionFailed);
        RawPeer silent;
        QVERIFY(silent.connect_to(a.listen()));
        // a's hello proves it accepted (and started the handshake clock)
        // before the clock moves.
        Bytes hello;
        QVERIFY(silent.read_exactly(kHelloBytes, hello));
        QTest::qWait(50);
        QCOMPARE(failed.size(), 0);
        clock.now_ms += config.timeout_handshake_ms;
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
        QCOMPARE(reason_at(failed, 0, 1), DropReason::HandshakeTimeout);
        QTRY_VERIFY_WITH_TIMEOUT(silent.closed(), kWaitMs);
        QVERIFY(!a.net->is_banned_host(QStringLiteral("127.0.0.1")));
    }

    void idle_peer_is_pinged_then_dropped() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        TestNode a(group_of(12), config);
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        RawPeer quiet;
        QCOMPARE(quiet.handshake(a.listen(), group_of(12)), HandshakeError::None);
        QTRY_COMPARE_WITH_TIMEOUT(a.net->peers().size(), std::size_t(1), kWaitMs);
        clock.now_ms += config.ping_interval_ms;
        // a pings; the raw peer reads the ping but never answers.
        Bytes frame;
        QVERIFY(quiet.read_exactly(kLengthPrefixBytes, frame));
        const std::size_t body_length = (std::size_t(frame[2]) << 8) | frame[3];
        Bytes body;
        QVERIFY(quiet.read_exactly(body_length, body));
        const auto ping = decode_message(*quiet.session->opener.open(body));
        QVERIFY(ping && std::holds_alternative<Ping>(*ping));
        QCOMPARE(disconnected.size(), 0);
        clock.now_ms += config.timeout_idle_ms;
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, kWaitMs);
        QCOMPARE(reason_at(disconnected, 0, 1), DropReason::IdleTimeout);
    }

    void ping_is_answered_by_the_network() {
        Clock clock;
        TestNode a(clock, group_of(13));
        Inbox inbox(*a.net);
        RawPeer raw;
        QCOMPARE(raw.handshake(a.listen(), group_of(13)), HandshakeError::None);
        raw.send(Ping{0xabcdef});
        Bytes prefix;
        QVERIFY(raw.read_exactly(kLengthPrefixBytes, prefix));
        Bytes body;
        QVERIFY(raw.read_exactly(prefix[3], body));
        const auto pong = decode_message(*raw.session->opener.open(body));
        QVERIFY(pong && *pong == Message(Pong{0xabcdef}));
        QVERIFY(inbox.messages.empty()); // the node never sees pings
    }

    void configured_peer_is_redialed_with_backoff() {
        Clock clock;
        TestNode a(clock, group_of(14));
        auto b = std::make_unique<TestNode>(clock, group_of(14));
        const quint16 port_b = b->listen();
        const crypto::KeyPair key_b = b->key;
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        QSignalSpy connected(a.net.get(), &PeerNetwork::peerConnected);
        a.net->add_peer(local(port_b));
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, kWaitMs);

        b.reset(); // b goes away
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, kWaitMs);
        QCOMPARE(reason_at(disconnected, 0, 1), DropReason::ClosedByPeer);

        // While b is down, each failed dial doubles the delay; the clock
        // does not move, so a dials no more than once.
        QSignalSpy failed(a.net.get(), &PeerNetwork::connectionFailed);
        clock.now_ms += 100; // first delay
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
        QCOMPARE(reason_at(failed, 0, 1), DropReason::ConnectFailed);
        QTest::qWait(100);
        QCOMPARE(failed.size(), 1);
        clock.now_ms += 199;
        QTest::qWait(100);
        QCOMPARE(failed.size(), 1); // second delay is 200 ms
        clock.now_ms += 1;
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 2, kWaitMs);

        // b comes back on the same port with the same key.
        TestNode b2(group_of(14), test_config(clock), key_b);
        QVERIFY(b2.net->listen(QHostAddress::LocalHost, port_b));
        clock.now_ms += 400;
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 2, kWaitMs);
        QCOMPARE(connected.at(1).at(0).toString(), peer_id_of(key_b.public_key()));
    }

    void self_dial_is_dropped_without_ban() {
        Clock clock;
        TestNode a(clock, group_of(15));
        QSignalSpy failed(a.net.get(), &PeerNetwork::connectionFailed);
        a.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(spy_has_reason(failed, 1, DropReason::SelfConnection), kWaitMs);
        QVERIFY(!a.net->is_banned_host(QStringLiteral("127.0.0.1")));
        QVERIFY(a.net->peers().empty());
        // Both ends of the loop may report it; after that the address is
        // known to be ourselves and is never dialed again.
        QTest::qWait(200);
        const auto failures = failed.size();
        QVERIFY(failures <= 2);
        for (int i = 0; i < 5; ++i) {
            clock.now_ms += test_config(clock).reconnect_delay_max_ms;
            QTest::qWait(50);
        }
        QCOMPARE(failed.size(), failures);
    }

    void ban_peer_from_the_node() {
        Clock clock;
        TestNode a(clock, group_of(16));
        TestNode b(clock, group_of(16));
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b), kWaitMs);
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        a.net->ban_peer(b.id());
        QCOMPARE(banned.size(), 1);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::Misbehaved);
        QVERIFY(a.net->peers().empty());
        QVERIFY(a.net->is_banned_peer(b.id()));
    }

    // Every message the node uses, proposals and votes included, crosses a
    // real connection unchanged and in order.
    void every_message_type_crosses_tcp() {
        Clock clock;
        const Hash256 group = group_of(20);
        TestNode a(clock, group);
        TestNode b(clock, group);
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        Inbox b_inbox(*b.net);

        consensus::Vote vote;
        vote.type = consensus::VoteType::Prevote;
        vote.height = 9;
        vote.round = 2;
        vote.block_hash = hash_of(0x99);
        vote.sign(group, a.key);
        consensus::Proposal proposal;
        proposal.height = 9;
        proposal.round = 2;
        proposal.block.header.group_id = group;
        proposal.block.header.height = 9;
        proposal.block.header.proposer = a.key.public_key();
        proposal.sign(group, a.key);

        const std::vector<Message> sent{
            StatusMessage{9, hash_of(0x88), true},
            TransactionMessage{crypto::random_bytes(300)},
            ConsensusMessage{consensus::encode_message(proposal)},
            ConsensusMessage{consensus::encode_message(vote)},
            BlockRequest{1, kBlocksPerRequestMax},
            BlockResponse{1, {BlockWithCertificate{crypto::random_bytes(2000), Bytes(300, 7)},
                              BlockWithCertificate{crypto::random_bytes(10), Bytes(300, 8)}}},
            BlockResponse{2, {}},
        };
        for (const Message& m : sent) QVERIFY(a.net->send(b.id(), m));
        QTRY_COMPARE_WITH_TIMEOUT(b_inbox.messages.size(), sent.size(), kWaitMs);
        for (std::size_t i = 0; i < sent.size(); ++i) {
            QCOMPARE(b_inbox.messages[i].first, a.id());
            QVERIFY2(b_inbox.messages[i].second == sent[i],
                     message_type_name(message_type(sent[i])).data());
        }
        // The consensus payloads still carry valid signatures at the far end.
        auto payload_at = [&](std::size_t i) {
            return std::get<ConsensusMessage>(b_inbox.messages[i].second).payload;
        };
        const auto got_proposal = consensus::decode_message(payload_at(2));
        QVERIFY(got_proposal && std::holds_alternative<consensus::Proposal>(*got_proposal));
        QVERIFY(std::get<consensus::Proposal>(*got_proposal)
                    .signature_valid(group, a.key.public_key()));
        const auto got_vote = consensus::decode_message(payload_at(3));
        QVERIFY(got_vote && std::holds_alternative<consensus::Vote>(*got_vote));
        QVERIFY(std::get<consensus::Vote>(*got_vote).signature_valid(group));
    }

    void forged_identity_is_refused_and_banned() {
        // A signature with one bit flipped, and a valid signature presented
        // under someone else's key: neither proves a key, so only the address
        // is banned.
        const std::vector<std::function<void(AuthPayload&)>> forgeries{
            [](AuthPayload& auth) { auth.signature[10] ^= 0x01; },
            [](AuthPayload& auth) { auth.node_key = crypto::KeyPair::generate().public_key(); },
        };
        for (const auto& tamper : forgeries) {
            Clock clock;
            TestNode a(clock, group_of(21));
            QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
            QSignalSpy connected(a.net.get(), &PeerNetwork::peerConnected);
            RawPeer forger;
            QVERIFY(forger.forged_handshake(a.listen(), group_of(21), tamper));
            QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
            QCOMPARE(reason_at(banned, 0, 2), DropReason::BadSignature);
            QVERIFY(banned.at(0).at(1).toString().isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(forger.closed(), kWaitMs);
            QCOMPARE(connected.size(), 0);
            QVERIFY(a.net->is_banned_host(QStringLiteral("127.0.0.1")));
            QVERIFY(!a.net->is_banned_peer(peer_id_of(forger.key.public_key())));
        }
    }

    void forged_handshake_control_is_accepted() {
        // The forging path untampered must succeed, so the refusals above are
        // caused by the forgery alone.
        Clock clock;
        TestNode a(clock, group_of(21));
        RawPeer honest;
        QVERIFY(honest.forged_handshake(a.listen(), group_of(21), [](AuthPayload&) {}));
        QTRY_COMPARE_WITH_TIMEOUT(a.net->peers().size(), std::size_t(1), kWaitMs);
        QCOMPARE(a.net->peers()[0].peer_id, peer_id_of(honest.key.public_key()));
    }

    void replayed_handshake_is_refused_and_banned() {
        Clock clock;
        TestNode a(clock, group_of(22));
        const quint16 port = a.listen();
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        QSignalSpy connected(a.net.get(), &PeerNetwork::peerConnected);
        RawPeer recorded;
        QCOMPARE(recorded.handshake(port, group_of(22)), HandshakeError::None);
        QTRY_COMPARE_WITH_TIMEOUT(connected.size(), 1, kWaitMs);
        QCOMPARE(recorded.written.size(), std::size_t(2)); // hello, auth frame

        // Someone who recorded those bytes plays them back on a new connection.
        RawPeer replayer;
        QVERIFY(replayer.connect_to(port));
        for (const Bytes& bytes : recorded.written) replayer.write(bytes);
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::BadHandshake);
        QVERIFY(banned.at(0).at(1).toString().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(replayer.closed(), kWaitMs);
        QCOMPARE(connected.size(), 1);
        // The genuine session is untouched (the ban refuses new connections only).
        QCOMPARE(a.net->peers().size(), std::size_t(1));
        QVERIFY(!recorded.closed());
    }

    void oversized_auth_frame_is_refused_before_its_body() {
        Clock clock;
        TestNode a(clock, group_of(23));
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        RawPeer raw;
        QVERIFY(raw.connect_to(a.listen()));
        raw.write(Handshake(raw.key, group_of(23)).hello());
        // One byte over the size of the only frame the handshake allows.
        raw.write(length_prefix(kAuthFrameBytes + 1));
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::BadHandshake);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), kWaitMs);
    }

    void tampered_ciphertext_disconnects_and_bans() {
        // One bit flipped in the ciphertext (the tag is covered above).
        Clock clock;
        TestNode a(clock, group_of(24));
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        Inbox inbox(*a.net);
        RawPeer raw;
        QCOMPARE(raw.handshake(a.listen(), group_of(24)), HandshakeError::None);
        Bytes frame = *raw.session->sealer.seal(encode_message(TransactionMessage{Bytes(40, 1)}));
        frame[kLengthPrefixBytes + 7] ^= 0x10;
        raw.write(frame);
        QTRY_COMPARE_WITH_TIMEOUT(banned.size(), 1, kWaitMs);
        QCOMPARE(reason_at(banned, 0, 2), DropReason::BadFrame);
        QCOMPARE(banned.at(0).at(1).toString(), peer_id_of(raw.key.public_key()));
        QCOMPARE(disconnected.size(), 1);
        QCOMPARE(reason_at(disconnected, 0, 1), DropReason::BadFrame);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), kWaitMs);
        QVERIFY(inbox.messages.empty());
        QVERIFY(a.net->is_banned_peer(peer_id_of(raw.key.public_key())));
    }

    void reordered_frames_are_refused() {
        Clock clock;
        TestNode a(clock, group_of(25));
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        Inbox inbox(*a.net);
        RawPeer raw;
        QCOMPARE(raw.handshake(a.listen(), group_of(25)), HandshakeError::None);
        const Bytes first = *raw.session->sealer.seal(encode_message(Ping{1}));
        const Bytes second =
            *raw.session->sealer.seal(encode_message(TransactionMessage{Bytes{2}}));
        raw.write(second); // counter 2 where 1 is expected
        raw.write(first);
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, kWaitMs);
        QCOMPARE(reason_at(disconnected, 0, 1), DropReason::BadFrame);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), kWaitMs);
        QVERIFY(inbox.messages.empty());
    }

    void replayed_frame_is_refused() {
        Clock clock;
        TestNode a(clock, group_of(26));
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        Inbox inbox(*a.net);
        RawPeer raw;
        QCOMPARE(raw.handshake(a.listen(), group_of(26)), HandshakeError::None);
        const Message tx = TransactionMessage{Bytes{3, 3}};
        const Bytes frame = *raw.session->sealer.seal(encode_message(tx));
        raw.write(frame);
        raw.write(frame); // the same counter again
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, kWaitMs);
        QCOMPARE(reason_at(disconnected, 0, 1), DropReason::BadFrame);
        QTRY_VERIFY_WITH_TIMEOUT(raw.closed(), kWaitMs);
        // The first copy was genuine and was delivered, once.
        QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), std::size_t(1), kWaitMs);
        QVERIFY(inbox.messages[0].second == tx);
    }

    void inbound_limit_stops_reading_until_delivery_resumes() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        config.inbound_messages_max = 4;
        TestNode a(group_of(27), config);
        TestNode b(clock, group_of(27));
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        Inbox inbox(*a.net);
        a.net->set_delivery_paused(true);

        constexpr std::uint64_t kCount = 200;
        for (std::uint64_t h = 1; h <= kCount; ++h)
            QVERIFY(b.net->send(a.id(), StatusMessage{h, {}, false}));
        QTRY_COMPARE_WITH_TIMEOUT(a.net->inbound_pending(), config.inbound_messages_max, kWaitMs);
        // Every frame has left b, but a stopped reading at the limit.
        QTRY_COMPARE_WITH_TIMEOUT(b.net->peers().at(0).bytes_queued, std::uint64_t(0), kWaitMs);
        const std::uint64_t read_while_full = a.net->peers().at(0).bytes_in;
        QTest::qWait(300);
        QCOMPARE(a.net->inbound_pending(), config.inbound_messages_max);
        QCOMPARE(a.net->peers().at(0).bytes_in, read_while_full);
        QVERIFY(read_while_full < b.net->peers().at(0).bytes_out);
        QVERIFY(inbox.messages.empty());

        a.net->set_delivery_paused(false);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), std::size_t(kCount), kWaitMs);
        for (std::uint64_t i = 0; i < kCount; ++i)
            QCOMPARE(std::get<StatusMessage>(inbox.messages[i].second).height, i + 1);
        QCOMPARE(a.net->peers().at(0).bytes_in, b.net->peers().at(0).bytes_out);
    }

    void inbound_byte_limit_stops_reading() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        config.inbound_bytes_max = 10 * 1024;
        TestNode a(group_of(28), config);
        TestNode b(clock, group_of(28));
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        Inbox inbox(*a.net);
        a.net->set_delivery_paused(true);
        const Message big = ConsensusMessage{Bytes(4096, 0x77)}; // 4,101 bytes encoded
        for (int i = 0; i < 20; ++i) QVERIFY(b.net->send(a.id(), big));
        // Two messages (8,202 bytes) are under the limit, so a third is read;
        // then the queue is over it and reading stops.
        QTRY_COMPARE_WITH_TIMEOUT(a.net->inbound_pending(), std::size_t(3), kWaitMs);
        QTest::qWait(300);
        QCOMPARE(a.net->inbound_pending(), std::size_t(3));
        a.net->set_delivery_paused(false);
        QTRY_COMPARE_WITH_TIMEOUT(inbox.messages.size(), std::size_t(20), kWaitMs);
    }

    void second_connection_with_a_connected_key_is_closed_quietly() {
        Clock clock;
        TestNode a(clock, group_of(29));
        TestNode b(clock, group_of(29));
        const quint16 port = a.listen();
        b.net->add_peer(local(port));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        QSignalSpy connected(a.net.get(), &PeerNetwork::peerConnected);
        QSignalSpy disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        QSignalSpy banned(a.net.get(), &PeerNetwork::peerBanned);

        // Another connection proving b's key, dialed in the same direction:
        // the one already open is kept.
        RawPeer twin;
        twin.key = b.key;
        QCOMPARE(twin.handshake(port, group_of(29)), HandshakeError::None);
        QTRY_VERIFY_WITH_TIMEOUT(twin.closed(), kWaitMs);
        QCOMPARE(connected.size(), 0);
        QCOMPARE(disconnected.size(), 0);
        QCOMPARE(banned.size(), 0);
        QCOMPARE(a.net->peers().size(), std::size_t(1));
        Inbox a_inbox(*a.net);
        const Message tx = TransactionMessage{Bytes{4}};
        QVERIFY(b.net->send(a.id(), tx));
        QTRY_VERIFY_WITH_TIMEOUT(a_inbox.has(b.id(), tx), kWaitMs);
    }

    void one_peer_configured_twice_keeps_one_connection() {
        // Two configured addresses that lead to one node (two names for one
        // machine, say): the second connection is refused as a duplicate,
        // and the address is then not dialed again while the peer is
        // connected. Quiet refusals emit no signal, so they are counted in
        // the log.
        static int duplicates_logged = 0;
        duplicates_logged = 0;
        QLoggingCategory::setFilterRules(QStringLiteral("rateio.net.info=true"));
        const QtMessageHandler previous =
            qInstallMessageHandler([](QtMsgType, const QMessageLogContext&, const QString& text) {
                if (text.contains(QLatin1String("duplicate connection"))) ++duplicates_logged;
            });
        Clock clock;
        TestNode a(clock, group_of(30));
        TestNode b(clock, group_of(30));
        const quint16 port = a.listen();
        QSignalSpy b_connected(b.net.get(), &PeerNetwork::peerConnected);
        b.net->add_peer(local(port));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        QVERIFY(b.net->add_peer(local(port)));
        // Both ends close the duplicate (or one closes it and the other sees
        // it end before its own handshake did).
        QTRY_VERIFY_WITH_TIMEOUT(duplicates_logged >= 1, kWaitMs);
        QTest::qWait(200);
        const int duplicates_first = duplicates_logged;
        for (int i = 0; i < 5; ++i) {
            clock.now_ms += test_config(clock).reconnect_delay_max_ms;
            QTest::qWait(100);
        }
        qInstallMessageHandler(previous);
        QLoggingCategory::setFilterRules(QString());
        QVERIFY(duplicates_first <= 2);
        QCOMPARE(duplicates_logged, duplicates_first); // no redial
        QCOMPARE(b_connected.size(), 1);
        QCOMPARE(a.net->peers().size(), std::size_t(1));
        QCOMPARE(b.net->peers().size(), std::size_t(1));
    }

    void ban_expiry_lets_a_banned_peer_back() {
        Clock clock;
        NetworkConfig config = test_config(clock);
        TestNode a(group_of(31), config);
        TestNode b(clock, group_of(31));
        QSignalSpy b_failed(b.net.get(), &PeerNetwork::connectionFailed);
        QSignalSpy b_disconnected(b.net.get(), &PeerNetwork::peerDisconnected);
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b), kWaitMs);
        a.net->ban_peer(b.id());
        QTRY_COMPARE_WITH_TIMEOUT(b_disconnected.size(), 1, kWaitMs);
        // b redials and is refused while the ban lasts.
        clock.now_ms += config.reconnect_delay_max_ms;
        QTRY_VERIFY_WITH_TIMEOUT(b_failed.size() >= 1, kWaitMs);
        QVERIFY(a.net->peers().empty());
        QVERIFY(a.net->is_banned_peer(b.id()));
        clock.now_ms += config.ban_duration_ms;
        QVERIFY(!a.net->is_banned_peer(b.id()));
        QVERIFY(!a.net->is_banned_host(QStringLiteral("127.0.0.1")));
        clock.now_ms += config.reconnect_delay_max_ms;
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
    }

    void close_drops_everything_quietly() {
        Clock clock;
        TestNode a(clock, group_of(32));
        TestNode b(clock, group_of(32));
        b.net->add_peer(local(a.listen()));
        QTRY_VERIFY_WITH_TIMEOUT(a.connected_to(b) && b.connected_to(a), kWaitMs);
        Inbox inbox(*a.net);
        QSignalSpy a_disconnected(a.net.get(), &PeerNetwork::peerDisconnected);
        QSignalSpy b_disconnected(b.net.get(), &PeerNetwork::peerDisconnected);
        a.net->set_delivery_paused(true);
        for (std::uint64_t h = 1; h <= 3; ++h)
            QVERIFY(b.net->send(a.id(), StatusMessage{h, {}, false}));
        QTRY_COMPARE_WITH_TIMEOUT(a.net->inbound_pending(), std::size_t(3), kWaitMs);

        a.net->close();
        a.net->set_delivery_paused(false);
        QCOMPARE(a.net->listening_port(), quint16(0));
        QVERIFY(a.net->peers().empty());
        QCOMPARE(a.net->inbound_pending(), std::size_t(0));
        QTRY_COMPARE_WITH_TIMEOUT(b_disconnected.size(), 1, kWaitMs);
        QCOMPARE(reason_at(b_disconnected, 0, 1), DropReason::ClosedByPeer);
        QTest::qWait(100);
        QVERIFY(inbox.messages.empty());
        QCOMPARE(a_disconnected.size(), 0);
    }

    void host_port_parsing() {
        QCOMPARE(parse_host_port(QStringLiteral("127.0.0.1:26656"))->second, quint16(26656));
        QCOMPARE(parse_host_port(QStringLiteral("node.example:1"))->first,
                 QStringLiteral("node.example"));
        QCOMPARE(parse_host_port(QStringLiteral("[::1]:80"))->first, QStringLiteral("::1"));
        QVERIFY(!parse_host_port(QStringLiteral("::1:80")));
        QVERIFY(!parse_host_port(QStringLiteral("host")));
        QVERIFY(!parse_host_port(QStringLiteral("host:0")));
        QVERIFY(!parse_host_port(QStringLiteral("host:65536")));
        QVERIFY(!parse_host_port(QStringLiteral(":80")));
        QVERIFY(!parse_host_port(QStringLiteral("host:")));
        QVERIFY(!parse_host_port(QStringLiteral("host:8x")));
    }
};

QTEST_GUILESS_MAIN(TestNetwork)
#include "test_network.moc"
