#include "cli/views.h"

#include "cli/cli.h"
#include "codec/exhaustive.h"
#include "node/units.h"

#include <QJsonArray>
#include <QStringList>

namespace cli {

namespace {

using chain::units::format_brl;
using chain::units::format_kw;
using chain::units::format_percent;
using chain::units::format_seb;

// JSON numbers: every amount of a real group fits a qint64 exactly.
QJsonValue num(std::uint64_t value) { return QJsonValue(static_cast<qint64>(value)); }
QJsonValue num(std::int64_t value) { return QJsonValue(static_cast<qint64>(value)); }
QJsonValue text(const std::string& value) { return QJsonValue(qs(value)); }
QJsonValue addr(const chain::AccountId& account) { return text(address_of(account)); }
QString q(const std::string& value) { return qs(value); }

QJsonArray accounts_json(const chain::StateMap<chain::AccountId, std::uint64_t>& amounts, const char* amount_key) {
    QJsonArray array;
    for (const auto& [account, amount] : amounts)
        array.append(QJsonObject{{"address", addr(account)}, {amount_key, num(amount)}});
    return array;
}

// One lambda per kind of change (chain::Overloaded, no generic fallback): a
// change kind added to chain::Change fails to compile here until it is shown.
QString change_subject(const chain::Change& change) {
    return std::visit(
        chain::Overloaded{
            [](const chain::MoveQuota& c) {
                return QStringLiteral("move %1 of quota from %2 to %3").arg(q(format_kw(c.quota_w)), q(address_of(c.from)), q(address_of(c.to)));
            },
            [](const chain::MoveTokens& c) {
                return QStringLiteral("move %1 from %2 to %3").arg(q(format_seb(c.amount_msb)), q(address_of(c.from)), q(address_of(c.to)));
            },
            [](const chain::RemoveMember& c) { return QStringLiteral("remove member %1").arg(q(address_of(c.member))); },
            [](const chain::ChangePlantUtility& c) {
                return QStringLiteral("move plant %1 to utility %2").arg(c.plant_id).arg(q(c.utility));
            },
            [](const chain::RemovePlant& c) { return QStringLiteral("remove plant %1").arg(c.plant_id); },
            [](const chain::ChangeParams&) { return QStringLiteral("change the group parameters"); },
            [](const chain::AddValidator& c) { return QStringLiteral("add validator %1").arg(q(hex(c.validator))); },
            [](const chain::RemoveValidator& c) { return QStringLiteral("remove validator %1").arg(q(hex(c.validator))); },
            [](const chain::ChangePlantOperator& c) {
                return QStringLiteral("name %1 operator of plant %2").arg(q(address_of(c.new_operator))).arg(c.plant_id);
            },
            [](const chain::ChangeEnergyParams&) { return QStringLiteral("change the plant size limits by source"); },
            [](const chain::UpgradeProtocol& c) {
                return QStringLiteral("move to protocol version %1 from block %2").arg(c.version).arg(c.effective_height);
            },
        },
        change);
}

QJsonObject change_json(const chain::Change& change) {
    QJsonObject object{{"kind", chain::change_name(change)}};
    std::visit(
        chain::Overloaded{
            [&object](const chain::MoveQuota& c) {
                object.insert("from", addr(c.from)), object.insert("to", addr(c.to)), object.insert("quota_w", num(c.quota_w));
            },
            [&object](const chain::MoveTokens& c) {
                object.insert("from", addr(c.from)), object.insert("to", addr(c.to)), object.insert("amount_msb", num(c.amount_msb));
            },
            [&object](const chain::RemoveMember& c) { object.insert("member", addr(c.member)); },
            [&object](const chain::ChangePlantUtility& c) {
                object.insert("plant_id", num(c.plant_id)), object.insert("utility", text(c.utility));
            },
            [&object](const chain::RemovePlant& c) { object.insert("plant_id", num(c.plant_id)); },
            [&object](const chain::ChangeParams& c) { object.insert("params", params_json(c.params)); },
            [&object](const chain::AddValidator& c) { object.insert("validator", text(hex(c.validator))); },
            [&object](const chain::RemoveValidator& c) { object.insert("validator", text(hex(c.validator))); },
            [&object](const chain::ChangePlantOperator& c) {
                object.insert("plant_id", num(c.plant_id)), object.insert("operator", addr(c.new_operator));
            },
            [&object](const chain::ChangeEnergyParams& c) {
                object.insert("microgeneration_max_w", num(c.params.microgeneration_max_w));
                object.insert("dispatchable_max_w", num(c.params.dispatchable_max_w));
                object.insert("non_dispatchable_max_w", num(c.params.non_dispatchable_max_w));
            },
            [&object](const chain::UpgradeProtocol& c) {
                object.insert("version", static_cast<qint64>(c.version)), object.insert("effective_height", num(c.effective_height));
            },
        },
        change);
    return object;
}

} // namespace

// The names below are switches with no default: -Werror=switch makes a new
// enumerator fail to compile here until it has a name. "unknown" is only for
// a value outside the enum.
const char* plant_status_name(chain::PlantStatus status) {
    switch (status) {
    case chain::PlantStatus::Proposed: return "proposed";
    case chain::PlantStatus::Rejected: return "rejected";
    case chain::PlantStatus::Campaign: return "campaign";
    case chain::PlantStatus::Failed: return "failed";
    case chain::PlantStatus::Building: return "building";
    case chain::PlantStatus::Operating: return "operating";
    case chain::PlantStatus::Removed: return "removed";
    }
    return "unknown";
}

const char* plant_source_name(chain::PlantSource source) {
    switch (source) {
    case chain::PlantSource::Solar: return "solar";
    case chain::PlantSource::Wind: return "wind";
    case chain::PlantSource::Hydro: return "hydro";
    case chain::PlantSource::Biomass: return "biomass";
    case chain::PlantSource::Biogas: return "biogas";
    case chain::PlantSource::Other: return "other";
    }
    return "unknown";
}

std::optional<chain::PlantSource> parse_plant_source(const QString& text) {
    for (std::uint8_t i = 1; i <= chain::kPlantSourceLast; ++i) {
        const auto source = static_cast<chain::PlantSource>(i);
        if (text == QLatin1String(plant_source_name(source))) return source;
    }
    return std::nullopt;
}

const char* outcome_name(chain::Outcome outcome) {
    switch (outcome) {
    case chain::Outcome::Pending: return "pending";
    case chain::Outcome::Approved: return "approved";
    case chain::Outcome::Rejected: return "rejected";
    case chain::Outcome::Void: return "void";
    }
    return "unknown";
}

const char* referendum_kind_name(chain::ReferendumKind kind) {
    switch (kind) {
    case chain::ReferendumKind::Admission: return "admission";
    case chain::ReferendumKind::Plant: return "plant";
    case chain::ReferendumKind::Change: return "change";
    }
    return "unknown";
}

const char* offer_status_name(chain::OfferStatus status) {
    switch (status) {
    case chain::OfferStatus::Open: return "open";
    case chain::OfferStatus::Accepted: return "accepted";
    case chain::OfferStatus::Declined: return "declined";
    case chain::OfferStatus::Cancelled: return "cancelled";
    case chain::OfferStatus::Expired: return "expired";
    }
    return "unknown";
}

const char* offer_side_name(chain::OfferSide side) {
    switch (side) {
    case chain::OfferSide::SellQuota: return "sell_quota";
    case chain::OfferSide::BuyQuota: return "buy_quota";
    }
    return "unknown";
}

const char* approval_rule_name(chain::ApprovalRule rule) {
    return rule == chain::ApprovalRule::MajorityOfElectorate ? "electorate" : "quorum";
}

QJsonObject params_json(const chain::GroupParams& p) {
    return QJsonObject{
        {"referendum_period_s", num(p.referendum_period_s)},
        {"crowdfunding_period_s", num(p.crowdfunding_period_s)},
        {"time_to_market_min_s", num(p.time_to_market_min_s)},
        {"bid_min_cents", num(p.bid_min_cents)},
        {"bid_min", q(format_brl(p.bid_min_cents))},
        {"plant_capacity_max_w", num(p.plant_capacity_max_w)},
        {"welcome_grant_msb", num(p.welcome_grant_msb)},
        {"approval_rule", approval_rule_name(p.approval_rule)},
        {"quorum_percent", static_cast<qint64>(p.quorum_percent)},
    };
}

QJsonObject summary_json(const chain::GroupSummary& s) {
    QJsonArray validators;
    for (const chain::PublicKey& key : s.validators) validators.append(text(hex(key)));
    return QJsonObject{
        {"group_id", text(hex(s.group_id))},
        {"name", text(s.name)},
        {"token_symbol", text(s.token_symbol)},
        {"dev_group", s.dev_group},
        {"height", num(s.height)},
        {"time_s", num(s.time_s)},
        {"time", format_time(s.time_s)},
        {"state_root", text(hex(s.state_root))},
        {"member_count", num(s.member_count)},
        {"applicant_count", num(s.applicant_count)},
        {"plant_count", num(s.plant_count)},
        {"operating_plant_count", num(s.operating_plant_count)},
        {"capacity_w", num(s.capacity_w)},
        {"capacity", q(format_kw(s.capacity_w))},
        {"plant_capacity_min_w", 1},
        {"plant_capacity_max_w", num(s.plant_capacity_max_w)},
        {"tokens_in_circulation_msb", num(s.tokens_in_circulation_msb)},
        {"tokens_issued_msb", num(s.tokens_issued_msb)},
        {"tokens_burned_msb", num(s.tokens_burned_msb)},
        {"open_referendum_count", num(s.open_referendum_count)},
        {"open_campaign_count", num(s.open_campaign_count)},
        {"open_offer_count", num(s.open_offer_count)},
        {"validators", validators},
        {"params", params_json(s.params)},
        {"data_key_epoch", static_cast<qint64>(s.data_key_epoch)},
        {"protocol_version", static_cast<qint64>(s.protocol_version)},
        {"pending_upgrade", s.pending_upgrade ? QJsonValue(QJsonObject{{"version", static_cast<qint64>(s.pending_upgrade->version)},
                                                                       {"effective_height", num(s.pending_upgrade->effective_height)}})
                                              : QJsonValue()},
    };
}

QString summary_text(const chain::GroupSummary& s) {
    QStringList lines;
    lines << QStringLiteral("%1%2").arg(q(s.name), s.dev_group ? QStringLiteral(" (dev group)") : QString());
    lines << QStringLiteral("  group id      %1").arg(q(hex(s.group_id)));
    lines << QStringLiteral("  height        %1 at %2").arg(s.height).arg(format_time(s.time_s));
    lines << QStringLiteral("  members       %1 (%2 waiting for admission)").arg(s.member_count).arg(s.applicant_count);
    lines << QStringLiteral("  plants        %1 (%2 operating)").arg(s.plant_count).arg(s.operating_plant_count);
    lines << QStringLiteral("  capacity      %1 (each plant above 0 kW, at most %2)")
                 .arg(q(format_kw(s.capacity_w)), q(format_kw(s.plant_capacity_max_w)));
    lines << QStringLiteral("  tokens        %1 in circulation (%2 issued, %3 burned)")
                 .arg(q(format_seb(s.tokens_in_circulation_msb, s.token_symbol)),
                      q(format_seb(s.tokens_issued_msb, s.token_symbol)), q(format_seb(s.tokens_burned_msb, s.token_symbol)));
    lines << QStringLiteral("  open          %1 referendums, %2 campaigns, %3 offers")
                 .arg(s.open_referendum_count).arg(s.open_campaign_count).arg(s.open_offer_count);
    lines << QStringLiteral("  validators    %1").arg(s.validators.size());
    lines << QStringLiteral("  protocol      version %1%2")
                 .arg(s.protocol_version)
                 .arg(s.pending_upgrade ? QStringLiteral(" (version %1 from block %2)").arg(s.pending_upgrade->version).arg(s.pending_upgrade->effective_height)
                                        : QString());
    lines << QStringLiteral("  minimum bid   %1; welcome grant %2")
                 .arg(q(format_brl(s.params.bid_min_cents)), q(format_seb(s.params.welcome_grant_msb, s.token_symbol)));
    return lines.join('\n');
}

QJsonObject member_json(const chain::Member& m, std::uint64_t capacity_w, const std::string& symbol) {
    return QJsonObject{
        {"address", addr(m.account)},
        {"public_key", text(hex(m.public_key))},
        {"utility", text(m.utility)},
        {"quota_w", num(m.quota_w)},
        {"quota", q(format_kw(m.quota_w))},
        {"quota_basis_points", num(chain::units::basis_points(m.quota_w, capacity_w))},
        {"quota_percent", q(format_percent(m.quota_w, capacity_w))},
        {"tokens_msb", num(m.tokens_msb)},
        {"tokens", q(format_seb(m.tokens_msb, symbol))},
        {"admitted_at_s", num(m.admitted_at_s)},
        {"key_epoch", m.key_epoch == chain::kNoKeyEpoch ? QJsonValue() : QJsonValue(static_cast<qint64>(m.key_epoch))},
    };
}

QString member_line(const chain::Member& m, std::uint64_t capacity_w, const std::string& symbol) {
    return QStringLiteral("%1  %2  %3  %4  %5")
        .arg(q(address_of(m.account)), q(m.utility).leftJustified(12), q(format_kw(m.quota_w)).rightJustified(12),
             format_percent(m.quota_w, capacity_w).c_str(), q(format_seb(m.tokens_msb, symbol)).rightJustified(16));
}

QString member_text(const chain::Member& m, std::uint64_t capacity_w, const std::string& symbol) {
    QStringList lines;
    lines << QStringLiteral("member %1").arg(q(address_of(m.account)));
    lines << QStringLiteral("  utility     %1").arg(q(m.utility));
    lines << QStringLiteral("  quota       %1 (%2 of the group)").arg(q(format_kw(m.quota_w)), q(format_percent(m.quota_w, capacity_w)));
    lines << QStringLiteral("  tokens      %1").arg(q(format_seb(m.tokens_msb, symbol)));
    lines << QStringLiteral("  admitted    %1").arg(format_time(m.admitted_at_s));
    lines << QStringLiteral("  data key    %1").arg(m.key_epoch == chain::kNoKeyEpoch ? QStringLiteral("not shared yet")
                                                                                      : QStringLiteral("epoch %1").arg(m.key_epoch));
    return lines.join('\n');
}

QJsonObject applicant_json(const chain::Applicant& a) {
    return QJsonObject{
        {"address", addr(a.account)},
        {"utility", text(a.utility)},
        {"referendum_id", num(a.referendum_id)},
        {"requested_at_s", num(a.requested_at_s)},
    };
}

QString applicant_line(const chain::Applicant& a) {
    // One multi-argument arg(): a '%' in the utility name is not substituted again.
    return QStringLiteral("%1  %2  referendum %3, asked %4")
        .arg(q(address_of(a.account)), q(a.utility).leftJustified(12), QString::number(a.referendum_id),
             format_time(a.requested_at_s));
}

QJsonObject plant_json(const chain::Plant& p, bool detail) {
    QJsonObject object{
        {"id", num(p.id)},
        {"name", text(p.name)},
        {"source", plant_source_name(p.source)},
        {"capacity_w", num(p.capacity_w)},
        {"capacity", q(format_kw(p.capacity_w))},
        {"cost_cents", num(p.cost_cents)},
        {"cost", q(format_brl(p.cost_cents))},
        {"utility", text(p.utility)},
        {"location", text(p.location)},
        {"time_to_market_s", num(p.time_to_market_s)},
        {"proposer", addr(p.proposer)},
        {"status", plant_status_name(p.status)},
        {"referendum_id", num(p.referendum_id)},
        {"pledged_cents", num(p.pledged_cents)},
        {"missing_cents", num(p.cost_cents - std::min(p.cost_cents, p.pledged_cents))},
        {"campaign_deadline_s", num(p.campaign_deadline_s)},
        {"operating_at_s", num(p.operating_at_s)},
    };
    if (!detail) return object;
    object.insert("proposed_at_s", num(p.proposed_at_s));
    object.insert("campaign_opened_at_s", num(p.campaign_opened_at_s));
    object.insert("funded_at_s", num(p.funded_at_s));
    object.insert("closed_at_s", num(p.closed_at_s));
    object.insert("pledges", accounts_json(p.pledges_cents, "amount_cents"));
    object.insert("allocated_quota", accounts_json(p.allocated_quota_w, "quota_w"));
    object.insert("allocated_tokens", accounts_json(p.allocated_tokens_msb, "tokens_msb"));
    return object;
}

QString plant_line(const chain::Plant& p) {
    return QStringLiteral("%1  %2  %3  %4  %5  %6")
        .arg(QString::number(p.id).rightJustified(4), q(p.name).leftJustified(24), q(format_kw(p.capacity_w)).rightJustified(12),
             q(format_brl(p.cost_cents)).rightJustified(18), QString::fromLatin1(plant_status_name(p.status)).leftJustified(9),
             q(p.utility));
}

QString plant_text(const chain::Plant& p, const std::string& symbol) {
    QStringList lines;
    lines << QStringLiteral("plant %1: %2 (%3, %4)").arg(p.id).arg(q(p.name), plant_source_name(p.source), plant_status_name(p.status));
    lines << QStringLiteral("  capacity     %1").arg(q(format_kw(p.capacity_w)));
    lines << QStringLiteral("  cost         %1").arg(q(format_brl(p.cost_cents)));
    lines << QStringLiteral("  utility      %1, at %2").arg(q(p.utility), q(p.location));
    lines << QStringLiteral("  time to market %1 days").arg(p.time_to_market_s / chain::kSecondsPerDay);
    lines << QStringLiteral("  referendum   %1").arg(p.referendum_id);
    if (p.campaign_opened_at_s != 0)
        lines << QStringLiteral("  campaign     %1 pledged of %2, %3 missing; deadline %4")
                     .arg(q(format_brl(p.pledged_cents)), q(format_brl(p.cost_cents)),
                          q(format_brl(p.cost_cents - std::min(p.cost_cents, p.pledged_cents))), format_time(p.campaign_deadline_s));
    if (p.operating_at_s != 0)
        lines << QStringLiteral("  %1 %2").arg(p.status == chain::PlantStatus::Operating ? "operating since" : "starts", format_time(p.operating_at_s));
    for (const auto& [account, cents] : p.pledges_cents)
        lines << QStringLiteral("  funder %1  %2").arg(q(address_of(account)), q(format_brl(cents)));
    for (const auto& [account, quota_w] : p.allocated_quota_w) {
        const auto tokens = p.allocated_tokens_msb.find(account);
        lines << QStringLiteral("  received %1  %2 and %3")
                     .arg(q(address_of(account)), q(format_kw(quota_w)),
                          q(format_seb(tokens == p.allocated_tokens_msb.end() ? 0 : tokens->second, symbol)));
    }
    return lines.join('\n');
}

QString referendum_subject(const chain::Referendum& r) {
    switch (r.kind) {
    case chain::ReferendumKind::Admission: return QStringLiteral("admit %1").arg(q(address_of(r.applicant)));
    case chain::ReferendumKind::Plant: return QStringLiteral("build plant %1").arg(r.plant_id);
    case chain::ReferendumKind::Change: return r.change ? change_subject(*r.change) : QStringLiteral("change");
    }
    return {};
}

QJsonObject referendum_json(const chain::Referendum& r, bool detail) {
    QJsonObject object{
        {"id", num(r.id)},
        {"kind", referendum_kind_name(r.kind)},
        {"subject", referendum_subject(r)},
        {"proposer", addr(r.proposer)},
        {"opened_at_s", num(r.opened_at_s)},
        {"deadline_s", num(r.deadline_s)},
        {"deadline", format_time(r.deadline_s)},
        {"outcome", outcome_name(r.outcome)},
        {"yes", num(r.yes_count())},
        {"no", num(r.no_count())},
        {"electorate_size", num(static_cast<std::uint64_t>(r.electorate.size()))},
        {"yes_needed", num(r.yes_needed())},
        {"approval_rule", approval_rule_name(r.approval_rule)},
        {"quorum_percent", static_cast<qint64>(r.quorum_percent)},
        {"passes_now", r.passes()},
    };
    if (r.kind == chain::ReferendumKind::Admission) object.insert("applicant", addr(r.applicant));
    if (r.kind == chain::ReferendumKind::Plant) object.insert("plant_id", num(r.plant_id));
    if (r.change) object.insert("change", change_json(*r.change));
    if (!detail) return object;
    QJsonArray electorate;
    for (const chain::AccountId& account : r.electorate) electorate.append(addr(account));
    QJsonArray ballots;
    for (const auto& [account, yes] : r.ballots) ballots.append(QJsonObject{{"address", addr(account)}, {"yes", yes}});
    object.insert("electorate", electorate);
    object.insert("ballots", ballots);
    object.insert("closed_at_s", num(r.closed_at_s));
    object.insert("void_reason", chain::error_name(r.void_reason));
    object.insert("reason", text(r.reason));
    return object;
}

QString referendum_line(const chain::Referendum& r) {
    return QStringLiteral("%1  %2  %3  yes %4 / no %5 of %6  closes %7  %8")
        .arg(QString::number(r.id).rightJustified(4), QString::fromLatin1(referendum_kind_name(r.kind)).leftJustified(9),
             QString::fromLatin1(outcome_name(r.outcome)).leftJustified(8))
        .arg(r.yes_count())
        .arg(r.no_count())
        .arg(r.electorate.size())
        .arg(format_time(r.deadline_s), referendum_subject(r));
}

QString referendum_text(const chain::Referendum& r) {
    QStringList lines;
    lines << QStringLiteral("referendum %1 (%2): %3").arg(r.id).arg(referendum_kind_name(r.kind), referendum_subject(r));
    lines << QStringLiteral("  outcome     %1").arg(outcome_name(r.outcome));
    lines << QStringLiteral("  deadline    %1").arg(format_time(r.deadline_s));
    lines << QStringLiteral("  tally       %1 yes, %2 no, %3 not voted, of %4 in the electorate")
                 .arg(r.yes_count())
                 .arg(r.no_count())
                 .arg(r.electorate.size() - std::min(r.electorate.size(), r.ballots.size()))
                 .arg(r.electorate.size());
    if (r.approval_rule == chain::ApprovalRule::MajorityOfElectorate)
        lines << QStringLiteral("  rule        majority of the electorate: %1 yes needed").arg(r.yes_needed());
    else
        lines << QStringLiteral("  rule        more yes than no, with %1 % of the electorate voting").arg(r.quorum_percent);
    if (!r.reason.empty()) lines << QStringLiteral("  reason      %1").arg(q(r.reason));
    for (const chain::AccountId& account : r.electorate) {
        const auto ballot = r.ballots.find(account);
        const QString vote = ballot == r.ballots.end() ? QStringLiteral("-") : (ballot->second ? QStringLiteral("yes") : QStringLiteral("no"));
        lines << QStringLiteral("  voter %1  %2").arg(q(address_of(account)), vote);
    }
    return lines.join('\n');
}

QJsonObject offer_json(const chain::Offer& o, const std::string& symbol) {
    return QJsonObject{
        {"id", num(o.id)},
        {"maker", addr(o.maker)},
        {"counterparty", addr(o.counterparty)},
        {"side", offer_side_name(o.side)},
        {"quota_w", num(o.quota_w)},
        {"quota", q(format_kw(o.quota_w))},
        {"price_msb", num(o.price_msb)},
        {"price", q(format_seb(o.price_msb, symbol))},
        {"created_at_s", num(o.created_at_s)},
        {"expires_at_s", num(o.expires_at_s)},
        {"status", offer_status_name(o.status)},
    };
}

QString offer_line(const chain::Offer& o, const std::string& symbol) {
    return QStringLiteral("%1  %2  %3 %4 %5 for %6 to %7, expires %8")
        .arg(QString::number(o.id).rightJustified(4), QString::fromLatin1(offer_status_name(o.status)).leftJustified(9),
             q(address_of(o.maker)), o.side == chain::OfferSide::SellQuota ? "sells" : "buys", q(format_kw(o.quota_w)),
             q(format_seb(o.price_msb, symbol)), q(address_of(o.counterparty)), format_time(o.expires_at_s));
}

QJsonObject event_json(const chain::Event& e) {
    return QJsonObject{
        {"kind", chain::event_name(e.kind)},
        {"height", num(e.height)},
        {"time_s", num(e.time_s)},
        {"actor", addr(e.actor)},
        {"subject", addr(e.subject)},
        {"object_id", num(e.object_id)},
        {"amount", num(e.amount)},
        {"amount2", num(e.amount2)},
        {"text", text(e.text)},
    };
}

QString event_line(const chain::Event& e) {
    QString line = QStringLiteral("%1  %2  %3").arg(QString::number(e.height).rightJustified(6), format_time(e.time_s),
                                                    QString::fromLatin1(chain::event_name(e.kind)).leftJustified(22));
    if (e.actor != chain::AccountId{}) line += QStringLiteral(" by %1").arg(q(address_of(e.actor)));
    if (e.subject != chain::AccountId{}) line += QStringLiteral(" for %1").arg(q(address_of(e.subject)));
    if (e.object_id != 0) line += QStringLiteral(" #%1").arg(e.object_id);
    if (e.amount != 0) line += QStringLiteral(" amount %1").arg(e.amount);
    if (!e.text.empty()) line += QStringLiteral(" \"%1\"").arg(q(e.text));
    return line;
}

} // namespace cli
