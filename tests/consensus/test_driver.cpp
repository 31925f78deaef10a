// chain::consensus::Driver: the safety rule when storage fails. The driver is
// given outputs by hand (records, messages, timers, a decision) over an
// in-memory storage that fails on demand; the node and the simulator run the
// same code (docs/CONSENSUS.md section 7, "Fail-stop").

#include "consensus/driver.h"

#include <QtTest>

using namespace chain;
using namespace chain::consensus;

namespace {

// Saves into a map of height -> encoded records; fails while told to.
class MemoryStorage final : public RecordStorage {
public:
    std::optional<std::string> save(const std::vector<Record>& records) override {
        ++saves;
        if (fail_saves) return std::string("database or disk is full");
        for (const Record& record : records) rows[record_height(record)].push_back(encode_record(record));
        return std::nullopt;
    }
    std::optional<std::vector<Bytes>> load(std::uint64_t height, std::string* error) override {
        if (fail_loads) {
            *error = "disk I/O error";
            return std::nullopt;
        }
        return rows[height];
    }
    bool fail_saves = false;
    bool fail_loads = false;
    int saves = 0;
    std::map<std::uint64_t, std::vector<Bytes>> rows;
};

Vote vote(std::uint64_t height, std::uint32_t round, VoteType type) {
    Vote v;
    v.type = type;
    v.height = height;
    v.round = round;
    v.block_hash = Hash256{};
    v.block_hash->fill(0x42);
    return v;
}

// An output as the machine makes one when it signs a prevote.
Output signed_prevote(std::uint64_t height) {
    Output out;
    out.persist.push_back(vote(height, 0, VoteType::Prevote));
    out.broadcast.push_back(vote(height, 0, VoteType::Prevote));
    out.timers.push_back(Timer{height, 0, TimeoutKind::Prevote, 300});
    return out;
}

// A re-send: messages the machine signed earlier, with nothing to persist.
Output resend(std::uint64_t height) {
    Output out;
    out.broadcast.push_back(vote(height, 0, VoteType::Prevote));
    return out;
}

} // namespace

class TestDriver : public QObject {
    Q_OBJECT
private slots:
    void saved_records_let_the_output_through();
    void an_output_without_records_is_not_saved();
    void a_failed_save_sends_nothing_and_stops_for_good();
    void a_stop_from_the_node_stops_it_too();
    void records_are_read_back_in_order();
    void an_unreadable_height_stops_it();
    void a_record_that_does_not_decode_stops_it();
};

void TestDriver::saved_records_let_the_output_through() {
    MemoryStorage storage;
    Driver driver(storage);
    const Driver::Actions actions = driver.handle(signed_prevote(5), 5);
    QCOMPARE(storage.saves, 1);
    QCOMPARE(storage.rows[5].size(), std::size_t{1});
    QCOMPARE(actions.broadcast.size(), std::size_t{1});
    QCOMPARE(actions.timers.size(), std::size_t{1});
    QVERIFY(!driver.stopped());
}

void TestDriver::an_output_without_records_is_not_saved() {
    MemoryStorage storage;
    Driver driver(storage);
    QCOMPARE(driver.handle(resend(5), 5).broadcast.size(), std::size_t{1});
    QCOMPARE(storage.saves, 0);
}

// The machine keeps what it signed and re-sends it: after a failed save,
// neither the output nor any later one may reach the wire.
void TestDriver::a_failed_save_sends_nothing_and_stops_for_good() {
    MemoryStorage storage;
    Driver driver(storage);
    storage.fail_saves = true;
    Output out = signed_prevote(7);
    out.decision = Decision{};
    const Driver::Actions actions = driver.handle(std::move(out), 7);
    QVERIFY(actions.broadcast.empty());
    QVERIFY(actions.timers.empty());
    QVERIFY(!actions.decision);
    QVERIFY(driver.stopped());
    QCOMPARE(driver.failure()->why, DriverStop::RecordsNotSaved);
    QCOMPARE(driver.failure()->height, std::uint64_t{7});
    QCOMPARE(driver.failure()->detail, std::string("database or disk is full"));
    // The disk works again, but the process must restart first: the re-send
    // of the unsaved vote and any new output are still dropped.
    storage.fail_saves = false;
    QVERIFY(driver.handle(resend(7), 7).broadcast.empty());
    QVERIFY(driver.handle(signed_prevote(7), 7).broadcast.empty());
    QCOMPARE(storage.saves, 1);
}

void TestDriver::a_stop_from_the_node_stops_it_too() {
    MemoryStorage storage;
    Driver driver(storage);
    driver.stop(DriverStop::Told, 9, "blocks 9 to 9 were not saved");
    QVERIFY(driver.stopped());
    QVERIFY(driver.handle(resend(9), 9).broadcast.empty());
    // The first reason stays.
    driver.stop(DriverStop::RecordsNotSaved, 10, "later");
    QCOMPARE(driver.failure()->why, DriverStop::Told);
}

void TestDriver::records_are_read_back_in_order() {
    MemoryStorage storage;
    Driver driver(storage);
    (void)driver.handle(signed_prevote(3), 3);
    Output precommit;
    precommit.persist.push_back(vote(3, 0, VoteType::Precommit));
    (void)driver.handle(std::move(precommit), 3);
    const std::optional<std::vector<Record>> records = driver.load_records(3);
    QVERIFY(records);
    QCOMPARE(records->size(), std::size_t{2});
    QCOMPARE(std::get<Vote>(records->at(0)).type, VoteType::Prevote);
    QCOMPARE(std::get<Vote>(records->at(1)).type, VoteType::Precommit);
    QVERIFY(driver.load_records(4)->empty());
    QVERIFY(!driver.stopped());
}

// Not an empty list: starting the height afresh could sign a conflicting vote.
void TestDriver::an_unreadable_height_stops_it() {
    MemoryStorage storage;
    Driver driver(storage);
    (void)driver.handle(signed_prevote(3), 3);
    storage.fail_loads = true;
    QVERIFY(!driver.load_records(3));
    QVERIFY(driver.stopped());
    QCOMPARE(driver.failure()->why, DriverStop::RecordsNotRead);
    QCOMPARE(driver.failure()->detail, std::string("disk I/O error"));
}

void TestDriver::a_record_that_does_not_decode_stops_it() {
    MemoryStorage storage;
    Driver driver(storage);
    storage.rows[3].push_back(Bytes{0xde, 0xad});
    QVERIFY(!driver.load_records(3));
    QVERIFY(driver.stopped());
    QCOMPARE(driver.failure()->why, DriverStop::RecordsNotRead);
}

QTEST_MAIN(TestDriver)
#include "test_driver.moc"
