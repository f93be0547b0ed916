#include "services/control_server.h"

#include "services/control_command.h"
#include "services/unixctl_call.h"

#include "vigil/unixctl.h"

namespace vigil::ui {

ControlServer::ControlServer(Console* console, QObject* parent)
    : QObject(parent), context_{console, this} {}

ControlServer::~ControlServer() {
    close();
}

QStringList ControlServer::commandNames() {
    QStringList names;
    for (const ControlCommand& c : controlCommands()) {
        names << QString::fromLatin1(c.name);
    }
    return names;
}

QString ControlServer::socketPath() const {
    return server_ ? QString::fromStdString(server_->path()) : QString();
}

bool ControlServer::listen(const QString& socketPath, QString* error) {
    if (server_) {
        if (error) {
            *error = QStringLiteral("already listening on %1").arg(this->socketPath());
        }
        return false;
    }
    if (!registerCommands(error)) {
        return false;
    }
    std::unique_ptr<vigil::unixctl_server> server;
    if (int e = vigil::unixctl_server::create(socketPath.toStdString(), server)) {
        if (error) {
            *error = QStringLiteral("%1: could not initialize control socket (%2)")
                         .arg(socketPath, unixctlErrorText(e));
        }
        close();
        return false;
    }
    // The console can start and stop programs: only our own user (or root) may drive it,
    // whatever the socket file's mode lets through.
    server->set_peer_uid_check(true);
    server_ = std::move(server);
    return true;
}

bool ControlServer::registerCommands(QString* error) {
    const std::vector<ControlCommand>& rows = controlCommands();
    for (std::size_t i = 0; i < rows.size(); i++) {
        const ControlCommand& row = rows[i];
        // The context outlives the registration: close() unregisters before it goes.
        const ControlContext* context = &context_;
        const ControlHandler handler = row.handler;
        if (!vigil::unixctl_command_register(
                row.name, row.usage, row.minArgs, row.maxArgs,
                [context, handler](const vigil::unixctl_conn& conn, const auto& argv) {
                    handler(*context, conn, argv);
                })) {
            if (error) {
                *error = QStringLiteral("the command %1 is already registered (another console "
                                        "in this process?)")
                             .arg(QString::fromLatin1(row.name));
            }
            // Undo the rows registered so far.
            for (std::size_t j = 0; j < i; j++) {
                vigil::unixctl_command_unregister(rows[j].name);
            }
            return false;
        }
    }
    registered_ = true;
    return true;
}

void ControlServer::close() {
    server_.reset();
    if (registered_) {
        for (const ControlCommand& c : controlCommands()) {
            vigil::unixctl_command_unregister(c.name);
        }
        registered_ = false;
    }
}

} // namespace vigil::ui
