// Offscreen GUI tests of an invitation opened from outside the app: a
// .rateio-invite file or a rateio: link handed to the desktop on its command
// line starts the assistant at the join choice and fills the Join page; a bad
// one is explained in a message box; a folder that already holds a group is
// opened as it is. Everything goes through what main() calls
// (desktop::planStart, showStartNotice, runFirstStart); no group runs on the
// network, so each test stops at the filled Join page.

#include "app/desktop/startup.h"
#include "node/invitation.h"
#include "node/local_node.h"
#include "node/network_node.h"
#include "rules/profile.h"
#include "ui/first_run_wizard.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "widget_lookup.h"
#include "wizard_steps.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUrl>

using namespace chain;

using gui_test::child;
using gui_test::typeInto;

namespace {

QString hex(const Hash256& id) { return QString::fromStdString(codec::to_hex(id)); }

Invitation sampleInvitation() {
    Invitation invitation;
    for (std::size_t i = 0; i < invitation.group_id.size(); ++i) invitation.group_id[i] = static_cast<std::uint8_t>(i * 7 + 1);
    invitation.group_name = QStringLiteral("Condomínio Sol & Lua");
    invitation.peers = {QStringLiteral("192.168.0.20:26656"), QStringLiteral("[2001:db8::1]:26656")};
    return invitation;
}

// What the Join page shows.
struct JoinPageFields {
    int page_id = -1;
    QString group_id;
    QString peers;
    QString invited_to;
    bool invited_to_visible = false;
};

JoinPageFields joinPageFields(ui::FirstRunWizard& wizard) {
    JoinPageFields fields;
    fields.page_id = wizard.currentId();
    fields.group_id = child<QLineEdit>(&wizard, QStringLiteral("wizardJoinGroupId"))->text();
    fields.peers = child<QPlainTextEdit>(&wizard, QStringLiteral("wizardJoinPeers"))->toPlainText();
    auto* invited = child<QLabel>(&wizard, QStringLiteral("wizardJoinInvitedTo"));
    fields.invited_to = invited->text();
    fields.invited_to_visible = invited->isVisible();
    return fields;
}

// The language page, then Next: the start page.
void passLanguagePage(ui::FirstRunWizard& wizard) {
    wizard.show();
    QTest::mouseClick(child<QRadioButton>(&wizard, QStringLiteral("wizardEnglish")), Qt::LeftButton);
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
}

// From the start page (whatever is chosen there) past the wallet pages:
// a new wallet with its backup saved and confirmed.
void createWallet(ui::FirstRunWizard& wizard, const QString& backup_path) {
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton); // the start page's choice
    gui_test::createWallet(wizard, backup_path);
}

// Runs `act` on the next modal window (a message box, the assistant) once it
// is on screen, from inside its exec(), as Bitcoin Core's GUI tests answer
// their dialogs.
void whenModal(std::function<void(QWidget*)> act) {
    QTimer::singleShot(0, qApp, [act = std::move(act)] {
        QTRY_VERIFY(QApplication::activeModalWidget());
        act(QApplication::activeModalWidget());
    });
}

// The text of the message box showStartNotice shows, answered with OK.
QString noticeShown(const desktop::StartPlan& plan) {
    QString shown;
    whenModal([&shown](QWidget* modal) {
        auto* box = qobject_cast<QMessageBox*>(modal);
        QVERIFY(box);
        shown = box->text();
        QTest::mouseClick(box->button(QMessageBox::Ok), Qt::LeftButton);
    });
    desktop::showStartNotice(plan);
    return shown;
}

