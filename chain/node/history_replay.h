#pragma once
// HistoryReplay: how a node that started from a verified snapshot (state
// sync) gets back the history before it (docs/PROTOCOL.md, "History
// backfill"). It executes the group's blocks again from the genesis, in
// order, as any follower does: each block must be the one its commit
// certificate names, signed by more than 2/3 of the validators of its height
// (computed here, from the genesis on), link to the block before it and
// reach the state root its header commits to. The last one, the snapshot's
// block, must be the very block whose header the node verified when it took
// the snapshot. What passes gives the blocks, their certificates and their
// events, for the store to keep below the snapshot.
//
// Pure and single-threaded: the node runs take() on a worker thread, one
// batch at a time, and owns nothing else of it meanwhile.

#include "ledger/ledger.h"
#include "rules/state.h"

#include <optional>
#include <string>
#include <vector>

namespace chain {

struct ReplayedBlock {
    Block block;
    CommitCertificate certificate;
    std::vector<Event> events;
};

class HistoryReplay {
public:
    // `base_height` and `base_hash`: the snapshot's block, as verified.
    HistoryReplay(const Genesis& genesis, std::uint64_t base_height, const Hash256& base_hash);

    // The block wanted next: 1 to base_height; base_height + 1 once done.
    std::uint64_t next_height() const { return state_.height + 1; }
    std::uint64_t base_height() const { return base_height_; }
    bool done() const { return state_.height >= base_height_; }

    struct Outcome {
        std::vector<ReplayedBlock> blocks; // consecutive from the next_height() before the call
        std::string problem;               // English, for logs: why the first block that failed did
    };
    // Checks and executes `blocks` (each decoded, or nullopt when it did not
    // decode), which must start at next_height(). Stops at the first that
    // fails; the ones before it are kept, and the replay goes on from there.
    Outcome take(const std::vector<std::pair<std::optional<Block>, std::optional<CommitCertificate>>>& blocks);

private:
    std::string check_and_apply(const std::optional<Block>& block, const std::optional<CommitCertificate>& certificate,
                                std::vector<Event>* events);

    State state_;
    Hash256 previous_hash_{};
    const std::uint64_t base_height_;
    const Hash256 base_hash_;
};

} // namespace chain
