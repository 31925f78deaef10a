#include "node/control.h"

#include "codec/codec.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTimer>
#include <QtEndian>

#include <algorithm>

namespace chain {

namespace {

const char* storage_problem_kind(StorageProblem::Kind kind) {
    switch (kind) {
    case StorageProblem::Kind::VotesNotSaved: return "votes_not_saved";
    case StorageProblem::Kind::VotesNotRead: return "votes_not_read";
    case StorageProblem::Kind::BlocksNotSaved: return "blocks_not_saved";
    }
    return "unknown";
}

QJsonObject storage_problem_json(const StorageProblem& problem) {
    return QJsonObject{{"kind", storage_problem_kind(problem.kind)},
                       {"validator_stopped", problem.validator_stopped},
                       {"height", QString::number(problem.height)},
                       {"failures", QString::number(problem.failures)},
                       {"detail", problem.detail}};
}

constexpr int kLengthBytes = 4;

QString hex(ByteView bytes) { return QString::fromStdString(codec::to_hex(bytes)); }

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fixed_from_hex(const QJsonValue& value) {
    Bytes bytes;
    if (!value.isString() || !codec::from_hex(value.toString().toStdString(), bytes) || bytes.size() != N)
        return std::nullopt;
    std::array<std::uint8_t, N> out{};
    std::copy(bytes.begin(), bytes.end(), out.begin());
    return out;
}

QJsonObject failure(ErrorCode code, const QString& message) {
    return QJsonObject{{"ok", false},
                       {"code", static_cast<int>(code)},
                       {"error", QString::fromLatin1(error_name(code))},
                       {"message", message}};
}

QJsonObject success(QJsonObject object) {
    object.insert("ok", true);
    return object;
}

// A complete message at the front of `buffer`: its JSON object, removed from
// the buffer. nullopt when more bytes are needed; *bad when it can never be one.
std::optional<QJsonObject> take_message(QByteArray& buffer, bool* bad) {
    if (buffer.size() < kLengthBytes) return std::nullopt;
    const quint32 length = qFromBigEndian<quint32>(buffer.constData());
    if (length > kControlMessageBytesMax) {
        *bad = true;
        return std::nullopt;
    }
    if (static_cast<std::size_t>(buffer.size()) < kLengthBytes + static_cast<std::size_t>(length)) return std::nullopt;
    const QByteArray body = buffer.mid(kLengthBytes, static_cast<qsizetype>(length));
    buffer.remove(0, kLengthBytes + static_cast<qsizetype>(length));
    QJsonParseError parse_error{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parse_error);
    if (parse_error.error != QJsonParseError::NoError || !document.isObject()) {
        *bad = true;
        return std::nullopt;
    }
    return document.object();
}

} // namespace

QString control_socket_path(const QString& data_dir) { return QDir(data_dir).filePath(QStringLiteral("node.sock")); }

QByteArray control_frame(const QJsonObject& object) {
    const QByteArray body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    QByteArray frame(kLengthBytes, '\0');
    qToBigEndian<quint32>(static_cast<quint32>(body.size()), frame.data());
    return frame + body;
}

ControlServer::ControlServer(Node& node, QObject* parent) : QObject(parent), node_(node) {
    connect(&node_, &Node::transactionCommitted, this, [this](Hash256 id, quint64) {
        pending_.erase(id);
        release_waiting_for(id);
    });
    connect(&node_, &Node::transactionRejected, this, [this](Hash256 id, int code, QString message) {
        remember_rejection(id, code, message);
        release_waiting_for(id);
    });
}

ControlServer::~ControlServer() { close(); }

bool ControlServer::listen(const QString& socket_path, QString* error) {
    close();
    server_ = new QLocalServer(this);
    // Only the owner may connect: the socket accepts transactions.
    server_->setSocketOptions(QLocalServer::UserAccessOption);
    server_->setMaxPendingConnections(static_cast<int>(kControlClientsMax));
    // A node that crashed leaves its socket file behind; one that runs still
    // answers, and two nodes on one data dir would be caught by the caller.
    QLocalServer::removeServer(socket_path);
    if (!server_->listen(socket_path)) {
        *error = QStringLiteral("cannot open the control socket %1: %2").arg(socket_path, server_->errorString());
        return false;
    }
    connect(server_, &QLocalServer::newConnection, this, &ControlServer::on_new_connection);
    return true;
}

void ControlServer::close() {
    if (!server_) return;
    server_->close();
    delete server_;
    server_ = nullptr;
    buffers_.clear();
    held_.clear();
}

void ControlServer::on_new_connection() {
    while (QLocalSocket* socket = server_->nextPendingConnection()) {
        if (buffers_.size() >= kControlClientsMax) {
            socket->disconnectFromServer();
            socket->deleteLater();
            continue;
        }
        buffers_[socket];
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { on_ready_read(socket); });
        connect(socket, &QLocalSocket::disconnected, this, [this, socket] {
            buffers_.erase(socket);
            held_.erase(socket);
            socket->deleteLater();
        });
    }
}

