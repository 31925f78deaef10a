#pragma once
// LanDiscovery: neighbours of the same group on the same home network find
// each other through DNS-SD over multicast DNS, served by the Avahi daemon.
//
// The node publishes the service type kLanServiceType ("_rateio._tcp") on
// its listening port with the TXT records "g=<group id, 64 hex digits>" and
// "v=1", browses the same type, resolves each service found and reports, as
// peerFound("host:port"), those whose group id is ours and which are not this
// node itself (same host name and port). Protocols are Avahi's
// (libavahi-client); only the policy is ours.
//
// When the daemon cannot be reached (no D-Bus, no avahi-daemon: containers,
// CI, minimal installs) nothing fails: status() says DaemonUnavailable with
// the reason, it is logged once, and the connection is tried again every
// daemon_retry_interval_ms.
//
// Everything runs on the thread that owns the object (see the .cpp for the
// event-loop adapter).

#include "crypto/crypto.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <set>

class QTimer;

namespace chain::net {

inline constexpr char kLanServiceType[] = "_rateio._tcp";
// The TXT keys: the group id, and the version of this record's layout.
inline constexpr char kLanTxtGroupKey[] = "g";
inline constexpr char kLanTxtVersionKey[] = "v";
inline constexpr char kLanTxtVersion[] = "1";
// A TXT group value longer than this is refused without being compared
// (a group id is exactly 64 hex digits).
inline constexpr std::size_t kLanTxtGroupValueBytesMax = 64;
// Peers remembered (so that each is reported once); past it the oldest is forgotten.
inline constexpr std::size_t kLanPeersRememberedMax = 64;
// Services being resolved at once; more found meanwhile wait for the next browse event.
inline constexpr std::size_t kLanResolversMax = 16;
// Renames tried when another service on the network already has our name.
inline constexpr int kLanServiceRenamesMax = 8;

enum class LanDiscoveryState : std::uint8_t {
    Off,               // not started, or stopped
    Starting,          // connected to the daemon, publishing and browsing
    Running,           // published, browsing
    DaemonUnavailable, // no Avahi daemon reachable; retried later
    Failed,            // the daemon refused to publish or browse (detail says why)
};

std::string_view lan_discovery_state_text(LanDiscoveryState state);

struct LanDiscoveryStatus {
    LanDiscoveryState state = LanDiscoveryState::Off;
    QString detail; // English, for logs
};

struct LanDiscoveryConfig {
    // The daemon is looked for again this long after it was not reachable.
    std::int64_t daemon_retry_interval_ms = 5 * 60 * 1000;
};

// A service as the resolver reported it, for peer_address_of.
struct ResolvedService {
    QString host_name;    // "casa-ana.local"
    QHostAddress address; // a link-local IPv6 address carries its scope id
    quint16 port = 0;
    QByteArray group_value;       // the value of the "g" TXT key
    bool our_own_service = false; // published by this very client
};

// The policy: "host:port" to dial for a resolved service, or nullopt when it
// belongs to another group, is this node, or has no usable address.
std::optional<QString> peer_address_of(const ResolvedService& service, const Hash256& group_id,
                                       const QString& own_host_name, quint16 own_port);

class LanDiscovery : public QObject {
    Q_OBJECT
public:
    LanDiscovery(const Hash256& group_id, quint16 port, LanDiscoveryConfig config = {}, QObject* parent = nullptr);
    ~LanDiscovery() override;
    LanDiscovery(const LanDiscovery&) = delete;
    LanDiscovery& operator=(const LanDiscovery&) = delete;

    // Connects to the daemon, publishes and browses. Never blocks on the
    // network: the daemon answers over a local socket, or is absent.
    void start();
    // Withdraws the service and stops browsing.
    void stop();
    LanDiscoveryStatus status() const { return status_; }

signals:
    void peerFound(QString host_port);
    void statusChanged();

private:
    struct Avahi; // the Avahi client, its poll adapter and objects
    friend struct LanDiscoveryCallbacks;

    void connect_daemon();
    void set_status(LanDiscoveryState state, const QString& detail);
    void report_peer(const QString& host_port);

    const Hash256 group_id_;
    const quint16 port_;
    const LanDiscoveryConfig config_;
    std::unique_ptr<Avahi> avahi_;
    QTimer* retry_timer_ = nullptr; // the daemon is looked for again when it fires
    LanDiscoveryStatus status_;
    bool running_ = false;
    bool unavailable_logged_ = false;
    // Reported peers, oldest first; at most kLanPeersRememberedMax.
    std::deque<QString> peers_order_;
    std::set<QString> peers_;
};

} // namespace chain::net
