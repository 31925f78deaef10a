// The group state as tables of keyed entries and the state root of protocol
// version 2 (chain/state/state_tables.h, docs/STATE.md): known-answer vectors
// for a small hand-made state, the shape of every table (fixed key lengths,
// one entry per key), electorates stored once, and a root that moves with any
// single entry and only with the entries.

#include "state/state_tables.h"
#include "state/table_trees.h"

#include "crypto/crypto.h"

#include <QtTest>

#include <algorithm>
#include <random>
#include <set>

using namespace chain;
using namespace chain::state;

namespace {

template <std::size_t N>
std::array<std::uint8_t, N> filled(std::uint8_t byte) {
    std::array<std::uint8_t, N> bytes{};
    bytes.fill(byte);
    return bytes;
}

QString hex_of(ByteView bytes) { return QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(bytes.data()), static_cast<qsizetype>(bytes.size())).toHex()); }
template <std::size_t N>
QString hex_of(const std::array<std::uint8_t, N>& bytes) { return hex_of(ByteView(bytes.data(), N)); }

// The vector state of docs/STATE.md ("Known answers"): every field fixed by
// hand, nothing derived from keys or clocks, so another implementation can
// build the same state from the document.
State vector_state() {
    State s;
    s.group_id = filled<32>(0x11);
    s.group_name = "Vila Solar";
    s.token_symbol = "SEB";
    s.genesis_time_s = 1'767'225'600;
    s.height = 7;
    s.time_s = 1'767'230'000;
    const AccountId ana = filled<20>(0xa1);
    const AccountId bia = filled<20>(0xb2);
    Member m;
    m.account = ana;
    m.public_key = filled<33>(0x02);
    m.utility = "Light";
    m.profile_commitment = filled<32>(0xc3);
    m.profile = SealedProfile{0, Bytes{9, 9, 9}};
    m.quota_w = 5'000;
    m.tokens_msb = 1'000;
    m.admitted_at_s = 1'767'225'600;
    m.key_epoch = 0;
    m.sealed_keys = Bytes{1, 2, 3};
    s.members.emplace(ana, m);
    m.account = bia;
    m.public_key = filled<33>(0x03);
    m.quota_w = 0;
    s.members.emplace(bia, m);
    s.nonces[ana] = 3;
    s.nonces[bia] = 1;
    Plant p;
    p.id = 1;
    p.name = "Telhado";
    p.capacity_w = 5'000;
    p.cost_cents = 2'000'000;
    p.utility = "Light";
    p.proposer = ana;
    p.status = PlantStatus::Campaign;
    p.referendum_id = 1;
    p.pledges_cents[bia] = 500'000;
    p.pledged_cents = 500'000;
    s.plants.emplace(1, p);
    Referendum r;
    r.id = 1;
    r.kind = ReferendumKind::Plant;
    r.proposer = ana;
    r.electorate = Electorate{ana, bia};
    r.ballots[ana] = true;
    r.ballots[bia] = true;
    r.outcome = Outcome::Approved;
    r.plant_id = 1;
    s.referendums.emplace(1, r);
    s.validators = {filled<33>(0x02)};
    s.data_public_keys = {filled<33>(0x03)};
    s.capacity_w = 0;
    s.next_plant_id = 2;
    s.next_referendum_id = 2;
    s.protocol_version = kProtocolVersionStateTables;
    return s;
}

// Every entry inserted into the tables' Merkle maps in a random order.
Hash256 root_of_shuffled(const State& state, std::uint64_t seed) {
    const Tables tables = state_tables(state);
    std::vector<std::pair<TableId, const Entry*>> entries;
    for (std::size_t i = 0; i < kTableCount; ++i)
        for (const Entry& entry : tables[i]) entries.emplace_back(static_cast<TableId>(i + 1), &entry);
    std::mt19937_64 random(seed);
    std::shuffle(entries.begin(), entries.end(), random);
    TableTrees trees;
    for (const auto& [table, entry] : entries) trees.set(table, entry->key, entry->value);
    return trees.root();
}

} // namespace

