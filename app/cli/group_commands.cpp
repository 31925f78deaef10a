#include "cli/commands.h"

#include "node/invitation.h"
#include "rules/profile.h"

namespace cli {

namespace {

const QString kWallet = QStringLiteral("wallet");

chain::Profile checked_profile(Context& ctx) {
    chain::Profile profile = chain::make_profile(ctx.required_text("full-name"), ctx.required_text("consumer-unit"));
    if (std::string problem = chain::profile_problem(profile); !problem.empty()) usage_error(problem);
    return profile;
}

std::string checked_name(Context& ctx, const char* option, const char* what) {
    std::string name = ctx.required_text(QString::fromLatin1(option));
    if (name.size() > chain::kNameLengthMax)
        usage_error(std::string(what) + " is longer than " + std::to_string(chain::kNameLengthMax) + " bytes");
    return name;
}

std::string checked_symbol(Context& ctx) {
    if (!ctx.has("token")) return "SEB";
    const std::string symbol = ctx.required_text("token");
    const bool valid = symbol.size() <= chain::kSymbolLengthMax &&
                       std::all_of(symbol.begin(), symbol.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); });
    if (!valid) usage_error("--token: 1 to " + std::to_string(chain::kSymbolLengthMax) + " capital letters or digits");
    return symbol;
}

chain::SealedProfile seal_for_group(chain::LocalNode& node, const chain::Profile& profile) {
    const chain::GroupSummary group = node.summary();
    return chain::seal_profile(profile, group.data_key_epoch, group.data_public_key);
}

// Why `account` cannot read profiles on this node, once profile() said no.
chain::Rejection profile_refusal(chain::LocalNode& node, const chain::AccountId& reader) {
    const std::optional<chain::Member> member = node.member(reader);
    if (!member) return {chain::ErrorCode::NotAMember, "only members can read profiles, and this wallet is not one"};
    if (member->key_epoch == chain::kNoKeyEpoch)
        return {chain::ErrorCode::NoDataKey,
                "this member has not received the group data key yet; a member holding it shares it "
                "automatically when their wallet is used (or with `share-keys`)"};
    return {chain::ErrorCode::InvalidProfile, "the profile does not open with the keys this member holds"};
}

} // namespace

int create_group(Context& ctx) {
    if (chain::LocalNode::holds_group(ctx.data_dir()))
        fail(chain::ErrorCode::InvalidArgument,
             ctx.data_dir().toStdString() + " already holds a group; choose another folder with --datadir");
    chain::FoundingInput input;
    input.group_name = checked_name(ctx, "name", "the group name");
    input.token_symbol = checked_symbol(ctx);
    input.dev_group = ctx.has("dev");
    input.time_s = real_clock_s();
    input.founder_utility = checked_name(ctx, "utility", "the utility name");
    input.founder_profile = checked_profile(ctx);
    const chain::crypto::KeyPair founder = ctx.unlock(ctx.required(kWallet));

    const chain::crypto::KeyPair node_key = chain::crypto::KeyPair::generate();
    const chain::Founding founding = chain::found_group(input, founder, node_key.public_key());
    QString error;
    const std::unique_ptr<chain::LocalNode> node =
        chain::LocalNode::create(ctx.data_dir(), founding.genesis, node_key, real_clock_s, &error);
    if (!node) fail(chain::ErrorCode::StoreError, error.toStdString());

    const QString group_id = qs(hex(founding.genesis.group_id()));
    const QString address = qs(address_of(chain::crypto::account_id(founder.public_key())));
    return ctx.done({{"group_id", group_id},
                     {"address", address},
                     {"name", qs(input.group_name)},
                     {"dev_group", input.dev_group},
                     {"node_public_key", qs(hex(node_key.public_key()))},
                     {"data_dir", ctx.data_dir()}},
                    QStringLiteral("group \"%1\" founded%2\n  group id  %3\n  founder   %4\n  data      %5")
                        .arg(qs(input.group_name), input.dev_group ? QStringLiteral(" (dev group)") : QString(), group_id,
                             address, ctx.data_dir()));
}

