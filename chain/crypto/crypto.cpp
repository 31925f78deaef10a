#include "crypto/crypto.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>

namespace chain::crypto {
namespace {

// --- OpenSSL handle ownership ----------------------------------------------
// Every handle lives in a unique_ptr so that each early return frees it.

template <auto Free>
struct FreeWith {
    template <class T>
    void operator()(T* handle) const noexcept { Free(handle); }
};
template <class T, auto Free>
using Handle = std::unique_ptr<T, FreeWith<Free>>;

using BnPtr = Handle<BIGNUM, BN_free>;
// For BIGNUMs holding a private scalar: wiped before being released.
using SecretBnPtr = Handle<BIGNUM, BN_clear_free>;
using BnCtxPtr = Handle<BN_CTX, BN_CTX_free>;
using GroupPtr = Handle<EC_GROUP, EC_GROUP_free>;
using PointPtr = Handle<EC_POINT, EC_POINT_free>;
using PkeyPtr = Handle<EVP_PKEY, EVP_PKEY_free>;
using PkeyCtxPtr = Handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using MdCtxPtr = Handle<EVP_MD_CTX, EVP_MD_CTX_free>;
using CipherCtxPtr = Handle<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using KdfPtr = Handle<EVP_KDF, EVP_KDF_free>;
using KdfCtxPtr = Handle<EVP_KDF_CTX, EVP_KDF_CTX_free>;
using ParamBldPtr = Handle<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using ParamsPtr = Handle<OSSL_PARAM, OSSL_PARAM_free>;
using EcdsaSigPtr = Handle<ECDSA_SIG, ECDSA_SIG_free>;

// --- Constants --------------------------------------------------------------

constexpr const char* kCurveName = "prime256v1";
constexpr std::size_t kScalarSize = 32;
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;

// The P-256 group order n and floor(n / 2), big-endian. Range checks on
// scalars compare bytes directly instead of allocating BIGNUMs.
constexpr std::array<std::uint8_t, 32> kOrder = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};
constexpr std::array<std::uint8_t, 32> kHalfOrder = {
    0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xDE, 0x73, 0x7D, 0x56, 0xD3, 0x8B, 0xCF, 0x42, 0x79, 0xDC, 0xE5, 0x61, 0x7E, 0x31, 0x92, 0xA8};

using Scalar = std::array<std::uint8_t, kScalarSize>;

// Key store layout constants.
constexpr std::array<std::uint8_t, 8> kKeyStoreMagic = {'R', 'A', 'T', 'E', 'I', 'O', 'K', 'S'};
constexpr std::uint16_t kKeyStoreVersion = kKeyStoreFormatVersion;
constexpr std::size_t kKeyStoreSaltSize = 16;
// scrypt's large table may take this much memory at most (n = 2^20 with r = 2,
// or n = 2^18 with r = 8). It bounds what a hostile key store file can make us
// allocate. OpenSSL also counts 128·r·(p + 2) bytes of small buffers, hence
// the headroom in the limit passed to it.
constexpr std::uint64_t kScryptTableBudget = 256ull * 1024 * 1024;
constexpr std::uint64_t kScryptMaxMemory = kScryptTableBudget + 1024 * 1024;

// --- Small helpers ----------------------------------------------------------

// Anything OpenSSL cannot do for reasons other than bad input (allocation,
// internal error) leaves no safe way to continue in functions without an
// error channel.
[[noreturn]] void fatal() { std::abort(); }

// Big-endian comparison of two equally sized unsigned integers.
int compare_be(const Scalar& a, const Scalar& b) {
    return std::memcmp(a.data(), b.data(), a.size());
}

bool is_zero(const Scalar& a) {
    return std::all_of(a.begin(), a.end(), [](std::uint8_t byte) { return byte == 0; });
}

// a - b for a >= b, big-endian.
Scalar subtract_be(const Scalar& a, const Scalar& b) {
    Scalar out{};
    int borrow = 0;
    for (std::size_t i = a.size(); i-- > 0;) {
        int difference = int(a[i]) - int(b[i]) - borrow;
        borrow = difference < 0 ? 1 : 0;
        out[i] = static_cast<std::uint8_t>(difference + (borrow ? 256 : 0));
    }
    return out;
}

bool is_valid_scalar(const Scalar& k) { return !is_zero(k) && compare_be(k, kOrder) < 0; }

// OSSL_PARAM getters treat a null data pointer as "absent" even when the size
// is zero, so empty inputs point at a harmless byte instead.
void* param_pointer(ByteView data) {
    static const std::uint8_t empty = 0;
    return const_cast<std::uint8_t*>(data.empty() ? &empty : data.data());
}

OSSL_PARAM octet_param(const char* name, ByteView data) {
    return OSSL_PARAM_construct_octet_string(name, param_pointer(data), data.size());
}

ByteView as_bytes(std::string_view text) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

void append(Bytes& out, ByteView data) { out.insert(out.end(), data.begin(), data.end()); }

bool fits_int(std::size_t size) { return size <= static_cast<std::size_t>(INT_MAX); }

// --- Curve arithmetic -------------------------------------------------------

// Building the group costs two Montgomery set-ups (the field and the order),
// about as much as decompressing a point, so one group serves the whole
// process. It is never modified after it is built, and the functions used on
// it (EC_POINT_new, EC_POINT_oct2point, EC_POINT_point2oct, EC_POINT_mul,
// EC_POINT_is_on_curve) take it as const: openssl-threads(7) makes an object
// safe for simultaneous use by several threads as long as none modifies it.
const EC_GROUP* p256_group() {
    static const GroupPtr group(EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1));
    if (!group) fatal();
    return group.get();
}

