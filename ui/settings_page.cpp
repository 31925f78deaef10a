#include "ui/settings_page.h"

#include "models/describe.h"
#include "models/energy.h"
#include "models/format.h"
#include "models/snapshot.h"
#include "models/workspace.h"
#include "node/invitation.h"
#include "ui/action.h"
#include "ui/chart_axes.h"
#include "ui/language.h"
#include "ui/wallet_backup.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QHeaderView>
#include <QRadioButton>
#include <QTableWidget>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QVBoxLayout>

namespace ui {

SettingsPage::SettingsPage(GroupModels* models, WalletLocation wallet, QWidget* parent)
    : Page(models, parent), wallet_(std::move(wallet)) {
    setObjectName(QStringLiteral("settingsPage"));
    auto* outer = new QVBoxLayout(this);
    heading_ = makeHeading(this);
    outer->addWidget(heading_);
    // Settings are longer than a small screen: they scroll under the heading.
    scroll_ = new QScrollArea(this);
    scroll_->setObjectName(QStringLiteral("settingsScroll"));
    scroll_->setWidgetResizable(true);
    scroll_->setFrameShape(QFrame::NoFrame);
    auto* content = new QWidget(scroll_);
    auto* layout = new QVBoxLayout(content);
    // Room under the last box: the scroll area's height for the wrapped
    // notes comes out a few pixels short in some languages.
    constexpr int kScrollBottomMargin_px = 12;
    layout->setContentsMargins(0, 0, 0, kScrollBottomMargin_px);
    scroll_->setWidget(content);
    outer->addWidget(scroll_);
    QFont bold = font();
    bold.setBold(true);
    auto* form = new QFormLayout;
    appearance_title_ = new QLabel(this);
    appearance_title_->setFont(bold);
    language_ = new QComboBox(this);
    language_->setObjectName(QStringLiteral("settingsLanguage"));
    for (const QString& code : availableLanguages()) language_->addItem(languageName(code), code);
    theme_ = new QComboBox(this);
    theme_->setObjectName(QStringLiteral("settingsTheme"));
    theme_->addItem(QString(), QStringLiteral("system"));
    theme_->addItem(QString(), QStringLiteral("light"));
    theme_->addItem(QString(), QStringLiteral("dark"));
    language_->setMaximumWidth(320);
    theme_->setMaximumWidth(320);
    notifications_ = new QCheckBox(this);
    notifications_->setObjectName(QStringLiteral("settingsNotifications"));
    language_label_ = new QLabel(this);
    theme_label_ = new QLabel(this);
    notifications_label_ = new QLabel(this);
    form->addRow(appearance_title_);
    form->addRow(language_label_, language_);
    form->addRow(theme_label_, theme_);
    // A check box's text cannot wrap: the sentence beside it is a label that
    // does, so a narrow window (1280×720 at 150 %) never scrolls sideways for it.
    notifications_note_ = new QLabel(this);
    notifications_note_->setWordWrap(true);
    auto* notifications_row = new QHBoxLayout;
    notifications_row->addWidget(notifications_);
    notifications_row->addWidget(notifications_note_, 1);
    form->addRow(notifications_label_, notifications_row);
    notifications_label_->setBuddy(notifications_); // the row's field is a layout: linked by hand
    node_title_ = new QLabel(this);
    node_title_->setFont(bold);
    node_info_ = new QLabel(this);
    node_info_->setObjectName(QStringLiteral("settingsNodeInfo"));
    node_info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    node_info_->setWordWrap(true);
    form->addRow(node_title_);
    form->addRow(node_info_);
    // The rules version the group runs, and the update members may propose.
    protocol_info_ = new QLabel(this);
    protocol_info_->setObjectName(QStringLiteral("settingsProtocolVersion"));
    protocol_info_->setWordWrap(true);
    propose_upgrade_ = new QPushButton(this);
    propose_upgrade_->setObjectName(QStringLiteral("settingsProposeUpgrade"));
    auto* protocol_buttons = new QHBoxLayout;
    protocol_buttons->addWidget(propose_upgrade_);
    protocol_buttons->addStretch();
    form->addRow(protocol_info_);
    form->addRow(protocol_buttons);
    upgrade_message_ = new QLabel(this);
    upgrade_message_->setObjectName(QStringLiteral("settingsUpgradeMessage"));
    upgrade_message_->setWordWrap(true);
    upgrade_message_->hide();
    form->addRow(upgrade_message_);
    port_label_ = new QLabel(this);
    port_label_->setObjectName(QStringLiteral("settingsListenPortLabel"));
    listen_port_ = new QSpinBox(this);
    listen_port_->setObjectName(QStringLiteral("settingsListenPort"));
    listen_port_->setRange(1, 65535);
    listen_port_->setMaximumWidth(160);
    port_note_ = new QLabel(this);
    port_note_->setObjectName(QStringLiteral("settingsListenPortNote"));
    port_note_->setWordWrap(true);
    form->addRow(port_label_, listen_port_);
    form->addRow(port_note_);
    // Light or full: a follower without a wallet chooses what this computer
    // keeps; a member may ask the group to make it a validator.
    mode_label_ = new QLabel(this);
    mode_label_->setObjectName(QStringLiteral("settingsModeLabel"));
    // A radio button's text cannot wrap: a short name on the button in the
    // label column, what it means in a label that wraps beside it (a row of
    // the form's own, which gives a wrapped label the height it needs).
    mode_full_ = new QRadioButton(this);
    mode_full_->setObjectName(QStringLiteral("settingsModeFull"));
    mode_light_ = new QRadioButton(this);
    mode_light_->setObjectName(QStringLiteral("settingsModeLight"));
    mode_validator_ = new QRadioButton(this);
    mode_validator_->setObjectName(QStringLiteral("settingsModeValidator"));
    mode_full_text_ = new QLabel(this);
    mode_light_text_ = new QLabel(this);
    mode_validator_text_ = new QLabel(this);
    mode_note_ = new QLabel(this);
    mode_note_->setObjectName(QStringLiteral("settingsModeNote"));
    mode_note_->setWordWrap(true);
    mode_message_ = new QLabel(this);
    mode_message_->setObjectName(QStringLiteral("settingsModeMessage"));
    mode_message_->setWordWrap(true);
    mode_message_->hide();
    form->addRow(mode_label_);
    for (auto [button, text] : {std::pair{mode_full_, mode_full_text_}, std::pair{mode_light_, mode_light_text_},
                                std::pair{mode_validator_, mode_validator_text_}}) {
        text->setWordWrap(true);
        text->setBuddy(button);
        form->addRow(button, text);
    }
    form->addRow(mode_note_);
    mode_form_ = form;
    form->addRow(mode_message_);
    connect(mode_full_, &QRadioButton::clicked, this, [this] { chooseMode(false); });
    connect(mode_light_, &QRadioButton::clicked, this, [this] { chooseMode(true); });
    connect(mode_validator_, &QRadioButton::clicked, this, &SettingsPage::chooseValidator);
    wallet_title_ = new QLabel(this);
    wallet_title_->setFont(bold);
    wallet_info_ = new QLabel(this);
    wallet_info_->setWordWrap(true);
    wallet_info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    backup_ = new QPushButton(this);
    backup_->setObjectName(QStringLiteral("settingsBackup"));
    passphrase_ = new QPushButton(this);
    passphrase_->setObjectName(QStringLiteral("settingsPassphrase"));
    auto* wallet_buttons = new QHBoxLayout;
    wallet_buttons->addWidget(backup_);
    wallet_buttons->addWidget(passphrase_);
    wallet_buttons->addStretch();
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("settingsMessage"));
    message_->setWordWrap(true);
    message_->hide();
    form->addRow(wallet_title_);
    form->addRow(wallet_info_);
    form->addRow(wallet_buttons);
    backup_folder_ = new QLabel(this);
    backup_folder_->setObjectName(QStringLiteral("settingsBackupFolder"));
    backup_folder_->setWordWrap(true);
    form->addRow(backup_folder_);
    form->addRow(message_);
    layout->addLayout(form);
    network_ = new NetworkPanel(models, wallet_.data_dir, this);
    network_->setMaximumWidth(900);
    layout->addWidget(network_);
    connect(network_, &NetworkPanel::openUpRequested, this, &SettingsPage::openUpRequested);
    network_->setSavePathChooser([this](const QString& title, const QString& suggested, const QString& filter) {
        return chooseSavePath(title, suggested, filter);
    });
    QGroupBox* tariff = buildTariffBox();
    tariff->setMaximumWidth(640);
    // In a row with a stretch, the layout asks the box's wrapped lines for
    // their height at the box's own width, not the page's.
    auto* tariff_row = new QHBoxLayout;
    tariff_row->addWidget(tariff);
    tariff_row->addStretch();
    layout->addLayout(tariff_row);
    layout->addStretch();
    connect(language_, &QComboBox::activated, this, [this] { emit languageChosen(language_->currentData().toString()); });
    connect(theme_, &QComboBox::activated, this, [this] { emit themeChosen(theme_->currentData().toString()); });
    connect(notifications_, &QCheckBox::toggled, this, &SettingsPage::notificationsChosen);
    connect(backup_, &QPushButton::clicked, this, &SettingsPage::backUpWallet);
    connect(listen_port_, &QSpinBox::editingFinished, this, &SettingsPage::saveListenPort);
    connect(passphrase_, &QPushButton::clicked, this, &SettingsPage::changePassphrase);
    connect(propose_upgrade_, &QPushButton::clicked, this, &SettingsPage::proposeUpgrade);
    retranslateUi();
    refresh();
}

