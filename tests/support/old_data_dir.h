#pragma once
// Checks shared by the tests of data dirs written by an older Rateio
// (tests/data/format1 and tests/data/format2, tests/packaging/): a copy of the
// fixture with a fresh node key, the JSON the old rateio-cli printed about it
// (expected/*.json), the comparison of what the current node reads with that
// JSON, and the group's move to protocol version 2 by referendum. Each check
// reports through QtTest: after one returns, the caller's slot stops when
// QTest::currentTestFailed().

#include "codec/codec.h"
#include "crypto/crypto.h"
#include "node/local_node.h"
#include "node/node_files.h"
#include "node/wallets.h"
#include "state/state_tables.h"
#include "store/store.h"
#include "block_maker.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace testing_support {

// The JSON the old CLI printed into `<fixture_dir>/expected/<name>.json`.
inline QJsonObject expected_json(const QString& fixture_dir, const QString& name) {
    QFile file(fixture_dir + QStringLiteral("/expected/") + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

inline bool copy_tree(const QString& from, const QString& to) {
    QDirIterator it(from, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString source = it.next();
        const QString target = QDir(to).filePath(QDir(from).relativeFilePath(source));
        if (!QDir().mkpath(QFileInfo(target).path()) || !QFile::copy(source, target)) return false;
        // The store must be writable to be migrated; copies of read-only checkouts are not.
        QFile::setPermissions(target, QFile::permissions(source) | QFileDevice::WriteOwner);
    }
    return true;
}

// Fresh copies of a fixture's data dir, in a scratch folder removed with it.
class FixtureCopies {
public:
    explicit FixtureCopies(QString fixture_dir) : fixture_dir_(std::move(fixture_dir)) {}

    // In initTestCase: the scratch folder exists and the fixture holds a store.
    void check_ready() const {
        QVERIFY(scratch_.isValid());
        QVERIFY2(QFileInfo::exists(fixture_dir_ + QStringLiteral("/data/chain.sqlite")), qPrintable(fixture_dir_));
    }

    // A fresh copy of `<fixture_dir>/data`. The fixture's node key is not
    // checked in (no private key goes into the repository): the copy gets a
    // new one, so its node opens as a non-validating reader of the group.
    QString copy() {
        const QString dir = scratch_.filePath(QStringLiteral("copy-%1").arg(++copies_));
        if (!copy_tree(fixture_dir_ + QStringLiteral("/data"), dir)) qFatal("cannot copy the fixture");
        QString error;
        if (!chain::write_node_key_file(chain::LocalNode::node_key_path(dir), chain::crypto::KeyPair::generate(), &error))
            qFatal("cannot write a node key: %s", qPrintable(error));
        return dir;
    }

    // In cleanupTestCase: no test opened the checked-in store in place (even
    // a read-only connection leaves WAL files beside it).
    void check_untouched() const {
        const QStringList left = QDir(fixture_dir_ + QStringLiteral("/data")).entryList({QStringLiteral("chain.sqlite-*")});
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("the fixture was opened in place: ") + left.join(' ')));
    }

private:
    QString fixture_dir_;
    QTemporaryDir scratch_;
    int copies_ = 0;
};

// The `format_version` in the meta table of the store in `dir`, read with
// SQLite alone: opening it through Store would migrate it.
inline QByteArray stored_format_version(const QString& dir) {
    sqlite3* db = nullptr;
    const QByteArray path = chain::LocalNode::store_path(dir).toUtf8();
    QByteArray version;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
        sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'format_version'", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        version = QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return version;
}

inline chain::AccountId account_of(const QJsonValue& address) {
    const std::optional<chain::AccountId> account = chain::crypto::parse_address(address.toString().toStdString());
    if (!account) qFatal("bad address in the fixture: %s", qPrintable(address.toString()));
    return *account;
}

inline std::uint64_t json_u64(const QJsonValue& value) { return static_cast<std::uint64_t>(value.toDouble()); }
inline std::int64_t json_i64(const QJsonValue& value) { return static_cast<std::int64_t>(value.toDouble()); }

