#include "desktop_process.h"

#include <QDir>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>

namespace bench {

namespace {

constexpr int kDesktopTimeoutMs = 300'000;

} // namespace

bool run_desktop_process(const Options& options, const QStringList& arguments, const QString& scratch_dir,
                         DesktopRun* run, QString* error) {
    QProcess desktop;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // Settings of this run only: the user's own are never read or written.
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), QDir(scratch_dir).filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("HOME"), scratch_dir);
    desktop.setProcessEnvironment(environment);
    desktop.setProcessChannelMode(QProcess::SeparateChannels);
    const Stopwatch watch;
    desktop.start(options.desktop_program, QStringList{QStringLiteral("--lang"), QStringLiteral("en")} + arguments);
    QByteArray output;
    double populated_ms = -1;
    while (populated_ms < 0 && desktop.waitForReadyRead(kDesktopTimeoutMs)) {
        output += desktop.readAllStandardOutput();
        if (output.contains("overview populated")) populated_ms = watch.ms();
    }
    desktop.waitForFinished(kDesktopTimeoutMs);
    output += desktop.readAllStandardOutput();
    static const QRegularExpression height(QStringLiteral(R"(overview populated: height (\d+))"));
    static const QRegularExpression history(QStringLiteral(R"(history from block (\d+))"));
    static const QRegularExpression peak(QStringLiteral(R"(peak memory: (\d+) kB)"));
    const QString text = QString::fromUtf8(output);
    const QRegularExpressionMatch height_match = height.match(text);
    const QRegularExpressionMatch history_match = history.match(text);
    const QRegularExpressionMatch peak_match = peak.match(text);
    if (populated_ms < 0 || desktop.exitCode() != 0 || !height_match.hasMatch() || !peak_match.hasMatch()) {
        *error = QStringLiteral("the desktop did not report a populated overview:\n%1\n%2")
                     .arg(QString::fromUtf8(output), QString::fromUtf8(desktop.readAllStandardError()));
        return false;
    }
    run->populated_ms = populated_ms;
    run->peak_kb = peak_match.captured(1).toDouble();
    run->height = height_match.captured(1).toULongLong();
    run->history_from = history_match.hasMatch() ? history_match.captured(1).toULongLong() : 1;
    return true;
}

} // namespace bench
