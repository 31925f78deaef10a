#include "rules/electorate.h"

#include <utility>

namespace chain {

namespace {

Hash256 list_id(const std::vector<AccountId>& accounts) {
    const std::uint32_t count = static_cast<std::uint32_t>(accounts.size());
    Bytes preimage{static_cast<std::uint8_t>(count >> 24), static_cast<std::uint8_t>(count >> 16),
                   static_cast<std::uint8_t>(count >> 8), static_cast<std::uint8_t>(count)};
    preimage.reserve(4 + accounts.size() * sizeof(AccountId));
    for (const AccountId& account : accounts) preimage.insert(preimage.end(), account.begin(), account.end());
    return crypto::sha256(preimage);
}

} // namespace

Electorate Electorate::from_sorted(std::vector<AccountId> sorted_accounts) {
    Electorate electorate;
    if (!sorted_accounts.empty()) {
        const Hash256 id = list_id(sorted_accounts);
        electorate.accounts_ = std::make_shared<const List>(List{std::move(sorted_accounts), id});
    }
    return electorate;
}

const Hash256& Electorate::id() const {
    static const Hash256 empty_id = list_id({});
    return accounts_ ? accounts_->id : empty_id;
}

Electorate::Electorate(const std::set<AccountId>& accounts)
    : Electorate(from_sorted(std::vector<AccountId>(accounts.begin(), accounts.end()))) {}

Electorate::Electorate(std::initializer_list<AccountId> accounts) : Electorate(std::set<AccountId>(accounts)) {}

const std::vector<AccountId>& Electorate::list() const {
    static const std::vector<AccountId> none;
    return accounts_ ? accounts_->accounts : none;
}

// The list is read as bytes: the accounts must lie back to back.
static_assert(sizeof(AccountId) == 20 && sizeof(std::vector<AccountId>::value_type[2]) == 40);

ByteView Electorate::bytes() const {
    const std::vector<AccountId>& accounts = list();
    return ByteView(reinterpret_cast<const std::uint8_t*>(accounts.data()), accounts.size() * sizeof(AccountId));
}

bool Electorate::contains(const AccountId& account) const {
    return std::binary_search(begin(), end(), account);
}

Electorate Electorate::without(const AccountId& account) const {
    const auto it = std::lower_bound(begin(), end(), account);
    if (it == end() || *it != account) return *this;
    std::vector<AccountId> rest;
    rest.reserve(size() - 1);
    rest.insert(rest.end(), begin(), it);
    rest.insert(rest.end(), it + 1, end());
    return from_sorted(std::move(rest));
}

void Electorate::erase(const AccountId& account) { *this = without(account); }

bool Electorate::operator==(const Electorate& other) const {
    return accounts_ == other.accounts_ || std::equal(begin(), end(), other.begin(), other.end());
}

} // namespace chain
