#include "ui/shortcuts_dialog.h"

#include "ui/screens.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ui {

namespace {

// Wide enough for the longest action without a horizontal scroll bar, on a
// 1280×720 screen at 150 % too.
constexpr int kPreferredWidth_px = 560;
constexpr int kPreferredHeight_px = 460;

QString keys(const QKeySequence& sequence) { return sequence.toString(QKeySequence::NativeText); }

} // namespace

QKeySequence quitKeys() {
    const QKeySequence platform(QKeySequence::Quit);
    return platform.isEmpty() ? QKeySequence(Qt::CTRL | Qt::Key_Q) : platform;
}

ShortcutsDialog::ShortcutsDialog(QStringList screen_titles, QWidget* parent) : QDialog(parent) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Everything in Rateio can be done with the keyboard. These keys work in the main window:"), this);
    intro->setObjectName(QStringLiteral("shortcutsIntro"));
    intro->setWordWrap(true);
    layout->addWidget(intro);
    table_ = new QTableWidget(0, 2, this);
    table_->setObjectName(QStringLiteral("shortcutsTable"));
    table_->setAccessibleName(tr("Keyboard shortcuts"));
    table_->setHorizontalHeaderLabels({tr("Keys"), tr("What they do")});
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setWordWrap(true);
    for (int i = 0; i < screen_titles.size() && i < kScreenCount; ++i)
        addRow(keys(screenShortcut(Screen(i))), tr("Show the %1 screen").arg(screen_titles[i]));
    addRow(tr("Alt + underlined letter"), tr("Go to the field, or press the button, whose name has that letter underlined"));
    addRow(tr("Tab, Shift+Tab"), tr("Go to the next or the previous field"));
    addRow(tr("Enter"), tr("Press the highlighted button of a dialog"));
    addRow(tr("Esc"), tr("Close a dialog without changing anything"));
    addRow(keys(QKeySequence(QKeySequence::HelpContents)), tr("Explain the screen in front of you, with a way to this list"));
    addRow(keys(quitKeys()), tr("Quit Rateio"));
    table_->resizeRowsToContents();
    layout->addWidget(table_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setText(tr("&Close"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(kPreferredWidth_px, kPreferredHeight_px);
}

void ShortcutsDialog::addRow(const QString& keys, const QString& action) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, 0, new QTableWidgetItem(keys));
    table_->setItem(row, 1, new QTableWidgetItem(action));
}

} // namespace ui
