#include "ui/votes_page.h"

#include "models/describe.h"
#include "models/format.h"
#include "ui/action.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace ui {

namespace {

// Shows open referendums only, unless closed ones are asked for.
class OpenFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    bool show_closed = false;

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        return show_closed || sourceModel()->index(row, 0, parent).data(models::ReferendumModel::OpenRole).toBool();
    }
};

} // namespace

VotesPage::VotesPage(GroupModels* models, QWidget* parent) : Page(models, parent) {
    setObjectName(QStringLiteral("votesPage"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    heading_ = makeHeading(this);
    show_closed_ = new QCheckBox(this);
    show_closed_->setObjectName(QStringLiteral("votesShowClosed"));
    top->addWidget(heading_);
    top->addStretch();
    top->addWidget(show_closed_);
    layout->addLayout(top);

    auto* filter = new OpenFilter(this);
    proxy_ = filter;
    proxy_->setSourceModel(models_->referendums());
    table_ = new QTableView(this);
    table_->setObjectName(QStringLiteral("votesTable"));
    table_->setModel(proxy_);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->setColumnHidden(models::ReferendumModel::IdColumn, true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(models::ReferendumModel::SubjectColumn, QHeaderView::Stretch);
    table_->setWordWrap(false);
    table_->setAlternatingRowColors(true);
    layout->addWidget(table_, 3);

    auto* details = new QGroupBox(this);
    auto* d = new QVBoxLayout(details);
    subject_ = new QLabel(details);
    subject_->setObjectName(QStringLiteral("voteSubject"));
    subject_->setWordWrap(true);
    QFont font = subject_->font();
    font.setPointSizeF(font.pointSizeF() * 1.25);
    font.setBold(true);
    subject_->setFont(font);
    deadline_ = new QLabel(details);
    deadline_->setObjectName(QStringLiteral("voteDeadline"));
    standing_ = new QLabel(details);
    standing_->setObjectName(QStringLiteral("voteStanding"));
    standing_->setWordWrap(true);
    tally_bar_ = new QProgressBar(details);
    tally_bar_->setObjectName(QStringLiteral("voteTallyBar"));
    tally_bar_->setTextVisible(false);
    tally_label_ = new QLabel(details);
    tally_label_->setObjectName(QStringLiteral("voteTallyLabel"));
    rule_ = new QLabel(details);
    rule_->setWordWrap(true);
    my_vote_ = new QLabel(details);
    my_vote_->setObjectName(QStringLiteral("voteMine"));
    auto* buttons = new QHBoxLayout;
    yes_button_ = new QPushButton(details);
    yes_button_->setObjectName(QStringLiteral("voteYesButton"));
    no_button_ = new QPushButton(details);
    no_button_->setObjectName(QStringLiteral("voteNoButton"));
    buttons->addWidget(yes_button_);
    buttons->addWidget(no_button_);
    buttons->addStretch();
    message_ = new QLabel(details);
    message_->setObjectName(QStringLiteral("voteMessage"));
    message_->setWordWrap(true);
    message_->hide();
    d->addWidget(subject_);
    d->addWidget(deadline_);
    d->addWidget(standing_);
    d->addWidget(tally_bar_);
    d->addWidget(tally_label_);
    d->addWidget(rule_);
    d->addWidget(my_vote_);
    d->addLayout(buttons);
    d->addWidget(message_);
    layout->addWidget(details, 2);

    connect(show_closed_, &QCheckBox::toggled, this, [this, filter](bool on) {
        filter->show_closed = on;
        filter->invalidate();
    });
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        selected_id_ = current.data(models::ReferendumModel::IdRole).toULongLong();
        clearMessage(message_);
        refresh();
    });
    connect(yes_button_, &QPushButton::clicked, this, [this] { vote(true); });
    connect(no_button_, &QPushButton::clicked, this, [this] { vote(false); });
    retranslateUi();
    refresh();
}

void VotesPage::retranslateUi() {
    heading_->setText(title());
    show_closed_->setText(tr("&Show closed votes"));
    table_->setAccessibleName(tr("Votes"));
    tally_bar_->setAccessibleName(tr("Yes votes towards approval"));
}

void VotesPage::select(std::uint64_t referendum_id) {
    const int source_row = models_->referendums()->rowOf(referendum_id);
    if (source_row < 0) return;
    const QModelIndex index = proxy_->mapFromSource(models_->referendums()->index(source_row, 0));
    if (index.isValid()) table_->setCurrentIndex(index);
}

const chain::Referendum* VotesPage::selected() const {
    const int row = models_->referendums()->rowOf(selected_id_);
    return row < 0 ? nullptr : models_->referendums()->rowAt(row);
}

void VotesPage::refresh() {
    if (!selected_id_ && proxy_->rowCount() > 0) {
        table_->setCurrentIndex(proxy_->index(0, models::ReferendumModel::SubjectColumn));
        return; // the selection change refreshes again
    }
    const chain::Referendum* r = selected();
    const bool have = r != nullptr;
    for (QWidget* w : std::initializer_list<QWidget*>{deadline_, tally_bar_, tally_label_, rule_, my_vote_, yes_button_, no_button_})
        w->setVisible(have);
    standing_->setVisible(have);
    if (!have) {
        subject_->setText(tr("No vote is open right now. New proposals appear here."));
        return;
    }
    const models::Snapshot& s = models_->snapshot();
    const bool open = r->outcome == chain::Outcome::Pending;
    subject_->setText(models::Describe::referendumSubject(*r, s));
    deadline_->setText(open ? tr("Closes in %1 (%2)").arg(models::formatRemaining(r->deadline_s - s.now_s), models::formatDateTime(r->deadline_s))
                            : tr("Closed on %1: %2").arg(models::formatDate(r->closed_at_s), models::Describe::outcome(r->outcome)));
    standing_->setText(models::Describe::standing(*r));
    standing_->setVisible(!standing_->text().isEmpty());
    const std::uint64_t needed = models::ReferendumModel::threshold(*r);
    const bool by_electorate = r->approval_rule == chain::ApprovalRule::MajorityOfElectorate;
    tally_bar_->setRange(0, int(std::max<std::uint64_t>(needed, 1)));
    tally_bar_->setValue(int(std::min(r->yes_count(), std::max<std::uint64_t>(needed, 1))));
    tally_label_->setText(tallyText(*r));
    rule_->setText(by_electorate ? tr("It passes with %n Yes vote(s): more than half of the members when it opened. Not voting counts as No.", nullptr, int(needed))
                                 : tr("It passes with more Yes than No, if at least %n member(s) vote.", nullptr, int(needed)));
    const int mine = models_->referendums()->myVote(*r);
    const bool can_vote = open && s.has_identity && r->electorate.count(s.me);
    my_vote_->setText(mine < 0 ? (can_vote ? tr("You have not voted yet.") : tr("You are not in this vote's electorate."))
                               : (mine == 1 ? tr("You voted Yes.") : tr("You voted No.")));
    yes_button_->setText(mine == 0 ? tr("&Change my vote to Yes") : tr("Vote &Yes"));
    no_button_->setText(mine == 1 ? tr("&Change my vote to No") : tr("&Vote No"));
    yes_button_->setVisible(can_vote);
    no_button_->setVisible(can_vote);
    yes_button_->setEnabled(actionsEnabled() && mine != 1);
    no_button_->setEnabled(actionsEnabled() && mine != 0);
    yes_button_->setToolTip(actionsEnabled() ? QString() : actionsDisabledReason());
    no_button_->setToolTip(yes_button_->toolTip());
}

void VotesPage::vote(bool yes) {
    const chain::Referendum* r = selected();
    if (!r) return;
    submitAction(models_->client(), chain::CastVote{r->id, yes}, message_, yes ? yes_button_ : no_button_,
                 yes ? tr("Your Yes vote is recorded.") : tr("Your No vote is recorded."));
}

// The noun agrees with the electorate, which is never empty; nobody and
// everybody are said in words ("0 of 3 members", "1 of 1 members" read badly,
// and Portuguese puts 0 with the singular).
QString VotesPage::tallyText(const chain::Referendum& r) {
    const int electorate = int(r.electorate.size());
    const std::size_t voted = r.ballots.size();
    if (voted == 0) return tr("Nobody has voted yet; %n member(s) can vote.", nullptr, electorate);
    if (voted >= std::size_t(electorate))
        return tr("Yes: %1 · No: %2 · All %n member(s) voted", nullptr, electorate).arg(r.yes_count()).arg(r.no_count());
    return tr("Yes: %1 · No: %2 · Voted: %3 of %n member(s)", nullptr, electorate).arg(r.yes_count()).arg(r.no_count()).arg(voted);
}

} // namespace ui
