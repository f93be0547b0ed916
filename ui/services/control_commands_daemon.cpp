// The daemon/ control commands: list, add, remove, start, stop, restart, reset, log, history.
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_text.h"
#include "services/supervisor.h"
#include "services/supervisor_json.h"

#include "vigil/unixctl.h"

#include <boost/json.hpp>

namespace vigil::ui {

namespace {

constexpr int defaultLogLines = 50;

// Answers with an error and returns false when the supervisor has no daemon `name`.
bool knownDaemon(Supervisor* sup, const vigil::unixctl_conn& conn, const QString& name) {
    if (sup->contains(name)) {
        return true;
    }
    conn.reply_error(QStringLiteral("no daemon named \"%1\"").arg(name).toStdString());
    return false;
}

void daemonList(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                const std::vector<std::string>&) {
    const QList<DaemonStatus> all = ctx.console->supervisor()->daemons();
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
    Supervisor* sup = ctx.console->supervisor();
    const QString name = controlArg(argv, 1);
    if (!knownDaemon(sup, conn, name)) {
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
    Supervisor* sup = ctx.console->supervisor();
    const QString name = controlArg(argv, 1);
    if (!knownDaemon(sup, conn, name)) {
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
    Supervisor* sup = ctx.console->supervisor();
    const QString name = controlArg(argv, 1);
    if (!knownDaemon(sup, conn, name)) {
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
    {"daemon/list", "", 0, 0, daemonList},
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
