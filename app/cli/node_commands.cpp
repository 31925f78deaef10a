// Commands for networked groups: node keys, a genesis with several
// validators, and questions to a running rateio-node over its control socket.

#include "cli/commands.h"

#include "net/peer_network.h"
#include "node/control.h"
#include "node/genesis_fetch.h"
#include "node/invitation.h"
#include "node/node_files.h"
#include "rules/profile.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonArray>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QSettings>

#include <algorithm>
#include <cerrno>
#include <cstring>

#ifdef Q_OS_UNIX
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

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

namespace {

// "validator stopped: cannot save (database or disk is full)": what an
// operator must read first, so it comes right after the group's name.
QString storage_problem_line(const QJsonObject& problem) {
    const QString kind = problem.value("kind").toString();
    const QString what = kind == QLatin1String("votes_not_read") ? QStringLiteral("cannot read its saved votes")
                         : kind == QLatin1String("votes_not_saved") ? QStringLiteral("cannot save")
                                                                     : QStringLiteral("cannot save blocks");
    if (problem.value("validator_stopped").toBool())
        return QStringLiteral("  validator stopped: %1 (%2) at height %3; fix the disk, then restart rateio-node")
            .arg(what, problem.value("detail").toString(), problem.value("height").toString());
    return QStringLiteral("  paused: %1 (%2), %3 failures in a row; retrying by itself")
        .arg(what, problem.value("detail").toString(), problem.value("failures").toString());
}

} // namespace

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
    if (result.contains("storage_problem")) lines.insert(1, storage_problem_line(result.value("storage_problem").toObject()));
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

// --- node-setup ---------------------------------------------------------------
//
// An always-on computer joins a group's network in three commands: install
// the package, `node-setup --invitation …`, enable the service. Everything a
// founder used to hand over (the genesis, a config) comes from the invitation
// and the group's own computers.

