// Opening a large group: what a node or the desktop waits for after a crash
// before anything else. A version-2 group whose state has about 10^6 entries
// (500,000 members and their nonces) is written as a node writes it (the
// genesis, then one block that brings the group to its size, and the
// checkpoint of its tries a node saves when it stops), then opened the way a
// node opens it: Store::open and load_state, which reads every state row,
// rebuilds the state, checks its root against the last header's and the
// checkpoint against its block's. Target (issue 18): at most 1 s.

#include "common.h"

#include "rules/rules.h"
#include "state/state_tables.h"
#include "store/store.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>
#include <optional>

namespace bench {

using namespace chain;

namespace {

// Writes the group of `entry_goal` entries to `path`; false with a message
// on stderr when the store refuses it.
bool write_large_group(const std::string& path, std::size_t entry_goal, std::size_t* entries, std::size_t* members) {
    std::vector<PublicKey> keys;
    Genesis genesis;
    State state = group_of(entry_goal / 2, &keys, &genesis);
    for (const auto& [account, member] : state.members) state.nonces.emplace(account, std::uint64_t{1});
    *entries = 0;
    for (const auto& table : state::state_tables(state)) *entries += table.size();
    *members = state.members.size();

    std::string error;
    const State founded = genesis_state(genesis);
    state.height = 1;
    std::unique_ptr<Store> store = Store::open(path, &error);
    Block block;
    block.header.group_id = state.group_id;
    block.header.height = 1;
    block.header.previous_hash = state.group_id;
    block.header.time_s = state.time_s;
    block.header.state_root = state_root(state);
    if (!store || !store->write_genesis(genesis, founded, {}, &error) ||
        !store->commit_block(block, CommitCertificate{}, state, {}, &error, &founded) ||
        !store->save_checkpoint(state, &error)) {
        std::fprintf(stderr, "open: cannot write the large group: %s\n", error.c_str());
        return false;
    }
    return true;
}

// Opens `path` as a node does; the seconds it took, or nullopt with a
// message on stderr when it does not open to `members` members (0: any).
std::optional<double> time_open(const std::string& path, std::size_t members) {
    std::string error;
    const Stopwatch opening;
    std::unique_ptr<Store> store = Store::open(path, &error);
    const std::optional<State> loaded = store ? store->load_state(&error) : std::nullopt;
    const double open_s = opening.seconds();
    if (!loaded || (members != 0 && loaded->members.size() != members)) {
        std::fprintf(stderr, "open: the large group does not open: %s\n", error.c_str());
        return std::nullopt;
    }
    return open_s;
}

// The same in a fresh process (this program with --open-file), as a node or
// the desktop starts: its allocator has no memory yet, where this process's
// kept what writing the group freed.
std::optional<double> time_open_in_child(const std::string& path) {
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("open"), QStringLiteral("--open-file"), QString::fromStdString(path)});
    if (!child.waitForFinished(120'000) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) {
        std::fprintf(stderr, "open: the child that opens the group failed: %s\n",
                     child.readAllStandardError().constData());
        return std::nullopt;
    }
    bool parsed = false;
    const double open_s = QString::fromUtf8(child.readAllStandardOutput()).trimmed().toDouble(&parsed);
    if (!parsed) {
        std::fprintf(stderr, "open: the child that opens the group printed no figure\n");
        return std::nullopt;
    }
    return open_s;
}

} // namespace

int run_open(const Options& options) {
    if (!options.open_file.isEmpty()) {
        const std::optional<double> open_s = time_open(options.open_file.toStdString(), 0);
        if (!open_s) return 1;
        std::printf("%.6f\n", *open_s);
        return 0;
    }
    const std::size_t entry_goal = options.quick ? 10'000 : 1'000'000;
    QTemporaryDir dir;
    const std::string path = dir.filePath(QStringLiteral("chain.sqlite")).toStdString();
    std::size_t entries = 0;
    std::size_t members = 0;
    if (!write_large_group(path, entry_goal, &entries, &members)) return 1;
    std::printf("open: a version-2 group of %zu members, %zu state entries\n", members, entries);

    const std::optional<double> in_process_s = time_open(path, members);
    const std::optional<double> fresh_s = in_process_s ? time_open_in_child(path) : std::nullopt;
    if (!fresh_s) return 1;
    const std::string what = "open a group of " + std::to_string(entries) + " entries (Store::open, load_state)";
    print_figure(what + ", in the process that wrote it", *in_process_s * 1e3, "ms");
    print_figure(what + ", in a fresh process", *fresh_s * 1e3, "ms");
    print_ratio("open a group of " + std::to_string(entries) + " entries in a fresh process, seconds", *fresh_s, "<=",
                1.0);
    return 0;
}

} // namespace bench
