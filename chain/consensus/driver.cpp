#include "consensus/driver.h"

namespace chain::consensus {

const char* driver_stop_name(DriverStop why) {
    switch (why) {
    case DriverStop::RecordsNotSaved: return "cannot save its votes";
    case DriverStop::RecordsNotRead: return "cannot read back its saved votes";
    case DriverStop::Told: return "cannot save blocks";
    }
    return "stopped";
}

Driver::Actions Driver::handle(Output output, std::uint64_t height) {
    if (stopped()) return {};
    if (!output.persist.empty()) {
        if (std::optional<std::string> failed = storage_.save(output.persist)) {
            stop(DriverStop::RecordsNotSaved, height, std::move(*failed));
            return {};
        }
    }
    return Actions{std::move(output.broadcast), std::move(output.timers), std::move(output.evidence),
                   std::move(output.decision)};
}

std::optional<std::vector<Record>> Driver::load_records(std::uint64_t height) {
    std::string error;
    const std::optional<std::vector<Bytes>> stored = storage_.load(height, &error);
    if (!stored) {
        stop(DriverStop::RecordsNotRead, height, error.empty() ? std::string("the records cannot be read") : error);
        return std::nullopt;
    }
    std::vector<Record> records;
    records.reserve(stored->size());
    for (const Bytes& bytes : *stored) {
        std::optional<Record> record = decode_record(bytes);
        // Written by this program and checksummed by the storage: a record
        // that does not decode means a damaged disk.
        if (!record) {
            stop(DriverStop::RecordsNotRead, height, "a saved consensus record does not decode");
            return std::nullopt;
        }
        records.push_back(std::move(*record));
    }
    return records;
}

void Driver::stop(DriverStop why, std::uint64_t height, std::string detail) {
    if (failure_) return; // the first reason is the one that matters
    failure_ = DriverFailure{why, height, std::move(detail)};
}

} // namespace chain::consensus
