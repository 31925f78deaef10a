// Offscreen GUI tests: real flows driven through widgets found by object
// name, on the demo group and on a group created with the assistant.

#include "app/desktop/startup.h"
#include "models/format.h"
#include "ui/first_run_wizard.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "ui/votes_page.h"
#include "widget_lookup.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>

using gui_test::child;
using gui_test::typeInto;

class TestGui : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;
    std::unique_ptr<desktop::Session> demo_;

    ui::MainWindow* window() { return demo_->window(); }
    const models::Snapshot& snapshot() { return demo_->models()->snapshot(); }

    std::uint64_t quotaOf(const chain::AccountId& account) {
        const chain::Member* m = snapshot().member(account);
        return m ? m->quota_w : 0;
    }

private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QString error;
        demo_ = desktop::openDemo(dir_.filePath(QStringLiteral("demo")), settings_.get(), &error);
        QVERIFY2(demo_, qPrintable(error));
        window()->show();
        QTRY_VERIFY_WITH_TIMEOUT(snapshot().members.size() >= 30, 10000);
    }

    void createWalletAndGroup() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        wizard.show();
        QTest::mouseClick(child<QRadioButton>(&wizard, QStringLiteral("wizardEnglish")), Qt::LeftButton);
        QAbstractButton* next = wizard.button(QWizard::NextButton);
        QTest::mouseClick(next, Qt::LeftButton); // language -> start
        QTest::mouseClick(child<QRadioButton>(&wizard, QStringLiteral("wizardCreateGroup")), Qt::LeftButton);
        QTest::mouseClick(next, Qt::LeftButton); // start -> wallet choice
        QTest::mouseClick(next, Qt::LeftButton); // new wallet
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletCreatePageId));
        typeInto(&wizard, QStringLiteral("wizardPassphrase"), QStringLiteral("short"));
        typeInto(&wizard, QStringLiteral("wizardPassphraseConfirm"), QStringLiteral("short"));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletCreatePageId)); // refused: too short
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("wizardWalletError"))->text().contains(QStringLiteral("at least")));
        typeInto(&wizard, QStringLiteral("wizardPassphrase"), QStringLiteral("sol nascente 2024"));
        typeInto(&wizard, QStringLiteral("wizardPassphraseConfirm"), QStringLiteral("sol nascente 2024"));
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WalletBackupPageId));
        QVERIFY(!next->isEnabled()); // the backup must be saved and confirmed first
        typeInto(&wizard, QStringLiteral("wizardBackupPath"), data.filePath(QStringLiteral("backup.wallet")));
        QTest::mouseClick(child<QPushButton>(&wizard, QStringLiteral("wizardBackupSave")), Qt::LeftButton);
        QVERIFY(QFile::exists(data.filePath(QStringLiteral("backup.wallet"))));
        QTest::mouseClick(child<QCheckBox>(&wizard, QStringLiteral("wizardBackupConfirmed")), Qt::LeftButton);
        QVERIFY(next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::CreateGroupPageId));
        typeInto(&wizard, QStringLiteral("wizardGroupName"), QStringLiteral("Condomínio Sol Nascente"));
        typeInto(&wizard, QStringLiteral("wizardFullName"), QStringLiteral("Helena Prado"));
        typeInto(&wizard, QStringLiteral("wizardConsumerUnit"), QStringLiteral("0099887766"));
        typeInto(&wizard, QStringLiteral("wizardUtility"), QStringLiteral("Cemig"));
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(wizard.result(), int(QDialog::Accepted));
        models::OpenedNode opened = wizard.takeNode();
        QVERIFY(opened.node);

        desktop::Session session(std::move(opened), ui::WalletLocation{data.path(), wizard.walletName()}, settings_.get());
        session.window()->show();
        QTRY_COMPARE(child<QLabel>(session.window(), QStringLiteral("overviewGroupName"))->text(), QStringLiteral("Condomínio Sol Nascente"));
        QTRY_COMPARE(child<QLabel>(session.window(), QStringLiteral("overviewMembersValue"))->text(), QStringLiteral("1"));
        QVERIFY(session.models()->summary()->isMember());
    }

    void voteYesMovesTheTally() {
        window()->showScreen(ui::MainWindow::Votes);
        std::uint64_t id = 0;
        std::size_t yes_before = 0;
        for (const chain::Referendum& r : snapshot().referendums)
            if (r.outcome == chain::Outcome::Pending && r.electorate.count(snapshot().me) && !r.ballots.count(snapshot().me)) {
                id = r.id;
                yes_before = r.yes_count();
            }
        QVERIFY(id);
        window()->votesPage()->select(id);
        auto* tally = child<QLabel>(window(), QStringLiteral("voteTallyLabel"));
        QVERIFY(tally->text().startsWith(QStringLiteral("Yes: %1 ").arg(yes_before)));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("voteYesButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(tally->text().startsWith(QStringLiteral("Yes: %1 ").arg(yes_before + 1)), 10000);
        QCOMPARE(child<QLabel>(window(), QStringLiteral("voteMine"))->text(), QStringLiteral("You voted Yes."));
        QVERIFY(child<QLabel>(window(), QStringLiteral("voteMessage"))->isVisible());
    }

    void pledgeMovesTheProgressBar() {
        window()->showScreen(ui::MainWindow::Crowdfunding);
        std::uint64_t plant_id = 0;
        for (const chain::Plant& p : snapshot().plants)
            if (p.status == chain::PlantStatus::Campaign) plant_id = p.id;
        QVERIFY(plant_id);
        const QString id = QString::number(plant_id);
        auto* bar = child<QProgressBar>(window(), QStringLiteral("campaignProgress_") + id);
        QVERIFY(bar);
        const int before = bar->value();
        typeInto(window(), QStringLiteral("pledgeAmount_") + id, QStringLiteral("30,000.00"));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("pledgeButton_") + id), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > before, 10000);
        QTRY_VERIFY(child<QLabel>(window(), QStringLiteral("campaignMine_") + id)->text().contains(QStringLiteral("R$ 30,000.00")));
    }

    void pledgeAboveWhatIsMissingShowsTheError() {
        window()->showScreen(ui::MainWindow::Crowdfunding);
        const chain::Plant* campaign = nullptr;
        for (const chain::Plant& p : snapshot().plants)
            if (p.status == chain::PlantStatus::Campaign) campaign = &p;
        QVERIFY(campaign);
        // Copied: clicking runs the event loop, which may replace the
        // snapshot that `campaign` points into (ASan found the read after free).
        const std::uint64_t plant_id = campaign->id;
        const QString id = QString::number(plant_id);
        const std::uint64_t pledged = campaign->pledged_cents;
        typeInto(window(), QStringLiteral("pledgeAmount_") + id, models::formatBrl(campaign->cost_cents));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("pledgeButton_") + id), Qt::LeftButton);
        auto* message = child<QLabel>(window(), QStringLiteral("pledgeMessage_") + id);
        QVERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("still missing")), qPrintable(message->text()));
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("error"));
        demo_->client()->waitForIdle();
        QCOMPARE(snapshot().plants[plant_id - 1].pledged_cents, pledged);
    }

    void sendQuotaChangesBothBalances() {
        window()->showScreen(ui::MainWindow::Trade);
        const chain::AccountId me = snapshot().me;
        chain::AccountId joao{};
        for (const auto& [account, name] : snapshot().names)
            if (name == QStringLiteral("João Pereira")) joao = account;
        QVERIFY(snapshot().is_member(joao));
        const std::uint64_t mine_before = quotaOf(me);
        const std::uint64_t his_before = quotaOf(joao);
        auto* recipient = child<QComboBox>(window(), QStringLiteral("tradeRecipient"));
        recipient->setFocus();
        recipient->lineEdit()->insert(QStringLiteral("João Pereira"));
        typeInto(window(), QStringLiteral("tradeQuotaAmount"), QStringLiteral("1.5"));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("tradeSendButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(quotaOf(me), mine_before - 1500, 10000);
        QCOMPARE(quotaOf(joao), his_before + 1500);
        QTRY_VERIFY(child<QLabel>(window(), QStringLiteral("tradeBalances"))->text().contains(models::formatKw(mine_before - 1500)));
    }

    void switchingLanguageRetranslatesTheOpenScreen() {
        window()->showScreen(ui::MainWindow::Votes);
        auto* yes = child<QPushButton>(window(), QStringLiteral("voteYesButton"));
        auto* language = child<QComboBox>(window(), QStringLiteral("settingsLanguage"));
        auto* navigation = child<QListWidget>(window(), QStringLiteral("navigation"));
        QCOMPARE(navigation->item(ui::MainWindow::Votes)->text(), QStringLiteral("Votes"));
        const int portuguese = language->findData(QStringLiteral("pt_BR"));
        language->setCurrentIndex(portuguese);
        emit language->activated(portuguese);
        QTRY_COMPARE(navigation->item(ui::MainWindow::Votes)->text(), QStringLiteral("Votações"));
        QCOMPARE(window()->votesPage()->findChild<QCheckBox*>(QStringLiteral("votesShowClosed"))->text(), QStringLiteral("Mostrar votações encerradas"));
        QVERIFY(!yes->text().contains(QStringLiteral("Vote")));
        const int english = language->findData(QStringLiteral("en"));
        language->setCurrentIndex(english);
        emit language->activated(english);
        QTRY_COMPARE(navigation->item(ui::MainWindow::Votes)->text(), QStringLiteral("Votes"));
    }

    void cleanupTestCase() { demo_.reset(); }
};

QTEST_MAIN(TestGui)
#include "test_gui.moc"
