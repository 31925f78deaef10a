#pragma once
// The members' public list (names for members' eyes only), people waiting
// for admission, and proposals to remove a member or correct a balance.

#include "ui/page.h"

class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ui {

class MembersPage : public Page {
    Q_OBJECT
public:
    explicit MembersPage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Members"); }
    void refresh() override;
    void retranslateUi() override;

private:
    std::optional<chain::AccountId> selectedMember() const;
    void proposeRemoval();
    void proposeCorrection();
    // Asks before a vote opens; `warning` (the GD III warning of a quota move) follows the question.
    bool confirmReferendum(const QString& change, const QString& warning = {});

    QLabel* heading_;
    QLabel* privacy_;
    QLineEdit* search_;
    QTableView* table_;
    QSortFilterProxyModel* proxy_;
    QPushButton* remove_;
    QPushButton* correct_;
    QLabel* message_;
};

} // namespace ui
