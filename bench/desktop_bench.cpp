// Desktop start: the time from launching `rateio` to a populated overview,
// and its peak memory, on a group with a 1,000,000-transaction history
// against an empty group (same program, same settings, same run). The
// desktop is run offscreen with --exit-after-overview, which prints when the
// first snapshot has reached the overview and the peak resident memory
// (VmHWM); each is run kRuns times, the two groups taking turns so that the
// machine's load falls on both alike, and the medians are compared.

#include "chain_cache.h"
#include "common.h"
#include "desktop_process.h"

#include <QTemporaryDir>

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace bench {

namespace {

constexpr int kRuns = 5;

struct StartFigures {
    double start_ms = 0;
    double peak_kb = 0;
    std::uint64_t height = 0;
};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// One start of the desktop on a copy of `data_dir`; false and a message on failure.
bool start_once(const Options& options, const QString& data_dir, StartFigures* figures) {
    QTemporaryDir scratch;
    const QString copy = scratch.filePath(QStringLiteral("data"));
    QString error;
    if (!copy_data_dir(data_dir, copy, &error)) {
        std::fprintf(stderr, "desktop: %s\n", qPrintable(error));
        return false;
    }
    // The copy (and a chain just generated) would otherwise still be written
    // back while the desktop starts: a start that competes with hundreds of
    // megabytes of writeback measures the disk, not the desktop.
    ::sync();
    DesktopRun run;
    if (!run_desktop_process(options, {QStringLiteral("--datadir"), copy, QStringLiteral("--exit-after-overview")},
                             scratch.path(), &run, &error)) {
        std::fprintf(stderr, "desktop: %s\n", qPrintable(error));
        return false;
    }
    figures->start_ms = run.populated_ms;
    figures->peak_kb = run.peak_kb;
    figures->height = run.height;
    return true;
}

struct Samples {
    std::vector<double> times_ms;
    std::vector<double> peaks_kb;
};

bool sample_once(const Options& options, const CachedChain& chain, Samples* samples) {
    StartFigures one;
    if (!start_once(options, chain.data_dir, &one)) return false;
    // The overview must show the group as it is on disk, not a partial read.
    if (one.height != chain.height) {
        std::fprintf(stderr, "desktop: the overview showed height %llu, the chain has %llu\n",
                     static_cast<unsigned long long>(one.height), static_cast<unsigned long long>(chain.height));
        return false;
    }
    samples->times_ms.push_back(one.start_ms);
    samples->peaks_kb.push_back(one.peak_kb);
    return true;
}

StartFigures medians_of(const Samples& samples, std::uint64_t height) {
    StartFigures figures;
    figures.start_ms = median(samples.times_ms);
    figures.peak_kb = median(samples.peaks_kb);
    figures.height = height;
    return figures;
}

} // namespace

int run_desktop(const Options& options) {
    const std::uint64_t transactions = options.transactions ? options.transactions : (options.quick ? 3000 : 1'000'000);
    std::printf("desktop: start to a populated overview and peak memory, %llu-transaction history against an empty "
                "group (median of %d runs each, offscreen)\n",
                static_cast<unsigned long long>(transactions), kRuns);
    QString error;
    const std::optional<CachedChain> empty = cached_chain(options.cache_dir, 0, &error);
    const std::optional<CachedChain> full = empty ? cached_chain(options.cache_dir, transactions, &error) : std::nullopt;
    if (!empty || !full) {
        std::fprintf(stderr, "desktop: %s\n", qPrintable(error));
        return 1;
    }
    Samples empty_samples;
    Samples full_samples;
    for (int run = 0; run < kRuns; ++run) {
        if (!sample_once(options, *empty, &empty_samples) || !sample_once(options, *full, &full_samples)) return 1;
    }
    const StartFigures empty_figures = medians_of(empty_samples, empty->height);
    const StartFigures full_figures = medians_of(full_samples, full->height);
    print_figure("empty group: start to populated overview", empty_figures.start_ms, "ms");
    print_figure("empty group: peak memory", empty_figures.peak_kb / 1024.0, "MiB");
    print_figure(std::to_string(transactions) + " tx: start to populated overview", full_figures.start_ms, "ms");
    print_figure(std::to_string(transactions) + " tx: peak memory", full_figures.peak_kb / 1024.0, "MiB");
    print_ratio("start time, history / empty", full_figures.start_ms / empty_figures.start_ms, "<=", 1.2);
    print_ratio("peak memory, history / empty", full_figures.peak_kb / empty_figures.peak_kb, "<=", 1.3);
    return 0;
}

} // namespace bench
