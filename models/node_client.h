#pragma once
// NodeClient: the GUI's handle on a chain::Node that lives on a worker thread.
//
// Every call into the node runs on that thread; answers come back as posted
// events (ThreadHandoff), so the GUI thread never waits for a block to be applied. After
// each committed block (bursts throttled to one refresh per kRefreshDelay_ms)
// the client reads a Snapshot on the worker and publishes it on the GUI thread.
//
// Transactions are signed with the identity key on the worker thread and
// tracked by a request number: operationFinished(request, 0, {}) when the
// transaction is in a block, or with the rejection's code and English message.

#include "models/snapshot.h"
#include "models/thread_handoff.h"

#include "crypto/crypto.h"

#include <QObject>
#include <QThread>
#include <QTimer>

#include <functional>
#include <map>
#include <memory>
#include <optional>

namespace models {

class NodeClient : public QObject {
    Q_OBJECT
public:
    using Clock = std::function<std::int64_t()>;
    static constexpr int kRefreshDelay_ms = 250;

    // Takes the node, moves it to a new worker thread and reads a first snapshot.
    // `clock` gives the node's notion of now (called on the worker thread).
    NodeClient(std::unique_ptr<chain::Node> node, Clock clock, QObject* parent = nullptr);
    ~NodeClient() override;

    // The member key that signs this user's transactions. Also handed to the
    // node so that it can read profiles and post the key shares it owes.
    void setIdentity(const chain::crypto::KeyPair& key);
    bool hasIdentity() const { return identity_.has_value(); }
    chain::AccountId me() const;

    // The latest snapshot (never null after construction returns... once the
    // first snapshotChanged fired; an empty snapshot before).
    SnapshotPtr snapshot() const { return snapshot_; }

    // Signs and submits `op`; returns the request number reported back in
    // operationFinished. Requires an identity.
    quint64 submit(chain::Operation op);

    // Starts a networked node on its thread (NodeClient moved it there);
    // nodeFailed reports an error.
    void startNode(std::function<bool(chain::Node&, QString*)> start);

    // Asks to join the group as soon as the node has reached a peer and
    // caught up with it (the profile is sealed to the group's current data
    // key, which only a synced node knows). admissionFinished reports the
    // outcome: code 0 once the request is in a block.
    void requestAdmission(const QString& utility, const QString& full_name, const QString& consumer_unit);
    // True from requestAdmission until the request is in a block or refused.
    bool admissionInProgress() const { return admission_.has_value(); }
    // The last refusal of the admission request (code 0: none).
    int admissionErrorCode() const { return admission_error_code_; }
    const QString& admissionErrorMessage() const { return admission_error_message_; }
    static constexpr int kAdmissionCheckInterval_ms = 500;
    // A networked node's peers come and go between blocks: looked at this often.
    static constexpr int kPeerPollInterval_ms = 1000;
    // Runs `work` on the node's thread (for node-specific actions such as a
    // dev clock advance); `done` runs on the GUI thread afterwards.
    void runOnNode(std::function<void(chain::Node&)> work, std::function<void()> done = {});

    // Asks for a fresh snapshot now (the models also refresh on every block).
    void refresh();
    // Blocks until the worker has answered everything queued so far. For tests
    // and the screenshot tool only: the GUI itself never calls this.
    void waitForIdle();

signals:
    void snapshotChanged();
    void operationFinished(quint64 request, int code, QString message);
    void syncProgress(quint64 height, quint64 target, bool syncing);
    void nodeFailed(QString message);
    void admissionFinished(int code, QString message);

private:
    struct AdmissionRequest {
        QString utility, full_name, consumer_unit;
        quint64 request = 0; // set once submitted
        int ready_checks = 0;
    };
    using BuildOperation = std::function<chain::Operation(const chain::Node&)>;
    // Signs and submits the operation `build` makes on the node's thread.
    quint64 submitBuilt(BuildOperation build);
    void checkAdmission();
    void pollPeers();
    void onAdmissionFinished(quint64 request, int code, const QString& message);

    void scheduleRefresh();
    void onSubmitted(quint64 request, chain::Hash256 transaction, int code, QString message);
    void onCommitted(chain::Hash256 transaction);
    void onRejected(chain::Hash256 transaction, int code, QString message);

    QThread thread_;
    chain::Node* node_ = nullptr; // owned; lives on thread_
    // Every call into thread_ and every answer from it passes through these
    // two (thread_handoff.h): worker_ lives on thread_ (owned), gui_ here.
    ThreadHandoff* worker_ = nullptr;
    ThreadHandoff gui_;
    Clock clock_;
    std::optional<chain::crypto::KeyPair> identity_;
    SnapshotPtr snapshot_;
    quint64 next_request_ = 1;
    std::map<chain::Hash256, quint64> pending_; // transaction -> request
    bool refresh_scheduled_ = false;
    std::optional<AdmissionRequest> admission_;
    QTimer* admission_timer_ = nullptr;
    QTimer* peer_timer_ = nullptr;
    int admission_error_code_ = 0;
    QString admission_error_message_;
};

} // namespace models
