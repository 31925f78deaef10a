#include "models/energy.h"

#include "models/format.h"
#include "models/report_html.h"

#include "codec/codec.h"
#include "crypto/crypto.h"

#include <QDateTime>
#include <QFile>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSettings>
#include <QAbstractTextDocumentLayout>
#include <QTextCursor>
#include <QTextDocument>
#include <QTimeZone>

#include <algorithm>

namespace models {

namespace {

using namespace report_html;

constexpr const char* kTeKey = "tariff/te_microbrl_per_kwh";
constexpr const char* kTusdKey = "tariff/tusd_microbrl_per_kwh";
constexpr const char* kFioBKey = "tariff/fio_b_microbrl_per_kwh";
constexpr const char* kGd3ExtraKey = "tariff/gd3_extra_microbrl_per_kwh";
constexpr const char* kLowIncomeKey = "tariff/low_income";
// One key per month that was not green: tariff/flags/202501=yellow.
constexpr const char* kFlagsGroup = "tariff/flags";

// A PDF page's resolution: enough for crisp text, small files.
constexpr int kPdfResolution_dpi = 300;

// The month flags in the settings file; entries that are not a YYYYMM month
// with a known flag (a hand-edited file) are skipped.
std::map<std::uint32_t, chain::TariffFlag> loadFlags(const QSettings& settings) {
    const QString prefix = QLatin1String(kFlagsGroup) + QLatin1Char('/');
    std::map<std::uint32_t, chain::TariffFlag> flags;
    for (const QString& key : settings.allKeys()) {
        if (!key.startsWith(prefix)) continue;
        bool numeric = false;
        const std::uint32_t month = key.mid(prefix.size()).toUInt(&numeric);
        const std::optional<chain::TariffFlag> flag = flagFromKey(settings.value(key).toString());
        if (!numeric || month < 200001 || month > 219912 || month % 100 < 1 || month % 100 > 12 || !flag) continue;
        flags[month] = *flag;
    }
    while (flags.size() > kFlagMonthsMax) flags.erase(flags.begin());
    return flags;
}

// Portuguese for the lista de rateio, whatever the screen's language.
const QLocale& ptBr() {
    static const QLocale locale(QLocale::Portuguese, QLocale::Brazil);
    return locale;
}

QString kwPtBr(std::uint64_t power_w) {
    return ptBr().toString(double(power_w) / 1000.0, 'f', 3) + QStringLiteral(" kW");
}

QString datePtBr(std::int64_t time_s) {
    return ptBr().toString(QDateTime::fromSecsSinceEpoch(time_s, QTimeZone(int(chain::kBrasiliaOffsetS))).date(),
                           QStringLiteral("dd/MM/yyyy"));
}

const char* sourcePtBr(chain::PlantSource source) {
    switch (source) {
    case chain::PlantSource::Solar: return "solar fotovoltaica";
    case chain::PlantSource::Wind: return "eólica";
    case chain::PlantSource::Hydro: return "hidráulica";
    case chain::PlantSource::Biomass: return "biomassa";
    case chain::PlantSource::Biogas: return "biogás";
    case chain::PlantSource::Other: return "outra";
    }
    return "outra";
}

} // namespace

TariffSettings loadTariffSettings(const QSettings& settings) {
    const TariffSettings defaults;
    TariffSettings read;
    read.tariff.te_microbrl_per_kwh = settings.value(QLatin1String(kTeKey), qulonglong(defaults.tariff.te_microbrl_per_kwh)).toULongLong();
    read.tariff.tusd_microbrl_per_kwh = settings.value(QLatin1String(kTusdKey), qulonglong(defaults.tariff.tusd_microbrl_per_kwh)).toULongLong();
    read.tariff.fio_b_microbrl_per_kwh = settings.value(QLatin1String(kFioBKey), qulonglong(defaults.tariff.fio_b_microbrl_per_kwh)).toULongLong();
    read.tariff.gd3_extra_microbrl_per_kwh =
        settings.value(QLatin1String(kGd3ExtraKey), qulonglong(defaults.tariff.gd3_extra_microbrl_per_kwh)).toULongLong();
    read.low_income = settings.value(QLatin1String(kLowIncomeKey), false).toBool();
    // A hand-edited settings file with an impossible tariff falls back to the defaults.
    if (chain::validate_tariff(read.tariff)) read.tariff = defaults.tariff;
    read.flag_by_month = loadFlags(settings);
    return read;
}

void saveTariffSettings(QSettings& settings, const TariffSettings& tariff) {
    settings.setValue(QLatin1String(kTeKey), qulonglong(tariff.tariff.te_microbrl_per_kwh));
    settings.setValue(QLatin1String(kTusdKey), qulonglong(tariff.tariff.tusd_microbrl_per_kwh));
    settings.setValue(QLatin1String(kFioBKey), qulonglong(tariff.tariff.fio_b_microbrl_per_kwh));
    settings.setValue(QLatin1String(kGd3ExtraKey), qulonglong(tariff.tariff.gd3_extra_microbrl_per_kwh));
    settings.setValue(QLatin1String(kLowIncomeKey), tariff.low_income);
    settings.remove(QLatin1String(kFlagsGroup));
    settings.remove(QStringLiteral("tariff/flag")); // earlier builds' one flag for every month
    for (const auto& [month, flag] : tariff.flag_by_month)
        if (flag != chain::TariffFlag::Green)
            settings.setValue(QLatin1String(kFlagsGroup) + QLatin1Char('/') + QString::number(month), flagKey(flag));
}

std::vector<std::uint32_t> flagMonths(const Snapshot& snapshot) {
    if (snapshot.month == 0) return {};
    std::uint32_t first = chain::add_months(snapshot.month, -23);
    if (snapshot.my_energy_facts && !snapshot.my_energy_facts->months.empty())
        first = std::min(first, snapshot.my_energy_facts->months.front().month);
    std::vector<std::uint32_t> months;
    for (std::uint32_t m = snapshot.month; m >= first && months.size() < kFlagMonthsMax; m = chain::add_months(m, -1))
        months.push_back(m);
    return months;
}

QString flagKey(chain::TariffFlag flag) {
    switch (flag) {
    case chain::TariffFlag::Green: return QStringLiteral("green");
    case chain::TariffFlag::Yellow: return QStringLiteral("yellow");
    case chain::TariffFlag::Red1: return QStringLiteral("red1");
    case chain::TariffFlag::Red2: return QStringLiteral("red2");
    }
    return QStringLiteral("green");
}

std::optional<chain::TariffFlag> flagFromKey(const QString& key) {
    for (chain::TariffFlag flag : kTariffFlags)
        if (flagKey(flag) == key) return flag;
    return std::nullopt;
}

QString flagName(chain::TariffFlag flag) {
    switch (flag) {
    case chain::TariffFlag::Green: return EnergyReports::tr("Green flag");
    case chain::TariffFlag::Yellow: return EnergyReports::tr("Yellow flag");
    case chain::TariffFlag::Red1: return EnergyReports::tr("Red flag, level 1");
    case chain::TariffFlag::Red2: return EnergyReports::tr("Red flag, level 2");
    }
    return {};
}

QString connectionName(chain::Connection connection) {
    switch (connection) {
    case chain::Connection::SinglePhase: return EnergyReports::tr("single-phase");
    case chain::Connection::TwoPhase: return EnergyReports::tr("two-phase");
    case chain::Connection::ThreePhase: return EnergyReports::tr("three-phase");
    }
    return {};
}

QString gdClassName(chain::GdClass gd_class) { return QString::fromLatin1(chain::gd_class_name(gd_class)); }

QString compensationNote(const chain::MonthAccount& m) {
    if (m.capped_by_low_income)
        return EnergyReports::tr("As a low-income unit, only the consumption above 80 kWh is compensated (REN 1.000, art. 655-I); "
                                 "the rest of the energy stays as credit.");
    if (m.capped_by_minimum)
        return EnergyReports::tr("Compensation stopped where the bill reaches the minimum billing of the connection "
                                 "(REN 1.000, art. 655-I): the rest of the energy stays as credit.");
    return {};
}

QString formatTariff(std::uint64_t microbrl_per_kwh) {
    return QLocale().toString(double(microbrl_per_kwh) / 1e6, 'f', 6);
}

EnergyTotals energyTotals(const chain::EnergyAccount& account) {
    EnergyTotals totals;
    for (const chain::MonthAccount& m : account.months) {
        totals.allocated_wh += m.allocated_wh;
        totals.consumed_wh += m.has_consumption ? m.consumption_wh : 0;
        totals.credit_banked_wh += m.credit_banked_wh;
        totals.credit_used_wh += m.credit_used_wh;
        totals.credit_expired_wh += m.credit_expired_wh;
        totals.net_savings_cents += m.net_savings_cents;
    }
    return totals;
}

std::vector<chain::MonthAccount> chartedMonths(const chain::EnergyAccount& account) {
    std::vector<chain::MonthAccount> months = account.months;
    while (!months.empty() && !months.back().has_consumption && months.back().allocated_wh == 0) months.pop_back();
    return months;
}

const chain::MonthAccount* latestRecordedMonth(const chain::EnergyAccount& account) {
    for (auto it = account.months.rbegin(); it != account.months.rend(); ++it)
        if (it->has_consumption) return &*it;
    return nullptr;
}

std::vector<chain::Plant> plantsOperatedBy(const Snapshot& snapshot, const chain::AccountId& account) {
    std::vector<chain::Plant> operated;
    if (!snapshot.state) return operated;
    for (const chain::Plant& plant : snapshot.plants)
        if (plant.status == chain::PlantStatus::Operating && chain::plant_operator(*snapshot.state, plant) == account)
            operated.push_back(plant);
    return operated;
}

std::optional<RecordedReading> currentReading(const Snapshot& snapshot, std::uint64_t plant_id, std::uint32_t month) {
    if (!snapshot.state) return std::nullopt;
    const chain::EnergyLedger& energy = snapshot.state->energy;
    if (plant_id == kMyConsumption) {
        if (!snapshot.has_identity) return std::nullopt;
        const auto found = energy.consumption.find({snapshot.me, month});
        if (found == energy.consumption.end()) return std::nullopt;
        return RecordedReading{found->second.consumption_wh, found->second.recorded_at_s};
    }
    const auto found = energy.generation.find({plant_id, month});
    if (found == energy.generation.end()) return std::nullopt;
    return RecordedReading{found->second.generation_wh, found->second.recorded_at_s};
}

std::vector<RecordedReading> readingHistory(const Snapshot& snapshot, std::uint64_t plant_id, std::uint32_t month) {
    std::vector<RecordedReading> readings;
    for (const chain::Event& e : snapshot.events) {
        const bool mine = plant_id == kMyConsumption && snapshot.has_identity && e.kind == chain::EventKind::ConsumptionRecorded &&
                          e.actor == snapshot.me && e.object_id == month;
        const bool plants = plant_id != kMyConsumption && e.kind == chain::EventKind::GenerationRecorded && e.object_id == plant_id &&
                            e.amount2 == month;
        if (mine || plants) readings.push_back(RecordedReading{e.amount, e.time_s});
    }
    std::stable_sort(readings.begin(), readings.end(),
                     [](const RecordedReading& a, const RecordedReading& b) { return a.recorded_at_s < b.recorded_at_s; });
    return readings;
}

QString EnergyReports::statementHtml(const Snapshot& snapshot, const chain::EnergyAccount& account, std::uint32_t month,
                                     const TariffSettings& tariff) {
    const QString title = tr("Energy statement — %1").arg(formatMonth(month));
    QString html = documentHead(title);
    html += QStringLiteral("<h1>%1</h1>").arg(esc(title));
    const auto unit = snapshot.consumer_units.find(account.member);
    html += QStringLiteral("<p>") + tr("Group: %1").arg(esc(QString::fromStdString(snapshot.summary.name))) +
            QStringLiteral("<br>") + tr("Member: %1").arg(esc(snapshot.display_name(account.member))) + QStringLiteral("<br>") +
            tr("Consumer unit: %1").arg(unit == snapshot.consumer_units.end() ? tr("not known to this computer") : esc(unit->second)) +
            QStringLiteral("<br>") + tr("Address: %1").arg(addressHtml(account.member)) + QStringLiteral("</p>");

    const auto found = std::find_if(account.months.begin(), account.months.end(),
                                    [month](const chain::MonthAccount& m) { return m.month == month; });
    if (found == account.months.end()) {
        html += QStringLiteral("<p>") + tr("There is no energy data for this month.") + QStringLiteral("</p></body></html>");
        return html;
    }
    const chain::MonthAccount& m = *found;
    html += QStringLiteral("<h2>%1</h2>").arg(tr("This month")) + tableStart();
    const auto line = [&html](const QString& what, const QString& value) { html += valueRow(what, value); };
    line(tr("Consumption"), m.has_consumption ? formatKwh(m.consumption_wh) : tr("not recorded"));
    line(tr("Minimum billing (%1)").arg(esc(connectionName(m.connection))), formatKwh(m.minimum_billing_wh));
    line(tr("Allocated by the group's plants"), formatKwh(m.allocated_wh));
    line(tr("Compensated with this month's allocation"), formatKwh(m.compensated_wh));
    line(tr("Credit used"), formatKwh(m.credit_used_wh));
    for (const chain::GdClass c : chain::kGdClasses)
        if (m.offset.of(c) > 0) line(tr("Of the energy compensated, %1").arg(gdClassName(c)), formatKwh(m.offset.of(c)));
    line(tr("Credit banked"), formatKwh(m.credit_banked_wh));
    line(tr("Credit expired"), formatKwh(m.credit_expired_wh));
    line(tr("Billed at the full tariff"), formatKwh(m.billed_wh));
    line(tr("Credit balance"), formatKwh(m.credit_balance_wh));
    line(tr("Credit expiring within 12 months"), formatKwh(m.credit_expiring_next_12_wh));
    line(tr("Tariff flag"), flagName(m.flag));
    if (m.has_consumption) {
        line(tr("Energy at the full tariff"), formatBrl(m.full_tariff_cents));
        line(tr("Paid on compensated energy (Fio B and the rest of the SCEE tariff)"), formatBrl(m.scee_cents));
        line(tr("Minimum billing in R$"), formatBrl(m.minimum_cents));
        line(tr("Expected charge for energy consumed (REN 1.000, art. 655-I)"), formatBrl(m.consumed_part_cents));
    }
    line(tr("Estimated savings"), formatBrl(m.gross_savings_cents));
    line(tr("Estimated net savings"), formatBrl(m.net_savings_cents));
    html += QStringLiteral("</table>");

    html += QStringLiteral("<h2>%1</h2>").arg(tr("Credit and when it expires")) + tableStart();
    html += tableRow({tr("Banked in"), tr("Credit"), tr("Usable until")}, true);
    for (const chain::CreditLot& lot : account.open_lots)
        html += tableRow({formatMonth(lot.banked_month), formatKwh(lot.total_wh()), formatMonth(lot.last_month())});
    if (account.open_lots.empty()) html += tableRow({tr("No credit banked"), QString(), QString()});
    html += QStringLiteral("</table>");
    if (const QString why = compensationNote(m); !why.isEmpty()) html += QStringLiteral("<p>%1</p>").arg(esc(why));
    const bool member = snapshot.member(account.member) != nullptr;
    html += QStringLiteral("<h2>%1</h2><p>%2</p>")
                .arg(member ? tr("Your credit if you leave the group") : tr("You are no longer a member of the group"),
                     esc(exitCreditsText(true, account.months.empty() ? 0 : account.months.back().credit_balance_wh)));

    html += QStringLiteral("<p class=\"note\">") +
            tr("Savings estimated at your tariff without taxes: TE R$ %1/kWh, TUSD R$ %2/kWh (Fio B R$ %3/kWh), %4. "
               "Computed from the group's shared record at block %5.")
                .arg(formatTariff(tariff.tariff.te_microbrl_per_kwh), formatTariff(tariff.tariff.tusd_microbrl_per_kwh),
                     formatTariff(tariff.tariff.fio_b_microbrl_per_kwh), flagName(m.flag))
                .arg(snapshot.summary.height) +
            QStringLiteral("</p></body></html>");
    return html;
}

QString EnergyReports::exitCreditsText(bool mine, std::uint64_t balance_wh) {
    if (mine)
        return tr("Your banked credit, %1 now, stays with your consumer unit: leaving the group or being removed does not "
                  "cancel or move it, and it can be used for 60 months from the month each part was banked. It moves only "
                  "if your unit's contract with the utility ends or the unit changes hands: then to another unit of yours "
                  "served by the same utility, the one you name within 30 days (or your unit with the largest consumption); "
                  "if you have none, it stays in your name until it expires. It can go to another person's unit only if the "
                  "group's generating unit itself closes, to a unit of the group named at least 30 days before "
                  "(REN 1.000, art. 655-M).")
            .arg(formatKwh(balance_wh));
    return tr("Their banked credit stays with their consumer unit: removal does not cancel or move it. It moves only if the "
              "unit's contract ends or the unit changes hands, to another unit of the same holder in the same utility, and "
              "to another person's unit only if the group's generating unit closes (REN 1.000, art. 655-M).");
}

QString EnergyReports::gd3Warning(const Snapshot& snapshot, const chain::AccountId& receiver, std::uint64_t received_w) {
    const chain::Member* member = snapshot.member(receiver);
    if (!member || received_w == 0) return {};
    std::uint64_t utility_w = 0;
    for (const chain::Member& m : snapshot.members)
        if (m.utility == member->utility) utility_w += m.quota_w;
    if (utility_w == 0) return {};
    // Quota moves between members: the utility's total stays the same.
    const auto atLeastQuarter = [utility_w](std::uint64_t quota_w) {
        return static_cast<long double>(quota_w) * 100 >= static_cast<long double>(utility_w) * chain::kGdIIIBeneficiaryPercentMin;
    };
    const std::uint64_t after_w = member->quota_w + received_w;
    if (atLeastQuarter(member->quota_w) || !atLeastQuarter(after_w)) return {};
    QStringList plants;
    for (const chain::Plant& p : snapshot.plants)
        if (p.status == chain::PlantStatus::Operating && p.utility == member->utility && chain::fio_b_new_regime(p) &&
            p.capacity_w > chain::kGdIIICapacityAboveW && !chain::dispatchable(p.source))
            plants << QString::fromStdString(p.name);
    if (plants.isEmpty()) return {};
    return tr("Careful: %1 would then hold %2 of the quota in %3, 25 % or more. %4 would then be GD III: its compensated "
              "energy would pay the whole Fio B, 40 % of the Fio A and the TFSEE and P&D/EE charges instead of the "
              "year's share of the Fio B, for every member who receives it (Lei 14.300, art. 27 §1º; REN 1.000, art. 655-P).")
        .arg(snapshot.display_name(receiver), formatPercent(after_w, utility_w), QString::fromStdString(member->utility),
             plants.join(QStringLiteral(", ")));
}

QString EnergyReports::listaDeRateioHtml(const chain::State& state, const std::string& utility,
                                         const std::map<chain::AccountId, std::string>& consumer_units) {
    const QString title = QStringLiteral("Lista de rateio — %1").arg(esc(utility));
    QString html = documentHead(title);
    html += QStringLiteral("<h1>%1</h1>").arg(title);
    html += QStringLiteral("<p>Grupo: %1<br>Identificador do grupo: %2<br>Distribuidora: %3<br>Data: %4</p>")
                .arg(esc(state.group_name), QString::fromStdString(chain::codec::to_hex(state.group_id)), esc(utility),
                     datePtBr(state.time_s));
    html += QStringLiteral("<h2>Usinas em operação</h2>") + tableStart();
    html += tableRow({QStringLiteral("Usina"), QStringLiteral("Fonte"), QStringLiteral("Potência"), QStringLiteral("Classe"),
                      QStringLiteral("Local"), QStringLiteral("Início da operação")},
                     true);
    for (const auto& [id, plant] : state.plants) {
        if (plant.status != chain::PlantStatus::Operating || plant.utility != utility) continue;
        const bool micro = chain::plant_class(state.energy.params, plant.capacity_w) == chain::PlantClass::Microgeneration;
        html += tableRow({esc(plant.name), QString::fromUtf8(sourcePtBr(plant.source)), kwPtBr(plant.capacity_w),
                          micro ? QStringLiteral("microgeração") : QStringLiteral("minigeração"), esc(plant.location),
                          datePtBr(plant.operating_at_s)});
    }
    html += QStringLiteral("</table><h2>Unidades consumidoras</h2>") + tableStart();
    html += tableRow({QStringLiteral("Unidade consumidora"), QStringLiteral("Membro (endereço)"), QStringLiteral("Cota"),
                      QStringLiteral("Percentual")},
                     true);
    std::uint64_t total_w = 0;
    std::uint32_t total_share = 0;
    for (const chain::RateioEntry& entry : chain::lista_de_rateio(state, utility)) {
        const auto unit = consumer_units.find(entry.account);
        html += tableRow({unit == consumer_units.end() ? QString() : esc(unit->second),
                          addressHtml(entry.account), kwPtBr(entry.quota_w),
                          QString::fromStdString(chain::format_share_ptbr(entry.share_hundredths)) + QStringLiteral(" %")});
        total_w += entry.quota_w;
        total_share += entry.share_hundredths;
    }
    html += tableRow({QStringLiteral("<b>Total</b>"), QString(), kwPtBr(total_w),
                      QStringLiteral("<b>%1 %</b>").arg(QString::fromStdString(chain::format_share_ptbr(total_share)))});
    html += QStringLiteral("</table><p class=\"note\">Percentuais com duas casas decimais, arredondados pelo maior resto "
                           "para que a soma seja exatamente 100,00 %.</p></body></html>");
    return html;
}

bool EnergyReports::writePdf(const QString& html, const QString& title, const QString& path, QString* error) {
    {
        QFile probe(path);
        if (!probe.open(QIODevice::WriteOnly)) {
            if (error) *error = tr("Could not write %1: %2").arg(path, probe.errorString());
            return false;
        }
    }
    QPdfWriter writer(path);
    writer.setTitle(title);
    writer.setCreator(QStringLiteral("Rateio"));
    writer.setResolution(kPdfResolution_dpi);
    writer.setPageSize(QPageSize(QPageSize::A4));
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
    QTextDocument document;
    // Lay the text out with the PDF's own resolution: with the screen's, a
    // 10 pt font would be measured against a page of another scale.
    document.documentLayout()->setPaintDevice(&writer);
    document.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size());
    document.setHtml(html);
    // Latin text needs no shaping; without it there are no ligatures, so
    // "tariff" is extracted and copied from the PDF as typed, not as "tariﬀ".
    QTextCursor everything(&document);
    everything.select(QTextCursor::Document);
    QTextCharFormat unshaped;
    unshaped.setFontStyleStrategy(QFont::PreferNoShaping);
    everything.mergeCharFormat(unshaped);
    document.print(&writer);
    return true;
}

bool EnergyReports::writeText(const std::string& text, const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(text.data(), qint64(text.size())) != qint64(text.size()) || !file.flush()) {
        if (error) *error = tr("Could not write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace models
