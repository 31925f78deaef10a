// A process that runs the desktop's embedded node (LocalNode, the class the
// app and rateio-cli open) and keeps it committing blocks, for test_crash to
// kill with SIGKILL at random moments.
//
//   crash_embedded_node DATA_DIR
//
// On a data dir without a group it founds one (the node key is the only
// validator, as on the desktop's first start); otherwise it opens the group
// the way the app does. Then it submits requests to join from fresh keys,
// a few at a time, so that the node makes one block after another.
//
// stdout, one line each, flushed at once so that a SIGKILL loses none:
//   ready HEIGHT                   the node is open
//   committed HEIGHT STATE_ROOT    written after the block is in the Store
// A line is printed only after LocalNode has committed the block (the
// blockCommitted signal follows the SQLite commit), so every height printed
// is one the data dir must still hold after the kill.

#include "../node/cluster.h"
#include "node/local_node.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimer>

#include <cstdio>

using namespace chain;

namespace {

// Transactions waiting in the mempool at most: enough to keep a block in the
// making at every moment, few enough that every block is small and quick.
constexpr std::size_t kQueuedMax = 4;

std::int64_t real_clock_s() { return QDateTime::currentSecsSinceEpoch(); }

void say(const std::string& line) {
    std::fputs((line + "\n").c_str(), stdout);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("crash_embedded_node"));
    if (argc != 2) {
        std::fputs("usage: crash_embedded_node DATA_DIR\n", stderr);
        return 2;
    }
    const QString data_dir = QString::fromLocal8Bit(argv[1]);
    QString error;
    std::unique_ptr<LocalNode> node;
    if (LocalNode::holds_group(data_dir)) {
        node = LocalNode::open(data_dir, real_clock_s, &error);
    } else {
        const crypto::KeyPair founder = crypto::KeyPair::generate();
        const crypto::KeyPair node_key = crypto::KeyPair::generate();
        FoundingInput input;
        input.group_name = "Condominio Queda de Energia";
        input.time_s = real_clock_s();
        input.founder_utility = "Light";
        input.founder_profile = make_profile("Fundadora", "1234");
        const Founding founding = found_group(input, founder, node_key.public_key());
        node = LocalNode::create(data_dir, founding.genesis, node_key, real_clock_s, &error);
    }
    if (!node) {
        std::fprintf(stderr, "cannot open the embedded node: %s\n", qPrintable(error));
        return 1;
    }
    QObject::connect(node.get(), &Node::blockCommitted, [&node](quint64) {
        const GroupSummary summary = node->summary();
        say("committed " + std::to_string(summary.height) + " " + codec::to_hex(summary.state_root));
    });
    say("ready " + std::to_string(node->summary().height));

    const Genesis genesis = node->genesis();
    QTimer feeder;
    QObject::connect(&feeder, &QTimer::timeout, [&] {
        if (node->queued_count() >= kQueuedMax) return;
        const Transaction tx = testing::admission_request(genesis.group_id(), node->summary().data_key_epoch,
                                                          node->data_public_key(), node->now() + 86400);
        const SubmitResult result = node->submit(tx);
        if (!result.accepted()) {
            std::fprintf(stderr, "the node refused a request to join: %s\n", result.rejection->message.c_str());
            QCoreApplication::exit(1);
        }
    });
    feeder.start(0);
    return app.exec();
}