namespace {

// Where the packaged systemd unit looks (packaging/rateio-node.service).
const QString kSetupConfigDirDefault = QStringLiteral("/etc/rateio");
const QString kSetupDataDirDefault = QStringLiteral("/var/lib/rateio-node");
const QString kSetupListenDefault = QStringLiteral("0.0.0.0:26656");
const QString kGenesisFileName = QStringLiteral("genesis.bin");
const QString kNodeKeyFileName = QStringLiteral("validator.key");
const QString kConfigFileName = QStringLiteral("rateio-node.ini");
// Each file is written under this suffix first and renamed into place only
// when every file is complete, so a failure never leaves half a setup.
const QString kPartialSuffix = QStringLiteral(".node-setup-partial");
// The system user of rateio-node.service (packaging/rateio-node.sysusers).
constexpr const char* kServiceUser = "rateio-node";
constexpr std::uint64_t kSetupTimeoutDefault_s = 30;
// Long enough for a slow link, short enough that a typo in an address ends.
constexpr std::uint64_t kSetupTimeoutMax_s = 3600;
// The peers' hosts in the package's example config are under the reserved
// .example domain (RFC 2606): such a config can never have run a node.
const QString kExampleDomainSuffix = QStringLiteral(".example");

// Group name shown in the report: the genesis comes from the network, so
// control characters are replaced before they reach a terminal.
QString printable(const std::string& text) {
    QString out = qs(text);
    for (QChar& c : out)
        if (c.category() == QChar::Other_Control || c.category() == QChar::Other_Format) c = QLatin1Char('?');
    return out;
}

QString invitation_problem_text(const chain::ParsedInvitation& parsed) {
    const QString what = parsed.offending.isEmpty() ? QString() : QStringLiteral(" ('%1')").arg(parsed.offending.left(80));
    switch (parsed.problem) {
    case chain::InvitationProblem::NoGroupId: return QStringLiteral("it holds no group id (64 hex digits)");
    case chain::InvitationProblem::BadGroupId: return QStringLiteral("its group id is not 64 hex digits") + what;
    case chain::InvitationProblem::NoPeers: return QStringLiteral("it names no computer of the group (host:port)");
    case chain::InvitationProblem::BadPeer: return QStringLiteral("an address is not host:port") + what;
    case chain::InvitationProblem::TooManyPeers:
        return QStringLiteral("it names more than %1 computers").arg(chain::kInvitationPeersMax);
    case chain::InvitationProblem::NotALink: return QStringLiteral("it is not a rateio: link") + what;
    case chain::InvitationProblem::BadName: return QStringLiteral("the group's name in it is not readable") + what;
    case chain::InvitationProblem::TooLong: return QStringLiteral("it is too long to be an invitation");
    case chain::InvitationProblem::Unreadable: return QStringLiteral("the file cannot be read") + what;
    case chain::InvitationProblem::NotAnInvitation: return QStringLiteral("the file is not a Rateio invitation") + what;
    case chain::InvitationProblem::ConflictingGroupIds: return QStringLiteral("it names two different groups") + what;
    case chain::InvitationProblem::BadCheckpoint:
        return QStringLiteral("its checkpoint is not <height>:<block hash in 64 hex digits>, or there are two") + what;
    case chain::InvitationProblem::None: break;
    }
    return QStringLiteral("it cannot be read");
}

// A rateio: link, a .rateio-invite file (path or file:// URL), or the text
// of an invitation (the group id and the addresses, or a file's content).
chain::Invitation setup_invitation(Context& ctx) {
    const QString argument = ctx.required("invitation").trimmed();
    if (argument.size() > chain::kInvitationTextLengthMax)
        fail(chain::ErrorCode::InvalidArgument, "the invitation is too long to be one");
    const bool link_or_file = argument.startsWith(QLatin1String(chain::kInvitationUriScheme) + QLatin1Char(':'), Qt::CaseInsensitive) ||
                              argument.startsWith(QLatin1String("file:"), Qt::CaseInsensitive) || QFileInfo(argument).isFile();
    const chain::ParsedInvitation parsed =
        link_or_file ? chain::parse_invitation_argument(argument) : chain::parse_invitation(argument, QString());
    if (parsed.invitation) return *parsed.invitation;
    const bool looks_like_path = !link_or_file && (argument.contains(QLatin1Char('/')) ||
                                                   argument.endsWith(QLatin1String(chain::kInvitationFileSuffix)));
    if (looks_like_path) fail(chain::ErrorCode::InvalidArgument, "no invitation file at " + argument.toStdString());
    // In one pasted text every word is read as a group id or an address.
    if (!link_or_file && parsed.problem == chain::InvitationProblem::BadGroupId)
        fail(chain::ErrorCode::InvalidArgument, "this is not a usable invitation: '" + parsed.offending.left(80).toStdString() +
                                                    "' is neither a group id (64 hex digits) nor an address (host:port)");
    fail(chain::ErrorCode::InvalidArgument, "this is not a usable invitation: " + invitation_problem_text(parsed).toStdString());
}

QString absolute_dir(Context& ctx, const QString& option, const QString& fallback) {
    const QString dir = ctx.has(option) ? ctx.required(option) : fallback;
    // Written in the config between double quotes, where these would not
    // read back as they were.
    for (const QChar c : dir)
        if (c == QLatin1Char('"') || c == QLatin1Char('\\') || c.category() == QChar::Other_Control)
            usage_error("--" + option.toStdString() + ": a folder name with '\"', '\\' or a control character cannot go in the config");
    return QDir::cleanPath(QDir::current().absoluteFilePath(dir));
}

// ip:port, read exactly as rateio-node reads node/listen (app/node/node_config.cpp).
QString listen_option(Context& ctx) {
    const QString listen = ctx.has("listen") ? ctx.required("listen").trimmed() : kSetupListenDefault;
    const std::optional<std::pair<QString, quint16>> host_port = chain::net::parse_host_port(listen);
    if (!host_port || QHostAddress(host_port->first).isNull())
        usage_error("--listen must be ip:port, such as 0.0.0.0:26656 (got '" + listen.toStdString() + "')");
    return listen;
}

std::int64_t timeout_option_ms(Context& ctx) {
    const std::uint64_t timeout_s = ctx.has("timeout") ? ctx.integer_option("timeout") : kSetupTimeoutDefault_s;
    if (timeout_s < 1 || timeout_s > kSetupTimeoutMax_s)
        usage_error("--timeout: from 1 to " + std::to_string(kSetupTimeoutMax_s) + " seconds");
    return static_cast<std::int64_t>(timeout_s) * 1000;
}

// The config the package installs (packaging/rateio-node.ini) names peers
// under .example and a genesis that is not there yet: it is a template, and
// replacing it is the point of node-setup. Any other config is refused.
bool is_unused_example_config(const QString& path) {
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) return false;
    const QVariant value = settings.value(QStringLiteral("node/peers"));
    const QStringList peers = value.typeId() == QMetaType::QStringList ? value.toStringList() : value.toString().split(QLatin1Char(','));
    qsizetype example_peers = 0;
    for (const QString& peer : peers) {
        if (peer.trimmed().isEmpty()) continue;
        const std::optional<std::pair<QString, quint16>> host_port = chain::net::parse_host_port(peer.trimmed());
        if (!host_port || !host_port->first.endsWith(kExampleDomainSuffix, Qt::CaseInsensitive)) return false;
        ++example_peers;
    }
    const QString genesis = settings.value(QStringLiteral("node/genesis")).toString().trimmed();
    const QString genesis_path = QFileInfo(path).absoluteDir().absoluteFilePath(genesis);
    return example_peers > 0 && !genesis.isEmpty() && !QFileInfo::exists(genesis_path);
}

