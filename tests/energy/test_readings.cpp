// Readings as transactions (docs/RULES.md, "Energy readings"): consumption,
// generation by the plant's operator, corrections, the operator changed by
// referendum, the plant size limits by source, the quota tracking behind the
// monthly allocation, and the compatibility of the encodings with groups
// founded before any of this existed.

#include "group_fixture.h"
#include "rules/energy.h"

#include <QtTest>

using namespace chain;
using namespace chain::testing;

namespace {

using F = GroupFixture;

#define EQ(actual, expected) \
    QCOMPARE(static_cast<unsigned long long>(actual), static_cast<unsigned long long>(expected))

std::uint64_t nonce_of(F& f, const std::string& name) {
    const auto it = f.state().nonces.find(f.account(name));
    return it == f.state().nonces.end() ? 0 : it->second;
}

void fail_at(const std::string& message, int line) { QTest::qFail(message.c_str(), __FILE__, line); }

ApplyResult accept(F& f, const std::string& name, Operation op, int line) {
    const ApplyResult result = f.apply(name, std::move(op));
    if (!result.ok()) fail_at(std::string("rejected: ") + error_name(result.rejection->code) + ": " + result.rejection->message, line);
    else if (result.events.empty()) fail_at("accepted without an event", line);
    for (const std::string& problem : check_invariants(f.state())) fail_at("invariant: " + problem, line);
    return result;
}

void refuse(F& f, const std::string& name, Operation op, ErrorCode code, int line) {
    const Hash256 root = state_root(f.state());
    const std::uint64_t nonce = nonce_of(f, name);
    const ApplyResult result = f.apply(name, std::move(op));
    if (result.ok()) return fail_at(std::string("accepted; expected ") + error_name(code), line);
    if (result.rejection->code != code)
        return fail_at(std::string("rejected with ") + error_name(result.rejection->code) + " (" + result.rejection->message +
                           "); expected " + error_name(code),
                       line);
    if (result.rejection->message.empty()) fail_at("no message", line);
    if (state_root(f.state()) != root) fail_at("a rejection changed the state", line);
    if (nonce_of(f, name) != nonce) fail_at("a rejection advanced the nonce", line);
}

#define OK(f, name, ...)                                    \
    do {                                                    \
        accept(f, name, Operation(__VA_ARGS__), __LINE__);  \
        if (QTest::currentTestFailed()) return;             \
    } while (0)
#define REJECT(f, name, code, ...)                                \
    do {                                                          \
        refuse(f, name, Operation(__VA_ARGS__), code, __LINE__);  \
        if (QTest::currentTestFailed()) return;                   \
    } while (0)

// founder and alice on Light; plant 1 (10 kW solar) proposed by the founder,
// funded by alice alone, operating from 2026-03-31 21:00 in Brasília (the
// fixture's clock runs in UTC from 2026-01-01). Returns its id.
std::uint64_t operating_plant(F& f) {
    f.admit("alice");
    const std::uint64_t id = f.approved_plant("founder", 10'000, 10'000'00);
    f.apply("alice", PlacePledge{id, 10'000'00});
    f.end_block(30 * kDay);
    return id;
}

// Moves the clock to `time_s` (not before now).
void move_to(F& f, std::int64_t time_s) { f.end_block(time_s - f.now()); }

std::uint64_t last_referendum(F& f) { return f.state().next_referendum_id - 1; }

void pass(F& f) {
    f.everyone_votes(last_referendum(f), true);
    f.close_votes();
}

} // namespace

class TestReadings : public QObject {
    Q_OBJECT

private slots:
    void record_consumption_and_correct_it() {
        F f;
        move_to(f, month_start_s(202602) + 5 * kDay);
        const std::int64_t read_at = month_start_s(202601) + 30 * kDay;
        OK(f, "founder", RecordConsumption{202601, 350'000, read_at, Connection::TwoPhase});
        const ConsumptionReading& first = f.state().energy.consumption.at({f.account("founder"), 202601});
        EQ(first.consumption_wh, 350'000);
        EQ(first.revision, 1);
        QVERIFY(first.connection == Connection::TwoPhase);
        QCOMPARE(first.recorded_at_s, f.now());
        const Event recorded = f.events().back();
        QVERIFY(recorded.kind == EventKind::ConsumptionRecorded);
        EQ(recorded.object_id, 202601);
        EQ(recorded.amount, 350'000);
        EQ(recorded.amount2, 1);
        // A correction supersedes it; the first transaction stays in its block
        // and its event in the feed.
        OK(f, "founder", RecordConsumption{202601, 352'500, read_at, Connection::TwoPhase});
        EQ(f.state().energy.consumption.at({f.account("founder"), 202601}).consumption_wh, 352'500);
        EQ(f.state().energy.consumption.at({f.account("founder"), 202601}).revision, 2);
        EQ(f.events().back().amount2, 2);
        // The current month may be recorded as soon as it has begun.
        OK(f, "founder", RecordConsumption{202602, 0, f.now(), Connection::SinglePhase});
        QCOMPARE(f.state().energy.consumption.size(), std::size_t{2});
    }

    void record_consumption_failures() {
        F f;
        move_to(f, month_start_s(202602) + 5 * kDay);
        const std::int64_t read_at = month_start_s(202601) + 30 * kDay;
        REJECT(f, "founder", ErrorCode::InvalidMonth, RecordConsumption{202613, 1, read_at, Connection::SinglePhase});
        REJECT(f, "founder", ErrorCode::InvalidMonth, RecordConsumption{2026, 1, read_at, Connection::SinglePhase});
        REJECT(f, "founder", ErrorCode::InvalidMonth, RecordConsumption{202603, 1, f.now(), Connection::SinglePhase});
        REJECT(f, "founder", ErrorCode::InvalidReadingDate,
               RecordConsumption{202601, 1, month_start_s(202601) - 1, Connection::SinglePhase});
        REJECT(f, "founder", ErrorCode::InvalidReadingDate, RecordConsumption{202601, 1, f.now() + 1, Connection::SinglePhase});
        REJECT(f, "founder", ErrorCode::ReadingTooLarge,
               RecordConsumption{202601, kConsumptionMaxWh + 1, read_at, Connection::SinglePhase});
        REJECT(f, "founder", ErrorCode::Malformed, RecordConsumption{202601, 1, read_at, static_cast<Connection>(4)});
        OK(f, "founder", RecordConsumption{202601, kConsumptionMaxWh, read_at, Connection::SinglePhase});
        REJECT(f, "founder", ErrorCode::ReadingUnchanged,
               RecordConsumption{202601, kConsumptionMaxWh, read_at, Connection::SinglePhase});
        // Only members record readings.
        REJECT(f, "stranger", ErrorCode::NotAMember, RecordConsumption{202601, 1, read_at, Connection::SinglePhase});
    }

    void record_generation_by_the_operator() {
        F f;
        const std::uint64_t id = operating_plant(f);
        const Plant& plant = f.state().plants.at(id);
        QVERIFY(plant.status == PlantStatus::Operating);
        EQ(month_of(plant.operating_at_s), 202603);
        QCOMPARE(plant_operator(f.state(), plant), f.account("founder"));
        // March 2026 at full power: 10 kW × 31 days × 24 h = 7,440,000 Wh.
        REJECT(f, "founder", ErrorCode::ReadingTooLarge, RecordGeneration{id, 202603, 7'440'001});
        OK(f, "founder", RecordGeneration{id, 202603, 7'440'000});
        OK(f, "founder", RecordGeneration{id, 202603, 1'200'000}); // a correction
        const GenerationReading& reading = f.state().energy.generation.at({id, 202603});
        EQ(reading.generation_wh, 1'200'000);
        EQ(reading.revision, 2);
        QCOMPARE(reading.recorded_by, f.account("founder"));
        QVERIFY(f.events().back().kind == EventKind::GenerationRecorded);
        EQ(f.events().back().amount2, 202603);
        REJECT(f, "founder", ErrorCode::ReadingUnchanged, RecordGeneration{id, 202603, 1'200'000});
        REJECT(f, "alice", ErrorCode::NotPlantOperator, RecordGeneration{id, 202603, 1'000'000});
        REJECT(f, "founder", ErrorCode::UnknownPlant, RecordGeneration{99, 202603, 1});
        REJECT(f, "founder", ErrorCode::PlantNotOperating, RecordGeneration{id, 202602, 1});
        REJECT(f, "founder", ErrorCode::InvalidMonth, RecordGeneration{id, 202604, 1}); // not begun in Brasília
        REJECT(f, "founder", ErrorCode::InvalidMonth, RecordGeneration{id, 202600, 1});
        // A plant still in its campaign is not operating.
        const std::uint64_t second = f.approved_plant("founder", 5'000, 5'000'00);
        REJECT(f, "founder", ErrorCode::PlantNotOperating, RecordGeneration{second, 202604, 1});
        // The generation reaches alice's account (she holds all the quota):
        // all of it, though the plant started on March's last day, since no
        // one held quota on the days before.
        const EnergyAccount account = energy_account(f.state(), f.account("alice"), 202603, BillingSetup{});
        QCOMPARE(account.months.size(), std::size_t{1});
        EQ(account.months[0].allocated_wh, 1'200'000);
    }

    void change_plant_operator_by_referendum() {
        F f;
        const std::uint64_t id = operating_plant(f);
        REJECT(f, "founder", ErrorCode::OperatorUnchanged,
               ProposeChange{ChangePlantOperator{id, f.account("founder")}, "already"});
        REJECT(f, "founder", ErrorCode::UnknownMember,
               ProposeChange{ChangePlantOperator{id, f.account("stranger")}, "not a member"});
        REJECT(f, "founder", ErrorCode::UnknownPlant, ProposeChange{ChangePlantOperator{42, f.account("alice")}, "no plant"});
        OK(f, "founder", ProposeChange{ChangePlantOperator{id, f.account("alice")}, "alice reads the meter"});
        pass(f);
        QCOMPARE(plant_operator(f.state(), f.state().plants.at(id)), f.account("alice"));
        QVERIFY(f.state().referendums.at(last_referendum(f)).outcome == Outcome::Approved);
        OK(f, "alice", RecordGeneration{id, 202604, 900'000});
        REJECT(f, "founder", ErrorCode::NotPlantOperator, RecordGeneration{id, 202604, 1});
        // Naming the proposer again needs no entry: they are the default.
        OK(f, "alice", ProposeChange{ChangePlantOperator{id, f.account("founder")}, "back"});
        pass(f);
        QVERIFY(f.state().energy.plant_operators.empty());
    }

    void plant_size_limits_by_source() {
        F f;
        ProposePlant solar{"Usina Solar", PlantSource::Solar, 3'000'001, 1'00, "Light", "Niterói, RJ", 30 * kDay};
        REJECT(f, "founder", ErrorCode::CapacityAboveSourceLimit, solar);
        ProposePlant wind = solar;
        wind.source = PlantSource::Wind;
        REJECT(f, "founder", ErrorCode::CapacityAboveSourceLimit, wind);
        solar.capacity_w = 3'000'000;
        OK(f, "founder", solar);
        ProposePlant hydro = solar;
        hydro.source = PlantSource::Hydro;
        hydro.capacity_w = 5'000'000;
        OK(f, "founder", hydro);
        // The group may change its limits by referendum (within 5 MW).
        REJECT(f, "founder", ErrorCode::InvalidParams, ProposeChange{ChangeEnergyParams{EnergyParams{75'000, 5'000'000, 6'000'000}}, "too big"});
        const EnergyParams wider{75'000, 5'000'000, 4'000'000};
        OK(f, "founder", ProposeChange{ChangeEnergyParams{wider}, "bigger solar"});
        pass(f);
        QVERIFY(f.state().energy.params == wider);
        QVERIFY(f.events().back().kind == EventKind::ReferendumClosed);
        solar.capacity_w = 4'000'000;
        OK(f, "founder", solar);
    }

    void quotas_are_tracked_by_day() {
        F f;
        const std::uint64_t id = operating_plant(f);
        const EnergyLedger& energy = f.state().energy;
        QVERIFY(energy.tracking);
        // Tracking began with the first block, when alice's admission closed.
        QCOMPARE(energy.tracking_since_day, brasilia_day(kGenesisTime + 30 * kDay));
        const std::int64_t start_day = brasilia_day(f.state().plants.at(id).operating_at_s);
        EQ(energy.quota_tracks.at(f.account("alice")).quota_w_by_day.at(start_day), 10'000);
        // Alice gives the founder 2.5 kW five days later.
        f.end_block(5 * kDay);
        OK(f, "alice", GiftQuota{f.account("founder"), 2'500});
        f.end_block();
        const std::int64_t gift_day = brasilia_day(f.now());
        EQ(quota_on_day(f.state(), f.account("alice"), gift_day - 1), 10'000);
        EQ(quota_on_day(f.state(), f.account("alice"), gift_day), 7'500);
        EQ(quota_on_day(f.state(), f.account("founder"), gift_day), 2'500);
        EQ(quota_on_day(f.state(), f.account("founder"), gift_day - 1), 0);
        QCOMPARE(energy.quota_tracks.at(f.account("founder")).current_utility(), std::string("Light"));
    }

    // --- Compatibility with groups founded before energy readings -------------

    void legacy_genesis_keeps_its_bytes() {
        F f;
        Genesis g = f.genesis();
        QVERIFY(g.energy_params == EnergyParams{});
        // A genesis with the legacy limits is written exactly as before: the
        // old layout ends with the salt.
        g.energy_params = kLegacyEnergyParams;
        const Bytes legacy = codec::to_bytes(g);
        QCOMPARE(Bytes(legacy.end() - 32, legacy.end()), Bytes(g.salt.begin(), g.salt.end()));
        const auto decoded = codec::from_bytes<Genesis>(legacy);
        QVERIFY(decoded.has_value());
        QVERIFY(decoded->energy_params == kLegacyEnergyParams);
        // A new genesis carries the section (tag 1 and three u64) after the salt.
        const Bytes current = codec::to_bytes(f.genesis());
        QCOMPARE(current.size(), legacy.size() + 1 + 24);
        QVERIFY(codec::from_bytes<Genesis>(current)->energy_params == EnergyParams{});
        QVERIFY(f.genesis().group_id() != g.group_id());
        // The legacy limits written out explicitly are not canonical.
        Bytes explicit_legacy = legacy;
        codec::Writer w;
        w.u8(1);
        codec::encode(w, kLegacyEnergyParams);
        explicit_legacy.insert(explicit_legacy.end(), w.data().begin(), w.data().end());
        QVERIFY(!codec::from_bytes<Genesis>(explicit_legacy).has_value());
        Bytes bad_tag = current;
        bad_tag[legacy.size()] = 2;
        QVERIFY(!codec::from_bytes<Genesis>(bad_tag).has_value());
    }

    void legacy_state_keeps_its_bytes() {
        // A group founded with the legacy limits, run through admissions, a
        // plant and a gift, never touches the energy ledger: its state is
        // written in the version 1 layout, which the old decoder read.
        F f;
        Genesis g = f.genesis();
        g.energy_params = kLegacyEnergyParams;
        State s = genesis_state(g);
        QVERIFY(!s.energy.in_use());
        const std::vector<Event> ended = end_block(s, BlockContext{1, kGenesisTime + kDay});
        QVERIFY(!s.energy.tracking);
        const Bytes bytes = codec::to_bytes(s);
        QCOMPARE(int(bytes[0]), 0);
        QCOMPARE(int(bytes[1]), 1); // state encoding version 1
        QCOMPARE(bytes, old_layout(s));
        const auto decoded = codec::from_bytes<State>(bytes);
        QVERIFY(decoded.has_value());
        QVERIFY(!decoded->energy.in_use());
        QCOMPARE(state_root(*decoded), state_root(s));
        // A state that uses energy readings is version 2 and round-trips.
        F energetic;
        operating_plant(energetic);
        const Bytes v2 = codec::to_bytes(energetic.state());
        QCOMPARE(int(v2[1]), 2);
        const auto back = codec::from_bytes<State>(v2);
        QVERIFY(back.has_value());
        QVERIFY(back->energy == energetic.state().energy);
        QCOMPARE(codec::to_bytes(*back), v2);
        // Version 2 with an unused energy ledger is not canonical.
        Bytes fake = old_layout(s);
        fake[1] = 2;
        codec::Writer w;
        codec::encode(w, kLegacyEnergyParams);
        for (int i = 0; i < 3; ++i) w.u32(0);
        w.boolean(false);
        w.i64(0);
        w.u32(0);
        fake.insert(fake.end(), w.data().begin(), w.data().end());
        QVERIFY(!codec::from_bytes<State>(fake).has_value());
    }

private:
    // The state layout written before energy readings existed, field by
    // field, kept here so the current encoder is held to it.
    static Bytes old_layout(const State& s) {
        codec::Writer w;
        w.u16(1);
        w.fixed(s.group_id);
        w.str(s.group_name);
        w.str(s.token_symbol);
        w.boolean(s.dev_group);
        w.i64(s.genesis_time_s);
        codec::encode(w, s.params);
        w.u64(s.height);
        w.i64(s.time_s);
        w.u32(static_cast<std::uint32_t>(s.members.size()));
        for (const auto& [account, member] : s.members) {
            w.fixed(account);
            codec::encode(w, member);
        }
        w.u32(static_cast<std::uint32_t>(s.applicants.size()));
        for (const auto& [account, applicant] : s.applicants) {
            w.fixed(account);
            codec::encode(w, applicant);
        }
        w.u32(static_cast<std::uint32_t>(s.nonces.size()));
        for (const auto& [account, nonce] : s.nonces) {
            w.fixed(account);
            w.u64(nonce);
        }
        w.u32(static_cast<std::uint32_t>(s.plants.size()));
        for (const auto& [id, plant] : s.plants) {
            w.u64(id);
            codec::encode(w, plant);
        }
        w.u32(static_cast<std::uint32_t>(s.referendums.size()));
        for (const auto& [id, referendum] : s.referendums) {
            w.u64(id);
            codec::encode(w, referendum);
        }
        w.u32(static_cast<std::uint32_t>(s.offers.size()));
        for (const auto& [id, offer] : s.offers) {
            w.u64(id);
            codec::encode(w, offer);
        }
        w.u32(static_cast<std::uint32_t>(s.validators.size()));
        for (const PublicKey& key : s.validators) w.fixed(key);
        w.u32(static_cast<std::uint32_t>(s.data_public_keys.size()));
        for (const PublicKey& key : s.data_public_keys) w.fixed(key);
        w.boolean(s.key_rotation_pending);
        w.u64(s.capacity_w);
        w.u64(s.tokens_issued_msb);
        w.u64(s.tokens_burned_msb);
        w.u64(s.next_plant_id);
        w.u64(s.next_referendum_id);
        w.u64(s.next_offer_id);
        return w.take();
    }
};

QTEST_APPLESS_MAIN(TestReadings)
#include "test_readings.moc"
