#pragma once
// The group on the network, in Settings: for a group on this computer only,
// the button that opens it to neighbours; for a group on the network, the
// invitation to hand out and "Help run the group": the validators, which of
// them this computer sees working, what the numbers mean, and the
// referendums that add or remove one (this desktop, an always-on computer by
// its key, or a validator gone for good).

#include "models/workspace.h"
#include "node/invitation.h"
#include "ui/group_models.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;

namespace ui {

class NetworkPanel : public QWidget {
    Q_OBJECT
public:
    // Addresses a member may add to invitations by hand.
    static constexpr int kPublicAddressesMax = 4;
    // The validators table shows this many rows before it scrolls.
    static constexpr int kValidatorRowsShownMax = 7;

    NetworkPanel(GroupModels* models, QString data_dir, QWidget* parent = nullptr);
    void refresh();
    void retranslateUi();
    void setActionsEnabled(bool enabled, const QString& reason);
    // Shows why the group could not be opened to neighbours (Session calls it).
    void showOpenUpProblem(const QString& text);
    // How many of the `total` validators this computer reaches, after "The
    // group has N validators; ": none and all in words.
    static QString validatorsReached(bool validator, int online, int total);
    // Opens the group's vote on making this computer a validator; the
    // outcome is told in `message` (the validators box's, by default).
    void proposeThisComputer(QLabel* message = nullptr);
    // The open referendum that adds or removes `key`, if there is one.
    const chain::Referendum* openValidatorReferendum(const chain::PublicKey& key) const;

    // Where to save the invitation file; tests answer with a path.
    using SavePathChooser = std::function<QString(const QString&, const QString&, const QString&)>;
    void setSavePathChooser(SavePathChooser chooser) { choose_save_path_ = std::move(chooser); }

signals:
    // The member confirmed: the session reopens the group on the network.
    void openUpRequested();

private:
    void buildOpenUpBox();
    void buildInvitationBox();
    void buildValidatorsBox();
    void refreshInvitation();
    // `network`: the folder's network settings, read once by the caller.
    chain::Invitation currentInvitation(const std::optional<models::NetworkSettings>& network) const;
    void refreshValidators();
    QString reachabilityText(const models::Snapshot& snapshot) const;
    static QString mappingFailureText(const chain::net::PortMappingResult& mapping);
    void savePublicAddress();
    void confirmOpenUp();
    void addAlwaysOnComputer();
    void proposeRemoval();

    GroupModels* models_;
    QString data_dir_;
    SavePathChooser choose_save_path_;
    bool actions_enabled_ = true;
    QString actions_reason_;

    QWidget* open_up_box_;
    QLabel *open_up_title_, *open_up_note_, *open_up_message_;
    QPushButton* open_up_;

    QWidget* invitation_box_;
    QLabel *invite_title_, *invite_note_, *reach_note_;
    QPlainTextEdit* invitation_;
    QPushButton *copy_invitation_, *copy_link_, *save_invitation_;
    QLabel* invite_message_;
    QLabel* public_address_label_;
    QLineEdit* public_address_;
    QPushButton* save_public_address_;

    QWidget* validators_box_;
    QLabel *validators_title_, *validators_summary_, *validators_rule_, *my_key_label_;
    QTableWidget* validators_;
    QPushButton *propose_me_, *add_computer_, *remove_validator_, *copy_my_key_;
    QLabel* validators_message_;
};

} // namespace ui
