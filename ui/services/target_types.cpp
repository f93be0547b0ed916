#include "services/target_types.h"

#include "services/usage_grammar.h"

#include <algorithm>

namespace vigil::ui {

QString targetKindName(TargetKind kind) {
    switch (kind) {
    case TargetKind::Daemon:
        return QStringLiteral("daemon");
    case TargetKind::Discovered:
        return QStringLiteral("discovered");
    case TargetKind::Added:
        return QStringLiteral("added");
    case TargetKind::Remote:
        return QStringLiteral("remote");
    }
    return QString();
}

CommandInfo commandFromUsage(const QString& name, const QString& usage) {
    const UsageGrammar grammar = parseUsage(usage);
    CommandInfo info;
    info.name = name;
    info.usage = grammar.usage;
    info.minArgs = grammar.minArgs;
    info.maxArgs = grammar.maxArgs;
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
        const auto blank =
            std::find_if(trimmed.cbegin(), trimmed.cend(), [](QChar c) { return c.isSpace(); });
        const qsizetype space = blank == trimmed.cend() ? -1 : blank - trimmed.cbegin();
        const QString name = space < 0 ? trimmed : trimmed.left(space);
        const QString usage = space < 0 ? QString() : trimmed.mid(space).trimmed();
        commands << commandFromUsage(name, usage);
    }
    return commands;
}

} // namespace vigil::ui
