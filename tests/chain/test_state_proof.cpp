// Proofs of the version-2 state (chain/state/state_proof.h; docs/STATE.md,
// "Proofs of the state"): present and absent keys and whole tables verify
// against the state root; a flipped byte anywhere, another state's root (the
// root of another height) or another table fails; the encodings round-trip
// and refuse what is malformed.

#include "state/state_proof.h"

#include "random_tables.h"

#include <QTest>

#include <random>

using namespace chain;
using namespace chain::state;
using chain::testing::random_tables;
using chain::testing::round_trip;

namespace {


const std::vector<Entry>& table_of(const Tables& tables, TableId table) {
    return tables[static_cast<std::size_t>(table) - 1];
}


} // namespace

class TestStateProof : public QObject {
    Q_OBJECT

    std::mt19937_64 rng_{20261207};
    Tables tables_;
    TableTrees trees_;
    Hash256 root_{};

private slots:
    void init() {
        tables_ = random_tables(rng_, 60);
        trees_ = TableTrees::from_tables(tables_);
        root_ = trees_.root();
        QVERIFY(root_ == state_root_of_tables(tables_));
    }

    void presentKeysVerify() {
        for (std::uint16_t id = 1; id <= kTableIdLast; ++id) {
            const auto table = static_cast<TableId>(id);
            for (const Entry& entry : table_of(tables_, table)) {
                const StateProof proof = prove_entry(trees_, table, entry.key, entry.value);
                QCOMPARE(state_proof_problem(root_, proof), std::string());
                QCOMPARE(round_trip(proof), std::optional<StateProof>(proof));
            }
        }
    }

    void absentKeysVerify() {
        for (std::uint16_t id = 1; id <= kTableIdLast; ++id) {
            const auto table = static_cast<TableId>(id);
            Bytes key(table_key_bytes(table), 0xA5);
            const auto& entries = table_of(tables_, table);
            if (std::any_of(entries.begin(), entries.end(), [&](const Entry& e) { return e.key == key; })) continue;
            const StateProof proof = prove_entry(trees_, table, key, std::nullopt);
            QCOMPARE(state_proof_problem(root_, proof), std::string());
            // The same proof claiming the key present, with any value, fails.
            StateProof claimed = proof;
            claimed.value = Bytes{1, 2, 3};
            QVERIFY(!state_proof_problem(root_, claimed).empty());
        }
        // A present key claimed absent fails.
        const Entry& member = table_of(tables_, TableId::Members).front();
        StateProof hidden = prove_entry(trees_, TableId::Members, member.key, member.value);
        hidden.value.reset();
        QVERIFY(!state_proof_problem(root_, hidden).empty());
    }

