#pragma once
// Helpers shared by the consensus translation units. Not a public API.

#include <cstdio>
#include <cstdlib>

namespace chain::consensus::internal {

[[noreturn]] inline void assertion_failed(const char* condition, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: consensus invariant broken: %s\n", file, line, condition);
    std::abort();
}

} // namespace chain::consensus::internal

// Internal invariants are checked in every build (NDEBUG or not): a broken
// one means this code is wrong, and a validator must stop rather than sign.
#define CONSENSUS_ASSERT(condition) \
    ((condition) ? void(0) : ::chain::consensus::internal::assertion_failed(#condition, __FILE__, __LINE__))
