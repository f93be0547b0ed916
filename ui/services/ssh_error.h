// Reads what ssh wrote on its standard error into the host state it means and the one line a
// person should see, so "Host key verification failed" after "No ED25519 host key is known for
// h1" becomes host-key-unknown and "Connection refused" becomes unreachable.
#pragma once

#include "services/host_types.h"

#include <QString>

namespace vigil::ui {

struct SshFailure {
    HostState state = HostState::Unreachable;
    QString message; // the most telling line ssh printed, or a description of the exit
};

// Classifies the stderr text of an ssh that exited with `exitCode` (or crashed, when
// `crashed`) before or after its connection was up.
SshFailure classifySshFailure(const QString& stderrText, int exitCode, bool crashed);

// True when the text holds OpenSSH's report that a forwarded channel could not be opened
// ("channel 2: open failed: connect failed: open failed", or "administratively prohibited").
// The server says the same for a refused stream-local forward and for a missing socket, so the
// caller tells them apart by probing a socket the scan has just seen.
bool sshChannelOpenFailed(const QString& stderrText);

} // namespace vigil::ui
