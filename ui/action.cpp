#include "ui/action.h"

#include "models/describe.h"

#include <QAbstractButton>
#include <QLabel>

namespace ui {

void showError(QLabel* label, const QString& text) {
    if (!label) return;
    label->setProperty("messageKind", QStringLiteral("error"));
    label->setStyleSheet(QStringLiteral("color: #c62828;"));
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void showSuccess(QLabel* label, const QString& text) {
    if (!label) return;
    label->setProperty("messageKind", QStringLiteral("success"));
    label->setStyleSheet(QStringLiteral("color: #2e7d32;"));
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

} // namespace ui
