// State sync's machine (chain/consensus/state_sync.h), driven input by input
// with real keys, real certificates and real snapshots: honest peers give
// the state; a peer serving a bad chunk, a wrong manifest, a header that
// skips a change of validators or a forged certificate is banned with a line
// that says why, and the node still syncs from an honest peer; two peers
// showing conflicting certified headers stop it; with no snapshot on offer
// it gives up and the node syncs blocks. An invitation's checkpoint is
// trusted instead of the genesis, and a chain that does not lead through it
// is refused.

#include "consensus/state_sync.h"

#include <QTest>

#include <map>

using namespace chain;
using namespace chain::state;
using namespace chain::consensus;

namespace {

const Hash256 kGroup = [] {
    Hash256 h{};
    h.fill(0x5b);
    return h;
}();

std::vector<crypto::KeyPair> make_keys(int count) {
    std::vector<crypto::KeyPair> keys;
    for (int i = 0; i < count; ++i) keys.push_back(crypto::KeyPair::generate());
    return keys;
}

std::vector<PublicKey> sorted_keys(const std::vector<crypto::KeyPair>& keys) {
    std::vector<PublicKey> out;
    for (const crypto::KeyPair& key : keys) out.push_back(key.public_key());
    std::sort(out.begin(), out.end());
    return out;
}

// A state at `height` whose validators are `validators`, with `ballots`
// consecutive ballot entries (enough for several chunks), its header signed
// by `signers`, and what a peer offers of it.
struct Snapshot {
    Tables tables;
    HeaderStep step;
    SnapshotManifest manifest;
    Bytes step_bytes;
    Bytes manifest_bytes;
};

Snapshot make_snapshot(std::uint64_t height, const std::vector<crypto::KeyPair>& validators,
                       const std::vector<crypto::KeyPair>& signers, std::size_t ballots, std::uint8_t flavour = 0) {
    Snapshot s;
    std::map<Bytes, Bytes> sorted;
    for (const crypto::KeyPair& key : validators)
        sorted.emplace(Bytes(key.public_key().begin(), key.public_key().end()), Bytes{});
    for (auto& [key, value] : sorted) s.tables[table_index(TableId::Validators)].push_back(Entry{key, value});
    s.tables[table_index(TableId::Group)].push_back(Entry{Bytes{3}, Bytes(8, static_cast<std::uint8_t>(height + flavour))});
    const std::size_t key_bytes = table_key_bytes(TableId::Ballots);
    for (std::size_t id = 1; id <= ballots; ++id) {
        Bytes key(key_bytes, 0);
        key[6] = static_cast<std::uint8_t>(id >> 8);
        key[7] = static_cast<std::uint8_t>(id);
        s.tables[table_index(TableId::Ballots)].push_back(Entry{key, Bytes(200, static_cast<std::uint8_t>(id))});
    }
    const TableTrees trees = TableTrees::from_tables(s.tables);
    BlockHeader& header = s.step.header;
    header.group_id = kGroup;
    header.height = height;
    header.time_s = 1'767'225'600 + std::int64_t(height);
    header.state_root = trees.root();
    CommitCertificate& certificate = s.step.certificate;
    certificate.height = height;
    certificate.block_hash = header.hash();
    const Hash256 digest = CommitCertificate::vote_digest(kGroup, height, 0, certificate.block_hash);
    for (const crypto::KeyPair& key : signers) certificate.signatures.push_back({key.public_key(), key.sign(digest)});
    s.step.validators = prove_table(trees, TableId::Validators, s.tables[table_index(TableId::Validators)]);
    s.manifest = make_manifest(s.tables, height);
    s.step_bytes = codec::to_bytes(s.step);
    s.manifest_bytes = codec::to_bytes(s.manifest);
    return s;
}

Bytes chunk_bytes(const Snapshot& s, std::uint32_t index) {
    return codec::to_bytes(SnapshotChunk{s.manifest.height, index, chunk_entries(s.tables, s.manifest, index)});
}

bool has_line(const StateSyncOutput& out, const std::string& part) {
    return std::any_of(out.log.begin(), out.log.end(), [&](const std::string& line) { return line.find(part) != std::string::npos; });
}

bool has_line_in(const std::vector<std::string>& log, const std::string& part) {
    return std::any_of(log.begin(), log.end(), [&](const std::string& line) { return line.find(part) != std::string::npos; });
}

// Drives the machine: peers answer from their snapshot (or by `answer`),
// until it is done or nothing more is asked. Collects every output.
struct Driver {
    StateSync sync;
    std::int64_t now = 0;
    std::map<std::string, const Snapshot*> offers;
    // Header chain each peer serves: the change steps after the genesis.
    std::map<std::string, std::vector<HeaderStep>> chains;
    // Overrides of a peer's chunk answers.
    std::map<std::pair<std::string, std::uint32_t>, Bytes> bad_chunks;
    std::set<std::string> silent; // never answers chunks
    std::set<std::string> mute;   // never answers anything
    std::vector<std::string> bans;
    std::vector<std::string> log;
    std::map<std::string, std::size_t> chunks_asked;
    std::optional<StateSyncResult> done;
    std::optional<std::string> conflict;
    std::optional<std::uint64_t> off_checkpoint;
    bool gave_up = false;

