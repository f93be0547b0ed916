// The grammar of Open vSwitch's usage synopses (what `list-commands` prints after a command's
// name, e.g. "{[dp_name] odp_flow | bridge br_flow} [OPTIONS...] [-generate|packet]"), read into
// a small tree that the console derives argument bounds and command forms from, plus the
// quoting of the free-form argument line.
//
// The synopsis language, as OVS's commands write it:
//   word            a placeholder the user fills ("bridge", "COUNTER", "<size>", "zone=N",
//                   "PATTERN:destination:pattern"); angle brackets are dropped from labels.
//   -x, --long      a literal flag (a word starting with '-' and a letter or a second '-').
//   [items]         an optional group, nested freely ("[DP [PORT]]").
//   {a b | c}       a required choice among sequences; '|' with spaces around it separates
//                   the alternatives of the innermost group (or of the whole synopsis).
//   a|b|c           a bare choice among adjacent items ("on|off", "-e|-ne", "-generate|packet");
//                   when no alternative is a flag the words are literal keywords ("on|off",
//                   "normal|false|true"), otherwise the non-flag words are placeholders.
//   item...         one or more of item ("iface...", "[module]...", "[zone=N,limit=L]...");
//                   "..." may also stand alone after the item it repeats.
//   zone=N1[,N2]... a word that starts with anything but a bracket keeps the brackets inside
//                   it as its text (one field, labelled "zone=N1,N2", repeated by the "...").
// A synopsis that cannot be read (unbalanced or mismatched brackets or braces, a "..." or '|'
// with nothing before it, more than 4096 characters or 32 levels of nesting) yields a
// free-form tree: one placeholder that takes any number of words.
//
// Bounds. OVS registers each command with a minimum and maximum argument count but does not
// publish them, so the daemon alone judges arity; the console derives hints and never refuses a
// call because of them:
//   minArgs is a lower bound, never above what OVS really requires; where the synopsis is
//     unsure it counts lower: placeholders count 1, flags 0 (a flag is optional by nature:
//     `tnl/ports/show -v` takes 0..1), optional groups 0, a choice the smallest of its
//     alternatives, and a choice whose alternatives are all single words 0 (a mode or a setting
//     with a default: `dpif-netdev/pmd-perf-log-set on|off ...` takes 0 to 10, `vlog/set
//     {spec | PATTERN:destination:pattern}` 0 or more);
//   maxArgs is the most words the synopsis describes, -1 when unbounded (a "..."); a braced
//     choice whose alternatives are all single words is a setting OVS reads as a list (vlog/set
//     and dpdk/log-set take any number) and is unbounded. Daemons may accept more than their
//     synopsis shows (`ovsdb-server/compact` prints no synopsis and takes one optional DB).
// Three OVS 3.1 synopses state more than their commands require, and no grammar rule can see it:
// `tnl/egress_port_range min max` (with no arguments it shows the range: 0..2); in DPDK builds,
// `netdev-dpdk/detach pci address of device` (four words for one: 1..1); ovsdb-server's test
// command `cluster/failure-test FAILURE SCENARIO` (one word: 1..1). That is why the bounds stay
// hints.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace vigil::ui {

// One node of a usage tree.
struct UsageNode {
    enum class Kind {
        Word,     // text/label; literal for a flag or keyword, else a placeholder
        Sequence, // children in order
        Optional, // one child (a Sequence)
        Choice,   // children are the alternatives (each a Sequence); braced for {a | b}
        Repeat,   // one child, one or more times
    };
    Kind kind = Kind::Sequence;
    QString text;         // Word: as written in the synopsis (without a trailing "...")
    QString label;        // Word: the field label, without grammar punctuation
    bool literal = false; // Word: typed as is (a flag or keyword), not filled in
    bool braced = false;  // Choice: written {a | b}
    QList<UsageNode> children;

    friend bool operator==(const UsageNode&, const UsageNode&) = default;
};

// A synopsis read into its tree, with the bounds derived from it.
struct UsageGrammar {
    QString usage;         // the synopsis, trimmed
    UsageNode root;        // a Sequence
    bool freeForm = false; // the synopsis could not be read; root is one repeated word
    QString error;         // why, for a free-form tree
    int minArgs = 0;       // see the rules above
    int maxArgs = 0;       // -1 when unbounded
};

// Reads `usage` into its tree and bounds. Never fails: unreadable input yields a free-form tree
// with `error` saying what was wrong.
UsageGrammar parseUsage(const QString& usage);

// The lower bound of the words `node` stands for (see the rules above).
int usageMinArgs(const UsageNode& node);
// The upper bound of the words `node` stands for, -1 when unbounded.
int usageMaxArgs(const UsageNode& node);

// True for a choice whose alternatives are all single words ("on|off", "{spec | PATTERN}"):
// such a choice counts 0 toward minArgs and its fields are never required.
bool isSingleWordChoice(const UsageNode& node);

// Returns a field label for the synopsis word `word`: brackets, braces, bars and angle
// brackets removed, a trailing "..." dropped, "argument" when nothing is left.
QString usageLabel(const QString& word);

// A compact rendering of a tree for tests and diagnostics: words by label (literals marked
// with '='), "seq(...)", "opt(...)", "choice(a | b)", "rep(...)".
QString describeUsageTree(const UsageNode& node);

// The state of a form built from a tree, mirroring its shape: a Word's text and presence, a
// Sequence's items, an Optional's presence and its one item, a Choice's alternative and the
// chosen alternative's value, a Repeat's repetitions.
struct UsageValue {
    QString word;
    bool present = false;
    int alternative = 0;
    QList<UsageValue> items;

    friend bool operator==(const UsageValue&, const UsageValue&) = default;
};

// An empty value for `node` (nothing filled, first alternatives, one repetition).
UsageValue emptyUsageValue(const UsageNode& node);

// The argument words `value` stands for under `node`, in order. Placeholders left empty
// contribute nothing; so does an optional group that is not present.
QStringList usageWords(const UsageNode& node, const UsageValue& value);

// Fits `arguments` to the tree: returns true with the value in `*value` when every argument
// finds its place (required words may be left unfilled at the end, as while typing). Of all
// fits the best wins: fewest words missing, then most literals matched by literals, then most
// "key=value" words in "key=..." placeholders ("type=ovs" in "[type=..]"), then most choices
// as in `preferred` (the form's current state, when given), then the first found
// (optional groups taken, repetitions short). Returns false when the arguments do not fit,
// are more than 256, or the search reached a fixed bound before finding a fit.
bool matchUsage(const UsageNode& node, const QStringList& arguments, UsageValue* value,
                const UsageValue* preferred = nullptr);

// Splits an argument line as QProcess::splitCommand does (whitespace separates words, double
// quotes group them, three double quotes stand for one, backslashes are literal), except that
// a quoted empty word ("") is kept as an empty argument.
QStringList splitArgumentLine(const QString& line);
// Joins `arguments` into a line that splitArgumentLine() reads back as the same words: words
// with whitespace (or empty) are quoted, a double quote is written as three.
QString joinArgumentLine(const QStringList& arguments);

} // namespace vigil::ui
