#pragma once
// rateio-cli: the shared machinery of every command. A command reads its
// arguments through Context, opens the node through it, and reports through
// it: one JSON object on stdout with --json, friendly text otherwise.
//
// Errors travel as CliError exceptions up to main(), so that each command
// reads as the straight path it takes when everything is right.

#include "node/local_node.h"
#include "node/wallets.h"

#include <QCommandLineParser>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <string>

namespace cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1; // the node or the rules refused
inline constexpr int kExitUsage = 2;  // unknown or missing arguments

struct CliError {
    int exit_code = kExitFailed;
    chain::Rejection rejection;
};

[[noreturn]] void usage_error(const std::string& message);
[[noreturn]] void fail(chain::Rejection rejection);
[[noreturn]] void fail(chain::ErrorCode code, const std::string& message);

class Context {
public:
    Context(const QCommandLineParser& parser, QStringList arguments, QString data_dir, bool json);

    // --- Arguments ---------------------------------------------------------
    const QStringList& arguments() const { return arguments_; }
    QString argument(int index) const { return arguments_.at(index); }
    bool has(const QString& option) const { return parser_.isSet(option); }
    // Every value of a repeatable option, in order.
    QStringList values(const QString& option) const { return parser_.values(option); }
    // The option's value; a usage error when it is missing or empty.
    QString required(const QString& option) const;
    std::string required_text(const QString& option) const { return required(option).toStdString(); }
    std::uint64_t kw_option(const QString& option) const;    // W
    std::uint64_t brl_option(const QString& option) const;   // centavos
    std::uint64_t seb_option(const QString& option) const;   // milli-SEB
    std::uint64_t integer_option(const QString& option) const;
    std::int64_t days_option_s(const QString& option) const; // whole days, in seconds

    // --- Secrets -------------------------------------------------------------
    // --passphrase, else RATEIO_PASSPHRASE, else a line of stdin.
    std::string passphrase(const QString& wallet);
    // --new-passphrase, else RATEIO_NEW_PASSPHRASE, else the next line of stdin.
    std::string new_passphrase(const QString& wallet);

    // --- Data directory --------------------------------------------------------
    const QString& data_dir() const { return data_dir_; }
    chain::WalletStore& wallets() { return wallets_; }
    chain::crypto::KeyPair unlock(const QString& wallet);
    // Opens the node with the real clock and makes the blocks of any due deadlines.
    chain::LocalNode& node();
    // An address, or the name of a wallet in this data directory.
    chain::AccountId resolve_member(const QString& text);
    // The name of the local wallet holding `account`, empty if none does.
    QString wallet_name(const chain::AccountId& account);

    // --- Output -----------------------------------------------------------------
    bool json() const { return json_; }
    // Prints the JSON object (with "ok": true) or the text, and returns kExitOk.
    int done(QJsonObject object, const QString& text);

private:
    std::string read_secret(const QString& prompt);

    const QCommandLineParser& parser_;
    QStringList arguments_;
    QString data_dir_;
    bool json_ = false;
    chain::WalletStore wallets_;
    std::unique_ptr<chain::LocalNode> node_;
    std::optional<std::map<chain::AccountId, QString>> wallet_names_;
};

// Prints a failure: `error <code> <name>: <message>` on stderr, and the JSON
// object on stdout with --json. Returns the exit code.
int report_error(const CliError& error, bool json);

// Helpers shared by the commands.
QString qs(const std::string& text);
std::string hex(chain::ByteView bytes);
std::string address_of(const chain::AccountId& account);
QString format_time(std::int64_t time_s);
std::int64_t real_clock_s();

} // namespace cli
