#include "cli/commands.h"

#include "cli/views.h"

#include <QJsonArray>

namespace cli {

namespace {

constexpr std::size_t kEventsLimitDefault = 100;
constexpr std::size_t kEventsLimitMax = 10000;

// Prints a list: a JSON array under `key`, one text line per item.
template <class T, class ToJson, class ToLine>
int list(Context& ctx, const char* key, const std::vector<T>& items, ToJson to_json, ToLine to_line, const QString& empty) {
    QJsonArray array;
    QStringList lines;
    for (const T& item : items) {
        array.append(to_json(item));
        lines << to_line(item);
    }
    if (lines.isEmpty()) lines << empty;
    return ctx.done({{key, array}}, lines.join('\n'));
}

// A member's record, with the name of the local wallet that holds it, if any.
QJsonObject labelled_member_json(Context& ctx, const chain::Member& m, const chain::GroupSummary& s) {
    QJsonObject object = member_json(m, s.capacity_w, s.token_symbol);
    if (const QString wallet = ctx.wallet_name(m.account); !wallet.isEmpty()) object.insert("wallet", wallet);
    return object;
}

QString wallet_suffix(Context& ctx, const chain::AccountId& account) {
    const QString wallet = ctx.wallet_name(account);
    return wallet.isEmpty() ? QString() : QStringLiteral("  (%1)").arg(wallet);
}

} // namespace

int summary(Context& ctx) {
    const chain::GroupSummary s = ctx.node().summary();
    return ctx.done({{"summary", summary_json(s)}}, summary_text(s));
}

int verify(Context& ctx) {
    const chain::Result<std::uint64_t> replayed = ctx.node().verify_chain();
    if (!replayed.ok()) fail(replayed.error());
    const chain::GroupSummary s = ctx.node().summary();
    const QString root = QString::fromStdString(chain::codec::to_hex(s.state_root));
    if (const std::uint64_t from = ctx.node().history_from_height(); from > 1)
        return ctx.done({{"height", static_cast<qint64>(s.height)},
                         {"history_from_height", static_cast<qint64>(from)},
                         {"blocks_checked", static_cast<qint64>(replayed.value())},
                         {"state_root", root}},
                        QStringLiteral("this node started from the verified state after block %1: the headers from the "
                                       "genesis to it, and the %2 block(s) after it, check out (blocks before it are "
                                       "not on this node)\nstate root %3")
                            .arg(from - 1)
                            .arg(replayed.value())
                            .arg(root));
    return ctx.done({{"height", static_cast<qint64>(replayed.value())}, {"state_root", root}},
                    QStringLiteral("%1 block(s) replayed from the genesis: every certificate, block and state root checks out\n"
                                   "state root %2")
                        .arg(replayed.value())
                        .arg(root));
}

int members(Context& ctx) {
    const chain::GroupSummary s = ctx.node().summary();
    return list(
        ctx, "members", ctx.node().members(), [&ctx, &s](const chain::Member& m) { return labelled_member_json(ctx, m, s); },
        [&ctx, &s](const chain::Member& m) {
            return member_line(m, s.capacity_w, s.token_symbol) + wallet_suffix(ctx, m.account);
        },
        QStringLiteral("no members"));
}

int member(Context& ctx) {
    const chain::AccountId account = ctx.resolve_member(ctx.argument(0));
    const chain::GroupSummary s = ctx.node().summary();
    const std::optional<chain::Member> m = ctx.node().member(account);
    if (!m) fail(chain::ErrorCode::UnknownMember, address_of(account) + " is not a member of the group");
    return ctx.done({{"member", labelled_member_json(ctx, *m, s)}},
                    member_text(*m, s.capacity_w, s.token_symbol) + wallet_suffix(ctx, account));
}

int applicants(Context& ctx) {
    return list(ctx, "applicants", ctx.node().applicants(), applicant_json, applicant_line,
                QStringLiteral("nobody is waiting for admission"));
}

int plants(Context& ctx) {
    return list(
        ctx, "plants", ctx.node().plants(), [](const chain::Plant& p) { return plant_json(p, false); }, plant_line,
        QStringLiteral("no plants yet"));
}

int plant(Context& ctx) {
    const std::uint64_t id = integer_argument(ctx, 0, "plant");
    const std::optional<chain::Plant> p = ctx.node().plant(id);
    if (!p) fail(chain::ErrorCode::UnknownPlant, "there is no plant " + std::to_string(id));
    return ctx.done({{"plant", plant_json(*p, true)}}, plant_text(*p, ctx.node().summary().token_symbol));
}

int referendums(Context& ctx) {
    return list(
        ctx, "referendums", ctx.node().referendums(), [](const chain::Referendum& r) { return referendum_json(r, false); },
        referendum_line, QStringLiteral("no referendums yet"));
}

int referendum(Context& ctx) {
    const std::uint64_t id = integer_argument(ctx, 0, "referendum");
    const std::optional<chain::Referendum> r = ctx.node().referendum(id);
    if (!r) fail(chain::ErrorCode::UnknownReferendum, "there is no referendum " + std::to_string(id));
    return ctx.done({{"referendum", referendum_json(*r, true)}}, referendum_text(*r));
}

int offers(Context& ctx) {
    const std::string symbol = ctx.node().summary().token_symbol;
    return list(
        ctx, "offers", ctx.node().offers(), [&symbol](const chain::Offer& o) { return offer_json(o, symbol); },
        [&symbol](const chain::Offer& o) { return offer_line(o, symbol); }, QStringLiteral("no offers yet"));
}

int events(Context& ctx) {
    const std::uint64_t since = ctx.has("since") ? ctx.integer_option("since") : 0;
    const std::uint64_t limit = ctx.has("limit") ? ctx.integer_option("limit") : kEventsLimitDefault;
    if (limit == 0 || limit > kEventsLimitMax) usage_error("--limit: 1 to " + std::to_string(kEventsLimitMax));
    return list(ctx, "events", ctx.node().events_since(since, static_cast<std::size_t>(limit)), event_json, event_line,
                QStringLiteral("no events since height %1").arg(since));
}

} // namespace cli