    explicit Driver(StateSyncConfig config) : sync(std::move(config), 0) {}

    void take(StateSyncOutput out) {
        std::vector<StateSyncOutput> queue{std::move(out)};
        while (!queue.empty()) {
            StateSyncOutput next = std::move(queue.back());
            queue.pop_back();
            bans.insert(bans.end(), next.bans.begin(), next.bans.end());
            log.insert(log.end(), next.log.begin(), next.log.end());
            if (next.done) done = std::move(next.done);
            if (next.conflict) conflict = next.conflict;
            if (next.off_checkpoint) off_checkpoint = next.off_checkpoint;
            gave_up = gave_up || next.gave_up;
            for (const StateSyncRequest& request : next.requests)
                if (std::optional<StateSyncOutput> answer = respond(request)) queue.push_back(std::move(*answer));
        }
    }

    std::optional<StateSyncOutput> respond(const StateSyncRequest& r) {
        if (std::find(bans.begin(), bans.end(), r.peer) != bans.end() || mute.contains(r.peer)) return std::nullopt;
        const auto offer = offers.find(r.peer);
        switch (r.kind) {
        case StateSyncRequest::Kind::Snapshot:
            if (offer == offers.end()) return sync.on_snapshot(r.peer, 0, {}, {}, now);
            return sync.on_snapshot(r.peer, offer->second->manifest.height, offer->second->step_bytes,
                                    offer->second->manifest_bytes, now);
        case StateSyncRequest::Kind::HeaderChain: {
            std::vector<Bytes> steps;
            for (const HeaderStep& step : chains[r.peer])
                if (step.header.height > r.height) steps.push_back(codec::to_bytes(step));
            if (offer != offers.end()) steps.push_back(offer->second->step_bytes); // the tip
            return sync.on_header_chain(r.peer, r.height, steps, now);
        }
        case StateSyncRequest::Kind::Chunk: {
            ++chunks_asked[r.peer];
            if (silent.contains(r.peer)) return std::nullopt;
            const auto bad = bad_chunks.find({r.peer, r.index});
            const Bytes bytes = bad != bad_chunks.end() ? bad->second : chunk_bytes(*offer->second, r.index);
            return sync.on_chunk(r.peer, r.height, r.index, bytes, now);
        }
        }
        return std::nullopt;
    }

    void connect(const std::string& peer) { take(sync.on_peer_connected(peer, now)); }
    void tick(std::int64_t ms) {
        now += ms;
        take(sync.on_tick(now));
    }
};

} // namespace

class TestStateSync : public QObject {
    Q_OBJECT