// Decodes a compressed point; null if it is not a point of the curve.
PointPtr decode_point(const EC_GROUP* group, const PublicKey& public_key, BN_CTX* bn_ctx) {
    if (public_key[0] != 0x02 && public_key[0] != 0x03) return nullptr;
    PointPtr point(EC_POINT_new(group));
    if (!point) return nullptr;
    // oct2point rejects x >= p and x values with no matching y.
    if (EC_POINT_oct2point(group, point.get(), public_key.data(), public_key.size(), bn_ctx) != 1)
        return nullptr;
    if (EC_POINT_is_at_infinity(group, point.get()) ||
        EC_POINT_is_on_curve(group, point.get(), bn_ctx) != 1)
        return nullptr;
    return point;
}

// k·G in compressed form; nullopt only on internal failure.
std::optional<PublicKey> public_key_of(const Scalar& scalar) {
    const EC_GROUP* group = p256_group();
    BnCtxPtr bn_ctx(BN_CTX_new());
    if (!bn_ctx) return std::nullopt;
    SecretBnPtr k(BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), nullptr));
    PointPtr point(EC_POINT_new(group));
    if (!k || !point) return std::nullopt;
    if (EC_POINT_mul(group, point.get(), k.get(), nullptr, nullptr, bn_ctx.get()) != 1)
        return std::nullopt;
    PublicKey out{};
    if (EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_COMPRESSED, out.data(),
                           out.size(), bn_ctx.get()) != out.size())
        return std::nullopt;
    return out;
}

// --- EVP_PKEY construction --------------------------------------------------

PkeyPtr pkey_from_params(const OSSL_PARAM* params, int selection) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
    EVP_PKEY* raw = nullptr;
    if (EVP_PKEY_fromdata(ctx.get(), &raw, selection, const_cast<OSSL_PARAM*>(params)) != 1)
        return nullptr;
    return PkeyPtr(raw);
}

// A key holding only the curve, from which public keys are copied: building
// a key by name builds a new group each time (EVP_PKEY_fromdata), a copy
// shares the template's precomputed tables. EVP_PKEY_dup takes its argument
// as non-const and its thread safety is not documented, so each thread has
// its own template.
EVP_PKEY* public_key_template() {
    thread_local const PkeyPtr key = [] {
        OSSL_PARAM params[] = {
            OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                             const_cast<char*>(kCurveName), 0),
            OSSL_PARAM_construct_end(),
        };
        return pkey_from_params(params, EVP_PKEY_KEY_PARAMETERS);
    }();
    return key.get();
}

// A public-only key, or null if the bytes are not a compressed point of the
// curve. The point is decompressed once (a modular square root, the costly
// part) and handed to OpenSSL uncompressed, which it only checks to be on
// the curve.
PkeyPtr public_pkey(const PublicKey& public_key) {
    const EC_GROUP* group = p256_group();
    BnCtxPtr bn_ctx(BN_CTX_new());
    if (!bn_ctx) return nullptr;
    const PointPtr point = decode_point(group, public_key, bn_ctx.get());
    if (!point) return nullptr;
    std::array<std::uint8_t, 1 + 2 * kScalarSize> uncompressed{};
    if (EC_POINT_point2oct(group, point.get(), POINT_CONVERSION_UNCOMPRESSED, uncompressed.data(),
                           uncompressed.size(), bn_ctx.get()) != uncompressed.size())
        return nullptr;
    EVP_PKEY* key_template = public_key_template();
    if (!key_template) return nullptr;
    PkeyPtr pkey(EVP_PKEY_dup(key_template));
    if (!pkey || EVP_PKEY_set1_encoded_public_key(pkey.get(), uncompressed.data(),
                                                  uncompressed.size()) != 1)
        return nullptr;
    return pkey;
}

PkeyPtr private_pkey(const SymmetricKey& private_scalar, const PublicKey& public_key) {
    SecretBnPtr k(BN_secure_new());
    if (!k || !BN_bin2bn(private_scalar.data(), static_cast<int>(private_scalar.size()), k.get()))
        return nullptr;
    ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, kCurveName,
                                        0) != 1 ||
        OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                         public_key.data(), public_key.size()) != 1 ||
        OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_PRIV_KEY, k.get()) != 1)
        return nullptr;
    ParamsPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
    if (!params) return nullptr;
    return pkey_from_params(params.get(), EVP_PKEY_KEYPAIR);
}

// --- ECDSA signature encoding -----------------------------------------------

// The DER of an ECDSA signature on P-256: a SEQUENCE of two INTEGERs of at
// most 33 bytes each (a 32-byte scalar and a zero byte when its top bit is
// set), so every length fits one byte.
constexpr std::size_t kDerSignatureMax = 2 + 2 * (2 + kScalarSize + 1);
struct DerSignature {
    std::array<std::uint8_t, kDerSignatureMax> bytes{};
    std::size_t size = 0;
};

