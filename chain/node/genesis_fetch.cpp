#include "node/genesis_fetch.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcGenesisFetch, "rateio.genesis")

namespace chain {

GenesisFetcher::GenesisFetcher(const Hash256& group_id, QStringList peers, const crypto::KeyPair& node_key,
                               GenesisFetchConfig config, QObject* parent)
    : QObject(parent), group_id_(group_id), peers_(std::move(peers)), config_(std::move(config)) {
    qRegisterMetaType<chain::GenesisFetchError>();
    network_ = new net::PeerNetwork(node_key, group_id_, config_.network, this);
    connect(network_, &net::PeerNetwork::peerConnected, this,
            [this](const QString& peer_id, const QString&) { on_peer_connected(peer_id); });
    connect(network_, &net::PeerNetwork::messageReceived, this, &GenesisFetcher::on_message);
    timeout_.setSingleShot(true);
    connect(&timeout_, &QTimer::timeout, this, [this] {
        if (wrong_answers_ > 0)
            finish_with(std::nullopt, GenesisFetchError::WrongGenesis,
                        QStringLiteral("every peer that answered sent a genesis of another group"));
        else
            finish_with(std::nullopt, GenesisFetchError::NoAnswer,
                        QStringLiteral("no peer of the group answered within %1 s").arg(config_.timeout_ms / 1000));
    });
}

GenesisFetcher::~GenesisFetcher() { network_->close(); }

void GenesisFetcher::start() {
    bool dialed = false;
    for (const QString& peer : peers_) {
        if (!network_->add_peer(peer)) {
            // Reported from the event loop, so that a caller connecting after
            // start() still hears it.
            QTimer::singleShot(0, this, [this, peer] {
                finish_with(std::nullopt, GenesisFetchError::NoPeers,
                            QStringLiteral("the peer address '%1' is not host:port").arg(peer));
            });
            return;
        }
        dialed = true;
    }
    if (!dialed) {
        QTimer::singleShot(0, this, [this] {
            finish_with(std::nullopt, GenesisFetchError::NoPeers, QStringLiteral("the invitation names no peer"));
        });
        return;
    }
    timeout_.start(static_cast<int>(config_.timeout_ms));
}

void GenesisFetcher::on_peer_connected(const QString& peer_id) {
    if (!finished_) network_->send(peer_id, net::GenesisRequest{group_id_});
}

void GenesisFetcher::on_message(const QString& peer_id, const net::Message& message) {
    const auto* response = std::get_if<net::GenesisResponse>(&message);
    if (finished_ || !response) return; // status and gossip are of no use yet
    const std::optional<Genesis> genesis = codec::from_bytes<Genesis>(response->genesis);
    if (genesis && genesis->group_id() == group_id_) {
        finish_with(genesis, GenesisFetchError::None, {});
        return;
    }
    // The handshake proved this peer belongs to the invited group, so a
    // genesis that does not hash to it is a lie, not a mix-up.
    qCWarning(lcGenesisFetch) << "peer" << peer_id.left(16) << "sent a genesis that is not the invited group's";
    ++wrong_answers_;
    network_->ban_peer(peer_id);
}

void GenesisFetcher::finish_with(std::optional<Genesis> genesis, GenesisFetchError error, const QString& reason) {
    if (finished_) return;
    finished_ = true;
    timeout_.stop();
    network_->close();
    if (genesis) emit fetched(*genesis);
    else emit failed(error, reason);
}

} // namespace chain
