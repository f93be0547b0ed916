#include "vigil/vlog.h"

#include "vlog_syslog.h"

#include "vigil/clock.h"
#include "vigil/errors.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <mutex>
#include <spdlog/logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <strings.h>
#include <syslog.h>
#include <unistd.h>

namespace vigil {
namespace {

// The level table, as OVS's VLOG_LEVELS: each level's name and the syslog priority its
// messages are sent at (INFO is a syslog "notice", EMER an "alert").
struct level_info {
    const char* name;
    int syslog_priority;
};
constexpr level_info levels[] = {
    {"OFF", LOG_ALERT},    {"EMER", LOG_ALERT},  {"ERR", LOG_ERR},
    {"WARN", LOG_WARNING}, {"INFO", LOG_NOTICE}, {"DBG", LOG_DEBUG},
};
constexpr const char* dest_names[] = {"console", "syslog", "file"};

struct state {
    std::mutex mutex;
    std::map<std::string, vlog_module*, std::less<>> modules;
    std::string program = "vigil";
    std::string subprogram;
    std::string patterns[vlog_n_dests] = {
        "%D{%Y-%m-%dT%H:%M:%SZ}|%05N|%c%T|%p|%m",
        "ovs|%05N|%c%T|%p|%m",
        "%D{%Y-%m-%dT%H:%M:%S.###Z}|%05N|%c%T|%p|%m",
    };
    std::shared_ptr<spdlog::logger> console;
    std::shared_ptr<spdlog::logger> file;
    // Set by vlog_set_syslog_method(), or on the first syslog message from $OVS_SYSLOG_METHOD
    // (default "libc").
    std::unique_ptr<detail::vlog_syslogger> syslog;
    std::atomic<bool> have_syslog{false}; // `syslog` is set (checked without the lock)
    std::string log_file;
    unsigned long long seqno = 0;
    long long start_msec = time_wall_msec();
};

state& st() {
    static state* s = new state; // never destroyed: modules log from static destructors
    return *s;
}

std::shared_ptr<spdlog::logger> make_logger(const std::string& name, spdlog::sink_ptr sink) {
    auto logger = std::make_shared<spdlog::logger>(name, std::move(sink));
    logger->set_pattern("%v");
    logger->set_level(spdlog::level::trace);
    logger->flush_on(spdlog::level::trace);
    return logger;
}

spdlog::logger& console_logger() {
    state& s = st();
    if (!s.console) {
        s.console = make_logger("console", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    }
    return *s.console;
}

// Builds a transport for `method` without holding the log lock (opening a socket may log),
// then installs it. Returns "" or the error text.
std::string install_syslogger(std::string_view method, bool only_if_unset) {
    auto next = std::make_unique<detail::vlog_syslogger>();
    std::string program;
    {
        std::lock_guard lock(st().mutex);
        program = st().program;
    }
    std::string error = next->set_method(method, program);
    if (!error.empty()) {
        return error;
    }
    std::lock_guard lock(st().mutex);
    if (!only_if_unset || !st().syslog) {
        st().syslog = std::move(next);
        st().have_syslog = true;
    }
    return "";
}

// The first message for syslog picks the transport OVS would: $OVS_SYSLOG_METHOD, else libc.
void ensure_syslogger() {
    if (st().have_syslog.load()) {
        return;
    }
    const char* env = std::getenv("OVS_SYSLOG_METHOD");
    if (!env || !*env || !install_syslogger(env, true).empty()) {
        install_syslogger("libc", true);
    }
}

std::string format_time(const std::string& fmt, long long wall_msec, bool utc) {
    time_t secs = wall_msec / 1000;
    struct tm tm {};
    if (utc) {
        gmtime_r(&secs, &tm);
    } else {
        localtime_r(&secs, &tm);
    }
    // "###" stands for the milliseconds, as in OVS.
    std::string f = fmt;
    char ms[8];
    std::snprintf(ms, sizeof ms, "%03d", static_cast<int>(wall_msec % 1000));
    for (std::size_t p; (p = f.find("###")) != std::string::npos;) {
        f.replace(p, 3, ms);
    }
    char buf[128];
    std::size_t n = std::strftime(buf, sizeof buf, f.c_str(), &tm);
    return std::string(buf, n);
}

void pad(std::string& out, const std::string& field, bool left, char fill, int width) {
    int n = static_cast<int>(field.size());
    if (!left) {
        out.append(std::max(0, width - n), fill);
    }
    out += field;
    if (left) {
        out.append(std::max(0, width - n), ' ');
    }
}

char* hostname() {
    static char name[256] = "";
    if (!name[0]) {
        gethostname(name, sizeof name - 1);
    }
    return name;
}

} // namespace

std::string_view vlog_level_name(vlog_level level) {
    return levels[static_cast<int>(level)].name;
}

int vlog_syslog_priority(vlog_level level) {
    return levels[static_cast<int>(level)].syslog_priority;
}

std::string vlog_set_syslog_method(std::string_view method) {
    return install_syslogger(method, false);
}

std::string_view vlog_dest_name(vlog_dest dest) {
    return dest_names[static_cast<int>(dest)];
}

bool vlog_level_from_name(std::string_view name, vlog_level& level) {
    for (int i = 0; i <= static_cast<int>(vlog_level::dbg); i++) {
        if (name.size() == std::string_view(levels[i].name).size() &&
            strncasecmp(name.data(), levels[i].name, name.size()) == 0) {
            level = static_cast<vlog_level>(i);
            return true;
        }
    }
    return false;
}

vlog_module::vlog_module(const char* name) : name_(name) {
    for (auto& l : levels_) {
        l.store(static_cast<int>(vlog_level::info));
    }
    min_level_.store(static_cast<int>(vlog_level::info));
    std::lock_guard lock(st().mutex);
    st().modules.emplace(name, this);
}

vlog_level vlog_module::level(vlog_dest dest) const {
    return static_cast<vlog_level>(levels_[static_cast<int>(dest)].load());
}

void vlog_module::set_level(vlog_dest dest, vlog_level level) {
    levels_[static_cast<int>(dest)].store(static_cast<int>(level));
    update_min();
}

void vlog_module::update_min() {
    int m = 0;
    for (int d = 0; d < vlog_n_dests; d++) {
        int l = levels_[d].load();
        // The file destination only counts while a file is open.
        if (d == static_cast<int>(vlog_dest::file) && !st().file) {
            continue;
        }
        m = std::max(m, l);
    }
    min_level_.store(m);
}

void vlog_module::log(vlog_level level, std::string_view text) {
    if (static_cast<int>(level) <= levels_[static_cast<int>(vlog_dest::syslog)].load()) {
        ensure_syslogger();
    }
    state& s = st();
    std::lock_guard lock(s.mutex);
    unsigned long long seq = ++s.seqno;
    long long now = time_wall_msec();
    for (int d = 0; d < vlog_n_dests; d++) {
        if (static_cast<int>(level) > levels_[d].load()) {
            continue;
        }
        auto dest = static_cast<vlog_dest>(d);
        std::string line = vlog_format(s.patterns[d], name_, level, seq, now, text);
        switch (dest) {
        case vlog_dest::console:
            console_logger().info(line);
            break;
        case vlog_dest::file:
            if (s.file) {
                s.file->info(line);
            }
            break;
        case vlog_dest::syslog:
            // One syslog message per line of the text, empty lines skipped, as OVS sends them.
            if (s.syslog) {
                int priority = levels[static_cast<int>(level)].syslog_priority;
                for (std::size_t at = 0; at < line.size();) {
                    std::size_t end = std::min(line.find('\n', at), line.size());
                    if (end > at) {
                        s.syslog->send(priority, std::string_view(line).substr(at, end - at));
                    }
                    at = end + 1;
                }
            }
            break;
        }
    }
}

std::vector<vlog_module*> vlog_modules() {
    std::lock_guard lock(st().mutex);
    std::vector<vlog_module*> v;
    for (auto& [name, m] : st().modules) {
        v.push_back(m);
    }
    return v;
}

vlog_module* vlog_module_from_name(std::string_view name) {
    for (vlog_module* m : vlog_modules()) {
        if (name.size() == std::strlen(m->name()) &&
            strncasecmp(name.data(), m->name(), name.size()) == 0) {
            return m;
        }
    }
    return nullptr;
}

void vlog_set_levels(vlog_module* module, const vlog_dest* dest, vlog_level level) {
    std::vector<vlog_module*> targets = module ? std::vector{module} : vlog_modules();
    for (vlog_module* m : targets) {
        for (int d = 0; d < vlog_n_dests; d++) {
            if (!dest || static_cast<int>(*dest) == d) {
                m->set_level(static_cast<vlog_dest>(d), level);
            }
        }
    }
}

void vlog_set_program_name(std::string_view name) {
    std::lock_guard lock(st().mutex);
    st().program = std::string(name);
}

void vlog_set_subprogram_name(std::string_view name) {
    std::lock_guard lock(st().mutex);
    st().subprogram = std::string(name);
}

int vlog_set_log_file(const std::string& path_in) {
    std::string path = path_in;
    if (path.empty()) {
        const char* dir = std::getenv("OVS_LOGDIR");
        path = std::string(dir && *dir ? dir : "/var/log/vigil") + "/" + st().program + ".log";
    }
    // Probe first so the caller gets the real errno; spdlog only reports a message.
    if (FILE* probe = std::fopen(path.c_str(), "a")) {
        std::fclose(probe);
    } else {
        return errno;
    }
    std::shared_ptr<spdlog::logger> logger;
    try {
        logger = make_logger("file", std::make_shared<spdlog::sinks::basic_file_sink_mt>(path));
    } catch (const spdlog::spdlog_ex& e) {
        return EACCES;
    }
    {
        std::lock_guard lock(st().mutex);
        st().file = logger;
        st().log_file = path;
    }
    for (vlog_module* m : vlog_modules()) {
        m->set_level(vlog_dest::file, m->level(vlog_dest::file));
    }
    return 0;
}

int vlog_reopen_log_file() {
    std::string path = vlog_get_log_file();
    return path.empty() ? 0 : vlog_set_log_file(path);
}

void vlog_close_log_file() {
    {
        std::lock_guard lock(st().mutex);
        st().file.reset();
        st().log_file.clear();
    }
    for (vlog_module* m : vlog_modules()) {
        m->set_level(vlog_dest::file, m->level(vlog_dest::file));
    }
}

std::string vlog_get_log_file() {
    std::lock_guard lock(st().mutex);
    return st().log_file;
}

void vlog_set_pattern(vlog_dest dest, std::string_view pattern) {
    std::lock_guard lock(st().mutex);
    st().patterns[static_cast<int>(dest)] = std::string(pattern);
}

std::string vlog_get_pattern(vlog_dest dest) {
    std::lock_guard lock(st().mutex);
    return st().patterns[static_cast<int>(dest)];
}

std::string vlog_list() {
    std::string out = "                 console    syslog    file\n"
                      "                 -------    ------    ------\n";
    for (vlog_module* m : vlog_modules()) {
        out += fmt::format("{:<16} {:>4}       {:>4}       {:>4}\n", m->name(),
                           vlog_level_name(m->level(vlog_dest::console)),
                           vlog_level_name(m->level(vlog_dest::syslog)),
                           vlog_level_name(m->level(vlog_dest::file)));
    }
    return out;
}

std::string vlog_list_pattern() {
    std::string out = "         prefix                            format\n"
                      "         ------                            ------\n";
    std::string prefix = "<%B> %D{%h %e %T} %E %A:";
    {
        std::lock_guard lock(st().mutex);
        if (st().syslog) {
            prefix = st().syslog->prefix();
        }
    }
    out += fmt::format("{:<9}{:<34}{}\n", "SYSLOG", prefix, vlog_get_pattern(vlog_dest::syslog));
    out += fmt::format("{:<9}{:<34}{}\n", "CONSOLE", "none", vlog_get_pattern(vlog_dest::console));
    out += fmt::format("{:<9}{:<34}{}\n", "FILE", "none", vlog_get_pattern(vlog_dest::file));
    return out;
}

std::string vlog_format(std::string_view pattern, const char* module, vlog_level level,
                        unsigned long long seqno, long long wall_msec, std::string_view text) {
    std::string out;
    out.reserve(pattern.size() + text.size() + 32);
    for (std::size_t i = 0; i < pattern.size(); i++) {
        char c = pattern[i];
        if (c != '%' || i + 1 >= pattern.size()) {
            out += c;
            continue;
        }
        i++;
        bool left = false;
        char fill = ' ';
        if (pattern[i] == '-') {
            left = true;
            i++;
        }
        if (i < pattern.size() && pattern[i] == '0') {
            fill = '0';
            i++;
        }
        int width = 0;
        while (i < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[i]))) {
            width = width * 10 + (pattern[i++] - '0');
        }
        if (i >= pattern.size()) {
            break;
        }
        std::string field;
        char conv = pattern[i];
        switch (conv) {
        case 'A':
            field = st().program;
            break;
        case 'B':
            // OVS's facility for %B is local0 unless one was configured.
            field = std::to_string(LOG_LOCAL0 | levels[static_cast<int>(level)].syslog_priority);
            break;
        case 'c':
            field = module;
            break;
        case 'd':
        case 'D': {
            std::string tf = conv == 'D' ? "%Y-%m-%d %H:%M:%S.###" : "%Y-%m-%d %H:%M:%S";
            if (i + 1 < pattern.size() && pattern[i + 1] == '{') {
                auto close = pattern.find('}', i + 2);
                if (close != std::string_view::npos) {
                    tf = std::string(pattern.substr(i + 2, close - i - 2));
                    i = close;
                }
            }
            field = format_time(tf, wall_msec, conv == 'D');
            break;
        }
        case 'E':
            field = hostname();
            break;
        case 'm':
            field = std::string(text);
            break;
        case 'N':
            field = std::to_string(seqno);
            break;
        case 'n':
            field = "\n";
            break;
        case 'p':
            field = vlog_level_name(level);
            break;
        case 'P':
            field = std::to_string(getpid());
            break;
        case 'r':
            field = std::to_string(wall_msec - st().start_msec);
            break;
        case 't':
            field = st().subprogram.empty() ? "main" : st().subprogram;
            break;
        case 'T':
            field = st().subprogram.empty() ? "" : "(" + st().subprogram + ")";
            break;
        default:
            field = std::string(1, conv);
            break;
        }
        pad(out, field, left, fill, width);
    }
    return out;
}

void vlog_fatal(vlog_module& module, std::string_view text) {
    module.log(vlog_level::emer, text);
    if (module.level(vlog_dest::console) < vlog_level::emer)
        std::fprintf(stderr, "%s: %.*s\n", st().program.c_str(), static_cast<int>(text.size()),
                     text.data());
    std::exit(1);
}

} // namespace vigil
