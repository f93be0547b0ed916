#include "services/process_sampler.h"

#include <QByteArray>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <unistd.h>

namespace vigil::ui {

namespace {

// The fields of /proc/PID/stat after the command name, which may itself contain spaces and
// parentheses (hence the search for the last ')').
QList<QByteArray> statFields(qint64 pid) {
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly)) {
        return {};
    }
    QByteArray data = file.readAll();
    qsizetype close = data.lastIndexOf(')');
    if (close < 0) {
        return {};
    }
    // Index 0 is the state (field 3 of proc(5)).
    return data.mid(close + 2).trimmed().split(' ');
}

qint64 monotonicMs() {
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

} // namespace

ProcessSampler::ProcessSampler(QObject* parent, int intervalMs) : QObject(parent) {
    timer_.setInterval(intervalMs);
    connect(&timer_, &QTimer::timeout, this, &ProcessSampler::sampleAll);
}

void ProcessSampler::watch(qint64 pid) {
    if (pid <= 0) {
        return;
    }
    Entry& entry = entries_[pid];
    read(pid, entry);
    if (!timer_.isActive()) {
        timer_.start();
    }
}

void ProcessSampler::unwatch(qint64 pid) {
    entries_.remove(pid);
    if (entries_.isEmpty()) {
        timer_.stop();
    }
}

ProcessSampler::Sample ProcessSampler::sample(qint64 pid) const {
    return entries_.value(pid).sample;
}

void ProcessSampler::sampleAll() {
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        read(it.key(), it.value());
    }
    if (!entries_.isEmpty()) {
        Q_EMIT sampled();
    }
}

void ProcessSampler::read(qint64 pid, Entry& entry) {
    QList<QByteArray> fields = statFields(pid);
    // utime and stime are fields 14 and 15, rss (pages) field 24: indexes 11, 12 and 21 here.
    if (fields.size() < 22) {
        entry.sample = Sample{};
        return;
    }
    static const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    static const long pageSize = sysconf(_SC_PAGESIZE);
    qint64 ticks = fields[11].toLongLong() + fields[12].toLongLong();
    qint64 now = monotonicMs();
    if (entry.ticks >= 0 && now > entry.readAtMs && ticksPerSecond > 0) {
        double cpuSeconds = double(ticks - entry.ticks) / double(ticksPerSecond);
        entry.sample.cpuPercent = 100.0 * cpuSeconds * 1000.0 / double(now - entry.readAtMs);
    }
    entry.ticks = ticks;
    entry.readAtMs = now;
    entry.sample.rssBytes = fields[21].toLongLong() * pageSize;
}

QList<qint64> ProcessSampler::processGroupMembers(qint64 pgid) {
    QList<qint64> members;
    const QStringList entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString& entry : entries) {
        bool ok = false;
        qint64 pid = entry.toLongLong(&ok);
        if (!ok) {
            continue;
        }
        // State is index 0 and pgrp (field 5) index 2.
        QList<QByteArray> fields = statFields(pid);
        if (fields.size() > 2 && fields[0] != "Z" && fields[0] != "X" &&
            fields[2].toLongLong() == pgid) {
            members << pid;
        }
    }
    return members;
}

} // namespace vigil::ui
