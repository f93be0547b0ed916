// The run directory, where sockets and pidfiles live, and name resolution relative to it.
#pragma once

#include <string>

namespace vigil {

// Returns the run directory: $OVS_RUNDIR if set and non-empty, else $VIGIL_RUNDIR, else
// /run/vigil for root and $XDG_RUNTIME_DIR/vigil (or $TMPDIR/vigil-UID, TMPDIR defaulting to
// /tmp) for other users. The
// directory (and missing parents) is created with mode 0700 on each call if it is missing;
// creation failure is logged once and the path is still returned. The shared temporary fallback is
// used only when it is a real directory of ours that nobody else can write; otherwise the
// process exits with a message saying why (another user could have planted it).
std::string rundir();

// Returns `path` unchanged if it is absolute, else rundir() + "/" + path.
std::string abs_file_name_in_rundir(const std::string& path);

} // namespace vigil
