#include "node/invitation.h"

#include "net/peer_network.h"
#include "rules/profile.h"

#include <QFile>
#include <QFileInfo>
#include <QHostAddress>
#include <QNetworkInterface>
#include <QRegularExpression>
#include <QSaveFile>
#include <QStringDecoder>
#include <QUrl>

#include <algorithm>
#include <cctype>
#include <limits>

namespace chain {

namespace {

QString hex_of(const Hash256& id) { return QString::fromStdString(codec::to_hex(id)); }

std::optional<Hash256> group_id_of(const QString& token) {
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]{64}$"));
    if (!hex.match(token).hasMatch()) return std::nullopt;
    Bytes bytes;
    if (!codec::from_hex(token.toLower().toStdString(), bytes) || bytes.size() != std::tuple_size_v<Hash256>)
        return std::nullopt;
    Hash256 id{};
    std::copy(bytes.begin(), bytes.end(), id.begin());
    return id;
}

// The key a checkpoint is written under in every form of an invitation.
const QLatin1String kCheckpointKey("checkpoint");

QStringList tokens_of(const QString& text) {
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace

// host:port as net::parse_host_port reads it, and besides: the port in
// digits only, the host an IPv4 address or a name of ASCII letters, digits,
// '.', '-' and '_' (an international name in its xn-- form), or an IPv6
// address in brackets. Anything else could never be dialled, and a name is
// shown back to the user, so it is refused here rather than at connection.
bool is_peer_address(const QString& text) {
    const std::optional<std::pair<QString, quint16>> parsed = net::parse_host_port(text);
    if (!parsed) return false;
    const QString& host = parsed->first;
    if (host.size() > kInvitationPeerHostLengthMax) return false;
    static const QRegularExpression port(QStringLiteral(":[0-9]{1,5}$"));
    if (!port.match(text).hasMatch()) return false;
    static const QRegularExpression name(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9._-]*$"));
    if (text.startsWith(QLatin1Char('['))) {
        // net::parse_host_port leaves an unclosed bracket in the host. A
        // zone (fe80::1%eth0) is an interface name: QHostAddress would take
        // any text there, blanks and commas included.
        const qsizetype zone_at = host.indexOf(QLatin1Char('%'));
        return text.indexOf(QLatin1Char(']')) == host.size() + 1 &&
               QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol &&
               (zone_at < 0 || name.match(host.mid(zone_at + 1)).hasMatch());
    }
    return name.match(host).hasMatch();
}

namespace {

// A name that can be shown on one line as it is: no control or format
// characters (which could hide or reorder text) and no line breaks.
bool is_group_name(const QString& name) {
    if (name.toUtf8().size() > kInvitationGroupNameLengthMax) return false;
    for (const char32_t code_point : name.toUcs4()) {
        switch (QChar::category(code_point)) {
        case QChar::Other_Control:
        case QChar::Other_Format:
        case QChar::Other_Surrogate:
        case QChar::Other_NotAssigned:
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph: return false;
        default: break;
        }
    }
    return true;
}

ParsedInvitation refused(InvitationProblem problem, const QString& offending) {
    ParsedInvitation parsed;
    parsed.problem = problem;
    parsed.offending = offending;
    return parsed;
}

// Sets the invitation's checkpoint from `value`; a second one, or one that
// does not read, is refused.
InvitationProblem set_checkpoint(Invitation& invitation, const std::optional<QString>& value) {
    if (!value || invitation.checkpoint) return InvitationProblem::BadCheckpoint;
    invitation.checkpoint = parse_checkpoint_text(*value);
    return invitation.checkpoint ? InvitationProblem::None : InvitationProblem::BadCheckpoint;
}

// Adds a peer unless it is already there; refuses it if it is no address
// or one too many.
InvitationProblem add_peer(Invitation& invitation, const QString& peer) {
    if (!is_peer_address(peer)) return InvitationProblem::BadPeer;
    if (invitation.peers.contains(peer)) return InvitationProblem::None;
    if (invitation.peers.size() == kInvitationPeersMax) return InvitationProblem::TooManyPeers;
    invitation.peers << peer;
    return InvitationProblem::None;
}

// Strict UTF-8: a name that does not decode is refused, not shown mangled.
std::optional<QString> from_utf8(const QByteArray& bytes) {
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError()) return std::nullopt;
    return text;
}

// %XX escapes to bytes, then strict UTF-8. '+' stays '+' (this is not a
// form), and a '%' not followed by two hex digits is refused.
std::optional<QString> percent_decoded(const QString& text) {
    const QByteArray in = text.toUtf8();
    QByteArray out;
    out.reserve(in.size());
    for (qsizetype i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
            !std::isxdigit(static_cast<unsigned char>(in[i + 2])))
            return std::nullopt;
        out += static_cast<char>(QByteArray(in.constData() + i + 1, 2).toInt(nullptr, 16));
        i += 2;
    }
    return from_utf8(out);
}

// The whole invitation when `text` is one: a rateio: link or the text of an
// invitation file. Otherwise nullopt (a group id and addresses, parsed token
// by token).
std::optional<ParsedInvitation> whole_invitation_in(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1String(kInvitationFileMagic))) return parse_invitation_file_text(trimmed.toUtf8());
    const QString scheme = QLatin1String(kInvitationUriScheme) + QLatin1Char(':');
    if (trimmed.startsWith(scheme, Qt::CaseInsensitive) && tokens_of(trimmed).size() == 1) return parse_invitation_uri(trimmed);
    return std::nullopt;
}

} // namespace

