#include "net/port_mapping.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QMetaObject>

#include <miniupnpc/miniupnpc.h>
#include <miniupnpc/upnpcommands.h>
#include <miniupnpc/upnperrors.h>
#include <natpmp.h>

#include <arpa/inet.h>
#include <poll.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>

Q_LOGGING_CATEGORY(lcPortMapping, "rateio.net.portmap")

namespace chain::net {

namespace {

using Clock = std::chrono::steady_clock;

// SSDP packets need not leave the home network: the router is one hop away
// (miniupnpc's documented default).
constexpr unsigned char kSsdpTtl = 2;
// UPnP error code of a router that accepts only permanent mappings (lease 0).
constexpr int kUpnpOnlyPermanentLeases = 725;
// A NAT-PMP request is waited for in slices of at most this long, so that a
// stop() is seen soon.
constexpr int kNatPmpPollSliceMsMax = 100;
// Returned by natpmp_wait when the deadline passed (libnatpmp's own codes
// are all above -200).
constexpr int kNatPmpTimedOut = -1000;
// NAT-PMP result codes (RFC 6886, section 3.5).
constexpr std::array<std::string_view, 6> kNatPmpResultTexts = {
    "success", "unsupported version", "not authorized or refused", "network failure", "out of resources",
    "unsupported opcode"};

struct UpnpDevListFree {
    void operator()(UPNPDev* list) const { freeUPNPDevlist(list); }
};
using UpnpDevList = std::unique_ptr<UPNPDev, UpnpDevListFree>;

// A router found by UPnP: the URLs libminiupnpc allocated (freed with
// FreeUPNPUrls), its parsed description and the local address it saw us from.
struct UpnpRouter {
    UPNPUrls urls{};
    IGDdatas data{};
    std::array<char, kUpnpTextBytesMax> lan_address{};
};
struct UpnpRouterFree {
    void operator()(UpnpRouter* router) const {
        FreeUPNPUrls(&router->urls);
        delete router;
    }
};
using UpnpRouterPtr = std::unique_ptr<UpnpRouter, UpnpRouterFree>;

struct NatPmpClose {
    void operator()(natpmp_t* handle) const {
        if (handle->s >= 0) closenatpmp(handle);
        delete handle;
    }
};
using NatPmpHandle = std::unique_ptr<natpmp_t, NatPmpClose>;

std::int64_t ms_until(Clock::time_point deadline) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
}

PortMappingResult failed(PortMappingFailure failure, const QString& detail, int code = 0, const QString& code_text = {}) {
    PortMappingResult result;
    result.failure = failure;
    result.detail = detail;
    result.router_error_code = code;
    result.router_error_text = code_text;
    return result;
}

// Which failure tells the user most: a router that answered says more than
// one that was not found.
int failure_rank(PortMappingFailure failure) {
    switch (failure) {
    case PortMappingFailure::None: return 0;
    case PortMappingFailure::NoRouter: return 1;
    case PortMappingFailure::Timeout: return 2;
    case PortMappingFailure::Refused: return 3;
    case PortMappingFailure::PrivateExternalAddress: return 4;
    }
    return 0;
}

// --- UPnP-IGD --------------------------------------------------------------------

// A UPnP command's return code as a failure: positive codes are the router's
// SOAP fault (718 ConflictInMappingEntry, ...); an HTTP error means the
// control URL stopped answering.
PortMappingResult upnp_command_failure(int code, const char* action) {
    if (code > 0) {
        const char* text = strupnperror(code);
        const QString name = text ? QString::fromUtf8(text) : QStringLiteral("error %1").arg(code);
        return failed(PortMappingFailure::Refused,
                      QStringLiteral("UPnP: the router refused %1 with %2 (%3)").arg(QLatin1String(action)).arg(code).arg(name),
                      code, name);
    }
    if (code == UPNPCOMMAND_HTTP_ERROR)
        return failed(PortMappingFailure::Timeout,
                      QStringLiteral("UPnP: no answer from the router's control URL to %1").arg(QLatin1String(action)));
    return failed(PortMappingFailure::Refused,
                  QStringLiteral("UPnP: the router's answer to %1 could not be read (%2)").arg(QLatin1String(action)).arg(code));
}

UpnpRouterPtr find_upnp_router(const PortMappingConfig& config, PortMappingResult* why) {
    UpnpRouterPtr router(new UpnpRouter{});
    UpnpRouter& r = *router;
    const int lan_bytes = static_cast<int>(r.lan_address.size());
    if (!config.upnp_root_description_url.isEmpty()) {
        const QByteArray url = config.upnp_root_description_url.toUtf8();
        if (UPNP_GetIGDFromUrl(url.constData(), &r.urls, &r.data, r.lan_address.data(), lan_bytes) != 1) {
            *why = failed(PortMappingFailure::NoRouter,
                          QStringLiteral("UPnP: no device description at %1").arg(config.upnp_root_description_url));
            return nullptr;
        }
    } else {
        int error = 0;
        const UpnpDevList devices(upnpDiscover(config.discover_timeout_ms, nullptr, nullptr, UPNP_LOCAL_PORT_ANY,
                                               /*ipv6=*/0, kSsdpTtl, &error));
        if (!devices) {
            *why = failed(PortMappingFailure::NoRouter,
                          QStringLiteral("UPnP: no device answered discovery within %1 ms").arg(config.discover_timeout_ms));
            return nullptr;
        }
        const int igd = UPNP_GetValidIGD(devices.get(), &r.urls, &r.data, r.lan_address.data(), lan_bytes);
        if (igd != 1) {
            *why = failed(PortMappingFailure::NoRouter,
                          igd == 2 ? QStringLiteral("UPnP: the Internet gateway says it is not connected")
                                   : QStringLiteral("UPnP: devices answered, but none is an Internet gateway"));
            return nullptr;
        }
    }
    // A description without a WAN IP or PPP connection service has nothing to map.
    if (r.data.first.servicetype[0] == '\0' || !r.urls.controlURL || r.urls.controlURL[0] == '\0') {
        *why = failed(PortMappingFailure::NoRouter, QStringLiteral("UPnP: the device offers no WAN connection service"));
        return nullptr;
    }
    return router;
}

// External address, then the mapping, on a router already found.
PortMappingResult upnp_map_on(const UpnpRouter& router, const PortMappingConfig& config) {
    std::array<char, kUpnpTextBytesMax> external{};
    const char* control = router.urls.controlURL;
    const char* service = router.data.first.servicetype;
    int code = UPNP_GetExternalIPAddress(control, service, external.data());
    if (code != UPNPCOMMAND_SUCCESS) return upnp_command_failure(code, "GetExternalIPAddress");
    external.back() = '\0';
    const QString external_text = QString::fromLatin1(external.data());
    if (!is_public_ipv4(QHostAddress(external_text)))
        return failed(PortMappingFailure::PrivateExternalAddress,
                      QStringLiteral("UPnP: the router's external address '%1' is not public (carrier-grade NAT?)")
                          .arg(external_text.left(static_cast<qsizetype>(kUpnpTextBytesMax))));

    const QByteArray port = QByteArray::number(config.internal_port);
    const QByteArray description(kPortMappingDescription.data(), static_cast<qsizetype>(kPortMappingDescription.size()));
    std::uint32_t lease_s = config.lease_s;
    code = UPNP_AddPortMapping(control, service, port.constData(), port.constData(), router.lan_address.data(),
                               description.constData(), "TCP", nullptr, QByteArray::number(lease_s).constData());
    if (code == kUpnpOnlyPermanentLeases && lease_s != 0) {
        lease_s = 0;
        code = UPNP_AddPortMapping(control, service, port.constData(), port.constData(), router.lan_address.data(),
                                   description.constData(), "TCP", nullptr, "0");
    }
    if (code != UPNPCOMMAND_SUCCESS) return upnp_command_failure(code, "AddPortMapping");

    PortMappingResult result;
    result.method = PortMappingMethod::UpnpIgd;
    result.external_address = external_text;
    result.external_port = config.internal_port;
    result.internal_port = config.internal_port;
    result.lease_s = lease_s;
    result.detail = QStringLiteral("UPnP: %1:%2 forwarded to %3:%4, lease %5 s")
                        .arg(external_text)
                        .arg(config.internal_port)
                        .arg(QString::fromLatin1(router.lan_address.data()))
                        .arg(config.internal_port)
                        .arg(lease_s);
    return result;
}

void upnp_delete(const UpnpRouter& router, quint16 external_port) {
    const QByteArray port = QByteArray::number(external_port);
    const int code =
        UPNP_DeletePortMapping(router.urls.controlURL, router.data.first.servicetype, port.constData(), "TCP", nullptr);
    if (code != UPNPCOMMAND_SUCCESS) qCDebug(lcPortMapping) << "UPnP DeletePortMapping returned" << code;
}

// --- NAT-PMP ---------------------------------------------------------------------

NatPmpHandle open_natpmp(const PortMappingConfig& config, PortMappingResult* why) {
    NatPmpHandle handle(new natpmp_t{});
    handle->s = -1;
    in_addr gateway{};
    const bool forced = !config.natpmp_gateway.isEmpty();
    if (forced && inet_pton(AF_INET, config.natpmp_gateway.toLatin1().constData(), &gateway) != 1) {
        *why = failed(PortMappingFailure::NoRouter,
                      QStringLiteral("NAT-PMP: the gateway '%1' is not an IPv4 address").arg(config.natpmp_gateway));
        return nullptr;
    }
    const int code = initnatpmp(handle.get(), forced ? 1 : 0, gateway.s_addr);
    if (code != 0) {
        *why = failed(PortMappingFailure::NoRouter,
                      code == NATPMP_ERR_CANNOTGETGATEWAY ? QStringLiteral("NAT-PMP: this machine has no default gateway")
                                                          : QStringLiteral("NAT-PMP: cannot open a socket (%1)").arg(code));
        return nullptr;
    }
    return handle;
}

// Waits for the answer to the request in flight, which libnatpmp retransmits
// on its own schedule; kNatPmpTimedOut when the deadline passes or `abort`
// is set.
int natpmp_wait(natpmp_t* handle, natpmpresp_t* response, Clock::time_point deadline, const std::atomic<bool>* abort) {
    for (;;) {
        const int code = readnatpmpresponseorretry(handle, response);
        if (code != NATPMP_TRYAGAIN) return code;
        std::int64_t wait_ms = ms_until(deadline);
        if (wait_ms <= 0 || (abort && abort->load())) return kNatPmpTimedOut;
        timeval retry{};
        if (getnatpmprequesttimeout(handle, &retry) == 0)
            wait_ms = std::min<std::int64_t>(wait_ms, std::int64_t{retry.tv_sec} * 1000 + retry.tv_usec / 1000 + 1);
        pollfd fd{handle->s, POLLIN, 0};
        poll(&fd, 1, static_cast<int>(std::clamp<std::int64_t>(wait_ms, 1, kNatPmpPollSliceMsMax)));
    }
}

PortMappingResult natpmp_failure(int code, const natpmpresp_t& response, bool router_answered, const char* request,
                                 std::int32_t timeout_ms) {
    const QString what = QLatin1String(request);
    switch (code) {
    case kNatPmpTimedOut:
        // RFC 6886: a gateway that never answers does not support NAT-PMP.
        return failed(router_answered ? PortMappingFailure::Timeout : PortMappingFailure::NoRouter,
                      QStringLiteral("NAT-PMP: no answer to the %1 request within %2 ms").arg(what).arg(timeout_ms));
    case NATPMP_ERR_NOGATEWAYSUPPORT:
        return failed(router_answered ? PortMappingFailure::Timeout : PortMappingFailure::NoRouter,
                      QStringLiteral("NAT-PMP: the gateway does not answer NAT-PMP (%1 request)").arg(what));
    case NATPMP_ERR_UNSUPPORTEDVERSION:
    case NATPMP_ERR_UNSUPPORTEDOPCODE:
    case NATPMP_ERR_NOTAUTHORIZED:
    case NATPMP_ERR_NETWORKFAILURE:
    case NATPMP_ERR_OUTOFRESOURCES:
    case NATPMP_ERR_UNDEFINEDERROR: {
        // A gateway answering another version (PCP's 2) leaves resultcode unset.
        const int result_code = response.resultcode != 0 ? response.resultcode : (code == NATPMP_ERR_UNSUPPORTEDVERSION ? 1 : 0);
        const QString text = result_code >= 0 && static_cast<std::size_t>(result_code) < kNatPmpResultTexts.size()
                                 ? QString::fromLatin1(kNatPmpResultTexts[static_cast<std::size_t>(result_code)])
                                 : QStringLiteral("result code %1").arg(result_code);
        return failed(PortMappingFailure::Refused,
                      QStringLiteral("NAT-PMP: the gateway refused the %1 request with %2 (%3)").arg(what).arg(result_code).arg(text),
                      result_code, text);
    }
    default:
        return failed(router_answered ? PortMappingFailure::Timeout : PortMappingFailure::NoRouter,
                      QStringLiteral("NAT-PMP: %1 request failed (libnatpmp error %2)").arg(what).arg(code));
    }
}

PortMappingResult natpmp_map(const PortMappingConfig& config, const std::atomic<bool>& stopping) {
    PortMappingResult why;
    const NatPmpHandle handle = open_natpmp(config, &why);
    if (!handle) return why;
    natpmpresp_t response{};
    if (sendpublicaddressrequest(handle.get()) < 0)
        return failed(PortMappingFailure::NoRouter, QStringLiteral("NAT-PMP: cannot send to the gateway"));
    const auto timeout = std::chrono::milliseconds(config.natpmp_timeout_ms);
    int code = natpmp_wait(handle.get(), &response, Clock::now() + timeout, &stopping);
    if (code != 0) return natpmp_failure(code, response, /*router_answered=*/false, "public address", config.natpmp_timeout_ms);
    const QHostAddress external(ntohl(response.pnu.publicaddress.addr.s_addr));
    if (!is_public_ipv4(external))
        return failed(PortMappingFailure::PrivateExternalAddress,
                      QStringLiteral("NAT-PMP: the gateway's public address %1 is not public (carrier-grade NAT?)")
                          .arg(external.toString()));

    // NAT-PMP has no permanent mapping: a lifetime of 0 deletes one.
    const std::uint32_t lease_s = std::max<std::uint32_t>(config.lease_s, 1);
    response = natpmpresp_t{};
    if (sendnewportmappingrequest(handle.get(), NATPMP_PROTOCOL_TCP, config.internal_port, config.internal_port, lease_s) < 0)
        return failed(PortMappingFailure::Timeout, QStringLiteral("NAT-PMP: cannot send the mapping request"));
    code = natpmp_wait(handle.get(), &response, Clock::now() + timeout, &stopping);
    if (code != 0) return natpmp_failure(code, response, /*router_answered=*/true, "mapping", config.natpmp_timeout_ms);
    if (response.pnu.newportmapping.lifetime == 0 || response.pnu.newportmapping.mappedpublicport == 0)
        return failed(PortMappingFailure::Refused, QStringLiteral("NAT-PMP: the gateway granted no lifetime or no port"));

    PortMappingResult result;
    result.method = PortMappingMethod::NatPmp;
    result.external_address = external.toString();
    result.external_port = response.pnu.newportmapping.mappedpublicport;
    result.internal_port = config.internal_port;
    result.lease_s = response.pnu.newportmapping.lifetime;
    result.detail = QStringLiteral("NAT-PMP: %1:%2 forwarded to port %3, lease %4 s")
                        .arg(result.external_address)
                        .arg(result.external_port)
                        .arg(config.internal_port)
                        .arg(result.lease_s);
    return result;
}

void natpmp_delete(const PortMappingConfig& config) {
    PortMappingResult why;
    const NatPmpHandle handle = open_natpmp(config, &why);
    if (!handle) return;
    // RFC 6886 section 3.4: lifetime 0 and suggested external port 0 delete the mapping.
    if (sendnewportmappingrequest(handle.get(), NATPMP_PROTOCOL_TCP, config.internal_port, 0, 0) < 0) return;
    natpmpresp_t response{};
    const int code = natpmp_wait(handle.get(), &response,
                                 Clock::now() + std::chrono::milliseconds(config.natpmp_timeout_ms), nullptr);
    if (code != 0) qCDebug(lcPortMapping) << "NAT-PMP delete returned" << code;
}

} // namespace

