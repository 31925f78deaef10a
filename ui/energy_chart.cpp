#include "ui/energy_chart.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QValueAxis>

namespace ui {

namespace {

constexpr int kChartMinimumWidth_px = 280;

double kwh(std::uint64_t wh) { return double(wh) / 1000.0; }

void clearChart(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
}

} // namespace

QChartView* makeChartView(QWidget* parent, const QString& name, int minimum_height_px, Qt::Alignment legend) {
    auto* view = new QChartView(new QChart, parent);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(minimum_height_px);
    // The legend's natural width would otherwise set the window's minimum width.
    view->setMinimumWidth(kChartMinimumWidth_px);
    view->chart()->setBackgroundRoundness(8);
    view->chart()->legend()->setAlignment(legend);
    return view;
}

void plotEnergyMonths(QChartView* view, std::vector<chain::MonthAccount> months, const std::vector<MonthSeries>& lines,
                      std::size_t months_max, int date_ticks_max) {
    QChart* chart = view->chart();
    clearChart(chart);
    if (months.size() > months_max) months.erase(months.begin(), months.end() - std::ptrdiff_t(months_max));
    view->setVisible(!months.empty());
    if (months.empty()) return;
    auto* x = new QDateTimeAxis(chart);
    x->setFormat(QStringLiteral("MMM/yy"));
    x->setTickCount(std::min(int(months.size()), date_ticks_max));
    auto* y = new QValueAxis(chart);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTitleText(QCoreApplication::translate("ui::EnergyPage", "kWh"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double max_kwh = 1.0;
    for (const MonthSeries& line : lines) {
        auto* series = new QLineSeries(chart);
        series->setName(line.name);
        series->setColor(line.color);
        series->setPointsVisible(months.size() <= 12);
        for (const chain::MonthAccount& m : months) {
            // Each month at its middle day, so a point sits under its label.
            const QDateTime middle(QDate(int(m.month / 100), int(m.month % 100), 15), QTime(12, 0));
            series->append(double(middle.toMSecsSinceEpoch()), kwh(line.value(m)));
            max_kwh = std::max(max_kwh, kwh(line.value(m)));
        }
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    y->setRange(0, max_kwh * 1.1);
    y->applyNiceNumbers();
}

} // namespace ui
