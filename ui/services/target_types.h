// The value types of control targets and their commands: what a target is (TargetInfo,
// TargetKind) and what `list-commands` says a command takes (CommandInfo), with the parsers
// that read them. Kept apart from TargetRegistry so that models and views include only this.
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>

namespace vigil::ui {

enum class TargetKind {
    Daemon,     // supervised by the console (or adopted)
    Discovered, // a socket found in a run directory
    Added,      // a socket the user added by path
    Remote,     // a socket found on another host, reached through its ssh master
};

// Returns "daemon", "discovered", "added" or "remote".
QString targetKindName(TargetKind kind);

// One control command as `list-commands` describes it.
struct CommandInfo {
    QString name;
    QString usage;   // the argument synopsis, e.g. "[SEQNO]" or "NAME PROGRAM [ARG...]"
    int minArgs = 0; // a lower bound derived from the usage (see usage_grammar.h); a hint only
    int maxArgs = 0; // the most words the usage describes; -1 when unbounded

    friend bool operator==(const CommandInfo&, const CommandInfo&) = default;
};

// Describes the command `name` from its usage text, with the argument bounds that
// parseUsage() derives from OVS's synopsis grammar (a usage it cannot read gives 0..unbounded).
// The bounds are hints: OVS does not publish arity, the daemon judges it.
CommandInfo commandFromUsage(const QString& name, const QString& usage);

// Parses the text of `list-commands` ("The available commands are:\n  name  usage\n...").
// Lines that are not command lines are skipped; returns the commands in the listed order.
QList<CommandInfo> parseCommandList(const QString& text);

struct TargetInfo {
    QString name;       // what `-t` takes for it; unique within the registry
    QString socketPath; // absolute path (or an exec: stream); empty when not reachable now
    TargetKind kind = TargetKind::Discovered;
    QString daemon; // the supervisor's name for Daemon targets
    QString host;   // Remote targets: the console's name of their host
    // Remote targets: why the target cannot be reached now (its host is down, the login user
    // may not open the socket); socketPath is then empty.
    QString error;

    friend bool operator==(const TargetInfo&, const TargetInfo&) = default;
};

} // namespace vigil::ui

Q_DECLARE_METATYPE(vigil::ui::CommandInfo)
Q_DECLARE_METATYPE(vigil::ui::TargetInfo)
