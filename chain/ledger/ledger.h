#pragma once
// Transactions, genesis, blocks and commit certificates: the values that are
// hashed, signed and stored, with their one canonical encoding.
//
// Units are integers throughout: power in W, energy in Wh, money in centavos
// of R$, tokens in milli-SEB, time in Unix seconds of block time.

#include "codec/codec.h"
#include "codec/exhaustive.h"
#include "crypto/crypto.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace chain {

// Named limits on every decoded length and count.
inline constexpr std::size_t kNameLengthMax = 120;          // group, plant, utility, location
inline constexpr std::size_t kReasonLengthMax = 1000;       // why a change is proposed
inline constexpr std::size_t kSymbolLengthMax = 8;          // token symbol
inline constexpr std::size_t kSealedProfileLengthMax = 2048;
inline constexpr std::size_t kSealedKeysLengthMax = 64 * 1024; // every epoch's data key
inline constexpr std::uint32_t kRotationSharesMax = 20000;  // one share per member
inline constexpr std::uint32_t kBlockTransactionsMax = 5000;
inline constexpr std::uint32_t kValidatorsMax = 100;
inline constexpr std::uint32_t kCertificateSignaturesMax = kValidatorsMax;
inline constexpr std::size_t kTransactionBytesMax = 4 * 1024 * 1024;
inline constexpr std::size_t kBlockBytesMax = 16 * 1024 * 1024;

inline constexpr std::uint64_t kSecondsPerDay = 86400;
inline constexpr std::uint64_t kPlantCapacityLimitW = 5'000'000; // MISSION: at most 5 MW
// Bounds every time span added to a block time, so no deadline can overflow.
inline constexpr std::uint64_t kTimeToMarketMaxS = 3650 * kSecondsPerDay;

enum class ApprovalRule : std::uint8_t {
    // YES from more than half of the electorate; abstention counts as NO.
    MajorityOfElectorate = 1,
    // More YES than NO among the votes cast, with at least quorum_percent of
    // the electorate voting.
    MajorityOfVotesWithQuorum = 2,
};
// The highest rule: decoding refuses any above it (enumerators_span
// below fails to compile when an enumerator is added and this does not move).
inline constexpr std::uint8_t kApprovalRuleLast = static_cast<std::uint8_t>(ApprovalRule::MajorityOfVotesWithQuorum);
constexpr bool is_enumerator(ApprovalRule rule) {
    switch (rule) {
    case ApprovalRule::MajorityOfElectorate:
    case ApprovalRule::MajorityOfVotesWithQuorum: return true;
    }
    return false;
}
static_assert(enumerators_span<ApprovalRule>(1, kApprovalRuleLast));

struct GroupParams {
    std::uint64_t referendum_period_s = 30 * kSecondsPerDay;
    std::uint64_t crowdfunding_period_s = 60 * kSecondsPerDay;
    std::uint64_t time_to_market_min_s = 30 * kSecondsPerDay;
    std::uint64_t bid_min_cents = 100'00;
    std::uint64_t plant_capacity_max_w = kPlantCapacityLimitW;
    std::uint64_t welcome_grant_msb = 1000;
    ApprovalRule approval_rule = ApprovalRule::MajorityOfElectorate;
    std::uint32_t quorum_percent = 0;

    bool operator==(const GroupParams&) const = default;
};

// Plant size limits by source (Lei 14.300/2022, art. 1º: microgeneration up to
// 75 kW; minigeneration up to 5 MW for dispatchable sources and 3 MW for the
// others). They are group parameters like GroupParams, but kept apart because
// GroupParams sits in the middle of the genesis, the state and the
// change_params transaction: appending to it would change the bytes (and the
// hashes) of every group founded before. These travel in trailing sections
// instead, absent when they equal kLegacyEnergyParams.
struct EnergyParams {
    std::uint64_t microgeneration_max_w = 75'000;
    std::uint64_t dispatchable_max_w = 5'000'000;
    std::uint64_t non_dispatchable_max_w = 3'000'000;