QGroupBox* SettingsPage::buildTariffBox() {
    tariff_box_ = new QGroupBox(this);
    tariff_box_->setObjectName(QStringLiteral("settingsTariffBox"));
    // Wrapped lines sit in a box layout around the form: a form layout
    // underestimates the height of wrapped lines that span its columns.
    auto* box_layout = new QVBoxLayout(tariff_box_);
    tariff_note_ = new QLabel(tariff_box_);
    tariff_note_->setWordWrap(true);
    box_layout->addWidget(tariff_note_);
    auto* form = new QFormLayout;
    box_layout->addLayout(form);
    const auto field = [this, form](QLabel** label, QLineEdit** edit, const char* name) {
        *label = new QLabel(tariff_box_);
        *edit = new QLineEdit(tariff_box_);
        (*edit)->setObjectName(QString::fromLatin1(name));
        form->addRow(*label, *edit);
        connect(*edit, &QLineEdit::returnPressed, this, &SettingsPage::saveTariff);
    };
    field(&te_label_, &te_, "settingsTariffTe");
    field(&tusd_label_, &tusd_, "settingsTariffTusd");
    field(&fio_b_label_, &fio_b_, "settingsTariffFioB");
    field(&gd3_extra_label_, &gd3_extra_, "settingsTariffGd3Extra");
    low_income_ = new QCheckBox(tariff_box_);
    low_income_->setObjectName(QStringLiteral("settingsLowIncome"));
    form->addRow(low_income_);
    // A fact about the unit, like a month's flag: saved as soon as it is ticked.
    connect(low_income_, &QCheckBox::toggled, this, [this](bool on) {
        models::TariffSettings t = models_->tariff();
        t.low_income = on;
        models_->setTariff(t);
        showSuccess(tariff_message_, on ? tr("Saved: your unit is low income. From 2026 its first 80 kWh a month are free and "
                                             "only the consumption above them is compensated.")
                                        : tr("Saved: your unit is not low income."));
    });
    save_tariff_ = new QPushButton(tariff_box_);
    save_tariff_->setObjectName(QStringLiteral("settingsSaveTariff"));
    default_tariff_ = new QPushButton(tariff_box_);
    default_tariff_->setObjectName(QStringLiteral("settingsDefaultTariff"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(save_tariff_);
    buttons->addWidget(default_tariff_);
    buttons->addStretch();
    form->addRow(buttons);
    tariff_message_ = new QLabel(tariff_box_);
    tariff_message_->setObjectName(QStringLiteral("settingsTariffMessage"));
    tariff_message_->setWordWrap(true);
    box_layout->addWidget(tariff_message_);
    flags_label_ = new QLabel(tariff_box_);
    flags_note_ = new QLabel(tariff_box_);
    flags_note_->setWordWrap(true);
    flags_ = new QTableWidget(0, 2, tariff_box_);
    flags_->setObjectName(QStringLiteral("settingsTariffFlags"));
    flags_->verticalHeader()->hide();
    flags_->horizontalHeader()->setStretchLastSection(true);
    flags_->setSelectionMode(QAbstractItemView::NoSelection);
    flags_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    flags_->setFixedHeight(200);
    box_layout->addWidget(flags_label_);
    box_layout->addWidget(flags_note_);
    box_layout->addWidget(flags_);
    connect(save_tariff_, &QPushButton::clicked, this, &SettingsPage::saveTariff);
    connect(default_tariff_, &QPushButton::clicked, this, [this] {
        // The months' flags and the unit's subclass are facts from the bills, not a tariff: they stay.
        models::TariffSettings t;
        t.flag_by_month = models_->tariff().flag_by_month;
        t.low_income = models_->tariff().low_income;
        models_->setTariff(t);
        showTariff();
        showSuccess(tariff_message_, tr("Back to the default tariff."));
    });
    connect(models_, &GroupModels::tariffChanged, this, &SettingsPage::showTariff);
    showTariff();
    return tariff_box_;
}

void SettingsPage::showTariff() {
    const models::TariffSettings& t = models_->tariff();
    te_->setText(models::formatTariff(t.tariff.te_microbrl_per_kwh));
    tusd_->setText(models::formatTariff(t.tariff.tusd_microbrl_per_kwh));
    fio_b_->setText(models::formatTariff(t.tariff.fio_b_microbrl_per_kwh));
    gd3_extra_->setText(models::formatTariff(t.tariff.gd3_extra_microbrl_per_kwh));
    {
        const QSignalBlocker quiet(low_income_);
        low_income_->setChecked(t.low_income);
    }
    for (int row = 0; row < flags_->rowCount(); ++row) {
        auto* choice = qobject_cast<QComboBox*>(flags_->cellWidget(row, 1));
        const QSignalBlocker quiet(choice);
        choice->setCurrentIndex(std::max(0, choice->findData(models::flagKey(t.flag_for(flag_months_[std::size_t(row)])))));
    }
}

void SettingsPage::rebuildFlagRows() {
    flag_months_ = models::flagMonths(models_->snapshot());
    flags_->setRowCount(0);
    flags_->setRowCount(int(flag_months_.size()));
    for (std::size_t row = 0; row < flag_months_.size(); ++row) {
        const std::uint32_t month = flag_months_[row];
        flags_->setItem(int(row), 0, new QTableWidgetItem(models::formatMonth(month)));
        auto* choice = new QComboBox(flags_);
        choice->setObjectName(QStringLiteral("settingsFlag%1").arg(month));
        for (chain::TariffFlag flag : models::kTariffFlags) choice->addItem(models::flagName(flag), models::flagKey(flag));
        flags_->setCellWidget(int(row), 1, choice);
        connect(choice, &QComboBox::activated, this, [this, month, choice] { saveMonthFlag(month, choice); });
    }
    flags_->resizeColumnToContents(0);
    showTariff();
}

void SettingsPage::saveMonthFlag(std::uint32_t month, QComboBox* choice) {
    models::TariffSettings t = models_->tariff();
    const chain::TariffFlag flag = models::flagFromKey(choice->currentData().toString()).value_or(chain::TariffFlag::Green);
    if (flag == chain::TariffFlag::Green)
        t.flag_by_month.erase(month);
    else
        t.flag_by_month[month] = flag;
    models_->setTariff(t);
    showSuccess(tariff_message_, tr("%1 of %2 saved: that month's savings are estimated with it.")
                                     .arg(models::flagName(flag), models::formatMonth(month)));
}

void SettingsPage::saveTariff() {
    models::TariffSettings t = models_->tariff();
    const std::pair<QLineEdit*, std::uint64_t*> fields[] = {{te_, &t.tariff.te_microbrl_per_kwh},
                                                            {tusd_, &t.tariff.tusd_microbrl_per_kwh},
                                                            {fio_b_, &t.tariff.fio_b_microbrl_per_kwh},
                                                            {gd3_extra_, &t.tariff.gd3_extra_microbrl_per_kwh}};
    for (const auto& [edit, value] : fields) {
        const models::ParsedAmount parsed = models::parseTariff(edit->text());
        if (!parsed.ok()) {
            edit->setFocus();
            showError(tariff_message_, parsed.error);
            return;
        }
        *value = *parsed.value;
    }
    if (const std::optional<chain::Rejection> refused = chain::validate_tariff(t.tariff)) {
        const chain::Tariff& v = t.tariff;
        const bool parts_above_tusd = v.fio_b_microbrl_per_kwh + v.gd3_extra_microbrl_per_kwh > v.tusd_microbrl_per_kwh;
        showError(tariff_message_, parts_above_tusd
                                       ? tr("The Fio B and GD III's extra are parts of the TUSD: together they cannot be more "
                                            "than the TUSD.")
                                       : tr("Each part of the tariff must be at most R$ 100 per kWh."));
        return;
    }
    models_->setTariff(t);
    showTariff();
    showSuccess(tariff_message_, tr("Tariff saved. Your energy account and savings are now computed with it."));
}

void SettingsPage::setCurrent(const QString& language, const QString& theme, bool notifications) {
    const QSignalBlocker a(language_), b(theme_), c(notifications_);
    language_->setCurrentIndex(std::max(0, language_->findData(language)));
    theme_->setCurrentIndex(std::max(0, theme_->findData(theme)));
    notifications_->setChecked(notifications);
}

void SettingsPage::retranslateUi() {
    heading_->setText(title());
    appearance_title_->setText(tr("Appearance"));
    tariff_box_->setTitle(tr("My tariff"));
    tariff_note_->setText(tr("In R$ per kWh without taxes, as on your bill or the utility's tariff table. Your energy account "
                             "depends on it: energy from newer plants pays part of the TUSD, so how much can be compensated "
                             "before the bill reaches the minimum depends on the prices. "
                             "The defaults are Light's (Rio de Janeiro) as ANEEL set them in 2019, with estimated parts: "
                             "enter your bill's current figures."));
    te_label_->setText(tr("Energy t&ariff (TE)"));
    tusd_label_->setText(tr("D&istribution tariff (TUSD)"));
    fio_b_label_->setText(tr("&Fio B part of the TUSD"));
    gd3_extra_label_->setText(tr("GD III's e&xtra in the TUSD"));
    gd3_extra_->setToolTip(tr("Energy from plants above 500 kW in which one member holds 25 % or more (GD III) pays the "
                              "whole Fio B and, besides it, 40 % of the Fio A and the TFSEE and P&D/EE charges: this field."));
    low_income_->setText(tr("Low-income unit (Tarifa Social, &zero up to 80 kWh)"));
    low_income_->setToolTip(tr("Low-income units pay nothing for their first 80 kWh a month since 2026, and only the "
                               "consumption above them is compensated (REN 1.000, arts. 179 and 655-I §5º)."));
    flags_label_->setText(tr("Tariff flag of each month"));
    flags_->setAccessibleName(flags_label_->text());
    flags_note_->setText(tr("As your bill shows it. A month left green had no extra charge."));
    flags_->setHorizontalHeaderLabels({tr("Month"), tr("Tariff flag")});
    for (std::size_t row = 0; row < flag_months_.size(); ++row) {
        flags_->item(int(row), 0)->setText(models::formatMonth(flag_months_[row]));
        auto* choice = qobject_cast<QComboBox*>(flags_->cellWidget(int(row), 1));
        for (int i = 0; i < choice->count(); ++i)
            choice->setItemText(i, models::flagName(models::flagFromKey(choice->itemData(i).toString()).value_or(chain::TariffFlag::Green)));
    }
    flags_->resizeColumnToContents(0);
    save_tariff_->setText(tr("Sav&e tariff"));
    default_tariff_->setText(tr("Use &the default"));
    showTariff();
    language_label_->setText(tr("&Language"));
    theme_label_->setText(tr("T&heme"));
    theme_->setItemText(0, tr("Follow the system"));
    theme_->setItemText(1, tr("Light"));
    theme_->setItemText(2, tr("Dark"));
    notifications_label_->setText(tr("&Notifications"));
    notifications_note_->setText(tr("Tell me about new votes, votes closing soon, campaign results and offers to me"));
    notifications_->setAccessibleDescription(notifications_note_->text());
    node_title_->setText(tr("This computer"));
    propose_upgrade_->setText(tr("Propose the &update…"));
    network_->retranslateUi();
    port_label_->setText(tr("Listening &port"));
    mode_label_->setText(tr("&Mode"));
    mode_full_->setText(tr("Full", "node mode"));
    mode_light_->setText(tr("Light", "node mode"));
    mode_validator_->setText(tr("Validator", "node mode"));
    mode_full_text_->setText(fullModeText());
    mode_light_text_->setText(lightModeText());
    mode_validator_text_->setText(validatorModeText());
    mode_full_->setAccessibleDescription(fullModeText());
    mode_light_->setAccessibleDescription(lightModeText());
    mode_validator_->setAccessibleDescription(validatorModeText());
    wallet_title_->setText(tr("Wallet"));
    backup_->setText(tr("&Back up wallet…"));
    passphrase_->setText(tr("&Change passphrase…"));
    backup_folder_->setText(WalletBackup::describe(WalletBackup::suggestedFolder()));
}

// What this computer does for the group, in plain words.
QString SettingsPage::computerRoleText(const models::Snapshot& s) {
    if (s.light)
        return tr("This computer follows the group in light mode: it keeps no copy of the group's records, and checks what "
                  "it shows against the validators' signatures.");
    if (s.validator)
        return s.networked ? tr("This computer keeps a copy of the group's records and helps confirm them.")
                           : tr("This computer keeps the group's records and confirms them by itself: the group is on this computer only.");
    return s.has_identity ? tr("This computer keeps a copy of the group's records and checks every change.")
                          : tr("This computer keeps a copy of the group's records and follows them without a wallet.");
}

// What keeping the records costs this computer, in the units a file manager
// shows, and where its copy starts when it joined from a verified snapshot.
QString SettingsPage::costsText(const models::Snapshot& s) {
    const QLocale locale;
    auto size = [&](std::uint64_t bytes) {
        return locale.formattedDataSize(qint64(std::min<std::uint64_t>(bytes, INT64_MAX)), 1,
                                        QLocale::DataSizeTraditionalFormat);
    };
    if (s.light)
        return tr("The group's files take %1 on this disk. Since Rateio started: %2 received from the group's computers, %3 sent "
                  "to them.")
            .arg(size(s.costs.disk_bytes), size(s.costs.received_bytes), size(s.costs.sent_bytes));
    QStringList lines{tr("The records take %1 on this disk.").arg(size(s.costs.disk_bytes))};
    if (s.networked)
        lines << tr("Since Rateio started: %1 received from the group's computers, %2 sent to them.")
                     .arg(size(s.costs.received_bytes), size(s.costs.sent_bytes));
    if (s.history_from > 1)
        lines << tr("This copy started from the group's verified records as they were on %1; the activity before that "
                    "is being fetched and checked.")
                     .arg(charts::dayInWords(s.history_start_time_s));
    return lines.join(QLatin1Char('\n'));
}

QString SettingsPage::connectionsText(const models::Snapshot& s) {
    if (!s.networked) return tr("It does not connect to other computers.");
    if (s.peer_count == 0) return tr("Not connected to any neighbour's computer yet.");
    return tr("Connected to %n neighbour's computer(s).", nullptr, int(std::min<std::size_t>(s.peer_count, INT32_MAX)));
}

// The same facts in the protocol's terms, for whoever asks (a helper on the phone, the docs).
QString SettingsPage::technicalRoleText(const models::Snapshot& s) {
    const QString role = s.validator ? (s.networked ? tr("validator of this group") : tr("validator of this group (embedded node)"))
                         : s.light         ? tr("light node (headers and proofs, no wallet)")
                         : !s.has_identity ? tr("watch-only node (no wallet)")
                                           : tr("verifying node");
    const QString group_id =
        QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(s.summary.group_id.data()), int(s.summary.group_id.size())).toHex());
    return tr("Technical details: %1 · peers: %2 · group id: %3").arg(role).arg(s.peer_count).arg(group_id);
}

