// A protocol upgrade on the desktop (issue 18, point 4): a group founded at
// protocol version 1 says in Settings which rules version it runs and that
// version 2 is available; a member proposes the update from there after a
// question in plain words; the Votes screen describes the pending upgrade in
// plain words in English and in Portuguese; once the group approves it,
// Settings shows the upgrade waiting for its block and offers nothing more.

#include "app/desktop/startup.h"
#include "models/describe.h"
#include "models/referendum_model.h"
#include "node/local_node.h"
#include "rules/profile.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/resources.h"
#include "layout_checks.h"
#include "widget_lookup.h"

#include <QDateTime>
#include <QGroupBox>
#include <QMenuBar>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using gui_test::child;

namespace {

constexpr int kUiWaitMs = 10'000;
constexpr const char* kWallet = "marta";
constexpr const char* kPassphrase = "a passphrase long enough";

// What the Votes screen and the question say, block 10 being the last block
// (0, the genesis) plus the ten blocks a proposal leaves before its height.
const QString kSubjectEn = QStringLiteral(
    "Update how the group's records are kept to version 2, from block 10. Quotas, tokens and votes stay the same.");
const QString kSubjectPt = QStringLiteral(
    "Atualizar a forma como os registros do grupo são guardados para a versão 2, a partir do bloco 10. "
    "Cotas, tokens e votos continuam iguais.");

// Answers the question box that `ask` opens with `button`; the question it
// asked (empty if none showed). The polling stops when `ask` returns.
QString answerQuestion(QMessageBox::StandardButton button, const std::function<void()>& ask) {
    auto asked = std::make_shared<QString>();
    auto done = std::make_shared<bool>(false);
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [asked, done, button, again = std::weak_ptr<std::function<void()>>(poll)] {
        if (*done) return;
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) {
                *asked = box->text();
                *done = true;
                box->button(button)->click();
                return;
            }
        if (const auto next = again.lock()) QTimer::singleShot(20, *next);
    };
    QTimer::singleShot(0, *poll);
    ask();
    *done = true;
    return *asked;
}

// The letter Alt presses for a text ("Propose the &update…" -> u), or none.
QChar mnemonicOf(const QString& text) {
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != u'&') continue;
        if (text[i + 1] == u'&') {
            ++i;
            continue;
        }
        return text[i + 1].toLower();
    }
    return {};
}

// How many controls shown in the window (buttons, labels, group boxes, the
// menu bar) answer Alt+`letter`: one, or Alt only moves between them.
int controlsWithMnemonic(QWidget* window, QChar letter) {
    int count = 0;
    for (QWidget* w : window->findChildren<QWidget*>()) {
        if (!w->isVisibleTo(window)) continue;
        QString text;
        if (auto* button = qobject_cast<QAbstractButton*>(w)) text = button->text();
        else if (auto* label = qobject_cast<QLabel*>(w)) text = label->text();
        else if (auto* box = qobject_cast<QGroupBox*>(w)) text = box->title();
        count += mnemonicOf(text) == letter ? 1 : 0;
    }
    for (QMenuBar* bar : window->findChildren<QMenuBar*>())
        for (QAction* action : bar->actions()) count += mnemonicOf(action->text()) == letter ? 1 : 0;
    return count;
}

} // namespace

class TestGuiUpgrade : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;
    std::unique_ptr<desktop::Session> session_;

    ui::MainWindow* window() { return session_->window(); }
    const models::Snapshot& snapshot() { return session_->models()->snapshot(); }
    const chain::Referendum* upgradeVote() {
        for (const chain::Referendum& r : snapshot().referendums)
            if (r.change && std::holds_alternative<chain::UpgradeProtocol>(*r.change)) return &r;
        return nullptr;
    }
    // On the small screen the row fits: no sideways scrolling, the button's whole text shown.
    void rowFitsASmallScreen() {
        window()->resize(gui_test::smallScreenLogical());
        QCoreApplication::processEvents();
        auto* scroll = child<QScrollArea>(window(), QStringLiteral("settingsScroll"));
        QVERIFY(!scroll->horizontalScrollBar()->isVisible());
        QVERIFY2(proposeButton()->width() >= proposeButton()->sizeHint().width(), qPrintable(proposeButton()->text()));
        // To look at the row: RATEIO_TEST_SHOTS names a folder for a PNG of each language.
        if (const QString shots = qEnvironmentVariable("RATEIO_TEST_SHOTS"); !shots.isEmpty())
            window()->grab().save(QStringLiteral("%1/settings-upgrade-%2.png").arg(shots, ui::currentLanguage()));
    }
    QLabel* versionLine() { return child<QLabel>(window(), QStringLiteral("settingsProtocolVersion")); }
    QPushButton* proposeButton() { return child<QPushButton>(window(), QStringLiteral("settingsProposeUpgrade")); }

