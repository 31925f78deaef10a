#pragma once
// Energy credits: what the group's plants allocated to me month by month,
// what I consumed, the credit banked and used, when it expires, what it saved
// me at my tariff; the form for this month's reading; the monthly statement
// and the lista de rateio to export.

#include "ui/page.h"

#include <QDate>

#include <vector>

class QChartView;
class QComboBox;
class QDateEdit;
class QGridLayout;
class QGroupBox;
class QLineEdit;
class QPushButton;
class QTableWidget;
class QTabWidget;

namespace ui {

class BillCheckDialog;
class ChartPanel;

class EnergyPage : public Page {
    Q_OBJECT
public:
    explicit EnergyPage(GroupModels* models, QWidget* parent = nullptr);
    QString title() const override { return tr("Energy credits"); }
    void refresh() override;
    void retranslateUi() override;

    bool exportStatement(std::uint32_t month, const QString& path, QString* error) const;
    bool exportListaCsv(const QString& utility, const QString& path, QString* error) const;
    bool exportListaPdf(const QString& utility, const QString& path, QString* error) const;

private:
    void buildCards(QGridLayout* cards);
    QGroupBox* buildReadingForm();
    QGroupBox* buildExports();
    void refreshCards();
    void refreshMonthlyChart();
    // Why a chart has no month to show, said in its place.
    QString whyNoMonth() const;
    void refreshCreditChart();
    void refreshTables();
    void refreshReadingForm();
    void refreshReadingHistory();
    bool confirmReplacement(std::uint64_t plant_id, std::uint32_t month, std::uint64_t energy_wh);
    void refreshReadingDate(std::int64_t now_s);
    void refreshExports();
    void recordReading();
    void saveStatement();
    void saveLista(bool pdf);
    void openBillCheck(std::uint32_t month);
    std::map<chain::AccountId, std::string> consumerUnits() const;

    QLabel* heading_;
    QLabel* subheading_;
    QLabel* balance_caption_;
    QLabel* balance_value_;
    QLabel* balance_detail_;
    QLabel* month_caption_;
    QLabel* month_value_;
    QLabel* month_detail_;
    QLabel* savings_caption_;
    QLabel* savings_value_;
    QLabel* savings_detail_;
    QLabel* expired_caption_;
    QLabel* expired_value_;
    QLabel* expired_detail_;
    QChartView* monthly_chart_;
    QChartView* credit_chart_;
    ChartPanel* monthly_panel_;
    ChartPanel* credit_panel_;
    QTabWidget* tables_;
    QTableWidget* months_table_;
    QTableWidget* lots_table_;

    QGroupBox* reading_box_;
    QLabel* reading_of_label_;
    QComboBox* reading_of_;
    QLabel* reading_month_label_;
    QComboBox* reading_month_;
    QLabel* reading_kwh_label_;
    QLineEdit* reading_kwh_;
    QLabel* reading_date_label_;
    QDateEdit* reading_date_;
    QLabel* reading_connection_label_;
    QComboBox* reading_connection_;
    QPushButton* record_;
    QLabel* reading_message_;
    // The readings already recorded for the chosen month and source: a new one replaces them.
    QLabel* reading_history_;

    QGroupBox* exports_box_;
    QPushButton* check_bill_;
    QLabel* statement_month_label_;
    QComboBox* statement_month_;
    QPushButton* save_statement_;
    QLabel* lista_utility_label_;
    QComboBox* lista_utility_;
    QPushButton* save_lista_csv_;
    QPushButton* save_lista_pdf_;
    QLabel* export_message_;

    bool connection_from_record_ = false;
    // Today in Brasília by the node's clock, as last offered: the reading date's default and latest day.
    QDate reading_date_today_;
    QString shown_reason_;
    BillCheckDialog* bill_dialog_ = nullptr;
};

} // namespace ui
