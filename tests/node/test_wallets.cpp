// Wallet safety at the WalletStore level and on a real data dir: a wrong
// passphrase and a damaged file are told apart and named, a failed unlock
// writes nothing, changing the passphrase keeps the key, and after a group's
// life through rateio-cli no member key lies anywhere in the data dir in
// clear (test_crypto covers the key store format byte by byte; this is what
// a user of the store and the CLI meets).

#include "codec/codec.h"
#include "node/local_node.h"
#include "node/node_files.h"
#include "node/wallets.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <map>

using namespace chain;

namespace {

constexpr int kCliTimeout_ms = 120'000;
const std::string kPassphrase = "sol nascente 2026";

// Wallet file layout (crypto.cpp): magic (8), version (2) at 8, public key
// (33) at 10, scrypt n (u64) at 43, r (u32) at 51, p (u32) at 55, then the
// salt, the nonce and last the ciphertext (32) followed by the GCM tag (16).
constexpr std::size_t kVersionOffset = 8;
constexpr std::size_t kScryptNOffset = 43;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kCiphertextBytes = 32;

Bytes read_all(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    const QByteArray content = file.readAll();
    return Bytes(content.begin(), content.end());
}

void write_all(const QString& path, const Bytes& bytes) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<qint64>(bytes.size())),
             static_cast<qint64>(bytes.size()));
}

QString message_of(const Result<crypto::KeyPair>& result) {
    return result.ok() ? QString() : QString::fromStdString(result.error().message);
}

// Base58 (Bitcoin alphabet) of the raw bytes, without a checksum: the form a
// careless export would use.
std::string base58(ByteView data) {
    static constexpr std::string_view kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    std::vector<std::uint8_t> digits; // little-endian base-58 digits
    for (std::uint8_t byte : data) {
        int carry = byte;
        for (std::uint8_t& digit : digits) {
            carry += digit * 256;
            digit = static_cast<std::uint8_t>(carry % 58);
            carry /= 58;
        }
        for (; carry > 0; carry /= 58) digits.push_back(static_cast<std::uint8_t>(carry % 58));
    }
    std::string text;
    for (std::size_t i = 0; i < data.size() && data[i] == 0; ++i) text += '1';
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) text += kAlphabet[*it];
    return text;
}

// Every form a 32-byte private scalar could take in a file.
std::vector<QByteArray> encodings_of(ByteView secret) {
    const QByteArray raw(reinterpret_cast<const char*>(secret.data()), static_cast<qsizetype>(secret.size()));
    const QByteArray hex = QByteArray::fromStdString(codec::to_hex(secret));
    return {raw,
            hex,
            hex.toUpper(),
            QByteArray::fromStdString(base58(secret)),
            QByteArray::fromStdString(crypto::base58check_encode(secret)),
            raw.toBase64(),
            raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)};
}

// The files under `dir` (recursively) that contain any encoding of `secret`.
QStringList files_holding(const QString& dir, ByteView secret) {
    QStringList holders;
    const std::vector<QByteArray> needles = encodings_of(secret);
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            holders << path + " (unreadable)";
            continue;
        }
        const QByteArray content = file.readAll();
        for (const QByteArray& needle : needles) {
            if (content.contains(needle)) {
                holders << QDir(dir).relativeFilePath(path);
                break;
            }
        }
    }
    return holders;
}

} // namespace

class TestWallets : public QObject {
    Q_OBJECT

private slots:
    void wrong_passphrase_is_named_and_writes_nothing();
    void tampered_files_give_clear_errors_and_change_nothing();
    void changing_the_passphrase_keeps_the_key();
    void no_member_key_in_clear_in_the_data_dir();
    void names_as_people_write_them_round_trip();
    void a_wallet_file_of_the_old_naming_still_lists_and_opens();
    void refused_names_say_what_is_wrong();
    void a_backup_is_read_back_and_a_wallet_removed();

private:
    QJsonObject cli(const QString& data_dir, const QStringList& arguments);
};

QJsonObject TestWallets::cli(const QString& data_dir, const QStringList& arguments) {
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("RATEIO_PASSPHRASE"), QString::fromStdString(kPassphrase));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(RATEIO_CLI_PATH), QStringList{"--datadir", data_dir, "--json"} + arguments);
    if (!process.waitForFinished(kCliTimeout_ms) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0)
        qFatal("rateio-cli %s failed: %s %s", qPrintable(arguments.join(' ')),
               process.readAllStandardOutput().constData(), process.readAllStandardError().constData());
    return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
}

