#include "node/ledger_node.h"

#include <map>
#include <set>

#include "node/node_state.h"
#include "rules/block_apply.h"
#include "rules/profile.h"
#include "rules/rules.h"
#include "state/state_diff.h"

#include <QDir>
#include <QFileInfo>
#include <QStringList>
#include <QThread>

namespace chain {

namespace {

// Whether `file` exists without readable lock contents: what a process
// killed between creating a lock file and writing its pid into it leaves.
bool unreadable_lock(const QString& file) {
    if (!QFileInfo::exists(file)) return false;
    qint64 pid = 0;
    QString host, application;
    return !QLockFile(file).getLockInfo(&pid, &host, &application);
}

} // namespace

std::unique_ptr<QLockFile> LedgerNode::lock_data_dir(const QString& data_dir, QString* error) {
    const QString path = QDir(data_dir).filePath(QStringLiteral("node.lock"));
    auto lock = std::make_unique<QLockFile>(path);
    // A lock left by a crashed process is taken over at once: QLockFile
    // checks whether the process it names still runs.
    lock->setStaleLockTime(0);
    if (lock->tryLock(0)) return lock;
    // A lock file without readable contents has no pid to check. For
    // node.lock, with no stale time, it would lock the data dir for good; for
    // node.lock.rmlock (which QLockFile holds while it removes a dead
    // process's node.lock, and honours for 30 s), a process killed at that
    // moment would block every start for 30 s (test_crash found both). A live
    // writer fills its file within microseconds, so a file still unreadable a
    // moment later is removed, if no live process holds its native lock.
    const QString removal_lock = path + QStringLiteral(".rmlock");
    if (unreadable_lock(path) || unreadable_lock(removal_lock)) {
        QThread::msleep(kUnreadableLockWaitMs);
        bool removed = false;
        for (const QString& file : {path, removal_lock})
            if (unreadable_lock(file)) removed = QLockFile(file).removeStaleLockFile() || removed;
        if (removed && lock->tryLock(0)) return lock;
    }
    qint64 pid = 0;
    QString host, application;
    if (lock->getLockInfo(&pid, &host, &application))
        *error = QStringLiteral("%1 is in use by another Rateio program (%2, process %3); close it first")
                     .arg(data_dir, application)
                     .arg(pid);
    else
        *error = QStringLiteral("cannot lock the data folder %1").arg(data_dir);
    return nullptr;
}

bool LedgerNode::data_dir_in_use(const QString& data_dir) {
    QLockFile lock(QDir(data_dir).filePath(QStringLiteral("node.lock")));
    lock.setStaleLockTime(0);
    if (lock.tryLock(0)) {
        lock.unlock();
        return false;
    }
    return lock.error() == QLockFile::LockFailedError;
}

std::optional<LedgerNode::LastCommit> LedgerNode::last_commit(const Store& store, const Genesis& genesis, QString* error) {
    const std::uint64_t height = store.height();
    if (height == 0) return LastCommit{state_root(genesis_state(genesis)), genesis.group_id()};
    const std::optional<BlockHeader> last = store.block_header(height);
    if (!last) {
        *error = QStringLiteral("block %1 is missing from the database").arg(height);
        return std::nullopt;
    }
    return LastCommit{last->state_root, last->hash()};
}

LedgerNode::LedgerNode(std::unique_ptr<QLockFile> data_dir_lock, std::unique_ptr<Store> store, State state,
                       Hash256 last_block_hash)
    : data_dir_lock_(std::move(data_dir_lock)),
      store_(std::move(store)),
      state_(std::move(state)),
      state_root_(state_root(state_)),
      last_block_hash_(last_block_hash) {}

LedgerNode::~LedgerNode() {
    std::lock_guard lock(mutex_);
    if (state_.protocol_version < kProtocolVersionStateTables) return;
    std::string error;
    if (store_->save_checkpoint(state_, &error))
        qInfo().noquote() << "saved the checkpoint of the state's tries at block" << state_.height;
    else
        qWarning().noquote() << "cannot save the checkpoint of the state's tries:" << QString::fromStdString(error);
}

void LedgerNode::emit_block_outcome(const BlockOutcome& outcome) {
    emit blockCommitted(outcome.height);
    for (const Hash256& id : outcome.committed) emit transactionCommitted(id, outcome.height);
    for (const auto& [id, why] : outcome.rejected)
        emit transactionRejected(id, static_cast<int>(why.code), QString::fromStdString(why.message));
}

GroupSummary LedgerNode::summary() const {
    std::lock_guard lock(mutex_);
    return summarize_state(state_, state_root_);
}

bool LedgerNode::proofs_available_locked(QString* error) const {
    if (state_.protocol_version >= kProtocolVersionStateTables) return true;
    *error = QStringLiteral("the group is at protocol version %1, whose state root is the hash of the whole state: "
                            "it has no proofs of single entries until the group moves to version %2")
                 .arg(state_.protocol_version)
                 .arg(kProtocolVersionStateTables);
    return false;
}

bool LedgerNode::proof_of_committed_state_locked(std::uint64_t height) const {
    return height == kProofOfCommittedState || height == state_.height;
}

QString LedgerNode::no_state_at(std::uint64_t height) const {
    std::uint64_t committed = 0;
    {
        std::lock_guard lock(mutex_);
        committed = state_.height;
    }
    QStringList kept;
    for (const std::uint64_t snapshot : snapshot_heights())
        if (snapshot != committed) kept << QString::number(snapshot);
    const QString held = kept.isEmpty() ? QStringLiteral("the state after block %1").arg(committed)
                                        : QStringLiteral("the state after block %1 and snapshots after blocks %2")
                                              .arg(committed)
                                              .arg(kept.join(QStringLiteral(", ")));
    return QStringLiteral("the node holds %1, not the state after block %2").arg(held).arg(height);
}

namespace {

// A proof the node cannot check itself (its rows and its state would
// disagree) is not served.
template <class Answer, class Check>
std::optional<Answer> self_checked(std::optional<Answer> answer, Check problem_of, QString* error) {
    if (!answer) return std::nullopt;
    if (const std::string why = problem_of(answer->state_root, answer->proof); !why.empty()) {
        *error = QStringLiteral("the node's own proof does not check: %1").arg(QString::fromStdString(why));
        return std::nullopt;
    }
    return answer;
}

} // namespace

std::optional<StateProofAnswer> LedgerNode::state_proof(std::uint64_t height, state::TableId table, ByteView key,
                                                        QString* error) const {
    const std::size_t key_bytes = state::table_key_bytes(table);
    if (key.size() != key_bytes) {
        *error = QStringLiteral("a key of the %1 table has %2 bytes, not %3")
                     .arg(QString::fromLatin1(state::table_name(table)))
                     .arg(key_bytes)
                     .arg(key.size());
        return std::nullopt;
    }
    {
        std::lock_guard lock(mutex_);
        if (!proofs_available_locked(error)) return std::nullopt;
        if (proof_of_committed_state_locked(height)) {
            std::string problem;
            std::optional<Bytes> value = store_->state_entry(table, key, &problem);
            if (!problem.empty()) {
                *error = QString::fromStdString(problem);
                return std::nullopt;
            }
            return self_checked(std::optional<StateProofAnswer>{StateProofAnswer{
                                    state_.height, state_root_, state::state_entry_proof(state_, table, key, std::move(value))}},
                                state::state_proof_problem, error);
        }
    }
    std::optional<StateProofAnswer> answer = snapshot_entry_proof(height, table, key);
    if (!answer) *error = no_state_at(height);
    return self_checked(std::move(answer), state::state_proof_problem, error);
}

std::optional<TableProofAnswer> LedgerNode::table_proof(std::uint64_t height, state::TableId table, QString* error) const {
    {
        std::lock_guard lock(mutex_);
        if (!proofs_available_locked(error)) return std::nullopt;
        if (proof_of_committed_state_locked(height)) {
            std::string problem;
            std::optional<std::vector<state::Entry>> entries = store_->state_table(table, &problem);
            if (!entries) {
                *error = QString::fromStdString(problem);
                return std::nullopt;
            }
            return self_checked(std::optional<TableProofAnswer>{TableProofAnswer{
                                    state_.height, state_root_, state::state_table_proof(state_, table, std::move(*entries))}},
                                state::table_proof_problem, error);
        }
    }
    std::optional<TableProofAnswer> answer = snapshot_table_proof(height, table);
    if (!answer) *error = no_state_at(height);
    return self_checked(std::move(answer), state::table_proof_problem, error);
}

std::vector<state::HeaderStep> LedgerNode::header_chain(std::uint64_t trusted_height, std::size_t limit) const {
    std::lock_guard lock(mutex_);
    std::vector<state::HeaderStep> steps;
    if (state_.protocol_version < kProtocolVersionStateTables || state_.height <= trusted_height || limit == 0)
        return steps;
    const auto step_at = [&](std::uint64_t height, state::TableProof validators) -> bool {
        std::optional<BlockHeader> header = store_->block_header(height);
        std::optional<CommitCertificate> certificate = store_->certificate(height);
        if (!header || !certificate) return false;
        steps.push_back(state::HeaderStep{std::move(*header), std::move(*certificate), std::move(validators)});
        return true;
    };
    for (Store::ValidatorChange& change : store_->validator_changes_after(trusted_height, limit))
        if (change.height > state_.height || !step_at(change.height, std::move(change.validators))) return steps;
    if (steps.size() < limit && (steps.empty() || steps.back().header.height < state_.height)) {
        (void)step_at(state_.height, state::validators_table_proof(state_));
    }
    return steps;
}

std::optional<state::HeaderCheckpoint> LedgerNode::invitation_checkpoint() const {
    std::lock_guard lock(mutex_);
    if (state_.protocol_version < kProtocolVersionStateTables) return std::nullopt;
    return store_->newest_validator_change();
}

std::vector<Member> LedgerNode::members() const {
    std::lock_guard lock(mutex_);
    return store_->members();
}

std::optional<Member> LedgerNode::member(const AccountId& account) const {
    std::lock_guard lock(mutex_);
    return store_->member(account);
}

std::vector<Applicant> LedgerNode::applicants() const {
    std::lock_guard lock(mutex_);
    return store_->applicants();
}

std::vector<Plant> LedgerNode::plants() const {
    std::lock_guard lock(mutex_);
    return store_->plants();
}

std::optional<Plant> LedgerNode::plant(std::uint64_t id) const {
    std::lock_guard lock(mutex_);
    return store_->plant(id);
}

std::vector<Referendum> LedgerNode::referendums() const {
    std::lock_guard lock(mutex_);
    return store_->referendums();
}

std::optional<Referendum> LedgerNode::referendum(std::uint64_t id) const {
    std::lock_guard lock(mutex_);
    return store_->referendum(id);
}

std::vector<Offer> LedgerNode::offers() const {
    std::lock_guard lock(mutex_);
    return store_->offers();
}

std::vector<Event> LedgerNode::events_since(std::uint64_t from_height, std::size_t limit) const {
    std::lock_guard lock(mutex_);
    return store_->events_since(from_height, limit);
}

std::vector<Event> LedgerNode::latest_events(std::size_t limit) const {
    std::lock_guard lock(mutex_);
    return store_->latest_events(limit);
}

// The committed nonce plus the author's transactions still waiting.
std::uint64_t LedgerNode::next_nonce(const AccountId& account) const {
    std::lock_guard lock(mutex_);
    const auto committed = state_.nonces.find(account);
    std::uint64_t nonce = committed == state_.nonces.end() ? 0 : committed->second;
    for (const Transaction& tx : mempool_) nonce += tx.author_account() == account ? 1 : 0;
    return nonce + 1;
}

std::optional<std::uint64_t> LedgerNode::transaction_height(const Hash256& id) const {
    std::lock_guard lock(mutex_);
    const std::optional<Store::TransactionLocation> location = store_->find_transaction(id);
    if (!location) return std::nullopt;
    return location->height;
}

std::optional<Profile> LedgerNode::profile(const AccountId& account) const {
    std::lock_guard lock(mutex_);
    const Hash256* commitment = nullptr;
    if (const Member* member = state_.member(account)) commitment = &member->profile_commitment;
    else if (const auto applicant = state_.applicants.find(account); applicant != state_.applicants.end())
        commitment = &applicant->second.profile_commitment;
    if (!commitment) return std::nullopt;
    if (const auto cached = opened_profiles_.find(account); cached != opened_profiles_.end() && cached->second.first == *commitment)
        return cached->second.second;
    std::optional<Profile> opened = open_profile_with_keys(state_, account, member_keys_);
    if (opened) opened_profiles_[account] = {*commitment, *opened};
    return opened;
}

std::size_t LedgerNode::queued_count() const {
    std::lock_guard lock(mutex_);
    return mempool_.size();
}

std::optional<CertifiedTip> LedgerNode::certified_tip() const {
    std::lock_guard lock(mutex_);
    if (state_.height == 0) return std::nullopt;
    const std::optional<CommitCertificate> certificate = store_->certificate(state_.height);
    if (!certificate) return std::nullopt;
    std::set<PublicKey> signers;
    for (const CommitSignature& signature : certificate->signatures) signers.insert(signature.validator);
    return CertifiedTip{state_.height, signers.size(), state_.validators.size()};
}

std::uint64_t LedgerNode::history_from_height() const {
    std::lock_guard lock(mutex_);
    return store_->history_from_height();
}

NodeCosts LedgerNode::costs() const {
    std::lock_guard lock(mutex_);
    return NodeCosts{store_->disk_bytes(), 0, 0};
}

std::optional<std::int64_t> LedgerNode::block_time_s(std::uint64_t height) const {
    std::lock_guard lock(mutex_);
    const std::optional<BlockHeader> header = store_->block_header(height);
    if (!header) return std::nullopt;
    return header->time_s;
}

State LedgerNode::committed_state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

namespace {

// At most this many validator changes are followed by one verification.
constexpr std::size_t kVerifiedChangesMax = 1'000'000;

} // namespace

// A store that started from a synced state holds headers, not blocks, below
// it: those are followed from the genesis through every change of
// validators (state::verify_step), then each later block is checked against
// the set so trusted (its certificate, its link to the block before, its
// transactions' root), and the last one's root against the state's.
Result<std::uint64_t> LedgerNode::verify_synced_chain_locked(const Genesis& genesis) const {
    const std::uint64_t from = store_->history_from_height();
    const std::uint64_t height = store_->height();
    state::TrustedHeader trusted = state::trust_genesis(genesis, state_root(genesis_state(genesis)));
    std::map<std::uint64_t, state::TableProof> changes;
    for (Store::ValidatorChange& change : store_->validator_changes_after(0, kVerifiedChangesMax))
        changes.emplace(change.height, std::move(change.validators));
    const auto missing = [](std::uint64_t h) { return rejection(ErrorCode::StoreError, "block " + std::to_string(h) + " is missing"); };
    std::string why;
    for (const auto& [h, proof] : changes) {
        if (h >= from) break;
        std::optional<BlockHeader> header = store_->block_header(h);
        std::optional<CommitCertificate> certificate = store_->certificate(h);
        if (!header || !certificate) return missing(h);
        std::optional<state::TrustedHeader> next =
            state::verify_step(genesis.group_id(), trusted, state::HeaderStep{*header, *certificate, proof}, &why);
        if (!next) return rejection(ErrorCode::StoreError, why);
        trusted = std::move(*next);
    }
    if (trusted.height != from - 1)
        return rejection(ErrorCode::StoreError, "the header of block " + std::to_string(from - 1) +
                                                    ", where this node's history starts, is not among its verified headers");
    for (std::uint64_t h = from; h <= height; ++h) {
        const std::optional<Block> block = store_->block(h);
        const std::optional<CommitCertificate> certificate = store_->certificate(h);
        if (!block || !certificate) return missing(h);
        std::vector<Hash256> ids;
        for (const Transaction& tx : block->transactions) ids.push_back(tx.id());
        if (block->header.previous_hash != trusted.block_hash || merkle_root(ids) != block->header.transactions_root)
            return rejection(ErrorCode::StoreError, "block " + std::to_string(h) + " does not follow block " +
                                                        std::to_string(h - 1) + " or does not hold its transactions");
        if (const auto change = changes.find(h); change != changes.end()) {
            std::optional<state::TrustedHeader> next = state::verify_step(
                genesis.group_id(), trusted, state::HeaderStep{block->header, *certificate, change->second}, &why);
            if (!next) return rejection(ErrorCode::StoreError, why);
            trusted = std::move(*next);
            continue;
        }
        if (certificate->height != h || certificate->block_hash != block->header.hash() ||
            state::trusted_signers(*certificate, genesis.group_id(), trusted.next_validators) <
                commit_quorum(trusted.next_validators.size()))
            return rejection(ErrorCode::StoreError, "block " + std::to_string(h) + " has no valid commit certificate");
        trusted.height = h;
        trusted.block_hash = block->header.hash();
        trusted.state_root = block->header.state_root;
    }
    if (trusted.state_root != state_root_)
        return rejection(ErrorCode::StoreError, "the last block's state root is not the node's current state");
    return height + 1 - from;
}

Result<std::uint64_t> LedgerNode::verify_chain() const {
    std::lock_guard lock(mutex_);
    const std::optional<Genesis> genesis = store_->genesis();
    if (!genesis) return rejection(ErrorCode::StoreError, "the data dir holds no genesis");
    if (store_->history_from_height() > 1) return verify_synced_chain_locked(*genesis);
    State state = genesis_state(*genesis);
    Hash256 previous_hash = state.group_id;
    const std::uint64_t height = store_->height();
    for (std::uint64_t h = 1; h <= height; ++h) {
        const std::optional<Block> block = store_->block(h);
        const std::optional<CommitCertificate> certificate = store_->certificate(h);
        if (!block || !certificate) return rejection(ErrorCode::StoreError, "block " + std::to_string(h) + " is missing");
        if (certificate->block_hash != block->header.hash() ||
            !certificate_valid(*certificate, state.group_id, state.validators))
            return rejection(ErrorCode::StoreError, "block " + std::to_string(h) + " has no valid commit certificate");
        BlockApplication applied = apply_block(state, previous_hash, *block);
        if (!applied.ok()) return rejection(ErrorCode::StoreError, applied.problem);
        state = std::move(applied.state_after);
        previous_hash = block->header.hash();
    }
    if (state_root(state) != state_root_)
        return rejection(ErrorCode::StoreError, "the replayed state differs from the node's current state");
    return height;
}

SubmitResult LedgerNode::submit_locked(const Transaction& tx, SignatureChecked checked) {
    SubmitResult result;
    result.transaction_id = tx.id();
    const Hash256& id = result.transaction_id;
    const bool known = queued_ids_.contains(id) || store_->find_transaction(id);
    if (std::optional<Rejection> refused = precheck_transaction(tx, known, mempool_.size(), kMempoolTransactionsMax,
                                                                checked == SignatureChecked::Yes)) {
        result.rejection = std::move(refused);
        return result;
    }
    const BlockContext context{state_.height + 1, next_block_time_s_locked()};
    ApplyResult applied = apply_transaction(pending_state_locked(), tx, context);
    if (!applied.ok()) {
        result.rejection = std::move(applied.rejection);
        return result;
    }
    mempool_.push_back(tx);
    queued_ids_.insert(id);
    return result;
}

State& LedgerNode::pending_state_locked() {
    if (!pending_state_) {
        pending_state_ = state_;
        const BlockContext context{state_.height + 1, next_block_time_s_locked()};
        for (const Transaction& tx : mempool_) (void)apply_transaction(*pending_state_, tx, context);
    }
    return *pending_state_;
}

// --- Member keys and key shares ------------------------------------------------------

void LedgerNode::add_member_key(const crypto::KeyPair& key) {
    {
        std::lock_guard lock(mutex_);
        const AccountId account = crypto::account_id(key.public_key());
        if (!member_keys_.contains(account) && member_keys_.size() >= kMemberKeysMax) return;
        member_keys_.insert_or_assign(account, key);
    }
    post_key_shares();
}

Transaction LedgerNode::make_transaction_locked(const crypto::KeyPair& author, std::uint64_t nonce,
                                                Operation op) const {
    Transaction tx;
    tx.group_id = state_.group_id;
    tx.author = author.public_key();
    tx.nonce = nonce;
    tx.valid_until_s = next_block_time_s_locked() + static_cast<std::int64_t>(kSecondsPerDay);
    tx.op = std::move(op);
    tx.sign(author);
    return tx;
}

std::vector<Transaction> LedgerNode::key_share_transactions_locked() {
    // Runs after every block: a node without member keys (a validator
    // daemon, a reader) must not pay for a pending state it never uses.
    if (member_keys_.empty()) return {};
    const State& pending = pending_state_locked();
    const std::uint32_t epoch = pending.data_key_epoch();
    for (const auto& [account, key] : member_keys_) {
        const Member* author = pending.member(account);
        if (!author || author->key_epoch != epoch) continue;
        std::optional<DataKeyRing> ring = open_key_ring(author->sealed_keys, key);
        if (!ring || ring->size() != static_cast<std::size_t>(epoch) + 1) continue;
        const auto nonce_it = pending.nonces.find(account);
        std::uint64_t nonce = (nonce_it == pending.nonces.end() ? 0 : nonce_it->second) + 1;

        if (pending.key_rotation_pending) {
            if (ring->size() >= kKeyEpochsMax) return {};
            const crypto::KeyPair data_key = crypto::KeyPair::generate();
            ring->push_back(data_key.private_bytes());
            RotateDataKey rotate{epoch + 1, data_key.public_key(), {}};
            for (const auto& [member_account, member] : pending.members)
                rotate.shares.push_back(KeyShare{member_account, seal_key_ring(*ring, member.public_key)});
            return {make_transaction_locked(key, nonce, std::move(rotate))};
        }
        std::vector<Transaction> shares;
        for (const auto& [member_account, member] : pending.members) {
            if (member.key_epoch == epoch) continue;
            ShareDataKey share{member_account, epoch, seal_key_ring(*ring, member.public_key)};
            shares.push_back(make_transaction_locked(key, nonce++, std::move(share)));
        }
        return shares;
    }
    return {};
}

} // namespace chain
