#include "chain_cache.h"

#include "node/node_files.h"
#include "rules/block_apply.h"
#include "rules/rules.h"
#include "state/state_diff.h"
#include "store/store.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QSettings>

#include <cstdio>

namespace bench {

using namespace chain;

namespace {

constexpr const char* kCompleteFile = "complete";

bool fail(QString* error, const QString& message) {
    *error = message;
    return false;
}

// Appends `transactions` of the founder's profile updates to the store, in
// blocks of kCachedBlockTransactions, executed on `state` (the stored one,
// whose block hashes to `previous`).
bool append_blocks(Store& store, const BenchGroup& group, std::int64_t genesis_time_s, std::uint64_t transactions,
                   State state, Hash256 previous, QString* error) {
    std::string store_error;
    const Stopwatch watch;
    for (std::uint64_t done = 0; done < transactions;) {
        const std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(kCachedBlockTransactions, transactions - done));
        const std::vector<Transaction> txs =
            group.profile_updates(done + 1, count, genesis_time_s + 30 * 86'400);
        const std::int64_t time_s = genesis_time_s + static_cast<std::int64_t>(state.height) + 1;
        const Block block = group.make_block(state, previous, time_s, txs);
        // Signatures are ours: the rules alone make the state and the events.
        BlockApplication applied;
        applied.state_after = state;
        const BlockContext context{block.header.height, time_s};
        for (const Transaction& tx : txs) {
            ApplyResult result = apply_transaction(applied.state_after, tx, context);
            applied.events.insert(applied.events.end(), result.events.begin(), result.events.end());
        }
        const std::vector<Event> deadline = end_block(applied.state_after, context);
        applied.events.insert(applied.events.end(), deadline.begin(), deadline.end());
        if (!store.commit_block(block, group.certify(block), applied.state_after, applied.events, &store_error, &state))
            return fail(error, QString::fromStdString(store_error));
        state = std::move(applied.state_after);
        previous = block.header.hash();
        done += count;
        if (state.height % 100 == 0)
            std::printf("  (generating the cached chain: %llu of %llu transactions, %.0f s)\n",
                        static_cast<unsigned long long>(done), static_cast<unsigned long long>(transactions),
                        watch.seconds()),
                std::fflush(stdout);
    }
    return true;
}

// The state after an empty block 1 on the genesis state with `members`
// members added directly (add_members_directly), stored as a state-synced
// node stores it; what the later blocks build on, and the hash they follow.
std::optional<std::pair<State, Hash256>> synced_members_base(Store& store, const BenchGroup& group, std::size_t members,
                                                             std::int64_t genesis_time_s, QString* error) {
    State state = genesis_state(group.genesis);
    add_members_directly(state, members, genesis_time_s);
    const std::int64_t time_s = genesis_time_s + 1;
    const Block block = group.make_block(state, state.group_id, time_s, {});
    (void)end_block(state, BlockContext{1, time_s});
    const state::HeaderStep step{block.header, group.certify(block), state::validators_table_proof(state)};
    std::string store_error;
    if (!store.write_synced_state({}, step, state, &store_error)) {
        fail(error, QString::fromStdString(store_error));
        return std::nullopt;
    }
    return std::make_pair(std::move(state), block.header.hash());
}

// Writes the chain into `chain.dir`; the caller removes a half-made one.
// More than one member: the members' state after block 1 comes first
// (cached_member_chain).
bool generate(CachedChain& chain, std::uint64_t transactions, std::size_t members, QString* error) {
    QDir().mkpath(chain.data_dir);
    const std::int64_t genesis_time_s = QDateTime::currentSecsSinceEpoch() - 5 * 86'400;
    const BenchGroup group(1, genesis_time_s);
    if (!write_genesis_file(chain.genesis_path, group.genesis, error) ||
        !write_node_key_file(chain.validator_key_path, group.validators[0], error) ||
        !write_node_key_file(QDir(chain.data_dir).filePath(QStringLiteral("node.key")), crypto::KeyPair::generate(), error))
        return false;
    {
        // A watch-only desktop with no peers: it shows what is on disk.
        QSettings network(QDir(chain.data_dir).filePath(QStringLiteral("network.ini")), QSettings::IniFormat);
        network.setValue(QStringLiteral("watch_only"), true);
        network.setValue(QStringLiteral("peers"), QStringList{});
        network.setValue(QStringLiteral("listen_port"), 0);
    }
    std::string store_error;
    std::unique_ptr<Store> store =
        Store::open(QDir(chain.data_dir).filePath(QStringLiteral("chain.sqlite")).toStdString(), &store_error);
    std::vector<Event> events;
    State state = genesis_state(group.genesis, &events);
    if (!store || !store->write_genesis(group.genesis, state, events, &store_error))
        return fail(error, QString::fromStdString(store_error));
    Hash256 previous = state.group_id;
    if (members > 1) {
        std::optional<std::pair<State, Hash256>> base = synced_members_base(*store, group, members, genesis_time_s, error);
        if (!base) return false;
        state = std::move(base->first);
        previous = base->second;
    }
    if (!append_blocks(*store, group, genesis_time_s, transactions, std::move(state), previous, error)) return false;
    QFile complete(QDir(chain.dir).filePath(QLatin1String(kCompleteFile)));
    if (!complete.open(QIODevice::WriteOnly)) return fail(error, QStringLiteral("cannot write %1").arg(complete.fileName()));
    complete.write(QByteArray::number(static_cast<qulonglong>(transactions)));
    return true;
}

} // namespace

namespace {

std::optional<CachedChain> load_or_make(const QString& dir, std::uint64_t transactions, std::size_t members,
                                        QString* error) {
    CachedChain chain;
    chain.dir = dir;
    chain.genesis_path = QDir(chain.dir).filePath(QStringLiteral("genesis.bin"));
    chain.validator_key_path = QDir(chain.dir).filePath(QStringLiteral("validator.key"));
    chain.data_dir = QDir(chain.dir).filePath(QStringLiteral("data"));
    chain.transactions = transactions;
    if (!QFile::exists(QDir(chain.dir).filePath(QLatin1String(kCompleteFile)))) {
        QDir(chain.dir).removeRecursively();
        std::printf("  (no cached chain of %llu transactions in %s: making it once)\n",
                    static_cast<unsigned long long>(transactions), qPrintable(chain.dir));
        std::fflush(stdout);
        if (!generate(chain, transactions, members, error)) {
            QDir(chain.dir).removeRecursively();
            return std::nullopt;
        }
    }
    std::string store_error;
    const std::unique_ptr<Store> store =
        Store::open(QDir(chain.data_dir).filePath(QStringLiteral("chain.sqlite")).toStdString(), &store_error);
    const std::optional<State> state = store ? store->load_state() : std::nullopt;
    if (!state) {
        *error = QStringLiteral("the cached chain in %1 is unreadable: remove it").arg(chain.dir);
        return std::nullopt;
    }
    chain.height = state->height;
    chain.state_root_hex = QString::fromStdString(codec::to_hex(state_root(*state)));
    return chain;
}

} // namespace

std::optional<CachedChain> cached_chain(const QString& cache_dir, std::uint64_t transactions, QString* error) {
    return load_or_make(QDir(cache_dir).filePath(QStringLiteral("chain-%1").arg(transactions)), transactions, 1, error);
}

std::optional<CachedChain> cached_member_chain(const QString& cache_dir, std::size_t members,
                                               std::uint64_t transactions, QString* error) {
    return load_or_make(QDir(cache_dir).filePath(QStringLiteral("members-%1-chain-%2").arg(members).arg(transactions)),
                        transactions, members, error);
}

bool copy_data_dir(const QString& from, const QString& to, QString* error) {
    QDir().mkpath(to);
    for (const QString& name : QDir(from).entryList(QDir::Files)) {
        if (name == QLatin1String("node.lock") || name == QLatin1String("node.sock")) continue;
        QFile::remove(QDir(to).filePath(name));
        if (!QFile::copy(QDir(from).filePath(name), QDir(to).filePath(name)))
            return fail(error, QStringLiteral("cannot copy %1 to %2").arg(name, to));
    }
    return true;
}

} // namespace bench
