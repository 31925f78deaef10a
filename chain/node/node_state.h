#pragma once
// Queries answered from a State alone, shared by every Node implementation.

#include "node/node.h"
#include "rules/state.h"

#include <map>
#include <optional>

namespace chain {

GroupSummary summarize_state(const State& state, const Hash256& state_root);

// The checks a node makes on a transaction before the rules see it: the
// signature, the encoded size, that it is not already waiting or committed
// (`known`), and that the mempool has room. nullopt when it may go on.
// `signature_checked`: the caller has just checked the signature, which is the
// expensive part, so it is not checked twice.
std::optional<Rejection> precheck_transaction(const Transaction& tx, bool known, std::size_t queued_count,
                                              std::size_t queued_max, bool signature_checked = false);

// A member's or applicant's profile, opened with the first held member key
// whose key ring opens it.
std::optional<Profile> open_profile_with_keys(const State& state, const AccountId& account,
                                              const std::map<AccountId, crypto::KeyPair>& member_keys);

} // namespace chain
