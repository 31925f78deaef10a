#include "ui/main_window.h"

#include "models/describe.h"
#include "models/format.h"
#include "ui/about_dialog.h"
#include "ui/accessibility.h"
#include "ui/chart_axes.h"
#include "ui/activity_page.h"
#include "ui/crowdfunding_page.h"
#include "ui/energy_page.h"
#include "ui/members_page.h"
#include "ui/overview_page.h"
#include "ui/plants_page.h"
#include "ui/screen_help.h"
#include "ui/shortcuts_dialog.h"
#include "ui/trade_page.h"
#include "ui/theme.h"
#include "ui/votes_page.h"

#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QIcon>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QSystemTrayIcon>
#include <QToolTip>

namespace ui {

namespace {

// The page of each screen. No default: a screen added to ui/screens.h fails
// to compile here (-Werror=switch) until it has its page.
Page* makePage(Screen screen, GroupModels* models, WalletLocation& wallet, QWidget* parent) {
    switch (screen) {
    case screens::Overview: return new OverviewPage(models, parent);
    case screens::Votes: return new VotesPage(models, parent);
    case screens::Crowdfunding: return new CrowdfundingPage(models, parent);
    case screens::Trade: return new TradePage(models, parent);
    case screens::Plants: return new PlantsPage(models, parent);
    case screens::Members: return new MembersPage(models, parent);
    case screens::Energy: return new EnergyPage(models, parent);
    case screens::Activity: return new ActivityPage(models, parent);
    case screens::Settings: return new SettingsPage(models, std::move(wallet), parent);
    }
    Q_UNREACHABLE();
    return nullptr;
}

// The window's first size, when the screen has room for it.
constexpr QSize kPreferredWindowSize_px(1200, 800);
// A status-bar text shrinks to this and elides the rest (whole in its
// tooltip), so the status bar never sets the window's minimum width.
constexpr int kStatusTextMinimumWidth_px = 60;

// A status-bar label that elides what does not fit instead of widening the window.
class StatusLabel : public QLabel {
public:
    explicit StatusLabel(QWidget* parent) : QLabel(parent) {
        // Read by tests: the label elides on purpose.
        setProperty("elidesText", true);
    }
    QSize minimumSizeHint() const override { return {kStatusTextMinimumWidth_px, QLabel::minimumSizeHint().height()}; }

protected:
    // The whole text as a tooltip when it is elided and no other tooltip was set.
    bool event(QEvent* event) override {
        if (event->type() == QEvent::ToolTip && toolTip().isEmpty() && fontMetrics().horizontalAdvance(text()) > contentsRect().width()) {
            QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), text(), this);
            return true;
        }
        return QLabel::event(event);
    }
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        const QRect area = contentsRect();
        painter.drawText(area, int(alignment()), fontMetrics().elidedText(text(), Qt::ElideRight, area.width()));
    }
};

