#include "views/daemons_view.h"

#include "models/daemon_model.h"
#include "services/supervisor.h"
#include "views/daemon_detail.h"
#include "views/launch_dialog.h"
#include "views/record_table.h"
#include "views/state_style.h"
#include "views/table_export_actions.h"
#include "views/text_filter_proxy.h"

#include <QAction>
#include <QDataStream>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIODevice>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

DaemonsView::DaemonsView(Supervisor* supervisor, QWidget* parent)
    : QWidget(parent), supervisor_(supervisor) {
    setObjectName(QStringLiteral("daemonsView"));
    model_ = new DaemonModel(supervisor_, this);
    auto* filtered = new TextFilterProxy(
        {DaemonModel::NameColumn, DaemonModel::StateColumn, DaemonModel::LastExitColumn}, this);
    sorted_ = filtered;
    sorted_->setSourceModel(model_);
    sorted_->setSortRole(DaemonModel::SortRole);

    launch_ = makeAction(QStringLiteral("add"), tr("&Launch…"), QStringLiteral("Ctrl+N"),
                         tr("Define and start a new daemon"));
    start_ = makeAction(QStringLiteral("start"), tr("&Start"), QStringLiteral("Ctrl+Shift+S"),
                        tr("Start the selected daemon (desired state up)"));
    stop_ = makeAction(QStringLiteral("stop"), tr("S&top"), QStringLiteral("Ctrl+Shift+T"),
                       tr("Stop the selected daemon: TERM to its process group, KILL after the "
                          "stop timeout; it will not be restarted"));
    restart_ = makeAction(QStringLiteral("restart"), tr("&Restart"), QStringLiteral("Ctrl+R"),
                          tr("Stop the selected daemon and start it again"));
    reset_ = makeAction(QStringLiteral("reset"), tr("Reset &Failures"), QString(),
                        tr("Clear the failure count and backoff of the selected daemon"));
    edit_ = makeAction(QStringLiteral("edit"), tr("&Edit…"), QStringLiteral("Ctrl+E"),
                       tr("Edit the selected daemon's definition"));
    remove_ = makeAction(QStringLiteral("remove"), tr("Re&move"), QStringLiteral("Del"),
                         tr("Stop the selected daemon and remove it from the workspace"));
    logs_ = makeAction(QStringLiteral("logs"), tr("&Logs"), QStringLiteral("Ctrl+L"),
                       tr("Show the selected daemon's output"));
    commands_ = makeAction(QStringLiteral("commands"), tr("&Commands"), QString(),
                           tr("Browse and run the selected daemon's control commands"));
    for (QAction* a : {edit_, remove_}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    }

    connect(launch_, &QAction::triggered, this, &DaemonsView::launch);
    connect(start_, &QAction::triggered, this, [this] { supervisor_->start(currentDaemon()); });
    connect(stop_, &QAction::triggered, this, [this] { supervisor_->stop(currentDaemon()); });
    connect(restart_, &QAction::triggered, this, [this] { supervisor_->restart(currentDaemon()); });
    connect(reset_, &QAction::triggered, this,
            [this] { supervisor_->resetFailures(currentDaemon()); });
    connect(edit_, &QAction::triggered, this, &DaemonsView::editCurrent);
    connect(remove_, &QAction::triggered, this, [this] {
        const QString name = currentDaemon();
        if (name.isEmpty()) {
            return;
        }
        auto* box = new QMessageBox(QMessageBox::Question, tr("Remove Daemon"),
                                    tr("Stop %1 and remove it from the workspace?").arg(name),
                                    QMessageBox::Yes | QMessageBox::Cancel, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        connect(box, &QMessageBox::accepted, this, [this, name] { supervisor_->remove(name); });
        box->open();
    });
    connect(logs_, &QAction::triggered, this,
            [this] { Q_EMIT showLogsRequested(currentDaemon()); });
    connect(commands_, &QAction::triggered, this,
            [this] { Q_EMIT showCommandsRequested(currentDaemon()); });

    auto* toolbar = new QToolBar;
    toolbar->setObjectName(QStringLiteral("daemonToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(18, 18));
    toolbar->addAction(launch_);
    toolbar->addSeparator();
    toolbar->addAction(start_);
    toolbar->addAction(stop_);
    toolbar->addAction(restart_);
    toolbar->addAction(reset_);
    toolbar->addSeparator();
    toolbar->addAction(edit_);
    toolbar->addAction(remove_);
    toolbar->addSeparator();
    toolbar->addAction(logs_);
    toolbar->addAction(commands_);

    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("daemonTable"));
    table_->setAccessibleName(tr("Daemons"));
    table_->setModel(sorted_);
    setUpRecordTable(table_, 12, DaemonModel::StateColumn);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction* a : {start_, stop_, restart_, reset_, edit_, remove_, logs_, commands_}) {
        table_->addAction(a);
    }
    QHeaderView* header = table_->horizontalHeader();
    const int cw = table_->fontMetrics().averageCharWidth();
    table_->setColumnWidth(DaemonModel::NameColumn, 22 * cw);
    table_->setColumnWidth(DaemonModel::StateColumn, 13 * cw);
    table_->setColumnWidth(DaemonModel::PidColumn, 9 * cw);
    table_->setColumnWidth(DaemonModel::UptimeColumn, 17 * cw);
    table_->setColumnWidth(DaemonModel::RestartsColumn, 10 * cw);
    table_->setColumnWidth(DaemonModel::LastExitColumn, 30 * cw);
    table_->setColumnWidth(DaemonModel::CpuColumn, 9 * cw);
    table_->setColumnWidth(DaemonModel::MemoryColumn, 12 * cw);
    header->setStretchLastSection(true);
    toolbar->addSeparator();
    toolbar->addWidget(addTableExport(table_, tr("Daemons")));
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        detail_->setDaemon(currentDaemon());
        updateActions();
        if (!currentDaemon().isEmpty()) {
            Q_EMIT daemonSelected(currentDaemon());
        }
    });
    connect(table_, &QTableView::doubleClicked, this,
            [this] { Q_EMIT showLogsRequested(currentDaemon()); });
    connect(model_, &QAbstractItemModel::dataChanged, this, &DaemonsView::updateActions);
    connect(model_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!table_->currentIndex().isValid() && sorted_->rowCount() > 0) {
            table_->setCurrentIndex(sorted_->index(0, 0));
        }
    });

    detail_ = new DaemonDetail(supervisor_);

    split_ = new QSplitter(Qt::Vertical);
    split_->setObjectName(QStringLiteral("daemonsSplit"));
    split_->addWidget(table_);
    split_->addWidget(detail_);
    split_->setStretchFactor(0, 3);
    split_->setStretchFactor(1, 2);
    split_->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 6);
    layout->setSpacing(2);
    auto* filter = new QLineEdit;
    filter->setObjectName(QStringLiteral("daemonFilter"));
    filter->setPlaceholderText(tr("Filter by name, state or last exit (Ctrl+F)"));
    filter->setAccessibleName(tr("Filter daemons"));
    filter->setClearButtonEnabled(true);
    filter->setMaximumWidth(320);
    connect(filter, &QLineEdit::textChanged, filtered, &TextFilterProxy::setText);
    auto* top = new QHBoxLayout;
    top->addWidget(toolbar, 1);
    top->addWidget(filter);
    layout->addLayout(top);
    layout->addWidget(split_, 1);

    // Uptime and "next try in" are computed when painted; repaint that column once a second.
    tick_.setInterval(1000);
    connect(&tick_, &QTimer::timeout, this, [this] {
        if (isVisible() && sorted_->rowCount() > 0) {
            QRect r = table_->visualRect(sorted_->index(0, DaemonModel::UptimeColumn));
            table_->viewport()->update(QRect(r.left(), 0, r.width(), table_->viewport()->height()));
        }
    });
    tick_.start();

    if (sorted_->rowCount() > 0) {
        table_->setCurrentIndex(sorted_->index(0, 0));
    }
    updateActions();
}

