// The supervisor's change feed: what a client needs to mirror a supervisor without polling. It
// numbers every change of any Supervisor (a daemon's snapshot or definition, a removal, a history
// entry, an output line, a give-up, CPU and memory samples, the end of a stop-all) with an
// increasing sequence number, keeps the latest changes in a bounded ring, and answers the
// daemon/snapshot and daemon/wait control commands from it. A client takes a snapshot, then
// waits for the changes after its sequence number, again and again; one that fell behind the
// ring, or talks to a restarted supervisor (another epoch), is told to take a new snapshot.
//
// Changes of one daemon's snapshot within one event-loop pass become one event, and waiting
// clients are answered once per pass, so a burst costs one reply per client.
#pragma once

#include "vigil/unixctl.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QString>
#include <boost/json/object.hpp>
#include <deque>
#include <optional>
#include <vector>

class QTimer;

namespace vigil::ui {

class Supervisor;

class SupervisorFeed : public QObject {
    Q_OBJECT
public:
    // The bounds on what the feed holds and serves.
    struct Limits {
        int maxEvents = 4096;                   // events kept in the ring
        qint64 maxEventBytes = qint64(4) << 20; // serialized JSON of the kept events
        int maxWaiters = 64;                    // daemon/wait requests pending at once
        int waitTimeoutMs = 30000;              // a wait with nothing new is answered after this
        int snapshotLines = 1000;               // output lines per daemon in a snapshot
        qint64 snapshotBytes = qint64(4) << 20; // output text in a snapshot, all daemons
    };

    // Follows `supervisor` (which must outlive the feed or be destroyed with it) from now on,
    // with a new random epoch and sequence number 1.
    explicit SupervisorFeed(Supervisor* supervisor, QObject* parent = nullptr);
    SupervisorFeed(Supervisor* supervisor, const Limits& limits, QObject* parent = nullptr);
    // Pending waits and stop-alls are dropped unanswered (their connections are closing too).
    ~SupervisorFeed() override;

    // The feed's identity: a random string that differs for every feed, so a client can tell
    // a restarted supervisor from the one it mirrored.
    QString epoch() const { return epoch_; }
    // The sequence number of the latest event (1 before any).
    quint64 seqno() const { return seqno_; }
    // The sequence number of the oldest event kept (seqno() + 1 when the ring is empty).
    quint64 oldestSeqno() const;
    // The number of events kept and the size of their serialized JSON.
    int eventCount() const { return int(events_.size()); }
    qint64 eventBytes() const { return bytes_; }
    // The number of daemon/wait requests waiting for a change.
    int waiterCount() const { return int(waiters_.size()); }

    // Turns the changes collected in this event-loop pass into events and answers the waits
    // they satisfy (also done from the event loop on its own).
    void flush();

    // The daemon/snapshot reply: {"epoch","seqno","daemons":[status + cpu_percent, rss_bytes,
    // definition (null when adopted), history, output (the last lines, within the bounds)]}.
    boost::json::object snapshot();

    // The daemon/wait reply for a client that has seen everything up to `seqno` of `epoch`:
    // {"epoch","seqno","events":[...]} with the events after it, {"epoch","seqno","reset":true}
    // when the epoch differs or events it has not seen were dropped, or std::nullopt when
    // there is nothing new yet.
    std::optional<boost::json::object> eventsAfter(quint64 seqno, const QString& epoch);

    // Answers `conn` with eventsAfter() at once when there is something, else once there is,
    // or after the wait timeout with an empty events list. Returns false and sets `*error` to
    // "too many waiting clients" when maxWaiters waits are already pending.
    bool wait(const vigil::unixctl_conn& conn, quint64 seqno, const QString& epoch, QString* error);

    // Calls the supervisor's stopAll() and replies "" to `conn` once allStopped() follows.
    void stopAll(const vigil::unixctl_conn& conn);

Q_SIGNALS:
    // Events were added to the ring (from flush()).
    void eventsAppended();

private:
    struct Event {
        quint64 seq;
        boost::json::object json;
        qint64 bytes;
    };
    struct Waiter {
        vigil::unixctl_conn conn;
        quint64 seqno;
        QString epoch;
        qint64 deadline; // on clock_
    };

    void follow();
    void push(boost::json::object event);
    void flushDaemon(const QString& name);
    void daemonChanged(const QString& name);
    void scheduleFlush();
    void answerWaiters();
    void armTimeout();
    void onTimeout();
    void onAllStopped();
    boost::json::object daemonEvent(const QString& name) const;
    boost::json::object reply() const;

    QPointer<Supervisor> supervisor_;
    Limits limits_;
    QString epoch_;
    quint64 seqno_ = 1;
    std::deque<Event> events_;
    qint64 bytes_ = 0;
    QStringList pending_; // daemons changed in this pass, in order of their first change
    std::vector<Waiter> waiters_;
    std::vector<vigil::unixctl_conn> stopAllWaiters_;
    QTimer* flushTimer_;
    QTimer* timeoutTimer_;
    QElapsedTimer clock_;
};

} // namespace vigil::ui