// --- Public helpers --------------------------------------------------------------

bool is_public_ipv4(const QHostAddress& address) {
    if (address.protocol() != QAbstractSocket::IPv4Protocol) return false;
    const quint32 a = address.toIPv4Address();
    const auto in = [a](quint32 network, int prefix_bits) { return (a >> (32 - prefix_bits)) == (network >> (32 - prefix_bits)); };
    return !(in(0x00000000, 8) || in(0x0A000000, 8) || in(0x64400000, 10) || in(0x7F000000, 8) || in(0xA9FE0000, 16) ||
             in(0xAC100000, 12) || in(0xC0A80000, 16) || a >= 0xE0000000);
}

std::string_view port_mapping_method_text(PortMappingMethod method) {
    switch (method) {
    case PortMappingMethod::None: return "none";
    case PortMappingMethod::UpnpIgd: return "UPnP-IGD";
    case PortMappingMethod::NatPmp: return "NAT-PMP";
    }
    return "unknown";
}

std::string_view port_mapping_failure_text(PortMappingFailure failure) {
    switch (failure) {
    case PortMappingFailure::None: return "none";
    case PortMappingFailure::NoRouter: return "no router";
    case PortMappingFailure::Refused: return "refused";
    case PortMappingFailure::Timeout: return "timeout";
    case PortMappingFailure::PrivateExternalAddress: return "private external address";
    }
    return "unknown";
}

