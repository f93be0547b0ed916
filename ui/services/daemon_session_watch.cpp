#include "services/daemon_session_watch.h"

#include "services/unixctl_call.h"

#include "vigil/unixctl_client.h"

#include <QFileInfo>
#include <QTimer>
#include <boost/json.hpp>
#include <cerrno>

namespace vigil::ui {

namespace {

constexpr long long showTimeoutMs = 5000;

// The text of a plain reply: a JSON-format connection wraps it as {"reply-format": "plain",
// "reply": TEXT}; a text-format one sends the string itself.
QString plainText(const boost::json::value& v) {
    if (const boost::json::object* o = v.if_object()) {
        if (const boost::json::value* reply = o->if_contains("reply");
            reply && reply->is_string()) {
            return QString::fromUtf8(reply->get_string().data(),
                                     qsizetype(reply->get_string().size()));
        }
    }
    if (v.is_string()) {
        return QString::fromUtf8(v.get_string().data(), qsizetype(v.get_string().size()));
    }
    return QString();
}

// Reads the sessions of a sessions/show reply, an array of vigil::to_json() objects. Returns
// false and sets `*error` (leaving `out` alone) when the reply is anything else.
bool readSessionArray(const boost::json::value& reply, const QString& source, const QDateTime& when,
                      QList<SessionInfo>& out, QString* error) {
    const boost::json::array* array = reply.if_array();
    if (!array) {
        *error = QStringLiteral("sessions/show: not a JSON array");
        return false;
    }
    QList<SessionInfo> list;
    list.reserve(qsizetype(array->size()));
    for (const boost::json::value& v : *array) {
        SessionInfo info;
        std::string why;
        if (!vigil::from_json(v, info.stats, &why)) {
            *error = QStringLiteral("sessions/show: %1").arg(QString::fromStdString(why));
            return false;
        }
        info.source = source;
        info.name = QString::fromStdString(info.stats.name);
        info.snapshotTime = when;
        list << std::move(info);
    }
    out = std::move(list);
    return true;
}

// Reads a sessions/show reply into `out`, as readSessionArray() does. A daemon that refused
// `--format json` replies with the same JSON as text: that is parsed here, once.
bool readSessions(const boost::json::value& reply, const QString& source, const QDateTime& when,
                  QList<SessionInfo>& out, QString* error) {
    if (!reply.is_string()) {
        return readSessionArray(reply, source, when, out, error);
    }
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(reply.get_string(), ec);
    if (ec) {
        *error = QStringLiteral("sessions/show: not JSON (%1)")
                     .arg(QString::fromStdString(ec.message()));
        return false;
    }
    return readSessionArray(parsed, source, when, out, error);
}

// Opens a connection to `socketPath` and switches it to JSON output. Returns null and sets
// `*error` when it cannot connect.
std::unique_ptr<vigil::unixctl_client> openJson(const QString& socketPath, QString* error) {
    std::unique_ptr<vigil::unixctl_client> client;
    // A missing socket (a daemon still starting) is common: answer it without the client's
    // connection warning in the log.
    const int e = QFileInfo::exists(socketPath)
                      ? vigil::unixctl_client::create(socketPath.toStdString(), client)
                      : ENOENT;
    if (e) {
        *error = QStringLiteral("cannot connect to %1: %2").arg(socketPath, unixctlErrorText(e));
        return nullptr;
    }
    // An error reply (a daemon without JSON output) is fine: its replies then come as text.
    client->transact_async(
        "set-options", {"--format", "json"}, [](int, const vigil::unixctl_reply&) {},
        showTimeoutMs);
    return client;
}

} // namespace

DaemonSessionWatch::DaemonSessionWatch(const QString& target, const QString& socketPath,
                                       QObject* parent)
    : QObject(parent), target_(target), socketPath_(socketPath) {}

DaemonSessionWatch::~DaemonSessionWatch() = default;

void DaemonSessionWatch::start() {
    QString error;
    client_ = openJson(socketPath_, &error);
    if (!client_) {
        // Never report from inside the call: the owner may not be ready for it.
        QTimer::singleShot(0, this, [this, error] { fail(error); });
        return;
    }
    show(*client_);
    wait();
}

void DaemonSessionWatch::fail(const QString& error) {
    if (failed_) {
        return;
    }
    failed_ = true;
    sessions_.clear();
    // Destroying a client from inside its own callback is allowed.
    client_.reset();
    refresh_.reset();
    Q_EMIT failed(error);
}

void DaemonSessionWatch::show(vigil::unixctl_client& client) {
    const bool viaRefresh = &client == refresh_.get();
    client.transact_async(
        "sessions/show", {},
        [this, viaRefresh](int err, const vigil::unixctl_reply& reply) {
            if (viaRefresh) {
                refreshing_ = false;
            }
            if (err) {
                const QString error = QStringLiteral("%1: %2").arg(
                    socketPath_, err == ETIMEDOUT
                                     ? QStringLiteral("no reply within %1 ms").arg(showTimeoutMs)
                                     : unixctlErrorText(err));
                if (viaRefresh) {
                    refresh_.reset(); // the next refresh opens a new one
                    Q_EMIT replyError(error);
                } else {
                    fail(error);
                }
                return;
            }
            if (reply.is_error) {
                Q_EMIT replyError(
                    QStringLiteral("sessions/show: %1").arg(plainText(reply.value).trimmed()));
                return;
            }
            QString error;
            if (!readSessions(reply.value, target_, QDateTime::currentDateTimeUtc(), sessions_,
                              &error)) {
                Q_EMIT replyError(error);
                return;
            }
            Q_EMIT sessionsChanged();
        },
        showTimeoutMs);
}

void DaemonSessionWatch::wait() {
    // A deferred reply: answered whenever something changes, so no timeout.
    client_->transact_async(
        "sessions/wait", {waitSeqno_.toStdString()},
        [this](int err, const vigil::unixctl_reply& reply) {
            if (err) {
                fail(QStringLiteral("%1: %2").arg(socketPath_, unixctlErrorText(err)));
                return;
            }
            if (reply.is_error) {
                fail(QStringLiteral("sessions/wait: %1").arg(plainText(reply.value).trimmed()));
                return;
            }
            waitSeqno_ = plainText(reply.value).trimmed();
            show(*client_);
            wait();
        });
}

void DaemonSessionWatch::refresh() {
    if (failed_ || refreshing_) {
        return;
    }
    if (!refresh_) {
        QString error;
        refresh_ = openJson(socketPath_, &error);
        if (!refresh_) {
            Q_EMIT replyError(error);
            return;
        }
    }
    refreshing_ = true;
    show(*refresh_);
}

void DaemonSessionWatch::stopRefreshing() {
    refresh_.reset();
    refreshing_ = false;
}

} // namespace vigil::ui
