#include "views/sidebar.h"

#include "services/fleet.h"
#include "services/remote_supervisors.h"
#include "services/session_monitor.h"
#include "services/supervisor.h"
#include "services/target_registry.h"
#include "views/state_style.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QSet>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

constexpr int KeyRole = Qt::UserRole + 1;    // stable key of an entry
constexpr int BadgeRole = Qt::UserRole + 2;  // badge text
constexpr int KindRole = Qt::UserRole + 3;   // Sidebar::EntryKind
constexpr int TargetRole = Qt::UserRole + 4; // the registry's target name
constexpr int DaemonRole = Qt::UserRole + 5; // the supervisor's daemon name
constexpr int HostRole = Qt::UserRole + 6;   // a host daemon's host

// Paints an entry's text with its state badge right-aligned.
class EntryDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        const QString badge = index.data(BadgeRole).toString();
        QFont font = option.font;
        font.setPointSizeF(font.pointSizeF() * 0.85);
        font.setBold(true);
        QSize size = badge.isEmpty() ? QSize() : badgeSize(badge, font);
        QStyleOptionViewItem opt = option;
        if (!badge.isEmpty()) {
            opt.rect.setRight(opt.rect.right() - size.width() - 8);
        }
        // Group headings are quieter than entries; taken from the palette when painted so they
        // follow a change of appearance.
        if (!index.parent().isValid()) {
            opt.palette.setColor(QPalette::Text, option.palette.color(QPalette::PlaceholderText));
        }
        QStyledItemDelegate::paint(painter, opt, index);
        if (!badge.isEmpty()) {
            QRect r(option.rect.right() - size.width() - 8, option.rect.top(), size.width() + 4,
                    option.rect.height());
            // Paint the selection behind the badge too, so the row looks whole.
            if (option.state & QStyle::State_Selected) {
                QStyleOptionViewItem rest = option;
                rest.rect = r.adjusted(0, 0, 4, 0);
                rest.text.clear();
                rest.icon = QIcon();
                const QWidget* w = option.widget;
                (w ? w->style() : QApplication::style())
                    ->drawPrimitive(QStyle::PE_PanelItemViewItem, &rest, painter, w);
            }
            paintBadge(painter, r, badge, stateColor(badge), font);
        }
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        return {s.width() + 80, qMax(s.height(), option.fontMetrics.height() + 10)};
    }
};

} // namespace

Sidebar::Sidebar(Supervisor* supervisor, TargetRegistry* targets, SessionMonitor* sessions,
                 QWidget* parent)
    : QWidget(parent), supervisor_(supervisor), targets_(targets), sessions_(sessions) {
    setObjectName(QStringLiteral("sidebar"));

    auto* title = new QLabel(tr("<b>Targets</b>"));
    auto* add = new QToolButton;
    add->setObjectName(QStringLiteral("addTargetButton"));
    add->setAccessibleName(tr("Add target"));
    add->setIcon(resourceIcon(QStringLiteral("add")));
    add->setToolTip(tr("Launch a daemon, or add a control socket or a remote"));
    add->setPopupMode(QToolButton::InstantPopup);
    add->setAutoRaise(true);
    auto* menu = new QMenu(add);
    menu->addAction(resourceIcon(QStringLiteral("daemon")), tr("Launch Daemon…"), this,
                    &Sidebar::launchRequested);
    menu->addAction(resourceIcon(QStringLiteral("socket")), tr("Add Control Socket…"), this,
                    &Sidebar::addTargetRequested);
    menu->addAction(resourceIcon(QStringLiteral("remote")), tr("Add Remote Session…"), this,
                    &Sidebar::addSessionRequested);
    add->setMenu(menu);

    tree_ = new QTreeWidget;
    tree_->setObjectName(QStringLiteral("targetTree"));
    tree_->setAccessibleName(tr("Targets"));
    tree_->setHeaderHidden(true);
    tree_->setColumnCount(1);
    tree_->setRootIsDecorated(false);
    tree_->setIndentation(10);
    tree_->setUniformRowHeights(true);
    tree_->setItemDelegate(new EntryDelegate(tree_));
    tree_->setFrameShape(QFrame::NoFrame);
    auto group = [this](const QString& text) {
        auto* item = new QTreeWidgetItem(tree_, {text});
        item->setFlags(Qt::ItemIsEnabled);
        QFont font = item->font(0);
        font.setBold(true);
        font.setPointSizeF(font.pointSizeF() * 0.9);
        item->setFont(0, font);
        item->setExpanded(true);
        return item;
    };
    daemons_ = group(tr("DAEMONS"));
    sockets_ = group(tr("CONTROL SOCKETS"));
    remotes_ = group(tr("REMOTE SESSIONS"));
    hosts_ = group(tr("HOSTS"));
    tree_->expandAll();
    connect(tree_, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* current) { onCurrentChanged(current); });

    auto* header = new QHBoxLayout;
    header->setContentsMargins(8, 6, 4, 0);
    header->addWidget(title, 1);
    header->addWidget(add);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(header);
    layout->addWidget(tree_, 1);

    // Coalesce bursts of change signals into one refresh from the event loop.
    refreshTimer_.setSingleShot(true);
    refreshTimer_.setInterval(0);
    connect(&refreshTimer_, &QTimer::timeout, this, &Sidebar::refresh);
    if (supervisor_) {
        connect(supervisor_, &Supervisor::daemonAdded, this, &Sidebar::scheduleRefresh);
        connect(supervisor_, &Supervisor::daemonRemoved, this, &Sidebar::scheduleRefresh);
        connect(supervisor_, &Supervisor::daemonChanged, this, &Sidebar::scheduleRefresh);
    }
    if (targets_) {
        connect(targets_, &TargetRegistry::targetsChanged, this, &Sidebar::scheduleRefresh);
    }
    if (sessions_) {
        connect(sessions_, &SessionMonitor::sessionsChanged, this, &Sidebar::scheduleRefresh);
    }
    refresh();
}

