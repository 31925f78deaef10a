// Known-answer and adversarial tests for chain/crypto.

#include "crypto/crypto.h"

#include <QtTest>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>
#include <string>

using namespace chain;
using namespace chain::crypto;

namespace {

Bytes hex(std::string_view text) {
    Bytes out;
    if (!codec::from_hex(text, out)) qFatal("bad hex literal in test: %s", std::string(text).c_str());
    return out;
}

template <std::size_t N>
std::array<std::uint8_t, N> hex_array(std::string_view text) {
    const Bytes raw = hex(text);
    if (raw.size() != N) qFatal("hex literal has the wrong size: %s", std::string(text).c_str());
    std::array<std::uint8_t, N> out{};
    std::copy(raw.begin(), raw.end(), out.begin());
    return out;
}

std::string to_hex(ByteView data) { return codec::to_hex(data); }

ByteView bytes_of(std::string_view text) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

Hash256 random_digest() {
    const Bytes raw = random_bytes(32);
    Hash256 out{};
    std::copy(raw.begin(), raw.end(), out.begin());
    return out;
}

SymmetricKey random_key() {
    const Bytes raw = random_bytes(32);
    SymmetricKey out{};
    std::copy(raw.begin(), raw.end(), out.begin());
    return out;
}

// P-256 group order and half order (SEC 2), independent of the implementation.
const auto kOrder =
    hex_array<32>("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");
const auto kHalfOrder =
    hex_array<32>("7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8");

// n - s, big-endian, for s < n.
std::array<std::uint8_t, 32> order_minus(const std::array<std::uint8_t, 32>& s) {
    std::array<std::uint8_t, 32> out{};
    int borrow = 0;
    for (std::size_t i = 32; i-- > 0;) {
        const int difference = int(kOrder[i]) - int(s[i]) - borrow;
        borrow = difference < 0;
        out[i] = static_cast<std::uint8_t>(difference + 256 * borrow);
    }
    return out;
}

bool is_low_s(const Signature& signature) {
    return std::lexicographical_compare(signature.begin() + 32, signature.end(), kHalfOrder.begin(),
                                        kHalfOrder.end()) ||
           std::equal(signature.begin() + 32, signature.end(), kHalfOrder.begin());
}

// RFC 6979 A.2.5 (P-256).
constexpr std::string_view kRfcPrivate =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
constexpr std::string_view kRfcUx = "60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6";
// Uy = 7903...2299 is odd, so the compressed prefix is 03.
constexpr std::string_view kRfcSampleR =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716";
// (The brief quoted s = ...d9ad0e2c... which matches no RFC value and does
// not verify; this is the RFC's s, checked independently.)
constexpr std::string_view kRfcSampleS =
    "f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
// RFC 6979 A.2.5, SHA-256, message "test": already low-S.
constexpr std::string_view kRfcTestR =
    "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367";
constexpr std::string_view kRfcTestS =
    "019f4113742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";

KeyPair rfc_key() {
    const auto key = KeyPair::from_private(hex(kRfcPrivate));
    if (!key) qFatal("RFC 6979 key rejected");
    return *key;
}

const ScryptParams kFastScrypt{1u << 10, 8, 1};

} // namespace

class TestCrypto : public QObject {
    Q_OBJECT

private slots:
    void sha256KnownAnswers();
    void taggedHashLayout();
    void randomBytes();

    void p256PublicKeyKnownAnswer();
    void p256RfcSignatureIsHighSAndNormalizes();
    void fromPrivateRejectsOutOfRange();
    void signVerifyRoundTrip();
    void verifyRejectsTampering();
    void verifyRejectsNonCanonicalScalars();
    void signaturesAreLowS();
    void verifyEncodesEveryScalarShape();
    void verifyKeepsWorkingAfterFailuresAndEvictions();
    void verifySameKeyOnManyThreads();
    void verifyNewKeysOnManyThreads();
    void publicKeyValidation();
    void hostilePublicKeysDoNotCrash();

    void accountIdIsDoubleSha();
    void base58CheckRoundTrip();
    void base58CheckKnownVector();
    void base58CheckRejectsCorruption();
    void addressRoundTrip();

    void aesGcmRoundTrip();
    void aesGcmRejectsTampering();
    void hkdfRfc5869();
    void ecdhIsSymmetric();

    void sealedBoxRoundTrip();
    void sealedBoxRejectsMisuse();

    void keyStoreRoundTrip();
    void keyStoreDefaultParams();
    void keyStoreWrongPassphrase();
    void keyStoreFlippedBytes();
    void keyStoreTruncatedAndTrailing();
    void keyStoreWrongVersion();
    void keyStoreRejectsImplausibleScrypt();
    void keyStoreGarbage();
};

// --- Hashing ----------------------------------------------------------------

