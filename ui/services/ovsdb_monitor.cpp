#include "services/ovsdb_monitor.h"

#include "vigil/jsonrpc_msg.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"

#include <boost/json.hpp>

namespace vigil::ui {

namespace {

// Messages handled per run, so one chatty server cannot hold the loop (the rest wait for the
// next iteration, which recv_wait() asks for at once).
constexpr int messagesPerRun = 50;

// The monitor id every request uses: one monitor per connection, so one id suffices.
constexpr std::string_view monitorId = "vigil-sessions";

const QHash<QString, OvsdbRow> noRows;

QString jsonText(const boost::json::value& v) {
    if (v.is_string()) {
        return QString::fromUtf8(v.get_string().data(), qsizetype(v.get_string().size()));
    }
    const std::string s = boost::json::serialize(v);
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// An OVSDB error object ({"error": "...", "details": "..."}) as one line.
QString errorText(const boost::json::value& error) {
    const boost::json::object* o = error.if_object();
    if (!o) {
        return jsonText(error);
    }
    QString text;
    if (const boost::json::value* e = o->if_contains("error")) {
        text = jsonText(*e);
    }
    if (const boost::json::value* d = o->if_contains("details"); d && !d->is_null()) {
        text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + jsonText(*d);
    }
    return text.isEmpty() ? jsonText(error) : text;
}

qsizetype rowBytes(const QHash<QString, OvsdbDatum>& columns) {
    qsizetype n = 64;
    for (auto it = columns.cbegin(); it != columns.cend(); ++it) {
        n += it.key().size() * 2 + it.value().byteSize();
    }
    return n;
}

// One row change of a table-updates object, decoded before anything is applied.
struct RowChange {
    QString table;
    QString uuid;
    bool remove = false;
    QHash<QString, OvsdbDatum> columns; // the "new" values
};

} // namespace

QString ovsdbMonitorPhaseName(OvsdbMonitor::Phase phase) {
    switch (phase) {
    case OvsdbMonitor::Phase::Connecting:
        return QStringLiteral("connecting");
    case OvsdbMonitor::Phase::Requested:
        return QStringLiteral("requested");
    case OvsdbMonitor::Phase::Monitoring:
        return QStringLiteral("monitoring");
    case OvsdbMonitor::Phase::Refused:
        return QStringLiteral("refused");
    }
    return QString();
}

OvsdbMonitor::OvsdbMonitor(const QString& remote, const QString& database,
                           const QHash<QString, QStringList>& tables, QObject* parent)
    : QObject(parent), remote_(remote), database_(database), tables_(tables) {}

OvsdbMonitor::~OvsdbMonitor() {
    owner_.reset(); // before the session it runs
}

void OvsdbMonitor::setLimits(qsizetype maxRows, qsizetype maxBytes, std::size_t maxMessageSize) {
    maxRows_ = maxRows;
    maxBytes_ = maxBytes;
    maxMessageSize_ = maxMessageSize;
}

void OvsdbMonitor::setReconnect(int maxBackoffMs, int probeIntervalMs) {
    maxBackoffMs_ = maxBackoffMs;
    probeIntervalMs_ = probeIntervalMs;
    if (session_) {
        applyReconnect();
    }
}

void OvsdbMonitor::applyReconnect() {
    session_->set_max_backoff(maxBackoffMs_);
    // Probes only where a peer can vanish silently; a unix socket reports a dead server.
    if (remote_.startsWith(QLatin1String("tcp:")) || remote_.startsWith(QLatin1String("ssl:"))) {
        session_->set_probe_interval(probeIntervalMs_);
    }
}

void OvsdbMonitor::start() {
    if (session_) {
        return;
    }
    session_ = vigil::jsonrpc_session::open(remote_.toStdString(), true);
    session_->set_max_message_size(maxMessageSize_);
    applyReconnect();
    owner_ = std::make_unique<vigil::poll_owner>([this] { runOnce(); });
    owner_->schedule();
}

void OvsdbMonitor::runOnce() {
    vigil::jsonrpc_session& s = *session_;
    s.run();
    bool rowsTouched = false;
    if (s.seqno() != seenSeqno_) {
        seenSeqno_ = s.seqno();
        requestId_ = nullptr;
        phase_ = Phase::Connecting;
        refusal_.clear();
        if (s.is_connected()) {
            sendMonitor();
        }
    }
    for (int i = 0; i < messagesPerRun; i++) {
        std::unique_ptr<vigil::jsonrpc_msg> msg = s.recv();
        if (!msg) {
            break;
        }
        handle(std::move(msg), &rowsTouched);
    }
    s.wait();
    s.recv_wait();
    const QString now = signature();
    const bool stateMoved = now != lastSignature_;
    lastSignature_ = now;
    // Signals last: a receiver may do anything, even destroy this monitor.
    if (rowsTouched && stateMoved) {
        Q_EMIT rowsChanged();
        Q_EMIT stateChanged();
    } else if (rowsTouched) {
        Q_EMIT rowsChanged();
    } else if (stateMoved) {
        Q_EMIT stateChanged();
    }
}

void OvsdbMonitor::sendMonitor() {
    boost::json::object requests;
    for (auto it = tables_.cbegin(); it != tables_.cend(); ++it) {
        boost::json::array columns;
        for (const QString& c : it.value()) {
            columns.emplace_back(c.toStdString());
        }
        requests[it.key().toStdString()] = boost::json::object{{"columns", std::move(columns)}};
    }
    boost::json::array params{boost::json::value(database_.toStdString()),
                              boost::json::value(monitorId), std::move(requests)};
    boost::json::value id;
    auto msg = vigil::jsonrpc_msg::create_request("monitor", std::move(params), &id);
    if (session_->send(std::move(msg)) == 0) {
        requestId_ = std::move(id);
        phase_ = Phase::Requested;
    }
}

void OvsdbMonitor::handle(std::unique_ptr<vigil::jsonrpc_msg> msg, bool* rowsTouched) {
    using vigil::jsonrpc_msg_type;
    switch (msg->type) {
    case jsonrpc_msg_type::reply:
    case jsonrpc_msg_type::error: {
        if (requestId_.is_null() || msg->id != requestId_) {
            return; // not ours (a late reply of an earlier connection cannot reach this one)
        }
        requestId_ = nullptr;
        if (msg->type == jsonrpc_msg_type::error) {
            phase_ = Phase::Refused;
            refusal_ = errorText(msg->error);
            return;
        }
        QString error;
        if (!apply(msg->result, true, &error)) {
            protocolError(QStringLiteral("the monitor's initial state: ") + error);
            return;
        }
        phase_ = Phase::Monitoring;
        *rowsTouched = true;
        return;
    }
    case jsonrpc_msg_type::request:
        // The session answered echo itself; OVSDB servers send no other requests, so whatever
        // this is gets an error rather than a silent wait on our side.
        session_->send(vigil::jsonrpc_msg::create_error(boost::json::value("unknown method"),
                                                        std::move(msg->id)));
        return;
    case jsonrpc_msg_type::notify:
        break;
    }
    if (msg->method != "update") {
        return; // "locked", "stolen", ...: nothing this monitor asked for
    }
    const boost::json::array* params = msg->params.if_array();
    if (!params || params->size() != 2) {
        protocolError(QStringLiteral("an update without [monitor-id, table-updates]"));
        return;
    }
    const boost::json::value& id = (*params)[0];
    if (!id.is_string() || id.get_string() != monitorId) {
        return; // another client's monitor id on a shared connection cannot happen; ignore it
    }
    if (phase_ != Phase::Monitoring) {
        return; // before the initial state (the server sends that first) or after a refusal
    }
    QString error;
    if (!apply((*params)[1], false, &error)) {
        protocolError(QStringLiteral("an update: ") + error);
        return;
    }
    *rowsTouched = true;
}

bool OvsdbMonitor::apply(const boost::json::value& updates, bool initial, QString* error) {
    const boost::json::object* tables = updates.if_object();
    if (!tables) {
        *error = QStringLiteral("table-updates is not an object");
        return false;
    }
    QList<RowChange> changes;
    for (const auto& t : *tables) {
        const QString table = QString::fromUtf8(t.key().data(), qsizetype(t.key().size()));
        if (!tables_.contains(table)) {
            continue; // not asked for; a server may not send it, but it harms nothing
        }
        const boost::json::object* rows = t.value().if_object();
        if (!rows) {
            *error = QStringLiteral("table %1: not an object").arg(table);
            return false;
        }
        for (const auto& r : *rows) {
            RowChange change;
            change.table = table;
            change.uuid = QString::fromUtf8(r.key().data(), qsizetype(r.key().size()));
            const boost::json::object* update = r.value().if_object();
            if (!update) {
                *error = QStringLiteral("%1 row %2: not an object").arg(table, change.uuid);
                return false;
            }
            const boost::json::value* newRow = update->if_contains("new");
            if (!newRow || newRow->is_null()) {
                if (!update->contains("old")) {
                    *error = QStringLiteral("%1 row %2: neither \"old\" nor \"new\"")
                                 .arg(table, change.uuid);
                    return false;
                }
                change.remove = true;
            } else {
                std::optional<QHash<QString, OvsdbDatum>> columns = decodeOvsdbRow(*newRow, error);
                if (!columns) {
                    *error = QStringLiteral("%1 row %2: %3").arg(table, change.uuid, *error);
                    return false;
                }
                change.columns = std::move(*columns);
            }
            changes << std::move(change);
        }
    }

    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (initial) {
        rows_.clear();
        bytes_ = 0;
        truncated_ = false;
        lastProtocol_.clear();
    }
    for (RowChange& change : changes) {
        QHash<QString, OvsdbRow>& table = rows_[change.table];
        auto it = table.find(change.uuid);
        if (change.remove) {
            if (it != table.end()) {
                bytes_ -= rowBytes(it->columns);
                table.erase(it);
            }
            continue;
        }
        if (it == table.end()) {
            const qsizetype size = rowBytes(change.columns);
            if (rowCount() >= maxRows_ || bytes_ + size > maxBytes_) {
                truncated_ = true;
                continue;
            }
            bytes_ += size;
            table.insert(change.uuid, OvsdbRow{std::move(change.columns), now});
            continue;
        }
        // A modify's "new" carries every monitored column, but merging keeps a server that
        // sends only the changed ones right too.
        bytes_ -= rowBytes(it->columns);
        for (auto c = change.columns.begin(); c != change.columns.end(); ++c) {
            it->columns.insert(c.key(), std::move(c.value()));
        }
        it->updated = now;
        bytes_ += rowBytes(it->columns);
    }
    lastUpdate_ = now;
    if (!initial) {
        lastProtocol_.clear();
    }
    return true;
}

void OvsdbMonitor::protocolError(const QString& error) {
    protocolErrors_++;
    lastProtocol_ = error;
    // The rows may now differ from the server's: start over with a fresh initial state (the
    // session's backoff keeps a server that always sends garbage from looping fast).
    phase_ = Phase::Connecting;
    requestId_ = nullptr;
    session_->force_reconnect();
    owner_->schedule();
}

QString OvsdbMonitor::problem() const {
    const vigil::session_stats s = sessionStats();
    if (!lastProtocol_.isEmpty() && phase_ != Phase::Monitoring) {
        return QStringLiteral("%1 sent a malformed message (%2)").arg(remote_, lastProtocol_);
    }
    switch (phase_) {
    case Phase::Connecting:
        if (!session_) {
            return QStringLiteral("not started");
        }
        if (!s.last_error.empty()) {
            return QStringLiteral("cannot reach the database at %1: %2")
                .arg(remote_, QString::fromStdString(s.last_error));
        }
        return QStringLiteral("connecting to the database at %1").arg(remote_);
    case Phase::Requested:
        return QStringLiteral("waiting for %1's initial state").arg(remote_);
    case Phase::Refused:
        return QStringLiteral("%1 refused to monitor %2: %3").arg(remote_, database_, refusal_);
    case Phase::Monitoring:
        break;
    }
    if (truncated_) {
        return QStringLiteral("more rows than the monitor keeps (%1 rows, %2 bytes); some are "
                              "not shown")
            .arg(maxRows_)
            .arg(maxBytes_);
    }
    return QString();
}

vigil::session_stats OvsdbMonitor::sessionStats() const {
    if (!session_) {
        vigil::session_stats s;
        s.name = remote_.toStdString();
        return s;
    }
    return session_->stats();
}

const QHash<QString, OvsdbRow>& OvsdbMonitor::rows(const QString& table) const {
    const auto it = rows_.constFind(table);
    return it == rows_.cend() ? noRows : *it;
}

qsizetype OvsdbMonitor::rowCount() const {
    qsizetype n = 0;
    for (const auto& table : rows_) {
        n += table.size();
    }
    return n;
}

QString OvsdbMonitor::signature() const {
    const vigil::session_stats s = sessionStats();
    return QStringLiteral("%1 %2 %3 %4 %5")
        .arg(int(phase_))
        .arg(int(s.state))
        .arg(s.connected)
        .arg(s.seqno)
        .arg(problem());
}

} // namespace vigil::ui
