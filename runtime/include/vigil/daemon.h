// Daemonization as OVS does it (spec §10): the daemon options, the start-up handshake with
// the foreground parent (`--detach`), the pidfile, and the `--monitor` supervisor that
// restarts a crashed daemon.
//
// A program calls daemonize_start() after parsing its options and BEFORE anything uses the
// poll loop or starts threads (it forks; an epoll set created before a fork would be shared
// with the parent), then creates what must exist before the foreground parent returns (its
// control socket), then calls daemonize_complete():
//
//     vigil::daemon_options opts;
//     ... daemon_parse_args(args, opts, error) or daemon_handle_option() in a getopt loop ...
//     vigil::daemonize_start(opts);           // returns only in the daemon
//     if (vigil::unixctl_server::create(path, server)) exit(1);
//     vigil::daemonize_complete();
//     for (;;) { ...; vigil::poll_block(); }
#pragma once

#include <string>
#include <sys/types.h>
#include <vector>

struct option;

namespace vigil {

struct daemon_options {
    bool detach = false;            // --detach
    bool no_chdir = false;          // --no-chdir
    bool pidfile = false;           // --pidfile[=FILE]
    std::string pidfile_name;       //   FILE, empty for <rundir>/<program>.pid
    bool overwrite_pidfile = false; // --overwrite-pidfile
    bool monitor = false;           // --monitor
    std::string user;               // --user=USER[:GROUP] (root only), empty for none
    // --no-self-confinement: accepted so that scripts written for OVS daemons (ovs-ctl passes
    // it) start ours unchanged; Vigil daemons have no file-access confinement to turn off.
    bool self_confinement = true;
    bool log_file = false;     // --log-file[=FILE]
    std::string log_file_name; //   FILE, empty for <logdir>/<program>.log
    bool bail = false;         // --bail: exit 1 right after daemonize_start()'s work
    // Program name for the default pidfile and log file; empty means the executable's base
    // name (program_invocation_short_name).
    std::string program_name;
};

// getopt_long() values of the daemon options (outside the range of short options).
enum daemon_option_id : int {
    daemon_opt_detach = 0x4d00,
    daemon_opt_no_chdir,
    daemon_opt_pidfile,
    daemon_opt_overwrite_pidfile,
    daemon_opt_monitor,
    daemon_opt_log_file,
    daemon_opt_bail,
    daemon_opt_user,
    daemon_opt_no_self_confinement,
};

// The getopt_long() entries of the daemon options (no terminating zero entry), to append to a
// program's own table.
std::vector<option> daemon_long_options();

// Applies one option returned by getopt_long() (`arg` is optarg, may be null). Returns true
// if `id` is a daemon option, false (changing nothing) otherwise.
bool daemon_handle_option(int id, const char* arg, daemon_options& opts);

// Removes the daemon options from `args` (args[0], the program, is kept; parsing stops at
// "--"), applying them to `opts`, and leaves every other argument in order. `--pidfile` and
// `--log-file` take a value only in the `--opt=VALUE` form. Returns true, or false with a
// message in `error` (e.g. an unexpected value for `--detach=x`).
bool daemon_parse_args(std::vector<std::string>& args, daemon_options& opts, std::string& error);

// The "Daemon options:" help text, in OVS's layout.
std::string daemon_usage(const std::string& program);

// Starts daemonizing according to `opts`; it must run before the poll loop is used. With
// --log-file, first opens the log file. With --detach, forks: the foreground parent waits and
// exits 0 once the daemon calls daemonize_complete(), or with the daemon's exit status if it
// fails first; the child calls setsid(). With --monitor, forks again: the parent becomes the
// monitor and never returns. In the daemon: creates the pidfile (dying with OVS's messages,
// exit 1, if it cannot), installs the SIGSEGV backtrace handler, and with --bail exits 1 with
// `exiting after daemonize_start() as requested`.
void daemonize_start(const daemon_options& opts);

// Completes daemonization (idempotent): with --detach, changes to "/" (unless --no-chdir),
// points fds 0-2 at /dev/null and turns console logging off; then tells the waiting parent or
// monitor that start-up succeeded (OVS does these in the other order, which lets the
// foreground command return while the daemon still holds its stdio).
void daemonize_complete();

// daemonize_start() followed by daemonize_complete(), for programs with nothing to set up in
// between.
void daemonize(const daemon_options& opts);

// The resolved pidfile path of this daemon ("" when --pidfile was not given).
std::string daemon_pidfile_name();

// Whether daemonize_start() detached, and whether a monitor supervises this process.
bool daemon_is_detached();
bool daemon_is_monitored();

// Points fds 0, 1 and 2 at /dev/null and turns console logging off (what --detach does).
void daemon_close_standard_fds();

} // namespace vigil
