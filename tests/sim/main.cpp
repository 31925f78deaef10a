// rateio-sim: runs the consensus simulator for one seed or many.
//
//   rateio-sim --seed S            one run, replayed exactly
//   rateio-sim --seeds N [--from S] N runs, seeds S .. S+N-1 (S = 0 by default)
//   --timing                        adds each run's wall-clock time (not replayable)
//   --mutation skip-lock-rule | skip-valid-round-rule
//                                   runs a consensus with that rule removed
//                                   (chain::consensus::Config::Mutations), to
//                                   see which seeds catch it; no-lock-check
//                                   leaves the amnesia check out (forks only)
//
// One line per seed; a failing seed prints the violated property and the
// program exits with status 1 (after running the remaining seeds).

#include "sim.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>

namespace {

std::optional<std::uint64_t> parse_number(const char* text) {
    if (text == nullptr || *text == '\0') return std::nullopt;
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text, &end, 0);
    if (*end != '\0') return std::nullopt;
    return value;
}

int usage() {
    std::fprintf(stderr, "usage: rateio-sim --seed S | --seeds N [--from S] [--timing]\n"
                         "                  [--mutation skip-lock-rule|skip-valid-round-rule|no-lock-check]...\n");
    return 2;
}

} // namespace

int main(int argc, char** argv) {
    std::optional<std::uint64_t> seed, count, from;
    bool timing = false;
    chain::consensus::Config::Mutations mutations;
    bool lock_check = true; // --mutation no-lock-check: the checker leaves out the amnesia check
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--timing") == 0) {
            timing = true;
            continue;
        }
        if (std::strcmp(argv[i], "--mutation") == 0 && i + 1 < argc) {
            const char* name = argv[++i];
            if (std::strcmp(name, "skip-lock-rule") == 0) mutations.skip_lock_rule = true;
            else if (std::strcmp(name, "skip-valid-round-rule") == 0) mutations.skip_valid_round_rule = true;
            else if (std::strcmp(name, "no-lock-check") == 0) lock_check = false;
            else return usage();
            continue;
        }
        const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
        std::optional<std::uint64_t>* target = nullptr;
        if (std::strcmp(argv[i], "--seed") == 0) target = &seed;
        else if (std::strcmp(argv[i], "--seeds") == 0) target = &count;
        else if (std::strcmp(argv[i], "--from") == 0) target = &from;
        else return usage();
        *target = parse_number(value);
        if (!*target) return usage();
        ++i;
    }
    if (seed.has_value() == count.has_value() || (seed && from)) return usage();
    const std::uint64_t first = seed ? *seed : from.value_or(0);
    const std::uint64_t runs = seed ? 1 : *count;

    const auto started = std::chrono::steady_clock::now();
    std::uint64_t failures = 0;
    for (std::uint64_t s = first; s < first + runs; ++s) {
        sim::RunOptions options;
        options.describe_on_failure = runs == 1;
        options.adjust = [mutations, lock_check](sim::SimOptions& o) {
            o.consensus.mutations = mutations;
            o.check_lock_invariant = lock_check;
        };
        const auto run_started = std::chrono::steady_clock::now();
        const sim::RunResult result = sim::run_seed(s, options);
        const double run_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - run_started).count();
        if (timing) std::printf("%s wall_ms=%.0f\n", result.summary().c_str(), run_ms);
        else std::printf("%s\n", result.summary().c_str());
        std::fflush(stdout);
        if (!result.ok) ++failures;
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("%llu seeds, %llu failed, %.1f s\n", static_cast<unsigned long long>(runs),
                static_cast<unsigned long long>(failures), seconds);
    return failures == 0 ? 0 : 1;
}
