// The targets the console can send control commands to: the daemons it supervises (by name,
// their socket from the supervisor's status), the control sockets it discovers in the run
// directories (`*.ctl`, named after their file: `ovsdb-server.1234.ctl` is `ovsdb-server`),
// and sockets the user added by path. Discovery rescans when a directory changes (and on a
// slow fallback timer) and drops sockets nobody listens on. Each target's `list-commands` is
// fetched asynchronously and parsed into commands with argument bounds.
#pragma once

#include "services/target_types.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <optional>

class QFileSystemWatcher;

namespace vigil::ui {

class Supervisor;

class TargetRegistry : public QObject {
    Q_OBJECT
public:
    // Watches `supervisor` (may be null) for daemons; scans defaultRunDirectories() at once
    // (from the event loop).
    explicit TargetRegistry(Supervisor* supervisor, QObject* parent = nullptr);
    ~TargetRegistry() override;

    // $OVS_RUNDIR, vigil::rundir() and /var/run/openvswitch (when readable), without
    // duplicates, in that order.
    static QStringList defaultRunDirectories();
    // Replaces the directories scanned for sockets and rescans.
    void setRunDirectories(const QStringList& directories);
    QStringList runDirectories() const { return directories_; }

    // Scans the run directories now: new sockets that accept a connection become targets,
    // vanished or refusing ones are dropped.
    void rescan();

    // Adds the socket at `path` (or "unix:PATH") as a target named after its file. Returns
    // false and sets `*error` when it is not a socket or nothing listens on it.
    bool addPath(const QString& path, QString* error = nullptr);
    // Forgets a socket added by path; returns false when it was not added.
    bool removePath(const QString& path);
    // The paths added by addPath(), in order.
    QStringList addedPaths() const { return added_; }

    // Replaces the targets found on host `host` (Remote targets named "HOST/NAME"); an empty
    // list forgets the host's targets.
    void setRemoteTargets(const QString& host, const QList<TargetInfo>& targets);

    // Every target: daemons first (in the supervisor's order), then added, then discovered
    // sockets (by name), then remote targets (by host, in the order given).
    QList<TargetInfo> targets() const;
    // The target called `name`, or whose socket path is `name`; std::nullopt when none.
    std::optional<TargetInfo> target(const QString& name) const;
    // The control socket for `name` (a target name or an absolute socket path). Returns an
    // empty string and sets `*error` for an unknown target or a daemon without a socket.
    QString socketPath(const QString& name, QString* error = nullptr) const;

    // Fetches the target's `list-commands` asynchronously; commandsFetched() follows (with an
    // error for an unknown target or a failed call, also from the event loop).
    void fetchCommands(const QString& target);
    // The commands last fetched for `target` (empty before the first fetch).
    QList<CommandInfo> commands(const QString& target) const { return commands_.value(target); }
    // True when the target's commands were fetched successfully at least once.
    bool commandsKnown(const QString& target) const { return commands_.contains(target); }

Q_SIGNALS:
    void targetAdded(const QString& name);
    void targetRemoved(const QString& name);
    // Any target appeared, vanished or changed its socket.
    void targetsChanged();
    // `commands` is empty and `error` set when the fetch failed.
    void commandsFetched(const QString& target, const QList<vigil::ui::CommandInfo>& commands,
                         const QString& error);

private:
    void rebuild();
    void syncWatcher();

    Supervisor* supervisor_;
    QStringList directories_;
    QStringList added_;
    QHash<QString, QString> discovered_;      // socket path -> name
    QMap<QString, QList<TargetInfo>> remote_; // host -> its targets
    QList<TargetInfo> targets_;
    QHash<QString, QList<CommandInfo>> commands_;
    QFileSystemWatcher* watcher_;
    QTimer fallback_;
    QTimer coalesce_;
};

} // namespace vigil::ui
