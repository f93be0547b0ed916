// Logging in OVS's line format on top of spdlog: per-module levels for the console, syslog and
// file destinations, rate limiting, and the state the vlog/* control commands act on.
#pragma once

#include <atomic>
#include <mutex>
#include <spdlog/fmt/fmt.h>
#include <string>
#include <string_view>
#include <vector>

namespace vigil {

enum class vlog_level : int { off = 0, emer, err, warn, info, dbg };
enum class vlog_dest : int { console = 0, syslog, file };
inline constexpr int vlog_n_dests = 3;

// One string table for the level and destination names ("OFF", "EMER", ..., "console", ...).
std::string_view vlog_level_name(vlog_level level);
std::string_view vlog_dest_name(vlog_dest dest);
// Parses a level name case-insensitively; returns false when unknown.
bool vlog_level_from_name(std::string_view name, vlog_level& level);
// The syslog priority (LOG_*) of a level's messages, from the same table as its name, as in
// OVS: EMER -> LOG_ALERT, ERR -> LOG_ERR, WARN -> LOG_WARNING, INFO -> LOG_NOTICE,
// DBG -> LOG_DEBUG.
int vlog_syslog_priority(vlog_level level);

// Chooses how the syslog destination sends, as OVS's --syslog-method: "libc" (syslog(3)),
// "null", "unix:PATH" or "udp:HOST[:PORT]" (port 514 by default), the last two sending
// "<PRI>LINE" datagrams with the daemon facility. Without a call, the first syslog message
// uses $OVS_SYSLOG_METHOD, else libc. Unlike OVS, a later call replaces the method (OVS keeps
// the first). Returns "" or "unsupported syslog method 'M'"; a socket that cannot be opened
// is not an error (its messages are dropped, as in OVS).
std::string vlog_set_syslog_method(std::string_view method);

// A named logging module with one level per destination. Modules are defined once per source
// file with VLOG_DEFINE_THIS_MODULE and registered for the program's lifetime.
class vlog_module {
public:
    explicit vlog_module(const char* name);
    const char* name() const { return name_; }
    bool enabled(vlog_level level) const {
        return static_cast<int>(level) <= min_level_.load(std::memory_order_relaxed);
    }
    vlog_level level(vlog_dest dest) const;
    void set_level(vlog_dest dest, vlog_level level);
    bool honor_rate_limits = true;

