// Consensus: 4 validators as separate rateio-node processes on 127.0.0.1,
// against a 3-member etcd cluster (Debian's etcd-server, every write fsynced)
// started and stopped here, in the same run.
//   - latency: one client submits one transaction at a time through the
//     control socket and waits until the node reports it committed (a
//     `transaction` query with wait_ms, answered at the commit); etcd: one client's PUTs through its JSON gateway, each
//     answered once committed;
//   - throughput: 64 concurrent clients, spread over the nodes (the control
//     socket serves kControlClientsMax = 16 each) or the etcd members.

#include "common.h"
#include "processes.h"

#include "node/node_files.h"
#include "rules/profile.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QThread>

#include <atomic>
#include <set>
#include <cstdio>
#include <thread>

namespace bench {

using namespace chain;

namespace {

constexpr int kValidators = 4;
constexpr int kEtcdMembers = 3;
// A client's `transaction` query waits at most this long for the outcome
// (the node answers as soon as the block is committed: no polling).
constexpr int kOutcomeWaitMs = 30'000;
constexpr int kStartTimeoutMs = 60'000;

struct Figures {
    double p50_ms = 0;
    double p99_ms = 0;
    double throughput_per_s = 0;
    bool clients_ran_out = false;
    // The mean interval between the blocks node 0 committed in the first and
    // in the last kIntervalWindow_s of the throughput run (0 if fewer than two).
    double first_block_interval_ms = 0;
    double last_block_interval_ms = 0;
};

// Whether blocks come as often at the end of the run as at its start: a
// block whose cost grows with the state the run builds would slow down.
constexpr qint64 kIntervalWindowMs = 3'000;

// The times node 0 logged "committed block" (app/node's log lines start with
// the local time to the millisecond), between `from` and `to`.
std::vector<QDateTime> commit_times(const QString& log_path, const QDateTime& from, const QDateTime& to) {
    std::vector<QDateTime> times;
    QFile log(log_path);
    if (!log.open(QIODevice::ReadOnly | QIODevice::Text)) return times;
    while (!log.atEnd()) {
        const QByteArray line = log.readLine();
        if (!line.contains("committed block")) continue;
        const QDateTime at = QDateTime::fromString(QString::fromLatin1(line.left(23)), QStringLiteral("yyyy-MM-ddThh:mm:ss.zzz"));
        if (at.isValid() && at >= from && at <= to) times.push_back(at);
    }
    return times;
}

// The mean interval between consecutive times in [from, from + window].
double mean_interval_ms(const std::vector<QDateTime>& times, const QDateTime& from) {
    const QDateTime to = from.addMSecs(kIntervalWindowMs);
    std::vector<QDateTime> inside;
    for (const QDateTime& at : times)
        if (at >= from && at <= to) inside.push_back(at);
    if (inside.size() < 2) return 0;
    return static_cast<double>(inside.front().msecsTo(inside.back())) / static_cast<double>(inside.size() - 1);
}

struct Plan {
    std::size_t latency_samples = 200;
    std::size_t clients = 64;
    double duration_s = 15;
    std::size_t per_client_max = 600; // pre-signed transactions per client
};

QString hex(ByteView bytes) { return QString::fromStdString(codec::to_hex(bytes)); }

// Submits and waits for the outcome; the time taken in ms, or -1 on a refusal.
double submit_and_wait(ControlClient& client, const Transaction& tx) {
    const Stopwatch watch;
    const std::optional<QJsonObject> submitted =
        client.call({{"method", "submit"}, {"transaction", hex(codec::to_bytes(tx))}});
    if (!submitted || !submitted->value("ok").toBool()) {
        std::fprintf(stderr, "consensus: submit refused: %s\n",
                     submitted ? qPrintable(submitted->value("message").toString()) : "no answer");
        return -1;
    }
    const QJsonObject query{{"method", "transaction"}, {"id", submitted->value("id").toString()}, {"wait_ms", kOutcomeWaitMs}};
    for (;;) {
        const std::optional<QJsonObject> status = client.call(query, kOutcomeWaitMs + 10'000);
        if (!status) return -1;
        const QString state = status->value("status").toString();
        if (state == QLatin1String("committed")) return watch.ms();
        if (state != QLatin1String("pending")) {
            std::fprintf(stderr, "consensus: transaction %s: %s\n", qPrintable(state),
                         qPrintable(status->value("message").toString()));
            return -1;
        }
    }
}

enum class Step { Committed, RanOut, Failed };
struct LoadResult {
    double per_s = 0;
    bool failed = false;
    bool ran_out = false; // a client had nothing left to send before the end
};

// `plan.clients` threads, each with its own connection, each writing one
// thing at a time and waiting for it to be committed, for plan.duration_s:
// `step(client, c, i)` makes client c's i-th write.
template <typename Client, typename Connect, typename Write>
LoadResult run_load(const Plan& plan, const Connect& connect, const Write& step) {
    std::atomic<std::size_t> committed{0};
    std::atomic<bool> failed{false};
    std::atomic<bool> ran_out{false};
    const Stopwatch watch;
    {
        std::vector<std::jthread> threads;
        for (std::size_t c = 0; c < plan.clients; ++c)
            threads.emplace_back([&, c] {
                Client client;
                if (!connect(client, c)) {
                    failed = true;
                    return;
                }
                for (std::size_t i = 0; watch.seconds() < plan.duration_s && !failed; ++i) {
                    const Step outcome = step(client, c, i);
                    if (outcome == Step::Failed) failed = true;
                    if (outcome == Step::RanOut) ran_out = true;
                    if (outcome != Step::Committed) return;
                    ++committed;
                }
            });
    }
    return LoadResult{static_cast<double>(committed) / watch.seconds(), failed, ran_out};
}

// Waits until every node sees the other three (or the timeout).
bool wait_connected(std::vector<ControlClient>& clients) {
    const Stopwatch watch;
    while (watch.ms() < kStartTimeoutMs) {
        bool all = true;
        for (ControlClient& client : clients) {
            const std::optional<QJsonObject> status = client.call({{"method", "status"}});
            all = all && status && status->value("peers").toArray().size() >= kValidators - 1;
        }
        if (all) return true;
        QThread::msleep(200);
    }
    return false;
}

// One control connection to each node; empty when one does not answer.
std::vector<ControlClient> connect_all(const std::vector<std::unique_ptr<NodeProcess>>& nodes) {
    std::vector<ControlClient> clients(nodes.size());
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (!clients[i].connect(nodes[i]->socket_path(), kStartTimeoutMs)) {
            std::fprintf(stderr, "consensus: node %zu does not answer on its control socket (see %s/node.log)\n", i,
                         qPrintable(nodes[i]->dir()));
            return {};
        }
    return clients;
}

// All nodes at one height with one state root: what they committed agrees.
// Connects afresh on each try: just after the load, a node may still count
// the load's closed connections against its kControlClientsMax and turn a
// new one away.
bool wait_converged(const std::vector<std::unique_ptr<NodeProcess>>& nodes) {
    const Stopwatch watch;
    while (watch.ms() < kStartTimeoutMs) {
        std::vector<ControlClient> clients = connect_all(nodes);
        std::set<QString> seen;
        for (ControlClient& client : clients) {
            const std::optional<QJsonObject> status = client.call({{"method", "status"}});
            seen.insert(status ? status->value("height").toString() + QLatin1Char('/') + status->value("state_root").toString()
                               : QStringLiteral("no answer"));
        }
        if (!clients.empty() && seen.size() == 1 && !seen.contains(QStringLiteral("no answer"))) return true;
        QThread::msleep(200);
    }
    return false;
}

bool measure_rateio(const Options& options, const Plan& plan, Figures* figures) {
    QTemporaryDir dir;
    // The nodes' logs, kept for a look at what limits them.
    if (qEnvironmentVariableIsSet("RATEIO_BENCH_KEEP")) {
        dir.setAutoRemove(false);
        std::printf("  (node data dirs and logs kept in %s)\n", qPrintable(dir.path()));
    }
    const BenchGroup group(kValidators, QDateTime::currentSecsSinceEpoch() - 60);
    QString error;
    const QString genesis_path = dir.filePath(QStringLiteral("genesis.bin"));
    if (!write_genesis_file(genesis_path, group.genesis, &error)) return false;
    std::vector<quint16> ports;
    for (int i = 0; i < kValidators; ++i) ports.push_back(free_port());
    std::vector<std::unique_ptr<NodeProcess>> nodes;
    for (int i = 0; i < kValidators; ++i) {
        QStringList peers;
        for (int j = 0; j < kValidators; ++j)
            if (j != i) peers << QStringLiteral("127.0.0.1:%1").arg(ports[j]);
        const QString node_dir = dir.filePath(QStringLiteral("node%1").arg(i));
        QDir().mkpath(node_dir);
        const QString key_path = QDir(node_dir).filePath(QStringLiteral("node.key"));
        if (!write_node_key_file(key_path, group.validators[i], &error)) return false;
        nodes.push_back(std::make_unique<NodeProcess>(options.node_program, node_dir, genesis_path, ports[i], peers, key_path));
        if (!nodes.back()->start(&error)) {
            std::fprintf(stderr, "consensus: %s\n", qPrintable(error));
            return false;
        }
    }
    std::vector<ControlClient> watchers = connect_all(nodes);
    if (watchers.empty()) return false;
    if (!wait_connected(watchers)) {
        std::fprintf(stderr, "consensus: the validators did not connect to each other\n");
        return false;
    }

    // Latency: the founder's profile updates, one at a time, through node 0.
    const std::int64_t valid_until_s = QDateTime::currentSecsSinceEpoch() + 86'400;
    const std::vector<Transaction> updates = group.profile_updates(1, plan.latency_samples, valid_until_s);
    std::vector<double> latencies_ms;
    {
        ControlClient client;
        if (!client.connect(nodes[0]->socket_path(), kStartTimeoutMs)) return false;
        for (const Transaction& tx : updates) {
            const double ms = submit_and_wait(client, tx);
            if (ms < 0) return false;
            latencies_ms.push_back(ms);
        }
    }
    figures->p50_ms = percentile(latencies_ms, 0.50);
    figures->p99_ms = percentile(latencies_ms, 0.99);

    // Throughput: each client sends requests to join from fresh keys (the only
    // transaction any key may send; the founder's nonces are one sequence).
    const Profile profile = make_profile("Pessoa Benchmark", "98765");
    const RequestAdmission request{"Light", profile_commitment(profile), seal_profile(profile, 0, group.genesis.data_public_key)};
    std::vector<std::vector<Transaction>> work(plan.clients, std::vector<Transaction>(plan.per_client_max));
    const Hash256 group_id = group.genesis.group_id();
    parallel_for(plan.clients * plan.per_client_max, core_count(), [&](std::size_t i) {
        Transaction& tx = work[i / plan.per_client_max][i % plan.per_client_max];
        const crypto::KeyPair applicant = crypto::KeyPair::generate();
        tx.group_id = group_id;
        tx.nonce = 1;
        tx.valid_until_s = valid_until_s;
        tx.op = request;
        tx.sign(applicant);
    });
    // Each node serves kControlClientsMax = 16 connections: the 64 clients
    // take them all.
    watchers.clear();
    const QDateTime load_start = QDateTime::currentDateTime();
    const LoadResult load = run_load<ControlClient>(
        plan,
        [&](ControlClient& client, std::size_t c) { return client.connect(nodes[c % kValidators]->socket_path(), kStartTimeoutMs); },
        [&](ControlClient& client, std::size_t c, std::size_t i) {
            if (i >= work[c].size()) return Step::RanOut;
            return submit_and_wait(client, work[c][i]) < 0 ? Step::Failed : Step::Committed;
        });
    if (load.failed) return false;
    const QDateTime load_end = QDateTime::currentDateTime();
    figures->throughput_per_s = load.per_s;
    figures->clients_ran_out = load.ran_out;
    const std::vector<QDateTime> commits =
        commit_times(QDir(nodes[0]->dir()).filePath(QStringLiteral("node.log")), load_start, load_end);
    figures->first_block_interval_ms = mean_interval_ms(commits, load_start);
    figures->last_block_interval_ms = mean_interval_ms(commits, load_end.addMSecs(-kIntervalWindowMs));
    if (!wait_converged(nodes)) {
        std::fprintf(stderr, "consensus: the validators ended at different heights or state roots\n");
        return false;
    }
    return true;
}

bool measure_etcd(const Plan& plan, Figures* figures) {
    QTemporaryDir dir;
    std::vector<quint16> client_ports;
    std::vector<quint16> peer_ports;
    QStringList cluster;
    for (int i = 0; i < kEtcdMembers; ++i) {
        client_ports.push_back(free_port());
        peer_ports.push_back(free_port());
        cluster << QStringLiteral("e%1=http://127.0.0.1:%2").arg(i).arg(peer_ports.back());
    }
    std::vector<std::unique_ptr<EtcdProcess>> members;
    for (int i = 0; i < kEtcdMembers; ++i) {
        members.push_back(std::make_unique<EtcdProcess>(QStringLiteral("e%1").arg(i), dir.filePath(QStringLiteral("e%1").arg(i)),
                                                        client_ports[i], peer_ports[i], cluster.join(QLatin1Char(','))));
        QString error;
        if (!members.back()->start(&error)) {
            std::fprintf(stderr, "consensus: %s\n", qPrintable(error));
            return false;
        }
    }
    for (int i = 0; i < kEtcdMembers; ++i) {
        EtcdClient client;
        const Stopwatch watch;
        bool healthy = false;
        while (!healthy && watch.ms() < kStartTimeoutMs) {
            healthy = client.connect(client_ports[i], kStartTimeoutMs) && client.healthy();
            if (!healthy) QThread::msleep(200);
        }
        if (!healthy) {
            std::fprintf(stderr, "consensus: etcd member %d is not healthy (see %s)\n", i,
                         qPrintable(dir.filePath(QStringLiteral("e%1.log").arg(i))));
            return false;
        }
    }
    // Values the size of a transaction (about 300 bytes).
    const QByteArray value(300, 'v');
    std::vector<double> latencies_ms;
    {
        EtcdClient client;
        if (!client.connect(client_ports[0], kStartTimeoutMs)) return false;
        for (std::size_t i = 0; i < plan.latency_samples; ++i) {
            const Stopwatch watch;
            if (!client.put("bench/latency/" + QByteArray::number(static_cast<qulonglong>(i)), value)) {
                std::fprintf(stderr, "consensus: an etcd put failed\n");
                return false;
            }
            latencies_ms.push_back(watch.ms());
        }
    }
    figures->p50_ms = percentile(latencies_ms, 0.50);
    figures->p99_ms = percentile(latencies_ms, 0.99);

    const LoadResult load = run_load<EtcdClient>(
        plan, [&](EtcdClient& client, std::size_t c) { return client.connect(client_ports[c % kEtcdMembers], kStartTimeoutMs); },
        [&](EtcdClient& client, std::size_t c, std::size_t i) {
            const QByteArray key = "bench/c" + QByteArray::number(static_cast<qulonglong>(c)) + "/" +
                                   QByteArray::number(static_cast<qulonglong>(i));
            return client.put(key, value) ? Step::Committed : Step::Failed;
        });
    if (load.failed) {
        std::fprintf(stderr, "consensus: an etcd put failed under load\n");
        return false;
    }
    figures->throughput_per_s = load.per_s;
    return true;
}

} // namespace

int run_consensus(const Options& options) {
    Plan plan;
    if (options.quick) plan = Plan{5, 8, 2, 50};
    if (options.transactions) plan.latency_samples = options.transactions;
    std::printf("consensus: %d rateio-node validators against %d etcd members, all on 127.0.0.1; "
                "latency over %zu sequential commits, throughput with %zu clients for %.0f s\n",
                kValidators, kEtcdMembers, plan.latency_samples, plan.clients, plan.duration_s);
    Figures rateio;
    Figures etcd;
    if (!measure_rateio(options, plan, &rateio)) return 1;
    print_figure("rateio commit latency p50", rateio.p50_ms, "ms");
    print_figure("rateio commit latency p99", rateio.p99_ms, "ms");
    print_figure("rateio throughput, " + std::to_string(plan.clients) + " clients", rateio.throughput_per_s, "tx/s");
    if (rateio.clients_ran_out) print_note("(some clients used all their pre-signed transactions before the end)");
    const std::string with_clients = " of the " + std::to_string(plan.clients) + " clients";
    print_figure("rateio block interval, first 3 s" + with_clients, rateio.first_block_interval_ms, "ms");
    print_figure("rateio block interval, last 3 s" + with_clients, rateio.last_block_interval_ms, "ms");
    if (plan.duration_s * 1000 < 2 * kIntervalWindowMs)
        print_note("(the run is too short for two separate 3 s windows: the intervals are not compared)");
    else if (rateio.first_block_interval_ms > 0 && rateio.last_block_interval_ms > 0)
        print_ratio("block interval last 3 s / first 3 s", rateio.last_block_interval_ms / rateio.first_block_interval_ms,
                    "<=", 1.2);
    else
        print_note("(too few blocks in a 3 s window to compare the block intervals)");
    if (!measure_etcd(plan, &etcd)) return 1;
    print_figure("etcd put latency p50", etcd.p50_ms, "ms");
    print_figure("etcd put latency p99", etcd.p99_ms, "ms");
    print_figure("etcd throughput, " + std::to_string(plan.clients) + " clients", etcd.throughput_per_s, "put/s");
    print_ratio("rateio p50 / etcd p50", rateio.p50_ms / etcd.p50_ms, "<=", 1.0);
    print_ratio("rateio throughput / etcd throughput", rateio.throughput_per_s / etcd.throughput_per_s, ">=", 3.0);
    return 0;
}

} // namespace bench
