// The daemon/ control commands: list, add, remove, start, stop, restart, reset, log, history.
// A daemon of a supervisor on one of the fleet's hosts is named "HOST/NAME" (daemon/list HOST
// lists them); the action is sent to that supervisor, whose feed brings its effect.
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_text.h"
#include "services/fleet.h"
#include "services/remote_supervisors.h"
#include "services/supervisor.h"
#include "services/supervisor_json.h"

#include "vigil/unixctl.h"

#include <boost/json.hpp>

namespace vigil::ui {

namespace {

constexpr int defaultLogLines = 50;

// The supervisor on the fleet's host `host`, or null after answering with the reason.
Supervisor* hostSupervisor(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                           const QString& host) {
    if (Supervisor* sup = ctx.console->remoteSupervisors()->supervisor(host)) {
        return sup;
    }
    conn.reply_error((ctx.console->fleet()->host(host)
                          ? QStringLiteral("no Vigil supervisor found on host \"%1\"")
                          : QStringLiteral("unknown host \"%1\""))
                         .arg(host)
                         .toStdString());
    return nullptr;
}

// Finds the supervisor of the daemon called `*name`: the console's own when it has one by
// that name, otherwise for "HOST/NAME" the one on that host (`*name` becomes its name there).
// Answers with an error and returns null when there is no such daemon.
Supervisor* daemonSupervisor(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                             QString* name) {
    Supervisor* local = ctx.console->supervisor();
    if (local->contains(*name)) {
        return local;
    }
    QString host;
    QString remoteName;
    if (!RemoteSupervisors::splitRemoteName(*name, &host, &remoteName) ||
        !ctx.console->fleet()->host(host)) {
        conn.reply_error(QStringLiteral("no daemon named \"%1\"").arg(*name).toStdString());
        return nullptr;
    }
    Supervisor* remote = hostSupervisor(ctx, conn, host);
    if (!remote) {
        return nullptr;
    }
    if (!remote->contains(remoteName)) {
        conn.reply_error(QStringLiteral("no daemon named \"%1\" on host \"%2\"")
                             .arg(remoteName, host)
                             .toStdString());
        return nullptr;
    }
    *name = remoteName;
    return remote;
}

void daemonList(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                const std::vector<std::string>& argv) {
    Supervisor* sup = argv.size() > 1 ? hostSupervisor(ctx, conn, controlArg(argv, 1))
                                      : ctx.console->supervisor();
    if (!sup) {
        return;
    }
    const QList<DaemonStatus> all = sup->daemons();
    if (conn.json_format()) {
        boost::json::array array;
        for (const DaemonStatus& d : all) {
            array.push_back(daemonStatusJson(d));
        }
        conn.reply_json(std::move(array));
        return;
    }
    QList<QStringList> rows;
    for (const DaemonStatus& d : all) {
        rows << QStringList{d.name,
                            daemonStateName(d.state),
                            desiredStateName(d.desired),
                            d.pid > 0 ? QString::number(d.pid) : QStringLiteral("-"),
                            QString::number(d.restarts),
                            d.lastExit.isEmpty() ? QStringLiteral("-") : d.lastExit,
                            d.reason};
    }
    conn.reply(
        controlTable({QStringLiteral("NAME"), QStringLiteral("STATE"), QStringLiteral("DESIRED"),
                      QStringLiteral("PID"), QStringLiteral("RESTARTS"),
                      QStringLiteral("LAST EXIT"), QStringLiteral("REASON")},
                     rows));
}

void daemonAdd(const ControlContext& ctx, const vigil::unixctl_conn& conn,
               const std::vector<std::string>& argv) {
    DaemonDefinition def;
    def.name = controlArg(argv, 1);
    def.program = controlArg(argv, 2);
    for (std::size_t i = 3; i < argv.size(); i++) {
        def.arguments << controlArg(argv, i);
    }
    def.autostart = false;
    QString error;
    if (!ctx.console->supervisor()->add(def, &error)) {
        conn.reply_error(error.toStdString());
        return;
    }
    conn.reply("");
}

// The handler of a command that applies `Action` to the daemon NAME (`verb` names it in the
// error for an adopted daemon, which the console may not control).
template <bool (Supervisor::*Action)(const QString&), const char* Verb>
void daemonAction(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                  const std::vector<std::string>& argv) {
    QString name = controlArg(argv, 1);
    Supervisor* sup = daemonSupervisor(ctx, conn, &name);
    if (!sup) {
        return;
    }
    if (!(sup->*Action)(name)) {
        conn.reply_error(QStringLiteral("cannot %1 \"%2\" (it is adopted)")
                             .arg(QString::fromLatin1(Verb), name)
                             .toStdString());
        return;
    }
    conn.reply("");
}

constexpr char removeVerb[] = "remove";
constexpr char startVerb[] = "start";
constexpr char stopVerb[] = "stop";
constexpr char restartVerb[] = "restart";
constexpr char resetVerb[] = "reset";

void daemonLog(const ControlContext& ctx, const vigil::unixctl_conn& conn,
               const std::vector<std::string>& argv) {
    QString name = controlArg(argv, 1);
    Supervisor* sup = daemonSupervisor(ctx, conn, &name);
    if (!sup) {
        return;
    }
    int lines = defaultLogLines;
    if (argv.size() > 2) {
        bool ok = false;
        lines = controlArg(argv, 2).toInt(&ok);
        if (!ok || lines < 0) {
            conn.reply_error(
                QStringLiteral("invalid LINES \"%1\"").arg(controlArg(argv, 2)).toStdString());
            return;
        }
    }
    QList<LogLine> log = sup->output(name);
    if (log.size() > lines) {
        log = log.mid(log.size() - lines);
    }
    if (conn.json_format()) {
        boost::json::array array;
        for (const LogLine& l : log) {
            array.push_back(logLineJson(l));
        }
        conn.reply_json(std::move(array));
        return;
    }
    QString out;
    for (const LogLine& l : log) {
        out += QStringLiteral("%1 %2 %3\n")
                   .arg(l.time.toString(QStringLiteral("HH:mm:ss.zzz")), logStreamName(l.isStderr),
                        l.text);
    }
    conn.reply(out.toStdString());
}

void daemonHistory(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                   const std::vector<std::string>& argv) {
    QString name = controlArg(argv, 1);
    Supervisor* sup = daemonSupervisor(ctx, conn, &name);
    if (!sup) {
        return;
    }
    const QList<HistoryEntry> history = sup->history(name);
    if (conn.json_format()) {
        boost::json::array array;
        for (const HistoryEntry& h : history) {
            array.push_back(historyEntryJson(h));
        }
        conn.reply_json(std::move(array));
        return;
    }
    QList<QStringList> rows;
    for (const HistoryEntry& h : history) {
        rows << QStringList{h.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                            historyEventName(h.event), h.detail};
    }
    conn.reply(controlTable(
        {QStringLiteral("TIME"), QStringLiteral("EVENT"), QStringLiteral("DETAIL")}, rows));
}

constexpr ControlCommand rows[] = {
    {"daemon/list", "[HOST]", 0, 1, daemonList},
    {"daemon/add", "NAME PROGRAM [ARG...]", 2, vigil::unixctl_any_args, daemonAdd},
    {"daemon/remove", "NAME", 1, 1, daemonAction<&Supervisor::remove, removeVerb>},
    {"daemon/start", "NAME", 1, 1, daemonAction<&Supervisor::start, startVerb>},
    {"daemon/stop", "NAME", 1, 1, daemonAction<&Supervisor::stop, stopVerb>},
    {"daemon/restart", "NAME", 1, 1, daemonAction<&Supervisor::restart, restartVerb>},
    {"daemon/reset", "NAME", 1, 1, daemonAction<&Supervisor::resetFailures, resetVerb>},
    {"daemon/log", "NAME [LINES]", 1, 2, daemonLog},
    {"daemon/history", "NAME", 1, 1, daemonHistory},
};

} // namespace

std::span<const ControlCommand> daemonControlCommands() {
    return rows;
}

} // namespace vigil::ui
