// The target/ control commands: list, commands (a target's list-commands), call (a command
// relayed to a target, its JSON passed through).
#include "services/command_invoker.h"
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_server.h"
#include "services/control_text.h"
#include "services/target_registry.h"
#include "services/unixctl_call.h"

#include "vigil/unixctl.h"

#include <boost/json.hpp>

namespace vigil::ui {

namespace {

void targetList(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                const std::vector<std::string>&) {
    const QList<TargetInfo> all = ctx.console->targets()->targets();
    if (conn.json_format()) {
        boost::json::array array;
        for (const TargetInfo& t : all) {
            array.push_back(boost::json::object{{"name", jsonString(t.name)},
                                                {"kind", jsonString(targetKindName(t.kind))},
                                                {"socket", jsonNullable(t.socketPath)},
                                                {"daemon", jsonNullable(t.daemon)},
                                                {"host", jsonNullable(t.host)},
                                                {"error", jsonNullable(t.error)}});
        }
        conn.reply_json(std::move(array));
        return;
    }
    QList<QStringList> rows;
    for (const TargetInfo& t : all) {
        rows << QStringList{t.name, targetKindName(t.kind),
                            t.socketPath.isEmpty() ? QStringLiteral("-") : t.socketPath};
    }
    conn.reply(controlTable(
        {QStringLiteral("NAME"), QStringLiteral("KIND"), QStringLiteral("SOCKET")}, rows));
}

void replyCommandList(const vigil::unixctl_conn& conn, const QList<CommandInfo>& commands) {
    if (conn.json_format()) {
        boost::json::array array;
        for (const CommandInfo& c : commands) {
            array.push_back(
                boost::json::object{{"name", jsonString(c.name)},
                                    {"usage", jsonString(c.usage)},
                                    {"min_args", c.minArgs},
                                    {"max_args", c.maxArgs < 0 ? boost::json::value()
                                                               : boost::json::value(c.maxArgs)}});
        }
        conn.reply_json(std::move(array));
        return;
    }
    QList<QStringList> rows;
    for (const CommandInfo& c : commands) {
        rows << QStringList{c.name, c.usage,
                            QStringLiteral("%1..%2").arg(c.minArgs).arg(
                                c.maxArgs < 0 ? QStringLiteral("*") : QString::number(c.maxArgs))};
    }
    conn.reply(controlTable(
        {QStringLiteral("COMMAND"), QStringLiteral("USAGE"), QStringLiteral("ARGS")}, rows));
}

void targetCommands(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                    const std::vector<std::string>& argv) {
    QString error;
    const QString socket = ctx.console->targets()->socketPath(controlArg(argv, 1), &error);
    if (socket.isEmpty()) {
        conn.reply_error(error.toStdString());
        return;
    }
    // A deferred reply: answered when the target's list-commands arrives (or never, if the
    // server closes first: the server is the call's context).
    unixctlCall(ctx.server, socket, QStringLiteral("list-commands"), {}, {},
                [conn](const UnixctlResult& result) {
                    if (!result.ok) {
                        conn.reply_error(result.error.toStdString());
                        return;
                    }
                    replyCommandList(conn, parseCommandList(result.text));
                });
}

void targetCall(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                const std::vector<std::string>& argv) {
    QStringList args;
    for (std::size_t i = 3; i < argv.size(); i++) {
        args << controlArg(argv, i);
    }
    InvokeOptions options;
    options.json = conn.json_format();
    // A deferred reply: answered when the target answers (or the call fails or times out).
    ctx.console->invoker()->invoke(
        controlArg(argv, 1), controlArg(argv, 2), args, options, [conn](const Invocation& inv) {
            if (!inv.ok) {
                conn.reply_error(inv.error.toStdString());
                return;
            }
            if (conn.json_format() && !inv.jsonUnsupported) {
                // Pass the target's JSON value through unchanged.
                boost::system::error_code ec;
                boost::json::value v = boost::json::parse(inv.output.toStdString(), ec);
                if (!ec && (v.is_array() || v.is_object())) {
                    conn.reply_json(std::move(v));
                    return;
                }
            }
            conn.reply(inv.output.toStdString());
        });
}

constexpr ControlCommand rows[] = {
    {"target/list", "", 0, 0, targetList},
    {"target/commands", "TARGET", 1, 1, targetCommands},
    {"target/call", "TARGET COMMAND [ARG...]", 2, vigil::unixctl_any_args, targetCall},
};

} // namespace

std::span<const ControlCommand> targetControlCommands() {
    return rows;
}

} // namespace vigil::ui
