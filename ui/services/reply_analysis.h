// What a repeated command's replies say beyond their text: which lines (or JSON leaves) changed
// from one reply to the next, and the numbers a reply carries, by key, so that a watch can
// highlight changes and plot counters over time. Pure functions, no state, no widgets.
#pragma once

#include <QHash>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

namespace vigil::ui {

// How a text reply's lines differ from the previous reply's.
struct LineDiff {
    QList<int> changedLines; // 0-based lines of the new reply that are new or changed, ascending
    int removedLines = 0;    // lines of the previous reply gone without a replacement
    bool exact = true;       // false: too different for a minimal diff, compared line by line
};

// Compares `before` and `after` line by line (Myers' minimal diff of whole lines, a trailing
// newline ignored); lines common to both in order are unchanged. Past a bound on the work
// (replies of many thousand lines that differ almost everywhere) it compares lines by
// position instead and clears `exact`. Never fails.
LineDiff diffLines(const QString& before, const QString& after);

// How a JSON reply's leaves differ from the previous reply's, by JSON Pointer (RFC 6901) path.
struct JsonDiff {
    QStringList changed; // leaves at the same path with another value
    QStringList added;   // paths only in the new reply
    QStringList removed; // paths only in the previous reply
    bool isEmpty() const { return changed.isEmpty() && added.isEmpty() && removed.isEmpty(); }
};

// The leaves of `value` (scalars, and empty arrays or objects) by JSON Pointer path: "" for a
// scalar document, "/a/0/b~1c" for value.a[0]["b/c"].
QHash<QString, QJsonValue> flattenJson(const QJsonValue& value);
// Returns the path for `token` appended to the JSON Pointer `parent` ("~" and "/" escaped).
QString jsonPointerChild(const QString& parent, const QString& token);
// Compares the leaves of `before` and `after`; each list is sorted.
JsonDiff diffJson(const QJsonValue& before, const QJsonValue& after);

// One number a reply carries.
struct ReplyNumber {
    QString key; // "handlers", "seq_change", "/sessions/0/attempts"
    double value = 0;
    bool operator==(const ReplyNumber&) const = default;
};

// The numbers of an OVS text reply, in order: `name:value` and `key=value` tokens
// (memory/show's `handlers:2 idl-cells:123`, dpif/show's `hit:0 missed:0`), lines that are just
// `name: value` (`flows: 0`), and coverage/show's `counter  X/sec Y/sec Z/sec  total: N` (the
// total, keyed by the counter). A key seen again on a later line gets " #2", " #3"... so
// that every series stays one quantity. Tokens whose value is not a plain number are skipped.
QList<ReplyNumber> extractTextNumbers(const QString& text);
// The numeric leaves of a JSON reply, keyed by JSON Pointer path (object members in key order,
// as QJsonObject keeps them).
QList<ReplyNumber> extractJsonNumbers(const QJsonValue& value);

} // namespace vigil::ui
