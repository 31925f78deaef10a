#pragma once
// A deterministic simulator for the consensus (TigerBeetle's VOPR style):
// validators and non-validating nodes in one process, over a simulated
// network and clock, all driven by one seeded std::mt19937_64. Each node
// holds a real chain::State from a common genesis and applies blocks through
// the rules engine. Faults: message delay, loss, duplication, reordering,
// partitions that heal, crashes (also in the middle of sending an output) and
// restarts from the persisted records and the committed chain, bounded clock
// skew, and one Byzantine validator behind a swappable hook. The adversarial
// network: per-message filter rules (drop or delay a consensus message by
// sender, receiver, height, round and type), per-link loss and delay
// profiles, and a validator that crashes at once after deciding; with them
// and a scripted Byzantine validator that picks its recipients by (height,
// round, type), adversary.h sets up lock splits, decide splits and
// valid-round splits (a share of the randomized seeds runs one).
//
// Block sync is the node's own machine: every node runs a
// consensus::BlockSync (a fresh one after each restart) and the simulator
// drives it as chain/node/network_node.cpp does. Status messages (on every
// tick and after every commit), block requests and block responses are
// simulated messages, delayed, lost, duplicated and cut like the rest; the
// replica applies a response (the certificate checked against the validator
// set of its height, the block re-executed to its roots) and tells the
// machine what applied; a peer it bans is cut off from it, both ways, for
// sync_ban_ms; requests time out on the machine's ticks, read from the
// node's simulated clock. A node that fell behind catches up only this way.
//
// Storage is the node's too: each validator's outputs go through the node's
// consensus::Driver (chain/consensus/driver.h) over a SimStorage (storage.h),
// a disk with faults in TigerBeetle's style: a save fails at the write
// (nothing written) or at the sync (written, not durable: lost at a crash
// unless a later sync succeeds), a load at a restart fails or reads a
// damaged record, a block commit fails; faults at per-mille rates from the
// run's generator (SimOptions::storage), or scripted (fail_save,
// fail_next_load, fail_next_block_save). As on the node, a validator whose
// save or read-back fails, or whose block commit fails, stops and acts on
// nothing until it is restarted (by the test, or after a while on a healthy
// disk with operator_restarts); a follower whose commit fails pauses, and
// its block sync tries again. Test-only flags emulate the driver before the
// fail-stop rule (old_driver_resends_unsaved, old_driver_reads_partial).
//
// After every simulation step the checker asserts: no two different blocks
// committed at one height on any node; equal state roots at equal heights;
// every committed block has a certificate that chain::certificate_valid
// accepts; no correct validator (its storage failing or not) ever signed
// two different votes (or proposals) in one slot, nor sent one it had not
// saved durably (a record written but not synced does not count); no correct
// validator prevoted a block other than its lock without a proof of lock
// from its lock's round or later (the "amnesia" check); committed block time
// within the bounds of docs/CONSENSUS.md section 6 in both directions (not
// ahead of the correct clocks by more than the drift bound, not before the
// previous block, not older than the height's start by more than the delay
// bound).
//
// Nothing depends on wall-clock time or on the values of ECDSA signatures
// (which are randomised), so one seed replays a run event for event.

#include "consensus/block_sync.h"
#include "consensus/consensus.h"
#include "rules/rules.h"
#include "storage.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sim {

using chain::Block;
using chain::Bytes;
using chain::CommitCertificate;
using chain::Hash256;
using chain::PublicKey;

struct NetworkProfile {
    std::int64_t delay_min_ms = 5;
    std::int64_t delay_max_ms = 80;
    std::uint32_t loss_per_mille = 0;
    std::uint32_t duplicate_per_mille = 0;
    // Chance that a node crashes part-way through sending one output (after
    // persisting it, as the contract requires, and before some broadcasts).
    std::uint32_t crash_mid_output_per_mille = 0;
};

// The kinds of consensus message a filter rule of the network matches.
enum class MessageKind : std::uint8_t { Proposal = 1, Prevote = 2, Precommit = 3 };

// "Any node" in a filter rule's link.
inline constexpr std::size_t kAnyNode = SIZE_MAX;

// One rule of the adversarial network (the scheduler of Tendermint's
// asynchronous model, which chooses what reaches whom and when): a consensus
// message of `kind` for (height, round) on the link from -> to is dropped,
// or delivered extra_delay_ms later than the link's profile says. Rules also
// match re-sent copies, so a dropped message stays dropped while the rule is
// in place. The first matching rule applies.
struct FilterRule {
    std::size_t from = kAnyNode;
    std::size_t to = kAnyNode;
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    MessageKind kind = MessageKind::Proposal;
    bool drop = true;
    std::int64_t extra_delay_ms = 0; // when not dropped
};

