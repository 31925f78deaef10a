#pragma once
// Light, dark or the system's palette, switched at run time.

#include <QColor>
#include <QString>

#include <functional>

class QPalette;
class QWidget;

namespace ui {

enum class Theme { System, Light, Dark };

Theme themeFromName(const QString& name); // "system", "light", "dark"
QString themeName(Theme theme);
void applyTheme(Theme theme);

// The least contrast between text and its background (WCAG AA for body text).
constexpr double kMinimumTextContrast = 4.5;

// Whether the palette's base (where text is read) is dark.
bool isDark(const QPalette& palette);
// WCAG's contrast ratio of two colours, from 1 (none) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);
// A quieter text colour for captions that still reads on `background` at kMinimumTextContrast.
QColor mutedTextColor(const QPalette& palette, const QColor& background);
// Red for errors and green for confirmations, readable on the palette's window colour.
QColor errorTextColor(const QPalette& palette);
QColor successTextColor(const QPalette& palette);

// Gives `widget` the style sheet `style(palette)` with the application's
// current palette, and again every time the palette changes (a theme switch):
// a style sheet's palette(...) colours would otherwise stay those of the
// theme it was polished in.
void followPalette(QWidget* widget, std::function<QString(const QPalette&)> style);

} // namespace ui
