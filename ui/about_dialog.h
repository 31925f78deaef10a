#pragma once
// "About Rateio": the version, the license, what the build is made of (the
// commit it was configured from, the compiler, the Qt it was built with and
// the one it runs on) and the project's links. AboutButton is the status-bar
// button that opens it, so the main window needs one line to offer it.

#include <QDialog>
#include <QToolButton>

class QEvent;
class QLabel;
class QDialogButtonBox;

namespace ui {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    // The build facts as plain text, one per line (also what "Copy" puts on the clipboard).
    static QString buildInfoText();

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QLabel* title_;
    QLabel* summary_;
    QLabel* license_;
    QLabel* build_title_;
    QLabel* build_;
    QLabel* links_;
    QDialogButtonBox* buttons_;
    QAbstractButton* copy_;
};

class AboutButton : public QToolButton {
    Q_OBJECT
public:
    explicit AboutButton(QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
};

} // namespace ui
