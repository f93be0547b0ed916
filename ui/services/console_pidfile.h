// The console's pidfile, `<rundir>/vigil.pid`, written and locked the way OVS daemons do it
// (vigil::make_pidfile), so `ovs-appctl -t vigil` finds the console's control socket and a
// second console in the same run directory is refused.
#pragma once

#include <QString>

namespace vigil::ui {

class ConsolePidfile {
public:
    ConsolePidfile() = default;
    // Removes the pidfile if this object created it.
    ~ConsolePidfile();
    ConsolePidfile(const ConsolePidfile&) = delete;
    ConsolePidfile& operator=(const ConsolePidfile&) = delete;

    // Creates and locks `path` for this process (removed at exit and on fatal signals).
    // Returns false and sets `*error` (e.g. "...: already running as pid N, aborting") when a
    // live process holds it or it cannot be written; a stale file is replaced.
    bool create(const QString& path, QString* error = nullptr);
    // Unlinks the pidfile now and releases its lock (nothing when none was created).
    void remove();
    QString path() const { return path_; }

private:
    QString path_;
};

} // namespace vigil::ui
