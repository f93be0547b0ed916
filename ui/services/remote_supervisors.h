// The Vigil supervisors running on the fleet's hosts. A host whose run directories hold a
// supervisor's control socket (`vigil.PID.ctl`, so the remote target "HOST/vigil") gets a
// SupervisorClient that mirrors it over that target's socket (forwarded or exec:), so its
// daemons show under the host and start, stop, restart and their logs act there, exactly as the
// window drives the local supervisor. A client follows its target: a new socket after a
// reconnect or a restarted supervisor is picked up, and it is dropped when the host no longer
// has a supervisor (or is removed).
#pragma once

#include <QMap>
#include <QObject>
#include <QString>
#include <QStringList>

namespace vigil::ui {

class Supervisor;
class SupervisorClient;
class TargetRegistry;

class RemoteSupervisors : public QObject {
    Q_OBJECT
public:
    // The name a supervisor's control socket gives its target (`vigil.PID.ctl`).
    static QString supervisorTargetName();

    // Follows `targets` (not owned; must outlive this object).
    explicit RemoteSupervisors(TargetRegistry* targets, QObject* parent = nullptr);

    // The hosts that run a supervisor, by name.
    QStringList hosts() const { return clients_.keys(); }
    // The supervisor on `host`, or null when it runs none (or it is not known yet).
    Supervisor* supervisor(const QString& host) const;
    // The client for `host`'s supervisor (connection state, last error), or null.
    SupervisorClient* client(const QString& host) const { return clients_.value(host); }

    // Splits "HOST/DAEMON" into its parts; false for a name without a host part.
    static bool splitRemoteName(const QString& name, QString* host, QString* daemon);

Q_SIGNALS:
    void supervisorAdded(const QString& host);
    void supervisorRemoved(const QString& host);

private:
    void sync();

    TargetRegistry* targets_;
    QMap<QString, SupervisorClient*> clients_;
};

} // namespace vigil::ui
