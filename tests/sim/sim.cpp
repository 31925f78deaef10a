#include "sim.h"

#include "checker.h"
#include "replica.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace sim {

using chain::consensus::Decision;
using chain::consensus::Machine;
using chain::consensus::Message;
using chain::consensus::Output;
using chain::consensus::Proposal;
using chain::consensus::Record;
using chain::consensus::Vote;

namespace {

constexpr std::int64_t kGenesisTime_s = 1'767'225'600; // 2026-01-01T00:00:00Z
constexpr std::int64_t kStartAfterGenesisMs = 5'000;
constexpr std::int64_t kStartSpreadMs = 200;       // validators start height 1 within this
constexpr std::int64_t kAutoRestartMinMs = 200;    // after a crash in the middle of an output
constexpr std::int64_t kAutoRestartMaxMs = 3'000;
constexpr std::size_t kEventsQueuedMax = 2'000'000; // a run that queues more is broken

// Status carries a height; BlockRequest and BlockResponse are those of
// chain/net (a range asked for; blocks with their certificates from a height).
enum class Wire : std::uint8_t { Consensus = 1, Status = 2, BlockRequest = 4, BlockResponse = 5 };
enum class EventKind : std::uint8_t { Deliver, Timer, NextHeight, StatusTick, TxTick, Action };

struct Event {
    std::int64_t time_ms = 0;
    std::uint64_t seq = 0; // ties broken by scheduling order: deterministic
    EventKind kind = EventKind::Action;
    std::size_t node = 0;
    std::size_t from = 0;
    std::uint64_t epoch = 0;
    std::shared_ptr<const Bytes> payload;
    chain::consensus::Timer timer;
    std::function<void()> action;
};

struct Later {
    bool operator()(const Event& a, const Event& b) const {
        return std::tie(a.time_ms, a.seq) > std::tie(b.time_ms, b.seq);
    }
};

struct Node {
    std::size_t index = 0;
    bool validator = false;
    bool byzantine = false;
    std::optional<chain::crypto::KeyPair> key;
    std::int64_t clock_skew_ms = 0;
    bool up = true;
    std::uint64_t epoch = 0; // events of an earlier life are dropped
    // Durable: survives a crash.
    std::vector<CommittedBlock> chain;
    // Its disk: the consensus records, with faults (storage.h). What was not
    // synced is lost at a crash.
    std::unique_ptr<SimStorage> storage;
    // Volatile: rebuilt on restart.
    std::unique_ptr<Replica> replica;
    std::unique_ptr<Machine> machine;
    // A validator's records saved, then its messages sent (the node's code);
    // stopped for good in this life once its storage failed.
    std::unique_ptr<chain::consensus::Driver> driver;
    // Block sync, fresh in each life: made by Impl::sync_of when first
    // needed after a (re)start, for the life `sync_epoch`.
    std::unique_ptr<chain::consensus::BlockSync> sync;
    std::uint64_t sync_epoch = 0;
    std::size_t checked = 0; // commits the checker has seen
};

std::shared_ptr<const Bytes> wire(Wire kind, const Bytes& body) {
    Bytes bytes;
    bytes.reserve(body.size() + 1);
    bytes.push_back(static_cast<std::uint8_t>(kind));
    bytes.insert(bytes.end(), body.begin(), body.end());
    return std::make_shared<const Bytes>(std::move(bytes));
}

chain::Genesis make_genesis(std::uint64_t seed, const std::vector<chain::crypto::KeyPair>& validators,
                            const chain::crypto::KeyPair& founder) {
    chain::Genesis genesis;
    genesis.group_name = "Simulated group";
    genesis.time_s = kGenesisTime_s;
    genesis.founder = founder.public_key();
    genesis.founder_utility = "Light";
    genesis.founder_profile = chain::SealedProfile{0, Bytes{9, 9, 9}};
    genesis.data_public_key = derived_key(seed, "data-key", 0).public_key();
    genesis.founder_sealed_keys = Bytes{1, 2, 3};
    for (const auto& key : validators) genesis.validators.push_back(key.public_key());
    chain::codec::Writer w;
    w.u64(seed);
    genesis.salt = chain::crypto::tagged_hash("rateio-sim/salt", w.data());
    return genesis;
}

} // namespace

struct Simulation::Impl {
    explicit Impl(SimOptions o);

    SimOptions options;
    std::mt19937_64 rng;
    chain::crypto::KeyPair founder;
    chain::Genesis genesis;
    Hash256 group_id{};
    chain::State genesis_state;
    VerifyCache cache;
    TransactionPool pool;
    std::unique_ptr<TransactionSource> source;
    std::unique_ptr<Checker> checker;
    std::vector<Node> nodes;
    std::size_t validator_count = 0;
    std::vector<Event> queue; // a heap ordered by Later
    std::uint64_t next_seq = 0;
    std::int64_t now = 0;
    NetworkProfile network;
    std::vector<std::uint8_t> side; // partition side per node, when partitioned
    bool partitioned = false;
    std::unique_ptr<ByzantineHook> hook;
    // The adversarial network (add_filter_rule, set_link_profile) and the
    // validators to crash when they decide a height.
    std::vector<FilterRule> filter_rules;
    std::map<std::pair<std::size_t, std::size_t>, NetworkProfile> link_profiles;
    std::vector<std::pair<std::size_t, std::uint64_t>> decision_crashes;
    SimStats stats;
    std::size_t highest_commit = 0;
    // Links cut by a ban (either end banned the other), until when: at most
    // one entry per pair of nodes.
    std::map<std::pair<std::size_t, std::size_t>, std::int64_t> banned_until_ms;

    class ByzantineLink;

