// The Byzantine validator of the simulator. Its machine is the ordinary,
// correct one; the hook stands between the machine and the network and
// turns each message it broadcasts into two conflicting ones, each signed
// with the validator's real key, each peer getting one of them (or none) at
// random: a correct validator can never tell which version the others saw.
// It ignores its own lock when it proposes (a fresh block in place of a
// re-proposal), and one block in three is ten minutes in the future: the
// lock and block-time rules of the correct validators must keep the group
// safe against all of it.

#include "sim.h"

#include <map>
#include <utility>

namespace sim {

namespace {

using chain::consensus::kNoRound;
using chain::consensus::Message;
using chain::consensus::Proposal;
using chain::consensus::Vote;

// A block ten minutes ahead: the block time rule must keep it out.
constexpr std::int64_t kFutureShiftS = 600;
// Second blocks remembered, one per (height, round) this validator proposed in.
constexpr std::size_t kOtherBlocksMax = 256;
// Each peer gets the second version with this chance, and nothing with the
// next; so sometimes every peer sees the bad version, sometimes none does.
constexpr std::uint64_t kSecondPerMille = 450;
constexpr std::uint64_t kWithheldPerMille = 100;

class DoubleSigner final : public ByzantineHook {
public:
    void on_broadcast(ByzantineContext& context, const Message& message) override {
        if (const Proposal* p = std::get_if<Proposal>(&message)) return double_propose(context, *p);
        double_vote(context, std::get<Vote>(message));
    }

private:
    static void split(ByzantineContext& context, const Message& first, const Message& second) {
        for (std::size_t peer : context.validator_peers()) {
            const std::uint64_t draw = context.rng()() % 1000;
            if (draw < kSecondPerMille) context.send(peer, second);
            else if (draw >= kSecondPerMille + kWithheldPerMille) context.send(peer, first);
        }
    }

    // The second proposal is always a fresh block (pol_round = -1), even when
    // the machine re-proposes the block it is locked on.
    void double_propose(ByzantineContext& context, const Proposal& p) {
        const bool future = context.rng()() % 3 == 0;
        Proposal other = p;
        other.pol_round = kNoRound;
        other.pol_signatures.clear();
        // other_block seals with this validator's own key as the proposer.
        other.block = context.other_block(p.block, p.block.header.time_s + (future ? kFutureShiftS : 0));
        other.sign(context.group_id(), context.key());
        if (other_blocks_.size() >= kOtherBlocksMax) other_blocks_.clear();
        other_blocks_[{p.height, p.round}] = other.block.header.hash();
        split(context, p, other);
    }

    // Votes for its own second block where there is one (also against nil),
    // else nil against a block; a nil vote with nothing to conflict with goes
    // out as it is, still to a random part of the peers.
    void double_vote(ByzantineContext& context, const Vote& v) {
        Vote other = v;
        const auto it = other_blocks_.find({v.height, v.round});
        if (it != other_blocks_.end() && v.block_hash != it->second) other.block_hash = it->second;
        else if (v.block_hash) other.block_hash.reset();
        else return split(context, v, v);
        other.sign(context.group_id(), context.key());
        split(context, v, other);
    }

    std::map<std::pair<std::uint64_t, std::uint32_t>, chain::Hash256> other_blocks_;
};

} // namespace

std::unique_ptr<ByzantineHook> make_double_signer() { return std::make_unique<DoubleSigner>(); }

} // namespace sim
