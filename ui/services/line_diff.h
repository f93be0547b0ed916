// The line-difference logic of the fan-out view: which lines of several replies to the same
// command are not shared by every reply. A pure function, so the view only paints its answer
// and the rule can be checked by a table of cases.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace vigil::ui {

// Splits a reply into its lines; a final newline does not make an empty last line, and "\r\n"
// counts as one line break. An empty reply has no lines.
QStringList replyLines(const QString& reply);

// For each reply (given as its lines), flags the lines that differ between replies: a line is
// unflagged when every reply holds it, and flagged otherwise. Lines are compared as multisets:
// a line that one reply holds twice and another once is shared once, so its second occurrence
// is flagged. With fewer than two replies nothing differs. The result has one list per reply,
// each as long as that reply's lines.
QList<QList<bool>> differingLines(const QList<QStringList>& replies);

} // namespace vigil::ui
