#include "ui/energy_page.h"

#include "models/energy.h"
#include "models/format.h"
#include "ui/action.h"
#include "ui/bill_check_dialog.h"
#include "ui/energy_chart.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace ui {

namespace {

// The reading form offers the running month and the months before it.
constexpr int kReadingMonthsOffered = 12;
// The charts show two years: a season's credit is used in the next.
constexpr std::size_t kChartMonthsMax = 24;
// At most this many month names fit under each of the two charts side by side.
constexpr int kChartMonthTicksMax = 7;


QTableWidget* makeTable(QWidget* parent, const QString& name) {
    auto* table = new QTableWidget(parent);
    table->setObjectName(name);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}

QTableWidgetItem* numberItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

EnergyPage::EnergyPage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("energyPage"));
    auto* layout = new QVBoxLayout(this);
    heading_ = makeHeading(this);
    subheading_ = new QLabel(this);
    subheading_->setObjectName(QStringLiteral("energySubheading"));
    subheading_->setWordWrap(true);
    layout->addWidget(heading_);
    layout->addWidget(subheading_);

    auto* cards = new QGridLayout;
    buildCards(cards);
    layout->addLayout(cards);

    auto* charts = new QHBoxLayout;
    monthly_chart_ = makeChartView(this, QStringLiteral("energyMonthlyChart"), 230, Qt::AlignBottom);
    credit_chart_ = makeChartView(this, QStringLiteral("energyCreditChart"), 230, Qt::AlignBottom);
    monthly_panel_ = new ChartPanel(this, monthly_chart_);
    credit_panel_ = new ChartPanel(this, credit_chart_);
    monthly_panel_->emptyLabel()->setObjectName(QStringLiteral("energyMonthlyChartEmpty"));
    credit_panel_->emptyLabel()->setObjectName(QStringLiteral("energyCreditChartEmpty"));
    charts->addWidget(monthly_panel_, 1);
    charts->addWidget(credit_panel_, 1);
    layout->addLayout(charts, 3);

    auto* bottom = new QHBoxLayout;
    tables_ = new QTabWidget(this);
    tables_->setObjectName(QStringLiteral("energyTables"));
    lots_table_ = makeTable(tables_, QStringLiteral("energyLots"));
    months_table_ = makeTable(tables_, QStringLiteral("energyMonths"));
    tables_->addTab(lots_table_, QString());
    tables_->addTab(months_table_, QString());
    connect(months_table_, &QTableWidget::cellActivated, this, [this](int row, int) {
        if (const QTableWidgetItem* item = months_table_->item(row, 10)) openBillCheck(item->data(Qt::UserRole).toUInt());
    });
    bottom->addWidget(tables_, 3);
    bottom->addWidget(buildReadingForm(), 2);
    bottom->addWidget(buildExports(), 2);
    layout->addLayout(bottom, 2);
    retranslateUi();
    refresh();
}

void EnergyPage::buildCards(QGridLayout* cards) {
    cards->addWidget(makeCard(this, &balance_caption_, &balance_value_, &balance_detail_, QStringLiteral("energyBalance")), 0, 0);
    cards->addWidget(makeCard(this, &month_caption_, &month_value_, &month_detail_, QStringLiteral("energyMonth")), 0, 1);
    cards->addWidget(makeCard(this, &savings_caption_, &savings_value_, &savings_detail_, QStringLiteral("energySavings")), 0, 2);
    cards->addWidget(makeCard(this, &expired_caption_, &expired_value_, &expired_detail_, QStringLiteral("energyExpired")), 0, 3);
    // Long details wrap rather than widen the window.
    for (QLabel* detail : {balance_detail_, month_detail_, savings_detail_, expired_detail_}) detail->setWordWrap(true);
}

