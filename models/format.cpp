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

// What one kind of amount accepts around its number and how a mistake in it is explained.
struct AmountKind {
    QStringList units; // words typed before or after the number ("R$", "kWh"), any case
    unsigned decimals;
    const char* empty_reason;
    const char* format_reason; // too many decimals, or too large
    std::uint64_t example;     // in base units, shown in the current locale in the reasons
};

// The longest text taken as an amount: far above any real figure, it keeps a
// pasted paragraph from being read.
constexpr int kAmountTextLengthMax = 40;
// Thousands are grouped by three digits ("1.234.567").
constexpr int kGroupDigits = 3;

QString exampleOf(const AmountKind& kind) { return localeDecimal(kind.example, int(kind.decimals)); }

// The text without the unit words at its start or end, trimmed.
QString withoutUnits(QString text, const QStringList& units) {
    text = text.trimmed();
    for (bool changed = true; changed;) {
        changed = false;
        for (const QString& unit : units) {
            if (unit.isEmpty()) continue;
            if (text.startsWith(unit, Qt::CaseInsensitive)) {
                text = text.mid(unit.size()).trimmed();
                changed = true;
            }
            if (text.endsWith(unit, Qt::CaseInsensitive)) {
                text.chop(unit.size());
                text = text.trimmed();
                changed = true;
            }
        }
    }
    return text;
}

// "1", "12", "123", then groups of exactly three digits: thousands as people write them.
bool validGrouping(const QStringList& groups) {
    if (groups.isEmpty() || groups.front().isEmpty() || groups.front().size() > kGroupDigits) return false;
    for (qsizetype i = 1; i < groups.size(); ++i)
        if (groups[i].size() != kGroupDigits) return false;
    return true;
}

// Digits with one '.' before the decimals, or nothing when the separators are ambiguous. `number`
// holds only digits, '.' and ','. The separator written last separates the
// decimals when both kinds appear; one kind repeated groups thousands; one
// occurrence is a thousands separator only where the locale groups with it
// and exactly three digits follow ("1.500" in pt_BR, "1,500" in English).
std::optional<QString> canonicalNumber(const QString& number) {
    const int last_dot = int(number.lastIndexOf(QLatin1Char('.')));
    const int last_comma = int(number.lastIndexOf(QLatin1Char(',')));
    QString whole = number;
    QString fraction;
    bool has_fraction = false;
    QChar thousands;
    if (last_dot >= 0 && last_comma >= 0) {
        const QChar decimal = last_dot > last_comma ? QLatin1Char('.') : QLatin1Char(',');
        thousands = last_dot > last_comma ? QLatin1Char(',') : QLatin1Char('.');
        if (number.count(decimal) != 1) return std::nullopt;
        const int at = int(number.lastIndexOf(decimal));
        whole = number.left(at);
        fraction = number.mid(at + 1);
        has_fraction = true;
    } else if (last_dot >= 0 || last_comma >= 0) {
        const QChar only = last_dot >= 0 ? QLatin1Char('.') : QLatin1Char(',');
        const QStringList parts = number.split(only);
        const bool locale_groups = QLocale().groupSeparator() == QString(only);
        const bool grouped = parts.size() > 2 || (locale_groups && validGrouping(parts));
        if (grouped) {
            thousands = only;
        } else {
            whole = parts[0];
            fraction = parts[1];
            has_fraction = true;
        }
    }
    if (!thousands.isNull()) {
        if (!validGrouping(whole.split(thousands))) return std::nullopt;
        whole.remove(thousands);
    }
    if (whole.isEmpty() || (has_fraction && fraction.isEmpty())) return std::nullopt;
    return has_fraction ? whole + QLatin1Char('.') + fraction : whole;
}

// Reads `text` as an amount of `kind` in base units: refuses a sign, letters,
// other characters and separators that do not say where the decimals begin,
// each with its own reason, so that nothing typed is silently read otherwise.
ParsedAmount parseAmount(const QString& text, const AmountKind& kind) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) return {std::nullopt, QCoreApplication::translate("models::Format", kind.empty_reason)};
    if (trimmed.size() > kAmountTextLengthMax)
        return {std::nullopt, Format::tr("This is too long to be an amount: type only the number, for example %1.").arg(exampleOf(kind))};
    static const QRegularExpression sign(QStringLiteral("[-+\\x{2212}]"));
    if (trimmed.contains(sign))
        return {std::nullopt, Format::tr("Type the amount without a sign (+ or −), for example %1.").arg(exampleOf(kind))};
    const QString number = withoutUnits(trimmed, kind.units);
    static const QRegularExpression letter(QStringLiteral("\\p{L}"));
    if (number.contains(letter))
        return {std::nullopt, Format::tr("“%1” has letters: type only the number, for example %2.").arg(trimmed, exampleOf(kind))};
    static const QRegularExpression digits_and_separators(QStringLiteral("^[0-9.,]+$"));
    if (number.isEmpty() || !digits_and_separators.match(number).hasMatch())
        return {std::nullopt, Format::tr("“%1” is not an amount: type digits only, for example %2.").arg(trimmed, exampleOf(kind))};
    const std::optional<QString> canonical = canonicalNumber(number);
    if (!canonical)
        return {std::nullopt, Format::tr("The separators in “%1” do not say where the decimals begin: use one decimal "
                                         "separator and group thousands by three, for example %2.")
                                  .arg(trimmed, exampleOf(kind))};
    const chain::units::Parsed parsed = chain::units::parse_decimal(canonical->toStdString(), kind.decimals);
    if (parsed.ok()) return {parsed.value, {}};
    return {std::nullopt, QCoreApplication::translate("models::Format", kind.format_reason)};
}

} // namespace

