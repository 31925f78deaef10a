// A block as it arrives in a sync response or a proposal: canonical decode,
// then the work a node does before it checks the certificate (header hash,
// transaction ids and their Merkle root).
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const std::optional<Block> block = fuzz::decode_canonical<Block>({data, size}, "block re-encodes differently");
    if (!block) return 0;
    std::vector<Hash256> ids;
    for (const Transaction& tx : block->transactions) ids.push_back(tx.id());
    (void)merkle_root(ids);
    (void)block->header.hash();
    return 0;
}
