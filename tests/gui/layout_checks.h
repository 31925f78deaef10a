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
            return s->has_identity && s->my_energy && s->members.size() >= 30;
        }, 20000);
    }
    ui::MainWindow* window() const { return session->window(); }
};

// Runs `inspect` on the next modal dialog (the next one with that object
// name, if one is given), then closes it with reject(); a click that opens a
// modal dialog is made after this is armed.
inline void inspectNextModal(std::function<void(QWidget*)> inspect, const QString& object_name = {}) {
    auto attempts = std::make_shared<int>(0);
    auto poll = std::make_shared<std::function<void()>>();
    *poll = [inspect = std::move(inspect), attempts, poll, object_name] {
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal || (!object_name.isEmpty() && modal->objectName() != object_name)) {
            if (++*attempts < 200) QTimer::singleShot(10, *poll);
            return;
        }
        inspect(modal);
        QMetaObject::invokeMethod(modal, "reject", Qt::QueuedConnection);
    };
    QTimer::singleShot(0, *poll);
}

} // namespace gui_test
