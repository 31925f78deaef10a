#include "net/peer_network.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>

#include <algorithm>

namespace chain::net {

Q_LOGGING_CATEGORY(lcNet, "rateio.net")

// --- Reasons ----------------------------------------------------------------

// The enum lists every banning reason after BadHello.
bool drop_reason_bans(DropReason reason) { return reason >= DropReason::BadHello; }

std::string_view drop_reason_text(DropReason reason) {
    switch (reason) {
    case DropReason::ClosedByPeer: return "closed by peer";
    case DropReason::ConnectFailed: return "connect failed";
    case DropReason::Shutdown: return "shutdown";
    case DropReason::HandshakeTimeout: return "handshake timeout";
    case DropReason::IdleTimeout: return "idle timeout";
    case DropReason::SendQueueFull: return "send queue full";
    case DropReason::DuplicateConnection: return "duplicate connection";
    case DropReason::SelfConnection: return "self connection";
    case DropReason::WrongVersion: return "wrong protocol version";
    case DropReason::TooManyPeers: return "too many peers";
    case DropReason::Banned: return "banned";
    case DropReason::CounterExhausted: return "frame counter exhausted";
    case DropReason::BadHello: return "bad hello";
    case DropReason::BadHandshake: return "bad handshake";
    case DropReason::BadSignature: return "bad handshake signature";
    case DropReason::WrongGroup: return "wrong group";
    case DropReason::PeerNotAllowed: return "peer not allowed";
    case DropReason::FrameTooLarge: return "frame too large";
    case DropReason::BadFrame: return "bad frame";
    case DropReason::BadMessage: return "undecodable message";
    case DropReason::Misbehaved: return "misbehaved";
    }
    return "unknown";
}

DropReason drop_reason_for(HandshakeError error) {
    switch (error) {
    case HandshakeError::BadHello: return DropReason::BadHello;
    case HandshakeError::WrongVersion: return DropReason::WrongVersion;
    case HandshakeError::BadSignature: return DropReason::BadSignature;
    case HandshakeError::WrongGroup: return DropReason::WrongGroup;
    case HandshakeError::PeerNotAllowed: return DropReason::PeerNotAllowed;
    case HandshakeError::SelfConnection: return DropReason::SelfConnection;
    case HandshakeError::None:
    case HandshakeError::BadEphemeralKey:
    case HandshakeError::ReflectedKey:
    case HandshakeError::BadAuthFrame:
    case HandshakeError::OutOfOrder: return DropReason::BadHandshake;
    }
    return DropReason::BadHandshake;
}

std::optional<std::pair<QString, quint16>> parse_host_port(const QString& text) {
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0 || colon == text.size() - 1) return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    // A bare IPv6 address without brackets is ambiguous about its port.
    if (host.isEmpty() || host.contains(QLatin1Char(':')) != text.startsWith(QLatin1Char('[')))
        return std::nullopt;
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok, 10);
    if (!ok || port == 0 || port > 65535) return std::nullopt;
    return std::pair{host, static_cast<quint16>(port)};
}

QString peer_id_of(const PublicKey& node_key) {
    return QString::fromStdString(codec::to_hex(node_key));
}

namespace {

// An IPv4 client of a dual-stack listener appears as ::ffff:a.b.c.d; bans
// must treat both spellings as one address.
QString normalized_host(const QHostAddress& address) {
    bool is_v4 = false;
    const quint32 v4 = address.toIPv4Address(&is_v4);
    return is_v4 ? QHostAddress(v4).toString() : address.toString();
}

} // namespace

// --- Private types ----------------------------------------------------------

struct PeerNetwork::Connection {
    enum class Phase : std::uint8_t { Connecting, AwaitHello, AwaitAuth, Open };

    std::uint64_t id = 0;
    QTcpSocket* socket = nullptr; // child of the PeerNetwork; released in drop()
    bool outbound = false;
    std::optional<std::size_t> configured_index;
    QString host; // the ban key
    QString address;
    Phase phase = Phase::Connecting;
    std::optional<Handshake> handshake;
    std::optional<Session> session;
    Bytes hello_received;
    FrameAssembler assembler{kAuthFrameBytes};
    PublicKey peer_key{};
    QString peer_id;
    std::int64_t phase_started_ms = 0;
    std::int64_t connected_since_ms = 0;
    std::int64_t last_received_ms = 0;
    std::int64_t last_ping_ms = 0;
    std::uint64_t bytes_in = 0;
    std::uint64_t bytes_out = 0;
};

