#include "ui/network_panel.h"

#include "models/snapshot.h"
#include "models/workspace.h"
#include "node/invitation.h"
#include "ui/action.h"

#include <QApplication>
#include <QClipboard>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace ui {

namespace {

QLabel* wrappedLabel(QWidget* parent, const QString& name = {}) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    if (!name.isEmpty()) label->setObjectName(name);
    return label;
}

QLabel* titleLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

QLabel* messageLabel(QWidget* parent, const QString& name) {
    QLabel* label = wrappedLabel(parent, name);
    label->hide();
    return label;
}

QPushButton* button(QWidget* parent, const QString& name) {
    auto* b = new QPushButton(parent);
    b->setObjectName(name);
    return b;
}

// How many validators may be off with the group still working: f = ⌊(N−1)/3⌋.
int toleratedOff(int validators) { return validators > 0 ? (validators - 1) / 3 : 0; }

enum ValidatorColumn { KeyColumn, WhereColumn, StatusColumn, ValidatorColumnCount };

} // namespace

NetworkPanel::NetworkPanel(GroupModels* models, QString data_dir, QWidget* parent)
    : QWidget(parent), models_(models), data_dir_(std::move(data_dir)) {
    setObjectName(QStringLiteral("networkPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    buildOpenUpBox();
    buildInvitationBox();
    buildValidatorsBox();
    layout->addWidget(open_up_box_);
    layout->addWidget(invitation_box_);
    layout->addWidget(validators_box_);
    retranslateUi();
    refresh();
}

void NetworkPanel::buildOpenUpBox() {
    open_up_box_ = new QWidget(this);
    open_up_box_->setObjectName(QStringLiteral("settingsOpenUpBox"));
    auto* layout = new QVBoxLayout(open_up_box_);
    layout->setContentsMargins(0, 0, 0, 0);
    open_up_title_ = titleLabel(open_up_box_);
    open_up_note_ = wrappedLabel(open_up_box_, QStringLiteral("settingsOpenUpNote"));
    open_up_ = button(open_up_box_, QStringLiteral("settingsOpenUp"));
    open_up_message_ = messageLabel(open_up_box_, QStringLiteral("settingsOpenUpMessage"));
    auto* row = new QHBoxLayout;
    row->addWidget(open_up_);
    row->addStretch();
    layout->addWidget(open_up_title_);
    layout->addWidget(open_up_note_);
    layout->addLayout(row);
    layout->addWidget(open_up_message_);
    connect(open_up_, &QPushButton::clicked, this, &NetworkPanel::confirmOpenUp);
}

void NetworkPanel::buildInvitationBox() {
    invitation_box_ = new QWidget(this);
    invitation_box_->setObjectName(QStringLiteral("settingsInvitationBox"));
    auto* layout = new QVBoxLayout(invitation_box_);
    layout->setContentsMargins(0, 0, 0, 0);
    invite_title_ = titleLabel(invitation_box_);
    invite_note_ = wrappedLabel(invitation_box_, QStringLiteral("settingsInviteNote"));
    reach_note_ = wrappedLabel(invitation_box_, QStringLiteral("settingsReachability"));
    invitation_ = new QPlainTextEdit(invitation_box_);
    invitation_->setObjectName(QStringLiteral("settingsInvitation"));
    invitation_->setReadOnly(true);
    invitation_->setMaximumHeight(90);
    copy_invitation_ = button(invitation_box_, QStringLiteral("settingsCopyInvitation"));
    copy_link_ = button(invitation_box_, QStringLiteral("settingsCopyInvitationLink"));
    save_invitation_ = button(invitation_box_, QStringLiteral("settingsSaveInvitation"));
    invite_message_ = messageLabel(invitation_box_, QStringLiteral("settingsInviteMessage"));
    public_address_label_ = wrappedLabel(invitation_box_);
    public_address_ = new QLineEdit(invitation_box_);
    public_address_->setObjectName(QStringLiteral("settingsPublicAddress"));
    public_address_->setMaximumWidth(420);
    save_public_address_ = button(invitation_box_, QStringLiteral("settingsSavePublicAddress"));
    // The address's label names the field and moves the focus there (Alt+its letter).
    public_address_label_->setBuddy(public_address_);
    auto* row = new QHBoxLayout;
    row->addWidget(copy_invitation_);
    row->addWidget(copy_link_);
    row->addWidget(save_invitation_);
    row->addStretch();
    layout->addWidget(invite_title_);
    layout->addWidget(invite_note_);
    layout->addWidget(reach_note_);
    layout->addWidget(invitation_);
    layout->addLayout(row);
    layout->addWidget(invite_message_);
    auto* address_row = new QHBoxLayout;
    address_row->addWidget(public_address_);
    address_row->addWidget(save_public_address_);
    address_row->addStretch();
    layout->addWidget(public_address_label_);
    layout->addLayout(address_row);
    connect(save_public_address_, &QPushButton::clicked, this, &NetworkPanel::savePublicAddress);
    connect(public_address_, &QLineEdit::returnPressed, this, &NetworkPanel::savePublicAddress);
    connect(copy_invitation_, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(invitation_->toPlainText());
        showSuccess(invite_message_, tr("The invitation was copied. Send it to the person you invite."));
    });
    connect(copy_link_, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(invitation_->property("uri").toString());
        showSuccess(invite_message_, tr("The invitation link was copied. Whoever has Rateio opens it with a click."));
    });
    connect(save_invitation_, &QPushButton::clicked, this, [this] {
        const QString suggested = tr("invitation") + QStringLiteral(".rateio-invite");
        const QString path = choose_save_path_ ? choose_save_path_(tr("Save invitation"), suggested, tr("Rateio invitations (*.rateio-invite)"))
                                               : QFileDialog::getSaveFileName(this, tr("Save invitation"), suggested,
                                                                              tr("Rateio invitations (*.rateio-invite)"));
        if (path.isEmpty()) return;
        QString error;
        if (!chain::write_invitation_file(path, currentInvitation(models::Workspace(data_dir_).networkSettings()), &error))
            showError(invite_message_, tr("The invitation could not be saved in %1.").arg(path));
        else
            showSuccess(invite_message_, tr("Invitation saved to %1. Send the file: opening it starts the join in Rateio.").arg(path));
    });
}

