#include "services/supervisor.h"

namespace vigil::ui {

QStringList Supervisor::names() const {
    QStringList result;
    for (const DaemonStatus& status : daemons()) {
        result << status.name;
    }
    return result;
}

QList<DaemonDefinition> Supervisor::definitions() const {
    QList<DaemonDefinition> result;
    for (const DaemonStatus& status : daemons()) {
        if (std::optional<DaemonDefinition> def = definition(status.name)) {
            def->autostart = status.desired == DesiredState::Up;
            result << *def;
        }
    }
    return result;
}

} // namespace vigil::ui
