// The command palette's entries, built from the live services: every host of the fleet, every
// target (local and remote), every daemon, every command of every target whose commands are
// known, and every enabled action of the window's menus. The model shows the entries that match
// its query (see PaletteQuery), best first, at most maxResults of them.
//
// It keeps one list per source and rebuilds only a source that signalled a change (one target's
// commands when that target's list-commands arrives), and only while it is active (the palette
// is open): a fleet of hundreds of targets × ~150 commands changes often, and nobody needs the
// entries while the palette is closed. Matching runs when the query changes or a source did.
#pragma once

#include "models/palette_match.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <vector>

class QAction;
class QWidget;

namespace vigil::ui {

class Fleet;
class Supervisor;
class TargetRegistry;

enum class PaletteKind { Action, Host, Target, Daemon, Command };

// Returns "action", "host", "target", "daemon" or "command" (for ids; never translated).
QString paletteKindName(PaletteKind kind);

struct PaletteEntry {
    PaletteKind kind = PaletteKind::Action;
    QString id;       // stable: "KIND:NAME", commands "command:TARGET\nCOMMAND"
    QString title;    // the host, target, daemon or command name, or the action's text
    QString detail;   // where it lives: the host, the target and usage, the menu
    QString shortcut; // actions: their shortcut in the platform's notation
    QString name;     // what to select: the host, target or daemon; commands: their target
    QString command;  // commands: the command's name
    bool takesArguments = false; // commands: the usage allows at least one argument
    bool needsArguments = false; // commands: the usage requires at least one argument
    QPointer<QAction> action;    // actions: the action to trigger
    QString foldedTitle;         // title and detail in lower case, for matching
    QString foldedDetail;
};

class PaletteModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        KindRole = Qt::UserRole + 1, // int: PaletteKind
        IdRole,                      // QString: the entry's stable id
        DetailRole,                  // QString
        ShortcutRole,                // QString
        MatchPositionsRole,          // QList<int>: the title's characters the query matched
    };
    static constexpr int maxResults = 200;

    // Entries from `targets`, `supervisor` and `fleet` (none owned; each may be null) and from
    // the actions reachable from `actionRoot`'s actions and their menus (normally the window's
    // menu bar; may be null). The commands are those the registry already knows: the session
    // monitor asks every reachable target for its list, so the model never fetches one itself.
    PaletteModel(TargetRegistry* targets, Supervisor* supervisor, Fleet* fleet, QWidget* actionRoot,
                 QObject* parent = nullptr);
    ~PaletteModel() override;

    // The word shown for `kind` in the palette's list, translated ("Action", "Host", ...).
    static QString kindLabel(PaletteKind kind);

    // Leaves `action` out of the entries (the action that opens the palette has nothing to do
    // from inside it).
    void excludeAction(QAction* action);

    // While active the model follows its sources; inactive it only notes which changed.
    // Activating rebuilds what changed meanwhile (and the actions, whose enabled state has no
    // signal worth following) and matches again.
    void setActive(bool active);
    bool isActive() const { return active_; }

    // Matches the entries against `text` (see PaletteQuery) and shows the best.
    void setQuery(const QString& text);
    QString query() const { return queryText_; }

    // The entry shown in `row`; nullptr when out of range. Valid until the model next resets.
    const PaletteEntry* entry(int row) const;
    // The number of entries of every kind, matched or not (after the last rebuild).
    int entryCount() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    void markDirty(int sources);
    void rebuild();
    void rebuildHosts();
    void rebuildTargets();
    void rebuildDaemons();
    void rebuildActions();
    void rebuildCommands(const QString& target);
    void match();

    TargetRegistry* targets_;
    Supervisor* supervisor_;
    Fleet* fleet_;
    QPointer<QWidget> actionRoot_;
    QSet<QAction*> excludedActions_;
    bool active_ = false;
    int dirty_ = 0;               // the sources changed since the last rebuild
    QSet<QString> dirtyCommands_; // targets whose commands changed since then
    std::vector<PaletteEntry> hostEntries_, targetEntries_, daemonEntries_, actionEntries_;
    QHash<QString, std::vector<PaletteEntry>> commandEntries_; // by target
    QString queryText_;
    PaletteQuery query_;
    std::vector<const PaletteEntry*> results_;
    QTimer coalesce_; // one rebuild for a burst of changes
};

} // namespace vigil::ui