void NetworkPanel::buildValidatorsBox() {
    validators_box_ = new QWidget(this);
    validators_box_->setObjectName(QStringLiteral("settingsValidatorsBox"));
    auto* layout = new QVBoxLayout(validators_box_);
    layout->setContentsMargins(0, 0, 0, 0);
    validators_title_ = titleLabel(validators_box_);
    validators_summary_ = wrappedLabel(validators_box_, QStringLiteral("settingsValidatorsSummary"));
    validators_rule_ = wrappedLabel(validators_box_, QStringLiteral("settingsValidatorsRule"));
    validators_ = new QTableWidget(0, ValidatorColumnCount, validators_box_);
    validators_->setObjectName(QStringLiteral("settingsValidators"));
    validators_->setSelectionBehavior(QAbstractItemView::SelectRows);
    validators_->setSelectionMode(QAbstractItemView::SingleSelection);
    validators_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    validators_->verticalHeader()->hide();
    validators_->horizontalHeader()->setStretchLastSection(true);
    my_key_label_ = wrappedLabel(validators_box_, QStringLiteral("settingsMyNodeKey"));
    my_key_label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    propose_me_ = button(validators_box_, QStringLiteral("settingsProposeMe"));
    add_computer_ = button(validators_box_, QStringLiteral("settingsAddValidator"));
    remove_validator_ = button(validators_box_, QStringLiteral("settingsRemoveValidator"));
    copy_my_key_ = button(validators_box_, QStringLiteral("settingsCopyNodeKey"));
    validators_message_ = messageLabel(validators_box_, QStringLiteral("settingsValidatorsMessage"));
    auto* row = new QHBoxLayout;
    row->addWidget(propose_me_);
    row->addWidget(add_computer_);
    row->addWidget(remove_validator_);
    row->addStretch();
    auto* key_row = new QHBoxLayout;
    key_row->addWidget(my_key_label_, 1);
    key_row->addWidget(copy_my_key_);
    layout->addWidget(validators_title_);
    layout->addWidget(validators_summary_);
    layout->addWidget(validators_rule_);
    layout->addWidget(validators_);
    layout->addLayout(key_row);
    layout->addLayout(row);
    layout->addWidget(validators_message_);
    connect(propose_me_, &QPushButton::clicked, this, [this] { proposeThisComputer(); });
    connect(add_computer_, &QPushButton::clicked, this, &NetworkPanel::addAlwaysOnComputer);
    connect(remove_validator_, &QPushButton::clicked, this, &NetworkPanel::proposeRemoval);
    connect(copy_my_key_, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(models::node_key_hex(models_->snapshot().node_key));
        showSuccess(validators_message_, tr("This computer's key was copied."));
    });
    connect(validators_, &QTableWidget::itemSelectionChanged, this, &NetworkPanel::refreshValidators);
}