void Sidebar::scheduleRefresh() {
    if (!refreshTimer_.isActive()) {
        refreshTimer_.start();
    }
}

QTreeWidgetItem* Sidebar::entry(QTreeWidgetItem* group, const QString& key, const QString& text,
                                const QString& badge, const QString& tooltip) {
    QTreeWidgetItem* item = nullptr;
    for (int i = 0; i < group->childCount(); ++i) {
        if (group->child(i)->data(0, KeyRole).toString() == key) {
            item = group->child(i);
            break;
        }
    }
    if (!item) {
        item = new QTreeWidgetItem(group, {text});
        item->setData(0, KeyRole, key);
    }
    if (item->text(0) != text) {
        item->setText(0, text);
    }
    if (item->data(0, BadgeRole).toString() != badge) {
        item->setData(0, BadgeRole, badge);
    }
    item->setToolTip(0, tooltip);
    // The badge is painted, not text: a screen reader gets the entry and its state in words.
    const QString spoken = badge.isEmpty() ? text : tr("%1: %2").arg(text, badge);
    if (item->data(0, Qt::AccessibleTextRole).toString() != spoken) {
        item->setData(0, Qt::AccessibleTextRole, spoken);
    }
    if (item->data(0, Qt::AccessibleDescriptionRole).toString() != tooltip) {
        item->setData(0, Qt::AccessibleDescriptionRole, tooltip);
    }
    return item;
}

void Sidebar::prune(QTreeWidgetItem* group, const QSet<QString>& keep) {
    for (int i = group->childCount() - 1; i >= 0; --i) {
        if (!keep.contains(group->child(i)->data(0, KeyRole).toString())) {
            delete group->takeChild(i);
        }
    }
}

