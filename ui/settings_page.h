#pragma once
// Language (switched without a restart), theme, the node, the wallet's
// backup and passphrase, and notifications.

#include "ui/network_panel.h"
#include "ui/page.h"

#include <cstdint>
#include <vector>

class QCheckBox;
class QFormLayout;
class QGroupBox;
class QLineEdit;
class QComboBox;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QScrollArea;
class QSpinBox;
class QTableWidget;

namespace ui {

struct WalletLocation {
    QString data_dir;
    QString wallet_name; // empty for a watch-only node
};

class SettingsPage : public Page {
    Q_OBJECT
public:
    SettingsPage(GroupModels* models, WalletLocation wallet, QWidget* parent = nullptr);
    QString title() const override { return tr("Settings"); }
    void refresh() override;
    void retranslateUi() override;
    void setCurrent(const QString& language, const QString& theme, bool notifications);
    void setActionsEnabled(bool enabled, const QString& reason) override;
    NetworkPanel* networkPanel() const { return network_; }
    // Scrolls to the group on the network: the invitation and the validators.
    void scrollToNetwork();
    // Scrolls to the choice of light or full mode.
    void scrollToMode();
    // What each mode keeps, asks for and shows, in plain words.
    static QString lightModeText();
    static QString fullModeText();
    static QString validatorModeText();
    // The "This computer" lines in plain words: what it does for the group,
    // and how many neighbours' computers it is connected to (none in words).
    static QString computerRoleText(const models::Snapshot& s);
    static QString connectionsText(const models::Snapshot& s);
    static QString costsText(const models::Snapshot& s);
    // The same in the protocol's terms (node role, peers, the whole group id):
    // the lines' tooltip and accessible description.
    static QString technicalRoleText(const models::Snapshot& s);

signals:
    void languageChosen(const QString& code);
    void themeChosen(const QString& name);
    void notificationsChosen(bool on);
    void openUpRequested();
    // The follower confirmed a switch: to light mode (true) or to full.
    void modeChosen(bool light);

private:
    void refreshMode(const models::Snapshot& s);
    void chooseMode(bool light);
    // A member asks the group to make this computer a validator.
    void chooseValidator();
    void backUpWallet();
    void changePassphrase();
    void refreshProtocol(const models::Snapshot& s);
    // The open vote on a protocol upgrade, if any.
    static const chain::Referendum* openUpgradeReferendum(const models::Snapshot& s);
    void proposeUpgrade();
    void refreshPort();
    void saveListenPort();
    QGroupBox* buildTariffBox();
    void showTariff();
    void saveTariff();
    // One row per month of flagMonths(), rebuilt only when those months change
    // (so a refresh never drops a choice being made).
    void rebuildFlagRows();
    void saveMonthFlag(std::uint32_t month, QComboBox* choice);

    WalletLocation wallet_;
    QLabel* heading_;
    QLabel *language_label_, *theme_label_, *notifications_label_, *notifications_note_;
    // Leading digits of the group id shown in the node's lines.
    static constexpr int kGroupIdShownDigits = 16;
    QLabel *appearance_title_, *node_title_, *wallet_title_;
    QComboBox* language_;
    QComboBox* theme_;
    QCheckBox* notifications_;
    QLabel* node_info_;
    QLabel* protocol_info_;          // "Rules version: 1 (version 2 available)"
    QPushButton* propose_upgrade_;   // "Propose the update…"
    QLabel* upgrade_message_;
    QLabel *port_label_, *port_note_;
    QLabel *mode_label_, *mode_note_;
    QRadioButton *mode_full_, *mode_light_, *mode_validator_;
    QLabel *mode_full_text_, *mode_light_text_, *mode_validator_text_;
    QLabel* mode_message_; // the outcome of a proposal made from the Mode row
    QFormLayout* mode_form_; // the rows of the mode are shown only on a networked group
    NetworkPanel* network_;
    QScrollArea* scroll_;
    QSpinBox* listen_port_;
    QLabel* wallet_info_;
    QPushButton* backup_;
    QLabel* backup_folder_; // where "Back up wallet…" offers to save, and why
    QPushButton* passphrase_;
    QLabel* message_;
    QGroupBox* tariff_box_;
    QLabel *tariff_note_, *te_label_, *tusd_label_, *fio_b_label_, *gd3_extra_label_, *flags_label_, *flags_note_;
    QLineEdit *te_, *tusd_, *fio_b_, *gd3_extra_;
    QCheckBox* low_income_;
    QTableWidget* flags_;
    std::vector<std::uint32_t> flag_months_; // the rows of flags_
    QPushButton* save_tariff_;
    QPushButton* default_tariff_;
    QLabel* tariff_message_;
};

} // namespace ui
