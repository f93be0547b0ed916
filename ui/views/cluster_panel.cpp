#include "views/cluster_panel.h"

#include "services/cluster_status.h"
#include "views/state_style.h"
#include "views/table_export_actions.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>
#include <vector>

namespace vigil::ui {

namespace {

constexpr int keyRole = Qt::UserRole + 1;      // an item's stable key, on column 0
constexpr int colourRole = Qt::UserRole + 2;   // a badge cell's colour
constexpr int expandedRole = Qt::UserRole + 3; // a cluster row was expanded once

// Paints a cell that carries a colour as a state badge; other cells as usual.
class ColourBadgeDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        const QVariant colour = index.data(colourRole);
        if (!colour.canConvert<QColor>() || index.data().toString().isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        const QWidget* widget = opt.widget;
        QStyle* style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        paintBadge(painter, opt.rect.adjusted(4, 0, 0, 0), text, colour.value<QColor>(),
                   badgeFont(opt.font));
    }

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        const QSize base = QStyledItemDelegate::sizeHint(option, index);
        if (!index.data(colourRole).canConvert<QColor>()) {
            return base;
        }
        const QSize s = badgeSize(index.data().toString(), badgeFont(option.font));
        return {s.width() + 16, qMax(s.height() + 6, base.height())};
    }

private:
    static QFont badgeFont(QFont font) {
        font.setPointSizeF(font.pointSizeF() * 0.9);
        font.setBold(true);
        return font;
    }
};

QColor roleColour(ClusterRole role) {
    switch (role) {
    case ClusterRole::Leader:
        return daemonStateColor(DaemonState::Running);
    case ClusterRole::Follower:
        return sessionStateColor(vigil::reconnect_state::idle);
    case ClusterRole::Candidate:
        return sessionStateColor(vigil::reconnect_state::backoff);
    case ClusterRole::Unknown:
        break;
    }
    return stateColor(QStringLiteral("unknown"));
}

QColor southboundColour(SouthboundState state) {
    switch (state) {
    case SouthboundState::Connected:
        return sessionStateColor(vigil::reconnect_state::active);
    case SouthboundState::NotConnected:
        return stateColor(QStringLiteral("unreachable"));
    case SouthboundState::Unknown:
        break;
    }
    return stateColor(QStringLiteral("unknown"));
}

// One member of a cluster, joined from every record that mentions it.
struct MemberRow {
    QString key;
    QString id;
    QString nickname;
    QString address;
    const ClusterDatabaseStatus* own = nullptr; // its own record, when it answers here
    const ClusterMember* leaderView = nullptr;  // the leader's line for it
};

// One clustered database: the records of its servers reached here and the members they list.
struct ClusterGroup {
    QString key;
    QString database;
    QString clusterId;
    QList<const ClusterDatabaseStatus*> records;
    std::vector<MemberRow> members;
    const ClusterDatabaseStatus* leader = nullptr; // the answering leader of the highest term
};

QString groupKey(const ClusterDatabaseStatus& db) {
    if (!db.raft.clusterUuid.isEmpty()) {
        return db.database + QStringLiteral("|") + db.raft.clusterUuid;
    }
    // Not yet known (joining, or never answered): a group of its own.
    return db.database + QStringLiteral("|target:") + db.target;
}