QString PortMappingResult::external_host_port() const {
    if (!mapped()) return {};
    return QStringLiteral("%1:%2").arg(external_address).arg(external_port);
}

// --- The worker thread --------------------------------------------------------------

struct PortMapper::Shared {
    std::mutex mutex;
    std::condition_variable wake; // stop requested, or the worker finished
    // Set under the mutex; read without it by the library loops.
    std::atomic<bool> stop_requested{false};
    bool finished = false;        // guarded by mutex
    PortMapper* owner = nullptr;  // guarded by mutex; cleared by stop()
};

// Runs on its own thread; owns the router handles of the mapping in place.
class PortMapper::Worker {
public:
    Worker(PortMappingConfig config, std::shared_ptr<Shared> shared)
        : config_(std::move(config)), shared_(std::move(shared)) {}

    void run() {
        while (!shared_->stop_requested) {
            if (!active_) {
                post(try_methods(PortMappingMethod::UpnpIgd));
                if (!active_) wait_ms(config_.retry_interval_ms);
                continue;
            }
            if (!wait_ms(renew_interval_ms())) break;
            renew();
        }
        remove();
        std::lock_guard lock(shared_->mutex);
        shared_->finished = true;
        shared_->wake.notify_all();
    }

private:
    struct Active {
        PortMappingResult result;
        UpnpRouterPtr upnp; // the router, for UPnP renewals and the delete
    };

