#pragma once
// What every fuzz target and the corpus generator share: fixed keys (so that
// a seed signed by the generator verifies inside the target and the fuzzer
// starts from the valid paths, not only the rejecting ones) and the checks
// that turn a silent wrong answer into a crash libFuzzer reports.

#include "codec/codec.h"
#include "crypto/crypto.h"
#include "ledger/ledger.h"
#include "state/table_trees.h"
#include "state/verified_headers.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace chain::fuzz {

// A deterministic P-256 key, the same in every target and in make_corpus.
inline crypto::KeyPair fixed_key(int index) {
    const std::string label = "rateio/fuzz/key/" + std::to_string(index);
    for (int attempt = 0;; ++attempt) {
        const std::string seed = label + "/" + std::to_string(attempt);
        const Hash256 scalar = crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t*>(seed.data()), seed.size()));
        if (std::optional<crypto::KeyPair> key = crypto::KeyPair::from_private(scalar)) return *key;
    }
}

inline Hash256 fixed_group_id() {
    static constexpr std::string_view kLabel = "rateio/fuzz/group";
    return crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t*>(kLabel.data()), kLabel.size()));
}

// The validator set the certificate and consensus targets verify against.
inline constexpr int kFixedValidators = 4;

[[noreturn]] inline void fail(const char* what) {
    std::fprintf(stderr, "fuzz check failed: %s\n", what);
    std::abort();
}

inline void require(bool condition, const char* what) {
    if (!condition) fail(what);
}

// The codec is canonical: whatever a decoder accepts must encode back to
// exactly the bytes it came from, or two encodings would share one hash.
inline void require_same_bytes(ByteView input, ByteView reencoded, const char* what) {
    require(input.size() == reencoded.size() && std::equal(input.begin(), input.end(), reencoded.begin()), what);
}

// A ledger value decoded from the whole input, checked to be canonical;
// nullopt when the decoder refuses the bytes.
template <class T>
std::optional<T> decode_canonical(ByteView input, const char* what) {
    std::optional<T> value = codec::from_bytes<T>(input);
    if (value) require_same_bytes(input, codec::to_bytes(*value), what);
    return value;
}

// The state the proof seeds are of (fuzz_state_proof): a few entries in a
// few tables, and the fixed validators in the validators table.
inline state::Tables fixed_state_tables() {
    state::Tables tables;
    std::vector<Bytes> validators;
    for (int i = 0; i < kFixedValidators; ++i) {
        const PublicKey key = fixed_key(i).public_key();
        validators.emplace_back(key.begin(), key.end());
    }
    std::sort(validators.begin(), validators.end());
    for (const Bytes& key : validators)
        tables[std::size_t(state::TableId::Validators) - 1].push_back(state::Entry{key, Bytes{}});
    for (std::uint8_t field = 1; field <= 3; ++field)
        tables[std::size_t(state::TableId::Group) - 1].push_back(state::Entry{Bytes{field}, Bytes(field * 5, field)});
    for (std::uint8_t i = 0; i < 6; ++i)
        tables[std::size_t(state::TableId::Nonces) - 1].push_back(
            state::Entry{Bytes(20, static_cast<std::uint8_t>(0x10 + 0x20 * i)), Bytes{0, 0, 0, 0, 0, 0, 0, i}});
    return tables;
}

// The header at height 2 whose state root is that state's: the block a
// header-chain seed proves, signed by the fixed validators.
inline BlockHeader fixed_state_header(const Hash256& state_root) {
    BlockHeader header;
    header.group_id = fixed_group_id();
    header.height = 2;
    header.time_s = 1'767'225'600;
    header.state_root = state_root;
    return header;
}

} // namespace chain::fuzz
