#include "ui/first_run_wizard.h"

#include "models/describe.h"
#include "ui/accessibility.h"
#include "models/format.h"
#include "node/genesis_fetch.h"
#include "node/invitation.h"
#include "ui/action.h"
#include "ui/language.h"
#include "ui/wallet_backup.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ui {

namespace {

QLabel* errorLabel(QWidget* parent, const QString& name) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->hide();
    return label;
}

// Every page retranslates itself on a language switch.
class Page : public QWizardPage {
public:
    using QWizardPage::QWizardPage;
    virtual void retranslateUi() = 0;
    FirstRunWizard* assistant() const { return static_cast<FirstRunWizard*>(wizard()); }

protected:
    void changeEvent(QEvent* event) override {
        if (event->type() == QEvent::LanguageChange) retranslateUi();
        QWizardPage::changeEvent(event);
    }
};

class LanguagePage : public Page {
public:
    LanguagePage() {
        auto* layout = new QVBoxLayout(this);
        // Language names are not translated: their mnemonics hold in both languages.
        portuguese_ = new QRadioButton(languageName(QStringLiteral("pt_BR")).replace(QStringLiteral("(B"), QStringLiteral("(&B")), this);
        portuguese_->setObjectName(QStringLiteral("wizardPortuguese"));
        english_ = new QRadioButton(QLatin1Char('&') + languageName(QStringLiteral("en")), this);
        english_->setObjectName(QStringLiteral("wizardEnglish"));
        layout->addWidget(portuguese_);
        layout->addWidget(english_);
        layout->addStretch();
        (currentLanguage() == QLatin1String("pt_BR") ? portuguese_ : english_)->setChecked(true);
        connect(portuguese_, &QRadioButton::toggled, this, [](bool on) { applyLanguage(on ? QStringLiteral("pt_BR") : QStringLiteral("en")); });
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(FirstRunWizard::tr("Welcome to Rateio"));
        setSubTitle(FirstRunWizard::tr("Choose your language. You can change it later in Settings."));
    }
    QString language() const { return portuguese_->isChecked() ? QStringLiteral("pt_BR") : QStringLiteral("en"); }

private:
    QRadioButton* portuguese_;
    QRadioButton* english_;
};

class StartPage : public Page {
public:
    StartPage() {
        auto* layout = new QVBoxLayout(this);
        group_ = new QButtonGroup(this);
        const char* names[] = {"wizardCreateGroup", "wizardJoinGroup", "wizardWatchGroup", "wizardDemoGroup"};
        for (int i = 0; i < 4; ++i) {
            options_[i] = new QRadioButton(this);
            options_[i]->setObjectName(QString::fromLatin1(names[i]));
            notes_[i] = new QLabel(this);
            notes_[i]->setWordWrap(true);
            notes_[i]->setContentsMargins(24, 0, 0, 8);
            group_->addButton(options_[i], i);
            layout->addWidget(options_[i]);
            layout->addWidget(notes_[i]);
        }
        options_[0]->setChecked(true);
        // Next becomes Finish for the demo: the buttons follow nextId() on completeChanged.
        connect(group_, &QButtonGroup::idToggled, this, [this] { emit completeChanged(); });
        layout->addStretch();
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(FirstRunWizard::tr("What would you like to do?"));
        options_[0]->setText(FirstRunWizard::tr("&Create a new group"));
        notes_[0]->setText(FirstRunWizard::tr("You become its founder, its first member and its validator."));
        options_[1]->setText(FirstRunWizard::tr("&Join a group with an invitation"));
        notes_[1]->setText(FirstRunWizard::tr("Use the group id and peer addresses a member sent you. The members then vote on your admission."));
        options_[2]->setText(FirstRunWizard::tr("Follow &a group watch-only"));
        notes_[2]->setText(FirstRunWizard::tr("For the utility and the regulator: quotas and plants, no names, no wallet needed."));
        options_[3]->setText(FirstRunWizard::tr("&Open the demo group"));
        notes_[3]->setText(FirstRunWizard::tr("A group full of members, plants, votes and offers, to try every screen. Nothing you do there is real."));
    }
    FirstRunWizard::Choice choice() const { return FirstRunWizard::Choice(group_->checkedId()); }
    void choose(FirstRunWizard::Choice choice) { options_[int(choice)]->setChecked(true); }
    int nextId() const override {
        switch (choice()) {
        case FirstRunWizard::Choice::CreateGroup:
        case FirstRunWizard::Choice::Join: return FirstRunWizard::WalletChoicePageId;
        case FirstRunWizard::Choice::Watch: return FirstRunWizard::WatchPageId;
        case FirstRunWizard::Choice::Demo: return -1;
        }
        return -1;
    }

private:
    QButtonGroup* group_;
    QRadioButton* options_[4];
    QLabel* notes_[4];
};

class WalletChoicePage : public Page {
public:
    WalletChoicePage() {
        auto* layout = new QVBoxLayout(this);
        explanation_ = new QLabel(this);
        explanation_->setWordWrap(true);
        create_ = new QRadioButton(this);
        create_->setObjectName(QStringLiteral("wizardNewWallet"));
        restore_ = new QRadioButton(this);
        restore_->setObjectName(QStringLiteral("wizardRestoreWallet"));
        create_->setChecked(true);
        layout->addWidget(explanation_);
        layout->addWidget(create_);
        layout->addWidget(restore_);
        layout->addStretch();
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(FirstRunWizard::tr("Your wallet"));
        explanation_->setText(FirstRunWizard::tr("Your wallet holds the key that signs your votes, pledges and trades. "
                                                 "It is kept on this computer, locked by a passphrase."));
        create_->setText(FirstRunWizard::tr("&Create a new wallet"));
        restore_->setText(FirstRunWizard::tr("&Restore a wallet from a backup file"));
    }
    int nextId() const override {
        return create_->isChecked() ? FirstRunWizard::WalletCreatePageId : FirstRunWizard::WalletRestorePageId;
    }

private:
    QLabel* explanation_;
    QRadioButton* create_;
    QRadioButton* restore_;
};

