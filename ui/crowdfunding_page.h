#pragma once
// Open campaigns, one card each: progress, deadline, my pledge, and the
// pledge / change / withdraw actions.

#include "ui/page.h"

#include <map>

class QVBoxLayout;

namespace ui {

class CampaignCard;

class CrowdfundingPage : public Page {
    Q_OBJECT
public:
    explicit CrowdfundingPage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Crowdfunding"); }
    void refresh() override;
    void retranslateUi() override;

private:
    QLabel* heading_;
    QLabel* intro_;
    QLabel* empty_;
    QVBoxLayout* cards_layout_;
    // Cards stay while their campaign is open, so typing survives new blocks.
    std::map<std::uint64_t, CampaignCard*> cards_;
};

} // namespace ui
