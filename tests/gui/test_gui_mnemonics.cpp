// Alt+letter reaches every labelled control (issue 16, point 17): in every
// window — each screen of the main window with the window's own buttons,
// every dialog, every page of the assistant — in English and in Portuguese,
// each button, form label, group box and tab carries a mnemonic, and no two
// of them visible together share a letter (Qt would then only move between
// them instead of pressing the button). The translations choose their own
// letters, so both languages are checked. Buttons Qt labels itself (a dialog
// box's OK, Cancel, Close; the assistant's Back, Next) keep Qt's texts; their
// letters still count. The navigation's Alt+1…9 are digits and never clash.

#include "every_window.h"

#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QTabBar>
#include <QToolButton>
#include <QWizard>

namespace {

QString describe(const QWidget* w, const QString& text) {
    return QStringLiteral("%1 \"%2\" (\"%3\")")
        .arg(QString::fromLatin1(w->metaObject()->className()),
             w->objectName().isEmpty() ? QStringLiteral("unnamed") : w->objectName(), text);
}

// Parts complex widgets draw themselves (a calendar's buttons, a spin box's
// arrows, a combo box's list): their owner answers for them.
bool isInternal(const QWidget* w, const QWidget* window) {
    // A tab widget's tab bar is named by Qt, and its tabs are labelled controls.
    if (w->objectName().startsWith(QStringLiteral("qt_")) && !qobject_cast<const QTabBar*>(w)) return true;
    for (const QWidget* p = w->parentWidget(); p && p != window; p = p->parentWidget()) {
        if (qobject_cast<const QAbstractItemView*>(p) || qobject_cast<const QAbstractSpinBox*>(p) ||
            qobject_cast<const QComboBox*>(p))
            return true;
        // A scroll area's viewport holds the screen; its other parts are its scroll bars.
        if (p->objectName().startsWith(QStringLiteral("qt_")) && p->objectName() != QStringLiteral("qt_scrollarea_viewport"))
            return true;
    }
    return false;
}

// A button whose text Qt gives: a standard button of a dialog's button box
// (OK, Cancel, Close, Yes, No) or one of the assistant's own.
bool labelledByQt(const QAbstractButton* button, const QWidget* window) {
    if (auto* box = qobject_cast<const QDialogButtonBox*>(button->parentWidget()))
        return box->standardButton(const_cast<QAbstractButton*>(button)) != QDialogButtonBox::NoButton;
    if (auto* wizard = qobject_cast<const QWizard*>(window))
        for (QWizard::WizardButton which : {QWizard::BackButton, QWizard::NextButton, QWizard::CommitButton, QWizard::FinishButton,
                                            QWizard::CancelButton, QWizard::HelpButton})
            if (wizard->button(which) == button) return true;
    return false;
}

// A form's label whose field takes the focus (in a form nested anywhere in
// its parent's layouts): Alt+its letter must lead there.
bool inFormLayout(const QLabel* label) {
    QWidget* parent = label->parentWidget();
    if (!parent || !parent->layout()) return false;
    std::function<bool(QLayout*)> search = [&](QLayout* layout) {
        if (auto* form = qobject_cast<QFormLayout*>(layout)) {
            for (int row = 0; row < form->rowCount(); ++row) {
                QLayoutItem* l = form->itemAt(row, QFormLayout::LabelRole);
                QLayoutItem* f = form->itemAt(row, QFormLayout::FieldRole);
                if (!l || l->widget() != label || !f) continue;
                QWidget* field = f->widget();
                if (!field) return true; // a layout as the field: linked by hand
                field = field->focusProxy() ? field->focusProxy() : field;
                return field->focusPolicy() != Qt::NoFocus;
            }
        }
        for (int i = 0; i < layout->count(); ++i)
            if (QLayout* inner = layout->itemAt(i)->layout(); inner && search(inner)) return true;
        return false;
    };
    return search(parent->layout());
}

class MnemonicCheck {
public:
    MnemonicCheck(QWidget* window, QString where) : window_(window), where_(std::move(where)) {}