std::vector<ClusterGroup> groupClusters(const QList<ClusterDatabaseStatus>& all) {
    std::vector<ClusterGroup> groups;
    for (const ClusterDatabaseStatus& db : all) {
        const QString key = groupKey(db);
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const ClusterGroup& g) { return g.key == key; });
        if (it == groups.end()) {
            groups.push_back({key, db.database, db.raft.clusterId, {}, {}, nullptr});
            it = groups.end() - 1;
        }
        it->records << &db;
        if (db.ok && db.raft.role == ClusterRole::Leader &&
            (!it->leader || db.raft.term > it->leader->raft.term)) {
            it->leader = &db;
        }
    }
    for (ClusterGroup& g : groups) {
        auto member = [&g](const QString& key) -> MemberRow& {
            auto it = std::find_if(g.members.begin(), g.members.end(),
                                   [&](const MemberRow& m) { return m.key == key; });
            if (it != g.members.end()) {
                return *it;
            }
            g.members.push_back(MemberRow{key, {}, {}, {}, nullptr, nullptr});
            return g.members.back();
        };
        for (const ClusterDatabaseStatus* db : g.records) {
            for (const ClusterMember& m : db->raft.members) {
                MemberRow& row = member(m.id);
                row.id = m.id;
                row.nickname = m.nickname;
                if (row.address.isEmpty()) {
                    row.address = m.address;
                }
                if (db == g.leader) {
                    row.leaderView = &m;
                }
            }
            const QString key = db->raft.serverId.isEmpty() ? QStringLiteral("target:") + db->target
                                                            : db->raft.serverId;
            MemberRow& self = member(key);
            self.own = db;
            if (self.id.isEmpty()) {
                self.id = db->raft.serverId.isEmpty() ? QStringLiteral("?") : db->raft.serverId;
            }
            if (self.address.isEmpty()) {
                self.address = db->raft.address;
            }
        }
        std::sort(g.members.begin(), g.members.end(), [](const MemberRow& a, const MemberRow& b) {
            return std::tie(a.address, a.key) < std::tie(b.address, b.key);
        });
    }
    return groups;
}

// The child of `parent` (or top-level item of `tree`, when parent is null) keyed `key`,
// created at the end when missing.
QTreeWidgetItem* itemFor(QTreeWidget* tree, QTreeWidgetItem* parent, const QString& key) {
    const int n = parent ? parent->childCount() : tree->topLevelItemCount();
    for (int i = 0; i < n; i++) {
        QTreeWidgetItem* item = parent ? parent->child(i) : tree->topLevelItem(i);
        if (item->data(0, keyRole).toString() == key) {
            return item;
        }
    }
    auto* item = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(tree);
    item->setData(0, keyRole, key);
    return item;
}

// Deletes the children of `parent` (or top-level items) whose key is not in `keep`.
void prune(QTreeWidget* tree, QTreeWidgetItem* parent, const QStringList& keep) {
    for (int i = (parent ? parent->childCount() : tree->topLevelItemCount()) - 1; i >= 0; i--) {
        QTreeWidgetItem* item = parent ? parent->child(i) : tree->topLevelItem(i);
        if (!keep.contains(item->data(0, keyRole).toString())) {
            std::unique_ptr<QTreeWidgetItem> gone(parent ? parent->takeChild(i)
                                                         : tree->takeTopLevelItem(i));
        }
    }
}

void setBadge(QTreeWidgetItem* item, int column, const QString& text, const QColor& colour) {
    item->setText(column, text);
    item->setData(column, colourRole, colour);
}

QString count(qint64 n) {
    return n < 0 ? QString() : QString::number(n);
}

