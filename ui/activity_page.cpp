#include "ui/activity_page.h"

#include "models/describe.h"
#include "ui/action.h"
#include "ui/chart_axes.h"

#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTextStream>
#include <QVBoxLayout>

namespace ui {

namespace {
// Rows whose text sizes the columns (Qt's default measures 1,000 of them).
constexpr int kColumnFitRows = 100;
} // namespace

class EventFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QString text;
    int kind = 0; // 0 = every kind
    std::int64_t from_s = 0;
    std::int64_t to_s = 0; // 0 = no upper bound

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        if (kind && i.data(models::EventModel::KindRole).toInt() != kind) return false;
        const std::int64_t time_s = i.data(models::EventModel::TimeRole).toLongLong();
        if (time_s < from_s || (to_s && time_s >= to_s)) return false;
        if (text.isEmpty()) return true;
        const QString description = sourceModel()->index(row, models::EventModel::DescriptionColumn, parent).data().toString();
        const QString what = sourceModel()->index(row, models::EventModel::KindColumn, parent).data().toString();
        return description.contains(text, Qt::CaseInsensitive) || what.contains(text, Qt::CaseInsensitive);
    }
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        // Newest first, and within a block in the order things happened.
        return left.row() < right.row();
    }
};

ActivityPage::ActivityPage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("activityPage"));
    auto* layout = new QVBoxLayout(this);
    heading_ = makeHeading(this);
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("activitySearch"));
    search_->setClearButtonEnabled(true);
    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("activityKind"));
    from_label_ = new QLabel(this);
    to_label_ = new QLabel(this);
    from_ = new QDateEdit(this);
    from_->setObjectName(QStringLiteral("activityFrom"));
    from_->setCalendarPopup(true);
    to_ = new QDateEdit(this);
    to_->setObjectName(QStringLiteral("activityTo"));
    to_->setCalendarPopup(true);
    from_label_->setBuddy(from_);
    to_label_->setBuddy(to_);
    export_ = new QPushButton(this);
    export_->setObjectName(QStringLiteral("activityExport"));
    auto* filters = new QHBoxLayout;
    filters->addWidget(search_, 2);
    filters->addWidget(kind_, 1);
    filters->addWidget(from_label_);
    filters->addWidget(from_);
    filters->addWidget(to_label_);
    filters->addWidget(to_);
    filters->addWidget(export_);
    filter_ = new EventFilter(this);
    filter_->setSourceModel(models_->events());
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("activityTable"));
    table_->setModel(filter_);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(models::EventModel::DescriptionColumn, QHeaderView::Stretch);
    // Columns fit the newest rows only: measuring the text of every row (up to
    // kSnapshotEventsMax) was most of the start-up time of a long history
    // (docs/PERFORMANCE.md, desktop start).
    table_->horizontalHeader()->setResizeContentsPrecision(kColumnFitRows);
    table_->setAlternatingRowColors(true);
    table_->setSortingEnabled(false);
    filter_->sort(0, Qt::DescendingOrder);
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("activityMessage"));
    message_->hide();
    history_note_ = new QLabel(this);
    history_note_->setObjectName(QStringLiteral("activityHistoryNote"));
    history_note_->setWordWrap(true);
    history_note_->hide();
    layout->addWidget(heading_);
    layout->addLayout(filters);
    layout->addWidget(table_, 1);
    layout->addWidget(history_note_);
    layout->addWidget(message_);
    connect(search_, &QLineEdit::textChanged, this, &ActivityPage::applyFilters);
    connect(kind_, &QComboBox::currentIndexChanged, this, &ActivityPage::applyFilters);
    connect(from_, &QDateEdit::dateChanged, this, &ActivityPage::applyFilters);
    connect(to_, &QDateEdit::dateChanged, this, &ActivityPage::applyFilters);
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString path = chooseSavePath(tr("Export activity"), QStringLiteral("rateio-activity.csv"), tr("CSV files (*.csv)"));
        if (path.isEmpty()) return;
        QString error;
        if (exportCsv(path, &error)) showSuccess(message_, tr("Saved %1.").arg(path));
        else showError(message_, tr("Could not save the file: %1").arg(error));
    });
    retranslateUi();
    refresh();
}

