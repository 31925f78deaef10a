#pragma once
// The base of every screen: it refreshes when the group changes and
// retranslates its texts when the language changes.

#include "ui/group_models.h"

#include <QEvent>
#include <QWidget>

#include <functional>

class QLabel;
class QFrame;

namespace ui {

class Page : public QWidget {
    Q_OBJECT
public:
    Page(GroupModels* models, QWidget* parent = nullptr);

    // The page's title in the navigation and its header.
    virtual QString title() const = 0;
    // Called after every new snapshot, and once at first show.
    virtual void refresh() {}
    // Sets every text again in the current language.
    virtual void retranslateUi() = 0;
    // Actions that need the latest state are disabled, with `reason`, while the node catches up.
    virtual void setActionsEnabled(bool enabled, const QString& reason);

    // Asks where to save a file (title, suggested name, filter); an empty
    // answer cancels. A file dialog by default; tests answer with a path.
    using SavePathChooser = std::function<QString(const QString&, const QString&, const QString&)>;
    void setSavePathChooser(SavePathChooser chooser) { choose_save_path_ = std::move(chooser); }

protected:
    void changeEvent(QEvent* event) override;
    bool actionsEnabled() const { return actions_enabled_; }
    const QString& actionsDisabledReason() const { return actions_reason_; }
    // A large bold page heading.
    static QLabel* makeHeading(QWidget* parent);
    // A rounded panel with a caption and a value, for the dashboard figures.
    static QFrame* makeCard(QWidget* parent, QLabel** caption, QLabel** value, QLabel** detail, const QString& object_name);
    // Where to save a file, through the chooser above.
    QString chooseSavePath(const QString& title, const QString& suggested, const QString& filter);
    // Gives each card's value the accessible name "caption: value" and its
    // detail as description: a screen reader reading "42" alone says nothing.
    // Runs after every refresh.
    void nameCards();

    GroupModels* models_;

private:
    void relocalizeDateFields();
    void clearFeedback();

    bool actions_enabled_ = true;
    QString actions_reason_;
    SavePathChooser choose_save_path_;
};

} // namespace ui