void Sidebar::refresh() {
    QHash<QString, QString> targetOfDaemon;
    QList<TargetInfo> targets = targets_ ? targets_->targets() : QList<TargetInfo>();
    for (const TargetInfo& t : targets) {
        if (t.kind == TargetKind::Daemon) {
            targetOfDaemon.insert(t.daemon, t.name);
        }
    }

    QSet<QString> keep;
    if (supervisor_) {
        for (const DaemonStatus& d : supervisor_->daemons()) {
            QString tip = d.controlSocket.isEmpty()
                              ? tr("%1: %2").arg(d.name, daemonStateName(d.state))
                              : tr("%1: %2\ncontrol socket %3")
                                    .arg(d.name, daemonStateName(d.state), d.controlSocket);
            if (!d.reason.isEmpty()) {
                tip += QLatin1Char('\n') + d.reason;
            }
            auto* item = entry(daemons_, d.name, d.name, daemonStateName(d.state), tip);
            item->setIcon(0, resourceIcon(QStringLiteral("daemon")));
            item->setData(0, KindRole, int(EntryKind::Daemon));
            item->setData(0, DaemonRole, d.name);
            item->setData(0, TargetRole, targetOfDaemon.value(d.name, d.name));
            keep.insert(d.name);
        }
    }
    prune(daemons_, keep);

    keep.clear();
    for (const TargetInfo& t : targets) {
        if (t.kind == TargetKind::Daemon || t.kind == TargetKind::Remote) {
            continue;
        }
        QString key = t.socketPath;
        auto* item =
            entry(sockets_, key, t.name, t.kind == TargetKind::Added ? tr("added") : tr("live"),
                  tr("%1\n%2 (%3)").arg(t.name, t.socketPath, targetKindName(t.kind)));
        item->setIcon(0, resourceIcon(QStringLiteral("socket")));
        item->setData(0, KindRole, int(EntryKind::Socket));
        item->setData(0, TargetRole, t.name);
        keep.insert(key);
    }
    prune(sockets_, keep);

    keep.clear();
    if (sessions_) {
        QHash<QString, SessionInfo> own;
        for (const SessionInfo& s : sessions_->sessions()) {
            if (s.source == QLatin1String(consoleSessionSource)) {
                own.insert(s.name, s);
            }
        }
        for (const QString& remote : sessions_->remotes()) {
            SessionInfo s = own.value(remote);
            const QString error = s.lastError();
            QString tip = error.isEmpty() ? remote : remote + QLatin1Char('\n') + error;
            auto* item = entry(remotes_, remote, remote, s.stateName(), tip);
            item->setIcon(0, resourceIcon(QStringLiteral("remote")));
            item->setData(0, KindRole, int(EntryKind::Remote));
            keep.insert(remote);
        }
    }
    prune(remotes_, keep);

    refreshHosts(targets);
    sockets_->setHidden(false);
    remotes_->setHidden(false);
    hosts_->setHidden(hosts_->childCount() == 0);
    Q_EMIT entriesChanged();
}

void Sidebar::setFleet(Fleet* fleet) {
    fleet_ = fleet;
    if (fleet_) {
        connect(fleet_, &Fleet::hostsChanged, this, &Sidebar::scheduleRefresh);
    }
    scheduleRefresh();
}

void Sidebar::refreshHosts(const QList<TargetInfo>& targets) {
    // The hosts in the fleet's order, then any host only a target names (no fleet given).
    QStringList order;
    QHash<QString, HostInfo> info;
    if (fleet_) {
        for (const HostInfo& h : fleet_->hosts()) {
            order << h.definition.name;
            info.insert(h.definition.name, h);
        }
    }
    for (const TargetInfo& t : targets) {
        if (t.kind == TargetKind::Remote && !order.contains(t.host)) {
            order << t.host;
        }
    }
    QSet<QString> keepHosts;
    for (const QString& name : order) {
        const auto it = info.constFind(name);
        const bool known = it != info.constEnd();
        QString tip =
            known
                ? tr("%1 (%2): %3").arg(name, it->definition.destination, hostStateName(it->state))
                : name;
        if (known && !it->lastError.isEmpty()) {
            tip += QLatin1Char('\n') + it->lastError;
        }
        const QString key = QStringLiteral("host:") + name;
        auto* host = entry(hosts_, key, name, known ? hostStateName(it->state) : QString(), tip);
        host->setIcon(0, resourceIcon(QStringLiteral("remote")));
        host->setData(0, KindRole, int(EntryKind::Host));
        host->setExpanded(true);
        keepHosts.insert(key);
        QSet<QString> keep;
        for (const TargetInfo& t : targets) {
            if (t.kind != TargetKind::Remote || t.host != name) {
                continue;
            }
            // The part after "HOST/" is enough under the host's own entry.
            const QString shortName = t.name.section(QLatin1Char('/'), 1);
            auto* item =
                entry(host, t.name, shortName, t.error.isEmpty() ? tr("live") : tr("unreachable"),
                      t.error.isEmpty() ? tr("%1\n%2").arg(t.name, t.socketPath)
                                        : tr("%1\n%2").arg(t.name, t.error));
            item->setIcon(0, resourceIcon(QStringLiteral("socket")));
            item->setData(0, KindRole, int(EntryKind::Socket));
            item->setData(0, TargetRole, t.name);
            keep.insert(t.name);
        }
        // The daemons the host's own Vigil supervisor runs, as it last reported them.
        Supervisor* remote = remoteSupervisors_ ? remoteSupervisors_->supervisor(name) : nullptr;
        for (const DaemonStatus& d : remote ? remote->daemons() : QList<DaemonStatus>()) {
            const QString key = QStringLiteral("daemon:%1/%2").arg(name, d.name);
            QString tip = tr("%1 on %2: %3").arg(d.name, name, daemonStateName(d.state));
            if (!d.reason.isEmpty()) {
                tip += QLatin1Char('\n') + d.reason;
            }
            auto* item = entry(host, key, d.name, daemonStateName(d.state), tip);
            item->setIcon(0, resourceIcon(QStringLiteral("daemon")));
            item->setData(0, KindRole, int(EntryKind::HostDaemon));
            item->setData(0, DaemonRole, d.name);
            item->setData(0, HostRole, name);
            keep.insert(key);
        }
        prune(host, keep);
    }
    prune(hosts_, keepHosts);
}

