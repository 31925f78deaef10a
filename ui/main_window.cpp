#include "ui/main_window.h"

#include "models/describe.h"
#include "models/format.h"
#include "ui/about_dialog.h"
#include "ui/activity_page.h"
#include "ui/crowdfunding_page.h"
#include "ui/energy_page.h"
#include "ui/members_page.h"
#include "ui/overview_page.h"
#include "ui/plants_page.h"
#include "ui/trade_page.h"
#include "ui/votes_page.h"

#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QShortcut>
#include <QStackedWidget>
#include <QStatusBar>
#include <QSystemTrayIcon>

namespace ui {

namespace {

const char* const kIcons[] = {":/icons/overview.svg", ":/icons/votes.svg", ":/icons/crowdfunding.svg", ":/icons/trade.svg",
                              ":/icons/plants.svg",   ":/icons/members.svg", ":/icons/energy.svg",
                              ":/icons/activity.svg", ":/icons/settings.svg"};

} // namespace

MainWindow::MainWindow(GroupModels* models, WalletLocation wallet, QWidget* parent)
    : QMainWindow(parent), models_(models), watch_only_(wallet.wallet_name.isEmpty()) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/rateio.svg")));
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    navigation_ = new QListWidget(central);
    navigation_->setObjectName(QStringLiteral("navigation"));
    navigation_->setIconSize(QSize(22, 22));
    navigation_->setFixedWidth(200);
    navigation_->setFrameShape(QFrame::NoFrame);
    navigation_->setStyleSheet(QStringLiteral(
        "QListWidget { padding-top: 8px; outline: 0; show-decoration-selected: 1; } QListWidget::item { padding: 8px; } "
        "QListWidget::item:selected { background: rgba(76, 175, 80, 0.28); color: palette(text); border-left: 4px solid #2e7d32; }"));
    stack_ = new QStackedWidget(central);
    layout->addWidget(navigation_);
    layout->addWidget(stack_, 1);
    setCentralWidget(central);

    auto* overview = new OverviewPage(models_, stack_);
    auto* votes = new VotesPage(models_, stack_);
    auto* settings = new SettingsPage(models_, std::move(wallet), stack_);
    pages_ = {overview, votes, new CrowdfundingPage(models_, stack_), new TradePage(models_, stack_),
              new PlantsPage(models_, stack_), new MembersPage(models_, stack_), new EnergyPage(models_, stack_),
              new ActivityPage(models_, stack_), settings};
    for (std::size_t i = 0; i < pages_.size(); ++i) {
        stack_->addWidget(pages_[i]);
        auto* item = new QListWidgetItem(QIcon(QString::fromLatin1(kIcons[i])), pages_[i]->title(), navigation_);
        item->setSizeHint(QSize(180, 40));
        // Alt+1 … Alt+9 jump to a screen.
        auto* shortcut = new QShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + int(i))), this);
        connect(shortcut, &QShortcut::activated, this, [this, i] { showScreen(Screen(i)); });
    }
    connect(navigation_, &QListWidget::currentRowChanged, stack_, &QStackedWidget::setCurrentIndex);
    connect(overview, &OverviewPage::openVotes, this, [this] { showScreen(Votes); });
    connect(overview, &OverviewPage::openCrowdfunding, this, [this] { showScreen(Crowdfunding); });
    connect(settings, &SettingsPage::languageChosen, this, &MainWindow::languageChosen);
    connect(settings, &SettingsPage::themeChosen, this, &MainWindow::themeChosen);
    connect(settings, &SettingsPage::openUpRequested, this, &MainWindow::openUpRequested);
    connect(settings, &SettingsPage::notificationsChosen, this, [this](bool on) {
        notifications_ = on;
        emit notificationsChosen(on);
    });

    height_label_ = new QLabel(this);
    height_label_->setObjectName(QStringLiteral("statusHeight"));
    peers_label_ = new QLabel(this);
    peers_label_->setObjectName(QStringLiteral("statusPeers"));
    sync_bar_ = new QProgressBar(this);
    sync_bar_->setObjectName(QStringLiteral("statusSync"));
    sync_bar_->setMaximumWidth(260);
    sync_bar_->hide();
    validator_label_ = new QLabel(this);
    validator_label_->setObjectName(QStringLiteral("statusValidator"));
    validators_label_ = new QLabel(this);
    validators_label_->setObjectName(QStringLiteral("statusValidators"));
    statusBar()->addWidget(height_label_);
    statusBar()->addWidget(sync_bar_);
    statusBar()->addPermanentWidget(peers_label_);
    statusBar()->addPermanentWidget(validator_label_);
    statusBar()->addPermanentWidget(validators_label_);
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
        statusBar()->showMessage(tr("The node could not start: %1").arg(error));
    });
    navigation_->setCurrentRow(0);
    resize(1200, 800);
    retranslateUi();
    refreshStatus();
    applyActionGate();
}

