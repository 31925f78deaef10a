#pragma once
// The bill check ("Conferir a conta"): the member types the figures of a
// utility bill, and Rateio compares them with its own account of that month
// (chain::settle_account at the member's tariff), explaining each difference
// in plain words with the article of the norm it rests on. The bills a member
// checked are the member's own data, kept in the desktop's settings file, not
// on the ledger. docs/ENERGY.md, "The bill check", states the rules.

#include "models/energy.h"

#include <QCoreApplication>
#include <QString>

#include <optional>
#include <vector>

class QSettings;

namespace models {

// What a bill says of one month, as the member typed it.
struct BillFigures {
    chain::AccountId member{};
    std::uint32_t month = 0;           // YYYYMM, the month the bill is for
    std::uint64_t consumption_wh = 0;  // "consumo" of the meter
    std::uint64_t compensated_wh = 0;  // energy compensated (injected, excedente and credit used)
    std::optional<std::uint64_t> credit_balance_wh; // credit the bill says is left
    std::optional<std::uint64_t> energy_cents;      // the charge for energy consumed, without taxes
    std::optional<std::uint64_t> fio_b_cents;       // the Fio B charged on compensated energy, when the bill shows it
    bool operator==(const BillFigures&) const = default;
};

// Whole kWh on a bill against Wh in the account: within this, they agree.
inline constexpr std::uint64_t kBillKwhToleranceWh = 1'000;
// Reais on a bill against the account at the member's tariff: within this,
// they agree (bills round each line; a tariff typed from another line may be off).
inline constexpr std::uint64_t kBillCentsTolerance = 1'00;
// Checked bills kept per member: ten years of months.
inline constexpr std::size_t kBillsKeptMax = 120;

enum class BillFinding : std::uint8_t {
    NoReading,               // Rateio has no consumption reading for the month
    ConsumptionDiffers,      // the bill's consumption is not the reading on record
    CreditsNotApplied,       // nothing compensated though energy was there
    CompensationCappedAtKwh, // GD II/III stopped at consumption − minimum (the GD I rule)
    CompensatedTooLittle,
    CompensatedTooMuch,
    CreditsExpiredEarly,     // the balance is short by the oldest lots, still valid
    BalanceDiffers,
    FioBOnGdI,               // Fio B charged on energy that pays none until 2045
    FioBAboveShare,          // more than the year's share of the Fio B
    ChargeDiffers,           // the charge for energy consumed is not art. 655-I §1º's
};

// One line of the comparison: what, Rateio's figure, the bill's, why, and the norm.
struct BillDifference {
    BillFinding finding = BillFinding::NoReading;
    QString what;
    QString expected;
    QString billed;
    QString explanation;
    QString article;
};

struct BillCheck {
    BillFigures bill;
    std::optional<chain::MonthAccount> month; // Rateio's account of the month, if it has one
    std::uint64_t expected_fio_b_cents = 0;   // the Fio B share the compensated energy pays
    std::vector<BillDifference> differences;
    bool agrees() const { return month && month->has_consumption && differences.empty(); }
};

class BillChecks {
    Q_DECLARE_TR_FUNCTIONS(models::BillChecks)
public:
    // Compares the bill with the account's month (the account settled at `tariff`).
    static BillCheck check(const chain::EnergyAccount& account, const BillFigures& bill, const TariffSettings& tariff);
    // A letter for the utility's ombudsman, in the current language, as HTML
    // for a PDF: the unit, the month, expected against billed, the articles,
    // and the ledger's evidence (the readings, the plants' generation and the
    // member's share in that month, with the block height and state root).
    static QString ombudsmanHtml(const Snapshot& snapshot, const BillCheck& check, const TariffSettings& tariff);
    // The month table's cell: "Agrees", "2 differences", or empty.
    static QString summary(const BillCheck& check);
};

// The checked bills in the settings file, every member's (a desktop may hold
// several wallets); entries that do not parse are skipped.
std::vector<BillFigures> loadBills(const QSettings& settings);
void saveBills(QSettings& settings, const std::vector<BillFigures>& bills);

} // namespace models
