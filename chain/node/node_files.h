#pragma once
// The files a networked node is set up with: its node key and the group's
// genesis. Both are small binary files that the operator copies between
// machines, so every read checks the size and the encoding and says which
// file is wrong.
//
//   node key file: the raw 32-byte P-256 private scalar, permissions 0600
//                  (the node signs unattended, so it cannot wait for a
//                  passphrase; CometBFT keeps priv_validator_key.json alike).
//   genesis file:  the canonical encoding of chain::Genesis (ledger/ledger.h);
//                  its SHA-256 based group id names the group.

#include "crypto/crypto.h"
#include "ledger/ledger.h"

#include <QString>

#include <optional>

namespace chain {

inline constexpr qint64 kNodeKeyFileBytes = 32;
// A genesis holds the founder's sealed profile and key ring and at most
// kValidatorsMax keys; this is far above what that needs.
inline constexpr qint64 kGenesisFileBytesMax = 1024 * 1024;

std::optional<crypto::KeyPair> read_node_key_file(const QString& path, QString* error);
// Writes the key with permissions 0600; false and *error on failure.
bool write_node_key_file(const QString& path, const crypto::KeyPair& key, QString* error);

std::optional<Genesis> read_genesis_file(const QString& path, QString* error);
bool write_genesis_file(const QString& path, const Genesis& genesis, QString* error);

} // namespace chain
