#pragma once
// What the desktop application does at start: settings, data locations,
// the first-run assistant or the wallet unlock, the demo group, and the
// session that ties a node, its models and the main window together.

#include "models/node_client.h"
#include "models/workspace.h"
#include "ui/group_models.h"
#include "ui/main_window.h"

#include <QSettings>
#include <QString>

#include <memory>

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

private:
    void askToJoin(const models::NetworkSettings& network, const QString& data_dir);

    QSettings* settings_;
    std::unique_ptr<models::NodeClient> client_;
    std::unique_ptr<ui::GroupModels> models_;
    std::unique_ptr<ui::MainWindow> window_;
};

// Seeds a fresh demo group in `dir` (emptied first) and opens it.
std::unique_ptr<Session> openDemo(const QString& dir, QSettings* settings, QString* error);
// Opens the group in `data_dir`, asking for the wallet's passphrase; without
// a wallet (or if the user declines) the group is followed read-only.
std::unique_ptr<Session> openExisting(const QString& data_dir, QSettings* settings, QString* error);
// Runs the first-run assistant; nullptr if the user cancelled.
std::unique_ptr<Session> runFirstStart(const QString& data_dir, QSettings* settings, QString* error);

} // namespace desktop
