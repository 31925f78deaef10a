#pragma once
// The control socket of a running node: how rateio-cli (or any local
// program) talks to rateio-node. A QLocalServer (a Unix domain socket) named
// <data dir>/node.sock, so only users who can reach the data dir can use it.
//
// Protocol (docs/PROTOCOL.md, "Control socket"): the client sends requests
// and reads one response per request, in order, on one connection. Each
// message is
//     u32 length (big-endian) || length bytes of UTF-8 JSON (one object)
// with length <= kControlMessageBytesMax; a longer prefix or a body that is
// not a JSON object closes the connection. A request has "method" and the
// method's fields; a response has "ok": true and the result, or "ok": false
// with "code" (the ErrorCode number), "error" (its name) and "message".
//
// Methods:
//   status                      -> group, height, state root, sync, peers
//   submit {transaction: hex}   -> {id}; refused at once with code+message
//   transaction {id: hex[, wait_ms]}
//                               -> {status: committed|pending|rejected|unknown,
//                                   height | code, message}; with wait_ms, a
//                                   pending answer is held until the outcome
//                                   is known or wait_ms passed (no polling)
//   next_nonce {account: hex}   -> {nonce}
//   state_proof {table: name, key: hex}
//                               -> {height, state_root, present, value (hex,
//                                   when present), proof: the StateProof's
//                                   encoding in hex}
//   table_proof {table: name}   -> {height, state_root, entries (count),
//                                   proof: the TableProof's encoding in hex}
//                                   (docs/STATE.md, "Proofs of the state")

#include "node/node.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <deque>
#include <map>
#include <memory>

class QLocalServer;
class QLocalSocket;

namespace chain {

inline constexpr std::size_t kControlMessageBytesMax = 16 * 1024 * 1024;
inline constexpr std::size_t kControlClientsMax = 16;
// Outcomes remembered for `transaction` queries.
inline constexpr std::size_t kControlOutcomesMax = 4096;
// The longest a `transaction` request may wait for its outcome.
inline constexpr int kControlWaitMaxMs = 60'000;

QString control_socket_path(const QString& data_dir);

class ControlServer : public QObject {
    Q_OBJECT
public:
    explicit ControlServer(Node& node, QObject* parent = nullptr);
    ~ControlServer() override;

    // Removes a stale socket file left by a crash, then listens.
    bool listen(const QString& socket_path, QString* error);
    void close();

    // Answers one request; public for tests.
    QJsonObject answer(const QJsonObject& request);

private:
    struct Client;
    void on_new_connection();
    void on_ready_read(QLocalSocket* socket);
    void remember_rejection(const Hash256& id, int code, const QString& message);
    // A held `transaction` request is answered now (its outcome is known or
    // its wait is over), then the connection's next requests are read.
    void release(QLocalSocket* socket, std::uint64_t hold);
    void release_waiting_for(const Hash256& id);

    QJsonObject status() const;
    QJsonObject submit(const QJsonObject& request);
    QJsonObject transaction(const QJsonObject& request) const;
    QJsonObject next_nonce(const QJsonObject& request) const;
    QJsonObject state_proof(const QJsonObject& request) const;
    QJsonObject table_proof(const QJsonObject& request) const;

    Node& node_;
    QLocalServer* server_ = nullptr;
    std::map<QLocalSocket*, QByteArray> buffers_;
    // At most one held request per connection (answers keep their order):
    // the transaction it waits for and a number that tells its timer apart.
    struct Held {
        Hash256 id{};
        std::uint64_t hold = 0;
    };
    std::map<QLocalSocket*, Held> held_;
    std::uint64_t next_hold_ = 1;
    // Submitted here and not yet committed or rejected.
    std::map<Hash256, bool> pending_;
    std::map<Hash256, std::pair<int, QString>> rejected_;
    std::deque<Hash256> rejected_order_;
};

// One blocking request, for command-line clients (never on a GUI thread):
// connects, sends, waits at most timeout_ms for the answer.
std::optional<QJsonObject> control_call(const QString& socket_path, const QJsonObject& request, int timeout_ms,
                                        QString* error);

// Encodes one message: the length prefix and the JSON.
QByteArray control_frame(const QJsonObject& object);

} // namespace chain