    std::int64_t local_now(const Node& n) const { return now + n.clock_skew_ms; }
    bool chance(std::uint32_t per_mille) { return per_mille > 0 && rng() % 1000 < per_mille; }
    std::int64_t uniform(std::int64_t low, std::int64_t high) {
        return low + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(high - low + 1));
    }

    void push(Event e);
    void schedule_node(EventKind kind, const Node& n, std::int64_t delay_ms);
    bool step();
    void dispatch(Event& e);
    void check_step();

    void boot(Node& n);
    void crash(Node& n);
    void restart(Node& n);
    void start_next_height(Node& n);
    chain::consensus::HeightStart height_start(const Node& n) const;
    void process_output(Node& n, Output output);
    // The node's storage side (storage.h, consensus::Driver), and the old
    // driver's two failures for the mutation tests (SimOptions).
    chain::consensus::Driver::Actions drive(Node& n, Output out);
    chain::consensus::Driver::Actions old_driver_handle(Node& n, Output out);
    std::optional<std::vector<Record>> load_records(Node& n, std::uint64_t height);
    bool consensus_stopped(const Node& n) const { return n.driver && n.driver->stopped(); }
    void on_driver_stopped(Node& n);
    void on_saved_durably(const Node& n, const std::vector<Record>& records);
    void on_decision(Node& n, const Decision& decision);
    void commit(Node& n, const Block& block, const CommitCertificate& certificate, bool announce);

    void send(const Node& from, std::size_t to, const std::shared_ptr<const Bytes>& payload,
              std::int64_t extra_delay_ms = 0);
    void broadcast_consensus(const Node& from, const Message& message);
    const FilterRule* match_filter(std::size_t from, std::size_t to, const Message& message) const;
    const NetworkProfile& link_profile(std::size_t from, std::size_t to) const;
    void send_consensus(const Node& from, std::size_t to, const Message& message,
                        const std::shared_ptr<const Bytes>& payload);
    bool take_decision_crash(const Node& n, std::uint64_t height);
    void crash_for(Node& n, std::int64_t down_ms);
    void send_status(const Node& n);
    void deliver(const Event& e);

    // Block sync: each node's consensus::BlockSync, driven as chain/node
    // drives it (execute_sync, apply_block_response, note_node_state).
    chain::consensus::BlockSync& sync_of(Node& n);
    void note_node_state(Node& n);
    void execute_sync(Node& n, const chain::consensus::BlockSyncOutput& output);
    void on_sync_tick(Node& n);
    void on_status(Node& n, std::size_t peer, std::uint64_t peer_height);
    void on_block_request(const Node& n, std::size_t peer, std::uint64_t from_height, std::uint32_t count);
    void on_block_response(Node& n, std::size_t peer, std::uint64_t from_height, std::vector<CommittedBlock> blocks);
    void apply_block_response(Node& n, std::size_t peer, std::uint64_t from_height,
                              const std::vector<CommittedBlock>& blocks);
    bool synced_block_valid(Node& n, std::uint64_t height, const CommittedBlock& entry);
    bool commit_synced(Node& n, const CommittedBlock& entry);
    bool banned(std::size_t a, std::size_t b) const;
    void tx_tick();
};

class Simulation::Impl::ByzantineLink final : public ByzantineContext {
public:
    ByzantineLink(Impl& sim, Node& node) : sim_(sim), node_(node) {}
    const chain::crypto::KeyPair& key() const override { return *node_.key; }
    const Hash256& group_id() const override { return sim_.group_id; }
    std::vector<std::size_t> validator_peers() const override {
        std::vector<std::size_t> peers;
        for (std::size_t i = 0; i < sim_.validator_count; ++i)
            if (i != node_.index) peers.push_back(i);
        return peers;
    }
    void send(std::size_t peer, const Message& message) override {
        sim_.send_consensus(node_, peer, message, wire(Wire::Consensus, chain::consensus::encode_message(message)));
    }
    Block other_block(const Block& proposed, std::int64_t time_s) override {
        return node_.replica->other_block(proposed, time_s);
    }
    std::mt19937_64& rng() override { return sim_.rng; }

private:
    Impl& sim_;
    Node& node_;
};

Simulation::Impl::Impl(SimOptions o)
    : options(std::move(o)), rng(options.seed), founder(derived_key(options.seed, "founder", 0)),
      pool(options.pool_transactions_max), network(options.network) {
    std::vector<chain::crypto::KeyPair> keys;
    for (std::uint32_t i = 0; i < options.validators; ++i) keys.push_back(derived_key(options.seed, "validator", i));
    genesis = make_genesis(options.seed, keys, founder);
    group_id = genesis.group_id();
    genesis_state = chain::genesis_state(genesis);
    options.consensus.group_id = group_id;
    options.consensus.verify = [this](const PublicKey& k, const Hash256& d, const chain::Signature& s) {
        return cache.verify(k, d, s);
    };
    source = std::make_unique<TransactionSource>(options.seed, genesis, founder, options.applicants_max);
    checker = std::make_unique<Checker>(group_id, options.clock_skew_max_ms, options.consensus.clock_drift_max_ms,
                                        cache);
    checker->set_block_time_bounds(options.consensus, kGenesisTime_s * 1000 + kStartAfterGenesisMs);
    checker->set_lock_check(options.check_lock_invariant);
    validator_count = options.validators;
    const std::size_t byzantine_index =
        options.byzantine && options.validators >= 4 ? rng() % options.validators : SIZE_MAX;
    if (byzantine_index != SIZE_MAX) hook = make_double_signer();
    now = kGenesisTime_s * 1000 + kStartAfterGenesisMs;
    nodes.resize(options.validators + options.followers);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        Node& n = nodes[i];
        n.index = i;
        n.validator = i < options.validators;
        n.byzantine = i == byzantine_index;
        if (n.validator) n.key = keys[i];
        n.clock_skew_ms = uniform(-options.clock_skew_max_ms, options.clock_skew_max_ms);
        n.storage = std::make_unique<SimStorage>(rng, options.storage);
        if (n.validator && !n.byzantine)
            n.storage->set_durable_hook([this, i](const std::vector<Record>& records) {
                on_saved_durably(nodes[i], records);
            });
        boot(n);
        if (n.validator) schedule_node(EventKind::NextHeight, n, uniform(0, kStartSpreadMs));
        schedule_node(EventKind::StatusTick, n, uniform(0, options.sync_interval_ms));
    }
    Event tick;
    tick.kind = EventKind::TxTick;
    tick.time_ms = now + options.tx_interval_ms;
    push(std::move(tick));
}

