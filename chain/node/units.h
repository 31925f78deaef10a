#pragma once
// Parsing and formatting of the amounts people type and read: kW, R$, SEB,
// percentages. Pure integer arithmetic, no floating point: "1.5" kW is
// exactly 1500 W, and a value with more decimals than its base unit holds
// is refused rather than rounded, so that what a person types is what the
// ledger records. Used by the command-line client and the GUI.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chain::units {

// A parsed amount in base units, or why the text is not one (English).
struct Parsed {
    std::optional<std::uint64_t> value;
    std::string error;
    bool ok() const { return value.has_value(); }
};

// Kilowatts to W, at most 3 decimals: "75" -> 75000, "1.5" -> 1500.
Parsed parse_kw(std::string_view text);
// Reais to centavos, at most 2 decimals: "150000.00" -> 15000000.
Parsed parse_brl(std::string_view text);
// SEB to milli-SEB, at most 3 decimals: "1.25" -> 1250.
Parsed parse_seb(std::string_view text);
// A whole number (W, days, ids, heights): "42" -> 42.
Parsed parse_integer(std::string_view text);

// Parses a non-negative decimal with at most `decimals` digits after the
// separator ('.' or ','; no thousands separators) into value * 10^decimals.
Parsed parse_decimal(std::string_view text, unsigned decimals);

// "1.5 kW", "75 kW", "0.001 kW": trailing zeros dropped.
std::string format_kw(std::uint64_t power_w);
// Brazilian formatting: "R$ 1.234,56".
std::string format_brl(std::uint64_t amount_cents);
// Always three decimals: "1.000 SEB" (symbol given, since a group names its token).
std::string format_seb(std::uint64_t amount_msb, std::string_view symbol = "SEB");
// part/whole as a percentage with two decimals, rounded half up: "33.33 %".
// A zero whole gives "0.00 %".
std::string format_percent(std::uint64_t part, std::uint64_t whole);
// part/whole in hundredths of a percent (basis points), rounded half up.
std::uint64_t basis_points(std::uint64_t part, std::uint64_t whole);

} // namespace chain::units
