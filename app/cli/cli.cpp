#include "cli/cli.h"

#include "node/units.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <iostream>

#ifdef Q_OS_UNIX
#include <termios.h>
#include <unistd.h>
#endif

namespace cli {

namespace {

constexpr std::int64_t kDaysMax = 36500; // no period in Rateio spans a century
constexpr std::size_t kSecretLengthMax = 1024;

std::uint64_t parsed_or_usage(const chain::units::Parsed& parsed, const QString& option) {
    if (!parsed.ok()) usage_error("--" + option.toStdString() + ": " + parsed.error);
    return *parsed.value;
}

#ifdef Q_OS_UNIX
// Turns terminal echo off for the life of the object, so a typed passphrase
// is not shown on screen.
class EchoOff {
public:
    EchoOff() {
        if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_) != 0) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        active_ = tcsetattr(STDIN_FILENO, TCSANOW, &quiet) == 0;
    }
    ~EchoOff() {
        if (!active_) return;
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_);
        std::fputc('\n', stderr);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    termios saved_{};
    bool active_ = false;
};
#else
struct EchoOff {};
#endif

bool stdin_is_terminal() {
#ifdef Q_OS_UNIX
    return isatty(STDIN_FILENO) != 0;
#else
    return false;
#endif
}

} // namespace

void usage_error(const std::string& message) {
    throw CliError{kExitUsage, chain::Rejection{chain::ErrorCode::InvalidArgument, message}};
}

void fail(chain::Rejection rejection) { throw CliError{kExitFailed, std::move(rejection)}; }

void fail(chain::ErrorCode code, const std::string& message) { fail(chain::Rejection{code, message}); }

QString qs(const std::string& text) { return QString::fromStdString(text); }

std::string hex(chain::ByteView bytes) { return chain::codec::to_hex(bytes); }

std::string address_of(const chain::AccountId& account) {
    return account == chain::AccountId{} ? std::string{} : chain::crypto::address(account);
}

QString format_time(std::int64_t time_s) {
    return QDateTime::fromSecsSinceEpoch(time_s, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"));
}

std::int64_t real_clock_s() { return QDateTime::currentSecsSinceEpoch(); }

Context::Context(const QCommandLineParser& parser, QStringList arguments, QString data_dir, bool json)
    : parser_(parser),
      arguments_(std::move(arguments)),
      data_dir_(std::move(data_dir)),
      json_(json),
      wallets_(chain::LocalNode::wallets_path(data_dir_)) {}

QString Context::required(const QString& option) const {
    const QString value = parser_.value(option);
    if (!parser_.isSet(option) || value.isEmpty()) usage_error("missing --" + option.toStdString());
    return value;
}

std::uint64_t Context::kw_option(const QString& option) const {
    return parsed_or_usage(chain::units::parse_kw(required_text(option)), option);
}

std::uint64_t Context::brl_option(const QString& option) const {
    return parsed_or_usage(chain::units::parse_brl(required_text(option)), option);
}

std::uint64_t Context::seb_option(const QString& option) const {
    return parsed_or_usage(chain::units::parse_seb(required_text(option)), option);
}

std::uint64_t Context::integer_option(const QString& option) const {
    return parsed_or_usage(chain::units::parse_integer(required_text(option)), option);
}

std::int64_t Context::days_option_s(const QString& option) const {
    const std::uint64_t days = integer_option(option);
    if (days > static_cast<std::uint64_t>(kDaysMax))
        usage_error("--" + option.toStdString() + ": at most " + std::to_string(kDaysMax) + " days");
    return static_cast<std::int64_t>(days) * static_cast<std::int64_t>(chain::kSecondsPerDay);
}

std::string Context::read_secret(const QString& prompt) {
    if (stdin_is_terminal()) std::cerr << prompt.toStdString() << std::flush;
    const EchoOff echo_off;
    // std::cin, not a QTextStream per call: a stream would buffer and lose
    // the lines after the first (the new passphrase of `wallet passwd`).
    std::string line;
    if (!std::getline(std::cin, line)) usage_error("no passphrase given (use --passphrase, RATEIO_PASSPHRASE or stdin)");
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > kSecretLengthMax) usage_error("the passphrase is too long");
    return line;
}

