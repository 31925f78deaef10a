#include "app/desktop/screenshots.h"

#include "node/invitation.h"
#include "node/network_node.h"
#include "node/node_files.h"
#include "ui/first_run_wizard.h"
#include "ui/page.h"
#include "ui/votes_page.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QThread>

namespace desktop {

namespace {

// The assistant and the networked screens are numbered after the main window's.
constexpr int kAssistantFirst = ui::MainWindow::ScreenCount + 1;

void settle(Session& session) {
    session.client()->waitForIdle();
    for (int i = 0; i < 5; ++i) {
        QApplication::processEvents();
        QThread::msleep(20);
    }
}

bool save(QWidget* widget, const QString& path, QString* error) {
    if (widget->grab().save(path)) return true;
    *error = QStringLiteral("could not write %1").arg(path);
    return false;
}

// The network screens wait for real nodes on 127.0.0.1; this bounds the wait.
constexpr int kNetworkWait_ms = 60'000;

bool waitFor(const std::function<bool()>& done) {
    QDeadlineTimer deadline(kNetworkWait_ms);
    while (!done()) {
        if (deadline.hasExpired()) return false;
        QApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(10);
    }
    return true;
}

QString fileName(const QString& dir, const QString& language, int number, const char* name) {
    return QDir(dir).filePath(QStringLiteral("%1-%2-%3.png").arg(language).arg(number, 2, 10, QLatin1Char('0')).arg(QString::fromLatin1(name)));
}

// The assistant's join page, filled in as an invited person would.
bool saveJoinPage(const QString& path, const chain::Hash256& group_id, QString* error) {
    QTemporaryDir scratch;
    ui::FirstRunWizard wizard(scratch.path());
    wizard.setStartId(ui::FirstRunWizard::JoinPageId);
    wizard.restart();
    wizard.show();
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardJoinGroupId"))->setText(QString::fromStdString(chain::codec::to_hex(group_id)));
    wizard.findChild<QPlainTextEdit*>(QStringLiteral("wizardJoinPeers"))
        ->setPlainText(QStringLiteral("192.168.0.20:26656\n192.168.0.31:26656"));
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardJoinFullName"))->setText(QStringLiteral("Rafael Souza"));
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardJoinConsumerUnit"))->setText(QStringLiteral("0412399001"));
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardJoinUtility"))->setText(QStringLiteral("Light"));
    QApplication::processEvents();
    return save(&wizard, path, error);
}

// A second demo group, opened to neighbours from Settings as its founder
// would, its app the validator on 127.0.0.1, so that a joining and a
// watch-only app can be shown against a real peer, and the founder's screens
// with them.
struct NetworkedDemo {
    QTemporaryDir scratch;
    std::unique_ptr<Session> founder;
    chain::Genesis genesis;
    // What the founder's invitation shows: an address of a typical home
    // network (the machine's own addresses stay out of the pictures).
    static constexpr const char* kShownAddress = "192.168.0.20:26656";

    // Screenshots never talk to the home router, and listen on any free port.
    static void setUp(models::Workspace& workspace) {
        workspace.setNetworkTuning(chain::NetworkNodeConfig{});
        workspace.setDefaultListenPort(0);
    }

    bool start(QSettings* settings, QString* error) {
        QFile seed(QStringLiteral(":/demo/demo_group.json"));
        if (!seed.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("the demo seed is missing from the resources");
            return false;
        }
        const QString dir = scratch.filePath(QStringLiteral("group"));
        models::Workspace workspace(dir);
        setUp(workspace);
        models::OpenedNode seeded = workspace.seedDemo(seed.readAll());
        if (!seeded.node) {
            *error = seeded.error;
            return false;
        }
        const std::int64_t group_time_s = seeded.node->summary().time_s;
        seeded.node.reset(); // closes the embedded node: the networked one takes its folder over
        if (const models::Workspace::OpenUpOutcome opened_up = workspace.openUpGroup(group_time_s); !opened_up.ok()) {
            *error = opened_up.error;
            return false;
        }
        models::NetworkSettings network = *workspace.networkSettings();
        network.advertise_interfaces = false;
        network.advertised = {QString::fromLatin1(kShownAddress)};
        workspace.saveNetworkSettings(network);
        models::OpenedNode opened = workspace.open();
        if (!opened.node) {
            *error = opened.error;
            return false;
        }
        genesis = static_cast<chain::NetworkNode&>(*opened.node).genesis();
        const QString wallet = QString::fromLatin1(models::Workspace::kDemoWalletName);
        opened.identity = workspace.unlockWallet(wallet, QString::fromLatin1(models::Workspace::kDemoPassphrase)).key;
        founder = std::make_unique<Session>(std::move(opened), ui::WalletLocation{dir, wallet}, settings);
        if (waitFor([this] { return founder->models()->snapshot().listen_port != 0; })) return true;
        *error = QStringLiteral("the founder's node did not listen");
        return false;
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(founder->models()->snapshot().listen_port); }

