#include "ui/trade_page.h"

#include "models/energy.h"
#include "models/format.h"
#include "ui/action.h"

#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

namespace {

enum OfferAction { Accept, Decline, Cancel };
enum class OfferView { Incoming, Mine, History };

// One of the three views of the offers.
class OfferFilter : public QSortFilterProxyModel {
public:
    OfferFilter(OfferView view, QObject* parent) : QSortFilterProxyModel(parent), view_(view) {}

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const QModelIndex i = sourceModel()->index(row, 0, parent);
        const bool open = i.data(models::OfferModel::StatusRole).toInt() == int(chain::OfferStatus::Open);
        switch (view_) {
        case OfferView::Incoming: return open && i.data(models::OfferModel::IncomingRole).toBool();
        case OfferView::Mine: return open && i.data(models::OfferModel::MineRole).toBool();
        case OfferView::History: return !open;
        }
        return false;
    }

private:
    OfferView view_;
};

QTableView* makeOfferTable(QWidget* parent, QAbstractItemModel* source, OfferView view, const QString& name) {
    auto* table = new QTableView(parent);
    table->setObjectName(name);
    table->setModel(new OfferFilter(view, table));
    static_cast<QSortFilterProxyModel*>(table->model())->setSourceModel(source);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->verticalHeader()->hide();
    table->setColumnHidden(models::OfferModel::IdColumn, true);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setAlternatingRowColors(true);
    return table;
}

} // namespace

