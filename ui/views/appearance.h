// The console's appearance: follow the platform's palette (the default, so a desktop's light or
// dark theme carries over), or force a light or a dark palette where the platform offers no
// choice (plain X11 and Xvfb, a window manager without a theme). Views paint with the
// application palette and state colours that read on both, so switching needs no restart.
#pragma once

#include <QString>
#include <optional>

namespace vigil::ui {

enum class Appearance { System, Light, Dark };

// "system", "light", "dark".
QString appearanceName(Appearance appearance);
std::optional<Appearance> appearanceFromName(const QString& name);

// Sets the application palette for `appearance`; System hands it back to the platform theme.
void applyAppearance(Appearance appearance);
Appearance currentAppearance();

} // namespace vigil::ui
