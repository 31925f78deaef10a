#pragma once
// LedgerNode: what every node kind shares — the committed state and its
// Store, the queue of waiting transactions, the held member keys, and the
// queries answered from them. LocalNode (one validator, embedded) and
// NetworkNode (consensus over the peer network) differ only in how blocks
// are made and committed.
//
// The mutex guards every member below, so queries from another thread are
// safe; the *_locked functions expect it held.

#include "node/node.h"
#include "node/result.h"
#include "rules/state.h"
#include "store/store.h"

#include <QLockFile>
#include <QString>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

namespace chain {

class LedgerNode : public Node {
    Q_OBJECT
public:
    static constexpr std::size_t kMemberKeysMax = 64;
    static constexpr std::size_t kMempoolTransactionsMax = 10000;
    // How long a lock file without readable contents is given to be filled
    // by a live process before it is taken for a crashed one's.
    static constexpr unsigned long kUnreadableLockWaitMs = 200;

    // Holds a member key in memory (for profiles and key shares) and posts
    // the key shares or the rotation it owes the group now.
    void add_member_key(const crypto::KeyPair& key) override;
    GroupSummary summary() const override;
    std::optional<StateProofAnswer> state_proof(std::uint64_t height, state::TableId table, ByteView key,
                                                QString* error) const override;
    std::optional<TableProofAnswer> table_proof(std::uint64_t height, state::TableId table,
                                                QString* error) const override;
    std::vector<state::HeaderStep> header_chain(std::uint64_t trusted_height, std::size_t limit) const override;
    std::vector<Member> members() const override;
    std::optional<Member> member(const AccountId& account) const override;
    std::vector<Applicant> applicants() const override;
    std::vector<Plant> plants() const override;
    std::optional<Plant> plant(std::uint64_t id) const override;
    std::vector<Referendum> referendums() const override;
    std::optional<Referendum> referendum(std::uint64_t id) const override;
    std::vector<Offer> offers() const override;
    std::vector<Event> events_since(std::uint64_t from_height, std::size_t limit) const override;
    std::vector<Event> latest_events(std::size_t limit) const override;
    std::uint64_t next_nonce(const AccountId& account) const override;
    std::optional<std::uint64_t> transaction_height(const Hash256& id) const override;
    std::optional<Profile> profile(const AccountId& account) const override;

    std::size_t queued_count() const;
    State committed_state() const override;
    std::uint64_t history_from_height() const override;
    std::optional<std::int64_t> block_time_s(std::uint64_t height) const override;
    std::optional<state::HeaderCheckpoint> invitation_checkpoint() const override;
    std::optional<CertifiedTip> certified_tip() const override;
    NodeCosts costs() const override;
    // Replays every stored block from the stored genesis, checking each
    // certificate against the validator set of its height, each block's
    // re-execution and state root, and that the result is the current state.
    // Returns the height replayed. The embedded node and the networked one
    // commit through different paths; this checks both the same way.
    // A node that started from a synced state (history_from_height() > 1)
    // cannot replay what it never held: it follows the headers from the
    // genesis to that state, checks each later block's certificate, link and
    // transactions, and that the last root is the state's; it returns the
    // number of blocks it checked in full.
    Result<std::uint64_t> verify_chain() const;

    // Two programs on one data dir (the desktop and rateio-cli, or two
    // daemons) would each make or vote on blocks with one key and fork the
    // ledger. Every node holds <data_dir>/node.lock while it lives; nullptr
    // and *error when another live process holds it.
    static std::unique_ptr<QLockFile> lock_data_dir(const QString& data_dir, QString* error);
    // Whether another live process holds that lock now: a screen says so in
    // its own words rather than show lock_data_dir's English reason.
    static bool data_dir_in_use(const QString& data_dir);

