// A wallet file (crypto key store) as WalletStore reads it from disk or
// imports it from wherever the user points: header readers on every input,
// and a full decrypt with the seeds' passphrase when the declared scrypt cost
// is the cheapest (n = 2^10, r = 1, p = 1). Dearer parameters are refused or
// accepted by the same parser, but running scrypt at up to 256 MiB for
// every mutated input would leave the fuzzer a few runs a second; the
// decrypt path past the parser is OpenSSL's.
#include "fuzz_support.h"

#include <string_view>

namespace {

inline constexpr std::string_view kSeedPassphrase = "fuzz passphrase";
// Magic (4) + version (2) + public key (33) precede n (u64), r (u32), p (u32).
inline constexpr std::size_t kScryptOffset = 4 + 2 + 33;

bool cheapest_scrypt(chain::ByteView file) {
    if (file.size() < kScryptOffset + 16) return false;
    chain::codec::Reader reader(file.subspan(kScryptOffset, 16));
    const std::uint64_t n = reader.u64();
    const std::uint32_t r = reader.u32();
    const std::uint32_t p = reader.u32();
    return n == (1u << 10) && r == 1 && p == 1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const ByteView input(data, size);
    const std::optional<std::uint16_t> version = crypto::key_store_version(input);
    const std::optional<PublicKey> public_key = crypto::key_store_public_key(input);
    if (public_key) fuzz::require(version == crypto::kKeyStoreFormatVersion, "public key read from a foreign format");
    if (!cheapest_scrypt(input)) return 0;
    const crypto::KeyStoreResult opened = crypto::decrypt_key_store(input, kSeedPassphrase);
    fuzz::require(opened.key.has_value() == (opened.error == crypto::KeyStoreError::None), "key and error disagree");
    if (opened.key) {
        fuzz::require(public_key && opened.key->public_key() == *public_key, "decrypted key differs from the header's");
        // The ciphertext is authenticated: only the seed's exact bytes open.
        const crypto::KeyStoreResult wrong = crypto::decrypt_key_store(input, "not the passphrase");
        fuzz::require(!wrong.key && wrong.error == crypto::KeyStoreError::WrongPassphrase, "a wrong passphrase opened the wallet");
    }
    return 0;
}
