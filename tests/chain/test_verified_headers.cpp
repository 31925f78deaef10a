// Verified headers (chain/state/verified_headers.h; docs/STATE.md,
// "Verified headers"): a client that trusts a header follows later ones,
// each signed by more than 2/3 of the validators it trusts, and learns each
// next set from a proof of the validators table. The headers here are real:
// real keys sign real certificates over headers whose state roots are the
// roots of real tries holding the validators table.

#include "state/verified_headers.h"

#include <QTest>

#include <map>

using namespace chain;
using namespace chain::state;

namespace {

const Hash256 kGroup = [] {
    Hash256 h{};
    h.fill(0x6a);
    return h;
}();

std::vector<crypto::KeyPair> make_keys(int count) {
    std::vector<crypto::KeyPair> keys;
    for (int i = 0; i < count; ++i) keys.push_back(crypto::KeyPair::generate());
    return keys;
}

// A header at `height` after `previous`, whose state's validators are
// `validators`, signed by `signers`; with the proof of its validators table.
struct Made {
    HeaderStep step;
    Hash256 hash{};
};

Made make_step(std::uint64_t height, const Hash256& previous, const std::vector<crypto::KeyPair>& validators,
               const std::vector<crypto::KeyPair>& signers, const Hash256& group = kGroup) {
    Tables tables;
    std::map<Bytes, Bytes> sorted;
    for (const crypto::KeyPair& key : validators) sorted.emplace(Bytes(key.public_key().begin(), key.public_key().end()), Bytes{});
    for (auto& [key, value] : sorted) tables[std::size_t(TableId::Validators) - 1].push_back(Entry{key, value});
    // Something else in the state, so that the roots of two heights differ.
    tables[std::size_t(TableId::Group) - 1].push_back(Entry{Bytes{3}, Bytes(8, static_cast<std::uint8_t>(height))});
    const TableTrees trees = TableTrees::from_tables(tables);

    Made made;
    BlockHeader& header = made.step.header;
    header.group_id = group;
    header.height = height;
    header.previous_hash = previous;
    header.time_s = 1'767'225'600 + std::int64_t(height);
    header.state_root = trees.root();
    made.hash = header.hash();
    CommitCertificate& certificate = made.step.certificate;
    certificate.height = height;
    certificate.block_hash = made.hash;
    const Hash256 digest = CommitCertificate::vote_digest(group, height, 0, made.hash);
    for (const crypto::KeyPair& key : signers) certificate.signatures.push_back({key.public_key(), key.sign(digest)});
    made.step.validators = prove_table(trees, TableId::Validators, tables[std::size_t(TableId::Validators) - 1]);
    return made;
}

std::vector<PublicKey> sorted_keys(const std::vector<crypto::KeyPair>& keys) {
    std::vector<PublicKey> out;
    for (const crypto::KeyPair& key : keys) out.push_back(key.public_key());
    std::sort(out.begin(), out.end());
    return out;
}

TrustedHeader trusted_at(std::uint64_t height, const Made& made, const std::vector<crypto::KeyPair>& validators) {
    return TrustedHeader{height, made.hash, made.step.header.state_root, sorted_keys(validators)};
}

} // namespace

class TestVerifiedHeaders : public QObject {
    Q_OBJECT

    std::vector<crypto::KeyPair> keys_ = make_keys(7); // A..G
    std::vector<crypto::KeyPair> pick(std::initializer_list<int> which) const {
        std::vector<crypto::KeyPair> out;
        for (int i : which) out.push_back(keys_[std::size_t(i)]);
        return out;
    }

private slots:
    // The same set signs the next block, and a block far later: both verify,
    // and the next set is the one the proof shows.
    void followsTheSameSet() {
        const auto abcd = pick({0, 1, 2, 3});
        const Made start = make_step(10, Hash256{}, abcd, abcd);
        const TrustedHeader trusted = trusted_at(10, start, abcd);
        std::string why;
        const Made next = make_step(11, start.hash, abcd, pick({0, 1, 2}));
        const std::optional<TrustedHeader> at_11 = verify_step(kGroup, trusted, next.step, &why);
        QVERIFY2(at_11, why.c_str());
        QCOMPARE(at_11->height, std::uint64_t{11});
        QVERIFY(at_11->block_hash == next.hash);
        QVERIFY(at_11->next_validators == sorted_keys(abcd));
        const Made later = make_step(500, Hash256{}, abcd, pick({1, 2, 3}));
        QVERIFY2(verify_step(kGroup, trusted, later.step, &why), why.c_str());
    }

