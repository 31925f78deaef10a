#pragma once
// A chain of profile updates made once and kept under the build dir, for the
// sync and desktop benchmarks (signing a million transactions takes a while).
//
//   <cache>/chain-<N>/genesis.bin      the group's genesis
//   <cache>/chain-<N>/validator.key    the key of its only validator
//   <cache>/chain-<N>/data/            a node data dir: chain.sqlite, node.key
//                                      (a follower's key) and network.ini
//                                      (watch-only), so the desktop opens it
//   <cache>/chain-<N>/complete         written last: the cache is usable
//
// Its genesis lies a few days in the past and its blocks are a second apart,
// so a node of today accepts it.

#include "common.h"

#include <QString>

namespace bench {

struct CachedChain {
    QString dir;
    QString genesis_path;
    QString validator_key_path;
    QString data_dir;
    std::uint64_t height = 0;
    std::uint64_t transactions = 0;
    QString state_root_hex;
};

inline constexpr std::size_t kCachedBlockTransactions = 1000;

// The cached chain of `transactions` transactions, made now when missing.
std::optional<CachedChain> cached_chain(const QString& cache_dir, std::uint64_t transactions, QString* error);

// A group of `members` members (built directly, as rules_bench does: no
// referendum could admit 10,000 in a benchmark's time) followed by
// `transactions` transactions in blocks of kCachedBlockTransactions. The
// data dir is written as a state-synced node's is (Store::write_synced_state):
// the members' state after block 1, certified by the group's validator, then
// every later block executed on it. So it holds blocks 2 and on, and a
// replaying node cannot rebuild it: it is for state sync
// (state_sync_bench.cpp). Made once, then reused.
std::optional<CachedChain> cached_member_chain(const QString& cache_dir, std::size_t members,
                                               std::uint64_t transactions, QString* error);

// Copies a data dir's files (not its lock or socket) to `to`.
bool copy_data_dir(const QString& from, const QString& to, QString* error);

} // namespace bench
