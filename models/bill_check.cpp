#include "models/bill_check.h"

#include "models/format.h"
#include "models/report_html.h"

#include "codec/codec.h"
#include "crypto/crypto.h"

#include <QSettings>

#include <algorithm>
#include <set>

namespace models {

namespace {

using namespace report_html;

// One group per bill: bills/<address>_<YYYYMM>/<field>.
constexpr const char* kBillsGroup = "bills";

// Products of Wh and micro-reais exceed 64 bits.
__extension__ typedef unsigned __int128 Wide;

std::uint64_t distance(std::uint64_t a, std::uint64_t b) { return a > b ? a - b : b - a; }

QString kwh(std::uint64_t wh) { return formatKwh(wh); }

// The Fio B the compensated energy pays (of its SCEE price): the year's share
// on GD II energy, the whole Fio B on GD III's, and on GD I's from 2046.
std::uint64_t fioBCents(const chain::MonthAccount& m, const chain::Tariff& tariff) {
    const std::uint64_t percent[] = {chain::fio_b_percent(false, m.month), chain::fio_b_percent(true, m.month), 100};
    std::uint64_t hundredths_wh = 0; // Wh × percent
    for (const chain::GdClass c : chain::kGdClasses) hundredths_wh += m.offset.of(c) * percent[static_cast<std::size_t>(c)];
    // Wh × % × µR$/kWh = 10^-2 × 10^-3 × 10^-6 R$ = 10^-9 centavos.
    const Wide product = static_cast<Wide>(hundredths_wh) * tariff.fio_b_microbrl_per_kwh;
    return static_cast<std::uint64_t>((product + 500'000'000) / 1'000'000'000);
}

std::uint64_t newRegimeWh(const chain::MonthAccount& m) {
    return m.offset.of(chain::GdClass::GdII) + m.offset.of(chain::GdClass::GdIII);
}

void addDifference(BillCheck& check, BillFinding finding, const QString& what, const QString& expected, const QString& billed,
                   const QString& explanation, const QString& rests_on) {
    check.differences.push_back(BillDifference{finding, what, expected, billed, explanation, rests_on});
}

void checkCompensation(BillCheck& check, const chain::MonthAccount& m) {
    const BillFigures& bill = check.bill;
    const std::uint64_t expected_wh = m.offset.total_wh();
    const QString what = BillChecks::tr("Energy compensated");
    if (distance(bill.compensated_wh, expected_wh) <= kBillKwhToleranceWh) return;
    if (bill.compensated_wh > expected_wh) {
        addDifference(check, BillFinding::CompensatedTooMuch, what, kwh(expected_wh), kwh(bill.compensated_wh),
                      BillChecks::tr("The bill compensates more than the group's record gives your unit this month. Check that "
                                     "every plant's generation of the month is recorded on Rateio; if the utility credited too "
                                     "much, it may bill the difference later."),
                      BillChecks::tr("REN 1.000, art. 655-I §2º"));
        return;
    }
    // Energy there to compensate: this month's allocation and the credit held
    // before it (balance before + banked = used + expired + balance after).
    const std::uint64_t credit_before_wh = m.credit_used_wh + m.credit_expired_wh + m.credit_balance_wh - m.credit_banked_wh;
    const std::uint64_t available_wh = m.allocated_wh + credit_before_wh;
    if (bill.compensated_wh <= kBillKwhToleranceWh) {
        addDifference(check, BillFinding::CreditsNotApplied, what, kwh(expected_wh), kwh(bill.compensated_wh),
                      BillChecks::tr("The bill compensates nothing, though the group's plants allocated %1 to your unit this "
                                     "month and it held credit: energy and credit must offset each month's consumption, the "
                                     "oldest credit first. Ask the utility to apply the credits.")
                          .arg(kwh(m.allocated_wh)),
                      BillChecks::tr("Lei 14.300, art. 13; REN 1.000, arts. 655-G and 655-I"));
        return;
    }
    const std::uint64_t above_minimum_wh = m.consumption_wh > m.minimum_billing_wh ? m.consumption_wh - m.minimum_billing_wh : 0;
    if (newRegimeWh(m) > 0 && m.capped_by_minimum && distance(bill.compensated_wh, above_minimum_wh) <= kBillKwhToleranceWh) {
        addDifference(check, BillFinding::CompensationCappedAtKwh, what, kwh(expected_wh), kwh(bill.compensated_wh),
                      BillChecks::tr("The utility stopped compensating at the consumption above the minimum (%1 − %2 = %3). "
                                     "That is the limit for GD I energy only. Your energy is GD II or GD III: it pays part of "
                                     "the TUSD, so compensation goes on until the bill's value, not its kWh, reaches the "
                                     "minimum: %4. The difference, %5, was billed at the full tariff.")
                          .arg(kwh(m.consumption_wh), kwh(m.minimum_billing_wh), kwh(above_minimum_wh), kwh(expected_wh),
                               kwh(expected_wh - bill.compensated_wh)),
                      BillChecks::tr("REN 1.000, art. 655-I §2º I"));
        return;
    }
    addDifference(check, BillFinding::CompensatedTooLittle, what, kwh(expected_wh), kwh(bill.compensated_wh),
                  BillChecks::tr("By the group's record, %1 of energy was there for this month (its allocation and the credit "
                                 "held), and %2 of it should have been compensated, up to the month's consumption and the "
                                 "minimum. If your quota changed recently, the utility may still apply the old lista de "
                                 "rateio: it must apply a new one from the billing cycle after the request.")
                      .arg(kwh(available_wh), kwh(expected_wh)),
                  BillChecks::tr("REN 1.000, arts. 655-H §1º and 655-I §2º"));
}

void checkBalance(BillCheck& check, const chain::MonthAccount& m, const chain::EnergyAccount& account) {
    if (!check.bill.credit_balance_wh) return;
    const std::uint64_t billed_wh = *check.bill.credit_balance_wh;
    const std::uint64_t expected_wh = m.credit_balance_wh;
    if (distance(billed_wh, expected_wh) <= kBillKwhToleranceWh) return;
    const QString what = BillChecks::tr("Credit balance");
    if (billed_wh < expected_wh && m.month == account.months.back().month) {
        // Short by the oldest lots, still within their 60 months: expired early.
        std::uint64_t oldest_wh = 0;
        for (const chain::CreditLot& lot : account.open_lots) {
            oldest_wh += lot.total_wh();
            if (distance(expected_wh - billed_wh, oldest_wh) > kBillKwhToleranceWh) continue;
            addDifference(check, BillFinding::CreditsExpiredEarly, what, kwh(expected_wh), kwh(billed_wh),
                          BillChecks::tr("The bill's balance is short by %1, the credit banked up to %2. Credit lasts 60 "
                                         "months: that credit can still be used until %3.")
                              .arg(kwh(expected_wh - billed_wh), formatMonth(lot.banked_month),
                                   formatMonth(account.open_lots.front().last_month())),
                          BillChecks::tr("Lei 14.300, art. 13; REN 1.000, art. 655-L"));
            return;
        }
    }
    addDifference(check, BillFinding::BalanceDiffers, what, kwh(expected_wh), kwh(billed_wh),
                  billed_wh < expected_wh
                      ? BillChecks::tr("The bill shows less credit than the group's record: the energy not used in a month "
                                       "becomes credit of your unit and stays with it.")
                      : BillChecks::tr("The bill shows more credit than the group's record. Check that your readings and the "
                                       "plants' generation are recorded on Rateio."),
                  BillChecks::tr("REN 1.000, art. 655-G §4º"));
}

void checkFioB(BillCheck& check, const chain::MonthAccount& m, const TariffSettings& tariff) {
    if (!check.bill.fio_b_cents) return;
    const std::uint64_t billed = *check.bill.fio_b_cents;
    const QString what = BillChecks::tr("Fio B on compensated energy");
    if (newRegimeWh(m) == 0 && chain::fio_b_percent(false, m.month) == 0) {
        if (billed == 0) return;
        addDifference(check, BillFinding::FioBOnGdI, what, formatBrl(0), formatBrl(billed),
                      BillChecks::tr("Your compensated energy is GD I (its plant's access was requested before 8 January "
                                     "2023): it pays no Fio B until 2045."),
                      BillChecks::tr("Lei 14.300, art. 26; REN 1.000, art. 655-O"));
        return;
    }
    if (billed <= check.expected_fio_b_cents + kBillCentsTolerance) return;
    addDifference(check, BillFinding::FioBAboveShare, what, formatBrl(check.expected_fio_b_cents), formatBrl(billed),
                  BillChecks::tr("In %1 compensated GD II energy pays %2 % of the Fio B (R$ %3 per kWh at your tariff): on "
                                 "%4 that is %5. The bill charges more.")
                      .arg(QString::number(m.month / 100), QString::number(chain::fio_b_percent(true, m.month)),
                           formatTariff(tariff.tariff.fio_b_microbrl_per_kwh), kwh(newRegimeWh(m)),
                           formatBrl(check.expected_fio_b_cents)),
                  BillChecks::tr("Lei 14.300, art. 27; REN 1.000, art. 655-Q"));
}

void checkCharge(BillCheck& check, const chain::MonthAccount& m) {
    if (!check.bill.energy_cents) return;
    const std::uint64_t billed = *check.bill.energy_cents;
    if (distance(billed, m.consumed_part_cents) <= kBillCentsTolerance) return;
    addDifference(check, BillFinding::ChargeDiffers, BillChecks::tr("Charge for energy consumed"), formatBrl(m.consumed_part_cents),
                  formatBrl(billed),
                  BillChecks::tr("The charge for energy consumed is the greater of the minimum (%1) and the energy not "
                                 "compensated at the full tariff (%2) plus what the compensated energy pays (%3). Rateio "
                                 "uses your tariff from Settings, without taxes: check that it is your bill's.")
                      .arg(formatBrl(m.minimum_cents), formatBrl(m.full_tariff_cents), formatBrl(m.scee_cents)),
                  BillChecks::tr("REN 1.000, art. 655-I §1º"));
}

QString billKey(const BillFigures& bill) {
    return QStringLiteral("%1/%2_%3")
        .arg(QLatin1String(kBillsGroup), QString::fromStdString(chain::codec::to_hex(bill.member)))
        .arg(bill.month);
}

} // namespace

BillCheck BillChecks::check(const chain::EnergyAccount& account, const BillFigures& bill, const TariffSettings& tariff) {
    BillCheck check;
    check.bill = bill;
    const auto found = std::find_if(account.months.begin(), account.months.end(),
                                    [&bill](const chain::MonthAccount& m) { return m.month == bill.month; });
    if (found == account.months.end() || !found->has_consumption) {
        if (found != account.months.end()) check.month = *found;
        addDifference(check, BillFinding::NoReading, tr("Consumption"), tr("not recorded"), kwh(bill.consumption_wh),
                      tr("Rateio has no reading of your consumption for %1: record the bill's consumption on the Energy "
                         "screen first, then check the bill.")
                          .arg(formatMonth(bill.month)),
                      QString());
        return check;
    }
    const chain::MonthAccount& m = *found;
    check.month = m;
    check.expected_fio_b_cents = fioBCents(m, tariff.tariff);
    if (distance(bill.consumption_wh, m.consumption_wh) > kBillKwhToleranceWh)
        addDifference(check, BillFinding::ConsumptionDiffers, tr("Consumption"), kwh(m.consumption_wh), kwh(bill.consumption_wh),
                      tr("The bill's consumption is not the reading you recorded. If the bill is right, record the "
                         "month's reading again with its figure: the rest of this comparison uses your recorded reading."),
                      QString());
    checkCompensation(check, m);
    checkBalance(check, m, account);
    checkFioB(check, m, tariff);
    checkCharge(check, m);
    return check;
}

QString BillChecks::summary(const BillCheck& check) {
    if (!check.month || !check.month->has_consumption) return tr("no reading to compare");
    if (check.agrees()) return tr("Agrees");
    return tr("%n difference(s)", nullptr, int(check.differences.size()));
}

QString BillChecks::ombudsmanHtml(const Snapshot& snapshot, const BillCheck& check, const TariffSettings& tariff) {
    const BillFigures& bill = check.bill;
    const QString title = tr("Bill of %1: differences from the energy compensation due").arg(formatMonth(bill.month));
    QString html = documentHead(title);
    html += QStringLiteral("<h1>%1</h1>").arg(esc(title));
    const auto unit = snapshot.consumer_units.find(bill.member);
    html += QStringLiteral("<p>") + tr("To the ombudsman (ouvidoria) of the distribution utility.") + QStringLiteral("</p><p>") +
            tr("Account holder: %1").arg(esc(snapshot.display_name(bill.member))) + QStringLiteral("<br>") +
            tr("Consumer unit: %1").arg(unit == snapshot.consumer_units.end() ? tr("not known to this computer") : esc(unit->second)) +
            QStringLiteral("<br>") + tr("Billing month: %1").arg(esc(formatMonth(bill.month))) + QStringLiteral("<br>") +
            tr("Shared generation group: %1").arg(esc(QString::fromStdString(snapshot.summary.name))) + QStringLiteral("</p>");
    html += QStringLiteral("<p>") +
            tr("The unit takes part in the electricity compensation system (SCEE) through the group's shared generation. "
               "The figures below compare the bill with the compensation due under REN ANEEL 1.000/2021 and Lei "
               "14.300/2022, computed from the group's shared record. I ask that the bill be reviewed and corrected.") +
            QStringLiteral("</p>");

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Expected and billed")) + tableStart();
    html += tableRow({tr("Item"), tr("Expected"), tr("Billed"), tr("Rests on")}, true);
    for (const BillDifference& d : check.differences)
        html += tableRow({esc(d.what), esc(d.expected), esc(d.billed), esc(d.article)});
    html += QStringLiteral("</table>");
    html += QStringLiteral("<h2>%1</h2><ol>").arg(tr("Why"));
    for (const BillDifference& d : check.differences)
        html += QStringLiteral("<li><b>%1.</b> %2 (%3)</li>").arg(esc(d.what), esc(d.explanation), esc(d.article));
    html += QStringLiteral("</ol>");

    if (check.month) {
        const chain::MonthAccount& m = *check.month;
        html += QStringLiteral("<h2>%1</h2>").arg(tr("The compensation due")) + tableStart();
        const auto line = [&html](const QString& what, const QString& value) { html += valueRow(what, value); };
        line(tr("Consumption recorded"), kwh(m.consumption_wh));
        line(tr("Minimum billing (%1)").arg(esc(connectionName(m.connection))), kwh(m.minimum_billing_wh));
        line(tr("Energy allocated to the unit this month"), kwh(m.allocated_wh));
        line(tr("Credit used"), kwh(m.credit_used_wh));
        for (const chain::GdClass c : chain::kGdClasses)
            if (m.offset.of(c) > 0) line(tr("Compensated, %1").arg(gdClassName(c)), kwh(m.offset.of(c)));
        line(tr("Credit balance after the month"), kwh(m.credit_balance_wh));
        line(tr("Expected charge for energy consumed, without taxes"), formatBrl(m.consumed_part_cents));
        html += QStringLiteral("</table>");
        if (const QString why = compensationNote(m); !why.isEmpty()) html += QStringLiteral("<p>%1</p>").arg(esc(why));
    }

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Evidence from the group's record")) + tableStart();
    html += tableRow({tr("Reading"), tr("Energy"), tr("Recorded"), tr("Block")}, true);
    const auto heightOf = [&snapshot](chain::EventKind kind, std::uint64_t object_id, std::uint64_t amount2, std::int64_t time_s) {
        for (const chain::Event& e : snapshot.events)
            if (e.kind == kind && e.object_id == object_id && e.amount2 == amount2 && e.time_s == time_s)
                return QString::number(e.height);
        return tr("before block %1").arg(snapshot.summary.height);
    };
    if (snapshot.state) {
        const chain::State& state = *snapshot.state;
        if (const auto c = state.energy.consumption.find({bill.member, bill.month}); c != state.energy.consumption.end())
            html += tableRow({tr("Consumption of the unit (revision %1)").arg(c->second.revision), kwh(c->second.consumption_wh),
                              esc(formatDateTime(c->second.recorded_at_s)),
                              heightOf(chain::EventKind::ConsumptionRecorded, bill.month, 0, c->second.recorded_at_s)});
        for (const auto& [key, reading] : state.energy.generation) {
            if (key.second != bill.month) continue;
            const auto plant = state.plants.find(key.first);
            if (plant == state.plants.end()) continue;
            const std::map<chain::AccountId, std::uint64_t> shares =
                chain::allocate_generation(state, plant->second, key.second, reading.generation_wh);
            const auto mine = shares.find(bill.member);
            if (mine == shares.end()) continue;
            html += tableRow({tr("Generation of %1 (revision %2); the unit's part: %3, %4")
                                  .arg(esc(plant->second.name))
                                  .arg(reading.revision)
                                  .arg(kwh(mine->second), formatPercent(mine->second, reading.generation_wh)),
                              kwh(reading.generation_wh), esc(formatDateTime(reading.recorded_at_s)),
                              heightOf(chain::EventKind::GenerationRecorded, key.first, bill.month, reading.recorded_at_s)});
        }
    }
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p class=\"note\">") +
            tr("The unit's part of each plant follows its share of the group's quota, day by day, as in the lista de rateio. "
               "Figures from the group's shared record at block %1, state root %2. Any member can prove each figure "
               "against that root. Tariff used, without taxes: TE R$ %3/kWh, TUSD R$ %4/kWh (Fio B R$ %5/kWh).")
                .arg(snapshot.summary.height)
                .arg(QString::fromStdString(chain::codec::to_hex(snapshot.summary.state_root)),
                     formatTariff(tariff.tariff.te_microbrl_per_kwh), formatTariff(tariff.tariff.tusd_microbrl_per_kwh),
                     formatTariff(tariff.tariff.fio_b_microbrl_per_kwh)) +
            QStringLiteral("</p></body></html>");
    return html;
}

std::vector<BillFigures> loadBills(const QSettings& settings) {
    std::vector<BillFigures> bills;
    const QString prefix = QLatin1String(kBillsGroup) + QLatin1Char('/');
    std::set<QString> seen;
    for (const QString& key : settings.allKeys()) {
        if (!key.startsWith(prefix)) continue;
        const QString group = key.section(QLatin1Char('/'), 0, 1);
        if (!seen.insert(group).second) continue;
        const QStringList parts = group.section(QLatin1Char('/'), 1, 1).split(QLatin1Char('_'));
        BillFigures bill;
        chain::Bytes member;
        const bool member_ok = parts.size() == 2 && chain::codec::from_hex(parts[0].toStdString(), member) &&
                               member.size() == bill.member.size();
        bool month_ok = false;
        bill.month = parts.value(1).toUInt(&month_ok);
        if (!member_ok || !month_ok || !chain::valid_month(bill.month)) continue;
        std::copy(member.begin(), member.end(), bill.member.begin());
        const auto number = [&](const char* field) -> std::optional<std::uint64_t> {
            const QVariant value = settings.value(group + QLatin1Char('/') + QLatin1String(field));
            bool ok = false;
            const std::uint64_t n = value.toULongLong(&ok);
            return value.isValid() && ok ? std::optional<std::uint64_t>(n) : std::nullopt;
        };
        const std::optional<std::uint64_t> consumption = number("consumption_wh");
        const std::optional<std::uint64_t> compensated = number("compensated_wh");
        if (!consumption || !compensated) continue;
        bill.consumption_wh = *consumption;
        bill.compensated_wh = *compensated;
        bill.credit_balance_wh = number("credit_balance_wh");
        bill.energy_cents = number("energy_cents");
        bill.fio_b_cents = number("fio_b_cents");
        bills.push_back(bill);
    }
    // Newest first within the bound: a hand-edited file with more keeps the latest.
    std::sort(bills.begin(), bills.end(), [](const BillFigures& a, const BillFigures& b) { return a.month > b.month; });
    if (bills.size() > kBillsKeptMax) bills.resize(kBillsKeptMax);
    return bills;
}

void saveBills(QSettings& settings, const std::vector<BillFigures>& bills) {
    settings.remove(QLatin1String(kBillsGroup));
    for (const BillFigures& bill : bills) {
        const QString group = billKey(bill);
        const auto put = [&](const char* field, std::optional<std::uint64_t> value) {
            if (value) settings.setValue(group + QLatin1Char('/') + QLatin1String(field), qulonglong(*value));
        };
        put("consumption_wh", bill.consumption_wh);
        put("compensated_wh", bill.compensated_wh);
        put("credit_balance_wh", bill.credit_balance_wh);
        put("energy_cents", bill.energy_cents);
        put("fio_b_cents", bill.fio_b_cents);
    }
}

} // namespace models
