// The control commands a supervisor's clients use: daemon/snapshot and daemon/wait (the change
// feed, see SupervisorFeed), daemon/define and daemon/redefine (full definitions as JSON), and
// daemon/stop-all (answered once every daemon has stopped).
#include "services/console.h"
#include "services/control_command.h"
#include "services/control_text.h"
#include "services/daemon_definition.h"
#include "services/supervisor.h"
#include "services/supervisor_feed.h"

#include "vigil/unixctl.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <boost/json.hpp>

namespace vigil::ui {

namespace {

// The console's feed, created with the first request that needs it (a child of the console, so
// it goes with it): changes before a client's first snapshot need no record.
SupervisorFeed* feedOf(const ControlContext& ctx) {
    auto* feed = ctx.console->findChild<SupervisorFeed*>(QString(), Qt::FindDirectChildrenOnly);
    if (!feed) {
        feed = new SupervisorFeed(ctx.console->supervisor(), ctx.console);
    }
    return feed;
}

// A short text for a feed reply in text format.
std::string feedText(const boost::json::object& r) {
    QString text = QStringLiteral("epoch %1 seqno %2")
                       .arg(QString::fromStdString(std::string(r.at("epoch").as_string())))
                       .arg(r.at("seqno").to_number<qint64>());
    if (r.contains("reset")) {
        text += QStringLiteral(": reset, take a new snapshot");
    } else if (const boost::json::value* daemons = r.if_contains("daemons")) {
        text += QStringLiteral(", %1 daemons").arg(daemons->as_array().size());
    } else if (const boost::json::value* events = r.if_contains("events")) {
        text += QStringLiteral(", %1 events").arg(events->as_array().size());
        for (const boost::json::value& e : events->as_array()) {
            const boost::json::object& o = e.as_object();
            text += QStringLiteral("\n%1 %2")
                        .arg(o.at("seq").to_number<qint64>())
                        .arg(QString::fromStdString(std::string(o.at("type").as_string())));
            if (const boost::json::value* name = o.if_contains("name")) {
                text += QLatin1Char(' ') + QString::fromStdString(std::string(name->as_string()));
            }
        }
    }
    return text.toStdString();
}

void daemonSnapshot(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                    const std::vector<std::string>&) {
    boost::json::object r = feedOf(ctx)->snapshot();
    if (conn.json_format()) {
        conn.reply_json(std::move(r));
    } else {
        conn.reply(feedText(r));
    }
}

void daemonWait(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                const std::vector<std::string>& argv) {
    const QString text = controlArg(argv, 1);
    bool ok = false;
    const quint64 seqno = text.toULongLong(&ok);
    if (!ok) {
        conn.reply_error(QStringLiteral("invalid SEQNO \"%1\"").arg(text).toStdString());
        return;
    }
    SupervisorFeed* feed = feedOf(ctx);
    // Without an epoch the client means the current one.
    const QString epoch = argv.size() > 2 ? controlArg(argv, 2) : feed->epoch();
    QString error;
    if (!feed->wait(conn, seqno, epoch, &error)) {
        conn.reply_error(error.toStdString());
    }
}

// Parses the JSON definition in argv[1]; on failure, answers with the reason and returns
// std::nullopt.
std::optional<DaemonDefinition> definitionArg(const vigil::unixctl_conn& conn,
                                              const std::vector<std::string>& argv) {
    QJsonParseError parseError;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(argv.at(1)), &parseError);
    if (!doc.isObject()) {
        conn.reply_error(QStringLiteral("invalid definition: %1")
                             .arg(parseError.error == QJsonParseError::NoError
                                      ? QStringLiteral("not an object")
                                      : parseError.errorString())
                             .toStdString());
        return std::nullopt;
    }
    QString error;
    std::optional<DaemonDefinition> def = DaemonDefinition::fromJson(doc.object(), &error);
    if (!def) {
        conn.reply_error(QStringLiteral("invalid definition: %1").arg(error).toStdString());
    }
    return def;
}

void daemonDefine(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                  const std::vector<std::string>& argv) {
    const std::optional<DaemonDefinition> def = definitionArg(conn, argv);
    if (!def) {
        return;
    }
    QString error;
    if (!ctx.console->supervisor()->add(*def, &error)) {
        conn.reply_error(error.toStdString());
        return;
    }
    conn.reply("");
}

void daemonRedefine(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                    const std::vector<std::string>& argv) {
    const std::optional<DaemonDefinition> def = definitionArg(conn, argv);
    if (!def) {
        return;
    }
    QString error;
    if (!ctx.console->supervisor()->update(*def, &error)) {
        conn.reply_error(error.toStdString());
        return;
    }
    conn.reply("");
}

void daemonStopAll(const ControlContext& ctx, const vigil::unixctl_conn& conn,
                   const std::vector<std::string>&) {
    feedOf(ctx)->stopAll(conn);
}

constexpr ControlCommand rows[] = {
    {"daemon/snapshot", "", 0, 0, daemonSnapshot},
    {"daemon/wait", "SEQNO [EPOCH]", 1, 2, daemonWait},
    {"daemon/define", "JSON", 1, 1, daemonDefine},
    {"daemon/redefine", "JSON", 1, 1, daemonRedefine},
    {"daemon/stop-all", "", 0, 0, daemonStopAll},
};

} // namespace

std::span<const ControlCommand> feedControlCommands() {
    return rows;
}

} // namespace vigil::ui
