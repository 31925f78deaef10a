#include "ui/bill_check_dialog.h"

#include "models/format.h"
#include "ui/action.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QTableWidget>
#include <QEvent>
#include <QVBoxLayout>

namespace ui {

namespace {

// Tall enough for the five differences a bill can have without scrolling.
constexpr int kDifferencesHeight_px = 140;

QLineEdit* makeField(QWidget* parent, const char* name) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(QString::fromLatin1(name));
    return edit;
}

} // namespace

BillCheckDialog::BillCheckDialog(GroupModels* models, Page::SavePathChooser choose_path, QWidget* parent)
    : QDialog(parent), models_(models), choose_path_(std::move(choose_path)) {
    setObjectName(QStringLiteral("billCheckDialog"));
    intro_ = new QLabel(this);
    intro_->setWordWrap(true);
    month_ = new QComboBox(this);
    month_->setObjectName(QStringLiteral("billMonth"));
    consumption_ = makeField(this, "billConsumption");
    compensated_ = makeField(this, "billCompensated");
    balance_ = makeField(this, "billBalance");
    charge_ = makeField(this, "billCharge");
    fio_b_ = makeField(this, "billFioB");
    auto* form = new QFormLayout;
    for (QWidget* field : std::initializer_list<QWidget*>{month_, consumption_, compensated_, balance_, charge_, fio_b_}) {
        auto* label = new QLabel(this);
        label->setBuddy(field);
        form->addRow(label, field);
        field_labels_.push_back(label);
    }
    check_ = new QPushButton(this);
    check_->setObjectName(QStringLiteral("billCheckButton"));
    check_->setDefault(true);
    forget_ = new QPushButton(this);
    forget_->setObjectName(QStringLiteral("billForget"));
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("billMessage"));
    message_->setWordWrap(true);
    verdict_ = new QLabel(this);
    verdict_->setObjectName(QStringLiteral("billVerdict"));
    verdict_->setWordWrap(true);
    differences_ = new QTableWidget(0, 4, this);
    differences_->setObjectName(QStringLiteral("billDifferences"));
    differences_->verticalHeader()->hide();
    // The articles column takes the width left and wraps: a long citation is read whole.
    differences_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    differences_->setWordWrap(true);
    differences_->setTextElideMode(Qt::ElideNone);
    // Rows follow their wrapped text whenever the column's width changes.
    differences_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    differences_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    differences_->setMinimumHeight(kDifferencesHeight_px);
    // As wide as the dialog, never wider: its columns' contents must not widen the page.
    differences_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    explanations_ = new QLabel(this);
    explanations_->setObjectName(QStringLiteral("billExplanations"));
    explanations_->setWordWrap(true);
    explanations_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    letter_ = new QPushButton(this);
    letter_->setObjectName(QStringLiteral("billLetter"));
    letter_->setEnabled(false);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    close_ = buttons->button(QDialogButtonBox::Close);

    auto* actions = new QHBoxLayout;
    actions->addWidget(check_);
    actions->addWidget(forget_);
    actions->addStretch();
    // The figures and the findings scroll under a small screen's height; Close stays in view.
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("billScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll);
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(intro_);
    layout->addLayout(form);
    layout->addLayout(actions);
    layout->addWidget(message_);
    layout->addWidget(verdict_);
    layout->addWidget(differences_, 1);
    layout->addWidget(explanations_);
    layout->addWidget(letter_);
    scroll->setWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->addWidget(scroll, 1);
    outer->addWidget(buttons);
    for (QLineEdit* edit : {consumption_, compensated_, balance_, charge_, fio_b_})
        connect(edit, &QLineEdit::returnPressed, this, &BillCheckDialog::check);
    connect(check_, &QPushButton::clicked, this, &BillCheckDialog::check);
    connect(forget_, &QPushButton::clicked, this, &BillCheckDialog::forget);
    connect(letter_, &QPushButton::clicked, this, &BillCheckDialog::saveLetter);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(month_, &QComboBox::currentIndexChanged, this, [this] { loadKept(); });
    // New blocks may bring a month (a reading recorded meanwhile): the list follows, the figures typed stay.
    connect(models_, &GroupModels::changed, this, &BillCheckDialog::refreshMonths);
    retranslateUi();
    fillMonths();
    resize(720, 600);
}