// The node finds everything the old CLI printed: the summary (same state
// root), every member with its balances, the applicants, every plant with the
// operating one's allocations (plant-1.json), every referendum with its
// electorate and ballots, and every offer.
inline void check_node_against_expected(const chain::LocalNode& node, const QString& fixture_dir) {
    using namespace chain;
    const auto expected = [&fixture_dir](const QString& name) { return expected_json(fixture_dir, name); };
    const QJsonObject summary = expected(QStringLiteral("summary"))[QStringLiteral("summary")].toObject();
    const GroupSummary now = node.summary();
    QCOMPARE(now.height, json_u64(summary[QStringLiteral("height")]));
    // Same state root: the migrated store holds exactly the state the old one did.
    QCOMPARE(QString::fromStdString(codec::to_hex(now.state_root)), summary[QStringLiteral("state_root")].toString());
    QCOMPARE(QString::fromStdString(codec::to_hex(now.group_id)), summary[QStringLiteral("group_id")].toString());
    QCOMPARE(now.member_count, json_u64(summary[QStringLiteral("member_count")]));
    QCOMPARE(now.tokens_in_circulation_msb, json_u64(summary[QStringLiteral("tokens_in_circulation_msb")]));

    // Members and their balances (quota and tokens).
    const QJsonArray members = expected(QStringLiteral("members"))[QStringLiteral("members")].toArray();
    QCOMPARE(node.members().size(), std::size_t(members.size()));
    QVERIFY(members.size() >= 4);
    for (const QJsonValue& value : members) {
        const QJsonObject m = value.toObject();
        const std::optional<Member> member = node.member(account_of(m[QStringLiteral("address")]));
        QVERIFY2(member, qPrintable(m[QStringLiteral("address")].toString()));
        QCOMPARE(member->quota_w, json_u64(m[QStringLiteral("quota_w")]));
        QCOMPARE(member->tokens_msb, json_u64(m[QStringLiteral("tokens_msb")]));
        QCOMPARE(QString::fromStdString(member->utility), m[QStringLiteral("utility")].toString());
        QCOMPARE(member->admitted_at_s, json_i64(m[QStringLiteral("admitted_at_s")]));
        QCOMPARE(QString::fromStdString(codec::to_hex(member->public_key)), m[QStringLiteral("public_key")].toString());
    }
    const QJsonArray applicants = expected(QStringLiteral("applicants"))[QStringLiteral("applicants")].toArray();
    const std::vector<Applicant> now_applicants = node.applicants();
    QCOMPARE(now_applicants.size(), std::size_t(applicants.size()));
    for (std::size_t i = 0; i < now_applicants.size(); ++i)
        QCOMPARE(now_applicants[i].account, account_of(applicants[int(i)].toObject()[QStringLiteral("address")]));

    // Plants, and the pledges and allocations of the one that operates.
    const QJsonArray plants = expected(QStringLiteral("plants"))[QStringLiteral("plants")].toArray();
    QCOMPARE(node.plants().size(), std::size_t(plants.size()));
    for (const QJsonValue& value : plants) {
        const QJsonObject p = value.toObject();
        const std::optional<Plant> plant = node.plant(json_u64(p[QStringLiteral("id")]));
        QVERIFY(plant);
        QCOMPARE(QString::fromStdString(plant->name), p[QStringLiteral("name")].toString());
        QCOMPARE(plant->capacity_w, json_u64(p[QStringLiteral("capacity_w")]));
        QCOMPARE(plant->cost_cents, json_u64(p[QStringLiteral("cost_cents")]));
        QCOMPARE(plant->pledged_cents, json_u64(p[QStringLiteral("pledged_cents")]));
        QCOMPARE(plant->referendum_id, json_u64(p[QStringLiteral("referendum_id")]));
        QCOMPARE(plant->operating_at_s, json_i64(p[QStringLiteral("operating_at_s")]));
    }
    const QJsonObject plant1 = expected(QStringLiteral("plant-1"))[QStringLiteral("plant")].toObject();
    const std::optional<Plant> operating = node.plant(1);
    QVERIFY(operating && operating->status == PlantStatus::Operating);
    const QJsonArray quota = plant1[QStringLiteral("allocated_quota")].toArray();
    QCOMPARE(operating->allocated_quota_w.size(), std::size_t(quota.size()));
    for (const QJsonValue& value : quota) {
        const QJsonObject a = value.toObject();
        QCOMPARE(operating->allocated_quota_w.at(account_of(a[QStringLiteral("address")])), json_u64(a[QStringLiteral("quota_w")]));
    }

    // Every referendum with its electorate and every ballot.
    const QJsonArray referendums = expected(QStringLiteral("referendums"))[QStringLiteral("referendums")].toArray();
    QCOMPARE(node.referendums().size(), std::size_t(referendums.size()));
    for (const QJsonValue& listed : referendums) {
        const std::uint64_t id = json_u64(listed.toObject()[QStringLiteral("id")]);
        const QJsonObject r = expected(QStringLiteral("referendum-%1").arg(id))[QStringLiteral("referendum")].toObject();
        const std::optional<Referendum> referendum = node.referendum(id);
        QVERIFY(referendum);
        const QJsonArray electorate = r[QStringLiteral("electorate")].toArray();
        QCOMPARE(referendum->electorate.size(), std::size_t(electorate.size()));
        for (const QJsonValue& voter : electorate) QVERIFY(referendum->electorate.count(account_of(voter)));
        const QJsonArray ballots = r[QStringLiteral("ballots")].toArray();
        QCOMPARE(referendum->ballots.size(), std::size_t(ballots.size()));
        for (const QJsonValue& value : ballots) {
            const QJsonObject b = value.toObject();
            QCOMPARE(referendum->ballots.at(account_of(b[QStringLiteral("address")])), b[QStringLiteral("yes")].toBool());
        }
        const bool pending = r[QStringLiteral("outcome")].toString() == QLatin1String("pending");
        QCOMPARE(referendum->outcome == Outcome::Pending, pending);
    }

    // Offers, the accepted trade and the open one.
    const QJsonArray offers = expected(QStringLiteral("offers"))[QStringLiteral("offers")].toArray();
    const std::vector<Offer> now_offers = node.offers();
    QCOMPARE(now_offers.size(), std::size_t(offers.size()));
    for (std::size_t i = 0; i < now_offers.size(); ++i) {
        const QJsonObject o = offers[int(i)].toObject();
        QCOMPARE(now_offers[i].id, json_u64(o[QStringLiteral("id")]));
        QCOMPARE(now_offers[i].maker, account_of(o[QStringLiteral("maker")]));
        QCOMPARE(now_offers[i].counterparty, account_of(o[QStringLiteral("counterparty")]));
        QCOMPARE(now_offers[i].quota_w, json_u64(o[QStringLiteral("quota_w")]));
        QCOMPARE(now_offers[i].price_msb, json_u64(o[QStringLiteral("price_msb")]));
    }
}

