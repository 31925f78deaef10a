#pragma once
// An SQLite VFS shim for tests: it forwards every call to SQLite's default
// VFS (real files, real fsync) and fails writes, syncs or reads on demand,
// the way a full or failing disk does. A Store opened with its name
// (Store::open's vfs_name, NetworkNodeConfig::store_vfs) then meets real
// SQLite errors (SQLITE_FULL, SQLITE_IOERR_FSYNC, ...) on its real code paths.
//
// Counting starts when a fault is armed: fail_writes_after(2) lets two more
// writes through and fails every one after them, until heal(). Writes, syncs
// and reads are counted over every file of the VFS (database, WAL, journal).

#include <sqlite3.h>

#include <atomic>
#include <cstdint>
#include <string>

namespace testing_support {

class FaultyVfs {
public:
    // Registers the VFS under `name` (not as the default VFS).
    explicit FaultyVfs(std::string name);
    ~FaultyVfs();
    FaultyVfs(const FaultyVfs&) = delete;
    FaultyVfs& operator=(const FaultyVfs&) = delete;

    const std::string& name() const { return name_; }

    // `error_code` is what the failing call returns: SQLITE_FULL is a full
    // disk, SQLITE_IOERR_WRITE a failing one.
    void fail_writes_after(std::uint64_t ok_writes, int error_code = SQLITE_FULL);
    void fail_syncs_after(std::uint64_t ok_syncs);
    void fail_reads_after(std::uint64_t ok_reads);
    // Every call succeeds again (space was freed, the disk was replaced).
    void heal();

    std::uint64_t writes_failed() const { return writes_failed_.load(); }
    std::uint64_t syncs_failed() const { return syncs_failed_.load(); }
    std::uint64_t reads_failed() const { return reads_failed_.load(); }

    // For the file methods: whether this call fails, and with what.
    int on_write();
    int on_sync();
    int on_read();

private:
    static constexpr std::int64_t kNever = -1;
    // Remaining calls that succeed; kNever = no fault armed.
    std::atomic<std::int64_t> writes_left_{kNever};
    std::atomic<std::int64_t> syncs_left_{kNever};
    std::atomic<std::int64_t> reads_left_{kNever};
    std::atomic<int> write_error_{SQLITE_FULL};
    std::atomic<std::uint64_t> writes_failed_{0};
    std::atomic<std::uint64_t> syncs_failed_{0};
    std::atomic<std::uint64_t> reads_failed_{0};
    std::string name_;
    sqlite3_vfs vfs_{};
};

} // namespace testing_support
