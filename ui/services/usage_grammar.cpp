#include "services/usage_grammar.h"

namespace vigil::ui {

namespace {

using Kind = UsageNode::Kind;

// Bounds on what a control socket can make the parser do.
constexpr int maxUsageLength = 4096;
constexpr int maxDepth = 32;

struct Token {
    enum class Type { Word, Open, Close, Bar, Ellipsis, End };
    Type type = Type::End;
    QChar bracket;      // Open/Close: '[' or '{', ']' or '}'
    QString text;       // Word
    bool tight = false; // Bar: no space on either side ("on|off")
    int position = 0;   // for error messages
};

bool isFlag(const QString& word) {
    if (word.size() < 2 || word[0] != QLatin1Char('-')) {
        return false;
    }
    if (word[1].isLetter()) {
        return true;
    }
    return word.size() >= 3 && word[1] == QLatin1Char('-') && word[2].isLetter();
}

// Splits a synopsis into tokens; returns false with `error` for a word whose inner brackets do
// not balance.
bool tokenize(const QString& s, QList<Token>* tokens, QString* error) {
    int i = 0;
    const int n = int(s.size());
    auto endsWord = [&](int j, int depth) {
        if (j >= n || s[j].isSpace()) {
            return true;
        }
        return depth == 0 &&
               (s[j] == QLatin1Char('|') || s[j] == QLatin1Char(']') || s[j] == QLatin1Char('}'));
    };
    while (i < n) {
        const QChar c = s[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        Token t;
        t.position = i;
        if (c == QLatin1Char('[') || c == QLatin1Char('{')) {
            t.type = Token::Type::Open;
            t.bracket = c;
            ++i;
        } else if (c == QLatin1Char(']') || c == QLatin1Char('}')) {
            t.type = Token::Type::Close;
            t.bracket = c;
            ++i;
        } else if (c == QLatin1Char('|')) {
            t.type = Token::Type::Bar;
            t.tight = i > 0 && !s[i - 1].isSpace() && i + 1 < n && !s[i + 1].isSpace();
            ++i;
        } else if (s.mid(i, 3) == QLatin1String("...")) {
            t.type = Token::Type::Ellipsis;
            i += 3;
        } else {
            // A word; brackets inside it (after its first character) are its own text.
            t.type = Token::Type::Word;
            int depth = 0;
            int j = i;
            while (!endsWord(j, depth)) {
                const QChar d = s[j];
                if (d == QLatin1Char('.') && s.mid(j, 3) == QLatin1String("...") &&
                    endsWord(j + 3, depth)) {
                    break; // a trailing "..." repeats the word
                }
                if (d == QLatin1Char('[') || d == QLatin1Char('{')) {
                    ++depth;
                } else if (d == QLatin1Char(']') || d == QLatin1Char('}')) {
                    --depth;
                }
                ++j;
            }
            if (depth != 0) {
                *error =
                    QStringLiteral("unbalanced brackets in the word \"%1\"").arg(s.mid(i, j - i));
                return false;
            }
            t.text = s.mid(i, j - i);
            i = j;
        }
        tokens->append(t);
    }
    Token end;
    end.position = n;
    tokens->append(end);
    return true;
}

UsageNode word(const QString& text) {
    UsageNode node;
    node.kind = Kind::Word;
    node.text = text;
    node.label = usageLabel(text);
    node.literal = isFlag(text);
    return node;
}

UsageNode sequence(QList<UsageNode> items) {
    UsageNode node;
    node.kind = Kind::Sequence;
    node.children = std::move(items);
    return node;
}

bool isSingleWord(const UsageNode& alternative) {
    return alternative.kind == Kind::Sequence && alternative.children.size() == 1 &&
           alternative.children[0].kind == Kind::Word;
}

class Parser {
public:
    explicit Parser(QList<Token> tokens) : tokens_(std::move(tokens)) {}

    // The whole synopsis as a Sequence; false with `error()` when it cannot be read.
    bool parse(UsageNode* root) {
        if (!group(root, QChar())) {
            return false;
        }
        if (peek().type != Token::Type::End) {
            return fail(QStringLiteral("unexpected '%1'").arg(describe(peek())));
        }
        return true;
    }
    QString error() const { return error_; }

private:
    const Token& peek() const { return tokens_[pos_]; }
    Token take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

    static QString describe(const Token& t) {
        switch (t.type) {
        case Token::Type::Word:
            return t.text;
        case Token::Type::Open:
        case Token::Type::Close:
            return QString(t.bracket);
        case Token::Type::Bar:
            return QStringLiteral("|");
        case Token::Type::Ellipsis:
            return QStringLiteral("...");
        case Token::Type::End:
            break;
        }
        return QStringLiteral("end");
    }

    bool fail(const QString& why) {
        if (error_.isEmpty()) {
            error_ = QStringLiteral("%1 at column %2").arg(why).arg(peek().position + 1);
        }
        return false;
    }

    bool atSequenceEnd() const {
        const Token& t = peek();
        return t.type == Token::Type::End || t.type == Token::Type::Close ||
               (t.type == Token::Type::Bar && !t.tight);
    }

    // Alternatives separated by spaced bars up to `closer` (not consumed), as one Sequence.
    bool group(UsageNode* out, QChar closer) {
        QList<UsageNode> alternatives;
        for (;;) {
            UsageNode seq;
            if (!sequenceOf(&seq)) {
                return false;
            }
            const bool empty = seq.children.isEmpty();
            alternatives.append(std::move(seq));
            if (empty && (alternatives.size() > 1 || peek().type == Token::Type::Bar)) {
                return fail(QStringLiteral("an empty alternative"));
            }
            if (peek().type == Token::Type::Bar) {
                take();
                continue;
            }
            break;
        }
        const Token& t = peek();
        if (closer.isNull() ? t.type != Token::Type::End
                            : t.type != Token::Type::Close || t.bracket != closer) {
            if (t.type == Token::Type::End) {
                return fail(QStringLiteral("missing '%1'").arg(closer));
            }
            return fail(QStringLiteral("unexpected '%1'").arg(describe(t)));
        }
        if (alternatives.size() == 1) {
            *out = std::move(alternatives[0]);
        } else {
            UsageNode choice;
            choice.kind = Kind::Choice;
            choice.braced = closer == QLatin1Char('}');
            choice.children = std::move(alternatives);
            *out = sequence({std::move(choice)});
        }
        return true;
    }

    bool sequenceOf(UsageNode* out) {
        QList<UsageNode> items;
        while (!atSequenceEnd()) {
            UsageNode item;
            if (!itemOf(&item)) {
                return false;
            }
            items.append(std::move(item));
        }
        *out = sequence(std::move(items));
        return true;
    }

    // A postfixed item, or several joined by tight bars into a bare choice.
    bool itemOf(UsageNode* out) {
        UsageNode first;
        if (!postfixed(&first)) {
            return false;
        }
        if (peek().type != Token::Type::Bar || !peek().tight) {
            *out = std::move(first);
            return true;
        }
        UsageNode choice;
        choice.kind = Kind::Choice;
        choice.children.append(sequence({std::move(first)}));
        while (peek().type == Token::Type::Bar && peek().tight) {
            take();
            UsageNode next;
            if (!postfixed(&next)) {
                return false;
            }
            choice.children.append(sequence({std::move(next)}));
        }
        // "on|off": keywords; "-generate|packet": a flag or a placeholder.
        bool words = true;
        bool flags = false;
        for (const UsageNode& alternative : choice.children) {
            words = words && isSingleWord(alternative);
            flags = flags || (isSingleWord(alternative) && alternative.children[0].literal);
        }
        if (words && !flags) {
            for (UsageNode& alternative : choice.children) {
                alternative.children[0].literal = true;
            }
        }
        *out = std::move(choice);
        return true;
    }

    bool postfixed(UsageNode* out) {
        if (!primary(out)) {
            return false;
        }
        while (peek().type == Token::Type::Ellipsis) {
            take();
            if (out->kind != Kind::Repeat) {
                UsageNode repeat;
                repeat.kind = Kind::Repeat;
                repeat.children.append(std::move(*out));
                *out = std::move(repeat);
            }
        }
        return true;
    }

    bool primary(UsageNode* out) {
        const Token t = peek();
        if (t.type == Token::Type::Word) {
            take();
            *out = word(t.text);
            return true;
        }
        if (t.type != Token::Type::Open) {
            return fail(QStringLiteral("unexpected '%1'").arg(describe(t)));
        }
        if (++depth_ > maxDepth) {
            return fail(QStringLiteral("nested more than %1 levels").arg(maxDepth));
        }
        take();
        const QChar closer = t.bracket == QLatin1Char('[') ? QLatin1Char(']') : QLatin1Char('}');
        UsageNode inner;
        if (!group(&inner, closer)) {
            return false;
        }
        take(); // the closer
        --depth_;
        if (t.bracket == QLatin1Char('[')) {
            out->kind = Kind::Optional;
            out->children = {std::move(inner)};
        } else if (inner.children.size() == 1 && inner.children[0].kind == Kind::Choice &&
                   inner.children[0].braced) {
            *out = std::move(inner.children[0]);
        } else {
            *out = std::move(inner);
        }
        return true;
    }

    QList<Token> tokens_;
    qsizetype pos_ = 0;
    int depth_ = 0;
    QString error_;
};

UsageGrammar freeForm(const QString& usage, const QString& error) {
    UsageGrammar g;
    g.usage = usage;
    g.freeForm = true;
    g.error = error;
    UsageNode repeat;
    repeat.kind = Kind::Repeat;
    UsageNode any = word(QStringLiteral("arguments"));
    repeat.children = {sequence({std::move(any)})};
    g.root = sequence({std::move(repeat)});
    g.minArgs = 0;
    g.maxArgs = -1;
    return g;
}

int addBounds(int a, int b) {
    return a < 0 || b < 0 ? -1 : a + b;
}

QString describeItems(const UsageNode& sequence);

QString describeNode(const UsageNode& node, bool nested) {
    switch (node.kind) {
    case Kind::Word:
        return node.literal ? QLatin1Char('\'') + node.text + QLatin1Char('\'') : node.label;
    case Kind::Sequence:
        if (nested && node.children.size() != 1) {
            return QLatin1Char('(') + describeItems(node) + QLatin1Char(')');
        }
        return describeItems(node);
    case Kind::Optional:
        return QLatin1Char('[') + describeItems(node.children.value(0)) + QLatin1Char(']');
    case Kind::Choice: {
        QStringList alternatives;
        for (const UsageNode& alternative : node.children) {
            alternatives << describeItems(alternative);
        }
        return QLatin1Char('{') + alternatives.join(QStringLiteral(" | ")) + QLatin1Char('}');
    }
    case Kind::Repeat:
        return describeNode(node.children.value(0), true) + QStringLiteral("...");
    }
    return QString();
}

QString describeItems(const UsageNode& sequence) {
    if (sequence.kind != Kind::Sequence) {
        return describeNode(sequence, true);
    }
    QStringList items;
    for (const UsageNode& child : sequence.children) {
        items << describeNode(child, true);
    }
    return items.join(QLatin1Char(' '));
}

// Backtracking fit of arguments to a tree, in continuation-passing style: each node offers
// every way it can take words from `pos` to the continuation, first the preferred one.
} // namespace

QString usageLabel(const QString& word) {
    QString label;
    for (QChar c : word) {
        if (QStringLiteral("[]{}|<>").contains(c)) {
            continue;
        }
        label.append(c);
    }
    while (label.endsWith(QLatin1String("..."))) {
        label.chop(3);
    }
    label = label.trimmed();
    return label.isEmpty() ? QStringLiteral("argument") : label;
}

UsageGrammar parseUsage(const QString& usage) {
    const QString trimmed = usage.trimmed();
    if (trimmed.size() > maxUsageLength) {
        return freeForm(
            trimmed, QStringLiteral("the usage is longer than %1 characters").arg(maxUsageLength));
    }
    QList<Token> tokens;
    QString error;
    if (!tokenize(trimmed, &tokens, &error)) {
        return freeForm(trimmed, error);
    }
    Parser parser(std::move(tokens));
    UsageGrammar g;
    g.usage = trimmed;
    if (!parser.parse(&g.root)) {
        return freeForm(trimmed, parser.error());
    }
    g.minArgs = usageMinArgs(g.root);
    g.maxArgs = usageMaxArgs(g.root);
    return g;
}

bool isSingleWordChoice(const UsageNode& node) {
    if (node.kind != Kind::Choice || node.children.isEmpty()) {
        return false;
    }
    for (const UsageNode& alternative : node.children) {
        if (!isSingleWord(alternative)) {
            return false;
        }
    }
    return true;
}

int usageMinArgs(const UsageNode& node) {
    switch (node.kind) {
    case Kind::Word:
        return node.literal && isFlag(node.text) ? 0 : 1;
    case Kind::Sequence: {
        int sum = 0;
        for (const UsageNode& child : node.children) {
            sum += usageMinArgs(child);
        }
        return sum;
    }
    case Kind::Optional:
        return 0;
    case Kind::Choice: {
        if (isSingleWordChoice(node)) {
            return 0;
        }
        int least = -1;
        for (const UsageNode& alternative : node.children) {
            const int m = usageMinArgs(alternative);
            least = least < 0 ? m : qMin(least, m);
        }
        return qMax(0, least);
    }
    case Kind::Repeat:
        return node.children.isEmpty() ? 0 : usageMinArgs(node.children[0]);
    }
    return 0;
}

int usageMaxArgs(const UsageNode& node) {
    switch (node.kind) {
    case Kind::Word:
        return 1;
    case Kind::Sequence: {
        int sum = 0;
        for (const UsageNode& child : node.children) {
            sum = addBounds(sum, usageMaxArgs(child));
        }
        return sum;
    }
    case Kind::Optional:
        return node.children.isEmpty() ? 0 : usageMaxArgs(node.children[0]);
    case Kind::Choice: {
        if (node.braced && isSingleWordChoice(node)) {
            return -1;
        }
        int most = 0;
        for (const UsageNode& alternative : node.children) {
            const int m = usageMaxArgs(alternative);
            if (m < 0) {
                return -1;
            }
            most = qMax(most, m);
        }
        return most;
    }
    case Kind::Repeat:
        return -1;
    }
    return 0;
}

QString describeUsageTree(const UsageNode& node) {
    return describeNode(node, false);
}

} // namespace vigil::ui