void fillMember(QTreeWidgetItem* item, const MemberRow& m, const ClusterGroup& g) {
    item->setText(ClusterPanel::MemberColumn,
                  m.nickname.isEmpty() || m.nickname == m.id
                      ? m.id
                      : QStringLiteral("%1 (%2)").arg(m.id, m.nickname));
    item->setText(ClusterPanel::AddressColumn, m.address);
    const ClusterDatabaseStatus* own = m.own;
    if (own && own->ok) {
        const ClusterRaftStatus& r = own->raft;
        setBadge(item, ClusterPanel::RoleColumn, clusterRoleName(r.role), roleColour(r.role));
        item->setText(ClusterPanel::TermColumn, count(r.term));
        const QString leader = r.leaderId();
        item->setText(ClusterPanel::LeaderColumn, leader.isEmpty() ? QObject::tr("none") : leader);
        item->setText(ClusterPanel::StatusColumn, r.status);
        item->setToolTip(ClusterPanel::StatusColumn, r.status);
        QString log;
        if (r.logStart >= 0) {
            log = QStringLiteral("[%1, %2]").arg(r.logStart).arg(r.logEnd);
        }
        if (r.uncommitted > 0) {
            log += QObject::tr(" · %1 uncommitted").arg(r.uncommitted);
        }
        item->setText(ClusterPanel::LogColumn, log);
    } else {
        setBadge(item, ClusterPanel::RoleColumn,
                 own ? QObject::tr("unreachable") : QObject::tr("not reached"),
                 stateColor(own ? QStringLiteral("unreachable") : QStringLiteral("unknown")));
        for (int c :
             {ClusterPanel::TermColumn, ClusterPanel::LeaderColumn, ClusterPanel::LogColumn}) {
            item->setText(c, QString());
        }
        const QString status =
            own ? own->error : QObject::tr("no control socket of this server is known here");
        item->setText(ClusterPanel::StatusColumn, status);
        item->setToolTip(ClusterPanel::StatusColumn, status);
    }
    QString replication;
    if (g.leader && g.leader == own) {
        replication = QObject::tr("leader");
    } else if (const ClusterMember* v = m.leaderView) {
        QStringList parts;
        if (v->matchIndex >= 0) {
            parts << QObject::tr("match %1").arg(v->matchIndex);
        }
        if (v->nextIndex >= 0) {
            parts << QObject::tr("next %1").arg(v->nextIndex);
        }
        if (v->lastMsgMs >= 0) {
            // Heartbeats come every third of the election timer: below a second, milliseconds.
            parts << QObject::tr("heard %1 ago")
                         .arg(v->lastMsgMs < 1000 ? QStringLiteral("%1 ms").arg(v->lastMsgMs)
                                                  : formatDuration(v->lastMsgMs));
        }
        replication = parts.join(QStringLiteral(" · "));
    }
    item->setText(ClusterPanel::ReplicationColumn, replication);
    item->setText(ClusterPanel::TargetColumn, own ? own->target : QString());
    item->setToolTip(ClusterPanel::TargetColumn, own ? own->socketPath : QString());
}

// Fills a cluster's row; returns true when its answering servers agree on one leader.
bool fillCluster(QTreeWidgetItem* item, const ClusterGroup& g) {
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(ClusterPanel::MemberColumn, bold);
    item->setText(ClusterPanel::MemberColumn, g.database);
    item->setText(ClusterPanel::AddressColumn, g.clusterId.isEmpty()
                                                   ? QObject::tr("cluster id not yet known")
                                                   : QObject::tr("cluster %1").arg(g.clusterId));
    qint64 term = -1;
    QStringList leaders;
    int answering = 0;
    for (const ClusterDatabaseStatus* db : g.records) {
        if (db->ok) {
            answering++;
            term = std::max(term, db->raft.term);
            const QString leader = db->raft.leaderId();
            if (!leader.isEmpty() && !leaders.contains(leader)) {
                leaders << leader;
            }
        }
    }
    item->setText(ClusterPanel::TermColumn, count(term));
    QString leaderText;
    if (leaders.size() == 1) {
        leaderText = leaders.first();
        for (const MemberRow& m : g.members) {
            if (m.id == leaders.first() && !m.address.isEmpty()) {
                leaderText += QStringLiteral("  ") + m.address;
            }
        }
    } else if (leaders.size() > 1) {
        leaderText = QObject::tr("disputed: %1").arg(leaders.join(QStringLiteral(", ")));
    } else {
        leaderText = answering ? QObject::tr("none") : QString();
    }
    item->setText(ClusterPanel::LeaderColumn, leaderText);
    if (leaders.size() == 1) {
        setBadge(item, ClusterPanel::RoleColumn, QObject::tr("has leader"),
                 roleColour(ClusterRole::Leader));
    } else {
        setBadge(item, ClusterPanel::RoleColumn,
                 answering ? QObject::tr("no leader") : QObject::tr("unreachable"),
                 stateColor(QStringLiteral("unreachable")));
    }
    item->setText(ClusterPanel::StatusColumn,
                  QObject::tr("%n member(s)", nullptr, int(g.members.size())) +
                      QObject::tr(", %1 answering here").arg(answering));
    return leaders.size() == 1;
}

bool itemMatches(const QTreeWidgetItem* item, const QString& text) {
    for (int c = 0; c < item->columnCount(); c++) {
        if (item->text(c).contains(text, Qt::CaseInsensitive)) {
            return true;
        }
    }
    return false;
}

