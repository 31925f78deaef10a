// Tests of chain/store on real files: durability settings, round trips across
// a close and reopen, atomic commits, the read-model tables, the format
// guard, graceful failure on a damaged file, and the state of a group at
// protocol version 2 as rows: what a commit writes, what opening checks, and
// the migration of a version-2 snapshot to rows.

#include "store/store.h"

#include "crypto/crypto.h"
#include "rules/rules.h"
#include "state/state_diff.h"
#include "state/state_tables.h"

#include <QtTest>

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using namespace chain;

namespace {

// --- Fixtures ------------------------------------------------------------------

constexpr std::int64_t kGenesisTime = 1'700'000'000;
constexpr std::int64_t kBlockInterval = 60;
constexpr std::size_t kLargeSealedKeys = 20'000; // spills to overflow pages

AccountId account(std::uint8_t n) {
    AccountId out{};
    out.fill(n);
    return out;
}

PublicKey public_key(std::uint8_t n) {
    PublicKey out{};
    out.fill(n);
    out[0] = 0x02;
    return out;
}

Hash256 hash_of(std::uint8_t n) {
    Hash256 out{};
    out.fill(n);
    return out;
}

Genesis make_genesis() {
    Genesis g;
    g.group_name = "Solar da Vila";
    g.token_symbol = "SEB";
    g.dev_group = true;
    g.time_s = kGenesisTime;
    g.founder = public_key(1);
    g.founder_utility = "CEMIG";
    g.founder_profile_commitment = hash_of(0x11);
    g.founder_profile = SealedProfile{0, Bytes{1, 2, 3}};
    g.data_public_key = public_key(8);
    g.founder_sealed_keys = Bytes{4, 5, 6};
    g.validators = {public_key(9)};
    g.salt = hash_of(0x5a);
    return g;
}

Member make_member(std::uint8_t n, std::uint64_t quota_w, std::uint64_t tokens_msb) {
    Member m;
    m.account = account(n);
    m.public_key = public_key(n);
    m.utility = "CEMIG";
    m.profile_commitment = hash_of(n);
    m.profile = SealedProfile{0, Bytes(16, n)};
    m.quota_w = quota_w;
    m.tokens_msb = tokens_msb;
    m.admitted_at_s = kGenesisTime;
    m.key_epoch = 0;
    m.sealed_keys = Bytes(8, n);
    return m;
}

// The group at the end of each step (0 = genesis): every step changes,
// adds and removes rows, so that the store's table sync is exercised in all
// its paths.
State make_state(int step, const Hash256& group_id) {
    State s;
    s.group_id = group_id;
    s.group_name = "Solar da Vila";
    s.token_symbol = "SEB";
    s.dev_group = true;
    s.genesis_time_s = kGenesisTime;
    s.height = static_cast<std::uint64_t>(step);
    s.time_s = kGenesisTime + step * kBlockInterval;
    s.validators = {public_key(9)};
    s.data_public_keys = {public_key(8)};

    s.members[account(1)] = make_member(1, 6000, 1000);
    s.members[account(2)] = make_member(2, 3000, 1000);
    s.members[account(3)] = make_member(3, 1000, 1000);
    s.members[account(3)].sealed_keys = Bytes(kLargeSealedKeys, 0x33);
    s.capacity_w = 10000;
    s.tokens_issued_msb = 3000;

    Applicant applicant;
    applicant.account = account(4);
    applicant.public_key = public_key(4);
    applicant.utility = "CEMIG";
    applicant.profile_commitment = hash_of(4);
    applicant.profile = SealedProfile{0, Bytes{9, 9}};
    applicant.referendum_id = 1;
    applicant.requested_at_s = kGenesisTime;
    s.applicants[applicant.account] = applicant;

    Referendum admission;
    admission.id = 1;
    admission.kind = ReferendumKind::Admission;
    admission.proposer = account(4);
    admission.opened_at_s = kGenesisTime;
    admission.deadline_s = kGenesisTime + 30 * 86400;
    admission.electorate = {account(1), account(2), account(3)};
    admission.applicant = account(4);
    s.referendums[1] = admission;

    Referendum change;
    change.id = 2;
    change.kind = ReferendumKind::Change;
    change.proposer = account(1);
    change.opened_at_s = kGenesisTime;
    change.deadline_s = kGenesisTime + 30 * 86400;
    change.electorate = {account(1), account(2), account(3)};
    change.ballots = {{account(1), true}};
    change.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
    change.quorum_percent = 40;
    change.change = Change{MoveQuota{account(1), account(2), 500}};
    change.reason = "rebalance";
    s.referendums[2] = change;

    Plant plant;
    plant.id = 1;
    plant.name = "Usina do Morro";
    plant.source = PlantSource::Solar;
    plant.capacity_w = 75000;
    plant.cost_cents = 30'000'000;
    plant.utility = "CEMIG";
    plant.location = "Betim, MG";
    plant.time_to_market_s = 90 * 86400;
    plant.proposer = account(1);
    plant.status = PlantStatus::Campaign;
    plant.referendum_id = 3;
    plant.proposed_at_s = kGenesisTime - 100;
    plant.campaign_opened_at_s = kGenesisTime;
    plant.campaign_deadline_s = kGenesisTime + 60 * 86400;
    plant.pledges_cents = {{account(1), 100'000}, {account(2), 200'000}};
    plant.pledged_cents = 300'000;
    s.plants[1] = plant;

    Offer offer;
    offer.id = 1;
    offer.maker = account(1);
    offer.counterparty = account(2);
    offer.side = OfferSide::SellQuota;
    offer.quota_w = 100;
    offer.price_msb = 90;
    offer.created_at_s = kGenesisTime;
    offer.expires_at_s = kGenesisTime + 86400;
    s.offers[1] = offer;
    s.next_plant_id = 2;
    s.next_referendum_id = 4;
    s.next_offer_id = 2;
    s.nonces[account(1)] = static_cast<std::uint64_t>(step);

    if (step >= 1) { // a vote, a pledge and a new offer
        s.members[account(1)].tokens_msb += 5;
        s.referendums[2].ballots[account(2)] = false;
        s.plants[1].pledges_cents[account(3)] = 50'000;
        s.plants[1].pledged_cents += 50'000;
        Offer second = offer;
        second.id = 2;
        second.side = OfferSide::BuyQuota;
        second.maker = account(2);
        second.counterparty = account(1);
        s.offers[2] = second;
        s.next_offer_id = 3;
    }
    if (step >= 2) { // the applicant is admitted, the plant funded, an offer accepted
        s.applicants.erase(account(4));
        s.members[account(4)] = make_member(4, 0, 1000);
        s.referendums[1].ballots = {{account(1), true}, {account(2), true}};
        s.referendums[1].outcome = Outcome::Approved;
        s.referendums[1].closed_at_s = kGenesisTime + 2 * kBlockInterval;
        Plant& p = s.plants[1];
        p.status = PlantStatus::Operating;
        p.operating_at_s = kGenesisTime + 2 * kBlockInterval;
        p.allocated_quota_w = {{account(1), 21428}, {account(2), 42857}, {account(3), 10715}};
        p.allocated_tokens_msb = {{account(1), 21428}, {account(2), 42857}};
        s.offers[1].status = OfferStatus::Accepted;
        s.offers[1].closed_at_s = kGenesisTime + 2 * kBlockInterval;
    }
    if (step >= 3) { // a member leaves, a plant is proposed, an offer disappears
        s.members.erase(account(3));
        s.referendums[2].electorate.erase(account(3));
        s.plants[1].pledges_cents.erase(account(3));
        s.plants[1].pledged_cents -= 50'000;
        Plant second = plant;
        second.id = 2;
        second.name = "Usina do Vale";
        second.status = PlantStatus::Proposed;
        second.pledges_cents.clear();
        second.pledged_cents = 0;
        s.plants[2] = second;
        s.offers.erase(2);
        s.key_rotation_pending = true;
    }
    return s;
}

Transaction make_tx(std::uint8_t author, std::uint64_t nonce, Operation op, const Hash256& group_id) {
    Transaction tx;
    tx.group_id = group_id;
    tx.author = public_key(author);
    tx.nonce = nonce;
    tx.valid_until_s = kGenesisTime + 86400;
    tx.op = std::move(op);
    tx.signature.fill(static_cast<std::uint8_t>(0xa0 + nonce)); // the store never checks it
    return tx;
}

std::vector<Transaction> transactions_for(std::uint64_t height, const Hash256& group_id) {
    std::vector<Transaction> txs;
    txs.push_back(make_tx(1, height * 10 + 1, CastVote{2, true}, group_id));
    txs.push_back(make_tx(2, height * 10 + 2, PlacePledge{1, 50'000}, group_id));
    if (height % 2 == 1)
        txs.push_back(make_tx(3, height * 10 + 3,
                              ProposeChange{Change{RemovePlant{1}}, "duplicate of another plant"}, group_id));
    return txs;
}

std::vector<Event> events_for(std::uint64_t height, std::size_t count) {
    std::vector<Event> events;
    for (std::size_t i = 0; i < count; ++i) {
        Event e;
        e.kind = static_cast<EventKind>(1 + (height + i) % kEventKindLast);
        e.height = height;
        e.time_s = kGenesisTime + static_cast<std::int64_t>(height) * kBlockInterval;
        e.actor = account(static_cast<std::uint8_t>(1 + i % 3));
        e.subject = i % 2 == 0 ? AccountId{} : account(2);
        e.object_id = height * 100 + i;
        e.amount = 0xffff'ffff'ffff'fff0ull + i; // above INT64_MAX: must round-trip
        e.amount2 = i;
        e.text = "event " + std::to_string(height) + "." + std::to_string(i);
        events.push_back(e);
    }
    return events;
}

struct Committed {
    Block block;
    CommitCertificate certificate;
    State state;
    std::vector<Event> events;
};

// A block at `height` whose state after is `state`.
Committed make_block_to(std::uint64_t height, const Hash256& previous_hash, const Hash256& group_id, State state) {
    Committed c;
    c.state = std::move(state);
    c.block.transactions = transactions_for(height, group_id);
    std::vector<Hash256> ids;
    for (const Transaction& tx : c.block.transactions) ids.push_back(tx.id());
    BlockHeader& h = c.block.header;
    h.group_id = group_id;
    h.height = height;
    h.previous_hash = previous_hash;
    h.time_s = kGenesisTime + static_cast<std::int64_t>(height) * kBlockInterval;
    h.transactions_root = merkle_root(ids);
    h.state_root = state_root(c.state);
    h.proposer = public_key(9);
    c.certificate.height = height;
    c.certificate.round = static_cast<std::uint32_t>(height % 2);
    c.certificate.block_hash = h.hash();
    CommitSignature signature;
    signature.validator = public_key(9);
    signature.signature.fill(static_cast<std::uint8_t>(height));
    c.certificate.signatures = {signature};
    c.events = events_for(height, 2 + height);
    return c;
}

Committed make_block(std::uint64_t height, const Hash256& previous_hash, const Hash256& group_id,
                     std::uint32_t protocol_version = kProtocolVersionLegacy) {
    State state = make_state(static_cast<int>(height), group_id);
    state.protocol_version = protocol_version;
    return make_block_to(height, previous_hash, group_id, std::move(state));
}

// --- Comparisons -----------------------------------------------------------------

template <class Map>
auto values_of(const Map& map) {
    std::vector<typename Map::mapped_type> out;
    for (const auto& [key, value] : map) out.push_back(value);
    return out;
}

// Every block and certificate of `chain` reads back byte for byte, and each
// of its transactions is found by its id at its place.
bool holds_blocks(const Store& store, const std::vector<Committed>& chain) {
    for (const Committed& c : chain) {
        const std::uint64_t h = c.block.header.height;
        const std::optional<Block> block = store.block(h);
        const std::optional<CommitCertificate> certificate = store.certificate(h);
        if (!block || codec::to_bytes(*block) != codec::to_bytes(c.block)) return false;
        if (!certificate || codec::to_bytes(*certificate) != codec::to_bytes(c.certificate)) return false;
        for (std::uint32_t i = 0; i < c.block.transactions.size(); ++i) {
            const std::optional<Store::TransactionLocation> location = store.find_transaction(c.block.transactions[i].id());
            if (!location || location->height != h || location->index != i) return false;
        }
    }
    return true;
}

bool read_model_matches(const Store& store, const State& state) {
    if (store.members() != values_of(state.members)) return false;
    if (store.applicants() != values_of(state.applicants)) return false;
    if (store.plants() != values_of(state.plants)) return false;
    if (store.offers() != values_of(state.offers)) return false;
    return store.referendums() == values_of(state.referendums);
}

std::vector<Event> events_from(const std::vector<Committed>& chain, std::uint64_t from_height,
                               const std::vector<Event>& genesis_events) {
    std::vector<Event> out;
    if (from_height == 0) out = genesis_events;
    for (const Committed& c : chain)
        if (c.block.header.height >= from_height) out.insert(out.end(), c.events.begin(), c.events.end());
    return out;
}

// --- A second, raw connection ------------------------------------------------------

class RawDb {
public:
    explicit RawDb(const std::string& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
            sqlite3_close(db_);
            db_ = nullptr;
        }
    }
    ~RawDb() { sqlite3_close(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;
    bool ok() const { return db_ != nullptr; }
    sqlite3* handle() const { return db_; }

    // Runs one statement with blobs bound to ?1, ?2, ...; the rows it changed, or -1.
    int run(const std::string& sql, const std::vector<Bytes>& blobs = {}) const {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return -1;
        for (std::size_t i = 0; i < blobs.size(); ++i)
            sqlite3_bind_blob(stmt, static_cast<int>(i + 1), blobs[i].data(), static_cast<int>(blobs[i].size()),
                              SQLITE_TRANSIENT);
        const int rc = sqlite3_step(stmt);
        sqlite3_finalize(stmt);
        return rc == SQLITE_DONE ? sqlite3_changes(db_) : -1;
    }
    // The first column of the first row, as a blob.
    Bytes blob(const std::string& sql) const {
        Bytes out;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return out;
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, 0));
            out.assign(data, data + sqlite3_column_bytes(stmt, 0));
        }
        sqlite3_finalize(stmt);
        return out;
    }

    // Every row of a query, each column as text (blobs in hex).
    std::vector<std::vector<std::string>> rows(const std::string& sql) const { return query(db_, sql); }

    static std::vector<std::vector<std::string>> query(sqlite3* db, const std::string& sql) {
        std::vector<std::vector<std::string>> out;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) return out;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            std::vector<std::string> row;
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                if (sqlite3_column_type(stmt, i) == SQLITE_BLOB) {
                    const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
                    row.push_back(codec::to_hex(ByteView(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)))));
                } else {
                    const auto* text = sqlite3_column_text(stmt, i);
                    row.push_back(text ? reinterpret_cast<const char*>(text) : "NULL");
                }
            }
            out.push_back(std::move(row));
        }
        sqlite3_finalize(stmt);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

