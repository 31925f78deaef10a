#pragma once
// Invitations and admission requests: what a member hands someone so they
// can join (the group id and the addresses of nodes that accept
// connections), and the `join` operation the newcomer then signs. The CLI
// and the desktop build both from here.

#include "node/node.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace chain {

// The most peer addresses one invitation carries (PeerNetwork keeps at most
// net::kConfiguredPeersMax; an invitation needs only a few).
inline constexpr qsizetype kInvitationPeersMax = 16;

struct Invitation {
    Hash256 group_id{};
    QStringList peers; // host:port, 1..kInvitationPeersMax

    // The group id in hex on the first line, one address a line after it.
    QString to_text() const;
};

enum class InvitationProblem : std::uint8_t { None, NoGroupId, BadGroupId, NoPeers, BadPeer, TooManyPeers };

struct ParsedInvitation {
    std::optional<Invitation> invitation;
    InvitationProblem problem = InvitationProblem::None;
    QString offending; // the address or text that was refused
};

// Reads the group id and the peers from what a user typed or pasted: the
// texts are split at blanks, commas and semicolons; the one 64-hex-digit
// token in either is the group id (so a whole invitation pasted into the
// peers box works too), every other token must be host:port.
ParsedInvitation parse_invitation(const QString& group_text, const QString& peers_text);

// host:port for every address of this machine that other computers may
// reach (IPv4 and IPv6, loopback and link-local left out), for `port`.
QStringList local_listen_addresses(quint16 port);

// The `join` operation: the profile is committed to and sealed to the
// group's current data key (GroupSummary::data_public_key), so only members
// can open it.
RequestAdmission admission_request(const GroupSummary& group, const std::string& utility, const Profile& profile);

} // namespace chain
