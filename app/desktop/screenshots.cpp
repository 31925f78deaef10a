#include "app/desktop/screenshots.h"

#include "ui/first_run_wizard.h"
#include "ui/page.h"
#include "ui/votes_page.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QTemporaryDir>
#include <QThread>

namespace desktop {

namespace {

const char* const kScreenNames[] = {"overview", "votes", "crowdfunding", "trade", "plants", "members", "activity", "settings"};

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
        const QString path = QDir(dir).filePath(QStringLiteral("%1-%2-%3.png").arg(language).arg(screen + 1, 2, 10, QLatin1Char('0')).arg(QString::fromLatin1(kScreenNames[screen])));
        if (!save(window, path, error)) return written;
        ++written;
    }
    // The assistant's first two pages, in a throwaway folder.
    QTemporaryDir scratch;
    ui::FirstRunWizard wizard(scratch.path());
    wizard.show();
    settle(session);
    if (!save(&wizard, QDir(dir).filePath(QStringLiteral("%1-09-assistant-language.png").arg(language)), error)) return written;
    wizard.next();
    settle(session);
    if (!save(&wizard, QDir(dir).filePath(QStringLiteral("%1-10-assistant-start.png").arg(language)), error)) return written;
    return written + 2;
}

} // namespace desktop
