// Writes the seed corpora of the fuzz targets (tests/fuzz_corpus/<target>/):
// real encodings made by the project's own encoders and signed with the
// fixed keys of fuzz_support.h, one file per seed, named by its SHA-256 so
// that running it again adds only what is new. Usage: make_corpus <dir>.
#include "consensus/messages.h"
#include "fuzz_support.h"
#include "ledger/ledger.h"
#include "net/frame.h"
#include "net/handshake.h"
#include "net/messages.h"
#include "state/state_proof.h"
#include "state/state_snapshot.h"
#include "state/verified_headers.h"

#include <filesystem>
#include <fstream>
#include <iostream>

namespace {

using namespace chain;

std::filesystem::path g_root;
int g_written = 0;

void write_seed(const std::string& target, ByteView bytes) {
    const std::filesystem::path folder = g_root / target;
    std::filesystem::create_directories(folder);
    const std::string name = codec::to_hex(crypto::sha256(bytes)).substr(0, 16);
    std::ofstream out(folder / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    ++g_written;
}

void write_text_seed(const std::string& target, const std::string& text) {
    write_seed(target, ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

AccountId account(int key_index) { return crypto::account_id(fuzz::fixed_key(key_index).public_key()); }

SealedProfile sealed_profile() {
    const std::string profile = "Maria da Silva;UC 1234567";
    return SealedProfile{0, crypto::seal_to(fuzz::fixed_key(40).public_key(), "rateio/profile", {},
                                            ByteView(reinterpret_cast<const std::uint8_t*>(profile.data()), profile.size()))};
}

// One of every operation and every change a referendum can make.
std::vector<Operation> every_operation() {
    std::vector<Operation> ops = {
        RequestAdmission{"Light", crypto::sha256(Bytes{1, 2, 3}), sealed_profile()},
        CastVote{7, true},
        ProposePlant{"Usina Telhado Azul", PlantSource::Solar, 75'000, 30'000'000, "Light", "Niterói, RJ", 45 * kSecondsPerDay},
        PlacePledge{3, 150'00},
        WithdrawPledge{3},
        MakeOffer{account(21), OfferSide::SellQuota, 500, 2'000, 1'800'000'000},
        AcceptOffer{4},
        DeclineOffer{5},
        CancelOffer{6},
        GiftQuota{account(21), 250},
        GiftTokens{account(22), 1'000},
        UpdateProfile{crypto::sha256(Bytes{4, 5}), sealed_profile()},
        ShareDataKey{account(21), 1, Bytes(80, 0x5a)},
        RotateDataKey{2, fuzz::fixed_key(41).public_key(), {KeyShare{account(21), Bytes(80, 0x11)}, KeyShare{account(22), Bytes(80, 0x22)}}},
        RecordConsumption{202601, 310'000, 1'769'904'000, Connection::TwoPhase},
        RecordGeneration{3, 202601, 9'800'000},
    };
    const std::vector<Change> changes = {
        MoveQuota{account(21), account(22), 100},
        MoveTokens{account(22), account(21), 500},
        RemoveMember{account(23)},
        ChangePlantUtility{3, "Enel"},
        RemovePlant{2},
        ChangeParams{GroupParams{}},
        AddValidator{fuzz::fixed_key(3).public_key()},
        RemoveValidator{fuzz::fixed_key(2).public_key()},
        ChangePlantOperator{3, account(22)},
        ChangeEnergyParams{EnergyParams{}},
        UpgradeProtocol{kProtocolVersionLatest, 1'000},
    };
    for (const Change& change : changes) ops.push_back(ProposeChange{change, "decided at the assembly of 2026-02-10"});
    return ops;
}

std::vector<Transaction> every_transaction() {
    std::vector<Transaction> txs;
    std::uint64_t nonce = 1;
    for (Operation& op : every_operation()) {
        Transaction tx;
        tx.group_id = fuzz::fixed_group_id();
        tx.author = fuzz::fixed_key(20).public_key();
        tx.nonce = nonce++;
        tx.valid_until_s = 1'767'312'000;
        tx.op = std::move(op);
        tx.sign(fuzz::fixed_key(20));
        txs.push_back(std::move(tx));
    }
    return txs;
}

Block make_block(std::uint64_t height, std::vector<Transaction> txs) {
    Block block;
    block.header.group_id = fuzz::fixed_group_id();
    block.header.height = height;
    block.header.previous_hash = fuzz::fixed_group_id();
    block.header.time_s = 1'767'225'600 + static_cast<std::int64_t>(height) * 5;
    std::vector<Hash256> ids;
    for (const Transaction& tx : txs) ids.push_back(tx.id());
    block.header.transactions_root = merkle_root(ids);
    block.header.state_root = crypto::sha256(Bytes{9});
    block.header.proposer = fuzz::fixed_key(0).public_key();
    block.transactions = std::move(txs);
    return block;
}

CommitCertificate make_certificate(const Block& block, int signers, std::uint32_t round) {
    CommitCertificate certificate;
    certificate.height = block.header.height;
    certificate.round = round;
    certificate.block_hash = block.header.hash();
    const Hash256 digest = CommitCertificate::vote_digest(fuzz::fixed_group_id(), certificate.height, round,
                                                          certificate.block_hash);
    for (int i = 0; i < signers; ++i)
        certificate.signatures.push_back({fuzz::fixed_key(i).public_key(), fuzz::fixed_key(i).sign(digest)});
    return certificate;
}

Genesis make_genesis(bool with_energy_params) {
    Genesis genesis;
    genesis.group_name = "Condomínio Sol Nascente";
    genesis.time_s = 1'767'225'600;
    genesis.founder = fuzz::fixed_key(20).public_key();
    genesis.founder_utility = "Light";
    genesis.founder_profile_commitment = crypto::sha256(Bytes{1});
    genesis.founder_profile = sealed_profile();
    genesis.data_public_key = fuzz::fixed_key(41).public_key();
    genesis.founder_sealed_keys = Bytes(80, 0x33);
    for (int i = 0; i < fuzz::kFixedValidators; ++i) genesis.validators.push_back(fuzz::fixed_key(i).public_key());
    genesis.salt = crypto::sha256(Bytes{2});
    if (with_energy_params) genesis.energy_params = EnergyParams{75'000, 4'000'000, 2'500'000};
    else genesis.energy_params = kLegacyEnergyParams;
    return genesis;
}

std::vector<consensus::Message> consensus_messages(const Block& block) {
    std::vector<consensus::Message> messages;
    for (consensus::VoteType type : {consensus::VoteType::Prevote, consensus::VoteType::Precommit}) {
        for (bool nil : {false, true}) {
            consensus::Vote vote;
            vote.type = type;
            vote.height = block.header.height;
            vote.round = 1;
            if (!nil) vote.block_hash = block.header.hash();
            vote.validator = fuzz::fixed_key(1).public_key();
            vote.sign(fuzz::fixed_group_id(), fuzz::fixed_key(1));
            messages.emplace_back(vote);
        }
    }
    consensus::Proposal proposal;
    proposal.height = block.header.height;
    proposal.block = block;
    proposal.sign(fuzz::fixed_group_id(), fuzz::fixed_key(0));
    messages.emplace_back(proposal);
    // A re-proposal carrying the prevotes of the round it locked in.
    consensus::Proposal relock = proposal;
    relock.round = 2;
    relock.pol_round = 1;
    const CommitCertificate prevotes = make_certificate(block, 3, 1);
    relock.pol_signatures = prevotes.signatures;
    relock.sign(fuzz::fixed_group_id(), fuzz::fixed_key(0));
    messages.emplace_back(relock);
    return messages;
}

void write_ledger_seeds() {
    const std::vector<Transaction> txs = every_transaction();
    for (const Transaction& tx : txs) write_seed("transaction", codec::to_bytes(tx));

    const std::vector<Block> blocks = {make_block(1, {}), make_block(2, {txs[1]}),
                                       make_block(3, {txs[0], txs[2], txs[5], txs[20]})};
    for (const Block& block : blocks) write_seed("block", codec::to_bytes(block));

    write_seed("genesis", codec::to_bytes(make_genesis(false)));
    write_seed("genesis", codec::to_bytes(make_genesis(true)));
    Genesis upgraded = make_genesis(true);
    upgraded.protocol_version = kProtocolVersionLatest; // both trailing sections
    write_seed("genesis", codec::to_bytes(upgraded));

    write_seed("certificate", codec::to_bytes(make_certificate(blocks[0], 3, 0)));
    write_seed("certificate", codec::to_bytes(make_certificate(blocks[1], 4, 2)));
    write_seed("certificate", codec::to_bytes(make_certificate(blocks[2], 2, 0))); // below quorum
}

std::vector<net::Message> net_messages() {
    const std::vector<Transaction> txs = every_transaction();
    const Block block = make_block(2, {txs[1], txs[3]});
    const Bytes certificate = codec::to_bytes(make_certificate(block, 3, 0));
    return {
        net::StatusMessage{42, block.header.hash(), true},
        net::TransactionMessage{codec::to_bytes(txs[4])},
        net::ConsensusMessage{consensus::encode_message(consensus_messages(block).front())},
        net::BlockRequest{1, net::kBlocksPerRequestMax},
        net::BlockResponse{2, {net::BlockWithCertificate{codec::to_bytes(block), certificate}}},
        net::BlockResponse{7, {}},
        net::Ping{0x0102030405060708},
        net::Pong{0x0102030405060708},
        net::GenesisRequest{fuzz::fixed_group_id()},
        net::GenesisResponse{codec::to_bytes(make_genesis(false))},
        net::GenesisResponse{},
        net::ProofRequest{net::ProofKind::Entry, 4, Bytes(20, 0x10)},
        net::ProofRequest{net::ProofKind::Table, 13, {}},
        net::ProofRequest{net::ProofKind::Entry, 4, Bytes(20, 0x10), 1000},
        net::ProofResponse{net::ProofKind::Entry, 4, Bytes(20, 0x10), 2, block.header.state_root, Bytes{1, 2, 3}},
        net::HeaderChainRequest{1},
        net::HeaderChainResponse{1, {Bytes{4, 5, 6}}},
    };
}

void write_net_seeds() {
    const std::vector<net::Message> messages = net_messages();
    for (const net::Message& message : messages) write_seed("net_message", net::encode_message(message));

    const std::vector<Transaction> txs = every_transaction();
    const Block block = make_block(2, {txs[1], txs[3]});
    for (const consensus::Message& message : consensus_messages(block))
        write_seed("consensus", consensus::encode_message(message));
    consensus::LockRecord lock{block.header.height, 1, block, make_certificate(block, 3, 1).signatures};
    write_seed("consensus", consensus::encode_record(consensus::Record{lock}));

    // Frames: the first byte is the read size, then frames in counter order.
    const Hash256 digest = fuzz::fixed_group_id();
    SymmetricKey key{};
    std::copy(digest.begin(), digest.end(), key.begin());
    for (std::uint8_t read_size : {std::uint8_t{0}, std::uint8_t{7}}) {
        net::FrameSealer sealer(key);
        Bytes stream{read_size};
        for (const net::Message& message : messages) {
            const std::optional<Bytes> frame = sealer.seal(net::encode_message(message));
            stream.insert(stream.end(), frame->begin(), frame->end());
            if (stream.size() > 4096) break; // libFuzzer's default input size
        }
        write_seed("frame", stream);
    }

    // Handshakes: the peer's hello and its frame 0 body, computed against the
    // target's fixed keys; one for our group and one for another.
    for (const Hash256& group : {fuzz::fixed_group_id(), crypto::sha256(Bytes{7})}) {
        net::Handshake ours(fuzz::fixed_key(10), fuzz::fixed_group_id(), fuzz::fixed_key(11));
        net::Handshake peer(fuzz::fixed_key(12), group, fuzz::fixed_key(13));
        const net::Handshake::HelloResult reply = peer.on_peer_hello(ours.hello());
        Bytes seed = peer.hello();
        seed.insert(seed.end(), reply.auth_frame.begin() + net::kLengthPrefixBytes, reply.auth_frame.end());
        write_seed("handshake", seed);
    }
    write_seed("handshake", net::encode_auth(net::AuthPayload{fuzz::fixed_key(12).public_key(), fuzz::fixed_group_id(), {}}));
}

void write_wallet_seeds() {
    // The cheapest parameters, which the target decrypts, and the defaults.
    write_seed("wallet", crypto::encrypt_key_store(fuzz::fixed_key(30), "fuzz passphrase", crypto::ScryptParams{1u << 10, 1, 1}));
    write_seed("wallet", crypto::encrypt_key_store(fuzz::fixed_key(31), "fuzz passphrase"));
}

void write_invitation_seeds() {
    const std::string id = codec::to_hex(fuzz::fixed_group_id());
    write_text_seed("invitation", id + "\n192.168.0.10:7400\n[fe80::1]:7400");
    write_text_seed("invitation", id + std::string(1, '\0') + "node.example.org:7400, 10.0.0.2:7401; [::1]:7402");
    write_text_seed("invitation", std::string(1, '\0') + id + " sol.local:7400");
}

// fuzz_state_proof: a selector byte, then a proof of the fixed state.
void write_state_proof_seeds() {
    const state::Tables tables = fuzz::fixed_state_tables();
    const state::TableTrees trees = state::TableTrees::from_tables(tables);
    const auto seed = [](std::uint8_t selector, const Bytes& body) {
        Bytes bytes{selector};
        bytes.insert(bytes.end(), body.begin(), body.end());
        write_seed("state_proof", bytes);
    };
    const std::vector<state::Entry>& nonces = tables[std::size_t(state::TableId::Nonces) - 1];
    seed(0, codec::to_bytes(state::prove_entry(trees, state::TableId::Nonces, nonces[2].key, nonces[2].value)));
    seed(0, codec::to_bytes(state::prove_entry(trees, state::TableId::Nonces, Bytes(20, 0x11), std::nullopt)));
    seed(0, codec::to_bytes(state::prove_entry(trees, state::TableId::Group, Bytes{2}, tables[0][1].value)));
    seed(1, codec::to_bytes(state::prove_table(trees, state::TableId::Nonces, nonces)));
    const std::vector<state::Entry>& validators = tables[std::size_t(state::TableId::Validators) - 1];
    const state::TableProof validators_proof = state::prove_table(trees, state::TableId::Validators, validators);
    seed(1, codec::to_bytes(validators_proof));
    // State sync: the honest manifest of the fixed state, and each of its chunks.
    const state::SnapshotManifest manifest = state::make_manifest(tables, 2);
    seed(3, codec::to_bytes(manifest));
    for (std::uint32_t i = 0; i < manifest.chunks.size(); ++i)
        seed(4, codec::to_bytes(state::SnapshotChunk{2, i, state::chunk_entries(tables, manifest, i)}));
    const BlockHeader header = fuzz::fixed_state_header(trees.root());
    for (std::size_t signers : {std::size_t{3}, std::size_t{2}}) { // a quorum of 4, and one below it
        CommitCertificate certificate;
        certificate.height = header.height;
        certificate.block_hash = header.hash();
        const Hash256 digest = CommitCertificate::vote_digest(fuzz::fixed_group_id(), header.height, 0, certificate.block_hash);
        for (std::size_t i = 0; i < signers; ++i)
            certificate.signatures.push_back({fuzz::fixed_key(int(i)).public_key(), fuzz::fixed_key(int(i)).sign(digest)});
        seed(2, codec::to_bytes(state::HeaderStep{header, certificate, validators_proof}));
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: make_corpus <folder>  (writes <folder>/<target>/<seed>)\n";
        return 2;
    }
    g_root = argv[1];
    write_ledger_seeds();
    write_net_seeds();
    write_wallet_seeds();
    write_invitation_seeds();
    write_state_proof_seeds();
    std::cout << "wrote " << g_written << " seeds under " << g_root.string() << "\n";
    return 0;
}
