#include "net/lan_discovery.h"

#include "codec/codec.h"

#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QSocketNotifier>
#include <QTimer>

#include <avahi-client/client.h>
#include <avahi-client/lookup.h>
#include <avahi-client/publish.h>
#include <avahi-common/address.h>
#include <avahi-common/alternative.h>
#include <avahi-common/error.h>
#include <avahi-common/malloc.h>
#include <avahi-common/strlst.h>
#include <avahi-common/timeval.h>
#include <avahi-common/watch.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

Q_LOGGING_CATEGORY(lcLan, "rateio.net.lan")

// --- Avahi's main-loop interface on Qt's event loop ------------------------------
//
// Why an AvahiPoll adapter rather than avahi's threaded poll: with the
// adapter every Avahi callback runs on the thread that owns the
// LanDiscovery (the node's thread), so the callbacks use the object directly,
// without locks, without marshalling, and without a thread that could outlive
// it. The price is that avahi_client_new talks to the local D-Bus
// synchronously; that exchange is local and short, and fails at once when
// the bus is absent.
//
// Avahi declares AvahiWatch and AvahiTimeout and leaves their definition to
// the main loop; these are ours. Avahi may free a watch or timeout from
// inside its own callback, so the Qt objects are released with deleteLater
// and the callback is the last thing each slot does.

struct AvahiWatch {
    AvahiWatchCallback callback = nullptr;
    void* userdata = nullptr;
    AvahiWatchEvent happened = static_cast<AvahiWatchEvent>(0); // valid inside the callback only
    QSocketNotifier* read = nullptr;
    QSocketNotifier* write = nullptr;
};

struct AvahiTimeout {
    AvahiTimeoutCallback callback = nullptr;
    void* userdata = nullptr;
    QTimer* timer = nullptr;
};

namespace {

void watch_update(AvahiWatch* watch, AvahiWatchEvent events) {
    watch->read->setEnabled((events & (AVAHI_WATCH_IN | AVAHI_WATCH_HUP | AVAHI_WATCH_ERR)) != 0);
    watch->write->setEnabled((events & AVAHI_WATCH_OUT) != 0);
}

AvahiWatch* watch_new(const AvahiPoll*, int fd, AvahiWatchEvent events, AvahiWatchCallback callback, void* userdata) {
    auto* watch = new AvahiWatch{callback, userdata, static_cast<AvahiWatchEvent>(0),
                                 new QSocketNotifier(fd, QSocketNotifier::Read),
                                 new QSocketNotifier(fd, QSocketNotifier::Write)};
    const auto fire = [watch, fd](AvahiWatchEvent event) {
        watch->happened = event;
        watch->callback(watch, fd, event, watch->userdata); // may free the watch: nothing after it
    };
    QObject::connect(watch->read, &QSocketNotifier::activated, watch->read, [fire] { fire(AVAHI_WATCH_IN); });
    QObject::connect(watch->write, &QSocketNotifier::activated, watch->write, [fire] { fire(AVAHI_WATCH_OUT); });
    watch_update(watch, events);
    return watch;
}

AvahiWatchEvent watch_get_events(AvahiWatch* watch) { return watch->happened; }

void watch_free(AvahiWatch* watch) {
    for (QSocketNotifier* notifier : {watch->read, watch->write}) {
        notifier->setEnabled(false);
        notifier->deleteLater();
    }
    delete watch;
}

// Avahi gives absolute wall-clock times; QTimer wants an interval.
void timeout_update(AvahiTimeout* timeout, const struct timeval* when) {
    if (!when) {
        timeout->timer->stop();
        return;
    }
    const AvahiUsec until_us = -avahi_age(when);
    timeout->timer->start(static_cast<int>(std::clamp<AvahiUsec>((until_us + 999) / 1000, 0, INT32_MAX)));
}

AvahiTimeout* timeout_new(const AvahiPoll*, const struct timeval* when, AvahiTimeoutCallback callback, void* userdata) {
    auto* timeout = new AvahiTimeout{callback, userdata, new QTimer};
    timeout->timer->setSingleShot(true);
    QObject::connect(timeout->timer, &QTimer::timeout, timeout->timer,
                     [timeout] { timeout->callback(timeout, timeout->userdata); }); // may free it: nothing after
    timeout_update(timeout, when);
    return timeout;
}

void timeout_free(AvahiTimeout* timeout) {
    timeout->timer->stop();
    timeout->timer->deleteLater();
    delete timeout;
}

struct ClientFree {
    void operator()(AvahiClient* client) const { avahi_client_free(client); }
};
struct EntryGroupFree {
    void operator()(AvahiEntryGroup* group) const { avahi_entry_group_free(group); }
};
struct BrowserFree {
    void operator()(AvahiServiceBrowser* browser) const { avahi_service_browser_free(browser); }
};
struct ResolverFree {
    void operator()(AvahiServiceResolver* resolver) const { avahi_service_resolver_free(resolver); }
};
struct AvahiStringFree {
    void operator()(char* text) const { avahi_free(text); }
};
using AvahiString = std::unique_ptr<char, AvahiStringFree>;

// A DNS label, and so a service name, holds at most 63 bytes.
constexpr qsizetype kServiceNameBytesMax = 63;

QString avahi_error_text(int error) { return QString::fromUtf8(avahi_strerror(error)); }

} // namespace

