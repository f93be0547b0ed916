// The unixctl server: the process-wide command registry, the listener and its connections
// (each one a poll_owner, so idle connections cost nothing), request validation with OVS's
// error texts, deferred replies, and the built-in commands.
#include "vigil/unixctl.h"

#include "accept_limits.h"
#include "vigil/errors.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"
#include "vigil/poll_loop.h"
#include "vigil/rundir.h"
#include "vigil/socket_util.h"
#include "vigil/stream.h"
#include "vigil/version.h"
#include "vigil/vlog.h"

#include <boost/json.hpp>
#include <cerrno>
#include <cstdio>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <strings.h>
#include <unistd.h>

namespace vigil {
// Shared with unixctl_client.cpp so that both log as module "unixctl", as in OVS.
vlog_module unixctl_vlog_module("unixctl");
} // namespace vigil
static vigil::vlog_module& this_module_ = vigil::unixctl_vlog_module;

namespace vigil {
namespace {

// OVS's per-round limits: new connections accepted and messages read per connection.
constexpr int max_accepts_per_run = 10;
constexpr int max_messages_per_run = 10;

vlog_rate_limit rl(5, 5);

struct command {
    std::optional<std::string> usage; // nullopt: hidden from list-commands
    int min_args;
    int max_args;
    std::shared_ptr<unixctl_cb> callback;
};

struct registry {
    std::mutex mutex;
    std::map<std::string, command> commands; // sorted by name, as list-commands prints them
    std::string version_text;
    std::string program_name;
};

registry& reg() {
    static registry* r = new registry; // never destroyed: commands may run at exit
    return *r;
}

std::optional<command> find_command(const std::string& name) {
    std::lock_guard lock(reg().mutex);
    auto it = reg().commands.find(name);
    if (it == reg().commands.end()) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace

namespace detail {

// One client connection. The server owns it through a shared_ptr; unixctl_conn handles hold
// weak references, so a deferred reply to a closed connection is a harmless no-op.
struct unixctl_connection : std::enable_shared_from_this<unixctl_connection> {
    unixctl_server::impl* server = nullptr;
    std::unique_ptr<jsonrpc> rpc;
    bool json = false;
    std::optional<boost::json::value> request_id; // set while a request awaits its reply
    unsigned long long serial = 0;                // counts requests, to tell stale handles
    std::unique_ptr<poll_owner> owner;

    // Processes one round; returns 0, or the error that should close the connection.
    int run();
    void wait();
    void process_request(jsonrpc_msg& request);
    void send_reply(bool success, boost::json::value body);
    unixctl_conn handle() { return unixctl_conn(weak_from_this(), serial); }
    static std::shared_ptr<unixctl_connection> of(const unixctl_conn& c) { return c.conn_.lock(); }
};

} // namespace detail

struct unixctl_server::impl {
    poll_loop* loop = nullptr;
    std::string path;
    std::unique_ptr<pstream> listener;
    std::list<std::shared_ptr<detail::unixctl_connection>> conns;
    std::unique_ptr<poll_owner> owner;
    bool peer_uid_check = false;
    std::size_t max_connections = unixctl_server::default_max_connections;

    void run();
    void kill(detail::unixctl_connection* conn);
    bool peer_allowed(const stream& s) const;
};

// ---- replies ---------------------------------------------------------------------------------

void detail::unixctl_connection::send_reply(bool success, boost::json::value body) {
    boost::json::value id = std::move(*request_id);
    request_id.reset();
    if (VLOG_IS_DBG_ENABLED()) {
        VLOG_DBG("replying with {}, id={}: {}", success ? "success" : "error", json_to_string(id),
                 json_to_string(body));
    }
    // A send error surfaces through the status at the next run, which closes the connection.
    if (success) {
        rpc->send(jsonrpc_msg::create_reply(std::move(body), std::move(id)));
    } else {
        rpc->send(jsonrpc_msg::create_error(std::move(body), std::move(id)));
    }
    // Output is queued and reading may resume: run again.
    if (owner) {
        owner->schedule();
    }
}

namespace {

// The connection behind `conn` if it still awaits the reply to the request `serial`.
detail::unixctl_connection* live(const std::weak_ptr<detail::unixctl_connection>& conn,
                                 unsigned long long serial) {
    auto c = conn.lock();
    if (!c || !c->server || !c->request_id || c->serial != serial) {
        return nullptr;
    }
    return c.get(); // the server keeps it alive for the duration of the call
}

std::string with_newline(std::string_view text) {
    std::string s(text);
    if (!s.empty() && s.back() != '\n') {
        s += '\n';
    }
    return s;
}

} // namespace

void unixctl_conn::reply(std::string_view text) const {
    auto* c = live(conn_, serial_);
    if (!c) {
        return;
    }
    if (c->json) {
        boost::json::object o;
        o["reply-format"] = "plain";
        o["reply"] = boost::json::string(text);
        c->send_reply(true, std::move(o));
    } else {
        c->send_reply(true, boost::json::string(with_newline(text)));
    }
}

void unixctl_conn::reply_error(std::string_view text) const {
    if (auto* c = live(conn_, serial_)) {
        c->send_reply(false, boost::json::string(c->json ? std::string(text) : with_newline(text)));
    }
}

void unixctl_conn::reply_json(boost::json::value result) const {
    auto* c = live(conn_, serial_);
    if (!c) {
        return;
    }
    if (c->json) {
        c->send_reply(true, std::move(result));
    } else {
        c->send_reply(true, boost::json::string(with_newline(json_to_string(result, json_sort))));
    }
}

bool unixctl_conn::json_format() const {
    auto c = conn_.lock();
    return c && c->json;
}

bool unixctl_conn::pending() const {
    return live(conn_, serial_) != nullptr;
}

std::string unixctl_conn::name() const {
    auto c = conn_.lock();
    return c && c->server ? c->rpc->name() : std::string();
}

// ---- request processing ------------------------------------------------------------------------

void detail::unixctl_connection::process_request(jsonrpc_msg& request) {
    serial++;
    request_id = request.id;
    const std::string& method = request.method;
    const boost::json::array& params = request.params.as_array();
    if (VLOG_IS_DBG_ENABLED()) {
        VLOG_DBG("received request {}{}, id={}", method, json_to_string(request.params),
                 json_to_string(request.id));
    }

    std::optional<command> cmd = find_command(method);
    std::string error;
    if (!cmd) {
        error = fmt::format("\"{}\" is not a valid command (use \"list-commands\" to see a list "
                            "of valid commands)",
                            method);
    } else if (params.size() < static_cast<std::size_t>(cmd->min_args)) {
        error = fmt::format("\"{}\" command requires at least {} arguments", method, cmd->min_args);
    } else if (params.size() > static_cast<std::size_t>(cmd->max_args)) {
        error = fmt::format("\"{}\" command takes at most {} arguments", method, cmd->max_args);
    } else {
        std::vector<std::string> argv;
        argv.reserve(params.size() + 1);
        argv.push_back(method);
        for (const auto& p : params) {
            if (!p.is_string()) {
                error = fmt::format("\"{}\" command has non-string argument", method);
                break;
            }
            argv.emplace_back(p.get_string());
        }
        if (error.empty()) {
            (*cmd->callback)(handle(), argv);
            return;
        }
    }
    handle().reply_error(error);
}

int detail::unixctl_connection::run() {
    rpc->run();
    int error = rpc->get_status();
    if (error || rpc->get_backlog()) {
        // Until the client has read our last reply, read nothing more from it: a client that
        // never reads cannot make us queue without bound.
        return error;
    }
    auto self = shared_from_this(); // a callback may destroy the server
    for (int i = 0; i < max_messages_per_run && !error && !request_id; i++) {
        std::unique_ptr<jsonrpc_msg> msg;
        int retval = rpc->recv(msg);
        if (retval == EAGAIN) {
            break;
        }
        if (msg) {
            if (msg->type == jsonrpc_msg_type::request) {
                process_request(*msg);
                if (!server) {
                    return 0;
                }
            } else {
                VLOG_WARN_RL(rl, "{}: received unexpected {} message", rpc->name(),
                             jsonrpc_msg_type_to_string(msg->type));
                error = EINVAL;
            }
        }
        if (!error) {
            error = rpc->get_status();
        }
    }
    return error;
}

void detail::unixctl_connection::wait() {
    rpc->wait();
    // Waiting for input while a request is pending or output is queued would spin: nothing
    // will be read until those clear.
    if (!rpc->get_backlog() && !request_id) {
        rpc->recv_wait();
    }
}

// ---- server
// --------------------------------------------------------------------------------------

void unixctl_server::impl::kill(detail::unixctl_connection* conn) {
    for (auto it = conns.begin(); it != conns.end(); ++it) {
        if (it->get() == conn) {
            conn->server = nullptr;
            conns.erase(it); // destroys its owner, which is safe from inside its own run
            return;
        }
    }
}

bool unixctl_server::impl::peer_allowed(const stream& s) const {
    if (!peer_uid_check) {
        return true;
    }
    uid_t uid = 0;
    int error = socket_peer_uid(s.fd(), uid);
    if (error) {
        VLOG_WARN_RL(rl, "{}: cannot read the peer's credentials ({}), closing", s.name(),
                     error_text(error));
        return false;
    }
    if (!socket_peer_uid_allowed(uid)) {
        VLOG_WARN_RL(rl, "{}: rejected connection from uid {} (only uid {} and root may connect)",
                     s.name(), static_cast<unsigned long>(uid),
                     static_cast<unsigned long>(geteuid()));
        return false;
    }
    return true;
}

void unixctl_server::impl::run() {
    for (int i = 0; i < max_accepts_per_run; i++) {
        std::unique_ptr<stream> s;
        int error = listener->accept(s);
        if (!error && !peer_allowed(*s)) {
            continue; // dropping `s` closes the connection
        }
        if (!error && max_connections && conns.size() >= max_connections) {
            // Closed at once, so the client hears about it instead of waiting in the queue.
            VLOG_WARN_RL(rl, "{}: closing new connection {}: connection limit of {} reached",
                         listener->name(), s->name(), max_connections);
            continue;
        }
        if (!error) {
            auto conn = std::make_shared<detail::unixctl_connection>();
            conn->server = this;
            conn->rpc = std::make_unique<jsonrpc>(std::move(s));
            detail::unixctl_connection* raw = conn.get();
            conn->owner = std::make_unique<poll_owner>(
                [this, raw] {
                    int error = raw->run();
                    if (!raw->server) {
                        return;
                    }
                    if (error && error != EAGAIN) {
                        kill(raw);
                    } else {
                        raw->wait();
                    }
                },
                loop);
            conns.push_back(std::move(conn));
            raw->owner->schedule();
        } else if (error == EAGAIN) {
            break;
        } else {
            VLOG_WARN_RL(rl, "{}: accept failed: {}", listener->name(), error_text(error));
            if (detail::accept_error_is_exhaustion(error)) {
                // Out of fds: the listener stays readable, so waiting on it would spin. Look
                // again shortly instead (see accept_limits.h).
                poll_timer_wait(detail::accept_pause_ms);
                return;
            }
        }
    }
    listener->wait();
}

unixctl_server::unixctl_server(std::unique_ptr<impl> impl) : impl_(std::move(impl)) {}

unixctl_server::~unixctl_server() {
    for (auto& c : impl_->conns) {
        c->server = nullptr;
    }
    impl_->conns.clear();
    impl_->owner.reset();
}

const std::string& unixctl_server::path() const {
    return impl_->path;
}

std::size_t unixctl_server::connection_count() const {
    return impl_->conns.size();
}

void unixctl_server::set_peer_uid_check(bool on) {
    impl_->peer_uid_check = on;
}

void unixctl_server::set_max_connections(std::size_t n) {
    impl_->max_connections = n;
}

namespace {

void register_builtins();

} // namespace

int unixctl_server::create(const std::string& path, std::unique_ptr<unixctl_server>& out,
                           poll_loop* loop) {
    out.reset();
    if (path == "none") {
        return 0;
    }
    std::string abs = path.empty() ? fmt::format("{}/{}.{}.ctl", rundir(), unixctl_program_name(),
                                                 static_cast<long>(getpid()))
                                   : abs_file_name_in_rundir(path);
    auto im = std::make_unique<impl>();
    im->loop = loop;
    im->path = abs;
    int error = pstream::open("punix:" + abs, 0, im->listener);
    if (error) {
        std::fflush(stdout);
        std::fprintf(stderr, "%s: %s: could not initialize control socket (%s)\n",
                     unixctl_program_name().c_str(), abs.c_str(), error_text(error).c_str());
        return error;
    }
    register_builtins();
    impl* raw = im.get();
    im->owner = std::make_unique<poll_owner>([raw] { raw->run(); }, loop);
    out.reset(new unixctl_server(std::move(im)));
    raw->owner->schedule();
    return 0;
}

// ---- registry and built-ins
// ----------------------------------------------------------------------

bool unixctl_command_register(const std::string& name, const char* usage, int min_args,
                              int max_args, unixctl_cb callback) {
    std::lock_guard lock(reg().mutex);
    if (reg().commands.count(name)) {
        return false;
    }
    command c;
    if (usage) {
        c.usage = usage;
    }
    c.min_args = min_args;
    c.max_args = max_args;
    c.callback = std::make_shared<unixctl_cb>(std::move(callback));
    reg().commands.emplace(name, std::move(c));
    return true;
}

bool unixctl_command_unregister(const std::string& name) {
    std::lock_guard lock(reg().mutex);
    return reg().commands.erase(name) > 0;
}

std::string unixctl_list_commands_text() {
    std::lock_guard lock(reg().mutex);
    std::string out = "The available commands are:\n";
    for (const auto& [name, c] : reg().commands) {
        if (c.usage) {
            out += fmt::format("  {:<23} {}\n", name, *c.usage);
        }
    }
    return out;
}

void unixctl_set_version_text(std::string text) {
    std::lock_guard lock(reg().mutex);
    reg().version_text = std::move(text);
}

std::string unixctl_version_text() {
    std::string text;
    {
        std::lock_guard lock(reg().mutex);
        text = reg().version_text;
    }
    return text.empty() ? fmt::format("{} (Vigil) {}", unixctl_program_name(), version) : text;
}

void unixctl_set_program_name(std::string name) {
    std::lock_guard lock(reg().mutex);
    reg().program_name = std::move(name);
}

std::string unixctl_program_name() {
    {
        std::lock_guard lock(reg().mutex);
        if (!reg().program_name.empty()) {
            return reg().program_name;
        }
    }
    // OVS strips libtool's "lt-" prefix; glibc gives the base name of argv[0].
    std::string name = program_invocation_short_name;
    if (name.rfind("lt-", 0) == 0) {
        name.erase(0, 3);
    }
    return name;
}

namespace {

void list_commands_cmd(const unixctl_conn& conn, const std::vector<std::string>&) {
    if (!conn.json_format()) {
        conn.reply(unixctl_list_commands_text());
        return;
    }
    boost::json::object o;
    {
        std::lock_guard lock(reg().mutex);
        for (const auto& [name, c] : reg().commands) {
            if (c.usage) {
                o[name] = *c.usage;
            }
        }
    }
    conn.reply_json(std::move(o));
}

// Applies `set-options` arguments getopt-style: "--format X", "--format=X", "-f X", "-fX"
// (long names may be abbreviated). Returns "" or the error text.
std::string set_options(const std::vector<std::string>& argv, bool& json) {
    bool fmt_json = json;
    for (std::size_t i = 1; i < argv.size(); i++) {
        const std::string& a = argv[i];
        std::string value;
        bool have_value = false;
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2);
            auto eq = name.find('=');
            if (eq != std::string::npos) {
                value = name.substr(eq + 1);
                have_value = true;
                name.resize(eq);
            }
            if (name.empty() || std::string("format").compare(0, name.size(), name) != 0) {
                return "unrecognized option '" + a + "'";
            }
        } else if (a.size() >= 2 && a[0] == '-' && a[1] == 'f') {
            if (a.size() > 2) {
                value = a.substr(2);
                have_value = true;
            }
        } else if (a.size() >= 2 && a[0] == '-' && a != "--") {
            return fmt::format("invalid option -- '{}'", a[1]);
        } else {
            return "unrecognized option '" + a + "'";
        }
        if (!have_value) {
            if (i + 1 >= argv.size()) {
                return "option '" + a + "' requires an argument";
            }
            value = argv[++i];
        }
        if (strcasecmp(value.c_str(), "json") == 0) {
            fmt_json = true;
        } else if (strcasecmp(value.c_str(), "text") == 0) {
            fmt_json = false;
        } else {
            return "option format has invalid value " + value;
        }
    }
    json = fmt_json;
    return "";
}

void register_builtins() {
    unixctl_command_register("list-commands", "", 0, 0, list_commands_cmd);
    unixctl_command_register("version", "", 0, 0, [](const unixctl_conn& conn, const auto&) {
        conn.reply(unixctl_version_text());
    });
    unixctl_command_register("set-options", "[--format text|json]", 1, 2,
                             [](const unixctl_conn& conn, const std::vector<std::string>& argv) {
                                 auto c = detail::unixctl_connection::of(conn);
                                 bool json = c ? c->json : false;
                                 std::string error = set_options(argv, json);
                                 if (!error.empty()) {
                                     conn.reply_error(error);
                                     return;
                                 }
                                 // As in OVS, the new format already applies to this reply.
                                 if (c) {
                                     c->json = json;
                                 }
                                 conn.reply("");
                             });
}

} // namespace

} // namespace vigil