void refuse_existing(const QString& path, const char* what) {
    if (QFileInfo::exists(path) || QFileInfo(path).isSymLink())
        fail(chain::ErrorCode::InvalidArgument,
             path.toStdString() + " already exists (" + what +
                 "); node-setup never replaces it. Move it away first if this computer is to join another group.");
}

// The genesis, or why there is none. The fetcher says only "no answer" when
// peers refuse us; its network also reports why each connection ended, which
// turns "nobody answered" into "that computer is of another group".
struct FetchOutcome {
    std::optional<chain::Genesis> genesis;
    QString reason;
    std::map<QString, chain::net::DropReason> last_drop; // by address
    bool all_of_another_group = false;
};

FetchOutcome fetch_genesis(const chain::Invitation& invitation, const chain::crypto::KeyPair& key, std::int64_t timeout_ms) {
    chain::GenesisFetchConfig config;
    config.timeout_ms = timeout_ms;
    chain::GenesisFetcher fetcher(invitation.group_id, invitation.peers, key, config);
    FetchOutcome outcome;
    QEventLoop loop;
    QObject::connect(&fetcher, &chain::GenesisFetcher::fetched, &loop, [&](const chain::Genesis& genesis) {
        outcome.genesis = genesis;
        loop.quit();
    });
    QObject::connect(&fetcher, &chain::GenesisFetcher::failed, &loop, [&](chain::GenesisFetchError, const QString& reason) {
        outcome.reason = reason;
        loop.quit();
    });
    if (auto* network = fetcher.findChild<chain::net::PeerNetwork*>()) {
        QObject::connect(network, &chain::net::PeerNetwork::connectionFailed, &loop,
                         [&](const QString& address, chain::net::DropReason reason) {
                             // A ban refusal at a redial says nothing new: keep the first reason.
                             if (reason == chain::net::DropReason::Banned && outcome.last_drop.contains(address)) return;
                             outcome.last_drop[address] = reason;
                             const qsizetype wrong = std::count_if(outcome.last_drop.begin(), outcome.last_drop.end(), [](const auto& drop) {
                                 return drop.second == chain::net::DropReason::WrongGroup;
                             });
                             // Every address answered for another group: waiting longer cannot help.
                             if (wrong >= invitation.peers.size()) {
                                 outcome.all_of_another_group = true;
                                 loop.quit();
                             }
                         });
    }
    fetcher.start();
    loop.exec();
    return outcome;
}

