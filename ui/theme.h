#pragma once
// Light, dark or the system's palette, switched at run time.

#include <QString>

namespace ui {

enum class Theme { System, Light, Dark };

Theme themeFromName(const QString& name); // "system", "light", "dark"
QString themeName(Theme theme);
void applyTheme(Theme theme);

} // namespace ui