TradePage::TradePage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("tradePage"));
    auto* layout = new QVBoxLayout(this);
    heading_ = makeHeading(this);
    balances_ = new QLabel(this);
    balances_->setObjectName(QStringLiteral("tradeBalances"));
    layout->addWidget(heading_);
    layout->addWidget(balances_);

    auto* forms = new QHBoxLayout;
    auto* send_box = new QGroupBox(this);
    auto* send_form = new QFormLayout(send_box);
    send_title_ = new QLabel(send_box);
    QFont bold = send_title_->font();
    bold.setBold(true);
    send_title_->setFont(bold);
    recipient_ = new QComboBox(send_box);
    recipient_->setObjectName(QStringLiteral("tradeRecipient"));
    recipient_->setEditable(true);
    recipient_->setInsertPolicy(QComboBox::NoInsert);
    recipient_->completer()->setFilterMode(Qt::MatchContains);
    recipient_->completer()->setCompletionMode(QCompleter::PopupCompletion);
    quota_ = new QLineEdit(send_box);
    quota_->setObjectName(QStringLiteral("tradeQuotaAmount"));
    tokens_ = new QLineEdit(send_box);
    tokens_->setObjectName(QStringLiteral("tradeTokenAmount"));
    send_button_ = new QPushButton(send_box);
    send_button_->setObjectName(QStringLiteral("tradeSendButton"));
    send_message_ = new QLabel(send_box);
    send_message_->setObjectName(QStringLiteral("tradeSendMessage"));
    send_message_->setWordWrap(true);
    send_message_->hide();
    send_to_label_ = new QLabel(send_box);
    send_quota_label_ = new QLabel(send_box);
    send_tokens_label_ = new QLabel(send_box);
    send_form->addRow(send_title_);
    send_form->addRow(send_to_label_, recipient_);
    send_form->addRow(send_quota_label_, quota_);
    send_form->addRow(send_tokens_label_, tokens_);
    send_form->addRow(send_button_);
    send_form->addRow(send_message_);
    forms->addWidget(send_box, 1);

    auto* offer_box = new QGroupBox(this);
    auto* offer_form = new QFormLayout(offer_box);
    offer_title_ = new QLabel(offer_box);
    offer_title_->setFont(bold);
    offer_to_ = new QComboBox(offer_box);
    offer_to_->setObjectName(QStringLiteral("offerCounterparty"));
    offer_to_->setEditable(true);
    offer_to_->setInsertPolicy(QComboBox::NoInsert);
    offer_to_->completer()->setFilterMode(Qt::MatchContains);
    offer_side_ = new QComboBox(offer_box);
    offer_side_->setObjectName(QStringLiteral("offerSide"));
    offer_side_->addItems({QString(), QString()});
    offer_quota_ = new QLineEdit(offer_box);
    offer_quota_->setObjectName(QStringLiteral("offerQuota"));
    offer_price_ = new QLineEdit(offer_box);
    offer_price_->setObjectName(QStringLiteral("offerPrice"));
    offer_days_ = new QSpinBox(offer_box);
    offer_days_->setObjectName(QStringLiteral("offerDays"));
    offer_days_->setRange(1, 90);
    offer_days_->setValue(7);
    offer_button_ = new QPushButton(offer_box);
    offer_button_->setObjectName(QStringLiteral("offerButton"));
    offer_message_ = new QLabel(offer_box);
    offer_message_->setObjectName(QStringLiteral("offerMessage"));
    offer_message_->setWordWrap(true);
    offer_message_->hide();
    offer_to_label_ = new QLabel(offer_box);
    offer_side_label_ = new QLabel(offer_box);
    offer_quota_label_ = new QLabel(offer_box);
    offer_price_label_ = new QLabel(offer_box);
    offer_days_label_ = new QLabel(offer_box);
    offer_form->addRow(offer_title_);
    offer_form->addRow(offer_to_label_, offer_to_);
    offer_form->addRow(offer_side_label_, offer_side_);
    offer_form->addRow(offer_quota_label_, offer_quota_);
    offer_form->addRow(offer_price_label_, offer_price_);
    offer_form->addRow(offer_days_label_, offer_days_);
    offer_form->addRow(offer_button_);
    offer_form->addRow(offer_message_);
    forms->addWidget(offer_box, 1);
    layout->addLayout(forms);

    incoming_title_ = new QLabel(this);
    incoming_title_->setFont(bold);
    incoming_ = makeOfferTable(this, models_->offers(), OfferView::Incoming, QStringLiteral("tradeIncomingTable"));
    // Offers to me are all to me and all open; mine are all from me.
    incoming_->setColumnHidden(models::OfferModel::ToColumn, true);
    incoming_->setColumnHidden(models::OfferModel::StatusColumn, true);
    accept_ = new QPushButton(this);
    accept_->setObjectName(QStringLiteral("offerAcceptButton"));
    decline_ = new QPushButton(this);
    decline_->setObjectName(QStringLiteral("offerDeclineButton"));
    mine_title_ = new QLabel(this);
    mine_title_->setFont(bold);
    mine_ = makeOfferTable(this, models_->offers(), OfferView::Mine, QStringLiteral("tradeMineTable"));
    mine_->setColumnHidden(models::OfferModel::FromColumn, true);
    mine_->setColumnHidden(models::OfferModel::StatusColumn, true);
    cancel_ = new QPushButton(this);
    cancel_->setObjectName(QStringLiteral("offerCancelButton"));
    history_title_ = new QLabel(this);
    history_title_->setFont(bold);
    history_ = makeOfferTable(this, models_->offers(), OfferView::History, QStringLiteral("tradeHistoryTable"));
    offers_message_ = new QLabel(this);
    offers_message_->setObjectName(QStringLiteral("offersMessage"));
    offers_message_->hide();

    auto* tables = new QGridLayout;
    tables->addWidget(incoming_title_, 0, 0);
    tables->addWidget(mine_title_, 0, 1);
    tables->addWidget(incoming_, 1, 0);
    tables->addWidget(mine_, 1, 1);
    auto* incoming_buttons = new QHBoxLayout;
    incoming_buttons->addWidget(accept_);
    incoming_buttons->addWidget(decline_);
    incoming_buttons->addStretch();
    tables->addLayout(incoming_buttons, 2, 0);
    auto* mine_buttons = new QHBoxLayout;
    mine_buttons->addWidget(cancel_);
    mine_buttons->addStretch();
    tables->addLayout(mine_buttons, 2, 1);
    layout->addLayout(tables, 2);
    layout->addWidget(offers_message_);
    layout->addWidget(history_title_);
    layout->addWidget(history_, 2);

    connect(send_button_, &QPushButton::clicked, this, &TradePage::send);
    connect(offer_button_, &QPushButton::clicked, this, &TradePage::makeOffer);
    connect(accept_, &QPushButton::clicked, this, [this] { answerSelected(incoming_, Accept); });
    connect(decline_, &QPushButton::clicked, this, [this] { answerSelected(incoming_, Decline); });
    connect(cancel_, &QPushButton::clicked, this, [this] { answerSelected(mine_, Cancel); });
    for (QTableView* table : {incoming_, mine_})
        connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] { refresh(); });
    retranslateUi();
    refresh();
}

