// Protocol versions (issue 18, point 4; docs/RULES.md "Protocol upgrades"):
// a group at version 1 keeps every byte and root it had before versions
// existed; the genesis and the state carry a version only when it is not 1;
// the state root follows the version in force; and a referendum moves a group
// to a later version, effective at a height, with every way a proposal can be
// refused and the rule for an approval that comes after its height.

#include "group_fixture.h"
#include "../support/block_maker.h"
#include "rules/profile.h"
#include "state/state_tables.h"

#include <QtTest>

#include <string>
#include <vector>

// Numbers of any integer or enum type, compared as unsigned 64-bit values.
#define EQ(actual, expected) \
    QCOMPARE(static_cast<unsigned long long>(actual), static_cast<unsigned long long>(expected))

using namespace chain;
using namespace chain::testing;

namespace {

using F = GroupFixture;

// --- A state made of fixed bytes only, for the version-1 known answer ---------

crypto::KeyPair fixed_key(std::uint8_t n) {
    Bytes scalar(32, 0);
    scalar[0] = 0x11;
    scalar[31] = n;
    return *crypto::KeyPair::from_private(scalar);
}

Transaction signed_by(const State& s, std::uint8_t who, std::uint64_t nonce, Operation op) {
    Transaction tx;
    tx.group_id = s.group_id;
    tx.nonce = nonce;
    tx.valid_until_s = 2'000'000'000;
    tx.op = std::move(op);
    tx.sign(fixed_key(who));
    return tx;
}

// A founder, an admission voted and closed, and a change referendum open: the
// roots below were computed by the code of commit 0e9f05a, before protocol
// versions existed (signatures are random, but the state holds none).
State known_state() {
    Genesis g;
    g.group_name = "Condomínio Sol Nascente";
    g.time_s = kGenesisTime;
    g.founder = fixed_key(1).public_key();
    g.founder_utility = "Light";
    g.founder_profile = SealedProfile{0, Bytes{9, 9, 9}};
    g.data_public_key = fixed_key(2).public_key();
    g.founder_sealed_keys = Bytes{1, 2, 3};
    g.validators = {fixed_key(3).public_key()};
    g.salt = Hash256{7};
    g.energy_params = kLegacyEnergyParams;
    State s = genesis_state(g);
    const std::int64_t t = g.time_s + 60;
    const auto apply = [&s](const Transaction& tx, BlockContext context) {
        if (!apply_transaction(s, tx, context).ok()) qFatal("the known state's transaction was rejected");
    };
    apply(signed_by(s, 4, 1, RequestAdmission{"Light", Hash256{5}, SealedProfile{0, Bytes{8}}}), BlockContext{1, t});
    apply(signed_by(s, 1, 1, CastVote{1, true}), BlockContext{1, t});
    (void)end_block(s, BlockContext{1, t});
    const std::int64_t closed = t + static_cast<std::int64_t>(s.params.referendum_period_s);
    (void)end_block(s, BlockContext{2, closed});
    apply(signed_by(s, 1, 2,
                    ProposeChange{MoveTokens{crypto::account_id(fixed_key(1).public_key()),
                                             crypto::account_id(fixed_key(4).public_key()), 250},
                                  "court order"}),
          BlockContext{3, closed + 60});
    (void)end_block(s, BlockContext{3, closed + 60});
    return s;
}

constexpr const char* kKnownRootV1 = "bf3d80e3e6a69ed7341826acd0794fae7eab0f9792fc51b5d10de4c200679eca";
constexpr const char* kKnownEncodingSha256 = "15fcf9f63b61e5f72989d0cb80ee25713fb82fef1ce5c391af8632fb0f98bec8";

// --- Upgrades through the rules -----------------------------------------------

Operation upgrade(std::uint32_t version, std::uint64_t effective_height) {
    return ProposeChange{UpgradeProtocol{version, effective_height}, "records kept the newer way"};
}

// Proposes an upgrade as the founder in the block being built; the referendum's id.
std::uint64_t propose(F& f, std::uint32_t version, std::uint64_t effective_height) {
    const ApplyResult result = f.apply("founder", upgrade(version, effective_height));
    if (!result.ok()) qFatal("the upgrade was refused: %s", result.rejection->message.c_str());
    return f.state().next_referendum_id - 1;
}

// The proposal is refused with `code` and the state is left as it was.
void refused(F& f, Operation op, ErrorCode code) {
    const Hash256 before = state_root(f.state());
    const std::uint64_t referendums = f.state().referendums.size();
    const ApplyResult result = f.apply("founder", std::move(op));
    QVERIFY(!result.ok());
    QCOMPARE(QString::fromLatin1(error_name(result.rejection->code)), QString::fromLatin1(error_name(code)));
    QVERIFY(!result.rejection->message.empty());
    QVERIFY(result.events.empty());
    QCOMPARE(state_root(f.state()), before);
    EQ(f.state().referendums.size(), referendums);
}

std::vector<Event> of_kind(const std::vector<Event>& events, EventKind kind) {
    std::vector<Event> out;
    for (const Event& event : events)
        if (event.kind == kind) out.push_back(event);
    return out;
}

Genesis genesis_of(const crypto::KeyPair& founder, std::uint32_t protocol_version) {
    Genesis g;
    g.group_name = "Condomínio Sol Nascente";
    g.time_s = kGenesisTime;
    g.founder = founder.public_key();
    g.founder_utility = "Light";
    g.founder_profile = SealedProfile{0, Bytes{9}};
    g.data_public_key = crypto::KeyPair::generate().public_key();
    g.founder_sealed_keys = Bytes{1};
    g.validators = {crypto::KeyPair::generate().public_key()};
    g.protocol_version = protocol_version;
    return g;
}

Bytes tail_of(const Bytes& bytes, std::size_t count) { return Bytes(bytes.end() - std::ptrdiff_t(count), bytes.end()); }

} // namespace

