#pragma once
// The desktop app run by a benchmark: offscreen, with settings of its own,
// until it prints that its overview is populated (`rateio
// --exit-after-overview` or `--exit-at-height N`), timed from its launch.

#include "common.h"

#include <QStringList>

#include <cstdint>

namespace bench {

struct DesktopRun {
    double populated_ms = 0;      // launch to the populated overview
    double peak_kb = 0;           // the process's peak resident memory
    std::uint64_t height = 0;     // the block the overview showed
    std::uint64_t history_from = 1; // the first block whose activity it holds
};

// Runs `rateio` with `arguments` (--lang en added) and HOME and
// XDG_CONFIG_HOME under `scratch_dir`; false and *error when it does not
// report a populated overview or exits with an error.
bool run_desktop_process(const Options& options, const QStringList& arguments, const QString& scratch_dir,
                         DesktopRun* run, QString* error);

} // namespace bench
