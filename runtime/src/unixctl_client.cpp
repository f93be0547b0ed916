// The unixctl client: ovs-appctl's target resolution (pidfile, then socket), a blocking
// connect, and synchronous or asynchronous transactions with timeouts.
#include "vigil/unixctl_client.h"

#include "vigil/clock.h"
#include "vigil/errors.h"
#include "vigil/json.h"
#include "vigil/jsonrpc.h"
#include "vigil/pidfile.h"
#include "vigil/poll_loop.h"
#include "vigil/rundir.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <unistd.h>

namespace vigil {
extern vlog_module unixctl_vlog_module;
}
static vigil::vlog_module& this_module_ = vigil::unixctl_vlog_module;

namespace vigil {

// ---- target resolution ----------------------------------------------------------------------

int unixctl_resolve_target(const std::string& target, std::string& socket_path,
                           std::string& pidfile) {
    if ((!target.empty() && target[0] == '/') || target.starts_with("exec:")) {
        socket_path = target;
        pidfile.clear();
        return 0;
    }
    std::string dir = rundir();
    pidfile = dir + "/" + target + ".pid";
    pid_t pid;
    if (int error = read_pidfile(pidfile, pid)) {
        return error;
    }
    socket_path = fmt::format("{}/{}.{}.ctl", dir, target, static_cast<long>(pid));
    return 0;
}

// ---- client -----------------------------------------------------------------------------------

struct unixctl_client::impl {
    poll_loop* loop = nullptr;
    std::unique_ptr<jsonrpc> rpc;

    struct pending_request {
        boost::json::value id;
        long long deadline; // time_never when none
        callback done;
    };
    std::list<pending_request> pending;
    std::unique_ptr<poll_owner> owner; // created by the first asynchronous request
    std::unique_ptr<loop_timer> timer;
    // Set while the client exists; callbacks may destroy it, so loops check this after each.
    std::shared_ptr<bool> alive = std::make_shared<bool>(true);

    ~impl() { *alive = false; }

    static bool to_reply(jsonrpc_msg& msg, unixctl_reply& reply) {
        if (msg.type == jsonrpc_msg_type::reply) {
            reply.is_error = false;
            reply.value = std::move(msg.result);
            return true;
        }
        if (msg.type == jsonrpc_msg_type::error) {
            reply.is_error = true;
            reply.value = std::move(msg.error);
            return true;
        }
        return false;
    }