std::string single(const std::vector<std::vector<std::string>>& rows) {
    return rows.size() == 1 && rows[0].size() == 1 ? rows[0][0] : std::string("<not one value>");
}

std::string hex(const AccountId& a) { return codec::to_hex(a); }

// The state's rows as state_entries holds them, one (table id, key, value) each, in hex.
const std::string kStateRows = "SELECT table_id, key, value FROM state_entries ORDER BY table_id, key";
std::vector<std::vector<std::string>> rows_of(const state::Tables& tables) {
    std::vector<std::vector<std::string>> rows;
    for (std::size_t i = 0; i < tables.size(); ++i)
        for (const state::Entry& entry : tables[i])
            rows.push_back({std::to_string(i + 1), codec::to_hex(entry.key), codec::to_hex(entry.value)});
    return rows;
}

std::size_t count_changes(const state::StateChanges& changes) {
    std::size_t count = 0;
    for (const state::TableChanges& table : changes) count += table.set.size() + table.erased.size();
    return count;
}

// Every byte of a file, hashed: a refusal to open must leave it as it was.
Hash256 file_digest(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return crypto::sha256(ByteView(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
}

// Temporary triggers on the store's own connection count every row written
// to or deleted from state_entries (the update hook skips WITHOUT ROWID tables).
bool count_state_row_writes(sqlite3* db) {
    const char* const script =
        "CREATE TEMP TABLE row_writes (n INTEGER NOT NULL);"
        "INSERT INTO row_writes VALUES (0);"
        "CREATE TEMP TRIGGER count_inserts AFTER INSERT ON main.state_entries BEGIN UPDATE row_writes SET n = n + 1; END;"
        "CREATE TEMP TRIGGER count_updates AFTER UPDATE ON main.state_entries BEGIN UPDATE row_writes SET n = n + 1; END;"
        "CREATE TEMP TRIGGER count_deletes AFTER DELETE ON main.state_entries BEGIN UPDATE row_writes SET n = n + 1; END;";
    return sqlite3_exec(db, script, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// --- The read model ------------------------------------------------------------

// Every read-model table; the first one or two columns of each are its primary key.
const char* const kReadModelTables[] = {"members",     "applicants",  "plants",         "pledges",
                                        "allocations", "referendums", "electorates",    "electorate_members",
                                        "ballots",     "offers",      "validators"};

using TableRows = std::map<std::string, std::vector<std::vector<std::string>>>;

// Every row of every read-model table, in primary-key order.
TableRows read_model_rows(sqlite3* db) {
    TableRows out;
    for (const char* table : kReadModelTables)
        out[table] = RawDb::query(db, std::string("SELECT * FROM ") + table + " ORDER BY 1, 2");
    return out;
}

// The read model a store writes for `state` when it starts from nothing (as
// its genesis), in a new file.
TableRows read_model_from_scratch(const std::string& file, const State& state) {
    std::filesystem::remove(file);
    std::filesystem::remove(file + "-wal");
    std::filesystem::remove(file + "-shm");
    std::string error;
    auto store = Store::open(file, &error);
    if (!store || !store->write_genesis(make_genesis(), state, {}, &error))
        qFatal("cannot write the read model from scratch: %s", error.c_str());
    RawDb raw(file);
    return read_model_rows(raw.handle());
}

// Temporary triggers on the store's own connection count the rows written
// to (inserted, updated) or deleted from each read-model table.
bool count_read_model_writes(sqlite3* db) {
    std::string script = "CREATE TEMP TABLE model_writes (name TEXT PRIMARY KEY, n INTEGER NOT NULL);";
    for (const std::string table : kReadModelTables) {
        script += "INSERT INTO model_writes VALUES ('" + table + "', 0);";
        for (const std::string operation : {"INSERT", "UPDATE", "DELETE"})
            script += "CREATE TEMP TRIGGER count_" + operation + "_" + table + " AFTER " + operation + " ON main." +
                      table + " BEGIN UPDATE model_writes SET n = n + 1 WHERE name = '" + table + "'; END;";
    }
    return sqlite3_exec(db, script.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The rows each table got written since the last call, for the tables that got any.
std::map<std::string, int> read_model_writes(sqlite3* db) {
    std::map<std::string, int> out;
    for (const auto& row : RawDb::query(db, "SELECT name, n FROM model_writes WHERE n > 0"))
        out[row[0]] = std::stoi(row[1]);
    sqlite3_exec(db, "UPDATE model_writes SET n = 0", nullptr, nullptr, nullptr);
    return out;
}

std::string sql_blob(ByteView bytes) { return "x'" + codec::to_hex(bytes) + "'"; }

// Rewrites a store's referendums as data format 4 kept them, and marks the
// file format 4: each row's blob the whole referendum (its electorate and
// ballots included), one row per voter in `electorate`, ballots indexed by
// account, and no electorates tables.
bool rewrite_as_format_four(const RawDb& raw, const State& state) {
    std::string script = R"sql(
DROP TABLE ballots; DROP TABLE electorate_members; DROP TABLE electorates; DROP TABLE referendums;
CREATE TABLE referendums (
  id INTEGER PRIMARY KEY, kind INTEGER NOT NULL, outcome INTEGER NOT NULL, proposer BLOB NOT NULL,
  opened_at_s INTEGER NOT NULL, deadline_s INTEGER NOT NULL, closed_at_s INTEGER NOT NULL, applicant BLOB,
  plant_id INTEGER, change TEXT, electorate_size INTEGER NOT NULL, yes_count INTEGER NOT NULL,
  no_count INTEGER NOT NULL, row BLOB NOT NULL);
CREATE INDEX referendums_open ON referendums (outcome, deadline_s);
CREATE INDEX referendums_kind ON referendums (kind, id);
CREATE TABLE electorate (
  referendum_id INTEGER NOT NULL REFERENCES referendums (id) ON DELETE CASCADE, account BLOB NOT NULL,
  PRIMARY KEY (referendum_id, account)) WITHOUT ROWID;
CREATE INDEX electorate_account ON electorate (account);
CREATE TABLE ballots (
  referendum_id INTEGER NOT NULL REFERENCES referendums (id) ON DELETE CASCADE, account BLOB NOT NULL,
  yes INTEGER NOT NULL CHECK (yes IN (0, 1)), PRIMARY KEY (referendum_id, account)) WITHOUT ROWID;
CREATE INDEX ballots_account ON ballots (account);
)sql";
    for (const auto& [id, r] : state.referendums) {
        const std::string n = std::to_string(id);
        script += "INSERT INTO referendums VALUES (" + n + ", " + std::to_string(int(r.kind)) + ", " +
                  std::to_string(int(r.outcome)) + ", " + sql_blob(r.proposer) + ", " + std::to_string(r.opened_at_s) +
                  ", " + std::to_string(r.deadline_s) + ", " + std::to_string(r.closed_at_s) + ", " +
                  (r.kind == ReferendumKind::Admission ? sql_blob(r.applicant) : "NULL") + ", " +
                  (r.kind == ReferendumKind::Plant ? std::to_string(r.plant_id) : "NULL") + ", " +
                  (r.change ? "'" + std::string(change_name(*r.change)) + "'" : "NULL") + ", " +
                  std::to_string(r.electorate.size()) + ", " + std::to_string(r.yes_count()) + ", " +
                  std::to_string(r.no_count()) + ", " + sql_blob(codec::to_bytes(r)) + ");";
        for (const AccountId& voter : r.electorate)
            script += "INSERT INTO electorate VALUES (" + n + ", " + sql_blob(voter) + ");";
        for (const auto& [voter, yes] : r.ballots)
            script += "INSERT INTO ballots VALUES (" + n + ", " + sql_blob(voter) + ", " + (yes ? "1" : "0") + ");";
    }
    script += "PRAGMA user_version = 4; UPDATE meta SET value = '4' WHERE key = 'format_version';";
    return sqlite3_exec(raw.handle(), script.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The electorates the read model must hold for `state`: (id, size, how many
// referendums name it) and (id, account), in hex, in primary-key order.
std::pair<std::vector<std::vector<std::string>>, std::vector<std::vector<std::string>>>
electorate_rows_of(const State& state) {
    std::map<std::string, std::pair<Electorate, int>> lists;
    for (const auto& [id, r] : state.referendums)
        ++lists.try_emplace(codec::to_hex(r.electorate.id()), r.electorate, 0).first->second.second;
    std::vector<std::vector<std::string>> electorates;
    std::vector<std::vector<std::string>> members;
    for (const auto& [list_id, list] : lists) {
        electorates.push_back({list_id, std::to_string(list.first.size()), std::to_string(list.second)});
        for (const AccountId& account : list.first) members.push_back({list_id, codec::to_hex(account)});
    }
    return {electorates, members};
}

// synchronous and foreign_keys are per connection, so a second connection
// cannot see them: an auto-extension hands the test the store's own handle,
// the first one Store::open opens (the second is its checkpoint thread's).
sqlite3* g_last_opened = nullptr;
int capture_connection(sqlite3* db, char**, const sqlite3_api_routines*) {
    if (g_last_opened == nullptr) g_last_opened = db;
    return SQLITE_OK;
}

// Opens a store and hands out its own connection in *db (null on failure).
std::unique_ptr<Store> open_with_connection(const std::string& file, sqlite3** db, std::string* error) {
    sqlite3_auto_extension(reinterpret_cast<void (*)()>(capture_connection));
    auto store = Store::open(file, error);
    sqlite3_reset_auto_extension();
    *db = store ? g_last_opened : nullptr;
    g_last_opened = nullptr;
    return store;
}

} // namespace

class TestStore : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::string path(const char* name) const { return dir_.filePath(QString::fromUtf8(name)).toStdString(); }

    // A store with the genesis and blocks 1..count, closed again.
    // The two ways a commit brings the read model up to date: comparing the
    // new state with the tables, or, given the state before, with that state.
    static void read_model_ways() {
        QTest::addColumn<bool>("given_state_before");
        QTest::newRow("compared with the tables") << false;
        QTest::newRow("compared with the state before") << true;
    }

    std::vector<Committed> build_chain(const std::string& file, std::uint64_t count, std::vector<Event>* genesis_events,
                                       std::uint32_t protocol_version = kProtocolVersionLegacy) {
        std::string error;
        auto store = Store::open(file, &error);
        if (!store) qFatal("open failed: %s", error.c_str());
        const Genesis genesis = make_genesis();
        const Hash256 group_id = genesis.group_id();
        const std::vector<Event> founded = events_for(0, 3);
        State genesis_state = make_state(0, group_id);
        genesis_state.protocol_version = protocol_version;
        if (!store->write_genesis(genesis, genesis_state, founded, &error))
            qFatal("write_genesis failed: %s", error.c_str());
        if (genesis_events) *genesis_events = founded;
        std::vector<Committed> chain;
        Hash256 previous = group_id;
        for (std::uint64_t h = 1; h <= count; ++h) {
            Committed c = make_block(h, previous, group_id, protocol_version);
            if (!store->commit_block(c.block, c.certificate, c.state, c.events, &error))
                qFatal("commit_block %llu failed: %s", static_cast<unsigned long long>(h), error.c_str());
            previous = c.block.header.hash();
            chain.push_back(std::move(c));
        }
        return chain;
    }

    // Every read of the interface, on a damaged file: none may crash.
    static void exercise_reads(const Store& store) {
        (void)store.height();
        (void)store.has_genesis();
        (void)store.genesis();
        (void)store.load_state();
        for (std::uint64_t h = 0; h <= 5; ++h) {
            (void)store.block(h);
            (void)store.block_header(h);
            (void)store.certificate(h);
        }
        (void)store.members();
        (void)store.member(account(1));
        (void)store.applicants();
        (void)store.plants();
        (void)store.plant(1);
        (void)store.referendums();
        (void)store.referendum(1);
        (void)store.offers();
        (void)store.events_since(0, 1000);
        (void)store.meta("format_version");
    }

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void openCreatesWalFileWithFullSync() {
        const std::string file = path("settings.db");
        sqlite3_auto_extension(reinterpret_cast<void (*)()>(capture_connection));
        std::string error;
        auto store = Store::open(file, &error);
        sqlite3_reset_auto_extension();
        QVERIFY2(store, error.c_str());
        QVERIFY(std::filesystem::exists(file));

        QVERIFY(g_last_opened != nullptr);
        QCOMPARE(single(RawDb::query(g_last_opened, "PRAGMA synchronous")), std::string("2")); // FULL
        QCOMPARE(single(RawDb::query(g_last_opened, "PRAGMA foreign_keys")), std::string("1"));
        // A 32 MiB page cache (negative: in KiB). SQLite's own checkpoint in
        // the commit is off (0): the store's checkpoint thread does it.
        QCOMPARE(single(RawDb::query(g_last_opened, "PRAGMA cache_size")), std::string("-32768"));
        QCOMPARE(single(RawDb::query(g_last_opened, "PRAGMA wal_autocheckpoint")), std::string("0"));
        QVERIFY(std::stoi(single(RawDb::query(g_last_opened, "PRAGMA busy_timeout"))) > 0);
        g_last_opened = nullptr;

        RawDb raw(file);
        QVERIFY(raw.ok());
        QCOMPARE(single(raw.rows("PRAGMA journal_mode")), std::string("wal")); // persistent in the file
        const std::string current = std::to_string(Store::kFormatVersion);
        QCOMPARE(single(raw.rows("SELECT value FROM meta WHERE key = 'format_version'")), current);
        QCOMPARE(single(raw.rows("PRAGMA user_version")), current);
        QCOMPARE(store->meta("format_version"), std::optional<std::string>(current));
        QVERIFY(!store->has_genesis());
        QCOMPARE(store->height(), std::uint64_t{0});
        QVERIFY(!store->load_state());
        QVERIFY(store->integrity_ok());
    }

    void openFailsOnMissingDirectory() {
        std::string error;
        auto store = Store::open(path("no/such/dir/x.db"), &error);
        QVERIFY(!store);
        QVERIFY2(error.find("cannot open") != std::string::npos, error.c_str());
    }

    void genesisRoundTripsAcrossReopen() {
        const std::string file = path("genesis.db");
        const Genesis genesis = make_genesis();
        const State state = make_state(0, genesis.group_id());
        const std::vector<Event> events = events_for(0, 3);
        std::string error;
        {
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            QVERIFY2(store->write_genesis(genesis, state, events, &error), error.c_str());
            QVERIFY(!store->write_genesis(genesis, state, events, &error));
            QVERIFY2(error.find("already") != std::string::npos, error.c_str());
        }
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QVERIFY(store->has_genesis());
        const std::optional<Genesis> stored = store->genesis();
        QVERIFY(stored);
        QCOMPARE(codec::to_bytes(*stored), codec::to_bytes(genesis));
        QCOMPARE(store->height(), std::uint64_t{0});
        const std::optional<State> loaded = store->load_state();
        QVERIFY(loaded);
        QCOMPARE(state_root(*loaded), state_root(state));
        QVERIFY(store->events_since(0, 100) == events);
        QVERIFY(read_model_matches(*store, state));
        QVERIFY(store->integrity_ok());
    }

    void blocksRoundTripAcrossReopen() {
        const std::string file = path("chain.db");
        constexpr std::uint64_t kBlocks = 4;
        std::vector<Event> genesis_events;
        const std::vector<Committed> chain = build_chain(file, kBlocks, &genesis_events);

        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QCOMPARE(store->height(), kBlocks);
        const std::optional<State> loaded = store->load_state();
        QVERIFY(loaded);
        QCOMPARE(state_root(*loaded), state_root(chain.back().state));

        QVERIFY(holds_blocks(*store, chain));
        for (const Committed& c : chain) {
            const std::optional<BlockHeader> header = store->block_header(c.block.header.height);
            QVERIFY(header && header->hash() == c.block.header.hash());
        }
        QVERIFY(!store->block_header(0));
        QVERIFY(!store->block_header(kBlocks + 1));
        QVERIFY(!store->block(0));
        QVERIFY(!store->block(kBlocks + 1));
        QVERIFY(!store->certificate(kBlocks + 1));
        QVERIFY(!store->find_transaction(hash_of(0x77)));

        // The feed: from a height, in (height, seq) order, cut at the limit.
        QVERIFY(store->events_since(0, 1000) == events_from(chain, 0, genesis_events));
        QVERIFY(store->events_since(2, 1000) == events_from(chain, 2, genesis_events));
        const std::vector<Event> all = events_from(chain, 0, genesis_events);
        QVERIFY(store->events_since(0, 5) == std::vector<Event>(all.begin(), all.begin() + 5));
        QVERIFY(store->events_since(kBlocks + 1, 10).empty());
        QVERIFY(store->events_since(1, 0).empty());
        // The latest ones: the end of the same feed, still oldest first.
        QVERIFY(all.size() > 5);
        QVERIFY(store->latest_events(5) == std::vector<Event>(all.end() - 5, all.end()));
        QVERIFY(store->latest_events(all.size() + 10) == all);
        QVERIFY(store->latest_events(0).empty());

        QVERIFY(read_model_matches(*store, chain.back().state));
        QVERIFY(store->integrity_ok());
    }

    void wrongHeightChangesNothing() {
        const std::string file = path("wrong_height.db");
        const std::vector<Committed> chain = build_chain(file, 1, nullptr);
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        const Hash256 group_id = make_genesis().group_id();
        const Hash256 root_before = state_root(*store->load_state());
        const std::size_t events_before = store->events_since(0, 1000).size();

        const Committed skipped = make_block(3, chain.back().block.header.hash(), group_id);
        QVERIFY(!store->commit_block(skipped.block, skipped.certificate, skipped.state, skipped.events, &error));
        QVERIFY2(error.find("next height is 2") != std::string::npos, error.c_str());
        const Committed again = make_block(1, group_id, group_id);
        QVERIFY(!store->commit_block(again.block, again.certificate, again.state, again.events, &error));

        QCOMPARE(store->height(), std::uint64_t{1});
        QCOMPARE(state_root(*store->load_state()), root_before);
        QVERIFY(!store->block(3));
        QCOMPARE(store->events_since(0, 1000).size(), events_before);
        QVERIFY(read_model_matches(*store, chain.back().state));
    }

    void blockBeforeGenesisFails() {
        std::string error;
        auto store = Store::open(path("no_genesis.db"), &error);
        QVERIFY2(store, error.c_str());
        const Hash256 group_id = make_genesis().group_id();
        const Committed first = make_block(1, group_id, group_id);
        QVERIFY(!store->commit_block(first.block, first.certificate, first.state, first.events, &error));
        QVERIFY2(error.find("genesis") != std::string::npos, error.c_str());
        QCOMPARE(store->height(), std::uint64_t{0});
    }

    // A failure half-way (a replayed transaction id, found after the block row
    // and a first transaction were written) leaves no trace of the block.
    void failedCommitRollsBackEverything() {
        const std::string file = path("rollback.db");
        const std::vector<Committed> chain = build_chain(file, 1, nullptr);
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        const Hash256 group_id = make_genesis().group_id();
        const Hash256 root_before = state_root(*store->load_state());

        Committed bad = make_block(2, chain.back().block.header.hash(), group_id);
        const Transaction fresh = bad.block.transactions.front();
        bad.block.transactions.push_back(chain.back().block.transactions.front()); // replay
        QVERIFY(!store->commit_block(bad.block, bad.certificate, bad.state, bad.events, &error));
        QVERIFY2(error.find("transaction") != std::string::npos, error.c_str());

        QCOMPARE(store->height(), std::uint64_t{1});
        QVERIFY(!store->block(2));
        QVERIFY(!store->certificate(2));
        QVERIFY(!store->find_transaction(fresh.id()));
        QCOMPARE(state_root(*store->load_state()), root_before);
        QVERIFY(store->events_since(2, 100).empty());
        QVERIFY(read_model_matches(*store, chain.back().state));

        // The same height then commits normally.
        const Committed good = make_block(2, chain.back().block.header.hash(), group_id);
        QVERIFY2(store->commit_block(good.block, good.certificate, good.state, good.events, &error), error.c_str());
        QCOMPARE(store->height(), std::uint64_t{2});
        QVERIFY(store->integrity_ok());
    }

    // Blocks committed together hold exactly what they hold committed one by
    // one; a list that does not start at the next height, or has a gap, or is
    // empty, fails whole and changes nothing.
    void severalBlocksCommitAsOne_data() { read_model_ways(); }
    void severalBlocksCommitAsOne() {
        QFETCH(bool, given_state_before);
        std::vector<Event> genesis_events;
        const std::vector<Committed> chain =
            build_chain(path(given_state_before ? "one_by_one_diff.db" : "one_by_one.db"), 5, &genesis_events);
        std::string error;
        auto store = Store::open(path(given_state_before ? "batched_diff.db" : "batched.db"), &error);
        QVERIFY2(store, error.c_str());
        const Genesis genesis = make_genesis();
        const State genesis_state = make_state(0, genesis.group_id());
        QVERIFY2(store->write_genesis(genesis, genesis_state, genesis_events, &error), error.c_str());
        const auto commit = [&](std::vector<std::size_t> indexes, const State* before) {
            std::vector<Store::BlockToCommit> blocks;
            for (const std::size_t i : indexes) blocks.push_back({chain[i].block, chain[i].certificate, chain[i].events});
            const State& after = indexes.empty() ? genesis_state : chain[indexes.back()].state;
            return store->commit_blocks(blocks, after, &error, given_state_before ? before : nullptr);
        };

        QVERIFY2(commit({0, 1}, &genesis_state), error.c_str());
        QCOMPARE(store->height(), std::uint64_t{2});
        QVERIFY(read_model_matches(*store, chain[1].state));

        QVERIFY(!commit({3, 4}, &chain[1].state));
        QVERIFY2(error.find("the next height is 3") != std::string::npos, error.c_str());
        QVERIFY(!commit({2, 4}, &chain[1].state));
        QVERIFY2(error.find("cannot commit block 5: the next height is 4") != std::string::npos, error.c_str());
        QVERIFY(!commit({}, &chain[1].state));
        QVERIFY2(error.find("empty") != std::string::npos, error.c_str());
        QCOMPARE(store->height(), std::uint64_t{2});
        QVERIFY(!store->block(3));
        QVERIFY(!store->find_transaction(chain[2].block.transactions.front().id()));
        QVERIFY(read_model_matches(*store, chain[1].state));

        QVERIFY2(commit({2, 3, 4}, &chain[1].state), error.c_str());
        QCOMPARE(store->height(), std::uint64_t{5});
        QVERIFY(holds_blocks(*store, chain));
        QVERIFY(store->events_since(0, 1000) == events_from(chain, 0, genesis_events));
        const std::optional<State> saved = store->load_state();
        QVERIFY(saved);
        QCOMPARE(state_root(*saved), state_root(chain.back().state));
        QVERIFY(read_model_matches(*store, chain.back().state));
        QVERIFY(store->integrity_ok());
    }

    // After every commit the tables equal the state's maps, child rows included:
    // whether the store compares the new state with its tables or, given the
    // state before, with that state in memory.
    void readModelFollowsEveryCommit_data() { read_model_ways(); }
    void readModelFollowsEveryCommit() {
        QFETCH(bool, given_state_before);
        const std::string file = path(given_state_before ? "read_model_diff.db" : "read_model.db");
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        const Genesis genesis = make_genesis();
        const Hash256 group_id = genesis.group_id();
        QVERIFY2(store->write_genesis(genesis, make_state(0, group_id), {}, &error), error.c_str());
        QVERIFY(read_model_matches(*store, make_state(0, group_id)));

        RawDb raw(file);
        QVERIFY(raw.ok());
        Hash256 previous = group_id;
        State before = make_state(0, group_id);
        for (std::uint64_t h = 1; h <= 3; ++h) {
            const Committed c = make_block(h, previous, group_id);
            QVERIFY2(store->commit_block(c.block, c.certificate, c.state, c.events, &error, given_state_before ? &before : nullptr),
                     error.c_str());
            previous = c.block.header.hash();
            before = c.state;
            QVERIFY(read_model_matches(*store, c.state));

            for (const auto& [account, member] : c.state.members) {
                const std::optional<Member> one = store->member(account);
                QVERIFY(one && *one == member);
            }
            for (const auto& [id, plant] : c.state.plants) {
                const std::optional<Plant> one = store->plant(id);
                QVERIFY(one && *one == plant);
            }
            for (const auto& [id, referendum] : c.state.referendums) {
                const std::optional<Referendum> one = store->referendum(id);
                QVERIFY(one && *one == referendum);
            }

            std::vector<std::vector<std::string>> pledges;
            for (const auto& [id, plant] : c.state.plants)
                for (const auto& [account, cents] : plant.pledges_cents)
                    pledges.push_back({std::to_string(id), hex(account), std::to_string(cents)});
            QVERIFY(raw.rows("SELECT plant_id, account, amount_cents FROM pledges ORDER BY plant_id, account") == pledges);

            std::vector<std::vector<std::string>> ballots;
            for (const auto& [id, referendum] : c.state.referendums)
                for (const auto& [account, yes] : referendum.ballots)
                    ballots.push_back({std::to_string(id), hex(account), yes ? "1" : "0"});
            QVERIFY(raw.rows("SELECT referendum_id, account, yes FROM ballots ORDER BY referendum_id, account") == ballots);
            // Each distinct electorate once, with the number of referendums naming it.
            const auto [electorates, electorate_members] = electorate_rows_of(c.state);
            QVERIFY(raw.rows("SELECT id, size, referendum_count FROM electorates ORDER BY id") == electorates);
            QVERIFY(raw.rows("SELECT electorate_id, account FROM electorate_members "
                             "ORDER BY electorate_id, account") == electorate_members);
            // Row for row what a store writes for this state from nothing.
            QVERIFY(read_model_rows(raw.handle()) == read_model_from_scratch(path("read_model_scratch.db"), c.state));

            // Typed columns agree with the structs (what the screens filter on).
            std::vector<std::vector<std::string>> members;
            for (const auto& [account, member] : c.state.members)
                members.push_back({hex(account), member.utility, std::to_string(member.quota_w),
                                   std::to_string(member.tokens_msb)});
            QVERIFY(raw.rows("SELECT account, utility, quota_w, tokens_msb FROM members ORDER BY account") == members);
            QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM validators")), std::to_string(c.state.validators.size()));
        }

        // Step 2 funded plant 1: its allocations are there, one row per funder.
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM allocations WHERE plant_id = 1")), std::string("3"));
        QCOMPARE(single(raw.rows("SELECT tokens_msb FROM allocations WHERE plant_id = 1 AND account = x'" +
                                 hex(account(3)) + "'")),
                 std::string("0"));
        // Step 3 removed member 3 and offer 2.
        QVERIFY(!store->member(account(3)));
        QCOMPARE(store->offers().size(), std::size_t{1});
        QVERIFY(!store->plant(99));
        QVERIFY(!store->referendum(99));
        QVERIFY(store->applicants().empty());
        QVERIFY(store->integrity_ok());
    }

    // A commit writes the read-model rows of what it changed, not of the
    // electorates its referendums name: at 200 members a vote writes its
    // ballot and the referendum's row, a request to join under a membership
    // that another referendum already names writes no member's row, a new
    // electorate is written once for two referendums, and an electorate goes
    // with the last referendum that names it. After every commit the read
    // model is the one written for that state from nothing (both ways; the
    // exact counts are those of the commit given the state before).
    void readModelWritesWhatChanged_data() { read_model_ways(); }
    void readModelWritesWhatChanged() {
        QFETCH(bool, given_state_before);
        const std::string file = path(given_state_before ? "model_writes_diff.db" : "model_writes.db");
        std::string error;
        sqlite3* store_db = nullptr;
        auto store = open_with_connection(file, &store_db, &error);
        QVERIFY2(store, error.c_str());
        QVERIFY(count_read_model_writes(store_db));

        const Genesis genesis = make_genesis();
        const Hash256 group_id = genesis.group_id();
        State state = make_state(0, group_id);
        for (std::uint8_t n = 10; n < 207; ++n) state.members[account(n)] = make_member(n, 0, 1000);
        const std::size_t members = state.members.size();
        QCOMPARE(members, std::size_t{200});
        QVERIFY2(store->write_genesis(genesis, state, {}, &error), error.c_str());
        (void)read_model_writes(store_db);
        RawDb raw(file);
        QVERIFY(raw.ok());

        // A request to join by `applicant`: the applicant and its referendum,
        // whose electorate is every member now.
        const auto request_to_join = [&](State& s, std::uint8_t applicant) {
            Applicant a;
            a.account = account(applicant);
            a.public_key = public_key(applicant);
            a.utility = "CEMIG";
            a.referendum_id = s.next_referendum_id++;
            a.requested_at_s = s.time_s;
            s.applicants[a.account] = a;
            Referendum r;
            r.id = a.referendum_id;
            r.kind = ReferendumKind::Admission;
            r.proposer = a.account;
            r.opened_at_s = s.time_s;
            r.deadline_s = s.time_s + 30 * 86400;
            r.electorate = s.members.electorate();
            r.applicant = a.account;
            s.referendums[r.id] = r;
            return r.electorate.id();
        };
        const auto member_rows = [&](const Hash256& list_id) {
            return single(raw.rows("SELECT COUNT(*) FROM electorate_members WHERE electorate_id = x'" +
                                   codec::to_hex(list_id) + "'"));
        };
        const auto referendum_count = [&](const Hash256& list_id) {
            return single(raw.rows("SELECT referendum_count FROM electorates WHERE id = x'" + codec::to_hex(list_id) + "'"));
        };

        Hash256 previous = group_id;
        State before = state;
        std::uint64_t height = 0;
        // Commits `after` as the next block; the rows written, by table.
        const auto commit = [&](const State& after) {
            ++height;
            State next = after;
            next.height = height;
            next.time_s = kGenesisTime + static_cast<std::int64_t>(height) * kBlockInterval;
            const Committed c = make_block_to(height, previous, group_id, next);
            if (!store->commit_block(c.block, c.certificate, c.state, c.events, &error,
                                     given_state_before ? &before : nullptr))
                qFatal("commit %llu failed: %s", static_cast<unsigned long long>(height), error.c_str());
            previous = c.block.header.hash();
            before = c.state;
            state = c.state;
            return read_model_writes(store_db);
        };
        const auto matches_from_scratch = [&] {
            return read_model_matches(*store, state) &&
                   read_model_rows(raw.handle()) == read_model_from_scratch(path("model_writes_scratch.db"), state);
        };
        using Writes = std::map<std::string, int>;

        // 1. A request to join under a membership no referendum names yet: its list, once.
        State next = state;
        const Hash256 first_list = request_to_join(next, 220);
        Writes writes = commit(next);
        QVERIFY(matches_from_scratch());
        QCOMPARE(member_rows(first_list), std::to_string(members));
        if (given_state_before)
            QCOMPARE(writes, (Writes{{"applicants", 1}, {"referendums", 1}, {"electorates", 1},
                                     {"electorate_members", int(members)}}));

        // 2. A second request under the same membership: no member's row.
        next = state;
        QCOMPARE(request_to_join(next, 221), first_list);
        writes = commit(next);
        QVERIFY(matches_from_scratch());
        QCOMPARE(referendum_count(first_list), std::string("2"));
        if (given_state_before)
            QCOMPARE(writes, (Writes{{"applicants", 1}, {"referendums", 1}, {"electorates", 1}}));

        // 3. One member votes: its ballot and the referendum's counts.
        next = state;
        const std::uint64_t voted = next.applicants.at(account(220)).referendum_id;
        next.referendums[voted].ballots[account(10)] = true;
        writes = commit(next);
        QVERIFY(matches_from_scratch());
        QCOMPARE(single(raw.rows("SELECT yes_count || '/' || no_count FROM referendums WHERE id = " +
                                 std::to_string(voted))),
                 std::string("1/0"));
        if (given_state_before) QCOMPARE(writes, (Writes{{"ballots", 1}, {"referendums", 1}}));

        // 4. The applicant is admitted (that referendum closes), and two
        // requests open under the new membership in one block: its list is
        // written once.
        next = state;
        next.applicants.erase(account(220));
        next.members[account(220)] = make_member(220, 0, 1000);
        next.referendums[voted].outcome = Outcome::Approved;
        next.referendums[voted].closed_at_s = next.time_s;
        const Hash256 second_list = request_to_join(next, 222);
        QCOMPARE(request_to_join(next, 223), second_list);
        writes = commit(next);
        QVERIFY(matches_from_scratch());
        QCOMPARE(member_rows(second_list), std::to_string(members + 1));
        QCOMPARE(referendum_count(second_list), std::string("2"));
        if (given_state_before)
            QCOMPARE(writes, (Writes{{"members", 1}, {"applicants", 3}, {"referendums", 3}, {"electorates", 2},
                                     {"electorate_members", int(members + 1)}}));

        // 5. A member is removed: the pending referendums name their lists
        // without it, and the second list, which only pending ones named, goes.
        next = state;
        next.members.erase(account(11));
        for (const auto& [id, r] : state.referendums) {
            if (r.outcome != Outcome::Pending) continue;
            next.referendums[id].electorate = r.electorate.without(account(11));
            next.referendums[id].ballots.erase(account(11));
        }
        writes = commit(next);
        QVERIFY(matches_from_scratch());
        QCOMPARE(member_rows(first_list), std::to_string(members)); // the closed referendum still names it
        QCOMPARE(referendum_count(first_list), std::string("1"));
        QCOMPARE(member_rows(second_list), std::string("0"));
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM electorates WHERE id = x'" + codec::to_hex(second_list) + "'")),
                 std::string("0"));

        // 6. The last referendum naming the first list leaves the state (the
        // rules never remove one; the store must not depend on that).
        next = state;
        next.referendums.erase(voted);
        writes = commit(next);
        QVERIFY(matches_from_scratch());
        QCOMPARE(member_rows(first_list), std::string("0"));
        if (given_state_before)
            QCOMPARE(writes, (Writes{{"referendums", 1}, {"ballots", 1}, {"electorates", 1},
                                     {"electorate_members", int(members)}}));
        QVERIFY(store->integrity_ok());
    }

    // --- The state of a protocol-version-2 group as rows --------------------------

    // After every commit the rows are the state's entries and nothing else,
    // there is no snapshot, and a commit that changes k entries writes k
    // rows, whether it is given the state before (state_changes) or not
    // (the rows compared with the table).
    void stateRowsFollowEveryCommit_data() { read_model_ways(); }
    void stateRowsFollowEveryCommit() {
        QFETCH(bool, given_state_before);
        const std::string file = path(given_state_before ? "rows_changes.db" : "rows_synced.db");
        std::string error;
        sqlite3* store_db = nullptr;
        auto store = open_with_connection(file, &store_db, &error);
        QVERIFY2(store, error.c_str());
        QVERIFY(count_state_row_writes(store_db));

        const Genesis genesis = make_genesis();
        const Hash256 group_id = genesis.group_id();
        State before = make_state(0, group_id);
        before.protocol_version = kProtocolVersionStateTables;
        QVERIFY2(store->write_genesis(genesis, before, {}, &error), error.c_str());
        RawDb raw(file);
        QVERIFY(raw.ok());
        QVERIFY(raw.rows(kStateRows) == rows_of(state::state_tables(before)));
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_snapshot")), std::string("0"));

        Hash256 previous = group_id;
        for (std::uint64_t h = 1; h <= 4; ++h) {
            const Committed c = make_block(h, previous, group_id, kProtocolVersionStateTables);
            QCOMPARE(sqlite3_exec(store_db, "UPDATE row_writes SET n = 0", nullptr, nullptr, nullptr), SQLITE_OK);
            QVERIFY2(store->commit_block(c.block, c.certificate, c.state, c.events, &error,
                                         given_state_before ? &before : nullptr),
                     error.c_str());
            const auto rows = raw.rows(kStateRows);
            QVERIFY(rows == rows_of(state::state_tables(c.state)));
            QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_snapshot")), std::string("0"));
            const std::size_t changed = count_changes(state::state_changes(before, c.state));
            QVERIFY(changed > 0 && changed < rows.size());
            QCOMPARE(single(RawDb::query(store_db, "SELECT n FROM row_writes")), std::to_string(changed));
            QCOMPARE(store->state_root_from_rows(), std::optional<Hash256>(c.block.header.state_root));
            QCOMPARE(state_root(c.state), c.block.header.state_root);
            previous = c.block.header.hash();
            before = c.state;
        }
        store.reset();

        store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        std::string problem;
        const std::optional<State> loaded = store->load_state(&problem);
        QVERIFY2(loaded, problem.c_str());
        QVERIFY(state::state_tables(*loaded) == state::state_tables(before));
        QCOMPARE(state_root(*loaded), state_root(before));
        // The root cache came with the load (the tries built from the rows):
        // it agrees with the root from scratch, and a change made to a copy
        // of the loaded state is followed by it.
        QCOMPARE(state_root(*loaded), state::state_root_v2_from_scratch(*loaded));
        State changed = *loaded;
        changed.nonces[account(9)] = 99;
        QCOMPARE(state_root(changed), state::state_root_v2_from_scratch(changed));
        QVERIFY(state_root(changed) != state_root(*loaded));
        QCOMPARE(loaded->height, std::uint64_t{4});
        QVERIFY(read_model_matches(*store, before));
    }

    // A genesis at version 2 writes rows; opening at height 0 checks them
    // against the root of the state the genesis creates.
    void versionTwoGenesisIsCheckedAgainstTheGenesis() {
        const std::string file = path("genesis_v2.db");
        Genesis genesis = make_genesis();
        genesis.protocol_version = kProtocolVersionStateTables;
        const State state = genesis_state(genesis);
        QCOMPARE(state.protocol_version, kProtocolVersionStateTables);
        std::string error;
        {
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            QVERIFY2(store->write_genesis(genesis, state, {}, &error), error.c_str());
        }
        {
            RawDb raw(file);
            QVERIFY(raw.rows(kStateRows) == rows_of(state::state_tables(state)));
            QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_snapshot")), std::string("0"));
        }
        {
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            std::string problem;
            const std::optional<State> loaded = store->load_state(&problem);
            QVERIFY2(loaded, problem.c_str());
            QCOMPARE(state_root(*loaded), state_root(state));
        }
        {
            RawDb raw(file);
            // The group's clock (field 3) moved to height 1: it decodes, and is not what the genesis made.
            QCOMPARE(raw.run("UPDATE state_entries SET value = ?1 WHERE table_id = 1 AND key = x'03'",
                             {Bytes{0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0}}),
                     1);
        }
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        std::string problem;
        QVERIFY(!store->load_state(&problem));
        QVERIFY2(problem.find("the data dir is damaged: the group state stored after block 0 is the state after block 1") == 0,
                 problem.c_str());
    }

    // Damage done to the rows behind the store's back: opening refuses with
    // a message that says the data dir is damaged, what differs and what to
    // do, and not a byte of the file changes.
    void damagedRowsRefuseToOpen_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected");
        const QString root_differs = QStringLiteral("the group state stored after block 3 has the state root ");
        QTest::newRow("a value byte flipped") << QStringLiteral("flip") << root_differs;
        QTest::newRow("a row deleted") << QStringLiteral("delete") << root_differs;
        QTest::newRow("a stray row") << QStringLiteral("stray") << root_differs;
        QTest::newRow("a value that does not decode")
            << QStringLiteral("undecodable")
            << QStringLiteral("the group state stored after block 3 does not decode: the referendums entry "
                              "0000000000000001: referendum kind 9 is out of range (1 to 3)");
        QTest::newRow("a key stored as text")
            << QStringLiteral("text key")
            << QStringLiteral("the nonces row %1 has a key that is not a byte string in order")
                   .arg(QString::fromStdString(hex(account(1))));
        QTest::newRow("a row in no table") << QStringLiteral("no table")
                                           << QStringLiteral("a row of state_entries is in table 77, which the group "
                                                             "state does not have");
    }
    void damagedRowsRefuseToOpen() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        const std::string file = path(("damaged_" + damage.toStdString() + ".db").c_str());
        const std::vector<Committed> chain = build_chain(file, 3, nullptr, kProtocolVersionStateTables);
        const Hash256 header_root = chain.back().block.header.state_root;
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            const std::string nonce_of_1 = "table_id = 4 AND key = x'" + hex(account(1)) + "'";
            int changed = -1;
            if (damage == "flip") {
                Bytes value = raw.blob("SELECT value FROM state_entries WHERE " + nonce_of_1);
                QCOMPARE(value.size(), std::size_t{8});
                value.back() ^= 0xff;
                changed = raw.run("UPDATE state_entries SET value = ?1 WHERE " + nonce_of_1, {value});
            } else if (damage == "delete") {
                changed = raw.run("DELETE FROM state_entries WHERE table_id = 10 AND key = "
                                  "(SELECT MIN(key) FROM state_entries WHERE table_id = 10)");
            } else if (damage == "stray") {
                changed = raw.run("INSERT INTO state_entries (table_id, key, value) VALUES (4, ?1, ?2)",
                                  {Bytes(20, 0x07), Bytes{0, 0, 0, 0, 0, 0, 0, 1}});
            } else if (damage == "undecodable") {
                Bytes value = raw.blob("SELECT value FROM state_entries WHERE table_id = 9 AND key = x'0000000000000001'");
                QVERIFY(!value.empty());
                value[0] = 9;
                changed = raw.run("UPDATE state_entries SET value = ?1 WHERE table_id = 9 AND key = x'0000000000000001'",
                                  {value});
            } else if (damage == "text key") {
                // Same bytes, another type: SQLite sorts text before every blob.
                changed = raw.run("UPDATE state_entries SET key = CAST(key AS TEXT) WHERE " + nonce_of_1);
            } else {
                changed = raw.run("INSERT INTO state_entries (table_id, key, value) VALUES (77, x'01', x'')");
            }
            QCOMPARE(changed, 1);
        }
        QVERIFY(!std::filesystem::exists(file + "-wal"));
        const Hash256 digest_before = file_digest(file);
        {
            std::string error;
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            std::string problem;
            QVERIFY(!store->load_state(&problem));
            QVERIFY2(problem.find("the data dir is damaged: " + expected.toStdString()) == 0, problem.c_str());
            QVERIFY2(problem.find("Nothing was changed; restore the data dir from a backup, or move its chain.sqlite "
                                  "files out of it (keep its wallets folder, which holds the keys)") != std::string::npos,
                     problem.c_str());
            if (damage == "flip" || damage == "delete" || damage == "stray") {
                QVERIFY2(problem.find("but that block's header commits to " + codec::to_hex(header_root).substr(0, 16)) !=
                             std::string::npos,
                         problem.c_str());
                const std::optional<Hash256> from_rows = store->state_root_from_rows();
                QVERIFY(from_rows && *from_rows != header_root);
            }
        }
        QVERIFY(file_digest(file) == digest_before);
    }

    // docs/STATE.md, "Checkpoints": the store saves the top of the state's
    // tries with the first block of every interval, in that block's commit
    // (one of several blocks committed together too), and on demand.
    void checkpointsFollowTheInterval() {
        const std::string file = path("checkpoint_interval.db");
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        store->set_checkpoint_interval_blocks(2);
        const Genesis genesis = make_genesis();
        const Hash256 group_id = genesis.group_id();
        State genesis_state = make_state(0, group_id);
        genesis_state.protocol_version = kProtocolVersionStateTables;
        QVERIFY2(store->write_genesis(genesis, genesis_state, events_for(0, 3), &error), error.c_str());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>());
        std::vector<Committed> chain;
        Hash256 previous = group_id;
        for (std::uint64_t h = 1; h <= 5; ++h) {
            chain.push_back(make_block(h, previous, group_id, kProtocolVersionStateTables));
            previous = chain.back().block.header.hash();
        }
        const auto commit = [&](std::size_t i) {
            return store->commit_block(chain[i].block, chain[i].certificate, chain[i].state, chain[i].events, &error);
        };
        QVERIFY2(commit(0), error.c_str());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>()); // block 1: interval 0 still
        QVERIFY2(commit(1), error.c_str());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>(2));
        // Blocks 3 and 4 in one commit cross into the interval of block 4.
        QVERIFY2(store->commit_blocks({{chain[2].block, chain[2].certificate, chain[2].events},
                                       {chain[3].block, chain[3].certificate, chain[3].events}},
                                      chain[3].state, &error),
                 error.c_str());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>(4));
        QVERIFY2(commit(4), error.c_str());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>(4));
        // The checkpoint of block 4 commits to block 4's root (checked on open).
        std::optional<State> loaded = store->load_state(&error);
        QVERIFY2(loaded, error.c_str());
        // Saved at shutdown: only the state the store holds.
        QVERIFY(!store->save_checkpoint(chain[3].state, &error));
        QVERIFY2(error.find("the store holds the state after block 5") != std::string::npos, error.c_str());
        QVERIFY2(store->save_checkpoint(*loaded, &error), error.c_str());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>(5));
        QVERIFY2(store->load_state(&error), error.c_str());
        RawDb raw(file);
        const std::string rows = single(raw.rows("SELECT COUNT(*) FROM state_checkpoint"));
        QVERIFY2(std::stoi(rows) > 0 && std::stoi(rows) <= int(256 * state::kTableCount), rows.c_str());
    }

    // docs/STATE.md, "Verified headers": a block that changes the validators
    // records the proof of the validators table at its state root, which a
    // client checks against that block's header; such a block must end its
    // commit, and a commit that breaks this is refused whole.
    void validatorChangesAreRecordedWithTheirProofs() {
        const std::string file = path("validator_changes.db");
        std::vector<Committed> chain = build_chain(file, 2, nullptr, kProtocolVersionStateTables);
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        const std::vector<Store::ValidatorChange> before = store->validator_changes_after(0, 100);
        const Hash256 group_id = make_genesis().group_id();
        Event added;
        added.kind = EventKind::ValidatorAdded;
        Committed third = make_block(3, chain.back().block.header.hash(), group_id, kProtocolVersionStateTables);
        third.events = {added};
        Committed fourth = make_block(4, third.block.header.hash(), group_id, kProtocolVersionStateTables);
        fourth.events = {};
        // Block 3 changes the validators and is not the last: refused, nothing written.
        QVERIFY(!store->commit_blocks({{third.block, third.certificate, third.events},
                                       {fourth.block, fourth.certificate, fourth.events}},
                                      fourth.state, &error));
        QVERIFY2(error.find("a block that changes the validators is the last of its commit") != std::string::npos,
                 error.c_str());
        QCOMPARE(store->height(), std::uint64_t{2});
        QVERIFY2(store->commit_block(third.block, third.certificate, third.state, third.events, &error), error.c_str());
        QVERIFY2(store->commit_block(fourth.block, fourth.certificate, fourth.state, fourth.events, &error), error.c_str());
        const std::vector<Store::ValidatorChange> changes = store->validator_changes_after(2, 100);
        QCOMPARE(changes.size(), std::size_t{1});
        QCOMPARE(changes[0].height, std::uint64_t{3});
        QCOMPARE(state::table_proof_problem(third.block.header.state_root, changes[0].validators), std::string());
        QCOMPARE(changes[0].validators.entries.size(), third.state.validators.size());
        QVERIFY(!state::table_proof_problem(fourth.block.header.state_root, changes[0].validators).empty() ||
                third.block.header.state_root == fourth.block.header.state_root);
        QCOMPARE(store->validator_changes_after(3, 100).size(), std::size_t{0});
        QCOMPARE(store->validator_changes_after(0, 100).size(), before.size() + 1);
        QCOMPARE(store->validator_changes_after(0, 1).size(), std::size_t{1});
        // What invitations from this store carry: the newest change.
        QCOMPARE(store->newest_validator_change(),
                 std::optional<state::HeaderCheckpoint>(state::HeaderCheckpoint{3, third.block.header.hash()}));
    }

    // An invitation's checkpoint is kept in the meta table, replaced by a
    // later one, and read back after a reopen; a damaged one reads as none.
    void theTrustCheckpointIsKept() {
        const std::string file = path("trust_checkpoint.db");
        (void)build_chain(file, 0, nullptr, kProtocolVersionStateTables);
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QVERIFY(!store->trust_checkpoint());
        QVERIFY(!store->newest_validator_change()); // never changed: the genesis is enough
        Hash256 hash{};
        hash.fill(0xc4);
        QVERIFY2(store->set_trust_checkpoint({7, hash}, &error), error.c_str());
        hash[0] = 0x01;
        QVERIFY2(store->set_trust_checkpoint({9, hash}, &error), error.c_str());
        store.reset();
        store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QCOMPARE(store->trust_checkpoint(), std::optional<state::HeaderCheckpoint>(state::HeaderCheckpoint{9, hash}));
        store.reset();
        {
            RawDb raw(file);
            raw.rows("UPDATE meta SET value = 'zz' WHERE key = 'trust_checkpoint_hash'");
        }
        store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QVERIFY(!store->trust_checkpoint());
    }

    // A damaged checkpoint refuses to open, as a damaged row does, and a
    // checkpoint of the stored block names the rows that were damaged.
    void damagedCheckpointRefusesToOpen_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("expected"); // empty: the state opens
        const QString saved = QStringLiteral("the checkpoint of the state's tries saved at block 3");
        QTest::newRow("intact") << QStringLiteral("intact") << QString();
        QTest::newRow("an older checkpoint, intact") << QStringLiteral("older") << QString();
        QTest::newRow("a hash flipped") << QStringLiteral("hash") << saved + " does not match that block's header";
        QTest::newRow("a row deleted") << QStringLiteral("delete") << saved + " does not match that block's header";
        QTest::newRow("a first byte out of range")
            << QStringLiteral("byte") << saved + " has a malformed row (table 4, first byte 300)";
        QTest::newRow("a height after the last block")
            << QStringLiteral("after") << QStringLiteral("the checkpoint of the state's tries saved at block 9 is "
                                                         "after the last block, 3");
        QTest::newRow("no height") << QStringLiteral("no height")
                                   << QStringLiteral("the checkpoint of the state's tries has no valid height");
        QTest::newRow("a state row flipped")
            << QStringLiteral("row")
            << QStringLiteral("the group state stored after block 3 has the state root ");
        QTest::newRow("a state row flipped, the checkpoint older")
            << QStringLiteral("row, older")
            << QStringLiteral("the group state stored after block 4 has the state root ");
    }
    void damagedCheckpointRefusesToOpen() {
        QFETCH(QString, damage);
        QFETCH(QString, expected);
        const std::string file = path(("checkpoint_" + damage.toStdString() + ".db").c_str());
        std::vector<Committed> chain = build_chain(file, 3, nullptr, kProtocolVersionStateTables);
        const bool older = damage.contains("older");
        {
            std::string error;
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            const std::optional<State> state = store->load_state(&error);
            QVERIFY2(state, error.c_str());
            QVERIFY2(store->save_checkpoint(*state, &error), error.c_str());
            if (older) { // one more block after the checkpoint
                chain.push_back(make_block(4, chain.back().block.header.hash(), make_genesis().group_id(),
                                           kProtocolVersionStateTables));
                QVERIFY2(store->commit_block(chain.back().block, chain.back().certificate, chain.back().state,
                                             chain.back().events, &error, &*state),
                         error.c_str());
            }
        }
        const std::string nonce_of_1 = "table_id = 4 AND key = x'" + hex(account(1)) + "'";
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            int changed = 1;
            if (damage == "hash") {
                Bytes hash = raw.blob("SELECT hash FROM state_checkpoint WHERE table_id = 4 LIMIT 1");
                QCOMPARE(hash.size(), std::size_t{32});
                hash[5] ^= 0x01;
                changed = raw.run("UPDATE state_checkpoint SET hash = ?1 WHERE table_id = 4 AND first_byte = "
                                  "(SELECT MIN(first_byte) FROM state_checkpoint WHERE table_id = 4)",
                                  {hash});
            } else if (damage == "delete") {
                changed = raw.run("DELETE FROM state_checkpoint WHERE table_id = 4 AND first_byte = "
                                  "(SELECT MAX(first_byte) FROM state_checkpoint WHERE table_id = 4)");
            } else if (damage == "byte") {
                changed = raw.run("UPDATE state_checkpoint SET first_byte = 300 WHERE table_id = 4 AND first_byte = "
                                  "(SELECT MAX(first_byte) FROM state_checkpoint WHERE table_id = 4)");
            } else if (damage == "after") {
                changed = raw.run("UPDATE meta SET value = '9' WHERE key = 'state_checkpoint_height'");
            } else if (damage == "no height") {
                changed = raw.run("DELETE FROM meta WHERE key = 'state_checkpoint_height'");
            } else if (damage.startsWith("row")) {
                Bytes value = raw.blob("SELECT value FROM state_entries WHERE " + nonce_of_1);
                QCOMPARE(value.size(), std::size_t{8});
                value.back() ^= 0xff;
                changed = raw.run("UPDATE state_entries SET value = ?1 WHERE " + nonce_of_1, {value});
            }
            QCOMPARE(changed, 1);
        }
        const Hash256 digest_before = file_digest(file);
        {
            std::string error;
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            std::string problem;
            const std::optional<State> state = store->load_state(&problem);
            if (expected.isEmpty()) {
                QVERIFY2(state, problem.c_str());
                QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>(3));
                return;
            }
            QVERIFY(!state);
            QVERIFY2(problem.find("the data dir is damaged: " + expected.toStdString()) == 0, problem.c_str());
            QVERIFY2(problem.find("Nothing was changed") != std::string::npos, problem.c_str());
            const std::string nonces_named =
                "compared with the checkpoint of the state's tries saved at block 3, the damage is in the nonces "
                "rows whose keys start with " + hex(account(1)).substr(0, 2) + ".";
            const std::string cannot_say =
                "the checkpoint of the state's tries saved at block 3 is older, so it cannot say which rows";
            if (damage == "row") QVERIFY2(problem.find(nonces_named) != std::string::npos, problem.c_str());
            if (damage == "row, older") QVERIFY2(problem.find(cannot_say) != std::string::npos, problem.c_str());
        }
        QVERIFY(file_digest(file) == digest_before);
    }

    // Opening reads the rows in two halves, by the first bit of their keys:
    // on two connections and threads, or on one after the other when another
    // connection holds the write lock. The halves join into the state that
    // was written, with its root, and damage in either half is refused.
    void stateHalvesOpenAsOne_data() {
        QTest::addColumn<QString>("situation");
        QTest::addColumn<QString>("expected"); // empty: the state opens
        const auto members_entry = [](std::uint8_t n) {
            return QStringLiteral("the group state stored after block 2 does not decode: the members entry %1: its value (")
                .arg(QString::fromStdString(hex(account(n))));
        };
        QTest::newRow("members in both halves") << QStringLiteral("intact") << QString();
        QTest::newRow("another connection holds the write lock") << QStringLiteral("locked") << QString();
        QTest::newRow("a member of the high half cut short") << QStringLiteral("high member") << members_entry(0x90);
        QTest::newRow("a member of the low half cut short") << QStringLiteral("low member") << members_entry(0x10);
        QTest::newRow("a nonce of the high half changed")
            << QStringLiteral("high nonce") << QStringLiteral("the group state stored after block 2 has the state root ");
        QTest::newRow("a table id that is not a whole number")
            << QStringLiteral("real table")
            << QStringLiteral("a row of state_entries is in table 2.5, which the group state does not have");
    }
    void stateHalvesOpenAsOne() {
        QFETCH(QString, situation);
        QFETCH(QString, expected);
        std::string name = "halves_" + situation.toStdString() + ".db";
        std::replace(name.begin(), name.end(), ' ', '_');
        const std::string file = path(name.c_str());
        const std::vector<Committed> chain = build_chain(file, 1, nullptr, kProtocolVersionStateTables);
        const Hash256 group_id = make_genesis().group_id();
        State state = make_state(2, group_id);
        state.protocol_version = kProtocolVersionStateTables;
        for (const std::uint8_t n : {0x10, 0x7f, 0x80, 0x90, 0xff}) {
            state.members[account(n)] = make_member(n, 100, 100);
            state.nonces[account(n)] = n;
        }
        const Committed next = make_block_to(2, chain.back().block.header.hash(), group_id, state);
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QVERIFY2(store->commit_block(next.block, next.certificate, next.state, next.events, &error, &chain.back().state),
                 error.c_str());
        RawDb raw(file);
        QVERIFY(raw.ok());
        const auto key_of = [](std::uint8_t n) { return "x'" + hex(account(n)) + "'"; };
        if (situation == "high member" || situation == "low member") {
            const std::string row = "table_id = 2 AND key = " + key_of(situation == "high member" ? 0x90 : 0x10);
            Bytes value = raw.blob("SELECT value FROM state_entries WHERE " + row);
            QVERIFY(value.size() > 1);
            value.pop_back();
            QCOMPARE(raw.run("UPDATE state_entries SET value = ?1 WHERE " + row, {value}), 1);
        } else if (situation == "high nonce") {
            QCOMPARE(raw.run("UPDATE state_entries SET value = x'0000000000000001' WHERE table_id = 4 AND key = " +
                             key_of(0xff)),
                     1);
        } else if (situation == "real table") {
            QCOMPARE(raw.run("INSERT INTO state_entries (table_id, key, value) VALUES (2.5, x'01', x'')"), 1);
        } else if (situation == "locked") {
            QCOMPARE(raw.run("BEGIN IMMEDIATE"), 0);
        }
        std::string problem;
        const std::optional<State> loaded = store->load_state(&problem);
        if (expected.isEmpty()) {
            QVERIFY2(loaded, problem.c_str());
            QVERIFY(state::state_tables(*loaded) == state::state_tables(state));
            QCOMPARE(state_root(*loaded), state_root(state));
            QCOMPARE(loaded->members.size(), state.members.size());
            QVERIFY(loaded->members.contains(account(0x80)) && loaded->nonces.contains(account(0xff)));
            return;
        }
        QVERIFY(!loaded);
        QVERIFY2(problem.find("the data dir is damaged: " + expected.toStdString()) == 0, problem.c_str());
    }

    // A commit that takes a group from version 1 to version 2 writes every
    // row and drops the snapshot, in its one transaction.
    void upgradeCommitMovesTheStateToRows() {
        const std::string file = path("crossing.db");
        const std::vector<Committed> chain = build_chain(file, 2, nullptr);
        const Committed next = make_block(3, chain.back().block.header.hash(), make_genesis().group_id(),
                                          kProtocolVersionStateTables);
        RawDb raw(file);
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_snapshot")), std::string("1"));
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_entries")), std::string("0"));
        QVERIFY2(store->commit_block(next.block, next.certificate, next.state, next.events, &error, &chain.back().state),
                 error.c_str());
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_snapshot")), std::string("0"));
        QVERIFY(raw.rows(kStateRows) == rows_of(state::state_tables(next.state)));
        std::string problem;
        const std::optional<State> loaded = store->load_state(&problem);
        QVERIFY2(loaded, problem.c_str());
        QCOMPARE(state_root(*loaded), next.block.header.state_root);
    }

    // Format 3 kept a version-2 group's state in one blob: the step to
    // format 4 writes its rows from the blob and removes the blob.
    void formatThreeVersionTwoSnapshotBecomesRows() {
        const std::string file = path("format3_v2.db");
        const std::vector<Committed> chain = build_chain(file, 3, nullptr, kProtocolVersionStateTables);
        const State& last = chain.back().state;
        const Hash256& root = chain.back().block.header.state_root;
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            // As format 3 kept a version-2 group: the whole state in one blob, no rows.
            QCOMPARE(raw.run("INSERT INTO state_snapshot (slot, height, root, state) VALUES (1, 3, ?1, ?2)",
                             {Bytes(root.begin(), root.end()), codec::to_bytes(last)}),
                     1);
            QVERIFY(rewrite_as_format_four(raw, last));
            QVERIFY(raw.run("DROP TABLE state_entries") >= 0);
            raw.rows("PRAGMA user_version = 3");
            raw.rows("UPDATE meta SET value = '3' WHERE key = 'format_version'");
        }
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QCOMPARE(store->meta("format_version"), std::optional<std::string>(std::to_string(Store::kFormatVersion)));
        QVERIFY(read_model_matches(*store, last));
        RawDb raw(file);
        QCOMPARE(single(raw.rows("PRAGMA user_version")), std::to_string(Store::kFormatVersion));
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_snapshot")), std::string("0"));
        QVERIFY(raw.rows(kStateRows) == rows_of(state::state_tables(last)));
        std::string problem;
        const std::optional<State> loaded = store->load_state(&problem);
        QVERIFY2(loaded, problem.c_str());
        QCOMPARE(state_root(*loaded), chain.back().block.header.state_root);
    }

    // A version-1 group keeps its snapshot through the step to format 4.
    void formatThreeVersionOneKeepsItsSnapshot() {
        const std::string file = path("format3_v1.db");
        const std::vector<Committed> chain = build_chain(file, 3, nullptr);
        std::string snapshot_before;
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            QVERIFY(rewrite_as_format_four(raw, chain.back().state));
            QVERIFY(raw.run("DROP TABLE state_entries") >= 0);
            raw.rows("PRAGMA user_version = 3");
            raw.rows("UPDATE meta SET value = '3' WHERE key = 'format_version'");
            snapshot_before = single(raw.rows("SELECT state FROM state_snapshot"));
        }
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        RawDb raw(file);
        QCOMPARE(single(raw.rows("PRAGMA user_version")), std::to_string(Store::kFormatVersion));
        QCOMPARE(single(raw.rows("SELECT state FROM state_snapshot")), snapshot_before);
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_entries")), std::string("0"));
        QVERIFY(store->load_state());
        QVERIFY(read_model_matches(*store, chain.back().state));
    }

    // Format 4 kept each referendum's electorate in one row per voter and its
    // whole electorate and ballots in its row blob; the step to format 5
    // stores each distinct list once, and the read model is then the one
    // written from nothing, which later commits keep up to date.
    void formatFourReadModelIsConverted() {
        const std::string file = path("format4.db");
        const std::vector<Committed> chain = build_chain(file, 3, nullptr);
        const State& last = chain.back().state;
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            QVERIFY(rewrite_as_format_four(raw, last));
            QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM electorate")), std::string("5")); // 3 + 2 voters
        }
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        RawDb raw(file);
        QCOMPARE(single(raw.rows("PRAGMA user_version")), std::to_string(Store::kFormatVersion));
        QVERIFY(read_model_matches(*store, last));
        QVERIFY(read_model_rows(raw.handle()) == read_model_from_scratch(path("format4_scratch.db"), last));
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('electorate', "
                                 "'electorate_account', 'ballots_account')")),
                 std::string("0"));
        // Referendum 1 names {1, 2, 3}, referendum 2 {1, 2} since member 3 left.
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM electorate_members")), std::string("5"));

        const Committed next = make_block(4, chain.back().block.header.hash(), make_genesis().group_id());
        QVERIFY2(store->commit_block(next.block, next.certificate, next.state, next.events, &error, &last),
                 error.c_str());
        QVERIFY(read_model_matches(*store, next.state));
        QVERIFY(store->integrity_ok());
    }

    // Format 5 had no checkpoint of the state's tries: the step to format 6
    // creates its table empty, the state opens without one, and the next
    // checkpoint saved is checked on the next open.
    void formatFiveGainsAnEmptyCheckpoint() {
        const std::string file = path("format5.db");
        const std::vector<Committed> chain = build_chain(file, 3, nullptr, kProtocolVersionStateTables);
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            QVERIFY(raw.run("DROP TABLE state_checkpoint") >= 0);
            QVERIFY(raw.run("DROP TABLE validator_changes") >= 0);
            raw.rows("PRAGMA user_version = 5");
            raw.rows("UPDATE meta SET value = '5' WHERE key = 'format_version'");
            raw.rows("DELETE FROM meta WHERE key = 'state_checkpoint_height'");
        }
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        {
            RawDb raw(file);
            QCOMPARE(single(raw.rows("PRAGMA user_version")), std::to_string(Store::kFormatVersion));
            QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM state_checkpoint")), std::string("0"));
            QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM validator_changes")), std::string("0"));
        }
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>());
        const std::optional<State> state = store->load_state(&error);
        QVERIFY2(state, error.c_str());
        QVERIFY2(store->save_checkpoint(*state, &error), error.c_str());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>(3));
        QVERIFY2(store->load_state(&error), error.c_str());
        QVERIFY(store->integrity_ok());
    }

    // State sync (docs/STATE.md, "Snapshots"): a store holding only its
    // genesis takes a verified state at block 3 without blocks 1 to 3, keeps
    // the header and certificate of block 3 and its validators' proof, and
    // holds blocks in full from 4 on. Anything else is refused, unwritten.
    void syncedStateStartsTheHistoryAfterIt() {
        const std::string source = path("synced_source.db");
        const std::vector<Committed> chain = build_chain(source, 4, nullptr, kProtocolVersionStateTables);
        const Committed& base = chain[2];
        const state::HeaderStep step{base.block.header, base.certificate, state::validators_table_proof(base.state)};
        const std::string file = path("synced.db");
        (void)build_chain(file, 0, nullptr, kProtocolVersionStateTables);
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        const auto refused = [&](const State& state, const state::HeaderStep& with, const char* expected) {
            std::string why;
            QVERIFY(!store->write_synced_state({}, with, state, &why));
            QVERIFY2(why.find(expected) != std::string::npos, why.c_str());
            QCOMPARE(store->height(), std::uint64_t{0});
            QCOMPARE(store->history_from_height(), std::uint64_t{1});
        };
        refused(chain[1].state, step, "it is not the state after block 3");
        State other_root = base.state;
        other_root.group_name = "Outro Grupo";
        refused(other_root, step, "its root is not the one in the header of block 3");
        State legacy = base.state;
        legacy.protocol_version = kProtocolVersionLegacy;
        refused(legacy, step, "protocol version 1");
        state::HeaderStep late_change = step;
        late_change.header.height = 5;
        QVERIFY(!store->write_synced_state({late_change}, step, base.state, &error));
        {
            auto full = Store::open(source, &error);
            QVERIFY(!full->write_synced_state({}, step, base.state, &error));
            QVERIFY2(error.find("already holds block 4") != std::string::npos, error.c_str());
        }

        QVERIFY2(store->write_synced_state({}, step, base.state, &error), error.c_str());
        QCOMPARE(store->height(), std::uint64_t{3});
        QCOMPARE(store->history_from_height(), std::uint64_t{4});
        QVERIFY(!store->block(3));
        QVERIFY(!store->block(1));
        QVERIFY(store->block_header(3) && store->block_header(3)->hash() == base.block.header.hash());
        QVERIFY(store->certificate(3) && codec::to_bytes(*store->certificate(3)) == codec::to_bytes(base.certificate));
        QCOMPARE(store->validator_changes_after(0, 10).size(), std::size_t{1});
        // The base is recorded like a change but is none: invitations do not name it.
        QVERIFY(!store->newest_validator_change());
        QCOMPARE(store->checkpoint_height(), std::optional<std::uint64_t>(3));
        QVERIFY(!store->write_synced_state({}, step, base.state, &error)); // once only
        // The next block commits on it as on any stored state.
        const Committed& next = chain[3];
        QVERIFY2(store->commit_block(next.block, next.certificate, next.state, next.events, &error, &base.state),
                 error.c_str());
        QVERIFY(store->block(4) && store->block(4)->header.hash() == next.block.header.hash());
        store.reset();
        store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        const std::optional<State> reopened = store->load_state(&error);
        QVERIFY2(reopened, error.c_str());
        QCOMPARE(state_root(*reopened), next.block.header.state_root);
        QCOMPARE(store->history_from_height(), std::uint64_t{4});

        // The history before it, backfilled: in order, below the synced
        // state only; a batch again from block 1 (after a restart) replaces
        // what is there; the batch that ends at the synced block completes it.
        const auto rows = [&](std::size_t first, std::size_t last) {
            std::vector<Store::BlockToCommit> out;
            for (std::size_t i = first; i < last; ++i) out.push_back({chain[i].block, chain[i].certificate, chain[i].events});
            return out;
        };
        QVERIFY(!store->write_backfilled_blocks(rows(3, 4), &error)); // block 4, above the synced state
        QVERIFY2(error.find("filled in order, once") != std::string::npos, error.c_str());
        std::vector<Store::BlockToCommit> gap = rows(0, 1);
        gap.push_back(rows(2, 3).front());
        QVERIFY(!store->write_backfilled_blocks(gap, &error));
        QVERIFY2(store->write_backfilled_blocks(rows(0, 2), &error), error.c_str());
        QCOMPARE(store->history_from_height(), std::uint64_t{4}); // not complete yet
        QVERIFY(!store->events_since(1, 100).empty());
        QVERIFY2(store->write_backfilled_blocks(rows(0, 3), &error), error.c_str());
        QCOMPARE(store->history_from_height(), std::uint64_t{1});
        for (std::size_t i = 0; i < 3; ++i) {
            const std::optional<Block> held = store->block(i + 1);
            QVERIFY(held);
            QCOMPARE(codec::to_bytes(*held), codec::to_bytes(chain[i].block));
        }
        QVERIFY(store->find_transaction(chain[0].block.transactions.front().id()));
        QVERIFY(!store->write_backfilled_blocks(rows(0, 1), &error)); // complete: nothing below the history any more
        store.reset();
        store = Store::open(file, &error);
        QVERIFY2(store && store->load_state(&error), error.c_str());
        QCOMPARE(store->history_from_height(), std::uint64_t{1});
    }

    // Format 6 to 7 moves only the markers: every block is still held.
    void formatSixMovesToSevenWithItsWholeHistory() {
        const std::string file = path("format6.db");
        (void)build_chain(file, 2, nullptr, kProtocolVersionStateTables);
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            raw.rows("PRAGMA user_version = 6");
            raw.rows("UPDATE meta SET value = '6' WHERE key = 'format_version'");
        }
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        QCOMPARE(store->meta("format_version"), std::optional<std::string>("7"));
        QCOMPARE(store->history_from_height(), std::uint64_t{1});
        QVERIFY(store->block(1));
    }

    // A format-4 referendum row that does not decode cannot be converted:
    // the file is refused, with the referendum named, and stays in format 4.
    void formatFourDamagedReferendumRefusesToOpen() {
        const std::string file = path("format4_damaged.db");
        const std::vector<Committed> chain = build_chain(file, 3, nullptr);
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            QVERIFY(rewrite_as_format_four(raw, chain.back().state));
            QCOMPARE(raw.run("UPDATE referendums SET row = x'00' WHERE id = 2"), 1);
        }
        const Hash256 digest_before = file_digest(file);
        std::string error;
        QVERIFY(!Store::open(file, &error));
        QVERIFY2(error.find("format 4 to 5") != std::string::npos, error.c_str());
        QVERIFY2(error.find("referendum 2 does not decode") != std::string::npos, error.c_str());
        QVERIFY2(error.find("damaged") != std::string::npos, error.c_str());
        QVERIFY(file_digest(file) == digest_before);
        RawDb raw(file);
        QCOMPARE(single(raw.rows("PRAGMA user_version")), std::string("4"));
        QCOMPARE(single(raw.rows("SELECT COUNT(*) FROM electorate")), std::string("5"));
    }

    void metaRoundTrips() {
        std::string error;
        auto store = Store::open(path("meta.db"), &error);
        QVERIFY2(store, error.c_str());
        QVERIFY(!store->meta("dev_clock_offset_s"));
        QVERIFY2(store->set_meta("dev_clock_offset_s", "86400", &error), error.c_str());
        QVERIFY2(store->set_meta("dev_clock_offset_s", "172800", &error), error.c_str());
        QCOMPARE(store->meta("dev_clock_offset_s"), std::optional<std::string>("172800"));
        QVERIFY2(store->set_meta("empty", "", &error), error.c_str());
        QCOMPARE(store->meta("empty"), std::optional<std::string>(""));
    }

    // The store keeps its prepared statements between uses: each use sees
    // only its own bindings and rows, and a read left half-way holds no
    // snapshot that would hide a later write.
    void keptStatementsGiveFreshResults() {
        const std::string file = path("kept_statements.db");
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY2(store, error.c_str());
        for (int i = 0; i < 20; ++i)
            QVERIFY2(store->set_meta("key" + std::to_string(i), "value" + std::to_string(i), &error), error.c_str());
        for (int i = 19; i >= 0; --i)
            QCOMPARE(store->meta("key" + std::to_string(i)), std::optional<std::string>("value" + std::to_string(i)));
        QVERIFY(!store->meta("key20"));

        // Records of several heights, written and read in turns: the next
        // sequence number and the rows come from each height alone.
        for (std::uint8_t round = 0; round < 3; ++round) {
            for (std::uint64_t height = 1; height <= 3; ++height) {
                const Bytes body{static_cast<std::uint8_t>(height), round};
                QVERIFY2(store->append_consensus_records({{height, body}}, &error), error.c_str());
            }
        }
        for (std::uint64_t height = 1; height <= 3; ++height) {
            const auto h = static_cast<std::uint8_t>(height);
            const std::vector<Bytes> expected{Bytes{h, 0}, Bytes{h, 1}, Bytes{h, 2}};
            QCOMPARE(store->consensus_records(height), std::optional<std::vector<Bytes>>(expected));
        }

        // A second connection writes while this one's statements are kept,
        // one of them last used for a read that stopped at its first row.
        QCOMPARE(store->meta("key0"), std::optional<std::string>("value0"));
        {
            auto other = Store::open(file, &error);
            QVERIFY2(other, error.c_str());
            QVERIFY2(other->set_meta("key0", "changed", &error), error.c_str());
            QVERIFY2(other->append_consensus_records({{2, Bytes{9}}}, &error), error.c_str());
        }
        QCOMPARE(store->meta("key0"), std::optional<std::string>("changed"));
        QCOMPARE(store->consensus_records(2)->size(), std::size_t{4});

        // A write refused half-way (a record too long: the transaction rolled
        // back with its statements prepared) leaves the next ones working;
        // failedCommitRollsBackEverything has a statement itself fail.
        QVERIFY(!store->append_consensus_records({{4, Bytes(Store::kConsensusRecordBytesMax + 1, 0)}}, &error));
        QVERIFY2(store->append_consensus_records({{4, Bytes{4}}}, &error), error.c_str());
        QCOMPARE(store->consensus_records(4), std::optional<std::vector<Bytes>>(std::vector<Bytes>{Bytes{4}}));
        QVERIFY2(store->prune_consensus_records(3, &error), error.c_str());
        QCOMPARE(store->consensus_records(2), std::optional<std::vector<Bytes>>(std::vector<Bytes>{}));
        QCOMPARE(store->consensus_records(3)->size(), std::size_t{3});
        QVERIFY(store->integrity_ok());
    }

    void newerFormatRefusesToOpen() {
        const std::string file = path("newer.db");
        const std::string newer = std::to_string(Store::kFormatVersion + 1);
        std::string error;
        {
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            QVERIFY(store->set_meta("format_version", newer, &error));
        }
        auto store = Store::open(file, &error);
        QVERIFY(!store);
        QVERIFY2(error.find("newer") != std::string::npos, error.c_str());
        QVERIFY2(error.find("format " + newer) != std::string::npos, error.c_str());
    }

    // A newer Rateio marks its format in the header; the file is refused
    // before the connection writes anything, so not a byte of it changes.
    void newerHeaderFormatLeavesFileUntouched() {
        const std::string file = path("newer_header.db");
        const std::string newer = std::to_string(Store::kFormatVersion + 7);
        std::string error;
        build_chain(file, 2, nullptr);
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            raw.rows("PRAGMA user_version = " + newer);
            raw.rows("UPDATE meta SET value = '" + newer + "' WHERE key = 'format_version'");
            // Rollback journal: a newer format may have left WAL; the switch back would be a write.
            raw.rows("PRAGMA journal_mode = DELETE");
        }
        const auto read_all = [&] {
            std::ifstream in(file, std::ios::binary);
            return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        };
        const std::string before = read_all();
        const auto modified_before = std::filesystem::last_write_time(file);
        auto store = Store::open(file, &error);
        QVERIFY(!store);
        QVERIFY2(error.find("newer Rateio (data format " + newer + ")") != std::string::npos, error.c_str());
        QVERIFY2(error.find("left as it was") != std::string::npos, error.c_str());
        QVERIFY(read_all() == before);
        QVERIFY(std::filesystem::last_write_time(file) == modified_before);
        QVERIFY(!std::filesystem::exists(file + "-wal"));
        QVERIFY(!std::filesystem::exists(file + "-journal"));
    }

    // Format 1 (version in meta only) opens, is migrated to the current
    // format in place, and keeps every row.
    void formatOneIsMigrated() {
        const std::string file = path("format1.db");
        const std::vector<Committed> chain = build_chain(file, 3, nullptr);
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            QVERIFY(rewrite_as_format_four(raw, chain.back().state));
            raw.rows("PRAGMA user_version = 0");
            raw.rows("UPDATE meta SET value = '1' WHERE key = 'format_version'");
            QCOMPARE(single(raw.rows("PRAGMA user_version")), std::string("0"));
        }
        std::string error;
        {
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            QCOMPARE(store->height(), std::uint64_t{3});
            QVERIFY(store->load_state());
            QCOMPARE(store->members().size(), chain.back().state.members.size());
            QVERIFY(read_model_matches(*store, chain.back().state));
            QCOMPARE(store->meta("format_version"), std::optional<std::string>(std::to_string(Store::kFormatVersion)));
            QVERIFY(store->integrity_ok());
        }
        RawDb raw(file);
        QCOMPARE(single(raw.rows("PRAGMA user_version")), std::to_string(Store::kFormatVersion));
        // A second open finds nothing left to do.
        auto again = Store::open(file, &error);
        QVERIFY2(again, error.c_str());
        QCOMPARE(again->height(), std::uint64_t{3});
    }

    // Format 2 had six secondary indexes on the transaction and event
    // tables; the step to format 3 drops them and keeps every row, and the
    // reads that remain (a transaction by id, the feed) still answer.
    void formatTwoIsMigrated() {
        const std::string file = path("format2.db");
        std::vector<Event> genesis_events;
        const std::vector<Committed> chain = build_chain(file, 3, &genesis_events);
        const std::string dropped = "('transactions_author', 'transactions_kind', 'events_kind', 'events_actor', "
                                    "'events_subject', 'events_time')";
        const std::string count_dropped = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN " + dropped;
        {
            RawDb raw(file);
            QVERIFY(raw.ok());
            // Format 2's schema, as format 2 wrote it.
            QVERIFY(rewrite_as_format_four(raw, chain.back().state));
            raw.rows("CREATE INDEX transactions_author ON transactions (author, height, idx)");
            raw.rows("CREATE INDEX transactions_kind ON transactions (kind, height)");
            raw.rows("CREATE INDEX events_kind ON events (kind)");
            raw.rows("CREATE INDEX events_actor ON events (actor)");
            raw.rows("CREATE INDEX events_subject ON events (subject)");
            raw.rows("CREATE INDEX events_time ON events (time_s)");
            raw.rows("PRAGMA user_version = 2");
            raw.rows("UPDATE meta SET value = '2' WHERE key = 'format_version'");
            QCOMPARE(single(raw.rows(count_dropped)), std::string("6"));
        }
        std::string error;
        {
            auto store = Store::open(file, &error);
            QVERIFY2(store, error.c_str());
            QCOMPARE(store->height(), std::uint64_t{3});
            QVERIFY(store->load_state());
            QCOMPARE(store->meta("format_version"), std::optional<std::string>(std::to_string(Store::kFormatVersion)));
            QVERIFY(holds_blocks(*store, chain));
            QVERIFY(store->events_since(0, 1000) == events_from(chain, 0, genesis_events));
            QVERIFY(read_model_matches(*store, chain.back().state));
            QVERIFY(store->integrity_ok());
        }
        RawDb raw(file);
        QCOMPARE(single(raw.rows("PRAGMA user_version")), std::to_string(Store::kFormatVersion));
        QCOMPARE(single(raw.rows(count_dropped)), std::string("0"));
    }

    void disagreeingFormatMarkersRefuseToOpen() {
        const std::string file = path("disagree.db");
        std::string error;
        QVERIFY(Store::open(file, &error));
        {
            RawDb raw(file);
            raw.rows("UPDATE meta SET value = '1' WHERE key = 'format_version'");
        }
        auto store = Store::open(file, &error);
        QVERIFY(!store);
        QVERIFY2(error.find("disagree") != std::string::npos, error.c_str());
    }

    void foreignDatabaseRefusesToOpen() {
        const std::string file = path("foreign.db");
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "CREATE TABLE other (x INTEGER)", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        }
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY(!store);
        QVERIFY2(error.find("not a Rateio") != std::string::npos, error.c_str());
    }

    void garbageFileFailsToOpen() {
        const std::string file = path("garbage.db");
        {
            std::ofstream out(file, std::ios::binary);
            const std::string junk(8192, 'x');
            out << junk;
        }
        std::string error;
        auto store = Store::open(file, &error);
        QVERIFY(!store);
        QVERIFY2(!error.empty(), "open failed without a message");
    }

    // Pages overwritten past the schema: the file opens, then the damage
    // shows in integrity_ok() and in reads that return nothing, not in a crash.
    void corruptedPagesFailGracefully() {
        const std::string file = path("corrupted.db");
        build_chain(file, 4, nullptr);
        const auto size = std::filesystem::file_size(file);
        {
            std::fstream io(file, std::ios::binary | std::ios::in | std::ios::out);
            io.seekp(static_cast<std::streamoff>(size / 2));
            const std::string junk(size - size / 2, '\xa5');
            io.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
        std::string error;
        auto store = Store::open(file, &error);
        if (!store) {
            QVERIFY2(!error.empty(), "open failed without a message");
            return;
        }
        exercise_reads(*store);
        QVERIFY(!store->integrity_ok());
    }

    // A truncated file either fails to open with a message, or opens and
    // then reports damage; nothing crashes and no read throws.
    void truncatedFileFailsGracefully() {
        const std::string file = path("truncated.db");
        build_chain(file, 4, nullptr);
        QVERIFY(!std::filesystem::exists(file + "-wal") || std::filesystem::file_size(file + "-wal") == 0);
        const auto size = std::filesystem::file_size(file);
        QVERIFY(size > 8 * 4096);
        std::filesystem::resize_file(file, size / 2);

        std::string error;
        auto store = Store::open(file, &error);
        if (!store) {
            QVERIFY2(!error.empty(), "open failed without a message");
            return;
        }
        exercise_reads(*store);
        QVERIFY(!store->integrity_ok());
        const Hash256 group_id = make_genesis().group_id();
        const Committed next = make_block(5, hash_of(1), group_id);
        (void)store->commit_block(next.block, next.certificate, next.state, next.events, &error);
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "test_store.moc"