void SettingsPage::refresh() {
    const models::Snapshot& s = models_->snapshot();
    // The id's 64 digits cannot wrap: the label shows its ends, the tooltip all of it
    // (the invitation carries it whole).
    const QString group_id =
        QString::fromLatin1(QByteArray(reinterpret_cast<const char*>(s.summary.group_id.data()), int(s.summary.group_id.size())).toHex());
    node_info_->setText(QStringList{computerRoleText(s), connectionsText(s), costsText(s),
                                    tr("Group id: %1").arg(group_id.left(kGroupIdShownDigits) + QStringLiteral("…") + group_id.right(4)),
                                    tr("Data folder: %1").arg(wallet_.data_dir)}
                            .join(QLatin1Char('\n')));
    // Plain words on the screen; the technical terms one hover away, and read with it.
    const QString technical = technicalRoleText(s);
    node_info_->setToolTip(technical);
    node_info_->setAccessibleDescription(technical);
    const bool has_wallet = !wallet_.wallet_name.isEmpty();
    wallet_info_->setText(!has_wallet       ? tr("No wallet: this computer follows the group watch-only.")
                          : s.has_identity ? tr("Wallet \"%1\" · address %2").arg(wallet_.wallet_name, models::full_address(s.me))
                                           : tr("Wallet “%1” · locked: unlock it on the Overview to vote, pledge and trade.")
                                                 .arg(wallet_.wallet_name));
    backup_->setEnabled(has_wallet);
    backup_folder_->setVisible(has_wallet);
    passphrase_->setEnabled(has_wallet);
    refreshPort();
    refreshMode(s);
    refreshProtocol(s);
    network_->refresh();
    if (models::flagMonths(s) != flag_months_) rebuildFlagRows();
}

