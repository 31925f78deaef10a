// The control socket: requests answered by a running node, bad input refused
// with a code and a message, framing over a real local socket.

#include "cluster.h"

#include "node/control.h"
#include "state/state_proof.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocalSocket>
#include <QtEndian>
#include <QTest>

#include <atomic>
#include <thread>

using namespace chain;
using namespace chain::testing;

class TestControl : public QObject {
    Q_OBJECT
private slots:
    void answers_status_submit_and_transaction();
    void refuses_bad_requests();
    void serves_a_client_over_the_socket();
    void holds_a_transaction_query_until_its_outcome();
    void proves_entries_and_tables_of_the_state();
    void proves_the_state_at_a_snapshots_height();
    void refuses_bad_proof_requests();
};

void TestControl::answers_status_submit_and_transaction() {
    Cluster cluster(1, 0); // one validator decides alone
    NetworkNode* node = cluster.start(0);
    ControlServer server(*node);

    const QJsonObject status = server.answer({{"method", "status"}});
    QVERIFY(status.value("ok").toBool());
    QCOMPARE(status.value("height").toString(), QStringLiteral("0"));
    QCOMPARE(status.value("validators").toArray().size(), 1);
    QCOMPARE(status.value("sync").toObject().value("syncing").toBool(), false);

    const Transaction tx = cluster.admission();
    const QString hex = QString::fromStdString(codec::to_hex(codec::to_bytes(tx)));
    const QJsonObject submitted = server.answer({{"method", "submit"}, {"transaction", hex}});
    QVERIFY(submitted.value("ok").toBool());
    const QString id = submitted.value("id").toString();
    QCOMPARE(id, QString::fromStdString(codec::to_hex(tx.id())));

    QVERIFY(QTest::qWaitFor(
        [&] { return server.answer({{"method", "transaction"}, {"id", id}}).value("status").toString() == "committed"; },
        kWaitMs));
    QCOMPARE(server.answer({{"method", "transaction"}, {"id", id}}).value("height").toString(), QStringLiteral("1"));

    // The same transaction again: refused with its code.
    const QJsonObject again = server.answer({{"method", "submit"}, {"transaction", hex}});
    QVERIFY(!again.value("ok").toBool());
    QCOMPARE(again.value("code").toInt(), static_cast<int>(ErrorCode::DuplicateTransaction));
    QCOMPARE(again.value("error").toString(), QString::fromLatin1(error_name(ErrorCode::DuplicateTransaction)));

    const QString account = QString::fromStdString(codec::to_hex(crypto::account_id(cluster.founder.public_key())));
    QCOMPARE(server.answer({{"method", "next_nonce"}, {"account", account}}).value("nonce").toString(), QStringLiteral("1"));
}

void TestControl::refuses_bad_requests() {
    Cluster cluster(1, 0);
    ControlServer server(*cluster.start(0));
    const QJsonObject unknown = server.answer({{"method", "reboot"}});
    QVERIFY(!unknown.value("ok").toBool());
    QVERIFY(unknown.value("message").toString().contains("unknown method"));
    const QJsonObject not_hex = server.answer({{"method", "submit"}, {"transaction", "zz"}});
    QCOMPARE(not_hex.value("code").toInt(), static_cast<int>(ErrorCode::Malformed));
    const QJsonObject not_tx = server.answer({{"method", "submit"}, {"transaction", "00ff"}});
    QCOMPARE(not_tx.value("code").toInt(), static_cast<int>(ErrorCode::Malformed));
    const QJsonObject bad_id = server.answer({{"method", "transaction"}, {"id", "abc"}});
    QCOMPARE(bad_id.value("code").toInt(), static_cast<int>(ErrorCode::InvalidArgument));
    QCOMPARE(server.answer({{"method", "transaction"}, {"id", QString(64, '0')}}).value("status").toString(),
             QStringLiteral("unknown"));
}

void TestControl::serves_a_client_over_the_socket() {
    Cluster cluster(1, 0);
    NetworkNode* node = cluster.start(0);
    ControlServer server(*node);
    const QString path = control_socket_path(cluster.config(0).data_dir);
    QString error;
    QVERIFY2(server.listen(path, &error), qPrintable(error));

    // The client blocks, so it runs on its own thread while this one serves.
    std::atomic<bool> done = false;
    std::optional<QJsonObject> answer;
    QString client_error;
    std::thread client([&] {
        answer = control_call(path, {{"method", "status"}}, 10'000, &client_error);
        done = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return done.load(); }, kWaitMs));
    client.join();
    QVERIFY2(answer.has_value(), qPrintable(client_error));
    QVERIFY(answer->value("ok").toBool());
    QCOMPARE(answer->value("group_id").toString(), QString::fromStdString(codec::to_hex(cluster.genesis.group_id())));

    // Nobody listening: a clear error, no hang.
    server.close();
    QVERIFY(!control_call(path, {{"method", "status"}}, 2000, &client_error));
    QVERIFY(client_error.contains("no node answers"));
}

