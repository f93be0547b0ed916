#include "services/workspace.h"

#include "services/json_error_position.h"
#include "services/local_supervisor.h"
#include "services/supervisor.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSet>
#include <QStandardPaths>

namespace vigil::ui {

namespace {

bool readStrings(const QJsonObject& root, const char* key, QStringList& out, QString& error) {
    QJsonValue v = root.value(QLatin1String(key));
    out.clear();
    if (v.isUndefined() || v.isNull()) {
        return true;
    }
    if (!v.isArray()) {
        error = QStringLiteral("\"%1\" must be an array of strings").arg(QLatin1String(key));
        return false;
    }
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString()) {
            error = QStringLiteral("\"%1\" must be an array of strings").arg(QLatin1String(key));
            return false;
        }
        out << item.toString();
    }
    return true;
}

// Reads "hosts" (an array of host objects) and "ssh" (the program and extra arguments).
bool readHosts(const QJsonObject& root, QList<HostDefinition>& out, SshSettings& ssh,
               QString& error) {
    out.clear();
    ssh = SshSettings{};
    const QJsonValue v = root.value(QLatin1String("hosts"));
    if (!v.isUndefined() && !v.isNull()) {
        if (!v.isArray()) {
            error = QStringLiteral("\"hosts\" must be an array");
            return false;
        }
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); i++) {
            if (!array[i].isObject()) {
                error = QStringLiteral("hosts[%1] must be an object").arg(i);
                return false;
            }
            const QJsonObject o = array[i].toObject();
            HostDefinition h;
            h.name = o.value(QLatin1String("name")).toString();
            h.destination = o.value(QLatin1String("destination")).toString();
            QString why = hostNameProblem(h.name);
            if (why.isEmpty()) {
                why = hostDestinationProblem(h.destination);
            }
            if (why.isEmpty() && !readStrings(o, "run_directories", h.runDirectories, why)) {
                why = QStringLiteral("\"run_directories\" must be an array of strings");
            }
            for (const HostDefinition& other : std::as_const(out)) {
                if (why.isEmpty() && other.name == h.name) {
                    why = QStringLiteral("the name \"%1\" is used twice").arg(h.name);
                }
            }
            if (!why.isEmpty()) {
                error = QStringLiteral("hosts[%1]: %2").arg(i).arg(why);
                return false;
            }
            out << h;
        }
    }
    const QJsonValue s = root.value(QLatin1String("ssh"));
    if (s.isUndefined() || s.isNull()) {
        return true;
    }
    if (!s.isObject()) {
        error = QStringLiteral("\"ssh\" must be an object");
        return false;
    }
    QStringList program;
    if (!readStrings(s.toObject(), "program", program, error) ||
        !readStrings(s.toObject(), "arguments", ssh.extraArguments, error)) {
        error = QStringLiteral("ssh: ") + error;
        return false;
    }
    if (!program.isEmpty()) {
        ssh.program = program;
    }
    return true;
}

} // namespace

QString Workspace::defaultPath() {
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/workspace.json");
}

Workspace::Workspace(const QString& path) : path_(path) {}

bool Workspace::fail(const QString& message) {
    error_ = message;
    return false;
}

bool Workspace::load() {
    createdFromDefault_ = false;
    QFile file(path_);
    if (!file.exists()) {
        QFile builtin(builtinPath());
        if (!builtin.open(QIODevice::ReadOnly)) {
            return fail(
                QStringLiteral("%1: the built-in default workspace is missing").arg(builtinPath()));
        }
        if (!loadFromJson(builtin.readAll(), builtinPath())) {
            return false;
        }
        createdFromDefault_ = true;
        // The default is loaded either way; a failed save only means it is not persisted.
        return save();
    }
    if (!file.open(QIODevice::ReadOnly)) {
        return fail(QStringLiteral("%1: cannot read (%2)").arg(path_, file.errorString()));
    }
    return loadFromJson(file.readAll(), path_);
}

