#include "models/palette_model.h"

#include "services/fleet.h"
#include "services/supervisor.h"
#include "services/target_registry.h"

#include <QAction>
#include <QMenu>
#include <QWidget>
#include <algorithm>

namespace vigil::ui {

namespace {

enum Source { Hosts = 1, Targets = 2, Daemons = 4, Actions = 8, Commands = 16 };

PaletteEntry makeEntry(PaletteKind kind, const QString& key, const QString& title,
                       const QString& detail) {
    PaletteEntry e;
    e.kind = kind;
    e.id = paletteKindName(kind) + QLatin1Char(':') + key;
    e.title = title;
    e.detail = detail;
    e.foldedTitle = title.toLower();
    e.foldedDetail = detail.toLower();
    return e;
}

// An action's text as a menu shows it: without the mnemonic markers ("&Save" is "Save", "&&"
// stays one "&").
QString plainText(const QString& text) {
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == QLatin1Char('&')) {
            if (i + 1 < text.size() && text[i + 1] == QLatin1Char('&')) {
                out += QLatin1Char('&');
                ++i;
            }
            continue;
        }
        out += text[i];
    }
    return out;
}

// Adds an entry for every enabled, visible action among `actions` and in their menus (whose
// texts make up the entries' detail, "View › Appearance"); `seen` holds the actions already
// listed (or excluded), since one action may sit in several menus.
void collectActions(const QList<QAction*>& actions, const QString& path,
                    std::vector<PaletteEntry>& out, QSet<QAction*>& seen) {
    for (QAction* action : actions) {
        if (action->isSeparator() || !action->isVisible() || !action->isEnabled() ||
            seen.contains(action)) {
            continue;
        }
        seen.insert(action);
        const QString text = plainText(action->text());
        if (QMenu* menu = action->menu()) {
            collectActions(menu->actions(),
                           path.isEmpty() ? text : path + QStringLiteral(" › ") + text, out, seen);
            continue;
        }
        if (text.isEmpty()) {
            continue;
        }
        const QString key =
            action->objectName().isEmpty() ? path + QLatin1Char('/') + text : action->objectName();
        PaletteEntry e = makeEntry(PaletteKind::Action, key, text, path);
        e.shortcut = action->shortcut().toString(QKeySequence::NativeText);
        e.action = action;
        out.push_back(std::move(e));
    }
}

} // namespace

QString PaletteModel::kindLabel(PaletteKind kind) {
    switch (kind) {
    case PaletteKind::Action:
        return tr("Action");
    case PaletteKind::Host:
        return tr("Host");
    case PaletteKind::Target:
        return tr("Target");
    case PaletteKind::Daemon:
        return tr("Daemon");
    case PaletteKind::Command:
        return tr("Command");
    }
    return QString();
}

QString paletteKindName(PaletteKind kind) {
    switch (kind) {
    case PaletteKind::Action:
        return QStringLiteral("action");
    case PaletteKind::Host:
        return QStringLiteral("host");
    case PaletteKind::Target:
        return QStringLiteral("target");
    case PaletteKind::Daemon:
        return QStringLiteral("daemon");
    case PaletteKind::Command:
        return QStringLiteral("command");
    }
    return QString();
}

PaletteModel::PaletteModel(TargetRegistry* targets, Supervisor* supervisor, Fleet* fleet,
                           QWidget* actionRoot, QObject* parent)
    : QAbstractListModel(parent), targets_(targets), supervisor_(supervisor), fleet_(fleet),
      actionRoot_(actionRoot) {
    coalesce_.setSingleShot(true);
    coalesce_.setInterval(100);
    connect(&coalesce_, &QTimer::timeout, this, [this] {
        if (active_) {
            rebuild();
        }
    });
    if (targets_) {
        connect(targets_, &TargetRegistry::targetsChanged, this, [this] { markDirty(Targets); });
        connect(targets_, &TargetRegistry::commandsFetched, this, [this](const QString& target) {
            dirtyCommands_.insert(target);
            markDirty(Commands);
        });
    }
    if (supervisor_) {
        connect(supervisor_, &Supervisor::daemonAdded, this, [this] { markDirty(Daemons); });
        connect(supervisor_, &Supervisor::daemonRemoved, this, [this] { markDirty(Daemons); });
    }
    if (fleet_) {
        connect(fleet_, &Fleet::hostsChanged, this, [this] { markDirty(Hosts); });
    }
    dirty_ = Hosts | Targets | Daemons | Actions | Commands;
}

