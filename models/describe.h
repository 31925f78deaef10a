#pragma once
// Plain-language, translated descriptions of ledger values: the words the
// screens use for statuses, referendums, events and rejections. The ledger
// speaks in codes; this is where they become sentences a member reads.

#include "models/snapshot.h"
#include "models/workspace.h"

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
    // "Update how the group's records are kept to version 2, from block 1,234. ..."
    static QString protocolUpgrade(std::uint32_t version, std::uint64_t effective_height);
    // "Rules version: 1 (version 2 available)", or the upgrade already approved.
    static QString protocolVersion(const chain::GroupSummary& summary);
    // For an open vote whose result the ballots cast already settle (Yes has
    // enough, or Yes can no longer get enough): says so, and that the result
    // takes effect only at the deadline because members may change their vote
    // until then. Empty while the outcome still depends on who votes.
    static QString standing(const chain::Referendum& referendum);
    // Why a group in `data_dir` could not be founded, joined or opened, in
    // the member's language where the cause is known (another Rateio program
    // holds the folder; the saved records are damaged, with what to do),
    // else the node's own reason. When it is not the node's reason, that
    // reason belongs in the dialog's details (for whoever helps).
    static QString openFailure(const OpenedNode& opened, const QString& data_dir);
    // Whether an open vote's result is already fixed by the votes cast: true
    // when it passes whatever the others do, false when it can no longer
    // pass; nullopt while it is open either way (or closed).
    static std::optional<bool> settledResult(const chain::Referendum& referendum);
    // The votes table's Result cell: the outcome, or for an open vote whose
    // result is fixed, that it will pass or fail when it closes.
    static QString resultCell(const chain::Referendum& referendum);
    static QString eventKind(chain::EventKind kind);
    static QString eventText(const chain::Event& event, const Snapshot& snapshot);
    // The translated explanation of a rejection code; `english` (the node's own
    // message, with its figures) is used only for codes this version does not know.
    static QString rejection(int code, const QString& english);
    // Why this computer stopped taking the group's records from its peers,
    // and what the member can do.
    static QString syncHalt(const chain::SyncHalt& halt);
    // What went wrong with a wallet, a backup or a wallet name, in a sentence
    // that names the wallet or the file (never chain's English).
    static QString walletProblem(const Workspace::WalletOutcome& outcome);
};

} // namespace models