    std::vector<crypto::KeyPair> keys_ = make_keys(8);
    std::vector<crypto::KeyPair> pick(std::initializer_list<int> which) const {
        std::vector<crypto::KeyPair> out;
        for (int i : which) out.push_back(keys_[std::size_t(i)]);
        return out;
    }
    StateSyncConfig config() const {
        StateSyncConfig c;
        c.group_id = kGroup;
        c.trusted = TrustedHeader{0, kGroup, Hash256{}, sorted_keys(pick({0, 1, 2, 3}))};
        return c;
    }

private slots:
    void honestPeersGiveTheStateFromBoth() {
        const Snapshot snapshot = make_snapshot(50, pick({0, 1, 2, 3}), pick({0, 1, 2}), 20'000);
        QVERIFY(snapshot.manifest.chunks.size() > 3);
        Driver d(config());
        d.offers = {{"a", &snapshot}, {"b", &snapshot}};
        d.connect("a");
        d.connect("b");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(d.done);
        QVERIFY(d.bans.empty());
        QVERIFY(d.done->tables == snapshot.tables);
        QCOMPARE(d.done->base.header.height, std::uint64_t{50});
        QVERIFY(d.done->changes.empty());
        // Both peers served chunks.
        QVERIFY(d.chunks_asked["a"] > 0 && d.chunks_asked["b"] > 0);
        QCOMPARE(d.sync.progress().phase, StateSyncProgress::Phase::Done);
        QVERIFY(d.sync.finished());
    }

    void aChangeOfValidatorsIsFollowed() {
        // ABCD trust the genesis; block 20 moves to ABCE; E signs block 50.
        const Snapshot change = make_snapshot(20, pick({0, 1, 2, 4}), pick({0, 1, 3}), 1);
        const Snapshot snapshot = make_snapshot(50, pick({0, 1, 2, 4}), pick({1, 2, 4}), 3'000);
        Driver d(config());
        d.offers = {{"a", &snapshot}};
        d.chains["a"] = {change.step};
        d.connect("a");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(d.done);
        QCOMPARE(d.done->changes.size(), std::size_t{1});
        QCOMPARE(d.done->changes[0].header.height, std::uint64_t{20});
    }

    void aHeaderThatSkipsAChangeIsRefused() {
        // Peer b leaves out block 20: block 50 is signed by a set the genesis
        // does not trust enough. a serves the whole chain.
        const Snapshot change = make_snapshot(20, pick({0, 4, 5, 6}), pick({0, 1, 2}), 1);
        const Snapshot snapshot = make_snapshot(50, pick({0, 4, 5, 6}), pick({4, 5, 6}), 3'000);
        Driver d(config());
        d.offers = {{"a", &snapshot}, {"b", &snapshot}};
        d.chains["a"] = {change.step};
        d.connect("b"); // b answers first and is chosen (first peer id on a tie)
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(std::find(d.bans.begin(), d.bans.end(), "b") != d.bans.end());
        QVERIFY(std::any_of(d.log.begin(), d.log.end(),
                            [](const std::string& l) { return l.find("the headers where the validators changed") != std::string::npos; }));
        d.connect("a");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(d.done);
        QCOMPARE(d.done->changes.size(), std::size_t{1});
    }

    void aForgedCertificateIsRefused() {
        const Snapshot forged = make_snapshot(60, pick({0, 1, 2, 3}), pick({5, 6, 7}), 100);
        const Snapshot honest = make_snapshot(50, pick({0, 1, 2, 3}), pick({0, 1, 2}), 100);
        Driver d(config());
        d.offers = {{"a", &honest}, {"m", &forged}};
        d.connect("a");
        d.connect("m");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(std::find(d.bans.begin(), d.bans.end(), "m") != d.bans.end());
        QVERIFY(d.done);
        QCOMPARE(d.done->base.header.height, std::uint64_t{50});
    }

    void aWrongManifestIsRefused() {
        const Snapshot honest = make_snapshot(50, pick({0, 1, 2, 3}), pick({0, 1, 2}), 9'000);
        Snapshot lying = honest;
        lying.manifest.chunks[1].hash[0] ^= 0x01;
        lying.manifest_bytes = codec::to_bytes(lying.manifest);
        Driver d(config());
        // The liar's offer is as high and as common as the honest one, and
        // its peer id comes first: it is tried first, and refused.
        d.offers = {{"a", &lying}, {"b", &honest}};
        d.connect("b");
        d.connect("a");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(std::find(d.bans.begin(), d.bans.end(), "a") != d.bans.end());
        QVERIFY(std::any_of(d.log.begin(), d.log.end(), [](const std::string& l) {
            return l.find("do not make the state root") != std::string::npos || l.find("overlap") != std::string::npos ||
                   l.find("key order") != std::string::npos;
        }));
        QVERIFY(d.done);
        QVERIFY(d.done->tables == honest.tables);
    }

    void aBadChunkBansItsSenderAndTheChunkComesFromAnother() {
        const Snapshot snapshot = make_snapshot(50, pick({0, 1, 2, 3}), pick({0, 1, 2}), 20'000);
        Driver d(config());
        d.offers = {{"a", &snapshot}, {"b", &snapshot}};
        // Every chunk b might be asked for is altered.
        for (std::uint32_t i = 0; i < snapshot.manifest.chunks.size(); ++i) {
            SnapshotChunk bad{50, i, chunk_entries(snapshot.tables, snapshot.manifest, i)};
            bad.entries.back().value.push_back(0x01);
            d.bad_chunks[{"b", i}] = codec::to_bytes(bad);
        }
        d.connect("a");
        d.connect("b");
        d.tick(kStateSyncDiscoveryMs);
        QCOMPARE(d.bans, std::vector<std::string>{"b"});
        QVERIFY(std::any_of(d.log.begin(), d.log.end(),
                            [](const std::string& l) { return l.find("does not hash to the hash its manifest gives") != std::string::npos; }));
        QVERIFY(d.done);
        QVERIFY(d.done->tables == snapshot.tables);
    }

    void aSilentPeerTimesOutAndAnotherServes() {
        const Snapshot snapshot = make_snapshot(50, pick({0, 1, 2, 3}), pick({0, 1, 2}), 20'000);
        Driver d(config());
        d.offers = {{"a", &snapshot}, {"s", &snapshot}};
        d.silent = {"s"};
        d.connect("a");
        d.connect("s");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(!d.done);
        d.tick(kStateSyncRequestTimeoutMs);
        QVERIFY(d.done);
        QVERIFY(d.bans.empty()); // slow is not hostile
    }

    void conflictingCertifiedHeadersStopIt() {
        const Snapshot one = make_snapshot(50, pick({0, 1, 2, 3}), pick({0, 1, 2}), 100, 0);
        const Snapshot two = make_snapshot(50, pick({0, 1, 2, 3}), pick({1, 2, 3}), 100, 1);
        QVERIFY(one.step.header.hash() != two.step.header.hash());
        Driver d(config());
        d.offers = {{"a", &one}, {"b", &two}};
        d.connect("a");
        d.connect("b");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(d.conflict);
        QVERIFY(d.conflict->find("more than a third of them signed both") != std::string::npos);
        QVERIFY(!d.done);
        QCOMPARE(d.sync.progress().phase, StateSyncProgress::Phase::Stopped);
    }

    void noSnapshotOnOfferGivesUp() {
        Driver d(config());
        d.connect("a"); // keeps none: every peer said so
        QVERIFY(d.gave_up);
        QVERIFY(d.sync.finished());
        QVERIFY(has_line_in(d.log, "syncing the blocks instead"));
        // A peer that never answers: given up after kStateSyncGiveUpMs.
        Driver quiet(config());
        quiet.mute = {"q"};
        quiet.connect("q");
        quiet.tick(kStateSyncGiveUpMs - 1);
        QVERIFY(!quiet.gave_up);
        quiet.tick(1);
        QVERIFY(quiet.gave_up);
        // A snapshot no newer than the node's own height is not worth it.
        const Snapshot old = make_snapshot(5, pick({0, 1, 2, 3}), pick({0, 1, 2}), 10);
        StateSyncConfig c = config();
        c.own_height = 5;
        Driver e(c);
        e.offers = {{"a", &old}};
        e.connect("a");
        e.tick(kStateSyncGiveUpMs);
        QVERIFY(e.gave_up);
        QVERIFY(!e.done);
    }

    // An invitation's checkpoint at block 20, where the validators became
    // EFGH. The genesis set ABCD never signed that change (FGH did), so only
    // the checkpoint lets the node follow it: it is trusted by its hash.
    void aCheckpointIsTrustedInsteadOfTheGenesis() {
        const Snapshot change = make_snapshot(20, pick({4, 5, 6, 7}), pick({5, 6, 7}), 1);
        const Snapshot snapshot = make_snapshot(50, pick({4, 5, 6, 7}), pick({4, 5, 6}), 3'000);
        StateSyncConfig c = config();
        c.checkpoint = HeaderCheckpoint{20, change.step.header.hash()};
        Driver d(c);
        d.offers = {{"a", &snapshot}};
        d.chains["a"] = {change.step};
        d.connect("a");
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(d.done);
        QVERIFY(d.bans.empty());
        // The checkpoint's step is kept, so this node serves the same chain.
        QCOMPARE(d.done->changes.size(), std::size_t{1});
        QCOMPARE(d.done->changes[0].header.hash(), change.step.header.hash());
        QVERIFY(has_line_in(d.log, "is the one the invitation names"));
        // Without the checkpoint, the same chain is refused: ABCD did not sign block 20.
        Driver genesis_only(config());
        genesis_only.offers = {{"a", &snapshot}};
        genesis_only.chains["a"] = {change.step};
        genesis_only.connect("a");
        genesis_only.tick(kStateSyncDiscoveryMs);
        QVERIFY(!genesis_only.done);
        QCOMPARE(genesis_only.bans, std::vector<std::string>{"a"});
    }

    // Peer b shows another block 20 (its own validators, its own snapshot):
    // banned with a line that names the checkpoint; a serves the invited one.
    void aChainThatMissesTheCheckpointIsBanned() {
        const Snapshot change = make_snapshot(20, pick({4, 5, 6, 7}), pick({5, 6, 7}), 1);
        const Snapshot snapshot = make_snapshot(50, pick({4, 5, 6, 7}), pick({4, 5, 6}), 3'000);
        const Snapshot other_change = make_snapshot(20, pick({1, 2, 3, 4}), pick({1, 2, 3}), 1, 7);
        const Snapshot other = make_snapshot(60, pick({1, 2, 3, 4}), pick({1, 2, 3}), 100, 7);
        QVERIFY(other_change.step.header.hash() != change.step.header.hash());
        StateSyncConfig c = config();
        c.checkpoint = HeaderCheckpoint{20, change.step.header.hash()};
        Driver d(c);
        d.offers = {{"a", &snapshot}, {"b", &other}};
        d.chains["a"] = {change.step};
        d.chains["b"] = {other_change.step};
        d.connect("a");
        d.connect("b");
        d.tick(kStateSyncDiscoveryMs); // b's is higher: tried first
        QCOMPARE(d.bans, std::vector<std::string>{"b"});
        QVERIFY(has_line_in(d.log, "does not lead through the invitation's checkpoint"));
        QCOMPARE(d.off_checkpoint, std::optional<std::uint64_t>(20)); // the node tells the member
        QVERIFY(d.done);
        QCOMPARE(d.done->base.header.height, std::uint64_t{50});
    }

    // A peer that holds no header of block 20 (a data dir migrated before it
    // recorded changes) may be honest: its offer is not used, it is not
    // banned, and with no other offer the node syncs blocks.
    void aPeerWithoutTheCheckpointIsPassedOver() {
        const Snapshot change = make_snapshot(20, pick({4, 5, 6, 7}), pick({5, 6, 7}), 1);
        const Snapshot snapshot = make_snapshot(50, pick({4, 5, 6, 7}), pick({4, 5, 6}), 100);
        StateSyncConfig c = config();
        c.checkpoint = HeaderCheckpoint{20, change.step.header.hash()};
        Driver d(c);
        d.offers = {{"a", &snapshot}};
        d.connect("a"); // serves no chain: its first step is the tip, block 50
        d.tick(kStateSyncDiscoveryMs);
        QVERIFY(d.bans.empty());
        QVERIFY(!d.done);
        QVERIFY(has_line_in(d.log, "it shows no header of the invitation's checkpoint, block 20"));
        QVERIFY(!d.off_checkpoint); // not a wrong history: nothing to tell the member
        QVERIFY(d.gave_up);
        QVERIFY(has_line_in(d.log, "no peer keeps a snapshot of the state that this node can verify"));
    }

    // A snapshot at or below the checkpoint cannot be verified from it: not fetched.
    void snapshotsBelowTheCheckpointAreNotFetched() {
        const Snapshot old = make_snapshot(50, pick({0, 1, 2, 3}), pick({0, 1, 2}), 10);
        StateSyncConfig c = config();
        c.checkpoint = HeaderCheckpoint{50, old.step.header.hash()};
        Driver d(c);
        d.offers = {{"a", &old}};
        d.connect("a");
        QVERIFY(d.gave_up);
        QVERIFY(!d.done);
        QVERIFY(d.bans.empty());
    }

    void undecodableOffersAreBanned() {
        Driver d(config());
        d.connect("x");
        d.take(d.sync.on_snapshot("x", 9, Bytes{1, 2, 3}, Bytes{4}, d.now));
        // x answered "none" first (no offer configured): a second answer is ignored.
        QVERIFY(d.bans.empty());
        StateSync fresh(config(), 0);
        (void)fresh.on_peer_connected("y", 0);
        const StateSyncOutput out = fresh.on_snapshot("y", 9, Bytes{1, 2, 3}, Bytes{4}, 0);
        QCOMPARE(out.bans, std::vector<std::string>{"y"});
        QVERIFY(has_line(out, "does not decode"));
    }
};

QTEST_APPLESS_MAIN(TestStateSync)
#include "test_state_sync.moc"
