// A desktop joins, or follows watch-only, a group whose history is longer
// than its validators' snapshot interval: it starts from a verified copy of
// the state (state sync, docs/STATE.md "Snapshots") instead of executing
// every block, and says so. Against a founder's NetworkNode on 127.0.0.1
// (tests/node/cluster.h) that pins a snapshot every kSnapshotBlocks blocks;
// the newcomer clicks through the assistant with the invitation filled in.
//
// What it must show at once: the group's members and their quotas, the open
// votes, the status bar's "verified by 2 of 2 validators", on the Activity
// screen that the activity before the snapshot is kept elsewhere, and in
// Settings what this computer keeps and what that costs it (disk, traffic).
// The group voted in a second validator first, so its invitation carries a
// checkpoint (that block): the newcomer's node trusts it instead of the
// genesis, and the newcomer's own invitations carry it on.

#include "../node/cluster.h"

#include "app/desktop/startup.h"
#include "node/invitation.h"
#include "ui/chart_axes.h"
#include "ui/first_run_wizard.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "widget_lookup.h"
#include "wizard_steps.h"

#include <QDir>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>

using namespace chain;

using gui_test::child;
using gui_test::chooseOnStartPage;
using gui_test::createWallet;
using gui_test::typeInto;

namespace {

constexpr int kUiWaitMs = 60'000;
constexpr std::uint64_t kSnapshotBlocks = 5;
// Requests to join, one block each: past two snapshots.
constexpr int kHistoryBlocks = int(2 * kSnapshotBlocks + 2);

} // namespace

class TestGuiJoinSynced : public QObject {
    Q_OBJECT

    std::unique_ptr<testing::Cluster> cluster_;
    std::optional<state::HeaderCheckpoint> checkpoint_; // the founder's node's, once the second validator is in
    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;

    NetworkNode* founderNode() { return cluster_->node(0); }
    Invitation invitation() {
        return Invitation{cluster_->genesis.group_id(),
                          {QStringLiteral("127.0.0.1:%1").arg(founderNode()->listening_port())},
                          QStringLiteral("Cooperativa Solar Teste"), checkpoint_};
    }
    // The history's backfill stays off unless asked for: the checks below
    // look at what a desktop holds right after the snapshot.
    void tune(ui::FirstRunWizard& wizard, std::size_t config_index, bool backfill = false) {
        NetworkNodeConfig tuning = cluster_->config(config_index);
        tuning.backfill_history = backfill;
        wizard.workspace().setNetworkTuning(tuning);
        wizard.workspace().setNetworkClock([this] { return cluster_->now_ms(); });
    }

    // The members' table shows quotas in kW and the founder's 1 SEB.
    static void checkQuotaTableShown(desktop::Session& session) {
        models::MemberModel* members = session.models()->members();
        bool quota_shown = false;
        bool tokens_shown = false;
        for (int row = 0; row < members->rowCount(); ++row)
            for (int column = 0; column < members->columnCount(); ++column) {
                const QString cell = members->index(row, column).data().toString();
                quota_shown = quota_shown || cell.contains(QStringLiteral("kW"));
                tokens_shown = tokens_shown || cell == QStringLiteral("1 SEB");
            }
        QVERIFY(quota_shown);
        QVERIFY(tokens_shown);
    }

    // The synced state is on screen as the founder's node has it, and what
    // is kept of the history starts after the founder's newest snapshot.
    void checkStartedFromTheSnapshot(desktop::Session& session) {
        const std::uint64_t snapshot = *founderNode()->snapshot_height();
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().summary.height >= founderNode()->summary().height, kUiWaitMs);
        const models::Snapshot& s = session.models()->snapshot();
        QCOMPARE(s.history_from, snapshot + 1);
        QVERIFY(s.history_start_time_s > 0);
        // Every open vote, though the blocks that opened them were never executed here.
        QVERIFY(s.applicants.size() >= std::size_t(kHistoryBlocks));
        // Every member's quota and tokens, as the validator has them; the
        // founder's 1 SEB in the members' table.
        QVERIFY(s.members == founderNode()->members());
        checkQuotaTableShown(session);