    // True when the time passed, false when stop() was called meanwhile.
    bool wait_ms(std::int64_t ms) {
        std::unique_lock lock(shared_->mutex);
        shared_->wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return shared_->stop_requested.load(); });
        return !shared_->stop_requested;
    }

    std::int64_t renew_interval_ms() const {
        const std::uint32_t lease_s = active_->result.lease_s;
        if (lease_s == 0) return std::int64_t{config_.permanent_recheck_interval_s} * 1000;
        return std::max<std::int64_t>(std::int64_t{lease_s} * 1000 / 2, kRenewIntervalMinMs);
    }

    void post(PortMappingResult result) {
        result.internal_port = config_.internal_port;
        std::lock_guard lock(shared_->mutex);
        PortMapper* owner = shared_->owner;
        if (!owner) return;
        // Queued: the context object makes Qt drop the call if the owner is
        // destroyed before its event loop runs it.
        QMetaObject::invokeMethod(owner, [owner, result] { owner->deliver(result); }, Qt::QueuedConnection);
    }

    PortMappingResult try_upnp() {
        PortMappingResult why;
        UpnpRouterPtr router = find_upnp_router(config_, &why);
        if (!router) return why;
        PortMappingResult result = upnp_map_on(*router, config_);
        if (result.mapped()) active_ = Active{result, std::move(router)};
        return result;
    }

    PortMappingResult try_natpmp() {
        PortMappingResult result = natpmp_map(config_, shared_->stop_requested);
        if (result.mapped()) active_ = Active{result, nullptr};
        return result;
    }

    // The methods from `first` on, in order, until one maps the port; on
    // failure, the most telling reason and what each method said.
    PortMappingResult try_methods(PortMappingMethod first) {
        std::vector<PortMappingResult> failures;
        if (first == PortMappingMethod::UpnpIgd && config_.upnp_enabled) {
            PortMappingResult result = try_upnp();
            if (result.mapped()) return result;
            failures.push_back(std::move(result));
        }
        if (config_.natpmp_enabled && !shared_->stop_requested) {
            PortMappingResult result = try_natpmp();
            if (result.mapped()) return result;
            failures.push_back(std::move(result));
        }
        if (failures.empty())
            return failed(PortMappingFailure::NoRouter, QStringLiteral("no port mapping method is enabled"));
        PortMappingResult best = failures.front();
        QStringList details;
        for (const PortMappingResult& f : failures) {
            details << f.detail;
            if (failure_rank(f.failure) > failure_rank(best.failure)) best = f;
        }
        best.detail = details.join(QStringLiteral("; "));
        return best;
    }

    // The same method again; when it fails, that is reported and the next
    // method is tried.
    void renew() {
        const PortMappingMethod method = active_->result.method;
        PortMappingResult result = method == PortMappingMethod::UpnpIgd ? upnp_map_on(*active_->upnp, config_)
                                                                        : natpmp_map(config_, shared_->stop_requested);
        result.renewal = true;
        if (result.mapped()) {
            active_->result = result;
            post(result);
            return;
        }
        active_.reset();
        result.detail = QStringLiteral("renewal failed: %1").arg(result.detail);
        post(result);
        if (method == PortMappingMethod::UpnpIgd && config_.natpmp_enabled && !shared_->stop_requested) {
            post(try_methods(PortMappingMethod::NatPmp));
            if (active_) return;
        }
        wait_ms(config_.retry_interval_ms);
    }

    void remove() {
        if (!active_) return;
        switch (active_->result.method) {
        case PortMappingMethod::UpnpIgd: upnp_delete(*active_->upnp, active_->result.external_port); break;
        case PortMappingMethod::NatPmp: natpmp_delete(config_); break;
        case PortMappingMethod::None: break;
        }
        active_.reset();
    }

    const PortMappingConfig config_;
    const std::shared_ptr<Shared> shared_;
    std::optional<Active> active_;
};