// The page inside a scroll area: a page longer or wider than the window is
// scrolled to, never cut off, and never sets the window's minimum size.
QScrollArea* scrolled(QWidget* page, QWidget* parent) {
    auto* scroll = new QScrollArea(parent);
    scroll->setObjectName(QStringLiteral("screenScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    return scroll;
}

} // namespace

MainWindow::MainWindow(GroupModels* models, WalletLocation wallet, QWidget* parent)
    : QMainWindow(parent), models_(models), watch_only_(wallet.wallet_name.isEmpty()) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/rateio.svg")));
    wallet_name_ = wallet.wallet_name;
    data_dir_ = wallet.data_dir;
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    navigation_ = new QListWidget(central);
    navigation_->setObjectName(QStringLiteral("navigation"));
    navigation_->setIconSize(QSize(22, 22));
    navigation_->setFixedWidth(200);
    navigation_->setFrameShape(QFrame::NoFrame);
    // Colours from the current palette, renewed at each theme switch: the selected item's tint is
    // mixed into the base, so its text keeps the palette's contrast in light and dark themes.
    followPalette(navigation_, [](const QPalette& p) {
        const QColor base = p.color(QPalette::Base), text = p.color(QPalette::Text);
        const QColor accent = isDark(p) ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
        const QColor selected = QColor::fromRgbF(base.redF() * 0.78f + 0.3f * 0.22f, base.greenF() * 0.78f + 0.69f * 0.22f,
                                                 base.blueF() * 0.78f + 0.31f * 0.22f);
        return QStringLiteral("QListWidget { padding-top: 8px; outline: 0; show-decoration-selected: 1; background: %1; color: %2; } "
                              "QListWidget::item { padding: 8px; } "
                              "QListWidget::item:selected { background: %3; color: %2; border-left: 4px solid %4; }")
            .arg(base.name(), text.name(), selected.name(), accent.name());
    });
    stack_ = new QStackedWidget(central);
    layout->addWidget(navigation_);
    // Above every screen, on the right: "How does this work?" opens that screen's help (as F1 does).
    help_button_ = new QPushButton(central);
    help_button_->setObjectName(QStringLiteral("screenHelpButton"));
    help_button_->setFlat(true);
    help_button_->setIcon(style()->standardIcon(QStyle::SP_MessageBoxQuestion));
    connect(help_button_, &QPushButton::clicked, this, &MainWindow::showScreenHelp);
    auto* help_row = new QHBoxLayout;
    help_row->setContentsMargins(0, 2, 8, 0);
    help_row->addStretch();
    help_row->addWidget(help_button_);
    auto* screen_area = new QVBoxLayout;
    screen_area->setSpacing(0);
    screen_area->addLayout(help_row);
    screen_area->addWidget(stack_, 1);
    layout->addLayout(screen_area, 1);
    setCentralWidget(central);

    for (const ScreenInfo& screen : kScreens) {
        Page* page = makePage(screen.id, models_, wallet, stack_);
        pages_.push_back(page);
        stack_->addWidget(scrolled(page, stack_));
        auto* item = new QListWidgetItem(QIcon(QString::fromLatin1(screen.icon)), page->title(), navigation_);
        item->setSizeHint(QSize(180, 40));
        // Alt+1 … Alt+9 jump to a screen.
        auto* shortcut = new QShortcut(screenShortcut(screen.id), this);
        connect(shortcut, &QShortcut::activated, this, [this, id = screen.id] { showScreen(id); });
    }
    light_notice_ = new QWidget(stack_);
    light_notice_->setObjectName(QStringLiteral("lightModeNotice"));
    auto* notice_layout = new QVBoxLayout(light_notice_);
    light_notice_heading_ = new QLabel(light_notice_);
    QFont heading_font = light_notice_heading_->font();
    heading_font.setPointSizeF(heading_font.pointSizeF() * 1.6);
    heading_font.setBold(true);
    light_notice_heading_->setFont(heading_font);
    light_notice_text_ = new QLabel(light_notice_);
    light_notice_text_->setObjectName(QStringLiteral("lightModeNoticeText"));
    light_notice_text_->setWordWrap(true);
    light_notice_text_->setMaximumWidth(720);
    light_notice_button_ = new QPushButton(light_notice_);
    light_notice_button_->setObjectName(QStringLiteral("lightModeNoticeSettings"));
    auto* notice_buttons = new QHBoxLayout;
    notice_buttons->addWidget(light_notice_button_);
    notice_buttons->addStretch();
    notice_layout->addWidget(light_notice_heading_);
    notice_layout->addWidget(light_notice_text_);
    notice_layout->addLayout(notice_buttons);
    notice_layout->addStretch();
    stack_->addWidget(light_notice_);
    auto* overview = static_cast<OverviewPage*>(pages_[Overview]);
    auto* settings = static_cast<SettingsPage*>(pages_[Settings]);
    connect(light_notice_button_, &QPushButton::clicked, this, [this, settings] {
        showScreen(Settings);
        settings->scrollToMode();
    });
    connect(navigation_, &QListWidget::currentRowChanged, this, &MainWindow::showStackFor);
    // Ctrl+Q closes the window, and with the last window the application.
    auto* quit = new QShortcut(quitKeys(), this);
    connect(quit, &QShortcut::activated, this, &QWidget::close);
    // F1 is the platform's key for help on what is in front of you: this screen's help, from which
    // "Keyboard shortcuts" opens the list.
    auto* help = new QShortcut(QKeySequence::HelpContents, this);
    connect(help, &QShortcut::activated, this, &MainWindow::showScreenHelp);
    installAccessibility();
    for (Page* page : pages_) linkFormLabels(page);
    connect(overview, &OverviewPage::openVotes, this, [this] { showScreen(Votes); });
    connect(overview, &OverviewPage::openCrowdfunding, this, [this] { showScreen(Crowdfunding); });
    connect(overview, &OverviewPage::unlockRequested, this, &MainWindow::unlockWallet);
    connect(settings, &SettingsPage::languageChosen, this, &MainWindow::languageChosen);
    connect(settings, &SettingsPage::themeChosen, this, &MainWindow::themeChosen);
    connect(settings, &SettingsPage::openUpRequested, this, &MainWindow::openUpRequested);
    connect(settings, &SettingsPage::modeChosen, this, &MainWindow::modeChosen);
    connect(settings, &SettingsPage::notificationsChosen, this, [this](bool on) {
        notifications_ = on;
        emit notificationsChosen(on);
    });

    height_label_ = new StatusLabel(this);
    height_label_->setObjectName(QStringLiteral("statusHeight"));
    peers_label_ = new StatusLabel(this);
    peers_label_->setObjectName(QStringLiteral("statusPeers"));
    sync_bar_ = new QProgressBar(this);
    sync_bar_->setObjectName(QStringLiteral("statusSync"));
    sync_bar_->setMaximumWidth(260);
    sync_bar_->hide();
    validator_label_ = new StatusLabel(this);
    validator_label_->setObjectName(QStringLiteral("statusValidator"));
    validators_label_ = new StatusLabel(this);
    validators_label_->setObjectName(QStringLiteral("statusValidators"));
    // Stretched: the free width goes to it (it also says when the disk fails).
    statusBar()->addWidget(height_label_, 1);
    statusBar()->addWidget(sync_bar_);
    statusBar()->addPermanentWidget(peers_label_);
    statusBar()->addPermanentWidget(validator_label_);
    statusBar()->addPermanentWidget(validators_label_);
    unlock_button_ = new QPushButton(this);
    unlock_button_->setObjectName(QStringLiteral("statusUnlockWallet"));
    unlock_button_->hide();
    connect(unlock_button_, &QPushButton::clicked, this, &MainWindow::unlockWallet);
    statusBar()->addPermanentWidget(unlock_button_);
    statusBar()->addPermanentWidget(new AboutButton(this));

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        tray_ = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/rateio.svg")), this);
        tray_->show();
        connect(tray_, &QSystemTrayIcon::messageClicked, this, [this] {
            showNormal();
            raise();
            activateWindow();
        });
    }
    connect(models_, &GroupModels::changed, this, [this] {
        refreshStatus();
        notifyNews();
    });
    connect(models_->client(), &models::NodeClient::syncProgress, this, &MainWindow::onSyncProgress);
    connect(models_->client(), &models::NodeClient::nodeFailed, this, [this](const QString& error) {
        statusBar()->showMessage(tr("Rateio could not start the group: %1").arg(error));
    });
    navigation_->setCurrentRow(0);
    resize(screen() ? kPreferredWindowSize_px.boundedTo(screen()->availableSize()) : kPreferredWindowSize_px);
    retranslateUi();
    refreshStatus();
    applyActionGate();
}

