#pragma once
// Tendermint's consensus algorithm ("The latest gossip on BFT consensus",
// Buchman, Kwon, Milosevic, arXiv 1807.04938) for one validator, as a pure
// state machine: inputs are proposals, votes and timeouts, each with the
// local clock reading `now_ms`; outputs are records to persist, messages to
// broadcast, timers to set, evidence and at most one decision per height.
// Nothing here reads a clock, draws a random number, or does I/O, so the same
// machine runs in the node and, many at a time, in the simulator (tests/sim).
//
// N validators tolerate f = floor((N-1)/3) faulty ones. A quorum is
// commit_quorum(N) (more than 2/3); "f+1" is "more than 1/3" (N/3 + 1).
//
// Block time (proposer-based timestamps, as CometBFT's PBTS): the proposer
// sets header.time_s from its own clock, never below the previous block's
// time. A correct validator prevotes nil for a fresh proposal (pol_round =
// -1) that is not timely when it first receives it:
//     time_ms - clock_drift_max_ms  <=  receive_ms
//     receive_ms <= time_ms + clock_drift_max_ms + message_delay_ms(round)
//                   + kBlockTimeGranularityMs
// and no block whose time goes backwards is valid. A block needs prevotes
// from more than 2/3 of the validators, so from at least one correct one, to
// be locked or committed; so a committed block's time is never ahead of the
// clock of the correct validator that found it timely by more than
// clock_drift_max_ms, whatever a faulty proposer or voter does. A block
// re-proposed with pol_round >= 0 keeps its original time and is exempt: a
// correct validator found its fresh proposal timely in an earlier round, so
// it may be decided long after its time (docs/CONSENSUS.md section 6).

