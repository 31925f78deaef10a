#include "processes.h"

#include "node/control.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QThread>
#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace bench {

namespace {
// A control answer or an HTTP response larger than this is a bug, not data.
constexpr qsizetype kResponseBytesMax = 16 * 1024 * 1024;
constexpr int kStopWaitMs = 20'000;

void stop(QProcess& process) {
    if (process.state() == QProcess::NotRunning) return;
    process.terminate();
    if (!process.waitForFinished(kStopWaitMs)) {
        process.kill();
        process.waitForFinished(kStopWaitMs);
    }
}
} // namespace

NodeProcess::NodeProcess(const QString& program, const QString& dir, const QString& genesis_path, quint16 port,
                         const QStringList& peers, const QString& node_key_path, const QByteArray& extra_ini)
    : program_(program), dir_(dir), port_(port) {
    QDir().mkpath(dir);
    QFile config(QDir(dir).filePath(QStringLiteral("node.ini")));
    if (!config.open(QIODevice::WriteOnly | QIODevice::Truncate)) return;
    QByteArray text = "[node]\n";
    text += "genesis=" + genesis_path.toUtf8() + "\n";
    text += "data_dir=" + QDir(dir).filePath(QStringLiteral("data")).toUtf8() + "\n";
    text += "listen=127.0.0.1:" + QByteArray::number(port) + "\n";
    if (!peers.isEmpty()) text += "peers=\"" + peers.join(QLatin1Char(',')).toUtf8() + "\"\n";
    if (!node_key_path.isEmpty()) text += "node_key=" + node_key_path.toUtf8() + "\n";
    text += extra_ini;
    config.write(text);
}

NodeProcess::~NodeProcess() { stop(process_); }

bool NodeProcess::start(QString* error) {
    QDir().mkpath(QDir(dir_).filePath(QStringLiteral("data")));
    process_.setProcessChannelMode(QProcess::SeparateChannels);
    process_.setStandardOutputFile(QDir(dir_).filePath(QStringLiteral("node.log")), QIODevice::Append);
    process_.setStandardErrorFile(QDir(dir_).filePath(QStringLiteral("node.log")), QIODevice::Append);
    process_.start(program_, {QStringLiteral("--config"), QDir(dir_).filePath(QStringLiteral("node.ini"))});
    if (!process_.waitForStarted()) {
        *error = QStringLiteral("cannot start %1: %2").arg(program_, process_.errorString());
        return false;
    }
    return true;
}

QString NodeProcess::socket_path() const {
    return chain::control_socket_path(QDir(dir_).filePath(QStringLiteral("data")));
}

bool ControlClient::connect(const QString& socket_path, int timeout_ms) {
    const QDeadlineTimer deadline(timeout_ms);
    while (!deadline.hasExpired()) {
        socket_ = std::make_unique<QLocalSocket>();
        socket_->connectToServer(socket_path);
        if (socket_->waitForConnected(1000)) return true;
        QThread::msleep(100);
    }
    return false;
}

std::optional<QJsonObject> ControlClient::call(const QJsonObject& request, int timeout_ms) {
    if (!socket_) return std::nullopt;
    socket_->write(chain::control_frame(request));
    const QDeadlineTimer deadline(timeout_ms);
    for (;;) {
        if (buffer_.size() >= 4) {
            const quint32 length = qFromBigEndian<quint32>(buffer_.constData());
            if (length > kResponseBytesMax) return std::nullopt;
            if (buffer_.size() >= 4 + static_cast<qsizetype>(length)) {
                const QJsonDocument document = QJsonDocument::fromJson(buffer_.mid(4, length));
                buffer_.remove(0, 4 + length);
                if (!document.isObject()) return std::nullopt;
                return document.object();
            }
        }
        if (deadline.hasExpired() || !socket_->waitForReadyRead(static_cast<int>(deadline.remainingTime())))
            return std::nullopt;
        buffer_.append(socket_->readAll());
    }
}

EtcdProcess::EtcdProcess(QString name, QString dir, quint16 client_port, quint16 peer_port, QString initial_cluster)
    : name_(std::move(name)), dir_(std::move(dir)), client_port_(client_port), peer_port_(peer_port),
      initial_cluster_(std::move(initial_cluster)) {}

