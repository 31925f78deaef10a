#pragma once
// One consistent view of the group, read on the node's thread after a block
// and handed to the GUI thread whole, so that every model shows the same height.

#include "node/node.h"
#include "rules/energy.h"

#include <QString>

#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace models {

struct Snapshot {
    chain::GroupSummary summary;
    std::vector<chain::Member> members;
    std::vector<chain::Applicant> applicants;
    std::vector<chain::Plant> plants;
    std::vector<chain::Referendum> referendums;
    std::vector<chain::Offer> offers;
    std::vector<chain::Event> events;
    // Full names the node could open with the member keys it holds (members only).
    std::map<chain::AccountId, QString> names;
    // Consumer-unit numbers from the same profiles, for the lista de rateio.
    std::map<chain::AccountId, QString> consumer_units;
    // The committed state itself, for the energy computations (pure functions of it).
    std::shared_ptr<const chain::State> state;
    // The ledger's facts of my compensation account up to the running month
    // (Brasília), when I am a member; ui::GroupModels settles them at my tariff.
    std::optional<chain::EnergyFacts> my_energy_facts;
    std::uint32_t month = 0; // the running month, YYYYMM
    std::int64_t now_s = 0; // the node's clock, dev offset included
    chain::SyncStatus sync;
    std::size_t peer_count = 0;
    bool networked = false;     // a NetworkNode, not the embedded one
    bool validator = false;     // this node's key signs blocks
    quint16 listen_port = 0;    // where other nodes reach this one; 0 = nowhere
    chain::PublicKey node_key{}; // this node's own key
    chain::ReachabilityStatus reachability; // how other homes reach this node
    // The group's validators this node sees working: itself when it is one,
    // and those it holds a connection to. Votes travel through relays too,
    // so a node that is not a validator may see fewer than are online.
    std::vector<chain::PublicKey> validators_online;
    // Set while this node cannot save its records (a full or failing disk).
    std::optional<chain::StorageProblem> storage_problem;
    // Set when this node stopped taking what its peers serve (a conflict of
    // signed headers, or a history other than the invitation's).
    std::optional<chain::SyncHalt> sync_halt;
    // The newest block's certificate (signers of the validators), and the
    // first block whose activity this node holds (state sync starts later).
    std::optional<chain::CertifiedTip> certified;
    // Set for a light node (chain::LightNode): only the group's figures,
    // members, plants and validators are held, as proven.
    std::optional<chain::LightStatus> light;
    std::uint64_t history_from = 1;
    std::int64_t history_start_time_s = 0; // the snapshot block's time, when history_from > 1
    chain::NodeCosts costs; // this computer's disk and traffic for the group
    // What invitations from this computer carry besides the group id and
    // the addresses (chain::Invitation::checkpoint); networked nodes only.
    std::optional<chain::state::HeaderCheckpoint> invitation_checkpoint;
    bool has_identity = false;
    chain::AccountId me{};

    // Validators whose signatures a block needs: more than 2/3 of them.
    std::size_t validators_needed() const { return summary.validators.size() * 2 / 3 + 1; }
    // A networked validator that sees too few validators to commit a block.
    bool group_paused() const { return networked && validator && validators_online.size() < validators_needed(); }
    bool is_validator_online(const chain::PublicKey& key) const;

    const chain::Member* member(const chain::AccountId& account) const;
    bool is_member(const chain::AccountId& account) const { return member(account) != nullptr; }
    // The member's full name when this node can read it, otherwise a short address.
    QString display_name(const chain::AccountId& account) const;
    // My request to join, while the members vote on it.
    const chain::Applicant* my_application() const;
    // The admission referendum about me, the latest one (open or closed).
    const chain::Referendum* my_admission_referendum() const;
};

using SnapshotPtr = std::shared_ptr<const Snapshot>;

// The most events one snapshot carries: the latest ones; older ones stay on disk.
inline constexpr std::size_t kSnapshotEventsMax = 5000;

// Reads everything the screens need from the node (call on the node's thread).
SnapshotPtr read_snapshot(const chain::Node& node, std::int64_t now_s, const chain::AccountId* me);

QString short_address(const chain::AccountId& account);
QString full_address(const chain::AccountId& account);
// A node key as rateio-cli node-key and rateio-node print it (66 hex digits),
// and a short form for tables.
QString node_key_hex(const chain::PublicKey& key);
QString short_node_key(const chain::PublicKey& key);
// A node key a member typed or pasted (blanks around it ignored): nullopt
// when it is not 66 hex digits or not a point of P-256.
std::optional<chain::PublicKey> parse_node_key(const QString& text);

} // namespace models
