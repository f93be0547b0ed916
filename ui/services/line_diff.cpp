#include "services/line_diff.h"

#include <QHash>
#include <algorithm>

namespace vigil::ui {

QStringList replyLines(const QString& reply) {
    if (reply.isEmpty()) {
        return {};
    }
    QString text = reply;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    QStringList lines = text.split(QLatin1Char('\n'));
    if (text.endsWith(QLatin1Char('\n'))) {
        lines.removeLast();
    }
    return lines;
}

QList<QList<bool>> differingLines(const QList<QStringList>& replies) {
    QList<QList<bool>> out;
    out.reserve(replies.size());
    if (replies.size() < 2) {
        for (const QStringList& lines : replies) {
            out.append(QList<bool>(lines.size(), false));
        }
        return out;
    }
    // How often each line occurs in every reply: the fewest occurrences in any reply.
    QHash<QString, int> shared;
    for (const QString& line : replies.first()) {
        shared[line]++;
    }
    for (qsizetype r = 1; r < replies.size(); r++) {
        QHash<QString, int> counts;
        for (const QString& line : replies[r]) {
            counts[line]++;
        }
        for (auto it = shared.begin(); it != shared.end();) {
            const int n = std::min(it.value(), counts.value(it.key()));
            if (n == 0) {
                it = shared.erase(it);
            } else {
                it.value() = n;
                ++it;
            }
        }
    }
    for (const QStringList& lines : replies) {
        QHash<QString, int> seen;
        QList<bool> flags;
        flags.reserve(lines.size());
        for (const QString& line : lines) {
            flags.append(++seen[line] > shared.value(line));
        }
        out.append(flags);
    }
    return out;
}

} // namespace vigil::ui