        // The status bar: verified by the one validator; the tooltip says where the history starts.
        auto* status = child<QLabel>(session.window(), QStringLiteral("statusHeight"));
        QTRY_VERIFY2(status->text().contains(QStringLiteral("verified by 2 of 2 validators")), qPrintable(status->text()));
        // It trusted the invitation's checkpoint, and its own invitations carry it.
        QCOMPARE(s.invitation_checkpoint, checkpoint_);
        QVERIFY2(status->toolTip().contains(QStringLiteral("joined from the group's verified state at block %1").arg(snapshot)),
                 qPrintable(status->toolTip()));

        // The Activity screen says its table does not hold the group's whole life.
        session.window()->showScreen(ui::MainWindow::Activity);
        auto* note = child<QLabel>(session.window(), QStringLiteral("activityHistoryNote"));
        QTRY_VERIFY(note->isVisible());
        QVERIFY2(note->text().startsWith(QStringLiteral("This computer started from a verified copy of the group's records")),
                 qPrintable(note->text()));
        QVERIFY2(note->text().contains(ui::charts::dayInWords(s.history_start_time_s)), qPrintable(note->text()));
        saveShot(session, QStringLiteral("activity-synced"));

        // Settings: what this computer keeps, and what that costs it in disk and traffic.
        session.window()->showScreen(ui::MainWindow::Settings);
        QTRY_VERIFY(session.models()->snapshot().costs.received_bytes > 0);
        const chain::NodeCosts costs = session.models()->snapshot().costs;
        QVERIFY(costs.disk_bytes > 0);
        QVERIFY(costs.sent_bytes > 0);
        auto* info = child<QLabel>(session.window(), QStringLiteral("settingsNodeInfo"));
        QTRY_VERIFY2(info->text().contains(QStringLiteral("The records take ")), qPrintable(info->text()));
        QVERIFY2(info->text().contains(QStringLiteral("Since Rateio started: ")), qPrintable(info->text()));
        QVERIFY2(info->text().contains(QStringLiteral("This copy started from the group's verified records as they were on %1")
                                           .arg(ui::charts::dayInWords(s.history_start_time_s))),
                 qPrintable(info->text()));
        saveShot(session, QStringLiteral("settings-synced"));
    }

    // To look at what a newcomer sees: RATEIO_TEST_SHOTS names a folder for PNGs.
    static void saveShot(desktop::Session& session, const QString& name) {
        const QString shots = qEnvironmentVariable("RATEIO_TEST_SHOTS");
        if (shots.isEmpty()) return;
        session.window()->resize(1280, 720); // the smallest screen the desktop is laid out for
        QTest::qWait(50);
        session.window()->grab().save(QStringLiteral("%1/%2-%3.png").arg(shots, name, ui::currentLanguage()));
    }

    // The founder proposes node 1's key as a validator and votes for it;
    // once the vote closes, blocks need both signatures.
    void addSecondValidator() {
        QVERIFY(cluster_->start(1));
        const Transaction propose = cluster_->make_tx(
            cluster_->founder, 1, ProposeChange{AddValidator{cluster_->keys[1].public_key()}, "a second machine"});
        QVERIFY(founderNode()->submit(propose).accepted());
        QTRY_VERIFY_WITH_TIMEOUT(cluster_->committed_everywhere(propose.id()), kUiWaitMs);
        const Transaction vote =
            cluster_->make_tx(cluster_->founder, 2, CastVote{founderNode()->referendums().back().id, true});
        QVERIFY(founderNode()->submit(vote).accepted());
        QTRY_VERIFY_WITH_TIMEOUT(cluster_->committed_everywhere(vote.id()), kUiWaitMs);
        cluster_->advance_clock_s(3601);
        QTRY_VERIFY_WITH_TIMEOUT(cluster_->node(1)->is_validator(), kUiWaitMs);
    }

    // A newcomer who clicked through the assistant with the invitation: a
    // wallet made, the join details typed, Finish. No node and the reason
    // when the assistant failed.
    struct Joined {
        models::OpenedNode opened;
        QString wallet_name;
    };
    Joined joinThroughAssistant(const QString& data_dir, std::size_t config_index, bool backfill) {
        ui::FirstRunWizard wizard(data_dir);
        tune(wizard, config_index, backfill);
        wizard.setInvitation(invitation());
        chooseOnStartPage(wizard, QStringLiteral("wizardJoinGroup"));
        createWallet(wizard, QDir(data_dir).filePath(QStringLiteral("backup.wallet")));
        Joined joined;
        if (wizard.currentId() != int(ui::FirstRunWizard::JoinPageId)) {
            joined.opened.error = QStringLiteral("the assistant is not at the join page");
            return joined;
        }
        gui_test::typeJoinDetails(wizard, QStringLiteral("Joana Ribeiro"), QStringLiteral("3344556677"), QStringLiteral("Light"));
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return wizard.result() == QDialog::Accepted; }, kUiWaitMs)) {
            joined.opened.error = QStringLiteral("the assistant did not finish");
            return joined;
        }
        joined.opened = wizard.takeNode();
        joined.wallet_name = wizard.walletName();
        return joined;
    }

    // A watch-only follower made by clicking through the assistant with the
    // invitation's text pasted; nullptr (and the test failed) if it did not open.
    std::unique_ptr<desktop::Session> followWatchOnly(const QString& data_dir, std::size_t config_index) {
        ui::FirstRunWizard wizard(data_dir);
        tune(wizard, config_index);
        chooseOnStartPage(wizard, QStringLiteral("wizardWatchGroup"));
        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardWatchPeers"))->setPlainText(invitation().to_text());
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        if (!QTest::qWaitFor([&] { return wizard.result() == QDialog::Accepted; }, kUiWaitMs)) {
            QTest::qFail("the assistant did not finish", __FILE__, __LINE__);
            return nullptr;
        }
        models::OpenedNode opened = wizard.takeNode();
        if (!opened.node) {
            QTest::qFail(qPrintable(opened.error), __FILE__, __LINE__);
            return nullptr;
        }
        return std::make_unique<desktop::Session>(std::move(opened), ui::WalletLocation{data_dir, QString()}, settings_.get());
    }

    // What a light watch-only desktop shows on each screen, in both languages.
    void checkLightScreens(desktop::Session& session) {
        const models::Snapshot s = session.models()->snapshot();
        // The quota table, byte for byte the validators' (the founder's 1 SEB among the quotas in kW).
        QVERIFY(s.members == founderNode()->members());
        checkQuotaTableShown(session);
        // No history at all: no event, no vote, no request to join.
        QVERIFY(s.events.empty());
        QVERIFY(s.referendums.empty());
        QCOMPARE(s.history_from, s.summary.height + 1);
        auto* status = child<QLabel>(session.window(), QStringLiteral("statusHeight"));
        QTRY_VERIFY2(status->text().contains(QStringLiteral("verified by 2 of 2 validators")), qPrintable(status->text()));
        QVERIFY2(status->toolTip().contains(QStringLiteral("Light mode: every")), qPrintable(status->toolTip()));
        QCOMPARE(child<QLabel>(session.window(), QStringLiteral("statusPeers"))->text(), QStringLiteral("Light mode"));
        session.window()->showScreen(ui::MainWindow::Overview);
        auto* banner = child<QLabel>(session.window(), QStringLiteral("overviewBanner"));
        QTRY_VERIFY2(banner->isVisible() && banner->text().startsWith(QStringLiteral("Light mode: the figures")),
                     qPrintable(banner->text()));
        saveShot(session, QStringLiteral("light-overview"));
        session.window()->showScreen(ui::MainWindow::Members);
        QVERIFY(!child<QWidget>(session.window(), QStringLiteral("lightModeNotice"))->isVisible());
        saveShot(session, QStringLiteral("light-members"));
        // A screen light mode cannot fill says why, and leads to the switch.
        session.window()->showScreen(ui::MainWindow::Votes);
        auto* notice = child<QLabel>(session.window(), QStringLiteral("lightModeNoticeText"));
        QTRY_VERIFY(notice->isVisible());
        QVERIFY2(notice->text().startsWith(QStringLiteral("This screen is not shown in light mode.")), qPrintable(notice->text()));
        saveShot(session, QStringLiteral("light-votes"));
        QTest::mouseClick(child<QPushButton>(session.window(), QStringLiteral("lightModeNoticeSettings")), Qt::LeftButton);
        auto* info = child<QLabel>(session.window(), QStringLiteral("settingsNodeInfo"));
        QTRY_VERIFY(info->isVisible());
        QVERIFY2(info->text().contains(QStringLiteral("in light mode: it keeps no copy")), qPrintable(info->text()));
        QVERIFY2(info->text().contains(QStringLiteral("The group's files take ")), qPrintable(info->text()));
        QVERIFY(child<QRadioButton>(session.window(), QStringLiteral("settingsModeLight"))->isChecked());
        saveShot(session, QStringLiteral("light-settings"));
        ui::applyLanguage(QStringLiteral("pt_BR"));
        for (const auto screen : {ui::MainWindow::Overview, ui::MainWindow::Votes, ui::MainWindow::Settings}) {
            session.window()->showScreen(screen);
            saveShot(session, QStringLiteral("light-%1").arg(int(screen)));
        }
        ui::applyLanguage(QStringLiteral("en"));
    }

