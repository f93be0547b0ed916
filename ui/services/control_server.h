// The console's own control socket: the unixctl commands that make everything the window can
// do scriptable with vigil-appctl or ovs-appctl (`-t vigil`), with readable tables in text
// format and JSON arrays and objects with `--format json`:
//   daemon/list, daemon/add NAME PROGRAM [ARG...], daemon/remove NAME,
//   daemon/start|stop|restart|reset NAME, daemon/log NAME [LINES], daemon/history NAME,
//   target/list, target/commands TARGET, target/call TARGET COMMAND [ARG...],
//   session/list, workspace/save, exit
#pragma once

#include <QObject>
#include <QString>
#include <memory>

namespace vigil {
class unixctl_server;
}

namespace vigil::ui {

class Console;

class ControlServer : public QObject {
    Q_OBJECT
public:
    explicit ControlServer(Console* console, QObject* parent = nullptr);
    // Closes the socket (which unlinks it) and unregisters the commands.
    ~ControlServer() override;

    // Registers the commands (in the process-wide unixctl registry) and listens on
    // `socketPath`. Returns false and sets `*error` when the socket cannot be created or the
    // commands are already registered by another server in this process.
    bool listen(const QString& socketPath, QString* error = nullptr);
    // Closes the socket and unregisters the commands (also done by the destructor).
    void close();
    bool isListening() const { return server_ != nullptr; }
    // The socket's absolute path; empty when not listening.
    QString socketPath() const;

    // The names of the commands this server registers.
    static QStringList commandNames();

Q_SIGNALS:
    // The `exit` command was received (it has been answered); the program decides what to do.
    void exitRequested();

private:
    void registerCommands();

    Console* console_;
    std::unique_ptr<vigil::unixctl_server> server_;
    bool registered_ = false;
};

} // namespace vigil::ui
