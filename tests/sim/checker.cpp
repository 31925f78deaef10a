#include "checker.h"

namespace sim {

using chain::consensus::Message;
using chain::consensus::Proposal;
using chain::consensus::Record;
using chain::consensus::Vote;

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
    // At least one correct validator found the time timely when it prevoted,
    // on a clock at most clock_skew_max_ms ahead of the true time.
    const std::int64_t ahead_ms = block.header.time_s * 1000 - true_now_ms;
    if (ahead_ms > clock_skew_max_ms_ + clock_drift_max_ms_)
        fail("block time: " + where + " has a time " + std::to_string(ahead_ms) +
             " ms ahead of the true time, beyond the correct clocks' bound");
    committed_.emplace(height, Committed{hash, state_root, node, certificate.round});
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

void Checker::check_proposal(std::size_t node, const PublicKey& key, const Proposal& proposal) {
    const Hash256 hash = proposal.block.header.hash();
    const auto [it, inserted] = proposals_.emplace(std::make_tuple(key, proposal.height, proposal.round), hash);
    if (!inserted && it->second != hash)
        fail("double proposal: correct validator node " + std::to_string(node) + " proposed two blocks at height " +
             std::to_string(proposal.height) + " round " + std::to_string(proposal.round));
}

void Checker::on_output(std::size_t node, const PublicKey& key, const chain::consensus::Output& output,
                        const std::vector<Record>& records) {
    for (const Record& record : output.persist) {
        if (const Vote* v = std::get_if<Vote>(&record)) check_vote(node, *v);
        if (const Proposal* p = std::get_if<Proposal>(&record)) check_proposal(node, key, *p);
    }
    const auto persisted = [&](const chain::Signature& signature) {
        for (const Record& record : records) {
            if (const Vote* v = std::get_if<Vote>(&record); v && v->signature == signature) return true;
            if (const Proposal* p = std::get_if<Proposal>(&record); p && p->signature == signature) return true;
        }
        return false;
    };
    for (const Message& message : output.broadcast) {
        const Vote* v = std::get_if<Vote>(&message);
        if (v && v->validator != key) continue;
        const chain::Signature& signature = v ? v->signature : std::get<Proposal>(message).signature;
        if (!persisted(signature))
            fail("persist before send: correct validator node " + std::to_string(node) +
                 " broadcast a signed message that is not in its persisted records");
        if (v) check_vote(node, *v);
        else check_proposal(node, key, std::get<Proposal>(message));
    }
}

} // namespace sim