class WalletCreatePage : public Page {
public:
    WalletCreatePage() {
        auto* form = new QFormLayout(this);
        name_ = new QLineEdit(this);
        name_->setObjectName(QStringLiteral("wizardWalletName"));
        name_->setMaxLength(chain::WalletStore::kNameLengthMax);
        // A name typed by hand is the person's: a language switch no longer replaces it.
        connect(name_, &QLineEdit::textEdited, this, [this] { name_edited_ = true; });
        passphrase_ = new QLineEdit(this);
        passphrase_->setObjectName(QStringLiteral("wizardPassphrase"));
        passphrase_->setEchoMode(QLineEdit::Password);
        confirm_ = new QLineEdit(this);
        confirm_->setObjectName(QStringLiteral("wizardPassphraseConfirm"));
        confirm_->setEchoMode(QLineEdit::Password);
        error_ = errorLabel(this, QStringLiteral("wizardWalletError"));
        open_existing_ = new QPushButton(this);
        open_existing_->setObjectName(QStringLiteral("wizardOpenExistingWallet"));
        open_existing_->hide();
        connect(open_existing_, &QPushButton::clicked, this, [this] { openExisting(); });
        connect(name_, &QLineEdit::textChanged, this, [this] { open_existing_->hide(); });
        name_label_ = new QLabel(this);
        passphrase_label_ = new QLabel(this);
        confirm_label_ = new QLabel(this);
        form->addRow(name_label_, name_);
        form->addRow(passphrase_label_, passphrase_);
        form->addRow(confirm_label_, confirm_);
        form->addRow(error_);
        form->addRow(open_existing_);
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(FirstRunWizard::tr("Create your wallet"));
        setSubTitle(FirstRunWizard::tr("Choose a passphrase of at least %1 characters. Nobody can recover it for you.")
                        .arg(models::Workspace::kPassphraseLengthMin));
        name_label_->setText(FirstRunWizard::tr("&Wallet name"));
        passphrase_label_->setText(FirstRunWizard::tr("&Passphrase"));
        confirm_label_->setText(FirstRunWizard::tr("Passphrase &again"));
        open_existing_->setText(FirstRunWizard::tr("&Open the existing wallet with this passphrase"));
        if (!name_edited_) name_->setText(ui::WalletBackup::defaultWalletName());
    }
    bool validatePage() override {
        if (opening_existing_) return true; // openExisting() unlocked it
        clearMessage(error_);
        open_existing_->hide();
        const QString name = chain::WalletStore::normalized_name(name_->text());
        models::Workspace& workspace = assistant()->workspace();
        // Back and Next again: the wallet written last time is abandoned, and
        // this page writes a new one (whose backup the next page asks for).
        assistant()->discardWrittenWallets();
        if (workspace.walletExists(name)) {
            models::Workspace::WalletOutcome taken;
            taken.problem = models::Workspace::WalletProblem::NameTaken;
            taken.name = name;
            showError(error_, models::Describe::walletProblem(taken));
            open_existing_->show();
            return false;
        }
        if (std::size_t(passphrase_->text().size()) < models::Workspace::kPassphraseLengthMin) {
            showError(error_, FirstRunWizard::tr("Use at least %1 characters.").arg(models::Workspace::kPassphraseLengthMin));
            return false;
        }
        if (passphrase_->text() != confirm_->text()) {
            showError(error_, FirstRunWizard::tr("The two passphrases differ."));
            return false;
        }
        const models::Workspace::WalletOutcome outcome = workspace.createWallet(name, passphrase_->text());
        if (!outcome.ok()) {
            showError(error_, models::Describe::walletProblem(outcome));
            return false;
        }
        assistant()->noteWalletWritten(outcome.name);
        assistant()->setWallet(outcome.name, *outcome.key, passphrase_->text());
        return true;
    }
    int nextId() const override { return FirstRunWizard::WalletBackupPageId; }

private:
    // The name belongs to a wallet already on this computer: it is used as
    // it is if the passphrase typed opens it. Nothing is written.
    void openExisting() {
        clearMessage(error_);
        const QString name = chain::WalletStore::normalized_name(name_->text());
        const models::Workspace::WalletOutcome outcome = assistant()->workspace().unlockWallet(name, passphrase_->text());
        if (!outcome.ok()) {
            showError(error_, models::Describe::walletProblem(outcome));
            return;
        }
        open_existing_->hide();
        assistant()->discardWrittenWallets();
        assistant()->setWallet(outcome.name, *outcome.key, passphrase_->text());
        opening_existing_ = true;
        wizard()->next();
        opening_existing_ = false;
    }

    QLineEdit *name_, *passphrase_, *confirm_;
    QLabel *name_label_, *passphrase_label_, *confirm_label_, *error_;
    QPushButton* open_existing_;
    bool name_edited_ = false;
    bool opening_existing_ = false;
};

