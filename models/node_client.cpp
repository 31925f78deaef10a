#include "models/node_client.h"

#include "ledger/ledger.h"
#include "node/invitation.h"
#include "rules/profile.h"

#include <QCoreApplication>
#include <algorithm>
#include <QSemaphore>
#include <QTimer>

namespace models {

NodeClient::NodeClient(std::unique_ptr<chain::Node> node, Clock clock, QObject* parent)
    : QObject(parent), node_(node.release()), clock_(std::move(clock)), snapshot_(std::make_shared<Snapshot>()) {
    qRegisterMetaType<chain::Hash256>("chain::Hash256");
    thread_.setObjectName(QStringLiteral("rateio-node"));
    node_->moveToThread(&thread_);
    connect(node_, &chain::Node::blockCommitted, this, [this] { scheduleRefresh(); }, Qt::QueuedConnection);
    connect(node_, &chain::Node::transactionCommitted, this,
            [this](chain::Hash256 id, quint64) { onCommitted(id); }, Qt::QueuedConnection);
    connect(node_, &chain::Node::transactionRejected, this, &NodeClient::onRejected, Qt::QueuedConnection);
    connect(node_, &chain::Node::syncProgress, this, &NodeClient::syncProgress, Qt::QueuedConnection);
    thread_.start();
    refresh();
}

NodeClient::~NodeClient() {
    // The node is handed back to this thread before its own thread stops, so
    // that it is destroyed where deleting a QObject is allowed.
    // Its timers are stopped first, on their own thread: moving an object
    // with running timers makes Qt post a re-registration to the new thread,
    // and deleting the node before that event runs leaks the event's timer
    // list (found by LeakSanitizer, docs/HARDENING.md).
    QThread* home = thread();
    QMetaObject::invokeMethod(node_, [this, home] {
        for (QTimer* timer : node_->findChildren<QTimer*>()) timer->stop();
        node_->moveToThread(home);
    }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    delete node_;
}

void NodeClient::setIdentity(const chain::crypto::KeyPair& key) {
    identity_ = key;
    QMetaObject::invokeMethod(node_, [node = node_, key] { node->add_member_key(key); }, Qt::QueuedConnection);
    refresh();
}

chain::AccountId NodeClient::me() const {
    return identity_ ? chain::crypto::account_id(identity_->public_key()) : chain::AccountId{};
}

void NodeClient::refresh() {
    std::optional<chain::AccountId> me;
    if (identity_) me = this->me();
    QMetaObject::invokeMethod(node_, [this, me] {
        SnapshotPtr snapshot = read_snapshot(*node_, clock_(), me ? &*me : nullptr);
        QMetaObject::invokeMethod(this, [this, snapshot] {
            snapshot_ = snapshot;
            emit snapshotChanged();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void NodeClient::scheduleRefresh() {
    if (refresh_scheduled_) return;
    refresh_scheduled_ = true;
    QTimer::singleShot(kRefreshDelay_ms, this, [this] {
        refresh_scheduled_ = false;
        refresh();
    });
}

quint64 NodeClient::submit(chain::Operation op) {
    return submitBuilt([op = std::move(op)](const chain::Node&) { return op; });
}

quint64 NodeClient::submitBuilt(BuildOperation build) {
    const quint64 request = next_request_++;
    if (!identity_) {
        QMetaObject::invokeMethod(this, [this, request] {
            emit operationFinished(request, static_cast<int>(chain::ErrorCode::WalletError),
                                   QStringLiteral("no wallet is open"));
        }, Qt::QueuedConnection);
        return request;
    }
    const chain::crypto::KeyPair key = *identity_;
    QMetaObject::invokeMethod(node_, [this, request, key, build = std::move(build)] {
        chain::Operation op = build(*node_);
        const chain::AccountId author = chain::crypto::account_id(key.public_key());
        chain::Transaction tx;
        tx.group_id = node_->summary().group_id;
        tx.author = key.public_key();
        tx.nonce = node_->next_nonce(author);
        tx.valid_until_s = clock_() + static_cast<std::int64_t>(chain::kSecondsPerDay);
        tx.op = std::move(op);
        tx.sign(key);
        const chain::SubmitResult result = node_->submit(tx);
        const int code = result.rejection ? static_cast<int>(result.rejection->code) : 0;
        const QString message = result.rejection ? QString::fromStdString(result.rejection->message) : QString();
        QMetaObject::invokeMethod(this, [this, request, id = result.transaction_id, code, message] {
            onSubmitted(request, id, code, message);
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
    return request;
}

void NodeClient::startNode(std::function<bool(chain::Node&, QString*)> start) {
    QMetaObject::invokeMethod(node_, [this, start = std::move(start)] {
        QString error;
        if (start(*node_, &error)) return;
        QMetaObject::invokeMethod(this, [this, error] { emit nodeFailed(error); }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
    if (!peer_timer_) {
        peer_timer_ = new QTimer(this);
        connect(peer_timer_, &QTimer::timeout, this, &NodeClient::pollPeers);
        peer_timer_->start(kPeerPollInterval_ms);
    }
}

// Only a change in the number of peers costs a new snapshot.
void NodeClient::pollPeers() {
    QMetaObject::invokeMethod(node_, [this] {
        const std::size_t count = node_->peers().size();
        QMetaObject::invokeMethod(this, [this, count] {
            if (count != snapshot_->peer_count) refresh();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void NodeClient::requestAdmission(const QString& utility, const QString& full_name, const QString& consumer_unit) {
    admission_ = AdmissionRequest{utility, full_name, consumer_unit};
    admission_error_code_ = 0;
    admission_error_message_.clear();
    if (!admission_timer_) {
        admission_timer_ = new QTimer(this);
        admission_timer_->setInterval(kAdmissionCheckInterval_ms);
        connect(admission_timer_, &QTimer::timeout, this, &NodeClient::checkAdmission);
    }
    admission_timer_->start();
    connect(this, &NodeClient::operationFinished, this, &NodeClient::onAdmissionFinished, Qt::UniqueConnection);
}

// Sends the request once the node has a peer and the snapshot shows it caught
// up, twice in a row (a peer announces its height right after the handshake;
// the second look leaves it time to arrive).
void NodeClient::checkAdmission() {
    if (!admission_ || admission_->request != 0) return;
    const Snapshot& s = *snapshot_;
    if (s.has_identity && (s.is_member(s.me) ||
                           std::any_of(s.applicants.begin(), s.applicants.end(),
                                       [&s](const chain::Applicant& a) { return a.account == s.me; }))) {
        // Asked already (an earlier run sent it): nothing to send.
        admission_timer_->stop();
        admission_.reset();
        emit admissionFinished(0, QString());
        return;
    }
    const bool ready = s.peer_count > 0 && !s.sync.syncing && s.sync.height >= s.sync.target;
    admission_->ready_checks = ready ? admission_->ready_checks + 1 : 0;
    refresh();
    if (admission_->ready_checks < 2) return;
    admission_timer_->stop();
    const std::string utility = admission_->utility.trimmed().toStdString();
    const chain::Profile profile =
        chain::make_profile(admission_->full_name.trimmed().toStdString(), admission_->consumer_unit.trimmed().toStdString());
    admission_->request = submitBuilt([utility, profile](const chain::Node& node) -> chain::Operation {
        return chain::admission_request(node.summary(), utility, profile);
    });
}

void NodeClient::onAdmissionFinished(quint64 request, int code, const QString& message) {
    if (!admission_ || admission_->request != request) return;
    admission_.reset();
    admission_error_code_ = code;
    admission_error_message_ = message;
    emit admissionFinished(code, message);
    emit snapshotChanged();
}

void NodeClient::onSubmitted(quint64 request, chain::Hash256 transaction, int code, QString message) {
    if (code != 0) {
        emit operationFinished(request, code, message);
        return;
    }
    pending_[transaction] = request;
}

void NodeClient::onCommitted(chain::Hash256 transaction) {
    const auto found = pending_.find(transaction);
    if (found == pending_.end()) return;
    const quint64 request = found->second;
    pending_.erase(found);
    // The screens should show the new state when the action reports success.
    std::optional<chain::AccountId> me;
    if (identity_) me = this->me();
    QMetaObject::invokeMethod(node_, [this, request, me] {
        SnapshotPtr snapshot = read_snapshot(*node_, clock_(), me ? &*me : nullptr);
        QMetaObject::invokeMethod(this, [this, snapshot, request] {
            snapshot_ = snapshot;
            // The outcome first, so that the screens' refresh has the last word
            // on which buttons are enabled.
            emit operationFinished(request, 0, QString());
            emit snapshotChanged();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void NodeClient::onRejected(chain::Hash256 transaction, int code, QString message) {
    const auto found = pending_.find(transaction);
    if (found == pending_.end()) return;
    const quint64 request = found->second;
    pending_.erase(found);
    emit operationFinished(request, code, message);
}

void NodeClient::runOnNode(std::function<void(chain::Node&)> work, std::function<void()> done) {
    QMetaObject::invokeMethod(node_, [this, work = std::move(work), done = std::move(done)] {
        work(*node_);
        QMetaObject::invokeMethod(this, [this, done] {
            if (done) done();
            refresh();
        }, Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void NodeClient::waitForIdle() {
    // Two round trips: the worker's queue, then the replies it posted here,
    // then whatever those replies queued on the worker again.
    for (int round = 0; round < 3; ++round) {
        QMetaObject::invokeMethod(node_, [] {}, Qt::BlockingQueuedConnection);
        QCoreApplication::processEvents();
    }
}

} // namespace models