QGroupBox* EnergyPage::buildReadingForm() {
    reading_box_ = new QGroupBox(this);
    reading_box_->setObjectName(QStringLiteral("energyReadingBox"));
    // The wrapped lines under the form sit in a box layout: a form layout
    // underestimates the height of wrapped lines that span its columns.
    auto* box_layout = new QVBoxLayout(reading_box_);
    auto* form = new QFormLayout;
    box_layout->addLayout(form);
    reading_of_label_ = new QLabel(reading_box_);
    reading_of_ = new QComboBox(reading_box_);
    reading_of_->setObjectName(QStringLiteral("readingOf"));
    reading_month_label_ = new QLabel(reading_box_);
    reading_month_ = new QComboBox(reading_box_);
    reading_month_->setObjectName(QStringLiteral("readingMonth"));
    reading_kwh_label_ = new QLabel(reading_box_);
    reading_kwh_ = new QLineEdit(reading_box_);
    reading_kwh_->setObjectName(QStringLiteral("readingKwh"));
    reading_date_label_ = new QLabel(reading_box_);
    reading_date_ = new QDateEdit(reading_box_);
    reading_date_->setObjectName(QStringLiteral("readingDate"));
    reading_date_->setCalendarPopup(true);
    reading_connection_label_ = new QLabel(reading_box_);
    reading_connection_ = new QComboBox(reading_box_);
    reading_connection_->setObjectName(QStringLiteral("readingConnection"));
    record_ = new QPushButton(reading_box_);
    record_->setObjectName(QStringLiteral("recordReading"));
    reading_message_ = new QLabel(reading_box_);
    reading_message_->setObjectName(QStringLiteral("readingMessage"));
    reading_message_->setWordWrap(true);
    reading_history_ = new QLabel(reading_box_);
    reading_history_->setObjectName(QStringLiteral("readingHistory"));
    reading_history_->setWordWrap(true);
    reading_history_->hide();
    form->addRow(reading_of_label_, reading_of_);
    form->addRow(reading_month_label_, reading_month_);
    form->addRow(reading_kwh_label_, reading_kwh_);
    form->addRow(reading_date_label_, reading_date_);
    form->addRow(reading_connection_label_, reading_connection_);
    form->addRow(record_);
    box_layout->addWidget(reading_message_);
    box_layout->addWidget(reading_history_);
    connect(record_, &QPushButton::clicked, this, &EnergyPage::recordReading);
    connect(reading_kwh_, &QLineEdit::returnPressed, this, &EnergyPage::recordReading);
    connect(reading_of_, &QComboBox::currentIndexChanged, this, [this] {
        const bool consumption = reading_of_->currentData().toULongLong() == 0;
        for (QWidget* w : {static_cast<QWidget*>(reading_date_label_), static_cast<QWidget*>(reading_date_),
                           static_cast<QWidget*>(reading_connection_label_), static_cast<QWidget*>(reading_connection_)})
            w->setVisible(consumption);
        refreshReadingHistory();
    });
    connect(reading_month_, &QComboBox::currentIndexChanged, this, [this] { refreshReadingHistory(); });
    return reading_box_;
}

QGroupBox* EnergyPage::buildExports() {
    exports_box_ = new QGroupBox(this);
    exports_box_->setObjectName(QStringLiteral("energyExportsBox"));
    auto* layout = new QVBoxLayout(exports_box_);
    check_bill_ = new QPushButton(exports_box_);
    check_bill_->setObjectName(QStringLiteral("checkBill"));
    layout->addWidget(check_bill_);
    layout->addSpacing(8);
    connect(check_bill_, &QPushButton::clicked, this, [this] { openBillCheck(0); });
    statement_month_label_ = new QLabel(exports_box_);
    statement_month_ = new QComboBox(exports_box_);
    statement_month_->setObjectName(QStringLiteral("statementMonth"));
    save_statement_ = new QPushButton(exports_box_);
    save_statement_->setObjectName(QStringLiteral("saveStatement"));
    lista_utility_label_ = new QLabel(exports_box_);
    lista_utility_ = new QComboBox(exports_box_);
    lista_utility_->setObjectName(QStringLiteral("listaUtility"));
    save_lista_csv_ = new QPushButton(exports_box_);
    save_lista_csv_->setObjectName(QStringLiteral("saveListaCsv"));
    save_lista_pdf_ = new QPushButton(exports_box_);
    save_lista_pdf_->setObjectName(QStringLiteral("saveListaPdf"));
    export_message_ = new QLabel(exports_box_);
    export_message_->setObjectName(QStringLiteral("exportMessage"));
    export_message_->setWordWrap(true);
    // The labels name their fields and move the focus there (Alt+their letter).
    statement_month_label_->setBuddy(statement_month_);
    lista_utility_label_->setBuddy(lista_utility_);
    layout->addWidget(statement_month_label_);
    layout->addWidget(statement_month_);
    layout->addWidget(save_statement_);
    layout->addSpacing(8);
    layout->addWidget(lista_utility_label_);
    layout->addWidget(lista_utility_);
    auto* lista_buttons = new QHBoxLayout;
    lista_buttons->addWidget(save_lista_csv_);
    lista_buttons->addWidget(save_lista_pdf_);
    layout->addLayout(lista_buttons);
    layout->addWidget(export_message_);
    layout->addStretch(1);
    connect(save_statement_, &QPushButton::clicked, this, &EnergyPage::saveStatement);
    connect(save_lista_csv_, &QPushButton::clicked, this, [this] { saveLista(false); });
    connect(save_lista_pdf_, &QPushButton::clicked, this, [this] { saveLista(true); });
    return exports_box_;
}

