// Fitting argument words to a usage tree (the argument line refilling the form), the words a
// form's state stands for, and the quoting of the argument line.
#include "services/usage_grammar.h"

#include <functional>

namespace vigil::ui {

namespace {

using Kind = UsageNode::Kind;

// Bounds on the search, which a synopsis from a control socket and a typed line could make
// exponential.
constexpr int maxMatchSteps = 20000;
constexpr int maxMatchArguments = 256;

class Matcher {
public:
    using Next = std::function<bool(int, UsageValue)>;

    Matcher(const QStringList& args) : args_(args) {}

    bool match(const UsageNode& node, const UsageValue* pref, int pos, const Next& next) {
        if (++steps_ > maxMatchSteps) {
            return false;
        }
        const int n = int(args_.size());
        switch (node.kind) {
        case Kind::Word: {
            UsageValue v;
            if (pos < n && (!node.literal || args_[pos] == node.text)) {
                v.word = args_[pos];
                v.present = true;
                if (next(pos + 1, v)) {
                    return true;
                }
            }
            // While typing, required words at the end may be still missing.
            return pos == n && next(pos, UsageValue{});
        }
        case Kind::Sequence:
            return sequenceFrom(node, pref, 0, pos, {}, next);
        case Kind::Optional: {
            const UsageNode& child = node.children[0];
            const UsageValue* childPref =
                pref && !pref->items.isEmpty() ? &pref->items[0] : nullptr;
            auto absent = [&] {
                UsageValue v = emptyUsageValue(node);
                return next(pos, v);
            };
            auto present = [&] {
                return match(child, childPref, pos, [&](int p, UsageValue cv) {
                    if (p == pos) {
                        return false; // present but empty is the same as absent
                    }
                    UsageValue v;
                    v.present = true;
                    v.items = {std::move(cv)};
                    return next(p, v);
                });
            };
            return pos >= n ? absent() : present() || absent();
        }
        case Kind::Choice: {
            const int count = int(node.children.size());
            const int first =
                pref && pref->alternative >= 0 && pref->alternative < count ? pref->alternative : 0;
            for (int k = 0; k < count; ++k) {
                const int a = (first + k) % count;
                const UsageValue* altPref = pref && a == pref->alternative && !pref->items.isEmpty()
                                                ? &pref->items[0]
                                                : nullptr;
                if (match(node.children[a], altPref, pos, [&](int p, UsageValue av) {
                        UsageValue v;
                        v.alternative = a;
                        v.items = {std::move(av)};
                        return next(p, v);
                    })) {
                    return true;
                }
                if (steps_ > maxMatchSteps) {
                    return false;
                }
            }
            return false;
        }
        case Kind::Repeat:
            return repeatFrom(node, pref, pos, {}, next);
        }
        return false;
    }

private:
    bool sequenceFrom(const UsageNode& node, const UsageValue* pref, int index, int pos,
                      QList<UsageValue> items, const Next& next) {
        if (index == node.children.size()) {
            UsageValue v;
            v.items = std::move(items);
            return next(pos, v);
        }
        const UsageValue* childPref =
            pref && index < pref->items.size() ? &pref->items[index] : nullptr;
        return match(node.children[index], childPref, pos, [&](int p, UsageValue cv) {
            QList<UsageValue> more = items;
            more.append(std::move(cv));
            return sequenceFrom(node, pref, index + 1, p, std::move(more), next);
        });
    }

    bool repeatFrom(const UsageNode& node, const UsageValue* pref, int pos, QList<UsageValue> items,
                    const Next& next) {
        const UsageNode& child = node.children[0];
        const UsageValue* childPref = pref && !pref->items.isEmpty() ? &pref->items[0] : nullptr;
        // Stopping here, when allowed.
        UsageValue v;
        bool stop = true;
        if (items.isEmpty()) {
            stop = usageMinArgs(child) == 0 || pos == int(args_.size());
            v.items = {emptyUsageValue(child)};
        } else {
            v.items = items;
        }
        if (stop && next(pos, v)) {
            return true;
        }
        // Or one more repetition, which must take a word.
        return pos < int(args_.size()) && match(child, childPref, pos, [&](int p, UsageValue cv) {
                   if (p == pos) {
                       return false;
                   }
                   QList<UsageValue> more = items;
                   more.append(std::move(cv));
                   return repeatFrom(node, pref, p, std::move(more), next);
               });
    }

    const QStringList& args_;
    int steps_ = 0;
};

struct FitScore {
    int missing = 0;    // required words left unfilled at the end
    int literals = 0;   // literal words matched
    int keyed = 0;      // "key=value" words in a "key=..." placeholder
    int agreements = 0; // choices made as in the preferred value

