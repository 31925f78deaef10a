#pragma once
// Private member profiles and the group data key.
//
// A profile (full name, consumer-unit number) never appears in plaintext on
// the ledger. It is sealed (crypto::seal_to) to the group data public key of
// the current epoch; the ledger also keeps a commitment to it. Each member
// receives every epoch's data private key sealed to their own public key
// (a key share). The key rotates to a new epoch after a member is removed.

#include "ledger/ledger.h"

#include <optional>
#include <string>
#include <vector>

namespace chain {

inline constexpr std::size_t kFullNameLengthMax = 120;
inline constexpr std::size_t kConsumerUnitLengthMax = 40;
inline constexpr std::uint32_t kKeyEpochsMax = 1000;

struct Profile {
    std::string full_name;
    std::string consumer_unit; // the number on the electricity bill
    Hash256 salt{};            // hides the commitment from guessing

    bool operator==(const Profile&) const = default;
};

// A new profile with a random salt.
Profile make_profile(std::string full_name, std::string consumer_unit);
// Empty when valid; otherwise why not (English).
std::string profile_problem(const Profile& profile);

Hash256 profile_commitment(const Profile& profile);
// The associated data binds the seal to its epoch and data key; the data key
// itself is unique to the group (the group id cannot be used: the founder's
// profile is sealed inside the genesis that defines it).
SealedProfile seal_profile(const Profile& profile, std::uint32_t key_epoch, const PublicKey& data_public_key);

// Every epoch's data private key, index = epoch.
using DataKeyRing = std::vector<SymmetricKey>;

Bytes seal_key_ring(const DataKeyRing& ring, const PublicKey& member_public_key);
std::optional<DataKeyRing> open_key_ring(ByteView sealed, const crypto::KeyPair& member_key);

// Opens a profile with the ring; nullopt if the epoch is not in the ring,
// the seal does not open or the profile does not match its commitment.
std::optional<Profile> open_profile(const SealedProfile& sealed, const Hash256& commitment,
                                    const DataKeyRing& ring);

namespace codec {
void encode(Writer& w, const Profile& v);
void decode(Reader& r, Profile& v);
} // namespace codec

// Everything needed to found a group: the genesis and the founder's data key ring.
struct FoundingInput {
    std::string group_name;
    std::string token_symbol = "SEB";
    bool dev_group = false;
    std::int64_t time_s = 0;
    GroupParams params;
    std::string founder_utility;
    Profile founder_profile;
    // A new group starts at the latest protocol version (ledger.h).
    std::uint32_t protocol_version = kProtocolVersionLatest;
};

struct Founding {
    Genesis genesis;
    DataKeyRing ring;
};

// The founder's node key is the only validator in the embedded default.
Founding found_group(const FoundingInput& input, const crypto::KeyPair& founder,
                     const PublicKey& validator);

} // namespace chain
