#include "node/light_node.h"

#include "node/ledger_node.h"
#include "node/network_node.h"
#include "node/node_helpers.h"
#include "node/node_state.h"
#include "rules/rules.h"
#include "state/state_tables.h"

#include <QDir>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcLightNode, "rateio.light.node")

namespace chain {

using node_helpers::qs;

namespace {

// The meta key of the trusted tip, as hex of trusted_header_bytes.
constexpr const char* kTrustedHeaderKey = "light_trusted_header";
// At most this many validators in a kept header (a group's set is far smaller).
constexpr std::uint32_t kTrustedValidatorsMax = 10'000;

std::string trusted_header_hex(const state::TrustedHeader& header) {
    codec::Writer w;
    w.u64(header.height);
    w.fixed(header.block_hash);
    w.fixed(header.state_root);
    w.u32(static_cast<std::uint32_t>(header.next_validators.size()));
    for (const PublicKey& key : header.next_validators) w.fixed(key);
    return codec::to_hex(w.data());
}

std::optional<state::TrustedHeader> trusted_header_from_hex(const std::string& hex) {
    Bytes bytes;
    if (!codec::from_hex(hex, bytes)) return std::nullopt;
    codec::Reader r(bytes);
    state::TrustedHeader header;
    header.height = r.u64();
    header.block_hash = r.fixed<std::tuple_size_v<Hash256>>();
    header.state_root = r.fixed<std::tuple_size_v<Hash256>>();
    const std::uint32_t count = r.count(kTrustedValidatorsMax);
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) header.next_validators.push_back(r.fixed<std::tuple_size_v<PublicKey>>());
    if (!r.finished() || header.next_validators.empty()) return std::nullopt;
    return header;
}

} // namespace

std::unique_ptr<LightNode> LightNode::open(const LightNodeConfig& config, const Genesis& genesis,
                                           const crypto::KeyPair& node_key, QString* error) {
    if (!QDir().mkpath(config.data_dir)) {
        *error = QStringLiteral("cannot create the data folder %1").arg(config.data_dir);
        return nullptr;
    }
    std::unique_ptr<QLockFile> lock = LedgerNode::lock_data_dir(config.data_dir, error);
    if (!lock) return nullptr;
    std::unique_ptr<Store> store =
        NetworkNode::open_store_with_genesis(NetworkNode::store_path(config.data_dir), {}, genesis, error);
    if (!store) return nullptr;
    std::string problem;
    std::optional<State> state = store->load_state(&problem);
    if (!state) {
        *error = QStringLiteral("cannot open the group's state: %1").arg(qs(problem));
        return nullptr;
    }
    if (state->protocol_version < kProtocolVersionStateTables) {
        *error = QStringLiteral("the group keeps its records at protocol version %1, whose state cannot be proven: "
                                "a light node needs version %2")
                     .arg(state->protocol_version)
                     .arg(kProtocolVersionStateTables);
        return nullptr;
    }
    if (config.trust_checkpoint && !store->trust_checkpoint()) {
        if (!store->set_trust_checkpoint(*config.trust_checkpoint, &problem)) {
            *error = QStringLiteral("cannot record the invitation's checkpoint: %1").arg(qs(problem));
            return nullptr;
        }
    }
    state::TrustedHeader trusted = state::trust_genesis(genesis, state_root(genesis_state(genesis)));
    if (const std::optional<std::string> kept = store->meta(kTrustedHeaderKey)) {
        std::optional<state::TrustedHeader> header = trusted_header_from_hex(*kept);
        // A damaged one is only a lost shortcut: the next check starts from the genesis again.
        if (header) trusted = std::move(*header);
        else qCWarning(lcLightNode) << "the kept trusted header does not read; checking from the genesis";
    }
    return std::unique_ptr<LightNode>(
        new LightNode(std::move(lock), std::move(store), config, genesis, node_key, std::move(*state), std::move(trusted)));
}

