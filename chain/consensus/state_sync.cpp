#include "consensus/state_sync.h"

#include "codec/codec.h"
#include "crypto/crypto.h"

#include <algorithm>
#include <span>

namespace chain::consensus {

namespace {

std::string short_peer(const StateSyncPeer& peer) { return peer.substr(0, 16); }

template <class T>
std::optional<T> decode(const Bytes& bytes) {
    return codec::from_bytes<T>(bytes);
}

} // namespace

StateSync::StateSync(StateSyncConfig config, std::int64_t now_ms)
    : config_(std::move(config)), give_up_at_ms_(now_ms + config_.give_up_ms), trusted_(config_.trusted) {}

bool StateSync::finished() const { return phase_ == Phase::Done || phase_ == Phase::GaveUp || phase_ == Phase::Stopped; }

StateSyncProgress StateSync::progress() const {
    StateSyncProgress p;
    p.phase = phase_;
    if (chosen_) p.height = chosen_->height;
    if (assembly_) {
        p.chunks_held = assembly_->held_count();
        p.chunks_total = assembly_->manifest().chunks.size();
    }
    return p;
}

// --- Peers ------------------------------------------------------------------------------

void StateSync::ask(const StateSyncPeer& peer, StateSyncOutput& out) {
    if (!asked_.insert(peer).second) return;
    out.requests.push_back(StateSyncRequest{StateSyncRequest::Kind::Snapshot, peer, 0, 0});
}

StateSyncOutput StateSync::on_peer_connected(const StateSyncPeer& peer, std::int64_t now_ms) {
    StateSyncOutput out;
    if (finished() || (!peers_.contains(peer) && peers_.size() >= config_.peers_max)) return out;
    peers_.insert(peer);
    // While fetching, a newcomer that offers the same snapshot becomes a source.
    ask(peer, out);
    (void)now_ms;
    return out;
}

StateSyncOutput StateSync::on_peer_disconnected(const StateSyncPeer& peer, std::int64_t now_ms) {
    StateSyncOutput out;
    if (finished()) return out;
    forget(peer);
    if (phase_ == Phase::Verifying && peer == candidate_) reject_candidate(now_ms, "its peer left", out);
    else if (phase_ == Phase::Fetching) fill(now_ms, out);
    return out;
}

void StateSync::forget(const StateSyncPeer& peer) {
    peers_.erase(peer);
    offers_.erase(peer);
    asked_.erase(peer);
    answered_.erase(peer);
    std::erase(sources_, peer);
    std::erase_if(in_flight_, [&](const auto& entry) { return entry.second.peer == peer; });
    cannot_reach_checkpoint_.erase(peer);
}

void StateSync::ban(const StateSyncPeer& peer, const std::string& why, StateSyncOutput& out) {
    out.bans.push_back(peer);
    out.log.push_back("state sync: peer " + short_peer(peer) + " banned: " + why);
    forget(peer);
}

// --- Discovering ---------------------------------------------------------------------------

StateSyncOutput StateSync::on_snapshot(const StateSyncPeer& peer, std::uint64_t height, const Bytes& step_bytes,
                                       const Bytes& manifest_bytes, std::int64_t now_ms) {
    StateSyncOutput out;
    if (finished() || !asked_.contains(peer) || answered_.contains(peer)) return out;
    answered_.insert(peer);
    if (height != 0) {
        std::optional<state::HeaderStep> step = decode<state::HeaderStep>(step_bytes);
        std::optional<state::SnapshotManifest> manifest = decode<state::SnapshotManifest>(manifest_bytes);
        if (!step || !manifest || step->header.height != height || manifest->height != height) {
            ban(peer, "its snapshot offer does not decode, or names two heights", out);
        } else if (height > lowest_useful_height() && !cannot_reach_checkpoint_.contains(peer)) {
            Offer offer{height, std::move(*step), std::move(*manifest), {}, crypto::sha256(manifest_bytes)};
            offer.block_hash = offer.step.header.hash();
            if (!first_offer_ms_) first_offer_ms_ = now_ms;
            offers_.insert_or_assign(peer, std::move(offer));
        }
    }
    if (phase_ == Phase::Fetching) {
        const auto it = offers_.find(peer);
        if (it != offers_.end() && same_snapshot(it->second, *chosen_) &&
            std::find(sources_.begin(), sources_.end(), peer) == sources_.end()) {
            sources_.push_back(peer);
            fill(now_ms, out);
        }
        return out;
    }
    // Discovering: the choice waits for the offers that come within
    // discovery_ms of the first (on_tick), so that one fast peer does not
    // decide alone. When every peer says it keeps none, blocks it is.
    if (phase_ == Phase::Discovering && offers_.empty() &&
        std::all_of(peers_.begin(), peers_.end(), [&](const StateSyncPeer& p) { return answered_.contains(p); }))
        give_up("no peer keeps a snapshot of the state that this node can verify", out);
    return out;
}

// A snapshot at or below this height is not worth fetching: the node holds
// it already, or it cannot be verified from the checkpoint.
std::uint64_t StateSync::lowest_useful_height() const {
    return std::max({config_.own_height, config_.trusted.height, config_.checkpoint ? config_.checkpoint->height : 0});
}

bool StateSync::same_snapshot(const Offer& a, const Offer& b) {
    return a.height == b.height && a.block_hash == b.block_hash && a.manifest_hash == b.manifest_hash;
}

// The highest offer; of those, the one most peers make; then the first peer.
void StateSync::choose(std::int64_t now_ms, StateSyncOutput& out) {
    const Offer* best = nullptr;
    std::size_t best_count = 0;
    StateSyncPeer best_peer;
    for (const auto& entry : offers_) {
        const Offer& offer = entry.second;
        const std::size_t count = static_cast<std::size_t>(std::count_if(
            offers_.begin(), offers_.end(), [&](const auto& other) { return same_snapshot(other.second, offer); }));
        if (!best || offer.height > best->height || (offer.height == best->height && count > best_count)) {
            best = &offer;
            best_count = count;
            best_peer = entry.first;
        }
    }
    if (!best) {
        if (now_ms >= give_up_at_ms_) give_up("no peer offers a snapshot of the state", out);
        return;
    }
    phase_ = Phase::Verifying;
    candidate_ = best_peer;
    chosen_ = *best;
    trusted_ = config_.trusted;
    anchored_ = !config_.checkpoint;
    changes_.clear();
    header_rounds_ = 0;
    ask_headers(now_ms, out);
}

void StateSync::give_up(const std::string& why, StateSyncOutput& out) {
    phase_ = Phase::GaveUp;
    out.gave_up = true;
    out.log.push_back("state sync: " + why + "; syncing the blocks instead");
}

// The height a header-chain request names as trusted: until the checkpoint
// is reached, the block before it, so that the answer starts with the
// checkpoint's own step (the block where the validators last changed, whose
// proof every node keeps).
std::uint64_t StateSync::headers_asked_from() const {
    return anchored_ ? trusted_.height : config_.checkpoint->height - 1;
}

void StateSync::ask_headers(std::int64_t now_ms, StateSyncOutput& out) {
    ++header_rounds_;
    header_asked_ms_ = now_ms;
    out.requests.push_back(StateSyncRequest{StateSyncRequest::Kind::HeaderChain, candidate_, headers_asked_from(), 0});
}

// The first step of the candidate's first answer must be the checkpoint's
// header, with the validators proven at its root; it is then trusted as the
// genesis would be. A peer that shows another block of that height leads
// elsewhere than the member who invited this node: banned. One that shows
// none may be honest but lack the record (a data dir migrated from format 5):
// its offer is not used, and it is not banned.
bool StateSync::anchor_at_checkpoint(const StateSyncPeer& peer, const Bytes& first_step, std::int64_t now_ms,
                                     StateSyncOutput& out) {
    const state::HeaderCheckpoint& checkpoint = *config_.checkpoint;
    const std::string block = "block " + std::to_string(checkpoint.height);
    const std::optional<state::HeaderStep> step = decode<state::HeaderStep>(first_step);
    if (!step || step->header.height != checkpoint.height) {
        cannot_reach_checkpoint_.insert(peer);
        reject_candidate(now_ms, "it shows no header of the invitation's checkpoint, " + block, out);
        return false;
    }
    std::string why;
    std::optional<state::TrustedHeader> anchor = state::trust_checkpoint(
        config_.group_id, checkpoint.height, checkpoint.block_hash, step->header, step->validators, &why);
    if (!anchor) {
        out.off_checkpoint = checkpoint.height;
        ban(peer, "its chain of headers does not lead through the invitation's checkpoint: " + why, out);
        reject_candidate(now_ms, why, out);
        return false;
    }
    trusted_ = std::move(*anchor);
    anchored_ = true;
    changes_.push_back(*step);
    out.log.push_back("state sync: the header of the invitation's checkpoint, block " +
                      std::to_string(checkpoint.height) + ", is the one the invitation names");
    return true;
}

// Back to discovering: the other offers, or all peers asked again.
void StateSync::reject_candidate(std::int64_t now_ms, const std::string& why, StateSyncOutput& out) {
    out.log.push_back("state sync: the snapshot of peer " + short_peer(candidate_) + " is not used: " + why);
    offers_.erase(candidate_);
    candidate_.clear();
    chosen_.reset();
    phase_ = Phase::Discovering;
    if (!offers_.empty()) return choose(now_ms, out);
    restart(now_ms, out);
}

void StateSync::restart(std::int64_t now_ms, StateSyncOutput& out) {
    phase_ = Phase::Discovering;
    offers_.clear();
    asked_.clear();
    answered_.clear();
    first_offer_ms_.reset();
    chosen_.reset();
    assembly_.reset();
    sources_.clear();
    in_flight_.clear();
    give_up_at_ms_ = now_ms + config_.give_up_ms;
    for (const StateSyncPeer& peer : peers_) ask(peer, out);
}

// --- Verifying ------------------------------------------------------------------------------

StateSyncOutput StateSync::on_header_chain(const StateSyncPeer& peer, std::uint64_t trusted_height,
                                           const std::vector<Bytes>& steps, std::int64_t now_ms) {
    StateSyncOutput out;
    if (phase_ != Phase::Verifying || peer != candidate_ || trusted_height != headers_asked_from()) return out;
    const std::uint64_t target = chosen_->height;
    std::string why;
    std::size_t first = 0;
    if (!anchored_) {
        if (!anchor_at_checkpoint(peer, steps.empty() ? Bytes{} : steps.front(), now_ms, out)) return out;
        first = 1;
    }
    for (const Bytes& bytes : std::span(steps).subspan(first)) {
        const std::optional<state::HeaderStep> step = decode<state::HeaderStep>(bytes);
        if (!step) {
            ban(peer, "a header it sent does not decode", out);
            reject_candidate(now_ms, "its headers do not decode", out);
            return out;
        }
        if (step->header.height >= target) break; // the snapshot's own step is checked below
        std::optional<state::TrustedHeader> next = state::verify_step(config_.group_id, trusted_, *step, &why);
        if (!next) {
            ban(peer, "its chain of headers does not verify: " + why, out);
            reject_candidate(now_ms, why, out);
            return out;
        }
        trusted_ = std::move(*next);
        changes_.push_back(*step);
    }
    const bool more = steps.size() >= kStateSyncHeaderStepsPerAnswer && !changes_.empty() &&
                      changes_.back().header.height < target;
    if (more && header_rounds_ < kStateSyncHeaderRoundsMax) {
        ask_headers(now_ms, out);
        return out;
    }
    verify_offer(now_ms, out);
    return out;
}

void StateSync::verify_offer(std::int64_t now_ms, StateSyncOutput& out) {
    std::string why;
    const std::optional<state::TrustedHeader> at_snapshot =
        state::verify_step(config_.group_id, trusted_, chosen_->step, &why);
    if (!at_snapshot) {
        const StateSyncPeer peer = candidate_;
        ban(peer, "its snapshot's header does not verify: " + why, out);
        return reject_candidate(now_ms, why, out);
    }
    if (std::string problem = state::manifest_problem(chosen_->manifest, at_snapshot->state_root); !problem.empty()) {
        const StateSyncPeer peer = candidate_;
        ban(peer, problem, out);
        return reject_candidate(now_ms, problem, out);
    }
    // Another peer's verified header of this height that differs means more
    // than a third of the validators signed two blocks: stop, and say so.
    for (auto it = offers_.begin(); it != offers_.end();) {
        const Offer& other = it->second;
        if (other.height != chosen_->height || other.block_hash == chosen_->block_hash) {
            ++it;
            continue;
        }
        std::string other_why;
        const std::optional<state::TrustedHeader> theirs =
            state::verify_step(config_.group_id, trusted_, other.step, &other_why);
        if (theirs) {
            if (std::optional<std::string> sentence = state::conflict(*at_snapshot, *theirs)) {
                phase_ = Phase::Stopped;
                out.conflict = *sentence;
                out.log.push_back("state sync stopped: " + *sentence);
                return;
            }
        }
        const StateSyncPeer peer = it->first;
        ++it;
        ban(peer, "its snapshot's header does not verify: " + other_why, out);
    }
    phase_ = Phase::Fetching;
    sources_.clear();
    for (const auto& [peer, offer] : offers_)
        if (same_snapshot(offer, *chosen_)) sources_.push_back(peer);
    assembly_.emplace(chosen_->manifest);
    out.log.push_back("state sync: fetching the state at block " + std::to_string(chosen_->height) + " (" +
                      std::to_string(chosen_->manifest.chunks.size()) + " chunks) from " +
                      std::to_string(sources_.size()) + " peers");
    if (assembly_->complete()) return finish(out);
    fill(now_ms, out);
}

// --- Fetching -------------------------------------------------------------------------------

std::size_t StateSync::in_flight_to(const StateSyncPeer& peer) const {
    return static_cast<std::size_t>(
        std::count_if(in_flight_.begin(), in_flight_.end(), [&](const auto& entry) { return entry.second.peer == peer; }));
}

void StateSync::fill(std::int64_t now_ms, StateSyncOutput& out) {
    if (phase_ != Phase::Fetching) return;
    if (sources_.empty()) {
        out.log.push_back("state sync: no peer left that offers the snapshot of block " +
                          std::to_string(chosen_->height) + "; asking again");
        return restart(now_ms, out);
    }
    for (const std::uint32_t index : assembly_->missing()) {
        if (in_flight_.contains(index)) continue;
        const StateSyncPeer* least = nullptr;
        std::size_t least_count = 0;
        for (const StateSyncPeer& peer : sources_) {
            const std::size_t count = in_flight_to(peer);
            if (count < config_.requests_per_peer_max && (!least || count < least_count)) {
                least = &peer;
                least_count = count;
            }
        }
        if (!least) return;
        in_flight_[index] = InFlight{*least, now_ms};
        out.requests.push_back(StateSyncRequest{StateSyncRequest::Kind::Chunk, *least, chosen_->height, index});
    }
}

StateSyncOutput StateSync::on_chunk(const StateSyncPeer& peer, std::uint64_t height, std::uint32_t index,
                                    const Bytes& bytes, std::int64_t now_ms) {
    StateSyncOutput out;
    if (phase_ != Phase::Fetching || height != chosen_->height) return out;
    const auto asked = in_flight_.find(index);
    const bool expected = asked != in_flight_.end() && asked->second.peer == peer;
    // An answer nobody asked this peer for is ignored (a late one after a
    // timeout is welcome if the chunk is still missing).
    if (!expected && (assembly_->has(index) || std::find(sources_.begin(), sources_.end(), peer) == sources_.end()))
        return out;
    if (expected) in_flight_.erase(asked);
    if (bytes.empty()) {
        out.log.push_back("state sync: peer " + short_peer(peer) + " no longer keeps the snapshot of block " +
                          std::to_string(height));
        std::erase(sources_, peer);
        std::erase_if(in_flight_, [&](const auto& entry) { return entry.second.peer == peer; });
        fill(now_ms, out);
        return out;
    }
    const std::optional<state::SnapshotChunk> chunk = decode<state::SnapshotChunk>(bytes);
    std::string problem;
    if (!chunk || chunk->height != height || chunk->index != index) problem = "a chunk that does not decode or is not the one asked for";
    else problem = assembly_->add(index, chunk->entries);
    if (!problem.empty()) {
        ban(peer, "chunk " + std::to_string(index) + " of the snapshot of block " + std::to_string(height) + ": " + problem,
            out);
        fill(now_ms, out);
        return out;
    }
    if (assembly_->complete()) {
        finish(out);
        return out;
    }
    fill(now_ms, out);
    return out;
}

void StateSync::finish(StateSyncOutput& out) {
    phase_ = Phase::Done;
    in_flight_.clear();
    StateSyncResult result;
    result.changes = std::move(changes_);
    result.base = chosen_->step;
    result.tables = assembly_->take_tables();
    out.log.push_back("state sync: every chunk of the snapshot of block " + std::to_string(chosen_->height) +
                      " checked against its verified header");
    out.done = std::move(result);
}

// --- Time -----------------------------------------------------------------------------------

StateSyncOutput StateSync::on_tick(std::int64_t now_ms) {
    StateSyncOutput out;
    switch (phase_) {
    case Phase::Discovering:
        if (first_offer_ms_ && now_ms - *first_offer_ms_ >= config_.discovery_ms) choose(now_ms, out);
        else if (!first_offer_ms_ && now_ms >= give_up_at_ms_) give_up("no peer offered a snapshot of the state", out);
        break;
    case Phase::Verifying:
        if (now_ms - header_asked_ms_ >= config_.request_timeout_ms) {
            offers_.erase(candidate_);
            reject_candidate(now_ms, "its headers did not come in time", out);
        }
        break;
    case Phase::Fetching: {
        std::set<StateSyncPeer> slow;
        for (const auto& [index, request] : in_flight_)
            if (now_ms - request.sent_ms >= config_.request_timeout_ms) slow.insert(request.peer);
        for (const StateSyncPeer& peer : slow) {
            out.log.push_back("state sync: peer " + short_peer(peer) + " did not answer in time; asking the others");
            std::erase(sources_, peer);
            std::erase_if(in_flight_, [&](const auto& entry) { return entry.second.peer == peer; });
        }
        if (!slow.empty()) fill(now_ms, out);
        break;
    }
    case Phase::Done:
    case Phase::GaveUp:
    case Phase::Stopped: break;
    }
    return out;
}

} // namespace chain::consensus