    QStringList problems() {
        for (QWidget* w : window_->findChildren<QWidget*>()) {
            if (!w->isVisible() || w->window() != window_ || isInternal(w, window_)) continue;
            if (auto* button = qobject_cast<QAbstractButton*>(w)) checkButton(button);
            else if (auto* label = qobject_cast<QLabel*>(w)) checkLabel(label);
            else if (auto* box = qobject_cast<QGroupBox*>(w)) add(box->title(), describe(box, box->title()), /*required=*/box->isCheckable());
            else if (auto* tabs = qobject_cast<QTabBar*>(w)) checkTabs(tabs);
            else if (auto* menus = qobject_cast<QMenuBar*>(w)) {
                for (QAction* action : menus->actions()) add(action->text(), describe(menus, action->text()), /*required=*/true);
            }
        }
        return problems_;
    }

private:
    void checkTabs(QTabBar* tabs) {
        for (int i = 0; i < tabs->count(); ++i)
            if (tabs->isTabVisible(i)) add(tabs->tabText(i), describe(tabs, tabs->tabText(i)), /*required=*/true);
    }

    void checkButton(QAbstractButton* button) {
        if (button->text().isEmpty()) return;
        // A tool button showing its icon only shows no text (without an icon it shows the text).
        if (auto* tool = qobject_cast<QToolButton*>(button); tool && tool->toolButtonStyle() == Qt::ToolButtonIconOnly && !tool->icon().isNull())
            return;
        add(button->text(), describe(button, button->text()), /*required=*/!labelledByQt(button, window_) && !repeatsAnother(button));
    }

    // The same action on another card (a campaign's "Pledge"): its letter is
    // on the first card's button only, since one letter on many buttons would
    // only move between them; the others are reached with Tab.
    bool repeatsAnother(const QAbstractButton* button) const {
        if (!QKeySequence::mnemonic(button->text()).isEmpty()) return false;
        for (const QAbstractButton* other : window_->findChildren<QAbstractButton*>())
            if (other != button && other->isVisible() && !QKeySequence::mnemonic(other->text()).isEmpty() &&
                QString(other->text()).remove(QLatin1Char('&')) == button->text())
                return true;
        return false;
    }

    void checkLabel(QLabel* label) {
        if (label->buddy()) {
            // A label naming read-only text (no focus to move) needs no letter.
            add(label->text(), describe(label, label->text()), /*required=*/label->buddy()->focusPolicy() != Qt::NoFocus);
            return;
        }
        if (!label->text().isEmpty() && inFormLayout(label))
            problems_ << QStringLiteral("%1: the form label %2 is not linked to its field (no buddy)").arg(where_, describe(label, label->text()));
    }

    void add(const QString& text, const QString& what, bool required) {
        const QKeySequence mnemonic = QKeySequence::mnemonic(text);
        if (mnemonic.isEmpty()) {
            if (required && !text.trimmed().isEmpty()) problems_ << QStringLiteral("%1: %2 has no mnemonic").arg(where_, what);
            return;
        }
        const QString letter = mnemonic.toString(QKeySequence::PortableText);
        if (const auto first = owners_.constFind(letter); first != owners_.constEnd())
            problems_ << QStringLiteral("%1: %2 is taken by %3 and by %4").arg(where_, letter, *first, what);
        else owners_.insert(letter, what);
    }

    QWidget* window_;
    QString where_;
    QHash<QString, QString> owners_;
    QStringList problems_;
};

QStringList mnemonicProblems(QWidget* window, const QString& where) { return MnemonicCheck(window, where).problems(); }

// Qt Test shortens long messages: each problem is printed whole first.
QString report(const QStringList& problems) {
    for (const QString& p : problems) qWarning("%s", qPrintable(p));
    return QStringLiteral("%1 problems (listed above)").arg(problems.size());
}

} // namespace

class TestGuiMnemonics : public QObject {
    Q_OBJECT

    gui_test::Demo demo_;
    const QStringList languages_ = {QStringLiteral("en"), QStringLiteral("pt_BR")};

    // Checks each window `visit_all` opens, in both languages.
    template <class VisitAll>
    QStringList inBothLanguages(VisitAll visit_all) {
        QStringList problems;
        for (const QString& language : languages_) {
            ui::applyLanguage(language);
            gui_test::settleEvents();
            visit_all([&](QWidget* window, const QString& where) {
                problems << mnemonicProblems(window, language + QStringLiteral(", ") + where);
            });
        }
        return problems;
    }

private slots:
    void initTestCase() {
        QString error;
        QVERIFY2(demo_.open(&error), qPrintable(error));
    }
    void cleanup() { ui::applyLanguage(QStringLiteral("en")); }

