#include "views/hosts_view.h"

#include "views/host_daemons_panel.h"
#include "views/table_export_actions.h"

#include "models/host_model.h"
#include "services/console.h"
#include "services/fleet.h"
#include "views/add_host_dialog.h"
#include "views/record_table.h"
#include "views/state_style.h"
#include "views/text_filter_proxy.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace vigil::ui {

namespace {

QAction* makeAction(QObject* parent, const QString& icon, const QString& text,
                    const QString& shortcut, const QString& tip) {
    auto* action = new QAction(resourceIcon(icon), text, parent);
    if (!shortcut.isEmpty()) {
        action->setShortcut(QKeySequence(shortcut));
    }
    action->setToolTip(shortcut.isEmpty() ? tip : QStringLiteral("%1 (%2)").arg(tip, shortcut));
    action->setStatusTip(tip);
    return action;
}

} // namespace

HostsView::HostsView(Console* console, QWidget* parent) : QWidget(parent), console_(console) {
    setObjectName(QStringLiteral("hostsView"));
    model_ = new HostModel(console_->fleet(), this);
    auto* filter = new TextFilterProxy(
        QList<int>{int(HostModel::NameColumn), int(HostModel::DestinationColumn),
                   int(HostModel::StateColumn), int(HostModel::LastErrorColumn)},
        this);
    filter->setSourceModel(model_);
    filter->setSortRole(HostModel::SortRole);
    filter->setDynamicSortFilter(true);
    filtered_ = filter;

    add_ = makeAction(this, QStringLiteral("add"), tr("&Add Host…"), QStringLiteral("Ctrl+Shift+H"),
                      tr("Add a host reached through ssh"));
    remove_ = makeAction(this, QStringLiteral("remove"), tr("&Remove Host"), QStringLiteral("Del"),
                         tr("Disconnect the selected host and remove it from the workspace"));
    // Del is also the Daemons view's: each only while its view has the focus.
    remove_->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    trust_ = makeAction(this, QStringLiteral("warning"), tr("&Trust Key…"),
                        QStringLiteral("Ctrl+Shift+K"),
                        tr("Show the selected host's key fingerprint and trust it once you "
                           "confirm it"));
    connect(add_, &QAction::triggered, this, &HostsView::addHost);
    connect(remove_, &QAction::triggered, this, &HostsView::removeCurrent);
    connect(trust_, &QAction::triggered, this, &HostsView::trustCurrent);

    auto* toolbar = new QToolBar;
    toolbar->setObjectName(QStringLiteral("hostToolbar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setIconSize(QSize(18, 18));
    toolbar->addAction(add_);
    toolbar->addAction(remove_);
    toolbar->addSeparator();
    toolbar->addAction(trust_);

    filter_ = new QLineEdit;
    filter_->setObjectName(QStringLiteral("hostFilter"));
    filter_->setAccessibleName(tr("Filter hosts"));
    filter_->setPlaceholderText(tr("Filter by name, destination, state or error"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, this, [this, filter](const QString& text) {
        filter->setText(text);
        updateActions();
    });
    summary_ = new QLabel;
    summary_->setObjectName(QStringLiteral("hostSummary"));

    auto* top = new QHBoxLayout;
    top->addWidget(toolbar);
    top->addWidget(filter_, 1);
    top->addWidget(summary_);

    table_ = new QTableView;
    table_->setObjectName(QStringLiteral("hostTable"));
    table_->setAccessibleName(tr("Hosts"));
    table_->setModel(filtered_);
    setUpRecordTable(table_, 10, HostModel::StateColumn);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction* a : {add_, remove_, trust_}) {
        table_->addAction(a);
    }
    const QFontMetrics fm = table_->fontMetrics();
    auto width = [&fm](const QString& sample) { return fm.horizontalAdvance(sample) + 18; };
    table_->setColumnWidth(HostModel::NameColumn, width(QStringLiteral("compute-node-12")));
    table_->setColumnWidth(HostModel::DestinationColumn,
                           width(QStringLiteral("admin@compute-node-12")));
    table_->setColumnWidth(HostModel::StateColumn, width(QStringLiteral("host-key-unknown")) + 24);
    table_->setColumnWidth(HostModel::TargetsColumn, width(QStringLiteral("Targets")));
    table_->setColumnWidth(HostModel::RttColumn, width(QStringLiteral("1000 ms")));
    table_->horizontalHeader()->setStretchLastSection(true);
    top->addWidget(addTableExport(table_, tr("Hosts")));

    advice_ = new QLabel;
    advice_->setObjectName(QStringLiteral("hostAdvice"));
    advice_->setWordWrap(true);
    advice_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    advice_->setFrameShape(QFrame::StyledPanel);
    advice_->setMargin(8);
    advice_->hide();

    daemons_ = new HostDaemonsPanel(console_->remoteSupervisors());
    auto* upper = new QWidget;
    auto* upperLayout = new QVBoxLayout(upper);
    upperLayout->setContentsMargins(0, 0, 0, 0);
    upperLayout->addWidget(table_, 1);
    upperLayout->addWidget(advice_);
    auto* splitter = new QSplitter(Qt::Vertical);
    splitter->setObjectName(QStringLiteral("hostSplitter"));
    splitter->addWidget(upper);
    splitter->addWidget(daemons_);
    // The host table needs a few rows; the selected host's daemons and logs need the room.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 3);
    splitter->setSizes({200, 600});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &HostsView::updateActions);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] { daemons_->setHost(currentHost()); });
    connect(model_, &QAbstractItemModel::dataChanged, this, &HostsView::updateActions);
    connect(model_, &QAbstractItemModel::rowsRemoved, this, &HostsView::updateActions);
    connect(model_, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!table_->currentIndex().isValid() && filtered_->rowCount() > 0) {
            table_->setCurrentIndex(filtered_->index(0, 0));
        }
        updateActions();
    });
    if (filtered_->rowCount() > 0) {
        table_->setCurrentIndex(filtered_->index(0, 0));
    }
    updateActions();
}

