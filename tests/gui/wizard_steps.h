#pragma once
// The first-run assistant's first steps, driven as a person would: the
// language, the start page's choice, a new wallet whose backup is saved
// and confirmed, and the join page's details. Shared by the GUI tests that found, join or follow a group.

#include "ui/first_run_wizard.h"
#include "widget_lookup.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QPushButton>
#include <QRadioButton>
#include <QTest>

namespace gui_test {

inline constexpr const char* kWalletPassphrase = "ipê amarelo 2025";

// Shows the assistant, picks English and the start page's `option`.
inline void chooseOnStartPage(ui::FirstRunWizard& wizard, const QString& option) {
    wizard.show();
    QTest::mouseClick(child<QRadioButton>(&wizard, QStringLiteral("wizardEnglish")), Qt::LeftButton);
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
    // click(): the page may not be laid out yet, so a mouse click could miss.
    child<QRadioButton>(&wizard, option)->click();
    QTest::mouseClick(wizard.button(QWizard::NextButton), Qt::LeftButton);
}

// From the wallet choice: a new wallet with its backup saved to `backup_path` and confirmed.
inline void createWallet(ui::FirstRunWizard& wizard, const QString& backup_path) {
    QAbstractButton* next = wizard.button(QWizard::NextButton);
    QTest::mouseClick(next, Qt::LeftButton); // new wallet
    typeInto(&wizard, QStringLiteral("wizardPassphrase"), QString::fromUtf8(kWalletPassphrase));
    typeInto(&wizard, QStringLiteral("wizardPassphraseConfirm"), QString::fromUtf8(kWalletPassphrase));
    QTest::mouseClick(next, Qt::LeftButton);
    typeInto(&wizard, QStringLiteral("wizardBackupPath"), backup_path);
    QTest::mouseClick(child<QPushButton>(&wizard, QStringLiteral("wizardBackupSave")), Qt::LeftButton);
    QTest::mouseClick(child<QCheckBox>(&wizard, QStringLiteral("wizardBackupConfirmed")), Qt::LeftButton);
    QTest::mouseClick(next, Qt::LeftButton);
}

// On the join page: the newcomer's name, consumer unit and utility, typed.
inline void typeJoinDetails(ui::FirstRunWizard& wizard, const QString& full_name, const QString& consumer_unit,
                            const QString& utility) {
    typeInto(&wizard, QStringLiteral("wizardJoinFullName"), full_name);
    typeInto(&wizard, QStringLiteral("wizardJoinConsumerUnit"), consumer_unit);
    typeInto(&wizard, QStringLiteral("wizardJoinUtility"), utility);
}

} // namespace gui_test
