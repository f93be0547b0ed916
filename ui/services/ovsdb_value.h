// OVSDB values as RFC 7047 (section 5.1) puts them on the wire: an atom (integer, real,
// boolean, string, ["uuid", "..."] or ["named-uuid", "..."]), a set (["set", [atom...]] or one
// atom alone) or a map (["map", [[key, value]...]]), decoded into one datum shape for all three,
// as OVS's own ovsdb_datum does. A monitor's rows are maps from column names to these.
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <boost/json/fwd.hpp>
#include <optional>

namespace vigil::ui {

// One OVSDB atom.
struct OvsdbAtom {
    enum class Type { Integer, Real, Boolean, String, Uuid };
    Type type = Type::String;
    QString text; // String and Uuid
    qint64 integer = 0;
    double real = 0;
    bool boolean = false;

    // The atom as OVS's tools print it: integers and reals as numbers, booleans as
    // "true"/"false", strings and uuids as they are.
    QString toString() const;

    friend bool operator==(const OvsdbAtom&, const OvsdbAtom&) = default;
};

// One column's value: a set of atoms (`keys`), or a map when `values` holds one atom per key.
// A scalar column is a set of one; an optional column that is empty is a set of none.
struct OvsdbDatum {
    QList<OvsdbAtom> keys;
    QList<OvsdbAtom> values;
    bool isMap = false;

    // The single string of a string column; `fallback` when the set is empty or not a string.
    QString string(const QString& fallback = QString()) const;
    // The single boolean of a boolean column; `fallback` when empty or not a boolean.
    bool boolean(bool fallback = false) const;
    // A map's entries with keys and values as text (toString()); empty for a set.
    QMap<QString, QString> stringMap() const;
    // The uuids of a set of uuids (other atoms are skipped).
    QStringList uuids() const;
    // A rough count of the bytes the datum holds, for the monitor's bound.
    qsizetype byteSize() const;

    friend bool operator==(const OvsdbDatum&, const OvsdbDatum&) = default;
};

// A row: column name -> value, plus when the monitor last saw it inserted or changed.
struct OvsdbRow {
    QHash<QString, OvsdbDatum> columns;
    QDateTime updated;

    // The column's value; an empty set when the row lacks the column.
    OvsdbDatum column(const QString& name) const { return columns.value(name); }
};

// Decodes one atom (reals and integers are told apart by the JSON number's kind). Returns
// std::nullopt and sets `*error` for anything RFC 7047 does not allow as an atom: null, an
// object, an array other than ["uuid", ...] / ["named-uuid", ...], an integer beyond 64 bits.
std::optional<OvsdbAtom> decodeOvsdbAtom(const boost::json::value& json, QString* error);

// Decodes a column value: an atom, ["set", [...]] or ["map", [[k, v], ...]]. Returns
// std::nullopt and sets `*error` (naming the offending part) for anything else.
std::optional<OvsdbDatum> decodeOvsdbDatum(const boost::json::value& json, QString* error);

// Decodes a row object {column: value, ...}. Returns std::nullopt and sets `*error` ("column
// status: ...") for a value that does not decode or a row that is not an object.
std::optional<QHash<QString, OvsdbDatum>> decodeOvsdbRow(const boost::json::value& json,
                                                         QString* error);

} // namespace vigil::ui
