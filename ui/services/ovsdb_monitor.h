// An RFC 7047 OVSDB client that keeps a live copy of some columns of some tables: a
// reconnecting vigil::jsonrpc_session (run by a poll_owner in the thread's runtime loop) that
// sends `monitor` on every new connection, takes the reply as a fresh initial state and applies
// the server's pushed `update` notifications (insert, modify, delete) to rows keyed by uuid.
// Nothing is polled. Echo requests are answered by the session; any other request gets an
// error reply, other notifications are ignored. What it keeps is bounded (rows and bytes, and
// the session's maximum message size closes a connection whose message is too large); after
// a disconnect the last rows stay, and isLive() says they may be out of date.
#pragma once

#include "services/ovsdb_value.h"

#include "vigil/session_stats.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QStringList>
#include <boost/json/value.hpp>
#include <cstddef>
#include <memory>

namespace vigil {
class jsonrpc_session;
class poll_owner;
struct jsonrpc_msg;
} // namespace vigil

namespace vigil::ui {

class OvsdbMonitor : public QObject {
    Q_OBJECT
public:
    // Where the monitor is.
    enum class Phase {
        Connecting, // no connection (yet, or again)
        Requested,  // connected, the monitor request is waiting for its initial state
        Monitoring, // the rows are the server's, kept current by its updates
        Refused,    // the server answered the monitor request with an error
    };

    static constexpr qsizetype defaultMaxRows = 10000;
    static constexpr qsizetype defaultMaxBytes = 16 * 1024 * 1024;
    static constexpr std::size_t defaultMaxMessageSize = 8 * 1024 * 1024;

    // A monitor of `tables` (table -> columns) of `database` at `remote` ("unix:PATH",
    // "tcp:IP:PORT"); nothing is opened before start().
    OvsdbMonitor(const QString& remote, const QString& database,
                 const QHash<QString, QStringList>& tables, QObject* parent = nullptr);
    ~OvsdbMonitor() override;

    // Bounds what is kept: at most `maxRows` rows and about `maxBytes` bytes over all tables
    // (rows past them are dropped and truncated() turns true), and messages of at most
    // `maxMessageSize` bytes (a larger one closes the connection). Call before start().
    void setLimits(qsizetype maxRows, qsizetype maxBytes, std::size_t maxMessageSize);
    // Sets the session's backoff ceiling (ms) and, for tcp: and ssl: remotes, its probe interval
    // (ms, 0 = never). Takes effect at once when started.
    void setReconnect(int maxBackoffMs, int probeIntervalMs);
    // Opens the reconnecting session. Never fails: an unreachable server shows in phase(),
    // problem() and sessionStats().
    void start();

    const QString& remote() const { return remote_; }
    const QString& database() const { return database_; }
    Phase phase() const { return phase_; }
    // True while connected and the rows are the server's current ones.
    bool isLive() const { return phase_ == Phase::Monitoring; }
    // Why the rows are not live ("cannot reach unix:/x/db.sock: Connection refused", "monitor
    // refused: ..."), or a note about the rows when they are (truncation); empty when all is
    // well.
    QString problem() const;
    // True once a bound dropped rows since the last initial state.
    bool truncated() const { return truncated_; }
    // The session's statistics (state, attempts, last error, ...); a VOID record before start().
    vigil::session_stats sessionStats() const;
    // The rows of `table` by uuid: the server's current ones while live, the last known ones
    // otherwise (empty before the first initial state).
    const QHash<QString, OvsdbRow>& rows(const QString& table) const;
    // The number of rows kept over all tables.
    qsizetype rowCount() const;
    // When the last initial state or update was applied; invalid before the first.
    QDateTime lastUpdate() const { return lastUpdate_; }
    // How many malformed messages the server sent; each one restarts the monitor on a new
    // connection, and problem() describes the last until the next initial state arrives.
    int protocolErrors() const { return protocolErrors_; }

Q_SIGNALS:
    // Rows were inserted, changed or deleted, or replaced by a new initial state.
    void rowsChanged();
    // phase(), problem() or the session's state, connection or seqno changed.
    void stateChanged();

private:
    void runOnce();
    void applyReconnect();
    void sendMonitor();
    void handle(std::unique_ptr<vigil::jsonrpc_msg> msg, bool* rowsTouched);
    // Applies table-updates; returns false and sets `*error` when they are malformed (nothing
    // is applied then).
    bool apply(const boost::json::value& updates, bool initial, QString* error);
    void protocolError(const QString& error);
    QString signature() const;

    QString remote_;
    QString database_;
    QHash<QString, QStringList> tables_;
    qsizetype maxRows_ = defaultMaxRows;
    qsizetype maxBytes_ = defaultMaxBytes;
    std::size_t maxMessageSize_ = defaultMaxMessageSize;
    int maxBackoffMs_ = 8000;
    int probeIntervalMs_ = 5000;

    std::unique_ptr<vigil::jsonrpc_session> session_;
    std::unique_ptr<vigil::poll_owner> owner_;
    unsigned seenSeqno_ = 0;
    boost::json::value requestId_; // the outstanding monitor request's id, null when none
    Phase phase_ = Phase::Connecting;
    QString refusal_;      // the server's error for Refused
    QString lastProtocol_; // the last unusable message, until the next good one
    int protocolErrors_ = 0;
    bool truncated_ = false;
    QHash<QString, QHash<QString, OvsdbRow>> rows_;
    qsizetype bytes_ = 0;
    QDateTime lastUpdate_;
    QString lastSignature_;
};

// Returns "connecting", "requested", "monitoring" or "refused".
QString ovsdbMonitorPhaseName(OvsdbMonitor::Phase phase);

} // namespace vigil::ui
