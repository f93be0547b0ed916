// The JSON forms of the supervisor's snapshots, history entries and output lines, shared by the
// supervisor's control commands (daemon/list, daemon/log, the change feed), which build them as
// Boost.JSON values, and by SupervisorClient, which reads them back from Qt's JSON values.
#pragma once

#include "services/supervisor_types.h"

#include <QJsonObject>
#include <QJsonValue>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

namespace vigil::ui {

// The daemon/list object of a snapshot: name, state, desired, pid, restarts, failures,
// last_exit, reason, control_socket, adopted, started_at, next_restart_at (CPU and memory are
// left out: they change every second and travel in the feed's samples).
boost::json::object daemonStatusJson(const DaemonStatus& status);

// {"time","event","detail"} of one history entry.
boost::json::object historyEntryJson(const HistoryEntry& entry);

// {"seq","time","stream","truncated","text"} of one output line.
boost::json::object logLineJson(const LogLine& line);

// The Boost.JSON copy of a Qt JSON value (used for DaemonDefinition::toJson()).
boost::json::value boostJson(const QJsonValue& value);

// Parses what daemonStatusJson() produced (cpu_percent and rss_bytes too, when present).
// Returns std::nullopt when the name is missing or the state or desired state is unknown.
std::optional<DaemonStatus> daemonStatusFromJson(const QJsonObject& json);

// Parses what historyEntryJson() produced; std::nullopt for an unknown event or a bad time.
std::optional<HistoryEntry> historyEntryFromJson(const QJsonObject& json);

// Parses what logLineJson() produced; std::nullopt when the seq or the time is missing.
std::optional<LogLine> logLineFromJson(const QJsonObject& json);

} // namespace vigil::ui
