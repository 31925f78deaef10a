#include "ledger/ledger.h"

#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

namespace chain {

namespace {

// Tags of the genesis' trailing sections, written in this order, each only
// when it says something a genesis before it could not.
constexpr std::uint8_t kGenesisEnergySection = 1;
constexpr std::uint8_t kGenesisProtocolSection = 2;

// Decodes alternative `index` of a variant by default-constructing it.
template <class Variant, std::size_t I = 0>
bool emplace_alternative(Variant& v, std::size_t index) {
    if constexpr (I < std::variant_size_v<Variant>) {
        if (index == I) {
            v.template emplace<I>();
            return true;
        }
        return emplace_alternative<Variant, I + 1>(v, index);
    } else {
        return false;
    }
}

} // namespace

const char* operation_name(const Operation& op) {
    static constexpr const char* names[] = {
        "request_admission", "vote",          "propose_plant", "pledge",
        "withdraw_pledge",   "offer",         "accept_offer",  "decline_offer",
        "cancel_offer",      "gift_quota",    "gift_tokens",   "update_profile",
        "propose_change",    "share_data_key", "rotate_data_key", "record_consumption",
        "record_generation"};
    static_assert(std::size(names) == std::variant_size_v<Operation>);
    return names[op.index()];
}

const char* change_name(const Change& change) {
    static constexpr const char* names[] = {"move_quota",   "move_tokens",  "remove_member",
                                            "change_plant_utility", "remove_plant",
                                            "change_params", "add_validator", "remove_validator",
                                            "change_plant_operator", "change_energy_params",
                                            "upgrade_protocol"};
    static_assert(std::size(names) == std::variant_size_v<Change>);
    return names[change.index()];
}

namespace codec {

void encode(Writer& w, const GroupParams& v) {
    w.u64(v.referendum_period_s);
    w.u64(v.crowdfunding_period_s);
    w.u64(v.time_to_market_min_s);
    w.u64(v.bid_min_cents);
    w.u64(v.plant_capacity_max_w);
    w.u64(v.welcome_grant_msb);
    w.u8(static_cast<std::uint8_t>(v.approval_rule));
    w.u32(v.quorum_percent);
}

void decode(Reader& r, GroupParams& v) {
    v.referendum_period_s = r.u64();
    v.crowdfunding_period_s = r.u64();
    v.time_to_market_min_s = r.u64();
    v.bid_min_cents = r.u64();
    v.plant_capacity_max_w = r.u64();
    v.welcome_grant_msb = r.u64();
    const std::uint8_t rule = r.u8();
    if (rule < 1 || rule > kApprovalRuleLast) r.fail();
    v.approval_rule = static_cast<ApprovalRule>(rule);
    v.quorum_percent = r.u32();
}

void encode(Writer& w, const EnergyParams& v) {
    w.u64(v.microgeneration_max_w);
    w.u64(v.dispatchable_max_w);
    w.u64(v.non_dispatchable_max_w);
}

void decode(Reader& r, EnergyParams& v) {
    v.microgeneration_max_w = r.u64();
    v.dispatchable_max_w = r.u64();
    v.non_dispatchable_max_w = r.u64();
}

void encode(Writer& w, const SealedProfile& v) {
    w.u32(v.key_epoch);
    w.bytes(v.sealed);
}

void decode(Reader& r, SealedProfile& v) {
    v.key_epoch = r.u32();
    v.sealed = r.bytes(kSealedProfileLengthMax);
}

namespace {

void encode_change(Writer& w, const Change& change) {
    w.u8(static_cast<std::uint8_t>(change.index() + 1));
    std::visit(Overloaded{
                   [&](const MoveQuota& c) { w.fixed(c.from); w.fixed(c.to); w.u64(c.quota_w); },
                   [&](const MoveTokens& c) { w.fixed(c.from); w.fixed(c.to); w.u64(c.amount_msb); },
                   [&](const RemoveMember& c) { w.fixed(c.member); },
                   [&](const ChangePlantUtility& c) { w.u64(c.plant_id); w.str(c.utility); },
                   [&](const RemovePlant& c) { w.u64(c.plant_id); },
                   [&](const ChangeParams& c) { encode(w, c.params); },
                   [&](const AddValidator& c) { w.fixed(c.validator); },
                   [&](const RemoveValidator& c) { w.fixed(c.validator); },
                   [&](const ChangePlantOperator& c) { w.u64(c.plant_id); w.fixed(c.new_operator); },
                   [&](const ChangeEnergyParams& c) { encode(w, c.params); },
                   [&](const UpgradeProtocol& c) { w.u32(c.version); w.u64(c.effective_height); },
               },
               change);
}

void decode_change_body(Reader& r, Change& change) {
    std::visit(Overloaded{
                   [&](MoveQuota& c) { c.from = r.fixed<20>(); c.to = r.fixed<20>(); c.quota_w = r.u64(); },
                   [&](MoveTokens& c) { c.from = r.fixed<20>(); c.to = r.fixed<20>(); c.amount_msb = r.u64(); },
                   [&](RemoveMember& c) { c.member = r.fixed<20>(); },
                   [&](ChangePlantUtility& c) { c.plant_id = r.u64(); c.utility = r.str(kNameLengthMax); },
                   [&](RemovePlant& c) { c.plant_id = r.u64(); },
                   [&](ChangeParams& c) { decode(r, c.params); },
                   [&](AddValidator& c) { c.validator = r.fixed<33>(); },
                   [&](RemoveValidator& c) { c.validator = r.fixed<33>(); },
                   [&](ChangePlantOperator& c) { c.plant_id = r.u64(); c.new_operator = r.fixed<20>(); },
                   [&](ChangeEnergyParams& c) { decode(r, c.params); },
                   [&](UpgradeProtocol& c) {
                       // No version 0 and no block 0 to take effect at: whether
                       // the version is one the group can move to is the rules' to say.
                       c.version = r.u32();
                       c.effective_height = r.u64();
                       if (c.version == 0 || c.effective_height == 0) r.fail();
                   },
               },
               change);
}

void encode_operation_body(Writer& w, const Operation& op) {
    std::visit(Overloaded{
                   [&](const RequestAdmission& o) { w.str(o.utility); w.fixed(o.profile_commitment); encode(w, o.profile); },
                   [&](const CastVote& o) { w.u64(o.referendum_id); w.boolean(o.yes); },
                   [&](const ProposePlant& o) {
                       w.str(o.name); w.u8(static_cast<std::uint8_t>(o.source)); w.u64(o.capacity_w);
                       w.u64(o.cost_cents); w.str(o.utility); w.str(o.location); w.u64(o.time_to_market_s);
                   },
                   [&](const PlacePledge& o) { w.u64(o.plant_id); w.u64(o.amount_cents); },
                   [&](const WithdrawPledge& o) { w.u64(o.plant_id); },
                   [&](const MakeOffer& o) {
                       w.fixed(o.counterparty); w.u8(static_cast<std::uint8_t>(o.side)); w.u64(o.quota_w);
                       w.u64(o.price_msb); w.i64(o.expires_at_s);
                   },
                   [&](const AcceptOffer& o) { w.u64(o.offer_id); },
                   [&](const DeclineOffer& o) { w.u64(o.offer_id); },
                   [&](const CancelOffer& o) { w.u64(o.offer_id); },
                   [&](const GiftQuota& o) { w.fixed(o.recipient); w.u64(o.quota_w); },
                   [&](const GiftTokens& o) { w.fixed(o.recipient); w.u64(o.amount_msb); },
                   [&](const UpdateProfile& o) { w.fixed(o.profile_commitment); encode(w, o.profile); },
                   [&](const ProposeChange& o) { encode_change(w, o.change); w.str(o.reason); },
                   [&](const ShareDataKey& o) { w.fixed(o.member); w.u32(o.key_epoch); w.bytes(o.sealed_keys); },
                   [&](const RotateDataKey& o) {
                       w.u32(o.new_epoch); w.fixed(o.data_public_key);
                       w.u32(static_cast<std::uint32_t>(o.shares.size()));
                       for (const KeyShare& s : o.shares) { w.fixed(s.member); w.bytes(s.sealed_keys); }
                   },
                   [&](const RecordConsumption& o) {
                       w.u32(o.month); w.u64(o.consumption_wh); w.i64(o.read_at_s);
                       w.u8(static_cast<std::uint8_t>(o.connection));
                   },
                   [&](const RecordGeneration& o) { w.u64(o.plant_id); w.u32(o.month); w.u64(o.generation_wh); },
               },
               op);
}

void decode_operation_body(Reader& r, Operation& op) {
    std::visit(Overloaded{
                   [&](RequestAdmission& o) { o.utility = r.str(kNameLengthMax); o.profile_commitment = r.fixed<32>(); decode(r, o.profile); },
                   [&](CastVote& o) { o.referendum_id = r.u64(); o.yes = r.boolean(); },
                   [&](ProposePlant& o) {
                       o.name = r.str(kNameLengthMax);
                       const std::uint8_t source = r.u8();
                       if (source < 1 || source > kPlantSourceLast) r.fail();
                       o.source = static_cast<PlantSource>(source);
                       o.capacity_w = r.u64(); o.cost_cents = r.u64();
                       o.utility = r.str(kNameLengthMax); o.location = r.str(kNameLengthMax);
                       o.time_to_market_s = r.u64();
                   },
                   [&](PlacePledge& o) { o.plant_id = r.u64(); o.amount_cents = r.u64(); },
                   [&](WithdrawPledge& o) { o.plant_id = r.u64(); },
                   [&](MakeOffer& o) {
                       o.counterparty = r.fixed<20>();
                       const std::uint8_t side = r.u8();
                       if (side < 1 || side > kOfferSideLast) r.fail();
                       o.side = static_cast<OfferSide>(side);
                       o.quota_w = r.u64(); o.price_msb = r.u64(); o.expires_at_s = r.i64();
                   },
                   [&](AcceptOffer& o) { o.offer_id = r.u64(); },
                   [&](DeclineOffer& o) { o.offer_id = r.u64(); },
                   [&](CancelOffer& o) { o.offer_id = r.u64(); },
                   [&](GiftQuota& o) { o.recipient = r.fixed<20>(); o.quota_w = r.u64(); },
                   [&](GiftTokens& o) { o.recipient = r.fixed<20>(); o.amount_msb = r.u64(); },
                   [&](UpdateProfile& o) { o.profile_commitment = r.fixed<32>(); decode(r, o.profile); },
                   [&](ProposeChange& o) { decode(r, o.change); o.reason = r.str(kReasonLengthMax); },
                   [&](ShareDataKey& o) { o.member = r.fixed<20>(); o.key_epoch = r.u32(); o.sealed_keys = r.bytes(kSealedKeysLengthMax); },
                   [&](RotateDataKey& o) {
                       o.new_epoch = r.u32(); o.data_public_key = r.fixed<33>();
                       const std::uint32_t count = r.count(kRotationSharesMax);
                       for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
                           KeyShare share;
                           share.member = r.fixed<20>();
                           share.sealed_keys = r.bytes(kSealedKeysLengthMax);
                           o.shares.push_back(std::move(share));
                       }
                   },
                   [&](RecordConsumption& o) {
                       o.month = r.u32(); o.consumption_wh = r.u64(); o.read_at_s = r.i64();
                       const std::uint8_t connection = r.u8();
                       if (connection < 1 || connection > kConnectionLast) r.fail();
                       o.connection = static_cast<Connection>(connection);
                   },
                   [&](RecordGeneration& o) { o.plant_id = r.u64(); o.month = r.u32(); o.generation_wh = r.u64(); },
               },
               op);
}

void encode_unsigned(Writer& w, const Transaction& v) {
    w.fixed(v.group_id);
    w.fixed(v.author);
    w.u64(v.nonce);
    w.i64(v.valid_until_s);
    encode(w, v.op);
}

void encode_public_keys(Writer& w, const std::vector<PublicKey>& keys) {
    w.u32(static_cast<std::uint32_t>(keys.size()));
    for (const PublicKey& key : keys) w.fixed(key);
}

void decode_public_keys(Reader& r, std::vector<PublicKey>& keys, std::uint32_t count_max) {
    const std::uint32_t count = r.count(count_max);
    keys.clear();
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) keys.push_back(r.fixed<33>());
}

} // namespace