private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        GroupParams params;
        params.referendum_period_s = 3600; // the shortest the rules allow
        cluster_ = std::make_unique<testing::Cluster>(1, 1, params);
        cluster_->adjust_config = [](std::size_t, NetworkNodeConfig& c) { c.state_snapshot_blocks = kSnapshotBlocks; };
        QVERIFY(cluster_->start(0));
        founderNode()->add_member_key(cluster_->founder);
        addSecondValidator();
        checkpoint_ = founderNode()->invitation_checkpoint();
        QVERIFY(checkpoint_);
        QVERIFY(cluster_->commit_admissions(kHistoryBlocks));
        QVERIFY(founderNode()->snapshot_height().has_value());
        QVERIFY(*founderNode()->snapshot_height() > 1);
    }

    void aNewcomerJoinsFromTheInvitationAndSeesTheGroupAtOnce() {
        QTemporaryDir data;
        Joined joined = joinThroughAssistant(data.path(), 5, false);
        QVERIFY2(joined.opened.node, qPrintable(joined.opened.error));
        QCOMPARE(static_cast<NetworkNode*>(joined.opened.node.get())->trusted_checkpoint(), checkpoint_); // from the invitation
        const AccountId me = crypto::account_id(joined.opened.identity->public_key());

        desktop::Session session(std::move(joined.opened), ui::WalletLocation{data.path(), joined.wallet_name}, settings_.get());
        session.window()->show();
        checkStartedFromTheSnapshot(session);
        // The request to join goes out from the synced state and reaches the founder.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const Applicant& a : founderNode()->applicants())
                    if (a.account == me) return true;
                return false;
            }(),
            kUiWaitMs);
        auto* banner = child<QLabel>(session.window(), QStringLiteral("overviewBanner"));
        session.window()->showScreen(ui::MainWindow::Overview);
        QTRY_VERIFY_WITH_TIMEOUT(banner->text().startsWith(QStringLiteral("Your admission is being voted")), kUiWaitMs);
        saveShot(session, QStringLiteral("overview-synced"));

        // In Portuguese, as a member reads it.
        ui::applyLanguage(QStringLiteral("pt_BR"));
        session.window()->showScreen(ui::MainWindow::Activity);
        auto* note = child<QLabel>(session.window(), QStringLiteral("activityHistoryNote"));
        QTRY_VERIFY2(note->text().startsWith(QStringLiteral("Este computador começou com uma cópia conferida")),
                     qPrintable(note->text()));
        auto* status = child<QLabel>(session.window(), QStringLiteral("statusHeight"));
        QTRY_VERIFY2(status->text().contains(QStringLiteral("conferido por 2 de 2 validadores")), qPrintable(status->text()));
        saveShot(session, QStringLiteral("activity-synced"));
        session.window()->showScreen(ui::MainWindow::Settings);
        auto* info = child<QLabel>(session.window(), QStringLiteral("settingsNodeInfo"));
        QTRY_VERIFY2(info->text().contains(QStringLiteral("Os registros ocupam ")), qPrintable(info->text()));
        QVERIFY2(info->text().contains(QStringLiteral("Esta cópia começou dos registros conferidos")), qPrintable(info->text()));
        // The invitation this newcomer hands on names the same checkpoint.
        auto* invitation_text = child<QPlainTextEdit>(session.window(), QStringLiteral("settingsInvitation"));
        QTRY_VERIFY2(invitation_text->toPlainText().endsWith(QStringLiteral("checkpoint=") + checkpoint_text(*checkpoint_)),
                     qPrintable(invitation_text->toPlainText()));
        saveShot(session, QStringLiteral("settings-synced"));
        ui::applyLanguage(QStringLiteral("en"));
    }

    void aWatchOnlyFollowerShowsTheQuotaTableFromTheSnapshot() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        tune(wizard, 6);
        chooseOnStartPage(wizard, QStringLiteral("wizardWatchGroup"));
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WatchPageId));
        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardWatchPeers"))->setPlainText(invitation().to_text());
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(wizard.result(), int(QDialog::Accepted), kUiWaitMs);
        models::OpenedNode opened = wizard.takeNode();
        QVERIFY2(opened.node, qPrintable(opened.error));
        QVERIFY(!opened.identity);
        QCOMPARE(static_cast<NetworkNode*>(opened.node.get())->trusted_checkpoint(), checkpoint_); // from the pasted text

        desktop::Session session(std::move(opened), ui::WalletLocation{data.path(), QString()}, settings_.get());
        session.window()->show();
        QVERIFY(session.window()->watchOnly());
        checkStartedFromTheSnapshot(session);
        QVERIFY(session.models()->snapshot().names.empty()); // quotas by address, never a name
    }

    // A second newcomer joins by clicking through the invitation. The
    // balances are on screen, verified, before the history before the
    // snapshot is back; then the blocks before it are fetched and replayed
    // from the genesis in the background, and the Activity screen shows the
    // group's whole life, from its first block.
    void theBalancesShowBeforeTheHistoryBackfillFinishes() {
        QTemporaryDir data;
        Joined joined = joinThroughAssistant(data.path(), 9, true);
        QVERIFY2(joined.opened.node, qPrintable(joined.opened.error));
        desktop::Session session(std::move(joined.opened), ui::WalletLocation{data.path(), joined.wallet_name}, settings_.get());
        // The first snapshot that reaches the snapshot's height: what the member sees first.
        const std::uint64_t snapshot = *founderNode()->snapshot_height();
        std::optional<std::uint64_t> history_when_shown;
        bool balances_when_shown = false;
        connect(session.models(), &ui::GroupModels::changed, this, [&] {
            const models::Snapshot& s = session.models()->snapshot();
            if (history_when_shown || s.summary.height < snapshot) return;
            history_when_shown = s.history_from;
            balances_when_shown = !s.members.empty() && s.members == founderNode()->members() && s.certified;
        });
        session.window()->show();
        QTRY_VERIFY_WITH_TIMEOUT(history_when_shown.has_value(), kUiWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().history_from == 1, kUiWaitMs);
        QVERIFY2(*history_when_shown > 1, "the history was complete before the balances were first shown");
        QVERIFY(balances_when_shown);
        checkQuotaTableShown(session);
        // The whole life of the group: its first block's events, and no note about a missing past.
        session.window()->showScreen(ui::MainWindow::Activity);
        const auto holds_block_1 = [&] {
            const std::vector<chain::Event>& events = session.models()->snapshot().events;
            return std::any_of(events.begin(), events.end(), [](const chain::Event& e) { return e.height == 1; });
        };
        QTRY_VERIFY(holds_block_1());
        QTRY_VERIFY(!child<QLabel>(session.window(), QStringLiteral("activityHistoryNote"))->isVisible());
        saveShot(session, QStringLiteral("activity-backfilled"));
    }

    // Switched to light mode in Settings, a watch-only desktop keeps no copy
    // of the records: it shows the quota table and the group's figures as the
    // validators' signatures prove them, holds no history, and says so on the
    // screens it cannot fill. It follows new blocks at each check, starts in
    // light mode again, and switched back it is a full node again.
    void aLightWatchOnlyDesktopShowsTheQuotaTableWithNoHistory() {
        QTemporaryDir data;
        std::unique_ptr<desktop::Session> opened_session = followWatchOnly(data.path(), 8);
        QVERIFY(opened_session);
        desktop::Session& session = *opened_session;
        session.setWorkspaceSetup([this](models::Workspace& workspace) {
            workspace.setNetworkTuning(cluster_->config(8));
            workspace.setNetworkClock([this] { return cluster_->now_ms(); });
            workspace.setLightCheckInterval(500);
        });
        session.window()->show();
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().summary.height >= founderNode()->summary().height, kUiWaitMs);

        // Settings → Mode → Light, confirmed.
        session.window()->showScreen(ui::MainWindow::Settings);
        auto* light = child<QRadioButton>(session.window(), QStringLiteral("settingsModeLight"));
        QTRY_VERIFY(light->isVisible());
        QVERIFY(light->isEnabled());
        QVERIFY(child<QRadioButton>(session.window(), QStringLiteral("settingsModeFull"))->isChecked());
        gui_test::answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(light, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().light && session.models()->snapshot().light->checked, kUiWaitMs);
        QVERIFY(models::Workspace(data.path()).networkSettings()->light); // kept for the next start
        // New blocks arrive at the next check, executed nowhere here.
        QVERIFY(cluster_->commit_admissions(1));
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->snapshot().summary.height == founderNode()->summary().height, kUiWaitMs);
        checkLightScreens(session);
        if (QTest::currentTestFailed()) return;

        // Switched back to full: every screen again, from the copy it kept.
        session.window()->showScreen(ui::MainWindow::Settings);
        gui_test::answerNextMessageBox(QMessageBox::Yes);
        QTest::mouseClick(child<QRadioButton>(session.window(), QStringLiteral("settingsModeFull")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!session.models()->snapshot().light &&
                                     session.models()->snapshot().summary.height == founderNode()->summary().height,
                                 kUiWaitMs);
        QVERIFY(!models::Workspace(data.path()).networkSettings()->light);
        QVERIFY(!session.models()->snapshot().applicants.empty());
        session.window()->showScreen(ui::MainWindow::Votes);
        QVERIFY(!child<QWidget>(session.window(), QStringLiteral("lightModeNotice"))->isVisible());
    }

    // An invitation whose checkpoint was tampered with: the computers of the
    // group show another block there, nothing they send is taken, and the
    // status bar says so in plain words, in both languages.
    void aTamperedInvitationIsRefusedInPlainWords() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        tune(wizard, 7);
        chooseOnStartPage(wizard, QStringLiteral("wizardWatchGroup"));
        Invitation tampered = invitation();
        tampered.checkpoint->block_hash[0] ^= 0x01;
        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardWatchPeers"))->setPlainText(tampered.to_text());
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(wizard.result(), int(QDialog::Accepted), kUiWaitMs);
        models::OpenedNode opened = wizard.takeNode();
        QVERIFY2(opened.node, qPrintable(opened.error));
        desktop::Session session(std::move(opened), ui::WalletLocation{data.path(), QString()}, settings_.get());
        session.window()->show();
        auto* status = child<QLabel>(session.window(), QStringLiteral("statusHeight"));
        QTRY_VERIFY2_WITH_TIMEOUT(status->text() == QStringLiteral("Records differ from the invitation"),
                                  qPrintable(status->text()), kUiWaitMs);
        QVERIFY(status->toolTip().contains(QStringLiteral("The invitation names block %1").arg(checkpoint_->height)));
        // The Overview says it first, in full: the member may never hover over the bar.
        auto* banner = child<QLabel>(session.window(), QStringLiteral("overviewBanner"));
        QTRY_VERIFY2(banner->isVisible() && banner->text().startsWith(QStringLiteral("The invitation names block")),
                     qPrintable(banner->text()));
        QVERIFY(session.models()->snapshot().summary.height < checkpoint_->height); // nothing from there on
        saveShot(session, QStringLiteral("tampered-invitation"));
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QTRY_VERIFY2(status->text() == QStringLiteral("Registros diferentes do convite"), qPrintable(status->text()));
        QTRY_VERIFY2(banner->text().startsWith(QStringLiteral("O convite indica o bloco")), qPrintable(banner->text()));
        saveShot(session, QStringLiteral("tampered-invitation"));
        ui::applyLanguage(QStringLiteral("en"));
    }

    void cleanupTestCase() { cluster_.reset(); }
};

QTEST_MAIN(TestGuiJoinSynced)
#include "test_gui_join_synced.moc"
