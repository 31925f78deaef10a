// Message encoding: round trips, exact bytes, bounds, and hostile input.
#include "consensus/messages.h"
#include "net/messages.h"

#include <QTest>

#include <random>

using namespace chain;
using namespace chain::net;

namespace {

Hash256 hash_of(std::uint8_t seed) {
    Hash256 h{};
    h.fill(seed);
    return h;
}

std::vector<Message> samples() {
    return {
        StatusMessage{42, hash_of(0xab), true},
        TransactionMessage{Bytes{1, 2, 3}},
        ConsensusMessage{Bytes(1000, 7)},
        BlockRequest{10, kBlocksPerRequestMax},
        BlockResponse{
            10,
            {BlockWithCertificate{Bytes{9, 9}, Bytes{8}}, BlockWithCertificate{Bytes{}, Bytes{}}}},
        BlockResponse{11, {}},
        Ping{0xdeadbeef},
        Pong{0xdeadbeef},
        GenesisRequest{hash_of(0x77)},
        GenesisResponse{Bytes{4, 5, 6}},
        GenesisResponse{},
        ProofRequest{ProofKind::Entry, 2, Bytes(20, 0x11), 0},
        ProofRequest{ProofKind::Entry, 2, Bytes(20, 0x11), 1000},
        ProofRequest{ProofKind::Table, 19, {}, 0},
        ProofResponse{ProofKind::Entry, 4, Bytes(20, 0x22), 77, hash_of(0x33), Bytes{1, 2, 3}},
        ProofResponse{ProofKind::Table, 1, {}, 0, {}, {}},
        HeaderChainRequest{12},
        HeaderChainResponse{12, {Bytes{1, 2}, Bytes{}}},
        HeaderChainResponse{0, {}},
        SnapshotRequest{},
        SnapshotResponse{40, Bytes{1, 2}, Bytes{3}},
        SnapshotResponse{},
        ChunkRequest{40, 7},
        ChunkResponse{40, 7, Bytes{9, 9, 9}},
        ChunkResponse{40, 8, {}},
    };
}

void put_u32(Bytes& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(std::uint8_t(v >> shift));
}

Hash256 group() { return hash_of(0x5a); }

consensus::Vote signed_vote(const crypto::KeyPair& key) {
    consensus::Vote vote;
    vote.type = consensus::VoteType::Precommit;
    vote.height = 12;
    vote.round = 3;
    vote.block_hash = hash_of(0x42);
    vote.sign(group(), key);
    return vote;
}

consensus::Proposal signed_proposal(const crypto::KeyPair& key) {
    consensus::Proposal proposal;
    proposal.height = 12;
    proposal.round = 1;
    proposal.block.header.group_id = group();
    proposal.block.header.height = 12;
    proposal.block.header.previous_hash = hash_of(0x11);
    proposal.block.header.time_s = 1'700'000'000;
    proposal.block.header.proposer = key.public_key();
    proposal.sign(group(), key);
    return proposal;
}

} // namespace

class TestMessages : public QObject {
    Q_OBJECT

private slots:
    void every_message_round_trips() {
        for (const Message& m : samples()) {
            const Bytes bytes = encode_message(m);
            QCOMPARE(bytes[0], static_cast<std::uint8_t>(message_type(m)));
            const std::optional<Message> back = decode_message(bytes);
            QVERIFY2(back.has_value(), message_type_name(message_type(m)).data());
            QVERIFY(*back == m);
        }
    }