    bool operator==(const EnergyParams&) const = default;
};
// What a group founded before these limits existed keeps (only
// plant_capacity_max_w bounded its plants), so that its old blocks replay alike.
inline constexpr EnergyParams kLegacyEnergyParams{75'000, kPlantCapacityLimitW, kPlantCapacityLimitW};

// Protocol versions. A group's rules and the definition of its state root
// follow the protocol version recorded in its state; a referendum
// (UpgradeProtocol) moves the group to a later one from a block height on, so
// that every node replays each block under the version it was made with.
//   1: the rules as first released; the state root is the tagged SHA-256 of
//      the state's canonical encoding.
//   2: the same rules; the state root is the Merkle commitment over the
//      state's tables (docs/STATE.md).
inline constexpr std::uint32_t kProtocolVersionLegacy = 1;
inline constexpr std::uint32_t kProtocolVersionStateTables = 2;
inline constexpr std::uint32_t kProtocolVersionLatest = kProtocolVersionStateTables;
// Every version this software can run: 1 up to kProtocolVersionLatest. A group
// at another version needs a newer Rateio (docs/PROTOCOL.md, "Protocol versions").
constexpr bool protocol_version_supported(std::uint32_t version) {
    return version >= kProtocolVersionLegacy && version <= kProtocolVersionLatest;
}
// The effective height a client proposes by default: this many blocks after
// the last one, so that the proposal still lands before it when a busy group
// takes it into a block a few heights late.
inline constexpr std::uint64_t kUpgradeLeadBlocks = 10;
// An upgrade may be set at most this many blocks ahead of its proposal: one
// pending for ever would block every later upgrade (one at a time).
inline constexpr std::uint64_t kUpgradeDelayBlocksMax = 1'000'000;

// The consumer unit's connection, which sets its minimum billing.
enum class Connection : std::uint8_t { SinglePhase = 1, TwoPhase = 2, ThreePhase = 3 };
inline constexpr std::uint8_t kConnectionLast = static_cast<std::uint8_t>(Connection::ThreePhase);
constexpr bool is_enumerator(Connection connection) {
    switch (connection) {
    case Connection::SinglePhase:
    case Connection::TwoPhase:
    case Connection::ThreePhase: return true;
    }
    return false;
}
static_assert(enumerators_span<Connection>(1, kConnectionLast));

// A profile sealed to the group data key of one epoch (crypto::seal_to).
struct SealedProfile {
    std::uint32_t key_epoch = 0;
    Bytes sealed;
    bool operator==(const SealedProfile&) const = default;
};

enum class PlantSource : std::uint8_t { Solar = 1, Wind, Hydro, Biomass, Biogas, Other };
inline constexpr std::uint8_t kPlantSourceLast = static_cast<std::uint8_t>(PlantSource::Other);
constexpr bool is_enumerator(PlantSource source) {
    switch (source) {
    case PlantSource::Solar:
    case PlantSource::Wind:
    case PlantSource::Hydro:
    case PlantSource::Biomass:
    case PlantSource::Biogas:
    case PlantSource::Other: return true;
    }
    return false;
}
static_assert(enumerators_span<PlantSource>(1, kPlantSourceLast));

enum class OfferSide : std::uint8_t {
    SellQuota = 1, // the maker gives quota and receives tokens
    BuyQuota = 2,  // the maker gives tokens and receives quota
};
inline constexpr std::uint8_t kOfferSideLast = static_cast<std::uint8_t>(OfferSide::BuyQuota);
constexpr bool is_enumerator(OfferSide side) {
    switch (side) {
    case OfferSide::SellQuota:
    case OfferSide::BuyQuota: return true;
    }
    return false;
}
static_assert(enumerators_span<OfferSide>(1, kOfferSideLast));

// --- Operations ------------------------------------------------------------

struct RequestAdmission {
    std::string utility;
    Hash256 profile_commitment{};
    SealedProfile profile;
};
struct CastVote {
    std::uint64_t referendum_id = 0;
    bool yes = false;
};
struct ProposePlant {
    std::string name;
    PlantSource source = PlantSource::Solar;
    std::uint64_t capacity_w = 0;
    std::uint64_t cost_cents = 0;
    std::string utility;
    std::string location;
    std::uint64_t time_to_market_s = 0;
};
// Places a pledge, or replaces the author's existing pledge with this amount.
struct PlacePledge {
    std::uint64_t plant_id = 0;
    std::uint64_t amount_cents = 0;
};
struct WithdrawPledge {
    std::uint64_t plant_id = 0;
};
struct MakeOffer {
    AccountId counterparty{};
    OfferSide side = OfferSide::SellQuota;
    std::uint64_t quota_w = 0;
    std::uint64_t price_msb = 0;
    std::int64_t expires_at_s = 0;
};
struct AcceptOffer { std::uint64_t offer_id = 0; };
struct DeclineOffer { std::uint64_t offer_id = 0; };
struct CancelOffer { std::uint64_t offer_id = 0; };
struct GiftQuota {
    AccountId recipient{};
    std::uint64_t quota_w = 0;
};
struct GiftTokens {
    AccountId recipient{};
    std::uint64_t amount_msb = 0;
};
struct UpdateProfile {
    Hash256 profile_commitment{};
    SealedProfile profile;
};
// A member's monthly consumption from their electricity bill. Recording a
// month again supersedes the earlier reading (the transactions stay).
struct RecordConsumption {
    std::uint32_t month = 0; // the bill's reference month, YYYYMM
    std::uint64_t consumption_wh = 0;
    std::int64_t read_at_s = 0; // the meter reading date on the bill
    Connection connection = Connection::SinglePhase;
};
// A plant's monthly generation, recorded by its operator; a later record of
// the same month supersedes the earlier one.
struct RecordGeneration {
    std::uint64_t plant_id = 0;
    std::uint32_t month = 0; // YYYYMM
    std::uint64_t generation_wh = 0;
};

// Changes that only a referendum can make. Compared (==) to find the referendums a block changed.
struct MoveQuota {
    AccountId from{};
    AccountId to{};
    std::uint64_t quota_w = 0;
    bool operator==(const MoveQuota&) const = default;
};
struct MoveTokens {
    AccountId from{};
    AccountId to{};
    std::uint64_t amount_msb = 0;
    bool operator==(const MoveTokens&) const = default;
};
struct RemoveMember { AccountId member{}; bool operator==(const RemoveMember&) const = default; };
struct ChangePlantUtility {
    std::uint64_t plant_id = 0;
    std::string utility;
    bool operator==(const ChangePlantUtility&) const = default;
};
struct RemovePlant { std::uint64_t plant_id = 0; bool operator==(const RemovePlant&) const = default; };
struct ChangeParams { GroupParams params; bool operator==(const ChangeParams&) const = default; };
struct AddValidator { PublicKey validator{}; bool operator==(const AddValidator&) const = default; };
struct RemoveValidator { PublicKey validator{}; bool operator==(const RemoveValidator&) const = default; };
// Names the member who records a plant's generation.
struct ChangePlantOperator {
    std::uint64_t plant_id = 0;
    AccountId new_operator{};
    bool operator==(const ChangePlantOperator&) const = default;
};
struct ChangeEnergyParams { EnergyParams params; bool operator==(const ChangeEnergyParams&) const = default; };
// Moves the group to protocol `version` at the end of the first block at or
// after `effective_height` that follows the referendum's approval.
struct UpgradeProtocol {
    std::uint32_t version = 0;
    std::uint64_t effective_height = 0;
    bool operator==(const UpgradeProtocol&) const = default;
};

// New kinds are appended: the tag on the wire is the index + 1.
using Change = std::variant<MoveQuota, MoveTokens, RemoveMember, ChangePlantUtility, RemovePlant,
                            ChangeParams, AddValidator, RemoveValidator, ChangePlantOperator,
                            ChangeEnergyParams, UpgradeProtocol>;

struct ProposeChange {
    Change change;
    std::string reason;
};

// Gives a member every epoch's group data private key, sealed to them.
struct ShareDataKey {
    AccountId member{};
    std::uint32_t key_epoch = 0;
    Bytes sealed_keys;
};
struct KeyShare {
    AccountId member{};
    Bytes sealed_keys;
};
// A new group data key after a removal, shared with every remaining member.
struct RotateDataKey {
    std::uint32_t new_epoch = 0;
    PublicKey data_public_key{};
    std::vector<KeyShare> shares;
};

// New kinds are appended: the tag on the wire is the index + 1.
using Operation = std::variant<RequestAdmission, CastVote, ProposePlant, PlacePledge, WithdrawPledge,
                               MakeOffer, AcceptOffer, DeclineOffer, CancelOffer, GiftQuota,
                               GiftTokens, UpdateProfile, ProposeChange, ShareDataKey, RotateDataKey,
                               RecordConsumption, RecordGeneration>;

// Stable names for display, logs and the CLI ("request_admission", ...).
const char* operation_name(const Operation& op);
const char* change_name(const Change& change);

struct Transaction {
    Hash256 group_id{};
    PublicKey author{};
    // Must be exactly one more than the author's last committed nonce.
    std::uint64_t nonce = 0;
    // The transaction is rejected in a block whose time is after this.
    std::int64_t valid_until_s = 0;
    Operation op;
    Signature signature{};

    // Domain-separated digest that the author signs (covers all but the signature).
    Hash256 signing_digest() const;
    Hash256 id() const;
    // The id from the transaction's encoding (codec::to_bytes), for a caller
    // that needs both: one encoding instead of two.
    static Hash256 id_of_encoding(ByteView encoding);
    void sign(const crypto::KeyPair& key);
    bool signature_valid() const;
    AccountId author_account() const { return crypto::account_id(author); }
};

// Threads that check one block's signatures: a block holds at most
// kBlockTransactionsMax of them, and more threads than cores only add
// switching, so the pool is min(cores, this).
inline constexpr unsigned kSignatureWorkersMax = 64;
// Below this many signatures per thread, starting a thread costs more than
// the checks it would take over.
inline constexpr std::size_t kSignaturesPerWorkerMin = 16;

// The index of the first transaction whose signature is invalid, or nullopt
// when all are valid. The checks run on a bounded pool of threads (each
// taking runs of transactions until none are left); the answer is the same
// whatever the thread count.
std::optional<std::size_t> first_invalid_signature(const std::vector<Transaction>& transactions);

struct Genesis {
    std::string group_name;
    std::string token_symbol = "SEB";
    bool dev_group = false;
    std::int64_t time_s = 0;
    GroupParams params;
    PublicKey founder{};
    std::string founder_utility;
    Hash256 founder_profile_commitment{};
    SealedProfile founder_profile;
    PublicKey data_public_key{};
    Bytes founder_sealed_keys;
    std::vector<PublicKey> validators;
    // Random bytes so that two groups founded alike still differ.
    Hash256 salt{};
    // Encoded after the salt only when it differs from kLegacyEnergyParams, so
    // a genesis written before it existed keeps its bytes and its group id.
    EnergyParams energy_params;
    // The group's first protocol version. Encoded after the energy section
    // only when it is not kProtocolVersionLegacy, for the same reason; a new
    // group (found_group) starts at kProtocolVersionLatest.
    std::uint32_t protocol_version = kProtocolVersionLegacy;

    Hash256 group_id() const;
};

struct BlockHeader {
    std::uint16_t version = 1;
    Hash256 group_id{};
    std::uint64_t height = 0;
    // The previous block's hash; the group id for height 1.
    Hash256 previous_hash{};
    std::int64_t time_s = 0;
    Hash256 transactions_root{};
    // State root after this block's transactions and its end-of-block deadlines.
    Hash256 state_root{};
    PublicKey proposer{};

    Hash256 hash() const;
};

struct Block {
    BlockHeader header;
    std::vector<Transaction> transactions;
};

struct CommitSignature {
    PublicKey validator{};
    Signature signature{};
};

struct CommitCertificate {
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    Hash256 block_hash{};
    std::vector<CommitSignature> signatures;

    // Digest each validator signs: tagged with the group id, height, round, hash.
    static Hash256 vote_digest(const Hash256& group_id, std::uint64_t height, std::uint32_t round,
                               const Hash256& block_hash);
};

// Merkle root of transaction ids (SHA-256 of pairs, odd node promoted; empty = zeros).
Hash256 merkle_root(const std::vector<Hash256>& leaves);

// More than two thirds of the validator set, distinct validators, valid signatures.
bool certificate_valid(const CommitCertificate& certificate, const Hash256& group_id,
                       const std::vector<PublicKey>& validators);
std::size_t commit_quorum(std::size_t validator_count);

// --- Encoding --------------------------------------------------------------
namespace codec {
void encode(Writer& w, const GroupParams& v);
void encode(Writer& w, const EnergyParams& v);
void encode(Writer& w, const SealedProfile& v);
void encode(Writer& w, const Change& v);
void encode(Writer& w, const Operation& v);
void encode(Writer& w, const Transaction& v);
void encode(Writer& w, const Genesis& v);
void encode(Writer& w, const BlockHeader& v);
void encode(Writer& w, const Block& v);
void encode(Writer& w, const CommitCertificate& v);

void decode(Reader& r, GroupParams& v);
void decode(Reader& r, EnergyParams& v);
void decode(Reader& r, SealedProfile& v);
void decode(Reader& r, Change& v);
void decode(Reader& r, Operation& v);
void decode(Reader& r, Transaction& v);
void decode(Reader& r, Genesis& v);
void decode(Reader& r, BlockHeader& v);
void decode(Reader& r, Block& v);
void decode(Reader& r, CommitCertificate& v);

// Whole-buffer helpers: nullopt unless the bytes are exactly one valid value.
template <class T>
Bytes to_bytes(const T& value) {
    Writer w;
    encode(w, value);
    return w.take();
}
template <class T>
std::optional<T> from_bytes(ByteView data) {
    Reader r(data);
    T value{};
    decode(r, value);
    if (!r.finished()) return std::nullopt;
    return value;
}
} // namespace codec

} // namespace chain
