#include "services/supervisor_journal_record.h"

#include <QJsonArray>
#include <QJsonValue>
#include <limits>
#include <utility>

namespace vigil::ui {

namespace {

// Numbers in the journal are written by this code and stay within what a double holds exactly.
constexpr double maxExactInteger = double(qint64(1) << 53);

QJsonValue timeToJson(const QDateTime& time) {
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// Reads the members of one JSON object, remembering the first problem; members that are absent
// or null leave the output at its default.
class Reader {
public:
    explicit Reader(const QJsonObject& json, QString prefix = {})
        : json_(json), prefix_(std::move(prefix)) {}

    void string(const char* key, QString& out) {
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            return;
        }
        if (!v.isString()) {
            fail(key, "a string");
            return;
        }
        out = v.toString();
    }

    template <typename Int> void integer(const char* key, Int& out) {
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            return;
        }
        if (!isInteger(v) || v.toDouble() < double(std::numeric_limits<Int>::min()) ||
            v.toDouble() > double(std::numeric_limits<Int>::max())) {
            fail(key, "an integer");
            return;
        }
        out = Int(v.toInteger());
    }

    void boolean(const char* key, bool& out) {
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            return;
        }
        if (!v.isBool()) {
            fail(key, "true or false");
            return;
        }
        out = v.toBool();
    }

    void time(const char* key, QDateTime& out) {
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            return;
        }
        QDateTime parsed;
        if (v.isString()) {
            parsed = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
        }
        if (!parsed.isValid()) {
            fail(key, "an ISO 8601 time or null");
            return;
        }
        out = parsed;
    }

    void integerList(const char* key, QList<qint64>& out) {
        const QJsonValue v = value(key);
        if (v.isUndefined()) {
            return;
        }
        if (!v.isArray()) {
            fail(key, "an array of integers");
            return;
        }
        QList<qint64> list;
        for (const QJsonValue& item : v.toArray()) {
            if (!isInteger(item)) {
                fail(key, "an array of integers");
                return;
            }
            list << item.toInteger();
        }
        out = list;
    }

    // Returns the member as an object (empty when absent), or fails when it is something else.
    QJsonObject object(const char* key) {
        const QJsonValue v = value(key);
        if (!v.isUndefined() && !v.isObject()) {
            fail(key, "an object or null");
        }
        return v.toObject();
    }

    bool has(const char* key) const { return !value(key).isUndefined(); }

    void fail(const char* key, const char* expected) {
        failWith(QStringLiteral("\"%1%2\" must be %3")
                     .arg(prefix_, QLatin1String(key), QLatin1String(expected)));
    }

    void failWith(const QString& message) {
        if (error_.isEmpty()) {
            error_ = message;
        }
    }

    const QString& error() const { return error_; }

private:
    // Null reads as absent, so "no value" has one meaning whichever way it was written.
    QJsonValue value(const char* key) const {
        const QJsonValue v = json_.value(QLatin1String(key));
        return v.isNull() ? QJsonValue(QJsonValue::Undefined) : v;
    }

    static bool isInteger(const QJsonValue& v) {
        return v.isDouble() && v.toDouble() == double(v.toInteger()) &&
               qAbs(v.toDouble()) <= maxExactInteger;
    }

    const QJsonObject& json_;
    QString prefix_;
    QString error_;
};

bool sameHistory(const QList<HistoryEntry>& a, const QList<HistoryEntry>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].time != b[i].time || a[i].event != b[i].event || a[i].detail != b[i].detail) {
            return false;
        }
    }
    return true;
}

} // namespace

