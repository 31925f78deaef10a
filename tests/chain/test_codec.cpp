// The canonical codec: round trips of every ledger type, and rejection of
// truncated, oversized, trailing and garbage input without a crash.
#include "ledger/ledger.h"
#include "rules/rules.h"
#include "group_fixture.h"

#include <QtTest>

#include <random>

using namespace chain;
using namespace chain::testing;

namespace {

std::vector<Operation> sample_operations() {
    const AccountId a = crypto::account_id(crypto::KeyPair::generate().public_key());
    const PublicKey k = crypto::KeyPair::generate().public_key();
    GroupParams params;
    params.approval_rule = ApprovalRule::MajorityOfVotesWithQuorum;
    params.quorum_percent = 25;
    return {
        RequestAdmission{"Light", Hash256{1}, SealedProfile{0, Bytes{1, 2, 3}}},
        CastVote{7, true},
        ProposePlant{"Usina Sol", PlantSource::Biogas, 75000, 30000000, "Enel", "Niterói", 30 * kDay},
        PlacePledge{3, 10000},
        WithdrawPledge{3},
        MakeOffer{a, OfferSide::BuyQuota, 100, 2500, kGenesisTime + kDay},
        AcceptOffer{1}, DeclineOffer{2}, CancelOffer{3},
        GiftQuota{a, 10}, GiftTokens{a, 20},
        UpdateProfile{Hash256{2}, SealedProfile{1, Bytes{4}}},
        ProposeChange{MoveQuota{a, a, 5}, "court order"},
        ProposeChange{MoveTokens{a, a, 5}, ""},
        ProposeChange{RemoveMember{a}, "left the condominium"},
        ProposeChange{ChangePlantUtility{1, "Light"}, ""},
        ProposeChange{RemovePlant{1}, ""},
        ProposeChange{ChangeParams{params}, ""},
        ProposeChange{AddValidator{k}, ""},
        ProposeChange{RemoveValidator{k}, ""},
        ShareDataKey{a, 0, Bytes{5, 6}},
        RotateDataKey{1, k, {KeyShare{a, Bytes{7}}}},
    };
}

Transaction signed_tx(Operation op) {
    const crypto::KeyPair key = crypto::KeyPair::generate();
    Transaction tx;
    tx.group_id = Hash256{42};
    tx.nonce = 9;
    tx.valid_until_s = kGenesisTime;
    tx.op = std::move(op);
    tx.sign(key);
    return tx;
}

} // namespace

class TestCodec : public QObject {
    Q_OBJECT
private slots:
    void integers_are_big_endian() {
        codec::Writer w;
        w.u16(0x0102);
        w.u32(0x03040506);
        w.u64(0x0708090a0b0c0d0eull);
        const Bytes expected{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
        QVERIFY(w.data() == expected);
        codec::Reader r(w.data());
        QCOMPARE(r.u16(), std::uint16_t(0x0102));
        QCOMPARE(r.u32(), std::uint32_t(0x03040506));
        QCOMPARE(r.u64(), std::uint64_t(0x0708090a0b0c0d0eull));
        QVERIFY(r.finished());
    }

    void reader_fails_on_truncation_and_limits() {
        codec::Writer w;
        w.str("hello");
        codec::Reader short_limit(w.data());
        QVERIFY(short_limit.str(4).empty());
        QVERIFY(!short_limit.ok());

        Bytes truncated = w.data();
        truncated.pop_back();
        codec::Reader cut(truncated);
        cut.str(100);
        QVERIFY(!cut.ok());

        codec::Reader empty(Bytes{});
        QCOMPARE(empty.u64(), std::uint64_t(0));
        QVERIFY(!empty.ok());

        const Bytes bad_bool{2};
        codec::Reader b(bad_bool);
        b.boolean();
        QVERIFY(!b.ok());

        // A length prefix larger than the remaining bytes must not allocate it.
        const Bytes huge_length{0xff, 0xff, 0xff, 0xf0, 1, 2};
        codec::Reader h(huge_length);
        QVERIFY(h.bytes(0xffffffffu).empty());
        QVERIFY(!h.ok());
    }

    void every_operation_round_trips() {
        for (const Operation& op : sample_operations()) {
            const Transaction tx = signed_tx(op);
            const Bytes bytes = codec::to_bytes(tx);
            const std::optional<Transaction> back = codec::from_bytes<Transaction>(bytes);
            QVERIFY2(back.has_value(), operation_name(op));
            QVERIFY(codec::to_bytes(*back) == bytes);
            QVERIFY(back->id() == tx.id());
            QVERIFY2(back->signature_valid(), operation_name(op));
            QCOMPARE(back->op.index(), op.index());
        }
    }

    void truncated_and_trailing_input_is_rejected() {
        for (const Operation& op : sample_operations()) {
            const Bytes bytes = codec::to_bytes(signed_tx(op));
            for (std::size_t cut = 0; cut < bytes.size(); ++cut) {
                const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(cut));
                QVERIFY(!codec::from_bytes<Transaction>(prefix).has_value());
            }
            Bytes longer = bytes;
            longer.push_back(0);
            QVERIFY(!codec::from_bytes<Transaction>(longer).has_value());
        }
    }