void TestCrypto::sha256KnownAnswers() {
    QCOMPARE(to_hex(sha256(bytes_of(""))),
             std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(to_hex(sha256(bytes_of("abc"))),
             std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(to_hex(sha256(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
             std::string("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"));
}

void TestCrypto::taggedHashLayout() {
    Bytes expected_input = {0, 0, 0, 4, 't', 'e', 's', 't', 'a', 'b', 'c'};
    QCOMPARE(tagged_hash("test", bytes_of("abc")), sha256(expected_input));
    // The length prefix separates domain from data.
    QVERIFY(tagged_hash("ab", bytes_of("c")) != tagged_hash("a", bytes_of("bc")));
    const Bytes empty_domain = {0, 0, 0, 0};
    QCOMPARE(tagged_hash("", {}), sha256(empty_domain));
}

void TestCrypto::randomBytes() {
    QCOMPARE(random_bytes(0).size(), std::size_t(0));
    const Bytes a = random_bytes(32);
    const Bytes b = random_bytes(32);
    QCOMPARE(a.size(), std::size_t(32));
    QVERIFY(a != b);
}

// --- Keys and signatures ----------------------------------------------------

void TestCrypto::p256PublicKeyKnownAnswer() {
    const KeyPair key = rfc_key();
    QCOMPARE(to_hex(key.public_key()), "03" + std::string(kRfcUx));
    QCOMPARE(to_hex(key.private_bytes()), std::string(kRfcPrivate));
    QVERIFY(is_valid_public_key(key.public_key()));

    const Hash256 digest = sha256(bytes_of("sample"));
    const Signature signature = key.sign(digest);
    QVERIFY(verify(key.public_key(), digest, signature));
}

void TestCrypto::p256RfcSignatureIsHighSAndNormalizes() {
    const KeyPair key = rfc_key();
    const Hash256 digest = sha256(bytes_of("sample"));
    Signature published{};
    const auto r = hex_array<32>(kRfcSampleR);
    const auto s = hex_array<32>(kRfcSampleS);
    std::copy(r.begin(), r.end(), published.begin());
    std::copy(s.begin(), s.end(), published.begin() + 32);

    // The published s is above n/2: valid ECDSA, but not our canonical form.
    QVERIFY(!is_low_s(published));
    QVERIFY(!verify(key.public_key(), digest, published));

    Signature normalized = published;
    const auto low_s = order_minus(s);
    std::copy(low_s.begin(), low_s.end(), normalized.begin() + 32);
    QVERIFY(is_low_s(normalized));
    QVERIFY(verify(key.public_key(), digest, normalized));
    // The signature is bound to the message.
    QVERIFY(!verify(key.public_key(), sha256(bytes_of("test")), normalized));

    // The published signature of "test" is low-S and verifies unchanged.
    Signature test_signature{};
    const auto test_r = hex_array<32>(kRfcTestR);
    const auto test_s = hex_array<32>(kRfcTestS);
    std::copy(test_r.begin(), test_r.end(), test_signature.begin());
    std::copy(test_s.begin(), test_s.end(), test_signature.begin() + 32);
    QVERIFY(is_low_s(test_signature));
    QVERIFY(verify(key.public_key(), sha256(bytes_of("test")), test_signature));
    QVERIFY(!verify(key.public_key(), digest, test_signature));
}

void TestCrypto::fromPrivateRejectsOutOfRange() {
    QVERIFY(!KeyPair::from_private(Bytes(32, 0)));
    QVERIFY(!KeyPair::from_private(kOrder));
    QVERIFY(!KeyPair::from_private(Bytes(32, 0xff)));
    QVERIFY(!KeyPair::from_private(Bytes(31, 1)));
    QVERIFY(!KeyPair::from_private(Bytes(33, 1)));
    QVERIFY(!KeyPair::from_private(Bytes{}));

    Bytes one(32, 0);
    one[31] = 1;
    const auto generator = KeyPair::from_private(one);
    QVERIFY(generator);
    // 1·G is the P-256 base point (SEC 2), whose y (...51f5) is odd.
    QCOMPARE(to_hex(generator->public_key()),
             std::string("036b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"));

    auto n_minus_one = kOrder;
    n_minus_one[31] -= 1;
    const auto last = KeyPair::from_private(n_minus_one);
    QVERIFY(last);
    // (n-1)·G = -G: same x, opposite parity.
    QCOMPARE(to_hex(last->public_key()),
             std::string("026b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"));
    const Hash256 digest = random_digest();
    QVERIFY(verify(last->public_key(), digest, last->sign(digest)));
}

void TestCrypto::signVerifyRoundTrip() {
    const KeyPair key = KeyPair::generate();
    QVERIFY(is_valid_public_key(key.public_key()));
    const Hash256 digest = random_digest();
    const Signature signature = key.sign(digest);
    QVERIFY(verify(key.public_key(), digest, signature));

    // A key rebuilt from its private bytes is the same key.
    const auto copy = KeyPair::from_private(key.private_bytes());
    QVERIFY(copy);
    QCOMPARE(copy->public_key(), key.public_key());
    QVERIFY(verify(key.public_key(), digest, copy->sign(digest)));
}

void TestCrypto::verifyRejectsTampering() {
    const KeyPair key = KeyPair::generate();
    const KeyPair other = KeyPair::generate();
    const Hash256 digest = random_digest();
    const Signature signature = key.sign(digest);

    for (std::size_t i = 0; i < digest.size(); ++i) {
        Hash256 modified = digest;
        modified[i] ^= 0x01;
        QVERIFY(!verify(key.public_key(), modified, signature));
    }
    for (std::size_t i = 0; i < signature.size(); ++i) {
        Signature modified = signature;
        modified[i] ^= 0x01;
        QVERIFY2(!verify(key.public_key(), digest, modified), qPrintable(QString::number(i)));
    }
    QVERIFY(!verify(other.public_key(), digest, signature));

    // The other encoding of the same point is a different key.
    PublicKey flipped = key.public_key();
    flipped[0] ^= 0x01;
    QVERIFY(!verify(flipped, digest, signature));
}

void TestCrypto::verifyRejectsNonCanonicalScalars() {
    const KeyPair key = KeyPair::generate();
    const Hash256 digest = random_digest();
    const Signature good = key.sign(digest);

    Signature zero_r = good;
    std::fill(zero_r.begin(), zero_r.begin() + 32, 0);
    QVERIFY(!verify(key.public_key(), digest, zero_r));

    Signature zero_s = good;
    std::fill(zero_s.begin() + 32, zero_s.end(), 0);
    QVERIFY(!verify(key.public_key(), digest, zero_s));

    Signature big_r = good;
    std::copy(kOrder.begin(), kOrder.end(), big_r.begin());
    QVERIFY(!verify(key.public_key(), digest, big_r));

    // r + n: same value mod n, so plain ECDSA would be confused without a range check.
    Signature all_ones{};
    all_ones.fill(0xff);
    QVERIFY(!verify(key.public_key(), digest, all_ones));

    // The high-S twin of a valid signature is valid ECDSA but rejected.
    Signature high = good;
    std::array<std::uint8_t, 32> s{};
    std::copy(good.begin() + 32, good.end(), s.begin());
    const auto twin = order_minus(s);
    std::copy(twin.begin(), twin.end(), high.begin() + 32);
    QVERIFY(!is_low_s(high));
    QVERIFY(!verify(key.public_key(), digest, high));

    QVERIFY(!verify(key.public_key(), digest, Signature{}));
}

void TestCrypto::signaturesAreLowS() {
    const KeyPair key = KeyPair::generate();
    for (int i = 0; i < 200; ++i) {
        const Hash256 digest = random_digest();
        const Signature signature = key.sign(digest);
        QVERIFY(is_low_s(signature));
        QVERIFY(verify(key.public_key(), digest, signature));
    }
}

// verify writes r and s as DER itself: a scalar with leading zero bytes, or
// with its top bit set (a zero byte in front), must come out as the minimal
// encoding OpenSSL insists on. Signatures are made until each shape has
// verified (a leading zero byte comes once in 256 on average).
void TestCrypto::verifyEncodesEveryScalarShape() {
    const KeyPair key = KeyPair::generate();
    bool r_top_bit = false, r_leading_zero = false, s_leading_zero = false, r_small_top = false;
    for (int i = 0; i < 20'000 && !(r_top_bit && r_leading_zero && s_leading_zero && r_small_top); ++i) {
        const Hash256 digest = random_digest();
        const Signature signature = key.sign(digest);
        const bool r_zero = signature[0] == 0;
        const bool s_zero = signature[32] == 0;
        const bool r_high = signature[0] >= 0x80;
        if (!(r_zero || s_zero || r_high)) continue;
        QVERIFY2(verify(key.public_key(), digest, signature), qPrintable(QString::number(i)));
        Hash256 other = digest;
        other[0] ^= 0x01;
        QVERIFY(!verify(key.public_key(), other, signature));
        r_top_bit = r_top_bit || r_high;
        r_leading_zero = r_leading_zero || r_zero;
        s_leading_zero = s_leading_zero || s_zero;
        // After a zero byte, the next byte's top bit decides the padding too.
        r_small_top = r_small_top || (r_zero && signature[1] >= 0x80);
    }
    QVERIFY(r_top_bit);
    QVERIFY(r_leading_zero);
    QVERIFY(s_leading_zero);
    QVERIFY(r_small_top);
}

// Each thread keeps a verification context per key: a wrong signature must
// not spoil it, and a key whose context was dropped (more keys than the
// per-thread limit) must still verify.
void TestCrypto::verifyKeepsWorkingAfterFailuresAndEvictions() {
    const KeyPair first = KeyPair::generate();
    const Hash256 digest = random_digest();
    const Signature good = first.sign(digest);
    Signature bad = good;
    bad[40] ^= 0x01;
    for (int i = 0; i < 3; ++i) {
        QVERIFY(!verify(first.public_key(), digest, bad));
        QVERIFY(verify(first.public_key(), digest, good));
    }
    // More keys than any thread keeps contexts for (1,024).
    for (int i = 0; i < 1'100; ++i) {
        const KeyPair key = KeyPair::generate();
        QVERIFY(verify(key.public_key(), digest, key.sign(digest)));
        QVERIFY(!verify(key.public_key(), digest, good));
    }
    QVERIFY(verify(first.public_key(), digest, good));
    QVERIFY(!verify(first.public_key(), digest, bad));
}

// As when a block by one author is checked on every core: the same key, the
// good and the bad signatures, on several threads at once.
void TestCrypto::verifySameKeyOnManyThreads() {
    const KeyPair key = KeyPair::generate();
    std::vector<Hash256> digests;
    std::vector<Signature> signatures;
    for (int i = 0; i < 64; ++i) {
        digests.push_back(random_digest());
        signatures.push_back(key.sign(digests.back()));
    }
    std::atomic<int> wrong{0};
    {
        std::vector<std::jthread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int round = 0; round < 4; ++round) {
                    for (std::size_t i = 0; i < digests.size(); ++i) {
                        // Odd threads also try each signature on the next message.
                        const std::size_t other = (i + 1) % digests.size();
                        if (!verify(key.public_key(), digests[i], signatures[i])) ++wrong;
                        if (t % 2 == 1 && verify(key.public_key(), digests[other], signatures[i])) ++wrong;
                    }
                }
            });
        }
    }
    QCOMPARE(wrong.load(), 0);
}

