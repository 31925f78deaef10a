#pragma once
// The wallets of one data directory: `<data dir>/wallets/<file stem>.wallet`,
// each a passphrase-encrypted key store (crypto::encrypt_key_store). The
// public key is readable without the passphrase, so listing wallets never
// asks for one. Every write goes to a temporary file that is renamed over
// the target, with owner-only permissions, so a crash never leaves half a
// key and other users of the machine cannot copy the file for an offline
// passphrase search. Each file declares its format
// (crypto::kKeyStoreFormatVersion); a file of a newer format is refused with
// a message that names both formats, and is never rewritten.
//
// Names are written as people write them ("Ana Souza", "João d'Ávila"). The
// file stem is derived from the name reversibly, in ASCII: letters A-Z,
// digits, '_' and '-' stay as they are and every other character becomes
// "~" and its four hex digits (UTF-16), so "Ana Souza" is
// "Ana~0020Souza.wallet". The display name is thus kept in the file's own
// name: nothing beside the file can be lost or disagree with it, and the
// wallets written before names could hold spaces ([A-Za-z0-9_-] only, never
// "~") keep their file names and open as before.

#include "crypto/crypto.h"
#include "node/result.h"

#include <QString>

#include <optional>
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
    static constexpr int kNameLengthMax = 40; // characters, after normalized_name
    static constexpr std::size_t kPassphraseLengthMin = 8; // characters, not bytes
    static constexpr qint64 kWalletFileBytesMax = 4096;    // a key store is ~200 bytes
    static constexpr std::size_t kWalletsListedMax = 1000;

    // `directory` is `<data dir>/wallets`; it is created on the first write.
    explicit WalletStore(QString directory);

    // The name as it is stored: Unicode NFC, spaces trimmed at both ends
    // and runs of spaces made one. Every function here takes a name through it.
    static QString normalized_name(const QString& name);
    // Empty when valid: 1..40 printable characters of the Basic Multilingual
    // Plane (letters with accents, spaces, apostrophes… but no control
    // characters and no emoji). The English message names what is wrong.
    static std::string name_problem(const QString& name);
    // The same judgement as a code, for a UI that says it in its own words.
    enum class NameProblem : std::uint8_t { None, Empty, TooLong, BadCharacter };
    struct NameCheck {
        NameProblem problem = NameProblem::None;
        char32_t character = 0; // the first one that cannot be used (BadCharacter)
    };
    static NameCheck check_name(const QString& name);
    // The reversible ASCII file stem of a valid name (see above), and back;
    // nullopt for a stem that is not the canonical form of a valid name.
    static QString file_stem(const QString& name);
    static std::optional<QString> name_of_file_stem(const QString& stem);

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
    // Deletes the wallet's file: only for a wallet the caller itself created
    // and abandoned (the first-run assistant left half-way).
    Failure remove(const QString& name);
    // Reads a key store file anywhere (a backup just written) and decrypts
    // it: the check that a backup opens with its passphrase.
    static Result<crypto::KeyPair> unlock_file(const QString& file_path, std::string_view passphrase);
    // What a key store file says without its passphrase: its public key
    // (nullopt if unreadable, damaged or of a newer format), and whether it
    // declares a format newer than this Rateio reads.
    static std::optional<PublicKey> public_key_of_file(const QString& file_path);
    static bool is_newer_format(const QString& file_path);

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
