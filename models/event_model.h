#pragma once
// The event feed: everything that happened, newest first.

#include "models/row_model.h"

namespace models {

// Events have no id of their own; their place in the feed is one.
struct EventRow {
    std::size_t sequence = 0;
    chain::Event event;
};

class EventModel : public RowModel<EventRow, std::size_t> {
    Q_OBJECT
public:
    enum Column { TimeColumn, KindColumn, DescriptionColumn, HeightColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, TimeRole };

    using RowModel::RowModel;
    void setSnapshot(SnapshotPtr snapshot);
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    std::size_t keyOf(const EventRow& e) const override { return e.sequence; }
};

} // namespace models
