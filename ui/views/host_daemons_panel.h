// The daemons a fleet host's own Vigil supervisor runs, shown under the Hosts view for the
// selected host: the Daemons view and the Logs view of that supervisor, mirrored through its
// control socket on the host (see RemoteSupervisors), so start, stop, restart, edit and the
// logs act on the host exactly as they do on this machine. A host without a supervisor, or one
// not reached yet, says so instead.
#pragma once

#include <QHash>
#include <QString>
#include <QWidget>

class QLabel;
class QStackedWidget;

namespace vigil::ui {

class DaemonsView;
class LogsView;
class RemoteSupervisors;

class HostDaemonsPanel : public QWidget {
    Q_OBJECT
public:
    // Follows `supervisors` (not owned; must outlive the panel).
    explicit HostDaemonsPanel(RemoteSupervisors* supervisors, QWidget* parent = nullptr);

    // Shows the daemons of `host`'s supervisor (empty: no host selected).
    void setHost(const QString& host);
    QString host() const { return host_; }

    // The views of `host`'s supervisor; null when it has none (for tests).
    DaemonsView* daemonsView(const QString& host) const;
    LogsView* logsView(const QString& host) const;
    // What the panel says above the views.
    QString headline() const;

private:
    struct Page {
        QWidget* widget = nullptr;
        DaemonsView* daemons = nullptr;
        LogsView* logs = nullptr;
    };

    void addPage(const QString& host);
    void removePage(const QString& host);
    void update();

    RemoteSupervisors* supervisors_;
    QString host_;
    QLabel* headline_;
    QStackedWidget* stack_;
    QWidget* empty_;
    QHash<QString, Page> pages_;
};

} // namespace vigil::ui
