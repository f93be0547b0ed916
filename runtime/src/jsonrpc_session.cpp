#include "vigil/jsonrpc_session.h"

#include "vigil/clock.h"
#include "vigil/dns_resolve.h"
#include "vigil/errors.h"
#include "vigil/jsonrpc.h"
#include "vigil/stream.h"
#include "vigil/vlog.h"

#include <cerrno>
#include <climits>

VLOG_DEFINE_THIS_MODULE(jsonrpc_session);

namespace vigil {

jsonrpc_session::jsonrpc_session(std::vector<std::string> remotes, bool retry)
    : remotes_(std::move(remotes)), fsm_(time_msec()) {
    if (remotes_.empty()) {
        remotes_.push_back("invalid:");
    }
    long long now = time_msec();
    pick_remote();
    fsm_.enable(now);
    fsm_.set_backoff_free_tries(static_cast<unsigned>(remotes_.size()));
    const std::string& first = fsm_.name();
    if (pstream_verify_name(first) == 0) {
        fsm_.set_passive(true, now);
    } else if (!retry) {
        fsm_.set_max_tries(static_cast<unsigned>(remotes_.size()));
        fsm_.set_backoff(INT_MAX, INT_MAX);
    }
    if (stream_or_pstream_needs_probes(first) == 0) {
        fsm_.set_probe_interval(0);
    }
}

jsonrpc_session::~jsonrpc_session() = default;

std::unique_ptr<jsonrpc_session> jsonrpc_session::open(const std::string& name, bool retry) {
    return open_multiple({name}, retry);
}

std::unique_ptr<jsonrpc_session> jsonrpc_session::open_multiple(std::vector<std::string> remotes,
                                                                bool retry) {
    return std::unique_ptr<jsonrpc_session>(new jsonrpc_session(std::move(remotes), retry));
}

std::unique_ptr<jsonrpc_session> jsonrpc_session::open_unreliably(std::unique_ptr<jsonrpc> rpc,
                                                                  int dscp, int probe_interval) {
    std::string name = rpc->name();
    auto s = std::unique_ptr<jsonrpc_session>(new jsonrpc_session({name}, true));
    long long now = time_msec();
    s->fsm_.set_quiet(true);
    s->fsm_.set_name(name);
    s->fsm_.set_max_tries(0);
    s->fsm_.set_probe_interval(probe_interval);
    s->fsm_.connected(now);
    s->dscp_ = dscp;
    s->rpc_ = std::move(rpc);
    s->seqno_ = 1;
    return s;
}

void jsonrpc_session::pick_remote() {
    fsm_.set_name(remotes_[next_remote_]);
    next_remote_ = (next_remote_ + 1) % remotes_.size();
}

void jsonrpc_session::disconnect() {
    if (rpc_) {
        rpc_.reset();
    } else if (stream_) {
        stream_.reset();
    } else if (resolving_) {
        resolving_ = false;
    } else {
        return;
    }
    seqno_++;
    pick_remote();
}

void jsonrpc_session::connect() {
    long long now = time_msec();
    disconnect();
    int error;
    if (!fsm_.is_passive()) {
        error = stream_open_with_default_port(fsm_.name(), ovsdb_default_port, dscp_, stream_);
        if (!error || error == EAGAIN) {
            // EAGAIN: the host name is being resolved. That is part of this connection attempt,
            // so the FSM counts it as connecting (and times it out as such), and run() opens the
            // stream once the resolver has the address, instead of failing and backing off.
            fsm_.connecting(now);
            resolving_ = error == EAGAIN;
            error = 0;
        } else {
            last_error_ = error;
        }
    } else {
        error = pstream_ ? 0
                         : pstream_open_with_default_port(fsm_.name(), ovsdb_default_port, dscp_,
                                                          pstream_);
        if (!error) {
            fsm_.listening(now);
        }
    }
    if (error) {
        fsm_.connect_failed(now, error);
        pick_remote();
    }
}

void jsonrpc_session::adopt(std::unique_ptr<jsonrpc> rpc) {
    rpc_ = std::move(rpc);
    rpc_->set_backlog_threshold(max_n_msgs_, max_backlog_bytes_);
    if (max_message_size_) {
        rpc_->set_max_message_size(max_message_size_);
    }
}

void jsonrpc_session::run() {
    if (pstream_) {
        std::unique_ptr<stream> accepted;
        int error = pstream_->accept(accepted);
        if (!error) {
            if (rpc_ || stream_) {
                static vlog_rate_limit rl(5, 5);
                VLOG_INFO_RL(rl, "{}: new connection replacing active connection", fsm_.name());
                disconnect();
            }
            fsm_.connected(time_msec());
            adopt(std::make_unique<jsonrpc>(std::move(accepted)));
            seqno_++;
        } else if (error != EAGAIN) {
            // As in OVS, the listener is closed and reopened after the FSM's backoff. That
            // also keeps EMFILE from spinning the loop on a listener that stays readable, and
            // a passive session holds one connection at a time (a new peer replaces the
            // old), so it needs no connection limit of its own.
            fsm_.listen_error(time_msec(), error);
            pstream_.reset();
        }
    }

    if (resolving_) {
        int error = stream_open_with_default_port(fsm_.name(), ovsdb_default_port, dscp_, stream_);
        if (error != EAGAIN) {
            resolving_ = false;
            if (error) {
                fsm_.connect_failed(time_msec(), error);
                pick_remote();
                last_error_ = error;
            }
        }
    }

    if (rpc_) {
        std::size_t backlog = rpc_->get_backlog();
        rpc_->run();
        // Only output that had to wait in the queue counts as activity: bytes the kernel took
        // at once prove nothing about the peer.
        if (rpc_->get_backlog() < backlog) {
            fsm_.activity(time_msec());
        }
        int error = rpc_->get_status();
        if (error) {
            fsm_.disconnected(time_msec(), error);
            disconnect();
            last_error_ = error;
        }
    } else if (stream_) {
        stream_->run();
        int error = stream_->connect();
        if (!error) {
            fsm_.connected(time_msec());
            adopt(std::make_unique<jsonrpc>(std::move(stream_)));
            seqno_++;
        } else if (error != EAGAIN) {
            fsm_.connect_failed(time_msec(), error);
            pick_remote();
            stream_.reset();
            last_error_ = error;
        }
    }

    switch (fsm_.run(time_msec())) {
    case reconnect::action::connect:
        connect();
        break;
    case reconnect::action::disconnect:
        fsm_.disconnected(time_msec(), 0);
        disconnect();
        break;
    case reconnect::action::probe:
        if (rpc_) {
            auto probe = jsonrpc_msg::create_request("echo", boost::json::array());
            probe->id = "echo";
            rpc_->send(std::move(probe));
        }
        break;
    case reconnect::action::none:
        break;
    }
}

void jsonrpc_session::wait() {
    if (rpc_) {
        rpc_->wait();
    } else if (stream_) {
        stream_->run_wait();
        stream_->connect_wait();
    } else if (resolving_) {
        dns_resolve_wait();
    }
    if (pstream_) {
        pstream_->wait();
    }
    fsm_.wait(time_msec());
}

void jsonrpc_session::recv_wait() {
    if (rpc_) {
        rpc_->recv_wait();
    }
}

std::unique_ptr<jsonrpc_msg> jsonrpc_session::recv() {
    while (rpc_) {
        unsigned before = rpc_->get_received_bytes();
        std::unique_ptr<jsonrpc_msg> msg;
        rpc_->recv(msg);
        long long now = time_msec();
        fsm_.receive_attempted(now);
        // Any byte is a sign of life, so a slow large message does not time the peer out.
        if (before != rpc_->get_received_bytes()) {
            fsm_.activity(now);
        }
        if (!msg) {
            return nullptr;
        }
        if (msg->type == jsonrpc_msg_type::request && msg->method == "echo") {
            // The request becomes its own reply (its params, an array, are the result), which
            // saves building a second message per probe or benchmark echo.
            msg->type = jsonrpc_msg_type::reply;
            msg->result = std::move(msg->params);
            msg->params = nullptr;
            msg->method.clear();
            send(std::move(msg));
            continue;
        }
        if (msg->type == jsonrpc_msg_type::reply && msg->id.is_string() &&
            msg->id.get_string() == "echo") {
            continue;
        }
        return msg;
    }
    return nullptr;
}

int jsonrpc_session::send(std::unique_ptr<jsonrpc_msg> msg) {
    if (!rpc_) {
        return ENOTCONN;
    }
    return rpc_->send(std::move(msg));
}

bool jsonrpc_session::is_alive() const {
    return rpc_ || stream_ || resolving_ || fsm_.max_tries() > 0;
}

bool jsonrpc_session::is_connected() const {
    return rpc_ != nullptr;
}

int jsonrpc_session::status() const {
    return rpc_ ? rpc_->get_status() : 0;
}

std::size_t jsonrpc_session::backlog() const {
    return rpc_ ? rpc_->get_backlog() : 0;
}

const std::string& jsonrpc_session::name() const {
    return fsm_.name();
}

std::string jsonrpc_session::peer_id() const {
    if (rpc_ && rpc_->get_stream()) {
        return rpc_->get_stream()->peer_id();
    }
    return {};
}

reconnect_stats jsonrpc_session::get_reconnect_stats() const {
    return fsm_.stats(time_msec());
}

session_stats jsonrpc_session::stats() const {
    reconnect_stats r = fsm_.stats(time_msec());
    session_stats s;
    s.name = fsm_.name();
    s.state = r.state_id;
    s.state_elapsed = r.state_elapsed;
    s.backoff = r.backoff;
    s.attempts = r.n_attempted_connections;
    s.successes = r.n_successful_connections;
    s.connected_total = r.total_connected_duration;
    s.seqno = seqno_;
    s.connected = is_connected();
    s.last_error = last_error_ ? error_text(last_error_) : std::string();
    s.backlog = backlog();
    s.peer_id = peer_id();
    return s;
}

void jsonrpc_session::enable_reconnect() {
    fsm_.set_max_tries(UINT_MAX);
    fsm_.set_backoff(1000, 8000);
}

void jsonrpc_session::force_reconnect() {
    fsm_.force_reconnect(time_msec());
}

void jsonrpc_session::reset_backoff() {
    unsigned free_tries = static_cast<unsigned>(remotes_.size());
    if (is_connected()) {
        // The current connection may drop; that retry should be free as well.
        free_tries++;
    }
    fsm_.set_backoff_free_tries(free_tries);
}

void jsonrpc_session::set_max_backoff(int max_backoff) {
    fsm_.set_backoff(0, max_backoff);
}

void jsonrpc_session::set_probe_interval(int probe_interval) {
    fsm_.set_probe_interval(probe_interval);
}

void jsonrpc_session::set_dscp(int dscp) {
    if (dscp_ != dscp) {
        pstream_.reset();
        dscp_ = dscp;
        force_reconnect();
    }
}

void jsonrpc_session::set_backlog_threshold(std::size_t max_n_msgs, std::size_t max_backlog_bytes) {
    max_n_msgs_ = max_n_msgs;
    max_backlog_bytes_ = max_backlog_bytes;
    if (rpc_) {
        rpc_->set_backlog_threshold(max_n_msgs, max_backlog_bytes);
    }
}

void jsonrpc_session::set_max_message_size(std::size_t bytes) {
    max_message_size_ = bytes;
    if (rpc_) {
        rpc_->set_max_message_size(bytes);
    }
}

std::unique_ptr<jsonrpc> jsonrpc_session::steal() {
    fsm_.set_max_tries(0);
    return std::move(rpc_);
}

void jsonrpc_session::replace(std::unique_ptr<jsonrpc> rpc) {
    if (rpc_) {
        rpc_.reset();
    }
    fsm_.set_name(rpc->name());
    fsm_.connected(time_msec());
    adopt(std::move(rpc));
    seqno_++;
}

} // namespace vigil
