// The desktop when its disk fails: a one-validator group's NetworkNode opened
// through the SQLite VFS shim (tests/support/faulty_vfs.h) runs under a real
// Session; its disk then "fills up" and the founder proposes a plant. The
// status bar must say, in the member's language, that this computer stopped
// signing and why, with the store's own words one hover away. Screenshots of
// the status bar go to $RATEIO_SCREENSHOT_DIR when it is set.

#include "../node/cluster.h"
#include "../support/faulty_vfs.h"
#include "app/desktop/startup.h"
#include "ui/language.h"
#include "ui/main_window.h"
#include "ui/resources.h"
#include "widget_lookup.h"

#include <QLabel>
#include <QSettings>
#include <QStatusBar>
#include <QTest>

using namespace chain;
using gui_test::child;
using testing_support::FaultyVfs;

namespace {

constexpr int kUiWaitMs = 60'000;

// The group's one validator, on a store whose failures the test controls.
models::OpenedNode open_faulty_validator(const testing::Cluster& cluster, const FaultyVfs& vfs) {
    NetworkNodeConfig config = cluster.config(0);
    config.store_vfs = vfs.name();
    const std::shared_ptr<std::atomic<std::int64_t>> offset = cluster.offset_ms;
    auto clock = [offset] { return QDateTime::currentMSecsSinceEpoch() + offset->load(); };
    QString error;
    std::unique_ptr<NetworkNode> node = NetworkNode::open(config, cluster.genesis, cluster.keys[0], clock, &error);
    if (!node) qFatal("cannot open the validator: %s", qPrintable(error));
    models::OpenedNode opened;
    opened.node = std::move(node);
    opened.clock = clock;
    opened.identity = cluster.founder;
    opened.start = [](Node& n, QString* start_error) { return static_cast<NetworkNode&>(n).start(start_error); };
    return opened;
}

} // namespace

class TestGuiStorage : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { ui::initResources(); }
    void a_stopped_validator_says_so_data();
    void a_stopped_validator_says_so();
};

void TestGuiStorage::a_stopped_validator_says_so_data() {
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("expected");
    QTest::newRow("English") << QStringLiteral("en") << QStringLiteral("Validator stopped: cannot save (the disk is full)");
    QTest::newRow("Portuguese") << QStringLiteral("pt_BR")
                                << QStringLiteral("Validador parado: não consegue salvar (o disco está cheio)");
}

void TestGuiStorage::a_stopped_validator_says_so() {
    QFETCH(QString, language);
    QFETCH(QString, expected);
    ui::applyLanguage(language);
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
    FaultyVfs vfs("rateio-test-gui-storage");
    testing::Cluster cluster(1, 0);
    desktop::Session session(open_faulty_validator(cluster, vfs), ui::WalletLocation{dir.path(), QString()}, &settings);
    session.window()->resize(1280, 720);
    session.window()->show();
    auto* status = child<QLabel>(session.window(), QStringLiteral("statusHeight"));
    auto* role = child<QLabel>(session.window(), QStringLiteral("statusValidator"));
    QVERIFY(QTest::qWaitFor([&] { return status->isVisible() && !status->text().isEmpty(); }, kUiWaitMs));
    QVERIFY2(!status->text().contains(expected), "a problem is shown before the disk fails");

    vfs.fail_writes_after(0);
    session.client()->submit(ProposePlant{"Usina do Telhado", PlantSource::Solar, 75'000, 300'000'00, "Light", "Bloco B",
                                          60 * 86400});
    QVERIFY2(QTest::qWaitFor([&] { return status->text() == expected; }, kUiWaitMs), qPrintable(status->text()));
    QVERIFY2(status->toolTip().contains(QLatin1String("database or disk is full")), qPrintable(status->toolTip()));
    QCOMPARE(role->text(), language == QLatin1String("en") ? QStringLiteral("Stopped helping run the group")
                                                           : QStringLiteral("Parou de ajudar a manter o grupo"));
    QVERIFY(vfs.writes_failed() > 0);
    if (const QString out = qEnvironmentVariable("RATEIO_SCREENSHOT_DIR"); !out.isEmpty())
        session.window()->grab().save(QDir(out).filePath(QStringLiteral("storage-stopped-%1.png").arg(language)));
}

QTEST_MAIN(TestGuiStorage)
#include "test_gui_storage.moc"
