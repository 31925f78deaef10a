#include "ui/page.h"

#include "ui/theme.h"

#include <QCalendarWidget>
#include <QDateTimeEdit>
#include <QFileDialog>
#include <QFrame>
#include <QLabel>
#include <QVBoxLayout>

namespace ui {

Page::Page(GroupModels* models, QWidget* parent) : QWidget(parent), models_(models) {
    connect(models_, &GroupModels::changed, this, [this] {
        refresh();
        nameCards();
    });
}

void Page::setActionsEnabled(bool enabled, const QString& reason) {
    actions_enabled_ = enabled;
    actions_reason_ = reason;
    refresh();
    nameCards();
}

QString Page::chooseSavePath(const QString& title, const QString& suggested, const QString& filter) {
    if (choose_save_path_) return choose_save_path_(title, suggested, filter);
    return QFileDialog::getSaveFileName(this, title, suggested, filter);
}

void Page::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        relocalizeDateFields();
        clearFeedback();
        retranslateUi();
        refresh();
        nameCards();
    }
    // Charts and other palette-derived colours are drawn again in the new theme.
    if (event->type() == QEvent::PaletteChange) refresh();
    QWidget::changeEvent(event);
}

// A date field keeps the locale and format it was built with: it is given the new language's.
void Page::relocalizeDateFields() {
    const QLocale locale;
    for (QDateTimeEdit* field : findChildren<QDateTimeEdit*>()) {
        field->setLocale(locale);
        field->setDisplayFormat(locale.dateFormat(QLocale::ShortFormat));
        if (field->calendarWidget()) field->calendarWidget()->setLocale(locale);
    }
}

// A confirmation or an error said before the switch would stay in the old
// language: it is cleared, as it no longer answers anything on screen.
void Page::clearFeedback() {
    for (QLabel* label : findChildren<QLabel*>())
        if (!label->property("messageKind").toString().isEmpty()) label->clear();
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
    // Explicit colours from the current palette, renewed at each theme switch, for the card and every label on it.
    followPalette(card, [object_name](const QPalette& p) {
        return QStringLiteral("QFrame#%1Card { border: 1px solid %2; border-radius: 8px; background: %3; } "
                              "QFrame#%1Card QLabel { color: %4; background: transparent; }")
            .arg(object_name, p.color(QPalette::Mid).name(), p.color(QPalette::Base).name(), p.color(QPalette::Text).name());
    });
    auto* layout = new QVBoxLayout(card);
    layout->setContentsMargins(14, 10, 14, 10);
    *caption = new QLabel(card);
    followPalette(*caption, [](const QPalette& p) {
        return QStringLiteral("color: %1;").arg(mutedTextColor(p, p.color(QPalette::Base)).name());
    });
    *value = new QLabel(card);
    (*value)->setObjectName(object_name + QStringLiteral("Value"));
    QFont font = (*value)->font();
    font.setPointSizeF(font.pointSizeF() * 1.7);
    font.setBold(true);
    (*value)->setFont(font);
    (*caption)->setObjectName(object_name + QStringLiteral("Caption"));
    *detail = new QLabel(card);
    (*detail)->setObjectName(object_name + QStringLiteral("Detail"));
    layout->addWidget(*caption);
    layout->addWidget(*value);
    layout->addWidget(*detail);
    return card;
}

} // namespace ui

namespace ui {

void Page::nameCards() {
    for (QFrame* card : findChildren<QFrame*>()) {
        if (!card->objectName().endsWith(QStringLiteral("Card"))) continue;
        const QString base = card->objectName().chopped(4);
        auto* caption = card->findChild<QLabel*>(base + QStringLiteral("Caption"));
        auto* value = card->findChild<QLabel*>(base + QStringLiteral("Value"));
        auto* detail = card->findChild<QLabel*>(base + QStringLiteral("Detail"));
        if (!caption || !value || !detail) continue;
        card->setAccessibleName(caption->text());
        value->setAccessibleName(tr("%1: %2").arg(caption->text(), value->text()));
        value->setAccessibleDescription(detail->text());
    }
}

} // namespace ui
