#include "consensus/consensus.h"
#include "consensus/internal.h"

#include <algorithm>
#include <limits>

namespace chain::consensus {

namespace {

// Block times beyond this many seconds would overflow when made milliseconds.
constexpr std::int64_t kTimeSecondsMax = std::numeric_limits<std::int64_t>::max() / 1000 - 1;

enum class EvidenceKind : std::uint8_t { Proposal = 0, Prevote = 1, Precommit = 2 };

Verdict stale(Output& out, const char* reason) {
    out.reason = reason;
    return Verdict::Stale;
}

Verdict invalid(Output& out, const char* reason) {
    out.reason = reason;
    return Verdict::Invalid;
}

} // namespace

const char* step_name(Step step) {
    switch (step) {
    case Step::Propose: return "propose";
    case Step::Prevote: return "prevote";
    case Step::Precommit: return "precommit";
    }
    return "?";
}

const char* timeout_name(TimeoutKind kind) {
    switch (kind) {
    case TimeoutKind::Propose: return "propose";
    case TimeoutKind::Prevote: return "prevote";
    case TimeoutKind::Precommit: return "precommit";
    case TimeoutKind::Resend: return "resend";
    }
    return "?";
}

const char* verdict_name(Verdict verdict) {
    switch (verdict) {
    case Verdict::Accepted: return "accepted";
    case Verdict::Duplicate: return "duplicate";
    case Verdict::Buffered: return "buffered";
    case Verdict::Stale: return "stale";
    case Verdict::Evidence: return "evidence";
    case Verdict::Invalid: return "invalid";
    }
    return "?";
}

std::int64_t Timeouts::duration_ms(TimeoutKind kind, std::uint32_t round) const {
    const std::int64_t r = round;
    switch (kind) {
    case TimeoutKind::Propose: return timeout_propose_ms + timeout_propose_delta_ms * r;
    case TimeoutKind::Prevote: return timeout_prevote_ms + timeout_prevote_delta_ms * r;
    case TimeoutKind::Precommit: return timeout_precommit_ms + timeout_precommit_delta_ms * r;
    case TimeoutKind::Resend: return resend_interval_ms;
    }
    return resend_interval_ms;
}

std::size_t Machine::VoteSet::count(const std::optional<Hash256>& value) const {
    const auto it = count_by_value.find(value);
    return it == count_by_value.end() ? 0 : it->second;
}

Machine::Machine(Config config, std::optional<crypto::KeyPair> key, Application& app)
    : config_(std::move(config)), key_(std::move(key)), app_(app) {
    if (!config_.verify) config_.verify = [](const PublicKey& k, const Hash256& d, const Signature& s) {
        return crypto::verify(k, d, s);
    };
}

// --- Heights ---------------------------------------------------------------

void Machine::reset(const HeightStart& start) {
    start_ = start;
    std::sort(start_.validators.begin(), start_.validators.end());
    start_.validators.erase(std::unique(start_.validators.begin(), start_.validators.end()),
                            start_.validators.end());
    started_ = true;
    own_index_ = key_ ? validator_index(key_->public_key()) : std::nullopt;
    const std::size_t n = start_.validators.size();
    quorum_ = commit_quorum(n);
    skip_threshold_ = n / 3 + 1;
    round_ = 0;
    step_ = Step::Propose;
    decided_ = false;
    locked_round_ = kNoRound;
    locked_block_.reset();
    locked_hash_ = Hash256{};
    valid_round_ = kNoRound;
    valid_block_.reset();
    valid_pol_.clear();
    rounds_.clear();
    validity_.clear();
    highest_round_.clear();
    evidence_seen_.clear();
    own_votes_.clear();
    own_proposals_.clear();
}

Output Machine::start_height(const HeightStart& start, std::int64_t now_ms) {
    Output out;
    if (start.validators.empty()) {
        invalid(out, "a height needs at least one validator");
        return out;
    }
    reset(start);
    schedule(TimeoutKind::Resend, 0, out);
    start_round(0, now_ms, out);
    replay_buffered(now_ms, out);
    evaluate(now_ms, out);
    return out;
}

Output Machine::restore(const HeightStart& start, const std::vector<Record>& records, std::int64_t now_ms) {
    Output out;
    if (start.validators.empty()) {
        invalid(out, "a height needs at least one validator");
        return out;
    }
    reset(start);
    // First what we signed, so that nothing below can sign something else in
    // the same slot; then the lock (the highest one if several were written).
    std::uint32_t last_round = 0;
    for (const Record& record : records) {
        if (record_height(record) != start_.height) continue;
        if (const Vote* v = std::get_if<Vote>(&record)) {
            if (!key_ || v->validator != key_->public_key() || v->round > kRoundMax) continue;
            own_votes_.emplace(std::make_pair(v->round, v->type), *v);
            last_round = std::max(last_round, v->round);
        } else if (const Proposal* p = std::get_if<Proposal>(&record)) {
            if (!key_ || p->round > kRoundMax || proposer(p->round) != key_->public_key()) continue;
            own_proposals_.emplace(p->round, *p);
            last_round = std::max(last_round, p->round);
        } else {
            const LockRecord& lock = std::get<LockRecord>(record);
            if (lock.round > kRoundMax || static_cast<std::int32_t>(lock.round) < locked_round_) continue;
            locked_round_ = valid_round_ = static_cast<std::int32_t>(lock.round);
            locked_block_ = valid_block_ = lock.block;
            locked_hash_ = lock.block.header.hash();
            valid_pol_ = lock.pol_signatures;
            last_round = std::max(last_round, lock.round);
        }
    }
    // Then the ordinary path: enter the last round we took part in (which
    // re-sends our proposal if it was ours) and take our records as input,
    // signatures checked like any peer's, since the disk is input too.
    schedule(TimeoutKind::Resend, last_round, out);
    start_round(last_round, now_ms, out);
    // Peers may have missed what we sent just before the crash.
    resend_votes(out);
    for (const Record& record : records) {
        if (record_height(record) != start_.height) continue;
        if (const Proposal* p = std::get_if<Proposal>(&record)) handle_proposal(*p, now_ms, /*verified=*/false, out);
        if (const Vote* v = std::get_if<Vote>(&record)) handle_vote(*v, /*verified=*/false, out);
    }
    out.reason = "";
    replay_buffered(now_ms, out);
    evaluate(now_ms, out);
    return out;
}

const PublicKey& Machine::proposer(std::uint32_t round) const {
    const std::size_t n = start_.validators.size();
    CONSENSUS_ASSERT(n > 0);
    return start_.validators[(start_.height % n + round % n) % n];
}

std::optional<std::size_t> Machine::validator_index(const PublicKey& key) const {
    const auto it = std::lower_bound(start_.validators.begin(), start_.validators.end(), key);
    if (it == start_.validators.end() || *it != key) return std::nullopt;
    return static_cast<std::size_t>(it - start_.validators.begin());
}

bool Machine::verify(const PublicKey& key, const Hash256& digest, const Signature& signature) const {
    return config_.verify(key, digest, signature);
}

// --- Inputs ----------------------------------------------------------------

Output Machine::on_proposal(const Proposal& proposal, std::int64_t now_ms) {
    Output out;
    out.verdict = handle_proposal(proposal, now_ms, /*verified=*/false, out);
    if (out.verdict == Verdict::Accepted || out.verdict == Verdict::Evidence) evaluate(now_ms, out);
    return out;
}

Output Machine::on_vote(const Vote& vote, std::int64_t now_ms) {
    Output out;
    out.verdict = handle_vote(vote, /*verified=*/false, out);
    if (out.verdict == Verdict::Accepted || out.verdict == Verdict::Evidence) evaluate(now_ms, out);
    return out;
}

Output Machine::on_timeout(const Timer& timer, std::int64_t now_ms) {
    Output out;
    if (!started_ || timer.height != start_.height) {
        out.verdict = stale(out, "the timer is for another height");
        return out;
    }
    // Peers still deciding this height may need our votes even after we decided.
    if (timer.kind == TimeoutKind::Resend) {
        resend(out);
        schedule(TimeoutKind::Resend, round_, out);
        return out;
    }
    const bool current = !decided_ && timer.round == round_;
    if (timer.kind == TimeoutKind::Propose && current && step_ == Step::Propose) {
        prevote(std::nullopt, out); // line 57: no timely, valid proposal in time
    } else if (timer.kind == TimeoutKind::Prevote && current && step_ == Step::Prevote) {
        precommit(std::nullopt, nullptr, nullptr, out); // line 61: prevotes split
    } else if (timer.kind == TimeoutKind::Precommit && current && round_ < kRoundMax) {
        start_round(round_ + 1, now_ms, out); // line 65: precommits split
    } else {
        out.verdict = stale(out, "the timer's round or step has passed");
        return out;
    }
    evaluate(now_ms, out);
    return out;
}

Verdict Machine::buffer(Message message, std::uint64_t height, Output& out) {
    if (started_ && height > start_.height + config_.future_heights_max)
        return stale(out, "the message is for a height too far ahead");
    const bool is_proposal = std::holds_alternative<Proposal>(message);
    const std::size_t votes = buffered_.size() - buffered_proposals_;
    if (is_proposal ? buffered_proposals_ >= config_.buffered_proposals_max : votes >= config_.buffered_votes_max)
        return stale(out, "the buffer of messages for later heights is full");
    if (is_proposal) ++buffered_proposals_;
    buffered_.push_back(std::move(message));
    return Verdict::Buffered;
}

void Machine::replay_buffered(std::int64_t now_ms, Output& out) {
    std::deque<Message> pending;
    pending.swap(buffered_);
    buffered_proposals_ = 0;
    const char* reason = out.reason;
    for (Message& message : pending) {
        if (Proposal* p = std::get_if<Proposal>(&message)) {
            if (p->height >= start_.height) handle_proposal(*p, now_ms, /*verified=*/false, out);
        } else {
            const Vote& v = std::get<Vote>(message);
            if (v.height >= start_.height) handle_vote(v, /*verified=*/false, out);
        }
    }
    out.reason = reason; // the verdicts of replayed messages are not the caller's
}

void Machine::note_round(const PublicKey& key, std::uint32_t round) {
    auto [it, inserted] = highest_round_.emplace(key, round);
    if (!inserted) it->second = std::max(it->second, round);
}

Verdict Machine::handle_proposal(const Proposal& p, std::int64_t now_ms, bool verified, Output& out) {
    if (!started_ || p.height > start_.height) return buffer(p, p.height, out);
    if (p.height < start_.height || decided_) return stale(out, "the proposal is for a finished height");
    if (p.round > kRoundMax || p.pol_round < kNoRound || p.pol_round >= static_cast<std::int64_t>(p.round))
        return invalid(out, "the proposal's round or proof-of-lock round is out of range");
    const PublicKey& proposer_key = proposer(p.round);
    // A fresh block is its proposer's own; a re-proposal keeps its header.
    if (p.pol_round == kNoRound && p.block.header.proposer != proposer_key)
        return invalid(out, "a fresh proposal's block must name the round's proposer");
    const bool kept = static_cast<std::uint64_t>(p.round) <= std::uint64_t{round_} + config_.future_rounds_kept_max;
    const Hash256 hash = p.block.header.hash();
    if (kept) {
        for (const ProposalEntry& entry : rounds_[p.round].proposals)
            if (entry.hash == hash) return Verdict::Duplicate;
    }
    if (!verified && !verify(proposer_key, p.signing_digest(config_.group_id), p.signature))
        return invalid(out, "the proposal is not signed by the round's proposer");
    note_round(proposer_key, p.round);
    if (!kept) return Verdict::Accepted; // counts only towards a round skip
    if (p.pol_round != kNoRound && !pol_proven(p, hash, verified))
        return invalid(out, "the re-proposal's proof of lock is not a quorum of valid prevotes");
    RoundState& rs = rounds_[p.round];
    Verdict verdict = Verdict::Accepted;
    if (!rs.proposals.empty()) {
        // The proposer signed two blocks for one round: keep the second only
        // as a possible decision (others may have voted for it).
        verdict = Verdict::Evidence;
        const EvidenceKey key{proposer_key, p.round, static_cast<std::uint8_t>(EvidenceKind::Proposal)};
        if (evidence_seen_.insert(key).second)
            out.evidence.push_back(DoubleProposal{proposer_key, rs.proposals.front().proposal.summary(), p.summary()});
        if (rs.proposals.size() >= kProposalsPerRoundMax) return verdict;
    }
    rs.proposals.push_back(ProposalEntry{p, hash, timely(p.block, p.round, now_ms)});
    // The proof's prevotes count like any others (and show up equivocation).
    for (const CommitSignature& s : p.pol_signatures)
        handle_vote(pol_vote(p.height, p.pol_round, hash, s), /*verified=*/true, out);
    return verdict;
}

// More than 2/3 of the validators, each once, each signature valid.
bool Machine::pol_proven(const Proposal& p, const Hash256& hash, bool verified) const {
    std::vector<PublicKey> seen;
    for (const CommitSignature& s : p.pol_signatures) {
        if (!validator_index(s.validator) || std::find(seen.begin(), seen.end(), s.validator) != seen.end())
            return false;
        const Vote vote = pol_vote(p.height, p.pol_round, hash, s);
        if (!verified && !verify(s.validator, vote.signing_digest(config_.group_id), s.signature)) return false;
        seen.push_back(s.validator);
    }
    return seen.size() >= quorum_;
}

Verdict Machine::handle_vote(const Vote& v, bool verified, Output& out) {
    if (!started_ || v.height > start_.height) return buffer(v, v.height, out);
    if (v.height < start_.height || decided_) return stale(out, "the vote is for a finished height");
    if (v.round > kRoundMax) return invalid(out, "the vote's round is out of range");
    if (!validator_index(v.validator)) return invalid(out, "the vote is not from a validator of this height");
    const bool kept = static_cast<std::uint64_t>(v.round) <= std::uint64_t{round_} + config_.future_rounds_kept_max;
    VoteSet* set = nullptr;
    if (kept) {
        RoundState& rs = rounds_[v.round];
        set = v.type == VoteType::Prevote ? &rs.prevotes : &rs.precommits;
        const auto it = set->by_validator.find(v.validator);
        if (it != set->by_validator.end()) {
            if (it->second.block_hash == v.block_hash) return Verdict::Duplicate;
            if (!verify(v.validator, v.signing_digest(config_.group_id), v.signature))
                return invalid(out, "the vote's signature is not valid");
            // Only the first vote of a validator in a slot counts.
            const EvidenceKey key{v.validator, v.round, static_cast<std::uint8_t>(v.type)};
            if (evidence_seen_.insert(key).second) out.evidence.push_back(DoubleVote{it->second, v});
            return Verdict::Evidence;
        }
    }
    if (!verified && !verify(v.validator, v.signing_digest(config_.group_id), v.signature))
        return invalid(out, "the vote's signature is not valid");
    note_round(v.validator, v.round);
    if (set) {
        set->by_validator.emplace(v.validator, v);
        ++set->count_by_value[v.block_hash];
    }
    return Verdict::Accepted;
}

// Checks of the block that do not depend on the round it came in.
bool Machine::block_well_formed(const Block& block) const {
    const BlockHeader& h = block.header;
    if (h.version != 1 || h.group_id != config_.group_id || h.height != start_.height) return false;
    if (h.previous_hash != start_.previous_hash) return false;
    // Block time never goes backwards.
    if (h.time_s < start_.previous_time_s) return false;
    if (!validator_index(h.proposer)) return false;
    if (block.transactions.size() > kBlockTransactionsMax) return false;
    std::vector<Hash256> ids;
    ids.reserve(block.transactions.size());
    for (const Transaction& tx : block.transactions) ids.push_back(tx.id());
    return merkle_root(ids) == h.transactions_root;
}

bool Machine::timely(const Block& block, std::uint32_t round, std::int64_t now_ms) const {
    const std::int64_t time_s = block.header.time_s;
    if (time_s > kTimeSecondsMax || time_s < -kTimeSecondsMax) return false;
    const std::int64_t time_ms = time_s * 1000;
    // Not ahead of our clock by more than two clocks can differ; not older
    // than the clock difference plus the delivery delay plus the rounding.
    return time_ms - config_.clock_drift_max_ms <= now_ms &&
           now_ms <= time_ms + config_.clock_drift_max_ms + config_.message_delay_ms(round) + kBlockTimeGranularityMs;
}

bool Machine::block_valid(const ProposalEntry& entry) {
    const auto it = validity_.find(entry.hash);
    if (it != validity_.end()) return it->second;
    const bool valid = block_well_formed(entry.proposal.block) && app_.validate_block(entry.proposal.block);
    validity_.emplace(entry.hash, valid);
    return valid;
}

} // namespace chain::consensus
