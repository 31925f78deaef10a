#pragma once
// The event feed: everything that happened, newest first.

#include "models/snapshot.h"

#include <QAbstractTableModel>

#include <span>

namespace models {

// The rows are the snapshot's own events, not copies. Events are only ever
// appended and a snapshot carries the newest kSnapshotEventsMax, so a new
// snapshot's events are a tail of the rows shown followed by new ones: it is
// applied as one removal at the top and one insertion at the bottom, and views
// keep their selection and scroll position.
class EventModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, DescriptionColumn, HeightColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, TimeRole };

    using QAbstractTableModel::QAbstractTableModel;
    void setSnapshot(SnapshotPtr snapshot);
    // Headers and texts are translated when asked for: views only need to ask again.
    void retranslate();

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(row_count_); }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    const chain::Event* eventAt(int row) const;

private:
    // The rows are snapshot_->events[first_row_event_ .. first_row_event_ + row_count_).
    SnapshotPtr snapshot_ = std::make_shared<Snapshot>();
    std::size_t first_row_event_ = 0;
    std::size_t row_count_ = 0;
};

// How many of `shown` (from the top) a snapshot whose events are `fresh` drops:
// the least count whose remaining rows begin `fresh`; all of them when none does.
std::size_t eventsDropped(std::span<const chain::Event> shown, std::span<const chain::Event> fresh);

} // namespace models
