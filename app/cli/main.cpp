// rateio-cli: scripts and administrators drive a group from the command line.
//
//   rateio-cli [--datadir DIR] [--json] [--passphrase P] COMMAND [ARGUMENTS] [OPTIONS]
//
// Exit status: 0 done, 1 refused by the node or the rules (the error code and
// message are printed), 2 unknown or missing arguments.

#include "build_info.h"
#include "cli/commands.h"

#include <QCoreApplication>
#include <QStandardPaths>
#include <QTextStream>

#include <algorithm>
#include <iostream>

namespace {

using cli::Context;

struct OptionSpec {
    const char* name;
    const char* value_name; // nullptr for a flag
    const char* description;
};

const OptionSpec kGlobalOptions[] = {
    {"datadir", "DIR", "The data folder (default: the user's data folder + /default)."},
    {"json", nullptr, "Print one JSON object per command on stdout."},
    {"passphrase", "P", "The wallet passphrase (else RATEIO_PASSPHRASE, else a line of stdin)."},
    {"node-socket", "PATH", "Send transactions to the rateio-node listening on this control socket (<its data dir>/node.sock)."},
    {"help", nullptr, "Show this help."},
    {"version", nullptr, "Show the version."},
};

const OptionSpec kCommandOptions[] = {
    {"wallet", "W", "The wallet that signs."},
    {"new-passphrase", "P", "The new passphrase (else RATEIO_NEW_PASSPHRASE, else the next stdin line)."},
    {"name", "N", "A group or plant name."},
    {"utility", "U", "The distribution utility."},
    {"full-name", "F", "Your full name (kept private: only members can read it)."},
    {"consumer-unit", "C", "The consumer-unit number on your electricity bill (private)."},
    {"dev", nullptr, "A dev group, whose clock may be moved forward."},
    {"token", "SYMBOL", "The token symbol (default SEB)."},
    {"source", "S", "solar, wind, hydro, biomass, biogas or other."},
    {"capacity-kw", "KW", "Plant capacity in kW, e.g. 75 or 1.5."},
    {"cost", "BRL", "Plant cost in R$, e.g. 150000.00."},
    {"location", "L", "Where the plant is."},
    {"time-to-market-days", "D", "Days from full funding to operation."},
    {"to", "MEMBER", "The receiving member (address or wallet name)."},
    {"from", "MEMBER", "The giving member (address or wallet name)."},
    {"quota-w", "W", "Quota in W."},
    {"price-seb", "SEB", "Price in SEB, e.g. 5 or 2.5."},
    {"buy", nullptr, "Offer to buy quota (default: sell)."},
    {"expires-in-days", "D", "Days until the offer expires."},
    {"seb", "SEB", "Tokens in SEB."},
    {"reason", "TEXT", "Why the change is proposed."},
    {"referendum-days", "D", "Referendum period."},
    {"crowdfunding-days", "D", "Crowdfunding period."},
    {"min-ttm-days", "D", "Minimum time to market."},
    {"min-bid", "BRL", "Minimum bid in R$."},
    {"max-capacity-kw", "KW", "Largest plant capacity in kW."},
    {"welcome-seb", "SEB", "Welcome grant in SEB."},
    {"approval", "RULE", "electorate or quorum."},
    {"quorum-percent", "Q", "Quorum in % of the electorate."},
    {"at-height", "H", "The block from which a protocol upgrade takes effect."},
    {"since", "H", "First height to list."},
    {"limit", "N", "At most N items."},
    {"days", "D", "Days to move the dev clock forward."},
    {"out", "FILE", "The file to write."},
    {"validator", "KEY", "A validator's node public key (hex, from node-key); repeat for each."},
    {"month", "YYYY-MM", "The reference month of a reading or account."},
    {"te", "R$/KWH", "Your tariff's TE without taxes, e.g. 0.283680 (default: Light's, docs/ENERGY.md)."},
    {"tusd", "R$/KWH", "Your tariff's TUSD without taxes, Fio B included."},
    {"fio-b", "R$/KWH", "The Fio B part of the TUSD."},
    {"gd3-extra", "R$/KWH", "What GD III energy pays besides the Fio B: 40 % of the Fio A plus the TFSEE and P&D/EE."},
    {"low-income", nullptr, "The unit is in the low-income residential subclass (tarifa social)."},
    {"flag", "YYYY-MM=FLAG", "A month's tariff flag: green, yellow, red1 or red2 (repeat per month; default green)."},
    {"kwh", "KWH", "Energy in kWh, e.g. 350 or 412.5."},
    {"read-on", "YYYY-MM-DD", "The meter reading date on the bill."},
    {"connection", "TYPE", "single, two or three (phases)."},
    {"invitation", "INVITATION", "A rateio: link, a .rateio-invite file, or the invitation's text."},
    {"config-dir", "DIR", "Where node-setup writes the genesis, the node key and the config (default /etc/rateio)."},
    {"data-dir", "DIR", "The node's data dir named in the config (default /var/lib/rateio-node)."},
    {"listen", "IP:PORT", "Where the node accepts peers (default 0.0.0.0:26656)."},
    {"timeout", "SECONDS", "How long node-setup waits for the group's computers (default 30)."},
};

struct CommandSpec {
    QStringList words;
    const char* arguments;
    int positional_count;
    QStringList options;
    int (*run)(Context&);
    const char* summary;
};

const QStringList kProfileOptions{"wallet", "full-name", "consumer-unit"};
const QStringList kParamsOptions{"wallet",  "reason",          "referendum-days", "crowdfunding-days", "min-ttm-days",
                                 "min-bid", "max-capacity-kw", "welcome-seb",     "approval",          "quorum-percent"};

const std::vector<CommandSpec>& commands() {
    static const std::vector<CommandSpec> table = {
        {{"wallet", "create"}, "NAME", 1, {}, cli::wallet_create, "Create a wallet (asks for a passphrase)."},
        {{"wallet", "list"}, "", 0, {}, cli::wallet_list, "List the wallets and their addresses."},
        {{"wallet", "import"}, "NAME FILE", 2, {}, cli::wallet_import, "Import a wallet file."},
        {{"wallet", "export"}, "NAME FILE", 2, {}, cli::wallet_export, "Write a wallet to a backup file."},
        {{"wallet", "address"}, "NAME", 1, {}, cli::wallet_address, "Show a wallet's address."},
        {{"wallet", "passwd"}, "NAME", 1, {"new-passphrase"}, cli::wallet_passwd, "Change a wallet's passphrase (new one from --new-passphrase)."},
        {{"create-group"}, "", 0, {"name", "wallet", "utility", "full-name", "consumer-unit", "dev", "token"}, cli::create_group,
         "Found a group here: --name --wallet --utility --full-name --consumer-unit [--dev] [--token]."},
        {{"node-key"}, "", 0, {"out"}, cli::node_key, "Make a new node (validator) key: --out FILE (0600); prints its public key."},
        {{"create-genesis"}, "", 0, {"out", "validator", "name", "wallet", "utility", "full-name", "consumer-unit", "dev", "token"},
         cli::create_genesis,
         "Write the genesis of a networked group: --out --validator KEY (repeat) --name --wallet --utility --full-name --consumer-unit."},
        {{"node-status"}, "", 0, {}, cli::node_status, "Ask the rateio-node running on --datadir for its height, sync and peers."},
        {{"node-setup"}, "", 0, {"invitation", "config-dir", "data-dir", "listen", "timeout"}, cli::node_setup,
         "Set up this computer's rateio-node from an invitation: --invitation LINK|FILE|TEXT [--config-dir DIR] "
         "[--data-dir DIR] [--listen IP:PORT] [--timeout SECONDS]; prints the key to propose as a validator."},
        {{"join"}, "", 0, {"wallet", "utility", "full-name", "consumer-unit"}, cli::join,
         "Ask to join: --wallet --utility --full-name --consumer-unit."},
        {{"vote"}, "ID yes|no", 2, {"wallet"}, cli::vote, "Vote in a referendum."},
        {{"propose-plant"}, "", 0, {"wallet", "name", "source", "capacity-kw", "cost", "utility", "location", "time-to-market-days"},
         cli::propose_plant, "Propose a plant: --name --source --capacity-kw --cost --utility --location --time-to-market-days."},
        {{"pledge"}, "PLANT AMOUNT_BRL", 2, {"wallet"}, cli::pledge, "Pledge to a plant's campaign (replaces your pledge)."},
        {{"withdraw-pledge"}, "PLANT", 1, {"wallet"}, cli::withdraw_pledge, "Withdraw your pledge."},
        {{"offer"}, "", 0, {"wallet", "to", "quota-w", "price-seb", "buy", "expires-in-days"}, cli::offer,
         "Offer quota for tokens: --to --quota-w --price-seb [--buy] --expires-in-days."},
        {{"accept-offer"}, "ID", 1, {"wallet"}, cli::accept_offer, "Accept an offer made to you."},
        {{"decline-offer"}, "ID", 1, {"wallet"}, cli::decline_offer, "Decline an offer made to you."},
        {{"cancel-offer"}, "ID", 1, {"wallet"}, cli::cancel_offer, "Cancel your offer."},
        {{"gift-quota"}, "", 0, {"wallet", "to", "quota-w"}, cli::gift_quota, "Give quota: --to --quota-w."},
        {{"gift-tokens"}, "", 0, {"wallet", "to", "seb"}, cli::gift_tokens, "Give tokens: --to --seb."},
        {{"update-profile"}, "", 0, kProfileOptions, cli::update_profile, "Change your profile: --full-name --consumer-unit."},
        {{"propose-move-quota"}, "", 0, {"wallet", "from", "to", "quota-w", "reason"}, cli::propose_move_quota,
         "Referendum to move quota: --from --to --quota-w."},
        {{"propose-move-tokens"}, "", 0, {"wallet", "from", "to", "seb", "reason"}, cli::propose_move_tokens,
         "Referendum to move tokens: --from --to --seb."},
        {{"propose-remove-member"}, "MEMBER", 1, {"wallet", "reason"}, cli::propose_remove_member, "Referendum to remove a member."},
        {{"propose-plant-utility"}, "PLANT UTILITY", 2, {"wallet", "reason"}, cli::propose_plant_utility,
         "Referendum to move a plant to another utility."},
        {{"propose-remove-plant"}, "PLANT", 1, {"wallet", "reason"}, cli::propose_remove_plant, "Referendum to remove a plant."},
        {{"propose-params"}, "", 0, kParamsOptions, cli::propose_params,
         "Referendum to change parameters (those not given keep their value)."},
        {{"propose-add-validator"}, "PUBKEY_HEX", 1, {"wallet", "reason"}, cli::propose_add_validator, "Referendum to add a validator."},
        {{"propose-remove-validator"}, "PUBKEY_HEX", 1, {"wallet", "reason"}, cli::propose_remove_validator,
         "Referendum to remove a validator."},
        {{"propose-upgrade"}, "VERSION", 1, {"wallet", "at-height", "reason"}, cli::propose_upgrade,
         "Referendum to move the group to a later protocol version [--at-height H] (default: 10 blocks from now)."},
        {{"share-keys"}, "", 0, {"wallet"}, cli::share_keys, "Post the group data key shares this member owes."},
        {{"profile"}, "MEMBER", 1, {"wallet"}, cli::show_profile, "Show a member's private profile (members only)."},
        {{"summary"}, "", 0, {}, cli::summary, "The group at a glance."},
        {{"members"}, "", 0, {}, cli::members, "Every member's quota and tokens."},
        {{"member"}, "MEMBER", 1, {}, cli::member, "One member."},
        {{"applicants"}, "", 0, {}, cli::applicants, "Who is waiting for admission."},
        {{"plants"}, "", 0, {}, cli::plants, "Every plant."},
        {{"plant"}, "ID", 1, {}, cli::plant, "One plant, with its campaign and funders."},
        {{"referendums"}, "", 0, {}, cli::referendums, "Every referendum."},
        {{"referendum"}, "ID", 1, {}, cli::referendum, "One referendum: tally, electorate, deadline, outcome."},
        {{"offers"}, "", 0, {}, cli::offers, "Every offer."},
        {{"events"}, "", 0, {"since", "limit"}, cli::events, "The event feed: [--since H] [--limit N]."},
        {{"advance-clock"}, "", 0, {"days"}, cli::advance_clock, "Dev groups: move the clock forward --days D."},
        {{"energy", "consumption"}, "", 0, {"wallet", "month", "kwh", "read-on", "connection"}, cli::record_consumption,
         "Record your month's consumption: --month --kwh --read-on --connection."},
        {{"energy", "generation"}, "PLANT", 1, {"wallet", "month", "kwh"}, cli::record_generation,
         "Record a plant's month of generation (its operator): --month --kwh."},
        {{"energy", "account"}, "MEMBER", 1, {"month", "te", "tusd", "fio-b", "gd3-extra", "low-income", "flag"},
         cli::energy_account,
         "A member's compensation account month by month at their tariff [--month up to] [--te --tusd --fio-b "
         "--gd3-extra R$/kWh] [--low-income] [--flag YYYY-MM=yellow]..."},
        {{"propose-plant-operator"}, "PLANT MEMBER", 2, {"wallet", "reason"}, cli::propose_plant_operator,
         "Referendum to name the member who records a plant's generation."},
        {{"lista-rateio"}, "", 0, {"out", "utility", "wallet"}, cli::lista_rateio,
         "Write the lista de rateio CSV (Portuguese): --out FILE [--utility U] [--wallet W to fill in consumer units]."},
        {{"verify"}, "", 0, {}, cli::verify, "Replay every block from the genesis and check each state root."},
    };
    return table;
}

QString usage_text() {
    QString text = QStringLiteral(
        "Usage: rateio-cli [--datadir DIR] [--json] [--passphrase P] COMMAND [ARGUMENTS] [OPTIONS]\n\n"
        "MEMBER is an address or the name of a wallet in the data folder.\n"
        "Amounts: kW and SEB take up to 3 decimals, R$ up to 2 (\"150000.00\").\n"
        "Every propose-* command except propose-plant takes an optional --reason TEXT.\n\nCommands:\n");
    for (const CommandSpec& spec : commands()) {
        const QString name = (spec.words.join(' ') + ' ' + QLatin1String(spec.arguments)).trimmed();
        text += QStringLiteral("  %1 %2\n").arg(name.leftJustified(36), QLatin1String(spec.summary));
    }
    text += QStringLiteral("\nGlobal options:\n");
    for (const OptionSpec& option : kGlobalOptions)
        text += QStringLiteral("  --%1 %2\n").arg(QString::fromLatin1(option.name).leftJustified(14), QLatin1String(option.description));
    return text;
}

void add_options(QCommandLineParser& parser) {
    auto add = [&parser](const OptionSpec& spec) {
        QCommandLineOption option(QString::fromLatin1(spec.name), QString::fromLatin1(spec.description));
        if (spec.value_name) option.setValueName(QString::fromLatin1(spec.value_name));
        parser.addOption(option);
    };
    for (const OptionSpec& spec : kGlobalOptions) add(spec);
    for (const OptionSpec& spec : kCommandOptions) add(spec);
}

bool is_global(const QString& option) {
    return std::any_of(std::begin(kGlobalOptions), std::end(kGlobalOptions),
                       [&option](const OptionSpec& spec) { return option == QLatin1String(spec.name); });
}

// The command whose words start the positional arguments (the longest such).
const CommandSpec* find_command(const QStringList& positional) {
    const CommandSpec* found = nullptr;
    for (const CommandSpec& spec : commands()) {
        if (spec.words.size() > positional.size() || positional.mid(0, spec.words.size()) != spec.words) continue;
        if (!found || spec.words.size() > found->words.size()) found = &spec;
    }
    return found;
}

void check_arguments(const CommandSpec& spec, const QCommandLineParser& parser, const QStringList& rest) {
    const QString name = spec.words.join(' ');
    for (const QString& option : parser.optionNames())
        if (!is_global(option) && !spec.options.contains(option))
            cli::usage_error("--" + option.toStdString() + " does not apply to `" + name.toStdString() + "`");
    if (rest.size() != spec.positional_count)
        cli::usage_error("usage: rateio-cli " + (name + ' ' + QLatin1String(spec.arguments)).trimmed().toStdString() +
                         " (" + spec.summary + ")");
}

QString data_dir(const QCommandLineParser& parser) {
    if (parser.isSet(QStringLiteral("datadir"))) {
        const QString dir = parser.value(QStringLiteral("datadir"));
        if (dir.isEmpty()) cli::usage_error("--datadir is empty");
        return dir;
    }
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/default");
}

int run(const QCommandLineParser& parser, bool json) {
    const QStringList positional = parser.positionalArguments();
    if (parser.isSet(QStringLiteral("version"))) {
        QTextStream(stdout) << "rateio-cli " << build_info::kVersion << '\n';
        return cli::kExitOk;
    }
    if (parser.isSet(QStringLiteral("help")) || positional.isEmpty()) {
        QTextStream(positional.isEmpty() && !parser.isSet(QStringLiteral("help")) ? stderr : stdout) << usage_text();
        return parser.isSet(QStringLiteral("help")) ? cli::kExitOk : cli::kExitUsage;
    }
    const CommandSpec* spec = find_command(positional);
    if (!spec) {
        const QString words = positional.first() == QLatin1String("wallet") && positional.size() > 1
                                  ? positional.mid(0, 2).join(' ')
                                  : positional.first();
        cli::usage_error("unknown command `" + words.toStdString() + "`; see rateio-cli --help");
    }
    const QStringList rest = positional.mid(spec->words.size());
    check_arguments(*spec, parser, rest);
    Context ctx(parser, rest, data_dir(parser), json);
    return spec->run(ctx);
}

// What is wrong with the command line. QCommandLineParser reads "-5" (or
// "-1.5") as unknown short options; a member who typed a negative amount, id
// or version is told that instead.
std::string parse_error(const QCommandLineParser& parser, const QStringList& arguments) {
    for (const QString& argument : arguments.mid(1)) {
        const bool negative_number = argument.size() > 1 && argument[0] == QLatin1Char('-') && argument[1].isDigit() &&
                                     std::all_of(argument.begin() + 1, argument.end(), [](QChar c) {
                                         return c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char(',');
                                     });
        if (negative_number)
            return "'" + argument.toStdString() +
                   "' is a negative number: amounts, ids, heights and versions are 0 or more";
    }
    return parser.errorText().toStdString();
}

} // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rateio"));
    QCoreApplication::setApplicationVersion(QLatin1String(build_info::kVersion));

    QCommandLineParser parser;
    add_options(parser);
    const bool parsed = parser.parse(QCoreApplication::arguments());
    const bool json = parser.isSet(QStringLiteral("json"));
    try {
        if (!parsed) cli::usage_error(parse_error(parser, QCoreApplication::arguments()));
        return run(parser, json);
    } catch (const cli::CliError& error) {
        return cli::report_error(error, json);
    }
}
