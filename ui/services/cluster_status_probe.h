// The cluster service's private record of one target (ClusterStatus::Probe): what it last
// answered, and the round of questions under way to it. Shared by cluster_status.cpp (the
// scheduling) and cluster_status_queries.cpp (the questions).
#pragma once

#include "services/cluster_status.h"
#include "services/cluster_status_trigger.h"

#include <QList>
#include <QString>
#include <QTimer>
#include <functional>
#include <memory>
#include <optional>

namespace vigil::ui {

// What is known of one target, and the round of questions under way to it.
struct ClusterStatus::Probe {
    QString target;
    QString socket;
    bool running = false;
    bool awaitingCommands = false; // the round waits for the registry's list-commands
    quint64 round = 0;             // the current (or last) round
    qint64 lastStartMs = -1;       // on clock_
    int pending = 0;               // calls of the round not yet answered
    bool isController = false;
    QList<ClusterDatabaseStatus> dbs; // published
    std::optional<OvnControllerStatus> controller;
    QString version; // asked once per target
    // Being collected by the current round.
    QList<ClusterDatabaseStatus> nextDbs;
    OvnControllerStatus nextController;
    QList<std::function<void()>> waiters; // refresh() calls waiting for the round's end
    // While watched: the server's _Server database, monitored to ask again at once on a change.
    std::unique_ptr<ServerDatabaseMonitor> monitor;
    bool remotesAsked = false; // ovsdb-server/list-remotes was asked for the monitor
    bool askAgain = false;     // a change arrived during the round: ask again after it
    QTimer soon;               // the next round a change asked for, once minIntervalMs allows
};

} // namespace vigil::ui
