// Command lines that reach a unix socket on another host through the system ssh: the child's
// stdio becomes the socket's byte stream, so `"exec:" + join_exec_args(argv)` is a stream name
// for it. ssh hands its command to the remote login shell, so every remote word is quoted with
// sh_quote().
#pragma once

#include <string>
#include <vector>

namespace vigil {

// What remote_target_argv() needs.
struct remote_target_options {
    // The ssh program and any words of its own (VIGIL_SSH="ssh -F CONFIG" gives two words).
    std::vector<std::string> ssh_program{"ssh"};
    // Each is passed to ssh as "-o OPTION".
    std::vector<std::string> ssh_options;
    // ssh's destination: HOST, USER@HOST or a Host alias of the ssh configuration.
    std::string destination;
    // An ovs-appctl target on that host: a socket path, or a daemon name such as
    // "ovs-vswitchd" that is resolved there through its pidfile or its single *.ctl socket.
    std::string target;
};

// Builds `ssh -T -o BatchMode=yes [-o OPT...] -- DEST 'sh -c SCRIPT sh TARGET DEST'`, where
// SCRIPT finds TARGET's control socket as ovs-appctl does (an absolute path as is, else
// DIR/TARGET.PID.ctl from DIR/TARGET.pid, else a single DIR/TARGET.*.ctl, for DIR in
// $OVS_RUNDIR, /var/run/openvswitch, /run/openvswitch, /var/run/ovn, /run/ovn, /run/vigil) and
// relays to it with socat, else python3. When nothing is found it prints "TARGET: no control
// socket found on DEST" and exits 2; without socat and python3 it prints "neither socat nor
// python3 on this host" and exits 127 (ssh's stderr is the caller's). Returns the argv.
std::vector<std::string> remote_target_argv(const remote_target_options& options);

// What remote_socket_argv() needs.
struct remote_socket_options {
    std::vector<std::string> ssh_program{"ssh"};
    std::vector<std::string> ssh_options;
    // A connection master's ControlPath (`ssh -S CTL`); empty for a connection of its own.
    std::string control_path;
    std::string destination;
    // The socket's absolute path on that host.
    std::string socket_path;
};

// Builds `ssh [-S CTL] -T -o BatchMode=yes [-o OPT...] -- DEST 'exec socat STDIO
// UNIX-CONNECT:PATH'` for a socket whose path is already known. Returns the argv.
std::vector<std::string> remote_socket_argv(const remote_socket_options& options);

// Splits `value` (the VIGIL_SSH environment variable; null or empty means unset) into the ssh
// program's words, defaulting to "ssh". Returns 0, or EINVAL for a value that does not split
// (an unterminated quote), leaving `words` as {"ssh"}.
int remote_ssh_program(const char* value, std::vector<std::string>& words);

} // namespace vigil