// Appends a non-negative scalar as a minimal DER INTEGER: leading zero bytes
// dropped, one put back when the first byte left has its top bit set.
void append_der_integer(DerSignature& der, const Scalar& value) {
    std::size_t first = 0;
    while (first + 1 < value.size() && value[first] == 0) ++first;
    const bool pad = (value[first] & 0x80) != 0;
    der.bytes[der.size++] = 0x02;
    der.bytes[der.size++] = static_cast<std::uint8_t>(value.size() - first + (pad ? 1 : 0));
    if (pad) der.bytes[der.size++] = 0x00;
    for (std::size_t i = first; i < value.size(); ++i) der.bytes[der.size++] = value[i];
}

// r||s to DER for OpenSSL, written here rather than through ECDSA_SIG and
// two BIGNUMs: verification runs once per transaction, on every core.
DerSignature signature_to_der(const Scalar& r, const Scalar& s) {
    DerSignature der;
    der.bytes[der.size++] = 0x30;
    der.size++; // the SEQUENCE's length, known once both integers are in
    append_der_integer(der, r);
    append_der_integer(der, s);
    der.bytes[1] = static_cast<std::uint8_t>(der.size - 2);
    return der;
}

// DER from OpenSSL to r and s; false on internal failure.
bool signature_from_der(const Bytes& der, Scalar& r, Scalar& s) {
    const unsigned char* cursor = der.data();
    EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size())));
    if (!sig) return false;
    const BIGNUM* r_bn = nullptr;
    const BIGNUM* s_bn = nullptr;
    ECDSA_SIG_get0(sig.get(), &r_bn, &s_bn);
    return BN_bn2binpad(r_bn, r.data(), static_cast<int>(r.size())) == int(r.size()) &&
           BN_bn2binpad(s_bn, s.data(), static_cast<int>(s.size())) == int(s.size());
}

// --- KDFs -------------------------------------------------------------------

bool kdf_derive(const char* algorithm, const OSSL_PARAM* params, std::uint8_t* out,
                std::size_t out_size) {
    KdfPtr kdf(EVP_KDF_fetch(nullptr, algorithm, nullptr));
    if (!kdf) return false;
    KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
    return ctx && EVP_KDF_derive(ctx.get(), out, out_size, params) == 1;
}

// The bounds a key store file may declare; anything else is treated as
// malformed rather than attempted, so a hostile file cannot make us spend
// unbounded time or memory. Besides the per-parameter ranges, the large
// table (128·r·n bytes) must fit kScryptTableBudget, and scrypt's own rule
// n < 2^(16·r) must hold (it only binds for r = 1, capping n at 2^15).
bool plausible_scrypt(const ScryptParams& params) {
    const bool n_ok = params.n >= (1ull << 10) && params.n <= (1ull << 20) &&
                      (params.n & (params.n - 1)) == 0;
    const bool r_ok = params.r >= 1 && params.r <= 16;
    const bool p_ok = params.p >= 1 && params.p <= 4;
    if (!n_ok || !r_ok || !p_ok) return false;
    const bool scrypt_rule_ok = params.r >= 4 || params.n < (1ull << (16 * params.r));
    return scrypt_rule_ok && 128ull * params.r * params.n <= kScryptTableBudget;
}

std::optional<SymmetricKey> scrypt_key(std::string_view passphrase, ByteView salt,
                                       const ScryptParams& scrypt) {
    std::uint64_t n = scrypt.n;
    std::uint32_t r = scrypt.r;
    std::uint32_t p = scrypt.p;
    std::uint64_t max_memory = kScryptMaxMemory;
    OSSL_PARAM params[] = {
        octet_param(OSSL_KDF_PARAM_PASSWORD, as_bytes(passphrase)),
        octet_param(OSSL_KDF_PARAM_SALT, salt),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
        OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &max_memory),
        OSSL_PARAM_construct_end(),
    };
    SymmetricKey key{};
    if (!kdf_derive("SCRYPT", params, key.data(), key.size())) {
        OPENSSL_cleanse(key.data(), key.size());
        return std::nullopt;
    }
    return key;
}

// The associated data that binds the ciphertext to the file's header.
Bytes key_store_aad(const PublicKey& public_key) {
    codec::Writer writer;
    writer.fixed(kKeyStoreMagic);
    writer.u16(kKeyStoreVersion);
    writer.fixed(public_key);
    return writer.take();
}

// --- Base58 -----------------------------------------------------------------

constexpr std::string_view kBase58Alphabet =
    "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
constexpr std::size_t kBase58MaxText = 128;

int base58_value(char c) {
    const std::size_t index = kBase58Alphabet.find(c);
    return index == std::string_view::npos ? -1 : static_cast<int>(index);
}

std::array<std::uint8_t, 4> checksum(ByteView payload) {
    const Hash256 first = sha256(payload);
    const Hash256 second = sha256(first);
    return {second[0], second[1], second[2], second[3]};
}

