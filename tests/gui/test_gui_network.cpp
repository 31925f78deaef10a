// Offscreen GUI tests against a real group on the network: a founder's
// NetworkNode on 127.0.0.1 (tests/node/cluster.h), and the desktop app
// joining it from an invitation through the assistant, or following it
// watch-only. Widgets are found by object name; the founder votes through
// its own node.

#include "../node/cluster.h"

#include "app/desktop/startup.h"
#include "node/invitation.h"
#include "ui/first_run_wizard.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "ui/votes_page.h"
#include "widget_lookup.h"
#include "wizard_steps.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
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

QString hex(const Hash256& id) { return QString::fromStdString(codec::to_hex(id)); }

} // namespace

class TestGuiNetwork : public QObject {
    Q_OBJECT

    std::unique_ptr<testing::Cluster> cluster_;
    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;

    NetworkNode* founderNode() { return cluster_->node(0); }
    QString founderAddress() { return QStringLiteral("127.0.0.1:%1").arg(founderNode()->listening_port()); }

    static QString bannerOf(desktop::Session& session) {
        return child<QLabel>(session.window(), QStringLiteral("overviewBanner"))->text();
    }

private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        cluster_ = std::make_unique<testing::Cluster>(1, 0);
        QVERIFY(cluster_->start(0));
        founderNode()->add_member_key(cluster_->founder);
    }

    void joinFromAnInvitationAndGetAdmitted() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        wizard.workspace().setNetworkTuning(cluster_->config(5));
        wizard.workspace().setNetworkClock([this] { return cluster_->now_ms(); });
        chooseOnStartPage(wizard, QStringLiteral("wizardJoinGroup"));
        createWallet(wizard, data.filePath(QStringLiteral("backup.wallet")));
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::JoinPageId));

        // A bad address is refused at the field, before any connection.
        typeInto(&wizard, QStringLiteral("wizardJoinGroupId"), hex(cluster_->genesis.group_id()));
        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardJoinPeers"))->setPlainText(QStringLiteral("nowhere"));
        gui_test::typeJoinDetails(wizard, QStringLiteral("Joana Ribeiro"), QStringLiteral("3344556677"), QStringLiteral("Light"));
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        auto* error = child<QLabel>(&wizard, QStringLiteral("wizardJoinError"));
        QVERIFY(error->text().contains(QStringLiteral("\"nowhere\" is not a computer's address")));
        QVERIFY(wizard.isVisible());

        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardJoinPeers"))->setPlainText(founderAddress());
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(wizard.result(), int(QDialog::Accepted), kUiWaitMs);
        models::OpenedNode opened = wizard.takeNode();
        QVERIFY2(opened.node, qPrintable(opened.error));
        QVERIFY(opened.identity);
        const AccountId me = crypto::account_id(opened.identity->public_key());

        desktop::Session session(std::move(opened), ui::WalletLocation{data.path(), wizard.walletName()}, settings_.get());
        session.window()->show();
        // The request goes out once the node caught up; then the vote shows as pending.
        QTRY_VERIFY_WITH_TIMEOUT(bannerOf(session).startsWith(QStringLiteral("Your admission is being voted: no Yes yet, and it needs 1.")), kUiWaitMs);
        QVERIFY(!session.models()->summary()->isMember());
        QTRY_VERIFY_WITH_TIMEOUT(child<QLabel>(session.window(), QStringLiteral("statusPeers"))->text().startsWith(QStringLiteral("Connected computers: ")), kUiWaitMs);
        QCOMPARE(child<QLabel>(session.window(), QStringLiteral("statusValidator"))->text(), QStringLiteral("Following the group"));
        QVERIFY(child<QLabel>(session.window(), QStringLiteral("statusValidator"))->toolTip().startsWith(QStringLiteral("Verifying node")));
        // The request was sent: it no longer waits in the folder's settings.
        QTRY_VERIFY(!models::Workspace(data.path()).networkSettings()->admission_pending);

        // The founder votes yes through the founder's node.
        std::uint64_t referendum_id = 0;
        for (const Applicant& a : founderNode()->applicants())
            if (a.account == me) referendum_id = a.referendum_id;
        QVERIFY(referendum_id);
        const AccountId founder = crypto::account_id(cluster_->founder.public_key());
        const Transaction vote = cluster_->make_tx(cluster_->founder, founderNode()->next_nonce(founder), CastVote{referendum_id, true});
        QVERIFY(founderNode()->submit(vote).accepted());
        QTRY_VERIFY_WITH_TIMEOUT(bannerOf(session).startsWith(QStringLiteral("Your admission is being voted: 1 Yes of 1 needed")), kUiWaitMs);
        // The vote closes at its deadline: the group's clock (shared with the app's node) moves past it.
        cluster_->advance_clock_s(std::int64_t(cluster_->genesis.params.referendum_period_s) + 60);

        QTRY_VERIFY_WITH_TIMEOUT(session.models()->summary()->isMember(), kUiWaitMs);
        QTRY_VERIFY(!child<QLabel>(session.window(), QStringLiteral("overviewBanner"))->isVisible());
        QTRY_COMPARE(child<QLabel>(session.window(), QStringLiteral("overviewMembersValue"))->text(), QStringLiteral("2"));
        // The founder's node shares the group data key with the new member,
        // whose app can then read the members' names.
        auto names_shown = [&] {
            for (const auto& [account, name] : session.models()->snapshot().names)
                if (name.contains(QStringLiteral("Fundadora"))) return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(names_shown(), kUiWaitMs);
        QVERIFY(session.window()->lastNews().empty() ||
                session.window()->lastNews().back().kind == models::Notification::Kind::Admitted);

        // A member may act, except while far behind the group: the status
        // bar's sync signal disables actions with the reason, and enables them again.
        auto* propose = child<QPushButton>(session.window(), QStringLiteral("plantProposeOpen"));
        QTRY_VERIFY(propose->isEnabled());
        const quint64 height = session.models()->summary()->height();
        emit session.client()->syncProgress(height, height + 50, true);
        QVERIFY(!propose->isEnabled());
        QVERIFY(propose->toolTip().contains(QStringLiteral("catch up")));
        emit session.client()->syncProgress(height, height, false);
        QVERIFY(propose->isEnabled());

        // Settings offer an invitation: the group id and where to connect.
        session.window()->showScreen(ui::MainWindow::Settings);
        auto* invitation = child<QPlainTextEdit>(session.window(), QStringLiteral("settingsInvitation"));
        QTRY_VERIFY(invitation->toPlainText().startsWith(hex(cluster_->genesis.group_id())));
        QVERIFY(invitation->toPlainText().contains(founderAddress()));
        QVERIFY(child<QPushButton>(session.window(), QStringLiteral("settingsCopyInvitation"))->isVisible());
    }

    void followWatchOnlySeesQuotasButNoNamesAndNoActions() {
        // An open vote, so that the votes screen has something to refuse.
        QVERIFY(founderNode()->submit(cluster_->admission()).accepted());
        QTRY_VERIFY_WITH_TIMEOUT(!founderNode()->applicants().empty(), kUiWaitMs);

        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        wizard.workspace().setNetworkTuning(cluster_->config(6));
        wizard.workspace().setNetworkClock([this] { return cluster_->now_ms(); });
        chooseOnStartPage(wizard, QStringLiteral("wizardWatchGroup"));
        QCOMPARE(wizard.currentId(), int(ui::FirstRunWizard::WatchPageId));
        // The whole invitation pasted into the peers box is enough.
        const Invitation invitation{cluster_->genesis.group_id(), {founderAddress()}};
        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardWatchPeers"))->setPlainText(invitation.to_text());
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(wizard.result(), int(QDialog::Accepted), kUiWaitMs);
        models::OpenedNode opened = wizard.takeNode();
        QVERIFY2(opened.node, qPrintable(opened.error));
        QVERIFY(!opened.identity);

        desktop::Session session(std::move(opened), ui::WalletLocation{data.path(), QString()}, settings_.get());
        session.window()->show();
        const std::uint64_t founder_height = founderNode()->summary().height;
        QTRY_VERIFY_WITH_TIMEOUT(session.models()->summary()->height() >= founder_height, kUiWaitMs);
        QTRY_VERIFY(!session.models()->snapshot().applicants.empty());
        QVERIFY(session.window()->watchOnly());
        QVERIFY(bannerOf(session).startsWith(QStringLiteral("Watch-only")));
        QCOMPARE(child<QLabel>(session.window(), QStringLiteral("overviewQuotaValue"))->text(), QStringLiteral("—"));

        // Quotas by address, never a name.
        const models::Snapshot& s = session.models()->snapshot();
        QVERIFY(s.names.empty());
        QVERIFY(!s.members.empty());
        models::MemberModel* members = session.models()->members();
        bool quota_shown = false;
        for (int row = 0; row < members->rowCount(); ++row)
            for (int column = 0; column < members->columnCount(); ++column) {
                const QString cell = members->index(row, column).data().toString();
                QVERIFY2(!cell.contains(QStringLiteral("Fundadora")) && !cell.contains(QStringLiteral("Joana")), qPrintable(cell));
                quota_shown = quota_shown || cell.contains(QStringLiteral("kW"));
            }
        QVERIFY(quota_shown);

        // No action: disabled with the reason, or not offered at all.
        auto* propose = child<QPushButton>(session.window(), QStringLiteral("plantProposeOpen"));
        QVERIFY(!propose->isEnabled());
        QVERIFY(propose->toolTip().startsWith(QStringLiteral("Watch-only")));
        QVERIFY(!child<QPushButton>(session.window(), QStringLiteral("tradeSendButton"))->isEnabled());
        session.window()->showScreen(ui::MainWindow::Votes);
        session.window()->votesPage()->select(s.applicants.front().referendum_id);
        QVERIFY(!child<QPushButton>(session.window(), QStringLiteral("voteYesButton"))->isVisible());
        QCOMPARE(child<QLabel>(session.window(), QStringLiteral("statusValidator"))->text(), QStringLiteral("Following without a wallet"));
        QVERIFY(session.window()->lastNews().empty());
    }

    // A folder that joined or followed a group reopens as that networked node, without the network.
    void aFollowedGroupReopensFromItsFolder() {
        QTemporaryDir data;
        models::Workspace workspace(data.path());
        workspace.setNetworkTuning(cluster_->config(7));
        models::NetworkSettings settings;
        settings.watch_only = true;
        settings.peers = {founderAddress()};
        settings.listen_port = 0;
        QVERIFY(workspace.openFetchedGroup(cluster_->genesis, settings).node);
        QVERIFY(workspace.holdsGroup());
        QVERIFY(!workspace.openFetchedGroup(cluster_->genesis, settings).node); // never over an existing group
        models::OpenedNode reopened = workspace.open();
        QVERIFY2(reopened.node, qPrintable(reopened.error));
        QVERIFY(reopened.node->networked());
        QVERIFY(reopened.network && reopened.network->watch_only);
        QCOMPARE(reopened.network->peers, settings.peers);
        QVERIFY(reopened.node->summary().group_id == cluster_->genesis.group_id());
    }

    void aGroupNobodyServesEndsWithAClearError() {
        QTemporaryDir data;
        ui::FirstRunWizard wizard(data.path());
        wizard.workspace().setGenesisFetchTimeout(3000);
        chooseOnStartPage(wizard, QStringLiteral("wizardWatchGroup"));
        typeInto(&wizard, QStringLiteral("wizardWatchGroupId"), hex(cluster_->genesis.group_id()));
        // Port 1: nobody listens there.
        child<QPlainTextEdit>(&wizard, QStringLiteral("wizardWatchPeers"))->setPlainText(QStringLiteral("127.0.0.1:1"));
        QTest::mouseClick(wizard.button(QWizard::FinishButton), Qt::LeftButton);
        QVERIFY(!wizard.button(QWizard::FinishButton)->isEnabled()); // while it tries
        QVERIFY(!wizard.button(QWizard::BackButton)->isEnabled());
        QVERIFY(child<QLabel>(&wizard, QStringLiteral("wizardWatchStatus"))->isVisible());
        auto* error = child<QLabel>(&wizard, QStringLiteral("wizardWatchError"));
        QTRY_VERIFY_WITH_TIMEOUT(error->text().startsWith(QStringLiteral("No computer of the group answered")), kUiWaitMs);
        QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());
        QVERIFY(wizard.button(QWizard::BackButton)->isEnabled());
        QVERIFY(wizard.isVisible());
        QVERIFY(!models::Workspace(data.path()).holdsGroup());
    }

    void cleanupTestCase() { cluster_.reset(); }
};

QTEST_MAIN(TestGuiNetwork)
#include "test_gui_network.moc"
