// Consensus messages (proposals, votes) as they arrive inside a network
// message, and the records a node keeps of its own votes: canonical decode,
// then the signature checks a node runs on them.
#include "consensus/messages.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const ByteView input(data, size);
    if (const std::optional<consensus::Message> message = consensus::decode_message(input)) {
        fuzz::require_same_bytes(input, consensus::encode_message(*message), "consensus message re-encodes differently");
        if (const auto* vote = std::get_if<consensus::Vote>(&*message)) (void)vote->signature_valid(fuzz::fixed_group_id());
        if (const auto* proposal = std::get_if<consensus::Proposal>(&*message))
            (void)proposal->signature_valid(fuzz::fixed_group_id(), fuzz::fixed_key(0).public_key());
    }
    if (const std::optional<consensus::Record> record = consensus::decode_record(input)) {
        fuzz::require_same_bytes(input, consensus::encode_record(*record), "consensus record re-encodes differently");
        (void)consensus::record_height(*record);
    }
    return 0;
}
