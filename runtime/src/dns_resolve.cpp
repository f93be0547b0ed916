// The asynchronous resolver behind dns_resolve.h: one c-ares channel per thread whose sockets
// and retransmission timer are registered with that thread's poll loop by a poll_owner, and a
// cache of answers keyed by name, with OVS's states and expiry rules.
#include "vigil/dns_resolve.h"

#include "vigil/clock.h"
#include "vigil/errors.h"
#include "vigil/poll_loop.h"
#include "vigil/vlog.h"

#include <algorithm>
#include <ares.h>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <sys/stat.h>
#include <unordered_map>
#include <utility>
#include <vector>

VLOG_DEFINE_THIS_MODULE(dns_resolve);

namespace vigil {

namespace {

// An answer is kept at least this long after it arrived until someone has used it once,
// whatever its TTL (OVS's RESOLVE_UNUSED_TIMEOUT): a caller in reconnect backoff may come back
// long after the TTL, and a zero TTL (usual for /etc/hosts entries) would otherwise expire
// before anyone could use it. After that first use, the TTL alone decides.
constexpr long long unused_answer_ms = 300 * 1000;

// The configuration every thread's resolver follows. Each thread compares `generation` with
// the one its channel was built from on every lookup and rebuilds the channel when it moved.
struct shared_config {
    std::mutex mutex;
    std::string servers; // empty: the system's
    std::atomic<unsigned> generation{0};
};

shared_config& config() {
    static shared_config c;
    return c;
}

void library_init() {
    static std::once_flag once;
    std::call_once(once, [] { ares_library_init(ARES_LIB_INIT_ALL); });
}

enum class resolve_state {
    pending,     // a query is out
    good_unused, // answered, not yet used: kept for at least unused_answer_ms
    good,        // answered and used: kept for its TTL
    failed,      // no address; the next lookup reports it and then asks again
};

struct request {
    resolve_state state = resolve_state::pending;
    std::string addr;
    long long resolved_at = 0; // time_msec() when the answer arrived
    long long ttl_ms = 0;
};

class resolver;
thread_local resolver* tls_resolver = nullptr;

// What a c-ares callback needs to find its request again. c-ares holds it as a raw pointer
// between ares_getaddrinfo() and the callback, which always runs exactly once.
struct query_context {
    resolver* owner;
    std::string name;
};

class resolver {
public:
    resolver() : owner_([this] { run(); }) {
        library_init();
        open_channel();
        tls_resolver = this;
    }

    ~resolver() {
        tls_resolver = nullptr;
        close_channel();
    }

    resolver(const resolver&) = delete;
    resolver& operator=(const resolver&) = delete;

    int resolve(const std::string& name, std::string& addr) {
        addr.clear();
        if (generation_ != config().generation.load()) {
            close_channel();
            open_channel();
        }
        if (!channel_) {
            return EAFNOSUPPORT;
        }
        // The caller may run before this resolver's owner in the iteration in which the answer
        // arrived; reading it here spares the caller a wake-up that would never come.
        if (pending_) {
            poll_sockets();
        }
        auto [it, fresh] = requests_.try_emplace(name);
        if (fresh || !usable(it->second)) {
            start_query(name);
        }
        request& req = it->second;
        switch (req.state) {
        case resolve_state::pending:
            return EAGAIN;
        case resolve_state::good_unused:
            req.state = resolve_state::good; // an answer that just arrived: its first use
            [[fallthrough]];
        case resolve_state::good:
            addr = req.addr;
            return 0;
        case resolve_state::failed:
            requests_.erase(it);
            return EAFNOSUPPORT;
        }
        return EAFNOSUPPORT;
    }

