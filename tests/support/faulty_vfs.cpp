#include "faulty_vfs.h"

#include <cstring>
#include <stdexcept>

namespace testing_support {

namespace {

// Our file header, followed in the same allocation by the default VFS's own
// file object (szOsFile is the sum of both).
struct FaultyFile {
    sqlite3_file base;
    FaultyVfs* faults;
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

FaultyFile* file_of(sqlite3_file* file) { return reinterpret_cast<FaultyFile*>(file); }
const sqlite3_io_methods* real_methods(sqlite3_file* file) { return file_of(file)->real()->pMethods; }
sqlite3_vfs* default_vfs() { return sqlite3_vfs_find(nullptr); }
FaultyVfs* faults_of(sqlite3_vfs* vfs) { return static_cast<FaultyVfs*>(vfs->pAppData); }

int x_close(sqlite3_file* f) { return real_methods(f)->xClose(file_of(f)->real()); }
int x_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    if (const int rc = file_of(f)->faults->on_read(); rc != SQLITE_OK) return rc;
    return real_methods(f)->xRead(file_of(f)->real(), buffer, amount, offset);
}
int x_write(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
    if (const int rc = file_of(f)->faults->on_write(); rc != SQLITE_OK) return rc;
    return real_methods(f)->xWrite(file_of(f)->real(), buffer, amount, offset);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) { return real_methods(f)->xTruncate(file_of(f)->real(), size); }
int x_sync(sqlite3_file* f, int flags) {
    if (const int rc = file_of(f)->faults->on_sync(); rc != SQLITE_OK) return rc;
    return real_methods(f)->xSync(file_of(f)->real(), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return real_methods(f)->xFileSize(file_of(f)->real(), size); }
int x_lock(sqlite3_file* f, int level) { return real_methods(f)->xLock(file_of(f)->real(), level); }
int x_unlock(sqlite3_file* f, int level) { return real_methods(f)->xUnlock(file_of(f)->real(), level); }
int x_check_reserved_lock(sqlite3_file* f, int* out) {
    return real_methods(f)->xCheckReservedLock(file_of(f)->real(), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
    return real_methods(f)->xFileControl(file_of(f)->real(), op, arg);
}
int x_sector_size(sqlite3_file* f) { return real_methods(f)->xSectorSize(file_of(f)->real()); }
int x_device_characteristics(sqlite3_file* f) {
    return real_methods(f)->xDeviceCharacteristics(file_of(f)->real());
}
int x_shm_map(sqlite3_file* f, int page, int page_bytes, int extend, void volatile** out) {
    return real_methods(f)->xShmMap(file_of(f)->real(), page, page_bytes, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return real_methods(f)->xShmLock(file_of(f)->real(), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { real_methods(f)->xShmBarrier(file_of(f)->real()); }
int x_shm_unmap(sqlite3_file* f, int delete_flag) { return real_methods(f)->xShmUnmap(file_of(f)->real(), delete_flag); }
// Memory-mapped reads would bypass x_read: refused, so SQLite reads through it.
int x_fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
    *out = nullptr;
    return SQLITE_OK;
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return real_methods(f)->xUnfetch(file_of(f)->real(), offset, page);
}

const sqlite3_io_methods kMethods = {
    3,           x_close,       x_read,         x_write,       x_truncate,    x_sync,
    x_file_size, x_lock,        x_unlock,       x_check_reserved_lock, x_file_control,
    x_sector_size, x_device_characteristics, x_shm_map, x_shm_lock, x_shm_barrier, x_shm_unmap,
    x_fetch,     x_unfetch,
};

int x_open(sqlite3_vfs* vfs, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
    FaultyFile* ours = file_of(file);
    ours->base.pMethods = nullptr;
    ours->faults = faults_of(vfs);
    const int rc = default_vfs()->xOpen(default_vfs(), name, ours->real(), flags, out_flags);
    // SQLite closes a file only when pMethods is set; the real file's
    // methods must be version 3 for every forward above to exist.
    if (rc == SQLITE_OK && ours->real()->pMethods) {
        if (ours->real()->pMethods->iVersion < 3) {
            ours->real()->pMethods->xClose(ours->real());
            return SQLITE_CANTOPEN;
        }
        ours->base.pMethods = &kMethods;
    }
    return rc;
}
int x_delete(sqlite3_vfs*, const char* name, int sync_dir) { return default_vfs()->xDelete(default_vfs(), name, sync_dir); }
int x_access(sqlite3_vfs*, const char* name, int flags, int* out) {
    return default_vfs()->xAccess(default_vfs(), name, flags, out);
}
int x_full_pathname(sqlite3_vfs*, const char* name, int size, char* out) {
    return default_vfs()->xFullPathname(default_vfs(), name, size, out);
}
void* x_dl_open(sqlite3_vfs*, const char* name) { return default_vfs()->xDlOpen(default_vfs(), name); }
void x_dl_error(sqlite3_vfs*, int size, char* out) { default_vfs()->xDlError(default_vfs(), size, out); }
void (*x_dl_sym(sqlite3_vfs*, void* handle, const char* symbol))(void) {
    return default_vfs()->xDlSym(default_vfs(), handle, symbol);
}
void x_dl_close(sqlite3_vfs*, void* handle) { default_vfs()->xDlClose(default_vfs(), handle); }
int x_randomness(sqlite3_vfs*, int size, char* out) { return default_vfs()->xRandomness(default_vfs(), size, out); }
int x_sleep(sqlite3_vfs*, int microseconds) { return default_vfs()->xSleep(default_vfs(), microseconds); }
int x_current_time(sqlite3_vfs*, double* out) { return default_vfs()->xCurrentTime(default_vfs(), out); }
int x_get_last_error(sqlite3_vfs*, int size, char* out) {
    return default_vfs()->xGetLastError(default_vfs(), size, out);
}
int x_current_time_int64(sqlite3_vfs*, sqlite3_int64* out) {
    return default_vfs()->xCurrentTimeInt64(default_vfs(), out);
}

// One call of a kind: passes while `left` lasts, then fails (counted).
int take(std::atomic<std::int64_t>& left, std::atomic<std::uint64_t>& failed, int error_code) {
    std::int64_t now = left.load();
    while (now > 0 && !left.compare_exchange_weak(now, now - 1)) {
    }
    if (now != 0) return SQLITE_OK; // kNever (-1) or a call still allowed
    failed.fetch_add(1);
    return error_code;
}

} // namespace

FaultyVfs::FaultyVfs(std::string name) : name_(std::move(name)) {
    sqlite3_vfs* real = default_vfs();
    if (!real || real->iVersion < 2) throw std::runtime_error("the default SQLite VFS is too old to wrap");
    vfs_.iVersion = 2;
    vfs_.szOsFile = static_cast<int>(sizeof(FaultyFile)) + real->szOsFile;
    vfs_.mxPathname = real->mxPathname;
    vfs_.zName = name_.c_str();
    vfs_.pAppData = this;
    vfs_.xOpen = x_open;
    vfs_.xDelete = x_delete;
    vfs_.xAccess = x_access;
    vfs_.xFullPathname = x_full_pathname;
    vfs_.xDlOpen = x_dl_open;
    vfs_.xDlError = x_dl_error;
    vfs_.xDlSym = x_dl_sym;
    vfs_.xDlClose = x_dl_close;
    vfs_.xRandomness = x_randomness;
    vfs_.xSleep = x_sleep;
    vfs_.xCurrentTime = x_current_time;
    vfs_.xGetLastError = x_get_last_error;
    vfs_.xCurrentTimeInt64 = x_current_time_int64;
    if (sqlite3_vfs_register(&vfs_, 0) != SQLITE_OK) throw std::runtime_error("cannot register the VFS " + name_);
}

FaultyVfs::~FaultyVfs() { sqlite3_vfs_unregister(&vfs_); }

void FaultyVfs::fail_writes_after(std::uint64_t ok_writes, int error_code) {
    write_error_.store(error_code);
    writes_left_.store(static_cast<std::int64_t>(ok_writes));
}
void FaultyVfs::fail_syncs_after(std::uint64_t ok_syncs) { syncs_left_.store(static_cast<std::int64_t>(ok_syncs)); }
void FaultyVfs::fail_reads_after(std::uint64_t ok_reads) { reads_left_.store(static_cast<std::int64_t>(ok_reads)); }
void FaultyVfs::heal() {
    writes_left_.store(kNever);
    syncs_left_.store(kNever);
    reads_left_.store(kNever);
}

int FaultyVfs::on_write() { return take(writes_left_, writes_failed_, write_error_.load()); }
int FaultyVfs::on_sync() { return take(syncs_left_, syncs_failed_, SQLITE_IOERR_FSYNC); }
int FaultyVfs::on_read() { return take(reads_left_, reads_failed_, SQLITE_IOERR_READ); }

} // namespace testing_support
