#include "app/desktop/startup.h"

#include "models/describe.h"
#include "models/bill_check.h"
#include "models/energy.h"
#include "models/format.h"

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
    build(std::move(opened), std::move(wallet));
}

void Session::build(models::OpenedNode opened, ui::WalletLocation wallet) {
    identity_ = opened.identity;
    wallet_ = wallet;
    client_ = std::make_unique<models::NodeClient>(std::move(opened.node), opened.clock);
    if (opened.identity) client_->setIdentity(*opened.identity);
    if (opened.start) client_->startNode(opened.start);
    if (opened.network && opened.network->admission_pending && opened.identity) askToJoin(*opened.network, wallet.data_dir);
    models_ = std::make_unique<ui::GroupModels>(client_.get());
    models_->setTariff(models::loadTariffSettings(*settings_));
    connect(models_.get(), &ui::GroupModels::tariffChanged, this,
            [this] { models::saveTariffSettings(*settings_, models_->tariff()); });
    models_->setBills(models::loadBills(*settings_));
    connect(models_.get(), &ui::GroupModels::billsChanged, this, [this] { models::saveBills(*settings_, models_->bills()); });
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
    // Queued: the window that asks is the one openUp replaces.
    connect(window_.get(), &ui::MainWindow::openUpRequested, this, [this] { openUp(); }, Qt::QueuedConnection);
    connect(window_.get(), &ui::MainWindow::modeChosen, this, [this](bool light) { switchMode(light); }, Qt::QueuedConnection);
    // Unlocked later ("Unlock wallet…"): a window openUp builds again signs with it too.
    connect(window_.get(), &ui::MainWindow::walletUnlocked, this, [this](const chain::crypto::KeyPair& key) {
        identity_ = key;
        // A request to join waits for the key that signs it.
        const std::optional<models::NetworkSettings> network = models::Workspace(wallet_.data_dir).networkSettings();
        if (network && network->admission_pending) askToJoin(*network, wallet_.data_dir);
    });
}

bool Session::openUp() {
    models::Workspace workspace(wallet_.data_dir);
    if (workspace_setup_) workspace_setup_(workspace);
    const models::SnapshotPtr snapshot = client_->snapshot();
    const std::int64_t group_time_s = snapshot ? std::max(snapshot->summary.time_s, snapshot->now_s) : 0;
    const models::Workspace::OpenUpOutcome outcome = workspace.openUpGroup(group_time_s);
    if (!outcome.ok()) {
        window_->settingsPage()->networkPanel()->showOpenUpProblem(
            outcome.problem == models::Workspace::OpenUpOutcome::Problem::ClockAhead
                ? QCoreApplication::translate("desktop::Startup",
                                              "This group's clock was moved forward (it is a dev group): a group on the network "
                                              "follows the real clock, so it can be opened on %1, once the real date reaches the group's.")
                      .arg(models::formatDateTime(group_time_s))
                : QCoreApplication::translate("desktop::Startup", "The group could not be opened to neighbours: %1").arg(outcome.error));
        return false;
    }
    // network.ini is removed again so that the next start finds the embedded group as it was.
    return reopen(workspace, [&workspace] { QFile::remove(workspace.networkSettingsPath()); });
}

bool Session::switchMode(bool light) {
    models::Workspace workspace(wallet_.data_dir);
    if (workspace_setup_) workspace_setup_(workspace);
    std::optional<models::NetworkSettings> network = workspace.networkSettings();
    if (!network || !network->watch_only || network->light == light) return false;
    const models::NetworkSettings before = *network;
    network->light = light;
    if (!workspace.saveNetworkSettings(*network)) {
        QMessageBox::warning(window_.get(), QStringLiteral("Rateio"),
                             QCoreApplication::translate("desktop::Startup", "The mode could not be saved in %1.")
                                 .arg(workspace.networkSettingsPath()));
        return false;
    }
    // A node that cannot open in the new mode leaves the folder as it was.
    QString failure;
    if (!reopen(workspace, [&workspace, before] { workspace.saveNetworkSettings(before); }, &failure)) return false;
    if (failure.isEmpty()) return true;
    QMessageBox box(QMessageBox::Warning, QStringLiteral("Rateio"),
                    light ? QCoreApplication::translate("desktop::Startup", "Light mode could not start, so this computer stays in full mode.")
                          : QCoreApplication::translate("desktop::Startup", "Full mode could not start, so this computer stays in light mode."),
                    QMessageBox::Ok, window_.get());
    box.setDetailedText(failure);
    box.exec();
    return false;
}

// The node lets go of the folder before the new one takes it.
bool Session::reopen(models::Workspace& workspace, const std::function<void()>& undo, QString* failure) {
    const QRect geometry = window_->geometry();
    const bool visible = window_->isVisible();
    // Closing the only window meanwhile must not end the application.
    const bool quit_on_last_window = QGuiApplication::quitOnLastWindowClosed();
    QGuiApplication::setQuitOnLastWindowClosed(false);
    window_.reset();
    models_.reset();
    client_.reset();
    models::OpenedNode opened = workspace.open();
    if (!opened.node) {
        qWarning().noquote() << "cannot open the group as asked:" << opened.error;
        if (failure) *failure = opened.error;
        undo();
        opened = workspace.open();
    }
    if (!opened.node) {
        const QString reason = models::Describe::openFailure(opened, wallet_.data_dir);
        QMessageBox box(QMessageBox::Critical, QStringLiteral("Rateio"),
                        QCoreApplication::translate("desktop::Startup", "Rateio could not open the group: %1").arg(reason));
        // The node's own words, one click away, when the sentence above is ours:
        // the message stays short enough for a small screen.
        if (reason != opened.error) box.setDetailedText(opened.error);
        box.exec();
        QGuiApplication::setQuitOnLastWindowClosed(quit_on_last_window);
        QCoreApplication::exit(1);
        return false;
    }
    opened.identity = identity_;
    build(std::move(opened), wallet_);
    window_->setGeometry(geometry);
    window_->showScreen(ui::MainWindow::Settings);
    if (visible) window_->show();
    QGuiApplication::setQuitOnLastWindowClosed(quit_on_last_window);
    emit windowReplaced(window_.get());
    return true;
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
        *error = models::Describe::openFailure(opened, dir);
        return nullptr;
    }
    return std::make_unique<Session>(std::move(opened), ui::WalletLocation{dir, QString::fromLatin1(models::Workspace::kDemoWalletName)}, settings);
}

