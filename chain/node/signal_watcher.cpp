#include "node/signal_watcher.h"

#include <QSocketNotifier>
#include <QString>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace chain {

namespace {

// [0] written by the handler, [1] read on the event loop.
int g_signal_fds[2] = {-1, -1};

void on_signal(int signal_number) {
    const auto byte = static_cast<unsigned char>(signal_number);
    const int saved_errno = errno;
    // If the pipe is full a signal is already pending: losing this one is fine.
    [[maybe_unused]] const ssize_t written = ::write(g_signal_fds[0], &byte, 1);
    errno = saved_errno;
}

} // namespace

bool SignalWatcher::install(std::initializer_list<int> signal_numbers, QString* error) {
    if (g_signal_fds[0] != -1) {
        *error = QStringLiteral("signal handlers are installed already");
        return false;
    }
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signal_fds) != 0) {
        *error = QStringLiteral("cannot create the signal socket pair: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    notifier_ = new QSocketNotifier(g_signal_fds[1], QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, &SignalWatcher::on_readable);
    for (const int number : signal_numbers) {
        struct sigaction action {};
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        if (::sigaction(number, &action, nullptr) != 0) {
            *error = QStringLiteral("cannot handle signal %1: %2").arg(number).arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
    }
    return true;
}

SignalWatcher::~SignalWatcher() = default;

void SignalWatcher::on_readable() {
    unsigned char byte = 0;
    if (::read(g_signal_fds[1], &byte, 1) == 1) emit signalReceived(byte);
}

} // namespace chain
