// GenesisFetcher over real TCP on 127.0.0.1: a node of the group serves its
// genesis; a peer that lies about it is banned; with nobody to ask, the fetch
// ends with a clear error once its timeout passes.

#include "cluster.h"

#include "node/genesis_fetch.h"
#include "node/invitation.h"

#include <QSignalSpy>
#include <QTest>

using namespace chain;
using namespace chain::testing;

namespace {

constexpr std::int64_t kShortTimeoutMs = 1500;

GenesisFetchConfig quick_config(std::int64_t timeout_ms = 20'000) {
    GenesisFetchConfig config;
    config.timeout_ms = timeout_ms;
    config.network.reconnect_delay_first_ms = 100;
    config.network.reconnect_delay_max_ms = 500;
    config.network.tick_interval_ms = 50;
    return config;
}

// A member of the group on the network that answers every genesis request
// with the genesis of another group.
struct LyingPeer {
    LyingPeer(const Hash256& group_id, const Genesis& other) : network(crypto::KeyPair::generate(), group_id) {
        QObject::connect(&network, &net::PeerNetwork::messageReceived, &network,
                         [this, other](const QString& peer_id, const net::Message& message) {
                             if (std::holds_alternative<net::GenesisRequest>(message))
                                 network.send(peer_id, net::GenesisResponse{codec::to_bytes(other)});
                         });
        if (!network.listen(QHostAddress::LocalHost, 0)) qFatal("the lying peer cannot listen");
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(network.listening_port()); }
    net::PeerNetwork network;
};

} // namespace

class TestGenesisFetch : public QObject {
    Q_OBJECT
private slots:
    void a_node_of_the_group_serves_its_genesis() {
        Cluster cluster(1, 0);
        NetworkNode* node = cluster.start(0);
        GenesisFetcher fetcher(cluster.genesis.group_id(), {QStringLiteral("127.0.0.1:%1").arg(node->listening_port())},
                               crypto::KeyPair::generate(), quick_config());
        QSignalSpy fetched(&fetcher, &GenesisFetcher::fetched);
        QSignalSpy failed(&fetcher, &GenesisFetcher::failed);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, kWaitMs);
        QCOMPARE(failed.size(), 0);
        const Genesis genesis = fetched.at(0).at(0).value<Genesis>();
        QVERIFY(genesis.group_id() == cluster.genesis.group_id());
        QVERIFY(codec::to_bytes(genesis) == codec::to_bytes(cluster.genesis));

