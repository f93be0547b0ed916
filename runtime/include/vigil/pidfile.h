// Pidfiles as OVS writes and reads them (spec §10.3): "<pid>\n", replaced atomically by
// rename(), and held for the daemon's whole life by a classic POSIX fcntl() write lock taken
// by the daemon process itself, which is how ovs-appctl tells a live daemon from a stale file.
#pragma once

#include <string>
#include <sys/types.h>

namespace vigil {

// Returns the pidfile path for `--pidfile[=name]`: an empty `name` gives
// `<rundir>/<program>.pid`, a relative one `<rundir>/<name>`, an absolute one itself.
std::string make_pidfile_name(const std::string& name, const std::string& program);

// Creates the pidfile `path` for the calling process: writes and locks `<path>.tmp` (or
// `<path>.tmp<PID>` when `overwrite`), checks that no live daemon holds `path` (unless
// `overwrite`; a stale file is deleted), renames it onto `path`, registers `path` for unlinking
// at exit and on fatal signals, and keeps the locked fd open for the life of the process.
// Returns 0, or a positive errno with OVS's message in `error` (e.g.
// "<path>: already running as pid N, aborting", for which the errno is EEXIST).
int make_pidfile(const std::string& path, bool overwrite, std::string& error);

// Reads the pid of the live daemon that holds `path`. Returns 0 and sets `pid`, or ENOENT when
// the file is missing, ESRCH when it is stale (unlocked, or locked by a process other than
// the one it names), or another positive errno. For this process's own pidfile it returns our
// pid without opening it (closing any fd of a locked file would drop the lock).
int read_pidfile(const std::string& path, pid_t& pid);

// The path of the pidfile this process created, empty when none.
std::string pidfile_path();

// Forgets (and unlinks) this process's pidfile, releasing its lock; for a daemon that shuts
// down without exiting, and for tests.
void remove_pidfile();

} // namespace vigil
