#include "store/store.h"
#include "store/wal_checkpointer.h"

#include "rules/rules.h"
#include "state/state_diff.h"
#include "state/state_tables.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <iterator>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <string_view>
#include <utility>
#include <vector>

namespace chain {

namespace {

// --- Limits and constants ----------------------------------------------------

// How long a writer waits for another connection (the CLI reading while the
// node commits) before giving up with SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 5000;

// SQLite's page cache, per connection, in KiB (SQLite's default is 2 MiB).
// The index of transaction ids is keyed by a hash, so each block's inserts
// land on pages all over it: at a million transactions it spans about 40 MiB,
// and with the default cache nearly every insert read its page back from the
// file. The cache only grows as pages are used.
constexpr int kPageCacheKiB = 32 * 1024;

// WAL pages between checkpoints: WalCheckpointer's interval. SQLite's own
// automatic checkpoint keeps it only when the checkpoint thread cannot start.
constexpr int kWalAutoCheckpointPages = WalCheckpointLimits{}.checkpoint_pages;

// The on-disk layout this code reads and writes (Store::kFormatVersion) is
// recorded twice: in meta.format_version and, from format 2 on, in the SQLite
// header (PRAGMA user_version), which is read before anything else.
constexpr const char* kFormatVersionKey = "format_version";
// The lowest height whose block this store holds in full (format 7); absent:
// 1, every block since the genesis.
constexpr const char* kHistoryFromKey = "history_from_height";
constexpr const char* kTrustCheckpointHeightKey = "trust_checkpoint_height";
constexpr const char* kTrustCheckpointHashKey = "trust_checkpoint_hash";

// --- The state as rows ----------------------------------------------------------
//
// A group at protocol version 2 keeps its state as the entries of its tables
// (docs/STATE.md), one row each, so that a commit writes the entries the block
// changed and nothing in proportion to the state. A group at version 1 keeps
// the whole encoding in state_snapshot, as before, because its root is the
// hash of that encoding.
constexpr const char* kStateEntriesTable = R"sql(
CREATE TABLE IF NOT EXISTS state_entries (
  table_id INTEGER NOT NULL,
  key      BLOB NOT NULL,
  value    BLOB NOT NULL,
  PRIMARY KEY (table_id, key)
) WITHOUT ROWID;
)sql";

bool uses_state_rows(const State& state) { return state.protocol_version >= kProtocolVersionStateTables; }

// What data format 6 adds.
// state_checkpoint: the checkpoint of the state's tries (docs/STATE.md,
// "Checkpoints"): each table's first-byte nodes, at most 256 a table, as of
// the block in meta's kCheckpointHeightKey. Saved every few blocks in that
// block's commit, and when the node stops; checked on every open.
// validator_changes: the blocks after which the validator set changed, each
// with the proof of the validators table at that block's state root (a
// state::TableProof): what a client needs to follow the validators from a
// header it trusts to a later one (docs/STATE.md, "Verified headers"),
// written in the commit of that block.
constexpr const char* kFormatSixTables = R"sql(
CREATE TABLE IF NOT EXISTS state_checkpoint (
  table_id   INTEGER NOT NULL,
  first_byte INTEGER NOT NULL,
  hash       BLOB NOT NULL,
  PRIMARY KEY (table_id, first_byte)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS validator_changes (
  height INTEGER PRIMARY KEY,
  proof  BLOB NOT NULL
);
)sql";
constexpr const char* kCheckpointHeightKey = "state_checkpoint_height";

// Step 4 of the migrations (below): the state of a version-2 group, from its blob to rows.
bool move_state_blob_to_rows(sqlite3* db, std::string* error);
// Step 5: each referendum's electorate stored once per distinct list.
bool store_each_electorate_once(sqlite3* db, std::string* error);

// --- Migrations ---------------------------------------------------------------
//
// Each step takes a file from format `from_version` to `from_version + 1` in
// one SQLite transaction, together with both format markers, so a crash or a
// failure leaves the file in the old format or the new one, never between.
// A step is SQL, plus at most a conversion of stored data that needs only the
// codec and the state tables (pure functions of the bytes), never the rules
// or anything the node sets up: it runs before the node reads anything. When
// the format changes, bump Store::kFormatVersion, append a step here, and
// check a data dir of the old format into tests/data/ (docs/PACKAGING.md,
// "Formats").
struct Migration {
    int from_version;
    const char* what; // for the error message if it fails
    const char* sql;  // may be empty when the markers are the whole change
    bool (*convert)(sqlite3* db, std::string* error); // after the SQL; null when there is nothing to convert
};

constexpr Migration kMigrations[] = {
    // Format 1 kept its version only in the meta table. Format 2 adds the
    // header marker, so that a newer file is refused before the connection
    // switches journal modes or creates a table (both write to the file).
    {1, "record the format version in the database header", "", nullptr},
    // Format 3 drops the secondary indexes of the two tables that grow by a
    // row per transaction. No query ever used them, and each cost a B-tree
    // insert per transaction in every commit. An index comes back with the
    // query that needs it.
    {2, "drop the unused indexes of the transaction and event tables",
     "DROP INDEX IF EXISTS transactions_author;"
     "DROP INDEX IF EXISTS transactions_kind;"
     "DROP INDEX IF EXISTS events_kind;"
     "DROP INDEX IF EXISTS events_actor;"
     "DROP INDEX IF EXISTS events_subject;"
     "DROP INDEX IF EXISTS events_time;",
     nullptr},
    // Format 4 keeps the state of a group at protocol version 2 as rows of
    // state_entries instead of one blob (see "The state as rows"). A group
    // still at version 1 keeps its blob; it moves to rows in the commit of the
    // block that takes it to version 2.
    {3, "keep the state of a protocol-version-2 group as rows", kStateEntriesTable, move_state_blob_to_rows},
    // Format 5 stores each distinct electorate once (electorates and
    // electorate_members, with the number of referendums naming it) instead
    // of one row per voter per referendum, and a referendum's row no longer
    // holds its electorate or its ballots, so that a commit writes in
    // proportion to what it changed ("Referendums, their ballots and their
    // electorates"). No index on ballots by account: no query used it.
    {4, "store each electorate once", "", store_each_electorate_once},
    // Format 6 adds the checkpoint of the state's tries and the record of
    // validator changes, both empty until written (see kFormatSixTables).
    {5, "add the checkpoint of the state's tries and the validator changes", kFormatSixTables, nullptr},
    // Format 7 lets a data dir start at a state synced from other nodes
    // (Store::write_synced_state): its blocks before meta.history_from_height
    // are headers and certificates only. Only the markers change; a Rateio
    // that reads format 6 at most must not open such a file and serve those
    // headers as empty blocks.
    {6, "allow a data dir to start at a state synced from other nodes", "", nullptr},
};
static_assert(std::size(kMigrations) == Store::kFormatVersion - 1, "one migration step per format change");

// --- Schema -----------------------------------------------------------------
//
// Blobs hold the canonical encodings (codec) so that what is read back is
// exactly what was written; typed columns next to them exist so that the
// screens can filter and sort in SQL. Integers that are u64 in C++ are stored
// as the same 64 bits in SQLite's signed INTEGER, which round-trips exactly.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS genesis (
  slot     INTEGER PRIMARY KEY CHECK (slot = 1),
  group_id BLOB NOT NULL,
  body     BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS blocks (
  height      INTEGER PRIMARY KEY CHECK (height >= 1),
  hash        BLOB NOT NULL UNIQUE,
  time_s      INTEGER NOT NULL,
  proposer    BLOB NOT NULL,
  header      BLOB NOT NULL,
  certificate BLOB NOT NULL,
  tx_count    INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS blocks_time ON blocks (time_s);

-- author is the signer's account id (what the screens know people by).
CREATE TABLE IF NOT EXISTS transactions (
  id     BLOB PRIMARY KEY NOT NULL,
  height INTEGER NOT NULL REFERENCES blocks (height),
  idx    INTEGER NOT NULL,
  author BLOB NOT NULL,
  nonce  INTEGER NOT NULL,
  kind   TEXT NOT NULL,
  body   BLOB NOT NULL,
  UNIQUE (height, idx)
);

CREATE TABLE IF NOT EXISTS state_snapshot (
  slot   INTEGER PRIMARY KEY CHECK (slot = 1),
  height INTEGER NOT NULL,
  root   BLOB NOT NULL,
  state  BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS members (
  account       BLOB PRIMARY KEY NOT NULL,
  public_key    BLOB NOT NULL,
  utility       TEXT NOT NULL,
  quota_w       INTEGER NOT NULL,
  tokens_msb    INTEGER NOT NULL,
  admitted_at_s INTEGER NOT NULL,
  key_epoch     INTEGER NOT NULL,
  row           BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS members_utility ON members (utility);

CREATE TABLE IF NOT EXISTS applicants (
  account        BLOB PRIMARY KEY NOT NULL,
  public_key     BLOB NOT NULL,
  utility        TEXT NOT NULL,
  referendum_id  INTEGER NOT NULL,
  requested_at_s INTEGER NOT NULL,
  row            BLOB NOT NULL
);

CREATE TABLE IF NOT EXISTS plants (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL,
  source              INTEGER NOT NULL,
  status              INTEGER NOT NULL,
  utility             TEXT NOT NULL,
  location            TEXT NOT NULL,
  capacity_w          INTEGER NOT NULL,
  cost_cents          INTEGER NOT NULL,
  pledged_cents       INTEGER NOT NULL,
  proposer            BLOB NOT NULL,
  referendum_id       INTEGER NOT NULL,
  proposed_at_s       INTEGER NOT NULL,
  campaign_deadline_s INTEGER NOT NULL,
  operating_at_s      INTEGER NOT NULL,
  closed_at_s         INTEGER NOT NULL,
  row                 BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS plants_status ON plants (status, id);
CREATE INDEX IF NOT EXISTS plants_utility ON plants (utility, id);

CREATE TABLE IF NOT EXISTS pledges (
  plant_id     INTEGER NOT NULL REFERENCES plants (id) ON DELETE CASCADE,
  account      BLOB NOT NULL,
  amount_cents INTEGER NOT NULL,
  PRIMARY KEY (plant_id, account)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pledges_account ON pledges (account);

-- What each funder received when a plant started (0 where a map lacks the key).
CREATE TABLE IF NOT EXISTS allocations (
  plant_id   INTEGER NOT NULL REFERENCES plants (id) ON DELETE CASCADE,
  account    BLOB NOT NULL,
  quota_w    INTEGER NOT NULL,
  tokens_msb INTEGER NOT NULL,
  PRIMARY KEY (plant_id, account)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS allocations_account ON allocations (account);

CREATE TABLE IF NOT EXISTS offers (
  id           INTEGER PRIMARY KEY,
  maker        BLOB NOT NULL,
  counterparty BLOB NOT NULL,
  side         INTEGER NOT NULL,
  quota_w      INTEGER NOT NULL,
  price_msb    INTEGER NOT NULL,
  status       INTEGER NOT NULL,
  created_at_s INTEGER NOT NULL,
  expires_at_s INTEGER NOT NULL,
  closed_at_s  INTEGER NOT NULL,
  row          BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS offers_maker ON offers (maker, id);
CREATE INDEX IF NOT EXISTS offers_counterparty ON offers (counterparty, id);
CREATE INDEX IF NOT EXISTS offers_open ON offers (status, expires_at_s);

-- position keeps State::validators' (sorted) order.
CREATE TABLE IF NOT EXISTS validators (
  position   INTEGER PRIMARY KEY,
  public_key BLOB NOT NULL
);

-- WITHOUT ROWID: the rows are kept in (height, seq) order, the order every
-- feed query reads them in. No secondary index (format 3): each would cost a
-- B-tree insert per event in every commit.
CREATE TABLE IF NOT EXISTS events (
  height    INTEGER NOT NULL,
  seq       INTEGER NOT NULL,
  time_s    INTEGER NOT NULL,
  kind      INTEGER NOT NULL,
  actor     BLOB NOT NULL,
  subject   BLOB NOT NULL,
  object_id INTEGER NOT NULL,
  amount    INTEGER NOT NULL,
  amount2   INTEGER NOT NULL,
  text      TEXT NOT NULL,
  PRIMARY KEY (height, seq)
) WITHOUT ROWID;

-- What this validator signed for heights not yet committed (consensus
-- records, in the consensus module's encoding), in the order they were made.
-- Written before any of it is sent; pruned once a height is committed.
CREATE TABLE IF NOT EXISTS consensus_records (
  height INTEGER NOT NULL,
  seq    INTEGER NOT NULL,
  body   BLOB NOT NULL,
  PRIMARY KEY (height, seq)
) WITHOUT ROWID;
)sql";

// The referendums (format 5, "Referendums, their ballots and their
// electorates" below): apart from kSchema because the step to format 5
// creates them again.
constexpr const char* kReferendumTables = R"sql(
-- applicant is NULL unless kind = Admission, plant_id NULL unless kind = Plant,
-- change NULL unless kind = Change (then change_name()). electorate_id names a
-- row of electorates; it is no foreign key, because the check on deleting an
-- electorate would scan this table (no query needs an index on the column).
CREATE TABLE IF NOT EXISTS referendums (
  id              INTEGER PRIMARY KEY,
  kind            INTEGER NOT NULL,
  outcome         INTEGER NOT NULL,
  proposer        BLOB NOT NULL,
  opened_at_s     INTEGER NOT NULL,
  deadline_s      INTEGER NOT NULL,
  closed_at_s     INTEGER NOT NULL,
  applicant       BLOB,
  plant_id        INTEGER,
  change          TEXT,
  electorate_id   BLOB NOT NULL,
  electorate_size INTEGER NOT NULL,
  yes_count       INTEGER NOT NULL,
  no_count        INTEGER NOT NULL,
  row             BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS referendums_open ON referendums (outcome, deadline_s);
CREATE INDEX IF NOT EXISTS referendums_kind ON referendums (kind, id);

-- Each distinct electorate once (its id is Electorate::id()), while
-- referendum_count referendums name it.
CREATE TABLE IF NOT EXISTS electorates (
  id               BLOB PRIMARY KEY NOT NULL,
  size             INTEGER NOT NULL,
  referendum_count INTEGER NOT NULL CHECK (referendum_count > 0)
) WITHOUT ROWID;

-- No index on account here nor in ballots: no query looks an account's
-- electorates or ballots up (format 4 indexed both, and each vote and each
-- list cost an insert into them).
CREATE TABLE IF NOT EXISTS electorate_members (
  electorate_id BLOB NOT NULL REFERENCES electorates (id),
  account       BLOB NOT NULL,
  PRIMARY KEY (electorate_id, account)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ballots (
  referendum_id INTEGER NOT NULL REFERENCES referendums (id) ON DELETE CASCADE,
  account       BLOB NOT NULL,
  yes           INTEGER NOT NULL CHECK (yes IN (0, 1)),
  PRIMARY KEY (referendum_id, account)
) WITHOUT ROWID;
)sql";

// --- Errors -----------------------------------------------------------------

bool fail(std::string* error, std::string message) {
    if (error) *error = std::move(message);
    return false;
}

// The message of the last failed call on db, with its (extended) code.
std::string sqlite_message(sqlite3* db, std::string_view context) {
    std::string out(context);
    out += ": ";
    out += db ? sqlite3_errmsg(db) : "out of memory";
    if (db) {
        out += " (sqlite code ";
        out += std::to_string(sqlite3_extended_errcode(db));
        out += ")";
    }
    return out;
}

bool fail_sqlite(sqlite3* db, std::string* error, std::string_view context) {
    return fail(error, sqlite_message(db, context));
}

// --- Prepared statements kept between uses ------------------------------------

// Preparing a statement (parsing its SQL, planning it against the schema) cost
// more than running it for the small writes of a commit: 6.7 % of a
// validator's time under the consensus benchmark went to sqlite3_prepare_v2.
// So the statements of each open Store's connection are kept once used, and a
// Statement of the same SQL text on that connection takes one back, reset and
// with its bindings cleared, instead of preparing it again. A statement in use
// belongs to one Statement only (two Statements of one SQL text at once get
// two statements), so reuse changes nothing a caller sees. Only connections of
// a Store are served (Store's constructor and destructor enrol and release
// them), so that every kept statement is finalized before its connection
// closes. The SQL texts are the store's own, a bounded set; the bounds only
// keep a bug from piling statements up.
class StatementCache {
public:
    // The idle statements of one SQL text on one connection.
    using Idle = std::vector<sqlite3_stmt*>;
    static constexpr std::size_t kIdlePerSqlMax = 4;
    static constexpr std::size_t kSqlTextsPerConnectionMax = 256;

    static StatementCache& instance() {
        static StatementCache cache;
        return cache;
    }

    void enrol(sqlite3* db) {
        std::lock_guard lock(mutex_);
        connections_.try_emplace(db);
    }

    // Finalizes what the connection's Store kept; its Statements are gone.
    void release(sqlite3* db) {
        std::lock_guard lock(mutex_);
        const auto connection = connections_.find(db);
        if (connection == connections_.end()) return;
        for (auto& [sql, idle] : connection->second)
            for (sqlite3_stmt* stmt : idle) sqlite3_finalize(stmt);
        connections_.erase(connection);
    }

    // The idle list for `sql` on `db` (null when `db` is not a Store's, or
    // the connection has too many texts already), and, in *stmt, an idle
    // statement taken from it if there was one.
    Idle* take(sqlite3* db, std::string_view sql, sqlite3_stmt** stmt) {
        std::lock_guard lock(mutex_);
        const auto connection = connections_.find(db);
        if (connection == connections_.end()) return nullptr;
        auto& texts = connection->second;
        auto text = texts.find(sql);
        if (text == texts.end()) {
            if (texts.size() >= kSqlTextsPerConnectionMax) return nullptr;
            text = texts.emplace(std::string(sql), Idle{}).first;
        }
        Idle& idle = text->second;
        if (!idle.empty()) {
            *stmt = idle.back();
            idle.pop_back();
        }
        return &idle;
    }

    // Takes back a statement already reset with its bindings cleared.
    void give_back(Idle* idle, sqlite3_stmt* stmt) {
        {
            std::lock_guard lock(mutex_);
            if (idle->size() < kIdlePerSqlMax) {
                idle->push_back(stmt);
                return;
            }
        }
        sqlite3_finalize(stmt);
    }

private:
    StatementCache() = default;
    std::mutex mutex_;
    // std::map: an Idle list stays where it is while others are added.
    std::map<sqlite3*, std::map<std::string, Idle, std::less<>>> connections_;
};

// --- Statement --------------------------------------------------------------

// A prepared statement, given back to its Store's StatementCache (or
// finalized) on scope exit. Bind and step failures are remembered, so that
// callers check once: a failed statement never steps again, and ok() tells
// whether everything so far succeeded.
class Statement {
public:
    Statement(sqlite3* db, std::string_view sql) {
        idle_ = StatementCache::instance().take(db, sql, &stmt_);
        if (stmt_ != nullptr) return;
        rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
        if (rc_ == SQLITE_OK && stmt_ == nullptr) rc_ = SQLITE_MISUSE; // empty SQL text
    }
    ~Statement() {
        if (stmt_ == nullptr) return;
        // A statement that failed is not kept: reset would report the failure
        // again, and a fresh one costs little next to what failed.
        if (idle_ != nullptr && ok() && sqlite3_reset(stmt_) == SQLITE_OK && sqlite3_clear_bindings(stmt_) == SQLITE_OK) {
            StatementCache::instance().give_back(idle_, stmt_);
            return;
        }
        sqlite3_finalize(stmt_);
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    bool ok() const { return rc_ == SQLITE_OK || rc_ == SQLITE_ROW || rc_ == SQLITE_DONE; }

    void bind_i64(int index, std::int64_t value) {
        if (ok()) rc_ = sqlite3_bind_int64(stmt_, index, value);
    }
    void bind_u64(int index, std::uint64_t value) { bind_i64(index, static_cast<std::int64_t>(value)); }
    void bind_blob(int index, ByteView value) {
        // A null data pointer would bind SQL NULL; an empty blob is not NULL.
        static const std::uint8_t empty = 0;
        const void* data = value.empty() ? &empty : value.data();
        if (ok()) rc_ = sqlite3_bind_blob64(stmt_, index, data, value.size(), SQLITE_TRANSIENT);
    }
    template <std::size_t N>
    void bind_blob(int index, const std::array<std::uint8_t, N>& value) {
        bind_blob(index, ByteView(value.data(), N));
    }
    void bind_text(int index, std::string_view value) {
        const char* data = value.empty() ? "" : value.data();
        if (ok()) rc_ = sqlite3_bind_text64(stmt_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    void bind_null(int index) {
        if (ok()) rc_ = sqlite3_bind_null(stmt_, index);
    }

    // Steps once; true while a row is available. False at the end or on an error.
    bool next_row() {
        if (rc_ != SQLITE_OK && rc_ != SQLITE_ROW) return false;
        rc_ = sqlite3_step(stmt_);
        return rc_ == SQLITE_ROW;
    }
    // Runs a statement to completion, ignoring any rows (pragmas return some).
    bool run() {
        while (next_row()) {
        }
        return rc_ == SQLITE_DONE;
    }
    // Ready to bind and run again.
    void reset() {
        if (!ok()) return;
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
        rc_ = SQLITE_OK;
    }

    std::int64_t i64(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::uint64_t u64(int column) const { return static_cast<std::uint64_t>(i64(column)); }
    bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
    // SQLITE_INTEGER, _FLOAT, _TEXT, _BLOB or _NULL; read before the column is.
    int type(int column) const { return sqlite3_column_type(stmt_, column); }
    // The column's bytes where SQLite holds them: valid until the next step.
    ByteView blob_view(int column) const {
        const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
        const int size = sqlite3_column_bytes(stmt_, column);
        if (data == nullptr || size <= 0) return {};
        return ByteView(data, static_cast<std::size_t>(size));
    }
    Bytes blob(int column) const {
        const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
        const int size = sqlite3_column_bytes(stmt_, column);
        if (data == nullptr || size <= 0) return {};
        return Bytes(data, data + size);
    }
    std::string text(int column) const {
        const auto* data = sqlite3_column_text(stmt_, column);
        const int size = sqlite3_column_bytes(stmt_, column);
        if (data == nullptr || size <= 0) return {};
        return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
    }
    // A fixed-size blob column; false if its size is not exactly N.
    template <std::size_t N>
    bool fixed(int column, std::array<std::uint8_t, N>& out) const {
        const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
        if (data == nullptr || sqlite3_column_bytes(stmt_, column) != static_cast<int>(N)) return false;
        std::copy(data, data + N, out.begin());
        return true;
    }

private:
    sqlite3_stmt* stmt_ = nullptr;
    int rc_ = SQLITE_OK;
    StatementCache::Idle* idle_ = nullptr;
};

// Runs each statement of a script (several statements separated by ';').
bool exec_script(sqlite3* db, std::string_view script, std::string* error, std::string_view context) {
    const char* cursor = script.data();
    const char* const end = script.data() + script.size();
    while (cursor < end) {
        sqlite3_stmt* raw = nullptr;
        const char* tail = nullptr;
        if (sqlite3_prepare_v2(db, cursor, static_cast<int>(end - cursor), &raw, &tail) != SQLITE_OK)
            return fail_sqlite(db, error, context);
        if (raw == nullptr) break; // only whitespace or comments left
        int rc = SQLITE_ROW;
        while (rc == SQLITE_ROW) rc = sqlite3_step(raw);
        sqlite3_finalize(raw);
        if (rc != SQLITE_DONE) return fail_sqlite(db, error, context);
        cursor = tail;
    }
    return true;
}

bool exec(sqlite3* db, std::string_view sql, std::string* error, std::string_view context) {
    Statement statement(db, sql);
    if (!statement.run()) return fail_sqlite(db, error, context);
    return true;
}

// Sets one key of the meta table (inside the caller's transaction, if any).
bool write_meta(sqlite3* db, std::string_view key, const std::string& value, std::string* error,
                std::string_view context) {
    Statement upsert(db, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    upsert.bind_text(1, key);
    upsert.bind_text(2, value);
    if (!upsert.run()) return fail_sqlite(db, error, context);
    return true;
}

// One transaction, rolled back on scope exit unless committed.
class WriteTransaction {
public:
    // Immediate takes the write lock at once, so that the checks made inside
    // (the next height) still hold when the writes land. Deferred takes it
    // only if something is written, so that mere readers do not queue.
    enum class Lock { Immediate, Deferred };

    explicit WriteTransaction(sqlite3* db) : db_(db) {}
    ~WriteTransaction() {
        // SQLite itself rolls back on some errors (full disk, I/O); then there
        // is nothing left to undo.
        if (active_ && sqlite3_get_autocommit(db_) == 0) exec(db_, "ROLLBACK", nullptr, "rollback");
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;

    bool begin(std::string* error, Lock lock = Lock::Immediate) {
        const char* sql = lock == Lock::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED";
        active_ = exec(db_, sql, error, "cannot start a transaction");
        return active_;
    }
    bool commit(std::string* error) {
        if (!exec(db_, "COMMIT", error, "cannot commit the transaction")) return false;
        active_ = false;
        return true;
    }

private:
    sqlite3* db_;
    bool active_ = false;
};

// Runs fn, turning any exception (allocation failure) into a failure result,
// so that nothing escapes the Store's interface.
template <class Result, class Fn>
Result guarded(Result fallback, std::string* error, Fn&& fn) noexcept {
    try {
        return fn();
    } catch (const std::exception& e) {
        fail(error, std::string("store: unexpected failure: ") + e.what());
    } catch (...) {
        fail(error, "store: unexpected failure");
    }
    return fallback;
}

// --- Rows of the read-model tables -----------------------------------------
//
// The full struct in the state's own canonical encoding (rules/state.h), so
// that a read returns exactly what was written and there is one codec per type.

template <class T>
Bytes row_bytes(const T& value) {
    codec::Writer w;
    codec::encode(w, value);
    return w.take();
}

template <class T>
std::optional<T> row_from_bytes(ByteView data) {
    codec::Reader r(data);
    T value{};
    codec::decode(r, value);
    if (!r.finished()) return std::nullopt;
    return value;
}

// --- Read-model writers ------------------------------------------------------
//
// One writer per table family: the SQL to list the stored (key, row) pairs,
// to delete one entity with its child rows, and to insert one. The sync below
// rewrites only the entities whose encoded row changed, which keeps a block
// that touches two members from rewriting ten thousand.

void bind_key(Statement& s, int index, const AccountId& key) { s.bind_blob(index, key); }
void bind_key(Statement& s, int index, std::uint64_t key) { s.bind_u64(index, key); }
bool read_key(const Statement& s, int column, AccountId& key) { return s.fixed(column, key); }
bool read_key(const Statement& s, int column, std::uint64_t& key) {
    key = s.u64(column);
    return true;
}

// Binds an account, or NULL for the zero account (a column that does not apply).
void bind_account_or_null(Statement& s, int index, const AccountId& account) {
    if (account == AccountId{}) {
        s.bind_null(index);
    } else {
        s.bind_blob(index, account);
    }
}

struct MemberWriter {
    using Key = AccountId;
    static constexpr const char* kTable = "members";
    static constexpr const char* kList = "SELECT account, row FROM members";
    static constexpr const char* kDelete = "DELETE FROM members WHERE account = ?1";

    explicit MemberWriter(sqlite3* db)
        : insert(db, "INSERT INTO members (account, public_key, utility, quota_w, tokens_msb, admitted_at_s, "
                     "key_epoch, row) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)") {}
    bool prepared() const { return insert.ok(); }
    bool write(const Member& m, const Bytes& row) {
        insert.reset();
        insert.bind_blob(1, m.account);
        insert.bind_blob(2, m.public_key);
        insert.bind_text(3, m.utility);
        insert.bind_u64(4, m.quota_w);
        insert.bind_u64(5, m.tokens_msb);
        insert.bind_i64(6, m.admitted_at_s);
        insert.bind_i64(7, m.key_epoch);
        insert.bind_blob(8, row);
        return insert.run();
    }
    Statement insert;
};

struct ApplicantWriter {
    using Key = AccountId;
    static constexpr const char* kTable = "applicants";
    static constexpr const char* kList = "SELECT account, row FROM applicants";
    static constexpr const char* kDelete = "DELETE FROM applicants WHERE account = ?1";

    explicit ApplicantWriter(sqlite3* db)
        : insert(db, "INSERT INTO applicants (account, public_key, utility, referendum_id, requested_at_s, row) "
                     "VALUES (?1, ?2, ?3, ?4, ?5, ?6)") {}
    bool prepared() const { return insert.ok(); }
    bool write(const Applicant& a, const Bytes& row) {
        insert.reset();
        insert.bind_blob(1, a.account);
        insert.bind_blob(2, a.public_key);
        insert.bind_text(3, a.utility);
        insert.bind_u64(4, a.referendum_id);
        insert.bind_i64(5, a.requested_at_s);
        insert.bind_blob(6, row);
        return insert.run();
    }
    Statement insert;
};

struct PlantWriter {
    using Key = std::uint64_t;
    static constexpr const char* kTable = "plants";
    static constexpr const char* kList = "SELECT id, row FROM plants";
    // Child rows first, so that this does not depend on foreign_keys being on.
    static constexpr const char* kDelete =
        "DELETE FROM pledges WHERE plant_id = ?1; DELETE FROM allocations WHERE plant_id = ?1; "
        "DELETE FROM plants WHERE id = ?1";

    explicit PlantWriter(sqlite3* db)
        : insert(db, "INSERT INTO plants (id, name, source, status, utility, location, capacity_w, cost_cents, "
                     "pledged_cents, proposer, referendum_id, proposed_at_s, campaign_deadline_s, operating_at_s, "
                     "closed_at_s, row) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)"),
          pledge(db, "INSERT INTO pledges (plant_id, account, amount_cents) VALUES (?1, ?2, ?3)"),
          allocation(db, "INSERT INTO allocations (plant_id, account, quota_w, tokens_msb) VALUES (?1, ?2, ?3, ?4)") {}
    bool prepared() const { return insert.ok() && pledge.ok() && allocation.ok(); }
    bool write(const Plant& p, const Bytes& row) {
        insert.reset();
        insert.bind_u64(1, p.id);
        insert.bind_text(2, p.name);
        insert.bind_i64(3, static_cast<std::int64_t>(p.source));
        insert.bind_i64(4, static_cast<std::int64_t>(p.status));
        insert.bind_text(5, p.utility);
        insert.bind_text(6, p.location);
        insert.bind_u64(7, p.capacity_w);
        insert.bind_u64(8, p.cost_cents);
        insert.bind_u64(9, p.pledged_cents);
        insert.bind_blob(10, p.proposer);
        insert.bind_u64(11, p.referendum_id);
        insert.bind_i64(12, p.proposed_at_s);
        insert.bind_i64(13, p.campaign_deadline_s);
        insert.bind_i64(14, p.operating_at_s);
        insert.bind_i64(15, p.closed_at_s);
        insert.bind_blob(16, row);
        if (!insert.run()) return false;
        for (const auto& [account, amount] : p.pledges_cents) {
            pledge.reset();
            pledge.bind_u64(1, p.id);
            pledge.bind_blob(2, account);
            pledge.bind_u64(3, amount);
            if (!pledge.run()) return false;
        }
        return write_allocations(p);
    }
    bool write_allocations(const Plant& p) {
        std::map<AccountId, std::pair<std::uint64_t, std::uint64_t>> funders;
        for (const auto& [account, quota] : p.allocated_quota_w) funders[account].first = quota;
        for (const auto& [account, tokens] : p.allocated_tokens_msb) funders[account].second = tokens;
        for (const auto& [account, amounts] : funders) {
            allocation.reset();
            allocation.bind_u64(1, p.id);
            allocation.bind_blob(2, account);
            allocation.bind_u64(3, amounts.first);
            allocation.bind_u64(4, amounts.second);
            if (!allocation.run()) return false;
        }
        return true;
    }
    Statement insert;
    Statement pledge;
    Statement allocation;
};

// --- Referendums, their ballots and their electorates ----------------------
//
// A referendum's electorate is every member when it opened (10,000 accounts
// in a group of 10,000), and each request to join opens one. Format 4 copied
// it into one row per voter per referendum, so a block of 10 requests wrote
// 100,000 index rows. The state keeps each distinct list once under
// Electorate::id() (docs/STATE.md, "Tables"); so does the read model, with
// the number of referendums that name it: the list is written with the
// first and deleted with the last. A referendum's row names its electorate
// and holds neither the list nor the ballots, so that a vote writes its
// ballot and the referendum's counts and nothing else.

// The row blob: the referendum's canonical encoding without its electorate
// and its ballots, which have tables of their own. Reading a referendum puts
// them back (read_referendum).
Bytes referendum_row(const Referendum& r) {
    Referendum bare = r; // shares the list and the ballots with r: no copy of either
    bare.electorate = {};
    bare.ballots = {};
    return row_bytes(bare);
}

// Votes by answer; signed, so that it can also be the change a block made.
struct Tally {
    std::int64_t yes = 0;
    std::int64_t no = 0;
    bool operator==(const Tally&) const = default;
    void add(bool vote, std::int64_t count) { (vote ? yes : no) += count; }
};

Tally tally(const Referendum& r) {
    Tally out;
    for (const auto& [account, vote] : r.ballots) out.add(vote, 1);
    return out;
}

// The columns of one referendum, as ?1 … ?15 of the statements below; ?13
// and ?14 are the counts, or what to add to them.
constexpr const char* kUpsertReferendum =
    "INSERT INTO referendums (id, kind, outcome, proposer, opened_at_s, deadline_s, closed_at_s, applicant, plant_id, "
    "change, electorate_id, electorate_size, yes_count, no_count, row) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) "
    "ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, outcome = excluded.outcome, proposer = excluded.proposer, "
    "opened_at_s = excluded.opened_at_s, deadline_s = excluded.deadline_s, closed_at_s = excluded.closed_at_s, "
    "applicant = excluded.applicant, plant_id = excluded.plant_id, change = excluded.change, "
    "electorate_id = excluded.electorate_id, electorate_size = excluded.electorate_size, "
    "yes_count = excluded.yes_count, no_count = excluded.no_count, row = excluded.row";
constexpr const char* kUpdateReferendum =
    "UPDATE referendums SET kind = ?2, outcome = ?3, proposer = ?4, opened_at_s = ?5, deadline_s = ?6, "
    "closed_at_s = ?7, applicant = ?8, plant_id = ?9, change = ?10, electorate_id = ?11, electorate_size = ?12, "
    "yes_count = yes_count + ?13, no_count = no_count + ?14, row = ?15 WHERE id = ?1";

void bind_referendum(Statement& s, const Referendum& r, const Tally& counts, const Bytes& row) {
    s.reset();
    s.bind_u64(1, r.id);
    s.bind_i64(2, static_cast<std::int64_t>(r.kind));
    s.bind_i64(3, static_cast<std::int64_t>(r.outcome));
    s.bind_blob(4, r.proposer);
    s.bind_i64(5, r.opened_at_s);
    s.bind_i64(6, r.deadline_s);
    s.bind_i64(7, r.closed_at_s);
    bind_account_or_null(s, 8, r.kind == ReferendumKind::Admission ? r.applicant : AccountId{});
    if (r.kind == ReferendumKind::Plant) {
        s.bind_u64(9, r.plant_id);
    } else {
        s.bind_null(9);
    }
    if (r.change) {
        s.bind_text(10, change_name(*r.change));
    } else {
        s.bind_null(10);
    }
    s.bind_blob(11, r.electorate.id());
    s.bind_u64(12, r.electorate.size());
    s.bind_i64(13, counts.yes);
    s.bind_i64(14, counts.no);
    s.bind_blob(15, row);
}

// The statements that write referendums, ballots and electorates, prepared
// together for a commit that changes a referendum. Each write returns false
// and sets *error on failure.
class ReferendumRows {
public:
    explicit ReferendumRows(sqlite3* db)
        : db_(db), upsert_(db, kUpsertReferendum), update_(db, kUpdateReferendum),
          add_votes_(db, "UPDATE referendums SET yes_count = yes_count + ?2, no_count = no_count + ?3 WHERE id = ?1"),
          put_ballot_(db, "INSERT INTO ballots (referendum_id, account, yes) VALUES (?1, ?2, ?3) "
                          "ON CONFLICT (referendum_id, account) DO UPDATE SET yes = excluded.yes"),
          erase_ballot_(db, "DELETE FROM ballots WHERE referendum_id = ?1 AND account = ?2"),
          erase_ballots_(db, "DELETE FROM ballots WHERE referendum_id = ?1"),
          erase_referendum_(db, "DELETE FROM referendums WHERE id = ?1"),
          use_(db, "UPDATE electorates SET referendum_count = referendum_count + 1 WHERE id = ?1"),
          add_electorate_(db, "INSERT INTO electorates (id, size, referendum_count) VALUES (?1, ?2, ?3)"),
          add_member_(db, "INSERT INTO electorate_members (electorate_id, account) VALUES (?1, ?2)"),
          release_(db, "UPDATE electorates SET referendum_count = referendum_count - 1 "
                       "WHERE id = ?1 AND referendum_count > 1"),
          set_uses_(db, "UPDATE electorates SET referendum_count = ?2 WHERE id = ?1"),
          erase_members_(db, "DELETE FROM electorate_members WHERE electorate_id = ?1"),
          erase_electorate_(db, "DELETE FROM electorates WHERE id = ?1") {}

    bool prepared(std::string* error) const {
        for (const Statement* s : {&upsert_, &update_, &add_votes_, &put_ballot_, &erase_ballot_, &erase_ballots_,
                                   &erase_referendum_, &use_, &add_electorate_, &add_member_, &release_, &set_uses_,
                                   &erase_members_, &erase_electorate_})
            if (!s->ok()) return fail_sqlite(db_, error, "cannot prepare writes to referendums");
        return true;
    }

    // A referendum the read model does not hold yet (or holds another
    // version of, when the table is compared with the state): every column,
    // with its counts. Its ballots and its electorate are written apart.
    bool put(const Referendum& r, const Bytes& row, std::string* error) {
        bind_referendum(upsert_, r, tally(r), row);
        return done(upsert_.run(), error);
    }

    // One referendum from `before` to `after`: the ballots that differ, and
    // one write of its row (every column when more than the counts changed).
    // An electorate it no longer names is left in `released`, to be released
    // once every referendum has taken the electorates it names now.
    bool update(const Referendum& before, const Referendum& after, std::vector<Electorate>& released,
                std::string* error) {
        Tally added;
        bool ok = true;
        StateMap<AccountId, bool>::diff(before.ballots, after.ballots,
                                        [&](const AccountId& account, const bool* old_vote, const bool* new_vote) {
                                            if (!ok) return;
                                            if (old_vote) added.add(*old_vote, -1);
                                            if (new_vote) added.add(*new_vote, 1);
                                            ok = new_vote ? put_ballot(after.id, account, *new_vote, error)
                                                          : erase_ballot(after.id, account, error);
                                        });
        if (!ok) return false;
        const bool new_electorate = before.electorate.id() != after.electorate.id();
        if (new_electorate) {
            if (!use_electorate(after.electorate, error)) return false;
            released.push_back(before.electorate);
        }
        const Bytes row = referendum_row(after);
        Statement* write = nullptr;
        if (new_electorate || row != referendum_row(before)) {
            bind_referendum(update_, after, added, row);
            write = &update_;
        } else if (added != Tally{}) {
            add_votes_.reset();
            add_votes_.bind_u64(1, after.id);
            add_votes_.bind_i64(2, added.yes);
            add_votes_.bind_i64(3, added.no);
            write = &add_votes_;
        }
        if (write == nullptr) return true;
        if (!done(write->run(), error)) return false;
        // Only damage to the file can take the row away: the counts would be wrong.
        if (sqlite3_changes(db_) != 1)
            return fail(error, "the read model has no row for referendum " + std::to_string(after.id) +
                                   ": " + std::string(kDataDirDamaged));
        return true;
    }

    bool put_ballots(const Referendum& r, std::string* error) {
        for (const auto& [account, yes] : r.ballots)
            if (!put_ballot(r.id, account, yes, error)) return false;
        return true;
    }

    bool erase_ballots(std::uint64_t id, std::string* error) {
        erase_ballots_.reset();
        erase_ballots_.bind_u64(1, id);
        return done(erase_ballots_.run(), error);
    }

    // The referendum's row and its ballots; its electorate is the caller's.
    bool erase(std::uint64_t id, std::string* error) {
        if (!erase_ballots(id, error)) return false;
        erase_referendum_.reset();
        erase_referendum_.bind_u64(1, id);
        return done(erase_referendum_.run(), error);
    }

    // One more referendum names `electorate`: its list is written if none did.
    bool use_electorate(const Electorate& electorate, std::string* error) {
        use_.reset();
        use_.bind_blob(1, electorate.id());
        if (!done(use_.run(), error)) return false;
        return sqlite3_changes(db_) == 1 || add_electorate(electorate, 1, error);
    }

    // One referendum fewer names `electorate`: its list goes with the last.
    bool release_electorate(const Hash256& id, std::string* error) {
        release_.reset();
        release_.bind_blob(1, id);
        if (!done(release_.run(), error)) return false;
        return sqlite3_changes(db_) == 1 || erase_electorate(id, error);
    }

    bool add_electorate(const Electorate& electorate, std::uint64_t referendum_count, std::string* error) {
        add_electorate_.reset();
        add_electorate_.bind_blob(1, electorate.id());
        add_electorate_.bind_u64(2, electorate.size());
        add_electorate_.bind_u64(3, referendum_count);
        if (!done(add_electorate_.run(), error)) return false;
        for (const AccountId& account : electorate) {
            add_member_.reset();
            add_member_.bind_blob(1, electorate.id());
            add_member_.bind_blob(2, account);
            if (!done(add_member_.run(), error)) return false;
        }
        return true;
    }

    bool set_referendum_count(ByteView id, std::uint64_t referendum_count, std::string* error) {
        set_uses_.reset();
        set_uses_.bind_blob(1, id);
        set_uses_.bind_u64(2, referendum_count);
        return done(set_uses_.run(), error);
    }

    // The list first: electorate_members refers to electorates.
    bool erase_electorate(ByteView id, std::string* error) {
        erase_members_.reset();
        erase_members_.bind_blob(1, id);
        erase_electorate_.reset();
        erase_electorate_.bind_blob(1, id);
        return done(erase_members_.run(), error) && done(erase_electorate_.run(), error);
    }

private:
    bool done(bool ran, std::string* error) const {
        return ran || fail_sqlite(db_, error, "cannot write the referendums of the read model");
    }
    bool put_ballot(std::uint64_t id, const AccountId& account, bool yes, std::string* error) {
        put_ballot_.reset();
        put_ballot_.bind_u64(1, id);
        put_ballot_.bind_blob(2, account);
        put_ballot_.bind_i64(3, yes ? 1 : 0);
        return done(put_ballot_.run(), error);
    }
    bool erase_ballot(std::uint64_t id, const AccountId& account, std::string* error) {
        erase_ballot_.reset();
        erase_ballot_.bind_u64(1, id);
        erase_ballot_.bind_blob(2, account);
        return done(erase_ballot_.run(), error);
    }

    sqlite3* db_;
    Statement upsert_;
    Statement update_;
    Statement add_votes_;
    Statement put_ballot_;
    Statement erase_ballot_;
    Statement erase_ballots_;
    Statement erase_referendum_;
    Statement use_;
    Statement add_electorate_;
    Statement add_member_;
    Statement release_;
    Statement set_uses_;
    Statement erase_members_;
    Statement erase_electorate_;
};

struct OfferWriter {
    using Key = std::uint64_t;
    static constexpr const char* kTable = "offers";
    static constexpr const char* kList = "SELECT id, row FROM offers";
    static constexpr const char* kDelete = "DELETE FROM offers WHERE id = ?1";

    explicit OfferWriter(sqlite3* db)
        : insert(db, "INSERT INTO offers (id, maker, counterparty, side, quota_w, price_msb, status, created_at_s, "
                     "expires_at_s, closed_at_s, row) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)") {}
    bool prepared() const { return insert.ok(); }
    bool write(const Offer& o, const Bytes& row) {
        insert.reset();
        insert.bind_u64(1, o.id);
        insert.bind_blob(2, o.maker);
        insert.bind_blob(3, o.counterparty);
        insert.bind_i64(4, static_cast<std::int64_t>(o.side));
        insert.bind_u64(5, o.quota_w);
        insert.bind_u64(6, o.price_msb);
        insert.bind_i64(7, static_cast<std::int64_t>(o.status));
        insert.bind_i64(8, o.created_at_s);
        insert.bind_i64(9, o.expires_at_s);
        insert.bind_i64(10, o.closed_at_s);
        insert.bind_blob(11, row);
        return insert.run();
    }
    Statement insert;
};

// The stored (key, row) pairs of one table.
template <class Writer>
bool stored_rows(sqlite3* db, std::map<typename Writer::Key, Bytes>& out, std::string* error) {
    Statement list(db, Writer::kList);
    while (list.next_row()) {
        typename Writer::Key key{};
        if (!read_key(list, 0, key))
            return fail(error, std::string("store: a row of ") + Writer::kTable + " has a malformed key");
        out.emplace(key, list.blob(1));
    }
    if (!list.ok()) return fail_sqlite(db, error, std::string("cannot list ") + Writer::kTable);
    return true;
}

// Deletes one entity and its child rows (the writer's kDelete script, with ?1 = key).
template <class Writer>
bool delete_entity(sqlite3* db, const typename Writer::Key& key, std::string* error) {
    const std::string context = std::string("cannot delete a row of ") + Writer::kTable;
    std::string_view script = Writer::kDelete;
    while (!script.empty()) {
        const std::size_t end = script.find(';');
        const std::string_view sql = script.substr(0, end);
        Statement statement(db, sql);
        bind_key(statement, 1, key);
        if (!statement.run()) return fail_sqlite(db, error, context);
        script = end == std::string_view::npos ? std::string_view{} : script.substr(end + 1);
    }
    return true;
}

// Writes one entity's row (and its child rows) through `writer`; false and
// the message naming the table when the statements could not be prepared or
// run.
template <class Writer, class Value>
bool write_entity(sqlite3* db, Writer& writer, const Value& value, const Bytes& row, std::string* error) {
    if (!writer.prepared()) return fail_sqlite(db, error, std::string("cannot prepare writes to ") + Writer::kTable);
    if (!writer.write(value, row)) return fail_sqlite(db, error, std::string("cannot write a row of ") + Writer::kTable);
    return true;
}

// Makes a read-model table hold exactly `wanted`: deletes what is gone,
// rewrites what changed, leaves the rest.
template <class Writer, class Value>
bool sync_table(sqlite3* db, const StateMap<typename Writer::Key, Value>& wanted, std::string* error) {
    std::map<typename Writer::Key, Bytes> stored;
    if (!stored_rows<Writer>(db, stored, error)) return false;

    for (const auto& [key, row] : stored) {
        if (wanted.find(key) == wanted.end() && !delete_entity<Writer>(db, key, error)) return false;
    }
    Writer writer(db);
    for (const auto& [key, value] : wanted) {
        const Bytes row = row_bytes(value);
        const auto previous = stored.find(key);
        if (previous != stored.end()) {
            if (previous->second == row) continue;
            if (!delete_entity<Writer>(db, key, error)) return false;
        }
        if (!write_entity(db, writer, value, row, error)) return false;
    }
    return true;
}

// At most kValidatorsMax rows: rewritten whole.
bool write_validators(sqlite3* db, const std::vector<PublicKey>& validators, std::string* error) {
    if (!exec(db, "DELETE FROM validators", error, "cannot clear validators")) return false;
    Statement insert(db, "INSERT INTO validators (position, public_key) VALUES (?1, ?2)");
    for (std::size_t i = 0; i < validators.size(); ++i) {
        insert.reset();
        insert.bind_u64(1, i);
        insert.bind_blob(2, validators[i]);
        if (!insert.run()) return fail_sqlite(db, error, "cannot write validators");
    }
    return true;
}

// Makes the referendums, their ballots and the electorates hold exactly
// `wanted`, writing only what differs: for a commit that cannot name what
// changed (no state before it), the genesis and the migration to format 5.
// It reads all three tables, so it costs the read model's size; the
// reference counts are recounted rather than trusted.
bool sync_referendums(sqlite3* db, const StateMap<std::uint64_t, Referendum>& wanted, std::string* error) {
    ReferendumRows rows(db);
    if (!rows.prepared(error)) return false;

    // The electorates first, each with how many wanted referendums name it.
    std::map<Bytes, std::pair<Electorate, std::uint64_t>> lists;
    for (const auto& [id, r] : wanted) {
        const Hash256& list_id = r.electorate.id();
        ++lists.try_emplace(Bytes(list_id.begin(), list_id.end()), r.electorate, 0).first->second.second;
    }
    std::map<Bytes, std::uint64_t> stored_lists;
    {
        Statement list(db, "SELECT id, referendum_count FROM electorates");
        while (list.next_row()) stored_lists.emplace(list.blob(0), list.u64(1));
        if (!list.ok()) return fail_sqlite(db, error, "cannot list electorates");
    }
    for (const auto& [list_id, count] : stored_lists)
        if (!lists.contains(list_id) && !rows.erase_electorate(list_id, error)) return false;
    for (const auto& [list_id, wanted_list] : lists) {
        const auto& [electorate, count] = wanted_list;
        const auto stored = stored_lists.find(list_id);
        if (stored == stored_lists.end() ? !rows.add_electorate(electorate, count, error)
                                         : stored->second != count && !rows.set_referendum_count(list_id, count, error))
            return false;
    }

    // Then each referendum whose row or ballots differ.
    struct Stored {
        Bytes electorate_id;
        Tally counts;
        Bytes row;
        std::vector<std::pair<AccountId, bool>> ballots;
    };
    std::map<std::uint64_t, Stored> stored;
    {
        Statement list(db, "SELECT id, electorate_id, yes_count, no_count, row FROM referendums");
        while (list.next_row())
            stored.emplace(list.u64(0), Stored{list.blob(1), Tally{list.i64(2), list.i64(3)}, list.blob(4), {}});
        if (!list.ok()) return fail_sqlite(db, error, "cannot list referendums");
        Statement ballots(db, "SELECT referendum_id, account, yes FROM ballots ORDER BY referendum_id, account");
        while (ballots.next_row()) {
            AccountId account{};
            const auto owner = stored.find(ballots.u64(0));
            // A ballot of no referendum, or a malformed one, differs from any wanted: it is rewritten.
            if (owner != stored.end() && ballots.fixed(1, account))
                owner->second.ballots.emplace_back(account, ballots.i64(2) != 0);
        }
        if (!ballots.ok()) return fail_sqlite(db, error, "cannot list ballots");
    }
    for (const auto& [id, one] : stored)
        if (!wanted.contains(id) && !rows.erase(id, error)) return false;
    for (const auto& [id, r] : wanted) {
        const Bytes row = referendum_row(r);
        const Hash256& list_id = r.electorate.id();
        const auto previous = stored.find(id);
        const bool same_row = previous != stored.end() && previous->second.row == row &&
                              previous->second.counts == tally(r) &&
                              previous->second.electorate_id == Bytes(list_id.begin(), list_id.end());
        if (!same_row && !rows.put(r, row, error)) return false;
        const std::vector<std::pair<AccountId, bool>> ballots(r.ballots.begin(), r.ballots.end());
        if (previous != stored.end() && previous->second.ballots == ballots) continue;
        if (!rows.erase_ballots(id, error) || !rows.put_ballots(r, error)) return false;
    }
    return true;
}

bool write_read_model(sqlite3* db, const State& state, std::string* error) {
    return sync_table<MemberWriter>(db, state.members.as_map(), error) &&
           sync_table<ApplicantWriter>(db, state.applicants, error) &&
           sync_table<PlantWriter>(db, state.plants, error) &&
           sync_referendums(db, state.referendums, error) &&
           sync_table<OfferWriter>(db, state.offers, error) && write_validators(db, state.validators, error);
}

// Makes a read-model table that holds `before` hold `after`, touching only the
// entities that differ: the two versions share every entity the blocks did not
// change, and StateMap::diff skips those, so this costs the changes only.
template <class Writer, class Value>
bool update_table(sqlite3* db, const StateMap<typename Writer::Key, Value>& before,
                  const StateMap<typename Writer::Key, Value>& after, std::string* error) {
    std::optional<Writer> writer; // prepared only for a table that changes
    bool ok = true;
    StateMap<typename Writer::Key, Value>::diff(before, after, [&](const auto& key, const Value* old_value, const Value* new_value) {
        if (!ok) return;
        if (old_value && !delete_entity<Writer>(db, key, error)) {
            ok = false;
            return;
        }
        if (!new_value) return;
        if (!writer) writer.emplace(db);
        ok = write_entity(db, *writer, *new_value, row_bytes(*new_value), error);
    });
    return ok;
}

// Brings the referendums from `before` to `after` through StateMap::diff,
// which visits only the referendums that differ, and each one's ballots
// likewise: a vote writes its ballot and the referendum's counts; a new
// referendum its row, its ballots and, if no other names it yet, its
// electorate.
bool update_referendums(sqlite3* db, const StateMap<std::uint64_t, Referendum>& before,
                        const StateMap<std::uint64_t, Referendum>& after, std::string* error) {
    std::optional<ReferendumRows> rows; // prepared only for a commit that changes a referendum
    std::vector<Electorate> released;
    bool ok = true;
    StateMap<std::uint64_t, Referendum>::diff(
        before, after, [&](std::uint64_t id, const Referendum* old_value, const Referendum* new_value) {
            if (!ok) return;
            if (!rows) {
                rows.emplace(db);
                if (!(ok = rows->prepared(error))) return;
            }
            if (old_value && new_value) {
                ok = rows->update(*old_value, *new_value, released, error);
            } else if (new_value) {
                ok = rows->use_electorate(new_value->electorate, error) &&
                     rows->put(*new_value, referendum_row(*new_value), error) && rows->put_ballots(*new_value, error);
            } else {
                released.push_back(old_value->electorate);
                ok = rows->erase(id, error);
            }
        });
    // Released after every use is counted, so that a list that one
    // referendum leaves and another takes in the same commit stays written.
    for (const Electorate& electorate : released)
        if (ok) ok = rows->release_electorate(electorate.id(), error);
    return ok;
}

bool update_read_model(sqlite3* db, const State& before, const State& after, std::string* error) {
    return update_table<MemberWriter>(db, before.members.as_map(), after.members.as_map(), error) &&
           update_table<ApplicantWriter>(db, before.applicants, after.applicants, error) &&
           update_table<PlantWriter>(db, before.plants, after.plants, error) &&
           update_referendums(db, before.referendums, after.referendums, error) &&
           update_table<OfferWriter>(db, before.offers, after.offers, error) &&
           (before.validators == after.validators || write_validators(db, after.validators, error));
}

// --- Other writes -------------------------------------------------------------

// `root` is state_root(state), which the caller has already computed.
bool write_snapshot(sqlite3* db, std::uint64_t height, const State& state, const Hash256& root, std::string* error) {
    Statement statement(db, "INSERT OR REPLACE INTO state_snapshot (slot, height, root, state) VALUES (1, ?1, ?2, ?3)");
    statement.bind_u64(1, height);
    statement.bind_blob(2, root);
    statement.bind_blob(3, codec::to_bytes(state));
    if (!statement.run()) return fail_sqlite(db, error, "cannot write the state snapshot");
    return true;
}

std::string state_rows_context(std::size_t table_index) {
    return std::string("cannot write the state's ") + state::table_name(static_cast<state::TableId>(table_index + 1)) +
           " rows";
}

// Writes what changed in each table: a row for each entry set, a deletion
// for each key erased, and nothing else.
bool write_state_changes(sqlite3* db, const state::StateChanges& changes, std::string* error) {
    std::optional<Statement> upsert; // prepared only for a commit that sets an entry
    std::optional<Statement> erase;
    for (std::size_t i = 0; i < state::kTableCount; ++i) {
        const auto table_id = static_cast<std::int64_t>(i + 1);
        for (const state::Entry& entry : changes[i].set) {
            if (!upsert)
                upsert.emplace(db, "INSERT INTO state_entries (table_id, key, value) VALUES (?1, ?2, ?3) "
                                   "ON CONFLICT (table_id, key) DO UPDATE SET value = excluded.value");
            upsert->reset();
            upsert->bind_i64(1, table_id);
            upsert->bind_blob(2, entry.key);
            upsert->bind_blob(3, entry.value);
            if (!upsert->run()) return fail_sqlite(db, error, state_rows_context(i));
        }
        for (const Bytes& key : changes[i].erased) {
            if (!erase) erase.emplace(db, "DELETE FROM state_entries WHERE table_id = ?1 AND key = ?2");
            erase->reset();
            erase->bind_i64(1, table_id);
            erase->bind_blob(2, key);
            if (!erase->run()) return fail_sqlite(db, error, state_rows_context(i));
        }
    }
    return true;
}

std::string state_row_name(state::TableId table, ByteView key) {
    return std::string("the ") + state::table_name(table) + " row " + codec::to_hex(key);
}

// Which rows of a table a read takes: all of them, or the half whose keys
// start with a 0 bit (with every key that is not a byte string, which SQLite
// sorts below every blob, so that the read refuses it) or with a 1 bit.
// Opening a large group reads the two halves on two threads.
enum class KeyHalf { All, Low, High };

const char* table_rows_sql(KeyHalf half) {
    switch (half) {
    case KeyHalf::Low:
        return "SELECT key, value, length(value) FROM state_entries WHERE table_id = ?1 AND key < x'80' ORDER BY key";
    case KeyHalf::High:
        return "SELECT key, value, length(value) FROM state_entries WHERE table_id = ?1 AND key >= x'80' ORDER BY key";
    case KeyHalf::All: break;
    }
    return "SELECT key, value, length(value) FROM state_entries WHERE table_id = ?1 ORDER BY key";
}

// Hands `row(key, value)` the rows of one table (of `half` of its keys), in
// key order (SQLite orders blobs by their bytes), as views valid for that
// call; `row` returns false to stop, having set *problem. With
// `refuse_malformed`, false, *problem naming the row and *malformed set when
// a row has a key that is no byte string, of the wrong length or out of
// order, or a value longer than any entry's. False and *problem alone when
// SQLite cannot read them.
template <class Row>
bool scan_table_rows(sqlite3* db, state::TableId table, KeyHalf half, bool refuse_malformed, std::string* problem,
                     bool* malformed, Row&& row) {
    const auto refuse_row = [&](std::string message) {
        if (malformed) *malformed = true;
        return fail(problem, std::move(message));
    };
    Statement query(db, table_rows_sql(half));
    query.bind_i64(1, static_cast<std::int64_t>(table));
    Bytes previous;
    bool first = true;
    while (query.next_row()) {
        const bool blob_key = query.type(0) == SQLITE_BLOB;
        const ByteView key = query.blob_view(0);
        if (refuse_malformed && key.size() != state::table_key_bytes(table))
            return refuse_row(state_row_name(table, key) + " has a key of " + std::to_string(key.size()) +
                              " bytes, and every key of its table has " + std::to_string(state::table_key_bytes(table)));
        if (refuse_malformed && static_cast<std::uint64_t>(query.i64(2)) > state::kEntryValueBytesMax)
            return refuse_row(state_row_name(table, key) + " has a value of " + std::to_string(query.i64(2)) +
                              " bytes, more than any entry's (" + std::to_string(state::kEntryValueBytesMax) + ")");
        // The primary key makes a table's blob keys strictly increasing; a
        // key stored as another type (text, a number) sorts elsewhere.
        if (refuse_malformed &&
            (!blob_key || (!first && !std::lexicographical_compare(previous.begin(), previous.end(), key.begin(), key.end()))))
            return refuse_row(state_row_name(table, key) + " has a key that is not a byte string in order");
        if (refuse_malformed) previous.assign(key.begin(), key.end());
        first = false;
        if (!row(key, query.blob_view(1))) return false;
    }
    if (!query.ok()) return fail_sqlite(db, problem, "cannot read the state's rows");
    return true;
}

// The rows of one table (of `half` of its keys), as scan_table_rows reads
// them, appended to `rows`.
bool read_table_rows(sqlite3* db, state::TableId table, KeyHalf half, std::vector<state::Entry>& rows,
                     bool refuse_malformed, std::string* problem, bool* malformed) {
    return scan_table_rows(db, table, half, refuse_malformed, problem, malformed, [&](ByteView key, ByteView value) {
        rows.push_back(state::Entry{Bytes(key.begin(), key.end()), Bytes(value.begin(), value.end())});
        return true;
    });
}

// False, *problem and *malformed set when a row of state_entries is in no
// table of the group state (every read below goes table by table, and would
// not see it). Walks the distinct table ids through the primary key, one
// seek each, rather than every row: SQLite sorts numbers (whole or not)
// before text and blobs, so any id that is not a whole number from 1 to
// kTableIdLast is met on the way.
bool refuse_rows_of_no_table(sqlite3* db, std::string* problem, bool* malformed) {
    std::optional<std::int64_t> previous;
    for (std::size_t step = 0; step <= state::kTableCount; ++step) {
        Statement query(db, previous ? "SELECT table_id, typeof(table_id) FROM state_entries WHERE table_id > ?1 "
                                       "ORDER BY table_id LIMIT 1"
                                     : "SELECT table_id, typeof(table_id) FROM state_entries ORDER BY table_id LIMIT 1");
        if (previous) query.bind_i64(1, *previous);
        if (!query.next_row()) {
            if (!query.ok()) return fail_sqlite(db, problem, "cannot read the state's rows");
            return true;
        }
        const std::int64_t table_id = query.i64(0);
        if (query.text(1) != "integer" || table_id < 1 || table_id > state::kTableIdLast) {
            if (malformed) *malformed = true;
            return fail(problem, "a row of state_entries is in table " + query.text(0) +
                                     ", which the group state does not have");
        }
        previous = table_id;
    }
    return true; // every table id seen, the last one kTableIdLast
}

// Every stored row, by table, each table in key order. With
// `refuse_malformed`, as read_table_rows, and a row in no table is refused
// too; without it, such rows are skipped.
bool read_state_rows(sqlite3* db, state::Tables& tables, bool refuse_malformed, std::string* problem,
                     bool* malformed = nullptr) {
    if (refuse_malformed && !refuse_rows_of_no_table(db, problem, malformed)) return false;
    for (std::size_t i = 0; i < state::kTableCount; ++i)
        if (!read_table_rows(db, static_cast<state::TableId>(i + 1), KeyHalf::All, tables[i], refuse_malformed, problem,
                             malformed))
            return false;
    return true;
}

// Makes state_entries hold exactly `wanted`, writing only the rows that
// differ: for a commit that cannot name what changed (no state before it, or
// the block that takes the group to version 2) and for the migration.
bool sync_state_rows(sqlite3* db, const state::Tables& wanted, std::string* error) {
    // Rows of no table cannot be compared with anything: they go first.
    if (!exec(db, "DELETE FROM state_entries WHERE table_id NOT BETWEEN 1 AND " + std::to_string(state::kTableIdLast),
              error, "cannot clear the state's rows"))
        return false;
    state::Tables stored;
    if (!read_state_rows(db, stored, /*refuse_malformed=*/false, error)) return false;
    state::StateChanges changes;
    for (std::size_t i = 0; i < state::kTableCount; ++i) changes[i] = state::table_changes(stored[i], wanted[i]);
    return write_state_changes(db, changes, error);
}

// The state after a commit. A group at protocol version 2: its rows, only
// the entries that differ from `stored_before` when the store holds that
// state at version 2, else synced whole; and no snapshot (the block that
// takes a group to version 2 drops it). Version 1: the snapshot, whose root
// is `root`.
bool write_state(sqlite3* db, std::uint64_t height, const State& state, const Hash256& root, const State* stored_before,
                 std::string* error) {
    if (!uses_state_rows(state)) return write_snapshot(db, height, state, root, error);
    const bool rows_stored = stored_before != nullptr && uses_state_rows(*stored_before);
    return (rows_stored ? write_state_changes(db, state::state_changes(*stored_before, state), error)
                        : sync_state_rows(db, state::state_tables(state), error)) &&
           exec(db, "DELETE FROM state_snapshot", error, "cannot remove the version-1 state snapshot");
}

// Replaces the saved checkpoint with `checkpoint`, the one of the state after
// block `height`, inside the caller's transaction.
bool write_checkpoint(sqlite3* db, std::uint64_t height, const state::Checkpoint& checkpoint, std::string* error) {
    if (!exec(db, "DELETE FROM state_checkpoint", error, "cannot clear the state checkpoint")) return false;
    Statement insert(db, "INSERT INTO state_checkpoint (table_id, first_byte, hash) VALUES (?1, ?2, ?3)");
    for (std::size_t i = 0; i < state::kTableCount; ++i) {
        for (const state::FirstByteNode& node : checkpoint[i]) {
            insert.bind_i64(1, static_cast<std::int64_t>(i + 1));
            insert.bind_i64(2, node.first_byte);
            insert.bind_blob(3, node.hash);
            if (!insert.run()) return fail_sqlite(db, error, "cannot write the state checkpoint");
            insert.reset();
        }
    }
    return write_meta(db, kCheckpointHeightKey, std::to_string(height), error, "cannot write the state checkpoint's height");
}

bool write_validator_change(sqlite3* db, std::uint64_t height, const state::TableProof& proof, std::string* error) {
    Statement insert(db, "INSERT OR REPLACE INTO validator_changes (height, proof) VALUES (?1, ?2)");
    insert.bind_u64(1, height);
    insert.bind_blob(2, codec::to_bytes(proof));
    if (!insert.run()) return fail_sqlite(db, error, "cannot record the change of validators");
    return true;
}

// Events are filed under the height they are committed at, numbered in order.
bool write_events(sqlite3* db, std::uint64_t height, const std::vector<Event>& events, std::string* error) {
    Statement insert(db, "INSERT INTO events (height, seq, time_s, kind, actor, subject, object_id, amount, amount2, "
                         "text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    for (std::size_t seq = 0; seq < events.size(); ++seq) {
        const Event& e = events[seq];
        insert.reset();
        insert.bind_u64(1, height);
        insert.bind_u64(2, seq);
        insert.bind_i64(3, e.time_s);
        insert.bind_i64(4, static_cast<std::int64_t>(e.kind));
        insert.bind_blob(5, e.actor);
        insert.bind_blob(6, e.subject);
        insert.bind_u64(7, e.object_id);
        insert.bind_u64(8, e.amount);
        insert.bind_u64(9, e.amount2);
        insert.bind_text(10, e.text);
        if (!insert.run()) return fail_sqlite(db, error, "cannot write an event");
    }
    return true;
}

bool write_block_row(sqlite3* db, const Block& block, const CommitCertificate& certificate, std::string* error) {
    Statement insert(db, "INSERT INTO blocks (height, hash, time_s, proposer, header, certificate, tx_count) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insert.bind_u64(1, block.header.height);
    insert.bind_blob(2, block.header.hash());
    insert.bind_i64(3, block.header.time_s);
    insert.bind_blob(4, block.header.proposer);
    insert.bind_blob(5, codec::to_bytes(block.header));
    insert.bind_blob(6, codec::to_bytes(certificate));
    insert.bind_u64(7, block.transactions.size());
    if (!insert.run()) return fail_sqlite(db, error, "cannot write the block");
    return true;
}

bool write_transactions(sqlite3* db, const Block& block, std::string* error) {
    Statement insert(db, "INSERT INTO transactions (id, height, idx, author, nonce, kind, body) "
                         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    for (std::size_t index = 0; index < block.transactions.size(); ++index) {
        const Transaction& tx = block.transactions[index];
        const Bytes body = codec::to_bytes(tx);
        insert.reset();
        insert.bind_blob(1, Transaction::id_of_encoding(body));
        insert.bind_u64(2, block.header.height);
        insert.bind_u64(3, index);
        insert.bind_blob(4, tx.author_account());
        insert.bind_u64(5, tx.nonce);
        insert.bind_text(6, operation_name(tx.op));
        insert.bind_blob(7, body);
        if (!insert.run())
            return fail_sqlite(db, error, "cannot write transaction " + std::to_string(index) + " of the block");
    }
    return true;
}

// --- Reads --------------------------------------------------------------------

std::uint64_t history_from(sqlite3* db) {
    Statement query(db, "SELECT value FROM meta WHERE key = ?1");
    query.bind_text(1, kHistoryFromKey);
    if (!query.next_row()) return 1;
    try {
        return std::max<std::uint64_t>(1, std::stoull(query.text(0)));
    } catch (...) {
        return 1;
    }
}

bool genesis_present(sqlite3* db) {
    Statement query(db, "SELECT 1 FROM genesis WHERE slot = 1");
    return query.next_row();
}

// Height of the last block; nullopt if the query itself failed.
std::optional<std::uint64_t> stored_height(sqlite3* db) {
    Statement query(db, "SELECT COALESCE(MAX(height), 0) FROM blocks");
    if (!query.next_row()) return std::nullopt;
    return query.u64(0);
}

// Every row of a read-model table, in primary-key order; undecodable rows are skipped.
template <class T>
std::vector<T> read_rows(sqlite3* db, std::string_view sql) {
    std::vector<T> out;
    Statement query(db, sql);
    while (query.next_row()) {
        const Bytes row = query.blob(0);
        if (std::optional<T> value = row_from_bytes<T>(row)) out.push_back(std::move(*value));
    }
    return out;
}

template <class T, class Key>
std::optional<T> read_row(sqlite3* db, std::string_view sql, const Key& key) {
    Statement query(db, sql);
    bind_key(query, 1, key);
    if (!query.next_row()) return std::nullopt;
    const Bytes row = query.blob(0);
    return row_from_bytes<T>(row);
}

// Referendums read back whole: the row, its ballots and its electorate, each
// distinct list read once and shared by the referendums that name it, as the
// state shares it. A referendum whose row does not decode, or whose
// electorate is not stored whole (its accounts do not hash to its id), is
// skipped, as an undecodable row of any read-model table is.
class ReferendumReader {
public:
    explicit ReferendumReader(sqlite3* db)
        : members_(db, "SELECT account FROM electorate_members WHERE electorate_id = ?1 ORDER BY account"),
          ballots_(db, "SELECT account, yes FROM ballots WHERE referendum_id = ?1 ORDER BY account") {}

    // `query`'s columns are the referendum's row, then its electorate_id.
    std::optional<Referendum> read(const Statement& query) {
        std::optional<Referendum> r = row_from_bytes<Referendum>(query.blob(0));
        Hash256 list_id{};
        if (!r || !query.fixed(1, list_id)) return std::nullopt;
        const std::optional<Electorate>& electorate = electorate_named(list_id);
        if (!electorate) return std::nullopt;
        r->electorate = *electorate;
        ballots_.reset();
        ballots_.bind_u64(1, r->id);
        while (ballots_.next_row()) {
            AccountId account{};
            if (!ballots_.fixed(0, account)) return std::nullopt;
            r->ballots.emplace(account, ballots_.i64(1) != 0);
        }
        if (!ballots_.ok()) return std::nullopt;
        return r;
    }

private:
    const std::optional<Electorate>& electorate_named(const Hash256& list_id) {
        const auto known = lists_.find(list_id);
        if (known != lists_.end()) return known->second;
        std::vector<AccountId> accounts;
        members_.reset();
        members_.bind_blob(1, list_id);
        bool whole = true;
        while (whole && members_.next_row()) {
            accounts.emplace_back();
            whole = members_.fixed(0, accounts.back());
        }
        std::optional<Electorate> electorate;
        if (whole && members_.ok()) {
            // In primary-key order, so strictly increasing, as from_sorted needs.
            electorate = Electorate::from_sorted(std::move(accounts));
            if (electorate->id() != list_id) electorate.reset();
        }
        return lists_.emplace(list_id, std::move(electorate)).first->second;
    }

    Statement members_;
    Statement ballots_;
    std::map<Hash256, std::optional<Electorate>> lists_;
};

template <class T>
std::optional<T> decode_column(const Statement& query, int column) {
    const Bytes raw = query.blob(column);
    return codec::from_bytes<T>(raw);
}

std::optional<Event> event_from_row(const Statement& q) {
    Event e;
    e.height = q.u64(0);
    e.time_s = q.i64(2);
    const std::int64_t kind = q.i64(3);
    if (kind < 1 || kind > kEventKindLast) return std::nullopt;
    e.kind = static_cast<EventKind>(kind);
    if (!q.fixed(4, e.actor) || !q.fixed(5, e.subject)) return std::nullopt;
    e.object_id = q.u64(6);
    e.amount = q.u64(7);
    e.amount2 = q.u64(8);
    e.text = q.text(9);
    return e;
}

bool move_state_blob_to_rows(sqlite3* db, std::string* error) {
    std::optional<State> state;
    Hash256 root{};
    {
        Statement query(db, "SELECT root, state FROM state_snapshot WHERE slot = 1");
        if (!query.next_row()) return query.ok() || fail_sqlite(db, error, "cannot read the state snapshot");
        if (!query.fixed(0, root)) return true;
        state = decode_column<State>(query, 1);
    }
    // A version-1 group keeps its blob. A snapshot that does not decode, or
    // does not match its root, is left as it is: opening reports it as damage.
    if (!state || !uses_state_rows(*state) || state_root(*state) != root) return true;
    return sync_state_rows(db, state::state_tables(*state), error) &&
           exec(db, "DELETE FROM state_snapshot", error, "cannot remove the state snapshot");
}

// Format 4 kept each referendum's whole electorate and ballots in its row
// blob and its electorate again in one row per voter. The referendums are
// decoded from those blobs (the one codec of a Referendum), the three
// tables made again, and the referendums written the format-5 way. A row
// that does not decode refuses the step: the file stays in format 4.
bool store_each_electorate_once(sqlite3* db, std::string* error) {
    StateMap<std::uint64_t, Referendum> referendums;
    std::map<Hash256, Electorate> lists; // one list per id, shared as the state shares it
    {
        Statement query(db, "SELECT id, row FROM referendums ORDER BY id");
        while (query.next_row()) {
            const std::uint64_t id = query.u64(0);
            std::optional<Referendum> r = row_from_bytes<Referendum>(query.blob(1));
            if (!r || r->id != id)
                return fail(error, std::string(kDataDirDamaged) + ": the stored row of referendum " + std::to_string(id) +
                                       " does not decode. " + std::string(kDamagedDataDirAdvice));
            r->electorate = lists.try_emplace(r->electorate.id(), r->electorate).first->second;
            referendums.emplace(id, std::move(*r));
        }
        if (!query.ok()) return fail_sqlite(db, error, "cannot read the referendums");
    }
    // The tables that refer to referendums go first: with foreign keys on,
    // dropping a table deletes its rows, and that would cascade.
    return exec_script(db, "DROP TABLE ballots; DROP TABLE electorate; DROP TABLE referendums;", error,
                       "cannot drop the format-4 referendum tables") &&
           exec_script(db, kReferendumTables, error, "cannot create the referendum tables") &&
           sync_referendums(db, referendums, error);
}

// --- Opening ------------------------------------------------------------------

// PRAGMA journal_mode answers with the mode now in force.
bool enable_wal(sqlite3* db, std::string* error) {
    Statement pragma(db, "PRAGMA journal_mode=WAL");
    if (!pragma.next_row()) return fail_sqlite(db, error, "cannot read the database");
    const std::string mode = pragma.text(0);
    // An in-memory database (tests) keeps "memory"; any file must be in WAL.
    if (mode != "wal" && mode != "memory")
        return fail(error, "cannot switch the database to WAL mode (it stays in '" + mode + "')");
    return true;
}

// Settings of this connection only; nothing here writes to the file.
bool configure_connection(sqlite3* db, std::string* error) {
    sqlite3_extended_result_codes(db, 1);
    if (sqlite3_busy_timeout(db, kBusyTimeoutMs) != SQLITE_OK)
        return fail_sqlite(db, error, "cannot set the busy timeout");
    return true;
}

// Switches the file to WAL (a write, when it is not in WAL yet): only after
// the format check has accepted the file.
bool configure_durability(sqlite3* db, std::string* error) {
    return enable_wal(db, error) &&
           exec(db, "PRAGMA synchronous=FULL", error, "cannot set synchronous=FULL") &&
           exec(db, "PRAGMA foreign_keys=ON", error, "cannot enable foreign keys") &&
           // PRAGMA takes no bound parameters; both values are our constants.
           exec(db, "PRAGMA cache_size=-" + std::to_string(kPageCacheKiB), error, "cannot set the page cache size") &&
           exec(db, "PRAGMA wal_autocheckpoint=" + std::to_string(kWalAutoCheckpointPages), error,
                "cannot set the checkpoint interval");
}

std::string newer_format(int version) {
    return "this data dir was written by a newer Rateio (data format " + std::to_string(version) +
           "); this Rateio reads data formats up to " + std::to_string(Store::kFormatVersion) +
           ". Install the newer Rateio again: the data dir was left as it was";
}

// Number of tables in the file; nullopt if it cannot be read at all.
std::optional<std::int64_t> table_count(sqlite3* db) {
    Statement tables(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'");
    if (!tables.next_row()) return std::nullopt;
    return tables.i64(0);
}

std::optional<int> parse_version(std::string_view text) {
    int version = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec != std::errc{} || end != text.data() + text.size() || version < 1) return std::nullopt;
    return version;
}

struct FileFormat {
    bool fresh = false; // no table at all: a new file
    int version = 0;
};

// Reads the format of the file without writing to it: the header marker and
// the meta row, which agree in every file this code wrote. Refuses a foreign
// database, an unreadable marker and a newer format.
std::optional<FileFormat> read_file_format(sqlite3* db, std::string* error) {
    constexpr const char* kNotOurs = "the database is not a Rateio data dir (it has no format version)";
    const std::optional<std::int64_t> tables = table_count(db);
    if (!tables) {
        fail_sqlite(db, error, "cannot read the database schema");
        return std::nullopt;
    }
    Statement header(db, "PRAGMA user_version");
    if (!header.next_row()) {
        fail_sqlite(db, error, "cannot read the database header");
        return std::nullopt;
    }
    const std::int64_t header_version = header.i64(0);
    if (*tables == 0 && header_version == 0) return FileFormat{true, 0};
    if (header_version > Store::kFormatVersion) {
        fail(error, newer_format(static_cast<int>(std::min<std::int64_t>(header_version, INT32_MAX))));
        return std::nullopt;
    }

    Statement meta_table(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    const bool has_meta = meta_table.next_row();
    if (!has_meta && !meta_table.ok()) {
        fail_sqlite(db, error, "cannot read the database schema");
        return std::nullopt;
    }
    std::optional<std::string> meta_text;
    if (has_meta) {
        Statement version(db, "SELECT value FROM meta WHERE key = ?1");
        version.bind_text(1, kFormatVersionKey);
        if (version.next_row()) meta_text = version.text(0);
        else if (!version.ok()) {
            fail_sqlite(db, error, "cannot read the format version");
            return std::nullopt;
        }
    }
    if (!meta_text) {
        fail(error, kNotOurs);
        return std::nullopt;
    }
    const std::optional<int> meta_version = parse_version(*meta_text);
    if (!meta_version) {
        fail(error, "the data dir has an unreadable format version '" + *meta_text + "'");
        return std::nullopt;
    }
    if (*meta_version > Store::kFormatVersion) {
        fail(error, newer_format(*meta_version));
        return std::nullopt;
    }
    // Format 1 had no header marker; every later format has both, equal.
    const bool consistent = header_version == 0 ? *meta_version == 1 : header_version == *meta_version;
    if (!consistent) {
        fail(error, "the data dir's format markers disagree (header " + std::to_string(header_version) +
                        ", meta " + *meta_text + "): the database is damaged; restore it from a backup");
        return std::nullopt;
    }
    return FileFormat{false, *meta_version};
}

bool write_format_markers(sqlite3* db, int version, std::string* error) {
    // PRAGMA takes no bound parameters; version is one of our own integers.
    if (!exec(db, "PRAGMA user_version = " + std::to_string(version), error, "cannot record the format version"))
        return false;
    return write_meta(db, kFormatVersionKey, std::to_string(version), error, "cannot record the format version");
}

// Runs the steps from `version` up to Store::kFormatVersion, each in its own
// transaction. Under the write lock the format is read again: another process
// may have migrated the file meanwhile.
bool migrate(sqlite3* db, int version, std::string* error) {
    for (const Migration& step : kMigrations) {
        if (step.from_version < version) continue;
        WriteTransaction transaction(db);
        if (!transaction.begin(error)) return false;
        const std::optional<FileFormat> current = read_file_format(db, error);
        if (!current) return false;
        if (current->version > step.from_version) continue; // done by another process
        const std::string context = "cannot migrate the data dir from format " + std::to_string(step.from_version) +
                                    " to " + std::to_string(step.from_version + 1) + " (" + step.what + ")";
        if (*step.sql != '\0' && !exec_script(db, step.sql, error, context)) return false;
        if (step.convert != nullptr && !step.convert(db, error)) {
            if (error) *error = context + ": " + *error;
            return false;
        }
        if (!write_format_markers(db, step.from_version + 1, error) || !transaction.commit(error)) {
            if (error) *error = context + ": " + *error;
            return false;
        }
    }
    return true;
}

// Fresh file: creates the schema and records the format. Existing file, now
// in the current format: adds what a later build of this format may have
// added (IF NOT EXISTS throughout, e.g. an index).
bool prepare_schema(sqlite3* db, std::string* error) {
    // Only a file that looks fresh needs the write lock up front; it is
    // checked again under the lock, in case another process created it.
    const std::optional<std::int64_t> tables_before = table_count(db);
    if (!tables_before) return fail_sqlite(db, error, "cannot read the database schema");
    WriteTransaction transaction(db);
    const auto lock = *tables_before == 0 ? WriteTransaction::Lock::Immediate : WriteTransaction::Lock::Deferred;
    if (!transaction.begin(error, lock)) return false;
    const std::optional<FileFormat> format = read_file_format(db, error);
    if (!format) return false;
    if (!format->fresh && format->version != Store::kFormatVersion)
        return fail(error, "the data dir is in format " + std::to_string(format->version) + " after its migration");
    if (!exec_script(db, kSchema, error, "cannot create the database schema") ||
        !exec_script(db, kStateEntriesTable, error, "cannot create the database schema") ||
        !exec_script(db, kReferendumTables, error, "cannot create the database schema") ||
        !exec_script(db, kFormatSixTables, error, "cannot create the database schema"))
        return false;
    if (format->fresh && !write_format_markers(db, Store::kFormatVersion, error)) return false;
    return transaction.commit(error);
}

// Checks the format before anything writes to the file, so that a file from
// a newer Rateio (or a foreign one) is left exactly as it was; then WAL, the
// migrations and the schema.
bool open_file(sqlite3* db, std::string* error) {
    if (!configure_connection(db, error)) return false;
    const std::optional<FileFormat> format = read_file_format(db, error);
    if (!format) return false;
    if (!configure_durability(db, error)) return false;
    if (!format->fresh && !migrate(db, format->version, error)) return false;
    return prepare_schema(db, error);
}

} // namespace

// --- Store ----------------------------------------------------------------------

Store::Store(sqlite3* db) : db_(db) { StatementCache::instance().enrol(db_); }

Store::~Store() {
    // The checkpoint thread's connection closes first, so that this one is
    // the last and SQLite copies the WAL back and removes it.
    if (checkpointer_) {
        WalCheckpointer::uninstall(db_);
        checkpointer_.reset();
    }
    // The kept statements are finalized here, the others by their scope;
    // close_v2 still waits for any that were not instead of leaking the
    // connection.
    StatementCache::instance().release(db_);
    sqlite3_close_v2(db_);
}

std::unique_ptr<Store> Store::open(const std::string& path, std::string* error, const std::string& vfs_name) {
    return guarded<std::unique_ptr<Store>>(nullptr, error, [&]() -> std::unique_ptr<Store> {
        sqlite3* db = nullptr;
        // FULLMUTEX: the connection belongs to the node thread, but a stray
        // call from another thread must not corrupt memory.
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
        if (sqlite3_open_v2(path.c_str(), &db, flags, vfs_name.empty() ? nullptr : vfs_name.c_str()) != SQLITE_OK) {
            fail_sqlite(db, error, "cannot open the database " + path);
            sqlite3_close(db); // sqlite3_open_v2 may hand out a handle even on failure
            return nullptr;
        }
        std::unique_ptr<Store> store(new Store(db));
        if (!open_file(db, error)) return nullptr;
        store->start_checkpoints(vfs_name);
        return store;
    });
}

// A database in memory (tests) has no WAL. When the thread cannot start,
// SQLite's automatic checkpoint (configure_durability) stays in force.
void Store::start_checkpoints(const std::string& vfs_name) {
    const char* file = sqlite3_db_filename(db_, "main");
    if (file == nullptr || *file == '\0') return;
    std::string why_not; // nothing to report: the store works as before without the thread
    checkpointer_ = WalCheckpointer::start(file, vfs_name, &why_not);
    if (checkpointer_) checkpointer_->install(db_);
}

std::uint64_t Store::background_checkpoints() const { return checkpointer_ ? checkpointer_->checkpoints_done() : 0; }

bool Store::has_genesis() const {
    return guarded(false, nullptr, [&] { return genesis_present(db_); });
}

bool Store::write_genesis(const Genesis& genesis, const State& state, const std::vector<Event>& events,
                          std::string* error) {
    return guarded(false, error, [&] {
        WriteTransaction transaction(db_);
        if (!transaction.begin(error)) return false;
        if (genesis_present(db_)) return fail(error, "the database already holds a genesis");

        Statement insert(db_, "INSERT INTO genesis (slot, group_id, body) VALUES (1, ?1, ?2)");
        insert.bind_blob(1, genesis.group_id());
        insert.bind_blob(2, codec::to_bytes(genesis));
        if (!insert.run()) return fail_sqlite(db_, error, "cannot write the genesis");

        return write_state(db_, 0, state, state_root(state), nullptr, error) && write_read_model(db_, state, error) &&
               write_events(db_, 0, events, error) && transaction.commit(error);
    });
}

std::optional<Genesis> Store::genesis() const {
    return guarded<std::optional<Genesis>>(std::nullopt, nullptr, [&]() -> std::optional<Genesis> {
        Statement query(db_, "SELECT body FROM genesis WHERE slot = 1");
        if (!query.next_row()) return std::nullopt;
        return decode_column<Genesis>(query, 0);
    });
}

namespace {

bool erase_consensus_records(sqlite3* db, std::uint64_t below_height, std::string* error) {
    Statement erase(db, "DELETE FROM consensus_records WHERE height < ?1");
    erase.bind_u64(1, below_height);
    if (!erase.run()) return fail_sqlite(db, error, "cannot prune consensus records");
    return true;
}

} // namespace

bool Store::commit_block(const Block& block, const CommitCertificate& certificate, const State& state_after,
                         const std::vector<Event>& events, std::string* error, const State* state_before) {
    return commit_blocks({BlockToCommit{block, certificate, events}}, state_after, error, state_before);
}

namespace {

std::vector<const state::HeaderStep*> header_steps(const std::vector<state::HeaderStep>& changes,
                                                   const state::HeaderStep& base) {
    std::vector<const state::HeaderStep*> steps;
    for (const state::HeaderStep& step : changes) steps.push_back(&step);
    steps.push_back(&base);
    return steps;
}

} // namespace

bool Store::commit_blocks(const std::vector<BlockToCommit>& blocks, const State& state_after, std::string* error,
                          const State* state_before) {
    return guarded(false, error, [&] {
        if (blocks.empty()) return fail(error, "cannot commit an empty list of blocks");
        WriteTransaction transaction(db_);
        if (!transaction.begin(error)) return false;
        if (!genesis_present(db_)) return fail(error, "cannot commit a block: the database has no genesis");
        const std::optional<std::uint64_t> current = stored_height(db_);
        if (!current) return fail_sqlite(db_, error, "cannot read the stored height");
        std::uint64_t expected = *current + 1;
        for (std::size_t i = 0; i + 1 < blocks.size(); ++i)
            if (changes_validators(blocks[i].events))
                return fail(error, "cannot commit block " + std::to_string(blocks[i].block.header.height) +
                                       " with later blocks: a block that changes the validators is the last of its commit");
        for (const BlockToCommit& entry : blocks) {
            const std::uint64_t height = entry.block.header.height;
            if (height != expected)
                return fail(error, "cannot commit block " + std::to_string(height) + ": the next height is " +
                                       std::to_string(expected));
            if (!write_block_row(db_, entry.block, entry.certificate, error) ||
                !write_transactions(db_, entry.block, error) || !write_events(db_, height, entry.events, error))
                return false;
            ++expected;
        }
        const BlockHeader& last = blocks.back().block.header;
        // A state before of another height cannot be the one stored: the
        // read model is then compared with the table itself.
        const bool diff_in_memory = state_before && state_before->height == *current;
        // The last block's header carries the root of the state after it:
        // apply_block checked it, so it is not hashed a third time here.
        // The checkpoint goes with the first block of each interval: a
        // commit of several blocks that crosses into a new one saves it too.
        const bool checkpoint_due =
            uses_state_rows(state_after) && last.height / checkpoint_interval_blocks_ != *current / checkpoint_interval_blocks_;
        return write_state(db_, last.height, state_after, last.state_root, diff_in_memory ? state_before : nullptr,
                           error) &&
               (!checkpoint_due || write_checkpoint(db_, last.height, state::state_checkpoint(state_after), error)) &&
               (!uses_state_rows(state_after) || !changes_validators(blocks.back().events) ||
                write_validator_change(db_, last.height, state::validators_table_proof(state_after), error)) &&
               (diff_in_memory ? update_read_model(db_, *state_before, state_after, error)
                               : write_read_model(db_, state_after, error)) &&
               // Finished with the blocks: pruned in the same transaction, so a
               // commit costs one fsync, not two (the latency of every block).
               erase_consensus_records(db_, last.height + 1, error) && transaction.commit(error);
    });
}

bool Store::write_synced_state(const std::vector<state::HeaderStep>& changes, const state::HeaderStep& base,
                               const State& state, std::string* error) {
    return guarded(false, error, [&] {
        const std::uint64_t height = base.header.height;
        if (height == 0 || state.height != height)
            return fail(error, "cannot write a synced state: it is not the state after block " + std::to_string(height));
        if (!uses_state_rows(state))
            return fail(error, "cannot write a synced state of protocol version " +
                                   std::to_string(state.protocol_version));
        const Hash256 root = state_root(state);
        if (root != base.header.state_root)
            return fail(error, "cannot write a synced state: its root is not the one in the header of block " +
                                   std::to_string(height));
        for (std::size_t i = 0; i < changes.size(); ++i)
            if (changes[i].header.height >= height || (i > 0 && changes[i].header.height <= changes[i - 1].header.height))
                return fail(error, "cannot write a synced state: its validator changes are not in order before it");
        WriteTransaction transaction(db_);
        if (!transaction.begin(error)) return false;
        if (!genesis_present(db_)) return fail(error, "cannot write a synced state: the database has no genesis");
        const std::optional<std::uint64_t> current = stored_height(db_);
        if (!current) return fail_sqlite(db_, error, "cannot read the stored height");
        if (*current != 0)
            return fail(error, "cannot write a synced state: the database already holds block " + std::to_string(*current));
        // The headers it was verified through, each with the validators'
        // proof, so that this node serves the same chain of headers to
        // light clients (Node::header_chain); the base is the last of them.
        for (const state::HeaderStep* step : header_steps(changes, base)) {
            if (!write_block_row(db_, Block{step->header, {}}, step->certificate, error) ||
                !write_validator_change(db_, step->header.height, step->validators, error))
                return false;
        }
        return write_state(db_, height, state, root, nullptr, error) && write_read_model(db_, state, error) &&
               write_checkpoint(db_, height, state::state_checkpoint(state), error) &&
               write_meta(db_, kHistoryFromKey, std::to_string(height + 1), error, "cannot record where the history starts") &&
               transaction.commit(error);
    });
}

namespace {

// One backfilled block in place of what the store held of its height.
bool replace_backfilled_block(sqlite3* db, const Store::BlockToCommit& b, std::string* error) {
    const std::uint64_t height = b.block.header.height;
    for (const char* sql : {"DELETE FROM transactions WHERE height = ?1", "DELETE FROM events WHERE height = ?1",
                            "DELETE FROM blocks WHERE height = ?1"}) {
        Statement erase(db, sql);
        erase.bind_u64(1, height);
        if (!erase.run()) return fail_sqlite(db, error, "cannot replace block " + std::to_string(height));
    }
    return write_block_row(db, b.block, b.certificate, error) && write_transactions(db, b.block, error) &&
           write_events(db, height, b.events, error);
}

} // namespace

bool Store::write_backfilled_blocks(const std::vector<BlockToCommit>& blocks, std::string* error) {
    return guarded(false, error, [&] {
        if (blocks.empty()) return fail(error, "no block to backfill");
        WriteTransaction transaction(db_);
        if (!transaction.begin(error)) return false;
        const std::uint64_t history_start = history_from(db_);
        std::uint64_t expected = blocks.front().block.header.height;
        for (const BlockToCommit& b : blocks) {
            const std::uint64_t height = b.block.header.height;
            if (height != expected || height == 0 || height >= history_start)
                return fail(error, "cannot backfill block " + std::to_string(height) + ": the history below block " +
                                       std::to_string(history_start) + " is filled in order, once");
            if (!replace_backfilled_block(db_, b, error)) return false;
            ++expected;
        }
        if (expected == history_start &&
            !write_meta(db_, kHistoryFromKey, "1", error, "cannot record that the history is complete"))
            return false;
        return transaction.commit(error);
    });
}

std::uint64_t Store::history_from_height() const {
    return guarded<std::uint64_t>(1, nullptr, [&] { return history_from(db_); });
}

std::uint64_t Store::height() const {
    return guarded<std::uint64_t>(0, nullptr, [&] { return stored_height(db_).value_or(0); });
}

namespace {

// The header of the block at `height`, and its transaction count; nullopt
// when there is no such block or its header does not decode to that height.
std::optional<BlockHeader> read_block_header(sqlite3* db, std::uint64_t height, std::uint64_t* tx_count) {
    Statement query(db, "SELECT header, tx_count FROM blocks WHERE height = ?1");
    query.bind_u64(1, height);
    if (!query.next_row()) return std::nullopt;
    std::optional<BlockHeader> header = decode_column<BlockHeader>(query, 0);
    if (!header || header->height != height) return std::nullopt;
    *tx_count = query.u64(1);
    return header;
}

std::string short_hex(const Hash256& hash) { return codec::to_hex(hash).substr(0, 16) + "..."; }

// A refusal to open a damaged data dir: what is wrong, and what to do.
std::nullopt_t damaged(std::string* problem, const std::string& what) {
    fail(problem, std::string(kDataDirDamaged) + ": " + what + ". " + std::string(kDamagedDataDirAdvice));
    return std::nullopt;
}

// The root the stored state must have: the one in the last block's header,
// or at height 0 the root of the state the genesis creates.
std::optional<Hash256> committed_root(sqlite3* db, std::uint64_t height, std::string* problem) {
    if (height > 0) {
        std::uint64_t tx_count = 0;
        const std::optional<BlockHeader> header = read_block_header(db, height, &tx_count);
        if (!header)
            return damaged(problem, "block " + std::to_string(height) +
                                        " is missing from the database, or its header does not decode");
        return header->state_root;
    }
    Statement query(db, "SELECT body FROM genesis WHERE slot = 1");
    const std::optional<Genesis> genesis = query.next_row() ? decode_column<Genesis>(query, 0) : std::nullopt;
    if (!genesis) return damaged(problem, "the state is stored, but its genesis does not read back");
    return state_root(genesis_state(*genesis));
}

// The checkpoint saved in the store, as read and checked by open.
struct SavedCheckpoint {
    std::uint64_t height = 0;
    state::Checkpoint nodes;
};

std::string checkpoint_name(std::uint64_t height) {
    return "the checkpoint of the state's tries saved at block " + std::to_string(height);
}

// The saved checkpoint: nullopt with *problem empty when there is none (a
// store that has not saved one yet), nullopt with *problem set when it cannot
// be read or is malformed (*malformed then), or names a block after
// `stored_height`.
std::optional<SavedCheckpoint> read_checkpoint(sqlite3* db, std::uint64_t stored_height, std::string* problem,
                                               bool* malformed) {
    const auto refuse = [&](const std::string& what) {
        *malformed = true;
        fail(problem, what);
        return std::nullopt;
    };
    Statement mark(db, "SELECT value FROM meta WHERE key = ?1");
    mark.bind_text(1, kCheckpointHeightKey);
    Statement rows(db, "SELECT table_id, first_byte, hash, typeof(table_id), typeof(first_byte) "
                       "FROM state_checkpoint ORDER BY table_id, first_byte");
    const bool marked = mark.next_row();
    const bool any_row = rows.next_row();
    if (!mark.ok() || !rows.ok()) {
        fail_sqlite(db, problem, "cannot read the state checkpoint");
        return std::nullopt;
    }
    if (!marked && !any_row) return std::nullopt;
    SavedCheckpoint saved;
    const std::string height_text = marked ? mark.text(0) : std::string();
    const auto parsed = std::from_chars(height_text.data(), height_text.data() + height_text.size(), saved.height);
    if (!marked || parsed.ec != std::errc() || parsed.ptr != height_text.data() + height_text.size())
        return refuse("the checkpoint of the state's tries has no valid height");
    if (saved.height > stored_height)
        return refuse(checkpoint_name(saved.height) + " is after the last block, " + std::to_string(stored_height));
    for (bool more = any_row; more; more = rows.next_row()) {
        const std::int64_t table_id = rows.i64(0);
        const std::int64_t first_byte = rows.i64(1);
        state::FirstByteNode node;
        if (rows.text(3) != "integer" || rows.text(4) != "integer" || table_id < 1 ||
            table_id > state::kTableIdLast || first_byte < 0 || first_byte > 0xff || !rows.fixed(2, node.hash))
            return refuse(checkpoint_name(saved.height) + " has a malformed row (table " + rows.text(0) +
                          ", first byte " + rows.text(1) + ")");
        node.first_byte = static_cast<std::uint8_t>(first_byte);
        saved.nodes[static_cast<std::size_t>(table_id - 1)].push_back(node);
    }
    if (!rows.ok()) {
        fail_sqlite(db, problem, "cannot read the state checkpoint");
        return std::nullopt;
    }
    return saved;
}

// Where the rows differ from a checkpoint of the same block: each table's
// first bytes whose node differs, the first few of them named.
std::string rows_differing_from(const state::Checkpoint& rows, const SavedCheckpoint& saved) {
    constexpr std::size_t kNamedMax = 8;
    std::vector<std::string> named;
    std::size_t differing = 0;
    for (std::size_t i = 0; i < state::kTableCount; ++i) {
        std::map<std::uint8_t, Hash256> by_byte;
        for (const state::FirstByteNode& node : saved.nodes[i]) by_byte[node.first_byte] = node.hash;
        std::map<std::uint8_t, std::optional<Hash256>> found;
        for (const state::FirstByteNode& node : rows[i]) found[node.first_byte] = node.hash;
        for (const auto& [byte, hash] : by_byte) found.try_emplace(byte, std::nullopt);
        for (const auto& [byte, hash] : found) {
            const auto expected = by_byte.find(byte);
            if (expected != by_byte.end() && hash == expected->second) continue;
            ++differing;
            if (named.size() < kNamedMax)
                named.push_back(std::string("the ") + state::table_name(static_cast<state::TableId>(i + 1)) +
                                " rows whose keys start with " + codec::to_hex(ByteView(&byte, 1)));
        }
    }
    std::string text;
    for (const std::string& part : named) text += (text.empty() ? "" : ", ") + part;
    if (differing > named.size()) text += " and " + std::to_string(differing - named.size()) + " more";
    return text;
}

// Checks the saved checkpoint against the header of its block, and names the
// damaged rows with it when it is of the stored block. nullopt when the state
// opens; else why not. `rows_root` and `trees` are the rows' root and tries.
std::optional<std::string> check_checkpoint(sqlite3* db, std::uint64_t height, const Hash256& rows_root,
                                            const Hash256& expected, const state::TableTrees& trees,
                                            bool* damage) {
    std::string why;
    bool malformed = false;
    std::optional<SavedCheckpoint> saved = read_checkpoint(db, height, &why, &malformed);
    std::optional<std::string> checkpoint_problem;
    if (!saved && !why.empty()) {
        *damage = malformed;
        checkpoint_problem = why;
    } else if (saved) {
        const std::optional<Hash256> root = state::checkpoint_root(saved->nodes);
        // Its block's header or the genesis; a missing one is damage as well
        // (committed_root's own words are already a full refusal).
        const std::optional<Hash256> committed = committed_root(db, saved->height, nullptr);
        if (!root || !committed || *root != *committed) {
            *damage = true;
            checkpoint_problem = checkpoint_name(saved->height) + " does not match that block's header";
        }
    }
    if (rows_root == expected) return checkpoint_problem;
    *damage = true;
    std::string where;
    if (saved && !checkpoint_problem && saved->height == height) {
        where = "; compared with " + checkpoint_name(height) + ", the damage is in " +
                rows_differing_from(trees.checkpoint(), *saved);
    } else if (saved && !checkpoint_problem) {
        where = "; " + checkpoint_name(saved->height) + " is older, so it cannot say which rows";
    }
    return "the group state stored after block " + std::to_string(height) + " has the state root " +
           short_hex(rows_root) + ", but " +
           (height == 0 ? std::string("the genesis") : "that block's header") + " commits to " + short_hex(expected) +
           " (an entry was changed, added or removed)" + where + (checkpoint_problem ? "; " + *checkpoint_problem : "");
}

// The state of a version-1 group: its snapshot, whose stored root catches a
// blob that decodes but is not what was written.
std::optional<State> load_state_snapshot(const Statement& query, std::string* problem) {
    Hash256 root{};
    std::optional<State> state = query.fixed(0, root) ? decode_column<State>(query, 1) : std::nullopt;
    if (!state || state_root(*state) != root)
        return damaged(problem, "the saved state snapshot does not decode, or does not match the root saved with it");
    return state;
}

// One half of a version-2 group's rows (KeyHalf), as one thread reads,
// checks, decodes and hashes them.
struct StateHalf {
    state::Tables rows; // every table but members and nonces
    std::size_t row_count = 0;
    bool read = false;       // every row read and well formed
    bool malformed = false;   // a row refused (damage), not a read that failed
    bool undecodable = false; // a member or nonce that does not decode (damage)
    std::string problem;
    state::AccountMaps accounts;
    state::TableTrees trees; // hashed on the thread that built them
};

using AccountHashes = std::vector<std::pair<AccountId, Hash256>>;

// The members and nonces, the tables that grow with the group, as they are
// read: decoded, and their values hashed for the tries, without a copy.
bool scan_account_table(sqlite3* db, state::TableId table, KeyHalf which, StateHalf& half,
                        state::AccountDecoder& decoder, AccountHashes& hashes) {
    return scan_table_rows(db, table, which, /*refuse_malformed=*/true, &half.problem, &half.malformed,
                           [&](ByteView key, ByteView value) {
                               if (!decoder.add(table, key, value, &half.problem)) {
                                   half.undecodable = true;
                                   return false;
                               }
                               AccountId account{};
                               std::copy(key.begin(), key.end(), account.begin());
                               hashes.emplace_back(account, crypto::sha256(value));
                               ++half.row_count;
                               return true;
                           });
}

// Fills `half` with the rows of `which` half read through `db`. Catches
// everything: it runs on its own thread.
void load_state_half(sqlite3* db, KeyHalf which, StateHalf& half) noexcept {
    try {
        state::AccountDecoder decoder;
        AccountHashes member_hashes;
        AccountHashes nonce_hashes;
        for (std::size_t i = 0; i < state::kTableCount; ++i) {
            const auto table = static_cast<state::TableId>(i + 1);
            const bool accounts = table == state::TableId::Members || table == state::TableId::Nonces;
            const bool scanned =
                accounts ? scan_account_table(db, table, which, half, decoder,
                                              table == state::TableId::Members ? member_hashes : nonce_hashes)
                         : read_table_rows(db, table, which, half.rows[i], /*refuse_malformed=*/true, &half.problem,
                                           &half.malformed);
            if (!scanned) return;
            if (!accounts) half.row_count += half.rows[i].size();
        }
        half.read = true;
        half.accounts = decoder.finish();
        half.trees = state::TableTrees::from_tables(half.rows);
        half.trees.assign_sorted(state::TableId::Members, std::move(member_hashes));
        half.trees.assign_sorted(state::TableId::Nonces, std::move(nonce_hashes));
        // The threading contract of MerkleMap: every node is hashed on the
        // thread that built it, before the tries are handed to the caller.
        (void)half.trees.root();
    } catch (const std::exception&) {
        half.read = false;
        half.problem = "not enough memory to read the group state";
    }
}

// The state of a version-2 group: rebuilt from its rows, and checked against
// the root the chain committed to at the stored height. The rows are read in
// two halves by the first bit of their keys: through `second` on another
// thread when there is a second connection (which must see the same commit as
// `db`), else one after the other. Each half is decoded and its tries built
// and hashed where it was read; the halves' maps are then joined under one
// node each, so that opening a large group costs about half its work on each
// of two cores, and the tries become the state's root cache, so that the
// first block costs its changes only.
std::optional<State> load_state_rows(sqlite3* db, sqlite3* second, std::string* problem) {
    bool malformed = false;
    std::string why;
    if (!refuse_rows_of_no_table(db, &why, &malformed)) {
        // A read that failed (I/O, a lock) says nothing of the rows: only a malformed row is damage.
        if (malformed) return damaged(problem, why);
        fail(problem, why);
        return std::nullopt;
    }
    StateHalf low;
    StateHalf high;
    if (second != nullptr) {
        std::jthread other([&] { load_state_half(second, KeyHalf::High, high); });
        load_state_half(db, KeyHalf::Low, low);
    } else {
        load_state_half(db, KeyHalf::Low, low);
        if (low.read) load_state_half(db, KeyHalf::High, high);
    }
    for (StateHalf* half : {&low, &high}) {
        if (half->read || half->undecodable) continue;
        // A read that failed (I/O, a lock) says nothing of the rows: only a malformed row is damage.
        if (half->malformed) return damaged(problem, half->problem);
        fail(problem, half->problem);
        return std::nullopt;
    }
    if (low.row_count + high.row_count == 0) {
        fail(problem, "the database holds no saved state");
        return std::nullopt;
    }
    const std::optional<std::uint64_t> height = stored_height(db);
    if (!height) {
        fail_sqlite(db, problem, "cannot read the stored height");
        return std::nullopt;
    }
    const std::string after_block = "the group state stored after block " + std::to_string(*height);
    for (StateHalf* half : {&low, &high})
        if (half->undecodable) return damaged(problem, after_block + " does not decode: " + half->problem);
    state::Tables tables = std::move(low.rows);
    for (std::size_t i = 0; i < state::kTableCount; ++i)
        std::move(high.rows[i].begin(), high.rows[i].end(), std::back_inserter(tables[i]));
    std::optional<State> state = state::state_from_tables(
        tables, state::AccountMaps::join_halves(std::move(low.accounts), std::move(high.accounts)), &why);
    if (!state) return damaged(problem, after_block + " does not decode: " + why);
    if (!uses_state_rows(*state))
        return damaged(problem, after_block + " is at protocol version " + std::to_string(state->protocol_version) +
                                    ", which keeps its state as one snapshot, not as rows");
    if (state->height != *height)
        return damaged(problem, after_block + " is the state after block " + std::to_string(state->height));
    const std::optional<Hash256> expected = committed_root(db, *height, problem);
    if (!expected) return std::nullopt;
    state::TableTrees trees = state::TableTrees::join_halves(std::move(low.trees), std::move(high.trees));
    const Hash256 root = trees.root();
    bool damage = false;
    if (const std::optional<std::string> refused = check_checkpoint(db, *height, root, *expected, trees, &damage)) {
        if (damage) return damaged(problem, *refused);
        fail(problem, *refused);
        return std::nullopt;
    }
    (void)state::adopt_root_cache(*state, std::move(trees));
    return state;
}

struct ConnectionCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using ReaderConnection = std::unique_ptr<sqlite3, ConnectionCloser>;

// A second, read-only connection to the file `db` has open, through the same
// VFS, to read half of a large group's rows on another thread. Null for an
// in-memory database, or when it cannot be opened: then `db` reads both.
ReaderConnection open_second_reader(sqlite3* db) {
    const char* filename = sqlite3_db_filename(db, "main");
    sqlite3_vfs* vfs = nullptr;
    if (filename == nullptr || *filename == '\0' ||
        sqlite3_file_control(db, "main", SQLITE_FCNTL_VFS_POINTER, &vfs) != SQLITE_OK || vfs == nullptr)
        return nullptr;
    sqlite3* reader = nullptr;
    const int opened = sqlite3_open_v2(filename, &reader, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, vfs->zName);
    ReaderConnection connection(reader);
    if (opened != SQLITE_OK || !configure_connection(reader, nullptr)) return nullptr;
    return connection;
}

} // namespace

std::optional<State> Store::load_state(std::string* problem) const {
    return guarded<std::optional<State>>(std::nullopt, problem, [&]() -> std::optional<State> {
        // One read transaction: the rows, the height and the header all as of
        // one commit. With a second connection, this one holds the write lock
        // while the other begins to read, so that no commit comes between the
        // two: both read the same commit. When another connection holds that
        // lock, this one does not wait for it but reads alone.
        ReaderConnection second = open_second_reader(db_);
        WriteTransaction snapshot(db_);
        if (second) {
            sqlite3_busy_timeout(db_, 0);
            const bool locked = snapshot.begin(nullptr, WriteTransaction::Lock::Immediate);
            sqlite3_busy_timeout(db_, kBusyTimeoutMs);
            if (!locked) second.reset();
        }
        if (!second && !snapshot.begin(problem, WriteTransaction::Lock::Deferred)) return std::nullopt;
        Statement query(db_, "SELECT root, state FROM state_snapshot WHERE slot = 1");
        if (query.next_row()) return load_state_snapshot(query, problem);
        if (!query.ok()) {
            fail_sqlite(db_, problem, "cannot read the saved state");
            return std::nullopt;
        }
        if (second && !exec(second.get(), "BEGIN DEFERRED", nullptr, "cannot start a transaction")) second.reset();
        return load_state_rows(db_, second.get(), problem);
    });
}

bool Store::changes_validators(const std::vector<Event>& events) {
    return std::any_of(events.begin(), events.end(), [](const Event& e) {
        return e.kind == EventKind::ValidatorAdded || e.kind == EventKind::ValidatorRemoved;
    });
}

std::vector<Store::ValidatorChange> Store::validator_changes_after(std::uint64_t height, std::size_t limit) const {
    return guarded<std::vector<ValidatorChange>>({}, nullptr, [&] {
        std::vector<ValidatorChange> changes;
        Statement query(db_, "SELECT height, proof FROM validator_changes WHERE height > ?1 ORDER BY height LIMIT ?2");
        query.bind_u64(1, height);
        query.bind_u64(2, limit);
        while (query.next_row()) {
            std::optional<state::TableProof> proof = decode_column<state::TableProof>(query, 1);
            if (!proof) break; // a damaged row ends the list: a client then fails to follow, safely
            changes.push_back(ValidatorChange{query.u64(0), std::move(*proof)});
        }
        return changes;
    });
}

std::optional<state::HeaderCheckpoint> Store::newest_validator_change() const {
    return guarded<std::optional<state::HeaderCheckpoint>>(std::nullopt, nullptr, [&]() -> std::optional<state::HeaderCheckpoint> {
        const std::uint64_t history = history_from(db_);
        const std::uint64_t synced_base = history > 1 ? history - 1 : 0;
        Statement query(db_, "SELECT MAX(height) FROM validator_changes WHERE height > 0 AND height <> ?1");
        query.bind_u64(1, synced_base);
        if (!query.next_row() || query.is_null(0)) return std::nullopt;
        const std::uint64_t height = query.u64(0);
        std::uint64_t tx_count = 0;
        const std::optional<BlockHeader> header = read_block_header(db_, height, &tx_count);
        if (!header) return std::nullopt;
        return state::HeaderCheckpoint{height, header->hash()};
    });
}

bool Store::set_trust_checkpoint(const state::HeaderCheckpoint& checkpoint, std::string* error) {
    return guarded(false, error, [&] {
        WriteTransaction transaction(db_);
        return transaction.begin(error) &&
               write_meta(db_, kTrustCheckpointHeightKey, std::to_string(checkpoint.height), error,
                          "cannot record the checkpoint to trust") &&
               write_meta(db_, kTrustCheckpointHashKey, codec::to_hex(checkpoint.block_hash), error,
                          "cannot record the checkpoint to trust") &&
               transaction.commit(error);
    });
}

std::optional<state::HeaderCheckpoint> Store::trust_checkpoint() const {
    return guarded<std::optional<state::HeaderCheckpoint>>(std::nullopt, nullptr, [&]() -> std::optional<state::HeaderCheckpoint> {
        Statement query(db_, "SELECT h.value, b.value FROM meta h JOIN meta b ON b.key = ?2 WHERE h.key = ?1");
        query.bind_text(1, kTrustCheckpointHeightKey);
        query.bind_text(2, kTrustCheckpointHashKey);
        if (!query.next_row()) return std::nullopt;
        Bytes hash;
        std::uint64_t height = 0;
        try {
            height = std::stoull(query.text(0));
        } catch (...) {
            return std::nullopt;
        }
        if (height == 0 || !codec::from_hex(query.text(1), hash) || hash.size() != std::tuple_size_v<Hash256>)
            return std::nullopt;
        state::HeaderCheckpoint checkpoint{height, {}};
        std::copy(hash.begin(), hash.end(), checkpoint.block_hash.begin());
        return checkpoint;
    });
}

void Store::set_checkpoint_interval_blocks(std::uint64_t blocks) {
    checkpoint_interval_blocks_ = std::max<std::uint64_t>(blocks, 1);
}

bool Store::save_checkpoint(const State& state, std::string* error) {
    return guarded(false, error, [&] {
        if (!uses_state_rows(state))
            return fail(error, "a group at protocol version 1 keeps no checkpoint of its state's tries");
        WriteTransaction transaction(db_);
        if (!transaction.begin(error)) return false;
        const std::optional<std::uint64_t> current = stored_height(db_);
        if (!current) return fail_sqlite(db_, error, "cannot read the stored height");
        if (state.height != *current)
            return fail(error, "cannot save the checkpoint of the state after block " + std::to_string(state.height) +
                                   ": the store holds the state after block " + std::to_string(*current));
        return write_checkpoint(db_, state.height, state::state_checkpoint(state), error) && transaction.commit(error);
    });
}

std::optional<std::uint64_t> Store::checkpoint_height() const {
    return guarded<std::optional<std::uint64_t>>(std::nullopt, nullptr, [&]() -> std::optional<std::uint64_t> {
        const std::optional<std::string> text = meta(kCheckpointHeightKey);
        std::uint64_t height = 0;
        if (!text || std::from_chars(text->data(), text->data() + text->size(), height).ec != std::errc())
            return std::nullopt;
        return height;
    });
}

std::optional<Hash256> Store::state_root_from_rows(std::string* problem) const {
    return guarded<std::optional<Hash256>>(std::nullopt, problem, [&]() -> std::optional<Hash256> {
        state::Tables tables;
        if (!read_state_rows(db_, tables, /*refuse_malformed=*/true, problem)) return std::nullopt;
        return state::state_root_of_tables(tables);
    });
}

std::optional<Bytes> Store::state_entry(state::TableId table, ByteView key, std::string* problem) const {
    if (problem) problem->clear();
    return guarded<std::optional<Bytes>>(std::nullopt, problem, [&]() -> std::optional<Bytes> {
        Statement query(db_, "SELECT value FROM state_entries WHERE table_id = ?1 AND key = ?2");
        query.bind_i64(1, static_cast<std::int64_t>(table));
        query.bind_blob(2, key);
        if (query.next_row()) return query.blob(0);
        if (!query.ok()) fail_sqlite(db_, problem, "cannot read the state's rows");
        return std::nullopt;
    });
}

std::optional<std::vector<state::Entry>> Store::state_table(state::TableId table, std::string* problem) const {
    using Rows = std::optional<std::vector<state::Entry>>;
    return guarded<Rows>(std::nullopt, problem, [&]() -> Rows {
        std::vector<state::Entry> rows;
        if (!read_table_rows(db_, table, KeyHalf::All, rows, /*refuse_malformed=*/true, problem, nullptr))
            return std::nullopt;
        return rows;
    });
}

std::optional<Block> Store::block(std::uint64_t height) const {
    return guarded<std::optional<Block>>(std::nullopt, nullptr, [&]() -> std::optional<Block> {
        // Below the synced state only the header is held (write_synced_state).
        if (height < history_from(db_)) return std::nullopt;
        std::uint64_t tx_count = 0;
        std::optional<BlockHeader> header = read_block_header(db_, height, &tx_count);
        if (!header) return std::nullopt;

        Block block;
        block.header = std::move(*header);
        Statement txs(db_, "SELECT body FROM transactions WHERE height = ?1 ORDER BY idx");
        txs.bind_u64(1, height);
        while (txs.next_row()) {
            std::optional<Transaction> tx = decode_column<Transaction>(txs, 0);
            if (!tx) return std::nullopt;
            block.transactions.push_back(std::move(*tx));
        }
        if (!txs.ok() || block.transactions.size() != tx_count) return std::nullopt;
        return block;
    });
}

std::optional<BlockHeader> Store::block_header(std::uint64_t height) const {
    return guarded<std::optional<BlockHeader>>(std::nullopt, nullptr, [&] {
        std::uint64_t tx_count = 0;
        return read_block_header(db_, height, &tx_count);
    });
}

std::optional<CommitCertificate> Store::certificate(std::uint64_t height) const {
    return guarded<std::optional<CommitCertificate>>(std::nullopt, nullptr,
                                                     [&]() -> std::optional<CommitCertificate> {
        Statement query(db_, "SELECT certificate FROM blocks WHERE height = ?1");
        query.bind_u64(1, height);
        if (!query.next_row()) return std::nullopt;
        return decode_column<CommitCertificate>(query, 0);
    });
}

std::optional<Store::TransactionLocation> Store::find_transaction(const Hash256& id) const {
    return guarded<std::optional<TransactionLocation>>(std::nullopt, nullptr,
                                                       [&]() -> std::optional<TransactionLocation> {
        Statement query(db_, "SELECT height, idx FROM transactions WHERE id = ?1");
        query.bind_blob(1, id);
        if (!query.next_row()) return std::nullopt;
        return TransactionLocation{query.u64(0), static_cast<std::uint32_t>(query.u64(1))};
    });
}

std::vector<Member> Store::members() const {
    return guarded<std::vector<Member>>({}, nullptr,
                                        [&] { return read_rows<Member>(db_, "SELECT row FROM members ORDER BY account"); });
}

std::optional<Member> Store::member(const AccountId& account) const {
    return guarded<std::optional<Member>>(std::nullopt, nullptr, [&] {
        return read_row<Member>(db_, "SELECT row FROM members WHERE account = ?1", account);
    });
}

std::vector<Applicant> Store::applicants() const {
    return guarded<std::vector<Applicant>>({}, nullptr, [&] {
        return read_rows<Applicant>(db_, "SELECT row FROM applicants ORDER BY account");
    });
}

std::vector<Plant> Store::plants() const {
    return guarded<std::vector<Plant>>({}, nullptr,
                                       [&] { return read_rows<Plant>(db_, "SELECT row FROM plants ORDER BY id"); });
}

std::optional<Plant> Store::plant(std::uint64_t id) const {
    return guarded<std::optional<Plant>>(std::nullopt, nullptr,
                                         [&] { return read_row<Plant>(db_, "SELECT row FROM plants WHERE id = ?1", id); });
}

std::vector<Referendum> Store::referendums() const {
    return guarded<std::vector<Referendum>>({}, nullptr, [&] {
        std::vector<Referendum> out;
        ReferendumReader reader(db_);
        Statement query(db_, "SELECT row, electorate_id FROM referendums ORDER BY id");
        while (query.next_row())
            if (std::optional<Referendum> r = reader.read(query)) out.push_back(std::move(*r));
        return out;
    });
}

std::optional<Referendum> Store::referendum(std::uint64_t id) const {
    return guarded<std::optional<Referendum>>(std::nullopt, nullptr, [&]() -> std::optional<Referendum> {
        Statement query(db_, "SELECT row, electorate_id FROM referendums WHERE id = ?1");
        query.bind_u64(1, id);
        if (!query.next_row()) return std::nullopt;
        return ReferendumReader(db_).read(query);
    });
}

std::vector<Offer> Store::offers() const {
    return guarded<std::vector<Offer>>({}, nullptr,
                                       [&] { return read_rows<Offer>(db_, "SELECT row FROM offers ORDER BY id"); });
}

std::vector<Event> Store::events_since(std::uint64_t from_height, std::size_t limit) const {
    return guarded<std::vector<Event>>({}, nullptr, [&] {
        std::vector<Event> out;
        constexpr auto kSqlIntegerMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        if (limit == 0 || from_height > kSqlIntegerMax) return out;
        Statement query(db_, "SELECT height, seq, time_s, kind, actor, subject, object_id, amount, amount2, text "
                             "FROM events WHERE height >= ?1 ORDER BY height, seq LIMIT ?2");
        query.bind_u64(1, from_height);
        query.bind_u64(2, std::min<std::uint64_t>(limit, kSqlIntegerMax));
        while (query.next_row()) {
            if (std::optional<Event> event = event_from_row(query)) out.push_back(std::move(*event));
        }
        return out;
    });
}

std::vector<Event> Store::latest_events(std::size_t limit) const {
    return guarded<std::vector<Event>>({}, nullptr, [&] {
        std::vector<Event> out;
        constexpr auto kSqlIntegerMax = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
        if (limit == 0) return out;
        Statement query(db_, "SELECT height, seq, time_s, kind, actor, subject, object_id, amount, amount2, text "
                             "FROM events ORDER BY height DESC, seq DESC LIMIT ?1");
        query.bind_u64(1, std::min<std::uint64_t>(limit, kSqlIntegerMax));
        while (query.next_row()) {
            if (std::optional<Event> event = event_from_row(query)) out.push_back(std::move(*event));
        }
        std::reverse(out.begin(), out.end());
        return out;
    });
}

std::optional<std::string> Store::meta(const std::string& key) const {
    return guarded<std::optional<std::string>>(std::nullopt, nullptr, [&]() -> std::optional<std::string> {
        Statement query(db_, "SELECT value FROM meta WHERE key = ?1");
        query.bind_text(1, key);
        if (!query.next_row()) return std::nullopt;
        return query.text(0);
    });
}

bool Store::set_meta(const std::string& key, const std::string& value, std::string* error) {
    return guarded(false, error, [&] {
        return write_meta(db_, key, value, error, "cannot write setting '" + key + "'");
    });
}

bool Store::append_consensus_records(const std::vector<ConsensusRecordRow>& rows, std::string* error) {
    return guarded(false, error, [&] {
        if (rows.empty()) return true;
        WriteTransaction transaction(db_);
        if (!transaction.begin(error)) return false;
        Statement next_seq(db_, "SELECT COALESCE(MAX(seq), -1) + 1 FROM consensus_records WHERE height = ?1");
        Statement insert(db_, "INSERT INTO consensus_records (height, seq, body) VALUES (?1, ?2, ?3)");
        for (const ConsensusRecordRow& row : rows) {
            if (row.body.size() > kConsensusRecordBytesMax)
                return fail(error, "a consensus record of " + std::to_string(row.body.size()) + " bytes is over the limit");
            next_seq.reset();
            next_seq.bind_u64(1, row.height);
            if (!next_seq.next_row()) return fail_sqlite(db_, error, "cannot number a consensus record");
            const std::int64_t seq = next_seq.i64(0);
            if (seq >= static_cast<std::int64_t>(kConsensusRecordsPerHeightMax))
                return fail(error, "height " + std::to_string(row.height) + " already has the maximum of " +
                                       std::to_string(kConsensusRecordsPerHeightMax) + " consensus records");
            insert.reset();
            insert.bind_u64(1, row.height);
            insert.bind_i64(2, seq);
            insert.bind_blob(3, row.body);
            if (!insert.run()) return fail_sqlite(db_, error, "cannot write a consensus record");
        }
        return transaction.commit(error);
    });
}

std::optional<std::vector<Bytes>> Store::consensus_records(std::uint64_t height, std::string* error) const {
    using Records = std::optional<std::vector<Bytes>>;
    return guarded<Records>(std::nullopt, error, [&]() -> Records {
        std::vector<Bytes> out;
        Statement query(db_, "SELECT body FROM consensus_records WHERE height = ?1 ORDER BY seq LIMIT ?2");
        query.bind_u64(1, height);
        query.bind_u64(2, kConsensusRecordsPerHeightMax);
        while (query.next_row()) out.push_back(query.blob(0));
        // The end of the rows and a failed read both end the loop: a partial
        // list read as whole would let a validator forget what it signed.
        if (!query.ok()) {
            fail_sqlite(db_, error, "cannot read the consensus records of height " + std::to_string(height));
            return std::nullopt;
        }
        return out;
    });
}

bool Store::prune_consensus_records(std::uint64_t below_height, std::string* error) {
    return guarded(false, error, [&] { return erase_consensus_records(db_, below_height, error); });
}

std::uint64_t Store::disk_bytes() const {
    const char* file = sqlite3_db_filename(db_, "main");
    if (file == nullptr || *file == '\0') return 0;
    std::uint64_t total = 0;
    for (const std::string& path : {std::string(file), std::string(file) + "-wal"}) {
        std::error_code error;
        const std::uintmax_t size = std::filesystem::file_size(path, error);
        if (!error) total += size;
    }
    return total;
}

bool Store::integrity_ok() const {
    return guarded(false, nullptr, [&] {
        Statement check(db_, "PRAGMA integrity_check");
        if (!check.next_row() || check.text(0) != "ok") return false;
        // A healthy database answers with exactly one "ok" row.
        return !check.next_row() && check.ok();
    });
}

} // namespace chain