    void type_tags_are_the_documented_numbers() {
        QCOMPARE(int(message_type(StatusMessage{})), 1);
        QCOMPARE(int(message_type(TransactionMessage{})), 2);
        QCOMPARE(int(message_type(ConsensusMessage{})), 3);
        QCOMPARE(int(message_type(BlockRequest{})), 4);
        QCOMPARE(int(message_type(BlockResponse{})), 5);
        QCOMPARE(int(message_type(Ping{})), 6);
        QCOMPARE(int(message_type(Pong{})), 7);
        QCOMPARE(int(message_type(GenesisRequest{})), 8);
        QCOMPARE(int(message_type(GenesisResponse{})), 9);
        QCOMPARE(int(message_type(ProofRequest{})), 10);
        QCOMPARE(int(message_type(ProofResponse{})), 11);
        QCOMPARE(message_type_name(MessageType::ProofResponse), std::string_view("proof_response"));
        QCOMPARE(int(message_type(HeaderChainRequest{})), 12);
        QCOMPARE(int(message_type(HeaderChainResponse{})), 13);
        QCOMPARE(message_type_name(MessageType::HeaderChainResponse), std::string_view("header_chain_response"));
        QCOMPARE(int(message_type(SnapshotRequest{})), 14);
        QCOMPARE(int(message_type(SnapshotResponse{})), 15);
        QCOMPARE(int(message_type(ChunkRequest{})), 16);
        QCOMPARE(int(message_type(ChunkResponse{})), 17);
        QCOMPARE(message_type_name(MessageType::ChunkResponse), std::string_view("chunk_response"));
        QCOMPARE(message_type_name(MessageType::GenesisRequest), std::string_view("genesis_request"));
        QCOMPARE(message_type_name(MessageType::BlockResponse), std::string_view("block_response"));
    }

    void byte_layouts_match_the_document() {
        QCOMPARE(encode_message(TransactionMessage{Bytes{0xaa, 0xbb}}),
                 (Bytes{2, 0, 0, 0, 2, 0xaa, 0xbb}));
        QCOMPARE(encode_message(ConsensusMessage{Bytes{0xcc}}), (Bytes{3, 0, 0, 0, 1, 0xcc}));
        const BlockResponse response{7, {BlockWithCertificate{Bytes{0xaa}, Bytes{0xbb, 0xcc}}}};
        // Tag, from_height, n, then each block and certificate with its length.
        QCOMPARE(encode_message(response),
                 (Bytes{5, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1,
                        0, 0, 0, 1, 0xaa, 0, 0, 0, 2, 0xbb, 0xcc}));
        QCOMPARE(encode_message(BlockResponse{7, {}}).size(), kBlockResponseEmptyBytes);
        QCOMPARE(encode_message(Ping{0x0102}), (Bytes{6, 0, 0, 0, 0, 0, 0, 0x01, 0x02}));
        QCOMPARE(encode_message(Pong{0x0102}), (Bytes{7, 0, 0, 0, 0, 0, 0, 0x01, 0x02}));
        // The example of docs/NETWORK.md, section 4.
        const Bytes status = encode_message(StatusMessage{5, hash_of(0x55), true});
        QCOMPARE(status.size(), std::size_t(42));
        QCOMPARE(codec::to_hex(status),
                 std::string("010000000000000005") + std::string(64, '5') + "01");
    }

    // Proposals and votes travel as Consensus payloads and come out as the
    // same signed values.
    void consensus_proposals_and_votes_round_trip() {
        const auto key = crypto::KeyPair::generate();
        const consensus::Vote vote = signed_vote(key);
        const consensus::Proposal proposal = signed_proposal(key);
        const std::vector<consensus::Message> inners{vote, proposal};
        for (const consensus::Message& inner : inners) {
            const Bytes wire = encode_message(ConsensusMessage{consensus::encode_message(inner)});
            const std::optional<Message> outer = decode_message(wire);
            QVERIFY(outer && std::holds_alternative<ConsensusMessage>(*outer));
            const auto back = consensus::decode_message(std::get<ConsensusMessage>(*outer).payload);
            QVERIFY(back.has_value());
            QCOMPARE(back->index(), inner.index());
            if (const auto* v = std::get_if<consensus::Vote>(&*back)) {
                QVERIFY(v->signature_valid(group()));
                QCOMPARE(v->height, vote.height);
                QCOMPARE(v->round, vote.round);
                QVERIFY(v->block_hash == vote.block_hash);
                QVERIFY(v->validator == key.public_key());
            } else {
                const auto& p = std::get<consensus::Proposal>(*back);
                QVERIFY(p.signature_valid(group(), key.public_key()));
                QVERIFY(p.block.header.hash() == proposal.block.header.hash());
                QCOMPARE(p.round, proposal.round);
            }
        }
        static_assert(consensus::kMessageBytesMax <= kConsensusBytesMax);
        static_assert(consensus::kVoteBytesMax <= kConsensusBytesMax);
    }