void Simulation::Impl::push(Event e) {
    if (queue.size() >= kEventsQueuedMax) {
        checker->fail("simulator: more than kEventsQueuedMax events queued");
        return;
    }
    e.seq = next_seq++;
    queue.push_back(std::move(e));
    std::push_heap(queue.begin(), queue.end(), Later{});
}

void Simulation::Impl::schedule_node(EventKind kind, const Node& n, std::int64_t delay_ms) {
    Event e;
    e.kind = kind;
    e.node = n.index;
    e.epoch = n.epoch;
    e.time_ms = now + delay_ms;
    push(std::move(e));
}

bool Simulation::Impl::step() {
    if (queue.empty()) return false;
    std::pop_heap(queue.begin(), queue.end(), Later{});
    Event e = std::move(queue.back());
    queue.pop_back();
    now = e.time_ms;
    ++stats.events;
    dispatch(e);
    check_step();
    return true;
}

void Simulation::Impl::dispatch(Event& e) {
    if (e.kind == EventKind::Action) return e.action();
    if (e.kind == EventKind::TxTick) return tx_tick();
    if (e.kind == EventKind::Deliver) return deliver(e);
    Node& n = nodes[e.node];
    if (!n.up || n.epoch != e.epoch) return; // an event of an earlier life
    switch (e.kind) {
    case EventKind::Timer:
        // A stopped validator feeds its machine nothing (NetworkNode).
        if (n.machine && !consensus_stopped(n)) process_output(n, n.machine->on_timeout(e.timer, local_now(n)));
        break;
    case EventKind::NextHeight: start_next_height(n); break;
    case EventKind::StatusTick: on_sync_tick(n); break;
    default: break;
    }
}

// The properties, after every step: each new commit of every node against
// all earlier ones (fork, state root, certificate, time).
void Simulation::Impl::check_step() {
    for (Node& n : nodes) {
        for (; n.checked < n.chain.size(); ++n.checked) {
            const CommittedBlock& c = n.chain[n.checked];
            const std::vector<PublicKey>& validators = genesis_state.validators; // fixed in the simulator
            checker->on_commit(n.index, c, validators, c.state_root, now);
            stats.round_max = std::max(stats.round_max, c.certificate.round);
        }
    }
}

// --- Node life -------------------------------------------------------------------

void Simulation::Impl::boot(Node& n) {
    std::optional<PublicKey> proposer;
    if (n.key) proposer = n.key->public_key();
    n.replica = std::make_unique<Replica>(genesis, genesis_state, proposer, pool, cache, options.block_transactions_max);
    for (const CommittedBlock& c : n.chain) {
        if (!n.replica->apply(c.block)) {
            checker->fail("restart: node " + std::to_string(n.index) + " cannot re-execute its own chain at height " +
                          std::to_string(c.block.header.height));
            return;
        }
    }
    if (n.validator) {
        n.machine = std::make_unique<Machine>(options.consensus, n.key, *n.replica);
        n.driver = std::make_unique<chain::consensus::Driver>(*n.storage);
    }
}

void Simulation::Impl::crash(Node& n) {
    if (!n.up) return;
    n.up = false;
    ++n.epoch;
    n.machine.reset();
    n.driver.reset();
    n.replica.reset();
    n.storage->crash();
    ++stats.crashes;
}

// Restart from what was durable: the committed chain (re-executed) and the
// consensus records of the height after it, read back through the driver as
// NetworkNode::resume_consensus does: Machine::restore, or start_height when
// there are none; a validator whose records cannot be read stops instead.
void Simulation::Impl::restart(Node& n) {
    if (n.up) return;
    n.up = true;
    ++n.epoch;
    ++stats.restarts;
    boot(n);
    schedule_node(EventKind::StatusTick, n, uniform(0, options.sync_interval_ms));
    if (!n.machine) return;
    const std::uint64_t next = n.chain.size() + 1;
    n.storage->prune_below(next);
    if (options.lose_records_on_restart) n.storage->forget_everything();
    const std::optional<std::vector<Record>> records = load_records(n, next);
    if (!records) return on_driver_stopped(n);
    if (records->empty()) return process_output(n, n.machine->start_height(height_start(n), local_now(n)));
    process_output(n, n.machine->restore(height_start(n), *records, local_now(n)));
}

// The records of `height` through the driver; with old_driver_reads_partial,
// as the node read them before the fail-stop rule: a read that fails gives
// an empty list, a record that does not decode is left out.
std::optional<std::vector<Record>> Simulation::Impl::load_records(Node& n, std::uint64_t height) {
    if (!options.old_driver_reads_partial) return n.driver->load_records(height);
    std::vector<Record> records;
    const std::optional<std::vector<Bytes>> stored = n.storage->load(height, nullptr);
    for (const Bytes& bytes : stored.value_or(std::vector<Bytes>{}))
        if (std::optional<Record> record = chain::consensus::decode_record(bytes)) records.push_back(std::move(*record));
    return records;
}

