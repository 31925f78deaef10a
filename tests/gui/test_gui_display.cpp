// What the screens show, checked on the widgets rather than on screenshots:
// the charts' series and axes (for 0, 1, 2, 12 and 36 months, tiny and huge
// values, an empty group), every visible text after a language switch, the
// colours after a theme switch, plain words in the status bar and the help
// of each screen (F1).

#include "app/desktop/startup.h"
#include "models/format.h"
#include "models/workspace.h"
#include "ui/chart_axes.h"
#include "ui/energy_chart.h"
#include "ui/energy_page.h"
#include "ui/language.h"
#include "ui/resources.h"
#include "ui/screen_help.h"
#include "ui/theme.h"
#include "widget_lookup.h"
#include "wizard_steps.h"

#include <QApplication>
#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QDialog>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QTableWidget>
#include <QKeySequence>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QScatterSeries>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QValueAxis>

#include <cmath>

using gui_test::child;

namespace {

constexpr int kUiWaitMs = 15000;
// The month counts the charts are built for: none, one, a line, a year, more than the screen shows.
constexpr int kMonthCounts[] = {0, 1, 2, 12, 36};
// The Energy screen shows at most two years.
constexpr std::size_t kEnergyChartMonthsMax = 24;
constexpr int kEnergyChartTicksMax = 7;

// Runs `act` on the next modal widget, once it shows.
void whenModal(std::function<void(QWidget*)> act) {
    QTimer::singleShot(0, qApp, [act = std::move(act)] {
        QTRY_VERIFY(QApplication::activeModalWidget());
        act(QApplication::activeModalWidget());
    });
}

// The labels an axis prints, computed as Qt Charts places them: a category
// axis names its categories; a date axis puts `tickCount` ticks evenly from
// min to max in its format and its chart's locale; a value axis prints its
// ticks with its format.
QStringList axisLabels(const QAbstractAxis* axis) {
    const QChart* chart = qobject_cast<const QChart*>(axis->parent());
    const QLocale chart_locale = chart ? chart->locale() : QLocale();
    QStringList labels;
    // categoriesLabels() is not const in Qt Charts, though it changes nothing.
    if (auto* categories = qobject_cast<QCategoryAxis*>(const_cast<QAbstractAxis*>(axis))) return categories->categoriesLabels();
    if (auto* dates = qobject_cast<const QDateTimeAxis*>(axis)) {
        const qint64 min = dates->min().toMSecsSinceEpoch(), max = dates->max().toMSecsSinceEpoch();
        const int n = dates->tickCount();
        for (int i = 0; i < n; ++i)
            labels << chart_locale.toString(QDateTime::fromMSecsSinceEpoch(min + (n > 1 ? (max - min) * i / (n - 1) : 0)), dates->format());
        return labels;
    }
    if (auto* values = qobject_cast<const QValueAxis*>(axis)) {
        const int n = values->tickCount();
        for (int i = 0; i < n; ++i) {
            const double v = values->min() + (n > 1 ? (values->max() - values->min()) * i / (n - 1) : 0);
            labels << QString::asprintf(values->labelFormat().toLatin1().constData(), v);
        }
    }
    return labels;
}

double axisMin(const QAbstractAxis* axis) {
    if (auto* v = qobject_cast<const QValueAxis*>(axis)) return v->min();
    if (auto* d = qobject_cast<const QDateTimeAxis*>(axis)) return double(d->min().toMSecsSinceEpoch());
    return NAN;
}

double axisMax(const QAbstractAxis* axis) {
    if (auto* v = qobject_cast<const QValueAxis*>(axis)) return v->max();
    if (auto* d = qobject_cast<const QDateTimeAxis*>(axis)) return double(d->max().toMSecsSinceEpoch());
    return NAN;
}

bool distinct(const QStringList& labels) { return QSet<QString>(labels.begin(), labels.end()).size() == labels.size(); }

std::vector<chain::MonthAccount> months(int count, std::uint64_t allocated_wh) {
    std::vector<chain::MonthAccount> result;
    for (int i = 0; i < count; ++i) {
        chain::MonthAccount m;
        m.month = chain::add_months(202401, i);
        m.allocated_wh = allocated_wh + std::uint64_t(i) * (allocated_wh / 10);
        m.consumption_wh = allocated_wh / 2;
        m.has_consumption = true;
        result.push_back(m);
    }
    return result;
}

const std::vector<ui::MonthSeries>& energyLines() {
    static const std::vector<ui::MonthSeries> lines{
        {QStringLiteral("Allocated"), Qt::green, [](const chain::MonthAccount& m) { return m.allocated_wh; }},
        {QStringLiteral("Consumed"), Qt::blue, [](const chain::MonthAccount& m) { return m.consumption_wh; }}};
    return lines;
}

QAbstractAxis* axisOf(QChart* chart, Qt::Orientation orientation) {
    const QList<QAbstractAxis*> axes = chart->axes(orientation);
    return axes.isEmpty() ? nullptr : axes.front();
}

// A table cell's text, or "(none)" where the table has no item.
QString cellText(const QTableWidget* table, int row, int column) {
    const QTableWidgetItem* item = table->item(row, column);
    return item ? item->text() : QStringLiteral("(none)");
}

QString headerText(const QTableWidget* table, int column) {
    const QTableWidgetItem* item = table->horizontalHeaderItem(column);
    return item ? item->text() : QString();
}

// What is wrong with `table` as the table of `chart`'s series (empty when
// nothing): a pie's slices are rows (label, quota); a month chart's months
// are rows and its lines columns (kWh); a step line (capacity) has a row per
// step, the value it steps to (kW).
QStringList tableMismatches(QChart* chart, const QTableWidget* table) {
    QStringList wrong;
    const auto expect = [&](const QString& what, const QString& shown, const QString& expected) {
        if (shown != expected) wrong << QStringLiteral("%1: \"%2\", expected \"%3\"").arg(what, shown, expected);
    };
    const QList<QAbstractSeries*> all = chart->series();
    if (all.isEmpty()) return {QStringLiteral("the chart has no series")};
    if (auto* pie = qobject_cast<QPieSeries*>(all.front())) {
        expect(QStringLiteral("rows"), QString::number(table->rowCount()), QString::number(pie->count()));
        for (int i = 0; i < pie->count() && i < table->rowCount(); ++i) {
            expect(QStringLiteral("slice %1 name").arg(i), cellText(table, i, 0), pie->slices()[i]->label());
            expect(QStringLiteral("slice %1 quota").arg(i), cellText(table, i, 1),
                   models::formatKw(std::uint64_t(std::llround(pie->slices()[i]->value()))));
        }
        return wrong;
    }
    auto* first = qobject_cast<QXYSeries*>(all.front());
    if (!first) return {QStringLiteral("a series neither pie nor line")};
    auto* months = qobject_cast<QCategoryAxis*>(axisOf(chart, Qt::Horizontal));
    const QVariant first_month = months ? months->property(ui::charts::kMonthAxisFirstMonthProperty) : QVariant();
    // Month charts have a point per month at x = 0, 1, 2…; the capacity line two points per step.
    const bool per_month = all.size() > 1 || first->count() == 0 || first->at(first->count() - 1).x() == double(first->count() - 1);
    if (!per_month) {
        const int steps = (first->count() - 1) / 2;
        expect(QStringLiteral("rows"), QString::number(table->rowCount()), QString::number(steps));
        for (int step = 0; step < steps && step < table->rowCount(); ++step)
            expect(QStringLiteral("step %1").arg(step), cellText(table, step, 1),
                   models::formatKw(std::uint64_t(std::llround(first->at(2 * step + 1).y() * 1000))));
        return wrong;
    }
    expect(QStringLiteral("rows"), QString::number(table->rowCount()), QString::number(first->count()));
    expect(QStringLiteral("columns"), QString::number(table->columnCount()), QString::number(all.size() + 1));
    for (int column = 0; column < int(all.size()); ++column) {
        auto* series = static_cast<QXYSeries*>(all[column]);
        expect(QStringLiteral("header %1").arg(column + 1), headerText(table, column + 1), series->name());
        for (int row = 0; row < series->count() && row < table->rowCount(); ++row) {
            const QPointF p = series->at(row);
            if (column == 0 && first_month.isValid())
                expect(QStringLiteral("month of row %1").arg(row), cellText(table, row, 0),
                       models::formatMonth(chain::add_months(first_month.toUInt(), int(p.x()))));
            expect(QStringLiteral("%1 of row %2").arg(series->name()).arg(row), cellText(table, row, column + 1),
                   models::formatKwh(std::uint64_t(std::llround(p.y() * 1000))));
        }
    }
    return wrong;
}

// The mean luminance of a widget as drawn, from 0 (black) to 1 (white).
double meanLightness(QWidget* widget) {
    const QImage image = widget->grab().toImage();
    double sum = 0;
    int count = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2, ++count) sum += QColor(image.pixel(x, y)).lightnessF();
    return count ? sum / count : 0;
}

