#pragma once
// Chart views of the screens, and the month-by-month energy lines (kWh over a
// date axis) shared by the Energy screen and the overview's credit chart.

#include "rules/energy.h"

#include <QColor>
#include <QString>

#include <functional>
#include <vector>

class QChartView;
class QWidget;

namespace ui {

struct MonthSeries {
    QString name;
    QColor color;
    std::function<std::uint64_t(const chain::MonthAccount&)> value; // Wh
};

// A chart view with the screens' common look.
QChartView* makeChartView(QWidget* parent, const QString& name, int minimum_height_px, Qt::Alignment legend);

// One line per series over the latest `months_max` of `months`; the view is
// hidden when there is no month to show.
void plotEnergyMonths(QChartView* view, std::vector<chain::MonthAccount> months, const std::vector<MonthSeries>& lines,
                      std::size_t months_max, int date_ticks_max = 7);

} // namespace ui