void TestWallets::wrong_passphrase_is_named_and_writes_nothing() {
    QTemporaryDir dir;
    WalletStore wallets(dir.filePath("wallets"));
    QVERIFY(wallets.create("alice", kPassphrase).ok());
    const Bytes before = read_all(wallets.path("alice"));

    for (const std::string wrong : {"sol nascente 2027", "Sol nascente 2026", "sol nascente 2026 ", ""}) {
        const Result<crypto::KeyPair> result = wallets.unlock("alice", wrong);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::WalletError);
        QVERIFY2(message_of(result).startsWith("wrong passphrase for wallet \"alice\""), qPrintable(message_of(result)));
    }
    // A wrong old passphrase cannot change it either.
    const Failure change = wallets.change_passphrase("alice", "not the passphrase", "a new passphrase");
    QVERIFY(change);
    QCOMPARE(change->code, ErrorCode::WalletError);
    QVERIFY(QString::fromStdString(change->message).startsWith("wrong passphrase"));
    QCOMPARE(read_all(wallets.path("alice")), before);
    QVERIFY(wallets.unlock("alice", kPassphrase).ok());
}

void TestWallets::tampered_files_give_clear_errors_and_change_nothing() {
    QTemporaryDir dir;
    WalletStore wallets(dir.filePath("wallets"));
    const Result<std::string> address = wallets.create("alice", kPassphrase);
    QVERIFY(address.ok());
    QVERIFY(wallets.create("bob", kPassphrase).ok());
    const Bytes original = read_all(wallets.path("alice"));
    const Bytes bob = read_all(wallets.path("bob"));
    QVERIFY(original.size() > kScryptNOffset + 16 + kCiphertextBytes + kTagBytes);

    auto flipped = [&](std::size_t offset) {
        Bytes bytes = original;
        bytes[offset] ^= 0x01;
        return bytes;
    };
    Bytes n_halved = original; // n = 2^15 -> 2^14: plausible, so scrypt runs and the tag fails
    n_halved[kScryptNOffset + 6] = 0x40;
    Bytes n_not_power_of_two = original; // refused before scrypt runs
    n_not_power_of_two[kScryptNOffset + 7] = 0x01;
    Bytes newer_version = original;
    newer_version[kVersionOffset + 1] = 2;
    Bytes trailing = original;
    trailing.push_back(0);

    enum class Expect { Altered, Damaged, Newer };
    struct Case {
        const char* label;
        Bytes bytes;
        Expect expect;
    };
    const Case cases[] = {
        {"a byte of the ciphertext", flipped(original.size() - kTagBytes - kCiphertextBytes + 5), Expect::Altered},
        {"a byte of the tag", flipped(original.size() - 1), Expect::Altered},
        {"the scrypt cost n", n_halved, Expect::Altered},
        {"n not a power of two", n_not_power_of_two, Expect::Damaged},
        {"the magic", flipped(0), Expect::Damaged},
        {"truncated by one byte", Bytes(original.begin(), original.end() - 1), Expect::Damaged},
        {"truncated to the header", Bytes(original.begin(), original.begin() + 10), Expect::Damaged},
        {"empty", Bytes{}, Expect::Damaged},
        {"a trailing byte", trailing, Expect::Damaged},
        {"a newer format version", newer_version, Expect::Newer},
    };
    for (const Case& c : cases) {
        write_all(wallets.path("alice"), c.bytes);
        const Result<crypto::KeyPair> result = wallets.unlock("alice", kPassphrase);
        QVERIFY2(!result.ok(), c.label);
        QCOMPARE(result.error().code, ErrorCode::WalletError);
        const QString message = message_of(result);
        switch (c.expect) {
        case Expect::Altered:
            // The tag cannot tell a wrong passphrase from an altered file
            // (both are keyed by the passphrase); the message names both.
            QVERIFY2(message.startsWith("wrong passphrase for wallet \"alice\"") && message.contains("altered"),
                     qPrintable(QString(c.label) + ": " + message));
            break;
        case Expect::Damaged:
            QVERIFY2(message.contains("is damaged or not a Rateio wallet") && message.contains("alice.wallet"),
                     qPrintable(QString(c.label) + ": " + message));
            break;
        case Expect::Newer:
            QVERIFY2(message.contains("written by a newer Rateio (wallet format 2)") &&
                         message.contains("this Rateio reads wallet format 1"),
                     qPrintable(QString(c.label) + ": " + message));
            break;
        }
        // Nothing was rewritten: the damaged file stays for the user to
        // restore, and the other wallet is untouched.
        QVERIFY2(read_all(wallets.path("alice")) == c.bytes, c.label);
        QVERIFY2(read_all(wallets.path("bob")) == bob, c.label);
        // A wrong passphrase on a damaged file does not change the verdict.
        QCOMPARE(message_of(wallets.unlock("alice", "another passphrase")).contains("wrong passphrase"),
                 c.expect == Expect::Altered);
    }
    // Listing still works and names the damaged wallet without an address.
    const std::vector<WalletInfo> listed = wallets.list();
    QCOMPARE(listed.size(), std::size_t{2});
    QCOMPARE(listed.at(0).name, QString("alice"));
    QVERIFY(listed.at(0).address.empty()); // the newer-format file is the last one written
    QVERIFY(!listed.at(1).address.empty());

    // The original bytes open again: tampering never reached the key.
    write_all(wallets.path("alice"), original);
    const Result<crypto::KeyPair> key = wallets.unlock("alice", kPassphrase);
    QVERIFY(key.ok());
    QCOMPARE(crypto::address(crypto::account_id(key.value().public_key())), address.value());
}

