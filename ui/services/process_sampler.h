// CPU and memory of the supervised processes, read from /proc at most once per interval and
// only while some pid is watched (an idle console does not wake up for it).
#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace vigil::ui {

class ProcessSampler : public QObject {
    Q_OBJECT
public:
    struct Sample {
        double cpuPercent = -1; // of one CPU over the last interval; -1 until two reads
        qint64 rssBytes = -1;   // resident set size; -1 when unknown
    };

    // Samples every `intervalMs` milliseconds (1000 by default) while some pid is watched.
    explicit ProcessSampler(QObject* parent = nullptr, int intervalMs = 1000);

    // Starts sampling `pid` (reads it once at once, so memory is known immediately).
    void watch(qint64 pid);
    // Stops sampling `pid` and forgets its samples.
    void unwatch(qint64 pid);
    // The latest sample of `pid`; unknown values are -1 (also for pids not watched).
    Sample sample(qint64 pid) const;

    // Returns the live (non-zombie) processes whose process group is `pgid`, by scanning
    // /proc; empty when there are none or /proc cannot be read.
    static QList<qint64> processGroupMembers(qint64 pgid);

Q_SIGNALS:
    // New samples were taken.
    void sampled();

private:
    struct Entry {
        Sample sample;
        qint64 ticks = -1;    // utime + stime at the last read
        qint64 readAtMs = -1; // monotonic time of the last read
    };

    void sampleAll();
    static void read(qint64 pid, Entry& entry);

    QHash<qint64, Entry> entries_;
    QTimer timer_;
};

} // namespace vigil::ui
