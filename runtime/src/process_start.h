// The two halves of process::start() around the fork, for starters that fork elsewhere (the
// process launcher forks on a thread of its own): the request is prepared and the child adopted
// on the thread whose poll loop will watch it.
#pragma once

#include "process_spawn.h"
#include "vigil/process.h"

#include <memory>

namespace vigil::detail {

// Turns `options` into a spawn request: the child's environment and its program found in PATH.
// Returns 0, EINVAL for an empty argv, or ENOENT (logged `<prog> not found in PATH`).
int prepare_spawn(const process_options& options, spawn_request& request);

// Wraps a child started from `options` as a process watched by the calling thread's poll loop
// (its pidfd, its capture pipes).
std::unique_ptr<process> adopt_child(const process_options& options, const spawned_child& child);

} // namespace vigil::detail
