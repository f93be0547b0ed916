#include "services/host_types.h"

#include <QRegularExpression>

namespace vigil::ui {

namespace {

struct StateName {
    HostState state;
    const char* name;
};

constexpr StateName stateNames[] = {
    {HostState::Connecting, "connecting"},
    {HostState::Connected, "connected"},
    {HostState::Unreachable, "unreachable"},
    {HostState::AuthFailed, "auth-failed"},
    {HostState::HostKeyUnknown, "host-key-unknown"},
    {HostState::HostKeyChanged, "host-key-changed"},
};

} // namespace

QString hostStateName(HostState state) {
    for (const StateName& row : stateNames) {
        if (row.state == state) {
            return QLatin1String(row.name);
        }
    }
    return QStringLiteral("unknown");
}

bool hostStateNeedsUser(HostState state) {
    return state == HostState::AuthFailed || state == HostState::HostKeyUnknown ||
           state == HostState::HostKeyChanged;
}

QStringList defaultRemoteRunDirectories() {
    return {QStringLiteral("/var/run/openvswitch"), QStringLiteral("/run/openvswitch"),
            QStringLiteral("/var/run/ovn"), QStringLiteral("/run/vigil")};
}

QStringList HostDefinition::effectiveRunDirectories() const {
    return runDirectories.isEmpty() ? defaultRemoteRunDirectories() : runDirectories;
}

QString hostNameProblem(const QString& name) {
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}$"));
    if (name.isEmpty()) {
        return QStringLiteral("a host name must not be empty");
    }
    if (!valid.match(name).hasMatch()) {
        return QStringLiteral("invalid host name \"%1\": use letters, digits, '.', '-' and '_' "
                              "(at most 64, not starting with '.' or '-')")
            .arg(name);
    }
    return {};
}

QString hostDestinationProblem(const QString& destination) {
    if (destination.isEmpty()) {
        return QStringLiteral("a destination must not be empty");
    }
    if (destination.startsWith(QLatin1Char('-'))) {
        return QStringLiteral("invalid destination \"%1\": it must not start with '-'")
            .arg(destination);
    }
    for (QChar c : destination) {
        if (c.isSpace() || c.category() == QChar::Other_Control) {
            return QStringLiteral("invalid destination \"%1\": it must not contain spaces or "
                                  "control characters")
                .arg(destination);
        }
    }
    return {};
}

} // namespace vigil::ui
