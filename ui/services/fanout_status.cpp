#include "services/fanout_status.h"

#include "services/invocation.h"

namespace vigil::ui {

QString fanoutStatus(const Invocation& inv) {
    if (inv.ok) {
        return QStringLiteral("ok");
    }
    if (!inv.transportError && !inv.socketPath.isEmpty()) {
        return QStringLiteral("error");
    }
    return inv.error.contains(QLatin1String("no reply within")) ? QStringLiteral("unresponsive")
                                                                : QStringLiteral("down");
}

} // namespace vigil::ui