void TradePage::retranslateUi() {
    heading_->setText(title());
    send_title_->setText(tr("Send to a member"));
    send_to_label_->setText(tr("&To"));
    send_quota_label_->setText(tr("&Quota (kW)"));
    send_tokens_label_->setText(tr("To&kens"));
    quota_->setPlaceholderText(tr("for example 1.5"));
    tokens_->setPlaceholderText(tr("for example 0.5"));
    recipient_->lineEdit()->setPlaceholderText(tr("Type a name"));
    send_button_->setText(tr("&Send"));
    offer_title_->setText(tr("Offer quota for tokens"));
    offer_to_label_->setText(tr("Offer t&o"));
    offer_side_label_->setText(tr("&I want to"));
    offer_side_->setItemText(0, tr("Sell quota"));
    offer_side_->setItemText(1, tr("Buy quota"));
    offer_quota_label_->setText(tr("Quota &amount (kW)"));
    offer_price_label_->setText(tr("&Price (tokens)"));
    offer_days_label_->setText(tr("&Valid for (days)"));
    offer_button_->setText(tr("&Make offer"));
    incoming_title_->setText(tr("Offers to me"));
    mine_title_->setText(tr("My open offers"));
    history_title_->setText(tr("History"));
    accept_->setText(tr("A&ccept"));
    decline_->setText(tr("D&ecline"));
    cancel_->setText(tr("Ca&ncel offer"));
    incoming_->setAccessibleName(incoming_title_->text());
    mine_->setAccessibleName(mine_title_->text());
    history_->setAccessibleName(history_title_->text());
    // An editable list's typing field is read on its own: it says what it is for.
    recipient_->lineEdit()->setAccessibleName(tr("Member to send to"));
    if (offer_to_->lineEdit()) offer_to_->lineEdit()->setAccessibleName(tr("Member to make the offer to"));
}

void TradePage::refreshRecipients() {
    const models::Snapshot& s = models_->snapshot();
    QStringList names;
    std::vector<QByteArray> accounts;
    for (const chain::Member& m : s.members) {
        if (s.has_identity && m.account == s.me) continue;
        names << s.display_name(m.account);
        accounts.emplace_back(reinterpret_cast<const char*>(m.account.data()), int(m.account.size()));
    }
    for (QComboBox* combo : {recipient_, offer_to_}) {
        if (combo->count() == int(names.size())) continue; // membership unchanged: keep what is typed
        const QString typed = combo->currentText();
        combo->clear();
        for (int i = 0; i < names.size(); ++i) combo->addItem(names[i], accounts[std::size_t(i)]);
        combo->setCurrentIndex(-1);
        combo->setEditText(typed);
    }
}

std::optional<chain::AccountId> TradePage::pickedMember(QComboBox* combo) const {
    const int index = combo->findText(combo->currentText().trimmed(), Qt::MatchFixedString);
    if (index < 0) return std::nullopt;
    const QByteArray bytes = combo->itemData(index).toByteArray();
    chain::AccountId account{};
    if (bytes.size() != int(account.size())) return std::nullopt;
    std::copy(bytes.begin(), bytes.end(), account.begin());
    return account;
}

void TradePage::refresh() {
    const models::SummaryModel* s = models_->summary();
    balances_->setText(tr("You have %1 of quota and %2.").arg(models::formatKw(s->myQuotaW()), models::formatSeb(s->myTokensMsb(), s->tokenSymbol())));
    refreshRecipients();
    const bool enabled = actionsEnabled() && s->isMember();
    send_button_->setEnabled(enabled);
    offer_button_->setEnabled(enabled);
    accept_->setEnabled(enabled && incoming_->selectionModel()->hasSelection());
    decline_->setEnabled(enabled && incoming_->selectionModel()->hasSelection());
    cancel_->setEnabled(enabled && mine_->selectionModel()->hasSelection());
    const QString reason = !actionsEnabled() ? actionsDisabledReason() : (s->isMember() ? QString() : tr("Only members can trade."));
    send_button_->setToolTip(reason);
    offer_button_->setToolTip(reason);
}

