// The console without its window: one object that owns every service (the runtime bridge, the
// supervisor, the workspace, target discovery, command invocation with its audit history,
// session watching, and the console's own control socket) and wires them together. The window
// (ui/views) and `vigil --headless` both build on it; everything the window can do is reachable
// here as plain calls, signals and models, so it is testable without a screen.
//
// A Console lives in the thread that runs its event loop (normally the GUI thread); it creates
// that thread's RuntimeBridge, so a thread must hold at most one Console.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>
#include <functional>
#include <memory>

namespace vigil::ui {

class ClusterStatus;
class CommandInvoker;
class ConsolePidfile;
class ControlServer;
class Fleet;
class RemoteSupervisors;
class InvocationHistoryModel;
class RuntimeBridge;
class SessionModel;
class SessionMonitor;
class Supervisor;
class TargetRegistry;
class Workspace;

class Console : public QObject {
    Q_OBJECT
public:
    // Builds every service around a LocalSupervisor, which owns the daemons' processes (the
    // supervisor service, an embedded window, tests); nothing is loaded, started or listened on
    // until load() and startControlSocket(). Target discovery starts scanning at once.
    explicit Console(QObject* parent = nullptr);
    // A console whose supervisor is a SupervisorClient mirroring the supervisor service whose
    // control socket `resolveSocket()` names (asked again before every reconnection, since a
    // restarted service has a new pid in its socket's name). The window uses it: the daemons,
    // their logs and history live in the service, and load() takes only the workspace's
    // targets and sessions.
    static std::unique_ptr<Console> createClient(std::function<QString()> resolveSocket,
                                                 QObject* parent = nullptr);
    // True for a console made by createClient().
    bool isClient() const { return client_; }
    // Closes the control socket and removes the pidfile, then sends TERM to the process group
    // of every daemon the console started (see Supervisor::~Supervisor); call shutdown() first
    // for an orderly stop that waits for them.
    ~Console() override;

    RuntimeBridge* bridge() const { return bridge_; }
    Supervisor* supervisor() const { return supervisor_; }
    // The workspace last loaded (its daemons list is refreshed from the supervisor by save()).
    Workspace* workspace() const { return workspace_.get(); }
    TargetRegistry* targets() const { return targets_; }
    CommandInvoker* invoker() const { return invoker_; }
    SessionMonitor* sessions() const { return sessions_; }
    // The RAFT clusters and ovn-controllers among the targets (polled only while watched).
    ClusterStatus* clusters() const { return clusters_; }
    ControlServer* controlServer() const { return controlServer_; }
    // The hosts reached through ssh, and their targets (see Fleet).
    Fleet* fleet() const { return fleet_; }
    // The Vigil supervisors found on the fleet's hosts (see RemoteSupervisors).
    RemoteSupervisors* remoteSupervisors() const { return remoteSupervisors_; }
    // The models the window shows: the invocation history (owned by the invoker) and the
    // sessions table (owned here, fed from the session monitor).
    InvocationHistoryModel* historyModel() const;
    SessionModel* sessionModel() const;

    // Loads the workspace at `workspacePath` (empty: Workspace::defaultPath(); a missing file
    // starts from the built-in default and is saved there), adds its daemons to the supervisor
    // and starts those with autostart, adds its targets to the registry and opens its sessions.
    // Returns false and sets `*error` when the file cannot be read or is invalid (nothing is
    // applied then). Daemons or remotes that could not be added do not fail the load: they are
    // reported through `*error`-free problems in workspaceLoaded() and errorOccurred().
    bool load(const QString& workspacePath, QString* error = nullptr);

    // Saves the supervisor's definitions, the added targets and the session remotes to the
    // workspace's file atomically. Returns false and sets `*error` when it cannot be written
    // (the previous file is then intact), or when that file is one a load() rejected (so a
    // file with a typo is never overwritten by a console that could not read it).
    bool save(QString* error = nullptr);

