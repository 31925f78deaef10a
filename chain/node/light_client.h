#pragma once
// LightClient: what a light node does instead of executing blocks
// (docs/STATE.md, "Verified headers" and "Proofs of the state"). From a
// header it already trusts (the genesis, an invitation's checkpoint, or the
// tip it verified before going offline) it asks one peer at a time for the
// headers where the validators changed since, checks each against the set
// before it (state::verify_step), and then asks that peer to prove the
// entries and whole tables it wants under the verified tip's state root. It trusts nothing the
// peer says: a peer whose headers or proofs do not check is banned, and the
// next peer is tried.
//
// When the peer's tip moves on between its headers and its proofs (a proof
// of a later height than the verified one), the client follows the headers
// again from the tip it verified, at most kLightClientRoundsMax times.
//
// Once one peer has proven everything under a new tip, a second peer (a
// witness) is asked for its block of that height. The same block, or none
// yet, confirms nothing is amiss; another block certified by more than 2/3
// of the same validators means more than a third of them signed two blocks
// of one height: the client stops with the plain-words sentence of
// state::conflict and reports conflicting_headers(). A witness that shows a
// block without such a certificate is banned, and the proven result stands.
//
// Runs on the thread that owns it, on that thread's event loop; it never
// blocks. Emits exactly one of verified() or failed().

#include "net/peer_network.h"
#include "state/state_proof.h"
#include "state/verified_headers.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <optional>
#include <set>
#include <vector>

namespace chain {

// Entries one client proves at once: what a screen shows of one member.
inline constexpr std::size_t kLightClientEntriesMax = 64;
// Whole tables one client proves at once (the quota table of a watch-only
// view is the members table); each must fit one message (net::kProofBytesMax).
inline constexpr std::size_t kLightClientTablesMax = 4;
// Header-chain answers and re-asked proofs for one peer, at most.
inline constexpr std::uint32_t kLightClientRoundsMax = 16;

struct LightEntryRequest {
    state::TableId table = state::TableId::Members;
    Bytes key;
};

struct LightClientConfig {
    // The header the client starts from: state::trust_genesis, or a tip it
    // verified earlier (state::TrustedHeader is small enough to keep).
    state::TrustedHeader trusted;
    std::vector<LightEntryRequest> entries; // at most kLightClientEntriesMax
    std::vector<state::TableId> tables;     // at most kLightClientTablesMax; one of the two non-empty
    // An invitation's checkpoint: a peer whose headers pass its height with
    // another block there is banned (met_other_history()). Ignored when
    // `trusted` is already at or after it.
    std::optional<state::HeaderCheckpoint> checkpoint;
    // When the peer has no header after `trusted`, report it (unchanged)
    // instead of proving again what was proven under it: a client that
    // already holds those proofs (a light node's next check) pays a header
    // request, not the tables, while the group has no new block.
    bool skip_proofs_if_unchanged = false;
    // Ask a second peer for its block at the proven tip (see above). When
    // no other peer is connected yet but one may still connect, it is
    // waited for this long; then the result stands unconfirmed.
    bool cross_check = true;
    std::int64_t witness_wait_ms = 2'000;
    std::int64_t timeout_ms = 30'000;
    net::NetworkConfig network;
};

struct LightVerified {
    state::TrustedHeader tip;      // the header the entries are proven under
    std::size_t header_steps = 0;  // headers checked to get there
    // Nothing after the trusted header and skip_proofs_if_unchanged: no
    // value or table was proven (they are as under `trusted`).
    bool unchanged = false;
    // The distinct validators, of the set trusted before it, whose signatures
    // on the tip's certificate were checked, and that set's size; both 0
    // when the tip is the trusted header itself (no newer block).
    std::size_t tip_signers = 0;
    std::size_t tip_validators = 0;
    // A second peer holds the same block at the tip's height.
    bool witness_agreed = false;
    // Each requested entry, in order: its value, or nullopt when the key is
    // absent from its table (proven absent).
    std::vector<std::optional<Bytes>> values;
    std::vector<std::size_t> proof_bytes; // each entry's proof, as received
    // Each requested table, in order: every entry, by key.
    std::vector<std::vector<state::Entry>> tables;
    std::vector<std::size_t> table_proof_bytes;
};

class LightClient : public QObject {
    Q_OBJECT
public:
    LightClient(const Hash256& group_id, QStringList peers, const crypto::KeyPair& node_key, LightClientConfig config,
                QObject* parent = nullptr);
    ~LightClient() override;

