// Where in a JSON file a parse error is, in the words a person editing it uses: QJsonParseError
// gives a byte offset into the UTF-8 text, an editor shows lines and columns of characters.
#pragma once

#include <QByteArray>
#include <QString>

namespace vigil::ui {

// Returns "line L, column C" (both 1-based) for byte `offset` of the UTF-8 document `json`;
// columns count characters, not bytes, so a name in Chinese before the error does not move it.
QString jsonErrorPosition(const QByteArray& json, qsizetype offset);

} // namespace vigil::ui