SettingsPage* MainWindow::settingsPage() const { return static_cast<SettingsPage*>(pages_[Settings]); }
VotesPage* MainWindow::votesPage() const { return static_cast<VotesPage*>(pages_[Votes]); }
EnergyPage* MainWindow::energyPage() const { return static_cast<EnergyPage*>(pages_[Energy]); }

void MainWindow::showScreen(Screen screen) { navigation_->setCurrentRow(int(screen)); }

bool MainWindow::shownInLightMode(Screen screen) {
    switch (screen) {
    case Overview:
    case Plants:
    case Members:
    case Settings: return true;
    case Votes:
    case Crowdfunding:
    case Trade:
    case Energy:
    case Activity: return false;
    }
    return false;
}

void MainWindow::showStackFor(int row) {
    if (row < 0) return;
    const bool light = models_->snapshot().light.has_value();
    if (!light || shownInLightMode(Screen(row))) {
        stack_->setCurrentIndex(row);
        return;
    }
    retranslateLightNotice();
    stack_->setCurrentWidget(light_notice_);
}

// What a light node cannot show and why, for the screen chosen in the navigation.
void MainWindow::retranslateLightNotice() {
    const int row = std::max(0, navigation_->currentRow());
    light_notice_heading_->setText(pages_[std::size_t(row)]->title());
    light_notice_text_->setText(
        tr("This screen is not shown in light mode.\n\nIn light mode this computer keeps no copy of the group's records: "
           "it asks the group's computers to prove the members' quotas and balances, the plants and the group's figures, "
           "and checks each proof against the validators' signatures. Votes, pledges, offers, energy readings and the "
           "activity are not among them.\n\nTo see this screen, switch to full mode in Settings: this computer then keeps "
           "a copy of the records, starting from a verified copy of the group's present state."));
    light_notice_button_->setText(tr("&Open the mode in Settings"));
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        models_->retranslate();
        retranslateUi();
    }
    // The status texts' colours come from the palette.
    if (event->type() == QEvent::PaletteChange) refreshStatus();
    QMainWindow::changeEvent(event);
}

