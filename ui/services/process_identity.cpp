#include "services/process_identity.h"

#include <QByteArray>
#include <QFile>
#include <QJsonValue>
#include <QList>
#include <limits>

namespace vigil::ui {

namespace {

// Reads a small /proc file whole; empty when it cannot be opened or read (a process that exits
// mid-read makes read() fail with ESRCH, which QFile reports as a short read).
QByteArray readProcFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return {};
    }
    return file.readAll();
}

void setError(QString* error, const QString& text) {
    if (error) {
        *error = text;
    }
}

} // namespace

QJsonObject ProcessIdentity::toJson() const {
    // Start ticks stay far below 2^53 (at 100 Hz that is 2.8 million years), so a JSON number
    // holds them exactly.
    return QJsonObject{
        {"pid", pid},
        {"start_ticks", qint64(startTicks)},
        {"boot_id", bootId},
    };
}

std::optional<ProcessIdentity> ProcessIdentity::fromJson(const QJsonObject& json, QString* error) {
    constexpr double maxExact = double(qint64(1) << 53);
    const QJsonValue pid = json.value(QLatin1String("pid"));
    const QJsonValue ticks = json.value(QLatin1String("start_ticks"));
    const QJsonValue boot = json.value(QLatin1String("boot_id"));
    if (!pid.isDouble() || pid.toDouble() != double(pid.toInteger()) || pid.toInteger() <= 0 ||
        pid.toDouble() > double(std::numeric_limits<qint32>::max())) {
        setError(error, QStringLiteral("\"pid\" must be a positive integer"));
        return std::nullopt;
    }
    if (!ticks.isDouble() || ticks.toDouble() != double(ticks.toInteger()) ||
        ticks.toInteger() < 0 || ticks.toDouble() > maxExact) {
        setError(error, QStringLiteral("\"start_ticks\" must be a non-negative integer"));
        return std::nullopt;
    }
    if (!boot.isString() || boot.toString().isEmpty()) {
        setError(error, QStringLiteral("\"boot_id\" must be a non-empty string"));
        return std::nullopt;
    }
    ProcessIdentity identity;
    identity.pid = pid.toInteger();
    identity.startTicks = quint64(ticks.toInteger());
    identity.bootId = boot.toString();
    return identity;
}

QString currentBootId() {
    // The boot id cannot change while this process runs, so it is read once (a static's
    // initialisation is thread-safe, so callers on any thread may ask).
    static const QString bootId = QString::fromLatin1(
        readProcFile(QStringLiteral("/proc/sys/kernel/random/boot_id")).trimmed());
    return bootId;
}

std::optional<ProcessIdentity> readProcessIdentity(qint64 pid) {
    if (pid <= 0) {
        return std::nullopt;
    }
    const QString bootId = currentBootId();
    if (bootId.isEmpty()) {
        return std::nullopt;
    }
    const QByteArray stat = readProcFile(QStringLiteral("/proc/%1/stat").arg(pid));
    // "PID (COMM) STATE ...": COMM is the program's name as the process chose it and may hold
    // spaces and ')' of its own, so the fields start after the last ')'.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0) {
        return std::nullopt;
    }
    const QList<QByteArray> fields = stat.mid(close + 1).simplified().split(' ');
    // fields[0] is the state (field 3 of proc(5)), so start time (field 22) is fields[19].
    if (fields.size() < 20 || fields[0].isEmpty()) {
        return std::nullopt;
    }
    const char state = fields[0].at(0);
    if (state == 'Z' || state == 'X' || state == 'x') {
        return std::nullopt;
    }
    bool ok = false;
    const quint64 startTicks = fields[19].toULongLong(&ok);
    if (!ok) {
        return std::nullopt;
    }
    ProcessIdentity identity;
    identity.pid = pid;
    identity.startTicks = startTicks;
    identity.bootId = bootId;
    return identity;
}

bool processStillRunning(const ProcessIdentity& recorded) {
    if (!recorded.isValid() || recorded.bootId != currentBootId()) {
        return false;
    }
    const std::optional<ProcessIdentity> live = readProcessIdentity(recorded.pid);
    return live && *live == recorded;
}

} // namespace vigil::ui