    // A change of the set: the header where it changes is signed by the old
    // set, and its proof names the new one, which signs what follows.
    void followsAChangeOfTheSet() {
        const auto abcd = pick({0, 1, 2, 3});
        const auto abce = pick({0, 1, 2, 4});
        const auto cefg = pick({2, 4, 5, 6});
        const Made start = make_step(1, Hash256{}, abcd, abcd);
        std::string why;
        const Made change = make_step(20, Hash256{}, abce, pick({0, 1, 3}));
        std::optional<TrustedHeader> trusted = verify_step(kGroup, trusted_at(1, start, abcd), change.step, &why);
        QVERIFY2(trusted, why.c_str());
        QVERIFY(trusted->next_validators == sorted_keys(abce));
        // D has left: its signature no longer counts.
        const Made without_d = make_step(30, Hash256{}, cefg, pick({0, 3, 4}));
        QVERIFY(!verify_step(kGroup, *trusted, without_d.step, &why));
        QVERIFY2(why.find("signed by 2 of the 4 validators trusted at block 20, and needs 3") != std::string::npos,
                 why.c_str());
        const Made second = make_step(30, Hash256{}, cefg, pick({0, 2, 4}));
        trusted = verify_step(kGroup, *trusted, second.step, &why);
        QVERIFY2(trusted, why.c_str());
        QVERIFY(trusted->next_validators == sorted_keys(cefg));
        // The set of block 30 signs block 40; the first set alone could not.
        QVERIFY2(verify_step(kGroup, *trusted, make_step(40, Hash256{}, cefg, pick({4, 5, 6})).step, &why), why.c_str());
        QVERIFY(!verify_step(kGroup, trusted_at(1, start, abcd), make_step(40, Hash256{}, cefg, pick({4, 5, 6})).step, &why));
    }

    // No skipping on 1/3 trust: a header signed by a later set that shares
    // only two of the four trusted validators is refused, even if all of the
    // later set signed it.
    void refusesToSkipAChange() {
        const auto abcd = pick({0, 1, 2, 3});
        const auto abef = pick({0, 1, 4, 5});
        const Made start = make_step(1, Hash256{}, abcd, abcd);
        std::string why;
        QVERIFY(!verify_step(kGroup, trusted_at(1, start, abcd), make_step(9, Hash256{}, abef, abef).step, &why));
        QVERIFY2(why.find("the headers where the validators changed in between are needed first") != std::string::npos,
                 why.c_str());
    }

