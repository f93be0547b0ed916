#include "services/ovsdb_value.h"

#include <boost/json.hpp>
#include <limits>

namespace vigil::ui {

namespace {

QString fromJsonString(const boost::json::string& s) {
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// The array `json` when it is ["TAG", PAYLOAD] with a string tag; null otherwise.
const boost::json::array* tagged(const boost::json::value& json, std::string_view* tag) {
    const boost::json::array* a = json.if_array();
    if (!a || a->size() != 2 || !(*a)[0].is_string()) {
        return nullptr;
    }
    *tag = (*a)[0].get_string();
    return a;
}

} // namespace

QString OvsdbAtom::toString() const {
    switch (type) {
    case Type::Integer:
        return QString::number(integer);
    case Type::Real:
        return QString::number(real, 'g', 17);
    case Type::Boolean:
        return boolean ? QStringLiteral("true") : QStringLiteral("false");
    case Type::String:
    case Type::Uuid:
        return text;
    }
    return text;
}

QString OvsdbDatum::string(const QString& fallback) const {
    if (keys.size() != 1 || keys[0].type != OvsdbAtom::Type::String) {
        return fallback;
    }
    return keys[0].text;
}

bool OvsdbDatum::boolean(bool fallback) const {
    if (keys.size() != 1 || keys[0].type != OvsdbAtom::Type::Boolean) {
        return fallback;
    }
    return keys[0].boolean;
}

QMap<QString, QString> OvsdbDatum::stringMap() const {
    QMap<QString, QString> map;
    if (!isMap) {
        return map;
    }
    for (qsizetype i = 0; i < keys.size() && i < values.size(); i++) {
        map.insert(keys[i].toString(), values[i].toString());
    }
    return map;
}

QStringList OvsdbDatum::uuids() const {
    QStringList list;
    for (const OvsdbAtom& a : keys) {
        if (a.type == OvsdbAtom::Type::Uuid) {
            list << a.text;
        }
    }
    return list;
}

qsizetype OvsdbDatum::byteSize() const {
    qsizetype n = 16;
    for (const QList<OvsdbAtom>* list : {&keys, &values}) {
        for (const OvsdbAtom& a : *list) {
            n += qsizetype(sizeof(OvsdbAtom)) + a.text.size() * 2;
        }
    }
    return n;
}

std::optional<OvsdbAtom> decodeOvsdbAtom(const boost::json::value& json, QString* error) {
    OvsdbAtom atom;
    switch (json.kind()) {
    case boost::json::kind::int64:
        atom.type = OvsdbAtom::Type::Integer;
        atom.integer = json.get_int64();
        return atom;
    case boost::json::kind::uint64:
        if (json.get_uint64() > quint64(std::numeric_limits<qint64>::max())) {
            *error = QStringLiteral("integer out of range");
            return std::nullopt;
        }
        atom.type = OvsdbAtom::Type::Integer;
        atom.integer = qint64(json.get_uint64());
        return atom;
    case boost::json::kind::double_:
        atom.type = OvsdbAtom::Type::Real;
        atom.real = json.get_double();
        return atom;
    case boost::json::kind::bool_:
        atom.type = OvsdbAtom::Type::Boolean;
        atom.boolean = json.get_bool();
        return atom;
    case boost::json::kind::string:
        atom.type = OvsdbAtom::Type::String;
        atom.text = fromJsonString(json.get_string());
        return atom;
    case boost::json::kind::array: {
        std::string_view tag;
        const boost::json::array* a = tagged(json, &tag);
        if (a && (tag == "uuid" || tag == "named-uuid") && (*a)[1].is_string()) {
            atom.type = OvsdbAtom::Type::Uuid;
            atom.text = fromJsonString((*a)[1].get_string());
            return atom;
        }
        *error = QStringLiteral("an array that is not [\"uuid\", ...] where an atom belongs");
        return std::nullopt;
    }
    case boost::json::kind::null:
    case boost::json::kind::object:
        break;
    }
    *error = QStringLiteral("%1 is not an OVSDB atom")
                 .arg(json.is_null() ? QStringLiteral("null") : QStringLiteral("an object"));
    return std::nullopt;
}

std::optional<OvsdbDatum> decodeOvsdbDatum(const boost::json::value& json, QString* error) {
    OvsdbDatum datum;
    std::string_view tag;
    const boost::json::array* a = tagged(json, &tag);
    if (a && tag == "set") {
        const boost::json::array* elements = (*a)[1].if_array();
        if (!elements) {
            *error = QStringLiteral("[\"set\", ...] without an array of atoms");
            return std::nullopt;
        }
        datum.keys.reserve(qsizetype(elements->size()));
        for (const boost::json::value& e : *elements) {
            std::optional<OvsdbAtom> atom = decodeOvsdbAtom(e, error);
            if (!atom) {
                *error = QStringLiteral("set element: ") + *error;
                return std::nullopt;
            }
            datum.keys << std::move(*atom);
        }
        return datum;
    }
    if (a && tag == "map") {
        const boost::json::array* pairs = (*a)[1].if_array();
        if (!pairs) {
            *error = QStringLiteral("[\"map\", ...] without an array of pairs");
            return std::nullopt;
        }
        datum.isMap = true;
        datum.keys.reserve(qsizetype(pairs->size()));
        datum.values.reserve(qsizetype(pairs->size()));
        for (const boost::json::value& p : *pairs) {
            const boost::json::array* pair = p.if_array();
            if (!pair || pair->size() != 2) {
                *error = QStringLiteral("map entry is not a [key, value] pair");
                return std::nullopt;
            }
            std::optional<OvsdbAtom> key = decodeOvsdbAtom((*pair)[0], error);
            std::optional<OvsdbAtom> value =
                key ? decodeOvsdbAtom((*pair)[1], error) : std::nullopt;
            if (!key || !value) {
                *error = QStringLiteral("map entry: ") + *error;
                return std::nullopt;
            }
            datum.keys << std::move(*key);
            datum.values << std::move(*value);
        }
        return datum;
    }
    std::optional<OvsdbAtom> atom = decodeOvsdbAtom(json, error);
    if (!atom) {
        return std::nullopt;
    }
    datum.keys << std::move(*atom);
    return datum;
}

std::optional<QHash<QString, OvsdbDatum>> decodeOvsdbRow(const boost::json::value& json,
                                                         QString* error) {
    const boost::json::object* o = json.if_object();
    if (!o) {
        *error = QStringLiteral("a row is not a JSON object");
        return std::nullopt;
    }
    QHash<QString, OvsdbDatum> row;
    row.reserve(qsizetype(o->size()));
    for (const auto& member : *o) {
        const QString column =
            QString::fromUtf8(member.key().data(), qsizetype(member.key().size()));
        std::optional<OvsdbDatum> datum = decodeOvsdbDatum(member.value(), error);
        if (!datum) {
            *error = QStringLiteral("column %1: %2").arg(column, *error);
            return std::nullopt;
        }
        row.insert(column, std::move(*datum));
    }
    return row;
}

} // namespace vigil::ui
