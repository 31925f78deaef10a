// PortMapper against fake routers on 127.0.0.1 (fake_router.h): UPnP-IGD
// through a root description URL, NAT-PMP on UDP 5351 with the gateway
// forced to 127.0.0.1. Only this test uses port 5351, so it runs beside the
// others. Every timeout is shortened, so a case takes at most a few seconds.

#include "fake_router.h"
#include "net/port_mapping.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <thread>

using chain::net::PortMapper;
using chain::net::PortMappingConfig;
using chain::net::PortMappingFailure;
using chain::net::PortMappingMethod;
using chain::net::PortMappingResult;
using rateio_test::FakeIgd;
using rateio_test::FakeNatPmp;

namespace {

constexpr int kWaitMs = 10'000;
constexpr quint16 kInternalPort = 4242;

// A TCP port on 127.0.0.1 where nothing listens (taken, then released).
quint16 closed_port() {
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0)) qFatal("cannot listen on 127.0.0.1");
    return server.serverPort();
}

PortMappingConfig base_config() {
    PortMappingConfig config;
    config.internal_port = kInternalPort;
    config.upnp_root_description_url = QStringLiteral("http://127.0.0.1:%1/rootDesc.xml").arg(closed_port());
    config.natpmp_gateway = QStringLiteral("127.0.0.1");
    config.natpmp_timeout_ms = 800;
    config.discover_timeout_ms = 200;
    config.retry_interval_ms = 60'000; // a failed attempt is not repeated within a case
    config.stop_timeout_ms = 3000;
    return config;
}

// stop() waits for the worker to delete the mapping, and the fake routers
// answer on this thread: stop from a helper thread while this one serves
// them. True when stop() returned in time.
bool stop_serving(PortMapper& mapper) {
    std::atomic<bool> done{false};
    std::thread stopper([&] {
        mapper.stop();
        done = true;
    });
    const bool ok = QTest::qWaitFor([&] { return done.load(); }, kWaitMs);
    stopper.join();
    return ok;
}

PortMappingResult wait_result(QSignalSpy& spy, int index = 0) {
    if (spy.size() <= index && !QTest::qWaitFor([&] { return spy.size() > index; }, kWaitMs)) return {};
    return spy.at(index).at(0).value<PortMappingResult>();
}

} // namespace

class TestPortMapping : public QObject {
    Q_OBJECT
private slots:
    void upnpSuccessAndDelete();
    void upnpRefusedFallsToNatPmp_data();
    void upnpRefusedFallsToNatPmp();
    void noRouter();
    void natPmpRefused_data();
    void natPmpRefused();
    void privateExternalAddressIsNotMapped();
    void upnpRenewedAtHalfLease();
    void natPmpRenewedAndDeleted();
    void failedRenewalIsReportedAndNextMethodTried();
    void publicIpv4();
};

void TestPortMapping::upnpSuccessAndDelete() {
    FakeIgd igd;
    QVERIFY(igd.listen());
    PortMappingConfig config = base_config();
    config.upnp_root_description_url = igd.root_description_url();
    config.natpmp_enabled = false;
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    mapper.start();

    const PortMappingResult result = wait_result(spy);
    QCOMPARE(result.method, PortMappingMethod::UpnpIgd);
    QCOMPARE(result.failure, PortMappingFailure::None);
    QCOMPARE(result.external_address, QStringLiteral("203.0.113.7"));
    QCOMPARE(result.external_port, kInternalPort);
    QCOMPARE(result.lease_s, 3600u);
    QCOMPARE(result.external_host_port(), QStringLiteral("203.0.113.7:4242"));
    QCOMPARE(mapper.result().method, PortMappingMethod::UpnpIgd);

    const FakeIgd::SoapCall* add = igd.last(QStringLiteral("AddPortMapping"));
    QVERIFY(add);
    QCOMPARE(add->args.value(QStringLiteral("NewInternalPort")), QStringLiteral("4242"));
    QCOMPARE(add->args.value(QStringLiteral("NewExternalPort")), QStringLiteral("4242"));
    QCOMPARE(add->args.value(QStringLiteral("NewInternalClient")), QStringLiteral("127.0.0.1"));
    QCOMPARE(add->args.value(QStringLiteral("NewProtocol")), QStringLiteral("TCP"));
    QCOMPARE(add->args.value(QStringLiteral("NewLeaseDuration")), QStringLiteral("3600"));
    QCOMPARE(add->args.value(QStringLiteral("NewPortMappingDescription")), QStringLiteral("Rateio"));
    QCOMPARE(igd.count(QStringLiteral("GetExternalIPAddress")), 1);

    QElapsedTimer stopping;
    stopping.start();
    QVERIFY(stop_serving(mapper));
    // Returned before stop_timeout_ms: the router confirmed the delete.
    QVERIFY(stopping.elapsed() < config.stop_timeout_ms);
    QCOMPARE(igd.count(QStringLiteral("DeletePortMapping")), 1);
    QCOMPARE(igd.last(QStringLiteral("DeletePortMapping"))->args.value(QStringLiteral("NewExternalPort")),
             QStringLiteral("4242"));
    QCOMPARE(spy.size(), 1); // nothing after stop()
}

