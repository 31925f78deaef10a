#include "ui/wallet_backup.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QStorageInfo>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

namespace ui {

namespace {

bool underRemovableRoot(const QString& root_path) {
    for (const char* root : WalletBackup::kRemovableMountRoots)
        if (root_path.startsWith(QLatin1String(root))) return true;
    return false;
}

// The account's full name (the GECOS field up to its first comma), when it
// is a person's name rather than the login name repeated ("root").
QString accountFullName() {
#ifdef Q_OS_UNIX
    const passwd* entry = getpwuid(getuid());
    if (!entry || !entry->pw_gecos) return {};
    const QString full_name = QString::fromLocal8Bit(entry->pw_gecos).section(QLatin1Char(','), 0, 0).simplified();
    if (full_name.compare(QString::fromLocal8Bit(entry->pw_name), Qt::CaseInsensitive) == 0) return {};
    return full_name;
#else
    return {};
#endif
}

} // namespace

WalletBackup::Folder WalletBackup::chooseFolder(const QList<Volume>& volumes, const QString& documents) {
    for (const Volume& volume : volumes) {
        if (!volume.ready || volume.read_only || !underRemovableRoot(volume.root_path)) continue;
        const QString name = volume.display_name.isEmpty() ? QFileInfo(volume.root_path).fileName() : volume.display_name;
        return Folder{volume.root_path, name, true};
    }
    return Folder{documents, QString(), false};
}

WalletBackup::Folder WalletBackup::suggestedFolder() {
    QList<Volume> volumes;
    for (const QStorageInfo& storage : QStorageInfo::mountedVolumes())
        volumes.push_back(Volume{storage.rootPath(), storage.displayName(), storage.isReadOnly(), storage.isReady() && storage.isValid()});
    QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (documents.isEmpty() || !QFileInfo(documents).isDir()) documents = QDir::homePath();
    return chooseFolder(volumes, documents);
}

QString WalletBackup::describe(const Folder& folder) {
    if (folder.removable)
        return tr("The backup goes to the removable drive “%1” that is plugged in. Keep that drive somewhere safe, away from "
                  "this computer.")
            .arg(folder.drive_name);
    return tr("No pen drive is plugged in, so the backup goes to your Documents folder. Plug in a pen drive and choose it, or "
              "copy the backup to a pen drive or another computer afterwards.");
}

QString WalletBackup::suggestedPath(const Folder& folder, const QString& wallet_name) {
    // The file name is for people: the wallet's name, with only the
    // characters no file system refuses.
    QString stem = wallet_name.simplified();
    for (QChar& c : stem)
        if (!c.isLetterOrNumber() && c != u'-' && c != u'_') c = u'-';
    const QDir dir(folder.path);
    const QString base = QStringLiteral("rateio-%1").arg(stem);
    QString path = dir.filePath(base + QStringLiteral(".wallet"));
    for (int n = 2; QFileInfo::exists(path) && n <= kNumberedNamesMax; ++n)
        path = dir.filePath(QStringLiteral("%1-%2.wallet").arg(base).arg(n));
    return path;
}

QString WalletBackup::defaultWalletName() {
    const QString first_name = accountFullName().section(QLatin1Char(' '), 0, 0);
    return first_name.isEmpty() ? tr("My wallet") : first_name;
}

} // namespace ui