        // What a joining desktop does next: open a follower with it.
        QTemporaryDir dir;
        NetworkNodeConfig config = cluster.config(1);
        config.data_dir = dir.path();
        QString error;
        std::unique_ptr<NetworkNode> follower =
            NetworkNode::open(config, genesis, crypto::KeyPair::generate(), [] { return QDateTime::currentMSecsSinceEpoch(); }, &error);
        QVERIFY2(follower, qPrintable(error));
        follower.reset();
        const std::optional<Genesis> stored = NetworkNode::stored_genesis(dir.path(), &error);
        QVERIFY2(stored, qPrintable(error));
        QVERIFY(stored->group_id() == cluster.genesis.group_id());
    }

    void a_peer_with_a_wrong_genesis_is_banned() {
        Cluster cluster(1, 0);
        Cluster other(1, 0);
        LyingPeer liar(cluster.genesis.group_id(), other.genesis);
        GenesisFetcher fetcher(cluster.genesis.group_id(), {liar.address()}, crypto::KeyPair::generate(),
                               quick_config(kShortTimeoutMs * 2));
        QSignalSpy fetched(&fetcher, &GenesisFetcher::fetched);
        QSignalSpy failed(&fetcher, &GenesisFetcher::failed);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
        QCOMPARE(fetched.size(), 0);
        QCOMPARE(failed.at(0).at(0).value<GenesisFetchError>(), GenesisFetchError::WrongGenesis);
        QVERIFY(fetcher.is_banned_peer(liar.network.node_id()));
    }

    void a_liar_does_not_stop_an_honest_peer() {
        Cluster cluster(1, 0);
        Cluster other(1, 0);
        LyingPeer liar(cluster.genesis.group_id(), other.genesis);
        NetworkNode* node = cluster.start(0);
        GenesisFetcher fetcher(cluster.genesis.group_id(),
                               {liar.address(), QStringLiteral("127.0.0.1:%1").arg(node->listening_port())},
                               crypto::KeyPair::generate(), quick_config());
        QSignalSpy fetched(&fetcher, &GenesisFetcher::fetched);
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(fetched.size(), 1, kWaitMs);
        QVERIFY(fetched.at(0).at(0).value<Genesis>().group_id() == cluster.genesis.group_id());
    }

    void no_peer_ends_with_a_clear_error_after_the_timeout() {
        Cluster cluster(1, 0);
        // A port nobody listens on: the dials fail and are retried until the timeout.
        GenesisFetcher fetcher(cluster.genesis.group_id(), {QStringLiteral("127.0.0.1:1")}, crypto::KeyPair::generate(),
                               quick_config(kShortTimeoutMs));
        QSignalSpy failed(&fetcher, &GenesisFetcher::failed);
        QElapsedTimer elapsed;
        elapsed.start();
        fetcher.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
        QVERIFY(elapsed.elapsed() >= kShortTimeoutMs - 100);
        QCOMPARE(failed.at(0).at(0).value<GenesisFetchError>(), GenesisFetchError::NoAnswer);
        QVERIFY(failed.at(0).at(1).toString().contains(QStringLiteral("no peer")));
    }

    void a_malformed_address_fails_at_once() {
        GenesisFetcher fetcher(Hash256{}, {QStringLiteral("not an address")}, crypto::KeyPair::generate(), quick_config());
        QSignalSpy failed(&fetcher, &GenesisFetcher::failed);
        fetcher.start();
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(failed.at(0).at(0).value<GenesisFetchError>(), GenesisFetchError::NoPeers);
    }

    void invitations_parse_from_what_users_paste() {
        const Hash256 id = Cluster(1, 0).genesis.group_id();
        const Invitation invitation{id, {QStringLiteral("192.168.0.10:47800"), QStringLiteral("[::1]:47801")}};
        // The whole invitation pasted into the peers box.
        ParsedInvitation parsed = parse_invitation(QString(), invitation.to_text());
        QVERIFY(parsed.invitation);
        QVERIFY(parsed.invitation->group_id == id);
        QCOMPARE(parsed.invitation->peers, invitation.peers);
        // Separate fields, commas and blanks.
        parsed = parse_invitation(QString::fromStdString(codec::to_hex(id)).toUpper(), QStringLiteral("a.example:1, b.example:2"));
        QVERIFY(parsed.invitation);
        QCOMPARE(parsed.invitation->peers.size(), 2);
        QCOMPARE(parse_invitation(QString(), QStringLiteral("a:1")).problem, InvitationProblem::NoGroupId);
        QCOMPARE(parse_invitation(QStringLiteral("abc"), QStringLiteral("a:1")).problem, InvitationProblem::BadGroupId);
        QCOMPARE(parse_invitation(QString::fromStdString(codec::to_hex(id)), QString()).problem, InvitationProblem::NoPeers);
        parsed = parse_invitation(QString::fromStdString(codec::to_hex(id)), QStringLiteral("a:1 nonsense"));
        QCOMPARE(parsed.problem, InvitationProblem::BadPeer);
        QCOMPARE(parsed.offending, QStringLiteral("nonsense"));
        QStringList many;
        for (int i = 1; i <= kInvitationPeersMax + 1; ++i) many << QStringLiteral("h:%1").arg(i);
        QCOMPARE(parse_invitation(QString::fromStdString(codec::to_hex(id)), many.join(' ')).problem, InvitationProblem::TooManyPeers);
        // The checkpoint line of a pasted invitation: read, or refused by name.
        const QString hex_id = QString::fromStdString(codec::to_hex(id));
        parsed = parse_invitation(hex_id, QStringLiteral("a:1\ncheckpoint=77:") + hex_id);
        QVERIFY(parsed.invitation && parsed.invitation->checkpoint);
        QCOMPARE(parsed.invitation->checkpoint->height, std::uint64_t{77});
        parsed = parse_invitation(hex_id, QStringLiteral("a:1 checkpoint=77"));
        QCOMPARE(parsed.problem, InvitationProblem::BadCheckpoint);
        QCOMPARE(parsed.offending, QStringLiteral("checkpoint=77"));
        QCOMPARE(parse_invitation(hex_id, QStringLiteral("a:1 checkpoint=7:%1 checkpoint=8:%1").arg(hex_id)).problem,
                 InvitationProblem::BadCheckpoint);
    }
};

QTEST_GUILESS_MAIN(TestGenesisFetch)
#include "test_genesis_fetch.moc"
