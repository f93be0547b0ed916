// The sidebar of targets: the daemons the console supervises, the control sockets it found or
// was given (real OVS daemons included) and the remotes it keeps sessions to, each with a state
// badge; remote targets are grouped under their host, which shows the host's state. Selecting an
// entry selects that target in the other views; the add button offers adding a control socket by
// path or a remote session.
#pragma once

#include "services/target_types.h"

#include <QHash>
#include <QList>
#include <QTimer>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace vigil::ui {

class Fleet;
class RemoteSupervisors;
class SessionMonitor;
class Supervisor;
class TargetRegistry;

class Sidebar : public QWidget {
    Q_OBJECT
public:
    // Kinds of entries, also the top-level groups.
    enum class EntryKind { Daemon, Socket, Remote, Host, HostDaemon };

    // Lists `supervisor`'s daemons, `targets`' sockets and `sessions`' remotes (none owned; any
    // may be null).
    Sidebar(Supervisor* supervisor, TargetRegistry* targets, SessionMonitor* sessions,
            QWidget* parent = nullptr);

    // Shows `fleet`'s hosts (not owned; may be null) as the parents of their remote targets,
    // with each host's state as its badge and its last error in its tooltip.
    void setFleet(Fleet* fleet);
    // Lists, under each host, the daemons its own Vigil supervisor runs (not owned; may be
    // null), each with its state as its badge.
    void setRemoteSupervisors(RemoteSupervisors* supervisors);

    // Selects the entry for a daemon, a target or a remote named `name`; returns false when
    // there is none.
    bool select(const QString& name);
    // The selected entry's target name (what the Commands view takes); empty when none.
    QString currentTarget() const;
    // The texts of every entry of `kind` (for tests).
    QStringList entries(EntryKind kind) const;
    // The badge shown for the entry `name`; empty when there is no such entry.
    QString badge(const QString& name) const;

    QTreeWidget* tree() const { return tree_; }

Q_SIGNALS:
    // A target was selected: `target` is the registry's name for it (empty for a daemon
    // without a control socket), `daemon` the supervisor's name when it is a daemon.
    void targetSelected(const QString& target, const QString& daemon);
    // A remote session entry was selected.
    void remoteSelected(const QString& remote);
    // A daemon of a host's own supervisor was selected.
    void hostDaemonSelected(const QString& host, const QString& daemon);
    // The entries were refreshed (some may have come or gone).
    void entriesChanged();
    void addTargetRequested();
    void addSessionRequested();
    void launchRequested();

private:
    void scheduleRefresh();
    void refresh();
    void onCurrentChanged(QTreeWidgetItem* current);
    QTreeWidgetItem* entry(QTreeWidgetItem* group, const QString& key, const QString& text,
                           const QString& badge, const QString& tooltip);
    void prune(QTreeWidgetItem* group, const QSet<QString>& keep);
    void refreshHosts(const QList<TargetInfo>& targets);
    // Every entry below the groups, host targets included.
    QList<QTreeWidgetItem*> allEntries() const;

    Supervisor* supervisor_;
    TargetRegistry* targets_;
    SessionMonitor* sessions_;
    QTreeWidget* tree_;
    QTreeWidgetItem* daemons_;
    QTreeWidgetItem* sockets_;
    QTreeWidgetItem* remotes_;
    QTreeWidgetItem* hosts_;
    Fleet* fleet_ = nullptr;
    RemoteSupervisors* remoteSupervisors_ = nullptr;
    QTimer refreshTimer_;
};

} // namespace vigil::ui
