#include "models/demo_seeder.h"

#include "node/units.h"
#include "rules/energy.h"
#include "rules/profile.h"

#include <QDir>

#include <algorithm>
#include <QJsonArray>
#include <QJsonDocument>

namespace models {

namespace {

// Products of money or energy by a weight overflow 64 bits before the division.
__extension__ using U128 = unsigned __int128;

chain::PlantSource sourceOf(const QString& name) {
    if (name == QLatin1String("wind")) return chain::PlantSource::Wind;
    if (name == QLatin1String("hydro")) return chain::PlantSource::Hydro;
    if (name == QLatin1String("biomass")) return chain::PlantSource::Biomass;
    if (name == QLatin1String("biogas")) return chain::PlantSource::Biogas;
    if (name == QLatin1String("solar")) return chain::PlantSource::Solar;
    return chain::PlantSource::Other;
}

chain::Profile profileOf(const QJsonObject& person) {
    return chain::make_profile(person[QLatin1String("name")].toString().toStdString(),
                               person[QLatin1String("unit")].toString().toStdString());
}

// The members that bring the demo to the scale of the original study: names
// combined from two lists, consecutive consumer-unit numbers.
QJsonArray generatedMembers(const QJsonObject& spec) {
    QJsonArray generated;
    const QJsonArray first_names = spec[QLatin1String("first_names")].toArray();
    const QJsonArray surnames = spec[QLatin1String("surnames")].toArray();
    if (first_names.isEmpty() || surnames.isEmpty()) return generated;
    const qlonglong first_unit = spec[QLatin1String("first_units_from")].toString().toLongLong();
    for (int i = 0; i < spec[QLatin1String("count")].toInt(); ++i) {
        QJsonObject person;
        // Stepping the surnames by 7 (prime to the list's length) keeps every name distinct.
        person[QLatin1String("name")] = first_names[i % first_names.size()].toString() + QLatin1Char(' ') +
                                        surnames[(7 * i + 3) % surnames.size()].toString();
        person[QLatin1String("unit")] = QStringLiteral("%1").arg(first_unit + i, 10, 10, QLatin1Char('0'));
        person[QLatin1String("utility")] = spec[QLatin1String("utility")];
        generated.append(person);
    }
    return generated;
}

std::uint64_t monthEntry(const QJsonObject& energy, const char* key, std::uint32_t month) {
    const QJsonArray values = energy[QLatin1String(key)].toArray();
    return values.size() == 12 ? std::uint64_t(values[int(month % 100) - 1].toInt()) : 0;
}

} // namespace

DemoSeeder::DemoSeeder(QString data_dir) : data_dir_(std::move(data_dir)) {}

void DemoSeeder::submit(const Person& author, chain::Operation op) {
    chain::Transaction tx;
    tx.group_id = node_->summary().group_id;
    tx.author = author.key.public_key();
    tx.nonce = node_->next_nonce(author.account);
    tx.valid_until_s = node_->now() + static_cast<std::int64_t>(chain::kSecondsPerDay);
    tx.op = std::move(op);
    tx.sign(author.key);
    const chain::SubmitResult result = node_->submit(tx);
    if (!result.accepted() && error_.isEmpty())
        error_ = QStringLiteral("demo seed: %1 refused: %2")
                     .arg(QString::fromLatin1(chain::operation_name(tx.op)), QString::fromStdString(result.rejection->message));
}

bool DemoSeeder::settle() {
    const chain::Result<std::uint64_t> made = node_->produce_until_idle();
    if (!made.ok() && error_.isEmpty()) error_ = QString::fromStdString(made.error().message);
    return made.ok();
}

bool DemoSeeder::pass(std::int64_t seconds) {
    // A day at a time, so that each deadline is settled on its own day rather
    // than all at once at the end of the span.
    const std::int64_t day_s = 86400;
    while (seconds > 0 && *lag_s_ > 0) {
        const std::int64_t step_s = std::min({seconds, day_s, *lag_s_});
        *lag_s_ -= step_s;
        seconds -= step_s;
        if (!settle()) return false;
        recordDueReadings();
    }
    return true;
}

std::uint64_t DemoSeeder::nextRandom() {
    // splitmix64: the same variation on every machine and every run.
    std::uint64_t z = (random_state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

void DemoSeeder::assignConsumption(const QJsonObject& energy) {
    random_state_ = std::uint64_t(energy[QLatin1String("random_seed")].toInteger());
    const std::uint64_t count = people_.size();
    const std::uint64_t prosumers = std::uint64_t(energy[QLatin1String("prosumers")].toInt());
    const std::uint64_t prosumer_mean_wh = std::uint64_t(energy[QLatin1String("prosumer_mean_kwh")].toInt()) * 1000;
    const std::uint64_t consumer_mean_wh = std::uint64_t(energy[QLatin1String("consumer_mean_kwh")].toInt()) * 1000;
    // Stepping by 37 (prime to 130) spreads the prosumers over the member list.
    const auto is_prosumer = [&](std::uint64_t i) { return (i * 37) % count < prosumers; };
    std::uint64_t raw_sum[2] = {0, 0};
    for (std::uint64_t i = 0; i < count; ++i) {
        const bool prosumer = is_prosumer(i);
        // Each unit within ±30 % of its group's mean, rescaled below so the means hold exactly.
        people_[i].mean_consumption_wh = (prosumer ? prosumer_mean_wh : consumer_mean_wh) * (700 + nextRandom() % 601) / 1000;
        raw_sum[prosumer] += people_[i].mean_consumption_wh;
        people_[i].connection = !prosumer              ? chain::Connection::ThreePhase
                                : nextRandom() % 3 == 0 ? chain::Connection::SinglePhase
                                                        : chain::Connection::TwoPhase;
    }
    const std::uint64_t target[2] = {consumer_mean_wh * (count - std::min(prosumers, count)), prosumer_mean_wh * std::min(prosumers, count)};
    for (std::uint64_t i = 0; i < count; ++i) {
        const int kind = is_prosumer(i) ? 1 : 0;
        if (raw_sum[kind] > 0) people_[i].mean_consumption_wh = people_[i].mean_consumption_wh * target[kind] / raw_sum[kind];
    }
}

void DemoSeeder::setUpEnergyPlants(const QJsonObject& energy) {
    std::vector<std::uint64_t> plants;
    const QJsonArray specs = energy[QLatin1String("plants")].toArray();
    for (int i = 0; i < specs.size(); ++i) plants.push_back(propose(people_[std::size_t(i) + 1], specs[i].toObject()));
    for (std::uint64_t plant : plants) {
        submit(people_[0], chain::CastVote{referendumOfPlant(plant), true});
        voteAll(referendumOfPlant(plant), people_.size() - 1, 0);
    }
    pass(31 * 86400);
    // Every member funds the plants in proportion to their consumption (the
    // founder somewhat more, so that her account banks credit in summer).
    const std::uint64_t founder_weight = std::uint64_t(energy[QLatin1String("founder_pledge_weight_percent")].toInt(100));
    std::int64_t longest_ttm_s = 0;
    for (std::uint64_t id : plants) {
        const std::optional<chain::Plant> plant = node_->plant(id);
        if (!plant) continue;
        longest_ttm_s = std::max(longest_ttm_s, std::int64_t(plant->time_to_market_s));
        // Only members connected to the plant's utility may fund it.
        std::vector<std::pair<std::size_t, std::uint64_t>> funders; // (person, weight)
        std::uint64_t weight_sum = 0;
        for (std::size_t i = 0; i < people_.size(); ++i) {
            const std::optional<chain::Member> member = node_->member(people_[i].account);
            if (!member || member->utility != plant->utility) continue;
            funders.emplace_back(i, people_[i].mean_consumption_wh * (i == 0 ? founder_weight : 100));
            weight_sum += funders.back().second;
        }
        std::uint64_t placed_cents = 0;
        for (std::size_t n = 0; n < funders.size() && weight_sum > 0; ++n) {
            // Whole reais; the last pledge completes the campaign exactly.
            const std::uint64_t share_cents =
                n + 1 == funders.size() ? plant->cost_cents - placed_cents
                                        : std::uint64_t(U128(plant->cost_cents) * funders[n].second / weight_sum) / 100 * 100;
            submit(people_[funders[n].first], chain::PlacePledge{id, share_cents});
            placed_cents += share_cents;
        }
        settle();
    }
    pass(longest_ttm_s + 2 * 86400);
    std::int64_t first_start_s = 0;
    for (std::uint64_t id : plants)
        if (const std::optional<chain::Plant> plant = node_->plant(id); plant && plant->status == chain::PlantStatus::Operating)
            first_start_s = first_start_s == 0 ? plant->operating_at_s : std::min(first_start_s, plant->operating_at_s);
    if (first_start_s == 0) {
        if (error_.isEmpty()) error_ = QStringLiteral("demo seed: the energy plants did not start");
        return;
    }
    next_reading_month_ = chain::month_of(first_start_s);
    recordDueReadings();
}

void DemoSeeder::recordDueReadings() {
    while (next_reading_month_ != 0 &&
           node_->now() >= chain::month_start_s(chain::add_months(next_reading_month_, 1)) + kBillDelay_s) {
        recordReadings(next_reading_month_);
        next_reading_month_ = chain::add_months(next_reading_month_, 1);
    }
}

void DemoSeeder::recordReadings(std::uint32_t month) {
    const std::int64_t month_start_s = chain::month_start_s(month);
    const std::int64_t month_end_s = chain::month_start_s(chain::add_months(month, 1));
    const std::uint64_t season_permille = monthEntry(energy_, "consumption_season_permille", month);
    for (const Person& person : people_) {
        if (!node_->member(person.account) || person.mean_consumption_wh == 0) continue;
        // ±6 % from one month to the next around the season's profile.
        const std::uint64_t wh = person.mean_consumption_wh * season_permille / 1000 * (940 + nextRandom() % 121) / 1000;
        submit(person, chain::RecordConsumption{month, wh, month_end_s + 2 * 86400, person.connection});
    }
    // A plant's month: the atlas's daily irradiation on the tilted plane
    // (Wh/m² a day) × the month's days × the performance ratio gives Wh per
    // Wp, as a watt-peak is rated at 1,000 W/m².
    const std::uint64_t irradiation_wh_per_m2_day = monthEntry(energy_, "irradiation_tilted_wh_per_m2_day", month);
    const std::uint64_t performance_ratio_permille =
        std::uint64_t(energy_[QLatin1String("performance_ratio_permille")].toInt());
    const std::uint64_t days_in_month = std::uint64_t(month_end_s - month_start_s) / 86400;
    const chain::State state = node_->committed_state();
    for (const chain::Plant& plant : node_->plants()) {
        if (plant.status != chain::PlantStatus::Operating || plant.operating_at_s >= month_end_s) continue;
        const auto op = std::find_if(people_.begin(), people_.end(), [&](const Person& p) {
            return p.account == chain::plant_operator(state, plant);
        });
        if (op == people_.end()) continue;
        // A plant that started mid-month generates for its days only.
        const std::int64_t operating_s = month_end_s - std::max(month_start_s, plant.operating_at_s);
        const std::uint64_t full_month_wh =
            std::uint64_t(U128(plant.capacity_w) * irradiation_wh_per_m2_day * days_in_month * performance_ratio_permille /
                          (1000 * 1000));
        const std::uint64_t wh = std::uint64_t(U128(full_month_wh) * std::uint64_t(operating_s) /
                                               std::uint64_t(month_end_s - month_start_s)) *
                                 (970 + nextRandom() % 61) / 1000;
        if (wh > 0) submit(*op, chain::RecordGeneration{plant.id, month, wh});
    }
    settle();
}

bool DemoSeeder::found(const QJsonObject& seed) {
    const QJsonObject founder = seed[QLatin1String("founder")].toObject();
    Person marta{founder[QLatin1String("name")].toString(), chain::crypto::KeyPair::generate(), {}};
    marta.account = chain::crypto::account_id(marta.key.public_key());

    chain::FoundingInput input;
    input.group_name = seed[QLatin1String("group")].toString().toStdString();
    input.token_symbol = seed[QLatin1String("token")].toString(QStringLiteral("SEB")).toStdString();
    input.dev_group = true;
    input.time_s = systemClock_s() - *lag_s_;
    input.founder_utility = founder[QLatin1String("utility")].toString().toStdString();
    input.founder_profile = profileOf(founder);
    const chain::crypto::KeyPair node_key = chain::crypto::KeyPair::generate();
    const chain::Founding founding = chain::found_group(input, marta.key, node_key.public_key());
    QDir().mkpath(data_dir_);
    const std::shared_ptr<std::int64_t> lag = lag_s_;
    node_ = chain::LocalNode::create(data_dir_, founding.genesis, node_key, [lag] { return systemClock_s() - *lag; }, &error_);
    if (!node_) return false;
    // The founder's key lets the node hand the group data key to each new member.
    node_->add_member_key(marta.key);
    people_.push_back(std::move(marta));
    return true;
}

void DemoSeeder::admitAll(const std::vector<Person>& people, const QJsonArray& members) {
    for (std::size_t i = 0; i < people.size(); ++i) {
        const QJsonObject person = members[int(i)].toObject();
        const chain::Profile profile = profileOf(person);
        submit(people[i], chain::RequestAdmission{person[QLatin1String("utility")].toString().toStdString(),
                                                  chain::profile_commitment(profile),
                                                  chain::seal_profile(profile, node_->summary().data_key_epoch,
                                                                      node_->data_public_key())});
    }
    settle();
    // With the founder the only member, her YES carries every admission.
    for (const chain::Applicant& applicant : node_->applicants())
        submit(people_[0], chain::CastVote{applicant.referendum_id, true});
    settle();
}

std::uint64_t DemoSeeder::propose(const Person& proposer, const QJsonObject& plant) {
    chain::ProposePlant op;
    op.name = plant[QLatin1String("name")].toString().toStdString();
    op.source = sourceOf(plant[QLatin1String("source")].toString());
    op.capacity_w = chain::units::parse_kw(plant[QLatin1String("kw")].toString().toStdString()).value.value_or(0);
    op.cost_cents = chain::units::parse_brl(plant[QLatin1String("cost")].toString().toStdString()).value.value_or(0);
    op.utility = plant[QLatin1String("utility")].toString().toStdString();
    op.location = plant[QLatin1String("location")].toString().toStdString();
    op.time_to_market_s = std::uint64_t(plant[QLatin1String("ttm_days")].toInt()) * chain::kSecondsPerDay;
    submit(proposer, op);
    settle();
    std::uint64_t id = 0;
    for (const chain::Plant& p : node_->plants())
        if (p.name == op.name) id = p.id;
    return id;
}

std::uint64_t DemoSeeder::referendumOfPlant(std::uint64_t plant_id) const {
    const std::optional<chain::Plant> plant = node_->plant(plant_id);
    return plant ? plant->referendum_id : 0;
}

void DemoSeeder::voteAll(std::uint64_t referendum_id, std::size_t yes_count, std::size_t no_count) {
    // Members vote in order after the founder, who is left out so that the
    // demo has votes awaiting its user.
    std::size_t cast = 0;
    for (std::size_t i = 1; i < people_.size() && cast < yes_count + no_count; ++i, ++cast)
        submit(people_[i], chain::CastVote{referendum_id, cast < yes_count});
    settle();
}

void DemoSeeder::fund(std::uint64_t plant_id, unsigned percent, std::size_t funders_first, std::size_t funders_count) {
    const std::optional<chain::Plant> plant = node_->plant(plant_id);
    if (!plant || funders_count == 0) return;
    const std::uint64_t target_cents = plant->cost_cents / 100 * percent;
    std::uint64_t placed_cents = 0;
    for (std::size_t n = 0; n < funders_count; ++n) {
        const std::size_t i = funders_first + n;
        if (i >= people_.size()) break;
        const Person& funder = people_[i];
        const std::optional<chain::Member> member = node_->member(funder.account);
        if (!member || member->utility != plant->utility) continue;
        // Uneven shares make the quota chart worth looking at.
        std::uint64_t share_cents = target_cents / funders_count * (n % 3 + 1) / 2 / 100 * 100;
        if (n + 1 == funders_count || placed_cents + share_cents > target_cents) share_cents = target_cents - placed_cents;
        if (share_cents < 100'00) continue;
        submit(funder, chain::PlacePledge{plant_id, share_cents});
        placed_cents += share_cents;
        if (placed_cents >= target_cents) break;
    }
    settle();
}

void DemoSeeder::addApplicants(const QJsonArray& applicants) {
    for (const QJsonValue& value : applicants) {
        const QJsonObject person = value.toObject();
        Person p{person[QLatin1String("name")].toString(), chain::crypto::KeyPair::generate(), {}};
        p.account = chain::crypto::account_id(p.key.public_key());
        const chain::Profile profile = profileOf(person);
        submit(p, chain::RequestAdmission{person[QLatin1String("utility")].toString().toStdString(),
                                          chain::profile_commitment(profile),
                                          chain::seal_profile(profile, node_->summary().data_key_epoch, node_->data_public_key())});
    }
    settle();
}

void DemoSeeder::makeTrades() {
    const std::int64_t week_s = 7 * 86400;
    // Finished trades for the history, then offers still open for the user.
    submit(people_[2], chain::MakeOffer{people_[3].account, chain::OfferSide::SellQuota, 1000, 1200, node_->now() + week_s});
    settle();
    for (const chain::Offer& o : node_->offers())
        if (o.maker == people_[2].account && o.status == chain::OfferStatus::Open) submit(people_[3], chain::AcceptOffer{o.id});
    submit(people_[0], chain::GiftTokens{people_[1].account, 500});
    submit(people_[4], chain::GiftQuota{people_[5].account, 500});
    settle();
    submit(people_[6], chain::MakeOffer{people_[0].account, chain::OfferSide::SellQuota, 2000, 2500, node_->now() + 3 * week_s});
    submit(people_[7], chain::MakeOffer{people_[0].account, chain::OfferSide::BuyQuota, 1500, 1800, node_->now() + 3 * week_s});
    submit(people_[0], chain::MakeOffer{people_[8].account, chain::OfferSide::SellQuota, 1000, 1300, node_->now() + 3 * week_s});
    settle();
}

OpenedNode DemoSeeder::run(const QByteArray& seed_json) {
    OpenedNode opened;
    const QJsonObject seed = QJsonDocument::fromJson(seed_json).object();
    if (seed.isEmpty() || !found(seed)) {
        opened.error = error_.isEmpty() ? QStringLiteral("the demo seed file does not parse") : error_;
        return opened;
    }
    const std::int64_t day_s = 86400;
    QJsonArray members = seed[QLatin1String("members")].toArray();
    for (const QJsonValue& generated : generatedMembers(seed[QLatin1String("generated_members")].toObject()))
        members.append(generated);
    std::vector<Person> joiners;
    for (const QJsonValue& value : members) {
        Person p{value.toObject()[QLatin1String("name")].toString(), chain::crypto::KeyPair::generate(), {}};
        p.account = chain::crypto::account_id(p.key.public_key());
        joiners.push_back(p);
    }
    admitAll(joiners, members);
    pass(31 * day_s);
    for (Person& p : joiners) people_.push_back(std::move(p));
    const std::size_t voters = people_.size() - 1;

    energy_ = seed[QLatin1String("energy")].toObject();
    assignConsumption(energy_);
    setUpEnergyPlants(energy_);
    // Two years of monthly readings, up to the recent history.
    pass(*lag_s_ - kRecentHistory_s);

    const QJsonObject plants = seed[QLatin1String("plants")].toObject();
    const std::uint64_t small = propose(people_[1], plants[QLatin1String("operating_small")].toObject());
    const std::uint64_t large = propose(people_[2], plants[QLatin1String("operating_large")].toObject());
    const std::uint64_t rejected = propose(people_[5], plants[QLatin1String("rejected")].toObject());
    submit(people_[0], chain::CastVote{referendumOfPlant(small), true});
    submit(people_[0], chain::CastVote{referendumOfPlant(large), true});
    voteAll(referendumOfPlant(small), voters - 3, 2);
    voteAll(referendumOfPlant(large), voters - 6, 4);
    voteAll(referendumOfPlant(rejected), 6, voters - 10);
    pass(31 * day_s);

    fund(small, 100, 0, 8);
    fund(large, 100, 6, 18);
    const std::uint64_t failed = propose(people_[9], plants[QLatin1String("failed")].toObject());
    submit(people_[0], chain::CastVote{referendumOfPlant(failed), true});
    voteAll(referendumOfPlant(failed), voters - 12, 5);
    pass(31 * day_s);

    fund(failed, 20, 10, 5);
    pass(61 * day_s);

    const std::uint64_t building = propose(people_[11], plants[QLatin1String("building")].toObject());
    const std::uint64_t campaign = propose(people_[3], plants[QLatin1String("campaign")].toObject());
    submit(people_[0], chain::CastVote{referendumOfPlant(building), true});
    submit(people_[0], chain::CastVote{referendumOfPlant(campaign), true});
    voteAll(referendumOfPlant(building), voters - 4, 1);
    voteAll(referendumOfPlant(campaign), voters - 8, 3);
    pass(31 * day_s);

    makeTrades();

    fund(building, 100, 1, 10);
    fund(campaign, 45, 12, 9);
    const std::uint64_t proposed = propose(people_[4], plants[QLatin1String("proposed")].toObject());
    voteAll(referendumOfPlant(proposed), 9, 4);
    addApplicants(seed[QLatin1String("applicants")].toArray());
    for (const chain::Applicant& applicant : node_->applicants()) voteAll(applicant.referendum_id, 7, 1);
    pass(10 * day_s);
    pass(*lag_s_);

    if (!error_.isEmpty()) {
        opened.error = error_;
        return opened;
    }
    // The founder's key is kept as the demo wallet, so the demo can be opened again.
    const chain::Bytes store = chain::crypto::encrypt_key_store(people_[0].key, Workspace::kDemoPassphrase);
    QDir().mkpath(chain::LocalNode::wallets_path(data_dir_));
    chain::write_private_file(chain::WalletStore(chain::LocalNode::wallets_path(data_dir_)).path(QString::fromLatin1(Workspace::kDemoWalletName)),
                              store);
    opened.identity = people_[0].key;
    chain::LocalNode* node = node_.get();
    opened.clock = [node] { return node->now(); };
    opened.node = std::move(node_);
    return opened;
}

} // namespace models