// The contrast of a label's text against the card behind it as drawn: the
// card rendered at 4× (so that thin strokes cover whole pixels), and within
// the label's area the pixel that stands out most from its corner.
double drawnContrast(QWidget* card, QLabel* label) {
    constexpr int kScale = 4;
    QImage image(card->size() * kScale, QImage::Format_ARGB32);
    image.setDevicePixelRatio(kScale);
    image.fill(Qt::magenta);
    card->render(&image);
    const QRect area(label->mapTo(card, QPoint(0, 0)) * kScale, label->size() * kScale);
    const QColor background(image.pixel(area.topLeft()));
    double best = 1;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x) best = std::max(best, ui::contrastRatio(QColor(image.pixel(x, y)), background));
    return best;
}

} // namespace

class TestGuiDisplay : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<QSettings> settings_;
    std::unique_ptr<desktop::Session> demo_;
    std::unique_ptr<desktop::Session> empty_;

    ui::MainWindow* window() { return demo_->window(); }

    void chooseLanguage(const QString& code) {
        auto* language = child<QComboBox>(window(), QStringLiteral("settingsLanguage"));
        const int index = language->findData(code);
        language->setCurrentIndex(index);
        emit language->activated(index);
        QCoreApplication::processEvents();
    }

    void chooseTheme(const QString& name) {
        auto* theme = child<QComboBox>(window(), QStringLiteral("settingsTheme"));
        const int index = theme->findData(name);
        theme->setCurrentIndex(index);
        emit theme->activated(index);
        QCoreApplication::processEvents();
    }

    // The help dialog F1 opens on the current screen: its text, closed again.
    void helpShownByF1(QWidget* window, QString* shown_text) {
        QString& shown = *shown_text;
        // Active first: waiting for it runs events, which would run the answer below too early.
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window));
        whenModal([&shown](QWidget* modal) {
            QCOMPARE(modal->objectName(), QStringLiteral("screenHelpDialog"));
            shown = child<QLabel>(modal, QStringLiteral("screenHelpText"))->text();
            // The technical words are one click away.
            auto* details = child<QLabel>(modal, QStringLiteral("screenHelpDetails"));
            QVERIFY(!details->isVisible());
            QTest::mouseClick(child<QPushButton>(modal, QStringLiteral("screenHelpDetailsToggle")), Qt::LeftButton);
            QVERIFY(details->isVisible() && !details->text().isEmpty());
            QVERIFY(child<QPushButton>(modal, QStringLiteral("screenHelpShortcuts")));
            static_cast<QDialog*>(modal)->reject();
        });
        QTest::keyClick(window, Qt::Key_F1);
        QCoreApplication::processEvents();
    }

