// The look and behaviour the console's record tables share (Daemons, Sessions): whole-row
// selection, read-only, alternate row colours, no grid, fixed single-line rows, left-aligned
// sortable headers that start unsorted, cached-text cells and a state badge column.
#pragma once

class QTableView;

namespace vigil::ui {

// Sets `table` up as a record table: rows `rowPadding` pixels taller than a line of its font,
// and the model's column `stateColumn` painted as state badges. The selection mode, model and
// column widths stay the caller's.
void setUpRecordTable(QTableView* table, int rowPadding, int stateColumn);

} // namespace vigil::ui
