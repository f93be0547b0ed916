// vlog_set_levels_from_string(): OVS's level spec language ("dbg", "console:off",
// "unixctl:file:info", "PATTERN:file:%m"), on top of vlog's public interface.
#include "vigil/vlog.h"

#include <string>
#include <strings.h>

namespace vigil {

namespace {
// The destination names come from vlog's one table (string literals, so NUL-terminated).
const char* dest_name(int d) {
    return vlog_dest_name(static_cast<vlog_dest>(d)).data();
}
} // namespace

std::string vlog_set_levels_from_string(std::string_view spec_in) {
    std::string spec(spec_in);
    // Words are separated by runs of spaces, commas, colons and tabs, as OVS's strtok() splits
    // them.
    static constexpr const char* separators = " ,:\t";
    std::size_t first = spec.find_first_not_of(separators);
    std::size_t first_end =
        first == std::string::npos ? first : spec.find_first_of(separators, first);
    std::string first_word =
        first == std::string::npos ? std::string() : spec.substr(first, first_end - first);
    // "PATTERN:destination[:pattern]" sets a destination's format: the pattern is everything
    // after the separator that ends the destination, verbatim, and empty when nothing follows
    // (OVS 3.1 accepts "PATTERN:console" and clears the console pattern).
    if (strcasecmp(first_word.c_str(), "PATTERN") == 0) {
        std::size_t d_start = first_end == std::string::npos
                                  ? first_end
                                  : spec.find_first_not_of(separators, first_end);
        if (d_start == std::string::npos) {
            return "missing destination";
        }
        std::size_t d_end = spec.find_first_of(separators, d_start);
        std::string dname = spec.substr(d_start, d_end - d_start);
        std::string pattern = d_end == std::string::npos ? std::string() : spec.substr(d_end + 1);
        if (strcasecmp(dname.c_str(), "ANY") == 0) {
            for (int d = 0; d < vlog_n_dests; d++) {
                vlog_set_pattern(static_cast<vlog_dest>(d), pattern);
            }
            return "";
        }
        for (int d = 0; d < vlog_n_dests; d++) {
            if (strcasecmp(dname.c_str(), dest_name(d)) == 0) {
                vlog_set_pattern(static_cast<vlog_dest>(d), pattern);
                return "";
            }
        }
        return "unknown destination \"" + dname + "\"";
    }
    vlog_module* module = nullptr;
    bool have_module = false, have_dest = false, have_level = false;
    vlog_dest dest = vlog_dest::console;
    vlog_level level = vlog_level::dbg;
    std::string word;
    std::size_t start = 0;
    while (start <= spec.size()) {
        std::size_t end = spec.find_first_of(separators, start);
        if (end == std::string::npos) {
            end = spec.size();
        }
        word = spec.substr(start, end - start);
        start = end + 1;
        if (word.empty()) {
            if (end == spec.size()) {
                break;
            }
            continue;
        }
        if (strcasecmp(word.c_str(), "ANY") == 0) {
            continue;
        }
        bool is_dest = false;
        for (int d = 0; d < vlog_n_dests; d++) {
            if (strcasecmp(word.c_str(), dest_name(d)) == 0) {
                if (have_dest) {
                    return "cannot specify multiple destinations";
                }
                dest = static_cast<vlog_dest>(d);
                have_dest = is_dest = true;
            }
        }
        if (is_dest) {
            continue;
        }
        vlog_level l;
        if (vlog_level_from_name(word, l)) {
            if (have_level) {
                return "cannot specify multiple levels";
            }
            level = l;
            have_level = true;
            continue;
        }
        if (vlog_module* m = vlog_module_from_name(word)) {
            if (have_module) {
                return "cannot specify multiple modules";
            }
            module = m;
            have_module = true;
            continue;
        }
        return "no destination, level, or module \"" + word + "\"";
    }
    vlog_set_levels(module, have_dest ? &dest : nullptr, level);
    return "";
}

} // namespace vigil
