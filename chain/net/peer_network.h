#pragma once
// PeerNetwork: the node's TCP connections to the other nodes of its group.
//
// Every connection runs the handshake of net/handshake.h, then carries
// encrypted frames (net/frame.h) holding one message each (net/messages.h).
// The network decodes, checks and queues; it never interprets a transaction,
// a block or a consensus message: those go to the node through
// messageReceived. All of it runs on the thread that owns the object.
//
// Limits. Every buffer has a named maximum in NetworkConfig:
//   - a peer whose send queue would pass outbound_bytes_max_per_peer is
//     dropped (a slow reader must not make our memory grow);
//   - decoded messages wait in one inbound queue of at most
//     inbound_messages_max messages and about inbound_bytes_max bytes; while
//     it is full no socket is read, so TCP slows the senders down;
//   - Qt reads at most socket_read_buffer_bytes ahead per socket, and a frame
//     in progress holds at most kFrameBytesMax (kAuthFrameBytes during the
//     handshake, before the peer has proved who it is).
// Misbehaviour (a bad frame, an undecodable message, a failed handshake, a
// wrong group) drops the peer and bans its address and node key for
// ban_duration_ms; peerBanned reports why. Time comes from config.clock_ms,
// so tests can move it.

#include "crypto/crypto.h"
#include "net/handshake.h"
#include "net/messages.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

class QTcpServer;
class QTcpSocket;

namespace chain::net {

enum class DropReason : std::uint8_t {
    // Not the peer's fault: the connection ends, nothing is banned.
    ClosedByPeer,
    ConnectFailed,
    Shutdown,
    HandshakeTimeout,
    IdleTimeout,
    SendQueueFull,
    DuplicateConnection,
    SelfConnection,
    WrongVersion,
    TooManyPeers,
    Banned, // refused because the address or key is banned already
    CounterExhausted,
    // Misbehaviour: the connection ends and the address and key are banned.
    // Keep every banning reason from here on (drop_reason_bans relies on it).
    BadHello,
    BadHandshake,
    BadSignature,
    WrongGroup,
    PeerNotAllowed,
    FrameTooLarge,
    BadFrame,
    BadMessage,
    Misbehaved, // reported by the node (an invalid block, say) through ban_peer
};

bool drop_reason_bans(DropReason reason);
// Stable English text for logs and the UI ("wrong group", ...).
std::string_view drop_reason_text(DropReason reason);
DropReason drop_reason_for(HandshakeError error);

inline constexpr std::size_t kConfiguredPeersMax = 256;
inline constexpr std::size_t kReadChunkBytesMax = 64 * 1024;
// Messages handed out per event-loop turn, so sockets and timers keep being
// served while a backlog drains.
inline constexpr std::size_t kDeliveriesPerTurnMax = 64;

struct NetworkConfig {
    std::int64_t timeout_handshake_ms = 10'000;
    std::int64_t ping_interval_ms = 20'000;
    // Three missed pings: the peer is gone even if TCP has not noticed.
    std::int64_t timeout_idle_ms = 60'000;
    std::int64_t ban_duration_ms = 10 * 60'000;
    std::int64_t reconnect_delay_first_ms = 1'000;
    std::int64_t reconnect_delay_max_ms = 60'000;
    // How often timeouts, pings, bans and redials are checked.
    std::int64_t tick_interval_ms = 250;

    // One maximal frame plus room for the small messages queued behind it.
    std::size_t outbound_bytes_max_per_peer = kLengthPrefixBytes + kFrameBytesMax + 8 * 1024 * 1024;
    std::size_t inbound_messages_max = 1024;
    // Checked before each frame is read, so the queue can pass it by at most
    // one message (kMessageBytesMax).
    std::size_t inbound_bytes_max = 32 * 1024 * 1024;
    std::size_t socket_read_buffer_bytes = 256 * 1024;
    // Connections past their handshake; together with the per-peer maxima
    // this bounds the memory of the whole network layer.
    std::size_t peers_max = 32;
    std::size_t handshakes_pending_max = 8;
    std::size_t bans_max = 1024;

    // Which node keys may connect (validators, known peers); empty = all.
    PeerFilter peer_allowed;
    // Milliseconds since the Unix epoch; empty = the system clock.
    std::function<std::int64_t()> clock_ms;
};

// A row of the peer list shown by the UI.
struct PeerInfo {
    QString peer_id; // node public key, hex
    QString address; // host:port of the remote end
    bool outbound = false;
    std::int64_t connected_since_ms = 0;
    std::uint64_t bytes_in = 0; // wire bytes, handshake included
    std::uint64_t bytes_out = 0;
    std::uint64_t bytes_queued = 0; // accepted by send() but not yet on the wire
    bool low_delay = false;         // TCP_NODELAY, as the socket reports it
};

// "host:port", "[v6]:port"; nullopt for anything else or port 0.
std::optional<std::pair<QString, quint16>> parse_host_port(const QString& text);
QString peer_id_of(const PublicKey& node_key);

class PeerNetwork : public QObject {
    Q_OBJECT
public:
    PeerNetwork(const crypto::KeyPair& node_key, const Hash256& group_id, NetworkConfig config = {},
                QObject* parent = nullptr);
    ~PeerNetwork() override;