bool operator==(const JournalDaemon& a, const JournalDaemon& b) {
    return a.name == b.name && a.process == b.process && a.pgid == b.pgid &&
           a.startedAt == b.startedAt && a.controlSocket == b.controlSocket &&
           a.stdoutOffset == b.stdoutOffset && a.stderrOffset == b.stderrOffset &&
           a.state == b.state && a.desired == b.desired && a.reason == b.reason &&
           a.lastExit == b.lastExit && a.restarts == b.restarts &&
           a.failureTimes == b.failureTimes && a.backoffLevel == b.backoffLevel &&
           a.nextRestartAt == b.nextRestartAt && a.restartAfterStop == b.restartAfterStop &&
           sameHistory(a.history, b.history);
}

QJsonObject journalDaemonToJson(const JournalDaemon& daemon) {
    QJsonArray failures;
    for (qint64 ms : daemon.failureTimes) {
        failures.append(ms);
    }
    QJsonArray history;
    for (const HistoryEntry& entry : daemon.history) {
        history.append(QJsonObject{
            {"time", timeToJson(entry.time)},
            {"event", historyEventName(entry.event)},
            {"detail", entry.detail},
        });
    }
    auto offset = [](qint64 bytes) { return bytes >= 0 ? QJsonValue(bytes) : QJsonValue(); };
    return QJsonObject{
        {"process", daemon.process ? QJsonValue(daemon.process->toJson()) : QJsonValue()},
        {"pgid", daemon.pgid},
        {"started_at", timeToJson(daemon.startedAt)},
        {"control_socket", daemon.controlSocket},
        {"log_offsets", QJsonObject{{"stdout", offset(daemon.stdoutOffset)},
                                    {"stderr", offset(daemon.stderrOffset)}}},
        {"state", daemon.state},
        {"desired", daemon.desired},
        {"reason", daemon.reason},
        {"restarts", daemon.restarts},
        {"failure_times", failures},
        {"backoff_level", daemon.backoffLevel},
        {"last_exit", daemon.lastExit},
        {"next_restart_at", timeToJson(daemon.nextRestartAt)},
        {"restart_after_stop", daemon.restartAfterStop},
        {"history", history},
    };
}

std::optional<JournalDaemon> journalDaemonFromJson(const QString& name, const QJsonObject& json,
                                                   QString* error) {
    JournalDaemon d;
    d.name = name;
    Reader r(json);
    if (r.has("process")) {
        QString why;
        const QJsonObject process = r.object("process");
        if (r.error().isEmpty()) {
            d.process = ProcessIdentity::fromJson(process, &why);
            if (!d.process) {
                r.failWith(QStringLiteral("\"process\": %1").arg(why));
            }
        }
    }
    r.integer("pgid", d.pgid);
    r.time("started_at", d.startedAt);
    r.string("control_socket", d.controlSocket);
    const QJsonObject offsets = r.object("log_offsets");
    Reader offsetReader(offsets, QStringLiteral("log_offsets."));
    offsetReader.integer("stdout", d.stdoutOffset);
    offsetReader.integer("stderr", d.stderrOffset);
    if (!offsetReader.error().isEmpty()) {
        r.failWith(offsetReader.error());
    }
    r.string("state", d.state);
    if (!d.state.isEmpty() && !daemonStateFromName(d.state)) {
        r.failWith(QStringLiteral("\"state\": unknown state \"%1\"").arg(d.state));
    }
    r.string("desired", d.desired);
    if (!d.desired.isEmpty() && !desiredStateFromName(d.desired)) {
        r.failWith(QStringLiteral("\"desired\": unknown desired state \"%1\"").arg(d.desired));
    }
    r.string("reason", d.reason);
    r.integer("restarts", d.restarts);
    r.integerList("failure_times", d.failureTimes);
    r.integer("backoff_level", d.backoffLevel);
    r.string("last_exit", d.lastExit);
    r.time("next_restart_at", d.nextRestartAt);
    r.boolean("restart_after_stop", d.restartAfterStop);

    const QJsonValue history = json.value(QLatin1String("history"));
    if (!history.isUndefined() && !history.isNull() && !history.isArray()) {
        r.fail("history", "an array");
    }
    const QJsonArray entries = history.toArray();
    for (qsizetype i = 0; i < entries.size() && r.error().isEmpty(); ++i) {
        const QString prefix = QStringLiteral("history[%1].").arg(i);
        if (!entries[i].isObject()) {
            r.failWith(QStringLiteral("\"history[%1]\" must be an object").arg(i));
            break;
        }
        const QJsonObject object = entries[i].toObject();
        Reader er(object, prefix);
        HistoryEntry entry;
        QString event;
        er.time("time", entry.time);
        er.string("event", event);
        er.string("detail", entry.detail);
        if (er.error().isEmpty()) {
            const std::optional<HistoryEvent> parsed = historyEventFromName(event);
            if (!parsed) {
                er.failWith(QStringLiteral("\"%1event\": unknown event \"%2\"").arg(prefix, event));
            } else {
                entry.event = *parsed;
            }
        }
        if (!er.error().isEmpty()) {
            r.failWith(er.error());
            break;
        }
        d.history << entry;
    }

    if (!r.error().isEmpty()) {
        if (error) {
            *error = r.error();
        }
        return std::nullopt;
    }
    return d;
}