void EnergyPage::retranslateUi() {
    heading_->setText(title());
    balance_caption_->setText(tr("My credit balance"));
    month_caption_->setText(tr("Latest month on record"));
    savings_caption_->setText(tr("Estimated savings"));
    expired_caption_->setText(tr("Credit lost to expiry"));
    monthly_chart_->chart()->setTitle(tr("Allocated to me and consumed, month by month"));
    credit_chart_->chart()->setTitle(tr("My credit: banked, used and balance"));
    monthly_panel_->setToggleTexts(tr("Show &allocation as table"), tr("Show &allocation as chart"));
    credit_panel_->setToggleTexts(tr("S&how credit as table"), tr("S&how credit as chart"));
    tables_->setTabText(0, tr("Credit and &when it expires"));
    tables_->setTabText(1, tr("Month &by month"));
    lots_table_->setColumnCount(3);
    lots_table_->setHorizontalHeaderLabels({tr("Banked in"), tr("Credit"), tr("Usable until")});
    lots_table_->setAccessibleName(tr("Credit and when it expires"));
    months_table_->setAccessibleName(tr("Month by month"));
    months_table_->setColumnCount(11);
    months_table_->setHorizontalHeaderLabels({tr("Month"), tr("Consumed"), tr("Allocated"), tr("Credit used"), tr("Credit banked"),
                                              tr("Balance"), tr("Expired"), tr("Energy charge"), tr("Tariff flag"), tr("Net savings"),
                                              tr("Your bill")});
    months_table_->setToolTip(tr("Double-click a month to check its bill."));
    reading_box_->setTitle(tr("Record a reading"));
    reading_of_label_->setText(tr("Read&ing of"));
    reading_month_label_->setText(tr("&Month"));
    reading_kwh_label_->setText(tr("Energy (&kWh)"));
    reading_kwh_->setPlaceholderText(tr("as on the bill, e.g. 350"));
    reading_date_label_->setText(tr("Me&ter read on"));
    reading_connection_label_->setText(tr("C&onnection"));
    record_->setText(tr("R&ecord reading"));
    exports_box_->setTitle(tr("Bills and documents"));
    check_bill_->setText(tr("Check &your bill…"));
    check_bill_->setToolTip(tr("Type your electricity bill's figures: Rateio compares them with the group's record and "
                               "explains each difference."));
    statement_month_label_->setText(tr("Mo&nthly statement"));
    save_statement_->setText(tr("&Save statement (PDF)…"));
    lista_utility_label_->setText(tr("&Lista de rateio for the utility"));
    save_lista_csv_->setText(tr("&CSV…"));
    save_lista_pdf_->setText(tr("&PDF…"));
    // The combos' texts depend on the language: rebuilt on refresh.
    reading_of_->clear();
    reading_month_->clear();
    reading_connection_->clear();
    statement_month_->clear();
}

