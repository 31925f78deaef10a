#pragma once
// Quota offers between members: incoming, mine and the history.

#include "models/row_model.h"

namespace models {

class OfferModel : public RowModel<chain::Offer, std::uint64_t> {
    Q_OBJECT
public:
    enum Column { IdColumn, FromColumn, ToColumn, WhatColumn, PriceColumn, ExpiresColumn, StatusColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StatusRole, IncomingRole, MineRole };

    using RowModel::RowModel;
    void setSnapshot(SnapshotPtr snapshot);
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : ColumnCount; }
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    std::uint64_t keyOf(const chain::Offer& o) const override { return o.id; }
};

} // namespace models