// Fail-stop: from now on the validator acts on nothing in this life. With
// operator_restarts, it is crashed and restarted on a healthy disk later.
void Simulation::Impl::on_driver_stopped(Node& n) {
    ++stats.driver_stops;
    if (!options.operator_restarts) return;
    const std::size_t index = n.index;
    const std::uint64_t life = n.epoch;
    Event e;
    e.time_ms = now + uniform(options.operator_restart_min_ms, options.operator_restart_max_ms);
    e.action = [this, index, life] {
        Node& stopped = nodes[index];
        if (!stopped.up || stopped.epoch != life) return; // restarted meanwhile
        crash(stopped);
        stopped.storage->heal();
        restart(stopped);
    };
    push(std::move(e));
}

// What reached the disk durably is what the validator signed, for the
// checker: its slots are taken (its own proposals first: it prevotes them
// in the same output).
void Simulation::Impl::on_saved_durably(const Node& n, const std::vector<Record>& records) {
    for (const Record& record : records)
        if (const Proposal* p = std::get_if<Proposal>(&record)) checker->on_proposal_seen(*p, genesis_state.validators);
    checker->on_saved(n.index, n.key->public_key(), records);
}

chain::consensus::HeightStart Simulation::Impl::height_start(const Node& n) const {
    chain::consensus::HeightStart start = n.replica->next_height_start();
    if (options.tamper_height_start) options.tamper_height_start(n.index, start);
    return start;
}

void Simulation::Impl::start_next_height(Node& n) {
    const std::uint64_t next = n.chain.size() + 1;
    if (!n.machine || n.machine->height() >= next || consensus_stopped(n)) return;
    // Records of finished heights are no longer needed to restart.
    n.storage->prune_below(next);
    process_output(n, n.machine->start_height(height_start(n), local_now(n)));
}

// Through the driver, as NetworkNode::handle: the records are saved durably
// before anything of the output is acted on; a failed save stops it.
chain::consensus::Driver::Actions Simulation::Impl::drive(Node& n, Output out) {
    const std::uint64_t height = n.machine->height();
    if (options.old_driver_resends_unsaved) return old_driver_handle(n, std::move(out));
    const bool was_stopped = n.driver->stopped();
    chain::consensus::Driver::Actions actions = n.driver->handle(std::move(out), height);
    if (!was_stopped && n.driver->stopped()) on_driver_stopped(n);
    return actions;
}

// The node before the fail-stop rule: a failed save only skips that
// output's broadcast; its timers, evidence and decision still count, and
// the node goes on, so the machine's Resend sends the unsaved vote later.
chain::consensus::Driver::Actions Simulation::Impl::old_driver_handle(Node& n, Output out) {
    const bool saved = out.persist.empty() || !n.storage->save(out.persist);
    chain::consensus::Driver::Actions actions{std::move(out.broadcast), std::move(out.timers),
                                              std::move(out.evidence), std::move(out.decision)};
    if (!saved) actions.broadcast.clear();
    return actions;
}

void Simulation::Impl::process_output(Node& n, Output output) {
    // The contract of Output: persist (durably) first, then send.
    const chain::consensus::Driver::Actions out = drive(n, std::move(output));
    if (!n.byzantine && n.key) {
        // Its own proposals first: it prevotes them in this same output.
        for (const Message& message : out.broadcast)
            if (const Proposal* p = std::get_if<Proposal>(&message))
                checker->on_proposal_seen(*p, genesis_state.validators);
        checker->on_sent(n.index, n.key->public_key(), out.broadcast, n.storage->durable());
    }
    stats.evidence += out.evidence.size();
    for (const chain::consensus::Timer& timer : out.timers) {
        Event e;
        e.kind = EventKind::Timer;
        e.node = n.index;
        e.epoch = n.epoch;
        e.time_ms = now + timer.duration_ms;
        e.timer = timer;
        push(std::move(e));
    }
    std::size_t crash_at = SIZE_MAX;
    if (!out.broadcast.empty() && chance(network.crash_mid_output_per_mille)) crash_at = rng() % out.broadcast.size();
    for (std::size_t i = 0; i < out.broadcast.size(); ++i) {
        if (i == crash_at) {
            crash(n);
            const std::size_t index = n.index;
            Event e;
            e.time_ms = now + uniform(kAutoRestartMinMs, kAutoRestartMaxMs);
            e.action = [this, index] { restart(nodes[index]); };
            push(std::move(e));
            return;
        }
        if (n.byzantine && hook) {
            ByzantineLink link(*this, n);
            hook->on_broadcast(link, out.broadcast[i]);
        } else {
            broadcast_consensus(n, out.broadcast[i]);
        }
    }
    if (out.decision) on_decision(n, *out.decision);
}

void Simulation::Impl::on_decision(Node& n, const Decision& decision) {
    checker->on_decision(n.index, n.chain, decision);
    if (decision.block.header.height != n.chain.size() + 1) return; // already committed it (by sync)
    const bool crash_now = take_decision_crash(n, decision.block.header.height);
    commit(n, decision.block, decision.certificate, /*announce=*/!crash_now);
    if (crash_now) crash_for(n, uniform(options.decider_down_min_ms, options.decider_down_max_ms));
}

// A scripted crash_after_deciding for this node and height, used once.
bool Simulation::Impl::take_decision_crash(const Node& n, std::uint64_t height) {
    const auto it = std::find(decision_crashes.begin(), decision_crashes.end(), std::make_pair(n.index, height));
    if (it == decision_crashes.end()) return false;
    decision_crashes.erase(it);
    return true;
}

void Simulation::Impl::crash_for(Node& n, std::int64_t down_ms) {
    crash(n);
    const std::size_t index = n.index;
    Event e;
    e.time_ms = now + down_ms;
    e.action = [this, index] { restart(nodes[index]); };
    push(std::move(e));
}

