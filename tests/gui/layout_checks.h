#pragma once
// What the layout and accessibility tests share: the demo group opened in a
// temporary folder, the size of a small screen in logical pixels, and
// answering the modal dialog a click opens.

#include "app/desktop/startup.h"
#include "ui/language.h"
#include "ui/resources.h"

#include <QApplication>
#include <QScreen>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cmath>
#include <functional>
#include <memory>

namespace gui_test {

// The commonest small laptop screen the app must work on, in device pixels.
inline constexpr int kSmallScreenWidth_px = 1280;
inline constexpr int kSmallScreenHeight_px = 720;
// A modal dialog is looked for this often, at most this many times (2 s).
inline constexpr int kModalLookInterval_ms = 10;
inline constexpr int kModalLooksMax = 200;

// The device pixel ratio the tests run at (QT_SCALE_FACTOR=1.5 gives 1.5).
inline qreal scaleFactor() { return QGuiApplication::primaryScreen()->devicePixelRatio(); }

// What a 1280×720 screen offers at the current scale, in logical pixels:
// 1280×720 at 100 %, 853×480 at 150 %.
inline QSize smallScreenLogical() {
    const qreal scale = scaleFactor();
    return QSize(int(std::floor(kSmallScreenWidth_px / scale)), int(std::floor(kSmallScreenHeight_px / scale)));
}

// The demo group with its settings in a temporary folder, its window shown.
struct Demo {
    QTemporaryDir dir;
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<desktop::Session> session;

    bool open(QString* error) {
        ui::initResources();
        ui::applyLanguage(QStringLiteral("en"));
        settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        session = desktop::openDemo(dir.filePath(QStringLiteral("demo")), settings.get(), error);
        if (!session) return false;
        session->window()->show();
        const models::Snapshot* s = nullptr;
        return QTest::qWaitFor([&] {
            s = &session->models()->snapshot();
            return s->has_identity && s->my_energy_facts && s->members.size() >= 30;
        }, 20000);
    }
    ui::MainWindow* window() const { return session->window(); }
};

// Runs `inspect` on the next modal dialog (the next one with that object
// name, if one is given), then closes it with reject(); a click that opens a
// modal dialog is made after this is armed.
// One look for the modal each `delay_ms`, at most `looks_left` more times.
// Each look schedules the next with the callable moved on, so nothing holds
// itself (a self-referencing shared_ptr would leak under LeakSanitizer).
inline void lookForModal(std::function<void(QWidget*)> inspect, QString object_name, int looks_left, int delay_ms) {
    QTimer::singleShot(delay_ms, [inspect = std::move(inspect), object_name = std::move(object_name), looks_left]() mutable {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || (!object_name.isEmpty() && modal->objectName() != object_name)) {
            if (looks_left > 0) lookForModal(std::move(inspect), std::move(object_name), looks_left - 1, kModalLookInterval_ms);
            return;
        }
        inspect(modal);
        QMetaObject::invokeMethod(modal, "reject", Qt::QueuedConnection);
    });
}

inline void inspectNextModal(std::function<void(QWidget*)> inspect, const QString& object_name = {}) {
    lookForModal(std::move(inspect), object_name, kModalLooksMax, 0);
}

} // namespace gui_test