// Every signature by a key not seen before, as at admission: each key is
// decompressed once and handed to OpenSSL whole, on whichever thread checks
// it first, all threads sharing one curve group. The other point with the
// same x (the key with its parity byte flipped) is a valid key, and must
// refuse every signature: it shows the right y was kept.
void TestCrypto::verifyNewKeysOnManyThreads() {
    constexpr std::size_t kKeys = 48;
    std::vector<PublicKey> keys;
    std::vector<Hash256> digests;
    std::vector<Signature> signatures;
    for (std::size_t i = 0; i < kKeys; ++i) {
        const KeyPair key = KeyPair::generate();
        keys.push_back(key.public_key());
        digests.push_back(random_digest());
        signatures.push_back(key.sign(digests.back()));
    }
    std::atomic<int> wrong{0};
    {
        std::vector<std::jthread> threads;
        for (std::size_t t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t n = 0; n < kKeys; ++n) {
                    const std::size_t i = (n + t * kKeys / 4) % kKeys; // each thread starts elsewhere
                    PublicKey negated = keys[i];
                    negated[0] ^= 0x01;
                    if (!is_valid_public_key(negated)) ++wrong;
                    if (verify(negated, digests[i], signatures[i])) ++wrong;
                    if (!verify(keys[i], digests[i], signatures[i])) ++wrong;
                    if (verify(keys[i], digests[(i + 1) % kKeys], signatures[i])) ++wrong;
                }
            });
        }
    }
    QCOMPARE(wrong.load(), 0);
    // A key off the curve is refused by verify and by ecdh as before.
    PublicKey off_curve{};
    off_curve[0] = 0x02;
    off_curve[32] = 0x01;
    QVERIFY(!verify(off_curve, digests[0], signatures[0]));
    QVERIFY(!ecdh(KeyPair::generate(), off_curve));
}

