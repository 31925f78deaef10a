// The store's checkpoint thread (chain/store/wal_checkpointer.h): the WAL is
// copied back by the thread, not by the commit that fills it; the commit
// steps in only when the thread cannot keep up; nothing is lost either way;
// and a store that closes leaves no WAL behind.

#include "store/store.h"
#include "store/wal_checkpointer.h"

#include <sqlite3.h>

#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <memory>
#include <string>

using chain::Store;
using chain::WalCheckpointer;

namespace {

// Small limits, so that a test fills them in a few dozen commits: the thread
// wakes at 64 WAL pages, the commit steps in at 256.
constexpr chain::WalCheckpointLimits kTestLimits{64, 256};
constexpr int kPageBytes = 4096;
// Each commit adds about this many pages to the WAL.
constexpr int kRowBytes = 6 * kPageBytes;

struct Connection {
    sqlite3* db = nullptr;
    explicit Connection(const std::string& file) { sqlite3_open(file.c_str(), &db); }
    ~Connection() { sqlite3_close_v2(db); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    bool exec(const std::string& sql) { return sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK; }
    std::int64_t count(const std::string& sql) {
        sqlite3_stmt* statement = nullptr;
        sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
        const std::int64_t value = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
        sqlite3_finalize(statement);
        return value;
    }
    // One commit of one row of kRowBytes.
    bool insert_row() { return exec("INSERT INTO rows (body) VALUES (randomblob(" + std::to_string(kRowBytes) + "))"); }
};

std::uintmax_t size_or_zero(const std::string& file) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(file, error);
    return error ? 0 : size;
}

} // namespace

