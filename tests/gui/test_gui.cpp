// Offscreen GUI tests: real flows driven through widgets found by object
// name, on the demo group and on a group created with the assistant.

#include "app/desktop/startup.h"
#include "models/format.h"
#include "rules/energy.h"
#include "ui/first_run_wizard.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "ui/activity_page.h"
#include "ui/votes_page.h"
#include "ui/bill_check_dialog.h"
#include "ui/energy_page.h"
#include "widget_lookup.h"
#include "../models/pdf_text.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using gui_test::child;
using gui_test::typeInto;

namespace {


} // namespace

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
        // The first snapshot is read before the identity is set: wait for one read with it.
        QTRY_VERIFY_WITH_TIMEOUT(snapshot().has_identity && snapshot().my_energy_facts && snapshot().members.size() >= 30, 10000);
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
        wizard.workspace().setDefaultListenPort(0); // any free port: tests run side by side
        wizard.workspace().setNetworkTuning(chain::NetworkNodeConfig{}); // no router probes from a test
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

        // The wallet backed up from the Settings screen, then to a folder that does not exist.
        session.window()->showScreen(ui::MainWindow::Settings);
        QString backup_path = data.filePath(QStringLiteral("settings-backup.wallet"));
        session.window()->settingsPage()->setSavePathChooser([&](const QString&, const QString&, const QString&) { return backup_path; });
        auto* message = child<QLabel>(session.window(), QStringLiteral("settingsMessage"));
        QTest::mouseClick(child<QPushButton>(session.window(), QStringLiteral("settingsBackup")), Qt::LeftButton);
        QVERIFY2(message->text().startsWith(QStringLiteral("Backup saved to %1.").arg(backup_path)), qPrintable(message->text()));
        QVERIFY(QFile::exists(backup_path));
        backup_path = data.filePath(QStringLiteral("no-such-folder/backup.wallet"));
        QTest::mouseClick(child<QPushButton>(session.window(), QStringLiteral("settingsBackup")), Qt::LeftButton);
        QVERIFY2(message->text().startsWith(QStringLiteral("The backup could not be written: ")), qPrintable(message->text()));
        QVERIFY(!QFile::exists(backup_path));
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
        gui_test::answerNextMessageBox(QMessageBox::Yes);
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
        gui_test::answerNextMessageBox(QMessageBox::Yes);
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
        QCOMPARE(window()->votesPage()->findChild<QCheckBox*>(QStringLiteral("votesShowClosed"))->text(), QStringLiteral("&Mostrar votações encerradas"));
        QVERIFY(!yes->text().contains(QStringLiteral("Vote")));
        const int english = language->findData(QStringLiteral("en"));
        language->setCurrentIndex(english);
        emit language->activated(english);
        QTRY_COMPARE(navigation->item(ui::MainWindow::Votes)->text(), QStringLiteral("Votes"));
    }

    void energyReadingIsRecordedThroughTheForm() {
        window()->showScreen(ui::MainWindow::Energy);
        QVERIFY(demo_->models()->myEnergy().has_value());
        const std::uint32_t month = snapshot().month;
        auto* months = child<QComboBox>(window(), QStringLiteral("readingMonth"));
        months->setCurrentIndex(months->findData(month));
        QCOMPARE(months->currentData().toUInt(), month);
        auto* message = child<QLabel>(window(), QStringLiteral("readingMessage"));
        auto* record = child<QPushButton>(window(), QStringLiteral("recordReading"));
        const std::size_t events_before = snapshot().events.size();

        typeInto(window(), QStringLiteral("readingKwh"), QStringLiteral("lots"));
        QTest::mouseClick(record, Qt::LeftButton);
        QCOMPARE(message->text(), QStringLiteral("“lots” has letters: type only the number, for example 350.5."));
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("error"));

        // The date offered is today in Brasília, whatever the machine's time zone, and no later day can be chosen.
        auto* date = child<QDateEdit>(window(), QStringLiteral("readingDate"));
        const QDate today = models::brasiliaDate(snapshot().now_s);
        QCOMPARE(date->date(), today);
        QCOMPARE(date->maximumDate(), today);
        date->setDate(today.addDays(3));
        QCOMPARE(date->date(), today);

        // A meter read before the month began cannot be that month's bill.
        date->setDate(models::brasiliaDate(chain::month_start_s(month)).addDays(-1));
        typeInto(window(), QStringLiteral("readingKwh"), QStringLiteral("321.5"));
        QTest::mouseClick(record, Qt::LeftButton);
        QCOMPARE(message->text(), QStringLiteral("The meter reading date must be in %1 or later: a bill is read after its month begins.")
                                      .arg(models::formatMonth(month)));
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("error"));
        demo_->client()->waitForIdle();
        QCOMPARE(snapshot().events.size(), events_before); // nothing was submitted

        date->setDate(today);
        QTest::mouseClick(record, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().startsWith(QStringLiteral("Consumption of ")), 10000);
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("success"));
        QTRY_VERIFY_WITH_TIMEOUT(demo_->models()->myEnergy() && demo_->models()->myEnergy()->months.back().has_consumption, 10000);
        QCOMPARE(demo_->models()->myEnergy()->months.back().month, month);
        QCOMPARE(demo_->models()->myEnergy()->months.back().consumption_wh, std::uint64_t{321'500});
        // The month table shows the latest month first, with the new reading.
        auto* table = child<QTableWidget>(window(), QStringLiteral("energyMonths"));
        QTRY_COMPARE_WITH_TIMEOUT(table->item(0, 1)->text(), QStringLiteral("321.5 kWh"), 10000);
        QCOMPARE(table->item(0, 0)->text(), models::formatMonth(month));

        // The same reading again is refused by the rules, with their reason, and changes nothing
        // (after the question that it replaces the one recorded).
        const std::uint64_t height = snapshot().summary.height;
        typeInto(window(), QStringLiteral("readingKwh"), QStringLiteral("321.5"));
        gui_test::answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(record, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(message->text(), QStringLiteral("This reading is already recorded with the same value."), 10000);
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("error"));
        demo_->client()->waitForIdle();
        QCOMPARE(snapshot().summary.height, height);
    }

    void tariffInSettingsChangesTheSavings() {
        window()->showScreen(ui::MainWindow::Settings);
        const models::TariffSettings before = demo_->models()->tariff();
        const QString savings_before = child<QLabel>(window(), QStringLiteral("energySavingsValue"))->text();
        auto* message = child<QLabel>(window(), QStringLiteral("settingsTariffMessage"));
        typeInto(window(), QStringLiteral("settingsTariffTe"), QStringLiteral("0.5"));
        typeInto(window(), QStringLiteral("settingsTariffTusd"), QStringLiteral("0.2"));
        typeInto(window(), QStringLiteral("settingsTariffFioB"), QStringLiteral("0.3"));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("settingsSaveTariff")), Qt::LeftButton);
        QCOMPARE(message->text(), QStringLiteral("The Fio B and GD III's extra are parts of the TUSD: together they cannot be "
                                                 "more than the TUSD."));
        QCOMPARE(demo_->models()->tariff(), before);
        typeInto(window(), QStringLiteral("settingsTariffTusd"), QStringLiteral("0.1234567"));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("settingsSaveTariff")), Qt::LeftButton);
        QCOMPARE(message->text(), QStringLiteral("Enter a price in R$ per kWh with at most six decimals, such as 0.33."));
        typeInto(window(), QStringLiteral("settingsTariffTusd"), QStringLiteral("0.6"));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("settingsSaveTariff")), Qt::LeftButton);
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("success"));
        QCOMPARE(demo_->models()->tariff().tariff, (chain::Tariff{500'000, 600'000, 300'000, 18'770}));
        QCOMPARE(settings_->value(QStringLiteral("tariff/tusd_microbrl_per_kwh")).toULongLong(), 600'000ull);
        // Dearer energy saves more: the Energy screen's estimate moved.
        QVERIFY(child<QLabel>(window(), QStringLiteral("energySavingsValue"))->text() != savings_before);
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("settingsDefaultTariff")), Qt::LeftButton);
        QCOMPARE(demo_->models()->tariff(), models::TariffSettings{});
        QCOMPARE(child<QLineEdit>(window(), QStringLiteral("settingsTariffTe"))->text(), QStringLiteral("0.283680"));

        // Each month has its own flag: a red month saves more, in that month only.
        const chain::EnergyAccount account = *demo_->models()->myEnergy();
        const auto offset = std::find_if(account.months.rbegin(), account.months.rend(), [](const chain::MonthAccount& m) {
            return m.compensated_wh + m.credit_used_wh > 0;
        });
        QVERIFY(offset != account.months.rend());
        const std::uint32_t flagged = offset->month;
        auto* flag = child<QComboBox>(window(), QStringLiteral("settingsFlag%1").arg(flagged));
        QCOMPARE(flag->currentText(), QStringLiteral("Green flag"));
        const QString total_green = child<QLabel>(window(), QStringLiteral("energySavingsValue"))->text();
        const int red2 = flag->findData(QStringLiteral("red2"));
        flag->setCurrentIndex(red2);
        emit flag->activated(red2);
        QCOMPARE(message->text(), QStringLiteral("Red flag, level 2 of %1 saved: that month's savings are estimated with it.")
                                      .arg(models::formatMonth(flagged)));
        QCOMPARE(demo_->models()->tariff().flag_for(flagged), chain::TariffFlag::Red2);
        QCOMPARE(demo_->models()->tariff().flag_for(chain::add_months(flagged, -1)), chain::TariffFlag::Green);
        QCOMPARE(settings_->value(QStringLiteral("tariff/flags/%1").arg(flagged)).toString(), QStringLiteral("red2"));
        QVERIFY(child<QLabel>(window(), QStringLiteral("energySavingsValue"))->text() != total_green);
        // The Energy screen's month table names each month's flag.
        auto* months = child<QTableWidget>(window(), QStringLiteral("energyMonths"));
        int row = 0;
        while (row < months->rowCount() && months->item(row, 0)->text() != models::formatMonth(flagged)) ++row;
        QVERIFY(row < months->rowCount());
        QCOMPARE(months->item(row, 8)->text(), QStringLiteral("Red flag, level 2"));
        if (row + 1 < months->rowCount()) QCOMPARE(months->item(row + 1, 8)->text(), QStringLiteral("Green flag"));
        // The default tariff keeps the months' flags: they are facts from the bills.
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("settingsDefaultTariff")), Qt::LeftButton);
        QCOMPARE(demo_->models()->tariff().flag_for(flagged), chain::TariffFlag::Red2);
        QCOMPARE(flag->currentText(), QStringLiteral("Red flag, level 2"));
        flag->setCurrentIndex(0);
        emit flag->activated(0);
        QCOMPARE(demo_->models()->tariff(), models::TariffSettings{});
        QVERIFY(!settings_->contains(QStringLiteral("tariff/flags/%1").arg(flagged)));
        QCOMPARE(child<QLabel>(window(), QStringLiteral("energySavingsValue"))->text(), total_green);
    }

    void statementAndListaDeRateioExport() {
        window()->showScreen(ui::MainWindow::Energy);
        QTemporaryDir out;
        // RATEIO_KEEP_EXPORTS=1 keeps the files, to look at them.
        out.setAutoRemove(!qEnvironmentVariableIsSet("RATEIO_KEEP_EXPORTS"));
        if (!out.autoRemove()) qInfo("exports kept in %s", qPrintable(out.path()));
        QString asked_title;
        window()->energyPage()->setSavePathChooser([&](const QString& title, const QString& suggested, const QString&) {
            asked_title = title;
            return out.filePath(suggested);
        });
        auto* message = child<QLabel>(window(), QStringLiteral("exportMessage"));
        auto* months = child<QComboBox>(window(), QStringLiteral("statementMonth"));
        QVERIFY(months->count() >= 24); // two years of readings in the demo
        const std::uint32_t month = months->currentData().toUInt();
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("saveStatement")), Qt::LeftButton);
        const QString statement = out.filePath(QStringLiteral("rateio-extrato-%1.pdf").arg(month));
        QCOMPARE(message->text(), QStringLiteral("Saved %1.").arg(statement));
        const QString text = test_pdf::pdfText(statement);
        QVERIFY2(text.contains(QStringLiteral("Energy statement — ") + models::formatMonth(month)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("Marta Oliveira")));
        QVERIFY(text.contains(QStringLiteral("Credit balance")));

        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("saveListaPdf")), Qt::LeftButton);
        QCOMPARE(asked_title, QStringLiteral("Save lista de rateio"));
        const QString lista = test_pdf::pdfText(out.filePath(QStringLiteral("lista-de-rateio-Light.pdf")));
        QVERIFY2(lista.contains(QString::fromUtf8("Lista de rateio — Light")), qPrintable(lista));
        QVERIFY(lista.contains(QStringLiteral("100,00 %")));
        QVERIFY(lista.contains(QStringLiteral("0412345678"))); // Marta's consumer unit, readable by a member

        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("saveListaCsv")), Qt::LeftButton);
        QFile csv(out.filePath(QStringLiteral("lista-de-rateio-Light.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QStringLiteral("\r\n"), Qt::SkipEmptyParts);
        QVERIFY(lines.last().startsWith(QStringLiteral("Total;")));
        QVERIFY(lines.last().endsWith(QStringLiteral(";100,00")));
        // One row per Light member holding quota between the heading and the total.
        const int header = int(lines.indexOf(QStringLiteral("Unidade consumidora;Membro (endereço);Cota (W);Percentual (%)")));
        QVERIFY(header > 0);
        int holders = 0;
        for (const chain::Member& m : snapshot().members) holders += m.utility == "Light" && m.quota_w > 0;
        QCOMPARE(lines.size() - header - 2, holders);
    }

    // Check your bill: typed figures compared with the account, explained with
    // the article, kept on this computer, written as a letter for the ombudsman.
    void billCheckComparesExplainsKeepsAndWritesALetter() {
        window()->showScreen(ui::MainWindow::Energy);
        QTemporaryDir out;
        window()->energyPage()->setSavePathChooser(
            [&](const QString&, const QString& suggested, const QString&) { return out.filePath(suggested); });
        // A month whose GD II energy stopped at the minimum's value, beyond the consumption above the minimum.
        const chain::EnergyAccount account = *demo_->models()->myEnergy();
        const auto capped = std::find_if(account.months.rbegin(), account.months.rend(), [](const chain::MonthAccount& m) {
            return m.has_consumption && m.capped_by_minimum && m.offset.of(chain::GdClass::GdII) > 0 &&
                   m.offset.total_wh() > m.consumption_wh - m.minimum_billing_wh + 2'000;
        });
        QVERIFY(capped != account.months.rend());
        const chain::MonthAccount m = *capped;
        const auto kwhText = [](std::uint64_t wh) { return QString::number(double(wh) / 1000.0, 'f', 3); };

        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("checkBill")), Qt::LeftButton);
        auto* dialog = window()->findChild<ui::BillCheckDialog*>(QStringLiteral("billCheckDialog"));
        QVERIFY(dialog && dialog->isVisible());
        auto* month = child<QComboBox>(dialog, QStringLiteral("billMonth"));
        month->setCurrentIndex(month->findData(m.month));
        auto* message = child<QLabel>(dialog, QStringLiteral("billMessage"));
        auto* verdict = child<QLabel>(dialog, QStringLiteral("billVerdict"));
        auto* check = child<QPushButton>(dialog, QStringLiteral("billCheckButton"));
        auto* letter = child<QPushButton>(dialog, QStringLiteral("billLetter"));

        // Bad input: a clear message, nothing kept.
        typeInto(dialog, QStringLiteral("billConsumption"), QStringLiteral("lots"));
        QTest::mouseClick(check, Qt::LeftButton);
        QCOMPARE(message->text(), QStringLiteral("“lots” has letters: type only the number, for example 350.5."));
        QVERIFY(!demo_->models()->myBill(m.month));
        typeInto(dialog, QStringLiteral("billConsumption"), kwhText(m.consumption_wh));
        typeInto(dialog, QStringLiteral("billCompensated"), kwhText(m.consumption_wh + 1'000));
        QTest::mouseClick(check, Qt::LeftButton);
        QVERIFY(message->text().startsWith(QStringLiteral("A bill compensates at most the month's consumption")));
        QVERIFY(!demo_->models()->myBill(m.month));

        // The bill as Rateio computes it: it agrees, and there is nothing to send.
        typeInto(dialog, QStringLiteral("billCompensated"), kwhText(m.offset.total_wh()));
        typeInto(dialog, QStringLiteral("billBalance"), kwhText(m.credit_balance_wh));
        QTest::mouseClick(check, Qt::LeftButton);
        QCOMPARE(verdict->text(), QStringLiteral("The bill agrees with the group's record for %1.").arg(models::formatMonth(m.month)));
        QVERIFY(!letter->isEnabled());
        QVERIFY(demo_->models()->myBill(m.month));

        // The utility stopped at consumption − minimum, the GD I rule: explained, with the article.
        const std::uint64_t gd1_rule_wh = m.consumption_wh - m.minimum_billing_wh;
        typeInto(dialog, QStringLiteral("billCompensated"), kwhText(gd1_rule_wh));
        QTest::mouseClick(check, Qt::LeftButton);
        QCOMPARE(verdict->text(), QStringLiteral("1 difference between the bill and the group's record:"));
        auto* differences = child<QTableWidget>(dialog, QStringLiteral("billDifferences"));
        QCOMPARE(differences->rowCount(), 1);
        QCOMPARE(differences->item(0, 0)->text(), QStringLiteral("Energy compensated"));
        QCOMPARE(differences->item(0, 1)->text(), models::formatKwh(m.offset.total_wh()));
        QCOMPARE(differences->item(0, 2)->text(), models::formatKwh(gd1_rule_wh));
        QCOMPARE(differences->item(0, 3)->text(), QStringLiteral("REN 1.000, art. 655-I §2º I"));
        QVERIFY(child<QLabel>(dialog, QStringLiteral("billExplanations"))->text().contains(QStringLiteral("That is the limit for GD I energy only")));
        QCOMPARE(demo_->models()->myBill(m.month)->compensated_wh, gd1_rule_wh);
        QVERIFY(settings_->allKeys().join(QLatin1Char(' ')).contains(QStringLiteral("/compensated_wh")));

        // The letter: unit, month, expected against billed, the article, the ledger's evidence.
        QVERIFY(letter->isEnabled());
        QTest::mouseClick(letter, Qt::LeftButton);
        const QString path = out.filePath(QStringLiteral("rateio-ouvidoria-%1.pdf").arg(m.month));
        QVERIFY2(message->text().startsWith(QStringLiteral("Saved %1.").arg(path)), qPrintable(message->text()));
        const QString text = test_pdf::pdfText(path);
        QVERIFY2(text.contains(QStringLiteral("To the ombudsman (ouvidoria) of the distribution utility.")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("0412345678")));
        QVERIFY(text.contains(models::formatMonth(m.month)));
        QVERIFY(text.contains(QStringLiteral("655-I §2º I")));
        QVERIFY(text.contains(QStringLiteral("Evidence from the group's record")));
        QVERIFY(text.contains(QStringLiteral("Usina Solar")));

        // A language change reaches the open dialog: its texts and its findings.
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QTRY_COMPARE(dialog->windowTitle(), QStringLiteral("Conferir a conta"));
        QCOMPARE(verdict->text(), QStringLiteral("1 diferença entre a conta e o registro do grupo:"));
        QCOMPARE(differences->item(0, 0)->text(), QStringLiteral("Energia compensada"));
        QCOMPARE(month->currentText(), models::formatMonth(m.month));
        ui::applyLanguage(QStringLiteral("en"));
        QTRY_COMPARE(dialog->windowTitle(), QStringLiteral("Check a bill"));

        // The month table says so; activating the month opens its kept bill again.
        dialog->close();
        QTRY_VERIFY(!window()->findChild<ui::BillCheckDialog*>(QStringLiteral("billCheckDialog")));
        auto* table = child<QTableWidget>(window(), QStringLiteral("energyMonths"));
        int row = 0;
        while (row < table->rowCount() && table->item(row, 0)->text() != models::formatMonth(m.month)) ++row;
        QVERIFY(row < table->rowCount());
        QCOMPARE(table->item(row, 10)->text(), QStringLiteral("1 difference"));
        emit table->cellActivated(row, 0);
        dialog = window()->findChild<ui::BillCheckDialog*>(QStringLiteral("billCheckDialog"));
        QVERIFY(dialog && dialog->isVisible());
        QCOMPARE(child<QComboBox>(dialog, QStringLiteral("billMonth"))->currentData().toUInt(), m.month);
        QCOMPARE(models::parseKwh(child<QLineEdit>(dialog, QStringLiteral("billCompensated"))->text()).value.value_or(0), gd1_rule_wh);

        // Forgotten after a Yes: the figures go, the group's record stays.
        gui_test::answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(child<QPushButton>(dialog, QStringLiteral("billForget")), Qt::LeftButton);
        QVERIFY(!demo_->models()->myBill(m.month));
        QVERIFY(child<QLineEdit>(dialog, QStringLiteral("billCompensated"))->text().isEmpty());
        QVERIFY(!settings_->allKeys().join(QLatin1Char(' ')).contains(QStringLiteral("/compensated_wh")));
        dialog->close();
    }

    // The feed: newest first, narrowed by typing and by kind, exported as
    // shown, and a new block's events arrive at the top.
    void activityFiltersExportsAndGrows() {
        window()->showScreen(ui::MainWindow::Activity);
        auto* table = child<QTableView>(window(), QStringLiteral("activityTable"));
        const QAbstractItemModel* shown = table->model();
        const auto cell = [&](int row, int column) { return shown->index(row, column).data().toString(); };
        QCOMPARE(shown->rowCount(), int(snapshot().events.size()));
        QCOMPARE(cell(0, models::EventModel::HeightColumn).toULongLong(), snapshot().events.back().height);
        QCOMPARE(cell(shown->rowCount() - 1, models::EventModel::HeightColumn).toULongLong(), snapshot().events.front().height);

        typeInto(window(), QStringLiteral("activitySearch"), QStringLiteral("pledged"));
        QVERIFY(shown->rowCount() > 0 && shown->rowCount() < int(snapshot().events.size()));
        for (int row = 0; row < shown->rowCount(); ++row)
            QVERIFY2(cell(row, models::EventModel::DescriptionColumn).contains(QStringLiteral("pledged")), qPrintable(cell(row, 2)));
        typeInto(window(), QStringLiteral("activitySearch"), QString());
        auto* kind = child<QComboBox>(window(), QStringLiteral("activityKind"));
        kind->setCurrentIndex(kind->findText(QStringLiteral("Vote")));
        QVERIFY(shown->rowCount() > 0 && shown->rowCount() < int(snapshot().events.size()));
        for (int row = 0; row < shown->rowCount(); ++row) QCOMPARE(cell(row, models::EventModel::KindColumn), QStringLiteral("Vote"));

        QTemporaryDir out;
        QString suggested;
        window()->findChild<ui::ActivityPage*>()->setSavePathChooser([&](const QString&, const QString& name, const QString&) {
            suggested = name;
            return out.filePath(name);
        });
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("activityExport")), Qt::LeftButton);
        QCOMPARE(suggested, QStringLiteral("rateio-activity.csv"));
        const QString path = out.filePath(suggested);
        QCOMPARE(child<QLabel>(window(), QStringLiteral("activityMessage"))->text(), QStringLiteral("Saved %1.").arg(path));
        QFile csv(path);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), shown->rowCount() + 1);
        QCOMPARE(lines.first(), QStringLiteral("\"When\",\"What\",\"Details\",\"Record no.\""));
        QVERIFY(lines.at(1).contains(QStringLiteral("\"Vote\"")));
        kind->setCurrentIndex(0);
        QCOMPARE(shown->rowCount(), int(snapshot().events.size()));

        // A pledge of mine, committed: its event is the newest row.
        std::uint64_t plant_id = 0;
        QString plant_name;
        for (const chain::Plant& p : snapshot().plants)
            if (p.status == chain::PlantStatus::Campaign && p.pledged_cents + 10'000 <= p.cost_cents) {
                plant_id = p.id;
                plant_name = QString::fromStdString(p.name);
            }
        QVERIFY(plant_id);
        const std::uint64_t height_before = snapshot().summary.height;
        demo_->client()->submit(chain::PlacePledge{plant_id, 10'000});
        QTRY_VERIFY_WITH_TIMEOUT(snapshot().summary.height > height_before, 10000);
        QTRY_COMPARE(cell(0, models::EventModel::DescriptionColumn),
                     QStringLiteral("Marta Oliveira pledged %1 to %2").arg(models::formatBrl(10'000), plant_name));
        QCOMPARE(shown->rowCount(), int(snapshot().events.size()));
    }

    void cleanupTestCase() { demo_.reset(); }
};

QTEST_MAIN(TestGui)
#include "test_gui.moc"
