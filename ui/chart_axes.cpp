#include "ui/chart_axes.h"

#include "rules/energy.h"

#include <QDate>
#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace ui::charts {

namespace {

// A step of 1, 2 or 5 times a power of ten: labels stay round numbers.
constexpr double kRoundMantissas[] = {1.0, 2.0, 5.0, 10.0};
// Below this a value is drawn as zero: far under the least kWh the app prints.
constexpr double kSmallestStep = 1e-6;

double roundStepAtLeast(double raw_step) {
    const double power = std::pow(10.0, std::floor(std::log10(raw_step)));
    for (double mantissa : kRoundMantissas)
        if (mantissa * power >= raw_step * (1 - 1e-9)) return mantissa * power;
    return 10.0 * power;
}

int decimalsFor(double step) {
    // A step of 10^-d (times 1, 2 or 5) needs d decimals; whole steps need none.
    return std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
}

} // namespace

QString ValueScale::labelFormat() const { return QStringLiteral("%.%1f").arg(decimals); }

QString ValueScale::label(int index) const { return QString::number(min + step * index, 'f', decimals); }

ValueScale valueScale(double max_value, int ticks_max) {
    ticks_max = std::max(ticks_max, 2);
    ValueScale scale;
    if (!std::isfinite(max_value) || max_value <= 0) max_value = 1.0;
    scale.step = std::max(roundStepAtLeast(max_value / (ticks_max - 1)), kSmallestStep);
    const int steps = std::max(1, int(std::ceil(max_value / scale.step - 1e-9)));
    scale.min = 0;
    scale.max = scale.step * steps;
    scale.tick_count = steps + 1;
    scale.decimals = decimalsFor(scale.step);
    return scale;
}

std::vector<int> monthLabelIndices(int month_count, int ticks_max) {
    std::vector<int> indices;
    if (month_count <= 0) return indices;
    ticks_max = std::max(ticks_max, 1);
    const int last = month_count - 1;
    const int step = ticks_max == 1 ? month_count : std::max(1, (last + ticks_max - 2) / (ticks_max - 1));
    for (int index = last; index >= 0 && int(indices.size()) < ticks_max; index -= step) indices.push_back(index);
    std::reverse(indices.begin(), indices.end());
    return indices;
}

QString monthAxisLabel(std::uint32_t yyyymm) {
    const QDate first(int(yyyymm / 100), int(yyyymm % 100), 1);
    // Portuguese abbreviations end in a dot ("dez."), which reads oddly before the slash.
    QString month = QLocale().toString(first, QStringLiteral("MMM"));
    if (month.endsWith(QLatin1Char('.'))) month.chop(1);
    return month + QLatin1Char('/') + QLocale().toString(first, QStringLiteral("yy"));
}

std::uint32_t monthAtAxisPosition(double position, std::uint32_t first_month) {
    const int index = std::max(0, int(std::floor(position + 0.5)));
    return chain::add_months(first_month, index);
}

QString dayInWords(std::int64_t time_s) {
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(time_s).date(), QStringLiteral("d MMM yyyy"));
}

int monthsBetween(std::uint32_t first_month, std::uint32_t last_month) {
    const int first = int(first_month / 100) * 12 + int(first_month % 100) - 1;
    const int last = int(last_month / 100) * 12 + int(last_month % 100) - 1;
    return last - first + 1;
}

double monthAxisPosition(std::int64_t time_s, std::uint32_t first_month) {
    const std::uint32_t month = chain::month_of(time_s);
    const std::int64_t start_s = chain::month_start_s(month);
    const std::int64_t length_s = chain::month_start_s(chain::add_months(month, 1)) - start_s;
    const double fraction = length_s > 0 ? double(time_s - start_s) / double(length_s) : 0.0;
    return double(monthsBetween(first_month, month) - 1) - 0.5 + fraction;
}

} // namespace ui::charts
