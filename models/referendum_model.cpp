#include "models/referendum_model.h"

#include "models/describe.h"
#include "models/format.h"

namespace models {

void ReferendumModel::setSnapshot(SnapshotPtr snapshot) {
    std::vector<chain::Referendum> rows = snapshot->referendums;
    // Newest first: members look for what is new.
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    applyRows(std::move(snapshot), std::move(rows));
}

int ReferendumModel::rowOf(std::uint64_t referendum_id) const {
    for (int i = 0; i < rowCount(); ++i)
        if (rows_[std::size_t(i)].id == referendum_id) return i;
    return -1;
}

std::uint64_t ReferendumModel::threshold(const chain::Referendum& r) {
    if (r.approval_rule == chain::ApprovalRule::MajorityOfElectorate) return r.yes_needed();
    const std::uint64_t electorate = r.electorate.size();
    return (electorate * r.quorum_percent + 99) / 100;
}

int ReferendumModel::myVote(const chain::Referendum& r) const {
    if (!snapshot_->has_identity) return -1;
    const auto found = r.ballots.find(snapshot_->me);
    return found == r.ballots.end() ? -1 : (found->second ? 1 : 0);
}

QVariant ReferendumModel::data(const QModelIndex& index, int role) const {
    const chain::Referendum* r = rowAt(index.row());
    if (!r || index.column() < 0 || index.column() >= ColumnCount) return {};
    const bool open = r->outcome == chain::Outcome::Pending;
    switch (role) {
    case IdRole: return QVariant::fromValue<qulonglong>(r->id);
    case OpenRole: return open;
    case YesCountRole: return QVariant::fromValue<qulonglong>(r->yes_count());
    case NoCountRole: return QVariant::fromValue<qulonglong>(r->no_count());
    case NeededRole: return QVariant::fromValue<qulonglong>(threshold(*r));
    case ElectorateRole: return QVariant::fromValue<qulonglong>(r->electorate.size());
    case MyVoteRole: return myVote(*r);
    case CanVoteRole: return open && snapshot_->has_identity && r->electorate.count(snapshot_->me) > 0;
    case RemainingSecondsRole: return QVariant::fromValue<qlonglong>(r->deadline_s - snapshot_->now_s);
    case Qt::ToolTipRole:
        // Why a vote still open shows its result already.
        if (index.column() == ResultColumn) return Describe::standing(*r);
        return {};
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return QVariant::fromValue<qulonglong>(r->id);
        case SubjectColumn: return Describe::referendumSubject(*r, *snapshot_);
        case DeadlineColumn: return open ? formatRemaining(r->deadline_s - snapshot_->now_s) : formatDate(r->closed_at_s);
        case YesColumn: return QVariant::fromValue<qulonglong>(r->yes_count());
        case NoColumn: return QVariant::fromValue<qulonglong>(r->no_count());
        case NeededColumn: return QVariant::fromValue<qulonglong>(threshold(*r));
        case ResultColumn: return Describe::resultCell(*r);
        case MyVoteColumn: {
            const int vote = myVote(*r);
            return vote < 0 ? tr("Not voted") : (vote == 1 ? tr("Yes") : tr("No"));
        }
        }
        break;
    default: break;
    }
    return {};
}

QVariant ReferendumModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("No.");
    case SubjectColumn: return tr("Question");
    case DeadlineColumn: return tr("Closes in");
    case YesColumn: return tr("Yes");
    case NoColumn: return tr("No");
    case NeededColumn: return tr("Needed");
    case ResultColumn: return tr("Result");
    case MyVoteColumn: return tr("My vote");
    }
    return {};
}

} // namespace models
