// The console's visual vocabulary for states: one colour per daemon state and per reconnect FSM
// state, and the rounded badge every view paints them with. The colours are mid-tones that carry
// white text and stand out on light and dark palettes alike, so no view hard-codes a background.
#pragma once

#include "services/host_types.h"
#include "services/supervisor_types.h"
#include "vigil/reconnect.h"

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QSize>
#include <QString>
#include <QStringList>

class QFont;
class QPainter;
class QRect;

namespace vigil::ui {

// Returns the badge colour of a daemon state.
QColor daemonStateColor(DaemonState state);

// Returns the badge colour of a host's connection state (each HostState has its own).
QColor hostStateColor(HostState state);

// Returns the colour of a reconnect FSM state.
QColor sessionStateColor(vigil::reconnect_state state);

// Returns the colour of a state named by text: a daemon state name ("running") or a reconnect
// FSM state as OVS spells it ("ACTIVE"), a host state ("host-key-unknown") or a fan-out
// status ("unresponsive"), case-insensitively; a neutral grey for anything else.
QColor stateColor(const QString& name);

// The colour of a timeline strip's empty track: a faint tint of the text colour over the base,
// so it shows on light and dark palettes alike.
QColor trackColor(const QPalette& palette);

// The reconnect FSM states in the runtime's order (vigil::reconnect_state), named by its one
// table (vigil::reconnect_state_name()), for legends.
const QStringList& sessionStateNames();

// Returns the size a badge showing `text` in `font` needs.
QSize badgeSize(const QString& text, const QFont& font);

// Paints a pill-shaped badge of `color` with `text` in white, vertically centred in `rect` and
// left-aligned; the painter's state is restored afterwards.
void paintBadge(QPainter* painter, const QRect& rect, const QString& text, const QColor& color,
                const QFont& font);

// Returns a small filled circle of `color`, for list entries that show a state.
QIcon stateDotIcon(const QColor& color);

// Returns the icon `name` from the console's resources (":/icons/NAME.svg").
QIcon resourceIcon(const QString& name);

// Formats a duration in milliseconds the way the tables show it: "45 s", "3 min 12 s",
// "2 h 5 min", "3 d 4 h"; an empty string for a negative duration.
QString formatDuration(qint64 ms);

} // namespace vigil::ui