    void unknown_tags_are_rejected() {
        Transaction tx = signed_tx(CastVote{1, true});
        Bytes bytes = codec::to_bytes(tx);
        // group id (32) + author (33) + nonce (8) + valid until (8) -> operation tag.
        const std::size_t tag_offset = 32 + 33 + 8 + 8;
        bytes[tag_offset] = 0;
        QVERIFY(!codec::from_bytes<Transaction>(bytes).has_value());
        bytes[tag_offset] = 200;
        QVERIFY(!codec::from_bytes<Transaction>(bytes).has_value());
    }

    void garbage_never_crashes() {
        std::mt19937_64 random(20261125);
        int decoded = 0;
        // Random bytes rarely form a value (an operation of fixed-size fields,
        // such as record_generation, can); when they do, it must re-encode to
        // exactly those bytes.
        const auto check = [&decoded](const auto& value, const Bytes& bytes) {
            if (!value) return;
            ++decoded;
            QVERIFY(codec::to_bytes(*value) == bytes);
        };
        for (int i = 0; i < 20000; ++i) {
            Bytes garbage(random() % 300);
            for (auto& byte : garbage) byte = static_cast<std::uint8_t>(random());
            check(codec::from_bytes<Transaction>(garbage), garbage);
            check(codec::from_bytes<Block>(garbage), garbage);
            check(codec::from_bytes<CommitCertificate>(garbage), garbage);
            check(codec::from_bytes<Genesis>(garbage), garbage);
            check(codec::from_bytes<State>(garbage), garbage);
        }
        QVERIFY(decoded <= 3);
        // Mutations of a valid transaction: decoding either fails or yields
        // a value that re-encodes to exactly the mutated bytes.
        const Bytes valid = codec::to_bytes(signed_tx(ProposePlant{"Usina", PlantSource::Solar, 1, 1, "L", "X", 0}));
        for (int i = 0; i < 5000; ++i) {
            Bytes mutated = valid;
            mutated[random() % mutated.size()] ^= static_cast<std::uint8_t>(1 + random() % 255);
            if (const auto tx = codec::from_bytes<Transaction>(mutated)) QVERIFY(codec::to_bytes(*tx) == mutated);
        }
    }

    void blocks_and_certificates_round_trip() {
        Block block;
        block.header.group_id = Hash256{1};
        block.header.height = 5;
        block.header.time_s = kGenesisTime;
        block.header.proposer = crypto::KeyPair::generate().public_key();
        for (const Operation& op : sample_operations()) block.transactions.push_back(signed_tx(op));
        std::vector<Hash256> ids;
        for (const Transaction& tx : block.transactions) ids.push_back(tx.id());
        block.header.transactions_root = merkle_root(ids);
        const Bytes bytes = codec::to_bytes(block);
        const auto back = codec::from_bytes<Block>(bytes);
        QVERIFY(back.has_value());
        QVERIFY(back->header.hash() == block.header.hash());
        QCOMPARE(back->transactions.size(), block.transactions.size());

        const crypto::KeyPair validator = crypto::KeyPair::generate();
        CommitCertificate certificate;
        certificate.height = 5;
        certificate.block_hash = block.header.hash();
        certificate.signatures.push_back(
            {validator.public_key(),
             validator.sign(CommitCertificate::vote_digest(Hash256{1}, 5, 0, certificate.block_hash))});
        const auto cert_back = codec::from_bytes<CommitCertificate>(codec::to_bytes(certificate));
        QVERIFY(cert_back.has_value());
        QVERIFY(certificate_valid(*cert_back, Hash256{1}, {validator.public_key()}));
        QVERIFY(!certificate_valid(*cert_back, Hash256{2}, {validator.public_key()}));
    }

