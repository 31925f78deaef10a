#include "ui/energy_chart.h"

#include "ui/chart_axes.h"
#include "ui/theme.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QLabel>
#include <QLineSeries>
#include <QPalette>
#include <QScatterSeries>
#include <QValueAxis>

namespace ui {

namespace {

constexpr int kChartMinimumWidth_px = 280;

// A single month is drawn as dots this wide: a line needs two points.
constexpr qreal kSingleMonthMarker_px = 11;
// Lines show their points while there are few enough to tell apart.
constexpr std::size_t kPointsVisibleMonthsMax = 12;

double kwh(std::uint64_t wh) { return double(wh) / 1000.0; }

// Axis text and grid lines in the palette's colours, readable on its base.
void styleAxis(QAbstractAxis* axis, const QPalette& palette) {
    axis->setLabelsBrush(palette.color(QPalette::Text));
    axis->setTitleBrush(palette.color(QPalette::Text));
    axis->setLinePenColor(palette.color(QPalette::Mid));
    axis->setGridLineColor(palette.color(QPalette::Midlight));
}

} // namespace

void resetChart(QChart* chart) {
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    // The application's palette, not the view's: at a theme switch the view may still hold the old one.
    const QPalette palette = QGuiApplication::palette();
    chart->setTheme(isDark(palette) ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundRoundness(8);
    chart->setBackgroundBrush(palette.color(QPalette::Base));
    chart->setBackgroundPen(QPen(palette.color(QPalette::Mid)));
    chart->setTitleBrush(palette.color(QPalette::Text));
    chart->legend()->setLabelColor(palette.color(QPalette::Text));
}

QCategoryAxis* addMonthAxis(QChart* chart, std::uint32_t first_month, int month_count, int ticks_max) {
    auto* axis = new QCategoryAxis(chart);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    // Each month is one unit wide, its point in the middle.
    axis->setRange(-0.5, std::max(month_count, 1) - 0.5);
    axis->setStartValue(-0.5);
    for (int index : charts::monthLabelIndices(month_count, ticks_max))
        axis->append(charts::monthAxisLabel(chain::add_months(first_month, index)), index);
    styleAxis(axis, QGuiApplication::palette());
    chart->addAxis(axis, Qt::AlignBottom);
    return axis;
}

QValueAxis* addValueAxis(QChart* chart, double max_value, const QString& title) {
    const charts::ValueScale scale = charts::valueScale(max_value);
    auto* axis = new QValueAxis(chart);
    axis->setRange(scale.min, scale.max);
    axis->setTickCount(scale.tick_count);
    axis->setLabelFormat(scale.labelFormat());
    axis->setTitleText(title);
    styleAxis(axis, QGuiApplication::palette());
    chart->addAxis(axis, Qt::AlignLeft);
    return axis;
}

ChartPanel::ChartPanel(QWidget* parent, QChartView* view) : QStackedWidget(parent), view_(view) {
    setObjectName(view->objectName() + QStringLiteral("Panel"));
    empty_ = new QLabel(this);
    empty_->setObjectName(view->objectName() + QStringLiteral("Empty"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setMargin(16);
    addWidget(view_);
    addWidget(empty_);
    setMinimumHeight(view_->minimumHeight());
}

void ChartPanel::showChart() { setCurrentWidget(view_); }

void ChartPanel::showEmpty(const QString& text) {
    empty_->setText(text);
    setCurrentWidget(empty_);
}

QChartView* makeChartView(QWidget* parent, const QString& name, int minimum_height_px, Qt::Alignment legend) {
    auto* view = new QChartView(new QChart, parent);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(minimum_height_px);
    // The legend's natural width would otherwise set the window's minimum width.
    view->setMinimumWidth(kChartMinimumWidth_px);
    view->chart()->legend()->setAlignment(legend);
    resetChart(view->chart());
    return view;
}

void plotEnergyMonths(QChartView* view, std::vector<chain::MonthAccount> months, const std::vector<MonthSeries>& lines,
                      std::size_t months_max, int date_ticks_max) {
    QChart* chart = view->chart();
    resetChart(chart);
    if (months.size() > months_max) months.erase(months.begin(), months.end() - std::ptrdiff_t(months_max));
    view->setVisible(!months.empty());
    if (months.empty()) return;
    double max_kwh = 0;
    for (const MonthSeries& line : lines)
        for (const chain::MonthAccount& m : months) max_kwh = std::max(max_kwh, kwh(line.value(m)));
    QCategoryAxis* x = addMonthAxis(chart, months.front().month, int(months.size()), date_ticks_max);
    QValueAxis* y = addValueAxis(chart, max_kwh, QCoreApplication::translate("ui::EnergyPage", "kWh"));
    for (const MonthSeries& line : lines) {
        QXYSeries* series = nullptr;
        if (months.size() == 1) {
            auto* dots = new QScatterSeries(chart);
            dots->setMarkerSize(kSingleMonthMarker_px);
            dots->setBorderColor(line.color);
            series = dots;
        } else {
            auto* polyline = new QLineSeries(chart);
            polyline->setPointsVisible(months.size() <= kPointsVisibleMonthsMax);
            series = polyline;
        }
        series->setName(line.name);
        series->setColor(line.color);
        // Month i at x = i: its label sits under its point.
        for (std::size_t i = 0; i < months.size(); ++i) series->append(double(i), kwh(line.value(months[i])));
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
}

} // namespace ui
