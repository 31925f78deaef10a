#include "ui/page.h"

#include <QFileDialog>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

Page::Page(GroupModels* models, QWidget* parent) : QWidget(parent), models_(models) {
    connect(models_, &GroupModels::changed, this, [this] { refresh(); });
}

void Page::setActionsEnabled(bool enabled, const QString& reason) {
    actions_enabled_ = enabled;
    actions_reason_ = reason;
    refresh();
}

QString Page::chooseSavePath(const QString& title, const QString& suggested, const QString& filter) {
    if (choose_save_path_) return choose_save_path_(title, suggested, filter);
    return QFileDialog::getSaveFileName(this, title, suggested, filter);
}

void Page::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        refresh();
    }
    QWidget::changeEvent(event);
}

QLabel* Page::makeHeading(QWidget* parent) {
    auto* label = new QLabel(parent);
    QFont font = label->font();
    font.setPointSizeF(font.pointSizeF() * 1.6);
    font.setBold(true);
    label->setFont(font);
    return label;
}

QFrame* Page::makeCard(QWidget* parent, QLabel** caption, QLabel** value, QLabel** detail, const QString& object_name) {
    auto* card = new QFrame(parent);
    card->setObjectName(object_name + QStringLiteral("Card"));
    card->setFrameShape(QFrame::StyledPanel);
    card->setStyleSheet(QStringLiteral("QFrame#%1Card { border: 1px solid palette(mid); border-radius: 8px; background: palette(base); }")
                            .arg(object_name));
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(14, 10, 14, 10);
    *caption = new QLabel(card);
    (*caption)->setStyleSheet(QStringLiteral("color: palette(placeholder-text);"));
    *value = new QLabel(card);
    (*value)->setObjectName(object_name + QStringLiteral("Value"));
    QFont font = (*value)->font();
    font.setPointSizeF(font.pointSizeF() * 1.7);
    font.setBold(true);
    (*value)->setFont(font);
    *detail = new QLabel(card);
    (*detail)->setObjectName(object_name + QStringLiteral("Detail"));
    layout->addWidget(*caption);
    layout->addWidget(*value);
    layout->addWidget(*detail);
    return card;
}

} // namespace ui
