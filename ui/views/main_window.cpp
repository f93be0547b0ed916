#include "views/main_window.h"

#include "models/palette_model.h"
#include "services/command_invoker.h"
#include "services/console.h"
#include "services/control_server.h"
#include "services/session_monitor.h"
#include "services/supervisor.h"
#include "services/supervisor_client.h"
#include "services/target_registry.h"
#include "services/workspace.h"
#include "views/about_dialog.h"
#include "views/appearance.h"
#include "views/cluster_panel.h"
#include "views/command_palette.h"
#include "views/commands_view.h"
#include "views/console_status_bar.h"
#include "views/daemons_view.h"
#include "views/failure_banner.h"
#include "views/fanout_view.h"
#include "views/host_daemons_panel.h"
#include "views/hosts_view.h"
#include "views/language.h"
#include "views/logs_view.h"
#include "views/sessions_view.h"
#include "views/sidebar.h"
#include "views/state_style.h"
#include "views/widget_state.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QKeySequence>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <memory>

namespace vigil::ui {

namespace {

// The window's settings live beside the workspace (~/.config/vigil/console.ini), whatever
// organization name the application sets.
std::unique_ptr<QSettings> windowSettings() {
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope,
                                       QStringLiteral("vigil"), QStringLiteral("console"));
}

} // namespace

