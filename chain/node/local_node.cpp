#include "node/local_node.h"

#include "node/node_helpers.h"
#include "node/node_state.h"
#include "node/wallets.h"
#include "rules/block_apply.h"
#include "rules/profile.h"

#include <QAbstractEventDispatcher>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <charconv>

namespace chain {

namespace {

constexpr qint64 kNodeKeyBytes = 32;

using node_helpers::qs;

std::optional<std::int64_t> parse_int64(const std::string& text) {
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<crypto::KeyPair> read_node_key(const QString& path, QString* error) {
    std::string read_error;
    const std::optional<Bytes> bytes = read_small_file(path, kNodeKeyBytes, &read_error);
    if (!bytes) {
        *error = qs(read_error);
        return std::nullopt;
    }
    std::optional<crypto::KeyPair> key;
    if (bytes->size() == kNodeKeyBytes) key = crypto::KeyPair::from_private(*bytes);
    if (!key) *error = QStringLiteral("the node key %1 is damaged").arg(path);
    return key;
}

struct OpenedStore {
    std::unique_ptr<Store> store;
    Genesis genesis;
    State state;
    Hash256 last_block_hash{};
    std::int64_t dev_clock_offset_s = 0;
};

std::optional<std::int64_t> read_dev_clock_offset(const Store& store, QString* error) {
    const std::optional<std::string> text = store.meta(LocalNode::kDevClockOffsetMetaKey);
    if (!text) return 0;
    const std::optional<std::int64_t> offset_s = parse_int64(*text);
    if (!offset_s || *offset_s < 0 || *offset_s > LocalNode::kDevClockOffsetMax_s) {
        *error = QStringLiteral("the saved dev clock offset '%1' is not valid").arg(qs(*text));
        return std::nullopt;
    }
    return offset_s;
}

// Loads the state and proves it is the one the last block committed to:
// a node must never build on a state that differs from its own ledger.
std::optional<OpenedStore> load_store(const QString& data_dir, QString* error) {
    OpenedStore opened;
    std::string store_error;
    opened.store = Store::open(LocalNode::store_path(data_dir).toStdString(), &store_error);
    if (!opened.store) {
        *error = QStringLiteral("cannot open the database: %1").arg(qs(store_error));
        return std::nullopt;
    }
    const std::optional<Genesis> genesis = opened.store->genesis();
    std::string load_problem;
    std::optional<State> state = genesis ? opened.store->load_state(&load_problem) : std::nullopt;
    if (!genesis || !state) {
        // The store says what is wrong with a state it holds (a damaged data dir, and what to do).
        *error = load_problem.empty()
                     ? QStringLiteral("the database in %1 holds no readable group").arg(data_dir)
                     : QStringLiteral("cannot open the group in %1: %2").arg(data_dir, qs(load_problem));
        return std::nullopt;
    }
    const std::optional<LedgerNode::LastCommit> last = LedgerNode::last_commit(*opened.store, *genesis, error);
    if (!last) return std::nullopt;
    if (state->height != opened.store->height() || state_root(*state) != last->state_root) {
        *error = QStringLiteral("the saved state does not match the state root of block %1: the database "
                                "is damaged; restore %2 from a backup or sync it again")
                     .arg(opened.store->height())
                     .arg(LocalNode::store_path(data_dir));
        return std::nullopt;
    }
    const std::optional<std::int64_t> offset_s = read_dev_clock_offset(*opened.store, error);
    if (!offset_s) return std::nullopt;
    opened.last_block_hash = last->block_hash;
    opened.genesis = *genesis;
    opened.state = std::move(*state);
    opened.dev_clock_offset_s = *offset_s;
    return opened;
}

} // namespace

// --- Opening and creating ----------------------------------------------------

QString LocalNode::store_path(const QString& data_dir) { return QDir(data_dir).filePath(QStringLiteral("chain.sqlite")); }
QString LocalNode::node_key_path(const QString& data_dir) { return QDir(data_dir).filePath(QStringLiteral("node.key")); }
QString LocalNode::wallets_path(const QString& data_dir) { return QDir(data_dir).filePath(QStringLiteral("wallets")); }

bool LocalNode::holds_group(const QString& data_dir) {
    if (!QFileInfo::exists(store_path(data_dir))) return false;
    std::string error;
    const std::unique_ptr<Store> store = Store::open(store_path(data_dir).toStdString(), &error);
    // An unreadable database is treated as a group, so that nothing overwrites it.
    return !store || store->has_genesis();
}

std::unique_ptr<LocalNode> LocalNode::create(const QString& data_dir, const Genesis& genesis,
                                             const crypto::KeyPair& node_key, Clock clock, QString* error) {
    if (holds_group(data_dir)) {
        *error = QStringLiteral("%1 already holds a group; choose another data folder").arg(data_dir);
        return nullptr;
    }
    if (const std::optional<Rejection> bad = validate_params(genesis.params)) {
        *error = QStringLiteral("the group parameters are not valid: %1").arg(qs(bad->message));
        return nullptr;
    }
    if (!QDir().mkpath(data_dir)) {
        *error = QStringLiteral("cannot create the data folder %1").arg(data_dir);
        return nullptr;
    }
    std::unique_ptr<QLockFile> lock = lock_data_dir(data_dir, error);
    if (!lock) return nullptr;
    // The node key signs blocks unattended, so unlike a wallet it cannot wait
    // for a passphrase: it is kept as raw bytes readable only by the owner,
    // as CometBFT keeps its priv_validator_key.json. It is written before the
    // genesis so that a directory with a group always has its key.
    if (std::string write_error = write_private_file(node_key_path(data_dir), node_key.private_bytes());
        !write_error.empty()) {
        *error = qs(write_error);
        return nullptr;
    }
    std::string store_error;
    std::unique_ptr<Store> store = Store::open(store_path(data_dir).toStdString(), &store_error);
    std::vector<Event> events;
    State state = genesis_state(genesis, &events);
    if (!store || !store->write_genesis(genesis, state, events, &store_error)) {
        QFile::remove(node_key_path(data_dir));
        *error = QStringLiteral("cannot write the genesis: %1").arg(qs(store_error));
        return nullptr;
    }
    return std::unique_ptr<LocalNode>(new LocalNode(std::move(lock), data_dir, std::move(store), node_key, std::move(clock),
                                                    std::move(state), genesis.group_id(), 0));
}

std::unique_ptr<LocalNode> LocalNode::open(const QString& data_dir, Clock clock, QString* error) {
    if (!QFileInfo::exists(store_path(data_dir))) {
        *error = QStringLiteral("%1 holds no group yet: create or join one first").arg(data_dir);
        return nullptr;
    }
    std::unique_ptr<QLockFile> lock = lock_data_dir(data_dir, error);
    if (!lock) return nullptr;
    std::optional<crypto::KeyPair> node_key = read_node_key(node_key_path(data_dir), error);
    if (!node_key) return nullptr;
    std::optional<OpenedStore> opened = load_store(data_dir, error);
    if (!opened) return nullptr;
    return std::unique_ptr<LocalNode>(new LocalNode(std::move(lock), data_dir, std::move(opened->store), *node_key,
                                                    std::move(clock), std::move(opened->state),
                                                    opened->last_block_hash, opened->dev_clock_offset_s));
}

LocalNode::LocalNode(std::unique_ptr<QLockFile> data_dir_lock, QString data_dir, std::unique_ptr<Store> store, const crypto::KeyPair& node_key, Clock clock,
                     State state, Hash256 last_block_hash, std::int64_t dev_clock_offset_s)
    : LedgerNode(std::move(data_dir_lock), std::move(store), std::move(state), last_block_hash),
      data_dir_(std::move(data_dir)),
      node_key_(node_key),
      clock_(std::move(clock)),
      dev_clock_offset_s_(dev_clock_offset_s),
      deadline_timer_(new QTimer(this)) {
    deadline_timer_->setSingleShot(true);
    connect(deadline_timer_, &QTimer::timeout, this, [this] {
        (void)produce_until_idle();
        schedule_deadline_check();
    });
    schedule_deadline_check();
}

LocalNode::~LocalNode() = default;

// --- Time ------------------------------------------------------------------------

std::int64_t LocalNode::now_locked() const { return clock_() + dev_clock_offset_s_; }

// Block time never goes backwards, even if the wall clock does.
std::int64_t LocalNode::next_block_time_s_locked() const { return std::max(state_.time_s, now_locked()); }

std::int64_t LocalNode::now() const {
    std::lock_guard lock(mutex_);
    return now_locked();
}

std::int64_t LocalNode::dev_clock_offset_s() const {
    std::lock_guard lock(mutex_);
    return dev_clock_offset_s_;
}

Result<std::uint64_t> LocalNode::advance_clock(std::int64_t seconds) {
    {
        std::lock_guard lock(mutex_);
        if (!state_.dev_group)
            return rejection(ErrorCode::DevClockRefused, "this group is not a dev group: its clock follows real time");
        if (state_.validators.size() > 1)
            return rejection(ErrorCode::DevClockRefused,
                             "this group has " + std::to_string(state_.validators.size()) +
                                 " validators: their real clocks set the group's time, so it cannot be moved");
        if (seconds <= 0)
            return rejection(ErrorCode::InvalidArgument, "the clock only moves forward: give a number of seconds above 0");
        if (seconds > kDevClockOffsetMax_s - dev_clock_offset_s_)
            return rejection(ErrorCode::InvalidArgument, "a dev group's clock may run at most 100 years ahead");
        const std::int64_t offset_s = dev_clock_offset_s_ + seconds;
        std::string error;
        if (!store_->set_meta(kDevClockOffsetMetaKey, std::to_string(offset_s), &error))
            return rejection(ErrorCode::StoreError, "cannot save the dev clock offset: " + error);
        dev_clock_offset_s_ = offset_s;
        // Queued transactions were checked at the old time; check them again.
        pending_state_.reset();
    }
    return produce_until_idle();
}

// --- Submitting ----------------------------------------------------------------

SubmitResult LocalNode::submit(const Transaction& tx) {
    SubmitResult result;
    {
        std::lock_guard lock(mutex_);
        result = submit_locked(tx);
    }
    if (result.accepted()) schedule_production();
    return result;
}

void LocalNode::schedule_production() {
    if (production_scheduled_ || !QAbstractEventDispatcher::instance(thread())) return;
    production_scheduled_ = true;
    QTimer::singleShot(0, this, [this] {
        production_scheduled_ = false;
        (void)produce_until_idle();
    });
}

void LocalNode::schedule_deadline_check() {
    if (!QAbstractEventDispatcher::instance(thread())) return;
    std::optional<std::int64_t> wait_s;
    {
        std::lock_guard lock(mutex_);
        if (const std::optional<std::int64_t> deadline_s = next_deadline(state_))
            wait_s = std::max<std::int64_t>(0, *deadline_s - now_locked());
    }
    if (!wait_s) {
        deadline_timer_->stop();
        return;
    }
    const std::int64_t wait_ms = std::min<std::int64_t>(*wait_s * 1000, kDeadlineCheckIntervalMax_ms);
    deadline_timer_->start(static_cast<int>(wait_ms));
}

// --- Block production --------------------------------------------------------

bool LocalNode::is_validator_locked() const {
    return std::find(state_.validators.begin(), state_.validators.end(), node_key_.public_key()) !=
           state_.validators.end();
}

bool LocalNode::is_validator() const {
    std::lock_guard lock(mutex_);
    return is_validator_locked();
}

bool LocalNode::has_work_locked() const {
    if (!mempool_.empty()) return true;
    const std::optional<std::int64_t> deadline_s = next_deadline(state_);
    return deadline_s && *deadline_s <= next_block_time_s_locked();
}

Result<std::uint64_t> LocalNode::produce_block() {
    Result<BlockOutcome> produced = [this] {
        std::lock_guard lock(mutex_);
        return produce_locked();
    }();
    if (!produced.ok()) return produced.error();
    if (produced.value().height == 0) return std::uint64_t{0};
    emit_block_outcome(produced.value());
    post_key_shares();
    schedule_deadline_check();
    return std::uint64_t{1};
}

Result<std::uint64_t> LocalNode::produce_until_idle() {
    std::uint64_t blocks = 0;
    while (blocks < kBlocksPerRunMax) {
        Result<std::uint64_t> made = produce_block();
        if (!made.ok()) return made.error();
        if (made.value() == 0) break;
        blocks += made.value();
    }
    return blocks;
}

Result<LocalNode::BlockOutcome> LocalNode::produce_locked() {
    if (!has_work_locked()) return BlockOutcome{};
    if (!is_validator_locked())
        return rejection(ErrorCode::InvalidArgument,
                         "this node's key is not a validator of the group, so it does not make blocks");
    const BlockContext context{state_.height + 1, next_block_time_s_locked()};
    State next = state_;
    Block block;
    std::vector<Event> events;
    BlockOutcome produced;
    const std::size_t taken = std::min<std::size_t>(mempool_.size(), kBlockTransactionsMax);
    for (std::size_t i = 0; i < taken; ++i) {
        const Transaction& tx = mempool_[i];
        // A transaction that passed at submission can fail now: an earlier one
        // in the block or a deadline changed what it relies on.
        ApplyResult applied = apply_transaction(next, tx, context);
        if (!applied.ok()) {
            produced.rejected.emplace_back(tx.id(), *applied.rejection);
            continue;
        }
        block.transactions.push_back(tx);
        produced.committed.push_back(tx.id());
        events.insert(events.end(), applied.events.begin(), applied.events.end());
    }
    const std::vector<Event> deadline_events = end_block(next, context);
    events.insert(events.end(), deadline_events.begin(), deadline_events.end());
    if (const std::vector<std::string> broken = check_invariants_since(state_, next); !broken.empty())
        return rejection(ErrorCode::StoreError, "block " + std::to_string(context.height) +
                                                    " would break an invariant, so it was not made: " + broken.front());

    block.header = make_header_locked(next, context, block.transactions);
    // Re-execute the block as any other node would apply it: a rules engine
    // that is not deterministic shows up here, before anything is signed.
    if (const BlockApplication check = apply_block(state_, last_block_hash_, block);
        !check.ok() || state_root(check.state_after) != block.header.state_root)
        return rejection(ErrorCode::StoreError, "block " + std::to_string(context.height) +
                                                    " failed its own re-execution, so it was not made: " + check.problem);
    const CommitCertificate certificate = sign_certificate(block.header);
    if (!certificate_valid(certificate, state_.group_id, state_.validators))
        return rejection(ErrorCode::InvalidArgument,
                         "this node alone cannot commit a block: the group has other validators");
    std::string error;
    if (!store_->commit_block(block, certificate, next, events, &error, &state_))
        return rejection(ErrorCode::StoreError, "block " + std::to_string(context.height) +
                                                    " was not saved, nothing changed: " + error);

    // Only now that the block is on disk does memory move to it.
    forget_queued(taken);
    state_ = std::move(next);
    state_root_ = block.header.state_root;
    last_block_hash_ = block.header.hash();
    produced.height = context.height;
    return produced;
}

BlockHeader LocalNode::make_header_locked(const State& next, const BlockContext& context,
                                          const std::vector<Transaction>& transactions) const {
    std::vector<Hash256> ids;
    ids.reserve(transactions.size());
    for (const Transaction& tx : transactions) ids.push_back(tx.id());
    BlockHeader header;
    header.group_id = state_.group_id;
    header.height = context.height;
    header.previous_hash = last_block_hash_;
    header.time_s = context.time_s;
    header.transactions_root = merkle_root(ids);
    header.state_root = state_root(next);
    header.proposer = node_key_.public_key();
    return header;
}

CommitCertificate LocalNode::sign_certificate(const BlockHeader& header) const {
    CommitCertificate certificate;
    certificate.height = header.height;
    certificate.round = 0;
    certificate.block_hash = header.hash();
    const Hash256 digest =
        CommitCertificate::vote_digest(header.group_id, header.height, certificate.round, certificate.block_hash);
    certificate.signatures.push_back(CommitSignature{node_key_.public_key(), node_key_.sign(digest)});
    return certificate;
}

void LocalNode::forget_queued(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) queued_ids_.erase(mempool_[i].id());
    mempool_.erase(mempool_.begin(), mempool_.begin() + static_cast<std::ptrdiff_t>(count));
    pending_state_.reset();
}

// --- Member keys, profiles and key shares -----------------------------------------

void LocalNode::post_key_shares() {
    bool queued = false;
    {
        std::lock_guard lock(mutex_);
        for (const Transaction& tx : key_share_transactions_locked()) queued = submit_locked(tx).accepted() || queued;
    }
    if (queued) schedule_production();
}

// --- Queries -----------------------------------------------------------------------

PublicKey LocalNode::data_public_key() const {
    std::lock_guard lock(mutex_);
    return state_.data_public_keys.back();
}

Genesis LocalNode::genesis() const {
    std::lock_guard lock(mutex_);
    return store_->genesis().value_or(Genesis{});
}

} // namespace chain
