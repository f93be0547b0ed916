#include "views/host_daemons_panel.h"

#include "services/remote_supervisors.h"
#include "services/supervisor_client.h"
#include "views/daemons_view.h"
#include "views/logs_view.h"

#include <QLabel>
#include <QSplitter>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace vigil::ui {

HostDaemonsPanel::HostDaemonsPanel(RemoteSupervisors* supervisors, QWidget* parent)
    : QWidget(parent), supervisors_(supervisors) {
    setObjectName(QStringLiteral("hostDaemonsPanel"));
    headline_ = new QLabel;
    headline_->setObjectName(QStringLiteral("hostDaemonsHeadline"));
    headline_->setWordWrap(true);
    stack_ = new QStackedWidget;
    empty_ = new QWidget;
    stack_->addWidget(empty_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(headline_);
    layout->addWidget(stack_, 1);

    connect(supervisors_, &RemoteSupervisors::supervisorAdded, this, &HostDaemonsPanel::addPage);
    connect(supervisors_, &RemoteSupervisors::supervisorRemoved, this,
            &HostDaemonsPanel::removePage);
    for (const QString& host : supervisors_->hosts()) {
        addPage(host);
    }
    update();
}

void HostDaemonsPanel::setHost(const QString& host) {
    host_ = host;
    update();
}

DaemonsView* HostDaemonsPanel::daemonsView(const QString& host) const {
    return pages_.value(host).daemons;
}

LogsView* HostDaemonsPanel::logsView(const QString& host) const {
    return pages_.value(host).logs;
}

QString HostDaemonsPanel::headline() const {
    return headline_->text();
}

void HostDaemonsPanel::addPage(const QString& host) {
    SupervisorClient* client = supervisors_->client(host);
    if (!client || pages_.contains(host)) {
        return;
    }
    Page page;
    page.daemons = new DaemonsView(client);
    page.logs = new LogsView(client);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("hostDaemonsSplit"));
    splitter->addWidget(page.daemons);
    splitter->addWidget(page.logs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    page.widget = splitter;
    LogsView* logs = page.logs;
    connect(page.daemons, &DaemonsView::daemonSelected, logs, &LogsView::setDaemon);
    connect(page.daemons, &DaemonsView::showLogsRequested, logs, &LogsView::setDaemon);
    connect(client, &SupervisorClient::connectedChanged, this, &HostDaemonsPanel::update);
    stack_->addWidget(splitter);
    pages_.insert(host, page);
    update();
}

void HostDaemonsPanel::removePage(const QString& host) {
    const Page page = pages_.take(host);
    if (page.widget) {
        stack_->removeWidget(page.widget);
        // The views hold the client, which RemoteSupervisors deletes later: go first.
        delete page.widget;
    }
    update();
}

void HostDaemonsPanel::update() {
    const auto it = pages_.constFind(host_);
    if (host_.isEmpty()) {
        headline_->setText(tr("Select a host to see the daemons its own Vigil supervisor runs."));
        stack_->setCurrentWidget(empty_);
        return;
    }
    if (it == pages_.constEnd()) {
        headline_->setText(tr("%1 runs no Vigil supervisor (none of its run directories holds "
                              "a vigil.PID.ctl socket).")
                               .arg(host_));
        stack_->setCurrentWidget(empty_);
        return;
    }
    SupervisorClient* client = supervisors_->client(host_);
    if (client && client->isConnected()) {
        headline_->setText(tr("Daemons supervised on %1 by its Vigil supervisor: start, stop, "
                              "restart and logs act on %1.")
                               .arg(host_));
    } else {
        const QString why = client ? client->lastError() : QString();
        headline_->setText(why.isEmpty()
                               ? tr("Reaching %1's Vigil supervisor…").arg(host_)
                               : tr("%1's Vigil supervisor is not answering (%2); showing what it "
                                    "last reported.")
                                     .arg(host_, why));
    }
    stack_->setCurrentWidget(it->widget);
}

} // namespace vigil::ui
