// The Vigil console: `vigil --headless` is the supervisor service (supervision, discovery,
// sessions and the control socket, no window; it takes the runtime's daemon options), and
// `vigil [--workspace FILE]` opens the window as a client of the supervisor of its run
// directory, starting one when none runs. `vigil --embedded` keeps the supervisor inside the
// window's process (its daemons then stop with the window).
#include "services/console.h"
#include "services/control_server.h"
#include "services/local_supervisor.h"
#include "services/state_directory.h"
#include "services/supervisor_locator.h"
#include "views/language.h"
#include "views/main_window.h"

#include "vigil/daemon.h"

#include "vigil/fatal_signal.h"
#include "vigil/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace {

constexpr int shutdownTimeoutMs = 10000;
constexpr int supervisorStartTimeoutMs = 15000;

// Qt aborts when no platform plugin can connect to a display; say so plainly instead.
bool displayAvailable() {
    const char* platform = std::getenv("QT_QPA_PLATFORM");
    if (platform && *platform) {
        return true;
    }
    const char* x = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (wayland && *wayland);
}

// True when `argv` asks for something that needs no window.
bool windowless(int argc, char* argv[]) {
    for (int i = 1; i < argc; i++) {
        const char* a = argv[i];
        if (!std::strcmp(a, "--headless") || !std::strcmp(a, "--help") || !std::strcmp(a, "-h") ||
            !std::strcmp(a, "--version") || !std::strcmp(a, "-v") ||
            !std::strcmp(a, "--help-all")) {
            return true;
        }
    }
    return false;
}

void printError(const QString& message) {
    std::fprintf(stderr, "vigil: %s\n", qPrintable(message));
}

// Stops the daemons the console started, waiting for them through the event loop.
void shutDown(vigil::ui::Console& console) {
    QEventLoop loop;
    QObject::connect(&console, &vigil::ui::Console::shutdownFinished, &loop, &QEventLoop::quit);
    QTimer::singleShot(shutdownTimeoutMs, &loop, &QEventLoop::quit);
    console.shutdown();
    loop.exec();
    // Whatever did not stop in time gets KILL now.
    console.stopStartedDaemonsNow(0);
}

template <typename Window> std::unique_ptr<Window> makeWindow(vigil::ui::Console* console) {
    // MainWindow(Console*) is the window of the console; an older MainWindow() still works.
    if constexpr (std::is_constructible_v<Window, vigil::ui::Console*>) {
        return std::make_unique<Window>(console);
    } else {
        (void)console;
        return std::make_unique<Window>();
    }
}

// The runtime's daemon options (--detach, --monitor, --pidfile, --log-file...) are taken out of
// the command line before Qt sees it, because daemonizing forks and must happen before Qt
// starts any thread. --rundir is applied first, since the pidfile lives there.
struct ServiceArguments {
    vigil::daemon_options daemon;
    bool any = false; // some daemon option was given
    std::vector<std::string> rest;
    std::string error;
};

ServiceArguments takeDaemonOptions(int argc, char* argv[]) {
    ServiceArguments out;
    out.rest.assign(argv, argv + argc);
    for (std::size_t i = 1; i < out.rest.size(); i++) {
        const std::string& a = out.rest[i];
        if (a == "--rundir" && i + 1 < out.rest.size()) {
            ::setenv("OVS_RUNDIR", out.rest[i + 1].c_str(), 1);
        } else if (a.rfind("--rundir=", 0) == 0) {
            ::setenv("OVS_RUNDIR", a.c_str() + 9, 1);
        }
    }
    const std::size_t before = out.rest.size();
    out.daemon.program_name = "vigil";
    if (!vigil::daemon_parse_args(out.rest, out.daemon, out.error)) {
        return out;
    }
    out.any = out.rest.size() != before;
    return out;
}

