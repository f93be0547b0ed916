// What a desktop program keeps of its layout between runs, as KMainWindow's autosave does for
// KDE programs: the position of every splitter and, for every table and tree, its column widths,
// column order, hidden columns and sort order. Each is stored under a key made of the object
// names on the way from the window down to it ("pages.commandsView.replySplit"), so a view
// added later finds nothing and keeps its defaults, and a layout from an older version that no
// longer fits is ignored by Qt's own checks.
#pragma once

#include <QString>

class QSettings;
class QWidget;

namespace vigil::ui {

// The key of `widget` below `root`: each ancestor's object name, or its class name and index
// among same-class siblings when it has none, joined by '.'.
QString widgetStateKey(const QWidget* root, const QWidget* widget);

// Writes the state of every splitter and item-view header under `root` into `settings`' current
// group.
void saveWidgetStates(const QWidget* root, QSettings& settings);

// Restores what saveWidgetStates() wrote for the splitters and headers under `root` now; a
// sortable view is sorted again by its restored column and order.
void restoreWidgetStates(QWidget* root, const QSettings& settings);

} // namespace vigil::ui
