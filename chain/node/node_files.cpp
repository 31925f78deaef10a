#include "node/node_files.h"

#include "node/wallets.h"

namespace chain {

std::optional<crypto::KeyPair> read_node_key_file(const QString& path, QString* error) {
    std::string read_error;
    const std::optional<Bytes> bytes = read_small_file(path, kNodeKeyFileBytes, &read_error);
    if (!bytes) {
        *error = QString::fromStdString(read_error);
        return std::nullopt;
    }
    std::optional<crypto::KeyPair> key;
    if (bytes->size() == static_cast<std::size_t>(kNodeKeyFileBytes)) key = crypto::KeyPair::from_private(*bytes);
    if (!key) *error = QStringLiteral("%1 is not a node key file (32 raw private-key bytes)").arg(path);
    return key;
}

bool write_node_key_file(const QString& path, const crypto::KeyPair& key, QString* error) {
    const std::string write_error = write_private_file(path, key.private_bytes());
    if (write_error.empty()) return true;
    *error = QString::fromStdString(write_error);
    return false;
}

std::optional<Genesis> read_genesis_file(const QString& path, QString* error) {
    std::string read_error;
    const std::optional<Bytes> bytes = read_small_file(path, kGenesisFileBytesMax, &read_error);
    if (!bytes) {
        *error = QString::fromStdString(read_error);
        return std::nullopt;
    }
    std::optional<Genesis> genesis = codec::from_bytes<Genesis>(*bytes);
    if (!genesis || genesis->validators.empty()) {
        *error = QStringLiteral("%1 is not a genesis file").arg(path);
        return std::nullopt;
    }
    return genesis;
}

bool write_genesis_file(const QString& path, const Genesis& genesis, QString* error) {
    // Not secret, but written the same careful way: a temporary file renamed
    // over the target, so a crash never leaves half a genesis.
    const std::string write_error = write_private_file(path, codec::to_bytes(genesis));
    if (write_error.empty()) return true;
    *error = QString::fromStdString(write_error);
    return false;
}

} // namespace chain