void EnergyPage::refresh() {
    const models::Snapshot& s = models_->snapshot();
    const bool mine = models_->myEnergy().has_value();
    if (!s.has_identity)
        subheading_->setText(tr("Watch-only: you see the group's lista de rateio; members see their own credits here."));
    else if (!mine)
        subheading_->setText(tr("Once you are a member, the energy the group's plants allocate to you shows here."));
    else if (!s.member(s.me)) {
        const std::vector<chain::MonthAccount>& months = models_->myEnergy()->months;
        subheading_->setText(tr("You are no longer a member of the group. %1")
                                 .arg(models::EnergyReports::exitCreditsText(true, months.empty() ? 0 : months.back().credit_balance_wh)));
    }
    else {
        const auto unit = s.consumer_units.find(s.me);
        const chain::Member* me = s.member(s.me);
        subheading_->setText(tr("Consumer unit %1 · %2 · credit valid for 60 months, used oldest first")
                                 .arg(unit != s.consumer_units.end() ? unit->second : tr("unknown"),
                                      me ? QString::fromStdString(me->utility) : QString()));
    }
    refreshCards();
    refreshMonthlyChart();
    refreshCreditChart();
    refreshTables();
    refreshReadingForm();
    refreshExports();
}

void EnergyPage::refreshCards() {
    const QString none = tr("—");
    if (!models_->myEnergy()) {
        for (QLabel* value : {balance_value_, month_value_, savings_value_, expired_value_}) value->setText(none);
        for (QLabel* detail : {balance_detail_, month_detail_, savings_detail_, expired_detail_}) detail->setText(QString());
        return;
    }
    const chain::EnergyAccount& account = *models_->myEnergy();
    const models::EnergyTotals totals = models::energyTotals(account);
    const chain::MonthAccount* last = account.months.empty() ? nullptr : &account.months.back();
    balance_value_->setText(models::formatKwh(last ? last->credit_balance_wh : 0));
    balance_detail_->setText(tr("%1 of it expires within 12 months").arg(models::formatKwh(last ? last->credit_expiring_next_12_wh : 0)));
    const chain::MonthAccount* recorded = models::latestRecordedMonth(account);
    if (recorded) {
        month_value_->setText(models::formatMonth(recorded->month));
        month_detail_->setText(tr("Consumed %1, allocated %2")
                                   .arg(models::formatKwh(recorded->consumption_wh), models::formatKwh(recorded->allocated_wh)));
    } else {
        month_value_->setText(none);
        month_detail_->setText(tr("No reading recorded yet"));
    }
    savings_value_->setText(models::formatBrl(totals.net_savings_cents));
    savings_detail_->setText(recorded ? tr("%1 in %2")
                                            .arg(models::formatBrl(recorded->net_savings_cents),
                                                 models::formatMonth(recorded->month))
                                      : tr("At your tariff, set in Settings"));
    expired_value_->setText(models::formatKwh(totals.credit_expired_wh));
    expired_detail_->setText(account.open_lots.empty()
                                 ? tr("No credit waiting to be used")
                                 : tr("Next to expire: %1 at the end of %2")
                                       .arg(models::formatKwh(account.open_lots.front().total_wh()),
                                            models::formatMonth(account.open_lots.front().last_month())));
}

// A chart with no month would be an empty frame: a sentence says why instead.
QString EnergyPage::whyNoMonth() const {
    return !models_->myEnergy() ? tr("Your energy account starts when you become a member of the group.")
                                          : tr("Nothing to draw yet: the chart starts with the first month that has a reading "
                                               "of your consumption or energy allocated to you.");
}

void EnergyPage::refreshMonthlyChart() {
    const std::vector<chain::MonthAccount> months = models_->myEnergy() ? models::chartedMonths(*models_->myEnergy()) : std::vector<chain::MonthAccount>{};
    plotEnergyMonths(monthly_panel_, months,
                     {{tr("Allocated"), QColor(0x43, 0xa0, 0x47), [](const chain::MonthAccount& m) { return m.allocated_wh; }},
                      {tr("Consumed"), QColor(0x1e, 0x88, 0xe5),
                       [](const chain::MonthAccount& m) { return m.has_consumption ? m.consumption_wh : 0; }}},
                     kChartMonthsMax, kChartMonthTicksMax, whyNoMonth());
}

