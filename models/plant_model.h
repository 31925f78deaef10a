#pragma once
// Every plant with its campaign: the Plants and Crowdfunding screens filter it.

#include "models/row_model.h"

namespace models {

class PlantModel : public RowModel<chain::Plant, std::uint64_t> {
    Q_OBJECT
public:
    enum Column { IdColumn, NameColumn, SourceColumn, CapacityColumn, ClassColumn, CostColumn, StatusColumn, FundedColumn, UtilityColumn, LocationColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StatusRole, PledgedCentsRole, CostCentsRole, MyPledgeCentsRole, DeadlineRole, FundedPercentRole, SortRole };

    using RowModel::RowModel;
    void setSnapshot(SnapshotPtr snapshot);
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    int rowOf(std::uint64_t plant_id) const;
    std::uint64_t myPledgeCents(const chain::Plant& plant) const;

protected:
    std::uint64_t keyOf(const chain::Plant& p) const override { return p.id; }
};

} // namespace models
