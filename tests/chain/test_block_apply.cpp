// apply_block and replay_chain: a valid chain replays to the same state root,
// and each thing a header claims is checked.
#include "group_fixture.h"
#include "rules/block_apply.h"

#include <QtTest>

using namespace chain;
using namespace chain::testing;

namespace {

// Builds the next block the way a proposer does: the transactions applied to
// a copy, the deadlines, then the header's roots.
Block build_block(const State& before, const Hash256& previous_hash, std::int64_t time_s,
                  const std::vector<Transaction>& transactions) {
    State next = before;
    const BlockContext context{before.height + 1, time_s};
    Block block;
    std::vector<Hash256> ids;
    for (const Transaction& tx : transactions) {
        if (!apply_transaction(next, tx, context).ok()) qFatal("a test transaction was rejected");
        block.transactions.push_back(tx);
        ids.push_back(tx.id());
    }
    end_block(next, context);
    block.header.group_id = before.group_id;
    block.header.height = context.height;
    block.header.previous_hash = previous_hash;
    block.header.time_s = time_s;
    block.header.transactions_root = merkle_root(ids);
    block.header.state_root = state_root(next);
    return block;
}

Transaction signed_by(GroupFixture& group, const std::string& name, const State& state, Operation op) {
    Transaction tx;
    tx.group_id = state.group_id;
    const auto it = state.nonces.find(group.account(name));
    tx.nonce = (it == state.nonces.end() ? 0 : it->second) + 1;
    tx.valid_until_s = kGenesisTime + 365 * kDay;
    tx.op = std::move(op);
    tx.sign(group.key(name));
    return tx;
}

struct Chain {
    GroupFixture group;
    std::vector<Block> blocks;
    State state;
    Hash256 tip;

    Chain() : state(genesis_state(group.genesis())), tip(state.group_id) {}

    void append(std::int64_t time_s, std::vector<Transaction> transactions) {
        Block block = build_block(state, tip, time_s, transactions);
        BlockApplication applied = apply_block(state, tip, block);
        if (!applied.ok()) qFatal("%s", applied.problem.c_str());
        state = applied.state_after;
        tip = block.header.hash();
        blocks.push_back(std::move(block));
    }
};

// The same problem whether apply_block checks the signatures itself or is
// given their check started ahead, as a node catching up does.
void expect_problem(const Chain& chain, const Block& block, const char* fragment) {
    const BlockApplication applied = apply_block(chain.state, chain.tip, block);
    QVERIFY2(!applied.ok(), fragment);
    QVERIFY2(applied.problem.find(fragment) != std::string::npos, applied.problem.c_str());
    SignatureCheckAhead ahead(block);
    const BlockApplication checked_ahead = apply_block(chain.state, chain.tip, block, &ahead);
    QVERIFY2(checked_ahead.problem == applied.problem, checked_ahead.problem.c_str());
}

} // namespace

class TestBlockApply : public QObject {
    Q_OBJECT
private slots:
    void a_chain_replays_to_the_same_root() {
        Chain chain;
        const SealedProfile profile = GroupFixture::sealed_profile(0);
        chain.append(kGenesisTime + 10, {signed_by(chain.group, "ana", chain.state, RequestAdmission{"Light", {}, profile})});
        chain.append(kGenesisTime + 20, {signed_by(chain.group, "founder", chain.state, CastVote{1, true})});
        chain.append(kGenesisTime + 31 * kDay, {}); // closes the vote: Ana is admitted
        QVERIFY(chain.state.member(chain.group.account("ana")) != nullptr);

        const ChainReplay replay = replay_chain(chain.group.genesis(), chain.blocks);
        QVERIFY2(replay.problem.empty(), replay.problem.c_str());
        QCOMPARE(replay.height, std::uint64_t(3));
        QVERIFY(replay.state_root == state_root(chain.state));

        // A chain with one block altered stops replaying at that block.
        std::vector<Block> altered = chain.blocks;
        altered[1].header.time_s += 1;
        const ChainReplay broken = replay_chain(chain.group.genesis(), altered);
        QVERIFY(!broken.problem.empty());
        QCOMPARE(broken.height, std::uint64_t(1));
    }

