// Sync: a fresh rateio-node catching up a chain of 1,000,000 transactions
// (1,000 blocks of 1,000) from a peer rateio-node on 127.0.0.1. Every block
// is checked as sync checks it: its commit certificate, every signature (on
// all cores), the rules, the state root; then committed to SQLite. Reference:
// OpenSSL's P-256 verify rate on the same cores, measured in the same run.

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
constexpr int kStatusPollMs = 100;
constexpr int kStatusAnswerTimeoutMs = 300'000;

std::optional<QJsonObject> status_of(ControlClient& client) {
    // Long: the node answers between the batches of blocks it applies.
    std::optional<QJsonObject> status = client.call({{"method", "status"}}, kStatusAnswerTimeoutMs);
    if (status && !status->value("ok").toBool()) return std::nullopt;
    return status;
}

} // namespace

int run_sync(const Options& options) {
    const std::uint64_t transactions = options.transactions ? options.transactions : (options.quick ? 3000 : 1'000'000);
    const unsigned cores = core_count();
    std::printf("sync: a fresh node catches up %llu transactions from a peer on 127.0.0.1 (%u cores)\n",
                static_cast<unsigned long long>(transactions), cores);
    QString error;
    const std::optional<CachedChain> chain = cached_chain(options.cache_dir, transactions, &error);
    if (!chain) {
        std::fprintf(stderr, "sync: %s\n", qPrintable(error));
        return 1;
    }
    VerifyReference reference(cores, options.quick);
    if (!reference.measure(&error)) {
        std::fprintf(stderr, "sync: %s\n", qPrintable(error));
        return 1;
    }

    QTemporaryDir dir;
    const QString peer_dir = dir.filePath(QStringLiteral("peer"));
    if (!copy_data_dir(chain->data_dir, QDir(peer_dir).filePath(QStringLiteral("data")), &error)) {
        std::fprintf(stderr, "sync: %s\n", qPrintable(error));
        return 1;
    }
    const quint16 peer_port = free_port();
    NodeProcess peer(options.node_program, peer_dir, chain->genesis_path, peer_port, {}, chain->validator_key_path);
    ControlClient peer_client;
    if (!peer.start(&error) || !peer_client.connect(peer.socket_path(), kStartTimeoutMs)) {
        std::fprintf(stderr, "sync: the peer did not start (see %s/node.log) %s\n", qPrintable(peer_dir), qPrintable(error));
        return 1;
    }
    const std::optional<QJsonObject> peer_status = status_of(peer_client);
    if (!peer_status || peer_status->value("height").toString().toULongLong() != chain->height) {
        std::fprintf(stderr, "sync: the peer does not hold the cached chain\n");
        return 1;
    }

    const QString follower_dir = dir.filePath(QStringLiteral("follower"));
    // Every block replayed: the peer would offer its state to a node that
    // state-syncs (state_sync_bench.cpp measures that).
    NodeProcess follower(options.node_program, follower_dir, chain->genesis_path, free_port(),
                         {QStringLiteral("127.0.0.1:%1").arg(peer_port)}, {}, "[sync]\nstate_sync=false\n");
    const Stopwatch watch; // from the launch of the fresh node
    ControlClient follower_client;
    if (!follower.start(&error) || !follower_client.connect(follower.socket_path(), kStartTimeoutMs)) {
        std::fprintf(stderr, "sync: the fresh node did not start (see %s/node.log) %s\n", qPrintable(follower_dir),
                     qPrintable(error));
        return 1;
    }
    const double timeout_s = std::max(120.0, static_cast<double>(transactions) / 200.0);
    std::optional<QJsonObject> status;
    for (;;) {
        status = status_of(follower_client);
        if (!status) {
            std::fprintf(stderr, "sync: the fresh node stopped answering (see %s/node.log)\n", qPrintable(follower_dir));
            return 1;
        }
        if (status->value("height").toString().toULongLong() >= chain->height) break;
        if (watch.seconds() > timeout_s) {
            std::fprintf(stderr, "sync: not caught up after %.0f s (height %s of %llu)\n", timeout_s,
                         qPrintable(status->value("height").toString()), static_cast<unsigned long long>(chain->height));
            return 1;
        }
        QThread::msleep(kStatusPollMs);
    }
    const double elapsed_s = watch.seconds();
    if (status->value("state_root").toString() != chain->state_root_hex) {
        std::fprintf(stderr, "sync: the fresh node reached another state root than the chain's\n");
        return 1;
    }
    const double rate = static_cast<double>(chain->transactions) / elapsed_s;
    print_figure("caught up " + std::to_string(chain->height) + " blocks in", elapsed_s, "s");
    print_figure("sync rate", rate, "tx/s");
    if (!reference.measure(&error)) { // with the nodes still up but idle
        std::fprintf(stderr, "sync: %s\n", qPrintable(error));
        return 1;
    }
    print_ratio("sync tx/s / openssl verify/s", rate / reference.mean(), ">=", 0.8);
    return 0;
}

} // namespace bench