// The version line for everyone; the button for members while a later
// version is available and none is approved yet.
void SettingsPage::refreshProtocol(const models::Snapshot& s) {
    protocol_info_->setText(models::Describe::protocolVersion(s.summary));
    const chain::Referendum* voting = openUpgradeReferendum(s);
    const bool available = s.summary.protocol_version < chain::kProtocolVersionLatest && !s.summary.pending_upgrade;
    propose_upgrade_->setVisible(available && s.has_identity && s.is_member(s.me));
    propose_upgrade_->setEnabled(actionsEnabled() && !voting);
    propose_upgrade_->setToolTip(!actionsEnabled() ? actionsDisabledReason()
                                 : voting         ? tr("The group is voting on it (vote %1).").arg(voting->id)
                                                  : tr("Opens a vote. Once approved, the group's records are kept the newer way; "
                                                       "quotas, tokens and votes stay the same."));
}

const chain::Referendum* SettingsPage::openUpgradeReferendum(const models::Snapshot& s) {
    for (const chain::Referendum& r : s.referendums)
        if (r.outcome == chain::Outcome::Pending && r.change && std::holds_alternative<chain::UpgradeProtocol>(*r.change)) return &r;
    return nullptr;
}

void SettingsPage::proposeUpgrade() {
    clearMessage(upgrade_message_);
    const models::Snapshot& s = models_->snapshot();
    const chain::UpgradeProtocol upgrade{chain::kProtocolVersionLatest, s.summary.height + chain::kUpgradeLeadBlocks};
    const QString question =
        tr("Propose this to the group? %1 The members vote on it. Members whose Rateio is older than this one must update it "
           "before the vote, or their computer stops following the group.")
            .arg(models::Describe::protocolUpgrade(upgrade.version, upgrade.effective_height));
    if (!confirm(this, tr("Update how the records are kept"), question)) return;
    submitAction(models_->client(),
                 chain::ProposeChange{upgrade, tr("Keep the group's records the newer way, which stays fast as the group grows.").toStdString()},
                 upgrade_message_, propose_upgrade_, tr("Proposed: the group now votes on updating how its records are kept."));
}