    // Accepts connections on address:port (port 0 = any free port).
    bool listen(const QHostAddress& address, quint16 port);
    quint16 listening_port() const;
    // A peer to stay connected to: dialed now, redialed with exponential
    // backoff after every failure. False for a malformed address or when
    // kConfiguredPeersMax are configured.
    bool add_peer(const QString& host_port);
    // Stops listening and drops every connection without emitting signals;
    // messages not yet delivered are discarded.
    void close();

    // False when the peer is not connected, the message is too large, or the
    // peer was dropped because its send queue is full.
    bool send(const QString& peer_id, const Message& message);
    // Sends to every connected peer except one (the peer a gossiped message
    // came from); returns how many peers it was queued for.
    std::size_t broadcast(const Message& message, const QString& except_peer_id = {});
    // For misbehaviour only the node can see (an invalid block, say).
    void ban_peer(const QString& peer_id);

    QString node_id() const;
    std::vector<PeerInfo> peers() const;
    // Wire bytes over every connection since this network started, closed
    // ones included (what this computer's part costs in traffic). Safe to
    // read from any thread.
    std::uint64_t bytes_received_total() const { return bytes_received_total_.load(); }
    std::uint64_t bytes_sent_total() const { return bytes_sent_total_.load(); }
    bool is_banned_host(const QString& host) const;
    bool is_banned_peer(const QString& peer_id) const;
    std::size_t inbound_pending() const { return inbound_.size(); }
    // While paused, decoded messages stay in the inbound queue instead of
    // being delivered; once the queue is full no socket is read, so a node
    // that is busy pushes back on its peers through TCP. Pings are still
    // answered for the frames already read.
    void set_delivery_paused(bool paused);
    bool delivery_paused() const { return delivery_paused_; }

signals:
    void peerConnected(const QString& peer_id, const QString& address);
    void peerDisconnected(const QString& peer_id, chain::net::DropReason reason);
    // A connection that ended before its handshake completed.
    void connectionFailed(const QString& address, chain::net::DropReason reason);
    // peer_id is empty when the peer never proved a key.
    void peerBanned(const QString& address, const QString& peer_id, chain::net::DropReason reason);
    void messageReceived(const QString& peer_id, const chain::net::Message& message);

private:
    struct Connection;
    struct ConfiguredPeer;
    struct Inbound {
        QString peer_id;
        Message message;
        std::size_t bytes = 0;
    };

    std::int64_t now_ms() const;
    Connection* find(std::uint64_t id) const;
    Connection* find_open(const QString& peer_id) const;
    std::size_t count_open() const;
    std::size_t count_handshaking() const;
    bool inbound_full() const;

    std::uint64_t adopt_socket(QTcpSocket* socket, bool outbound,
                               std::optional<std::size_t> configured);
    void on_new_connection();
    void on_connected(std::uint64_t id);
    void on_ready_read(std::uint64_t id);
    void on_socket_error(std::uint64_t id);
    bool consume(std::uint64_t id, ByteView chunk);
    bool consume_hello(std::uint64_t id, ByteView chunk);
    bool consume_frame(std::uint64_t id, ByteView chunk);
    bool finish_handshake(std::uint64_t id, ByteView auth_body);
    enum class Admission : std::uint8_t { NewPeer, Replacement, Refused };
    Admission admit_duplicate(std::uint64_t id);
    void open_connection(Connection& c);
    bool on_frame(std::uint64_t id, ByteView body);
    bool write_raw(std::uint64_t id, ByteView bytes);
    bool send_to(std::uint64_t id, const Bytes& plaintext);
    void drop(std::uint64_t id, DropReason reason, bool notify = true);
    void release_socket(QTcpSocket* socket);

    void record_ban(const QString& host, const QString& peer_id, std::int64_t now);
    void schedule_delivery();
    void deliver_pending();
    void resume_reading();

    void on_tick();
    void check_timeouts(std::int64_t now);
    void expire_bans(std::int64_t now);
    void dial_due_peers(std::int64_t now);
    void dial(std::size_t configured_index);
    void after_configured_drop(std::size_t configured_index, DropReason reason, std::int64_t now);

    crypto::KeyPair node_key_;
    Hash256 group_id_{};
    NetworkConfig config_;
    QTcpServer* server_ = nullptr;
    QTimer tick_timer_;
    std::uint64_t next_connection_id_ = 1;
    std::uint64_t next_ping_nonce_ = 1;
    std::map<std::uint64_t, std::unique_ptr<Connection>> connections_;
    std::atomic<std::uint64_t> bytes_received_total_{0};
    std::atomic<std::uint64_t> bytes_sent_total_{0};
    std::vector<ConfiguredPeer> configured_;
    std::map<QString, std::int64_t> banned_hosts_until_ms_;
    std::map<QString, std::int64_t> banned_peers_until_ms_;
    std::deque<Inbound> inbound_;
    std::size_t inbound_bytes_ = 0;
    bool delivery_scheduled_ = false;
    bool delivery_paused_ = false;
};

} // namespace chain::net

Q_DECLARE_METATYPE(chain::net::DropReason)
Q_DECLARE_METATYPE(chain::net::Message)