void NetworkPanel::retranslateUi() {
    open_up_title_->setText(tr("Open the group to neighbours"));
    open_up_note_->setText(tr("This group runs on this computer only: no one else can join it yet. Open it to your "
                              "neighbours and this computer becomes the group's first validator on the network. "
                              "Every member, vote and balance stays as it is."));
    open_up_->setText(tr("&Open the group to neighbours…"));
    invite_title_->setText(tr("Invite someone"));
    invite_note_->setText(tr("Send the invitation to the person you invite, as a file, a link or text. Opening the file "
                             "or the link in Rateio starts the join with everything filled in; the text is pasted in "
                             "the first-run assistant under \"Join a group with an invitation\". Then the members vote "
                             "on their admission."));
    copy_invitation_->setText(tr("Cop&y invitation"));
    copy_link_->setText(tr("C&opy link"));
    save_invitation_->setText(tr("Sa&ve invitation file…"));
    public_address_->setPlaceholderText(tr("for example casa.example.com.br:26656"));
    save_public_address_->setText(tr("&Save address"));
    validators_title_->setText(tr("Help run the group"));
    // Plain words first; the formula and the word "block" go in the tooltip.
    validators_rule_->setText(tr("Validators are the computers that confirm each new entry in the group's records. An entry "
                                 "needs the confirmation of more than two thirds of them: with 1 to 3 validators none may be "
                                 "off, with 4 one may be, with 7 two. Good validators stay on day and night."));
    validators_rule_->setToolTip(tr("Technical details: validators sign each block; a block needs the signatures of more than "
                                    "two thirds of them, so N validators tolerate ⌊(N−1)/3⌋ off."));
    validators_->setHorizontalHeaderLabels({tr("Validator"), tr("Computer"), tr("Status")});
    propose_me_->setText(tr("Propose this co&mputer as a validator"));
    add_computer_->setText(tr("Add an al&ways-on computer…"));
    remove_validator_->setText(tr("Propose removin&g the selected validator…"));
    copy_my_key_->setText(tr("Copy &key"));
    refresh();
}

void NetworkPanel::setActionsEnabled(bool enabled, const QString& reason) {
    actions_enabled_ = enabled;
    actions_reason_ = reason;
    refresh();
}

void NetworkPanel::showOpenUpProblem(const QString& text) { showError(open_up_message_, text); }

void NetworkPanel::refresh() {
    const models::Snapshot& s = models_->snapshot();
    const bool embedded = !s.networked;
    // Only the founder's own embedded group can be opened (a demo's clock ran ahead; Workspace says so).
    open_up_box_->setVisible(embedded && s.has_identity);
    open_up_->setEnabled(actions_enabled_);
    open_up_->setToolTip(actions_enabled_ ? QString() : actions_reason_);
    invitation_box_->setVisible(!embedded);
    validators_box_->setVisible(!embedded);
    if (embedded) return;
    refreshInvitation();
    refreshValidators();
}