// With wait_ms the answer to `transaction` is the outcome itself, in one
// request: the client does not poll. Requests behind a held one keep their order.
void TestControl::holds_a_transaction_query_until_its_outcome() {
    Cluster cluster(1, 0);
    NetworkNode* node = cluster.start(0);
    ControlServer server(*node);
    const QString path = control_socket_path(cluster.config(0).data_dir);
    QString error;
    QVERIFY2(server.listen(path, &error), qPrintable(error));

    const Transaction tx = cluster.admission();
    const QString hex = QString::fromStdString(codec::to_hex(codec::to_bytes(tx)));
    const QString id = QString::fromStdString(codec::to_hex(tx.id()));
    std::atomic<bool> done = false;
    std::vector<QJsonObject> answers;
    std::thread client([&] {
        QLocalSocket socket;
        socket.connectToServer(path);
        if (socket.waitForConnected(10'000)) {
            socket.write(control_frame({{"method", "submit"}, {"transaction", hex}}));
            socket.write(control_frame({{"method", "transaction"}, {"id", id}, {"wait_ms", 30'000}}));
            socket.write(control_frame({{"method", "status"}}));
            socket.waitForBytesWritten(10'000);
            QByteArray buffer;
            while (answers.size() < 3 && socket.waitForReadyRead(30'000)) {
                buffer += socket.readAll();
                while (buffer.size() >= 4) {
                    const quint32 length = qFromBigEndian<quint32>(buffer.constData());
                    if (buffer.size() < 4 + qsizetype(length)) break;
                    answers.push_back(QJsonDocument::fromJson(buffer.mid(4, length)).object());
                    buffer.remove(0, 4 + length);
                }
            }
        }
        done = true;
    });
    QVERIFY(QTest::qWaitFor([&] { return done.load(); }, kWaitMs));
    client.join();
    QCOMPARE(answers.size(), std::size_t(3));
    QVERIFY(answers[0].value("ok").toBool());
    QCOMPARE(answers[1].value("status").toString(), QStringLiteral("committed"));
    QCOMPARE(answers[1].value("height").toString(), QStringLiteral("1"));
    // The status asked after the held query is answered after it: the block is in.
    QCOMPARE(answers[2].value("height").toString(), QStringLiteral("1"));

    // A transaction this socket never saw is `unknown` at once: nothing to wait for.
    const QJsonObject unknown = server.answer({{"method", "transaction"}, {"id", QString(64, 'a')}, {"wait_ms", 50}});
    QCOMPARE(unknown.value("status").toString(), QStringLiteral("unknown"));
}


namespace {

template <class T>
std::optional<T> decoded_hex(const QJsonValue& value) {
    Bytes bytes;
    if (!codec::from_hex(value.toString().toStdString(), bytes)) return std::nullopt;
    return codec::from_bytes<T>(bytes);
}

Hash256 root_of(const QJsonObject& answer) {
    Bytes bytes;
    Hash256 root{};
    if (!codec::from_hex(answer.value("state_root").toString().toStdString(), bytes) || bytes.size() != root.size())
        qFatal("no state root in the answer");
    std::copy(bytes.begin(), bytes.end(), root.begin());
    return root;
}

} // namespace

// docs/STATE.md, "Proofs of the state": a present entry, an absent key and a
// whole table, each checked against the root of the header the node is at.
void TestControl::proves_entries_and_tables_of_the_state() {
    Cluster cluster(1, 0);
    NetworkNode* node = cluster.start(0);
    ControlServer server(*node);
    QVERIFY(server.answer({{"method", "submit"},
                           {"transaction", QString::fromStdString(codec::to_hex(codec::to_bytes(cluster.admission())))}})
                .value("ok")
                .toBool());
    QVERIFY(QTest::qWaitFor([&] { return node->summary().height >= 1; }, kWaitMs));
    const std::uint64_t height = node->summary().height;
    const Hash256 header_root = node->committed_state().height == height ? node->summary().state_root : Hash256{};

    const AccountId founder = crypto::account_id(cluster.founder.public_key());
    const QString founder_hex = QString::fromStdString(codec::to_hex(founder));
    const QJsonObject present =
        server.answer({{"method", "state_proof"}, {"table", "members"}, {"key", founder_hex}});
    QVERIFY2(present.value("ok").toBool(), qPrintable(present.value("message").toString()));
    QCOMPARE(present.value("height").toString(), QString::number(height));
    QVERIFY(root_of(present) == header_root);
    QVERIFY(present.value("present").toBool());
    const std::optional<state::StateProof> proof = decoded_hex<state::StateProof>(present.value("proof"));
    QVERIFY(proof);
    QCOMPARE(state::state_proof_problem(header_root, *proof), std::string());
    QCOMPARE(present.value("value").toString(), QString::fromStdString(codec::to_hex(*proof->value)));
    // The same proof against another table or another root fails.
    state::StateProof other_table = *proof;
    other_table.table = state::TableId::Applicants;
    QVERIFY(!state::state_proof_problem(header_root, other_table).empty());
    QVERIFY(!state::state_proof_problem(cluster.genesis.group_id(), *proof).empty());

    const QJsonObject absent =
        server.answer({{"method", "state_proof"}, {"table", "members"}, {"key", QString(40, 'e')}});
    QVERIFY(absent.value("ok").toBool());
    QVERIFY(!absent.value("present").toBool());
    QVERIFY(!absent.contains("value"));
    const std::optional<state::StateProof> absence = decoded_hex<state::StateProof>(absent.value("proof"));
    QVERIFY(absence && !absence->value);
    QCOMPARE(state::state_proof_problem(header_root, *absence), std::string());

    const QJsonObject members = server.answer({{"method", "table_proof"}, {"table", "members"}});
    QVERIFY2(members.value("ok").toBool(), qPrintable(members.value("message").toString()));
    const std::optional<state::TableProof> table = decoded_hex<state::TableProof>(members.value("proof"));
    QVERIFY(table);
    QCOMPARE(members.value("entries").toString(), QString::number(node->summary().member_count));
    QCOMPARE(table->entries.size(), std::size_t(node->summary().member_count));
    QCOMPARE(state::table_proof_problem(root_of(members), *table), std::string());
    QVERIFY(root_of(members) == header_root);
}

// docs/STATE.md, "Proofs of the state": a node also proves the state after
// the blocks of the snapshots it keeps (here every block, the last two), each
// against the root of its own header; another height is refused by name.
void TestControl::proves_the_state_at_a_snapshots_height() {
    Cluster cluster(1, 0);
    cluster.adjust_config = [](std::size_t, NetworkNodeConfig& config) { config.state_snapshot_blocks = 1; };
    NetworkNode* node = cluster.start(0);
    ControlServer server(*node);
    const auto commit_admission = [&] {
        const std::uint64_t before = node->summary().height;
        const Transaction tx = cluster.admission();
        if (!node->submit(tx).accepted()) return false;
        return QTest::qWaitFor([&] { return node->summary().height > before; }, kWaitMs);
    };
    QVERIFY(commit_admission());
    const std::uint64_t dropped = node->summary().height; // its snapshot goes with the third block
    QVERIFY(commit_admission());
    const std::uint64_t earlier = node->summary().height;
    const Hash256 earlier_root = node->summary().state_root;
    QVERIFY(commit_admission());
    const std::uint64_t tip = node->summary().height;
    QCOMPARE(tip, earlier + 1);
    QCOMPARE(node->snapshot_height(), std::optional<std::uint64_t>(tip));

    const QJsonObject then = server.answer(
        {{"method", "table_proof"}, {"table", "applicants"}, {"height", QString::number(earlier)}});
    QVERIFY2(then.value("ok").toBool(), qPrintable(then.value("message").toString()));
    QCOMPARE(then.value("height").toString(), QString::number(earlier));
    QVERIFY(root_of(then) == earlier_root);
    QCOMPARE(then.value("entries").toString(), QStringLiteral("2"));
    const std::optional<state::TableProof> table_then = decoded_hex<state::TableProof>(then.value("proof"));
    QVERIFY(table_then);
    QCOMPARE(state::table_proof_problem(earlier_root, *table_then), std::string());
    QVERIFY(!state::table_proof_problem(node->summary().state_root, *table_then).empty());

    // The same table at the tip, asked by its height or by none, has the third applicant too.
    for (const QJsonValue& height : {QJsonValue(QString::number(tip)), QJsonValue(double(tip)), QJsonValue()}) {
        QJsonObject request{{"method", "table_proof"}, {"table", "applicants"}};
        if (!height.isNull()) request.insert("height", height);
        const QJsonObject now = server.answer(request);
        QVERIFY2(now.value("ok").toBool(), qPrintable(now.value("message").toString()));
        QCOMPARE(now.value("height").toString(), QString::number(tip));
        QCOMPARE(now.value("entries").toString(), QStringLiteral("3"));
    }

    // One entry at the earlier height: the founder's, and each applicant's,
    // the third shown absent.
    const AccountId founder = crypto::account_id(cluster.founder.public_key());
    const QJsonObject nonce = server.answer({{"method", "state_proof"},
                                             {"table", "members"},
                                             {"key", QString::fromStdString(codec::to_hex(founder))},
                                             {"height", QString::number(earlier)}});
    QVERIFY2(nonce.value("ok").toBool(), qPrintable(nonce.value("message").toString()));
    QVERIFY(nonce.value("present").toBool());
    const std::optional<state::StateProof> entry = decoded_hex<state::StateProof>(nonce.value("proof"));
    QVERIFY(entry);
    QCOMPARE(state::state_proof_problem(earlier_root, *entry), std::string());
    const std::optional<state::TableProof> applicants_now = decoded_hex<state::TableProof>(
        server.answer({{"method", "table_proof"}, {"table", "applicants"}}).value("proof"));
    QVERIFY(applicants_now && applicants_now->entries.size() == 3);
    for (const state::Entry& applicant : applicants_now->entries) {
        const QJsonObject asked = server.answer({{"method", "state_proof"},
                                                 {"table", "applicants"},
                                                 {"key", QString::fromStdString(codec::to_hex(applicant.key))},
                                                 {"height", QString::number(earlier)}});
        QVERIFY2(asked.value("ok").toBool(), qPrintable(asked.value("message").toString()));
        const std::optional<state::StateProof> proof = decoded_hex<state::StateProof>(asked.value("proof"));
        QVERIFY(proof);
        QCOMPARE(state::state_proof_problem(earlier_root, *proof), std::string());
        const bool there_then = std::any_of(table_then->entries.begin(), table_then->entries.end(),
                                            [&](const state::Entry& e) { return e.key == applicant.key; });
        QCOMPARE(asked.value("present").toBool(), there_then);
        QCOMPARE(proof->value.has_value(), there_then);
    }

    // A height the node keeps no state of: a snapshot it dropped, or after its tip.
    QCOMPARE(earlier, dropped + 1);
    for (const std::uint64_t missing : {dropped, tip + 1}) {
        const QJsonObject refused = server.answer(
            {{"method", "table_proof"}, {"table", "members"}, {"height", QString::number(missing)}});
        QVERIFY(!refused.value("ok").toBool());
        QCOMPARE(refused.value("message").toString(),
                 QStringLiteral("the node holds the state after block %1 and snapshots after blocks %2, not the "
                                "state after block %3")
                     .arg(tip)
                     .arg(earlier)
                     .arg(missing));
    }
}

void TestControl::refuses_bad_proof_requests() {
    Cluster cluster(1, 0);
    ControlServer server(*cluster.start(0));
    const auto message = [&](const QJsonObject& request) {
        const QJsonObject answer = server.answer(request);
        return answer.value("ok").toBool() ? QString() : answer.value("message").toString();
    };
    QCOMPARE(message({{"method", "state_proof"}, {"table", "wallets"}, {"key", "00"}}),
             QStringLiteral("'table' must name a table of the state (docs/STATE.md, \"Tables\"), not 'wallets'"));
    QCOMPARE(message({{"method", "state_proof"}, {"table", "members"}, {"key", "xyz"}}),
             QStringLiteral("'key' must be the entry's key in hex"));
    QCOMPARE(message({{"method", "state_proof"}, {"table", "members"}, {"key", "0102"}}),
             QStringLiteral("a key of the members table has 20 bytes, not 2"));
    for (const QJsonValue& height : {QJsonValue("abc"), QJsonValue("-1"), QJsonValue(" 5"), QJsonValue(""),
                                    QJsonValue(1.5), QJsonValue(-2), QJsonValue(true)})
        QCOMPARE(message({{"method", "state_proof"}, {"table", "members"}, {"key", QString(40, 'e')}, {"height", height}}),
                 QStringLiteral("'height' must be a block height in decimal digits, not '%1'")
                     .arg(height.toVariant().toString()));
    QCOMPARE(message({{"method", "table_proof"}, {"table", "members"}, {"height", "18446744073709551616"}}),
             QStringLiteral("'height' must be a block height in decimal digits, not '18446744073709551616'"));
    QCOMPARE(message({{"method", "table_proof"}}),
             QStringLiteral("'table' must name a table of the state (docs/STATE.md, \"Tables\"), not ''"));
}

QTEST_GUILESS_MAIN(TestControl)
#include "test_control.moc"
