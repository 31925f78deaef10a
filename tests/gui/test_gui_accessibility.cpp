// A screen reader (Orca, through AT-SPI) reads what QAccessible gives it:
// every interactive element (buttons, edits, combo boxes, check boxes,
// lists, tables and their headers, spin boxes, sliders) and every
// informative one (a card's value, a chart, a progress bar) of every screen
// of the demo must have a name, in both languages. And the keyboard: Alt+digit
// changes screen (shown in the navigation's tooltips), F1 lists the
// shortcuts, a label's mnemonic moves the focus to its field, Ctrl+Q quits.

#include "every_window.h"
#include "layout_checks.h"
#include "widget_lookup.h"

#include <QAccessible>
#include <QChartView>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>

using gui_test::child;

namespace {

// Tables may hold many rows: their headers are checked, and cells up to here.
constexpr int kTableChildrenChecked = 64;

bool isInteractive(QAccessible::Role role) {
    switch (role) {
    case QAccessible::PushButton:
    case QAccessible::CheckBox:
    case QAccessible::RadioButton:
    case QAccessible::ComboBox:
    case QAccessible::EditableText:
    case QAccessible::SpinBox:
    case QAccessible::Slider:
    case QAccessible::List:
    case QAccessible::Table:
    case QAccessible::Tree:
    case QAccessible::ButtonMenu:
    case QAccessible::ButtonDropDown:
    case QAccessible::PageTab:
    case QAccessible::ProgressBar:
    case QAccessible::ColumnHeader:
        return true;
    default:
        return false;
    }
}

QString describe(QAccessibleInterface* item) {
    QObject* o = item->object();
    QString what = o ? QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(o->metaObject()->className()), o->objectName())
                     : QStringLiteral("(item)");
    return QStringLiteral("%1 [role 0x%2]").arg(what).arg(int(item->role()), 0, 16);
}

// A dashboard card's value ("42") means nothing read alone: its name says what it is.
bool isCardValue(QObject* o) {
    return qobject_cast<QLabel*>(o) && (o->objectName().endsWith(QStringLiteral("Value")));
}

void walk(QAccessibleInterface* item, QStringList& unnamed, int depth = 0) {
    if (!item || !item->isValid() || item->state().invisible) return;
    const QString name = item->text(QAccessible::Name).trimmed();
    QObject* o = item->object();
    if (isInteractive(item->role()) && name.isEmpty()) unnamed << describe(item);
    if (qobject_cast<QChartView*>(o) && (name.isEmpty() || item->text(QAccessible::Description).trimmed().isEmpty()))
        unnamed << describe(item) + QStringLiteral(": a chart needs a name and a description of its values");
    if (isCardValue(o) && (name.isEmpty() || name == static_cast<QLabel*>(o)->text().trimmed()))
        unnamed << describe(item) + QStringLiteral(": a value read alone (\"%1\")").arg(name);
    const bool table = item->role() == QAccessible::Table || item->role() == QAccessible::List || item->role() == QAccessible::Tree;
    const int count = table ? std::min(item->childCount(), kTableChildrenChecked) : item->childCount();
    for (int i = 0; i < count; ++i) {
        QAccessibleInterface* c = item->child(i);
        // Cells may be empty on purpose; headers may not.
        if (table && c && (c->role() == QAccessible::Cell || c->role() == QAccessible::ListItem || c->role() == QAccessible::Row))
            continue;
        walk(c, unnamed, depth + 1);
    }
}

} // namespace

class TestGuiAccessibility : public QObject {
    Q_OBJECT

