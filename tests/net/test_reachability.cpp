// Reachability: the IPv6 classification, the method and invitation addresses
// it derives from a fake UPnP router (fake_router.h; NAT-PMP stays off so
// that only test_port_mapping uses UDP 5351), and a NetworkNode with
// reachability enabled: its status through the Node interface, and its
// mapping deleted by stop().

#include "../node/cluster.h"
#include "fake_router.h"
#include "node/reachability.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using chain::classify_ipv6;
using chain::Ipv6Class;
using chain::Reachability;
using chain::ReachabilityConfig;
using chain::ReachabilityMethod;
using chain::ReachabilityStatus;
using rateio_test::FakeIgd;

namespace {

constexpr int kWaitMs = 10'000;

ReachabilityConfig config_with(const FakeIgd& igd) {
    ReachabilityConfig config;
    config.port_mapping.upnp_root_description_url = igd.root_description_url();
    config.port_mapping.natpmp_enabled = false;
    config.port_mapping.retry_interval_ms = 60'000;
    // The fake answers on the test's thread, which stop() blocks: the delete
    // is confirmed only after stop() gave up waiting.
    config.port_mapping.stop_timeout_ms = 300;
    config.lan.daemon_retry_interval_ms = 60'000;
    return config;
}

} // namespace

class TestReachability : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void ipv6Classes();
    void defaultStatusIsNotNetworked();
    void upnpMappingIsListed();
    void noRouterIsLocalNetworkOnly();
    void networkNodeReportsAndDeletes();
    void networkNodeWithChecksOff();
    void lanNeighboursConnect();
};

void TestReachability::initTestCase() {
    // No LAN discovery through a real daemon, unless one is named (see
    // test_lan_discovery.cpp): then lanNeighboursConnect runs.
    const QByteArray bus = qgetenv("RATEIO_TEST_AVAHI_BUS");
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", bus.isEmpty() ? QByteArray("unix:path=/nonexistent/rateio-test-no-bus") : bus);
}

void TestReachability::ipv6Classes() {
    const auto c = [](const char* text) { return classify_ipv6(QHostAddress(QString::fromLatin1(text))); };
    QCOMPARE(c("2804:14c:5b81:8e00::1"), Ipv6Class::Global);
    QCOMPARE(c("2001:db8::1"), Ipv6Class::Global);
    QCOMPARE(c("3fff:ffff::1"), Ipv6Class::Global);
    QCOMPARE(c("fe80::1"), Ipv6Class::LinkLocal);
    QCOMPARE(c("febf::1"), Ipv6Class::LinkLocal);
    QCOMPARE(c("fd12:3456::1"), Ipv6Class::UniqueLocal);
    QCOMPARE(c("fc00::1"), Ipv6Class::UniqueLocal);
    QCOMPARE(c("::1"), Ipv6Class::Loopback);
    QCOMPARE(c("::"), Ipv6Class::Unspecified);
    QCOMPARE(c("ff02::1"), Ipv6Class::Multicast);
    QCOMPARE(c("fec0::1"), Ipv6Class::Other); // deprecated site-local
    QCOMPARE(c("::ffff:192.168.0.1"), Ipv6Class::Other);
    QCOMPARE(c("4000::1"), Ipv6Class::Other);
    QCOMPARE(c("192.168.0.1"), Ipv6Class::NotIpv6);
    for (const QHostAddress& address : chain::global_ipv6_addresses())
        QCOMPARE(classify_ipv6(address), Ipv6Class::Global);
}

void TestReachability::defaultStatusIsNotNetworked() {
    QCOMPARE(ReachabilityStatus{}.method, ReachabilityMethod::NotNetworked);
    QVERIFY(ReachabilityStatus{}.invitation_addresses.isEmpty());
}

void TestReachability::upnpMappingIsListed() {
    FakeIgd igd;
    QVERIFY(igd.listen());
    const quint16 port = free_port();
    Reachability reachability(port, chain::Hash256{}, config_with(igd));
    QSignalSpy changed(&reachability, &Reachability::changed);
    reachability.start();
    const QList<QHostAddress> ipv6 = chain::global_ipv6_addresses();
    if (ipv6.isEmpty()) QCOMPARE(reachability.status().method, ReachabilityMethod::Checking);

    const QString mapped = QStringLiteral("203.0.113.7:%1").arg(port);
    QTRY_VERIFY_WITH_TIMEOUT(reachability.status().invitation_addresses.contains(mapped), kWaitMs);
    const ReachabilityStatus status = reachability.status();
    QCOMPARE(status.method, ipv6.isEmpty() ? ReachabilityMethod::UpnpIgd : ReachabilityMethod::Ipv6);
    QCOMPARE(status.port, port);
    QCOMPARE(status.mapping.method, chain::net::PortMappingMethod::UpnpIgd);
    // Global IPv6 first, then the mapped IPv4, then the LAN addresses.
    QCOMPARE(status.invitation_addresses.indexOf(mapped), ipv6.size());
    QVERIFY(status.invitation_addresses.size() <= chain::kReachabilityAddressesMax);
    if (qEnvironmentVariableIsEmpty("RATEIO_TEST_AVAHI_BUS"))
        QCOMPARE(status.lan.state, chain::net::LanDiscoveryState::DaemonUnavailable);
    QVERIFY(changed.size() >= 2);
}

