// Which dataChanged() signals a table model should emit for a set of changed rows: one range
// per run of adjacent changed rows, or a single range over every row when most changed (one
// signal is cheaper for every view than many).
#pragma once

#include <QList>
#include <utility>

namespace vigil::ui {

// The [first, last] row ranges to signal for `changed` (one flag per row); empty when no row
// changed.
QList<std::pair<int, int>> changedRowRanges(const QList<bool>& changed);

} // namespace vigil::ui
