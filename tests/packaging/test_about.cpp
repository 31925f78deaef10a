// The About dialog tells the version CMake gave the project, the license, the
// build (commit, compiler, Qt) and the links, in both languages, and the
// status-bar button that opens it follows a language switch.

#include "ui/about_dialog.h"
#include "ui/language.h"
#include "ui/resources.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QtTest>

class TestAbout : public QObject {
    Q_OBJECT

private:
    static QString text(const QWidget& root, const char* name) {
        const auto* label = root.findChild<QLabel*>(QLatin1String(name));
        return label ? label->text() : QStringLiteral("<no %1>").arg(QLatin1String(name));
    }

private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
    }

    void showsVersionLicenseBuildAndLinks() {
        ui::AboutDialog dialog;
        QCOMPARE(dialog.windowTitle(), QStringLiteral("About Rateio"));
        QCOMPARE(text(dialog, "aboutTitle"), QStringLiteral("Rateio " RATEIO_EXPECTED_VERSION));
        QVERIFY(text(dialog, "aboutLicense").contains(QStringLiteral("GNU General Public License")));
        QVERIFY(text(dialog, "aboutLicense").contains(QStringLiteral("version 3 or (at your option) any later version")));
        const QString build = text(dialog, "aboutBuild");
        QVERIFY2(build.contains(QStringLiteral("Version: " RATEIO_EXPECTED_VERSION)), qPrintable(build));
        QVERIFY2(build.contains(QStringLiteral("Commit: ")), qPrintable(build));
        QVERIFY2(build.contains(QStringLiteral("running on %1").arg(QLatin1String(qVersion()))), qPrintable(build));
        QVERIFY(text(dialog, "aboutLinks").contains(QStringLiteral("href=\"http")));

        auto* copy = dialog.findChild<QAbstractButton*>(QStringLiteral("aboutCopy"));
        QVERIFY(copy);
        copy->click();
        QCOMPARE(QApplication::clipboard()->text(), ui::AboutDialog::buildInfoText());
    }

    void followsTheLanguage() {
        ui::AboutDialog dialog;
        ui::AboutButton button;
        // With its mnemonic (Alt+R; Alt+S in Portuguese).
        QCOMPARE(button.text(), QStringLiteral("About &Rateio"));
        ui::applyLanguage(QStringLiteral("pt_BR"));
        // LanguageChange reaches the widgets through the event queue.
        QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("Sobre o Rateio"));
        QCOMPARE(button.text(), QStringLiteral("&Sobre o Rateio"));
        QVERIFY(text(dialog, "aboutLicense").contains(QStringLiteral("Licença Pública Geral GNU")));
        QVERIFY(text(dialog, "aboutBuild").contains(QStringLiteral("Versão: " RATEIO_EXPECTED_VERSION)));
        ui::applyLanguage(QStringLiteral("en"));
        QTRY_COMPARE(button.text(), QStringLiteral("About &Rateio"));
    }
};

QTEST_MAIN(TestAbout)
#include "test_about.moc"
