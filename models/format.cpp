#include "models/format.h"

#include "rules/energy.h"
#include "node/units.h"

#include <QCoreApplication>
#include <QtCore/qcoreapplication.h>
#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>

namespace models {

namespace {

// The translation context of this file's strings.
struct Format {
    Q_DECLARE_TR_FUNCTIONS(models::Format)
};

// value / 10^decimals in the current locale, trailing zeros dropped.
QString localeDecimal(std::uint64_t value, int decimals, int decimals_min = 0) {
    std::uint64_t scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const std::uint64_t whole = value / scale;
    std::uint64_t fraction = value % scale;
    int digits = decimals;
    while (digits > decimals_min && fraction % 10 == 0 && fraction != 0) {
        fraction /= 10;
        --digits;
    }
    if (fraction == 0) digits = decimals_min;
    const QLocale locale;
    QString text = locale.toString(static_cast<qulonglong>(whole));
    if (digits > 0) {
        QString fraction_text = QString::number(fraction).rightJustified(digits, QLatin1Char('0'));
        if (fraction == 0) fraction_text = QString(digits, QLatin1Char('0'));
        text += locale.decimalPoint() + fraction_text;
    }
    return text;
}

// Removes the currency or unit, spaces and thousands separators, leaving
// digits and one decimal separator for chain::units to read.
QString normalizedNumber(QString text) {
    text.remove(QRegularExpression(QStringLiteral("[^0-9.,]")));
    const int last_dot = text.lastIndexOf(QLatin1Char('.'));
    const int last_comma = text.lastIndexOf(QLatin1Char(','));
    if (last_dot >= 0 && last_comma >= 0) {
        // Both present: the later one separates the decimals.
        const QChar thousands = last_dot > last_comma ? QLatin1Char(',') : QLatin1Char('.');
        text.remove(thousands);
        return text;
    }
    // One kind, repeated or followed by exactly three digits in the locale
    // that groups with it: a thousands separator.
    const QString group = QLocale().groupSeparator();
    const QChar only = last_dot >= 0 ? QLatin1Char('.') : QLatin1Char(',');
    const bool grouped = text.count(only) > 1 ||
                         (group == QString(only) &&
                          QRegularExpression(QStringLiteral("^\\d{1,3}([.,]\\d{3})+$")).match(text).hasMatch());
    if ((last_dot >= 0 || last_comma >= 0) && grouped) text.remove(only);
    return text;
}

ParsedAmount fromUnits(const chain::units::Parsed& parsed, const char* what) {
    if (parsed.ok()) return {parsed.value, {}};
    return {std::nullopt, QCoreApplication::translate("models::Format", what)};
}

} // namespace

QString formatKw(std::uint64_t power_w) {
    if (power_w >= 1'000'000) return Format::tr("%1 MW").arg(localeDecimal(power_w / 1000, 3));
    return Format::tr("%1 kW").arg(localeDecimal(power_w, 3));
}

QString formatKwh(std::uint64_t energy_wh) { return Format::tr("%1 kWh").arg(localeDecimal(energy_wh, 3)); }

QString formatMonth(std::uint64_t yyyymm) {
    const QDate first(static_cast<int>(yyyymm / 100), static_cast<int>(yyyymm % 100), 1);
    if (!first.isValid()) return QString::number(yyyymm);
    return QLocale().toString(first, QStringLiteral("MMMM yyyy"));
}

QString formatBrl(std::uint64_t amount_cents) {
    return QStringLiteral("R$ ") + localeDecimal(amount_cents, 2, 2);
}

QString formatSeb(std::uint64_t amount_msb, const QString& symbol) {
    return localeDecimal(amount_msb, 3) + QLatin1Char(' ') + symbol;
}

QString formatPercent(std::uint64_t part, std::uint64_t whole) {
    return localeDecimal(chain::units::basis_points(part, whole), 2, 2) + QStringLiteral(" %");
}

QString formatDate(std::int64_t time_s) {
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(time_s).date(), QLocale::ShortFormat);
}

QDate brasiliaDate(std::int64_t time_s) {
    return QDate(1970, 1, 1).addDays(chain::brasilia_day(time_s));
}

QString formatDateTime(std::int64_t time_s) {
    return QLocale().toString(QDateTime::fromSecsSinceEpoch(time_s), QLocale::ShortFormat);
}

QString formatRemaining(std::int64_t seconds) {
    if (seconds <= 0) return Format::tr("closed");
    const std::int64_t days = seconds / 86400;
    const std::int64_t hours = (seconds % 86400) / 3600;
    const std::int64_t minutes = (seconds % 3600) / 60;
    if (days > 0 && hours == 0) return Format::tr("%n day(s)", nullptr, int(days));
    if (days > 0) return Format::tr("%n day(s)", nullptr, int(days)) + QLatin1Char(' ') + Format::tr("%n hour(s)", nullptr, int(hours));
    if (hours > 0) return Format::tr("%n hour(s)", nullptr, int(hours)) + QLatin1Char(' ') + Format::tr("%n minute(s)", nullptr, int(minutes));
    return Format::tr("%n minute(s)", nullptr, int(std::max<std::int64_t>(minutes, 1)));
}

ParsedAmount parseBrl(const QString& text) {
    if (text.trimmed().isEmpty()) return {std::nullopt, Format::tr("Enter an amount in R$.")};
    const QString number = normalizedNumber(text);
    return fromUnits(chain::units::parse_brl(number.toStdString()),
                     QT_TRANSLATE_NOOP("models::Format", "Enter an amount in R$ with at most two decimals, such as 1234.56."));
}

ParsedAmount parseKw(const QString& text) {
    if (text.trimmed().isEmpty()) return {std::nullopt, Format::tr("Enter a power in kW.")};
    const bool megawatts = text.contains(QStringLiteral("MW"), Qt::CaseInsensitive);
    const QString number = normalizedNumber(text);
    const char* problem = QT_TRANSLATE_NOOP("models::Format", "Enter a power in kW with at most three decimals, such as 75.5.");
    ParsedAmount parsed = fromUnits(chain::units::parse_kw(number.toStdString()), problem);
    if (parsed.ok() && megawatts) {
        if (*parsed.value > UINT64_MAX / 1000) return {std::nullopt, QCoreApplication::translate("models::Format", problem)};
        parsed.value = *parsed.value * 1000;
    }
    return parsed;
}
ParsedAmount parseKwh(const QString& text) {
    if (text.trimmed().isEmpty()) return {std::nullopt, Format::tr("Enter an energy in kWh.")};
    QString number = normalizedNumber(text);
    return fromUnits(chain::units::parse_decimal(number.toStdString(), 3),
                     QT_TRANSLATE_NOOP("models::Format", "Enter an energy in kWh with at most three decimals, such as 350.5."));
}

ParsedAmount parseTariff(const QString& text) {
    if (text.trimmed().isEmpty()) return {std::nullopt, Format::tr("Enter a price in R$ per kWh.")};
    return fromUnits(chain::units::parse_decimal(normalizedNumber(text).toStdString(), 6),
                     QT_TRANSLATE_NOOP("models::Format", "Enter a price in R$ per kWh with at most six decimals, such as 0.33."));
}

ParsedAmount parseSeb(const QString& text) {
    if (text.trimmed().isEmpty()) return {std::nullopt, Format::tr("Enter an amount of tokens.")};
    return fromUnits(chain::units::parse_seb(normalizedNumber(text).toStdString()),
                     QT_TRANSLATE_NOOP("models::Format", "Enter tokens with at most three decimals, such as 1.5."));
}

} // namespace models