class TestProtocolVersions : public QObject {
    Q_OBJECT

private slots:
    void versionsThisSoftwareRuns() {
        EQ(kProtocolVersionLegacy, 1);
        EQ(kProtocolVersionLatest, 2);
        QVERIFY(!protocol_version_supported(0));
        QVERIFY(protocol_version_supported(kProtocolVersionLegacy));
        QVERIFY(protocol_version_supported(kProtocolVersionLatest));
        QVERIFY(!protocol_version_supported(kProtocolVersionLatest + 1));
        QCOMPARE(QByteArray(event_name(EventKind::ProtocolUpgraded)), QByteArray("protocol_upgraded"));
        QCOMPARE(QByteArray(change_name(Change{UpgradeProtocol{2, 10}})), QByteArray("upgrade_protocol"));
    }

    // --- Compatibility: version 1 keeps its bytes and its roots ------------------

    void versionOneRootIsTheOneBeforeVersions() {
        const State s = known_state();
        EQ(s.protocol_version, kProtocolVersionLegacy);
        QVERIFY(!s.pending_upgrade);
        QCOMPARE(QString::fromStdString(codec::to_hex(state_root(s))), QString::fromLatin1(kKnownRootV1));
        QCOMPARE(QString::fromStdString(codec::to_hex(crypto::sha256(codec::to_bytes(s)))), QString::fromLatin1(kKnownEncodingSha256));
        QCOMPARE(state_root(s), state_root_v1(s));
        // Layout 1, as before; it decodes back to version 1 with nothing pending.
        const Bytes bytes = codec::to_bytes(s);
        EQ(bytes[0], 0);
        EQ(bytes[1], 1);
        const std::optional<State> back = codec::from_bytes<State>(bytes);
        QVERIFY(back);
        EQ(back->protocol_version, kProtocolVersionLegacy);
        QVERIFY(!back->pending_upgrade);
        QCOMPARE(state_root(*back), state_root(s));
    }

