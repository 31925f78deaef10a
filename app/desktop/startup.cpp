#include "app/desktop/startup.h"

#include "models/energy.h"

#include "ui/first_run_wizard.h"
#include "ui/language.h"
#include "ui/theme.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QStandardPaths>

namespace desktop {

QString defaultDataDir() {
    const QString env = qEnvironmentVariable("RATEIO_DATADIR");
    if (!env.isEmpty()) return env;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString demoDataDir(const QString& data_dir) { return QDir(data_dir).filePath(QStringLiteral("demo-group")); }

Session::Session(models::OpenedNode opened, ui::WalletLocation wallet, QSettings* settings) : settings_(settings) {
    client_ = std::make_unique<models::NodeClient>(std::move(opened.node), opened.clock);
    if (opened.identity) client_->setIdentity(*opened.identity);
    if (opened.start) client_->startNode(opened.start);
    if (opened.network && opened.network->admission_pending && opened.identity) askToJoin(*opened.network, wallet.data_dir);
    models_ = std::make_unique<ui::GroupModels>(client_.get());
    models_->setTariff(models::loadTariffSettings(*settings_));
    connect(models_.get(), &ui::GroupModels::tariffChanged, this,
            [this] { models::saveTariffSettings(*settings_, models_->tariff()); });
    window_ = std::make_unique<ui::MainWindow>(models_.get(), std::move(wallet));
    window_->settingsPage()->setCurrent(ui::currentLanguage(), settings_->value(kThemeKey, QStringLiteral("system")).toString(),
                                        settings_->value(kNotificationsKey, true).toBool());
    connect(window_.get(), &ui::MainWindow::languageChosen, this, [this](const QString& code) {
        settings_->setValue(kLanguageKey, code);
        ui::applyLanguage(code);
    });
    connect(window_.get(), &ui::MainWindow::themeChosen, this, [this](const QString& name) {
        settings_->setValue(kThemeKey, name);
        ui::applyTheme(ui::themeFromName(name));
    });
    connect(window_.get(), &ui::MainWindow::notificationsChosen, this,
            [this](bool on) { settings_->setValue(kNotificationsKey, on); });
}

// The request to join waits in network.ini until it is in a block, so that
// closing the app before the node caught up loses nothing.
void Session::askToJoin(const models::NetworkSettings& network, const QString& data_dir) {
    connect(client_.get(), &models::NodeClient::admissionFinished, this, [network, data_dir](int code) {
        if (code != 0) return;
        models::NetworkSettings sent = network;
        sent.admission_pending = false;
        models::Workspace(data_dir).saveNetworkSettings(sent);
    });
    client_->requestAdmission(network.utility, network.full_name, network.consumer_unit);
}

Session::~Session() {
    // The window and models go before the client whose signals they follow.
    window_.reset();
    models_.reset();
}

std::unique_ptr<Session> openDemo(const QString& dir, QSettings* settings, QString* error) {
    QDir(dir).removeRecursively();
    QFile seed(QStringLiteral(":/demo/demo_group.json"));
    if (!seed.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("the demo seed is missing from the resources");
        return nullptr;
    }
    models::OpenedNode opened = models::Workspace(dir).seedDemo(seed.readAll());
    if (!opened.node) {
        *error = opened.error;
        return nullptr;
    }
    return std::make_unique<Session>(std::move(opened), ui::WalletLocation{dir, QString::fromLatin1(models::Workspace::kDemoWalletName)}, settings);
}

std::unique_ptr<Session> openExisting(const QString& data_dir, QSettings* settings, QString* error) {
    models::Workspace workspace(data_dir);
    models::OpenedNode opened = workspace.open();
    if (!opened.node) {
        *error = opened.error;
        return nullptr;
    }
    QString wallet = settings->value(kWalletKey).toString();
    const QStringList wallets = workspace.walletNames();
    if (!wallets.contains(wallet)) wallet = wallets.isEmpty() ? QString() : wallets.first();
    if (opened.network && opened.network->watch_only) wallet.clear(); // a reader's folder has no wallet to open
    while (!wallet.isEmpty()) {
        bool ok = false;
        const QString passphrase = QInputDialog::getText(
            nullptr, QCoreApplication::translate("desktop::Startup", "Unlock your wallet"),
            QCoreApplication::translate("desktop::Startup", "Passphrase of the wallet \"%1\":").arg(wallet), QLineEdit::Password, QString(), &ok);
        if (!ok) {
            wallet.clear(); // followed read-only
            break;
        }
        const models::Workspace::WalletOutcome unlocked = workspace.unlockWallet(wallet, passphrase);
        if (unlocked.ok()) {
            opened.identity = unlocked.key;
            break;
        }
        QMessageBox::warning(nullptr, QCoreApplication::translate("desktop::Startup", "Unlock your wallet"),
                             QCoreApplication::translate("desktop::Startup", "That passphrase does not open the wallet. Try again."));
    }
    return std::make_unique<Session>(std::move(opened), ui::WalletLocation{data_dir, wallet}, settings);
}

std::unique_ptr<Session> runFirstStart(const QString& data_dir, QSettings* settings, QString* error) {
    ui::FirstRunWizard wizard(data_dir);
    if (wizard.exec() != QDialog::Accepted) return nullptr;
    settings->setValue(kLanguageKey, wizard.language());
    if (wizard.choice() == ui::FirstRunWizard::Choice::Demo) return openDemo(demoDataDir(data_dir), settings, error);
    models::OpenedNode opened = wizard.takeNode();
    if (!opened.node) {
        *error = QStringLiteral("the assistant ended without a group");
        return nullptr;
    }
    settings->setValue(kWalletKey, wizard.walletName());
    return std::make_unique<Session>(std::move(opened), ui::WalletLocation{data_dir, wizard.walletName()}, settings);
}

} // namespace desktop