LightNode::LightNode(std::unique_ptr<QLockFile> lock, std::unique_ptr<Store> store, LightNodeConfig config, Genesis genesis,
                     const crypto::KeyPair& node_key, State state, state::TrustedHeader trusted)
    : lock_(std::move(lock)),
      store_(std::move(store)),
      config_(std::move(config)),
      genesis_(std::move(genesis)),
      node_key_(node_key),
      state_(std::move(state)),
      trusted_(std::move(trusted)) {
    state_root_ = state_root(state_);
    check_timer_ = new QTimer(this);
    check_timer_->setSingleShot(true);
    connect(check_timer_, &QTimer::timeout, this, &LightNode::check_now);
}

LightNode::~LightNode() { delete client_; }

bool LightNode::start(QString* error) {
    if (config_.peers.isEmpty()) {
        *error = QStringLiteral("a light node needs at least one peer to ask");
        return false;
    }
    check_now();
    return true;
}

void LightNode::check_now() {
    check_timer_->stop();
    if (client_) return; // one check at a time
    if (stopped_by_conflict()) return;
    LightClientConfig config;
    config.trusted = trusted_header();
    config.tables.assign(kLightNodeTables.begin(), kLightNodeTables.end());
    config.checkpoint = store_->trust_checkpoint();
    // Once this run has proven the tables, a check with no new block costs one header request.
    config.skip_proofs_if_unchanged = checked_;
    config.timeout_ms = config_.check_timeout_ms;
    config.network = config_.network;
    client_ = new LightClient(genesis_.group_id(), config_.peers, node_key_, std::move(config), this);
    connect(client_, &LightClient::verified, this, &LightNode::on_verified);
    connect(client_, &LightClient::failed, this, &LightNode::on_failed);
    client_->start();
}

void LightNode::on_verified(const LightVerified& result) {
    if (result.unchanged) return on_unchanged();
    state::Tables tables;
    for (std::size_t i = 0; i < kLightNodeTables.size(); ++i)
        tables[state::table_index(kLightNodeTables[i])] = result.tables[i];
    for (const PublicKey& validator : result.tip.next_validators) // sorted, as the table is
        tables[state::table_index(state::TableId::Validators)].push_back(state::Entry{Bytes(validator.begin(), validator.end()), {}});
    std::string problem;
    std::optional<State> state = state::state_from_tables(tables, &problem);
    if (!state) {
        // Proven under a root more than 2/3 of the validators signed, yet not a state this
        // version reads: a newer protocol's tables. Kept apart from a peer's fault.
        return on_failed(QStringLiteral("the proven tables do not decode: %1").arg(qs(problem)));
    }
    std::string meta_problem;
    if (!store_->set_meta(kTrustedHeaderKey, trusted_header_hex(result.tip), &meta_problem))
        qCWarning(lcLightNode).noquote() << "cannot keep the verified tip; the next start checks from the last kept one:"
                                         << qs(meta_problem);
    std::uint64_t height = 0;
    {
        std::lock_guard lock(mutex_);
        count_traffic_locked();
        state_ = std::move(*state);
        state_root_ = result.tip.state_root;
        height = state_.height;
        if (result.tip_validators > 0)
            certified_ = CertifiedTip{result.tip.height, result.tip_signers, result.tip.next_validators.size()};
        trusted_ = result.tip;
        checked_ = true;
        last_check_failed_ = false;
        second_peer_agreed_ = result.witness_agreed;
        if (halt_ && height >= halt_->height) halt_.reset();
    }
    qCInfo(lcLightNode) << "verified block" << height << "after" << result.header_steps << "header step(s)";
    emit blockCommitted(height);
    finish_check(height);
}

// The group has no block after the tip proven last: the figures stand.
void LightNode::on_unchanged() {
    std::uint64_t height = 0;
    {
        std::lock_guard lock(mutex_);
        count_traffic_locked();
        last_check_failed_ = false;
        height = state_.height;
    }
    finish_check(height);
}

void LightNode::on_failed(const QString& reason) {
    qCWarning(lcLightNode).noquote() << "check failed:" << reason;
    const bool other_history = client_->met_other_history();
    const std::optional<std::uint64_t> conflict = client_->conflict_height();
    std::uint64_t height = 0;
    {
        std::lock_guard lock(mutex_);
        count_traffic_locked();
        last_check_failed_ = true;
        height = state_.height;
        if (conflict) halt_ = SyncHalt{SyncHalt::Kind::ConflictingHeaders, *conflict, reason};
        else if (other_history)
            if (const std::optional<state::HeaderCheckpoint> c = store_->trust_checkpoint())
                halt_ = SyncHalt{SyncHalt::Kind::NotTheInvitedHistory, c->height, reason};
    }
    finish_check(height);
}

