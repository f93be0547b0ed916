// ssh command lines for reaching a daemon's control socket on another host.
#include "vigil/remote_target.h"

#include "vigil/exec_args.h"

#include <cerrno>

namespace vigil {

namespace {

// Run by the remote `sh -c` with $1 = TARGET and $2 = the destination (for the message). It
// searches the run directories ovs-appctl and ovn-appctl use, and the pidfile before the
// *.ctl glob, because a stale socket of an earlier run may lie beside the live one. A pidfile
// whose lock cannot be seen (containers) still names the current pid, so it is trusted as is.
constexpr const char* find_and_relay_script = R"sh(t=$1 h=$2 p=
dirs="/var/run/openvswitch /run/openvswitch /var/run/ovn /run/ovn /run/vigil"
[ -n "$OVS_RUNDIR" ] && dirs="$OVS_RUNDIR $dirs"
case $t in
/*) p=$t ;;
*)
  for d in $dirs; do
    if [ -f "$d/$t.pid" ] && read pid < "$d/$t.pid" && [ -n "$pid" ]; then
      p=$d/$t.$pid.ctl; break
    fi
  done
  if [ -z "$p" ]; then
    for d in $dirs; do
      set -- "$d/$t".*.ctl
      if [ $# -eq 1 ] && [ -S "$1" ]; then p=$1; break; fi
    done
  fi ;;
esac
if [ -z "$p" ]; then echo "$t: no control socket found on $h" >&2; exit 2; fi
if command -v socat >/dev/null 2>&1; then exec socat STDIO "UNIX-CONNECT:$p"; fi
if command -v python3 >/dev/null 2>&1; then exec python3 -c "
import socket, sys, threading
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
def up():
    while True:
        d = sys.stdin.buffer.read1(65536)
        if not d:
            break
        s.sendall(d)
    s.shutdown(socket.SHUT_WR)
threading.Thread(target=up, daemon=True).start()
while True:
    d = s.recv(65536)
    if not d:
        break
    sys.stdout.buffer.write(d)
    sys.stdout.buffer.flush()
" "$p"; fi
echo "neither socat nor python3 on this host" >&2
exit 127
)sh";

// The ssh words every builder shares, up to and including the destination.
std::vector<std::string> ssh_prefix(const std::vector<std::string>& program,
                                    const std::string& control_path,
                                    const std::vector<std::string>& ssh_options,
                                    const std::string& destination) {
    std::vector<std::string> argv = program.empty() ? std::vector<std::string>{"ssh"} : program;
    if (!control_path.empty()) {
        argv.insert(argv.end(), {"-S", control_path});
    }
    argv.insert(argv.end(), {"-T", "-o", "BatchMode=yes"});
    for (const auto& o : ssh_options) {
        argv.insert(argv.end(), {"-o", o});
    }
    argv.insert(argv.end(), {"--", destination});
    return argv;
}

} // namespace

std::vector<std::string> remote_target_argv(const remote_target_options& options) {
    std::vector<std::string> argv =
        ssh_prefix(options.ssh_program, "", options.ssh_options, options.destination);
    std::string command;
    for (const std::string& w :
         {std::string("sh"), std::string("-c"), std::string(find_and_relay_script),
          std::string("sh"), options.target, options.destination}) {
        if (!command.empty()) {
            command += ' ';
        }
        command += sh_quote(w);
    }
    argv.push_back(std::move(command));
    return argv;
}

std::vector<std::string> remote_socket_argv(const remote_socket_options& options) {
    std::vector<std::string> argv = ssh_prefix(options.ssh_program, options.control_path,
                                               options.ssh_options, options.destination);
    argv.push_back("exec socat STDIO " + sh_quote("UNIX-CONNECT:" + options.socket_path));
    return argv;
}

int remote_ssh_program(const char* value, std::vector<std::string>& words) {
    words = {"ssh"};
    if (!value || !*value) {
        return 0;
    }
    std::vector<std::string> split;
    if (int error = split_exec_args(value, split)) {
        return error;
    }
    words = std::move(split);
    return 0;
}

} // namespace vigil
