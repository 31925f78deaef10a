// LanDiscovery: without an Avahi daemon it reports DaemonUnavailable, emits
// no peer and does not block; and the policy that turns a resolved DNS-SD
// service into a peer address (group id, self, address kinds).
//
// The system bus is pointed at a socket that does not exist, so the case is
// the same on a machine that runs avahi-daemon as in a container.
//
// With RATEIO_TEST_AVAHI_BUS set to the D-Bus address of a bus where an
// Avahi daemon runs ("unix:path=/tmp/bus"), the daemon case is skipped and
// withDaemon publishes and browses for real instead (libdbus reads the bus
// address once per process, so one run does one or the other).

#include "codec/codec.h"
#include "net/lan_discovery.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using chain::Hash256;
using chain::net::LanDiscovery;
using chain::net::LanDiscoveryConfig;
using chain::net::LanDiscoveryState;
using chain::net::peer_address_of;
using chain::net::ResolvedService;

namespace {

Hash256 group_of(std::uint8_t fill) {
    Hash256 id{};
    id.fill(fill);
    return id;
}

QByteArray hex_of(const Hash256& id) { return QByteArray::fromStdString(chain::codec::to_hex(id)); }

ResolvedService service(const QString& address, quint16 port, const Hash256& group) {
    ResolvedService s;
    s.host_name = QStringLiteral("casa-ana.local");
    s.address = QHostAddress(address);
    s.port = port;
    s.group_value = hex_of(group);
    return s;
}

} // namespace

class TestLanDiscovery : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void daemonUnavailable();
    void withDaemon();
    void peerOfTheSameGroup();
    void otherGroupOrMalformedTxtIsIgnored();
    void selfIsIgnored();
    void addressKinds();
};

void TestLanDiscovery::initTestCase() {
    // libdbus reads this before the default system bus socket.
    const QByteArray bus = qgetenv("RATEIO_TEST_AVAHI_BUS");
    qputenv("DBUS_SYSTEM_BUS_ADDRESS", bus.isEmpty() ? QByteArray("unix:path=/nonexistent/rateio-test-no-bus") : bus);
}

void TestLanDiscovery::daemonUnavailable() {
    if (!qEnvironmentVariableIsEmpty("RATEIO_TEST_AVAHI_BUS")) QSKIP("an Avahi daemon was named");
    LanDiscoveryConfig config;
    config.daemon_retry_interval_ms = 300; // short, to see that retries stay quiet
    LanDiscovery discovery(group_of(0x55), 4242, config);
    QSignalSpy peers(&discovery, &LanDiscovery::peerFound);
    QSignalSpy status(&discovery, &LanDiscovery::statusChanged);
    QCOMPARE(discovery.status().state, LanDiscoveryState::Off);

    QElapsedTimer elapsed;
    elapsed.start();
    discovery.start();
    // A sanity bound, not a performance figure: start() did not wait on the network.
    QVERIFY2(elapsed.elapsed() < 5000, qPrintable(QString::number(elapsed.elapsed())));
    QCOMPARE(discovery.status().state, LanDiscoveryState::DaemonUnavailable);
    QVERIFY(!discovery.status().detail.isEmpty());

    // A few retries: still unavailable, no peer, and no status change
    // reported for a retry that found what the last one found.
    const qsizetype changes = status.size();
    QTest::qWait(1000);
    QCOMPARE(discovery.status().state, LanDiscoveryState::DaemonUnavailable);
    QVERIFY2(status.size() <= changes + 2 * 4, "a retry reports at most Starting and DaemonUnavailable");
    QCOMPARE(peers.size(), 0);

    discovery.stop();
    QCOMPARE(discovery.status().state, LanDiscoveryState::Off);
}

