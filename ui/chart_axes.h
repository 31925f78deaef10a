#pragma once
// The arithmetic of the charts' axes, kept apart from the widgets so that
// tests can check it: a value axis from zero to a round maximum whose labels
// are distinct and true at their precision, and a month axis whose labels are
// distinct months.

#include <QString>

#include <cstdint>
#include <vector>

namespace ui::charts {

// A value axis never shows more ticks than this: more would crowd a small chart.
constexpr int kValueTicksMax = 6;

struct ValueScale {
    double min = 0;
    double max = 1;
    double step = 0.2;
    int tick_count = 6;
    // Digits after the decimal point: just enough for every step to show.
    int decimals = 1;
    QString labelFormat() const; // for QValueAxis::setLabelFormat, "%.1f"
    // The label of tick `index` (0 is `min`), as the axis prints it.
    QString label(int index) const;
};

// From 0 to the smallest round value (1, 2 or 5 times a power of ten per
// step) at or above `max_value`, in at most `ticks_max` ticks. An empty or
// non-positive maximum gives 0 to 1.
ValueScale valueScale(double max_value, int ticks_max = kValueTicksMax);

// Which of `month_count` months (oldest first, one per index) get a label on
// a month axis: the latest always, then every few months back, at most
// `ticks_max` of them, oldest first. Each index is a different month, so no
// label repeats.
std::vector<int> monthLabelIndices(int month_count, int ticks_max);

// A month's short label on the axis in the current language: "Dec/26", "dez/26".
QString monthAxisLabel(std::uint32_t yyyymm);

// The property a month axis carries with the month (yyyymm) of its index 0:
// a value between two labels is then named by its own month, not by the
// next label's (labels fall only every few months).
inline constexpr char kMonthAxisFirstMonthProperty[] = "rateioFirstMonth";

// The month at `position` on a month axis whose index 0 is `first_month`:
// month i spans [i − 0.5, i + 0.5), as monthAxisPosition places moments.
std::uint32_t monthAtAxisPosition(double position, std::uint32_t first_month);

// A day in words in the current language, as the status bar and the
// overview say how recent the group's record is: "6 Dec 2026", "6 dez. 2026".
QString dayInWords(std::int64_t time_s);

// Where a moment falls on a month axis whose index 0 is `first_month`: the
// middle of month i is i, its first instant i − 0.5.
double monthAxisPosition(std::int64_t time_s, std::uint32_t first_month);

// How many months from `first_month` to `last_month`, both counted.
int monthsBetween(std::uint32_t first_month, std::uint32_t last_month);

} // namespace ui::charts