void encode(Writer& w, const Change& v) { encode_change(w, v); }

void decode(Reader& r, Change& v) {
    const std::uint8_t tag = r.u8();
    if (tag == 0 || !emplace_alternative(v, tag - 1u)) {
        r.fail();
        return;
    }
    decode_change_body(r, v);
}

void encode(Writer& w, const Operation& v) {
    w.u8(static_cast<std::uint8_t>(v.index() + 1));
    encode_operation_body(w, v);
}

void decode(Reader& r, Operation& v) {
    const std::uint8_t tag = r.u8();
    if (tag == 0 || !emplace_alternative(v, tag - 1u)) {
        r.fail();
        return;
    }
    decode_operation_body(r, v);
}

void encode(Writer& w, const Transaction& v) {
    encode_unsigned(w, v);
    w.fixed(v.signature);
}

void decode(Reader& r, Transaction& v) {
    v.group_id = r.fixed<32>();
    v.author = r.fixed<33>();
    v.nonce = r.u64();
    v.valid_until_s = r.i64();
    decode(r, v.op);
    v.signature = r.fixed<64>();
}

void encode(Writer& w, const Genesis& v) {
    w.str(v.group_name);
    w.str(v.token_symbol);
    w.boolean(v.dev_group);
    w.i64(v.time_s);
    encode(w, v.params);
    w.fixed(v.founder);
    w.str(v.founder_utility);
    w.fixed(v.founder_profile_commitment);
    encode(w, v.founder_profile);
    w.fixed(v.data_public_key);
    w.bytes(v.founder_sealed_keys);
    encode_public_keys(w, v.validators);
    w.fixed(v.salt);
    // Trailing sections, present only when they say something new (see ledger.h).
    if (v.energy_params != kLegacyEnergyParams) {
        w.u8(kGenesisEnergySection);
        encode(w, v.energy_params);
    }
    if (v.protocol_version != kProtocolVersionLegacy) {
        w.u8(kGenesisProtocolSection);
        w.u32(v.protocol_version);
    }
}