std::string base58_encode(ByteView data) {
    const std::size_t zeros = static_cast<std::size_t>(
        std::find_if(data.begin(), data.end(), [](std::uint8_t b) { return b != 0; }) -
        data.begin());
    // Base-58 digits, least significant first; log(256)/log(58) < 1.38.
    std::vector<std::uint8_t> digits;
    digits.reserve(data.size() * 138 / 100 + 1);
    for (std::size_t i = zeros; i < data.size(); ++i) {
        unsigned carry = data[i];
        for (std::uint8_t& digit : digits) {
            carry += unsigned(digit) << 8;
            digit = static_cast<std::uint8_t>(carry % 58);
            carry /= 58;
        }
        while (carry > 0) {
            digits.push_back(static_cast<std::uint8_t>(carry % 58));
            carry /= 58;
        }
    }
    std::string out(zeros, '1');
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) out.push_back(kBase58Alphabet[*it]);
    return out;
}

std::optional<Bytes> base58_decode(std::string_view text) {
    const std::size_t ones = static_cast<std::size_t>(
        std::find_if(text.begin(), text.end(), [](char c) { return c != '1'; }) - text.begin());
    // Base-256 bytes, least significant first.
    std::vector<std::uint8_t> bytes;
    for (std::size_t i = ones; i < text.size(); ++i) {
        const int value = base58_value(text[i]);
        if (value < 0) return std::nullopt;
        unsigned carry = static_cast<unsigned>(value);
        for (std::uint8_t& byte : bytes) {
            carry += unsigned(byte) * 58;
            byte = static_cast<std::uint8_t>(carry & 0xff);
            carry >>= 8;
        }
        while (carry > 0) {
            bytes.push_back(static_cast<std::uint8_t>(carry & 0xff));
            carry >>= 8;
        }
    }
    Bytes out(ones, 0);
    out.insert(out.end(), bytes.rbegin(), bytes.rend());
    return out;
}

} // namespace

// --- Hashing and randomness -------------------------------------------------

namespace {

// Given EVP_sha256(), OpenSSL 3 looks the algorithm up in its provider store,
// under its locks, at every initialisation. Fetched once, that look-up is
// skipped: a 33-byte hash (an account id is two) went from about 340 ns to
// 130 ns, and to 90 ns with a context kept per thread. The fetched algorithm
// is kept for the life of the process.
const EVP_MD* sha256_algorithm() {
    static const EVP_MD* const algorithm = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    if (!algorithm) fatal();
    return algorithm;
}

// A context initialised once per thread, copied for each hash: the copy
// skips the initialisation's provider calls. A 67-byte hash (an interior
// node of the state's tries) went from 270 ns to 175 ns.
const MdCtxPtr& sha256_initialised_context() {
    thread_local const MdCtxPtr initialised = [] {
        MdCtxPtr ctx(EVP_MD_CTX_new());
        if (!ctx || EVP_DigestInit_ex(ctx.get(), sha256_algorithm(), nullptr) != 1) fatal();
        return ctx;
    }();
    return initialised;
}

} // namespace

Hash256 sha256(ByteView data) try {
    thread_local const MdCtxPtr ctx(EVP_MD_CTX_new());
    Hash256 out{};
    unsigned int length = 0;
    if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), sha256_initialised_context().get()) != 1 ||
        EVP_DigestUpdate(ctx.get(), data.data(), data.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), out.data(), &length) != 1 || length != out.size())
        fatal();
    return out;
} catch (...) {
    fatal();
}

struct TaggedHasher::Context {
    MdCtxPtr md;
};

TaggedHasher::TaggedHasher(std::string_view domain) try : context_(new Context{MdCtxPtr(EVP_MD_CTX_new())}) {
    const auto size = static_cast<std::uint32_t>(domain.size());
    const std::uint8_t prefix[4] = {static_cast<std::uint8_t>(size >> 24),
                                    static_cast<std::uint8_t>(size >> 16),
                                    static_cast<std::uint8_t>(size >> 8),
                                    static_cast<std::uint8_t>(size)};
    EVP_MD_CTX* ctx = context_->md.get();
    if (!ctx || EVP_DigestInit_ex(ctx, sha256_algorithm(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx, prefix, sizeof prefix) != 1 || EVP_DigestUpdate(ctx, domain.data(), domain.size()) != 1)
        fatal();
} catch (...) {
    fatal();
}

TaggedHasher::~TaggedHasher() = default;

void TaggedHasher::update(ByteView data) {
    if (EVP_DigestUpdate(context_->md.get(), data.data(), data.size()) != 1) fatal();
}

Hash256 TaggedHasher::finish() {
    Hash256 out{};
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_->md.get(), out.data(), &length) != 1 || length != out.size()) fatal();
    return out;
}

Hash256 tagged_hash(std::string_view domain, ByteView data) {
    TaggedHasher hasher(domain);
    hasher.update(data);
    return hasher.finish();
}

Bytes random_bytes(std::size_t length) try {
    Bytes out(length);
    // RAND_bytes takes an int; large requests are filled in chunks.
    std::size_t done = 0;
    while (done < length) {
        const std::size_t chunk = std::min<std::size_t>(length - done, 1u << 20);
        if (RAND_bytes(out.data() + done, static_cast<int>(chunk)) != 1) fatal();
        done += chunk;
    }
    return out;
} catch (...) {
    fatal();
}