QString SettingsPage::fullModeText() {
    return tr("Keeps a copy of the group's records and checks every change; every screen works. The copy starts from a "
              "verified copy of the group's present state and grows with the group's activity.");
}

QString SettingsPage::lightModeText() {
    return tr("Keeps no copy of the records. Every minute it asks the group's computers to prove the group's figures, the "
              "members' quotas and balances and the plants, and checks each proof against the validators' signatures (a few "
              "kilobytes for a condominium's group). Votes, pledges, offers, energy and the activity are not shown.");
}

QString SettingsPage::validatorModeText() {
    return tr("Keeps and checks the records as in full mode, and also signs the group's new blocks with this computer's "
              "key: it should stay on and connected most of the day, and sends a little more (its vote on every block). "
              "The group decides by vote which computers are validators.");
}

// Light mode is for following: a member's computer checks every change, so
// that its votes, pledges and trades rest on records it verified itself. A
// validator is made, and unmade, by the group's vote, not by a choice here.
void SettingsPage::refreshMode(const models::Snapshot& s) {
    const bool follower = s.networked && !s.validator && !s.has_identity && wallet_.wallet_name.isEmpty();
    const bool shown = s.networked;
    for (QWidget* row : std::initializer_list<QWidget*>{mode_label_, mode_full_, mode_light_, mode_validator_, mode_note_})
        mode_form_->setRowVisible(row, shown);
    if (!shown) return;
    const bool provable = s.summary.protocol_version >= chain::kProtocolVersionStateTables;
    const bool member = s.has_identity && s.is_member(s.me);
    const chain::Referendum* proposal = network_->openValidatorReferendum(s.node_key);
    const QSignalBlocker block_full(mode_full_), block_light(mode_light_), block_validator(mode_validator_);
    mode_full_->setChecked(!s.light && !s.validator);
    mode_light_->setChecked(s.light.has_value());
    mode_validator_->setChecked(s.validator);
    QRadioButton* in_use = s.validator ? mode_validator_ : s.light ? mode_light_ : mode_full_;
    // Alt+M reaches the mode in use; the arrow keys move to the others.
    mode_label_->setBuddy(in_use);
    mode_full_->setEnabled(!s.validator);
    mode_full_text_->setEnabled(!s.validator);
    mode_light_->setEnabled(follower && provable);
    mode_light_text_->setEnabled(follower && provable);
    const bool may_propose = member && !s.validator && !proposal && actionsEnabled();
    mode_validator_->setEnabled(s.validator || may_propose);
    mode_validator_text_->setEnabled(s.validator || may_propose);
    mode_validator_->setToolTip(s.validator || may_propose ? QString()
                                : !member                  ? tr("Only a member's computer can be proposed as a validator.")
                                : proposal                 ? tr("The group is voting on it (vote %1).").arg(proposal->id)
                                                           : actionsDisabledReason());
    if (s.validator)
        mode_note_->setText(tr("This computer is one of the group's validators: the group voted it in, and only a vote to "
                               "remove it (Validators, below) makes it a full node again. Keep it on and connected as much "
                               "as you can."));
    else if (proposal)
        mode_note_->setText(tr("The group is voting on making this computer a validator (vote %1).").arg(proposal->id));
    else if (!follower)
        mode_note_->setText(tr("A member's computer runs in full mode: it checks every change itself, so that your votes, "
                               "pledges and trades rest on records you verified.") +
                            (member ? QStringLiteral(" ") + tr("Choose Validator to ask the group to let it confirm the "
                                                               "records too.")
                                    : QString()));
    else
        mode_note_->setText(!provable ? tr("Light mode needs the group to keep its records the newer way (see the rules "
                                           "version above).")
                                      : tr("A change restarts the group's screens at once."));
}

