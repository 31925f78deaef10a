#include "checker.h"

#include <algorithm>
#include <set>

namespace sim {

using chain::consensus::kNoRound;
using chain::consensus::Message;
using chain::consensus::Proposal;
using chain::consensus::Record;
using chain::consensus::Vote;
using chain::consensus::VoteType;

std::string short_hex(const Hash256& hash) { return chain::codec::to_hex(chain::ByteView(hash.data(), 6)); }

Checker::Checker(const Hash256& group_id, std::int64_t clock_skew_max_ms, std::int64_t clock_drift_max_ms,
                 VerifyCache& cache)
    : group_id_(group_id), clock_skew_max_ms_(clock_skew_max_ms), clock_drift_max_ms_(clock_drift_max_ms),
      cache_(cache) {}

void Checker::fail(std::string what) {
    if (!violation_) violation_ = std::move(what);
}

std::optional<std::uint32_t> Checker::committed_round(std::uint64_t height) const {
    const auto it = committed_.find(height);
    if (it == committed_.end()) return std::nullopt;
    return it->second.round;
}

void Checker::on_commit(std::size_t node, const CommittedBlock& committed, const std::vector<PublicKey>& validators,
                        const Hash256& state_root, std::int64_t true_now_ms) {
    const Block& block = committed.block;
    const CommitCertificate& certificate = committed.certificate;
    const std::uint64_t height = block.header.height;
    const Hash256 hash = block.header.hash();
    const std::string where = "height " + std::to_string(height) + " on node " + std::to_string(node);
    if (certificate.height != height || certificate.block_hash != hash ||
        !cache_.certificate_valid(certificate, group_id_, validators)) {
        fail("invalid certificate: " + where + " committed a block whose certificate certificate_valid refuses");
        return;
    }
    const auto it = committed_.find(height);
    if (it != committed_.end()) {
        if (it->second.hash != hash)
            fail("fork: " + where + " committed " + short_hex(hash) + " but node " + std::to_string(it->second.node) +
                 " committed " + short_hex(it->second.hash));
        else if (it->second.state_root != state_root)
            fail("state roots differ: " + where + " computed " + short_hex(state_root) + ", node " +
                 std::to_string(it->second.node) + " computed " + short_hex(it->second.state_root));
        return;
    }
    check_block_time(where, committed, true_now_ms);
    committed_.emplace(height, Committed{hash, state_root, node, certificate.round, block.header.time_s, true_now_ms});
}

// docs/CONSENSUS.md section 6. A block is committed only after a correct
// validator found its fresh proposal timely on its own clock (a re-proposal
// keeps the time of the fresh one), and that validator had started the
// height, so had seen the previous block committed. Hence, in true time:
//   ahead:   time <= now + skew + drift;
//   behind:  time >= previous time, and time >= (when the previous block was
//            first committed) - skew - drift - message_delay(round) - rounding,
//            with `round` that of the certificate (the fresh proposal's round
//            is at most that). Nothing bounds how far a block's time is behind
//            the moment it is committed: it may be re-proposed for many rounds.
void Checker::check_block_time(const std::string& where, const CommittedBlock& committed, std::int64_t true_now_ms) {
    const std::int64_t time_s = committed.block.header.time_s;
    const std::uint64_t height = committed.block.header.height;
    const std::int64_t ahead_ms = time_s * 1000 - true_now_ms;
    if (ahead_ms > clock_skew_max_ms_ + clock_drift_max_ms_)
        return fail("block time: " + where + " has a time " + std::to_string(ahead_ms) +
                    " ms ahead of the true time, beyond the correct clocks' bound");
    bool start_known = height == 1 && start_ms_.has_value();
    std::int64_t earliest_start_ms = start_ms_.value_or(0);
    if (const auto previous = committed_.find(height - 1); previous != committed_.end()) {
        if (time_s < previous->second.time_s)
            return fail("block time: " + where + " has a time before the previous block's");
        start_known = true;
        earliest_start_ms = previous->second.first_true_ms;
    }
    if (!start_known) return;
    const std::int64_t slack_ms = clock_skew_max_ms_ + clock_drift_max_ms_ +
                                  bounds_.message_delay_ms(committed.certificate.round) +
                                  chain::consensus::kBlockTimeGranularityMs;
    const std::int64_t behind_ms = earliest_start_ms - time_s * 1000;
    if (behind_ms > slack_ms)
        fail("block time: " + where + " has a time " + std::to_string(behind_ms) +
             " ms before the height could start, beyond the delay bound");
}

void Checker::set_block_time_bounds(const chain::consensus::Config& config, std::int64_t start_ms) {
    bounds_.message_delay_max_ms = config.message_delay_max_ms;
    bounds_.message_delay_round_delta_ms = config.message_delay_round_delta_ms;
    start_ms_ = start_ms;
}

void Checker::on_decision(std::size_t node, const std::vector<CommittedBlock>& chain,
                          const chain::consensus::Decision& decision) {
    const std::uint64_t height = decision.block.header.height;
    const Hash256 hash = decision.block.header.hash();
    const auto it = committed_.find(height);
    const bool differs_here = height >= 1 && height <= chain.size() && chain[height - 1].block.header.hash() != hash;
    if (differs_here || (it != committed_.end() && it->second.hash != hash))
        fail("fork: node " + std::to_string(node) + " decided " + short_hex(hash) + " at height " +
             std::to_string(height) + ", another block was committed there");
}

void Checker::check_vote(std::size_t node, const Vote& vote) {
    const auto key = std::make_tuple(vote.validator, vote.height, vote.round, static_cast<std::uint8_t>(vote.type));
    const auto [it, inserted] = votes_.emplace(key, vote.block_hash);
    if (!inserted && it->second != vote.block_hash)
        fail("double signing: correct validator node " + std::to_string(node) + " signed two different " +
             chain::consensus::vote_type_name(vote.type) + "s at height " + std::to_string(vote.height) +
             " round " + std::to_string(vote.round));
}

void Checker::on_proposal_seen(const Proposal& proposal, const std::vector<PublicKey>& validators) {
    const Hash256 hash = proposal.block.header.hash();
    const ProposalKey key{proposal.height, proposal.round, hash};
    const auto it = pol_rounds_seen_.find(key);
    if (it != pol_rounds_seen_.end() && it->second >= proposal.pol_round) return;
    if (proposal.pol_round != kNoRound) {
        // The proof of lock: prevotes of a quorum of distinct validators.
        std::set<PublicKey> signers;
        for (const chain::CommitSignature& s : proposal.pol_signatures) {
            const bool member = std::find(validators.begin(), validators.end(), s.validator) != validators.end();
            const Vote vote = chain::consensus::pol_vote(proposal.height, proposal.pol_round, hash, s);
            if (member && cache_.verify(s.validator, vote.signing_digest(group_id_), s.signature))
                signers.insert(s.validator);
        }
        if (signers.size() < chain::commit_quorum(validators.size())) return;
    }
    pol_rounds_seen_[key] = proposal.pol_round;
}

// Line 22 and 28 of the algorithm, seen from outside: a prevote for a block
// other than the lock needs a re-proposal whose proof of lock is not older
// than the lock.
void Checker::check_lock(std::size_t node, const Vote& vote) {
    if (!lock_check_ || !vote.block_hash) return;
    const auto lock = locks_.find({vote.validator, vote.height});
    if (vote.type == VoteType::Precommit) {
        if (lock == locks_.end() || lock->second.round <= vote.round)
            locks_[{vote.validator, vote.height}] = Lock{vote.round, *vote.block_hash};
        return;
    }
    if (lock == locks_.end() || lock->second.round >= vote.round || lock->second.hash == *vote.block_hash) return;
    const auto seen = pol_rounds_seen_.find(ProposalKey{vote.height, vote.round, *vote.block_hash});
    if (seen != pol_rounds_seen_.end() && seen->second >= static_cast<std::int32_t>(lock->second.round)) return;
    fail("amnesia: correct validator node " + std::to_string(node) + " precommitted " +
         short_hex(lock->second.hash) + " in round " + std::to_string(lock->second.round) + " at height " +
         std::to_string(vote.height) + ", then prevoted " + short_hex(*vote.block_hash) + " in round " +
         std::to_string(vote.round) + " with no proof of lock from round " + std::to_string(lock->second.round) +
         " or later" + (seen == pol_rounds_seen_.end() ? "" : " (its proposal's pol_round is " +
                                                                  std::to_string(seen->second) + ")"));
}

void Checker::check_proposal(std::size_t node, const PublicKey& key, const Proposal& proposal) {
    const Hash256 hash = proposal.block.header.hash();
    const auto [it, inserted] = proposals_.emplace(std::make_tuple(key, proposal.height, proposal.round), hash);
    if (!inserted && it->second != hash)
        fail("double proposal: correct validator node " + std::to_string(node) + " proposed two blocks at height " +
             std::to_string(proposal.height) + " round " + std::to_string(proposal.round));
}

void Checker::on_output(std::size_t node, const PublicKey& key, const chain::consensus::Output& output,
                        const std::vector<Record>& records) {
    on_saved(node, key, output.persist);
    on_sent(node, key, output.broadcast, records);
}

void Checker::on_saved(std::size_t node, const PublicKey& key, const std::vector<Record>& saved) {
    for (const Record& record : saved) {
        if (const Vote* v = std::get_if<Vote>(&record)) {
            check_vote(node, *v);
            check_lock(node, *v);
        }
        if (const Proposal* p = std::get_if<Proposal>(&record)) check_proposal(node, key, *p);
    }
}

void Checker::on_sent(std::size_t node, const PublicKey& key, const std::vector<Message>& sent,
                      const std::vector<Record>& durable) {
    const auto saved = [&](const chain::Signature& signature) {
        for (const Record& record : durable) {
            if (const Vote* v = std::get_if<Vote>(&record); v && v->signature == signature) return true;
            if (const Proposal* p = std::get_if<Proposal>(&record); p && p->signature == signature) return true;
        }
        return false;
    };
    for (const Message& message : sent) {
        const Vote* v = std::get_if<Vote>(&message);
        if (v && v->validator != key) continue;
        const chain::Signature& signature = v ? v->signature : std::get<Proposal>(message).signature;
        if (!saved(signature)) {
            const std::uint64_t height = v ? v->height : std::get<Proposal>(message).height;
            const std::uint32_t round = v ? v->round : std::get<Proposal>(message).round;
            fail("persist before send: correct validator node " + std::to_string(node) + " sent a " +
                 (v ? chain::consensus::vote_type_name(v->type) : "proposal") + " it had not saved durably (height " +
                 std::to_string(height) + " round " + std::to_string(round) + ")");
        }
        if (v) check_vote(node, *v);
        else check_proposal(node, key, std::get<Proposal>(message));
    }
}

} // namespace sim
