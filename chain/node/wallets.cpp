#include "node/wallets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace chain {

namespace {

constexpr const char* kWalletSuffix = ".wallet";
// A character of a name that is not kept as it is in the file stem: "~" and
// its UTF-16 code in hex. Names hold only BMP characters, so a file name is
// at most 40 × 5 + 7 bytes, well within every file system's 255.
constexpr char16_t kStemEscape = u'~';
constexpr int kStemEscapeHexDigits = 4;

bool kept_in_stem(char16_t u) {
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '-';
}
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kOwnerOnlyDirectory =
    QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner;

std::string quoted(const QString& name) { return "\"" + name.toStdString() + "\""; }

Rejection wallet_error(std::string message) { return rejection(ErrorCode::WalletError, std::move(message)); }

// Characters, as a person counts them, rather than UTF-8 bytes.
std::size_t utf8_length(std::string_view text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

Failure passphrase_problem(std::string_view passphrase) {
    if (utf8_length(passphrase) < WalletStore::kPassphraseLengthMin)
        return rejection(ErrorCode::InvalidArgument, "the passphrase must have at least " +
                                                         std::to_string(WalletStore::kPassphraseLengthMin) +
                                                         " characters");
    return std::nullopt;
}

// Wallet files are only read here, never upgraded in place: a file of a
// newer format stays as it was, for the newer Rateio that wrote it.
std::string newer_wallet_message(const QString& path, ByteView bytes) {
    const std::optional<std::uint16_t> version = crypto::key_store_version(bytes);
    const std::string found = version ? " (wallet format " + std::to_string(*version) + ")" : std::string();
    return "wallet file " + path.toStdString() + " was written by a newer Rateio" + found +
           "; this Rateio reads wallet format " + std::to_string(crypto::kKeyStoreFormatVersion) +
           ". Install the newer Rateio again: the file was left as it was";
}

Rejection key_store_rejection(crypto::KeyStoreError error, const QString& name, const QString& path, ByteView bytes) {
    switch (error) {
    case crypto::KeyStoreError::WrongPassphrase:
        // The tag is keyed by the passphrase, so it cannot tell a wrong
        // passphrase from a file altered after the header; say both.
        return wallet_error("wrong passphrase for wallet " + quoted(name) +
                            ", or its file " + path.toStdString() + " was altered");
    case crypto::KeyStoreError::UnsupportedVersion:
        return wallet_error(newer_wallet_message(path, bytes));
    // No default: a new KeyStoreError fails to compile here (-Werror=switch)
    // until it is given its own message or joins these.
    case crypto::KeyStoreError::None:
    case crypto::KeyStoreError::Malformed: break;
    }
    return wallet_error("wallet file " + path.toStdString() + " is damaged or not a Rateio wallet");
}

// Why a file's public key could not be read: a newer format or damage.
crypto::KeyStoreError header_error(ByteView bytes) {
    const std::optional<std::uint16_t> version = crypto::key_store_version(bytes);
    return version && *version > crypto::kKeyStoreFormatVersion ? crypto::KeyStoreError::UnsupportedVersion
                                                                 : crypto::KeyStoreError::Malformed;
}

} // namespace

std::string write_private_file(const QString& path, ByteView data) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return "cannot write " + path.toStdString() + ": " + file.errorString().toStdString();
    // Set on the temporary file before any byte is written, so the key is
    // never readable by others, not even for a moment.
    if (!file.setPermissions(kOwnerOnly)) {
        file.cancelWriting();
        return "cannot restrict the permissions of " + path.toStdString();
    }
    const auto size = static_cast<qint64>(data.size());
    if (file.write(reinterpret_cast<const char*>(data.data()), size) != size || !file.commit())
        return "cannot write " + path.toStdString() + ": " + file.errorString().toStdString();
    return {};
}

std::optional<Bytes> read_small_file(const QString& path, qint64 bytes_max, std::string* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = "cannot read " + path.toStdString() + ": " + file.errorString().toStdString();
        return std::nullopt;
    }
    const QByteArray content = file.read(bytes_max + 1);
    if (content.size() > bytes_max) {
        *error = path.toStdString() + " is larger than " + std::to_string(bytes_max) + " bytes";
        return std::nullopt;
    }
    return Bytes(content.begin(), content.end());
}

WalletStore::WalletStore(QString directory) : directory_(std::move(directory)) {}

QString WalletStore::normalized_name(const QString& name) {
    return name.normalized(QString::NormalizationForm_C).simplified();
}