int join(Context& ctx) {
    const std::string utility = checked_name(ctx, "utility", "the utility name");
    const chain::Profile profile = checked_profile(ctx);
    const QString wallet = ctx.required(kWallet);
    chain::LocalNode& node = ctx.node();
    chain::RequestAdmission request = chain::admission_request(node.summary(), utility, profile);
    return run_transaction(ctx, wallet, std::move(request),
                           [](chain::LocalNode& n, const chain::AccountId& author, TxReport& report) {
                               for (const chain::Applicant& applicant : n.applicants()) {
                                   if (applicant.account != author) continue;
                                   report.fields.insert("referendum_id", static_cast<qint64>(applicant.referendum_id));
                                   report.lines << QStringLiteral("admission asked: the members vote in referendum %1")
                                                       .arg(applicant.referendum_id);
                               }
                           });
}

int update_profile(Context& ctx) {
    const chain::Profile profile = checked_profile(ctx);
    const QString wallet = ctx.required(kWallet);
    chain::LocalNode& node = ctx.node();
    return run_transaction(ctx, wallet, chain::UpdateProfile{chain::profile_commitment(profile), seal_for_group(node, profile)});
}

int advance_clock(Context& ctx) {
    const std::int64_t seconds = ctx.days_option_s("days");
    if (seconds == 0) usage_error("--days: at least 1");
    chain::LocalNode& node = ctx.node();
    const chain::Result<std::uint64_t> blocks = node.advance_clock(seconds);
    if (!blocks.ok()) fail(blocks.error());
    const chain::GroupSummary summary = node.summary();
    return ctx.done({{"blocks", static_cast<qint64>(blocks.value())},
                     {"height", static_cast<qint64>(summary.height)},
                     {"now_s", static_cast<qint64>(node.now())},
                     {"dev_clock_offset_s", static_cast<qint64>(node.dev_clock_offset_s())}},
                    QStringLiteral("the dev clock now reads %1; %2 block(s) made, height %3")
                        .arg(format_time(node.now()))
                        .arg(blocks.value())
                        .arg(summary.height));
}

int share_keys(Context& ctx) {
    const chain::crypto::KeyPair key = ctx.unlock(ctx.required(kWallet));
    chain::LocalNode& node = ctx.node();
    node.add_member_key(key);
    const chain::Result<std::uint64_t> blocks = node.produce_until_idle();
    if (!blocks.ok()) fail(blocks.error());
    const std::uint32_t epoch = node.summary().data_key_epoch;
    qint64 holding = 0;
    qint64 waiting = 0;
    for (const chain::Member& member : node.members()) (member.key_epoch == epoch ? holding : waiting) += 1;
    return ctx.done({{"blocks", static_cast<qint64>(blocks.value())}, {"members_with_key", holding}, {"members_without_key", waiting}},
                    QStringLiteral("%1 block(s) made; %2 member(s) hold the current group data key, %3 still wait for it")
                        .arg(blocks.value())
                        .arg(holding)
                        .arg(waiting));
}

int show_profile(Context& ctx) {
    const chain::AccountId account = ctx.resolve_member(ctx.argument(0));
    const chain::crypto::KeyPair key = ctx.unlock(ctx.required(kWallet));
    chain::LocalNode& node = ctx.node();
    node.add_member_key(key);
    // Shares this member owes are posted first, so that what they unlock shows.
    if (const chain::Result<std::uint64_t> blocks = node.produce_until_idle(); !blocks.ok()) fail(blocks.error());
    const std::optional<chain::Profile> profile = node.profile(account);
    if (!profile) {
        const std::vector<chain::Applicant> applicants = node.applicants();
        if (!node.member(account) && std::none_of(applicants.begin(), applicants.end(),
                                                  [&account](const chain::Applicant& a) { return a.account == account; }))
            fail(chain::ErrorCode::UnknownMember, address_of(account) + " is neither a member nor an applicant");
        fail(profile_refusal(node, chain::crypto::account_id(key.public_key())));
    }
    return ctx.done({{"address", qs(address_of(account))},
                     {"full_name", qs(profile->full_name)},
                     {"consumer_unit", qs(profile->consumer_unit)}},
                    QStringLiteral("%1\n  full name      %2\n  consumer unit  %3")
                        .arg(qs(address_of(account)), qs(profile->full_name), qs(profile->consumer_unit)));
}

} // namespace cli
