#pragma once
// The node's SQLite database: blocks, transactions, the state after the last
// block, the read-model tables the screens need, and the event feed.
//
// WAL journal, synchronous=FULL. A block and all its effects are written in
// one SQLite transaction, so a crash leaves the previous block or the new
// one, never half of one. Nothing here knows the group rules, but for the
// state a genesis creates: the root that a state stored at height 0 must have.

#include "ledger/ledger.h"
#include "rules/state.h"
#include "state/state_proof.h"
#include "state/state_tables.h"
#include "state/verified_headers.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace chain {

class WalCheckpointer;

// Every refusal to open a store whose contents do not check (a row that does
// not decode, a state whose root is not the one its header commits to)
// contains this phrase, so that the desktop can explain it in the member's
// language.
inline constexpr std::string_view kDataDirDamaged = "the data dir is damaged";
// What such a refusal tells whoever runs the node to do. The data dir also
// holds the wallets (the members' keys): it must not be deleted.
inline constexpr std::string_view kDamagedDataDirAdvice =
    "Nothing was changed; restore the data dir from a backup, or move its chain.sqlite files out of it (keep "
    "its wallets folder, which holds the keys) and join the group again to get the state from the other members";

class Store {
public:
    // The on-disk format this code reads and writes. Opening a file of an
    // older format migrates it in place, one SQLite transaction per step; a
    // file of a newer format is refused and left byte for byte as it was.
    // History: 1 (version in the meta table only), 2 (also in the SQLite
    // header, PRAGMA user_version), 3 (no secondary indexes on the
    // transaction and event tables), 4 (the state of a group at protocol
    // version 2 as rows of state_entries, not one blob), 5 (each distinct
    // electorate of the read model stored once, not once per referendum), 6
    // (the checkpoint of the state's tries, state_checkpoint, and the
    // validator changes with their proofs, validator_changes), 7 (a data dir
    // may start at a state synced from other nodes: meta.history_from_height).
    // docs/PACKAGING.md, "Formats".
    static constexpr int kFormatVersion = 7;

    // Opens (creating if needed) the database file, migrating an older
    // format; nullptr and *error set on failure.
    // `vfs_name` names a registered SQLite VFS; empty is SQLite's default.
    // Only tests pass one (tests/support/faulty_vfs.h makes writes, syncs
    // and reads fail on demand).
    static std::unique_ptr<Store> open(const std::string& path, std::string* error, const std::string& vfs_name = {});
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    bool has_genesis() const;
    // Writes the genesis, the state it creates (height 0) and its events.
    bool write_genesis(const Genesis& genesis, const State& state, const std::vector<Event>& events,
                       std::string* error);
    std::optional<Genesis> genesis() const;

    // Writes a block, its certificate, its transactions, the state after it
    // (its root is the block header's state root: for a group at protocol
    // version 2, the rows of the entries that changed, see state_before
    // below; for version 1, the whole encoding) and its events, brings the
    // read-model tables up to date and drops the consensus records of its
    // height and below, all in one SQLite transaction. Fails without changing
    // anything if the block's height is not the next one.
    // `state_before`, when given, must be the state this store holds (the
    // previous commit's state_after, or load_state()): the read model and the
    // state rows are then updated with only the rows that differ between the
    // two (state::state_changes), instead of reading every stored row to find
    // them. The block that takes a group to version 2 writes all its rows.
    bool commit_block(const Block& block, const CommitCertificate& certificate, const State& state_after,
                      const std::vector<Event>& events, std::string* error, const State* state_before = nullptr);

    // One block of commit_blocks, with the events applying it made.
    struct BlockToCommit {
        const Block& block;
        const CommitCertificate& certificate;
        const std::vector<Event>& events;
    };
    // commit_block for consecutive blocks (at least one) in one SQLite
    // transaction: every block, certificate, transaction and event, then one
    // state (`state_after`, the state after the last block), one read-model
    // update and one fsync. A node catching up commits a peer's answer this
    // way, in runs: an index page that several blocks change is written once.
    // All or nothing: a block whose height is not the next one fails the lot.
    bool commit_blocks(const std::vector<BlockToCommit>& blocks, const State& state_after, std::string* error,
                       const State* state_before = nullptr);

