// The adversarial schedules of adversary.h: the quorum arithmetic of a lock
// split, the filter rules that carry it out, and the scripted Byzantine
// validator that plays its part in it.

#include "adversary.h"

#include <algorithm>

namespace sim {

namespace {

using chain::consensus::Message;
using chain::consensus::Proposal;
using chain::consensus::Vote;
using chain::consensus::VoteType;
using Nodes = std::vector<std::size_t>;

// Random choices of lockers and withheld validators tried before a plan is
// given up (the quorum arithmetic rules some out).
constexpr int kPlanAttemptsMax = 32;

bool contains(const Nodes& nodes, std::size_t node) {
    return std::find(nodes.begin(), nodes.end(), node) != nodes.end();
}

Nodes without(Nodes nodes, const Nodes& removed) {
    std::erase_if(nodes, [&](std::size_t node) { return contains(removed, node); });
    return nodes;
}

// `count` distinct members of `pool`, at random (Fisher-Yates on the run's
// generator, so that a seed replays on any standard library).
Nodes pick(Nodes pool, std::size_t count, std::mt19937_64& rng) {
    count = std::min(count, pool.size());
    for (std::size_t i = 0; i < count; ++i) std::swap(pool[i], pool[i + rng() % (pool.size() - i)]);
    pool.resize(count);
    std::sort(pool.begin(), pool.end());
    return pool;
}

std::size_t draw_between(std::mt19937_64& rng, std::size_t low, std::size_t high) {
    return high <= low ? low : low + rng() % (high - low + 1);
}

struct Group {
    std::size_t n = 0;
    std::size_t quorum = 0;
    std::optional<std::size_t> byzantine;
    Nodes honest;
};

Group group_of(const Simulation& sim) {
    Group g;
    g.n = sim.validator_count();
    g.quorum = chain::commit_quorum(g.n);
    for (std::size_t i = 0; i < g.n; ++i) {
        if (sim.is_byzantine(i)) g.byzantine = i;
        else g.honest.push_back(i);
    }
    return g;
}

// Who must not get whose votes so that no validator but a locker sees a
// quorum for the block, while every correct one still sees a quorum of
// votes of any value (so that its prevote timer, or precommit timer, runs).
// `voters` vote for the block; the Byzantine one among them shows its vote
// to the lockers (or the decider) only. False if the numbers do not allow it.
bool hide_votes(const Group& g, const Nodes& voters, const Nodes& seers, std::vector<Nodes>& hidden,
                std::mt19937_64& rng) {
    if (voters.size() < g.quorum) return false;
    const Nodes honest_voters = without(voters, g.byzantine ? Nodes{*g.byzantine} : Nodes{});
    hidden.assign(g.n, {});
    for (std::size_t j = 0; j < g.n; ++j) {
        if (contains(seers, j)) continue;
        const bool byzantine = g.byzantine == j;
        // A Byzantine receiver counts its own vote; the others get its nil.
        const std::size_t seen = honest_voters.size() + (byzantine && contains(voters, j) ? 1 : 0);
        const std::size_t excess = seen > g.quorum - 1 ? seen - (g.quorum - 1) : 0;
        const Nodes candidates = without(honest_voters, {j});
        if (candidates.size() < excess) return false;
        if (!byzantine && g.n - excess < g.quorum) return false;
        hidden[j] = pick(candidates, excess, rng);
    }
    return true;
}

bool fill_split(const Group& g, LockSplit& split, std::mt19937_64& rng) {
    Nodes prevoters;
    for (std::size_t i = 0; i < g.n; ++i)
        if (!contains(split.withheld, i) && !contains(split.abstaining, i)) prevoters.push_back(i);
    if (!hide_votes(g, prevoters, split.lockers, split.prevotes_hidden, rng)) return false;
    if (!split.decider) return true;
    // Every locker precommits the block; only the decider sees them all.
    return split.lockers.size() >= g.quorum &&
           hide_votes(g, split.lockers, {*split.decider}, split.precommits_hidden, rng);
}

// One split in (height, round): `lockers_count` lockers from `eligible`, up
// to n - quorum withheld validators from the rest (never the proposer).
std::optional<LockSplit> plan_split(const Simulation& sim, const Group& g, std::uint64_t height, std::uint32_t round,
                                    const Nodes& eligible, std::size_t lockers_count, const Nodes& abstaining,
                                    bool decide, std::mt19937_64& rng) {
    if (eligible.size() < lockers_count || lockers_count == 0) return std::nullopt;
    const std::size_t proposer = sim.proposer_node(height, round);
    for (int attempt = 0; attempt < kPlanAttemptsMax; ++attempt) {
        LockSplit split;
        split.height = height;
        split.round = round;
        split.lockers = pick(eligible, lockers_count, rng);
        split.abstaining = abstaining;
        const Nodes may_be_withheld = without(g.honest, [&] {
            Nodes kept = split.lockers;
            kept.push_back(proposer);
            kept.insert(kept.end(), abstaining.begin(), abstaining.end());
            return kept;
        }());
        split.withheld = pick(may_be_withheld, draw_between(rng, 0, g.n - g.quorum), rng);
        if (decide) split.decider = split.lockers[rng() % split.lockers.size()];
        if (fill_split(g, split, rng)) return split;
    }
    return std::nullopt;
}

AttackPlan plan_of(Attack attack, std::uint64_t height, std::uint32_t first_round, std::vector<LockSplit> splits) {
    AttackPlan plan;
    plan.attack = attack;
    plan.height = height;
    plan.first_round = first_round;
    plan.splits = std::move(splits);
    return plan;
}

class SplitVoter final : public ByzantineHook {
public:
    explicit SplitVoter(std::vector<LockSplit> splits) : splits_(std::move(splits)) {}

