#include "ui/accessibility.h"

#include "ui/chart_axes.h"

#include <QAbstractBarSeries>
#include <QAccessible>
#include <QAccessibleWidget>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QFormLayout>
#include <QLabel>
#include <QLocale>
#include <QPieSeries>
#include <QRegularExpression>
#include <QValueAxis>
#include <QXYSeries>

namespace ui {

namespace {

// A description is read aloud: beyond this many points a series is summed
// up by its last ones.
constexpr int kPointsReadMax = 24;

QString tr(const char* text) { return QCoreApplication::translate("ui::Accessibility", text); }

QString number(double value) { return QLocale().toString(value, 'f', std::abs(value) >= 100 ? 0 : 1); }

QAbstractAxis* axisOf(QAbstractSeries* series, Qt::Orientation orientation) {
    for (QAbstractAxis* axis : series->attachedAxes())
        if (axis->orientation() == orientation) return axis;
    return nullptr;
}

// The label the horizontal axis shows at `x`, if it names one.
// Qt Charts' getters are not const: the pointers here are not either.
QString xLabel(QAbstractAxis* axis, double x) {
    if (auto* dates = qobject_cast<QDateTimeAxis*>(axis))
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(qint64(x)), dates->format());
    if (auto* categories = qobject_cast<QCategoryAxis*>(axis)) {
        // A month axis labels only every few months: each value is named by its own month.
        if (const QVariant first_month = categories->property(charts::kMonthAxisFirstMonthProperty); first_month.isValid())
            return charts::monthAxisLabel(charts::monthAtAxisPosition(x, first_month.value<std::uint32_t>()));
        for (const QString& label : categories->categoriesLabels())
            if (categories->startValue(label) <= x && x <= categories->endValue(label)) return label;
        return {};
    }
    return number(x);
}

QString withUnit(double value, QAbstractAxis* y) {
    const QString unit = y ? y->titleText() : QString();
    return unit.isEmpty() ? number(value) : tr("%1 %2").arg(number(value), unit);
}

QString describeXY(QXYSeries* series) {
    QAbstractAxis* x = axisOf(series, Qt::Horizontal);
    QAbstractAxis* y = axisOf(series, Qt::Vertical);
    const QList<QPointF> points = series->points();
    QStringList values;
    for (qsizetype i = std::max<qsizetype>(0, points.size() - kPointsReadMax); i < points.size(); ++i) {
        const QString where = xLabel(x, points[i].x());
        const QString value = withUnit(points[i].y(), y);
        values << (where.isEmpty() ? value : tr("%1 %2").arg(where, value));
    }
    return tr("%1: %2").arg(series->name(), values.join(QStringLiteral(", ")));
}

QString describeBars(QAbstractBarSeries* series) {
    auto* categories = qobject_cast<QBarCategoryAxis*>(axisOf(series, Qt::Horizontal));
    QAbstractAxis* y = axisOf(series, Qt::Vertical);
    QStringList sets;
    for (QBarSet* set : series->barSets()) {
        QStringList values;
        for (int i = 0; i < set->count(); ++i) {
            const QString where = categories && i < categories->count() ? categories->at(i) : QString();
            const QString value = withUnit(set->at(i), y);
            values << (where.isEmpty() ? value : tr("%1 %2").arg(where, value));
        }
        sets << tr("%1: %2").arg(set->label(), values.join(QStringLiteral(", ")));
    }
    return sets.join(QStringLiteral(". "));
}

QString describePie(QPieSeries* series) {
    QStringList slices;
    for (QPieSlice* slice : series->slices())
        slices << tr("%1: %2 %").arg(slice->label(), QLocale().toString(slice->percentage() * 100.0, 'f', 1));
    return slices.join(QStringLiteral(", "));
}

// A chart view, named by its chart's title and described by its values,
// both read when asked, so they follow the data and the language.
class ChartAccessible : public QAccessibleWidget {
public:
    explicit ChartAccessible(QChartView* view) : QAccessibleWidget(view, QAccessible::Chart) {}

    QString text(QAccessible::Text t) const override {
        const auto* view = static_cast<const QChartView*>(widget());
        if (t == QAccessible::Name && view->accessibleName().isEmpty()) return view->chart()->title();
        if (t == QAccessible::Description && view->accessibleDescription().isEmpty()) return describeChartValues(view->chart());
        return QAccessibleWidget::text(t);
    }
};

QAccessibleInterface* chartFactory(const QString& class_name, QObject* object) {
    if (class_name != QLatin1String("QChartView")) return nullptr;
    auto* view = qobject_cast<QChartView*>(object);
    return view ? new ChartAccessible(view) : nullptr;
}

} // namespace

void installAccessibility() {
    static const bool installed = [] {
        QAccessible::installFactory(chartFactory);
        return true;
    }();
    Q_UNUSED(installed);
}

void linkFormLabels(QWidget* root) {
    for (QFormLayout* form : root->findChildren<QFormLayout*>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            auto* label = qobject_cast<QLabel*>(form->itemAt(row, QFormLayout::LabelRole) ? form->itemAt(row, QFormLayout::LabelRole)->widget() : nullptr);
            QLayoutItem* field = form->itemAt(row, QFormLayout::FieldRole);
            if (!label || !field || !field->widget()) continue;
            // addRow(text, field) links the label already; a boxed field is linked on to the field inside.
            if (label->buddy() && !label->buddy()->focusProxy()) continue;
            // A field shown in a box with its error line names the field itself as focus proxy.
            QWidget* target = field->widget()->focusProxy() ? field->widget()->focusProxy() : field->widget();
            label->setBuddy(target);
            // Qt names a field by its buddy label only when the two are siblings; a field
            // boxed with its error line is not, so it is named here, in the label's current words.
            if (target->parentWidget() != label->parentWidget() && target->accessibleName().isEmpty())
                target->setAccessibleName(QString(label->text()).remove(QRegularExpression(QStringLiteral("&(?!&)"))));
        }
    }
}

QString describeChartValues(const QChart* chart) {
    QStringList parts;
    for (QAbstractSeries* series : chart->series()) {
        if (auto* xy = qobject_cast<QXYSeries*>(series)) parts << describeXY(xy);
        else if (auto* bars = qobject_cast<QAbstractBarSeries*>(series)) parts << describeBars(bars);
        else if (auto* pie = qobject_cast<QPieSeries*>(series)) parts << describePie(pie);
    }
    if (parts.isEmpty()) return tr("No values to show.");
    return parts.join(QStringLiteral(". ")) + QLatin1Char('.');
}

} // namespace ui