    // Dials the peers and starts the timeout; a bad address or request is
    // reported through failed(), after returning.
    void start();
    // Bytes received from peers so far (frames and handshakes).
    std::uint64_t bytes_received() const { return network_->bytes_received_total(); }
    std::uint64_t bytes_sent() const { return network_->bytes_sent_total(); }
    // Whether a peer's headers passed the checkpoint with another block
    // there (it was banned): the group's validators signed a history other
    // than the invitation's.
    bool met_other_history() const { return met_other_history_; }
    // Whether two peers showed two blocks of one height, each certified by
    // more than 2/3 of the validators (the client stopped, failed() says so
    // in plain words), and that height.
    bool conflicting_headers() const { return conflict_height_.has_value(); }
    std::optional<std::uint64_t> conflict_height() const { return conflict_height_; }

signals:
    void verified(chain::LightVerified result);
    // English, for logs: why nothing could be verified.
    void failed(QString reason);

private:
    void on_peer_connected(const QString& peer_id);
    void on_peer_disconnected(const QString& peer_id);
    void on_message(const QString& peer_id, const net::Message& message);
    void on_header_chain(const net::HeaderChainResponse& response);
    void on_proof(const net::ProofResponse& response);
    std::optional<std::size_t> answered_request(const net::ProofResponse& response) const;
    std::string take_proof(const net::ProofResponse& response, std::size_t index);
    std::optional<QString> off_checkpoint(const state::TrustedHeader& next) const;
    void ask_headers();
    void ask_proofs();
    void give_up_on_peer(const QString& why, bool ban = false);
    void confirm_with_witness(LightVerified result);
    void ask_witness();
    void on_witness_block(const net::BlockResponse& response);
    void finish_unconfirmed(const QString& why);
    void next_peer();
    void finish(std::optional<LightVerified> result, const QString& reason);

    const Hash256 group_id_;
    const QStringList peers_;
    const LightClientConfig config_;
    net::PeerNetwork* network_;
    QTimer timeout_;
    QTimer witness_timeout_;
    std::set<QString> met_;          // every peer that connected
    std::vector<QString> connected_; // peers not yet tried, in connection order
    QString current_;                // the peer asked now; empty between peers
    state::TrustedHeader tip_;       // verified so far with the current peer
    std::size_t header_steps_ = 0;
    std::size_t tip_signers_ = 0;
    std::size_t tip_validators_ = 0;
    // The validators the tip's certificate was checked against (those the
    // header before it named); empty while the tip is the trusted header.
    std::vector<PublicKey> tip_signing_set_;
    bool met_other_history_ = false;
    // What was proven, waiting for the witness; and the witness asked.
    std::optional<LightVerified> unconfirmed_;
    QString witness_;
    std::optional<std::uint64_t> conflict_height_;
    std::uint32_t rounds_ = 0;
    bool headers_pending_ = false; // a header chain is asked of current_; proofs wait for it
    std::vector<std::optional<std::optional<Bytes>>> values_; // outer nullopt: not proven yet
    std::vector<std::size_t> proof_bytes_;
    std::vector<std::optional<std::vector<state::Entry>>> tables_; // nullopt: not proven yet
    std::vector<std::size_t> table_proof_bytes_;
    QString last_problem_;
    bool finished_ = false;
};

} // namespace chain

Q_DECLARE_METATYPE(chain::LightVerified)
