#pragma once
// Copies the WAL back into the database file on a thread of its own, so that
// no commit waits for it.
//
// SQLite's automatic checkpoint runs inside the commit that fills the WAL: a
// whole 64 MiB of pages copied and the database file fsynced before that
// commit returns, 50 ms at first and 140 ms once the file held 50 MB in the
// consensus benchmark (docs/PERFORMANCE.md). Here the store's connection only
// asks: its WAL hook wakes this thread, which checkpoints PASSIVE on its own
// connection (no waiting for readers or the writer; whatever frames it cannot
// copy yet stay for the next time), while the node goes on committing; it
// goes over the frames committed meanwhile until it has caught up, so that
// the next commit starts the WAL over from its beginning. When
// the WAL reaches WalCheckpointLimits::inline_checkpoint_pages all the same (this thread fell
// behind, or a reader holds the WAL) the commit checkpoints itself, as SQLite
// would have, so the WAL never grows without bound.
//
// A checkpoint that fails (a full or failing disk) loses nothing: the frames
// stay in the WAL, which SQLite reads first, and the next one tries again.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace chain {

struct WalCheckpointLimits {
    // WAL pages at which a commit wakes the thread (SQLite's default
    // interval is 1,000). A block of 1,000 transactions dirties about as
    // many pages of the index of transaction ids, whose keys are hashes;
    // at this interval a page changed by several blocks is copied back
    // once. The WAL file grows to about this many 4 KiB pages (64 MiB)
    // before it is reused.
    int checkpoint_pages = 16 * 1024;
    // WAL pages at which the commit checkpoints itself: 4 intervals the
    // thread did not keep up with (256 MiB).
    int inline_checkpoint_pages = 4 * 16 * 1024;
};


class WalCheckpointer {
public:
    // Opens a second connection to `path` (same VFS) and starts the thread;
    // nullptr with *error set when the connection cannot be opened. Tests
    // pass smaller limits.
    static std::unique_ptr<WalCheckpointer> start(const std::string& path, const std::string& vfs_name,
                                                  std::string* error, WalCheckpointLimits limits = {});
    // Stops the thread (after the checkpoint in progress, if any) and closes
    // its connection.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // Installs the WAL hook on the store's connection `db`, replacing
    // SQLite's automatic checkpoint. The hook calls this object: it must
    // outlive `db`'s commits (uninstall before destroying it).
    void install(sqlite3* db);
    static void uninstall(sqlite3* db);

    // For tests and benchmarks: the commits that woke the thread, the times
    // it caught up with them (several requests in a row are answered once),
    // the commits that checkpointed themselves, and the times the WAL started
    // over from its beginning (seen by the commit after).
    std::uint64_t requests() const;
    std::uint64_t checkpoints_done() const;
    std::uint64_t inline_checkpoints() const;
    std::uint64_t wal_restarts() const;

private:
    WalCheckpointer(sqlite3* db, WalCheckpointLimits limits);
    static int on_wal_commit(void* self, sqlite3* db, const char* schema, int wal_pages);
    void request();
    void run();
    void catch_up();

    sqlite3* db_; // this thread's own connection
    const WalCheckpointLimits limits_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = false;
    bool stopping_ = false;
    std::atomic<std::uint64_t> requests_{0};
    std::atomic<std::uint64_t> checkpoints_done_{0};
    std::atomic<std::uint64_t> inline_checkpoints_{0};
    std::atomic<std::uint64_t> wal_restarts_{0};
    int last_wal_pages_ = 0; // only the committing thread's hook uses it
    std::thread thread_;
};

} // namespace chain