SettingsPage* MainWindow::settingsPage() const { return static_cast<SettingsPage*>(pages_[Settings]); }
VotesPage* MainWindow::votesPage() const { return static_cast<VotesPage*>(pages_[Votes]); }
EnergyPage* MainWindow::energyPage() const { return static_cast<EnergyPage*>(pages_[Energy]); }

void MainWindow::showScreen(Screen screen) { navigation_->setCurrentRow(int(screen)); }

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        models_->retranslate();
        retranslateUi();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi() {
    for (std::size_t i = 0; i < pages_.size(); ++i) navigation_->item(int(i))->setText(pages_[i]->title());
    setWindowTitle(tr("Rateio — %1").arg(models_->summary()->groupName()));
    refreshStatus();
    applyActionGate();
}

void MainWindow::refreshStatus() {
    const models::Snapshot& s = models_->snapshot();
    setWindowTitle(tr("Rateio — %1").arg(models_->summary()->groupName()));
    height_label_->setText(tr("Block %1 · %2").arg(s.summary.height).arg(models::formatDateTime(s.summary.time_s)));
    peers_label_->setText(!s.networked ? tr("Embedded node, no peers")
                                       : s.peer_count == 0 ? tr("Looking for peers…") : tr("%n peer(s)", nullptr, int(s.peer_count)));
    validator_label_->setText(s.validator ? tr("Validator: signing blocks")
                                          : watch_only_ ? tr("Watch-only node") : tr("Verifying node"));
    refreshValidators(s);
    onSyncProgress(s.sync.height, s.sync.target, s.sync.syncing);
}

// How many of the group's validators are working, and why the group stands
// still when too few are: a member whose votes do not go through should see why.
void MainWindow::refreshValidators(const models::Snapshot& s) {
    validators_label_->setVisible(s.networked);
    if (!s.networked) return;
    const int total = int(s.summary.validators.size());
    const int online = int(s.validators_online.size());
    const int needed = int(s.validators_needed());
    if (s.group_paused()) {
        validators_label_->setText(tr("Group paused: %1 of %n validator(s) online", nullptr, total).arg(online));
        validators_label_->setStyleSheet(QStringLiteral("color: #b3261e; font-weight: bold;"));
        validators_label_->setToolTip(tr("A block needs the signatures of %1 of the %2 validators, so votes, pledges and "
                                         "trades wait until enough validators' computers are on and connected. "
                                         "Settings shows which ones are missing.").arg(needed).arg(total));
        return;
    }
    validators_label_->setStyleSheet(QString());
    validators_label_->setText(s.validator ? tr("%1 of %n validator(s) online", nullptr, total).arg(online)
                                           : tr("Connected to %1 of %n validator(s)", nullptr, total).arg(online));
    validators_label_->setToolTip(total == 1 ? tr("This group has one validator: it works only while that computer is on. "
                                                  "Settings → Help run the group shows how to add more.")
                                             : tr("A block needs the signatures of %1 of the %2 validators: the group keeps "
                                                  "working with %3 of them off.").arg(needed).arg(total).arg((total - 1) / 3));
}

void MainWindow::onSyncProgress(quint64 height, quint64 target, bool syncing) {
    const quint64 left = target > height ? target - height : 0;
    sync_bar_->setVisible(syncing && left > 0);
    if (target > 0) {
        sync_bar_->setRange(0, int(std::min<quint64>(target, INT32_MAX)));
        sync_bar_->setValue(int(std::min<quint64>(height, INT32_MAX)));
    }
    sync_bar_->setFormat(tr("Syncing: %n block(s) left", nullptr, int(std::min<quint64>(left, INT32_MAX))));
    const bool far_behind = syncing && left >= kFarBehindBlocks;
    if (far_behind == far_behind_ && (!far_behind || left == blocks_left_)) return;
    far_behind_ = far_behind;
    blocks_left_ = left;
    applyActionGate();
}

// Watch-only wins over catching up: it will not pass by waiting.
void MainWindow::applyActionGate() {
    QString reason;
    if (watch_only_)
        reason = tr("Watch-only: this app follows the group without a wallet, so it cannot vote, pledge or trade.");
    else if (far_behind_)
        reason = tr("Waiting for the node to catch up with the group (%n block(s) left).", nullptr,
                    int(std::min<quint64>(blocks_left_, INT32_MAX)));
    for (Page* page : pages_) page->setActionsEnabled(reason.isEmpty(), reason);
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