QList<QAction*> HostsView::actions() const {
    return {add_, remove_, trust_};
}

void HostsView::setFilter(const QString& text) {
    filter_->setText(text);
}

int HostsView::visibleHostCount() const {
    return filtered_->rowCount();
}

bool HostsView::selectHost(const QString& name) {
    for (int row = 0; row < filtered_->rowCount(); row++) {
        const QModelIndex index = filtered_->index(row, 0);
        if (index.data(HostModel::NameRole).toString() == name) {
            table_->setCurrentIndex(index);
            return true;
        }
    }
    return false;
}

QString HostsView::currentHost() const {
    const QModelIndex index = table_->currentIndex();
    return index.isValid() ? index.data(HostModel::NameRole).toString() : QString();
}

QString HostsView::trustQuestion(const HostInfo& host) {
    return tr("%1 (%2) offered a host key Vigil does not know yet:\n\n"
              "    %3 %4\n\n"
              "Compare this fingerprint with the host's own (ssh-keygen -lf on its host key, "
              "or from its administrator) before you trust it. Trust this key and connect?")
        .arg(host.definition.name, host.definition.destination, host.keyType, host.fingerprint);
}

QString HostsView::stateAdvice(const HostInfo& host) {
    const QString name = host.definition.name;
    switch (host.state) {
    case HostState::HostKeyChanged:
        return tr("Refused: %1 offered a host key other than the one known for it (%2 %3). "
                  "This is what an attacker in the middle looks like, so Vigil will not connect "
                  "and does not offer to trust the new key. If the host was reinstalled or "
                  "re-keyed on purpose, remove its old key from the known hosts file "
                  "(ssh-keygen -R) and add the host again.")
            .arg(name, host.keyType, host.fingerprint);
    case HostState::HostKeyUnknown:
        return tr("%1 offered a host key Vigil does not know yet (%2 %3). Use Trust Key… to "
                  "compare and accept it.")
            .arg(name, host.keyType, host.fingerprint);
    case HostState::AuthFailed:
        return tr("%1 refused every key offered. Check that your agent holds a key the host "
                  "accepts for this account: %2")
            .arg(name, host.lastError);
    default:
        return {};
    }
}

void HostsView::updateActions() {
    const int row = model_->rowOf(currentHost());
    const HostInfo host = model_->host(row);
    remove_->setEnabled(row >= 0);
    trust_->setEnabled(row >= 0 && host.state == HostState::HostKeyUnknown &&
                       !host.fingerprint.isEmpty());
    const QString advice = row >= 0 ? stateAdvice(host) : QString();
    advice_->setText(advice);
    advice_->setVisible(!advice.isEmpty());
    int connected = 0;
    for (int r = 0; r < model_->rowCount(); r++) {
        connected += model_->host(r).state == HostState::Connected ? 1 : 0;
    }
    summary_->setText(tr("%1 hosts, %2 connected").arg(model_->rowCount()).arg(connected));
}

void HostsView::addHost() {
    auto* dialog = new AddHostDialog(console_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { selectHost(dialog->hostName()); });
    dialog->open();
}

void HostsView::removeCurrent() {
    const QString name = currentHost();
    if (name.isEmpty() || !console_->fleet()->removeHost(name)) {
        return;
    }
    QString error;
    if (!console_->save(&error)) {
        Q_EMIT console_->errorOccurred(
            tr("Host %1 removed, but the workspace was not saved: %2").arg(name, error));
    }
}

QMessageBox* HostsView::trustCurrent() {
    const QString name = currentHost();
    const auto host = console_->fleet()->host(name);
    if (!host || host->state != HostState::HostKeyUnknown || host->fingerprint.isEmpty()) {
        return nullptr;
    }
    auto* box = new QMessageBox(QMessageBox::Question, tr("Trust Host Key"), trustQuestion(*host),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("trustKeyQuestion"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->setAttribute(Qt::WA_DeleteOnClose);
    // The fingerprint the user saw, not whatever the host offers when they answer.
    const QString fingerprint = host->fingerprint;
    connect(box, &QMessageBox::accepted, this, [this, name, fingerprint] {
        QString error;
        if (!console_->fleet()->trust(name, fingerprint, &error)) {
            QMessageBox::warning(this, tr("Trust Host Key"),
                                 tr("Could not trust the key of %1: %2").arg(name, error));
        }
    });
    box->open();
    return box;
}

} // namespace vigil::ui
