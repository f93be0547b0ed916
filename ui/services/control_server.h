// The console's own control socket: the unixctl commands that make everything the window can
// do scriptable with vigil-appctl or ovs-appctl (`-t vigil`), with readable tables in text
// format and JSON arrays and objects with `--format json`. The commands are the rows of
// controlCommands() (control_command.h; daemon/, target/, session/, workspace/save, exit).
#pragma once

#include "services/control_command.h"

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

    // The names of the commands this server registers, in the table's order.
    static QStringList commandNames();

Q_SIGNALS:
    // The `exit` command was received (it has been answered); the program decides what to do.
    void exitRequested();

private:
    // Registers every row of controlCommands() with its handler; on failure unregisters the
    // rows registered so far, sets `*error` and returns false.
    bool registerCommands(QString* error);

    ControlContext context_;
    std::unique_ptr<vigil::unixctl_server> server_;
    bool registered_ = false;
};

} // namespace vigil::ui
