#include "models/palette_match.h"

#include <QRegularExpression>
#include <algorithm>

namespace vigil::ui {

namespace {

// The kinds of match, far enough apart that no length penalty reorders them.
constexpr int prefixScore = 4000;
constexpr int wordStartScore = 3000;
constexpr int substringScore = 2000;
constexpr int subsequenceScore = 1000;
// A detail match is worth this fraction of a title match: the title is what the user reads.
constexpr int detailDivisor = 4;

bool isWordStart(QStringView text, qsizetype at) {
    if (at == 0) {
        return true;
    }
    const QChar before = text[at - 1];
    return !before.isLetterOrNumber();
}

// The first occurrence of `word` in `text` that starts a word, or -1.
qsizetype wordStartIndex(QStringView word, QStringView text) {
    for (qsizetype at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
        if (isWordStart(text, at)) {
            return at;
        }
    }
    return -1;
}

} // namespace

PaletteQuery::PaletteQuery(const QString& text) {
    static const QRegularExpression space(QStringLiteral("\\s+"));
    words_ = text.toLower().split(space, Qt::SkipEmptyParts);
}

std::optional<int> paletteWordScore(QStringView word, QStringView text) {
    if (word.isEmpty()) {
        return 0;
    }
    if (text.startsWith(word)) {
        return prefixScore;
    }
    if (wordStartIndex(word, text) >= 0) {
        return wordStartScore;
    }
    if (text.contains(word)) {
        return substringScore;
    }
    // A scattered subsequence: every character that lands on a word start earns a little, and
    // every character skipped costs a little, so "dpsh" prefers "dpif/show" to "dump-ship-hash".
    int bonus = 0;
    qsizetype at = 0;
    qsizetype first = -1;
    for (QChar c : word) {
        const qsizetype found = text.indexOf(c, at);
        if (found < 0) {
            return std::nullopt;
        }
        if (first < 0) {
            first = found;
        }
        if (isWordStart(text, found)) {
            bonus += 20;
        }
        at = found + 1;
    }
    const int spread = int(at - first) - int(word.size());
    return subsequenceScore + bonus - std::min(spread, 500);
}

std::optional<int> PaletteQuery::score(QStringView title, QStringView detail) const {
    int total = 0;
    for (const QString& word : words_) {
        const std::optional<int> inTitle = paletteWordScore(word, title);
        const std::optional<int> inDetail = paletteWordScore(word, detail);
        if (!inTitle && !inDetail) {
            return std::nullopt;
        }
        total += std::max(inTitle.value_or(0), inDetail.value_or(0) / detailDivisor);
    }
    // Among equal matches the shorter title is the more specific one.
    return total - int(std::min<qsizetype>(title.size(), 200));
}

QList<int> paletteMatchPositions(const PaletteQuery& query, QStringView title) {
    const QString lower = title.toString().toLower();
    QList<int> positions;
    for (const QString& word : query.words()) {
        qsizetype at = lower.startsWith(word) ? 0 : wordStartIndex(word, lower);
        if (at < 0) {
            at = lower.indexOf(word);
        }
        if (at >= 0) {
            for (qsizetype i = 0; i < word.size(); ++i) {
                positions.append(int(at + i));
            }
            continue;
        }
        QList<int> scattered;
        qsizetype from = 0;
        for (QChar c : word) {
            const qsizetype found = lower.indexOf(c, from);
            if (found < 0) {
                scattered.clear();
                break;
            }
            scattered.append(int(found));
            from = found + 1;
        }
        positions.append(scattered);
    }
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    return positions;
}

} // namespace vigil::ui