void ControlServer::on_ready_read(QLocalSocket* socket) {
    const auto it = buffers_.find(socket);
    if (it == buffers_.end()) return;
    QByteArray& buffer = it->second;
    buffer.append(socket->readAll());
    // Later requests wait behind a held one: answers come in request order.
    while (!held_.contains(socket)) {
        bool bad = false;
        const std::optional<QJsonObject> request = take_message(buffer, &bad);
        if (bad) {
            buffers_.erase(it);
            held_.erase(socket);
            socket->disconnectFromServer();
            return;
        }
        if (!request) return;
        const QJsonObject response = answer(*request);
        const int wait_ms = std::clamp(request->value("wait_ms").toInt(0), 0, kControlWaitMaxMs);
        if (wait_ms > 0 && request->value("method").toString() == QLatin1String("transaction") &&
            response.value("status").toString() == QLatin1String("pending")) {
            const Held held{*fixed_from_hex<32>(request->value("id")), next_hold_++};
            held_[socket] = held;
            QTimer::singleShot(wait_ms, this, [this, socket, hold = held.hold] { release(socket, hold); });
            continue;
        }
        socket->write(control_frame(response));
    }
}

void ControlServer::release(QLocalSocket* socket, std::uint64_t hold) {
    const auto it = held_.find(socket);
    if (it == held_.end() || it->second.hold != hold) return; // answered already, or the client left
    const Hash256 id = it->second.id;
    held_.erase(it);
    socket->write(control_frame(transaction({{"id", QString::fromStdString(codec::to_hex(id))}})));
    on_ready_read(socket);
}

void ControlServer::release_waiting_for(const Hash256& id) {
    std::vector<std::pair<QLocalSocket*, std::uint64_t>> ready;
    for (const auto& [socket, held] : held_)
        if (held.id == id) ready.emplace_back(socket, held.hold);
    for (const auto& [socket, hold] : ready) release(socket, hold);
}

void ControlServer::remember_rejection(const Hash256& id, int code, const QString& message) {
    pending_.erase(id);
    if (rejected_.insert_or_assign(id, std::make_pair(code, message)).second) rejected_order_.push_back(id);
    while (rejected_order_.size() > kControlOutcomesMax) {
        rejected_.erase(rejected_order_.front());
        rejected_order_.pop_front();
    }
}

QJsonObject ControlServer::answer(const QJsonObject& request) {
    const QString method = request.value("method").toString();
    if (method == QLatin1String("status")) return status();
    if (method == QLatin1String("submit")) return submit(request);
    if (method == QLatin1String("transaction")) return transaction(request);
    if (method == QLatin1String("next_nonce")) return next_nonce(request);
    if (method == QLatin1String("state_proof")) return state_proof(request);
    if (method == QLatin1String("table_proof")) return table_proof(request);
    return failure(ErrorCode::InvalidArgument, QStringLiteral("unknown method '%1'").arg(method));
}