// The group id, the checkpoint, and every address known to reach the
// group: this computer's (when it listens), and the peers it was given itself.
chain::Invitation NetworkPanel::currentInvitation(const std::optional<models::NetworkSettings>& network) const {
    const models::Snapshot& s = models_->snapshot();
    chain::Invitation invitation;
    invitation.group_id = s.summary.group_id;
    invitation.group_name = QString::fromStdString(s.summary.name);
    invitation.checkpoint = s.invitation_checkpoint;
    QStringList addresses;
    if (network) addresses << network->advertised;
    if (s.listen_port != 0 && (!network || network->advertise_interfaces)) addresses << s.reachability.invitation_addresses;
    if (network) addresses << network->peers;
    for (const QString& address : addresses)
        if (!invitation.peers.contains(address) && invitation.peers.size() < chain::kInvitationPeersMax) invitation.peers << address;
    return invitation;
}

void NetworkPanel::refreshInvitation() {
    const models::Snapshot& s = models_->snapshot();
    const std::optional<models::NetworkSettings> network = models::Workspace(data_dir_).networkSettings();
    const chain::Invitation invitation = currentInvitation(network);
    const QString text = invitation.to_text();
    if (invitation_->toPlainText() != text) invitation_->setPlainText(text);
    invitation_->setProperty("uri", invitation.to_uri());
    invitation_->setProperty("peers", invitation.peers);
    const bool has_address = !invitation.peers.isEmpty();
    copy_invitation_->setEnabled(has_address);
    copy_link_->setEnabled(has_address);
    save_invitation_->setEnabled(has_address);
    const QString reach = has_address ? reachabilityText(s)
                                      : tr("This computer has no address other computers can reach, and knows no other "
                                           "computer of the group: connect it to a network first.");
    reach_note_->setText(reach);
    reach_note_->setVisible(!reach.isEmpty());
    public_address_label_->setText(tr("This computer's address on the internet, if you opened port %1 on the router yourself")
                                       .arg(s.listen_port));
    // A light node does not listen: its invitations name the group's computers it asks.
    for (QWidget* w : std::initializer_list<QWidget*>{public_address_label_, public_address_, save_public_address_})
        w->setVisible(!s.light);
    if (s.light) reach_note_->hide();
    if (!public_address_->hasFocus() && network) public_address_->setText(network->advertised.join(QStringLiteral(", ")));
}

// How other homes reach this computer, in plain words, and what to do when
// they cannot.
QString NetworkPanel::reachabilityText(const models::Snapshot& s) const {
    const chain::ReachabilityStatus& r = s.reachability;
    const QString port = QString::number(r.port);
    QString text;
    switch (r.method) {
    case chain::ReachabilityMethod::NotNetworked:
    case chain::ReachabilityMethod::NotChecked: return {};
    case chain::ReachabilityMethod::Checking: text = tr("Checking how other homes can reach this computer…"); break;
    case chain::ReachabilityMethod::Ipv6:
        text = tr("Other homes reach this computer over IPv6 (%1), if the home router lets incoming connections in.")
                   .arg(r.invitation_addresses.value(0));
        break;
    case chain::ReachabilityMethod::UpnpIgd:
        text = tr("The home router opened port %1 for Rateio (UPnP): other homes reach this computer at %2.")
                   .arg(port, r.mapping.external_host_port());
        break;
    case chain::ReachabilityMethod::NatPmp:
        text = tr("The home router opened port %1 for Rateio (NAT-PMP): other homes reach this computer at %2.")
                   .arg(port, r.mapping.external_host_port());
        break;
    case chain::ReachabilityMethod::LocalNetworkOnly:
        text = tr("Only computers on this home's network can reach this one: %1 To let neighbours in other homes connect, "
                  "open TCP port %2 on the router to this computer and write the router's public address below, or "
                  "add an always-on computer as a validator (Help run the group).")
                   .arg(mappingFailureText(r.mapping), port);
        break;
    }
    switch (r.lan.state) {
    case chain::net::LanDiscoveryState::Running:
        text += QLatin1Char(' ') + tr("Neighbours on this network find this computer by themselves.");
        break;
    case chain::net::LanDiscoveryState::DaemonUnavailable:
        text += QLatin1Char(' ') + tr("Neighbours on this network need the invitation: the Avahi service that lets them "
                                      "find this computer is not running.");
        break;
    case chain::net::LanDiscoveryState::Off:
    case chain::net::LanDiscoveryState::Starting:
    case chain::net::LanDiscoveryState::Failed: break;
    }
    return text;
}

