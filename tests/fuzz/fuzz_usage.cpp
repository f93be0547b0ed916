// Fuzzes the console's reading of `list-commands` replies (parseCommandList), of usage
// synopses (the usage grammar behind commandFromUsage) and of argument lines: any text a control
// socket returns must parse without crashing into commands with sane argument bounds, and the
// commands printed back in OVS's layout ("  %-23s %s") must parse to the same commands. The
// first line of the input is also read as a synopsis: its tree has clean labels and ordered
// bounds, an empty form gives no words, and words that fit the tree come back out of it
// unchanged. The rest of the input, as an argument line and as lines taken for words, checks
// that the line's quoting round-trips.
#include "fuzz_common.h"

#include "services/target_registry.h"
#include "services/usage_grammar.h"

using vigil::ui::CommandInfo;
using vigil::ui::UsageGrammar;
using vigil::ui::UsageNode;
using vigil::ui::UsageValue;
using vigil_fuzz::check;

namespace {

void check_bounds(const CommandInfo& c) {
    check(c.minArgs >= 0, "minArgs is not negative");
    check(c.maxArgs == -1 || c.maxArgs >= c.minArgs, "maxArgs is unbounded or >= minArgs");
}

QString render(const QList<CommandInfo>& commands) {
    QString text = QStringLiteral("The available commands are:\n");
    for (const CommandInfo& c : commands) {
        text += QStringLiteral("  ") + c.name.leftJustified(23) + QLatin1Char(' ') + c.usage +
                QLatin1Char('\n');
    }
    return text;
}

void check_labels(const UsageNode& node) {
    if (node.kind == UsageNode::Kind::Word) {
        check(!node.label.isEmpty(), "a word has a label");
        for (QChar c : node.label) {
            check(!QStringLiteral("[]{}|<>").contains(c), "a label has no grammar punctuation");
        }
        check(!node.label.endsWith(QLatin1String("...")), "a label has no trailing ...");
    }
    check(node.kind != UsageNode::Kind::Optional || node.children.size() == 1,
          "an optional group has one child");
    check(node.kind != UsageNode::Kind::Repeat || node.children.size() == 1,
          "a repetition has one child");
    check(node.kind != UsageNode::Kind::Choice || node.children.size() >= 2,
          "a choice has alternatives");
    for (const UsageNode& child : node.children) {
        check_labels(child);
    }
}

void check_grammar(const QString& usage, const QStringList& words) {
    const UsageGrammar g = vigil::ui::parseUsage(usage);
    check(g.minArgs >= 0, "grammar minArgs is not negative");
    check(g.maxArgs == -1 || g.maxArgs >= g.minArgs, "grammar maxArgs is unbounded or >= min");
    check(g.freeForm == !g.error.isEmpty(), "a free-form tree says why");
    check(g.root.kind == UsageNode::Kind::Sequence, "the root is a sequence");
    check_labels(g.root);
    const CommandInfo c = vigil::ui::commandFromUsage(QStringLiteral("cmd"), usage);
    check(c.minArgs == g.minArgs && c.maxArgs == g.maxArgs, "commandFromUsage uses the grammar");
    (void)vigil::ui::describeUsageTree(g.root);
    check(vigil::ui::usageWords(g.root, vigil::ui::emptyUsageValue(g.root)).isEmpty(),
          "an empty form gives no words");
    UsageValue v;
    if (vigil::ui::matchUsage(g.root, words, &v)) {
        check(vigil::ui::usageWords(g.root, v) == words, "words that fit come back unchanged");
    }
    // (The matcher takes at most 256 words: a longer line is sent as typed.)
    check(!g.freeForm || words.size() > 256 || vigil::ui::matchUsage(g.root, words, &v),
          "any words fit a free-form tree");
}

void check_line(const QString& text) {
    // The text as a line: splitting is stable through joining.
    const QStringList split = vigil::ui::splitArgumentLine(text);
    check(vigil::ui::splitArgumentLine(vigil::ui::joinArgumentLine(split)) == split,
          "a split line joins and splits to the same words");
    // Its lines as words (any characters, empty ones too).
    const QStringList words = text.split(QLatin1Char('\n'));
    check(vigil::ui::splitArgumentLine(vigil::ui::joinArgumentLine(words)) == words,
          "joined words split back unchanged");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const QList<CommandInfo> commands = vigil::ui::parseCommandList(text);
    for (const CommandInfo& c : commands) {
        check(!c.name.isEmpty(), "a parsed command has a name");
        check_bounds(c);
    }
    const QList<CommandInfo> again = vigil::ui::parseCommandList(render(commands));
    check(again == commands, "list-commands text printed back parses to the same commands");

    // The whole input as one usage text.
    check_bounds(vigil::ui::commandFromUsage(QStringLiteral("cmd"), text));

    // The first line as a synopsis, the rest as the words of a call.
    const qsizetype newline = text.indexOf(QLatin1Char('\n'));
    const QString usage = newline < 0 ? text : text.left(newline);
    const QString rest = newline < 0 ? QString() : text.mid(newline + 1);
    check_grammar(usage, vigil::ui::splitArgumentLine(rest));
    check_line(rest);
    return 0;
}
