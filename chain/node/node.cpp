#include "node/node.h"

#include <QMetaType>

namespace chain {

namespace {

// Signals carrying a Hash256 cross threads (node thread -> GUI thread) as
// queued connections, which need the type registered before the first emit.
[[maybe_unused]] const int kHash256MetaType = qRegisterMetaType<Hash256>("chain::Hash256");

} // namespace

SyncStatus Node::sync_status() const {
    const std::uint64_t height = summary().height;
    return SyncStatus{height, height, false};
}

} // namespace chain

// The meta-object code of Node lives in this object file, so that linking any
// Node subclass also links the registration above.
#include "moc_node.cpp"
