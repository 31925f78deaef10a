#include "ui/members_page.h"

#include "models/energy.h"
#include "models/format.h"
#include "ui/action.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

MembersPage::MembersPage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("membersPage"));
    auto* layout = new QVBoxLayout(this);
    heading_ = makeHeading(this);
    privacy_ = new QLabel(this);
    privacy_->setWordWrap(true);
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("membersSearch"));
    search_->setClearButtonEnabled(true);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(models_->members());
    proxy_->setSortRole(models::MemberModel::SortRole);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("membersTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(models::MemberModel::QuotaColumn, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(models::MemberModel::NameColumn, QHeaderView::Stretch);
    table_->setAlternatingRowColors(true);
    remove_ = new QPushButton(this);
    remove_->setObjectName(QStringLiteral("memberProposeRemoval"));
    correct_ = new QPushButton(this);
    correct_->setObjectName(QStringLiteral("memberProposeCorrection"));
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("membersMessage"));
    message_->setWordWrap(true);
    message_->hide();
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(remove_);
    buttons->addWidget(correct_);
    buttons->addStretch();
    layout->addWidget(heading_);
    layout->addWidget(privacy_);
    layout->addWidget(search_);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    layout->addWidget(message_);
    connect(search_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { refresh(); });
    connect(remove_, &QPushButton::clicked, this, &MembersPage::proposeRemoval);
    connect(correct_, &QPushButton::clicked, this, &MembersPage::proposeCorrection);
    retranslateUi();
    refresh();
}

void MembersPage::retranslateUi() {
    heading_->setText(title());
    privacy_->setText(tr("Names are stored sealed: only members can read them. The utility and the regulator see "
                         "codes and quotas, never names."));
    privacy_->setToolTip(tr("Each name is encrypted in the group's shared record (its ledger) to the group's key; outsiders "
                            "see the member's address, a code derived from their wallet."));
    search_->setPlaceholderText(tr("Search by name or utility"));
    search_->setAccessibleName(tr("Search members"));
    table_->setAccessibleName(title());
    remove_->setText(tr("&Propose removal…"));
    correct_->setText(tr("Propose a &correction…"));
}

std::optional<chain::AccountId> MembersPage::selectedMember() const {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return std::nullopt;
    const QByteArray bytes = rows.first().data(models::MemberModel::AccountRole).toByteArray();
    chain::AccountId account{};
    if (bytes.size() != int(account.size())) return std::nullopt;
    std::copy(bytes.begin(), bytes.end(), account.begin());
    return account;
}

void MembersPage::refresh() {
    const bool member = models_->summary()->isMember();
    const bool selected = selectedMember().has_value();
    remove_->setEnabled(actionsEnabled() && member && selected);
    correct_->setEnabled(actionsEnabled() && member && selected);
    const QString reason = !actionsEnabled() ? actionsDisabledReason()
                           : !member        ? tr("Only members can propose changes.")
                           : !selected      ? tr("Select a member first.")
                                            : QString();
    remove_->setToolTip(reason);
    correct_->setToolTip(reason);
}

void MembersPage::proposeRemoval() {
    const std::optional<chain::AccountId> account = selectedMember();
    if (!account) return;
    const QString name = models_->snapshot().display_name(*account);
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("memberRemovalReasonDialog"));
    dialog.setWindowTitle(tr("Propose removal"));
    const bool me = models_->snapshot().has_identity && *account == models_->snapshot().me;
    const std::optional<chain::EnergyAccount>& energy = models_->myEnergy();
    const QString credit = me ? models::EnergyReports::exitCreditsText(
                                    true, energy && !energy->months.empty() ? energy->months.back().credit_balance_wh : 0)
                              : models::EnergyReports::exitCreditsText(false);
    dialog.setLabelText(tr("The members will vote on removing %1. If approved, their quota goes to the others in proportion and their "
                           "tokens are burned.").arg(name) +
                        QStringLiteral("\n\n") + credit + QStringLiteral("\n\n") + tr("&Explain why:"));
    dialog.setOption(QInputDialog::UsePlainTextEditForTextInput);
    // Qt names a one-line field by its label, not the box of several lines: it is named here.
    if (auto* box = dialog.findChild<QPlainTextEdit*>()) box->setAccessibleName(tr("Why %1 should be removed").arg(name));
    if (dialog.exec() != QDialog::Accepted) return;
    const QString reason = dialog.textValue();
    if (reason.trimmed().isEmpty()) {
        showError(message_, tr("Explain why, so the members can decide."));
        return;
    }
    if (!confirmReferendum(tr("Propose removing %1 from the group? If the members approve, %1's quota goes to the others in "
                              "proportion and their tokens are burned.").arg(name)))
        return;
    submitAction(models_->client(), chain::ProposeChange{chain::RemoveMember{*account}, reason.trimmed().toStdString()}, message_,
                 remove_, tr("The vote on removing %1 is open.").arg(name));
}

