#pragma once
// ThreadHandoff: runs callables on the thread a QObject lives on, through
// Qt's posted-event queue, and says so to ThreadSanitizer.
//
// Qt orders everything a thread did before QCoreApplication::postEvent with
// everything the receiving thread does once the event is delivered (and when
// it is deleted): the queue is guarded by a QMutex. Debian's Qt is not built
// with TSan and its QMutex waits on a futex TSan cannot see, so without help
// TSan takes every object handed over this way (the callable's captures, the
// event itself) for a data race. In TSan builds the event is released to TSan
// once it is fully built, just before it is posted, and acquired before the
// callable runs and before the event is destroyed, which is the order Qt
// gives; in other builds the annotations compile to nothing.
//
// The event is made here, not by Qt (as QMetaObject::invokeMethod does), so
// that its allocation, too, lies before the release.

#include <QObject>

#include <functional>

namespace models {

class ThreadHandoff : public QObject {
    Q_OBJECT
public:
    explicit ThreadHandoff(QObject* parent = nullptr);

    // Runs `work` on this object's thread after the events already queued
    // there. Any thread may call it. If this object is destroyed first, `work`
    // is destroyed without running.
    void post(std::function<void()> work);
    // Runs `work` on this object's thread and returns once it has run; what
    // `work` did is then ordered before what the caller does next. Never from
    // this object's own thread (it would wait for itself).
    void postAndWait(std::function<void()> work);

protected:
    bool event(QEvent* event) override;
};

} // namespace models