void TestReachability::noRouterIsLocalNetworkOnly() {
    if (!chain::global_ipv6_addresses().isEmpty()) QSKIP("this machine has a global IPv6 address");
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    ReachabilityConfig config;
    config.port_mapping.upnp_root_description_url = QStringLiteral("http://127.0.0.1:%1/").arg(closed.serverPort());
    closed.close();
    config.port_mapping.natpmp_enabled = false;
    config.port_mapping.retry_interval_ms = 60'000;
    config.lan_discovery_enabled = false;
    Reachability reachability(free_port(), chain::Hash256{}, config);
    reachability.start();
    QTRY_COMPARE_WITH_TIMEOUT(reachability.status().method, ReachabilityMethod::LocalNetworkOnly, kWaitMs);
    QCOMPARE(reachability.status().mapping.failure, chain::net::PortMappingFailure::NoRouter);
    QCOMPARE(reachability.status().lan.state, chain::net::LanDiscoveryState::Off);
}

void TestReachability::networkNodeReportsAndDeletes() {
    FakeIgd igd;
    QVERIFY(igd.listen());
    chain::testing::Cluster cluster(1, 0);
    chain::NetworkNodeConfig config = cluster.config(0);
    config.listen_port = free_port();
    config.reachability_enabled = true;
    config.reachability = config_with(igd);
    QString error;
    std::unique_ptr<chain::NetworkNode> node = chain::NetworkNode::open(
        config, cluster.genesis, cluster.keys[0], [] { return QDateTime::currentMSecsSinceEpoch(); }, &error);
    QVERIFY2(node, qPrintable(error));
    chain::Node* as_node = node.get();
    QSignalSpy changed(as_node, &chain::Node::reachabilityChanged);
    QVERIFY2(node->start(&error), qPrintable(error));

    const QString mapped = QStringLiteral("203.0.113.7:%1").arg(config.listen_port);
    QTRY_VERIFY_WITH_TIMEOUT(as_node->reachability().invitation_addresses.contains(mapped), kWaitMs);
    QVERIFY(!changed.isEmpty());
    const auto* add = igd.last(QStringLiteral("AddPortMapping"));
    QVERIFY(add);
    QCOMPARE(add->args.value(QStringLiteral("NewInternalPort")), QString::number(config.listen_port));

    // stop() waits for the router to confirm the delete, at most
    // stop_timeout_ms; the fake answers on this thread, so here it gives up
    // waiting (the bound holds), and the request is seen once the event
    // loop runs again.
    QElapsedTimer stopping;
    stopping.start();
    node->stop();
    QVERIFY2(stopping.elapsed() < config.reachability.port_mapping.stop_timeout_ms + 2000,
             qPrintable(QString::number(stopping.elapsed())));
    QTRY_COMPARE_WITH_TIMEOUT(igd.count(QStringLiteral("DeletePortMapping")), 1, kWaitMs);
}

void TestReachability::networkNodeWithChecksOff() {
    chain::testing::Cluster cluster(1, 0);
    chain::NetworkNodeConfig config = cluster.config(0);
    config.listen_port = free_port();
    QString error;
    std::unique_ptr<chain::NetworkNode> node = chain::NetworkNode::open(
        config, cluster.genesis, cluster.keys[0], [] { return QDateTime::currentMSecsSinceEpoch(); }, &error);
    QVERIFY2(node, qPrintable(error));
    QCOMPARE(node->reachability().method, ReachabilityMethod::NotChecked);
    QVERIFY2(node->start(&error), qPrintable(error));
    const ReachabilityStatus status = node->reachability();
    QCOMPARE(status.method, ReachabilityMethod::NotChecked);
    QCOMPARE(status.port, config.listen_port);
    QCOMPARE(status.invitation_addresses, chain::unchecked_reachability(config.listen_port).invitation_addresses);
    node->stop();
}

// Two nodes of a group that were told nothing about each other connect
// through LAN discovery.
void TestReachability::lanNeighboursConnect() {
    if (qEnvironmentVariableIsEmpty("RATEIO_TEST_AVAHI_BUS")) QSKIP("no Avahi daemon named (RATEIO_TEST_AVAHI_BUS)");
    chain::testing::Cluster cluster(2, 0);
    std::vector<std::unique_ptr<chain::NetworkNode>> nodes;
    for (std::size_t i = 0; i < 2; ++i) {
        chain::NetworkNodeConfig config = cluster.config(i);
        config.listen_address = QHostAddress::Any; // reached at the LAN address Avahi announces
        config.listen_port = free_port();
        config.reachability_enabled = true;
        config.reachability.port_mapping_enabled = false;
        QString error;
        nodes.push_back(chain::NetworkNode::open(config, cluster.genesis, cluster.keys[i],
                                                 [] { return QDateTime::currentMSecsSinceEpoch(); }, &error));
        QVERIFY2(nodes.back(), qPrintable(error));
        QVERIFY2(nodes.back()->start(&error), qPrintable(error));
    }
    QTRY_VERIFY_WITH_TIMEOUT(!nodes[0]->peers().empty() && !nodes[1]->peers().empty(), 20'000);
    QCOMPARE(nodes[0]->peers().front().node_key, cluster.keys[1].public_key());
    QCOMPARE(nodes[0]->reachability().lan.state, chain::net::LanDiscoveryState::Running);
    QCOMPARE(nodes[0]->reachability().method, ReachabilityMethod::LocalNetworkOnly);
}

QTEST_GUILESS_MAIN(TestReachability)
#include "test_reachability.moc"