    void each_header_claim_is_checked() {
        Chain chain;
        chain.append(kGenesisTime + 10, {});
        const Transaction vote_request =
            signed_by(chain.group, "bia", chain.state, RequestAdmission{"Light", {}, GroupFixture::sealed_profile(0)});
        const Block good = build_block(chain.state, chain.tip, kGenesisTime + 20, {vote_request});
        QVERIFY(apply_block(chain.state, chain.tip, good).ok());

        Block b = good;
        b.header.group_id[0] ^= 1;
        expect_problem(chain, b, "another group");
        b = good;
        b.header.height += 1;
        expect_problem(chain, b, "does not follow");
        b = good;
        b.header.previous_hash[0] ^= 1;
        expect_problem(chain, b, "does not link");
        b = good;
        b.header.time_s = kGenesisTime + 5;
        expect_problem(chain, b, "backwards");
        b = good;
        b.header.transactions_root[0] ^= 1;
        expect_problem(chain, b, "Merkle root");
        b = good;
        b.header.state_root[0] ^= 1;
        expect_problem(chain, b, "state root");
        b = good;
        b.transactions[0].signature[10] ^= 1;
        b.header.transactions_root = merkle_root({b.transactions[0].id()});
        expect_problem(chain, b, "invalid signature");
        // The same admission twice: the second breaks the rules.
        b = good;
        b.transactions.push_back(vote_request);
        b.header.transactions_root = merkle_root({vote_request.id(), vote_request.id()});
        expect_problem(chain, b, "rejected by the rules");
    }

    // Enough transactions to spread the checks over several threads: the
    // first bad signature is found wherever it falls, and a rules rejection
    // before it is still what the block reports.
    void signatures_are_checked_in_parallel_in_order() {
        Chain chain;
        std::vector<Transaction> updates;
        State pending = chain.state;
        for (int i = 0; i < 300; ++i) {
            Transaction tx = signed_by(chain.group, "founder", pending, UpdateProfile{Hash256{}, GroupFixture::sealed_profile(0)});
            pending.nonces[chain.group.account("founder")] = tx.nonce;
            updates.push_back(std::move(tx));
        }
        QVERIFY(!first_invalid_signature(updates).has_value());
        const Block good = build_block(chain.state, chain.tip, kGenesisTime + 10, updates);
        QVERIFY(apply_block(chain.state, chain.tip, good).ok());

        Block b = good;
        b.transactions[290].signature[3] ^= 1;
        b.transactions[170].signature[3] ^= 1;
        QCOMPARE(first_invalid_signature(b.transactions), std::optional<std::size_t>(170));
        std::vector<Hash256> ids;
        for (const Transaction& tx : b.transactions) ids.push_back(tx.id());
        b.header.transactions_root = merkle_root(ids);
        expect_problem(chain, b, "transaction 170 of block 1 has an invalid signature");

        // A check started ahead gives the same state; one started on another
        // block is not taken for this one's.
        SignatureCheckAhead ahead(good);
        const BlockApplication checked_ahead = apply_block(chain.state, chain.tip, good, &ahead);
        QVERIFY2(checked_ahead.ok(), checked_ahead.problem.c_str());
        QCOMPARE(state_root(checked_ahead.state_after), good.header.state_root);
        SignatureCheckAhead of_another_block(b);
        QVERIFY(!of_another_block.checks(good));
        QVERIFY(apply_block(chain.state, chain.tip, good, &of_another_block).ok());
        QCOMPARE(of_another_block.first_invalid(), std::optional<std::size_t>(170));

        // Transactions a node already checked (its mempool's) are not checked
        // again; a bad one among the others is reported at its place in the block.
        std::vector<bool> already_checked(b.transactions.size(), false);
        already_checked[170] = true;
        SignatureCheckAhead skipping(b, already_checked);
        QCOMPARE(skipping.first_invalid(), std::optional<std::size_t>(290));
        already_checked[290] = true;
        SignatureCheckAhead skipping_all(b, already_checked);
        QCOMPARE(skipping_all.first_invalid(), std::optional<std::size_t>());

        // A replayed nonce at 100 comes before the bad signature at 170.
        b.transactions[100] = b.transactions[99];
        ids[100] = ids[99];
        b.header.transactions_root = merkle_root(ids);
        expect_problem(chain, b, "transaction 100 of block 1 is rejected by the rules");
    }
};

QTEST_APPLESS_MAIN(TestBlockApply)
#include "test_block_apply.moc"
