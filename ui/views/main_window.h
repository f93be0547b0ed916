// The console's main window: the sidebar of targets beside the Daemons, Commands, Sessions,
// Logs, Clusters, Hosts and Fan-out views, the give-up banner above them, menus with keyboard
// shortcuts, the status bar, a tray notification when a daemon gives up, and window state kept in
// QSettings. It only presents the Console's services; it owns none of them.
#pragma once

#include <QMainWindow>
#include <QPointer>

class QSplitter;
class QSystemTrayIcon;
class QTabWidget;

namespace vigil::ui {

class ClusterPanel;
class CommandPalette;
class CommandsView;
class Console;
class ConsoleStatusBar;
class DaemonsView;
class FailureBanner;
class FanoutView;
class HostsView;
class LogsView;
class PaletteModel;
class SessionsView;
class Sidebar;
struct PaletteEntry;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // The tabs, in order.
    enum class Page { Daemons, Commands, Sessions, Logs, Clusters, Hosts, Fanout };

    // Presents `console` (not owned; must outlive the window) and restores the window's state
    // from QSettings.
    explicit MainWindow(Console* console, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows `page`.
    void showPage(Page page);
    Page currentPage() const;

    // Selects `name` (a daemon, a control socket or a remote) in the sidebar and so in every
    // view; returns false when the sidebar has no such entry.
    bool selectTarget(const QString& name);

    Sidebar* sidebar() const { return sidebar_; }
    DaemonsView* daemonsView() const { return daemons_; }
    CommandsView* commandsView() const { return commands_; }
    SessionsView* sessionsView() const { return sessions_; }
    LogsView* logsView() const { return logs_; }
    ClusterPanel* clusterPanel() const { return clusters_; }
    HostsView* hostsView() const { return hosts_; }
    FanoutView* fanoutView() const { return fanout_; }
    FailureBanner* failureBanner() const { return banner_; }
    ConsoleStatusBar* consoleStatusBar() const { return status_; }
    // The command palette and its model; both are made on first use, so null until then.
    CommandPalette* commandPalette() const { return palette_; }
    PaletteModel* paletteModel() const { return paletteModel_; }

public Q_SLOTS:
    void launchDaemon();
    void addControlSocket();
    void addRemoteSession();
    void saveWorkspace();
    // Stops every daemon, then the supervisor service, then closes the window.
    void quitAndStopDaemons();
    void showAbout();
    // Opens the command palette (View > Command Palette, Ctrl+K), making it on first use.
    void openCommandPalette();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void buildMenus();
    void setUpTray();
    void onDaemonFailed(const QString& name);
    void notify(const QString& title, const QString& text);
    void restoreSettings();
    // Applies the appearance chosen in an earlier run (View > Appearance).
    void restoreAppearance();
    void saveSettings();
    void updateControlSocket();
    // Selects `name` on the user's behalf (no restore or choice pending): remembered so a
    // restore may still replace it.
    void autoSelect(const QString& name);
    // Selects the entry of the last run once it exists, unless the user has chosen another.
    void restoreSelection();
    // Puts the keyboard in the current page's filter field (View > Find in View, Ctrl+F).
    void focusFilter();
    // Does what the palette's `entry` stands for: triggers an action, shows a host on the
    // Hosts page, selects a daemon or target in the sidebar (and shows its page), or selects
    // a command on the Commands page with the keyboard in its arguments; `runNow` (Ctrl+Enter)
    // runs a command that needs no arguments at once.
    void activatePaletteEntry(const PaletteEntry& entry, bool runNow);

    Console* console_;
    Sidebar* sidebar_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QSplitter* split_ = nullptr;
    DaemonsView* daemons_ = nullptr;
    CommandsView* commands_ = nullptr;
    SessionsView* sessions_ = nullptr;
    LogsView* logs_ = nullptr;
    ClusterPanel* clusters_ = nullptr;
    HostsView* hosts_ = nullptr;
    FanoutView* fanout_ = nullptr;
    FailureBanner* banner_ = nullptr;
    ConsoleStatusBar* status_ = nullptr;
    QAction* paletteAction_ = nullptr;
    PaletteModel* paletteModel_ = nullptr;
    CommandPalette* palette_ = nullptr;
    QPointer<QSystemTrayIcon> tray_;
    QString pendingSelection_; // the last run's selection, until it is restored or overridden
    QString autoSelected_;     // the entry selected automatically, not by the user
};

} // namespace vigil::ui