QString checkpoint_text(const state::HeaderCheckpoint& checkpoint) {
    return QString::number(checkpoint.height) + QLatin1Char(':') + hex_of(checkpoint.block_hash);
}

std::optional<state::HeaderCheckpoint> parse_checkpoint_text(const QString& text) {
    static const QRegularExpression form(QStringLiteral("^([0-9]{1,19}):([0-9a-fA-F]{64})$"));
    const QRegularExpressionMatch match = form.match(text.trimmed());
    if (!match.hasMatch()) return std::nullopt;
    bool ok = false;
    const qulonglong height = match.captured(1).toULongLong(&ok);
    const std::optional<Hash256> hash = group_id_of(match.captured(2));
    if (!ok || height == 0 || height > qulonglong(std::numeric_limits<std::int64_t>::max()) || !hash)
        return std::nullopt;
    return state::HeaderCheckpoint{std::uint64_t(height), *hash};
}

QString Invitation::to_text() const {
    QStringList lines{hex_of(group_id)};
    lines << peers;
    if (checkpoint) lines << kCheckpointKey + QLatin1Char('=') + checkpoint_text(*checkpoint);
    return lines.join(QLatin1Char('\n'));
}

QString Invitation::to_uri() const {
    QString uri = QLatin1String(kInvitationUriScheme) + QLatin1Char(':') + hex_of(group_id);
    QStringList parameters;
    if (!group_name.isEmpty() && is_group_name(group_name))
        parameters << QStringLiteral("name=") + QString::fromLatin1(QUrl::toPercentEncoding(group_name));
    // ':' stays readable; '[' and ']' (not allowed in a query) and '%' of an
    // IPv6 zone are escaped.
    for (const QString& peer : peers) parameters << QStringLiteral("peer=") + QString::fromLatin1(QUrl::toPercentEncoding(peer, ":"));
    if (checkpoint) parameters << kCheckpointKey + QLatin1Char('=') + checkpoint_text(*checkpoint);
    if (!parameters.isEmpty()) uri += QLatin1Char('?') + parameters.join(QLatin1Char('&'));
    return uri;
}

QByteArray Invitation::to_file_text() const {
    QByteArray text = QByteArray(kInvitationFileMagic) + '\n';
    text += "group=" + hex_of(group_id).toLatin1() + '\n';
    if (!group_name.isEmpty() && is_group_name(group_name)) text += "name=" + group_name.toUtf8() + '\n';
    for (const QString& peer : peers) text += "peer=" + peer.toUtf8() + '\n';
    if (checkpoint) text += QString(kCheckpointKey + QLatin1Char('=') + checkpoint_text(*checkpoint)).toUtf8() + '\n';
    return text;
}