#include "consensus/messages.h"

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace chain::consensus {

// header.time_s has whole seconds: a proposer's time is its clock rounded
// down, up to this much earlier than the clock it read.
inline constexpr std::int64_t kBlockTimeGranularityMs = 1000;
// Each validator's own proposals are kept per round; a faulty proposer may
// send a second, different one, which is kept only as a possible decision
// (and as evidence). More are dropped.
inline constexpr std::size_t kProposalsPerRoundMax = 2;

enum class Step : std::uint8_t { Propose = 1, Prevote = 2, Precommit = 3 };
enum class TimeoutKind : std::uint8_t { Propose = 1, Prevote = 2, Precommit = 3, Resend = 4 };

const char* step_name(Step step);
const char* timeout_name(TimeoutKind kind);

// Defaults follow CometBFT's (3 s propose, 1 s prevote and precommit, each
// 0.5 s longer per round): rounds grow until the network's real delays fit.
struct Timeouts {
    std::int64_t timeout_propose_ms = 3000;
    std::int64_t timeout_propose_delta_ms = 500;
    std::int64_t timeout_prevote_ms = 1000;
    std::int64_t timeout_prevote_delta_ms = 500;
    std::int64_t timeout_precommit_ms = 1000;
    std::int64_t timeout_precommit_delta_ms = 500;
    // Own votes and proposal of the height are sent again this often, so a
    // lost message cannot stall a round (TCP connections drop and reconnect).
    std::int64_t resend_interval_ms = 2000;

    std::int64_t duration_ms(TimeoutKind kind, std::uint32_t round) const;
};

using SignatureVerifier = std::function<bool(const PublicKey&, const Hash256&, const Signature&)>;

struct Config {
    Hash256 group_id{};
    Timeouts timeouts;
    // Bound on the difference between two correct validators' clocks.
    std::int64_t clock_drift_max_ms = 1000;
    // Bound on a proposal's delivery delay, grown per round so that a bound
    // set too small still lets a later round decide (only "too old" proposals
    // become acceptable by it; "too new" depends on the clock drift alone).
    std::int64_t message_delay_max_ms = 2000;
    std::int64_t message_delay_round_delta_ms = 500;
    // Messages for the next heights wait here until start_height.
    std::uint64_t future_heights_max = 2;
    std::size_t buffered_votes_max = 1024;
    std::size_t buffered_proposals_max = 8;
    // Messages of rounds up to this far above ours are kept; further ones
    // only count towards skipping to a higher round (each validator's highest
    // round is remembered), so a faulty validator cannot fill memory with
    // votes for far-away rounds.
    std::uint32_t future_rounds_kept_max = 4;
    // At most this many own votes go out per resend (the newest rounds first).
    std::size_t resend_votes_max = 256;
    // crypto::verify when empty; a node may pass a caching verifier.
    SignatureVerifier verify;

    // For tests only (the simulator's mutation tests, tests/sim): each flag
    // removes one rule the safety argument rests on, so that a test can show
    // that the simulator's checker notices its absence. No node sets them;
    // with both off (the default) the machine is the algorithm as written.
    struct Mutations {
        // Line 22: a validator locked on a block prevotes a different fresh
        // block (pol_round = -1) as if it were not locked.
        bool skip_lock_rule = false;
        // Line 28: a validator locked in round r prevotes a re-proposal of
        // another block whose proof of lock is from a round before r.
        bool skip_valid_round_rule = false;
    };
    Mutations mutations;

    std::int64_t message_delay_ms(std::uint32_t round) const {
        return message_delay_max_ms + message_delay_round_delta_ms * static_cast<std::int64_t>(round);
    }
};

// The block producer and checker: the node's rules engine behind it.
class Application {
public:
    virtual ~Application() = default;
    // A new block for `height` proposed by this validator: header.proposer is
    // its key, header.time_s = max(previous block time, now_ms / 1000).
    virtual Block build_block(std::uint64_t height, std::uint32_t round, std::int64_t now_ms) = 0;
    // Deterministic validity: the previous hash, the transactions re-executed
    // through the rules, end_block, the state root. It must not depend on
    // the local clock (the machine checks timeliness itself, once, on receipt)
    // so that every correct validator judges a block the same way.
    virtual bool validate_block(const Block& block) = 0;
};

struct HeightStart {
    std::uint64_t height = 0;
    // The validators of this height; the machine sorts them (the proposer
    // rotation is over the sorted set).
    std::vector<PublicKey> validators;
    // The previous block's hash (the group id for height 1) and time.
    Hash256 previous_hash{};
    std::int64_t previous_time_s = 0;
};

struct Timer {
    std::uint64_t height = 0;
    std::uint32_t round = 0;
    TimeoutKind kind = TimeoutKind::Propose;
    std::int64_t duration_ms = 0;
};

struct Decision {
    Block block;
    CommitCertificate certificate;
};

enum class Verdict : std::uint8_t {
    Accepted,  // counted
    Duplicate, // already had it
    Buffered,  // for a later height: kept until start_height
    Stale,     // an old height, a decided one, a stale timer, a full buffer
    Evidence,  // a validly signed second statement: recorded as evidence
    Invalid,   // bad signature, unknown signer, wrong proposer or shape
};
const char* verdict_name(Verdict verdict);

// What an input produced. The driver must write `persist` durably before it
// sends any of `broadcast`, so that after a crash restore() knows everything
// this validator signed.
struct Output {
    Verdict verdict = Verdict::Accepted;
    const char* reason = ""; // why, for Invalid and Stale (a static string)
    std::vector<Record> persist;
    std::vector<Message> broadcast;
    std::vector<Timer> timers;
    std::vector<Evidence> evidence;
    std::optional<Decision> decision;
};

class Machine {
public:
    // `key` is nullopt for a node that follows without voting; a key that is
    // not in a height's validator set also only follows that height.
    Machine(Config config, std::optional<crypto::KeyPair> key, Application& app);

    // Begins a height: forgets the previous one, enters round 0, and replays
    // the messages buffered for this height.
    Output start_height(const HeightStart& start, std::int64_t now_ms);
    // Begins a height after a restart from the records this validator
    // persisted for it: its signatures are reinstated first (so it never
    // signs a conflicting one), its lock restored, its last round re-entered
    // (re-sending its proposal of that round, if any), its votes re-sent at
    // once, and the records fed back through the same paths as peers' messages.
    Output restore(const HeightStart& start, const std::vector<Record>& records, std::int64_t now_ms);

    Output on_proposal(const Proposal& proposal, std::int64_t now_ms);
    Output on_vote(const Vote& vote, std::int64_t now_ms);
    Output on_timeout(const Timer& timer, std::int64_t now_ms);

    // For the driver's status and the tests.
    std::uint64_t height() const { return start_.height; }
    std::uint32_t round() const { return round_; }
    Step step() const { return step_; }
    bool decided() const { return decided_; }
    std::int32_t locked_round() const { return locked_round_; }
    std::int32_t valid_round() const { return valid_round_; }
    std::size_t quorum() const { return quorum_; }
    const PublicKey& proposer(std::uint32_t round) const;
    bool is_validator() const { return own_index_.has_value(); }

private:
    struct ProposalEntry {
        Proposal proposal;
        Hash256 hash{};
        // Judged once, on first receipt (PBTS): never re-evaluated later.
        bool timely = false;
    };
    struct VoteSet {
        std::map<PublicKey, Vote> by_validator; // the first vote of each counts
        std::map<std::optional<Hash256>, std::size_t> count_by_value;
        std::size_t count(const std::optional<Hash256>& value) const;
        std::size_t total() const { return by_validator.size(); }
    };
    struct RoundState {
        std::vector<ProposalEntry> proposals; // <= kProposalsPerRoundMax, arrival order
        VoteSet prevotes;
        VoteSet precommits;
        bool prevote_timer_set = false;   // line 34: once per round
        bool precommit_timer_set = false; // line 47: once per round
        bool valid_updated = false;       // line 36: once per round
    };
    using EvidenceKey = std::tuple<PublicKey, std::uint32_t, std::uint8_t>;

    void reset(const HeightStart& start);
    bool verify(const PublicKey& key, const Hash256& digest, const Signature& signature) const;
    std::optional<std::size_t> validator_index(const PublicKey& key) const;

    // Inputs, shared by the public entry points, restore and own messages.
    // `verified`: our own message, or one whose signatures were checked already.
    Verdict handle_proposal(const Proposal& p, std::int64_t now_ms, bool verified, Output& out);
    Verdict handle_vote(const Vote& v, bool verified, Output& out);
    bool pol_proven(const Proposal& p, const Hash256& hash, bool verified) const;
    Verdict buffer(Message message, std::uint64_t height, Output& out);
    void replay_buffered(std::int64_t now_ms, Output& out);
    void note_round(const PublicKey& key, std::uint32_t round);
    bool block_well_formed(const Block& block) const;
    bool timely(const Block& block, std::uint32_t round, std::int64_t now_ms) const;
    bool block_valid(const ProposalEntry& entry);

    // The round steps.
    void start_round(std::uint32_t round, std::int64_t now_ms, Output& out);
    void propose(std::int64_t now_ms, Output& out);
    void evaluate(std::int64_t now_ms, Output& out);
    bool try_decide(Output& out);
    bool try_skip_round(std::int64_t now_ms, Output& out);
    bool try_prevote_proposal(Output& out);
    bool try_lock(Output& out);
    bool try_precommit_nil(Output& out);
    void try_set_vote_timers(Output& out);
    void prevote(const std::optional<Hash256>& value, Output& out);
    void precommit(const std::optional<Hash256>& value, const Block* block,
                   const std::vector<CommitSignature>* pol, Output& out);
    void resend(Output& out) const;
    void resend_votes(Output& out) const;
    Vote sign_vote(VoteType type, const std::optional<Hash256>& value, Output& out);
    void schedule(TimeoutKind kind, std::uint32_t round, Output& out) const;

    Config config_;
    std::optional<crypto::KeyPair> key_;
    Application& app_;

    // The height under way.
    bool started_ = false;
    HeightStart start_;
    std::optional<std::size_t> own_index_;
    std::size_t quorum_ = 0;         // more than 2/3
    std::size_t skip_threshold_ = 0; // more than 1/3
    std::uint32_t round_ = 0;
    Step step_ = Step::Propose;
    bool decided_ = false;
    std::int32_t locked_round_ = kNoRound;
    std::optional<Block> locked_block_;
    Hash256 locked_hash_{};
    std::int32_t valid_round_ = kNoRound;
    std::optional<Block> valid_block_;
    std::vector<CommitSignature> valid_pol_; // the prevotes that made valid_block_ valid
    // Rounds 0 .. round_ + future_rounds_kept_max at most.
    std::map<std::uint32_t, RoundState> rounds_;
    std::map<Hash256, bool> validity_; // one entry per stored proposal at most
    std::map<PublicKey, std::uint32_t> highest_round_; // one per validator
    std::set<EvidenceKey> evidence_seen_;              // one per (validator, round, kind)

    // What this validator signed in this height: it re-sends these and never
    // signs a different value for the same (round, type).
    std::map<std::pair<std::uint32_t, VoteType>, Vote> own_votes_;
    std::map<std::uint32_t, Proposal> own_proposals_;

    // Messages for later heights, in arrival order.
    std::deque<Message> buffered_;
    std::size_t buffered_proposals_ = 0;
};

} // namespace chain::consensus