EtcdProcess::~EtcdProcess() { stop(process_); }

bool EtcdProcess::start(QString* error) {
    QDir().mkpath(dir_);
    const QString client_url = QStringLiteral("http://127.0.0.1:%1").arg(client_port_);
    const QString peer_url = QStringLiteral("http://127.0.0.1:%1").arg(peer_port_);
    process_.setStandardOutputFile(dir_ + QStringLiteral(".log"));
    process_.setStandardErrorFile(dir_ + QStringLiteral(".log"));
    process_.start(QStringLiteral("etcd"),
                   {QStringLiteral("--name"), name_, QStringLiteral("--data-dir"), dir_,
                    QStringLiteral("--listen-client-urls"), client_url, QStringLiteral("--advertise-client-urls"),
                    client_url, QStringLiteral("--listen-peer-urls"), peer_url,
                    QStringLiteral("--initial-advertise-peer-urls"), peer_url, QStringLiteral("--initial-cluster"),
                    initial_cluster_, QStringLiteral("--initial-cluster-token"), QStringLiteral("rateio-bench"),
                    QStringLiteral("--initial-cluster-state"), QStringLiteral("new"), QStringLiteral("--log-level"),
                    QStringLiteral("warn"), QStringLiteral("--logger"), QStringLiteral("zap")});
    if (!process_.waitForStarted()) {
        *error = QStringLiteral("cannot start etcd (Debian package etcd-server): %1").arg(process_.errorString());
        return false;
    }
    return true;
}

bool EtcdClient::connect(quint16 port, int timeout_ms) {
    port_ = port;
    const QDeadlineTimer deadline(timeout_ms);
    while (!deadline.hasExpired()) {
        socket_ = std::make_unique<QTcpSocket>();
        socket_->connectToHost(QHostAddress::LocalHost, port);
        if (socket_->waitForConnected(1000)) {
            socket_->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            return true;
        }
        QThread::msleep(100);
    }
    return false;
}

std::optional<QByteArray> EtcdClient::request(const QByteArray& method, const QByteArray& path, const QByteArray& body) {
    if (!socket_ || socket_->state() != QAbstractSocket::ConnectedState) return std::nullopt;
    QByteArray message = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port_) + "\r\n";
    if (!body.isEmpty())
        message += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    message += "\r\n" + body;
    socket_->write(message);
    QByteArray buffer;
    qsizetype header_end = -1;
    qsizetype content_length = -1;
    bool chunked = false;
    for (;;) {
        if (header_end < 0 && (header_end = buffer.indexOf("\r\n\r\n")) >= 0) {
            const QByteArray headers = buffer.left(header_end).toLower();
            if (!headers.startsWith("http/1.1 200")) return std::nullopt;
            const qsizetype at = headers.indexOf("content-length:");
            if (at >= 0) content_length = headers.mid(at + 15, headers.indexOf("\r\n", at) - at - 15).trimmed().toLongLong();
            chunked = headers.contains("transfer-encoding: chunked");
        }
        if (header_end >= 0) {
            const QByteArray rest = buffer.mid(header_end + 4);
            if (content_length >= 0 && rest.size() >= content_length) return rest.left(content_length);
            if (chunked && rest.endsWith("0\r\n\r\n")) return rest;
        }
        if (buffer.size() > kResponseBytesMax || !socket_->waitForReadyRead(30'000)) return std::nullopt;
        buffer.append(socket_->readAll());
    }
}

bool EtcdClient::put(const QByteArray& key, const QByteArray& value) {
    const QByteArray body = "{\"key\":\"" + key.toBase64() + "\",\"value\":\"" + value.toBase64() + "\"}";
    const std::optional<QByteArray> answer = request("POST", "/v3/kv/put", body);
    return answer && answer->contains("\"revision\"");
}

bool EtcdClient::healthy() {
    const std::optional<QByteArray> answer = request("GET", "/health", {});
    return answer && answer->contains("\"true\"");
}

double percentile(std::vector<double>& samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(samples.size()))) ;
    return samples[std::min(samples.size() - 1, index == 0 ? 0 : index - 1)];
}

} // namespace bench
