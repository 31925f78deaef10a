// An invitation as a user pastes it into the join dialog or passes it to
// rateio-cli: the input up to its first NUL byte is the group box, the rest
// the peers box. An accepted invitation must survive its own text form.
#include "fuzz_support.h"
#include "node/invitation.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chain;
    const char* text = reinterpret_cast<const char*>(data);
    const std::size_t split = std::find(data, data + size, std::uint8_t{0}) - data;
    const QString group_text = QString::fromUtf8(text, static_cast<qsizetype>(split));
    const QString peers_text =
        split < size ? QString::fromUtf8(text + split + 1, static_cast<qsizetype>(size - split - 1)) : QString();
    const ParsedInvitation parsed = parse_invitation(group_text, peers_text);
    fuzz::require(parsed.invitation.has_value() == (parsed.problem == InvitationProblem::None), "invitation and problem disagree");
    if (!parsed.invitation) return 0;
    fuzz::require(!parsed.invitation->peers.isEmpty() && parsed.invitation->peers.size() <= kInvitationPeersMax,
                  "invitation peer count out of bounds");
    const ParsedInvitation again = parse_invitation(parsed.invitation->to_text(), QString());
    fuzz::require(again.invitation && again.invitation->group_id == parsed.invitation->group_id &&
                      again.invitation->peers == parsed.invitation->peers,
                  "invitation does not survive its text form");
    return 0;
}
