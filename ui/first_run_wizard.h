#pragma once
// The first-run assistant: language; then what to do (create a group, join
// one from an invitation, follow one watch-only, or open the demo group);
// the wallet when the choice needs one (create with a confirmed backup, or
// restore from a backup); and the group's details.

#include "models/workspace.h"
#include "node/invitation.h"

#include <QWizard>

namespace ui {

class FirstRunWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { LanguagePageId, StartPageId, WalletChoicePageId, WalletCreatePageId, WalletBackupPageId, WalletRestorePageId,
                  CreateGroupPageId, JoinPageId, WatchPageId };
    enum class Choice { CreateGroup, Join, Watch, Demo };

    explicit FirstRunWizard(QString data_dir, QWidget* parent = nullptr);

    Choice choice() const;
    // Opened from an invitation (a rateio: link or a .rateio-invite file):
    // "Join a group with an invitation" is chosen on the start page and the
    // Join page holds the group id and the peers, with the group's name shown
    // as a hint; the user still picks the language and the wallet, and types
    // their name, consumer unit and utility.
    void setInvitation(const chain::Invitation& invitation);
    // What is wrong with an invitation, in a sentence for the user: typed
    // into the Join page's boxes, or a link or file opened or pasted whole.
    enum class InvitationSource { Typed, LinkOrFile };
    static QString describeInvitationProblem(const chain::ParsedInvitation& parsed, InvitationSource source);
    // Set once the assistant created a group.
    models::OpenedNode takeNode() { return std::move(opened_); }
    QString walletName() const { return wallet_name_; }
    QString language() const;

    // For the pages.
    models::Workspace& workspace() { return workspace_; }
    void setWallet(const QString& name, const chain::crypto::KeyPair& key) {
        wallet_name_ = name;
        key_ = key;
    }
    const std::optional<chain::crypto::KeyPair>& key() const { return key_; }
    void setOpened(models::OpenedNode opened) { opened_ = std::move(opened); }

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    models::Workspace workspace_;
    QString wallet_name_;
    std::optional<chain::crypto::KeyPair> key_;
    models::OpenedNode opened_;
};

} // namespace ui
