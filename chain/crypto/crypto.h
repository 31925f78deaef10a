#pragma once
// Cryptographic primitives of the ledger, all on OpenSSL 3.
//
// Keys are P-256 (secp256r1). Signatures are ECDSA over a SHA-256 digest,
// encoded as 64 bytes r||s with s in the lower half of the group order, so
// every signature has exactly one valid encoding. Addresses are Base58Check.
// Nothing here has global state except OpenSSL's random generator.

#include "codec/codec.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace chain {

using Hash256 = std::array<std::uint8_t, 32>;
// Compressed SEC1 point: 0x02/0x03 followed by the 32-byte x coordinate.
using PublicKey = std::array<std::uint8_t, 33>;
using Signature = std::array<std::uint8_t, 64>;
// The first 20 bytes of SHA-256(SHA-256(public key)); shown as an address.
using AccountId = std::array<std::uint8_t, 20>;
using SymmetricKey = std::array<std::uint8_t, 32>;

namespace crypto {

Hash256 sha256(ByteView data);
// SHA-256 of a domain tag followed by data, so that bytes signed or hashed in
// one role can never be replayed in another.
Hash256 tagged_hash(std::string_view domain, ByteView data);

// tagged_hash over data given in pieces: the same hash as of their concatenation.
class TaggedHasher {
public:
    explicit TaggedHasher(std::string_view domain);
    ~TaggedHasher();
    TaggedHasher(const TaggedHasher&) = delete;
    TaggedHasher& operator=(const TaggedHasher&) = delete;

    void update(ByteView data);
    // Once only.
    Hash256 finish();

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

// Cryptographically secure random bytes (OpenSSL RAND_bytes). Aborts if the
// generator fails, since continuing would produce weak keys.
Bytes random_bytes(std::size_t length);

class KeyPair {
public:
    // A fresh random key pair.
    static KeyPair generate();
    // From a 32-byte private scalar; nullopt if it is 0 or >= the group order.
    static std::optional<KeyPair> from_private(ByteView private_scalar);

    KeyPair(const KeyPair&) = default;
    KeyPair& operator=(const KeyPair&) = default;
    ~KeyPair();

    const PublicKey& public_key() const { return public_key_; }
    const SymmetricKey& private_bytes() const { return private_; }
    // Deterministic-or-random ECDSA is an implementation detail; the result is
    // always low-S.
    Signature sign(const Hash256& digest) const;

private:
    KeyPair() = default;
    SymmetricKey private_{};
    PublicKey public_key_{};
};

// False for a high-S signature, an invalid point, or a wrong signature.
bool verify(const PublicKey& public_key, const Hash256& digest, const Signature& signature);
bool is_valid_public_key(const PublicKey& public_key);

AccountId account_id(const PublicKey& public_key);
// Base58Check with version byte kAddressVersion.
std::string address(const AccountId& account);
std::optional<AccountId> parse_address(std::string_view text);
inline constexpr std::uint8_t kAddressVersion = 0x3c;

std::string base58check_encode(ByteView payload);
std::optional<Bytes> base58check_decode(std::string_view text);

// AES-256-GCM with a 12-byte nonce; output is ciphertext followed by the
// 16-byte tag. open returns nullopt if the tag does not verify.
Bytes aes256gcm_seal(const SymmetricKey& key, ByteView nonce12, ByteView aad, ByteView plaintext);
std::optional<Bytes> aes256gcm_open(const SymmetricKey& key, ByteView nonce12, ByteView aad,
                                    ByteView sealed);

// HKDF-SHA-256 (RFC 5869) producing 32 bytes.
SymmetricKey hkdf_sha256(ByteView input_key, ByteView salt, ByteView info);

// ECDH on P-256: the x coordinate of the shared point; nullopt if the peer key
// is invalid.
std::optional<SymmetricKey> ecdh(const KeyPair& mine, const PublicKey& theirs);

// A sealed box to a public key: ephemeral P-256 key, ECDH, HKDF-SHA-256
// (salt = ephemeral public key || recipient public key, info = the domain),
// AES-256-GCM. Layout: ephemeral public key (33) || nonce (12) || ciphertext
// || tag (16). Only the holder of the recipient's private key can open it.
Bytes seal_to(const PublicKey& recipient, std::string_view domain, ByteView aad, ByteView plaintext);
std::optional<Bytes> open_sealed(const KeyPair& recipient, std::string_view domain, ByteView aad,
                                 ByteView sealed);

// The passphrase-encrypted key store: scrypt derives a key from the
// passphrase and a random salt; AES-256-GCM encrypts the 32-byte private key
// with the public key as associated data. The file is versioned.
struct ScryptParams {
    std::uint64_t n = 1u << 15;
    std::uint32_t r = 8;
    std::uint32_t p = 1;
};

// The key store format this code writes and reads. A file of another
// version is refused (KeyStoreError::UnsupportedVersion) and never rewritten.
inline constexpr std::uint16_t kKeyStoreFormatVersion = 1;

Bytes encrypt_key_store(const KeyPair& key, std::string_view passphrase,
                        ScryptParams params = ScryptParams{});

enum class KeyStoreError { None, Malformed, UnsupportedVersion, WrongPassphrase };

struct KeyStoreResult {
    std::optional<KeyPair> key;
    KeyStoreError error = KeyStoreError::None;
};

KeyStoreResult decrypt_key_store(ByteView file, std::string_view passphrase);
// The format version a key store file declares (after its magic), whatever
// it is; nullopt if the file does not start like a key store.
std::optional<std::uint16_t> key_store_version(ByteView file);
// The public key recorded in a key store file, readable without the passphrase.
std::optional<PublicKey> key_store_public_key(ByteView file);

} // namespace crypto
} // namespace chain