void TradePage::send() {
    clearMessage(send_message_);
    const std::optional<chain::AccountId> to = pickedMember(recipient_);
    if (!to) {
        showError(send_message_, tr("Choose a member from the list."));
        return;
    }
    const bool with_quota = !quota_->text().trimmed().isEmpty();
    const bool with_tokens = !tokens_->text().trimmed().isEmpty();
    if (!with_quota && !with_tokens) {
        showError(send_message_, tr("Enter the quota, the tokens, or both."));
        return;
    }
    const models::ParsedAmount quota = with_quota ? models::parseKw(quota_->text()) : models::ParsedAmount{0, {}};
    const models::ParsedAmount tokens = with_tokens ? models::parseSeb(tokens_->text(), models_->summary()->tokenSymbol()) : models::ParsedAmount{0, {}};
    if (!quota.ok() || !tokens.ok()) {
        showError(send_message_, quota.ok() ? tokens.error : quota.error);
        return;
    }
    const models::SummaryModel* s = models_->summary();
    if (*quota.value > s->myQuotaW()) {
        showError(send_message_, tr("You have only %1 of quota.").arg(models::formatKw(s->myQuotaW())));
        return;
    }
    if (*tokens.value > s->myTokensMsb()) {
        showError(send_message_, tr("You have only %1.").arg(models::formatSeb(s->myTokensMsb(), s->tokenSymbol())));
        return;
    }
    const QString name = recipient_->currentText();
    const QString sent = with_quota && with_tokens
                             ? tr("%1 of your quota and %2").arg(models::formatKw(*quota.value), models::formatSeb(*tokens.value, s->tokenSymbol()))
                         : with_quota ? tr("%1 of your quota").arg(models::formatKw(*quota.value))
                                      : models::formatSeb(*tokens.value, s->tokenSymbol());
    QString send_question = tr("Send %1 to %2? This cannot be undone.").arg(sent, name);
    if (const QString gd3 = models::EnergyReports::gd3Warning(models_->snapshot(), *to, with_quota ? *quota.value : 0); !gd3.isEmpty())
        send_question += QStringLiteral("\n\n") + gd3;
    if (!confirm(this, tr("Send to %1").arg(name), send_question)) return;
    auto done = [this] {
        quota_->clear();
        tokens_->clear();
    };
    if (with_quota)
        submitAction(models_->client(), chain::GiftQuota{*to, *quota.value}, send_message_, send_button_,
                     tr("Sent %1 of quota to %2.").arg(models::formatKw(*quota.value), name), done);
    if (with_tokens)
        submitAction(models_->client(), chain::GiftTokens{*to, *tokens.value}, send_message_, send_button_,
                     with_quota ? tr("Sent %1 of quota and %2 to %3.").arg(models::formatKw(*quota.value), models::formatSeb(*tokens.value, s->tokenSymbol()), name)
                                : tr("Sent %1 to %2.").arg(models::formatSeb(*tokens.value, s->tokenSymbol()), name),
                     done);
}

void TradePage::makeOffer() {
    clearMessage(offer_message_);
    const std::optional<chain::AccountId> to = pickedMember(offer_to_);
    if (!to) {
        showError(offer_message_, tr("Choose a member from the list."));
        return;
    }
    const models::ParsedAmount quota = models::parseKw(offer_quota_->text());
    const models::ParsedAmount price = models::parseSeb(offer_price_->text(), models_->summary()->tokenSymbol());
    if (!quota.ok() || !price.ok()) {
        showError(offer_message_, quota.ok() ? price.error : quota.error);
        return;
    }
    chain::MakeOffer offer;
    offer.counterparty = *to;
    offer.side = offer_side_->currentIndex() == 0 ? chain::OfferSide::SellQuota : chain::OfferSide::BuyQuota;
    offer.quota_w = *quota.value;
    offer.price_msb = *price.value;
    offer.expires_at_s = models_->snapshot().now_s + std::int64_t(offer_days_->value()) * 86400;
    const QString name = offer_to_->currentText();
    const QString quota_text = models::formatKw(offer.quota_w);
    const QString price_text = models::formatSeb(offer.price_msb, models_->summary()->tokenSymbol());
    const QString question =
        (offer.side == chain::OfferSide::SellQuota ? tr("Offer %1 of your quota to %2 for %3?").arg(quota_text, name, price_text)
                                                   : tr("Offer %1 to %2 for %3 of their quota?").arg(price_text, name, quota_text)) +
        QLatin1Char(' ') +
        tr("If %1 accepts by %2, the exchange happens at once and cannot be undone; until then you can cancel the offer.")
            .arg(name, models::formatDate(offer.expires_at_s));
    // Who would receive the quota if the offer is accepted.
    const chain::AccountId receiver = offer.side == chain::OfferSide::SellQuota ? *to : models_->snapshot().me;
    const QString gd3 = models::EnergyReports::gd3Warning(models_->snapshot(), receiver, offer.quota_w);
    if (!confirm(this, tr("Make an offer"), gd3.isEmpty() ? question : question + QStringLiteral("\n\n") + gd3)) return;
    submitAction(models_->client(), offer, offer_message_, offer_button_, tr("Your offer was sent."), [this] {
        offer_quota_->clear();
        offer_price_->clear();
    });
}