    gui_test::Demo demo_;
    ui::MainWindow* window() { return demo_.window(); }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(demo_.open(&error), qPrintable(error));
        QAccessible::setActive(true);
    }
    void cleanup() { ui::applyLanguage(QStringLiteral("en")); }

    void everyElementHasAName() {
        QStringList unnamed;
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("pt_BR")}) {
            ui::applyLanguage(language);
            for (int i = 0; i < ui::MainWindow::ScreenCount; ++i) {
                window()->showScreen(ui::MainWindow::Screen(i));
                QApplication::processEvents();
                QStringList here;
                walk(QAccessible::queryAccessibleInterface(window()), here);
                for (const QString& u : here) unnamed << QStringLiteral("%1, screen %2: %3").arg(language).arg(i).arg(u);
            }
        }
        // Qt Test shortens long messages: each one is printed whole first.
        for (const QString& u : unnamed) qWarning("without a name: %s", qPrintable(u));
        QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("%1 elements without a name (listed above)").arg(unnamed.size())));
    }

    // Every dialog and every page of the assistant, in both languages, read as
    // a screen reader gets them.
    void everyDialogAndAssistantPageElementHasAName() {
        QStringList unnamed;
        int visited = 0;
        const gui_test::VisitWindow check = [&](QWidget* dialog, const QString& where) {
            ++visited;
            QStringList here;
            walk(QAccessible::queryAccessibleInterface(dialog), here);
            for (const QString& u : here) unnamed << QStringLiteral("%1, %2: %3").arg(ui::currentLanguage(), where, u);
        };
        for (const QString& language : {QStringLiteral("en"), QStringLiteral("pt_BR")}) {
            ui::applyLanguage(language);
            gui_test::settleEvents();
            gui_test::visitDialogs(demo_, check);
            gui_test::visitAssistant(check);
        }
        QVERIFY(visited > 0);
        for (const QString& u : unnamed) qWarning("without a name: %s", qPrintable(u));
        QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("%1 elements without a name (listed above)").arg(unnamed.size())));
    }

    // The card's name follows its value and the language.
    void cardNamesFollowTheLanguage() {
        QApplication::processEvents(); // the language change of cleanup() is posted to the widgets
        window()->showScreen(ui::MainWindow::Overview);
        auto* value = child<QLabel>(window(), QStringLiteral("overviewMembersValue"));
        QVERIFY(value);
        QVERIFY2(value->accessibleName().contains(QStringLiteral("Members")), qPrintable(value->accessibleName()));
        QVERIFY(value->accessibleName().contains(value->text()));
        ui::applyLanguage(QStringLiteral("pt_BR"));
        QApplication::processEvents(); // the language change is posted to the widgets
        QVERIFY2(value->accessibleName().contains(QStringLiteral("Membros")), qPrintable(value->accessibleName()));
    }

    void altDigitChangesScreen() {
        window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window()));
        auto* navigation = child<QListWidget>(window(), QStringLiteral("navigation"));
        for (int i = 0; i < ui::MainWindow::ScreenCount; ++i) {
            const QKeySequence keys(Qt::ALT | Qt::Key(Qt::Key_1 + i));
            QTest::keySequence(window(), keys);
            QCOMPARE(navigation->currentRow(), i);
            // The shortcut is discoverable: the navigation's tooltip shows it.
            const QString tooltip = navigation->item(i)->toolTip();
            QVERIFY2(tooltip.contains(keys.toString(QKeySequence::NativeText)), qPrintable(tooltip));
        }
    }

    void mnemonicMovesFocusToItsField() {
        window()->showScreen(ui::MainWindow::Settings);
        window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window()));
        auto* language = child<QComboBox>(window(), QStringLiteral("settingsLanguage"));
        QLabel* label = nullptr;
        for (QLabel* l : window()->findChildren<QLabel*>())
            if (l->buddy() == language) label = l;
        QVERIFY2(label, "the language field has no label that names it");
        const QKeySequence mnemonic = QKeySequence::mnemonic(label->text());
        QVERIFY2(!mnemonic.isEmpty(), qPrintable(label->text()));
        window()->setFocus();
        QTest::keySequence(window(), mnemonic);
        QVERIFY(language->hasFocus());
    }

    // F1 opens the screen's help, and from there the list of every shortcut.
    void f1ListsTheShortcuts() {
        window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window()));
        QString shown;
        bool helped = false;
        gui_test::inspectNextModal([&](QWidget* help) {
            helped = true;
            QTest::mouseClick(child<QPushButton>(help, QStringLiteral("screenHelpShortcuts")), Qt::LeftButton);
        }, QStringLiteral("screenHelpDialog"));
        gui_test::inspectNextModal([&](QWidget* dialog) {
            for (QLabel* l : dialog->findChildren<QLabel*>()) shown += l->text() + QLatin1Char('\n');
            for (QTableView* t : dialog->findChildren<QTableView*>())
                for (int r = 0; r < t->model()->rowCount(); ++r)
                    for (int c = 0; c < t->model()->columnCount(); ++c) shown += t->model()->index(r, c).data().toString() + QLatin1Char('\n');
        }, QStringLiteral("shortcutsDialog"));
        QTest::keySequence(window(), QKeySequence(QKeySequence::HelpContents));
        QVERIFY(helped);
        for (const QKeySequence& keys : {QKeySequence(Qt::ALT | Qt::Key_1), QKeySequence(Qt::ALT | Qt::Key_9),
                                         QKeySequence(Qt::CTRL | Qt::Key_Q), QKeySequence(QKeySequence::HelpContents)})
            QVERIFY2(shown.contains(keys.toString(QKeySequence::NativeText)), qPrintable(shown));
    }

    // Last: the window is gone afterwards.
    void ctrlQQuits() {
        window()->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window()));
        QTest::keyClick(window(), Qt::Key_Q, Qt::ControlModifier);
        QTRY_VERIFY(!window()->isVisible());
    }
};

QTEST_MAIN(TestGuiAccessibility)
#include "test_gui_accessibility.moc"
