// The host/ control commands: the fleet's hosts (add, remove, trust a key, list).
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_text.h"
#include "services/fleet.h"

#include "vigil/unixctl.h"

#include <boost/json.hpp>

namespace vigil::ui {

namespace {

void hostAdd(const ControlContext& ctx, const vigil::unixctl_conn& conn,
             const std::vector<std::string>& argv) {
    HostDefinition h;
    h.name = controlArg(argv, 1);
    h.destination = controlArg(argv, 2);
    for (std::size_t i = 3; i < argv.size(); i++) {
        h.runDirectories << controlArg(argv, i);
    }
    QString error;
    if (!ctx.console->fleet()->addHost(h, &error)) {
        conn.reply_error(error.toStdString());
        return;
    }
    QString saveError;
    if (!ctx.console->save(&saveError)) {
        conn.reply(QStringLiteral("added %1 (not saved: %2)").arg(h.name, saveError).toStdString());
        return;
    }
    conn.reply("");
}

void hostRemove(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                const std::vector<std::string>& argv) {
    const QString name = controlArg(argv, 1);
    if (!ctx.console->fleet()->removeHost(name)) {
        conn.reply_error(QStringLiteral("unknown host \"%1\"").arg(name).toStdString());
        return;
    }
    ctx.console->save();
    conn.reply("");
}

void hostTrust(const ControlContext& ctx, const vigil::unixctl_conn& conn,
               const std::vector<std::string>& argv) {
    QString error;
    if (!ctx.console->fleet()->trust(controlArg(argv, 1), controlArg(argv, 2), &error)) {
        conn.reply_error(error.toStdString());
        return;
    }
    conn.reply("");
}

void hostList(const ControlContext& ctx, const vigil::unixctl_conn& conn,
              const std::vector<std::string>&) {
    const QList<HostInfo> hosts = ctx.console->fleet()->hosts();
    if (conn.json_format()) {
        boost::json::array array;
        for (const HostInfo& h : hosts) {
            boost::json::array dirs;
            for (const QString& d : h.definition.effectiveRunDirectories()) {
                dirs.push_back(jsonString(d));
            }
            array.push_back(boost::json::object{
                {"name", jsonString(h.definition.name)},
                {"destination", jsonString(h.definition.destination)},
                {"state", jsonString(hostStateName(h.state))},
                {"last_error", jsonNullable(h.lastError)},
                {"fingerprint", jsonNullable(h.fingerprint)},
                {"key_type", jsonNullable(h.keyType)},
                {"targets", h.targets},
                {"rtt_ms", h.rttMs < 0 ? boost::json::value() : boost::json::value(h.rttMs)},
                {"forwarding", h.forwarding},
                {"run_directories", std::move(dirs)}});
        }
        conn.reply_json(std::move(array));
        return;
    }
    QList<QStringList> rows;
    for (const HostInfo& h : hosts) {
        QString note = h.lastError;
        if (!h.fingerprint.isEmpty()) {
            note = QStringLiteral("%1 key %2; %3").arg(h.keyType, h.fingerprint, note);
        }
        rows << QStringList{h.definition.name,
                            h.definition.destination,
                            hostStateName(h.state),
                            QString::number(h.targets),
                            h.rttMs < 0 ? QStringLiteral("-") : QString::number(h.rttMs),
                            note.isEmpty() ? QStringLiteral("-") : note};
    }
    conn.reply(controlTable({QStringLiteral("NAME"), QStringLiteral("DESTINATION"),
                             QStringLiteral("STATE"), QStringLiteral("TARGETS"),
                             QStringLiteral("RTT_MS"), QStringLiteral("NOTE")},
                            rows));
}

constexpr ControlCommand rows[] = {
    {"host/add", "NAME DESTINATION [RUNDIR...]", 2, vigil::unixctl_any_args, hostAdd},
    {"host/remove", "NAME", 1, 1, hostRemove},
    {"host/trust", "NAME FINGERPRINT", 2, 2, hostTrust},
    {"host/list", "", 0, 0, hostList},
};

} // namespace

std::span<const ControlCommand> hostControlCommands() {
    return rows;
}

} // namespace vigil::ui