struct SimOptions {
    std::uint64_t seed = 1;
    std::uint32_t validators = 4;
    std::uint32_t followers = 2;
    bool byzantine = false; // one validator double-proposes and double-votes (needs >= 4)
    // Each node's clock is off from the true time by a fixed amount in
    // [-clock_skew_max_ms, clock_skew_max_ms]; twice this must stay within
    // consensus.clock_drift_max_ms for the correct validators' bound to hold.
    std::int64_t clock_skew_max_ms = 400;
    NetworkProfile network;
    chain::consensus::Config consensus; // group_id is filled in
    std::int64_t commit_wait_ms = 1000; // after a commit, before the next height
    // Each node announces its height this often and ticks its block sync
    // machine (chain/node: status_interval_ms).
    std::int64_t sync_interval_ms = 1000;
    // Each node's consensus::BlockSync, as the node configures it (a request
    // unanswered for 10 s is given up, its peer not asked for 30 s).
    chain::consensus::BlockSyncConfig sync;
    // A peer that served a bad block is cut off from the node that banned it
    // for this long, both ways (net::PeerNetworkConfig::ban_duration_ms).
    std::int64_t sync_ban_ms = 10 * 60'000;
    // Breaks what this node serves on purpose, for the test of bans: its
    // block responses carry certificates stripped of their signatures.
    std::optional<std::size_t> corrupt_block_responses_from;
    std::int64_t tx_interval_ms = 700;
    std::uint32_t block_transactions_max = 3;
    std::uint32_t pool_transactions_max = 32;
    std::uint32_t applicants_max = 40;
    // Breaks the driver's contract on purpose, for tests that check that the
    // checker notices: a restarted validator loses its consensus records
    // (what it signed and its lock), as if they had never been written.
    bool lose_records_on_restart = false;
    // Off, the checker leaves out the lock invariant ("amnesia", checker.h),
    // so that a test can show a broken lock rule ending in a fork on its own.
    bool check_lock_invariant = true;
    // Alters what a validator's machine is told about a height (its
    // validator set, hence its quorum), for the same kind of test.
    std::function<void(std::size_t node, chain::consensus::HeightStart&)> tamper_height_start;
    // How long a validator crashed by crash_after_deciding stays down: long
    // enough that the others go on with the height without it (if it came
    // back at once, they would sync its block and the height would be over).
    std::int64_t decider_down_min_ms = 4'000;
    std::int64_t decider_down_max_ms = 10'000;
    // Every node's storage (storage.h): the per-mille rates of its faults,
    // drawn per node and per operation from the run's generator.
    StorageFaults storage;
    // A validator that stopped on a storage fault (consensus::Driver) is
    // crashed and restarted on healthy storage after this long, as an
    // operator would; off, it stays stopped until a test restarts it.
    bool operator_restarts = false;
    std::int64_t operator_restart_min_ms = 2'000;
    std::int64_t operator_restart_max_ms = 8'000;
    // Test-only: emulate the driver before the fail-stop rule, to show that
    // the checker catches what it did. (a) A failed save skips that output's
    // broadcast but not its timers, and the node goes on (the machine's
    // Resend later sends the unsaved vote). (b) At a restart, records that
    // cannot be read come back as an empty list (those that do not decode
    // are skipped), and the height starts afresh.
    bool old_driver_resends_unsaved = false;
    bool old_driver_reads_partial = false;
};

struct SimStats {
    std::uint64_t events = 0;
    std::uint64_t messages_sent = 0;
    std::uint64_t messages_dropped = 0;
    std::uint64_t crashes = 0;
    std::uint64_t restarts = 0;
    std::uint64_t evidence = 0;
    std::uint64_t transactions_committed = 0;
    std::uint32_t round_max = 0; // highest round any commit certificate carries
    // Storage (storage.h): faults that happened, validators that stopped on
    // one (consensus::Driver), block commits that failed.
    std::uint64_t storage_faults = 0;
    std::uint64_t driver_stops = 0;
    std::uint64_t blocks_not_saved = 0;
    // Block sync (consensus::BlockSync on every node).
    std::uint64_t sync_requests = 0;
    std::uint64_t sync_blocks_applied = 0;
    std::uint64_t sync_timeouts = 0;
    std::uint64_t sync_bans = 0;
};

class Simulation;

// What the Byzantine validator's hook may do when its (otherwise correct)
// machine broadcasts a message: send anything it can sign to any validator.
class ByzantineContext {
public:
    virtual ~ByzantineContext() = default;
    virtual const chain::crypto::KeyPair& key() const = 0;
    virtual const Hash256& group_id() const = 0;
    virtual std::vector<std::size_t> validator_peers() const = 0;
    virtual void send(std::size_t peer, const chain::consensus::Message& message) = 0;
    // A valid block other than the one proposed (different transactions or
    // time), built on this node's state.
    virtual Block other_block(const Block& proposed, std::int64_t time_s) = 0;
    virtual std::mt19937_64& rng() = 0;
};

class ByzantineHook {
public:
    virtual ~ByzantineHook() = default;
    virtual void on_broadcast(ByzantineContext& context, const chain::consensus::Message& message) = 0;
};

// Proposes two different blocks for one height and round to the two halves
// of the validators (one of them sometimes ten minutes in the future), and
// votes for one value to one half and for another value to the other half.
std::unique_ptr<ByzantineHook> make_double_signer();

