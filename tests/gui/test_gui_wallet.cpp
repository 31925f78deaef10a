// Wallet safety in the desktop app, driven by clicks and typing: the
// assistant's backup is always of the wallet that will be used and read back
// before Next; a name already taken says so and offers to open it; wallet
// files the assistant wrote and abandoned are removed, those there before
// stay; a wallet left locked at start is unlocked from the window without a
// restart; names are written as people write them; a backup chooser error
// leaves nothing stale; chain's English never reaches a member.

#include "app/desktop/startup.h"
#include "ui/first_run_wizard.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "ui/votes_page.h"
#include "ui/wallet_backup.h"
#include "widget_lookup.h"
#include "wizard_steps.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using gui_test::child;
using gui_test::typeInto;

namespace {

constexpr int kUiWait_ms = 20'000;
const QString kPassphrase = QStringLiteral("ipê amarelo 2025");

// Answers the next QInputDialog: types `text` and accepts, or cancels when
// `text` is null (Bitcoin Core's GUI tests answer modal dialogs alike).
void answerNextInputDialog(const QString& text) {
    QTimer::singleShot(0, [text] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* dialog = qobject_cast<QInputDialog*>(w); dialog && dialog->isVisible()) {
                if (text.isNull()) {
                    dialog->reject();
                } else {
                    dialog->setTextValue(text);
                    dialog->accept();
                }
                return;
            }
        answerNextInputDialog(text); // not shown yet
    });
}

// From the wallet choice to the backup page, with a new wallet named `name`.
void createWalletNamed(ui::FirstRunWizard& wizard, const QString& name) {
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton); // new wallet
    typeInto(&wizard, QStringLiteral("wizardWalletName"), name);
    typeInto(&wizard, QStringLiteral("wizardPassphrase"), kPassphrase);
    typeInto(&wizard, QStringLiteral("wizardPassphraseConfirm"), kPassphrase);
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
}

void saveBackup(ui::FirstRunWizard& wizard, const QString& path) {
    typeInto(&wizard, QStringLiteral("wizardBackupPath"), path);
    QTest::mouseClick(child<QPushButton>(&wizard, QStringLiteral("wizardBackupSave")), Qt::LeftButton);
}

// With $RATEIO_SHOTS_DIR set, what a step shows is saved there as PNG, to be looked at.
void shoot(QWidget* widget, const QString& name) {
    const QString dir = qEnvironmentVariable("RATEIO_SHOTS_DIR");
    if (dir.isEmpty()) return;
    QApplication::processEvents();
    widget->grab().save(QStringLiteral("%1/%2-%3.png").arg(dir, name, ui::currentLanguage()));
}

QString backupMessage(ui::FirstRunWizard& wizard) { return child<QLabel>(&wizard, QStringLiteral("wizardBackupMessage"))->text(); }

} // namespace

class TestGuiWallet : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;