// The backup of the wallet the assistant will use, saved where the member
// chooses and read back: Next waits until the file saved there opens with
// the passphrase and holds this wallet's key, and the member confirmed.
class WalletBackupPage : public Page {
public:
    WalletBackupPage() {
        auto* layout = new QVBoxLayout(this);
        explanation_ = new QLabel(this);
        explanation_->setWordWrap(true);
        wallet_ = new QLabel(this);
        wallet_->setObjectName(QStringLiteral("wizardBackupWallet"));
        wallet_->setWordWrap(true);
        wallet_->setTextFormat(Qt::PlainText);
        folder_ = new QLabel(this);
        folder_->setObjectName(QStringLiteral("wizardBackupFolder"));
        folder_->setWordWrap(true);
        auto* row = new QHBoxLayout;
        path_ = new QLineEdit(this);
        path_->setObjectName(QStringLiteral("wizardBackupPath"));
        browse_ = new QPushButton(this);
        browse_->setObjectName(QStringLiteral("wizardBackupBrowse"));
        save_ = new QPushButton(this);
        save_->setObjectName(QStringLiteral("wizardBackupSave"));
        row->addWidget(path_, 1);
        row->addWidget(browse_);
        row->addWidget(save_);
        message_ = errorLabel(this, QStringLiteral("wizardBackupMessage"));
        confirmed_ = new QCheckBox(this);
        confirmed_->setObjectName(QStringLiteral("wizardBackupConfirmed"));
        layout->addWidget(explanation_);
        layout->addWidget(wallet_);
        layout->addWidget(folder_);
        layout->addLayout(row);
        layout->addWidget(message_);
        layout->addWidget(confirmed_);
        layout->addStretch();
        // "Save" in the chooser saves: the member should not have to press a second button.
        connect(browse_, &QPushButton::clicked, this, [this] {
            const QString path = assistant()->chooseBackupPath(this, path_->text().trimmed());
            if (path.isEmpty()) return;
            path_->setText(path);
            save();
        });
        connect(save_, &QPushButton::clicked, this, [this] { save(); });
        connect(confirmed_, &QCheckBox::toggled, this, &QWizardPage::completeChanged);
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(FirstRunWizard::tr("Back up your wallet"));
        explanation_->setText(FirstRunWizard::tr("If this computer breaks, the backup file and your passphrase are the only way back to "
                                                 "your quota and tokens. Save the backup on a pen drive or another computer."));
        browse_->setText(FirstRunWizard::tr("&Choose…"));
        save_->setText(FirstRunWizard::tr("&Save backup"));
        confirmed_->setText(FirstRunWizard::tr("&I saved the backup and I will remember the passphrase"));
        path_->setPlaceholderText(FirstRunWizard::tr("Where to save the backup"));
        path_->setAccessibleName(FirstRunWizard::tr("Where to save the backup"));
        if (wizard()) wallet_->setText(FirstRunWizard::tr("This is the backup of the wallet “%1”.").arg(assistant()->walletName()));
        folder_->setText(ui::WalletBackup::describe(folder_choice_));
        if (saved_) showSuccess(message_, savedText());
    }
    // Entered with another wallet than the one last backed up (Back, then
    // another name or passphrase): that backup is not this wallet's.
    void initializePage() override {
        const chain::PublicKey key = assistant()->key()->public_key();
        if (backed_up_key_ == key && backed_up_passphrase_ == assistant()->walletPassphrase()) return;
        backed_up_key_ = key;
        backed_up_passphrase_ = assistant()->walletPassphrase();
        saved_ = false;
        clearMessage(message_);
        confirmed_->setChecked(false);
        folder_choice_ = ui::WalletBackup::suggestedFolder();
        path_->setText(ui::WalletBackup::suggestedPath(folder_choice_, assistant()->walletName()));
        retranslateUi();
        emit completeChanged();
    }
    bool isComplete() const override { return saved_ && confirmed_->isChecked(); }
    int nextId() const override {
        return assistant()->choice() == FirstRunWizard::Choice::Join ? FirstRunWizard::JoinPageId : FirstRunWizard::CreateGroupPageId;
    }

private:
    QString savedText() const {
        return FirstRunWizard::tr("Backup saved to %1 and checked: it opens with your passphrase. Now confirm below.")
            .arg(QDir::toNativeSeparators(saved_path_));
    }
    void save() {
        // Every attempt starts clean: a message left from an earlier one would describe another file.
        clearMessage(message_);
        saved_ = false;
        emit completeChanged();
        const QString path = path_->text().trimmed();
        models::Workspace& workspace = assistant()->workspace();
        models::Workspace::WalletOutcome outcome = workspace.exportWallet(assistant()->walletName(), path);
        if (outcome.ok()) outcome = workspace.verifyBackup(assistant()->walletName(), path, assistant()->walletPassphrase());
        if (!outcome.ok()) {
            showError(message_, FirstRunWizard::tr("The backup could not be saved: %1").arg(models::Describe::walletProblem(outcome)));
            return;
        }
        saved_ = true;
        saved_path_ = path;
        showSuccess(message_, savedText());
        emit completeChanged();
    }

    QLabel *explanation_, *wallet_, *folder_;
    QLineEdit* path_;
    QPushButton *browse_, *save_;
    QLabel* message_;
    QCheckBox* confirmed_;
    ui::WalletBackup::Folder folder_choice_;
    // The wallet (key and passphrase) the page was last entered with: a
    // saved backup counts only for it.
    std::optional<chain::PublicKey> backed_up_key_;
    QString backed_up_passphrase_;
    QString saved_path_;
    bool saved_ = false;
};