    // Registers the sockets c-ares waits on and its next timeout in the current frame (the
    // resolver's own owner, or a caller waiting for an answer).
    void wait() {
        if (!channel_ || !pending_) {
            return;
        }
        for (const auto& [fd, events] : sockets_) {
            poll_fd_wait(fd, events);
        }
        timeval tv;
        if (const timeval* t = ares_timeout(channel_, nullptr, &tv)) {
            // Rounded up: waking a little early would find nothing due and spin.
            poll_timer_wait(t->tv_sec * 1000LL + (t->tv_usec + 999) / 1000);
        }
    }

private:
    void open_channel() {
        std::string servers;
        {
            std::lock_guard lock(config().mutex);
            servers = config().servers;
            generation_ = config().generation.load();
        }
        ares_options opts{};
        int mask = ARES_OPT_SOCK_STATE_CB;
        opts.sock_state_cb = &resolver::on_socket_state;
        opts.sock_state_cb_data = this;
        std::string conf;
        if (const char* file = std::getenv("OVS_RESOLV_CONF"); file && *file) {
            conf = file;
            struct stat st;
            if (stat(file, &st) < 0) {
                VLOG_WARN_RL(rl_, "Failed to read {}: {}", conf, error_text(errno));
            }
            opts.resolvconf_path = conf.data();
            mask |= ARES_OPT_RESOLVCONF;
        }
        int r = ares_init_options(&channel_, &opts, mask);
        if (r != ARES_SUCCESS) {
            VLOG_ERR_RL(rl_,
                        "Failed to create the c-ares channel ({}), so asynchronous DNS "
                        "resolving is disabled.",
                        ares_strerror(r));
            channel_ = nullptr;
            return;
        }
        if (!servers.empty()) {
            r = ares_set_servers_ports_csv(channel_, servers.c_str());
            if (r != ARES_SUCCESS) {
                VLOG_WARN_RL(rl_, "Failed to set DNS servers \"{}\": {}", servers,
                             ares_strerror(r));
            }
        }
    }

    void close_channel() {
        if (channel_) {
            // Fails every pending query with ARES_EDESTRUCTION and reports every socket as
            // closed, which the callbacks below expect.
            ares_destroy(channel_);
            channel_ = nullptr;
        }
        requests_.clear();
        sockets_.clear();
        pending_ = 0;
    }

    // Whether the answer in `req` may be handed out now; the first look at a fresh answer is
    // its first use, after which only its TTL counts (as in OVS).
    static bool usable(request& req) {
        if (req.state == resolve_state::pending || req.state == resolve_state::failed) {
            return true; // nothing to expire: report the state as it is
        }
        long long ttl = req.ttl_ms;
        if (req.state == resolve_state::good_unused) {
            ttl = std::max(ttl, unused_answer_ms);
            req.state = resolve_state::good;
        }
        return time_msec() <= req.resolved_at + ttl;
    }

    void start_query(const std::string& name) {
        request& req = requests_[name];
        req.state = resolve_state::pending;
        pending_++;
        ares_addrinfo_hints hints{};
        hints.ai_family = AF_UNSPEC;
        // Only one address is used (IPv4 first), so RFC 6724 sorting, which opens a socket per
        // address, would be wasted work. ENVHOSTS lets CARES_HOSTS replace /etc/hosts.
        hints.ai_flags = ARES_AI_NOSORT | ARES_AI_ENVHOSTS;
        auto ctx = std::make_unique<query_context>(query_context{this, name});
        // Names in /etc/hosts are answered inside this call; the callback then has already run.
        ares_getaddrinfo(channel_, name.c_str(), nullptr, &hints, &resolver::on_answer,
                         ctx.release());
        if (pending_) {
            owner_.schedule(); // to register the sockets and the timeout the query needs
        }
    }

    static void on_answer(void* arg, int status, int, ares_addrinfo* result) {
        std::unique_ptr<query_context> ctx(static_cast<query_context*>(arg));
        std::unique_ptr<ares_addrinfo, void (*)(ares_addrinfo*)> info(result, ares_freeaddrinfo);
        if (status == ARES_EDESTRUCTION) {
            return; // the channel is going away, and the cache with it
        }
        ctx->owner->answered(ctx->name, status, info.get());
    }

    void answered(const std::string& name, int status, const ares_addrinfo* info) {
        pending_--;
        auto it = requests_.find(name);
        if (it == requests_.end()) {
            return;
        }
        request& req = it->second;
        const ares_addrinfo_node* pick = nullptr;
        if (status == ARES_SUCCESS && info) {
            for (int family : {AF_INET, AF_INET6}) {
                for (const ares_addrinfo_node* n = info->nodes; n && !pick; n = n->ai_next) {
                    if (n->ai_family == family) {
                        pick = n;
                    }
                }
            }
        }
        char text[INET6_ADDRSTRLEN] = "";
        if (pick) {
            const void* a =
                pick->ai_family == AF_INET
                    ? static_cast<const void*>(
                          &reinterpret_cast<const sockaddr_in*>(pick->ai_addr)->sin_addr)
                    : static_cast<const void*>(
                          &reinterpret_cast<const sockaddr_in6*>(pick->ai_addr)->sin6_addr);
            if (!inet_ntop(pick->ai_family, a, text, sizeof text)) {
                pick = nullptr;
            }
        }
        if (!pick) {
            req.state = resolve_state::failed;
            int reason = status == ARES_SUCCESS ? ARES_ENODATA : status;
            VLOG_WARN_RL(rl_, "{}: failed to resolve ({})", name, ares_strerror(reason));
            return;
        }
        req.addr = text;
        req.ttl_ms = std::max(0, pick->ai_ttl) * 1000LL;
        req.resolved_at = time_msec();
        req.state = resolve_state::good_unused;
        VLOG_DBG("{}: resolved to {}", name, req.addr);
    }

