#pragma once
// Fakes of a home router on 127.0.0.1, for the port mapping tests: what the
// router says is set by the test, and every request it received is kept so
// the test can check what the mapper asked for.
//
//   FakeIgd      a UPnP Internet Gateway Device: an HTTP server that serves
//                a root device description (WANIPConnection:1) and answers
//                the SOAP actions GetExternalIPAddress, AddPortMapping and
//                DeletePortMapping. It is reached through its description
//                URL, so no SSDP multicast is needed.
//   FakeNatPmp   a NAT-PMP gateway (RFC 6886) on UDP 127.0.0.1:5351 (the
//                protocol's fixed port): public address and TCP mapping
//                requests.

#include <QHostAddress>
#include <QMap>
#include <QNetworkDatagram>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUdpSocket>
#include <QtEndian>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace rateio_test {

// A request larger than this is a bug in the test or the library: the fake
// closes the connection.
inline constexpr qsizetype kFakeHttpRequestBytesMax = 64 * 1024;

class FakeIgd : public QObject {
public:
    struct SoapCall {
        QString action;              // "AddPortMapping"
        QMap<QString, QString> args; // "NewInternalPort" -> "4242"
    };

    QString external_ip = QStringLiteral("203.0.113.7");
    // AddPortMapping answers with this UPnP error (718, 501, ...); 0 = accepts.
    int add_error_code = 0;
    QString add_error_text = QStringLiteral("ConflictInMappingEntry");
    std::vector<SoapCall> calls;

    FakeIgd() {
        QObject::connect(&server_, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = server_.nextPendingConnection()) {
                socket->setParent(this);
                QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] { on_ready_read(socket); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return server_.listen(QHostAddress::LocalHost, 0); }
    QString root_description_url() const {
        return QStringLiteral("http://127.0.0.1:%1/rootDesc.xml").arg(server_.serverPort());
    }
    int count(const QString& action) const {
        int n = 0;
        for (const SoapCall& call : calls) n += call.action == action ? 1 : 0;
        return n;
    }
    const SoapCall* last(const QString& action) const {
        for (auto it = calls.rbegin(); it != calls.rend(); ++it)
            if (it->action == action) return &*it;
        return nullptr;
    }

private:
    void on_ready_read(QTcpSocket* socket) {
        QByteArray& buffer = buffers_[socket];
        buffer += socket->readAll();
        if (buffer.size() > kFakeHttpRequestBytesMax) {
            socket->abort();
            return;
        }
        const qsizetype header_end = buffer.indexOf("\r\n\r\n");
        if (header_end < 0) return;
        const QByteArray head = buffer.left(header_end);
        const QRegularExpression length_re(QStringLiteral("content-length:\\s*(\\d+)"),
                                           QRegularExpression::CaseInsensitiveOption);
        const auto length_match = length_re.match(QString::fromLatin1(head));
        const qsizetype body_bytes = length_match.hasMatch() ? length_match.captured(1).toLongLong() : 0;
        if (buffer.size() < header_end + 4 + body_bytes) return;
        const QByteArray body = buffer.mid(header_end + 4, body_bytes);
        buffers_.remove(socket);
        respond(socket, head, body);
    }

    void respond(QTcpSocket* socket, const QByteArray& head, const QByteArray& body) {
        if (head.startsWith("GET ")) {
            send(socket, 200, "text/xml", root_description());
            return;
        }
        const QRegularExpression action_re(QStringLiteral("SOAPAction:\\s*\"?[^#\"]*#(\\w+)"),
                                           QRegularExpression::CaseInsensitiveOption);
        const auto action_match = action_re.match(QString::fromLatin1(head));
        SoapCall call;
        call.action = action_match.captured(1);
        const QRegularExpression arg_re(QStringLiteral("<(New\\w+)>([^<]*)</\\1>"));
        for (auto it = arg_re.globalMatch(QString::fromUtf8(body)); it.hasNext();) {
            const auto m = it.next();
            call.args.insert(m.captured(1), m.captured(2));
        }
        calls.push_back(call);
        if (call.action == QLatin1String("GetExternalIPAddress")) {
            send_response(socket, call.action, QStringLiteral("<NewExternalIPAddress>%1</NewExternalIPAddress>").arg(external_ip));
        } else if (call.action == QLatin1String("AddPortMapping") && add_error_code != 0) {
            send_fault(socket, add_error_code, add_error_text);
        } else if (call.action == QLatin1String("AddPortMapping") || call.action == QLatin1String("DeletePortMapping")) {
            send_response(socket, call.action, {});
        } else {
            send_fault(socket, 401, QStringLiteral("Invalid Action"));
        }
    }

    static QByteArray root_description() {
        return QByteArrayLiteral(
            "<?xml version=\"1.0\"?>\r\n"
            "<root xmlns=\"urn:schemas-upnp-org:device-1-0\">"
            "<specVersion><major>1</major><minor>0</minor></specVersion>"
            "<device><deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
            "<friendlyName>Fake router</friendlyName>"
            "<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANDevice:1</deviceType>"
            "<serviceList><service>"
            "<serviceType>urn:schemas-upnp-org:service:WANCommonInterfaceConfig:1</serviceType>"
            "<serviceId>urn:upnp-org:serviceId:WANCommonIFC1</serviceId>"
            "<controlURL>/ctl/CmnIfCfg</controlURL><eventSubURL>/evt/CmnIfCfg</eventSubURL>"
            "<SCPDURL>/WANCfg.xml</SCPDURL></service></serviceList>"
            "<deviceList><device><deviceType>urn:schemas-upnp-org:device:WANConnectionDevice:1</deviceType>"
            "<serviceList><service>"
            "<serviceType>urn:schemas-upnp-org:service:WANIPConnection:1</serviceType>"
            "<serviceId>urn:upnp-org:serviceId:WANIPConn1</serviceId>"
            "<controlURL>/ctl/IPConn</controlURL><eventSubURL>/evt/IPConn</eventSubURL>"
            "<SCPDURL>/WANIPCn.xml</SCPDURL></service></serviceList>"
            "</device></deviceList></device></deviceList></device></root>\r\n");
    }

    static void send(QTcpSocket* socket, int status, const char* type, const QByteArray& body) {
        const QByteArray reason = status == 200 ? "OK" : "Internal Server Error";
        QByteArray reply = "HTTP/1.1 " + QByteArray::number(status) + " " + reason + "\r\nContent-Type: " + type +
                           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        socket->write(reply);
        socket->disconnectFromHost();
    }
    static void send_response(QTcpSocket* socket, const QString& action, const QString& inner) {
        const QString body = QStringLiteral(
            "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body>"
            "<u:%1Response xmlns:u=\"urn:schemas-upnp-org:service:WANIPConnection:1\">%2</u:%1Response>"
            "</s:Body></s:Envelope>\r\n").arg(action, inner);
        send(socket, 200, "text/xml; charset=\"utf-8\"", body.toUtf8());
    }
    static void send_fault(QTcpSocket* socket, int code, const QString& text) {
        const QString body = QStringLiteral(
            "<?xml version=\"1.0\"?>\r\n<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" "
            "s:encodingStyle=\"http://schemas.xmlsoap.org/soap/encoding/\"><s:Body><s:Fault>"
            "<faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail>"
            "<UPnPError xmlns=\"urn:schemas-upnp-org:control-1-0\"><errorCode>%1</errorCode>"
            "<errorDescription>%2</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>\r\n")
                                 .arg(code)
                                 .arg(text);
        send(socket, 500, "text/xml; charset=\"utf-8\"", body.toUtf8());
    }

    QTcpServer server_;
    QMap<QTcpSocket*, QByteArray> buffers_;
};

class FakeNatPmp : public QObject {
public:
    static constexpr quint16 kPort = 5351;
    struct Request {
        int opcode = 0; // 0 public address, 2 TCP mapping
        quint16 internal_port = 0;
        quint16 suggested_external_port = 0;
        quint32 lifetime_s = 0;
    };

