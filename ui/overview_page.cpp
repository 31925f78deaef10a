#include "ui/overview_page.h"

#include "models/describe.h"
#include "models/energy.h"
#include "models/format.h"
#include "models/referendum_model.h"
#include "ui/chart_axes.h"
#include "ui/energy_chart.h"
#include "ui/theme.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QFrame>
#include <QGridLayout>
#include <QGuiApplication>
#include <QLabel>
#include <QLineSeries>
#include <QPieSeries>
#include <QPieSlice>
#include <QPushButton>
#include <QValueAxis>
#include <QVBoxLayout>

#include <cmath>

namespace ui {

namespace {

// The pie shows the largest holders; the rest share one slice.
constexpr int kPieSlicesMax = 7;
// The overview's energy chart shows the latest year; the Energy screen shows more.
constexpr std::size_t kCreditChartMonths = 12;
// The overview's charts are narrow: few month labels fit under them.
constexpr int kCapacityMonthTicksMax = 4;
constexpr int kCreditMonthTicksMax = 4;


} // namespace

OverviewPage::OverviewPage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("overviewPage"));
    auto* layout = new QVBoxLayout(this);
    heading_ = makeHeading(this);
    heading_->setObjectName(QStringLiteral("overviewGroupName"));
    subheading_ = new QLabel(this);
    banner_ = new QLabel(this);
    banner_->setObjectName(QStringLiteral("overviewBanner"));
    banner_->setWordWrap(true);
    banner_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A yellow tint mixed into the current base, with the palette's text: readable in both themes, renewed at a switch.
    followPalette(banner_, [](const QPalette& p) {
        const QColor base = p.color(QPalette::Base);
        const QColor tint = QColor::fromRgbF(base.redF() * 0.82f + 0.18f, base.greenF() * 0.82f + 0.15f, base.blueF() * 0.82f + 0.06f);
        return QStringLiteral("QLabel#overviewBanner { border: 1px solid #c9a227; border-radius: 8px; background: %1; color: %2; padding: 10px; }")
            .arg(tint.name(), p.color(QPalette::Text).name());
    });
    banner_->hide();
    unlock_button_ = new QPushButton(this);
    unlock_button_->setObjectName(QStringLiteral("overviewUnlockWallet"));
    unlock_button_->hide();
    connect(unlock_button_, &QPushButton::clicked, this, &OverviewPage::unlockRequested);
    layout->addWidget(heading_);
    layout->addWidget(subheading_);
    layout->addWidget(banner_);
    layout->addWidget(unlock_button_, 0, Qt::AlignLeft);

    auto* cards = new QGridLayout;
    cards->addWidget(makeCard(this, &quota_caption_, &quota_value_, &quota_detail_, QStringLiteral("overviewQuota")), 0, 0);
    cards->addWidget(makeCard(this, &tokens_caption_, &tokens_value_, &tokens_detail_, QStringLiteral("overviewTokens")), 0, 1);
    cards->addWidget(makeCard(this, &capacity_caption_, &capacity_value_, &capacity_detail_, QStringLiteral("overviewCapacity")), 0, 2);
    cards->addWidget(makeCard(this, &members_caption_, &members_value_, &members_detail_, QStringLiteral("overviewMembers")), 1, 0);
    QFrame* votes = makeCard(this, &votes_caption_, &votes_value_, &votes_detail_, QStringLiteral("overviewVotes"));
    votes_button_ = new QPushButton(votes);
    votes_button_->setObjectName(QStringLiteral("overviewVotesButton"));
    votes->layout()->addWidget(votes_button_);
    cards->addWidget(votes, 1, 1);
    QFrame* campaigns = makeCard(this, &campaigns_caption_, &campaigns_value_, &campaigns_detail_, QStringLiteral("overviewCampaigns"));
    campaigns_button_ = new QPushButton(campaigns);
    campaigns_button_->setObjectName(QStringLiteral("overviewCampaignsButton"));
    campaigns->layout()->addWidget(campaigns_button_);
    cards->addWidget(campaigns, 1, 2);
    layout->addLayout(cards);
    connect(votes_button_, &QPushButton::clicked, this, &OverviewPage::openVotes);
    connect(campaigns_button_, &QPushButton::clicked, this, &OverviewPage::openCrowdfunding);

    auto* charts = new QHBoxLayout;
    quota_chart_ = makeChartView(this, QStringLiteral("overviewQuotaChart"), 260, Qt::AlignRight);
    capacity_chart_ = makeChartView(this, QStringLiteral("overviewCapacityChart"), 260, Qt::AlignRight);
    quota_panel_ = new ChartPanel(this, quota_chart_);
    capacity_panel_ = new ChartPanel(this, capacity_chart_);
    credit_chart_ = makeChartView(this, QStringLiteral("overviewCreditChart"), 260, Qt::AlignBottom);
    credit_panel_ = new ChartPanel(this, credit_chart_);
    for (ChartPanel* panel : {quota_panel_, capacity_panel_, credit_panel_}) charts->addWidget(panel, 3);
    layout->addLayout(charts, 1);
    retranslateUi();
    refresh();
}