class TestStateTables : public QObject {
    Q_OBJECT

private slots:
    void knownAnswers() {
        const State s = vector_state();
        const Tables tables = state_tables(s);
        // The group table's clock entry: u8 key 3, value u64 height || i64 time.
        const auto& group = tables[table_index(TableId::Group)];
        const auto clock = std::find_if(group.begin(), group.end(), [](const Entry& e) { return e.key == Bytes{3}; });
        QVERIFY(clock != group.end());
        QCOMPARE(hex_of(clock->value), QStringLiteral("0000000000000007000000006955ca30"));
        // A ballot: key u64 referendum || account, value one byte.
        const auto& ballots = tables[table_index(TableId::Ballots)];
        QCOMPARE(ballots.size(), std::size_t{2});
        QCOMPARE(hex_of(ballots[0].key), QStringLiteral("0000000000000001a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"));
        QCOMPARE(hex_of(ballots[0].value), QStringLiteral("01"));
        // The roots of docs/STATE.md.
        QCOMPARE(hex_of(table_root_from_sorted(1, group)),
                 QStringLiteral("25fcc7b4bdc36f1f3fc8df9c35759c45b9c8a33c8c813fc56620867d462c8352"));
        QCOMPARE(hex_of(table_root_from_sorted(20, tables[table_index(TableId::Members)])),
                 QStringLiteral("eaad40c9e3405528a161085b109c9b9b4e3f17d1bb26f4768774c4c7acbe6f48"));
        QCOMPARE(hex_of(table_root_from_sorted(28, ballots)),
                 QStringLiteral("90eec9fc1789cee909f43044dd83133c17cbe7b129e53dadfe1e81d07e47bc50"));
        QCOMPARE(hex_of(state_root_v2(s)),
                 QStringLiteral("3df33d1eed9e980348d5a066c59cb99df1a9764224fbd35d41ec50e79ec6940e"));
    }

    void everyTableHasFixedKeysInOrder() {
        const Tables tables = state_tables(vector_state());
        for (std::size_t i = 0; i < kTableCount; ++i) {
            const auto table = static_cast<TableId>(i + 1);
            for (std::size_t e = 0; e < tables[i].size(); ++e) {
                QCOMPARE(tables[i][e].key.size(), table_key_bytes(table));
                if (e > 0) QVERIFY2(tables[i][e - 1].key < tables[i][e].key, table_name(table));
            }
        }
        QCOMPARE(tables[table_index(TableId::Members)].size(), std::size_t{2});
        QCOMPARE(tables[table_index(TableId::Pledges)].size(), std::size_t{1});
        QCOMPARE(tables[table_index(TableId::Validators)].size(), std::size_t{1});
        QVERIFY(tables[table_index(TableId::Validators)][0].value.empty());
        QCOMPARE(tables[table_index(TableId::Offers)].size(), std::size_t{0});
    }

    void emptyTablesHaveTheZeroRoot() {
        QCOMPARE(table_root_from_sorted(8, {}), Hash256{});
        // Every table empty still gives a definite root over nineteen zero roots.
        const std::array<Hash256, kTableCount> zeros{};
        QCOMPARE(hex_of(state_root_from_table_roots(zeros)),
                 QStringLiteral("dfa71779345299609445656f0de72e3400b410515c3ee4827def92dd547220f7"));
    }

    void electoratesAreStoredOncePerList() {
        State s = vector_state();
        Referendum second = s.referendums.at(1);
        second.id = 2;
        second.ballots.clear();
        s.referendums.emplace(2, second);
        const Tables tables = state_tables(s);
        QCOMPARE(tables[table_index(TableId::Referendums)].size(), std::size_t{2});
        QCOMPARE(tables[table_index(TableId::Electorates)].size(), std::size_t{1});
        // A referendum opened after a removal holds another list: a second entry.
        Referendum third = second;
        third.id = 3;
        third.electorate = Electorate{filled<20>(0xa1)};
        s.referendums.emplace(3, third);
        const Tables tables_after = state_tables(s);
        QCOMPARE(tables_after[table_index(TableId::Electorates)].size(), std::size_t{2});
        // The referendum names its list by hash.
        const Entry& first = tables_after[table_index(TableId::Referendums)][0];
        const Hash256 id = electorate_id(s.referendums.at(1).electorate);
        QVERIFY(std::search(first.value.begin(), first.value.end(), id.begin(), id.end()) != first.value.end());
    }