class TestWalCheckpointer : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const char* name) const { return dir_.filePath(name).toStdString(); }

    // A database in WAL mode with the table the tests write, and a
    // checkpointer installed on the writing connection in place of SQLite's
    // own checkpoint, as Store leaves its connection.
    struct Watched {
        std::unique_ptr<Connection> writer;
        std::unique_ptr<WalCheckpointer> checkpointer;
        // The hook goes before the checkpointer it calls, and the
        // checkpointer's connection before the writer's.
        void close() {
            if (writer && checkpointer) WalCheckpointer::uninstall(writer->db);
            checkpointer.reset();
            writer.reset();
        }
        ~Watched() { close(); }
    };
    bool watched_database(const std::string& file, Watched* watched, std::string* error) {
        watched->writer = std::make_unique<Connection>(file);
        Connection& writer = *watched->writer;
        if (!writer.exec("PRAGMA journal_mode=WAL") || !writer.exec("PRAGMA synchronous=FULL") ||
            !writer.exec("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")) {
            *error = "cannot create " + file;
            return false;
        }
        watched->checkpointer = WalCheckpointer::start(file, {}, error, kTestLimits);
        if (!watched->checkpointer) return false;
        watched->checkpointer->install(writer.db);
        return true;
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void theThreadCheckpointsAndTheWalIsReused() {
        const std::string file = path("thread.db");
        Watched watched;
        std::string error;
        QVERIFY2(watched_database(file, &watched, &error), error.c_str());
        Connection* writer = watched.writer.get();
        WalCheckpointer* checkpointer = watched.checkpointer.get();

        // A node commits a block every few tens of milliseconds; here each
        // commit waits for the thread to answer it, if it asked, so that no
        // commit races the thread and each outcome is certain.
        constexpr int kCommits = 200; // about 1,400 pages: 20 intervals
        for (int i = 0; i < kCommits; ++i) {
            QVERIFY(writer->insert_row());
            QTRY_COMPARE(checkpointer->checkpoints_done(), checkpointer->requests());
        }
        QVERIFY(checkpointer->requests() >= 15);
        QCOMPARE(checkpointer->inline_checkpoints(), std::uint64_t{0});
        // Caught up after each request, the WAL starts over at the next
        // commit: it never holds much more than one interval, where without
        // checkpoints it would hold all 1,400 pages. (One more commit: the
        // restart after the last request shows at the commit after it.)
        QVERIFY(writer->insert_row());
        QCOMPARE(checkpointer->wal_restarts(), checkpointer->requests());
        const std::uintmax_t wal_bytes = size_or_zero(file + "-wal");
        QVERIFY2(wal_bytes < std::uintmax_t{2} * 64 * (kPageBytes + 24) + 32,
                 ("the WAL grew to " + std::to_string(wal_bytes) + " bytes").c_str());
        // What was copied back is in the database file itself: a connection
        // opened after the WAL is gone reads every row.
        watched.close(); // the writer is the last connection: the rest of the WAL is copied back and removed
        QVERIFY(!std::filesystem::exists(file + "-wal"));
        Connection reader(file);
        QCOMPARE(reader.count("SELECT COUNT(*) FROM rows"), std::int64_t{kCommits + 1});
        QCOMPARE(reader.count("SELECT COUNT(*) FROM rows WHERE length(body) = " + std::to_string(kRowBytes)),
                 std::int64_t{kCommits + 1});
    }

    // A reader that keeps a read transaction open pins the WAL: the thread
    // copies what it can, the WAL cannot start over, and once it reaches the
    // higher limit the committing connection checkpoints itself, as SQLite's
    // own automatic checkpoint would.
    void theCommitStepsInWhenTheThreadCannotKeepUp() {
        const std::string file = path("pinned.db");
        Watched watched;
        std::string error;
        QVERIFY2(watched_database(file, &watched, &error), error.c_str());
        Connection* writer = watched.writer.get();
        WalCheckpointer* checkpointer = watched.checkpointer.get();

        Connection reader(file);
        QVERIFY(reader.exec("BEGIN"));
        QCOMPARE(reader.count("SELECT COUNT(*) FROM rows"), std::int64_t{0}); // the read transaction starts here
        for (int i = 0; i < 60; ++i) QVERIFY(writer->insert_row()); // about 400 pages
        QVERIFY(checkpointer->inline_checkpoints() >= 1);
        QCOMPARE(checkpointer->wal_restarts(), std::uint64_t{0}); // pinned by the reader
        QVERIFY(reader.exec("COMMIT"));
        // The reader is gone: the commits go on back to back, racing the
        // thread; whichever copies the frames, the WAL starts over and every
        // row is there.
        const std::uint64_t restarts_before = checkpointer->wal_restarts();
        for (int i = 0; i < 120; ++i) QVERIFY(writer->insert_row());
        QVERIFY(checkpointer->wal_restarts() > restarts_before);
        QCOMPARE(writer->count("SELECT COUNT(*) FROM rows"), std::int64_t{180});
    }

    // Store runs its own thread; when it closes, its connection is the last,
    // so the WAL is copied back and removed.
    void aClosedStoreLeavesNoWal() {
        const std::string file = path("store.db");
        {
            std::string error;
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            QVERIFY(std::filesystem::exists(file + "-wal"));
            QCOMPARE(store->background_checkpoints(), std::uint64_t{0}); // nothing to copy back yet
        }
        QVERIFY(!std::filesystem::exists(file + "-wal"));
        std::string error;
        QVERIFY2(Store::open(file, &error), error.c_str()); // and opens again
    }

    void aStoreInMemoryHasNoThread() {
        std::string error;
        auto store = Store::open(":memory:", &error);
        QVERIFY2(store, error.c_str());
        QCOMPARE(store->background_checkpoints(), std::uint64_t{0});
    }

    void aMissingFileStartsNoThread() {
        std::string error;
        QVERIFY(!WalCheckpointer::start(path("no/such/dir/x.db"), {}, &error));
        QVERIFY2(error.find("cannot open the database") != std::string::npos, error.c_str());
    }
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "test_wal_checkpointer.moc"
