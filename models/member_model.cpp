#include "models/member_model.h"

#include "models/format.h"

#include <QByteArray>
#include <QFont>

namespace models {

void MemberModel::setSnapshot(SnapshotPtr snapshot) {
    std::vector<chain::Member> rows = snapshot->members;
    applyRows(std::move(snapshot), std::move(rows));
}

int MemberModel::rowOf(const chain::AccountId& account) const {
    for (int i = 0; i < rowCount(); ++i)
        if (rows_[std::size_t(i)].account == account) return i;
    return -1;
}

QVariant MemberModel::data(const QModelIndex& index, int role) const {
    const chain::Member* m = rowAt(index.row());
    if (!m || index.column() < 0 || index.column() >= ColumnCount) return {};
    const Snapshot& s = *snapshot_;
    switch (role) {
    case AccountRole: return QByteArray(reinterpret_cast<const char*>(m->account.data()), int(m->account.size()));
    case QuotaWRole: return QVariant::fromValue<qulonglong>(m->quota_w);
    case TokensMsbRole: return QVariant::fromValue<qulonglong>(m->tokens_msb);
    case IsMeRole: return s.has_identity && s.me == m->account;
    case Qt::ToolTipRole: return full_address(m->account);
    case Qt::FontRole:
        if (s.has_identity && s.me == m->account) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        return index.column() >= QuotaColumn && index.column() <= TokensColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case SortRole:
        switch (index.column()) {
        case QuotaColumn:
        case QuotaPercentColumn: return QVariant::fromValue<qulonglong>(m->quota_w);
        case TokensColumn: return QVariant::fromValue<qulonglong>(m->tokens_msb);
        case AdmittedColumn: return QVariant::fromValue<qlonglong>(m->admitted_at_s);
        default: break;
        }
        [[fallthrough]];
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return s.display_name(m->account);
        case UtilityColumn: return QString::fromStdString(m->utility);
        case QuotaColumn: return formatKw(m->quota_w);
        case QuotaPercentColumn: return formatPercent(m->quota_w, s.summary.capacity_w);
        case TokensColumn: return formatSeb(m->tokens_msb, QString::fromStdString(s.summary.token_symbol));
        case AdmittedColumn: return formatDate(m->admitted_at_s);
        }
        break;
    default: break;
    }
    return {};
}

QVariant MemberModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn: return tr("Member");
    case UtilityColumn: return tr("Utility");
    case QuotaColumn: return tr("Quota");
    case QuotaPercentColumn: return tr("Share");
    case TokensColumn: return tr("Tokens");
    case AdmittedColumn: return tr("Member since");
    }
    return {};
}

} // namespace models
