#pragma once
// Referendums in plain language, with tally, threshold and my ballot.

#include "models/row_model.h"

namespace models {

class ReferendumModel : public RowModel<chain::Referendum, std::uint64_t> {
    Q_OBJECT
public:
    enum Column { IdColumn, SubjectColumn, DeadlineColumn, YesColumn, NoColumn, NeededColumn, ResultColumn, MyVoteColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, OpenRole, YesCountRole, NoCountRole, NeededRole, ElectorateRole, MyVoteRole, CanVoteRole, RemainingSecondsRole };

    using RowModel::RowModel;
    void setSnapshot(SnapshotPtr snapshot);
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    int rowOf(std::uint64_t referendum_id) const;

    // YES votes needed to pass under the rule fixed at opening (for the quorum
    // rule: the votes cast needed to reach the quorum).
    static std::uint64_t threshold(const chain::Referendum& r);
    // 1 = yes, 0 = no, -1 = not voted.
    int myVote(const chain::Referendum& r) const;

protected:
    std::uint64_t keyOf(const chain::Referendum& r) const override { return r.id; }
};

} // namespace models
