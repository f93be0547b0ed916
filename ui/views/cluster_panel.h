// The Clusters view: every OVSDB RAFT cluster the console's targets belong to, one row per
// clustered database with its members beneath (role badge, term, the leader each member sees,
// status, log, and the leader's view of its replication), and below them each ovn-controller
// with its southbound connection. While shown it has the cluster service poll the targets;
// hidden, nothing is asked.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;

namespace vigil::ui {

class ClusterStatus;

class ClusterPanel : public QWidget {
    Q_OBJECT
public:
    // The clusters' columns, in order.
    enum Column {
        MemberColumn,
        AddressColumn,
        RoleColumn,
        TermColumn,
        LeaderColumn,
        StatusColumn,
        LogColumn,
        ReplicationColumn,
        TargetColumn,
        ColumnCount
    };
    // The ovn-controllers' columns, in order.
    enum ControllerColumn {
        ControllerTargetColumn,
        SouthboundColumn,
        EngineColumn,
        VersionColumn,
        ControllerErrorColumn,
        ControllerColumnCount
    };

    // Presents `clusters` (not owned; must outlive the panel).
    explicit ClusterPanel(ClusterStatus* clusters, QWidget* parent = nullptr);

    QTreeWidget* clusterTree() const { return tree_; }
    QTreeWidget* controllerTree() const { return controllers_; }

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void update();
    void updateClusters();
    void updateControllers();

    ClusterStatus* clusters_;
    QLabel* summary_;
    QLineEdit* filter_;
    QLabel* controllerTitle_;
    QTreeWidget* tree_;
    QTreeWidget* controllers_;
};

} // namespace vigil::ui