struct PeerNetwork::ConfiguredPeer {
    QString host;
    quint16 port = 0;
    std::optional<std::uint64_t> connection_id;
    // Learned at the first handshake; while that key is connected through
    // any connection this address is not dialed again.
    std::optional<PublicKey> node_key;
    std::int64_t next_dial_ms = 0;
    std::int64_t delay_ms = 0;
    bool is_self = false;
};

// --- Construction -----------------------------------------------------------

PeerNetwork::PeerNetwork(const crypto::KeyPair& node_key, const Hash256& group_id,
                         NetworkConfig config, QObject* parent)
    : QObject(parent), node_key_(node_key), group_id_(group_id), config_(std::move(config)),
      tick_timer_(this) { // a child, so that moveToThread takes the timer along
    qRegisterMetaType<chain::net::DropReason>();
    qRegisterMetaType<chain::net::Message>();
    tick_timer_.setInterval(static_cast<int>(std::max<std::int64_t>(1, config_.tick_interval_ms)));
    connect(&tick_timer_, &QTimer::timeout, this, &PeerNetwork::on_tick);
    tick_timer_.start();
}

PeerNetwork::~PeerNetwork() { close(); }

std::int64_t PeerNetwork::now_ms() const {
    return config_.clock_ms ? config_.clock_ms() : QDateTime::currentMSecsSinceEpoch();
}

QString PeerNetwork::node_id() const { return peer_id_of(node_key_.public_key()); }

bool PeerNetwork::listen(const QHostAddress& address, quint16 port) {
    if (!server_) {
        server_ = new QTcpServer(this);
        connect(server_, &QTcpServer::newConnection, this, &PeerNetwork::on_new_connection);
    }
    if (server_->isListening()) server_->close();
    if (!server_->listen(address, port)) {
        qCWarning(lcNet) << "cannot listen on" << address << port << server_->errorString();
        return false;
    }
    return true;
}

quint16 PeerNetwork::listening_port() const {
    return server_ && server_->isListening() ? server_->serverPort() : 0;
}

bool PeerNetwork::add_peer(const QString& host_port) {
    const auto parsed = parse_host_port(host_port);
    if (!parsed || configured_.size() >= kConfiguredPeersMax) return false;
    ConfiguredPeer peer;
    peer.host = parsed->first;
    peer.port = parsed->second;
    peer.delay_ms = config_.reconnect_delay_first_ms;
    peer.next_dial_ms = now_ms();
    configured_.push_back(peer);
    dial_due_peers(now_ms());
    return true;
}

void PeerNetwork::close() {
    tick_timer_.stop();
    if (server_) server_->close();
    for (auto& [id, connection] : connections_) release_socket(connection->socket);
    connections_.clear();
    configured_.clear();
    // A delivery already scheduled must not hand the node messages after it
    // closed the network.
    inbound_.clear();
    inbound_bytes_ = 0;
}

// --- Lookups ----------------------------------------------------------------

PeerNetwork::Connection* PeerNetwork::find(std::uint64_t id) const {
    const auto it = connections_.find(id);
    return it == connections_.end() ? nullptr : it->second.get();
}

PeerNetwork::Connection* PeerNetwork::find_open(const QString& peer_id) const {
    for (const auto& [id, c] : connections_)
        if (c->phase == Connection::Phase::Open && c->peer_id == peer_id) return c.get();
    return nullptr;
}

std::size_t PeerNetwork::count_open() const {
    return static_cast<std::size_t>(
        std::count_if(connections_.begin(), connections_.end(), [](const auto& entry) {
            return entry.second->phase == Connection::Phase::Open;
        }));
}

std::size_t PeerNetwork::count_handshaking() const { return connections_.size() - count_open(); }

bool PeerNetwork::inbound_full() const {
    return inbound_.size() >= config_.inbound_messages_max ||
           inbound_bytes_ >= config_.inbound_bytes_max;
}