void MembersPage::proposeCorrection() {
    const std::optional<chain::AccountId> from = selectedMember();
    if (!from) return;
    const models::Snapshot& s = models_->snapshot();
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Propose a correction"));
    auto* form = new QFormLayout(&dialog);
    auto* to = new QComboBox(&dialog);
    for (const chain::Member& m : s.members)
        if (m.account != *from) to->addItem(s.display_name(m.account), QByteArray(reinterpret_cast<const char*>(m.account.data()), int(m.account.size())));
    auto* what = new QComboBox(&dialog);
    what->addItems({tr("Quota (kW)"), tr("Tokens")});
    auto* amount = new QLineEdit(&dialog);
    auto* reason = new QPlainTextEdit(&dialog);
    auto* error = new QLabel(&dialog);
    error->hide();
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(tr("From"), new QLabel(s.display_name(*from), &dialog));
    form->addRow(tr("&To"), to);
    form->addRow(tr("&Move"), what);
    form->addRow(tr("&Amount"), amount);
    form->addRow(tr("&Why"), reason);
    form->addRow(error);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        const bool quota = what->currentIndex() == 0;
        const models::ParsedAmount parsed =
            quota ? models::parseKw(amount->text()) : models::parseSeb(amount->text(), models_->summary()->tokenSymbol());
        if (!parsed.ok()) return showError(error, parsed.error);
        if (reason->toPlainText().trimmed().isEmpty()) return showError(error, tr("Explain why, so the members can decide."));
        dialog.accept();
    });
    if (dialog.exec() != QDialog::Accepted) return;
    const QByteArray bytes = to->currentData().toByteArray();
    chain::AccountId target{};
    std::copy(bytes.begin(), bytes.end(), target.begin());
    const bool quota = what->currentIndex() == 0;
    const models::ParsedAmount parsed =
        quota ? models::parseKw(amount->text()) : models::parseSeb(amount->text(), models_->summary()->tokenSymbol());
    const chain::Change change = quota ? chain::Change{chain::MoveQuota{*from, target, *parsed.value}}
                                       : chain::Change{chain::MoveTokens{*from, target, *parsed.value}};
    const QString moved = quota ? tr("%1 of quota").arg(models::formatKw(*parsed.value))
                                : models::formatSeb(*parsed.value, models_->summary()->tokenSymbol());
    if (!confirmReferendum(tr("Propose moving %1 from %2 to %3?").arg(moved, s.display_name(*from), to->currentText()),
                           models::EnergyReports::gd3Warning(s, target, quota ? *parsed.value : 0)))
        return;
    submitAction(models_->client(), chain::ProposeChange{change, reason->toPlainText().trimmed().toStdString()}, message_, correct_,
                 tr("The vote on the correction is open."));
}

// A proposal opens a vote at once and cannot be withdrawn: the question
// names the change, and says how long the vote runs.
bool MembersPage::confirmReferendum(const QString& change, const QString& warning) {
    const std::int64_t period_s = std::int64_t(models_->snapshot().summary.params.referendum_period_s);
    return confirm(this, tr("Open a vote"),
                   change + QLatin1Char(' ') +
                       tr("The vote opens at once for %1 and cannot be withdrawn; the members decide.").arg(models::formatRemaining(period_s)) +
                       (warning.isEmpty() ? QString() : QStringLiteral("\n\n") + warning));
}

} // namespace ui