PaletteModel::~PaletteModel() = default;

void PaletteModel::excludeAction(QAction* action) {
    excludedActions_.insert(action);
    dirty_ |= Actions;
}

void PaletteModel::setActive(bool active) {
    active_ = active;
    if (active_) {
        // Action states (enabled, checked, texts) change without a signal the model follows.
        dirty_ |= Actions;
        rebuild();
    } else {
        coalesce_.stop();
    }
}

void PaletteModel::markDirty(int sources) {
    dirty_ |= sources;
    if (active_ && !coalesce_.isActive()) {
        coalesce_.start();
    }
}

void PaletteModel::setQuery(const QString& text) {
    if (text == queryText_ && dirty_ == 0) {
        return;
    }
    queryText_ = text;
    query_ = PaletteQuery(text);
    beginResetModel();
    match();
    endResetModel();
}

void PaletteModel::rebuild() {
    beginResetModel();
    // The results point into the lists about to be rebuilt.
    results_.clear();
    if (dirty_ & Hosts) {
        rebuildHosts();
    }
    if (dirty_ & Targets) {
        rebuildTargets();
    }
    if (dirty_ & Daemons) {
        rebuildDaemons();
    }
    if (dirty_ & Actions) {
        rebuildActions();
    }
    if (dirty_ & Commands) {
        const QSet<QString> changed = std::exchange(dirtyCommands_, {});
        for (const QString& target : changed) {
            rebuildCommands(target);
        }
    }
    dirty_ = 0;
    match();
    endResetModel();
}

void PaletteModel::rebuildHosts() {
    hostEntries_.clear();
    if (!fleet_) {
        return;
    }
    for (const HostInfo& host : fleet_->hosts()) {
        PaletteEntry e = makeEntry(PaletteKind::Host, host.definition.name, host.definition.name,
                                   host.definition.destination);
        e.name = host.definition.name;
        hostEntries_.push_back(std::move(e));
    }
}

void PaletteModel::rebuildTargets() {
    targetEntries_.clear();
    if (!targets_) {
        return;
    }
    QSet<QString> names;
    for (const TargetInfo& target : targets_->targets()) {
        names.insert(target.name);
        // A command's target may be any of them, but a supervised daemon's target is listed
        // once, as the daemon.
        if (target.kind != TargetKind::Daemon) {
            const QString detail = target.kind == TargetKind::Remote ? tr("on %1").arg(target.host)
                                                                     : target.socketPath;
            PaletteEntry e = makeEntry(PaletteKind::Target, target.name, target.name, detail);
            e.name = target.name;
            targetEntries_.push_back(std::move(e));
        }
        // A target seen for the first time may already have its commands (listed before the
        // model was built); one that was here keeps its commands until they change.
        if (!commandEntries_.contains(target.name) && targets_->commandsKnown(target.name)) {
            dirtyCommands_.insert(target.name);
            dirty_ |= Commands;
        }
    }
    for (auto it = commandEntries_.begin(); it != commandEntries_.end();) {
        it = names.contains(it.key()) ? std::next(it) : commandEntries_.erase(it);
    }
}

void PaletteModel::rebuildDaemons() {
    daemonEntries_.clear();
    if (!supervisor_) {
        return;
    }
    for (const QString& name : supervisor_->names()) {
        PaletteEntry e = makeEntry(PaletteKind::Daemon, name, name, tr("supervised daemon"));
        e.name = name;
        daemonEntries_.push_back(std::move(e));
    }
}

void PaletteModel::rebuildActions() {
    actionEntries_.clear();
    if (!actionRoot_) {
        return;
    }
    QSet<QAction*> seen = excludedActions_;
    collectActions(actionRoot_->actions(), QString(), actionEntries_, seen);
}

