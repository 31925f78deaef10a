#pragma once
// "Check a bill": the member types the figures of a utility bill; Rateio
// compares them with its account of that month, explains each difference
// with the article it rests on, keeps the bill on this computer, and writes a
// letter for the utility's ombudsman (PDF) when they differ.

#include "ui/group_models.h"
#include "ui/page.h"

#include <QDialog>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace ui {

class BillCheckDialog : public QDialog {
    Q_OBJECT
public:
    // `choose_path` asks where to save the letter (the Energy page's chooser).
    BillCheckDialog(GroupModels* models, Page::SavePathChooser choose_path, QWidget* parent = nullptr);
    // Opens on `month` (its kept bill, if any, filled in).
    void showMonth(std::uint32_t month);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void fillMonths();
    // Follows the account's months without touching the figures typed.
    void refreshMonths();
    void loadKept();
    // Parses the fields; on a bad one, says why under the form and returns nothing.
    std::optional<models::BillFigures> readFigures();
    void check();
    void forget();
    void saveLetter();
    void showCheck(const models::BillCheck& check);

    GroupModels* models_;
    Page::SavePathChooser choose_path_;
    QLabel* intro_;
    std::vector<QLabel*> field_labels_;
    QPushButton* close_;
    QComboBox* month_;
    QLineEdit* consumption_;
    QLineEdit* compensated_;
    QLineEdit* balance_;
    QLineEdit* charge_;
    QLineEdit* fio_b_;
    QPushButton* check_;
    QPushButton* forget_;
    QLabel* message_;
    QLabel* verdict_;
    QTableWidget* differences_;
    QLabel* explanations_;
    QPushButton* letter_;
    std::optional<models::BillCheck> last_;
};

} // namespace ui
