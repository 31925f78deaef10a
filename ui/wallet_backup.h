#pragma once
// Where a wallet backup is offered to go, and the name a new wallet is
// offered under. A backup belongs away from this computer, so a removable
// drive (a pen drive) comes first when one is plugged in; the Documents
// folder otherwise, with the advice to copy it away.

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace ui {

class WalletBackup {
    Q_DECLARE_TR_FUNCTIONS(ui::WalletBackup)
public:
    // A mounted file system, as QStorageInfo::mountedVolumes() tells it.
    struct Volume {
        QString root_path;
        QString display_name;
        bool read_only = false;
        bool ready = false;
    };
    struct Folder {
        QString path;
        QString drive_name; // the removable drive's name; empty for Documents
        bool removable = false;
    };
    // Removable drives are mounted under these by udisks (Debian, Ubuntu, Fedora).
    static constexpr const char* kRemovableMountRoots[] = {"/media/", "/run/media/"};

    // The first writable, ready removable volume, else `documents`.
    static Folder chooseFolder(const QList<Volume>& volumes, const QString& documents);
    // chooseFolder over the volumes mounted now and the user's Documents folder.
    static Folder suggestedFolder();
    // One sentence saying where the backup is offered to go, and why.
    static QString describe(const Folder& folder);
    // "rateio-<name>.wallet" in `folder`, numbered ("-2", "-3"…) past files already there.
    static QString suggestedPath(const Folder& folder, const QString& wallet_name);

    // The offered name of a first wallet: the first name of this computer
    // account's owner when the system knows it, else "My wallet" translated.
    static QString defaultWalletName();
    // How many numbered names suggestedPath tries before giving up numbering.
    static constexpr int kNumberedNamesMax = 99;
};

} // namespace ui