    void on_broadcast(ByzantineContext& context, const Message& message) override {
        const Proposal* p = std::get_if<Proposal>(&message);
        const Vote* v = std::get_if<Vote>(&message);
        const LockSplit* split = p ? find(p->height, p->round) : find(v->height, v->round);
        if (!split) return send_all(context, message);
        if (p) return propose(context, *split, *p);
        if (!v->block_hash) return send_all(context, message);
        Vote nil = *v;
        nil.block_hash.reset();
        nil.sign(context.group_id(), context.key());
        const Nodes& seers = v->type == VoteType::Prevote || !split->decider ? split->lockers : Nodes{*split->decider};
        for (std::size_t peer : context.validator_peers())
            context.send(peer, contains(seers, peer) ? message : Message{nil});
    }

private:
    const LockSplit* find(std::uint64_t height, std::uint32_t round) const {
        for (const LockSplit& split : splits_)
            if (split.height == height && split.round == round) return &split;
        return nullptr;
    }

    static void send_all(ByzantineContext& context, const Message& message) {
        for (std::size_t peer : context.validator_peers()) context.send(peer, message);
    }

    // Its block to all but the withheld validators; to those, a different
    // fresh block (both signed: the two halves never compare notes).
    static void propose(ByzantineContext& context, const LockSplit& split, const Proposal& p) {
        Proposal other = p;
        other.pol_round = chain::consensus::kNoRound;
        other.pol_signatures.clear();
        other.block = context.other_block(p.block, p.block.header.time_s);
        other.sign(context.group_id(), context.key());
        for (std::size_t peer : context.validator_peers())
            context.send(peer, contains(split.withheld, peer) ? Message{other} : Message{p});
    }

    std::vector<LockSplit> splits_;
};

} // namespace

const char* attack_name(Attack attack) {
    switch (attack) {
    case Attack::None: return "none";
    case Attack::LockSplit: return "lock-split";
    case Attack::DecideSplit: return "decide-split";
    case Attack::ValidRoundSplit: return "valid-round-split";
    }
    return "?";
}

AttackPlan plan_attack(const Simulation& sim, Attack attack, std::uint64_t height, std::uint32_t first_round,
                       std::mt19937_64& rng) {
    const Group g = group_of(sim);
    if (g.n < 4 || attack == Attack::None) return AttackPlan{};
    const std::uint32_t r = first_round;
    // The proposer of the round after a split must not be a locker: it would
    // re-propose the locked block, which is what the lockers expect.
    const Nodes not_next = without(g.honest, {sim.proposer_node(height, r + 1)});
    if (attack == Attack::LockSplit) {
        const auto split = plan_split(sim, g, height, r, not_next, draw_between(rng, 1, g.quorum - 1), {}, false, rng);
        return split ? plan_of(attack, height, r, {*split}) : AttackPlan{};
    }
    if (attack == Attack::DecideSplit) {
        const auto split = plan_split(sim, g, height, r, not_next, g.quorum, {}, true, rng);
        return split ? plan_of(attack, height, r, {*split}) : AttackPlan{};
    }
    // Valid-round split: A, the proposer of r+2, alone locks in r; in r+1
    // some others lock on another block, unseen by A.
    const std::size_t a = sim.proposer_node(height, r + 2);
    if (sim.is_byzantine(a)) return AttackPlan{};
    const auto first = plan_split(sim, g, height, r, {a}, 1, {}, false, rng);
    if (!first) return AttackPlan{};
    // Half the time a quorum locks in r+1 and one of them decides (and
    // crashes), so that prevoting A's re-proposal ends in a fork.
    const Nodes others = without(g.honest, {a});
    std::optional<LockSplit> second;
    if (rng() % 2 == 0) second = plan_split(sim, g, height, r + 1, others, g.quorum, {a}, true, rng);
    if (!second)
        second = plan_split(sim, g, height, r + 1, others, draw_between(rng, 1, g.quorum - 1), {a}, false, rng);
    return second ? plan_of(attack, height, r, {*first, *second}) : AttackPlan{};
}

void install_attack(Simulation& sim, const AttackPlan& plan) {
    if (plan.attack == Attack::None) return;
    // The rounds before the first split fail: nobody gets their proposal.
    for (std::uint32_t round = 0; round < plan.first_round; ++round)
        sim.add_filter_rule(FilterRule{kAnyNode, kAnyNode, plan.height, round, MessageKind::Proposal});
    bool byzantine = false;
    for (std::size_t i = 0; i < sim.validator_count(); ++i) byzantine = byzantine || sim.is_byzantine(i);
    for (const LockSplit& split : plan.splits) {
        const std::size_t proposer = sim.proposer_node(split.height, split.round);
        // A Byzantine proposer withholds (and equivocates) by itself.
        if (!sim.is_byzantine(proposer))
            for (std::size_t to : split.withheld)
                sim.add_filter_rule(FilterRule{proposer, to, split.height, split.round, MessageKind::Proposal});
        for (std::size_t to = 0; to < split.prevotes_hidden.size(); ++to)
            for (std::size_t from : split.prevotes_hidden[to])
                sim.add_filter_rule(FilterRule{from, to, split.height, split.round, MessageKind::Prevote});
        for (std::size_t to = 0; to < split.precommits_hidden.size(); ++to)
            for (std::size_t from : split.precommits_hidden[to])
                sim.add_filter_rule(FilterRule{from, to, split.height, split.round, MessageKind::Precommit});
        if (split.decider) sim.crash_after_deciding(*split.decider, split.height);
    }
    if (byzantine) sim.set_byzantine_hook(make_split_voter(plan.splits));
}

std::unique_ptr<ByzantineHook> make_split_voter(std::vector<LockSplit> splits) {
    return std::make_unique<SplitVoter>(std::move(splits));
}

} // namespace sim
