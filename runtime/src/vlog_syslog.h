// The syslog destination's transport, as OVS's syslog providers (lib/syslog-libc.c,
// syslog-direct.c, syslog-null.c): libc's syslog(3), a datagram socket that gets "<PRI>LINE"
// ("unix:PATH", "udp:HOST[:PORT]"), or nothing ("null").
#pragma once

#include <string>
#include <string_view>

namespace vigil::detail {

class vlog_syslogger {
public:
    vlog_syslogger() = default;
    ~vlog_syslogger();
    vlog_syslogger(const vlog_syslogger&) = delete;
    vlog_syslogger& operator=(const vlog_syslogger&) = delete;

    // Switches to `method` ("libc", "null", "unix:PATH", "udp:HOST[:PORT]"). Returns "" or
    // OVS's error text for an unknown method. A socket that cannot be opened is not an error,
    // as in OVS: messages are then dropped.
    std::string set_method(std::string_view method, const std::string& program);

    // Sends one line (no newline) at `priority` (a LOG_* level; the daemon facility is added).
    void send(int priority, std::string_view line);

    // The prefix the transport puts before each line, for vlog/list-pattern.
    const char* prefix() const;

    bool configured() const { return kind_ != kind::none; }

private:
    enum class kind { none, libc, null, direct };
    kind kind_ = kind::none;
    int fd_ = -1;
    std::string ident_; // openlog() may keep the pointer: it must outlive the log
    std::size_t max_len_ = static_cast<std::size_t>(-1);
    void close_fd();
};

} // namespace vigil::detail