    // Every byte of an encoded proof, flipped, either no longer decodes or no
    // longer verifies.
    void everyFlippedByteFails() {
        const Entry& entry = table_of(tables_, TableId::Nonces)[7];
        const StateProof proof = prove_entry(trees_, TableId::Nonces, entry.key, entry.value);
        const Bytes bytes = codec::to_bytes(proof);
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            for (std::uint8_t bit : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
                Bytes flipped = bytes;
                flipped[i] ^= bit;
                const std::optional<StateProof> decoded = codec::from_bytes<StateProof>(flipped);
                if (decoded) QVERIFY2(!state_proof_problem(root_, *decoded).empty(), qPrintable(QString::number(i)));
            }
        }
    }

    // The root of another height: the same tables after one entry changed
    // elsewhere. A proof of the old state fails against it, and the other
    // way round.
    void anotherHeightsRootFails() {
        const Entry& entry = table_of(tables_, TableId::Members)[3];
        const StateProof before = prove_entry(trees_, TableId::Members, entry.key, entry.value);
        TableTrees later = trees_;
        const Entry& other = table_of(tables_, TableId::Plants)[0];
        later.set(TableId::Plants, other.key, Bytes{9, 9, 9});
        const Hash256 later_root = later.root();
        QVERIFY(later_root != root_);
        QVERIFY(!state_proof_problem(later_root, before).empty());
        const StateProof after = prove_entry(later, TableId::Members, entry.key, entry.value);
        QCOMPARE(state_proof_problem(later_root, after), std::string());
        QVERIFY(!state_proof_problem(root_, after).empty());
    }

    // The proof of a members entry presented as an applicants one (both
    // keyed by a 20-byte account) fails, as does a key of the wrong length.
    void anotherTableFails() {
        const Entry& entry = table_of(tables_, TableId::Members)[0];
        StateProof proof = prove_entry(trees_, TableId::Members, entry.key, entry.value);
        proof.table = TableId::Applicants;
        QVERIFY(!state_proof_problem(root_, proof).empty());
        proof.table = TableId::Members;
        proof.table_root = trees_.table_root(TableId::Applicants);
        QVERIFY(!state_proof_problem(root_, proof).empty());
        StateProof short_key = prove_entry(trees_, TableId::Members, entry.key, entry.value);
        short_key.key.pop_back();
        QCOMPARE(state_proof_problem(root_, short_key), std::string("a key of the members table has 20 bytes, not 19"));
    }

    void wholeTablesVerify() {
        for (std::uint16_t id = 1; id <= kTableIdLast; ++id) {
            const auto table = static_cast<TableId>(id);
            const TableProof proof = prove_table(trees_, table, table_of(tables_, table));
            QCOMPARE(table_proof_problem(root_, proof), std::string());
            QCOMPARE(round_trip(proof), std::optional<TableProof>(proof));
        }
        // An empty table too.
        Tables with_empty = tables_;
        with_empty[static_cast<std::size_t>(TableId::Offers) - 1].clear();
        const TableTrees trees = TableTrees::from_tables(with_empty);
        QCOMPARE(table_proof_problem(trees.root(), prove_table(trees, TableId::Offers, {})), std::string());
    }

    // A table with an entry left out, added, changed or out of order, or
    // shown as another table, or against another root, fails.
    void alteredTablesFail() {
        const TableProof proof = prove_table(trees_, TableId::Members, table_of(tables_, TableId::Members));
        TableProof missing = proof;
        missing.entries.erase(missing.entries.begin() + 5);
        QVERIFY(!table_proof_problem(root_, missing).empty());
        TableProof extra = proof;
        extra.entries.push_back(Entry{Bytes(20, 0xff), Bytes{1}});
        QVERIFY(!table_proof_problem(root_, extra).empty());
        TableProof changed = proof;
        changed.entries[2].value.push_back(0);
        QVERIFY(!table_proof_problem(root_, changed).empty());
        TableProof swapped = proof;
        std::swap(swapped.entries[0], swapped.entries[1]);
        QCOMPARE(table_proof_problem(root_, swapped), std::string("the entries of the members table are not in key order"));
        TableProof other = proof;
        other.table = TableId::Applicants;
        QVERIFY(!table_proof_problem(root_, other).empty());
        TableTrees later = trees_;
        later.erase(TableId::Nonces, table_of(tables_, TableId::Nonces)[0].key);
        QVERIFY(!table_proof_problem(later.root(), proof).empty());
    }

    // Decoders refuse a table id of no table, trailing bytes and a cut.
    void malformedEncodingsAreRefused() {
        const Entry& entry = table_of(tables_, TableId::Members)[0];
        Bytes bytes = codec::to_bytes(prove_entry(trees_, TableId::Members, entry.key, entry.value));
        Bytes no_table = bytes;
        no_table[0] = 0;
        no_table[1] = 0;
        QVERIFY(!codec::from_bytes<StateProof>(no_table));
        no_table[1] = static_cast<std::uint8_t>(kTableIdLast + 1);
        QVERIFY(!codec::from_bytes<StateProof>(no_table));
        Bytes trailing = bytes;
        trailing.push_back(0);
        QVERIFY(!codec::from_bytes<StateProof>(trailing));
        bytes.pop_back();
        QVERIFY(!codec::from_bytes<StateProof>(bytes));
        Bytes table = codec::to_bytes(prove_table(trees_, TableId::Group, table_of(tables_, TableId::Group)));
        table.push_back(0);
        QVERIFY(!codec::from_bytes<TableProof>(table));
    }

    void tablesByName() {
        QCOMPARE(table_by_name("members"), std::optional<TableId>(TableId::Members));
        QCOMPARE(table_by_name("quota_by_day"), std::optional<TableId>(TableId::QuotaByDay));
        QCOMPARE(table_by_name("wallets"), std::optional<TableId>());
        QVERIFY(!is_table_id(0));
        QVERIFY(is_table_id(kTableIdLast));
        QVERIFY(!is_table_id(kTableIdLast + 1));
    }
};

QTEST_GUILESS_MAIN(TestStateProof)
#include "test_state_proof.moc"