    QHostAddress public_address{QStringLiteral("198.51.100.9")};
    quint16 result_code = 0;       // of mapping answers (2 refused, 3 network failure, ...)
    quint16 external_port_offset = 1000; // the mapped port is the internal one plus this
    quint32 lifetime_max_s = 7200;       // a longer lease asked for is cut to this
    std::vector<Request> requests;

    FakeNatPmp() {
        QObject::connect(&socket_, &QUdpSocket::readyRead, this, [this] { on_ready_read(); });
    }
    bool bind() { return socket_.bind(QHostAddress::LocalHost, kPort); }
    int count_mappings(bool deletes) const {
        int n = 0;
        for (const Request& r : requests) n += r.opcode == 2 && (r.lifetime_s == 0) == deletes ? 1 : 0;
        return n;
    }

private:
    void on_ready_read() {
        while (socket_.hasPendingDatagrams()) {
            const QNetworkDatagram datagram = socket_.receiveDatagram(64);
            const QByteArray in = datagram.data();
            if (in.size() < 2 || in[0] != 0) continue;
            QByteArray out;
            const quint32 epoch_s = 1234;
            if (in[1] == 0 && in.size() == 2) {
                requests.push_back(Request{0, 0, 0, 0});
                out.resize(12);
                out[0] = 0;
                out[1] = char(128);
                qToBigEndian<quint16>(0, out.data() + 2);
                qToBigEndian<quint32>(epoch_s, out.data() + 4);
                qToBigEndian<quint32>(public_address.toIPv4Address(), out.data() + 8);
            } else if (in[1] == 2 && in.size() == 12) {
                Request r;
                r.opcode = 2;
                r.internal_port = qFromBigEndian<quint16>(in.constData() + 4);
                r.suggested_external_port = qFromBigEndian<quint16>(in.constData() + 6);
                r.lifetime_s = qFromBigEndian<quint32>(in.constData() + 8);
                requests.push_back(r);
                const bool deleting = r.lifetime_s == 0;
                out.resize(16);
                out[0] = 0;
                out[1] = char(130);
                qToBigEndian<quint16>(result_code, out.data() + 2);
                qToBigEndian<quint32>(epoch_s, out.data() + 4);
                qToBigEndian<quint16>(r.internal_port, out.data() + 8);
                qToBigEndian<quint16>(deleting || result_code ? 0 : quint16(r.internal_port + external_port_offset),
                                      out.data() + 10);
                qToBigEndian<quint32>(result_code ? 0 : std::min(r.lifetime_s, lifetime_max_s), out.data() + 12);
            } else {
                continue;
            }
            socket_.writeDatagram(out, datagram.senderAddress(), datagram.senderPort());
        }
    }

    QUdpSocket socket_;
};

} // namespace rateio_test