class WalletRestorePage : public Page {
public:
    WalletRestorePage() {
        auto* form = new QFormLayout(this);
        path_ = new QLineEdit(this);
        path_->setObjectName(QStringLiteral("wizardRestorePath"));
        browse_ = new QPushButton(this);
        auto* row = new QHBoxLayout;
        row->addWidget(path_, 1);
        row->addWidget(browse_);
        name_ = new QLineEdit(this);
        name_->setObjectName(QStringLiteral("wizardRestoreName"));
        name_->setMaxLength(chain::WalletStore::kNameLengthMax);
        connect(name_, &QLineEdit::textEdited, this, [this] { name_edited_ = true; });
        passphrase_ = new QLineEdit(this);
        passphrase_->setObjectName(QStringLiteral("wizardRestorePassphrase"));
        passphrase_->setEchoMode(QLineEdit::Password);
        error_ = errorLabel(this, QStringLiteral("wizardRestoreError"));
        path_label_ = new QLabel(this);
        name_label_ = new QLabel(this);
        passphrase_label_ = new QLabel(this);
        form->addRow(path_label_, row);
        path_label_->setBuddy(path_); // the row's field is a layout: linked by hand
        form->addRow(name_label_, name_);
        form->addRow(passphrase_label_, passphrase_);
        form->addRow(error_);
        connect(browse_, &QPushButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(this, FirstRunWizard::tr("Open a wallet backup"), QString(),
                                                              FirstRunWizard::tr("Wallet backups (*.wallet)"));
            if (!path.isEmpty()) path_->setText(path);
        });
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(FirstRunWizard::tr("Restore your wallet"));
        path_label_->setText(FirstRunWizard::tr("B&ackup file"));
        browse_->setText(FirstRunWizard::tr("&Choose…"));
        name_label_->setText(FirstRunWizard::tr("&Wallet name"));
        passphrase_label_->setText(FirstRunWizard::tr("&Passphrase"));
        if (!name_edited_) name_->setText(ui::WalletBackup::defaultWalletName());
    }
    bool validatePage() override {
        clearMessage(error_);
        // Back and Next again: the wallet restored last time is abandoned.
        assistant()->discardWrittenWallets();
        const models::Workspace::WalletOutcome outcome =
            assistant()->workspace().restoreWallet(name_->text(), path_->text().trimmed(), passphrase_->text());
        if (!outcome.ok()) {
            showError(error_, outcome.problem == models::Workspace::WalletProblem::WrongPassphrase
                                  ? FirstRunWizard::tr("That passphrase does not open this backup. Check it and try again.")
                                  : models::Describe::walletProblem(outcome));
            return false;
        }
        assistant()->noteWalletWritten(outcome.name);
        assistant()->setWallet(outcome.name, *outcome.key, passphrase_->text());
        return true;
    }
    int nextId() const override {
        return assistant()->choice() == FirstRunWizard::Choice::Join ? FirstRunWizard::JoinPageId : FirstRunWizard::CreateGroupPageId;
    }

private:
    QLineEdit *path_, *name_, *passphrase_;
    QPushButton* browse_;
    QLabel *path_label_, *name_label_, *passphrase_label_, *error_;
    bool name_edited_ = false;
};

// The founder's details and, under "Advanced", the periods a founder may
// want shorter or longer than the defaults (within the rules' limits) and the
// dev group for trying things. The group is founded on the network: this
// desktop is its first validator and neighbours can join it at once.
class CreateGroupPage : public Page {
public:
    // chain::validate_params: a referendum lasts 1 hour to 365 days, a campaign 1 to 730 days.
    static constexpr int kVoteHoursMax = 365 * 24;
    static constexpr int kCrowdfundingDaysMax = 730;

