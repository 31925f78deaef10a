#pragma once
// The driver's half of the safety rule, shared by NetworkNode and the
// simulator: what a node does with the machine's outputs, and at a restart,
// when its storage may fail.
//
//   - The records of an output are saved (all or nothing, durably) before any
//     of its messages is sent. When the save fails, nothing of that output is
//     acted on and the driver stops for good (fail-stop): the machine keeps
//     every vote it signed to re-send it, so a later output (a Resend timer)
//     would otherwise put the unsaved vote on the wire.
//   - At a restart, the records of the next height are read back; if they
//     cannot all be read, or one does not decode, the driver stops too:
//     starting the height afresh would let the validator sign a vote that
//     conflicts with one it sent before the restart.
//   - A stopped driver acts on nothing: no send, no timer, no decision.
//
// Pure: no clock, no I/O of its own (storage is the interface below), no
// threads. docs/CONSENSUS.md, section 7 ("Fail-stop").

#include "consensus/consensus.h"

#include <optional>
#include <string>
#include <vector>

namespace chain::consensus {

// Where a validator keeps what it signs: the node's SQLite store, or the
// simulator's storage with faults.
class RecordStorage {
public:
    virtual ~RecordStorage() = default;
    // Saves every record durably (fsync) or none; the reason when it cannot.
    virtual std::optional<std::string> save(const std::vector<Record>& records) = 0;
    // The encoded records of one height in the order they were saved;
    // nullopt (and *error) when they cannot all be read: never a shorter list.
    virtual std::optional<std::vector<Bytes>> load(std::uint64_t height, std::string* error) = 0;
};

enum class DriverStop : std::uint8_t {
    RecordsNotSaved, // an output's records could not be saved
    RecordsNotRead,  // at a restart, the saved records could not be read back
    Told             // the node told it to (a block that could not be committed)
};
const char* driver_stop_name(DriverStop why);

struct DriverFailure {
    DriverStop why = DriverStop::RecordsNotSaved;
    std::uint64_t height = 0;
    std::string detail;
};

class Driver {
public:
    explicit Driver(RecordStorage& storage) : storage_(storage) {}

    // What the node must do with an output: its records are already saved.
    // Empty (and stopped() true) when they could not be, or once stopped.
    struct Actions {
        std::vector<Message> broadcast;
        std::vector<Timer> timers;
        std::vector<Evidence> evidence;
        std::optional<Decision> decision;
    };
    Actions handle(Output output, std::uint64_t height);

    // At a restart: the records of a height, decoded, for Machine::restore;
    // nullopt (and stopped) when they cannot all be read back.
    std::optional<std::vector<Record>> load_records(std::uint64_t height);

    // For a failure the driver cannot see (a block commit): stop as well.
    void stop(DriverStop why, std::uint64_t height, std::string detail);
    bool stopped() const { return failure_.has_value(); }
    const std::optional<DriverFailure>& failure() const { return failure_; }

private:
    RecordStorage& storage_;
    std::optional<DriverFailure> failure_;
};

} // namespace chain::consensus
