#pragma once
// What the benchmarks share: a clock, the OpenSSL reference rate, a group and
// a chain of signed blocks made for measuring, and the printing of figures.
//
// Every figure is printed next to its reference measured in the same run: the
// machines are shared and noisy, so only ratios within one run compare.

#include "crypto/crypto.h"
#include "ledger/ledger.h"
#include "rules/state.h"

#include <QString>
#include <QStringList>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bench {

// The arguments every benchmark gets, and where it may keep what it made.
struct Options {
    QString node_program;         // rateio-node
    QString desktop_program;      // rateio
    QString cache_dir;            // generated chains, reused on later runs
    std::uint64_t transactions = 0; // 0 = the benchmark's default size
    bool quick = false;           // the smoke test: tiny sizes, checks only
    QString open_file;            // open only: time opening this file (a child of the open benchmark)
};

class Stopwatch {
public:
    Stopwatch() : start_(std::chrono::steady_clock::now()) {}
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    double ms() const { return seconds() * 1000.0; }

private:
    std::chrono::steady_clock::time_point start_;
};

// `openssl speed -multi <cores> ecdsap256`, parsed: P-256 verifications per
// second on all cores. 0 and *error when it cannot be run or read.
double openssl_verify_rate(unsigned cores, int seconds, QString* error);
// The machine is shared: the reference is measured before and after the
// benchmark, both printed, and their mean is what figures are divided by.
class VerifyReference {
public:
    VerifyReference(unsigned cores, bool quick) : cores_(cores), seconds_(quick ? 1 : 3) {}
    bool measure(QString* error); // call once before and once after
    double mean() const;

private:
    unsigned cores_;
    int seconds_;
    std::vector<double> rates_;
};
unsigned core_count();

// Runs `work` on `threads` std::threads over [0, count), contiguous slices.
void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work);

// A group whose only member is the founder and whose validators are
// `validator_keys`, founded at `genesis_time_s`. Transactions are the
// founder's profile updates: always valid, and they leave the state as big as
// it was, so a long chain measures the chain, not a growing state.
struct BenchGroup {
    BenchGroup(std::size_t validator_count, std::int64_t genesis_time_s);
    // Rebuilds a group from its saved keys (a cached chain).
    BenchGroup(chain::Genesis genesis, chain::crypto::KeyPair founder, std::vector<chain::crypto::KeyPair> validators);

    chain::Genesis genesis;
    chain::crypto::KeyPair founder;
    std::vector<chain::crypto::KeyPair> validators;

    // The founder's profile updates with nonces first_nonce.., signed on all cores.
    std::vector<chain::Transaction> profile_updates(std::uint64_t first_nonce, std::size_t count,
                                                    std::int64_t valid_until_s) const;
    // The block a proposer would make of `transactions` on `before`, and the
    // certificate of every validator for it.
    chain::Block make_block(const chain::State& before, const chain::Hash256& previous_hash, std::int64_t time_s,
                            const std::vector<chain::Transaction>& transactions) const;
    chain::CommitCertificate certify(const chain::Block& block) const;
};

// A version-2 group of `member_count` members built directly, without the
// referendums that would admit them (rules_bench.cpp): the founder, then
// members whose keys only name accounts (the rules never check signatures).
chain::State group_of(std::size_t member_count, std::vector<chain::PublicKey>* member_keys, chain::Genesis* genesis_out);
// The key add_members_directly gives the member at `index` (not a curve point:
// these members never sign).
chain::PublicKey bench_member_key(std::size_t index);
// Adds members to `state` until it has `member_count`, each a copy of its
// first member (the founder) under a key that only names an account (the
// rules never check their signatures), with no tokens or quota, admitted at
// `admitted_at_s`; their keys are appended to *member_keys when given.
void add_members_directly(chain::State& state, std::size_t member_count, std::int64_t admitted_at_s,
                          std::vector<chain::PublicKey>* member_keys = nullptr);

// Prints one result line: "name: value unit" and flushes, so a reader of
// the pipe sees it at once.
void print_figure(const std::string& name, double value, const std::string& unit);
// Prints "ratio name: value (target op bound: met|MISSED)".
void print_ratio(const std::string& name, double value, const std::string& op, double bound);
void print_note(const std::string& text);

// Benchmarks; each returns the process exit code (0 = ran and its results
// were checked; figures are never judged here).
int run_apply(const Options& options);
int run_rules(const Options& options);
int run_open(const Options& options);
int run_consensus(const Options& options);
int run_sync(const Options& options);
int run_state_sync(const Options& options);
int run_desktop(const Options& options);

} // namespace bench