void LightNode::count_traffic_locked() {
    received_bytes_ += client_->bytes_received();
    sent_bytes_ += client_->bytes_sent();
}

// The check is over: its client goes, the next one is scheduled, and the screens hear of it.
void LightNode::finish_check(std::uint64_t height) {
    client_->deleteLater();
    client_ = nullptr;
    // Two certified blocks of one height: nothing the group serves is
    // trusted any more, until the members have dealt with it (a restart
    // checks again).
    if (!stopped_by_conflict()) schedule_next_check();
    emit syncProgress(height, height, false);
}

void LightNode::schedule_next_check() { check_timer_->start(static_cast<int>(config_.check_interval_ms)); }

state::TrustedHeader LightNode::trusted_header() const {
    std::lock_guard lock(mutex_);
    return trusted_;
}

GroupSummary LightNode::summary() const {
    std::lock_guard lock(mutex_);
    return summarize_state(state_, state_root_);
}

std::vector<Member> LightNode::members() const {
    std::lock_guard lock(mutex_);
    std::vector<Member> out;
    out.reserve(state_.members.size());
    for (const auto& [account, member] : state_.members) out.push_back(member);
    return out;
}

std::optional<Member> LightNode::member(const AccountId& account) const {
    std::lock_guard lock(mutex_);
    const auto it = state_.members.find(account);
    if (it == state_.members.end()) return std::nullopt;
    return it->second;
}

std::vector<Plant> LightNode::plants() const {
    std::lock_guard lock(mutex_);
    std::vector<Plant> out;
    out.reserve(state_.plants.size());
    for (const auto& [id, plant] : state_.plants) out.push_back(plant);
    return out;
}

std::optional<Plant> LightNode::plant(std::uint64_t id) const {
    std::lock_guard lock(mutex_);
    const auto it = state_.plants.find(id);
    if (it == state_.plants.end()) return std::nullopt;
    return it->second;
}

SubmitResult LightNode::submit(const Transaction& tx) {
    SubmitResult result;
    result.transaction_id = tx.id();
    result.rejection = Rejection{ErrorCode::InvalidArgument, "a light node is watch-only: it sends no transaction"};
    return result;
}

State LightNode::committed_state() const {
    std::lock_guard lock(mutex_);
    return state_;
}

std::optional<StateProofAnswer> LightNode::state_proof(std::uint64_t, state::TableId, ByteView, QString* error) const {
    *error = QStringLiteral("a light node holds no state to prove");
    return std::nullopt;
}

std::optional<TableProofAnswer> LightNode::table_proof(std::uint64_t, state::TableId, QString* error) const {
    *error = QStringLiteral("a light node holds no state to prove");
    return std::nullopt;
}

std::uint64_t LightNode::history_from_height() const {
    std::lock_guard lock(mutex_);
    return state_.height + 1;
}

std::optional<CertifiedTip> LightNode::certified_tip() const {
    std::lock_guard lock(mutex_);
    return certified_;
}

NodeCosts LightNode::costs() const {
    std::lock_guard lock(mutex_);
    return NodeCosts{store_->disk_bytes(), received_bytes_, sent_bytes_};
}

SyncStatus LightNode::sync_status() const {
    std::lock_guard lock(mutex_);
    return SyncStatus{state_.height, state_.height, !checked_ && !last_check_failed_};
}

std::optional<SyncHalt> LightNode::sync_halt() const {
    std::lock_guard lock(mutex_);
    return halt_;
}

std::optional<LightStatus> LightNode::light_status() const {
    std::lock_guard lock(mutex_);
    return LightStatus{checked_ ? state_.height : 0, checked_, last_check_failed_,
                       static_cast<std::uint32_t>(config_.check_interval_ms / 1000), second_peer_agreed_};
}

bool LightNode::stopped_by_conflict() const {
    std::lock_guard lock(mutex_);
    return halt_ && halt_->kind == SyncHalt::Kind::ConflictingHeaders;
}

} // namespace chain