void EnergyPage::refreshCreditChart() {
    const std::vector<chain::MonthAccount> months = models_->myEnergy() ? models::chartedMonths(*models_->myEnergy()) : std::vector<chain::MonthAccount>{};
    plotEnergyMonths(credit_panel_, months,
                     {{tr("Balance"), QColor(0x2e, 0x7d, 0x32), [](const chain::MonthAccount& m) { return m.credit_balance_wh; }},
                      {tr("Banked"), QColor(0x66, 0xbb, 0x6a), [](const chain::MonthAccount& m) { return m.credit_banked_wh; }},
                      {tr("Used"), QColor(0xff, 0x8f, 0x00), [](const chain::MonthAccount& m) { return m.credit_used_wh; }},
                      {tr("Expired"), QColor(0xc6, 0x28, 0x28), [](const chain::MonthAccount& m) { return m.credit_expired_wh; }}},
                     kChartMonthsMax, kChartMonthTicksMax, whyNoMonth());
}

void EnergyPage::refreshTables() {
    lots_table_->setRowCount(0);
    months_table_->setRowCount(0);
    if (!models_->myEnergy()) return;
    const chain::EnergyAccount& account = *models_->myEnergy();
    for (const chain::CreditLot& lot : account.open_lots) {
        const int row = lots_table_->rowCount();
        lots_table_->insertRow(row);
        lots_table_->setItem(row, 0, new QTableWidgetItem(models::formatMonth(lot.banked_month)));
        lots_table_->setItem(row, 1, numberItem(models::formatKwh(lot.total_wh())));
        lots_table_->setItem(row, 2, new QTableWidgetItem(models::formatMonth(lot.last_month())));
    }
    const models::TariffSettings& tariff = models_->tariff();
    // Latest month first: that is the one people look for.
    for (auto it = account.months.rbegin(); it != account.months.rend(); ++it) {
        const chain::MonthAccount& m = *it;
        const int row = months_table_->rowCount();
        months_table_->insertRow(row);
        months_table_->setItem(row, 0, new QTableWidgetItem(models::formatMonth(m.month)));
        months_table_->setItem(row, 1, numberItem(m.has_consumption ? models::formatKwh(m.consumption_wh) : tr("not recorded")));
        months_table_->setItem(row, 2, numberItem(models::formatKwh(m.allocated_wh)));
        months_table_->setItem(row, 3, numberItem(models::formatKwh(m.credit_used_wh)));
        months_table_->setItem(row, 4, numberItem(models::formatKwh(m.credit_banked_wh)));
        months_table_->setItem(row, 5, numberItem(models::formatKwh(m.credit_balance_wh)));
        months_table_->setItem(row, 6, numberItem(models::formatKwh(m.credit_expired_wh)));
        months_table_->setItem(row, 7, numberItem(m.has_consumption ? models::formatBrl(m.consumed_part_cents) : QString()));
        months_table_->setItem(row, 8, new QTableWidgetItem(models::flagName(tariff.flag_for(m.month))));
        months_table_->setItem(row, 9, numberItem(models::formatBrl(m.net_savings_cents)));
        const std::optional<models::BillFigures> bill = models_->myBill(m.month);
        auto* checked = new QTableWidgetItem(bill ? models::BillChecks::summary(models::BillChecks::check(account, *bill, tariff))
                                                  : QString());
        checked->setData(Qt::UserRole, m.month);
        months_table_->setItem(row, 10, checked);
    }
    lots_table_->resizeColumnsToContents();
    months_table_->resizeColumnsToContents();
}