void TestCrypto::publicKeyValidation() {
    QVERIFY(!is_valid_public_key(PublicKey{}));
    PublicKey garbage{};
    garbage.fill(0xff);
    QVERIFY(!is_valid_public_key(garbage));

    // x = 1: 1 - 3 + b is not a square mod p, so no point has this x.
    PublicKey off_curve{};
    off_curve[0] = 0x02;
    off_curve[32] = 0x01;
    QVERIFY(!is_valid_public_key(off_curve));
    off_curve[0] = 0x03;
    QVERIFY(!is_valid_public_key(off_curve));

    // x = 0 is on the curve (b is a square), so the check is not "x != 0".
    PublicKey x_zero{};
    x_zero[0] = 0x02;
    QVERIFY(is_valid_public_key(x_zero));

    // x >= p is rejected even though x - p would be a valid coordinate.
    PublicKey x_too_big = hex_array<33>(
        "02ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
    QVERIFY(!is_valid_public_key(x_too_big));

    // Uncompressed or hybrid prefixes are not compressed keys.
    PublicKey good = KeyPair::generate().public_key();
    QVERIFY(is_valid_public_key(good));
    for (std::uint8_t prefix : {0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0xff}) {
        PublicKey bad = good;
        bad[0] = prefix;
        QVERIFY(!is_valid_public_key(bad));
    }

    // Random 33-byte strings: must never crash; roughly half of random x values
    // with a valid prefix are on the curve.
    int valid = 0;
    for (int i = 0; i < 200; ++i) {
        const Bytes raw = random_bytes(33);
        PublicKey candidate{};
        std::copy(raw.begin(), raw.end(), candidate.begin());
        candidate[0] = 0x02 | (candidate[0] & 1);
        if (is_valid_public_key(candidate)) ++valid;
    }
    QVERIFY(valid > 50 && valid < 150);
}

void TestCrypto::hostilePublicKeysDoNotCrash() {
    const KeyPair key = KeyPair::generate();
    PublicKey off_curve{};
    off_curve[0] = 0x02;
    off_curve[32] = 0x01;
    const Hash256 digest = random_digest();
    QVERIFY(!verify(off_curve, digest, key.sign(digest)));
    QVERIFY(!ecdh(key, off_curve));
    QVERIFY(!ecdh(key, PublicKey{}));
    // Sealing to an invalid point produces nothing that can be opened.
    const Bytes box = seal_to(off_curve, "test", {}, bytes_of("secret"));
    QVERIFY(!open_sealed(key, "test", {}, box));
}

// --- Accounts and Base58Check -----------------------------------------------

void TestCrypto::accountIdIsDoubleSha() {
    const KeyPair key = rfc_key();
    const Hash256 twice = sha256(sha256(key.public_key()));
    const AccountId account = account_id(key.public_key());
    QVERIFY(std::equal(account.begin(), account.end(), twice.begin()));
    QVERIFY(account_id(KeyPair::generate().public_key()) != account);
}

void TestCrypto::base58CheckRoundTrip() {
    const std::vector<Bytes> payloads = {
        {}, {0}, {0, 0, 0}, {0, 0, 1, 2, 3}, {0xff}, {0x3c, 0, 0, 0}, random_bytes(1),
        random_bytes(25), random_bytes(64),
    };
    for (const Bytes& payload : payloads) {
        const std::string text = base58check_encode(payload);
        const auto decoded = base58check_decode(text);
        QVERIFY2(decoded, text.c_str());
        QCOMPARE(*decoded, payload);
    }
    // Leading zero bytes become leading '1's, one each.
    QVERIFY(base58check_encode(Bytes{0, 0, 0, 7}).starts_with("111"));
    QVERIFY(!base58check_encode(Bytes{0, 0, 0, 7}).starts_with("1111"));
}

void TestCrypto::base58CheckKnownVector() {
    // Bitcoin's address for a zero hash160.
    const Bytes payload(21, 0);
    QCOMPARE(base58check_encode(payload), std::string("1111111111111111111114oLvT2"));
    const auto decoded = base58check_decode("1111111111111111111114oLvT2");
    QVERIFY(decoded);
    QCOMPARE(*decoded, payload);
    // Bitcoin's genesis coinbase address.
    const auto genesis = base58check_decode("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa");
    QVERIFY(genesis);
    QCOMPARE(to_hex(*genesis), std::string("0062e907b15cbf27d5425399ebf6f0fb50ebb88f18"));
}

void TestCrypto::base58CheckRejectsCorruption() {
    const std::string text = base58check_encode(random_bytes(21));
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string corrupted = text;
        corrupted[i] = corrupted[i] == 'z' ? 'y' : 'z';
        QVERIFY2(!base58check_decode(corrupted), corrupted.c_str());
    }
    // Characters outside the alphabet, including the excluded look-alikes.
    for (char bad : {'0', 'O', 'I', 'l', ' ', '+', '\0'}) {
        std::string corrupted = text;
        corrupted[3] = bad;
        QVERIFY(!base58check_decode(corrupted));
    }
    QVERIFY(!base58check_decode(""));
    QVERIFY(!base58check_decode("1"));
    QVERIFY(!base58check_decode(text + "1"));
    QVERIFY(!base58check_decode("1" + text));
    QVERIFY(!base58check_decode(text.substr(0, text.size() - 1)));
    // The 128-character limit: whatever the payload, longer texts are refused
    // and texts up to the limit decode. Sizes around 90 bytes straddle it.
    bool saw_short = false;
    bool saw_long = false;
    for (std::size_t size = 80; size <= 100; ++size) {
        const Bytes payload = random_bytes(size);
        const std::string encoded = base58check_encode(payload);
        const auto decoded = base58check_decode(encoded);
        if (encoded.size() <= 128) {
            saw_short = true;
            QVERIFY(decoded && *decoded == payload);
        } else {
            saw_long = true;
            QVERIFY(!decoded);
        }
    }
    QVERIFY(saw_short && saw_long);
    QVERIFY(!base58check_decode(std::string(10000, '1')));
}