    // Forged or misplaced parts, each refused with its reason.
    void refusesForgeries() {
        const auto abcd = pick({0, 1, 2, 3});
        const Made start = make_step(5, Hash256{}, abcd, abcd);
        const TrustedHeader trusted = trusted_at(5, start, abcd);
        std::string why;
        const auto refused = [&](const HeaderStep& step, const std::string& expected) {
            why.clear();
            const bool ok = !verify_step(kGroup, trusted, step, &why) && why.find(expected) != std::string::npos;
            if (!ok) qWarning("%s", why.c_str());
            return ok;
        };
        const Made good = make_step(6, start.hash, abcd, pick({0, 1, 2}));

        HeaderStep forged = good.step;
        forged.certificate.signatures[1].signature[10] ^= 0x01;
        QVERIFY(refused(forged, "is signed by 2 of the 4 validators"));
        HeaderStep repeated = good.step;
        repeated.certificate.signatures[2] = repeated.certificate.signatures[0];
        QVERIFY(refused(repeated, "is signed by 2 of the 4 validators"));
        HeaderStep other_block = good.step;
        other_block.certificate.block_hash[0] ^= 0x01;
        QVERIFY(refused(other_block, "the certificate offered with block 6 is for another block"));
        QVERIFY(refused(make_step(6, start.hash, abcd, abcd, Hash256{}).step, "block 6 is of another group"));
        QVERIFY(refused(make_step(5, start.hash, abcd, abcd).step, "block 5 is not after the trusted block 5"));
        QVERIFY(refused(make_step(6, Hash256{}, abcd, abcd).step, "block 6 does not follow the trusted block 5"));
        HeaderStep wrong_set = good.step;
        wrong_set.validators = make_step(6, start.hash, pick({0, 1, 2, 4}), abcd).step.validators;
        QVERIFY(refused(wrong_set, "the validators of block 6 do not check"));
        HeaderStep other_table = good.step;
        other_table.validators.table = TableId::Members;
        QVERIFY(refused(other_table, "the proof of block 6's validators is of another table"));
        QVERIFY(verify_step(kGroup, trusted, good.step, &why));
    }

    // A checkpoint names its block by hash: only that header is trusted.
    void trustsACheckpointByItsHash() {
        const auto abcd = pick({0, 1, 2, 3});
        const Made block = make_step(100, Hash256{}, abcd, abcd);
        std::string why;
        const std::optional<TrustedHeader> trusted =
            trust_checkpoint(kGroup, 100, block.hash, block.step.header, block.step.validators, &why);
        QVERIFY2(trusted, why.c_str());
        QVERIFY(*trusted == trusted_at(100, block, abcd));
        const Made other = make_step(100, Hash256{}, pick({0, 1, 2, 4}), abcd);
        QVERIFY(!trust_checkpoint(kGroup, 100, block.hash, other.step.header, other.step.validators, &why));
        QCOMPARE(why, std::string("the header offered for the checkpoint at block 100 is not the block it names"));
        QVERIFY(!trust_checkpoint(kGroup, 101, block.hash, block.step.header, block.step.validators, &why));
        QVERIFY(!trust_checkpoint(kGroup, 100, block.hash, block.step.header, other.step.validators, &why));
    }

    // Two certified headers of one height: a conflict, said in plain words.
    void twoCertifiedHeadersOfOneHeightConflict() {
        const auto abcd = pick({0, 1, 2, 3});
        const Made start = make_step(1, Hash256{}, abcd, abcd);
        const TrustedHeader trusted = trusted_at(1, start, abcd);
        std::string why;
        const std::optional<TrustedHeader> a = verify_step(kGroup, trusted, make_step(7, Hash256{}, abcd, pick({0, 1, 2})).step, &why);
        const std::optional<TrustedHeader> b =
            verify_step(kGroup, trusted, make_step(7, Hash256{}, pick({0, 1, 2, 4}), pick({1, 2, 3})).step, &why);
        QVERIFY(a && b);
        const std::optional<std::string> said = conflict(*a, *b);
        QVERIFY(said);
        QVERIFY2(said->find("two different blocks 7 are each signed by more than two thirds") == 0, said->c_str());
        QVERIFY(!conflict(*a, *a));
        QVERIFY(!conflict(*a, trusted));
    }

    void theGenesisIsTrustedByItsId() {
        Genesis genesis;
        genesis.group_name = "Vila Solar";
        genesis.validators = sorted_keys(pick({3, 1, 2}));
        std::reverse(genesis.validators.begin(), genesis.validators.end());
        const TrustedHeader trusted = trust_genesis(genesis, Hash256{});
        QCOMPARE(trusted.height, std::uint64_t{0});
        QVERIFY(trusted.block_hash == genesis.group_id());
        QVERIFY(trusted.next_validators == sorted_keys(pick({1, 2, 3})));
    }
};

QTEST_GUILESS_MAIN(TestVerifiedHeaders)
#include "test_verified_headers.moc"
