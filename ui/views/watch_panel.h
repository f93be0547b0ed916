// The Watch part of the Commands view: the Watch toggle and interval box (laid out by the view
// in its run row), the CommandWatch they drive, and the panel under the reply (the watch's
// status line, its chart and the series list choosing what the chart plots). While a watch
// runs it shows each run in the reply pane with what changed highlighted; the view asks it to
// start with the command to watch and hears about it through statusChanged().
#pragma once

#include "services/invocation.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QSpinBox;
class QToolButton;

namespace vigil::ui {

class CommandInvoker;
class CommandWatch;
class ReplyView;
class TargetRegistry;
class WatchChart;
struct WatchRun;
enum class WatchStopReason;

// The invocation as a command line: its command and its arguments, separated by spaces.
QString invocationLine(const Invocation& invocation);

class WatchPanel : public QWidget {
    Q_OBJECT
public:
    // Watches through `invoker` and follows `registry` (neither owned; both must outlive the
    // panel) and shows the runs in `reply` (not owned). Starts hidden; start() shows it.
    WatchPanel(CommandInvoker* invoker, TargetRegistry* registry, ReplyView* reply,
               QWidget* parent = nullptr);

    // Starts watching `command` with `arguments` on `target` every interval() seconds (a watch
    // already running is replaced), clearing the chart and showing the panel.
    void start(const QString& target, const QString& command, const QStringList& arguments,
               const InvokeOptions& options);
    // Stops the watch (nothing happens when none runs); the status line says why it ended.
    void stop();
    bool isWatching() const;

    // The seconds between the starts of two runs (the interval box; a running watch follows
    // a change from its next run). Values outside 1..3600 are clamped.
    void setInterval(int seconds);
    int interval() const;

    // The Watch toggle and the interval box: the panel's, placed by the owner in its layout.
    QToolButton* toggleButton() const { return toggle_; }
    QSpinBox* intervalBox() const { return interval_; }
    WatchChart* chart() const { return chart_; }
    CommandWatch* watch() const { return watch_; }
    // The series list the chart plots from (checked items are plotted).
    QListWidget* seriesList() const { return seriesList_; }

Q_SIGNALS:
    // The Watch toggle was switched on: the owner calls start() with the command to watch, or
    // leaves it (the toggle then springs back off).
    void startRequested();
    // A line for the owner's status line: the watch started, a run finished or failed, or the
    // watch stopped (`error` when that is a failure).
    void statusChanged(const QString& text, bool error);

private:
    void onRun(const WatchRun& run);
    void onStopped(WatchStopReason reason, const QString& detail);
    void syncSeriesList();
    void updateChart();
    void setToggle(bool on);

    ReplyView* reply_;
    CommandWatch* watch_;
    QToolButton* toggle_;
    QSpinBox* interval_;
    QLabel* status_;
    WatchChart* chart_;
    QListWidget* seriesList_;
};

} // namespace vigil::ui