Page* MainWindow::currentPage() const { return pages_[std::size_t(std::max(0, navigation_->currentRow()))]; }

void MainWindow::showScreenHelp() {
    Page* page = currentPage();
    ScreenHelpDialog dialog(page->title(), screenHelp(Screen(std::max(0, navigation_->currentRow()))), this);
    connect(&dialog, &ScreenHelpDialog::keyboardShortcutsRequested, this, &MainWindow::showShortcuts);
    dialog.exec();
}

void MainWindow::retranslateUi() {
    navigation_->setAccessibleName(tr("Screens"));
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        QListWidgetItem* item = navigation_->item(int(i));
        item->setText(pages_[i]->title());
        const QKeySequence keys = screenShortcut(Screen(i));
        item->setToolTip(tr("%1 (%2)").arg(pages_[i]->title(), keys.toString(QKeySequence::NativeText)));
    }
    setWindowTitle(tr("Rateio — %1").arg(models_->summary()->groupName()));
    retranslateLightNotice();
    help_button_->setText(tr("How &does this work?"));
    help_button_->setToolTip(tr("Explains this screen in plain words (%1)")
                                 .arg(QKeySequence(QKeySequence::HelpContents).toString(QKeySequence::NativeText)));
    refreshStatus();
    applyActionGate();
}

void MainWindow::showShortcuts() {
    QStringList titles;
    for (const Page* page : pages_) titles << page->title();
    ShortcutsDialog dialog(titles, this);
    dialog.exec();
}