    void genesisCarriesAVersionOnlyWhenNotOne() {
        const crypto::KeyPair founder = crypto::KeyPair::generate();
        Genesis legacy = genesis_of(founder, kProtocolVersionLegacy);
        legacy.energy_params = kLegacyEnergyParams;
        const Bytes old_bytes = codec::to_bytes(legacy);
        // The layout before any trailing section ends with the salt.
        QCOMPARE(tail_of(old_bytes, 32), Bytes(legacy.salt.begin(), legacy.salt.end()));
        QVERIFY(codec::from_bytes<Genesis>(old_bytes));
        EQ(codec::from_bytes<Genesis>(old_bytes)->protocol_version, kProtocolVersionLegacy);

        // Version 2 appends section 2 (a u32) after whatever came before.
        Genesis latest = legacy;
        latest.protocol_version = kProtocolVersionLatest;
        const Bytes new_bytes = codec::to_bytes(latest);
        QCOMPARE(new_bytes.size(), old_bytes.size() + 1 + 4);
        QCOMPARE(tail_of(new_bytes, 5), (Bytes{2, 0, 0, 0, 2}));
        QVERIFY(latest.group_id() != legacy.group_id());
        EQ(codec::from_bytes<Genesis>(new_bytes)->protocol_version, kProtocolVersionLatest);
        EQ(genesis_state(latest).protocol_version, kProtocolVersionLatest);
        EQ(genesis_state(legacy).protocol_version, kProtocolVersionLegacy);

        // Both sections, in tag order, round trip.
        Genesis both = latest;
        both.energy_params = EnergyParams{};
        const Bytes both_bytes = codec::to_bytes(both);
        const std::optional<Genesis> decoded = codec::from_bytes<Genesis>(both_bytes);
        QVERIFY(decoded);
        QVERIFY(decoded->energy_params == EnergyParams{});
        EQ(decoded->protocol_version, kProtocolVersionLatest);
        QCOMPARE(codec::to_bytes(*decoded), both_bytes);

        // Refused: version 1 written out, a version this software cannot run,
        // version 0, the sections out of order or twice, an unknown section.
        const auto with_tail = [&old_bytes](Bytes tail) {
            Bytes bytes = old_bytes;
            bytes.insert(bytes.end(), tail.begin(), tail.end());
            return codec::from_bytes<Genesis>(bytes).has_value();
        };
        QVERIFY(with_tail({2, 0, 0, 0, 2}));
        QVERIFY(!with_tail({2, 0, 0, 0, 1}));
        QVERIFY(!with_tail({2, 0, 0, 0, 3}));
        QVERIFY(!with_tail({2, 0, 0, 0, 0}));
        QVERIFY(!with_tail({2, 0, 0, 0, 2, 2, 0, 0, 0, 2}));
        QVERIFY(!with_tail({3, 0, 0, 0, 2}));
        QVERIFY(!with_tail({2, 0, 0}));
        Bytes energy_after_protocol = new_bytes;
        codec::Writer w;
        w.u8(1);
        codec::encode(w, EnergyParams{});
        energy_after_protocol.insert(energy_after_protocol.end(), w.data().begin(), w.data().end());
        QVERIFY(!codec::from_bytes<Genesis>(energy_after_protocol));
    }

    void newGroupsStartAtTheLatestVersion() {
        FoundingInput input;
        input.group_name = "Condomínio Sol Nascente";
        input.time_s = kGenesisTime;
        input.founder_utility = "Light";
        input.founder_profile = make_profile("Marta Oliveira", "1234567890");
        const crypto::KeyPair founder = crypto::KeyPair::generate();
        const Founding founding = found_group(input, founder, crypto::KeyPair::generate().public_key());
        EQ(founding.genesis.protocol_version, kProtocolVersionLatest);
        const State s = genesis_state(founding.genesis);
        EQ(s.protocol_version, kProtocolVersionLatest);
        QCOMPARE(state_root(s), state_root_v2(s));
        QVERIFY(state_root(s) != state_root_v1(s));
        // A caller may still found a version-1 group (the tests of old groups do).
        input.protocol_version = kProtocolVersionLegacy;
        EQ(found_group(input, founder, crypto::KeyPair::generate().public_key()).genesis.protocol_version, kProtocolVersionLegacy);
    }

    // --- The state's layouts ------------------------------------------------------

