// How a command sent to many targets went on one of them: the status words target/call-all and
// the fan-out view share, so the control socket and the window tell the same story.
#pragma once

#include <QString>

namespace vigil::ui {

struct Invocation;

// Returns "ok" when the command succeeded, "error" when the target answered with an error,
// "unresponsive" when it did not answer within the call's timeout and "down" when it could not
// be reached at all (unknown target, no socket, connection refused).
QString fanoutStatus(const Invocation& invocation);

} // namespace vigil::ui
