#include "models/notifier.h"

#include "models/describe.h"

#include <algorithm>

namespace models {

namespace {

const chain::Referendum* find_referendum(const Snapshot& s, std::uint64_t id) {
    for (const chain::Referendum& r : s.referendums)
        if (r.id == id) return &r;
    return nullptr;
}
const chain::Plant* find_plant(const Snapshot& s, std::uint64_t id) {
    for (const chain::Plant& p : s.plants)
        if (p.id == id) return &p;
    return nullptr;
}
const chain::Offer* find_offer(const Snapshot& s, std::uint64_t id) {
    for (const chain::Offer& o : s.offers)
        if (o.id == id) return &o;
    return nullptr;
}

bool awaits_my_vote(const chain::Referendum& r, const Snapshot& s) {
    return r.outcome == chain::Outcome::Pending && r.electorate.count(s.me) && !r.ballots.count(s.me);
}
bool closing_soon(const chain::Referendum& r, const Snapshot& s) {
    return r.deadline_s - s.now_s < Notifier::kClosingSoon_s;
}

} // namespace

std::vector<Notification> Notifier::news(const Snapshot* previous, const Snapshot& current) {
    std::vector<Notification> out;
    const Snapshot& s = current;
    if (!s.has_identity || (previous && (!previous->has_identity || previous->me != s.me))) return out;
    using Kind = Notification::Kind;
    for (const chain::Referendum& r : s.referendums) {
        if (!awaits_my_vote(r, s)) continue;
        const chain::Referendum* before = previous ? find_referendum(*previous, r.id) : nullptr;
        const QString subject = Describe::referendumSubject(r, s);
        if (previous && !(before && awaits_my_vote(*before, *previous)))
            out.push_back({Kind::NewVote, r.id, tr("New vote"), subject});
        else if (closing_soon(r, s) && !(before && closing_soon(*before, *previous)))
            out.push_back({Kind::VoteClosingSoon, r.id, tr("Vote closing soon"), subject});
    }
    if (!previous) return out;
    for (const chain::Plant& p : s.plants) {
        const chain::Plant* before = find_plant(*previous, p.id);
        if (!before || before->status != chain::PlantStatus::Campaign || !before->pledges_cents.count(s.me)) continue;
        const QString name = QString::fromStdString(p.name);
        if (p.status == chain::PlantStatus::Building || p.status == chain::PlantStatus::Operating)
            out.push_back({Kind::CampaignFunded, p.id, tr("Campaign funded"), tr("%1 is fully funded").arg(name)});
        else if (p.status == chain::PlantStatus::Failed)
            out.push_back({Kind::CampaignFailed, p.id, tr("Campaign ended"), tr("%1 did not reach its cost").arg(name)});
    }
    for (const chain::Offer& o : s.offers) {
        if (o.status != chain::OfferStatus::Open || o.counterparty != s.me || find_offer(*previous, o.id)) continue;
        out.push_back({Kind::IncomingOffer, o.id, tr("New offer"), tr("%1 made you an offer").arg(s.display_name(o.maker))});
    }
    if (s.is_member(s.me) && !previous->is_member(s.me) && previous->summary.height > 0)
        out.push_back({Kind::Admitted, 0, tr("Welcome"), tr("The members admitted you to %1.").arg(QString::fromStdString(s.summary.name))});
    if (out.size() > kNotificationsMax) out.resize(kNotificationsMax);
    return out;
}

} // namespace models
