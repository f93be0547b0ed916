// A nudge for the cluster service: an OVSDB connection of its own to one ovsdb-server that
// monitors the server's `_Server` database (its `Database` table says, per database, whether
// the server is connected to its cluster, whether it leads, and the last log index it applied)
// and reports every change, so that `cluster/status` is asked at once instead of at the next
// poll. It only nudges: the status itself still comes from `cluster/status`.
#pragma once

#include <QString>
#include <functional>
#include <memory>

namespace vigil {
class jsonrpc_session;
class poll_owner;
} // namespace vigil

namespace vigil::ui {

class ServerDatabaseMonitor {
public:
    // Connects to `remote` (an active OVSDB remote such as "unix:PATH" or "tcp:IP:PORT"),
    // reconnecting as long as this object lives, and monitors `_Server`'s `Database` table on
    // every connection; `changed` is called (from the runtime's loop) for every update the
    // server sends after the initial rows. A server that refuses the monitor is left alone.
    ServerDatabaseMonitor(const QString& remote, std::function<void()> changed);
    ~ServerDatabaseMonitor();
    ServerDatabaseMonitor(const ServerDatabaseMonitor&) = delete;
    ServerDatabaseMonitor& operator=(const ServerDatabaseMonitor&) = delete;

    QString remote() const { return remote_; }
    // True once the server has accepted the monitor on the current connection.
    bool isMonitoring() const { return monitoring_; }

    // The remote to reach an ovsdb-server through, from its `ovsdb-server/list-remotes`
    // reply: its first Unix socket ("punix:PATH" -> "unix:PATH"), else its first plain TCP
    // listener on loopback terms ("ptcp:PORT[:IP]" -> "tcp:IP:PORT", a wildcard address
    // becoming the loopback one). Returns an empty string when it has neither (SSL remotes
    // need keys the console does not have; "db:" remotes are not addresses).
    static QString clientRemote(const QString& listRemotesText);

private:
    void run();

    QString remote_;
    std::function<void()> changed_;
    std::unique_ptr<vigil::jsonrpc_session> session_;
    std::unique_ptr<vigil::poll_owner> owner_;
    unsigned seqno_ = 0;
    bool monitoring_ = false;
    bool refused_ = false;
};

} // namespace vigil::ui
