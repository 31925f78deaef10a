#include "models/event_model.h"

#include "models/describe.h"
#include "models/format.h"

namespace models {

void EventModel::setSnapshot(SnapshotPtr snapshot) {
    std::vector<EventRow> rows;
    rows.reserve(snapshot->events.size());
    for (std::size_t i = 0; i < snapshot->events.size(); ++i) rows.push_back({i, snapshot->events[i]});
    applyRows(std::move(snapshot), std::move(rows));
}

QVariant EventModel::data(const QModelIndex& index, int role) const {
    const EventRow* row = rowAt(index.row());
    if (!row || index.column() < 0 || index.column() >= ColumnCount) return {};
    const chain::Event& e = row->event;
    switch (role) {
    case KindRole: return int(e.kind);
    case TimeRole: return QVariant::fromValue<qlonglong>(e.time_s);
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return formatDateTime(e.time_s);
        case KindColumn: return Describe::eventKind(e.kind);
        case DescriptionColumn: return Describe::eventText(e, *snapshot_);
        case HeightColumn: return QVariant::fromValue<qulonglong>(e.height);
        }
        break;
    default: break;
    }
    return {};
}

QVariant EventModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("When");
    case KindColumn: return tr("What");
    case DescriptionColumn: return tr("Details");
    case HeightColumn: return tr("Block");
    }
    return {};
}

} // namespace models
