#pragma once
// How the CLI shows the ledger's values: JSON objects with integers in base
// units (W, centavos, milli-SEB, Unix seconds) plus the formatted text where
// handy, and lines of friendly text.

#include "node/node.h"

#include <QJsonObject>
#include <QString>

namespace cli {

const char* plant_status_name(chain::PlantStatus status);
const char* plant_source_name(chain::PlantSource source);
std::optional<chain::PlantSource> parse_plant_source(const QString& text);
const char* outcome_name(chain::Outcome outcome);
const char* referendum_kind_name(chain::ReferendumKind kind);
const char* offer_status_name(chain::OfferStatus status);
const char* offer_side_name(chain::OfferSide side);
const char* approval_rule_name(chain::ApprovalRule rule);

QJsonObject summary_json(const chain::GroupSummary& summary);
QString summary_text(const chain::GroupSummary& summary);

// `capacity_w` turns quota into a percentage of the group.
QJsonObject member_json(const chain::Member& member, std::uint64_t capacity_w, const std::string& symbol);
QString member_line(const chain::Member& member, std::uint64_t capacity_w, const std::string& symbol);
QString member_text(const chain::Member& member, std::uint64_t capacity_w, const std::string& symbol);

QJsonObject applicant_json(const chain::Applicant& applicant);
QString applicant_line(const chain::Applicant& applicant);

// With `detail`, the campaign's pledges and what each funder received.
QJsonObject plant_json(const chain::Plant& plant, bool detail);
QString plant_line(const chain::Plant& plant);
QString plant_text(const chain::Plant& plant, const std::string& symbol);

// With `detail`, the electorate and every ballot.
QJsonObject referendum_json(const chain::Referendum& referendum, bool detail);
QString referendum_line(const chain::Referendum& referendum);
QString referendum_text(const chain::Referendum& referendum);
// "admit <address>", "plant 3", "move 5 kW from A to B", ...
QString referendum_subject(const chain::Referendum& referendum);

QJsonObject offer_json(const chain::Offer& offer, const std::string& symbol);
QString offer_line(const chain::Offer& offer, const std::string& symbol);

QJsonObject event_json(const chain::Event& event);
QString event_line(const chain::Event& event);

QJsonObject params_json(const chain::GroupParams& params);

} // namespace cli