private slots:
    void initTestCase() {
        ui::initResources();
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    }
    void init() { ui::applyLanguage(QStringLiteral("en")); }

    // Point 1: a backup saved for one wallet counts for nothing once Back led
    // to another; the new one is saved, read back and checked.
    void backAndRenameInvalidatesTheBackup() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardCreateGroup"));
        createWalletNamed(wizard, QStringLiteral("Ana Souza"));
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletBackupPageId));
        saveBackup(wizard, data.filePath(QStringLiteral("ana.wallet")));
        QVERIFY2(backupMessage(wizard).contains(QStringLiteral("checked")), qPrintable(backupMessage(wizard)));
        QTest::mouseClick(child<QCheckBox>(&wizard, QStringLiteral("wizardBackupConfirmed")), Qt::LeftButton);
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());

        QTest::mouseClick(wizard.button(QWizard::BackButton), Qt::LeftButton);
        typeInto(&wizard, QStringLiteral("wizardWalletName"), QStringLiteral("Conceição"));
        QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletBackupPageId));
        QCOMPARE(wizard.walletName(), QStringLiteral("Conceição"));
        // Nothing says "saved" for the old file, and Next waits for this wallet's backup.
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled());
        QVERIFY(!child<QCheckBox>(&wizard, QStringLiteral("wizardBackupConfirmed"))->isChecked());
        QVERIFY(!child<QLabel>(&wizard, QStringLiteral("wizardBackupMessage"))->isVisible());
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("wizardBackupWallet"))->text().contains(QStringLiteral("Conceição")));
        QTest::mouseClick(child<QCheckBox>(&wizard, QStringLiteral("wizardBackupConfirmed")), Qt::LeftButton);
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // confirmed, but not saved
        // The abandoned wallet is gone; the old backup is of no wallet here.
        QVERIFY(!wizard.workspace().walletExists(QStringLiteral("Ana Souza")));
        const QString old_backup = data.filePath(QStringLiteral("ana.wallet"));
        QCOMPARE(wizard.workspace().verifyBackup(QStringLiteral("Conceição"), old_backup, kPassphrase).problem,
                 models::Workspace::WalletProblem::BackupOfAnotherWallet);

        const QString backup = data.filePath(QStringLiteral("conceicao.wallet"));
        saveBackup(wizard, backup);
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
        shoot(&wizard, QStringLiteral("wizard-backup-saved"));
        QVERIFY(wizard.workspace().verifyBackup(QStringLiteral("Conceição"), backup, kPassphrase).ok());
        QCOMPARE(wizard.workspace().walletNames(), QStringList{QStringLiteral("Conceição")});
    }

    // Point 2: the name of a wallet already here says so, offers to open it,
    // and opening it with its passphrase uses it (and writes nothing).
    void anExistingNameSaysSoAndOffersToOpenIt() {
        QTemporaryDir data;
        QVERIFY(models::Workspace(data.path()).createWallet(QStringLiteral("Marta"), kPassphrase).ok());
        ui::FirstRunWizard wizard(data.path());
        gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardCreateGroup"));
        createWalletNamed(wizard, QStringLiteral("Marta"));
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletCreatePageId));
        const QString error = child<QLabel>(&wizard, QStringLiteral("wizardWalletError"))->text();
        QVERIFY2(error.contains(QStringLiteral("A wallet named “Marta” already exists on this computer")), qPrintable(error));
        QVERIFY2(!error.contains(QStringLiteral("could not be opened")), qPrintable(error));
        auto* open = child<QPushButton>(&wizard, QStringLiteral("wizardOpenExistingWallet"));
        QVERIFY(open->isVisible());
        shoot(&wizard, QStringLiteral("wizard-name-taken"));
        // A wrong passphrase is told as such, and nothing moves.
        typeInto(&wizard, QStringLiteral("wizardPassphrase"), QStringLiteral("not the passphrase"));
        open->click();
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletCreatePageId));
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("wizardWalletError"))->text().contains(QStringLiteral("passphrase does not open")));
        typeInto(&wizard, QStringLiteral("wizardPassphrase"), kPassphrase);
        open->click();
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletBackupPageId));
        QCOMPARE(wizard.walletName(), QStringLiteral("Marta"));
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
        QVERIFY(models::Workspace(data.path()).walletExists(QStringLiteral("Marta"))); // there before: never removed
    }

    // Point 2: Cancel and closing the window remove what the assistant wrote,
    // never a wallet that was there before.
    void abandonedWalletsAreRemovedAndOlderOnesStay() {
        QTemporaryDir data;
        models::Workspace workspace(data.path());
        QVERIFY(workspace.createWallet(QStringLiteral("Marta"), kPassphrase).ok());
        {
            ui::FirstRunWizard wizard(data.path());
            gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardCreateGroup"));
            createWalletNamed(wizard, QStringLiteral("Ana Souza"));
            QVERIFY(workspace.walletExists(QStringLiteral("Ana Souza")));
            QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
            QCOMPARE(wizard.result(), int(QDialog::Rejected));
        }
        QCOMPARE(workspace.walletNames(), QStringList{QStringLiteral("Marta")});
        {
            ui::FirstRunWizard wizard(data.path());
            gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardJoinGroup"));
            createWalletNamed(wizard, QStringLiteral("João d'Ávila"));
            QVERIFY(workspace.walletExists(QStringLiteral("João d'Ávila")));
            wizard.close();
        }
        QCOMPARE(workspace.walletNames(), QStringList{QStringLiteral("Marta")});
    }

    // Point 3: the passphrase prompt cancelled at start leaves the wallet
    // locked (not "no wallet"); "Unlock wallet…" opens it and the vote goes
    // through, without a restart.
    void cancelAtStartThenUnlockWalletEnablesVoting() {
        const QString data = dir_.filePath(QStringLiteral("locked-demo"));
        {
            QString error;
            std::unique_ptr<desktop::Session> seeded = desktop::openDemo(data, settings_.get(), &error);
            QVERIFY2(seeded, qPrintable(error));
        }
        settings_->setValue(QLatin1String(desktop::kWalletKey), QString::fromLatin1(models::Workspace::kDemoWalletName));
        answerNextInputDialog(QString()); // Cancel at the prompt
        QString error;
        std::unique_ptr<desktop::Session> session = desktop::openExisting(data, settings_.get(), &error);
        QVERIFY2(session, qPrintable(error));
        ui::MainWindow* window = session->window();
        window->show();
        QVERIFY(window->walletLocked());
        QVERIFY(!window->watchOnly());
        QTRY_VERIFY_WITH_TIMEOUT(session->models()->snapshot().referendums.size() > 0, kUiWait_ms);

        auto* banner = child<QLabel>(window, QStringLiteral("overviewBanner"));
        QTRY_VERIFY(banner->text().contains(QStringLiteral("is locked")));
        QVERIFY(child<QPushButton>(window, QStringLiteral("overviewUnlockWallet"))->isVisible());
        auto* status_unlock = child<QPushButton>(window, QStringLiteral("statusUnlockWallet"));
        QVERIFY(status_unlock->isVisible());
        window->resize(1280, 720);
        shoot(window, QStringLiteral("window-locked-overview"));
        window->showScreen(ui::MainWindow::Votes);
        auto* yes = child<QPushButton>(window, QStringLiteral("voteYesButton"));
        QVERIFY(!yes->isEnabled());
        QVERIFY2(yes->toolTip().contains(QStringLiteral("Unlock wallet…")), qPrintable(yes->toolTip()));

        // A wrong passphrase is said in the dialog, which asks again; then the right one.
        answerNextInputDialog(QStringLiteral("wrong passphrase"));
        QTimer::singleShot(50, [] { answerNextInputDialog(QString::fromLatin1(models::Workspace::kDemoPassphrase)); });
        QTest::mouseClick(status_unlock, Qt::LeftButton);
        QVERIFY(!window->walletLocked());
        QVERIFY(!status_unlock->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(session->models()->snapshot().has_identity, kUiWait_ms);

        const models::Snapshot& s = session->models()->snapshot();
        std::uint64_t id = 0;
        std::size_t yes_before = 0;
        for (const chain::Referendum& r : s.referendums)
            if (r.outcome == chain::Outcome::Pending && r.electorate.count(s.me) && !r.ballots.count(s.me)) {
                id = r.id;
                yes_before = r.yes_count();
            }
        QVERIFY(id);
        window->votesPage()->select(id);
        QTRY_VERIFY(yes->isEnabled());
        QTest::mouseClick(yes, Qt::LeftButton);
        const auto yes_count = [&session, id]() -> std::size_t {
            for (const chain::Referendum& r : session->models()->snapshot().referendums)
                if (r.id == id) return r.yes_count();
            return 0;
        };
        QTRY_COMPARE_WITH_TIMEOUT(yes_count(), yes_before + 1, kUiWait_ms);
    }

    // Point 5: "Save" in the chooser saves; an error from an earlier try is
    // gone once a later one succeeds.
    void aChooserErrorThenSuccessLeavesNothingStale() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        QString answer = data.filePath(QStringLiteral("no-such-folder/backup.wallet"));
        wizard.setBackupPathChooser([&answer](QWidget*, const QString&) { return answer; });
        gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardCreateGroup"));
        createWalletNamed(wizard, QStringLiteral("Ana Souza"));
        auto* choose = child<QPushButton>(&wizard, QStringLiteral("wizardBackupBrowse"));
        QTest::mouseClick(choose, Qt::LeftButton);
        QVERIFY2(backupMessage(wizard).contains(QStringLiteral("could not be saved")), qPrintable(backupMessage(wizard)));
        QVERIFY(!backupMessage(wizard).contains(QStringLiteral("cannot write")));
        answer = data.filePath(QStringLiteral("backup.wallet"));
        QTest::mouseClick(choose, Qt::LeftButton);
        QVERIFY(QFile::exists(answer));
        QVERIFY2(backupMessage(wizard).startsWith(QStringLiteral("Backup saved to")), qPrintable(backupMessage(wizard)));
        QCOMPARE(child<QLineEdit>(&wizard, QStringLiteral("wizardBackupPath"))->text(), answer);
        QTest::mouseClick(child<QCheckBox>(&wizard, QStringLiteral("wizardBackupConfirmed")), Qt::LeftButton);
        QVERIFY(wizard.button(QWizard::NextButton)->isEnabled());
    }

    // Point 5: chain's English ("… already exists; choose a new file name")
    // is never shown: the page says it by its code, in Portuguese.
    void aRawChainErrorIsShownInPortuguese() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardCreateGroup"));
        createWalletNamed(wizard, QStringLiteral("Ana Souza"));
        const QString taken = data.filePath(QStringLiteral("taken.wallet"));
        QFile file(taken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        ui::applyLanguage(QStringLiteral("pt_BR"));
        saveBackup(wizard, taken);
        const QString message = backupMessage(wizard);
        shoot(&wizard, QStringLiteral("wizard-backup-error"));
        QVERIFY2(!message.contains(QStringLiteral("already exists")) && !message.contains(QStringLiteral("choose a new file name")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Já existe um arquivo chamado")), qPrintable(message));
    }

    // Point 5: a removable drive is offered first, when one is plugged in and writable.
    void aRemovableDriveIsOfferedFirst() {
        using V = ui::WalletBackup::Volume;
        const QString documents = QStringLiteral("/home/ana/Documentos");
        const ui::WalletBackup::Folder none = ui::WalletBackup::chooseFolder(
            {V{QStringLiteral("/"), QString(), false, true}, V{QStringLiteral("/media/ana/CDROM"), QStringLiteral("CDROM"), true, true}},
            documents);
        QCOMPARE(none.path, documents);
        QVERIFY(!none.removable);
        const ui::WalletBackup::Folder pen = ui::WalletBackup::chooseFolder(
            {V{QStringLiteral("/"), QString(), false, true}, V{QStringLiteral("/run/media/ana/PENDRIVE"), QStringLiteral("PENDRIVE"), false, true}},
            documents);
        QCOMPARE(pen.path, QStringLiteral("/run/media/ana/PENDRIVE"));
        QVERIFY(ui::WalletBackup::describe(pen).contains(QStringLiteral("PENDRIVE")));
        QVERIFY(ui::WalletBackup::describe(none).contains(QStringLiteral("Documents")));
    }
};

QTEST_MAIN(TestGuiWallet)
#include "test_gui_wallet.moc"