std::vector<PeerInfo> PeerNetwork::peers() const {
    std::vector<PeerInfo> out;
    for (const auto& [id, c] : connections_) {
        if (c->phase != Connection::Phase::Open) continue;
        PeerInfo info;
        info.peer_id = c->peer_id;
        info.address = c->address;
        info.outbound = c->outbound;
        info.connected_since_ms = c->connected_since_ms;
        info.bytes_in = c->bytes_in;
        info.bytes_out = c->bytes_out;
        info.bytes_queued =
            static_cast<std::uint64_t>(std::max<qint64>(0, c->socket->bytesToWrite()));
        info.low_delay = c->socket->socketOption(QAbstractSocket::LowDelayOption).toInt() != 0;
        out.push_back(info);
    }
    return out;
}

bool PeerNetwork::is_banned_host(const QString& host) const {
    const auto it = banned_hosts_until_ms_.find(host);
    return it != banned_hosts_until_ms_.end() && now_ms() < it->second;
}

bool PeerNetwork::is_banned_peer(const QString& peer_id) const {
    const auto it = banned_peers_until_ms_.find(peer_id);
    return it != banned_peers_until_ms_.end() && now_ms() < it->second;
}

// --- Connections ------------------------------------------------------------

std::uint64_t PeerNetwork::adopt_socket(QTcpSocket* socket, bool outbound,
                                        std::optional<std::size_t> configured) {
    auto connection = std::make_unique<Connection>();
    const std::uint64_t id = next_connection_id_++;
    connection->id = id;
    connection->socket = socket;
    connection->outbound = outbound;
    connection->configured_index = configured;
    connection->handshake.emplace(node_key_, group_id_);
    connection->phase_started_ms = now_ms();
    // Qt would otherwise read without limit ahead of us.
    socket->setReadBufferSize(static_cast<qint64>(config_.socket_read_buffer_bytes));
    // Consensus messages are small and latency-bound. Qt applies a socket
    // option only to a socket that exists: an outbound one gets it once
    // connected (on_connected), or Nagle's algorithm holds each small frame
    // until the peer's delayed acknowledgement, about 40 ms on Linux.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(socket, &QTcpSocket::connected, this, [this, id] { on_connected(id); });
    connect(socket, &QTcpSocket::readyRead, this, [this, id] { on_ready_read(id); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, id] { on_socket_error(id); });
    connect(socket, &QTcpSocket::disconnected, this, [this, id] { on_socket_error(id); });
    connections_.emplace(id, std::move(connection));
    return id;
}

void PeerNetwork::on_new_connection() {
    while (server_ && server_->hasPendingConnections()) {
        QTcpSocket* socket = server_->nextPendingConnection();
        if (!socket) return;
        socket->setParent(this);
        const QString host = normalized_host(socket->peerAddress());
        const QString address = host + QLatin1Char(':') + QString::number(socket->peerPort());
        std::optional<DropReason> refusal;
        if (is_banned_host(host))
            refusal = DropReason::Banned;
        else if (count_handshaking() >= config_.handshakes_pending_max ||
                 count_open() >= config_.peers_max)
            refusal = DropReason::TooManyPeers;
        if (refusal) {
            release_socket(socket);
            emit connectionFailed(address, *refusal);
            continue;
        }
        const std::uint64_t id = adopt_socket(socket, /*outbound=*/false, std::nullopt);
        Connection* c = find(id);
        c->host = host;
        c->address = address;
        on_connected(id);
    }
}

// Both sides send their hello at once; no round trip is spent on roles.
void PeerNetwork::on_connected(std::uint64_t id) {
    Connection* c = find(id);
    if (!c || c->phase != Connection::Phase::Connecting) return;
    if (c->outbound) {
        c->socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        // Ban on the address actually reached, whatever name was dialed.
        c->host = normalized_host(c->socket->peerAddress());
        if (is_banned_host(c->host)) {
            drop(id, DropReason::Banned);
            return;
        }
    }
    c->phase = Connection::Phase::AwaitHello;
    c->phase_started_ms = now_ms();
    c->last_received_ms = c->phase_started_ms;
    const Bytes hello = c->handshake->hello();
    if (!write_raw(id, hello)) return;
    on_ready_read(id);
}

