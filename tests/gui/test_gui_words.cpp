// Plain words (issue 16, points 15, 16 and 18): counts that can be zero are
// said in words in both languages (Qt's Portuguese rule puts 0 with the
// singular: "0 usina", "0 votação"), "X of Y" texts agree with their count,
// the technical terms of this computer's role stay behind its plain words,
// and a chart value between two month labels is read with its own month.

#include "models/describe.h"
#include "../support/referendum_fixture.h"
#include "models/format.h"
#include "models/snapshot.h"
#include "models/workspace.h"
#include "store/store.h"
#include "rules/energy.h"
#include "ui/accessibility.h"
#include "ui/chart_axes.h"
#include "ui/energy_chart.h"
#include "ui/language.h"
#include "ui/network_panel.h"
#include "ui/overview_page.h"
#include "ui/resources.h"
#include "ui/settings_page.h"
#include "ui/votes_page.h"

#include <QApplication>
#include <QCategoryAxis>
#include <QChart>
#include <QLineSeries>
#include <QMessageBox>
#include <QDir>
#include <QLocale>
#include <QTest>
#include <QValueAxis>

#include <set>

namespace {

using testing_support::account;

chain::Referendum referendum(std::uint8_t electorate_size, std::uint8_t yes, std::uint8_t no) {
    return testing_support::referendum(7, electorate_size, yes, no);
}

models::Snapshot computer(bool networked, bool validator, std::size_t peers) {
    models::Snapshot s;
    s.networked = networked;
    s.validator = validator;
    s.has_identity = true;
    s.peer_count = peers;
    return s;
}

constexpr std::int64_t kFiveDays_s = 5 * 86'400;
// Words a member who is not technical would not understand, in either language.
const QStringList kJargon = {QStringLiteral("node"), QStringLiteral("validator"), QStringLiteral("peer"), QStringLiteral("embedded"),
                             QStringLiteral("nó "), QStringLiteral("validador"), QStringLiteral("embutido"), QStringLiteral("Dev ")};

} // namespace