bool Workspace::loadFromJson(const QByteArray& json, const QString& origin) {
    QJsonParseError parseError;
    QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return fail(
            QStringLiteral("%1: %2: %3")
                .arg(origin, jsonErrorPosition(json, parseError.offset), parseError.errorString()));
    }
    if (!doc.isObject()) {
        return fail(QStringLiteral("%1: the document must be a JSON object").arg(origin));
    }
    QJsonObject root = doc.object();
    QJsonValue version = root.value(QLatin1String("version"));
    if (!version.isDouble() || version.toDouble() != formatVersion) {
        return fail(QStringLiteral("%1: \"version\" must be %2 (this console reads version %2)")
                        .arg(origin)
                        .arg(formatVersion));
    }

    QList<DaemonDefinition> newDaemons;
    QJsonValue list = root.value(QLatin1String("daemons"));
    if (!list.isUndefined() && !list.isNull() && !list.isArray()) {
        return fail(QStringLiteral("%1: \"daemons\" must be an array").arg(origin));
    }
    QSet<QString> seen;
    const QJsonArray array = list.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array[i].isObject()) {
            return fail(QStringLiteral("%1: daemons[%2] must be an object").arg(origin).arg(i));
        }
        QString why;
        auto def = DaemonDefinition::fromJson(array[i].toObject(), &why);
        if (!def) {
            return fail(QStringLiteral("%1: daemons[%2]: %3").arg(origin).arg(i).arg(why));
        }
        if (seen.contains(def->name)) {
            return fail(QStringLiteral("%1: daemons[%2]: the name \"%3\" is used twice")
                            .arg(origin)
                            .arg(i)
                            .arg(def->name));
        }
        seen.insert(def->name);
        newDaemons << *def;
    }

    QStringList newTargets;
    QStringList newSessions;
    QString why;
    if (!readStrings(root, "targets", newTargets, why) ||
        !readStrings(root, "sessions", newSessions, why)) {
        return fail(QStringLiteral("%1: %2").arg(origin, why));
    }
    QList<HostDefinition> newHosts;
    SshSettings newSsh;
    if (!readHosts(root, newHosts, newSsh, why)) {
        return fail(QStringLiteral("%1: %2").arg(origin, why));
    }

    hosts = newHosts;
    ssh = newSsh;
    daemons = newDaemons;
    targets = newTargets;
    sessions = newSessions;
    error_.clear();
    return true;
}

QByteArray Workspace::toJson() const {
    QJsonArray list;
    for (const DaemonDefinition& def : daemons) {
        list.append(def.toJson());
    }
    QJsonObject root{
        {"version", formatVersion},
        {"daemons", list},
        {"targets", QJsonArray::fromStringList(targets)},
        {"sessions", QJsonArray::fromStringList(sessions)},
    };
    if (!hosts.isEmpty()) {
        QJsonArray hostList;
        for (const HostDefinition& h : hosts) {
            QJsonObject o{{"name", h.name}, {"destination", h.destination}};
            if (!h.runDirectories.isEmpty()) {
                o.insert(QLatin1String("run_directories"),
                         QJsonArray::fromStringList(h.runDirectories));
            }
            hostList.append(o);
        }
        root.insert(QLatin1String("hosts"), hostList);
    }
    if (ssh != SshSettings{}) {
        root.insert(QLatin1String("ssh"),
                    QJsonObject{{"program", QJsonArray::fromStringList(ssh.program)},
                                {"arguments", QJsonArray::fromStringList(ssh.extraArguments)}});
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

bool Workspace::save() {
    QFileInfo info(path_);
    if (!QDir().mkpath(info.absolutePath())) {
        return fail(
            QStringLiteral("%1: cannot create directory %2").arg(path_, info.absolutePath()));
    }
    QSaveFile file(path_);
    if (!file.open(QIODevice::WriteOnly)) {
        return fail(QStringLiteral("%1: cannot write (%2)").arg(path_, file.errorString()));
    }
    QByteArray data = toJson();
    // QSaveFile buffers: a write that fails on disk (a full disk, a file size limit) only
    // shows at flush(), and commit() would still rename the short file over the old one.
    if (file.write(data) != data.size() || !file.flush() || file.error() != QFileDevice::NoError) {
        QString why = file.errorString();
        file.cancelWriting();
        return fail(QStringLiteral("%1: cannot write (%2)").arg(path_, why));
    }
    if (!file.commit()) {
        return fail(QStringLiteral("%1: cannot write (%2)").arg(path_, file.errorString()));
    }
    return true;
}

QStringList Workspace::applyTo(Supervisor& supervisor) const {
    QStringList problems;
    for (const DaemonDefinition& def : daemons) {
        QString why;
        bool ok = supervisor.definition(def.name) ? supervisor.update(def, &why)
                                                  : supervisor.add(def, &why);
        if (!ok) {
            problems << QStringLiteral("%1: %2").arg(def.name, why);
            continue;
        }
        // A daemon restored from the supervisor's journal keeps the desired state it had (one
        // the user stopped stays stopped across a supervisor restart).
        auto* local = qobject_cast<LocalSupervisor*>(&supervisor);
        if (def.autostart && !(local && local->restoredFromJournal(def.name))) {
            supervisor.start(def.name);
        }
    }
    return problems;
}

void Workspace::captureFrom(const Supervisor& supervisor) {
    daemons = supervisor.definitions();
}

} // namespace vigil::ui