void EnergyPage::refreshReadingForm() {
    const models::Snapshot& s = models_->snapshot();
    const bool member = s.has_identity && s.is_member(s.me);
    // Rebuilt only when what they offer changed, so a refresh keeps the user's choice.
    const std::vector<chain::Plant> operated = models::plantsOperatedBy(s, s.me);
    QList<quint64> sources{0};
    for (const chain::Plant& plant : operated) sources << plant.id;
    QList<quint64> offered;
    for (int i = 0; i < reading_of_->count(); ++i) offered << reading_of_->itemData(i).toULongLong();
    if (offered != sources) {
        reading_of_->clear();
        reading_of_->addItem(tr("My consumption"), quint64(0));
        for (const chain::Plant& plant : operated)
            reading_of_->addItem(tr("Generation of %1").arg(QString::fromStdString(plant.name)), quint64(plant.id));
    }
    if (s.month != 0 && (reading_month_->count() == 0 || reading_month_->itemData(0).toUInt() != s.month)) {
        reading_month_->clear();
        for (int back = 0; back < kReadingMonthsOffered; ++back) {
            const std::uint32_t month = chain::add_months(s.month, -back);
            reading_month_->addItem(models::formatMonth(month), month);
        }
        // Bills arrive for the month before.
        reading_month_->setCurrentIndex(1);
    }
    if (reading_connection_->count() == 0) {
        for (chain::Connection c : models::kConnections)
            reading_connection_->addItem(tr("%1 (minimum %2)").arg(models::connectionName(c), models::formatKwh(chain::minimum_billing_wh(c))),
                                         int(c));
        connection_from_record_ = false;
    }
    // The connection of my latest reading, which rarely changes: chosen once it is known.
    if (!connection_from_record_) {
        if (const chain::MonthAccount* last = models_->myEnergy() ? models::latestRecordedMonth(*models_->myEnergy()) : nullptr) {
            reading_connection_->setCurrentIndex(std::max(0, reading_connection_->findData(int(last->connection))));
            connection_from_record_ = true;
        }
    }
    refreshReadingDate(s.now_s);
    refreshReadingHistory();
    const bool enabled = actionsEnabled() && member;
    record_->setEnabled(enabled);
    const QString reason = !actionsEnabled() ? actionsDisabledReason() : member ? QString() : tr("Only members record readings.");
    record_->setToolTip(reason);
    reading_kwh_->setEnabled(enabled);
    // The reason shows while it holds and goes once it no longer does.
    if (!reason.isEmpty()) reading_message_->setText(reason);
    else if (reading_message_->text() == shown_reason_) reading_message_->clear();
    shown_reason_ = reason;
}

void EnergyPage::refreshReadingDate(std::int64_t now_s) {
    // Brasília's day, not the machine's: the rules refuse a reading dated after today in Brasília.
    const QDate today = models::brasiliaDate(now_s);
    if (now_s == 0 || today == reading_date_today_) return;
    // A date the user chose stays; the default moves on with the day.
    const bool chosen = !reading_date_today_.isNull() && reading_date_->date() != reading_date_today_;
    reading_date_->setMaximumDate(today);
    if (!chosen) reading_date_->setDate(today);
    reading_date_today_ = today;
}

void EnergyPage::refreshExports() {
    const models::Snapshot& s = models_->snapshot();
    std::vector<chain::MonthAccount> months = models_->myEnergy() ? models::chartedMonths(*models_->myEnergy()) : std::vector<chain::MonthAccount>{};
    if (statement_month_->count() != int(months.size())) {
        statement_month_->clear();
        for (auto it = months.rbegin(); it != months.rend(); ++it) statement_month_->addItem(models::formatMonth(it->month), it->month);
    }
    save_statement_->setEnabled(!months.empty());
    save_statement_->setToolTip(months.empty() ? tr("There is no month with energy data to put in a statement.") : QString());
    std::set<std::string> utilities;
    for (const chain::Member& m : s.members)
        if (m.quota_w > 0) utilities.insert(m.utility);
    QStringList names;
    for (const std::string& u : utilities) names << QString::fromStdString(u);
    QStringList offered;
    for (int i = 0; i < lista_utility_->count(); ++i) offered << lista_utility_->itemText(i);
    if (offered != names) {
        lista_utility_->clear();
        lista_utility_->addItems(names);
        const chain::Member* me = s.has_identity ? s.member(s.me) : nullptr;
        if (me) lista_utility_->setCurrentText(QString::fromStdString(me->utility));
    }
    const bool lista = !names.isEmpty();
    save_lista_csv_->setEnabled(lista);
    save_lista_pdf_->setEnabled(lista);
    const QString why = lista ? QString() : tr("Nobody holds quota yet: there is no lista de rateio.");
    save_lista_csv_->setToolTip(why);
    save_lista_pdf_->setToolTip(why);
}

