#include "services/supervisor_feed.h"

#include "services/control_text.h"
#include "services/supervisor.h"
#include "services/supervisor_json.h"

#include <QTimer>
#include <QUuid>
#include <algorithm>
#include <boost/json/serialize.hpp>
#include <utility>

namespace vigil::ui {

namespace {

// What an event costs in the ring's byte bound: its size on the wire.
qint64 serializedSize(const boost::json::object& o) {
    return qint64(boost::json::serialize(o).size());
}

} // namespace

SupervisorFeed::SupervisorFeed(Supervisor* supervisor, QObject* parent)
    : SupervisorFeed(supervisor, Limits(), parent) {}

SupervisorFeed::SupervisorFeed(Supervisor* supervisor, const Limits& limits, QObject* parent)
    : QObject(parent), supervisor_(supervisor), limits_(limits),
      epoch_(QUuid::createUuid().toString(QUuid::WithoutBraces)), flushTimer_(new QTimer(this)),
      timeoutTimer_(new QTimer(this)) {
    clock_.start();
    flushTimer_->setSingleShot(true);
    flushTimer_->setInterval(0);
    connect(flushTimer_, &QTimer::timeout, this, &SupervisorFeed::flush);
    timeoutTimer_->setSingleShot(true);
    connect(timeoutTimer_, &QTimer::timeout, this, &SupervisorFeed::onTimeout);
    follow();
}

SupervisorFeed::~SupervisorFeed() = default;

void SupervisorFeed::follow() {
    Supervisor* s = supervisor_;
    connect(s, &Supervisor::daemonAdded, this, &SupervisorFeed::daemonChanged);
    connect(s, &Supervisor::daemonChanged, this, &SupervisorFeed::daemonChanged);
    connect(s, &Supervisor::daemonRemoved, this, [this](const QString& name) {
        pending_.removeAll(name);
        push(boost::json::object{{"type", "removed"}, {"name", jsonString(name)}});
    });
    connect(s, &Supervisor::historyAppended, this,
            [this](const QString& name, const HistoryEntry& entry) {
                flushDaemon(name);
                push(boost::json::object{{"type", "history"},
                                         {"name", jsonString(name)},
                                         {"entry", historyEntryJson(entry)}});
            });
    connect(s, &Supervisor::outputAppended, this, [this](const QString& name, const LogLine& line) {
        flushDaemon(name);
        push(boost::json::object{
            {"type", "output"}, {"name", jsonString(name)}, {"line", logLineJson(line)}});
    });
    connect(s, &Supervisor::daemonFailed, this, [this](const QString& name) {
        flushDaemon(name);
        push(boost::json::object{{"type", "failed"}, {"name", jsonString(name)}});
    });
    connect(s, &Supervisor::samplesUpdated, this, [this] {
        boost::json::array samples;
        for (const DaemonStatus& d : supervisor_->daemons()) {
            samples.push_back(boost::json::object{{"name", jsonString(d.name)},
                                                  {"cpu_percent", d.cpuPercent},
                                                  {"rss_bytes", d.rssBytes}});
        }
        push(boost::json::object{{"type", "samples"}, {"samples", std::move(samples)}});
    });
    connect(s, &Supervisor::allStopped, this, &SupervisorFeed::onAllStopped);
}

quint64 SupervisorFeed::oldestSeqno() const {
    return events_.empty() ? seqno_ + 1 : events_.front().seq;
}

void SupervisorFeed::daemonChanged(const QString& name) {
    if (!pending_.contains(name)) {
        pending_ << name;
    }
    scheduleFlush();
}

boost::json::object SupervisorFeed::daemonEvent(const QString& name) const {
    boost::json::object daemon;
    if (std::optional<DaemonStatus> status = supervisor_->status(name)) {
        daemon = daemonStatusJson(*status);
    }
    const std::optional<DaemonDefinition> def = supervisor_->definition(name);
    daemon["definition"] = def ? boostJson(def->toJson()) : boost::json::value();
    return boost::json::object{{"type", "daemon"}, {"daemon", std::move(daemon)}};
}

void SupervisorFeed::flushDaemon(const QString& name) {
    // An event about a daemon must never reach a client before the daemon itself.
    if (pending_.removeAll(name) > 0 && supervisor_ && supervisor_->contains(name)) {
        push(daemonEvent(name));
    }
}

void SupervisorFeed::push(boost::json::object event) {
    // The sequence number leads the object, so a reply reads in order.
    boost::json::object numbered{{"seq", seqno_ + 1}};
    for (auto& kv : event) {
        numbered.emplace(kv.key(), std::move(kv.value()));
    }
    seqno_++;
    const qint64 size = serializedSize(numbered);
    events_.push_back(Event{seqno_, std::move(numbered), size});
    bytes_ += size;
    while (!events_.empty() &&
           (int(events_.size()) > limits_.maxEvents || bytes_ > limits_.maxEventBytes)) {
        bytes_ -= events_.front().bytes;
        events_.pop_front();
    }
    scheduleFlush();
}

void SupervisorFeed::scheduleFlush() {
    if (!flushTimer_->isActive()) {
        flushTimer_->start();
    }
}

void SupervisorFeed::flush() {
    flushTimer_->stop();
    const quint64 before = seqno_;
    const QStringList names = pending_;
    pending_.clear();
    for (const QString& name : names) {
        if (supervisor_ && supervisor_->contains(name)) {
            push(daemonEvent(name));
        }
    }
    // push() re-armed the timer; nothing is left to do in it.
    flushTimer_->stop();
    if (seqno_ != before || !waiters_.empty()) {
        answerWaiters();
    }
    if (seqno_ != before) {
        Q_EMIT eventsAppended();
    }
}

boost::json::object SupervisorFeed::reply() const {
    return boost::json::object{{"epoch", jsonString(epoch_)}, {"seqno", seqno_}};
}

std::optional<boost::json::object> SupervisorFeed::eventsAfter(quint64 seqno,
                                                               const QString& epoch) {
    if (!pending_.isEmpty()) {
        flush();
    }
    boost::json::object r = reply();
    if (epoch != epoch_ || seqno > seqno_ || seqno + 1 < oldestSeqno()) {
        r["reset"] = true;
        return r;
    }
    if (seqno == seqno_) {
        return std::nullopt;
    }
    boost::json::array events;
    // The ring is ordered by seq, with no gaps: the first wanted event is at a known index.
    for (auto it = events_.begin() + qsizetype(seqno + 1 - oldestSeqno()); it != events_.end();
         ++it) {
        events.push_back(it->json);
    }
    r["events"] = std::move(events);
    return r;
}

bool SupervisorFeed::wait(const vigil::unixctl_conn& conn, quint64 seqno, const QString& epoch,
                          QString* error) {
    if (std::optional<boost::json::object> r = eventsAfter(seqno, epoch)) {
        conn.reply_json(std::move(*r));
        return true;
    }
    // A client that went away leaves its wait behind; it does not count against the bound.
    std::erase_if(waiters_, [](const Waiter& w) { return !w.conn.pending(); });
    if (int(waiters_.size()) >= limits_.maxWaiters) {
        if (error) {
            *error = QStringLiteral("too many waiting clients");
        }
        return false;
    }
    waiters_.push_back(Waiter{conn, seqno, epoch, clock_.elapsed() + limits_.waitTimeoutMs});
    armTimeout();
    return true;
}

void SupervisorFeed::answerWaiters() {
    std::vector<Waiter> still;
    for (Waiter& w : waiters_) {
        if (!w.conn.pending()) {
            continue;
        }
        if (std::optional<boost::json::object> r = eventsAfter(w.seqno, w.epoch)) {
            w.conn.reply_json(std::move(*r));
        } else {
            still.push_back(std::move(w));
        }
    }
    waiters_ = std::move(still);
    armTimeout();
}

void SupervisorFeed::armTimeout() {
    if (waiters_.empty()) {
        timeoutTimer_->stop();
        return;
    }
    qint64 earliest = waiters_.front().deadline;
    for (const Waiter& w : waiters_) {
        earliest = std::min(earliest, w.deadline);
    }
    timeoutTimer_->start(int(std::max<qint64>(0, earliest - clock_.elapsed())));
}

void SupervisorFeed::onTimeout() {
    const qint64 now = clock_.elapsed();
    std::vector<Waiter> still;
    for (Waiter& w : waiters_) {
        if (!w.conn.pending()) {
            continue;
        }
        if (w.deadline <= now) {
            boost::json::object r = reply();
            r["events"] = boost::json::array();
            w.conn.reply_json(std::move(r));
        } else {
            still.push_back(std::move(w));
        }
    }
    waiters_ = std::move(still);
    armTimeout();
}

void SupervisorFeed::stopAll(const vigil::unixctl_conn& conn) {
    stopAllWaiters_.push_back(conn);
    if (supervisor_) {
        supervisor_->stopAll();
    }
}

void SupervisorFeed::onAllStopped() {
    flush();
    push(boost::json::object{{"type", "all_stopped"}});
    for (const vigil::unixctl_conn& conn : std::exchange(stopAllWaiters_, {})) {
        conn.reply("");
    }
}

boost::json::object SupervisorFeed::snapshot() {
    if (!pending_.isEmpty()) {
        flush();
    }
    boost::json::object r = reply();
    boost::json::array daemons;
    qint64 budget = limits_.snapshotBytes;
    for (const DaemonStatus& d : supervisor_->daemons()) {
        boost::json::object o = daemonStatusJson(d);
        o["cpu_percent"] = d.cpuPercent;
        o["rss_bytes"] = d.rssBytes;
        const std::optional<DaemonDefinition> def = supervisor_->definition(d.name);
        o["definition"] = def ? boostJson(def->toJson()) : boost::json::value();
        boost::json::array history;
        for (const HistoryEntry& h : supervisor_->history(d.name)) {
            history.push_back(historyEntryJson(h));
        }
        o["history"] = std::move(history);
        // The newest lines matter most: take them from the end while the budget lasts.
        const QList<LogLine> output = supervisor_->output(d.name);
        qsizetype first = output.size();
        while (first > 0 && output.size() - first < limits_.snapshotLines) {
            const qint64 cost = output[first - 1].text.size() + 100;
            if (cost > budget) {
                break;
            }
            budget -= cost;
            first--;
        }
        boost::json::array lines;
        for (qsizetype i = first; i < output.size(); i++) {
            lines.push_back(logLineJson(output[i]));
        }
        o["output"] = std::move(lines);
        daemons.push_back(std::move(o));
    }
    r["daemons"] = std::move(daemons);
    return r;
}

} // namespace vigil::ui