ParsedInvitation parse_invitation(const QString& group_text, const QString& peers_text) {
    if (group_text.size() + peers_text.size() > kInvitationTextLengthMax) return refused(InvitationProblem::TooLong, QString());
    if (std::optional<ParsedInvitation> whole = whole_invitation_in(peers_text)) {
        const QStringList group_tokens = tokens_of(group_text);
        if (!whole->invitation || group_tokens.isEmpty()) return *whole;
        const std::optional<Hash256> typed = group_tokens.size() == 1 ? group_id_of(group_tokens.first()) : std::nullopt;
        if (!typed) return refused(InvitationProblem::BadGroupId, group_tokens.first());
        if (*typed != whole->invitation->group_id) return refused(InvitationProblem::ConflictingGroupIds, group_tokens.first());
        return *whole;
    }
    if (std::optional<ParsedInvitation> whole = whole_invitation_in(group_text); whole && peers_text.trimmed().isEmpty())
        return *whole;
    ParsedInvitation parsed;
    Invitation invitation;
    bool has_group = false;
    for (const QString& token : tokens_of(group_text) + tokens_of(peers_text)) {
        if (const std::optional<Hash256> id = group_id_of(token); id && !has_group) {
            invitation.group_id = *id;
            has_group = true;
            continue;
        }
        if (token.startsWith(kCheckpointKey + QLatin1Char('='), Qt::CaseInsensitive)) {
            if (set_checkpoint(invitation, token.mid(kCheckpointKey.size() + 1)) != InvitationProblem::None)
                return refused(InvitationProblem::BadCheckpoint, token);
            continue;
        }
        if (!is_peer_address(token)) {
            // In the group box, a wrong id; elsewhere, a wrong address.
            parsed.problem = tokens_of(group_text).contains(token) ? InvitationProblem::BadGroupId : InvitationProblem::BadPeer;
            parsed.offending = token;
            return parsed;
        }
        if (!invitation.peers.contains(token)) invitation.peers << token;
    }
    if (!has_group) parsed.problem = InvitationProblem::NoGroupId;
    else if (invitation.peers.isEmpty()) parsed.problem = InvitationProblem::NoPeers;
    else if (invitation.peers.size() > kInvitationPeersMax) parsed.problem = InvitationProblem::TooManyPeers;
    else parsed.invitation = invitation;
    return parsed;
}

ParsedInvitation parse_invitation_uri(const QString& uri) {
    if (uri.size() > kInvitationUriLengthMax) return refused(InvitationProblem::TooLong, QString());
    const QString trimmed = uri.trimmed();
    const QString scheme = QLatin1String(kInvitationUriScheme) + QLatin1Char(':');
    if (!trimmed.startsWith(scheme, Qt::CaseInsensitive)) return refused(InvitationProblem::NotALink, trimmed);
    QString rest = trimmed.mid(scheme.size());
    // Some programs hand a link on as rateio://<id>/?…; both spellings name the same invitation.
    if (rest.startsWith(QLatin1String("//"))) rest.remove(0, 2);
    const qsizetype query_at = rest.indexOf(QLatin1Char('?'));
    QString id_text = query_at < 0 ? rest : rest.left(query_at);
    if (id_text.endsWith(QLatin1Char('/'))) id_text.chop(1);
    if (id_text.isEmpty()) return refused(InvitationProblem::NoGroupId, trimmed);
    const std::optional<Hash256> id = group_id_of(id_text);
    if (!id) return refused(InvitationProblem::BadGroupId, id_text);

    Invitation invitation;
    invitation.group_id = *id;
    bool has_name = false;
    const QString query = query_at < 0 ? QString() : rest.mid(query_at + 1);
    for (const QString& parameter : query.split(QLatin1Char('&'), Qt::SkipEmptyParts)) {
        const qsizetype equals = parameter.indexOf(QLatin1Char('='));
        const QString key = equals < 0 ? parameter : parameter.left(equals);
        const std::optional<QString> value = percent_decoded(equals < 0 ? QString() : parameter.mid(equals + 1));
        if (key == QLatin1String("name")) {
            if (!value || has_name || !is_group_name(*value)) return refused(InvitationProblem::BadName, parameter);
            invitation.group_name = value->trimmed();
            has_name = true;
        } else if (key == QLatin1String("peer")) {
            if (!value) return refused(InvitationProblem::BadPeer, parameter);
            if (const InvitationProblem problem = add_peer(invitation, *value); problem != InvitationProblem::None)
                return refused(problem, *value);
        } else if (key == kCheckpointKey) {
            if (set_checkpoint(invitation, value) != InvitationProblem::None)
                return refused(InvitationProblem::BadCheckpoint, parameter);
        }
        // Any other parameter is for a later version: skipped.
    }
    if (invitation.peers.isEmpty()) return refused(InvitationProblem::NoPeers, QString());
    ParsedInvitation parsed;
    parsed.invitation = invitation;
    return parsed;
}