// --- KeyPair ----------------------------------------------------------------

KeyPair KeyPair::generate() try {
    // Rejection sampling keeps the scalar uniform in [1, n-1]; a retry is
    // needed with probability about 2^-32.
    for (;;) {
        Bytes candidate = random_bytes(kScalarSize);
        std::optional<KeyPair> key = from_private(candidate);
        OPENSSL_cleanse(candidate.data(), candidate.size());
        if (key) return *key;
    }
} catch (...) {
    fatal();
}

std::optional<KeyPair> KeyPair::from_private(ByteView private_scalar) try {
    if (private_scalar.size() != kScalarSize) return std::nullopt;
    KeyPair key;
    std::copy(private_scalar.begin(), private_scalar.end(), key.private_.begin());
    if (!is_valid_scalar(key.private_)) return std::nullopt;
    const std::optional<PublicKey> public_key = public_key_of(key.private_);
    if (!public_key) return std::nullopt;
    key.public_key_ = *public_key;
    return key;
} catch (...) {
    return std::nullopt;
}

KeyPair::~KeyPair() { OPENSSL_cleanse(private_.data(), private_.size()); }

Signature KeyPair::sign(const Hash256& digest) const try {
    // The key is valid by construction, so any failure below is internal.
    PkeyPtr pkey = private_pkey(private_, public_key_);
    if (!pkey) fatal();
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    std::size_t der_size = 0;
    // No signature digest is set, so OpenSSL signs the 32 bytes as given.
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
        EVP_PKEY_sign(ctx.get(), nullptr, &der_size, digest.data(), digest.size()) != 1)
        fatal();
    Bytes der(der_size);
    if (EVP_PKEY_sign(ctx.get(), der.data(), &der_size, digest.data(), digest.size()) != 1) fatal();
    der.resize(der_size);

    Scalar r{};
    Scalar s{};
    if (!signature_from_der(der, r, s)) fatal();
    // (r, s) and (r, n - s) are both valid; only the low one is canonical.
    if (compare_be(s, kHalfOrder) > 0) s = subtract_be(kOrder, s);

    Signature out{};
    std::copy(r.begin(), r.end(), out.begin());
    std::copy(s.begin(), s.end(), out.begin() + kScalarSize);
    return out;
} catch (...) {
    fatal();
}

// --- Verification -----------------------------------------------------------

bool is_valid_public_key(const PublicKey& public_key) try {
    BnCtxPtr bn_ctx(BN_CTX_new());
    if (!bn_ctx) return false;
    return decode_point(p256_group(), public_key, bn_ctx.get()) != nullptr;
} catch (...) {
    return false;
}

namespace {

// Decoding a compressed key costs about as much as the verification itself
// (a modular square root). Members sign many transactions, so the decoded keys of
// recent authors are kept, shared by the threads that check a block: at most
// kDecodedKeysMax of them, all dropped when it is full. Only keys that
// decoded are kept, so a hit means exactly what the two checks would say.
constexpr std::size_t kDecodedKeysMax = 4096;

std::shared_ptr<EVP_PKEY> decoded_public_key(const PublicKey& public_key) {
    static std::mutex mutex;
    static std::map<PublicKey, std::shared_ptr<EVP_PKEY>> decoded;
    {
        std::lock_guard lock(mutex);
        if (const auto it = decoded.find(public_key); it != decoded.end()) return it->second;
    }
    PkeyPtr pkey = public_pkey(public_key);
    if (!pkey) return nullptr;
    // An EVP_PKEY that is no longer modified may be used by several threads at once.
    std::shared_ptr<EVP_PKEY> shared(pkey.release(), EVP_PKEY_free);
    std::lock_guard lock(mutex);
    if (decoded.size() >= kDecodedKeysMax) decoded.clear();
    decoded.emplace(public_key, shared);
    return shared;
}

// A context made ready to verify costs a provider look-up under OpenSSL's
// locks, and the shared key cache above costs a lock and a reference count
// on the same key for every thread. Each thread therefore keeps its own
// ready contexts, one per key, for the threads that check blocks' signatures
// side by side: at most kVerifyContextsPerThreadMax, all dropped when full.
// A context holds its own reference to the key.
constexpr std::size_t kVerifyContextsPerThreadMax = 1024;

EVP_PKEY_CTX* verify_context(const PublicKey& public_key) {
    thread_local std::map<PublicKey, PkeyCtxPtr> contexts;
    if (const auto it = contexts.find(public_key); it != contexts.end()) return it->second.get();
    const std::shared_ptr<EVP_PKEY> pkey = decoded_public_key(public_key);
    if (!pkey) return nullptr;
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) return nullptr;
    if (contexts.size() >= kVerifyContextsPerThreadMax) contexts.clear();
    return contexts.emplace(public_key, std::move(ctx)).first->second.get();
}

} // namespace

