// Where a supervised daemon's files are: its program, its run directory, its control socket,
// and the pid in an OVS pidfile.
#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace vigil::ui {

struct DaemonDefinition;

// Returns the run directory a daemon started with `environment` (overrides of the console's
// environment) uses: OVS_RUNDIR, else VIGIL_RUNDIR (each taken from `environment` first, then
// from the console's environment), else vigil::rundir()'s per-user default.
QString daemonRunDirectory(const QMap<QString, QString>& environment = {});

// Resolves a program as the supervisor launches it: a name with a '/' is returned as is
// (relative to `workingDirectory` when set); a bare name is looked for first in
// `besideDirectory` (normally the console's own directory, so the demo's vigil-testd is found
// in build/bin), then in `searchPath` (a PATH value; the console's PATH when empty). Returns
// the path, or an empty string with `*error` set to a sentence when nothing executable exists.
QString resolveDaemonProgram(const QString& program, const QString& besideDirectory,
                             const QString& searchPath = QString(),
                             const QString& workingDirectory = QString(), QString* error = nullptr);

// Where a daemon's control socket is.
struct ControlSocketLocation {
    QString path;          // empty: the daemon has none
    bool declared = false; // named by the definition or a --unixctl argument (vs OVS default)
};

// Returns the control socket of a daemon running `definition` as `pid`: the definition's
// controlSocket override, else its --unixctl=PATH (or "--unixctl PATH") argument, else OVS's
// default <rundir>/<program basename>.<pid>.ctl. "none" means no socket; relative paths are
// taken relative to the daemon's run directory.
ControlSocketLocation daemonControlSocket(const DaemonDefinition& definition, qint64 pid);

// Reads an OVS pidfile: the pid it names must hold a POSIX write lock on the file (what OVS
// daemons do, and what ovs-appctl checks). Returns the pid, or 0 with `*error` set when the
// file is missing or unreadable, not locked (stale), or locked by another pid.
qint64 readDaemonPidfile(const QString& path, QString* error = nullptr);

} // namespace vigil::ui
