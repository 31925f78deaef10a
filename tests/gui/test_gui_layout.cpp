// Every screen and dialog of the demo group fits a 1280×720 screen, at 100 %
// and at 150 % scale (the second CTest entry runs this executable with
// QT_SCALE_FACTOR=1.5).
//
// What "fits" means, checked in English and in Portuguese (the longer texts):
// - the window's minimumSizeHint fits the screen's logical size (1280×720 at
//   100 %; 853×480 at 150 %, what a 1280×720 screen gives at that scale), so
//   the window, its status bar included, can be made that small;
// - at that size no visible widget lies outside its window, or outside the
//   scrolled content it belongs to: what does not fit is reachable by scrolling;
// - nothing overlaps: no widget with a layout is squeezed below the layout's
//   minimum size;
// - no visible text is clipped: a label, button or line edit is at least as
//   large as its sizeHint (a word-wrapped label as high as its heightForWidth;
//   a line edit as wide as its placeholder), unless it elides on purpose
//   (the property "elidesText", with the whole text in its tooltip);
// - at 100 % a screen never needs horizontal scrolling; at 150 % it may
//   (853 logical pixels hold the navigation and a narrow page), vertical
//   scrolling is expected on both.

#include "layout_checks.h"
#include "ui/bill_check_dialog.h"
#include "ui/propose_plant_dialog.h"
#include "widget_lookup.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QGraphicsView>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QTabBar>
#include <QTableWidget>
#include <QWizard>

using gui_test::child;

namespace {

// Rounding of layouts and fractional scaling may leave one pixel.
constexpr int kTolerance_px = 1;
// A line edit's text starts after its frame and Qt's fixed 2-pixel margins.
constexpr int kLineEditInnerMargin_px = 2;

QString describe(const QWidget* w) {
    return QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(w->metaObject()->className()),
                                           w->objectName().isEmpty() ? QStringLiteral("(unnamed)") : w->objectName());
}

QString textOf(const QWidget* w) {
    if (auto* label = qobject_cast<const QLabel*>(w)) return label->text();
    if (auto* button = qobject_cast<const QAbstractButton*>(w)) return button->text();
    return {};
}

bool isScrollContent(const QWidget* w) {
    const QWidget* viewport = w->parentWidget();
    return viewport && qobject_cast<const QScrollArea*>(viewport->parentWidget()) &&
           static_cast<const QScrollArea*>(viewport->parentWidget())->viewport() == viewport;
}

// Parts that complex widgets (tables, combo boxes, spin boxes, charts, scroll
// bars) draw themselves, and cell widgets a table scrolls: their parent
// answers for them.
bool isInternal(const QWidget* w, const QWidget* window) {
    if (w->objectName().startsWith(QStringLiteral("qt_"))) return true;
    for (const QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget()) {
        if (qobject_cast<const QAbstractItemView*>(p) || qobject_cast<const QComboBox*>(p) ||
            qobject_cast<const QAbstractSpinBox*>(p) || qobject_cast<const QGraphicsView*>(p) || qobject_cast<const QTabBar*>(p))
            return true;
        if (p->objectName().startsWith(QStringLiteral("qt_scrollarea_")) && p->objectName() != QStringLiteral("qt_scrollarea_viewport"))
            return true;
    }
    return false;
}

// The rectangle a widget must stay within: the scrolled content it belongs to, else its window.
const QWidget* clipRoot(const QWidget* w, const QWidget* window) {
    for (const QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget())
        if (isScrollContent(p)) return p;
    return window;
}

