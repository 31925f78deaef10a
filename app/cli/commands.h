#pragma once
// The commands of rateio-cli. Each takes the parsed Context (its positional
// arguments after the command words) and returns the exit code, or throws
// CliError.

#include "cli/cli.h"

namespace cli {

// wallet_commands.cpp
int wallet_create(Context& ctx);
int wallet_list(Context& ctx);
int wallet_import(Context& ctx);
int wallet_export(Context& ctx);
int wallet_address(Context& ctx);
int wallet_passwd(Context& ctx);

// group_commands.cpp: founding, joining, the clock, keys and profiles
int create_group(Context& ctx);
int join(Context& ctx);
int advance_clock(Context& ctx);
int share_keys(Context& ctx);
int show_profile(Context& ctx);
int update_profile(Context& ctx);

// tx_commands.cpp: votes, plants, pledges, trades, gifts
int vote(Context& ctx);
int propose_plant(Context& ctx);
int pledge(Context& ctx);
int withdraw_pledge(Context& ctx);
int offer(Context& ctx);
int accept_offer(Context& ctx);
int decline_offer(Context& ctx);
int cancel_offer(Context& ctx);
int gift_quota(Context& ctx);
int gift_tokens(Context& ctx);

// change_commands.cpp: changes that need a referendum
int propose_move_quota(Context& ctx);
int propose_move_tokens(Context& ctx);
int propose_remove_member(Context& ctx);
int propose_plant_utility(Context& ctx);
int propose_remove_plant(Context& ctx);
int propose_params(Context& ctx);
int propose_add_validator(Context& ctx);
int propose_remove_validator(Context& ctx);
int propose_upgrade(Context& ctx);

// read_commands.cpp
int summary(Context& ctx);
int verify(Context& ctx);
int members(Context& ctx);
int member(Context& ctx);
int applicants(Context& ctx);
int plants(Context& ctx);
int plant(Context& ctx);
int referendums(Context& ctx);
int referendum(Context& ctx);
int offers(Context& ctx);
int events(Context& ctx);

// energy_commands.cpp: readings, the compensation account, the lista de rateio
int record_consumption(Context& ctx);
int record_generation(Context& ctx);
int propose_plant_operator(Context& ctx);
int energy_account(Context& ctx);
int lista_rateio(Context& ctx);

// node_commands.cpp: networked groups (rateio-node)
int node_key(Context& ctx);
int create_genesis(Context& ctx);
int node_status(Context& ctx);
// Sets up an always-on computer's rateio-node from an invitation: fetches the
// genesis from the group, makes the node key, writes the config.
int node_setup(Context& ctx);
// run_signed for --node-socket: signs with the node's nonce, submits over the
// control socket and waits for the committed height or the rejection.
int run_remote(Context& ctx, const chain::crypto::KeyPair& key, chain::Operation op);

// --- Shared by the transaction commands (tx_commands.cpp) ---------------------

// What a committed transaction created, for the report.
struct TxReport {
    QJsonObject fields;
    QStringList lines;
};
using Describe = std::function<void(chain::LocalNode& node, const chain::AccountId& author, TxReport& report)>;

// Unlocks the wallet, signs `op` with the author's next nonce, submits it,
// makes blocks until idle, and reports the height or the rejection.
int run_transaction(Context& ctx, const QString& wallet, chain::Operation op, const Describe& describe = {});
// Like run_transaction for --wallet, with the key already unlocked.
int run_signed(Context& ctx, const chain::crypto::KeyPair& key, chain::Operation op, const Describe& describe);

// Positional argument `index` as an id or amount (a usage error otherwise).
std::uint64_t integer_argument(Context& ctx, int index, const char* what);
// The newest referendum `author` opened, for the report of a proposal.
void describe_new_referendum(chain::LocalNode& node, const chain::AccountId& author, TxReport& report);

} // namespace cli
