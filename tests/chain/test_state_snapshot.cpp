// Snapshots for state sync (chain/state/state_snapshot.h; docs/STATE.md,
// "Snapshots"): a manifest folds up to the state root and each chunk hashes
// to its line; the tables rebuilt from the chunks, in any order, are the
// state's. A manifest or a chunk altered in any way a peer could alter it is
// refused with a sentence, and refusing a chunk keeps nothing of it.

#include "group_fixture.h"
#include "state/state_snapshot.h"

#include "random_tables.h"

#include <QTest>

#include <algorithm>
#include <map>
#include <random>

using namespace chain;
using namespace chain::state;
using chain::testing::random_tables;
using chain::testing::round_trip;

namespace {


// Every chunk of the manifest, from the tables, in manifest order.
std::vector<std::vector<Entry>> all_chunks(const Tables& tables, const SnapshotManifest& manifest) {
    std::vector<std::vector<Entry>> chunks;
    for (std::uint32_t i = 0; i < manifest.chunks.size(); ++i) chunks.push_back(chunk_entries(tables, manifest, i));
    return chunks;
}


} // namespace

class TestStateSnapshot : public QObject {
    Q_OBJECT

    std::mt19937_64 rng_{20261207};

private slots:
    void manifestFoldsToTheRootAndChunksRebuildTheTables() {
        const Tables tables = random_tables(rng_, 50, TableId::Ballots, 30'000);
        const Hash256 root = state_root_of_tables(tables);
        const SnapshotManifest manifest = make_manifest(tables, 77);
        QCOMPARE(manifest.height, std::uint64_t{77});
        QCOMPARE(manifest_problem(manifest, root), std::string{});
        // 30,000 consecutive ids share their first bytes: the ballots table
        // is cut below its first byte, into chunks of at most the bound.
        std::size_t ballot_chunks = 0;
        for (const SnapshotChunkRef& ref : manifest.chunks) {
            QVERIFY(ref.entries >= 1 && ref.entries <= kSnapshotChunkEntriesMax);
            if (ref.table == TableId::Ballots) ++ballot_chunks;
        }
        QVERIFY2(ballot_chunks >= 30'000 / kSnapshotChunkEntriesMax, std::to_string(ballot_chunks).c_str());

        // Chunks arriving in a shuffled order still make the tables.
        std::vector<std::vector<Entry>> chunks = all_chunks(tables, manifest);
        std::vector<std::uint32_t> order(chunks.size());
        for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
        std::shuffle(order.begin(), order.end(), rng_);
        SnapshotAssembly assembly(manifest);
        for (std::uint32_t index : order) {
            QCOMPARE(assembly.add(index, chunks[index]), std::string{});
            QVERIFY(assembly.has(index));
        }
        QVERIFY(assembly.complete());
        QVERIFY(assembly.missing().empty());
        QVERIFY(assembly.take_tables() == tables);
    }

    void emptyTablesHaveNoChunks() {
        Tables tables;
        tables[table_index(TableId::Members)].push_back(Entry{Bytes(20, 7), Bytes{1, 2, 3}});
        const SnapshotManifest manifest = make_manifest(tables, 1);
        QCOMPARE(manifest.chunks.size(), std::size_t{1});
        QCOMPARE(manifest.chunks[0].prefix_bits, std::uint16_t{160});
        QCOMPARE(manifest_problem(manifest, state_root_of_tables(tables)), std::string{});
        const SnapshotManifest none = make_manifest(Tables{}, 1);
        QVERIFY(none.chunks.empty());
        QCOMPARE(manifest_problem(none, state_root_of_tables(Tables{})), std::string{});
        QVERIFY(!manifest_problem(none, state_root_of_tables(tables)).empty());
    }

    // A real group's state (members, a referendum, ballots): the state
    // rebuilt from its chunks has the same root.
    void aRealStateRoundTrips() {
        testing::GroupFixture group;
        for (int i = 0; i < 6; ++i) group.admit("member " + std::to_string(i));
        const State& state = group.state();
        const Tables tables = state_tables(state);
        const Hash256 root = state_root_of_tables(tables);
        const SnapshotManifest manifest = make_manifest(tables, group.height());
        QCOMPARE(manifest_problem(manifest, root), std::string{});
        SnapshotAssembly assembly(manifest);
        const std::vector<std::vector<Entry>> chunks = all_chunks(tables, manifest);
        for (std::uint32_t i = 0; i < chunks.size(); ++i) QCOMPARE(assembly.add(i, chunks[i]), std::string{});
        std::string problem;
        const std::optional<State> rebuilt = state_from_tables(assembly.take_tables(), &problem);
        QVERIFY2(rebuilt, problem.c_str());
        QCOMPARE(state_root_v2_from_scratch(*rebuilt), root);
    }

    void alteredManifestsAreRefused() {
        const Tables tables = random_tables(rng_, 40, TableId::Referendums, 9'000);
        const Hash256 root = state_root_of_tables(tables);
        const SnapshotManifest good = make_manifest(tables, 5);
        QVERIFY(good.chunks.size() > 3);
        const auto refused = [&](const SnapshotManifest& bad, const char* what) {
            const std::string problem = manifest_problem(bad, root);
            QVERIFY2(!problem.empty(), what);
        };
        // Another height's root.
        QVERIFY(!manifest_problem(good, state_root_of_tables(random_tables(rng_, 40))).empty());
        for (std::size_t i = 0; i < good.chunks.size(); i += 3) {
            SnapshotManifest bad = good;
            bad.chunks[i].hash[i % 32] ^= 0x01;
            refused(bad, "a flipped hash");
            bad = good;
            bad.chunks.erase(bad.chunks.begin() + static_cast<std::ptrdiff_t>(i));
            refused(bad, "a missing chunk");
            bad = good;
            bad.chunks.insert(bad.chunks.begin() + static_cast<std::ptrdiff_t>(i), good.chunks[i]);
            refused(bad, "a chunk twice");
            bad = good;
            bad.chunks[i].entries += 1;
            if (good.chunks[i].entries >= 2 && bad.chunks[i].entries <= kSnapshotChunkEntriesMax) {
                // The count is not hashed: the manifest passes, and no chunk
                // can then satisfy its line (wrongCountedChunkIsRefused).
                QCOMPARE(manifest_problem(bad, root), std::string{});
            } else {
                refused(bad, "a count that does not fit the prefix");
            }
            bad = good;
            bad.chunks[i].table = bad.chunks[i].table == TableId::Group ? TableId::Members : TableId::Group;
            refused(bad, "another table");
        }
        // Two chunks swapped, a prefix cut short, a prefix with stray bits.
        SnapshotManifest bad = good;
        std::swap(bad.chunks[1], bad.chunks[2]);
        refused(bad, "two chunks swapped");
        // A prefix changed below the bits the fold places it by passes the
        // manifest, and then no chunk satisfies its line: the honest one
        // fails, which blames the manifest's sender (docs/STATE.md).
        std::size_t unsatisfiable = 0;
        const std::vector<std::vector<Entry>> chunks = all_chunks(tables, good);
        for (std::size_t i = 0; i < good.chunks.size(); ++i) {
            if (good.chunks[i].prefix_bits < 2) continue;
            std::vector<SnapshotManifest> altered(2, good);
            altered[0].chunks[i].prefix_bits -= 1;
            altered[1].chunks[i].prefix.back() ^= 0x01;
            for (const SnapshotManifest& bad_prefix : altered) {
                if (!manifest_problem(bad_prefix, root).empty()) continue;
                QVERIFY(!chunk_problem(bad_prefix.chunks[i], chunks[i]).empty());
                ++unsatisfiable;
            }
        }
        qInfo("%zu altered prefixes passed the manifest and failed every chunk", unsatisfiable);
        bad = good;
        bad.chunks.resize(kSnapshotManifestChunksMax + 1, good.chunks[0]);
        refused(bad, "too many chunks");
    }

    void wrongCountedChunkIsRefused() {
        const Tables tables = random_tables(rng_, 40);
        SnapshotManifest manifest = make_manifest(tables, 5);
        manifest.chunks[3].entries += 1;
        SnapshotAssembly assembly(manifest);
        QVERIFY(!assembly.add(3, chunk_entries(tables, make_manifest(tables, 5), 3)).empty());
        QVERIFY(!assembly.has(3));
    }

    void alteredChunksAreRefusedAndNothingIsKept() {
        const Tables tables = random_tables(rng_, 40, TableId::Ballots, 9'000);
        const SnapshotManifest manifest = make_manifest(tables, 9);
        const std::vector<std::vector<Entry>> chunks = all_chunks(tables, manifest);
        std::size_t checked = 0;
        for (std::uint32_t i = 0; i < chunks.size(); ++i) {
            const std::vector<Entry>& good = chunks[i];
            std::vector<std::vector<Entry>> bad_ones;
            bad_ones.push_back(good);
            bad_ones.back().back().value.push_back(0x00); // a value changed
            if (!good.back().value.empty()) {
                bad_ones.push_back(good);
                bad_ones.back().front().value[0] ^= 0x80; // a flipped byte
            }
            bad_ones.push_back(good);
            bad_ones.back().back().key.back() ^= 0x01; // a key changed
            if (good.size() > 1) {
                bad_ones.push_back(good);
                bad_ones.back().pop_back(); // an entry dropped
                bad_ones.push_back(good);
                std::swap(bad_ones.back()[0], bad_ones.back()[1]); // out of order
            }
            bad_ones.push_back(good);
            bad_ones.back().push_back(good.back()); // an entry twice
            bad_ones.push_back(chunks[(i + 1) % chunks.size()]); // another chunk
            for (const std::vector<Entry>& bad : bad_ones) {
                SnapshotAssembly assembly(manifest);
                QVERIFY(!assembly.add(i, bad).empty());
                QVERIFY(!assembly.has(i));
                QCOMPARE(assembly.held_count(), std::size_t{0});
                QCOMPARE(assembly.add(i, good), std::string{});
                ++checked;
            }
        }
        QVERIFY(checked > chunks.size() * 5);
        SnapshotAssembly assembly(manifest);
        QVERIFY(!assembly.add(static_cast<std::uint32_t>(chunks.size()), chunks[0]).empty());
    }

    void codecsRoundTripAndRefuseMalformed() {
        const Tables tables = random_tables(rng_, 30, TableId::Ballots, 5'000);
        const SnapshotManifest manifest = make_manifest(tables, 12);
        QVERIFY(round_trip(manifest) == manifest);
        const SnapshotChunk chunk{12, 2, chunk_entries(tables, manifest, 2)};
        QVERIFY(round_trip(chunk) == chunk);
        Bytes bytes = codec::to_bytes(manifest);
        bytes.push_back(0);
        QVERIFY(!codec::from_bytes<SnapshotManifest>(bytes));
        bytes = codec::to_bytes(manifest);
        bytes.resize(bytes.size() - 1);
        QVERIFY(!codec::from_bytes<SnapshotManifest>(bytes));
        // A table id of no table.
        SnapshotManifest bad = manifest;
        bad.chunks[0].table = static_cast<TableId>(kTableIdLast + 1);
        QVERIFY(!codec::from_bytes<SnapshotManifest>(codec::to_bytes(bad)));
        // More entries than a chunk may hold.
        SnapshotChunk big{12, 0, std::vector<Entry>(kSnapshotChunkEntriesMax + 1, Entry{Bytes(8), Bytes{}})};
        QVERIFY(!codec::from_bytes<SnapshotChunk>(codec::to_bytes(big)));
    }
};

QTEST_APPLESS_MAIN(TestStateSnapshot)
#include "test_state_snapshot.moc"