    static void on_socket_state(void* data, ares_socket_t fd, int readable, int writable) {
        auto* self = static_cast<resolver*>(data);
        auto it = std::find_if(self->sockets_.begin(), self->sockets_.end(),
                               [fd](const auto& s) { return s.first == fd; });
        if (!readable && !writable) {
            // c-ares closes the socket right after this call. The loop must forget it first:
            // a new socket that reuses the number would otherwise never wake anyone.
            poll_fd_closing(fd);
            if (it != self->sockets_.end()) {
                self->sockets_.erase(it);
            }
            return;
        }
        short events = static_cast<short>((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
        if (it != self->sockets_.end()) {
            it->second = events;
        } else {
            self->sockets_.emplace_back(fd, events);
        }
        self->owner_.schedule();
    }

    // Hands c-ares the sockets that are ready (`fired`: fd and poll revents), then lets it
    // retransmit or give up on queries whose time ran out.
    void process(const std::vector<std::pair<int, short>>& fired) {
        for (const auto& [fd, rev] : fired) {
            if (!channel_) {
                return;
            }
            bool broken = rev & (POLLERR | POLLHUP);
            ares_process_fd(channel_, (rev & POLLIN) || broken ? fd : ARES_SOCKET_BAD,
                            (rev & POLLOUT) || broken ? fd : ARES_SOCKET_BAD);
        }
        if (channel_) {
            ares_process_fd(channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
        }
    }

    // Processes whatever is ready now, without waiting.
    void poll_sockets() {
        std::vector<pollfd> pfds;
        pfds.reserve(sockets_.size());
        for (const auto& [fd, events] : sockets_) {
            pfds.push_back({fd, events, 0});
        }
        int n;
        do {
            n = ::poll(pfds.data(), pfds.size(), 0);
        } while (n < 0 && errno == EINTR);
        std::vector<std::pair<int, short>> fired;
        for (const pollfd& p : pfds) {
            if (n > 0 && p.revents) {
                fired.emplace_back(p.fd, p.revents);
            }
        }
        process(fired);
    }

    // The owner's run: the loop calls it when a socket fired or the timeout passed (or a new
    // query asked for it), and the waits registered here persist until the next run.
    void run() {
        std::vector<std::pair<int, short>> fired;
        for (const auto& [fd, events] : sockets_) {
            if (short rev = owner_.revents(fd)) {
                fired.emplace_back(fd, rev);
            }
        }
        process(fired);
        wait();
    }

    ares_channel channel_ = nullptr;
    unsigned generation_ = 0;
    std::unordered_map<std::string, request> requests_;
    std::vector<std::pair<int, short>> sockets_; // c-ares's sockets and the events it wants
    unsigned pending_ = 0;                       // queries whose callback has not run yet
    vlog_rate_limit rl_{5, 20};
    poll_owner owner_;
};

// The calling thread's resolver, created on first use.
resolver& this_thread_resolver() {
    // The loop is created first so that it outlives the resolver (thread-local objects are
    // destroyed in reverse order of construction): the resolver's owner and its closing
    // sockets unregister from it.
    poll_loop::current();
    thread_local resolver r;
    return r;
}

} // namespace

int dns_resolve(const std::string& name, std::string& addr) {
    return this_thread_resolver().resolve(name, addr);
}

void dns_resolve_wait() {
    if (tls_resolver) {
        tls_resolver->wait();
    }
}

int dns_resolve_set_servers(const std::string& servers) {
    library_init();
    if (!servers.empty()) {
        // A scratch channel checks the list with c-ares's own parser, so that a bad list is
        // reported here rather than in some thread's next lookup.
        ares_channel probe;
        ares_options opts{};
        int r = ares_init_options(&probe, &opts, 0);
        if (r == ARES_SUCCESS) {
            r = ares_set_servers_ports_csv(probe, servers.c_str());
            ares_destroy(probe);
        }
        if (r != ARES_SUCCESS) {
            return EINVAL;
        }
    }
    std::lock_guard lock(config().mutex);
    config().servers = servers;
    config().generation++;
    return 0;
}

} // namespace vigil
