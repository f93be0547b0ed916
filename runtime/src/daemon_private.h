// Internal to the daemon module (daemon.cpp, pidfile.cpp, monitor.cpp, proctitle.cpp,
// crash_backtrace.cpp): shared state and helpers that are not public API.
#pragma once

#include "vigil/vlog.h"

#include <string>
#include <sys/types.h>

namespace vigil::detail {

// The `daemon_unix` logging module (OVS's name), shared by the daemon sources so that
// vlog/set and the log lines see one module.
vlog_module& daemon_unix_module();

// Forks. In the parent, waits for the child's start-up byte and returns 0 once it arrives;
// if the child exits non-zero first, exits with that same status; if it dies otherwise, logs
// `fork child died before signaling startup (<status>)`, stores the wait status in `status`
// and returns -1. Either way the parent gets the child's pid in `child_pid` and the read end
// of the start-up pipe in `fd`. The child gets 0 in `child_pid` and the pipe's write end
// (close-on-exec) in `fd`. The parent forgets its fatal-signal hooks and files, which belong
// to the child now.
int fork_and_wait_for_startup(int& fd, pid_t& child_pid, int& status);

// Writes the start-up byte to `fd` (ignored when -1); dies if the write fails.
void fork_notify_startup(int fd);

// The monitor loop (spec §10.4) for `daemon_pid`, which has already signalled start-up on the
// pipe whose read end is `startup_fd` (a crashing daemon sends its backtrace there). Its title
// is `<program>: monitoring pid N (...)`, as OVS's on Linux. Never returns
// in the monitor: it exits when the daemon exits without crashing. Returns in a freshly restarted
// daemon child, with `startup_fd` set to its start-up pipe's write end.
void monitor_daemon(pid_t daemon_pid, int& startup_fd, const std::string& program);

// Gives up root for `spec` (--user=USER[:GROUP]): checks the user and group as OVS does and
// dies with its messages (prefixed with `who`, the pidfile or the program), hands `log_file`
// (when open) to the new owner, then sets the group, the supplementary groups and the user.
void switch_user(const std::string& spec, const std::string& who, const std::string& log_file);

// Rewrites this process's command line (as shown by ps and /proc/PID/cmdline) to `title`,
// leaving /proc/PID/comm untouched; the first call saves the original, which
// proctitle_restore() puts back (in a forked child that returns into the program).
void proctitle_set(const std::string& title);
void proctitle_restore();

// Installs the SIGSEGV handler that writes `SIGSEGV detected, backtrace:` and the stack to
// `monitor_fd` (when >= 0, for the monitor to log) or else to the log file, then dies of the
// signal. Only installed when SIGSEGV still has its default disposition.
void crash_backtrace_install(int monitor_fd);

// In the monitor, after a crash: reads what the dead daemon sent on `fd` (non-blocking) and
// logs it as module `backtrace` at WARN.
void crash_backtrace_log_received(int fd);

} // namespace vigil::detail
