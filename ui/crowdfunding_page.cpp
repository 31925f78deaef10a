#include "ui/crowdfunding_page.h"

#include "models/describe.h"
#include "models/format.h"
#include "ui/action.h"
#include "ui/theme.h"

#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace ui {

class CampaignCard : public QFrame {
public:
    CampaignCard(GroupModels* models, std::uint64_t plant_id, QWidget* parent) : QFrame(parent), models_(models), plant_id_(plant_id) {
        const QString id = QString::number(plant_id);
        setObjectName(QStringLiteral("campaignCard_") + id);
        setFrameShape(QFrame::StyledPanel);
        // Explicit colours from the current palette, renewed at each theme switch.
        followPalette(this, [id](const QPalette& p) {
            return QStringLiteral("QFrame#campaignCard_%1 { border: 1px solid %2; border-radius: 8px; background: %3; }")
                .arg(id, p.color(QPalette::Mid).name(), p.color(QPalette::Base).name());
        });
        auto* grid = new QGridLayout(this);
        name_ = new QLabel(this);
        QFont font = name_->font();
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 1.2);
        name_->setFont(font);
        facts_ = new QLabel(this);
        progress_ = new QProgressBar(this);
        progress_->setObjectName(QStringLiteral("campaignProgress_") + id);
        progress_->setRange(0, 1000);
        raised_ = new QLabel(this);
        raised_->setObjectName(QStringLiteral("campaignRaised_") + id);
        deadline_ = new QLabel(this);
        mine_ = new QLabel(this);
        mine_->setObjectName(QStringLiteral("campaignMine_") + id);
        amount_ = new QLineEdit(this);
        amount_->setObjectName(QStringLiteral("pledgeAmount_") + id);
        amount_->setMaximumWidth(180);
        pledge_ = new QPushButton(this);
        pledge_->setObjectName(QStringLiteral("pledgeButton_") + id);
        withdraw_ = new QPushButton(this);
        withdraw_->setObjectName(QStringLiteral("withdrawButton_") + id);
        message_ = new QLabel(this);
        message_->setObjectName(QStringLiteral("pledgeMessage_") + id);
        message_->setWordWrap(true);
        message_->hide();
        grid->addWidget(name_, 0, 0, 1, 4);
        grid->addWidget(facts_, 1, 0, 1, 4);
        grid->addWidget(progress_, 2, 0, 1, 4);
        grid->addWidget(raised_, 3, 0, 1, 2);
        grid->addWidget(deadline_, 3, 2, 1, 2, Qt::AlignRight);
        grid->addWidget(mine_, 4, 0, 1, 4);
        auto* row = new QHBoxLayout;
        row->addWidget(amount_);
        row->addWidget(pledge_);
        row->addWidget(withdraw_);
        row->addStretch();
        grid->addLayout(row, 5, 0, 1, 4);
        grid->addWidget(message_, 6, 0, 1, 4);
        connect(pledge_, &QPushButton::clicked, this, [this] { placePledge(); });
        connect(amount_, &QLineEdit::returnPressed, this, [this] { placePledge(); });
        connect(withdraw_, &QPushButton::clicked, this, [this] {
            if (!confirmWithdrawal()) return;
            submitAction(models_->client(), chain::WithdrawPledge{plant_id_}, message_, withdraw_,
                         CrowdfundingPage::tr("Your pledge was withdrawn."));
        });
    }

    // Only the first card's buttons carry Alt+letters: the same letter on
    // every card would only move between them. The others are reached with Tab.
    void refresh(bool actions_enabled, const QString& reason, bool with_mnemonics) {
        const int row = models_->plants()->rowOf(plant_id_);
        const chain::Plant* p = models_->plants()->rowAt(row);
        if (!p) return;
        const std::uint64_t mine = models_->plants()->myPledgeCents(*p);
        const std::uint64_t missing = p->cost_cents - std::min(p->cost_cents, p->pledged_cents);
        const models::Snapshot& s = models_->snapshot();
        name_->setText(QString::fromStdString(p->name));
        facts_->setText(CrowdfundingPage::tr("%1 · %2 · %3 · %4")
                            .arg(models::Describe::plantSource(p->source), models::formatKw(p->capacity_w),
                                 QString::fromStdString(p->location), QString::fromStdString(p->utility)));
        progress_->setValue(p->cost_cents ? int(p->pledged_cents * 1000 / p->cost_cents) : 0);
        raised_->setText(CrowdfundingPage::tr("%1 pledged of %2 · %3 still missing")
                             .arg(models::formatBrl(p->pledged_cents), models::formatBrl(p->cost_cents), models::formatBrl(missing)));
        deadline_->setText(CrowdfundingPage::tr("Closes in %1").arg(models::formatRemaining(p->campaign_deadline_s - s.now_s)));
        mine_->setText(mine ? CrowdfundingPage::tr("My pledge: %1").arg(models::formatBrl(mine))
                            : CrowdfundingPage::tr("You have not pledged. The minimum is %1.").arg(models::formatBrl(s.summary.params.bid_min_cents)));
        amount_->setPlaceholderText(CrowdfundingPage::tr("Amount in R$"));
        amount_->setAccessibleName(CrowdfundingPage::tr("Amount to pledge to %1, in R$").arg(name_->text()));
        progress_->setAccessibleName(CrowdfundingPage::tr("Funding of %1").arg(name_->text()));
        const auto label = [with_mnemonics](QString text) { return with_mnemonics ? text : text.remove(QLatin1Char('&')); };
        pledge_->setText(label(mine ? CrowdfundingPage::tr("&Change pledge") : CrowdfundingPage::tr("&Pledge")));
        withdraw_->setText(label(CrowdfundingPage::tr("&Withdraw")));
        withdraw_->setVisible(mine > 0);
        pledge_->setEnabled(actions_enabled);
        withdraw_->setEnabled(actions_enabled);
        pledge_->setToolTip(actions_enabled ? QString() : reason);
    }