bool verify(const PublicKey& public_key, const Hash256& digest, const Signature& signature) try {
    Scalar r{};
    Scalar s{};
    std::copy(signature.begin(), signature.begin() + kScalarSize, r.begin());
    std::copy(signature.begin() + kScalarSize, signature.end(), s.begin());
    // Canonical encoding only: 0 < r < n and 0 < s <= n/2.
    if (!is_valid_scalar(r) || is_zero(s) || compare_be(s, kHalfOrder) > 0) return false;

    EVP_PKEY_CTX* ctx = verify_context(public_key);
    if (!ctx) return false;
    const DerSignature der = signature_to_der(r, s);
    if (EVP_PKEY_verify(ctx, der.bytes.data(), der.size, digest.data(), digest.size()) == 1) return true;
    // A wrong signature leaves its reasons on this thread's error queue;
    // they would pile up there for as long as the thread lives.
    ERR_clear_error();
    return false;
} catch (...) {
    return false;
}

// --- Accounts and addresses -------------------------------------------------

AccountId account_id(const PublicKey& public_key) {
    const Hash256 digest = sha256(sha256(public_key));
    AccountId out{};
    std::copy(digest.begin(), digest.begin() + out.size(), out.begin());
    return out;
}

std::string address(const AccountId& account) try {
    Bytes payload;
    payload.reserve(1 + account.size());
    payload.push_back(kAddressVersion);
    append(payload, account);
    return base58check_encode(payload);
} catch (...) {
    fatal();
}

std::optional<AccountId> parse_address(std::string_view text) try {
    const std::optional<Bytes> payload = base58check_decode(text);
    AccountId out{};
    if (!payload || payload->size() != 1 + out.size() || (*payload)[0] != kAddressVersion)
        return std::nullopt;
    std::copy(payload->begin() + 1, payload->end(), out.begin());
    return out;
} catch (...) {
    return std::nullopt;
}

std::string base58check_encode(ByteView payload) try {
    Bytes data(payload.begin(), payload.end());
    append(data, checksum(payload));
    return base58_encode(data);
} catch (...) {
    fatal();
}

std::optional<Bytes> base58check_decode(std::string_view text) try {
    if (text.size() > kBase58MaxText) return std::nullopt;
    std::optional<Bytes> data = base58_decode(text);
    if (!data || data->size() < 4) return std::nullopt;
    const std::size_t payload_size = data->size() - 4;
    const auto expected = checksum(ByteView(data->data(), payload_size));
    if (!std::equal(expected.begin(), expected.end(), data->begin() + payload_size))
        return std::nullopt;
    data->resize(payload_size);
    return data;
} catch (...) {
    return std::nullopt;
}

// --- AES-256-GCM ------------------------------------------------------------

namespace {

// EVP_aes_256_gcm() makes every EVP_EncryptInit_ex look the implementation
// up in the providers again, under their locks: 3 % of a validator's time
// under the consensus benchmark, where every network frame is sealed or
// opened with its own context. Fetched once, as sha256_algorithm() does; a
// fetched cipher is only read by the contexts that use it.
const EVP_CIPHER* aes256gcm_algorithm() {
    static const EVP_CIPHER* const algorithm = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
    if (!algorithm) fatal();
    return algorithm;
}

} // namespace

Bytes aes256gcm_seal(const SymmetricKey& key, ByteView nonce12, ByteView aad,
                     ByteView plaintext) try {
    // A wrong nonce size or a >2 GiB message is a caller bug, not bad input.
    if (nonce12.size() != kNonceSize || !fits_int(aad.size()) || !fits_int(plaintext.size()))
        fatal();
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx ||
        EVP_EncryptInit_ex(ctx.get(), aes256gcm_algorithm(), nullptr, key.data(), nonce12.data()) != 1)
        fatal();
    int length = 0;
    if (!aad.empty() &&
        EVP_EncryptUpdate(ctx.get(), nullptr, &length, aad.data(), int(aad.size())) != 1)
        fatal();
    Bytes out(plaintext.size() + kTagSize);
    int written = 0;
    if (!plaintext.empty() && EVP_EncryptUpdate(ctx.get(), out.data(), &written, plaintext.data(),
                                                int(plaintext.size())) != 1)
        fatal();
    if (EVP_EncryptFinal_ex(ctx.get(), out.data() + written, &length) != 1) fatal();
    written += length;
    if (std::size_t(written) != plaintext.size() ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, int(kTagSize),
                            out.data() + plaintext.size()) != 1)
        fatal();
    return out;
} catch (...) {
    fatal();
}

std::optional<Bytes> aes256gcm_open(const SymmetricKey& key, ByteView nonce12, ByteView aad,
                                    ByteView sealed) try {
    if (nonce12.size() != kNonceSize || sealed.size() < kTagSize || !fits_int(aad.size()) ||
        !fits_int(sealed.size()))
        return std::nullopt;
    const std::size_t text_size = sealed.size() - kTagSize;
    CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), aes256gcm_algorithm(), nullptr, key.data(), nonce12.data()) != 1)
        return std::nullopt;
    int length = 0;
    if (!aad.empty() &&
        EVP_DecryptUpdate(ctx.get(), nullptr, &length, aad.data(), int(aad.size())) != 1)
        return std::nullopt;
    Bytes out(text_size);
    int written = 0;
    if (text_size > 0 &&
        EVP_DecryptUpdate(ctx.get(), out.data(), &written, sealed.data(), int(text_size)) != 1)
        return std::nullopt;
    // The ctrl takes a non-const pointer but only reads the tag.
    auto* tag = const_cast<std::uint8_t*>(sealed.data() + text_size);
    if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, int(kTagSize), tag) != 1)
        return std::nullopt;
    if (EVP_DecryptFinal_ex(ctx.get(), out.data() + written, &length) != 1) {
        // Never hand back (or leave around) plaintext that failed authentication.
        OPENSSL_cleanse(out.data(), out.size());
        return std::nullopt;
    }
    return out;
} catch (...) {
    return std::nullopt;
}

