#include "services/reply_analysis.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>
#include <vector>

namespace vigil::ui {

namespace {

QStringList replyLines(const QString& text) {
    QStringList lines = text.split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.last().isEmpty()) {
        lines.removeLast(); // the newline that ends the reply is not a line of its own
    }
    return lines;
}

// Myers' diff keeps one V array per edit step for the backtrack: bound the cells it may use
// (4 Mi ints, 16 MiB) so that a huge, wholly different reply costs a line-by-line compare.
constexpr qsizetype maxTraceCells = qsizetype(4) << 20;

// Marks in `changed` the lines of b (offset by `base`) that Myers' minimal edit script inserts,
// counting a's deleted lines in `removed`. Returns false when the bound is hit.
bool myers(const std::vector<int>& a, const std::vector<int>& b, int base, QList<int>& changed,
           int& removed) {
    const int n = int(a.size());
    const int m = int(b.size());
    const int max = n + m;
    const int offset = max + 1;
    const qsizetype width = 2 * qsizetype(max) + 3;
    std::vector<int> v(size_t(width), 0);
    std::vector<std::vector<int>> trace;
    int found = -1;
    for (int d = 0; d <= max; d++) {
        if (qsizetype(trace.size() + 1) * width > maxTraceCells) {
            return false;
        }
        trace.push_back(v);
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && v[k - 1 + offset] < v[k + 1 + offset]))
                        ? v[k + 1 + offset]
                        : v[k - 1 + offset] + 1;
            int y = x - k;
            while (x < n && y < m && a[size_t(x)] == b[size_t(y)]) {
                x++;
                y++;
            }
            v[k + offset] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
        if (found >= 0) {
            break;
        }
    }
    QList<int> inserted;
    int x = n;
    int y = m;
    // A hunk's deleted lines that an inserted line replaces are changes, not removals.
    int hunkInserted = 0;
    int hunkDeleted = 0;
    auto closeHunk = [&] {
        removed += std::max(0, hunkDeleted - hunkInserted);
        hunkInserted = 0;
        hunkDeleted = 0;
    };
    for (int d = found; d > 0; d--) {
        const std::vector<int>& pv = trace[size_t(d)];
        const int k = x - y;
        const int prevK =
            (k == -d || (k != d && pv[k - 1 + offset] < pv[k + 1 + offset])) ? k + 1 : k - 1;
        const int prevX = pv[prevK + offset];
        const int prevY = prevX - prevK;
        if (x > prevX && y > prevY) {
            closeHunk(); // common lines end the hunk after this edit
        }
        while (x > prevX && y > prevY) {
            x--;
            y--;
        }
        if (x == prevX) {
            inserted << base + prevY; // a step down: b's line prevY is new
            hunkInserted++;
        } else {
            hunkDeleted++;
        }
        x = prevX;
        y = prevY;
    }
    closeHunk();
    std::reverse(inserted.begin(), inserted.end());
    changed += inserted;
    return true;
}

void flattenInto(const QJsonValue& value, const QString& path, QHash<QString, QJsonValue>& out) {
    if (value.isObject() && !value.toObject().isEmpty()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            flattenInto(it.value(), jsonPointerChild(path, it.key()), out);
        }
    } else if (value.isArray() && !value.toArray().isEmpty()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); i++) {
            flattenInto(a.at(i), jsonPointerChild(path, QString::number(i)), out);
        }
    } else {
        out.insert(path, value);
    }
}

void numbersInto(const QJsonValue& value, const QString& path, QList<ReplyNumber>& out) {
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it) {
            numbersInto(it.value(), jsonPointerChild(path, it.key()), out);
        }
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); i++) {
            numbersInto(a.at(i), jsonPointerChild(path, QString::number(i)), out);
        }
    } else if (value.isDouble()) {
        out << ReplyNumber{path.isEmpty() ? QStringLiteral("/") : path, value.toDouble()};
    }
}

} // namespace

