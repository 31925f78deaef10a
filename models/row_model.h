#pragma once
// The template every table model here follows: rows are value copies taken
// from a Snapshot, identified by a stable key. A new snapshot is applied with
// row-level signals (rows removed, rows inserted, the rest dataChanged), so
// views keep their selection and scroll position across blocks.

#include "models/snapshot.h"

#include <QAbstractTableModel>

#include <algorithm>
#include <map>
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
        // Keys are found through a map: comparing every row with every other
        // cost 10^8 key comparisons a block with 10,000 members.
        std::map<Key, std::size_t> incoming;
        for (std::size_t i = 0; i < rows.size(); ++i) incoming.emplace(keyOf(rows[i]), i);
        removeRowsNotIn(incoming);
        // The survivors keep their order; anything new is appended in the
        // snapshot's order.
        std::vector<bool> placed(rows.size(), false);
        for (Row& old : rows_) {
            const std::size_t from = incoming.find(keyOf(old))->second;
            old = std::move(rows[from]);
            placed[from] = true;
        }
        if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
        const auto added = std::size_t(std::count(placed.begin(), placed.end(), false));
        if (added == 0) return;
        beginInsertRows({}, rowCount(), rowCount() + int(added) - 1);
        rows_.reserve(rows_.size() + added);
        for (std::size_t i = 0; i < rows.size(); ++i)
            if (!placed[i]) rows_.push_back(std::move(rows[i]));
        endInsertRows();
    }

    SnapshotPtr snapshot_ = std::make_shared<Snapshot>();
    std::vector<Row> rows_;

private:
    // Rows whose key is not in `kept` go, each run of neighbours in one signal,
    // from the bottom up so that the rows above keep their numbers.
    void removeRowsNotIn(const std::map<Key, std::size_t>& kept) {
        auto gone = [&](int row) { return !kept.contains(keyOf(rows_[std::size_t(row)])); };
        for (int last = int(rows_.size()) - 1; last >= 0; --last) {
            if (!gone(last)) continue;
            int first = last;
            while (first > 0 && gone(first - 1)) --first;
            beginRemoveRows({}, first, last);
            rows_.erase(rows_.begin() + first, rows_.begin() + last + 1);
            endRemoveRows();
            last = first;
        }
    }
};

} // namespace models
