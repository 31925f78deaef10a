// A commit certificate from a peer: canonical decode, then the full check a
// node makes against its validator set (quorum, distinct signers, P-256
// signatures). Seeds are signed by the fixed validators, so the fuzzer
// starts from certificates that pass.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    static const std::vector<PublicKey> validators = [] {
        std::vector<PublicKey> keys;
        for (int i = 0; i < fuzz::kFixedValidators; ++i) keys.push_back(fuzz::fixed_key(i).public_key());
        return keys;
    }();
    const std::optional<CommitCertificate> certificate =
        fuzz::decode_canonical<CommitCertificate>({data, size}, "certificate re-encodes differently");
    if (!certificate) return 0;
    const bool valid = certificate_valid(*certificate, fuzz::fixed_group_id(), validators);
    // A valid certificate needs more than two thirds of the set.
    if (valid) fuzz::require(certificate->signatures.size() >= commit_quorum(validators.size()),
                             "certificate accepted below quorum");
    return 0;
}