QJsonObject ControlServer::status() const {
    const GroupSummary summary = node_.summary();
    const SyncStatus sync = node_.sync_status();
    QJsonArray validators;
    for (const PublicKey& key : summary.validators) validators.append(hex(key));
    QJsonArray peers;
    for (const PeerSummary& peer : node_.peers())
        peers.append(QJsonObject{{"address", peer.address},
                                 {"node_key", hex(peer.node_key)},
                                 {"height", QString::number(peer.height)},
                                 {"validator", peer.validator}});
    // u64 values travel as decimal strings: JSON numbers lose precision above 2^53.
    QJsonObject result{{"group_id", hex(summary.group_id)},
                    {"name", QString::fromStdString(summary.name)},
                    {"height", QString::number(summary.height)},
                    {"time_s", QString::number(summary.time_s)},
                    {"state_root", hex(summary.state_root)},
                    {"member_count", QString::number(summary.member_count)},
                    {"applicant_count", QString::number(summary.applicant_count)},
                    {"validators", validators},
                    {"sync", QJsonObject{{"height", QString::number(sync.height)},
                                         {"target", QString::number(sync.target)},
                                         {"syncing", sync.syncing}}},
                    {"peers", peers}};
    if (const std::optional<StorageProblem> problem = node_.storage_problem())
        result.insert("storage_problem", storage_problem_json(*problem));
    return success(result);
}

QJsonObject ControlServer::submit(const QJsonObject& request) {
    Bytes bytes;
    if (!codec::from_hex(request.value("transaction").toString().toStdString(), bytes))
        return failure(ErrorCode::Malformed, QStringLiteral("'transaction' must be the transaction's encoding in hex"));
    const std::optional<Transaction> tx = codec::from_bytes<Transaction>(bytes);
    if (!tx) return failure(ErrorCode::Malformed, QStringLiteral("the bytes are not a transaction"));
    const SubmitResult result = node_.submit(*tx);
    if (!result.accepted())
        return failure(result.rejection->code, QString::fromStdString(result.rejection->message));
    pending_.insert_or_assign(result.transaction_id, true);
    return success({{"id", hex(result.transaction_id)}});
}

QJsonObject ControlServer::transaction(const QJsonObject& request) const {
    const std::optional<Hash256> id = fixed_from_hex<32>(request.value("id"));
    if (!id) return failure(ErrorCode::InvalidArgument, QStringLiteral("'id' must be 64 hex digits"));
    if (const std::optional<std::uint64_t> height = node_.transaction_height(*id))
        return success({{"status", "committed"}, {"height", QString::number(*height)}});
    if (const auto it = rejected_.find(*id); it != rejected_.end())
        return success({{"status", "rejected"}, {"code", it->second.first}, {"message", it->second.second}});
    if (pending_.contains(*id)) return success({{"status", "pending"}});
    return success({{"status", "unknown"}});
}

QJsonObject ControlServer::next_nonce(const QJsonObject& request) const {
    const std::optional<AccountId> account = fixed_from_hex<std::tuple_size_v<AccountId>>(request.value("account"));
    if (!account) return failure(ErrorCode::InvalidArgument, QStringLiteral("'account' must be an account id in hex"));
    return success({{"nonce", QString::number(node_.next_nonce(*account))}});
}

namespace {

// The table a request names ("table": a name of docs/STATE.md), or nullopt.
std::optional<state::TableId> requested_table(const QJsonObject& request) {
    return state::table_by_name(request.value("table").toString().toStdString());
}

QJsonObject unknown_table(const QJsonObject& request) {
    return failure(ErrorCode::InvalidArgument,
                   QStringLiteral("'table' must name a table of the state (docs/STATE.md, \"Tables\"), not '%1'")
                       .arg(request.value("table").toString()));
}

// The block a proof is asked at ("height", optional): a decimal string, as
// every u64 of these answers, or a JSON integer; absent, the committed state.
// nullopt when it is neither.
std::optional<std::uint64_t> requested_height(const QJsonObject& request) {
    const QJsonValue value = request.value("height");
    if (value.isUndefined()) return kProofOfCommittedState;
    bool ok = false;
    std::uint64_t height = 0;
    if (value.isString()) {
        const QString text = value.toString();
        // toULongLong takes a sign and spaces; a height is digits only.
        const bool digits = !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
        if (digits) height = text.toULongLong(&ok);
    } else if (value.isDouble()) {
        const double number = value.toDouble();
        // Integers JSON numbers carry exactly (below 2^53).
        ok = number >= 0 && number < 9007199254740992.0 && number == static_cast<double>(static_cast<std::uint64_t>(number));
        if (ok) height = static_cast<std::uint64_t>(number);
    }
    if (!ok) return std::nullopt;
    return height;
}

QJsonObject bad_height(const QJsonObject& request) {
    return failure(ErrorCode::InvalidArgument,
                   QStringLiteral("'height' must be a block height in decimal digits, not '%1'")
                       .arg(request.value("height").toVariant().toString()));
}

// The hex of an encoding, or nullopt when it would not fit in one answer.
template <class T>
std::optional<QString> encoding_hex(const T& value) {
    const Bytes bytes = codec::to_bytes(value);
    // Two hex digits a byte, and room for the rest of the answer.
    if (2 * bytes.size() + 4096 > kControlMessageBytesMax) return std::nullopt;
    return hex(bytes);
}

} // namespace