void Simulation::Impl::commit(Node& n, const Block& block, const CommitCertificate& certificate, bool announce) {
    // A stopped validator commits nothing until it is restarted (NetworkNode).
    if (consensus_stopped(n)) return;
    // One transaction, as chain/store's: a failed commit leaves the chain and
    // the state as they were. A validator then stops, for one that fell
    // behind silently would still count in the others' quorums; a follower
    // pauses, and its block sync tries again later.
    if (!n.storage->save_block()) {
        ++stats.blocks_not_saved;
        if (!n.driver) return;
        n.driver->stop(chain::consensus::DriverStop::Told, block.header.height, "cannot save blocks (simulated)");
        return on_driver_stopped(n);
    }
    if (!n.replica->apply(block)) {
        checker->fail("node " + std::to_string(n.index) + " cannot apply the block it decided at height " +
                      std::to_string(block.header.height));
        return;
    }
    if (!n.replica->root_problem().empty()) {
        checker->fail("node " + std::to_string(n.index) + ": " + n.replica->root_problem());
        return;
    }
    n.chain.push_back(CommittedBlock{block, certificate, chain::state_root(n.replica->state())});
    if (n.chain.size() > highest_commit) {
        highest_commit = n.chain.size();
        stats.transactions_committed += block.transactions.size();
    }
    pool.remove_committed(block);
    if (n.machine && n.machine->height() < n.chain.size() + 1 && !n.machine->decided()) {
        // Synced past the height the machine is deciding: that height is
        // over, and the application now answers for the next one only.
        start_next_height(n);
    } else if (n.validator) {
        schedule_node(EventKind::NextHeight, n, options.commit_wait_ms);
    }
    // As the node does after a commit: its new height to every peer; the
    // ones behind ask for the block (block sync).
    if (announce) send_status(n);
}

// --- Network ----------------------------------------------------------------------

// Partitions, loss, delay (and with it reordering) and duplication apply to
// every message; a message to a node that is down when it arrives is lost.
void Simulation::Impl::send(const Node& from, std::size_t to, const std::shared_ptr<const Bytes>& payload,
                            std::int64_t extra_delay_ms) {
    ++stats.messages_sent;
    const NetworkProfile& link = link_profile(from.index, to);
    if ((partitioned && side[from.index] != side[to]) || banned(from.index, to) || chance(link.loss_per_mille)) {
        ++stats.messages_dropped;
        return;
    }
    const int copies = chance(link.duplicate_per_mille) ? 2 : 1;
    for (int c = 0; c < copies; ++c) {
        Event e;
        e.kind = EventKind::Deliver;
        e.node = to;
        e.from = from.index;
        e.payload = payload;
        e.time_ms = now + uniform(link.delay_min_ms, link.delay_max_ms) + extra_delay_ms;
        push(std::move(e));
    }
}

void Simulation::Impl::broadcast_consensus(const Node& from, const Message& message) {
    const std::shared_ptr<const Bytes> payload = wire(Wire::Consensus, chain::consensus::encode_message(message));
    for (std::size_t to = 0; to < validator_count; ++to)
        if (to != from.index) send_consensus(from, to, message, payload);
}

// --- The adversarial network -------------------------------------------------------

const FilterRule* Simulation::Impl::match_filter(std::size_t from, std::size_t to, const Message& message) const {
    if (filter_rules.empty()) return nullptr;
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    MessageKind kind = MessageKind::Proposal;
    if (const Proposal* p = std::get_if<Proposal>(&message)) {
        height = p->height;
        round = p->round;
    } else {
        const Vote& v = std::get<Vote>(message);
        height = v.height;
        round = v.round;
        kind = v.type == chain::consensus::VoteType::Prevote ? MessageKind::Prevote : MessageKind::Precommit;
    }
    for (const FilterRule& rule : filter_rules) {
        const bool link = (rule.from == kAnyNode || rule.from == from) && (rule.to == kAnyNode || rule.to == to);
        if (link && rule.height == height && rule.round == round && rule.kind == kind) return &rule;
    }
    return nullptr;
}

const NetworkProfile& Simulation::Impl::link_profile(std::size_t from, std::size_t to) const {
    if (link_profiles.empty()) return network;
    const auto it = link_profiles.find({from, to});
    return it == link_profiles.end() ? network : it->second;
}

void Simulation::Impl::send_consensus(const Node& from, std::size_t to, const Message& message,
                                      const std::shared_ptr<const Bytes>& payload) {
    std::int64_t extra_delay_ms = 0;
    if (const FilterRule* rule = match_filter(from.index, to, message)) {
        if (rule->drop) {
            ++stats.messages_sent;
            ++stats.messages_dropped;
            return;
        }
        extra_delay_ms = rule->extra_delay_ms;
    }
    send(from, to, payload, extra_delay_ms);
}

void Simulation::Impl::send_status(const Node& n) {
    chain::codec::Writer w;
    w.u64(n.chain.size());
    const std::shared_ptr<const Bytes> payload = wire(Wire::Status, w.data());
    for (std::size_t to = 0; to < nodes.size(); ++to)
        if (to != n.index) send(n, to, payload);
}

void Simulation::Impl::deliver(const Event& e) {
    Node& n = nodes[e.node];
    if (!n.up) {
        ++stats.messages_dropped;
        return;
    }
    const Bytes& bytes = *e.payload;
    const chain::ByteView body(bytes.data() + 1, bytes.size() - 1);
    chain::codec::Reader r(body);
    switch (static_cast<Wire>(bytes.front())) {
    case Wire::Consensus: {
        if (!n.machine) return;            // followers do not take part
        if (consensus_stopped(n)) return; // nor a validator stopped by its storage
        std::optional<Message> message = chain::consensus::decode_message(body);
        if (!message) return checker->fail("a consensus message did not decode");
        const std::int64_t clock = local_now(n);
        if (const Proposal* p = std::get_if<Proposal>(&*message)) {
            checker->on_proposal_seen(*p, genesis_state.validators);
            return process_output(n, n.machine->on_proposal(*p, clock));
        }
        return process_output(n, n.machine->on_vote(std::get<Vote>(*message), clock));
    }
    case Wire::Status: {
        const std::uint64_t peer_height = r.u64();
        if (!r.finished()) return checker->fail("a status message did not decode");
        return on_status(n, e.from, peer_height);
    }
    case Wire::BlockRequest: {
        const std::uint64_t from_height = r.u64();
        const std::uint32_t count = r.u32();
        if (!r.finished()) return checker->fail("a block request did not decode");
        return on_block_request(n, e.from, from_height, count);
    }
    case Wire::BlockResponse: {
        const std::uint64_t from_height = r.u64();
        const std::uint32_t count = r.u32();
        if (!r.ok() || count > chain::consensus::kBlockSyncBlocksPerRequestMax)
            return checker->fail("a block response did not decode");
        std::vector<CommittedBlock> blocks(count);
        for (CommittedBlock& entry : blocks) {
            chain::codec::decode(r, entry.block);
            chain::codec::decode(r, entry.certificate);
        }
        if (!r.finished()) return checker->fail("a block response did not decode");
        return on_block_response(n, e.from, from_height, std::move(blocks));
    }
    }
}