MainWindow::MainWindow(Console* console, QWidget* parent) : QMainWindow(parent), console_(console) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Vigil"));
    setWindowIcon(resourceIcon(QStringLiteral("vigil")));
    // Before any view exists, so every widget starts with the chosen palette.
    restoreAppearance();

    Supervisor* supervisor = console_->supervisor();
    sidebar_ = new Sidebar(supervisor, console_->targets(), console_->sessions());
    sidebar_->setFleet(console_->fleet());
    sidebar_->setRemoteSupervisors(console_->remoteSupervisors());
    daemons_ = new DaemonsView(supervisor);
    commands_ =
        new CommandsView(console_->targets(), console_->invoker(), console_->historyModel());
    sessions_ = new SessionsView(console_->sessionModel(), console_->sessions());
    logs_ = new LogsView(supervisor);
    clusters_ = new ClusterPanel(console_->clusters());
    hosts_ = new HostsView(console_);
    fanout_ = new FanoutView(console_->targets(), console_->invoker());
    banner_ = new FailureBanner(supervisor);

    tabs_ = new QTabWidget;
    tabs_->setObjectName(QStringLiteral("pages"));
    tabs_->setDocumentMode(true);
    tabs_->addTab(daemons_, resourceIcon(QStringLiteral("daemon")), tr("Daemons"));
    tabs_->addTab(commands_, resourceIcon(QStringLiteral("commands")), tr("Commands"));
    tabs_->addTab(sessions_, resourceIcon(QStringLiteral("session")), tr("Sessions"));
    tabs_->addTab(logs_, resourceIcon(QStringLiteral("logs")), tr("Logs"));
    tabs_->addTab(clusters_, resourceIcon(QStringLiteral("cluster")), tr("Clusters"));
    tabs_->addTab(hosts_, resourceIcon(QStringLiteral("remote")), tr("Hosts"));
    tabs_->addTab(fanout_, resourceIcon(QStringLiteral("run")), tr("Fan-out"));

    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(0);
    rightLayout->addWidget(banner_);
    rightLayout->addWidget(tabs_, 1);

    split_ = new QSplitter(Qt::Horizontal);
    split_->setObjectName(QStringLiteral("mainSplit"));
    split_->addWidget(sidebar_);
    split_->addWidget(right);
    split_->setStretchFactor(0, 0);
    split_->setStretchFactor(1, 1);
    split_->setChildrenCollapsible(false);
    split_->setSizes({260, 1100});
    setCentralWidget(split_);

    status_ = new ConsoleStatusBar(supervisor);
    setStatusBar(status_);

    // One selection drives every view: the sidebar's entry is the Commands view's target and,
    // for a daemon, the daemon shown in the Daemons and Logs views.
    connect(sidebar_, &Sidebar::targetSelected, this,
            [this](const QString& target, const QString& daemon) {
                commands_->setTarget(target);
                if (!daemon.isEmpty()) {
                    daemons_->selectDaemon(daemon);
                    logs_->setDaemon(daemon);
                }
            });
    connect(daemons_, &DaemonsView::daemonSelected, this, [this](const QString& name) {
        logs_->setDaemon(name);
        if (sidebar_->currentTarget().isEmpty() || tabs_->currentWidget() == daemons_) {
            QSignalBlocker block(sidebar_);
            sidebar_->select(name);
            commands_->setTarget(sidebar_->currentTarget());
        }
    });
    connect(daemons_, &DaemonsView::showLogsRequested, this, [this](const QString& name) {
        logs_->setDaemon(name);
        showPage(Page::Logs);
    });
    connect(daemons_, &DaemonsView::showCommandsRequested, this, [this](const QString& name) {
        sidebar_->select(name);
        showPage(Page::Commands);
    });
    connect(banner_, &FailureBanner::showLogsRequested, this, [this](const QString& name) {
        logs_->setDaemon(name);
        showPage(Page::Logs);
    });
    connect(sidebar_, &Sidebar::hostDaemonSelected, this,
            [this](const QString& host, const QString& daemon) {
                showPage(Page::Hosts);
                hosts_->setFilter(QString());
                hosts_->selectHost(host);
                if (DaemonsView* view = hosts_->daemonsPanel()->daemonsView(host)) {
                    view->selectDaemon(daemon);
                }
            });
    connect(sidebar_, &Sidebar::launchRequested, this, &MainWindow::launchDaemon);
    connect(sidebar_, &Sidebar::addTargetRequested, this, &MainWindow::addControlSocket);
    connect(sidebar_, &Sidebar::addSessionRequested, this, &MainWindow::addRemoteSession);
    connect(sessions_, &SessionsView::addSessionRequested, this, &MainWindow::addRemoteSession);
    connect(supervisor, &Supervisor::daemonFailed, this, &MainWindow::onDaemonFailed);
    if (auto* client = qobject_cast<SupervisorClient*>(supervisor)) {
        connect(client, &SupervisorClient::connectedChanged, this,
                &MainWindow::updateControlSocket);
    }
    connect(console_, &Console::errorOccurred, this,
            [this](const QString& message) { status_->showMessage(message, 10000); });
    connect(console_, &Console::workspaceLoaded, this,
            [this](const QString& path, const QStringList& problems) {
                updateControlSocket();
                if (!problems.isEmpty()) {
                    QMessageBox* box =
                        new QMessageBox(QMessageBox::Warning, tr("Workspace"),
                                        tr("Some entries of %1 could not be applied:").arg(path),
                                        QMessageBox::Ok, this);
                    box->setInformativeText(problems.join(QLatin1Char('\n')));
                    box->setAttribute(Qt::WA_DeleteOnClose);
                    box->open(); // never exec(): the daemons keep being supervised meanwhile
                } else {
                    status_->showMessage(tr("Workspace %1 loaded").arg(path), 5000);
                }
            });
    connect(console_, &Console::workspaceSaved, this, [this](const QString& path) {
        status_->showMessage(tr("Workspace saved to %1").arg(path), 5000);
    });
    // Pick the first daemon once the workspace has added some, so no view starts empty.
    connect(supervisor, &Supervisor::daemonAdded, this, [this] {
        if (sidebar_->currentTarget().isEmpty()) {
            QTimer::singleShot(0, this, [this] {
                if (sidebar_->currentTarget().isEmpty() &&
                    !sidebar_->entries(Sidebar::EntryKind::Daemon).isEmpty()) {
                    autoSelect(sidebar_->entries(Sidebar::EntryKind::Daemon).first());
                }
            });
        }
    });
    // The entry selected in the last run comes back when it appears (a remote target appears
    // only once its host is connected), unless the user has chosen another meanwhile.
    connect(sidebar_, &Sidebar::entriesChanged, this, &MainWindow::restoreSelection);

    buildMenus();
    setUpTray();
    // First run: a comfortable size that fits the screen; later runs: what the user left.
    QSize size(1400, 860);
    if (QScreen* screen = QGuiApplication::primaryScreen()) {
        size = size.boundedTo(screen->availableGeometry().size() * 0.95);
    }
    resize(size);
    restoreSettings();
    // The page is part of the window state; keep it even when the console is killed.
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::saveSettings);
    updateControlSocket();
    if (!supervisor->names().isEmpty()) {
        autoSelect(supervisor->names().first());
    }
    restoreSelection();
}

