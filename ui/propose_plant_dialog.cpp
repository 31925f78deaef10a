#include "ui/propose_plant_dialog.h"

#include "models/describe.h"
#include "models/format.h"
#include "ui/accessibility.h"
#include "ui/action.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

namespace {

// A line edit's frame and inner margins, both sides, with room for the cursor.
constexpr int kLineEditFrame_px = 16;

QLabel* fieldError(QWidget* parent, const QString& name) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->hide();
    return label;
}

QWidget* withError(QWidget* field, QLabel* error) {
    auto* box = new QWidget(field->parentWidget());
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(error);
    // The row's label (its mnemonic, its name for a screen reader) leads to the field.
    box->setFocusProxy(field);
    return box;
}

// Error lines appear under their fields after the dialog is shown: it grows
// so that every line shows whole (wrapped lines need more height than the
// dialog's size hints say).
void growToShowAll(QDialog* dialog) {
    dialog->layout()->activate();
    const int needed = std::max({dialog->heightForWidth(dialog->width()), dialog->sizeHint().height(), dialog->minimumSizeHint().height()});
    if (needed > dialog->height()) dialog->resize(dialog->width(), needed);
}

} // namespace

ProposePlantDialog::ProposePlantDialog(GroupModels* models, QWidget* parent) : QDialog(parent), models_(models) {
    setObjectName(QStringLiteral("proposePlantDialog"));
    setWindowTitle(tr("Propose a power plant"));
    const models::Snapshot& s = models_->snapshot();
    auto* form = new QFormLayout;
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("plantName"));
    source_ = new QComboBox(this);
    source_->setObjectName(QStringLiteral("plantSource"));
    for (std::uint8_t v = 1; v <= chain::kPlantSourceLast; ++v)
        source_->addItem(models::Describe::plantSource(chain::PlantSource(v)), int(v));
    capacity_ = new QLineEdit(this);
    capacity_->setObjectName(QStringLiteral("plantCapacity"));
    capacity_->setPlaceholderText(tr("in kW, for example 75 or 1.2 MW"));
    cost_ = new QLineEdit(this);
    cost_->setObjectName(QStringLiteral("plantCost"));
    cost_->setPlaceholderText(tr("in R$, for example 300,000.00"));
    utility_ = new QLineEdit(this);
    utility_->setObjectName(QStringLiteral("plantUtility"));
    if (const chain::Member* me = s.has_identity ? s.member(s.me) : nullptr) utility_->setText(QString::fromStdString(me->utility));
    location_ = new QLineEdit(this);
    location_->setObjectName(QStringLiteral("plantLocation"));
    location_->setPlaceholderText(tr("City, state"));
    time_to_market_days_ = new QSpinBox(this);
    time_to_market_days_->setObjectName(QStringLiteral("plantTimeToMarket"));
    const int minimum_days = int(s.summary.params.time_to_market_min_s / chain::kSecondsPerDay);
    time_to_market_days_->setRange(std::max(1, minimum_days), int(chain::kTimeToMarketMaxS / chain::kSecondsPerDay));
    time_to_market_days_->setValue(std::max(90, minimum_days));
    time_to_market_days_->setSuffix(tr(" days"));
    name_error_ = fieldError(this, QStringLiteral("plantNameError"));
    capacity_error_ = fieldError(this, QStringLiteral("plantCapacityError"));
    cost_error_ = fieldError(this, QStringLiteral("plantCostError"));
    utility_error_ = fieldError(this, QStringLiteral("plantUtilityError"));
    location_error_ = fieldError(this, QStringLiteral("plantLocationError"));
    ttm_error_ = fieldError(this, QStringLiteral("plantTimeToMarketError"));
    form->addRow(tr("&Name"), withError(name_, name_error_));
    form->addRow(tr("S&ource"), source_);
    form->addRow(tr("&Capacity"), withError(capacity_, capacity_error_));
    form->addRow(tr("Co&st"), withError(cost_, cost_error_));
    form->addRow(tr("&Utility"), withError(utility_, utility_error_));
    form->addRow(tr("&Location"), withError(location_, location_error_));
    form->addRow(tr("&Time to market"), withError(time_to_market_days_, ttm_error_));
    // A field is at least as wide as its example, so the example is never cut.
    for (QLineEdit* edit : {capacity_, cost_, location_})
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + kLineEditFrame_px);
    // The period is said as the rest of the app says durations ("7 days", "12 hours"): a dev group's may be under a day.
    auto* note = new QLabel(tr("The members vote on the proposal for %1. If they approve it, crowdfunding opens.")
                                .arg(models::formatRemaining(std::int64_t(s.summary.params.referendum_period_s))), this);
    note->setWordWrap(true);
    message_ = fieldError(this, QStringLiteral("plantMessage"));
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("&Propose"));
    buttons_->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("plantProposeButton"));
    buttons_->button(QDialogButtonBox::Cancel)->setText(tr("Cancel"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    // Once the form belongs to the dialog, where linkFormLabels looks for it.
    linkFormLabels(this);
    layout->addWidget(note);
    layout->addWidget(message_);
    layout->addWidget(buttons_);
    connect(buttons_, &QDialogButtonBox::accepted, this, &ProposePlantDialog::submit);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

bool ProposePlantDialog::fail(QLabel* field_error, const QString& text) {
    showError(field_error, text);
    return false;
}

// A proposal opens a vote at once and cannot be withdrawn: the question
// names the plant with its capacity and cost, and says how long the vote runs.
bool ProposePlantDialog::confirmProposal(const chain::ProposePlant& plant) {
    const std::int64_t period_s = std::int64_t(models_->snapshot().summary.params.referendum_period_s);
    return confirm(this, tr("Propose a power plant"),
                   tr("Propose the plant “%1”, %2 for %3? The members will vote on it for %4; the proposal cannot be withdrawn.")
                       .arg(QString::fromStdString(plant.name), models::formatKw(plant.capacity_w), models::formatBrl(plant.cost_cents),
                            models::formatRemaining(period_s)));
}

void ProposePlantDialog::submit() {
    for (QLabel* l : {name_error_, capacity_error_, cost_error_, utility_error_, location_error_, ttm_error_, message_}) clearMessage(l);
    const models::Snapshot& s = models_->snapshot();
    bool ok = true;
    if (name_->text().trimmed().isEmpty()) ok = fail(name_error_, tr("Enter a name for the plant."));
    const models::ParsedAmount capacity = models::parseKw(capacity_->text());
    if (!capacity.ok()) ok = fail(capacity_error_, capacity.error);
    else if (*capacity.value == 0 || *capacity.value > s.summary.params.plant_capacity_max_w)
        ok = fail(capacity_error_, tr("The capacity must be above 0 and at most %1.").arg(models::formatKw(s.summary.params.plant_capacity_max_w)));
    const models::ParsedAmount cost = models::parseBrl(cost_->text());
    if (!cost.ok()) ok = fail(cost_error_, cost.error);
    else if (*cost.value == 0) ok = fail(cost_error_, tr("Enter the cost of the plant."));
    if (utility_->text().trimmed().isEmpty()) ok = fail(utility_error_, tr("Enter the name of the distribution utility."));
    if (location_->text().trimmed().isEmpty()) ok = fail(location_error_, tr("Enter where the plant will be built."));
    if (!ok) return growToShowAll(this);
    chain::ProposePlant plant;
    plant.name = name_->text().trimmed().toStdString();
    plant.source = chain::PlantSource(source_->currentData().toInt());
    plant.capacity_w = *capacity.value;
    plant.cost_cents = *cost.value;
    plant.utility = utility_->text().trimmed().toStdString();
    plant.location = location_->text().trimmed().toStdString();
    plant.time_to_market_s = std::uint64_t(time_to_market_days_->value()) * chain::kSecondsPerDay;
    if (!confirmProposal(plant)) return;
    const quint64 request = models_->client()->submit(plant);
    buttons_->setEnabled(false);
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(models_->client(), &models::NodeClient::operationFinished, this,
                          [this, request, connection](quint64 finished, int code, const QString& english) {
        if (finished != request) return;
        disconnect(*connection);
        buttons_->setEnabled(true);
        if (code == 0) {
            accept();
            return;
        }
        // The rejection goes to the field it concerns.
        QLabel* target = message_;
        switch (chain::ErrorCode(code)) {
        case chain::ErrorCode::InvalidPlantName: target = name_error_; break;
        case chain::ErrorCode::InvalidCapacity: target = capacity_error_; break;
        case chain::ErrorCode::InvalidCost: target = cost_error_; break;
        case chain::ErrorCode::InvalidUtility: target = utility_error_; break;
        case chain::ErrorCode::InvalidLocation: target = location_error_; break;
        case chain::ErrorCode::TimeToMarketTooShort:
        case chain::ErrorCode::TimeToMarketTooLong: target = ttm_error_; break;
        default: break;
        }
        showError(target, models::Describe::rejection(code, english));
        growToShowAll(this);
    });
}

} // namespace ui
