#pragma once
// Energy credits on the desktop: the member's tariff for the savings
// estimate, the figures the Energy screen and the overview show, and the two
// documents a member exports: the monthly statement and the lista de rateio.
//
// The accounting itself is chain::energy_account (pure, integer); this layer
// only adds the member's own tariff, which is not on the ledger, and layout.

#include "models/snapshot.h"

#include "rules/energy.h"
#include "rules/rateio.h"

#include <QCoreApplication>
#include <QString>

#include <map>
#include <optional>
#include <vector>

class QSettings;

namespace models {

// What the member pays per kWh, kept in the desktop's settings: every member
// may be on another tariff, and the utility's tariffs change every year. The
// flag ANEEL set for each month (YYYYMM) is as the member's bills show it; a
// month without an entry was green. The account depends on all of it
// (chain::settle_account), and on whether the unit is low income.
using TariffSettings = chain::BillingSetup;
// Months of flags kept in the settings file: 10 years, far more than any
// account's screens show; a hand-edited file with more keeps the newest.
inline constexpr std::size_t kFlagMonthsMax = 120;

// The months Settings offers flags for: from the earliest month of my account
// (or 23 months back, whichever is earlier) to the running month, newest first.
std::vector<std::uint32_t> flagMonths(const Snapshot& snapshot);

TariffSettings loadTariffSettings(const QSettings& settings);
void saveTariffSettings(QSettings& settings, const TariffSettings& tariff);

// "green", "yellow", "red1", "red2" in settings; the translated name for screens.
QString flagKey(chain::TariffFlag flag);
std::optional<chain::TariffFlag> flagFromKey(const QString& key);
QString flagName(chain::TariffFlag flag);
inline constexpr chain::TariffFlag kTariffFlags[] = {chain::TariffFlag::Green, chain::TariffFlag::Yellow,
                                                      chain::TariffFlag::Red1, chain::TariffFlag::Red2};

// "single-phase", ... (translated), for the minimum billing of the connection.
QString connectionName(chain::Connection connection);
inline constexpr chain::Connection kConnections[] = {chain::Connection::SinglePhase, chain::Connection::TwoPhase,
                                                      chain::Connection::ThreePhase};

// "GD I", "GD II", "GD III": the names the norm and the bills use, in every language.
QString gdClassName(chain::GdClass gd_class);
// Why the month's compensation stopped short of its consumption, in plain
// words with the article; empty when it did not.
QString compensationNote(const chain::MonthAccount& month);

// "0,330000": micro-reais per kWh as R$ per kWh with six decimals, in the current locale.
QString formatTariff(std::uint64_t microbrl_per_kwh);

// Sums over every month of an account.
struct EnergyTotals {
    std::uint64_t allocated_wh = 0;
    std::uint64_t consumed_wh = 0;
    std::uint64_t credit_banked_wh = 0;
    std::uint64_t credit_used_wh = 0;
    std::uint64_t credit_expired_wh = 0;
    std::uint64_t net_savings_cents = 0;
};
EnergyTotals energyTotals(const chain::EnergyAccount& account);

// The months worth charting: from the first to the last month with a
// reading or an allocation (the running month stays out until it has one).
std::vector<chain::MonthAccount> chartedMonths(const chain::EnergyAccount& account);

// The latest month of the account that has a consumption reading.
const chain::MonthAccount* latestRecordedMonth(const chain::EnergyAccount& account);

// Plants `account` records the generation of (operating ones only).
std::vector<chain::Plant> plantsOperatedBy(const Snapshot& snapshot, const chain::AccountId& account);

// One reading the ledger recorded for a month: my consumption, or a plant's
// generation. A later reading of the same month replaces the earlier one in
// the accounts, but every one stays on the ledger.
struct RecordedReading {
    std::uint64_t energy_wh = 0;
    std::int64_t recorded_at_s = 0;
    bool operator==(const RecordedReading&) const = default;
};
// The plant id that stands for "my consumption" in the two functions below.
inline constexpr std::uint64_t kMyConsumption = 0;
// The reading in force for the month (my consumption when plant_id is
// kMyConsumption, otherwise that plant's generation), if one was recorded.
std::optional<RecordedReading> currentReading(const Snapshot& snapshot, std::uint64_t plant_id, std::uint32_t month);
// Every reading of that month, oldest first, from the snapshot's events (the
// latest kSnapshotEventsMax of the group): a correction is made soon after
// the first reading, so the readings a member corrects are among them.
std::vector<RecordedReading> readingHistory(const Snapshot& snapshot, std::uint64_t plant_id, std::uint32_t month);

struct EnergyReports {
    Q_DECLARE_TR_FUNCTIONS(models::EnergyReports)
public:
    // The member's statement for one month, in the current language, as HTML
    // ready for a PDF: allocated, consumed, credit used, balance, credit
    // expiring within 12 months, estimated savings, and the credit lots.
    static QString statementHtml(const Snapshot& snapshot, const chain::EnergyAccount& account, std::uint32_t month,
                                 const TariffSettings& tariff);
    // The lista de rateio for the utility, always in Portuguese (it is
    // handed to a Brazilian utility): the group, the utility's operating
    // plants, each consumer unit with its percentage, and the total 100,00 %.
    static QString listaDeRateioHtml(const chain::State& state, const std::string& utility,
                                     const std::map<chain::AccountId, std::string>& consumer_units);
    // What happens to a member's banked credit when they leave the group or
    // are removed (REN 1.000 art. 655-M), in plain words: `mine` speaks to the
    // member ("your"), with the balance; otherwise of "their" credit, without.
    static QString exitCreditsText(bool mine, std::uint64_t balance_wh = 0);
    // When `receiver` getting `received_w` more quota would give them 25 % or
    // more of their utility's quota for the first time, and an operating plant
    // there is above 500 kW and not dispatchable (GD II today), the warning
    // that its energy would become GD III (Lei 14.300 art. 27 §1º; REN 1.000
    // art. 655-P); otherwise empty.
    static QString gd3Warning(const Snapshot& snapshot, const chain::AccountId& receiver, std::uint64_t received_w);
    // Writes `html` as an A4 PDF; false and *error (translated) when the file cannot be written.
    static bool writePdf(const QString& html, const QString& title, const QString& path, QString* error);
    // Writes text (the CSV) to `path`; false and *error when it cannot.
    static bool writeText(const std::string& text, const QString& path, QString* error);
};

} // namespace models
