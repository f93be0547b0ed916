// Child processes (OVS lib/process.c, spec §8): start a program from an argv without a shell,
// learn of its exit through the poll loop, describe its wait status in OVS's words, signal it
// or its whole process group, and optionally capture its stdout and stderr into a bounded ring
// of timestamped lines.
//
// Exit notification never polls: each child is watched through a pidfd (Linux ≥ 5.3); on
// kernels without pidfds a SIGCHLD handler writes to a self-pipe that the loop watches (that
// fallback, like OVS's, serves the loop of one thread only).
#pragma once

#include "vigil/process_output.h"

#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

namespace vigil {

struct process_options {
    // argv[0] names the program: with a '/' it is used as is (relative to `cwd` when set),
    // otherwise it is looked up in PATH (the PATH given in `env`, if any, else ours).
    std::vector<std::string> argv;
    // "NAME=VALUE" entries that are added to, or override, the inherited environment.
    std::vector<std::string> env;
    // Starts the child from an empty environment plus `env` instead of ours.
    bool clear_env = false;
    // Working directory of the child; empty keeps ours.
    std::string cwd;
    // Makes the child the leader of a new process group (so kill_group() reaches its
    // descendants). OVS does not do this; supervisors want it.
    bool new_process_group = true;
    // Connects stdin to /dev/null instead of inheriting ours.
    bool null_stdin = false;
    // Captures stdout and stderr into output() instead of inheriting ours.
    bool capture_output = false;
    std::size_t output_max_lines = 1000;
    std::size_t output_max_line_bytes = 4096;
    // Appends the child's stdout (stderr) to this file, created 0640 if missing, instead of
    // inheriting ours; ignored when capture_output is set. The same path may be given for both.
    // The files are opened before the fork, so a file that cannot be opened fails start().
    std::string stdout_file;
    std::string stderr_file;
    // Non-zero: the kernel sends the child this signal when the thread that forked it ends
    // (prctl PR_SET_PDEATHSIG), so a helper such as ssh cannot outlive its parent however the
    // parent dies. The thread is the caller's for start() and the launcher's own for a
    // process_launcher, whose thread lives until the launcher is destroyed.
    int parent_death_signal = 0;
};

class process {
public:
    struct impl;

    // Starts `options.argv` as a child process of the calling thread's poll loop and stores
    // it in `out`. Returns 0 on success; ENOENT (logged `<prog> not found in PATH`) without
    // forking when the program does not exist; EINVAL for an empty argv; the errno of open()
    // without forking when stdout_file or stderr_file cannot be opened (logged `<prog>: cannot
    // open <path> (<error>)`); otherwise the errno of the failed pipe, fork, chdir or exec (the
    // child is reaped before returning).
    // The child closes every inherited fd above 2, gets default signal dispositions and an
    // empty signal mask.
    static int start(const process_options& options, std::unique_ptr<process>& out);

    // Same with only an argv and OVS's defaults (inherited stdio, own process group).
    static int start(const std::vector<std::string>& argv, std::unique_ptr<process>& out);

    // Stops watching the child without killing it; a still-running child is reaped later
    // (whenever another child of this module is reaped) so it does not stay a zombie.
    ~process();
    process(const process&) = delete;
    process& operator=(const process&) = delete;

    pid_t pid() const;
    // basename(argv[0]), as OVS names processes.
    const std::string& name() const;

    // True once the child has been reaped by the loop.
    bool exited() const;
    // The waitpid() status (see process_status_msg()), or -1 when waitpid failed; only
    // meaningful once exited().
    int status() const;
    // Wall-clock milliseconds of the start and of the reaping (0 until exited()).
    long long start_wall_msec() const;
    long long exit_wall_msec() const;

    // Calls `callback(status)` from the loop once the child has been reaped (at once in the
    // next iteration if it already was). Captured output that was readable at that moment has
    // already been appended to output(). The callback may destroy this process.
    void on_exit(std::function<void(int status)> callback);

    // Calls `callback(line)` from the loop for each completed captured line. The callback may
    // destroy this process.
    void on_output(std::function<void(const output_line&)> callback);

    // Sends `sig` to the child. Returns 0, ESRCH once it has been reaped, or kill()'s errno.
    int kill(int sig);

    // Sends `sig` to the child's process group (its descendants included, even after the
    // child itself exited). Returns 0, EINVAL when the child has no group of its own, or
    // killpg()'s errno (ESRCH once the group is empty).
    int kill_group(int sig);

    // The captured output (empty when capture_output was false).
    const output_ring& output() const;
    // True while a capture pipe is still open (a grandchild may keep it open after exit).
    bool capturing() const;

    // OVS style: makes the next poll_block() wake when the child exits (at once if it has).
    void wait() const;

    // Private: use start().
    explicit process(std::unique_ptr<impl> state);

private:
    std::unique_ptr<impl> impl_;
};

// Describes a waitpid() status as OVS does: `exit status N`, `killed (<signal>)`,
// `stopped (<signal>)` or `terminated abnormally (<hex>)`, followed by `, core dumped` when a
// core was dumped.
std::string process_status_msg(int status);

// Joins `argv` with spaces, quoting an argument containing a space, tab, CR, LF, VT, `\`, `'`
// or `"` in double quotes with `\` and `"` backslash-escaped (for logs, not for a shell).
std::string process_escape_args(const std::vector<std::string>& argv);

// Finds `name` the way start() does: returns 0 and the path in `path`, or ENOENT. A name with
// a '/' must exist; otherwise each directory of `search_path` (a PATH value; empty entries
// mean the current directory) is tried for an executable regular file.
int process_find_program(const std::string& name, const std::string& search_path,
                         std::string& path);

// For tests: forces the SIGCHLD self-pipe instead of pidfds for processes started later
// (false restores the default).
void process_force_sigchld_fallback(bool force);

} // namespace vigil
