// Fuzzes unixctl request handling end to end: each input is written, in chunks, by a client
// socket into a real unixctl_server (built-in, vlog and introspection commands plus an echo),
// whose replies the client reads until the server closes the connection at end of input.
// The server must survive anything, answer or drop the client, and keep no connection.
#include "fuzz_common.h"

#include "vigil/poll_loop.h"
#include "vigil/unixctl.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <poll.h>
#include <string>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using vigil_fuzz::check;

namespace {

vigil::unixctl_server& server() {
    static std::unique_ptr<vigil::unixctl_server> s = [] {
        static char dir[] = "/tmp/vigil-fuzz-unixctl-XXXXXX";
        check(mkdtemp(dir) != nullptr, "mkdtemp");
        // Whatever runs first at exit (this or the server's own clean-up), the socket and
        // then the directory go, so no run leaves a directory behind.
        std::atexit([] {
            unlink((std::string(dir) + "/fuzz.ctl").c_str());
            rmdir(dir);
        });
        setenv("OVS_RUNDIR", dir, 1);
        std::unique_ptr<vigil::unixctl_server> out;
        check(vigil::unixctl_server::create(std::string(dir) + "/fuzz.ctl", out) == 0,
              "unixctl server starts");
        vigil::unixctl_register_vlog_commands();
        vigil::unixctl_register_introspection_commands();
        vigil::unixctl_command_register(
            "fuzz/echo", "[ARG...]", 0, vigil::unixctl_any_args,
            [](const vigil::unixctl_conn& conn, const std::vector<std::string>& argv) {
                std::string text;
                for (std::size_t i = 1; i < argv.size(); i++) {
                    text += argv[i];
                }
                if (argv.size() > 2) {
                    conn.reply_error(text);
                } else {
                    conn.reply(text);
                }
            });
        return out;
    }();
    return *s;
}

int connect_client(const std::string& path) {
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    check(fd >= 0, "socket");
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    check(path.size() < sizeof sun.sun_path, "socket path fits");
    std::memcpy(sun.sun_path, path.c_str(), path.size() + 1);
    check(connect(fd, reinterpret_cast<sockaddr*>(&sun), sizeof sun) == 0, "connect");
    return fd;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    vigil::unixctl_server& srv = server();
    if (size < 1) {
        return 0;
    }
    std::size_t chunk = data[0] == 0 ? size : std::size_t(data[0]) * 8;
    data++;
    size--;

    int fd = connect_client(srv.path());
    std::size_t off = 0;
    bool shut = false;
    bool closed = false;
    char buf[65536];
    for (int spins = 0; !closed; spins++) {
        check(spins < 100000, "unixctl server answers or closes");
        if (off < size) {
            ssize_t w = send(fd, data + off, std::min(chunk, size - off), MSG_NOSIGNAL);
            if (w > 0) {
                off += static_cast<std::size_t>(w);
            } else if (w < 0 && errno != EAGAIN) {
                break; // the server dropped us mid-input
            }
        } else if (!shut) {
            shutdown(fd, SHUT_WR);
            shut = true;
        }
        for (;;) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r > 0) {
                continue;
            }
            if (r == 0 || errno != EAGAIN) {
                closed = true;
            }
            break;
        }
        if (!closed) {
            vigil::poll_fd_wait(fd, off < size ? POLLIN | POLLOUT : POLLIN);
            vigil::poll_timer_wait(10000);
            vigil::poll_block();
        }
    }
    vigil::poll_fd_closing(fd);
    close(fd);
    // Let the server notice a close it has not seen yet, then it must hold no connection.
    for (int i = 0; i < 1000 && srv.connection_count() > 0; i++) {
        vigil::poll_timer_wait(1);
        vigil::poll_block();
    }
    check(srv.connection_count() == 0, "no connection left behind");
    // Commands such as vlog/set may have changed levels: start the next input quiet again.
    vigil::vlog_set_levels(nullptr, nullptr, vigil::vlog_level::off);
    return 0;
}