namespace chain::net {

// Declared in the order they must be freed in reverse: avahi_client_free also
// frees the group, browser and resolvers, so those go first; the poll
// adapter outlives the client that uses it.
struct LanDiscovery::Avahi {
    AvahiPoll poll{nullptr, watch_new, watch_update, watch_get_events, watch_free,
                   timeout_new, timeout_update, timeout_free};
    std::unique_ptr<AvahiClient, ClientFree> client;
    std::unique_ptr<AvahiEntryGroup, EntryGroupFree> group;
    std::unique_ptr<AvahiServiceBrowser, BrowserFree> browser;
    std::vector<std::unique_ptr<AvahiServiceResolver, ResolverFree>> resolvers;
    std::string service_name;
    int renames = 0;
};

// The C callbacks, with access to LanDiscovery's private members.
struct LanDiscoveryCallbacks {
    static void on_client(AvahiClient* client, AvahiClientState state, void* userdata);
    static void on_group(AvahiEntryGroup* group, AvahiEntryGroupState state, void* userdata);
    static void on_browse(AvahiServiceBrowser* browser, AvahiIfIndex interface, AvahiProtocol protocol,
                          AvahiBrowserEvent event, const char* name, const char* type, const char* domain,
                          AvahiLookupResultFlags flags, void* userdata);
    static void on_resolve(AvahiServiceResolver* resolver, AvahiIfIndex interface, AvahiProtocol protocol,
                           AvahiResolverEvent event, const char* name, const char* type, const char* domain,
                           const char* host_name, const AvahiAddress* address, uint16_t port, AvahiStringList* txt,
                           AvahiLookupResultFlags flags, void* userdata);
    static void publish(LanDiscovery* self, AvahiClient* client);
    static void browse(LanDiscovery* self, AvahiClient* client);
    static bool rename(LanDiscovery* self);
};

void LanDiscoveryCallbacks::on_client(AvahiClient* client, AvahiClientState state, void* userdata) {
    auto* self = static_cast<LanDiscovery*>(userdata);
    switch (state) {
    case AVAHI_CLIENT_S_RUNNING:
        // Called from inside avahi_client_new too, before it returned the
        // client: use the argument, not self->avahi_->client.
        publish(self, client);
        browse(self, client);
        return;
    case AVAHI_CLIENT_S_COLLISION:
    case AVAHI_CLIENT_S_REGISTERING:
        // The host name changes: the service is published again once it runs.
        if (self->avahi_->group) avahi_entry_group_reset(self->avahi_->group.get());
        return;
    case AVAHI_CLIENT_FAILURE: {
        // During avahi_client_new, connect_daemon() handles the failure itself.
        if (!self->avahi_->client) return;
        const QString why = avahi_error_text(avahi_client_errno(client));
        // The client cannot be freed inside its own callback.
        QTimer::singleShot(0, self, [self, why] {
            if (!self->running_) return;
            self->avahi_.reset();
            self->set_status(LanDiscoveryState::DaemonUnavailable, QStringLiteral("the Avahi daemon went away: %1").arg(why));
            self->retry_timer_->start();
        });
        return;
    }
    case AVAHI_CLIENT_CONNECTING: return;
    }
}

void LanDiscoveryCallbacks::publish(LanDiscovery* self, AvahiClient* client) {
    LanDiscovery::Avahi& avahi = *self->avahi_;
    if (!avahi.group) {
        avahi.group.reset(avahi_entry_group_new(client, on_group, self));
        if (!avahi.group) {
            self->set_status(LanDiscoveryState::Failed,
                             QStringLiteral("cannot create an Avahi entry group: %1").arg(avahi_error_text(avahi_client_errno(client))));
            return;
        }
    }
    if (!avahi_entry_group_is_empty(avahi.group.get())) return;
    if (avahi.service_name.empty()) {
        const QString host = QString::fromUtf8(avahi_client_get_host_name(client));
        avahi.service_name = QStringLiteral("Rateio %1 %2").arg(host).arg(self->port_).toUtf8().left(kServiceNameBytesMax).toStdString();
    }
    const std::string group_txt = std::string(kLanTxtGroupKey) + "=" + codec::to_hex(self->group_id_);
    const std::string version_txt = std::string(kLanTxtVersionKey) + "=" + kLanTxtVersion;
    int error = AVAHI_ERR_COLLISION;
    while (error == AVAHI_ERR_COLLISION) {
        error = avahi_entry_group_add_service(avahi.group.get(), AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC,
                                              static_cast<AvahiPublishFlags>(0), avahi.service_name.c_str(),
                                              kLanServiceType, nullptr, nullptr, self->port_, group_txt.c_str(),
                                              version_txt.c_str(), static_cast<const char*>(nullptr));
        if (error == AVAHI_ERR_COLLISION && !rename(self)) return;
    }
    if (error >= 0) error = avahi_entry_group_commit(avahi.group.get());
    if (error < 0)
        self->set_status(LanDiscoveryState::Failed,
                         QStringLiteral("cannot publish %1: %2").arg(QLatin1String(kLanServiceType), avahi_error_text(error)));
}

// Another service on the network has our name: Avahi proposes "name #2",
// and so on, at most kLanServiceRenamesMax times. False when it gave up.
bool LanDiscoveryCallbacks::rename(LanDiscovery* self) {
    LanDiscovery::Avahi& avahi = *self->avahi_;
    const AvahiString alternative(avahi_alternative_service_name(avahi.service_name.c_str()));
    if (++avahi.renames > kLanServiceRenamesMax || !alternative) {
        self->set_status(LanDiscoveryState::Failed, QStringLiteral("every service name tried is taken on this network"));
        return false;
    }
    avahi.service_name = alternative.get();
    avahi_entry_group_reset(avahi.group.get());
    return true;
}

void LanDiscoveryCallbacks::on_group(AvahiEntryGroup* group, AvahiEntryGroupState state, void* userdata) {
    auto* self = static_cast<LanDiscovery*>(userdata);
    switch (state) {
    case AVAHI_ENTRY_GROUP_ESTABLISHED:
        self->set_status(LanDiscoveryState::Running,
                         QStringLiteral("published '%1' on port %2")
                             .arg(QString::fromStdString(self->avahi_->service_name))
                             .arg(self->port_));
        return;
    case AVAHI_ENTRY_GROUP_COLLISION:
        if (rename(self)) publish(self, avahi_entry_group_get_client(group));
        return;
    case AVAHI_ENTRY_GROUP_FAILURE:
        self->set_status(LanDiscoveryState::Failed,
                         QStringLiteral("publishing failed: %1")
                             .arg(avahi_error_text(avahi_client_errno(avahi_entry_group_get_client(group)))));
        return;
    case AVAHI_ENTRY_GROUP_UNCOMMITED:
    case AVAHI_ENTRY_GROUP_REGISTERING: return;
    }
}

void LanDiscoveryCallbacks::browse(LanDiscovery* self, AvahiClient* client) {
    LanDiscovery::Avahi& avahi = *self->avahi_;
    if (avahi.browser) return;
    avahi.browser.reset(avahi_service_browser_new(client, AVAHI_IF_UNSPEC, AVAHI_PROTO_UNSPEC, kLanServiceType, nullptr,
                                                  static_cast<AvahiLookupFlags>(0), on_browse, self));
    if (!avahi.browser)
        self->set_status(LanDiscoveryState::Failed,
                         QStringLiteral("cannot browse %1: %2")
                             .arg(QLatin1String(kLanServiceType), avahi_error_text(avahi_client_errno(client))));
}

void LanDiscoveryCallbacks::on_browse(AvahiServiceBrowser* browser, AvahiIfIndex interface, AvahiProtocol protocol,
                                      AvahiBrowserEvent event, const char* name, const char* type, const char* domain,
                                      AvahiLookupResultFlags flags, void* userdata) {
    auto* self = static_cast<LanDiscovery*>(userdata);
    LanDiscovery::Avahi& avahi = *self->avahi_;
    AvahiClient* client = avahi_service_browser_get_client(browser);
    switch (event) {
    case AVAHI_BROWSER_NEW: {
        if ((flags & AVAHI_LOOKUP_RESULT_OUR_OWN) != 0) return;
        if (avahi.resolvers.size() >= kLanResolversMax) {
            qCDebug(lcLan) << "too many services being resolved; skipping" << name;
            return;
        }
        // Resolving for the browse result's own protocol gives each address
        // family its own answer (IPv4 and IPv6).
        AvahiServiceResolver* resolver = avahi_service_resolver_new(client, interface, protocol, name, type, domain,
                                                                    protocol, static_cast<AvahiLookupFlags>(0),
                                                                    on_resolve, self);
        if (resolver) avahi.resolvers.emplace_back(resolver);
        return;
    }
    case AVAHI_BROWSER_FAILURE:
        self->set_status(LanDiscoveryState::Failed,
                         QStringLiteral("browsing failed: %1").arg(avahi_error_text(avahi_client_errno(client))));
        return;
    case AVAHI_BROWSER_REMOVE:
    case AVAHI_BROWSER_CACHE_EXHAUSTED:
    case AVAHI_BROWSER_ALL_FOR_NOW: return;
    }
}

void LanDiscoveryCallbacks::on_resolve(AvahiServiceResolver* resolver, AvahiIfIndex interface, AvahiProtocol,
                                       AvahiResolverEvent event, const char*, const char*, const char*,
                                       const char* host_name, const AvahiAddress* address, uint16_t port,
                                       AvahiStringList* txt, AvahiLookupResultFlags flags, void* userdata) {
    auto* self = static_cast<LanDiscovery*>(userdata);
    if (event == AVAHI_RESOLVER_FOUND && address && host_name) {
        ResolvedService service;
        service.host_name = QString::fromUtf8(host_name);
        std::array<char, AVAHI_ADDRESS_STR_MAX> text{};
        service.address = QHostAddress(QString::fromLatin1(avahi_address_snprint(text.data(), text.size(), address)));
        // A link-local IPv6 address means nothing without the interface it
        // was seen on; the resolver tells which.
        if (service.address.protocol() == QAbstractSocket::IPv6Protocol && service.address.isLinkLocal() && interface > 0)
            service.address.setScopeId(QNetworkInterface::interfaceNameFromIndex(interface));
        service.port = port;
        service.our_own_service = (flags & AVAHI_LOOKUP_RESULT_OUR_OWN) != 0;
        if (AvahiStringList* item = avahi_string_list_find(txt, kLanTxtGroupKey)) {
            char* key = nullptr;
            char* value = nullptr;
            std::size_t size = 0;
            if (avahi_string_list_get_pair(item, &key, &value, &size) == 0) {
                const AvahiString key_owner(key);
                const AvahiString value_owner(value);
                if (value && size <= kLanTxtGroupValueBytesMax)
                    service.group_value = QByteArray(value, static_cast<qsizetype>(size));
            }
        }
        const QString own_host = QString::fromUtf8(avahi_client_get_host_name_fqdn(avahi_service_resolver_get_client(resolver)));
        if (const auto peer = peer_address_of(service, self->group_id_, own_host, self->port_)) self->report_peer(*peer);
    }
    // Done with this resolver, whatever the outcome (the last use of it).
    auto& resolvers = self->avahi_->resolvers;
    const auto it = std::find_if(resolvers.begin(), resolvers.end(), [resolver](const auto& r) { return r.get() == resolver; });
    if (it != resolvers.end()) resolvers.erase(it);
}

// --- Policy ------------------------------------------------------------------------

std::optional<QString> peer_address_of(const ResolvedService& service, const Hash256& group_id,
                                       const QString& own_host_name, quint16 own_port) {
    if (service.our_own_service || service.port == 0) return std::nullopt;
    if (static_cast<std::size_t>(service.group_value.size()) != kLanTxtGroupValueBytesMax) return std::nullopt;
    if (service.group_value.toLower() != QByteArray::fromStdString(codec::to_hex(group_id))) return std::nullopt;
    if (service.port == own_port && service.host_name.compare(own_host_name, Qt::CaseInsensitive) == 0) return std::nullopt;
    const QHostAddress& address = service.address;
    if (address.isNull() || address.isMulticast() || address.isBroadcast()) return std::nullopt;
    if (address.protocol() == QAbstractSocket::IPv4Protocol)
        return QStringLiteral("%1:%2").arg(address.toString()).arg(service.port);
    if (address.protocol() != QAbstractSocket::IPv6Protocol) return std::nullopt;
    if (address.isLinkLocal() && address.scopeId().isEmpty()) return std::nullopt;
    return QStringLiteral("[%1]:%2").arg(address.toString()).arg(service.port);
}

std::string_view lan_discovery_state_text(LanDiscoveryState state) {
    switch (state) {
    case LanDiscoveryState::Off: return "off";
    case LanDiscoveryState::Starting: return "starting";
    case LanDiscoveryState::Running: return "running";
    case LanDiscoveryState::DaemonUnavailable: return "daemon unavailable";
    case LanDiscoveryState::Failed: return "failed";
    }
    return "unknown";
}

// --- LanDiscovery ------------------------------------------------------------------

LanDiscovery::LanDiscovery(const Hash256& group_id, quint16 port, LanDiscoveryConfig config, QObject* parent)
    : QObject(parent), group_id_(group_id), port_(port), config_(config), retry_timer_(new QTimer(this)) {
    retry_timer_->setSingleShot(true);
    retry_timer_->setInterval(static_cast<int>(std::clamp<std::int64_t>(config_.daemon_retry_interval_ms, 1, INT32_MAX)));
    connect(retry_timer_, &QTimer::timeout, this, &LanDiscovery::connect_daemon);
}

LanDiscovery::~LanDiscovery() {
    // Freed before the QObject parts (the notifiers and timers it owns are
    // released with deleteLater).
    avahi_.reset();
}

void LanDiscovery::start() {
    if (running_) return;
    running_ = true;
    connect_daemon();
}

void LanDiscovery::stop() {
    if (!running_) return;
    running_ = false;
    retry_timer_->stop();
    avahi_.reset(); // withdraws the service
    // Reported again after a restart: the node forgot its peers when it stopped.
    peers_.clear();
    peers_order_.clear();
    set_status(LanDiscoveryState::Off, QStringLiteral("stopped"));
}

void LanDiscovery::connect_daemon() {
    if (!running_) return;
    avahi_ = std::make_unique<Avahi>();
    set_status(LanDiscoveryState::Starting, QStringLiteral("connecting to the Avahi daemon"));
    int error = 0;
    AvahiClient* client = avahi_client_new(&avahi_->poll, static_cast<AvahiClientFlags>(0),
                                           LanDiscoveryCallbacks::on_client, this, &error);
    if (!client) {
        avahi_.reset();
        const QString why = QStringLiteral("the Avahi daemon is not reachable (%1); looking again in %2 s")
                                .arg(avahi_error_text(error))
                                .arg(static_cast<double>(config_.daemon_retry_interval_ms) / 1000.0, 0, 'g', 6);
        // Logged once until it works again: a machine without Avahi is normal.
        if (!unavailable_logged_) qCInfo(lcLan).noquote() << "LAN discovery off:" << why;
        unavailable_logged_ = true;
        set_status(LanDiscoveryState::DaemonUnavailable, why);
        retry_timer_->start();
        return;
    }
    avahi_->client.reset(client);
    unavailable_logged_ = false;
}

void LanDiscovery::set_status(LanDiscoveryState state, const QString& detail) {
    if (status_.state == state && status_.detail == detail) return;
    if (state == LanDiscoveryState::Failed) qCWarning(lcLan).noquote() << "LAN discovery:" << detail;
    else qCDebug(lcLan).noquote() << "LAN discovery" << QString::fromLatin1(lan_discovery_state_text(state)) << "-" << detail;
    status_ = LanDiscoveryStatus{state, detail};
    emit statusChanged();
}

void LanDiscovery::report_peer(const QString& host_port) {
    if (peers_.count(host_port) != 0) return;
    if (peers_order_.size() >= kLanPeersRememberedMax) {
        peers_.erase(peers_order_.front());
        peers_order_.pop_front();
    }
    peers_.insert(host_port);
    peers_order_.push_back(host_port);
    qCInfo(lcLan).noquote() << "found a neighbour of the group at" << host_port;
    emit peerFound(host_port);
}

} // namespace chain::net