[[noreturn]] void fail_fetch(const FetchOutcome& outcome, const chain::Invitation& invitation, std::int64_t timeout_ms) {
    const QString group = qs(hex(invitation.group_id)).left(16);
    QStringList wrong_group;
    QStringList hung_up;
    QStringList details;
    for (const auto& [address, reason] : outcome.last_drop) {
        if (reason == chain::net::DropReason::WrongGroup) wrong_group << address;
        if (reason == chain::net::DropReason::ClosedByPeer) hung_up << address;
        details << QStringLiteral("%1: %2").arg(address, QLatin1String(chain::net::drop_reason_text(reason).data()));
    }
    if (outcome.all_of_another_group || !wrong_group.isEmpty())
        fail(chain::ErrorCode::WrongGroup,
             QStringLiteral("the computer at %1 belongs to another group, not %2…: the invitation is wrong or out of date; "
                            "ask a member for a new one")
                 .arg(wrong_group.join(QLatin1String(", ")), group)
                 .toStdString());
    QString message = QStringLiteral("no computer of group %1… answered within %2 s").arg(group).arg(timeout_ms / 1000);
    // Both ends check the group id in the handshake; when the other end
    // checks first it just hangs up, and that is all this end sees.
    if (!hung_up.isEmpty())
        fail(chain::ErrorCode::WrongGroup,
             (message + QStringLiteral(": the computer at %1 hung up before answering, so it belongs to another group "
                                       "(the invitation is wrong or out of date: ask a member for a new one) or "
                                       "refuses connections from here for now")
                            .arg(hung_up.join(QLatin1String(", "))))
                 .toStdString());
    if (!details.isEmpty()) message += QStringLiteral(" (%1)").arg(details.join(QLatin1String("; ")));
    else if (!outcome.reason.isEmpty()) message += QStringLiteral(" (%1)").arg(outcome.reason);
    message += QStringLiteral(": check that the invitation is current and that %1 can be reached from here")
                   .arg(invitation.peers.join(QLatin1String(", ")));
    fail(chain::ErrorCode::InvalidArgument, message.toStdString());
}

// Who the service runs as, when this command runs as root and the package
// made that user; nullopt otherwise (files keep this user's ownership).
struct ServiceAccount {
    uint uid = 0;
    uint gid = 0;
};

std::optional<ServiceAccount> service_account() {
#ifdef Q_OS_UNIX
    if (::geteuid() != 0) return std::nullopt;
    const passwd* user = ::getpwnam(kServiceUser);
    if (!user) return std::nullopt;
    const group* service_group = ::getgrnam(kServiceUser);
    return ServiceAccount{user->pw_uid, service_group ? service_group->gr_gid : user->pw_gid};
#else
    return std::nullopt;
#endif
}

void set_owner(const QString& path, uint uid, uint gid, uint mode) {
#ifdef Q_OS_UNIX
    const QByteArray native = QFile::encodeName(path);
    if (::chown(native.constData(), uid, gid) != 0 || ::chmod(native.constData(), mode) != 0)
        fail(chain::ErrorCode::StoreError, "cannot set the owner of " + path.toStdString() + ": " + std::strerror(errno));
#else
    Q_UNUSED(path);
    Q_UNUSED(uid);
    Q_UNUSED(gid);
    Q_UNUSED(mode);
#endif
}

// What this run put on disk. Unless keep() is called, the destructor takes
// it all away again (files, then the folders it made, deepest first), so a
// failure at any step leaves the folders as they were.
class SetupWrites {
public:
    SetupWrites() = default;
    SetupWrites(const SetupWrites&) = delete;
    SetupWrites& operator=(const SetupWrites&) = delete;
    ~SetupWrites() {
        if (kept_) return;
        for (auto it = files_.rbegin(); it != files_.rend(); ++it) QFile::remove(*it);
        for (auto it = dirs_.rbegin(); it != dirs_.rend(); ++it) QDir().rmdir(*it);
    }

    // Makes `dir` and any missing parents; true if `dir` itself was made.
    bool make_dir(const QString& dir) {
        if (QFileInfo::exists(dir) && !QFileInfo(dir).isDir())
            fail(chain::ErrorCode::StoreError, dir.toStdString() + " is not a folder");
        // The root always exists, so the walk up ends.
        QStringList missing;
        for (QString at = dir; !QFileInfo::exists(at); at = QFileInfo(at).absolutePath()) missing.prepend(at);
        if (missing.isEmpty()) return false;
        if (!QDir().mkpath(dir)) fail(chain::ErrorCode::StoreError, "cannot make the folder " + dir.toStdString());
        dirs_ << missing;
        return true;
    }
    void wrote(const QString& path) { files_ << path; }
    void moved(const QString& from, const QString& to) {
        files_.removeAll(from);
        files_ << to;
    }
    void keep() { kept_ = true; }

private:
    QStringList files_;
    QStringList dirs_;
    bool kept_ = false;
};