void TestWallets::changing_the_passphrase_keeps_the_key() {
    QTemporaryDir dir;
    WalletStore wallets(dir.filePath("wallets"));
    const Result<std::string> address = wallets.create("alice", kPassphrase);
    QVERIFY(address.ok());
    const Result<crypto::KeyPair> before = wallets.unlock("alice", kPassphrase);
    QVERIFY(before.ok());
    const Bytes old_file = read_all(wallets.path("alice"));

    // A too-short new passphrase is refused before anything is written.
    const Failure too_short = wallets.change_passphrase("alice", kPassphrase, "short");
    QVERIFY(too_short);
    QCOMPARE(too_short->code, ErrorCode::InvalidArgument);
    QCOMPARE(read_all(wallets.path("alice")), old_file);

    const std::string new_passphrase = "telhado azul 75 kW";
    QVERIFY(!wallets.change_passphrase("alice", kPassphrase, new_passphrase));
    QVERIFY(read_all(wallets.path("alice")) != old_file); // new salt, nonce and ciphertext

    const Result<crypto::KeyPair> after = wallets.unlock("alice", new_passphrase);
    QVERIFY(after.ok());
    QCOMPARE(after.value().public_key(), before.value().public_key());
    QCOMPARE(after.value().private_bytes(), before.value().private_bytes());
    QCOMPARE(wallets.info("alice").value().address, address.value());
    const Result<crypto::KeyPair> old_refused = wallets.unlock("alice", kPassphrase);
    QVERIFY(!old_refused.ok());
    QVERIFY(message_of(old_refused).startsWith("wrong passphrase"));
    // Still owner-only after the rewrite.
    QCOMPARE(std::filesystem::status(wallets.path("alice").toStdString()).permissions() & std::filesystem::perms::all,
             std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

void TestWallets::no_member_key_in_clear_in_the_data_dir() {
    QVERIFY2(QFile::exists(RATEIO_CLI_PATH), RATEIO_CLI_PATH);
    QTemporaryDir dir;
    const QString data_dir = dir.path();
    // A dev group with two members, a vote, a plant and a gift: the store,
    // its WAL and the wallets all get written.
    for (const char* name : {"alice", "bob"}) cli(data_dir, {"wallet", "create", name});
    cli(data_dir, {"create-group", "--dev", "--name", "Condomínio Sol Nascente", "--wallet", "alice", "--utility",
                   "CEMIG", "--full-name", "Alice Souza", "--consumer-unit", "123.456-7"});
    const QJsonObject join = cli(data_dir, {"join", "--wallet", "bob", "--utility", "CEMIG", "--full-name", "Bob Lima",
                                            "--consumer-unit", "555-1"});
    cli(data_dir, {"vote", "--wallet", "alice", QString::number(join.value("referendum_id").toInt()), "yes"});
    cli(data_dir, {"advance-clock", "--days", "31"});
    cli(data_dir, {"propose-plant", "--wallet", "bob", "--name", "Usina Telhado", "--source", "solar", "--capacity-kw",
                   "75", "--cost", "150000.00", "--utility", "CEMIG", "--location", "Bloco A", "--time-to-market-days", "30"});
    const QString bob_address = cli(data_dir, {"wallet", "address", "bob"}).value("address").toString();
    cli(data_dir, {"gift-tokens", "--wallet", "alice", "--to", bob_address, "--seb", "0.5"});
    QCOMPARE(cli(data_dir, {"summary"}).value("summary").toObject().value("member_count").toInt(), 2);

    // The member keys: nowhere in clear, in any form.
    WalletStore wallets(LocalNode::wallets_path(data_dir));
    for (const char* name : {"alice", "bob"}) {
        const Result<crypto::KeyPair> key = wallets.unlock(name, kPassphrase);
        QVERIFY(key.ok());
        const QStringList holders = files_holding(data_dir, key.value().private_bytes());
        QVERIFY2(holders.isEmpty(), qPrintable(QString(name) + "'s private key in clear in: " + holders.join(", ")));
    }

    // The node key is plaintext by design (a validator signs unattended;
    // docs/THREAT_MODEL.md): only in node.key, and that file owner-only.
    QString error;
    const std::optional<crypto::KeyPair> node_key = read_node_key_file(LocalNode::node_key_path(data_dir), &error);
    QVERIFY2(node_key, qPrintable(error));
    QCOMPARE(files_holding(data_dir, node_key->private_bytes()), QStringList{"node.key"});
    QCOMPARE(std::filesystem::status(LocalNode::node_key_path(data_dir).toStdString()).permissions() &
                 std::filesystem::perms::all,
             std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    // The scan itself finds what it looks for (so an empty result above means something).
    QFile planted(dir.filePath("wallets/planted.txt"));
    QVERIFY(planted.open(QIODevice::WriteOnly));
    planted.write(encodings_of(node_key->private_bytes()).at(4)); // the Base58Check form
    planted.close();
    QCOMPARE(files_holding(data_dir, node_key->private_bytes()).size(), 2);
}

// Spaces, accents and apostrophes: created, listed under the name as typed,
// unlocked, exported and imported again under another such name; the file
// names underneath are plain ASCII.
void TestWallets::names_as_people_write_them_round_trip() {
    QTemporaryDir dir;
    WalletStore wallets(dir.filePath("wallets"));
    const QStringList names = {QStringLiteral("Ana Souza"), QStringLiteral("Conceição"), QStringLiteral("João d'Ávila")};
    std::map<QString, std::string> addresses;
    for (const QString& name : names) {
        const Result<std::string> created = wallets.create(name, kPassphrase);
        QVERIFY2(created.ok(), created.ok() ? "" : created.error().message.c_str());
        addresses[name] = created.value();
        const QString file = QFileInfo(wallets.path(name)).fileName();
        for (QChar c : file) QVERIFY2(c.unicode() < 0x80 && c != u' ', qPrintable(file));
        QVERIFY(wallets.exists(name));
    }
    // A decomposed "ç" (c + combining cedilla) and extra spaces name the same wallet.
    QVERIFY(wallets.exists(QStringLiteral("  Ana   Souza ")));
    QVERIFY(wallets.exists(QStringLiteral("Concei\u0063\u0327\u00e3o")));
    QCOMPARE(wallets.create(QStringLiteral("Ana  Souza"), kPassphrase).error().message,
             std::string("a wallet named \"Ana Souza\" already exists"));

    QStringList listed;
    for (const WalletInfo& info : wallets.list()) {
        listed << info.name;
        QCOMPARE(info.address, addresses.at(info.name));
    }
    listed.sort();
    QStringList expected = names;
    expected.sort();
    QCOMPARE(listed, expected);

    for (const QString& name : names) QVERIFY(wallets.unlock(name, kPassphrase).ok());
    const QString backup = dir.filePath("backup of João.wallet");
    QVERIFY(!wallets.export_wallet(QStringLiteral("João d'Ávila"), backup));
    const Result<std::string> imported = wallets.import_wallet(QStringLiteral("Cópia do João"), backup);
    QVERIFY(imported.ok());
    QCOMPARE(imported.value(), addresses.at(QStringLiteral("João d'Ávila")));
    QVERIFY(wallets.unlock(QStringLiteral("Cópia do João"), kPassphrase).ok());
}

// A wallet written before names could hold spaces: its file is named after
// it as it is ([A-Za-z0-9_-]), written here byte for byte as that code did.
void TestWallets::a_wallet_file_of_the_old_naming_still_lists_and_opens() {
    QTemporaryDir dir;
    const QString folder = dir.filePath("wallets");
    QVERIFY(QDir().mkpath(folder));
    const crypto::KeyPair key = crypto::KeyPair::generate();
    write_all(folder + "/pedro_2-casa.wallet", crypto::encrypt_key_store(key, kPassphrase));
    // Files that are no wallet of this store's naming are not listed.
    write_all(folder + "/Ana~0020.wallet", crypto::encrypt_key_store(key, kPassphrase)); // trailing space: not canonical
    write_all(folder + "/Ana~00.wallet", crypto::encrypt_key_store(key, kPassphrase));   // cut escape
    WalletStore wallets(folder);
    const std::vector<WalletInfo> listed = wallets.list();
    QCOMPARE(listed.size(), std::size_t(1));
    QCOMPARE(listed.front().name, QStringLiteral("pedro_2-casa"));
    QCOMPARE(listed.front().public_key, key.public_key());
    QCOMPARE(wallets.path("pedro_2-casa"), folder + "/pedro_2-casa.wallet");
    const Result<crypto::KeyPair> opened = wallets.unlock("pedro_2-casa", kPassphrase);
    QVERIFY(opened.ok());
    QCOMPARE(opened.value().public_key(), key.public_key());
}

void TestWallets::refused_names_say_what_is_wrong() {
    QCOMPARE(WalletStore::name_problem(QStringLiteral("   ")), std::string("the wallet name is empty"));
    QCOMPARE(WalletStore::name_problem(QString(WalletStore::kNameLengthMax + 1, u'a')),
             "the wallet name is longer than " + std::to_string(WalletStore::kNameLengthMax) + " characters");
    QCOMPARE(WalletStore::name_problem(QString(WalletStore::kNameLengthMax, u'ç')), std::string());
    QCOMPARE(WalletStore::name_problem(QStringLiteral("Ana\u0007")),
             std::string("the wallet name holds a character that cannot be used (U+0007)"));
    const WalletStore::NameCheck emoji = WalletStore::check_name(QString::fromUtf8("Ana \xF0\x9F\x98\x80"));
    QCOMPARE(emoji.problem, WalletStore::NameProblem::BadCharacter);
    QCOMPARE(quint32(emoji.character), quint32(0x1F600));
    // Nothing a refusal says hints at a name being taken.
    QTemporaryDir dir;
    WalletStore wallets(dir.filePath("wallets"));
    const Result<std::string> refused = wallets.create(QStringLiteral("Ana\u0007"), kPassphrase);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
    QVERIFY(!QString::fromStdString(refused.error().message).contains("exist"));
}

void TestWallets::a_backup_is_read_back_and_a_wallet_removed() {
    QTemporaryDir dir;
    WalletStore wallets(dir.filePath("wallets"));
    QVERIFY(wallets.create(QStringLiteral("Ana Souza"), kPassphrase).ok());
    const QString backup = dir.filePath("backup.wallet");
    QVERIFY(!wallets.export_wallet(QStringLiteral("Ana Souza"), backup));
    const Result<crypto::KeyPair> read_back = WalletStore::unlock_file(backup, kPassphrase);
    QVERIFY(read_back.ok());
    QCOMPARE(read_back.value().public_key(), wallets.info(QStringLiteral("Ana Souza")).value().public_key);
    QVERIFY(!WalletStore::unlock_file(backup, "another passphrase").ok());
    QVERIFY(!WalletStore::unlock_file(dir.filePath("missing.wallet"), kPassphrase).ok());
    QCOMPARE(WalletStore::public_key_of_file(backup), std::optional<PublicKey>(read_back.value().public_key()));
    QVERIFY(!WalletStore::is_newer_format(backup));

    QVERIFY(!wallets.remove(QStringLiteral("Ana Souza")));
    QVERIFY(!wallets.exists(QStringLiteral("Ana Souza")));
    QVERIFY(wallets.list().empty());
    QVERIFY(QFile::exists(backup)); // only the store's own file goes
}

QTEST_GUILESS_MAIN(TestWallets)
#include "test_wallets.moc"