WalletStore::NameCheck WalletStore::check_name(const QString& name) {
    const QString normalized = normalized_name(name);
    if (normalized.isEmpty()) return {NameProblem::Empty, 0};
    for (const char32_t c : normalized.toUcs4()) {
        // Beyond the BMP (emoji) a character would take two escapes; control,
        // format, private-use and unassigned characters cannot be seen or typed again.
        if (c > 0xFFFF || !QChar::isPrint(c)) return {NameProblem::BadCharacter, c};
    }
    if (normalized.size() > kNameLengthMax) return {NameProblem::TooLong, 0};
    return {};
}

std::string WalletStore::name_problem(const QString& name) {
    const NameCheck check = check_name(name);
    switch (check.problem) {
    case NameProblem::None: return {};
    case NameProblem::Empty: return "the wallet name is empty";
    case NameProblem::TooLong:
        return "the wallet name is longer than " + std::to_string(kNameLengthMax) + " characters";
    case NameProblem::BadCharacter:
        return "the wallet name holds a character that cannot be used (U+" +
               QString::number(quint32(check.character), 16).toUpper().rightJustified(4, u'0').toStdString() + ")";
    }
    return {};
}

QString WalletStore::file_stem(const QString& name) {
    QString stem;
    for (const QChar c : normalized_name(name)) {
        if (kept_in_stem(c.unicode())) stem += c;
        else stem += kStemEscape + QString::number(c.unicode(), 16).toUpper().rightJustified(kStemEscapeHexDigits, u'0');
    }
    return stem;
}

std::optional<QString> WalletStore::name_of_file_stem(const QString& stem) {
    QString name;
    for (qsizetype i = 0; i < stem.size(); ++i) {
        if (stem[i] != kStemEscape) {
            name += stem[i];
            continue;
        }
        bool ok = false;
        const uint code = stem.mid(i + 1, kStemEscapeHexDigits).toUInt(&ok, 16);
        if (!ok || i + kStemEscapeHexDigits >= stem.size()) return std::nullopt;
        name += QChar(char16_t(code));
        i += kStemEscapeHexDigits;
    }
    // One stem per name: a stem written another way (lower-case hex, an
    // escaped letter) is not one this store wrote.
    if (!name_problem(name).empty() || file_stem(name) != stem) return std::nullopt;
    return name;
}

QString WalletStore::path(const QString& name) const {
    return QDir(directory_).filePath(file_stem(name) + QLatin1String(kWalletSuffix));
}

bool WalletStore::exists(const QString& name) const {
    return name_problem(name).empty() && QFileInfo::exists(path(name));
}

Failure WalletStore::check_new_name(const QString& name) const {
    if (std::string problem = name_problem(name); !problem.empty())
        return rejection(ErrorCode::InvalidArgument, problem);
    if (QFileInfo::exists(path(name)))
        return wallet_error("a wallet named " + quoted(normalized_name(name)) + " already exists");
    return std::nullopt;
}

Result<Bytes> WalletStore::read(const QString& name) const {
    if (std::string problem = name_problem(name); !problem.empty())
        return rejection(ErrorCode::InvalidArgument, problem);
    if (!QFileInfo::exists(path(name)))
        return wallet_error("no wallet named " + quoted(name) + " in " + directory_.toStdString());
    std::string error;
    std::optional<Bytes> bytes = read_small_file(path(name), kWalletFileBytesMax, &error);
    if (!bytes) return wallet_error(error);
    return std::move(*bytes);
}

Failure WalletStore::ensure_directory() const {
    if (QFileInfo(directory_).isDir()) return std::nullopt;
    if (!QDir().mkpath(directory_) || !QFile::setPermissions(directory_, kOwnerOnlyDirectory))
        return wallet_error("cannot create the wallet folder " + directory_.toStdString());
    return std::nullopt;
}

Result<std::string> WalletStore::create(const QString& name, std::string_view passphrase) {
    if (Failure problem = check_new_name(name)) return *problem;
    if (Failure problem = passphrase_problem(passphrase)) return *problem;
    if (Failure problem = ensure_directory()) return *problem;
    const crypto::KeyPair key = crypto::KeyPair::generate();
    const Bytes file = crypto::encrypt_key_store(key, passphrase);
    if (std::string error = write_private_file(path(name), file); !error.empty()) return wallet_error(error);
    return crypto::address(crypto::account_id(key.public_key()));
}

