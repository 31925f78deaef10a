#pragma once
// Formatting and parsing of the amounts the screens show and the forms take,
// in the current QLocale (pt_BR: "R$ 1.234,56", "75,5 kW"; en: "R$1,234.56").
// Parsing ends in chain::units, so the ledger records exactly what was typed.

#include <QDate>
#include <QString>

#include <cstdint>
#include <optional>

namespace models {

QString formatKw(std::uint64_t power_w);       // "75 kW", "1,5 MW" from 1 MW up
// "350 kWh", "1.234,5 kWh": at most one decimal (rounded half up), as bills show energy.
QString formatKwh(std::uint64_t energy_wh);
QString formatMonth(std::uint64_t yyyymm);     // "outubro 2026", "October 2026"
QString formatBrl(std::uint64_t amount_cents); // "R$ 1.234,56"
QString formatSeb(std::uint64_t amount_msb, const QString& symbol = QStringLiteral("SEB"));
QString formatPercent(std::uint64_t part, std::uint64_t whole); // "33,33 %"
QString formatDate(std::int64_t time_s);
// The calendar day in Brasília of a Unix time: the day the ledger's energy rules count in,
// whatever the machine's own time zone (a machine on UTC is a day ahead from 21:00 in Brasília).
QDate brasiliaDate(std::int64_t time_s);
QString formatDateTime(std::int64_t time_s);
// "3 days 4 hours", "5 hours 10 minutes", "closed" for a non-positive span.
QString formatRemaining(std::int64_t seconds);

// A parse result: the value in base units, or a translated reason.
struct ParsedAmount {
    std::optional<std::uint64_t> value;
    QString error;
    bool ok() const { return value.has_value(); }
};

// Every parser refuses, each with its own translated reason: an empty field,
// a sign (+ or -), letters other than the unit, other characters, and
// separators that do not say where the decimals begin ("1.2.3", "1,23.4,5").
// "1.234,56", "1234.56", "R$ 1.234,56" -> centavos; thousands separators allowed.
ParsedAmount parseBrl(const QString& text);
// "75", "75,5", "1,2 MW", "500 kW" -> W.
ParsedAmount parseKw(const QString& text);
// "350", "350,5", "1.234,5 kWh" -> Wh.
ParsedAmount parseKwh(const QString& text);
// "0,330000", "R$ 0,33" (R$ per kWh) -> micro-reais per kWh.
ParsedAmount parseTariff(const QString& text);
// "1,5", "1.5 SEB" (or the group's own token symbol) -> milli-SEB.
ParsedAmount parseSeb(const QString& text, const QString& symbol = QStringLiteral("SEB"));

// The consumer-unit number ("unidade consumidora", "instalação", "conta
// contrato"), as distributors print it on the bill: digits, optionally grouped
// by single spaces, dots, dashes or a slash. Cemig prints a 10-digit
// installation number, Enel and Light numbers of 7 to 10 digits, Neoenergia
// and Equatorial a "conta contrato" of up to 12, Energisa a unit such as
// "5/1234567-8", and small rural cooperatives number their units from a few
// digits. The minimum accepts those short numbers while refusing a slip such
// as "12"; the maximum covers the 12-digit conta contrato with a check digit
// and a region prefix, and refuses a pasted bar code (44 or 48 digits).
// The ledger's own check (any non-empty text) is unchanged: old blocks replay.
inline constexpr int kConsumerUnitDigitsMin = 4;
inline constexpr int kConsumerUnitDigitsMax = 15;
// An empty string when `text` is a consumer-unit number, otherwise the translated reason.
QString consumerUnitProblem(const QString& text);

} // namespace models
