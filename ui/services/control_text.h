// Small helpers shared by the control command handlers: reading arguments, laying out text
// tables, and turning Qt values into the Boost.JSON values that `--format json` replies carry
// (built directly, never through a serialization round trip).
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <boost/json/value.hpp>
#include <string>
#include <vector>

namespace vigil::ui {

// Argument `i` of `argv` (0 is the command's name); empty when absent.
QString controlArg(const std::vector<std::string>& argv, std::size_t i);

// Lays out rows as left-aligned columns separated by two spaces, with a heading row.
std::string controlTable(const QStringList& heading, const QList<QStringList>& rows);

// A JSON string of `s`.
boost::json::value jsonString(const QString& s);
// A JSON string of `s`, or null when it is empty.
boost::json::value jsonNullable(const QString& s);

} // namespace vigil::ui
