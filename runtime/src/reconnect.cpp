#include "vigil/reconnect.h"

#include "vigil/errors.h"
#include "vigil/poll_loop.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <array>

VLOG_DEFINE_THIS_MODULE(reconnect);

namespace vigil {

namespace {

constexpr int default_min_backoff = 1000;
constexpr int default_max_backoff = 8000;
constexpr int default_probe_interval = 5000;
constexpr int min_probe_interval = 1000;

constexpr std::array<const char*, 7> state_names = {
    "VOID", "BACKOFF", "CONNECTING", "ACTIVE", "IDLE", "RECONNECT", "LISTENING",
};

bool is_connected_state(reconnect_state s) {
    return s == reconnect_state::active || s == reconnect_state::idle;
}

// Elapsed time as the 32-bit unsigned value OVS reports, UINT_MAX for "never".
unsigned elapsed_since(long long then, long long now) {
    return then == LLONG_MAX ? UINT_MAX : static_cast<unsigned>(now - then);
}

} // namespace

const char* reconnect_state_name(reconnect_state state) {
    auto i = static_cast<size_t>(state);
    return i < state_names.size() ? state_names[i] : "***ERROR***";
}

reconnect::reconnect(long long now)
    : state_entered_(now), last_activity_(now), last_receive_attempt_(now), creation_time_(now) {}

void reconnect::set_quiet(bool quiet) {
    quiet_ = quiet;
}

void reconnect::set_name(std::string_view name) {
    name_ = name.empty() ? "void" : name;
}

// Informational messages go to DBG when the client asked for a quiet FSM (e.g. a session
// whose reconnections are routine and logged elsewhere).
void reconnect::log_info(std::string_view text) const {
    vlog_level level = quiet_ ? vlog_level::dbg : vlog_level::info;
    if (this_module_.enabled(level)) {
        this_module_.log(level, text);
    }
}

void reconnect::set_max_tries(unsigned max_tries) {
    max_tries_ = max_tries;
}

void reconnect::set_backoff_free_tries(unsigned n) {
    backoff_free_tries_ = n;
}

void reconnect::set_backoff(int min, int max) {
    min_backoff_ = std::max(min, default_min_backoff);
    max_backoff_ = max == 0 ? default_max_backoff : std::max(max, default_min_backoff);
    if (min_backoff_ > max_backoff_) {
        max_backoff_ = min_backoff_;
    }
    // OVS compares with the raw argument, not the clamped maximum (see the R14 note).
    if (state_ == reconnect_state::backoff && backoff_ > max) {
        backoff_ = max;
    }
}

void reconnect::set_probe_interval(int probe_interval) {
    probe_interval_ = probe_interval == 0 ? 0 : std::max(probe_interval, min_probe_interval);
}

void reconnect::set_passive(bool passive, long long now) {
    if (passive_ == passive) {
        return;
    }
    passive_ = passive;
    bool restart;
    if (passive) {
        restart = state_ == reconnect_state::connecting || state_ == reconnect_state::reconnect;
    } else {
        restart = state_ == reconnect_state::listening && may_retry();
    }
    if (restart) {
        transition(now, reconnect_state::backoff);
        backoff_ = 0;
    }
}

void reconnect::enable(long long now) {
    if (state_ == reconnect_state::void_ && may_retry()) {
        transition(now, reconnect_state::backoff);
        backoff_ = 0;
    }
}

void reconnect::disable(long long now) {
    if (state_ != reconnect_state::void_) {
        transition(now, reconnect_state::void_);
    }
}

void reconnect::force_reconnect(long long now) {
    if (state_ == reconnect_state::connecting || is_connected_state(state_)) {
        transition(now, reconnect_state::reconnect);
    }
}

bool reconnect::is_connected() const {
    return is_connected_state(state_);
}

unsigned reconnect::last_connect_elapsed(long long now) const {
    return elapsed_since(last_connected_, now);
}

unsigned reconnect::last_disconnect_elapsed(long long now) const {
    return elapsed_since(last_disconnected_, now);
}

void reconnect::disconnected(long long now, int error) {
    if (state_ == reconnect_state::backoff || state_ == reconnect_state::void_) {
        return;
    }

    bool was_connected = is_connected_state(state_);
    if (was_connected) {
        if (error > 0) {
            VLOG_WARN("{}: connection dropped ({})", name_, error_text(error));
        } else if (error == EOF) {
            log_info(fmt::format("{}: connection closed by peer", name_));
        } else {
            log_info(fmt::format("{}: connection dropped", name_));
        }
    } else if (state_ == reconnect_state::listening) {
        if (error > 0) {
            VLOG_WARN("{}: error listening for connections ({})", name_, error_text(error));
        } else {
            log_info(fmt::format("{}: error listening for connections", name_));
        }
    } else if (backoff_ < max_backoff_) {
        // Once the backoff reached its maximum, failed attempts are no longer logged.
        const char* what = passive_ ? "listen" : "connection";
        // A failure with a reason stays at INFO for a quiet FSM, as in OVS: the reason is
        // what someone debugging an unreachable peer needs; a timeout says nothing new.
        if (error > 0) {
            VLOG_INFO("{}: {} attempt failed ({})", name_, what, error_text(error));
        } else {
            log_info(fmt::format("{}: {} attempt timed out", name_, what));
        }
    }

    if (was_connected) {
        last_disconnected_ = now;
    }

    if (!may_retry()) {
        transition(now, reconnect_state::void_);
        return;
    }

    if (backoff_free_tries_ > 1) {
        backoff_free_tries_--;
        backoff_ = 0;
    } else if (was_connected && (last_activity_ - last_connected_ >= backoff_ || passive_)) {
        // The peer talked to us for at least as long as we had waited: the link was healthy,
        // so start over from the smallest backoff (none at all for a listener).
        backoff_ = passive_ ? 0 : min_backoff_;
    } else if (backoff_ < min_backoff_) {
        backoff_ = min_backoff_;
    } else if (backoff_ < max_backoff_ / 2) {
        backoff_ *= 2;
        log_info(fmt::format("{}: waiting {:.3g} seconds before {}", name_, backoff_ / 1000.0,
                             passive_ ? "trying to listen again" : "reconnect"));
    } else {
        // This one line stands for every failure from now on, so it stays at INFO even for a
        // quiet FSM, as in OVS.
        if (backoff_ < max_backoff_) {
            VLOG_INFO("{}: continuing to {} in the background but suppressing further logging",
                      name_, passive_ ? "try to listen" : "reconnect");
        }
        backoff_ = max_backoff_;
    }
    transition(now, reconnect_state::backoff);
}

void reconnect::connecting(long long now) {
    if (state_ == reconnect_state::connecting) {
        return;
    }
    if (passive_) {
        log_info(fmt::format("{}: listening...", name_));
    } else if (backoff_ < max_backoff_) {
        log_info(fmt::format("{}: connecting...", name_));
    }
    transition(now, reconnect_state::connecting);
}

void reconnect::listening(long long now) {
    if (state_ == reconnect_state::listening) {
        return;
    }
    log_info(fmt::format("{}: listening...", name_));
    transition(now, reconnect_state::listening);
}

void reconnect::listen_error(long long now, int error) {
    if (state_ == reconnect_state::listening) {
        disconnected(now, error);
    }
}

void reconnect::connected(long long now) {
    if (is_connected_state(state_)) {
        return;
    }
    // Passing through CONNECTING makes every connection count as an attempt.
    connecting(now);
    log_info(fmt::format("{}: connected", name_));
    transition(now, reconnect_state::active);
    last_connected_ = now;
}

void reconnect::connect_failed(long long now, int error) {
    connecting(now);
    disconnected(now, error);
}

void reconnect::activity(long long now) {
    // RECONNECT stays put: the client already decided to drop this connection.
    if (state_ == reconnect_state::idle) {
        transition(now, reconnect_state::active);
    }
    last_activity_ = now;
}

void reconnect::receive_attempted(long long now) {
    last_receive_attempt_ = now;
}

void reconnect::transition(long long now, reconnect_state to) {
    if (state_ == reconnect_state::connecting) {
        n_attempted_connections_++;
        if (to == reconnect_state::active) {
            n_successful_connections_++;
        }
    }
    if (is_connected_state(state_) != is_connected_state(to)) {
        if (is_connected_state(state_)) {
            total_connected_duration_ += now - last_connected_;
        }
        seqno_++;
    }
    state_ = to;
    state_entered_ = now;
}

bool reconnect::may_retry() {
    if (max_tries_ == 0) {
        return false;
    }
    if (max_tries_ != UINT_MAX) {
        max_tries_--;
    }
    return true;
}

long long reconnect::deadline(long long now) const {
    // A probe or idle timeout is only declared once the client has tried to read after it
    // expired, so that a busy process that has not yet looked at its socket does not drop a
    // peer whose reply is already waiting; until then, ask to be woken right away.
    auto probe_deadline = [&](long long base) {
        long long expiration = base + probe_interval_;
        return now < expiration || last_receive_attempt_ >= expiration ? expiration : now + 1;
    };

    switch (state_) {
    case reconnect_state::void_:
    case reconnect_state::listening:
        return LLONG_MAX;
    case reconnect_state::backoff:
        return state_entered_ + backoff_;
    case reconnect_state::connecting:
        return state_entered_ + std::max(1000, backoff_);
    case reconnect_state::active:
        return probe_interval_ ? probe_deadline(std::max(last_activity_, state_entered_))
                               : LLONG_MAX;
    case reconnect_state::idle:
        return probe_interval_ ? probe_deadline(state_entered_) : LLONG_MAX;
    case reconnect_state::reconnect:
        return state_entered_;
    }
    return LLONG_MAX;
}

reconnect::action reconnect::run(long long now) {
    if (now < deadline(now)) {
        return action::none;
    }
    switch (state_) {
    case reconnect_state::void_:
    case reconnect_state::listening:
        return action::none;
    case reconnect_state::backoff:
        return action::connect;
    case reconnect_state::connecting:
        return action::disconnect;
    case reconnect_state::active:
        VLOG_DBG("{}: idle {} ms, sending inactivity probe", name_,
                 now - std::max(last_activity_, state_entered_));
        transition(now, reconnect_state::idle);
        return action::probe;
    case reconnect_state::idle:
        // The time since the probe went out, not the configured interval: a loop that woke up
        // late, or a receive attempt that came late, makes the wait longer than the interval.
        VLOG_ERR("{}: no response to inactivity probe after {:.3g} seconds, disconnecting", name_,
                 (now - state_entered_) / 1000.0);
        return action::disconnect;
    case reconnect_state::reconnect:
        return action::disconnect;
    }
    return action::none;
}

void reconnect::wait(long long now) const {
    int t = timeout(now);
    if (t >= 0) {
        poll_timer_wait(t);
    }
}

int reconnect::timeout(long long now) const {
    long long d = deadline(now);
    if (d == LLONG_MAX) {
        return -1;
    }
    return static_cast<int>(std::clamp<long long>(d - now, 0, INT_MAX));
}

reconnect_stats reconnect::stats(long long now) const {
    reconnect_stats s;
    s.creation_time = creation_time_;
    s.last_activity = last_activity_;
    s.last_connected = last_connected_;
    s.last_disconnected = last_disconnected_;
    s.backoff = backoff_;
    s.seqno = seqno_;
    s.is_connected = is_connected();
    s.msec_since_connect = last_connect_elapsed(now);
    s.msec_since_disconnect = last_disconnect_elapsed(now);
    unsigned long long total = total_connected_duration_;
    if (is_connected()) {
        total += now - last_connected_;
    }
    s.total_connected_duration = static_cast<unsigned>(total);
    s.n_attempted_connections = n_attempted_connections_;
    s.n_successful_connections = n_successful_connections_;
    s.state = reconnect_state_name(state_);
    s.state_id = state_;
    s.state_elapsed = static_cast<unsigned>(now - state_entered_);
    return s;
}

} // namespace vigil
