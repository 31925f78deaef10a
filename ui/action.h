#pragma once
// Submits one operation and reports its outcome where it was asked for: the
// message label next to the button (translated rejection, or a confirmation),
// the button disabled while the node works on it.

#include "models/node_client.h"

#include <QPointer>

#include <functional>

class QLabel;
class QAbstractButton;
class QWidget;

namespace ui {

// Shows `text` as an error (red) or a confirmation (green) in `label`.
void showError(QLabel* label, const QString& text);
void showSuccess(QLabel* label, const QString& text);
void clearMessage(QLabel* label);

// Runs `op`; on success shows `success_text` and calls `on_success`. The
// button (if any) is disabled until the outcome arrives.
void submitAction(models::NodeClient* client, chain::Operation op, QLabel* message, QAbstractButton* button,
                  const QString& success_text, std::function<void()> on_success = {});

// Asks before an action that cannot be undone: `question` says it in plain
// words with the real figures and names. The buttons read Yes and No in the
// current language; No is the default and Escape answers No, so only an
// explicit Yes returns true.
bool confirm(QWidget* parent, const QString& title, const QString& question);

} // namespace ui