void Sidebar::setRemoteSupervisors(RemoteSupervisors* supervisors) {
    remoteSupervisors_ = supervisors;
    if (!remoteSupervisors_) {
        return;
    }
    auto follow = [this](const QString& host) {
        Supervisor* sup = remoteSupervisors_->supervisor(host);
        if (!sup) {
            return;
        }
        connect(sup, &Supervisor::daemonAdded, this, &Sidebar::scheduleRefresh);
        connect(sup, &Supervisor::daemonRemoved, this, &Sidebar::scheduleRefresh);
        connect(sup, &Supervisor::daemonChanged, this, &Sidebar::scheduleRefresh);
    };
    for (const QString& host : remoteSupervisors_->hosts()) {
        follow(host);
    }
    connect(remoteSupervisors_, &RemoteSupervisors::supervisorAdded, this, follow);
    connect(remoteSupervisors_, &RemoteSupervisors::supervisorAdded, this,
            &Sidebar::scheduleRefresh);
    connect(remoteSupervisors_, &RemoteSupervisors::supervisorRemoved, this,
            &Sidebar::scheduleRefresh);
    scheduleRefresh();
}

QList<QTreeWidgetItem*> Sidebar::allEntries() const {
    QList<QTreeWidgetItem*> out;
    for (QTreeWidgetItem* group : {daemons_, sockets_, remotes_, hosts_}) {
        for (int i = 0; i < group->childCount(); ++i) {
            out << group->child(i);
            for (int j = 0; j < group->child(i)->childCount(); ++j) {
                out << group->child(i)->child(j);
            }
        }
    }
    return out;
}

void Sidebar::onCurrentChanged(QTreeWidgetItem* current) {
    if (!current || current->parent() == nullptr) {
        return;
    }
    auto kind = EntryKind(current->data(0, KindRole).toInt());
    if (kind == EntryKind::Host) {
        return; // a host is not a target; its targets are below it
    }
    if (kind == EntryKind::HostDaemon) {
        Q_EMIT hostDaemonSelected(current->data(0, HostRole).toString(),
                                  current->data(0, DaemonRole).toString());
        return;
    }
    if (kind == EntryKind::Remote) {
        Q_EMIT remoteSelected(current->data(0, KeyRole).toString());
        return;
    }
    Q_EMIT targetSelected(current->data(0, TargetRole).toString(),
                          current->data(0, DaemonRole).toString());
}

bool Sidebar::select(const QString& name) {
    for (QTreeWidgetItem* item : allEntries()) {
        if (EntryKind(item->data(0, KindRole).toInt()) == EntryKind::Host) {
            continue;
        }
        if (item->text(0) == name || item->data(0, KeyRole).toString() == name ||
            item->data(0, TargetRole).toString() == name) {
            tree_->setCurrentItem(item);
            return true;
        }
    }
    return false;
}

QString Sidebar::currentTarget() const {
    QTreeWidgetItem* item = tree_->currentItem();
    return item && item->parent() ? item->data(0, TargetRole).toString() : QString();
}

QStringList Sidebar::entries(EntryKind kind) const {
    QTreeWidgetItem* group = kind == EntryKind::Daemon   ? daemons_
                             : kind == EntryKind::Socket ? sockets_
                             : kind == EntryKind::Host   ? hosts_
                                                         : remotes_;
    QStringList out;
    for (int i = 0; i < group->childCount(); ++i) {
        out.append(group->child(i)->text(0));
    }
    return out;
}

QString Sidebar::badge(const QString& name) const {
    for (QTreeWidgetItem* item : allEntries()) {
        if (item->text(0) == name || item->data(0, TargetRole).toString() == name) {
            return item->data(0, BadgeRole).toString();
        }
    }
    return {};
}

} // namespace vigil::ui