void OverviewPage::retranslateUi() {
    quota_caption_->setText(tr("My quota"));
    tokens_caption_->setText(tr("My balance"));
    capacity_caption_->setText(tr("Group capacity"));
    members_caption_->setText(tr("Members"));
    votes_caption_->setText(tr("Votes awaiting me"));
    campaigns_caption_->setText(tr("Active campaigns"));
    votes_button_->setText(tr("&Vote now"));
    campaigns_button_->setText(tr("&See campaigns"));
    quota_chart_->chart()->setTitle(tr("Who holds the group's quota"));
    capacity_chart_->chart()->setTitle(tr("Group capacity over time"));
    credit_chart_->chart()->setTitle(tr("My energy credit"));
    quota_panel_->setToggleTexts(tr("Show &quota as table"), tr("Show &quota as chart"));
    capacity_panel_->setToggleTexts(tr("Show ca&pacity as table"), tr("Show ca&pacity as chart"));
    credit_panel_->setToggleTexts(tr("S&how my credit as table"), tr("S&how my credit as chart"));
}

void OverviewPage::refresh() {
    models::SummaryModel* s = models_->summary();
    const models::Snapshot& snap = s->snapshot();
    heading_->setText(s->groupName());
    // The date the group's record reached, in words; the block height stays one hover away.
    const QString updated = charts::dayInWords(snap.summary.time_s);
    subheading_->setText(snap.summary.dev_group ? tr("Test group (its clock can be moved forward) · updated %1").arg(updated)
                                                : tr("Updated %1").arg(updated));
    subheading_->setToolTip(tr("Block %1 of the group's shared record, written on %2.")
                                .arg(s->height())
                                .arg(models::formatDateTime(snap.summary.time_s)));
    // A reader has no quota or balance of their own: the cards say so instead of showing zeros.
    const bool watch_only = !snap.has_identity;
    quota_value_->setText(watch_only ? tr("—") : models::formatPercent(s->myQuotaW(), s->capacityW()));
    quota_detail_->setText(watch_only ? (locked_wallet_.isEmpty() ? tr("Watch-only") : tr("Wallet locked")) : s->isMember() ? models::formatKw(s->myQuotaW()) : tr("Not a member"));
    tokens_value_->setText(watch_only ? tr("—") : models::formatSeb(s->myTokensMsb(), s->tokenSymbol()));
    tokens_detail_->setText(tr("Your share of the group's plants, in tokens"));
    tokens_detail_->setToolTip(tr("1 %1 stands for 1 kW of plant capacity").arg(s->tokenSymbol()));
    capacity_value_->setText(models::formatKw(s->capacityW()));
    // Qt's Portuguese plural puts 0 with the singular ("0 usina"): zero gets its own sentence.
    const int operating = int(snap.summary.operating_plant_count);
    capacity_detail_->setText(operating == 0 ? tr("No plant in operation") : tr("%n operating plant(s)", nullptr, operating));
    members_value_->setText(QLocale().toString(qulonglong(s->memberCount())));
    const int applicants = int(snap.summary.applicant_count);
    members_detail_->setText(snap.light       ? tr("Requests to join are not shown in light mode")
                             : applicants == 0 ? tr("Nobody waiting for admission")
                                               : tr("%n waiting for admission", nullptr, applicants));
    const int awaiting = s->votesAwaitingMe();
    votes_value_->setText(snap.light ? tr("—") : QLocale().toString(awaiting));
    const int open_votes = int(snap.summary.open_referendum_count);
    votes_detail_->setText(snap.light       ? tr("Votes are not shown in light mode")
                           : open_votes == 0 ? tr("No open vote")
                                             : tr("%n open referendum(s)", nullptr, open_votes));
    votes_button_->setEnabled(awaiting > 0);
    campaigns_value_->setText(QLocale().toString(s->activeCampaigns()));
    campaigns_detail_->setText(snap.light ? tr("Pledges are not shown in light mode") : tr("Pledges decide which plants get built"));
    campaigns_button_->setEnabled(s->activeCampaigns() > 0);
    refreshBanner();
    refreshQuotaChart();
    refreshCapacityChart();
    refreshCreditChart();
}