std::vector<WalletInfo> WalletStore::list() const {
    const QStringList files = QDir(directory_).entryList({QStringLiteral("*.wallet")}, QDir::Files, QDir::Name);
    std::vector<WalletInfo> wallets;
    for (const QString& file : files) {
        if (wallets.size() == kWalletsListedMax) break;
        const std::optional<QString> name =
            name_of_file_stem(file.chopped(static_cast<int>(std::char_traits<char>::length(kWalletSuffix))));
        if (!name) continue;
        Result<WalletInfo> wallet = info(*name);
        wallets.push_back(wallet.ok() ? wallet.value() : WalletInfo{*name, {}, {}});
    }
    // By the names people read, not by their escaped file names.
    std::sort(wallets.begin(), wallets.end(),
              [](const WalletInfo& a, const WalletInfo& b) { return QString::localeAwareCompare(a.name, b.name) < 0; });
    return wallets;
}

Result<WalletInfo> WalletStore::info(const QString& name) const {
    Result<Bytes> bytes = read(name);
    if (!bytes.ok()) return bytes.error();
    const std::optional<PublicKey> public_key = crypto::key_store_public_key(bytes.value());
    if (!public_key) return key_store_rejection(header_error(bytes.value()), name, path(name), bytes.value());
    return WalletInfo{normalized_name(name), *public_key, crypto::address(crypto::account_id(*public_key))};
}

Result<crypto::KeyPair> WalletStore::unlock(const QString& name, std::string_view passphrase) const {
    Result<Bytes> bytes = read(name);
    if (!bytes.ok()) return bytes.error();
    crypto::KeyStoreResult opened = crypto::decrypt_key_store(bytes.value(), passphrase);
    if (!opened.key) return key_store_rejection(opened.error, name, path(name), bytes.value());
    return std::move(*opened.key);
}

Result<crypto::KeyPair> WalletStore::unlock_file(const QString& file_path, std::string_view passphrase) {
    std::string error;
    const std::optional<Bytes> bytes = read_small_file(file_path, kWalletFileBytesMax, &error);
    if (!bytes) return wallet_error(error);
    crypto::KeyStoreResult opened = crypto::decrypt_key_store(*bytes, passphrase);
    if (!opened.key) return key_store_rejection(opened.error, QFileInfo(file_path).fileName(), file_path, *bytes);
    return std::move(*opened.key);
}

std::optional<PublicKey> WalletStore::public_key_of_file(const QString& file_path) {
    std::string error;
    const std::optional<Bytes> bytes = read_small_file(file_path, kWalletFileBytesMax, &error);
    if (!bytes) return std::nullopt;
    return crypto::key_store_public_key(*bytes);
}

bool WalletStore::is_newer_format(const QString& file_path) {
    std::string error;
    const std::optional<Bytes> bytes = read_small_file(file_path, kWalletFileBytesMax, &error);
    return bytes && header_error(*bytes) == crypto::KeyStoreError::UnsupportedVersion;
}

Failure WalletStore::remove(const QString& name) {
    if (std::string problem = name_problem(name); !problem.empty())
        return rejection(ErrorCode::InvalidArgument, problem);
    if (!QFile::remove(path(name)) && QFileInfo::exists(path(name)))
        return wallet_error("cannot remove " + path(name).toStdString());
    return std::nullopt;
}

Result<std::string> WalletStore::import_wallet(const QString& name, const QString& source_path) {
    if (Failure problem = check_new_name(name)) return *problem;
    std::string error;
    const std::optional<Bytes> bytes = read_small_file(source_path, kWalletFileBytesMax, &error);
    if (!bytes) return wallet_error(error);
    const std::optional<PublicKey> public_key = crypto::key_store_public_key(*bytes);
    if (!public_key) return key_store_rejection(header_error(*bytes), name, source_path, *bytes);
    if (Failure problem = ensure_directory()) return *problem;
    if (error = write_private_file(path(name), *bytes); !error.empty()) return wallet_error(error);
    return crypto::address(crypto::account_id(*public_key));
}

Failure WalletStore::export_wallet(const QString& name, const QString& destination_path) const {
    Result<Bytes> bytes = read(name);
    if (!bytes.ok()) return bytes.error();
    if (QFileInfo::exists(destination_path))
        return wallet_error(destination_path.toStdString() + " already exists; choose a new file name");
    if (std::string error = write_private_file(destination_path, bytes.value()); !error.empty())
        return wallet_error(error);
    return std::nullopt;
}

Failure WalletStore::change_passphrase(const QString& name, std::string_view old_passphrase,
                                       std::string_view new_passphrase) {
    if (Failure problem = passphrase_problem(new_passphrase)) return problem;
    Result<crypto::KeyPair> key = unlock(name, old_passphrase);
    if (!key.ok()) return key.error();
    const Bytes file = crypto::encrypt_key_store(key.value(), new_passphrase);
    if (std::string error = write_private_file(path(name), file); !error.empty()) return wallet_error(error);
    return std::nullopt;
}

} // namespace chain
