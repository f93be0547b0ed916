#include "services/supervisor_types.h"

#include "vigil/process_output.h"

#include <array>
#include <utility>

namespace vigil::ui {

namespace {

constexpr std::array<std::pair<DaemonState, const char*>, 6> stateNames{{
    {DaemonState::Stopped, "stopped"},
    {DaemonState::Starting, "starting"},
    {DaemonState::Running, "running"},
    {DaemonState::Backoff, "backoff"},
    {DaemonState::Stopping, "stopping"},
    {DaemonState::Failed, "failed"},
}};

constexpr std::array<std::pair<HistoryEvent, const char*>, 11> eventNames{{
    {HistoryEvent::Started, "started"},
    {HistoryEvent::Ready, "ready"},
    {HistoryEvent::Exited, "exited"},
    {HistoryEvent::Restarting, "restarting"},
    {HistoryEvent::GaveUp, "gave up"},
    {HistoryEvent::StartFailed, "start failed"},
    {HistoryEvent::Stopped, "stopped"},
    {HistoryEvent::Killed, "killed"},
    {HistoryEvent::Survivors, "survivors"},
    {HistoryEvent::Adopted, "adopted"},
    {HistoryEvent::Reset, "reset"},
}};

} // namespace

QString daemonStateName(DaemonState state) {
    for (const auto& [value, name] : stateNames) {
        if (value == state) {
            return QString::fromLatin1(name);
        }
    }
    return QStringLiteral("unknown");
}

std::optional<DaemonState> daemonStateFromName(const QString& name) {
    for (const auto& [value, text] : stateNames) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return std::nullopt;
}

QString desiredStateName(DesiredState state) {
    return state == DesiredState::Up ? QStringLiteral("up") : QStringLiteral("down");
}

std::optional<DesiredState> desiredStateFromName(const QString& name) {
    if (name == QLatin1String("up")) {
        return DesiredState::Up;
    }
    if (name == QLatin1String("down")) {
        return DesiredState::Down;
    }
    return std::nullopt;
}

QString historyEventName(HistoryEvent event) {
    for (const auto& [value, name] : eventNames) {
        if (value == event) {
            return QString::fromLatin1(name);
        }
    }
    return QStringLiteral("unknown");
}

std::optional<HistoryEvent> historyEventFromName(const QString& name) {
    for (const auto& [value, text] : eventNames) {
        if (name == QLatin1String(text)) {
            return value;
        }
    }
    return std::nullopt;
}

QString logStreamName(bool isStderr) {
    auto name = output_stream_name(isStderr ? output_stream::err : output_stream::out);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

} // namespace vigil::ui
