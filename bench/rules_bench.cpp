// Rules scaling: what the rules engine costs per transaction in a group of
// 10,000 members against one of 100, in process, no I/O. Two figures each:
//   - apply_transaction alone (what the engine does per transaction), and
//   - the whole of a block without its signature checks, as apply_block does
//     it: the copy of the state it starts from, every apply_transaction,
//     end_block, check_invariants_since and state_root (protocol version 2,
//     kept by the state's root cache), divided by the block's transactions.
// And the same large group again with 10 times as many closed referendums
// behind it (a group's past), which a block must not pay for; and once more
// with the small group's blocks (the same 100 authors signing ten each), so
// that only the size of the state around the blocks differs.
// Signatures are left out on purpose (the rules never check them; the apply
// benchmark measures them), so the ratio shows what grows with the group.
// Besides, per block, the state root three ways (docs/STATE.md): version 1
// (the hash of the whole encoding), version 2 from scratch, and version 2 kept
// in the tables' Merkle maps, given the entries the block changed (finding
// those entries is not timed: today that is still a pass over the state).

#include "common.h"

#include "rules/profile.h"
#include "rules/rules.h"
#include "state/state_tables.h"
#include "state/table_trees.h"
#include "store/store.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdio>
#include <map>
#include <memory>

namespace bench {

using namespace chain;

namespace {

constexpr std::int64_t kGenesisTime_s = 1'767'225'600; // 2026-01-01
constexpr std::size_t kBlockTransactions = 1000;

struct RulesFigures {
    double apply_us_per_tx = 0;
    double block_us_per_tx = 0;
    double root_v1_ms_per_block = 0;
    double root_v2_scratch_ms_per_block = 0;
    double root_v2_trees_ms_per_block = 0;
    double entries_changed_per_block = 0;
    std::size_t entries = 0;
    double commit_bytes_per_block = 0;
};

// The bytes this process has handed to write(2) so far (/proc/self/io's
// wchar): what a commit writes, the WAL's pages and the fsync'd frames.
std::uint64_t bytes_written_so_far() {
    QFile io(QStringLiteral("/proc/self/io"));
    if (!io.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : io.readAll().split('\n'))
        if (line.startsWith("wchar:")) return line.mid(6).trimmed().toULongLong();
    return 0;
}

// Each block committed to a Store, as a node commits it (SQLite, WAL,
// synchronous=FULL): the block, its transactions and the state's rows that
// changed. Outside the whole block's timing.
class CommitMeter {
public:
    bool open(const Genesis& genesis, const State& state) {
        std::string error;
        store_ = Store::open(dir_.filePath(QStringLiteral("chain.sqlite")).toStdString(), &error);
        if (!store_ || !store_->write_genesis(genesis, state, {}, &error)) {
            std::fprintf(stderr, "rules: cannot set up the store: %s\n", error.c_str());
            return false;
        }
        previous_hash_ = state.group_id;
        return true;
    }
    bool commit(const State& before, const State& after, std::vector<Transaction> transactions) {
        Block block;
        block.header.group_id = after.group_id;
        block.header.height = after.height;
        block.header.previous_hash = previous_hash_;
        block.header.time_s = after.time_s;
        block.header.state_root = state_root(after);
        block.transactions = std::move(transactions);
        std::string error;
        const std::uint64_t written_before = bytes_written_so_far();
        if (!store_->commit_block(block, CommitCertificate{}, after, {}, &error, &before)) {
            std::fprintf(stderr, "rules: block %llu not committed: %s\n", static_cast<unsigned long long>(after.height),
                         error.c_str());
            return false;
        }
        bytes_ += bytes_written_so_far() - written_before;
        previous_hash_ = block.header.hash();
        return true;
    }
    std::uint64_t bytes() const { return bytes_; }
    void reset_bytes() { bytes_ = 0; }

private:
    QTemporaryDir dir_;
    std::unique_ptr<Store> store_;
    Hash256 previous_hash_{};
    std::uint64_t bytes_ = 0;
};

// Per block: the version-1 root, the version-2 root from scratch, and the
// version-2 root of the trees brought along by the entries that changed.
// Outside the whole block's timing.
struct RootTimer {
    state::Tables tables;
    state::TableTrees trees;
    double v1_s = 0;
    double scratch_s = 0;
    double trees_s = 0;
    std::size_t changed = 0;

