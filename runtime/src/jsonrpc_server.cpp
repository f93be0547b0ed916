// The JSON-RPC server: listeners that accept within the connection limit (pausing when the
// process runs out of fds), and one poll owner per accepted session.
#include "vigil/jsonrpc_server.h"

#include "accept_limits.h"
#include "vigil/errors.h"
#include "vigil/jsonrpc.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

VLOG_DEFINE_THIS_MODULE(jsonrpc_server);

namespace vigil {

struct jsonrpc_server::listener {
    std::unique_ptr<pstream> ps;
    int dscp = 0;
    int probe_interval = 0;
    std::unique_ptr<poll_owner> owner;
};

jsonrpc_server_conn::jsonrpc_server_conn(jsonrpc_server& server,
                                         std::unique_ptr<jsonrpc_session> session)
    : server_(server), session_(std::move(session)), owner_([this] { run(); }) {
    last_seqno_ = session_->seqno();
    owner_.schedule();
}

jsonrpc_server_conn::~jsonrpc_server_conn() = default;

int jsonrpc_server_conn::send(std::unique_ptr<jsonrpc_msg> msg) {
    int error = session_->send(std::move(msg));
    // Replies sent from outside this connection's own run (deferred ones) need a run to be
    // flushed and to re-register for writability.
    owner_.schedule();
    return error;
}

void jsonrpc_server_conn::run() {
    session_->run();
    for (int i = 0; i < jsonrpc_server::messages_per_run; i++) {
        std::unique_ptr<jsonrpc_msg> msg = session_->recv();
        if (!msg) {
            break;
        }
        server_.on_message_(*this, std::move(msg));
        if (i + 1 == jsonrpc_server::messages_per_run) {
            // More may be buffered: let other connections have a turn first.
            poll_immediate_wake();
        }
    }
    // Flush what the messages of this run produced in one go.
    session_->run();
    if (!session_->is_alive()) {
        server_.remove(*this); // destroys this object: nothing may follow
        return;
    }
    if (session_->seqno() != last_seqno_) {
        last_seqno_ = session_->seqno();
        server_.changed();
    }
    session_->wait();
    session_->recv_wait();
}

jsonrpc_server::jsonrpc_server(handler on_message) : on_message_(std::move(on_message)) {}

jsonrpc_server::~jsonrpc_server() {
    conns_.clear();
    listeners_.clear();
}

int jsonrpc_server::add_remote(const std::string& name, int dscp) {
    auto l = std::make_unique<listener>();
    int error = pstream_open_with_default_port(name, ovsdb_default_port, dscp, l->ps);
    if (error) {
        VLOG_ERR("{}: listen failed: {}", name, error_text(error));
        return error;
    }
    l->dscp = dscp;
    l->probe_interval = stream_or_pstream_needs_probes(name) > 0 ? 5000 : 0;
    listener* raw = l.get();
    l->owner = std::make_unique<poll_owner>([this, raw] {
        if (accept_from(*raw)) {
            raw->ps->wait();
        } else {
            poll_timer_wait(detail::accept_pause_ms); // see accept_limits.h
        }
    });
    l->owner->schedule();
    listeners_.push_back(std::move(l));
    return 0;
}

std::vector<std::string> jsonrpc_server::listeners() const {
    std::vector<std::string> names;
    for (const auto& l : listeners_) {
        names.push_back(l->ps->name());
    }
    return names;
}

bool jsonrpc_server::accept_from(listener& l) {
    // Accept a bounded number per run so a connection storm cannot starve live sessions.
    static vlog_rate_limit rl(5, 5);
    int accepted = 0;
    int tries = 0;
    for (; tries < 64; tries++) {
        std::unique_ptr<stream> s;
        int error = l.ps->accept(s);
        if (error == EAGAIN) {
            break;
        }
        if (error) {
            VLOG_WARN_RL(rl, "{}: accept failed: {}", l.ps->name(), error_text(error));
            if (detail::accept_error_is_exhaustion(error)) {
                if (accepted) {
                    changed();
                }
                return false;
            }
            break;
        }
        if (max_connections_ && conns_.size() >= max_connections_) {
            // Accepting and closing tells the peer at once, where leaving it in the listen
            // queue would keep it waiting with no answer.
            VLOG_WARN_RL(rl, "{}: closing new connection {}: connection limit of {} reached",
                         l.ps->name(), s->name(), max_connections_);
            continue;
        }
        accepted++;
        auto rpc = std::make_unique<jsonrpc>(std::move(s));
        rpc->set_backlog_threshold(max_n_msgs_, max_backlog_bytes_);
        if (max_message_size_) {
            rpc->set_max_message_size(max_message_size_);
        }
        int probe = probe_override_ >= 0 ? probe_override_ : l.probe_interval;
        auto session = jsonrpc_session::open_unreliably(std::move(rpc), l.dscp, probe);
        conns_.push_back(std::make_unique<jsonrpc_server_conn>(*this, std::move(session)));
        conns_.back()->self_ = std::prev(conns_.end());
    }
    if (tries == 64) {
        poll_immediate_wake();
    }
    if (accepted) {
        changed();
    }
    return true;
}

void jsonrpc_server::remove(jsonrpc_server_conn& conn) {
    conns_.erase(conn.self_);
    changed();
}

void jsonrpc_server::changed() {
    if (change_hook_) {
        change_hook_();
    }
}

std::vector<jsonrpc_session_stats> jsonrpc_server::sessions() const {
    std::vector<jsonrpc_session_stats> out;
    out.reserve(conns_.size());
    for (const auto& c : conns_) {
        out.push_back(c->session().stats());
    }
    return out;
}

void jsonrpc_server::set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes) {
    max_n_msgs_ = max_n_msgs;
    max_backlog_bytes_ = max_backlog_bytes;
}

} // namespace vigil
