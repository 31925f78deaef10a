// Two desktops found and grow a group without a terminal: a founder creates
// the group in the assistant (a short vote period under "Advanced"), saves an
// invitation file from Settings; a neighbour's desktop (its own data dir and
// NetworkNode, real TCP on 127.0.0.1) opens the file and asks to join; the
// founder votes by clicking in the Votes screen; the neighbour, admitted,
// proposes their desktop as a validator from Settings and the group approves.
// Both then see 2 validators online; with the neighbour's desktop stopped the
// founder's shows the group paused and why, and it commits again once the
// neighbour's desktop is back.
//
// Also: an embedded group opened up from Settings keeps every member, block
// and balance.

#include "../node/cluster.h"

#include "app/desktop/startup.h"
#include "node/invitation.h"
#include "ui/language.h"
#include "ui/network_panel.h"
#include "ui/resources.h"
#include "ui/settings_page.h"
#include "ui/votes_page.h"
#include "widget_lookup.h"
#include "wizard_steps.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <memory>

using namespace chain;
using gui_test::child;
using gui_test::typeInto;

namespace {

constexpr int kUiWaitMs = 60'000;


QString statusText(desktop::Session& session, const char* name) {
    return child<QLabel>(session.window(), QString::fromLatin1(name))->text();
}

} // namespace

class TestGuiFound : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;
    // One clock for both desktops, so that moving it closes a vote everywhere.
    std::shared_ptr<std::atomic<std::int64_t>> offset_ms_ = std::make_shared<std::atomic<std::int64_t>>(0);

    std::function<std::int64_t()> clock() const {
        return [offset = offset_ms_] { return QDateTime::currentMSecsSinceEpoch() + offset->load(); };
    }
    void advanceClock_s(std::int64_t seconds) { offset_ms_->fetch_add(seconds * 1000); }
    void setUp(models::Workspace& workspace, quint16 port) const {
        workspace.setNetworkTuning(chain::testing::fast_network_tuning());
        workspace.setNetworkClock(clock());
        workspace.setDefaultListenPort(port);
    }

    // Opens a folder's group again, unlocking its wallet (a restart of the app).
    std::unique_ptr<desktop::Session> reopen(const QString& data_dir, const QString& wallet) {
        models::Workspace workspace(data_dir);
        setUp(workspace, 0);
        models::OpenedNode opened = workspace.open();
        if (!opened.node) qFatal("cannot reopen %s: %s", qPrintable(data_dir), qPrintable(opened.error));
        opened.identity = workspace.unlockWallet(wallet, QString::fromUtf8(gui_test::kWalletPassphrase)).key;
        auto session = std::make_unique<desktop::Session>(std::move(opened), ui::WalletLocation{data_dir, wallet}, settings_.get());
        session->window()->show();
        return session;
    }

    // Votes Yes on `referendum` by clicking in the Votes screen.
    static void voteYes(desktop::Session& session, std::uint64_t referendum) {
        session.window()->showScreen(ui::MainWindow::Votes);
        session.window()->votesPage()->select(referendum);
        auto* yes = child<QPushButton>(session.window(), QStringLiteral("voteYesButton"));
        QTRY_VERIFY(yes->isVisible() && yes->isEnabled());
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(session.window(), QStringLiteral("voteMine"))->text() == QStringLiteral("You voted Yes."),
                                 kUiWaitMs);
    }

    static const Referendum* openReferendum(const models::Snapshot& s, ReferendumKind kind) {
        for (const Referendum& r : s.referendums)
            if (r.kind == kind && r.outcome == Outcome::Pending) return &r;
        return nullptr;
    }

    // To look at Settings → Mode: RATEIO_TEST_SHOTS names a folder for PNGs,
    // one per language, at the smallest screen the desktop is laid out for.
    static void saveModeShots(desktop::Session& session, const QString& name) {
        const QString shots = qEnvironmentVariable("RATEIO_TEST_SHOTS");
        if (shots.isEmpty()) return;
        session.window()->resize(1280, 720);
        session.window()->showScreen(ui::MainWindow::Settings);
        for (const QString& language : {QStringLiteral("pt_BR"), QStringLiteral("en")}) {
            ui::applyLanguage(language);
            QTest::qWait(300);
            session.window()->settingsPage()->scrollToMode();
            QTest::qWait(50);
            session.window()->grab().save(QStringLiteral("%1/%2-%3.png").arg(shots, name, language));
        }
    }

