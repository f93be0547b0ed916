#include "views/console_status_bar.h"

#include "services/supervisor.h"
#include "views/state_style.h"

#include <QLabel>
#include <QMap>

namespace vigil::ui {

ConsoleStatusBar::ConsoleStatusBar(Supervisor* supervisor, QWidget* parent)
    : QStatusBar(parent), supervisor_(supervisor) {
    setObjectName(QStringLiteral("statusBar"));
    counts_ = new QLabel;
    counts_->setObjectName(QStringLiteral("daemonCounts"));
    counts_->setTextFormat(Qt::RichText);
    socket_ = new QLabel;
    socket_->setObjectName(QStringLiteral("controlSocketLabel"));
    socket_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addWidget(counts_);
    addPermanentWidget(socket_);
    setControlSocket(QString());

    coalesce_.setSingleShot(true);
    coalesce_.setInterval(0);
    connect(&coalesce_, &QTimer::timeout, this, &ConsoleStatusBar::updateCounts);
    if (supervisor_) {
        connect(supervisor_, &Supervisor::daemonAdded, this, &ConsoleStatusBar::scheduleUpdate);
        connect(supervisor_, &Supervisor::daemonRemoved, this, &ConsoleStatusBar::scheduleUpdate);
        connect(supervisor_, &Supervisor::daemonChanged, this, &ConsoleStatusBar::scheduleUpdate);
    }
    updateCounts();
}

void ConsoleStatusBar::setControlSocket(const QString& path) {
    if (path.isEmpty()) {
        socket_->setText(tr("no control socket"));
        socket_->setToolTip(QString());
    } else {
        socket_->setText(tr("Control socket: %1").arg(path));
        socket_->setToolTip(tr("Script the console: vigil-appctl -t %1 list-commands").arg(path));
    }
}

void ConsoleStatusBar::setServiceSocket(const QString& path, bool connected) {
    socket_->setText(connected ? tr("Supervisor service: %1").arg(path)
                               : tr("Supervisor service: %1 (not reached)").arg(path));
    socket_->setToolTip(tr("Script the daemons: vigil-appctl -t %1 daemon/list").arg(path));
}

QString ConsoleStatusBar::socketText() const {
    return socket_->text();
}

void ConsoleStatusBar::scheduleUpdate() {
    if (!coalesce_.isActive()) {
        coalesce_.start();
    }
}

void ConsoleStatusBar::updateCounts() {
    QMap<int, int> counts;
    int total = 0;
    if (supervisor_) {
        for (const DaemonStatus& d : supervisor_->daemons()) {
            ++counts[int(d.state)];
            ++total;
        }
    }
    if (total == 0) {
        countsText_ = tr("no daemons");
        counts_->setText(countsText_);
        return;
    }
    // Badges in the order of urgency a reader cares about.
    const DaemonState order[] = {DaemonState::Failed,  DaemonState::Backoff,  DaemonState::Starting,
                                 DaemonState::Running, DaemonState::Stopping, DaemonState::Stopped};
    QStringList plain;
    QStringList html;
    for (DaemonState state : order) {
        int n = counts.value(int(state));
        if (n == 0) {
            continue;
        }
        QString name = daemonStateName(state);
        plain.append(QStringLiteral("%1 %2").arg(n).arg(name));
        html.append(QStringLiteral("<span style='background-color:%1; color:white;'>&nbsp;%2 "
                                   "%3&nbsp;</span>")
                        .arg(daemonStateColor(state).name())
                        .arg(n)
                        .arg(name));
    }
    countsText_ = plain.join(QStringLiteral(", "));
    counts_->setText(tr("%n daemon(s): ", nullptr, total) + html.join(QStringLiteral("&nbsp; ")));
    counts_->setToolTip(countsText_);
}

} // namespace vigil::ui
