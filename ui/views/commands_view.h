// The Commands view: the selected target's control commands (its `list-commands`) with a
// filter and their usage, an argument form sized by the usage, Run (Enter), the reply pane (a
// JSON tree where the daemon speaks `--format json`, which is preferred by default; OVS's text
// tables otherwise), Watch (the command again every N seconds, changes highlighted, its
// numbers charted) and the history of invocations with re-run, copy and export. Every call is
// asynchronous with the invoker's timeout; failures are shown in the status line, never in a
// blocking dialog. The watch itself is a WatchPanel (views/watch_panel.h) the view owns.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace vigil::ui {

class ArgumentForm;
class CommandInvoker;
class CommandWatch;
class ReplyView;
class WatchChart;
class WatchPanel;
class InvocationHistoryModel;
class CommandModel;
class TargetRegistry;
struct Invocation;

class CommandsView : public QWidget {
    Q_OBJECT
public:
    // Browses the commands of `registry`'s targets and runs them through `invoker` (neither
    // owned; both must outlive the view).
    // Shows `registry`'s commands, runs them through `invoker` and lists `history` (a model fed
    // by the same invoker, see feedHistoryModel()).
    CommandsView(TargetRegistry* registry, CommandInvoker* invoker, InvocationHistoryModel* history,
                 QWidget* parent = nullptr);

    // Shows the commands of `target` (fetching them when needed); an empty name shows none.
    void setTarget(const QString& target);
    QString target() const { return target_; }

    // Selects the command called `name` (clearing the filter when it hides it); returns false
    // when the target has no such command.
    bool selectCommand(const QString& name);
    // The selected command's name; empty when none is selected.
    QString currentCommand() const;

    // Sets the filter text, as if typed in the filter field.
    void setFilter(const QString& text);
    // The number of commands the filter lets through.
    int visibleCommandCount() const;

    // Puts the keyboard in the selected command's first argument field (the argument line for
    // a command without fields), where Enter runs it.
    void focusArguments();

    // Runs the selected command with the form's arguments (a required field left empty is only
    // named in the status line); returns false (with the reason there) when no target or
    // command is selected.
    bool run();

    // The text in the output pane and the status line (for tests and the window).
    QString outputText() const;
    QString statusText() const;

    // Whether calls ask for JSON first (the "Prefer JSON" box, kept in QSettings, on by
    // default); the daemons that refuse it answer in text.
    bool preferJson() const;
    void setPreferJson(bool prefer);

    // Starts watching the selected command with the form's arguments every intervalSeconds()
    // (returns false with the reason in the status line when no command is selected).
    bool startWatch();
    // Stops the watch (also Esc, or the Watch toggle).
    void stopWatch();
    bool isWatching() const;
    // The seconds between two watch runs (the interval box, clamped to 1..3600).
    void setWatchInterval(int seconds);
    int watchInterval() const;

    ArgumentForm* argumentForm() const { return form_; }
    ReplyView* replyView() const { return reply_; }
    // The watch panel's chart, its CommandWatch and its series list (checked items are
    // plotted).
    WatchChart* chart() const;
    CommandWatch* watch() const;
    QListWidget* seriesList() const;

Q_SIGNALS:
    // An invocation started from this view finished (ok or not).
    void invocationFinished(bool ok);

private:
    void onCommandSelected();
    void onFetchFinished(const QString& target, const QString& error);
    void onInvocationFinished(const Invocation& invocation);
    void showInvocation(const Invocation& invocation);
    void showHistoryRow(int row);
    void rerun(int row);
    void setStatus(const QString& text, bool error);
    void updateHeader();
    void selectDefaultCommand();

    TargetRegistry* registry_;
    CommandInvoker* invoker_;
    InvocationHistoryModel* history_;
    CommandModel* commands_;
    QSortFilterProxyModel* filtered_;
    QString target_;
    quint64 lastRun_ = 0;
    bool listError_ = false;

    QLabel* targetLabel_;
    QToolButton* refresh_;
    QLineEdit* filter_;
    QTableView* commandTable_;
    QLabel* commandTitle_;
    QLabel* commandUsage_;
    ArgumentForm* form_;
    QCheckBox* json_;
    QPushButton* run_;
    QLabel* status_;
    ReplyView* reply_;
    WatchPanel* watchPanel_;
    QTableView* historyTable_;
    QPushButton* rerun_;
};

} // namespace vigil::ui
