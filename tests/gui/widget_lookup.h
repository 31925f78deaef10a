#pragma once
// Helpers the GUI tests share: find a widget by object name and type into it.

#include <QAbstractButton>
#include <QApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QString>
#include <QTest>
#include <QTimer>
#include <QWidget>

namespace gui_test {

template <class T>
T* child(QWidget* root, const QString& name) {
    T* found = root->findChild<T*>(name);
    if (!found) qWarning("no widget named %s", qPrintable(name));
    return found;
}

// QTest types Latin-1 only, so accented text is inserted instead of typed.
inline void typeInto(QWidget* root, const QString& name, const QString& text) {
    auto* edit = child<QLineEdit>(root, name);
    QVERIFY(edit);
    edit->clear();
    bool latin1 = true;
    for (QChar c : text) latin1 = latin1 && c.unicode() < 0x80;
    if (latin1) QTest::keyClicks(edit, text);
    else edit->insert(text);
}

// Answers the next message box with `button` once it shows (Bitcoin Core's
// GUI tests answer their dialogs alike): called before the click that opens it.
inline void answerNextMessageBox(QMessageBox::StandardButton button) {
    QTimer::singleShot(0, [button] {
        for (QWidget* w : QApplication::topLevelWidgets())
            if (auto* box = qobject_cast<QMessageBox*>(w); box && box->isVisible()) {
                box->button(button)->click();
                return;
            }
        answerNextMessageBox(button); // not shown yet
    });
}

} // namespace gui_test
