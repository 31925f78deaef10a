// Proofs of the state, header steps and state sync's snapshots from a peer
// (docs/STATE.md, "Proofs of the state", "Verified headers", "Snapshots"):
// the first byte says which (0 an entry's proof, 1 a table's, 2 a header
// step, 3 a snapshot manifest, 4 a snapshot chunk), the rest is its canonical
// encoding. Each is checked against the fixed state of fuzz_support.h, and
// whatever the verifier accepts must be true of that state: an entry with
// exactly its value, a key it lacks, its whole table, a header more than 2/3
// of the fixed validators signed, a manifest whose chunks, when the state's
// own entries satisfy them, make exactly the state, or a chunk of the honest
// manifest with exactly the state's entries under its prefix.
#include "fuzz_support.h"

#include "state/state_proof.h"
#include "state/state_snapshot.h"
#include "state/state_tables.h"
#include "state/verified_headers.h"

namespace {

using namespace chain;

struct Fixed {
    state::Tables tables = fuzz::fixed_state_tables();
    state::TableTrees trees = state::TableTrees::from_tables(tables);
    Hash256 root = trees.root();
    state::SnapshotManifest manifest = state::make_manifest(tables, 2);
    std::vector<PublicKey> validators;
    Fixed() {
        for (const state::Entry& e : tables[std::size_t(state::TableId::Validators) - 1]) {
            PublicKey key{};
            std::copy(e.key.begin(), e.key.end(), key.begin());
            validators.push_back(key);
        }
    }
};

const state::Entry* find(const std::vector<state::Entry>& table, const Bytes& key) {
    for (const state::Entry& e : table)
        if (e.key == key) return &e;
    return nullptr;
}

void check_entry(const Fixed& fixed, ByteView input) {
    const std::optional<state::StateProof> proof =
        fuzz::decode_canonical<state::StateProof>(input, "state proof re-encodes differently");
    if (!proof || !state::state_proof_problem(fixed.root, *proof).empty()) return;
    const state::Entry* entry = find(fixed.tables[std::size_t(proof->table) - 1], proof->key);
    if (proof->value) fuzz::require(entry && entry->value == *proof->value, "a proof of a value the state does not hold verified");
    else fuzz::require(entry == nullptr, "a proof of absence of a key the state holds verified");
}

void check_table(const Fixed& fixed, ByteView input) {
    const std::optional<state::TableProof> proof =
        fuzz::decode_canonical<state::TableProof>(input, "table proof re-encodes differently");
    if (!proof || !state::table_proof_problem(fixed.root, *proof).empty()) return;
    fuzz::require(proof->entries == fixed.tables[std::size_t(proof->table) - 1], "a table the state does not hold verified");
}

void check_step(const Fixed& fixed, ByteView input) {
    const std::optional<state::HeaderStep> step =
        fuzz::decode_canonical<state::HeaderStep>(input, "header step re-encodes differently");
    if (!step) return;
    const state::TrustedHeader trusted{1, Hash256{}, Hash256{}, fixed.validators};
    std::string why;
    const std::optional<state::TrustedHeader> next = state::verify_step(fuzz::fixed_group_id(), trusted, *step, &why);
    if (!next) return;
    fuzz::require(state::trusted_signers(step->certificate, fuzz::fixed_group_id(), fixed.validators) >=
                      commit_quorum(fixed.validators.size()),
                  "a header signed by too few trusted validators verified");
    fuzz::require(next->block_hash == step->header.hash() && step->certificate.block_hash == next->block_hash,
                  "a step verified for another block");
}

void check_manifest(const Fixed& fixed, ByteView input) {
    const std::optional<state::SnapshotManifest> manifest =
        fuzz::decode_canonical<state::SnapshotManifest>(input, "snapshot manifest re-encodes differently");
    if (!manifest || !state::manifest_problem(*manifest, fixed.root).empty()) return;
    // Where the state's own entries under each line's prefix satisfy every
    // line, together they are the state: no entry left out, none twice.
    state::SnapshotAssembly assembly(*manifest);
    for (std::uint32_t i = 0; i < manifest->chunks.size(); ++i)
        if (!assembly.add(i, state::chunk_entries(fixed.tables, *manifest, i)).empty()) return;
    fuzz::require(assembly.take_tables() == fixed.tables, "a manifest folded to the root and its chunks were another state");
}

void check_chunk(const Fixed& fixed, ByteView input) {
    const std::optional<state::SnapshotChunk> chunk =
        fuzz::decode_canonical<state::SnapshotChunk>(input, "snapshot chunk re-encodes differently");
    if (!chunk || chunk->index >= fixed.manifest.chunks.size()) return;
    if (!state::chunk_problem(fixed.manifest.chunks[chunk->index], chunk->entries).empty()) return;
    fuzz::require(chunk->entries == state::chunk_entries(fixed.tables, fixed.manifest, chunk->index),
                  "a chunk the state does not hold verified");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const Fixed fixed;
    if (size == 0) return 0;
    const ByteView input(data + 1, size - 1);
    switch (data[0] % 5) {
    case 0: check_entry(fixed, input); break;
    case 1: check_table(fixed, input); break;
    case 2: check_step(fixed, input); break;
    case 3: check_manifest(fixed, input); break;
    default: check_chunk(fixed, input); break;
    }
    return 0;
}