// --- PortMapper ----------------------------------------------------------------------

PortMapper::PortMapper(PortMappingConfig config, QObject* parent)
    : QObject(parent), config_(std::move(config)), shared_(std::make_shared<Shared>()) {
    qRegisterMetaType<chain::net::PortMappingResult>();
    result_.internal_port = config_.internal_port;
}

PortMapper::~PortMapper() { stop(); }

void PortMapper::start() {
    if (worker_.joinable()) return;
    // A fresh block each run: a worker stop() gave up on may still hold the old one.
    shared_ = std::make_shared<Shared>();
    shared_->owner = this;
    worker_ = std::thread([worker = std::make_shared<Worker>(config_, shared_)] { worker->run(); });
}

void PortMapper::stop() {
    if (!worker_.joinable()) return;
    std::unique_lock lock(shared_->mutex);
    shared_->stop_requested = true;
    shared_->owner = nullptr;
    shared_->wake.notify_all();
    const bool finished = shared_->wake.wait_for(lock, std::chrono::milliseconds(config_.stop_timeout_ms),
                                                 [this] { return shared_->finished; });
    lock.unlock();
    if (finished) {
        worker_.join();
        return;
    }
    // The router is slow to answer: the thread finishes on its own (it holds
    // only its copy of the config and the shared block), and the mapping's
    // lease ends it if the delete never arrives.
    qCWarning(lcPortMapping) << "the router did not confirm the mapping's removal within" << config_.stop_timeout_ms
                             << "ms; leaving it to expire";
    worker_.detach();
}

void PortMapper::deliver(const PortMappingResult& result) {
    const bool news = result.method != result_.method || result.failure != result_.failure ||
                      result.external_host_port() != result_.external_host_port();
    result_ = result;
    if (news)
        qCInfo(lcPortMapping).noquote() << "port" << config_.internal_port << "mapping:" << result.detail;
    else
        qCDebug(lcPortMapping).noquote() << "port" << config_.internal_port << "mapping:" << result.detail;
    emit changed(result);
}

} // namespace chain::net