void PeerNetwork::on_socket_error(std::uint64_t id) {
    Connection* c = find(id);
    if (!c) return;
    // Bytes that arrived before the close are still ours to judge: a peer
    // that sends garbage and hangs up is banned all the same.
    on_ready_read(id);
    c = find(id);
    if (!c) return;
    drop(id, c->phase == Connection::Phase::Connecting ? DropReason::ConnectFailed
                                                       : DropReason::ClosedByPeer);
}

void PeerNetwork::on_ready_read(std::uint64_t id) {
    for (;;) {
        Connection* c = find(id);
        if (!c || c->phase == Connection::Phase::Connecting) return;
        // A full inbound queue stops reading; TCP then slows the sender.
        if (c->phase == Connection::Phase::Open && inbound_full()) return;
        const qint64 available = c->socket->bytesAvailable();
        if (available <= 0) return;
        const std::size_t wanted = c->phase == Connection::Phase::AwaitHello
                                       ? kHelloBytes - c->hello_received.size()
                                       : c->assembler.bytes_wanted();
        const std::size_t length =
            std::min({wanted, static_cast<std::size_t>(available), kReadChunkBytesMax});
        Bytes chunk(length);
        const qint64 got =
            c->socket->read(reinterpret_cast<char*>(chunk.data()), static_cast<qint64>(length));
        if (got <= 0) return;
        chunk.resize(static_cast<std::size_t>(got));
        c->bytes_in += chunk.size();
        bytes_received_total_.fetch_add(chunk.size());
        c->last_received_ms = now_ms();
        if (!consume(id, chunk)) return;
    }
}

// Each consume step returns false once the connection is gone, so callers
// never touch a dropped connection.
bool PeerNetwork::consume(std::uint64_t id, ByteView chunk) {
    Connection* c = find(id);
    if (!c) return false;
    if (c->phase == Connection::Phase::AwaitHello) return consume_hello(id, chunk);
    return consume_frame(id, chunk);
}

bool PeerNetwork::consume_hello(std::uint64_t id, ByteView chunk) {
    Connection* c = find(id);
    c->hello_received.insert(c->hello_received.end(), chunk.begin(), chunk.end());
    if (c->hello_received.size() < kHelloBytes) return true;
    Handshake::HelloResult result = c->handshake->on_peer_hello(c->hello_received);
    if (result.error != HandshakeError::None) {
        drop(id, drop_reason_for(result.error));
        return false;
    }
    c->phase = Connection::Phase::AwaitAuth;
    return write_raw(id, result.auth_frame);
}

bool PeerNetwork::consume_frame(std::uint64_t id, ByteView chunk) {
    Connection* c = find(id);
    switch (c->assembler.feed(chunk)) {
    case FrameAssembler::Feed::NeedMore: return true;
    case FrameAssembler::Feed::TooLarge:
        drop(id, c->phase == Connection::Phase::Open ? DropReason::FrameTooLarge
                                                     : DropReason::BadHandshake);
        return false;
    case FrameAssembler::Feed::TooSmall:
        drop(id,
             c->phase == Connection::Phase::Open ? DropReason::BadFrame : DropReason::BadHandshake);
        return false;
    case FrameAssembler::Feed::FrameReady: break;
    }
    const Bytes body = c->assembler.take_body();
    if (c->phase == Connection::Phase::AwaitAuth) return finish_handshake(id, body);
    return on_frame(id, body);
}