    // Height of the last committed block (0 = only the genesis).
    std::uint64_t height() const;

    // State sync (docs/STATE.md, "Snapshots"): a store holding only its
    // genesis takes the state after block base.header.height, verified by the
    // caller, without the blocks before it. It keeps the headers and
    // certificates of `changes` (the blocks where the validators changed,
    // in order, before the base) and of the base, each with the validators'
    // proof, writes the state as rows, the read model and a checkpoint, and
    // records that its full blocks start after the base
    // (history_from_height), in one transaction. Refuses a state whose root
    // is not the base header's, or a store that holds a block already.
    bool write_synced_state(const std::vector<state::HeaderStep>& changes, const state::HeaderStep& base,
                            const State& state, std::string* error);
    // History backfill (docs/PROTOCOL.md, "History backfill"): blocks below
    // a synced state, consecutive, each with its certificate and the events
    // replaying it made, as a replay from the genesis checked them. Rows
    // already there (the header-only rows write_synced_state keeps, a batch
    // written before a restart) are replaced. A batch that ends at the synced
    // state's block completes the history: history_from_height() becomes 1.
    // One transaction; refused for a height at or above history_from_height().
    bool write_backfilled_blocks(const std::vector<BlockToCommit>& blocks, std::string* error);
    // The lowest height whose block is held in full: 1, or the block after a
    // synced state. block() of a lower height is nullopt; its header and
    // certificate may be held.
    std::uint64_t history_from_height() const;
    // The state after the last committed block. A group at protocol version 1
    // is decoded from its snapshot, which must match the root stored with it.
    // A group at version 2 is rebuilt from its rows (state::state_from_tables),
    // and its root must be the one the last block's header commits to (at
    // height 0, the root of the genesis state). nullopt when there is no state,
    // or when it does not decode or match: then *problem says so, and for a
    // damaged data dir it says that it is damaged, what differs and what to
    // do. Writes nothing.
    std::optional<State> load_state(std::string* problem = nullptr) const;
    // The state root of protocol version 2 recomputed from the stored rows
    // alone, without building the state: for the checks that the rows a
    // commit wrote are the ones the state commits to. nullopt, and *problem,
    // when a row is malformed (an unknown table, a key of the wrong length).
    std::optional<Hash256> state_root_from_rows(std::string* problem = nullptr) const;
    // One stored entry of a version-2 group's state: its value, or nullopt
    // (with *problem empty) when the table has no such key; nullopt with
    // *problem set when it cannot be read. For proofs of the state.
    std::optional<Bytes> state_entry(state::TableId table, ByteView key, std::string* problem = nullptr) const;
    // Every stored entry of one table, by key; nullopt and *problem when a
    // row cannot be read or is malformed.
    std::optional<std::vector<state::Entry>> state_table(state::TableId table, std::string* problem = nullptr) const;
    std::optional<Block> block(std::uint64_t height) const;
    // A block's header alone: opening a node needs no transaction of it.
    std::optional<BlockHeader> block_header(std::uint64_t height) const;
    std::optional<CommitCertificate> certificate(std::uint64_t height) const;

    struct TransactionLocation {
        std::uint64_t height = 0;
        std::uint32_t index = 0;
    };
    std::optional<TransactionLocation> find_transaction(const Hash256& id) const;

    // Read model: rows of the tables written at each commit.
    std::vector<Member> members() const;
    std::optional<Member> member(const AccountId& account) const;
    std::vector<Applicant> applicants() const;
    std::vector<Plant> plants() const;
    std::optional<Plant> plant(std::uint64_t id) const;
    std::vector<Referendum> referendums() const;
    std::optional<Referendum> referendum(std::uint64_t id) const;
    std::vector<Offer> offers() const;
    // Events at heights >= from_height, oldest first, at most limit of them.
    std::vector<Event> events_since(std::uint64_t from_height, std::size_t limit) const;
    // The last `limit` events, oldest first: what an activity feed shows of a
    // long history without reading all of it.
    std::vector<Event> latest_events(std::size_t limit) const;

    // Small key/value settings of the node (the dev clock offset, the format version).
    std::optional<std::string> meta(const std::string& key) const;
    bool set_meta(const std::string& key, const std::string& value, std::string* error);