    void rootMovesWithEachEntry() {
        const State base = vector_state();
        const Hash256 root = state_root_v2(base);
        std::set<Hash256> roots{root};
        const auto changed = [&](auto change) {
            State s = base;
            change(s);
            const Hash256 r = state_root_v2(s);
            QVERIFY(roots.insert(r).second); // differs from the base and every other change
        };
        changed([](State& s) { s.height += 1; });
        changed([](State& s) { s.referendums.at(1).ballots[filled<20>(0xb2)] = false; });
        changed([](State& s) { s.plants.at(1).pledges_cents[filled<20>(0xb2)] = 500'001; });
        changed([](State& s) { s.members.at(filled<20>(0xa1)).quota_w += 1; });
        changed([](State& s) { s.nonces.erase(filled<20>(0xb2)); });
        changed([](State& s) { s.validators.push_back(filled<33>(0x04)); });
        changed([](State& s) { s.energy.plant_operators[1] = filled<20>(0xb2); });
        changed([](State& s) { s.energy.quota_tracks[filled<20>(0xa1)].quota_w_by_day[-3] = 5; });
        changed([](State& s) { s.energy.quota_tracks[filled<20>(0xa1)].quota_w_by_day[3] = 5; });
        changed([](State& s) { s.referendums.at(1).electorate = Electorate{filled<20>(0xa1)}; });
        changed([](State& s) { s.pending_upgrade = PendingUpgrade{3, 100}; });
        // And nothing else moves it: a copy, or the same entries built again.
        QCOMPARE(state_root_v2(State(base)), root);
        QCOMPARE(state_root_v2(vector_state()), root);
    }

    void negativeDaysSortBeforePositiveOnes() {
        State s = vector_state();
        QuotaTrack& track = s.energy.quota_tracks[filled<20>(0xa1)];
        for (std::int64_t day : {-400, -1, 0, 1, 20'000}) track.quota_w_by_day[day] = 1;
        const Tables tables = state_tables(s);
        const auto& table = tables[table_index(TableId::QuotaByDay)];
        QCOMPARE(table.size(), std::size_t{5});
        for (std::size_t i = 1; i < table.size(); ++i) QVERIFY(table[i - 1].key < table[i].key);
    }

    void orderOfInsertionDoesNotMatter() {
        const State s = vector_state();
        for (std::uint64_t seed = 1; seed <= 20; ++seed) QCOMPARE(root_of_shuffled(s, seed), state_root_v2(s));
        QCOMPARE(TableTrees::from_tables(state_tables(s)).root(), state_root_v2(s));
    }

    // The trees brought from one state to the next by the entries that differ
    // reach the root computed from scratch, and hash only what changed.
    void treesFollowChangesIncrementally() {
        State s = vector_state();
        Tables before = state_tables(s);
        TableTrees trees = TableTrees::from_tables(before);
        (void)trees.root();
        const TableTrees kept = trees; // an older version stays as it was
        s.height += 1;
        s.referendums.at(1).ballots.erase(filled<20>(0xb2));
        s.plants.at(1).pledges_cents[filled<20>(0xa1)] = 1;
        s.nonces.erase(filled<20>(0xa1));
        const Tables after = state_tables(s);
        // The merge names exactly what changed: one ballot gone, one pledge new.
        const TableChanges ballots = table_changes(before[table_index(TableId::Ballots)], after[table_index(TableId::Ballots)]);
        QCOMPARE(ballots.set.size(), std::size_t{0});
        QCOMPARE(ballots.erased.size(), std::size_t{1});
        const TableChanges pledges = table_changes(before[table_index(TableId::Pledges)], after[table_index(TableId::Pledges)]);
        QCOMPARE(pledges.set.size(), std::size_t{1});
        QVERIFY(pledges.erased.empty());
        QVERIFY(table_changes(before[table_index(TableId::Members)], after[table_index(TableId::Members)]).set.empty());
        trees.apply_changes(before, after);
        QCOMPARE(trees.root(), state_root_v2(s));
        QCOMPARE(trees.size(TableId::Ballots), std::size_t{1});
        QCOMPARE(trees.size(TableId::Nonces), std::size_t{1});
        QCOMPARE(kept.root(), state_root_v2(vector_state()));
        // Back to the first state: the same root as at the start.
        trees.apply_changes(after, before);
        QCOMPARE(trees.root(), kept.root());
    }
};

QTEST_APPLESS_MAIN(TestStateTables)
#include "test_state_tables.moc"
