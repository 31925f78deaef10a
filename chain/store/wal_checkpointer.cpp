#include "store/wal_checkpointer.h"

#include <sqlite3.h>

namespace chain {

std::unique_ptr<WalCheckpointer> WalCheckpointer::start(const std::string& path, const std::string& vfs_name,
                                                        std::string* error, WalCheckpointLimits limits) {
    sqlite3* db = nullptr;
    // NOMUTEX: only this object's thread uses the connection.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, vfs_name.empty() ? nullptr : vfs_name.c_str()) != SQLITE_OK) {
        if (error) *error = "cannot open the database " + path + " for checkpoints: " + sqlite3_errmsg(db);
        sqlite3_close(db); // sqlite3_open_v2 may hand out a handle even on failure
        return nullptr;
    }
    // A checkpoint syncs the WAL before it copies and the database file
    // after; FULL is the store's own setting.
    if (sqlite3_exec(db, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr) != SQLITE_OK) {
        if (error) *error = std::string("cannot set synchronous=FULL for checkpoints: ") + sqlite3_errmsg(db);
        sqlite3_close(db);
        return nullptr;
    }
    return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(db, limits));
}

WalCheckpointer::WalCheckpointer(sqlite3* db, WalCheckpointLimits limits) : db_(db), limits_(limits), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    sqlite3_close_v2(db_);
}

void WalCheckpointer::install(sqlite3* db) { sqlite3_wal_hook(db, &WalCheckpointer::on_wal_commit, this); }

void WalCheckpointer::uninstall(sqlite3* db) { sqlite3_wal_hook(db, nullptr, nullptr); }

std::uint64_t WalCheckpointer::requests() const { return requests_.load(); }

std::uint64_t WalCheckpointer::checkpoints_done() const { return checkpoints_done_.load(); }

std::uint64_t WalCheckpointer::inline_checkpoints() const { return inline_checkpoints_.load(); }

std::uint64_t WalCheckpointer::wal_restarts() const { return wal_restarts_.load(); }

// Called by SQLite on the committing thread, after each commit, with the
// pages now in the WAL. The commit has already succeeded: what this returns
// is only reported, never undone.
int WalCheckpointer::on_wal_commit(void* self, sqlite3* db, const char* schema, int wal_pages) {
    auto* checkpointer = static_cast<WalCheckpointer*>(self);
    if (wal_pages < checkpointer->last_wal_pages_) checkpointer->wal_restarts_.fetch_add(1);
    checkpointer->last_wal_pages_ = wal_pages;
    if (wal_pages >= checkpointer->limits_.inline_checkpoint_pages) {
        // As SQLite's own automatic checkpoint does; a failure leaves the
        // frames in the WAL.
        sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
        checkpointer->inline_checkpoints_.fetch_add(1);
    } else if (wal_pages >= checkpointer->limits_.checkpoint_pages) {
        checkpointer->request();
    }
    return SQLITE_OK;
}

void WalCheckpointer::request() {
    requests_.fetch_add(1);
    {
        std::lock_guard lock(mutex_);
        requested_ = true;
    }
    wake_.notify_one();
}

// PASSIVE copies what no reader still needs and waits for nobody; the node
// commits meanwhile, so the pass after copies the frames of those commits (a
// few blocks' pages: quick), until nothing is left or kCatchUpPassesMax.
// SQLITE_BUSY (the commit is checkpointing itself) and I/O errors leave the
// frames for the next request.
void WalCheckpointer::catch_up() {
    constexpr int kCatchUpPassesMax = 4;
    for (int pass = 0; pass < kCatchUpPassesMax; ++pass) {
        int wal_frames = 0;
        int copied_frames = 0;
        if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, &copied_frames) !=
                SQLITE_OK ||
            copied_frames >= wal_frames)
            return;
    }
}

void WalCheckpointer::run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return requested_ || stopping_; });
        if (stopping_) return;
        requested_ = false;
        lock.unlock();
        catch_up();
        checkpoints_done_.fetch_add(1);
        lock.lock();
    }
}

} // namespace chain