void TestCrypto::addressRoundTrip() {
    const KeyPair key = KeyPair::generate();
    const AccountId account = account_id(key.public_key());
    const std::string text = address(account);
    const auto parsed = parse_address(text);
    QVERIFY(parsed);
    QCOMPARE(*parsed, account);

    // Same payload under another version byte.
    Bytes other_version = {0x00};
    other_version.insert(other_version.end(), account.begin(), account.end());
    QVERIFY(!parse_address(base58check_encode(other_version)));
    // Right version, wrong length.
    Bytes too_short = {kAddressVersion};
    too_short.insert(too_short.end(), account.begin(), account.end() - 1);
    QVERIFY(!parse_address(base58check_encode(too_short)));
    Bytes too_long = {kAddressVersion};
    too_long.insert(too_long.end(), account.begin(), account.end());
    too_long.push_back(0);
    QVERIFY(!parse_address(base58check_encode(too_long)));
    QVERIFY(!parse_address("not an address"));
    QVERIFY(!parse_address(""));

    std::string corrupted = text;
    corrupted.back() = corrupted.back() == 'z' ? 'y' : 'z';
    QVERIFY(!parse_address(corrupted));
}

// --- Symmetric encryption, KDF, ECDH ----------------------------------------

void TestCrypto::aesGcmRoundTrip() {
    const SymmetricKey key = random_key();
    const Bytes nonce = random_bytes(12);
    const Bytes aad = {1, 2, 3};
    for (const Bytes& plaintext : {Bytes{}, Bytes{42}, random_bytes(1000)}) {
        const Bytes sealed = aes256gcm_seal(key, nonce, aad, plaintext);
        QCOMPARE(sealed.size(), plaintext.size() + 16);
        const auto opened = aes256gcm_open(key, nonce, aad, sealed);
        QVERIFY(opened);
        QCOMPARE(*opened, plaintext);
    }
    // Empty aad works too.
    const Bytes hello = {'h', 'e', 'l', 'l', 'o'};
    const Bytes sealed = aes256gcm_seal(key, nonce, {}, hello);
    const auto opened = aes256gcm_open(key, nonce, {}, sealed);
    QVERIFY(opened);
    QCOMPARE(*opened, hello);
}

