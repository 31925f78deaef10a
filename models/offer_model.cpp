#include "models/offer_model.h"

#include "models/describe.h"
#include "models/format.h"

namespace models {

void OfferModel::setSnapshot(SnapshotPtr snapshot) {
    std::vector<chain::Offer> rows = snapshot->offers;
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
    applyRows(std::move(snapshot), std::move(rows));
}

QVariant OfferModel::data(const QModelIndex& index, int role) const {
    const chain::Offer* o = rowAt(index.row());
    if (!o || index.column() < 0 || index.column() >= ColumnCount) return {};
    const Snapshot& s = *snapshot_;
    const QString symbol = QString::fromStdString(s.summary.token_symbol);
    switch (role) {
    case IdRole: return QVariant::fromValue<qulonglong>(o->id);
    case StatusRole: return int(o->status);
    case IncomingRole: return s.has_identity && o->counterparty == s.me;
    case MineRole: return s.has_identity && o->maker == s.me;
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn: return QVariant::fromValue<qulonglong>(o->id);
        case FromColumn: return s.display_name(o->maker);
        case ToColumn: return s.display_name(o->counterparty);
        case WhatColumn:
            return o->side == chain::OfferSide::SellQuota ? tr("Sells %1 of quota").arg(formatKw(o->quota_w))
                                                          : tr("Buys %1 of quota").arg(formatKw(o->quota_w));
        case PriceColumn: return formatSeb(o->price_msb, symbol);
        case ExpiresColumn: return formatDateTime(o->expires_at_s);
        case StatusColumn: return Describe::offerStatus(o->status);
        }
        break;
    default: break;
    }
    return {};
}

QVariant OfferModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("No.");
    case FromColumn: return tr("From");
    case ToColumn: return tr("To");
    case WhatColumn: return tr("Offer");
    case PriceColumn: return tr("Price");
    case ExpiresColumn: return tr("Expires");
    case StatusColumn: return tr("Status");
    }
    return {};
}

} // namespace models
