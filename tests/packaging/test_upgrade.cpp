// Upgrades keep data: a data dir written in data format 1 (by rateio-cli at
// commit 7a0eb8f, tests/data/format1/, made by make_format1_datadir.sh) opens
// with the current code, which migrates it and finds every member, plant,
// vote, offer and balance that the old CLI printed (tests/data/format1/expected/).
// A data dir or a wallet from a newer Rateio is refused with a clear message
// and left byte for byte as it was. The group, at protocol version 1, moves to
// version 2 by referendum, its members signing with the fixture's wallets.

#include "codec/codec.h"
#include "crypto/crypto.h"
#include "node/local_node.h"
#include "node/node_files.h"
#include "node/wallets.h"
#include "state/state_tables.h"
#include "store/store.h"
#include "../support/block_maker.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <map>

using namespace chain;

namespace {

const QString kFixtureDir = QStringLiteral(RATEIO_FORMAT1_DIR);
constexpr const char* kPassphrase = "format one passphrase";

// The fixture's clock does not matter as long as nothing is produced; this
// is the real time at which it was written (the founder's admission).
constexpr std::int64_t kFixtureWrittenAt_s = 1'795'798'923;

QJsonObject expected(const QString& name) {
    QFile file(kFixtureDir + QStringLiteral("/expected/") + name + QStringLiteral(".json"));
    if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Every file under `dir`, by relative path, with its bytes.
std::map<QString, QByteArray> snapshot(const QString& dir) {
    std::map<QString, QByteArray> files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
        files[QDir(dir).relativeFilePath(path)] = file.readAll();
    }
    return files;
}

bool copyTree(const QString& from, const QString& to) {
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

AccountId accountOf(const QJsonValue& address) {
    const std::optional<AccountId> account = crypto::parse_address(address.toString().toStdString());
    if (!account) qFatal("bad address in the fixture: %s", qPrintable(address.toString()));
    return *account;
}

std::uint64_t u64(const QJsonValue& value) { return static_cast<std::uint64_t>(value.toDouble()); }
std::int64_t i64(const QJsonValue& value) { return static_cast<std::int64_t>(value.toDouble()); }

LocalNode::Clock fixtureClock() {
    return [] { return kFixtureWrittenAt_s; };
}

void setHeaderFormat(const QString& store_path, int version) {
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(store_path.toUtf8().constData(), &db), SQLITE_OK);
    const std::string sql = "PRAGMA user_version = " + std::to_string(version) +
                            "; UPDATE meta SET value = '" + std::to_string(version) + "' WHERE key = 'format_version';";
    QCOMPARE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_close(db), SQLITE_OK);
}

} // namespace

class TestUpgrade : public QObject {
    Q_OBJECT

private:
    QTemporaryDir scratch_;
    int copies_ = 0;

    // A fresh copy of the format 1 data dir. The fixture's node key is not
    // checked in (no private key goes into the repository): the copy gets a
    // new one, so its node opens as a non-validating reader of the group.
    QString copyOfFixture() {
        const QString dir = scratch_.filePath(QStringLiteral("copy-%1").arg(++copies_));
        if (!copyTree(kFixtureDir + QStringLiteral("/data"), dir)) qFatal("cannot copy the fixture");
        QString error;
        if (!chain::write_node_key_file(LocalNode::node_key_path(dir), chain::crypto::KeyPair::generate(), &error))
            qFatal("cannot write a node key: %s", qPrintable(error));
        return dir;
    }

private slots:
    void initTestCase() {
        QVERIFY(scratch_.isValid());
        QVERIFY2(QFileInfo::exists(kFixtureDir + QStringLiteral("/data/chain.sqlite")), qPrintable(kFixtureDir));
    }