void MainWindow::refreshStatus() {
    const models::Snapshot& s = models_->snapshot();
    setWindowTitle(tr("Rateio — %1").arg(models_->summary()->groupName()));
    // Plain words first; the technical terms (block, node, validator) are in the tooltips.
    const QString date = charts::dayInWords(s.summary.time_s);
    QString text = s.sync.syncing ? tr("Catching up · %1").arg(date) : tr("Up to date · %1").arg(date);
    QString tip = tr("Block %1 of the group's shared record, written on %2.")
                      .arg(s.summary.height)
                      .arg(models::formatDateTime(s.summary.time_s));
    // What the member can trust, and why: signatures this computer checked.
    if (s.certified) {
        const int validators = int(s.certified->validators);
        text += QStringLiteral(" · ") +
                tr("verified by %1 of %n validator(s)", nullptr, validators).arg(s.certified->signers);
        tip += QStringLiteral("\n") +
               tr("This computer checked the signatures of %1 of the group's %n validator(s) on it: more than two "
                  "thirds of them vouch for what it shows.",
                  nullptr, validators)
                   .arg(s.certified->signers);
    }
    if (s.light) {
        // A light node executes nothing: what it shows is what its last check proved.
        if (!s.light->checked)
            text = s.light->last_check_failed ? tr("Not checked yet: no computer of the group answered")
                                              : tr("Checking the group's figures…");
        else if (s.light->last_check_failed)
            text += QStringLiteral(" · ") + tr("last check failed, trying again");
        tip += QStringLiteral("\n") +
               tr("Light mode: every %n minute(s) this computer asks the group's computers to prove the group's figures, "
                  "members and plants, and checks the proofs against the validators' signatures. It keeps no history.",
                  nullptr, int(std::max<std::uint32_t>(1, s.light->check_interval_s / 60)));
        if (s.light->second_peer_agreed)
            tip += QStringLiteral("\n") + tr("A second computer of the group holds the same block: they agree.");
    } else if (s.history_from > 1) {
        tip += QStringLiteral("\n") + tr("This computer joined from the group's verified state at block %1: the "
                                          "activity before it is being fetched and checked.")
                                           .arg(s.history_from - 1);
    }
    height_label_->setText(text);
    height_label_->setToolTip(tip);
    height_label_->setStyleSheet(QString());
    // In the widest place of the bar: it is what the member must act on.
    if (s.storage_problem) showStorageProblem(*s.storage_problem);
    if (s.sync_halt) showSyncHalt(*s.sync_halt);
    peers_label_->setText(s.light       ? tr("Light mode")
                          : !s.networked ? tr("On this computer only")
                                       : s.peer_count == 0 ? tr("Looking for the group's computers…")
                                                           : tr("Connected computers: %1").arg(s.peer_count));
    peers_label_->setToolTip(s.light ? tr("This computer keeps no copy of the group's records: it asks the group's computers "
                                          "for proofs of what it shows. Settings switches to full mode.")
                             : !s.networked ? tr("Embedded node: the group is kept on this computer alone, with no connection "
                                               "to other computers.")
                                          : tr("Peers: the other computers of the group this one exchanges blocks with."));
    const bool stopped = s.storage_problem && s.storage_problem->validator_stopped;
    validator_label_->setText(stopped       ? tr("Stopped helping run the group")
                              : s.validator ? tr("Helping run the group")
                              : watch_only_ ? tr("Following without a wallet")
                              : walletLocked() ? tr("Wallet locked")
                                               : tr("Following the group"));
    validator_label_->setToolTip(s.validator ? tr("Validator: this computer checks and signs the group's new blocks.")
                                 : watch_only_ ? tr("Watch-only node: this computer checks the group's blocks but "
                                                    "holds no wallet, so it cannot vote or trade.")
                                 : walletLocked() ? lockedReason()
                                                  : tr("Verifying node: this computer checks every block of the group "
                                                       "itself, but does not sign them."));
    unlock_button_->setText(tr("&Unlock wallet…"));
    unlock_button_->setToolTip(tr("Type the passphrase of the wallet “%1” to vote, pledge and trade.").arg(wallet_name_));
    unlock_button_->setVisible(walletLocked());
    static_cast<OverviewPage*>(pages_[Overview])->setWalletLocked(walletLocked() ? wallet_name_ : QString());
    refreshValidators(s);
    onSyncProgress(s.sync.height, s.sync.target, s.sync.syncing);
    showStackFor(navigation_->currentRow());
}

