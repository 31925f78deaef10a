#include "models/plant_model.h"

#include "models/describe.h"
#include "models/format.h"

#include "rules/energy.h"

namespace models {

void PlantModel::setSnapshot(SnapshotPtr snapshot) {
    std::vector<chain::Plant> rows = snapshot->plants;
    applyRows(std::move(snapshot), std::move(rows));
}

int PlantModel::rowOf(std::uint64_t plant_id) const {
    for (int i = 0; i < rowCount(); ++i)
        if (rows_[std::size_t(i)].id == plant_id) return i;
    return -1;
}

std::uint64_t PlantModel::myPledgeCents(const chain::Plant& plant) const {
    if (!snapshot_->has_identity) return 0;
    const auto found = plant.pledges_cents.find(snapshot_->me);
    return found == plant.pledges_cents.end() ? 0 : found->second;
}

QVariant PlantModel::data(const QModelIndex& index, int role) const {
    const chain::Plant* p = rowAt(index.row());
    if (!p || index.column() < 0 || index.column() >= ColumnCount) return {};
    switch (role) {
    case IdRole: return QVariant::fromValue<qulonglong>(p->id);
    case StatusRole: return int(p->status);
    case PledgedCentsRole: return QVariant::fromValue<qulonglong>(p->pledged_cents);
    case CostCentsRole: return QVariant::fromValue<qulonglong>(p->cost_cents);
    case MyPledgeCentsRole: return QVariant::fromValue<qulonglong>(myPledgeCents(*p));
    case DeadlineRole: return QVariant::fromValue<qlonglong>(p->campaign_deadline_s);
    case FundedPercentRole: return p->cost_cents ? int(p->pledged_cents * 100 / p->cost_cents) : 0;
    case Qt::TextAlignmentRole:
        return index.column() == CapacityColumn || index.column() == CostColumn || index.column() == IdColumn
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
        switch (index.column()) {
        case IdColumn: return QVariant::fromValue<qulonglong>(p->id);
        case CapacityColumn: return QVariant::fromValue<qulonglong>(p->capacity_w);
        case CostColumn: return QVariant::fromValue<qulonglong>(p->cost_cents);
        case FundedColumn: return QVariant::fromValue<qulonglong>(p->pledged_cents);
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return QVariant::fromValue<qulonglong>(p->id);
        case NameColumn: return QString::fromStdString(p->name);
        case SourceColumn: return Describe::plantSource(p->source);
        case CapacityColumn: return formatKw(p->capacity_w);
        case ClassColumn: {
            // Lei 14.300's classes, by the group's limits (the legacy ones for an older group).
            const chain::EnergyParams& params = snapshot_->state ? snapshot_->state->energy.params : chain::kLegacyEnergyParams;
            return chain::plant_class(params, p->capacity_w) == chain::PlantClass::Microgeneration ? tr("Microgeneration")
                                                                                                    : tr("Minigeneration");
        }
        case CostColumn: return formatBrl(p->cost_cents);
        case StatusColumn: return Describe::plantStatus(p->status);
        case FundedColumn: return formatPercent(p->pledged_cents, p->cost_cents);
        case UtilityColumn: return QString::fromStdString(p->utility);
        case LocationColumn: return QString::fromStdString(p->location);
        }
        break;
    default: break;
    }
    return {};
}

QVariant PlantModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("No.");
    case NameColumn: return tr("Plant");
    case SourceColumn: return tr("Source");
    case CapacityColumn: return tr("Capacity");
    case ClassColumn: return tr("Class");
    case CostColumn: return tr("Cost");
    case StatusColumn: return tr("Status");
    case FundedColumn: return tr("Funded");
    case UtilityColumn: return tr("Utility");
    case LocationColumn: return tr("Location");
    }
    return {};
}

} // namespace models
