// The test-reconnect command language (spec section 5) as a class, shared by the
// vigil-test-reconnect program and its fuzz target: a driver reads lines, runs them against a
// reconnect FSM on virtual time, and prints OVS's transcript to a FILE.
#pragma once

#include "vigil/reconnect.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace vigil_test_reconnect {

// A fatal error of the command language (unknown command, wrong argument count, bad
// argument): the program prints it and exits 1; the fuzz target only counts it.
struct driver_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void fatal(const std::string& message) {
    throw driver_error(message);
}

// Splits a line into words like a shell does: words are separated by white space; single
// quotes take everything up to the closing quote literally; double quotes group words and
// honour backslash escapes, as does a backslash outside quotes.
inline std::vector<std::string> split_words(std::string_view line) {
    std::vector<std::string> words;
    size_t i = 0;
    auto is_space = [](char c) { return std::strchr(" \t\n\v\f\r", c) != nullptr && c; };
    while (true) {
        while (i < line.size() && is_space(line[i])) {
            i++;
        }
        if (i >= line.size()) {
            break;
        }
        std::string word;
        char quote = 0;
        for (; i < line.size(); i++) {
            char c = line[i];
            if (quote && c == quote) {
                quote = 0;
            } else if (!quote && (c == '\'' || c == '"')) {
                quote = c;
            } else if (c == '\\' && quote != '\'') {
                if (++i >= line.size()) {
                    break; // a trailing backslash is dropped
                }
                word += line[i];
            } else if (!quote && is_space(c)) {
                i++;
                break;
            } else {
                word += c;
            }
        }
        words.push_back(std::move(word));
    }
    return words;
}

// Parses the error word of `disconnected` and `connect-failed`.
inline int parse_error(const std::string& word) {
    if (word == "ECONNREFUSED") {
        return ECONNREFUSED;
    }
    if (word == "EOF") {
        return EOF;
    }
    fatal("unknown error '" + word + "'");
}

class driver {
public:
    // Writes the transcript to `out`.
    explicit driver(std::FILE* out) : out_(out), fsm_(now_) {
        fsm_.set_name("remote");
        fsm_.set_quiet(true);
        prev_ = fsm_.stats(now_);
        std::fprintf(out_, "### t=%lld ###\n", now_);
        old_time_ = now_;
    }

    // Processes one line as read by a 128-byte fgets (so possibly a fragment of a longer
    // line, which OVS's driver treats as a line of its own).
    void process(const char* line) {
        std::fputs(line, out_);
        if (line[0] == '#') {
            return;
        }
        std::vector<std::string> words = split_words(line);
        if (!words.empty()) {
            execute(words);
        }
        if (now_ != old_time_) {
            std::fprintf(out_, "\n### t=%lld ###\n", now_);
        }
        vigil::reconnect_stats cur = fsm_.stats(now_);
        print_diff(prev_, cur, static_cast<unsigned>(now_ - old_time_));
        prev_ = cur;
        if (fsm_.max_tries() != old_max_tries_) {
            old_max_tries_ = fsm_.max_tries();
            std::fprintf(out_, "  %u tries left\n", old_max_tries_);
        }
        old_time_ = now_;
    }

private:
    struct command {
        const char* name;
        size_t min_args;
        size_t max_args;
        void (driver::*handler)(const std::vector<std::string>& args);
    };

    void execute(const std::vector<std::string>& words) {
        static const command commands[] = {
            {"enable", 0, 0, &driver::do_enable},
            {"disable", 0, 0, &driver::do_disable},
            {"force-reconnect", 0, 0, &driver::do_force_reconnect},
            {"disconnected", 0, 1, &driver::do_disconnected},
            {"connecting", 0, 0, &driver::do_connecting},
            {"connect-failed", 0, 1, &driver::do_connect_failed},
            {"connected", 0, 0, &driver::do_connected},
            {"activity", 0, 0, &driver::do_activity},
            {"run", 0, 1, &driver::do_run},
            {"advance", 1, 1, &driver::do_advance},
            {"timeout", 0, 0, &driver::do_timeout},
            {"set-max-tries", 1, 1, &driver::do_set_max_tries},
            {"set-backoff-free-tries", 1, 1, &driver::do_set_backoff_free_tries},
            {"passive", 0, 0, &driver::do_passive},
            {"listening", 0, 0, &driver::do_listening},
            {"listen-error", 1, 1, &driver::do_listen_error},
            {"receive-attempted", 1, 1, &driver::do_receive_attempted},
        };
        const std::string& name = words[0];
        std::vector<std::string> args(words.begin() + 1, words.end());
        for (const command& c : commands) {
            if (name != c.name) {
                continue;
            }
            if (args.size() < c.min_args) {
                fatal("'" + name + "' command requires at least " + std::to_string(c.min_args) +
                      " arguments");
            }
            if (args.size() > c.max_args) {
                fatal("'" + name + "' command takes at most " + std::to_string(c.max_args) +
                      " arguments");
            }
            (this->*c.handler)(args);
            return;
        }
        fatal("unknown command '" + name + "'");
    }

    // Numeric arguments are read like C's atoi(), as OVS's driver does.
    static int to_int(const std::string& s) { return std::atoi(s.c_str()); }
    static int error_arg(const std::vector<std::string>& args) {
        return args.empty() ? 0 : parse_error(args[0]);
    }

