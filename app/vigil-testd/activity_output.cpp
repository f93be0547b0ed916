#include "activity_output.h"

#include "vigil/clock.h"

#include <cstdio>
#include <string>
#include <utility>

void activity_init() {
    std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
}

namespace {

// Writes the line with one stdio call, so that it reaches the file in one write() and does not
// interleave with the vlog console's lines on stderr.
void write_line(std::FILE* out, std::string line) {
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), out);
}

} // namespace

void activity_print(std::string_view text) {
    write_line(stdout, std::string(text));
}

void activity_error(std::string_view text) {
    write_line(stderr, "vigil-testd: " + std::string(text));
}

std::string quoted(std::string_view text, std::size_t max_chars) {
    const bool cut = text.size() > max_chars;
    if (cut) {
        // Cut before a whole UTF-8 character, not inside one.
        while (max_chars > 0 && (static_cast<unsigned char>(text[max_chars]) & 0xc0) == 0x80) {
            max_chars--;
        }
        text = text.substr(0, max_chars);
    }
    std::string out = "\"";
    for (unsigned char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c < 0x20 || c == 0x7f) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
            out += escaped;
        } else {
            out += static_cast<char>(c);
        }
    }
    out += cut ? "...\"" : "\"";
    return out;
}

rate_limited_lines::rate_limited_lines(std::string what, int per_second)
    : what_(std::move(what)), per_second_(per_second), timer_([this] { end_second(); }) {}

void rate_limited_lines::print(std::string_view text) {
    const long long now = vigil::time_msec();
    if (now >= second_end_) {
        // The timer may not have run yet when the next line comes in the same iteration.
        end_second();
        second_end_ = now + 1000;
    }
    if (printed_ < per_second_) {
        printed_++;
        activity_print(text);
        return;
    }
    if (left_out_++ == 0) {
        timer_.arm_at(second_end_);
    }
}

void rate_limited_lines::end_second() {
    timer_.cancel();
    printed_ = 0;
    second_end_ = 0;
    if (left_out_) {
        activity_print("... " + std::to_string(left_out_) + " more " + what_);
        left_out_ = 0;
    }
}
