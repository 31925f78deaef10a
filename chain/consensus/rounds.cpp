// The round steps of the machine: the "upon" rules of Algorithm 1 in the
// Tendermint paper (arXiv 1807.04938), line numbers given at each rule, with
// the proposer-based-timestamp change to line 22 (a fresh proposal must be
// timely to get a prevote).

#include "consensus/consensus.h"
#include "consensus/internal.h"

#include <algorithm>

namespace chain::consensus {

namespace {
// The rules one input sets off run one after another (a proposal lets us
// prevote, our prevote completes a quorum, we precommit, ...). Every pass that
// changes something moves the step or the round forward, so a few passes
// always settle; more would mean a rule that fires without progress.
constexpr int kEvaluatePassesMax = 16;
} // namespace

void Machine::start_round(std::uint32_t round, std::int64_t now_ms, Output& out) {
    CONSENSUS_ASSERT(round >= round_);
    CONSENSUS_ASSERT(round <= kRoundMax);
    round_ = round;
    step_ = Step::Propose;
    // Every validator, the proposer too, waits at most this long for a
    // proposal: the proposer's own block may turn out invalid or untimely.
    schedule(TimeoutKind::Propose, round_, out);
    if (own_index_ && proposer(round_) == key_->public_key()) propose(now_ms, out);
}

// Line 14: the proposer re-proposes the block that last won a quorum of
// prevotes it saw (keeping that block's time), or else builds a new one.
void Machine::propose(std::int64_t now_ms, Output& out) {
    Proposal p;
    if (const auto it = own_proposals_.find(round_); it != own_proposals_.end()) {
        p = it->second; // signed before a restart: send the very same again
        out.broadcast.push_back(p);
    } else {
        p.height = start_.height;
        p.round = round_;
        if (valid_block_ && valid_round_ < static_cast<std::int64_t>(round_)) {
            CONSENSUS_ASSERT(valid_pol_.size() >= quorum_);
            p.block = *valid_block_;
            p.pol_round = valid_round_;
            p.pol_signatures = valid_pol_;
        } else {
            p.block = app_.build_block(start_.height, round_, now_ms);
            p.pol_round = kNoRound;
            CONSENSUS_ASSERT(p.block.header.proposer == key_->public_key());
            CONSENSUS_ASSERT(block_well_formed(p.block));
        }
        p.sign(config_.group_id, *key_);
        own_proposals_.emplace(round_, p);
        out.persist.push_back(p);
        out.broadcast.push_back(p);
    }
    handle_proposal(p, now_ms, /*verified=*/true, out);
}

void Machine::evaluate(std::int64_t now_ms, Output& out) {
    for (int pass = 0; pass < kEvaluatePassesMax; ++pass) {
        if (decided_ || try_decide(out)) return;
        bool changed = try_skip_round(now_ms, out);
        changed = try_prevote_proposal(out) || changed;
        changed = try_lock(out) || changed;
        changed = try_precommit_nil(out) || changed;
        try_set_vote_timers(out);
        if (!changed) return;
    }
    CONSENSUS_ASSERT(!"the consensus rules did not settle");
}

// Line 49: a quorum of precommits for a valid proposal of any round decides.
bool Machine::try_decide(Output& out) {
    for (auto& [round, rs] : rounds_) {
        if (rs.precommits.total() < quorum_) continue;
        for (const ProposalEntry& entry : rs.proposals) {
            if (rs.precommits.count(entry.hash) < quorum_ || !block_valid(entry)) continue;
            Decision decision;
            decision.block = entry.proposal.block;
            CommitCertificate& certificate = decision.certificate;
            certificate.height = start_.height;
            certificate.round = round;
            certificate.block_hash = entry.hash;
            // by_validator is ordered by key, so the certificate is too.
            for (const auto& [validator, vote] : rs.precommits.by_validator)
                if (vote.block_hash == entry.hash) certificate.signatures.push_back({validator, vote.signature});
            CONSENSUS_ASSERT(certificate.signatures.size() >= quorum_);
            decided_ = true;
            out.decision = std::move(decision);
            return true;
        }
    }
    return false;
}

// Line 55: messages from more than 1/3 of the validators in higher rounds
// mean at least one correct validator is there: follow it to the highest
// round that more than 1/3 have reached.
bool Machine::try_skip_round(std::int64_t now_ms, Output& out) {
    std::vector<std::uint32_t> ahead;
    for (const auto& [validator, round] : highest_round_)
        if (round > round_) ahead.push_back(round);
    if (ahead.size() < skip_threshold_) return false;
    std::sort(ahead.begin(), ahead.end(), std::greater<>());
    start_round(ahead[skip_threshold_ - 1], now_ms, out);
    return true;
}

// Lines 22 and 28: prevote for the round's proposal, or nil.
bool Machine::try_prevote_proposal(Output& out) {
    if (step_ != Step::Propose) return false;
    const auto it = rounds_.find(round_);
    if (it == rounds_.end() || it->second.proposals.empty()) return false;
    // The first proposal received is the one judged; a second one from an
    // equivocating proposer only ever counts through others' votes.
    const ProposalEntry& entry = it->second.proposals.front();
    const Hash256 hash = entry.hash;
    const std::int32_t pol_round = entry.proposal.pol_round;
    const Config::Mutations& mutations = config_.mutations; // off outside tests
    bool accept = false;
    if (pol_round == kNoRound) {
        const bool lock_allows = locked_round_ == kNoRound || locked_hash_ == hash || mutations.skip_lock_rule;
        accept = entry.timely && block_valid(entry) && lock_allows;
    } else {
        // A re-proposal is stored only with its proof of lock (a quorum of
        // prevotes for the block in pol_round), so line 28 holds here.
        const bool lock_allows = locked_round_ <= pol_round || locked_hash_ == hash || mutations.skip_valid_round_rule;
        accept = block_valid(entry) && lock_allows;
    }
    prevote(accept ? std::optional<Hash256>(hash) : std::nullopt, out);
    return true;
}

// Line 36: a quorum of prevotes for a valid proposal of this round makes it
// the valid block, and, if we are still prevoting, our lock and precommit.
bool Machine::try_lock(Output& out) {
    if (step_ == Step::Propose) return false;
    const auto it = rounds_.find(round_);
    if (it == rounds_.end()) return false;
    RoundState& rs = it->second;
    if (rs.valid_updated || rs.prevotes.total() < quorum_) return false;
    for (const ProposalEntry& entry : rs.proposals) {
        if (rs.prevotes.count(entry.hash) < quorum_ || !block_valid(entry)) continue;
        rs.valid_updated = true;
        const Hash256 hash = entry.hash;
        const Block block = entry.proposal.block;
        std::vector<CommitSignature> pol;
        for (const auto& [validator, vote] : rs.prevotes.by_validator)
            if (vote.block_hash == hash) pol.push_back(CommitSignature{validator, vote.signature});
        CONSENSUS_ASSERT(pol.size() >= quorum_);
        if (step_ == Step::Prevote) precommit(hash, &block, &pol, out);
        valid_round_ = static_cast<std::int32_t>(round_);
        valid_block_ = block;
        valid_pol_ = std::move(pol);
        return true;
    }
    return false;
}

// Line 44: a quorum of nil prevotes: precommit nil.
bool Machine::try_precommit_nil(Output& out) {
    if (step_ != Step::Prevote) return false;
    const auto it = rounds_.find(round_);
    if (it == rounds_.end() || it->second.prevotes.count(std::nullopt) < quorum_) return false;
    precommit(std::nullopt, nullptr, nullptr, out);
    return true;
}

// Lines 34 and 47: once a quorum has voted, wait a bounded time for the
// votes to agree, then move on.
void Machine::try_set_vote_timers(Output& out) {
    const auto it = rounds_.find(round_);
    if (it == rounds_.end()) return;
    RoundState& rs = it->second;
    if (step_ == Step::Prevote && !rs.prevote_timer_set && rs.prevotes.total() >= quorum_) {
        rs.prevote_timer_set = true;
        schedule(TimeoutKind::Prevote, round_, out);
    }
    if (!rs.precommit_timer_set && rs.precommits.total() >= quorum_) {
        rs.precommit_timer_set = true;
        schedule(TimeoutKind::Precommit, round_, out);
    }
}

void Machine::prevote(const std::optional<Hash256>& value, Output& out) {
    step_ = Step::Prevote;
    if (own_index_) sign_vote(VoteType::Prevote, value, out);
}

// The lock is persisted before the precommit that it goes with, so that a
// restart that knows of the precommit also knows of the lock.
void Machine::precommit(const std::optional<Hash256>& value, const Block* block,
                        const std::vector<CommitSignature>* pol, Output& out) {
    step_ = Step::Precommit;
    if (!own_index_) return;
    const bool signed_before = own_votes_.count({round_, VoteType::Precommit}) != 0;
    if (value && !signed_before) {
        CONSENSUS_ASSERT(block != nullptr && pol != nullptr);
        CONSENSUS_ASSERT(block->header.hash() == *value);
        locked_round_ = static_cast<std::int32_t>(round_);
        locked_block_ = *block;
        locked_hash_ = *value;
        out.persist.push_back(LockRecord{start_.height, round_, *block, *pol});
    }
    sign_vote(VoteType::Precommit, value, out);
}

// Signs at most one vote per (round, type) in a height: a slot signed before
// (before a restart) keeps its vote, which is sent again instead.
Vote Machine::sign_vote(VoteType type, const std::optional<Hash256>& value, Output& out) {
    CONSENSUS_ASSERT(own_index_.has_value());
    const auto slot = std::make_pair(round_, type);
    if (const auto it = own_votes_.find(slot); it != own_votes_.end()) {
        out.broadcast.push_back(it->second);
        handle_vote(it->second, /*verified=*/true, out);
        return it->second;
    }
    Vote vote;
    vote.type = type;
    vote.height = start_.height;
    vote.round = round_;
    vote.block_hash = value;
    vote.sign(config_.group_id, *key_);
    own_votes_.emplace(slot, vote);
    out.persist.push_back(vote);
    out.broadcast.push_back(vote);
    const Verdict counted = handle_vote(vote, /*verified=*/true, out);
    CONSENSUS_ASSERT(counted == Verdict::Accepted || counted == Verdict::Duplicate);
    return vote;
}

void Machine::resend(Output& out) const {
    if (const auto it = own_proposals_.find(round_); it != own_proposals_.end()) out.broadcast.push_back(it->second);
    resend_votes(out);
}

// The newest rounds first: a peer that is behind needs our latest votes to
// catch up (or skip rounds), and the bound keeps one output small.
void Machine::resend_votes(Output& out) const {
    std::size_t sent = 0;
    for (auto it = own_votes_.rbegin(); it != own_votes_.rend() && sent < config_.resend_votes_max; ++it, ++sent)
        out.broadcast.push_back(it->second);
}

void Machine::schedule(TimeoutKind kind, std::uint32_t round, Output& out) const {
    out.timers.push_back(Timer{start_.height, round, kind, config_.timeouts.duration_ms(kind, round)});
}

} // namespace chain::consensus