    bool better(const FitScore& o) const {
        if (missing != o.missing) {
            return missing < o.missing;
        }
        if (literals != o.literals) {
            return literals > o.literals;
        }
        if (keyed != o.keyed) {
            return keyed > o.keyed;
        }
        return agreements > o.agreements;
    }
};

void scoreFit(const UsageNode& node, const UsageValue& v, const UsageValue* pref, FitScore* score) {
    switch (node.kind) {
    case Kind::Word:
        if (!v.present) {
            score->missing++;
        } else if (node.literal) {
            score->literals++;
        } else if (const qsizetype eq = node.label.indexOf(QLatin1Char('='));
                   eq > 0 && v.word.startsWith(QStringView(node.label).left(eq + 1))) {
            score->keyed++;
        }
        break;
    case Kind::Sequence:
        for (int i = 0; i < node.children.size() && i < v.items.size(); ++i) {
            scoreFit(node.children[i], v.items[i],
                     pref && i < pref->items.size() ? &pref->items[i] : nullptr, score);
        }
        break;
    case Kind::Optional:
        if (v.present && !v.items.isEmpty()) {
            scoreFit(node.children[0], v.items[0],
                     pref && !pref->items.isEmpty() ? &pref->items[0] : nullptr, score);
        }
        break;
    case Kind::Choice: {
        const bool agrees = pref && pref->alternative == v.alternative;
        if (agrees) {
            score->agreements++;
        }
        if (v.alternative >= 0 && v.alternative < node.children.size() && !v.items.isEmpty()) {
            scoreFit(node.children[v.alternative], v.items[0],
                     agrees && !pref->items.isEmpty() ? &pref->items[0] : nullptr, score);
        }
        break;
    }
    case Kind::Repeat:
        for (const UsageValue& item : v.items) {
            scoreFit(node.children[0], item,
                     pref && !pref->items.isEmpty() ? &pref->items[0] : nullptr, score);
        }
        break;
    }
}

} // namespace

UsageValue emptyUsageValue(const UsageNode& node) {
    UsageValue v;
    switch (node.kind) {
    case Kind::Word:
        break;
    case Kind::Sequence:
        for (const UsageNode& child : node.children) {
            v.items.append(emptyUsageValue(child));
        }
        break;
    case Kind::Optional:
    case Kind::Choice:
    case Kind::Repeat:
        if (!node.children.isEmpty()) {
            v.items.append(emptyUsageValue(node.children[0]));
        }
        break;
    }
    return v;
}

QStringList usageWords(const UsageNode& node, const UsageValue& value) {
    QStringList out;
    switch (node.kind) {
    case Kind::Word:
        if (value.present) {
            out << (node.literal ? node.text : value.word);
        }
        break;
    case Kind::Sequence:
        for (int i = 0; i < node.children.size() && i < value.items.size(); ++i) {
            out += usageWords(node.children[i], value.items[i]);
        }
        break;
    case Kind::Optional:
        if (value.present && !node.children.isEmpty() && !value.items.isEmpty()) {
            out += usageWords(node.children[0], value.items[0]);
        }
        break;
    case Kind::Choice:
        if (value.alternative >= 0 && value.alternative < node.children.size() &&
            !value.items.isEmpty()) {
            out += usageWords(node.children[value.alternative], value.items[0]);
        }
        break;
    case Kind::Repeat:
        if (!node.children.isEmpty()) {
            for (const UsageValue& item : value.items) {
                out += usageWords(node.children[0], item);
            }
        }
        break;
    }
    return out;
}

bool matchUsage(const UsageNode& node, const QStringList& arguments, UsageValue* value,
                const UsageValue* preferred) {
    if (arguments.size() > maxMatchArguments) {
        return false;
    }
    // Every fit is scored; the best wins: fewest required words missing, then most literal
    // words taken by literals ("-generate" as the flag, not as one of OPTIONS...), then most
    // choices as the user had them, then the first found.
    Matcher matcher(arguments);
    bool found = false;
    FitScore best;
    matcher.match(node, preferred, 0, [&](int pos, UsageValue v) {
        if (pos != int(arguments.size())) {
            return false;
        }
        FitScore score;
        scoreFit(node, v, preferred, &score);
        if (!found || score.better(best)) {
            found = true;
            best = score;
            *value = std::move(v);
        }
        return false; // keep looking, up to the search's bound
    });
    return found;
}

QStringList splitArgumentLine(const QString& line) {
    QStringList args;
    QString word;
    bool quoted = false; // the current word had quotes, so it is a word even when empty
    bool inQuote = false;
    int quotes = 0;
    for (QChar c : line) {
        if (c == QLatin1Char('"')) {
            quoted = true;
            if (++quotes == 3) {
                quotes = 0;
                word += c;
            }
            continue;
        }
        if (quotes == 1) {
            inQuote = !inQuote;
        }
        quotes = 0;
        if (!inQuote && c.isSpace()) {
            if (!word.isEmpty() || quoted) {
                args << word;
            }
            word.clear();
            quoted = false;
        } else {
            word += c;
        }
    }
    if (!word.isEmpty() || quoted) {
        args << word;
    }
    return args;
}

QString joinArgumentLine(const QStringList& arguments) {
    QStringList words;
    for (const QString& argument : arguments) {
        QString w = argument;
        w.replace(QLatin1String("\""), QLatin1String("\"\"\""));
        bool space = argument.isEmpty();
        for (QChar c : argument) {
            space = space || c.isSpace();
        }
        words << (space ? QLatin1Char('"') + w + QLatin1Char('"') : w);
    }
    return words.join(QLatin1Char(' '));
}

} // namespace vigil::ui