std::string Context::passphrase(const QString& wallet) {
    if (parser_.isSet(QStringLiteral("passphrase"))) return parser_.value(QStringLiteral("passphrase")).toStdString();
    if (qEnvironmentVariableIsSet("RATEIO_PASSPHRASE")) return qEnvironmentVariable("RATEIO_PASSPHRASE").toStdString();
    return read_secret(QStringLiteral("Passphrase for wallet %1: ").arg(wallet));
}

std::string Context::new_passphrase(const QString& wallet) {
    if (parser_.isSet(QStringLiteral("new-passphrase")))
        return parser_.value(QStringLiteral("new-passphrase")).toStdString();
    if (qEnvironmentVariableIsSet("RATEIO_NEW_PASSPHRASE"))
        return qEnvironmentVariable("RATEIO_NEW_PASSPHRASE").toStdString();
    return read_secret(QStringLiteral("New passphrase for wallet %1: ").arg(wallet));
}

chain::crypto::KeyPair Context::unlock(const QString& wallet) {
    if (std::string problem = chain::WalletStore::name_problem(wallet); !problem.empty()) usage_error(problem);
    if (!wallets_.exists(wallet))
        fail(chain::ErrorCode::WalletError, "no wallet named \"" + wallet.toStdString() + "\" in " +
                                                wallets_.path(wallet).toStdString());
    chain::Result<chain::crypto::KeyPair> key = wallets_.unlock(wallet, passphrase(wallet));
    if (!key.ok()) fail(key.error());
    return key.value();
}

chain::LocalNode& Context::node() {
    if (node_) return *node_;
    if (parser_.isSet(QStringLiteral("node-socket")))
        fail(chain::ErrorCode::InvalidArgument,
             "this command reads the group from a local data dir; with --node-socket only signed transactions "
             "(votes, proposals, gifts) and node-status go to a running node");
    QString error;
    node_ = chain::LocalNode::open(data_dir_, real_clock_s, &error);
    if (!node_) fail(chain::ErrorCode::StoreError, error.toStdString());
    // Deadlines that fell due while no program ran are settled before anything else.
    chain::Result<std::uint64_t> caught_up = node_->produce_until_idle();
    if (!caught_up.ok())
        std::cerr << "warning: " << caught_up.error().message << '\n';
    return *node_;
}

chain::AccountId Context::resolve_member(const QString& text) {
    if (const std::optional<chain::AccountId> account = chain::crypto::parse_address(text.toStdString()))
        return *account;
    if (chain::WalletStore::name_problem(text).empty() && wallets_.exists(text)) {
        chain::Result<chain::WalletInfo> info = wallets_.info(text);
        if (!info.ok()) fail(info.error());
        return chain::crypto::account_id(info.value().public_key);
    }
    usage_error("'" + text.toStdString() + "' is neither an address nor the name of a wallet here");
}

QString Context::wallet_name(const chain::AccountId& account) {
    if (!wallet_names_) {
        wallet_names_.emplace();
        for (const chain::WalletInfo& wallet : wallets_.list())
            if (!wallet.address.empty()) wallet_names_->emplace(chain::crypto::account_id(wallet.public_key), wallet.name);
    }
    const auto found = wallet_names_->find(account);
    return found == wallet_names_->end() ? QString() : found->second;
}

int Context::done(QJsonObject object, const QString& text) {
    QTextStream out(stdout);
    if (json_) {
        object.insert(QStringLiteral("ok"), true);
        out << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
    } else if (!text.isEmpty()) {
        out << text << (text.endsWith('\n') ? "" : "\n");
    }
    return kExitOk;
}

int report_error(const CliError& error, bool json) {
    const chain::Rejection& r = error.rejection;
    const int code = static_cast<int>(r.code);
    std::cerr << "error " << code << ' ' << chain::error_name(r.code) << ": " << r.message << '\n';
    if (json) {
        QJsonObject details{{"code", code}, {"name", chain::error_name(r.code)}, {"message", qs(r.message)}};
        QJsonObject object{{"ok", false}, {"error", details}};
        QTextStream(stdout) << QJsonDocument(object).toJson(QJsonDocument::Compact) << '\n';
    }
    return error.exit_code;
}

} // namespace cli
