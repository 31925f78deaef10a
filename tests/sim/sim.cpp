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
constexpr std::uint64_t kSyncBlocksPerReply = 4;   // blocks sent for one status message
constexpr std::int64_t kAutoRestartMinMs = 200;    // after a crash in the middle of an output
constexpr std::int64_t kAutoRestartMaxMs = 3'000;
constexpr std::size_t kEventsQueuedMax = 2'000'000; // a run that queues more is broken

enum class Wire : std::uint8_t { Consensus = 1, Status = 2, Commit = 3 };
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
    std::vector<Record> records;
    // Volatile: rebuilt on restart.
    std::unique_ptr<Replica> replica;
    std::unique_ptr<Machine> machine;
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
    void process_output(Node& n, Output out);
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
    void on_status(Node& n, std::size_t peer, std::uint64_t peer_height);
    void on_commit_message(Node& n, const Block& block, const CommitCertificate& certificate);
    std::shared_ptr<const Bytes> commit_wire(const CommittedBlock& committed) const;
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
        if (n.machine) process_output(n, n.machine->on_timeout(e.timer, local_now(n)));
        break;
    case EventKind::NextHeight: start_next_height(n); break;
    case EventKind::StatusTick:
        send_status(n);
        schedule_node(EventKind::StatusTick, n, options.sync_interval_ms);
        break;
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
    if (n.validator) n.machine = std::make_unique<Machine>(options.consensus, n.key, *n.replica);
}

void Simulation::Impl::crash(Node& n) {
    if (!n.up) return;
    n.up = false;
    ++n.epoch;
    n.machine.reset();
    n.replica.reset();
    ++stats.crashes;
}

// Restart from what was durable: the committed chain (re-executed) and the
// consensus records of the height after it, through Machine::restore.
void Simulation::Impl::restart(Node& n) {
    if (n.up) return;
    n.up = true;
    ++n.epoch;
    ++stats.restarts;
    boot(n);
    schedule_node(EventKind::StatusTick, n, uniform(0, options.sync_interval_ms));
    if (!n.machine) return;
    const std::uint64_t next = n.chain.size() + 1;
    std::erase_if(n.records, [&](const Record& r) { return chain::consensus::record_height(r) < next; });
    if (options.lose_records_on_restart) n.records.clear();
    process_output(n, n.machine->restore(height_start(n), n.records, local_now(n)));
}

chain::consensus::HeightStart Simulation::Impl::height_start(const Node& n) const {
    chain::consensus::HeightStart start = n.replica->next_height_start();
    if (options.tamper_height_start) options.tamper_height_start(n.index, start);
    return start;
}

void Simulation::Impl::start_next_height(Node& n) {
    const std::uint64_t next = n.chain.size() + 1;
    if (!n.machine || n.machine->height() >= next) return;
    // Records of finished heights are no longer needed to restart.
    std::erase_if(n.records, [&](const Record& r) { return chain::consensus::record_height(r) < next; });
    process_output(n, n.machine->start_height(height_start(n), local_now(n)));
}

void Simulation::Impl::process_output(Node& n, Output out) {
    // The contract of Output: persist first, then send.
    n.records.insert(n.records.end(), out.persist.begin(), out.persist.end());
    if (!n.byzantine && n.key) {
        // Its own proposals first: it prevotes them in this same output.
        for (const Message& message : out.broadcast)
            if (const Proposal* p = std::get_if<Proposal>(&message))
                checker->on_proposal_seen(*p, genesis_state.validators);
        checker->on_output(n.index, n.key->public_key(), out, n.records);
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
    if (!n.replica->apply(block)) {
        checker->fail("node " + std::to_string(n.index) + " cannot apply the block it decided at height " +
                      std::to_string(block.header.height));
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
    if (!announce) return;
    const std::shared_ptr<const Bytes> payload = commit_wire(n.chain.back());
    for (std::size_t f = validator_count; f < nodes.size(); ++f) send(n, f, payload);
}

// --- Network ----------------------------------------------------------------------

// Partitions, loss, delay (and with it reordering) and duplication apply to
// every message; a message to a node that is down when it arrives is lost.
void Simulation::Impl::send(const Node& from, std::size_t to, const std::shared_ptr<const Bytes>& payload,
                            std::int64_t extra_delay_ms) {
    ++stats.messages_sent;
    const NetworkProfile& link = link_profile(from.index, to);
    if ((partitioned && side[from.index] != side[to]) || chance(link.loss_per_mille)) {
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

std::shared_ptr<const Bytes> Simulation::Impl::commit_wire(const CommittedBlock& committed) const {
    chain::codec::Writer w;
    chain::codec::encode(w, committed.block);
    chain::codec::encode(w, committed.certificate);
    return wire(Wire::Commit, w.data());
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
        if (!n.machine) return; // followers do not take part
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
    case Wire::Commit: {
        Block block;
        CommitCertificate certificate;
        chain::codec::decode(r, block);
        chain::codec::decode(r, certificate);
        if (!r.finished()) return checker->fail("a commit message did not decode");
        return on_commit_message(n, block, certificate);
    }
    }
}

// Block sync, as chain/node does it: a peer behind us gets the next blocks
// with their certificates.
void Simulation::Impl::on_status(Node& n, std::size_t peer, std::uint64_t peer_height) {
    for (std::uint64_t h = peer_height + 1; h <= n.chain.size() && h <= peer_height + kSyncBlocksPerReply; ++h)
        send(n, peer, commit_wire(n.chain[h - 1]));
}

// A node that follows (or a validator that fell behind) accepts a block when
// its certificate is valid for the validators it knows and it re-executes.
void Simulation::Impl::on_commit_message(Node& n, const Block& block, const CommitCertificate& certificate) {
    const std::uint64_t height = block.header.height;
    if (height != n.chain.size() + 1) return;
    if (certificate.height != height || certificate.block_hash != block.header.hash()) return;
    if (!cache.certificate_valid(certificate, group_id, n.replica->state().validators)) return;
    if (!n.replica->validate_block(block))
        return checker->fail("a certified block does not re-execute on node " + std::to_string(n.index) +
                             " at height " + std::to_string(height));
    commit(n, block, certificate, /*announce=*/false);
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
        text += "\n";
    }
    return text;
}

std::mt19937_64& Simulation::rng() { return impl_->rng; }
const std::optional<std::string>& Simulation::violation() const { return impl_->checker->violation(); }
const SimStats& Simulation::stats() const { return impl_->stats; }
const SimOptions& Simulation::options() const { return impl_->options; }

} // namespace sim
