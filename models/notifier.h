#pragma once
// Notifier: what is worth a system-tray message after a new snapshot.
//
// It compares the snapshot the screens showed before with the new one, from
// the point of view of one account, and returns the news: a referendum newly
// awaiting my vote, one of those closing soon, the result of a campaign I
// pledged to, an offer made to me, and my own admission. Pure: no timers, no
// widgets; the main window shows what it returns.

#include "models/snapshot.h"

#include <QCoreApplication>
#include <QString>

#include <vector>

namespace models {

struct Notification {
    enum class Kind : std::uint8_t { NewVote, VoteClosingSoon, CampaignFunded, CampaignFailed, IncomingOffer, Admitted };
    Kind kind = Kind::NewVote;
    std::uint64_t id = 0; // the referendum, plant or offer; 0 for the admission
    QString title;        // translated
    QString text;         // translated
};

class Notifier {
    Q_DECLARE_TR_FUNCTIONS(models::Notifier)
public:
    // A vote closing within this span is worth a reminder.
    static constexpr std::int64_t kClosingSoon_s = 2 * 86400;
    // The most messages one snapshot produces; a long absence must not flood the tray.
    static constexpr std::size_t kNotificationsMax = 8;

    // `previous` is null at the first snapshot: then only reminders of votes
    // closing soon are given, since everything else is already on screen.
    // Without an identity (watch-only) there is nothing to tell.
    static std::vector<Notification> news(const Snapshot* previous, const Snapshot& current);
};

} // namespace models
