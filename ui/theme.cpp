#include "ui/theme.h"

#include <QApplication>
#include <QEvent>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

#include <cmath>
#include <memory>
#include <vector>

namespace ui {

Theme themeFromName(const QString& name) {
    if (name == QLatin1String("light")) return Theme::Light;
    if (name == QLatin1String("dark")) return Theme::Dark;
    return Theme::System;
}

QString themeName(Theme theme) {
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

namespace {

QPalette darkPalette() {
    QPalette p;
    const QColor window(37, 40, 45), base(28, 30, 34), text(230, 232, 235), accent(76, 175, 80);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(129, 199, 132));
    p.setColor(QPalette::PlaceholderText, QColor(150, 150, 150));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(120, 120, 120));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(120, 120, 120));
    return p;
}

QPalette lightPalette() {
    // Only its palette is wanted: the style itself is deleted here.
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = fusion->standardPalette();
    p.setColor(QPalette::Highlight, QColor(46, 125, 50));
    p.setColor(QPalette::Window, QColor(246, 247, 249));
    return p;
}

} // namespace

void applyTheme(Theme theme) {
    // The style first and only once: setting it again would polish every
    // widget with the palette being replaced.
    if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    switch (theme) {
    case Theme::Dark: QApplication::setPalette(darkPalette()); break;
    case Theme::Light: QApplication::setPalette(lightPalette()); break;
    case Theme::System: QApplication::setPalette(QApplication::style()->standardPalette()); break;
    }
}

namespace {

double relativeLuminance(const QColor& color) {
    const auto linear = [](double channel) {
        return channel <= 0.03928 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF()) + 0.0722 * linear(color.blueF());
}

QColor mix(const QColor& from, const QColor& to, double amount) {
    return QColor::fromRgbF(float(from.redF() + (to.redF() - from.redF()) * amount),
                            float(from.greenF() + (to.greenF() - from.greenF()) * amount),
                            float(from.blueF() + (to.blueF() - from.blueF()) * amount));
}

// Of two shades of one hue, the one that reads on `background`.
QColor readableOn(const QColor& background, const QColor& on_light, const QColor& on_dark) {
    return contrastRatio(on_light, background) >= contrastRatio(on_dark, background) ? on_light : on_dark;
}

// Hears the application's palette changes once for every follower: a widget
// with a style sheet holds a palette of its own, so it would not hear them.
class PaletteHub : public QObject {
public:
    static PaletteHub* instance() {
        static PaletteHub* hub = new PaletteHub(QCoreApplication::instance());
        return hub;
    }
    void add(QObject* follower, std::function<void()> apply) {
        followers_.push_back({follower, std::move(apply)});
        connect(follower, &QObject::destroyed, this, [this](QObject* gone) {
            std::erase_if(followers_, [gone](const Follower& f) { return f.object == gone; });
        });
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == parent() && event->type() == QEvent::ApplicationPaletteChange)
            for (const Follower& f : std::vector<Follower>(followers_)) f.apply();
        return false;
    }

private:
    explicit PaletteHub(QObject* application) : QObject(application) { application->installEventFilter(this); }
    struct Follower {
        QObject* object;
        std::function<void()> apply;
    };
    std::vector<Follower> followers_;
};

// Re-applies a style sheet built from the palette whenever the palette changes.
class PaletteFollower : public QObject {
public:
    PaletteFollower(QWidget* widget, std::function<QString(const QPalette&)> style)
        : QObject(widget), widget_(widget), style_(std::move(style)) {
        apply();
        PaletteHub::instance()->add(this, [this] { apply(); });
    }

private:
    void apply() {
        // Setting an equal sheet again would re-polish, and send PaletteChange once more.
        const QString sheet = style_(QGuiApplication::palette());
        if (widget_->styleSheet() != sheet) widget_->setStyleSheet(sheet);
    }

    QWidget* widget_;
    std::function<QString(const QPalette&)> style_;
};

} // namespace

bool isDark(const QPalette& palette) { return palette.color(QPalette::Base).lightnessF() < 0.5; }

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor mutedTextColor(const QPalette& palette, const QColor& background) {
    // Step from the text colour toward the background while the contrast stays at
    // WCAG's enhanced level: small captions lose some of it to antialiasing.
    constexpr double kMutedSteps = 20;
    constexpr double kMutedContrast = 7.0;
    const QColor text = palette.color(QPalette::Text);
    QColor muted = text;
    for (int step = 1; step < kMutedSteps; ++step) {
        const QColor candidate = mix(text, background, step / kMutedSteps);
        if (contrastRatio(candidate, background) < kMutedContrast) break;
        muted = candidate;
    }
    return muted;
}

QColor errorTextColor(const QPalette& palette) {
    return readableOn(palette.color(QPalette::Window), QColor(0xb7, 0x1c, 0x1c), QColor(0xef, 0x9a, 0x9a));
}

QColor successTextColor(const QPalette& palette) {
    return readableOn(palette.color(QPalette::Window), QColor(0x1b, 0x5e, 0x20), QColor(0xa5, 0xd6, 0xa7));
}

void followPalette(QWidget* widget, std::function<QString(const QPalette&)> style) {
    new PaletteFollower(widget, std::move(style));
}

} // namespace ui
