#include "node_config.h"

#include "net/peer_network.h"
#include "node/invitation.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>

#include <limits>
#include <optional>
#include <set>

namespace node_app {

namespace {

// A millisecond setting: at least 1, at most a day.
constexpr std::int64_t kSettingMsMax = 24LL * 3600 * 1000;
// Blocks between checkpoints of the state's tries: at most about a month of blocks a second.
constexpr std::uint64_t kCheckpointBlocksMax = 3'000'000;

const std::set<QString>& known_keys() {
    static const std::set<QString> keys = {
        "node/genesis", "node/data_dir", "node/listen", "node/peers", "node/node_key",
        "consensus/timeout_propose_ms", "consensus/timeout_propose_delta_ms", "consensus/timeout_prevote_ms",
        "consensus/timeout_prevote_delta_ms", "consensus/timeout_precommit_ms",
        "consensus/timeout_precommit_delta_ms", "consensus/resend_interval_ms", "consensus/clock_drift_max_ms",
        "consensus/message_delay_max_ms", "network/status_interval_ms", "network/sync_request_timeout_ms",
        "network/reconnect_delay_max_ms", "storage/state_checkpoint_blocks", "storage/state_snapshot_blocks",
        "sync/state_sync", "sync/backfill_history", "sync/checkpoint"};
    return keys;
}

class Reader {
public:
    Reader(QSettings& settings, QString* error) : settings_(settings), error_(error) {}

    bool ok() const { return error_->isEmpty(); }
    QString path(const QString& key, bool required) {
        const QString value = settings_.value(key).toString().trimmed();
        if (value.isEmpty()) {
            if (required) fail(QStringLiteral("%1 is required").arg(key));
            return {};
        }
        const QDir base = QFileInfo(settings_.fileName()).absoluteDir();
        return QDir::cleanPath(base.absoluteFilePath(value));
    }
    void milliseconds(const QString& key, std::int64_t& out) {
        if (const std::optional<qulonglong> value = whole_number(key, kSettingMsMax, "of milliseconds "))
            out = static_cast<std::int64_t>(*value);
    }
    void count(const QString& key, std::uint64_t max, std::uint64_t& out) {
        if (const std::optional<qulonglong> value = whole_number(key, max, "")) out = *value;
    }
    // <height>:<block hash> (chain::parse_checkpoint_text) when set.
    void checkpoint(const QString& key, std::optional<chain::state::HeaderCheckpoint>& out) {
        if (!settings_.contains(key)) return;
        const QString value = settings_.value(key).toString().trimmed();
        out = chain::parse_checkpoint_text(value);
        if (!out) fail(QStringLiteral("%1 must be <height>:<block hash in 64 hex digits>, not \"%2\"").arg(key, value.left(80)));
    }
    // "true" or "false" (any case) when set; else fails naming the key.
    void boolean(const QString& key, bool& out) {
        if (!settings_.contains(key)) return;
        const QString value = settings_.value(key).toString().trimmed().toLower();
        if (value == QLatin1String("true")) out = true;
        else if (value == QLatin1String("false")) out = false;
        else fail(QStringLiteral("%1 must be true or false").arg(key));
    }
    QStringList list(const QString& key) {
        QStringList out;
        const QVariant value = settings_.value(key);
        const QStringList raw = value.typeId() == QMetaType::QStringList ? value.toStringList()
                                                                        : value.toString().split(',');
        for (const QString& item : raw)
            if (!item.trimmed().isEmpty()) out.push_back(item.trimmed());
        return out;
    }
    void fail(const QString& message) {
        if (error_->isEmpty()) *error_ = message;
    }

private:
    // The key's value when it is set and a whole number from 1 to `max`;
    // nullopt when it is not set, or (failing, naming the key) out of range.
    std::optional<qulonglong> whole_number(const QString& key, std::uint64_t max, const char* unit) {
        if (!settings_.contains(key)) return std::nullopt;
        bool parsed = false;
        const qulonglong value = settings_.value(key).toString().trimmed().toULongLong(&parsed);
        if (parsed && value >= 1 && value <= max) return value;
        fail(QStringLiteral("%1 must be a whole number %2from 1 to %3").arg(key, QLatin1String(unit)).arg(max));
        return std::nullopt;
    }

