#pragma once
// Chart views of the screens in the current theme, the month-by-month energy
// lines (kWh over a month axis) shared by the Energy screen and the overview's
// credit chart, and the axes every chart builds from ui/chart_axes.h.

#include "rules/energy.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <vector>

class QCategoryAxis;
class QChart;
class QChartView;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;
class QValueAxis;

namespace ui {

struct MonthSeries {
    QString name;
    QColor color;
    std::function<std::uint64_t(const chain::MonthAccount&)> value; // Wh
};

// A chart view with the screens' common look.
QChartView* makeChartView(QWidget* parent, const QString& name, int minimum_height_px, Qt::Alignment legend);

// One line per series over the latest `months_max` of `months` (a single
// month as points, since a line needs two); the view is hidden when there is
// no month to show. The axes come from ui/chart_axes.h.
void plotEnergyMonths(QChartView* view, std::vector<chain::MonthAccount> months, const std::vector<MonthSeries>& lines,
                      std::size_t months_max, int date_ticks_max = 7);

// A month axis at the bottom: index 0 is `first_month`, labels on distinct
// months in the current language.
QCategoryAxis* addMonthAxis(QChart* chart, std::uint32_t first_month, int month_count, int ticks_max);
// A value axis on the left from 0 to a round maximum at or above `max_value`.
QValueAxis* addValueAxis(QChart* chart, double max_value, const QString& title);
// Removes every series and axis, and paints the chart in the application's
// current palette (so that a dark theme gives a dark chart).
void resetChart(QChart* chart);

class ChartPanel;

// The same lines on a panel (ui::ChartPanel): the chart, its table of the
// same values (a row per month, a column per line, in kWh), or when there is
// no month the sentence `why_empty`.
void plotEnergyMonths(ChartPanel* panel, std::vector<chain::MonthAccount> months, const std::vector<MonthSeries>& lines,
                      std::size_t months_max, int date_ticks_max, const QString& why_empty);

// A chart, or in its place a sentence saying why there is nothing to draw
// (an empty pie or an empty line would look like data). Above it a button
// turns the chart into a table of the same values and back (issue 16, point
// 18: a screen reader reads a table, not a drawing); the choice is kept per
// panel (by its object name) for the rest of the session.
class ChartPanel : public QWidget {
public:
    ChartPanel(QWidget* parent, QChartView* view);
    QChartView* view() const { return view_; }
    QLabel* emptyLabel() const { return empty_; }
    QTableWidget* table() const { return table_; }
    QPushButton* toggleButton() const { return toggle_; }
    // The button's two texts, each with a letter of its own in its window.
    void setToggleTexts(const QString& show_table, const QString& show_chart);
    // The chart, or its table when the member chose the table.
    void showChart();
    // The sentence instead of the chart; there is no table to offer then.
    void showEmpty(const QString& text);
    // The table's header texts and rows: the chart's values, formatted.
    void setTable(const QStringList& headers, const QList<QStringList>& rows);
    bool tableChosen() const;

private:
    void toggleTable();
    void showChosen();

    QPushButton* toggle_;
    QStackedWidget* stack_;
    QChartView* view_;
    QLabel* empty_;
    QTableWidget* table_;
    QString show_table_text_;
    QString show_chart_text_;
    bool empty_shown_ = false;
};

} // namespace ui
