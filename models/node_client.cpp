#include "models/node_client.h"

#include "ledger/ledger.h"
#include "node/invitation.h"
#include "rules/profile.h"

#include <QCoreApplication>
#include <algorithm>
#include <QTimer>

namespace models {

NodeClient::NodeClient(std::unique_ptr<chain::Node> node, Clock clock, QObject* parent)
    : QObject(parent), node_(node.release()), worker_(new ThreadHandoff), clock_(std::move(clock)),
      snapshot_(std::make_shared<Snapshot>()) {
    qRegisterMetaType<chain::Hash256>("chain::Hash256");
    thread_.setObjectName(QStringLiteral("rateio-node"));
    node_->moveToThread(&thread_);
    worker_->moveToThread(&thread_);
    // The node emits on its own thread; each signal is handed to this thread
    // through gui_ (thread_handoff.h) rather than by a queued connection, whose
    // copy of the arguments ThreadSanitizer could not follow.
    connect(node_, &chain::Node::blockCommitted, node_, [this] { gui_.post([this] { scheduleRefresh(); }); },
            Qt::DirectConnection);
    connect(node_, &chain::Node::transactionCommitted, node_,
            [this](chain::Hash256 id, quint64) { gui_.post([this, id] { onCommitted(id); }); }, Qt::DirectConnection);
    connect(node_, &chain::Node::transactionRejected, node_,
            [this](chain::Hash256 id, int code, QString message) {
                gui_.post([this, id, code, message] { onRejected(id, code, message); });
            },
            Qt::DirectConnection);
    connect(node_, &chain::Node::reachabilityChanged, node_, [this] { gui_.post([this] { scheduleRefresh(); }); },
            Qt::DirectConnection);
    connect(node_, &chain::Node::storageProblemChanged, node_, [this] { gui_.post([this] { scheduleRefresh(); }); },
            Qt::DirectConnection);
    connect(node_, &chain::Node::syncProgress, node_,
            [this](quint64 height, quint64 target, bool syncing) {
                gui_.post([this, height, target, syncing] { emit syncProgress(height, target, syncing); });
            },
            Qt::DirectConnection);
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
    worker_->postAndWait([this, home] {
        for (QTimer* timer : node_->findChildren<QTimer*>()) timer->stop();
        node_->moveToThread(home);
        worker_->moveToThread(home);
    });
    thread_.quit();
    thread_.wait();
    delete node_;
    delete worker_;
}

void NodeClient::setIdentity(const chain::crypto::KeyPair& key) {
    identity_ = key;
    worker_->post([node = node_, key] { node->add_member_key(key); });
    refresh();
}

chain::AccountId NodeClient::me() const {
    return identity_ ? chain::crypto::account_id(identity_->public_key()) : chain::AccountId{};
}

void NodeClient::refresh() {
    std::optional<chain::AccountId> me;
    if (identity_) me = this->me();
    worker_->post([this, me] {
        SnapshotPtr snapshot = read_snapshot(*node_, clock_(), me ? &*me : nullptr);
        gui_.post([this, snapshot] {
            snapshot_ = snapshot;
            emit snapshotChanged();
        });
    });
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
        gui_.post([this, request] {
            emit operationFinished(request, static_cast<int>(chain::ErrorCode::WalletError),
                                   QStringLiteral("no wallet is open"));
        });
        return request;
    }
    const chain::crypto::KeyPair key = *identity_;
    worker_->post([this, request, key, build = std::move(build)] {
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
        gui_.post([this, request, id = result.transaction_id, code, message] {
            onSubmitted(request, id, code, message);
        });
    });
    return request;
}

void NodeClient::startNode(std::function<bool(chain::Node&, QString*)> start) {
    worker_->post([this, start = std::move(start)] {
        QString error;
        if (start(*node_, &error)) return;
        gui_.post([this, error] { emit nodeFailed(error); });
    });
    if (!peer_timer_) {
        peer_timer_ = new QTimer(this);
        connect(peer_timer_, &QTimer::timeout, this, &NodeClient::pollPeers);
        peer_timer_->start(kPeerPollInterval_ms);
    }
}

// Only a change in the number of peers costs a new snapshot.
void NodeClient::pollPeers() {
    worker_->post([this] {
        const std::size_t count = node_->peers().size();
        gui_.post([this, count] {
            if (count != snapshot_->peer_count) refresh();
        });
    });
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
    worker_->post([this, request, me] {
        SnapshotPtr snapshot = read_snapshot(*node_, clock_(), me ? &*me : nullptr);
        gui_.post([this, snapshot, request] {
            snapshot_ = snapshot;
            // The outcome first, so that the screens' refresh has the last word
            // on which buttons are enabled.
            emit operationFinished(request, 0, QString());
            emit snapshotChanged();
        });
    });
}

void NodeClient::onRejected(chain::Hash256 transaction, int code, QString message) {
    const auto found = pending_.find(transaction);
    if (found == pending_.end()) return;
    const quint64 request = found->second;
    pending_.erase(found);
    emit operationFinished(request, code, message);
}

void NodeClient::runOnNode(std::function<void(chain::Node&)> work, std::function<void()> done) {
    worker_->post([this, work = std::move(work), done = std::move(done)] {
        work(*node_);
        gui_.post([this, done] {
            if (done) done();
            refresh();
        });
    });
}

void NodeClient::waitForIdle() {
    // Two round trips: the worker's queue, then the replies it posted here,
    // then whatever those replies queued on the worker again.
    for (int round = 0; round < 3; ++round) {
        worker_->postAndWait([] {});
        QCoreApplication::processEvents();
    }
}

} // namespace models