// The limits of the adversarial network's tables.
inline constexpr std::size_t kFilterRulesMax = 4'096;
inline constexpr std::size_t kLinkProfilesMax = 4'096;
inline constexpr std::size_t kDecisionCrashesMax = 64;

class Simulation {
public:
    explicit Simulation(SimOptions options);
    ~Simulation();
    Simulation(const Simulation&) = delete;
    Simulation& operator=(const Simulation&) = delete;

    // Controls.
    void crash(std::size_t node);
    void restart(std::size_t node);
    void partition(const std::vector<std::size_t>& side);
    void heal_partition();
    void set_network(const NetworkProfile& profile);
    void set_byzantine_hook(std::unique_ptr<ByzantineHook> hook);
    // The adversarial network: per-message rules (at most kFilterRulesMax)
    // and per-link profiles (loss, delay, duplication of one direction of one
    // link, at most kLinkProfilesMax) that take the place of the network-wide
    // profile on that link.
    void add_filter_rule(const FilterRule& rule);
    void clear_filter_rules();
    void set_link_profile(std::size_t from, std::size_t to, const NetworkProfile& profile);
    void clear_link_profiles();
    // The validator `node` crashes at once when it decides `height` (after its
    // commit is durable, before it announces it to anyone), and restarts
    // after options().decider_down_min_ms .. decider_down_max_ms.
    void crash_after_deciding(std::size_t node, std::uint64_t height);
    void cancel_crashes_after_deciding();
    // Scripted storage faults: the save-th save of `node` (1-based, over the
    // whole run; saves(node) counts those so far), its next load at a
    // restart, its next block commit; heal_storage gives it a disk without
    // faults.
    void fail_save(std::size_t node, std::uint64_t save, SaveFault fault);
    void fail_next_load(std::size_t node, LoadFault fault);
    void fail_next_block_save(std::size_t node);
    void heal_storage(std::size_t node);
    // Runs `action` at simulated time `at_ms` (absolute), in event order.
    void at(std::int64_t at_ms, std::function<void()> action);

    // Runs events until the true time reaches now + duration_ms, or stops
    // early at the first violation.
    void run_for(std::int64_t duration_ms);
    // Runs until `done()` holds (checked after every event) or the deadline.
    bool run_until(const std::function<bool()>& done, std::int64_t deadline_ms);

    // Queries.
    std::int64_t now_ms() const;
    std::size_t node_count() const;
    std::size_t validator_count() const;
    bool is_validator(std::size_t node) const;
    bool is_byzantine(std::size_t node) const;
    // The validator node that proposes in (height, round) (docs/CONSENSUS.md
    // section 4; the simulator's validator set never changes).
    std::size_t proposer_node(std::uint64_t height, std::uint32_t round) const;
    bool is_up(std::size_t node) const;
    // Its consensus::Driver stopped (a storage fault) in this life.
    bool consensus_stopped(std::size_t node) const;
    std::uint64_t saves(std::size_t node) const;
    std::uint64_t height(std::size_t node) const;
    // Highest and lowest committed height over the correct nodes (up or not).
    std::uint64_t max_height() const;
    std::uint64_t min_correct_height() const;
    // The highest round the correct validators' machines are in (at their heights).
    std::uint32_t max_correct_round() const;
    Hash256 state_root(std::size_t node) const;
    // The round of the certificate first committed at `height`, if any.
    std::optional<std::uint32_t> committed_round(std::uint64_t height) const;
    // The run's one random generator (the scenario draws its faults from it).
    std::mt19937_64& rng();
    const std::optional<std::string>& violation() const;
    // One line per node: height, up, round, step, lock (for failure reports).
    std::string describe() const;
    const SimStats& stats() const;
    const SimOptions& options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// One randomized run, all choices drawn from the seed: the size of the group,
// the network, the faults, whether a Byzantine validator takes part. A chaos
// phase is followed by a healed network (all nodes up, no partition, no
// loss), in which a new block must commit within a bounded number of rounds.
struct RunOptions {
    std::int64_t chaos_min_ms = 6'000;
    std::int64_t chaos_max_ms = 20'000;
    std::uint64_t heights_after_heal = 2;
    // Rounds after the healed network may take for its first new block:
    // enough for every validator's turn as proposer, plus two.
    std::uint32_t liveness_extra_rounds = 2;
    // Appends every node's state to a failure's description.
    bool describe_on_failure = false;
    // A scratch hook for checking that the checker catches broken consensus.
    std::function<void(SimOptions&)> adjust;
};

struct RunResult {
    std::uint64_t seed = 0;
    bool ok = true;
    std::string violation; // empty when ok
    std::uint32_t validators = 0;
    bool byzantine = false;
    std::string attack;          // the adversarial schedule, if the seed drew one
    std::uint64_t height = 0;    // the lowest final height over correct nodes
    std::int64_t sim_time_ms = 0;
    SimStats stats;
    std::string summary() const;
};

RunResult run_seed(std::uint64_t seed, const RunOptions& options = RunOptions{});

} // namespace sim