void TestPortMapping::upnpRefusedFallsToNatPmp_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::newRow("718 ConflictInMappingEntry") << 718 << QStringLiteral("ConflictInMappingEntry");
    QTest::newRow("501 Action Failed") << 501 << QStringLiteral("Action Failed");
}

void TestPortMapping::upnpRefusedFallsToNatPmp() {
    QFETCH(int, code);
    QFETCH(QString, text);
    FakeIgd igd;
    QVERIFY(igd.listen());
    igd.add_error_code = code;
    igd.add_error_text = text;
    FakeNatPmp natpmp;
    QVERIFY2(natpmp.bind(), "UDP 127.0.0.1:5351 is taken");
    PortMappingConfig config = base_config();
    config.upnp_root_description_url = igd.root_description_url();
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    mapper.start();

    const PortMappingResult result = wait_result(spy);
    QCOMPARE(result.method, PortMappingMethod::NatPmp);
    QCOMPARE(result.external_address, QStringLiteral("198.51.100.9"));
    QCOMPARE(result.external_port, quint16(kInternalPort + 1000));
    QCOMPARE(result.lease_s, 3600u);
    QCOMPARE(igd.count(QStringLiteral("AddPortMapping")), 1);
    QCOMPARE(natpmp.count_mappings(/*deletes=*/false), 1);
    QCOMPARE(natpmp.requests.back().internal_port, kInternalPort);
    QCOMPARE(natpmp.requests.back().lifetime_s, 3600u);
    QVERIFY(stop_serving(mapper));
    QCOMPARE(natpmp.count_mappings(/*deletes=*/true), 1);
    QCOMPARE(igd.count(QStringLiteral("DeletePortMapping")), 0); // UPnP mapped nothing
}

void TestPortMapping::noRouter() {
    PortMappingConfig config = base_config(); // nothing listens at the URL nor on UDP 5351
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    QElapsedTimer elapsed;
    elapsed.start();
    mapper.start();

    const PortMappingResult result = wait_result(spy);
    QCOMPARE(spy.size(), 1);
    QCOMPARE(result.method, PortMappingMethod::None);
    QCOMPARE(result.failure, PortMappingFailure::NoRouter);
    QVERIFY(result.detail.contains(QLatin1String("UPnP")));
    QVERIFY(result.detail.contains(QLatin1String("NAT-PMP")));
    // A sanity bound, not a performance figure: the shortened timeouts hold.
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
    mapper.stop();
}

void TestPortMapping::natPmpRefused_data() {
    QTest::addColumn<int>("code");
    QTest::newRow("2 not authorized") << 2;
    QTest::newRow("3 network failure") << 3;
}

void TestPortMapping::natPmpRefused() {
    QFETCH(int, code);
    FakeNatPmp natpmp;
    QVERIFY2(natpmp.bind(), "UDP 127.0.0.1:5351 is taken");
    natpmp.result_code = static_cast<quint16>(code);
    PortMappingConfig config = base_config();
    config.upnp_enabled = false;
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    mapper.start();

    const PortMappingResult result = wait_result(spy);
    QCOMPARE(result.method, PortMappingMethod::None);
    QCOMPARE(result.failure, PortMappingFailure::Refused);
    QCOMPARE(result.router_error_code, code);
    QVERIFY(!result.router_error_text.isEmpty());
    QCOMPARE(natpmp.count_mappings(/*deletes=*/false), 1);
    mapper.stop();
    QCOMPARE(natpmp.count_mappings(/*deletes=*/true), 0); // nothing was mapped, nothing to delete
}

void TestPortMapping::privateExternalAddressIsNotMapped() {
    FakeIgd igd;
    QVERIFY(igd.listen());
    igd.external_ip = QStringLiteral("100.64.12.34"); // the provider's carrier-grade NAT
    PortMappingConfig config = base_config();
    config.upnp_root_description_url = igd.root_description_url();
    config.natpmp_enabled = false;
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    mapper.start();

    const PortMappingResult result = wait_result(spy);
    QCOMPARE(result.method, PortMappingMethod::None);
    QCOMPARE(result.failure, PortMappingFailure::PrivateExternalAddress);
    QCOMPARE(igd.count(QStringLiteral("AddPortMapping")), 0);
    mapper.stop();
}

