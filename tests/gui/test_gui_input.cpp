// Careful input on the real screens (issue 16, points 7 to 10): an amount
// with a sign refused, irreversible actions confirmed in plain words (No
// changes nothing, Yes sends), a second reading of a month said to replace
// the first with the history kept in view, the consumer unit checked, and
// typed work in the assistant not thrown away without a question.

#include "app/desktop/startup.h"
#include "models/energy.h"
#include "models/format.h"
#include "rules/energy.h"
#include "ui/first_run_wizard.h"
#include "ui/propose_plant_dialog.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "widget_lookup.h"
#include "wizard_steps.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using gui_test::child;
using gui_test::typeInto;

namespace {

constexpr int kUiWaitMs = 10'000;
constexpr int kAnswerPollMs = 20;

// Answers the modal dialogs that show while it lives: a confirmation with
// `button` (its text kept for the test to read), and a text prompt (the
// reason of a proposal) with `prompt_text`. Dialogs that never show leave it
// unanswered, so a test can check that no question was asked.
class DialogAnswerer : public QObject {
public:
    explicit DialogAnswerer(QMessageBox::StandardButton button, QString prompt_text = {})
        : button_(button), prompt_text_(std::move(prompt_text)) {
        connect(&timer_, &QTimer::timeout, this, &DialogAnswerer::answer);
        timer_.start(kAnswerPollMs);
    }
    QStringList questions; // the confirmations answered, in order
    QStringList prompts;   // the text prompts answered, their labels in order

private:
    void answer() {
        for (QWidget* w : QApplication::topLevelWidgets()) {
            if (!w->isVisible()) continue;
            if (auto* box = qobject_cast<QMessageBox*>(w)) {
                questions << box->text();
                // To look at a question's wording and layout: RATEIO_TEST_SHOTS names a folder for PNGs.
                if (const QString shots = qEnvironmentVariable("RATEIO_TEST_SHOTS"); !shots.isEmpty())
                    box->grab().save(QStringLiteral("%1/question-%2.png").arg(shots).arg(++shots_saved_));
                box->button(button_)->click();
                return;
            }
            if (auto* prompt = qobject_cast<QInputDialog*>(w)) {
                prompts << prompt->labelText();
                prompt->setTextValue(prompt_text_);
                prompt->accept();
                return;
            }
        }
    }
    static inline int shots_saved_ = 0;
    QTimer timer_;
    QMessageBox::StandardButton button_;
    QString prompt_text_;
};

} // namespace

