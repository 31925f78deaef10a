#pragma once
// A referendum's electorate: the accounts of the members when it opened.
//
// In a group of N members every referendum has N voters, and closed
// referendums stay in the state forever, so an electorate held by value made
// each opening, and each copy of the state, cost N per referendum. An
// Electorate is an immutable sorted list of accounts behind a shared pointer:
// copies share it, referendums opened while the membership has not changed
// share one (State::members keeps it, see MemberMap), and the only change a
// referendum's electorate ever sees (a member removed) copies it on write.
// Sharing is invisible to the encoding, to equality and to the state root.

#include "crypto/crypto.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <memory>
#include <set>
#include <vector>

namespace chain {

class Electorate {
public:
    using const_iterator = std::vector<AccountId>::const_iterator;

    Electorate() = default;
    // `sorted_accounts` must be strictly increasing (the caller's invariant:
    // they come from a map's keys, or from a decoder that checks the order).
    static Electorate from_sorted(std::vector<AccountId> sorted_accounts);
    explicit Electorate(const std::set<AccountId>& accounts);
    Electorate(std::initializer_list<AccountId> accounts);

    std::size_t size() const { return accounts_ ? accounts_->accounts.size() : 0; }
    bool empty() const { return size() == 0; }
    bool contains(const AccountId& account) const;
    std::size_t count(const AccountId& account) const { return contains(account) ? 1 : 0; }
    const_iterator begin() const { return list().begin(); }
    const_iterator end() const { return list().end(); }
    // The accounts' bytes one after the other, as the state encoding lists them.
    ByteView bytes() const;

    // Removes one account. Other holders of the same list keep theirs: this
    // one gets a copy without the account (nothing changes if it is absent).
    void erase(const AccountId& account);
    // The same electorate, sharing this one's list, but without `account`.
    Electorate without(const AccountId& account) const;

    // Whether both hold the very same list (not only equal accounts).
    bool shares_list_with(const Electorate& other) const { return accounts_ == other.accounts_; }

    // The electorate's name in the state tables (docs/STATE.md, table
    // electorates): H(u32 count || the accounts in order). Computed once,
    // when the list is made, and shared with it.
    const Hash256& id() const;

    bool operator==(const Electorate& other) const;
    bool operator==(const std::set<AccountId>& accounts) const {
        return std::equal(begin(), end(), accounts.begin(), accounts.end());
    }

private:
    const std::vector<AccountId>& list() const;

    struct List {
        std::vector<AccountId> accounts;
        Hash256 id{};
    };
    // Null for the empty electorate; never modified once shared.
    std::shared_ptr<const List> accounts_;
};

} // namespace chain
