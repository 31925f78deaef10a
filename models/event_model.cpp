#include "models/event_model.h"

#include "models/describe.h"
#include "models/format.h"

#include <algorithm>

namespace models {

std::size_t eventsDropped(std::span<const chain::Event> shown, std::span<const chain::Event> fresh) {
    if (fresh.empty()) return shown.size();
    for (std::size_t dropped = 0; dropped < shown.size(); ++dropped) {
        // Events are in (height, order in block) order: none below fresh's first height survives.
        if (shown[dropped].height < fresh.front().height) continue;
        const std::size_t kept = shown.size() - dropped;
        if (kept <= fresh.size() && std::equal(shown.begin() + std::ptrdiff_t(dropped), shown.end(), fresh.begin())) return dropped;
        if (shown[dropped].height > fresh.front().height) break;
    }
    return shown.size();
}

void EventModel::setSnapshot(SnapshotPtr snapshot) {
    const std::span<const chain::Event> shown(snapshot_->events.data() + first_row_event_, row_count_);
    const std::size_t dropped = eventsDropped(shown, snapshot->events);
    if (dropped > 0) {
        beginRemoveRows({}, 0, int(dropped) - 1);
        first_row_event_ += dropped;
        row_count_ -= dropped;
        endRemoveRows();
    }
    // The rows left are the new snapshot's first ones.
    snapshot_ = std::move(snapshot);
    first_row_event_ = 0;
    // Descriptions name members, and a name can change with any block.
    if (row_count_ > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    const std::size_t added = snapshot_->events.size() - row_count_;
    if (added == 0) return;
    beginInsertRows({}, rowCount(), rowCount() + int(added) - 1);
    row_count_ += added;
    endInsertRows();
}

void EventModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (row_count_ > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

const chain::Event* EventModel::eventAt(int row) const {
    if (row < 0 || std::size_t(row) >= row_count_) return nullptr;
    return &snapshot_->events[first_row_event_ + std::size_t(row)];
}

QVariant EventModel::data(const QModelIndex& index, int role) const {
    const chain::Event* event = eventAt(index.row());
    if (!event || index.column() < 0 || index.column() >= ColumnCount) return {};
    const chain::Event& e = *event;
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
    if (orientation != Qt::Horizontal) return {};
    // The block number is a technical detail: its header says in plain words what it is.
    if (role == Qt::ToolTipRole && section == HeightColumn)
        return tr("The number of the page (block) of the group's shared record this is written on.");
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("When");
    case KindColumn: return tr("What");
    case DescriptionColumn: return tr("Details");
    case HeightColumn: return tr("Record no.");
    }
    return {};
}

} // namespace models