    void status_has_the_documented_layout() {
        const Bytes bytes = encode_message(StatusMessage{0x0102, hash_of(0xcc), true});
        Bytes expected{1, 0, 0, 0, 0, 0, 0, 0x01, 0x02};
        expected.insert(expected.end(), 32, 0xcc);
        expected.push_back(1);
        QCOMPARE(bytes, expected);
    }

    void block_request_layout_and_bounds() {
        const Bytes bytes = encode_message(BlockRequest{5, 3});
        QCOMPARE(bytes, (Bytes{4, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 3}));
        QVERIFY(!decode_message(encode_message(BlockRequest{5, 0})));
        QVERIFY(!decode_message(encode_message(BlockRequest{5, kBlocksPerRequestMax + 1})));
    }

    // docs/NETWORK.md, section 4: an entry's proof names a key of 1 to 64
    // bytes, a table's none; no other kind. The request ends with the height
    // asked for (0: the responder's tip).
    void proof_messages_have_the_documented_layout_and_bounds() {
        QCOMPARE(encode_message(ProofRequest{ProofKind::Entry, 2, Bytes{0xab}, 0}),
                 (Bytes{10, 1, 0, 2, 0, 0, 0, 1, 0xab, 0, 0, 0, 0, 0, 0, 0, 0}));
        QCOMPARE(encode_message(ProofRequest{ProofKind::Table, 19, {}, 0x0102}),
                 (Bytes{10, 2, 0, 19, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2}));
        QVERIFY(!decode_message(Bytes{10, 3, 0, 2, 0, 0, 0, 1, 0xab, 0, 0, 0, 0, 0, 0, 0, 0}));  // no kind 3
        QVERIFY(!decode_message(Bytes{10, 1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));        // an entry without a key
        QVERIFY(!decode_message(Bytes{10, 2, 0, 19, 0, 0, 0, 1, 0xab, 0, 0, 0, 0, 0, 0, 0, 0})); // a table with a key
        QVERIFY(!decode_message(Bytes{10, 1, 0, 2, 0, 0, 0, 1, 0xab}));                           // no height
        QVERIFY(!decode_message(Bytes{10, 2, 0, 19, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));    // a byte too many
        QVERIFY(decode_message(encode_message(ProofRequest{ProofKind::Entry, 2, Bytes(kProofKeyBytesMax, 1)})));
        QVERIFY(!decode_message(encode_message(ProofRequest{ProofKind::Entry, 2, Bytes(kProofKeyBytesMax + 1, 1)})));
        const ProofResponse response{ProofKind::Entry, 4, Bytes{7}, 5, hash_of(0x55), Bytes{9}};
        Bytes expected{11, 1, 0, 4, 0, 0, 0, 1, 7, 0, 0, 0, 0, 0, 0, 0, 5};
        expected.insert(expected.end(), 32, 0x55);
        expected.insert(expected.end(), {0, 0, 0, 1, 9});
        QCOMPARE(encode_message(response), expected);
        Bytes declared(expected.begin(), expected.end() - 5);
        put_u32(declared, std::uint32_t(kProofBytesMax + 1));
        QVERIFY(!decode_message(declared));
    }

    // docs/NETWORK.md, section 4: at most 64 steps, each bounded.
    void header_chain_messages_have_the_documented_layout_and_bounds() {
        QCOMPARE(encode_message(HeaderChainRequest{5}), (Bytes{12, 0, 0, 0, 0, 0, 0, 0, 5}));
        QCOMPARE(encode_message(HeaderChainResponse{5, {Bytes{0xaa}}}),
                 (Bytes{13, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 1, 0, 0, 0, 1, 0xaa}));
        HeaderChainResponse full{1, std::vector<Bytes>(kHeaderStepsPerResponseMax, Bytes{1})};
        QVERIFY(decode_message(encode_message(full)));
        full.steps.push_back(Bytes{1});
        QVERIFY(!decode_message(encode_message(full)));
        Bytes declared{13, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1};
        put_u32(declared, std::uint32_t(kHeaderStepBytesMax + 1));
        QVERIFY(!decode_message(declared));
    }

    // docs/NETWORK.md, section 4: state sync's messages, and "no snapshot"
    // said one way only.
    void snapshot_messages_have_the_documented_layout_and_bounds() {
        QCOMPARE(encode_message(SnapshotRequest{}), (Bytes{14}));
        QCOMPARE(encode_message(SnapshotResponse{2, Bytes{0xaa}, Bytes{0xbb, 0xcc}}),
                 (Bytes{15, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 1, 0xaa, 0, 0, 0, 2, 0xbb, 0xcc}));
        QVERIFY(!decode_message(encode_message(SnapshotResponse{0, Bytes{0xaa}, {}})));
        QVERIFY(!decode_message(encode_message(SnapshotResponse{0, {}, Bytes{0xaa}})));
        QCOMPARE(encode_message(ChunkRequest{3, 258}), (Bytes{16, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 1, 2}));
        QCOMPARE(encode_message(ChunkResponse{3, 1, Bytes{0x01}}),
                 (Bytes{17, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0x01}));
        Bytes declared{17, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 1};
        put_u32(declared, std::uint32_t(kProofBytesMax + 1));
        QVERIFY(!decode_message(declared));
        declared = Bytes{15, 0, 0, 0, 0, 0, 0, 0, 3};
        put_u32(declared, std::uint32_t(kHeaderStepBytesMax + 1));
        QVERIFY(!decode_message(declared));
    }

    // The layouts of docs/NETWORK.md, section 4: the group id as 32 raw
    // bytes; the genesis with a u32 length.
    void genesis_messages_have_the_documented_layout_and_bound() {
        Bytes request{8};
        request.insert(request.end(), 32, 0x77);
        QCOMPARE(encode_message(GenesisRequest{hash_of(0x77)}), request);
        request.pop_back();
        QVERIFY(!decode_message(request)); // a group id is exactly 32 bytes
        QCOMPARE(encode_message(GenesisResponse{Bytes{0xaa, 0xbb}}), (Bytes{9, 0, 0, 0, 2, 0xaa, 0xbb}));
        const Bytes at_limit = encode_message(GenesisResponse{Bytes(kGenesisBytesMax, 1)});
        QVERIFY(decode_message(at_limit).has_value());
        QVERIFY(!decode_message(encode_message(GenesisResponse{Bytes(kGenesisBytesMax + 1, 1)})));
        Bytes declared{9};
        put_u32(declared, std::uint32_t(kGenesisBytesMax + 1));
        QVERIFY(!decode_message(declared));
    }

    void unknown_tags_and_trailing_bytes_are_refused() {
        QVERIFY(!decode_message(Bytes{}));
        QVERIFY(!decode_message(Bytes{0}));
        QVERIFY(!decode_message(Bytes{10, 0, 0, 0, 0, 0, 0, 0, 0}));
        QVERIFY(!decode_message(Bytes{0xff}));
        Bytes ping = encode_message(Ping{1});
        ping.push_back(0);
        QVERIFY(!decode_message(ping));
        Bytes truncated = encode_message(Ping{1});
        truncated.pop_back();
        QVERIFY(!decode_message(truncated));
        Bytes status = encode_message(StatusMessage{1, {}, false});
        status.back() = 2; // a boolean has one encoding
        QVERIFY(!decode_message(status));
    }

    void declared_lengths_are_bounded() {
        // A transaction length one past its maximum, with no body behind it:
        // refused on the length alone.
        Bytes tx{2};
        put_u32(tx, kTransactionBytesMax + 1);
        QVERIFY(!decode_message(tx));
        // A length larger than what follows.
        Bytes short_tx{2};
        put_u32(short_tx, 10);
        short_tx.insert(short_tx.end(), 9, 0);
        QVERIFY(!decode_message(short_tx));
        // A block response claiming too many entries.
        Bytes response{5, 0, 0, 0, 0, 0, 0, 0, 1};
        put_u32(response, kBlocksPerRequestMax + 1);
        QVERIFY(!decode_message(response));
        // A certificate over its maximum.
        Bytes cert{5, 0, 0, 0, 0, 0, 0, 0, 1};
        put_u32(cert, 1);
        put_u32(cert, 0);
        put_u32(cert, kCertificateBytesMax + 1);
        QVERIFY(!decode_message(cert));
        // A block over its maximum.
        Bytes block{5, 0, 0, 0, 0, 0, 0, 0, 1};
        put_u32(block, 1);
        put_u32(block, std::uint32_t(kBlockBytesMax + 1));
        QVERIFY(!decode_message(block));
        // A consensus payload over its maximum.
        Bytes consensus{3};
        put_u32(consensus, std::uint32_t(kConsensusBytesMax + 1));
        QVERIFY(!decode_message(consensus));
        // The largest length a u32 can declare, with nothing behind it.
        Bytes huge{2};
        put_u32(huge, 0xffffffffu);
        QVERIFY(!decode_message(huge));
    }

    // With the bodies actually present: the limit is the named maximum of
    // the field, not merely the size of the message.
    void oversized_vectors_are_refused_with_their_bodies() {
        const Bytes at_limit = encode_message(ConsensusMessage{Bytes(kConsensusBytesMax, 1)});
        QVERIFY(at_limit.size() <= kMessageBytesMax);
        QVERIFY(decode_message(at_limit).has_value());
        const Bytes over = encode_message(ConsensusMessage{Bytes(kConsensusBytesMax + 1, 1)});
        QVERIFY(over.size() <= kMessageBytesMax);
        QVERIFY(!decode_message(over));

        const Bytes tx_over =
            encode_message(TransactionMessage{Bytes(kTransactionBytesMax + 1, 1)});
        QVERIFY(tx_over.size() <= kMessageBytesMax);
        QVERIFY(!decode_message(tx_over));

        BlockResponse too_many{1, std::vector<BlockWithCertificate>(kBlocksPerRequestMax + 1)};
        QVERIFY(!decode_message(encode_message(too_many)));
        BlockResponse most{1, std::vector<BlockWithCertificate>(kBlocksPerRequestMax)};
        QVERIFY(decode_message(encode_message(most)).has_value());

        BlockResponse cert_over{
            1, {BlockWithCertificate{Bytes{1}, Bytes(kCertificateBytesMax + 1, 3)}}};
        QVERIFY(!decode_message(encode_message(cert_over)));
    }

    void largest_allowed_payloads_fit_one_message() {
        const Bytes tx = encode_message(TransactionMessage{Bytes(kTransactionBytesMax, 1)});
        QVERIFY(tx.size() <= kMessageBytesMax);
        QVERIFY(decode_message(tx).has_value());
        BlockResponse response{
            1, {BlockWithCertificate{Bytes(kBlockBytesMax, 2), Bytes(kCertificateBytesMax, 3)}}};
        const Bytes bytes = encode_message(response);
        QCOMPARE(bytes.size(),
                 kBlockResponseEmptyBytes + block_response_entry_bytes(response.blocks[0]));
        QVERIFY(bytes.size() <= kMessageBytesMax);
        QVERIFY(decode_message(bytes).has_value());
        QVERIFY(!decode_message(Bytes(kMessageBytesMax + 1, 2)));
    }

    void mutated_messages_never_crash() {
        // Hostile input: every mutation either decodes to some message or is
        // refused; neither throws nor reads out of bounds (run under ASan in CI).
        std::mt19937 random(12345);
        const std::vector<Message> base = samples();
        int accepted = 0;
        for (int round = 0; round < 20000; ++round) {
            Bytes bytes = encode_message(base[random() % base.size()]);
            const int edits = 1 + int(random() % 4);
            for (int e = 0; e < edits; ++e) {
                switch (random() % 3) {
                case 0: bytes[random() % bytes.size()] = std::uint8_t(random()); break;
                case 1: bytes.resize(random() % (bytes.size() + 1)); break;
                case 2: bytes.push_back(std::uint8_t(random())); break;
                }
                if (bytes.empty()) bytes.push_back(0);
            }
            if (const auto decoded = decode_message(bytes)) {
                ++accepted;
                // Whatever decodes re-encodes to the same bytes: one encoding per value.
                QCOMPARE(encode_message(*decoded), bytes);
            }
        }
        QVERIFY(accepted > 0);
    }
};

QTEST_GUILESS_MAIN(TestMessages)
#include "test_messages.moc"