void TradePage::answerSelected(QTableView* table, int action) {
    const QModelIndexList rows = table->selectionModel()->selectedRows();
    if (rows.isEmpty()) return;
    const std::uint64_t id = rows.first().data(models::OfferModel::IdRole).toULongLong();
    if (!confirmAnswer(id, action)) return;
    switch (action) {
    case Accept: submitAction(models_->client(), chain::AcceptOffer{id}, offers_message_, accept_, tr("Offer accepted: the quota and tokens changed hands.")); break;
    case Decline: submitAction(models_->client(), chain::DeclineOffer{id}, offers_message_, decline_, tr("Offer declined.")); break;
    case Cancel: submitAction(models_->client(), chain::CancelOffer{id}, offers_message_, cancel_, tr("Offer cancelled.")); break;
    }
}

// Every answer to an offer is final: accepting moves quota and tokens at
// once, declining or cancelling closes the offer for good. The question names
// the other member, the quota and the price, and says what follows.
bool TradePage::confirmAnswer(std::uint64_t offer_id, int action) {
    const models::Snapshot& s = models_->snapshot();
    const auto offer = std::find_if(s.offers.begin(), s.offers.end(), [&](const chain::Offer& o) { return o.id == offer_id; });
    if (offer == s.offers.end()) return false;
    const bool sells_quota = offer->side == chain::OfferSide::SellQuota; // the maker's side
    const QString quota = models::formatKw(offer->quota_w);
    const QString price = models::formatSeb(offer->price_msb, models_->summary()->tokenSymbol());
    switch (action) {
    case Accept: {
        const QString maker = s.display_name(offer->maker);
        // Who sells quota receives the tokens.
        const QString question =
            sells_quota ? tr("Accept %1's offer: you receive %2 of quota and pay %3? This cannot be undone.").arg(maker, quota, price)
                        : tr("Accept %1's offer: you give %2 of your quota and receive %3? This cannot be undone.").arg(maker, quota, price);
        const QString gd3 = models::EnergyReports::gd3Warning(s, sells_quota ? s.me : offer->maker, offer->quota_w);
        return confirm(this, tr("Accept the offer"), gd3.isEmpty() ? question : question + QStringLiteral("\n\n") + gd3);
    }
    case Decline: {
        const QString maker = s.display_name(offer->maker);
        const QString question = sells_quota ? tr("Decline %1's offer to sell you %2 of quota for %3?").arg(maker, quota, price)
                                             : tr("Decline %1's offer to buy %2 of your quota for %3?").arg(maker, quota, price);
        return confirm(this, tr("Decline the offer"),
                       question + QLatin1Char(' ') +
                           tr("The offer closes for good and nothing changes hands; %1 can make you a new one.").arg(maker));
    }
    case Cancel: {
        const QString counterparty = s.display_name(offer->counterparty);
        const QString question = sells_quota ? tr("Cancel your offer to sell %1 of your quota to %2 for %3?").arg(quota, counterparty, price)
                                             : tr("Cancel your offer to buy %1 of %2's quota for %3?").arg(quota, counterparty, price);
        return confirm(this, tr("Cancel the offer"),
                       question + QLatin1Char(' ') +
                           tr("%1 can no longer accept it; you can make a new offer later.").arg(counterparty));
    }
    }
    return false;
}

} // namespace ui
