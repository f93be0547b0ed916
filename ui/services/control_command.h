// The console's control commands as one table: every row carries the command's name, usage,
// argument bounds and handler, and the ControlServer registers exactly these rows, so a command
// cannot be listed without a handler or handled without being listed. Each domain contributes
// its rows from a file of its own (control_commands_daemon.cpp, _target.cpp, _session.cpp,
// _cluster.cpp, _console.cpp, _feed.cpp); controlCommands() joins them in the order list-commands
// shows.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace vigil {
class unixctl_conn;
}

namespace vigil::ui {

class Console;
class ControlServer;

// What a handler may use: the console's services, and the server (the context of deferred
// calls, so that closing the server cancels them, and the sender of exitRequested()).
struct ControlContext {
    Console* console = nullptr;
    ControlServer* server = nullptr;
};

// Answers one request; `argv` holds the command name and then its arguments, already checked
// against the row's bounds by the unixctl server.
using ControlHandler = void (*)(const ControlContext& context, const vigil::unixctl_conn& conn,
                                const std::vector<std::string>& argv);

struct ControlCommand {
    const char* name;
    const char* usage;
    int minArgs;
    int maxArgs; // vigil::unixctl_any_args for no upper bound
    ControlHandler handler;
};

// The rows of each domain.
std::span<const ControlCommand> daemonControlCommands();
// daemon/snapshot, daemon/wait, daemon/define, daemon/redefine, daemon/stop-all (the feed).
std::span<const ControlCommand> feedControlCommands();
std::span<const ControlCommand> targetControlCommands();
// target/call-all: one command on every target matching a pattern, in parallel.
std::span<const ControlCommand> fanoutControlCommands();
// host/add, host/remove, host/trust, host/list: the fleet.
std::span<const ControlCommand> hostControlCommands();
std::span<const ControlCommand> sessionControlCommands();
std::span<const ControlCommand> clusterControlCommands();
std::span<const ControlCommand> consoleControlCommands();

// Every row, domain by domain (daemon/ with the feed's, target/ with call-all, host/, session/,
// cluster/ and ovn/, then the console's own).
const std::vector<ControlCommand>& controlCommands();

} // namespace vigil::ui
