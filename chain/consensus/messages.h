#pragma once
// Consensus messages (proposals and votes), the records a validator persists
// about what it signed, and evidence of double signing; with their signing
// digests and their one canonical encoding.
//
// Every signature covers a domain-separated digest that includes the group
// id, so a signature made in one group, or for one kind of message, can never
// be replayed as another. A precommit for a block is signed over exactly
// CommitCertificate::vote_digest, so more than two thirds of the precommits
// for one block, put side by side, are that block's commit certificate.
//
// Wire layout (see docs/CONSENSUS.md for the byte-by-byte description):
//   Message  = u8 kind (1 proposal, 2 vote) || body
//   Proposal = u64 height || u32 round || u32 pol_round (0xffffffff = none)
//              || Block || u32 count || (validator[33] || signature[64]) * count
//              || signature[64]
//   Vote     = u8 type (1 prevote, 2 precommit) || u64 height || u32 round
//              || bool has_hash || [hash[32]] || validator[33] || signature[64]
//   Record   = u8 kind (1 proposal, 2 vote, 3 lock) || body
//   Lock     = u64 height || u32 round || Block
//              || u32 count || (validator[33] || signature[64]) * count

#include "ledger/ledger.h"

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

namespace chain::consensus {

// A round number that means "none" (no proof-of-lock round, no lock).
inline constexpr std::int32_t kNoRound = -1;
// Rounds are u32 on the wire but pol_round and the lock rounds are int32 with
// -1 for none, so rounds above this are refused at decode.
inline constexpr std::uint32_t kRoundMax = 0x7fffffffu;
inline constexpr std::uint32_t kWireNoRound = 0xffffffffu;

// A proof of lock has one prevote signature per validator at most.
inline constexpr std::uint32_t kPolSignaturesMax = kValidatorsMax;
inline constexpr std::size_t kPolBytesMax = 4 + kPolSignaturesMax * (33 + 64);
// A proposal carries a whole block and a proof of lock; the rest is small.
inline constexpr std::size_t kProposalEnvelopeBytesMax = 1 + 8 + 4 + 4 + kPolBytesMax + 64;
inline constexpr std::size_t kMessageBytesMax = kBlockBytesMax + kProposalEnvelopeBytesMax;
inline constexpr std::size_t kVoteBytesMax = 1 + 1 + 8 + 4 + 1 + 32 + 33 + 64;
inline constexpr std::size_t kRecordBytesMax = kBlockBytesMax + 1 + 8 + 4 + kPolBytesMax;

// Signing domains. The precommit for a block uses "rateio/commit", the domain
// of CommitCertificate::vote_digest, on purpose.
inline constexpr const char* kProposalDomain = "rateio/proposal";
inline constexpr const char* kPrevoteDomain = "rateio/prevote";
inline constexpr const char* kPrecommitNilDomain = "rateio/precommit-nil";

enum class VoteType : std::uint8_t { Prevote = 1, Precommit = 2 };
// The highest type: decoding refuses any above it (enumerators_span
// fails to compile when an enumerator is added and this does not move).
inline constexpr std::uint8_t kVoteTypeLast = static_cast<std::uint8_t>(VoteType::Precommit);
constexpr bool is_enumerator(VoteType type) {
    switch (type) {
    case VoteType::Prevote:
    case VoteType::Precommit: return true;
    }
    return false;
}
static_assert(enumerators_span<VoteType>(1, kVoteTypeLast));

const char* vote_type_name(VoteType type);

// What the proposal signature covers: the block is bound through its header
// hash (the header commits to the transactions through transactions_root).
struct ProposalSummary {
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    std::int32_t pol_round = kNoRound;
    Hash256 block_hash{};
    Signature signature{};

    Hash256 signing_digest(const Hash256& group_id) const;
};

// Signed by the proposer of (height, round), which the validator set
// determines; that is not always block.header.proposer, because a block that
// won a proof of lock (pol_round >= 0) is re-proposed unchanged, with the
// header of its original proposer.
//
// A re-proposal carries its proof of lock: the prevote signatures for the
// block in pol_round from more than 2/3 of the validators (each over the
// prevote digest of that round and block hash; the proposal signature need
// not cover them, they prove themselves). A validator that counted another
// vote first from an equivocating validator could otherwise never see the
// quorum that others saw, and stay out of every later round's quorum.
struct Proposal {
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    std::int32_t pol_round = kNoRound;
    Block block;
    std::vector<CommitSignature> pol_signatures; // empty when pol_round = -1
    Signature signature{};

    ProposalSummary summary() const;
    Hash256 signing_digest(const Hash256& group_id) const { return summary().signing_digest(group_id); }
    void sign(const Hash256& group_id, const crypto::KeyPair& key);
    bool signature_valid(const Hash256& group_id, const PublicKey& proposer) const;
};

struct Vote {
    VoteType type = VoteType::Prevote;
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    std::optional<Hash256> block_hash; // nullopt = nil
    PublicKey validator{};
    Signature signature{};

    Hash256 signing_digest(const Hash256& group_id) const;
    void sign(const Hash256& group_id, const crypto::KeyPair& key);
    bool signature_valid(const Hash256& group_id) const;
    // Same signer, height, round and type: the two votes are about one slot.
    bool same_slot(const Vote& other) const;
};

using Message = std::variant<Proposal, Vote>;

// The lock of a validator: it precommitted `block` in `round` of `height`,
// having seen the prevotes in pol_signatures (its proof of lock, which it
// needs to re-propose the block after a restart).
struct LockRecord {
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    Block block;
    std::vector<CommitSignature> pol_signatures;
};

// The prevote that one proof-of-lock signature stands for.
Vote pol_vote(std::uint64_t height, std::int32_t pol_round, const Hash256& block_hash, const CommitSignature& s);

// What a validator writes to disk before it sends anything it signed.
using Record = std::variant<Proposal, Vote, LockRecord>;

std::uint64_t record_height(const Record& record);

// Two statements by one validator that cannot both be honest.
struct DoubleVote {
    Vote first;
    Vote second;
};
struct DoubleProposal {
    PublicKey proposer{};
    ProposalSummary first;
    ProposalSummary second;
};
using Evidence = std::variant<DoubleVote, DoubleProposal>;

// Whole-message helpers for the network and the disk: nullopt unless the
// bytes are exactly one valid value and no longer than its named maximum.
Bytes encode_message(const Message& message);
std::optional<Message> decode_message(ByteView data);
Bytes encode_record(const Record& record);
std::optional<Record> decode_record(ByteView data);

} // namespace chain::consensus

namespace chain::codec {
void encode(Writer& w, const consensus::Proposal& v);
void encode(Writer& w, const consensus::Vote& v);
void encode(Writer& w, const consensus::LockRecord& v);
void decode(Reader& r, consensus::Proposal& v);
void decode(Reader& r, consensus::Vote& v);
void decode(Reader& r, consensus::LockRecord& v);
} // namespace chain::codec
