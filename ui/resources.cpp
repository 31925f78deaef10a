#include "ui/resources.h"

#include <QtCore/qglobal.h>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initRateioResources() { Q_INIT_RESOURCE(rateio); }

namespace ui {

void initResources() {
    static const bool done = [] {
        initRateioResources();
        return true;
    }();
    (void)done;
}

} // namespace ui
