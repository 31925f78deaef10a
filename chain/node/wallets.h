#pragma once
// The wallets of one data directory: `<data dir>/wallets/<name>.wallet`,
// each a passphrase-encrypted key store (crypto::encrypt_key_store). The
// public key is readable without the passphrase, so listing wallets never
// asks for one. Every write goes to a temporary file that is renamed over
// the target, with owner-only permissions, so a crash never leaves half a
// key and other users of the machine cannot copy the file for an offline
// passphrase search. Each file declares its format
// (crypto::kKeyStoreFormatVersion); a file of a newer format is refused with
// a message that names both formats, and is never rewritten.

#include "crypto/crypto.h"
#include "node/result.h"

#include <QString>

#include <string>
#include <string_view>
#include <vector>

namespace chain {

struct WalletInfo {
    QString name;
    PublicKey public_key{};
    std::string address;
};

class WalletStore {
public:
    static constexpr int kNameLengthMax = 40;
    static constexpr std::size_t kPassphraseLengthMin = 8; // characters, not bytes
    static constexpr qint64 kWalletFileBytesMax = 4096;    // a key store is ~200 bytes
    static constexpr std::size_t kWalletsListedMax = 1000;

    // `directory` is `<data dir>/wallets`; it is created on the first write.
    explicit WalletStore(QString directory);

    // Empty when valid: 1..40 characters of [A-Za-z0-9_-].
    static std::string name_problem(const QString& name);

    bool exists(const QString& name) const;
    QString path(const QString& name) const;

    // A new random key; returns its address.
    Result<std::string> create(const QString& name, std::string_view passphrase);
    // Sorted by name. Files that do not parse are listed with an empty address.
    std::vector<WalletInfo> list() const;
    Result<WalletInfo> info(const QString& name) const;
    Result<crypto::KeyPair> unlock(const QString& name, std::string_view passphrase) const;
    // Copies a key store file into the store under `name`; returns its address.
    Result<std::string> import_wallet(const QString& name, const QString& source_path);
    Failure export_wallet(const QString& name, const QString& destination_path) const;
    Failure change_passphrase(const QString& name, std::string_view old_passphrase,
                              std::string_view new_passphrase);

private:
    Result<Bytes> read(const QString& name) const;
    Failure check_new_name(const QString& name) const;
    // The folder is owner-only (0700) as well as each file.
    Failure ensure_directory() const;

    QString directory_;
};

// Writes `data` to `path` (whose folder must exist) through a temporary file
// renamed over it, with permissions 0600. Returns an English error, empty on
// success.
std::string write_private_file(const QString& path, ByteView data);
// Reads at most `bytes_max` bytes; nullopt (and *error) if missing, larger or unreadable.
std::optional<Bytes> read_small_file(const QString& path, qint64 bytes_max, std::string* error);

} // namespace chain
