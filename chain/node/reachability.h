#pragma once
// Reachability: how nodes in other homes (and neighbours on the same home
// network) can reach this node, and the addresses an invitation should carry.
//
// Three sources, looked at together:
//   (a) IPv6: a global unicast address of this machine is reachable from
//       other homes as it is, if the home router admits inbound IPv6;
//   (b) IPv4: the port mapping the home router made (net::PortMapper:
//       UPnP-IGD, then NAT-PMP);
//   (c) the LAN: DNS-SD through Avahi (net::LanDiscovery), which also finds
//       neighbours of the group and reports them as lanPeerFound.
// The method shown prefers IPv6, then UPnP, then NAT-PMP; without any of them
// the node is reachable on its local network only.
//
// chain/ holds no translated text: the UI turns the enums into sentences.
// Runs on the thread that owns it (the node's).

#include "crypto/crypto.h"
#include "net/lan_discovery.h"
#include "net/port_mapping.h"

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QStringList>

#include <cstdint>
#include <string_view>

class QTimer;

namespace chain {

enum class ReachabilityMethod : std::uint8_t {
    NotNetworked,     // the embedded node: it neither listens nor dials
    NotChecked,       // a networked node with the checks off: its LAN addresses, nothing tried
    Checking,         // no global IPv6, and the router is still being asked
    Ipv6,             // a global IPv6 address
    UpnpIgd,          // an IPv4 port mapped by UPnP-IGD
    NatPmp,           // an IPv4 port mapped by NAT-PMP
    LocalNetworkOnly, // none of the above: only computers of this home network reach it
};

// Stable English names for logs ("UPnP-IGD", "local network only", ...).
std::string_view reachability_method_text(ReachabilityMethod method);

// The most addresses a status lists (an invitation carries at most
// kInvitationPeersMax of node/invitation.h; checked in the .cpp).
inline constexpr qsizetype kReachabilityAddressesMax = 16;

struct ReachabilityStatus {
    ReachabilityMethod method = ReachabilityMethod::NotNetworked;
    quint16 port = 0; // the TCP port the node listens on; 0 when it does not
    // host:port to put in an invitation, best first: global IPv6 as
    // "[addr]:port", then the mapped public IPv4, then the LAN addresses.
    QStringList invitation_addresses;
    // The router's answer: method None with the failure reason, router error
    // code and English detail when no mapping is in place.
    net::PortMappingResult mapping;
    net::LanDiscoveryStatus lan;
};

// The status of a node that listens on `port` but checks nothing: its LAN
// addresses (node/invitation.h's local_listen_addresses).
ReachabilityStatus unchecked_reachability(quint16 port);

enum class Ipv6Class : std::uint8_t {
    NotIpv6,
    Unspecified, // ::
    Loopback,    // ::1
    LinkLocal,   // fe80::/10
    UniqueLocal, // fc00::/7 (ULA): private to a site, not routed between homes
    Multicast,   // ff00::/8
    Global,      // 2000::/3: global unicast
    Other,       // everything else (IPv4-mapped, deprecated site-local, reserved)
};

Ipv6Class classify_ipv6(const QHostAddress& address);

// This machine's global unicast IPv6 addresses on interfaces that are up,
// leaving out temporary (privacy) addresses, which change every day and so
// do not belong in an invitation, and deprecated ones, which are about to go.
QList<QHostAddress> global_ipv6_addresses();

struct ReachabilityConfig {
    bool port_mapping_enabled = true;
    bool lan_discovery_enabled = true;
    // internal_port is set to the node's listening port.
    net::PortMappingConfig port_mapping;
    net::LanDiscoveryConfig lan;
    // This machine's addresses are looked at again this often: providers
    // renumber IPv6 prefixes, laptops change networks.
    std::int64_t address_check_interval_ms = 5 * 60 * 1000;
};

class Reachability : public QObject {
    Q_OBJECT
public:
    Reachability(quint16 port, const Hash256& group_id, ReachabilityConfig config, QObject* parent = nullptr);
    ~Reachability() override;

    // Looks at the addresses, starts the port mapping and LAN discovery.
    void start();
    // Deletes the port mapping (bounded by port_mapping.stop_timeout_ms) and
    // withdraws the LAN service.
    void stop();
    ReachabilityStatus status() const { return status_; }

signals:
    void changed();
    // A node of the same group on this home network ("host:port").
    void lanPeerFound(QString host_port);

private:
    void check_addresses();
    void update();

    const quint16 port_;
    const ReachabilityConfig config_;
    net::PortMapper* mapper_ = nullptr;  // child; null when port mapping is off
    net::LanDiscovery* lan_ = nullptr;   // child; null when LAN discovery is off
    QTimer* address_timer_ = nullptr;
    QList<QHostAddress> global_ipv6_;
    bool mapping_reported_ = false; // the mapper gave its first result
    bool running_ = false;
    ReachabilityStatus status_;
};

} // namespace chain
