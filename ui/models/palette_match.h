// The command palette's matcher: a query of one or more words, each of which must occur in an
// entry's title or detail as a case-insensitive subsequence ("dpsh" finds "dpif/show"). Every
// match gets a score so the best come first: a word that starts the title beats one that starts
// a word inside it ("show" in "dpif/show"), which beats a plain substring, which beats a
// scattered subsequence; matches in the detail (the host, the usage) count for less than
// matches in the title, and among equals the shorter title wins.
#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>

namespace vigil::ui {

class PaletteQuery {
public:
    // Splits `text` into words at white space (an empty or blank text is the empty query,
    // which matches everything with score 0).
    explicit PaletteQuery(const QString& text = QString());

    bool isEmpty() const { return words_.isEmpty(); }
    // The query's words, folded to lower case.
    const QStringList& words() const { return words_; }

    // The score of an entry whose title and detail are `title` and `detail`, both already
    // folded to lower case (the model folds them once, not on every keystroke); higher is
    // better. Returns std::nullopt when some word matches neither.
    std::optional<int> score(QStringView title, QStringView detail) const;

private:
    QStringList words_;
};

// The score of one lower-case `word` against one lower-case `text`: see PaletteQuery for the
// order of the kinds of match. Returns std::nullopt when `word` is not a subsequence of `text`.
std::optional<int> paletteWordScore(QStringView word, QStringView text);

// The positions in `title` (any case) of the characters that the words of `query` match, for
// highlighting: for each word, its prefix, word-start or substring occurrence when there is one,
// else the characters of its leftmost subsequence. Words matched only in the detail add none.
QList<int> paletteMatchPositions(const PaletteQuery& query, QStringView title);

} // namespace vigil::ui