bool PeerNetwork::finish_handshake(std::uint64_t id, ByteView auth_body) {
    Connection* c = find(id);
    const HandshakeError error = c->handshake->on_peer_auth(auth_body, config_.peer_allowed);
    if (error != HandshakeError::None) {
        if (const auto& key = c->handshake->proven_peer_key()) c->peer_id = peer_id_of(*key);
        drop(id, drop_reason_for(error));
        return false;
    }
    c->session = c->handshake->take_session();
    c->handshake.reset();
    c->peer_key = c->session->peer_key;
    c->peer_id = peer_id_of(c->peer_key);
    if (is_banned_peer(c->peer_id)) {
        drop(id, DropReason::Banned);
        return false;
    }
    const Admission admission = admit_duplicate(id);
    if (admission == Admission::Refused) return false;
    c = find(id);
    if (admission == Admission::NewPeer && count_open() >= config_.peers_max) {
        drop(id, DropReason::TooManyPeers);
        return false;
    }
    open_connection(*c);
    if (admission == Admission::Replacement) return true;
    qCInfo(lcNet) << "peer connected" << c->peer_id << c->address;
    emit peerConnected(c->peer_id, c->address);
    return find(id) != nullptr;
}

void PeerNetwork::open_connection(Connection& c) {
    c.phase = Connection::Phase::Open;
    c.assembler.set_frame_bytes_max(kFrameBytesMax);
    c.connected_since_ms = now_ms();
    c.last_ping_ms = c.connected_since_ms;
    if (c.configured_index) {
        ConfiguredPeer& peer = configured_[*c.configured_index];
        peer.node_key = c.peer_key;
        peer.delay_ms = config_.reconnect_delay_first_ms;
    }
}

// Two nodes that dial each other at once end up with two connections. Both
// keep the one dialed by the node with the smaller key, so they agree
// without talking; the loser is closed quietly, since the peer stays
// connected through the winner.
PeerNetwork::Admission PeerNetwork::admit_duplicate(std::uint64_t id) {
    Connection* c = find(id);
    Connection* existing = find_open(c->peer_id);
    if (!existing) return Admission::NewPeer;
    const PublicKey& own = node_key_.public_key();
    const bool own_smaller = std::lexicographical_compare(own.begin(), own.end(),
                                                          c->peer_key.begin(), c->peer_key.end());
    const bool keep_new = c->outbound != existing->outbound && c->outbound == own_smaller;
    if (!keep_new) {
        // The address this connection dialed leads to a peer we already
        // have: remembering its key stops pointless redials of it.
        if (c->configured_index) configured_[*c->configured_index].node_key = c->peer_key;
        drop(id, DropReason::DuplicateConnection, /*notify=*/false);
        return Admission::Refused;
    }
    drop(existing->id, DropReason::DuplicateConnection, /*notify=*/false);
    return Admission::Replacement;
}

bool PeerNetwork::on_frame(std::uint64_t id, ByteView body) {
    Connection* c = find(id);
    std::optional<Bytes> plaintext = c->session->opener.open(body);
    if (!plaintext) {
        drop(id, DropReason::BadFrame);
        return false;
    }
    std::optional<Message> message = decode_message(*plaintext);
    if (!message) {
        drop(id, DropReason::BadMessage);
        return false;
    }
    // Liveness is the network's business; the node never sees pings.
    if (const Ping* ping = std::get_if<Ping>(&*message))
        return send_to(id, encode_message(Pong{ping->nonce}));
    if (std::holds_alternative<Pong>(*message)) return true;
    inbound_.push_back(Inbound{c->peer_id, std::move(*message), plaintext->size()});
    inbound_bytes_ += plaintext->size();
    schedule_delivery();
    return true;
}

// --- Sending ----------------------------------------------------------------

bool PeerNetwork::write_raw(std::uint64_t id, ByteView bytes) {
    Connection* c = find(id);
    if (!c) return false;
    const std::size_t queued =
        static_cast<std::size_t>(std::max<qint64>(0, c->socket->bytesToWrite()));
    // Checked before writing, so the queue never holds more than the cap.
    if (queued + bytes.size() > config_.outbound_bytes_max_per_peer) {
        drop(id, DropReason::SendQueueFull);
        return false;
    }
    const qint64 written = c->socket->write(reinterpret_cast<const char*>(bytes.data()),
                                            static_cast<qint64>(bytes.size()));
    if (written != static_cast<qint64>(bytes.size())) {
        drop(id, DropReason::ClosedByPeer);
        return false;
    }
    c->bytes_out += bytes.size();
    bytes_sent_total_.fetch_add(bytes.size());
    return true;
}