void TestCrypto::aesGcmRejectsTampering() {
    const SymmetricKey key = random_key();
    const Bytes nonce = random_bytes(12);
    const Bytes aad = {1, 2, 3};
    const Bytes plaintext = random_bytes(40);
    const Bytes sealed = aes256gcm_seal(key, nonce, aad, plaintext);

    for (std::size_t i = 0; i < sealed.size(); ++i) {  // ciphertext and tag bytes
        Bytes modified = sealed;
        modified[i] ^= 0x80;
        QVERIFY(!aes256gcm_open(key, nonce, aad, modified));
    }
    QVERIFY(!aes256gcm_open(key, nonce, Bytes{1, 2, 4}, sealed));
    QVERIFY(!aes256gcm_open(key, nonce, {}, sealed));
    SymmetricKey wrong_key = key;
    wrong_key[0] ^= 1;
    QVERIFY(!aes256gcm_open(wrong_key, nonce, aad, sealed));
    Bytes wrong_nonce = nonce;
    wrong_nonce[11] ^= 1;
    QVERIFY(!aes256gcm_open(key, wrong_nonce, aad, sealed));
    QVERIFY(!aes256gcm_open(key, random_bytes(16), aad, sealed));
    QVERIFY(!aes256gcm_open(key, Bytes{}, aad, sealed));
    QVERIFY(!aes256gcm_open(key, nonce, aad, Bytes(sealed.begin(), sealed.end() - 1)));
    QVERIFY(!aes256gcm_open(key, nonce, aad, Bytes(15, 0)));
    QVERIFY(!aes256gcm_open(key, nonce, aad, Bytes{}));
}

void TestCrypto::hkdfRfc5869() {
    // Test case 1 (first 32 of the 42 OKM bytes).
    const SymmetricKey okm1 = hkdf_sha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                                          hex("000102030405060708090a0b0c"),
                                          hex("f0f1f2f3f4f5f6f7f8f9"));
    QCOMPARE(to_hex(okm1),
             std::string("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"));
    // Test case 3: empty salt and info.
    const SymmetricKey okm3 =
        hkdf_sha256(hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"), {}, {});
    QCOMPARE(to_hex(okm3),
             std::string("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"));
    // An empty input key is legal HKDF and must not fail.
    const SymmetricKey empty_ikm = hkdf_sha256({}, {}, {});
    QVERIFY(empty_ikm != SymmetricKey{});
}

void TestCrypto::ecdhIsSymmetric() {
    const KeyPair a = KeyPair::generate();
    const KeyPair b = KeyPair::generate();
    const KeyPair c = KeyPair::generate();
    const auto ab = ecdh(a, b.public_key());
    const auto ba = ecdh(b, a.public_key());
    QVERIFY(ab && ba);
    QCOMPARE(*ab, *ba);
    const auto ac = ecdh(a, c.public_key());
    QVERIFY(ac);
    QVERIFY(*ac != *ab);

    // With a = 1, the shared x is the other party's own x coordinate.
    Bytes one(32, 0);
    one[31] = 1;
    const auto unit = KeyPair::from_private(one);
    QVERIFY(unit);
    const auto shared = ecdh(*unit, b.public_key());
    QVERIFY(shared);
    QVERIFY(std::equal(shared->begin(), shared->end(), b.public_key().begin() + 1));
}

// --- Sealed boxes -----------------------------------------------------------

void TestCrypto::sealedBoxRoundTrip() {
    const KeyPair recipient = KeyPair::generate();
    const Bytes aad = {9, 9, 9};
    for (const Bytes& plaintext : {Bytes{}, random_bytes(1), random_bytes(300)}) {
        const Bytes box = seal_to(recipient.public_key(), "rateio/test", aad, plaintext);
        QCOMPARE(box.size(), 33 + 12 + plaintext.size() + 16);
        const auto opened = open_sealed(recipient, "rateio/test", aad, box);
        QVERIFY(opened);
        QCOMPARE(*opened, plaintext);
    }
    // Two boxes of the same message differ (fresh ephemeral key and nonce).
    const Bytes message = {'s', 'a', 'm', 'e'};
    QVERIFY(seal_to(recipient.public_key(), "d", {}, message) !=
            seal_to(recipient.public_key(), "d", {}, message));
}

