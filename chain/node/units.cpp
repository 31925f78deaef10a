#include "node/units.h"

#include <limits>

namespace chain::units {

namespace {

constexpr unsigned kDecimalsMax = 18; // 10^18 still fits in 64 bits
constexpr std::size_t kAmountTextLengthMax = 64;

Parsed failure(std::string message) { return Parsed{std::nullopt, std::move(message)}; }

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

bool all_digits(std::string_view text) {
    for (char c : text)
        if (c < '0' || c > '9') return false;
    return true;
}

// value * 10 + digit, false on overflow.
bool push_digit(std::uint64_t& value, char digit) {
    const auto d = static_cast<std::uint64_t>(digit - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - d) / 10) return false;
    value = value * 10 + d;
    return true;
}

std::string digits_of(std::uint64_t value, unsigned width) {
    std::string text = std::to_string(value);
    if (text.size() < width) text.insert(0, width - text.size(), '0');
    return text;
}

// "1234567" -> "1.234.567": the Brazilian thousands separator.
std::string group_thousands(std::uint64_t value) {
    const std::string plain = std::to_string(value);
    std::string out;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        if (i > 0 && (plain.size() - i) % 3 == 0) out += '.';
        out += plain[i];
    }
    return out;
}

} // namespace

Parsed parse_decimal(std::string_view raw, unsigned decimals) {
    if (decimals > kDecimalsMax) return failure("too many decimals requested");
    const std::string_view text = trim(raw);
    if (text.empty()) return failure("no amount given");
    if (text.size() > kAmountTextLengthMax) return failure("the amount is too long");
    if (text.front() == '-') return failure("the amount cannot be negative");

    const std::size_t separator = text.find_first_of(".,");
    const std::string_view whole = text.substr(0, separator);
    const std::string_view fraction =
        separator == std::string_view::npos ? std::string_view{} : text.substr(separator + 1);
    const bool has_separator = separator != std::string_view::npos;
    if (whole.empty() || !all_digits(whole) || !all_digits(fraction) || (has_separator && fraction.empty()))
        return failure("'" + std::string(text) + "' is not a number (use digits and at most one '.' or ',')");
    if (fraction.size() > decimals)
        return failure("'" + std::string(text) + "' has more than " + std::to_string(decimals) +
                       (decimals == 1 ? " decimal" : " decimals"));

    std::uint64_t value = 0;
    bool fits = true;
    for (char c : whole) fits = fits && push_digit(value, c);
    for (char c : fraction) fits = fits && push_digit(value, c);
    for (std::size_t i = fraction.size(); i < decimals; ++i) fits = fits && push_digit(value, '0');
    if (!fits) return failure("'" + std::string(text) + "' is too large");
    return Parsed{value, {}};
}

Parsed parse_kw(std::string_view text) { return parse_decimal(text, 3); }
Parsed parse_brl(std::string_view text) { return parse_decimal(text, 2); }
Parsed parse_seb(std::string_view text) { return parse_decimal(text, 3); }
// Heights, ids, counts and versions are not amounts: their errors say "number".
Parsed parse_integer(std::string_view raw) {
    const std::string_view text = trim(raw);
    if (!text.empty() && text.front() == '-') return failure("the number cannot be negative");
    const std::size_t separator = text.find_first_of(".,");
    if (separator != std::string_view::npos && separator > 0 && separator + 1 < text.size() &&
        all_digits(text.substr(0, separator)) && all_digits(text.substr(separator + 1)))
        return failure("'" + std::string(text) + "' is not a whole number");
    return parse_decimal(text, 0);
}

std::string format_kw(std::uint64_t power_w) {
    std::string text = std::to_string(power_w / 1000);
    std::uint64_t rest_w = power_w % 1000;
    if (rest_w != 0) {
        std::string fraction = digits_of(rest_w, 3);
        while (fraction.back() == '0') fraction.pop_back();
        text += '.' + fraction;
    }
    return text + " kW";
}

std::string format_brl(std::uint64_t amount_cents) {
    return "R$ " + group_thousands(amount_cents / 100) + ',' + digits_of(amount_cents % 100, 2);
}

std::string format_seb(std::uint64_t amount_msb, std::string_view symbol) {
    return std::to_string(amount_msb / 1000) + '.' + digits_of(amount_msb % 1000, 3) + ' ' +
           std::string(symbol);
}

std::uint64_t basis_points(std::uint64_t part, std::uint64_t whole) {
    if (whole == 0) return 0;
    // 128-bit intermediate: part * 10000 overflows 64 bits above ~1.8e15.
    __extension__ typedef unsigned __int128 Wide;
    const Wide scaled = static_cast<Wide>(part) * 10000u * 2u + whole;
    const Wide rounded = scaled / (static_cast<Wide>(whole) * 2u);
    const Wide limit = std::numeric_limits<std::uint64_t>::max();
    return static_cast<std::uint64_t>(rounded > limit ? limit : rounded);
}

std::string format_percent(std::uint64_t part, std::uint64_t whole) {
    const std::uint64_t bp = basis_points(part, whole);
    return std::to_string(bp / 100) + '.' + digits_of(bp % 100, 2) + " %";
}

} // namespace chain::units