bool PeerNetwork::send_to(std::uint64_t id, const Bytes& plaintext) {
    Connection* c = find(id);
    if (!c || c->phase != Connection::Phase::Open) return false;
    std::optional<Bytes> frame = c->session->sealer.seal(plaintext);
    if (!frame) {
        if (c->session->sealer.exhausted()) drop(id, DropReason::CounterExhausted);
        return false;
    }
    return write_raw(id, *frame);
}

bool PeerNetwork::send(const QString& peer_id, const Message& message) {
    Connection* c = find_open(peer_id);
    if (!c) return false;
    return send_to(c->id, encode_message(message));
}

std::size_t PeerNetwork::broadcast(const Message& message, const QString& except_peer_id) {
    const Bytes plaintext = encode_message(message);
    if (plaintext.size() > kMessageBytesMax) return 0;
    // Sending may drop peers, so collect the targets first.
    std::vector<std::uint64_t> targets;
    for (const auto& [id, c] : connections_)
        if (c->phase == Connection::Phase::Open && c->peer_id != except_peer_id)
            targets.push_back(id);
    std::size_t sent = 0;
    for (std::uint64_t id : targets)
        if (send_to(id, plaintext)) ++sent;
    return sent;
}

void PeerNetwork::ban_peer(const QString& peer_id) {
    if (Connection* c = find_open(peer_id)) {
        drop(c->id, DropReason::Misbehaved);
        return;
    }
    record_ban({}, peer_id, now_ms());
}

// --- Dropping and banning ---------------------------------------------------

void PeerNetwork::release_socket(QTcpSocket* socket) {
    if (!socket) return;
    disconnect(socket, nullptr, this, nullptr);
    // abort, not close: close would wait for a slow peer to drain our queue.
    socket->abort();
    socket->deleteLater();
}

void PeerNetwork::drop(std::uint64_t id, DropReason reason, bool notify) {
    const auto it = connections_.find(id);
    if (it == connections_.end()) return;
    const std::unique_ptr<Connection> c = std::move(it->second);
    connections_.erase(it);
    release_socket(c->socket);
    const std::int64_t now = now_ms();
    const bool was_open = c->phase == Connection::Phase::Open;
    const bool bans = drop_reason_bans(reason);
    if (bans) record_ban(c->host, c->peer_id, now);
    if (c->configured_index) after_configured_drop(*c->configured_index, reason, now);
    qCInfo(lcNet) << "connection closed" << c->address << c->peer_id
                  << drop_reason_text(reason).data();
    if (!notify) return;
    if (bans) emit peerBanned(c->address, c->peer_id, reason);
    if (was_open)
        emit peerDisconnected(c->peer_id, reason);
    else
        emit connectionFailed(c->address, reason);
}