    void stateLayoutThreeCarriesTheProtocolFields() {
        State s = known_state();
        s.pending_upgrade = PendingUpgrade{2, 40};
        const Bytes pending = codec::to_bytes(s);
        EQ(pending[1], 3);
        std::optional<State> back = codec::from_bytes<State>(pending);
        QVERIFY(back);
        EQ(back->protocol_version, 1);
        QVERIFY(back->pending_upgrade == (PendingUpgrade{2, 40}));
        QVERIFY(!back->energy.in_use());
        QCOMPARE(codec::to_bytes(*back), pending);
        // The section is the last: version, then whether an upgrade waits, and which.
        QCOMPARE(tail_of(pending, 17), (Bytes{0, 0, 0, 1, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 40}));
        // Still version 1: its root is the hash of this encoding.
        QCOMPARE(state_root(s), state_root_v1(s));
        QVERIFY(state_root(s) != state_root(known_state()));

        s.pending_upgrade.reset();
        s.protocol_version = kProtocolVersionLatest;
        const Bytes upgraded = codec::to_bytes(s);
        EQ(upgraded[1], 3);
        QCOMPARE(tail_of(upgraded, 5), (Bytes{0, 0, 0, 2, 0}));
        back = codec::from_bytes<State>(upgraded);
        QVERIFY(back);
        EQ(back->protocol_version, kProtocolVersionLatest);
        QVERIFY(!back->pending_upgrade);
        QCOMPARE(state_root(*back), state_root(s));

        // One encoding per state, and only what this software runs.
        const auto with_section = [&upgraded](Bytes section) {
            Bytes bytes(upgraded.begin(), upgraded.end() - 5);
            bytes.insert(bytes.end(), section.begin(), section.end());
            return codec::from_bytes<State>(bytes).has_value();
        };
        QVERIFY(with_section({0, 0, 0, 2, 0}));
        QVERIFY(!with_section({0, 0, 0, 1, 0}));                                  // nothing to say: layout 1 or 2
        QVERIFY(!with_section({0, 0, 0, 3, 0}));                                  // a version this software cannot run
        QVERIFY(!with_section({0, 0, 0, 0, 0}));
        QVERIFY(!with_section({0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9})); // pending is not later
        QVERIFY(!with_section({0, 0, 0, 1, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 9})); // pending cannot be run
        QVERIFY(with_section({0, 0, 0, 1, 1, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 9}));
        QVERIFY(!with_section({0, 0, 0, 2, 2}));
    }

    void rootFollowsTheVersion() {
        State s = known_state();
        QCOMPARE(state_root(s), state_root_v1(s));
        s.protocol_version = kProtocolVersionStateTables;
        QCOMPARE(state_root(s), state_root_v2(s));
        QVERIFY(state_root(s) != state_root_v1(s));
    }

    // --- The change on the wire -----------------------------------------------------

