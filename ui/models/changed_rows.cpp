#include "models/changed_rows.h"

namespace vigil::ui {

QList<std::pair<int, int>> changedRowRanges(const QList<bool>& changed) {
    const int rows = int(changed.size());
    const int count = int(changed.count(true));
    if (count == 0) {
        return {};
    }
    if (count * 2 > rows) {
        return {{0, rows - 1}};
    }
    QList<std::pair<int, int>> ranges;
    for (int row = 0; row < rows;) {
        if (!changed[row]) {
            row++;
            continue;
        }
        int last = row;
        while (last + 1 < rows && changed[last + 1]) {
            last++;
        }
        ranges.append({row, last});
        row = last + 1;
    }
    return ranges;
}

} // namespace vigil::ui