    // Read from a copy: even a read-only connection leaves WAL files beside
    // the database, and the checked-in fixture must stay as it is.
    void fixtureIsFormatOne() {
        sqlite3* db = nullptr;
        const QByteArray path = LocalNode::store_path(copyOfFixture()).toUtf8();
        QCOMPARE(sqlite3_open_v2(path.constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
        sqlite3_stmt* stmt = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'format_version'", -1, &stmt, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))), QByteArray("1"));
        sqlite3_finalize(stmt);
        sqlite3_close(db);
    }

    void cleanupTestCase() {
        const QStringList left = QDir(kFixtureDir + QStringLiteral("/data")).entryList({QStringLiteral("chain.sqlite-*")});
        QVERIFY2(left.isEmpty(), qPrintable(QStringLiteral("the fixture was opened in place: ") + left.join(' ')));
    }

    void formatOneOpensWithEverything() {
        const QString dir = copyOfFixture();
        QString error;
        std::unique_ptr<LocalNode> node = LocalNode::open(dir, fixtureClock(), &error);
        QVERIFY2(node, qPrintable(error));

        const QJsonObject summary = expected(QStringLiteral("summary"))[QStringLiteral("summary")].toObject();
        const GroupSummary now = node->summary();
        QCOMPARE(now.height, u64(summary[QStringLiteral("height")]));
        // Same state root: the migrated store holds exactly the state the old one did.
        QCOMPARE(QString::fromStdString(codec::to_hex(now.state_root)), summary[QStringLiteral("state_root")].toString());
        QCOMPARE(QString::fromStdString(codec::to_hex(now.group_id)), summary[QStringLiteral("group_id")].toString());
        QCOMPARE(now.member_count, u64(summary[QStringLiteral("member_count")]));
        QCOMPARE(now.tokens_in_circulation_msb, u64(summary[QStringLiteral("tokens_in_circulation_msb")]));

        // Members and their balances (quota and tokens).
        const QJsonArray members = expected(QStringLiteral("members"))[QStringLiteral("members")].toArray();
        QCOMPARE(node->members().size(), std::size_t(members.size()));
        QVERIFY(members.size() >= 4);
        for (const QJsonValue& value : members) {
            const QJsonObject m = value.toObject();
            const std::optional<Member> member = node->member(accountOf(m[QStringLiteral("address")]));
            QVERIFY2(member, qPrintable(m[QStringLiteral("address")].toString()));
            QCOMPARE(member->quota_w, u64(m[QStringLiteral("quota_w")]));
            QCOMPARE(member->tokens_msb, u64(m[QStringLiteral("tokens_msb")]));
            QCOMPARE(QString::fromStdString(member->utility), m[QStringLiteral("utility")].toString());
            QCOMPARE(member->admitted_at_s, i64(m[QStringLiteral("admitted_at_s")]));
            QCOMPARE(QString::fromStdString(codec::to_hex(member->public_key)), m[QStringLiteral("public_key")].toString());
        }
        const QJsonArray applicants = expected(QStringLiteral("applicants"))[QStringLiteral("applicants")].toArray();
        QCOMPARE(node->applicants().size(), std::size_t(applicants.size()));
        QCOMPARE(node->applicants().front().account, accountOf(applicants[0].toObject()[QStringLiteral("address")]));

        // Plants, and the pledges and allocations of the one that operates.
        const QJsonArray plants = expected(QStringLiteral("plants"))[QStringLiteral("plants")].toArray();
        QCOMPARE(node->plants().size(), std::size_t(plants.size()));
        for (const QJsonValue& value : plants) {
            const QJsonObject p = value.toObject();
            const std::optional<Plant> plant = node->plant(u64(p[QStringLiteral("id")]));
            QVERIFY(plant);
            QCOMPARE(QString::fromStdString(plant->name), p[QStringLiteral("name")].toString());
            QCOMPARE(plant->capacity_w, u64(p[QStringLiteral("capacity_w")]));
            QCOMPARE(plant->cost_cents, u64(p[QStringLiteral("cost_cents")]));
            QCOMPARE(plant->pledged_cents, u64(p[QStringLiteral("pledged_cents")]));
            QCOMPARE(plant->referendum_id, u64(p[QStringLiteral("referendum_id")]));
            QCOMPARE(plant->operating_at_s, i64(p[QStringLiteral("operating_at_s")]));
        }
        const QJsonObject plant1 = expected(QStringLiteral("plant-1"))[QStringLiteral("plant")].toObject();
        const std::optional<Plant> operating = node->plant(1);
        QVERIFY(operating && operating->status == PlantStatus::Operating);
        const QJsonArray quota = plant1[QStringLiteral("allocated_quota")].toArray();
        QCOMPARE(operating->allocated_quota_w.size(), std::size_t(quota.size()));
        for (const QJsonValue& value : quota) {
            const QJsonObject a = value.toObject();
            QCOMPARE(operating->allocated_quota_w.at(accountOf(a[QStringLiteral("address")])), u64(a[QStringLiteral("quota_w")]));
        }

        // Every referendum with its electorate and every ballot.
        const QJsonArray referendums = expected(QStringLiteral("referendums"))[QStringLiteral("referendums")].toArray();
        QCOMPARE(node->referendums().size(), std::size_t(referendums.size()));
        for (const QJsonValue& listed : referendums) {
            const std::uint64_t id = u64(listed.toObject()[QStringLiteral("id")]);
            const QJsonObject r = expected(QStringLiteral("referendum-%1").arg(id))[QStringLiteral("referendum")].toObject();
            const std::optional<Referendum> referendum = node->referendum(id);
            QVERIFY(referendum);
            const QJsonArray electorate = r[QStringLiteral("electorate")].toArray();
            QCOMPARE(referendum->electorate.size(), std::size_t(electorate.size()));
            for (const QJsonValue& voter : electorate) QVERIFY(referendum->electorate.count(accountOf(voter)));
            const QJsonArray ballots = r[QStringLiteral("ballots")].toArray();
            QCOMPARE(referendum->ballots.size(), std::size_t(ballots.size()));
            for (const QJsonValue& value : ballots) {
                const QJsonObject b = value.toObject();
                QCOMPARE(referendum->ballots.at(accountOf(b[QStringLiteral("address")])), b[QStringLiteral("yes")].toBool());
            }
            const bool pending = r[QStringLiteral("outcome")].toString() == QLatin1String("pending");
            QCOMPARE(referendum->outcome == Outcome::Pending, pending);
        }

        // Offers, the accepted trade and the open one.
        const QJsonArray offers = expected(QStringLiteral("offers"))[QStringLiteral("offers")].toArray();
        const std::vector<Offer> now_offers = node->offers();
        QCOMPARE(now_offers.size(), std::size_t(offers.size()));
        for (std::size_t i = 0; i < now_offers.size(); ++i) {
            const QJsonObject o = offers[int(i)].toObject();
            QCOMPARE(now_offers[i].id, u64(o[QStringLiteral("id")]));
            QCOMPARE(now_offers[i].maker, accountOf(o[QStringLiteral("maker")]));
            QCOMPARE(now_offers[i].counterparty, accountOf(o[QStringLiteral("counterparty")]));
            QCOMPARE(now_offers[i].quota_w, u64(o[QStringLiteral("quota_w")]));
            QCOMPARE(now_offers[i].price_msb, u64(o[QStringLiteral("price_msb")]));
        }
        node.reset();

        // The store is now in the current format, with both markers.
        std::string store_error;
        std::unique_ptr<Store> store = Store::open(LocalNode::store_path(dir).toStdString(), &store_error);
        QVERIFY2(store, store_error.c_str());
        QCOMPARE(store->meta("format_version"), std::optional<std::string>(std::to_string(Store::kFormatVersion)));
        QVERIFY(store->integrity_ok());
        // Every transaction is still found by its id after the step to
        // format 3 dropped the transaction table's other indexes.
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

    // The fixture is a version-1 group; its members vote it to version 2.
    // Its blocks are certified by a node key that is not in the repository,
    // so no node here can certify new ones: the new blocks are made as a
    // proposer makes them and checked the way `verify` checks a chain (every
    // block applied from the genesis and its root compared), less the
    // certificates.
    void formatOneMovesToVersionTwoByReferendum() {
        const QString dir = copyOfFixture();
        {
            QString error;
            std::unique_ptr<LocalNode> node = LocalNode::open(dir, fixtureClock(), &error);
            QVERIFY2(node, qPrintable(error));
            QCOMPARE(node->summary().protocol_version, kProtocolVersionLegacy);
            QVERIFY(!node->summary().pending_upgrade);
            const Result<std::uint64_t> verified = node->verify_chain();
            QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());
        }
        std::string store_error;
        std::unique_ptr<Store> store = Store::open(LocalNode::store_path(dir).toStdString(), &store_error);
        QVERIFY2(store, store_error.c_str());
        const std::optional<Genesis> genesis = store->genesis();
        QVERIFY(genesis);
        QCOMPARE(genesis->protocol_version, kProtocolVersionLegacy);
        std::vector<Block> blocks;
        for (std::uint64_t height = 1; height <= store->height(); ++height) blocks.push_back(*store->block(height));
        store.reset();
        const ChainReplay replayed = replay_chain(*genesis, blocks);
        QVERIFY2(replayed.problem.empty(), replayed.problem.c_str());
        const QJsonObject summary = expected(QStringLiteral("summary"))[QStringLiteral("summary")].toObject();
        QCOMPARE(QString::fromStdString(codec::to_hex(replayed.state_root)), summary[QStringLiteral("state_root")].toString());

        State state = genesis_state(*genesis);
        for (const Block& block : blocks) state = apply_block(state, block.header.previous_hash, block).state_after;
        testing_support::BlockMaker chain(state, blocks.back().header.hash());
        WalletStore wallets(LocalNode::wallets_path(dir));
        std::map<QString, crypto::KeyPair> keys;
        for (const char* name : {"marta", "joao", "pedro", "lucia"}) {
            Result<crypto::KeyPair> key = wallets.unlock(QString::fromLatin1(name), kPassphrase);
            QVERIFY2(key.ok(), name);
            QVERIFY(chain.state().member(crypto::account_id(key.value().public_key())));
            keys.emplace(QString::fromLatin1(name), key.value());
        }

        // Marta proposes version 2 from ten blocks on, as the desktop and the CLI do.
        const std::uint64_t effective = chain.state().height + kUpgradeLeadBlocks;
        std::int64_t t = chain.state().time_s + 60;
        chain.append(t, {chain.sign(keys.at("marta"), ProposeChange{UpgradeProtocol{kProtocolVersionLatest, effective}, "faster records"})});
        const std::uint64_t id = chain.state().next_referendum_id - 1;
        QVERIFY(std::holds_alternative<UpgradeProtocol>(*chain.state().referendums.at(id).change));
        std::vector<Transaction> ballots;
        for (const char* name : {"marta", "joao", "pedro"}) ballots.push_back(chain.sign(keys.at(name), CastVote{id, true}));
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
        chain.append(t += 60, {chain.sign(keys.at("lucia"), GiftTokens{crypto::account_id(keys.at("pedro").public_key()), 100})});
        QCOMPARE(chain.blocks().back().header.state_root, state_root_v2(chain.state()));

        // The whole chain verifies again from the genesis, each block under its own version.
        blocks.insert(blocks.end(), chain.blocks().begin(), chain.blocks().end());
        const ChainReplay after = replay_chain(*genesis, blocks);
        QVERIFY2(after.problem.empty(), after.problem.c_str());
        QCOMPARE(after.height, effective + 1);
        QCOMPARE(after.state_root, state_root_v2(chain.state()));
    }

    void formatOneWalletsUnlock() {
        const QString dir = copyOfFixture();
        WalletStore wallets(LocalNode::wallets_path(dir));
        const QJsonArray listed = expected(QStringLiteral("wallets"))[QStringLiteral("wallets")].toArray();
        const std::vector<WalletInfo> now = wallets.list();
        QCOMPARE(now.size(), std::size_t(listed.size()));
        for (std::size_t i = 0; i < now.size(); ++i) {
            const QJsonObject w = listed[int(i)].toObject();
            QCOMPARE(now[i].name, w[QStringLiteral("name")].toString());
            QCOMPARE(QString::fromStdString(now[i].address), w[QStringLiteral("address")].toString());
        }
        Result<crypto::KeyPair> key = wallets.unlock(QStringLiteral("marta"), kPassphrase);
        QVERIFY2(key.ok(), key.ok() ? "" : key.error().message.c_str());
        QCOMPARE(QString::fromStdString(crypto::address(crypto::account_id(key.value().public_key()))),
                 listed[3].toObject()[QStringLiteral("address")].toString());
    }

    // A data dir from a newer Rateio: refused by the node and by the check
    // the desktop and the CLI make first, and not a byte of it changes.
    void newerDataDirIsRefusedUntouched() {
        const QString dir = copyOfFixture();
        {
            QString error;
            QVERIFY2(LocalNode::open(dir, fixtureClock(), &error), qPrintable(error)); // migrated to the current format
        }
        setHeaderFormat(LocalNode::store_path(dir), Store::kFormatVersion + 1);
        const std::map<QString, QByteArray> before = snapshot(dir);

        QString error;
        QVERIFY(!LocalNode::open(dir, fixtureClock(), &error));
        const QString newer = QStringLiteral("written by a newer Rateio (data format %1)").arg(Store::kFormatVersion + 1);
        QVERIFY2(error.contains(newer), qPrintable(error));
        // Treated as holding a group, so that no assistant founds a new one over it.
        QVERIFY(LocalNode::holds_group(dir));
        QVERIFY(snapshot(dir) == before);
    }

    void newerWalletIsRefusedUntouched() {
        const QString dir = copyOfFixture();
        const QString path = LocalNode::wallets_path(dir) + QStringLiteral("/pedro.wallet");
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QByteArray bytes = file.readAll();
        QCOMPARE(crypto::key_store_version(ByteView(reinterpret_cast<const std::uint8_t*>(bytes.constData()), std::size_t(bytes.size()))),
                 std::optional<std::uint16_t>(crypto::kKeyStoreFormatVersion));
        // The version follows the 8-byte magic; set it one above ours whatever the byte order.
        const std::uint16_t newer = crypto::kKeyStoreFormatVersion + 1;
        codec::Writer writer;
        writer.u16(newer);
        const Bytes encoded = writer.take();
        for (std::size_t i = 0; i < encoded.size(); ++i) bytes[qsizetype(8 + i)] = char(encoded[i]);
        QVERIFY(file.seek(0));
        QCOMPARE(file.write(bytes), qint64(bytes.size()));
        file.close();
        const std::map<QString, QByteArray> before = snapshot(dir);

        WalletStore wallets(LocalNode::wallets_path(dir));
        Result<crypto::KeyPair> key = wallets.unlock(QStringLiteral("pedro"), kPassphrase);
        QVERIFY(!key.ok());
        const QString message = QString::fromStdString(key.error().message);
        QVERIFY2(message.contains(QStringLiteral("newer Rateio (wallet format %1)").arg(newer)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("left as it was")), qPrintable(message));
        Result<WalletInfo> info = wallets.info(QStringLiteral("pedro"));
        QVERIFY(!info.ok());
        QVERIFY2(QString::fromStdString(info.error().message).contains(QStringLiteral("newer Rateio")),
                 info.error().message.c_str());
        // Listed still (with no address), so the user sees it is there.
        QCOMPARE(wallets.list().size(), std::size_t(5));
        QVERIFY(snapshot(dir) == before);
    }
};

QTEST_GUILESS_MAIN(TestUpgrade)
#include "test_upgrade.moc"
