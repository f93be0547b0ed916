// What identifies one process across pid reuse, so a restarted supervisor re-adopts only the
// processes it really started: the pid, the process's start time and the boot it belongs to.
#pragma once

#include <QJsonObject>
#include <QString>
#include <optional>

namespace vigil::ui {

// One process, told apart from any later process that reuses its pid: its start time (field 22
// of /proc/PID/stat, clock ticks since boot) differs, and the boot id
// (/proc/sys/kernel/random/boot_id) makes a record from before a reboot never match.
struct ProcessIdentity {
    qint64 pid = 0;
    quint64 startTicks = 0;
    QString bootId;

    // Returns true when the record names a process at all: a positive pid and a boot id.
    bool isValid() const { return pid > 0 && !bootId.isEmpty(); }

    // Returns {"pid": N, "start_ticks": N, "boot_id": "..."}.
    QJsonObject toJson() const;
    // Parses what toJson() returns. Returns std::nullopt and sets `*error` (naming the member)
    // when a member is missing or of the wrong type, or the pid is not positive.
    static std::optional<ProcessIdentity> fromJson(const QJsonObject& json,
                                                   QString* error = nullptr);

    friend bool operator==(const ProcessIdentity&, const ProcessIdentity&) = default;
};

// Returns this boot's id, read once from /proc/sys/kernel/random/boot_id (without the newline);
// empty when it cannot be read, and then readProcessIdentity() finds no process.
QString currentBootId();

// Reads the identity of the live process `pid`. Returns std::nullopt when no such process
// exists, when it has exited and is a zombie (or dead) waiting to be reaped, or when /proc cannot
// be read or parsed.
std::optional<ProcessIdentity> readProcessIdentity(qint64 pid);

// Returns true when `recorded` still names a running process: the same pid, started at the same
// tick, in this boot. An invalid record, a pid now used by another process, an exited process and
// a record from another boot all return false.
bool processStillRunning(const ProcessIdentity& recorded);

} // namespace vigil::ui
