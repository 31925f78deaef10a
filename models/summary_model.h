#pragma once
// The group summary and "my" figures, as one QObject the Overview binds to.

#include "models/snapshot.h"

#include <QObject>

namespace models {

class SummaryModel : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    void setSnapshot(SnapshotPtr snapshot);
    const Snapshot& snapshot() const { return *snapshot_; }

    QString groupName() const { return QString::fromStdString(snapshot_->summary.name); }
    QString tokenSymbol() const;
    std::uint64_t height() const { return snapshot_->summary.height; }
    std::uint64_t capacityW() const { return snapshot_->summary.capacity_w; }
    std::uint64_t memberCount() const { return snapshot_->summary.member_count; }
    bool isMember() const;
    std::uint64_t myQuotaW() const;
    std::uint64_t myTokensMsb() const;
    // Open referendums in whose electorate I am and where I have not voted.
    int votesAwaitingMe() const;
    int activeCampaigns() const;
    // (time, capacity) after each plant start, for the capacity chart.
    std::vector<std::pair<std::int64_t, std::uint64_t>> capacityHistory() const;

signals:
    void changed();

private:
    SnapshotPtr snapshot_ = std::make_shared<Snapshot>();
};

} // namespace models
