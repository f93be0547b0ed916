#include "services/openssh_aliases.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace vigil::ui {

namespace {

// Splits a config line into its words: whitespace separates them, an '=' after the keyword
// counts as a separator too, and double quotes group.
QStringList words(const QString& line) {
    QStringList out;
    QString word;
    bool quoted = false;
    bool inWord = false;
    for (QChar c : line) {
        // A word starting with '#' begins a comment, as in OpenSSH's own word splitting.
        if (!quoted && !inWord && c == QLatin1Char('#')) {
            break;
        }
        if (c == QLatin1Char('"')) {
            quoted = !quoted;
            inWord = true;
            continue;
        }
        if (!quoted && (c.isSpace() || (out.isEmpty() && c == QLatin1Char('=')))) {
            if (inWord) {
                out << word;
                word.clear();
                inWord = false;
            }
            continue;
        }
        word += c;
        inWord = true;
    }
    if (inWord) {
        out << word;
    }
    return out;
}

bool isPattern(const QString& name) {
    return name.contains(QLatin1Char('*')) || name.contains(QLatin1Char('?')) ||
           name.startsWith(QLatin1Char('!'));
}

QString readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        return {};
    }
    // A hint only: a huge file is not worth reading whole.
    return QString::fromUtf8(file.read(1 << 20));
}

} // namespace

QString defaultOpenSshConfigPath() {
    return QDir::homePath() + QStringLiteral("/.ssh/config");
}

QStringList parseOpenSshHostAliases(const QString& config, QStringList* includes) {
    QStringList aliases;
    const QStringList lines = config.split(QLatin1Char('\n'));
    for (const QString& raw : lines) {
        const QString line = raw.trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#'))) {
            continue;
        }
        const QStringList w = words(line);
        if (w.isEmpty()) {
            continue;
        }
        const QString keyword = w.first().toLower();
        if (keyword == QLatin1String("host")) {
            for (qsizetype i = 1; i < w.size(); i++) {
                if (!w[i].isEmpty() && !isPattern(w[i]) && !aliases.contains(w[i])) {
                    aliases << w[i];
                }
            }
        } else if (keyword == QLatin1String("include") && includes) {
            *includes << w.mid(1);
        }
    }
    return aliases;
}

QStringList openSshHostAliases(const QString& path) {
    QStringList includes;
    QStringList aliases = parseOpenSshHostAliases(readFile(path), &includes);
    const QDir sshDir(QDir::homePath() + QStringLiteral("/.ssh"));
    for (QString include : includes) {
        if (include.startsWith(QLatin1String("~/"))) {
            include = QDir::homePath() + include.mid(1);
        }
        const QString absolute = QDir::isAbsolutePath(include) ? include : sshDir.filePath(include);
        const QFileInfo info(absolute);
        const QStringList matches =
            info.dir().entryList({info.fileName()}, QDir::Files | QDir::Readable, QDir::Name);
        for (const QString& match : matches) {
            for (const QString& alias :
                 parseOpenSshHostAliases(readFile(info.dir().filePath(match)))) {
                if (!aliases.contains(alias)) {
                    aliases << alias;
                }
            }
        }
    }
    return aliases;
}

} // namespace vigil::ui
