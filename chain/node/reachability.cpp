#include "node/reachability.h"

#include "node/invitation.h"

#include <QDeadlineTimer>
#include <QLoggingCategory>
#include <QNetworkInterface>
#include <QTimer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcReachability, "rateio.node.reach")

namespace chain {

static_assert(kReachabilityAddressesMax <= kInvitationPeersMax, "every address listed must fit in an invitation");

namespace {

QString ipv6_host_port(const QHostAddress& address, quint16 port) {
    return QStringLiteral("[%1]:%2").arg(address.toString()).arg(port);
}

void append_unique(QStringList* list, const QString& item) {
    if (!item.isEmpty() && list->size() < kReachabilityAddressesMax && !list->contains(item)) list->append(item);
}

} // namespace

std::string_view reachability_method_text(ReachabilityMethod method) {
    switch (method) {
    case ReachabilityMethod::NotNetworked: return "not networked";
    case ReachabilityMethod::NotChecked: return "not checked";
    case ReachabilityMethod::Checking: return "checking";
    case ReachabilityMethod::Ipv6: return "IPv6";
    case ReachabilityMethod::UpnpIgd: return "UPnP-IGD";
    case ReachabilityMethod::NatPmp: return "NAT-PMP";
    case ReachabilityMethod::LocalNetworkOnly: return "local network only";
    }
    return "unknown";
}

ReachabilityStatus unchecked_reachability(quint16 port) {
    ReachabilityStatus status;
    status.method = ReachabilityMethod::NotChecked;
    status.port = port;
    for (const QString& address : local_listen_addresses(port)) append_unique(&status.invitation_addresses, address);
    return status;
}

Ipv6Class classify_ipv6(const QHostAddress& address) {
    if (address.protocol() != QAbstractSocket::IPv6Protocol) return Ipv6Class::NotIpv6;
    const Q_IPV6ADDR bytes = address.toIPv6Address();
    const bool zero_prefix = std::all_of(bytes.c, bytes.c + 15, [](quint8 b) { return b == 0; });
    if (zero_prefix && bytes[15] == 0) return Ipv6Class::Unspecified;
    if (zero_prefix && bytes[15] == 1) return Ipv6Class::Loopback;
    if (bytes[0] == 0xfe && (bytes[1] & 0xc0) == 0x80) return Ipv6Class::LinkLocal;
    if ((bytes[0] & 0xfe) == 0xfc) return Ipv6Class::UniqueLocal;
    if (bytes[0] == 0xff) return Ipv6Class::Multicast;
    if ((bytes[0] & 0xe0) == 0x20) return Ipv6Class::Global;
    return Ipv6Class::Other;
}

QList<QHostAddress> global_ipv6_addresses() {
    QList<QHostAddress> out;
    for (const QNetworkInterface& interface : QNetworkInterface::allInterfaces()) {
        const auto flags = interface.flags();
        if (!flags.testFlag(QNetworkInterface::IsUp) || !flags.testFlag(QNetworkInterface::IsRunning) ||
            flags.testFlag(QNetworkInterface::IsLoopBack))
            continue;
        for (const QNetworkAddressEntry& entry : interface.addressEntries()) {
            if (classify_ipv6(entry.ip()) != Ipv6Class::Global) continue;
            if (entry.isTemporary() || entry.preferredLifetime().hasExpired()) continue;
            if (!out.contains(entry.ip())) out.append(entry.ip());
        }
    }
    return out;
}

Reachability::Reachability(quint16 port, const Hash256& group_id, ReachabilityConfig config, QObject* parent)
    : QObject(parent), port_(port), config_(std::move(config)), address_timer_(new QTimer(this)) {
    if (config_.port_mapping_enabled && port_ != 0) {
        net::PortMappingConfig mapping = config_.port_mapping;
        mapping.internal_port = port_;
        mapper_ = new net::PortMapper(mapping, this);
        connect(mapper_, &net::PortMapper::changed, this, [this] {
            mapping_reported_ = true;
            update();
        });
    }
    if (config_.lan_discovery_enabled && port_ != 0) {
        lan_ = new net::LanDiscovery(group_id, port_, config_.lan, this);
        connect(lan_, &net::LanDiscovery::statusChanged, this, &Reachability::update);
        connect(lan_, &net::LanDiscovery::peerFound, this, &Reachability::lanPeerFound);
    }
    address_timer_->setInterval(static_cast<int>(std::clamp<std::int64_t>(config_.address_check_interval_ms, 1, INT32_MAX)));
    connect(address_timer_, &QTimer::timeout, this, &Reachability::check_addresses);
    status_.method = ReachabilityMethod::Checking;
    status_.port = port_;
}

Reachability::~Reachability() { stop(); }

void Reachability::start() {
    if (running_) return;
    running_ = true;
    global_ipv6_ = global_ipv6_addresses();
    address_timer_->start();
    if (mapper_) mapper_->start();
    if (lan_) lan_->start();
    update();
}

void Reachability::stop() {
    if (!running_) return;
    running_ = false;
    address_timer_->stop();
    if (mapper_) mapper_->stop();
    if (lan_) lan_->stop();
}

void Reachability::check_addresses() {
    QList<QHostAddress> now = global_ipv6_addresses();
    if (now == global_ipv6_) return;
    global_ipv6_ = std::move(now);
    update();
}

void Reachability::update() {
    ReachabilityStatus status;
    status.port = port_;
    if (mapper_) status.mapping = mapper_->result();
    if (lan_) status.lan = lan_->status();

    if (port_ == 0) status.method = ReachabilityMethod::LocalNetworkOnly;
    else if (!global_ipv6_.isEmpty()) status.method = ReachabilityMethod::Ipv6;
    else if (status.mapping.method == net::PortMappingMethod::UpnpIgd) status.method = ReachabilityMethod::UpnpIgd;
    else if (status.mapping.method == net::PortMappingMethod::NatPmp) status.method = ReachabilityMethod::NatPmp;
    else if (mapper_ && !mapping_reported_) status.method = ReachabilityMethod::Checking;
    else status.method = ReachabilityMethod::LocalNetworkOnly;

    if (port_ != 0) {
        for (const QHostAddress& address : global_ipv6_) append_unique(&status.invitation_addresses, ipv6_host_port(address, port_));
        append_unique(&status.invitation_addresses, status.mapping.external_host_port());
        for (const QString& address : local_listen_addresses(port_)) append_unique(&status.invitation_addresses, address);
    }
    if (status.method != status_.method)
        qCInfo(lcReachability).noquote() << "port" << port_ << "reachable by"
                                         << QString::fromLatin1(reachability_method_text(status.method));
    status_ = std::move(status);
    emit changed();
}

} // namespace chain
