#pragma once
// The first-run assistant: language; then what to do (create a group, join
// one from an invitation, follow one watch-only, or open the demo group);
// the wallet when the choice needs one (create with a confirmed backup, or
// restore from a backup); and the group's details.

#include "models/workspace.h"
#include "node/invitation.h"

#include <QWizard>

#include <functional>

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

    // For the pages: the wallet the assistant will use, and the passphrase
    // that opens it (kept only while the assistant runs: the backup page
    // reads the saved backup back and decrypts it with it).
    models::Workspace& workspace() { return workspace_; }
    void setWallet(const QString& name, const chain::crypto::KeyPair& key, const QString& passphrase) {
        wallet_name_ = name;
        key_ = key;
        passphrase_ = passphrase;
    }
    const std::optional<chain::crypto::KeyPair>& key() const { return key_; }
    const QString& walletPassphrase() const { return passphrase_; }
    void setOpened(models::OpenedNode opened) { opened_ = std::move(opened); }

    // Wallet files the assistant wrote (created, or restored from a backup)
    // are removed when it ends without using them: on Cancel, on closing the
    // window, and when Back leads to another wallet. A wallet that was in
    // the folder before the assistant started is never removed.
    void noteWalletWritten(const QString& name) { written_wallets_ << name; }
    bool wroteWallet(const QString& name) const { return written_wallets_.contains(name); }
    // Removes every wallet the assistant wrote but `keep`, and forgets the
    // wallet in use if it was one of them.
    void discardWrittenWallets(const QString& keep = {});
    // Where the backup page's "Choose…" asks for a file: a file dialog by
    // default; tests answer with a path (empty: cancelled).
    using BackupPathChooser = std::function<QString(QWidget* parent, const QString& suggested_path)>;
    void setBackupPathChooser(BackupPathChooser chooser) { backup_path_chooser_ = std::move(chooser); }
    QString chooseBackupPath(QWidget* parent, const QString& suggested_path) const;

    void done(int result) override;

public slots:
    // Asks before discarding what was typed on the group pages.
    void reject() override;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    models::Workspace workspace_;
    QString wallet_name_;
    std::optional<chain::crypto::KeyPair> key_;
    QString passphrase_;
    QStringList wallets_before_; // in the folder when the assistant started
    QStringList written_wallets_;
    BackupPathChooser backup_path_chooser_;
    models::OpenedNode opened_;
};

} // namespace ui