private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    }

    void foundInviteJoinVoteAndAddAValidator() {
        // --- The founder creates the group in the assistant.
        const QString founder_dir = dir_.filePath(QStringLiteral("founder"));
        const quint16 founder_port = free_port();
        std::unique_ptr<desktop::Session> founder;
        {
            ui::FirstRunWizard wizard(founder_dir);
            setUp(wizard.workspace(), founder_port);
            gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardCreateGroup"));
            gui_test::createWallet(wizard, dir_.filePath(QStringLiteral("founder-backup.wallet")));
            QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::CreateGroupPageId));
            typeInto(&wizard, QStringLiteral("wizardGroupName"), QStringLiteral("Condomínio Sol Nascente"));
            typeInto(&wizard, QStringLiteral("wizardFullName"), QStringLiteral("Marta Oliveira"));
            typeInto(&wizard, QStringLiteral("wizardConsumerUnit"), QStringLiteral("0412345678"));
            typeInto(&wizard, QStringLiteral("wizardUtility"), QStringLiteral("Light"));
            // Advanced: votes of one hour, so that the test can close them.
            auto* advanced_box = child<QWidget>(&wizard, QStringLiteral("wizardAdvancedBox"));
            QVERIFY(!advanced_box->isVisible());
            child<QCheckBox>(&wizard, QStringLiteral("wizardAdvanced"))->click(); // the page may not be laid out yet
            QVERIFY(advanced_box->isVisible());
            auto* unit = child<QComboBox>(&wizard, QStringLiteral("wizardVotePeriodUnit"));
            unit->setCurrentIndex(unit->findData(3600));
            auto* vote_length = child<QSpinBox>(&wizard, QStringLiteral("wizardVotePeriod"));
            vote_length->setValue(1);
            QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
            QCOMPARE(wizard.result(), int(QDialog::Accepted));
            models::OpenedNode opened = wizard.takeNode();
            QVERIFY2(opened.node, qPrintable(opened.error));
            QVERIFY(opened.node->networked());
            QVERIFY(opened.node->is_validator());
            QCOMPARE(opened.node->summary().params.referendum_period_s, std::uint64_t(3600));
            founder = std::make_unique<desktop::Session>(std::move(opened), ui::WalletLocation{founder_dir, wizard.walletName()},
                                                         settings_.get());
        }
        founder->window()->show();
        QTRY_COMPARE(statusText(*founder, "statusValidators"), QStringLiteral("1 of 1 validator online"));
        // The interfaces' own addresses are left out: a test may dial loopback only.
        {
            models::Workspace workspace(founder_dir);
            models::NetworkSettings network = *workspace.networkSettings();
            QCOMPARE(network.listen_port, founder_port);
            network.advertise_interfaces = false;
            network.advertised = {QStringLiteral("127.0.0.1:%1").arg(founder_port)};
            QVERIFY(workspace.saveNetworkSettings(network));
        }

        // --- Settings: one validator is a risk, said plainly; the invitation is saved as a file.
        founder->window()->showScreen(ui::MainWindow::Settings);
        founder->client()->refresh();
        QTRY_VERIFY(child<QLabel>(founder->window(), QStringLiteral("settingsValidatorsSummary"))
                        ->text()
                        .contains(QStringLiteral("With one validator the group stops whenever that computer is off")));
        const QString invitation_path = dir_.filePath(QStringLiteral("sol.rateio-invite"));
        founder->window()->settingsPage()->setSavePathChooser([&](const QString&, const QString&, const QString&) { return invitation_path; });
        QTRY_VERIFY(child<QPlainTextEdit>(founder->window(), QStringLiteral("settingsInvitation"))
                        ->toPlainText()
                        .contains(QStringLiteral("127.0.0.1:%1").arg(founder_port)));
        QTest::mouseClick(child<QPushButton>(founder->window(), QStringLiteral("settingsSaveInvitation")), Qt::LeftButton);
        QVERIFY2(QFile::exists(invitation_path),
                 qPrintable(child<QLabel>(founder->window(), QStringLiteral("settingsInviteMessage"))->text()));

        // --- The neighbour opens the invitation file and asks to join.
        const QString neighbour_dir = dir_.filePath(QStringLiteral("neighbour"));
        std::unique_ptr<desktop::Session> neighbour;
        QString neighbour_wallet;
        {
            const ParsedInvitation parsed = read_invitation_file(invitation_path);
            QVERIFY(parsed.invitation);
            QCOMPARE(parsed.invitation->group_name, QStringLiteral("Condomínio Sol Nascente"));
            ui::FirstRunWizard wizard(neighbour_dir);
            setUp(wizard.workspace(), 0);
            wizard.setInvitation(*parsed.invitation);
            gui_test::chooseOnStartPage(wizard, QStringLiteral("wizardJoinGroup"));
            gui_test::createWallet(wizard, dir_.filePath(QStringLiteral("neighbour-backup.wallet")));
            QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::JoinPageId));
            gui_test::typeJoinDetails(wizard, QStringLiteral("Joana Ribeiro"), QStringLiteral("3344556677"), QStringLiteral("Light"));
            QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(wizard.result(), int(QDialog::Accepted), kUiWaitMs);
            models::OpenedNode opened = wizard.takeNode();
            QVERIFY2(opened.node, qPrintable(opened.error));
            neighbour_wallet = wizard.walletName();
            neighbour = std::make_unique<desktop::Session>(std::move(opened), ui::WalletLocation{neighbour_dir, neighbour_wallet},
                                                           settings_.get());
        }
        neighbour->window()->show();

        // --- The founder is told, sees the name and utility, and votes by clicking.
        QTRY_VERIFY_WITH_TIMEOUT(openReferendum(founder->models()->snapshot(), ReferendumKind::Admission), kUiWaitMs);
        const std::uint64_t admission = openReferendum(founder->models()->snapshot(), ReferendumKind::Admission)->id;
        QTRY_VERIFY_WITH_TIMEOUT(founder->models()->snapshot().names.size() == 2, kUiWaitMs); // the applicant's name opens
        bool told = false;
        for (const models::Notification& n : founder->window()->lastNews())
            told = told || (n.kind == models::Notification::Kind::NewVote && n.id == admission);
        QVERIFY(told);
        voteYes(*founder, admission);
        auto* subject = child<QLabel>(founder->window(), QStringLiteral("voteSubject"));
        QVERIFY2(subject->text().contains(QStringLiteral("Admit Joana Ribeiro (Light) as a member")), qPrintable(subject->text()));
        advanceClock_s(3600 + 60);
        QTRY_VERIFY_WITH_TIMEOUT(neighbour->models()->summary()->isMember(), kUiWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(founder->models()->snapshot().members.size(), std::size_t(2), kUiWaitMs);

        // --- The neighbour chooses Validator in Settings → Mode: the group votes; both vote Yes.
        neighbour->window()->showScreen(ui::MainWindow::Settings);
        auto* propose_me = child<QPushButton>(neighbour->window(), QStringLiteral("settingsProposeMe"));
        auto* mode_full = child<QRadioButton>(neighbour->window(), QStringLiteral("settingsModeFull"));
        auto* mode_light = child<QRadioButton>(neighbour->window(), QStringLiteral("settingsModeLight"));
        auto* mode_validator = child<QRadioButton>(neighbour->window(), QStringLiteral("settingsModeValidator"));
        QTRY_VERIFY_WITH_TIMEOUT(propose_me->isVisible() && propose_me->isEnabled(), kUiWaitMs);
        QVERIFY(mode_validator->isVisible() && mode_validator->isEnabled() && !mode_validator->isChecked());
        QVERIFY(mode_full->isChecked());
        QVERIFY(!mode_light->isEnabled()); // a member's computer stays full
        saveModeShots(*neighbour, QStringLiteral("settings-mode-member"));
        // Asked and declined: nothing is proposed, and Full is still the mode shown.
        gui_test::answerNextMessageBox(QMessageBox::No);
        QTest::mouseClick(mode_validator, Qt::LeftButton);
        QVERIFY(mode_full->isChecked() && !mode_validator->isChecked());
        QTest::qWait(500);
        QVERIFY(!openReferendum(neighbour->models()->snapshot(), ReferendumKind::Change));
        gui_test::answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(mode_validator, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(openReferendum(founder->models()->snapshot(), ReferendumKind::Change), kUiWaitMs);
        const std::uint64_t add_validator = openReferendum(founder->models()->snapshot(), ReferendumKind::Change)->id;
        QTRY_VERIFY(child<QLabel>(neighbour->window(), QStringLiteral("settingsModeMessage"))
                        ->text()
                        .contains(QStringLiteral("the group now votes on adding this computer as a validator")));
        QTRY_VERIFY_WITH_TIMEOUT(!propose_me->isEnabled(), kUiWaitMs); // one proposal at a time
        QTRY_VERIFY(!mode_validator->isEnabled());
        QVERIFY(mode_full->isChecked());
        QVERIFY(child<QLabel>(neighbour->window(), QStringLiteral("settingsModeNote"))
                    ->text()
                    .contains(QStringLiteral("The group is voting on making this computer a validator (vote %1)").arg(add_validator)));
        voteYes(*founder, add_validator);
        QVERIFY2(subject->text().contains(QStringLiteral("as a validator")), qPrintable(subject->text()));
        QTRY_VERIFY_WITH_TIMEOUT(openReferendum(neighbour->models()->snapshot(), ReferendumKind::Change), kUiWaitMs);
        voteYes(*neighbour, add_validator);
        advanceClock_s(3600 + 60);
        QTRY_COMPARE_WITH_TIMEOUT(founder->models()->snapshot().summary.validators.size(), std::size_t(2), kUiWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(neighbour->models()->snapshot().validator, kUiWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(statusText(*founder, "statusValidators"), QStringLiteral("2 of 2 validators online"), kUiWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(statusText(*neighbour, "statusValidators"), QStringLiteral("2 of 2 validators online"), kUiWaitMs);
        QCOMPARE(statusText(*neighbour, "statusValidator"), QStringLiteral("Helping run the group"));
        // Settings shows the mode in use: Validator, which only the group's vote undoes.
        QTRY_VERIFY(mode_validator->isChecked());
        QVERIFY(!mode_full->isChecked() && !mode_full->isEnabled() && !mode_light->isEnabled());
        QVERIFY(child<QLabel>(neighbour->window(), QStringLiteral("settingsModeNote"))
                    ->text()
                    .contains(QStringLiteral("only a vote to remove it")));
        saveModeShots(*neighbour, QStringLiteral("settings-mode-validator"));

        // --- The neighbour's desktop is closed: the founder's group pauses, and says why.
        neighbour.reset();
        QTRY_COMPARE_WITH_TIMEOUT(statusText(*founder, "statusValidators"), QStringLiteral("Group paused: 1 of 2 validators online"),
                                  kUiWaitMs);
        QVERIFY(child<QLabel>(founder->window(), QStringLiteral("statusValidators"))->toolTip().contains(QStringLiteral("2 of the 2 validators")));
        // A transaction waits: nothing commits with half the validators.
        const std::uint64_t height_paused = founder->models()->snapshot().summary.height;
        founder->client()->submit(ProposePlant{"Usina do Telhado", PlantSource::Solar, 75'000, 300'000'00, "Light", "Bloco B", 60 * 86400});
        QTest::qWait(3000);
        QCOMPARE(founder->models()->snapshot().summary.height, height_paused);

        // --- Back again: both validators sign, and the waiting transaction commits.
        neighbour = reopen(neighbour_dir, neighbour_wallet);
        QTRY_COMPARE_WITH_TIMEOUT(statusText(*founder, "statusValidators"), QStringLiteral("2 of 2 validators online"), kUiWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(founder->models()->snapshot().summary.height > height_paused, kUiWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(neighbour->models()->snapshot().summary.height, founder->models()->snapshot().summary.height, kUiWaitMs);
    }

    void anEmbeddedGroupOpensUpFromSettingsKeepingEverything() {
        const QString data = dir_.filePath(QStringLiteral("embedded"));
        models::Workspace workspace(data);
        const models::Workspace::WalletOutcome wallet = workspace.createWallet(QStringLiteral("marta"), QString::fromUtf8(gui_test::kWalletPassphrase));
        QVERIFY(wallet.ok());
        models::FoundingDetails details{QStringLiteral("Cooperativa Serra"), QStringLiteral("Cemig"), QStringLiteral("Marta Oliveira"),
                                        QStringLiteral("0099"), GroupParams{}, /*dev_group=*/true};
        models::OpenedNode opened = workspace.createGroup(details, *wallet.key);
        QVERIFY2(opened.node, qPrintable(opened.error));
        QVERIFY(!opened.node->networked());
        desktop::Session session(std::move(opened), ui::WalletLocation{data, QStringLiteral("marta")}, settings_.get());
        session.setWorkspaceSetup([this](models::Workspace& w) { setUp(w, free_port()); });
        session.window()->show();
        // A block with a proposal, so that there is history to keep.
        session.client()->submit(ProposePlant{"Usina Serra", PlantSource::Solar, 75'000, 300'000'00, "Cemig", "Serra", 60 * 86400});
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().summary.height >= 1, kUiWaitMs);
        const models::SnapshotPtr before = session.client()->snapshot();

        session.window()->showScreen(ui::MainWindow::Settings);
        QVERIFY(!child<QPlainTextEdit>(session.window(), QStringLiteral("settingsInvitation"))->isVisibleTo(session.window()));
        auto* open_up = child<QPushButton>(session.window(), QStringLiteral("settingsOpenUp"));
        QVERIFY(open_up->isVisible());
        // "No" changes nothing.
        gui_test::answerNextMessageBox(QMessageBox::No);
        QTest::mouseClick(open_up, Qt::LeftButton);
        QTest::qWait(200);
        QVERIFY(!models::Workspace(data).holdsNetworkGroup());
        ui::MainWindow* old_window = session.window();
        gui_test::answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(open_up, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(session.window() != old_window, kUiWaitMs);
        QVERIFY(models::Workspace(data).holdsNetworkGroup());
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().networked, kUiWaitMs);
        const models::Snapshot& after = session.models()->snapshot();
        QVERIFY(after.validator);
        QCOMPARE(after.summary.height, before->summary.height);
        QVERIFY(after.summary.state_root == before->summary.state_root);
        QCOMPARE(after.members.size(), before->members.size());
        QCOMPARE(after.plants.size(), before->plants.size());
        QCOMPARE(after.summary.tokens_in_circulation_msb, before->summary.tokens_in_circulation_msb);
        QVERIFY(session.models()->summary()->isMember());
        QTRY_COMPARE(statusText(session, "statusValidators"), QStringLiteral("1 of 1 validator online"));
        // The opened group goes on: a new block commits on the network node.
        session.client()->submit(CastVote{before->referendums.back().id, true});
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().summary.height > before->summary.height, kUiWaitMs);
        QVERIFY(!child<QWidget>(session.window(), QStringLiteral("settingsOpenUp"))->isVisibleTo(session.window()));
    }

    void aDevGroupWhoseClockRanAheadIsNotOpenedUp() {
        const QString data = dir_.filePath(QStringLiteral("ahead"));
        models::Workspace workspace(data);
        const models::Workspace::WalletOutcome wallet = workspace.createWallet(QStringLiteral("ana"), QString::fromUtf8(gui_test::kWalletPassphrase));
        QVERIFY(wallet.ok());
        models::FoundingDetails details{QStringLiteral("Teste"), QStringLiteral("Light"), QStringLiteral("Ana"), QStringLiteral("1"),
                                        GroupParams{}, /*dev_group=*/true};
        models::OpenedNode opened = workspace.createGroup(details, *wallet.key);
        QVERIFY(opened.node);
        QVERIFY(static_cast<LocalNode&>(*opened.node).advance_clock(10 * 86400).ok());
        desktop::Session session(std::move(opened), ui::WalletLocation{data, QStringLiteral("ana")}, settings_.get());
        session.window()->show();
        session.window()->showScreen(ui::MainWindow::Settings);
        ui::MainWindow* window = session.window();
        gui_test::answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(child<QPushButton>(window, QStringLiteral("settingsOpenUp")), Qt::LeftButton);
        auto* message = child<QLabel>(window, QStringLiteral("settingsOpenUpMessage"));
        QTRY_VERIFY(message->isVisible());
        QVERIFY2(message->text().contains(QStringLiteral("clock was moved forward")), qPrintable(message->text()));
        QCOMPARE(session.window(), window);
        QVERIFY(!models::Workspace(data).holdsNetworkGroup());

        // A second Rateio on the same folder is told so in plain words, not the lock's English reason.
        QString error;
        QVERIFY(!desktop::openExisting(data, settings_.get(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("another Rateio program is using this group's folder")), qPrintable(error));
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QVERIFY(!desktop::openExisting(data, settings_.get(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("outro programa do Rateio está usando a pasta deste grupo")), qPrintable(error));
        ui::applyLanguage(QStringLiteral("en"));
    }
};

QTEST_MAIN(TestGuiFound)
#include "test_gui_found.moc"
