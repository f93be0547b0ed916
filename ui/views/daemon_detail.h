// The detail panel under the daemon table: the selected daemon's command line, control socket
// and state reason, and its history as a timeline: a strip coloured by the state each history
// event put it in, over the list of events (starts, exits with their status text, restarts,
// give-ups, stops), newest first.
#pragma once

#include <QString>
#include <QTimer>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace vigil::ui {

class Supervisor;
struct HistoryEntry;

class DaemonDetail : public QWidget {
    Q_OBJECT
public:
    // Shows daemons of `supervisor` (not owned).
    explicit DaemonDetail(Supervisor* supervisor, QWidget* parent = nullptr);

    // Shows `name` (an empty name shows a hint instead).
    void setDaemon(const QString& name);
    QString daemon() const { return name_; }
    // The number of history entries listed.
    int historyCount() const;

private:
    void refreshHeader();
    void reloadHistory();
    void appendEntry(const HistoryEntry& entry);

    Supervisor* supervisor_;
    QString name_;
    QLabel* title_;
    QLabel* info_;
    QWidget* strip_;
    QTreeWidget* history_;
    QTimer tick_;
};

} // namespace vigil::ui