// --- Block sync ---------------------------------------------------------------------
//
// Each node runs a consensus::BlockSync, the node's own machine, and this
// is its driver, built like chain/node/network_node.cpp's: status messages,
// block requests and block responses travel over the simulated network (so
// they are delayed, lost, duplicated and cut by partitions and bans like
// everything else), a response is applied by the replica and committed, and
// what came of it goes back to the machine. Its clock is the node's (skewed,
// steady) clock; its timeouts wait for the status ticks, as on the node.

namespace {
std::string sync_peer_id(std::size_t node) { return std::to_string(node); }
} // namespace

// A crash ends the machine's life with the node's: the first input after a
// restart meets a fresh one, at the height the node restarted from, which
// knows every other node (the simulated network connects them all) and
// learns their heights from their next status messages.
chain::consensus::BlockSync& Simulation::Impl::sync_of(Node& n) {
    if (n.sync && n.sync_epoch == n.epoch) return *n.sync;
    n.sync = std::make_unique<chain::consensus::BlockSync>(options.sync, n.chain.size());
    n.sync_epoch = n.epoch;
    for (std::size_t peer = 0; peer < nodes.size(); ++peer)
        if (peer != n.index) (void)n.sync->on_peer_connected(sync_peer_id(peer), local_now(n));
    return *n.sync;
}

// What happened outside sync, told to the machine before its next input
// (NetworkNode::note_node_state): a validator stopped by its storage stops
// syncing too, until it is restarted; a block decided by consensus raised
// the height.
void Simulation::Impl::note_node_state(Node& n) {
    chain::consensus::BlockSync& sync = sync_of(n);
    if (consensus_stopped(n) && !sync.stopped()) sync.stop();
    if (n.chain.size() <= sync.height()) return;
    execute_sync(n, sync.on_commit_result(chain::consensus::CommitResult::ok(n.chain.size()), local_now(n)));
}

// The outputs the node executes: a request to send, a peer to ban (its link
// is cut both ways for sync_ban_ms, as the peer network drops a banned peer
// and refuses it meanwhile). Storage reports only go to the node's log.
void Simulation::Impl::execute_sync(Node& n, const chain::consensus::BlockSyncOutput& output) {
    if (output.timed_out) ++stats.sync_timeouts;
    if (output.request) {
        const std::size_t peer = std::stoul(output.request->peer);
        chain::codec::Writer w;
        w.u64(output.request->from_height);
        w.u32(output.request->count);
        ++stats.sync_requests;
        send(n, peer, wire(Wire::BlockRequest, w.data()));
    }
    if (output.ban) {
        const std::size_t peer = std::stoul(*output.ban);
        banned_until_ms[std::minmax(n.index, peer)] = now + options.sync_ban_ms;
        ++stats.sync_bans;
    }
}

// Every sync_interval_ms, as the node's tick: its height to every peer, and
// the machine's expiries and retries.
void Simulation::Impl::on_sync_tick(Node& n) {
    send_status(n);
    note_node_state(n);
    execute_sync(n, sync_of(n).on_tick(local_now(n)));
    schedule_node(EventKind::StatusTick, n, options.sync_interval_ms);
}

void Simulation::Impl::on_status(Node& n, std::size_t peer, std::uint64_t peer_height) {
    note_node_state(n);
    execute_sync(n, sync_of(n).on_peer_status(sync_peer_id(peer), peer_height, local_now(n)));
}

// Served from the committed chain, at most blocks_per_request_max blocks
// (NetworkNode::on_block_request); an answer with no blocks says "nothing
// from there".
void Simulation::Impl::on_block_request(const Node& n, std::size_t peer, std::uint64_t from_height,
                                        std::uint32_t count) {
    const std::uint64_t count_max = std::min<std::uint64_t>(count, options.sync.blocks_per_request_max);
    std::vector<const CommittedBlock*> served;
    for (std::uint64_t h = from_height; h >= 1 && h <= n.chain.size() && h < from_height + count_max; ++h)
        served.push_back(&n.chain[h - 1]);
    const bool corrupt = options.corrupt_block_responses_from == n.index;
    chain::codec::Writer w;
    w.u64(from_height);
    w.u32(static_cast<std::uint32_t>(served.size()));
    for (const CommittedBlock* entry : served) {
        chain::codec::encode(w, entry->block);
        CommitCertificate certificate = entry->certificate;
        if (corrupt) certificate.signatures.clear();
        chain::codec::encode(w, certificate);
    }
    send(n, peer, wire(Wire::BlockResponse, w.data()));
}

void Simulation::Impl::on_block_response(Node& n, std::size_t peer, std::uint64_t from_height,
                                         std::vector<CommittedBlock> blocks) {
    note_node_state(n);
    const chain::consensus::BlockSyncOutput taken =
        sync_of(n).on_block_response(sync_peer_id(peer), from_height, blocks.size(), local_now(n));
    execute_sync(n, taken);
    if (taken.apply) apply_block_response(n, peer, from_height, blocks);
}

