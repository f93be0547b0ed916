#include "services/session_types.h"

#include <algorithm>
#include <boost/json.hpp>
#include <limits>

namespace vigil::ui {

QString sessionStateName(vigil::reconnect_state state) {
    return QString::fromLatin1(vigil::reconnect_state_name(state));
}

QString SessionInfo::key() const {
    QString key = source + QLatin1Char('\n') + role() + QLatin1Char('\n') + name;
    if (!table.isEmpty()) {
        key += QLatin1Char('\n') + table + QLatin1Char('\n') + bridge;
    }
    return key;
}

QString SessionInfo::stateName() const {
    return sessionStateName(stats.state);
}

QString SessionInfo::displayState() const {
    return stateKnown ? stateName() : QString::fromLatin1(unknownSessionState);
}

qint64 SessionInfo::timeInStateMs(const QDateTime& now) const {
    const qint64 elapsed = stats.state_elapsed;
    if (!snapshotTime.isValid()) {
        return elapsed;
    }
    return elapsed + std::max<qint64>(0, snapshotTime.msecsTo(now));
}

qint64 SessionInfo::connectedTotalNowMs(const QDateTime& now) const {
    const qint64 total = stats.connected_total;
    if (!stats.connected || !snapshotTime.isValid()) {
        return total;
    }
    return total + std::max<qint64>(0, snapshotTime.msecsTo(now));
}

boost::json::value SessionInfo::toJson() const {
    // The times brought up to now through the record itself, so the member names stay written
    // only in session_stats.cpp.
    vigil::session_stats now = stats;
    const auto clamp = [](qint64 ms) {
        return unsigned(std::clamp<qint64>(ms, 0, std::numeric_limits<unsigned>::max()));
    };
    now.state_elapsed = clamp(timeInStateMs());
    now.connected_total = clamp(connectedTotalNowMs());
    boost::json::value v = vigil::to_json(now);
    boost::json::object& o = v.as_object();
    o["source"] = source.toStdString();
    o["name"] = name.toStdString();
    if (!resolvedName.isEmpty()) {
        o["remote"] = resolvedName.toStdString();
    }
    o["state_known"] = stateKnown;
    if (!stateKnown) {
        o["reason"] = reason.toStdString();
    }
    const auto put = [&o](const char* member, const QString& value) {
        if (!value.isEmpty()) {
            o[member] = value.toStdString();
        }
    };
    put("table", table);
    put("bridge", bridge);
    put("openflow_role", openflowRole);
    put("detail", detail);
    if (!table.isEmpty()) {
        boost::json::object status;
        for (auto it = ovsStatus.cbegin(); it != ovsStatus.cend(); ++it) {
            status[it.key().toStdString()] = it.value().toStdString();
        }
        o["status"] = std::move(status);
    }
    return v;
}

} // namespace vigil::ui