    // --- Consensus records ------------------------------------------------
    // What a validator signed (its votes, proposals and lock) for a height not
    // yet committed, as opaque bytes: the node writes them, durably, before it
    // sends any of them, and reads them back after a restart.
    static constexpr std::size_t kConsensusRecordBytesMax = 32 * 1024 * 1024;
    // A height's rounds are bounded by the consensus module; this only keeps a
    // bug from filling the disk.
    static constexpr std::size_t kConsensusRecordsPerHeightMax = 100'000;
    struct ConsensusRecordRow {
        std::uint64_t height = 0;
        Bytes body;
    };
    // All rows in one SQLite transaction (synchronous=FULL): all or none.
    bool append_consensus_records(const std::vector<ConsensusRecordRow>& rows, std::string* error);
    // The records of one height in the order they were written; nullopt (and
    // *error) if they cannot all be read, never a shorter list.
    std::optional<std::vector<Bytes>> consensus_records(std::uint64_t height, std::string* error = nullptr) const;
    // Drops the records of every height below `below_height` (committed ones).
    bool prune_consensus_records(std::uint64_t below_height, std::string* error);

    // --- Validator changes (docs/STATE.md, "Verified headers") -------------
    // A commit whose last block changes the validator set (a ValidatorAdded
    // or ValidatorRemoved event; a group at protocol version 2) records the
    // proof of the validators table at that block's state root. A block that
    // changes the set must be the last of its commit_blocks (else refused),
    // so that its state is the one committed.
    struct ValidatorChange {
        std::uint64_t height = 0;
        state::TableProof validators;
    };
    // Whether a block's events change the validator set.
    static bool changes_validators(const std::vector<Event>& events);
    // The changes after `height`, oldest first, at most `limit`.
    std::vector<ValidatorChange> validator_changes_after(std::uint64_t height, std::size_t limit) const;
    // The newest block where the validators changed, with its hash: what an
    // invitation from this node carries as its checkpoint (every node of the
    // group keeps the proof at such a block). The state a synced node
    // started from is recorded like a change but is no change, and is left
    // out. nullopt when there is none (the genesis is the checkpoint).
    std::optional<state::HeaderCheckpoint> newest_validator_change() const;

    // --- The checkpoint this data dir was told to trust ----------------------
    // An invitation's checkpoint (state::HeaderCheckpoint), kept in the meta
    // table so that a node restarted before it reached it still checks the
    // block at that height. No format change: a store without it has none.
    bool set_trust_checkpoint(const state::HeaderCheckpoint& checkpoint, std::string* error);
    std::optional<state::HeaderCheckpoint> trust_checkpoint() const;

    // --- Checkpoints of the state's tries (docs/STATE.md, "Checkpoints") ----
    // A group at protocol version 2 saves the top of its tries (each table's
    // first-byte nodes, at most 256 a table) with the first block of every
    // interval of this many blocks, in that block's commit, and when its node
    // stops (save_checkpoint). Opening checks the checkpoint against its
    // block's header and, when the rows do not match the last header, uses a
    // checkpoint of that block to name the damaged rows.
    static constexpr std::uint64_t kCheckpointIntervalBlocksDefault = 1000;
    // At least 1 (every block).
    void set_checkpoint_interval_blocks(std::uint64_t blocks);
    // Saves the checkpoint of `state`, which must be the state this store
    // holds (at protocol version 2); false and *error otherwise.
    bool save_checkpoint(const State& state, std::string* error);
    // The block the saved checkpoint is of; nullopt when none is saved.
    std::optional<std::uint64_t> checkpoint_height() const;

    // PRAGMA integrity_check == "ok".
    bool integrity_ok() const;
    // Bytes the database takes on disk: its file and its WAL (0 in memory).
    std::uint64_t disk_bytes() const;

    // WAL checkpoints the store's checkpoint thread has completed
    // (store/wal_checkpointer.h); 0 for a database in memory.
    std::uint64_t background_checkpoints() const;

private:
    explicit Store(sqlite3* db);
    void start_checkpoints(const std::string& vfs_name);
    sqlite3* db_;
    std::unique_ptr<WalCheckpointer> checkpointer_;
    std::uint64_t checkpoint_interval_blocks_ = kCheckpointIntervalBlocksDefault;
};

} // namespace chain
