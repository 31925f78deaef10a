#include "ui/action.h"

#include "models/describe.h"
#include "ui/theme.h"

#include <QAbstractButton>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>

namespace ui {

namespace {

// The translation context of the confirmation's buttons.
struct Confirm {
    Q_DECLARE_TR_FUNCTIONS(ui::Confirm)
};

// Red for an error, green for a confirmation, readable on the palette's window colour.
QString messageStyle(const QString& kind, const QPalette& palette) {
    const QColor color = kind == QLatin1String("error") ? errorTextColor(palette) : successTextColor(palette);
    return QStringLiteral("color: %1;").arg(color.name());
}

// The label's colour follows its kind now, and the theme at every switch.
void followMessageKind(QLabel* label, const QString& kind) {
    label->setProperty("messageKind", kind);
    if (label->property("messageFollowsPalette").toBool()) {
        label->setStyleSheet(messageStyle(kind, QGuiApplication::palette()));
        return;
    }
    label->setProperty("messageFollowsPalette", true);
    // The follower is the label's child: it never outlives the label.
    followPalette(label, [label](const QPalette& p) { return messageStyle(label->property("messageKind").toString(), p); });
}

} // namespace

void showError(QLabel* label, const QString& text) {
    if (!label) return;
    followMessageKind(label, QStringLiteral("error"));
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void showSuccess(QLabel* label, const QString& text) {
    if (!label) return;
    followMessageKind(label, QStringLiteral("success"));
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void clearMessage(QLabel* label) {
    if (!label) return;
    label->clear();
    label->setVisible(false);
}

void submitAction(models::NodeClient* client, chain::Operation op, QLabel* message, QAbstractButton* button,
                  const QString& success_text, std::function<void()> on_success) {
    QPointer<QLabel> label(message);
    QPointer<QAbstractButton> guard(button);
    if (guard) guard->setEnabled(false);
    const quint64 request = client->submit(std::move(op));
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(client, &models::NodeClient::operationFinished, client,
                                   [=](quint64 finished, int code, const QString& english) {
        if (finished != request) return;
        QObject::disconnect(*connection);
        if (guard) guard->setEnabled(true);
        if (code != 0) {
            showError(label, models::Describe::rejection(code, english));
            return;
        }
        showSuccess(label, success_text);
        if (on_success) on_success();
    });
}

bool confirm(QWidget* parent, const QString& title, const QString& question) {
    QMessageBox box(QMessageBox::Question, title, question, QMessageBox::Yes | QMessageBox::No, parent);
    box.setObjectName(QStringLiteral("confirmBox"));
    box.button(QMessageBox::Yes)->setText(Confirm::tr("&Yes"));
    box.button(QMessageBox::No)->setText(Confirm::tr("&No"));
    box.setDefaultButton(QMessageBox::No);
    box.setEscapeButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

} // namespace ui
