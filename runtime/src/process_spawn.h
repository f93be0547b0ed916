// Starting a child: fork and exec with the standard streams set up, and the exec failure (if
// any) carried back to the parent, so that process::start() reports it as an error instead of
// a child that exits 127.
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

namespace vigil::detail {

// Everything the child needs, prepared before fork (after fork the child may make only
// async-signal-safe calls, since the parent may have other threads).
struct spawn_request {
    std::string program;           // absolute path of the executable
    std::vector<std::string> argv; // argv[0] as the caller gave it
    std::vector<std::string> env;  // the whole environment, "NAME=value"
    std::string cwd;               // empty: the parent's
    bool new_process_group = false;
    bool capture_output = false; // stdout and stderr to pipes
    bool null_stdin = false;     // stdin from /dev/null
    std::string stdout_file;     // non-empty: stdout appended to this file (not with capture)
    std::string stderr_file;     // non-empty: stderr appended to this file (may equal stdout's)
    int parent_death_signal = 0; // non-zero: sent to the child when the forking thread ends
};

// The running child: its pid and, when output is captured, the non-blocking read ends of its
// stdout and stderr pipes (-1 otherwise).
struct spawned_child {
    pid_t pid = -1;
    int out_fd = -1;
    int err_fd = -1;
};

// Forks and execs `request`. Returns 0 and fills `child`, or a positive errno after logging
// why (an output file that cannot be opened, or a pipe, fork, chdir, stream set-up or exec
// failure; nothing is forked for the first, and a child that failed to exec has been reaped).
// `name` is the program as the user named it, for the messages.
int spawn(const spawn_request& request, const std::string& name, spawned_child& child);

} // namespace vigil::detail
