#include "vigil/process_output.h"

#include <algorithm>

namespace vigil {

std::string_view output_stream_name(output_stream stream) {
    return stream == output_stream::err ? "stderr" : "stdout";
}

output_ring::output_ring(std::size_t max_lines, std::size_t max_line_bytes)
    : max_lines_(std::max<std::size_t>(max_lines, 1)),
      max_line_bytes_(std::max<std::size_t>(max_line_bytes, 1)) {}

void output_ring::complete(output_stream stream) {
    partial& p = partial_[static_cast<int>(stream)];
    if (!p.text.empty() && p.text.back() == '\r' && !p.truncated) {
        p.text.pop_back();
    }
    if (lines_.size() >= max_lines_) {
        lines_.pop_front();
        dropped_++;
    }
    output_line& line = lines_.emplace_back();
    line.seq = next_seq_++;
    line.wall_msec = p.wall_msec;
    line.stream = stream;
    line.truncated = p.truncated;
    line.text = std::move(p.text);
    p = partial{};
}

std::size_t output_ring::append(output_stream stream, std::string_view data, long long wall_msec) {
    partial& p = partial_[static_cast<int>(stream)];
    std::size_t completed = 0;
    while (!data.empty()) {
        if (!p.active) {
            p.active = true;
            p.wall_msec = wall_msec;
        }
        std::size_t nl = data.find('\n');
        std::string_view chunk = data.substr(0, nl);
        // Keep at most max_line_bytes of the line; the excess is counted as truncation only.
        std::size_t room = max_line_bytes_ - std::min(max_line_bytes_, p.text.size());
        if (chunk.size() > room) {
            p.truncated = true;
        }
        p.text.append(chunk.substr(0, room));
        if (nl == std::string_view::npos) {
            break;
        }
        complete(stream);
        completed++;
        data.remove_prefix(nl + 1);
    }
    return completed;
}

std::size_t output_ring::finish(output_stream stream) {
    if (!partial_[static_cast<int>(stream)].active) {
        return 0;
    }
    complete(stream);
    return 1;
}

std::vector<output_line> output_ring::since(std::uint64_t seq) const {
    // Lines are in seq order, so the first newer one is found by binary search.
    auto it = std::upper_bound(lines_.begin(), lines_.end(), seq,
                               [](std::uint64_t s, const output_line& l) { return s < l.seq; });
    return {it, lines_.end()};
}

void output_ring::clear() {
    lines_.clear();
    partial_[0] = partial{};
    partial_[1] = partial{};
}

} // namespace vigil
