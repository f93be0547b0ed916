// Runs one control command on a target again and again, every N seconds, without ever
// overlapping two runs (the next waits until the previous one answered or timed out), and
// keeps what a person watching wants: the last replies (bounded in bytes), what changed since
// the run before (a line diff for text, a path diff for JSON) and the numbers each reply
// carries as bounded time series. No widgets: the Commands view presents it.
#pragma once

#include "services/invocation.h"
#include "services/reply_analysis.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <deque>

namespace vigil::ui {

class CommandInvoker;
class TargetRegistry;

// Why a watch stopped, with its one string table (watchStopReasonText()).
enum class WatchStopReason { Stopped, TargetGone, Failing };
QString watchStopReasonText(WatchStopReason reason);

// One finished run.
struct WatchRun {
    quint64 number = 0; // 1, 2, 3... within the watch
    QDateTime at;       // when it started
    Invocation invocation;
    bool compared = false; // a previous successful reply of the same format was there to diff
    LineDiff lines;        // text replies: against the previous reply
    JsonDiff paths;        // JSON replies: against the previous reply
    QList<ReplyNumber> numbers;
};

// One point of a series: when, and the value (NaN for a run that failed or lacked the key: a
// gap in the line).
struct WatchPoint {
    qint64 msecsSinceEpoch = 0;
    double value = 0;
};

class CommandWatch : public QObject {
    Q_OBJECT
public:
    static constexpr int minIntervalSeconds = 1;
    static constexpr int maxIntervalSeconds = 3600;
    // Points kept per series (the oldest go first).
    static constexpr int defaultMaxPoints = 500;
    // Bytes of reply text (UTF-16) the watch keeps across its recent runs.
    static constexpr qsizetype defaultMaxReplyBytes = qsizetype(4) << 20;
    // Consecutive failed runs after which a watch of an unreachable target stops.
    static constexpr int defaultMaxFailures = 5;
    // Series kept at most (a JSON reply may carry thousands of numbers); later keys are not
    // followed.
    static constexpr int maxSeries = 256;

    // Runs through `invoker` (not owned, must outlive the watch); `registry` (may be null) is
    // followed so that a watch stops when its target goes away.
    explicit CommandWatch(CommandInvoker* invoker, TargetRegistry* registry = nullptr,
                          QObject* parent = nullptr);
    ~CommandWatch() override;

    // Starts watching `command` with `arguments` on `target`, the first run at once and then
    // every `intervalSeconds` (clamped to 1..3600) counted from each run's start, or from its
    // end when it took longer. Restarts (with fresh history) when already watching. The first
    // run is recorded in the invoker's history (the audit trail shows who watched what), the
    // repeats are not.
    void start(const QString& target, const QString& command, const QStringList& arguments,
               int intervalSeconds, const InvokeOptions& options = {});
    // Stops watching (a run in flight is abandoned: its reply is ignored); stopped() follows
    // when a watch was active.
    void stop();
    bool isActive() const { return active_; }
    // True while a run waits for its reply.
    bool isRunning() const { return running_; }

    // Changes the interval (clamped to 1..3600 s); applies from the next run.
    void setIntervalSeconds(int seconds);
    int intervalSeconds() const { return intervalSeconds_; }
    // Bounds each run's wait for a reply (default: the interval's length, at least 5 s).
    void setTimeoutMs(int ms) { timeoutMs_ = ms; }
    // Bounds the points kept per series; the oldest are dropped first.
    void setMaxPoints(int points);
    // Bounds the reply text kept across recent runs; the latest reply is kept for the next
    // diff unless it alone is larger.
    void setMaxReplyBytes(qsizetype bytes);
    qsizetype replyBytes() const { return replyBytes_; }
    // Stops after this many consecutive failed runs (0: never).
    void setMaxFailures(int failures) { maxFailures_ = failures; }

    QString target() const { return target_; }
    QString command() const { return command_; }
    QStringList arguments() const { return arguments_; }
    int runCount() const { return runCount_; }
    int failureCount() const { return failureCount_; }
    // The invoker's id of the run recorded in its history (the first), 0 before it: views that
    // show the invoker's invocations leave the watch's to the watch.
    quint64 recordedInvocationId() const { return recordedId_; }
    // The largest number of runs in flight at once (never more than one).
    int maxInFlight() const { return maxInFlight_; }

    // The recent runs, oldest first, as many as fit the reply bound (at least the last).
    QList<WatchRun> recentRuns() const { return {recent_.begin(), recent_.end()}; }
    // The last finished run; a default WatchRun before the first.
    WatchRun lastRun() const { return recent_.empty() ? WatchRun() : recent_.back(); }
    // The series seen so far, in the order their keys first appeared.
    QStringList seriesNames() const { return seriesOrder_; }
    // The points of one series, oldest first (empty for an unknown name).
    QList<WatchPoint> series(const QString& name) const;
    // When the recent failed runs started (msecs since the epoch), as many as the points kept.
    QList<qint64> failureTimes() const { return {failures_.begin(), failures_.end()}; }

Q_SIGNALS:
    void started();
    void runStarted(quint64 number);
    void runFinished(const vigil::ui::WatchRun& run);
    // New series appeared (a key first seen).
    void seriesChanged();
    void stopped(vigil::ui::WatchStopReason reason, const QString& detail);

private:
    void runOnce();
    void onFinished(quint64 generation, const Invocation& invocation);
    void addPoints(const WatchRun& run);
    void keep(const WatchRun& run);
    void finishWatch(WatchStopReason reason, const QString& detail);

    QPointer<CommandInvoker> invoker_;
    QPointer<TargetRegistry> registry_;
    QTimer next_;
    QString target_;
    QString command_;
    QStringList arguments_;
    InvokeOptions options_;
    int intervalSeconds_ = 2;
    int timeoutMs_ = -1;
    int maxPoints_ = defaultMaxPoints;
    qsizetype maxReplyBytes_ = defaultMaxReplyBytes;
    int maxFailures_ = defaultMaxFailures;
    bool active_ = false;
    bool running_ = false;
    quint64 generation_ = 0; // bumps on start/stop, so a stale reply is recognised
    qint64 runStartedMs_ = 0;
    int runCount_ = 0;
    int failureCount_ = 0;
    int consecutiveFailures_ = 0;
    int inFlight_ = 0;
    int maxInFlight_ = 0;
    quint64 recordedId_ = 0;
    std::deque<WatchRun> recent_;
    qsizetype replyBytes_ = 0;
    // The last successful run, for the next diff (kept apart from recent_, which may drop it).
    bool havePrevious_ = false;
    Invocation previous_;
    QStringList seriesOrder_;
    QHash<QString, std::deque<WatchPoint>> series_;
    std::deque<qint64> failures_;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::WatchRun)
