// Fuzzes the console's reading of ovsdb-server's `cluster/status DB` text
// (parseClusterStatus, parseClusterMember): any reply a control socket returns must parse
// without crashing into a record with sane numbers and a bounded member list, and the fields
// printed back in OVS's layout must parse to the same fields.
#include "fuzz_common.h"

#include "services/cluster_status_text.h"

using vigil::ui::ClusterMember;
using vigil::ui::ClusterRaftStatus;
using vigil_fuzz::check;

namespace {

void checkNumber(qint64 n, const char* what) {
    check(n >= -1, what);
}

// The fields whose lines OVS prints as "Key: value", with the members, in OVS's layout.
QString render(const ClusterRaftStatus& s) {
    QString text;
    if (!s.nickname.isEmpty()) {
        text += s.nickname + QLatin1Char('\n');
    }
    auto line = [&text](const char* key, const QString& value) {
        if (!value.isEmpty()) {
            text += QLatin1String(key) + QStringLiteral(": ") + value + QLatin1Char('\n');
        }
    };
    line("Name", s.database);
    line("Address", s.address);
    line("Status", s.status);
    line("Role", s.role == vigil::ui::ClusterRole::Unknown ? QString()
                                                           : vigil::ui::clusterRoleName(s.role));
    line("Term", s.term < 0 ? QString() : QString::number(s.term));
    line("Leader", s.leader);
    line("Vote", s.vote);
    line("Election timer", s.electionTimerMs < 0 ? QString() : QString::number(s.electionTimerMs));
    text += QStringLiteral("Servers:\n");
    for (const ClusterMember& m : s.members) {
        text +=
            QStringLiteral("    %1 (%2 at %3)%4\n")
                .arg(m.nickname, m.id, m.address, m.self ? QStringLiteral(" (self)") : QString());
    }
    return text;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    vigil_fuzz::quiet_logging();
    const QString text =
        QString::fromUtf8(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    QString error;
    const std::optional<ClusterRaftStatus> s = vigil::ui::parseClusterStatus(text, &error);
    if (!s) {
        check(!error.isEmpty(), "a rejected text says why");
    } else {
        check(s->members.size() <= vigil::ui::maxClusterMembers, "the member list is bounded");
        check(s->membershipChanges.size() <= vigil::ui::maxClusterMembers,
              "membership changes are bounded");
        for (qint64 n : {s->term, s->electionTimerMs, s->electionTimerChangingToMs, s->logStart,
                         s->logEnd, s->uncommitted, s->unapplied, s->disconnections,
                         s->lastElectionStartedMs, s->lastElectionWonMs}) {
            checkNumber(n, "a count is -1 or more");
        }
        for (const ClusterMember& m : s->members) {
            check(!m.id.isEmpty() && !m.address.isEmpty() && !m.nickname.isEmpty(),
                  "a member has an id, a nickname and an address");
            for (qint64 n : {m.nextIndex, m.matchIndex, m.lastMsgMs}) {
                checkNumber(n, "a member's count is -1 or more");
            }
        }
        (void)s->leaderId();
        (void)s->leaderAddress();

        const std::optional<ClusterRaftStatus> again =
            vigil::ui::parseClusterStatus(render(*s), &error);
        const bool printable = !s->database.isEmpty() || s->role != vigil::ui::ClusterRole::Unknown;
        if (printable) {
            check(again.has_value(), "a record printed back parses");
            check(again->database == s->database && again->address == s->address &&
                      again->status == s->status && again->role == s->role &&
                      again->term == s->term && again->leader == s->leader &&
                      again->vote == s->vote && again->electionTimerMs == s->electionTimerMs,
                  "the fields printed back parse to the same fields");
            check(again->members.size() == s->members.size(), "the members printed back parse");
            for (qsizetype i = 0; i < s->members.size(); i++) {
                const ClusterMember& a = s->members[i];
                const ClusterMember& b = again->members[i];
                check(a.id == b.id && a.nickname == b.nickname && a.address == b.address &&
                          a.self == b.self,
                      "a member printed back parses to the same member");
            }
        }
    }

    // The whole input as one member line.
    if (const std::optional<ClusterMember> m = vigil::ui::parseClusterMember(text)) {
        check(!m->id.isEmpty() && !m->address.isEmpty(), "a parsed member line has id and address");
    }
    return 0;
}
