// The session/ control commands: list (every session the console sees). The text table shows
// "unknown" for a session whose state is not known now (its reason in LAST ERROR), and "-"
// for counters a source does not publish (Open vSwitch's own sessions); the JSON form keeps
// the last known state with "state_known" and "reason" beside it.
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
    const QString none = QStringLiteral("-");
    for (const SessionInfo& s : all) {
        const bool counters = !s.countersUnknown();
        QString error = s.stateKnown ? s.lastError() : s.reason;
        rows << QStringList{s.source,
                            s.role(),
                            s.name,
                            s.displayState(),
                            secs(s.timeInStateMs()),
                            counters ? secs(s.stats.backoff) : none,
                            counters ? QString::number(s.stats.attempts) : none,
                            counters ? QString::number(s.stats.successes) : none,
                            counters ? secs(s.connectedTotalNowMs()) : none,
                            counters ? QString::number(s.stats.seqno) : none,
                            error.isEmpty() ? none : error,
                            s.detail.isEmpty() ? none : s.detail};
    }
    conn.reply(controlTable(
        {QStringLiteral("SOURCE"), QStringLiteral("ROLE"), QStringLiteral("NAME"),
         QStringLiteral("STATE"), QStringLiteral("TIME"), QStringLiteral("BACKOFF"),
         QStringLiteral("ATTEMPTS"), QStringLiteral("SUCCESSES"), QStringLiteral("CONNECTED"),
         QStringLiteral("SEQNO"), QStringLiteral("LAST ERROR"), QStringLiteral("DETAIL")},
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