    void run_async();
    void arm_timer();
    void fail_all(int error);
};

unixctl_client::unixctl_client(std::unique_ptr<impl> impl) : impl_(std::move(impl)) {}
unixctl_client::~unixctl_client() = default;

int unixctl_client::create(const std::string& path, std::unique_ptr<unixctl_client>& out,
                           poll_loop* loop) {
    out.reset();
    // An `exec:` target is a command whose stdio reaches the daemon (ssh, socat); it is
    // opened as it is, while anything else names a socket file.
    std::string name = path.starts_with("exec:") ? path : "unix:" + abs_file_name_in_rundir(path);
    std::unique_ptr<stream> s;
    int error = stream::open_block(stream::open(name, 0, s), -1, s);
    if (error) {
        VLOG_WARN("failed to connect to {}", path);
        return error;
    }
    auto im = std::make_unique<impl>();
    im->loop = loop;
    im->rpc = std::make_unique<jsonrpc>(std::move(s));
    // A client trusts the daemon it chose to ask, as ovs-appctl does: no reply-size cap
    // unless its user sets one.
    im->rpc->set_max_message_size(0);
    out.reset(new unixctl_client(std::move(im)));
    return 0;
}

namespace {

boost::json::array string_params(const std::vector<std::string>& args) {
    boost::json::array params;
    params.reserve(args.size());
    for (const auto& a : args) {
        params.emplace_back(boost::json::string(a));
    }
    return params;
}

} // namespace

int unixctl_client::transact(const std::string& command, const std::vector<std::string>& args,
                             unixctl_reply& reply, long long timeout_ms) {
    reply = unixctl_reply();
    jsonrpc& rpc = *impl_->rpc;
    auto request = jsonrpc_msg::create_request(command, string_params(args));
    boost::json::value id = request->id;
    long long deadline = timeout_ms >= 0 ? time_msec() + timeout_ms : time_never;
    int error = rpc.send(std::move(request));
    while (!error) {
        rpc.run();
        std::unique_ptr<jsonrpc_msg> msg;
        error = rpc.recv(msg);
        if (!error) {
            if (msg && msg->id == id && impl::to_reply(*msg, reply)) {
                return 0;
            }
            continue; // not ours: discard it, as OVS's transact_block does
        }
        if (error != EAGAIN) {
            break;
        }
        error = 0;
        if (time_msec() >= deadline) {
            error = ETIMEDOUT;
            break;
        }
        rpc.wait();
        rpc.recv_wait();
        if (deadline != time_never) {
            poll_timer_wait_until(deadline);
        }
        poll_block();
    }
    VLOG_WARN("error communicating with {}: {}", rpc.name(), error_text(error));
    return error;
}

void unixctl_client::transact_async(const std::string& command,
                                    const std::vector<std::string>& args, callback done,
                                    long long timeout_ms) {
    impl& im = *impl_;
    if (!im.owner) {
        impl* raw = &im;
        im.owner = std::make_unique<poll_owner>([raw] { raw->run_async(); }, im.loop);
        im.timer = std::make_unique<loop_timer>(
            [raw] {
                auto alive = raw->alive;
                long long now = time_msec();
                for (auto it = raw->pending.begin(); *alive && it != raw->pending.end();) {
                    if (it->deadline <= now) {
                        callback cb = std::move(it->done);
                        it = raw->pending.erase(it);
                        cb(ETIMEDOUT, unixctl_reply());
                    } else {
                        ++it;
                    }
                }
                if (*alive) {
                    raw->arm_timer();
                }
            },
            im.loop);
    }
    auto request = jsonrpc_msg::create_request(command, string_params(args));
    impl::pending_request p;
    p.id = request->id;
    p.deadline = timeout_ms >= 0 ? time_msec() + timeout_ms : time_never;
    p.done = std::move(done);
    im.pending.push_back(std::move(p));
    im.rpc->send(std::move(request));
    im.arm_timer();
    im.owner->schedule();
}

void unixctl_client::impl::arm_timer() {
    long long first = time_never;
    for (const auto& p : pending) {
        first = std::min(first, p.deadline);
    }
    if (first == time_never) {
        timer->cancel();
    } else {
        timer->arm_at(first);
    }
}

void unixctl_client::impl::fail_all(int error) {
    // A callback may destroy the client, so the flag is tested before the list is touched.
    auto flag = alive;
    while (*flag && !pending.empty()) {
        callback cb = std::move(pending.front().done);
        pending.pop_front();
        cb(error, unixctl_reply());
    }
}

void unixctl_client::impl::run_async() {
    auto flag = alive;
    rpc->run();
    for (int i = 0; i < 50 && *flag; i++) {
        std::unique_ptr<jsonrpc_msg> msg;
        int error = rpc->recv(msg);
        if (error == EAGAIN) {
            break;
        }
        if (error) {
            fail_all(error);
            return;
        }
        unixctl_reply reply;
        if (!msg || !to_reply(*msg, reply)) {
            continue;
        }
        auto it = std::find_if(pending.begin(), pending.end(),
                               [&](const pending_request& p) { return p.id == msg->id; });
        if (it == pending.end()) {
            continue; // the late reply to a request that timed out
        }
        callback cb = std::move(it->done);
        pending.erase(it);
        cb(0, reply);
    }
    if (!*flag) {
        return;
    }
    if (int error = rpc->get_status()) {
        fail_all(error);
        return;
    }
    arm_timer();
    rpc->wait();
    rpc->recv_wait();
}

void unixctl_client::set_max_reply_size(std::size_t bytes) {
    impl_->rpc->set_max_message_size(bytes);
}

std::size_t unixctl_client::pending() const {
    return impl_->pending.size();
}

int unixctl_client::status() const {
    return impl_->rpc->get_status();
}

const std::string& unixctl_client::name() const {
    return impl_->rpc->name();
}

} // namespace vigil
