// The Daemons view: the table of supervised daemons (state badge, pid, uptime, restarts, last
// exit, CPU, memory, desired state) with start, stop, restart, reset failures, edit and remove
// actions, the launch dialog, and the selected daemon's detail and history timeline below.
#pragma once

#include <QByteArray>
#include <QList>
#include <QTimer>
#include <QWidget>

class QAction;
class QSortFilterProxyModel;
class QSplitter;
class QTableView;

namespace vigil::ui {

class DaemonDetail;
class DaemonModel;
class Supervisor;

class DaemonsView : public QWidget {
    Q_OBJECT
public:
    // Shows and drives `supervisor` (not owned; must outlive the view).
    explicit DaemonsView(Supervisor* supervisor, QWidget* parent = nullptr);

    // Selects the row of `name`; returns false when there is no such daemon.
    bool selectDaemon(const QString& name);
    // The selected daemon's name; empty when none.
    QString currentDaemon() const;

    QTableView* table() const { return table_; }
    DaemonModel* model() const { return model_; }
    DaemonDetail* detail() const { return detail_; }

    // The daemon actions in menu order (launch, start, stop, restart, reset failures, edit,
    // remove), for the window's Daemon menu. Each acts on the selected daemon.
    QList<QAction*> actions() const;
    QAction* launchAction() const { return launch_; }
    QAction* startAction() const { return start_; }
    QAction* stopAction() const { return stop_; }
    QAction* restartAction() const { return restart_; }
    QAction* resetAction() const { return reset_; }
    QAction* editAction() const { return edit_; }
    QAction* removeAction() const { return remove_; }

    // The header and splitter state, to keep in QSettings.
    QByteArray saveState() const;
    void restoreState(const QByteArray& state);

public Q_SLOTS:
    // Opens the launch dialog (non-modal to the rest of the console: daemons keep being
    // supervised while it is open).
    void launch();
    // Opens the launch dialog on the selected daemon's definition.
    void editCurrent();

Q_SIGNALS:
    void daemonSelected(const QString& name);
    void showLogsRequested(const QString& name);
    void showCommandsRequested(const QString& name);

private:
    void updateActions();
    QAction* makeAction(const QString& icon, const QString& text, const QString& shortcut,
                        const QString& tip);

    Supervisor* supervisor_;
    DaemonModel* model_;
    QSortFilterProxyModel* sorted_;
    QTableView* table_;
    DaemonDetail* detail_;
    QSplitter* split_;
    QAction* launch_;
    QAction* start_;
    QAction* stop_;
    QAction* restart_;
    QAction* reset_;
    QAction* edit_;
    QAction* remove_;
    QAction* logs_;
    QAction* commands_;
    QTimer tick_;
};

} // namespace vigil::ui
