#pragma once
// `rateio --screenshot DIR`: every screen of the demo group, rendered
// offscreen to DIR/<language>-<nn>-<screen>.png.

#include "app/desktop/startup.h"

namespace desktop {

// Returns the number of files written; *error on the first failure.
int takeScreenshots(Session& session, const QString& dir, const QString& language, QString* error);

} // namespace desktop