void SettingsPage::chooseMode(bool light) {
    const models::Snapshot& s = models_->snapshot();
    if (light == s.light.has_value()) return;
    const QString question = light ? tr("Switch this computer to light mode?") + QStringLiteral("\n\n") + lightModeText() +
                                         QStringLiteral("\n\n") + tr("The copy of the records already on this disk stays there.")
                                   : tr("Switch this computer to full mode?") + QStringLiteral("\n\n") + fullModeText();
    if (!confirm(this, tr("How this computer follows the group"), question)) {
        refreshMode(s); // the choice shown goes back to the mode in use
        return;
    }
    emit modeChosen(light);
}

// The radio shows the mode in use: it turns to Validator once the group has
// voted this computer in, not at the click.
void SettingsPage::chooseValidator() {
    const models::Snapshot& s = models_->snapshot();
    if (s.validator) return;
    const QString question = tr("Ask the group to make this computer a validator?") + QStringLiteral("\n\n") +
                             validatorModeText() + QStringLiteral("\n\n") +
                             tr("The group votes; once it approves, this computer signs blocks whenever Rateio runs.");
    const bool asked = confirm(this, tr("How this computer follows the group"), question);
    refreshMode(s);
    if (asked) network_->proposeThisComputer(mode_message_);
}

void SettingsPage::scrollToMode() {
    scroll_->verticalScrollBar()->setValue(mode_label_->mapTo(scroll_->widget(), QPoint(0, 0)).y());
    if (QWidget* in_use = mode_label_->buddy()) in_use->setFocus(); // refreshMode made it the mode in use
}

