#include "services/control_server.h"

#include "services/command_invoker.h"
#include "services/console.h"
#include "services/session_monitor.h"
#include "services/supervisor.h"
#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include "vigil/unixctl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <boost/json.hpp>

namespace vigil::ui {

namespace {

constexpr int defaultLogLines = 50;

struct CommandSpec {
    const char* name;
    const char* usage;
    int minArgs;
    int maxArgs;
};

const CommandSpec commandSpecs[] = {
    {"daemon/list", "", 0, 0},
    {"daemon/add", "NAME PROGRAM [ARG...]", 2, vigil::unixctl_any_args},
    {"daemon/remove", "NAME", 1, 1},
    {"daemon/start", "NAME", 1, 1},
    {"daemon/stop", "NAME", 1, 1},
    {"daemon/restart", "NAME", 1, 1},
    {"daemon/reset", "NAME", 1, 1},
    {"daemon/log", "NAME [LINES]", 1, 2},
    {"daemon/history", "NAME", 1, 1},
    {"target/list", "", 0, 0},
    {"target/commands", "TARGET", 1, 1},
    {"target/call", "TARGET COMMAND [ARG...]", 2, vigil::unixctl_any_args},
    {"session/list", "", 0, 0},
    {"workspace/save", "", 0, 0},
    {"exit", "", 0, 0},
};

QString arg(const std::vector<std::string>& argv, std::size_t i) {
    return i < argv.size() ? QString::fromStdString(argv[i]) : QString();
}

boost::json::value toBoost(const QJsonValue& value) {
    const QByteArray bytes = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    boost::json::value parsed = boost::json::parse(bytes.toStdString());
    return parsed.as_array().empty() ? boost::json::value() : parsed.as_array()[0];
}

void replyJson(const vigil::unixctl_conn& conn, const QJsonValue& value) {
    conn.reply_json(toBoost(value));
}

// Lays out rows as left-aligned columns separated by two spaces, with a heading row.
QString table(const QStringList& heading, const QList<QStringList>& rows) {
    QList<int> widths;
    for (const QString& h : heading) {
        widths << h.size();
    }
    for (const QStringList& row : rows) {
        for (int c = 0; c < row.size() && c < widths.size(); c++) {
            widths[c] = std::max<int>(widths[c], row[c].size());
        }
    }
    auto line = [&widths](const QStringList& cells) {
        QString out;
        for (int c = 0; c < cells.size(); c++) {
            out += c + 1 < cells.size() ? cells[c].leftJustified(widths[c] + 2) : cells[c];
        }
        return out.trimmed() + QLatin1Char('\n');
    };
    QString out = line(heading);
    for (const QStringList& row : rows) {
        out += line(row);
    }
    return out;
}

QJsonValue nullable(const QString& s) {
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

QJsonObject daemonJson(const DaemonStatus& d) {
    QJsonObject o;
    o[QLatin1String("name")] = d.name;
    o[QLatin1String("state")] = daemonStateName(d.state);
    o[QLatin1String("desired")] = desiredStateName(d.desired);
    o[QLatin1String("pid")] = d.pid > 0 ? QJsonValue(d.pid) : QJsonValue();
    o[QLatin1String("restarts")] = d.restarts;
    o[QLatin1String("failures")] = d.failures;
    o[QLatin1String("last_exit")] = nullable(d.lastExit);
    o[QLatin1String("reason")] = d.reason;
    o[QLatin1String("control_socket")] = nullable(d.controlSocket);
    o[QLatin1String("adopted")] = d.adopted;
    o[QLatin1String("started_at")] =
        d.startedAt.isValid() ? QJsonValue(d.startedAt.toString(Qt::ISODateWithMs)) : QJsonValue();
    o[QLatin1String("next_restart_at")] =
        d.nextRestartAt.isValid() ? QJsonValue(d.nextRestartAt.toString(Qt::ISODateWithMs))
                                  : QJsonValue();
    return o;
}

} // namespace

ControlServer::ControlServer(Console* console, QObject* parent)
    : QObject(parent), console_(console) {}

ControlServer::~ControlServer() {
    close();
}

QStringList ControlServer::commandNames() {
    QStringList names;
    for (const CommandSpec& spec : commandSpecs) {
        names << QString::fromLatin1(spec.name);
    }
    return names;
}

QString ControlServer::socketPath() const {
    return server_ ? QString::fromStdString(server_->path()) : QString();
}

bool ControlServer::listen(const QString& socketPath, QString* error) {
    if (server_) {
        if (error) {
            *error = QStringLiteral("already listening on %1").arg(this->socketPath());
        }
        return false;
    }
    for (const CommandSpec& spec : commandSpecs) {
        if (!vigil::unixctl_command_register(spec.name, spec.usage, spec.minArgs, spec.maxArgs,
                                             [](const vigil::unixctl_conn&, const auto&) {})) {
            if (error) {
                *error = QStringLiteral("the command %1 is already registered (another console "
                                        "in this process?)")
                             .arg(QString::fromLatin1(spec.name));
            }
            // Undo the placeholders registered so far.
            for (const CommandSpec& undo : commandSpecs) {
                if (&undo == &spec) {
                    break;
                }
                vigil::unixctl_command_unregister(undo.name);
            }
            return false;
        }
    }
    registered_ = true;
    registerCommands();
    std::unique_ptr<vigil::unixctl_server> server;
    if (int e = vigil::unixctl_server::create(socketPath.toStdString(), server)) {
        if (error) {
            *error = QStringLiteral("%1: could not initialize control socket (%2)")
                         .arg(socketPath, unixctlErrorText(e));
        }
        close();
        return false;
    }
    // The console can start and stop programs: only our own user (or root) may drive it,
    // whatever the socket file's mode lets through.
    server->set_peer_uid_check(true);
    server_ = std::move(server);
    return true;
}

void ControlServer::close() {
    server_.reset();
    if (registered_) {
        for (const CommandSpec& spec : commandSpecs) {
            vigil::unixctl_command_unregister(spec.name);
        }
        registered_ = false;
    }
}

void ControlServer::registerCommands() {
    // listen() reserved the names with placeholders; replace them with the real callbacks.
    Console* console = console_;
    QPointer<ControlServer> self(this);
    auto reg = [](const char* name, vigil::unixctl_cb cb) {
        for (const CommandSpec& spec : commandSpecs) {
            if (std::string_view(spec.name) == name) {
                vigil::unixctl_command_unregister(name);
                vigil::unixctl_command_register(name, spec.usage, spec.minArgs, spec.maxArgs,
                                                std::move(cb));
                return;
            }
        }
    };
    Supervisor* sup = console->supervisor();

    reg("daemon/list", [sup](const vigil::unixctl_conn& conn, const auto&) {
        const QList<DaemonStatus> all = sup->daemons();
        if (conn.json_format()) {
            QJsonArray array;
            for (const DaemonStatus& d : all) {
                array << daemonJson(d);
            }
            replyJson(conn, array);
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
            table({QStringLiteral("NAME"), QStringLiteral("STATE"), QStringLiteral("DESIRED"),
                   QStringLiteral("PID"), QStringLiteral("RESTARTS"), QStringLiteral("LAST EXIT"),
                   QStringLiteral("REASON")},
                  rows)
                .toStdString());
    });

    reg("daemon/add", [sup](const vigil::unixctl_conn& conn, const auto& argv) {
        DaemonDefinition def;
        def.name = arg(argv, 1);
        def.program = arg(argv, 2);
        for (std::size_t i = 3; i < argv.size(); i++) {
            def.arguments << arg(argv, i);
        }
        def.autostart = false;
        QString error;
        if (!sup->add(def, &error)) {
            conn.reply_error(error.toStdString());
            return;
        }
        conn.reply("");
    });

    auto simple = [sup](bool (Supervisor::*action)(const QString&), const char* verb) {
        return [sup, action, verb](const vigil::unixctl_conn& conn, const auto& argv) {
            const QString name = arg(argv, 1);
            if (!sup->contains(name)) {
                conn.reply_error(QStringLiteral("no daemon named \"%1\"").arg(name).toStdString());
                return;
            }
            if (!(sup->*action)(name)) {
                conn.reply_error(QStringLiteral("cannot %1 \"%2\" (it is adopted)")
                                     .arg(QString::fromLatin1(verb), name)
                                     .toStdString());
                return;
            }
            conn.reply("");
        };
    };
    reg("daemon/remove", simple(&Supervisor::remove, "remove"));
    reg("daemon/start", simple(&Supervisor::start, "start"));
    reg("daemon/stop", simple(&Supervisor::stop, "stop"));
    reg("daemon/restart", simple(&Supervisor::restart, "restart"));
    reg("daemon/reset", simple(&Supervisor::resetFailures, "reset"));

    reg("daemon/log", [sup](const vigil::unixctl_conn& conn, const auto& argv) {
        const QString name = arg(argv, 1);
        if (!sup->contains(name)) {
            conn.reply_error(QStringLiteral("no daemon named \"%1\"").arg(name).toStdString());
            return;
        }
        int lines = defaultLogLines;
        if (argv.size() > 2) {
            bool ok = false;
            lines = arg(argv, 2).toInt(&ok);
            if (!ok || lines < 0) {
                conn.reply_error(
                    QStringLiteral("invalid LINES \"%1\"").arg(arg(argv, 2)).toStdString());
                return;
            }
        }
        QList<LogLine> log = sup->output(name);
        if (log.size() > lines) {
            log = log.mid(log.size() - lines);
        }
        if (conn.json_format()) {
            QJsonArray array;
            for (const LogLine& l : log) {
                array << QJsonObject{{QStringLiteral("seq"), static_cast<qint64>(l.seq)},
                                     {QStringLiteral("time"), l.time.toString(Qt::ISODateWithMs)},
                                     {QStringLiteral("stream"), logStreamName(l.isStderr)},
                                     {QStringLiteral("truncated"), l.truncated},
                                     {QStringLiteral("text"), l.text}};
            }
            replyJson(conn, array);
            return;
        }
        QString out;
        for (const LogLine& l : log) {
            out += QStringLiteral("%1 %2 %3\n")
                       .arg(l.time.toString(QStringLiteral("HH:mm:ss.zzz")),
                            logStreamName(l.isStderr), l.text);
        }
        conn.reply(out.toStdString());
    });

    reg("daemon/history", [sup](const vigil::unixctl_conn& conn, const auto& argv) {
        const QString name = arg(argv, 1);
        if (!sup->contains(name)) {
            conn.reply_error(QStringLiteral("no daemon named \"%1\"").arg(name).toStdString());
            return;
        }
        const QList<HistoryEntry> history = sup->history(name);
        if (conn.json_format()) {
            QJsonArray array;
            for (const HistoryEntry& h : history) {
                array << QJsonObject{{QStringLiteral("time"), h.time.toString(Qt::ISODateWithMs)},
                                     {QStringLiteral("event"), historyEventName(h.event)},
                                     {QStringLiteral("detail"), h.detail}};
            }
            replyJson(conn, array);
            return;
        }
        QList<QStringList> rows;
        for (const HistoryEntry& h : history) {
            rows << QStringList{h.time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                                historyEventName(h.event), h.detail};
        }
        conn.reply(
            table({QStringLiteral("TIME"), QStringLiteral("EVENT"), QStringLiteral("DETAIL")}, rows)
                .toStdString());
    });

    TargetRegistry* targets = console->targets();
    reg("target/list", [targets](const vigil::unixctl_conn& conn, const auto&) {
        const QList<TargetInfo> all = targets->targets();
        if (conn.json_format()) {
            QJsonArray array;
            for (const TargetInfo& t : all) {
                array << QJsonObject{{QStringLiteral("name"), t.name},
                                     {QStringLiteral("kind"), targetKindName(t.kind)},
                                     {QStringLiteral("socket"), nullable(t.socketPath)},
                                     {QStringLiteral("daemon"), nullable(t.daemon)}};
            }
            replyJson(conn, array);
            return;
        }
        QList<QStringList> rows;
        for (const TargetInfo& t : all) {
            rows << QStringList{t.name, targetKindName(t.kind),
                                t.socketPath.isEmpty() ? QStringLiteral("-") : t.socketPath};
        }
        conn.reply(
            table({QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("SOCKET")}, rows)
                .toStdString());
    });

    reg("target/commands", [self, targets](const vigil::unixctl_conn& conn, const auto& argv) {
        const QString target = arg(argv, 1);
        QString error;
        const QString socket = targets->socketPath(target, &error);
        if (socket.isEmpty()) {
            conn.reply_error(error.toStdString());
            return;
        }
        // A deferred reply: answered when the target's list-commands arrives.
        unixctlCall(self, socket, QStringLiteral("list-commands"), {}, {},
                    [conn](const UnixctlResult& result) {
                        if (!result.ok) {
                            conn.reply_error(result.error.toStdString());
                            return;
                        }
                        const QList<CommandInfo> commands = parseCommandList(result.text);
                        if (conn.json_format()) {
                            QJsonArray array;
                            for (const CommandInfo& c : commands) {
                                array << QJsonObject{
                                    {QStringLiteral("name"), c.name},
                                    {QStringLiteral("usage"), c.usage},
                                    {QStringLiteral("min_args"), c.minArgs},
                                    {QStringLiteral("max_args"),
                                     c.maxArgs < 0 ? QJsonValue() : QJsonValue(c.maxArgs)}};
                            }
                            replyJson(conn, array);
                            return;
                        }
                        QList<QStringList> rows;
                        for (const CommandInfo& c : commands) {
                            rows << QStringList{c.name, c.usage,
                                                QStringLiteral("%1..%2").arg(c.minArgs).arg(
                                                    c.maxArgs < 0 ? QStringLiteral("*")
                                                                  : QString::number(c.maxArgs))};
                        }
                        conn.reply(table({QStringLiteral("COMMAND"), QStringLiteral("USAGE"),
                                          QStringLiteral("ARGS")},
                                         rows)
                                       .toStdString());
                    });
    });

    CommandInvoker* invoker = console->invoker();
    reg("target/call", [invoker](const vigil::unixctl_conn& conn, const auto& argv) {
        QStringList args;
        for (std::size_t i = 3; i < argv.size(); i++) {
            args << arg(argv, i);
        }
        InvokeOptions options;
        options.json = conn.json_format();
        // A deferred reply: answered when the target answers (or the call fails or times out).
        invoker->invoke(arg(argv, 1), arg(argv, 2), args, options, [conn](const Invocation& inv) {
            if (!inv.ok) {
                conn.reply_error(inv.error.toStdString());
                return;
            }
            if (conn.json_format() && !inv.jsonUnsupported) {
                // Pass the target's JSON value through unchanged.
                QJsonParseError error;
                const QJsonDocument doc = QJsonDocument::fromJson(inv.output.toUtf8(), &error);
                if (error.error == QJsonParseError::NoError && !doc.isNull()) {
                    replyJson(conn,
                              doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
                    return;
                }
            }
            conn.reply(inv.output.toStdString());
        });
    });

    SessionMonitor* sessions = console->sessions();
    reg("session/list", [sessions](const vigil::unixctl_conn& conn, const auto&) {
        const QList<SessionInfo> all = sessions->sessions();
        if (conn.json_format()) {
            boost::json::array array;
            for (const SessionInfo& s : all) {
                array.push_back(s.toJson());
            }
            conn.reply_json(std::move(array));
            return;
        }
        QList<QStringList> rows;
        auto secs = [](qint64 ms) { return QString::number(ms / 1000.0, 'f', 1) + 's'; };
        for (const SessionInfo& s : all) {
            rows << QStringList{s.source,
                                s.role(),
                                s.name,
                                s.stateName(),
                                secs(s.timeInStateMs()),
                                secs(s.stats.backoff),
                                QString::number(s.stats.attempts),
                                QString::number(s.stats.successes),
                                secs(s.connectedTotalNowMs()),
                                QString::number(s.stats.seqno),
                                s.lastError().isEmpty() ? QStringLiteral("-") : s.lastError()};
        }
        conn.reply(table({QStringLiteral("SOURCE"), QStringLiteral("ROLE"), QStringLiteral("NAME"),
                          QStringLiteral("STATE"), QStringLiteral("TIME"),
                          QStringLiteral("BACKOFF"), QStringLiteral("ATTEMPTS"),
                          QStringLiteral("SUCCESSES"), QStringLiteral("CONNECTED"),
                          QStringLiteral("SEQNO"), QStringLiteral("LAST ERROR")},
                         rows)
                       .toStdString());
    });

    reg("workspace/save", [console](const vigil::unixctl_conn& conn, const auto&) {
        QString error;
        if (!console->save(&error)) {
            conn.reply_error(error.toStdString());
            return;
        }
        conn.reply("");
    });

    reg("exit", [self](const vigil::unixctl_conn& conn, const auto&) {
        conn.reply("");
        if (self) {
            // From the event loop, so the reply goes out before anyone acts on it.
            QMetaObject::invokeMethod(self, &ControlServer::exitRequested, Qt::QueuedConnection);
        }
    });
}

} // namespace vigil::ui
