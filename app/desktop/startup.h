#pragma once
// What the desktop application does at start: settings, data locations,
// the first-run assistant or the wallet unlock, the demo group, and the
// session that ties a node, its models and the main window together.

#include "models/node_client.h"
#include "models/workspace.h"
#include "node/invitation.h"
#include "ui/first_run_wizard.h"
#include "ui/group_models.h"
#include "ui/main_window.h"

#include <QSettings>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace desktop {

// Keys in QSettings.
inline constexpr const char* kLanguageKey = "language";
inline constexpr const char* kThemeKey = "theme";
inline constexpr const char* kNotificationsKey = "notifications";
inline constexpr const char* kWalletKey = "wallet";

// $RATEIO_DATADIR, else the platform's application data folder.
QString defaultDataDir();
// The folder the demo group is rebuilt in on every `--demo`.
QString demoDataDir(const QString& data_dir);

class Session : public QObject {
    Q_OBJECT
public:
    Session(models::OpenedNode opened, ui::WalletLocation wallet, QSettings* settings);
    ~Session() override;

    ui::MainWindow* window() const { return window_.get(); }
    ui::GroupModels* models() const { return models_.get(); }
    models::NodeClient* client() const { return client_.get(); }
    // Tests shorten the network's timeouts and pick free ports for the
    // nodes this session opens again (after the group is opened up).
    void setWorkspaceSetup(std::function<void(models::Workspace&)> setup) { workspace_setup_ = std::move(setup); }
    // Opens the embedded group to neighbours and reopens it on the network,
    // with the same wallet; the window is a new one. False, with the reason
    // shown in Settings, when the group cannot be opened up.
    bool openUp();
    // Reopens a watch-only follower in light mode (true) or full mode, with
    // a new window on Settings. False when the folder is no follower's, is
    // in that mode already, or the new mode cannot open (then it stays as it was).
    bool switchMode(bool light);

signals:
    // The window was replaced (openUp): show the new one.
    void windowReplaced(ui::MainWindow* window);

private:
    void build(models::OpenedNode opened, ui::WalletLocation wallet);
    // Closes the node and window and opens the folder again; `undo` puts
    // the folder back when that fails (*failure: the node's reason), and it
    // is opened once more. False when even that fails (the app then quits).
    bool reopen(models::Workspace& workspace, const std::function<void()>& undo, QString* failure = nullptr);
    void askToJoin(const models::NetworkSettings& network, const QString& data_dir);

    QSettings* settings_;
    std::function<void(models::Workspace&)> workspace_setup_;
    std::optional<chain::crypto::KeyPair> identity_;
    ui::WalletLocation wallet_;
    std::unique_ptr<models::NodeClient> client_;
    std::unique_ptr<ui::GroupModels> models_;
    std::unique_ptr<ui::MainWindow> window_;
};

// Seeds a fresh demo group in `dir` (emptied first) and opens it.
std::unique_ptr<Session> openDemo(const QString& dir, QSettings* settings, QString* error);
// Opens the group in `data_dir`, asking for the wallet's passphrase; without
// a wallet (or if the user declines) the group is followed read-only.
std::unique_ptr<Session> openExisting(const QString& data_dir, QSettings* settings, QString* error);
// Runs the first-run assistant, filled from the invitation if there is one;
// nullptr if the user cancelled.
std::unique_ptr<Session> runFirstStart(const QString& data_dir, QSettings* settings, QString* error,
                                       const std::optional<chain::Invitation>& invitation = std::nullopt);
// The assistant runFirstStart shows, before it runs.
std::unique_ptr<ui::FirstRunWizard> newFirstRunWizard(const QString& data_dir, const std::optional<chain::Invitation>& invitation);

// What the start does with the data folder and the invitation the desktop
// was given on its command line (a rateio: link, a .rateio-invite file or a
// file:// URL to one; empty for none). Decided before any window opens.
struct StartPlan {
    // Open the group the folder holds; otherwise run the first-run assistant.
    bool open_existing = false;
    // For the assistant: it starts at the join choice with the Join page filled.
    std::optional<chain::Invitation> invitation;
    // A translated message to show first: what is wrong with the invitation,
    // or that the folder already takes part in another group. Empty for none.
    QString notice;
};
StartPlan planStart(const QString& data_dir, const QString& invitation_argument);
// Shows plan.notice, if there is one, and waits until the user closed it.
void showStartNotice(const StartPlan& plan, QWidget* parent = nullptr);

} // namespace desktop
