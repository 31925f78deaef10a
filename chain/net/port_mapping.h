#pragma once
// PortMapper: asks the home router to forward a TCP port to this machine, so
// that nodes in other homes can reach a desktop validator over IPv4.
//
// The protocols are Debian's libraries: UPnP-IGD through libminiupnpc and
// NAT-PMP through libnatpmp. Only the policy is ours:
//   1. UPnP-IGD: SSDP discovery (or a configured root description URL, for a
//      known router and for tests), the router's external address, then
//      AddPortMapping of the same external port with a lease, description
//      "Rateio";
//   2. NAT-PMP, when UPnP found no router or the router refused: the
//      gateway's public address, then a TCP mapping with the same lease.
// An external address that is not public (the router itself sits behind the
// provider's carrier-grade NAT, common in Brazil) makes a mapping useless: it
// is reported as PrivateExternalAddress and no mapping is kept.
//
// A mapping is renewed at half its lease. A renewal that fails is reported,
// and the method after the one that failed is tried; when every method failed
// the whole sequence runs again after retry_interval_ms.
//
// The library calls block (discovery waits discover_timeout_ms, an HTTP
// exchange with a silent router several seconds), so they run on a thread the
// mapper owns; results come back to the owner's thread as the queued signal
// changed(). stop() deletes the mapping this mapper made, waiting at most
// stop_timeout_ms for the router.

#include <QMetaType>
#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <string_view>
#include <thread>

class QHostAddress;

namespace chain::net {

enum class PortMappingMethod : std::uint8_t { None, UpnpIgd, NatPmp };

enum class PortMappingFailure : std::uint8_t {
    None,
    // No UPnP IGD answered and no NAT-PMP gateway answered.
    NoRouter,
    // A router answered and said no (router_error_code / router_error_text).
    Refused,
    // A router was found but stopped answering before the mapping was made.
    Timeout,
    // The router's own external address is private or shared (carrier-grade
    // NAT): a mapping on it cannot be reached from other homes.
    PrivateExternalAddress,
};

// Whether other homes can reach this IPv4 address: false for private
// (RFC 1918), shared carrier-grade NAT (RFC 6598), loopback, link-local,
// "this network", multicast and reserved addresses, and for anything not IPv4.
bool is_public_ipv4(const QHostAddress& address);

// Stable English names for logs ("no router", "refused", ...).
std::string_view port_mapping_method_text(PortMappingMethod method);
std::string_view port_mapping_failure_text(PortMappingFailure failure);

struct PortMappingResult {
    PortMappingMethod method = PortMappingMethod::None; // None: no mapping is in place
    QString external_address;                           // the router's public IPv4 address, when mapped
    quint16 external_port = 0;
    quint16 internal_port = 0;
    // Lease granted, in seconds; 0 with a method means a permanent mapping
    // (a router that offers only those; it is still re-checked and deleted).
    std::uint32_t lease_s = 0;
    PortMappingFailure failure = PortMappingFailure::None;
    // The router's own error: a UPnP error code (718, 501, ...) or a NAT-PMP
    // result code (2, 3, ...); 0 when the router said nothing.
    int router_error_code = 0;
    QString router_error_text; // as the library names the code, English
    // This result reports the renewal of a mapping made before.
    bool renewal = false;
    QString detail; // English, for logs: what was tried and what happened

    bool mapped() const { return method != PortMappingMethod::None; }
    // "203.0.113.7:4242", empty when not mapped.
    QString external_host_port() const;
};

// Every duration is in the unit its name says; tests shorten them.
struct PortMappingConfig {
    quint16 internal_port = 0;
    bool upnp_enabled = true;
    bool natpmp_enabled = true;
    // A root device description URL ("http://192.168.0.1:5000/rootDesc.xml")
    // used instead of SSDP discovery; empty = discover.
    QString upnp_root_description_url;
    // How long SSDP waits for routers to answer (miniupnpc's "delay").
    std::int32_t discover_timeout_ms = 2000;
    // The NAT-PMP gateway (IPv4 text); empty = the default route's gateway.
    QString natpmp_gateway;
    // How long one NAT-PMP request may wait for its answer, retransmissions
    // included (libnatpmp retries at 250 ms, 500 ms, ... as RFC 6886 says).
    std::int32_t natpmp_timeout_ms = 3000;
    // The lease asked for. RFC 6886 recommends an hour; the router may grant less.
    std::uint32_t lease_s = 3600;
    // A permanent mapping (lease 0) is still re-added this often, in case
    // the router restarted and forgot it.
    std::uint32_t permanent_recheck_interval_s = 30 * 60;
    // After every method failed, the sequence runs again this much later.
    std::int64_t retry_interval_ms = 10 * 60 * 1000;
    // stop() waits at most this long for the mapping to be deleted.
    std::int64_t stop_timeout_ms = 3000;
};

// The shortest wait between two renewals, whatever lease a router grants
// (a router granting 1 s must not make the thread spin).
inline constexpr std::int64_t kRenewIntervalMinMs = 500;
// The description every mapping carries in the router's table.
inline constexpr std::string_view kPortMappingDescription = "Rateio";
// Text buffers handed to libminiupnpc (addresses, error strings) are this
// long; the library truncates what does not fit.
inline constexpr std::size_t kUpnpTextBytesMax = 64;

class PortMapper : public QObject {
    Q_OBJECT
public:
    explicit PortMapper(PortMappingConfig config, QObject* parent = nullptr);
    // Calls stop().
    ~PortMapper() override;
    PortMapper(const PortMapper&) = delete;
    PortMapper& operator=(const PortMapper&) = delete;

    // Starts the worker thread; the first changed() arrives once every
    // method was tried or one succeeded. A second call does nothing; a call
    // after stop() starts over.
    void start();
    // Deletes the mapping (best effort) and ends the worker, waiting at most
    // config.stop_timeout_ms; no changed() is emitted after it returns.
    void stop();
    // The last result emitted (method None before the first one).
    PortMappingResult result() const { return result_; }
    const PortMappingConfig& config() const { return config_; }

signals:
    void changed(chain::net::PortMappingResult result);

private:
    struct Shared;
    class Worker;
    void deliver(const PortMappingResult& result);

    const PortMappingConfig config_;
    // Shared with the worker thread, which outlives this object when stop()
    // had to give up waiting for a silent router.
    std::shared_ptr<Shared> shared_;
    std::thread worker_;
    PortMappingResult result_;
};

} // namespace chain::net

Q_DECLARE_METATYPE(chain::net::PortMappingResult)