void BillCheckDialog::retranslateUi() {
    setWindowTitle(tr("Check a bill"));
    intro_->setText(tr("Type the figures of your electricity bill. Rateio compares them with its own account of the "
                       "month and explains each difference, with the rule it rests on. The bill stays on this computer."));
    const QString labels[] = {tr("Bill of the &month"), tr("&Consumption"), tr("Energy c&ompensated"), tr("Credit &balance"),
                              tr("Charge for &energy, without taxes"), tr("&Fio B on compensated energy")};
    for (std::size_t i = 0; i < field_labels_.size(); ++i) field_labels_[i]->setText(labels[i]);
    consumption_->setPlaceholderText(tr("kWh, as on the bill, e.g. 350"));
    compensated_->setPlaceholderText(tr("kWh, the energy injected or credit used"));
    balance_->setPlaceholderText(tr("kWh, if the bill shows it"));
    charge_->setPlaceholderText(tr("R$, TUSD and TE lines without taxes, if shown"));
    fio_b_->setPlaceholderText(tr("R$, if the bill shows a Fio B line"));
    check_->setText(tr("C&heck"));
    forget_->setText(tr("Fo&rget this bill"));
    differences_->setAccessibleName(tr("Differences"));
    differences_->setHorizontalHeaderLabels({tr("Item"), tr("Rateio expects"), tr("The bill says"), tr("Rests on")});
    letter_->setText(tr("Save a &letter for the ombudsman (PDF)…"));
    close_->setText(tr("Close"));
}

void BillCheckDialog::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        // Month names and the findings' sentences, in the new language.
        const QSignalBlocker quiet(month_);
        for (int i = 0; i < month_->count(); ++i) month_->setItemText(i, models::formatMonth(month_->itemData(i).toUInt()));
        if (last_ && models_->myEnergy()) showCheck(models::BillChecks::check(*models_->myEnergy(), last_->bill, models_->tariff()));
    }
    QDialog::changeEvent(event);
}

void BillCheckDialog::refreshMonths() {
    const std::optional<chain::EnergyAccount>& account = models_->myEnergy();
    if (!account) return;
    std::vector<std::uint32_t> months;
    for (auto it = account->months.rbegin(); it != account->months.rend(); ++it) months.push_back(it->month);
    bool same = int(months.size()) == month_->count();
    for (std::size_t i = 0; same && i < months.size(); ++i) same = month_->itemData(int(i)).toUInt() == months[i];
    if (same) return;
    const QSignalBlocker quiet(month_);
    const QVariant chosen = month_->currentData();
    month_->clear();
    for (const std::uint32_t m : months) month_->addItem(models::formatMonth(m), m);
    month_->setCurrentIndex(std::max(0, month_->findData(chosen)));
}

void BillCheckDialog::fillMonths() {
    const QSignalBlocker quiet(month_);
    month_->clear();
    if (const std::optional<chain::EnergyAccount>& account = models_->myEnergy())
        for (auto it = account->months.rbegin(); it != account->months.rend(); ++it)
            month_->addItem(models::formatMonth(it->month), it->month);
    loadKept();
}

void BillCheckDialog::showMonth(std::uint32_t month) {
    const int index = month_->findData(month);
    if (index >= 0) month_->setCurrentIndex(index);
    loadKept();
}

void BillCheckDialog::loadKept() {
    last_.reset();
    clearMessage(message_);
    verdict_->clear();
    differences_->setRowCount(0);
    explanations_->clear();
    letter_->setEnabled(false);
    const std::optional<models::BillFigures> kept = models_->myBill(month_->currentData().toUInt());
    forget_->setEnabled(kept.has_value());
    // Every Wh typed comes back (formatKwh shows one decimal, as bills do).
    const auto optionalKwh = [](std::optional<std::uint64_t> wh) {
        if (!wh) return QString();
        QString text = QLocale().toString(double(*wh) / 1000.0, 'f', 3);
        while (text.endsWith(QLatin1Char('0'))) text.chop(1);
        if (text.endsWith(QLocale().decimalPoint())) text.chop(QLocale().decimalPoint().size());
        return text;
    };
    const auto optionalBrl = [](std::optional<std::uint64_t> cents) { return cents ? models::formatBrl(*cents) : QString(); };
    consumption_->setText(kept ? optionalKwh(kept->consumption_wh) : QString());
    compensated_->setText(kept ? optionalKwh(kept->compensated_wh) : QString());
    balance_->setText(kept ? optionalKwh(kept->credit_balance_wh) : QString());
    charge_->setText(kept ? optionalBrl(kept->energy_cents) : QString());
    fio_b_->setText(kept ? optionalBrl(kept->fio_b_cents) : QString());
    if (kept) showCheck(models::BillChecks::check(*models_->myEnergy(), *kept, models_->tariff()));
}

