#pragma once
// Every plant: the table, the selected plant's timeline and funders, and the
// form to propose a new one.

#include "ui/page.h"

class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTextBrowser;

namespace ui {

class PlantsPage : public Page {
    Q_OBJECT
public:
    explicit PlantsPage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Power plants"); }
    void refresh() override;
    void retranslateUi() override;

private:
    QString detailsHtml(const chain::Plant& plant) const;

    QLabel* heading_;
    QPushButton* propose_;
    QTableView* table_;
    QSortFilterProxyModel* proxy_;
    QTextBrowser* details_;
    std::uint64_t selected_id_ = 0;
};

} // namespace ui
