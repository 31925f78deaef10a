#include "node/wallets.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

namespace chain {

namespace {

constexpr const char* kWalletSuffix = ".wallet";
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
    default:
        return wallet_error("wallet file " + path.toStdString() + " is damaged or not a Rateio wallet");
    }
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

std::string WalletStore::name_problem(const QString& name) {
    if (name.isEmpty()) return "the wallet name is empty";
    if (name.size() > kNameLengthMax)
        return "the wallet name is longer than " + std::to_string(kNameLengthMax) + " characters";
    for (QChar c : name) {
        const char16_t u = c.unicode();
        const bool allowed = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                             u == '_' || u == '-';
        if (!allowed) return "the wallet name may hold only letters A-Z, digits, '_' and '-'";
    }
    return {};
}

QString WalletStore::path(const QString& name) const {
    return QDir(directory_).filePath(name + QLatin1String(kWalletSuffix));
}

bool WalletStore::exists(const QString& name) const {
    return name_problem(name).empty() && QFileInfo::exists(path(name));
}

Failure WalletStore::check_new_name(const QString& name) const {
    if (std::string problem = name_problem(name); !problem.empty())
        return rejection(ErrorCode::InvalidArgument, problem);
    if (QFileInfo::exists(path(name)))
        return wallet_error("a wallet named " + quoted(name) + " already exists");
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
        const QString name = file.chopped(static_cast<int>(std::char_traits<char>::length(kWalletSuffix)));
        if (!name_problem(name).empty()) continue;
        Result<WalletInfo> wallet = info(name);
        wallets.push_back(wallet.ok() ? wallet.value() : WalletInfo{name, {}, {}});
    }
    return wallets;
}

Result<WalletInfo> WalletStore::info(const QString& name) const {
    Result<Bytes> bytes = read(name);
    if (!bytes.ok()) return bytes.error();
    const std::optional<PublicKey> public_key = crypto::key_store_public_key(bytes.value());
    if (!public_key) return key_store_rejection(header_error(bytes.value()), name, path(name), bytes.value());
    return WalletInfo{name, *public_key, crypto::address(crypto::account_id(*public_key))};
}

Result<crypto::KeyPair> WalletStore::unlock(const QString& name, std::string_view passphrase) const {
    Result<Bytes> bytes = read(name);
    if (!bytes.ok()) return bytes.error();
    crypto::KeyStoreResult opened = crypto::decrypt_key_store(bytes.value(), passphrase);
    if (!opened.key) return key_store_rejection(opened.error, name, path(name), bytes.value());
    return std::move(*opened.key);
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
