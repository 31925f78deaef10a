// State sync: a fresh rateio-node joins a group of 10,000 members with a
// history of 1,000,000 transactions, and then of 2,000,000, from a peer
// rateio-node on 127.0.0.1: the time from its launch until it is at the
// peer's tip with the same state root, verified (the snapshot's header from
// the genesis, every chunk against it; docs/STATE.md, "Snapshots"). The
// peer serves the state it started at, its tip. Then the desktop app, from
// the folder its assistant leaves once the genesis is fetched, until its
// overview shows the tip verified. And a light client (chain::LightClient)
// that trusts only the genesis: a member's own entry (quota and tokens) and
// an absent key proven under the tip's verified root, then the whole members
// table (a watch-only view's quotas), each timed and counted in bytes
// received. Side by side, in the same run, `rateio-bench sync` replays
// a history of as many transactions.

#include "chain_cache.h"
#include "common.h"
#include "desktop_process.h"
#include "processes.h"

#include "models/workspace.h"
#include "node/light_client.h"
#include "node/node_files.h"
#include "rules/rules.h"
#include "state/state_tables.h"

#include <QDir>
#include <QEventLoop>
#include <QTemporaryDir>
#include <QThread>

#include <cstdio>
#include <memory>

namespace bench {

namespace {

constexpr int kStartTimeoutMs = 60'000;
constexpr int kStatusPollMs = 20;
constexpr double kCatchUpTimeoutS = 300;

struct Joined {
    double seconds = 0;
    std::uint64_t height = 0;
    std::uint64_t history_from = 1;
};

// The peer: a rateio-node on a copy of the chain in `dir`, checked to hold it.
std::unique_ptr<NodeProcess> start_peer(const Options& options, const CachedChain& chain, const QString& dir,
                                        QString* error) {
    if (!copy_data_dir(chain.data_dir, QDir(dir).filePath(QStringLiteral("data")), error)) return nullptr;
    auto peer = std::make_unique<NodeProcess>(options.node_program, dir, chain.genesis_path, free_port(), QStringList{},
                                              chain.validator_key_path);
    ControlClient client;
    if (!peer->start(error) || !client.connect(peer->socket_path(), kStartTimeoutMs)) {
        *error = QStringLiteral("the peer did not start (see %1/node.log)").arg(dir);
        return nullptr;
    }
    const std::optional<QJsonObject> status = client.call({{"method", "status"}});
    if (!status || status->value("height").toString().toULongLong() != chain.height) {
        *error = QStringLiteral("the peer does not hold the cached chain");
        return nullptr;
    }
    return peer;
}

QString address_of(const NodeProcess& peer) { return QStringLiteral("127.0.0.1:%1").arg(peer.port()); }

// A fresh rateio-node, timed from its launch until it is at the peer's tip
// with the chain's root.
std::optional<Joined> join_node(const Options& options, const CachedChain& chain, const NodeProcess& peer,
                                const QString& dir, QString* error) {
    NodeProcess follower(options.node_program, dir, chain.genesis_path, free_port(), {address_of(peer)}, {});
    const Stopwatch watch; // from the launch of the fresh node
    ControlClient client;
    if (!follower.start(error) || !client.connect(follower.socket_path(), kStartTimeoutMs)) {
        *error = QStringLiteral("the fresh node did not start (see %1/node.log)").arg(dir);
        return std::nullopt;
    }
    for (;;) {
        const std::optional<QJsonObject> status = client.call({{"method", "status"}});
        if (!status) {
            *error = QStringLiteral("the fresh node stopped answering (see %1/node.log)").arg(dir);
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
            *error = QStringLiteral("not at the tip after %1 s (see %2/node.log)").arg(kCatchUpTimeoutS).arg(dir);
            return std::nullopt;
        }
        QThread::msleep(kStatusPollMs);
    }
}

// The desktop app on the folder the assistant leaves once it has fetched the
// group's genesis (watch-only: a newcomer's request to join goes out only
// after the same sync), timed from its launch until its overview shows the
// peer's tip with the tip's certificate checked.
std::optional<Joined> follow_desktop(const Options& options, const CachedChain& chain, const NodeProcess& peer,
                                     const QString& dir, QString* error) {
    const QString folder = QDir(dir).filePath(QStringLiteral("data"));
    {
        const std::optional<chain::Genesis> genesis = chain::read_genesis_file(chain.genesis_path, error);
        if (!genesis) return std::nullopt;
        models::Workspace workspace(folder);
        models::NetworkSettings settings;
        settings.watch_only = true;
        settings.peers = {address_of(peer)};
        settings.listen_port = 0;
        settings.advertise_interfaces = false;
        const models::OpenedNode opened = workspace.openFetchedGroup(*genesis, settings);
        if (!opened.node) {
            *error = QStringLiteral("cannot prepare the desktop's folder: %1").arg(opened.error);
            return std::nullopt;
        }
    } // closed, never started: the folder holds the genesis, the node key and the network settings
    DesktopRun run;
    if (!run_desktop_process(options,
                             {QStringLiteral("--datadir"), folder, QStringLiteral("--exit-at-height"),
                              QString::number(chain.height)},
                             dir, &run, error))
        return std::nullopt;
    if (run.height < chain.height) {
        *error = QStringLiteral("the desktop's overview showed block %1, the chain has %2").arg(run.height).arg(chain.height);
        return std::nullopt;
    }
    return Joined{run.populated_ms / 1000.0, run.height, run.history_from};
}

struct LightCheck {
    double seconds = 0;
    std::uint64_t bytes_received = 0;
    chain::LightVerified verified;
};

// A light client that trusts only the genesis, as a desktop back after any
// time offline does at worst (what it follows is the validator changes
// since, not the blocks), from its start until what `config` asks is proven
// under the peer's tip.
std::optional<LightCheck> run_light_client(const chain::Genesis& genesis, const NodeProcess& peer,
                                           chain::LightClientConfig config, QString* error) {
    config.trusted = chain::state::trust_genesis(genesis, chain::state_root(chain::genesis_state(genesis)));
    const Stopwatch watch;
    chain::LightClient client(genesis.group_id(), {address_of(peer)}, chain::crypto::KeyPair::generate(), config);
    LightCheck check;
    bool verified_at_all = false;
    QEventLoop loop;
    QObject::connect(&client, &chain::LightClient::verified, &loop, [&](const chain::LightVerified& verified) {
        check.seconds = watch.seconds();
        check.bytes_received = client.bytes_received();
        check.verified = verified;
        verified_at_all = true;
        loop.quit();
    });
    QObject::connect(&client, &chain::LightClient::failed, &loop, [&](const QString& why) {
        *error = QStringLiteral("the light client failed: %1").arg(why);
        loop.quit();
    });
    client.start();
    loop.exec();
    if (!verified_at_all) return std::nullopt;
    return check;
}

// A member's own entry (quota and tokens) and an absent key; then, as the
// utility's watch-only view needs, the whole members table.
std::optional<std::pair<LightCheck, LightCheck>> light_checks(const CachedChain& chain, const NodeProcess& peer,
                                                              std::size_t members, QString* error) {
    const std::optional<chain::Genesis> genesis = chain::read_genesis_file(chain.genesis_path, error);
    if (!genesis) return std::nullopt;
    const chain::AccountId member = chain::crypto::account_id(bench_member_key(members / 2));
    chain::AccountId stranger{};
    stranger.fill(0x77);
    chain::LightClientConfig own;
    own.entries = {{chain::state::TableId::Members, chain::Bytes(member.begin(), member.end())},
                   {chain::state::TableId::Members, chain::Bytes(stranger.begin(), stranger.end())}};
    chain::LightClientConfig table;
    table.tables = {chain::state::TableId::Members};
    std::optional<LightCheck> entries = run_light_client(*genesis, peer, own, error);
    std::optional<LightCheck> whole = entries ? run_light_client(*genesis, peer, table, error) : std::nullopt;
    if (!whole) return std::nullopt;
    const chain::LightVerified& e = entries->verified;
    const chain::LightVerified& t = whole->verified;
    if (e.tip.height != chain.height || !e.values[0] || e.values[1] || t.tip.height != chain.height ||
        t.tables[0].size() != members) {
        *error = QStringLiteral("the light client verified block %1 and %2 (the chain has %3), or not the member, the "
                                "absent key and the %4 members")
                     .arg(e.tip.height)
                     .arg(t.tip.height)
                     .arg(chain.height)
                     .arg(members);
        return std::nullopt;
    }
    return std::pair{*entries, *whole};
}

} // namespace

int run_state_sync(const Options& options) {
    const std::size_t members = options.quick ? 1'000 : 10'000;
    const std::uint64_t history = options.transactions ? options.transactions : (options.quick ? 3000 : 1'000'000);
    std::printf("statesync: a fresh node joins a group of %zu members from a peer on 127.0.0.1, with a history of "
                "%llu and of %llu transactions\n",
                members, static_cast<unsigned long long>(history), static_cast<unsigned long long>(2 * history));
    std::vector<Joined> joined;
    std::optional<Joined> desktop;
    std::optional<std::pair<LightCheck, LightCheck>> light;
    for (const std::uint64_t transactions : {history, 2 * history}) {
        QString error;
        const std::optional<CachedChain> chain = cached_member_chain(options.cache_dir, members, transactions, &error);
        QTemporaryDir dir;
        const std::unique_ptr<NodeProcess> peer =
            chain ? start_peer(options, *chain, dir.filePath(QStringLiteral("peer")), &error) : nullptr;
        std::optional<Joined> result =
            peer ? join_node(options, *chain, *peer, dir.filePath(QStringLiteral("follower")), &error) : std::nullopt;
        // The desktop, at the first history, from the same peer.
        if (result && joined.empty()) {
            desktop = follow_desktop(options, *chain, *peer, dir.filePath(QStringLiteral("desktop")), &error);
            if (desktop) light = light_checks(*chain, *peer, members, &error);
            if (!desktop || !light) result.reset();
        }
        if (!result) {
            std::fprintf(stderr, "statesync: %s\n", qPrintable(error));
            return 1;
        }
        print_figure("verified at the tip (block " + std::to_string(result->height) + ") after " +
                         std::to_string(transactions) + " transactions, in",
                     result->seconds, "s");
        joined.push_back(*result);
    }
    print_figure("desktop: launch to an overview verified at the tip, after " + std::to_string(history) +
                     " transactions (history from block " + std::to_string(desktop->history_from) + "), in",
                 desktop->seconds, "s");
    const LightCheck& own = light->first;
    const LightCheck& table = light->second;
    print_figure("light: a member's quota and tokens, and an absent key, verified at the tip from the genesis (" +
                     std::to_string(own.verified.header_steps) + " headers), in",
                 own.seconds * 1000.0, "ms");
    print_figure("light: bytes received for it", double(own.bytes_received), "B");
    print_figure("light: proof of one member's entry", double(own.verified.proof_bytes[0]), "B");
    print_figure("light: proof of an absent key", double(own.verified.proof_bytes[1]), "B");
    print_figure("light: the whole members table (" + std::to_string(members) + " quotas, for a watch-only view), in",
                 table.seconds * 1000.0, "ms");
    print_figure("light: bytes received for it", double(table.bytes_received), "B");
    print_ratio("joining, 10 s target: seconds at the first history / 10", joined[0].seconds / 10.0, "<=", 1.0);
    print_ratio("joining after twice the history / after the history", joined[1].seconds / joined[0].seconds, "<=", 1.1);
    print_ratio("light, 1 s target: seconds / 1", own.seconds, "<=", 1.0);
    print_ratio("light, 100 KB target: bytes received / 100,000", double(own.bytes_received) / 100'000.0, "<=", 1.0);
    return 0;
}

} // namespace bench