// Renames the finished partial file to its name; never over an existing file.
void put_in_place(SetupWrites& writes, const QString& target) {
    const QString partial = target + kPartialSuffix;
    QFile file(partial);
    if (!file.rename(target))
        fail(chain::ErrorCode::StoreError, "cannot put " + target.toStdString() + " in place: " + file.errorString().toStdString());
    writes.moved(partial, target);
}

struct SetupPaths {
    QString genesis;
    QString node_key;
    QString config;
    QString data_dir;
};

QByteArray config_text(const chain::Invitation& invitation, const SetupPaths& paths, const QString& listen) {
    // Every key is one docs/PROTOCOL.md §10 documents. Values are quoted:
    // QSettings would split an unquoted one at its commas and cut it at a ';'.
    QString text = QStringLiteral(
                       "; rateio-node configuration written by `rateio-cli node-setup` from an invitation to the\n"
                       "; group %1. Every key: docs/PROTOCOL.md, section 10.\n"
                       "[node]\n"
                       "genesis  = \"%2\"\n"
                       "data_dir = \"%3\"\n"
                       "listen   = %4\n"
                       "; The group's computers named by the invitation, comma-separated (quote the value).\n"
                       "peers    = \"%5\"\n"
                       "node_key = \"%6\"\n")
                       .arg(qs(hex(invitation.group_id)), paths.genesis, paths.data_dir, listen,
                            invitation.peers.join(QLatin1String(", ")), paths.node_key);
    if (invitation.checkpoint)
        text += QStringLiteral("[sync]\n"
                               "; The block the invitation names: the node trusts it instead of the genesis when it\n"
                               "; first syncs (docs/PROTOCOL.md, \"Invitations as a link and as a file\").\n"
                               "checkpoint = \"%1\"\n")
                    .arg(chain::checkpoint_text(*invitation.checkpoint));
    return text.toUtf8();
}

