#include "services/json_error_position.h"

namespace vigil::ui {

QString jsonErrorPosition(const QByteArray& json, qsizetype offset) {
    int line = 1;
    int column = 1;
    for (qsizetype i = 0; i < offset && i < json.size(); ++i) {
        const auto byte = static_cast<unsigned char>(json[i]);
        if (byte == '\n') {
            ++line;
            column = 1;
        } else if ((byte & 0xC0) != 0x80) {
            // A UTF-8 continuation byte (10xxxxxx) belongs to the character already counted.
            ++column;
        }
    }
    return QStringLiteral("line %1, column %2").arg(line).arg(column);
}

} // namespace vigil::ui