void checkText(const QWidget* w, QStringList& problems) {
    const QSize size = w->size();
    if (auto* label = qobject_cast<const QLabel*>(w)) {
        if (label->text().isEmpty() && label->pixmap().isNull()) return;
        if (label->property("elidesText").toBool()) return;
        if (label->wordWrap()) {
            const int needed = label->heightForWidth(size.width());
            if (needed > size.height() + kTolerance_px)
                problems << QStringLiteral("%1 is cut off: %2 px high, its text needs %3 (\"%4\")")
                                .arg(describe(w)).arg(size.height()).arg(needed).arg(label->text().left(60));
            return;
        }
    }
    if (qobject_cast<const QLabel*>(w) || qobject_cast<const QAbstractButton*>(w)) {
        const QSize hint = w->sizeHint();
        if (hint.width() > size.width() + kTolerance_px || hint.height() > size.height() + kTolerance_px)
            problems << QStringLiteral("%1 is clipped: %2×%3, its text needs %4×%5 (\"%6\")")
                            .arg(describe(w)).arg(size.width()).arg(size.height()).arg(hint.width()).arg(hint.height())
                            .arg(textOf(w).left(60));
        return;
    }
    if (auto* edit = qobject_cast<const QLineEdit*>(w)) {
        const QMargins margins = edit->textMargins();
        const int frame = edit->hasFrame() ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, edit) : 0;
        const int room = size.width() - 2 * frame - 2 * kLineEditInnerMargin_px - margins.left() - margins.right();
        const int needed = edit->fontMetrics().horizontalAdvance(edit->placeholderText());
        if (!edit->placeholderText().isEmpty() && needed > room + kTolerance_px)
            problems << QStringLiteral("%1 clips its placeholder: %2 px of room, \"%3\" needs %4")
                            .arg(describe(w)).arg(room).arg(edit->placeholderText()).arg(needed);
        if (edit->minimumSizeHint().height() > size.height() + kTolerance_px)
            problems << QStringLiteral("%1 is too low: %2 px").arg(describe(w)).arg(size.height());
    }
}

// What is wrong with `window` as it is now laid out.
QStringList problemsIn(QWidget* window) {
    QStringList problems;
    const QRect window_rect = window->rect();
    const QSize screen = gui_test::smallScreenLogical();
    if (window->width() > screen.width() + kTolerance_px || window->height() > screen.height() + kTolerance_px)
        problems << QStringLiteral("the window is %1×%2, larger than the screen's %3×%4")
                        .arg(window->width()).arg(window->height()).arg(screen.width()).arg(screen.height());
    for (QWidget* w : window->findChildren<QWidget*>()) {
        if (!w->isVisible() || w->isWindow() || isInternal(w, window)) continue;
        const QWidget* root = clipRoot(w, window);
        const QRect bounds = root == window ? window_rect : root->rect();
        const QRect rect(w->mapTo(root, QPoint(0, 0)), w->size());
        // Scrolled content is larger than its window on purpose: the scroll area shows it part by part.
        if (!isScrollContent(w) && !bounds.adjusted(-kTolerance_px, -kTolerance_px, kTolerance_px, kTolerance_px).contains(rect))
            problems << QStringLiteral("%1 lies outside %2: at %3,%4 %5×%6 in %7×%8")
                            .arg(describe(w), root == window ? QStringLiteral("the window") : describe(root))
                            .arg(rect.x()).arg(rect.y()).arg(rect.width()).arg(rect.height()).arg(bounds.width()).arg(bounds.height());
        if (w->layout() && !qobject_cast<QAbstractScrollArea*>(w)) {
            const QSize minimum = w->layout()->minimumSize();
            if (minimum.width() > w->width() + kTolerance_px || minimum.height() > w->height() + kTolerance_px)
                problems << QStringLiteral("%1 is squeezed (its children overlap): %2×%3, its layout needs %4×%5")
                                .arg(describe(w)).arg(w->width()).arg(w->height()).arg(minimum.width()).arg(minimum.height());
        }
        checkText(w, problems);
    }
    return problems;
}

// Qt Test shortens long messages: each problem is printed whole first.
QString report(const QStringList& problems) {
    for (const QString& p : problems) qWarning("%s", qPrintable(p));
    return QStringLiteral("%1 problems (listed above)").arg(problems.size());
}

