// The window's view of a supervisor service (`vigil --headless`): a Supervisor that mirrors one
// over its control socket and sends the actions there, so the window shows and drives daemons
// it does not own. It takes a daemon/snapshot, then follows daemon/wait (the service's change
// feed, pushed: no polling) and emits the Supervisor signals as LocalSupervisor would.
//
// When the service goes away it emits connectedChanged(false) and keeps the last mirror (stale,
// nothing removed), then tries a new snapshot with a backoff of 100 ms doubling to 2 s, asking
// the socket resolver (when set) for the socket each time, since a restarted service has a new
// pid in its socket name. On reconnecting it diffs the snapshot against the mirror and emits
// only what changed (and only the new history entries and output lines).
//
// Actions are judged locally as far as the mirror allows (unknown or adopted names, invalid
// definitions: false at once) and then sent; their effect arrives through the feed, so the
// mirror changes later, and a refusal by the service is reported through requestFailed().
#pragma once

#include "services/supervisor.h"

#include <QJsonObject>
#include <QString>
#include <functional>
#include <vector>

class QTimer;

namespace vigil::ui {

struct UnixctlResult;

class SupervisorClient final : public Supervisor {
    Q_OBJECT
public:
    // Returns the control socket to try next (empty: keep the current one).
    using SocketResolver = std::function<QString()>;

    // Mirrors the service at `controlSocket` once start() is called.
    explicit SupervisorClient(const QString& controlSocket, QObject* parent = nullptr);
    ~SupervisorClient() override;

    // Asks `resolver` for the socket before every snapshot attempt (the first one included),
    // e.g. one that reads the service's pidfile.
    void setSocketResolver(SocketResolver resolver);
    // Points the client at another socket and takes a new snapshot from it at once (when
    // started).
    void setSocketPath(const QString& controlSocket);
    // The socket the client talks to.
    QString socketPath() const { return socket_; }

    // Takes the first snapshot and starts following the feed; calling it again does nothing.
    void start();

    // Sends the service its `exit` command and calls `done` from the event loop once it
    // answered or could not be reached (it is gone either way).
    void requestExit(std::function<void()> done);

    // True while the mirror follows the service (after a snapshot, until a request fails).
    bool isConnected() const { return connected_; }
    // Why the last request to the service failed; empty before any failure.
    QString lastError() const { return lastError_; }
    // The service's feed epoch and the last sequence number the mirror reflects.
    QString epoch() const { return epoch_; }
    quint64 seqno() const { return seqno_; }
    // How many requests (snapshots, waits, actions) and how many snapshots were sent so far.
    int requestCount() const { return requestCount_; }
    int snapshotCount() const { return snapshotCount_; }

    bool add(const DaemonDefinition& definition, QString* error = nullptr) override;
    bool update(const DaemonDefinition& definition, QString* error = nullptr) override;
    bool remove(const QString& name) override;
    bool start(const QString& name) override;
    bool stop(const QString& name) override;
    bool restart(const QString& name) override;
    bool resetFailures(const QString& name) override;
    void stopAll() override;

    std::optional<DaemonDefinition> definition(const QString& name) const override;
    QList<DaemonStatus> daemons() const override;
    std::optional<DaemonStatus> status(const QString& name) const override;
    QList<HistoryEntry> history(const QString& name) const override;
    QList<LogLine> output(const QString& name) const override;

Q_SIGNALS:
    void connectedChanged(bool connected);

private:
    struct Mirrored {
        DaemonStatus status;
        std::optional<DaemonDefinition> definition;
        QList<HistoryEntry> history;
        QList<LogLine> output;
    };

    Mirrored* find(const QString& name);
    const Mirrored* find(const QString& name) const;
    void takeSnapshot();
    void onSnapshot(const UnixctlResult& result);
    void waitForChanges();
    void onWait(const UnixctlResult& result);
    void lost(const QString& why);
    void setConnected(bool connected);
    void applySnapshot(const QJsonObject& reply);
    void applyEvent(const QJsonObject& event);
    void applyDaemon(const QJsonObject& daemon);
    void appendOutput(Mirrored& m, const LogLine& line);
    bool send(const QString& command, const QStringList& arguments, int timeoutMs = 10000);

    QString socket_;
    SocketResolver resolver_;
    bool started_ = false;
    bool connected_ = false;
    QString lastError_;
    QString epoch_;
    quint64 seqno_ = 0;
    // Bumped whenever a new snapshot is asked for, so replies to older requests are ignored.
    quint64 generation_ = 0;
    int requestCount_ = 0;
    int snapshotCount_ = 0;
    int retryDelayMs_ = 0;
    QTimer* retryTimer_;
    std::vector<Mirrored> mirror_;
};

} // namespace vigil::ui