void SettingsPage::scrollToNetwork() {
    // The panel's top, with as much of it below as fits.
    scroll_->verticalScrollBar()->setValue(network_->mapTo(scroll_->widget(), QPoint(0, 0)).y());
}

void SettingsPage::setActionsEnabled(bool enabled, const QString& reason) {
    Page::setActionsEnabled(enabled, reason);
    network_->setActionsEnabled(enabled, reason);
    refreshMode(models_->snapshot());
}

void SettingsPage::refreshPort() {
    const models::Snapshot& s = models_->snapshot();
    const std::optional<models::NetworkSettings> network = models::Workspace(wallet_.data_dir).networkSettings();
    // A light node does not listen.
    const bool listens = network.has_value() && !s.light;
    port_label_->setVisible(listens);
    listen_port_->setVisible(listens);
    port_note_->setVisible(listens);
    if (!listens) return;
    // Port 0 in the settings means any free port (the screenshot tool uses it): the one in use is shown.
    const quint16 configured_port = network->listen_port != 0 ? network->listen_port : s.listen_port;
    if (!listen_port_->hasFocus()) {
        const QSignalBlocker blocker(listen_port_);
        listen_port_->setValue(configured_port);
    }
    port_note_->setText(s.listen_port != 0 && s.listen_port == configured_port
                            ? tr("Other members' computers connect to this port. A change takes effect the next time Rateio starts.")
                            : tr("The port could not be opened (another program may use it): this computer reaches the group "
                                 "through its own connections only. A change takes effect the next time Rateio starts."));
}