void PeerNetwork::record_ban(const QString& host, const QString& peer_id, std::int64_t now) {
    const std::int64_t until = now + config_.ban_duration_ms;
    auto add = [this, until](std::map<QString, std::int64_t>& bans, const QString& key) {
        if (key.isEmpty()) return;
        // A full list forgets the ban that would end first, so the list
        // stays bounded even under a flood of addresses.
        if (bans.size() >= config_.bans_max && !bans.contains(key)) {
            auto soonest =
                std::min_element(bans.begin(), bans.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
            bans.erase(soonest);
        }
        bans[key] = until;
    };
    add(banned_hosts_until_ms_, host);
    add(banned_peers_until_ms_, peer_id);
}

void PeerNetwork::expire_bans(std::int64_t now) {
    std::erase_if(banned_hosts_until_ms_, [now](const auto& entry) { return entry.second <= now; });
    std::erase_if(banned_peers_until_ms_, [now](const auto& entry) { return entry.second <= now; });
}

// --- Delivery ---------------------------------------------------------------

void PeerNetwork::set_delivery_paused(bool paused) {
    delivery_paused_ = paused;
    if (!paused && !inbound_.empty()) schedule_delivery();
}

void PeerNetwork::schedule_delivery() {
    if (delivery_scheduled_ || delivery_paused_) return;
    delivery_scheduled_ = true;
    QMetaObject::invokeMethod(
        this, [this] { deliver_pending(); }, Qt::QueuedConnection);
}

void PeerNetwork::deliver_pending() {
    delivery_scheduled_ = false;
    // A slot may pause delivery (or pause it before this queued call ran).
    for (std::size_t i = 0; i < kDeliveriesPerTurnMax && !inbound_.empty() && !delivery_paused_;
         ++i) {
        Inbound next = std::move(inbound_.front());
        inbound_.pop_front();
        inbound_bytes_ -= next.bytes;
        emit messageReceived(next.peer_id, next.message);
    }
    if (!inbound_.empty()) schedule_delivery();
    resume_reading();
}

// Sockets paused by a full queue get no new readyRead for bytes Qt already
// holds, so they are read again here.
void PeerNetwork::resume_reading() {
    std::vector<std::uint64_t> ids;
    for (const auto& [id, c] : connections_)
        if (c->phase == Connection::Phase::Open && c->socket->bytesAvailable() > 0)
            ids.push_back(id);
    for (std::uint64_t id : ids) {
        if (inbound_full()) return;
        on_ready_read(id);
    }
}

// --- Timers and dialing -----------------------------------------------------

void PeerNetwork::on_tick() {
    const std::int64_t now = now_ms();
    expire_bans(now);
    check_timeouts(now);
    dial_due_peers(now);
}

void PeerNetwork::check_timeouts(std::int64_t now) {
    std::vector<std::pair<std::uint64_t, DropReason>> expired;
    std::vector<std::uint64_t> to_ping;
    for (const auto& [id, c] : connections_) {
        // Unread bytes mean the peer is alive and we are the slow side (the
        // inbound queue is full): that is no reason to call it idle.
        const bool idle = now - c->last_received_ms >= config_.timeout_idle_ms &&
                          c->socket->bytesAvailable() == 0;
        if (c->phase != Connection::Phase::Open) {
            if (now - c->phase_started_ms >= config_.timeout_handshake_ms)
                expired.emplace_back(id, DropReason::HandshakeTimeout);
        } else if (idle) {
            expired.emplace_back(id, DropReason::IdleTimeout);
        } else if (now - c->last_ping_ms >= config_.ping_interval_ms) {
            to_ping.push_back(id);
        }
    }
    for (const auto& [id, reason] : expired) drop(id, reason);
    for (std::uint64_t id : to_ping) {
        if (Connection* c = find(id)) c->last_ping_ms = now;
        send_to(id, encode_message(Ping{next_ping_nonce_++}));
    }
}

void PeerNetwork::dial_due_peers(std::int64_t now) {
    for (std::size_t i = 0; i < configured_.size(); ++i) {
        const ConfiguredPeer& peer = configured_[i];
        if (peer.is_self || peer.connection_id || now < peer.next_dial_ms) continue;
        if (peer.node_key && find_open(peer_id_of(*peer.node_key))) continue;
        if (is_banned_host(peer.host) || count_open() >= config_.peers_max) continue;
        dial(i);
    }
}

void PeerNetwork::dial(std::size_t configured_index) {
    ConfiguredPeer& peer = configured_[configured_index];
    auto* socket = new QTcpSocket(this);
    const std::uint64_t id = adopt_socket(socket, /*outbound=*/true, configured_index);
    Connection* c = find(id);
    c->host = peer.host;
    c->address = peer.host.contains(QLatin1Char(':'))
                     ? QStringLiteral("[%1]:%2").arg(peer.host).arg(peer.port)
                     : QStringLiteral("%1:%2").arg(peer.host).arg(peer.port);
    peer.connection_id = id;
    socket->connectToHost(peer.host, peer.port);
}

// Exponential backoff: a peer that is down is not hammered, and one that
// comes back is found again within reconnect_delay_max_ms.
void PeerNetwork::after_configured_drop(std::size_t configured_index, DropReason reason,
                                        std::int64_t now) {
    ConfiguredPeer& peer = configured_[configured_index];
    peer.connection_id.reset();
    if (reason == DropReason::SelfConnection) peer.is_self = true;
    if (reason == DropReason::Shutdown) return;
    peer.next_dial_ms = now + peer.delay_ms;
    peer.delay_ms = std::min(peer.delay_ms * 2, config_.reconnect_delay_max_ms);
}

} // namespace chain::net