QString NetworkPanel::mappingFailureText(const chain::net::PortMappingResult& mapping) {
    switch (mapping.failure) {
    case chain::net::PortMappingFailure::NoRouter: return tr("no router answered the request to open a port.");
    case chain::net::PortMappingFailure::Refused:
        return tr("the router refused to open a port (its answer: %1).")
            .arg(mapping.router_error_text.isEmpty() ? QString::number(mapping.router_error_code) : mapping.router_error_text);
    case chain::net::PortMappingFailure::Timeout: return tr("the router did not answer in time.");
    case chain::net::PortMappingFailure::PrivateExternalAddress:
        return tr("the internet provider shares one public address among many homes (CGNAT), so no port can be opened here.");
    case chain::net::PortMappingFailure::None: break;
    }
    return tr("the router opened no port.");
}

// None and all are said in words: "connected to 0 of them", "1 of 1 of them" read badly.
QString NetworkPanel::validatorsReached(bool validator, int online, int total) {
    if (validator) return tr("%1 online.").arg(online);
    if (online == 0) return tr("this computer is not connected to any of them yet.", nullptr, total);
    if (online >= total) return tr("this computer is connected to all of them.", nullptr, total);
    return tr("this computer is connected to %1 of them.").arg(online);
}

void NetworkPanel::refreshValidators() {
    const models::Snapshot& s = models_->snapshot();
    const int total = int(s.summary.validators.size());
    const int online = int(s.validators_online.size());
    // A light node connects only while it checks: which validators are on is not known to it.
    QString summary = s.light ? tr("The group has %n validator(s).", nullptr, total)
                              : tr("The group has %n validator(s)", nullptr, total) + QStringLiteral("; ") +
                                    validatorsReached(s.validator, online, total);
    if (total == 1)
        summary += QLatin1Char(' ') + tr("With one validator the group stops whenever that computer is off: votes, pledges "
                                         "and trades wait until it is back. Add validators to keep the group going.");
    else if (s.group_paused())
        summary += QLatin1Char(' ') + tr("The group is paused: a block needs %1 of the %2 validators. It goes on by itself "
                                         "once enough of them are on.").arg(s.validators_needed()).arg(total);
    else if (toleratedOff(total) == 0)
        summary += QLatin1Char(' ') + tr("A block needs all of them, so the group stops whenever one is off: with 4 "
                                         "validators it keeps working with one off.");
    else
        summary += QLatin1Char(' ') + tr("It keeps working with %n of them off.", nullptr, toleratedOff(total));
    validators_summary_->setText(summary);

    const std::optional<chain::PublicKey> selected_key = [&]() -> std::optional<chain::PublicKey> {
        const int row = validators_->currentRow();
        if (row < 0 || row >= total || validators_->selectedItems().isEmpty()) return std::nullopt;
        return models::parse_node_key(validators_->item(row, KeyColumn)->data(Qt::UserRole).toString());
    }();
    {
        const QSignalBlocker blocker(validators_);
        validators_->setRowCount(total);
        for (int row = 0; row < total; ++row) {
            const chain::PublicKey& key = s.summary.validators[std::size_t(row)];
            auto* key_item = new QTableWidgetItem(models::short_node_key(key));
            key_item->setData(Qt::UserRole, models::node_key_hex(key));
            key_item->setToolTip(models::node_key_hex(key));
            validators_->setItem(row, KeyColumn, key_item);
            validators_->setItem(row, WhereColumn, new QTableWidgetItem(key == s.node_key ? tr("This computer") : QString()));
            validators_->setItem(row, StatusColumn,
                                 new QTableWidgetItem(s.light ? tr("Not followed in light mode")
                                                      : s.is_validator_online(key) ? tr("Online")
                                                                                   : tr("Not seen")));
            if (selected_key && *selected_key == key) validators_->selectRow(row);
        }
    }
    validators_->resizeColumnToContents(KeyColumn);
    validators_->resizeColumnToContents(WhereColumn);
    // As tall as its rows, up to kValidatorRowsShownMax; more scroll.
    const int rows_shown = std::clamp(total, 1, kValidatorRowsShownMax);
    validators_->setFixedHeight(validators_->horizontalHeader()->sizeHint().height() +
                                rows_shown * validators_->verticalHeader()->defaultSectionSize() + 2 * validators_->frameWidth());

    my_key_label_->setText(tr("This computer's key: %1").arg(models::node_key_hex(s.node_key)));
    const bool member = s.has_identity && s.is_member(s.me);
    const chain::Referendum* mine = openValidatorReferendum(s.node_key);
    propose_me_->setVisible(member && !s.validator);
    propose_me_->setEnabled(actions_enabled_ && !mine);
    propose_me_->setToolTip(!actions_enabled_ ? actions_reason_
                            : mine ? tr("The group is voting on it (vote %1).").arg(mine->id)
                                   : tr("Opens a vote; once the group approves, this computer signs blocks whenever Rateio runs."));
    add_computer_->setVisible(member);
    add_computer_->setEnabled(actions_enabled_);
    remove_validator_->setVisible(member);
    remove_validator_->setEnabled(actions_enabled_ && selected_key.has_value() && total > 1);
    remove_validator_->setToolTip(!actions_enabled_ ? actions_reason_
                                  : total <= 1 ? tr("The group's last validator cannot be removed.")
                                               : tr("Select a validator in the table first."));
}