void TestLanDiscovery::withDaemon() {
    if (qEnvironmentVariableIsEmpty("RATEIO_TEST_AVAHI_BUS")) QSKIP("no Avahi daemon named (RATEIO_TEST_AVAHI_BUS)");
    // Two nodes of one group and one of another, on this machine (ports
    // taken at random so that runs side by side do not mix).
    const auto base = static_cast<quint16>(20'000 + QRandomGenerator::global()->bounded(10'000));
    LanDiscovery a(group_of(0x55), base);
    LanDiscovery b(group_of(0x55), base + 1);
    LanDiscovery other(group_of(0x66), base + 2);
    QSignalSpy found_a(&a, &LanDiscovery::peerFound);
    QSignalSpy found_b(&b, &LanDiscovery::peerFound);
    QSignalSpy found_other(&other, &LanDiscovery::peerFound);
    a.start();
    b.start();
    other.start();
    QTRY_COMPARE_WITH_TIMEOUT(a.status().state, LanDiscoveryState::Running, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(b.status().state, LanDiscoveryState::Running, 10'000);
    const auto ports_of = [](const QSignalSpy& spy) {
        QSet<quint16> ports;
        for (const QList<QVariant>& args : spy) ports.insert(args.at(0).toString().section(QLatin1Char(':'), -1).toUShort());
        return ports;
    };
    QTRY_VERIFY_WITH_TIMEOUT(ports_of(found_a).contains(base + 1), 10'000);
    QTRY_VERIFY_WITH_TIMEOUT(ports_of(found_b).contains(base), 10'000);
    QTest::qWait(1000); // late answers would show a wrong peer
    QCOMPARE(ports_of(found_a), QSet<quint16>{quint16(base + 1)});
    QCOMPARE(ports_of(found_b), QSet<quint16>{base});
    QVERIFY(!ports_of(found_other).contains(base) && !ports_of(found_other).contains(base + 1));
    for (const QList<QVariant>& args : found_a) qInfo() << "a found" << args.at(0).toString();
    a.stop();
    QCOMPARE(a.status().state, LanDiscoveryState::Off);
}

void TestLanDiscovery::peerOfTheSameGroup() {
    const Hash256 group = group_of(0xab);
    QCOMPARE(peer_address_of(service(QStringLiteral("192.168.0.20"), 4243, group), group, QStringLiteral("casa-bia.local"), 4242),
             std::optional<QString>(QStringLiteral("192.168.0.20:4243")));
    // Hex digits in capitals spell the same group id.
    ResolvedService upper = service(QStringLiteral("192.168.0.20"), 4243, group);
    upper.group_value = upper.group_value.toUpper();
    QCOMPARE(peer_address_of(upper, group, QStringLiteral("casa-bia.local"), 4242),
             std::optional<QString>(QStringLiteral("192.168.0.20:4243")));
}

void TestLanDiscovery::otherGroupOrMalformedTxtIsIgnored() {
    const Hash256 group = group_of(0x55);
    const QString own = QStringLiteral("casa-bia.local");
    QVERIFY(!peer_address_of(service(QStringLiteral("192.168.0.20"), 4243, group_of(0x66)), group, own, 4242));
    ResolvedService no_txt = service(QStringLiteral("192.168.0.20"), 4243, group);
    no_txt.group_value.clear();
    QVERIFY(!peer_address_of(no_txt, group, own, 4242));
    ResolvedService short_txt = service(QStringLiteral("192.168.0.20"), 4243, group);
    short_txt.group_value.chop(1);
    QVERIFY(!peer_address_of(short_txt, group, own, 4242));
    ResolvedService long_txt = service(QStringLiteral("192.168.0.20"), 4243, group);
    long_txt.group_value += '5';
    QVERIFY(!peer_address_of(long_txt, group, own, 4242));
    QVERIFY(!peer_address_of(service(QStringLiteral("192.168.0.20"), 0, group), group, own, 4242));
}

void TestLanDiscovery::selfIsIgnored() {
    const Hash256 group = group_of(0x55);
    // Same host name (any case) and port: this node.
    QVERIFY(!peer_address_of(service(QStringLiteral("192.168.0.20"), 4242, group), group, QStringLiteral("CASA-ANA.local"), 4242));
    // Same host, another port: a second node on this machine, a real peer.
    QVERIFY(peer_address_of(service(QStringLiteral("192.168.0.20"), 4243, group), group, QStringLiteral("casa-ana.local"), 4242));
    ResolvedService own = service(QStringLiteral("192.168.0.20"), 4243, group);
    own.our_own_service = true;
    QVERIFY(!peer_address_of(own, group, QStringLiteral("casa-bia.local"), 4242));
}

void TestLanDiscovery::addressKinds() {
    const Hash256 group = group_of(0x55);
    const QString own = QStringLiteral("casa-bia.local");
    QCOMPARE(peer_address_of(service(QStringLiteral("2804:14c:1::20"), 4243, group), group, own, 4242),
             std::optional<QString>(QStringLiteral("[2804:14c:1::20]:4243")));
    QCOMPARE(peer_address_of(service(QStringLiteral("fd00::20"), 4243, group), group, own, 4242),
             std::optional<QString>(QStringLiteral("[fd00::20]:4243")));
    // Link-local IPv6: only with the interface it was seen on.
    QVERIFY(!peer_address_of(service(QStringLiteral("fe80::20"), 4243, group), group, own, 4242));
    QCOMPARE(peer_address_of(service(QStringLiteral("fe80::20%eth0"), 4243, group), group, own, 4242),
             std::optional<QString>(QStringLiteral("[fe80::20%eth0]:4243")));
    QVERIFY(!peer_address_of(service(QStringLiteral("224.0.0.251"), 4243, group), group, own, 4242));
    QVERIFY(!peer_address_of(service(QString(), 4243, group), group, own, 4242));
}

QTEST_GUILESS_MAIN(TestLanDiscovery)
#include "test_lan_discovery.moc"