// As NetworkNode::apply_block_response: the blocks are checked and committed
// in order up to the first bad one, each commit's result told to the
// machine; it hears what applied before the last commit (so that it asks for
// the next blocks meanwhile), and the ban after it.
void Simulation::Impl::apply_block_response(Node& n, std::size_t peer, std::uint64_t from_height,
                                            const std::vector<CommittedBlock>& blocks) {
    const std::uint64_t life = n.epoch;
    const auto alive = [&] { return n.up && n.epoch == life; }; // a crash in a commit ends the machine
    std::uint64_t applied = 0;
    bool bad_block = false;
    bool saved = true;
    for (const CommittedBlock& entry : blocks) {
        if (!synced_block_valid(n, from_height + applied, entry)) {
            bad_block = true;
            break;
        }
        ++applied;
        if (applied == blocks.size()) break; // the last is committed after asking ahead
        saved = commit_synced(n, entry);
        if (!alive()) return;
        if (!saved) break;
    }
    const chain::consensus::ResponseApplied outcome{sync_peer_id(peer), from_height, applied, bad_block};
    chain::consensus::BlockSyncOutput after = sync_of(n).on_response_applied(outcome, local_now(n));
    chain::consensus::BlockSyncOutput ask;
    ask.request = std::move(after.request);
    after.request.reset();
    execute_sync(n, ask);
    if (saved && !bad_block && applied == blocks.size()) {
        saved = commit_synced(n, blocks.back());
        if (!alive()) return;
    }
    execute_sync(n, after); // the ban, once the good blocks are saved
    stats.sync_blocks_applied += saved && !bad_block ? applied : 0;
    if (applied > 0) send_status(n); // the node announces its height after a commit
}

// A synced block is taken when it is the one asked for, certified by a
// quorum of the validator set of its height (the one after the previous
// block, which this node computed itself), and re-executes to its roots.
// Anything else is the serving peer's fault, except a certified block that
// does not re-execute: that is a divergence the checker reports.
bool Simulation::Impl::synced_block_valid(Node& n, std::uint64_t height, const CommittedBlock& entry) {
    const Block& block = entry.block;
    const CommitCertificate& certificate = entry.certificate;
    if (height != n.chain.size() + 1 || block.header.height != height || certificate.height != height ||
        certificate.block_hash != block.header.hash())
        return false;
    if (!cache.certificate_valid(certificate, group_id, n.replica->state().validators)) return false;
    if (n.replica->validate_block(block)) return true;
    checker->fail("a certified block does not re-execute on node " + std::to_string(n.index) + " at height " +
                  std::to_string(height));
    return false;
}

// Committed through the node's one commit path (saved when the chain grew
// by it: a commit that fails leaves the chain as it was), and the result
// told to the machine (NetworkNode::commit_synced). Not told if the node
// crashed in the commit: its machine died with it.
bool Simulation::Impl::commit_synced(Node& n, const CommittedBlock& entry) {
    const std::uint64_t life = n.epoch;
    const std::uint64_t height = entry.block.header.height;
    commit(n, entry.block, entry.certificate, /*announce=*/false);
    if (!n.up || n.epoch != life) return false;
    const bool saved = n.chain.size() == height;
    // A validator that cannot save has stopped: it does not retry.
    if (consensus_stopped(n)) sync_of(n).stop();
    const chain::consensus::CommitResult result = saved ? chain::consensus::CommitResult::ok(n.chain.size())
                                                        : chain::consensus::CommitResult::failed("block not saved");
    execute_sync(n, sync_of(n).on_commit_result(result, local_now(n)));
    return saved;
}

bool Simulation::Impl::banned(std::size_t a, std::size_t b) const {
    if (banned_until_ms.empty()) return false;
    const auto it = banned_until_ms.find(std::minmax(a, b));
    return it != banned_until_ms.end() && now < it->second;
}

void Simulation::Impl::tx_tick() {
    const Node* reference = nullptr;
    for (const Node& n : nodes)
        if (n.up && (!reference || n.chain.size() > reference->chain.size())) reference = &n;
    if (reference) source->tick(rng, reference->replica->state(), pool);
    Event tick;
    tick.kind = EventKind::TxTick;
    tick.time_ms = now + uniform(options.tx_interval_ms / 2, options.tx_interval_ms * 3 / 2);
    push(std::move(tick));
}

// --- Public API ---------------------------------------------------------------------

