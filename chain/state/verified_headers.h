#pragma once
// Headers a client verifies without executing a block (docs/STATE.md,
// "Verified headers"): starting from a header it trusts (the genesis, or a
// checkpoint an invitation carries), it follows later headers, each signed
// by more than 2/3 of the validators it already trusts, and learns the next
// set from a proof of the validators table at that header's state root. A
// header signed by at most 2/3 of the trusted set is refused, whoever else
// signed it: the client then needs the headers where the set changed in
// between (there is no slashing here, so trusting 1/3 would let validators
// who left the group sign a history of their own).
//
// Pure: no clock, no I/O. What a client fetches from peers and how is the
// node's business; this decides what it may believe.

#include "ledger/ledger.h"
#include "state/state_proof.h"

#include <optional>
#include <string>
#include <vector>

namespace chain::state {

// A header the client believes, and the validators the state after it names:
// the set whose signatures the next block needs.
struct TrustedHeader {
    std::uint64_t height = 0;
    Hash256 block_hash{}; // the group id at height 0
    Hash256 state_root{};
    std::vector<PublicKey> next_validators; // sorted
    bool operator==(const TrustedHeader&) const = default;
};

// A block a client is told to trust, as an invitation carries it: the
// newest block where the group's validators changed (every node keeps the
// proof of the validators at such a block: Store::validator_changes_after),
// so that any node can serve the step a client starts from.
struct HeaderCheckpoint {
    std::uint64_t height = 0; // at least 1: height 0 is the genesis, which the group id already names
    Hash256 block_hash{};
    bool operator==(const HeaderCheckpoint&) const = default;
};

// A later header, its commit certificate, and the proof of the validators
// table at the header's state root.
struct HeaderStep {
    BlockHeader header;
    CommitCertificate certificate;
    TableProof validators;
};

// The genesis: trusted by the group id it hashes to.
TrustedHeader trust_genesis(const Genesis& genesis, const Hash256& genesis_state_root);

// A checkpoint (height, block hash), as an invitation carries it: `header`
// must be of that height and hash to that block hash, and `validators` must
// prove the validators table at its state root. nullopt and *why otherwise.
std::optional<TrustedHeader> trust_checkpoint(const Hash256& group_id, std::uint64_t height, const Hash256& block_hash,
                                              const BlockHeader& header, const TableProof& validators,
                                              std::string* why);

// How many distinct validators of `trusted` validly signed `certificate`
// (signatures by any other key are not counted, and do not count against it).
std::size_t trusted_signers(const CommitCertificate& certificate, const Hash256& group_id,
                            const std::vector<PublicKey>& trusted);

// Follows one step from `trusted`: the header is of the group and later, the
// certificate is for it, more than 2/3 of trusted.next_validators signed it,
// and its validators proof checks against its state root (a step to the very
// next height must also name `trusted` as its previous block). The header it
// leads to, or nullopt and *why.
std::optional<TrustedHeader> verify_step(const Hash256& group_id, const TrustedHeader& trusted, const HeaderStep& step,
                                         std::string* why);

// Two verified headers of one height that differ: more than 1/3 of the
// validators signed both, which the protocol forbids. What to tell the
// member, in plain words; nullopt when they do not conflict.
std::optional<std::string> conflict(const TrustedHeader& a, const TrustedHeader& b);

} // namespace chain::state

namespace chain::codec {
// HeaderStep: the header (ledger encoding, as bytes), the certificate (as
// bytes, at most 64 KiB) and the validators' TableProof.
void encode(Writer& w, const state::HeaderStep& v);
void decode(Reader& r, state::HeaderStep& v);
} // namespace chain::codec
