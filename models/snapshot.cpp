#include "models/snapshot.h"

#include "crypto/crypto.h"

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
    snapshot->state = std::make_shared<const chain::State>(node.committed_state());
    snapshot->month = chain::month_of(now_s);
    if (me) {
        snapshot->has_identity = true;
        snapshot->me = *me;
        // Names are for members' eyes only: a reader's node holds no key that opens them.
        if (node.member(*me)) {
            snapshot->my_energy = chain::energy_account(*snapshot->state, *me, snapshot->month);
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