void TestPortMapping::upnpRenewedAtHalfLease() {
    FakeIgd igd;
    QVERIFY(igd.listen());
    PortMappingConfig config = base_config();
    config.upnp_root_description_url = igd.root_description_url();
    config.natpmp_enabled = false;
    config.lease_s = 2; // renewed after about 1 s
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    mapper.start();

    QCOMPARE(wait_result(spy, 0).method, PortMappingMethod::UpnpIgd);
    const PortMappingResult renewed = wait_result(spy, 1);
    QCOMPARE(renewed.method, PortMappingMethod::UpnpIgd);
    QVERIFY(renewed.renewal);
    QVERIFY(igd.count(QStringLiteral("AddPortMapping")) >= 2);
    QCOMPARE(igd.last(QStringLiteral("AddPortMapping"))->args.value(QStringLiteral("NewLeaseDuration")),
             QStringLiteral("2"));
    QVERIFY(stop_serving(mapper));
    QCOMPARE(igd.count(QStringLiteral("DeletePortMapping")), 1);
}

void TestPortMapping::natPmpRenewedAndDeleted() {
    FakeNatPmp natpmp;
    QVERIFY2(natpmp.bind(), "UDP 127.0.0.1:5351 is taken");
    natpmp.lifetime_max_s = 2; // the gateway grants less than asked: renewal follows the grant
    PortMappingConfig config = base_config();
    config.upnp_enabled = false;
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    mapper.start();

    const PortMappingResult first = wait_result(spy, 0);
    QCOMPARE(first.method, PortMappingMethod::NatPmp);
    QCOMPARE(first.lease_s, 2u);
    const PortMappingResult renewed = wait_result(spy, 1);
    QCOMPARE(renewed.method, PortMappingMethod::NatPmp);
    QVERIFY(renewed.renewal);
    QVERIFY(natpmp.count_mappings(/*deletes=*/false) >= 2);

    QVERIFY(stop_serving(mapper));
    QCOMPARE(natpmp.count_mappings(/*deletes=*/true), 1);
    const FakeNatPmp::Request& last = natpmp.requests.back();
    QCOMPARE(last.lifetime_s, 0u);
    QCOMPARE(last.internal_port, kInternalPort);
}

void TestPortMapping::failedRenewalIsReportedAndNextMethodTried() {
    FakeIgd igd;
    QVERIFY(igd.listen());
    FakeNatPmp natpmp;
    QVERIFY2(natpmp.bind(), "UDP 127.0.0.1:5351 is taken");
    PortMappingConfig config = base_config();
    config.upnp_root_description_url = igd.root_description_url();
    config.lease_s = 2;
    PortMapper mapper(config);
    QSignalSpy spy(&mapper, &PortMapper::changed);
    mapper.start();

    QCOMPARE(wait_result(spy, 0).method, PortMappingMethod::UpnpIgd);
    igd.add_error_code = 501; // the router changes its mind before the renewal
    igd.add_error_text = QStringLiteral("Action Failed");

    const PortMappingResult failed = wait_result(spy, 1);
    QCOMPARE(failed.method, PortMappingMethod::None);
    QVERIFY(failed.renewal);
    QCOMPARE(failed.failure, PortMappingFailure::Refused);
    QCOMPARE(failed.router_error_code, 501);
    const PortMappingResult next = wait_result(spy, 2);
    QCOMPARE(next.method, PortMappingMethod::NatPmp);
    QCOMPARE(next.external_address, QStringLiteral("198.51.100.9"));
    QVERIFY(stop_serving(mapper));
    QCOMPARE(natpmp.count_mappings(/*deletes=*/true), 1);
    QCOMPARE(igd.count(QStringLiteral("DeletePortMapping")), 0); // the UPnP mapping was lost, not ours to delete
}

void TestPortMapping::publicIpv4() {
    using chain::net::is_public_ipv4;
    QVERIFY(is_public_ipv4(QHostAddress(QStringLiteral("203.0.113.7"))));
    QVERIFY(is_public_ipv4(QHostAddress(QStringLiteral("177.12.34.56"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("10.1.2.3"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("172.16.0.1"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("172.31.255.254"))));
    QVERIFY(is_public_ipv4(QHostAddress(QStringLiteral("172.32.0.1"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("192.168.0.1"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("100.64.0.1"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("100.127.255.255"))));
    QVERIFY(is_public_ipv4(QHostAddress(QStringLiteral("100.128.0.1"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("127.0.0.1"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("169.254.1.1"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("0.0.0.0"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("224.0.0.251"))));
    QVERIFY(!is_public_ipv4(QHostAddress(QStringLiteral("2804:14c::1"))));
    QVERIFY(!is_public_ipv4(QHostAddress()));
}

QTEST_GUILESS_MAIN(TestPortMapping)
#include "test_port_mapping.moc"