    void upgradeProtocolRoundTrips() {
        F f;
        const Transaction tx = f.make_tx("founder", upgrade(2, 123'456));
        const Bytes bytes = codec::to_bytes(tx);
        const std::optional<Transaction> back = codec::from_bytes<Transaction>(bytes);
        QVERIFY(back);
        QVERIFY(back->signature_valid());
        const auto& change = std::get<ProposeChange>(back->op).change;
        QVERIFY(std::get<UpgradeProtocol>(change) == (UpgradeProtocol{2, 123'456}));
        QCOMPARE(codec::to_bytes(*back), bytes);
        // The change's tag is its index + 1, then u32 version and u64 height.
        const Bytes change_bytes = codec::to_bytes(Change{UpgradeProtocol{2, 300}});
        QCOMPARE(change_bytes, (Bytes{11, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1, 44}));
        for (std::size_t cut = 0; cut < change_bytes.size(); ++cut)
            QVERIFY(!codec::from_bytes<Change>(Bytes(change_bytes.begin(), change_bytes.begin() + std::ptrdiff_t(cut))));
        // No version 0 and no block 0.
        QVERIFY(!codec::from_bytes<Change>(codec::to_bytes(Change{UpgradeProtocol{0, 300}})));
        QVERIFY(!codec::from_bytes<Change>(codec::to_bytes(Change{UpgradeProtocol{2, 0}})));
        // A version this software cannot run still decodes: the rules say why it is refused.
        QVERIFY(codec::from_bytes<Change>(codec::to_bytes(Change{UpgradeProtocol{9, 300}})));
    }

    // --- Proposals refused ------------------------------------------------------------

    void versionNotNewerIsRefused() {
        F f;
        refused(f, upgrade(1, 10), ErrorCode::ProtocolVersionNotNewer);
        f.state().protocol_version = kProtocolVersionLatest;
        refused(f, upgrade(2, 10), ErrorCode::ProtocolVersionNotNewer);
        refused(f, upgrade(1, 10), ErrorCode::ProtocolVersionNotNewer);
    }

    void versionThisSoftwareCannotRunIsRefused() {
        F f;
        refused(f, upgrade(kProtocolVersionLatest + 1, 10), ErrorCode::ProtocolVersionUnsupported);
        refused(f, upgrade(0xffffffffu, 10), ErrorCode::ProtocolVersionUnsupported);
    }

    void effectiveHeightMustComeAfterTheProposal() {
        F f;
        f.end_block(60);
        f.end_block(60); // height 2; the proposal goes into block 3
        refused(f, upgrade(2, 2), ErrorCode::UpgradeHeightInvalid);
        refused(f, upgrade(2, 3), ErrorCode::UpgradeHeightInvalid);
        refused(f, upgrade(2, 3 + kUpgradeDelayBlocksMax + 1), ErrorCode::UpgradeHeightInvalid);
        refused(f, upgrade(2, UINT64_MAX), ErrorCode::UpgradeHeightInvalid);
        propose(f, 2, 3 + kUpgradeDelayBlocksMax);
    }

    void oneUpgradeAtATime() {
        F f;
        const std::uint64_t id = propose(f, 2, 4);
        EQ(f.state().referendums.at(id).kind, ReferendumKind::Change);
        refused(f, upgrade(2, 50), ErrorCode::UpgradePending);
        f.everyone_votes(id);
        f.close_votes();
        QVERIFY(f.state().pending_upgrade);
        refused(f, upgrade(2, 5000), ErrorCode::UpgradePending);
        // Other changes are not held up by it.
        QVERIFY(f.apply("founder", ProposeChange{ChangeParams{GroupParams{}}, "same rules"}).ok());
    }

    void nonMembersCannotPropose() {
        F f;
        const ApplyResult result = f.apply("stranger", upgrade(2, 10));
        QVERIFY(!result.ok());
        EQ(result.rejection->code, ErrorCode::NotAMember);
    }

    // --- Approved, pending, switched -----------------------------------------------------

    void approvedUpgradeSwitchesAtItsHeight() {
        F f;
        f.admit("alice");
        const std::uint64_t closing_height = f.height() + 1;
        const std::uint64_t effective = closing_height + 3;
        const std::uint64_t id = propose(f, 2, effective);
        const Referendum& opened = f.state().referendums.at(id);
        QVERIFY(opened.change && std::get<UpgradeProtocol>(*opened.change) == (UpgradeProtocol{2, effective}));
        f.everyone_votes(id);
        const std::vector<Event> closing = f.close_votes();
        EQ(f.height(), closing_height);
        EQ(f.state().referendums.at(id).outcome, Outcome::Approved);
        QVERIFY(f.state().pending_upgrade == (PendingUpgrade{2, effective}));
        EQ(f.state().protocol_version, 1);
        QVERIFY(of_kind(closing, EventKind::ProtocolUpgraded).empty());
        QCOMPARE(state_root(f.state()), state_root_v1(f.state()));
        // Pending, the group stays at version 1 until the effective height.
        for (std::uint64_t h = closing_height + 1; h < effective; ++h) {
            QVERIFY(of_kind(f.end_block(60), EventKind::ProtocolUpgraded).empty());
            EQ(f.state().protocol_version, 1);
        }
        const std::vector<Event> switched = of_kind(f.end_block(60), EventKind::ProtocolUpgraded);
        EQ(f.height(), effective);
        QCOMPARE(int(switched.size()), 1);
        EQ(switched[0].amount, 2);
        EQ(switched[0].amount2, 1);
        EQ(switched[0].height, effective);
        EQ(f.state().protocol_version, 2);
        QVERIFY(!f.state().pending_upgrade);
        // The block that switches already has the version-2 root.
        QCOMPARE(state_root(f.state()), state_root_v2(f.state()));
        QVERIFY(check_invariants(f.state()).empty());
        // At the latest version there is nothing further to move to.
        refused(f, upgrade(3, f.height() + 10), ErrorCode::ProtocolVersionUnsupported);
        refused(f, upgrade(2, f.height() + 10), ErrorCode::ProtocolVersionNotNewer);
        QVERIFY(of_kind(f.end_block(60), EventKind::ProtocolUpgraded).empty());
    }

    // The effective height passed while the group voted: the upgrade takes
    // effect at the next block, never in the block that approves it.
    void lateApprovalTakesEffectAtTheNextBlock() {
        F f;
        const std::uint64_t id = propose(f, 2, 2);
        f.everyone_votes(id);
        f.end_block(60); // block 1
        f.end_block(60); // block 2: the effective height, nothing approved yet
        EQ(f.state().protocol_version, 1);
        const std::vector<Event> closing = f.close_votes(); // block 3 approves
        EQ(f.state().referendums.at(id).outcome, Outcome::Approved);
        QVERIFY(f.state().pending_upgrade == (PendingUpgrade{2, 2}));
        EQ(f.state().protocol_version, 1);
        QVERIFY(of_kind(closing, EventKind::ProtocolUpgraded).empty());
        const std::vector<Event> next = of_kind(f.end_block(1), EventKind::ProtocolUpgraded);
        QCOMPARE(int(next.size()), 1);
        EQ(next[0].height, 4);
        EQ(f.state().protocol_version, 2);
        QVERIFY(!f.state().pending_upgrade);
    }

    void rejectedUpgradeChangesNothing() {
        F f;
        f.admit("alice");
        const std::uint64_t id = propose(f, 2, 5);
        f.everyone_votes(id, /*yes=*/false);
        f.close_votes();
        EQ(f.state().referendums.at(id).outcome, Outcome::Rejected);
        QVERIFY(!f.state().pending_upgrade);
        for (int i = 0; i < 6; ++i) f.end_block(60);
        EQ(f.state().protocol_version, 1);
        // The vote is over: the group may propose it again.
        propose(f, 2, f.height() + 5);
    }

    // Checked again at closing: an upgrade that can no longer be carried out
    // closes void with the reason. (The rules let no second upgrade in while
    // one is open; a group moved on some other way stands in for it here.)
    void approvalThatCanNoLongerRunIsVoid() {
        F f;
        const std::uint64_t id = propose(f, 2, 5);
        f.everyone_votes(id);
        f.state().protocol_version = kProtocolVersionLatest;
        f.close_votes();
        const Referendum& closed = f.state().referendums.at(id);
        EQ(closed.outcome, Outcome::Void);
        EQ(closed.void_reason, ErrorCode::ProtocolVersionNotNewer);
        QVERIFY(!f.state().pending_upgrade);
    }

    // --- Blocks: each replayed under the version it was made with -----------------------

    void blocksReplayUnderTheirOwnVersion() {
        const crypto::KeyPair founder = crypto::KeyPair::generate();
        const Genesis genesis = genesis_of(founder, kProtocolVersionLegacy);
        testing_support::BlockMaker chain(genesis);
        const auto upgraded = [](const std::vector<Event>& events) { return of_kind(events, EventKind::ProtocolUpgraded); };
        std::int64_t t = kGenesisTime + 60;
        const std::uint64_t effective = 4;
        QVERIFY(upgraded(chain.append(t, {chain.sign(founder, upgrade(2, effective))})).empty());
        const std::uint64_t id = chain.state().next_referendum_id - 1;
        QVERIFY(upgraded(chain.append(t += 60, {chain.sign(founder, CastVote{id, true})})).empty());
        t += static_cast<std::int64_t>(chain.state().params.referendum_period_s);
        QVERIFY(upgraded(chain.append(t)).empty()); // block 3 approves
        QVERIFY(chain.state().pending_upgrade);
        QCOMPARE(chain.blocks().back().header.state_root, state_root_v1(chain.state()));
        QCOMPARE(int(upgraded(chain.append(t += 60)).size()), 1); // block 4 switches
        EQ(chain.state().protocol_version, 2);
        QCOMPARE(chain.blocks().back().header.state_root, state_root_v2(chain.state()));
        QVERIFY(chain.blocks().back().header.state_root != state_root_v1(chain.state()));
        chain.append(t += 60, {chain.sign(founder, ProposeChange{ChangeParams{GroupParams{}}, "after the upgrade"})});
        QCOMPARE(chain.blocks().back().header.state_root, state_root_v2(chain.state()));

        // Replayed from the genesis: every header's root checks, the earlier
        // ones under version 1 and the later ones under version 2.
        const ChainReplay replay = replay_chain(genesis, chain.blocks());
        QVERIFY2(replay.problem.empty(), replay.problem.c_str());
        EQ(replay.height, 5);
        QCOMPARE(replay.state_root, state_root(chain.state()));

        // The switching block with the version-1 root of the same state is refused.
        const std::vector<Block> three(chain.blocks().begin(), chain.blocks().begin() + 3);
        State at_three = genesis_state(genesis);
        Hash256 previous = at_three.group_id;
        for (const Block& block : three) {
            BlockApplication applied = apply_block(at_three, previous, block);
            QVERIFY(applied.ok());
            at_three = std::move(applied.state_after);
            previous = block.header.hash();
        }
        Block wrong = chain.blocks()[3];
        State switched = at_three;
        (void)end_block(switched, BlockContext{4, wrong.header.time_s});
        EQ(switched.protocol_version, 2);
        wrong.header.state_root = state_root_v1(switched);
        const BlockApplication refused_block = apply_block(at_three, previous, wrong);
        QVERIFY(!refused_block.ok());
        QVERIFY2(refused_block.problem.find("state root") != std::string::npos, refused_block.problem.c_str());
    }
};

QTEST_APPLESS_MAIN(TestProtocolVersions)
#include "test_protocol_versions.moc"
