#pragma once
// A port to hand to another process, shared by the tests and the benchmarks.

#include <QHostAddress>
#include <QRandomGenerator>
#include <QTcpServer>
#include <QtGlobal>

// A TCP port on 127.0.0.1 that nothing listens on right now, below Linux's
// ephemeral range (32768 and up by default): a port the kernel hands out
// could be taken, before the node that is given it listens, by the client
// side of any connection another test opens meanwhile (a node that cannot
// listen exits). Tests running side by side still pick at random.
inline quint16 free_port() {
    constexpr quint16 kFirstPort = 20'000;
    constexpr quint16 kPortsAbove = 12'000; // up to 31999
    constexpr int kTriesMax = 200;
    for (int attempt = 0; attempt < kTriesMax; ++attempt) {
        const auto port = static_cast<quint16>(kFirstPort + QRandomGenerator::global()->bounded(kPortsAbove));
        QTcpServer server;
        if (server.listen(QHostAddress::LocalHost, port)) return port;
    }
    qFatal("no free port below the ephemeral range");
}

// Whether another process listens on the port now. A node that says it
// cannot listen on a port nobody holds has a bug of its own (its own
// earlier instance's socket not released, say), not a neighbour's collision.
inline bool port_taken(quint16 port) {
    QTcpServer probe;
    return !probe.listen(QHostAddress::LocalHost, port);
}