void settle() {
    for (int i = 0; i < 3; ++i) QApplication::processEvents();
}

// Shows a dialog as a window manager would on the small screen: at the size
// it asked for (its preferred size unless it was resized), never larger
// than the screen.
void fitToScreen(QWidget* dialog) {
    const QSize screen = gui_test::smallScreenLogical();
    const QSize asked = dialog->testAttribute(Qt::WA_Resized) ? dialog->size() : dialog->sizeHint();
    dialog->resize(asked.boundedTo(screen).expandedTo(dialog->minimumSizeHint()));
    settle();
}

// `resize`: false for a dialog already shown, whose own size is checked.
QStringList dialogProblems(QWidget* dialog, const QString& what, bool resize = true) {
    QStringList problems;
    const QSize screen = gui_test::smallScreenLogical();
    const QSize minimum = dialog->minimumSizeHint().expandedTo(dialog->minimumSize());
    if (minimum.width() > screen.width() || minimum.height() > screen.height())
        problems << QStringLiteral("needs at least %1×%2").arg(minimum.width()).arg(minimum.height());
    if (resize) fitToScreen(dialog);
    settle();
    problems << problemsIn(dialog);
    for (QString& p : problems) p = what + QStringLiteral(": ") + p;
    return problems;
}

} // namespace

class TestGuiLayout : public QObject {
    Q_OBJECT

    gui_test::Demo demo_;
    QStringList languages_ = {QStringLiteral("en"), QStringLiteral("pt_BR")};

