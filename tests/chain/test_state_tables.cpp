// The group state as tables of keyed entries and the state root of protocol
// version 2 (chain/state/state_tables.h, docs/STATE.md): known-answer vectors
// for a small hand-made state, the shape of every table (fixed key lengths,
// one entry per key), electorates stored once, and a root that moves with any
// single entry and only with the entries; the state rebuilt from its entries
// (state_from_tables) for states lived through the rules, and each refusal
// of an entry that does not decode.

#include "state/state_tables.h"
#include "state/table_trees.h"

#include "crypto/crypto.h"
#include "group_fixture.h"
#include "rules/energy.h"

#include <QtTest>

#include <algorithm>
#include <functional>
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

void must(const ApplyResult& result, const char* what) {
    if (!result.ok()) qFatal("%s was rejected: %s", what, result.rejection->message.c_str());
}

// Every member votes yes on each referendum, and the clock moves past them.
void pass(testing::GroupFixture& f, const std::vector<std::uint64_t>& referendums) {
    for (const std::uint64_t id : referendums) f.everyone_votes(id, true);
    f.close_votes();
}

// A group lived through the rules so that every one of the nineteen tables
// holds entries: members, applicants and nonces; an operating plant with its
// pledges and allocations and a plant in its campaign; closed and open
// referendums with ballots, several of them opened under one membership (one
// shared electorate); an offer; two validators; consumption and generation
// readings, a plant operator named by referendum and the quota tracks they
// start; at version 1, an approved upgrade to version 2 still pending.
State lived_state(std::uint32_t protocol_version) {
    testing::GroupFixture f;
    f.state().protocol_version = protocol_version;
    f.admit("alice");
    f.admit("bruno");
    const std::uint64_t plant = f.approved_plant("founder", 10'000, 10'000'00);
    must(f.apply("alice", PlacePledge{plant, 6'000'00}), "alice's pledge");
    must(f.apply("bruno", PlacePledge{plant, 4'000'00}), "bruno's pledge");
    f.end_block(31 * testing::kDay); // the plant starts: quota and tokens allocated
    const std::uint64_t campaign = f.approved_plant("alice", 5'000, 20'000'00);
    must(f.apply("bruno", PlacePledge{campaign, 1'000'00}), "a pledge to the open campaign");
    // Readings of the month after the plant started, recorded early the month after.
    const std::uint32_t month = month_of(f.now());
    f.end_block(month_start_s(month) + 40 * testing::kDay - f.now());
    const std::uint32_t read_month = month_of(f.now()) == month ? month : month_of(f.now()) - 1;
    must(f.apply("alice", RecordConsumption{read_month, 350'000, month_start_s(read_month) + 27 * testing::kDay,
                                            Connection::TwoPhase}),
         "a consumption reading");
    must(f.apply("founder", RecordGeneration{plant, read_month, 1'000'000}), "a generation reading");
    // Changes proposed in one block share the electorate of that membership.
    std::vector<std::uint64_t> changes;
    must(f.apply("founder", ProposeChange{ChangePlantOperator{plant, f.account("alice")}, "alice lives beside it"}),
         "the operator change");
    changes.push_back(f.state().next_referendum_id - 1);
    must(f.apply("founder", ProposeChange{AddValidator{crypto::KeyPair::generate().public_key()}, "a second validator"}),
         "the validator");
    changes.push_back(f.state().next_referendum_id - 1);
    if (protocol_version == kProtocolVersionLegacy) {
        must(f.apply("founder", ProposeChange{UpgradeProtocol{kProtocolVersionStateTables, f.height() + 1000}, "rows"}),
             "the upgrade");
        changes.push_back(f.state().next_referendum_id - 1);
    }
    pass(f, changes);
    // Still open: two admissions under one membership, one with a ballot, and an offer.
    must(f.apply("carla", RequestAdmission{"Light", Hash256{}, testing::GroupFixture::sealed_profile(0)}), "carla");
    must(f.apply("davi", RequestAdmission{"Light", Hash256{}, testing::GroupFixture::sealed_profile(0)}), "davi");
    must(f.apply("founder", CastVote{f.state().next_referendum_id - 1, true}), "a ballot");
    must(f.apply("alice", MakeOffer{f.account("bruno"), OfferSide::SellQuota, 100, 50, f.now() + 10 * testing::kDay}),
         "an offer");
    f.end_block(3600);
    return f.state();
}

// The referendums whose electorates are equal hold one list in memory.
std::size_t shared_electorate_pairs(const State& s, bool* unshared_equal) {
    std::size_t shared = 0;
    *unshared_equal = false;
    for (auto a = s.referendums.begin(); a != s.referendums.end(); ++a)
        for (auto b = std::next(a); b != s.referendums.end(); ++b) {
            if (!(a->second.electorate == b->second.electorate)) continue;
            if (a->second.electorate.shares_list_with(b->second.electorate)) ++shared;
            else *unshared_equal = true;
        }
    return shared;
}

// The tables of the vector state with one change, and the refusal it must meet.
std::optional<State> rebuilt_after(const std::function<void(Tables&)>& damage, std::string* problem) {
    Tables tables = state_tables(vector_state());
    damage(tables);
    return state_from_tables(tables, problem);
}

std::vector<Entry>& table_of(Tables& tables, TableId table) { return tables[table_index(table)]; }

std::string repeat(const std::string& text, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i) out += text;
    return out;
}

Bytes id_account_key(std::uint64_t id, std::uint8_t account_byte) {
    Bytes key(8 + 20, account_byte);
    for (int i = 0; i < 8; ++i) key[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(id >> (56 - 8 * i));
    return key;
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

    // state_from_tables: the state rebuilt from its entries.
    void livedStatesRoundTrip_data() {
        QTest::addColumn<std::uint32_t>("protocol_version");
        QTest::newRow("version 1, upgrade pending") << kProtocolVersionLegacy;
        QTest::newRow("version 2") << kProtocolVersionStateTables;
    }
    void livedStatesRoundTrip() {
        QFETCH(std::uint32_t, protocol_version);
        const State lived = lived_state(protocol_version);
        const Tables tables = state_tables(lived);
        for (std::size_t i = 0; i < kTableCount; ++i)
            QVERIFY2(!tables[i].empty(), table_name(static_cast<TableId>(i + 1)));
        QCOMPARE(lived.pending_upgrade.has_value(), protocol_version == kProtocolVersionLegacy);
        std::string problem;
        const std::optional<State> rebuilt = state_from_tables(tables, &problem);
        QVERIFY2(rebuilt, problem.c_str());
        QVERIFY(state_tables(*rebuilt) == tables);
        QCOMPARE(state_root_v1(*rebuilt), state_root_v1(lived));
        QCOMPARE(state_root_v2(*rebuilt), state_root_v2(lived));
        QCOMPARE(rebuilt->protocol_version, protocol_version);
        // The lists that were shared when the referendums opened are shared
        // again, and no two equal electorates are held twice.
        bool lived_unshared = false;
        bool rebuilt_unshared = false;
        const std::size_t lived_shared = shared_electorate_pairs(lived, &lived_unshared);
        QVERIFY(lived_shared >= 2);
        QVERIFY(shared_electorate_pairs(*rebuilt, &rebuilt_unshared) >= lived_shared);
        QVERIFY(!rebuilt_unshared);
        QCOMPARE(tables[table_index(TableId::Electorates)].size() < lived.referendums.size(), true);
    }

    void vectorStateRoundTrips() {
        std::string problem;
        const std::optional<State> rebuilt = state_from_tables(state_tables(vector_state()), &problem);
        QVERIFY2(rebuilt, problem.c_str());
        QCOMPARE(hex_of(state_root_v2(*rebuilt)),
                 QStringLiteral("3df33d1eed9e980348d5a066c59cb99df1a9764224fbd35d41ec50e79ec6940e"));
    }

    // Each refusal names the table, the entry's key in hex and what is wrong.
    void refusesAKeyOfTheWrongLength() {
        std::string problem;
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Members)[1].key.pop_back(); }, &problem));
        QVERIFY2(problem.find("the members entry " + repeat("b2", 19) + ": ") == 0, problem.c_str());
        QVERIFY2(problem.find("key has 19 bytes, and every key of members has 20") != std::string::npos, problem.c_str());
    }

    void refusesTrailingBytes() {
        std::string problem;
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Nonces)[0].value.push_back(0); }, &problem));
        QVERIFY2(problem == "the nonces entry a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1: its value has 1 trailing bytes",
                 problem.c_str());
        // A validator's value is empty: one byte is one too many.
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Validators)[0].value.push_back(7); }, &problem));
        QVERIFY2(problem.find("the validators entry 02") == 0 && problem.find("1 trailing bytes") != std::string::npos,
                 problem.c_str());
        // A value cut short is named too.
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Members)[0].value.pop_back(); }, &problem));
        QVERIFY2(problem.find("the members entry a1a1") == 0 && problem.find("cut short") != std::string::npos,
                 problem.c_str());
    }

    void refusesAnEnumeratorOutOfRange() {
        std::string problem;
        // A referendum's value starts with its kind (1 to 3).
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Referendums)[0].value[0] = 9; }, &problem));
        QVERIFY2(problem == "the referendums entry 0000000000000001: referendum kind 9 is out of range (1 to 3)",
                 problem.c_str());
        // A plant's source follows its name ("Telhado": a u32 length and 7 bytes).
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Plants)[0].value[4 + 7] = 0; }, &problem));
        QVERIFY2(problem == "the plants entry 0000000000000001: plant source 0 is out of range (1 to 6)", problem.c_str());
    }

    void refusesChildrenOfAnAbsentRecord() {
        std::string problem;
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Ballots).push_back(Entry{id_account_key(99, 0xa1), {1}}); },
                               &problem));
        QVERIFY2(problem == "the ballots entry 0000000000000063" + repeat("a1", 20) +
                                " names referendum 99, which is not in the referendums table",
                 problem.c_str());
        QVERIFY(!rebuilt_after(
            [](Tables& t) { table_of(t, TableId::Pledges).push_back(Entry{id_account_key(7, 0xb2), Bytes(8, 0)}); }, &problem));
        QVERIFY2(problem.find("the pledges entry 0000000000000007b2b2") == 0 &&
                     problem.find("names plant 7, which is not in the plants table") != std::string::npos,
                 problem.c_str());
        QVERIFY(!rebuilt_after(
            [](Tables& t) { table_of(t, TableId::TokenAllocations).push_back(Entry{id_account_key(2, 0xb2), Bytes(8, 0)}); },
            &problem));
        QVERIFY2(problem.find("the token_allocations entry 0000000000000002b2b2") == 0 &&
                     problem.find("names plant 2, which is not in the plants table") != std::string::npos,
                 problem.c_str());
    }

    void refusesAReferendumWithoutItsElectorate() {
        std::string problem;
        const std::string id = codec::to_hex(electorate_id(vector_state().referendums.at(1).electorate));
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Electorates).clear(); }, &problem));
        QVERIFY2(problem == "the referendums entry 0000000000000001: its electorate " + id +
                                " is not in the electorates table",
                 problem.c_str());
    }

    void refusesAnElectorateThatIsNotItsHash() {
        std::string problem;
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Electorates)[0].key.assign(32, 0x00); }, &problem));
        QVERIFY2(problem == "the electorates entry " + std::string(64, '0') + ": its key is not the hash of its 2 accounts",
                 problem.c_str());
        // A list that no referendum names would be lost on the way: refused too.
        QVERIFY(!rebuilt_after(
            [](Tables& t) {
                const Electorate alone{filled<20>(0x01)};
                const Hash256 id = electorate_id(alone);
                Bytes value = {0, 0, 0, 1};
                value.insert(value.end(), 20, 0x01);
                auto& electorates = table_of(t, TableId::Electorates);
                electorates.push_back(Entry{Bytes(id.begin(), id.end()), value});
                std::sort(electorates.begin(), electorates.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
            },
            &problem));
        QVERIFY2(problem.find("is named by no referendum") != std::string::npos, problem.c_str());
    }

    void refusesAMissingGroupField() {
        std::string problem;
        QVERIFY(!rebuilt_after(
            [](Tables& t) {
                auto& group = table_of(t, TableId::Group);
                group.erase(group.begin() + 2); // field 3, the clock
            },
            &problem));
        QVERIFY2(problem == "the group table has no entry 03 (the group's clock)", problem.c_str());
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::Group).push_back(Entry{Bytes{10}, {}}); }, &problem));
        QVERIFY2(problem == "the group entry 0a: no group field has the number 10", problem.c_str());
    }

    void refusesEntriesOutOfOrderAndGapsInDataKeys() {
        std::string problem;
        QVERIFY(!rebuilt_after([](Tables& t) { std::swap(table_of(t, TableId::Members)[0], table_of(t, TableId::Members)[1]); },
                               &problem));
        QVERIFY2(problem.find("the members entry a1a1") == 0 && problem.find("out of key order, or twice") != std::string::npos,
                 problem.c_str());
        QVERIFY(!rebuilt_after([](Tables& t) { table_of(t, TableId::DataKeys)[0].key = Bytes{0, 0, 0, 1}; }, &problem));
        QVERIFY2(problem == "the data_keys entry 00000001 is epoch 1 where epoch 0 comes next: the epochs run from 0 without a gap",
                 problem.c_str());
    }
};

QTEST_APPLESS_MAIN(TestStateTables)
#include "test_state_tables.moc"
