#pragma once
// The event feed with search, type and date filters, and CSV export.

#include "ui/page.h"

class QComboBox;
class QDateEdit;
class QLineEdit;
class QPushButton;
class QTableView;

namespace ui {

class EventFilter;

class ActivityPage : public Page {
    Q_OBJECT
public:
    explicit ActivityPage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Activity"); }
    void refresh() override;
    void retranslateUi() override;
    // Writes the rows the filters show; false and *error on failure.
    bool exportCsv(const QString& path, QString* error) const;

private:
    void applyFilters();
    void refreshKinds();
    void refreshHistoryNote();

    QLabel* heading_;
    QLineEdit* search_;
    QComboBox* kind_;
    QLabel *from_label_, *to_label_;
    QDateEdit* from_;
    QDateEdit* to_;
    QPushButton* export_;
    QLabel* message_;
    QLabel* history_note_; // shown when this computer joined from a synced state
    QTableView* table_;
    EventFilter* filter_;
    bool dates_initialised_ = false;
};

} // namespace ui