// Hides the rows that do not contain `text` in any column. A cluster stays shown, with all its
// members, when it matches, and with the matching members when only they do.
void filterTree(QTreeWidget* tree, const QString& text) {
    for (int i = 0; i < tree->topLevelItemCount(); i++) {
        QTreeWidgetItem* top = tree->topLevelItem(i);
        const bool topMatches = text.isEmpty() || itemMatches(top, text);
        bool anyChild = false;
        for (int j = 0; j < top->childCount(); j++) {
            const bool shown = topMatches || itemMatches(top->child(j), text);
            top->child(j)->setHidden(!shown);
            anyChild = anyChild || shown;
        }
        top->setHidden(!topMatches && !anyChild);
    }
}

} // namespace

ClusterPanel::ClusterPanel(ClusterStatus* clusters, QWidget* parent)
    : QWidget(parent), clusters_(clusters) {
    setObjectName(QStringLiteral("clusterPanel"));
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("clusterSummary"));
    summary_->setWordWrap(true);
    auto* refresh = new QPushButton(tr("Refresh"));
    refresh->setObjectName(QStringLiteral("clusterRefresh"));
    refresh->setToolTip(tr("Ask every ovsdb-server and ovn-controller now"));
    connect(refresh, &QPushButton::clicked, this, [this] { clusters_->refresh(this, [] {}); });
    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("clusterFilter"));
    filter_->setPlaceholderText(tr("Filter by member, address, role or status (Ctrl+F)"));
    filter_->setAccessibleName(tr("Filter clusters"));
    filter_->setClearButtonEnabled(true);
    filter_->setMaximumWidth(320);
    connect(filter_, &QLineEdit::textChanged, this, [this] {
        filterTree(tree_, filter_->text());
        filterTree(controllers_, filter_->text());
    });
    auto* top = new QHBoxLayout;
    top->addWidget(summary_, 1);
    top->addWidget(filter_);
    top->addWidget(refresh);

    auto* delegate = new ColourBadgeDelegate(this);
    tree_ = new QTreeWidget;
    tree_->setObjectName(QStringLiteral("clusterTree"));
    tree_->setAccessibleName(tr("Cluster members"));
    tree_->setColumnCount(ColumnCount);
    tree_->setHeaderLabels({tr("Member"), tr("Address"), tr("Role"), tr("Term"), tr("Leader"),
                            tr("Status"), tr("Log"), tr("Replication"), tr("Target")});
    tree_->setItemDelegate(delegate);
    tree_->setUniformRowHeights(true);
    tree_->setAlternatingRowColors(true);
    tree_->setSelectionMode(QAbstractItemView::SingleSelection);
    tree_->header()->setStretchLastSection(true);
    tree_->header()->setSectionResizeMode(QHeaderView::Interactive);
    top->addWidget(addTableExport(tree_, tr("Cluster Members")));

    controllerTitle_ = new QLabel(tr("ovn-controller"));
    controllerTitle_->setObjectName(QStringLiteral("controllerTitle"));
    QFont titleFont = controllerTitle_->font();
    titleFont.setBold(true);
    controllerTitle_->setFont(titleFont);
    controllers_ = new QTreeWidget;
    controllers_->setObjectName(QStringLiteral("controllerTree"));
    controllers_->setAccessibleName(tr("ovn-controller instances"));
    controllers_->setColumnCount(ControllerColumnCount);
    controllers_->setHeaderLabels(
        {tr("Target"), tr("Southbound"), tr("Engine"), tr("Version"), tr("Error")});
    controllers_->setItemDelegate(delegate);
    controllers_->setRootIsDecorated(false);
    controllers_->setUniformRowHeights(true);
    controllers_->setAlternatingRowColors(true);
    controllers_->header()->setStretchLastSection(true);
    controllers_->setToolTip(tr("ovn-controller tells whether it is connected to the southbound "
                                "database, not which remote that is"));

    auto* lower = new QWidget;
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 6, 0, 0);
    auto* controllerRow = new QHBoxLayout;
    controllerRow->addWidget(controllerTitle_, 1);
    controllerRow->addWidget(addTableExport(controllers_, tr("Controllers")));
    lowerLayout->addLayout(controllerRow);
    lowerLayout->addWidget(controllers_, 1);
    auto* split = new QSplitter(Qt::Vertical);
    split->setObjectName(QStringLiteral("clusterSplit"));
    split->addWidget(tree_);
    split->addWidget(lower);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(split, 1);

    connect(clusters_, &ClusterStatus::changed, this, &ClusterPanel::update);
    update();
}

void ClusterPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    clusters_->watch(this);
}

void ClusterPanel::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    clusters_->unwatch(this);
}

void ClusterPanel::update() {
    updateClusters();
    updateControllers();
    filterTree(tree_, filter_->text());
    filterTree(controllers_, filter_->text());
}

void ClusterPanel::updateClusters() {
    const QList<ClusterDatabaseStatus> all = clusters_->databases();
    const std::vector<ClusterGroup> groups = groupClusters(all);
    const bool first = tree_->topLevelItemCount() == 0;
    QStringList keys;
    int leaderless = 0;
    for (const ClusterGroup& g : groups) {
        keys << g.key;
        QTreeWidgetItem* item = itemFor(tree_, nullptr, g.key);
        leaderless += fillCluster(item, g) ? 0 : 1;
        QStringList memberKeys;
        for (const MemberRow& m : g.members) {
            memberKeys << m.key;
            fillMember(itemFor(tree_, item, m.key), m, g);
        }
        prune(tree_, item, memberKeys);
        if (!item->data(0, expandedRole).toBool()) {
            item->setData(0, expandedRole, true); // expanded once, then as the user left it
            item->setExpanded(true);
        }
    }
    prune(tree_, nullptr, keys);
    if (first && !groups.empty()) {
        for (int c = 0; c < ColumnCount - 1; c++) {
            tree_->resizeColumnToContents(c);
        }
        // Its text grows with the numbers after the first fill: room for a busy cluster's.
        const int replication = tree_->fontMetrics().horizontalAdvance(
                                    QStringLiteral("match 99999 · next 99999 · heard 999 ms ago")) +
                                24;
        tree_->setColumnWidth(ReplicationColumn,
                              std::max(tree_->columnWidth(ReplicationColumn), replication));
    }
    const int n = int(groups.size());
    if (n == 0) {
        summary_->setText(tr("No clustered database among the targets. An ovsdb-server whose "
                             "list-commands offers cluster/status appears here with each of its "
                             "clustered databases."));
    } else {
        QString text = tr("%n clustered database(s)", nullptr, n);
        if (leaderless > 0) {
            text += tr(", %n without an agreed leader", nullptr, leaderless);
        }
        summary_->setText(
            text + (clusters_->isWatched()
                        ? tr(" · asked every %1 s while shown").arg(clusters_->interval() / 1000.0)
                        : QString()));
    }
}

void ClusterPanel::updateControllers() {
    const QList<OvnControllerStatus> all = clusters_->controllers();
    QStringList keys;
    for (const OvnControllerStatus& c : all) {
        keys << c.target;
        QTreeWidgetItem* item = itemFor(controllers_, nullptr, c.target);
        item->setText(ControllerTargetColumn, c.target);
        item->setToolTip(ControllerTargetColumn, c.socketPath);
        const SouthboundState state = c.ok ? c.southbound : SouthboundState::Unknown;
        setBadge(item, SouthboundColumn, southboundStateName(state), southboundColour(state));
        item->setText(EngineColumn, c.engine);
        item->setText(VersionColumn, c.version);
        item->setText(ControllerErrorColumn, c.error);
        item->setToolTip(ControllerErrorColumn, c.error);
    }
    prune(controllers_, nullptr, keys);
    controllerTitle_->setText(all.isEmpty() ? tr("ovn-controller: none among the targets")
                                            : tr("ovn-controller"));
    for (int c = 0; c < ControllerColumnCount - 1; c++) {
        controllers_->resizeColumnToContents(c);
    }
}

} // namespace vigil::ui
