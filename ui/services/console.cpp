#include "services/console.h"

#include "bridge/runtime_bridge.h"
#include "models/invocation_history_model.h"
#include "models/session_model.h"
#include "services/cluster_status.h"
#include "services/command_invoker.h"
#include "services/console_pidfile.h"
#include "services/control_server.h"
#include "services/fleet.h"
#include "services/invocation_history_feed.h"
#include "services/local_supervisor.h"
#include "services/remote_supervisors.h"
#include "services/session_monitor.h"
#include "services/supervisor_client.h"
#include "services/target_registry.h"
#include "services/workspace.h"

#include "vigil/rundir.h"
#include "vigil/unixctl.h"

#include <QTimer>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace vigil::ui {

Console::Console(QObject* parent) : QObject(parent) {
    bridge_ = new RuntimeBridge(this);
    supervisor_ = new LocalSupervisor(this);
    build();
}

Console::Console(ClientTag, std::function<QString()> resolveSocket, QObject* parent)
    : QObject(parent), client_(true) {
    bridge_ = new RuntimeBridge(this);
    auto* client = new SupervisorClient(resolveSocket(), this);
    client->setSocketResolver(std::move(resolveSocket));
    supervisor_ = client;
    connect(client, &SupervisorClient::connectedChanged, this, [this](bool connected) {
        if (!connected) {
            Q_EMIT errorOccurred(QStringLiteral("lost the supervisor service; reconnecting"));
        }
    });
    build();
    client->start();
}

std::unique_ptr<Console> Console::createClient(std::function<QString()> resolveSocket,
                                               QObject* parent) {
    return std::unique_ptr<Console>(new Console(ClientTag{}, std::move(resolveSocket), parent));
}

void Console::build() {
    connect(supervisor_, &Supervisor::requestFailed, this, &Console::errorOccurred);
    workspace_ = std::make_unique<Workspace>();
    targets_ = new TargetRegistry(supervisor_, this);
    invoker_ = new CommandInvoker(targets_, this);
    historyModel_ = new InvocationHistoryModel(this);
    feedHistoryModel(*invoker_, *historyModel_);
    sessions_ = new SessionMonitor(targets_, this);
    fleet_ = new Fleet(targets_, this);
    sessions_->setFleet(fleet_);
    remoteSupervisors_ = new RemoteSupervisors(targets_, this);
    // The monitor knows nothing of models: the table is fed here, once per coalesced change.
    sessionModel_ = new SessionModel(this);
    connect(sessions_, &SessionMonitor::sessionsChanged, sessionModel_,
            [this] { sessionModel_->setSessions(sessions_->sessions()); });
    clusters_ = new ClusterStatus(targets_, this);
    controlServer_ = new ControlServer(this, this);
    connect(sessions_, &SessionMonitor::remoteError, this,
            [this](const QString& remote, const QString& error) {
                Q_EMIT errorOccurred(remote + QStringLiteral(": ") + error);
            });
    connect(supervisor_, &Supervisor::daemonChanged, this, &Console::checkShutdown);
    connect(supervisor_, &Supervisor::daemonRemoved, this, &Console::checkShutdown);
}

Console::~Console() {
    // The control server's commands refer to this object: close it before anything else goes.
    delete controlServer_;
    controlServer_ = nullptr;
    // The remote supervisors' clients ask the target registry for sockets: before it goes.
    delete remoteSupervisors_;
    remoteSupervisors_ = nullptr;
    pidfile_.reset();
}

InvocationHistoryModel* Console::historyModel() const {
    return historyModel_;
}

SessionModel* Console::sessionModel() const {
    return sessionModel_;
}

QString Console::runDirectory() {
    return QString::fromStdString(vigil::rundir());
}

bool Console::load(const QString& workspacePath, QString* error) {
    auto loaded = std::make_unique<Workspace>(workspacePath.isEmpty() ? Workspace::defaultPath()
                                                                      : workspacePath);
    if (!loaded->load()) {
        rejectedPath_ = loaded->path();
        if (error) {
            *error = loaded->errorString();
        }
        return false;
    }
    QStringList problems;
    if (loaded->createdFromDefault() && !loaded->errorString().isEmpty()) {
        problems << loaded->errorString();
    }
    if (!client_) {
        problems << loaded->applyTo(*supervisor_);
    }
    for (const QString& path : loaded->targets) {
        QString why;
        if (!targets_->addedPaths().contains(path) && !targets_->addPath(path, &why)) {
            problems << path + QStringLiteral(": ") + why;
        }
    }
    // Sessions: the new workspace's remotes replace the previous ones.
    for (const QString& remote : sessions_->remotes()) {
        if (!loaded->sessions.contains(remote)) {
            sessions_->removeRemote(remote);
        }
    }
    for (const QString& remote : loaded->sessions) {
        QString why;
        if (!sessions_->remotes().contains(remote) && !sessions_->addRemote(remote, &why)) {
            problems << remote + QStringLiteral(": ") + why;
        }
    }
    // Hosts: the new workspace's hosts replace the previous ones.
    fleet_->setSshSettings(loaded->ssh);
    for (const HostDefinition& h : fleet_->definitions()) {
        if (!loaded->hosts.contains(h)) {
            fleet_->removeHost(h.name);
        }
    }
    for (const HostDefinition& h : loaded->hosts) {
        QString why;
        if (!fleet_->host(h.name) && !fleet_->addHost(h, &why)) {
            problems << h.name + QStringLiteral(": ") + why;
        }
    }
    workspace_ = std::move(loaded);
    rejectedPath_.clear();
    for (const QString& problem : problems) {
        Q_EMIT errorOccurred(problem);
    }
    Q_EMIT workspaceLoaded(workspace_->path(), problems);
    return true;
}