    // An app that joined (identity set, admission asked) or follows watch-only.
    std::unique_ptr<Session> openApp(const QString& name, std::optional<chain::crypto::KeyPair> identity, QSettings* settings,
                                     QString* error) {
        models::NetworkSettings network;
        network.watch_only = !identity;
        network.peers = {address()};
        network.listen_port = 0; // any free port: screenshots must not collide with a running app
        network.advertise_interfaces = false; // the machine's own addresses stay out of the pictures
        network.admission_pending = identity.has_value();
        network.full_name = QStringLiteral("Rafael Souza");
        network.consumer_unit = QStringLiteral("0412399001");
        network.utility = QStringLiteral("Light");
        const QString dir = scratch.filePath(name);
        models::Workspace workspace(dir);
        setUp(workspace);
        models::OpenedNode opened = workspace.openFetchedGroup(genesis, network);
        if (!opened.node) {
            *error = opened.error;
            return nullptr;
        }
        opened.identity = identity;
        return std::make_unique<Session>(std::move(opened), ui::WalletLocation{dir, identity ? QStringLiteral("main") : QString()}, settings);
    }
};

bool saveOverview(Session& session, const QString& path, const std::function<bool()>& ready, QString* error) {
    ui::MainWindow* window = session.window();
    window->resize(1280, 860);
    window->show();
    if (!waitFor(ready)) {
        *error = QStringLiteral("the networked demo did not reach the state to show for %1").arg(path);
        return false;
    }
    window->showScreen(ui::MainWindow::Overview);
    settle(session);
    return save(window, path, error);
}

// The founder's Votes screen on the newest admission, and Settings at the
// group on the network.
bool saveFounderScreens(Session& founder, const QString& dir, const QString& language, QString* error) {
    ui::MainWindow* window = founder.window();
    window->resize(1280, 860);
    window->show();
    std::uint64_t admission = 0;
    if (!waitFor([&] {
            for (const chain::Referendum& r : founder.models()->snapshot().referendums)
                if (r.kind == chain::ReferendumKind::Admission && r.outcome == chain::Outcome::Pending) admission = r.id;
            return admission != 0 && founder.models()->snapshot().peer_count > 0;
        })) {
        *error = QStringLiteral("the founder's app did not see the admission");
        return false;
    }
    window->showScreen(ui::MainWindow::Votes);
    window->votesPage()->select(admission);
    settle(founder);
    if (!save(window, fileName(dir, language, kAssistantFirst + 7, "votes-admission"), error)) return false;
    window->showScreen(ui::MainWindow::Settings);
    window->settingsPage()->scrollToNetwork();
    settle(founder);
    return save(window, fileName(dir, language, kAssistantFirst + 8, "settings-founder-network"), error);
}

// The assistant's page that founds a group, filled in, its advanced part open.
bool saveCreatePage(const QString& path, QString* error) {
    QTemporaryDir scratch;
    ui::FirstRunWizard wizard(scratch.path());
    wizard.setStartId(ui::FirstRunWizard::CreateGroupPageId);
    wizard.restart();
    wizard.show();
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardGroupName"))->setText(QStringLiteral("Condomínio Sol Nascente"));
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardFullName"))->setText(QStringLiteral("Marta Oliveira"));
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardConsumerUnit"))->setText(QStringLiteral("0412345678"));
    wizard.findChild<QLineEdit*>(QStringLiteral("wizardUtility"))->setText(QStringLiteral("Light"));
    wizard.findChild<QAbstractButton*>(QStringLiteral("wizardAdvanced"))->click();
    QApplication::processEvents();
    return save(&wizard, path, error);
}

// The join page, the overview while the admission is voted, the invitation
// and the validators in a joined member's Settings, a watch-only overview,
// and the founder's: the admission in the Votes screen and the group on the
// network in Settings.
int takeNetworkScreenshots(const QString& dir, const QString& language, QString* error) {
    NetworkedDemo demo;
    QSettings settings(demo.scratch.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    if (!demo.start(&settings, error)) return 0;
    if (!saveJoinPage(fileName(dir, language, kAssistantFirst + 2, "assistant-join"), demo.genesis.group_id(), error)) return 0;
    std::unique_ptr<Session> joined = demo.openApp(QStringLiteral("joined"), chain::crypto::KeyPair::generate(), &settings, error);
    if (!joined) return 1;
    auto* banner = joined->window()->findChild<QLabel*>(QStringLiteral("overviewBanner"));
    const auto voting = [&joined, banner] {
        return joined->models()->snapshot().my_application() != nullptr && banner->isVisible();
    };
    if (!saveOverview(*joined, fileName(dir, language, kAssistantFirst + 3, "overview-admission-pending"), voting, error)) return 1;
    joined->window()->showScreen(ui::MainWindow::Settings);
    joined->window()->settingsPage()->scrollToNetwork();
    settle(*joined);
    if (!save(joined->window(), fileName(dir, language, kAssistantFirst + 5, "settings-invitation"), error)) return 2;
    if (!saveFounderScreens(*demo.founder, dir, language, error)) return 3;
    joined.reset();
    std::unique_ptr<Session> reader = demo.openApp(QStringLiteral("reader"), std::nullopt, &settings, error);
    if (!reader) return 5;
    const std::uint64_t height = demo.founder->models()->snapshot().summary.height;
    const auto synced = [&reader, height] {
        const models::Snapshot& s = reader->models()->snapshot();
        return s.summary.height >= height && s.peer_count > 0;
    };
    if (!saveOverview(*reader, fileName(dir, language, kAssistantFirst + 4, "overview-watch-only"), synced, error)) return 5;
    return 6;
}

} // namespace

int takeScreenshots(Session& session, const QString& dir, const QString& language, QString* error) {
    QDir().mkpath(dir);
    ui::MainWindow* window = session.window();
    window->resize(1280, 860);
    window->show();
    settle(session);
    // The votes screen opens on a question awaiting the user, the most telling one.
    const models::Snapshot& s = session.models()->snapshot();
    for (const chain::Referendum& r : s.referendums)
        if (r.outcome == chain::Outcome::Pending && r.kind == chain::ReferendumKind::Plant) window->votesPage()->select(r.id);
    int written = 0;
    for (int screen = 0; screen < ui::MainWindow::ScreenCount; ++screen) {
        window->showScreen(ui::MainWindow::Screen(screen));
        settle(session);
        const QString path = fileName(dir, language, screen + 1, ui::screenInfo(ui::Screen(screen)).screenshot_name);
        if (!save(window, path, error)) return written;
        ++written;
    }
    // The assistant's first two pages, in a throwaway folder.
    QTemporaryDir scratch;
    ui::FirstRunWizard wizard(scratch.path());
    wizard.show();
    settle(session);
    if (!save(&wizard, fileName(dir, language, kAssistantFirst, "assistant-language"), error)) return written;
    wizard.next();
    settle(session);
    if (!save(&wizard, fileName(dir, language, kAssistantFirst + 1, "assistant-start"), error)) return written;
    written += 2;
    if (!saveCreatePage(fileName(dir, language, kAssistantFirst + 6, "assistant-create"), error)) return written;
    ++written;
    return written + takeNetworkScreenshots(dir, language, error);
}

} // namespace desktop