QAction* DaemonsView::makeAction(const QString& icon, const QString& text, const QString& shortcut,
                                 const QString& tip) {
    auto* action = new QAction(resourceIcon(icon), text, this);
    if (!shortcut.isEmpty()) {
        action->setShortcut(QKeySequence(shortcut));
    }
    action->setToolTip(shortcut.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, shortcut));
    action->setStatusTip(tip);
    return action;
}

QList<QAction*> DaemonsView::actions() const {
    return {launch_, start_, stop_, restart_, reset_, edit_, remove_, logs_, commands_};
}

bool DaemonsView::selectDaemon(const QString& name) {
    int row = model_->rowOf(name);
    if (row < 0) {
        return false;
    }
    QModelIndex index = sorted_->mapFromSource(model_->index(row, 0));
    if (table_->currentIndex().row() != index.row()) {
        table_->setCurrentIndex(index);
    }
    table_->scrollTo(index);
    return true;
}

QString DaemonsView::currentDaemon() const {
    QModelIndex current = table_->currentIndex();
    return current.isValid() ? current.data(DaemonModel::NameRole).toString() : QString();
}

void DaemonsView::updateActions() {
    const QString name = currentDaemon();
    auto status = name.isEmpty() ? std::nullopt : supervisor_->status(name);
    const bool has = status.has_value();
    const bool adopted = has && status->adopted;
    const DaemonState state = has ? status->state : DaemonState::Stopped;
    start_->setEnabled(has && !adopted &&
                       (state == DaemonState::Stopped || state == DaemonState::Failed ||
                        state == DaemonState::Backoff || status->desired == DesiredState::Down));
    stop_->setEnabled(has && (state != DaemonState::Stopped && state != DaemonState::Failed));
    restart_->setEnabled(has && !adopted && state != DaemonState::Stopping);
    reset_->setEnabled(has && (status->failures > 0 || state == DaemonState::Failed ||
                               state == DaemonState::Backoff));
    edit_->setEnabled(has && !adopted);
    remove_->setEnabled(has);
    logs_->setEnabled(has);
    commands_->setEnabled(has && !status->controlSocket.isEmpty());
}

void DaemonsView::launch() {
    auto* dialog = new LaunchDialog(supervisor_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &LaunchDialog::daemonSaved, this,
            [this](const QString& name) { selectDaemon(name); });
    dialog->open();
}

void DaemonsView::editCurrent() {
    auto definition = supervisor_->definition(currentDaemon());
    if (!definition) {
        return;
    }
    auto* dialog = new LaunchDialog(supervisor_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->editDefinition(*definition);
    dialog->open();
}

QByteArray DaemonsView::saveState() const {
    QByteArray out;
    QDataStream stream(&out, QIODevice::WriteOnly);
    stream << table_->horizontalHeader()->saveState() << split_->saveState();
    return out;
}

void DaemonsView::restoreState(const QByteArray& state) {
    if (state.isEmpty()) {
        return;
    }
    QByteArray header;
    QByteArray split;
    QDataStream stream(state);
    stream >> header >> split;
    if (stream.status() == QDataStream::Ok) {
        table_->horizontalHeader()->restoreState(header);
        split_->restoreState(split);
    }
}

} // namespace vigil::ui
