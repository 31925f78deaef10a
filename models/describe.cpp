#include "models/describe.h"

#include "models/format.h"
#include "store/store.h"

#include <QDir>

namespace models {

QString Describe::plantStatus(chain::PlantStatus status) {
    switch (status) {
    case chain::PlantStatus::Proposed: return tr("Proposed");
    case chain::PlantStatus::Rejected: return tr("Rejected");
    case chain::PlantStatus::Campaign: return tr("Crowdfunding");
    case chain::PlantStatus::Failed: return tr("Funding failed");
    case chain::PlantStatus::Building: return tr("Building");
    case chain::PlantStatus::Operating: return tr("Operating");
    case chain::PlantStatus::Removed: return tr("Removed");
    }
    return {};
}

QString Describe::plantSource(chain::PlantSource source) {
    switch (source) {
    case chain::PlantSource::Solar: return tr("Solar");
    case chain::PlantSource::Wind: return tr("Wind");
    case chain::PlantSource::Hydro: return tr("Hydro");
    case chain::PlantSource::Biomass: return tr("Biomass");
    case chain::PlantSource::Biogas: return tr("Biogas");
    case chain::PlantSource::Other: return tr("Other");
    }
    return {};
}

QString Describe::outcome(chain::Outcome outcome) {
    switch (outcome) {
    case chain::Outcome::Pending: return tr("Open");
    case chain::Outcome::Approved: return tr("Approved");
    case chain::Outcome::Rejected: return tr("Rejected");
    case chain::Outcome::Void: return tr("Approved but void");
    }
    return {};
}

QString Describe::offerStatus(chain::OfferStatus status) {
    switch (status) {
    case chain::OfferStatus::Open: return tr("Open");
    case chain::OfferStatus::Accepted: return tr("Accepted");
    case chain::OfferStatus::Declined: return tr("Declined");
    case chain::OfferStatus::Cancelled: return tr("Cancelled");
    case chain::OfferStatus::Expired: return tr("Expired");
    }
    return {};
}

namespace {

const chain::Plant* findPlant(const Snapshot& snapshot, std::uint64_t id);

// The plant's own name (which often begins with "Usina" or "PCH", so the
// sentences never put "plant" before it), or its number for a plant the
// snapshot no longer holds.
QString plantName(const Snapshot& snapshot, std::uint64_t id) {
    if (const chain::Plant* p = findPlant(snapshot, id)) return QString::fromStdString(p->name);
    return Describe::tr("plant no. %1").arg(id);
}

QString referendumName(const Snapshot& snapshot, std::uint64_t id) {
    for (const chain::Referendum& r : snapshot.referendums)
        if (r.id == id) return Describe::referendumSubject(r, snapshot);
    return Describe::tr("vote no. %1").arg(id);
}

struct ChangeText {
    const Snapshot& snapshot;
    QString operator()(const chain::MoveQuota& c) const {
        return Describe::tr("Move %1 of quota from %2 to %3")
            .arg(formatKw(c.quota_w), snapshot.display_name(c.from), snapshot.display_name(c.to));
    }
    QString operator()(const chain::MoveTokens& c) const {
        return Describe::tr("Move %1 from %2 to %3")
            .arg(formatSeb(c.amount_msb, QString::fromStdString(snapshot.summary.token_symbol)),
                 snapshot.display_name(c.from), snapshot.display_name(c.to));
    }
    QString operator()(const chain::RemoveMember& c) const {
        return Describe::tr("Remove %1 from the group").arg(snapshot.display_name(c.member));
    }
    QString operator()(const chain::ChangePlantUtility& c) const {
        return Describe::tr("Move %1 to the utility %2").arg(plantName(snapshot, c.plant_id), QString::fromStdString(c.utility));
    }
    QString operator()(const chain::RemovePlant& c) const {
        return Describe::tr("Remove the plant: %1").arg(plantName(snapshot, c.plant_id));
    }
    QString operator()(const chain::ChangeParams&) const { return Describe::tr("Change the group rules"); }
    QString operator()(const chain::AddValidator& c) const {
        return Describe::tr("Add the computer %1 as a validator").arg(short_node_key(c.validator));
    }
    QString operator()(const chain::RemoveValidator& c) const {
        return Describe::tr("Remove the computer %1 from the validators").arg(short_node_key(c.validator));
    }
    QString operator()(const chain::ChangePlantOperator& c) const {
        return Describe::tr("Make %1 the operator of %2").arg(snapshot.display_name(c.new_operator), plantName(snapshot, c.plant_id));
    }
    QString operator()(const chain::ChangeEnergyParams&) const { return Describe::tr("Change the energy rules"); }
    QString operator()(const chain::UpgradeProtocol& c) const { return Describe::protocolUpgrade(c.version, c.effective_height); }
};

const chain::Plant* findPlant(const Snapshot& snapshot, std::uint64_t id) {
    for (const chain::Plant& p : snapshot.plants)
        if (p.id == id) return &p;
    return nullptr;
}

QString applicantUtility(const Snapshot& snapshot, const chain::AccountId& account) {
    for (const chain::Applicant& a : snapshot.applicants)
        if (a.account == account) return QString::fromStdString(a.utility);
    if (const chain::Member* m = snapshot.member(account)) return QString::fromStdString(m->utility);
    return {};
}

} // namespace

QString Describe::protocolUpgrade(std::uint32_t version, std::uint64_t effective_height) {
    return tr("Update how the group's records are kept to version %1, from block %L2. Quotas, tokens and votes stay the same.")
        .arg(version)
        .arg(qulonglong(effective_height));
}

QString Describe::protocolVersion(const chain::GroupSummary& summary) {
    if (summary.pending_upgrade)
        return tr("Rules version: %1 (version %2 from block %L3)")
            .arg(summary.protocol_version)
            .arg(summary.pending_upgrade->version)
            .arg(qulonglong(summary.pending_upgrade->effective_height));
    if (summary.protocol_version < chain::kProtocolVersionLatest)
        return tr("Rules version: %1 (version %2 available)").arg(summary.protocol_version).arg(chain::kProtocolVersionLatest);
    return tr("Rules version: %1").arg(summary.protocol_version);
}

QString Describe::referendumSubject(const chain::Referendum& r, const Snapshot& snapshot) {
    switch (r.kind) {
    case chain::ReferendumKind::Admission: {
        const QString utility = applicantUtility(snapshot, r.applicant);
        return utility.isEmpty() ? tr("Admit %1 as a member").arg(snapshot.display_name(r.applicant))
                                 : tr("Admit %1 (%2) as a member").arg(snapshot.display_name(r.applicant), utility);
    }
    case chain::ReferendumKind::Plant:
        if (const chain::Plant* p = findPlant(snapshot, r.plant_id))
            return tr("Build: %1 (%2, %3)")
                .arg(QString::fromStdString(p->name), formatKw(p->capacity_w), formatBrl(p->cost_cents));
        return tr("Build plant %1").arg(r.plant_id);
    case chain::ReferendumKind::Change:
        if (r.change) return std::visit(ChangeText{snapshot}, *r.change);
        return tr("Change by referendum");
    }
    return {};
}

namespace {

std::uint64_t notVoted(const chain::Referendum& r) {
    return r.electorate.size() - std::min<std::uint64_t>(r.electorate.size(), r.ballots.size());
}

} // namespace

std::optional<bool> Describe::settledResult(const chain::Referendum& r) {
    if (r.outcome != chain::Outcome::Pending) return std::nullopt;
    const std::uint64_t yes = r.yes_count();
    const std::uint64_t no = r.no_count();
    const std::uint64_t not_voted = notVoted(r);
    if (r.approval_rule == chain::ApprovalRule::MajorityOfElectorate) {
        if (yes >= r.yes_needed()) return true;
        if (yes + not_voted < r.yes_needed()) return false;
        return std::nullopt;
    }
    // More Yes than No with a quorum: the votes still missing could only add
    // No (a pass may still fail) or Yes (a failure may still pass).
    if (r.passes() && yes > no + not_voted) return true;
    if (yes + not_voted <= no) return false;
    return std::nullopt;
}

QString Describe::openFailure(const OpenedNode& opened, const QString& data_dir) {
    if (chain::LedgerNode::data_dir_in_use(data_dir))
        return tr("another Rateio program is using this group's folder (%1). Close it, then try again.").arg(data_dir);
    // The wallets live in the same folder: the member is told to keep it,
    // never to delete it; the store's own reason, for whoever helps, says
    // which files to move.
    if (opened.error.contains(QLatin1String(chain::kDataDirDamaged.data(), qsizetype(chain::kDataDirDamaged.size()))))
        return tr("the group's records saved on this computer are damaged: they no longer match what the group signed. "
                  "Rateio did not use them and changed nothing.\n\n"
                  "Restore the folder %1 from a backup. If you have no backup, do not delete the folder: it also "
                  "holds your wallet, your key as a member. Ask the person who set up the group for help; the other "
                  "members' computers hold the group's records.")
            .arg(QDir::toNativeSeparators(data_dir));
    return opened.error;
}

QString Describe::resultCell(const chain::Referendum& r) {
    const std::optional<bool> settled = settledResult(r);
    if (!settled) return outcome(r.outcome);
    return *settled ? tr("Will pass at close") : tr("Will fail at close");
}

QString Describe::standing(const chain::Referendum& r) {
    const std::optional<bool> settled = settledResult(r);
    if (!settled) return {};
    const std::uint64_t yes = r.yes_count();
    const std::uint64_t no = r.no_count();
    const std::uint64_t not_voted = notVoted(r);
    const QString when = tr("The result takes effect when the vote closes on %1 (members may change their vote until then).")
                             .arg(formatDateTime(r.deadline_s));
    // With no Yes left to come, "at most 0" is said in words.
    if (!*settled && yes + not_voted == 0) return tr("It can no longer pass: every member voted No.") + QLatin1Char(' ') + when;
    if (r.approval_rule == chain::ApprovalRule::MajorityOfElectorate) {
        const std::uint64_t needed = r.yes_needed();
        // Settled Yes has at least what it needs: "5 of the 3 needed" would read oddly.
        if (*settled)
            return tr("Already decided: Yes has %n vote(s); it needed %1.", nullptr, int(yes)).arg(needed) + QLatin1Char(' ') + when;
        return tr("It can no longer pass: it needs %n Yes vote(s), and with %1 No, Yes can reach at most %2.", nullptr, int(needed))
                   .arg(no).arg(yes + not_voted) + QLatin1Char(' ') + when;
    }
    if (*settled)
        return tr("Already decided: Yes leads %1 to %2, and the members who have not voted cannot change that.").arg(yes).arg(no) +
               QLatin1Char(' ') + when;
    return tr("It can no longer pass: No has %1, and Yes can reach at most %2.").arg(no).arg(yes + not_voted) + QLatin1Char(' ') + when;
}

QString Describe::eventKind(chain::EventKind kind) {
    using K = chain::EventKind;
    switch (kind) {
    case K::GroupFounded: return tr("Group founded");
    case K::AdmissionRequested: return tr("Admission requested");
    case K::MemberAdmitted: return tr("Member admitted");
    case K::AdmissionRejected: return tr("Admission rejected");
    case K::VoteCast: return tr("Vote");
    case K::ReferendumOpened: return tr("Referendum opened");
    case K::ReferendumClosed: return tr("Referendum closed");
    case K::PlantProposed: return tr("Plant proposed");
    case K::PlantRejected: return tr("Plant rejected");
    case K::CampaignOpened: return tr("Campaign opened");
    case K::PledgePlaced: return tr("Pledge");
    case K::PledgeWithdrawn: return tr("Pledge withdrawn");
    case K::CampaignSucceeded: return tr("Campaign succeeded");
    case K::CampaignFailed: return tr("Campaign failed");
    case K::PlantOperating: return tr("Plant operating");
    case K::QuotaAllocated: return tr("Quota allocated");
    case K::TokensIssued: return tr("Tokens issued");
    case K::OfferMade: return tr("Offer made");
    case K::OfferAccepted: return tr("Offer accepted");
    case K::OfferDeclined: return tr("Offer declined");
    case K::OfferCancelled: return tr("Offer cancelled");
    case K::OfferExpired: return tr("Offer expired");
    case K::QuotaGifted: return tr("Quota sent");
    case K::TokensGifted: return tr("Tokens sent");
    case K::ProfileUpdated: return tr("Profile updated");
    case K::QuotaMoved: return tr("Quota moved");
    case K::TokensMoved: return tr("Tokens moved");
    case K::MemberRemoved: return tr("Member removed");
    case K::TokensBurned: return tr("Tokens burned");
    case K::PlantUtilityChanged: return tr("Plant utility changed");
    case K::PlantRemoved: return tr("Plant removed");
    case K::ParamsChanged: return tr("Rules changed");
    case K::ValidatorAdded: return tr("Validator added");
    case K::ValidatorRemoved: return tr("Validator removed");
    case K::DataKeyShared: return tr("Data key shared");
    case K::DataKeyRotated: return tr("Data key rotated");
    case K::ConsumptionRecorded: return tr("Consumption recorded");
    case K::GenerationRecorded: return tr("Generation recorded");
    case K::PlantOperatorChanged: return tr("Plant operator changed");
    case K::EnergyParamsChanged: return tr("Energy rules changed");
    case K::ProtocolUpgraded: return tr("Records updated");
    }
    return {};
}

QString Describe::eventText(const chain::Event& e, const Snapshot& s) {
    using K = chain::EventKind;
    const QString actor = s.display_name(e.actor);
    const QString subject = s.display_name(e.subject);
    const QString symbol = QString::fromStdString(s.summary.token_symbol);
    const QString text = QString::fromStdString(e.text);
    switch (e.kind) {
    case K::GroupFounded: return tr("%1 founded the group").arg(actor);
    case K::AdmissionRequested: return tr("%1 asked to join; the members vote on it").arg(actor);
    case K::MemberAdmitted: return tr("%1 became a member").arg(subject);
    case K::AdmissionRejected: return tr("The group did not admit %1").arg(subject);
    case K::VoteCast: return tr("%1 voted on “%2”").arg(actor, referendumName(s, e.object_id));
    case K::ReferendumOpened: return tr("Vote opened: %1").arg(referendumName(s, e.object_id));
    case K::ReferendumClosed: return tr("Vote closed: %1").arg(referendumName(s, e.object_id));
    case K::PlantProposed: return tr("%1 proposed the plant %2").arg(actor, text);
    case K::PlantRejected: return tr("The group rejected the proposal: %1").arg(plantName(s, e.object_id));
    case K::CampaignOpened: return tr("Crowdfunding opened: %1").arg(plantName(s, e.object_id));
    case K::PledgePlaced: return tr("%1 pledged %2 to %3").arg(actor, formatBrl(e.amount), plantName(s, e.object_id));
    case K::PledgeWithdrawn: return tr("%1 withdrew their pledge to %2").arg(actor, plantName(s, e.object_id));
    case K::CampaignSucceeded: return tr("Fully funded: %1").arg(plantName(s, e.object_id));
    case K::CampaignFailed: return tr("Did not reach its cost: %1").arg(plantName(s, e.object_id));
    case K::PlantOperating: return tr("Started operating: %1").arg(plantName(s, e.object_id));
    case K::QuotaAllocated: return tr("%1 received %2 of quota").arg(subject, formatKw(e.amount));
    case K::TokensIssued: return tr("%1 received %2").arg(subject, formatSeb(e.amount, symbol));
    case K::OfferMade: return tr("%1 made offer %2 to %3").arg(actor).arg(e.object_id).arg(subject);
    case K::OfferAccepted: return tr("Offer %1 accepted").arg(e.object_id);
    case K::OfferDeclined: return tr("Offer %1 declined").arg(e.object_id);
    case K::OfferCancelled: return tr("Offer %1 cancelled").arg(e.object_id);
    case K::OfferExpired: return tr("Offer %1 expired").arg(e.object_id);
    case K::QuotaGifted: return tr("%1 sent %2 of quota to %3").arg(actor, formatKw(e.amount), subject);
    case K::TokensGifted: return tr("%1 sent %2 to %3").arg(actor, formatSeb(e.amount, symbol), subject);
    case K::ProfileUpdated: return tr("%1 updated their profile").arg(actor);
    case K::QuotaMoved: return tr("%1 of quota moved to %2").arg(formatKw(e.amount), subject);
    case K::TokensMoved: return tr("%1 moved to %2").arg(formatSeb(e.amount, symbol), subject);
    case K::MemberRemoved: return tr("%1 left the group by referendum").arg(subject);
    case K::TokensBurned: return tr("%1 burned").arg(formatSeb(e.amount, symbol));
    case K::PlantUtilityChanged: return tr("%1 now belongs to the utility %2").arg(plantName(s, e.object_id), text);
    case K::PlantRemoved: return tr("Plant removed: %1").arg(plantName(s, e.object_id));
    case K::ParamsChanged: return tr("The group rules changed");
    case K::ValidatorAdded: return tr("A validator joined");
    case K::ValidatorRemoved: return tr("A validator left");
    case K::DataKeyShared: return tr("%1 received the group data key").arg(subject);
    case K::DataKeyRotated: return tr("The group data key was renewed");
    case K::ConsumptionRecorded:
        return tr("%1 recorded %2 of consumption for %3").arg(actor, formatKwh(e.amount), formatMonth(e.object_id));
    case K::GenerationRecorded:
        return tr("%1 generated %2 in %3").arg(plantName(s, e.object_id), formatKwh(e.amount), formatMonth(e.amount2));
    case K::PlantOperatorChanged: return tr("%1 now records the generation of %2").arg(subject, plantName(s, e.object_id));
    case K::EnergyParamsChanged: return tr("The group's plant size limits changed");
    case K::ProtocolUpgraded: return tr("The group's records are now kept in version %1").arg(e.amount);
    }
    return {};
}

QString Describe::syncHalt(const chain::SyncHalt& halt) {
    if (halt.kind == chain::SyncHalt::Kind::ConflictingHeaders)
        return tr("More than a third of the group's validators signed two different blocks at number %1. This computer "
                  "stopped following the group so that it shows nothing that may be false. Tell the group's members: the "
                  "validators must sort it out before anyone can trust the records again.")
            .arg(halt.height);
    return tr("The invitation names block %1 of the group's records, and the computers this one reached showed another "
              "one there, so this computer takes nothing from that block on. Check with the member who invited you that "
              "the invitation is the group's, and ask for a new one if needed.")
        .arg(halt.height);
}

QString Describe::rejection(int code, const QString& english) {
    using E = chain::ErrorCode;
    switch (static_cast<E>(code)) {
    case E::BadNonce: return tr("Another action of yours was still being recorded. Try again.");
    case E::CapacityAboveSourceLimit: return tr("The capacity is above the limit for this energy source.");
    case E::InvalidMonth: return tr("Choose a month that has already begun.");
    case E::InvalidReadingDate: return tr("Enter the meter reading date shown on the bill.");
    case E::ReadingTooLarge: return tr("The reading is too large.");
    case E::NotPlantOperator: return tr("Only the plant's operator records its generation.");
    case E::PlantNotOperating: return tr("The plant is not operating yet.");
    case E::ReadingUnchanged: return tr("This reading is already recorded with the same value.");
    case E::OperatorUnchanged: return tr("This member already operates the plant.");
    case E::Expired: return tr("This action took too long to be recorded. Try again.");
    case E::NotAMember: return tr("Only members of the group can do this.");
    case E::AmountTooLarge: return tr("The amount is too large.");
    case E::AlreadyMember: return tr("This person is already a member.");
    case E::AdmissionPending: return tr("An admission request is already waiting for the vote.");
    case E::InvalidUtility: return tr("Enter the name of the distribution utility.");
    case E::InvalidProfile: return tr("Enter the full name and the consumer-unit number.");
    case E::UnknownReferendum: return tr("This vote does not exist.");
    case E::ReferendumClosed: return tr("This vote has already closed.");
    case E::NotInElectorate: return tr("You were not a member when this vote opened, so you cannot vote in it.");
    case E::VoteUnchanged: return tr("Your vote is already recorded that way.");
    case E::InvalidPlantName: return tr("Enter a name for the plant.");
    case E::InvalidCapacity: return tr("The capacity must be above 0 and at most the group's limit.");
    case E::InvalidCost: return tr("Enter the cost of the plant.");
    case E::TimeToMarketTooShort: return tr("The time to market is shorter than the group's minimum.");
    case E::TimeToMarketTooLong: return tr("The time to market is too long.");
    case E::InvalidLocation: return tr("Enter where the plant will be built.");
    case E::UnknownPlant: return tr("This plant does not exist.");
    case E::CampaignNotOpen: return tr("This campaign is not open for pledges.");
    case E::WrongUtility: return tr("Only members served by the plant's utility can pledge.");
    case E::BidBelowMinimum: return tr("The pledge is below the group's minimum.");
    case E::BidAboveMissing: return tr("The pledge is more than what is still missing.");
    case E::NoPledge: return tr("You have no pledge in this campaign.");
    case E::PledgeUnchanged: return tr("Your pledge already has this amount.");
    case E::UnknownMember: return tr("Choose a member of the group.");
    case E::SelfTransfer: return tr("You cannot send to yourself.");
    case E::DifferentUtility: return tr("Quota can only go to a member of the same utility.");
    case E::ZeroAmount: return tr("Enter an amount above zero.");
    case E::InsufficientQuota: return tr("You do not have that much quota.");
    case E::InsufficientTokens: return tr("You do not have that many tokens.");
    case E::UnknownOffer: return tr("This offer does not exist.");
    case E::OfferNotOpen: return tr("This offer is no longer open.");
    case E::NotCounterparty: return tr("This offer was made to someone else.");
    case E::NotOfferMaker: return tr("Only who made the offer can cancel it.");
    case E::InvalidExpiry: return tr("Choose an expiry date in the future.");
    case E::ProtocolVersionNotNewer: return tr("The group already keeps its records in this version or a later one.");
    case E::ProtocolVersionUnsupported:
        return tr("This version of Rateio cannot keep the records that way. Every member must update Rateio first.");
    case E::UpgradeHeightInvalid: return tr("The update must start at a block after the current one.");
    case E::UpgradePending: return tr("An update of how the records are kept is already approved or being voted on.");
    case E::LastMember: return tr("The last member cannot be removed.");
    case E::LastValidator: return tr("The last validator cannot be removed.");
    case E::DevClockRefused: return tr("Only a dev group can move its clock.");
    case E::MempoolFull: return tr("Rateio is busy. Try again in a moment.");
    case E::DuplicateTransaction: return tr("This action was already sent.");
    case E::WalletError: return tr("The wallet could not be opened. Check the passphrase.");
    case E::StoreError: return tr("Rateio could not save the data. Check the free disk space.");
    default: break;
    }
    return tr("The group refused this action: %1").arg(english);
}

namespace {

// A character a name cannot hold, as a member can recognise it: an emoji
// shown as itself, an invisible one by its code.
QString describeCharacter(char32_t character) {
    if (QChar::isPrint(character)) return QStringLiteral("“%1”").arg(QString::fromUcs4(&character, 1));
    return Describe::tr("an invisible character (U+%1)").arg(QString::number(quint32(character), 16).toUpper().rightJustified(4, u'0'));
}

} // namespace

QString Describe::walletProblem(const Workspace::WalletOutcome& outcome) {
    using P = Workspace::WalletProblem;
    const QString path = QDir::toNativeSeparators(outcome.path);
    switch (outcome.problem) {
    case P::None: return {};
    case P::NameEmpty: return tr("Enter a name for the wallet.");
    case P::NameTooLong:
        return tr("The wallet name is too long: use at most %1 characters.").arg(chain::WalletStore::kNameLengthMax);
    case P::NameBadCharacter:
        return tr("A wallet name cannot hold %1. Use letters (with or without accents), digits, spaces and punctuation.")
            .arg(describeCharacter(outcome.bad_character));
    case P::NameTaken:
        return tr("A wallet named “%1” already exists on this computer: open it with its passphrase, or choose another name.")
            .arg(outcome.name);
    case P::PassphraseTooShort: return tr("Use at least %1 characters.").arg(chain::WalletStore::kPassphraseLengthMin);
    case P::NotFound: return tr("There is no wallet named “%1” on this computer.").arg(outcome.name);
    case P::WrongPassphrase: return tr("That passphrase does not open the wallet. Check it and try again.");
    case P::Damaged: return tr("The file “%1” is damaged or is not a Rateio wallet.").arg(path);
    case P::NewerFormat:
        return tr("The file “%1” was written by a newer version of Rateio. Install that version to open it; the file was left as it was.")
            .arg(path);
    case P::CannotWriteWallet:
        return tr("The wallet could not be saved on this computer. Check that the disk is not full.");
    case P::DestinationExists:
        return tr("There is already a file named “%1”. Choose another name, so that no other backup is overwritten.").arg(path);
    case P::DestinationUnwritable:
        return tr("Nothing could be written to “%1”. Check that the folder exists, that the drive is plugged in, and that it is "
                  "not full or write-protected.")
            .arg(path);
    case P::FileUnreadable:
        return tr("The file “%1” could not be read. Check that it is there and that the drive is plugged in.").arg(path);
    case P::BackupOfAnotherWallet: return tr("The file “%1” holds another wallet, not this one.").arg(path);
    case P::CannotRemove: return tr("The unused wallet file “%1” could not be removed.").arg(path);
    }
    return {};
}

} // namespace models