    void certificates_need_more_than_two_thirds() {
        std::vector<crypto::KeyPair> keys;
        std::vector<PublicKey> validators;
        for (int i = 0; i < 4; ++i) {
            keys.push_back(crypto::KeyPair::generate());
            validators.push_back(keys.back().public_key());
        }
        CommitCertificate certificate;
        certificate.height = 1;
        certificate.block_hash = Hash256{3};
        const Hash256 digest = CommitCertificate::vote_digest(Hash256{1}, 1, 0, certificate.block_hash);
        for (int i = 0; i < 2; ++i) certificate.signatures.push_back({validators[i], keys[i].sign(digest)});
        QVERIFY(!certificate_valid(certificate, Hash256{1}, validators)); // 2 of 4
        certificate.signatures.push_back(certificate.signatures[0]);
        QVERIFY(!certificate_valid(certificate, Hash256{1}, validators)); // duplicate signer
        certificate.signatures.pop_back();
        certificate.signatures.push_back({validators[2], keys[2].sign(digest)});
        QVERIFY(certificate_valid(certificate, Hash256{1}, validators)); // 3 of 4
        QCOMPARE(commit_quorum(1), std::size_t(1));
        QCOMPARE(commit_quorum(4), std::size_t(3));
        QCOMPARE(commit_quorum(7), std::size_t(5));
    }

    void merkle_root_is_order_sensitive() {
        const Hash256 a{1}, b{2}, c{3};
        QVERIFY(merkle_root({}) == Hash256{});
        QVERIFY(merkle_root({a}) == a);
        QVERIFY(merkle_root({a, b}) != merkle_root({b, a}));
        QVERIFY(merkle_root({a, b, c}) != merkle_root({a, b}));
    }

    void state_round_trips_with_the_same_root() {
        GroupFixture group;
        group.admit("ana");
        const std::uint64_t plant = group.approved_plant("founder", 10000, 1000000);
        group.apply("ana", PlacePledge{plant, 500000});
        group.end_block(kDay);
        const Bytes bytes = codec::to_bytes(group.state());
        const auto back = codec::from_bytes<State>(bytes);
        QVERIFY(back.has_value());
        QVERIFY(state_root(*back) == state_root(group.state()));
        QVERIFY(codec::to_bytes(*back) == bytes);
    }

    // A writer with a sink hands over the same bytes, in order, as one that
    // keeps them; small fields are gathered, large ones go straight through.
    void sink_writer_gives_the_same_bytes() {
        codec::Writer kept;
        Bytes pieces;
        std::size_t piece_count = 0;
        codec::Writer sunk([&](ByteView piece) {
            pieces.insert(pieces.end(), piece.begin(), piece.end());
            ++piece_count;
        });
        const Bytes large(100'000, 0x5a);
        for (codec::Writer* w : {&kept, &sunk}) {
            for (std::uint32_t i = 0; i < 20'000; ++i) {
                w->u8(static_cast<std::uint8_t>(i));
                w->u16(static_cast<std::uint16_t>(i * 7));
                w->u32(i * 1'000'003u);
                w->u64(0x0102030405060708ull * i);
                w->i64(-static_cast<std::int64_t>(i));
                w->boolean(i % 3 == 0);
                if (i % 5000 == 0) w->fixed(large);
                if (i % 1000 == 0) w->str("piece " + std::to_string(i));
            }
        }
        sunk.flush();
        QVERIFY(piece_count > 2);
        QCOMPARE(pieces.size(), kept.data().size());
        QVERIFY(pieces == kept.data());
    }

    // state_root hashes the encoding as it is written: the same root as the
    // hash of the whole encoding, here with electorates above the writer's piece size.
    void state_root_is_the_hash_of_the_encoding() {
        GroupFixture group;
        group.admit("ana");
        State state = group.state();
        std::set<AccountId> accounts;
        for (std::uint32_t i = 0; i < 5000; ++i) {
            AccountId account{};
            for (std::size_t b = 0; b < 4; ++b) account[b] = static_cast<std::uint8_t>(i >> (24 - 8 * b));
            accounts.insert(account);
        }
        Referendum& last = state.referendums.at(state.referendums.last()->first);
        last.electorate = Electorate(accounts);
        state.referendums[last.id + 1] = state.referendums.at(last.id);
        state.referendums[last.id + 1].id = last.id + 1;
        const Bytes bytes = codec::to_bytes(state);
        QVERIFY(bytes.size() > 2 * 5000 * sizeof(AccountId));
        QVERIFY(state_root(state) == crypto::tagged_hash("rateio/state", bytes));
        QVERIFY(state_root(group.state()) == crypto::tagged_hash("rateio/state", codec::to_bytes(group.state())));
    }

    void genesis_round_trips_and_defines_the_group_id() {
        GroupFixture group;
        const auto back = codec::from_bytes<Genesis>(codec::to_bytes(group.genesis()));
        QVERIFY(back.has_value());
        QVERIFY(back->group_id() == group.state().group_id);
        Genesis other = group.genesis();
        other.salt[0] ^= 1;
        QVERIFY(other.group_id() != group.state().group_id);
    }
};

QTEST_APPLESS_MAIN(TestCodec)
#include "test_codec.moc"