std::unique_ptr<Session> openExisting(const QString& data_dir, QSettings* settings, QString* error) {
    models::Workspace workspace(data_dir);
    models::OpenedNode opened = workspace.open();
    if (!opened.node) {
        *error = models::Describe::openFailure(opened, data_dir);
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
            QCoreApplication::translate("desktop::Startup", "&Passphrase of the wallet \"%1\":").arg(wallet), QLineEdit::Password, QString(), &ok);
        if (!ok) break; // the wallet stays locked: "Unlock wallet…" in the window opens it later
        const models::Workspace::WalletOutcome unlocked = workspace.unlockWallet(wallet, passphrase);
        if (unlocked.ok()) {
            opened.identity = unlocked.key;
            break;
        }
        QMessageBox::warning(nullptr, QCoreApplication::translate("desktop::Startup", "Unlock your wallet"),
                             models::Describe::walletProblem(unlocked));
    }
    return std::make_unique<Session>(std::move(opened), ui::WalletLocation{data_dir, wallet}, settings);
}

std::unique_ptr<ui::FirstRunWizard> newFirstRunWizard(const QString& data_dir, const std::optional<chain::Invitation>& invitation) {
    auto wizard = std::make_unique<ui::FirstRunWizard>(data_dir);
    if (invitation) wizard->setInvitation(*invitation);
    return wizard;
}

std::unique_ptr<Session> runFirstStart(const QString& data_dir, QSettings* settings, QString* error,
                                       const std::optional<chain::Invitation>& invitation) {
    const std::unique_ptr<ui::FirstRunWizard> assistant = newFirstRunWizard(data_dir, invitation);
    ui::FirstRunWizard& wizard = *assistant;
    const bool accepted = wizard.exec() == QDialog::Accepted;
    // The language chosen is kept even when the assistant is cancelled: the next start speaks it.
    settings->setValue(kLanguageKey, wizard.language());
    if (!accepted) return nullptr;
    if (wizard.choice() == ui::FirstRunWizard::Choice::Demo) return openDemo(demoDataDir(data_dir), settings, error);
    models::OpenedNode opened = wizard.takeNode();
    if (!opened.node) {
        *error = QStringLiteral("the assistant ended without a group");
        return nullptr;
    }
    settings->setValue(kWalletKey, wizard.walletName());
    return std::make_unique<Session>(std::move(opened), ui::WalletLocation{data_dir, wizard.walletName()}, settings);
}

namespace {

// The folder holds a group: the invitation is for it (just open it), or for
// another one, which this folder cannot also hold.
StartPlan planForHeldGroup(const QString& data_dir, const chain::Invitation& invitation) {
    StartPlan plan;
    plan.open_existing = true;
    QString error;
    const std::optional<chain::Genesis> held = chain::NetworkNode::stored_genesis(data_dir, &error);
    if (held && held->group_id() == invitation.group_id) return plan;
    const QString held_name = held ? QString::fromStdString(held->group_name) : QString();
    plan.notice = held_name.isEmpty()
                      ? QCoreApplication::translate("desktop::Startup",
                                                    "This computer already takes part in another group, and Rateio keeps one group "
                                                    "per data folder, so it cannot join a second one here. Your group opens now.")
                      : QCoreApplication::translate("desktop::Startup",
                                                    "This computer already takes part in the group “%1”, and Rateio keeps one group "
                                                    "per data folder, so it cannot join a second one here. “%1” opens now.")
                            .arg(held_name);
    return plan;
}

} // namespace

StartPlan planStart(const QString& data_dir, const QString& invitation_argument) {
    const bool holds_group = models::Workspace(data_dir).holdsGroup();
    StartPlan plan;
    plan.open_existing = holds_group;
    if (invitation_argument.isEmpty()) return plan;
    const chain::ParsedInvitation parsed = chain::parse_invitation_argument(invitation_argument);
    if (!parsed.invitation) {
        plan.notice = QCoreApplication::translate("desktop::Startup", "This invitation cannot be used: %1\n\nRateio starts without it.")
                          .arg(ui::FirstRunWizard::describeInvitationProblem(parsed, ui::FirstRunWizard::InvitationSource::LinkOrFile));
        return plan;
    }
    if (holds_group) return planForHeldGroup(data_dir, *parsed.invitation);
    plan.invitation = parsed.invitation;
    return plan;
}

void showStartNotice(const StartPlan& plan, QWidget* parent) {
    if (plan.notice.isEmpty()) return;
    QMessageBox::warning(parent, QStringLiteral("Rateio"), plan.notice);
}

} // namespace desktop
