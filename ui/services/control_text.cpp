#include "services/control_text.h"

namespace vigil::ui {

QString controlArg(const std::vector<std::string>& argv, std::size_t i) {
    return i < argv.size() ? QString::fromStdString(argv[i]) : QString();
}

std::string controlTable(const QStringList& heading, const QList<QStringList>& rows) {
    QList<int> widths;
    for (const QString& h : heading) {
        widths << h.size();
    }
    for (const QStringList& row : rows) {
        for (int c = 0; c < row.size() && c < widths.size(); c++) {
            widths[c] = std::max<int>(widths[c], row[c].size());
        }
    }
    auto line = [&widths](const QStringList& cells) {
        QString out;
        for (int c = 0; c < cells.size(); c++) {
            out += c + 1 < cells.size() ? cells[c].leftJustified(widths[c] + 2) : cells[c];
        }
        return out.trimmed() + QLatin1Char('\n');
    };
    QString out = line(heading);
    for (const QStringList& row : rows) {
        out += line(row);
    }
    return out.toStdString();
}

boost::json::value jsonString(const QString& s) {
    return boost::json::string(s.toStdString());
}

boost::json::value jsonNullable(const QString& s) {
    return s.isEmpty() ? boost::json::value() : jsonString(s);
}

} // namespace vigil::ui
