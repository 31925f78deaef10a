#include "rules/errors.h"

namespace chain {

const std::vector<ErrorInfo>& all_errors() {
    static const std::vector<ErrorInfo> errors = {
        {ErrorCode::WrongGroup, "wrong_group", "The transaction was signed for another group."},
        {ErrorCode::BadSignature, "bad_signature", "The signature does not match the transaction and its author."},
        {ErrorCode::BadNonce, "bad_nonce", "The nonce is not the author's next one (a replay or a gap)."},
        {ErrorCode::Expired, "expired", "The transaction's validity limit passed before it reached a block."},
        {ErrorCode::Malformed, "malformed", "The bytes are not a valid transaction."},
        {ErrorCode::NotAMember, "not_a_member", "Only members of the group may do this."},
        {ErrorCode::AmountTooLarge, "amount_too_large", "An amount is too large to be represented."},
        {ErrorCode::AlreadyMember, "already_member", "The applicant is already a member."},
        {ErrorCode::AdmissionPending, "admission_pending", "The applicant already has an admission vote under way."},
        {ErrorCode::InvalidUtility, "invalid_utility", "The utility name is empty or too long."},
        {ErrorCode::InvalidProfile, "invalid_profile", "The sealed profile is missing or sealed to the wrong group data key."},
        {ErrorCode::UnknownReferendum, "unknown_referendum", "There is no referendum with that number."},
        {ErrorCode::ReferendumClosed, "referendum_closed", "The referendum's deadline has passed."},
        {ErrorCode::NotInElectorate, "not_in_electorate", "Only the members when the referendum opened may vote in it."},
        {ErrorCode::VoteUnchanged, "vote_unchanged", "The member already cast this same vote."},
        {ErrorCode::InvalidPlantName, "invalid_plant_name", "The plant name is empty or too long."},
        {ErrorCode::InvalidCapacity, "invalid_capacity", "The plant capacity must be above 0 W and at most the group's limit."},
        {ErrorCode::InvalidCost, "invalid_cost", "The plant cost must be above zero."},
        {ErrorCode::TimeToMarketTooShort, "time_to_market_too_short", "The time to market is shorter than the group's minimum."},
        {ErrorCode::TimeToMarketTooLong, "time_to_market_too_long", "The time to market is longer than 10 years."},
        {ErrorCode::InvalidLocation, "invalid_location", "The plant location is empty or too long."},
        {ErrorCode::UnknownPlant, "unknown_plant", "There is no plant with that number."},
        {ErrorCode::CapacityAboveSourceLimit, "capacity_above_source_limit", "The capacity is above the group's limit for the plant's source (3 MW non-dispatchable, 5 MW dispatchable by default)."},
        {ErrorCode::CampaignNotOpen, "campaign_not_open", "The plant's crowdfunding campaign is not open."},
        {ErrorCode::WrongUtility, "wrong_utility", "Only members of the plant's utility may pledge to it."},
        {ErrorCode::BidBelowMinimum, "bid_below_minimum", "The pledge is below the group's minimum bid."},
        {ErrorCode::BidAboveMissing, "bid_above_missing", "The pledge is more than the campaign still needs."},
        {ErrorCode::NoPledge, "no_pledge", "The member has no pledge in this campaign."},
        {ErrorCode::PledgeUnchanged, "pledge_unchanged", "The member already pledged exactly this amount."},
        {ErrorCode::UnknownMember, "unknown_member", "The other party is not a member of the group."},
        {ErrorCode::SelfTransfer, "self_transfer", "A member cannot trade with or give to themselves."},
        {ErrorCode::DifferentUtility, "different_utility", "Quota moves only between members of the same utility."},
        {ErrorCode::ZeroAmount, "zero_amount", "The amount must be above zero."},
        {ErrorCode::InsufficientQuota, "insufficient_quota", "The member does not hold that much quota."},
        {ErrorCode::InsufficientTokens, "insufficient_tokens", "The member does not hold that many tokens."},
        {ErrorCode::UnknownOffer, "unknown_offer", "There is no offer with that number."},
        {ErrorCode::OfferNotOpen, "offer_not_open", "The offer was already accepted, declined, cancelled or expired."},
        {ErrorCode::NotCounterparty, "not_counterparty", "Only the member the offer was made to may accept or decline it."},
        {ErrorCode::NotOfferMaker, "not_offer_maker", "Only the member who made the offer may cancel it."},
        {ErrorCode::InvalidExpiry, "invalid_expiry", "The offer must expire after the current block time."},
        {ErrorCode::ProtocolVersionNotNewer, "protocol_version_not_newer", "The proposed protocol version is not later than the one the group runs."},
        {ErrorCode::ProtocolVersionUnsupported, "protocol_version_unsupported", "This Rateio cannot run the proposed protocol version; every member must update Rateio first."},
        {ErrorCode::UpgradeHeightInvalid, "upgrade_height_invalid", "The upgrade must take effect after the block that proposes it and at most 1,000,000 blocks later."},
        {ErrorCode::UpgradePending, "upgrade_pending", "Another protocol upgrade is already approved or being voted on."},
        {ErrorCode::InvalidParams, "invalid_params", "The proposed group parameters are out of range."},
        {ErrorCode::ValidatorAlreadyPresent, "validator_already_present", "That key is already a validator."},
        {ErrorCode::UnknownValidator, "unknown_validator", "That key is not a validator."},
        {ErrorCode::LastValidator, "last_validator", "The group's last validator cannot be removed."},
        {ErrorCode::LastMember, "last_member", "The group's last member cannot be removed."},
        {ErrorCode::PlantNotRemovable, "plant_not_removable", "The plant was already rejected, failed or removed."},
        {ErrorCode::UtilityUnchanged, "utility_unchanged", "The plant already belongs to that utility."},
        {ErrorCode::SameAccount, "same_account", "A move needs two different members."},
        {ErrorCode::InvalidPublicKey, "invalid_public_key", "The key is not a valid P-256 public key."},
        {ErrorCode::WrongKeyEpoch, "wrong_key_epoch", "The group data key epoch is not the current one."},
        {ErrorCode::NoDataKey, "no_data_key", "The author does not hold the current group data key."},
        {ErrorCode::ShareNotNeeded, "share_not_needed", "The member already holds the current group data key."},
        {ErrorCode::RotationNotNeeded, "rotation_not_needed", "The group data key only rotates after a member is removed."},
        {ErrorCode::SharesIncomplete, "shares_incomplete", "A key rotation must share the new key with every member exactly once."},
        {ErrorCode::InvalidSealedKeys, "invalid_sealed_keys", "The sealed data key is empty."},
        {ErrorCode::InvalidMonth, "invalid_month", "The month is not a valid YYYYMM between 2000 and 2199, or has not begun yet."},
        {ErrorCode::InvalidReadingDate, "invalid_reading_date", "The reading date must fall between the start of its month and the current block time."},
        {ErrorCode::ReadingTooLarge, "reading_too_large", "The reading is larger than the consumer unit or the plant can account for in a month."},
        {ErrorCode::NotPlantOperator, "not_plant_operator", "Only the plant's operator may record its generation."},
        {ErrorCode::PlantNotOperating, "plant_not_operating", "The plant was not operating in that month."},
        {ErrorCode::ReadingUnchanged, "reading_unchanged", "The same reading is already on record for that month."},
        {ErrorCode::OperatorUnchanged, "operator_unchanged", "That member already operates the plant."},
        {ErrorCode::DevClockRefused, "dev_clock_refused", "Only a dev group may move its clock forward."},
        {ErrorCode::MempoolFull, "mempool_full", "The node holds too many waiting transactions; try again shortly."},
        {ErrorCode::DuplicateTransaction, "duplicate_transaction", "This transaction is already waiting or committed."},
        {ErrorCode::WalletError, "wallet_error", "The wallet could not be opened (missing, wrong passphrase or damaged)."},
        {ErrorCode::StoreError, "store_error", "The node's database failed; nothing was changed."},
        {ErrorCode::InvalidArgument, "invalid_argument", "A command argument is missing or not valid."},
    };
    return errors;
}

const char* error_name(ErrorCode code) {
    for (const ErrorInfo& info : all_errors())
        if (info.code == code) return info.name;
    return code == ErrorCode::None ? "none" : "unknown";
}

const char* error_description(ErrorCode code) {
    for (const ErrorInfo& info : all_errors())
        if (info.code == code) return info.description;
    return "";
}

} // namespace chain
