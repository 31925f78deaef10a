#include "models/snapshot.h"

#include "codec/codec.h"
#include "crypto/crypto.h"

#include <algorithm>

namespace models {

const chain::Member* Snapshot::member(const chain::AccountId& account) const {
    for (const chain::Member& m : members)
        if (m.account == account) return &m;
    return nullptr;
}

QString Snapshot::display_name(const chain::AccountId& account) const {
    const auto found = names.find(account);
    if (found != names.end() && !found->second.isEmpty()) return found->second;
    return short_address(account);
}

const chain::Applicant* Snapshot::my_application() const {
    if (!has_identity) return nullptr;
    for (const chain::Applicant& a : applicants)
        if (a.account == me) return &a;
    return nullptr;
}

const chain::Referendum* Snapshot::my_admission_referendum() const {
    if (!has_identity) return nullptr;
    const chain::Referendum* latest = nullptr;
    for (const chain::Referendum& r : referendums)
        if (r.kind == chain::ReferendumKind::Admission && r.applicant == me && (!latest || r.id > latest->id)) latest = &r;
    return latest;
}

QString full_address(const chain::AccountId& account) {
    return QString::fromStdString(chain::crypto::address(account));
}

QString short_address(const chain::AccountId& account) {
    const QString address = full_address(account);
    // Eight leading and four trailing characters tell addresses apart at a glance.
    return address.size() <= 14 ? address : address.left(8) + QStringLiteral("…") + address.right(4);
}

QString node_key_hex(const chain::PublicKey& key) { return QString::fromStdString(chain::codec::to_hex(key)); }

QString short_node_key(const chain::PublicKey& key) {
    const QString hex = node_key_hex(key);
    return hex.left(8) + QStringLiteral("…") + hex.right(4);
}

std::optional<chain::PublicKey> parse_node_key(const QString& text) {
    chain::Bytes bytes;
    chain::PublicKey key{};
    const QString trimmed = text.trimmed();
    if (trimmed.size() != qsizetype(2 * key.size())) return std::nullopt;
    if (!chain::codec::from_hex(trimmed.toStdString(), bytes) || bytes.size() != key.size()) return std::nullopt;
    std::copy(bytes.begin(), bytes.end(), key.begin());
    if (!chain::crypto::is_valid_public_key(key)) return std::nullopt;
    return key;
}

namespace {

std::vector<chain::PublicKey> online_validators(const std::vector<chain::PublicKey>& validators, const chain::PublicKey& own_key,
                                                bool own_key_validates, const std::vector<chain::PeerSummary>& peers) {
    std::vector<chain::PublicKey> online;
    for (const chain::PublicKey& v : validators) {
        const bool connected = std::any_of(peers.begin(), peers.end(), [&](const chain::PeerSummary& p) { return p.node_key == v; });
        if ((own_key_validates && v == own_key) || connected) online.push_back(v);
    }
    return online;
}

} // namespace

bool Snapshot::is_validator_online(const chain::PublicKey& key) const {
    return std::find(validators_online.begin(), validators_online.end(), key) != validators_online.end();
}

SnapshotPtr read_snapshot(const chain::Node& node, std::int64_t now_s, const chain::AccountId* me) {
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->summary = node.summary();
    snapshot->members = node.members();
    snapshot->applicants = node.applicants();
    snapshot->plants = node.plants();
    snapshot->referendums = node.referendums();
    snapshot->offers = node.offers();
    snapshot->events = node.latest_events(kSnapshotEventsMax);
    snapshot->now_s = now_s;
    snapshot->sync = node.sync_status();
    snapshot->peer_count = node.peers().size();
    snapshot->networked = node.networked();
    snapshot->validator = node.is_validator();
    snapshot->listen_port = node.listening_port();
    snapshot->node_key = node.node_key();
    snapshot->reachability = node.reachability();
    snapshot->storage_problem = node.storage_problem();
    snapshot->sync_halt = node.sync_halt();
    snapshot->certified = node.certified_tip();
    snapshot->light = node.light_status();
    snapshot->history_from = node.history_from_height();
    // The snapshot's block: the state this node started from was the group's at its time.
    if (snapshot->history_from > 1) snapshot->history_start_time_s = node.block_time_s(snapshot->history_from - 1).value_or(0);
    snapshot->costs = node.costs();
    if (snapshot->networked) snapshot->invitation_checkpoint = node.invitation_checkpoint();
    // A validator stopped by a failed save signs nothing: it is not one of them.
    const bool signing = snapshot->validator && !(snapshot->storage_problem && snapshot->storage_problem->validator_stopped);
    snapshot->validators_online = online_validators(snapshot->summary.validators, snapshot->node_key, signing, node.peers());
    snapshot->state = std::make_shared<const chain::State>(node.committed_state());
    snapshot->month = chain::month_of(now_s);
    if (me) {
        snapshot->has_identity = true;
        snapshot->me = *me;
        // Names are for members' eyes only: a reader's node holds no key that opens them.
        // A member who left keeps the account of the credit their unit still
        // holds: anyone the ledger ever tracked quota or a reading for. Others
        // (applicants, readers) skip the plants' splits altogether.
        const chain::EnergyLedger& energy = snapshot->state->energy;
        const auto reading = energy.consumption.lower_bound({*me, 0});
        const bool had_energy = energy.quota_tracks.count(*me) > 0 ||
                                (reading != energy.consumption.end() && reading->first.first == *me);
        if (node.member(*me) || had_energy)
            snapshot->my_energy_facts = chain::energy_facts(*snapshot->state, *me, snapshot->month);
        if (node.member(*me)) {
            for (const chain::Member& m : snapshot->members)
                if (const std::optional<chain::Profile> profile = node.profile(m.account)) {
                    snapshot->names[m.account] = QString::fromStdString(profile->full_name);
                    snapshot->consumer_units[m.account] = QString::fromStdString(profile->consumer_unit);
                }
            // Applicants' names too: members vote on whom they admit.
            for (const chain::Applicant& a : snapshot->applicants)
                if (const std::optional<chain::Profile> profile = node.profile(a.account))
                    snapshot->names[a.account] = QString::fromStdString(profile->full_name);
        }
    }
    return snapshot;
}

} // namespace models
