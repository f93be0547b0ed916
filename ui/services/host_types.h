// The value types of the fleet: a host as the user defines it (HostDefinition, kept in the
// workspace), how the console runs ssh (SshSettings), the states a host's connection can be in
// (HostState, with its one name table) and what the console shows of a host (HostInfo).
// Kept apart from the services that produce them, so that models, views and control commands
// include only this.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace vigil::ui {

// The states of a host's connection master.
enum class HostState {
    Connecting,     // ssh is being started or is negotiating
    Connected,      // the connection master is up and its control socket answers
    Unreachable,    // the host could not be reached (refused, timed out, unknown name, lost)
    AuthFailed,     // the host refused every key offered
    HostKeyUnknown, // no known key for the host: the user must accept its fingerprint
    HostKeyChanged, // the host offered a key other than the known one: refused
};

// Returns "connecting", "connected", "unreachable", "auth-failed", "host-key-unknown" or
// "host-key-changed": the one table used by host/list, logs and the window.
QString hostStateName(HostState state);

// True for the states that wait for the user (trust a key, fix a key or an account) rather
// than for the network: the console does not retry them on its own.
bool hostStateNeedsUser(HostState state);

// The run directories scanned on a host when its definition names none.
QStringList defaultRemoteRunDirectories();

// A host as the user defined it.
struct HostDefinition {
    QString name;               // the console's name for it: "compute-1" (targets are NAME/...)
    QString destination;        // what `ssh` takes: an alias of ~/.ssh/config or user@host
    QStringList runDirectories; // empty: defaultRemoteRunDirectories()

    // The run directories to scan: runDirectories or the defaults.
    QStringList effectiveRunDirectories() const;

    friend bool operator==(const HostDefinition&, const HostDefinition&) = default;
};

// Returns an empty string when `name` can name a host (letters, digits, '.', '-', '_', at most
// 64 characters, not starting with '-' or '.'), else why not. Host names become the first part
// of target names and of local socket file names, so they must not hold '/' or spaces.
QString hostNameProblem(const QString& name);

// Returns an empty string when `destination` can be handed to ssh as a destination (not empty,
// no whitespace or control characters, not starting with '-', which ssh would read as an
// option), else why not.
QString hostDestinationProblem(const QString& destination);

// How the console runs ssh: the program (its words: "ssh" or "/usr/bin/ssh -F /etc/x") and
// extra arguments placed before every destination ("-F", "/path/ssh_config", "-o", "...").
struct SshSettings {
    QStringList program{QStringLiteral("ssh")};
    QStringList extraArguments;

    friend bool operator==(const SshSettings&, const SshSettings&) = default;
};

// What the console knows of a host now.
struct HostInfo {
    HostDefinition definition;
    HostState state = HostState::Connecting;
    QString lastError;      // the last connection or scan problem as ssh or the host said it
    QString fingerprint;    // the offered key's "SHA256:..." while the key is unknown or changed
    QString keyType;        // "ssh-ed25519" ... with the fingerprint
    int targets = 0;        // control sockets found by the last scan
    int rttMs = -1;         // the last scan's round trip over the master, -1 before the first
    bool forwarding = true; // false once the server refused stream-local forwarding

    friend bool operator==(const HostInfo&, const HostInfo&) = default;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::HostInfo)
