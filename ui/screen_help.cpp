#include "ui/screen_help.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace ui {

namespace {

// Wide enough for a paragraph to read comfortably, narrow enough for 1280×720 at 150 %.
constexpr int kHelpWidth_px = 520;

} // namespace

// No default: a screen added to ui/screens.h fails to compile here
// (-Werror=switch) until it has its help.
ScreenHelp screenHelp(Screen screen) {
    switch (screen) {
    case screens::Overview:
        return {QCoreApplication::translate("ui::ScreenHelp", "This is the summary of your group. “My quota” is your share of the energy the group's plants produce; "
                   "your balance is what you can trade with other members. Below, the votes waiting for you and the "
                   "campaigns raising money for new plants, each with a button that takes you there. The charts show who "
                   "holds the group's quota, how the group's capacity grew, and your energy credit month by month."),
                QCoreApplication::translate("ui::ScreenHelp", "Everything here is read from the group's shared record, a chain of blocks that every member's computer "
                   "keeps and checks. The line under the group's name says up to which day it is; hover over it to see the "
                   "block number. 1 token stands for 1 kW of plant capacity.")};
    case screens::Votes:
        return {QCoreApplication::translate("ui::ScreenHelp", "The group decides everything by vote: admitting and removing members, building plants, corrections. "
                   "Pick a vote in the list, read what it proposes and press Yes or No. You can change your vote until the "
                   "vote closes. The result takes effect when the vote closes, even if everybody has already voted, "
                   "because anyone may still change their mind until then."),
                QCoreApplication::translate("ui::ScreenHelp", "A vote passes when the Yes votes reach the number needed shown under it. Votes are operations signed "
                   "with your wallet and written into the group's blocks; the closing is decided by the group's clock.")};
    case screens::Crowdfunding:
        return {QCoreApplication::translate("ui::ScreenHelp", "When the group approves a new plant, members served by the plant's utility can pledge money to build it. "
                   "Type an amount and press Pledge; you can change or withdraw your pledge while the campaign is open. "
                   "If the pledges reach the cost, the plant gets built and every funder receives quota and tokens in "
                   "proportion to what they pledged. The money itself is paid outside the app."),
                QCoreApplication::translate("ui::ScreenHelp", "Pledges are recorded in the group's shared record (its ledger); a campaign that does not reach its cost "
                   "by its deadline fails and nobody owes anything.")};
    case screens::Trade:
        return {QCoreApplication::translate("ui::ScreenHelp", "Here you give or exchange your share with other members. “Send” gives quota or tokens to a member at "
                   "once. An offer proposes to sell or buy quota for tokens; the other member accepts or declines it. "
                   "Offers made to you, your open offers and what you traded are listed below. Sending cannot be undone."),
                QCoreApplication::translate("ui::ScreenHelp", "Quota is measured in kW of plant capacity; tokens are the group's own unit (1 token stands for 1 kW). "
                   "Every transfer is an operation signed with your wallet and written into a block of the group's record.")};
    case screens::Plants:
        return {QCoreApplication::translate("ui::ScreenHelp", "The group's solar plants and their stage: proposed, raising money, being built, operating, or stopped. "
                   "Pick a plant to see its timeline and who funded it. “Propose a plant…” starts a vote on a new one."),
                QCoreApplication::translate("ui::ScreenHelp", "A plant moves from one stage to the next by the group's vote, by its crowdfunding and as it is "
                   "built; each step is written into the group's record with its date.")};
    case screens::Members:
        return {QCoreApplication::translate("ui::ScreenHelp", "Everyone in the group, with their share and utility. Names are only readable by members: outsiders "
                   "see a code instead. You can propose to remove a member or to correct a quota or a balance; the "
                   "group then votes."),
                QCoreApplication::translate("ui::ScreenHelp", "Names are sealed (encrypted) so that only members' computers can open them; the code shown instead is "
                   "the member's address, derived from their wallet's public key.")};
    case screens::Energy:
        return {QCoreApplication::translate("ui::ScreenHelp", "What the group's plants gave you each month, what you used, and the credit you kept for later. Credit "
                   "lasts 60 months and the oldest is used first. Type the kWh from your electricity bill to record a "
                   "month; the savings are estimated with the tariff set in Settings. You can save a monthly statement "
                   "and the list the utility needs (lista de rateio)."),
                QCoreApplication::translate("ui::ScreenHelp", "Readings are written into the group's record, so every member's computer computes the same credits. "
                   "The compensation follows Brazil's rules for shared generation (Lei 14.300).")};
    case screens::Activity:
        return {QCoreApplication::translate("ui::ScreenHelp", "Everything that happened in the group: who joined, votes, pledges, trades, readings. "
                   "Search by words, pick a kind or a period, and save the list as a spreadsheet file (CSV)."),
                QCoreApplication::translate("ui::ScreenHelp", "Each line is an event of the group's shared record; its block number shows which page of the record "
                   "it is written on.")};
    case screens::Settings:
        return {QCoreApplication::translate("ui::ScreenHelp", "Language, light or dark look, notifications, your wallet (back it up and change its passphrase), "
                   "your electricity tariff, and how this computer takes part in the group: invite someone, or help "
                   "keep the group running."),
                QCoreApplication::translate("ui::ScreenHelp", "Rateio keeps the group's record on every member's computer. Some computers, the validators, also "
                   "confirm each new block; the group keeps working while more than two thirds of them are on. A computer "
                   "that only follows the group checks every block itself.")};
    }
    return {};
}

ScreenHelp screenHelp(const QString& page) {
    for (const ScreenInfo& screen : kScreens)
        if (page == QLatin1String(screen.page_name)) return screenHelp(screen.id);
    return {};
}

ScreenHelpDialog::ScreenHelpDialog(const QString& screen_title, const ScreenHelp& help, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("screenHelpDialog"));
    setWindowTitle(tr("How does this work? — %1").arg(screen_title));
    auto* layout = new QVBoxLayout(this);
    auto* text = new QLabel(help.text, this);
    text->setObjectName(QStringLiteral("screenHelpText"));
    text->setWordWrap(true);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(text);
    auto* details_toggle = new QPushButton(tr("&Details"), this);
    details_toggle->setObjectName(QStringLiteral("screenHelpDetailsToggle"));
    details_toggle->setCheckable(true);
    details_toggle->setAutoDefault(false);
    auto* details = new QLabel(help.details, this);
    details->setObjectName(QStringLiteral("screenHelpDetails"));
    details->setWordWrap(true);
    details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    details->hide();
    connect(details_toggle, &QPushButton::toggled, this, [this, details](bool on) {
        details->setVisible(on);
        adjustSize();
    });
    auto* details_row = new QHBoxLayout;
    details_row->addWidget(details_toggle);
    details_row->addStretch();
    layout->addLayout(details_row);
    layout->addWidget(details);
    // The texts keep their own height; the room left goes below them.
    layout->addStretch(1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setText(tr("&Close"));
    QPushButton* shortcuts = buttons->addButton(tr("&Keyboard shortcuts"), QDialogButtonBox::HelpRole);
    shortcuts->setObjectName(QStringLiteral("screenHelpShortcuts"));
    connect(shortcuts, &QPushButton::clicked, this, &ScreenHelpDialog::keyboardShortcutsRequested);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    setMinimumWidth(std::min(kHelpWidth_px, parent ? parent->width() : kHelpWidth_px));
    resize(kHelpWidth_px, sizeHint().height());
}

} // namespace ui
