#include "ui/energy_chart.h"

#include "models/format.h"
#include "ui/chart_axes.h"
#include "ui/theme.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPalette>
#include <QPushButton>
#include <QScatterSeries>
#include <QSet>
#include <QStackedWidget>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

namespace {

constexpr int kChartMinimumWidth_px = 280;

// A single month is drawn as dots this wide: a line needs two points.
constexpr qreal kSingleMonthMarker_px = 11;
// Lines show their points while there are few enough to tell apart.
constexpr std::size_t kPointsVisibleMonthsMax = 12;
// Between a chart's table button and the chart.
constexpr int kToggleSpacing_px = 2;

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

namespace {

// Below this many pixels between two value labels they overlap, and Qt
// draws each as "…": a short or narrow chart (a small screen, 150 %) gets
// fewer ticks, so that every label it shows is whole.
constexpr qreal kValueTickSpacingMin_px = 26;
constexpr qreal kMonthLabelSpacingMin_px = 64; // "Nov/26", "nov/26" with room
constexpr const char* kAxisMaxValueProperty = "rateioMaxValue";
constexpr const char* kAxisMonthCountProperty = "rateioMonthCount";
constexpr const char* kAxisMonthTicksMaxProperty = "rateioMonthTicksMax";
constexpr const char* kChartFitsTicksProperty = "rateioFitsTicks";

void setMonthLabels(QCategoryAxis* axis, std::uint32_t first_month, int month_count, int ticks_max) {
    for (const QString& label : axis->categoriesLabels()) axis->remove(label);
    for (int index : charts::monthLabelIndices(month_count, ticks_max))
        axis->append(charts::monthAxisLabel(chain::add_months(first_month, index)), index);
}

int monthLabelsFitting(const QRectF& plot, int ticks_max) {
    if (plot.isEmpty()) return ticks_max;
    return std::clamp(int(plot.width() / kMonthLabelSpacingMin_px), 1, ticks_max);
}

void fitTicks(QChart* chart, const QRectF& plot);

// Once per chart: its axes follow the plot's size.
void fitTicksOnResize(QChart* chart) {
    if (chart->property(kChartFitsTicksProperty).toBool()) return;
    chart->setProperty(kChartFitsTicksProperty, true);
    QObject::connect(chart, &QChart::plotAreaChanged, chart, [chart](const QRectF& area) { fitTicks(chart, area); });
}

} // namespace

QCategoryAxis* addMonthAxis(QChart* chart, std::uint32_t first_month, int month_count, int ticks_max) {
    auto* axis = new QCategoryAxis(chart);
    axis->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    // Each month is one unit wide, its point in the middle.
    axis->setRange(-0.5, std::max(month_count, 1) - 0.5);
    axis->setStartValue(-0.5);
    axis->setProperty(charts::kMonthAxisFirstMonthProperty, QVariant::fromValue(first_month));
    axis->setProperty(kAxisMonthCountProperty, month_count);
    axis->setProperty(kAxisMonthTicksMaxProperty, ticks_max);
    setMonthLabels(axis, first_month, month_count, monthLabelsFitting(chart->plotArea(), ticks_max));
    styleAxis(axis, QGuiApplication::palette());
    chart->addAxis(axis, Qt::AlignBottom);
    fitTicksOnResize(chart);
    return axis;
}

namespace {

void applyValueScale(QValueAxis* axis, double max_value, int ticks_max) {
    const charts::ValueScale scale = charts::valueScale(max_value, ticks_max);
    axis->setRange(scale.min, scale.max);
    axis->setTickCount(scale.tick_count);
    axis->setLabelFormat(scale.labelFormat());
}

// As many ticks as the plot's height leaves room for, up to the usual number
// (the usual number before the chart is first laid out).
int valueTicksFitting(const QRectF& plot) {
    if (plot.isEmpty()) return charts::kValueTicksMax;
    return std::clamp(int(plot.height() / kValueTickSpacingMin_px) + 1, 2, charts::kValueTicksMax);
}

void fitTicks(QChart* chart, const QRectF& plot) {
    for (QAbstractAxis* axis : chart->axes(Qt::Horizontal)) {
        auto* months = qobject_cast<QCategoryAxis*>(axis);
        if (!months || !axis->property(kAxisMonthCountProperty).isValid()) continue;
        const int month_count = axis->property(kAxisMonthCountProperty).toInt();
        const int ticks = monthLabelsFitting(plot, axis->property(kAxisMonthTicksMaxProperty).toInt());
        if (int(charts::monthLabelIndices(month_count, ticks).size()) == months->count()) continue;
        setMonthLabels(months, axis->property(charts::kMonthAxisFirstMonthProperty).value<std::uint32_t>(), month_count, ticks);
    }
    const int ticks_max = valueTicksFitting(plot);
    for (QAbstractAxis* axis : chart->axes(Qt::Vertical)) {
        auto* values = qobject_cast<QValueAxis*>(axis);
        const QVariant max_value = axis->property(kAxisMaxValueProperty);
        if (!values || !max_value.isValid()) continue;
        const charts::ValueScale scale = charts::valueScale(max_value.toDouble(), ticks_max);
        if (values->tickCount() != scale.tick_count) applyValueScale(values, max_value.toDouble(), ticks_max);
    }
}

} // namespace

QValueAxis* addValueAxis(QChart* chart, double max_value, const QString& title) {
    auto* axis = new QValueAxis(chart);
    axis->setProperty(kAxisMaxValueProperty, max_value);
    applyValueScale(axis, max_value, valueTicksFitting(chart->plotArea()));
    axis->setTitleText(title);
    styleAxis(axis, QGuiApplication::palette());
    chart->addAxis(axis, Qt::AlignLeft);
    fitTicksOnResize(chart);
    return axis;
}

// The panels (by object name) whose member chose the table, for this session:
// the choice outlives a refresh, a switch of screens and a new window.
static QSet<QString>& panelsShowingTables() {
    static QSet<QString> chosen;
    return chosen;
}

ChartPanel::ChartPanel(QWidget* parent, QChartView* view) : QWidget(parent), view_(view) {
    setObjectName(view->objectName() + QStringLiteral("Panel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(kToggleSpacing_px);
    toggle_ = new QPushButton(this);
    toggle_->setObjectName(view->objectName() + QStringLiteral("Toggle"));
    toggle_->setFocusPolicy(Qt::StrongFocus);
    connect(toggle_, &QPushButton::clicked, this, [this] { toggleTable(); });
    layout->addWidget(toggle_, 0, Qt::AlignRight);
    stack_ = new QStackedWidget(this);
    empty_ = new QLabel(stack_);
    empty_->setObjectName(view->objectName() + QStringLiteral("Empty"));
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setMargin(16);
    table_ = new QTableWidget(stack_);
    table_->setObjectName(view->objectName() + QStringLiteral("Table"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setAlternatingRowColors(true);
    view_->setParent(stack_);
    stack_->addWidget(view_);
    stack_->addWidget(empty_);
    stack_->addWidget(table_);
    layout->addWidget(stack_, 1);
    // The button takes its height from the chart's: the screen keeps its size.
    const int panel_minimum_height_px = view_->minimumHeight();
    view_->setMinimumHeight(std::max(0, panel_minimum_height_px - toggle_->sizeHint().height() - kToggleSpacing_px));
    setMinimumHeight(panel_minimum_height_px);
}

void ChartPanel::setToggleTexts(const QString& show_table, const QString& show_chart) {
    show_table_text_ = show_table;
    show_chart_text_ = show_chart;
    toggle_->setText(tableChosen() ? show_chart_text_ : show_table_text_);
}

bool ChartPanel::tableChosen() const { return panelsShowingTables().contains(objectName()); }

void ChartPanel::toggleTable() {
    if (tableChosen()) panelsShowingTables().remove(objectName());
    else panelsShowingTables().insert(objectName());
    showChosen();
}

void ChartPanel::showChosen() {
    const bool table = tableChosen();
    toggle_->setText(table ? show_chart_text_ : show_table_text_);
    // The table is named after the chart it stands for, in the current language.
    table_->setAccessibleName(view_->chart()->title());
    stack_->setCurrentWidget(table ? static_cast<QWidget*>(table_) : view_);
}

void ChartPanel::showChart() {
    empty_shown_ = false;
    toggle_->show();
    showChosen();
}

void ChartPanel::showEmpty(const QString& text) {
    empty_shown_ = true;
    empty_->setText(text);
    toggle_->hide();
    table_->setRowCount(0);
    stack_->setCurrentWidget(empty_);
}

void ChartPanel::setTable(const QStringList& headers, const QList<QStringList>& rows) {
    table_->clear();
    table_->setColumnCount(int(headers.size()));
    table_->setHorizontalHeaderLabels(headers);
    table_->setRowCount(int(rows.size()));
    for (int row = 0; row < int(rows.size()); ++row) {
        for (int column = 0; column < int(rows[row].size()) && column < int(headers.size()); ++column) {
            auto* item = new QTableWidgetItem(rows[row][column]);
            // The first column names the row; the others are figures, right-aligned to compare.
            if (column > 0) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(row, column, item);
        }
    }
    table_->resizeColumnsToContents();
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

namespace {

// The latest `months_max` months: what the chart and its table show.
std::vector<chain::MonthAccount> latestMonths(std::vector<chain::MonthAccount> months, std::size_t months_max) {
    if (months.size() > months_max) months.erase(months.begin(), months.end() - std::ptrdiff_t(months_max));
    return months;
}

void plotMonths(QChart* chart, const std::vector<chain::MonthAccount>& months, const std::vector<MonthSeries>& lines, int date_ticks_max) {
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

} // namespace

void plotEnergyMonths(QChartView* view, std::vector<chain::MonthAccount> months, const std::vector<MonthSeries>& lines,
                      std::size_t months_max, int date_ticks_max) {
    resetChart(view->chart());
    months = latestMonths(std::move(months), months_max);
    view->setVisible(!months.empty());
    if (!months.empty()) plotMonths(view->chart(), months, lines, date_ticks_max);
}

void plotEnergyMonths(ChartPanel* panel, std::vector<chain::MonthAccount> months, const std::vector<MonthSeries>& lines,
                      std::size_t months_max, int date_ticks_max, const QString& why_empty) {
    resetChart(panel->view()->chart());
    months = latestMonths(std::move(months), months_max);
    if (months.empty()) {
        panel->showEmpty(why_empty);
        return;
    }
    plotMonths(panel->view()->chart(), months, lines, date_ticks_max);
    QStringList headers{QCoreApplication::translate("ui::ChartPanel", "Month")};
    for (const MonthSeries& line : lines) headers << line.name;
    QList<QStringList> rows;
    for (const chain::MonthAccount& m : months) {
        QStringList row{models::formatMonth(m.month)};
        for (const MonthSeries& line : lines) row << models::formatKwh(line.value(m));
        rows << row;
    }
    panel->setTable(headers, rows);
    panel->showChart();
}

} // namespace ui
