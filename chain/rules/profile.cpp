#include "rules/profile.h"

#include <algorithm>

namespace chain {

namespace {

constexpr std::string_view kProfileDomain = "rateio/profile";
constexpr std::string_view kKeyRingDomain = "rateio/keyring";

// The seal of a profile names its epoch and data key, so that a sealed
// profile cannot be passed off as belonging to another epoch.
Bytes profile_aad(std::uint32_t key_epoch, const PublicKey& data_public_key) {
    codec::Writer w;
    w.u32(key_epoch);
    w.fixed(data_public_key);
    return w.take();
}

bool consumer_unit_char(char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '/' || c == ' ';
}

} // namespace

namespace codec {

void encode(Writer& w, const Profile& v) {
    w.str(v.full_name);
    w.str(v.consumer_unit);
    w.fixed(v.salt);
}

void decode(Reader& r, Profile& v) {
    v.full_name = r.str(kFullNameLengthMax);
    v.consumer_unit = r.str(kConsumerUnitLengthMax);
    v.salt = r.fixed<std::tuple_size_v<Hash256>>();
}

} // namespace codec

Profile make_profile(std::string full_name, std::string consumer_unit) {
    Profile profile;
    profile.full_name = std::move(full_name);
    profile.consumer_unit = std::move(consumer_unit);
    const Bytes salt = crypto::random_bytes(profile.salt.size());
    std::copy(salt.begin(), salt.end(), profile.salt.begin());
    return profile;
}

std::string profile_problem(const Profile& profile) {
    if (profile.full_name.empty()) return "the full name is empty";
    if (profile.full_name.size() > kFullNameLengthMax)
        return "the full name is longer than " + std::to_string(kFullNameLengthMax) + " bytes";
    if (profile.consumer_unit.empty()) return "the consumer unit number is empty";
    if (profile.consumer_unit.size() > kConsumerUnitLengthMax)
        return "the consumer unit number is longer than " + std::to_string(kConsumerUnitLengthMax) +
               " characters";
    if (!std::all_of(profile.consumer_unit.begin(), profile.consumer_unit.end(), consumer_unit_char))
        return "the consumer unit number may hold only digits, dots, dashes, slashes and spaces";
    if (std::none_of(profile.consumer_unit.begin(), profile.consumer_unit.end(),
                     [](char c) { return c >= '0' && c <= '9'; }))
        return "the consumer unit number has no digits";
    return {};
}

Hash256 profile_commitment(const Profile& profile) {
    return crypto::tagged_hash(kProfileDomain, codec::to_bytes(profile));
}

SealedProfile seal_profile(const Profile& profile, std::uint32_t key_epoch,
                           const PublicKey& data_public_key) {
    SealedProfile sealed;
    sealed.key_epoch = key_epoch;
    sealed.sealed = crypto::seal_to(data_public_key, kProfileDomain,
                                    profile_aad(key_epoch, data_public_key), codec::to_bytes(profile));
    return sealed;
}

// An empty result for a ring over the epoch limit: the rules refuse empty
// sealed keys, and a ring that large could never be opened again.
Bytes seal_key_ring(const DataKeyRing& ring, const PublicKey& member_public_key) {
    if (ring.empty() || ring.size() > kKeyEpochsMax) return {};
    codec::Writer w;
    w.u32(static_cast<std::uint32_t>(ring.size()));
    for (const SymmetricKey& key : ring) w.fixed(key);
    return crypto::seal_to(member_public_key, kKeyRingDomain, member_public_key, w.data());
}

std::optional<DataKeyRing> open_key_ring(ByteView sealed, const crypto::KeyPair& member_key) {
    const PublicKey& aad = member_key.public_key();
    std::optional<Bytes> plain = crypto::open_sealed(member_key, kKeyRingDomain, aad, sealed);
    if (!plain) return std::nullopt;
    codec::Reader r(*plain);
    const std::uint32_t count = r.count(kKeyEpochsMax);
    DataKeyRing ring;
    for (std::uint32_t i = 0; i < count && r.ok(); ++i)
        ring.push_back(r.fixed<std::tuple_size_v<SymmetricKey>>());
    if (!r.finished() || ring.empty()) return std::nullopt;
    return ring;
}

std::optional<Profile> open_profile(const SealedProfile& sealed, const Hash256& commitment,
                                    const DataKeyRing& ring) {
    if (sealed.key_epoch >= ring.size()) return std::nullopt;
    const std::optional<crypto::KeyPair> data_key = crypto::KeyPair::from_private(ring[sealed.key_epoch]);
    if (!data_key) return std::nullopt;
    std::optional<Bytes> plain =
        crypto::open_sealed(*data_key, kProfileDomain, profile_aad(sealed.key_epoch, data_key->public_key()),
                            sealed.sealed);
    if (!plain) return std::nullopt;
    std::optional<Profile> profile = codec::from_bytes<Profile>(*plain);
    // The commitment on the ledger is what the group agreed on; a seal that
    // opens to anything else was swapped or made by a broken client.
    if (!profile || profile_commitment(*profile) != commitment) return std::nullopt;
    return profile;
}

Founding found_group(const FoundingInput& input, const crypto::KeyPair& founder,
                     const PublicKey& validator) {
    const crypto::KeyPair data_key = crypto::KeyPair::generate();
    Founding founding;
    founding.ring = {data_key.private_bytes()};

    Genesis& g = founding.genesis;
    g.group_name = input.group_name;
    g.token_symbol = input.token_symbol;
    g.dev_group = input.dev_group;
    g.time_s = input.time_s;
    g.params = input.params;
    g.founder = founder.public_key();
    g.founder_utility = input.founder_utility;
    g.founder_profile_commitment = profile_commitment(input.founder_profile);
    g.founder_profile = seal_profile(input.founder_profile, 0, data_key.public_key());
    g.data_public_key = data_key.public_key();
    g.founder_sealed_keys = seal_key_ring(founding.ring, founder.public_key());
    g.validators = {validator};
    g.protocol_version = input.protocol_version;
    const Bytes salt = crypto::random_bytes(g.salt.size());
    std::copy(salt.begin(), salt.end(), g.salt.begin());
    return founding;
}

} // namespace chain