class TestGuiWords : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { ui::initResources(); }
    void cleanupTestCase() { ui::applyLanguage(QStringLiteral("en")); }

    // A data dir whose saved records do not check (test_store makes the
    // store refuse them with chain::kDataDirDamaged in its reason): the
    // desktop's message says so in the member's language, says what to do
    // and not to delete the folder that holds the wallet; the store's own
    // reason goes to the dialog's details (startup.cpp), so the message fits
    // a 1280x720 screen at 150 %. Rendered to $RATEIO_SCREENSHOT_DIR.
    void damagedDataDirIn_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("keep_folder");
        QTest::newRow("English") << "en" << "the group's records saved on this computer are damaged"
                                 << "do not delete the folder: it also holds your wallet";
        QTest::newRow("Portuguese") << "pt_BR" << "os registros do grupo salvos neste computador estão danificados"
                                    << "não apague a pasta: ela também guarda a sua carteira";
    }
    void damagedDataDirIn() {
        QFETCH(QString, language);
        QFETCH(QString, expected);
        QFETCH(QString, keep_folder);
        ui::applyLanguage(language);
        models::OpenedNode opened;
        opened.error = QString::fromStdString(std::string(chain::kDataDirDamaged)) +
                       QStringLiteral(": the group state stored after block 3 has the state root 1f2e3d4c5b6a7980, but "
                                      "that block's header commits to 0011223344556677 (an entry was changed, added or "
                                      "removed). ") +
                       QString::fromStdString(std::string(chain::kDamagedDataDirAdvice));
        const QString dir = QStringLiteral("/home/ana/.local/share/Rateio/group");
        const QString text = models::Describe::openFailure(opened, dir);
        const QString damaged_reason = opened.error;
        QVERIFY2(text.startsWith(expected), qPrintable(text));
        QVERIFY2(text.contains(keep_folder), qPrintable(text));
        QVERIFY(text.contains(dir));
        QVERIFY(!text.contains(QLatin1String(chain::kDataDirDamaged.data()))); // the store's words go to the details
        // Any other reason is passed on as it was.
        opened.error = QStringLiteral("cannot read the stored height");
        QCOMPARE(models::Describe::openFailure(opened, dir), opened.error);
        if (const QString out = qEnvironmentVariable("RATEIO_SCREENSHOT_DIR"); !out.isEmpty()) {
            // As app/desktop/startup.cpp shows it: the store's reason in the details.
            QMessageBox box(QMessageBox::Critical, QStringLiteral("Rateio"),
                            QCoreApplication::translate("desktop::Startup", "Rateio could not open the group: %1").arg(text));
            box.setDetailedText(damaged_reason);
            box.show();
            QVERIFY(QTest::qWaitForWindowExposed(&box));
            QVERIFY(box.grab().save(QDir(out).filePath(QStringLiteral("damaged_data_dir_%1.png").arg(language))));
        }
    }

    void voteTallyIn_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("electorate");
        QTest::addColumn<int>("yes");
        QTest::addColumn<int>("no");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pt 0 of 1") << "pt_BR" << 1 << 0 << 0 << "Ninguém votou ainda; 1 membro pode votar.";
        QTest::newRow("pt 0 of 2") << "pt_BR" << 2 << 0 << 0 << "Ninguém votou ainda; 2 membros podem votar.";
        QTest::newRow("pt 1 of 1") << "pt_BR" << 1 << 1 << 0 << "Sim: 1 · Não: 0 · O único membro votou";
        QTest::newRow("pt 1 of 2") << "pt_BR" << 2 << 0 << 1 << "Sim: 0 · Não: 1 · Votos: 1 de 2 membros";
        QTest::newRow("pt 2 of 2") << "pt_BR" << 2 << 1 << 1 << "Sim: 1 · Não: 1 · Todos os 2 membros votaram";
        QTest::newRow("en 0 of 1") << "en" << 1 << 0 << 0 << "Nobody has voted yet; 1 member can vote.";
        QTest::newRow("en 1 of 1") << "en" << 1 << 1 << 0 << "Yes: 1 · No: 0 · The only member voted";
        QTest::newRow("en 1 of 2") << "en" << 2 << 0 << 1 << "Yes: 0 · No: 1 · Voted: 1 of 2 members";
        QTest::newRow("en 2 of 2") << "en" << 2 << 1 << 1 << "Yes: 1 · No: 1 · All 2 members voted";
    }
    void voteTallyIn() {
        QFETCH(QString, language);
        QFETCH(int, electorate);
        QFETCH(int, yes);
        QFETCH(int, no);
        QFETCH(QString, expected);
        ui::applyLanguage(language);
        QCOMPARE(ui::VotesPage::tallyText(referendum(std::uint8_t(electorate), std::uint8_t(yes), std::uint8_t(no))), expected);
    }

    // "0 Sim de 1 necessários" was the banner of a newcomer's admission.
    void admissionBannerIn_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("electorate");
        QTest::addColumn<int>("yes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pt 0 of 1") << "pt_BR" << 1 << 0 << "Sua entrada está em votação: ainda não há nenhum Sim (é necessário 1).";
        QTest::newRow("pt 0 of 2") << "pt_BR" << 3 << 0 << "Sua entrada está em votação: ainda não há nenhum Sim (são necessários 2).";
        QTest::newRow("pt 1 of 2") << "pt_BR" << 3 << 1 << "Sua entrada está em votação: 1 Sim dos 2 necessários.";
        QTest::newRow("en 0 of 1") << "en" << 1 << 0 << "Your admission is being voted: no Yes yet, and it needs 1.";
        QTest::newRow("en 0 of 2") << "en" << 3 << 0 << "Your admission is being voted: no Yes yet, and it needs 2.";
        QTest::newRow("en 1 of 2") << "en" << 3 << 1 << "Your admission is being voted: 1 Yes of 2 needed.";
    }
    void admissionBannerIn() {
        QFETCH(QString, language);
        QFETCH(int, electorate);
        QFETCH(int, yes);
        QFETCH(QString, expected);
        ui::applyLanguage(language);
        const chain::Referendum vote = referendum(std::uint8_t(electorate), std::uint8_t(yes), 0);
        const QString text = ui::OverviewPage::admissionVoteText(vote, vote.deadline_s - kFiveDays_s);
        QVERIFY2(text.startsWith(expected), qPrintable(text));
        QVERIFY2(text.endsWith(models::formatRemaining(kFiveDays_s) + QLatin1Char('.')), qPrintable(text));
    }

    // A lost vote where no Yes can come any more says so, not "at most 0".
    void everyNoIsSaidInWords() {
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QVERIFY2(models::Describe::standing(referendum(2, 0, 2)).startsWith(QStringLiteral("Não pode mais ser aprovada: todos os membros votaram Não.")),
                 qPrintable(models::Describe::standing(referendum(2, 0, 2))));
        // 3 of 5 voted Yes: settled, with the count and what it needed.
        QVERIFY2(models::Describe::standing(referendum(5, 3, 0)).startsWith(QStringLiteral("Já decidida: o Sim tem 3 votos; precisava de 3.")),
                 qPrintable(models::Describe::standing(referendum(5, 3, 0))));
        ui::applyLanguage(QStringLiteral("en"));
        QVERIFY(models::Describe::standing(referendum(2, 0, 2)).startsWith(QStringLiteral("It can no longer pass: every member voted No.")));
        QVERIFY2(models::Describe::standing(referendum(1, 1, 0)).startsWith(QStringLiteral("Already decided: Yes has 1 vote; it needed 1.")),
                 qPrintable(models::Describe::standing(referendum(1, 1, 0))));
    }

    void validatorsReachedIn_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("online");
        QTest::addColumn<int>("total");
        QTest::addColumn<QString>("expected");
        QTest::newRow("pt 0 of 1") << "pt_BR" << 0 << 1 << "este computador ainda não está conectado a ele.";
        QTest::newRow("pt 0 of 2") << "pt_BR" << 0 << 2 << "este computador ainda não está conectado a nenhum deles.";
        QTest::newRow("pt 1 of 1") << "pt_BR" << 1 << 1 << "este computador está conectado a ele.";
        QTest::newRow("pt 1 of 2") << "pt_BR" << 1 << 2 << "este computador está conectado a 1 deles.";
        QTest::newRow("pt 2 of 2") << "pt_BR" << 2 << 2 << "este computador está conectado a todos eles.";
        QTest::newRow("en 0 of 2") << "en" << 0 << 2 << "this computer is not connected to any of them yet.";
        QTest::newRow("en 1 of 1") << "en" << 1 << 1 << "this computer is connected to it.";
        QTest::newRow("en 2 of 2") << "en" << 2 << 2 << "this computer is connected to all of them.";
    }
    void validatorsReachedIn() {
        QFETCH(QString, language);
        QFETCH(int, online);
        QFETCH(int, total);
        QFETCH(QString, expected);
        ui::applyLanguage(language);
        QCOMPARE(ui::NetworkPanel::validatorsReached(/*validator=*/false, online, total), expected);
    }

    // Settings says what this computer does in plain words; the technical terms wait in the tooltip.
    void thisComputerInPlainWords_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<int>("peers");
        QTest::addColumn<QString>("connections");
        QTest::newRow("pt 0") << "pt_BR" << 0 << "Ainda sem conexão com o computador de nenhum vizinho.";
        QTest::newRow("pt 1") << "pt_BR" << 1 << "Conectado ao computador de 1 vizinho.";
        QTest::newRow("pt 2") << "pt_BR" << 2 << "Conectado aos computadores de 2 vizinhos.";
        QTest::newRow("en 0") << "en" << 0 << "Not connected to any neighbour's computer yet.";
        QTest::newRow("en 1") << "en" << 1 << "Connected to 1 neighbour's computer.";
        QTest::newRow("en 2") << "en" << 2 << "Connected to 2 neighbours' computers.";
    }
    void thisComputerInPlainWords() {
        QFETCH(QString, language);
        QFETCH(int, peers);
        QFETCH(QString, connections);
        ui::applyLanguage(language);
        QCOMPARE(ui::SettingsPage::connectionsText(computer(/*networked=*/true, /*validator=*/true, std::size_t(peers))), connections);
        for (const bool networked : {false, true})
            for (const bool validator : {false, true}) {
                const models::Snapshot s = computer(networked, validator, std::size_t(peers));
                for (const QString& text : {ui::SettingsPage::computerRoleText(s), ui::SettingsPage::connectionsText(s)})
                    for (const QString& word : kJargon) QVERIFY2(!text.contains(word, Qt::CaseInsensitive), qPrintable(text));
                // The technical term is one hover away.
                const QString technical = ui::SettingsPage::technicalRoleText(s);
                QVERIFY2(technical.contains(language == QLatin1String("en") ? QStringLiteral("validator") : QStringLiteral("validador")) ||
                             technical.contains(language == QLatin1String("en") ? QStringLiteral("node") : QStringLiteral("nó ")),
                         qPrintable(technical));
            }
    }

    // Labels fall every few months; a value between two of them was read
    // with the next label's month ("Mar/24" for January).
    void chartValuesCarryTheirOwnMonth() {
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("pt_BR")}) {
            ui::applyLanguage(language);
            constexpr std::uint32_t kFirstMonth = 202401;
            constexpr int kMonths = 12;
            constexpr int kTicks = 4; // labels on every third month only
            QChart chart;
            auto* series = new QLineSeries(&chart);
            series->setName(QStringLiteral("Balance"));
            for (int i = 0; i < kMonths; ++i) series->append(double(i), double(10 + i));
            chart.addSeries(series);
            series->attachAxis(ui::addMonthAxis(&chart, kFirstMonth, kMonths, kTicks));
            series->attachAxis(ui::addValueAxis(&chart, 30, QStringLiteral("kWh")));
            QVERIFY(int(ui::charts::monthLabelIndices(kMonths, kTicks).size()) < kMonths); // some months have no label
            const QString description = ui::describeChartValues(&chart);
            for (int i = 0; i < kMonths; ++i) {
                const QString value = ui::charts::monthAxisLabel(chain::add_months(kFirstMonth, i)) + QLatin1Char(' ') +
                                      QLocale().toString(double(10 + i), 'f', 1) + QStringLiteral(" kWh");
                QVERIFY2(description.contains(value), qPrintable(language + QStringLiteral(": ") + value + QStringLiteral(" not in ") + description));
            }
            // A moment inside a month (the capacity chart's steps) is read with that month.
            QCOMPARE(ui::charts::monthAtAxisPosition(ui::charts::monthAxisPosition(chain::month_start_s(202403) + 86'400, kFirstMonth), kFirstMonth),
                     std::uint32_t(202403));
            QCOMPARE(ui::charts::monthAtAxisPosition(ui::charts::monthAxisPosition(chain::month_start_s(202404) - 1, kFirstMonth), kFirstMonth),
                     std::uint32_t(202403));
        }
    }
};

QTEST_MAIN(TestGuiWords)
#include "test_gui_words.moc"
