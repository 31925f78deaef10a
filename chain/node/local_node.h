#pragma once
// The embedded single-validator node: the default on a fresh machine.
//
// Its key is the group's only validator (or one of them), so it makes a
// block as soon as a transaction waits or a deadline falls due, signs the
// commit certificate alone and writes the block to its Store. The current
// state lives in memory, always equal to the state after the last block on
// disk: a block whose write fails is forgotten, never half-applied.
//
// Data directory:
//   <dir>/chain.sqlite   the Store
//   <dir>/node.key       the validator node key (raw private scalar, 0600)
//   <dir>/wallets/       the member wallets (WalletStore)
//
// Time comes only from the Clock given by the caller (Unix seconds), plus the
// persisted offset a dev group may add with advance_clock().
//
// Everything runs on the thread that owns the node; a mutex guards the state
// so that queries from another thread are safe. Signals are emitted with the
// mutex released, so slots may call back into the node.

#include "node/ledger_node.h"
#include "node/result.h"
#include "rules/rules.h"
#include "store/store.h"

#include <QString>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>

class QTimer;

namespace chain {

class LocalNode : public LedgerNode {
    Q_OBJECT
public:
    using Clock = std::function<std::int64_t()>;

    // produce_until_idle() stops after this many blocks, so a bug cannot spin forever.
    static constexpr std::uint64_t kBlocksPerRunMax = 1000;
    // A dev group's clock may run at most 100 years ahead of real time.
    static constexpr std::int64_t kDevClockOffsetMax_s = 100LL * 365 * 86400;
    // While an event loop runs, due deadlines are looked for at least this often,
    // so that a wall-clock jump cannot leave one waiting for long.
    static constexpr int kDeadlineCheckIntervalMax_ms = 60 * 1000;
    static constexpr const char* kDevClockOffsetMetaKey = "dev_clock_offset_s";

    static QString store_path(const QString& data_dir);
    static QString node_key_path(const QString& data_dir);
    static QString wallets_path(const QString& data_dir);
    // True when the directory already holds a group's genesis.
    static bool holds_group(const QString& data_dir);

    // Founds a group in a new data directory; nullptr and *error if the
    // directory already holds a group or anything fails.
    static std::unique_ptr<LocalNode> create(const QString& data_dir, const Genesis& genesis,
                                             const crypto::KeyPair& node_key, Clock clock, QString* error);
    // Opens an existing data directory, checking the saved state against the
    // state root of its last block.
    static std::unique_ptr<LocalNode> open(const QString& data_dir, Clock clock, QString* error);

    ~LocalNode() override;

    // --- Node --------------------------------------------------------------
    SubmitResult submit(const Transaction& tx) override;

    // --- Block production ----------------------------------------------------
    // Makes one block if a transaction waits or a deadline is due; returns how
    // many blocks it made (0 or 1) or why it could not.
    Result<std::uint64_t> produce_block();
    // Makes blocks while there is work (at most kBlocksPerRunMax).
    Result<std::uint64_t> produce_until_idle();
    // Dev groups only: moves the clock forward and makes the blocks whose
    // deadlines fall due; returns how many blocks it made.
    Result<std::uint64_t> advance_clock(std::int64_t seconds);

    // The node's notion of now: the clock plus the dev offset. A transaction's
    // valid_until_s should be counted from this.
    std::int64_t now() const;
    std::int64_t dev_clock_offset_s() const;
    const PublicKey& node_public_key() const { return node_key_.public_key(); }
    PublicKey node_key() const override { return node_key_.public_key(); }
    bool is_validator() const override;
    const QString& data_dir() const { return data_dir_; }
    Genesis genesis() const;
    // The group data public key of the current epoch: new profiles are sealed to it.
    // (GroupSummary carries only the epoch.)
    PublicKey data_public_key() const;

private:

    LocalNode(std::unique_ptr<QLockFile> data_dir_lock, QString data_dir, std::unique_ptr<Store> store, const crypto::KeyPair& node_key, Clock clock,
              State state, Hash256 last_block_hash, std::int64_t dev_clock_offset_s);

    std::int64_t now_locked() const;
    std::int64_t next_block_time_s_locked() const override;
    bool is_validator_locked() const;
    bool has_work_locked() const;
    Result<BlockOutcome> produce_locked();
    BlockHeader make_header_locked(const State& next, const BlockContext& context,
                                   const std::vector<Transaction>& transactions) const;
    CommitCertificate sign_certificate(const BlockHeader& header) const;
    void forget_queued(std::size_t count);

    // Key shares and rotations that the held member keys should post now.
    void post_key_shares() override;

    void schedule_production();
    void schedule_deadline_check();

    const QString data_dir_;
    const crypto::KeyPair node_key_;
    const Clock clock_;

    std::int64_t dev_clock_offset_s_ = 0; // guarded by mutex_

    bool production_scheduled_ = false;
    QTimer* deadline_timer_ = nullptr;
};

} // namespace chain