// The window as a client of the supervisor service of `runDirectory`: attaches to the one that
// runs there, or starts one (detached, monitored, keeping its daemons when it exits), so that
// closing the window, killing it or losing its X server changes nothing for the daemons.
int runClientWindow(QCoreApplication& app, const QString& runDirectory, const QString& workspace,
                    const QString& stateDirectory) {
    QString error;
    QString socket = vigil::ui::findSupervisorSocket(runDirectory);
    if (socket.isEmpty()) {
        vigil::ui::SupervisorLaunch launch;
        launch.runDirectory = runDirectory;
        launch.workspace = workspace;
        launch.stateDirectory = stateDirectory;
        socket = vigil::ui::startSupervisorService(launch, supervisorStartTimeoutMs, &error);
        if (socket.isEmpty()) {
            printError(QStringLiteral("cannot start the supervisor: %1").arg(error));
            return 1;
        }
    }
    auto console = vigil::ui::Console::createClient(
        [runDirectory] { return vigil::ui::findSupervisorSocket(runDirectory); });
    QObject::connect(console.get(), &vigil::ui::Console::errorOccurred,
                     [](const QString& message) { printError(message); });
    // The window reads the workspace for its targets and sessions; the daemons are the
    // service's.
    if (!console->load(workspace, &error)) {
        printError(error);
    }
    auto window = makeWindow<vigil::ui::MainWindow>(console.get());
    window->show();
    const int status = app.exec();
    window.reset();
    return status;
}

} // namespace

