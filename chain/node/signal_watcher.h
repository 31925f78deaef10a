#pragma once
// Turns POSIX signals (SIGTERM, SIGINT) into a Qt signal on the event loop:
// the handler only writes the signal number into a socket pair, and a
// QSocketNotifier reads it on the main thread (the pattern Qt documents in
// "Calling Qt Functions From Unix Signal Handlers"). A handler may do almost
// nothing safely; everything else happens in the slot.

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace chain {

class SignalWatcher : public QObject {
    Q_OBJECT
public:
    // One watcher per process. False and *error if the socket pair or a
    // handler cannot be installed.
    bool install(std::initializer_list<int> signal_numbers, QString* error);
    ~SignalWatcher() override;

signals:
    void signalReceived(int signal_number);

private:
    void on_readable();
    QSocketNotifier* notifier_ = nullptr;
};

} // namespace chain
