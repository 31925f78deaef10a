#pragma once
// A group driven straight through the rules engine, for the rules tests:
// named members with real P-256 keys, signed transactions, blocks with a
// clock that the test moves. No node, no store: just the state machine.

#include "crypto/crypto.h"
#include "ledger/ledger.h"
#include "rules/rules.h"

#include <map>
#include <string>
#include <vector>

namespace chain::testing {

inline constexpr std::int64_t kGenesisTime = 1'767'225'600; // 2026-01-01T00:00:00Z
inline constexpr std::int64_t kDay = 86'400;

class GroupFixture {
public:
    explicit GroupFixture(GroupParams params = GroupParams{}, std::string founder_utility = "Light")
        : validator_(crypto::KeyPair::generate()) {
        genesis_.group_name = "Condomínio Sol Nascente";
        genesis_.time_s = kGenesisTime;
        genesis_.params = params;
        genesis_.founder = key("founder").public_key();
        genesis_.founder_utility = std::move(founder_utility);
        genesis_.founder_profile = sealed_profile(0);
        genesis_.data_public_key = crypto::KeyPair::generate().public_key();
        genesis_.founder_sealed_keys = Bytes{1, 2, 3};
        genesis_.validators = {validator_.public_key()};
        state_ = genesis_state(genesis_, &events_);
        time_s_ = kGenesisTime;
    }

    State& state() { return state_; }
    const Genesis& genesis() const { return genesis_; }
    std::int64_t now() const { return time_s_; }
    std::uint64_t height() const { return height_; }
    const std::vector<Event>& events() const { return events_; }

    // The key of a named participant, made on first use.
    const crypto::KeyPair& key(const std::string& name) {
        auto it = keys_.find(name);
        if (it == keys_.end()) it = keys_.emplace(name, crypto::KeyPair::generate()).first;
        return it->second;
    }
    AccountId account(const std::string& name) { return crypto::account_id(key(name).public_key()); }
    const Member* member(const std::string& name) { return state_.member(account(name)); }

    // A placeholder sealed profile: the rules only check it is present and
    // sealed to the current epoch (sealing itself is tested with profiles).
    static SealedProfile sealed_profile(std::uint32_t epoch) { return SealedProfile{epoch, Bytes{9, 9, 9}}; }

    // A transaction signed by `name` with their next nonce.
    Transaction make_tx(const std::string& name, Operation op) {
        Transaction tx;
        tx.group_id = state_.group_id;
        const AccountId author = account(name);
        const auto it = state_.nonces.find(author);
        tx.nonce = (it == state_.nonces.end() ? 0 : it->second) + 1;
        tx.valid_until_s = time_s_ + kDay;
        tx.op = std::move(op);
        tx.sign(key(name));
        return tx;
    }

    // Applies in the block being built (height + 1, at the current time).
    ApplyResult apply(const Transaction& tx) {
        ApplyResult result = apply_transaction(state_, tx, BlockContext{height_ + 1, time_s_});
        events_.insert(events_.end(), result.events.begin(), result.events.end());
        return result;
    }
    ApplyResult apply(const std::string& name, Operation op) { return apply(make_tx(name, std::move(op))); }

    // Ends the block being built after moving the clock forward.
    std::vector<Event> end_block(std::int64_t advance_s = 0) {
        time_s_ += advance_s;
        ++height_;
        std::vector<Event> events = chain::end_block(state_, BlockContext{height_, time_s_});
        events_.insert(events_.end(), events.begin(), events.end());
        return events;
    }

    // Every current member votes `yes` on the referendum.
    void everyone_votes(std::uint64_t referendum_id, bool yes = true) {
        for (const auto& [name, pair] : keys_) {
            const AccountId who = crypto::account_id(pair.public_key());
            const Referendum& referendum = state_.referendums.at(referendum_id);
            if (referendum.electorate.count(who) == 0) continue;
            apply(name, CastVote{referendum_id, yes});
        }
    }

    // Closes every pending referendum by moving past its period.
    std::vector<Event> close_votes() { return end_block(static_cast<std::int64_t>(state_.params.referendum_period_s)); }

    // Asks to join, gets every YES, and closes the vote. Returns the referendum id.
    std::uint64_t admit(const std::string& name, const std::string& utility = "Light") {
        apply(name, RequestAdmission{utility, Hash256{}, sealed_profile(state_.data_key_epoch())});
        const std::uint64_t id = state_.next_referendum_id - 1;
        everyone_votes(id);
        close_votes();
        return id;
    }

    // Proposes, approves and opens the campaign of a plant. Returns its id.
    std::uint64_t approved_plant(const std::string& proposer, std::uint64_t capacity_w, std::uint64_t cost_cents,
                                 const std::string& utility = "Light", std::int64_t time_to_market_days = 30) {
        apply(proposer, ProposePlant{"Usina " + std::to_string(state_.next_plant_id), PlantSource::Solar, capacity_w,
                                     cost_cents, utility, "Niterói, RJ",
                                     static_cast<std::uint64_t>(time_to_market_days * kDay)});
        const std::uint64_t plant_id = state_.next_plant_id - 1;
        everyone_votes(state_.plants.at(plant_id).referendum_id);
        close_votes();
        return plant_id;
    }

private:
    crypto::KeyPair validator_;
    std::map<std::string, crypto::KeyPair> keys_;
    Genesis genesis_;
    State state_;
    std::vector<Event> events_;
    std::int64_t time_s_ = 0;
    std::uint64_t height_ = 0;
};

} // namespace chain::testing
