#include "services/supervisor_json.h"

#include "services/control_text.h"

#include <QJsonArray>

namespace vigil::ui {

namespace {

boost::json::value isoTime(const QDateTime& t) {
    return t.isValid() ? jsonString(t.toString(Qt::ISODateWithMs)) : boost::json::value();
}

QDateTime timeFrom(const QJsonValue& v) {
    return v.isString() ? QDateTime::fromString(v.toString(), Qt::ISODateWithMs) : QDateTime();
}

} // namespace

boost::json::object daemonStatusJson(const DaemonStatus& d) {
    boost::json::object o;
    o["name"] = jsonString(d.name);
    o["state"] = jsonString(daemonStateName(d.state));
    o["desired"] = jsonString(desiredStateName(d.desired));
    o["pid"] = d.pid > 0 ? boost::json::value(d.pid) : boost::json::value();
    o["restarts"] = d.restarts;
    o["failures"] = d.failures;
    o["last_exit"] = jsonNullable(d.lastExit);
    o["reason"] = jsonString(d.reason);
    o["control_socket"] = jsonNullable(d.controlSocket);
    o["adopted"] = d.adopted;
    o["started_at"] = isoTime(d.startedAt);
    o["next_restart_at"] = isoTime(d.nextRestartAt);
    o["backoff_ms"] = d.backoffMs;
    return o;
}

boost::json::object historyEntryJson(const HistoryEntry& h) {
    return boost::json::object{{"time", isoTime(h.time)},
                               {"event", jsonString(historyEventName(h.event))},
                               {"detail", jsonString(h.detail)}};
}

boost::json::object logLineJson(const LogLine& l) {
    return boost::json::object{{"seq", static_cast<qint64>(l.seq)},
                               {"time", isoTime(l.time)},
                               {"stream", jsonString(logStreamName(l.isStderr))},
                               {"truncated", l.truncated},
                               {"text", jsonString(l.text)}};
}

boost::json::value boostJson(const QJsonValue& value) {
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double: {
        // Integers stay integers, so that the definition's millisecond fields read back as
        // such.
        const double d = value.toDouble();
        if (d == static_cast<double>(value.toInteger())) {
            return value.toInteger();
        }
        return d;
    }
    case QJsonValue::String:
        return jsonString(value.toString());
    case QJsonValue::Array: {
        boost::json::array a;
        for (const QJsonValue& v : value.toArray()) {
            a.push_back(boostJson(v));
        }
        return a;
    }
    case QJsonValue::Object: {
        boost::json::object o;
        const QJsonObject obj = value.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            o[it.key().toStdString()] = boostJson(it.value());
        }
        return o;
    }
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return nullptr;
}

std::optional<DaemonStatus> daemonStatusFromJson(const QJsonObject& json) {
    DaemonStatus d;
    d.name = json.value(QLatin1String("name")).toString();
    const std::optional<DaemonState> state =
        daemonStateFromName(json.value(QLatin1String("state")).toString());
    const std::optional<DesiredState> desired =
        desiredStateFromName(json.value(QLatin1String("desired")).toString());
    if (d.name.isEmpty() || !state || !desired) {
        return std::nullopt;
    }
    d.state = *state;
    d.desired = *desired;
    d.pid = json.value(QLatin1String("pid")).toInteger(0);
    d.restarts = json.value(QLatin1String("restarts")).toInt();
    d.failures = json.value(QLatin1String("failures")).toInt();
    d.lastExit = json.value(QLatin1String("last_exit")).toString();
    d.reason = json.value(QLatin1String("reason")).toString();
    d.controlSocket = json.value(QLatin1String("control_socket")).toString();
    d.adopted = json.value(QLatin1String("adopted")).toBool();
    d.startedAt = timeFrom(json.value(QLatin1String("started_at")));
    d.nextRestartAt = timeFrom(json.value(QLatin1String("next_restart_at")));
    d.backoffMs = json.value(QLatin1String("backoff_ms")).toInt();
    d.cpuPercent = json.value(QLatin1String("cpu_percent")).toDouble(-1);
    d.rssBytes = json.value(QLatin1String("rss_bytes")).toInteger(-1);
    return d;
}

std::optional<HistoryEntry> historyEntryFromJson(const QJsonObject& json) {
    HistoryEntry h;
    h.time = timeFrom(json.value(QLatin1String("time")));
    const std::optional<HistoryEvent> event =
        historyEventFromName(json.value(QLatin1String("event")).toString());
    if (!h.time.isValid() || !event) {
        return std::nullopt;
    }
    h.event = *event;
    h.detail = json.value(QLatin1String("detail")).toString();
    return h;
}

std::optional<LogLine> logLineFromJson(const QJsonObject& json) {
    LogLine l;
    const QJsonValue seq = json.value(QLatin1String("seq"));
    l.time = timeFrom(json.value(QLatin1String("time")));
    if (!seq.isDouble() || !l.time.isValid()) {
        return std::nullopt;
    }
    l.seq = static_cast<quint64>(seq.toInteger());
    l.isStderr = json.value(QLatin1String("stream")).toString() == QLatin1String("stderr");
    l.truncated = json.value(QLatin1String("truncated")).toBool();
    l.text = json.value(QLatin1String("text")).toString();
    return l;
}

} // namespace vigil::ui