void PaletteModel::rebuildCommands(const QString& target) {
    if (!targets_ || !targets_->target(target)) {
        commandEntries_.remove(target);
        return;
    }
    std::vector<PaletteEntry>& entries = commandEntries_[target];
    entries.clear();
    const QList<CommandInfo> commands = targets_->commands(target);
    entries.reserve(size_t(commands.size()));
    for (const CommandInfo& command : commands) {
        const QString detail =
            command.usage.isEmpty() ? target : target + QStringLiteral("  ") + command.usage;
        PaletteEntry e = makeEntry(PaletteKind::Command, target + QLatin1Char('\n') + command.name,
                                   command.name, detail);
        e.name = target;
        e.command = command.name;
        e.takesArguments = command.maxArgs != 0;
        e.needsArguments = command.minArgs > 0;
        entries.push_back(std::move(e));
    }
}

void PaletteModel::match() {
    results_.clear();
    struct Scored {
        int score;
        qsizetype order; // the entry's place in the sources, which breaks ties
        const PaletteEntry* entry;
    };
    std::vector<Scored> scored;
    qsizetype order = 0;
    auto consider = [&](const std::vector<PaletteEntry>& entries) {
        for (const PaletteEntry& e : entries) {
            // No query: everything in the sources' order (actions first, commands last).
            if (query_.isEmpty()) {
                scored.push_back({0, order, &e});
            } else if (const std::optional<int> s = query_.score(e.foldedTitle, e.foldedDetail)) {
                scored.push_back({*s, order, &e});
            }
            ++order;
        }
    };
    consider(actionEntries_);
    consider(hostEntries_);
    consider(targetEntries_);
    consider(daemonEntries_);
    if (targets_) {
        // Commands in the registry's order of targets, so equal scores list them stably.
        for (const TargetInfo& target : targets_->targets()) {
            const auto it = commandEntries_.constFind(target.name);
            if (it != commandEntries_.cend()) {
                consider(*it);
            }
        }
    }
    // partial_sort is not stable, so the sources' order is part of the key: equal scores keep
    // it, and the list does not reshuffle between keystrokes.
    const auto better = [](const Scored& a, const Scored& b) {
        return a.score != b.score ? a.score > b.score : a.order < b.order;
    };
    const size_t shown = std::min<size_t>(scored.size(), maxResults);
    std::partial_sort(scored.begin(), scored.begin() + qsizetype(shown), scored.end(), better);
    results_.reserve(shown);
    for (size_t i = 0; i < shown; ++i) {
        results_.push_back(scored[i].entry);
    }
}

const PaletteEntry* PaletteModel::entry(int row) const {
    return row >= 0 && size_t(row) < results_.size() ? results_[size_t(row)] : nullptr;
}

int PaletteModel::entryCount() const {
    size_t n =
        hostEntries_.size() + targetEntries_.size() + daemonEntries_.size() + actionEntries_.size();
    for (const auto& entries : commandEntries_) {
        n += entries.size();
    }
    return int(n);
}

int PaletteModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(results_.size());
}

QVariant PaletteModel::data(const QModelIndex& index, int role) const {
    const PaletteEntry* e = index.isValid() ? entry(index.row()) : nullptr;
    if (!e) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return e->title;
    case Qt::ToolTipRole:
        return e->detail.isEmpty() ? e->title : e->title + QLatin1Char('\n') + e->detail;
    case Qt::AccessibleTextRole:
        return kindLabel(e->kind) + QLatin1Char(' ') + e->title +
               (e->detail.isEmpty() ? QString() : QStringLiteral(", ") + e->detail) +
               (e->shortcut.isEmpty() ? QString() : QStringLiteral(", ") + e->shortcut);
    case KindRole:
        return int(e->kind);
    case IdRole:
        return e->id;
    case DetailRole:
        return e->detail;
    case ShortcutRole:
        return e->shortcut;
    case MatchPositionsRole:
        return QVariant::fromValue(paletteMatchPositions(query_, e->title));
    default:
        return {};
    }
}

} // namespace vigil::ui
