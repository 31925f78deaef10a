#pragma once
// "Keyboard shortcuts" (F1): every shortcut of the main window in a table,
// in the current language (the dialog is modal and made anew at every F1, so
// the language cannot change while it shows).

#include <QDialog>
#include <QKeySequence>
#include <QStringList>

class QTableWidget;

namespace ui {

// The platform's keys to quit (QKeySequence::Quit), or Ctrl+Q where the
// platform names none (Windows' scheme, the offscreen platform).
QKeySequence quitKeys();

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    // `screen_titles` in navigation order (ui/screens.h), each shown with its Alt+digit.
    explicit ShortcutsDialog(QStringList screen_titles, QWidget* parent = nullptr);

private:
    void addRow(const QString& keys, const QString& action);

    QTableWidget* table_;
};

} // namespace ui
