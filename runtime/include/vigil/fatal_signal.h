// Fatal signals (SIGTERM, SIGINT, SIGHUP, SIGALRM) delivered through a self-pipe into the poll
// loop: hooks run once, registered files are unlinked, then the signal is re-raised with its
// default action so the exit status tells which signal it was.
#pragma once

#include <functional>
#include <string>

namespace vigil {

// Installs the handlers (only for signals whose disposition is still the default) and creates
// the self-pipe. Idempotent; called implicitly by the other functions here.
void fatal_signal_init();

// The read end of the self-pipe, which the poll loop watches.
int fatal_signal_fd();

// If a fatal signal arrived: logs `terminating with signal N (NAME)`, runs every hook once,
// unlinks the registered files, restores the default action and re-raises the signal.
void fatal_signal_run();

// Adds a hook run on a fatal signal, and also at normal exit when `run_at_exit` is true.
void fatal_signal_add_hook(std::function<void()> hook, bool run_at_exit);

// Registers `path` to be unlinked at exit and on fatal signals.
void fatal_signal_add_file_to_unlink(const std::string& path);
// Forgets `path` (it will not be unlinked).
void fatal_signal_remove_file_to_unlink(const std::string& path);
// Unlinks `path` now and forgets it; returns 0 or a positive errno (and logs a warning).
int fatal_signal_unlink_file_now(const std::string& path);

// Ignores SIGPIPE for the whole process (sockets use MSG_NOSIGNAL as well).
void fatal_ignore_sigpipe();

// For a freshly forked child: forgets the parent's hooks and files and creates a new pipe.
void fatal_signal_fork();

// Runs the exit-time hooks and unlinks files now (what atexit would do); for _exit() paths.
void fatal_signal_atexit();

// Blocks or restores the fatal signals around a fork.
void fatal_signal_block();
void fatal_signal_unblock();

} // namespace vigil
