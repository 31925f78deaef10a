#pragma once
// Sending quota and tokens to a member picked by name, offers to answer or
// cancel, and the trade history.

#include "ui/page.h"

class QComboBox;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;

namespace ui {

class TradePage : public Page {
    Q_OBJECT
public:
    explicit TradePage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Trade"); }
    void refresh() override;
    void retranslateUi() override;

private:
    void send();
    void makeOffer();
    void answerSelected(QTableView* table, int action);
    bool confirmAnswer(std::uint64_t offer_id, int action);
    void refreshRecipients();
    std::optional<chain::AccountId> pickedMember(QComboBox* combo) const;

    QLabel* heading_;
    QLabel* balances_;
    QLabel *send_title_, *send_to_label_, *send_quota_label_, *send_tokens_label_;
    QComboBox* recipient_;
    QLineEdit* quota_;
    QLineEdit* tokens_;
    QPushButton* send_button_;
    QLabel* send_message_;

    QLabel *offer_title_, *offer_to_label_, *offer_side_label_, *offer_quota_label_, *offer_price_label_, *offer_days_label_;
    QComboBox* offer_to_;
    QComboBox* offer_side_;
    QLineEdit* offer_quota_;
    QLineEdit* offer_price_;
    QSpinBox* offer_days_;
    QPushButton* offer_button_;
    QLabel* offer_message_;

    QLabel *incoming_title_, *mine_title_, *history_title_;
    QTableView* incoming_;
    QTableView* mine_;
    QTableView* history_;
    QPushButton *accept_, *decline_, *cancel_;
    QLabel* offers_message_;
};

} // namespace ui
