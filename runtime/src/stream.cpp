// The stream state machine and the name dispatch shared by every provider.
#include "vigil/stream.h"

#include "stream_provider.h"
#include "vigil/clock.h"
#include "vigil/dns_resolve.h"
#include "vigil/fatal_signal.h"
#include "vigil/poll_loop.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <cerrno>
#include <string>
#include <string_view>

VLOG_DEFINE_THIS_MODULE(stream);

namespace vigil {

namespace {

// One stream class: its name prefix, how to open it and whether its connections need
// inactivity probes. Active and passive classes differ only in what `open` makes.
template <typename Stream> struct stream_class {
    const char* type;
    int (*open)(const std::string& name, const std::string& suffix, int dscp,
                std::unique_ptr<Stream>& out);
    bool needs_probes;
};
using active_class = stream_class<stream>;
using passive_class = stream_class<pstream>;

const active_class active_classes[] = {
    {"tcp", detail::tcp_stream_open, true},
    {"unix", detail::unix_stream_open, false},
    {"ssl", detail::ssl_stream_open, true},
    {"exec", detail::exec_stream_open, false},
};
const passive_class passive_classes[] = {
    {"ptcp", detail::ptcp_open, true},
    {"punix", detail::punix_open, false},
    {"pssl", detail::pssl_open, true},
};

// Finds the class of "TYPE:ARGS" among `classes`, setting `suffix` to ARGS; null when there is
// no colon or no such type.
template <typename Stream, std::size_t N>
const stream_class<Stream>* find_class(const stream_class<Stream> (&classes)[N],
                                       const std::string& name, std::string& suffix) {
    auto colon = name.find(':');
    if (colon == std::string::npos) {
        return nullptr;
    }
    std::string_view type(name.data(), colon);
    for (const auto& c : classes) {
        if (type == c.type) {
            suffix = name.substr(colon + 1);
            return &c;
        }
    }
    return nullptr;
}

const active_class* find_active(const std::string& name, std::string& suffix) {
    return find_class(active_classes, name, suffix);
}

const passive_class* find_passive(const std::string& name, std::string& suffix) {
    return find_class(passive_classes, name, suffix);
}

// Opens `name` through its class among `classes`, with the checks both kinds share.
template <typename Stream, std::size_t N>
int open_stream(const stream_class<Stream> (&classes)[N], const std::string& name, int dscp,
                std::unique_ptr<Stream>& out) {
    out.reset();
    std::string suffix;
    const stream_class<Stream>* c = find_class(classes, name, suffix);
    if (!c) {
        return EAFNOSUPPORT;
    }
    if (dscp < 0 || dscp > 63) {
        return EINVAL;
    }
    int error = c->open(name, suffix, dscp, out);
    if (error) {
        out.reset();
    }
    return error;
}

// Counts the non-empty colon-separated fields, as OVS's default-port helpers do.
int count_fields(const std::string& name) {
    int n = 0;
    std::size_t start = 0;
    while (start <= name.size()) {
        auto colon = name.find(':', start);
        std::size_t end = colon == std::string::npos ? name.size() : colon;
        if (end > start) {
            n++;
        }
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
    return n;
}

} // namespace

// ---- stream -------------------------------------------------------------------------------

stream::stream(std::string name, int connect_status) : name_(std::move(name)) {
    if (connect_status == EAGAIN) {
        state_ = state::connecting;
    } else if (connect_status == 0) {
        state_ = state::connected;
    } else {
        state_ = state::disconnected;
        error_ = connect_status;
    }
}

stream::~stream() = default;

int stream::open(const std::string& name, int dscp, std::unique_ptr<stream>& out) {
    return open_stream(active_classes, name, dscp, out);
}

int stream::open_block(int error, long long timeout_ms, std::unique_ptr<stream>& s) {
    fatal_signal_run();
    if (!error && !s) {
        error = EINVAL;
    }
    if (!error) {
        long long deadline = timeout_ms >= 0 ? time_msec() + timeout_ms : time_never;
        while ((error = s->connect()) == EAGAIN) {
            if (time_msec() >= deadline) {
                error = ETIMEDOUT;
                break;
            }
            s->run();
            s->run_wait();
            s->connect_wait();
            if (deadline != time_never) {
                poll_timer_wait_until(deadline);
            }
            poll_block();
        }
    }
    if (error) {
        s.reset();
    }
    return error;
}

int stream::open_block(const std::string& name, int dscp, long long timeout_ms,
                       std::unique_ptr<stream>& s) {
    long long deadline = timeout_ms >= 0 ? time_msec() + timeout_ms : time_never;
    int error;
    while ((error = open(name, dscp, s)) == EAGAIN) {
        if (time_msec() >= deadline) {
            return ETIMEDOUT;
        }
        dns_resolve_wait();
        if (deadline != time_never) {
            poll_timer_wait_until(deadline);
        }
        poll_block();
    }
    long long left = deadline == time_never ? -1 : std::max(0LL, deadline - time_msec());
    return open_block(error, left, s);
}

int stream::connect() {
    for (;;) {
        state last = state_;
        switch (state_) {
        case state::connecting: {
            int r = do_connect();
            if (r == EAGAIN) {
                return EAGAIN;
            }
            if (r == 0) {
                state_ = state::connected;
            } else {
                state_ = state::disconnected;
                error_ = r;
            }
            break;
        }
        case state::connected:
            return 0;
        case state::disconnected:
            return error_;
        }
        if (state_ == last) {
            return EAGAIN;
        }
    }
}

ssize_t stream::recv(void* buf, std::size_t n) {
    int error = connect();
    if (error) {
        return -error;
    }
    return n == 0 ? 0 : do_recv(buf, n);
}

ssize_t stream::send(const void* buf, std::size_t n) {
    int error = connect();
    if (error) {
        return -error;
    }
    if (n == 0) {
        return 0;
    }
    ssize_t r = do_send(buf, n);
    return r == 0 ? -EAGAIN : r;
}

void stream::run() {
    if (state_ == state::connected) {
        do_run();
    }
}

void stream::run_wait() {
    if (state_ == state::connected) {
        do_run_wait();
    }
}

void stream::wait(stream_wait_type type) {
    switch (state_) {
    case state::connecting:
        do_wait(stream_wait_type::connect);
        break;
    case state::disconnected:
        poll_immediate_wake();
        break;
    case state::connected:
        do_wait(type);
        break;
    }
}

// ---- pstream ------------------------------------------------------------------------------

pstream::~pstream() = default;

int pstream::open(const std::string& name, int dscp, std::unique_ptr<pstream>& out) {
    return open_stream(passive_classes, name, dscp, out);
}

// ---- names --------------------------------------------------------------------------------

int stream_verify_name(const std::string& name) {
    std::string suffix;
    return find_active(name, suffix) ? 0 : EAFNOSUPPORT;
}

int pstream_verify_name(const std::string& name) {
    std::string suffix;
    return find_passive(name, suffix) ? 0 : EAFNOSUPPORT;
}

int stream_or_pstream_needs_probes(const std::string& name) {
    std::string suffix;
    if (const active_class* c = find_active(name, suffix)) {
        return c->needs_probes ? 1 : 0;
    }
    if (const passive_class* c = find_passive(name, suffix)) {
        return c->needs_probes ? 1 : 0;
    }
    return -1;
}

std::string stream_name_with_default_port(const std::string& name, uint16_t default_port) {
    // OVS appends the port when fewer than 3 fields are present; a bracketed IPv6 host
    // without a port ("tcp:[::1]") also gets one here, which OVS would reject.
    bool bracketed = name.size() > 4 && name[4] == '[' && name.back() == ']';
    if ((name.starts_with("tcp:") || name.starts_with("ssl:")) &&
        (count_fields(name) < 3 || bracketed)) {
        if (default_port == ovsdb_default_port) {
            static bool warned = false;
            if (!warned) {
                warned = true;
                VLOG_WARN("The default OVSDB port number has changed from 6632 to 6640");
            }
        }
        std::string result = name;
        if (result.back() != ':') {
            result += ':';
        }
        return result + std::to_string(default_port);
    }
    return name;
}

std::string pstream_name_with_default_port(const std::string& name, uint16_t default_port) {
    if (name.starts_with("ptcp:") || name.starts_with("pssl:")) {
        // "ptcp:" and "ptcp::IP" have no port: insert the default rather than let the raw
        // layer reject the empty port.
        std::string type = name.substr(0, 5);
        std::string suffix = name.substr(5);
        if (suffix.empty() || suffix.front() == ':') {
            return type + std::to_string(default_port) + suffix;
        }
    }
    return name;
}

int stream_open_with_default_port(const std::string& name, uint16_t default_port, int dscp,
                                  std::unique_ptr<stream>& out) {
    return stream::open(stream_name_with_default_port(name, default_port), dscp, out);
}

int pstream_open_with_default_port(const std::string& name, uint16_t default_port, int dscp,
                                   std::unique_ptr<pstream>& out) {
    return pstream::open(pstream_name_with_default_port(name, default_port), dscp, out);
}

} // namespace vigil