ParsedInvitation parse_invitation_file_text(const QByteArray& text) {
    if (text.size() > kInvitationFileSizeMax_bytes) return refused(InvitationProblem::TooLong, QString());
    std::optional<QString> decoded = from_utf8(text);
    if (!decoded) return refused(InvitationProblem::NotAnInvitation, QString());
    if (decoded->startsWith(QChar(0xFEFF))) decoded->remove(0, 1); // a byte order mark some editors add
    const QStringList lines = decoded->split(QLatin1Char('\n'));
    if (lines.first().trimmed() != QLatin1String(kInvitationFileMagic))
        return refused(InvitationProblem::NotAnInvitation, lines.first().trimmed());

    Invitation invitation;
    bool has_group = false;
    bool has_name = false;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed(); // also drops the \r of a file saved with CRLF
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals <= 0) return refused(InvitationProblem::NotAnInvitation, line);
        const QString key = line.left(equals).trimmed();
        const QString value = line.mid(equals + 1).trimmed();
        if (key == QLatin1String("group")) {
            const std::optional<Hash256> id = group_id_of(value);
            if (!id) return refused(InvitationProblem::BadGroupId, value);
            if (has_group && *id != invitation.group_id) return refused(InvitationProblem::ConflictingGroupIds, value);
            invitation.group_id = *id;
            has_group = true;
        } else if (key == QLatin1String("name")) {
            if (has_name || !is_group_name(value)) return refused(InvitationProblem::BadName, value);
            invitation.group_name = value;
            has_name = true;
        } else if (key == QLatin1String("peer")) {
            if (const InvitationProblem problem = add_peer(invitation, value); problem != InvitationProblem::None)
                return refused(problem, value);
        } else if (key == kCheckpointKey) {
            if (set_checkpoint(invitation, value) != InvitationProblem::None)
                return refused(InvitationProblem::BadCheckpoint, value);
        }
        // Any other key is for a later version: skipped.
    }
    if (!has_group) return refused(InvitationProblem::NoGroupId, QString());
    if (invitation.peers.isEmpty()) return refused(InvitationProblem::NoPeers, QString());
    ParsedInvitation parsed;
    parsed.invitation = invitation;
    return parsed;
}

bool write_invitation_file(const QString& path, const Invitation& invitation, QString* error) {
    QSaveFile file(path);
    const QByteArray text = invitation.to_file_text();
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

ParsedInvitation read_invitation_file(const QString& path) {
    if (path.isEmpty()) return refused(InvitationProblem::Unreadable, path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return refused(InvitationProblem::Unreadable, path);
    // Read one byte past the limit, so that a larger file (or a device that
    // never ends) is refused without reading it whole.
    const QByteArray text = file.read(kInvitationFileSizeMax_bytes + 1);
    if (file.error() != QFileDevice::NoError) return refused(InvitationProblem::Unreadable, path);
    if (text.size() > kInvitationFileSizeMax_bytes) return refused(InvitationProblem::TooLong, path);
    ParsedInvitation parsed = parse_invitation_file_text(text);
    if (parsed.problem == InvitationProblem::NotAnInvitation) parsed.offending = path;
    return parsed;
}

ParsedInvitation parse_invitation_argument(const QString& argument) {
    const QString trimmed = argument.trimmed();
    if (trimmed.startsWith(QLatin1String(kInvitationUriScheme) + QLatin1Char(':'), Qt::CaseInsensitive))
        return parse_invitation_uri(trimmed);
    if (trimmed.startsWith(QLatin1String("file:"), Qt::CaseInsensitive)) {
        const QUrl url(trimmed);
        if (!url.isValid() || !url.isLocalFile()) return refused(InvitationProblem::Unreadable, trimmed);
        return read_invitation_file(url.toLocalFile());
    }
    // Another program's link (bitcoin:…, https://…) handed on by mistake is
    // no file: say it is not a Rateio link rather than that no file is there.
    static const QRegularExpression other_scheme(QStringLiteral("^[A-Za-z][A-Za-z0-9+.-]+:"));
    if (other_scheme.match(trimmed).hasMatch() && !QFileInfo::exists(argument))
        return refused(InvitationProblem::NotALink, trimmed);
    return read_invitation_file(argument);
}

QStringList local_listen_addresses(quint16 port) {
    QStringList out;
    if (port == 0) return out;
    for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
        if (address.isLoopback() || address.isLinkLocal() || address.isMulticast()) continue;
        const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                                 ? QStringLiteral("[%1]").arg(address.toString())
                                 : address.toString();
        out << QStringLiteral("%1:%2").arg(host).arg(port);
    }
    return out;
}

RequestAdmission admission_request(const GroupSummary& group, const std::string& utility, const Profile& profile) {
    return RequestAdmission{utility, profile_commitment(profile),
                            seal_profile(profile, group.data_key_epoch, group.data_public_key)};
}

} // namespace chain
