// The Vigil console: `vigil [--workspace FILE]` opens the window; `vigil --headless` runs the
// same services without one (supervision, discovery, sessions and the control socket), for
// servers and tests.
#include "services/console.h"
#include "services/control_server.h"
#include "views/main_window.h"

#include "vigil/fatal_signal.h"
#include "vigil/version.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <type_traits>

namespace {

constexpr int shutdownTimeoutMs = 10000;

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

} // namespace

int main(int argc, char* argv[]) {
    const bool noWindow = windowless(argc, argv);
    if (!noWindow && !displayAvailable()) {
        std::fprintf(stderr, "vigil: no display to open a window on (set DISPLAY, or run "
                             "\"vigil --headless\")\n");
        return 1;
    }
    std::unique_ptr<QCoreApplication> app;
    if (noWindow) {
        app = std::make_unique<QCoreApplication>(argc, argv);
    } else {
        app = std::make_unique<QApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("vigil"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(vigil::version));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Supervises OVS-style daemons, browses and invokes their control "
                       "commands, and shows their JSON-RPC sessions."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringList{QStringLiteral("w"), QStringLiteral("workspace")},
        QStringLiteral("Workspace file (default: %1).")
            .arg(QStringLiteral("<config>/workspace.json")),
        QStringLiteral("FILE"));
    const QCommandLineOption headlessOption(
        QStringLiteral("headless"),
        QStringLiteral("Run without a window; drive the console through its control socket."));
    const QCommandLineOption rundirOption(
        QStringLiteral("rundir"),
        QStringLiteral("Run directory for the console's pidfile and control socket, and for "
                       "the daemons it starts (sets OVS_RUNDIR)."),
        QStringLiteral("DIR"));
    parser.addOption(workspaceOption);
    parser.addOption(headlessOption);
    parser.addOption(rundirOption);
    parser.process(*app);
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("unexpected argument \"%1\" (use --help for help)")
                       .arg(parser.positionalArguments().first()));
        return 1;
    }
    if (parser.isSet(rundirOption)) {
        qputenv("OVS_RUNDIR", parser.value(rundirOption).toLocal8Bit());
    }
    const bool headless = parser.isSet(headlessOption);
    vigil::fatal_ignore_sigpipe();

    vigil::ui::Console console;
    // SIGTERM/SIGINT arrive through the runtime loop, which unlinks the pidfile and the socket;
    // the daemons the console started go with it.
    vigil::fatal_signal_add_hook([&console] { console.stopStartedDaemonsNow(); }, false);
    QObject::connect(&console, &vigil::ui::Console::errorOccurred,
                     [](const QString& message) { printError(message); });

    QString error;
    if (!console.load(parser.value(workspaceOption), &error)) {
        printError(error);
        if (headless) {
            return 1;
        }
    }
    if (!console.startControlSocket(&error)) {
        printError(error);
        if (headless) {
            return 1;
        }
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
    shutDown(console);
    return status;
}