    // Formats and emits one message to every destination whose level admits it.
    void log(vlog_level level, std::string_view text);

private:
    const char* name_;
    std::atomic<int> levels_[vlog_n_dests];
    std::atomic<int> min_level_; // the most verbose level over all destinations
    void update_min();
};

// A token bucket that admits `burst` messages, refilled at `per_minute` per minute, as OVS's
// VLOG_RATE_LIMIT_INIT. Messages dropped while it is empty are counted, and the next message
// let through is preceded by OVS's report of them ("Dropped N log messages in last S seconds
// (most recently, R seconds ago) due to excessive rate") at that message's module and level.
class vlog_rate_limit {
public:
    vlog_rate_limit(int per_minute, int burst);
    // Returns true when a message of `module` at `level` may be logged now, first logging the
    // report of the messages dropped before it, if any. Always true for a module that does
    // not honor rate limits (vlog/disable-rate-limit).
    bool admit(vlog_module& module, vlog_level level);

private:
    std::mutex mutex_;
    double tokens_;
    double per_msec_;
    double burst_;
    long long last_ = 0;
    unsigned n_dropped_ = 0;
    long long first_dropped_ = 0; // monotonic seconds of the first and last drop
    long long last_dropped_ = 0;
};

// Every registered module, in name order.
std::vector<vlog_module*> vlog_modules();
vlog_module* vlog_module_from_name(std::string_view name);

// Sets `level` for `module` (nullptr = every module) on `dest` (nullptr = every destination).
void vlog_set_levels(vlog_module* module, const vlog_dest* dest, vlog_level level);

// Applies an OVS level spec such as "dbg", "console:off", "unixctl:file:info" or
// "PATTERN:file:%m". Returns "" on success or OVS's error text.
std::string vlog_set_levels_from_string(std::string_view spec);

// The program and subprogram names used in messages and syslog ("(monitor)" in the monitor).
void vlog_set_program_name(std::string_view name);
void vlog_set_subprogram_name(std::string_view name);

// Opens `path` for the file destination (empty = "<logdir>/<program>.log"), replacing any
// log file open before; returns 0 or a positive errno, keeping the old file on failure.
int vlog_set_log_file(const std::string& path);
// Reopens the current log file (after rotation); returns 0, or a positive errno.
int vlog_reopen_log_file();
// Closes the log file; further file messages are dropped until a file is set again.
void vlog_close_log_file();
// The current log file's path, empty when none.
std::string vlog_get_log_file();

// Sets the format pattern of a destination (OVS pattern language: %D %N %c %T %p %m ...).
void vlog_set_pattern(vlog_dest dest, std::string_view pattern);
std::string vlog_get_pattern(vlog_dest dest);

// The text of `vlog/list` and `vlog/list-pattern`.
std::string vlog_list();
std::string vlog_list_pattern();

// Formats one line with `pattern` (exposed for tests and for the console's log views).
std::string vlog_format(std::string_view pattern, const char* module, vlog_level level,
                        unsigned long long seqno, long long wall_msec, std::string_view text);

// Logs `text` at EMER and terminates the process with exit status 1.
[[noreturn]] void vlog_fatal(vlog_module& module, std::string_view text);

} // namespace vigil

#define VLOG_DEFINE_THIS_MODULE(NAME) static ::vigil::vlog_module this_module_(#NAME)

#define VLOG_IS_ENABLED(LEVEL) (this_module_.enabled(::vigil::vlog_level::LEVEL))
#define VLOG_IS_DBG_ENABLED() VLOG_IS_ENABLED(dbg)
#define VLOG_IS_INFO_ENABLED() VLOG_IS_ENABLED(info)

#define VLOG_AT_(LEVEL, ...)                                                                       \
    do {                                                                                           \
        if (this_module_.enabled(::vigil::vlog_level::LEVEL)) {                                    \
            this_module_.log(::vigil::vlog_level::LEVEL, fmt::format(__VA_ARGS__));                \
        }                                                                                          \
    } while (0)

#define VLOG_AT_RL_(RL, LEVEL, ...)                                                                \
    do {                                                                                           \
        if (this_module_.enabled(::vigil::vlog_level::LEVEL) &&                                    \
            (RL).admit(this_module_, ::vigil::vlog_level::LEVEL)) {                                \
            this_module_.log(::vigil::vlog_level::LEVEL, fmt::format(__VA_ARGS__));                \
        }                                                                                          \
    } while (0)

#define VLOG_EMER(...) VLOG_AT_(emer, __VA_ARGS__)
#define VLOG_ERR(...) VLOG_AT_(err, __VA_ARGS__)
#define VLOG_WARN(...) VLOG_AT_(warn, __VA_ARGS__)
#define VLOG_INFO(...) VLOG_AT_(info, __VA_ARGS__)
#define VLOG_DBG(...) VLOG_AT_(dbg, __VA_ARGS__)
#define VLOG_ERR_RL(RL, ...) VLOG_AT_RL_(RL, err, __VA_ARGS__)
#define VLOG_WARN_RL(RL, ...) VLOG_AT_RL_(RL, warn, __VA_ARGS__)
#define VLOG_INFO_RL(RL, ...) VLOG_AT_RL_(RL, info, __VA_ARGS__)
#define VLOG_DBG_RL(RL, ...) VLOG_AT_RL_(RL, dbg, __VA_ARGS__)
#define VLOG_FATAL(...) ::vigil::vlog_fatal(this_module_, fmt::format(__VA_ARGS__))