    CreateGroupPage() {
        auto* form = new QFormLayout(this);
        group_ = new QLineEdit(this);
        group_->setObjectName(QStringLiteral("wizardGroupName"));
        full_name_ = new QLineEdit(this);
        full_name_->setObjectName(QStringLiteral("wizardFullName"));
        unit_ = new QLineEdit(this);
        unit_->setObjectName(QStringLiteral("wizardConsumerUnit"));
        utility_ = new QLineEdit(this);
        utility_->setObjectName(QStringLiteral("wizardUtility"));
        error_ = errorLabel(this, QStringLiteral("wizardGroupError"));
        for (int i = 0; i < 4; ++i) labels_[i] = new QLabel(this);
        form->addRow(labels_[0], group_);
        form->addRow(labels_[1], full_name_);
        form->addRow(labels_[2], unit_);
        form->addRow(labels_[3], utility_);
        advanced_ = new QCheckBox(this);
        advanced_->setObjectName(QStringLiteral("wizardAdvanced"));
        form->addRow(advanced_);
        form->addRow(buildAdvancedBox());
        form->addRow(error_);
        connect(advanced_, &QCheckBox::toggled, advanced_box_, &QWidget::setVisible);
        advanced_box_->hide();
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(FirstRunWizard::tr("Create your group"));
        setSubTitle(FirstRunWizard::tr("This computer becomes the group's first validator and your neighbours can join it "
                                       "with an invitation. Your name and consumer unit are sealed: only the group's members can read them."));
        labels_[0]->setText(FirstRunWizard::tr("&Group name"));
        labels_[1]->setText(FirstRunWizard::tr("&Your full name"));
        labels_[2]->setText(FirstRunWizard::tr("&Consumer unit (on your electricity bill)"));
        labels_[3]->setText(FirstRunWizard::tr("&Distribution utility"));
        group_->setPlaceholderText(FirstRunWizard::tr("for example Condomínio Sol Nascente"));
        utility_->setPlaceholderText(FirstRunWizard::tr("for example Light, Enel, Cemig"));
        advanced_->setText(FirstRunWizard::tr("&Advanced: vote and crowdfunding periods"));
        vote_label_->setText(FirstRunWizard::tr("&Votes last"));
        vote_unit_->setItemText(0, FirstRunWizard::tr("days"));
        vote_unit_->setItemText(1, FirstRunWizard::tr("hours"));
        crowdfunding_label_->setText(FirstRunWizard::tr("Crowdfunding campaigns &last"));
        crowdfunding_days_->setSuffix(FirstRunWizard::tr(" days"));
        advanced_note_->setText(FirstRunWizard::tr("A vote may last from 1 hour to 365 days, a campaign from 1 to 730 days. "
                                                   "The group can change both later by referendum."));
        // Plain words on the box; the technical terms in its tooltip, read with it.
        dev_->setText(FirstRunWizard::tr("&Test group, on this computer only: its calendar can be moved forward to try Rateio out"));
        dev_->setToolTip(FirstRunWizard::tr("Technical details: a dev group. Its node stays embedded, with this computer as the only "
                                            "validator, and its clock can be advanced (rateio-cli advance-clock); a networked group "
                                            "follows its validators' real clocks."));
        dev_->setAccessibleDescription(dev_->toolTip());
    }
    bool validatePage() override {
        clearMessage(error_);
        if (group_->text().trimmed().isEmpty()) return fail(FirstRunWizard::tr("Enter the group's name."));
        if (full_name_->text().trimmed().isEmpty() || unit_->text().trimmed().isEmpty())
            return fail(FirstRunWizard::tr("Enter your full name and your consumer unit."));
        if (const QString problem = models::consumerUnitProblem(unit_->text()); !problem.isEmpty()) return fail(problem);
        if (utility_->text().trimmed().isEmpty()) return fail(FirstRunWizard::tr("Enter your distribution utility."));
        if (!assistant()->key()) return fail(FirstRunWizard::tr("Create or restore a wallet first."));
        const std::uint64_t vote_s = voteSeconds();
        if (vote_s < 3600 || vote_s > std::uint64_t(kVoteHoursMax) * 3600)
            return fail(FirstRunWizard::tr("A vote may last from 1 hour to 365 days."));
        models::FoundingDetails details;
        details.group_name = group_->text();
        details.utility = utility_->text();
        details.full_name = full_name_->text();
        details.consumer_unit = unit_->text();
        details.params.referendum_period_s = vote_s;
        details.params.crowdfunding_period_s = std::uint64_t(crowdfunding_days_->value()) * 86400;
        details.dev_group = dev_->isChecked();
        models::OpenedNode opened = assistant()->workspace().createGroup(details, *assistant()->key());
        if (!opened.node)
            return fail(FirstRunWizard::tr("The group could not be created: %1")
                            .arg(models::Describe::openFailure(opened, assistant()->workspace().dataDir())));
        assistant()->setOpened(std::move(opened));
        return true;
    }
    int nextId() const override { return -1; }
    // Something typed that Cancel would throw away (the periods keep their defaults unless changed).
    bool holdsTypedWork() const {
        for (const QLineEdit* edit : {group_, full_name_, unit_, utility_})
            if (!edit->text().trimmed().isEmpty()) return true;
        return false;
    }

private:
    QWidget* buildAdvancedBox() {
        advanced_box_ = new QWidget(this);
        advanced_box_->setObjectName(QStringLiteral("wizardAdvancedBox"));
        auto* form = new QFormLayout(advanced_box_);
        form->setContentsMargins(24, 0, 0, 0);
        vote_length_ = new QSpinBox(advanced_box_);
        vote_length_->setObjectName(QStringLiteral("wizardVotePeriod"));
        vote_length_->setRange(1, kVoteHoursMax);
        vote_length_->setValue(int(chain::GroupParams{}.referendum_period_s / 86400));
        vote_unit_ = new QComboBox(advanced_box_);
        vote_unit_->setObjectName(QStringLiteral("wizardVotePeriodUnit"));
        vote_unit_->addItem(QString(), 86400);
        vote_unit_->addItem(QString(), 3600);
        // Each unit keeps the spin box within the rules' limits.
        connect(vote_unit_, &QComboBox::currentIndexChanged, vote_length_, [this] {
            vote_length_->setMaximum(vote_unit_->currentData().toInt() == 3600 ? kVoteHoursMax : kVoteHoursMax / 24);
        });
        vote_length_->setMaximum(kVoteHoursMax / 24);
        auto* vote_row = new QHBoxLayout;
        vote_row->addWidget(vote_length_);
        vote_row->addWidget(vote_unit_);
        vote_row->addStretch();
        crowdfunding_days_ = new QSpinBox(advanced_box_);
        crowdfunding_days_->setObjectName(QStringLiteral("wizardCrowdfundingPeriod"));
        crowdfunding_days_->setRange(1, kCrowdfundingDaysMax);
        crowdfunding_days_->setValue(int(chain::GroupParams{}.crowdfunding_period_s / 86400));
        vote_label_ = new QLabel(advanced_box_);
        crowdfunding_label_ = new QLabel(advanced_box_);
        advanced_note_ = new QLabel(advanced_box_);
        advanced_note_->setWordWrap(true);
        dev_ = new QCheckBox(advanced_box_);
        dev_->setObjectName(QStringLiteral("wizardDevGroup"));
        form->addRow(vote_label_, vote_row);
        auto* crowdfunding_row = new QHBoxLayout;
        crowdfunding_row->addWidget(crowdfunding_days_);
        crowdfunding_row->addStretch();
        form->addRow(crowdfunding_label_, crowdfunding_row);
        // Rows of a layout get no buddy from the form: without one the label
        // would show its "&" instead of underlining the letter.
        vote_label_->setBuddy(vote_length_);
        crowdfunding_label_->setBuddy(crowdfunding_days_);
        form->addRow(advanced_note_);
        form->addRow(dev_);
        return advanced_box_;
    }
    std::uint64_t voteSeconds() const { return std::uint64_t(vote_length_->value()) * vote_unit_->currentData().toULongLong(); }
    bool fail(const QString& text) {
        showError(error_, text);
        return false;
    }
    QLineEdit *group_, *full_name_, *unit_, *utility_;
    QCheckBox *advanced_, *dev_;
    QWidget* advanced_box_;
    QSpinBox *vote_length_, *crowdfunding_days_;
    QComboBox* vote_unit_;
    QLabel *vote_label_, *crowdfunding_label_, *advanced_note_;
    QLabel* labels_[4];
    QLabel* error_;
};

