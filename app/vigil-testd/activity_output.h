// vigil-testd's human-readable account of what it does, for whoever reads its stdout and
// stderr (the console's Logs view, a terminal, a file): what happens goes to stdout, what goes
// wrong to stderr, one line at a time. It is apart from the OVS-style vlog output, which keeps
// its own destinations (console, file, syslog); an event is told in one or the other, never in
// both.
#pragma once

#include "vigil/poll_loop.h"

#include <cstddef>
#include <string>
#include <string_view>

// Makes stdout line-buffered, so that each line reaches a file or pipe as it is printed rather
// than when a block fills (stdout to anything but a terminal is fully buffered by default;
// stderr is unbuffered already). Call it before anything is printed. Cannot fail.
void activity_init();

// Prints `text` and a newline on stdout. A write error (a closed pipe) is ignored.
void activity_print(std::string_view text);

// Prints "vigil-testd: TEXT" and a newline on stderr. A write error is ignored.
void activity_error(std::string_view text);

// Returns `text` in double quotes with quotes, backslashes and control characters escaped as
// in JSON and, past `max_chars` bytes, cut and ended with "...", so that a name a peer chose
// (a request's method) can neither forge a line nor make a huge one.
std::string quoted(std::string_view text, std::size_t max_chars = 80);

// Lines a peer can cause as fast as it likes (one per request, one per connection), limited
// to `per_second` a second: past that in one second, lines are counted instead, and once the
// second is over one line "... K more WHAT" tells how many were left out. So a flooding peer
// costs a few lines a second, and a slow reader of stdout cannot stall the daemon for long.
class rate_limited_lines {
public:
    static constexpr int default_per_second = 10;

    // `what` names the lines in the summary ("requests"). Needs the calling thread's poll
    // loop, whose timer prints the summary.
    explicit rate_limited_lines(std::string what, int per_second = default_per_second);

    // Prints `text` on stdout, or counts it when this second's lines are used up.
    void print(std::string_view text);

private:
    void end_second();

    std::string what_;
    int per_second_;
    long long second_end_ = 0; // monotonic ms at which the current second is over
    int printed_ = 0;          // lines printed in the current second
    unsigned long long left_out_ = 0;
    vigil::loop_timer timer_;
};
