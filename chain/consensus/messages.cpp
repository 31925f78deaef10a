#include "consensus/messages.h"

namespace chain::consensus {

namespace {

enum class MessageKind : std::uint8_t { Proposal = 1, Vote = 2 };
enum class RecordKind : std::uint8_t { Proposal = 1, Vote = 2, Lock = 3 };

std::uint32_t wire_round(std::int32_t round) {
    return round == kNoRound ? kWireNoRound : static_cast<std::uint32_t>(round);
}

// Reads a round that must be a real round (not "none").
std::uint32_t read_round(codec::Reader& r) {
    const std::uint32_t round = r.u32();
    if (round > kRoundMax) r.fail();
    return round;
}

// A proof-of-lock round is "none" or an earlier round of the same height.
std::int32_t read_pol_round(codec::Reader& r, std::uint32_t round) {
    const std::uint32_t wire = r.u32();
    if (wire == kWireNoRound) return kNoRound;
    if (wire >= round) r.fail();
    return r.ok() ? static_cast<std::int32_t>(wire) : kNoRound;
}

void encode_pol(codec::Writer& w, const std::vector<CommitSignature>& signatures) {
    w.u32(static_cast<std::uint32_t>(signatures.size()));
    for (const CommitSignature& s : signatures) {
        w.fixed(s.validator);
        w.fixed(s.signature);
    }
}

std::vector<CommitSignature> decode_pol(codec::Reader& r) {
    const std::uint32_t count = r.count(kPolSignaturesMax);
    std::vector<CommitSignature> signatures;
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        CommitSignature s;
        s.validator = r.fixed<33>();
        s.signature = r.fixed<64>();
        signatures.push_back(s);
    }
    return signatures;
}

} // namespace

Vote pol_vote(std::uint64_t height, std::int32_t pol_round, const Hash256& block_hash, const CommitSignature& s) {
    Vote vote;
    vote.type = VoteType::Prevote;
    vote.height = height;
    vote.round = static_cast<std::uint32_t>(pol_round);
    vote.block_hash = block_hash;
    vote.validator = s.validator;
    vote.signature = s.signature;
    return vote;
}

const char* vote_type_name(VoteType type) { return type == VoteType::Prevote ? "prevote" : "precommit"; }

Hash256 ProposalSummary::signing_digest(const Hash256& group_id) const {
    codec::Writer w;
    w.fixed(group_id);
    w.u64(height);
    w.u32(round);
    w.u32(wire_round(pol_round));
    w.fixed(block_hash);
    return crypto::tagged_hash(kProposalDomain, w.data());
}

ProposalSummary Proposal::summary() const {
    return ProposalSummary{height, round, pol_round, block.header.hash(), signature};
}

void Proposal::sign(const Hash256& group_id, const crypto::KeyPair& key) {
    signature = key.sign(signing_digest(group_id));
}

bool Proposal::signature_valid(const Hash256& group_id, const PublicKey& proposer) const {
    return crypto::verify(proposer, signing_digest(group_id), signature);
}

Hash256 Vote::signing_digest(const Hash256& group_id) const {
    // The precommit for a block is the certificate's own digest, so that a
    // quorum of precommits is a commit certificate as it stands.
    if (type == VoteType::Precommit && block_hash)
        return CommitCertificate::vote_digest(group_id, height, round, *block_hash);
    codec::Writer w;
    w.fixed(group_id);
    w.u64(height);
    w.u32(round);
    if (type == VoteType::Precommit) return crypto::tagged_hash(kPrecommitNilDomain, w.data());
    w.boolean(block_hash.has_value());
    if (block_hash) w.fixed(*block_hash);
    return crypto::tagged_hash(kPrevoteDomain, w.data());
}

void Vote::sign(const Hash256& group_id, const crypto::KeyPair& key) {
    validator = key.public_key();
    signature = key.sign(signing_digest(group_id));
}

bool Vote::signature_valid(const Hash256& group_id) const {
    return crypto::verify(validator, signing_digest(group_id), signature);
}

bool Vote::same_slot(const Vote& other) const {
    return type == other.type && height == other.height && round == other.round && validator == other.validator;
}

std::uint64_t record_height(const Record& record) {
    return std::visit([](const auto& r) { return r.height; }, record);
}