void MainWindow::focusFilter() {
    // Each page's filter field (the Fan-out page filters its targets by pattern).
    static const char* const filters[] = {"daemonFilter", "commandFilter", "sessionFilter",
                                          "logSearch",    "clusterFilter", "hostFilter",
                                          "fanoutPattern"};
    const int page = tabs_->currentIndex();
    if (page < 0 || page >= int(std::size(filters))) {
        return;
    }
    if (auto* field =
            tabs_->currentWidget()->findChild<QLineEdit*>(QString::fromLatin1(filters[page]))) {
        field->setFocus(Qt::ShortcutFocusReason);
        field->selectAll();
    }
}

void MainWindow::openCommandPalette() {
    if (!palette_) {
        // Made on first use: a window that never opens the palette pays nothing for it, and
        // the model, inactive while the palette is closed, follows no source until then.
        paletteModel_ = new PaletteModel(console_->targets(), console_->supervisor(),
                                         console_->fleet(), menuBar(), this);
        paletteModel_->excludeAction(paletteAction_);
        palette_ = new CommandPalette(paletteModel_, this);
        connect(palette_, &CommandPalette::entryActivated, this, &MainWindow::activatePaletteEntry);
    }
    palette_->open();
}

void MainWindow::activatePaletteEntry(const PaletteEntry& entry, bool runNow) {
    const QString gone = tr("%1 is no longer there.").arg(entry.title);
    switch (entry.kind) {
    case PaletteKind::Action:
        if (entry.action && entry.action->isEnabled()) {
            entry.action->trigger();
        } else {
            status_->showMessage(gone, 5000);
        }
        return;
    case PaletteKind::Host:
        showPage(Page::Hosts);
        hosts_->setFilter(QString()); // a filter could hide the host
        if (!hosts_->selectHost(entry.name)) {
            status_->showMessage(gone, 5000);
        }
        return;
    case PaletteKind::Daemon:
    case PaletteKind::Target:
        if (!sidebar_->select(entry.name)) {
            status_->showMessage(gone, 5000);
            return;
        }
        // A daemon's page is the Daemons page; any other target is there for its commands.
        showPage(entry.kind == PaletteKind::Daemon ? Page::Daemons : Page::Commands);
        sidebar_->show();
        sidebar_->tree()->setFocus(Qt::OtherFocusReason);
        return;
    case PaletteKind::Command:
        break;
    }
    if (!sidebar_->select(entry.name)) {
        status_->showMessage(gone, 5000);
        return;
    }
    // The sidebar's selection sets the view's target; setting it again is a no-op, but makes
    // the commands shown whatever the sidebar did with an entry that was already current.
    commands_->setTarget(entry.name);
    showPage(Page::Commands);
    if (!commands_->selectCommand(entry.command)) {
        status_->showMessage(tr("%1 no longer offers %2.").arg(entry.name, entry.command), 5000);
        return;
    }
    // The keyboard goes to the arguments either way, where Enter runs (again), as after
    // choosing a command in the view's own list; Ctrl+Enter runs what needs nothing more, as
    // the Run button would.
    commands_->focusArguments();
    if (runNow) {
        if (entry.needsArguments) {
            status_->showMessage(
                tr("%1 needs arguments: fill them in and press Enter.").arg(entry.command), 10000);
        } else {
            commands_->run();
        }
    }
}

void MainWindow::autoSelect(const QString& name) {
    if (sidebar_->select(name)) {
        autoSelected_ = sidebar_->currentTarget();
    }
}

