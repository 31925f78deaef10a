// Apply: blocks of signed transactions checked (signatures on all cores) and
// applied through apply_block, then committed to SQLite (WAL,
// synchronous=FULL) with Store::commit_block, as a node commits a decided
// block. Reference: `openssl speed -multi <cores> ecdsap256`, the verify rate
// of OpenSSL itself on the same cores, measured in the same run.

#include "common.h"

#include "rules/block_apply.h"
#include "rules/rules.h"
#include "store/store.h"

#include <QDateTime>
#include <QTemporaryDir>

#include <cstdio>
#include <memory>

namespace bench {

using namespace chain;

namespace {

struct ApplyFigures {
    double tx_per_s = 0;
    double verify_per_s = 0; // first_invalid_signature alone
    double apply_share = 0;  // of the time: apply_block (verify + rules + state root)
    double commit_share = 0; // of the time: Store::commit_block
};

// Applies `block_count` blocks of `block_size` profile updates to a fresh
// store; false and a message when a block fails or the store disagrees.
bool measure(std::size_t block_size, std::size_t block_count, ApplyFigures* figures) {
    QTemporaryDir dir;
    const std::int64_t genesis_time_s = QDateTime::currentSecsSinceEpoch() - 86'400;
    const BenchGroup group(1, genesis_time_s);
    std::string error;
    std::unique_ptr<Store> store = Store::open(dir.filePath(QStringLiteral("chain.sqlite")).toStdString(), &error);
    std::vector<Event> genesis_events;
    State state = genesis_state(group.genesis, &genesis_events);
    if (!store || !store->write_genesis(group.genesis, state, genesis_events, &error)) {
        std::fprintf(stderr, "apply: cannot set up the store: %s\n", error.c_str());
        return false;
    }
    // Blocks are made (and signed) before the clock starts.
    const std::vector<Transaction> transactions =
        group.profile_updates(1, block_size * block_count, genesis_time_s + 30 * 86'400);
    std::vector<Block> blocks;
    std::vector<CommitCertificate> certificates;
    {
        State building = state;
        Hash256 previous = state.group_id;
        for (std::size_t b = 0; b < block_count; ++b) {
            const std::vector<Transaction> slice(transactions.begin() + static_cast<std::ptrdiff_t>(b * block_size),
                                                 transactions.begin() + static_cast<std::ptrdiff_t>((b + 1) * block_size));
            blocks.push_back(group.make_block(building, previous, genesis_time_s + static_cast<std::int64_t>(b) + 1, slice));
            certificates.push_back(group.certify(blocks.back()));
            building = apply_block(building, previous, blocks.back()).state_after;
            previous = blocks.back().header.hash();
        }
    }

    double apply_s = 0;
    double commit_s = 0;
    Hash256 previous = state.group_id;
    const Stopwatch total;
    // As a node catching up applies a peer's blocks (NetworkNode::on_block_response):
    // the signatures of the next block are checked while this one is applied and committed.
    std::unique_ptr<SignatureCheckAhead> checking;
    for (std::size_t b = 0; b < block_count; ++b) {
        std::unique_ptr<SignatureCheckAhead> next;
        if (b + 1 < block_count) next = std::make_unique<SignatureCheckAhead>(blocks[b + 1]);
        const Stopwatch apply_time;
        BlockApplication applied = apply_block(state, previous, blocks[b], checking.get());
        checking = std::move(next);
        apply_s += apply_time.seconds();
        if (!applied.ok()) {
            std::fprintf(stderr, "apply: block %zu failed: %s\n", b + 1, applied.problem.c_str());
            return false;
        }
        const Stopwatch commit_time;
        if (!store->commit_block(blocks[b], certificates[b], applied.state_after, applied.events, &error, &state)) {
            std::fprintf(stderr, "apply: block %zu was not saved: %s\n", b + 1, error.c_str());
            return false;
        }
        commit_s += commit_time.seconds();
        state = std::move(applied.state_after);
        previous = blocks[b].header.hash();
    }
    const double total_s = total.seconds();

    // The result is checked, not just timed: every block is in the store and
    // the saved state is the one the last header names.
    const std::optional<State> saved = store->load_state();
    if (store->height() != block_count || !saved || state_root(*saved) != blocks.back().header.state_root) {
        std::fprintf(stderr, "apply: the store does not hold the applied chain\n");
        return false;
    }

    const Stopwatch verify_time;
    for (const Block& block : blocks)
        if (first_invalid_signature(block.transactions)) return false;
    figures->verify_per_s = static_cast<double>(transactions.size()) / verify_time.seconds();
    figures->tx_per_s = static_cast<double>(transactions.size()) / total_s;
    figures->apply_share = apply_s / total_s;
    figures->commit_share = commit_s / total_s;
    return true;
}

} // namespace

int run_apply(const Options& options) {
    const unsigned cores = core_count();
    std::printf("apply: blocks of signed transactions verified on %u cores, applied and committed to SQLite "
                "(synchronous=FULL)\n", cores);
    QString error;
    VerifyReference reference(cores, options.quick);
    if (!reference.measure(&error)) {
        std::fprintf(stderr, "apply: %s\n", qPrintable(error));
        return 1;
    }

    const std::size_t total = options.transactions ? options.transactions : (options.quick ? 40 : 20'000);
    const std::vector<std::size_t> sizes = options.quick ? std::vector<std::size_t>{10, 20}
                                                         : std::vector<std::size_t>{100, 1000, 5000};
    double judged_rate = 0;
    for (const std::size_t size : sizes) {
        ApplyFigures figures;
        const std::size_t blocks = std::max<std::size_t>(1, total / size);
        if (!measure(size, blocks, &figures)) return 1;
        const std::string label = "block of " + std::to_string(size) + " tx";
        print_figure(label + ", apply+commit", figures.tx_per_s, "tx/s");
        print_figure(label + ", signature checks alone", figures.verify_per_s, "verify/s");
        print_note("    time in apply_block " + std::to_string(static_cast<int>(figures.apply_share * 100)) +
                   "%, in Store::commit_block " + std::to_string(static_cast<int>(figures.commit_share * 100)) + "%");
        judged_rate = std::max(judged_rate, figures.tx_per_s);
    }
    if (!reference.measure(&error)) {
        std::fprintf(stderr, "apply: %s\n", qPrintable(error));
        return 1;
    }
    print_ratio("apply tx/s / openssl verify/s (best block size)", judged_rate / reference.mean(), ">=", 0.8);
    return 0;
}

} // namespace bench
