// target/call-all: one command sent to every target whose name matches a glob, all at once,
// each with the call timeout, answered when the last one is. A target that does not answer in
// time is "unresponsive", one that cannot be reached at all is "down": neither delays the
// others beyond the timeout.
#include "services/command_invoker.h"
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_text.h"
#include "services/fanout_status.h"
#include "services/target_registry.h"

#include "vigil/unixctl.h"

#include <boost/json.hpp>
#include <fnmatch.h>
#include <memory>

namespace vigil::ui {

namespace {

struct FanoutResult {
    QString target;
    QString status; // "ok", "error", "unresponsive" or "down"
    QString output; // the reply, or the error
    bool json = false;
    qint64 ms = 0;
};

void reply(const vigil::unixctl_conn& conn, const QList<FanoutResult>& results) {
    if (conn.json_format()) {
        boost::json::array array;
        for (const FanoutResult& r : results) {
            boost::json::object o{{"target", jsonString(r.target)},
                                  {"ok", r.status == QLatin1String("ok")},
                                  {"status", jsonString(r.status)},
                                  {"ms", r.ms}};
            if (r.status == QLatin1String("ok")) {
                boost::system::error_code ec;
                boost::json::value v;
                if (r.json) {
                    v = boost::json::parse(r.output.toStdString(), ec);
                }
                o["result"] = (r.json && !ec) ? v : jsonString(r.output);
            } else {
                o["error"] = jsonString(r.output);
            }
            array.push_back(std::move(o));
        }
        conn.reply_json(std::move(array));
        return;
    }
    QString text;
    for (const FanoutResult& r : results) {
        text += QStringLiteral("== %1: %2 (%3 ms) ==\n").arg(r.target, r.status).arg(r.ms);
        text += r.output;
        if (!r.output.isEmpty() && !r.output.endsWith(QLatin1Char('\n'))) {
            text += QLatin1Char('\n');
        }
    }
    conn.reply(text.toStdString());
}

void targetCallAll(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                   const std::vector<std::string>& argv) {
    const QString pattern = controlArg(argv, 1);
    // fnmatch without FNM_PATHNAME: '*' also matches '/', so "*" is every target and
    // "*/ovs-vswitchd" every host's ovs-vswitchd.
    const QByteArray glob = pattern.toUtf8();
    QStringList matching;
    for (const TargetInfo& t : ctx.console->targets()->targets()) {
        if (::fnmatch(glob.constData(), t.name.toUtf8().constData(), 0) == 0) {
            matching << t.name;
        }
    }
    if (matching.isEmpty()) {
        conn.reply_error(QStringLiteral("no target matches \"%1\"").arg(pattern).toStdString());
        return;
    }
    QStringList args;
    for (std::size_t i = 3; i < argv.size(); i++) {
        args << controlArg(argv, i);
    }
    struct Pending {
        QList<FanoutResult> results;
        int left = 0;
    };
    auto pending = std::make_shared<Pending>();
    pending->left = static_cast<int>(matching.size());
    for (const QString& name : matching) {
        pending->results.append({name, QString(), QString(), false, 0});
    }
    InvokeOptions options;
    options.json = conn.json_format();
    for (qsizetype i = 0; i < matching.size(); i++) {
        ctx.console->invoker()->invoke(matching[i], controlArg(argv, 2), args, options,
                                       [conn, pending, i](const Invocation& inv) {
                                           FanoutResult& r = pending->results[i];
                                           r.status = fanoutStatus(inv);
                                           r.output = inv.ok ? inv.output : inv.error;
                                           r.json = inv.format == ReplyFormat::Json;
                                           r.ms = inv.durationMs;
                                           if (--pending->left == 0) {
                                               reply(conn, pending->results);
                                           }
                                       });
    }
}

constexpr ControlCommand rows[] = {
    {"target/call-all", "PATTERN COMMAND [ARG...]", 2, vigil::unixctl_any_args, targetCallAll},
};

} // namespace

std::span<const ControlCommand> fanoutControlCommands() {
    return rows;
}

} // namespace vigil::ui
