#include "services/cluster_status_trigger.h"

#include "vigil/jsonrpc_msg.h"
#include "vigil/jsonrpc_session.h"
#include "vigil/poll_loop.h"

#include <QStringList>
#include <boost/json.hpp>

namespace vigil::ui {

namespace {

// The monitor's id, which the server repeats in each "update" notification.
constexpr const char* monitorId = "vigil-cluster";
// Messages handled per run, so a chatty server cannot hold the loop.
constexpr int maxMessagesPerRun = 50;

std::unique_ptr<vigil::jsonrpc_msg> monitorRequest(boost::json::value* id) {
    boost::json::object request{
        {"Database", boost::json::object{
                         {"columns", boost::json::array{"name", "connected", "leader", "index"}}}}};
    return vigil::jsonrpc_msg::create_request(
        "monitor", boost::json::array{"_Server", monitorId, std::move(request)}, id);
}

bool isOurUpdate(const vigil::jsonrpc_msg& msg) {
    if (msg.type != vigil::jsonrpc_msg_type::notify || msg.method != "update" ||
        !msg.params.is_array() || msg.params.as_array().empty()) {
        return false;
    }
    const boost::json::value& id = msg.params.as_array().front();
    return id.is_string() && id.as_string() == monitorId;
}

// "6641:127.0.0.1" (or "6641", or "6641:[::]") -> "tcp:127.0.0.1:6641".
QString activeTcp(const QString& passive) {
    const qsizetype colon = passive.indexOf(QLatin1Char(':'));
    const QString port = colon < 0 ? passive : passive.left(colon);
    QString host = colon < 0 ? QString() : passive.mid(colon + 1);
    if (port.isEmpty() || port == QLatin1String("0")) {
        return QString(); // an ephemeral port says nothing of where it listens
    }
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']'))) {
        host = host.mid(1, host.size() - 2);
    }
    if (host.isEmpty() || host == QLatin1String("0.0.0.0")) {
        host = QStringLiteral("127.0.0.1");
    } else if (host == QLatin1String("::")) {
        host = QStringLiteral("::1");
    }
    if (host.contains(QLatin1Char(':'))) {
        host = QLatin1Char('[') + host + QLatin1Char(']');
    }
    return QStringLiteral("tcp:%1:%2").arg(host, port);
}

} // namespace

ServerDatabaseMonitor::ServerDatabaseMonitor(const QString& remote, std::function<void()> changed)
    : remote_(remote), changed_(std::move(changed)) {
    session_ = vigil::jsonrpc_session::open(remote.toStdString(), true);
    owner_ = std::make_unique<vigil::poll_owner>([this] { run(); });
    owner_->schedule();
}

ServerDatabaseMonitor::~ServerDatabaseMonitor() {
    owner_.reset(); // before the session it runs
}

void ServerDatabaseMonitor::run() {
    if (refused_) {
        return;
    }
    vigil::jsonrpc_session& s = *session_;
    s.run();
    if (s.seqno() != seqno_) {
        seqno_ = s.seqno();
        monitoring_ = false;
        if (s.is_connected()) {
            s.send(monitorRequest(nullptr));
        }
    }
    for (int i = 0; i < maxMessagesPerRun; i++) {
        std::unique_ptr<vigil::jsonrpc_msg> msg = s.recv();
        if (!msg) {
            break;
        }
        if (msg->type == vigil::jsonrpc_msg_type::reply) {
            monitoring_ = true; // the initial rows: nothing changed yet
        } else if (msg->type == vigil::jsonrpc_msg_type::error) {
            refused_ = true; // no _Server database (an old or odd server): stop asking
            return;
        } else if (monitoring_ && isOurUpdate(*msg)) {
            changed_();
        }
    }
    s.wait();
    s.recv_wait();
}

QString ServerDatabaseMonitor::clientRemote(const QString& listRemotesText) {
    QString tcp;
    for (const QString& raw : listRemotesText.split(QLatin1Char('\n'))) {
        const QString line = raw.trimmed();
        if (line.startsWith(QLatin1String("punix:")) && line.size() > 6) {
            return QStringLiteral("unix:") + line.mid(6);
        }
        if (tcp.isEmpty() && line.startsWith(QLatin1String("ptcp:"))) {
            tcp = activeTcp(line.mid(5));
        }
    }
    return tcp;
}

} // namespace vigil::ui
