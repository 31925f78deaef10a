// A transaction as it arrives from a peer (gossip) or the control socket:
// the ledger decoder must refuse anything that is not exactly one canonical
// transaction, and what it accepts must hash and verify without harm.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const std::optional<Transaction> tx = fuzz::decode_canonical<Transaction>({data, size}, "transaction re-encodes differently");
    if (!tx) return 0;
    (void)tx->id();
    (void)tx->signature_valid();
    (void)operation_name(tx->op);
    return 0;
}