private slots:
    void initTestCase() {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        ui::applyTheme(ui::Theme::Light);
        settings_ = std::make_unique<QSettings>(dir_.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        QString error;
        demo_ = desktop::openDemo(dir_.filePath(QStringLiteral("demo")), settings_.get(), &error);
        QVERIFY2(demo_, qPrintable(error));
        window()->show();
        QTRY_VERIFY_WITH_TIMEOUT(demo_->models()->snapshot().my_energy_facts && demo_->models()->snapshot().members.size() >= 30, kUiWaitMs);

        // A group just founded: one member, no plant, nobody holds quota.
        const QString data = dir_.filePath(QStringLiteral("empty"));
        models::Workspace workspace(data);
        const models::Workspace::WalletOutcome wallet = workspace.createWallet(QStringLiteral("ana"), QString::fromUtf8(gui_test::kWalletPassphrase));
        QVERIFY(wallet.ok());
        models::FoundingDetails details{QStringLiteral("Condomínio Vazio"), QStringLiteral("Cemig"), QStringLiteral("Ana Lima"),
                                        QStringLiteral("0099887766"), chain::GroupParams{}, /*dev_group=*/true};
        models::OpenedNode opened = workspace.createGroup(details, *wallet.key);
        QVERIFY2(opened.node, qPrintable(opened.error));
        empty_ = std::make_unique<desktop::Session>(std::move(opened), ui::WalletLocation{data, QStringLiteral("ana")}, settings_.get());
        empty_->window()->show();
        QTRY_VERIFY_WITH_TIMEOUT(empty_->models()->snapshot().has_identity && empty_->models()->snapshot().members.size() == 1, kUiWaitMs);
    }

    // The value axis: from 0 to a round maximum at or above the data, its labels distinct and true.
    void valueScalesAreRoundDistinctAndCoverTheData() {
        for (double max : {0.0, 0.0004, 0.003, 0.9, 2.0, 7.3, 280.0, 1968.762, 1.0e6, 3.7e9, 2.0e12}) {
            const ui::charts::ValueScale scale = ui::charts::valueScale(max);
            QCOMPARE(scale.min, 0.0);
            QVERIFY2(scale.max >= max, qPrintable(QString::number(max)));
            QVERIFY(scale.tick_count >= 2 && scale.tick_count <= ui::charts::kValueTicksMax);
            QVERIFY(std::abs(scale.min + scale.step * (scale.tick_count - 1) - scale.max) <= scale.step * 1e-9);
            QStringList labels;
            for (int i = 0; i < scale.tick_count; ++i) {
                labels << scale.label(i);
                // True at its precision: the label reads back as the tick's value.
                QVERIFY(std::abs(labels.last().toDouble() - scale.step * i) <= scale.step * 1e-6);
            }
            QVERIFY2(distinct(labels), qPrintable(labels.join(QStringLiteral(", "))));
        }
        // The "2, 1, 1, 0" of a small range: halves, with one decimal.
        const ui::charts::ValueScale two = ui::charts::valueScale(2.0);
        QCOMPARE(two.labelFormat(), QStringLiteral("%.1f"));
    }

    void monthLabelsAreDistinctMonthsEndingWithTheLatest() {
        for (int count : kMonthCounts) {
            const std::vector<int> indices = ui::charts::monthLabelIndices(count, kEnergyChartTicksMax);
            QCOMPARE(indices.empty(), count == 0);
            if (count == 0) continue;
            QCOMPARE(indices.back(), count - 1);
            QVERIFY(int(indices.size()) <= kEnergyChartTicksMax);
            QVERIFY(std::is_sorted(indices.begin(), indices.end()));
            QVERIFY(std::adjacent_find(indices.begin(), indices.end()) == indices.end());
        }
        QCOMPARE(ui::charts::monthsBetween(202411, 202602), 16);
    }

    // The Energy screen's chart for 0, 1, 2, 12 and 36 months.
    void energyChartForEveryMonthCount() {
        for (int count : kMonthCounts) {
            QChartView* view = ui::makeChartView(nullptr, QStringLiteral("testChart"), 200, Qt::AlignBottom);
            std::unique_ptr<QChartView> owner(view);
            view->resize(600, 300);
            ui::plotEnergyMonths(view, months(count, 280'000), energyLines(), kEnergyChartMonthsMax, kEnergyChartTicksMax);
            QChart* chart = view->chart();
            const std::size_t shown = std::min<std::size_t>(std::size_t(count), kEnergyChartMonthsMax);
            QCOMPARE(!view->isHidden(), shown > 0);
            if (shown == 0) {
                QVERIFY(chart->series().isEmpty());
                continue;
            }
            QCOMPARE(chart->series().size(), qsizetype(energyLines().size()));
            QAbstractAxis* x = axisOf(chart, Qt::Horizontal);
            QAbstractAxis* y = axisOf(chart, Qt::Vertical);
            QVERIFY(x && y);
            for (QAbstractSeries* abstract : chart->series()) {
                auto* series = qobject_cast<QXYSeries*>(abstract);
                QVERIFY(series);
                QCOMPARE(std::size_t(series->count()), shown);
                // One month is drawn as visible points: a line needs two.
                if (shown == 1) QVERIFY(series->type() == QAbstractSeries::SeriesTypeScatter || series->pointsVisible());
                for (const QPointF& p : series->points()) {
                    QVERIFY2(p.x() > axisMin(x) && p.x() < axisMax(x), qPrintable(QStringLiteral("x %1 outside the axis").arg(p.x())));
                    QVERIFY(p.y() >= axisMin(y) && p.y() <= axisMax(y));
                }
            }
            const QStringList x_labels = axisLabels(x);
            QVERIFY(!x_labels.isEmpty() && x_labels.size() <= kEnergyChartTicksMax);
            QVERIFY2(distinct(x_labels), qPrintable(x_labels.join(QStringLiteral(", "))));
            // The latest month is named under its point.
            QVERIFY(x_labels.contains(ui::charts::monthAxisLabel(chain::add_months(202401, count - 1))));
            const QStringList y_labels = axisLabels(y);
            QVERIFY(y_labels.size() >= 2);
            QVERIFY2(distinct(y_labels), qPrintable(y_labels.join(QStringLiteral(", "))));
        }
    }

    void energyChartForTinyAndHugeValues() {
        for (std::uint64_t wh : {std::uint64_t(1), std::uint64_t(2'000), std::uint64_t(4'000'000'000'000)}) {
            QChartView view(new QChart);
            ui::plotEnergyMonths(&view, months(3, wh), energyLines(), kEnergyChartMonthsMax, kEnergyChartTicksMax);
            QValueAxis* y = qobject_cast<QValueAxis*>(axisOf(view.chart(), Qt::Vertical));
            QVERIFY(y);
            double max_kwh = 0;
            for (QAbstractSeries* s : view.chart()->series())
                for (const QPointF& p : static_cast<QXYSeries*>(s)->points()) max_kwh = std::max(max_kwh, p.y());
            QVERIFY(y->max() >= max_kwh && y->max() <= max_kwh * 2.5 + 1e-9);
            const QStringList labels = axisLabels(y);
            QVERIFY2(distinct(labels), qPrintable(labels.join(QStringLiteral(", "))));
            QVERIFY(labels.size() <= ui::charts::kValueTicksMax);
        }
    }

    // An empty group: a sentence instead of a full disc, and no capacity line.
    void anEmptyGroupShowsNoPie() {
        ui::MainWindow* w = empty_->window();
        auto* panel = child<QWidget>(w, QStringLiteral("overviewQuotaChartPanel"));
        auto* empty = child<QLabel>(w, QStringLiteral("overviewQuotaChartEmpty"));
        auto* pie = child<QChartView>(w, QStringLiteral("overviewQuotaChart"));
        QVERIFY(panel && empty && pie);
        QVERIFY(empty->isVisible());
        QVERIFY(!empty->text().isEmpty());
        QVERIFY(!pie->isVisible());
        QVERIFY(pie->chart()->series().isEmpty());
        QVERIFY(!child<QChartView>(w, QStringLiteral("overviewCapacityChart"))->isVisible());
        // The demo has holders: its pie shows.
        QVERIFY(child<QChartView>(window(), QStringLiteral("overviewQuotaChart"))->chart()->series().size() == 1);
    }

    // The Energy screen of a member with no month yet: a sentence where each chart would be an empty frame.
    void energyChartsWithoutMonthsSayWhy() {
        ui::MainWindow* w = empty_->window();
        w->showScreen(ui::MainWindow::Energy);
        for (const char* name : {"energyMonthlyChart", "energyCreditChart"}) {
            auto* empty = child<QLabel>(w, QString::fromLatin1(name) + QStringLiteral("Empty"));
            QVERIFY(empty);
            QTRY_VERIFY(empty->isVisible());
            QVERIFY2(empty->text().startsWith(QStringLiteral("Nothing to draw yet")), qPrintable(empty->text()));
            QVERIFY(!child<QChartView>(w, QString::fromLatin1(name))->isVisible());
        }
        // The demo's member has months: the charts show.
        window()->showScreen(ui::MainWindow::Energy);
        QTRY_VERIFY(child<QChartView>(window(), QStringLiteral("energyMonthlyChart"))->isVisible());
        QVERIFY(!child<QLabel>(window(), QStringLiteral("energyMonthlyChartEmpty"))->isVisible());
    }

    // The demo's capacity chart: distinct months under it, the line inside its axes.
    void capacityChartNamesDistinctMonths() {
        QChart* chart = child<QChartView>(window(), QStringLiteral("overviewCapacityChart"))->chart();
        QAbstractAxis* x = axisOf(chart, Qt::Horizontal);
        QVERIFY(x);
        const QStringList labels = axisLabels(x);
        QVERIFY(labels.size() >= 2);
        QVERIFY2(distinct(labels), qPrintable(labels.join(QStringLiteral(", "))));
        auto* series = qobject_cast<QXYSeries*>(chart->series().value(0));
        QVERIFY(series && series->count() >= 3);
        for (const QPointF& p : series->points()) QVERIFY(p.x() >= axisMin(x) - 1e-9 && p.x() <= axisMax(x) + 1e-9);
    }

    // After a switch, the charts' month labels, the date fields, the status
    // bar's date and old feedback lines are in the new language; and back.
    void aLanguageSwitchReachesChartsDatesAndFeedback() {
        window()->showScreen(ui::MainWindow::Energy);
        QChart* credit = child<QChartView>(window(), QStringLiteral("energyCreditChart"))->chart();
        auto* from = child<QDateEdit>(window(), QStringLiteral("activityFrom"));
        auto* status = child<QLabel>(window(), QStringLiteral("statusHeight"));
        auto* message = child<QLabel>(window(), QStringLiteral("readingMessage"));
        // A feedback line from before the switch.
        gui_test::typeInto(window(), QStringLiteral("readingKwh"), QStringLiteral("abc"));
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("recordReading")), Qt::LeftButton);
        QCOMPARE(message->property("messageKind").toString(), QStringLiteral("error"));
        const QString english_error = message->text();
        QVERIFY(!english_error.isEmpty());
        const QStringList english_months = axisLabels(axisOf(credit, Qt::Horizontal));
        const QString english_date = from->text();
        const QString english_status = status->text();
        const QDate day = QDateTime::fromSecsSinceEpoch(demo_->models()->snapshot().summary.time_s).date();
        const QLocale portuguese(QLocale::Portuguese, QLocale::Brazil);

        chooseLanguage(QStringLiteral("pt_BR"));
        QTRY_COMPARE(child<QListWidget>(window(), QStringLiteral("navigation"))->item(0)->text(), QStringLiteral("Visão geral"));
        QCOMPARE(credit->title(), QCoreApplication::translate("ui::EnergyPage", "My credit: banked, used and balance"));
        QVERIFY(credit->title() != QStringLiteral("My credit: banked, used and balance"));
        const QStringList portuguese_months = axisLabels(axisOf(credit, Qt::Horizontal));
        QVERIFY2(portuguese_months != english_months, qPrintable(portuguese_months.join(QStringLiteral(", "))));
        QVERIFY(portuguese_months.contains(ui::charts::monthAxisLabel(
            chain::add_months(std::uint32_t(day.year() * 100 + day.month()), -1))));
        QCOMPARE(from->text(), portuguese.toString(from->date(), portuguese.dateFormat(QLocale::ShortFormat)));
        QVERIFY(from->text() != english_date);
        QVERIFY2(status->text().contains(portuguese.toString(day, QStringLiteral("d MMM yyyy"))), qPrintable(status->text()));
        QVERIFY(status->text() != english_status);
        QVERIFY2(message->text() != english_error, qPrintable(message->text()));

        chooseLanguage(QStringLiteral("en"));
        QTRY_COMPARE(child<QListWidget>(window(), QStringLiteral("navigation"))->item(0)->text(), QStringLiteral("Overview"));
        // The labels follow the plot's width (ui/energy_chart.cpp): compared once it is laid out again.
        QTRY_COMPARE(axisLabels(axisOf(credit, Qt::Horizontal)), english_months);
        QCOMPARE(from->text(), english_date);
        QCOMPARE(status->text(), english_status);
        QCOMPARE(credit->title(), QStringLiteral("My credit: banked, used and balance"));
    }

    // Cancelling the assistant keeps the language chosen on its first page.
    void cancellingTheAssistantKeepsItsLanguage() {
        QTemporaryDir data;
        QSettings settings(data.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        whenModal([](QWidget* modal) {
            auto* wizard = qobject_cast<ui::FirstRunWizard*>(modal);
            QVERIFY(wizard);
            // click(): the page may not be laid out yet, so a mouse click could miss.
            child<QRadioButton>(wizard, QStringLiteral("wizardPortuguese"))->click();
            QCOMPARE(wizard->language(), QStringLiteral("pt_BR"));
            wizard->reject();
        });
        QString error;
        QVERIFY(!desktop::runFirstStart(data.filePath(QStringLiteral("data")), &settings, &error, std::nullopt));
        QCOMPARE(settings.value(desktop::kLanguageKey).toString(), QStringLiteral("pt_BR"));
        ui::applyLanguage(QStringLiteral("en"));
        QCoreApplication::processEvents();
    }

    // Dark, then Light: the sidebar, the cards and the charts follow at once,
    // and the cards' texts read on their background.
    void aThemeSwitchRestylesSidebarCardsAndCharts() {
        window()->showScreen(ui::MainWindow::Overview);
        auto* navigation = child<QListWidget>(window(), QStringLiteral("navigation"));
        QWidget* card = child<QWidget>(window(), QStringLiteral("overviewQuotaCard"));
        auto* chart = child<QChartView>(window(), QStringLiteral("overviewCreditChart"));
        for (const auto& [theme, dark] : {std::pair{QStringLiteral("dark"), true}, std::pair{QStringLiteral("light"), false},
                                          std::pair{QStringLiteral("dark"), true}, std::pair{QStringLiteral("light"), false}}) {
            chooseTheme(theme);
            const auto looks = [dark](double lightness) { return dark ? lightness < 0.35 : lightness > 0.7; };
            QVERIFY2(looks(meanLightness(navigation)), qPrintable(theme + QStringLiteral(" sidebar %1").arg(meanLightness(navigation))));
            QVERIFY2(looks(meanLightness(card)), qPrintable(theme + QStringLiteral(" card %1").arg(meanLightness(card))));
            QVERIFY2(looks(meanLightness(chart)), qPrintable(theme + QStringLiteral(" chart %1").arg(meanLightness(chart))));
            QCOMPARE(chart->chart()->backgroundBrush().color().lightnessF() < 0.5, dark);
            // A chart made now, as at a start in this theme, is in it too.
            const std::unique_ptr<QChartView> fresh(ui::makeChartView(nullptr, QStringLiteral("freshChart"), 200, Qt::AlignBottom));
            ui::plotEnergyMonths(fresh.get(), months(3, 280'000), energyLines(), kEnergyChartMonthsMax, kEnergyChartTicksMax);
            fresh->resize(400, 300);
            QVERIFY2(looks(meanLightness(fresh.get())), qPrintable(theme + QStringLiteral(" new chart %1").arg(meanLightness(fresh.get()))));
            for (QLabel* label : card->findChildren<QLabel*>()) {
                if (label->text().isEmpty() || !label->isVisible()) continue;
                const double contrast = drawnContrast(card, label);
                QVERIFY2(contrast >= ui::kMinimumTextContrast,
                         qPrintable(theme + QStringLiteral(": \"%1\" contrast %2").arg(label->text()).arg(contrast)));
            }
        }
    }

    // The status bar in plain words; the block height one hover away.
    void theStatusBarSaysUpToDateNotBlock() {
        auto* status = child<QLabel>(window(), QStringLiteral("statusHeight"));
        const models::Snapshot& s = demo_->models()->snapshot();
        QVERIFY2(!status->text().contains(QStringLiteral("Block"), Qt::CaseInsensitive), qPrintable(status->text()));
        QVERIFY(status->text().contains(ui::charts::dayInWords(s.summary.time_s)));
        QVERIFY(status->toolTip().contains(QString::number(s.summary.height)));
        // What is verified, and by whom: the newest block's signers.
        QVERIFY(s.certified.has_value());
        QCOMPARE(s.certified->height, s.summary.height);
        QVERIFY(s.certified->signers * 3 > s.certified->validators * 2);
        QVERIFY2(status->text().contains(QStringLiteral("verified by %1 of").arg(s.certified->signers)),
                 qPrintable(status->text()));
        QVERIFY(status->toolTip().contains(QStringLiteral("checked the signature")));
        QVERIFY(!status->toolTip().contains(QStringLiteral("joined from"))); // it holds its whole history
        for (const char* name : {"statusPeers", "statusValidator"}) {
            auto* label = child<QLabel>(window(), QString::fromLatin1(name));
            QVERIFY(!label->text().contains(QStringLiteral("node"), Qt::CaseInsensitive));
            QVERIFY(!label->text().contains(QStringLiteral("Block"), Qt::CaseInsensitive));
            QVERIFY(!label->toolTip().isEmpty());
        }
    }

    // F1 on each screen opens that screen's help, different on each screen
    // and in the current language; the help button does the same.
    void f1OpensEachScreensHelp() {
        QSet<QString> english;
        for (int screen = 0; screen < ui::MainWindow::ScreenCount; ++screen) {
            window()->showScreen(ui::MainWindow::Screen(screen));
            QString text;
            helpShownByF1(window(), &text);
            QVERIFY2(!text.isEmpty(), qPrintable(QStringLiteral("screen %1").arg(screen)));
            QCOMPARE(text, ui::screenHelp(window()->page(ui::MainWindow::Screen(screen))->objectName()).text);
            english.insert(text);
        }
        QCOMPARE(english.size(), int(ui::MainWindow::ScreenCount));
        // The button above the screen opens the same help.
        window()->showScreen(ui::MainWindow::Trade);
        QString shown;
        whenModal([&shown](QWidget* modal) {
            shown = child<QLabel>(modal, QStringLiteral("screenHelpText"))->text();
            static_cast<QDialog*>(modal)->reject();
        });
        QTest::mouseClick(child<QPushButton>(window(), QStringLiteral("screenHelpButton")), Qt::LeftButton);
        QCOMPARE(shown, ui::screenHelp(QStringLiteral("tradePage")).text);
    }

    // In Portuguese, F1 shows each screen's help in Portuguese.
    void eachScreensHelpIsTranslated() {
        QSet<QString> english;
        for (int screen = 0; screen < ui::MainWindow::ScreenCount; ++screen)
            english.insert(ui::screenHelp(window()->page(ui::MainWindow::Screen(screen))->objectName()).text);
        chooseLanguage(QStringLiteral("pt_BR"));
        QStringList untranslated;
        for (int screen = 0; screen < ui::MainWindow::ScreenCount; ++screen) {
            window()->showScreen(ui::MainWindow::Screen(screen));
            QString text;
            helpShownByF1(window(), &text);
            if (text.isEmpty() || english.contains(text)) untranslated << window()->page(ui::MainWindow::Screen(screen))->objectName();
        }
        chooseLanguage(QStringLiteral("en"));
        QVERIFY2(untranslated.isEmpty(), qPrintable(QStringLiteral("help not in Portuguese: ") + untranslated.join(QStringLiteral(", "))));
    }

    // Each chart has a table of the same values (issue 16, point 18): its
    // button, pressed from the keyboard, shows the table and then the chart
    // again; the choice outlives a refresh and a switch of screens.
    void eachChartTurnsIntoATableOfItsValues() {
        ui::MainWindow* w = window();
        const std::pair<ui::MainWindow::Screen, QString> charts[] = {
            {ui::MainWindow::Overview, QStringLiteral("overviewQuotaChart")},
            {ui::MainWindow::Overview, QStringLiteral("overviewCapacityChart")},
            {ui::MainWindow::Overview, QStringLiteral("overviewCreditChart")},
            {ui::MainWindow::Energy, QStringLiteral("energyMonthlyChart")},
            {ui::MainWindow::Energy, QStringLiteral("energyCreditChart")}};
        QSet<QString> toggle_texts;
        for (const auto& [screen, name] : charts) {
            w->showScreen(screen);
            auto* view = child<QChartView>(w, name);
            auto* toggle = child<QPushButton>(w, name + QStringLiteral("Toggle"));
            auto* table = child<QTableWidget>(w, name + QStringLiteral("Table"));
            QVERIFY2(view && toggle && table, qPrintable(name));
            QTRY_VERIFY2(view->isVisible(), qPrintable(name));
            QVERIFY(toggle->isVisible() && !table->isVisible());
            QVERIFY2(!QKeySequence::mnemonic(toggle->text()).isEmpty(), qPrintable(toggle->text()));
            QVERIFY2(toggle->focusPolicy() & Qt::TabFocus, qPrintable(name));
            toggle_texts.insert(toggle->text());
            toggle->setFocus();
            QTest::keyClick(toggle, Qt::Key_Space);
            QTRY_VERIFY2(table->isVisible(), qPrintable(name));
            QVERIFY(!view->isVisible());
            QVERIFY(!table->accessibleName().isEmpty());
            for (int column = 0; column < table->columnCount(); ++column) QVERIFY(!headerText(table, column).isEmpty());
            const QStringList wrong = tableMismatches(view->chart(), table);
            QVERIFY2(wrong.isEmpty(), qPrintable(name + QStringLiteral(": ") + wrong.join(QStringLiteral("; "))));
            // The choice stays through another screen and a refresh.
            w->showScreen(ui::MainWindow::Settings);
            w->showScreen(screen);
            w->page(screen)->refresh();
            QTRY_VERIFY2(table->isVisible(), qPrintable(name));
            QVERIFY(tableMismatches(view->chart(), table).isEmpty());
            toggle->click();
            QTRY_VERIFY(view->isVisible());
            QVERIFY(!table->isVisible());
        }
        // Each chart's button has its own text (and letter).
        QCOMPARE(toggle_texts.size(), qsizetype(std::size(charts)));
    }

    // No month, no chart, no table: the sentence shows and the button hides.
    void anEmptyChartOffersNoTable() {
        ui::MainWindow* w = empty_->window();
        w->showScreen(ui::MainWindow::Energy);
        for (const char* name : {"energyMonthlyChart", "energyCreditChart"}) {
            QTRY_VERIFY(child<QLabel>(w, QString::fromLatin1(name) + QStringLiteral("Empty"))->isVisible());
            QVERIFY(!child<QPushButton>(w, QString::fromLatin1(name) + QStringLiteral("Toggle"))->isVisible());
        }
        w->showScreen(ui::MainWindow::Overview);
        QTRY_VERIFY(child<QLabel>(w, QStringLiteral("overviewQuotaChartEmpty"))->isVisible());
        for (const char* name : {"overviewQuotaChart", "overviewCapacityChart"})
            QVERIFY(!child<QPushButton>(w, QString::fromLatin1(name) + QStringLiteral("Toggle"))->isVisible());
    }

    void cleanupTestCase() {
        empty_.reset();
        demo_.reset();
    }
};

QTEST_MAIN(TestGuiDisplay)
#include "test_gui_display.moc"
