#include "services/remote_supervisors.h"

#include "services/supervisor_client.h"
#include "services/target_registry.h"

#include <QSet>

namespace vigil::ui {

QString RemoteSupervisors::supervisorTargetName() {
    return QStringLiteral("vigil");
}

RemoteSupervisors::RemoteSupervisors(TargetRegistry* targets, QObject* parent)
    : QObject(parent), targets_(targets) {
    connect(targets_, &TargetRegistry::targetsChanged, this, &RemoteSupervisors::sync);
    sync();
}

Supervisor* RemoteSupervisors::supervisor(const QString& host) const {
    return clients_.value(host);
}

bool RemoteSupervisors::splitRemoteName(const QString& name, QString* host, QString* daemon) {
    const qsizetype slash = name.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == name.size() - 1) {
        return false;
    }
    *host = name.left(slash);
    *daemon = name.mid(slash + 1);
    return true;
}

void RemoteSupervisors::sync() {
    QSet<QString> present;
    for (const TargetInfo& t : targets_->targets()) {
        if (t.kind != TargetKind::Remote ||
            t.name != t.host + QLatin1Char('/') + supervisorTargetName()) {
            continue;
        }
        present.insert(t.host);
        SupervisorClient* client = clients_.value(t.host);
        if (!client) {
            client = new SupervisorClient(t.socketPath, this);
            // Every retry asks for the target's current socket: a reconnected host forwards to
            // a new local socket, and a restarted supervisor has a new pid in its name.
            const QString target = t.name;
            client->setSocketResolver([this, target] {
                const std::optional<TargetInfo> now = targets_->target(target);
                return now ? now->socketPath : QString();
            });
            clients_.insert(t.host, client);
            client->start();
            Q_EMIT supervisorAdded(t.host);
        } else if (!t.socketPath.isEmpty() && client->socketPath() != t.socketPath) {
            client->setSocketPath(t.socketPath);
        }
    }
    for (auto it = clients_.begin(); it != clients_.end();) {
        if (present.contains(it.key())) {
            ++it;
            continue;
        }
        const QString host = it.key();
        it.value()->deleteLater();
        it = clients_.erase(it);
        Q_EMIT supervisorRemoved(host);
    }
}

} // namespace vigil::ui