    // What the store's last block committed to: the state root a node must
    // find in its saved state, and the hash the next block builds on (on an
    // empty ledger, the genesis state's root and the group id). Reads the
    // block's header only. nullopt and *error when that block is missing.
    struct LastCommit {
        Hash256 state_root{};
        Hash256 block_hash{};
    };
    static std::optional<LastCommit> last_commit(const Store& store, const Genesis& genesis, QString* error);

protected:
    // What one block committed and which queued transactions it made fail,
    // kept to emit the signals once the mutex is released.
    struct BlockOutcome {
        std::uint64_t height = 0; // 0 = no block
        std::vector<Hash256> committed;
        std::vector<std::pair<Hash256, Rejection>> rejected;
    };
    void emit_block_outcome(const BlockOutcome& outcome);

    LedgerNode(std::unique_ptr<QLockFile> data_dir_lock, std::unique_ptr<Store> store, State state,
               Hash256 last_block_hash);
    // Saves the checkpoint of the state's tries (Store::save_checkpoint), so
    // that the next open can name any rows damaged while the node was off.
    ~LedgerNode() override;

    const std::unique_ptr<QLockFile> data_dir_lock_;

    // False and *error when the committed state has no Merkle root to prove against.
    bool proofs_available_locked(QString* error) const;
    // Whether a proof asked at `height` is of the committed state.
    bool proof_of_committed_state_locked(std::uint64_t height) const;
    // What a proof at a height the node holds no state of is refused with.
    QString no_state_at(std::uint64_t height) const;
    // The states kept besides the committed one, to prove older heights
    // against: a networked node's snapshots (node/snapshot_server.h); none
    // here. Called without the node's mutex.
    virtual std::vector<std::uint64_t> snapshot_heights() const { return {}; }
    virtual std::optional<StateProofAnswer> snapshot_entry_proof(std::uint64_t, state::TableId, ByteView) const {
        return std::nullopt;
    }
    virtual std::optional<TableProofAnswer> snapshot_table_proof(std::uint64_t, state::TableId) const {
        return std::nullopt;
    }

    // The time the next block would carry (Unix seconds).
    virtual std::int64_t next_block_time_s_locked() const = 0;
    // The state with every queued transaction applied, built on demand; new
    // transactions are checked against it.
    State& pending_state_locked();
    // Checks a transaction as the next block would apply it (after everything
    // queued) and queues it, or says why not; nothing changes on a refusal.
    // Yes when the caller has just checked the signature itself (gossip checks it
    // before anything else, to ban a peer that sends a bad one).
    enum class SignatureChecked : bool { No, Yes };
    SubmitResult submit_locked(const Transaction& tx, SignatureChecked checked = SignatureChecked::No);
    // Key shares to the members who lack the current data key, or the key
    // rotation a removal asks for, signed by the first held member key that
    // can; decided on the pending state so queued shares are not posted twice.
    std::vector<Transaction> key_share_transactions_locked();
    Transaction make_transaction_locked(const crypto::KeyPair& author, std::uint64_t nonce, Operation op) const;
    // Queues (and, on a network, sends) what key_share_transactions_locked() finds.
    virtual void post_key_shares() = 0;

    Result<std::uint64_t> verify_synced_chain_locked(const Genesis& genesis) const;
    const std::unique_ptr<Store> store_;

    mutable std::mutex mutex_;
    State state_;
    Hash256 state_root_{};
    Hash256 last_block_hash_{}; // the group id before the first block
    // Waiting transactions in arrival order, and their ids for duplicate checks.
    std::deque<Transaction> mempool_;
    std::set<Hash256> queued_ids_;
    std::optional<State> pending_state_;
    // Unlocked member keys, in memory only.
    std::map<AccountId, crypto::KeyPair> member_keys_;
    // Profiles already opened, by account, with the commitment they matched:
    // opening one costs two ECDH operations and the desktop reads every
    // member's name after each block. A corrected profile has a new
    // commitment, so it is opened again.
    mutable std::map<AccountId, std::pair<Hash256, Profile>> opened_profiles_;
};

} // namespace chain