void TestCrypto::sealedBoxRejectsMisuse() {
    const KeyPair recipient = KeyPair::generate();
    const KeyPair stranger = KeyPair::generate();
    const Bytes aad = {1};
    const Bytes plaintext = random_bytes(50);
    const Bytes box = seal_to(recipient.public_key(), "domain-a", aad, plaintext);
    QVERIFY(open_sealed(recipient, "domain-a", aad, box));

    QVERIFY(!open_sealed(stranger, "domain-a", aad, box));
    QVERIFY(!open_sealed(recipient, "domain-b", aad, box));
    QVERIFY(!open_sealed(recipient, "domain-a", Bytes{2}, box));
    QVERIFY(!open_sealed(recipient, "domain-a", {}, box));
    for (std::size_t length = 0; length < box.size(); ++length)
        QVERIFY(!open_sealed(recipient, "domain-a", aad, ByteView(box.data(), length)));
    for (std::size_t i = 0; i < box.size(); ++i) {
        Bytes modified = box;
        modified[i] ^= 0x04;
        QVERIFY2(!open_sealed(recipient, "domain-a", aad, modified),
                 qPrintable(QString::number(i)));
    }
    // Off-curve ephemeral key.
    Bytes bad_point = box;
    std::fill(bad_point.begin() + 1, bad_point.begin() + 33, 0);
    bad_point[0] = 0x02;
    bad_point[32] = 0x01;
    QVERIFY(!open_sealed(recipient, "domain-a", aad, bad_point));
}

// --- Key store --------------------------------------------------------------

void TestCrypto::keyStoreRoundTrip() {
    const KeyPair key = KeyPair::generate();
    const Bytes file = encrypt_key_store(key, "correct horse", kFastScrypt);
    QVERIFY(file.size() > 8);
    QVERIFY(std::equal(file.begin(), file.begin() + 8, bytes_of("RATEIOKS").begin()));

    const KeyStoreResult result = decrypt_key_store(file, "correct horse");
    QCOMPARE(result.error, KeyStoreError::None);
    QVERIFY(result.key);
    QCOMPARE(result.key->private_bytes(), key.private_bytes());
    QCOMPARE(result.key->public_key(), key.public_key());

    const auto recorded = key_store_public_key(file);
    QVERIFY(recorded);
    QCOMPARE(*recorded, key.public_key());

    // Salt and nonce are fresh per file.
    QVERIFY(encrypt_key_store(key, "correct horse", kFastScrypt) != file);

    // An empty passphrase is unwise but must still work consistently.
    const Bytes unprotected = encrypt_key_store(key, "", kFastScrypt);
    QCOMPARE(decrypt_key_store(unprotected, "").error, KeyStoreError::None);
    QCOMPARE(decrypt_key_store(unprotected, "x").error, KeyStoreError::WrongPassphrase);
}

void TestCrypto::keyStoreDefaultParams() {
    const KeyPair key = KeyPair::generate();
    const Bytes file = encrypt_key_store(key, "passphrase");
    const KeyStoreResult result = decrypt_key_store(file, "passphrase");
    QCOMPARE(result.error, KeyStoreError::None);
    QVERIFY(result.key);
    QCOMPARE(result.key->private_bytes(), key.private_bytes());
    // Layout: magic, version, public key, then n = 2^15, r = 8, p = 1.
    QCOMPARE(to_hex(ByteView(file.data() + 8, 2)), std::string("0001"));
    QVERIFY(std::equal(key.public_key().begin(), key.public_key().end(), file.begin() + 10));
    QCOMPARE(to_hex(ByteView(file.data() + 43, 16)), std::string("00000000000080000000000800000001"));
}

void TestCrypto::keyStoreWrongPassphrase() {
    const KeyPair key = KeyPair::generate();
    const Bytes file = encrypt_key_store(key, "right", kFastScrypt);
    const KeyStoreResult result = decrypt_key_store(file, "wrong");
    QCOMPARE(result.error, KeyStoreError::WrongPassphrase);
    QVERIFY(!result.key);
    QCOMPARE(decrypt_key_store(file, "Right").error, KeyStoreError::WrongPassphrase);
    QCOMPARE(decrypt_key_store(file, "").error, KeyStoreError::WrongPassphrase);
}

void TestCrypto::keyStoreFlippedBytes() {
    const KeyPair key = KeyPair::generate();
    const Bytes file = encrypt_key_store(key, "pass", kFastScrypt);
    for (std::uint8_t mask : {std::uint8_t(0x01), std::uint8_t(0x80), std::uint8_t(0xff)}) {
        for (std::size_t i = 0; i < file.size(); ++i) {
            Bytes modified = file;
            modified[i] ^= mask;
            const KeyStoreResult result = decrypt_key_store(modified, "pass");
            QVERIFY2(result.error != KeyStoreError::None && !result.key,
                     qPrintable(QString("byte %1 mask %2").arg(i).arg(mask)));
        }
    }
}

