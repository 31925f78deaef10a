#include "common.h"

#include "rules/profile.h"
#include "rules/rules.h"

#include <QProcess>
#include <QRegularExpression>

#include <algorithm>
#include <cstdio>
#include <thread>

namespace bench {

using namespace chain;

unsigned core_count() { return std::max(1u, std::thread::hardware_concurrency()); }

double openssl_verify_rate(unsigned cores, int seconds, QString* error) {
    QProcess openssl;
    QStringList arguments{QStringLiteral("speed"), QStringLiteral("-seconds"), QString::number(seconds)};
    if (cores > 1) arguments << QStringLiteral("-multi") << QString::number(cores);
    arguments << QStringLiteral("ecdsap256");
    openssl.start(QStringLiteral("openssl"), arguments);
    if (!openssl.waitForFinished(seconds * 4000 + 60'000) || openssl.exitCode() != 0) {
        *error = QStringLiteral("openssl speed failed: %1").arg(openssl.errorString());
        return 0;
    }
    // The summary line: " 256 bits ecdsa (nistp256)   0.0000s   0.0001s  35188.0  12877.0"
    // (sign s, verify s, sign/s, verify/s); with -multi the rates are the sums over the processes.
    const QString output = QString::fromLocal8Bit(openssl.readAllStandardOutput());
    static const QRegularExpression line(
        QStringLiteral(R"(256 bits ecdsa \(nistp256\)\s+\S+\s+\S+\s+([0-9.]+)\s+([0-9.]+))"));
    const QRegularExpressionMatch match = line.match(output);
    if (!match.hasMatch()) {
        *error = QStringLiteral("cannot read the verify rate in openssl's output");
        return 0;
    }
    return match.captured(2).toDouble();
}

bool VerifyReference::measure(QString* error) {
    const double rate = openssl_verify_rate(cores_, seconds_, error);
    if (rate <= 0) return false;
    rates_.push_back(rate);
    print_figure(std::string(rates_.size() == 1 ? "before: " : "after: ") + "openssl speed -multi " +
                     std::to_string(cores_) + " ecdsap256 verify",
                 rate, "verify/s");
    return true;
}

double VerifyReference::mean() const {
    double sum = 0;
    for (const double rate : rates_) sum += rate;
    return rates_.empty() ? 0 : sum / static_cast<double>(rates_.size());
}

void parallel_for(std::size_t count, unsigned threads, const std::function<void(std::size_t)>& work) {
    threads = static_cast<unsigned>(std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(count, 1)));
    std::vector<std::jthread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (std::size_t i = count * t / threads; i < count * (t + 1) / threads; ++i) work(i);
        });
    for (std::size_t i = 0; i < count / threads; ++i) work(i);
}

BenchGroup::BenchGroup(std::size_t validator_count, std::int64_t genesis_time_s)
    : founder(crypto::KeyPair::generate()) {
    for (std::size_t i = 0; i < validator_count; ++i) validators.push_back(crypto::KeyPair::generate());
    FoundingInput input;
    input.group_name = "Cooperativa Solar Benchmark";
    input.time_s = genesis_time_s;
    input.founder_utility = "Light";
    input.founder_profile = make_profile("Fundadora Benchmark", "1234");
    genesis = found_group(input, founder, validators.at(0).public_key()).genesis;
    genesis.validators.clear();
    for (const crypto::KeyPair& key : validators) genesis.validators.push_back(key.public_key());
    std::sort(genesis.validators.begin(), genesis.validators.end());
}

BenchGroup::BenchGroup(Genesis genesis_, crypto::KeyPair founder_, std::vector<crypto::KeyPair> validators_)
    : genesis(std::move(genesis_)), founder(std::move(founder_)), validators(std::move(validators_)) {}

