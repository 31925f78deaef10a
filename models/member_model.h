#pragma once
// The group's members: public record for everyone, full names only when this
// node can open them (it is a member's node).

#include "models/row_model.h"

namespace models {

class MemberModel : public RowModel<chain::Member, chain::AccountId> {
    Q_OBJECT
public:
    enum Column { NameColumn, UtilityColumn, QuotaColumn, QuotaPercentColumn, TokensColumn, AdmittedColumn, ColumnCount };
    enum Role { AccountRole = Qt::UserRole + 1, QuotaWRole, TokensMsbRole, IsMeRole, SortRole };

    using RowModel::RowModel;
    void setSnapshot(SnapshotPtr snapshot);
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    // The row of `account`, -1 if not a member.
    int rowOf(const chain::AccountId& account) const;

protected:
    chain::AccountId keyOf(const chain::Member& m) const override { return m.account; }
};

} // namespace models