// --- Key derivation and agreement -------------------------------------------

SymmetricKey hkdf_sha256(ByteView input_key, ByteView salt, ByteView info) try {
    OSSL_PARAM params[5];
    std::size_t count = 0;
    params[count++] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST,
                                                       const_cast<char*>("SHA256"), 0);
    params[count++] = octet_param(OSSL_KDF_PARAM_KEY, input_key);
    // RFC 5869 treats a missing salt as HashLen zero bytes, which is what an
    // empty HMAC key amounts to; omitting it avoids empty-parameter corners.
    if (!salt.empty()) params[count++] = octet_param(OSSL_KDF_PARAM_SALT, salt);
    if (!info.empty()) params[count++] = octet_param(OSSL_KDF_PARAM_INFO, info);
    params[count] = OSSL_PARAM_construct_end();
    SymmetricKey out{};
    if (!kdf_derive("HKDF", params, out.data(), out.size())) fatal();
    return out;
} catch (...) {
    fatal();
}

std::optional<SymmetricKey> ecdh(const KeyPair& mine, const PublicKey& theirs) try {
    PkeyPtr peer = public_pkey(theirs);
    if (!peer) return std::nullopt;
    PkeyPtr own = private_pkey(mine.private_bytes(), mine.public_key());
    if (!own || !peer) return std::nullopt;
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        EVP_PKEY_derive_set_peer(ctx.get(), peer.get()) != 1)
        return std::nullopt;
    SymmetricKey shared{};
    std::size_t length = shared.size();
    // OpenSSL left-pads the x coordinate to the field size.
    if (EVP_PKEY_derive(ctx.get(), shared.data(), &length) != 1 || length != shared.size()) {
        OPENSSL_cleanse(shared.data(), shared.size());
        return std::nullopt;
    }
    return shared;
} catch (...) {
    return std::nullopt;
}

// --- Sealed boxes -----------------------------------------------------------

namespace {

SymmetricKey sealed_box_key(SymmetricKey& shared, const PublicKey& ephemeral,
                            const PublicKey& recipient, std::string_view domain) {
    Bytes salt;
    salt.reserve(ephemeral.size() + recipient.size());
    append(salt, ephemeral);
    append(salt, recipient);
    const SymmetricKey key = hkdf_sha256(shared, salt, as_bytes(domain));
    OPENSSL_cleanse(shared.data(), shared.size());
    return key;
}

} // namespace

// Returns an empty box (which open_sealed rejects) if the recipient key is not
// a valid point: recipient keys can come from untrusted data.
Bytes seal_to(const PublicKey& recipient, std::string_view domain, ByteView aad,
              ByteView plaintext) try {
    const KeyPair ephemeral = KeyPair::generate();
    std::optional<SymmetricKey> shared = ecdh(ephemeral, recipient);
    if (!shared) return {};
    SymmetricKey key = sealed_box_key(*shared, ephemeral.public_key(), recipient, domain);
    const Bytes nonce = random_bytes(kNonceSize);
    const Bytes ciphertext = aes256gcm_seal(key, nonce, aad, plaintext);
    OPENSSL_cleanse(key.data(), key.size());

    Bytes out;
    out.reserve(ephemeral.public_key().size() + nonce.size() + ciphertext.size());
    append(out, ephemeral.public_key());
    append(out, nonce);
    append(out, ciphertext);
    return out;
} catch (...) {
    fatal();
}

std::optional<Bytes> open_sealed(const KeyPair& recipient, std::string_view domain, ByteView aad,
                                 ByteView sealed) try {
    const std::size_t header = std::tuple_size_v<PublicKey> + kNonceSize;
    if (sealed.size() < header + kTagSize) return std::nullopt;
    PublicKey ephemeral{};
    std::copy(sealed.begin(), sealed.begin() + ephemeral.size(), ephemeral.begin());
    std::optional<SymmetricKey> shared = ecdh(recipient, ephemeral);
    if (!shared) return std::nullopt;
    SymmetricKey key = sealed_box_key(*shared, ephemeral, recipient.public_key(), domain);
    const ByteView nonce = sealed.subspan(ephemeral.size(), kNonceSize);
    std::optional<Bytes> plaintext = aes256gcm_open(key, nonce, aad, sealed.subspan(header));
    OPENSSL_cleanse(key.data(), key.size());
    return plaintext;
} catch (...) {
    return std::nullopt;
}

// --- Key store --------------------------------------------------------------