    // Writes `<rundir>/vigil.pid` (locked, as OVS daemons do) and serves the console's unixctl
    // commands on `<rundir>/vigil.<pid>.ctl`, so `vigil-appctl -t vigil` reaches it. Both files
    // are removed at exit and on fatal signals. Returns false and sets `*error` when another
    // console already holds the pidfile or the socket cannot be created.
    // With `createPidfile` false the pidfile is someone else's (the runtime's --pidfile made it).
    bool startControlSocket(QString* error = nullptr, bool createPidfile = true);

    // Asks the supervisor service to exit (its `exit` command) and calls `done` from the event
    // loop once it answered or could not be reached; a local console just calls `done`, since
    // its supervisor exits with its process.
    void stopService(std::function<void()> done);

    // Writes the local supervisor's journal now (for a fatal-signal hook, where destructors do
    // not run); nothing for a client.
    void flushJournal();
    // Removes the fleet's private runtime directory now (for the same hook), so a console
    // ended by SIGTERM leaves no vigil-ssh-* directory behind.
    void removeRuntimeFilesNow();

    // Adds a target by control-socket path and records it in the workspace (saved by save()).
    // Returns false and sets `*error` when the path is not a usable socket.
    bool addTarget(const QString& path, QString* error = nullptr);
    // Forgets a target added by path; returns false when it was not added by path.
    bool removeTarget(const QString& path);
    // Opens a JSON-RPC session to `remote` (unix:/tcp:/ssl:, host names resolved first) and
    // records it in the workspace. Returns false and sets `*error` for an invalid or duplicate
    // remote.
    bool addSession(const QString& remote, QString* error = nullptr);
    // Closes the session to `remote` and forgets it; returns false when there is none.
    bool removeSession(const QString& remote);

    // The run directory the console's own files live in (vigil::rundir()).
    static QString runDirectory();

    // Stops every daemon the console started and emits shutdownFinished() once all have
    // exited (from the event loop, also when nothing runs). Adopted daemons keep running.
    void shutdown();

    // Sends TERM to the process group of every daemon the console started, waits up to
    // `timeoutMs` for them to exit and KILLs the rest, synchronously. For a fatal-signal hook,
    // where the event loop is no longer running.
    void stopStartedDaemonsNow(int timeoutMs = 3000);

Q_SIGNALS:
    // A workspace was loaded from `path`; `problems` lists entries that could not be applied
    // ("name: reason"), empty when all were.
    void workspaceLoaded(const QString& path, const QStringList& problems);
    void workspaceSaved(const QString& path);
    // Something the user should see went wrong outside a direct call (a workspace entry that
    // could not be applied, a session remote that could not be resolved, ...).
    void errorOccurred(const QString& message);
    // After shutdown(): no daemon the console started is running any more.
    void shutdownFinished();

private:
    struct ClientTag {};
    Console(ClientTag, std::function<QString()> resolveSocket, QObject* parent);
    void build();
    // The names of daemons the console started that still have a process.
    QStringList startedDaemonsRunning() const;
    void checkShutdown();

    RuntimeBridge* bridge_ = nullptr;
    Supervisor* supervisor_ = nullptr;
    std::unique_ptr<Workspace> workspace_;
    TargetRegistry* targets_ = nullptr;
    CommandInvoker* invoker_ = nullptr;
    InvocationHistoryModel* historyModel_ = nullptr;
    SessionMonitor* sessions_ = nullptr;
    SessionModel* sessionModel_ = nullptr;
    ClusterStatus* clusters_ = nullptr;
    Fleet* fleet_ = nullptr;
    RemoteSupervisors* remoteSupervisors_ = nullptr;
    ControlServer* controlServer_ = nullptr;
    std::unique_ptr<ConsolePidfile> pidfile_;
    QString rejectedPath_; // the last workspace file load() could not read
    bool shuttingDown_ = false;
    bool client_ = false;
};

} // namespace vigil::ui
