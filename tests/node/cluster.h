#pragma once
// A group of NetworkNodes in one process for the tests: real keys, a real
// genesis, each node in its own data dir (real SQLite) and on its own TCP
// port on 127.0.0.1. They share one clock, which a test may move forward (to
// close a referendum) without making any node's clock differ from another's.

#include "node/network_node.h"
#include "rules/profile.h"
#include "../support/free_port.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace chain::testing {

using ::free_port;
using ::port_taken;

inline constexpr int kWaitMs = 60'000;

// A request to join from a fresh key: valid on any state, so good filler.
inline Transaction admission_request(const Hash256& group_id, std::uint32_t key_epoch,
                                     const PublicKey& data_public_key, std::int64_t valid_until_s) {
    const crypto::KeyPair applicant = crypto::KeyPair::generate();
    const Profile profile = make_profile("Pessoa Teste", "98765");
    Transaction tx;
    tx.group_id = group_id;
    tx.author = applicant.public_key();
    tx.nonce = 1;
    tx.valid_until_s = valid_until_s;
    tx.op = RequestAdmission{"Light", profile_commitment(profile), seal_profile(profile, key_epoch, data_public_key)};
    tx.sign(applicant);
    return tx;
}

// Short consensus timeouts and intervals, so that a test's blocks come in
// well under a second; reachability stays off (it talks to the home router).
inline NetworkNodeConfig fast_network_tuning() {
    NetworkNodeConfig c;
    c.timeouts.timeout_propose_ms = 600;
    c.timeouts.timeout_propose_delta_ms = 200;
    c.timeouts.timeout_prevote_ms = 300;
    c.timeouts.timeout_prevote_delta_ms = 100;
    c.timeouts.timeout_precommit_ms = 300;
    c.timeouts.timeout_precommit_delta_ms = 100;
    c.timeouts.resend_interval_ms = 500;
    c.status_interval_ms = 200;
    c.sync_request_timeout_ms = 3000;
    c.network.reconnect_delay_first_ms = 100;
    c.network.reconnect_delay_max_ms = 1000;
    c.network.tick_interval_ms = 50;
    return c;
}

class Cluster {
public:
    // `validators` validator keys plus `extra` keys for followers; the
    // founder is a member, not a validator.
    explicit Cluster(std::size_t validators, std::size_t extra, GroupParams params = GroupParams{}) {
        for (std::size_t i = 0; i < validators + extra; ++i) keys.push_back(crypto::KeyPair::generate());
        FoundingInput input;
        input.group_name = "Cooperativa Solar Teste";
        input.time_s = QDateTime::currentSecsSinceEpoch();
        input.params = params;
        input.founder_utility = "Light";
        input.founder_profile = make_profile("Fundadora", "1234");
        Founding founding = found_group(input, founder, keys[0].public_key());
        genesis = founding.genesis;
        genesis.validators.clear();
        for (std::size_t i = 0; i < validators; ++i) genesis.validators.push_back(keys[i].public_key());
        validator_count = validators;
        nodes.resize(keys.size() + 4);
    }

    std::int64_t now_ms() const { return QDateTime::currentMSecsSinceEpoch() + offset_ms->load(); }
    void advance_clock_s(std::int64_t seconds) { offset_ms->fetch_add(seconds * 1000); }

    NetworkNodeConfig config(std::size_t index) const {
        NetworkNodeConfig c = fast_network_tuning();
        c.data_dir = dir.filePath(QStringLiteral("node%1").arg(index));
        c.network.ban_duration_ms = 60'000;
        if (adjust_config) adjust_config(index, c);
        return c;
    }
    // Changes a node's configuration before it opens (e.g. a faulty store).
    std::function<void(std::size_t index, NetworkNodeConfig&)> adjust_config;

    // Opens and starts node `index` with key `key_index` (default: its own),
    // dialing every node already running.
    NetworkNode* start(std::size_t index, std::optional<std::size_t> key_index = std::nullopt) {
        const crypto::KeyPair& key = keys.at(key_index.value_or(index));
        const std::shared_ptr<std::atomic<std::int64_t>> offset = offset_ms;
        QString error;
        std::unique_ptr<NetworkNode> node = NetworkNode::open(
            config(index), genesis, key,
            [offset] { return QDateTime::currentMSecsSinceEpoch() + offset->load(); }, &error);
        if (!node) qFatal("cannot open node %zu: %s", index, qPrintable(error));
        if (!node->start(&error)) qFatal("cannot start node %zu: %s", index, qPrintable(error));
        for (const auto& other : nodes)
            if (other) node->add_peer(QStringLiteral("127.0.0.1:%1").arg(other->listening_port()));
        nodes.at(index) = std::move(node);
        return nodes.at(index).get();
    }
    void stop(std::size_t index) { nodes.at(index).reset(); }
    NetworkNode* node(std::size_t index) const { return nodes.at(index).get(); }

    Transaction make_tx(const crypto::KeyPair& author, std::uint64_t nonce, Operation op) const {
        Transaction tx;
        tx.group_id = genesis.group_id();
        tx.author = author.public_key();
        tx.nonce = nonce;
        tx.valid_until_s = now_ms() / 1000 + 30 * 86400;
        tx.op = std::move(op);
        tx.sign(author);
        return tx;
    }
    Transaction admission() const {
        return admission_request(genesis.group_id(), 0, genesis.data_public_key, now_ms() / 1000 + 30 * 86400);
    }

    // Submits `count` requests to join at node 0, one at a time, each waited
    // for until every running node has committed it; false if one is refused
    // or not committed everywhere in time.
    bool commit_admissions(int count) const {
        for (int i = 0; i < count; ++i) {
            const Transaction tx = admission();
            if (!node(0)->submit(tx).accepted()) return false;
            if (!QTest::qWaitFor([&] { return committed_everywhere(tx.id()); }, kWaitMs)) return false;
        }
        return true;
    }

    // Every running node has committed the transaction.
    bool committed_everywhere(const Hash256& id) const {
        for (const auto& node : nodes)
            if (node && !node->transaction_height(id)) return false;
        return true;
    }
    std::uint64_t max_height() const {
        std::uint64_t height = 0;
        for (const auto& node : nodes)
            if (node) height = std::max(height, node->summary().height);
        return height;
    }
    // Every running node is at one height with one state root.
    bool converged() const {
        std::optional<GroupSummary> first;
        for (const auto& node : nodes) {
            if (!node) continue;
            const GroupSummary s = node->summary();
            if (!first) first = s;
            if (s.height != first->height || s.state_root != first->state_root) return false;
        }
        return true;
    }

    QTemporaryDir dir;
    crypto::KeyPair founder = crypto::KeyPair::generate();
    std::vector<crypto::KeyPair> keys;
    std::size_t validator_count = 0;
    Genesis genesis;
    std::shared_ptr<std::atomic<std::int64_t>> offset_ms = std::make_shared<std::atomic<std::int64_t>>(0);
    std::vector<std::unique_ptr<NetworkNode>> nodes;
};

} // namespace chain::testing