void decode(Reader& r, Genesis& v) {
    v.group_name = r.str(kNameLengthMax);
    v.token_symbol = r.str(kSymbolLengthMax);
    v.dev_group = r.boolean();
    v.time_s = r.i64();
    decode(r, v.params);
    v.founder = r.fixed<33>();
    v.founder_utility = r.str(kNameLengthMax);
    v.founder_profile_commitment = r.fixed<32>();
    decode(r, v.founder_profile);
    v.data_public_key = r.fixed<33>();
    v.founder_sealed_keys = r.bytes(kSealedKeysLengthMax);
    decode_public_keys(r, v.validators, kValidatorsMax);
    v.salt = r.fixed<32>();
    v.energy_params = kLegacyEnergyParams;
    v.protocol_version = kProtocolVersionLegacy;
    // Each section at most once and in tag order: one encoding per value.
    std::uint8_t last_section = 0;
    while (r.ok() && !r.at_end()) {
        const std::uint8_t section = r.u8();
        if (section <= last_section) r.fail();
        last_section = section;
        if (section == kGenesisEnergySection) {
            decode(r, v.energy_params);
            // The legacy limits are written as nothing.
            if (v.energy_params == kLegacyEnergyParams) r.fail();
        } else if (section == kGenesisProtocolSection) {
            v.protocol_version = r.u32();
            // Version 1 is written as nothing; a version this software cannot
            // run is refused here, before any block is replayed under it.
            if (v.protocol_version == kProtocolVersionLegacy || !protocol_version_supported(v.protocol_version)) r.fail();
        } else {
            r.fail();
        }
    }
}

