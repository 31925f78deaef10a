#pragma once
// Small helpers the node's source files share (not part of any interface).

#include <QString>

#include <chrono>
#include <cstdint>
#include <string>

namespace chain::node_helpers {

inline QString qs(const std::string& text) { return QString::fromStdString(text); }

// Local timeouts (sync requests) run on a monotonic clock: they are this
// machine's business, not the group's time.
inline std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

} // namespace chain::node_helpers
