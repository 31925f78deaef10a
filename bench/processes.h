#pragma once
// Real programs for the benchmarks: rateio-node processes configured by INI
// files, etcd members, and blocking clients for the node's control socket
// and etcd's HTTP gateway. Each client is used by one thread only.

#include "common.h"
#include "free_port.h"

#include <QJsonObject>
#include <QLocalSocket>
#include <QProcess>
#include <QTcpSocket>

#include <memory>
#include <optional>

namespace bench {

// One rateio-node: writes <dir>/node.ini and runs `rateio-node --config`,
// its log in <dir>/node.log. Stopped (SIGTERM, then waited for) on destruction.
class NodeProcess {
public:
    // `extra_ini`: more sections of node.ini (e.g. "[sync]\nstate_sync=false\n").
    NodeProcess(const QString& program, const QString& dir, const QString& genesis_path, quint16 port,
                const QStringList& peers, const QString& node_key_path, const QByteArray& extra_ini = {});
    ~NodeProcess();
    bool start(QString* error);
    QString socket_path() const;
    QString dir() const { return dir_; }
    quint16 port() const { return port_; }

private:
    QString program_;
    QString dir_;
    quint16 port_;
    QProcess process_;
};

// A blocking client of a node's control socket (docs/PROTOCOL.md section 9).
class ControlClient {
public:
    // Tries for up to timeout_ms (the node may still be starting).
    bool connect(const QString& socket_path, int timeout_ms);
    std::optional<QJsonObject> call(const QJsonObject& request, int timeout_ms = 30'000);

private:
    std::unique_ptr<QLocalSocket> socket_;
    QByteArray buffer_;
};

// One etcd member, started with durable defaults (every write fsynced before
// it is acknowledged), its data in <dir>.
class EtcdProcess {
public:
    EtcdProcess(QString name, QString dir, quint16 client_port, quint16 peer_port, QString initial_cluster);
    ~EtcdProcess();
    bool start(QString* error);
    quint16 client_port() const { return client_port_; }

private:
    QString name_;
    QString dir_;
    quint16 client_port_;
    quint16 peer_port_;
    QString initial_cluster_;
    QProcess process_;
};

// A blocking HTTP/1.1 keep-alive client of etcd's JSON gateway.
class EtcdClient {
public:
    bool connect(quint16 port, int timeout_ms);
    // POST /v3/kv/put; true once etcd answered 200 (the write is committed).
    bool put(const QByteArray& key, const QByteArray& value);
    // GET /health answered {"health":"true"}.
    bool healthy();

private:
    std::optional<QByteArray> request(const QByteArray& method, const QByteArray& path, const QByteArray& body);
    std::unique_ptr<QTcpSocket> socket_;
    quint16 port_ = 0;
};

// p in [0, 1] of the samples (sorted in place), in the samples' unit.
double percentile(std::vector<double>& samples, double p);

} // namespace bench
