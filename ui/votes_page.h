#pragma once
// Referendums in plain language: the open ones first, with the deadline
// countdown, the tally against the pass threshold, and Yes / No.

#include "ui/page.h"

class QCheckBox;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace ui {

class VotesPage : public Page {
    Q_OBJECT
public:
    explicit VotesPage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Votes"); }
    void refresh() override;
    void retranslateUi() override;
    // Selects the referendum (for notifications and tests).
    void select(std::uint64_t referendum_id);
    // Who voted, in words: "Nobody has voted yet; 3 members can vote.",
    // "Yes: 1 · No: 0 · All 1 member voted" ("The only member voted").
    static QString tallyText(const chain::Referendum& r);

private:
    const chain::Referendum* selected() const;
    void vote(bool yes);

    QLabel* heading_;
    QCheckBox* show_closed_;
    QTableView* table_;
    QSortFilterProxyModel* proxy_;
    QLabel* subject_;
    QLabel* deadline_;
    QLabel* standing_; // a result the ballots already settle, and when it takes effect
    QLabel* tally_label_;
    QProgressBar* tally_bar_;
    QLabel* rule_;
    QLabel* my_vote_;
    QPushButton* yes_button_;
    QPushButton* no_button_;
    QLabel* message_;
    std::uint64_t selected_id_ = 0;
};

} // namespace ui
