#include "state/verified_headers.h"

#include <algorithm>
#include <set>

namespace chain::state {

namespace {

std::optional<TrustedHeader> refuse(std::string* why, std::string text) {
    if (why) *why = std::move(text);
    return std::nullopt;
}

// The validator keys a proof of the validators table lists, when it checks
// against `state_root`; nullopt and *why otherwise.
std::optional<std::vector<PublicKey>> proven_validators(const Hash256& state_root, const TableProof& proof,
                                                        std::uint64_t height, std::string* why) {
    if (proof.table != TableId::Validators) {
        if (why) *why = "the proof of block " + std::to_string(height) + "'s validators is of another table";
        return std::nullopt;
    }
    if (const std::string problem = table_proof_problem(state_root, proof); !problem.empty()) {
        if (why) *why = "the validators of block " + std::to_string(height) + " do not check: " + problem;
        return std::nullopt;
    }
    std::vector<PublicKey> keys;
    for (const Entry& entry : proof.entries) {
        PublicKey key{};
        std::copy(entry.key.begin(), entry.key.end(), key.begin()); // key length checked by the proof
        keys.push_back(key);
    }
    if (keys.empty()) {
        if (why) *why = "block " + std::to_string(height) + " leaves the group without validators";
        return std::nullopt;
    }
    return keys;
}

} // namespace

TrustedHeader trust_genesis(const Genesis& genesis, const Hash256& genesis_state_root) {
    std::vector<PublicKey> validators = genesis.validators;
    std::sort(validators.begin(), validators.end());
    return TrustedHeader{0, genesis.group_id(), genesis_state_root, std::move(validators)};
}

std::optional<TrustedHeader> trust_checkpoint(const Hash256& group_id, std::uint64_t height, const Hash256& block_hash,
                                              const BlockHeader& header, const TableProof& validators,
                                              std::string* why) {
    if (header.group_id != group_id) return refuse(why, "the checkpoint's header is of another group");
    if (header.height != height || header.hash() != block_hash)
        return refuse(why, "the header offered for the checkpoint at block " + std::to_string(height) +
                               " is not the block it names");
    std::optional<std::vector<PublicKey>> next = proven_validators(header.state_root, validators, height, why);
    if (!next) return std::nullopt;
    return TrustedHeader{height, block_hash, header.state_root, std::move(*next)};
}

std::size_t trusted_signers(const CommitCertificate& certificate, const Hash256& group_id,
                            const std::vector<PublicKey>& trusted) {
    const Hash256 digest =
        CommitCertificate::vote_digest(group_id, certificate.height, certificate.round, certificate.block_hash);
    std::set<PublicKey> counted;
    for (const CommitSignature& s : certificate.signatures) {
        if (counted.contains(s.validator) || !std::binary_search(trusted.begin(), trusted.end(), s.validator)) continue;
        if (crypto::verify(s.validator, digest, s.signature)) counted.insert(s.validator);
    }
    return counted.size();
}

std::optional<TrustedHeader> verify_step(const Hash256& group_id, const TrustedHeader& trusted, const HeaderStep& step,
                                         std::string* why) {
    const BlockHeader& header = step.header;
    const std::string block = "block " + std::to_string(header.height);
    if (header.group_id != group_id) return refuse(why, block + " is of another group");
    if (header.height <= trusted.height)
        return refuse(why, block + " is not after the trusted block " + std::to_string(trusted.height));
    if (header.height == trusted.height + 1 && header.previous_hash != trusted.block_hash)
        return refuse(why, block + " does not follow the trusted block " + std::to_string(trusted.height));
    const Hash256 block_hash = header.hash();
    if (step.certificate.height != header.height || step.certificate.block_hash != block_hash)
        return refuse(why, "the certificate offered with " + block + " is for another block");
    const std::size_t signers = trusted_signers(step.certificate, group_id, trusted.next_validators);
    const std::size_t needed = commit_quorum(trusted.next_validators.size());
    if (signers < needed)
        return refuse(why, block + " is signed by " + std::to_string(signers) + " of the " +
                               std::to_string(trusted.next_validators.size()) + " validators trusted at block " +
                               std::to_string(trusted.height) + ", and needs " + std::to_string(needed) +
                               ": the headers where the validators changed in between are needed first");
    std::optional<std::vector<PublicKey>> next = proven_validators(header.state_root, step.validators, header.height, why);
    if (!next) return std::nullopt;
    return TrustedHeader{header.height, block_hash, header.state_root, std::move(*next)};
}

std::optional<std::string> conflict(const TrustedHeader& a, const TrustedHeader& b) {
    if (a.height != b.height || a.block_hash == b.block_hash) return std::nullopt;
    return "two different blocks " + std::to_string(a.height) +
           " are each signed by more than two thirds of the group's validators: more than a third of them signed "
           "both, which the rules forbid. Rateio stopped following the group; tell the other members, and trust "
           "neither block until the group has dealt with it";
}

} // namespace chain::state

namespace chain::codec {

// A header's encoding is far below this (fixed fields only).
constexpr std::size_t kHeaderBytesMax = 1024;
// kCertificateSignaturesMax signatures of 97 bytes each and the fixed fields
// fit well within this (the network's frame bound is the same, net/frame.h).
constexpr std::size_t kStepCertificateBytesMax = 64 * 1024;

void encode(Writer& w, const state::HeaderStep& v) {
    w.bytes(to_bytes(v.header));
    w.bytes(to_bytes(v.certificate));
    encode(w, v.validators);
}

void decode(Reader& r, state::HeaderStep& v) {
    v = state::HeaderStep{};
    const std::optional<BlockHeader> header = from_bytes<BlockHeader>(r.bytes(kHeaderBytesMax));
    const std::optional<CommitCertificate> certificate = from_bytes<CommitCertificate>(r.bytes(kStepCertificateBytesMax));
    if (!header || !certificate) {
        r.fail();
        return;
    }
    v.header = *header;
    v.certificate = *certificate;
    decode(r, v.validators);
}

} // namespace chain::codec