// Joining and following: the invitation (group id and peer addresses), and
// for joining the profile the admission request carries. Finish first
// fetches the group's genesis from the peers (the page stays open and says
// so), then opens the node; the request to join is sent once the node has
// caught up with the group.
class NetworkPage : public Page {
public:
    explicit NetworkPage(bool watch) : watch_(watch) {
        const QString prefix = watch ? QStringLiteral("wizardWatch") : QStringLiteral("wizardJoin");
        auto* form = new QFormLayout(this);
        group_id_ = new QLineEdit(this);
        group_id_->setObjectName(prefix + QStringLiteral("GroupId"));
        peers_ = new QPlainTextEdit(this);
        peers_->setObjectName(prefix + QStringLiteral("Peers"));
        peers_->setMaximumHeight(80);
        peers_->setTabChangesFocus(true);
        // A rateio: link or an invitation file's text pasted in either box fills the whole page.
        connect(peers_, &QPlainTextEdit::textChanged, this, [this] { fillFromPasted(peers_->toPlainText()); });
        connect(group_id_, &QLineEdit::textChanged, this, [this](const QString& text) {
            fillFromPasted(text);
            // The name belongs to the invitation's group: another id typed by hand is another group.
            if (!invited_name_.isEmpty() && group_id_->text().trimmed().compare(invited_group_id_, Qt::CaseInsensitive) != 0) {
                invited_name_.clear();
                retranslateUi();
            }
        });
        invited_ = new QLabel(this);
        invited_->setObjectName(prefix + QStringLiteral("InvitedTo"));
        invited_->setWordWrap(true);
        invited_->setTextFormat(Qt::PlainText);
        invited_->hide();
        form->addRow(invited_);
        group_label_ = new QLabel(this);
        peers_label_ = new QLabel(this);
        form->addRow(group_label_, group_id_);
        form->addRow(peers_label_, peers_);
        for (int i = 0; i < 3; ++i) labels_[i] = new QLabel(this);
        full_name_ = new QLineEdit(this);
        full_name_->setObjectName(QStringLiteral("wizardJoinFullName"));
        unit_ = new QLineEdit(this);
        unit_->setObjectName(QStringLiteral("wizardJoinConsumerUnit"));
        utility_ = new QLineEdit(this);
        utility_->setObjectName(QStringLiteral("wizardJoinUtility"));
        if (!watch) {
            form->addRow(labels_[0], full_name_);
            form->addRow(labels_[1], unit_);
            form->addRow(labels_[2], utility_);
        } else {
            for (QWidget* w : std::initializer_list<QWidget*>{labels_[0], labels_[1], labels_[2], full_name_, unit_, utility_}) w->hide();
        }
        status_ = new QLabel(this);
        status_->setObjectName(prefix + QStringLiteral("Status"));
        status_->setWordWrap(true);
        status_->hide();
        error_ = errorLabel(this, prefix + QStringLiteral("Error"));
        form->addRow(status_);
        form->addRow(error_);
        retranslateUi();
    }
    void retranslateUi() override {
        setTitle(watch_ ? FirstRunWizard::tr("Follow a group watch-only") : FirstRunWizard::tr("Join a group"));
        setSubTitle(watch_ ? FirstRunWizard::tr("The utility's view: public data only, no wallet needed.")
                           : FirstRunWizard::tr("After you ask to join, the members vote on your admission; the app shows the vote as pending."));
        group_label_->setText(FirstRunWizard::tr("&Group id"));
        peers_label_->setText(FirstRunWizard::tr("&Addresses of the group's computers (host:port, one a line)"));
        group_id_->setPlaceholderText(FirstRunWizard::tr("64 letters and digits, from the invitation"));
        peers_->setPlaceholderText(FirstRunWizard::tr("for example 192.168.0.20:26656 — or paste the whole invitation here"));
        labels_[0]->setText(FirstRunWizard::tr("&Your full name"));
        labels_[1]->setText(FirstRunWizard::tr("&Consumer unit (on your electricity bill)"));
        labels_[2]->setText(FirstRunWizard::tr("&Distribution utility"));
        utility_->setPlaceholderText(FirstRunWizard::tr("for example Light, Enel, Cemig"));
        if (fetcher_) status_->setText(FirstRunWizard::tr("Connecting to the group's computers and fetching the start of its records…"));
        invited_->setText(watch_ ? FirstRunWizard::tr("The invitation is for the group “%1”.").arg(invited_name_)
                                 : FirstRunWizard::tr("You are invited to join “%1”.").arg(invited_name_));
        invited_->setVisible(!invited_name_.isEmpty());
    }
    // Everything the invitation holds goes into the page; the group's name
    // is only shown, never trusted (the fetched genesis is checked against the id).
    void fill(const chain::Invitation& invitation) {
        const QSignalBlocker group_blocker(group_id_);
        const QSignalBlocker peers_blocker(peers_);
        invited_group_id_ = QString::fromStdString(chain::codec::to_hex(invitation.group_id));
        group_id_->setText(invited_group_id_);
        peers_->setPlainText(invitation.peers.join(QLatin1Char('\n')));
        invited_peers_ = peers_->toPlainText();
        invited_name_ = invitation.group_name;
        invited_checkpoint_ = invitation.checkpoint;
        clearMessage(error_);
        retranslateUi();
    }
    bool isComplete() const override { return !fetcher_; }
    // Something typed that Cancel would throw away; an invitation opened
    // from a link or a file, left as it came, is not typed work.
    bool holdsTypedWork() const {
        const bool group_typed = !group_id_->text().trimmed().isEmpty() && group_id_->text().trimmed() != invited_group_id_;
        const bool peers_typed = !peers_->toPlainText().trimmed().isEmpty() && peers_->toPlainText() != invited_peers_;
        const bool profile_typed = !watch_ && (!full_name_->text().trimmed().isEmpty() || !unit_->text().trimmed().isEmpty() ||
                                               !utility_->text().trimmed().isEmpty());
        return group_typed || peers_typed || profile_typed;
    }
    int nextId() const override { return -1; }

