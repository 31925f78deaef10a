#pragma once
// Invitations and admission requests: what a member hands someone so they
// can join (the group id and the addresses of nodes that accept
// connections), and the `join` operation the newcomer then signs. The CLI
// and the desktop build both from here.

#include "node/node.h"
#include "state/verified_headers.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace chain {

// The most peer addresses one invitation carries (PeerNetwork keeps at most
// net::kConfiguredPeersMax; an invitation needs only a few).
inline constexpr qsizetype kInvitationPeersMax = 16;
// The group's name an invitation carries, in UTF-8 bytes: any genesis name
// fits (chain::kNameLengthMax).
inline constexpr qsizetype kInvitationGroupNameLengthMax = qsizetype(kNameLengthMax);
// A peer's host: a DNS name is at most 253 characters; an IPv6 address in
// brackets, with a zone, is shorter.
inline constexpr qsizetype kInvitationPeerHostLengthMax = 253;
// The longest rateio: link read, in characters. The longest valid link (a
// 120-byte name fully percent-encoded and 16 peers of 253-character hosts)
// is about 4,700.
inline constexpr qsizetype kInvitationUriLengthMax = 8192;
// The largest .rateio-invite file read, and the longest text parse_invitation
// reads from the assistant's boxes. A valid file is under 5 KiB.
inline constexpr qsizetype kInvitationFileSizeMax_bytes = 16 * 1024;
inline constexpr qsizetype kInvitationTextLengthMax = kInvitationFileSizeMax_bytes;
// The first line of a .rateio-invite file, so that a stray file is refused.
inline constexpr const char* kInvitationFileMagic = "Rateio invitation";
// The link scheme and the file suffix the desktop entry registers.
inline constexpr const char* kInvitationUriScheme = "rateio";
inline constexpr const char* kInvitationFileSuffix = ".rateio-invite";

struct Invitation {
    Hash256 group_id{};
    QStringList peers; // host:port or [IPv6]:port, 1..kInvitationPeersMax
    // Only a hint for the newcomer ("You are invited to join …"), never
    // trusted: the group id is what the fetched genesis is checked against.
    // Empty when unknown; a name that would not be read back (too long,
    // control characters) is left out of the link and the file.
    QString group_name{};
    // The block the newcomer's node starts trusting from instead of the
    // genesis (docs/PROTOCOL.md, "Invitations as a link and as a file"):
    // snapshots and blocks that do not lead through it are refused, whoever
    // signed them. None when the group's validators never changed.
    std::optional<state::HeaderCheckpoint> checkpoint{};

    // The group id in hex on the first line, one address a line after it,
    // then checkpoint=<height>:<block hash> when there is one.
    QString to_text() const;
    // rateio:<group id>?name=<name>&peer=<host:port>&… (docs/PROTOCOL.md).
    QString to_uri() const;
    // The UTF-8 text of a .rateio-invite file (docs/PROTOCOL.md).
    QByteArray to_file_text() const;

    bool operator==(const Invitation&) const = default;
};

enum class InvitationProblem : std::uint8_t {
    None,
    NoGroupId,
    BadGroupId,
    NoPeers,
    BadPeer,
    TooManyPeers,
    NotALink,            // a link whose scheme is not rateio:, or that holds no group id where one belongs
    BadName,             // the group's name is too long, is not UTF-8, or holds control characters
    TooLong,             // a link, a text or a file over its limit
    Unreadable,          // the file cannot be opened or read
    NotAnInvitation,     // a file without the magic first line, or with a line that is not key=value
    ConflictingGroupIds, // two different group ids (two group= lines, or the group box and a pasted link)
    BadCheckpoint,       // a checkpoint that is not <height ≥ 1>:<64 hex digits>, or two of them
};

struct ParsedInvitation {
    std::optional<Invitation> invitation;
    InvitationProblem problem = InvitationProblem::None;
    QString offending; // the address, text, line or file path that was refused
};

// Reads the group id and the peers from what a user typed or pasted: the
// texts are split at blanks, commas and semicolons; the one 64-hex-digit
// token in either is the group id (so a whole invitation pasted into the
// peers box works too), every other token must be host:port.
// A rateio: link or the text of an invitation file pasted into the peers
// box brings the whole invitation, name included (the group box must then be
// empty or hold the same id).
ParsedInvitation parse_invitation(const QString& group_text, const QString& peers_text);

// A rateio: link (Invitation::to_uri). At most kInvitationUriLengthMax
// characters; unknown parameters are skipped, so later versions may add some.
ParsedInvitation parse_invitation_uri(const QString& uri);

// The text of a .rateio-invite file (Invitation::to_file_text), at most
// kInvitationFileSizeMax_bytes.
ParsedInvitation parse_invitation_file_text(const QByteArray& text);

// Writes a .rateio-invite file atomically (a crash leaves the old file or the
// new one). On failure returns false with an English reason in *error.
bool write_invitation_file(const QString& path, const Invitation& invitation, QString* error);

// Reads a .rateio-invite file; a file over kInvitationFileSizeMax_bytes is
// refused without being read. `offending` is the path for a file-level
// problem (Unreadable, TooLong, NotAnInvitation).
ParsedInvitation read_invitation_file(const QString& path);

// What the desktop receives on its command line when a link or a file is
// opened: a rateio: link, a path to a .rateio-invite file, or a file:// URL
// to one.
ParsedInvitation parse_invitation_argument(const QString& argument);

// A checkpoint as invitations write it: <height>:<block hash in hex>.
QString checkpoint_text(const state::HeaderCheckpoint& checkpoint);
// Reads one; nullopt unless the height is 1 to 2^63 - 1 in digits and the
// hash 64 hex digits.
std::optional<state::HeaderCheckpoint> parse_checkpoint_text(const QString& text);

// A peer address an invitation may carry: host:port with the port in digits,
// the host an IPv4 address, a DNS name or an IPv6 address in brackets.
bool is_peer_address(const QString& text);

// host:port for every address of this machine that other computers may
// reach (IPv4 and IPv6, loopback and link-local left out), for `port`.
QStringList local_listen_addresses(quint16 port);

// The `join` operation: the profile is committed to and sealed to the
// group's current data key (GroupSummary::data_public_key), so only members
// can open it.
RequestAdmission admission_request(const GroupSummary& group, const std::string& utility, const Profile& profile);

} // namespace chain