Bytes encode_message(const Message& message) {
    codec::Writer w;
    if (const Proposal* p = std::get_if<Proposal>(&message)) {
        w.u8(static_cast<std::uint8_t>(MessageKind::Proposal));
        codec::encode(w, *p);
    } else {
        w.u8(static_cast<std::uint8_t>(MessageKind::Vote));
        codec::encode(w, std::get<Vote>(message));
    }
    return w.take();
}

std::optional<Message> decode_message(ByteView data) {
    if (data.size() > kMessageBytesMax) return std::nullopt;
    codec::Reader r(data);
    const std::uint8_t kind = r.u8();
    Message message;
    if (kind == static_cast<std::uint8_t>(MessageKind::Proposal)) {
        Proposal p;
        codec::decode(r, p);
        message = std::move(p);
    } else if (kind == static_cast<std::uint8_t>(MessageKind::Vote)) {
        if (data.size() > kVoteBytesMax) return std::nullopt;
        Vote v;
        codec::decode(r, v);
        message = v;
    } else {
        return std::nullopt;
    }
    if (!r.finished()) return std::nullopt;
    return message;
}

Bytes encode_record(const Record& record) {
    codec::Writer w;
    w.u8(static_cast<std::uint8_t>(record.index() + 1));
    std::visit([&](const auto& r) { codec::encode(w, r); }, record);
    return w.take();
}

std::optional<Record> decode_record(ByteView data) {
    if (data.size() > kRecordBytesMax) return std::nullopt;
    codec::Reader r(data);
    const std::uint8_t kind = r.u8();
    Record record;
    switch (static_cast<RecordKind>(kind)) {
    case RecordKind::Proposal: record.emplace<Proposal>(); break;
    case RecordKind::Vote: record.emplace<Vote>(); break;
    case RecordKind::Lock: record.emplace<LockRecord>(); break;
    default: return std::nullopt;
    }
    std::visit([&](auto& value) { codec::decode(r, value); }, record);
    if (!r.finished()) return std::nullopt;
    return record;
}

} // namespace chain::consensus

namespace chain::codec {

void encode(Writer& w, const consensus::Proposal& v) {
    w.u64(v.height);
    w.u32(v.round);
    w.u32(consensus::wire_round(v.pol_round));
    encode(w, v.block);
    consensus::encode_pol(w, v.pol_signatures);
    w.fixed(v.signature);
}

void decode(Reader& r, consensus::Proposal& v) {
    v.height = r.u64();
    v.round = consensus::read_round(r);
    v.pol_round = consensus::read_pol_round(r, v.round);
    decode(r, v.block);
    v.pol_signatures = consensus::decode_pol(r);
    // A proof of lock belongs to a re-proposal only.
    if (v.pol_round == consensus::kNoRound && !v.pol_signatures.empty()) r.fail();
    v.signature = r.fixed<64>();
}

void encode(Writer& w, const consensus::Vote& v) {
    w.u8(static_cast<std::uint8_t>(v.type));
    w.u64(v.height);
    w.u32(v.round);
    w.boolean(v.block_hash.has_value());
    if (v.block_hash) w.fixed(*v.block_hash);
    w.fixed(v.validator);
    w.fixed(v.signature);
}

void decode(Reader& r, consensus::Vote& v) {
    const std::uint8_t type = r.u8();
    if (type < 1 || type > consensus::kVoteTypeLast) r.fail();
    v.type = static_cast<consensus::VoteType>(type);
    v.height = r.u64();
    v.round = consensus::read_round(r);
    v.block_hash.reset();
    if (r.boolean()) v.block_hash = r.fixed<32>();
    v.validator = r.fixed<33>();
    v.signature = r.fixed<64>();
}

void encode(Writer& w, const consensus::LockRecord& v) {
    w.u64(v.height);
    w.u32(v.round);
    encode(w, v.block);
    consensus::encode_pol(w, v.pol_signatures);
}

void decode(Reader& r, consensus::LockRecord& v) {
    v.height = r.u64();
    v.round = consensus::read_round(r);
    decode(r, v.block);
    v.pol_signatures = consensus::decode_pol(r);
}

} // namespace chain::codec
