// Starting child processes without waiting for them: a launcher forks on a thread of its own
// and hands each started child back to the poll loop of the thread that made the launcher.
//
// process::start() returns only once the child has exec'd (so that an exec failure is an
// error, not a child exiting 127), and on a loaded machine that takes from a few to hundreds of
// milliseconds: long enough to freeze a window that starts a helper per remote host. A
// launcher moves that wait off the loop's thread. Children are started one at a time, in the
// order asked for.
#pragma once

#include "vigil/process.h"

#include <cstdint>
#include <functional>
#include <memory>

namespace vigil {

class process_launcher {
public:
    // Called from the owning loop with 0 and the running child, or with the errno of the
    // failed fork or exec (logged) and no child. The callback may destroy the launcher.
    using started_callback = std::function<void(int error, std::unique_ptr<process> child)>;

    // Starts the launcher's thread; its children are watched by the calling thread's loop.
    process_launcher();
    // Drops the starts not yet begun, waits for the one in progress and ends the thread. A
    // child started but not yet delivered is sent SIGTERM; so are children that asked for a
    // parent_death_signal, by the kernel, since the thread that forked them ends.
    ~process_launcher();
    process_launcher(const process_launcher&) = delete;
    process_launcher& operator=(const process_launcher&) = delete;

    // Queues the start of `options.argv` and returns a ticket (never 0) for cancel(). Returns
    // 0 without queueing when the program cannot be started at all, with the error in `error`:
    // EINVAL for an empty argv, ENOENT (logged `<prog> not found in PATH`).
    std::uint64_t launch(const process_options& options, started_callback started, int& error);

    // Forgets the start with this ticket: its callback is never called, and its child, if it
    // was or is being started, is sent SIGTERM and reaped in the background. Unknown or
    // delivered tickets are ignored.
    void cancel(std::uint64_t ticket);

    // Starts queued or in progress, not yet delivered.
    std::size_t pending() const;

    struct impl;

private:
    std::unique_ptr<impl> impl_;
};

} // namespace vigil
