#include "services/target_types.h"

#include <QRegularExpression>

namespace vigil::ui {

QString targetKindName(TargetKind kind) {
    switch (kind) {
    case TargetKind::Daemon:
        return QStringLiteral("daemon");
    case TargetKind::Discovered:
        return QStringLiteral("discovered");
    case TargetKind::Added:
        return QStringLiteral("added");
    }
    return QString();
}

CommandInfo commandFromUsage(const QString& name, const QString& usage) {
    CommandInfo info;
    info.name = name;
    info.usage = usage.trimmed();
    int depth = 0;
    bool unbounded = false;
    bool inWord = false;
    int optional = 0;
    int required = 0;
    auto endWord = [&] {
        if (inWord) {
            if (depth > 0) {
                optional++;
            } else {
                required++;
            }
        }
        inWord = false;
    };
    // "a | b" is one word, like "a|b".
    QString u = info.usage;
    u.replace(QRegularExpression(QStringLiteral("\\s*\\|\\s*")), QStringLiteral("|"));
    for (int i = 0; i < u.size(); i++) {
        const QChar c = u[i];
        if (u.mid(i, 3) == QLatin1String("...")) {
            unbounded = true;
            i += 2;
            continue;
        }
        if (c == QLatin1Char('[')) {
            endWord();
            depth++;
        } else if (c == QLatin1Char(']')) {
            endWord();
            depth = std::max(0, depth - 1);
        } else if (c.isSpace()) {
            endWord();
        } else {
            inWord = true;
        }
    }
    endWord();
    info.minArgs = required;
    info.maxArgs = unbounded ? -1 : required + optional;
    return info;
}

QList<CommandInfo> parseCommandList(const QString& text) {
    QList<CommandInfo> commands;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        if (!line.startsWith(QLatin1Char(' '))) {
            continue; // the heading ("The available commands are:") and blank lines
        }
        const QString trimmed = line.trimmed();
        if (trimmed.isEmpty()) {
            continue;
        }
        const int space = trimmed.indexOf(QRegularExpression(QStringLiteral("\\s")));
        const QString name = space < 0 ? trimmed : trimmed.left(space);
        const QString usage = space < 0 ? QString() : trimmed.mid(space).trimmed();
        commands << commandFromUsage(name, usage);
    }
    return commands;
}

} // namespace vigil::ui
