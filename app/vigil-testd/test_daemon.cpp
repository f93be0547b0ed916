#include "test_daemon.h"

#include "vigil/errors.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"
#include "vigil/version.h"
#include "vigil/vlog.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

VLOG_DEFINE_THIS_MODULE(vigil_testd);

using namespace vigil;

// A reconnecting client session (--connect), driven by its own poll owner.
struct test_daemon::client {
    std::unique_ptr<jsonrpc_session> session;
    std::unique_ptr<poll_owner> owner;
    reconnect_state last_state = reconnect_state::void_;
    unsigned last_seqno = 0;
};

test_daemon::test_daemon(const test_daemon_options& options)
    : options_(options),
      server_([this](jsonrpc_server_conn& conn, std::unique_ptr<jsonrpc_msg> msg) {
          on_message(conn, std::move(msg));
      }) {
    server_.set_change_hook([this] {
        connections_.update(server_);
        changed();
    });
    if (options_.max_message_size > 0) {
        server_.set_max_message_size(static_cast<std::size_t>(options_.max_message_size));
    }
    if (options_.probe_interval >= 0) {
        server_.set_probe_interval(options_.probe_interval);
    }
    if (options_.max_connections >= 0) {
        server_.set_max_connections(static_cast<std::size_t>(options_.max_connections));
    }
}

test_daemon::~test_daemon() = default;

int test_daemon::start() {
    for (const std::string& remote : options_.remotes) {
        int error = server_.add_remote(remote);
        if (error) {
            std::fprintf(stderr, "vigil-testd: %s: listen failed (%s)\n", remote.c_str(),
                         error_text(error).c_str());
            return error;
        }
    }
    for (const std::string& name : options_.connects) {
        auto c = std::make_unique<client>();
        c->session = jsonrpc_session::open(name, true);
        client* raw = c.get();
        c->owner = std::make_unique<poll_owner>([this, raw] {
            raw->session->run();
            while (auto msg = raw->session->recv()) {
                if (msg->type == jsonrpc_msg_type::request) {
                    raw->session->send(jsonrpc_msg::create_error(
                        boost::json::object{{"error", "unknown method"}}, std::move(msg->id)));
                }
            }
            raw->session->run();
            session_stats st = raw->session->stats();
            if (st.state != raw->last_state || st.seqno != raw->last_seqno) {
                raw->last_state = st.state;
                raw->last_seqno = st.seqno;
                changed();
            }
            raw->session->wait();
            raw->session->recv_wait();
        });
        c->owner->schedule();
        clients_.push_back(std::move(c));
    }
    if (options_.crash_after_ms >= 0) {
        crash_timer_ = std::make_unique<loop_timer>([ms = options_.crash_after_ms] {
            activity_error("crashing on purpose (--crash-after=" + std::to_string(ms) +
                           ": SIGSEGV)");
            std::raise(SIGSEGV);
        });
        crash_timer_->arm_in(options_.crash_after_ms);
    }
    return 0;
}

void test_daemon::announce(const std::string& unixctl_path) const {
    activity_print(std::string("vigil-testd ") + vigil::version + " started (pid " +
                   std::to_string(::getpid()) + ")");
    for (const std::string& name : server_.listeners()) {
        activity_print("listening for JSON-RPC on " + name);
    }
    for (const auto& c : clients_) {
        activity_print("connecting to " + c->session->name());
    }
    activity_print(unixctl_path.empty() ? std::string("no control socket")
                                        : "control socket " + unixctl_path);
    if (options_.crash_after_ms >= 0) {
        activity_print("will crash on purpose in " + std::to_string(options_.crash_after_ms) +
                       " ms (--crash-after)");
    }
}

void test_daemon::on_message(jsonrpc_server_conn& conn, std::unique_ptr<jsonrpc_msg> msg) {
    if (msg->type == jsonrpc_msg_type::request) {
        // echo is answered by the session itself; everything else is unknown here.
        requests_.print(conn.name() + ": request " + quoted(msg->method));
        conn.send(jsonrpc_msg::create_error(boost::json::object{{"error", "unknown method"}},
                                            std::move(msg->id)));
    } else if (msg->type == jsonrpc_msg_type::notify) {
        requests_.print(conn.name() + ": notification " + quoted(msg->method));
        if (msg->method == "shutdown") {
            shutdown_requested_ = true;
        }
    } else {
        static vlog_rate_limit rl(10, 10);
        VLOG_WARN_RL(rl, "{}: unexpected {} {}", conn.name(), jsonrpc_msg_type_to_string(msg->type),
                     msg->method);
    }
}

bool test_daemon::done() const {
    return exiting_ || (shutdown_requested_ && server_.n_sessions() == 0);
}

void test_daemon::changed() {
    change_seqno_++;
    answer_waiters();
}

void test_daemon::answer_waiters() {
    std::vector<waiter> still;
    for (waiter& w : waiters_) {
        if (!w.conn.pending()) {
            continue; // the client went away
        }
        if (change_seqno_ > w.after) {
            w.conn.reply(std::to_string(change_seqno_));
        } else {
            still.push_back(std::move(w));
        }
    }
    waiters_.swap(still);
}

boost::json::value test_daemon::sessions_json() const {
    boost::json::array all;
    for (session_stats s : server_.sessions()) {
        s.role = "server";
        all.push_back(to_json(s));
    }
    for (const auto& c : clients_) {
        session_stats s = c->session->stats();
        s.role = "client";
        all.push_back(to_json(s));
    }
    return all;
}

void test_daemon::register_commands() {
    unixctl_register_vlog_commands();
    unixctl_register_introspection_commands();
    unixctl_register_test_commands([this] {
        activity_print("exiting (exit command)");
        exiting_ = true;
    });
    unixctl_command_register("crash", "", 0, 0, [](const unixctl_conn&, const auto&) {
        activity_error("crashing on purpose (crash command: SIGSEGV)");
        std::raise(SIGSEGV);
    });
    unixctl_command_register("abort", "", 0, 0, [](const unixctl_conn&, const auto&) {
        activity_error("crashing on purpose (abort command: SIGABRT)");
        std::abort();
    });
    unixctl_command_register("sessions/show", "", 0, 0,
                             [this](const unixctl_conn& conn, const auto&) {
                                 boost::json::value v = sessions_json();
                                 if (conn.json_format()) {
                                     conn.reply_json(std::move(v));
                                 } else {
                                     conn.reply(json_to_string(v, json_sort | json_pretty));
                                 }
                             });
    // Answers once anything about the sessions changed after SEQNO (at once if it already
    // has), with the new change number: the console's push channel.
    unixctl_command_register("sessions/wait", "[SEQNO]", 0, 1,
                             [this](const unixctl_conn& conn, const auto& argv) {
                                 unsigned long long after = 0;
                                 if (argv.size() > 1) {
                                     char* end = nullptr;
                                     after = std::strtoull(argv[1].c_str(), &end, 10);
                                     if (!end || *end) {
                                         conn.reply_error("invalid SEQNO \"" + argv[1] + "\"");
                                         return;
                                     }
                                 }
                                 waiters_.push_back({conn, after});
                                 answer_waiters();
                             });
}
