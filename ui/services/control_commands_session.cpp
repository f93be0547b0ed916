// The session/ control commands: list (every session the console sees).
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_text.h"
#include "services/session_monitor.h"

#include "vigil/unixctl.h"

#include <boost/json.hpp>

namespace vigil::ui {

namespace {

void sessionList(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                 const std::vector<std::string>&) {
    const QList<SessionInfo> all = ctx.console->sessions()->sessions();
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
    conn.reply(controlTable(
        {QStringLiteral("SOURCE"), QStringLiteral("ROLE"), QStringLiteral("NAME"),
         QStringLiteral("STATE"), QStringLiteral("TIME"), QStringLiteral("BACKOFF"),
         QStringLiteral("ATTEMPTS"), QStringLiteral("SUCCESSES"), QStringLiteral("CONNECTED"),
         QStringLiteral("SEQNO"), QStringLiteral("LAST ERROR")},
        rows));
}

constexpr ControlCommand rows[] = {
    {"session/list", "", 0, 0, sessionList},
};

} // namespace

std::span<const ControlCommand> sessionControlCommands() {
    return rows;
}

} // namespace vigil::ui
