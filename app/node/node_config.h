#pragma once
// The rateio-node configuration file: INI, read with QSettings. Paths may be
// relative to the folder of the file. Keys (docs/PROTOCOL.md, "rateio-node"):
//
//   [node]
//   genesis    = genesis.bin        the group's genesis file (rateio-cli create-genesis)
//   data_dir   = data               the node's database and control socket
//   listen     = 0.0.0.0:26656      address:port to accept peers on
//   peers      = a:26656, b:26656   peers to stay connected to
//   node_key   = validator.key      node key file (rateio-cli node-key); when
//                                   absent, <data_dir>/node.key is made on the
//                                   first start and the node only follows
//   [consensus]   timeout_propose_ms, timeout_propose_delta_ms, timeout_prevote_ms,
//                 timeout_prevote_delta_ms, timeout_precommit_ms,
//                 timeout_precommit_delta_ms, resend_interval_ms,
//                 clock_drift_max_ms, message_delay_max_ms
//   [network]     status_interval_ms, sync_request_timeout_ms,
//                 reconnect_delay_max_ms
//   [storage]     state_checkpoint_blocks (blocks between checkpoints of
//                 the state's tries, default 1000; docs/STATE.md),
//                 state_snapshot_blocks (blocks between the snapshots served
//                 to joining nodes, default 1000)
//   [sync]        state_sync (true: a node that holds only the genesis
//                 starts from a verified snapshot; default true)

#include "node/network_node.h"

#include <QString>

#include <optional>

namespace node_app {

struct NodeSettings {
    chain::NetworkNodeConfig network;
    QString genesis_path;
    QString node_key_path; // empty: <data_dir>/node.key
};

// nullopt and *error (naming the key) for a missing file, an unknown key,
// a missing required key or a value out of range.
std::optional<NodeSettings> read_settings(const QString& path, QString* error);

} // namespace node_app