    QSettings& settings_;
    QString* error_;
};

void read_consensus(Reader& r, chain::NetworkNodeConfig& c) {
    r.milliseconds("consensus/timeout_propose_ms", c.timeouts.timeout_propose_ms);
    r.milliseconds("consensus/timeout_propose_delta_ms", c.timeouts.timeout_propose_delta_ms);
    r.milliseconds("consensus/timeout_prevote_ms", c.timeouts.timeout_prevote_ms);
    r.milliseconds("consensus/timeout_prevote_delta_ms", c.timeouts.timeout_prevote_delta_ms);
    r.milliseconds("consensus/timeout_precommit_ms", c.timeouts.timeout_precommit_ms);
    r.milliseconds("consensus/timeout_precommit_delta_ms", c.timeouts.timeout_precommit_delta_ms);
    r.milliseconds("consensus/resend_interval_ms", c.timeouts.resend_interval_ms);
    r.milliseconds("consensus/clock_drift_max_ms", c.clock_drift_max_ms);
    r.milliseconds("consensus/message_delay_max_ms", c.message_delay_max_ms);
    r.milliseconds("network/status_interval_ms", c.status_interval_ms);
    r.milliseconds("network/sync_request_timeout_ms", c.sync_request_timeout_ms);
    r.milliseconds("network/reconnect_delay_max_ms", c.network.reconnect_delay_max_ms);
    c.network.reconnect_delay_first_ms = std::min(c.network.reconnect_delay_first_ms, c.network.reconnect_delay_max_ms);
    r.count("storage/state_checkpoint_blocks", kCheckpointBlocksMax, c.state_checkpoint_blocks);
    r.count("storage/state_snapshot_blocks", kCheckpointBlocksMax, c.state_snapshot_blocks);
    r.boolean("sync/state_sync", c.state_sync);
    r.boolean("sync/backfill_history", c.backfill_history);
    r.checkpoint("sync/checkpoint", c.trust_checkpoint);
}

} // namespace

std::optional<NodeSettings> read_settings(const QString& path, QString* error) {
    error->clear();
    if (!QFileInfo(path).isFile()) {
        *error = QStringLiteral("the config file %1 does not exist").arg(path);
        return std::nullopt;
    }
    QSettings settings(path, QSettings::IniFormat);
    if (settings.status() != QSettings::NoError) {
        *error = QStringLiteral("the config file %1 is not a valid INI file").arg(path);
        return std::nullopt;
    }
    for (const QString& key : settings.allKeys()) {
        if (!known_keys().contains(key)) {
            *error = QStringLiteral("unknown key '%1' in %2").arg(key, path);
            return std::nullopt;
        }
    }
    Reader r(settings, error);
    NodeSettings out;
    out.genesis_path = r.path("node/genesis", /*required=*/true);
    out.network.data_dir = r.path("node/data_dir", /*required=*/true);
    out.node_key_path = r.path("node/node_key", /*required=*/false);
    const QString listen = settings.value("node/listen").toString().trimmed();
    const std::optional<std::pair<QString, quint16>> host_port = chain::net::parse_host_port(listen);
    if (!host_port || QHostAddress(host_port->first).isNull())
        r.fail(QStringLiteral("node/listen must be ip:port, such as 0.0.0.0:26656 (got '%1')").arg(listen));
    else {
        out.network.listen_address = QHostAddress(host_port->first);
        out.network.listen_port = host_port->second;
    }
    out.network.peers = r.list("node/peers");
    for (const QString& peer : out.network.peers)
        if (!chain::net::parse_host_port(peer)) r.fail(QStringLiteral("node/peers: '%1' is not host:port").arg(peer));
    if (out.network.peers.size() > static_cast<qsizetype>(chain::net::kConfiguredPeersMax))
        r.fail(QStringLiteral("node/peers: at most %1 peers").arg(chain::net::kConfiguredPeersMax));
    read_consensus(r, out.network);
    if (!r.ok()) return std::nullopt;
    return out;
}

} // namespace node_app
