#include "models/thread_handoff.h"

#include <QCoreApplication>
#include <QEvent>
#include <QSemaphore>
#include <QThread>

// GCC defines __SANITIZE_THREAD__ under -fsanitize=thread; clang answers
// __has_feature(thread_sanitizer).
#if defined(__SANITIZE_THREAD__)
#define RATEIO_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define RATEIO_TSAN 1
#endif
#endif

#ifdef RATEIO_TSAN
// The TSan runtime's annotation entry points (sanitizer/tsan_interface.h of
// the compiler's runtime, declared here so that no header is needed).
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace models {
namespace {

// Everything this thread did so far happens before whatever acquires `addr` later.
void releaseToTsan([[maybe_unused]] void* addr) {
#ifdef RATEIO_TSAN
    __tsan_release(addr);
#endif
}

// What the thread that released `addr` did before is ordered before what this thread does next.
void acquireFromTsan([[maybe_unused]] void* addr) {
#ifdef RATEIO_TSAN
    __tsan_acquire(addr);
#endif
}

class HandoffEvent : public QEvent {
public:
    static QEvent::Type handoffType() {
        static const auto type = static_cast<QEvent::Type>(QEvent::registerEventType());
        return type;
    }

    explicit HandoffEvent(std::function<void()> work) : QEvent(handoffType()), work_(std::move(work)) {}

    // Delivered or not (an event still queued when its receiver is destroyed
    // is deleted by Qt unrun), the captures are destroyed on the receiving
    // thread, and so is the event: both after the poster's release.
    ~HandoffEvent() override { acquireFromTsan(this); }

    void run() {
        if (work_) work_();
    }

private:
    std::function<void()> work_;
};

} // namespace

ThreadHandoff::ThreadHandoff(QObject* parent) : QObject(parent) {}

void ThreadHandoff::post(std::function<void()> work) {
    auto* event = new HandoffEvent(std::move(work));
    // The event and its captures are complete; from here on only the receiver touches them.
    releaseToTsan(event);
    QCoreApplication::postEvent(this, event);
}

void ThreadHandoff::postAndWait(std::function<void()> work) {
    Q_ASSERT(QThread::currentThread() != thread());
    QSemaphore done;
    // QSemaphore, like Qt's queue, waits on a futex TSan cannot see. The
    // order is told through this object rather than through `done`, whose
    // stack address a later, unrelated object may take.
    post([this, &done, work = std::move(work)] {
        work();
        releaseToTsan(this);
        done.release();
    });
    done.acquire();
    acquireFromTsan(this);
}

bool ThreadHandoff::event(QEvent* event) {
    // Before anything of the event is read, its type included. Qt's own
    // events (never released) make this a no-op.
    acquireFromTsan(event);
    if (event->type() != HandoffEvent::handoffType()) return QObject::event(event);
    static_cast<HandoffEvent*>(event)->run();
    return true;
}

} // namespace models