    ui::MainWindow* window() { return demo_.window(); }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(demo_.open(&error), qPrintable(error));
        qInfo("scale %.2f: the screen is %d×%d logical pixels", scaleFactor(), gui_test::smallScreenLogical().width(),
              gui_test::smallScreenLogical().height());
    }
    void cleanup() { ui::applyLanguage(QStringLiteral("en")); }

    void mainWindowFits() {
        const QSize screen = gui_test::smallScreenLogical();
        QStringList problems;
        for (const QString& language : languages_) {
            ui::applyLanguage(language);
            for (int i = 0; i < ui::MainWindow::ScreenCount; ++i) {
                window()->showScreen(ui::MainWindow::Screen(i));
                settle();
                const QSize minimum = window()->minimumSizeHint();
                const QString where = QStringLiteral("%1, screen %2 (%3)").arg(language).arg(i).arg(window()->page(ui::MainWindow::Screen(i))->title());
                if (minimum.width() > screen.width() || minimum.height() > screen.height())
                    problems << QStringLiteral("%1: the window needs at least %2×%3").arg(where).arg(minimum.width()).arg(minimum.height());
                window()->resize(screen);
                settle();
                for (const QString& p : problemsIn(window())) problems << where + QStringLiteral(": ") + p;
                // To look at what was checked: RATEIO_LAYOUT_SHOTS=DIR saves each screen as a PNG.
                if (const QString shots = qEnvironmentVariable("RATEIO_LAYOUT_SHOTS"); !shots.isEmpty())
                    window()->grab().save(QStringLiteral("%1/%2-%3x-%4.png").arg(shots, language).arg(scaleFactor()).arg(i));
                if (scaleFactor() < 1.25) {
                    for (QScrollArea* scroll : window()->findChildren<QScrollArea*>(QStringLiteral("screenScroll")))
                        if (scroll->isVisible() && scroll->horizontalScrollBar()->isVisible())
                            problems << where + QStringLiteral(": the screen scrolls sideways at 100 %");
                }
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void proposePlantDialogFits() {
        QStringList problems;
        for (const QString& language : languages_) {
            ui::applyLanguage(language);
            ui::ProposePlantDialog dialog(demo_.session->models(), window());
            dialog.show();
            fitToScreen(&dialog);
            // Every field's error shown at once: the longest the dialog shows.
            QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("plantProposeButton")), Qt::LeftButton);
            QVERIFY(child<QLabel>(&dialog, QStringLiteral("plantNameError"))->isVisible());
            // The dialog makes room for them itself.
            problems << dialogProblems(&dialog, language + QStringLiteral(", Propose a plant"), /*resize=*/false);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    // Check your bill at its fullest: every figure typed, each one differing.
    void billCheckDialogFits() {
        QStringList problems;
        for (const QString& language : languages_) {
            ui::applyLanguage(language);
            ui::BillCheckDialog dialog(demo_.session->models(), [](const QString&, const QString&, const QString&) { return QString(); },
                                       window());
            dialog.show();
            fitToScreen(&dialog);
            const chain::MonthAccount* recorded = models::latestRecordedMonth(*demo_.session->models()->myEnergy());
            QVERIFY(recorded);
            dialog.showMonth(recorded->month);
            for (const char* field : {"billConsumption", "billBalance", "billCharge", "billFioB"})
                gui_test::typeInto(&dialog, QString::fromLatin1(field), QStringLiteral("1"));
            gui_test::typeInto(&dialog, QStringLiteral("billCompensated"), QStringLiteral("0"));
            QTest::mouseClick(child<QPushButton>(&dialog, QStringLiteral("billCheckButton")), Qt::LeftButton);
            QVERIFY(child<QTableWidget>(&dialog, QStringLiteral("billDifferences"))->rowCount() >= 3);
            problems << dialogProblems(&dialog, language + QStringLiteral(", Check your bill"), /*resize=*/false);
            // RATEIO_TEST_SHOTS=DIR keeps a picture of it in each language, to look at.
            if (const QString shots = qEnvironmentVariable("RATEIO_TEST_SHOTS"); !shots.isEmpty())
                dialog.grab().save(QStringLiteral("%1/bill-check-%2.png").arg(shots, language));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void settingsDialogsFit() {
        QStringList problems;
        for (const QString& language : languages_) {
            ui::applyLanguage(language);
            window()->showScreen(ui::MainWindow::Settings);
            settle();
            bool inspected = false;
            gui_test::inspectNextModal([&](QWidget* dialog) {
                // Refused as too short: the error line shows too.
                for (QPushButton* b : dialog->findChildren<QPushButton*>())
                    if (b->isDefault() || b->autoDefault()) {
                        b->click();
                        break;
                    }
                problems << dialogProblems(dialog, language + QStringLiteral(", Change passphrase"));
                inspected = true;
            });
            child<QPushButton>(window(), QStringLiteral("settingsPassphrase"))->click();
            QVERIFY(inspected);

            inspected = false;
            gui_test::inspectNextModal([&](QWidget* dialog) {
                QTest::mouseClick(dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
                problems << dialogProblems(dialog, language + QStringLiteral(", Add an always-on computer"));
                inspected = true;
            });
            // The validators' box shows for a networked group only; the dialog is the same.
            child<QPushButton>(window(), QStringLiteral("settingsAddValidator"))->click();
            QVERIFY(inspected);

            inspected = false;
            gui_test::inspectNextModal([&](QWidget* dialog) {
                problems << dialogProblems(dialog, language + QStringLiteral(", About"));
                inspected = true;
            });
            child<QAbstractButton>(window(), QStringLiteral("aboutButton"))->click();
            QVERIFY(inspected);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void firstRunAssistantFits() {
        QStringList problems;
        for (const QString& language : languages_) {
            ui::applyLanguage(language);
            QTemporaryDir data;
            ui::FirstRunWizard wizard(data.path());
            for (int id : wizard.pageIds()) {
                wizard.setStartId(id);
                wizard.restart();
                wizard.show();
                settle();
                problems << dialogProblems(&wizard, QStringLiteral("%1, assistant page %2").arg(language).arg(id));
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

private:
    static qreal scaleFactor() { return gui_test::scaleFactor(); }
};

QTEST_MAIN(TestGuiLayout)
#include "test_gui_layout.moc"
