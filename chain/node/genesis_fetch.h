#pragma once
// GenesisFetcher: the first step of a node invited to a group.
//
// An invitation names the group only by its id (the hash of its genesis) and
// a few peer addresses. The fetcher dials those peers (the handshake already
// checks the group id), asks each for the genesis (net::GenesisRequest) and
// takes the first answer that hashes to the invited id. A peer that answers
// with anything else (bytes that do not decode, another group's genesis) is
// banned and the others are still waited for. If no peer gives the genesis
// within the timeout, failed() says why. NetworkNode::open() then writes the
// genesis and the node starts as usual.
//
// Runs on the thread that owns it, on that thread's event loop; it never
// blocks. Emits exactly one of fetched() or failed().

#include "net/peer_network.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

namespace chain {

struct GenesisFetchConfig {
    // The whole fetch gives up after this long.
    std::int64_t timeout_ms = 30'000;
    net::NetworkConfig network;
};

enum class GenesisFetchError : std::uint8_t {
    None,
    NoPeers,       // the invitation names no peer, or an address is not host:port
    NoAnswer,      // no peer could be reached or none answered in time
    WrongGenesis,  // every peer that answered sent a genesis of another group
};

class GenesisFetcher : public QObject {
    Q_OBJECT
public:
    GenesisFetcher(const Hash256& group_id, QStringList peers, const crypto::KeyPair& node_key,
                   GenesisFetchConfig config = {}, QObject* parent = nullptr);
    ~GenesisFetcher() override;

    // Dials the peers and starts the timeout. Reports a bad address through
    // failed(), after returning.
    void start();
    bool is_banned_peer(const QString& peer_id) const { return network_->is_banned_peer(peer_id); }

signals:
    void fetched(chain::Genesis genesis);
    // `reason` is English, for logs; the UI translates `error`.
    void failed(chain::GenesisFetchError error, QString reason);

private:
    void on_peer_connected(const QString& peer_id);
    void on_message(const QString& peer_id, const net::Message& message);
    void finish_with(std::optional<Genesis> genesis, GenesisFetchError error, const QString& reason);

    const Hash256 group_id_;
    const QStringList peers_;
    const GenesisFetchConfig config_;
    net::PeerNetwork* network_;
    QTimer timeout_;
    std::size_t wrong_answers_ = 0;
    bool finished_ = false;
};

} // namespace chain

Q_DECLARE_METATYPE(chain::GenesisFetchError)
Q_DECLARE_METATYPE(chain::Genesis)
