#pragma once
// Plain-language, translated descriptions of ledger values: the words the
// screens use for statuses, referendums, events and rejections. The ledger
// speaks in codes; this is where they become sentences a member reads.

#include "models/snapshot.h"

#include <QCoreApplication>

namespace models {

class Describe {
    Q_DECLARE_TR_FUNCTIONS(models::Describe)
public:
    static QString plantStatus(chain::PlantStatus status);
    static QString plantSource(chain::PlantSource source);
    static QString outcome(chain::Outcome outcome);
    static QString offerStatus(chain::OfferStatus status);
    // "Admit Ana Souza (Light) as a member", "Build Usina Telhado (75 kW, R$ 300.000,00)".
    static QString referendumSubject(const chain::Referendum& referendum, const Snapshot& snapshot);
    static QString eventKind(chain::EventKind kind);
    static QString eventText(const chain::Event& event, const Snapshot& snapshot);
    // The translated explanation of a rejection code; `english` (the node's own
    // message, with its figures) is used only for codes this version does not know.
    static QString rejection(int code, const QString& english);
};

} // namespace models