void encode(Writer& w, const BlockHeader& v) {
    w.u16(v.version);
    w.fixed(v.group_id);
    w.u64(v.height);
    w.fixed(v.previous_hash);
    w.i64(v.time_s);
    w.fixed(v.transactions_root);
    w.fixed(v.state_root);
    w.fixed(v.proposer);
}

void decode(Reader& r, BlockHeader& v) {
    v.version = r.u16();
    if (v.version != 1) r.fail();
    v.group_id = r.fixed<32>();
    v.height = r.u64();
    v.previous_hash = r.fixed<32>();
    v.time_s = r.i64();
    v.transactions_root = r.fixed<32>();
    v.state_root = r.fixed<32>();
    v.proposer = r.fixed<33>();
}

void encode(Writer& w, const Block& v) {
    encode(w, v.header);
    w.u32(static_cast<std::uint32_t>(v.transactions.size()));
    for (const Transaction& tx : v.transactions) w.bytes(to_bytes(tx));
}

void decode(Reader& r, Block& v) {
    decode(r, v.header);
    const std::uint32_t count = r.count(kBlockTransactionsMax);
    v.transactions.clear();
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        const Bytes raw = r.bytes(kTransactionBytesMax);
        std::optional<Transaction> tx = from_bytes<Transaction>(raw);
        if (!tx) {
            r.fail();
            return;
        }
        v.transactions.push_back(std::move(*tx));
    }
}

void encode(Writer& w, const CommitCertificate& v) {
    w.u64(v.height);
    w.u32(v.round);
    w.fixed(v.block_hash);
    w.u32(static_cast<std::uint32_t>(v.signatures.size()));
    for (const CommitSignature& s : v.signatures) {
        w.fixed(s.validator);
        w.fixed(s.signature);
    }
}

void decode(Reader& r, CommitCertificate& v) {
    v.height = r.u64();
    v.round = r.u32();
    v.block_hash = r.fixed<32>();
    const std::uint32_t count = r.count(kCertificateSignaturesMax);
    v.signatures.clear();
    for (std::uint32_t i = 0; i < count && r.ok(); ++i) {
        CommitSignature s;
        s.validator = r.fixed<33>();
        s.signature = r.fixed<64>();
        v.signatures.push_back(s);
    }
}

} // namespace codec

