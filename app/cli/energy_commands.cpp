// rateio-cli energy commands: record the month's consumption and a plant's
// generation, show a member's compensation account, name a plant's operator
// by referendum, and export the lista de rateio.
//
// The read commands compute over the node's committed state (after it has
// made its due blocks); the rules engine's energy functions are pure.

#include "cli/commands.h"

#include "node/units.h"
#include "rules/energy.h"
#include "rules/rateio.h"

#include <QDate>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>

#include <algorithm>

namespace cli {

namespace {

const QString kWallet = QStringLiteral("wallet");

// "2026-03" or "202603" -> 202603.
std::uint32_t month_option(Context& ctx, const QString& option) {
    QString text = ctx.required(option);
    text.remove(QLatin1Char('-'));
    bool ok = false;
    const uint month = text.toUInt(&ok);
    if (!ok || text.size() != 6 || !chain::valid_month(month))
        usage_error("--" + option.toStdString() + ": a month as YYYY-MM, e.g. 2026-03");
    return month;
}

std::uint64_t kwh_option(Context& ctx, const QString& option) {
    // kWh to Wh has the same scale as kW to W: three decimals.
    const chain::units::Parsed parsed = chain::units::parse_kw(ctx.required_text(option));
    if (!parsed.ok()) usage_error("--" + option.toStdString() + ": " + parsed.error);
    return *parsed.value;
}

chain::Connection connection_option(Context& ctx) {
    const QString text = ctx.required(QStringLiteral("connection"));
    if (text == QLatin1String("single")) return chain::Connection::SinglePhase;
    if (text == QLatin1String("two")) return chain::Connection::TwoPhase;
    if (text == QLatin1String("three")) return chain::Connection::ThreePhase;
    usage_error("--connection: single, two or three (phases)");
}

// --read-on YYYY-MM-DD, as 00:00 in Brasília that day (a date, not an
// instant: chain::brasilia_day_start_s). A day after today is refused here.
std::int64_t reading_date_option(Context& ctx) {
    const QDate date = QDate::fromString(ctx.required(QStringLiteral("read-on")), Qt::ISODate);
    if (!date.isValid()) usage_error("--read-on: a date as YYYY-MM-DD");
    const std::uint32_t month = static_cast<std::uint32_t>(date.year() * 100 + date.month());
    if (!chain::valid_month(month)) usage_error("--read-on: a date between 2000 and 2199");
    const std::int64_t read_at_s = chain::brasilia_day_start_s(QDate(1970, 1, 1).daysTo(date));
    // A remote node's clock is not known here; it runs on this machine's.
    const std::int64_t now_s = ctx.has(QStringLiteral("node-socket")) ? real_clock_s() : ctx.node().now();
    if (chain::brasilia_day(read_at_s) > chain::brasilia_day(now_s))
        usage_error("--read-on: " + date.toString(Qt::ISODate).toStdString() + " is after today in Brasília");
    return read_at_s;
}

QString kwh_text(std::uint64_t wh) { return QString::fromStdString(chain::units::format_kw(wh)).replace(" kW", " kWh"); }

QString month_text(std::uint32_t month) {
    return QStringLiteral("%1-%2").arg(month / 100).arg(month % 100, 2, 10, QLatin1Char('0'));
}

// The committed state once the node has made its due blocks.
chain::State committed_state(Context& ctx) { return ctx.node().committed_state(); }

// "0.283680" R$ per kWh -> 283680 micro-reais per kWh.
std::uint64_t tariff_option(Context& ctx, const QString& option, std::uint64_t fallback) {
    if (!ctx.has(option)) return fallback;
    const QString text = ctx.required(option);
    static const QRegularExpression price(QStringLiteral("^([0-9]{1,3})(?:\\.([0-9]{1,6}))?$"));
    const QRegularExpressionMatch match = price.match(text);
    if (!match.hasMatch()) usage_error("--" + option.toStdString() + ": a price in R$ per kWh with at most six decimals, e.g. 0.283680");
    return match.captured(1).toULongLong() * 1'000'000 + match.captured(2).leftJustified(6, QLatin1Char('0')).toULongLong();
}

// --flag 2026-03=yellow, once per month that was not green.
std::map<std::uint32_t, chain::TariffFlag> flag_options(Context& ctx) {
    static const std::pair<const char*, chain::TariffFlag> kNames[] = {{"green", chain::TariffFlag::Green},
                                                                       {"yellow", chain::TariffFlag::Yellow},
                                                                       {"red1", chain::TariffFlag::Red1},
                                                                       {"red2", chain::TariffFlag::Red2}};
    std::map<std::uint32_t, chain::TariffFlag> flags;
    for (const QString& value : ctx.values(QStringLiteral("flag"))) {
        const QStringList parts = value.split(QLatin1Char('='));
        const QString month_text = parts.value(0).remove(QLatin1Char('-'));
        bool numeric = false;
        const std::uint32_t month = month_text.toUInt(&numeric);
        const auto name = std::find_if(std::begin(kNames), std::end(kNames),
                                       [&](const auto& n) { return parts.value(1) == QLatin1String(n.first); });
        if (parts.size() != 2 || !numeric || month_text.size() != 6 || !chain::valid_month(month) || name == std::end(kNames))
            usage_error("--flag: a month and its flag, e.g. 2026-03=yellow (green, yellow, red1 or red2), not '" +
                        value.toStdString() + "'");
        flags[month] = name->second;
    }
    return flags;
}

// The member's tariff, flags and subclass: the account depends on them
// (REN 1.000 art. 655-I); absent options take Light's defaults and green.
chain::BillingSetup billing_options(Context& ctx) {
    chain::BillingSetup billing;
    chain::Tariff& t = billing.tariff;
    t.te_microbrl_per_kwh = tariff_option(ctx, QStringLiteral("te"), t.te_microbrl_per_kwh);
    t.tusd_microbrl_per_kwh = tariff_option(ctx, QStringLiteral("tusd"), t.tusd_microbrl_per_kwh);
    t.fio_b_microbrl_per_kwh = tariff_option(ctx, QStringLiteral("fio-b"), t.fio_b_microbrl_per_kwh);
    t.gd3_extra_microbrl_per_kwh = tariff_option(ctx, QStringLiteral("gd3-extra"), t.gd3_extra_microbrl_per_kwh);
    if (const std::optional<chain::Rejection> bad = chain::validate_tariff(t)) usage_error(bad->message);
    billing.low_income = ctx.has(QStringLiteral("low-income"));
    billing.flag_by_month = flag_options(ctx);
    return billing;
}

QJsonObject month_json(const chain::MonthAccount& m) {
    return {{"month", month_text(m.month)},
            {"has_consumption", m.has_consumption},
            {"connection", m.has_consumption ? QString::fromLatin1(chain::connection_name(m.connection)) : QString()},
            {"consumption_wh", static_cast<qint64>(m.consumption_wh)},
            {"minimum_billing_wh", static_cast<qint64>(m.minimum_billing_wh)},
            {"allocated_wh", static_cast<qint64>(m.allocated_wh)},
            {"compensated_wh", static_cast<qint64>(m.compensated_wh)},
            {"credit_used_wh", static_cast<qint64>(m.credit_used_wh)},
            {"credit_banked_wh", static_cast<qint64>(m.credit_banked_wh)},
            {"credit_expired_wh", static_cast<qint64>(m.credit_expired_wh)},
            {"credit_balance_wh", static_cast<qint64>(m.credit_balance_wh)},
            {"credit_expiring_next_12_months_wh", static_cast<qint64>(m.credit_expiring_next_12_wh)},
            {"billed_wh", static_cast<qint64>(m.billed_wh)},
            {"offset_gd1_wh", static_cast<qint64>(m.offset.of(chain::GdClass::GdI))},
            {"offset_gd2_wh", static_cast<qint64>(m.offset.of(chain::GdClass::GdII))},
            {"offset_gd3_wh", static_cast<qint64>(m.offset.of(chain::GdClass::GdIII))},
            {"capped_by_minimum", m.capped_by_minimum},
            {"capped_by_low_income", m.capped_by_low_income},
            {"full_tariff_cents", static_cast<qint64>(m.full_tariff_cents)},
            {"scee_cents", static_cast<qint64>(m.scee_cents)},
            {"minimum_cents", static_cast<qint64>(m.minimum_cents)},
            {"consumed_part_cents", static_cast<qint64>(m.consumed_part_cents)},
            {"minimum_applies", m.minimum_applies},
            {"savings_cents", static_cast<qint64>(m.net_savings_cents)},
            {"savings_gross_cents", static_cast<qint64>(m.gross_savings_cents)}};
}

QString month_line(const chain::MonthAccount& m) {
    return QStringLiteral("%1  consumed %2  allocated %3  offset %4  credit +%5 -%6 lost %7  balance %8  saved %9")
        .arg(month_text(m.month), m.has_consumption ? kwh_text(m.consumption_wh) : QStringLiteral("(no reading)"),
             kwh_text(m.allocated_wh), kwh_text(m.compensated_wh + m.credit_used_wh), kwh_text(m.credit_banked_wh),
             kwh_text(m.credit_used_wh), kwh_text(m.credit_expired_wh), kwh_text(m.credit_balance_wh),
             QString::fromStdString(chain::units::format_brl(m.net_savings_cents))) +
           (m.has_consumption
                ? QStringLiteral("  energy bill %1%2")
                      .arg(QString::fromStdString(chain::units::format_brl(m.consumed_part_cents)),
                           m.minimum_applies ? QStringLiteral(" (minimum)") : QString())
                : QString());
}

// The consumer-unit numbers the local wallets can read, for the utility's list.
std::map<chain::AccountId, std::string> readable_consumer_units(Context& ctx, const chain::State& state) {
    std::map<chain::AccountId, std::string> units;
    if (!ctx.has(kWallet)) return units;
    chain::LocalNode& node = ctx.node();
    node.add_member_key(ctx.unlock(ctx.required(kWallet)));
    for (const auto& [account, member] : state.members)
        if (const std::optional<chain::Profile> profile = node.profile(account)) units[account] = profile->consumer_unit;
    return units;
}

} // namespace

int record_consumption(Context& ctx) {
    chain::RecordConsumption op;
    op.month = month_option(ctx, QStringLiteral("month"));
    op.consumption_wh = kwh_option(ctx, QStringLiteral("kwh"));
    op.read_at_s = reading_date_option(ctx);
    op.connection = connection_option(ctx);
    return run_transaction(ctx, ctx.required(kWallet), op);
}

int record_generation(Context& ctx) {
    chain::RecordGeneration op;
    op.plant_id = integer_argument(ctx, 0, "plant");
    op.month = month_option(ctx, QStringLiteral("month"));
    op.generation_wh = kwh_option(ctx, QStringLiteral("kwh"));
    return run_transaction(ctx, ctx.required(kWallet), op);
}

int propose_plant_operator(Context& ctx) {
    chain::ChangePlantOperator change{integer_argument(ctx, 0, "plant"), ctx.resolve_member(ctx.argument(1))};
    chain::ProposeChange proposal{change, ctx.has("reason") ? ctx.required_text("reason") : std::string{}};
    return run_transaction(ctx, ctx.required(kWallet), std::move(proposal), describe_new_referendum);
}

int energy_account(Context& ctx) {
    const chain::AccountId member = ctx.resolve_member(ctx.argument(0));
    const chain::State state = committed_state(ctx);
    if (!state.member(member)) fail(chain::ErrorCode::UnknownMember, address_of(member) + " is not a member of the group");
    const std::uint32_t to = ctx.has("month") ? month_option(ctx, QStringLiteral("month")) : chain::month_of(state.time_s);
    const chain::EnergyAccount account = chain::energy_account(state, member, to, billing_options(ctx));
    QJsonArray months;
    QStringList lines{QStringLiteral("%1: energy account up to %2").arg(qs(address_of(member)), month_text(to))};
    for (const chain::MonthAccount& m : account.months) {
        months.append(month_json(m));
        lines << month_line(m);
    }
    QJsonArray lots;
    for (const chain::CreditLot& lot : account.open_lots)
        lots.append(QJsonObject{{"banked_month", month_text(lot.banked_month)},
                                {"last_month", month_text(lot.last_month())},
                                {"wh", static_cast<qint64>(lot.total_wh())}});
    if (account.months.empty()) lines << QStringLiteral("no readings yet");
    return ctx.done({{"address", qs(address_of(member))}, {"months", months}, {"credit_lots", lots}}, lines.join('\n'));
}

int lista_rateio(Context& ctx) {
    const chain::State state = committed_state(ctx);
    std::string utility = ctx.has("utility") ? ctx.required_text("utility") : std::string{};
    if (utility.empty()) {
        // The group's utility when all its members share one.
        for (const auto& [account, member] : state.members) {
            if (!utility.empty() && member.utility != utility) usage_error("the group spans utilities: name one with --utility");
            utility = member.utility;
        }
    }
    const std::vector<chain::RateioEntry> entries = chain::lista_de_rateio(state, utility);
    const std::map<chain::AccountId, std::string> units = readable_consumer_units(ctx, state);
    const QString out = ctx.required(QStringLiteral("out"));
    QFile file(out);
    const std::string csv = chain::lista_de_rateio_csv(state, utility, units);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(csv.data(), static_cast<qint64>(csv.size())) != static_cast<qint64>(csv.size()))
        fail(chain::ErrorCode::InvalidArgument, "cannot write " + out.toStdString());
    QJsonArray rows;
    QStringList lines{QStringLiteral("lista de rateio for %1 written to %2").arg(qs(utility), out)};
    for (const chain::RateioEntry& e : entries) {
        const auto unit = units.find(e.account);
        rows.append(QJsonObject{{"address", qs(address_of(e.account))},
                                {"consumer_unit", unit == units.end() ? QString() : qs(unit->second)},
                                {"quota_w", static_cast<qint64>(e.quota_w)},
                                {"share_hundredths_percent", static_cast<qint64>(e.share_hundredths)},
                                {"share", qs(chain::format_share_ptbr(e.share_hundredths))}});
        lines << QStringLiteral("  %1  %2 %").arg(qs(address_of(e.account)), qs(chain::format_share_ptbr(e.share_hundredths)));
    }
    return ctx.done({{"utility", qs(utility)}, {"file", out}, {"entries", rows}}, lines.join('\n'));
}

} // namespace cli
