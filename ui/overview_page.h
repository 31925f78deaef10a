#pragma once
// The dashboard: my quota and tokens, the group's figures, what awaits me,
// and charts of the quota distribution and of capacity over time.

#include "ui/page.h"

class QChartView;
class QPushButton;

namespace ui {

class ChartPanel;

class OverviewPage : public Page {
    Q_OBJECT
public:
    explicit OverviewPage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Overview"); }
    void refresh() override;
    void retranslateUi() override;
    // The wallet of this folder is locked (its name), or empty: the banner
    // then says so and offers "Unlock wallet…" instead of "watch-only".
    void setWalletLocked(const QString& wallet_name);
    // The banner while my admission is voted: how many Yes it has and needs,
    // with no Yes yet said in words, and when the vote closes.
    static QString admissionVoteText(const chain::Referendum& vote, std::int64_t now_s);

signals:
    void openVotes();
    void openCrowdfunding();
    void unlockRequested();

private:
    // The line above the cards: watch-only, or where my request to join stands.
    void refreshBanner();
    void refreshQuotaChart();
    void refreshCapacityChart();
    void refreshCreditChart();

    QLabel* heading_;
    QLabel* subheading_;
    QLabel* banner_;
    QPushButton* unlock_button_;
    QString locked_wallet_;
    QLabel *quota_caption_, *quota_value_, *quota_detail_;
    QLabel *tokens_caption_, *tokens_value_, *tokens_detail_;
    QLabel *capacity_caption_, *capacity_value_, *capacity_detail_;
    QLabel *members_caption_, *members_value_, *members_detail_;
    QLabel *votes_caption_, *votes_value_, *votes_detail_;
    QLabel *campaigns_caption_, *campaigns_value_, *campaigns_detail_;
    QPushButton* votes_button_;
    QPushButton* campaigns_button_;
    QChartView* quota_chart_;
    // The quota chart, or why there is none yet.
    ChartPanel* quota_panel_;
    QChartView* capacity_chart_;
    ChartPanel* capacity_panel_;
    QChartView* credit_chart_;
    ChartPanel* credit_panel_;
};

} // namespace ui
