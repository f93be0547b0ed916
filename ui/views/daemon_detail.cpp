#include "views/daemon_detail.h"

#include "services/supervisor.h"
#include "views/session_timeline.h"
#include "views/state_style.h"
#include "views/table_export_actions.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

// The daemon state a history event leaves the daemon in, for the timeline colours.
QString stateAfter(HistoryEvent event) {
    switch (event) {
    case HistoryEvent::Started:
    case HistoryEvent::Adopted:
        return QStringLiteral("starting");
    case HistoryEvent::Ready:
    case HistoryEvent::Reset:
        return QStringLiteral("running");
    case HistoryEvent::Exited:
    case HistoryEvent::Restarting:
        return QStringLiteral("backoff");
    case HistoryEvent::GaveUp:
    case HistoryEvent::StartFailed:
        return QStringLiteral("failed");
    case HistoryEvent::Stopped:
    case HistoryEvent::Killed:
    case HistoryEvent::Survivors:
        return QStringLiteral("stopped");
    }
    return QStringLiteral("stopped");
}

// The strip above the list: the last ten minutes of the daemon's states.
class HistoryStrip : public QWidget {
public:
    explicit HistoryStrip(QWidget* parent = nullptr) : QWidget(parent) {
        setMinimumHeight(18);
        setMaximumHeight(18);
        setToolTip(QCoreApplication::translate("vigil::ui::HistoryStrip",
                                               "The last 10 minutes: one colour per state"));
        setAccessibleName(QCoreApplication::translate("vigil::ui::HistoryStrip",
                                                      "States of the last 10 minutes"));
    }
    void setHistory(const QVariantList& history) {
        history_ = history;
        setAccessibleDescription(describeHistory(history));
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override {
        QPainter painter(this);
        const QColor empty = trackColor(palette());
        TimelineDelegate::paintStrip(&painter, rect().adjusted(0, 3, 0, -3), history_,
                                     QDateTime::currentDateTimeUtc(), 10 * 60 * 1000, empty);
    }

private:
    QVariantList history_;
};

} // namespace

DaemonDetail::DaemonDetail(Supervisor* supervisor, QWidget* parent)
    : QWidget(parent), supervisor_(supervisor) {
    setObjectName(QStringLiteral("daemonDetail"));
    title_ = new QLabel;
    QFont titleFont = title_->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    title_->setFont(titleFont);
    info_ = new QLabel;
    info_->setObjectName(QStringLiteral("daemonInfo"));
    info_->setTextFormat(Qt::RichText);
    info_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    info_->setWordWrap(true);
    strip_ = new HistoryStrip;
    strip_->setObjectName(QStringLiteral("historyStrip"));
    history_ = new QTreeWidget;
    history_->setObjectName(QStringLiteral("historyList"));
    history_->setAccessibleName(tr("Daemon history"));
    history_->setHeaderLabels({tr("Time"), tr("Event"), tr("Detail")});
    history_->setRootIsDecorated(false);
    history_->setUniformRowHeights(true);
    history_->setAlternatingRowColors(true);
    history_->header()->setStretchLastSection(true);
    history_->setColumnWidth(0, 170);
    history_->setColumnWidth(1, 120);

    auto* stripRow = new QHBoxLayout;
    auto* stripLabel = new QLabel(tr("Last 10 min:"));
    stripRow->addWidget(stripLabel);
    stripRow->addWidget(strip_, 1);
    stripRow->addWidget(addTableExport(history_, tr("History")));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(info_);
    layout->addLayout(stripRow);
    layout->addWidget(history_, 1);

    connect(supervisor_, &Supervisor::daemonChanged, this, [this](const QString& name) {
        if (name == name_) {
            refreshHeader();
        }
    });
    connect(supervisor_, &Supervisor::historyAppended, this,
            [this](const QString& name, const HistoryEntry& entry) {
                Q_UNUSED(entry);
                if (name == name_) {
                    reloadHistory(); // keeps list and strip in step; histories are short
                }
            });
    connect(supervisor_, &Supervisor::daemonRemoved, this, [this](const QString& name) {
        if (name == name_) {
            setDaemon(QString());
        }
    });
    tick_.setInterval(5000); // the strip scrolls with time
    connect(&tick_, &QTimer::timeout, strip_, qOverload<>(&QWidget::update));
    tick_.start();
    setDaemon(QString());
}

void DaemonDetail::setDaemon(const QString& name) {
    name_ = name;
    refreshHeader();
    reloadHistory();
}

void DaemonDetail::refreshHeader() {
    auto status = name_.isEmpty() ? std::nullopt : supervisor_->status(name_);
    if (!status) {
        title_->setText(tr("No daemon selected"));
        info_->setText(tr("Select a daemon to see its history, or launch one with Ctrl+N."));
        return;
    }
    title_->setText(tr("%1 — %2").arg(status->name, daemonStateName(status->state)));
    QStringList lines;
    if (auto def = supervisor_->definition(name_)) {
        QStringList words{def->program};
        words += def->arguments;
        lines.append(tr("<b>Command:</b> <code>%1</code>")
                         .arg(words.join(QLatin1Char(' ')).toHtmlEscaped()));
        lines.append(tr("<b>Restart:</b> %1, backoff %2–%3 s, gives up after %4 failures in %5 s")
                         .arg(restartPolicyName(def->restart))
                         .arg(def->backoffMinMs / 1000.0)
                         .arg(def->backoffMaxMs / 1000.0)
                         .arg(def->maxFailures)
                         .arg(def->failureWindowMs / 1000));
    } else if (status->adopted) {
        lines.append(
            tr("<b>Adopted</b>: started elsewhere; Vigil watches it but does not restart it."));
    }
    QString stateLine = tr("<b>State:</b> %1").arg(daemonStateName(status->state));
    if (!status->reason.isEmpty()) {
        stateLine += QStringLiteral(" (%1)").arg(status->reason.toHtmlEscaped());
    }
    stateLine += tr(" · desired %1 · %2 failure(s) in window")
                     .arg(desiredStateName(status->desired))
                     .arg(status->failures);
    lines.append(stateLine);
    if (!status->controlSocket.isEmpty()) {
        lines.append(tr("<b>Control socket:</b> <code>%1</code>")
                         .arg(status->controlSocket.toHtmlEscaped()));
    }
    info_->setText(lines.join(QStringLiteral("<br>")));
}

void DaemonDetail::reloadHistory() {
    history_->clear();
    QVariantList strip;
    if (!name_.isEmpty()) {
        const QList<HistoryEntry> entries = supervisor_->history(name_);
        for (const HistoryEntry& entry : entries) {
            appendEntry(entry);
            strip.append(QVariantMap{{QStringLiteral("time"), entry.time},
                                     {QStringLiteral("state"), stateAfter(entry.event)}});
        }
    }
    static_cast<HistoryStrip*>(strip_)->setHistory(strip);
}

void DaemonDetail::appendEntry(const HistoryEntry& entry) {
    // Newest first: what just happened is what a person looks for.
    auto* item = new QTreeWidgetItem(
        {entry.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
         historyEventName(entry.event), entry.detail});
    item->setIcon(1, stateDotIcon(stateColor(stateAfter(entry.event))));
    item->setToolTip(2, entry.detail);
    history_->insertTopLevelItem(0, item);
}

int DaemonDetail::historyCount() const {
    return history_->topLevelItemCount();
}

} // namespace vigil::ui
