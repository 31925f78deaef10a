#include "node/node_state.h"

#include "rules/profile.h"

namespace chain {

GroupSummary summarize_state(const State& s, const Hash256& state_root) {
    GroupSummary summary;
    summary.group_id = s.group_id;
    summary.name = s.group_name;
    summary.token_symbol = s.token_symbol;
    summary.dev_group = s.dev_group;
    summary.height = s.height;
    summary.time_s = s.time_s;
    summary.founded_at_s = s.genesis_time_s;
    summary.state_root = state_root;
    summary.member_count = s.members.size();
    summary.applicant_count = s.applicants.size();
    summary.plant_count = s.plants.size();
    for (const auto& [id, plant] : s.plants) {
        summary.operating_plant_count += plant.status == PlantStatus::Operating ? 1 : 0;
        summary.open_campaign_count += plant.status == PlantStatus::Campaign ? 1 : 0;
    }
    for (const auto& [id, referendum] : s.referendums)
        summary.open_referendum_count += referendum.outcome == Outcome::Pending ? 1 : 0;
    for (const auto& [id, offer] : s.offers) summary.open_offer_count += offer.status == OfferStatus::Open ? 1 : 0;
    summary.capacity_w = s.capacity_w;
    summary.plant_capacity_max_w = s.params.plant_capacity_max_w;
    summary.tokens_issued_msb = s.tokens_issued_msb;
    summary.tokens_burned_msb = s.tokens_burned_msb;
    summary.tokens_in_circulation_msb = s.tokens_issued_msb - s.tokens_burned_msb;
    summary.validators = s.validators;
    summary.params = s.params;
    summary.data_key_epoch = s.data_key_epoch();
    if (!s.data_public_keys.empty()) summary.data_public_key = s.data_public_keys.back();
    summary.protocol_version = s.protocol_version;
    summary.pending_upgrade = s.pending_upgrade;
    return summary;
}

std::optional<Rejection> precheck_transaction(const Transaction& tx, bool known, std::size_t queued_count,
                                              std::size_t queued_max, bool signature_checked) {
    if (!signature_checked && !tx.signature_valid())
        return Rejection{ErrorCode::BadSignature, "the signature does not match the transaction and its author"};
    if (const std::size_t size = codec::to_bytes(tx).size(); size > kTransactionBytesMax)
        return Rejection{ErrorCode::Malformed, "the transaction has " + std::to_string(size) + " bytes; the limit is " +
                                                   std::to_string(kTransactionBytesMax)};
    if (known)
        return Rejection{ErrorCode::DuplicateTransaction,
                         "transaction " + codec::to_hex(tx.id()).substr(0, 16) + " is already waiting or committed"};
    if (queued_count >= queued_max)
        return Rejection{ErrorCode::MempoolFull, "the node already holds " + std::to_string(queued_max) +
                                                     " waiting transactions; try again after the next block"};
    return std::nullopt;
}

std::optional<Profile> open_profile_with_keys(const State& state, const AccountId& account,
                                              const std::map<AccountId, crypto::KeyPair>& member_keys) {
    const SealedProfile* sealed = nullptr;
    const Hash256* commitment = nullptr;
    if (const Member* member = state.member(account)) {
        sealed = &member->profile;
        commitment = &member->profile_commitment;
    } else if (const auto applicant = state.applicants.find(account); applicant != state.applicants.end()) {
        // Members read an applicant's profile to decide their vote.
        sealed = &applicant->second.profile;
        commitment = &applicant->second.profile_commitment;
    } else {
        return std::nullopt;
    }
    for (const auto& [holder_account, key] : member_keys) {
        const Member* holder = state.member(holder_account);
        if (!holder || holder->sealed_keys.empty()) continue;
        const std::optional<DataKeyRing> ring = open_key_ring(holder->sealed_keys, key);
        if (!ring) continue;
        if (std::optional<Profile> opened = open_profile(*sealed, *commitment, *ring)) return opened;
    }
    return std::nullopt;
}

} // namespace chain