std::vector<Transaction> BenchGroup::profile_updates(std::uint64_t first_nonce, std::size_t count,
                                                     std::int64_t valid_until_s) const {
    const Hash256 group_id = genesis.group_id();
    const SealedProfile sealed = seal_profile(make_profile("Fundadora Benchmark", "1234"), 0, genesis.data_public_key);
    std::vector<Transaction> out(count);
    parallel_for(count, core_count(), [&](std::size_t i) {
        Transaction& tx = out[i];
        tx.group_id = group_id;
        tx.nonce = first_nonce + i;
        tx.valid_until_s = valid_until_s;
        Hash256 commitment{};
        for (std::size_t b = 0; b < 8; ++b) commitment[b] = static_cast<std::uint8_t>(tx.nonce >> (8 * b));
        tx.op = UpdateProfile{commitment, sealed};
        tx.sign(founder);
    });
    return out;
}

Block BenchGroup::make_block(const State& before, const Hash256& previous_hash, std::int64_t time_s,
                             const std::vector<Transaction>& transactions) const {
    State next = before;
    const BlockContext context{before.height + 1, time_s};
    Block block;
    std::vector<Hash256> ids;
    ids.reserve(transactions.size());
    for (const Transaction& tx : transactions) {
        const ApplyResult applied = apply_transaction(next, tx, context);
        if (!applied.ok()) {
            std::fprintf(stderr, "rateio-bench: a generated transaction was rejected: %s\n",
                         applied.rejection->message.c_str());
            std::exit(1);
        }
        ids.push_back(tx.id());
    }
    block.transactions = transactions;
    end_block(next, context);
    BlockHeader& header = block.header;
    header.group_id = before.group_id;
    header.height = context.height;
    header.previous_hash = previous_hash;
    header.time_s = time_s;
    header.transactions_root = merkle_root(ids);
    header.state_root = state_root(next);
    header.proposer = validators.at(0).public_key();
    return block;
}

CommitCertificate BenchGroup::certify(const Block& block) const {
    CommitCertificate certificate;
    certificate.height = block.header.height;
    certificate.round = 0;
    certificate.block_hash = block.header.hash();
    const Hash256 digest = CommitCertificate::vote_digest(block.header.group_id, certificate.height, 0,
                                                          certificate.block_hash);
    for (const crypto::KeyPair& key : validators)
        certificate.signatures.push_back(CommitSignature{key.public_key(), key.sign(digest)});
    return certificate;
}

void print_figure(const std::string& name, double value, const std::string& unit) {
    std::printf("  %-52s %14.1f %s\n", (name + ":").c_str(), value, unit.c_str());
    std::fflush(stdout);
}

void print_ratio(const std::string& name, double value, const std::string& op, double bound) {
    const bool met = op == "<=" ? value <= bound : value >= bound;
    std::printf("  %-52s %14.3f   (target %s %.2f: %s)\n", ("ratio " + name + ":").c_str(), value, op.c_str(), bound,
                met ? "met" : "MISSED");
    std::fflush(stdout);
}

void print_note(const std::string& text) {
    std::printf("  %s\n", text.c_str());
    std::fflush(stdout);
}

PublicKey bench_member_key(std::size_t index) {
    PublicKey key{};
    key[0] = 0x02;
    for (std::size_t b = 0; b < 8; ++b) key[1 + b] = static_cast<std::uint8_t>(index >> (8 * b));
    return key;
}

void add_members_directly(State& state, std::size_t member_count, std::int64_t admitted_at_s,
                          std::vector<PublicKey>* member_keys) {
    const Member founder = state.members.begin()->second;
    for (std::size_t i = state.members.size(); i < member_count; ++i) {
        const PublicKey key = bench_member_key(i);
        Member member = founder;
        member.public_key = key;
        member.account = crypto::account_id(key);
        member.admitted_at_s = admitted_at_s;
        member.tokens_msb = 0; // the welcome grant is the founder's alone: token totals stay right
        member.quota_w = 0;
        state.members.emplace(member.account, member);
        if (member_keys) member_keys->push_back(key);
    }
}

} // namespace bench
