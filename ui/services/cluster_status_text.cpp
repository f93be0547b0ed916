#include "services/cluster_status_text.h"

#include <QRegularExpression>
#include <QStringView>
#include <array>
#include <utility>

namespace vigil::ui {

namespace {

constexpr std::array<std::pair<ClusterRole, const char*>, 4> roleNames{{
    {ClusterRole::Unknown, "unknown"},
    {ClusterRole::Leader, "leader"},
    {ClusterRole::Follower, "follower"},
    {ClusterRole::Candidate, "candidate"},
}};

// A non-negative decimal number, or -1 for anything else (empty, signed, overflowing).
qint64 count(QStringView text) {
    text = text.trimmed();
    if (text.isEmpty() || !text.front().isDigit()) {
        return -1;
    }
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    return ok ? v : -1;
}

// The number at the start of `text` ("3094 ms ago" -> 3094), or -1.
qint64 leadingCount(QStringView text) {
    text = text.trimmed();
    qsizetype n = 0;
    while (n < text.size() && text[n].isDigit()) {
        n++;
    }
    return count(text.left(n));
}

// "3db7 (3db7b85c-bd4a-...)" -> {"3db7", "3db7b85c-bd4a-..."}; a bare word has no UUID.
std::pair<QString, QString> idAndUuid(QStringView value) {
    value = value.trimmed();
    const qsizetype open = value.indexOf(u'(');
    if (open < 0) {
        return {value.toString(), QString()};
    }
    const qsizetype close = value.indexOf(u')', open);
    const QStringView uuid =
        close < 0 ? value.mid(open + 1) : value.mid(open + 1, close - open - 1);
    return {value.left(open).trimmed().toString(), uuid.trimmed().toString()};
}

void parseElectionTimer(QStringView value, ClusterRaftStatus& s) {
    s.electionTimerMs = leadingCount(value);
    static const QRegularExpression changing(QStringLiteral("\\(changing to (\\d+)\\)"));
    const QRegularExpressionMatch m = changing.match(value.toString());
    if (m.hasMatch()) {
        s.electionTimerChangingToMs = count(m.capturedView(1));
    }
}

void parseLog(QStringView value, ClusterRaftStatus& s) {
    static const QRegularExpression range(
        QStringLiteral("^\\s*\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]"));
    const QRegularExpressionMatch m = range.match(value.toString());
    if (m.hasMatch()) {
        s.logStart = count(m.capturedView(1));
        s.logEnd = count(m.capturedView(2));
    }
}

// "Last Election started 3094 ms ago, reason: timeout"
void parseElectionStarted(QStringView rest, ClusterRaftStatus& s) {
    s.lastElectionStartedMs = leadingCount(rest);
    const qsizetype reason = rest.indexOf(QLatin1String("reason:"));
    if (reason >= 0) {
        s.lastElectionReason = rest.mid(reason + 7).trimmed().toString();
    }
}

QStringList words(QStringView value) {
    QStringList out;
    for (QStringView w : value.split(u' ', Qt::SkipEmptyParts)) {
        out << w.toString();
    }
    return out;
}

// Applies one "Key: value" line; returns false for a key it does not know.
bool applyField(QStringView key, QStringView value, ClusterRaftStatus& s) {
    const QStringView v = value.trimmed();
    if (key == QLatin1String("Name")) {
        s.database = v.toString();
    } else if (key == QLatin1String("Cluster ID")) {
        if (v != QLatin1String("not yet known")) {
            std::tie(s.clusterId, s.clusterUuid) = idAndUuid(v);
        }
    } else if (key == QLatin1String("Server ID")) {
        std::tie(s.serverId, s.serverUuid) = idAndUuid(v);
    } else if (key == QLatin1String("Address")) {
        s.address = v.toString();
    } else if (key == QLatin1String("Status")) {
        s.status = v.toString();
    } else if (key == QLatin1String("Remotes for joining")) {
        s.joinRemotes = words(v);
    } else if (key == QLatin1String("Role")) {
        s.role = clusterRoleFromName(v.toString());
    } else if (key == QLatin1String("Term")) {
        s.term = count(v);
    } else if (key == QLatin1String("Leader")) {
        s.leader = v.toString();
    } else if (key == QLatin1String("Vote")) {
        s.vote = v.toString();
    } else if (key == QLatin1String("Last Election won")) {
        s.lastElectionWonMs = leadingCount(v);
    } else if (key == QLatin1String("Election timer")) {
        parseElectionTimer(v, s);
    } else if (key == QLatin1String("Log")) {
        parseLog(v, s);
    } else if (key == QLatin1String("Entries not yet committed")) {
        s.uncommitted = count(v);
    } else if (key == QLatin1String("Entries not yet applied")) {
        s.unapplied = count(v);
    } else if (key == QLatin1String("Connections")) {
        s.connections = words(v);
    } else if (key == QLatin1String("Disconnections")) {
        s.disconnections = count(v);
    } else {
        return false;
    }
    return true;
}

} // namespace

QString clusterRoleName(ClusterRole role) {
    for (const auto& [r, name] : roleNames) {
        if (r == role) {
            return QString::fromLatin1(name);
        }
    }
    return QStringLiteral("unknown");
}

ClusterRole clusterRoleFromName(const QString& name) {
    const QString lower = name.trimmed().toLower();
    for (const auto& [r, n] : roleNames) {
        if (lower == QLatin1String(n)) {
            return r;
        }
    }
    return ClusterRole::Unknown;
}

QString ClusterRaftStatus::leaderId() const {
    if (leader == QLatin1String("self")) {
        return serverId;
    }
    if (leader.isEmpty() || leader == QLatin1String("unknown")) {
        return QString();
    }
    // OVS prints the leader's nickname: map it to the member's id when the two differ.
    for (const ClusterMember& m : members) {
        if (m.nickname == leader || m.id == leader) {
            return m.id;
        }
    }
    return leader;
}

QString ClusterRaftStatus::leaderAddress() const {
    if (leader == QLatin1String("self")) {
        return address;
    }
    const QString id = leaderId();
    if (id.isEmpty()) {
        return QString();
    }
    for (const ClusterMember& m : members) {
        if (m.id == id) {
            return m.address;
        }
    }
    return QString();
}

std::optional<ClusterMember> parseClusterMember(const QString& line) {
    static const QRegularExpression head(
        QStringLiteral("^\\s*(\\S+)\\s+\\((\\S+) at (\\S+)\\)(.*)$"));
    const QRegularExpressionMatch m = head.match(line);
    if (!m.hasMatch()) {
        return std::nullopt;
    }
    ClusterMember member;
    member.nickname = m.captured(1);
    member.id = m.captured(2);
    member.address = m.captured(3);
    const QString rest = m.captured(4);

    static const QRegularExpression group(QStringLiteral("\\(([^()]*)\\)"));
    for (auto it = group.globalMatch(rest); it.hasNext();) {
        const QString what = it.next().captured(1).trimmed();
        if (what == QLatin1String("self")) {
            member.self = true;
        } else if (what.startsWith(QLatin1String("voted for "))) {
            member.votedFor = what.mid(10).trimmed();
        } else if (!what.isEmpty() && member.phase.isEmpty()) {
            member.phase = what;
        }
    }
    static const QRegularExpression next(QStringLiteral("\\bnext_index=(\\d+)"));
    static const QRegularExpression match(QStringLiteral("\\bmatch_index=(\\d+)"));
    static const QRegularExpression lastMsg(QStringLiteral("\\blast msg (\\d+) ms ago"));
    if (auto n = next.match(rest); n.hasMatch()) {
        member.nextIndex = count(n.capturedView(1));
    }
    if (auto n = match.match(rest); n.hasMatch()) {
        member.matchIndex = count(n.capturedView(1));
    }
    if (auto n = lastMsg.match(rest); n.hasMatch()) {
        member.lastMsgMs = count(n.capturedView(1));
    }
    return member;
}

std::optional<ClusterRaftStatus> parseClusterStatus(const QString& text, QString* error) {
    ClusterRaftStatus s;
    bool identified = false; // a Name, Server ID or Role line was read
    bool inServers = false;
    bool first = true;
    for (QStringView raw : QStringView(text).split(u'\n')) {
        if (raw.endsWith(u'\r')) {
            raw.chop(1);
        }
        const QStringView line = raw.trimmed();
        if (line.isEmpty()) {
            first = false;
            continue;
        }
        const bool indented = raw.front().isSpace();
        if (inServers && indented) {
            if (s.members.size() < maxClusterMembers) {
                if (auto member = parseClusterMember(raw.toString())) {
                    s.members << *member;
                }
            }
            continue;
        }
        inServers = false;
        if (line == QLatin1String("Servers:")) {
            inServers = true;
            first = false;
            continue;
        }
        if (line.startsWith(QLatin1String("Last Election started"))) {
            parseElectionStarted(line.mid(21), s);
            first = false;
            continue;
        }
        if (line.startsWith(QLatin1String("Adding server ")) ||
            line.startsWith(QLatin1String("Removing server "))) {
            if (s.membershipChanges.size() < maxClusterMembers) {
                s.membershipChanges << line.toString();
            }
            first = false;
            continue;
        }
        const qsizetype colon = line.indexOf(u':');
        if (colon > 0) {
            const QStringView key = line.left(colon).trimmed();
            if (applyField(key, line.mid(colon + 1), s)) {
                if (key == QLatin1String("Name") || key == QLatin1String("Server ID") ||
                    key == QLatin1String("Role")) {
                    identified = true;
                }
                first = false;
                continue;
            }
        }
        // OVS starts with the local server's nickname alone on a line.
        if (first && colon < 0 && !line.contains(u' ')) {
            s.nickname = line.toString();
        }
        first = false;
    }
    if (!identified) {
        if (error) {
            *error = QStringLiteral("not a cluster status (no Name, Server ID or Role line)");
        }
        return std::nullopt;
    }
    return s;
}

} // namespace vigil::ui
