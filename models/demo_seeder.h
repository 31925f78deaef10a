#pragma once
// Plays the demo group's history through the rules (see Workspace::seedDemo).

#include "models/workspace.h"

#include <QJsonObject>

#include <map>
#include <vector>

namespace models {

class DemoSeeder {
public:
    // The history starts this long before the present.
    static constexpr std::int64_t kHistoryLength_s = 200 * 86400;

    explicit DemoSeeder(QString data_dir);
    OpenedNode run(const QByteArray& seed_json);

private:
    struct Person {
        QString name;
        chain::crypto::KeyPair key;
        chain::AccountId account{};
    };

    bool found(const QJsonObject& seed);
    void submit(const Person& author, chain::Operation op);
    // Makes blocks for what waits; false (and error_) if a block failed.
    bool settle();
    // Moves the clock forward (catching up with the present) and settles.
    bool pass(std::int64_t seconds);
    void admitAll(const std::vector<Person>& people, const QJsonObject& seed);
    std::uint64_t propose(const Person& proposer, const QJsonObject& plant);
    std::uint64_t referendumOfPlant(std::uint64_t plant_id) const;
    void voteAll(std::uint64_t referendum_id, std::size_t yes_count, std::size_t no_count);
    // Pledges `percent` of the plant's cost, split among `funders`.
    void fund(std::uint64_t plant_id, unsigned percent, std::size_t funders_first, std::size_t funders_count);
    void addApplicants(const QJsonArray& applicants);
    void makeTrades();

    QString data_dir_;
    std::shared_ptr<std::int64_t> lag_s_ = std::make_shared<std::int64_t>(kHistoryLength_s);
    std::unique_ptr<chain::LocalNode> node_;
    std::vector<Person> people_; // [0] is the founder, the demo's "me"
    QString error_;
};

} // namespace models