// How many of the group's validators are working, and why the group stands
// still when too few are: a member whose votes do not go through should see why.
void MainWindow::refreshValidators(const models::Snapshot& s) {
    // A light node connects only while it checks: who is online is not known to it.
    validators_label_->setVisible(s.networked && !s.light);
    if (!s.networked || s.light) return;
    const int total = int(s.summary.validators.size());
    const int online = int(s.validators_online.size());
    const int needed = int(s.validators_needed());
    if (s.group_paused()) {
        validators_label_->setText(tr("Group paused: %1 of %n validator(s) online", nullptr, total).arg(online));
        validators_label_->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(errorTextColor(QGuiApplication::palette()).name()));
        validators_label_->setToolTip(tr("A block needs the signatures of %1 of the %2 validators, so votes, pledges and "
                                         "trades wait until enough validators' computers are on and connected. "
                                         "Settings shows which ones are missing.").arg(needed).arg(total));
        return;
    }
    validators_label_->setStyleSheet(QString());
    validators_label_->setText(s.validator       ? tr("%1 of %n validator(s) online", nullptr, total).arg(online)
                               : online == 0 ? tr("Not connected to any of the %n validator(s) yet", nullptr, total)
                                             : tr("Connected to %1 of %n validator(s)", nullptr, total).arg(online));
    validators_label_->setToolTip(total == 1 ? tr("This group has one validator: it works only while that computer is on. "
                                                  "Settings → Help run the group shows how to add more.")
                                             : (total - 1) / 3 == 0
                                                   ? tr("A block needs the signatures of all %1 validators: the group stops "
                                                        "whenever one of their computers is off. With 4 it survives one.").arg(total)
                                                   : tr("A block needs the signatures of %1 of the %2 validators: the group keeps "
                                                        "working with %3 of them off.").arg(needed).arg(total).arg((total - 1) / 3));
}

// A disk that is full or failing: a validator stops signing until restarted
// (it could otherwise sign twice after a crash); any other node pauses and
// tries again by itself. The store's own words go in the tooltip.
void MainWindow::showStorageProblem(const chain::StorageProblem& problem) {
    const bool full = problem.detail.contains(QLatin1String("full"), Qt::CaseInsensitive);
    const QString reason = full ? tr("the disk is full") : tr("the disk reports an error");
    using Kind = chain::StorageProblem::Kind;
    if (problem.validator_stopped) {
        height_label_->setText(problem.kind == Kind::VotesNotRead
                                       ? tr("Validator stopped: cannot read what it saved")
                                       : tr("Validator stopped: cannot save (%1)").arg(reason));
        height_label_->setToolTip(
            tr("This computer could not keep a safe copy of what it signs for the group, so it stopped signing: "
               "signing without that copy could let it contradict itself after a crash. The other validators carry on, "
               "and this computer still shows the group's records. Free space on the disk or replace it, then restart "
               "Rateio.") +
            QStringLiteral("\n\n") + tr("Details: %1").arg(problem.detail));
    } else {
        height_label_->setText(tr("Paused: cannot save (%1); trying again").arg(reason));
        height_label_->setToolTip(tr("This computer cannot save the group's newest records. It tries again by itself "
                                         "and catches up as soon as there is space; nothing you did is lost.") +
                                      QStringLiteral("\n\n") + tr("Details: %1").arg(problem.detail));
    }
    height_label_->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(errorTextColor(QGuiApplication::palette()).name()));
}

// The group's records as its peers serve them cannot be trusted: a short
// line in the widest place of the bar; what happened and what to do in its
// tooltip (and on the Overview's banner), with the node's own words.
void MainWindow::showSyncHalt(const chain::SyncHalt& halt) {
    height_label_->setText(halt.kind == chain::SyncHalt::Kind::ConflictingHeaders
                               ? tr("Stopped: validators signed two versions of the records")
                               : tr("Records differ from the invitation"));
    height_label_->setToolTip(models::Describe::syncHalt(halt) + QStringLiteral("\n\n") + tr("Details: %1").arg(halt.detail));
    height_label_->setStyleSheet(QStringLiteral("color: %1; font-weight: bold;").arg(errorTextColor(QGuiApplication::palette()).name()));
}