// After a node opened the copy in `dir`: its store is in the current format,
// with both markers, sound, and finds every transaction by its id (the step to
// format 3 dropped the transaction table's other indexes, and the events').
inline void check_migrated_store(const QString& dir) {
    using namespace chain;
    std::string store_error;
    std::unique_ptr<Store> store = Store::open(LocalNode::store_path(dir).toStdString(), &store_error);
    QVERIFY2(store, store_error.c_str());
    QCOMPARE(store->meta("format_version"), std::optional<std::string>(std::to_string(Store::kFormatVersion)));
    QVERIFY(store->integrity_ok());
    for (std::uint64_t height = 1; height <= store->height(); ++height) {
        const std::optional<Block> block = store->block(height);
        QVERIFY(block);
        for (std::uint32_t i = 0; i < block->transactions.size(); ++i) {
            const std::optional<Store::TransactionLocation> location = store->find_transaction(block->transactions[i].id());
            QVERIFY(location);
            QCOMPARE(location->height, height);
            QCOMPARE(location->index, i);
        }
    }
    store.reset();
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open_v2(LocalNode::store_path(dir).toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    QCOMPARE(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND "
                                    "(tbl_name = 'events' OR name IN ('transactions_author', 'transactions_kind'))",
                                -1, &stmt, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
    QCOMPARE(sqlite3_column_int(stmt, 0), 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

// The copy in `dir` opens with the current code at `clock` and holds what the
// old CLI printed (check_node_against_expected); then its store is checked.
inline void check_copy_opens_with_everything(const QString& fixture_dir, const QString& dir, const chain::LocalNode::Clock& clock) {
    {
        QString error;
        const std::unique_ptr<chain::LocalNode> node = chain::LocalNode::open(dir, clock, &error);
        QVERIFY2(node, qPrintable(error));
        check_node_against_expected(*node, fixture_dir);
        if (QTest::currentTestFailed()) return;
    }
    check_migrated_store(dir);
}

// What an old group's move to protocol version 2 needs: the copy to open,
// the summary root it must verify to, the wallets that sign (the first
// proposes, the voters together make the majority, and after the switch the
// giver gives tokens to `gift_to`) and their passphrase.
struct UpgradeByReferendum {
    QString data_dir;
    chain::LocalNode::Clock clock;
    QString expected_state_root;
    QStringList voters;
    QString giver;
    QString gift_to;
    const char* passphrase = nullptr;
};

// The group, at protocol version 1, moves to version 2 by referendum. Its
// blocks are certified by a node key that is not in the repository, so no
// node here can certify new ones: the new blocks are made as a proposer makes
// them (BlockMaker) and checked the way `verify` checks a chain (every block
// applied from the genesis and its root compared), less the certificates.
inline void move_to_version_two_by_referendum(const UpgradeByReferendum& u) {
    using namespace chain;
    {
        QString error;
        std::unique_ptr<LocalNode> node = LocalNode::open(u.data_dir, u.clock, &error);
        QVERIFY2(node, qPrintable(error));
        QCOMPARE(node->summary().protocol_version, kProtocolVersionLegacy);
        QVERIFY(!node->summary().pending_upgrade);
        const Result<std::uint64_t> verified = node->verify_chain();
        QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
    }
    std::string store_error;
    std::unique_ptr<Store> store = Store::open(LocalNode::store_path(u.data_dir).toStdString(), &store_error);
    QVERIFY2(store, store_error.c_str());
    const std::optional<Genesis> genesis = store->genesis();
    QVERIFY(genesis);
    QCOMPARE(genesis->protocol_version, kProtocolVersionLegacy);
    std::vector<Block> blocks;
    for (std::uint64_t height = 1; height <= store->height(); ++height) blocks.push_back(*store->block(height));
    store.reset();
    const ChainReplay replayed = replay_chain(*genesis, blocks);
    QVERIFY2(replayed.problem.empty(), replayed.problem.c_str());
    QCOMPARE(QString::fromStdString(codec::to_hex(replayed.state_root)), u.expected_state_root);

    State state = genesis_state(*genesis);
    for (const Block& block : blocks) state = apply_block(state, block.header.previous_hash, block).state_after;
    BlockMaker chain(state, blocks.back().header.hash());
    WalletStore wallets(LocalNode::wallets_path(u.data_dir));
    std::map<QString, crypto::KeyPair> keys;
    QStringList signers = u.voters;
    signers << u.giver << u.gift_to;
    signers.removeDuplicates();
    for (const QString& name : signers) {
        Result<crypto::KeyPair> key = wallets.unlock(name, u.passphrase);
        QVERIFY2(key.ok(), qPrintable(name));
        QVERIFY(chain.state().member(crypto::account_id(key.value().public_key())));
        keys.emplace(name, key.value());
    }

    // The first voter proposes version 2 from ten blocks on, as the desktop and the CLI do.
    const std::uint64_t effective = chain.state().height + kUpgradeLeadBlocks;
    std::int64_t t = chain.state().time_s + 60;
    chain.append(t, {chain.sign(keys.at(u.voters.front()), ProposeChange{UpgradeProtocol{kProtocolVersionLatest, effective}, "faster records"})});
    const std::uint64_t id = chain.state().next_referendum_id - 1;
    QVERIFY(std::holds_alternative<UpgradeProtocol>(*chain.state().referendums.at(id).change));
    std::vector<Transaction> ballots;
    for (const QString& name : u.voters) ballots.push_back(chain.sign(keys.at(name), CastVote{id, true}));
    chain.append(t += 60, std::move(ballots));
    t += static_cast<std::int64_t>(chain.state().params.referendum_period_s);
    chain.append(t);
    QCOMPARE(chain.state().referendums.at(id).outcome, Outcome::Approved);
    QVERIFY(chain.state().pending_upgrade == (PendingUpgrade{kProtocolVersionLatest, effective}));
    // Pending: still version 1 up to the block before the effective height.
    while (chain.state().height + 1 < effective) {
        chain.append(t += 60);
        QCOMPARE(chain.state().protocol_version, kProtocolVersionLegacy);
        QCOMPARE(chain.blocks().back().header.state_root, state_root_v1(chain.state()));
    }
    const std::vector<Event> events = chain.append(t += 60);
    QVERIFY(std::any_of(events.begin(), events.end(), [](const Event& e) { return e.kind == EventKind::ProtocolUpgraded; }));
    QCOMPARE(chain.state().height, effective);
    QCOMPARE(chain.state().protocol_version, kProtocolVersionLatest);
    QVERIFY(!chain.state().pending_upgrade);
    // The root of the block that switched is version 2's.
    QCOMPARE(chain.blocks().back().header.state_root, state_root_v2(chain.state()));
    QVERIFY(chain.blocks().back().header.state_root != state_root_v1(chain.state()));
    // A member's gift after the switch, in a version-2 block.
    const AccountId receiver = crypto::account_id(keys.at(u.gift_to).public_key());
    chain.append(t += 60, {chain.sign(keys.at(u.giver), GiftTokens{receiver, 100})});
    QCOMPARE(chain.blocks().back().header.state_root, state_root_v2(chain.state()));

    // The whole chain verifies again from the genesis, each block under its own version.
    blocks.insert(blocks.end(), chain.blocks().begin(), chain.blocks().end());
    const ChainReplay after = replay_chain(*genesis, blocks);
    QVERIFY2(after.problem.empty(), after.problem.c_str());
    QCOMPARE(after.height, effective + 1);
    QCOMPARE(after.state_root, state_root_v2(chain.state()));

    // Committed to the data dir as a node commits them (each with the state
    // before it): the snapshot stays while the group is at version 1, the
    // block that switches writes every row and drops it, and the node opens
    // again on the rows at the last header's root. (The blocks carry no
    // certificates: the store does not check them, and nothing here verifies.)
    store = Store::open(LocalNode::store_path(u.data_dir).toStdString(), &store_error);
    QVERIFY2(store, store_error.c_str());
    Hash256 previous = blocks[blocks.size() - chain.blocks().size() - 1].header.hash();
    for (const Block& block : chain.blocks()) {
        BlockApplication applied = apply_block(state, previous, block);
        QVERIFY2(applied.ok(), applied.problem.c_str());
        QVERIFY2(store->commit_block(block, CommitCertificate{}, applied.state_after, applied.events, &store_error, &state),
                 store_error.c_str());
        state = std::move(applied.state_after);
        previous = block.header.hash();
        const bool rows = state.protocol_version >= kProtocolVersionStateTables;
        if (rows) QCOMPARE(store->state_root_from_rows(), std::optional<Hash256>(block.header.state_root));
        std::string problem;
        const std::optional<State> loaded = store->load_state(&problem);
        QVERIFY2(loaded, problem.c_str());
        QCOMPARE(state_root(*loaded), block.header.state_root);
    }
    store.reset();
    QString error;
    std::unique_ptr<LocalNode> node = LocalNode::open(u.data_dir, u.clock, &error);
    QVERIFY2(node, qPrintable(error));
    QCOMPARE(node->summary().protocol_version, kProtocolVersionLatest);
    QCOMPARE(node->summary().state_root, chain.blocks().back().header.state_root);
    QCOMPARE(node->summary().height, effective + 1);
}

} // namespace testing_support