void MainWindow::restoreSelection() {
    if (pendingSelection_.isEmpty()) {
        return;
    }
    const QString current = sidebar_->currentTarget();
    if (!current.isEmpty() && current != autoSelected_) {
        pendingSelection_.clear(); // the user chose
        return;
    }
    if (current == pendingSelection_ || sidebar_->select(pendingSelection_)) {
        pendingSelection_.clear();
    }
}

MainWindow::~MainWindow() {
    saveSettings();
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    // One action per shortcut: the Daemons view's launch action serves the File menu too (two
    // actions with the same shortcut would make it ambiguous, and neither would fire).
    file->addAction(daemons_->launchAction());
    file->addAction(resourceIcon(QStringLiteral("socket")), tr("Add &Control Socket…"), this,
                    &MainWindow::addControlSocket)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    file->addAction(resourceIcon(QStringLiteral("remote")), tr("Add &Remote Session…"), this,
                    &MainWindow::addRemoteSession)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+R")));
    file->addSeparator();
    file->addAction(tr("&Save Workspace"), this, &MainWindow::saveWorkspace)
        ->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    if (quit->shortcut().isEmpty()) { // platforms without a standard Quit key (no theme)
        quit->setShortcut(QKeySequence(tr("Ctrl+Q")));
    }
    quit->setMenuRole(QAction::QuitRole);
    // Closing the window leaves the daemons to the supervisor service; this is the way to end
    // both.
    file->addAction(tr("Quit and Stop &Daemons"), this, &MainWindow::quitAndStopDaemons)
        ->setShortcut(QKeySequence(tr("Ctrl+Shift+Q")));

    QMenu* daemon = menuBar()->addMenu(tr("&Daemon"));
    for (QAction* action : daemons_->actions()) {
        if (action != daemons_->launchAction()) {
            daemon->addAction(action);
        }
    }

    QMenu* host = menuBar()->addMenu(tr("&Host"));
    host->addActions(hosts_->actions());
    host->addSeparator();
    host->addAction(fanout_->runAction());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const struct {
        QString text;
        Page page;
        const char* key;
    } pages[] = {
        {tr("&Daemons"), Page::Daemons, "Ctrl+1"},   {tr("&Commands"), Page::Commands, "Ctrl+2"},
        {tr("&Sessions"), Page::Sessions, "Ctrl+3"}, {tr("&Logs"), Page::Logs, "Ctrl+4"},
        {tr("Cl&usters"), Page::Clusters, "Ctrl+5"}, {tr("&Hosts"), Page::Hosts, "Ctrl+6"},
        {tr("&Fan-out"), Page::Fanout, "Ctrl+7"}};
    for (const auto& p : pages) {
        Page page = p.page;
        view->addAction(p.text, this, [this, page] { showPage(page); })
            ->setShortcut(QKeySequence(QString::fromLatin1(p.key)));
    }
    view->addSeparator();
    view->addAction(tr("&Find in View"), this, &MainWindow::focusFilter)
        ->setShortcut(QKeySequence::Find);
    paletteAction_ =
        view->addAction(tr("Command &Palette…"), this, &MainWindow::openCommandPalette);
    paletteAction_->setObjectName(QStringLiteral("commandPaletteAction"));
    paletteAction_->setShortcut(QKeySequence(tr("Ctrl+K")));
    view->addAction(tr("&Go to Target List"), this,
                    [this] {
                        sidebar_->show();
                        sidebar_->tree()->setFocus(Qt::ShortcutFocusReason);
                    })
        ->setShortcut(QKeySequence(tr("Ctrl+0")));
    QAction* sidebar = view->addAction(tr("Show &Targets"));
    sidebar->setCheckable(true);
    sidebar->setChecked(true);
    sidebar->setShortcut(QKeySequence(tr("Ctrl+B")));
    connect(sidebar, &QAction::toggled, sidebar_, &QWidget::setVisible);
    view->addSeparator();
    QMenu* appearance = view->addMenu(tr("&Appearance"));
    auto* appearances = new QActionGroup(this);
    const struct {
        QString text;
        Appearance value;
    } choices[] = {{tr("Follow &System"), Appearance::System},
                   {tr("&Light"), Appearance::Light},
                   {tr("&Dark"), Appearance::Dark}};
    for (const auto& choice : choices) {
        QAction* action = appearance->addAction(choice.text);
        action->setObjectName(QStringLiteral("appearance-") + appearanceName(choice.value));
        action->setCheckable(true);
        action->setChecked(choice.value == currentAppearance());
        appearances->addAction(action);
        const Appearance value = choice.value;
        connect(action, &QAction::triggered, this, [value] {
            applyAppearance(value);
            windowSettings()->setValue(QStringLiteral("appearance"), appearanceName(value));
        });
    }

    // The language applies from the next start (see views/language.h), so choosing one only
    // stores it and says so; the check mark shows the stored choice, not the running language.
    QMenu* language = view->addMenu(tr("&Language"));
    auto* languages = new QActionGroup(this);
    const QString storedName = storedLanguage(*windowSettings());
    for (const LanguageChoice& choice : offeredLanguages()) {
        QAction* action = language->addAction(choice.nativeName.isEmpty() ? tr("Follow &System")
                                                                          : choice.nativeName);
        action->setObjectName(QStringLiteral("language-") + choice.name);
        action->setCheckable(true);
        action->setChecked(choice.name == storedName);
        languages->addAction(action);
        const QString name = choice.name;
        connect(action, &QAction::triggered, this, [this, name] {
            storeLanguage(*windowSettings(), name);
            status_->showMessage(tr("The language changes the next time Vigil starts."), 10000);
        });
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(resourceIcon(QStringLiteral("vigil")), tr("&About Vigil"), this,
                    &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::setUpTray() {
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        return;
    }
    tray_ = new QSystemTrayIcon(resourceIcon(QStringLiteral("vigil")), this);
    tray_->setToolTip(tr("Vigil"));
    auto* menu = new QMenu(this);
    menu->addAction(tr("Show Vigil"), this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    menu->addAction(tr("Quit"), this, &QWidget::close);
    tray_->setContextMenu(menu);
    connect(tray_, &QSystemTrayIcon::activated, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    tray_->show();
}

void MainWindow::onDaemonFailed(const QString& name) {
    auto status = console_->supervisor()->status(name);
    QString why = status && !status->reason.isEmpty() ? status->reason
                  : status                            ? status->lastExit
                                                      : QString();
    QString text =
        why.isEmpty() ? tr("%1 failed too often; Vigil stopped restarting it.").arg(name)
                      : tr("%1 failed too often (%2); Vigil stopped restarting it.").arg(name, why);
    status_->showMessage(text, 15000);
    notify(tr("Vigil gave up on %1").arg(name), text);
}

void MainWindow::notify(const QString& title, const QString& text) {
    if (tray_ && tray_->isVisible() && QSystemTrayIcon::supportsMessages()) {
        tray_->showMessage(title, text, resourceIcon(QStringLiteral("warning")), 10000);
        return;
    }
    // Without a tray, a desktop notification through the freedesktop helper when there is one,
    // started detached so the GUI never waits for it; and the taskbar entry asks for attention.
    const QString notifySend = QStandardPaths::findExecutable(QStringLiteral("notify-send"));
    if (!notifySend.isEmpty()) {
        QProcess::startDetached(notifySend, {QStringLiteral("--app-name=Vigil"),
                                             QStringLiteral("--urgency=critical"), title, text});
    }
    QApplication::alert(this);
}

void MainWindow::showPage(Page page) {
    tabs_->setCurrentIndex(int(page));
}

MainWindow::Page MainWindow::currentPage() const {
    return Page(tabs_->currentIndex());
}

bool MainWindow::selectTarget(const QString& name) {
    return sidebar_->select(name);
}

void MainWindow::launchDaemon() {
    daemons_->launch();
}

void MainWindow::addControlSocket() {
    // A socket cannot be picked in most file dialogs, so the path is typed (with a default
    // pointing at the run directory to edit).
    bool ok = false;
    QString path = QInputDialog::getText(
        this, tr("Add Control Socket"),
        tr("Path of a unixctl control socket (e.g. /var/run/openvswitch/ovs-vswitchd.1234.ctl):"),
        QLineEdit::Normal, Console::runDirectory() + QLatin1Char('/'), &ok);
    if (!ok || path.trimmed().isEmpty()) {
        return;
    }
    QString error;
    if (!console_->addTarget(path.trimmed(), &error)) {
        QMessageBox::warning(this, tr("Add Control Socket"),
                             tr("Could not add %1: %2").arg(path, error));
        return;
    }
    sidebar_->select(path.trimmed());
    status_->showMessage(tr("Added %1").arg(path), 5000);
}

void MainWindow::addRemoteSession() {
    bool ok = false;
    QString remote = QInputDialog::getText(
        this, tr("Add Remote Session"),
        tr("Remote to keep a reconnecting JSON-RPC session to (tcp:HOST:PORT, ssl:HOST:PORT or "
           "unix:PATH):"),
        QLineEdit::Normal, QStringLiteral("tcp:127.0.0.1:6640"), &ok);
    if (!ok || remote.trimmed().isEmpty()) {
        return;
    }
    QString error;
    if (!console_->addSession(remote.trimmed(), &error)) {
        QMessageBox::warning(this, tr("Add Remote Session"),
                             tr("Could not add %1: %2").arg(remote, error));
        return;
    }
    showPage(Page::Sessions);
}

void MainWindow::saveWorkspace() {
    QString error;
    if (!console_->save(&error)) {
        QMessageBox::warning(this, tr("Save Workspace"), error);
    }
}

void MainWindow::showAbout() {
    auto* about = new AboutDialog(this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

void MainWindow::updateControlSocket() {
    ControlServer* server = console_->controlServer();
    if (server && server->isListening()) {
        status_->setControlSocket(server->socketPath());
    } else if (auto* client = qobject_cast<SupervisorClient*>(console_->supervisor())) {
        // A window attached to the service has no socket of its own: scripts go to the
        // service, which has the daemons.
        status_->setServiceSocket(client->socketPath(), client->isConnected());
    } else {
        status_->setControlSocket(QString());
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    updateControlSocket();
}

void MainWindow::restoreSettings() {
    auto stored = windowSettings();
    QSettings& settings = *stored;
    settings.beginGroup(QStringLiteral("window"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    restoreWidgetStates(this, settings);
    tabs_->setCurrentIndex(settings.value(QStringLiteral("page"), 0).toInt());
    pendingSelection_ = settings.value(QStringLiteral("selection")).toString();
    settings.endGroup();
}

void MainWindow::restoreAppearance() {
    auto stored = windowSettings();
    const QString name = stored->value(QStringLiteral("appearance")).toString();
    const Appearance appearance = appearanceFromName(name).value_or(Appearance::System);
    if (appearance != currentAppearance()) {
        applyAppearance(appearance);
    }
}

void MainWindow::saveSettings() {
    auto stored = windowSettings();
    QSettings& settings = *stored;
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    saveWidgetStates(this, settings);
    settings.setValue(QStringLiteral("page"), tabs_->currentIndex());
    // What the user looked at last, unless it is a restore still waiting for its entry.
    const QString current = sidebar_->currentTarget();
    settings.setValue(QStringLiteral("selection"),
                      !pendingSelection_.isEmpty() &&
                              (current.isEmpty() || current == autoSelected_)
                          ? pendingSelection_
                          : current);
    settings.endGroup();
}

void MainWindow::quitAndStopDaemons() {
    status_->showMessage(tr("Stopping every daemon…"));
    Supervisor* supervisor = console_->supervisor();
    connect(
        supervisor, &Supervisor::allStopped, this,
        [this] {
            status_->showMessage(tr("Daemons stopped; ending the supervisor…"));
            console_->stopService([this] { close(); });
        },
        Qt::SingleShotConnection);
    supervisor->stopAll();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    saveSettings();
    if (tray_) {
        tray_->hide();
    }
    QMainWindow::closeEvent(event);
}

} // namespace vigil::ui
