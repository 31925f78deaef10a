#include "app/desktop/screenshots.h"

#include "node/invitation.h"
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

const char* const kScreenNames[] = {"overview", "votes", "crowdfunding", "trade", "plants", "members", "energy", "activity", "settings"};
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

// A second demo group, run by a NetworkNode on 127.0.0.1 as its validator,
// so that a joining and a watch-only app can be shown against a real peer.
struct NetworkedDemo {
    QTemporaryDir scratch;
    std::unique_ptr<chain::NetworkNode> node;
    chain::Genesis genesis;

    bool start(QString* error) {
        QFile seed(QStringLiteral(":/demo/demo_group.json"));
        if (!seed.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("the demo seed is missing from the resources");
            return false;
        }
        const QString dir = scratch.filePath(QStringLiteral("group"));
        models::OpenedNode seeded = models::Workspace(dir).seedDemo(seed.readAll());
        if (!seeded.node) {
            *error = seeded.error;
            return false;
        }
        seeded.node.reset(); // closes the embedded node: the networked one takes its folder over
        const std::optional<chain::Genesis> stored = chain::NetworkNode::stored_genesis(dir, error);
        const std::optional<chain::crypto::KeyPair> key = chain::read_node_key_file(chain::LocalNode::node_key_path(dir), error);
        if (!stored || !key) return false;
        genesis = *stored;
        chain::NetworkNodeConfig config;
        config.data_dir = dir;
        node = chain::NetworkNode::open(config, genesis, *key, [] { return QDateTime::currentMSecsSinceEpoch(); }, error);
        return node && node->start(error);
    }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(node->listening_port()); }

    // An app that joined (identity set, admission asked) or follows watch-only.
    std::unique_ptr<Session> openApp(const QString& name, std::optional<chain::crypto::KeyPair> identity, QSettings* settings,
                                     QString* error) {
        models::NetworkSettings network;
        network.watch_only = !identity;
        network.peers = {address()};
        network.listen_port = 0; // any free port: screenshots must not collide with a running app
        network.admission_pending = identity.has_value();
        network.full_name = QStringLiteral("Rafael Souza");
        network.consumer_unit = QStringLiteral("0412399001");
        network.utility = QStringLiteral("Light");
        const QString dir = scratch.filePath(name);
        models::OpenedNode opened = models::Workspace(dir).openFetchedGroup(genesis, network);
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

// The join page, the overview while the admission is voted, the invitation
// in Settings, and a watch-only overview.
int takeNetworkScreenshots(const QString& dir, const QString& language, QString* error) {
    NetworkedDemo demo;
    if (!demo.start(error)) return 0;
    if (!saveJoinPage(fileName(dir, language, kAssistantFirst + 2, "assistant-join"), demo.genesis.group_id(), error)) return 0;
    QSettings settings(demo.scratch.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    std::unique_ptr<Session> joined = demo.openApp(QStringLiteral("joined"), chain::crypto::KeyPair::generate(), &settings, error);
    if (!joined) return 1;
    auto* banner = joined->window()->findChild<QLabel*>(QStringLiteral("overviewBanner"));
    const auto voting = [&joined, banner] {
        return joined->models()->snapshot().my_application() != nullptr && banner->isVisible();
    };
    if (!saveOverview(*joined, fileName(dir, language, kAssistantFirst + 3, "overview-admission-pending"), voting, error)) return 1;
    joined->window()->showScreen(ui::MainWindow::Settings);
    settle(*joined);
    if (!save(joined->window(), fileName(dir, language, kAssistantFirst + 5, "settings-invitation"), error)) return 2;
    joined.reset();
    std::unique_ptr<Session> reader = demo.openApp(QStringLiteral("reader"), std::nullopt, &settings, error);
    if (!reader) return 3;
    const std::uint64_t height = demo.node->summary().height;
    const auto synced = [&reader, height] {
        const models::Snapshot& s = reader->models()->snapshot();
        return s.summary.height >= height && s.peer_count > 0;
    };
    if (!saveOverview(*reader, fileName(dir, language, kAssistantFirst + 4, "overview-watch-only"), synced, error)) return 3;
    return 4;
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
        const QString path = fileName(dir, language, screen + 1, kScreenNames[screen]);
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
    return written + takeNetworkScreenshots(dir, language, error);
}

} // namespace desktop