LineDiff diffLines(const QString& before, const QString& after) {
    const QStringList a = replyLines(before);
    const QStringList b = replyLines(after);
    LineDiff diff;
    // The common head and tail cost nothing to skip and are most of a status reply.
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head]) {
        head++;
    }
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head &&
           a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
        tail++;
    }
    // Lines as small integers, so the diff compares ints.
    QHash<QString, int> ids;
    auto idsOf = [&ids](const QStringList& lines, qsizetype from, qsizetype to) {
        std::vector<int> out;
        out.reserve(size_t(to - from));
        for (qsizetype i = from; i < to; i++) {
            auto it = ids.constFind(lines[i]);
            if (it == ids.constEnd()) {
                it = ids.insert(lines[i], int(ids.size()));
            }
            out.push_back(it.value());
        }
        return out;
    };
    const std::vector<int> midA = idsOf(a, head, a.size() - tail);
    const std::vector<int> midB = idsOf(b, head, b.size() - tail);
    if (!myers(midA, midB, int(head), diff.changedLines, diff.removedLines)) {
        diff.exact = false;
        diff.changedLines.clear();
        diff.removedLines = std::max(0, int(midA.size()) - int(midB.size()));
        for (size_t i = 0; i < midB.size(); i++) {
            if (i >= midA.size() || midA[i] != midB[i]) {
                diff.changedLines << int(head + qsizetype(i));
            }
        }
    }
    return diff;
}

QString jsonPointerChild(const QString& parent, const QString& token) {
    QString escaped = token;
    escaped.replace(QLatin1Char('~'), QLatin1String("~0"));
    escaped.replace(QLatin1Char('/'), QLatin1String("~1"));
    return parent + QLatin1Char('/') + escaped;
}

QHash<QString, QJsonValue> flattenJson(const QJsonValue& value) {
    QHash<QString, QJsonValue> out;
    flattenInto(value, QString(), out);
    return out;
}

JsonDiff diffJson(const QJsonValue& before, const QJsonValue& after) {
    const QHash<QString, QJsonValue> a = flattenJson(before);
    const QHash<QString, QJsonValue> b = flattenJson(after);
    JsonDiff diff;
    for (auto it = b.constBegin(); it != b.constEnd(); ++it) {
        auto old = a.constFind(it.key());
        if (old == a.constEnd()) {
            diff.added << it.key();
        } else if (old.value() != it.value()) {
            diff.changed << it.key();
        }
    }
    for (auto it = a.constBegin(); it != a.constEnd(); ++it) {
        if (!b.contains(it.key())) {
            diff.removed << it.key();
        }
    }
    diff.changed.sort();
    diff.added.sort();
    diff.removed.sort();
    return diff;
}

QList<ReplyNumber> extractTextNumbers(const QString& text) {
    // coverage/show: "name  0.0/sec  0.000/sec  0.0000/sec   total: 5" (Vigil's daemons leave
    // out the rates).
    static const QRegularExpression coverage(
        QStringLiteral(R"(^\s*([^\s:=]+)\s+(?:\S+/sec\s+)*total:\s*([-+]?\d+(?:\.\d+)?)\s*$)"));
    // A line that is one "name: value" (dpctl/show's "flows: 0").
    static const QRegularExpression line(
        QStringLiteral(R"(^\s*([A-Za-z_][\w./@ -]*?)\s*:\s*([-+]?\d+(?:\.\d+)?)\s*$)"));
    // A "name:value" or "key=value" token, maybe followed by a comma, semicolon or parenthesis.
    static const QRegularExpression token(
        QStringLiteral(R"(^\(?([A-Za-z_][\w./@-]*)[:=]([-+]?\d+(?:\.\d+)?)[,;)]?$)"));
    static const QRegularExpression space(QStringLiteral(R"(\s+)"));

    QList<ReplyNumber> out;
    QHash<QString, int> seen;
    auto add = [&](const QString& key, const QString& number) {
        bool ok = false;
        const double value = number.toDouble(&ok);
        if (!ok) {
            return;
        }
        const int count = ++seen[key];
        out << ReplyNumber{count == 1 ? key : QStringLiteral("%1 #%2").arg(key).arg(count), value};
    };
    for (const QString& text_line : replyLines(text)) {
        QRegularExpressionMatch m = coverage.match(text_line);
        if (!m.hasMatch()) {
            m = line.match(text_line);
        }
        if (m.hasMatch()) {
            add(m.captured(1), m.captured(2));
            continue;
        }
        for (const QString& word : text_line.split(space, Qt::SkipEmptyParts)) {
            m = token.match(word);
            if (m.hasMatch()) {
                add(m.captured(1), m.captured(2));
            }
        }
    }
    return out;
}

QList<ReplyNumber> extractJsonNumbers(const QJsonValue& value) {
    QList<ReplyNumber> out;
    numbersInto(value, QString(), out);
    return out;
}

} // namespace vigil::ui