// Founds an embedded group named `name` in `dir`, as an earlier run of the
// assistant would have; returns its id. The node is closed again.
Hash256 foundGroupIn(const QString& dir, const std::string& name) {
    FoundingInput input;
    input.group_name = name;
    input.dev_group = true;
    input.time_s = 1'750'000'000;
    input.founder_utility = "Light";
    input.founder_profile = make_profile("Marta Oliveira", "1234567890");
    const crypto::KeyPair founder = crypto::KeyPair::generate();
    const crypto::KeyPair node_key = crypto::KeyPair::generate();
    const Founding founding = found_group(input, founder, node_key.public_key());
    QString error;
    const std::unique_ptr<LocalNode> node = LocalNode::create(dir, founding.genesis, node_key, [] { return std::int64_t{1'750'000'000}; }, &error);
    if (!node) qWarning("cannot found the group: %s", qPrintable(error));
    return founding.genesis.group_id();
}

} // namespace

class TestGuiInvitation : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;
    std::unique_ptr<QSettings> settings_;

private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        settings_ = std::make_unique<QSettings>(scratch_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    }

    void anInvitationFileStartsTheJoin() {
        const Invitation invitation = sampleInvitation();
        const QString file = scratch_.filePath(QStringLiteral("Condomínio Sol.rateio-invite"));
        QString error;
        QVERIFY2(write_invitation_file(file, invitation, &error), qPrintable(error));

        QTemporaryDir data;
        const desktop::StartPlan plan = desktop::planStart(data.path(), file);
        QVERIFY(!plan.open_existing);
        QVERIFY(plan.notice.isEmpty());
        QVERIFY(plan.invitation);
        QCOMPARE(*plan.invitation, invitation);

        const std::unique_ptr<ui::FirstRunWizard> wizard = desktop::newFirstRunWizard(data.path(), plan.invitation);
        // The language page comes first as usual, then the join choice is already made.
        QCOMPARE(wizard->currentId(), -1);
        passLanguagePage(*wizard);
        QCOMPARE(wizard->currentId(), int(ui::FirstRunWizard::StartPageId));
        QVERIFY(child<QRadioButton>(wizard.get(), QStringLiteral("wizardJoinGroup"))->isChecked());
        QCOMPARE(wizard->choice(), ui::FirstRunWizard::Choice::Join);

        createWallet(*wizard, data.filePath(QStringLiteral("backup.wallet")));
        const JoinPageFields fields = joinPageFields(*wizard);
        QCOMPARE(fields.page_id, int(ui::FirstRunWizard::JoinPageId));
        QCOMPARE(fields.group_id, hex(invitation.group_id));
        QCOMPARE(fields.peers, QStringLiteral("192.168.0.20:26656\n[2001:db8::1]:26656"));
        QVERIFY(fields.invited_to_visible);
        QCOMPARE(fields.invited_to, QStringLiteral("You are invited to join “Condomínio Sol & Lua”."));
        // What the user types is still empty.
        QVERIFY(child<QLineEdit>(wizard.get(), QStringLiteral("wizardJoinFullName"))->text().isEmpty());

        // The same from a file:// URL, as some file managers hand it on.
        const desktop::StartPlan from_url = desktop::planStart(data.path(), QUrl::fromLocalFile(file).toString());
        QVERIFY(from_url.invitation);
        QCOMPARE(*from_url.invitation, invitation);
    }

    void aLinkStartsTheJoinThroughRunFirstStart() {
        const Invitation invitation = sampleInvitation();
        QTemporaryDir data;
        const desktop::StartPlan plan = desktop::planStart(data.path(), invitation.to_uri());
        QVERIFY(!plan.open_existing);
        QVERIFY(plan.notice.isEmpty());
        QVERIFY(plan.invitation);

        // The assistant runs modal inside runFirstStart, as main() runs it;
        // the user goes to the Join page, then cancels.
        bool join_chosen = false;
        JoinPageFields fields;
        whenModal([&](QWidget* modal) {
            auto* wizard = qobject_cast<ui::FirstRunWizard*>(modal);
            QVERIFY(wizard);
            passLanguagePage(*wizard);
            join_chosen = child<QRadioButton>(wizard, QStringLiteral("wizardJoinGroup"))->isChecked();
            createWallet(*wizard, data.filePath(QStringLiteral("backup.wallet")));
            fields = joinPageFields(*wizard);
            wizard->reject();
        });
        QString error;
        const std::unique_ptr<desktop::Session> session =
            desktop::runFirstStart(data.path(), settings_.get(), &error, plan.invitation);
        QVERIFY(!session);
        QVERIFY(error.isEmpty());
        QVERIFY(join_chosen);
        QCOMPARE(fields.page_id, int(ui::FirstRunWizard::JoinPageId));
        QCOMPARE(fields.group_id, hex(invitation.group_id));
        QCOMPARE(fields.peers, invitation.peers.join(QLatin1Char('\n')));
        QVERIFY(fields.invited_to.contains(QStringLiteral("Condomínio Sol & Lua")));
    }

    void aLinkPastedIntoTheJoinPageFillsIt() {
        QTemporaryDir data;
        const std::unique_ptr<ui::FirstRunWizard> wizard = desktop::newFirstRunWizard(data.path(), std::nullopt);
        passLanguagePage(*wizard);
        child<QRadioButton>(wizard.get(), QStringLiteral("wizardJoinGroup"))->click();
        createWallet(*wizard, data.filePath(QStringLiteral("backup.wallet")));
        QCOMPARE(wizard->currentId(), int(ui::FirstRunWizard::JoinPageId));
        QVERIFY(!child<QLabel>(wizard.get(), QStringLiteral("wizardJoinInvitedTo"))->isVisible());

        const Invitation invitation = sampleInvitation();
        auto* peers = child<QPlainTextEdit>(wizard.get(), QStringLiteral("wizardJoinPeers"));
        peers->setPlainText(invitation.to_uri());
        JoinPageFields fields = joinPageFields(*wizard);
        QCOMPARE(fields.group_id, hex(invitation.group_id));
        QCOMPARE(fields.peers, invitation.peers.join(QLatin1Char('\n')));
        QVERIFY(fields.invited_to_visible);
        // Another id typed by hand is another group: the name goes.
        typeInto(wizard.get(), QStringLiteral("wizardJoinGroupId"), QString(64, QLatin1Char('c')));
        QVERIFY(!joinPageFields(*wizard).invited_to_visible);
        peers->setPlainText(invitation.to_uri());
        QVERIFY(joinPageFields(*wizard).invited_to_visible);

        // The text of an invitation file pasted into the group id box does the same.
        Invitation other = invitation;
        other.group_id[0] ^= 0xFF;
        other.group_name.clear();
        other.peers = {QStringLiteral("sol.example:26656")};
        child<QLineEdit>(wizard.get(), QStringLiteral("wizardJoinGroupId"))->setText(QString::fromUtf8(other.to_file_text()));
        fields = joinPageFields(*wizard);
        QCOMPARE(fields.group_id, hex(other.group_id));
        QCOMPARE(fields.peers, QStringLiteral("sol.example:26656"));
        QVERIFY(!fields.invited_to_visible); // no name in this one

        // A bad link pasted says what is wrong at once.
        peers->setPlainText(QStringLiteral("rateio:%1?peer=nowhere").arg(hex(other.group_id)));
        auto* error = child<QLabel>(wizard.get(), QStringLiteral("wizardJoinError"));
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("\"nowhere\" is not a computer's address")), qPrintable(error->text()));
        // So does one whose checkpoint was cut short in the e-mail.
        peers->setPlainText(invitation.to_uri() + QStringLiteral("&checkpoint=1207:9c"));
        QVERIFY2(error->text().contains(QStringLiteral("The invitation's check of the group's records is damaged")),
                 qPrintable(error->text()));
    }

    void aBadFileIsExplainedThenTheAppStartsWithoutIt() {
        const QString file = scratch_.filePath(QStringLiteral("shopping.rateio-invite"));
        {
            QFile stray(file);
            QVERIFY(stray.open(QIODevice::WriteOnly));
            stray.write("rice, beans, coffee\n");
        }
        QTemporaryDir data;
        const desktop::StartPlan plan = desktop::planStart(data.path(), file);
        QVERIFY(!plan.invitation);
        QVERIFY(!plan.open_existing); // the assistant, as without an invitation
        QVERIFY2(plan.notice.contains(QStringLiteral("is not a Rateio invitation")), qPrintable(plan.notice));
        QVERIFY(plan.notice.contains(file));
        QCOMPARE(noticeShown(plan), plan.notice);

        // A link with a bad peer names it; a missing file says so.
        const desktop::StartPlan bad_link =
            desktop::planStart(data.path(), QStringLiteral("rateio:%1?peer=nowhere").arg(hex(sampleInvitation().group_id)));
        QVERIFY2(bad_link.notice.contains(QStringLiteral("\"nowhere\" is not a computer's address")), qPrintable(bad_link.notice));
        const desktop::StartPlan missing = desktop::planStart(data.path(), scratch_.filePath(QStringLiteral("gone.rateio-invite")));
        QVERIFY2(missing.notice.contains(QStringLiteral("could not be opened")), qPrintable(missing.notice));
        // No invitation: no message.
        QVERIFY(desktop::planStart(data.path(), QString()).notice.isEmpty());
    }

    void aFolderThatHoldsAGroupOpensIt() {
        QTemporaryDir data;
        const Hash256 held = foundGroupIn(data.path(), "Vila Solar");
        QVERIFY(models::Workspace(data.path()).holdsGroup());

        // An invitation to the same group: just open it.
        Invitation same = sampleInvitation();
        same.group_id = held;
        desktop::StartPlan plan = desktop::planStart(data.path(), same.to_uri());
        QVERIFY(plan.open_existing);
        QVERIFY(plan.notice.isEmpty());
        QVERIFY(!plan.invitation);

        // To another group: say so, naming the group this computer is in, then open it.
        plan = desktop::planStart(data.path(), sampleInvitation().to_uri());
        QVERIFY(plan.open_existing);
        QVERIFY(!plan.invitation);
        QVERIFY2(plan.notice.contains(QStringLiteral("already takes part in the group “Vila Solar”")), qPrintable(plan.notice));
        QVERIFY(plan.notice.contains(QStringLiteral("one group per data folder")));
        QCOMPARE(noticeShown(plan), plan.notice);
    }

    void theMessagesAreInPortuguese() {
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QTemporaryDir data;
        const desktop::StartPlan plan = desktop::planStart(data.path(), QStringLiteral("bitcoin:abc"));
        ui::applyLanguage(QStringLiteral("en"));
        QVERIFY2(plan.notice.contains(QStringLiteral("convite")), qPrintable(plan.notice));
    }
};

QTEST_MAIN(TestGuiInvitation)
#include "test_gui_invitation.moc"