private:
    void placePledge() {
        const int row = models_->plants()->rowOf(plant_id_);
        const chain::Plant* p = models_->plants()->rowAt(row);
        if (!p) return;
        const models::ParsedAmount amount = models::parseBrl(amount_->text());
        if (!amount.ok()) {
            showError(message_, amount.error);
            return;
        }
        // The same checks the ledger makes, said before anything is sent.
        const std::uint64_t missing = p->cost_cents - std::min(p->cost_cents, p->pledged_cents) + models_->plants()->myPledgeCents(*p);
        const std::uint64_t minimum = models_->snapshot().summary.params.bid_min_cents;
        if (*amount.value < minimum) {
            showError(message_, CrowdfundingPage::tr("The minimum pledge is %1.").arg(models::formatBrl(minimum)));
            return;
        }
        if (*amount.value > missing) {
            showError(message_, CrowdfundingPage::tr("Only %1 is still missing; pledge at most that.").arg(models::formatBrl(missing)));
            return;
        }
        if (!confirmPledge(*p, *amount.value, missing)) return;
        submitAction(models_->client(), chain::PlacePledge{plant_id_, *amount.value}, message_, pledge_,
                     CrowdfundingPage::tr("Your pledge of %1 is recorded.").arg(models::formatBrl(*amount.value)),
                     [this] { amount_->clear(); });
    }

    // Says what the pledge does, with the amounts and the plant's name, and
    // what stays possible afterwards; true only on an explicit Yes.
    bool confirmPledge(const chain::Plant& p, std::uint64_t amount_cents, std::uint64_t missing_cents) {
        const std::uint64_t mine = models_->plants()->myPledgeCents(p);
        const QString plant = QString::fromStdString(p.name);
        QString question = mine ? CrowdfundingPage::tr("Change your pledge to %1 from %2 to %3?")
                                      .arg(plant, models::formatBrl(mine), models::formatBrl(amount_cents))
                                : CrowdfundingPage::tr("Pledge %1 to %2?").arg(models::formatBrl(amount_cents), plant);
        // The pledge that reaches the cost closes the campaign at once: nothing can be changed after it.
        question += QLatin1Char(' ') + (amount_cents == missing_cents
                                            ? CrowdfundingPage::tr("This completes the cost: the campaign closes at once and the "
                                                                   "pledge can no longer be changed or withdrawn.")
                                            : CrowdfundingPage::tr("You can change or withdraw it while the campaign is open."));
        return confirm(this, CrowdfundingPage::tr("Confirm your pledge"), question);
    }

    bool confirmWithdrawal() {
        const chain::Plant* p = models_->plants()->rowAt(models_->plants()->rowOf(plant_id_));
        if (!p) return false;
        return confirm(this, CrowdfundingPage::tr("Withdraw your pledge"),
                       CrowdfundingPage::tr("Withdraw your pledge of %1 from %2? You can pledge again while the campaign is open.")
                           .arg(models::formatBrl(models_->plants()->myPledgeCents(*p)), QString::fromStdString(p->name)));
    }

    GroupModels* models_;
    std::uint64_t plant_id_;
    QLabel *name_, *facts_, *raised_, *deadline_, *mine_, *message_;
    QProgressBar* progress_;
    QLineEdit* amount_;
    QPushButton *pledge_, *withdraw_;
};

CrowdfundingPage::CrowdfundingPage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("crowdfundingPage"));
    auto* layout = new QVBoxLayout(this);
    heading_ = makeHeading(this);
    intro_ = new QLabel(this);
    intro_->setWordWrap(true);
    layout->addWidget(heading_);
    layout->addWidget(intro_);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* inner = new QWidget(scroll);
    cards_layout_ = new QVBoxLayout(inner);
    empty_ = new QLabel(inner);
    cards_layout_->addWidget(empty_);
    cards_layout_->addStretch();
    scroll->setWidget(inner);
    layout->addWidget(scroll, 1);
    retranslateUi();
    refresh();
}

void CrowdfundingPage::retranslateUi() {
    heading_->setText(title());
    intro_->setText(tr("Members of the plant's utility pledge money to build it. When the pledges reach the cost the "
                       "campaign closes, and each funder later receives quota and tokens in proportion to their pledge. "
                       "Payment happens outside the app; the group's shared record keeps the pledges."));
    empty_->setText(tr("No campaign is open. A plant approved by vote opens one."));
}

void CrowdfundingPage::refresh() {
    std::set<std::uint64_t> open;
    for (const chain::Plant& p : models_->snapshot().plants)
        if (p.status == chain::PlantStatus::Campaign) open.insert(p.id);
    for (auto it = cards_.begin(); it != cards_.end();) {
        if (open.count(it->first)) {
            ++it;
            continue;
        }
        it->second->deleteLater();
        it = cards_.erase(it);
    }
    for (std::uint64_t id : open) {
        if (!cards_.count(id)) {
            auto* card = new CampaignCard(models_, id, this);
            cards_layout_->insertWidget(cards_layout_->count() - 1, card);
            cards_[id] = card;
        }
        // Cards are laid out in the order of their ids: the first one is the lowest.
        cards_[id]->refresh(actionsEnabled(), actionsDisabledReason(), /*with_mnemonics=*/id == *open.begin());
    }
    empty_->setVisible(open.empty());
}

} // namespace ui