private slots:
    // A dev group founded at version 1, as every group founded before
    // versions existed is, by a member whose wallet is on this computer.
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        const QString data_dir = dir_.filePath(QStringLiteral("group"));
        models::Workspace workspace(data_dir);
        const models::Workspace::WalletOutcome wallet = workspace.createWallet(QString::fromLatin1(kWallet), QString::fromLatin1(kPassphrase));
        QVERIFY2(wallet.ok(), qPrintable(wallet.error));
        chain::FoundingInput input;
        input.group_name = "Condomínio Sol de Niterói";
        input.dev_group = true;
        input.time_s = QDateTime::currentSecsSinceEpoch() - 60;
        input.founder_utility = "Light";
        input.founder_profile = chain::make_profile("Marta Oliveira", "1234567890");
        input.protocol_version = chain::kProtocolVersionLegacy;
        const chain::crypto::KeyPair node_key = chain::crypto::KeyPair::generate();
        const chain::Founding founding = chain::found_group(input, *wallet.key, node_key.public_key());
        QString error;
        QVERIFY2(chain::LocalNode::create(data_dir, founding.genesis, node_key, [] { return QDateTime::currentSecsSinceEpoch(); }, &error),
                 qPrintable(error));
        models::OpenedNode opened = workspace.open();
        QVERIFY2(opened.node, qPrintable(opened.error));
        opened.identity = wallet.key;
        session_ = std::make_unique<desktop::Session>(std::move(opened), ui::WalletLocation{data_dir, QString::fromLatin1(kWallet)},
                                                      settings_.get());
        window()->show();
        QTRY_VERIFY_WITH_TIMEOUT(snapshot().has_identity && snapshot().is_member(snapshot().me), kUiWaitMs);
        QCOMPARE(snapshot().summary.protocol_version, chain::kProtocolVersionLegacy);
    }

    void cleanupTestCase() {
        ui::applyLanguage(QStringLiteral("en"));
        session_.reset();
    }

    // Every test starts in English, whatever the one before left.
    void init() {
        ui::applyLanguage(QStringLiteral("en"));
        QCoreApplication::processEvents();
    }

    void settingsOffersTheUpdate() {
        window()->showScreen(ui::MainWindow::Settings);
        QCOMPARE(versionLine()->text(), QStringLiteral("Rules version: 1 (version 2 available)"));
        QVERIFY(proposeButton()->isVisible());
        QVERIFY(proposeButton()->isEnabled());
        QCOMPARE(proposeButton()->text(), QStringLiteral("Propose the &update…"));
        QCOMPARE(controlsWithMnemonic(window(), u'u'), 1);
        rowFitsASmallScreen();
        // The screens retranslate when the language change reaches them through the event loop.
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QTRY_COMPARE_WITH_TIMEOUT(versionLine()->text(), QStringLiteral("Versão das regras: 1 (versão 2 disponível)"), kUiWaitMs);
        QCOMPARE(proposeButton()->text(), QStringLiteral("A&brir a votação da atualização…"));
        QCOMPARE(controlsWithMnemonic(window(), u'b'), 1);
        rowFitsASmallScreen();
    }

    // No changes nothing; Yes opens the vote, and the button waits for it.
    void proposingAsksFirst() {
        window()->showScreen(ui::MainWindow::Settings);
        const QString declined = answerQuestion(QMessageBox::No, [this] { QTest::mouseClick(proposeButton(), Qt::LeftButton); });
        QVERIFY2(declined.startsWith(QStringLiteral("Propose this to the group? ") + kSubjectEn), qPrintable(declined));
        QVERIFY2(declined.contains(QStringLiteral("must update it before the vote")), qPrintable(declined));
        session_->client()->waitForIdle();
        QTest::qWait(300);
        QVERIFY(!upgradeVote());

        const QString accepted = answerQuestion(QMessageBox::Yes, [this] { QTest::mouseClick(proposeButton(), Qt::LeftButton); });
        QCOMPARE(accepted, declined);
        QTRY_VERIFY_WITH_TIMEOUT(upgradeVote(), kUiWaitMs);
        const chain::Referendum& vote = *upgradeVote();
        QVERIFY(std::get<chain::UpgradeProtocol>(*vote.change) == (chain::UpgradeProtocol{2, 10}));
        auto* message = child<QLabel>(window(), QStringLiteral("settingsUpgradeMessage"));
        QTRY_COMPARE_WITH_TIMEOUT(message->text(), QStringLiteral("Proposed: the group now votes on updating how its records are kept."),
                                  kUiWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!proposeButton()->isEnabled(), kUiWaitMs);
        QCOMPARE(proposeButton()->toolTip(), QStringLiteral("The group is voting on it (vote %1).").arg(vote.id));
    }

    void votesDescribeTheUpgrade_data() {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("subject");
        QTest::newRow("en") << "en" << kSubjectEn;
        QTest::newRow("pt_BR") << "pt_BR" << kSubjectPt;
    }
    void votesDescribeTheUpgrade() {
        QFETCH(QString, language);
        QFETCH(QString, subject);
        QVERIFY(upgradeVote());
        ui::applyLanguage(language);
        window()->showScreen(ui::MainWindow::Votes);
        QTRY_COMPARE_WITH_TIMEOUT(child<QLabel>(window(), QStringLiteral("voteSubject"))->text(), subject, kUiWaitMs);
        // The same words in the votes table, and large block numbers grouped as the language writes them.
        const QAbstractItemModel* table = session_->models()->referendums();
        QCOMPARE(table->index(0, models::ReferendumModel::SubjectColumn).data().toString(), subject);
        const QString far = models::Describe::protocolUpgrade(2, 1'234'567);
        QVERIFY2(far.contains(language == QLatin1String("en") ? QStringLiteral("block 1,234,567.") : QStringLiteral("bloco 1.234.567.")),
                 qPrintable(far));
    }

    // The member votes Yes and the vote closes (a dev group's clock moves a
    // month): the upgrade waits for its block, and nothing more is offered.
    void approvedUpgradeWaitsForItsBlock() {
        window()->showScreen(ui::MainWindow::Votes);
        const std::uint64_t id = upgradeVote()->id;
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("voteYesButton")), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(upgradeVote()->ballots.size() == 1, kUiWaitMs);
        bool moved = false;
        session_->client()->runOnNode([&moved](chain::Node& node) {
            auto* local = dynamic_cast<chain::LocalNode*>(&node);
            moved = local && local->advance_clock(31 * static_cast<std::int64_t>(chain::kSecondsPerDay)).ok();
        });
        session_->client()->waitForIdle();
        QVERIFY(moved);
        QTRY_VERIFY_WITH_TIMEOUT(snapshot().summary.pending_upgrade.has_value(), kUiWaitMs);
        QCOMPARE(upgradeVote()->id, id);
        QCOMPARE(upgradeVote()->outcome, chain::Outcome::Approved);
        window()->showScreen(ui::MainWindow::Settings);
        QTRY_COMPARE_WITH_TIMEOUT(versionLine()->text(), QStringLiteral("Rules version: 1 (version 2 from block 10)"), kUiWaitMs);
        QVERIFY(!proposeButton()->isVisible());
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QTRY_COMPARE_WITH_TIMEOUT(versionLine()->text(), QStringLiteral("Versão das regras: 1 (versão 2 a partir do bloco 10)"), kUiWaitMs);
        ui::applyLanguage(QStringLiteral("en"));
        QTRY_COMPARE_WITH_TIMEOUT(versionLine()->text(), QStringLiteral("Rules version: 1 (version 2 from block 10)"), kUiWaitMs);
        // After the switch the line is just the version.
        chain::GroupSummary upgraded = snapshot().summary;
        upgraded.protocol_version = chain::kProtocolVersionLatest;
        upgraded.pending_upgrade.reset();
        QCOMPARE(models::Describe::protocolVersion(upgraded), QStringLiteral("Rules version: 2"));
    }
};

QTEST_MAIN(TestGuiUpgrade)
#include "test_gui_upgrade.moc"