void SettingsPage::saveListenPort() {
    models::Workspace workspace(wallet_.data_dir);
    std::optional<models::NetworkSettings> network = workspace.networkSettings();
    if (!network || network->listen_port == listen_port_->value()) return;
    network->listen_port = quint16(listen_port_->value());
    if (workspace.saveNetworkSettings(*network))
        showSuccess(message_, tr("The new port is saved; it takes effect the next time Rateio starts."));
    else
        showError(message_, tr("The port could not be saved in %1.").arg(workspace.networkSettingsPath()));
}

// A pen drive plugged in now is offered first; every attempt starts with no
// message, so an error from an earlier one never stands beside a success.
void SettingsPage::backUpWallet() {
    clearMessage(message_);
    const WalletBackup::Folder folder = WalletBackup::suggestedFolder();
    backup_folder_->setText(WalletBackup::describe(folder));
    const QString path = chooseSavePath(tr("Back up wallet"), WalletBackup::suggestedPath(folder, wallet_.wallet_name),
                                        tr("Wallet backups (*.wallet)"));
    if (path.isEmpty()) return;
    const models::Workspace::WalletOutcome outcome = models::Workspace(wallet_.data_dir).exportWallet(wallet_.wallet_name, path);
    if (!outcome.ok())
        showError(message_, tr("The backup could not be written: %1").arg(models::Describe::walletProblem(outcome)));
    else
        showSuccess(message_, tr("Backup saved to %1. Keep it somewhere safe, with the passphrase apart from it.").arg(path));
}

void SettingsPage::changePassphrase() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Change passphrase"));
    auto* form = new QFormLayout(&dialog);
    auto* old_passphrase = new QLineEdit(&dialog);
    auto* new_passphrase = new QLineEdit(&dialog);
    auto* confirm = new QLineEdit(&dialog);
    for (QLineEdit* e : {old_passphrase, new_passphrase, confirm}) e->setEchoMode(QLineEdit::Password);
    auto* error = new QLabel(&dialog);
    error->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(tr("&Current passphrase"), old_passphrase);
    form->addRow(tr("&New passphrase"), new_passphrase);
    form->addRow(tr("New &passphrase again"), confirm);
    form->addRow(error);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (std::size_t(new_passphrase->text().size()) < models::Workspace::kPassphraseLengthMin)
            return showError(error, tr("Use at least %1 characters.").arg(models::Workspace::kPassphraseLengthMin));
        if (new_passphrase->text() != confirm->text()) return showError(error, tr("The two new passphrases differ."));
        models::Workspace workspace(wallet_.data_dir);
        const models::Workspace::WalletOutcome changed =
            workspace.changePassphrase(wallet_.wallet_name, old_passphrase->text(), new_passphrase->text());
        if (!changed.ok())
            return showError(error, changed.problem == models::Workspace::WalletProblem::WrongPassphrase
                                        ? tr("The current passphrase is not right.")
                                        : models::Describe::walletProblem(changed));
        dialog.accept();
    });
    if (dialog.exec() == QDialog::Accepted) showSuccess(message_, tr("The passphrase was changed."));
}

} // namespace ui
