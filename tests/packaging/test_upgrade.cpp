// Upgrades keep data: a data dir written in data format 1 (by rateio-cli at
// commit 7a0eb8f, tests/data/format1/, made by make_format1_datadir.sh) opens
// with the current code, which migrates it and finds every member, plant,
// vote, offer and balance that the old CLI printed (tests/data/format1/expected/).
// A data dir or a wallet from a newer Rateio is refused with a clear message
// and left byte for byte as it was. The group, at protocol version 1, moves to
// version 2 by referendum, its members signing with the fixture's wallets.

#include "../support/old_data_dir.h"

#include <sqlite3.h>

#include <map>

using namespace chain;

namespace {

const QString kFixtureDir = QStringLiteral(RATEIO_FORMAT1_DIR);
constexpr const char* kPassphrase = "format one passphrase";

// The fixture's clock does not matter as long as nothing is produced; this
// is the real time at which it was written (the founder's admission).
constexpr std::int64_t kFixtureWrittenAt_s = 1'795'798'923;

QJsonObject expected(const QString& name) { return testing_support::expected_json(kFixtureDir, name); }

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
    testing_support::FixtureCopies fixture_{kFixtureDir};

private slots:
    void initTestCase() { fixture_.check_ready(); }

    // Read from a copy: even a read-only connection leaves WAL files beside
    // the database, and the checked-in fixture must stay as it is.
    void fixtureIsFormatOne() { QCOMPARE(testing_support::stored_format_version(fixture_.copy()), QByteArray("1")); }

    void cleanupTestCase() { fixture_.check_untouched(); }

    void formatOneOpensWithEverything() {
        testing_support::check_copy_opens_with_everything(kFixtureDir, fixture_.copy(), fixtureClock());
    }

    // The fixture is a version-1 group; its members vote it to version 2
    // (testing_support::move_to_version_two_by_referendum).
    void formatOneMovesToVersionTwoByReferendum() {
        const QString root = expected(QStringLiteral("summary"))[QStringLiteral("summary")].toObject()[QStringLiteral("state_root")].toString();
        testing_support::move_to_version_two_by_referendum(
            {fixture_.copy(), fixtureClock(), root, {"marta", "joao", "pedro"}, "lucia", "pedro", kPassphrase});
    }

    void formatOneWalletsUnlock() {
        const QString dir = fixture_.copy();
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
        const QString dir = fixture_.copy();
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
        const QString dir = fixture_.copy();
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
