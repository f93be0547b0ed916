// A bounded ring of timestamped output lines, as captured from a child's stdout and stderr.
//
// The console shows these lines, so every byte a child writes must cost bounded memory: the
// ring keeps at most `max_lines` lines (the oldest are evicted and counted), and a line longer
// than `max_line_bytes` is cut there and marked truncated (the rest, up to the newline, is
// dropped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

// Which standard stream a line came from.
enum class output_stream : std::uint8_t { out = 0, err = 1 };

// Returns "stdout" or "stderr": the one string table for the stream tag.
std::string_view output_stream_name(output_stream stream);

struct output_line {
    std::uint64_t seq = 0;   // 1 for the first line ever appended; a stable key for models
    long long wall_msec = 0; // wall-clock time at which the line's first byte was read
    output_stream stream = output_stream::out;
    bool truncated = false; // the line was longer than max_line_bytes and was cut
    std::string text;       // without the newline
};

class output_ring {
public:
    // Creates an empty ring; zero limits are raised to 1.
    explicit output_ring(std::size_t max_lines = 1000, std::size_t max_line_bytes = 4096);

    // Appends bytes read from `stream` at `wall_msec`, completing lines at each '\n' (a
    // trailing "\r" is removed too); an unfinished line waits for more data or finish().
    // Returns the number of lines completed by this call.
    std::size_t append(output_stream stream, std::string_view data, long long wall_msec);

    // Completes the pending partial line of `stream`, if any (the stream reached EOF).
    // Returns the number of lines completed (0 or 1).
    std::size_t finish(output_stream stream);

    // The lines currently held, oldest first.
    const std::deque<output_line>& lines() const { return lines_; }

    // Copies of the held lines whose seq is greater than `seq` (for incremental readers).
    std::vector<output_line> since(std::uint64_t seq) const;

    // The seq of the newest completed line, 0 when none was ever completed.
    std::uint64_t last_seq() const { return next_seq_ - 1; }

    // How many lines were evicted because the ring was full.
    std::uint64_t dropped() const { return dropped_; }

    std::size_t max_lines() const { return max_lines_; }
    std::size_t max_line_bytes() const { return max_line_bytes_; }

    // Drops every held line and partial line (seq numbers keep increasing).
    void clear();

private:
    struct partial {
        std::string text;
        long long wall_msec = 0;
        bool active = false; // some bytes of the current line were seen
        bool truncated = false;
    };

    void complete(output_stream stream);

    std::size_t max_lines_;
    std::size_t max_line_bytes_;
    std::deque<output_line> lines_;
    partial partial_[2];
    std::uint64_t next_seq_ = 1;
    std::uint64_t dropped_ = 0;
};

} // namespace vigil