bool Console::save(QString* error) {
    if (!rejectedPath_.isEmpty() && rejectedPath_ == workspace_->path()) {
        if (error) {
            *error =
                QStringLiteral("%1 could not be loaded; not overwriting it").arg(rejectedPath_);
        }
        return false;
    }
    workspace_->captureFrom(*supervisor_);
    workspace_->targets = targets_->addedPaths();
    workspace_->sessions = sessions_->remotes();
    workspace_->hosts = fleet_->definitions();
    workspace_->ssh = fleet_->sshSettings();
    if (!workspace_->save()) {
        if (error) {
            *error = workspace_->errorString();
        }
        return false;
    }
    Q_EMIT workspaceSaved(workspace_->path());
    return true;
}

bool Console::startControlSocket(QString* error, bool createPidfile) {
    if (controlServer_->isListening()) {
        return true;
    }
    vigil::unixctl_set_program_name("vigil");
    const QString dir = runDirectory();
    auto pidfile = std::make_unique<ConsolePidfile>();
    if (createPidfile && !pidfile->create(dir + QStringLiteral("/vigil.pid"), error)) {
        return false;
    }
    const QString socket = dir + QStringLiteral("/vigil.%1.ctl").arg(::getpid());
    if (!controlServer_->listen(socket, error)) {
        return false; // the pidfile goes with `pidfile`
    }
    pidfile_ = std::move(pidfile);
    targets_->rescan();
    return true;
}

void Console::flushJournal() {
    if (auto* local = qobject_cast<LocalSupervisor*>(supervisor_)) {
        local->flushJournal();
    }
}

void Console::removeRuntimeFilesNow() {
    fleet_->removeRuntimeDirectoryNow();
}

void Console::stopService(std::function<void()> done) {
    auto* client = qobject_cast<SupervisorClient*>(supervisor_);
    if (!client) {
        QTimer::singleShot(0, this, std::move(done));
        return;
    }
    client->requestExit(std::move(done));
}

bool Console::addTarget(const QString& path, QString* error) {
    return targets_->addPath(path, error);
}

bool Console::removeTarget(const QString& path) {
    return targets_->removePath(path);
}

bool Console::addSession(const QString& remote, QString* error) {
    return sessions_->addRemote(remote, error);
}

bool Console::removeSession(const QString& remote) {
    return sessions_->removeRemote(remote);
}

QStringList Console::startedDaemonsRunning() const {
    QStringList names;
    if (client_) {
        return names;
    }
    for (const DaemonStatus& status : supervisor_->daemons()) {
        if (!status.adopted && status.pid > 0) {
            names << status.name;
        }
    }
    return names;
}

void Console::shutdown() {
    shuttingDown_ = true;
    if (client_) {
        // The daemons are the service's: a window that closes leaves them running.
        QTimer::singleShot(0, this, &Console::checkShutdown);
        return;
    }
    for (const QString& name : startedDaemonsRunning()) {
        supervisor_->stop(name);
    }
    // Answer from the event loop even when nothing was running.
    QTimer::singleShot(0, this, &Console::checkShutdown);
}

void Console::checkShutdown() {
    if (shuttingDown_ && startedDaemonsRunning().isEmpty()) {
        shuttingDown_ = false;
        Q_EMIT shutdownFinished();
    }
}

void Console::stopStartedDaemonsNow(int timeoutMs) {
    std::vector<pid_t> pids;
    if (client_) {
        return; // the service's daemons, not ours
    }
    for (const DaemonStatus& status : supervisor_->daemons()) {
        if (!status.adopted && status.pid > 0) {
            pids.push_back(static_cast<pid_t>(status.pid));
        }
    }
    auto signalGroup = [](pid_t pid, int sig) {
        // Each daemon leads its own process group; fall back to the pid alone.
        if (::kill(-pid, sig) < 0) {
            ::kill(pid, sig);
        }
    };
    auto gone = [](pid_t pid) {
        int status;
        pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid || (r < 0 && errno == ECHILD)) {
            return r == pid || ::kill(pid, 0) < 0;
        }
        return false;
    };
    for (pid_t pid : pids) {
        signalGroup(pid, SIGTERM);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    std::erase_if(pids, gone);
    while (!pids.empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::erase_if(pids, gone);
    }
    for (pid_t pid : pids) {
        signalGroup(pid, SIGKILL);
    }
    deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(1000);
    while (!pids.empty() && std::chrono::steady_clock::now() < deadline) {
        std::erase_if(pids, gone);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

} // namespace vigil::ui
