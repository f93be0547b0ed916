#include "services/command_watch.h"

#include "services/command_invoker.h"
#include "services/target_registry.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <algorithm>
#include <cmath>
#include <limits>

namespace vigil::ui {

namespace {

qsizetype replyBytesOf(const Invocation& inv) {
    return (inv.output.size() + inv.error.size()) * qsizetype(sizeof(QChar));
}

// The JSON value of a JSON reply (the invoker keeps it pretty-printed); Null when it is not.
QJsonValue replyJson(const Invocation& inv) {
    if (inv.format != ReplyFormat::Json) {
        return QJsonValue();
    }
    // Scalars are not documents to QJsonDocument: parse them as a one-element array.
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(
        (QLatin1Char('[') + inv.output + QLatin1Char(']')).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray()) {
        return QJsonValue();
    }
    return doc.array().first();
}

} // namespace

QString watchStopReasonText(WatchStopReason reason) {
    switch (reason) {
    case WatchStopReason::Stopped:
        return QStringLiteral("stopped");
    case WatchStopReason::TargetGone:
        return QStringLiteral("target gone");
    case WatchStopReason::Failing:
        return QStringLiteral("failing");
    }
    return QString();
}

CommandWatch::CommandWatch(CommandInvoker* invoker, TargetRegistry* registry, QObject* parent)
    : QObject(parent), invoker_(invoker), registry_(registry) {
    qRegisterMetaType<WatchRun>();
    next_.setSingleShot(true);
    connect(&next_, &QTimer::timeout, this, &CommandWatch::runOnce);
    if (registry) {
        connect(registry, &TargetRegistry::targetRemoved, this, [this](const QString& name) {
            if (active_ && name == target_) {
                finishWatch(WatchStopReason::TargetGone, tr("%1 went away").arg(target_));
            }
        });
    }
}

CommandWatch::~CommandWatch() = default;

void CommandWatch::start(const QString& target, const QString& command,
                         const QStringList& arguments, int intervalSeconds,
                         const InvokeOptions& options) {
    if (active_) {
        finishWatch(WatchStopReason::Stopped, QString());
    }
    target_ = target;
    command_ = command;
    arguments_ = arguments;
    options_ = options;
    setIntervalSeconds(intervalSeconds);
    generation_++;
    active_ = true;
    running_ = false;
    runCount_ = 0;
    failureCount_ = 0;
    consecutiveFailures_ = 0;
    maxInFlight_ = 0;
    recent_.clear();
    replyBytes_ = 0;
    havePrevious_ = false;
    previous_ = Invocation();
    seriesOrder_.clear();
    series_.clear();
    failures_.clear();
    Q_EMIT started();
    Q_EMIT seriesChanged();
    runOnce();
}

void CommandWatch::stop() {
    if (active_) {
        finishWatch(WatchStopReason::Stopped, QString());
    }
}

void CommandWatch::finishWatch(WatchStopReason reason, const QString& detail) {
    active_ = false;
    running_ = false;
    generation_++; // a reply still on its way is ignored
    next_.stop();
    Q_EMIT stopped(reason, detail);
}

void CommandWatch::setIntervalSeconds(int seconds) {
    intervalSeconds_ = std::clamp(seconds, minIntervalSeconds, maxIntervalSeconds);
    if (active_ && !running_ && next_.isActive()) {
        const qint64 due = runStartedMs_ + qint64(intervalSeconds_) * 1000;
        next_.start(int(std::max<qint64>(0, due - QDateTime::currentMSecsSinceEpoch())));
    }
}

void CommandWatch::setMaxPoints(int points) {
    maxPoints_ = std::max(1, points);
    for (auto& points_ : series_) {
        while (qsizetype(points_.size()) > maxPoints_) {
            points_.pop_front();
        }
    }
}

void CommandWatch::setMaxReplyBytes(qsizetype bytes) {
    maxReplyBytes_ = std::max<qsizetype>(0, bytes);
    while (recent_.size() > 1 && replyBytes_ > maxReplyBytes_) {
        replyBytes_ -= replyBytesOf(recent_.front().invocation);
        recent_.pop_front();
    }
}

QList<WatchPoint> CommandWatch::series(const QString& name) const {
    auto it = series_.constFind(name);
    return it == series_.constEnd() ? QList<WatchPoint>()
                                    : QList<WatchPoint>(it->begin(), it->end());
}

void CommandWatch::runOnce() {
    if (!active_ || running_) {
        return; // never two runs at once
    }
    if (!invoker_) {
        finishWatch(WatchStopReason::TargetGone, tr("the invoker is gone"));
        return;
    }
    running_ = true;
    inFlight_++;
    maxInFlight_ = std::max(maxInFlight_, inFlight_);
    runStartedMs_ = QDateTime::currentMSecsSinceEpoch();
    InvokeOptions options = options_;
    options.record = runCount_ == 0 && options_.record;
    options.timeoutMs = timeoutMs_ > 0 ? timeoutMs_ : std::max(5000, intervalSeconds_ * 1000);
    const quint64 generation = generation_;
    const quint64 number = quint64(runCount_) + 1;
    Q_EMIT runStarted(number);
    QPointer<CommandWatch> self(this);
    const quint64 id = invoker_->invoke(target_, command_, arguments_, options,
                                        [self, generation](const Invocation& inv) {
                                            if (self) {
                                                self->onFinished(generation, inv);
                                            }
                                        });
    if (options.record) {
        recordedId_ = id;
    }
}

void CommandWatch::onFinished(quint64 generation, const Invocation& inv) {
    inFlight_--;
    if (generation != generation_ || !active_) {
        return; // stopped or restarted meanwhile
    }
    running_ = false;
    runCount_++;
    WatchRun run;
    run.number = quint64(runCount_);
    run.at = inv.started;
    run.invocation = inv;
    if (inv.ok) {
        consecutiveFailures_ = 0;
        if (havePrevious_ && previous_.format == inv.format) {
            run.compared = true;
            if (inv.format == ReplyFormat::Json) {
                run.paths = diffJson(replyJson(previous_), replyJson(inv));
            } else {
                run.lines = diffLines(previous_.output, inv.output);
            }
        }
        run.numbers = inv.format == ReplyFormat::Json ? extractJsonNumbers(replyJson(inv))
                                                      : extractTextNumbers(inv.output);
        havePrevious_ = replyBytesOf(inv) <= maxReplyBytes_;
        previous_ = havePrevious_ ? inv : Invocation();
    } else {
        failureCount_++;
        consecutiveFailures_++;
    }
    addPoints(run);
    keep(run);
    Q_EMIT runFinished(run);

    if (!active_) {
        return; // a receiver stopped the watch
    }
    const bool unknownTarget = !inv.ok && inv.transportError && inv.socketPath.isEmpty();
    if (unknownTarget) {
        finishWatch(WatchStopReason::TargetGone, inv.error);
        return;
    }
    if (maxFailures_ > 0 && consecutiveFailures_ >= maxFailures_) {
        finishWatch(WatchStopReason::Failing,
                    tr("%n run(s) in a row failed; the last: %1", nullptr, consecutiveFailures_)
                        .arg(inv.error));
        return;
    }
    // From the run's start, so a 2 s watch of a 300 ms command runs every 2 s, not 2.3 s; a
    // run longer than the interval is followed at once, never overlapped.
    const qint64 due = runStartedMs_ + qint64(intervalSeconds_) * 1000;
    next_.start(int(std::max<qint64>(0, due - QDateTime::currentMSecsSinceEpoch())));
}

void CommandWatch::addPoints(const WatchRun& run) {
    const qint64 at =
        run.at.isValid() ? run.at.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    bool added = false;
    QHash<QString, double> values;
    for (const ReplyNumber& n : run.numbers) {
        values.insert(n.key, n.value);
        if (!series_.contains(n.key) && series_.size() < maxSeries) {
            series_.insert(n.key, {});
            seriesOrder_ << n.key;
            added = true;
        }
    }
    if (!run.invocation.ok) {
        failures_.push_back(at);
        while (qsizetype(failures_.size()) > maxPoints_) {
            failures_.pop_front();
        }
    }
    const double gap = std::numeric_limits<double>::quiet_NaN();
    for (auto it = series_.begin(); it != series_.end(); ++it) {
        it->push_back({at, values.value(it.key(), gap)});
        while (qsizetype(it->size()) > maxPoints_) {
            it->pop_front();
        }
    }
    if (added) {
        Q_EMIT seriesChanged();
    }
}

void CommandWatch::keep(const WatchRun& run) {
    recent_.push_back(run);
    replyBytes_ += replyBytesOf(run.invocation);
    while (recent_.size() > 1 && replyBytes_ > maxReplyBytes_) {
        replyBytes_ -= replyBytesOf(recent_.front().invocation);
        recent_.pop_front();
    }
}

} // namespace vigil::ui
