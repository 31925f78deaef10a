#include "cli/commands.h"

#include "cli/views.h"
#include "node/units.h"

#include <QJsonArray>

namespace cli {

namespace {

const QString kWallet = QStringLiteral("wallet");

std::uint64_t newest_offer_by(chain::LocalNode& node, const chain::AccountId& maker) {
    std::uint64_t id = 0;
    for (const chain::Offer& offer : node.offers())
        if (offer.maker == maker) id = std::max(id, offer.id);
    return id;
}

// The committed height of `id`, or the rejection the block gave it.
std::uint64_t wait_for_commit(chain::LocalNode& node, const chain::Hash256& id) {
    std::optional<chain::Rejection> dropped;
    const QMetaObject::Connection connection = QObject::connect(
        &node, &chain::Node::transactionRejected, [&dropped, id](chain::Hash256 rejected, int code, QString message) {
            if (rejected == id) dropped = chain::Rejection{static_cast<chain::ErrorCode>(code), message.toStdString()};
        });
    const chain::Result<std::uint64_t> made = node.produce_until_idle();
    QObject::disconnect(connection);
    if (dropped) fail(*dropped);
    if (!made.ok()) fail(made.error());
    const std::optional<std::uint64_t> height = node.transaction_height(id);
    if (!height) fail(chain::ErrorCode::StoreError, "the transaction is still waiting: the node made no block for it");
    return *height;
}

} // namespace

std::uint64_t integer_argument(Context& ctx, int index, const char* what) {
    const chain::units::Parsed parsed = chain::units::parse_integer(ctx.argument(index).toStdString());
    if (!parsed.ok()) usage_error(std::string(what) + ": " + parsed.error);
    return *parsed.value;
}

void describe_new_referendum(chain::LocalNode& node, const chain::AccountId& author, TxReport& report) {
    std::optional<chain::Referendum> newest;
    for (const chain::Referendum& r : node.referendums())
        if (r.proposer == author && (!newest || r.id > newest->id)) newest = r;
    if (!newest) return;
    report.fields.insert("referendum_id", static_cast<qint64>(newest->id));
    report.lines << QStringLiteral("referendum %1 opened (%2); it closes %3")
                        .arg(newest->id)
                        .arg(referendum_subject(*newest), format_time(newest->deadline_s));
}

int run_signed(Context& ctx, const chain::crypto::KeyPair& key, chain::Operation op, const Describe& describe) {
    if (ctx.has("node-socket")) return run_remote(ctx, key, std::move(op));
    chain::LocalNode& node = ctx.node();
    const chain::AccountId author = chain::crypto::account_id(key.public_key());
    chain::Transaction tx;
    tx.group_id = node.summary().group_id;
    tx.author = key.public_key();
    tx.nonce = node.next_nonce(author);
    tx.valid_until_s = node.now() + static_cast<std::int64_t>(chain::kSecondsPerDay);
    tx.op = std::move(op);
    tx.sign(key);

    const chain::SubmitResult submitted = node.submit(tx);
    if (!submitted.accepted()) fail(*submitted.rejection);
    const std::uint64_t height = wait_for_commit(node, submitted.transaction_id);

    TxReport report;
    if (describe) describe(node, author, report);
    QJsonObject object = report.fields;
    object.insert("operation", chain::operation_name(tx.op));
    object.insert("transaction", qs(hex(submitted.transaction_id)));
    object.insert("height", static_cast<qint64>(height));
    object.insert("author", qs(address_of(author)));
    report.lines.prepend(QStringLiteral("%1 committed at height %2 (transaction %3)")
                             .arg(chain::operation_name(tx.op))
                             .arg(height)
                             .arg(qs(hex(submitted.transaction_id).substr(0, 16))));
    return ctx.done(object, report.lines.join('\n'));
}

int run_transaction(Context& ctx, const QString& wallet, chain::Operation op, const Describe& describe) {
    const chain::crypto::KeyPair key = ctx.unlock(wallet);
    if (ctx.has("node-socket")) return run_remote(ctx, key, std::move(op));
    chain::LocalNode& node = ctx.node();
    // The wallet's key also lets this node post the key shares its member owes.
    node.add_member_key(key);
    return run_signed(ctx, key, std::move(op), describe);
}

int vote(Context& ctx) {
    const std::uint64_t referendum_id = integer_argument(ctx, 0, "referendum");
    const QString choice = ctx.argument(1).toLower();
    if (choice != QLatin1String("yes") && choice != QLatin1String("no")) usage_error("vote yes or no, not '" + choice.toStdString() + "'");
    return run_transaction(ctx, ctx.required(kWallet), chain::CastVote{referendum_id, choice == QLatin1String("yes")});
}

int propose_plant(Context& ctx) {
    chain::ProposePlant plant;
    plant.name = ctx.required_text("name");
    const std::optional<chain::PlantSource> source = parse_plant_source(ctx.required("source"));
    if (!source) usage_error("--source: one of solar, wind, hydro, biomass, biogas, other");
    plant.source = *source;
    plant.capacity_w = ctx.kw_option("capacity-kw");
    plant.cost_cents = ctx.brl_option("cost");
    plant.utility = ctx.required_text("utility");
    plant.location = ctx.required_text("location");
    plant.time_to_market_s = static_cast<std::uint64_t>(ctx.days_option_s("time-to-market-days"));
    return run_transaction(ctx, ctx.required(kWallet), plant,
                           [](chain::LocalNode& node, const chain::AccountId& author, TxReport& report) {
                               std::uint64_t plant_id = 0;
                               for (const chain::Plant& p : node.plants())
                                   if (p.proposer == author) plant_id = std::max(plant_id, p.id);
                               report.fields.insert("plant_id", static_cast<qint64>(plant_id));
                               report.lines << QStringLiteral("plant %1 proposed").arg(plant_id);
                               describe_new_referendum(node, author, report);
                           });
}

int pledge(Context& ctx) {
    const std::uint64_t plant_id = integer_argument(ctx, 0, "plant");
    const chain::units::Parsed amount = chain::units::parse_brl(ctx.argument(1).toStdString());
    if (!amount.ok()) usage_error("amount in R$: " + amount.error);
    return run_transaction(ctx, ctx.required(kWallet), chain::PlacePledge{plant_id, *amount.value},
                           [plant_id](chain::LocalNode& node, const chain::AccountId&, TxReport& report) {
                               const std::optional<chain::Plant> plant = node.plant(plant_id);
                               if (!plant) return;
                               report.fields.insert("plant_status", plant_status_name(plant->status));
                               report.fields.insert("pledged_cents", static_cast<qint64>(plant->pledged_cents));
                               report.lines << QStringLiteral("plant %1: %2 pledged of %3 (%4)")
                                                   .arg(plant_id)
                                                   .arg(qs(chain::units::format_brl(plant->pledged_cents)),
                                                        qs(chain::units::format_brl(plant->cost_cents)),
                                                        plant_status_name(plant->status));
                           });
}

int withdraw_pledge(Context& ctx) {
    return run_transaction(ctx, ctx.required(kWallet), chain::WithdrawPledge{integer_argument(ctx, 0, "plant")});
}

int offer(Context& ctx) {
    chain::MakeOffer offer;
    offer.side = ctx.has("buy") ? chain::OfferSide::BuyQuota : chain::OfferSide::SellQuota;
    offer.quota_w = ctx.integer_option("quota-w");
    offer.price_msb = ctx.seb_option("price-seb");
    const std::int64_t lifetime_s = ctx.days_option_s("expires-in-days");
    offer.counterparty = ctx.resolve_member(ctx.required("to"));
    const QString wallet = ctx.required(kWallet);
    offer.expires_at_s = ctx.node().now() + lifetime_s;
    return run_transaction(ctx, wallet, offer, [](chain::LocalNode& node, const chain::AccountId& author, TxReport& report) {
        const std::uint64_t id = newest_offer_by(node, author);
        report.fields.insert("offer_id", static_cast<qint64>(id));
        report.lines << QStringLiteral("offer %1 made").arg(id);
    });
}

int accept_offer(Context& ctx) {
    return run_transaction(ctx, ctx.required(kWallet), chain::AcceptOffer{integer_argument(ctx, 0, "offer")});
}

int decline_offer(Context& ctx) {
    return run_transaction(ctx, ctx.required(kWallet), chain::DeclineOffer{integer_argument(ctx, 0, "offer")});
}

int cancel_offer(Context& ctx) {
    return run_transaction(ctx, ctx.required(kWallet), chain::CancelOffer{integer_argument(ctx, 0, "offer")});
}

int gift_quota(Context& ctx) {
    const std::uint64_t quota_w = ctx.integer_option("quota-w");
    return run_transaction(ctx, ctx.required(kWallet), chain::GiftQuota{ctx.resolve_member(ctx.required("to")), quota_w});
}

int gift_tokens(Context& ctx) {
    const std::uint64_t amount_msb = ctx.seb_option("seb");
    return run_transaction(ctx, ctx.required(kWallet), chain::GiftTokens{ctx.resolve_member(ctx.required("to")), amount_msb});
}

} // namespace cli