void MainWindow::onSyncProgress(quint64 height, quint64 target, bool syncing) {
    const quint64 left = target > height ? target - height : 0;
    sync_bar_->setVisible(syncing && left > 0);
    if (target > 0) {
        sync_bar_->setRange(0, int(std::min<quint64>(target, INT32_MAX)));
        sync_bar_->setValue(int(std::min<quint64>(height, INT32_MAX)));
    }
    // Plain words on the bar; the count of blocks is the technical detail, in its tooltip.
    sync_bar_->setFormat(tr("Catching up with the group…"));
    sync_bar_->setToolTip(tr("%n step(s) of the group's history left to check (blocks of its ledger)", nullptr, int(std::min<quint64>(left, INT32_MAX))));
    const bool far_behind = syncing && left >= kFarBehindBlocks;
    if (far_behind == far_behind_ && (!far_behind || left == blocks_left_)) return;
    far_behind_ = far_behind;
    blocks_left_ = left;
    applyActionGate();
}

// Watch-only and a locked wallet win over catching up: they will not pass by waiting.
void MainWindow::applyActionGate() {
    QString reason;
    if (watch_only_)
        reason = tr("Watch-only: this app follows the group without a wallet, so it cannot vote, pledge or trade.");
    else if (walletLocked())
        reason = lockedReason();
    else if (far_behind_)
        reason = tr("Waiting for this computer to catch up with the group: %n step(s) of its history left.", nullptr,
                    int(std::min<quint64>(blocks_left_, INT32_MAX)));
    for (Page* page : pages_) page->setActionsEnabled(reason.isEmpty(), reason);
}

bool MainWindow::walletLocked() const { return !watch_only_ && !models_->client()->hasIdentity(); }

QString MainWindow::lockedReason() const {
    return tr("Your wallet “%1” is locked: click “Unlock wallet…” (at the bottom of the window, or on the Overview) and type "
              "its passphrase to vote, pledge or trade.")
        .arg(wallet_name_);
}

// The passphrase is asked again until it opens the wallet or the member cancels;
// the key goes to the running node, so nothing restarts.
void MainWindow::unlockWallet() {
    if (!walletLocked()) return;
    const models::Workspace workspace(data_dir_);
    QString problem;
    for (;;) {
        QInputDialog dialog(this);
        dialog.setObjectName(QStringLiteral("unlockWalletDialog"));
        dialog.setWindowTitle(tr("Unlock your wallet"));
        dialog.setLabelText((problem.isEmpty() ? QString() : problem + QStringLiteral("\n\n")) +
                            tr("&Passphrase of the wallet “%1”:").arg(wallet_name_));
        dialog.setTextEchoMode(QLineEdit::Password);
        dialog.setOkButtonText(tr("&Unlock"));
        dialog.setCancelButtonText(tr("Cancel"));
        if (dialog.exec() != QDialog::Accepted) return;
        const models::Workspace::WalletOutcome unlocked = workspace.unlockWallet(wallet_name_, dialog.textValue());
        if (unlocked.ok()) {
            models_->client()->setIdentity(*unlocked.key);
            emit walletUnlocked(*unlocked.key);
            refreshStatus();
            applyActionGate();
            return;
        }
        problem = models::Describe::walletProblem(unlocked);
    }
}

void MainWindow::notifyNews() {
    const models::SnapshotPtr current = models_->client()->snapshot();
    if (!current || current == previous_) return;
    // While catching up, every old event would look new: what arrives then
    // is taken as already known.
    if (current->sync.syncing) {
        previous_ = current;
        return;
    }
    last_news_ = models::Notifier::news(previous_.get(), *current);
    previous_ = current;
    if (last_news_.empty() || !notifications_ || !tray_) return;
    QStringList lines;
    for (const models::Notification& n : last_news_) lines << n.title + QStringLiteral(": ") + n.text;
    tray_->showMessage(last_news_.size() == 1 ? last_news_.front().title : tr("Rateio"), last_news_.size() == 1 ? last_news_.front().text : lines.join(QLatin1Char('\n')));
}

} // namespace ui
