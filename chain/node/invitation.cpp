#include "node/invitation.h"

#include "net/peer_network.h"
#include "rules/profile.h"

#include <QNetworkInterface>
#include <QRegularExpression>

namespace chain {

QString Invitation::to_text() const {
    QStringList lines{QString::fromStdString(codec::to_hex(group_id))};
    lines << peers;
    return lines.join(QLatin1Char('\n'));
}

namespace {

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

QStringList tokens_of(const QString& text) {
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    return text.split(separators, Qt::SkipEmptyParts);
}

} // namespace

ParsedInvitation parse_invitation(const QString& group_text, const QString& peers_text) {
    ParsedInvitation parsed;
    Invitation invitation;
    bool has_group = false;
    for (const QString& token : tokens_of(group_text) + tokens_of(peers_text)) {
        if (const std::optional<Hash256> id = group_id_of(token); id && !has_group) {
            invitation.group_id = *id;
            has_group = true;
            continue;
        }
        if (!net::parse_host_port(token)) {
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