const chain::Referendum* NetworkPanel::openValidatorReferendum(const chain::PublicKey& key) const {
    for (const chain::Referendum& r : models_->snapshot().referendums) {
        if (r.outcome != chain::Outcome::Pending || !r.change) continue;
        if (const auto* add = std::get_if<chain::AddValidator>(&*r.change); add && add->validator == key) return &r;
        if (const auto* remove = std::get_if<chain::RemoveValidator>(&*r.change); remove && remove->validator == key) return &r;
    }
    return nullptr;
}

// Addresses the member set up themselves (a forwarded port, a dynamic DNS
// name) go into every invitation from now on.
void NetworkPanel::savePublicAddress() {
    models::Workspace workspace(data_dir_);
    std::optional<models::NetworkSettings> network = workspace.networkSettings();
    if (!network) return;
    QStringList addresses;
    for (const QString& part : public_address_->text().split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts)) {
        if (!chain::is_peer_address(part))
            return showError(invite_message_, tr("\"%1\" is not an address: write it as host:port, for example casa.example.com.br:26656.").arg(part));
        if (!addresses.contains(part)) addresses << part;
    }
    if (addresses.size() > kPublicAddressesMax)
        return showError(invite_message_, tr("Write at most %1 addresses.").arg(kPublicAddressesMax));
    network->advertised = addresses;
    if (!workspace.saveNetworkSettings(*network))
        return showError(invite_message_, tr("The address could not be saved in %1.").arg(workspace.networkSettingsPath()));
    showSuccess(invite_message_, addresses.isEmpty() ? tr("Invitations no longer carry an address of your own.")
                                                     : tr("Saved: invitations now carry this address."));
    refreshInvitation();
}

