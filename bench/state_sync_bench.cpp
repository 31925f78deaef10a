// State sync: a fresh rateio-node joins a group of 10,000 members with a
// history of 1,000,000 transactions, and then of 2,000,000, from a peer
// rateio-node on 127.0.0.1: the time from its launch until it is at the
// peer's tip with the same state root, verified (the snapshot's header from
// the genesis, every chunk against it; docs/STATE.md, "Snapshots"). The
// peer serves the state it started at, its tip. Side by side, in the same
// run, `rateio-bench sync` replays a history of as many transactions.

#include "chain_cache.h"
#include "common.h"
#include "processes.h"

#include <QDir>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>

namespace bench {

namespace {

constexpr int kStartTimeoutMs = 60'000;
constexpr int kStatusPollMs = 20;
constexpr double kCatchUpTimeoutS = 300;

struct Joined {
    double seconds = 0;
    std::uint64_t height = 0;
};

// Starts the peer on a copy of the chain, then a fresh node, and times the
// fresh node until it is at the peer's tip with the chain's root.
std::optional<Joined> join(const Options& options, const CachedChain& chain, QString* error) {
    QTemporaryDir dir;
    const QString peer_dir = dir.filePath(QStringLiteral("peer"));
    if (!copy_data_dir(chain.data_dir, QDir(peer_dir).filePath(QStringLiteral("data")), error)) return std::nullopt;
    const quint16 peer_port = free_port();
    NodeProcess peer(options.node_program, peer_dir, chain.genesis_path, peer_port, {}, chain.validator_key_path);
    ControlClient peer_client;
    if (!peer.start(error) || !peer_client.connect(peer.socket_path(), kStartTimeoutMs)) {
        *error = QStringLiteral("the peer did not start (see %1/node.log)").arg(peer_dir);
        return std::nullopt;
    }
    const std::optional<QJsonObject> peer_status = peer_client.call({{"method", "status"}});
    if (!peer_status || peer_status->value("height").toString().toULongLong() != chain.height) {
        *error = QStringLiteral("the peer does not hold the cached chain");
        return std::nullopt;
    }
    const QString follower_dir = dir.filePath(QStringLiteral("follower"));
    NodeProcess follower(options.node_program, follower_dir, chain.genesis_path, free_port(),
                         {QStringLiteral("127.0.0.1:%1").arg(peer_port)}, {});
    const Stopwatch watch; // from the launch of the fresh node
    ControlClient client;
    if (!follower.start(error) || !client.connect(follower.socket_path(), kStartTimeoutMs)) {
        *error = QStringLiteral("the fresh node did not start (see %1/node.log)").arg(follower_dir);
        return std::nullopt;
    }
    for (;;) {
        const std::optional<QJsonObject> status = client.call({{"method", "status"}});
        if (!status) {
            *error = QStringLiteral("the fresh node stopped answering (see %1/node.log)").arg(follower_dir);
            return std::nullopt;
        }
        if (status->value("height").toString().toULongLong() >= chain.height) {
            if (status->value("state_root").toString() != chain.state_root_hex) {
                *error = QStringLiteral("the fresh node reached another state root than the chain's");
                return std::nullopt;
            }
            return Joined{watch.seconds(), chain.height};
        }
        if (watch.seconds() > kCatchUpTimeoutS) {
            *error = QStringLiteral("not at the tip after %1 s (see %2/node.log)").arg(kCatchUpTimeoutS).arg(follower_dir);
            return std::nullopt;
        }
        QThread::msleep(kStatusPollMs);
    }
}

} // namespace

int run_state_sync(const Options& options) {
    const std::size_t members = options.quick ? 1'000 : 10'000;
    const std::uint64_t history = options.transactions ? options.transactions : (options.quick ? 3000 : 1'000'000);
    std::printf("statesync: a fresh node joins a group of %zu members from a peer on 127.0.0.1, with a history of "
                "%llu and of %llu transactions\n",
                members, static_cast<unsigned long long>(history), static_cast<unsigned long long>(2 * history));
    std::vector<Joined> joined;
    for (const std::uint64_t transactions : {history, 2 * history}) {
        QString error;
        const std::optional<CachedChain> chain = cached_member_chain(options.cache_dir, members, transactions, &error);
        std::optional<Joined> result = chain ? join(options, *chain, &error) : std::nullopt;
        if (!result) {
            std::fprintf(stderr, "statesync: %s\n", qPrintable(error));
            return 1;
        }
        print_figure("verified at the tip (block " + std::to_string(result->height) + ") after " +
                         std::to_string(transactions) + " transactions, in",
                     result->seconds, "s");
        joined.push_back(*result);
    }
    print_ratio("joining, 10 s target: seconds at the first history / 10", joined[0].seconds / 10.0, "<=", 1.0);
    print_ratio("joining after twice the history / after the history", joined[1].seconds / joined[0].seconds, "<=", 1.1);
    return 0;
}

} // namespace bench
