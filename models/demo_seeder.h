#pragma once
// Plays the demo group's history through the rules (see Workspace::seedDemo).

#include "models/workspace.h"

#include <QJsonObject>

#include <map>
#include <vector>

namespace models {

class DemoSeeder {
public:
    // The history starts this long before the present: the energy plants'
    // set-up, then two years of monthly readings, the last 170 days of which
    // hold the votes, campaigns and trades the other screens show.
    static constexpr std::int64_t kHistoryLength_s = 880 * 86400;
    static constexpr std::int64_t kRecentHistory_s = 170 * 86400;
    // Readings of a month are recorded this long after it ends, as a bill arrives.
    static constexpr std::int64_t kBillDelay_s = 4 * 86400;

    explicit DemoSeeder(QString data_dir);
    OpenedNode run(const QByteArray& seed_json);

private:
    struct Person {
        QString name;
        chain::crypto::KeyPair key;
        chain::AccountId account{};
        // Energy: the mean monthly consumption of the consumer unit and its connection.
        std::uint64_t mean_consumption_wh = 0;
        chain::Connection connection = chain::Connection::SinglePhase;
    };

    bool found(const QJsonObject& seed);
    void submit(const Person& author, chain::Operation op);
    // Makes blocks for what waits; false (and error_) if a block failed.
    bool settle();
    // Moves the clock forward (catching up with the present) and settles.
    bool pass(std::int64_t seconds);
    void admitAll(const std::vector<Person>& people, const QJsonArray& members);
    std::uint64_t propose(const Person& proposer, const QJsonObject& plant);
    std::uint64_t referendumOfPlant(std::uint64_t plant_id) const;
    void voteAll(std::uint64_t referendum_id, std::size_t yes_count, std::size_t no_count);
    // Pledges `percent` of the plant's cost, split among `funders`.
    void fund(std::uint64_t plant_id, unsigned percent, std::size_t funders_first, std::size_t funders_count);
    void addApplicants(const QJsonArray& applicants);
    void makeTrades();
    // Energy credits: consumption profiles, the plants that cover them,
    // funded by every member in proportion to their consumption.
    void assignConsumption(const QJsonObject& energy);
    void setUpEnergyPlants(const QJsonObject& energy);
    // Records every reading of `month` (consumption of each member,
    // generation of each operating plant by its operator).
    void recordReadings(std::uint32_t month);
    // Records the readings of every month whose bill has arrived.
    void recordDueReadings();

    QString data_dir_;
    std::shared_ptr<std::int64_t> lag_s_ = std::make_shared<std::int64_t>(kHistoryLength_s);
    std::unique_ptr<chain::LocalNode> node_;
    std::vector<Person> people_; // [0] is the founder, the demo's "me"
    QJsonObject energy_;
    std::uint32_t next_reading_month_ = 0; // 0 until the first energy plant operates
    std::uint64_t random_state_ = 0;       // the member-to-member variation, from a fixed seed
    std::uint64_t nextRandom();
    QString error_;
};

} // namespace models