void NetworkPanel::confirmOpenUp() {
    clearMessage(open_up_message_);
    const QMessageBox::StandardButton answer = QMessageBox::question(
        this, tr("Open the group to neighbours"),
        tr("Rateio will reopen the group on the network: this computer becomes its first validator and listens for your "
           "neighbours' computers. Nothing is lost. Open the group now?"));
    if (answer == QMessageBox::Yes) emit openUpRequested();
}

void NetworkPanel::proposeThisComputer(QLabel* message) {
    const models::Snapshot& s = models_->snapshot();
    if (!message) message = validators_message_;
    clearMessage(message);
    chain::ProposeChange change{chain::AddValidator{s.node_key}, tr("My own computer, to help run the group.").toStdString()};
    submitAction(models_->client(), std::move(change), message, propose_me_,
                 tr("Proposed: the group now votes on adding this computer as a validator."));
}

// An always-on computer (a home server running rateio-node) is named by the
// key it printed when it was set up.
void NetworkPanel::addAlwaysOnComputer() {
    clearMessage(validators_message_);
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("addValidatorDialog"));
    dialog.setWindowTitle(tr("Add an always-on computer"));
    auto* form = new QFormLayout(&dialog);
    auto* note = wrappedLabel(&dialog);
    note->setText(tr("Paste the key the computer printed when rateio-node was set up on it (66 letters and digits). "
                     "The group then votes; once approved, that computer signs blocks."));
    auto* key = new QLineEdit(&dialog);
    key->setObjectName(QStringLiteral("addValidatorKey"));
    key->setMinimumWidth(480);
    auto* reason = new QLineEdit(&dialog);
    reason->setObjectName(QStringLiteral("addValidatorReason"));
    reason->setPlaceholderText(tr("for example The association's office computer"));
    reason->setMaxLength(int(chain::kReasonLengthMax));
    auto* error = messageLabel(&dialog, QStringLiteral("addValidatorError"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Propose"));
    form->addRow(note);
    form->addRow(tr("&Computer's key"), key);
    form->addRow(tr("&What it is"), reason);
    form->addRow(error);
    form->addRow(buttons);
    std::optional<chain::PublicKey> parsed;
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        parsed = models::parse_node_key(key->text());
        if (!parsed) return showError(error, tr("That is not a computer's key: it has 66 letters (a to f) and digits, as rateio-node printed it."));
        const std::vector<chain::PublicKey>& validators = models_->snapshot().summary.validators;
        if (std::find(validators.begin(), validators.end(), *parsed) != validators.end())
            return showError(error, tr("That computer is already a validator."));
        if (reason->text().trimmed().isEmpty()) return showError(error, tr("Say what the computer is, so the members know what they vote on."));
        dialog.accept();
    });
    if (dialog.exec() != QDialog::Accepted || !parsed) return;
    submitAction(models_->client(), chain::ProposeChange{chain::AddValidator{*parsed}, reason->text().trimmed().toStdString()},
                 validators_message_, add_computer_, tr("Proposed: the group now votes on adding that computer as a validator."));
}

void NetworkPanel::proposeRemoval() {
    clearMessage(validators_message_);
    const int row = validators_->currentRow();
    if (row < 0) return;
    const std::optional<chain::PublicKey> key = models::parse_node_key(validators_->item(row, KeyColumn)->data(Qt::UserRole).toString());
    if (!key) return;
    const QMessageBox::StandardButton answer = QMessageBox::question(
        this, tr("Remove a validator"),
        tr("Propose removing the validator %1? Do it only for a computer that is gone for good: the group votes, and "
           "once approved the computer no longer signs blocks.").arg(models::short_node_key(*key)));
    if (answer != QMessageBox::Yes) return;
    submitAction(models_->client(), chain::ProposeChange{chain::RemoveValidator{*key}, tr("The computer is gone for good.").toStdString()},
                 validators_message_, remove_validator_, tr("Proposed: the group now votes on removing that validator."));
}

} // namespace ui
