#include "views/record_table.h"

#include "views/badge_delegate.h"
#include "views/cached_text_delegate.h"

#include <QHeaderView>
#include <QTableView>

namespace vigil::ui {

void setUpRecordTable(QTableView* table, int rowPadding, int stateColumn) {
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    // Fixed heights let the view skip measuring every row.
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + rowPadding);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    QHeaderView* header = table->horizontalHeader();
    header->setHighlightSections(false);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    table->setSortingEnabled(true);
    table->setItemDelegate(new CachedTextDelegate(table));
    table->setItemDelegateForColumn(stateColumn, new BadgeDelegate(table));
}

} // namespace vigil::ui
