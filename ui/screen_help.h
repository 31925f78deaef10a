#pragma once
// "How does this work?": a short explanation of each screen in plain words,
// opened from the button above the screen or with F1, with the technical
// words (blocks, nodes, validators) behind a "Details" toggle and a way to the
// list of keyboard shortcuts.

#include "ui/screens.h"

#include <QDialog>
#include <QString>

class QLabel;
class QPushButton;

namespace ui {

struct ScreenHelp {
    QString text;    // plain words, for every member
    QString details; // the technical terms behind it, for who asks
};

// The help of a screen, in the current language.
ScreenHelp screenHelp(Screen screen);
// The help of the screen whose page has this object name ("overviewPage", …,
// ScreenInfo::page_name); empty for an unknown page.
ScreenHelp screenHelp(const QString& page_object_name);

class ScreenHelpDialog : public QDialog {
    Q_OBJECT
public:
    ScreenHelpDialog(const QString& screen_title, const ScreenHelp& help, QWidget* parent = nullptr);

signals:
    // "Keyboard shortcuts" was pressed: the window shows the list.
    void keyboardShortcutsRequested();
};

} // namespace ui
