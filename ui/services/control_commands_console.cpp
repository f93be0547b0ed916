// The console's own control commands: workspace/save and exit. Also joins every domain's rows
// into the one table the ControlServer registers.
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_server.h"

#include "vigil/unixctl.h"

#include <QMetaObject>

namespace vigil::ui {

namespace {

void workspaceSave(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                   const std::vector<std::string>&) {
    QString error;
    if (!ctx.console->save(&error)) {
        conn.reply_error(error.toStdString());
        return;
    }
    conn.reply("");
}

void exitConsole(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                 const std::vector<std::string>&) {
    conn.reply("");
    // From the event loop, so the reply goes out before anyone acts on it.
    QMetaObject::invokeMethod(ctx.server, &ControlServer::exitRequested, Qt::QueuedConnection);
}

constexpr ControlCommand rows[] = {
    {"workspace/save", "", 0, 0, workspaceSave},
    {"exit", "", 0, 0, exitConsole},
};

} // namespace

std::span<const ControlCommand> consoleControlCommands() {
    return rows;
}

const std::vector<ControlCommand>& controlCommands() {
    static const std::vector<ControlCommand> all = [] {
        std::vector<ControlCommand> v;
        for (auto domain :
             {daemonControlCommands(), feedControlCommands(), targetControlCommands(),
              fanoutControlCommands(), hostControlCommands(), sessionControlCommands(),
              clusterControlCommands(), consoleControlCommands()}) {
            v.insert(v.end(), domain.begin(), domain.end());
        }
        return v;
    }();
    return all;
}

} // namespace vigil::ui
