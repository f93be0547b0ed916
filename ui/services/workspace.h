// The workspace file: the daemons the console supervises, the extra targets and the sessions
// the user added, as one JSON document
//   {"version": 1, "daemons": [definition...], "targets": ["/path.ctl" | "tcp:..."...],
//    "sessions": ["tcp:127.0.0.1:16640"...],
//    "hosts": [{"name": "compute-1", "destination": "root@compute-1",
//               "run_directories": ["/var/run/openvswitch"...]}...],
//    "ssh": {"program": ["ssh"], "arguments": ["-F", "/path/ssh_config"]}}
// A missing file starts from the built-in default workspace (":/workspace/default.json"),
// which is then saved there; writes are atomic (QSaveFile); a file that cannot be read or is
// invalid is reported with its name and what is wrong, and is neither changed nor applied.
#pragma once

#include "services/daemon_definition.h"
#include "services/host_types.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace vigil::ui {

class Supervisor;

class Workspace {
public:
    static constexpr int formatVersion = 1;

    // Returns QStandardPaths::AppConfigLocation + "/workspace.json".
    static QString defaultPath();
    // The resource path of the built-in default workspace.
    static QString builtinPath() { return QStringLiteral(":/workspace/default.json"); }

    // An empty workspace bound to `path` (nothing is read until load()).
    explicit Workspace(const QString& path = defaultPath());

    QString path() const { return path_; }
    void setPath(const QString& path) { path_ = path; }

    // Reads the file. A missing file loads the built-in default and saves it to path()
    // (createdFromDefault() then returns true; a failed save is reported but the default stays
    // loaded). Returns false and sets errorString() when the file cannot be read or is not a
    // valid workspace; the workspace's content is then left as it was.
    bool load();

    // Writes the workspace atomically to path(), creating its directory. Returns false and
    // sets errorString() on failure (the previous file is then intact).
    bool save();

    // Parses a workspace document; `origin` names it in error messages. Returns false and sets
    // errorString() (with line and column for syntax errors) when it is invalid, leaving the
    // content unchanged.
    bool loadFromJson(const QByteArray& json, const QString& origin);

    // The document form of the current content.
    QByteArray toJson() const;

    // Adds every definition to `supervisor` (replacing definitions of the same name that are
    // not adopted) and starts those with autostart set, except daemons a LocalSupervisor
    // restored from its journal, which keep their journaled desired state. Returns the names that
    // could not be added, each with its reason, as "name: reason" (empty on full success).
    QStringList applyTo(Supervisor& supervisor) const;

    // Replaces the daemons with the supervisor's definitions (autostart = desired up).
    void captureFrom(const Supervisor& supervisor);

    // The last error, e.g. `/home/u/.config/vigil/workspace.json: line 3, column 7: missing
    // comma`.
    QString errorString() const { return error_; }
    // True when the last load() found no file and used the built-in default.
    bool createdFromDefault() const { return createdFromDefault_; }

    QList<DaemonDefinition> daemons;
    QStringList targets;         // extra control sockets or remotes the user added
    QStringList sessions;        // remotes the console keeps JSON-RPC sessions to
    QList<HostDefinition> hosts; // the fleet's hosts, reached through ssh
    SshSettings ssh;             // how ssh is run for them

private:
    bool fail(const QString& message);

    QString path_;
    QString error_;
    bool createdFromDefault_ = false;
};

} // namespace vigil::ui