Simulation::Simulation(SimOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
Simulation::~Simulation() = default;

void Simulation::crash(std::size_t node) { impl_->crash(impl_->nodes.at(node)); }
void Simulation::restart(std::size_t node) { impl_->restart(impl_->nodes.at(node)); }

void Simulation::partition(const std::vector<std::size_t>& side) {
    impl_->side.assign(impl_->nodes.size(), 0);
    for (std::size_t node : side) impl_->side.at(node) = 1;
    impl_->partitioned = true;
}

void Simulation::heal_partition() { impl_->partitioned = false; }
void Simulation::set_network(const NetworkProfile& profile) { impl_->network = profile; }
void Simulation::set_byzantine_hook(std::unique_ptr<ByzantineHook> hook) { impl_->hook = std::move(hook); }

void Simulation::add_filter_rule(const FilterRule& rule) {
    if (impl_->filter_rules.size() >= kFilterRulesMax) return impl_->checker->fail("simulator: too many filter rules");
    impl_->filter_rules.push_back(rule);
}

void Simulation::clear_filter_rules() { impl_->filter_rules.clear(); }

void Simulation::set_link_profile(std::size_t from, std::size_t to, const NetworkProfile& profile) {
    if (impl_->link_profiles.size() >= kLinkProfilesMax)
        return impl_->checker->fail("simulator: too many link profiles");
    impl_->link_profiles[{from, to}] = profile;
}

void Simulation::clear_link_profiles() { impl_->link_profiles.clear(); }
void Simulation::cancel_crashes_after_deciding() { impl_->decision_crashes.clear(); }

void Simulation::fail_save(std::size_t node, std::uint64_t save, SaveFault fault) {
    if (!impl_->nodes.at(node).storage->fail_save(save, fault))
        impl_->checker->fail("simulator: too many scripted save faults");
}

void Simulation::fail_next_load(std::size_t node, LoadFault fault) {
    impl_->nodes.at(node).storage->fail_next_load(fault);
}

void Simulation::fail_next_block_save(std::size_t node) { impl_->nodes.at(node).storage->fail_next_block_save(); }
void Simulation::heal_storage(std::size_t node) { impl_->nodes.at(node).storage->heal(); }

void Simulation::crash_after_deciding(std::size_t node, std::uint64_t height) {
    if (impl_->decision_crashes.size() >= kDecisionCrashesMax)
        return impl_->checker->fail("simulator: too many scripted crashes");
    impl_->decision_crashes.emplace_back(node, height);
}

void Simulation::at(std::int64_t at_ms, std::function<void()> action) {
    Event e;
    e.time_ms = std::max(at_ms, impl_->now);
    e.action = std::move(action);
    impl_->push(std::move(e));
}

void Simulation::run_for(std::int64_t duration_ms) {
    const std::int64_t end_ms = impl_->now + duration_ms;
    while (!violation() && !impl_->queue.empty() && impl_->queue.front().time_ms <= end_ms) impl_->step();
    if (!violation()) impl_->now = std::max(impl_->now, end_ms);
}

bool Simulation::run_until(const std::function<bool()>& done, std::int64_t deadline_ms) {
    while (!violation() && !done()) {
        if (impl_->queue.empty() || impl_->queue.front().time_ms > deadline_ms) return false;
        impl_->step();
    }
    return !violation();
}

std::int64_t Simulation::now_ms() const { return impl_->now; }
std::size_t Simulation::node_count() const { return impl_->nodes.size(); }
std::size_t Simulation::validator_count() const { return impl_->validator_count; }
bool Simulation::is_validator(std::size_t node) const { return impl_->nodes.at(node).validator; }
bool Simulation::is_byzantine(std::size_t node) const { return impl_->nodes.at(node).byzantine; }
bool Simulation::is_up(std::size_t node) const { return impl_->nodes.at(node).up; }
bool Simulation::consensus_stopped(std::size_t node) const { return impl_->consensus_stopped(impl_->nodes.at(node)); }
std::uint64_t Simulation::saves(std::size_t node) const { return impl_->nodes.at(node).storage->saves(); }

std::size_t Simulation::proposer_node(std::uint64_t height, std::uint32_t round) const {
    std::vector<std::pair<PublicKey, std::size_t>> sorted;
    for (std::size_t i = 0; i < impl_->validator_count; ++i) sorted.emplace_back(impl_->nodes[i].key->public_key(), i);
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    return sorted[(height % n + round % n) % n].second;
}
std::uint64_t Simulation::height(std::size_t node) const { return impl_->nodes.at(node).chain.size(); }

std::uint64_t Simulation::max_height() const {
    std::uint64_t height = 0;
    for (const Node& n : impl_->nodes) height = std::max<std::uint64_t>(height, n.chain.size());
    return height;
}

std::uint64_t Simulation::min_correct_height() const {
    std::uint64_t height = UINT64_MAX;
    for (const Node& n : impl_->nodes)
        if (!n.byzantine) height = std::min<std::uint64_t>(height, n.chain.size());
    return height;
}

std::uint32_t Simulation::max_correct_round() const {
    std::uint32_t round = 0;
    for (const Node& n : impl_->nodes)
        if (!n.byzantine && n.machine) round = std::max(round, n.machine->round());
    return round;
}

Hash256 Simulation::state_root(std::size_t node) const {
    const Node& n = impl_->nodes.at(node);
    return n.chain.empty() ? chain::state_root(impl_->genesis_state) : n.chain.back().state_root;
}

std::optional<std::uint32_t> Simulation::committed_round(std::uint64_t height) const {
    return impl_->checker->committed_round(height);
}

std::string Simulation::describe() const {
    std::string text;
    for (const Node& n : impl_->nodes) {
        text += "node " + std::to_string(n.index) + (n.validator ? " validator" : " follower") +
                (n.byzantine ? " byzantine" : "") + (n.up ? " up" : " down") + " height=" +
                std::to_string(n.chain.size()) + " skew_ms=" + std::to_string(n.clock_skew_ms);
        if (n.machine)
            text += " machine_height=" + std::to_string(n.machine->height()) + " round=" +
                    std::to_string(n.machine->round()) + " step=" + chain::consensus::step_name(n.machine->step()) +
                    " locked_round=" + std::to_string(n.machine->locked_round()) +
                    " valid_round=" + std::to_string(n.machine->valid_round());
        if (n.driver && n.driver->failure())
            text += std::string(" stopped: ") + chain::consensus::driver_stop_name(n.driver->failure()->why) +
                    " at height " + std::to_string(n.driver->failure()->height) + " (" +
                    n.driver->failure()->detail + ")";
        text += "\n";
    }
    return text;
}

std::mt19937_64& Simulation::rng() { return impl_->rng; }
const std::optional<std::string>& Simulation::violation() const { return impl_->checker->violation(); }
const SimStats& Simulation::stats() const {
    // Counted by each node's storage; summed when asked.
    impl_->stats.storage_faults = 0;
    for (const Node& n : impl_->nodes) impl_->stats.storage_faults += n.storage->faults();
    return impl_->stats;
}
const SimOptions& Simulation::options() const { return impl_->options; }

} // namespace sim
