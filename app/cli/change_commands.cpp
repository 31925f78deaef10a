#include "cli/commands.h"

#include "node/units.h"

namespace cli {

namespace {

const QString kWallet = QStringLiteral("wallet");

// Opens a Change referendum; --reason is optional everywhere.
int propose(Context& ctx, chain::Change change) {
    chain::ProposeChange proposal{std::move(change), ctx.has("reason") ? ctx.required_text("reason") : std::string{}};
    return run_transaction(ctx, ctx.required(kWallet), std::move(proposal), describe_new_referendum);
}

chain::PublicKey public_key_argument(Context& ctx, int index) {
    chain::Bytes bytes;
    chain::PublicKey key{};
    if (!chain::codec::from_hex(ctx.argument(index).toStdString(), bytes) || bytes.size() != key.size())
        usage_error("the validator key must be " + std::to_string(key.size() * 2) + " hex digits (a compressed P-256 key)");
    std::copy(bytes.begin(), bytes.end(), key.begin());
    return key;
}

std::uint64_t days_s(Context& ctx, const char* option) {
    return static_cast<std::uint64_t>(ctx.days_option_s(QString::fromLatin1(option)));
}

// Only the parameters given change; the others keep their value in force.
bool apply_params_options(Context& ctx, chain::GroupParams& p) {
    bool changed = false;
    auto set = [&ctx, &changed](const char* option, auto&& read, std::uint64_t& field) {
        if (!ctx.has(QString::fromLatin1(option))) return;
        field = read(option);
        changed = true;
    };
    set("referendum-days", [&ctx](const char* o) { return days_s(ctx, o); }, p.referendum_period_s);
    set("crowdfunding-days", [&ctx](const char* o) { return days_s(ctx, o); }, p.crowdfunding_period_s);
    set("min-ttm-days", [&ctx](const char* o) { return days_s(ctx, o); }, p.time_to_market_min_s);
    set("min-bid", [&ctx](const char* o) { return ctx.brl_option(QString::fromLatin1(o)); }, p.bid_min_cents);
    set("max-capacity-kw", [&ctx](const char* o) { return ctx.kw_option(QString::fromLatin1(o)); }, p.plant_capacity_max_w);
    set("welcome-seb", [&ctx](const char* o) { return ctx.seb_option(QString::fromLatin1(o)); }, p.welcome_grant_msb);
    if (ctx.has("approval")) {
        const QString rule = ctx.required("approval");
        if (rule == QLatin1String("electorate")) {
            p.approval_rule = chain::ApprovalRule::MajorityOfElectorate;
            p.quorum_percent = 0; // the quorum only exists under the quorum rule
        } else if (rule == QLatin1String("quorum")) {
            p.approval_rule = chain::ApprovalRule::MajorityOfVotesWithQuorum;
        } else {
            usage_error("--approval: electorate or quorum");
        }
        changed = true;
    }
    if (ctx.has("quorum-percent")) {
        const std::uint64_t percent = ctx.integer_option("quorum-percent");
        if (percent > 100) usage_error("--quorum-percent: at most 100");
        p.quorum_percent = static_cast<std::uint32_t>(percent);
        changed = true;
    }
    return changed;
}

} // namespace

int propose_move_quota(Context& ctx) {
    const chain::AccountId from = ctx.resolve_member(ctx.required("from"));
    const chain::AccountId to = ctx.resolve_member(ctx.required("to"));
    return propose(ctx, chain::MoveQuota{from, to, ctx.integer_option("quota-w")});
}

int propose_move_tokens(Context& ctx) {
    const chain::AccountId from = ctx.resolve_member(ctx.required("from"));
    const chain::AccountId to = ctx.resolve_member(ctx.required("to"));
    return propose(ctx, chain::MoveTokens{from, to, ctx.seb_option("seb")});
}

int propose_remove_member(Context& ctx) {
    return propose(ctx, chain::RemoveMember{ctx.resolve_member(ctx.argument(0))});
}

int propose_plant_utility(Context& ctx) {
    return propose(ctx, chain::ChangePlantUtility{integer_argument(ctx, 0, "plant"), ctx.argument(1).toStdString()});
}

int propose_remove_plant(Context& ctx) {
    return propose(ctx, chain::RemovePlant{integer_argument(ctx, 0, "plant")});
}

int propose_params(Context& ctx) {
    chain::GroupParams params = ctx.node().summary().params;
    if (!apply_params_options(ctx, params)) usage_error("name at least one parameter to change (see --help)");
    return propose(ctx, chain::ChangeParams{params});
}

int propose_add_validator(Context& ctx) {
    return propose(ctx, chain::AddValidator{public_key_argument(ctx, 0)});
}

int propose_remove_validator(Context& ctx) {
    return propose(ctx, chain::RemoveValidator{public_key_argument(ctx, 0)});
}

// Without --at-height the upgrade takes effect kUpgradeLeadBlocks after the
// last block, or at the first block after the approval when that is later.
int propose_upgrade(Context& ctx) {
    const std::uint64_t version = integer_argument(ctx, 0, "version");
    if (version == 0 || version > UINT32_MAX) usage_error("the protocol version must be between 1 and " + std::to_string(UINT32_MAX));
    const std::uint64_t effective_height =
        ctx.has("at-height") ? ctx.integer_option("at-height") : ctx.node().summary().height + chain::kUpgradeLeadBlocks;
    return propose(ctx, chain::UpgradeProtocol{static_cast<std::uint32_t>(version), effective_height});
}

} // namespace cli
