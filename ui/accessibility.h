#pragma once
// What a screen reader (Orca, through AT-SPI) is told about the widgets Qt
// cannot name by itself: a chart is read as its title, with its values as
// the description (a chart is a picture; this is its table alternative).

class QChart;
class QString;
class QWidget;

namespace ui {

// Installs the accessibility factory for charts; once per process is enough,
// more calls do nothing.
void installAccessibility();

// Makes each label of a form row (QFormLayout) the buddy of its field, under
// `root`: the field is then named by its label for a screen reader, and the
// label's mnemonic (Alt+underlined letter) moves the focus to the field.
void linkFormLabels(QWidget* root);

// A chart's values in words, one series after another, in the current
// language: "Balance: Jan/25 120 kWh, Feb/25 130 kWh. Used: …".
QString describeChartValues(const QChart* chart);

} // namespace ui