Hash256 Transaction::signing_digest() const {
    codec::Writer w;
    codec::encode_unsigned(w, *this);
    return crypto::tagged_hash("rateio/tx", w.data());
}

Hash256 Transaction::id() const { return id_of_encoding(codec::to_bytes(*this)); }

Hash256 Transaction::id_of_encoding(ByteView encoding) { return crypto::tagged_hash("rateio/txid", encoding); }

void Transaction::sign(const crypto::KeyPair& key) {
    author = key.public_key();
    signature = key.sign(signing_digest());
}

bool Transaction::signature_valid() const { return crypto::verify(author, signing_digest(), signature); }

std::optional<std::size_t> first_invalid_signature(const std::vector<Transaction>& transactions) {
    const std::size_t count = transactions.size();
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t workers = std::min<std::size_t>(
        {std::size_t{cores}, std::size_t{kSignatureWorkersMax}, (count + kSignaturesPerWorkerMin - 1) / kSignaturesPerWorkerMin});
    // One flag per transaction, each written by exactly one thread. The
    // threads take runs of kSignaturesPerWorkerMin from a shared counter
    // rather than fixed halves: on a node the block's thread (rules, commit)
    // shares the cores with them, and a thread it slows would otherwise
    // finish its half alone while another core waits.
    std::vector<unsigned char> valid(count, 0);
    std::atomic<std::size_t> next_run{0};
    const auto check_runs = [&] {
        for (;;) {
            const std::size_t begin = next_run.fetch_add(kSignaturesPerWorkerMin, std::memory_order_relaxed);
            if (begin >= count) return;
            const std::size_t end = std::min(count, begin + kSignaturesPerWorkerMin);
            for (std::size_t i = begin; i < end; ++i) valid[i] = transactions[i].signature_valid() ? 1 : 0;
        }
    };
    if (workers <= 1) {
        for (std::size_t i = 0; i < count; ++i)
            if (!transactions[i].signature_valid()) return i;
        return std::nullopt;
    }
    {
        std::vector<std::jthread> pool;
        pool.reserve(workers - 1);
        for (std::size_t worker = 1; worker < workers; ++worker) pool.emplace_back(check_runs);
        check_runs(); // the calling thread takes runs too
    } // the jthreads join here
    for (std::size_t i = 0; i < count; ++i)
        if (!valid[i]) return i;
    return std::nullopt;
}

Hash256 Genesis::group_id() const { return crypto::tagged_hash("rateio/genesis", codec::to_bytes(*this)); }

Hash256 BlockHeader::hash() const { return crypto::tagged_hash("rateio/block", codec::to_bytes(*this)); }

Hash256 CommitCertificate::vote_digest(const Hash256& group_id, std::uint64_t height, std::uint32_t round,
                                       const Hash256& block_hash) {
    codec::Writer w;
    w.fixed(group_id);
    w.u64(height);
    w.u32(round);
    w.fixed(block_hash);
    return crypto::tagged_hash("rateio/commit", w.data());
}

Hash256 merkle_root(const std::vector<Hash256>& leaves) {
    if (leaves.empty()) return Hash256{};
    std::vector<Hash256> level = leaves;
    while (level.size() > 1) {
        std::vector<Hash256> next;
        next.reserve((level.size() + 1) / 2);
        for (std::size_t i = 0; i < level.size(); i += 2) {
            if (i + 1 == level.size()) {
                next.push_back(level[i]);
                continue;
            }
            codec::Writer w;
            w.fixed(level[i]);
            w.fixed(level[i + 1]);
            next.push_back(crypto::tagged_hash("rateio/merkle", w.data()));
        }
        level = std::move(next);
    }
    return level.front();
}

std::size_t commit_quorum(std::size_t validator_count) { return validator_count * 2 / 3 + 1; }

bool certificate_valid(const CommitCertificate& certificate, const Hash256& group_id,
                       const std::vector<PublicKey>& validators) {
    if (validators.empty()) return false;
    const Hash256 digest =
        CommitCertificate::vote_digest(group_id, certificate.height, certificate.round, certificate.block_hash);
    std::set<PublicKey> counted;
    for (const CommitSignature& s : certificate.signatures) {
        const bool known = std::find(validators.begin(), validators.end(), s.validator) != validators.end();
        if (!known || counted.count(s.validator) != 0) return false;
        if (!crypto::verify(s.validator, digest, s.signature)) return false;
        counted.insert(s.validator);
    }
    return counted.size() >= commit_quorum(validators.size());
}

} // namespace chain
