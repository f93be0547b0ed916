// The ssh command lines the console runs for a host: its connection master, forwards over the
// master, and commands executed through it. Every line carries the console's fixed security
// options (strict host key checking, batch mode, no agent forwarding) after the user's own
// extra arguments, so a user's ssh configuration (aliases, ProxyJump, IdentityFile) applies
// while those options cannot be weakened by it. Pure functions: nothing here runs ssh.
#pragma once

#include "services/host_types.h"

#include <QString>
#include <QStringList>

namespace vigil::ui {

// Everything a command line for one host needs.
struct SshEndpoint {
    SshSettings settings;
    QString destination;       // as HostDefinition::destination
    QString controlPath;       // the master's control socket
    QString knownHostsCommand; // the KnownHostsCommand value (empty: none)
};

// The seconds between the master's keep-alive probes and how many may go unanswered.
inline constexpr int sshAliveIntervalSeconds = 5;
inline constexpr int sshAliveCountMax = 3;
inline constexpr int sshConnectTimeoutSeconds = 10;

// The master: `ssh -M -N -S CTL -o ... -- DEST`. Returns the whole argv, program first.
QStringList sshMasterCommand(const SshEndpoint& endpoint);
// Adds the stream-local forward LOCAL -> REMOTE to the running master (`-O forward`).
QStringList sshForwardCommand(const SshEndpoint& endpoint, const QString& localPath,
                              const QString& remotePath);
// Removes that forward again (`-O cancel`).
QStringList sshCancelForwardCommand(const SshEndpoint& endpoint, const QString& localPath,
                                    const QString& remotePath);
// Runs `remoteCommand` (a shell command line for the host's login shell) through the master.
QStringList sshExecCommand(const SshEndpoint& endpoint, const QString& remoteCommand);

// Quotes `word` for a POSIX shell: itself when it holds only safe characters, else in single
// quotes (with ' written as '\'').
QString shellQuote(const QString& word);
// Joins words into one shell command line, each quoted by shellQuote().
QString shellJoin(const QStringList& words);

} // namespace vigil::ui