void ActivityPage::retranslateUi() {
    heading_->setText(title());
    search_->setPlaceholderText(tr("Search the activity"));
    search_->setAccessibleName(tr("Search the activity"));
    // Wide enough for its example in every language and at every scale.
    constexpr int kLineEditFrame_px = 16;
    search_->setMinimumWidth(search_->fontMetrics().horizontalAdvance(search_->placeholderText()) + kLineEditFrame_px);
    table_->setAccessibleName(title());
    from_label_->setText(tr("&From"));
    to_label_->setText(tr("&To"));
    export_->setText(tr("&Export CSV…"));
    refreshKinds();
    refreshHistoryNote();
}

void ActivityPage::refreshKinds() {
    const int current = kind_->currentData().toInt();
    const QSignalBlocker block(kind_);
    kind_->clear();
    kind_->addItem(tr("Everything"), 0);
    for (std::uint16_t k = 1; k <= chain::kEventKindLast; ++k) {
        const auto kind = chain::EventKind(k);
        if (kind == chain::EventKind::DataKeyShared || kind == chain::EventKind::DataKeyRotated) continue;
        kind_->addItem(models::Describe::eventKind(kind), int(k));
    }
    kind_->setCurrentIndex(std::max(0, kind_->findData(current)));
}

void ActivityPage::refresh() {
    const models::Snapshot& s = models_->snapshot();
    if (!dates_initialised_ && !s.events.empty()) {
        dates_initialised_ = true;
        const QSignalBlocker a(from_), b(to_);
        from_->setDate(QDateTime::fromSecsSinceEpoch(s.events.front().time_s).date());
        to_->setDate(QDateTime::fromSecsSinceEpoch(std::max(s.now_s, s.events.back().time_s)).date());
        applyFilters();
    }
    filter_->sort(0, Qt::DescendingOrder);
    refreshHistoryNote();
}

// A computer that joined from a verified copy of the group's state (state
// sync) holds the activity since then only; the table would otherwise look
// like the group's whole life.
void ActivityPage::refreshHistoryNote() {
    const models::Snapshot& s = models_->snapshot();
    history_note_->setVisible(s.history_from > 1);
    if (s.history_from <= 1) return;
    history_note_->setText(tr("This computer started from a verified copy of the group's records as they were on "
                              "%1. The activity before that is being fetched from the other members' computers and "
                              "checked; it appears here as it arrives.")
                               .arg(charts::dayInWords(s.history_start_time_s)));
}

void ActivityPage::applyFilters() {
    filter_->text = search_->text().trimmed();
    filter_->kind = kind_->currentData().toInt();
    filter_->from_s = from_->date().startOfDay().toSecsSinceEpoch();
    filter_->to_s = to_->date().addDays(1).startOfDay().toSecsSinceEpoch();
    filter_->invalidate();
}

bool ActivityPage::exportCsv(const QString& path, QString* error) const {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text)) {
        *error = file.errorString();
        return false;
    }
    QTextStream out(&file);
    auto field = [](QString text) {
        text.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + text + QLatin1Char('"');
    };
    QStringList header;
    for (int c = 0; c < filter_->columnCount(); ++c) header << field(filter_->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString());
    out << header.join(QLatin1Char(',')) << '\n';
    for (int r = 0; r < filter_->rowCount(); ++r) {
        QStringList row;
        for (int c = 0; c < filter_->columnCount(); ++c) row << field(filter_->index(r, c).data().toString());
        out << row.join(QLatin1Char(',')) << '\n';
    }
    return true;
}

} // namespace ui
