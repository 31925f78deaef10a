#include "ui/plants_page.h"

#include "models/describe.h"
#include "models/format.h"
#include "ui/propose_plant_dialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ui {

PlantsPage::PlantsPage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("plantsPage"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    heading_ = makeHeading(this);
    propose_ = new QPushButton(this);
    propose_->setObjectName(QStringLiteral("plantProposeOpen"));
    top->addWidget(heading_);
    top->addStretch();
    top->addWidget(propose_);
    layout->addLayout(top);
    auto* split = new QSplitter(Qt::Vertical, this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(models_->plants());
    proxy_->setSortRole(models::PlantModel::SortRole);
    table_ = new QTableView(split);
    table_->setObjectName(QStringLiteral("plantsTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(models::PlantModel::IdColumn, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(models::PlantModel::NameColumn, QHeaderView::Stretch);
    table_->setAlternatingRowColors(true);
    details_ = new QTextBrowser(split);
    details_->setObjectName(QStringLiteral("plantDetails"));
    split->addWidget(table_);
    split->addWidget(details_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        selected_id_ = current.data(models::PlantModel::IdRole).toULongLong();
        refresh();
    });
    connect(propose_, &QPushButton::clicked, this, [this] {
        ProposePlantDialog dialog(models_, this);
        dialog.exec();
    });
    retranslateUi();
    refresh();
}

void PlantsPage::retranslateUi() {
    heading_->setText(title());
    propose_->setText(tr("&Propose a plant…"));
    table_->setAccessibleName(title());
}

QString PlantsPage::detailsHtml(const chain::Plant& p) const {
    const models::Snapshot& s = models_->snapshot();
    QString html = QStringLiteral("<h3>%1</h3><p>%2 · %3 · %4 · %5 · %6</p>")
                       .arg(QString::fromStdString(p.name).toHtmlEscaped(), models::Describe::plantSource(p.source),
                            models::formatKw(p.capacity_w), models::formatBrl(p.cost_cents),
                            QString::fromStdString(p.location).toHtmlEscaped(), QString::fromStdString(p.utility).toHtmlEscaped());
    // The timeline: each step with its date, the ones still ahead in grey.
    struct Step { QString name; std::int64_t time_s; bool reached; };
    std::vector<Step> steps;
    steps.push_back({tr("Proposed"), p.proposed_at_s, true});
    if (p.status == chain::PlantStatus::Rejected) steps.push_back({tr("Rejected by vote"), p.closed_at_s, true});
    else {
        steps.push_back({tr("Crowdfunding"), p.campaign_opened_at_s, p.campaign_opened_at_s > 0});
        if (p.status == chain::PlantStatus::Failed) steps.push_back({tr("Funding failed"), p.closed_at_s, true});
        else {
            steps.push_back({tr("Building"), p.funded_at_s, p.funded_at_s > 0});
            steps.push_back({tr("Operating"), p.operating_at_s, p.status == chain::PlantStatus::Operating || p.status == chain::PlantStatus::Removed});
            if (p.status == chain::PlantStatus::Removed) steps.push_back({tr("Removed"), p.closed_at_s, true});
        }
    }
    html += QStringLiteral("<p><b>%1</b></p><table cellpadding='3'>").arg(tr("Timeline"));
    for (const Step& step : steps) {
        const QString when = step.time_s > 0 ? models::formatDate(step.time_s) : tr("not yet");
        const QString mark = step.reached ? QStringLiteral("●") : QStringLiteral("○");
        html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3%4</td></tr>")
                    .arg(mark, step.name.toHtmlEscaped(), when,
                         !step.reached && step.time_s > 0 ? tr(" (planned)") : QString());
    }
    html += QStringLiteral("</table>");
    if (p.status == chain::PlantStatus::Campaign || !p.pledges_cents.empty()) {
        html += QStringLiteral("<p><b>%1</b> %2</p>")
                    .arg(tr("Funders"), tr("%1 pledged of %2").arg(models::formatBrl(p.pledged_cents), models::formatBrl(p.cost_cents)));
    }
    if (!p.pledges_cents.empty()) {
        html += QStringLiteral("<table cellpadding='3'>");
        for (const auto& [account, cents] : p.pledges_cents) {
            const auto quota = p.allocated_quota_w.find(account);
            html += QStringLiteral("<tr><td>%1</td><td align='right'>%2</td><td>%3</td></tr>")
                        .arg(s.display_name(account).toHtmlEscaped(), models::formatBrl(cents),
                             quota != p.allocated_quota_w.end() ? tr("received %1 of quota").arg(models::formatKw(quota->second)) : QString());
        }
        html += QStringLiteral("</table>");
    } else if (!p.allocated_quota_w.empty()) {
        html += QStringLiteral("<p><b>%1</b></p><table cellpadding='3'>").arg(tr("Funders"));
        for (const auto& [account, quota_w] : p.allocated_quota_w)
            html += QStringLiteral("<tr><td>%1</td><td>%2</td></tr>")
                        .arg(s.display_name(account).toHtmlEscaped(), tr("received %1 of quota").arg(models::formatKw(quota_w)));
        html += QStringLiteral("</table>");
    }
    return html;
}

void PlantsPage::refresh() {
    propose_->setEnabled(actionsEnabled() && models_->summary()->isMember());
    propose_->setToolTip(!actionsEnabled() ? actionsDisabledReason()
                                           : (models_->summary()->isMember() ? QString() : tr("Only members can propose plants.")));
    if (!selected_id_ && proxy_->rowCount() > 0) {
        table_->setCurrentIndex(proxy_->index(0, models::PlantModel::NameColumn));
        return;
    }
    const chain::Plant* p = models_->plants()->rowAt(models_->plants()->rowOf(selected_id_));
    details_->setHtml(p ? detailsHtml(*p) : tr("No plant yet. Propose the first one."));
}

} // namespace ui
