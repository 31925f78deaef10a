#pragma once
// Every way the ledger can reject a transaction, with a stable numeric code.
// Codes never change meaning once released; the UI translates by code, and
// docs/ERRORS.md lists them all (a test keeps the two in step).

#include <cstdint>
#include <string>
#include <vector>

namespace chain {

enum class ErrorCode : std::uint16_t {
    None = 0,
    // Envelope
    WrongGroup = 1,
    BadSignature = 2,
    BadNonce = 3,
    Expired = 4,
    Malformed = 5,
    NotAMember = 6,
    AmountTooLarge = 7,
    // Admission and profiles
    AlreadyMember = 10,
    AdmissionPending = 11,
    InvalidUtility = 12,
    InvalidProfile = 13,
    // Votes
    UnknownReferendum = 20,
    ReferendumClosed = 21,
    NotInElectorate = 22,
    VoteUnchanged = 23,
    // Plants
    InvalidPlantName = 30,
    InvalidCapacity = 31,
    InvalidCost = 32,
    TimeToMarketTooShort = 33,
    TimeToMarketTooLong = 36,
    InvalidLocation = 34,
    UnknownPlant = 35,
    CapacityAboveSourceLimit = 37,
    // Pledges
    CampaignNotOpen = 40,
    WrongUtility = 41,
    BidBelowMinimum = 42,
    BidAboveMissing = 43,
    NoPledge = 44,
    PledgeUnchanged = 45,
    // Trades and gifts
    UnknownMember = 50,
    SelfTransfer = 51,
    DifferentUtility = 52,
    ZeroAmount = 53,
    InsufficientQuota = 54,
    InsufficientTokens = 55,
    UnknownOffer = 56,
    OfferNotOpen = 57,
    NotCounterparty = 58,
    NotOfferMaker = 59,
    InvalidExpiry = 60,
    // Protocol upgrades
    ProtocolVersionNotNewer = 64,
    ProtocolVersionUnsupported = 65,
    UpgradeHeightInvalid = 66,
    UpgradePending = 67,
    // Changes by referendum
    InvalidParams = 70,
    ValidatorAlreadyPresent = 71,
    UnknownValidator = 72,
    LastValidator = 73,
    LastMember = 74,
    PlantNotRemovable = 76,
    UtilityUnchanged = 77,
    SameAccount = 78,
    InvalidPublicKey = 79,
    // Group data key
    WrongKeyEpoch = 80,
    NoDataKey = 81,
    ShareNotNeeded = 82,
    RotationNotNeeded = 83,
    SharesIncomplete = 84,
    InvalidSealedKeys = 85,
    // Energy readings
    InvalidMonth = 90,
    InvalidReadingDate = 91,
    ReadingTooLarge = 92,
    NotPlantOperator = 93,
    PlantNotOperating = 94,
    ReadingUnchanged = 95,
    OperatorUnchanged = 96,
    // Node-level (not from the rules engine, but reported the same way)
    DevClockRefused = 100,
    MempoolFull = 101,
    DuplicateTransaction = 102,
    WalletError = 103,
    StoreError = 104,
    InvalidArgument = 105,
};

struct ErrorInfo {
    ErrorCode code;
    const char* name;        // stable identifier, e.g. "bad_nonce"
    const char* description; // English, for docs and logs; the UI translates by code
};

const std::vector<ErrorInfo>& all_errors();
const char* error_name(ErrorCode code);
const char* error_description(ErrorCode code);

// A rejection: the code and a specific English message (with the figures
// that explain it: "bid R$ 50,00 is below the minimum of R$ 100,00").
struct Rejection {
    ErrorCode code = ErrorCode::None;
    std::string message;
};

} // namespace chain
