// The Sessions view: every JSON-RPC session (the console's own, each daemon's, and the Open
// vSwitch controller and manager connections from OVSDB) with its FSM state (greyed "unknown"
// when its source cannot be reached), time in state, backoff, attempts, connected total and
// last error, and a painted timeline strip per session with a legend of state colours. While shown
// it asks the session monitor for live refreshes and repaints its time cells once a second.
#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace vigil::ui {

class SessionModel;
class SessionMonitor;
class TimelineColumnProxy;
class TimelineDelegate;

class SessionsView : public QWidget {
    Q_OBJECT
public:
    // Shows `model` (not owned); `monitor` (may be null) is told to refresh live while the view
    // is visible.
    SessionsView(SessionModel* model, SessionMonitor* monitor, QWidget* parent = nullptr);

    // Sets the filter text (matched against source, name, detail, state and error).
    void setFilter(const QString& text);
    // The number of sessions the filter lets through.
    int visibleSessionCount() const;
    QTableView* table() const { return table_; }
    // How much time the timeline strips cover, in milliseconds.
    qint64 timelineSpanMs() const;

Q_SIGNALS:
    // The user asked to open a session to a remote.
    void addSessionRequested();

protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

private:
    void tick();
    void updateSummary();

    SessionModel* model_;
    SessionMonitor* monitor_;
    TimelineColumnProxy* timeline_;
    QSortFilterProxyModel* filtered_;
    TimelineDelegate* strip_;
    QLineEdit* filter_;
    QComboBox* span_;
    QLabel* summary_;
    QTableView* table_;
    QTimer tick_;
};

} // namespace vigil::ui