// Aborts on parameters decrypt_key_store would refuse: writing a key store
// that can never be opened again would silently lose the key.
Bytes encrypt_key_store(const KeyPair& key, std::string_view passphrase,
                        ScryptParams params) try {
    if (!plausible_scrypt(params)) fatal();
    const Bytes salt = random_bytes(kKeyStoreSaltSize);
    const Bytes nonce = random_bytes(kNonceSize);
    std::optional<SymmetricKey> file_key = scrypt_key(passphrase, salt, params);
    if (!file_key) fatal();
    const Bytes ciphertext =
        aes256gcm_seal(*file_key, nonce, key_store_aad(key.public_key()), key.private_bytes());
    OPENSSL_cleanse(file_key->data(), file_key->size());

    codec::Writer writer;
    writer.fixed(kKeyStoreMagic);
    writer.u16(kKeyStoreVersion);
    writer.fixed(key.public_key());
    writer.u64(params.n);
    writer.u32(params.r);
    writer.u32(params.p);
    writer.bytes(salt);
    writer.fixed(nonce);
    writer.bytes(ciphertext);
    return writer.take();
} catch (...) {
    fatal();
}

namespace {

struct KeyStoreFile {
    PublicKey public_key{};
    ScryptParams scrypt;
    Bytes salt;
    std::array<std::uint8_t, kNonceSize> nonce{};
    Bytes ciphertext;
};

// Magic and version; on success the reader stands at the public key.
KeyStoreError read_key_store_header(codec::Reader& reader) {
    const auto magic = reader.fixed<kKeyStoreMagic.size()>();
    if (!reader.ok() || magic != kKeyStoreMagic) return KeyStoreError::Malformed;
    const std::uint16_t version = reader.u16();
    if (!reader.ok()) return KeyStoreError::Malformed;
    if (version != kKeyStoreVersion) return KeyStoreError::UnsupportedVersion;
    return KeyStoreError::None;
}

KeyStoreError parse_key_store(ByteView bytes, KeyStoreFile& file) {
    codec::Reader reader(bytes);
    if (const KeyStoreError error = read_key_store_header(reader); error != KeyStoreError::None)
        return error;
    file.public_key = reader.fixed<std::tuple_size_v<PublicKey>>();
    file.scrypt.n = reader.u64();
    file.scrypt.r = reader.u32();
    file.scrypt.p = reader.u32();
    file.salt = reader.bytes(kKeyStoreSaltSize);
    file.nonce = reader.fixed<kNonceSize>();
    file.ciphertext = reader.bytes(kScalarSize + kTagSize);
    const bool well_formed = reader.finished() && file.salt.size() == kKeyStoreSaltSize &&
                             file.ciphertext.size() == kScalarSize + kTagSize &&
                             plausible_scrypt(file.scrypt) && is_valid_public_key(file.public_key);
    return well_formed ? KeyStoreError::None : KeyStoreError::Malformed;
}

KeyStoreResult key_store_failure(KeyStoreError error) { return KeyStoreResult{std::nullopt, error}; }

} // namespace

KeyStoreResult decrypt_key_store(ByteView bytes, std::string_view passphrase) try {
    KeyStoreFile file;
    if (const KeyStoreError error = parse_key_store(bytes, file); error != KeyStoreError::None)
        return key_store_failure(error);

    std::optional<SymmetricKey> file_key = scrypt_key(passphrase, file.salt, file.scrypt);
    if (!file_key) return key_store_failure(KeyStoreError::Malformed);
    std::optional<Bytes> scalar =
        aes256gcm_open(*file_key, file.nonce, key_store_aad(file.public_key), file.ciphertext);
    OPENSSL_cleanse(file_key->data(), file_key->size());
    // With the header authenticated, a failing tag means the passphrase is wrong
    // (or the salt, parameters, nonce or ciphertext were altered).
    if (!scalar) return key_store_failure(KeyStoreError::WrongPassphrase);

    std::optional<KeyPair> key = KeyPair::from_private(*scalar);
    OPENSSL_cleanse(scalar->data(), scalar->size());
    // Authentic but inconsistent content: written by a broken encoder.
    if (!key || key->public_key() != file.public_key)
        return key_store_failure(KeyStoreError::Malformed);
    return KeyStoreResult{std::move(key), KeyStoreError::None};
} catch (...) {
    return key_store_failure(KeyStoreError::Malformed);
}

std::optional<std::uint16_t> key_store_version(ByteView bytes) try {
    codec::Reader reader(bytes);
    const auto magic = reader.fixed<kKeyStoreMagic.size()>();
    if (!reader.ok() || magic != kKeyStoreMagic) return std::nullopt;
    const std::uint16_t version = reader.u16();
    if (!reader.ok()) return std::nullopt;
    return version;
} catch (...) {
    return std::nullopt;
}

std::optional<PublicKey> key_store_public_key(ByteView bytes) try {
    codec::Reader reader(bytes);
    if (read_key_store_header(reader) != KeyStoreError::None) return std::nullopt;
    const auto public_key = reader.fixed<std::tuple_size_v<PublicKey>>();
    if (!reader.ok() || !is_valid_public_key(public_key)) return std::nullopt;
    return public_key;
} catch (...) {
    return std::nullopt;
}

} // namespace chain::crypto
