// Commands for networked groups: node keys, a genesis with several
// validators, and questions to a running rateio-node over its control socket.

#include "cli/commands.h"

#include "node/control.h"
#include "node/node_files.h"
#include "rules/profile.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QElapsedTimer>

#include <algorithm>

namespace cli {

namespace {

// Waiting for a running node to answer a question.
constexpr int kControlTimeoutMs = 10'000;
// Waiting for a submitted transaction to be committed or rejected: a group
// that lost its quorum makes no blocks, and the command must end anyway.
constexpr int kCommitWaitMs = 120'000;
// Each "transaction" question is held by the node until the outcome is known
// or this long has passed (it answers at the commit: no polling); the
// control call allows the node this long plus its usual answer time.
constexpr int kCommitAskMs = 10'000;
static_assert(kCommitAskMs <= chain::kControlWaitMaxMs, "the node would cut the wait short");

QString socket_path(Context& ctx) {
    return ctx.has("node-socket") ? ctx.required("node-socket") : chain::control_socket_path(ctx.data_dir());
}

// One request; a refusal by the node becomes the command's failure.
QJsonObject ask(Context& ctx, const QJsonObject& request, int held_ms = 0) {
    QString error;
    const std::optional<QJsonObject> answer =
        chain::control_call(socket_path(ctx), request, kControlTimeoutMs + held_ms, &error);
    if (!answer) fail(chain::ErrorCode::InvalidArgument, error.toStdString());
    if (!answer->value("ok").toBool())
        fail(static_cast<chain::ErrorCode>(answer->value("code").toInt()), answer->value("message").toString().toStdString());
    return *answer;
}

QString new_file(Context& ctx) {
    const QString path = ctx.required("out");
    if (QFileInfo::exists(path)) usage_error(path.toStdString() + " already exists; choose another --out");
    return path;
}

std::vector<chain::PublicKey> validator_keys(Context& ctx) {
    std::vector<chain::PublicKey> keys;
    for (const QString& text : ctx.values("validator")) {
        chain::Bytes bytes;
        chain::PublicKey key{};
        if (!chain::codec::from_hex(text.trimmed().toStdString(), bytes) || bytes.size() != key.size())
            usage_error("--validator " + text.toStdString() + " is not a public key (66 hex digits from node-key)");
        std::copy(bytes.begin(), bytes.end(), key.begin());
        if (!chain::crypto::is_valid_public_key(key))
            usage_error("--validator " + text.toStdString() + " is not a point of P-256");
        if (std::find(keys.begin(), keys.end(), key) != keys.end())
            usage_error("--validator " + text.toStdString() + " is given twice");
        keys.push_back(key);
    }
    if (keys.empty()) usage_error("give each validator's node public key with --validator KEY");
    if (keys.size() > chain::kValidatorsMax) usage_error("a group has at most 100 validators");
    return keys;
}

std::string checked_text(Context& ctx, const char* option, std::size_t length_max) {
    std::string text = ctx.required_text(QString::fromLatin1(option));
    if (text.size() > length_max)
        usage_error(std::string("--") + option + " is longer than " + std::to_string(length_max) + " bytes");
    return text;
}

} // namespace

int node_key(Context& ctx) {
    const QString path = new_file(ctx);
    const chain::crypto::KeyPair key = chain::crypto::KeyPair::generate();
    QString error;
    if (!chain::write_node_key_file(path, key, &error)) fail(chain::ErrorCode::WalletError, error.toStdString());
    const QString public_key = qs(hex(key.public_key()));
    return ctx.done({{"public_key", public_key}, {"file", path}},
                    QStringLiteral("node key written to %1 (keep it private)\n  public key  %2").arg(path, public_key));
}

int create_genesis(Context& ctx) {
    const QString path = new_file(ctx);
    const std::vector<chain::PublicKey> validators = validator_keys(ctx);
    chain::FoundingInput input;
    input.group_name = checked_text(ctx, "name", chain::kNameLengthMax);
    input.token_symbol = ctx.has("token") ? checked_text(ctx, "token", chain::kSymbolLengthMax) : "SEB";
    input.dev_group = ctx.has("dev");
    input.time_s = real_clock_s();
    input.founder_utility = checked_text(ctx, "utility", chain::kNameLengthMax);
    input.founder_profile = chain::make_profile(ctx.required_text("full-name"), ctx.required_text("consumer-unit"));
    if (std::string problem = chain::profile_problem(input.founder_profile); !problem.empty()) usage_error(problem);
    if (const std::optional<chain::Rejection> bad = chain::validate_params(input.params)) fail(*bad);
    const chain::crypto::KeyPair founder = ctx.unlock(ctx.required("wallet"));

    chain::Founding founding = chain::found_group(input, founder, validators.front());
    founding.genesis.validators = validators;
    QString error;
    if (!chain::write_genesis_file(path, founding.genesis, &error)) fail(chain::ErrorCode::StoreError, error.toStdString());
    const QString group_id = qs(hex(founding.genesis.group_id()));
    return ctx.done({{"group_id", group_id},
                     {"file", path},
                     {"validator_count", static_cast<int>(validators.size())},
                     {"founder", qs(address_of(chain::crypto::account_id(founder.public_key())))}},
                    QStringLiteral("genesis of \"%1\" written to %2\n  group id    %3\n  validators  %4")
                        .arg(qs(input.group_name), path, group_id)
                        .arg(validators.size()));
}

int node_status(Context& ctx) {
    QJsonObject result = ask(ctx, {{"method", "status"}});
    result.remove("ok");
    const QJsonObject sync = result.value("sync").toObject();
    QStringList lines{QStringLiteral("group %1 (%2)").arg(result.value("name").toString(), result.value("group_id").toString().left(16)),
                      QStringLiteral("  height      %1%2")
                          .arg(result.value("height").toString(),
                               sync.value("syncing").toBool() ? QStringLiteral(" (syncing to %1)").arg(sync.value("target").toString())
                                                              : QString()),
                      QStringLiteral("  state root  %1").arg(result.value("state_root").toString()),
                      QStringLiteral("  validators  %1").arg(result.value("validators").toArray().size()),
                      QStringLiteral("  peers       %1").arg(result.value("peers").toArray().size())};
    for (const QJsonValue& peer : result.value("peers").toArray())
        lines << QStringLiteral("    %1  height %2%3")
                     .arg(peer.toObject().value("address").toString(), peer.toObject().value("height").toString(),
                          peer.toObject().value("validator").toBool() ? QStringLiteral("  validator") : QString());
    return ctx.done(result, lines.join('\n'));
}

int run_remote(Context& ctx, const chain::crypto::KeyPair& key, chain::Operation op) {
    const QJsonObject status = ask(ctx, {{"method", "status"}});
    const chain::AccountId author = chain::crypto::account_id(key.public_key());
    const QJsonObject nonce = ask(ctx, {{"method", "next_nonce"}, {"account", qs(hex(author))}});
    chain::Bytes group_id;
    chain::Transaction tx;
    if (!chain::codec::from_hex(status.value("group_id").toString().toStdString(), group_id) ||
        group_id.size() != tx.group_id.size())
        fail(chain::ErrorCode::InvalidArgument, "the node sent no readable group id");
    std::copy(group_id.begin(), group_id.end(), tx.group_id.begin());
    tx.author = key.public_key();
    tx.nonce = nonce.value("nonce").toString().toULongLong();
    tx.valid_until_s = real_clock_s() + static_cast<std::int64_t>(chain::kSecondsPerDay);
    tx.op = std::move(op);
    tx.sign(key);
    const QString id = ask(ctx, {{"method", "submit"}, {"transaction", qs(hex(chain::codec::to_bytes(tx)))}}).value("id").toString();

    QJsonObject outcome;
    QElapsedTimer waited;
    waited.start();
    while (waited.elapsed() < kCommitWaitMs) {
        outcome = ask(ctx, {{"method", "transaction"}, {"id", id}, {"wait_ms", kCommitAskMs}}, kCommitAskMs);
        const QString state = outcome.value("status").toString();
        if (state == QLatin1String("rejected"))
            fail(static_cast<chain::ErrorCode>(outcome.value("code").toInt()), outcome.value("message").toString().toStdString());
        if (state == QLatin1String("committed")) break;
    }
    if (outcome.value("status").toString() != QLatin1String("committed"))
        fail(chain::ErrorCode::StoreError, "transaction " + id.left(16).toStdString() +
                                               " was accepted but not committed within 120 s; ask again with node-status");
    const QString height = outcome.value("height").toString();
    return ctx.done({{"operation", chain::operation_name(tx.op)},
                     {"transaction", id},
                     {"height", height.toLongLong()},
                     {"author", qs(address_of(author))}},
                    QStringLiteral("%1 committed at height %2 (transaction %3)")
                        .arg(QString::fromLatin1(chain::operation_name(tx.op)), height, id.left(16)));
}

} // namespace cli
