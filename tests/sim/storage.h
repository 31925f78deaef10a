#pragma once
// One simulated node's disk, with faults in the style of TigerBeetle's VOPR
// (src/testing/storage.zig): the consensus records its consensus::Driver
// saves and loads (chain/consensus/driver.h), and whether a block commit
// reaches the disk.
//
// The model, after a file under fsync:
//   - a save writes its records, then syncs the file; a record is durable
//     once a sync after its write succeeded;
//   - a save can fail at the write (nothing written) or at the sync (written
//     but not durable: such records are lost at a crash, and become durable
//     if a later sync succeeds, as with a real fsync);
//   - at a restart, a load can fail (a read error) or a durable record can
//     read back damaged (bytes that do not decode); the damage is in that
//     read only, so a restart on healthy storage reads the record again;
//   - a block commit can fail (nothing committed).
// Faults come from the run's generator at per-mille rates (none is drawn at
// a rate of 0, so a run without faults replays as before), or are scripted:
// the n-th save of the node, its next load, its next block commit.

#include "consensus/driver.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace sim {

using chain::Bytes;

// Per-mille rates of the faults of one node's storage.
struct StorageFaults {
    std::uint32_t write_fail_per_mille = 0; // a save fails before writing anything
    std::uint32_t sync_fail_per_mille = 0;  // a save is written but its sync fails
    std::uint32_t read_fail_per_mille = 0;  // a load at a restart fails
    std::uint32_t damage_per_mille = 0;     // a load at a restart returns a damaged record
    std::uint32_t block_fail_per_mille = 0; // a block commit fails
    bool any() const {
        return write_fail_per_mille + sync_fail_per_mille + read_fail_per_mille + damage_per_mille +
                   block_fail_per_mille >
               0;
    }
};

// Where a scripted save fails.
enum class SaveFault : std::uint8_t { Write, Sync };
// How a scripted load fails.
enum class LoadFault : std::uint8_t { ReadError, Damaged };

// Scripted save faults waiting for their save, per node.
inline constexpr std::size_t kScriptedSaveFaultsMax = 64;

class SimStorage final : public chain::consensus::RecordStorage {
public:
    // Called with the records that have just become durable, in save order
    // (the checker registers what a validator signed from them).
    using DurableHook = std::function<void(const std::vector<chain::consensus::Record>&)>;

    SimStorage(std::mt19937_64& rng, const StorageFaults& faults) : rng_(rng), faults_(faults) {}

    std::optional<std::string> save(const std::vector<chain::consensus::Record>& records) override;
    std::optional<std::vector<Bytes>> load(std::uint64_t height, std::string* error) override;

    // A block commit: false when it fails (nothing committed).
    bool save_block();
    // The process died: what was not synced is gone.
    void crash();
    // Records of finished heights are no longer needed to restart.
    void prune_below(std::uint64_t height);
    // Breaks the driver's contract on purpose (SimOptions::lose_records_on_restart).
    void forget_everything();
    // A new disk, as an operator would fit: no more faults, random or scripted.
    void heal();

    // The save-th save of this node (1-based, counted over the whole run)
    // fails at `fault`; its next load at a restart; its next block commit.
    // False when too many scripted save faults wait.
    bool fail_save(std::uint64_t save, SaveFault fault);
    void fail_next_load(LoadFault fault) { next_load_fault_ = fault; }
    void fail_next_block_save() { fail_next_block_ = true; }

    void set_durable_hook(DurableHook hook) { durable_hook_ = std::move(hook); }
    const std::vector<chain::consensus::Record>& durable() const { return durable_; }
    std::size_t unsynced_count() const { return unsynced_.size(); }
    std::uint64_t saves() const { return saves_; }
    std::uint64_t faults() const { return faults_injected_; } // every fault that happened

private:
    bool chance(std::uint32_t per_mille) { return per_mille > 0 && rng_() % 1000 < per_mille; }
    std::optional<SaveFault> save_fault();
    std::optional<LoadFault> load_fault(bool has_records);

    std::mt19937_64& rng_;
    StorageFaults faults_;
    std::vector<chain::consensus::Record> durable_;
    std::vector<chain::consensus::Record> unsynced_;
    std::uint64_t saves_ = 0;
    std::uint64_t faults_injected_ = 0;
    std::vector<std::pair<std::uint64_t, SaveFault>> scripted_saves_;
    std::optional<LoadFault> next_load_fault_;
    bool fail_next_block_ = false;
    DurableHook durable_hook_;
};

} // namespace sim
