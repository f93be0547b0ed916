// The Commands view: the selected target's control commands (its `list-commands`) with a
// filter and their usage, an argument form sized by the usage, Run (Enter), the output pane
// (plain text, or pretty JSON when asked for and the daemon speaks `--format json`) and the
// history of invocations with re-run. Every call is asynchronous with the invoker's timeout;
// failures are shown in the status line, never in a blocking dialog.
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QToolButton;

namespace vigil::ui {

class ArgumentForm;
class CommandInvoker;
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

    // Runs the selected command with the form's arguments (a required field left empty is only
    // named in the status line); returns false (with the reason there) when no target or
    // command is selected.
    bool run();

    // The text in the output pane and the status line (for tests and the window).
    QString outputText() const;
    QString statusText() const;

    ArgumentForm* argumentForm() const { return form_; }

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
    QPlainTextEdit* output_;
    QTableView* historyTable_;
    QPushButton* rerun_;
};

} // namespace vigil::ui