    explicit RootTimer(const State& state) : tables(state::state_tables(state)), trees(state::TableTrees::from_tables(tables)) {
        (void)trees.root();
    }

    void after_block(const State& state) {
        const Stopwatch v1;
        (void)state_root_v1(state);
        v1_s += v1.seconds();
        const Stopwatch scratch;
        (void)state::state_root_v2_from_scratch(state);
        scratch_s += scratch.seconds();
        state::Tables now = state::state_tables(state);
        // The changed entries, found outside the timing (a merge of old and new).
        std::vector<state::TableChanges> changes;
        for (std::size_t i = 0; i < state::kTableCount; ++i) {
            changes.push_back(state::table_changes(tables[i], now[i]));
            changed += changes.back().set.size() + changes.back().erased.size();
        }
        const Stopwatch incremental;
        for (std::size_t i = 0; i < state::kTableCount; ++i) trees.apply(static_cast<state::TableId>(i + 1), std::move(changes[i]));
        (void)trees.root();
        trees_s += incremental.seconds();
        tables = std::move(now);
    }
};

Transaction unsigned_tx(const Hash256& group_id, const PublicKey& author, std::uint64_t nonce, Operation op) {
    Transaction tx;
    tx.group_id = group_id;
    tx.author = author;
    tx.nonce = nonce;
    tx.valid_until_s = kGenesisTime_s + 365 * 86'400;
    tx.op = std::move(op);
    return tx;
}

// `count` referendums closed long ago, each with the whole group as its
// electorate and a tenth of it having voted: a group's past.
void add_closed_referendums(State& state, std::size_t count) {
    const Electorate electorate = state.members.electorate();
    for (std::size_t r = 0; r < count; ++r) {
        Referendum referendum;
        referendum.id = state.next_referendum_id++;
        referendum.kind = ReferendumKind::Change;
        referendum.proposer = state.members.begin()->first;
        referendum.opened_at_s = kGenesisTime_s - 86'400;
        referendum.deadline_s = kGenesisTime_s - 3'600;
        referendum.closed_at_s = referendum.deadline_s;
        referendum.electorate = electorate;
        referendum.outcome = Outcome::Rejected;
        referendum.change = Change{ChangePlantUtility{0, "Light"}};
        std::size_t index = 0;
        for (const auto& [account, member] : state.members)
            if (index++ % 10 == r % 10) referendum.ballots.emplace(account, false);
        state.referendums.emplace(referendum.id, std::move(referendum));
    }
}

// The mix: of every 100 transactions, 1 request to join (it opens a
// referendum whose electorate is every member), 10 votes, 89 profile updates;
// each by the next member in turn.
// `author_count` members sign them all (at most member_count): with 100, a
// block of the 10,000-member group is the 100-member group's block, and only
// the state around it differs.
bool measure(std::size_t member_count, std::size_t author_count, std::size_t transaction_count,
             std::size_t closed_referendums, RulesFigures* figures) {
    std::vector<PublicKey> keys;
    Genesis genesis;
    State state = group_of(member_count, &keys, &genesis);
    add_closed_referendums(state, closed_referendums);
    if (const std::vector<std::string> broken = check_invariants(state); !broken.empty()) {
        std::fprintf(stderr, "rules: the built group breaks an invariant: %s\n", broken.front().c_str());
        return false;
    }
    const SealedProfile sealed{0, Bytes(200, 7)};
    const std::size_t votes = transaction_count / 10;
    author_count = std::min(author_count, member_count);
    const std::size_t referendums = (votes + author_count - 1) / author_count;
    // The referendums the votes go to, opened by applicants before the clock starts.
    std::uint64_t first_referendum = state.next_referendum_id;
    for (std::size_t r = 0; r < referendums; ++r) {
        PublicKey applicant{};
        applicant[0] = 0x03;
        applicant[9] = static_cast<std::uint8_t>(r);
        applicant[10] = static_cast<std::uint8_t>(r >> 8);
        apply_transaction(state, unsigned_tx(state.group_id, applicant, 1, RequestAdmission{"Light", {}, sealed}),
                          BlockContext{1, kGenesisTime_s});
    }
    std::vector<Transaction> transactions;
    std::map<std::size_t, std::uint64_t> nonces;
    std::size_t vote_index = 0;
    std::size_t applicant_index = 0;
    for (std::size_t i = 0; i < transaction_count; ++i) {
        const std::size_t author = i % author_count;
        if (i % 100 == 0) {
            PublicKey applicant{};
            applicant[0] = 0x02;
            applicant[20] = 0xaa;
            for (std::size_t b = 0; b < 8; ++b) applicant[21 + b] = static_cast<std::uint8_t>(applicant_index >> (8 * b));
            ++applicant_index;
            transactions.push_back(unsigned_tx(state.group_id, applicant, 1, RequestAdmission{"Light", {}, sealed}));
        } else if (i % 10 == 1 && vote_index < votes) {
            const std::size_t voter = vote_index % author_count;
            const std::uint64_t referendum = first_referendum + vote_index / author_count;
            ++vote_index;
            transactions.push_back(unsigned_tx(state.group_id, keys[voter], ++nonces[voter],
                                               CastVote{referendum, voter % 2 == 0}));
        } else {
            Hash256 commitment{};
            commitment[0] = static_cast<std::uint8_t>(i);
            transactions.push_back(unsigned_tx(state.group_id, keys[author], ++nonces[author],
                                               UpdateProfile{commitment, sealed}));
        }
    }

    // A node's state has been through blocks before: its root cache and its
    // deadline index are built (once, in proportion to the state: opening a
    // group does it). An empty block does both, before the clock starts.
    CommitMeter commits;
    if (!commits.open(genesis, state)) return false;
    State warmed = state;
    end_block(warmed, BlockContext{state.height + 1, kGenesisTime_s + 1});
    (void)state_root(warmed);
    if (!commits.commit(state, warmed, {})) return false;
    commits.reset_bytes();
    state = std::move(warmed);
    // The timed blocks, as a node applies them: a copy of the state, the
    // rules, end_block, the invariants of what changed and the root; then
    // each is committed, outside the timing.
    const State start = state;
    const auto block_context = [](const State& before, std::size_t block) {
        return BlockContext{before.height + 1, kGenesisTime_s + static_cast<std::int64_t>(block)};
    };
    double apply_s = 0;
    double commit_s = 0;
    std::size_t blocks = 0;
    const Stopwatch total;
    for (std::size_t begin = 0, block = 2; begin < transactions.size(); begin += kBlockTransactions, ++block) {
        const BlockContext context = block_context(state, block);
        State next = state; // what apply_block starts from
        const std::size_t end = std::min(transactions.size(), begin + kBlockTransactions);
        for (std::size_t i = begin; i < end; ++i) {
            const Stopwatch one;
            const ApplyResult applied = apply_transaction(next, transactions[i], context);
            apply_s += one.seconds();
            if (!applied.ok()) {
                std::fprintf(stderr, "rules: transaction %zu was rejected: %s\n", i, applied.rejection->message.c_str());
                return false;
            }
        }
        end_block(next, context);
        if (const std::vector<std::string> broken = check_invariants_since(state, next); !broken.empty()) {
            std::fprintf(stderr, "rules: block breaks an invariant: %s\n", broken.front().c_str());
            return false;
        }
        (void)state_root(next);
        const Stopwatch committing;
        if (!commits.commit(state, next, std::vector<Transaction>(transactions.begin() + static_cast<std::ptrdiff_t>(begin),
                                                                  transactions.begin() + static_cast<std::ptrdiff_t>(end))))
            return false;
        commit_s += committing.seconds();
        ++blocks;
        state = std::move(next);
    }
    const double total_s = total.seconds() - commit_s;
    if (state.applicants.size() != applicant_index + referendums) {
        std::fprintf(stderr, "rules: %zu applicants waiting, expected %zu\n", state.applicants.size(),
                     applicant_index + referendums);
        return false;
    }
    // The state root three ways, in a second pass over the same blocks: each
    // way encodes or hashes the whole state, which a node never does, and
    // between the timed blocks it would leave them a cold cache, the colder
    // the larger the state.
    RootTimer roots(start);
    State replayed = start;
    for (std::size_t begin = 0, block = 2; begin < transactions.size(); begin += kBlockTransactions, ++block) {
        const BlockContext context = block_context(replayed, block);
        const std::size_t end = std::min(transactions.size(), begin + kBlockTransactions);
        for (std::size_t i = begin; i < end; ++i) (void)apply_transaction(replayed, transactions[i], context);
        end_block(replayed, context);
        roots.after_block(replayed);
    }
    figures->apply_us_per_tx = apply_s * 1e6 / static_cast<double>(transactions.size());
    figures->block_us_per_tx = total_s * 1e6 / static_cast<double>(transactions.size());
    const double block_count = static_cast<double>(blocks);
    figures->root_v1_ms_per_block = roots.v1_s * 1e3 / block_count;
    figures->root_v2_scratch_ms_per_block = roots.scratch_s * 1e3 / block_count;
    figures->root_v2_trees_ms_per_block = roots.trees_s * 1e3 / block_count;
    figures->entries_changed_per_block = static_cast<double>(roots.changed) / block_count;
    figures->commit_bytes_per_block = static_cast<double>(commits.bytes()) / block_count;
    for (const auto& table : roots.tables) figures->entries += table.size();
    return true;
}

} // namespace

// A state with `member_count` members, built directly (admitting 10,000
// members by vote would take 10,000 referendums of up to 10,000 ballots).
State group_of(std::size_t member_count, std::vector<PublicKey>* member_keys, Genesis* genesis_out) {
    const BenchGroup group(1, kGenesisTime_s);
    Genesis genesis = group.genesis;
    genesis.protocol_version = kProtocolVersionLatest; // as every group founded today
    *genesis_out = genesis;
    State state = genesis_state(genesis);
    member_keys->push_back(state.members.begin()->second.public_key);
    add_members_directly(state, member_count, kGenesisTime_s, member_keys);
    return state;
}

int run_rules(const Options& options) {
    const std::size_t small = 100;
    const std::size_t large = options.quick ? 1000 : 10'000;
    const std::size_t count = options.transactions ? options.transactions : (options.quick ? 2000 : 20'000);
    std::printf("rules: cost per transaction, %zu members against %zu, %zu transactions in blocks of %zu\n", large,
                small, count, kBlockTransactions);
    // The group's past: closed referendums, and ten times as many.
    const std::size_t closed = options.quick ? 2 : 10;
    RulesFigures small_figures;
    RulesFigures large_figures;
    RulesFigures past_figures;
    RulesFigures same_blocks_figures;
    if (!measure(small, large, count, closed, &small_figures) || !measure(large, large, count, closed, &large_figures) ||
        !measure(large, large, count, 10 * closed, &past_figures) ||
        !measure(large, small, count, closed, &same_blocks_figures))
        return 1;
    const std::string s = std::to_string(small) + " members";
    const std::string l = std::to_string(large) + " members";
    print_figure(s + ", apply_transaction", small_figures.apply_us_per_tx, "us/tx");
    print_figure(l + ", apply_transaction", large_figures.apply_us_per_tx, "us/tx");
    print_figure(s + ", whole block (no signatures)", small_figures.block_us_per_tx, "us/tx");
    print_figure(l + ", whole block (no signatures)", large_figures.block_us_per_tx, "us/tx");
    print_ratio("apply_transaction " + l + " / " + s, large_figures.apply_us_per_tx / small_figures.apply_us_per_tx,
                "<=", 1.2);
    print_ratio("whole block " + l + " / " + s, large_figures.block_us_per_tx / small_figures.block_us_per_tx,
                "<=", 3.0);
    // The two groups' blocks do not change as much: at 10,000 members each
    // transaction is by another member, at 100 each member signs ten of a
    // block's. Per entry the block changed, the cost shows what grows with
    // the state itself (only the depth of the tries, as log2 of the entries).
    const auto per_entry_ns = [](const RulesFigures& f) {
        return f.block_us_per_tx * 1e3 * static_cast<double>(kBlockTransactions) / f.entries_changed_per_block;
    };
    print_figure(s + ", whole block per entry changed", per_entry_ns(small_figures), "ns");
    print_figure(l + ", whole block per entry changed", per_entry_ns(large_figures), "ns");
    print_ratio("whole block per entry changed " + l + " / " + s, per_entry_ns(large_figures) / per_entry_ns(small_figures),
                "<=", 3.0);
    // The same blocks (signed by 100 of the members, ten transactions each,
    // as in the small group) in the large group: what the state's size alone
    // adds to a block.
    print_figure(l + ", the " + s + "' blocks (signed by " + std::to_string(small) + "), whole block",
                 same_blocks_figures.block_us_per_tx, "us/tx");
    print_figure(l + ", the " + s + "' blocks, entries changed per block", same_blocks_figures.entries_changed_per_block,
                 "");
    print_ratio("whole block, the same blocks, " + l + " / " + s,
                same_blocks_figures.block_us_per_tx / small_figures.block_us_per_tx, "<=", 3.0);
    // What a commit writes, per entry the block changed: the block and its
    // transactions (the same in both groups) and the rows of the changed
    // entries, in SQLite pages; nothing in proportion to the state.
    const auto bytes_per_entry = [](const RulesFigures& f) { return f.commit_bytes_per_block / f.entries_changed_per_block; };
    print_figure(s + ", bytes written per block", small_figures.commit_bytes_per_block, "B");
    print_figure(l + ", bytes written per block", large_figures.commit_bytes_per_block, "B");
    print_figure(s + ", bytes written per entry changed", bytes_per_entry(small_figures), "B");
    print_figure(l + ", bytes written per entry changed", bytes_per_entry(large_figures), "B");
    print_ratio("bytes written per entry changed " + l + " / " + s, bytes_per_entry(large_figures) / bytes_per_entry(small_figures),
                "<=", 3.0);
    const std::string past = l + " and " + std::to_string(10 * closed) + " closed referendums";
    print_figure(past + ", whole block (no signatures)", past_figures.block_us_per_tx, "us/tx");
    print_ratio("whole block " + past + " / " + std::to_string(closed) + " closed",
                past_figures.block_us_per_tx / large_figures.block_us_per_tx, "<=", 1.1);
    std::printf("rules: state root per block of %zu transactions (%zu entries at %zu members, %zu at %zu;"
                " %.0f and %.0f entries changed per block)\n",
                kBlockTransactions, small_figures.entries, small, large_figures.entries, large,
                small_figures.entries_changed_per_block, large_figures.entries_changed_per_block);
    for (const auto& [name, f] : {std::pair{s, &small_figures}, std::pair{l, &large_figures}}) {
        print_figure(name + ", root v1 (whole encoding)", f->root_v1_ms_per_block, "ms/block");
        print_figure(name + ", root v2 from scratch", f->root_v2_scratch_ms_per_block, "ms/block");
        print_figure(name + ", root v2 in the trees (changes given)", f->root_v2_trees_ms_per_block, "ms/block");
    }
    // Per changed entry, the trees cost a path of depth log2(entries): the
    // bound allows for the depth 10,000 members add, not for the state's size.
    print_ratio("root v2 in the trees per changed entry " + l + " / " + s,
                (large_figures.root_v2_trees_ms_per_block / large_figures.entries_changed_per_block) /
                    (small_figures.root_v2_trees_ms_per_block / small_figures.entries_changed_per_block),
                "<=", 3.0);
    return 0;
}

} // namespace bench
