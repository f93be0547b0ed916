#include "services/supervisor_client.h"

#include "services/supervisor_json.h"
#include "services/unixctl_call.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>
#include <algorithm>

namespace vigil::ui {

namespace {

constexpr int minRetryMs = 100;
constexpr int maxRetryMs = 2000;
constexpr int snapshotTimeoutMs = 10000;
// The service answers a wait after 30 s at the latest; silence beyond that means it is gone.
constexpr int waitTimeoutMs = 40000;

QString historyKey(const HistoryEntry& h) {
    return QStringLiteral("%1|%2|%3")
        .arg(h.time.toMSecsSinceEpoch())
        .arg(historyEventName(h.event), h.detail);
}

QString lineKey(const LogLine& l) {
    return QStringLiteral("%1|%2").arg(l.seq).arg(l.time.toMSecsSinceEpoch());
}

// The snapshot fields a daemonChanged() is about: everything but CPU and memory.
bool sameState(DaemonStatus a, const DaemonStatus& b) {
    a.cpuPercent = b.cpuPercent;
    a.rssBytes = b.rssBytes;
    return a == b;
}

std::optional<DaemonDefinition> definitionFrom(const QJsonValue& v) {
    return v.isObject() ? DaemonDefinition::fromJson(v.toObject()) : std::nullopt;
}

} // namespace

SupervisorClient::SupervisorClient(const QString& controlSocket, QObject* parent)
    : Supervisor(parent), socket_(controlSocket), retryTimer_(new QTimer(this)) {
    retryTimer_->setSingleShot(true);
    connect(retryTimer_, &QTimer::timeout, this, &SupervisorClient::takeSnapshot);
}

SupervisorClient::~SupervisorClient() = default;

void SupervisorClient::setSocketResolver(SocketResolver resolver) {
    resolver_ = std::move(resolver);
}

void SupervisorClient::setSocketPath(const QString& controlSocket) {
    socket_ = controlSocket;
    if (started_) {
        takeSnapshot();
    }
}

void SupervisorClient::start() {
    if (started_) {
        return;
    }
    started_ = true;
    takeSnapshot();
}

SupervisorClient::Mirrored* SupervisorClient::find(const QString& name) {
    auto it = std::find_if(mirror_.begin(), mirror_.end(),
                           [&](const Mirrored& m) { return m.status.name == name; });
    return it == mirror_.end() ? nullptr : &*it;
}

const SupervisorClient::Mirrored* SupervisorClient::find(const QString& name) const {
    return const_cast<SupervisorClient*>(this)->find(name);
}

void SupervisorClient::takeSnapshot() {
    retryTimer_->stop();
    if (resolver_) {
        const QString resolved = resolver_();
        if (!resolved.isEmpty()) {
            socket_ = resolved;
        }
    }
    const quint64 generation = ++generation_;
    requestCount_++;
    snapshotCount_++;
    unixctlCall(this, socket_, QStringLiteral("daemon/snapshot"), {},
                UnixctlCallOptions{true, snapshotTimeoutMs},
                [this, generation](const UnixctlResult& r) {
                    if (generation == generation_) {
                        onSnapshot(r);
                    }
                });
}

void SupervisorClient::onSnapshot(const UnixctlResult& r) {
    if (!r.ok || !r.json.isObject()) {
        lost(r.ok ? QStringLiteral("daemon/snapshot: not a JSON object") : r.error);
        return;
    }
    retryDelayMs_ = 0;
    lastError_.clear();
    applySnapshot(r.json.toObject());
    setConnected(true);
    waitForChanges();
}

void SupervisorClient::waitForChanges() {
    const quint64 generation = generation_;
    requestCount_++;
    unixctlCall(this, socket_, QStringLiteral("daemon/wait"), {QString::number(seqno_), epoch_},
                UnixctlCallOptions{true, waitTimeoutMs},
                [this, generation](const UnixctlResult& r) {
                    if (generation == generation_) {
                        onWait(r);
                    }
                });
}

void SupervisorClient::onWait(const UnixctlResult& r) {
    if (!r.ok || !r.json.isObject()) {
        lost(r.ok ? QStringLiteral("daemon/wait: not a JSON object") : r.error);
        return;
    }
    const QJsonObject reply = r.json.toObject();
    if (reply.value(QLatin1String("reset")).toBool()) {
        // Events were missed (or this is another service): start over from a snapshot.
        takeSnapshot();
        return;
    }
    for (const QJsonValue& e : reply.value(QLatin1String("events")).toArray()) {
        applyEvent(e.toObject());
    }
    seqno_ = quint64(reply.value(QLatin1String("seqno")).toInteger(qint64(seqno_)));
    waitForChanges();
}

void SupervisorClient::lost(const QString& why) {
    lastError_ = why;
    setConnected(false);
    // No reply to an older request may act once the next snapshot is being asked for.
    generation_++;
    retryDelayMs_ = retryDelayMs_ == 0 ? minRetryMs : std::min(retryDelayMs_ * 2, maxRetryMs);
    retryTimer_->start(retryDelayMs_);
}

void SupervisorClient::setConnected(bool connected) {
    if (connected_ != connected) {
        connected_ = connected;
        Q_EMIT connectedChanged(connected);
    }
}

void SupervisorClient::applySnapshot(const QJsonObject& reply) {
    const QString epoch = reply.value(QLatin1String("epoch")).toString();
    const bool sameEpoch = epoch == epoch_;
    std::vector<Mirrored> fresh;
    for (const QJsonValue& v : reply.value(QLatin1String("daemons")).toArray()) {
        const QJsonObject o = v.toObject();
        std::optional<DaemonStatus> status = daemonStatusFromJson(o);
        if (!status) {
            continue;
        }
        Mirrored m{*status, definitionFrom(o.value(QLatin1String("definition"))), {}, {}};
        for (const QJsonValue& h : o.value(QLatin1String("history")).toArray()) {
            if (std::optional<HistoryEntry> entry = historyEntryFromJson(h.toObject())) {
                m.history << *entry;
            }
        }
        for (const QJsonValue& l : o.value(QLatin1String("output")).toArray()) {
            if (std::optional<LogLine> line = logLineFromJson(l.toObject())) {
                m.output << *line;
            }
        }
        fresh.push_back(std::move(m));
    }

    // Work out every signal first, then swap the mirror in, so that each slot sees the mirror
    // as the service is now.
    QStringList removed, added, changed;
    QList<std::pair<QString, HistoryEntry>> newHistory;
    QList<std::pair<QString, LogLine>> newOutput;
    bool samplesChanged = false;
    for (const Mirrored& old : mirror_) {
        if (std::none_of(fresh.begin(), fresh.end(),
                         [&](const Mirrored& m) { return m.status.name == old.status.name; })) {
            removed << old.status.name;
        }
    }
    for (const Mirrored& m : fresh) {
        const QString& name = m.status.name;
        const Mirrored* old = find(name);
        if (!old) {
            added << name;
            continue;
        }
        if (!sameState(old->status, m.status) || old->definition != m.definition) {
            changed << name;
        }
        samplesChanged = samplesChanged || old->status.cpuPercent != m.status.cpuPercent ||
                         old->status.rssBytes != m.status.rssBytes;
        QSet<QString> seen;
        for (const HistoryEntry& h : old->history) {
            seen.insert(historyKey(h));
        }
        for (const HistoryEntry& h : m.history) {
            if (!seen.contains(historyKey(h))) {
                newHistory.append({name, h});
            }
        }
        // Line numbers only compare within one epoch; across a restart, compare lines.
        const quint64 lastSeq = old->output.isEmpty() ? 0 : old->output.last().seq;
        QSet<QString> seenLines;
        if (!sameEpoch) {
            for (const LogLine& l : old->output) {
                seenLines.insert(lineKey(l));
            }
        }
        for (const LogLine& l : m.output) {
            if (sameEpoch ? l.seq > lastSeq : !seenLines.contains(lineKey(l))) {
                newOutput.append({name, l});
            }
        }
    }
    mirror_ = std::move(fresh);
    epoch_ = epoch;
    seqno_ = quint64(reply.value(QLatin1String("seqno")).toInteger());

    for (const QString& name : removed) {
        Q_EMIT daemonRemoved(name);
    }
    for (const QString& name : added) {
        Q_EMIT daemonAdded(name);
    }
    for (const QString& name : changed) {
        Q_EMIT daemonChanged(name);
    }
    for (const auto& [name, entry] : newHistory) {
        Q_EMIT historyAppended(name, entry);
    }
    for (const auto& [name, line] : newOutput) {
        Q_EMIT outputAppended(name, line);
    }
    if (samplesChanged) {
        Q_EMIT samplesUpdated();
    }
}

void SupervisorClient::applyEvent(const QJsonObject& e) {
    const QString type = e.value(QLatin1String("type")).toString();
    const QString name = e.value(QLatin1String("name")).toString();
    if (type == QLatin1String("daemon")) {
        applyDaemon(e.value(QLatin1String("daemon")).toObject());
    } else if (type == QLatin1String("removed")) {
        auto it = std::find_if(mirror_.begin(), mirror_.end(),
                               [&](const Mirrored& m) { return m.status.name == name; });
        if (it != mirror_.end()) {
            mirror_.erase(it);
            Q_EMIT daemonRemoved(name);
        }
    } else if (type == QLatin1String("history")) {
        Mirrored* m = find(name);
        std::optional<HistoryEntry> entry =
            historyEntryFromJson(e.value(QLatin1String("entry")).toObject());
        if (m && entry) {
            m->history << *entry;
            if (m->history.size() > maxHistoryEntries) {
                m->history.remove(0, m->history.size() - maxHistoryEntries);
            }
            Q_EMIT historyAppended(name, *entry);
        }
    } else if (type == QLatin1String("output")) {
        Mirrored* m = find(name);
        std::optional<LogLine> line = logLineFromJson(e.value(QLatin1String("line")).toObject());
        if (m && line) {
            appendOutput(*m, *line);
            Q_EMIT outputAppended(name, *line);
        }
    } else if (type == QLatin1String("failed")) {
        if (find(name)) {
            Q_EMIT daemonFailed(name);
        }
    } else if (type == QLatin1String("samples")) {
        for (const QJsonValue& v : e.value(QLatin1String("samples")).toArray()) {
            const QJsonObject s = v.toObject();
            if (Mirrored* m = find(s.value(QLatin1String("name")).toString())) {
                m->status.cpuPercent = s.value(QLatin1String("cpu_percent")).toDouble(-1);
                m->status.rssBytes = s.value(QLatin1String("rss_bytes")).toInteger(-1);
            }
        }
        Q_EMIT samplesUpdated();
    } else if (type == QLatin1String("all_stopped")) {
        Q_EMIT allStopped();
    }
}

void SupervisorClient::applyDaemon(const QJsonObject& o) {
    std::optional<DaemonStatus> status = daemonStatusFromJson(o);
    if (!status) {
        return;
    }
    std::optional<DaemonDefinition> def = definitionFrom(o.value(QLatin1String("definition")));
    Mirrored* m = find(status->name);
    if (!m) {
        mirror_.push_back(Mirrored{*status, std::move(def), {}, {}});
        Q_EMIT daemonAdded(status->name);
        return;
    }
    // The feed's daemon events carry no samples; those come in samples events.
    status->cpuPercent = m->status.cpuPercent;
    status->rssBytes = m->status.rssBytes;
    if (m->status == *status && m->definition == def) {
        return;
    }
    m->status = *status;
    m->definition = std::move(def);
    // A smaller output bound applies at once, as in LocalSupervisor::update().
    const int bound = m->definition ? m->definition->outputLines : DaemonDefinition().outputLines;
    if (m->output.size() > bound) {
        m->output.remove(0, m->output.size() - std::max(bound, 0));
    }
    Q_EMIT daemonChanged(status->name);
}

void SupervisorClient::appendOutput(Mirrored& m, const LogLine& line) {
    const int bound = m.definition ? m.definition->outputLines : DaemonDefinition().outputLines;
    m.output << line;
    if (m.output.size() > bound) {
        m.output.remove(0, m.output.size() - std::max(bound, 0));
    }
}

bool SupervisorClient::send(const QString& command, const QStringList& arguments, int timeoutMs) {
    requestCount_++;
    unixctlCall(this, socket_, command, arguments, UnixctlCallOptions{false, timeoutMs},
                [this, command](const UnixctlResult& r) {
                    if (!r.ok) {
                        Q_EMIT requestFailed(QStringLiteral("%1: %2").arg(command, r.error));
                    }
                });
    return true;
}

namespace {

bool refuse(QString* error, const QString& why) {
    if (error) {
        *error = why;
    }
    return false;
}

QString compactJson(const DaemonDefinition& def) {
    return QString::fromUtf8(QJsonDocument(def.toJson()).toJson(QJsonDocument::Compact));
}

} // namespace

bool SupervisorClient::add(const DaemonDefinition& definition, QString* error) {
    if (QString problem = definition.validate(); !problem.isEmpty()) {
        return refuse(error, problem);
    }
    if (find(definition.name)) {
        return refuse(error,
                      QStringLiteral("a daemon named \"%1\" already exists").arg(definition.name));
    }
    return send(QStringLiteral("daemon/define"), {compactJson(definition)});
}

bool SupervisorClient::update(const DaemonDefinition& definition, QString* error) {
    if (QString problem = definition.validate(); !problem.isEmpty()) {
        return refuse(error, problem);
    }
    const Mirrored* m = find(definition.name);
    if (!m) {
        return refuse(error, QStringLiteral("no daemon named \"%1\"").arg(definition.name));
    }
    if (m->status.adopted) {
        return refuse(
            error, QStringLiteral("\"%1\" is adopted; it has no definition").arg(definition.name));
    }
    return send(QStringLiteral("daemon/redefine"), {compactJson(definition)});
}

bool SupervisorClient::remove(const QString& name) {
    return find(name) && send(QStringLiteral("daemon/remove"), {name});
}

bool SupervisorClient::start(const QString& name) {
    const Mirrored* m = find(name);
    return m && !m->status.adopted && send(QStringLiteral("daemon/start"), {name});
}

bool SupervisorClient::stop(const QString& name) {
    return find(name) && send(QStringLiteral("daemon/stop"), {name});
}

bool SupervisorClient::restart(const QString& name) {
    const Mirrored* m = find(name);
    return m && !m->status.adopted && send(QStringLiteral("daemon/restart"), {name});
}

bool SupervisorClient::resetFailures(const QString& name) {
    return find(name) && send(QStringLiteral("daemon/reset"), {name});
}

void SupervisorClient::requestExit(std::function<void()> done) {
    ++requestCount_;
    unixctlCall(this, socket_, QStringLiteral("exit"), {}, UnixctlCallOptions{false, 5000},
                [done = std::move(done)](const UnixctlResult&) { done(); });
}

void SupervisorClient::stopAll() {
    // The reply comes once everything has stopped; allStopped() itself arrives through the
    // feed, so that every client sees it.
    send(QStringLiteral("daemon/stop-all"), {}, -1);
}

std::optional<DaemonDefinition> SupervisorClient::definition(const QString& name) const {
    const Mirrored* m = find(name);
    return m && !m->status.adopted ? m->definition : std::nullopt;
}

QList<DaemonStatus> SupervisorClient::daemons() const {
    QList<DaemonStatus> result;
    for (const Mirrored& m : mirror_) {
        result << m.status;
    }
    return result;
}

std::optional<DaemonStatus> SupervisorClient::status(const QString& name) const {
    const Mirrored* m = find(name);
    return m ? std::optional<DaemonStatus>(m->status) : std::nullopt;
}

QList<HistoryEntry> SupervisorClient::history(const QString& name) const {
    const Mirrored* m = find(name);
    return m ? m->history : QList<HistoryEntry>();
}

QList<LogLine> SupervisorClient::output(const QString& name) const {
    const Mirrored* m = find(name);
    return m ? m->output : QList<LogLine>();
}

} // namespace vigil::ui
