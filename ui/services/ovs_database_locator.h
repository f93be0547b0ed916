// Finds the Open_vSwitch database of a running Open vSwitch daemon from its control socket:
// the daemon's pid (from the socket's file name `ovs-vswitchd.1234.ctl`, else the peer
// credentials of a connection to it, else its pidfile), then its command line
// (/proc/PID/cmdline): ovs-vswitchd's first non-option argument ("unix:/x/db.sock"), or for an
// ovsdb-server that serves its Manager table as remotes (--remote=db:Open_vSwitch,...) the
// remote it listens on (--remote=punix:PATH or ptcp:PORT[:IP]); else db.sock in the daemon's
// run directory. Relative unix paths are taken in the daemon's run directory, as OVS does.
#pragma once

#include <QString>
#include <QStringList>
#include <sys/types.h>

namespace vigil::ui {

// Which Open vSwitch program a daemon is, for session watching.
enum class OvsDaemonKind {
    Other,       // not one whose sessions live in the Open_vSwitch database
    Vswitchd,    // ovs-vswitchd: its controllers are the Controller table's rows
    OvsdbServer, // an ovsdb-server serving the Manager table's targets as remotes
};

// Returns "other", "ovs-vswitchd" or "ovsdb-server".
QString ovsDaemonKindName(OvsDaemonKind kind);

// What locateOvsDatabase() found.
struct OvsDatabaseLocation {
    OvsDaemonKind kind = OvsDaemonKind::Other;
    pid_t pid = 0;
    QString remote; // the database's JSON-RPC remote ("unix:/x/db.sock"); empty when none
    QString how;    // how `remote` was found ("command line", "run directory")
    QString error;  // why nothing was found (for Other: why the daemon could not be read)
};

// The pid of the process serving the control socket at `socketPath`: from a file name like
// `NAME.PID.ctl`, else SO_PEERCRED on a connection to it, else `<dir>/<NAME>.pid`. Returns 0
// when none works.
pid_t controlSocketPid(const QString& socketPath);

// The arguments of process `pid` (argv[0] first) from /proc/PID/cmdline; empty when it cannot
// be read.
QStringList processArguments(pid_t pid);

// The program a command line runs (argv[0]'s file name, or what OVS's proctitle left of it).
OvsDaemonKind ovsDaemonKind(const QStringList& arguments);

// ovs-vswitchd's database remote from its arguments (argv[0] first): the first non-option
// argument, with a relative unix: path made absolute in `runDirectory`; "unix:<runDirectory>/
// db.sock" when there is none (OVS's default).
QString vswitchdDatabaseRemote(const QStringList& arguments, const QString& runDirectory);

// An ovsdb-server's remote to reach it by, from its arguments: a --remote=punix:PATH (preferred)
// or --remote=ptcp:PORT[:IP] (as tcp:IP:PORT, a wildcard IP becoming the loopback). Sets
// `*servesManagers` to whether a --remote=db:Open_vSwitch,... argument makes the Manager table
// its remotes. Returns an empty string when it listens on neither.
QString ovsdbServerRemote(const QStringList& arguments, const QString& runDirectory,
                          bool* servesManagers);

// Finds the daemon behind `socketPath` and its database as described above. A daemon that is
// not ovs-vswitchd or a manager-serving ovsdb-server comes back as Other.
OvsDatabaseLocation locateOvsDatabase(const QString& socketPath);

} // namespace vigil::ui