void EnergyPage::recordReading() {
    const models::Snapshot& s = models_->snapshot();
    if (!record_->isEnabled()) return;
    const models::ParsedAmount energy = models::parseKwh(reading_kwh_->text());
    if (!energy.ok()) {
        showError(reading_message_, energy.error);
        return;
    }
    const std::uint32_t month = reading_month_->currentData().toUInt();
    const quint64 plant_id = reading_of_->currentData().toULongLong();
    const QString what = models::formatMonth(month);
    if (!confirmReplacement(plant_id, month, *energy.value)) return;
    if (plant_id != 0) {
        submitAction(models_->client(), chain::RecordGeneration{plant_id, month, *energy.value}, reading_message_, record_,
                     tr("Generation of %1 recorded: %2.").arg(what, models::formatKwh(*energy.value)),
                     [this] { reading_kwh_->clear(); });
        return;
    }
    // The meter reading date, as 00:00 in Brasília that day: the same date always gives the same reading.
    const std::int64_t read_at_s = chain::brasilia_day_start_s(QDate(1970, 1, 1).daysTo(reading_date_->date()));
    if (read_at_s < chain::month_start_s(month)) {
        showError(reading_message_, tr("The meter reading date must be in %1 or later: a bill is read after its month begins.").arg(what));
        return;
    }
    if (chain::brasilia_day(read_at_s) > chain::brasilia_day(s.now_s)) {
        showError(reading_message_, tr("The meter reading date cannot be in the future."));
        return;
    }
    const auto connection = chain::Connection(reading_connection_->currentData().toInt());
    submitAction(models_->client(), chain::RecordConsumption{month, *energy.value, read_at_s, connection}, reading_message_,
                 record_, tr("Consumption of %1 recorded: %2.").arg(what, models::formatKwh(*energy.value)),
                 [this] { reading_kwh_->clear(); });
}

// Every reading of the month stays on the ledger; the screen lists them so a
// correction never hides what was recorded before.
void EnergyPage::refreshReadingHistory() {
    const models::Snapshot& s = models_->snapshot();
    const std::uint32_t month = reading_month_->currentData().toUInt();
    const std::uint64_t plant_id = reading_of_->currentData().toULongLong();
    std::vector<models::RecordedReading> readings = models::readingHistory(s, plant_id, month);
    const std::optional<models::RecordedReading> current = month ? models::currentReading(s, plant_id, month) : std::nullopt;
    // Older than the snapshot's events: the reading in force still shows.
    if (readings.empty() && current) readings.push_back(*current);
    if (readings.empty()) {
        reading_history_->clear();
        reading_history_->hide();
        return;
    }
    QString text = tr("Recorded for %1 (the latest one counts):").arg(models::formatMonth(month));
    for (const models::RecordedReading& r : readings)
        text += QLatin1Char('\n') + tr("• %1, recorded on %2").arg(models::formatKwh(r.energy_wh), models::formatDateTime(r.recorded_at_s));
    reading_history_->setText(text);
    reading_history_->show();
}

// A second reading of a month replaces the first in the accounts: said with
// both figures before anything is sent. True when there was none, or on Yes.
bool EnergyPage::confirmReplacement(std::uint64_t plant_id, std::uint32_t month, std::uint64_t energy_wh) {
    const std::optional<models::RecordedReading> current = models::currentReading(models_->snapshot(), plant_id, month);
    if (!current) return true;
    const QString question =
        plant_id == models::kMyConsumption
            ? tr("This replaces the %1 recorded for %2 with %3. The earlier reading stays in the history. Record %3?")
                  .arg(models::formatKwh(current->energy_wh), models::formatMonth(month), models::formatKwh(energy_wh))
            : tr("This replaces the generation of %1 recorded for %2 with %3. The earlier reading stays in the history. Record %3?")
                  .arg(models::formatKwh(current->energy_wh), models::formatMonth(month), models::formatKwh(energy_wh));
    return confirm(this, tr("Replace the reading"), question);
}