void TestCrypto::keyStoreTruncatedAndTrailing() {
    const KeyPair key = KeyPair::generate();
    const Bytes file = encrypt_key_store(key, "pass", kFastScrypt);
    for (std::size_t length = 0; length < file.size(); ++length) {
        const KeyStoreResult result = decrypt_key_store(ByteView(file.data(), length), "pass");
        QVERIFY2(result.error == KeyStoreError::Malformed && !result.key,
                 qPrintable(QString::number(length)));
    }
    QVERIFY(!key_store_public_key(ByteView(file.data(), 42)));
    QVERIFY(key_store_public_key(ByteView(file.data(), 43)));

    Bytes trailing = file;
    trailing.push_back(0);
    QCOMPARE(decrypt_key_store(trailing, "pass").error, KeyStoreError::Malformed);
}

void TestCrypto::keyStoreWrongVersion() {
    const KeyPair key = KeyPair::generate();
    const Bytes file = encrypt_key_store(key, "pass", kFastScrypt);
    for (std::uint16_t version : {0, 2, 0x0100, 0xffff}) {
        Bytes modified = file;
        modified[8] = static_cast<std::uint8_t>(version >> 8);
        modified[9] = static_cast<std::uint8_t>(version);
        QCOMPARE(decrypt_key_store(modified, "pass").error, KeyStoreError::UnsupportedVersion);
        QVERIFY(!key_store_public_key(modified));
    }
    // A future version with just a header is still reported as a version problem.
    Bytes header_only(file.begin(), file.begin() + 10);
    header_only[9] = 2;
    QCOMPARE(decrypt_key_store(header_only, "pass").error, KeyStoreError::UnsupportedVersion);
}

void TestCrypto::keyStoreRejectsImplausibleScrypt() {
    const KeyPair key = KeyPair::generate();
    const Bytes file = encrypt_key_store(key, "pass", kFastScrypt);
    // Offsets: n at 43 (u64), r at 51 (u32), p at 55 (u32).
    auto with = [&](std::size_t offset, std::size_t width, std::uint64_t value) {
        Bytes modified = file;
        for (std::size_t i = 0; i < width; ++i)
            modified[offset + i] = static_cast<std::uint8_t>(value >> (8 * (width - 1 - i)));
        return modified;
    };
    const std::pair<Bytes, const char*> cases[] = {
        {with(43, 8, 0), "n = 0"},
        {with(43, 8, 512), "n = 2^9"},
        {with(43, 8, 1000), "n not a power of two"},
        {with(43, 8, 1ull << 21), "n = 2^21"},
        {with(43, 8, 1ull << 63), "n = 2^63"},
        {with(51, 4, 0), "r = 0"},
        {with(51, 4, 17), "r = 17"},
        {with(55, 4, 0), "p = 0"},
        {with(55, 4, 5), "p = 5"},
    };
    for (const auto& [modified, label] : cases)
        QVERIFY2(decrypt_key_store(modified, "pass").error == KeyStoreError::Malformed, label);

    // n = 2^20 with r = 16 is within each bound but needs 2 GiB: refused, not
    // attempted, so a hostile file cannot exhaust memory.
    Bytes huge = with(43, 8, 1ull << 20);
    huge[54] = 16;
    QCOMPARE(decrypt_key_store(huge, "pass").error, KeyStoreError::Malformed);

    // 384 MiB: just past the 256 MiB budget.
    Bytes over_budget = with(43, 8, 1ull << 20);
    over_budget[54] = 3;
    QCOMPARE(decrypt_key_store(over_budget, "pass").error, KeyStoreError::Malformed);
    // scrypt itself requires n < 2^(16 r), so r = 1 caps n at 2^15.
    Bytes r1 = with(43, 8, 1ull << 16);
    r1[54] = 1;
    QCOMPARE(decrypt_key_store(r1, "pass").error, KeyStoreError::Malformed);

    // n = 2^20 with r = 2 uses exactly the budget and is allowed: it is
    // attempted and, since the parameters differ from the ones used to
    // encrypt, the tag fails.
    Bytes largest = with(43, 8, 1ull << 20);
    largest[54] = 2;
    QCOMPARE(decrypt_key_store(largest, "pass").error, KeyStoreError::WrongPassphrase);
}

void TestCrypto::keyStoreGarbage() {
    QCOMPARE(decrypt_key_store({}, "pass").error, KeyStoreError::Malformed);
    QVERIFY(!key_store_public_key({}));
    for (int i = 0; i < 50; ++i) {
        const Bytes garbage = random_bytes(static_cast<std::size_t>(i * 7));
        QVERIFY(!decrypt_key_store(garbage, "pass").key);
        QVERIFY(!key_store_public_key(garbage));
    }
    // Right magic and version, then garbage.
    Bytes prefixed = {'R', 'A', 'T', 'E', 'I', 'O', 'K', 'S', 0, 1};
    const Bytes tail = random_bytes(200);
    prefixed.insert(prefixed.end(), tail.begin(), tail.end());
    QCOMPARE(decrypt_key_store(prefixed, "pass").error, KeyStoreError::Malformed);
}

QTEST_APPLESS_MAIN(TestCrypto)
#include "test_crypto.moc"
