#include "cli/commands.h"

#include <QJsonArray>

namespace cli {

namespace {

QString checked_name(Context& ctx, int index) {
    const QString name = ctx.argument(index);
    if (std::string problem = chain::WalletStore::name_problem(name); !problem.empty()) usage_error(problem);
    return name;
}

template <class T>
T value_or_fail(chain::Result<T> result) {
    if (!result.ok()) fail(result.error());
    return std::move(result.value());
}

} // namespace

int wallet_create(Context& ctx) {
    const QString name = checked_name(ctx, 0);
    if (ctx.wallets().exists(name)) fail(chain::ErrorCode::WalletError, "a wallet named \"" + name.toStdString() + "\" already exists");
    const std::string address = value_or_fail(ctx.wallets().create(name, ctx.passphrase(name)));
    return ctx.done({{"wallet", name}, {"address", qs(address)}},
                    QStringLiteral("wallet %1 created: %2\nBack it up with `rateio-cli wallet export %1 FILE`.")
                        .arg(name, qs(address)));
}

int wallet_list(Context& ctx) {
    QJsonArray array;
    QStringList lines;
    for (const chain::WalletInfo& wallet : ctx.wallets().list()) {
        const QString address = wallet.address.empty() ? QStringLiteral("(damaged file)") : qs(wallet.address);
        array.append(QJsonObject{{"name", wallet.name}, {"address", qs(wallet.address)}});
        lines << QStringLiteral("%1  %2").arg(wallet.name.leftJustified(20), address);
    }
    if (lines.isEmpty()) lines << QStringLiteral("no wallets in %1").arg(chain::LocalNode::wallets_path(ctx.data_dir()));
    return ctx.done({{"wallets", array}}, lines.join('\n'));
}

int wallet_import(Context& ctx) {
    const QString name = checked_name(ctx, 0);
    const std::string address = value_or_fail(ctx.wallets().import_wallet(name, ctx.argument(1)));
    return ctx.done({{"wallet", name}, {"address", qs(address)}},
                    QStringLiteral("wallet %1 imported: %2").arg(name, qs(address)));
}

int wallet_export(Context& ctx) {
    const QString name = checked_name(ctx, 0);
    if (chain::Failure failure = ctx.wallets().export_wallet(name, ctx.argument(1))) fail(*failure);
    return ctx.done({{"wallet", name}, {"file", ctx.argument(1)}},
                    QStringLiteral("wallet %1 written to %2 (still encrypted with its passphrase)").arg(name, ctx.argument(1)));
}

int wallet_address(Context& ctx) {
    const QString name = checked_name(ctx, 0);
    const chain::WalletInfo info = value_or_fail(ctx.wallets().info(name));
    return ctx.done({{"wallet", name}, {"address", qs(info.address)}, {"public_key", qs(hex(info.public_key))}},
                    qs(info.address));
}

int wallet_passwd(Context& ctx) {
    const QString name = checked_name(ctx, 0);
    if (!ctx.wallets().exists(name)) fail(chain::ErrorCode::WalletError, "no wallet named \"" + name.toStdString() + "\"");
    const std::string old_passphrase = ctx.passphrase(name);
    const std::string new_passphrase = ctx.new_passphrase(name);
    if (chain::Failure failure = ctx.wallets().change_passphrase(name, old_passphrase, new_passphrase)) fail(*failure);
    return ctx.done({{"wallet", name}}, QStringLiteral("passphrase of wallet %1 changed").arg(name));
}

} // namespace cli