    void do_enable(const std::vector<std::string>&) { fsm_.enable(now_); }
    void do_disable(const std::vector<std::string>&) { fsm_.disable(now_); }
    void do_force_reconnect(const std::vector<std::string>&) { fsm_.force_reconnect(now_); }
    void do_disconnected(const std::vector<std::string>& a) {
        fsm_.disconnected(now_, error_arg(a));
    }
    void do_connecting(const std::vector<std::string>&) { fsm_.connecting(now_); }
    void do_connect_failed(const std::vector<std::string>& a) {
        fsm_.connect_failed(now_, error_arg(a));
    }
    void do_connected(const std::vector<std::string>&) { fsm_.connected(now_); }
    void do_activity(const std::vector<std::string>&) { fsm_.activity(now_); }
    void do_run(const std::vector<std::string>& a) {
        if (!a.empty()) {
            now_ += to_int(a[0]);
        }
        switch (fsm_.run(now_)) {
        case vigil::reconnect::action::connect:
            std::fprintf(out_, "  should connect\n");
            break;
        case vigil::reconnect::action::disconnect:
            std::fprintf(out_, "  should disconnect\n");
            break;
        case vigil::reconnect::action::probe:
            std::fprintf(out_, "  should send probe\n");
            break;
        case vigil::reconnect::action::none:
            break;
        }
    }
    void do_advance(const std::vector<std::string>& a) { now_ += to_int(a[0]); }
    void do_timeout(const std::vector<std::string>&) {
        int t = fsm_.timeout(now_);
        if (t >= 0) {
            std::fprintf(out_, "  advance %d ms\n", t);
            now_ += t;
        } else {
            std::fprintf(out_, "  no timeout\n");
        }
    }
    void do_set_max_tries(const std::vector<std::string>& a) {
        fsm_.set_max_tries(static_cast<unsigned>(to_int(a[0])));
    }
    void do_set_backoff_free_tries(const std::vector<std::string>& a) {
        fsm_.set_backoff_free_tries(static_cast<unsigned>(to_int(a[0])));
    }
    void do_passive(const std::vector<std::string>&) { fsm_.set_passive(true, now_); }
    void do_listening(const std::vector<std::string>&) { fsm_.listening(now_); }
    void do_listen_error(const std::vector<std::string>& a) {
        fsm_.listen_error(now_, to_int(a[0]));
    }
    void do_receive_attempted(const std::vector<std::string>& a) {
        if (a[0] == "now") {
            fsm_.receive_attempted(now_);
        } else if (a[0] == "LLONG_MAX") {
            fsm_.receive_attempted(LLONG_MAX);
        } else {
            fatal("receive-attempted: bad argument " + a[0]);
        }
    }

    // Prints what changed between two snapshots taken `delta` ms apart (spec §5.3). Elapsed
    // times that merely grew by `delta` are not news; the 32-bit wrap-around is intended.
    void print_diff(const vigil::reconnect_stats& o, const vigil::reconnect_stats& n,
                    unsigned delta) {
        if (std::strcmp(o.state, n.state) != 0 || o.state_elapsed != n.state_elapsed ||
            o.backoff != n.backoff) {
            std::fprintf(out_, "  in %s for %u ms (%d ms backoff)\n", n.state, n.state_elapsed,
                         n.backoff);
        }
        if (o.creation_time != n.creation_time || o.last_activity != n.last_activity ||
            o.last_connected != n.last_connected) {
            std::fprintf(out_, "  created %lld, last activity %lld, last connected %lld\n",
                         n.creation_time, n.last_activity, n.last_connected);
        }
        if (o.n_successful_connections != n.n_successful_connections ||
            o.n_attempted_connections != n.n_attempted_connections || o.seqno != n.seqno) {
            std::fprintf(out_, "  %u successful connections out of %u attempts, seqno %u\n",
                         n.n_successful_connections, n.n_attempted_connections, n.seqno);
        }
        if (o.is_connected != n.is_connected) {
            std::fprintf(out_, "  %s\n", n.is_connected ? "connected" : "disconnected");
        }
        if (o.last_connected != n.last_connected ||
            (o.msec_since_connect != n.msec_since_connect - delta &&
             !(o.msec_since_connect == UINT_MAX && n.msec_since_connect == UINT_MAX)) ||
            (o.total_connected_duration != n.total_connected_duration - delta &&
             !(o.total_connected_duration == 0 && n.total_connected_duration == 0))) {
            std::fprintf(out_, "  last connected %u ms ago, connected %u ms total\n",
                         n.msec_since_connect, n.total_connected_duration);
        }
        if (o.last_disconnected != n.last_disconnected ||
            (o.msec_since_disconnect != n.msec_since_disconnect - delta &&
             !(o.msec_since_disconnect == UINT_MAX && n.msec_since_disconnect == UINT_MAX))) {
            std::fprintf(out_, "  disconnected at %lld ms (%u ms ago)\n", n.last_disconnected,
                         n.msec_since_disconnect);
        }
    }

    std::FILE* out_;
    long long now_ = 1000;
    vigil::reconnect fsm_;
    vigil::reconnect_stats prev_;
    long long old_time_ = 0;
    unsigned old_max_tries_ = UINT_MAX;
};

} // namespace vigil_test_reconnect
