#include "node/light_client.h"

#include "state/state_tables.h"

#include <QLoggingCategory>

#include <algorithm>

Q_LOGGING_CATEGORY(lcLightClient, "rateio.light")

namespace chain {

namespace {

QString short_id(const QString& peer_id) { return peer_id.left(16); }

} // namespace

LightClient::LightClient(const Hash256& group_id, QStringList peers, const crypto::KeyPair& node_key,
                         LightClientConfig config, QObject* parent)
    : QObject(parent), group_id_(group_id), peers_(std::move(peers)), config_(std::move(config)) {
    qRegisterMetaType<chain::LightVerified>();
    network_ = new net::PeerNetwork(node_key, group_id_, config_.network, this);
    connect(network_, &net::PeerNetwork::peerConnected, this,
            [this](const QString& peer_id, const QString&) { on_peer_connected(peer_id); });
    connect(network_, &net::PeerNetwork::peerDisconnected, this,
            [this](const QString& peer_id, net::DropReason) { on_peer_disconnected(peer_id); });
    connect(network_, &net::PeerNetwork::messageReceived, this, &LightClient::on_message);
    timeout_.setSingleShot(true);
    witness_timeout_.setSingleShot(true);
    connect(&witness_timeout_, &QTimer::timeout, this,
            [this] { finish_unconfirmed(QStringLiteral("no second peer answered in time")); });
    connect(&timeout_, &QTimer::timeout, this, [this] {
        if (unconfirmed_) return finish_unconfirmed(QStringLiteral("the time for the check ran out"));
        finish(std::nullopt, last_problem_.isEmpty()
                                 ? QStringLiteral("no peer of the group answered within %1 s").arg(config_.timeout_ms / 1000)
                                 : last_problem_);
    });
}

LightClient::~LightClient() { network_->close(); }

void LightClient::start() {
    QString problem;
    if (config_.entries.size() > kLightClientEntriesMax || config_.tables.size() > kLightClientTablesMax ||
        config_.entries.size() + config_.tables.size() == 0)
        problem = QStringLiteral("a light client proves 1 to %1 entries and up to %2 whole tables at once")
                      .arg(kLightClientEntriesMax)
                      .arg(kLightClientTablesMax);
    for (const state::TableId table : config_.tables)
        if (problem.isEmpty() && !state::is_table_id(static_cast<std::uint16_t>(table)))
            problem = QStringLiteral("%1 is not a table id").arg(static_cast<int>(table));
    for (const LightEntryRequest& entry : config_.entries)
        if (problem.isEmpty() && entry.key.size() != state::table_key_bytes(entry.table))
            problem = QStringLiteral("a key of %1 bytes is not one of table %2")
                          .arg(entry.key.size())
                          .arg(static_cast<int>(entry.table));
    if (peers_.isEmpty()) problem = QStringLiteral("no peer to ask");
    for (const QString& peer : peers_)
        if (problem.isEmpty() && !network_->add_peer(peer))
            problem = QStringLiteral("the peer address '%1' is not host:port").arg(peer);
    if (!problem.isEmpty()) {
        // Reported from the event loop, so that a caller connecting after
        // start() still hears it.
        QTimer::singleShot(0, this, [this, problem] { finish(std::nullopt, problem); });
        return;
    }
    timeout_.start(static_cast<int>(config_.timeout_ms));
}

// --- Peers --------------------------------------------------------------------------

void LightClient::on_peer_connected(const QString& peer_id) {
    if (finished_) return;
    met_.insert(peer_id);
    connected_.push_back(peer_id);
    if (unconfirmed_) {
        if (witness_.isEmpty()) ask_witness();
        return;
    }
    if (current_.isEmpty()) next_peer();
}

void LightClient::on_peer_disconnected(const QString& peer_id) {
    std::erase(connected_, peer_id);
    if (!finished_ && unconfirmed_ && peer_id == witness_)
        return finish_unconfirmed(QStringLiteral("the second peer left before it answered"));
    if (!finished_ && peer_id == current_) {
        last_problem_ = QStringLiteral("peer %1 left before it proved everything").arg(short_id(peer_id));
        current_.clear();
        next_peer();
    }
}

// Starts over with the next connected peer, from the header the client
// trusted at the start: nothing the last peer said is kept.
void LightClient::next_peer() {
    if (finished_ || connected_.empty()) return; // the next connection, or the timeout
    current_ = connected_.front();
    connected_.erase(connected_.begin());
    tip_ = config_.trusted;
    header_steps_ = 0;
    tip_signers_ = 0;
    tip_validators_ = 0;
    tip_signing_set_.clear();
    rounds_ = 0;
    ask_headers();
}

// current_ is cleared before the ban, whose disconnection must not count
// as this peer leaving (on_peer_disconnected would move on a second time).
void LightClient::give_up_on_peer(const QString& why, bool ban) {
    const QString peer = current_;
    current_.clear();
    qCWarning(lcLightClient).noquote() << "peer" << short_id(peer) << why;
    last_problem_ = QStringLiteral("peer %1 %2").arg(short_id(peer), why);
    if (ban) network_->ban_peer(peer);
    next_peer();
}

// --- Headers ------------------------------------------------------------------------

void LightClient::ask_headers() {
    if (++rounds_ > kLightClientRoundsMax) return give_up_on_peer(QStringLiteral("kept moving on; tried another"));
    values_.assign(config_.entries.size(), std::nullopt);
    proof_bytes_.assign(config_.entries.size(), 0);
    tables_.assign(config_.tables.size(), std::nullopt);
    table_proof_bytes_.assign(config_.tables.size(), 0);
    headers_pending_ = true;
    network_->send(current_, net::HeaderChainRequest{tip_.height});
}

void LightClient::on_message(const QString& peer_id, const net::Message& message) {
    if (finished_) return;
    if (unconfirmed_ && peer_id == witness_) {
        if (const auto* blocks = std::get_if<net::BlockResponse>(&message)) on_witness_block(*blocks);
        return;
    }
    if (peer_id != current_) return; // status and gossip are of no use here
    if (const auto* headers = std::get_if<net::HeaderChainResponse>(&message)) on_header_chain(*headers);
    else if (const auto* proof = std::get_if<net::ProofResponse>(&message)) on_proof(*proof);
}

void LightClient::on_header_chain(const net::HeaderChainResponse& response) {
    if (!headers_pending_ || response.trusted_height != tip_.height) return; // an answer to an earlier round
    headers_pending_ = false;
    for (const Bytes& bytes : response.steps) {
        const std::optional<state::HeaderStep> step = codec::from_bytes<state::HeaderStep>(bytes);
        std::string why = "it does not decode";
        std::optional<state::TrustedHeader> next =
            step ? state::verify_step(group_id_, tip_, *step, &why) : std::nullopt;
        if (!next)
            return give_up_on_peer(
                QStringLiteral("was banned: its chain of headers does not verify: %1").arg(QString::fromStdString(why)),
                true);
        if (const std::optional<QString> off = off_checkpoint(*next)) {
            met_other_history_ = true;
            return give_up_on_peer(*off, true);
        }
        tip_signers_ = state::trusted_signers(step->certificate, group_id_, tip_.next_validators);
        tip_validators_ = tip_.next_validators.size();
        tip_signing_set_ = tip_.next_validators;
        tip_ = std::move(*next);
        ++header_steps_;
    }
    if (response.steps.size() >= net::kHeaderStepsPerResponseMax) return ask_headers(); // there may be more
    if (config_.skip_proofs_if_unchanged && tip_ == config_.trusted) {
        LightVerified result;
        result.tip = tip_;
        result.unchanged = true;
        return finish(std::move(result), {});
    }
    ask_proofs();
}

// Why a verified header contradicts the checkpoint: it is the first past
// the checkpoint's height (every node serves the step at a validator change,
// which the checkpoint is) and is not the checkpoint's block.
std::optional<QString> LightClient::off_checkpoint(const state::TrustedHeader& next) const {
    const std::optional<state::HeaderCheckpoint>& c = config_.checkpoint;
    if (!c || tip_.height >= c->height || next.height < c->height) return std::nullopt;
    if (next.height == c->height && next.block_hash == c->block_hash) return std::nullopt;
    return QStringLiteral("was banned: its headers pass block %1 with another block than the invitation's").arg(c->height);
}

// --- Proofs -------------------------------------------------------------------------

void LightClient::ask_proofs() {
    for (const LightEntryRequest& entry : config_.entries)
        network_->send(current_, net::ProofRequest{net::ProofKind::Entry, static_cast<std::uint16_t>(entry.table), entry.key});
    for (const state::TableId table : config_.tables)
        network_->send(current_, net::ProofRequest{net::ProofKind::Table, static_cast<std::uint16_t>(table), {}});
}

// The first request not proven yet that `response` answers; nullopt when it
// answers none (not asked, or asked before the last round).
std::optional<std::size_t> LightClient::answered_request(const net::ProofResponse& response) const {
    if (response.kind == net::ProofKind::Entry) {
        for (std::size_t i = 0; i < config_.entries.size(); ++i)
            if (!values_[i] && static_cast<std::uint16_t>(config_.entries[i].table) == response.table &&
                config_.entries[i].key == response.key)
                return i;
        return std::nullopt;
    }
    for (std::size_t i = 0; i < config_.tables.size(); ++i)
        if (!tables_[i] && static_cast<std::uint16_t>(config_.tables[i]) == response.table) return i;
    return std::nullopt;
}

// Why the proof does not check against the verified tip; empty when it does
// (and then it is recorded).
std::string LightClient::take_proof(const net::ProofResponse& response, std::size_t index) {
    if (response.kind == net::ProofKind::Entry) {
        const std::optional<state::StateProof> proof = codec::from_bytes<state::StateProof>(response.proof);
        if (!proof) return "it does not decode";
        if (proof->table != config_.entries[index].table || proof->key != config_.entries[index].key)
            return "it proves another entry than the one asked for";
        if (std::string why = state::state_proof_problem(tip_.state_root, *proof); !why.empty()) return why;
        values_[index] = proof->value;
        proof_bytes_[index] = response.proof.size();
        return {};
    }
    std::optional<state::TableProof> proof = codec::from_bytes<state::TableProof>(response.proof);
    if (!proof) return "it does not decode";
    if (proof->table != config_.tables[index]) return "it proves another table than the one asked for";
    if (std::string why = state::table_proof_problem(tip_.state_root, *proof); !why.empty()) return why;
    tables_[index] = std::move(proof->entries);
    table_proof_bytes_[index] = response.proof.size();
    return {};
}

void LightClient::on_proof(const net::ProofResponse& response) {
    // Proofs of the round before still coming in while the headers are asked again.
    if (headers_pending_) return;
    const std::optional<std::size_t> index = answered_request(response);
    if (!index) return;
    if (response.proof.empty()) return give_up_on_peer(QStringLiteral("cannot prove this state"));
    // Its tip moved on after it sent its headers: follow them again.
    if (response.height > tip_.height) return ask_headers();
    if (response.height < tip_.height) return give_up_on_peer(QStringLiteral("is behind the header already verified"));
    if (const std::string why = take_proof(response, *index); !why.empty())
        return give_up_on_peer(QStringLiteral("was banned: its proof does not check against block %1: %2")
                                   .arg(tip_.height)
                                   .arg(QString::fromStdString(why)),
                               true);
    const auto proven = [](const auto& slot) { return slot.has_value(); };
    if (!std::all_of(values_.begin(), values_.end(), proven) || !std::all_of(tables_.begin(), tables_.end(), proven))
        return;
    LightVerified result;
    result.tip = tip_;
    result.header_steps = header_steps_;
    result.tip_signers = tip_signers_;
    result.tip_validators = tip_validators_;
    for (const auto& value : values_) result.values.push_back(*value);
    result.proof_bytes = proof_bytes_;
    for (auto& table : tables_) result.tables.push_back(std::move(*table));
    result.table_proof_bytes = table_proof_bytes_;
    confirm_with_witness(std::move(result));
}

// --- The witness --------------------------------------------------------------------

// A tip that is the trusted header itself was confirmed when it was first
// proven; a newer one is compared with a second peer's block of its height.
void LightClient::confirm_with_witness(LightVerified result) {
    if (!config_.cross_check || tip_signing_set_.empty()) return finish(std::move(result), {});
    unconfirmed_ = std::move(result);
    current_.clear(); // the prover's later messages are of no use
    if (!connected_.empty()) return ask_witness();
    if (met_.size() >= static_cast<std::size_t>(peers_.size()))
        return finish_unconfirmed(QStringLiteral("no second peer to ask"));
    witness_timeout_.start(static_cast<int>(config_.witness_wait_ms)); // one may still connect
}

void LightClient::ask_witness() {
    witness_ = connected_.front();
    connected_.erase(connected_.begin());
    witness_timeout_.start(static_cast<int>(config_.witness_wait_ms));
    network_->send(witness_, net::BlockRequest{tip_.height, 1});
}

void LightClient::finish_unconfirmed(const QString& why) {
    if (finished_ || !unconfirmed_) return;
    qCInfo(lcLightClient).noquote() << "block" << tip_.height << "not compared with a second peer:" << why;
    finish(std::move(unconfirmed_), {});
}

void LightClient::on_witness_block(const net::BlockResponse& response) {
    if (response.from_height != tip_.height) return; // not the answer to this request
    witness_timeout_.stop();
    // Cleared before a ban, whose disconnection must not count as the witness leaving.
    const QString witness = witness_;
    witness_.clear();
    if (response.blocks.empty()) return finish_unconfirmed(QStringLiteral("it has no block %1 yet").arg(tip_.height));
    const std::optional<Block> block = codec::from_bytes<Block>(response.blocks.front().block);
    const std::optional<CommitCertificate> certificate =
        codec::from_bytes<CommitCertificate>(response.blocks.front().certificate);
    const auto ban_witness = [&](const QString& why) {
        qCWarning(lcLightClient).noquote() << "peer" << short_id(witness) << "was banned:" << why;
        network_->ban_peer(witness);
        finish_unconfirmed(QStringLiteral("it was banned"));
    };
    if (!block || !certificate || block->header.height != tip_.height || certificate->height != tip_.height ||
        certificate->block_hash != block->header.hash())
        return ban_witness(QStringLiteral("its block %1 does not decode or is not the block its certificate signs")
                               .arg(tip_.height));
    const Hash256 hash = block->header.hash();
    if (hash == tip_.block_hash) {
        unconfirmed_->witness_agreed = true;
        return finish(std::move(unconfirmed_), {});
    }
    if (!certificate_valid(*certificate, group_id_, tip_signing_set_))
        return ban_witness(QStringLiteral("it showed another block %1 than the one verified, without the "
                                          "validators' signatures")
                               .arg(tip_.height));
    const state::TrustedHeader theirs{tip_.height, hash, block->header.state_root, {}};
    const std::optional<std::string> sentence = state::conflict(tip_, theirs);
    conflict_height_ = tip_.height;
    unconfirmed_.reset();
    const QString reason = QString::fromStdString(sentence.value_or(std::string()));
    qCWarning(lcLightClient).noquote() << "stopped: peer" << short_id(witness) << "and the peer that proved block"
                                       << tip_.height << "show two certified blocks of that height:" << reason;
    finish(std::nullopt, reason);
}

void LightClient::finish(std::optional<LightVerified> result, const QString& reason) {
    if (finished_) return;
    finished_ = true;
    timeout_.stop();
    network_->close();
    if (result) emit verified(std::move(*result));
    else emit failed(reason);
}

} // namespace chain
