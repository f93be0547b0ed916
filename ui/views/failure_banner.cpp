#include "views/failure_banner.h"

#include "services/supervisor.h"
#include "views/state_style.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace vigil::ui {

FailureBanner::FailureBanner(Supervisor* supervisor, QWidget* parent)
    : QFrame(parent), supervisor_(supervisor) {
    setObjectName(QStringLiteral("failureBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);

    icon_ = new QLabel;
    icon_->setPixmap(resourceIcon(QStringLiteral("warning")).pixmap(22, 22));
    text_ = new QLabel;
    text_->setObjectName(QStringLiteral("failureText"));
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    reset_ = new QPushButton(resourceIcon(QStringLiteral("reset")), tr("Reset and start"));
    reset_->setObjectName(QStringLiteral("bannerReset"));
    reset_->setToolTip(tr("Clear the failure count of every failed daemon and start it again"));
    logs_ = new QPushButton(resourceIcon(QStringLiteral("logs")), tr("Show logs"));
    logs_->setObjectName(QStringLiteral("bannerLogs"));
    dismiss_ = new QPushButton(tr("Dismiss"));
    dismiss_->setObjectName(QStringLiteral("bannerDismiss"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(icon_);
    layout->addWidget(text_, 1);
    layout->addWidget(reset_);
    layout->addWidget(logs_);
    layout->addWidget(dismiss_);

    connect(reset_, &QPushButton::clicked, this, [this] {
        const QStringList names = failed_;
        for (const QString& name : names) {
            supervisor_->resetFailures(name);
            supervisor_->start(name);
        }
    });
    connect(logs_, &QPushButton::clicked, this, [this] {
        if (!failed_.isEmpty()) {
            Q_EMIT showLogsRequested(failed_.first());
        }
    });
    connect(dismiss_, &QPushButton::clicked, this, [this] {
        dismissed_ = failed_;
        refresh();
    });
    connect(supervisor_, &Supervisor::daemonFailed, this, [this](const QString& name) {
        dismissed_.removeAll(name); // a new give-up is news again
        refresh();
    });
    connect(supervisor_, &Supervisor::daemonChanged, this, &FailureBanner::refresh);
    connect(supervisor_, &Supervisor::daemonRemoved, this, &FailureBanner::refresh);

    updateColours();
    refresh();
}

void FailureBanner::refresh() {
    QStringList failed;
    QStringList details;
    for (const DaemonStatus& status : supervisor_->daemons()) {
        if (status.state != DaemonState::Failed) {
            continue;
        }
        failed.append(status.name);
        QString why = status.reason.isEmpty() ? status.lastExit : status.reason;
        details.append(why.isEmpty() ? QStringLiteral("<b>%1</b>").arg(status.name.toHtmlEscaped())
                                     : QStringLiteral("<b>%1</b> (%2)")
                                           .arg(status.name.toHtmlEscaped(), why.toHtmlEscaped()));
    }
    // Forget dismissals of daemons that recovered, so a later give-up shows again.
    for (auto it = dismissed_.begin(); it != dismissed_.end();) {
        it = failed.contains(*it) ? it + 1 : dismissed_.erase(it);
    }
    failed_ = failed;
    bool allDismissed = !failed.isEmpty();
    for (const QString& name : failed) {
        allDismissed = allDismissed && dismissed_.contains(name);
    }
    if (failed.isEmpty() || allDismissed) {
        hide();
        return;
    }
    text_->setText(failed.size() == 1
                       ? tr("Gave up on %1: it failed too often and will not be restarted "
                            "until you start it or reset its failures.")
                             .arg(details.first())
                       : tr("Gave up on %n daemon(s): %1. They will not be restarted until you "
                            "start them or reset their failures.",
                            nullptr, int(failed.size()))
                             .arg(details.join(QStringLiteral(", "))));
    logs_->setText(failed.size() == 1 ? tr("Show logs")
                                      : tr("Show logs of %1").arg(failed.first()));
    show();
}

void FailureBanner::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange) {
        updateColours();
    }
    QFrame::changeEvent(event);
}

void FailureBanner::updateColours() {
    // A tint of the failure red over the palette's own window colour reads on light and dark
    // themes alike; the text keeps the palette's text colour.
    static bool updating = false;
    if (updating) {
        return;
    }
    updating = true;
    QPalette pal = palette();
    QColor base = QApplication::palette(this).color(QPalette::Window);
    QColor red = stateColor(QStringLiteral("failed"));
    const double a = 0.22;
    QColor tint = QColor::fromRgbF(base.redF() * (1 - a) + red.redF() * a,
                                   base.greenF() * (1 - a) + red.greenF() * a,
                                   base.blueF() * (1 - a) + red.blueF() * a);
    pal.setColor(QPalette::Window, tint);
    setPalette(pal);
    updating = false;
}

} // namespace vigil::ui