void write_config_file(SetupWrites& writes, const QString& path, const QByteArray& text) {
    QSaveFile file(path);
    writes.wrote(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
        fail(chain::ErrorCode::StoreError, "cannot write " + path.toStdString() + ": " + file.errorString().toStdString());
}

// Writes every file under its partial name, gives it to the service when
// there is one, then puts each in place: the config last, so that it never
// names files that are not there.
void install_files(SetupWrites& writes, const SetupPaths& paths, const chain::Genesis& genesis,
                   const chain::crypto::KeyPair& key, const QByteArray& config, bool replaces_example) {
    const std::optional<ServiceAccount> service = service_account();
    if (writes.make_dir(QFileInfo(paths.config).absolutePath()) && service)
        set_owner(QFileInfo(paths.config).absolutePath(), 0, service->gid, 0750);
    if (writes.make_dir(paths.data_dir))
        QFile::setPermissions(paths.data_dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    QString error;
    writes.wrote(paths.genesis + kPartialSuffix);
    if (!chain::write_genesis_file(paths.genesis + kPartialSuffix, genesis, &error))
        fail(chain::ErrorCode::StoreError, error.toStdString());
    writes.wrote(paths.node_key + kPartialSuffix);
    if (!chain::write_node_key_file(paths.node_key + kPartialSuffix, key, &error))
        fail(chain::ErrorCode::StoreError, error.toStdString());
    if (service) {
        // README, "Run a validator with systemd": root owns them, the service's group reads them.
        set_owner(paths.genesis + kPartialSuffix, 0, service->gid, 0640);
        set_owner(paths.node_key + kPartialSuffix, 0, service->gid, 0640);
    }
    if (!replaces_example) write_config_file(writes, paths.config + kPartialSuffix, config);

    put_in_place(writes, paths.genesis);
    put_in_place(writes, paths.node_key);
    if (service) set_owner(paths.data_dir, service->uid, service->gid, 0700);
    if (!replaces_example) return put_in_place(writes, paths.config);
    // The package's example is replaced in one rename, never left half-written.
    QSaveFile file(paths.config);
    if (!file.open(QIODevice::WriteOnly) || file.write(config) != config.size() || !file.commit())
        fail(chain::ErrorCode::StoreError, "cannot write " + paths.config.toStdString() + ": " + file.errorString().toStdString());
}

int report_setup(Context& ctx, const chain::Genesis& genesis, const chain::crypto::KeyPair& key,
                 const chain::Invitation& invitation, const SetupPaths& paths, const QString& listen, bool replaced_example) {
    const QString public_key = qs(hex(key.public_key()));
    const QString group_id = qs(hex(genesis.group_id()));
    const QString start = paths.config == QDir(kSetupConfigDirDefault).filePath(kConfigFileName)
                              ? QStringLiteral("sudo systemctl enable --now rateio-node")
                              : QStringLiteral("rateio-node --config %1").arg(paths.config);
    QStringList lines{
        QStringLiteral("This computer is set up as a node of \"%1\" (group %2…)").arg(printable(genesis.group_name), group_id.left(16)),
        QStringLiteral("  genesis     %1").arg(paths.genesis),
        QStringLiteral("  node key    %1 (keep it private; never copy it to another computer)").arg(paths.node_key),
        QStringLiteral("  config      %1%2").arg(paths.config, replaced_example ? QStringLiteral(" (replaces the package's example)") : QString()),
        QStringLiteral("  data dir    %1").arg(paths.data_dir),
        QStringLiteral("  start it    %1").arg(start),
        QStringLiteral("  public key  %1").arg(public_key),
        QString(),
        QStringLiteral("Paste this public key in Rateio → Settings → Help run the group → \"Add an always-on computer\"; "
                       "the group then votes, and once approved this computer signs blocks.")};
    return ctx.done({{"public_key", public_key},
                     {"group_id", group_id},
                     {"group_name", printable(genesis.group_name)},
                     {"genesis", paths.genesis},
                     {"node_key", paths.node_key},
                     {"config", paths.config},
                     {"data_dir", paths.data_dir},
                     {"listen", listen},
                     {"peers", QJsonArray::fromStringList(invitation.peers)},
                     {"replaced_example_config", replaced_example}},
                    lines.join(QLatin1Char('\n')));
}

} // namespace

int node_setup(Context& ctx) {
    const chain::Invitation invitation = setup_invitation(ctx);
    const QDir config_dir(absolute_dir(ctx, "config-dir", kSetupConfigDirDefault));
    const SetupPaths paths{config_dir.filePath(kGenesisFileName), config_dir.filePath(kNodeKeyFileName),
                           config_dir.filePath(kConfigFileName), absolute_dir(ctx, "data-dir", kSetupDataDirDefault)};
    const QString listen = listen_option(ctx);
    const std::int64_t timeout_ms = timeout_option_ms(ctx);

    // Refused before anything is fetched or written: a validator key must
    // never be replaced by accident, and neither may a working config.
    refuse_existing(paths.node_key, "this computer's node key");
    refuse_existing(paths.genesis, "a group's genesis");
    const bool replaces_example = QFileInfo(paths.config).isFile() && !QFileInfo(paths.config).isSymLink() &&
                                  is_unused_example_config(paths.config);
    if (!replaces_example) refuse_existing(paths.config, "a rateio-node config");

    // The fetch dials with a throw-away key, as docs/PROTOCOL.md ("Joining
    // from an invitation") says; the node's own key is first used by rateio-node.
    const chain::crypto::KeyPair fetch_key = chain::crypto::KeyPair::generate();
    // Each connection attempt is logged at info level, which buries the
    // answer; QT_LOGGING_RULES still overrides this for a closer look.
    QLoggingCategory::setFilterRules(QStringLiteral("rateio.*.info=false"));
    const FetchOutcome fetched = fetch_genesis(invitation, fetch_key, timeout_ms);
    if (!fetched.genesis) fail_fetch(fetched, invitation, timeout_ms);
    const chain::Genesis& genesis = *fetched.genesis;
    if (genesis.group_id() != invitation.group_id)
        fail(chain::ErrorCode::WrongGroup, "the genesis received is not the invited group's");

    const chain::crypto::KeyPair key = chain::crypto::KeyPair::generate();
    SetupWrites writes;
    install_files(writes, paths, genesis, key, config_text(invitation, paths, listen), replaces_example);
    writes.keep();
    return report_setup(ctx, genesis, key, invitation, paths, listen, replaces_example);
}

} // namespace cli