std::map<chain::AccountId, std::string> EnergyPage::consumerUnits() const {
    std::map<chain::AccountId, std::string> units;
    for (const auto& [account, unit] : models_->snapshot().consumer_units) units[account] = unit.toStdString();
    return units;
}

bool EnergyPage::exportStatement(std::uint32_t month, const QString& path, QString* error) const {
    const models::Snapshot& s = models_->snapshot();
    if (!models_->myEnergy()) {
        if (error) *error = tr("Only members have a statement.");
        return false;
    }
    const QString html = models::EnergyReports::statementHtml(s, *models_->myEnergy(), month, models_->tariff());
    return models::EnergyReports::writePdf(html, tr("Energy statement — %1").arg(models::formatMonth(month)), path, error);
}

bool EnergyPage::exportListaCsv(const QString& utility, const QString& path, QString* error) const {
    const models::Snapshot& s = models_->snapshot();
    if (!s.state) return false;
    return models::EnergyReports::writeText(chain::lista_de_rateio_csv(*s.state, utility.toStdString(), consumerUnits()), path, error);
}

bool EnergyPage::exportListaPdf(const QString& utility, const QString& path, QString* error) const {
    const models::Snapshot& s = models_->snapshot();
    if (!s.state) return false;
    const QString html = models::EnergyReports::listaDeRateioHtml(*s.state, utility.toStdString(), consumerUnits());
    return models::EnergyReports::writePdf(html, QStringLiteral("Lista de rateio — %1").arg(utility), path, error);
}

void EnergyPage::openBillCheck(std::uint32_t month) {
    if (!models_->myEnergy()) {
        showError(export_message_, tr("Your energy account starts when you become a member of the group: there is no bill to check yet."));
        return;
    }
    // One at a time, kept while open: a second click brings it forward.
    if (!bill_dialog_) {
        bill_dialog_ = new BillCheckDialog(models_, [this](const QString& title, const QString& suggested, const QString& filter) {
            return chooseSavePath(title, suggested, filter);
        }, this);
        bill_dialog_->setAttribute(Qt::WA_DeleteOnClose);
        connect(bill_dialog_, &QObject::destroyed, this, [this] { bill_dialog_ = nullptr; });
    }
    if (month != 0) bill_dialog_->showMonth(month);
    bill_dialog_->show();
    bill_dialog_->raise();
    bill_dialog_->activateWindow();
}

void EnergyPage::saveStatement() {
    const std::uint32_t month = statement_month_->currentData().toUInt();
    if (month == 0) return;
    const QString path = chooseSavePath(tr("Save statement"), QStringLiteral("rateio-extrato-%1.pdf").arg(month), tr("PDF files (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    if (exportStatement(month, path, &error)) showSuccess(export_message_, tr("Saved %1.").arg(path));
    else showError(export_message_, error);
}

void EnergyPage::saveLista(bool pdf) {
    const QString utility = lista_utility_->currentText();
    if (utility.isEmpty()) return;
    const QString suggested = QStringLiteral("lista-de-rateio-%1.%2").arg(utility.simplified().replace(QLatin1Char(' '), QLatin1Char('-')),
                                                                          pdf ? QStringLiteral("pdf") : QStringLiteral("csv"));
    const QString path = chooseSavePath(tr("Save lista de rateio"), suggested, pdf ? tr("PDF files (*.pdf)") : tr("CSV files (*.csv)"));
    if (path.isEmpty()) return;
    QString error;
    const bool saved = pdf ? exportListaPdf(utility, path, &error) : exportListaCsv(utility, path, &error);
    if (saved) showSuccess(export_message_, tr("Saved %1.").arg(path));
    else showError(export_message_, error);
}

} // namespace ui
