// Where the supervisor keeps what must outlive it (its journal): one directory per run
// directory under the XDG state home, so two supervisors of different run directories never
// share one.
#pragma once

#include <QString>

namespace vigil::ui {

// Escapes `path` the way `systemd-escape --path` does: the path is cleaned ("//", "/./" and
// ".." collapsed), leading and trailing '/' are stripped, '/' becomes '-', a leading '.' and
// every byte of its UTF-8 outside [A-Za-z0-9:_.] becomes \xNN; the root (and an empty path)
// becomes "-".
QString escapeStatePath(const QString& path);

// Returns the state directory of the supervisor of `runDirectory` (made absolute against the
// current directory first): $XDG_STATE_HOME, or ~/.local/state when that is unset or not
// absolute, then "/vigil/" and the run directory escaped by escapeStatePath(), e.g. /tmp/x/run
// gives ~/.local/state/vigil/tmp-x-run. Creates nothing.
QString defaultStateDirectory(const QString& runDirectory);

// Creates `dir` and any missing parents with mode 0700 (existing ones are left as they are).
// Returns false and sets `*error` ("DIR: cannot create PART (...)", "DIR: not a directory" or
// "DIR: not writable") when it cannot be created or is not a writable directory.
bool prepareStateDirectory(const QString& dir, QString* error = nullptr);

} // namespace vigil::ui
