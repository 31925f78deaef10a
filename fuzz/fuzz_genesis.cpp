// A genesis as a joining node receives it from a peer (GenesisResponse)
// before it has anything to check it against but the group id it hashes to.
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const std::optional<Genesis> genesis = fuzz::decode_canonical<Genesis>({data, size}, "genesis re-encodes differently");
    if (genesis) (void)genesis->group_id();
    return 0;
}