    bool validatePage() override {
        if (ready_) return true;
        clearMessage(error_);
        const chain::ParsedInvitation parsed = chain::parse_invitation(group_id_->text(), peers_->toPlainText());
        if (!parsed.invitation) return fail(FirstRunWizard::describeInvitationProblem(parsed, FirstRunWizard::InvitationSource::Typed));
        if (!watch_) {
            if (full_name_->text().trimmed().isEmpty() || unit_->text().trimmed().isEmpty())
                return fail(FirstRunWizard::tr("Enter your full name and your consumer unit."));
            if (const QString problem = models::consumerUnitProblem(unit_->text()); !problem.isEmpty()) return fail(problem);
            if (utility_->text().trimmed().isEmpty()) return fail(FirstRunWizard::tr("Enter your distribution utility."));
            if (!assistant()->key()) return fail(FirstRunWizard::tr("Create or restore a wallet first."));
        }
        startFetch(withInvitedCheckpoint(*parsed.invitation));
        return false;
    }

private:
    // The boxes show the group id and the addresses only: the checkpoint of
    // the invitation that filled them still holds while the group id is the
    // invited one (one typed or pasted with the addresses wins).
    chain::Invitation withInvitedCheckpoint(chain::Invitation invitation) const {
        if (!invitation.checkpoint && QString::fromStdString(chain::codec::to_hex(invitation.group_id)) == invited_group_id_)
            invitation.checkpoint = invited_checkpoint_;
        return invitation;
    }

    // A whole invitation pasted (a link or a file's text) replaces the
    // page's fields; anything else is left for validatePage to judge.
    void fillFromPasted(const QString& text) {
        const QString trimmed = text.trimmed();
        if (!trimmed.startsWith(QLatin1String(chain::kInvitationUriScheme) + QLatin1Char(':'), Qt::CaseInsensitive) &&
            !trimmed.startsWith(QLatin1String(chain::kInvitationFileMagic)))
            return;
        const chain::ParsedInvitation parsed = chain::parse_invitation(QString(), trimmed);
        if (parsed.invitation) fill(*parsed.invitation);
        else showError(error_, FirstRunWizard::describeInvitationProblem(parsed, FirstRunWizard::InvitationSource::LinkOrFile));
    }

    void startFetch(const chain::Invitation& invitation) {
        chain::GenesisFetchConfig config;
        config.network = assistant()->workspace().networkTuning().network;
        config.timeout_ms = assistant()->workspace().genesisFetchTimeout_ms();
        fetcher_ = new chain::GenesisFetcher(invitation.group_id, invitation.peers, chain::crypto::KeyPair::generate(), config, this);
        connect(fetcher_, &chain::GenesisFetcher::fetched, this, [this, invitation](const chain::Genesis& genesis) {
            finishFetch();
            openGroup(genesis, invitation);
        });
        connect(fetcher_, &chain::GenesisFetcher::failed, this, [this](chain::GenesisFetchError error, const QString&) {
            finishFetch();
            showError(error_, error == chain::GenesisFetchError::WrongGenesis
                                  ? FirstRunWizard::tr("The computers at those addresses belong to another group. Check the invitation.")
                                  : FirstRunWizard::tr("No computer of the group answered. Check the addresses and that the "
                                                       "member who invited you has Rateio running, then try again."));
        });
        status_->show();
        retranslateUi();
        emit completeChanged();
        // Going back while the fetch runs would let its end finish an assistant the user left.
        wizard()->button(QWizard::BackButton)->setEnabled(false);
        fetcher_->start();
    }

    void finishFetch() {
        fetcher_->deleteLater();
        fetcher_ = nullptr;
        status_->hide();
        emit completeChanged();
    }

    void openGroup(const chain::Genesis& genesis, const chain::Invitation& invitation) {
        models::NetworkSettings settings;
        settings.watch_only = watch_;
        settings.peers = invitation.peers;
        settings.trust_checkpoint = invitation.checkpoint;
        settings.listen_port = assistant()->workspace().defaultListenPort();
        settings.admission_pending = !watch_;
        settings.full_name = full_name_->text().trimmed();
        settings.consumer_unit = unit_->text().trimmed();
        settings.utility = utility_->text().trimmed();
        models::OpenedNode opened = assistant()->workspace().openFetchedGroup(genesis, settings);
        if (!opened.node) {
            showError(error_, FirstRunWizard::tr("The group could not be opened: %1")
                                  .arg(models::Describe::openFailure(opened, assistant()->workspace().dataDir())));
            return;
        }
        if (!watch_) opened.identity = assistant()->key();
        assistant()->setOpened(std::move(opened));
        ready_ = true;
        // The assistant ends as if Finish had been pressed with the node ready.
        wizard()->accept();
    }

    bool fail(const QString& text) {
        showError(error_, text);
        return false;
    }

    bool watch_;
    QLineEdit* group_id_;
    QPlainTextEdit* peers_;
    QLineEdit *full_name_, *unit_, *utility_;
    QLabel *group_label_, *peers_label_, *status_, *error_;
    QLabel* invited_;
    QString invited_name_, invited_group_id_, invited_peers_;
    std::optional<chain::state::HeaderCheckpoint> invited_checkpoint_;
    QLabel* labels_[3];
    chain::GenesisFetcher* fetcher_ = nullptr;
    bool ready_ = false;
};

bool holdsTypedWork(const QWizardPage* page) {
    if (const auto* create = dynamic_cast<const CreateGroupPage*>(page)) return create->holdsTypedWork();
    if (const auto* network = dynamic_cast<const NetworkPage*>(page)) return network->holdsTypedWork();
    return false;
}

} // namespace