int main(int argc, char* argv[]) {
    const bool noWindow = windowless(argc, argv);
    ServiceArguments service = takeDaemonOptions(argc, argv);
    if (!service.error.empty()) {
        std::fprintf(stderr, "vigil: %s\n", service.error.c_str());
        return 1;
    }
    if (service.any && !noWindow) {
        std::fprintf(stderr, "vigil: the daemon options (--detach, --monitor, --pidfile, "
                             "--log-file...) need --headless\n");
        return 1;
    }
    if (!noWindow && !displayAvailable()) {
        std::fprintf(stderr, "vigil: no display to open a window on (set DISPLAY, or run "
                             "\"vigil --headless\")\n");
        return 1;
    }
    const bool headlessService =
        std::find(service.rest.begin(), service.rest.end(), "--headless") != service.rest.end();
    if (headlessService) {
        // Forks now (the foreground parent waits for daemonize_complete() below); with
        // --monitor the monitor stays here and a restarted service returns from this call.
        vigil::daemonize_start(service.daemon);
    }
    std::vector<char*> qtArgv;
    for (std::string& a : service.rest) {
        qtArgv.push_back(a.data());
    }
    int qtArgc = int(qtArgv.size());
    qtArgv.push_back(nullptr);

    std::unique_ptr<QCoreApplication> app;
    if (noWindow) {
        app = std::make_unique<QCoreApplication>(qtArgc, qtArgv.data());
    } else {
        app = std::make_unique<QApplication>(qtArgc, qtArgv.data());
    }
    QCoreApplication::setApplicationName(QStringLiteral("vigil"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(vigil::version));
    // Only a window speaks the user's language: the service's replies, logs and command-line
    // help stay English, as OVS's do, so scripts and bug reports read the same everywhere.
    if (!noWindow) {
        vigil::ui::installTranslators();
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Supervises OVS-style daemons, browses and invokes their control "
                       "commands, and shows their JSON-RPC sessions.\n\nWith --headless, also:\n") +
        QString::fromStdString(vigil::daemon_usage("vigil")));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringList{QStringLiteral("w"), QStringLiteral("workspace")},
        QStringLiteral("Workspace file (default: %1).")
            .arg(QStringLiteral("<config>/workspace.json")),
        QStringLiteral("FILE"));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"),
        QStringLiteral("Run the supervisor service: no window; drive it through its control "
                       "socket, or open windows on it."));
    const QCommandLineOption embeddedOption(
        QStringLiteral("embedded"),
        QStringLiteral("Open the window with its own supervisor in this process instead of "
                       "attaching to the service (its daemons stop with the window)."));
    const QCommandLineOption rundirOption(
        QStringLiteral("rundir"),
        QStringLiteral("Run directory for the console's pidfile and control socket, and for "
                       "the daemons it starts (sets OVS_RUNDIR)."),
        QStringLiteral("DIR"));
    const QCommandLineOption stateDirOption(
        QStringLiteral("state-dir"),
        QStringLiteral("Where the supervisor keeps its journal and the daemons' log files "
                       "(default: $XDG_STATE_HOME/vigil/<escaped run directory>)."),
        QStringLiteral("DIR"));
    const QCommandLineOption keepDaemonsOption(
        QStringLiteral("keep-daemons"),
        QStringLiteral("When the supervisor exits, leave its daemons running for the next "
                       "supervisor to re-adopt (systemd's KillMode=process)."));
    parser.addOption(workspaceOption);
    parser.addOption(headlessOption);
    parser.addOption(embeddedOption);
    parser.addOption(rundirOption);
    parser.addOption(stateDirOption);
    parser.addOption(keepDaemonsOption);
    parser.process(*app);
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("unexpected argument \"%1\" (use --help for help)")
                       .arg(parser.positionalArguments().first()));
        return 1;
    }
    const bool headless = parser.isSet(headlessOption);
    vigil::fatal_ignore_sigpipe();
    const QString runDirectory = vigil::ui::Console::runDirectory();
    const QString stateDirectory = parser.isSet(stateDirOption)
                                       ? parser.value(stateDirOption)
                                       : vigil::ui::defaultStateDirectory(runDirectory);

    if (!headless && !parser.isSet(embeddedOption)) {
        return runClientWindow(*app, runDirectory, parser.value(workspaceOption),
                               parser.isSet(stateDirOption) ? stateDirectory : QString());
    }

    vigil::ui::Console console;
    QString error;
    auto* local = static_cast<vigil::ui::LocalSupervisor*>(console.supervisor());
    if (headless) {
        // Only the service keeps a journal and log files: an embedded window's daemons stop
        // with it, so there is nothing to re-adopt.
        if (!local->setStateDirectory(stateDirectory, &error)) {
            printError(error);
            return 1;
        }
        if (!error.isEmpty()) {
            printError(error); // a journal that could not be read was set aside
        }
        local->setKeepDaemonsOnExit(parser.isSet(keepDaemonsOption));
    }
    const bool keepDaemons = headless && parser.isSet(keepDaemonsOption);
    // SIGTERM/SIGINT arrive through the runtime loop, which unlinks the pidfile and the socket;
    // the daemons the console started go with it, unless the service keeps them.
    vigil::fatal_signal_add_hook(
        [&console, keepDaemons] {
            if (!keepDaemons) {
                console.stopStartedDaemonsNow();
            } else {
                console.flushJournal();
            }
            console.removeRuntimeFilesNow();
        },
        false);
    QObject::connect(&console, &vigil::ui::Console::errorOccurred,
                     [](const QString& message) { printError(message); });

    error.clear();
    if (!console.load(parser.value(workspaceOption), &error)) {
        printError(error);
        if (headless) {
            return 1;
        }
    }
    // With --pidfile the runtime already created and locked the pidfile.
    if (!console.startControlSocket(&error, !service.daemon.pidfile)) {
        printError(error);
        if (headless) {
            return 1;
        }
    }
    if (headless) {
        vigil::daemonize_complete();
    }
    QObject::connect(console.controlServer(), &vigil::ui::ControlServer::exitRequested, app.get(),
                     [] { QCoreApplication::exit(0); });

    int status;
    if (headless) {
        status = app->exec();
    } else {
        auto window = makeWindow<vigil::ui::MainWindow>(&console);
        window->show();
        status = app->exec();
    }
    if (!keepDaemons) {
        shutDown(console);
    }
    return status;
}
