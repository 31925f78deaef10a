#pragma once
// The main window: navigation on the left, one screen at a time, and the
// status bar (height, peers, sync progress, validator status).

#include "models/notifier.h"
#include "ui/group_models.h"
#include "ui/screens.h"
#include "ui/settings_page.h"

#include <QMainWindow>

#include <vector>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QSystemTrayIcon;

namespace ui {

class Page;
class VotesPage;
class EnergyPage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // The screens, and what belongs to each, are one table: ui/screens.h.
    using Screen = ui::Screen;
    using enum screens::Screen;
    static constexpr int ScreenCount = kScreenCount;

    MainWindow(GroupModels* models, WalletLocation wallet, QWidget* parent = nullptr);

    void showScreen(Screen screen);
    Page* page(Screen screen) const { return pages_[std::size_t(screen)]; }
    SettingsPage* settingsPage() const;
    VotesPage* votesPage() const;
    EnergyPage* energyPage() const;
    // The node counts as far behind from this many blocks.
    static constexpr std::uint64_t kFarBehindBlocks = 10;
    // Without a wallet the app follows the group watch-only: public data,
    // every action disabled with the reason.
    bool watchOnly() const { return watch_only_; }
    // A folder with a wallet the member has not unlocked yet (the passphrase
    // prompt at start was cancelled): every action says how to unlock it, and
    // "Unlock wallet…" (the Overview's banner, the status bar) asks for the
    // passphrase and makes them work without a restart.
    bool walletLocked() const;
    void unlockWallet();
    // In light mode (chain::LightNode) only these screens have what they
    // show; the others show why not, and where to switch to full mode.
    static bool shownInLightMode(Screen screen);
    // The page standing in for a screen light mode cannot show.
    QWidget* lightModeNotice() const { return light_notice_; }
    // What the last snapshot was worth telling (also shown in the tray).
    const std::vector<models::Notification>& lastNews() const { return last_news_; }

signals:
    void languageChosen(const QString& code);
    void themeChosen(const QString& name);
    void notificationsChosen(bool on);
    // The passphrase opened the wallet: its key now signs this window's actions.
    void walletUnlocked(const chain::crypto::KeyPair& key);
    // Settings: the member confirmed opening the embedded group to neighbours.
    void openUpRequested();
    // Settings: the follower confirmed switching to light (true) or full mode.
    void modeChosen(bool light);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void refreshStatus();
    void refreshValidators(const models::Snapshot& snapshot);
    void showStorageProblem(const chain::StorageProblem& problem);
    void showSyncHalt(const chain::SyncHalt& halt);
    void onSyncProgress(quint64 height, quint64 target, bool syncing);
    void applyActionGate();
    // Why actions are off while the wallet is locked, and where to unlock it.
    QString lockedReason() const;
    void notifyNews();
    // The list of keyboard shortcuts (from the help's "Keyboard shortcuts").
    void showShortcuts();
    // F1 and "How does this work?": the current screen's help.
    void showScreenHelp();
    Page* currentPage() const;
    // Shows the screen of navigation row `row`, or the light-mode notice in its place.
    void showStackFor(int row);
    void retranslateLightNotice();

    GroupModels* models_;
    QListWidget* navigation_;
    QStackedWidget* stack_;
    std::vector<Page*> pages_;
    QWidget* light_notice_;
    QLabel* light_notice_heading_;
    QLabel* light_notice_text_;
    QPushButton* light_notice_button_;
    QLabel* height_label_;
    QLabel* peers_label_;
    QProgressBar* sync_bar_;
    QLabel* validator_label_;
    QLabel* validators_label_;
    QPushButton* help_button_;
    QPushButton* unlock_button_;
    QString wallet_name_; // empty: no wallet in the folder (watch-only)
    QString data_dir_;
    QSystemTrayIcon* tray_ = nullptr;
    bool notifications_ = true;
    bool far_behind_ = false;
    quint64 blocks_left_ = 0;
    bool watch_only_ = false;
    // The snapshot the last news were computed against (null before the first).
    models::SnapshotPtr previous_;
    std::vector<models::Notification> last_news_;
};

} // namespace ui
