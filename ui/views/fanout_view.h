// The Fan-out view: one command sent to many targets at once, the replies side by side. The
// targets are the ones selected in its list, which a glob pattern selects as it is typed ('*'
// also matches '/', as target/call-all does: "*/ovs-vswitchd" is every host's vswitchd), and
// which the user may adjust by hand. Run invokes the command on each of them in parallel through
// the CommandInvoker (recorded in the audit history) and shows one column per target: its
// status (ok, error, unresponsive, down) and its reply, with the lines that are not in every
// reply highlighted (differingLines()).
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QWidget>

class QAction;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;

namespace vigil::ui {

class CommandInvoker;
class TargetRegistry;
struct Invocation;

class FanoutView : public QWidget {
    Q_OBJECT
public:
    // One target's part of the last run.
    struct Result {
        QString target;
        QString status; // "running" until it answers, then fanoutStatus()
        QString output; // the reply, or the error
        qint64 ms = 0;
        QList<bool> differing; // per line of output: not in every reply (once all answered)
    };

    // Lists `targets`' targets and runs commands through `invoker` (neither owned; both must
    // outlive the view).
    FanoutView(TargetRegistry* targets, CommandInvoker* invoker, QWidget* parent = nullptr);

    // Sets the glob pattern, which selects the matching targets at once.
    void setPattern(const QString& pattern);
    QString pattern() const;
    // The targets selected in the list, in list order.
    QStringList selectedTargets() const;
    // Selects exactly `names` (those the list holds).
    void setSelectedTargets(const QStringList& names);
    // Sets the command and its arguments (as typed: words split like a shell would).
    void setCommand(const QString& command, const QString& arguments = {});

    // The results of the last run, in target order; empty before the first.
    QList<Result> results() const { return results_; }
    // True while some target of the last run has not answered.
    bool isRunning() const { return pending_ > 0; }
    QAction* runAction() const { return run_; }

public Q_SLOTS:
    // Sends the command to every selected target; a run still going is forgotten (its late
    // replies are dropped). Does nothing without a command or a selected target, and says so.
    void run();

Q_SIGNALS:
    // Every target of the last run answered (or failed); results() holds them.
    void finished();

private:
    void refreshTargets();
    void applyPattern();
    void onReply(quint64 generation, int index, const Invocation& invocation);
    void showResults();
    void updateSummary();

    TargetRegistry* targets_;
    CommandInvoker* invoker_;
    QLineEdit* pattern_;
    QListWidget* list_;
    QComboBox* command_;
    QLineEdit* arguments_;
    QAction* run_;
    QLabel* summary_;
    QWidget* columnsHost_;
    QHBoxLayout* columns_;
    QList<QLabel*> headers_;
    QList<QPlainTextEdit*> replies_;
    QList<Result> results_;
    quint64 generation_ = 0;
    int pending_ = 0;
};

} // namespace vigil::ui