std::optional<models::BillFigures> BillCheckDialog::readFigures() {
    const models::Snapshot& s = models_->snapshot();
    if (!s.has_identity || !models_->myEnergy() || month_->currentIndex() < 0) {
        showError(message_, tr("Your energy account starts when you become a member of the group: there is no month to check yet."));
        return std::nullopt;
    }
    models::BillFigures bill;
    bill.member = s.me;
    bill.month = month_->currentData().toUInt();
    // Required fields first, then the optional ones: empty means "not on my bill".
    const std::pair<QLineEdit*, std::uint64_t*> required[] = {{consumption_, &bill.consumption_wh}, {compensated_, &bill.compensated_wh}};
    for (const auto& [edit, value] : required) {
        const models::ParsedAmount parsed = models::parseKwh(edit->text());
        if (!parsed.ok()) {
            edit->setFocus();
            showError(message_, parsed.error);
            return std::nullopt;
        }
        *value = *parsed.value;
    }
    const auto optional = [this](QLineEdit* edit, models::ParsedAmount (*parse)(const QString&), std::optional<std::uint64_t>* out) {
        if (edit->text().trimmed().isEmpty()) return true;
        const models::ParsedAmount parsed = parse(edit->text());
        if (!parsed.ok()) {
            edit->setFocus();
            showError(message_, parsed.error);
            return false;
        }
        *out = parsed.value;
        return true;
    };
    if (!optional(balance_, &models::parseKwh, &bill.credit_balance_wh) || !optional(charge_, &models::parseBrl, &bill.energy_cents) ||
        !optional(fio_b_, &models::parseBrl, &bill.fio_b_cents))
        return std::nullopt;
    if (bill.compensated_wh > bill.consumption_wh) {
        compensated_->setFocus();
        showError(message_, tr("A bill compensates at most the month's consumption (%1): check the energy compensated you typed.")
                                .arg(models::formatKwh(bill.consumption_wh)));
        return std::nullopt;
    }
    return bill;
}

void BillCheckDialog::check() {
    const std::optional<models::BillFigures> bill = readFigures();
    if (!bill) return;
    const models::BillCheck result = models::BillChecks::check(*models_->myEnergy(), *bill, models_->tariff());
    models_->keepBill(*bill);
    forget_->setEnabled(true);
    showSuccess(message_, tr("Kept on this computer: choose %1 again to see or change it.").arg(models::formatMonth(bill->month)));
    showCheck(result);
}

void BillCheckDialog::showCheck(const models::BillCheck& check) {
    last_ = check;
    differences_->setRowCount(0);
    if (check.agrees())
        verdict_->setText(tr("The bill agrees with the group's record for %1.").arg(models::formatMonth(check.bill.month)));
    else if (!check.month || !check.month->has_consumption)
        verdict_->setText(check.differences.front().explanation);
    else
        verdict_->setText(tr("%n difference(s) between the bill and the group's record:", nullptr, int(check.differences.size())));
    QStringList why;
    for (const models::BillDifference& d : check.differences) {
        if (d.finding == models::BillFinding::NoReading) continue;
        const int row = differences_->rowCount();
        differences_->insertRow(row);
        differences_->setItem(row, 0, new QTableWidgetItem(d.what));
        differences_->setItem(row, 1, new QTableWidgetItem(d.expected));
        differences_->setItem(row, 2, new QTableWidgetItem(d.billed));
        differences_->setItem(row, 3, new QTableWidgetItem(d.article));
        why << QStringLiteral("<p><b>%1.</b> %2%3</p>")
                   .arg(d.what.toHtmlEscaped(), d.explanation.toHtmlEscaped(),
                        d.article.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(d.article.toHtmlEscaped()));
    }
    differences_->resizeColumnsToContents();
    explanations_->setText(why.join(QString()));
    letter_->setEnabled(differences_->rowCount() > 0);
}

void BillCheckDialog::forget() {
    const models::Snapshot& s = models_->snapshot();
    const std::uint32_t month = month_->currentData().toUInt();
    if (!s.has_identity || !models_->myBill(month)) return;
    if (!confirm(this, tr("Forget this bill"),
                 tr("Forget the figures you typed for the bill of %1? The group's record does not change.").arg(models::formatMonth(month))))
        return;
    models_->forgetBill(s.me, month);
    loadKept();
    showSuccess(message_, tr("The bill of %1 is forgotten.").arg(models::formatMonth(month)));
}

void BillCheckDialog::saveLetter() {
    if (!last_ || last_->differences.empty()) return;
    const QString path = choose_path_(tr("Save the letter for the ombudsman"),
                                      QStringLiteral("rateio-ouvidoria-%1.pdf").arg(last_->bill.month), tr("PDF files (*.pdf)"));
    if (path.isEmpty()) return;
    QString error;
    const QString html = models::BillChecks::ombudsmanHtml(models_->snapshot(), *last_, models_->tariff());
    if (models::EnergyReports::writePdf(html, tr("Letter for the ombudsman"), path, &error))
        showSuccess(message_, tr("Saved %1. Send it to the utility's ombudsman (ouvidoria) with a copy of the bill.").arg(path));
    else
        showError(message_, error);
}

} // namespace ui