QString journalDaemonProblem(const JournalDaemon& daemon, const JournalLimits& limits) {
    if (daemon.name.isEmpty()) {
        return QStringLiteral("a daemon's name must not be empty");
    }
    if (daemon.name.toUtf8().size() > limits.maxNameBytes) {
        return QStringLiteral("the name \"%1…\" is longer than %2 bytes")
            .arg(truncateUtf8(daemon.name, 40))
            .arg(limits.maxNameBytes);
    }
    if (daemon.controlSocket.toUtf8().size() > limits.maxSocketBytes) {
        return QStringLiteral("%1: the control socket path is longer than %2 bytes")
            .arg(daemon.name)
            .arg(limits.maxSocketBytes);
    }
    if (!daemon.state.isEmpty() && !daemonStateFromName(daemon.state)) {
        return QStringLiteral("%1: unknown state \"%2\"").arg(daemon.name, daemon.state);
    }
    if (!daemon.desired.isEmpty() && !desiredStateFromName(daemon.desired)) {
        return QStringLiteral("%1: unknown desired state \"%2\"").arg(daemon.name, daemon.desired);
    }
    return {};
}

void boundJournalDaemon(JournalDaemon& daemon, const JournalLimits& limits) {
    if (daemon.process && !daemon.process->isValid()) {
        daemon.process.reset();
    }
    if (daemon.history.size() > maxDaemonHistory) {
        daemon.history.remove(0, daemon.history.size() - maxDaemonHistory);
    }
    for (HistoryEntry& entry : daemon.history) {
        entry.detail = truncateUtf8(entry.detail, limits.maxTextBytes);
    }
    if (daemon.failureTimes.size() > limits.maxFailureTimes) {
        daemon.failureTimes.remove(0, daemon.failureTimes.size() - limits.maxFailureTimes);
    }
    daemon.reason = truncateUtf8(daemon.reason, limits.maxTextBytes);
    daemon.lastExit = truncateUtf8(daemon.lastExit, limits.maxTextBytes);
}

QString truncateUtf8(const QString& text, int maxBytes) {
    // Cheap test first: a UTF-16 string's UTF-8 is at most three bytes per code unit.
    if (text.size() * 3 <= maxBytes) {
        return text;
    }
    const QByteArray utf8 = text.toUtf8();
    if (utf8.size() <= maxBytes) {
        return text;
    }
    static const QByteArray ellipsis = QStringLiteral("…").toUtf8();
    qsizetype cut = qMax<qsizetype>(0, maxBytes - ellipsis.size());
    // Back up over continuation bytes (10xxxxxx) so no character is split.
    while (cut > 0 && (static_cast<unsigned char>(utf8[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return QString::fromUtf8(utf8.left(cut)) + QStringLiteral("…");
}

} // namespace vigil::ui