QJsonObject ControlServer::state_proof(const QJsonObject& request) const {
    const std::optional<state::TableId> table = requested_table(request);
    if (!table) return unknown_table(request);
    Bytes key;
    if (!codec::from_hex(request.value("key").toString().toStdString(), key))
        return failure(ErrorCode::InvalidArgument, QStringLiteral("'key' must be the entry's key in hex"));
    const std::optional<std::uint64_t> height = requested_height(request);
    if (!height) return bad_height(request);
    QString error;
    const std::optional<StateProofAnswer> answer = node_.state_proof(*height, *table, key, &error);
    if (!answer) return failure(ErrorCode::InvalidArgument, error);
    const std::optional<QString> proof = encoding_hex(answer->proof);
    if (!proof) return failure(ErrorCode::InvalidArgument, QStringLiteral("the proof is too large for one answer"));
    QJsonObject result{{"height", QString::number(answer->height)},
                       {"state_root", hex(answer->state_root)},
                       {"present", answer->proof.value.has_value()},
                       {"proof", *proof}};
    if (answer->proof.value) result.insert("value", hex(*answer->proof.value));
    return success(result);
}

QJsonObject ControlServer::table_proof(const QJsonObject& request) const {
    const std::optional<state::TableId> table = requested_table(request);
    if (!table) return unknown_table(request);
    const std::optional<std::uint64_t> height = requested_height(request);
    if (!height) return bad_height(request);
    QString error;
    const std::optional<TableProofAnswer> answer = node_.table_proof(*height, *table, &error);
    if (!answer) return failure(ErrorCode::InvalidArgument, error);
    const std::optional<QString> proof = encoding_hex(answer->proof);
    if (!proof)
        return failure(ErrorCode::InvalidArgument,
                       QStringLiteral("the %1 table (%2 entries) is too large for one answer: ask for its entries one "
                                      "by one with state_proof")
                           .arg(request.value("table").toString())
                           .arg(answer->proof.entries.size()));
    return success({{"height", QString::number(answer->height)},
                    {"state_root", hex(answer->state_root)},
                    {"entries", QString::number(answer->proof.entries.size())},
                    {"proof", *proof}});
}

std::optional<QJsonObject> control_call(const QString& socket_path, const QJsonObject& request, int timeout_ms,
                                        QString* error) {
    QLocalSocket socket;
    const QDeadlineTimer deadline(timeout_ms);
    socket.connectToServer(socket_path);
    if (!socket.waitForConnected(static_cast<int>(deadline.remainingTime()))) {
        *error = QStringLiteral("no node answers on %1: %2").arg(socket_path, socket.errorString());
        return std::nullopt;
    }
    socket.write(control_frame(request));
    if (!socket.waitForBytesWritten(static_cast<int>(deadline.remainingTime()))) {
        *error = QStringLiteral("cannot send to the node: %1").arg(socket.errorString());
        return std::nullopt;
    }
    QByteArray buffer;
    for (;;) {
        bool bad = false;
        if (std::optional<QJsonObject> response = take_message(buffer, &bad)) return response;
        if (bad) {
            *error = QStringLiteral("the node sent a malformed answer");
            return std::nullopt;
        }
        if (deadline.hasExpired() || !socket.waitForReadyRead(static_cast<int>(deadline.remainingTime()))) {
            *error = QStringLiteral("the node did not answer in time");
            return std::nullopt;
        }
        buffer.append(socket.readAll());
    }
}

} // namespace chain
