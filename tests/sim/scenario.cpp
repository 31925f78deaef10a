// The randomized run of one seed: the group, the network and the faults are
// all drawn from the seed, then the network heals and a new block must come.

#include "adversary.h"
#include "sim.h"

#include <sstream>

namespace sim {

namespace {

// The share of seeds that run an adversarial schedule (adversary.h) on a
// network that is otherwise good, instead of random faults.
constexpr std::uint64_t kAdversarialSeedsPercent = 25;
// Its heights and first rounds: early, so that the run stays short.
constexpr std::uint64_t kAttackHeightMax = 3;
constexpr std::uint32_t kAttackFirstRoundMax = 1;
// Links of an adversarial seed given a profile of their own (slower or lossy).
constexpr std::size_t kOddLinksMax = 4;
constexpr std::int64_t kOddLinkDelayMaxMs = 400;
constexpr std::uint32_t kOddLinkLossMaxPerMille = 30;
// After the schedule's last round has begun, the time left before the heal.
constexpr std::int64_t kAttackTailMs = 3'000;
// The share of the other seeds whose nodes' storage fails (storage.h), and
// the highest per-mille rate drawn for each fault: a save is a few per
// height per validator, a load one per restart.
constexpr std::uint64_t kStorageFaultSeedsPercent = 25;
constexpr std::int64_t kSaveFaultMaxPerMille = 30;
constexpr std::int64_t kLoadFaultMaxPerMille = 300;
constexpr std::int64_t kBlockFaultMaxPerMille = 20;

std::int64_t uniform(std::mt19937_64& rng, std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(high - low + 1));
}

NetworkProfile chaos_profile(std::mt19937_64& rng) {
    NetworkProfile p;
    p.delay_min_ms = uniform(rng, 1, 20);
    p.delay_max_ms = p.delay_min_ms + uniform(rng, 20, 400);
    p.loss_per_mille = static_cast<std::uint32_t>(uniform(rng, 0, 250));
    p.duplicate_per_mille = static_cast<std::uint32_t>(uniform(rng, 0, 100));
    p.crash_mid_output_per_mille = static_cast<std::uint32_t>(uniform(rng, 0, 20));
    return p;
}

// Healed: no loss and delays within the consensus' message delay bound;
// duplicates and reordering stay, they are harmless.
NetworkProfile calm_profile(const SimOptions& options) {
    NetworkProfile p;
    p.delay_min_ms = 1;
    p.delay_max_ms = std::min<std::int64_t>(150, options.consensus.message_delay_max_ms);
    p.duplicate_per_mille = 20;
    return p;
}

void inject_fault(Simulation& sim, const NetworkProfile& chaos, const bool& healed) {
    std::mt19937_64& rng = sim.rng();
    const std::int64_t now = sim.now_ms();
    switch (rng() % 4) {
    case 0:
    case 1: { // a crash, and a restart later
        const std::size_t node = rng() % sim.node_count();
        if (!sim.is_up(node)) return;
        sim.crash(node);
        sim.at(now + uniform(rng, 200, 6'000), [&sim, node] { sim.restart(node); });
        return;
    }
    case 2: { // a partition that heals
        std::vector<std::size_t> side;
        for (std::size_t i = 0; i < sim.node_count(); ++i)
            if (rng() % 2 == 1) side.push_back(i);
        if (side.empty() || side.size() == sim.node_count()) return;
        sim.partition(side);
        sim.at(now + uniform(rng, 500, 6'000), [&sim] { sim.heal_partition(); });
        return;
    }
    default: { // a spell of long delays
        NetworkProfile spike = chaos;
        spike.delay_max_ms = spike.delay_min_ms + uniform(rng, 1'000, 5'000);
        sim.set_network(spike);
        sim.at(now + uniform(rng, 500, 4'000), [&sim, chaos, &healed] {
            if (!healed) sim.set_network(chaos);
        });
        return;
    }
    }
}

struct AdversaryDraw {
    Attack attack = Attack::None;
    std::uint64_t height = 0;
    std::uint32_t first_round = 0;
};

// Drawn after everything else, so that the seeds without an adversary run
// exactly as they did before adversaries existed. An adversarial seed needs
// at least 4 validators and runs on a good network: its faults are the
// schedule's, plus a few odd links (set_odd_links).
AdversaryDraw draw_adversary(std::mt19937_64& draw, SimOptions& o) {
    AdversaryDraw a;
    if (draw() % 100 >= kAdversarialSeedsPercent) return a;
    const std::uint64_t kind = draw() % 5;
    a.attack = kind < 2 ? Attack::LockSplit : kind < 4 ? Attack::ValidRoundSplit : Attack::DecideSplit;
    a.height = 1 + draw() % kAttackHeightMax;
    a.first_round = static_cast<std::uint32_t>(draw() % (kAttackFirstRoundMax + 1));
    o.validators = std::max<std::uint32_t>(o.validators, 4);
    NetworkProfile p;
    p.delay_min_ms = uniform(draw, 1, 20);
    p.delay_max_ms = p.delay_min_ms + uniform(draw, 20, 150);
    p.duplicate_per_mille = static_cast<std::uint32_t>(uniform(draw, 0, 50));
    o.network = p;
    return a;
}

// Drawn after the adversary, and only on seeds without one, so that every
// other seed runs as before (a storage without faults draws nothing).
void draw_storage_faults(std::mt19937_64& draw, SimOptions& o) {
    if (draw() % 100 >= kStorageFaultSeedsPercent) return;
    StorageFaults& f = o.storage;
    f.write_fail_per_mille = static_cast<std::uint32_t>(uniform(draw, 0, kSaveFaultMaxPerMille));
    f.sync_fail_per_mille = static_cast<std::uint32_t>(uniform(draw, 0, kSaveFaultMaxPerMille));
    f.read_fail_per_mille = static_cast<std::uint32_t>(uniform(draw, 0, kLoadFaultMaxPerMille));
    f.damage_per_mille = static_cast<std::uint32_t>(uniform(draw, 0, kLoadFaultMaxPerMille));
    f.block_fail_per_mille = static_cast<std::uint32_t>(uniform(draw, 0, kBlockFaultMaxPerMille));
}

// Per-link loss and delay: a few directed links between validators get a
// profile of their own.
void set_odd_links(Simulation& sim, const NetworkProfile& base) {
    std::mt19937_64& rng = sim.rng();
    const std::size_t links = rng() % (kOddLinksMax + 1);
    for (std::size_t i = 0; i < links; ++i) {
        const std::size_t from = rng() % sim.validator_count();
        const std::size_t to = rng() % sim.validator_count();
        NetworkProfile odd = base;
        odd.delay_max_ms = odd.delay_min_ms + uniform(rng, 20, kOddLinkDelayMaxMs);
        odd.loss_per_mille = static_cast<std::uint32_t>(uniform(rng, 0, kOddLinkLossMaxPerMille));
        if (from != to) sim.set_link_profile(from, to, odd);
    }
}

// From the start to the beginning of the schedule's last round plus a
// tail: the heights before it (a round 0 each) and every round of its height
// up to the last, each at its full timeouts.
std::int64_t attack_window_ms(const SimOptions& o, const AttackPlan& plan) {
    const chain::consensus::Timeouts& t = o.consensus.timeouts;
    std::int64_t window_ms = static_cast<std::int64_t>(plan.height) * (o.commit_wait_ms + o.sync_interval_ms);
    for (std::uint32_t r = 0; r < plan.last_round(); ++r)
        window_ms += t.duration_ms(chain::consensus::TimeoutKind::Propose, r) +
                     t.duration_ms(chain::consensus::TimeoutKind::Prevote, r) +
                     t.duration_ms(chain::consensus::TimeoutKind::Precommit, r);
    return window_ms + kAttackTailMs;
}

// The schedule drawn, or a lock split at the same place if the group cannot
// take that one (a valid-round split needs a correct proposer in r+2, a
// decide split a quorum of correct lockers besides the next proposer).
AttackPlan install_adversary(Simulation& sim, const AdversaryDraw& a) {
    set_odd_links(sim, sim.options().network);
    AttackPlan plan = plan_attack(sim, a.attack, a.height, a.first_round, sim.rng());
    if (plan.attack == Attack::None) plan = plan_attack(sim, Attack::LockSplit, a.height, a.first_round, sim.rng());
    install_attack(sim, plan);
    return plan;
}

// Long enough for `heights` blocks, each within rounds 0 .. round_to, every
// step taking its full timeout plus message delays, plus time for restarted
// and lagging nodes to sync.
std::int64_t liveness_bound_ms(const SimOptions& o, std::uint32_t round_to, std::uint64_t heights) {
    const chain::consensus::Timeouts& t = o.consensus.timeouts;
    std::int64_t per_height_ms = o.commit_wait_ms + 2 * o.sync_interval_ms;
    for (std::uint32_t r = 0; r <= round_to; ++r) {
        per_height_ms += t.duration_ms(chain::consensus::TimeoutKind::Propose, r) +
                         t.duration_ms(chain::consensus::TimeoutKind::Prevote, r) +
                         t.duration_ms(chain::consensus::TimeoutKind::Precommit, r) +
                         t.resend_interval_ms + 4 * o.consensus.message_delay_max_ms;
    }
    return static_cast<std::int64_t>(heights) * per_height_ms + 3 * o.sync_interval_ms;
}

} // namespace

std::string RunResult::summary() const {
    std::ostringstream line;
    line << "seed=" << seed << " validators=" << validators << " byzantine=" << (byzantine ? 1 : 0);
    if (!attack.empty()) line << " attack=" << attack;
    line << " height=" << height << " round_max=" << stats.round_max << " sim_s=" << sim_time_ms / 1000
         << " events=" << stats.events << " messages=" << stats.messages_sent
         << " dropped=" << stats.messages_dropped << " crashes=" << stats.crashes
         << " evidence=" << stats.evidence << " txs=" << stats.transactions_committed;
    if (stats.storage_faults > 0)
        line << " storage_faults=" << stats.storage_faults << " stops=" << stats.driver_stops
             << " blocks_not_saved=" << stats.blocks_not_saved;
    if (ok) line << " ok";
    else line << " FAIL seed=" << seed << ": " << violation;
    return line.str();
}

RunResult run_seed(std::uint64_t seed, const RunOptions& options) {
    // Everything below comes from this one generator and its offspring.
    std::mt19937_64 draw(seed);
    SimOptions o;
    const std::uint64_t size_pick = draw() % 100;
    o.validators = size_pick < 15 ? 1 : size_pick < 65 ? 4 : 7;
    o.byzantine = o.validators >= 4 && draw() % 100 < 60;
    o.seed = draw();
    const NetworkProfile chaos = chaos_profile(draw);
    o.network = chaos;
    std::int64_t chaos_ms = uniform(draw, options.chaos_min_ms, options.chaos_max_ms);
    const AdversaryDraw adversary = draw_adversary(draw, o);
    if (adversary.attack == Attack::None) draw_storage_faults(draw, o);
    // A validator stopped by a storage fault is restarted on a healthy disk
    // after a while, as an operator would.
    o.operator_restarts = true;
    if (options.adjust) options.adjust(o);

    Simulation sim(o);
    RunResult result;
    bool healed = false;
    if (adversary.attack != Attack::None) {
        const AttackPlan plan = install_adversary(sim, adversary);
        if (plan.attack != Attack::None) {
            chaos_ms = attack_window_ms(sim.options(), plan);
            result.attack = std::string(attack_name(plan.attack)) + "@h" + std::to_string(plan.height) + "r" +
                            std::to_string(plan.first_round);
        }
    }
    const std::int64_t heal_at = sim.now_ms() + chaos_ms;
    std::mt19937_64& rng = sim.rng();
    if (adversary.attack == Attack::None)
        for (std::int64_t t = sim.now_ms() + uniform(rng, 300, 2'500); t < heal_at; t += uniform(rng, 300, 3'000))
            sim.at(t, [&sim, chaos, &healed] {
                if (!healed) inject_fault(sim, chaos, healed);
            });
    sim.run_for(chaos_ms);

    result.seed = seed;
    result.validators = o.validators;
    result.byzantine = o.byzantine;
    if (!sim.violation()) {
        healed = true;
        sim.set_network(calm_profile(o));
        sim.heal_partition();
        sim.clear_filter_rules();
        sim.clear_link_profiles();
        sim.cancel_crashes_after_deciding();
        for (std::size_t i = 0; i < sim.node_count(); ++i) {
            // Healthy disks too; a validator stopped on a fault is restarted.
            sim.heal_storage(i);
            if (sim.consensus_stopped(i)) sim.crash(i);
            if (!sim.is_up(i)) sim.restart(i);
        }
        const std::uint64_t height_at_heal = sim.max_height();
        const std::uint32_t round_at_heal = sim.max_correct_round();
        const std::uint32_t rounds_allowed = o.validators + options.liveness_extra_rounds;
        const std::int64_t bound_ms =
            liveness_bound_ms(sim.options(), round_at_heal + rounds_allowed, options.heights_after_heal);
        const std::uint64_t target = height_at_heal + options.heights_after_heal;
        const bool live = sim.run_until([&] { return sim.min_correct_height() >= target; }, sim.now_ms() + bound_ms);
        if (!sim.violation()) {
            const std::optional<std::uint32_t> round = sim.committed_round(height_at_heal + 1);
            if (!live)
                result.violation = "liveness: " + std::to_string(bound_ms) + " ms after the network healed the correct "
                                   "nodes were at height " + std::to_string(sim.min_correct_height()) + ", not " +
                                   std::to_string(target);
            else if (!round || *round > round_at_heal + rounds_allowed)
                result.violation = "liveness: the first block after healing took round " +
                                   std::to_string(round.value_or(0)) + ", more than " +
                                   std::to_string(round_at_heal + rounds_allowed);
        }
    }
    if (sim.violation()) result.violation = *sim.violation();
    if (!result.violation.empty() && options.describe_on_failure) result.violation += "\n" + sim.describe();
    result.ok = result.violation.empty();
    result.height = sim.min_correct_height();
    result.sim_time_ms = sim.now_ms() - (heal_at - chaos_ms);
    result.stats = sim.stats();
    return result;
}

} // namespace sim
