// Finding the supervisor service of a run directory, and starting one when none runs (as PM2's
// CLI starts its daemon): the window attaches to whichever supervisor holds
// `<rundir>/vigil.pid`, so two windows, a systemd unit and a script all share one.
#pragma once

#include <QString>
#include <QStringList>

namespace vigil::ui {

// The control socket of the supervisor that holds `<runDirectory>/vigil.pid` (locked by a live
// process, as OVS daemons hold theirs): `<runDirectory>/vigil.<pid>.ctl`. Returns an empty
// string and sets `*error` when no supervisor runs there or its socket does not exist yet.
QString findSupervisorSocket(const QString& runDirectory, QString* error = nullptr);

// What startSupervisorService() passes on to the service.
struct SupervisorLaunch {
    QString program;        // the vigil executable (default: this program's own)
    QString runDirectory;   // --rundir
    QString workspace;      // --workspace, empty for the default
    QString stateDirectory; // --state-dir, empty for the default
};

// The arguments of `vigil --headless` as a detached, monitored service that leaves its daemons
// running when it exits (so a restarted service re-adopts them).
QStringList supervisorServiceArguments(const SupervisorLaunch& launch);

// Starts the service and waits (up to `timeoutMs`) until its foreground process returns, which
// the runtime's --detach does once the service's control socket listens. Returns the socket,
// or an empty string and `*error` (the service's own message when it printed one, e.g. a
// workspace it could not read) when it failed or another supervisor won the run directory
// first, in which case that one's socket is returned instead.
QString startSupervisorService(const SupervisorLaunch& launch, int timeoutMs,
                               QString* error = nullptr);

} // namespace vigil::ui
