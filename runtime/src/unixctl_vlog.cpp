// The unixctl commands over the vlog module (vlog/*), cheap introspection (memory/show,
// coverage/show) and OVS's test-unixctl commands, with OVS's usage strings and reply texts.
#include "vigil/unixctl.h"

#include "vigil/clock.h"
#include "vigil/errors.h"
#include "vigil/poll_loop.h"
#include "vigil/vlog.h"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <strings.h>

// The `log` test command logs under this module, as OVS's test-unixctl does.
VLOG_DEFINE_THIS_MODULE(test_unixctl);

namespace vigil {
namespace {

// OVS keeps the log file's name after vlog/close, so a later vlog/reopen opens it again; our
// vlog module forgets it, so remember it here.
std::string& closed_log_file() {
    static std::string name;
    return name;
}

void vlog_set_cmd(const unixctl_conn& conn, const std::vector<std::string>& argv) {
    if (argv.size() == 1) {
        // No argument: every module at every destination to "dbg", as OVS does.
        vlog_set_levels(nullptr, nullptr, vlog_level::dbg);
    }
    for (std::size_t i = 1; i < argv.size(); i++) {
        std::string error = vlog_set_levels_from_string(argv[i]);
        if (!error.empty()) {
            conn.reply_error(error);
            return;
        }
    }
    conn.reply("");
}

void set_rate_limits(const unixctl_conn& conn, const std::vector<std::string>& argv, bool enable) {
    if (argv.size() == 1) {
        for (vlog_module* m : vlog_modules()) {
            m->honor_rate_limits = enable;
        }
    }
    for (std::size_t i = 1; i < argv.size(); i++) {
        if (strcasecmp(argv[i].c_str(), "ANY") == 0) {
            for (vlog_module* m : vlog_modules()) {
                m->honor_rate_limits = enable;
            }
        } else if (vlog_module* m = vlog_module_from_name(argv[i])) {
            m->honor_rate_limits = enable;
        } else {
            conn.reply_error("unknown module");
            return;
        }
    }
    conn.reply("");
}

void vlog_reopen_cmd(const unixctl_conn& conn, const std::vector<std::string>&) {
    if (vlog_get_log_file().empty() && !closed_log_file().empty()) {
        int error = vlog_set_log_file(closed_log_file());
        if (error) {
            conn.reply_error(error_text(error));
        } else {
            closed_log_file().clear();
            conn.reply("");
        }
        return;
    }
    if (vlog_get_log_file().empty()) {
        conn.reply_error("Logging to file not configured");
        return;
    }
    int error = vlog_reopen_log_file();
    if (error) {
        conn.reply_error(error_text(error));
    } else {
        conn.reply("");
    }
}

void vlog_close_cmd(const unixctl_conn& conn, const std::vector<std::string>&) {
    std::string name = vlog_get_log_file();
    if (!name.empty()) {
        closed_log_file() = name;
        vlog_close_log_file();
    }
    conn.reply("");
}

// The resident set size in kB from /proc, 0 when unavailable.
long long rss_kb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            return std::atoll(line.c_str() + 6);
        }
    }
    return 0;
}

void memory_show_cmd(const unixctl_conn& conn, const std::vector<std::string>&) {
    poll_loop_stats s = poll_loop::current().stats();
    if (conn.json_format()) {
        boost::json::object o;
        o["owners"] = static_cast<std::int64_t>(s.owners);
        o["watched-fds"] = static_cast<std::int64_t>(s.watched_fds);
        o["rss-kB"] = rss_kb();
        conn.reply_json(std::move(o));
        return;
    }
    conn.reply(
        fmt::format("owners:{} rss-kB:{} watched-fds:{}", s.owners, rss_kb(), s.watched_fds));
}

// OVS's coverage/show lists event counters with their rates; Vigil has no coverage counters,
// so it lists the poll loop's totals in the same line layout, without rates.
void coverage_show_cmd(const unixctl_conn& conn, const std::vector<std::string>&) {
    poll_loop_stats s = poll_loop::current().stats();
    std::string out = "Event coverage (totals since start):\n";
    auto line = [&](const char* name, unsigned long long n) {
        out += fmt::format("{:<24} total: {}\n", name, n);
    };
    line("poll_iterations", s.iterations);
    line("poll_owner_runs", s.owner_runs);
    line("poll_epoll_changes", s.epoll_changes);
    conn.reply(out);
}

} // namespace

void unixctl_register_vlog_commands() {
    unixctl_command_register("vlog/set", "{spec | PATTERN:destination:pattern}", 0,
                             unixctl_any_args, vlog_set_cmd);
    unixctl_command_register("vlog/list", "", 0, 0,
                             [](const unixctl_conn& c, const auto&) { c.reply(vlog_list()); });
    unixctl_command_register("vlog/list-pattern", "", 0, 0, [](const unixctl_conn& c, const auto&) {
        c.reply(vlog_list_pattern());
    });
    unixctl_command_register(
        "vlog/enable-rate-limit", "[module]...", 0, unixctl_any_args,
        [](const unixctl_conn& c, const auto& argv) { set_rate_limits(c, argv, true); });
    unixctl_command_register(
        "vlog/disable-rate-limit", "[module]...", 0, unixctl_any_args,
        [](const unixctl_conn& c, const auto& argv) { set_rate_limits(c, argv, false); });
    unixctl_command_register("vlog/reopen", "", 0, 0, vlog_reopen_cmd);
    unixctl_command_register("vlog/close", "", 0, 0, vlog_close_cmd);
}

void unixctl_register_introspection_commands() {
    unixctl_command_register("memory/show", "", 0, 0, memory_show_cmd);
    unixctl_command_register("coverage/show", "", 0, 0, coverage_show_cmd);
}

void unixctl_register_test_commands(std::function<void()> on_exit) {
    unixctl_command_register("exit", "", 0, 0,
                             [on_exit = std::move(on_exit)](const unixctl_conn& c, const auto&) {
                                 c.reply("");
                                 if (on_exit) {
                                     on_exit();
                                 }
                             });
    unixctl_command_register("echo", "ARG", 1, 1,
                             [](const unixctl_conn& c, const auto& argv) { c.reply(argv[1]); });
    unixctl_command_register(
        "echo_error", "ARG", 1, 1,
        [](const unixctl_conn& c, const auto& argv) { c.reply_error(argv[1]); });
    unixctl_command_register("log", "ARG", 1, 1, [](const unixctl_conn& c, const auto& argv) {
        VLOG_INFO("{}", argv[1]);
        c.reply("");
    });
    // Never replies, like Python's test-unixctl: for timeout and deferred-reply tests.
    unixctl_command_register("block", "", 0, 0, [](const unixctl_conn&, const auto&) {});
}

} // namespace vigil
