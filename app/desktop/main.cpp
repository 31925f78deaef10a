// rateio: the desktop application.
//
//   rateio                      the group in the data folder, or the first-run assistant
//   rateio --demo               a freshly seeded demo group
//   rateio --screenshot DIR     every screen of the demo, rendered to PNG (offscreen works)
//   rateio --lang pt_BR|en      the language for this run (default: saved choice, else the system's)
//   rateio --datadir DIR        another data folder ($RATEIO_DATADIR works too)
//   rateio INVITATION           join from a rateio: link or a .rateio-invite file (path or file:// URL),
//                               as the desktop entry does when one is opened
//   rateio --exit-after-overview  quit once the overview is populated, printing the peak memory
//                                 (the desktop start benchmark, docs/PERFORMANCE.md)
//   rateio --exit-at-height N     the same, once the overview shows block N or a later one with
//                                 its certificate checked (the desktop join benchmark)

#include "app/desktop/screenshots.h"
#include "app/desktop/startup.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "ui/theme.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QTimer>
#include <QIcon>
#include <QMessageBox>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

namespace {

// The process's peak resident memory (VmHWM) in kB, 0 when unknown.
long long peakMemoryKb() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly)) return 0;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:")) return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return 0;
}

// For the desktop benchmarks: the first snapshot that shows block
// `min_height` or later (any, at 0; with its certificate checked, above 0)
// reaches the models (and through them the overview) on the GUI thread; one
// more turn of the event loop lets the page lay out and paint it, then the
// figures go to stdout.
void quitAfterOverview(desktop::Session& session, std::uint64_t min_height) {
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(session.client(), &models::NodeClient::snapshotChanged, qApp, [&session, min_height, connection] {
        const models::SnapshotPtr snapshot = session.client()->snapshot();
        if (min_height > 0 && (snapshot->summary.height < min_height || !snapshot->certified)) return;
        QObject::disconnect(*connection);
        QTimer::singleShot(0, qApp, [snapshot] {
            std::printf("overview populated: height %llu, %zu members, %zu events shown, history from block %llu\n",
                        static_cast<unsigned long long>(snapshot->summary.height), snapshot->members.size(),
                        snapshot->events.size(), static_cast<unsigned long long>(snapshot->history_from));
            std::printf("peak memory: %lld kB\n", peakMemoryKb());
            std::fflush(stdout);
            QCoreApplication::exit(0);
        });
    });
}

} // namespace

int main(int argc, char* argv[]) {
    // Answered before QApplication, which needs a display: a package test or
    // a terminal over ssh asks for the version too.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("rateio %s\n", RATEIO_VERSION);
            return 0;
        }
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Rateio"));
    QApplication::setApplicationName(QStringLiteral("rateio"));
    QApplication::setApplicationVersion(QStringLiteral(RATEIO_VERSION));
    // Wayland matches the window to the installed .desktop file by this name.
    QApplication::setDesktopFileName(QStringLiteral("io.github.rateio.Rateio"));
    ui::initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/rateio.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Rateio: the shared distributed-generation group on your desktop."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"), QStringLiteral("Open a freshly seeded demo group."));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QStringLiteral("Render every screen of the demo to PNG files in DIR."),
                                       QStringLiteral("DIR"));
    const QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Language for this run: pt_BR or en."), QStringLiteral("LANG"));
    const QCommandLineOption datadir(QStringLiteral("datadir"), QStringLiteral("Data folder."), QStringLiteral("DIR"));
    const QCommandLineOption exit_after_overview(
        QStringLiteral("exit-after-overview"),
        QStringLiteral("Quit once the overview shows the group, printing what it holds and the peak memory (rateio-bench)."));
    const QCommandLineOption exit_at_height(
        QStringLiteral("exit-at-height"),
        QStringLiteral("Quit once the overview shows block N or a later one, verified, printing what it holds (rateio-bench)."),
        QStringLiteral("N"));
    parser.addOptions({demo, screenshot, lang, datadir, exit_after_overview, exit_at_height});
    parser.addPositionalArgument(QStringLiteral("invitation"),
                                 QStringLiteral("An invitation to join a group: a rateio: link, or a .rateio-invite file."),
                                 QStringLiteral("[invitation]"));
    parser.process(app);

    QSettings settings;
    const QString language = parser.isSet(lang) ? parser.value(lang) : settings.value(desktop::kLanguageKey, ui::systemLanguage()).toString();
    ui::applyLanguage(language);
    ui::applyTheme(ui::themeFromName(settings.value(desktop::kThemeKey, QStringLiteral("system")).toString()));
    const QString data_dir = parser.isSet(datadir) ? parser.value(datadir) : desktop::defaultDataDir();

    QString error;
    std::unique_ptr<desktop::Session> session;
    if (parser.isSet(screenshot)) {
        // Screenshots never touch the user's data or settings.
        QTemporaryDir scratch;
        QSettings scratch_settings(scratch.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::applyTheme(ui::Theme::Light);
        session = desktop::openDemo(scratch.filePath(QStringLiteral("demo")), &scratch_settings, &error);
        if (!session) {
            std::fprintf(stderr, "rateio: the demo group could not be built: %s\n", qPrintable(error));
            return 1;
        }
        const int written = desktop::takeScreenshots(*session, parser.value(screenshot), ui::currentLanguage(), &error);
        session.reset();
        if (!error.isEmpty()) {
            std::fprintf(stderr, "rateio: %s\n", qPrintable(error));
            return 1;
        }
        std::printf("%d screenshots written to %s\n", written, qPrintable(parser.value(screenshot)));
        return 0;
    }
    if (parser.isSet(demo)) session = desktop::openDemo(desktop::demoDataDir(data_dir), &settings, &error);
    else {
        // The desktop entry hands on one link or file (%u); anything after it is ignored.
        const desktop::StartPlan plan = desktop::planStart(data_dir, parser.positionalArguments().value(0));
        desktop::showStartNotice(plan);
        if (plan.open_existing) session = desktop::openExisting(data_dir, &settings, &error);
        else {
            session = desktop::runFirstStart(data_dir, &settings, &error, plan.invitation);
            if (!session && error.isEmpty()) return 0; // the user closed the assistant
        }
    }
    if (!session) {
        QMessageBox::critical(nullptr, QStringLiteral("Rateio"),
                              QCoreApplication::translate("desktop::Startup", "Rateio could not open the group: %1").arg(error));
        return 1;
    }
    session->window()->show();
    if (parser.isSet(exit_after_overview)) quitAfterOverview(*session, 0);
    if (parser.isSet(exit_at_height)) quitAfterOverview(*session, std::max<qulonglong>(1, parser.value(exit_at_height).toULongLong()));
    const int status = app.exec();
    session.reset();
    return status;
}