void OverviewPage::setWalletLocked(const QString& wallet_name) {
    if (wallet_name == locked_wallet_) return;
    locked_wallet_ = wallet_name;
    refresh();
}

QString OverviewPage::admissionVoteText(const chain::Referendum& vote, std::int64_t now_s) {
    const int needed = int(models::ReferendumModel::threshold(vote));
    const QString closes_in = models::formatRemaining(vote.deadline_s - now_s);
    if (vote.yes_count() == 0) return tr("Your admission is being voted: no Yes yet, and it needs %n. The vote closes in %1.", nullptr, needed).arg(closes_in);
    return tr("Your admission is being voted: %1 Yes of %n needed. The vote closes in %2.", nullptr, needed).arg(vote.yes_count()).arg(closes_in);
}

void OverviewPage::refreshBanner() {
    const models::Snapshot& s = models_->snapshot();
    const models::NodeClient* client = models_->client();
    QString text;
    const bool locked = !locked_wallet_.isEmpty() && !s.has_identity;
    unlock_button_->setText(tr("Unlock &wallet…"));
    unlock_button_->setVisible(locked);
    if (s.sync_halt) {
        text = models::Describe::syncHalt(*s.sync_halt); // nothing else on screen can be trusted to be current
    } else if (locked) {
        text = tr("Your wallet “%1” is locked, so you see the group as a visitor does: quotas by address, plants and votes. "
                  "Unlock it with its passphrase to vote, pledge and trade.")
                   .arg(locked_wallet_);
    } else if (s.light) {
        text = s.light->checked
                   ? tr("Light mode: the figures, members' quotas and plants below were proven to this computer by the "
                        "group's computers and checked against the validators' signatures (block %1). Votes, pledges, "
                        "energy and the activity are shown in full mode (Settings).")
                         .arg(s.light->verified_height)
                   : s.light->last_check_failed
                         ? tr("Light mode: none of the group's computers answered yet, so nothing below is checked. "
                              "This computer asks again every %n minute(s).",
                              nullptr, int(std::max<std::uint32_t>(1, s.light->check_interval_s / 60)))
                         : tr("Light mode: asking the group's computers to prove the group's figures…");
    } else if (!s.has_identity) {
        text = tr("Watch-only: you follow this group without a wallet. You see quotas by address, plants and votes; "
                  "members' names and every action are for members.");
    } else if (!s.is_member(s.me)) {
        const chain::Applicant* application = s.my_application();
        const chain::Referendum* vote = s.my_admission_referendum();
        if (application && vote && vote->outcome == chain::Outcome::Pending) {
            text = admissionVoteText(*vote, s.now_s);
        } else if (client->admissionInProgress()) {
            text = s.peer_count == 0 ? tr("Your request to join is ready. Connecting to the group's computers…")
                                     : tr("Your request to join is ready. This computer first catches up with the group's history: %1 of %n step(s) checked.",
                                          nullptr, int(std::min<quint64>(std::max(s.sync.height, s.sync.target), INT32_MAX)))
                                           .arg(s.sync.height);
        } else if (client->admissionErrorCode() != 0) {
            text = tr("Your request to join was refused: %1")
                       .arg(models::Describe::rejection(client->admissionErrorCode(), client->admissionErrorMessage()));
        } else if (vote && vote->outcome != chain::Outcome::Pending) {
            text = tr("The members did not admit you to this group.");
        } else if (s.networked) {
            text = tr("You are not a member of this group.");
        }
    }
    banner_->setText(text);
    banner_->setVisible(!text.isEmpty());
}

