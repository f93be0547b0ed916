#include "services/unixctl_call.h"

#include "vigil/errors.h"
#include "vigil/unixctl_client.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <boost/json/value.hpp>
#include <cerrno>
#include <limits>
#include <memory>
#include <optional>

namespace vigil::ui {

namespace {

// Converts a Boost.JSON value to Qt's by walking it (no serialization round trip). Integers
// beyond what a double holds exactly lose precision, as they would in QJsonDocument.
QJsonValue toQJson(const boost::json::value& value) {
    switch (value.kind()) {
    case boost::json::kind::null:
        return QJsonValue(QJsonValue::Null);
    case boost::json::kind::bool_:
        return value.get_bool();
    case boost::json::kind::int64:
        return qint64(value.get_int64());
    case boost::json::kind::uint64:
        return value.get_uint64() <= quint64(std::numeric_limits<qint64>::max())
                   ? QJsonValue(qint64(value.get_uint64()))
                   : QJsonValue(double(value.get_uint64()));
    case boost::json::kind::double_:
        return value.get_double();
    case boost::json::kind::string: {
        const boost::json::string& str = value.get_string();
        return QString::fromUtf8(str.data(), qsizetype(str.size()));
    }
    case boost::json::kind::array: {
        QJsonArray array;
        for (const boost::json::value& v : value.get_array()) {
            array.append(toQJson(v));
        }
        return array;
    }
    case boost::json::kind::object: {
        QJsonObject object;
        for (const auto& member : value.get_object()) {
            object.insert(QString::fromUtf8(member.key().data(), qsizetype(member.key().size())),
                          toQJson(member.value()));
        }
        return object;
    }
    }
    return QJsonValue();
}

// Text for people: strings as they are, anything else as indented JSON.
QString toText(const QJsonValue& value) {
    if (value.isString()) {
        return value.toString();
    }
    if (value.isObject()) {
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented));
    }
    if (value.isArray()) {
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented));
    }
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

struct CallState {
    std::unique_ptr<vigil::unixctl_client> client;
    QPointer<QObject> context;
    std::function<void(const UnixctlResult&)> done;
    QElapsedTimer elapsed;
    QMetaObject::Connection contextGone;
    bool jsonAccepted = false;
    bool jsonUnsupported = false;
};

// OVS (3.4 and later) and Vigil wrap a text reply on a JSON connection as
// {"reply-format": "plain", "reply": TEXT}; returns TEXT for such a value, nothing otherwise.
std::optional<QString> plainReply(const QJsonValue& value) {
    if (!value.isObject()) {
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    if (o.size() == 2 &&
        o.value(QLatin1String("reply-format")).toString() == QLatin1String("plain") &&
        o.value(QLatin1String("reply")).isString()) {
        return o.value(QLatin1String("reply")).toString();
    }
    return std::nullopt;
}

void finish(const std::shared_ptr<CallState>& state, UnixctlResult result) {
    result.durationMs = state->elapsed.elapsed();
    result.jsonUnsupported = result.jsonUnsupported || state->jsonUnsupported;
    result.jsonAccepted = state->jsonAccepted;
    QObject::disconnect(state->contextGone);
    auto done = std::move(state->done);
    // Destroying the client from its own callback is allowed; do it before calling out so that
    // the callback may start new calls freely.
    state->client.reset();
    if (state->context && done) {
        done(result);
    }
}

} // namespace

QString unixctlErrorText(int error) {
    return QString::fromStdString(vigil::error_text(error));
}

void unixctlCall(QObject* context, const QString& socketPath, const QString& command,
                 const QStringList& arguments, const UnixctlCallOptions& options,
                 std::function<void(const UnixctlResult&)> done) {
    auto state = std::make_shared<CallState>();
    state->context = context;
    state->done = std::move(done);
    state->elapsed.start();

    // A missing socket (a daemon still starting) is common: answer it without the client's
    // connection warning in the log.
    // An exec: stream (a relay over ssh) has no file to look for.
    const bool isExec = socketPath.startsWith(QLatin1String("exec:"));
    int error = isExec || QFileInfo::exists(socketPath)
                    ? vigil::unixctl_client::create(socketPath.toStdString(), state->client)
                    : ENOENT;
    if (error) {
        UnixctlResult result;
        result.transportError = true;
        result.error =
            QStringLiteral("cannot connect to %1: %2").arg(socketPath, unixctlErrorText(error));
        // Never answer from inside the call: callers may not be ready for it.
        QTimer::singleShot(0, context, [state, result] { finish(state, result); });
        return;
    }
    // A destroyed context cancels the call (the client drops its callbacks unanswered).
    state->contextGone = QObject::connect(context, &QObject::destroyed, [state] {
        state->client.reset();
        state->done = nullptr;
    });

    const long long timeout = options.timeoutMs;
    if (options.json) {
        // Same connection, before the command: the format is a per-connection option.
        state->client->transact_async(
            "set-options", {"--format", "json"},
            [state](int err, const vigil::unixctl_reply& reply) {
                if (!err) {
                    (reply.is_error ? state->jsonUnsupported : state->jsonAccepted) = true;
                }
            },
            timeout);
    }
    std::vector<std::string> args;
    args.reserve(arguments.size());
    for (const QString& a : arguments) {
        args.push_back(a.toStdString());
    }
    const QString socket = socketPath;
    state->client->transact_async(
        command.toStdString(), args,
        [state, socket, timeout](int err, const vigil::unixctl_reply& reply) {
            UnixctlResult result;
            if (err) {
                result.transportError = true;
                if (err == ETIMEDOUT) {
                    result.error = QStringLiteral("no reply within %1 ms").arg(timeout);
                } else {
                    result.error = QStringLiteral("%1: %2").arg(socket, unixctlErrorText(err));
                }
            } else {
                result.json = toQJson(reply.value);
                result.ok = !reply.is_error;
                if (std::optional<QString> plain = plainReply(result.json)) {
                    result.json = *plain;
                }
                if (result.ok) {
                    result.isJson = !result.json.isString();
                    result.text = toText(result.json);
                } else {
                    result.error = toText(result.json);
                    while (result.error.endsWith(QLatin1Char('\n'))) {
                        result.error.chop(1);
                    }
                }
            }
            finish(state, result);
        },
        timeout);
}

} // namespace vigil::ui
