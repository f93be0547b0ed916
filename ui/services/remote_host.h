// One host of the fleet: its ssh connection master (one `ssh -M -N` process, reconnected with
// the runtime's reconnect FSM for backoff), the periodic scan of its run directories for control
// sockets (one command over the master per scan), and a stream-local forward per socket to a
// private local socket, so that every unixctl path reaches it unchanged. When the host refuses
// stream-local channels, its sockets are reached by exec: streams running socat over the master
// instead. The host knows nothing of commands; it only says which sockets exist and where they
// can be reached.
#pragma once

#include "services/host_types.h"
#include "services/ssh_command.h"

#include "vigil/reconnect.h"
#include "vigil/session_stats.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QString>
#include <QTimer>
#include <memory>

namespace vigil {
class process_launcher;
}

namespace vigil::ui {

class ChildProcess;
class HostKeyStore;

// One control socket found on a host.
struct RemoteSocket {
    QString name;       // the target name on the host: "ovs-vswitchd"
    QString remotePath; // its path on the host
    QString address;    // where to connect locally: a forwarded socket or an exec: stream
    QString error;      // why it cannot be reached now (address is then empty)

    friend bool operator==(const RemoteSocket&, const RemoteSocket&) = default;
};

// What every host shares: how ssh is run and where the console's private files live.
struct FleetEnvironment {
    SshSettings ssh;
    QString runtimeDirectory;  // private (0700): control paths and forwarded sockets
    QString knownHostsProgram; // absolute path of vigil-known-hosts; empty: none
    const HostKeyStore* keys = nullptr;
    vigil::process_launcher* launcher = nullptr; // starts every ssh off the GUI thread
};

class RemoteHost : public QObject {
    Q_OBJECT
public:
    // The period of the run-directory scan while connected.
    static constexpr int scanIntervalMs = 5000;
    // A scan that has not finished by then is abandoned (the host counts as unresponsive).
    static constexpr int scanTimeoutMs = 15000;
    static constexpr int minBackoffMs = 1000;
    static constexpr int maxBackoffMs = 30000;

    // A host numbered `index` (unique in the fleet: its files are named after it). Nothing runs
    // until start().
    RemoteHost(HostDefinition definition, int index, const FleetEnvironment* environment,
               QObject* parent = nullptr);
    // Stops the master (and with it every forward).
    ~RemoteHost() override;

    const HostDefinition& definition() const { return definition_; }
    QString name() const { return definition_.name; }
    HostInfo info() const;
    // The sockets the last scan found (kept, with an error, while the host is unreachable).
    QList<RemoteSocket> sockets() const { return sockets_; }
    // The connection master as a session record (name "ssh:DESTINATION").
    vigil::session_stats sessionStats() const;

    // Enables the FSM: the host asks for a connection slot (connectionWanted()) at once.
    void start();
    // Called by the fleet when a connection slot is free: starts the master.
    void beginConnect();
    // Forgets the backoff and asks for a connection now (after the user trusted a key).
    void reconnectNow();
    // True between connectionWanted() and beginConnect().
    bool waitingForSlot() const { return waitingForSlot_; }
    // True while an attempt begun by beginConnect() has not settled.
    bool attemptInFlight() const { return attemptInFlight_; }

Q_SIGNALS:
    // The host wants to start a connection attempt; the fleet calls beginConnect() when the
    // number of attempts in flight allows.
    void connectionWanted();
    // The attempt begun by beginConnect() ended (connected or failed): its slot is free.
    void connectionSettled();
    // info() changed.
    void changed();
    // sockets() changed.
    void socketsChanged();

private:
    void step();
    void armTimer();
    // `ran` is false when ssh could not be started at all (masterError_ then says why).
    void masterFinished(int exitCode, bool crashed, bool ran = true);
    void readMasterError();
    void checkControlSocket();
    void setConnected();
    void scan();
    void scanFinished(ChildProcess* process, int exitCode, bool timedOut);
    void applyScan(const QString& output);
    void syncAccess();
    void forwardingRefused();
    void probeForwarding(const QString& localPath);
    void markUnreachable();
    QString execAddress(const QString& remotePath) const;
    SshEndpoint endpoint() const;
    void setState(HostState state, const QString& error);

    HostDefinition definition_;
    int index_;
    const FleetEnvironment* env_;
    HostState state_ = HostState::Connecting;
    QString lastError_;
    QString fingerprint_;
    QString keyType_;
    QString login_;
    int rttMs_ = -1;
    bool forwarding_ = true;
    bool forwardingProbed_ = false;
    bool waitingForSlot_ = false;
    bool attemptInFlight_ = false;
    vigil::reconnect fsm_;
    QTimer fsmTimer_;
    QTimer socketPoll_;
    QTimer scanTimer_;
    ChildProcess* master_ = nullptr;
    ChildProcess* scanProcess_ = nullptr;
    QString masterError_; // the tail of the master's stderr
    QList<RemoteSocket> sockets_;
    struct Forward {
        QString remotePath;
        QString localPath;
        bool ready = false;
    };
    QList<Forward> forwards_;
    int nextForward_ = 0;
};

} // namespace vigil::ui