QString formatKw(std::uint64_t power_w) {
    if (power_w >= 1'000'000) return Format::tr("%1 MW").arg(localeDecimal(power_w / 1000, 3));
    return Format::tr("%1 kW").arg(localeDecimal(power_w, 3));
}

// Tenths of a kWh: a meter reads whole kWh, so three decimals would be noise on the screens and the PDFs.
constexpr std::uint64_t kWhPerShownTenth = 100;

QString formatKwh(std::uint64_t energy_wh) {
    const std::uint64_t tenths = energy_wh / kWhPerShownTenth + (energy_wh % kWhPerShownTenth >= kWhPerShownTenth / 2 ? 1 : 0);
    return Format::tr("%1 kWh").arg(localeDecimal(tenths, 1));
}

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
    if (hours > 0 && minutes == 0) return Format::tr("%n hour(s)", nullptr, int(hours));
    if (hours > 0) return Format::tr("%n hour(s)", nullptr, int(hours)) + QLatin1Char(' ') + Format::tr("%n minute(s)", nullptr, int(minutes));
    return Format::tr("%n minute(s)", nullptr, int(std::max<std::int64_t>(minutes, 1)));
}

ParsedAmount parseBrl(const QString& text) {
    static const AmountKind kind{{QStringLiteral("R$")}, 2, QT_TRANSLATE_NOOP("models::Format", "Enter an amount in R$."),
                                 QT_TRANSLATE_NOOP("models::Format", "Enter an amount in R$ with at most two decimals, such as 1234.56."),
                                 123456};
    return parseAmount(text, kind);
}

ParsedAmount parseKw(const QString& text) {
    static const AmountKind kind{{QStringLiteral("kW"), QStringLiteral("MW")}, 3,
                                 QT_TRANSLATE_NOOP("models::Format", "Enter a power in kW."),
                                 QT_TRANSLATE_NOOP("models::Format", "Enter a power in kW with at most three decimals, such as 75.5."),
                                 75500};
    ParsedAmount parsed = parseAmount(text, kind);
    if (parsed.ok() && text.trimmed().endsWith(QStringLiteral("MW"), Qt::CaseInsensitive)) {
        if (*parsed.value > UINT64_MAX / 1000) return {std::nullopt, QCoreApplication::translate("models::Format", kind.format_reason)};
        parsed.value = *parsed.value * 1000;
    }
    return parsed;
}

ParsedAmount parseKwh(const QString& text) {
    static const AmountKind kind{{QStringLiteral("kWh")}, 3, QT_TRANSLATE_NOOP("models::Format", "Enter an energy in kWh."),
                                 QT_TRANSLATE_NOOP("models::Format", "Enter an energy in kWh with at most three decimals, such as 350.5."),
                                 350500};
    return parseAmount(text, kind);
}

ParsedAmount parseTariff(const QString& text) {
    // Longest first, so that "R$/kWh" goes whole.
    static const AmountKind kind{{QStringLiteral("R$/kWh"), QStringLiteral("/kWh"), QStringLiteral("kWh"), QStringLiteral("R$")}, 6,
                                 QT_TRANSLATE_NOOP("models::Format", "Enter a price in R$ per kWh."),
                                 QT_TRANSLATE_NOOP("models::Format", "Enter a price in R$ per kWh with at most six decimals, such as 0.33."),
                                 330000};
    return parseAmount(text, kind);
}

ParsedAmount parseSeb(const QString& text, const QString& symbol) {
    const AmountKind kind{{QStringLiteral("SEB"), symbol}, 3, QT_TRANSLATE_NOOP("models::Format", "Enter an amount of tokens."),
                          QT_TRANSLATE_NOOP("models::Format", "Enter tokens with at most three decimals, such as 1.5."), 1500};
    return parseAmount(text, kind);
}

QString consumerUnitProblem(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) return Format::tr("Enter your consumer-unit number, as printed on your electricity bill.");
    static const QRegularExpression grouped_digits(QStringLiteral("^[0-9]+([ ./-][0-9]+)*$"));
    if (!grouped_digits.match(trimmed).hasMatch())
        return Format::tr("“%1” is not a consumer-unit number: it has only digits, sometimes grouped by dots, dashes, "
                          "spaces or a slash, as printed on your electricity bill.").arg(trimmed);
    qsizetype digit_count = 0;
    for (QChar c : trimmed) digit_count += c.isDigit() ? 1 : 0;
    if (digit_count < kConsumerUnitDigitsMin)
        return Format::tr("A consumer-unit number has at least %1 digits; “%2” has fewer. Copy it from your electricity bill.")
            .arg(kConsumerUnitDigitsMin).arg(trimmed);
    if (digit_count > kConsumerUnitDigitsMax)
        return Format::tr("A consumer-unit number has at most %1 digits; “%2” has more. Copy only that number from your "
                          "electricity bill.").arg(kConsumerUnitDigitsMax).arg(trimmed);
    return {};
}

} // namespace models