class TestGuiInput : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;
    std::unique_ptr<desktop::Session> demo_;

    ui::MainWindow* window() { return demo_->window(); }
    const models::Snapshot& snapshot() { return demo_->models()->snapshot(); }
    void settle() {
        demo_->client()->waitForIdle();
        QTest::qWait(300); // a refusal or a new snapshot reaches the screen
    }
    std::uint64_t quotaOf(const chain::AccountId& account) {
        const chain::Member* m = snapshot().member(account);
        return m ? m->quota_w : 0;
    }
    std::uint64_t openCampaign() {
        for (const chain::Plant& p : snapshot().plants)
            if (p.status == chain::PlantStatus::Campaign) return p.id;
        return 0;
    }
    const chain::Plant* plant(std::uint64_t id) {
        for (const chain::Plant& p : snapshot().plants)
            if (p.id == id) return &p;
        return nullptr;
    }

    chain::OfferStatus offerStatus(std::uint64_t id) {
        for (const chain::Offer& o : snapshot().offers)
            if (o.id == id) return o.status;
        return chain::OfferStatus::Open;
    }
    // Selects the first offer of `table_name`, answers the question of
    // `button_name` No (the offer stays open) then Yes (it ends `after`).
    void answerIsConfirmed(const QString& table_name, const QString& button_name, const QString& question_start, chain::OfferStatus after) {
        window()->showScreen(ui::MainWindow::Trade);
        auto* table = child<QTableView>(window(), table_name);
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 0, kUiWaitMs);
        table->selectRow(0);
        const std::uint64_t id = table->model()->index(0, 0).data(models::OfferModel::IdRole).toULongLong();
        QCOMPARE(offerStatus(id), chain::OfferStatus::Open);
        auto* button = child<QPushButton>(window(), button_name);
        QVERIFY(button->isEnabled());
        {
            DialogAnswerer no(QMessageBox::No);
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(no.questions.size(), 1);
            QVERIFY2(no.questions[0].startsWith(question_start), qPrintable(no.questions[0]));
            QVERIFY2(no.questions[0].contains(QStringLiteral(" kW ")) && no.questions[0].contains(QStringLiteral(" for ")), qPrintable(no.questions[0]));
            settle();
            QCOMPARE(offerStatus(id), chain::OfferStatus::Open);
        }
        DialogAnswerer yes(QMessageBox::Yes);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(offerStatus(id), after, kUiWaitMs);
        QCOMPARE(yes.questions.size(), 1);
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
        QTRY_VERIFY_WITH_TIMEOUT(snapshot().has_identity && snapshot().my_energy_facts && snapshot().members.size() >= 30, kUiWaitMs);
    }

    // "-200" was read as R$ 200,00 and replaced the pledge.
    void pledgeWithASignIsRefused() {
        window()->showScreen(ui::MainWindow::Crowdfunding);
        const std::uint64_t plant_id = openCampaign();
        QVERIFY(plant_id);
        const QString id = QString::number(plant_id);
        const std::uint64_t pledged = plant(plant_id)->pledged_cents;
        const std::uint64_t height = snapshot().summary.height;
        DialogAnswerer answerer(QMessageBox::No);
        typeInto(window(), QStringLiteral("pledgeAmount_") + id, QStringLiteral("-200"));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("pledgeButton_") + id), Qt::LeftButton);
        auto* message = child<QLabel>(window(), QStringLiteral("pledgeMessage_") + id);
        QVERIFY2(message->text().contains(QStringLiteral("without a sign")), qPrintable(message->text()));
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("error"));
        settle();
        QVERIFY(answerer.questions.isEmpty()); // refused before any question
        QCOMPARE(snapshot().summary.height, height);
        QCOMPARE(plant(plant_id)->pledged_cents, pledged);
    }

    void pledgeIsConfirmed() {
        window()->showScreen(ui::MainWindow::Crowdfunding);
        const std::uint64_t plant_id = openCampaign();
        const QString id = QString::number(plant_id);
        const QString name = QString::fromStdString(plant(plant_id)->name);
        const std::uint64_t pledged = plant(plant_id)->pledged_cents;
        auto* button = child<QPushButton>(window(), QStringLiteral("pledgeButton_") + id);
        {
            DialogAnswerer no(QMessageBox::No);
            typeInto(window(), QStringLiteral("pledgeAmount_") + id, QStringLiteral("1,000.00"));
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(no.questions.size(), 1);
            QVERIFY2(no.questions[0].contains(QStringLiteral("R$ 1,000.00")) && no.questions[0].contains(name), qPrintable(no.questions[0]));
            QVERIFY2(no.questions[0].contains(QStringLiteral("change or withdraw it while the campaign is open")), qPrintable(no.questions[0]));
            settle();
            QCOMPARE(plant(plant_id)->pledged_cents, pledged);
        }
        DialogAnswerer yes(QMessageBox::Yes);
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(plant(plant_id)->pledged_cents > pledged, kUiWaitMs);
        QCOMPARE(yes.questions.size(), 1);
    }

    void giftIsConfirmed() {
        window()->showScreen(ui::MainWindow::Trade);
        const chain::AccountId me = snapshot().me;
        chain::AccountId joao{};
        for (const auto& [account, name] : snapshot().names)
            if (name == QStringLiteral("João Pereira")) joao = account;
        QVERIFY(snapshot().is_member(joao));
        const std::uint64_t mine = quotaOf(me);
        auto* recipient = child<QComboBox>(window(), QStringLiteral("tradeRecipient"));
        recipient->setFocus();
        recipient->lineEdit()->clear();
        recipient->lineEdit()->insert(QStringLiteral("João Pereira"));
        typeInto(window(), QStringLiteral("tradeQuotaAmount"), QStringLiteral("1"));
        auto* send = child<QPushButton>(window(), QStringLiteral("tradeSendButton"));
        {
            DialogAnswerer no(QMessageBox::No);
            QTest::mouseClick(send, Qt::LeftButton);
            QCOMPARE(no.questions, QStringList{QStringLiteral("Send 1 kW of your quota to João Pereira? This cannot be undone.")});
            settle();
            QCOMPARE(quotaOf(me), mine);
        }
        DialogAnswerer yes(QMessageBox::Yes);
        QTest::mouseClick(send, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(quotaOf(me), mine - 1000, kUiWaitMs);
    }

    // Declining an offer to me and cancelling my own close the offer for
    // good: each asks first, with the member, the quota and the price.
    void declineIsConfirmed() { answerIsConfirmed(QStringLiteral("tradeIncomingTable"), QStringLiteral("offerDeclineButton"),
                                                  QStringLiteral("Decline "), chain::OfferStatus::Declined); }
    void cancelIsConfirmed() { answerIsConfirmed(QStringLiteral("tradeMineTable"), QStringLiteral("offerCancelButton"),
                                                 QStringLiteral("Cancel your offer to "), chain::OfferStatus::Cancelled); }

    void plantProposalIsConfirmed() {
        ui::ProposePlantDialog dialog(demo_->models(), window());
        dialog.show();
        typeInto(&dialog, QStringLiteral("plantName"), QStringLiteral("Telhado"));
        typeInto(&dialog, QStringLiteral("plantCapacity"), QStringLiteral("75"));
        typeInto(&dialog, QStringLiteral("plantCost"), QStringLiteral("300,000.00"));
        typeInto(&dialog, QStringLiteral("plantLocation"), QStringLiteral("Belo Horizonte, MG"));
        const std::size_t plants = snapshot().plants.size();
        const QString period = models::formatRemaining(std::int64_t(snapshot().summary.params.referendum_period_s));
        auto* propose = child<QPushButton>(&dialog, QStringLiteral("plantProposeButton"));
        {
            DialogAnswerer no(QMessageBox::No);
            QTest::mouseClick(propose, Qt::LeftButton);
            QCOMPARE(no.questions,
                     QStringList{QStringLiteral("Propose the plant “Telhado”, 75 kW for R$ 300,000.00? The members will vote on it for %1; "
                                                "the proposal cannot be withdrawn.").arg(period)});
            settle();
            QCOMPARE(snapshot().plants.size(), plants);
            QVERIFY(dialog.isVisible()); // what was typed stays, to change or propose
            QCOMPARE(child<QLineEdit>(&dialog, QStringLiteral("plantName"))->text(), QStringLiteral("Telhado"));
        }
        DialogAnswerer yes(QMessageBox::Yes);
        QTest::mouseClick(propose, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(snapshot().plants.size(), plants + 1, kUiWaitMs);
        QCOMPARE(snapshot().plants.back().name, std::string("Telhado"));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.result(), int(QDialog::Accepted), kUiWaitMs);
    }

    void removalProposalIsConfirmed() {
        window()->showScreen(ui::MainWindow::Members);
        auto* table = child<QTableView>(window(), QStringLiteral("membersTable"));
        table->selectRow(1);
        const std::size_t votes = snapshot().referendums.size();
        auto* remove = child<QPushButton>(window(), QStringLiteral("memberProposeRemoval"));
        QVERIFY(remove->isEnabled());
        {
            DialogAnswerer no(QMessageBox::No, QStringLiteral("Moved away for good."));
            QTest::mouseClick(remove, Qt::LeftButton);
            QCOMPARE(no.questions.size(), 1);
            QVERIFY2(no.questions[0].startsWith(QStringLiteral("Propose removing ")), qPrintable(no.questions[0]));
            QVERIFY2(no.questions[0].contains(QStringLiteral("cannot be withdrawn")), qPrintable(no.questions[0]));
            // The prompt says what happens to the member's banked credit (REN 1.000 art. 655-M).
            QCOMPARE(no.prompts.size(), 1);
            QVERIFY2(no.prompts[0].contains(QStringLiteral("Their banked credit stays with their consumer unit")), qPrintable(no.prompts[0]));
            QVERIFY(no.prompts[0].contains(QStringLiteral("(REN 1.000, art. 655-M)")));
            settle();
            QCOMPARE(snapshot().referendums.size(), votes);
        }
        DialogAnswerer yes(QMessageBox::Yes, QStringLiteral("Moved away for good."));
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(snapshot().referendums.size(), votes + 1, kUiWaitMs);
    }

    // A second reading of a month: the question names both figures, and the
    // earlier readings stay in view with their dates.
    void secondReadingOfAMonthIsConfirmed() {
        window()->showScreen(ui::MainWindow::Energy);
        const std::uint32_t month = chain::add_months(snapshot().month, -1);
        auto* months = child<QComboBox>(window(), QStringLiteral("readingMonth"));
        months->setCurrentIndex(months->findData(month));
        auto* record = child<QPushButton>(window(), QStringLiteral("recordReading"));
        auto* history = child<QLabel>(window(), QStringLiteral("readingHistory"));
        if (!models::currentReading(snapshot(), models::kMyConsumption, month)) {
            typeInto(window(), QStringLiteral("readingKwh"), QStringLiteral("350"));
            QTest::mouseClick(record, Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(models::currentReading(snapshot(), models::kMyConsumption, month), kUiWaitMs);
        }
        const models::RecordedReading before = *models::currentReading(snapshot(), models::kMyConsumption, month);
        QTRY_VERIFY(history->isVisible());
        QVERIFY2(history->text().contains(models::formatKwh(before.energy_wh)), qPrintable(history->text()));
        QVERIFY2(history->text().contains(models::formatDateTime(before.recorded_at_s)), qPrintable(history->text()));
        const std::uint64_t replacement_wh = before.energy_wh == 280'000 ? 281'000 : 280'000;
        const QString expected = QStringLiteral("This replaces the %1 recorded for %2 with %3.")
                                     .arg(models::formatKwh(before.energy_wh), models::formatMonth(month), models::formatKwh(replacement_wh));
        {
            DialogAnswerer no(QMessageBox::No);
            typeInto(window(), QStringLiteral("readingKwh"), QString::number(replacement_wh / 1000));
            QTest::mouseClick(record, Qt::LeftButton);
            QCOMPARE(no.questions.size(), 1);
            QVERIFY2(no.questions[0].startsWith(expected), qPrintable(no.questions[0]));
            settle();
            QCOMPARE(models::currentReading(snapshot(), models::kMyConsumption, month)->energy_wh, before.energy_wh);
        }
        DialogAnswerer yes(QMessageBox::Yes);
        QTest::mouseClick(record, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(models::currentReading(snapshot(), models::kMyConsumption, month)->energy_wh, replacement_wh, kUiWaitMs);
        // Both readings are listed: the earlier one and the one in force.
        QTRY_VERIFY_WITH_TIMEOUT(history->text().contains(models::formatKwh(replacement_wh)), kUiWaitMs);
        QVERIFY2(history->text().contains(models::formatKwh(before.energy_wh)), qPrintable(history->text()));
        QVERIFY(history->text().count(QLatin1Char('\n')) >= 2);
    }

    // "abc-12" is refused on the founding page, with the reason.
    void consumerUnitIsChecked() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardCreateGroup"));
        gui_test::createWallet(wizard, data.filePath(QStringLiteral("backup.wallet")));
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::CreateGroupPageId));
        wizard.workspace().setDefaultListenPort(0);
        wizard.workspace().setNetworkTuning(chain::NetworkNodeConfig{});
        typeInto(&wizard, QStringLiteral("wizardGroupName"), QStringLiteral("Condomínio Sol Nascente"));
        typeInto(&wizard, QStringLiteral("wizardFullName"), QStringLiteral("Helena Prado"));
        typeInto(&wizard, QStringLiteral("wizardConsumerUnit"), QStringLiteral("abc-12"));
        typeInto(&wizard, QStringLiteral("wizardUtility"), QStringLiteral("Cemig"));
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::CreateGroupPageId));
        auto* error = child<QLabel>(&wizard, QStringLiteral("wizardGroupError"));
        QVERIFY2(error->text().contains(QStringLiteral("“abc-12” is not a consumer-unit number")), qPrintable(error->text()));
        QVERIFY(!models::Workspace(data.path()).holdsNetworkGroup());

        // Cancel with typed work asks; No keeps the page as it was.
        {
            DialogAnswerer no(QMessageBox::No);
            QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
            QCOMPARE(no.questions.size(), 1);
            QVERIFY2(no.questions[0].startsWith(QStringLiteral("Discard what you typed?")), qPrintable(no.questions[0]));
        }
        QVERIFY(wizard.isVisible());
        QCOMPARE(child<QLineEdit>(&wizard, QStringLiteral("wizardFullName"))->text(), QStringLiteral("Helena Prado"));
        DialogAnswerer yes(QMessageBox::Yes);
        QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
        QCOMPARE(yes.questions.size(), 1);
        QCOMPARE(wizard.result(), int(QDialog::Rejected));
        QVERIFY(!wizard.isVisible());
    }

    // A group id typed on the watch page is not lost on Cancel without a question;
    // an empty page closes at once.
    void cancelAsksOnlyWhenSomethingWasTyped() {
        QTemporaryDir data;
        {
            ui::FirstRunWizard wizard(data.path());
            gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardWatchGroup"));
            QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WatchPageId));
            DialogAnswerer answerer(QMessageBox::No);
            QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
            QVERIFY(answerer.questions.isEmpty());
            QCOMPARE(wizard.result(), int(QDialog::Rejected));
        }
        ui::FirstRunWizard wizard(data.path());
        gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardWatchGroup"));
        typeInto(&wizard, QStringLiteral("wizardWatchGroupId"), QString(64, QLatin1Char('a')));
        {
            DialogAnswerer no(QMessageBox::No);
            QTest::mouseClick(wizard.button(QWizard::CancelButton), Qt::LeftButton);
            QCOMPARE(no.questions.size(), 1);
        }
        QVERIFY(wizard.isVisible());
        QCOMPARE(child<QLineEdit>(&wizard, QStringLiteral("wizardWatchGroupId"))->text(), QString(64, QLatin1Char('a')));
        // Escape is a Cancel too.
        DialogAnswerer yes(QMessageBox::Yes);
        QTest::keyClick(&wizard, Qt::Key_Escape);
        QCOMPARE(yes.questions.size(), 1);
        QCOMPARE(wizard.result(), int(QDialog::Rejected));
    }

    // The join page refuses "abc-12" too.
    void joinPageChecksTheConsumerUnit() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardJoinGroup"));
        gui_test::createWallet(wizard, data.filePath(QStringLiteral("backup.wallet")));
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::JoinPageId));
        typeInto(&wizard, QStringLiteral("wizardJoinGroupId"), QString(64, QLatin1Char('a')));
        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardJoinPeers"))->setPlainText(QStringLiteral("127.0.0.1:9"));
        gui_test::typeJoinDetails(wizard, QStringLiteral("Bia Santos"), QStringLiteral("abc-12"), QStringLiteral("Light"));
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        auto* error = child<QLabel>(&wizard, QStringLiteral("wizardJoinError"));
        QVERIFY2(error->text().contains(QStringLiteral("“abc-12” is not a consumer-unit number")), qPrintable(error->text()));
        QVERIFY(!child<QLabel>(&wizard, QStringLiteral("wizardJoinStatus"))->isVisible()); // nothing fetched
        DialogAnswerer yes(QMessageBox::Yes);
        wizard.reject();
        QCOMPARE(yes.questions.size(), 1);
    }

    void cleanupTestCase() { demo_.reset(); }
};

QTEST_MAIN(TestGuiInput)
#include "test_gui_input.moc"
