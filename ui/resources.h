#pragma once

namespace ui {

// Registers the icons and the demo seed compiled into this static library
// (a static library's resources are linked only when something names them).
void initResources();

} // namespace ui