void OverviewPage::refreshQuotaChart() {
    QChart* chart = quota_chart_->chart();
    resetChart(chart);
    const models::Snapshot& snap = models_->snapshot();
    std::vector<const chain::Member*> holders;
    for (const chain::Member& m : snap.members)
        if (m.quota_w > 0) holders.push_back(&m);
    // Largest first, but my own slice always shows.
    const auto is_me = [&snap](const chain::Member* m) { return snap.has_identity && m->account == snap.me; };
    std::sort(holders.begin(), holders.end(), [&](auto* a, auto* b) {
        if (is_me(a) != is_me(b)) return is_me(a);
        return a->quota_w > b->quota_w;
    });
    // A pie of nothing would be one full disc: say instead why there is nothing to draw.
    if (holders.empty()) {
        quota_panel_->showEmpty(tr("Nobody holds quota yet. The chart of who holds what appears once the group's "
                                   "first plant is operating."));
        return;
    }
    quota_panel_->showChart();
    auto* series = new QPieSeries(chart);
    std::uint64_t others_w = 0;
    for (std::size_t i = 0; i < holders.size(); ++i) {
        if (int(i) >= kPieSlicesMax) {
            others_w += holders[i]->quota_w;
            continue;
        }
        const bool me = snap.has_identity && holders[i]->account == snap.me;
        QPieSlice* slice = series->append(me ? tr("Me") : snap.display_name(holders[i]->account), double(holders[i]->quota_w));
        if (me) {
            slice->setExploded(true);
            slice->setLabelVisible(true);
        }
    }
    if (others_w > 0) series->append(tr("%n other member(s)", nullptr, int(holders.size()) - kPieSlicesMax), double(others_w));
    series->setPieSize(0.75);
    chart->addSeries(series);
    // The table: one row per slice, its quota and its share of all the quota held.
    std::uint64_t held_w = 0;
    for (const chain::Member* holder : holders) held_w += holder->quota_w;
    QList<QStringList> rows;
    for (QPieSlice* slice : series->slices()) {
        const auto quota_w = std::uint64_t(std::llround(slice->value()));
        rows << QStringList{slice->label(), models::formatKw(quota_w), models::formatPercent(quota_w, held_w)};
    }
    quota_panel_->setTable({tr("Member"), tr("Quota"), tr("Share")}, rows);
    for (QPieSlice* slice : series->slices()) slice->setLabelColor(QGuiApplication::palette().color(QPalette::Text));
}

// Capacity steps up when a plant starts, drawn on the month axis the energy charts use,
// from the month of the first plant to the present.
void OverviewPage::refreshCapacityChart() {
    QChart* chart = capacity_chart_->chart();
    resetChart(chart);
    chart->legend()->hide();
    const auto history = models_->summary()->capacityHistory();
    const std::int64_t now_s = std::max(models_->snapshot().now_s, history.empty() ? 0 : history.back().first);
    std::uint64_t peak_w = 0;
    for (const auto& [time_s, capacity_w] : history) peak_w = std::max(peak_w, capacity_w);
    // Before the first plant operates there is nothing to draw but a line on zero.
    if (peak_w == 0) {
        capacity_panel_->showEmpty(tr("No plant is operating yet. The group's capacity is drawn here from the day the first one starts."));
        return;
    }
    const std::uint32_t first_month = chain::month_of(history.front().first);
    const int month_count = charts::monthsBetween(first_month, chain::month_of(now_s));
    auto* series = new QLineSeries(chart);
    series->setName(tr("Capacity (kW)"));
    double max_kw = 0;
    std::uint64_t previous_w = 0;
    for (const auto& [time_s, capacity_w] : history) {
        const double x = charts::monthAxisPosition(time_s, first_month);
        series->append(x, double(previous_w) / 1000.0);
        series->append(x, double(capacity_w) / 1000.0);
        previous_w = capacity_w;
        max_kw = std::max(max_kw, double(capacity_w) / 1000.0);
    }
    // The line reaches today: the capacity holds until something changes it.
    series->append(charts::monthAxisPosition(now_s, first_month), double(previous_w) / 1000.0);
    chart->addSeries(series);
    QCategoryAxis* x = addMonthAxis(chart, first_month, month_count, kCapacityMonthTicksMax);
    QValueAxis* y = addValueAxis(chart, max_kw, tr("kW"));
    series->attachAxis(x);
    series->attachAxis(y);
    // The table: the capacity from each change on, the values the line steps to.
    QList<QStringList> rows;
    for (const auto& [time_s, capacity_w] : history) rows << QStringList{models::formatDate(time_s), models::formatKw(capacity_w)};
    capacity_panel_->setTable({tr("From"), tr("Capacity")}, rows);
    capacity_panel_->showChart();
}

void OverviewPage::refreshCreditChart() {
    // Members without readings yet, and readers, have no credit: a sentence says so.
    plotEnergyMonths(credit_panel_, models_->myEnergy() ? models::chartedMonths(*models_->myEnergy()) : std::vector<chain::MonthAccount>{},
                     {{tr("Balance"), QColor(0x2e, 0x7d, 0x32), [](const chain::MonthAccount& m) { return m.credit_balance_wh; }},
                      {tr("Banked"), QColor(0x66, 0xbb, 0x6a), [](const chain::MonthAccount& m) { return m.credit_banked_wh; }},
                      {tr("Used"), QColor(0xff, 0x8f, 0x00), [](const chain::MonthAccount& m) { return m.credit_used_wh; }}},
                     kCreditChartMonths, kCreditMonthTicksMax,
                     models_->myEnergy() ? tr("Your energy credit is drawn here from the first month the group's plants allocate energy to you.")
                                    : tr("Members see their energy credit here."));
}

} // namespace ui
