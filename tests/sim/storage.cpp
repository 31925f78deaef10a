#include "storage.h"

#include <algorithm>

namespace sim {

using chain::consensus::Record;

std::optional<SaveFault> SimStorage::save_fault() {
    const auto scripted = std::find_if(scripted_saves_.begin(), scripted_saves_.end(),
                                       [&](const auto& entry) { return entry.first == saves_; });
    if (scripted != scripted_saves_.end()) {
        const SaveFault fault = scripted->second;
        scripted_saves_.erase(scripted);
        return fault;
    }
    if (chance(faults_.write_fail_per_mille)) return SaveFault::Write;
    if (chance(faults_.sync_fail_per_mille)) return SaveFault::Sync;
    return std::nullopt;
}

std::optional<std::string> SimStorage::save(const std::vector<Record>& records) {
    ++saves_;
    const std::optional<SaveFault> fault = save_fault();
    if (fault) ++faults_injected_;
    if (fault == SaveFault::Write) return std::string("simulated write error (nothing written)");
    unsynced_.insert(unsynced_.end(), records.begin(), records.end());
    if (fault == SaveFault::Sync) return std::string("simulated fsync error (written, not durable)");
    // The sync makes every record written so far durable, those of earlier
    // saves whose own sync failed included.
    if (durable_hook_) durable_hook_(unsynced_);
    durable_.insert(durable_.end(), std::make_move_iterator(unsynced_.begin()),
                    std::make_move_iterator(unsynced_.end()));
    unsynced_.clear();
    return std::nullopt;
}

std::optional<LoadFault> SimStorage::load_fault(bool has_records) {
    if (next_load_fault_) {
        const LoadFault fault = *next_load_fault_;
        next_load_fault_.reset();
        return fault;
    }
    if (chance(faults_.read_fail_per_mille)) return LoadFault::ReadError;
    // Only a record that is there can be damaged (and no draw otherwise).
    if (has_records && chance(faults_.damage_per_mille)) return LoadFault::Damaged;
    return std::nullopt;
}

std::optional<std::vector<Bytes>> SimStorage::load(std::uint64_t height, std::string* error) {
    std::vector<Bytes> stored;
    // What was written and not yet synced reads back too (the page cache);
    // after a crash there is none.
    for (const std::vector<Record>* part : {&durable_, &unsynced_})
        for (const Record& record : *part)
            if (chain::consensus::record_height(record) == height) stored.push_back(chain::consensus::encode_record(record));
    const std::optional<LoadFault> fault = load_fault(!stored.empty());
    if (fault) ++faults_injected_;
    if (fault == LoadFault::ReadError) {
        if (error) *error = "simulated read error";
        return std::nullopt;
    }
    if (fault == LoadFault::Damaged && !stored.empty()) {
        // A zeroed sector: the first half of the last record reads back as
        // zeros, its kind byte included, so it cannot decode.
        Bytes& damaged = stored.back();
        std::fill(damaged.begin(), damaged.begin() + static_cast<std::ptrdiff_t>(damaged.size() / 2 + 1), 0);
    }
    return stored;
}

bool SimStorage::save_block() {
    const bool fails = fail_next_block_ || chance(faults_.block_fail_per_mille);
    fail_next_block_ = false;
    if (fails) ++faults_injected_;
    return !fails;
}

void SimStorage::crash() { unsynced_.clear(); }

void SimStorage::prune_below(std::uint64_t height) {
    const auto finished = [&](const Record& r) { return chain::consensus::record_height(r) < height; };
    std::erase_if(durable_, finished);
    std::erase_if(unsynced_, finished);
}

void SimStorage::forget_everything() {
    durable_.clear();
    unsynced_.clear();
}

void SimStorage::heal() {
    faults_ = StorageFaults{};
    scripted_saves_.clear();
    next_load_fault_.reset();
    fail_next_block_ = false;
}

bool SimStorage::fail_save(std::uint64_t save, SaveFault fault) {
    if (scripted_saves_.size() >= kScriptedSaveFaultsMax) return false;
    scripted_saves_.emplace_back(save, fault);
    return true;
}

} // namespace sim
