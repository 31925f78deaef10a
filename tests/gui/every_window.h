#pragma once
// Every window a member meets, opened in turn for a check that walks it:
// each screen of the main window (Settings also as a networked group shows
// it), every dialog the screens open, and every page of the first-run
// assistant. Shared by the mnemonic and the accessibility tests, which run
// the same walk in English and in Portuguese.

#include "layout_checks.h"
#include "ui/first_run_wizard.h"
#include "ui/main_window.h"
#include "ui/propose_plant_dialog.h"
#include "ui/shortcuts_dialog.h"
#include "widget_lookup.h"

#include <QAbstractButton>
#include <QApplication>
#include <QInputDialog>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>

namespace gui_test {

// `window` is the top-level widget to check, `where` names it in a failure.
using VisitWindow = std::function<void(QWidget* window, const QString& where)>;

inline void settleEvents() {
    for (int i = 0; i < 3; ++i) QApplication::processEvents();
}

// Runs `handle` on the next modal dialog once it shows; `handle` closes it
// (accept or reject), so a dialog may lead on to the next one.
inline void handleNextModal(std::function<void(QWidget*)> handle, int looks_left = kModalLooksMax) {
    QTimer::singleShot(kModalLookInterval_ms, [handle = std::move(handle), looks_left]() mutable {
        if (QWidget* modal = QApplication::activeModalWidget()) return handle(modal);
        if (looks_left > 0) handleNextModal(std::move(handle), looks_left - 1);
    });
}

// The parts of Settings only a networked group shows (the invitation, the
// validators, the listening port), shown in place of "Open the group to
// neighbours" while `visit` runs, as a networked group's window has them.
inline void visitNetworkedSettings(ui::MainWindow* window, const VisitWindow& visit) {
    const QStringList networked_only = {QStringLiteral("settingsInvitationBox"), QStringLiteral("settingsValidatorsBox"),
                                        QStringLiteral("settingsListenPort"), QStringLiteral("settingsListenPortLabel")};
    QWidget* open_up = child<QWidget>(window, QStringLiteral("settingsOpenUpBox"));
    if (!open_up) return;
    open_up->hide();
    for (const QString& name : networked_only)
        if (QWidget* w = child<QWidget>(window, name)) w->show();
    settleEvents();
    visit(window, QStringLiteral("Settings of a networked group"));
    for (const QString& name : networked_only)
        if (QWidget* w = child<QWidget>(window, name)) w->hide();
    open_up->show();
}

inline void visitScreens(ui::MainWindow* window, const VisitWindow& visit) {
    for (int i = 0; i < ui::MainWindow::ScreenCount; ++i) {
        window->showScreen(ui::MainWindow::Screen(i));
        settleEvents();
        visit(window, QStringLiteral("screen %1 (%2)").arg(i).arg(window->page(ui::MainWindow::Screen(i))->title()));
    }
    window->showScreen(ui::MainWindow::Settings);
    visitNetworkedSettings(window, visit);
}

// Visits the modal dialog the click on `button` opens, then closes it.
inline void visitModalOf(QAbstractButton* button, const QString& where, const VisitWindow& visit) {
    if (!button || !button->isEnabled()) {
        qWarning("%s: its button is missing or disabled", qPrintable(where));
        return;
    }
    inspectNextModal([&](QWidget* dialog) { visit(dialog, where); });
    button->click();
}

// The members' two proposals: a correction's form, and a removal's reason
// followed by the confirmation every irreversible action asks for.
inline void visitMembersDialogs(ui::MainWindow* window, const VisitWindow& visit) {
    window->showScreen(ui::MainWindow::Members);
    settleEvents();
    auto* table = child<QTableView>(window, QStringLiteral("membersTable"));
    if (!table) return;
    table->selectRow(1);
    settleEvents();
    visitModalOf(child<QAbstractButton>(window, QStringLiteral("memberProposeCorrection")), QStringLiteral("Propose a correction"), visit);
    auto* removal = child<QAbstractButton>(window, QStringLiteral("memberProposeRemoval"));
    if (!removal || !removal->isEnabled()) return;
    handleNextModal([visit](QWidget* reason_dialog) {
        visit(reason_dialog, QStringLiteral("Propose removal"));
        if (auto* input = qobject_cast<QInputDialog*>(reason_dialog)) input->setTextValue(QStringLiteral("Moved away."));
        handleNextModal([visit](QWidget* confirmation) {
            visit(confirmation, QStringLiteral("Confirmation"));
            QMetaObject::invokeMethod(confirmation, "reject", Qt::QueuedConnection);
        });
        QMetaObject::invokeMethod(reason_dialog, "accept", Qt::QueuedConnection);
    });
    removal->click();
}

inline void visitDialogs(gui_test::Demo& demo, const VisitWindow& visit) {
    ui::MainWindow* window = demo.window();
    {
        ui::ProposePlantDialog dialog(demo.session->models(), window);
        dialog.show();
        settleEvents();
        visit(&dialog, QStringLiteral("Propose a plant"));
    }
    {
        QStringList titles;
        for (int i = 0; i < ui::MainWindow::ScreenCount; ++i) titles << window->page(ui::MainWindow::Screen(i))->title();
        ui::ShortcutsDialog dialog(titles, window);
        dialog.show();
        settleEvents();
        visit(&dialog, QStringLiteral("Keyboard shortcuts"));
    }
    window->showScreen(ui::MainWindow::Overview);
    visitModalOf(child<QAbstractButton>(window, QStringLiteral("screenHelpButton")), QStringLiteral("Screen help"), visit);
    visitModalOf(child<QAbstractButton>(window, QStringLiteral("aboutButton")), QStringLiteral("About"), visit);
    window->showScreen(ui::MainWindow::Settings);
    settleEvents();
    visitModalOf(child<QAbstractButton>(window, QStringLiteral("settingsPassphrase")), QStringLiteral("Change passphrase"), visit);
    // The validators' box shows for a networked group only; the dialog is the same.
    visitModalOf(child<QAbstractButton>(window, QStringLiteral("settingsAddValidator")), QStringLiteral("Add an always-on computer"), visit);
    visitMembersDialogs(window, visit);
}

// Every page of the assistant, each shown as its first page.
inline void visitAssistant(const VisitWindow& visit) {
    QTemporaryDir data;
    ui::FirstRunWizard wizard(data.path());
    for (int id : wizard.pageIds()) {
        wizard.setStartId(id);
        wizard.restart();
        wizard.show();
        settleEvents();
        visit(&wizard, QStringLiteral("assistant page %1 (%2)").arg(id).arg(wizard.currentPage()->title()));
    }
}

} // namespace gui_test