    void everyScreenHasDistinctMnemonics() {
        const QStringList problems = inBothLanguages([&](const gui_test::VisitWindow& visit) { gui_test::visitScreens(demo_.window(), visit); });
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    // Two open campaigns, two cards with the same buttons (the demo has one:
    // the proposed plant's campaign is opened in a copy of its snapshot).
    void twoCampaignCardsRepeatNoLetter() {
        ui::GroupModels* models = demo_.session->models();
        const models::SnapshotPtr real = models->client()->snapshot();
        auto two = std::make_shared<models::Snapshot>(*real);
        std::int64_t deadline_s = 0;
        for (const chain::Plant& p : two->plants)
            if (p.status == chain::PlantStatus::Campaign) deadline_s = p.campaign_deadline_s;
        QVERIFY(deadline_s > 0);
        const auto proposed = std::find_if(two->plants.begin(), two->plants.end(),
                                           [](const chain::Plant& p) { return p.status == chain::PlantStatus::Proposed; });
        QVERIFY(proposed != two->plants.end());
        proposed->status = chain::PlantStatus::Campaign;
        proposed->campaign_deadline_s = deadline_s;
        const auto show = [models](const models::SnapshotPtr& snapshot) {
            models->plants()->setSnapshot(snapshot);
            models->summary()->setSnapshot(snapshot);
            emit models->changed();
            gui_test::settleEvents();
        };
        show(two);
        ui::MainWindow* window = demo_.window();
        int cards_seen = 0;
        const QStringList problems = inBothLanguages([&](const gui_test::VisitWindow& visit) {
            window->showScreen(ui::MainWindow::Crowdfunding);
            gui_test::settleEvents();
            cards_seen = 0;
            for (QWidget* card : window->findChildren<QWidget*>())
                if (card->objectName().startsWith(QStringLiteral("campaignCard_")) && card->isVisible()) ++cards_seen;
            visit(window, QStringLiteral("Crowdfunding with two open campaigns"));
        });
        show(real);
        QCOMPARE(cards_seen, 2);
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void everyDialogHasDistinctMnemonics() {
        int visited = 0;
        const QStringList problems = inBothLanguages([&](const gui_test::VisitWindow& visit) {
            gui_test::visitDialogs(demo_, [&](QWidget* window, const QString& where) {
                ++visited;
                visit(window, where);
            });
        });
        // Propose a plant, shortcuts, help, About, passphrase, validator, correction, removal, confirmation.
        QCOMPARE(visited, 2 * 9);
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    void everyAssistantPageHasDistinctMnemonics() {
        const QStringList problems = inBothLanguages([&](const gui_test::VisitWindow& visit) { gui_test::visitAssistant(visit); });
        QVERIFY2(problems.isEmpty(), qPrintable(report(problems)));
    }

    // The check itself finds a clash and a missing letter.
    void theCheckFindsClashesAndMissingLetters() {
        QWidget window;
        auto* form = new QFormLayout(&window);
        auto* first = new QPushButton(QStringLiteral("&Send"), &window);
        auto* second = new QPushButton(QStringLiteral("&Save"), &window);
        auto* bare = new QPushButton(QStringLiteral("Record"), &window);
        form->addRow(first);
        form->addRow(second);
        form->addRow(bare);
        form->addRow(new QLabel(QStringLiteral("Amount"), &window), new QLineEdit(&window));
        window.show();
        gui_test::settleEvents();
        const QStringList problems = mnemonicProblems(&window, QStringLiteral("test"));
        QCOMPARE(problems.size(), 3);
        QVERIFY2(problems.filter(QStringLiteral("Alt+S is taken by")).size() == 1, qPrintable(problems.join('\n')));
        QVERIFY2(problems.filter(QStringLiteral("\"Record\") has no mnemonic")).size() == 1, qPrintable(problems.join('\n')));
        QVERIFY2(problems.filter(QStringLiteral("not linked to its field")).size() == 1, qPrintable(problems.join('\n')));
    }
};

QTEST_MAIN(TestGuiMnemonics)
#include "test_gui_mnemonics.moc"
