#pragma once
// Adversarial schedules: the situations Tendermint's safety argument is
// about, set up on purpose rather than hoped for from random faults. Each is
// a short list of lock splits, rounds in which the network (filter rules,
// sim.h) and the Byzantine validator, if the group has one, choose who sees
// what, so that only chosen validators see a quorum of prevotes for the
// round's block and lock on it while the others precommit nil:
//
//   lock split        round r: a few validators lock on v; the proposer of
//                     r+1 did not see v's quorum, so it proposes a fresh
//                     block w. The lock rule is what keeps the locked ones
//                     from prevoting w.
//   decide split      round r: a quorum locks on v and precommits it, one of
//                     them alone sees the quorum of precommits, decides v and
//                     crashes at once; the others go on to r+1 as above, so a
//                     broken lock rule ends in a fork, not only in amnesia.
//   valid-round split round r: only the proposer A of r+2 locks on v; round
//                     r+1: the others (A prevotes nil) prevote a fresh w, and
//                     a few of them lock on w, unseen by A (or, half the
//                     time, a quorum locks on w and one of them alone decides
//                     it and crashes, as in a decide split); round r+2: A
//                     re-proposes v with pol_round r. The valid-round rule is
//                     what keeps those locked on w in r+1 from prevoting it.
//
// The rounds of the height before the first split fail on purpose (their
// proposals are dropped). Every rule is keyed by (height, round), so the
// rounds after the splits run on the ordinary network.

#include "sim.h"

#include <optional>
#include <random>
#include <vector>

namespace sim {

// One round in which only `lockers` see the quorum of prevotes for the
// round's proposal.
struct LockSplit {
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    std::vector<std::size_t> lockers;
    // The proposal does not reach these validators (from a Byzantine
    // proposer they get a different block instead): they prevote nil.
    std::vector<std::size_t> withheld;
    // Validators expected to prevote nil anyway (locked on an earlier block).
    std::vector<std::size_t> abstaining;
    // Set in a decide split: the lockers are a quorum, and only this one sees
    // enough of their precommits to decide; it crashes at once after deciding.
    std::optional<std::size_t> decider;
    // Filled by plan_attack: per receiving validator, the validators whose
    // prevotes (or, in a decide split, precommits) of this round it never gets.
    std::vector<std::vector<std::size_t>> prevotes_hidden;
    std::vector<std::vector<std::size_t>> precommits_hidden;
};

enum class Attack : std::uint8_t { None = 0, LockSplit = 1, DecideSplit = 2, ValidRoundSplit = 3 };
const char* attack_name(Attack attack);

struct AttackPlan {
    Attack attack = Attack::None;
    std::uint64_t height = 0;
    std::uint32_t first_round = 0; // the round of the first split
    std::vector<LockSplit> splits;
    // The round after which nothing of the plan is left to happen.
    std::uint32_t last_round() const { return first_round + static_cast<std::uint32_t>(splits.size()); }
};

// The plan of `attack` at (height, first_round) for the simulation's
// validators (and its Byzantine validator, if any), with the random choices
// (which validators lock, which get no proposal) drawn from `rng`; an empty
// plan (attack None) if the group is too small for it or no choice tried
// fits the quorum arithmetic.
AttackPlan plan_attack(const Simulation& sim, Attack attack, std::uint64_t height, std::uint32_t first_round,
                       std::mt19937_64& rng);

// Puts the plan into effect: filter rules for the failed rounds and the
// splits, the decider's crash, and (if the group has a Byzantine validator)
// the scripted Byzantine hook in place of the double signer.
void install_attack(Simulation& sim, const AttackPlan& plan);

// The scripted Byzantine validator of the plans: it picks the recipients of
// each message by (height, round, message type). In a split round, as the
// proposer it sends its block to all but the withheld validators and a
// different block to those; it sends its prevote for a block to the lockers
// only and a nil prevote to the others, and a precommit for a block only to
// the decider (or the lockers). Outside the splits it behaves correctly.
std::unique_ptr<ByzantineHook> make_split_voter(std::vector<LockSplit> splits);

} // namespace sim