FirstRunWizard::FirstRunWizard(QString data_dir, QWidget* parent) : QWizard(parent), workspace_(std::move(data_dir)) {
    setObjectName(QStringLiteral("firstRunWizard"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(LanguagePageId, new LanguagePage);
    setPage(StartPageId, new StartPage);
    setPage(WalletChoicePageId, new WalletChoicePage);
    setPage(WalletCreatePageId, new WalletCreatePage);
    setPage(WalletBackupPageId, new WalletBackupPage);
    setPage(WalletRestorePageId, new WalletRestorePage);
    setPage(CreateGroupPageId, new CreateGroupPage);
    setPage(JoinPageId, new NetworkPage(/*watch=*/false));
    setPage(WatchPageId, new NetworkPage(/*watch=*/true));
    setStartId(LanguagePageId);
    // Each form label names its field and moves the focus there (Alt+its letter).
    linkFormLabels(this);
    resize(720, 520);
    wallets_before_ = workspace_.walletNames();
    retranslateUi();
}

void FirstRunWizard::discardWrittenWallets(const QString& keep) {
    QStringList kept;
    for (const QString& name : std::as_const(written_wallets_)) {
        // Never a wallet that was here before: only what this assistant wrote.
        if (name == keep || wallets_before_.contains(name)) {
            kept << name;
            continue;
        }
        if (!workspace_.removeWallet(name).ok()) kept << name; // tried again when the assistant ends
        if (name == wallet_name_) {
            wallet_name_.clear();
            key_.reset();
            passphrase_.clear();
        }
    }
    written_wallets_ = kept;
}

QString FirstRunWizard::chooseBackupPath(QWidget* parent, const QString& suggested_path) const {
    if (backup_path_chooser_) return backup_path_chooser_(parent, suggested_path);
    return QFileDialog::getSaveFileName(parent, tr("Save the wallet backup"), suggested_path, tr("Wallet backups (*.wallet)"));
}

// Whatever ends the assistant, the wallets it wrote and does not use go:
// Cancel, the window closed, the demo or watch-only chosen after a wallet
// was made, or a finish with another wallet than the one written first.
void FirstRunWizard::done(int result) {
    const bool uses_wallet = result == QDialog::Accepted && (choice() == Choice::CreateGroup || choice() == Choice::Join) && key_;
    discardWrittenWallets(uses_wallet ? wallet_name_ : QString());
    passphrase_.clear(); // the backup is checked; nothing needs it any more
    QWizard::done(result);
}

FirstRunWizard::Choice FirstRunWizard::choice() const {
    return static_cast<const StartPage*>(page(StartPageId))->choice();
}

QString FirstRunWizard::describeInvitationProblem(const chain::ParsedInvitation& parsed, InvitationSource source) {
    const bool typed = source == InvitationSource::Typed;
    switch (parsed.problem) {
    case chain::InvitationProblem::NoGroupId:
        return typed ? tr("Enter the group id from the invitation.")
                     : tr("The invitation has no group id. Ask the member who invited you to send it again.");
    case chain::InvitationProblem::BadGroupId:
        return tr("\"%1\" is not a group id: it has 64 letters (a to f) and digits.").arg(parsed.offending);
    case chain::InvitationProblem::NoPeers:
        return typed ? tr("Enter at least one computer address from the invitation.")
                     : tr("The invitation has no address of a computer of the group. Ask the member who invited you to send it again.");
    case chain::InvitationProblem::BadPeer:
        return tr("\"%1\" is not a computer's address: write it as host:port, for example 192.168.0.20:26656.").arg(parsed.offending);
    case chain::InvitationProblem::TooManyPeers:
        return tr("An invitation holds at most %1 computer addresses.").arg(chain::kInvitationPeersMax);
    case chain::InvitationProblem::NotALink: return tr("This is not a Rateio invitation link: it should start with rateio:");
    case chain::InvitationProblem::BadName:
        return tr("The group's name in the invitation is too long or holds characters that cannot be shown. Ask the member who "
                  "invited you to send it again.");
    case chain::InvitationProblem::TooLong: return tr("This is too long to be a Rateio invitation.");
    case chain::InvitationProblem::Unreadable:
        return tr("The invitation file \"%1\" could not be opened. Check that it is still there.").arg(parsed.offending);
    case chain::InvitationProblem::NotAnInvitation: return tr("The file \"%1\" is not a Rateio invitation.").arg(parsed.offending);
    case chain::InvitationProblem::ConflictingGroupIds:
        return tr("The group id in the box differs from the one in the invitation. Clear the group id box and paste the "
                  "invitation again.");
    case chain::InvitationProblem::BadCheckpoint:
        return tr("The invitation's check of the group's records is damaged. Ask the member who invited you to send it "
                  "again.");
    case chain::InvitationProblem::None: break;
    }
    return {};
}

void FirstRunWizard::setInvitation(const chain::Invitation& invitation) {
    static_cast<StartPage*>(page(StartPageId))->choose(Choice::Join);
    static_cast<NetworkPage*>(page(JoinPageId))->fill(invitation);
}

QString FirstRunWizard::language() const {
    return static_cast<const LanguagePage*>(page(LanguagePageId))->language();
}

// Cancel, Escape and closing the window all end here: typed work on the group
// pages is not thrown away without a question (Back keeps it: the pages stay filled).
void FirstRunWizard::reject() {
    if (holdsTypedWork(currentPage()) &&
        !confirm(this, tr("Discard what you typed?"), tr("Discard what you typed? The assistant closes and what you typed on this page is lost.")))
        return;
    QWizard::reject();
}

void FirstRunWizard::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWizard::changeEvent(event);
}

void FirstRunWizard::retranslateUi() {
    setWindowTitle(tr("Rateio — first start"));
    setButtonText(QWizard::NextButton, tr("Next"));
    setButtonText(QWizard::BackButton, tr("Back"));
    setButtonText(QWizard::FinishButton, tr("Finish"));
    setButtonText(QWizard::CancelButton, tr("Cancel"));
}

} // namespace ui
