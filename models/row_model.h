#pragma once
// The template every table model here follows: rows are value copies taken
// from a Snapshot, identified by a stable key. A new snapshot is applied with
// row-level signals (rows removed, rows inserted, the rest dataChanged), so
// views keep their selection and scroll position across blocks.

#include "models/snapshot.h"

#include <QAbstractTableModel>

#include <algorithm>
#include <vector>

namespace models {

template <class Row, class Key>
class RowModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(rows_.size()); }
    const Row* rowAt(int row) const { return row >= 0 && row < int(rows_.size()) ? &rows_[std::size_t(row)] : nullptr; }
    const Snapshot& snapshot() const { return *snapshot_; }

    // Headers and texts are translated when asked for: a language switch only
    // needs views to ask again.
    void retranslate() {
        if (columnCount() > 0) emit headerDataChanged(Qt::Horizontal, 0, columnCount() - 1);
        if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
    }

protected:
    virtual Key keyOf(const Row& row) const = 0;

    void applyRows(SnapshotPtr snapshot, std::vector<Row> rows) {
        snapshot_ = std::move(snapshot);
        // Rows whose key disappeared go first, from the bottom up.
        for (int i = int(rows_.size()) - 1; i >= 0; --i) {
            const Key key = keyOf(rows_[std::size_t(i)]);
            const bool kept = std::any_of(rows.begin(), rows.end(), [&](const Row& r) { return keyOf(r) == key; });
            if (kept) continue;
            beginRemoveRows({}, i, i);
            rows_.erase(rows_.begin() + i);
            endRemoveRows();
        }
        // The survivors keep their order; anything new is appended in the
        // snapshot's order.
        std::vector<Row> added;
        for (Row& r : rows) {
            const Key key = keyOf(r);
            auto existing = std::find_if(rows_.begin(), rows_.end(), [&](const Row& old) { return keyOf(old) == key; });
            if (existing != rows_.end()) *existing = std::move(r);
            else added.push_back(std::move(r));
        }
        if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        if (!added.empty()) {
            beginInsertRows({}, rowCount(), rowCount() + int(added.size()) - 1);
            for (Row& r : added) rows_.push_back(std::move(r));
            endInsertRows();
        }
    }

    SnapshotPtr snapshot_ = std::make_shared<Snapshot>();
    std::vector<Row> rows_;
};

} // namespace models
